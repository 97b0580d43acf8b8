"""Sub-namespaces of the TF1 API (`tf.math`, `tf.nn`, `tf.random`, ...) as module objects."""

from __future__ import annotations

import sys
import types


NAMESPACES: dict[str, types.ModuleType] = {}


def make_namespace(name: str, members: dict) -> types.ModuleType:
    """A module `sessionflow.<name>` holding `members`, importable as `tensorflow.<name>` too."""
    module = types.ModuleType(f"sessionflow.{name}")
    module.__dict__.update(members)
    sys.modules[module.__name__] = module
    NAMESPACES[name] = module
    return module
