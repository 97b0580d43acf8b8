"""Control-flow sub-graphs in files: writing the FunctionDefs of a GraphDef's `library` (reading them back
is io/function_import.py).

sessionflow's If and While ops hold their branches and bodies as `Subgraph`s whose ops belong to the same
Graph. A file holds them as TF 2.x writes functional control flow: each sub-graph a FunctionDef, and only
the ops outside every sub-graph as top-level nodes (`LibraryWriter`):
- an `If` node takes the condition and the outer tensors either branch reads, each once; both of its
  functions take all of them;
- a `While` node's loop variables are sessionflow's loop variables, then one TensorList per value the
  body collects from each iteration (pushed back by the body, stacked by a TensorListStack node after the
  loop, as TF's map_fn does), then the outer tensors the loop reads (the body returns them unchanged);
  when the loop has `maximum_iterations`, a loop counter (starting at a Const node written beside the
  While) and the maximum come first, as in TF's while_v2;
- any other op holding a sub-graph (sessionflow's gradient ops, e.g. WhileGrad) refers to a function taking
  the sub-graph's inputs in order.
Inside a function, node inputs use TF's function naming: an argument's name, or `node:out_arg:index` with
TF's output argument names (from op_signatures.py). What only sessionflow reads travels in `_sessionflow_*`
attrs, which TF ignores: a While's own layout (`_sessionflow_num_loop_vars`, `_sessionflow_num_collected`,
`_sessionflow_has_max`, `_sessionflow_keep_states`), the values a sub-graph saves for gradients
(`_sessionflow_saved`, on its FunctionDef) and a sub-graph's own outputs where the function returns
something else (`_sessionflow_outputs`: a loop condition combined with the iteration limit, a body's
collected values); `_sessionflow_helper` marks the nodes written only for TF's form of a While
(HELPER_ATTR).
A While's last output (its iteration history, read by its gradient) is output `len(T)` of the node, past
TF's outputs.
"""

from __future__ import annotations

import functools

import re

from ..framework import dtypes as _dtypes
from ..framework.graph import Operation, Tensor
from ..framework.tensor_shape import TensorShape
from ..ops import functional
from . import protos
from .op_signatures import SIGNATURES

__all__ = ["HELPER_ATTR", "LibraryWriter", "SESSIONFLOW_ATTR", "output_position", "output_ref"]

SESSIONFLOW_ATTR = "_sessionflow_"
"""The prefix of the attrs only sessionflow reads."""
HELPER_ATTR = SESSIONFLOW_ATTR + "helper"
"""Marks the nodes written only for TF's form of a While: "skip" (its loop counter's start, the lists it
collects values in and their constants), which sessionflow skips when reading the file, and "stacked"
(the TensorListStack of a collected value after the loop), which it reads as the While's own output."""


# --- TF's output argument names ----------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _declared_output_args(op_type: str) -> tuple:
    """TF's output arguments of `op_type`, read from its signature (`x:T, y:T -> z:T`): names, with a
    leading `*` for a list (`output:num_split*T`, or a `list(type)` attr). An op TF does not have
    (sessionflow's own) has one argument `output`, a list when it has several outputs."""
    if op_type not in SIGNATURES:
        return ("*output",)
    signature, required = SIGNATURES[op_type]
    outputs = signature.split("->")[1].strip()
    list_types = {attr.split(":")[0] for attr in required if ":list(" in attr}
    args = []
    for arg in outputs.split(", ") if outputs else ():
        name, kind = arg.split(":")
        args.append(("*" if "*" in kind or kind in list_types else "") + name)
    return tuple(args)


def _output_args(op_type: str, n_outputs: int) -> list:
    """(name, length) of each output argument of an op of `op_type` with `n_outputs` outputs."""
    args = _declared_output_args(op_type)
    lists = sum(a.startswith("*") for a in args)
    each = (n_outputs - (len(args) - lists)) // lists if lists else 0
    return [(a[1:], each) if a.startswith("*") else (a, 1) for a in args]


