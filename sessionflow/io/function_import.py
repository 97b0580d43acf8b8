"""Reading TF's functional control flow from a GraphDef: If/StatelessIf and While/StatelessWhile nodes and
the FunctionDefs of the library they call (the layout is described in io/function_def.py).

Each node becomes a sessionflow If or While op and each function it calls a Subgraph: the function's
arguments are fed LoopVariable ops, its nodes ops of the graph created while a trace is open (so they are
sub-graph ops, named under a fresh scope `<node>/<function>` that no imported node uses), its rets the
sub-graph's outputs; a function with control rets returns its outputs through Identity ops that run after
them. A While written by sessionflow comes back in sessionflow's layout, so the gradient ops written with
it still apply; TF's While keeps TF's, every input a loop variable.
"""

from __future__ import annotations

from ..framework import dtypes as _dtypes
from ..framework.graph import Tensor
from ..framework.registry import REGISTRY
from ..framework.tensor_shape import TensorShape
from ..ops import functional
from . import protos
from .function_def import HELPER_ATTR, output_position
from .function_def import SESSIONFLOW_ATTR as _SF

__all__ = ["FUNCTIONAL_OPS", "Library"]

FUNCTIONAL_OPS = frozenset({"If", "StatelessIf", "While", "StatelessWhile"})
"""Node types whose functions `Library` instantiates (TF's stateless forms map to sessionflow's If/While)."""


