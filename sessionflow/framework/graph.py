"""Graph, Operation and Tensor: the immutable dataflow graph a Session runs.

A Graph is append-only data: ops are created in order, named uniquely (TF's `add`, `add_1`,
`scope/op` rules), and never hold values. The default-graph stack, name scopes, control-dependency
scopes and collections live here too.

Threads: as in TF, what a `with` block sets while building (the default graph, the name scope, the
control dependencies, the cond/while being traced) belongs to the thread that entered it, and each
thread has its own global default graph; a graph's names, ops and collections are shared, and ops
may be created in it from many threads at once.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import threading

from . import colocation as _colocation
from . import device_scope as _device_scope
from . import dtypes as _dtypes
from .errors import OperatorNotAllowedInGraphError
from .graph_keys import GraphKeys
from .tensor_shape import TensorShape, as_shape

__all__ = ["Graph", "Operation", "Tensor", "GraphKeys", "get_default_graph", "reset_default_graph"]

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_VALID_OP_NAME = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*$")
_VALID_SCOPE_NAME = re.compile(r"^[A-Za-z0-9_.\\/>-]*$")


def _user_site():
    """(file, line) of the innermost frame outside the sessionflow package: where the user built an op."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
    return None if frame is None else (frame.f_code.co_filename, frame.f_lineno)


def _runtime_shape(dims) -> str:
    return "[" + ",".join("?" if d is None else str(d) for d in dims) + "]"


# The context TF's shape-inference errors end with: ` for '{{node NAME}} = OP[ATTRS](INPUTS)' with input shapes: [2],
# [3].` (then maybe ` and with computed input tensors: ...`). Op declarations write ` for 'OP' with input shapes:
# ...`, or just ` for 'OP'` at the end of the message; `_name_the_node` fills in the node and the input shapes.
_NODE_CONTEXT = re.compile(r" for '(?:\{\{node [^}']*\}\} = )?([A-Za-z0-9_]+)(?:\[[^']*\](?:\([^']*\))?)?'"
                           r"(?= with input shapes: |$)")
_SHAPE = r"(?:\?|<unknown>|\[[0-9?,]*\])"
_INPUT_SHAPES = re.compile(rf" with input shapes: (?:{_SHAPE}(?:, {_SHAPE})*)?")

# Converts an op input that is not a Tensor but whose type has a registered tensor conversion function
# (IndexedSlices, variables, user types) into a Tensor, as TF's op_def_library does; returns None for any
# other value. Installed by ops.constant, which keeps the registry of conversion functions.
registered_conversion = None


def _name_the_node(error: ValueError, name, opdef, inputs, control_inputs, attrs) -> None:
    """Rewrites the context of a shape-inference error raised for a new op of type `opdef` into TF's form:
    the node as TF's `SummarizeNodeDef` prints it (sessionflow.framework.node_def.summarize) and the shapes of
    all its inputs as TF's InferenceContext prints them (`?` for an unknown rank). Messages without that
    context, or naming another op type, are left alone."""
    if len(error.args) != 1 or not isinstance(error.args[0], str):
        return
    message = error.args[0]
    match = next((m for m in _NODE_CONTEXT.finditer(message) if m.group(1) == opdef.type), None)
    if match is None:
        return
    from .node_def import summarize_new_node

    node = summarize_new_node(name, opdef, inputs, control_inputs, attrs)
    shapes = " with input shapes: " + ", ".join(
        "?" if t.shape.ndims is None else _runtime_shape(t.shape.as_tuple()) for t in inputs)
    rest = message[match.end():]
    listed = _INPUT_SHAPES.match(rest)
    rest = rest[listed.end():] if listed else "."
    error.args = (f"{message[:match.start()]} for '{node}'{shapes}{rest}",)


