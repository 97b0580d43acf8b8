"""The checks TF makes on each NodeDef it imports, with TF's error types and messages (io/graph_def.py calls
them for every top-level node, in the order it creates them, before creating it):

- an op type no one registered is `tf.errors.NotFoundError` ("Op type not registered 'Foo' in binary running
  on HOST. ..."), listing every unknown type and its nodes after TF's words;
- an attr TF requires (one without a default, io/op_signatures.py) that the NodeDef lacks: "NodeDef missing
  attr 'T' from Op<name=AddV2; signature=x:T, y:T -> z:T; attr=T:type>; NodeDef: {{node add}}" (TF lists every
  attr of the op and its allowed types after that; sessionflow lists the required ones);
- inputs against TF's signature: their number ("NodeDef expected inputs 'float' do not match 2 inputs
  specified; ...") and each one's dtype ("Input 0 of node add was passed int32 from a:0 incompatible with
  expected float."), the expected dtype being fixed or the NodeDef's own type attr; a reference input
  (`Ref(T)`) needs a reference;
- shape attrs with a dimension below -1 ("Shape [-2] has dimensions with values below -1 (where -1 means
  unknown) for '{{node p}} = Placeholder[...]()' with input shapes: .") and `_output_shapes` likewise.

Every check but the first raises ValueError, as TF's `import_graph_def` does. An attr the NodeDef leaves out
that TF defaults (a stripped default) is not checked against the inputs: sessionflow derives it from them.
"""

from __future__ import annotations

import socket

from ..framework import dtypes as _dtypes
from ..framework import errors as _errors
from ..framework.node_def import node_for_error, summarize
from .op_signatures import SIGNATURES

__all__ = ["check_node", "unregistered_op_error"]

_TYPE_NAMES = {"float": _dtypes.float32, "double": _dtypes.float64, "half": _dtypes.float16}
_CPP_NAMES = {v: k for k, v in _TYPE_NAMES.items()}


def unregistered_op_error(unknown: dict) -> _errors.NotFoundError:
    """TF's error for the first unknown op type of `unknown` (op type -> node names, in GraphDef order),
    followed by all of them."""
    first = next(iter(unknown))
    listing = "; ".join(f"'{t}' (nodes: {', '.join(names[:5])}{', ...' if len(names) > 5 else ''})"
                        for t, names in sorted(unknown.items()))
    return _errors.NotFoundError(
        None, None, f"Op type not registered '{first}' in binary running on {socket.gethostname()}. Make sure the "
                    "Op and Kernel are registered in the binary running in this process. Op types sessionflow "
                    f"does not implement: {listing}")


def check_node(node, name: str, opdef, data: list) -> None:
    """Raises TF's ValueError when the NodeDef `node`, to be created as `name` with data inputs `data`
    (Tensors, or None where nothing is known), breaks TF's rules for its op type (sessionflow's `opdef`)."""
    signature = SIGNATURES.get(node.op)
    if signature is not None:
        _check_attrs(node, name, signature)
        _check_inputs(node, name, signature, data)
    _check_shapes(node, name, opdef, data)


def _op_summary(op_type: str, signature) -> str:
    sig, required = signature
    return f"Op<name={op_type}; signature={sig}" + "".join(f"; attr={a}" for a in required) + ">"


def _check_attrs(node, name: str, signature) -> None:
    missing = sorted(a.split(":")[0] for a in signature[1] if a.split(":")[0] not in node.attr)
    if missing:
        listed = ", ".join(f"'{a}'" for a in missing)
        raise ValueError(f"NodeDef missing attr{'s' if len(missing) > 1 else ''} {listed} from "
                         f"{_op_summary(node.op, signature)}; NodeDef: {node_for_error(name)}")


def _type_name(dtype, ref: bool) -> str:
    base = dtype.base_dtype
    return _CPP_NAMES.get(base, base.name) + ("_ref" if ref else "")


