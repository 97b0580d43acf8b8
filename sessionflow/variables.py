"""`tf.Variable` and the variable initializers and queries of `tf.*`.

A TF1 variable is three ops: the variable (VariableV2, or VarHandleOp for resource variables), an
`Assign` of its initial value (its `initializer`), and a `read` snapshot that consumers use.
Running the initializer re-assigns the initial value, and a random initial value is a fresh draw:
that is what re-running `tf.global_variables_initializer()` does.
"""

from __future__ import annotations

import contextlib

import enum

from .framework import dtypes
from .framework.api import tf_export
from .framework.graph import GraphKeys, Operation, Tensor, get_default_graph
from .framework.scopes import init_scope
from .framework.tensor_shape import TensorShape, as_shape
from .ops import control_flow, math as math_ops, math_operators, state
from .ops.array import Identity, Rank, boolean_mask, stack
from .ops.array_slicing import slice_helper
from .ops.constant import constant, convert_to_tensor, register_tensor_conversion_function

_resource_variables_by_default = False


def enable_resource_variables():
    """Makes `tf.Variable` create resource variables (as TF 2 does)."""
    global _resource_variables_by_default
    _resource_variables_by_default = True


def disable_resource_variables():
    global _resource_variables_by_default
    _resource_variables_by_default = False


def resource_variables_enabled() -> bool:
    return _resource_variables_by_default


@tf_export("VariableSynchronization")
class VariableSynchronization(enum.Enum):
    """When a distributed variable is synchronized (TF's enum; one replica here, so it is only recorded)."""

    AUTO = 0
    NONE = 1
    ON_WRITE = 2
    ON_READ = 3


@tf_export("VariableAggregation")
class VariableAggregation(enum.Enum):
    """How a distributed variable's updates are combined (TF 1.x's enum, with ONLY_FIRST_TOWER)."""

    NONE = 0
    SUM = 1
    MEAN = 2
    ONLY_FIRST_REPLICA = 3
    ONLY_FIRST_TOWER = 3


class _VariableMeta(type):
    """`tf.Variable(...)` goes through the graph's variable creators first (tf.variable_creator_scope)."""

    def __call__(cls, *args, **kwargs):
        if cls is Variable:
            from .tf2.variable_creator import create_through_creators, creator_stack

            if creator_stack():
                names = Variable.__init__.__code__.co_varnames[1:Variable.__init__.__code__.co_argcount]
                kwargs = dict(zip(names, args), **kwargs)
                return create_through_creators(lambda **kw: type.__call__(cls, **kw), kwargs)
        return type.__call__(cls, *args, **kwargs)


