"""Writes sessionflow/_tf1_names.txt: every public name of TensorFlow's TF1 API, one dotted name a line.

Run with the Python of a venv that has TensorFlow installed (sessionflow never imports it):

    /root/tfenv/bin/python tools/list_tf_names.py            # rewrites sessionflow/_tf1_names.txt
    /root/tfenv/bin/python tools/list_tf_names.py --check    # exit status 1 if the file is out of date

The names are those of `tf.compat.v1` (TensorFlow 1.x's API as TF 2.x keeps it): the top level and,
recursively, every API sub-module (`nn`, `nn.rnn_cell`, `train.queue_runner`, ...). A sub-module is
listed as its own line too (`nn`), then its members (`nn.relu`). Three sub-trees are listed by their
name only (see SHALLOW). Names TF 1.15 had that TF 2.x dropped are added by hand (TF1_ONLY).

sessionflow reads the file only when an attribute is missing, to tell a TF1 API it does not provide
yet from a typo (sessionflow/_namespaces.py); an API inventory can use it too. Lines starting with
`#` are comments.
"""

from __future__ import annotations

import os
import sys
import types

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sessionflow", "_tf1_names.txt"))

# Sub-trees listed by their own name only: `compat` holds the whole API again (v1, v2), `keras` is
# Keras's own API (its TF 2.x contents are not TF 1.15's tf.keras), `raw_ops` is every kernel of TF 2.x.
SHALLOW = ("compat", "keras", "raw_ops")

# Sub-modules that are not generated API modules but are TF1 API surfaces: their members are listed,
# without descending further (tf.flags is absl's flags module; tf.nn.rnn_cell and tf.layers come from
# tf_keras).
MEMBERS_ONLY = ("flags", "app.flags", "nn.rnn_cell", "layers")

# TF 1.15 names that TF 2.x's tf.compat.v1 no longer has, listed by hand.
TF1_ONLY = (
    "contrib",    # tf.contrib: removed in TF 2.0 (tf_slim, tf_estimator and others took parts of it)
    "estimator",  # tf.estimator: moved to the tensorflow_estimator package, removed from TF in 2.16
)


def _is_api_module(module) -> bool:
    return getattr(module, "__name__", "").startswith("tensorflow._api.")


def walk(module, prefix: str, names: set) -> None:
    """Adds the public names of `module` (under the dotted `prefix`) to `names`, descending into API modules."""
    for name in dir(module):
        if name.startswith("_"):
            continue
        try:
            value = getattr(module, name)
        except Exception:  # noqa: BLE001 - a lazily loaded member that fails to load is still a name
            value = None
        dotted = prefix + name
        names.add(dotted)
        if not isinstance(value, types.ModuleType) or dotted in SHALLOW:
            continue
        if dotted in MEMBERS_ONLY:
            names.update(f"{dotted}.{n}" for n in dir(value)
                         if not n.startswith("_") and not isinstance(getattr(value, n, None), types.ModuleType))
        elif _is_api_module(value):
            walk(value, dotted + ".", names)


def render() -> str:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    import tensorflow as tf

    names: set = set()
    walk(tf.compat.v1, "", names)
    lines = [
        f"# TensorFlow 1.x API names: tf.compat.v1 of TensorFlow {tf.__version__}, written by tools/list_tf_names.py.",
        "# One dotted name a line (`nn.relu` is tf.nn.relu); sub-modules have their own line (`nn`).",
        f"# {', '.join(SHALLOW)}: listed by name only, not their members.",
        *sorted(names),
        "# TF 1.15 names that TF 2.x's tf.compat.v1 no longer has (listed by hand in tools/list_tf_names.py):",
        *sorted(n for n in TF1_ONLY if n not in names),
    ]
    return "\n".join(lines) + "\n"


def write_or_check(path: str, text: str, argv: list[str], what: str) -> int:
    """Writes `text` to `path`, or with --check in `argv` says whether the file already holds it
    (exit status 1 if not). `what` describes the written content in the closing line."""
    if "--check" in argv:
        with open(path, encoding="utf-8") as f:
            same = f.read() == text
        print(f"{path}: {'up to date' if same else 'out of date'}")
        return 0 if same else 1
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {path}: {what}")
    return 0


def main(argv: list[str]) -> int:
    text = render()
    count = sum(1 for line in text.splitlines() if not line.startswith("#"))
    return write_or_check(OUT, text, argv, f"{count} names")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