class Tensor:
    """A symbolic handle to one output of an Operation. Holds no value; a Session computes it."""

    # __dict__: code may set its own attributes on a Tensor, as TF's allow (tf-slim's `aliases`)
    __slots__ = ("_op", "_value_index", "_dtype", "_shape", "_consumers", "__weakref__", "__dict__")
    __array_priority__ = 100

    def __init__(self, op: "Operation", value_index: int, dtype: _dtypes.DType, shape: TensorShape):
        self._op = op
        self._value_index = value_index
        self._dtype = dtype
        self._shape = shape
        self._consumers = []

    @property
    def op(self) -> "Operation":
        return self._op

    @property
    def value_index(self) -> int:
        return self._value_index

    @property
    def dtype(self) -> _dtypes.DType:
        return self._dtype

    @property
    def graph(self) -> "Graph":
        return self._op._graph

    @property
    def name(self) -> str:
        return f"{self._op._name}:{self._value_index}"

    @property
    def device(self) -> str:
        return self._op._device

    @property
    def shape(self) -> TensorShape:
        return self._shape

    def get_shape(self) -> TensorShape:
        return self._shape

    def set_shape(self, shape):
        """Refines the static shape; ValueError (TF's message) if incompatible with what is known."""
        self._shape = self._shape.merge_as_inference(as_shape(shape))

    def consumers(self) -> list:
        return list(self._consumers)

    def eval(self, feed_dict=None, session=None):
        from ..runtime.session import default_session_for

        return default_session_for(self.graph, session, "evaluate tensor").run(self, feed_dict)

    def _as_node_def_input(self) -> str:
        return self._op._name if self._value_index == 0 else self.name

    def __repr__(self):
        return f"<tf.Tensor '{self.name}' shape={self._shape} dtype={self._dtype.name}>"

    def __str__(self):
        if self._shape.ndims is None:
            return f'Tensor("{self.name}", dtype={self._dtype.name})'
        return f'Tensor("{self.name}", shape={self._shape}, dtype={self._dtype.name})'

    def __bool__(self):
        raise OperatorNotAllowedInGraphError(
            "Using a symbolic `tf.Tensor` as a Python `bool` is not allowed. Use `if t is not None:` instead "
            "of `if t:` to test if a tensor is defined, and use TensorFlow ops such as tf.cond to execute "
            "subgraphs conditioned on the value of a tensor.")

    def __iter__(self):
        raise OperatorNotAllowedInGraphError(
            "Iterating over a symbolic `tf.Tensor` is not allowed. To iterate over this tensor use "
            "tf.map_fn or tf.unstack.")

    def __len__(self):
        raise TypeError(f"len is not well defined for symbolic Tensors. ({self.name}) Please call "
                        "`x.shape` rather than `len(x)` for shape information.")

    # Tensor equality is identity in TF1 (v1 behaviour), so tensors can be dict keys.
    __hash__ = object.__hash__