class Variable(metaclass=_VariableMeta):
    """A TF1 variable: a named, trainable piece of session state with an initial value.

    `tf.Variable(initial_value, trainable=True, collections=None, validate_shape=True, name=None,
    dtype=None, use_resource=None, ...)`; `initial_value` may be a callable (called inside the
    variable's `Initializer` name scope).
    """

    _save_slice_info = None  # TF's: set only on the parts of a partitioned variable (partitioned_variables.py)

    def __init__(self, initial_value=None, trainable=None, collections=None, validate_shape=True,
                 caching_device=None, name=None, variable_def=None, dtype=None, expected_shape=None,
                 import_scope=None, constraint=None, use_resource=None, synchronization=None,
                 aggregation=None, shape=None):
        if variable_def is not None:
            self._init_from_def(variable_def, import_scope)
            return
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        trainable = True if trainable is None else trainable
        if collections is None:
            collections = [GraphKeys.GLOBAL_VARIABLES]
        if not isinstance(collections, (list, tuple, set)):
            raise ValueError(f"collections argument to Variable constructor must be a list, tuple, or set. "
                             f"Got {collections} of type {type(collections)}")
        collections = list(collections)
        if trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
            collections.append(GraphKeys.TRAINABLE_VARIABLES)
        self._use_resource = _resource_variables_by_default if use_resource is None else use_resource
        self._trainable = trainable
        self._constraint = constraint
        graph = get_default_graph()
        init_from_fn = callable(initial_value)
        # As TF: the variable's ops (initial value included) are built in an init_scope, outside any
        # control dependencies or tf.cond/while_loop being built, so its initializer runs on its own.
        with init_scope(), graph.name_scope(name or "Variable") as scope, contextlib.ExitStack() as colocated:
            if init_from_fn:
                # TF builds a callable's initial value outside the device scopes, colocated with the
                # variable, which does not exist yet: its ops (and the variable's own op) are given the
                # variable's colocation group by name.
                colocated.enter_context(graph._colocation_class_scope(scope[:-1]))
                with graph.name_scope("Initializer"), graph.device(None):
                    initial_value = convert_to_tensor(initial_value(), name="initial_value", dtype=dtype)
            elif self._use_resource:
                # A resource variable converts any initial value outside the device scopes.
                with graph.name_scope("Initializer"), graph.device(None):
                    initial_value = convert_to_tensor(initial_value, name="initial_value", dtype=dtype)
                if initial_value.op._ctx is not None:
                    raise ValueError(f"The `initial_value` passed to `tf.Variable` {scope} is from inside a "
                                     "control-flow  construct, such as a loop or conditional. When creating a "
                                     "`tf.Variable` inside a loop or conditional, use a lambda as the "
                                     f"`initial_value`. Got: initial_value=({initial_value})")
            else:
                initial_value = convert_to_tensor(initial_value, name="initial_value", dtype=dtype)
                if initial_value.op._ctx is not None:
                    raise ValueError(f"Initializer for variable {scope} is from inside a control-flow construct, "
                                     "such as a loop or conditional. When creating a variable inside a loop or "
                                     "conditional, use a lambda as the initializer.")
            if dtype is not None and initial_value.dtype.base_dtype is not dtypes.as_dtype(dtype).base_dtype:
                initial_value = math_ops.cast(initial_value, dtype)
            if shape is not None:
                shape = as_shape(shape)
                if not shape.is_compatible_with(initial_value.shape):
                    raise ValueError(f"The initial value's shape ({initial_value.shape}) is not compatible with the "
                                     f"explicitly supplied `shape` argument ({shape}).")
            else:
                shape = initial_value.shape if validate_shape else TensorShape(None)
                if validate_shape and not shape.is_fully_defined():
                    raise ValueError(f"initial_value must have a shape specified: {initial_value}")
            self._initial_value = initial_value
            self._shape = shape
            self._validate_shape = validate_shape
            base = initial_value.dtype.base_dtype
            if self._use_resource:
                self._build_resource(base, shape, scope, colocated)
            else:
                self._build_ref(base, shape, scope, validate_shape, colocated)
        graph.add_to_collections(collections, self)

    def _init_from_def(self, variable_def, import_scope):
        """Attaches to the ops a VariableDef (from a MetaGraphDef) names in the default graph."""
        graph = get_default_graph()

        def element(name):
            return graph.as_graph_element(f"{import_scope}/{name}" if import_scope else name)

        self._variable = element(variable_def.variable_name)
        self._initializer_op = element(variable_def.initializer_name)
        self._snapshot = element(variable_def.snapshot_name)
        self._initial_value = element(variable_def.initial_value_name) if variable_def.initial_value_name else None
        self._trainable = variable_def.trainable
        self._constraint = None
        self._use_resource = variable_def.is_resource
        self._handle = self._variable if variable_def.is_resource else None
        self._shape = self._snapshot.shape if variable_def.is_resource else self._variable.shape
        if variable_def.HasField("save_slice_info_def"):
            from .partitioned_variables import SaveSliceInfo

            self._save_slice_info = SaveSliceInfo(save_slice_info_def=variable_def.save_slice_info_def,
                                                  import_scope=import_scope)

    def _build_ref(self, dtype, shape, scope, validate_shape, colocated):
        self._variable = state.VariableV2(shape=shape, dtype=dtype, name=scope)
        colocated.close()  # the Assign is colocated with the variable it writes, the read with it explicitly
        self._initializer_op = state.Assign(self._variable, self._initial_value, validate_shape=validate_shape,
                                            name="Assign").op
        with get_default_graph().colocate_with(self._variable.op):
            self._snapshot = Identity(self._variable, name="read")
        self._handle = None

    def _build_resource(self, dtype, shape, scope, colocated):
        self._handle = state.VarHandleOp(dtype=dtype, shape=shape, shared_name=scope[:-1], name=scope)
        colocated.close()
        self._variable = self._handle
        with get_default_graph().name_scope("IsInitialized"):
            self._is_initialized_op = state.VarIsInitializedOp(self._handle)
        with get_default_graph().name_scope("Assign") as assign_scope:  # TF names the op `<var>/Assign`
            self._initializer_op = state.AssignVariableOp(self._handle, self._initial_value, dtype=dtype,
                                                          name=assign_scope)
        with get_default_graph().name_scope("Read"):
            self._snapshot = state.ReadVariableOp(self._handle, dtype=dtype, name="ReadVariableOp")

    # --- identity -------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._variable.name

    @property
    def op(self) -> Operation:
        return self._variable.op

    @property
    def graph(self):
        return self._variable.graph

    @property
    def dtype(self) -> dtypes.DType:
        return self._variable.dtype if self._handle is None else self._snapshot.dtype

    @property
    def shape(self) -> TensorShape:
        return self._shape

    def get_shape(self) -> TensorShape:
        return self._shape

    @property
    def device(self) -> str:
        """The device the variable's op (its handle, for a resource variable) asks for, as TF's."""
        return self._variable.device

    @property
    def trainable(self) -> bool:
        return self._trainable

    @property
    def constraint(self):
        return self._constraint

    @property
    def initializer(self) -> Operation:
        return self._initializer_op

    @property
    def initial_value(self) -> Tensor:
        return self._initial_value

    @property
    def handle(self) -> Tensor:
        """The resource handle of a resource variable (a reference variable has none, as in TF)."""
        if self._handle is None:
            raise AttributeError("'RefVariable' object has no attribute 'handle'")
        return self._handle

    def _as_graph_element(self):
        return self._variable if self._handle is None else self._snapshot

    def _ref(self):
        return self._variable

    def _variable_dtype(self):
        return self.dtype.base_dtype

    # --- values ---------------------------------------------------------------------------
    def value(self) -> Tensor:
        """What consumers read: the snapshot `name/read` of a reference variable (which reads the
        variable when its consumer runs); for a resource variable a new ReadVariableOp, made here,
        under the current control dependencies and inside the current branch or loop body (TF's
        `value()`), so a read sees the updates it depends on."""
        if self._handle is None:
            return self._snapshot
        return state.ReadVariableOp(self._handle, dtype=self.dtype.base_dtype, name="ReadVariableOp")

    def read_value(self) -> Tensor:
        """A new read of the variable: an Identity named `read` of a reference variable, or, for a
        resource variable, the Identity of a ReadVariableOp made in a `Read` name scope, as TF builds it."""
        if self._handle is None:
            return Identity(self._variable, name="read")
        with get_default_graph().name_scope("Read"):
            value = state.ReadVariableOp(self._handle, dtype=self.dtype.base_dtype, name="ReadVariableOp")
        return Identity(value, name="Identity")

    def sparse_read(self, indices, name=None) -> Tensor:
        """Rows `indices` of a resource variable, read when this op runs (one ResourceGather; its gradient
        is IndexedSlices). A reference variable has no sparse read (AttributeError, as TF's RefVariable):
        `tf.gather` then reads it whole."""
        if self._handle is None:
            raise AttributeError("'RefVariable' object has no attribute 'sparse_read'")
        with get_default_graph().name_scope("Gather" if name is None else name) as scope:
            indices = convert_to_tensor(indices, name="indices")
            return state.ResourceGather(self._handle, indices, dtype=self.dtype.base_dtype, name=scope)

    def initialized_value(self) -> Tensor:
        """The variable's value if it is initialized, else its initial value (for initializing other
        variables from this one)."""
        with init_scope():
            return state.InitializedValue(_key_tensor(self), self._initial_value, name="cond")

    def eval(self, session=None):
        return self._as_graph_element().eval(session=session)

    def load(self, value, session=None):
        """Stores `value` into the variable in `session` (the default session when None)."""
        from .runtime.session import default_session_for

        session = default_session_for(self.graph, session, "load variable")
        session.run(self._initializer_op, {self._initializer_op.inputs[1]: value})

    def set_shape(self, shape):
        self._shape = self._shape.merge_with(shape)

    # --- updates --------------------------------------------------------------------------
    def _update(self, ref_op, resource_op, default_name, value, use_locking, name, read_value):
        """TF's RefVariable/ResourceVariable update methods: `read_value=False` returns the update
        Operation; otherwise a reference variable returns the op's output (the new value) and a
        resource variable a read of the variable after the update."""
        dtype = self.dtype.base_dtype
        if isinstance(value, Tensor) and value.dtype.base_dtype is not dtype:
            raise TypeError(f"Input 'value' of '{ref_op.type}' Op has type {value.dtype.base_dtype.name} that does "
                            f"not match type {dtype.name} of argument 'ref'.")
        graph = get_default_graph()
        if self._handle is None:
            with graph.name_scope(name or default_name) as scope:
                value = convert_to_tensor(value, dtype=dtype, name="value")
                result = ref_op(self._variable, value, use_locking=use_locking, name=scope)
            return result if read_value else result.op
        value = convert_to_tensor(value, dtype=dtype)
        if resource_op is state.AssignVariableOp and not self._shape.is_compatible_with(value.shape):
            raise ValueError(f"Cannot assign value to variable ' {self.name}': Shape mismatch.The variable shape "
                             f"{self._shape}, and the assigned value shape {value.shape} are incompatible.")
        attrs = {}
        if resource_op is state.AssignVariableOp:  # checked when it runs, as TF's assign asks of its op
            attrs["validate_shape"] = getattr(self, "_validate_shape", True) and self._shape.is_fully_defined()
        update = resource_op(self._handle, value, dtype=dtype, name=name or resource_op.type, **attrs)
        return _UnreadVariable(self, update) if read_value else update

    def assign(self, value, use_locking=False, name=None, read_value=True):
        """An op that stores `value`; running it returns the new value (`read_value=False`: the
        Operation itself)."""
        return self._update(state.Assign, state.AssignVariableOp, "Assign", value, use_locking, name, read_value)

    def assign_add(self, delta, use_locking=False, name=None, read_value=True):
        return self._update(state.AssignAdd, state.AssignAddVariableOp, "AssignAdd", delta, use_locking, name,
                            read_value)

    def scatter_sub(self, sparse_delta, use_locking=False, name=None):
        """Subtracts IndexedSlices `sparse_delta` from the rows it names."""
        return scatter_sub(self, sparse_delta.indices, sparse_delta.values, use_locking=use_locking, name=name)

    def scatter_add(self, sparse_delta, use_locking=False, name=None):
        """Adds IndexedSlices `sparse_delta` to the rows it names."""
        return scatter_add(self, sparse_delta.indices, sparse_delta.values, use_locking=use_locking, name=name)

    def scatter_update(self, sparse_delta, use_locking=False, name=None):
        """Sets the rows IndexedSlices `sparse_delta` names."""
        return scatter_update(self, sparse_delta.indices, sparse_delta.values, use_locking=use_locking,
                              name=name)

    def count_up_to(self, limit):
        """Adds 1 to this integer variable each run and gives its value before; OutOfRangeError at `limit`."""
        return state.count_up_to(self, limit)

    def assign_sub(self, delta, use_locking=False, name=None, read_value=True):
        return self._update(state.AssignSub, state.AssignSubVariableOp, "AssignSub", delta, use_locking, name,
                            read_value)

    # --- protocol -------------------------------------------------------------------------
    def __repr__(self):
        return f"<tf.Variable '{self.name}' shape={self._shape} dtype={self.dtype.name}>"

    def __getitem__(self, spec):
        return slice_helper(self.value(), spec)

    def __bool__(self):
        if self._handle is not None:
            raise TypeError("Using a `tf.Variable` as a Python `bool` is not allowed.")
        return True  # TF1 reference variables are plain Python objects here: always truthy

    def __iter__(self):
        raise TypeError("'Variable' object is not iterable.")

    __hash__ = object.__hash__
    __array_priority__ = 100


