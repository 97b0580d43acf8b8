"""GraphDef interop: sessionflow graphs to TensorFlow's `GraphDef` protos and back.

Export (`node_def_of`, `graph_def_of`, `write_graph`) writes TF's op types, attr names and encodings: an
op's own attrs are encoded by their Python type, and the type attrs TF's signatures carry (`T`, `Tidx`, `N`,
...) are derived from the inputs (or are fixed) as the op's declaration says (`OpDef.tf_type_attrs`). Attrs
starting with `_` and attr values with no AttrValue form are left out. `node_def_for` builds the NodeDef of
an op about to be created (graph-construction errors summarize it). `graph_def_of` writes the ops outside
every control-flow sub-graph as nodes and the sub-graphs as FunctionDefs of the GraphDef's `library`, as
TF 2.x does (io/function_def.py).

Import (`import_graph_def`) checks the whole GraphDef before creating anything: every op type must be
registered, in the functions the nodes call too (TF's NotFoundError, which here lists each unknown type and its
nodes), names must be unique, inputs must exist and the graph must be acyclic. Nodes are created in dependency
order, so any node order is accepted; before each is created it is checked as TF checks it (io/import_checks.py:
required attrs, the number and dtypes of its inputs, shape attrs), with TF's messages. Derived type attrs,
`_`-prefixed attrs and attrs the sessionflow op does not declare are dropped; omitted attrs take the op's
defaults. If/While nodes (and TF's StatelessIf/StatelessWhile) become
sessionflow If/While ops over the functions they call.

`read_graph_def(path)` loads a binary or text GraphDef file; bad files raise `tf.errors.DataLossError`,
missing ones `tf.errors.NotFoundError`, both naming the file.
"""

from __future__ import annotations

import os

import numpy as np
from google.protobuf import message as _pb_message
from google.protobuf import text_format

from ..framework import dtypes as _dtypes
from ..framework import errors as _errors
from ..framework import graph as _graph
from ..framework.api import tf_export
from ..framework.registry import REGISTRY
from ..framework.tensor_shape import TensorShape
from . import protos
from .gfile import atomic_write, read_bounded
from .import_checks import check_node, unregistered_op_error

__all__ = ["PRODUCER", "attr_from_proto", "attr_to_proto", "graph_def_of", "import_graph_def", "node_def_for",
           "node_def_of", "parse_graph_def", "read_graph_def", "write_graph"]

PRODUCER = 2474
"""GraphDef version written into `versions.producer` (TF 2.21's; TF accepts it, see spec/graphdef.md)."""

MAX_GRAPH_BYTES = 1 << 31
"""Largest GraphDef file `read_graph_def` accepts (protobuf's own message size limit is 2 GiB)."""

tf_export("GraphDef")(protos.GraphDef)
tf_export("NodeDef")(protos.NodeDef)
tf_export("AttrValue")(protos.AttrValue)
tf_export("make_tensor_proto")(protos.tensor_to_proto)
tf_export("make_ndarray")(protos.proto_to_ndarray)


# --- attr values -----------------------------------------------------------------------------------------

def attr_to_proto(value):
    """An AttrValue for a Python attr value, or None when the value has no AttrValue form (None, callables,
    sub-graphs). bool -> b, int -> i, float -> f, str/bytes -> s, DType -> type, TensorShape -> shape,
    ndarray -> tensor, lists of those -> list."""
    out = protos.AttrValue()
    if isinstance(value, (bool, np.bool_)):
        out.b = bool(value)
    elif isinstance(value, (int, np.integer)):
        out.i = int(value)
    elif isinstance(value, (float, np.floating)):
        out.f = float(value)
    elif isinstance(value, str):
        out.s = value.encode("utf-8")
    elif isinstance(value, bytes):
        out.s = value
    elif isinstance(value, _dtypes.DType):
        out.type = value.base_dtype.as_datatype_enum
    elif isinstance(value, TensorShape):
        out.shape.CopyFrom(protos.shape_to_proto(value))
    elif isinstance(value, np.ndarray):
        out.tensor.CopyFrom(protos.tensor_to_proto(value, "string" if value.dtype == object else None))
    elif isinstance(value, (list, tuple)):
        items = [attr_to_proto(v) for v in value]
        if any(item is None or item.WhichOneof("value") == "list" for item in items):
            return None
        kinds = {item.WhichOneof("value") for item in items}
        if kinds == {"i", "f"}:
            items, kinds = [protos.AttrValue(f=float(v)) for v in value], {"f"}
        if len(kinds) > 1:
            return None
        out.list.SetInParent()
        for kind, item in zip([next(iter(kinds), None)] * len(items), items):
            field = getattr(out.list, kind)
            if kind in ("shape", "tensor"):
                field.add().CopyFrom(getattr(item, kind))
            else:
                field.append(getattr(item, kind))
    else:
        return None
    return out


