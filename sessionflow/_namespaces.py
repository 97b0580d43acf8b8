"""Sub-namespaces of the TF1 API (`tf.math`, `tf.nn`, `tf.random`, ...) as module objects."""

from __future__ import annotations

import sys
import types


NAMESPACES: dict[str, types.ModuleType] = {}


def make_namespace(name: str, members: dict) -> types.ModuleType:
    """The module `sessionflow.<name>` (created on first use) with `members` added; importable as
    `tensorflow.<name>` too. Dotted names nest (`nn.rnn_cell`)."""
    module = NAMESPACES.get(name)
    if module is None:
        module = sys.modules.get(f"sessionflow.{name}")  # a real package, such as sessionflow.train
        if module is None:
            module = types.ModuleType(f"sessionflow.{name}")
            sys.modules[module.__name__] = module
        NAMESPACES[name] = module
        parent, _, leaf = name.rpartition(".")
        if parent:
            setattr(make_namespace(parent, {}), leaf, module)
    module.__dict__.update(members)
    return module


def install_exports(root: dict, exports: dict) -> None:
    """Puts every `tf_export`ed name into the root namespace dict or its sub-namespace module."""
    for name, obj in exports.items():
        space, _, leaf = name.rpartition(".")
        if space:
            make_namespace(space, {leaf: obj})
            top = space.split(".")[0]
            root[top] = NAMESPACES[top]
        else:
            root[name] = obj