class Library:
    """The FunctionDefs of a GraphDef being imported, instantiated as Subgraphs by the nodes that call them.

    `create_node(node, data)` creates one node (graph_def's routine, which comes back here for If/While and
    for attrs naming functions) and returns (op, its outputs in TF's order)."""

    def __init__(self, library, graph, create_node):
        self.functions = {f.signature.name: f for f in library.function}
        self.graph = graph
        self.create_node = create_node
        self._taken: set = set()
        self._active: list = []

    def reserve(self, names) -> None:
        """Keeps the scopes of functions clear of these (full) node names: the import creates them later."""
        for name in names:
            parts = name.split("/")
            self._taken.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))

    # --- checks before anything is created ---------------------------------------------------------
    def unknown_ops(self, nodes, known) -> dict:
        """Op type -> names ('function/node') of the nodes of the functions `nodes` call (transitively)
        whose type is not in `known`."""
        unknown: dict = {}
        pending = [name for node in nodes for name in _called(node)]
        seen = set()
        while pending:
            name = pending.pop()
            if name in seen or name not in self.functions:
                continue
            seen.add(name)
            for node in self.functions[name].node_def:
                if node.op not in known:
                    unknown.setdefault(node.op, []).append(f"{name}/{node.name}")
                pending.extend(_called(node))
        return unknown

    # --- nodes ------------------------------------------------------------------------------------------
    def import_if(self, node, data):
        """A sessionflow If for TF's If/StatelessIf node (data: its input Tensors)."""
        cond, inputs = data[0], list(data[1:])
        tout = _attr_types(node, "Tout")
        specs = [(t.dtype.base_dtype, t.shape) for t in inputs]
        branches, fed = [], []
        for key in ("then_branch", "else_branch"):
            instance = self._instantiate(_func(node, key), specs, node.name)
            outputs = instance.outputs()
            used = instance.args_reached(outputs + instance.saved)
            branches.append(instance.subgraph([instance.args[i] for i in used], outputs, key))
            fed += [inputs[i] for i in used]
            got = [t.dtype.base_dtype for t in outputs if isinstance(t, Tensor)]
            if got != tout:
                raise ValueError(f"function '{instance.name}' returns ({', '.join(d.name for d in got)}); the node's "
                                 f"Tout is ({', '.join(d.name for d in tout)})")
        shapes = _attr_shapes(node, len(tout))
        if shapes is None:
            pairs = zip(*[[t for t in b.outputs if isinstance(t, Tensor)] for b in branches])
            shapes = [a.shape.most_specific_compatible_shape(b.shape) for a, b in pairs]
        op = self.graph.create_op(REGISTRY["If"], [cond, fed], dict(
            then_branch=branches[0], else_branch=branches[1], Tout=tuple(tout), output_shapes=tuple(shapes)),
            name=node.name)
        return op, op.outputs

    def import_while(self, node, data):
        """A sessionflow While for TF's While/StatelessWhile node; in sessionflow's layout when the node
        says how sessionflow wrote it (see the module docstring)."""
        types = _attr_types(node, "T") if "T" in node.attr else [t.dtype.base_dtype for t in data]
        if len(types) != len(data):
            raise ValueError(f"has {len(data)} inputs but {len(types)} types in T")
        shapes = _attr_shapes(node, len(data)) or [TensorShape(None)] * len(data)
        specs = list(zip(types, shapes))
        test = self._instantiate(_func(node, "cond"), specs, node.name)
        step = self._instantiate(_func(node, "body"), specs, node.name)
        if len(step.rets) != len(data) or any(t.dtype.base_dtype is not d for t, d in zip(step.rets, types)):
            raise ValueError(f"body function '{step.name}' must return the loop variables' types "
                             f"({', '.join(d.name for d in types)})")
        keep_going = test.outputs()
        if len(keep_going) != 1 or keep_going[0].dtype.base_dtype is not _dtypes.bool:
            raise ValueError(f"cond function '{test.name}' must return one bool")
        layout = {key: node.attr[_SF + key] for key in ("num_loop_vars", "num_collected", "has_max", "keep_states")
                  if _SF + key in node.attr}
        n = layout["num_loop_vars"].i if "num_loop_vars" in layout else len(data)
        collected = layout["num_collected"].i if "num_collected" in layout else 0
        has_max = bool(layout["has_max"].b) if "has_max" in layout else False
        keep_states = bool(layout["keep_states"].b) if "keep_states" in layout else True
        offset = 2 if has_max else 0
        lists = offset + n + collected  # TF's loop variables before the outer tensors
        if lists > len(data):
            raise ValueError(f"{_SF}num_loop_vars={n} does not fit its {len(data)} inputs")
        fed = slice(offset, offset + n), slice(lists, len(data))
        outputs = step.outputs()[:n + collected] if collected else step.rets[offset:offset + n]
        if len(outputs) != n + collected:
            raise ValueError(f"body function '{step.name}' records {len(outputs)} outputs, not {n + collected}")
        cond = test.subgraph(test.args[fed[0]] + test.args[fed[1]], keep_going, "cond")
        body = step.subgraph(step.args[fed[0]] + step.args[fed[1]], outputs, "body")
        inputs = list(data[fed[0]]) + ([data[1]] if has_max else []) + list(data[fed[1]])
        extra = outputs[n:]
        op = self.graph.create_op(REGISTRY["While"], [inputs], dict(
            cond=cond, body=body, T=tuple(types[fed[0]]) + tuple(t.dtype.base_dtype for t in extra),
            output_shapes=tuple(shapes[fed[0]]) + tuple(TensorShape([None]).concatenate(t.shape) for t in extra),
            parallel_iterations=node.attr["parallel_iterations"].i if "parallel_iterations" in node.attr else 10,
            num_loop_vars=n, num_collected=collected, has_max=has_max, keep_states=keep_states), name=node.name)
        finals, stacked, history = op.outputs[:n], op.outputs[n:n + collected], op.outputs[-1]
        head = [None, data[1]] if has_max else []
        # where TF's loop holds a TensorList of the collected values, the stacked values: the node stacking
        # them in the file (a "stacked" helper) reads as them
        return op, head + finals + stacked + list(data[fed[1]]) + [history]

    @staticmethod
    def helper_outputs(node, data):
        """For a node sessionflow wrote only for TF's form of a While (HELPER_ATTR): None for one it skips,
        [the While's stacked values] for the TensorListStack of a collected value. False for any other node."""
        if HELPER_ATTR not in node.attr:
            return False
        kind = node.attr[HELPER_ATTR].s
        if kind == b"stacked" and data and isinstance(data[0], Tensor) and data[0].dtype is not _dtypes.variant:
            return [data[0]]
        if kind == b"skip":
            return None
        raise ValueError(f"node '{node.name}' is marked {HELPER_ATTR}={kind!r} but is not one sessionflow wrote")

    def plain_subgraph(self, name, owner):
        """The Subgraph a node's attr names by function: its arguments are its inputs, in order."""
        fdef = self._function(name, owner)
        specs = []
        for index, arg in enumerate(fdef.signature.input_arg):
            shapes = fdef.arg_attr[index].attr["_output_shapes"].list.shape if index in fdef.arg_attr else ()
            specs.append((_arg_dtype(fdef, arg), TensorShape(protos.proto_to_shape(shapes[0])) if shapes
                          else TensorShape(None)))
        instance = self._instantiate(name, specs, owner)
        return instance.subgraph(instance.args, instance.outputs(), name)

    # --- functions --------------------------------------------------------------------------------------
    def _function(self, name, owner):
        fdef = self.functions.get(name)
        if fdef is None:
            raise ValueError(f"node '{owner}' calls function '{name}', which is not in the GraphDef's library")
        return fdef

    def _fresh_scope(self, base: str) -> str:
        """A name scope (from the top) that no op has and no node still to be imported will have."""
        with self.graph.name_scope(None):
            name, count = base, 0
            while name in self._taken or self.graph.unique_name(name, mark_as_used=False) != name:
                count += 1
                name = f"{base}_{count}"
            self._taken.add(name)
            self.graph.unique_name(name)
        return name

    def _instantiate(self, name, specs, owner) -> "_Instance":
        """Creates the ops of function `name` (its arguments fed with values of `specs`: (dtype, shape))."""
        fdef = self._function(name, owner)
        signature = fdef.signature
        if len(specs) != len(signature.input_arg):
            raise ValueError(f"function '{name}' takes {len(signature.input_arg)} arguments; node '{owner}' "
                             f"gives it {len(specs)}")
        if name in self._active:
            raise ValueError(f"function '{name}' calls itself (through {' -> '.join(self._active)})")
        from .graph_def import _dependency_order

        nodes = {}
        for n in fdef.node_def:
            if n.name in nodes:
                raise ValueError(f"function '{name}' has two nodes named '{n.name}'")
            nodes[n.name] = n
        args = [a.name for a in signature.input_arg]
        if len(set(args)) != len(args) or set(args) & set(nodes):
            raise ValueError(f"function '{name}' reuses a name among its arguments and nodes")
        deps = {n.name: [_ref_node(text) for text in n.input if _ref_node(text) not in args] for n in nodes.values()}
        for node_name, refs in deps.items():
            for ref in refs:
                if ref not in nodes:
                    raise ValueError(f"function '{name}': node '{node_name}' reads '{ref}', which is neither an "
                                     "argument nor a node of the function")
        order = _dependency_order(nodes, deps, f"function '{name}'")
        scope = self._fresh_scope(f"{self.graph.get_name_scope() + '/' if self.graph.get_name_scope() else ''}"
                                  f"{owner}/{name}")
        graph = self.graph
        self._active.append(name)

        def build():
            with graph.name_scope(scope + "/"):
                fed = [REGISTRY["LoopVariable"](dtype=dtype, shape=shape, name=arg.name)
                       for arg, (dtype, shape) in zip(signature.input_arg, specs)]
                for arg, t in zip(signature.input_arg, fed):
                    if _arg_dtype(fdef, arg) is not t.dtype:
                        raise ValueError(f"function '{name}' argument '{arg.name}' is {_arg_dtype(fdef, arg).name}; "
                                         f"node '{owner}' gives it {t.dtype.name}")
                instance = _Instance(name, fdef, fed)
                for node in order:
                    data, control = [], []
                    for text in node.input:
                        if text.startswith("^"):
                            control.append(instance.created[text[1:]][0])
                        else:
                            data.append(instance.resolve(text))
                    control = [c for c in control if c is not None]  # a helper node is no op
                    try:
                        op, outputs = self.create_node(node, data)
                    except (TypeError, ValueError, AttributeError, KeyError, IndexError) as e:
                        raise ValueError(f"function '{name}', node '{node.name}' ({node.op}): {e}") from e
                    for c in control if op is not None else ():
                        op._add_control_input(c)
                    instance.created[node.name] = (op, outputs)
                instance.finish(graph)
                return instance

        try:
            instance, _ = functional._trace(build)
        finally:
            self._active.pop()
        return instance