def _text(raw: bytes):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw


def attr_from_proto(attr):
    """The Python value of an AttrValue (the inverse of `attr_to_proto`; strings decode to str when UTF-8).
    Raises DataLossError for values sessionflow cannot represent (bad dtype enums, malformed tensors)."""
    kind = attr.WhichOneof("value")
    if kind is None:
        return None
    if kind == "s":
        return _text(attr.s)
    if kind in ("i", "f", "b"):
        return getattr(attr, kind)
    if kind == "type":
        return _as_dtype(attr.type)
    if kind == "shape":
        return TensorShape(protos.proto_to_shape(attr.shape))
    if kind == "tensor":
        return protos.proto_to_ndarray(attr.tensor)
    if kind == "list":
        lst = attr.list
        if lst.s:
            return [_text(s) for s in lst.s]
        if lst.type:
            return [_as_dtype(t) for t in lst.type]
        if lst.shape:
            return [TensorShape(protos.proto_to_shape(s)) for s in lst.shape]
        if lst.tensor:
            return [protos.proto_to_ndarray(t) for t in lst.tensor]
        for field in ("i", "f", "b"):
            if getattr(lst, field):
                return list(getattr(lst, field))
        return []
    raise _errors.DataLossError(None, None, f"AttrValue of kind {kind!r} is not supported by sessionflow")


def _as_dtype(enum: int):
    try:
        return _dtypes.as_dtype(enum)
    except (TypeError, ValueError, KeyError):
        raise _errors.DataLossError(None, None, f"Unknown DataType enum {enum}") from None


# --- export ----------------------------------------------------------------------------------------------

def _input_groups(opdef, flat) -> dict:
    """Input name -> the Tensors given for it (variadic inputs share what the fixed ones leave equally)."""
    flat = list(flat)
    n_fixed = sum(not v for v in opdef.variadic)
    n_var = (len(flat) - n_fixed) // max(sum(opdef.variadic), 1)  # several list inputs share one length (N)
    groups, pos = {}, 0
    for name, variadic in zip(opdef.inputs, opdef.variadic):
        take = n_var if variadic else 1
        groups[name] = flat[pos:pos + take]
        pos += take
    return groups


def _type_attr(spec, groups: dict):
    if not isinstance(spec, str):  # a fixed value of an attr sessionflow does not model
        return attr_to_proto(spec)
    if spec.startswith("#"):
        return protos.AttrValue(i=len(groups[spec[1:]]))
    if spec.startswith("["):
        out = protos.AttrValue()
        out.list.SetInParent()
        out.list.type.extend(t.dtype.base_dtype.as_datatype_enum for t in groups[spec[1:-1]])
        return out
    tensors = groups[spec]
    return protos.AttrValue(type=tensors[0].dtype.base_dtype.as_datatype_enum) if tensors else None


def node_def_of(op, add_shapes: bool = False):
    """The NodeDef proto of a sessionflow Operation (TF's encoding; see the module docstring)."""
    node = node_def_for(op.name, op.opdef, op.inputs, op.control_inputs, op.attrs)
    if op.device:
        node.device = op.device
    if op._colocation is not None:  # TF's colocation attr (tf.colocate_with)
        node.attr["_class"].list.s.extend(op._colocation)
    if add_shapes:
        shapes = node.attr["_output_shapes"].list
        for t in op.outputs:
            shapes.shape.add().CopyFrom(protos.shape_to_proto(t.shape))
    return node