class _UnreadVariable(Variable):
    """What a resource variable's assign*/scatter_* return, as in TF: the variable as it is after the
    update `op`. Every read of it (conversion, value(), read_value()) is a ReadVariableOp that runs
    after the update; fetching it fetches the read made with it; updates chained on it run after it."""

    def __init__(self, parent: Variable, update: Operation):  # creates no variable: it views `parent`
        self._parent_op = update
        self._handle = self._variable = parent._handle
        for attr in ("_shape", "_trainable", "_constraint", "_initial_value", "_initializer_op", "_use_resource"):
            setattr(self, attr, getattr(parent, attr))
        self._snapshot = self.value()

    @property
    def name(self) -> str:
        return self._parent_op.name

    @property
    def op(self) -> Operation:
        return self._parent_op

    @property
    def dtype(self) -> dtypes.DType:
        return self._handle.op.attrs["dtype"]

    def value(self) -> Tensor:
        with get_default_graph().control_dependencies([self._parent_op]):
            return state.ReadVariableOp(self._handle, dtype=self.dtype.base_dtype, name="ReadVariableOp")

    read_value = value

    def _update(self, *args):
        with get_default_graph().control_dependencies([self._parent_op]):
            return super()._update(*args)


def _read_for_conversion(v: Variable, dtype=None, name=None, as_ref=False) -> Tensor:
    if dtype is not None and not dtype.is_compatible_with(v.dtype):
        raise ValueError(f"Incompatible type conversion requested to type '{dtype.name}' for variable of type "
                         f"'{v.dtype.name}'")
    if as_ref:
        return v._ref()
    return v.value()  # a resource variable: a new read each use