def output_ref(node_name: str, op_type: str, n_outputs: int, index: int) -> str:
    """`node:out_arg:i`, the reference to output `index` of a node inside a function."""
    for arg, length in _output_args(op_type, max(n_outputs, index + 1)):
        if index < length:
            return f"{node_name}:{arg}:{index}"
        index -= length
    return f"{node_name}:output:{index}"


def output_position(op_type: str, n_outputs: int, arg: str, index: int):
    """The flat output index `arg:index` names on an op of `op_type` with `n_outputs` outputs, or None."""
    start = 0
    for name, length in _output_args(op_type, n_outputs):
        if name == arg:
            return start + index if 0 <= index < length else None
        start += length
    return None


_NOT_ARG_CHARS = re.compile(r"[^a-z0-9_]+")


def _arg_name(hint: str, taken: set) -> str:
    """A fresh argument name from `hint` (TF's rule for argument names: `[a-z][a-z0-9_]*`)."""
    base = _NOT_ARG_CHARS.sub("_", hint.lower()).strip("_") or "arg"
    if not base[0].isalpha():
        base = "arg_" + base
    name, count = base, 0
    while name in taken:
        count += 1
        name = f"{base}_{count}"
    taken.add(name)
    return name


def _hint(tensor) -> str:
    return tensor.op.name.rsplit("/", 1)[-1] + (f"_{tensor.value_index}" if tensor.value_index else "")


def _type_attr(dtypes_) -> "protos.AttrValue":
    out = protos.AttrValue()
    out.list.SetInParent()
    out.list.type.extend(d.base_dtype.as_datatype_enum for d in dtypes_)
    return out


def _shapes_attr(shapes) -> "protos.AttrValue":
    out = protos.AttrValue()
    out.list.SetInParent()
    for s in shapes:
        out.list.shape.add().CopyFrom(protos.shape_to_proto(s))
    return out


# --- export ------------------------------------------------------------------------------------------------