class Operation:
    """A node of the graph: an op type, its input tensors, attrs and output tensors."""

    __slots__ = ("_graph", "_name", "_opdef", "_inputs", "_control_inputs", "_attrs", "_outputs",
                 "_id", "_site", "_ctx", "_device", "_colocation", "__weakref__")

    def __init__(self, graph, name, opdef, inputs, control_inputs, attrs, specs, op_id, site, ctx=None):
        self._graph = graph
        self._name = name
        self._opdef = opdef
        self._inputs = inputs
        self._control_inputs = control_inputs
        self._attrs = attrs
        self._id = op_id
        self._site = site
        self._ctx = ctx  # the control-flow body/branch being traced when the op was created, or None
        self._device = ""  # the device asked for with tf.device (framework/device_scope.py)
        self._colocation = None  # TF's `_class` attr: the sorted colocation groups (b"loc:@op") or None
        self._outputs = tuple([Tensor(self, i, dt, sh) for i, (dt, sh) in enumerate(specs)])

    @property
    def name(self) -> str:
        return self._name

    @property
    def type(self) -> str:
        return self._opdef.type

    @property
    def opdef(self):
        return self._opdef

    @property
    def graph(self) -> "Graph":
        return self._graph

    @property
    def inputs(self) -> tuple:
        return self._inputs

    @property
    def outputs(self) -> list:
        return list(self._outputs)

    @property
    def control_inputs(self) -> list:
        return list(self._control_inputs)

    @property
    def attrs(self) -> dict:
        return self._attrs

    @property
    def device(self) -> str:
        return self._device

    @property
    def site(self):
        """(file, line) where the user created this op, or None."""
        return self._site

    def colocation_groups(self) -> list:
        """The colocation groups of this op (`loc:@name` bytes): those of its `_class` attr, else its own."""
        groups = [c for c in self._colocation or () if c.startswith(b"loc:@")]
        return groups or [f"loc:@{self._name}".encode()]

    def get_attr(self, name: str):
        """The value of attr `name` as TF's `Operation.get_attr` returns it: strings as bytes (lists of
        them as lists of bytes), and the attrs TF's NodeDef derives from the inputs (`T`, `N`, `Tin`, ...)
        as the op's OpDef declares them (registry `type_attrs`)."""
        attrs = self._attrs
        if name in attrs:
            return _tf_attr_value(attrs[name])
        if name == "_class" and self._colocation is not None:
            return list(self._colocation)
        spec = self.opdef.tf_type_attrs().get(name)
        if spec is not None:
            if not isinstance(spec, str):  # a fixed value of an attr sessionflow does not model
                return _tf_attr_value(spec)
            from ..io.graph_def import _input_groups

            groups = _input_groups(self.opdef, self._inputs)
            if spec.startswith("#"):
                return len(groups[spec[1:]])
            if spec.startswith("["):
                return [t.dtype.base_dtype for t in groups[spec[1:-1]]]
            if groups.get(spec):
                return groups[spec][0].dtype.base_dtype
        raise ValueError(f"Operation '{self._name}' has no attr named '{name}'.")

    @property
    def node_def(self):
        """This op as a NodeDef record (name, op, input, attr, device)."""
        from .node_def import NodeDef

        return NodeDef.of(self)

    def values(self) -> tuple:
        return self._outputs

    def result(self):
        """What calling the op returns: its output, a tuple of outputs, or the op when it has none."""
        outs = self._outputs
        if len(outs) == 1:
            return outs[0]
        return self if not outs else outs

    def run(self, feed_dict=None, session=None):
        from ..runtime.session import default_session_for

        default_session_for(self._graph, session, "run operation").run(self, feed_dict)

    def _add_control_input(self, op: "Operation"):
        if op not in self._control_inputs:
            self._control_inputs = self._control_inputs + [op]

    def __repr__(self):
        return f"<tf.Operation '{self._name}' type={self.type}>"

    def __str__(self):
        lines = [f'name: "{self._name}"', f'op: "{self.type}"']
        lines += [f'input: "{t._as_node_def_input()}"' for t in self._inputs]
        lines += [f'input: "^{c._name}"' for c in self._control_inputs]
        return "\n".join(lines) + "\n"

    __hash__ = object.__hash__


class _ControlDependencies:
    """One `control_dependencies` scope: its control ops and the ops created inside it."""

    __slots__ = ("control_inputs", "seen")

    def __init__(self, control_inputs):
        self.control_inputs = control_inputs
        self.seen = set()


class _BuildingState(threading.local):
    """One thread's graph-building state in one graph: its name scope, its open
    `control_dependencies` scopes and the control-flow function it is tracing (a new thread starts
    at the top level with none, as in TF)."""

    def __init__(self):
        self.name_stack = ""
        self.control_stack: list[_ControlDependencies] = []
        self.tracing = None
        self.device_stack: list = []  # open tf.device scopes (framework/device_scope.py)
        self.colocation_stack: list = []  # the ops of the open colocate_with scopes, outermost first
        self.class_scope = None  # the `_class` given to new ops while a variable builds its initial value


def _thread_attribute(name: str, doc: str) -> property:
    return property(lambda graph: getattr(graph._local, name),
                    lambda graph, value: setattr(graph._local, name, value), doc=doc)