class _Instance:
    """The ops of one instantiated function: `args` (the fed LoopVariable tensors), `created` (node name ->
    (op, outputs in TF's order)), its rets as tensors, its control rets and the tensors it saves."""

    def __init__(self, name, fdef, args):
        self.name = name
        self.fdef = fdef
        self.args = args
        self._by_name = {a.name: t for a, t in zip(fdef.signature.input_arg, args)}
        self._types = {n.name: n.op for n in fdef.node_def}
        self.created: dict = {}
        self.rets: list = []
        self.controls: list = []
        self.saved: list = []

    def resolve(self, text: str):
        """The tensor a function input names: `arg`, `node:out_arg:index` (or `node:out_arg`)."""
        if text in self._by_name:
            return self._by_name[text]
        parts = text.split(":")
        entry = self.created.get(parts[0])
        index = int(parts[2]) if len(parts) == 3 and parts[2].isdigit() else 0 if len(parts) == 2 else None
        if entry is None or index is None:
            raise ValueError(f"function '{self.name}': '{text}' names no argument or node output")
        outputs = entry[1]
        if outputs is None:
            return None  # a helper node sessionflow skips: only other helpers and the While read it
        position = output_position(self._types[parts[0]], len(outputs), parts[1], index)
        if position is None or outputs[position] is None:
            raise ValueError(f"function '{self.name}': '{text}' names no output of node '{parts[0]}' "
                             f"({self._types[parts[0]]})")
        return outputs[position]

    def finish(self, graph):
        """Resolves the rets, control rets and saved values (inside the trace: guards are sub-graph ops)."""
        fdef = self.fdef
        for arg in fdef.signature.output_arg:
            if arg.name not in fdef.ret:
                raise ValueError(f"function '{self.name}' has no ret for its output '{arg.name}'")
            self.rets.append(self.resolve(fdef.ret[arg.name]))
        for key in list(fdef.signature.control_output) or sorted(fdef.control_ret):
            node = fdef.control_ret.get(key, key)
            if node not in self.created:
                raise ValueError(f"function '{self.name}': control ret '{key}' names no node")
            self.controls.append(self.created[node][0])
        if self.controls and self.rets:
            from ..ops.array import identity

            with graph.control_dependencies(self.controls):
                self.rets = [identity(t, name=f"{arg.name}/after_control_rets")
                             for t, arg in zip(self.rets, fdef.signature.output_arg)]
            self.controls = []
        if _SF + "saved" in fdef.attr:
            self.saved = [self.resolve(r.decode()) for r in fdef.attr[_SF + "saved"].list.s]
        if _SF + "outputs" in fdef.attr:
            self.own_outputs = [self.resolve(r.decode()) for r in fdef.attr[_SF + "outputs"].list.s]

    def outputs(self) -> list:
        """The sub-graph's outputs: the rets (or the outputs sessionflow recorded), else the control rets."""
        return list(getattr(self, "own_outputs", None) or self.rets) or list(self.controls)

    def args_reached(self, roots) -> list:
        """Indices of the arguments `roots` depend on."""
        reached = _walk(roots, set(self.args))[1]
        return [i for i, t in enumerate(self.args) if t in reached]

    def subgraph(self, inputs, outputs, role):
        """The Subgraph computing `outputs` (and the saved values) from `inputs` (some of `args`)."""
        ops, reached = _walk(list(outputs) + self.saved, set(self.args))
        missing = [t for t in self.args if t in reached and t not in inputs]
        if missing:
            raise ValueError(f"function '{self.name}' needs argument(s) {[t.op.name for t in missing]}, which "
                             "are not fed here")
        subgraph = functional.Subgraph(ops, inputs, outputs, f"{self.name}/{role}")
        for t in self.saved:
            subgraph.keep(t)
        return subgraph


