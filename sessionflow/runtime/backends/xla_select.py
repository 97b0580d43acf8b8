"""Which backend a session's plans run on: `SESSIONFLOW_BACKEND=numpy|xla|auto`, `set_backend(...)`
(`sessionflow.config.set_backend`), or the session's ConfigProto
(`graph_options.optimizer_options.global_jit_level = OptimizerOptions.ON_1`, TF's own XLA switch).

"auto" is the default when JAX is importable, "numpy" when it is not. "auto" tiers: a plan runs on NumPy
first, is compiled in the background once it has run a few times (SESSIONFLOW_XLA_TIER_AFTER, 3) and
spent a second there in all (SESSIONFLOW_XLA_TIER_SECONDS, 1.0), and switches when the compiled form
measures faster; a plan that is faster on NumPy (a trivial update) stays there, and JAX is imported only
by the first compile. "xla" compiles each plan with JAX on its first run (runtime/backends/xla.py).
Either compiles once per shape of the feeds, keeping a bounded number of shapes (xla_cache.py). Without
JAX every choice runs on NumPy. ON_1/ON_2 in a session's ConfigProto choose XLA for that session, OFF
chooses NumPy; DEFAULT leaves the process-wide choice.
"""

from __future__ import annotations

import os

BACKENDS = ("numpy", "xla", "auto")
_chosen: str | None = None


def set_backend(name: str | None) -> None:
    """Chooses the backend of sessions made from now on: 'numpy', 'xla' or 'auto' (None: back to
    SESSIONFLOW_BACKEND's choice)."""
    global _chosen
    if name is not None and name not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(map(repr, BACKENDS))}, not {name!r}")
    if name == "xla":
        from .xla import AVAILABLE
        if not AVAILABLE:
            raise ImportError("the xla backend needs JAX: pip install 'sessionflow[xla]'")
    _chosen = name


def default_backend() -> str:
    """What runs plans when nothing chooses: 'auto' where JAX is importable, else 'numpy'."""
    from .xla import AVAILABLE
    return "auto" if AVAILABLE else "numpy"


def get_backend() -> str:
    """The process-wide backend choice: set_backend's, else SESSIONFLOW_BACKEND's, else
    `default_backend()`."""
    if _chosen is not None:
        return _chosen
    name = os.environ.get("SESSIONFLOW_BACKEND", "").strip().lower() or default_backend()
    if name not in BACKENDS:
        raise ValueError(f"SESSIONFLOW_BACKEND must be one of {', '.join(BACKENDS)}, not {name!r}")
    return name


def session_backend(config) -> str:
    """What a session made with `config` (a ConfigProto or None) runs its plans on: 'numpy', 'xla', or
    'auto' (tiered: each plan starts on NumPy, is compiled in the background after a few runs, and
    switches when its compiled form is faster)."""
    name = get_backend()
    level = 0
    if config is not None:
        options = getattr(getattr(config, "graph_options", None), "optimizer_options", None)
        level = getattr(options, "global_jit_level", 0) or 0
    if level > 0:
        name = "xla"
    elif level < 0:
        name = "numpy"
    if name == "numpy":
        return "numpy"
    from .xla import AVAILABLE
    return name if AVAILABLE else "numpy"
