"""`tf.graph_util`: freezing variables into constants and extracting sub-graphs of a GraphDef.

Both functions take and return `tensorflow.GraphDef` protos and never modify their input. Freezing reaches
into control flow as TF's does: a resource variable an If/While passes to its functions becomes the frozen
value there too (the function is copied with that argument's type changed and its ReadVariableOps turned
into Identity ops; a reference variable is read outside the functions already).
"""

from __future__ import annotations

import numpy as np

from ..framework.api import tf_export
from . import protos
from .graph_def import attr_to_proto

__all__ = ["convert_variables_to_constants", "extract_sub_graph", "must_run_on_cpu"]

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
    handles = {}  # the frozen resource variables: input reference -> dtype enum of the value
    for node in graph_def.node:
        if node.name in values:
            const = out.node.add(name=node.name, op="Const")
            value = values[node.name]
            const.attr["dtype"].CopyFrom(node.attr["dtype"])
            const.attr["value"].CopyFrom(attr_to_proto(np.asarray(value)))  # a scalar too is a tensor here
            const.attr["value"].tensor.dtype = node.attr["dtype"].type
            if node.op == "VarHandleOp":
                handles[node.name] = handles[f"{node.name}:0"] = node.attr["dtype"].type
        else:
            out.node.add().CopyFrom(node)
    _FrozenCalls(out.library).rewrite(out.node, handles)
    return out


class _FrozenCalls:
    """Rewrites the nodes that read a frozen resource variable: ReadVariableOp becomes Identity, and an
    If/While passing it to functions calls copies of them taking the value instead."""

    _CALLS = {"If": 1, "StatelessIf": 1, "While": 0, "StatelessWhile": 0}  # op type -> its first function input

    def __init__(self, library):
        self.library = library
        self.functions = {f.signature.name: f for f in library.function}
        self.copies: dict = {}

    def rewrite(self, nodes, handles: dict) -> list:
        """`handles`: input reference (a node name, or an argument name in a function) -> value dtype enum.
        Returns the names of the ReadVariableOps made Identity ops."""
        reads = []
        for node in nodes:
            data = [text for text in node.input if not text.startswith("^")]
            if node.op == "ReadVariableOp" and data and data[0] in handles:
                dtype = node.attr["dtype"].type
                del node.attr["dtype"]
                node.op = "Identity"
                node.attr["T"].type = dtype
                reads.append(node.name)
                continue
            first = self._CALLS.get(node.op)
            if first is None:
                continue
            frozen = {k - first: handles[text] for k, text in enumerate(data) if k >= first and text in handles}
            if not frozen:
                continue
            types = node.attr["Tin" if first else "T"].list.type
            for k, dtype in frozen.items():
                types[k] = dtype
            for key in ("then_branch", "else_branch", "cond", "body"):
                if key in node.attr and node.attr[key].func.name in self.functions:
                    node.attr[key].func.name = self._copy(node.attr[key].func.name, frozen)
        return reads

    def _copy(self, name: str, frozen: dict) -> str:
        """The name of a copy of function `name` taking the values of the arguments `frozen` (index -> dtype)."""
        key = (name, tuple(sorted(frozen.items())))
        if key in self.copies:
            return self.copies[key]
        fdef = self.library.function.add()
        fdef.CopyFrom(self.functions[name])
        fdef.signature.name = copy = self._fresh(f"{name}_frozen")
        self.copies[key] = copy
        handles = {}
        for k, dtype in frozen.items():
            arg = fdef.signature.input_arg[k]
            arg.type = dtype
            handles[arg.name] = dtype
        for out in fdef.signature.output_arg:  # a loop body passes the value through
            if fdef.ret.get(out.name) in handles:
                out.type = handles[fdef.ret[out.name]]
        renamed = {f"{name}:value:": f"{name}:output:" for name in self.rewrite(fdef.node_def, handles)}

        def fixed(text):  # inside a function an output is named by its argument: ReadVariableOp's `value`
            for old, new in renamed.items():
                if text.startswith(old):
                    return new + text[len(old):]
            return text

        for node in fdef.node_def:
            node.input[:] = [fixed(text) for text in node.input]
        for out in list(fdef.ret):
            fdef.ret[out] = fixed(fdef.ret[out])
        return copy

    def _fresh(self, base: str) -> str:
        name, count = base, 0
        while name in self.functions:
            count += 1
            name = f"{base}_{count}"
        self.functions[name] = None
        return name