def node_def_for(name: str, opdef, inputs, control_inputs, attrs: dict):
    """The NodeDef proto of an op of type `opdef` named `name` with these input Tensors, control-input
    Operations and (sessionflow) attrs; the op need not exist yet (graph-construction errors describe the
    node that failed shape inference)."""
    node = protos.NodeDef(name=name, op=opdef.type)
    node.input.extend(t._as_node_def_input() for t in inputs)
    node.input.extend(f"^{c.name}" for c in control_inputs)
    type_attrs = opdef.tf_type_attrs()
    for key, value in attrs.items():
        if key.startswith("_") or (key in type_attrs and type_attrs[key] is None) or value is None:
            continue
        encoded = attr_to_proto(value)
        if encoded is not None:
            node.attr[key].CopyFrom(encoded)
    dtype = attrs.get("dtype")
    if isinstance(dtype, _dtypes.DType) and dtype.is_quantized and isinstance(attrs.get("value"), np.ndarray):
        node.attr["value"].tensor.dtype = dtype.base_dtype.as_datatype_enum  # held as plain integers
    groups = _input_groups(opdef, inputs) if type_attrs else {}
    for key, spec in type_attrs.items():
        if spec is not None and key not in attrs:
            encoded = _type_attr(spec, groups)
            if encoded is not None:
                node.attr[key].CopyFrom(encoded)
    return node


def graph_def_of(graph, from_version=None, add_shapes: bool = False):
    """The GraphDef proto of `graph`: one NodeDef per op outside the control-flow sub-graphs, in creation order
    (from op index `from_version`), and the sub-graphs as the functions of its library."""
    from .function_def import LibraryWriter

    out = protos.GraphDef()
    out.versions.producer = PRODUCER
    LibraryWriter(out, add_shapes).write([op for op in graph.get_operations()[from_version or 0:] if op._ctx is None])
    return out


@tf_export("train.write_graph", "io.write_graph")
def write_graph(graph_or_graph_def, logdir, name, as_text=True) -> str:
    """Writes a Graph or GraphDef to `logdir/name` (text format when `as_text`, else binary) atomically,
    creating `logdir` if needed; returns the path."""
    graph_def = graph_or_graph_def
    if isinstance(graph_def, _graph.Graph):
        graph_def = graph_def_of(graph_def)
    path = os.path.join(logdir, name)
    os.makedirs(logdir or ".", exist_ok=True)
    if as_text:
        data = text_format.MessageToString(graph_def).encode("utf-8")
    else:
        data = graph_def.SerializeToString(deterministic=True)
    atomic_write(path, data)
    return path


# --- reading ---------------------------------------------------------------------------------------------

def parse_graph_def(data: bytes, source: str = "<bytes>", message_type=None):
    """Parses binary GraphDef bytes (or another message type); DataLossError naming `source` if malformed."""
    out = (message_type or protos.GraphDef)()
    try:
        out.ParseFromString(data)
    except (_pb_message.DecodeError, RecursionError, ValueError) as e:
        raise _errors.DataLossError(None, None, f"{source}: not a valid {out.DESCRIPTOR.name} ({e})") from None
    return out


def read_graph_def(path: str, message_type=None):
    """Reads a GraphDef (or `message_type`) file: binary, or text format when it does not parse as binary and
    decodes as text (`.pbtxt`). NotFoundError if missing, DataLossError if neither form parses."""
    data = read_bounded(path, MAX_GRAPH_BYTES)
    try:
        return parse_graph_def(data, path, message_type)
    except _errors.DataLossError as binary_error:
        out = (message_type or protos.GraphDef)()
        try:
            # fields this schema leaves out (a NodeDef's `experimental_type`, which TF writes) are skipped
            text_format.Parse(data.decode("utf-8"), out, allow_unknown_field=True)
        except (UnicodeDecodeError, text_format.ParseError, RecursionError, ValueError):
            raise binary_error from None
        return out


# --- import ----------------------------------------------------------------------------------------------

def _parse_input(text: str):
    """'^op' -> (op, None); 'op:3' -> (op, 3); 'op' -> (op, 0)."""
    if text.startswith("^"):
        return text[1:], None
    name, sep, index = text.rpartition(":")
    if sep and index.isdigit():
        return name, int(index)
    return text, 0