def _expected_inputs(node, signature):
    """[(DType or None, is_ref)] for each data input TF's signature expects of `node` (None where the type attr
    is missing), or None when their number depends on an attr the NodeDef lacks."""
    arguments = signature[0].split(" -> ")[0]
    expected = []
    for argument in arguments.split(", ") if arguments else ():
        kind = argument.split(":", 1)[1]
        ref = kind.startswith("Ref(")
        if ref:
            kind = kind[4:-1]
        count = 1
        if "*" in kind:
            number, kind = kind.split("*", 1)
            if number not in node.attr or node.attr[number].WhichOneof("value") != "i":
                return None
            count = max(node.attr[number].i, 0)
        fixed = _as_dtype(kind)  # a fixed type (`int32`), else the name of the attr holding it
        attr = node.attr[kind] if fixed is None and kind in node.attr else None
        if attr is not None and attr.WhichOneof("value") == "list":  # list(type): one dtype per input
            expected += [(_as_dtype(t), ref) for t in attr.list.type]
        elif attr is not None and attr.WhichOneof("value") == "type":
            expected += [(_as_dtype(attr.type), ref)] * count
        else:
            expected += [(fixed, ref)] * count
    return expected


def _as_dtype(value):
    """The DType TF's name (`float`, `int32`) or enum stands for; None for anything else (an attr name)."""
    if value in _TYPE_NAMES:
        return _TYPE_NAMES[value]
    try:
        dtype = _dtypes.as_dtype(value)
    except (TypeError, ValueError, KeyError):
        return None
    return dtype if isinstance(value, int) or dtype.name == value else None  # not NumPy's codes ('U' is str)


def _check_inputs(node, name: str, signature, data: list) -> None:
    expected = _expected_inputs(node, signature)
    if expected is None:
        return
    if len(expected) != len(data):
        if all(dtype is not None for dtype, _ in expected):
            types = ", ".join(_type_name(dtype, ref) for dtype, ref in expected)
            raise ValueError(f"NodeDef expected inputs '{types}' do not match {len(data)} inputs specified; "
                             f"{_op_summary(node.op, signature)}; NodeDef: {node_for_error(name)}")
        return
    for index, ((dtype, ref), tensor) in enumerate(zip(expected, data)):
        given = getattr(tensor, "dtype", None)
        if dtype is None or not isinstance(given, _dtypes.DType):
            continue
        if given.base_dtype != dtype.base_dtype or (ref and not given._is_ref_dtype):
            raise ValueError(f"Input {index} of node {name} was passed {_type_name(given, given._is_ref_dtype)} "
                             f"from {tensor.name} incompatible with expected {_type_name(dtype, ref)}.")


def _dims(shape) -> str:
    return "[" + ",".join("?" if d.size == -1 else str(d.size) for d in shape.dim) + "]"


def _shape_error(shape):
    """TF's complaint about a TensorShapeProto, or None when it is valid."""
    if shape.unknown_rank and len(shape.dim):
        return "An unknown shape must not have any dimensions set."
    if any(d.size < -1 for d in shape.dim):
        return f"Shape {_dims(shape)} has dimensions with values below -1 (where -1 means unknown)"
    return None


def _check_shapes(node, name: str, opdef, data: list) -> None:
    for key in sorted(node.attr):
        value = node.attr[key]
        kind = value.WhichOneof("value")
        shapes = [value.shape] if kind == "shape" else list(value.list.shape) if kind == "list" else []
        for position, shape in enumerate(shapes):
            problem = _shape_error(shape)
            if problem is None:
                continue
            if key == "_output_shapes":
                raise ValueError(f"Node '{name} has an invalid _output_shapes attribute (shape #{position} "
                                 f"error:'{problem}'")
            if key.startswith("_"):
                continue
            raise ValueError(f"{problem} for '{_node_summary(node, name, opdef)}' with input shapes: "
                             f"{', '.join(_input_shape(t) for t in data)}.")


def _input_shape(tensor) -> str:
    shape = getattr(tensor, "shape", None)
    if shape is None or shape.ndims is None:
        return "?"
    return "[" + ",".join("?" if d is None else str(d) for d in shape.as_tuple()) + "]"


def _node_summary(node, name: str, opdef) -> str:
    """TF's summary of the node as it would be created: named `name`, sessionflow's defaults for the attrs
    it leaves out (TF adds its own defaults before it checks shapes), no control inputs."""
    from .graph_def import attr_to_proto

    shown = type(node)()
    shown.CopyFrom(node)
    shown.name = name
    del shown.input[:]
    shown.input.extend(i for i in node.input if not i.startswith("^"))
    derived = opdef.tf_type_attrs()
    for key, default in opdef.attrs.items():
        if key in shown.attr or key.startswith("_") or default is None or (key in derived and derived[key] is None):
            continue
        encoded = attr_to_proto(default)
        if encoded is not None:
            shown.attr[key].CopyFrom(encoded)
    for key in [k for k in shown.attr if k.startswith("_")]:
        del shown.attr[key]
    return summarize(shown)