register_tensor_conversion_function(Variable, _read_for_conversion)
math_operators.install_operators(Variable, lambda v: v.value())

VariableV1 = Variable


# --- collections and initializers -------------------------------------------------------------

def global_variables(scope=None) -> list:
    return get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


all_variables = global_variables


def local_variables(scope=None) -> list:
    return get_default_graph().get_collection(GraphKeys.LOCAL_VARIABLES, scope)


def trainable_variables(scope=None) -> list:
    return get_default_graph().get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


def model_variables(scope=None) -> list:
    return get_default_graph().get_collection(GraphKeys.MODEL_VARIABLES, scope)


def moving_average_variables(scope=None) -> list:
    return get_default_graph().get_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, scope)


def variables_initializer(var_list, name="init") -> Operation:
    """An op running every variable's initializer: re-running it resets them all."""
    if var_list:
        return control_flow.group(*[v.initializer for v in var_list], name=name)
    return control_flow.no_op(name=name)


initialize_variables = variables_initializer


def global_variables_initializer() -> Operation:
    return variables_initializer(global_variables())


initialize_all_variables = global_variables_initializer


def local_variables_initializer() -> Operation:
    return variables_initializer(local_variables(), name="init")


initialize_local_variables = local_variables_initializer


def is_variable_initialized(variable) -> Tensor:
    if variable._handle is not None:
        return state.VarIsInitializedOp(variable._handle, name="IsInitialized")
    return state.IsVariableInitialized(variable._ref(), dtype=variable.dtype.base_dtype,
                                       name="IsVariableInitialized")