def _check(graph_def, input_map: dict, library):
    """Validates the GraphDef; returns its nodes in an order where every node follows its inputs."""
    from .function_import import FUNCTIONAL_OPS

    nodes = {}
    unknown: dict[str, list] = {}
    for node in graph_def.node:
        if not node.name or node.name in nodes:
            raise ValueError(f"GraphDef has a duplicate or empty node name: {node.name!r}")
        if not _graph._VALID_OP_NAME.match(node.name):
            raise ValueError(f"GraphDef node name {node.name!r} is not a valid TensorFlow node name")
        if node.device:
            _imported_device("", node.device)  # TF's ValueError for a malformed device, before any op exists
        nodes[node.name] = node
        if node.op not in REGISTRY and node.op not in FUNCTIONAL_OPS:
            unknown.setdefault(node.op, []).append(node.name)
    for op_type, names in library.unknown_ops(graph_def.node, set(REGISTRY) | FUNCTIONAL_OPS).items():
        unknown.setdefault(op_type, []).extend(names)
    if unknown:
        raise unregistered_op_error(unknown)
    deps = {}
    for node in graph_def.node:
        mine = []
        for text in node.input:
            src, index = _parse_input(text)
            key = text if index is None else f"{src}:{index}"
            if key in input_map:
                continue
            if src not in nodes:
                raise ValueError(f"Node '{node.name}': input '{text}' refers to a node not in the GraphDef")
            if index is not None and _is_back_edge(node, nodes[src]):
                continue  # a TF 1.x loop's NextIteration -> Merge: connected once both exist
            mine.append(src)
        deps[node.name] = mine
    return _dependency_order(nodes, deps, "GraphDef")


def _dependency_order(nodes: dict, deps: dict, what: str) -> list:
    """The nodes (name -> NodeDef) ordered so that each follows the nodes `deps` names for it; ValueError
    naming `what` on a cycle."""
    order, state = [], {}
    for root in nodes:  # iterative DFS: hostile graphs can be deep
        if root in state:
            continue
        stack = [(root, iter(deps[root]))]
        state[root] = 1
        while stack:
            name, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                stack.pop()
                state[name] = 2
                order.append(nodes[name])
            elif state.get(nxt) == 1:
                raise ValueError(f"{what} has a cycle through node '{nxt}'")
            elif nxt not in state:
                state[nxt] = 1
                stack.append((nxt, iter(deps[nxt])))
    return order


def _node_attrs(node, opdef, library) -> dict:
    """The sessionflow attrs of a NodeDef: its own attrs decoded (an attr naming a function becomes the
    Subgraph of that function); attrs TF derives from the inputs are dropped, unless the op declares an attr
    of that name itself with a default (sessionflow-only ops such as WhileGrad write their own `T`)."""
    derived = opdef.tf_type_attrs()
    attrs = {}
    for key in node.attr:
        if key.startswith("_") or key not in opdef.attrs or (
                key in derived and derived[key] is not None and opdef.attrs[key] is None):
            continue
        if node.attr[key].WhichOneof("value") == "func":
            attrs[key] = library.plain_subgraph(node.attr[key].func.name, node.name)
            continue
        attrs[key] = attr_from_proto(node.attr[key])
    missing = [k for k, default in opdef.attrs.items() if default is None and attrs.get(k) is None
               and derived.get(k, "") is not None and k not in ("shape", "seed_dtype")]
    if missing:
        raise ValueError(f"NodeDef is missing required attr(s) {', '.join(missing)}")
    return attrs


def _group_inputs(node, opdef, tensors):
    n_fixed = sum(not v for v in opdef.variadic)
    if (True in opdef.variadic and len(tensors) < n_fixed) or (True not in opdef.variadic
                                                               and len(tensors) != n_fixed):
        raise ValueError(f"Node '{node.name}' ({node.op}) has {len(tensors)} inputs; sessionflow's {node.op} "
                         f"takes {', '.join(opdef.inputs) or 'none'}")
    grouped, pos = [], 0
    n_var = (len(tensors) - n_fixed) // max(sum(opdef.variadic), 1)  # several list inputs share one length (N)
    last = len(opdef.variadic) - 1 - opdef.variadic[::-1].index(True) if True in opdef.variadic else -1
    for index, variadic in enumerate(opdef.variadic):
        take = n_var if variadic else 1
        if index == last:  # lists of different lengths (sessionflow's own ops): the rest goes to the last one
            take = len(tensors) - pos - sum(not v for v in opdef.variadic[index + 1:])
        grouped.append(list(tensors[pos:pos + take]) if variadic else tensors[pos])
        pos += take
    return grouped


def _imported_device(scope_device: str, node_device: str) -> str:
    from ..framework.device_spec import DeviceSpec

    return DeviceSpec.from_string(scope_device).make_merged_spec(DeviceSpec.from_string(node_device)).to_string()