def _walk(roots, stop: set):
    """(ops needed for `roots` (tensors and ops), the `stop` tensors they read)."""
    ops, reached = set(), set()
    stack = [r for r in roots if not isinstance(r, Tensor) or r not in stop]
    reached.update(r for r in roots if isinstance(r, Tensor) and r in stop)
    while stack:
        item = stack.pop()
        op = item.op if isinstance(item, Tensor) else item
        if op in ops:
            continue
        ops.add(op)
        for t in op.inputs:
            if t in stop:
                reached.add(t)
            else:
                stack.append(t.op)
        stack.extend(op.control_inputs)
    return ops, reached


def _ref_node(text: str) -> str:
    return text.lstrip("^").split(":")[0]


def _called(node) -> list:
    """Names of the functions a NodeDef's attrs refer to."""
    names = []
    for value in node.attr.values():
        if value.WhichOneof("value") == "func":
            names.append(value.func.name)
        elif value.WhichOneof("value") == "list":
            names.extend(f.name for f in value.list.func)
    return names


def _func(node, key) -> str:
    if key not in node.attr or node.attr[key].WhichOneof("value") != "func":
        raise ValueError(f"NodeDef is missing required attr(s) {key}")
    return node.attr[key].func.name


def _attr_types(node, key) -> list:
    from .graph_def import _as_dtype

    return [_as_dtype(t) for t in node.attr[key].list.type] if key in node.attr else []


def _attr_shapes(node, count):
    """The node's `output_shapes` when it lists `count` of them, else None."""
    shapes = node.attr["output_shapes"].list.shape if "output_shapes" in node.attr else ()
    if len(shapes) != count:
        return None
    return [TensorShape(protos.proto_to_shape(s)) for s in shapes]


def _arg_dtype(fdef, arg):
    from .graph_def import _as_dtype

    if not arg.type:
        raise ValueError(f"function '{fdef.signature.name}' argument '{arg.name}' has no fixed type "
                         f"({arg.type_attr or arg.type_list_attr}); sessionflow imports only concrete functions")
    return _as_dtype(arg.type)
