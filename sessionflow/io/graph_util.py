"""`tf.graph_util`: freezing variables into constants and extracting sub-graphs of a GraphDef.

Both functions take and return `tensorflow.GraphDef` protos and never modify their input.
"""

from __future__ import annotations

from ..framework.api import tf_export
from . import protos
from .graph_def import attr_to_proto

__all__ = ["convert_variables_to_constants", "extract_sub_graph"]

_VARIABLE_OPS = frozenset({"VariableV2", "Variable", "VarHandleOp"})


def _node_name(text: str) -> str:
    return text.lstrip("^").split(":")[0]


@tf_export("graph_util.extract_sub_graph")
def extract_sub_graph(graph_def, dest_nodes):
    """The nodes `dest_nodes` (op names) need, over data and control inputs, in the GraphDef's order.
    TypeError for a non-GraphDef or a string `dest_nodes`; AssertionError naming missing nodes (as TF)."""
    if not hasattr(graph_def, "node"):
        raise TypeError("graph_def must be a graph_pb2.GraphDef proto.")
    if isinstance(dest_nodes, str):
        raise TypeError("dest_nodes must be an iterable of strings.")
    by_name = {n.name: n for n in graph_def.node}
    missing = [d for d in dest_nodes if d not in by_name]
    if missing:
        raise AssertionError(f"{', '.join(missing)} is not in graph")
    keep, stack = set(), list(dest_nodes)
    while stack:
        name = stack.pop()
        if name in keep:
            continue
        keep.add(name)
        stack.extend(_node_name(i) for i in by_name[name].input if _node_name(i) in by_name)
    out = protos.GraphDef()
    out.versions.CopyFrom(graph_def.versions)
    out.library.CopyFrom(graph_def.library)
    out.node.extend(n for n in graph_def.node if n.name in keep)
    return out


@tf_export("graph_util.convert_variables_to_constants")
def convert_variables_to_constants(sess, input_graph_def, output_node_names, variable_names_whitelist=None,
                                   variable_names_blacklist=None):
    """A GraphDef computing `output_node_names` with each variable they read replaced by a Const holding its
    current value in `sess` (reads through `Identity`/`ReadVariableOp` become Identity of that Const)."""
    graph_def = extract_sub_graph(input_graph_def, output_node_names)
    variables = [n.name for n in graph_def.node if n.op in _VARIABLE_OPS
                 and (variable_names_whitelist is None or n.name in variable_names_whitelist)
                 and (variable_names_blacklist is None or n.name not in variable_names_blacklist)]
    graph = sess.graph
    values = dict(zip(variables, sess.run([_value_of(graph, name) for name in variables]))) if variables else {}
    out = protos.GraphDef()
    out.versions.CopyFrom(graph_def.versions)
    out.library.CopyFrom(graph_def.library)
    for node in graph_def.node:
        if node.name in values:
            const = out.node.add(name=node.name, op="Const")
            value = values[node.name]
            const.attr["dtype"].CopyFrom(node.attr["dtype"])
            const.attr["value"].CopyFrom(attr_to_proto(value))
            const.attr["value"].tensor.dtype = node.attr["dtype"].type
        elif node.op == "ReadVariableOp" and _node_name(node.input[0]) in values:
            ident = out.node.add(name=node.name, op="Identity", input=[node.input[0]])
            ident.attr["T"].CopyFrom(node.attr["dtype"])
        else:
            out.node.add().CopyFrom(node)
    return out


def _value_of(graph, name):
    op = graph.get_operation_by_name(name)
    if op.type == "VarHandleOp":
        reads = [c for c in op.outputs[0].consumers() if c.type == "ReadVariableOp"]
        return reads[0].outputs[0]
    return op.outputs[0]