@tf_export("import_graph_def", "graph_util.import_graph_def")
def import_graph_def(graph_def, input_map=None, return_elements=None, name=None, op_dict=None,
                     producer_op_list=None):
    """Imports a GraphDef into the default graph under the name scope `name` ('import' by default; '' for
    none). `input_map` maps GraphDef tensor names ('x:0', 'x') or '^op' to Tensors/Operations of this graph;
    `return_elements` names GraphDef tensors/ops to return (a list, or None when not given)."""
    del op_dict, producer_op_list
    if isinstance(graph_def, bytes):
        graph_def = parse_graph_def(graph_def)
    if not hasattr(graph_def, "node"):
        raise TypeError(f"import_graph_def: graph_def must be a GraphDef, not {type(graph_def).__name__}")
    from .function_def import HELPER_ATTR
    from .function_import import FUNCTIONAL_OPS, Library

    input_map = {_mapped_key(k): v for k, v in (input_map or {}).items()}
    wanted = [(element, _return_element(element)) for element in (return_elements or ())]
    graph = _graph.get_default_graph()
    library = Library(graph_def.library, graph, lambda node, data: _create_node(graph, node, data, library))
    order = _check(graph_def, input_map, library)
    names = {node.name for node in graph_def.node}
    for element, (src, index) in wanted:  # TF checks these before it adds anything to the graph
        if src not in names:
            what = "node" if index is None else "tensor"
            raise ValueError(f"Requested return {what} '{element}' not found in graph def")
    prefix = "import" if name is None else name
    with graph.name_scope(prefix or None) as scope:
        library.reserve(scope + n.name for n in graph_def.node)
        created = {}  # node name -> (op, its outputs in the order the GraphDef numbers them)
        renamed, colocated = {}, []  # GraphDef name -> the op's name where it was taken; ops with `_class`
        back_edges = []  # (node, input position, input text): TF 1.x loops' NextIteration -> Merge
        for node in order:
            data, control = [], []
            for text in node.input:
                src, index = _parse_input(text)
                key = text if index is None else f"{src}:{index}"
                if key in input_map:
                    mapped = input_map[key]
                    (control if index is None else data).append(mapped)
                elif index is None:
                    if created[src][0] is not None:
                        control.append(created[src][0])
                elif src not in created:  # a back edge: a stand-in of the Merge's type until its source exists
                    back_edges.append((node, len(data), text))
                    data.append(None)
                else:
                    data.append(_output(created[src], node.name, text, index))
            if back_edges and back_edges[-1][0] is node:
                data = _with_stand_ins(node, data)
            if node.op in REGISTRY and node.op not in FUNCTIONAL_OPS and HELPER_ATTR not in node.attr:
                check_node(node, f"{scope}{node.name}", REGISTRY[node.op], data)
            try:
                op, outputs = _create_node(graph, node, data, library)
            except (TypeError, ValueError, AttributeError, KeyError, IndexError, _errors.DataLossError) as e:
                # a hostile GraphDef can give any attr any type: infer's failure is the node's error
                raise ValueError(f"import_graph_def: node '{node.name}' ({node.op}): {e}") from e
            created[node.name] = (op, outputs)
            if op is None:  # a node sessionflow wrote only for TF's form of a While: no op here
                continue
            if op.name != f"{scope}{node.name}":
                if scope:
                    raise ValueError(f"import_graph_def: node name '{scope}{node.name}' is already used in the graph")
                renamed[node.name] = op.name  # imported without a scope: a taken name gets a suffix, as in TF
            if node.device:  # the NodeDef's device, its fields over those of the tf.device scope around the import
                op._device = _imported_device(op.device, node.device)
            if "_class" in node.attr:  # its colocation groups, the ops they name imported under the scope too
                op._colocation = [b"loc:@" + scope.encode() + c[5:] if c.startswith(b"loc:@") else c
                                  for c in node.attr["_class"].list.s]
                colocated.append(op)
            for c in control:
                op._add_control_input(c.op if isinstance(c, _graph.Tensor) else c)
        for node, position, text in back_edges:
            src, index = _parse_input(text)
            _connect_back_edge(created[node.name][0], position, _output(created[src], node.name, text, index))
        for op in colocated if renamed else ():  # a group named after a renamed op follows it
            op._colocation = [b"loc:@" + renamed[c[5:].decode()].encode() if c[5:].decode() in renamed else c
                              for c in op._colocation]
    missing = [key for key in input_map if (key[1:] if key.startswith("^") else key.rpartition(":")[0]) not in names]
    if missing:  # as TF, once the nodes are in the graph
        raise ValueError(f"Attempted to map inputs that were not found in graph_def: [{', '.join(missing)}]")
    if return_elements is None:
        return None
    results = []
    for element, (src, index) in wanted:
        op, outputs = created[src]
        if index is None:
            results.append(op)
            continue
        if outputs is None or index >= len(outputs) or outputs[index] is None:
            count = 0 if outputs is None else sum(t is not None for t in outputs)
            raise ValueError(f"Invalid return output {index} of node '{src}', which has {count} output(s)")
        results.append(outputs[index])
    return results


