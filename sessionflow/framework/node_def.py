"""NodeDef and GraphDef: the graph as TensorFlow's protocol buffers (`sessionflow.io.protos`).

`NodeDef.of(op)` is the op's `tensorflow.NodeDef` proto and `GraphDef(nodes)` a `tensorflow.GraphDef` proto
holding them (with `versions.producer` set), both encoded as TF does; see `sessionflow.io.graph_def`. The
io package is imported lazily: the framework layer does not depend on it at import time.

`summarize(node_def)` is TF's one-line summary of a NodeDef, the form its graph-construction errors name a
node in: `{{node my_sum}} = AddV2[T=DT_FLOAT](Const, Const_1)`.
"""

from __future__ import annotations

import math

import numpy as np

from .fingerprint import fingerprint64

__all__ = ["GraphDef", "NodeDef", "node_for_error", "summarize", "summarize_attr_value", "summarize_new_node"]


class NodeDef:
    """Namespace for `NodeDef.of(op)`; the returned objects are `sessionflow.io.protos.NodeDef` messages."""

    @staticmethod
    def of(op):
        from ..io.graph_def import node_def_of

        return node_def_of(op)


def GraphDef(node=()):
    """A `tensorflow.GraphDef` proto holding the NodeDef protos `node`, written by this producer."""
    from ..io.graph_def import PRODUCER
    from ..io.protos import GraphDef as _GraphDef

    out = _GraphDef()
    out.versions.producer = PRODUCER
    out.node.extend(node)
    return out


# --- TF's summaries of NodeDefs and attr values (tensorflow/core/framework: node_def_util, attr_value_util) ---

_MAX_STRING_SUMMARY = 80  # escaped strings this long or longer keep their first and last 10 characters
_MAX_LIST_SUMMARY = 30  # lists this long or longer keep 5 items, "...", the last 5 and a fingerprint
_TENSOR_VALUES = 3  # values a tensor summary shows


def node_for_error(name: str) -> str:
    """How TF names a node inside an error message (`errors::FormatNodeNameForError`)."""
    return f"{{{{node {name}}}}}"


def summarize(node_def) -> str:
    """TF's `SummarizeNodeDef`: `{{node NAME}} = OP[attr=value, ...](input, ..., ^control)`, attrs sorted by
    name, inputs as the NodeDef lists them."""
    attrs = ", ".join(f"{key}={summarize_attr_value(node_def.attr[key])}" for key in sorted(node_def.attr))
    if node_def.device:
        attrs += (", " if attrs else "") + f'_device="{node_def.device}"'
    return f"{node_for_error(node_def.name)} = {node_def.op}[{attrs}]({', '.join(node_def.input)})"


def summarize_new_node(name: str, opdef, inputs, control_inputs, attrs: dict) -> str:
    """`summarize` of the NodeDef an op of type `opdef` named `name` would have (it need not exist yet)."""
    from ..io.graph_def import node_def_for

    return summarize(node_def_for(name, opdef, inputs, control_inputs, attrs))


def summarize_attr_value(attr) -> str:
    """TF's `SummarizeAttrValue` of an AttrValue proto: `DT_FLOAT`, `true`, `"NHWC"`, `[1, 2]`, `[2,?]`."""
    kind = attr.WhichOneof("value")
    if kind == "list":
        return _summarize_list(attr.list)
    if kind is None:
        return "<Unknown AttrValue type>"
    if kind == "placeholder":
        return f"${attr.placeholder}"
    if kind == "func":
        return _summarize_func(attr.func)
    return _SUMMARIZE[kind](getattr(attr, kind))


def _summarize_list(lst) -> str:
    pieces = []
    for kind in ("s", "i", "f", "b", "type", "shape", "tensor", "func"):
        values = getattr(lst, kind)
        if len(values):
            summary = _summarize_func if kind == "func" else _SUMMARIZE[kind]
            pieces = [summary(v) for v in values]
            break
    if len(pieces) < _MAX_LIST_SUMMARY:
        return f"[{', '.join(pieces)}]"
    fingerprint = fingerprint64(",".join(pieces).encode("utf-8"))
    pieces = pieces[:5] + ["..."] + pieces[-5:]
    return f"[{', '.join(pieces)}]{{attr_hash={fingerprint}}}"


