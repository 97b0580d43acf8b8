"""Makes `import tensorflow` (and `tensorflow.compat.v1`) resolve to sessionflow."""

from __future__ import annotations

import importlib
import sys
import types

import sessionflow
from sessionflow._namespaces import NAMESPACES

_ALIASES = ("tensorflow", "tensorflow.compat.v1", "tensorflow.compat.v2")


def install():
    """Aliases tensorflow, its compat modules and sub-namespaces (`tensorflow.nn`, ...) in sys.modules."""
    sys.modules["tensorflow"] = sessionflow
    sys.modules["tensorflow.compat"] = sessionflow.compat
    for name in _ALIASES[1:]:
        sys.modules[name] = sessionflow
    for name, module in NAMESPACES.items():
        sys.modules[f"tensorflow.{name}"] = module
    _alias_module("tensorflow.python.client.timeline", "sessionflow.timeline")  # TF1 scripts import it there


def _alias_module(name: str, target: str) -> None:
    """Makes `import <name>` give the module `target`, creating empty parent packages as needed."""
    module = importlib.import_module(target)
    sys.modules[name] = module
    parent, _, leaf = name.rpartition(".")
    while parent and parent not in sys.modules:
        package = types.ModuleType(parent)
        package.__path__ = []
        sys.modules[parent] = package
        parent, _, _ = parent.rpartition(".")
    setattr(sys.modules[name.rpartition(".")[0]], leaf, module)