def _variable_list(var_list):
    if var_list is None:
        var_list = global_variables() + local_variables()
    return list(var_list)


def report_uninitialized_variables(var_list=None, name="report_uninitialized_variables") -> Tensor:
    """A 1-D string tensor with the names of the variables not initialized in the running session."""
    var_list = _variable_list(var_list)
    graph = get_default_graph()
    with graph.name_scope(name):
        if not var_list:
            return constant([], dtype=dtypes.string)
        mask = math_ops.logical_not(stack([is_variable_initialized(v) for v in var_list]))
        names = constant([v.op.name for v in var_list])
        return boolean_mask(names, mask)


def assert_variables_initialized(var_list=None):
    """An op that fails (FailedPreconditionError) when any of the variables is uninitialized."""
    var_list = _variable_list(var_list)
    if not var_list:
        return None
    with get_default_graph().name_scope("assert_variables_initialized"):
        ranks = [Rank(v.value(), name="Rank") for v in var_list]  # a Rank op, not a folded Const: it reads v
        return ranks[0] if len(ranks) == 1 else stack(ranks)


def uninitialized_variables_initializer(var_list=None, name="init_uninitialized") -> Operation:
    """sessionflow's own (not in TF): an op that initializes only the variables that are not yet
    initialized in the running session. Re-running it changes nothing: "initialize once"."""
    var_list = _variable_list(var_list)
    graph = get_default_graph()
    with graph.name_scope(name) as scope:
        initializers = [state.InitializeIfNeeded(_key_tensor(v), v._initial_value) for v in var_list]
        return control_flow.group(*initializers, name=scope)