class LibraryWriter:
    """Writes ops into a GraphDef: top-level NodeDefs, and FunctionDefs for the sub-graphs they hold."""

    def __init__(self, graph_def, add_shapes: bool = False):
        from .graph_def import node_def_for

        self.graph_def = graph_def
        self.add_shapes = add_shapes
        self._node_def_for = node_def_for
        self._function_names: set = set()

    def write(self, ops) -> None:
        """Appends the NodeDefs of `ops` (top-level ops) to the GraphDef, and their functions to its library."""
        scope = _GraphScope(self, ops)
        for op in ops:
            node = self.node_def(op, scope)
            if op.opdef.tf_nodes is None:
                self.graph_def.node.append(node)
            else:  # a sessionflow op, spelled with TF's ops
                self.graph_def.node.extend(op.opdef.tf_nodes(op, node))

    @staticmethod
    def tf_index(tensor) -> int:
        """The output index TF's form of the producing op gives `tensor` (a While's outputs move, see above)."""
        op, index = tensor.op, tensor.value_index
        if op.type != "While":
            return index
        n, has_max = op.attrs["num_loop_vars"], op.attrs["has_max"]
        offset = 2 if has_max else 0
        if index < n:
            return index + offset
        if index < len(op.outputs) - 1:
            raise ValueError(f"{tensor.name} (a collected value) is read through the node stacking it")
        return len(op.inputs) + (1 if has_max else 0) + op.attrs["num_collected"]

    def node_def(self, op, scope):
        """The NodeDef of `op` in `scope` (the graph, or a function body), writing the functions it calls."""
        if op.type == "If":
            node = self._if(op, scope)
        elif op.type == "While":
            node = self._while(op, scope)
        else:
            node = self._node_def_for(scope.name_of(op), op.opdef, op.inputs, (), op.attrs)
            node.input[:] = [scope.ref(t) for t in op.inputs]
            for key, value in op.attrs.items():
                if isinstance(value, functional.Subgraph):
                    node.attr[key].func.name = self._plain_function(f"{scope.name_of(op)}_{key}", value)
        node.input.extend(ref for ref in (scope.control_ref(c) for c in op.control_inputs) if ref)
        if op.device:
            node.device = op.device
        if op._colocation is not None and op._ctx is None:  # TF's colocation attr (tf.colocate_with)
            node.attr["_class"].list.s.extend(op._colocation)
        if self.add_shapes:
            if op.type in ("If", "While"):
                node.attr["_output_shapes"].CopyFrom(node.attr["output_shapes"])
            else:
                node.attr["_output_shapes"].CopyFrom(_shapes_attr([t.shape for t in op.outputs]))
        return node

    def function_name(self, hint: str) -> str:
        base = re.sub(r"[^A-Za-z0-9_]", "_", hint)
        name, count = base, 0
        while name in self._function_names:
            count += 1
            name = f"{base}_{count}"
        self._function_names.add(name)
        return name

    def _plain_function(self, hint, subgraph) -> str:
        """A function taking the sub-graph's inputs in order and returning its outputs."""
        args = [(_hint(t), t.dtype, t.shape) for t in subgraph.inputs]
        body = _FunctionScope(self, subgraph, {t: k for k, t in enumerate(subgraph.inputs)}, args)
        return body.finish(hint, body.tensor_rets(subgraph.outputs), body.control_rets(subgraph.outputs))

    def _if(self, op, scope):
        """TF's If: both branches take every outer tensor either branch reads, each once."""
        outer, position = [], {}
        for t in op.inputs[1:]:
            if t not in position:
                position[t] = len(outer)
                outer.append(t)
        places = [position[t] for t in op.inputs[1:]]
        args = [(_hint(t), t.dtype, t.shape) for t in outer]
        functions, offset = [], 0
        for key, role in (("then_branch", "true"), ("else_branch", "false")):
            branch = op.attrs[key]
            arg_of = {t: places[offset + k] for k, t in enumerate(branch.inputs)}
            offset += len(branch.inputs)
            body = _FunctionScope(self, branch, arg_of, args)
            functions.append(body.finish(f"{scope.name_of(op)}_{role}", body.tensor_rets(branch.outputs),
                                         body.control_rets(branch.outputs)))
        node = protos.NodeDef(name=scope.name_of(op), op="If")
        node.input.extend(scope.ref(t) for t in [op.inputs[0]] + outer)
        node.attr["Tcond"].type = op.inputs[0].dtype.base_dtype.as_datatype_enum
        node.attr["Tin"].CopyFrom(_type_attr([t.dtype for t in outer]))
        node.attr["Tout"].CopyFrom(_type_attr(op.attrs["Tout"]))
        node.attr["then_branch"].func.name, node.attr["else_branch"].func.name = functions
        node.attr["output_shapes"].CopyFrom(_shapes_attr(op.attrs["output_shapes"]))
        return node

    def _while(self, op, scope):
        """TF's While (see the module docstring for the layout of its loop variables)."""
        n, collected = op.attrs["num_loop_vars"], op.attrs["num_collected"]
        has_max = op.attrs["has_max"]
        variables = list(op.inputs[:n])
        maximum = op.inputs[n] if has_max else None
        outer = list(op.inputs[n + (1 if has_max else 0):])
        types, shapes = list(op.attrs["T"]), list(op.attrs["output_shapes"])
        cond, body = op.attrs["cond"], op.attrs["body"]
        elements = [(types[n + j], TensorShape(shapes[n + j].as_list()[1:]) if shapes[n + j].ndims else
                     TensorShape(None)) for j in range(collected)]
        args = [(_hint(t), d, s) for t, d, s in zip(variables, types, shapes)]
        args += [(f"{_hint(body.outputs[n + j])}_list", _dtypes.variant, TensorShape([])) for j in range(collected)]
        args += [(_hint(t), t.dtype, t.shape) for t in outer]
        prefix = scope.name_of(op)
        loop = [scope.ref(t) for t in variables]
        for dtype, shape in elements:  # nodes sessionflow reads past (HELPER_ATTR)
            lengths = [scope.add_const(f"{prefix}/collect/element_shape", _shape_value(shape), _dtypes.int32,
                                       helper="skip"),
                       scope.add_const(f"{prefix}/collect/max_num_elements", -1, _dtypes.int32, helper="skip")]
            loop.append(scope.add_node("EmptyTensorList", lengths, "handle", f"{prefix}/collect", helper="skip",
                                       element_dtype=dtype, shape_type=_dtypes.int32))
        loop += [scope.ref(t) for t in outer]
        offset = 0
        if has_max:
            counter_dtype = maximum.dtype.base_dtype
            args = [("loop_counter", counter_dtype, TensorShape([])),
                    ("maximum_iterations", counter_dtype, TensorShape([]))] + args
            loop = [scope.add_const(f"{prefix}/loop_counter", 0, counter_dtype, helper="skip"),
                    scope.ref(maximum)] + loop
            offset = 2

        def scope_of(subgraph):  # sessionflow's sub-graph inputs: the loop variables, then the outer tensors
            places = {t: offset + k + (collected if k >= n else 0) for k, t in enumerate(subgraph.inputs)}
            return _FunctionScope(self, subgraph, places, args)

        test = scope_of(cond)
        keep_going = test.ref(cond.outputs[0])
        own = {}
        if has_max:
            below = test.add_node("Less", [test.arg_ref(0), test.arg_ref(1)], "z", T=counter_dtype)
            own[SESSIONFLOW_ATTR + "outputs"] = [keep_going]
            keep_going = test.add_node("LogicalAnd", [below, keep_going], "z")
        cond_name = test.finish(f"{prefix}_cond", [("keep_going", _dtypes.bool, keep_going)], attrs=own)
        step = scope_of(body)
        rets = step.tensor_rets(body.outputs[:n])
        for j, (dtype, _) in enumerate(elements):
            value = body.outputs[n + j]
            rets.append((args[offset + n + j][0], _dtypes.variant, step.add_node(
                "TensorListPushBack", [step.arg_ref(offset + n + j), step.ref(value)], "output_handle",
                element_dtype=dtype)))
        rets += [(hint, dtype, step.arg_ref(offset + n + collected + j))
                 for j, (hint, dtype, _) in enumerate(args[offset + n + collected:])]
        if has_max:
            one = step.add_const("one", 1, counter_dtype)
            counted = step.add_node("AddV2", [step.arg_ref(0), one], "z", T=counter_dtype)
            rets = [("loop_counter", counter_dtype, counted), ("maximum_iterations", counter_dtype,
                                                               step.arg_ref(1))] + rets
        own = {SESSIONFLOW_ATTR + "outputs": [step.ref(t) for t in body.outputs]} if collected else {}
        body_name = step.finish(f"{prefix}_body", rets, attrs=own)
        node = protos.NodeDef(name=scope.name_of(op), op="While", input=loop)
        node.attr["T"].CopyFrom(_type_attr([d for _, d, _ in args]))
        node.attr["cond"].func.name, node.attr["body"].func.name = cond_name, body_name
        node.attr["output_shapes"].CopyFrom(_shapes_attr([s for _, _, s in args]))
        node.attr["parallel_iterations"].i = int(op.attrs["parallel_iterations"])
        node.attr[SESSIONFLOW_ATTR + "num_loop_vars"].i = n
        node.attr[SESSIONFLOW_ATTR + "num_collected"].i = collected
        node.attr[SESSIONFLOW_ATTR + "has_max"].b = bool(has_max)
        node.attr[SESSIONFLOW_ATTR + "keep_states"].b = bool(op.attrs["keep_states"])
        for j, (dtype, shape) in enumerate(elements):  # the collected values, stacked after the loop
            accumulated = node.name + f":{offset + n + j}" if isinstance(scope, _GraphScope) else output_ref(
                node.name, "While", len(args), offset + n + j)
            element_shape = scope.add_const(f"{prefix}/stacked/element_shape", _shape_value(shape), _dtypes.int32,
                                            helper="skip")
            scope.aliases[op.outputs[n + j]] = scope.add_node("TensorListStack", [accumulated, element_shape], "tensor",
                                                              f"{prefix}/stacked", helper="stacked",
                                                              element_dtype=dtype, num_elements=-1)
        return node


