"""Sub-namespaces of the TF1 API (`tf.math`, `tf.nn`, `tf.random`, ...) as module objects, and the
AttributeError of a name they lack: a TF1 API sessionflow does not provide yet says so."""

from __future__ import annotations

import os
import sys
import types

NOT_YET = "is a TensorFlow 1.x API that sessionflow does not provide yet (see README: Not supported yet)"
_tf1_names: frozenset | None = None

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
        if "__getattr__" not in module.__dict__:
            module.__getattr__ = _missing_getattr(module, name)
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


def tf1_names() -> frozenset:
    """TF1's public API names, dotted (`nn.dynamic_rnn`), from _tf1_names.txt (tools/list_tf_names.py).
    Read on first use: only when an attribute is missing."""
    global _tf1_names
    if _tf1_names is None:
        with open(os.path.join(os.path.dirname(__file__), "_tf1_names.txt"), encoding="utf-8") as f:
            _tf1_names = frozenset(line.strip() for line in f if line.strip() and not line.startswith("#"))
    return _tf1_names


def missing_attribute(module: types.ModuleType, path: str, name: str) -> AttributeError:
    """The AttributeError for `module.<name>`, `module` being the TF namespace at dotted `path` ('' for
    `tf` itself). A name TF1 has says it is not provided yet; any other is Python's plain error, with
    `name` and `obj` set so that Python's traceback suggests a close name ("Did you mean: 'Session'?")."""
    shown = module.__name__
    if path and sys.modules.get(f"tensorflow.{path}") is module:
        shown = f"tensorflow.{path}"  # imported as tensorflow (sessionflow/compat/alias.py)
    message = f"module {shown!r} has no attribute {name!r}"
    dotted = f"{path}.{name}" if path else name
    if not name.startswith("_") and dotted in tf1_names():
        return AttributeError(f"{message}: tf.{dotted} {NOT_YET}")
    return AttributeError(message, name=name, obj=module)


def _missing_getattr(module: types.ModuleType, path: str):
    """A module-level `__getattr__` (PEP 562) for the namespace `module`: called only for names it lacks."""

    def __getattr__(name: str):
        raise missing_attribute(module, path, name)

    return __getattr__


def partial_module_error(path: str, tf1_names) -> types.FunctionType:
    """`missing(name)`: the AttributeError for a name the module `tensorflow.<path>` lacks, where sessionflow serves
    that TF 1.x module in part (tf.contrib's). A name of `tf1_names` (one TF 1.x had there) says it is not provided
    yet; any other is Python's plain error."""
    tf1_names = frozenset(tf1_names)

    def missing(name: str) -> AttributeError:
        message = f"module 'tensorflow.{path}' has no attribute {name!r}"
        if name in tf1_names:
            return AttributeError(f"{message}: tf.{path}.{name} {NOT_YET}", name=name)
        return AttributeError(message, name=name)

    return missing


def partial_module_getattr(path: str, tf1_names) -> types.FunctionType:
    """A module-level `__getattr__` (PEP 562) raising `partial_module_error(path, tf1_names)`'s errors."""
    missing = partial_module_error(path, tf1_names)

    def __getattr__(name: str):
        raise missing(name)

    return __getattr__

