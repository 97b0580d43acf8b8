"""Writes sessionflow/io/op_signatures.py from real TensorFlow's op registry: for each op type sessionflow
registers that TF knows, TF's signature (`x:T, y:T -> z:T`, as TF's `SummarizeOpDef` prints it) and the
attrs TF requires (those without a default), so that importing a GraphDef rejects the NodeDefs TF rejects.
Run with the TF venv (the two packages do not share a venv; sessionflow's op types are listed by its own
interpreter):

    /root/tfenv/bin/python tools/make_op_signatures.py [SESSIONFLOW_PYTHON]   # default: the repo's .venv
"""

from __future__ import annotations

import os
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
TABLE = os.path.join(ROOT, "sessionflow", "io", "op_signatures.py")

_CPP_NAMES = {"float32": "float", "float64": "double", "float16": "half"}


def _type_string(enum: int) -> str:
    """TF's `DataTypeString` (`float`, `int32`, ...)."""
    import tensorflow as tf

    name = tf.dtypes.as_dtype(enum).name
    return _CPP_NAMES.get(name, name)


def _args(args) -> str:
    """TF's `SummarizeArgs`: `name:type`, `name:N*T`, `name:Ref(T)`, `name:Tlist`."""
    pieces = []
    for arg in args:
        kind = f"{arg.number_attr}*" if arg.number_attr else ""
        kind += _type_string(arg.type) if arg.type else arg.type_attr
        kind += arg.type_list_attr
        pieces.append(f"{arg.name}:{f'Ref({kind})' if arg.is_ref else kind}")
    return ", ".join(pieces)


def _required(op_def) -> tuple:
    """The attrs without a default, in TF's order, as `name:type` (`,min=N` when TF bounds it)."""
    return tuple(f"{a.name}:{a.type}" + (f",min={a.minimum}" if a.has_minimum else "")
                 for a in op_def.attr if not a.HasField("default_value"))


def _wrapped(literal: str, indent: int) -> list:
    """Lines of `literal` (a repr, followed by a comma) at `indent`, split between items or inside the string
    so that each fits in 120 columns."""
    pad = " " * indent
    if len(pad) + len(literal) + 1 <= 120:
        return [f"{pad}{literal},"]
    if literal.startswith("("):  # a tuple of strings: one per line
        return [f"{pad}("] + [f"{pad}    {item!r}," for item in eval(literal)] + [f"{pad}),"]  # noqa: S307
    text, out, width = eval(literal), [], 120 - len(pad) - 3  # noqa: S307 - our own repr
    while text:
        cut = len(text) if len(text) <= width else text.rfind(" ", 0, width) + 1 or width
        out.append(f"{pad}{text[:cut]!r}")
        text = text[cut:]
    out[-1] += ","
    return out


def write_table(sessionflow_python: str):
    from tensorflow.python.framework import op_def_registry

    listing = subprocess.run([sessionflow_python, "-c", "from sessionflow.framework.registry import REGISTRY; "
                              "print(' '.join(sorted(REGISTRY)))"], cwd=ROOT, check=True, capture_output=True,
                             text=True)
    grouped: dict[tuple, list] = {}
    for name in listing.stdout.split():
        op_def = op_def_registry.get(name)
        if op_def is None:
            continue
        signature = f"{_args(op_def.input_arg)} -> {_args(op_def.output_arg)}"
        grouped.setdefault((signature, _required(op_def)), []).append(name)
    lines = ['"""TF\'s signatures of the op types sessionflow registers: each input\'s type (`x:T, y:T -> z:T`, as TF',
             "prints an op) and the attrs TF requires (those without a default, `name:type`). Importing a GraphDef",
             "checks its NodeDefs against them as TF does (io/graph_def.py). Generated from TF 2.21's op registry by",
             "`tools/make_op_signatures.py` (do not edit). An op type missing here (sessionflow's own) is checked",
             'against its sessionflow declaration only."""', "",
             "_GROUPED = {"]
    for (signature, required), names in sorted(grouped.items(), key=lambda item: (-len(item[1]), item[0])):
        key = f"    ({signature!r}, {required!r}): ("
        if len(key) <= 120:
            lines.append(key)
        else:
            lines += ["    ("] + _wrapped(repr(signature), 8) + _wrapped(repr(required), 8) + ["    ): ("]
        line = '        "'
        for name in names:
            if len(line) + len(name) + 3 > 118:
                lines.append(line.rstrip() + '"')
                line = '        " '
            line += name + " "
        lines.append(line.rstrip() + '"),')
    lines += ["}", "", "SIGNATURES: dict[str, tuple[str, tuple]] = {op: key for key, names in _GROUPED.items() "
              "for op in names.split()}", '"""Op type -> (TF\'s signature, its required attrs)."""', ""]
    with open(TABLE, "w") as f:
        f.write("\n".join(lines))
    print("wrote", TABLE, sum(len(v) for v in grouped.values()), "op types")


if __name__ == "__main__":
    write_table(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".venv", "bin", "python"))