def _shape_value(shape):
    """An element-shape tensor's value for TensorList ops: dims with -1 for unknown ones, -1 for unknown rank."""
    return -1 if shape.ndims is None else [-1 if d is None else d for d in shape.as_list()]


def _const_node(name, value, dtype):
    node = protos.NodeDef(name=name, op="Const")
    node.attr["dtype"].type = dtype.as_datatype_enum
    node.attr["value"].tensor.CopyFrom(protos.tensor_to_proto(value, dtype))
    return node


class _Scope:
    """Where nodes are written (the graph's top level or a function body): nodes it adds itself (a loop's
    counter, its collected values' lists) and tensors it reads through such a node (`aliases`)."""

    def __init__(self, taken: set):
        self.taken = taken
        self.aliases: dict = {}

    def _fresh(self, hint) -> str:
        name, count = hint, 0
        while name in self.taken:
            count += 1
            name = f"{hint}_{count}"
        self.taken.add(name)
        return name

    def add_node(self, op_type, inputs, out_arg, hint=None, helper=None, **attrs) -> str:
        """Adds a node of a TF op type (attrs: DTypes or plain values), marked as a `helper` (HELPER_ATTR) when
        given; returns the reference to its first output, named `out_arg`."""
        node = protos.NodeDef(name=self._fresh(hint or op_type), op=op_type, input=inputs)
        for key, value in attrs.items():
            node.attr[key].CopyFrom(protos.AttrValue(type=value.as_datatype_enum) if isinstance(value, _dtypes.DType)
                                    else _attr_value(value))
        if helper:
            node.attr[HELPER_ATTR].s = helper.encode()
        return self._append(node, out_arg)

    def add_const(self, hint, value, dtype, helper=None) -> str:
        node = _const_node(self._fresh(hint), value, dtype)
        if helper:
            node.attr[HELPER_ATTR].s = helper.encode()
        return self._append(node, "output")