class Graph:
    """A TensorFlow computation graph: ops, their names, collections and graph-level seed."""

    def __init__(self):
        self._ops: list[Operation] = []
        self._ops_by_name: dict[str, Operation] = {}
        self._names_in_use: dict[str, int] = {}
        self._local = _BuildingState()
        self._collections: dict[str, list] = {}
        self._finalized = False
        self._lock = threading.Lock()
        self.seed = None
        self._seed_counter = 0
        self._outer_seed_counters: list[int] = []  # the enclosing graphs' counters while a function is built
        self._gradient_override_map: dict[str, str] = {}
        self._unfeedable: set = set()
        self._unfetchable: set = set()
        self._variable_scope_state = None  # owned by sessionflow.variable_scope

    # This thread's building state (see _BuildingState); hot paths read `self._local` directly.
    _name_stack = _thread_attribute("name_stack", "This thread's name scope ('' at the top level).")
    _control_stack = _thread_attribute("control_stack", "This thread's open control_dependencies scopes.")
    _tracing = _thread_attribute("tracing", "The innermost cond/while function this thread traces, or None.")

    # --- ops ------------------------------------------------------------------------------
    def create_op(self, opdef, inputs, attrs, name=None) -> Operation:
        """Creates an Operation of `opdef` with input Tensors (lists for variadic inputs) and attrs."""
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")
        flat = self._flatten_inputs(opdef, inputs)
        full_attrs = dict(opdef.attrs)
        if attrs:
            for key, value in attrs.items():
                if key not in full_attrs:
                    raise TypeError(f"{opdef.type} got an unexpected attr {key!r}")
                full_attrs[key] = value
        if name is None:
            name = self.unique_name(opdef.type)
        elif name.endswith("/"):
            name = name[:-1]
        else:
            name = self.unique_name(name)
        if not _VALID_OP_NAME.match(name):
            raise ValueError(f"'{name}' is not a valid node name")
        if name in self._ops_by_name:
            raise ValueError(f"Duplicate node name in graph: '{name}'")
        local = self._local
        controllers = local.control_stack
        control = self._control_inputs_for(flat, controllers) if controllers else []
        try:
            spec = opdef.infer(*flat, **full_attrs)
        except ValueError as error:  # the name stays used, as in TF
            _name_the_node(error, name, opdef, flat, control, full_attrs)
            raise
        specs = spec if isinstance(spec, list) else [spec]
        specs = [(dt, sh if isinstance(sh, TensorShape) else TensorShape(sh)) for dt, sh in specs]
        if self._gradient_override_map and opdef.type in self._gradient_override_map:
            full_attrs["_gradient_op_type"] = self._gradient_override_map[opdef.type]
        tracing = local.tracing
        site = _user_site()
        self._lock.acquire()  # (not `with`: this is the hot path of graph building)
        try:
            if name in self._ops_by_name:  # an absolute name another thread took meanwhile
                raise ValueError(f"Duplicate node name in graph: '{name}'")
            op = Operation(self, name, opdef, flat, control, full_attrs, specs, len(self._ops), site, tracing)
            self._ops.append(op)
            self._ops_by_name[name] = op
        finally:
            self._lock.release()
        if tracing is not None:
            tracing.ops.append(op)
        for t in flat:
            t._consumers.append(op)
        for controller in controllers:
            controller.seen.add(op)
        refs = opdef.ref_inputs
        if refs:  # as TF, an op writing a variable is colocated with it (and so ignores the device scopes)
            refs = [flat[i].op for i in refs if i < len(flat) and flat[i].dtype._is_ref_dtype]
        if refs:
            _colocation.colocate(op, local.colocation_stack + refs, local.class_scope)
        else:
            if local.device_stack:
                op._device = _device_scope.device_of(op, local.device_stack)
            if local.colocation_stack or local.class_scope:
                _colocation.colocate(op, local.colocation_stack, local.class_scope)
        return op

    def _flatten_inputs(self, opdef, inputs) -> tuple:
        if len(inputs) != len(opdef.inputs):
            raise TypeError(f"{opdef.type} takes {len(opdef.inputs)} inputs ({', '.join(opdef.inputs)}), "
                            f"got {len(inputs)}")
        if True not in opdef.variadic:
            for t in inputs:
                if type(t) is not Tensor or t._op._graph is not self:
                    break
            else:
                return inputs
        flat = []
        for name, variadic, value in zip(opdef.inputs, opdef.variadic, inputs):
            for t in (value if variadic else (value,)):
                if not isinstance(t, Tensor):
                    converted = registered_conversion(t) if registered_conversion is not None else None
                    if converted is None:
                        raise TypeError(f"Input '{name}' of '{opdef.type}' Op must be a Tensor, got {t!r}")
                    t = converted
                if t._op._graph is not self:
                    raise ValueError(f"Tensor {t} must be from the same graph as the op being created "
                                     f"({opdef.type}).")
                flat.append(t)
        return tuple(flat)

    def get_operations(self) -> list:
        return list(self._ops)

    def as_graph_def(self, from_version=None, add_shapes=False):
        """The graph as a tensorflow.GraphDef proto: one NodeDef per op, in creation order."""
        from ..io.graph_def import graph_def_of

        return graph_def_of(self, from_version, add_shapes)

    @property
    def version(self) -> int:
        return len(self._ops)

    def get_operation_by_name(self, name) -> Operation:
        if not isinstance(name, str):
            raise TypeError(f"Operation names are strings (or similar), not {type(name).__name__}.")
        return self.as_graph_element(name, allow_tensor=False, allow_operation=True)

    def get_tensor_by_name(self, name) -> Tensor:
        if not isinstance(name, str):
            raise TypeError(f"Tensor names are strings (or similar), not {type(name).__name__}.")
        return self.as_graph_element(name, allow_tensor=True, allow_operation=False)

    def as_graph_element(self, obj, allow_tensor=True, allow_operation=True):
        """Resolves a Tensor, Operation, name or object with `_as_graph_element` in this graph."""
        if allow_tensor and allow_operation:
            kinds = "Tensor or Operation"
        elif allow_tensor:
            kinds = "Tensor"
        else:
            kinds = "Operation"
        convert = getattr(obj, "_as_graph_element", None)
        if convert is not None and not isinstance(obj, (Tensor, Operation)):
            obj = convert()
        if isinstance(obj, str):
            return self._element_by_name(obj, allow_tensor, allow_operation, kinds)
        if isinstance(obj, Tensor) and allow_tensor:
            if obj.graph is not self:
                raise ValueError(f"Tensor {obj} is not an element of this graph.")
            return obj
        if isinstance(obj, Operation) and allow_operation:
            if obj._graph is not self:
                raise ValueError(f"Operation {obj} is not an element of this graph.")
            return obj
        raise TypeError(f"Can not convert a {type(obj).__name__} into a {kinds}.")

    def _element_by_name(self, name, allow_tensor, allow_operation, kinds):
        if ":" in name:
            if not allow_tensor:
                raise ValueError(f"Name '{name}' appears to refer to a Tensor, not a {kinds}.")
            op_name, _, index = name.rpartition(":")
            try:
                index = int(index)
            except ValueError:
                raise ValueError(f"The name '{name}' looks a like a Tensor name, but is not a valid one. "
                                 "Tensor names must be of the form \"<op_name>:<output_index>\".") from None
            op = self._ops_by_name.get(op_name)
            if op is None:
                raise KeyError(f"The name '{name}' refers to a Tensor which does not exist. "
                               f"The operation, '{op_name}', does not exist in the graph.")
            if not 0 <= index < len(op._outputs):
                raise KeyError(f"The name '{name}' refers to a Tensor which does not exist. The operation, "
                               f"'{op_name}', exists but only has {len(op._outputs)} outputs.")
            return op._outputs[index]
        if not allow_operation:
            raise ValueError(f"The name '{name}' looks like an (invalid) Operation name, not a {kinds}. "
                             "Tensor names must be of the form \"<op_name>:<output_index>\".")
        op = self._ops_by_name.get(name)
        if op is None:
            raise KeyError(f"The name '{name}' refers to an Operation not in the graph.")
        return op

    # --- names ----------------------------------------------------------------------------
    def unique_name(self, name: str, mark_as_used: bool = True) -> str:
        """`name` inside this thread's name scope, suffixed `_1`, `_2`, ... if already taken (by any thread)."""
        prefix = self._local.name_stack
        if prefix:
            name = prefix + "/" + name
        key = name.lower()
        names = self._names_in_use
        self._lock.acquire()
        try:
            count = names.get(key, 0)
            if mark_as_used:
                names[key] = count + 1
            if count > 0:
                base = key
                while key in names:
                    key = f"{base}_{count}"
                    count += 1
                if mark_as_used:
                    names[key] = 1
                name = f"{name}_{count - 1}"
        finally:
            self._lock.release()
        return name

    def get_name_scope(self) -> str:
        return self._local.name_stack

    def name_scope(self, name) -> "_NameScope":
        """A context manager opening a name scope; it yields the prefix (`"scope/"`). A name ending in
        '/' is absolute, `None` or `""` returns to the top level."""
        return _NameScope(self, name)

    # --- control dependencies -------------------------------------------------------------
    @contextlib.contextmanager
    def control_dependencies(self, control_inputs):
        """Ops created inside run only after `control_inputs`; `None` clears the enclosing scopes.
        The scope holds for ops this thread creates."""
        local = self._local
        if control_inputs is None:
            saved = local.control_stack
            local.control_stack = []
            try:
                yield
            finally:
                local.control_stack = saved
            return
        ops = []
        for c in control_inputs:
            if hasattr(c, "_as_graph_element") and not isinstance(c, (Tensor, Operation)):
                c = c._as_graph_element()
            if isinstance(c, Tensor):
                c = c.op
            elif not isinstance(c, Operation):
                raise TypeError(f"Control input must be Operation or Tensor: {c!r}")
            if c._graph is not self:
                raise ValueError(f"Control input {c.name} must be from the same graph.")
            if c not in ops:
                ops.append(c)
        controller = _ControlDependencies(ops)
        stack = local.control_stack
        stack.append(controller)
        try:
            yield
        finally:
            stack.remove(controller)

    @staticmethod
    def _control_inputs_for(inputs, control_stack) -> list:
        input_ops = [t._op for t in inputs]
        result = []
        for controller in control_stack:
            if any(op in controller.seen for op in input_ops):
                continue  # an input already runs after these controls
            result.extend(c for c in controller.control_inputs if c not in input_ops and c not in result)
        return result

    # --- collections ----------------------------------------------------------------------
    def add_to_collection(self, name, value):
        self._collections.setdefault(name, []).append(value)

    def add_to_collections(self, names, value):
        names = (names,) if isinstance(names, str) else set(names)
        for name in names:
            self.add_to_collection(name, value)

    def get_collection_ref(self, name) -> list:
        return self._collections.setdefault(name, [])

    def get_collection(self, name, scope=None) -> list:
        items = self._collections.get(name, [])
        if scope is None:
            return list(items)
        pattern = re.compile(scope)
        return [item for item in items
                if getattr(item, "name", None) is not None and pattern.match(item.name)]

    def get_all_collection_keys(self) -> list:
        return [k for k, v in self._collections.items() if v is not None]

    def clear_collection(self, name):
        self._collections.pop(name, None)

    # --- lifecycle ------------------------------------------------------------------------
    def finalize(self):
        self._finalized = True

    @property
    def finalized(self) -> bool:
        return self._finalized

    def _unsafe_unfinalize(self):
        self._finalized = False

    @contextlib.contextmanager
    def as_default(self):
        _default_graphs.stack.append(self)
        try:
            yield self
        finally:
            _default_graphs.stack.remove(self)

    # --- feeding and fetching rules -------------------------------------------------------
    def prevent_feeding(self, tensor):
        self._unfeedable.add(tensor)

    def is_feedable(self, tensor) -> bool:
        return tensor not in self._unfeedable

    def prevent_fetching(self, op):
        self._unfetchable.add(op)

    def is_fetchable(self, tensor_or_op) -> bool:
        op = tensor_or_op.op if isinstance(tensor_or_op, Tensor) else tensor_or_op
        return op not in self._unfetchable

    # --- placement and other TF1 scopes that have no effect here ---------------------------
    @contextlib.contextmanager
    def device(self, device_name_or_function):
        """Ops created inside ask for this device (`op.device`); where they run is the session's choice."""
        stack = self._local.device_stack
        stack.append(_device_scope.scope_entry(device_name_or_function))
        try:
            yield
        finally:
            stack.pop()

    def colocate_with(self, op, ignore_existing=False):
        """Ops created inside join the colocation group(s) of `op` (their `_class` attr) and take its
        device when it has one; the device scopes around the block do not apply inside it (those opened
        inside do, unless `op` has a device). `ignore_existing` drops the colocations around the block;
        `op=None` (only with it) leaves none (framework/colocation.py)."""
        if op is None and not ignore_existing:
            raise ValueError("Trying to reset colocation (op is None) but ignore_existing is not True")
        return _colocation.scope(self._local, _op_to_colocate_with(op, self), ignore_existing)

    def _colocation_class_scope(self, op_name: str):
        """New ops get the `_class` attr `loc:@op_name`: a variable's initial value, built before the variable."""
        return _colocation.class_scope(self._local, op_name)

    @contextlib.contextmanager
    def container(self, container_name):
        yield

    @contextlib.contextmanager
    def gradient_override_map(self, op_type_map):
        """Ops of the mapped types created inside the block use the gradient registered (with
        `tf.RegisterGradient`) under the mapped name; it is recorded as the op's `_gradient_op_type`.
        As in TF the map belongs to the graph, not to a thread: leaving the block restores only the
        types it mapped."""
        overridden = {t: self._gradient_override_map[t] for t in op_type_map if t in self._gradient_override_map}
        self._gradient_override_map.update(op_type_map)
        try:
            yield
        finally:
            for op_type in op_type_map:
                if op_type in overridden:
                    self._gradient_override_map[op_type] = overridden[op_type]
                else:
                    self._gradient_override_map.pop(op_type, None)

    @property
    def building_function(self) -> bool:
        return False

    @property
    def graph_def_versions(self):
        return None