def _key_tensor(v: Variable) -> Tensor:
    return v._handle if v._handle is not None else v._ref()


# --- TF1 state functions ----------------------------------------------------------------------

def _as_ref_tensor(ref):
    return ref._ref() if isinstance(ref, Variable) else ref


def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    if isinstance(ref, Variable) and ref._handle is not None:
        return ref.assign(value, name=name)
    graph = get_default_graph()
    with graph.name_scope(name or "Assign") as scope:
        ref = _as_ref_tensor(ref)
        value = convert_to_tensor(value, dtype=ref.dtype.base_dtype, name="value")
        return state.Assign(ref, value, validate_shape=True if validate_shape is None else validate_shape,
                            use_locking=True if use_locking is None else use_locking, name=scope)


def assign_add(ref, value, use_locking=None, name=None):
    if isinstance(ref, Variable):
        return ref.assign_add(value, use_locking=bool(use_locking), name=name)
    if not ref.dtype._is_ref_dtype:  # TF: anything else is asked for its own assign_add (a Tensor: AttributeError)
        return ref.assign_add(value)
    with get_default_graph().name_scope(name or "AssignAdd") as scope:
        value = convert_to_tensor(value, dtype=ref.dtype.base_dtype, name="value")
        return state.AssignAdd(ref, value, use_locking=bool(use_locking), name=scope)


def assign_sub(ref, value, use_locking=None, name=None):
    if isinstance(ref, Variable):
        return ref.assign_sub(value, use_locking=bool(use_locking), name=name)
    if not ref.dtype._is_ref_dtype:  # TF: anything else is asked for its own assign_sub (a Tensor: AttributeError)
        return ref.assign_sub(value)
    with get_default_graph().name_scope(name or "AssignSub") as scope:
        value = convert_to_tensor(value, dtype=ref.dtype.base_dtype, name="value")
        return state.AssignSub(ref, value, use_locking=bool(use_locking), name=scope)


def _scatter(opdef, default_name, ref, indices, updates, use_locking, name):
    graph = get_default_graph()
    if isinstance(ref, Variable) and ref._handle is not None:  # TF: the resource op, then a read made after it
        updates = convert_to_tensor(updates, dtype=ref.dtype.base_dtype)
        resource_op = getattr(state, "Resource" + opdef.type)
        with graph.name_scope(name or resource_op.type) as scope:
            update = resource_op(ref._handle, convert_to_tensor(indices, name="indices"), updates, name=scope)
        return _UnreadVariable(ref, update)
    with graph.name_scope(name or default_name) as scope:
        ref_tensor = _as_ref_tensor(ref)
        indices = convert_to_tensor(indices, name="indices")
        updates = convert_to_tensor(updates, dtype=ref_tensor.dtype.base_dtype, name="updates")
        return opdef(ref_tensor, indices, updates, use_locking=use_locking, name=scope)


@tf_export("scatter_add")
def scatter_add(ref, indices, updates, use_locking=False, name=None):
    """ref[indices] += updates; repeated indices add up. Returns the variable's new value."""
    return _scatter(state.ScatterAdd, "ScatterAdd", ref, indices, updates, use_locking, name)


@tf_export("scatter_sub")
def scatter_sub(ref, indices, updates, use_locking=False, name=None):
    """ref[indices] -= updates; repeated indices add up. Returns the variable's new value."""
    return _scatter(state.ScatterSub, "ScatterSub", ref, indices, updates, use_locking, name)


@tf_export("scatter_update")
def scatter_update(ref, indices, updates, use_locking=True, name=None):
    """ref[indices] = updates. Returns the variable's new value."""
    return _scatter(state.ScatterUpdate, "ScatterUpdate", ref, indices, updates, use_locking, name)
