"""Makes `import tensorflow` (and `tensorflow.compat.v1`) resolve to sessionflow."""

from __future__ import annotations

import sys

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