def _op_to_colocate_with(value, graph):
    """The Operation `colocate_with(value)` colocates with: a Tensor's op, a variable's op."""
    if value is None or isinstance(value, Operation):
        return value
    if isinstance(value, Tensor):
        return value.op
    op = getattr(value, "op", None)
    if isinstance(op, Operation):
        return op
    if registered_conversion is not None:
        converted = registered_conversion(value)
        if converted is not None:
            return converted.op
    raise TypeError(f"Can not colocate with {value!r}: it is not an Operation, a Tensor or a variable")


class _NameScope:
    """`with graph.name_scope(name) as prefix:` (a class, not a generator: it is on the hot path)."""

    __slots__ = ("_graph", "_name", "_old")

    def __init__(self, graph: Graph, name):
        self._graph = graph
        self._name = name

    def __enter__(self) -> str:
        graph, name = self._graph, self._name
        local = graph._local
        old = local.name_stack
        if name:
            if name.endswith("/"):
                new_stack = name[:-1]
            else:
                if not _VALID_SCOPE_NAME.match(name) or (not old and not _VALID_OP_NAME.match(name)):
                    raise ValueError(f"'{name}' is not a valid scope name")
                new_stack = graph.unique_name(name)
        else:
            new_stack = ""
        self._old = old
        local.name_stack = new_stack
        return new_stack + "/" if new_stack else ""

    def __exit__(self, *exc):
        self._graph._local.name_stack = self._old
        return False


class _DefaultGraphStack(threading.local):
    """This thread's default graphs: those entered with `as_default()`, and beneath them the thread's
    own global default graph (as in TF, a new thread starts with a new, empty one)."""

    def __init__(self):
        self.stack = []
        self.global_default = None


_default_graphs = _DefaultGraphStack()


def get_default_graph() -> Graph:
    """The innermost graph this thread entered with `as_default()`, else this thread's global default graph."""
    local = _default_graphs
    stack = local.stack
    if stack:
        return stack[-1]
    graph = local.global_default
    if graph is None:
        graph = local.global_default = Graph()
    return graph


def reset_default_graph():
    """Replaces this thread's global default graph with a new, empty one."""
    if _default_graphs.stack:
        raise AssertionError("Do not use tf.reset_default_graph() to clear nested graphs. If you need a "
                             "cleared graph, exit the nesting and create a new graph.")
    _default_graphs.global_default = Graph()


def _tf_attr_value(value):
    """An attr value as TF's get_attr gives it: str as UTF-8 bytes, a list of str as a list of bytes."""
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value):
        return [v.encode("utf-8") for v in value]
    return value