def _tensor_name(text: str):
    """TF's reading of a tensor name: 'op:3' -> ('op', 3), 'op' -> ('op', 0); TF's ValueError otherwise."""
    parts = text.split(":")
    if len(parts) == 1:
        return text, 0
    if len(parts) > 2:
        raise ValueError(f"Cannot convert '{text}' to a tensor name. Tensor names should not contain more than 1 "
                         f"`:`. Obtained {len(parts) - 1}")
    try:
        return parts[0], int(parts[1])
    except ValueError:
        raise ValueError(f"Cannot convert {text!r} to a tensor name. Second component of the name following the "
                         f"`:` should be an int. Got {parts[1]}.") from None


def _mapped_key(text: str) -> str:
    """An input_map key as the importer matches it: '^op' for a control input, else 'op:index'."""
    if text.startswith("^"):
        return text
    name, index = _tensor_name(text)
    return f"{name}:{index}"


def _return_element(text: str):
    """(node name, output index), or (node name, None) for an operation (a name without ':')."""
    return _tensor_name(text) if ":" in text else (text, None)


def _is_back_edge(node, src) -> bool:
    """Whether the edge src -> node closes a TF 1.x while loop (NextIteration into its Merge)."""
    return node.op in ("Merge", "RefMerge") and src.op in ("NextIteration", "RefNextIteration")


def _with_stand_ins(node, data: list) -> list:
    """A Merge's data inputs with each back edge (None) standing in as its first real input (the loop's Enter,
    of the same type), so the Merge can be created before the NextIteration that feeds it."""
    real = [t for t in data if t is not None]
    if not real:
        raise ValueError(f"Node '{node.name}' ({node.op}): all its inputs come from NextIteration ops")
    return [real[0] if t is None else t for t in data]


def _connect_back_edge(op, position: int, tensor) -> None:
    """Points input `position` of the created Merge `op` at `tensor` (its NextIteration's output)."""
    stand_in = op._inputs[position]
    if tensor.dtype.base_dtype is not stand_in.dtype.base_dtype:
        raise ValueError(f"import_graph_def: node '{op.name}' ({op.type}): input {position} has type "
                         f"{tensor.dtype.base_dtype.name}, its others {stand_in.dtype.base_dtype.name}")
    stand_in._consumers.remove(op)
    op._inputs = op._inputs[:position] + (tensor,) + op._inputs[position + 1:]
    tensor._consumers.append(op)


def _output(entry, reader: str, text: str, index: int):
    """Output `index` (as the GraphDef numbers them) of a created node's (op, outputs); None for a node
    sessionflow skips (one it wrote only for TF's form of a While)."""
    op, outputs = entry
    if outputs is None:
        return None
    if index >= len(outputs) or outputs[index] is None:
        raise ValueError(f"Node '{reader}': input '{text}' names output {index} of '{text.split(':')[0]}', which "
                         f"has {sum(t is not None for t in outputs)} outputs sessionflow can give")
    return outputs[index]


# Op types the importer builds as another registered type: TF's stateless forms of the functional control-flow ops.
IMPORTED_AS = {"StatelessIf": "If", "StatelessWhile": "While"}


def _create_node(graph, node, data, library):
    """Creates the op of a NodeDef in the current name scope from its data inputs; returns (op, outputs in the
    GraphDef's numbering), or (None, what it reads as) for a node sessionflow wrote only for TF's form of a
    While (io/function_def.py: HELPER_ATTR)."""
    helper = library.helper_outputs(node, data)
    if helper is not False:
        return None, helper
    op_type = IMPORTED_AS.get(node.op, node.op)
    if op_type == "If":
        return library.import_if(node, data)
    if op_type == "While":
        return library.import_while(node, data)
    opdef = REGISTRY[node.op]
    op = graph.create_op(opdef, _group_inputs(node, opdef, data), _node_attrs(node, opdef, library), name=node.name)
    return op, op.outputs