def _summarize_func(func) -> str:
    attrs = ", ".join(f"{key}={summarize_attr_value(func.attr[key])}" for key in sorted(func.attr))
    return f"{func.name}[{attrs}]"


def _c_escape(raw: bytes) -> str:
    """absl's `CEscape`: C escapes for quotes, backslash, \\n \\r \\t; octal for other unprintable bytes."""
    out = []
    for byte in raw:
        char = chr(byte)
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif 0x20 <= byte < 0x7F:
            out.append(char)
        else:
            out.append(f"\\{byte:03o}")
    return "".join(out)


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "'": "\\'", "\\": "\\\\"}


def _summarize_string(raw: bytes) -> str:
    escaped = _c_escape(raw)
    if len(escaped) >= _MAX_STRING_SUMMARY:
        escaped = f"{escaped[:10]}...{escaped[-10:]}"
    return f'"{escaped}"'


def _summarize_float(value: float) -> str:
    """A float attr as TF's `StrCat` prints it: six significant digits, or nine when six do not read back
    as the same float32."""
    if math.isnan(value):
        return "nan"
    text = f"{value:.6g}"
    if np.float32(float(text)) != np.float32(value):
        text = f"{value:.9g}"
    return text


def _dtype_name(enum: int) -> str:
    from ..io import protos

    try:
        return protos.DataType.Name(enum)
    except ValueError:
        return f"unknown dtype enum ({enum})"


def _summarize_shape(shape) -> str:
    """`TensorShape::DebugString` of a TensorShapeProto: `[2,?]`, `<unknown>`."""
    if shape.unknown_rank:
        return "<unknown>"
    return "[" + ",".join("?" if d.size == -1 else str(d.size) for d in shape.dim) + "]"


def _summarize_tensor(tensor) -> str:
    """`Tensor::DebugString`: `Tensor<type: float shape: [2] values: 1 2>` (at most three values)."""
    from ..io import protos
    from . import dtypes, errors

    try:
        array = protos.proto_to_ndarray(tensor)
        dtype = dtypes.as_dtype(tensor.dtype)
    except (errors.DataLossError, TypeError, ValueError, KeyError):  # a malformed TensorProto: TF prints it raw
        return f"<Invalid TensorProto: {tensor}>"
    type_name = {"float32": "float", "float64": "double", "float16": "half"}.get(dtype.name, dtype.name)
    flat = array.reshape(-1)
    items = [_tensor_item(v) for v in flat[:_TENSOR_VALUES]]
    if array.ndim <= 1:
        values = " ".join(items)
    else:
        values = _nested(array.shape, iter(items), len(items))
    if flat.size > _TENSOR_VALUES:
        values += "..."
    return f"Tensor<type: {type_name} shape: {_runtime_shape(array.shape)} values: {values}>"


def _nested(shape, items, count) -> str:
    """Values of a tensor of rank >= 2 in nested brackets, stopping after `count` items (TF's PrintOneDim)."""
    state = {"left": count}

    def dim(level):
        text = ""
        if level == len(shape) - 1:
            for i in range(shape[level]):
                if state["left"] == 0:
                    return text + ("..." if level else "")
                text += (" " if i else "") + next(items)
                state["left"] -= 1
            return text
        for _ in range(shape[level]):
            if state["left"] == 0:
                break
            text += "[" + dim(level + 1) + "]"
        return text

    return dim(0)


def _tensor_item(value) -> str:
    if isinstance(value, bytes):
        return _c_escape(value)
    if isinstance(value, (np.bool_, bool)):
        return "1" if value else "0"
    if isinstance(value, (np.floating, float)):
        return _summarize_float(float(value))
    return str(value)


def _runtime_shape(dims) -> str:
    return "[" + ",".join(str(d) for d in dims) + "]"


_SUMMARIZE = {
    "s": _summarize_string,
    "i": str,
    "f": _summarize_float,
    "b": lambda b: "true" if b else "false",
    "type": _dtype_name,
    "shape": _summarize_shape,
    "tensor": _summarize_tensor,
}