def _value_of(graph, name):
    op = graph.get_operation_by_name(name)
    if op.type == "VarHandleOp":
        reads = [c for c in op.outputs[0].consumers() if c.type == "ReadVariableOp"]
        return reads[0].outputs[0]
    return op.outputs[0]


@tf_export("graph_util.tensor_shape_from_node_def_name")
def tensor_shape_from_node_def_name(graph, input_name):
    """The static shape of the tensor a NodeDef input string names in `graph` (`name` means `name:0`)."""
    return graph.get_tensor_by_name(input_name if ":" in input_name else input_name + ":0").get_shape()


@tf_export("graph_util.remove_training_nodes")
def remove_training_nodes(input_graph, protected_nodes=None):
    """A GraphDef of `input_graph`'s nodes without CheckNumerics and with Identity/StopGradient nodes spliced out
    (their consumers read their input), except `protected_nodes`, nodes with control inputs, nodes used as
    control inputs and colocated nodes; as TF, the result has no versions or library."""
    protected = set(protected_nodes or [])
    removed = {n.name for n in input_graph.node if n.op == "CheckNumerics" and n.name not in protected}
    kept = []
    for node in input_graph.node:
        if node.name in removed:
            continue
        copy = protos.NodeDef()
        copy.CopyFrom(node)
        del copy.input[:]
        copy.input.extend(i for i in node.input if i.lstrip("^") not in removed)
        kept.append(copy)
    control_inputs, with_control, colocated = set(), set(), set()
    for node in kept:
        for name in node.input:
            if "^" in name:
                control_inputs.add(name.replace("^", ""))
                with_control.add(node.name)
        if "_class" in node.attr:
            names = [c.decode() for c in node.attr["_class"].list.s]
            colocated.update(n[len("loc:@"):] if n.startswith("loc:@") else n for n in names)
    splice = {n.name: n.input[0] for n in kept
              if n.op in ("Identity", "StopGradient") and n.name not in protected and n.name not in colocated
              and n.name not in with_control and n.name not in control_inputs}
    out = protos.GraphDef()
    for node in kept:
        if node.name in splice:
            continue
        copy = protos.NodeDef()
        copy.CopyFrom(node)
        del copy.input[:]
        for full in node.input:
            name = full.lstrip("^")
            while name in splice:
                full = splice[name]
                name = full.lstrip("^")
            copy.input.append(full)
        out.node.append(copy)
    return out


# TF's rule (graph_util_impl): the ops that hold, update or initialize variables, pinned on request.
_PINNABLE_VARIABLE_OPS = frozenset({"Assign", "AssignAdd", "AssignSub", "Queue", "ScatterAdd", "ScatterSub",
                                    "ScatterUpdate", "TruncatedNormal", "Variable", "VariableV2"})
_DT_INT32, _DT_STRING = 3, 7  # TF's DataType enum values


@tf_export("graph_util.must_run_on_cpu")
def must_run_on_cpu(node, pin_variables_on_cpu=False) -> bool:
    """TF's placement rule for an Operation or NodeDef proto: string and int32 constants, int32 DynamicStitch
    and casts from int32 must run on the CPU, and so do variable ops when `pin_variables_on_cpu`."""
    from ..framework.graph import Operation

    if isinstance(node, Operation):
        node = node.node_def
    assert isinstance(node, protos.NodeDef)  # TF asserts the same
    op_type = node.op

    def type_attr(name):
        return node.attr[name].type

    if pin_variables_on_cpu and op_type in _PINNABLE_VARIABLE_OPS:
        return True
    if op_type == "Const":
        return type_attr("dtype") in (_DT_STRING, _DT_INT32)
    if op_type in ("DynamicStitch", "ParallelDynamicStitch"):
        return type_attr("T") == _DT_INT32
    if op_type == "Cast":
        return type_attr("SrcT") == _DT_INT32
    return False