def _attr_value(value):
    from .graph_def import attr_to_proto

    return attr_to_proto(value)


class _GraphScope(_Scope):
    """Writing at the top level of the GraphDef."""

    def __init__(self, writer, ops):
        super().__init__({op.name for op in ops})
        self.writer = writer

    @staticmethod
    def name_of(op) -> str:
        return op.name

    def ref(self, tensor) -> str:
        if tensor in self.aliases:
            return self.aliases[tensor]
        if tensor.op._ctx is not None:
            raise ValueError(f"{tensor.name} is computed inside a control-flow sub-graph but read outside it; "
                             "a GraphDef cannot hold that")
        index = LibraryWriter.tf_index(tensor)
        return tensor.op.name if index == 0 else f"{tensor.op.name}:{index}"

    @staticmethod
    def control_ref(op) -> str:
        return f"^{op.name}"

    def _append(self, node, out_arg) -> str:
        self.writer.graph_def.node.append(node)
        return node.name


class _FunctionScope(_Scope):
    """Writing one function body: the ops of `subgraph` as local nodes, `arg_of` (tensor -> argument index)
    saying which tensors are arguments, `args` giving each argument's (name hint, dtype, shape)."""

    def __init__(self, writer, subgraph, arg_of: dict, args):
        self.writer = writer
        self.nodes = []
        self.subgraph = subgraph
        self.arg_of = arg_of
        ops = [o for o in subgraph.ops if not (o.outputs and all(t in arg_of for t in o.outputs))]
        ops += self._outer_variables(ops)
        ops.sort(key=lambda o: o._id)
        self.local = _local_names(ops)
        super().__init__(set(self.local.values()))
        self.args = [(_arg_name(hint, self.taken), dtype, shape) for hint, dtype, shape in args]
        for o in ops:
            node = self.writer.node_def(o, self)
            self.nodes.append(node)
            if o.opdef.ref_key is not None and not o.inputs and "shared_name" in o.attrs:
                node.attr["shared_name"].s = o.opdef.ref_key(o).encode()  # the same variable, not a new one
        self.stateful = any(o.opdef.stateful for o in ops)

    def _outer_variables(self, ops) -> list:
        """Variables the sub-graph assigns without holding their op (a ref input is keyed by the variable):
        the function holds a copy of the variable's node naming the same variable."""
        inside = set(ops)
        found = []
        for o in ops:
            for i in o.opdef.ref_inputs:
                producer = o.inputs[i].op
                if producer not in inside and not producer.inputs and producer not in found:
                    found.append(producer)
        return found

    def name_of(self, op) -> str:
        return self.local[op]

    def arg_ref(self, index: int) -> str:
        return self.args[index][0]

    def ref(self, tensor) -> str:
        index = self.arg_of.get(tensor)
        if index is not None:
            return self.args[index][0]
        if tensor in self.aliases:
            return self.aliases[tensor]
        op = tensor.op
        if op not in self.local:
            raise ValueError(f"sub-graph '{self.subgraph.name}' reads {tensor.name}, which is neither one of its "
                             "inputs nor computed inside it")
        tf_type = op.type if op.type not in ("If", "While") else "If"  # both have one list output `output`
        index = LibraryWriter.tf_index(tensor)
        return output_ref(self.local[op], tf_type, max(len(op.outputs), index + 1), index)

    def control_ref(self, op):
        """`^node` for a local op; None for an outer one (the If/While op running the function waits for it)."""
        return f"^{self.local[op]}" if op in self.local else None

    def _append(self, node, out_arg) -> str:
        self.nodes.append(node)
        return f"{node.name}:{out_arg}:0"

    def tensor_rets(self, outputs) -> list:
        return [(_hint(t), t.dtype, self.ref(t)) for t in outputs if isinstance(t, Tensor)]

    @staticmethod
    def control_rets(outputs) -> list:
        return [o for o in outputs if isinstance(o, Operation)]

    def finish(self, hint, rets, controls=(), attrs=None) -> str:
        """Adds the FunctionDef (rets: (name hint, dtype, reference)); returns its name."""
        fdef = self.writer.graph_def.library.function.add()
        fdef.signature.name = name = self.writer.function_name(hint)
        for index, (arg, dtype, shape) in enumerate(self.args):
            fdef.signature.input_arg.add(name=arg, type=dtype.base_dtype.as_datatype_enum)
            fdef.arg_attr[index].attr["_output_shapes"].CopyFrom(_shapes_attr([shape]))
        taken = set(self.taken)
        for out_hint, dtype, ref in rets:
            out = _arg_name(out_hint, taken)
            fdef.signature.output_arg.add(name=out, type=dtype.base_dtype.as_datatype_enum)
            fdef.ret[out] = ref
        for op in controls:
            if op not in self.local:
                continue  # an outer op a branch returned is not part of the branch
            fdef.signature.control_output.append(self.local[op])
            fdef.control_ret[self.local[op]] = self.local[op]
        fdef.signature.is_stateful = self.stateful
        fdef.node_def.extend(self.nodes)
        if self.subgraph.saved:
            fdef.attr[SESSIONFLOW_ATTR + "saved"].list.s.extend(self.ref(t).encode() for t in self.subgraph.saved)
        for key, refs in (attrs or {}).items():
            fdef.attr[key].list.s.extend(r.encode() for r in refs)
        return name


def _local_names(ops) -> dict:
    """Op -> its node name inside a function: its graph name without the scope all of them share."""
    names = [o.name for o in ops]
    prefix = names[0].rsplit("/", 1)[0] + "/" if names and "/" in names[0] else ""
    while prefix and not all(n.startswith(prefix) for n in names):
        prefix = prefix[:-1].rsplit("/", 1)[0] + "/" if "/" in prefix[:-1] else ""
    return {o: o.name[len(prefix):] for o in ops}
