"""Writes sessionflow/compat/_tf_python_names.txt: the public names of each `tensorflow.python.*` module that
sessionflow serves (the modules of sessionflow/compat/python_paths.py), one module a line.

Run with the Python of a venv that has TensorFlow installed (sessionflow never imports it):

    /root/tfenv/bin/python tools/list_tf_python_names.py            # rewrites the file
    /root/tfenv/bin/python tools/list_tf_python_names.py --check    # exit status 1 if it is out of date

A line is `ops.array_ops: concat expand_dims ...`. A name counts when it does not start with `_`, is not a
module, is not an internal of TF's generated op wrappers (`TV_*`, `*_eager_fallback`), and is TensorFlow's
own (a function or class defined in a `tensorflow`/`keras` module, or a constant): names a module merely
imports from `typing`, `collections`, NumPy or the standard library are left out.
sessionflow reads the file on the first name looked up (sessionflow/compat/python_modules.py): a name of
a source module is served only where TF's module has it, and one no source has is "not provided yet".
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import types

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
OUT = os.path.join(ROOT, "sessionflow", "compat", "_tf_python_names.txt")
PATHS = os.path.join(ROOT, "sessionflow", "compat", "python_paths.py")
_CONSTANTS = (bool, int, float, str, bytes, tuple, frozenset)


def _module_paths() -> list[str]:
    """The module paths of python_paths.py (read as a file: it imports nothing of sessionflow)."""
    spec = importlib.util.spec_from_file_location("python_paths", PATHS)
    paths = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(paths)
    return sorted(path for path in paths.MODULES if path not in paths.PACKAGES)


def _tensorflow_own(value) -> bool:
    if isinstance(value, types.ModuleType):
        return False
    if isinstance(value, _CONSTANTS):
        return True
    origin = getattr(value, "__module__", None) or getattr(type(value), "__module__", "")
    return isinstance(origin, str) and origin.split(".")[0] in ("tensorflow", "keras", "tf_keras", "absl")


def names_of(path: str) -> list[str] | None:
    """TF's public names in `tensorflow.python.<path>`; None where TF has no such module."""
    try:
        module = importlib.import_module(f"tensorflow.python.{path}")
    except ImportError:
        return None
    found = []
    for name in dir(module):
        if name.startswith(("_", "TV_")) or name.endswith("_eager_fallback"):  # generated-op internals
            continue
        try:
            value = getattr(module, name)
        except Exception:  # noqa: BLE001 - a member that fails to load is still a name
            value = None
        if _tensorflow_own(value):
            found.append(name)
    return sorted(found)


def render() -> str:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    import tensorflow as tf

    lines = [f"# Public names of tensorflow.python.* modules in TensorFlow {tf.__version__}, written by "
             "tools/list_tf_python_names.py.",
             "# `module: names`; a module TF no longer has (TF 1.x only) is listed without names."]
    for path in _module_paths():
        names = names_of(path)
        lines.append(f"{path}: {' '.join(names)}" if names is not None else f"{path}:")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    from list_tf_names import write_or_check  # tools/, beside this script

    text = render()
    return write_or_check(OUT, text, argv, f"{len(text.splitlines()) - 2} modules")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
