"""`tf.variable_scope` and `tf.get_variable`: named, shareable variables.

Variable names depend only on the variable scope; ops created inside a scope land in a name scope
that is made unique each time the variable scope is entered (`foo`, then `foo_1`), as in TF1.
As in TF, the current variable scope (and its scope-name counts) is per thread; the variables
`get_variable` shares are per graph.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import threading
import traceback

from .framework import dtypes
from .framework.api import tf_export
from .framework.graph import GraphKeys, get_default_graph
from .framework.tensor_shape import as_shape
from . import init_ops
from .variables import Variable


class _ReuseMode(enum.Enum):
    AUTO_REUSE = 1


AUTO_REUSE = _ReuseMode.AUTO_REUSE


class VariableScope:
    """Defaults (initializer, regularizer, dtype, reuse, ...) for variables created inside a scope."""

    def __init__(self, reuse, name="", initializer=None, regularizer=None, caching_device=None,
                 partitioner=None, custom_getter=None, name_scope="", dtype=dtypes.float32,
                 use_resource=None, constraint=None):
        self._name = name
        self._reuse = reuse
        self._initializer = initializer
        self._regularizer = regularizer
        self._custom_getter = custom_getter
        self._name_scope = name_scope
        self._dtype = dtypes.as_dtype(dtype)
        self._use_resource = use_resource
        self._constraint = constraint
        self._partitioner = partitioner
        self._caching_device = caching_device

    name = property(lambda self: self._name)
    original_name_scope = property(lambda self: self._name_scope)
    reuse = property(lambda self: self._reuse)
    initializer = property(lambda self: self._initializer)
    regularizer = property(lambda self: self._regularizer)
    dtype = property(lambda self: self._dtype)
    use_resource = property(lambda self: self._use_resource)
    custom_getter = property(lambda self: self._custom_getter)
    constraint = property(lambda self: self._constraint)
    partitioner = property(lambda self: self._partitioner)
    caching_device = property(lambda self: self._caching_device)

    def reuse_variables(self):
        self._reuse = True

    def get_collection(self, name):
        """The graph's collection `name`, filtered to this scope's names (`<scope>/...`), as TF's."""
        return get_default_graph().get_collection(name, f"{self._name}/" if self._name else "")

    def trainable_variables(self):
        return self.get_collection(GraphKeys.TRAINABLE_VARIABLES)

    def global_variables(self):
        return self.get_collection(GraphKeys.GLOBAL_VARIABLES)

    def local_variables(self):
        return self.get_collection(GraphKeys.LOCAL_VARIABLES)

    def set_initializer(self, initializer):
        self._initializer = initializer

    def set_regularizer(self, regularizer):
        self._regularizer = regularizer

    def set_dtype(self, dtype):
        self._dtype = dtypes.as_dtype(dtype)

    def set_use_resource(self, use_resource):
        self._use_resource = use_resource

    def set_custom_getter(self, custom_getter):
        self._custom_getter = custom_getter

    def set_partitioner(self, partitioner):
        self._partitioner = partitioner

    def set_caching_device(self, caching_device):
        self._caching_device = caching_device

    def get_variable(self, var_store, name, shape=None, dtype=None, initializer=None, regularizer=None,
                     reuse=None, trainable=None, collections=None, caching_device=None, partitioner=None,
                     validate_shape=True, use_resource=None, custom_getter=None, constraint=None, **kwargs):
        full_name = f"{self._name}/{name}" if self._name else name
        reuse = self._reuse if reuse is None else reuse
        if reuse is False:
            reuse = None
        explicit_dtype = None if dtype is None else dtypes.as_dtype(dtype)
        dtype = self._dtype if dtype is None else explicit_dtype
        explicit_initializer = initializer
        initializer = self._initializer if initializer is None else initializer
        regularizer = self._regularizer if regularizer is None else regularizer
        use_resource = self._use_resource if use_resource is None else use_resource
        constraint = self._constraint if constraint is None else constraint
        getter = custom_getter or self._custom_getter
        partitioner = self._partitioner if partitioner is None else partitioner
        with get_default_graph().name_scope(None):
            if explicit_dtype is not None and explicit_initializer is not None and not callable(explicit_initializer):
                _check_initializer_dtype(explicit_initializer, explicit_dtype)  # the arguments given, as TF checks
            return var_store.get_variable(full_name, shape=shape, dtype=dtype, initializer=initializer,
                                          regularizer=regularizer, reuse=reuse, trainable=trainable,
                                          collections=collections, validate_shape=validate_shape,
                                          use_resource=use_resource, custom_getter=getter,
                                          constraint=constraint, partitioner=partitioner)


def _check_initializer_dtype(initializer, dtype):
    """TF's check of a constant initializer against an explicit dtype (it converts the value, adding a Const to
    the graph, as TF does)."""
    from .ops.constant import convert_to_tensor

    init_dtype = convert_to_tensor(initializer).dtype.base_dtype
    if init_dtype != dtype.base_dtype:
        raise ValueError(f"Initializer type '{init_dtype}' and explicit dtype '{dtype.base_dtype}' don't match.")


class _VariableStore:
    """The variables created by `get_variable` in one graph, by full name."""

    def __init__(self):
        self.vars: dict[str, Variable] = {}
        self.sites: dict[str, str] = {}
        # Looking a name up and creating its variable is one step, so threads asking for the same
        # name share one variable (re-entrant: a custom getter may ask for another variable).
        self.lock = threading.RLock()

    def get_variable(self, name, shape, dtype, initializer, regularizer, reuse, trainable, collections,
                     validate_shape, use_resource, custom_getter, constraint, partitioner=None):
        def true_getter(name, shape=None, dtype=dtype, initializer=initializer, regularizer=regularizer,
                        reuse=reuse, trainable=trainable, collections=collections,
                        validate_shape=validate_shape, use_resource=use_resource, constraint=constraint,
                        partitioner=partitioner, **kwargs):
            with self.lock:
                if partitioner is not None and not (isinstance(shape, (list, tuple)) and not shape) or (
                        reuse is True and name in self.__dict__.get("partitioned_vars", ())):
                    from .partitioned_variables import get_partitioned_variable

                    if partitioner is not None and not callable(partitioner):
                        raise ValueError(f"Partitioner must be callable, but received: {partitioner}")
                    return get_partitioned_variable(self, name, partitioner, shape, dtype, initializer, regularizer,
                                                    reuse, trainable, collections, validate_shape, use_resource,
                                                    constraint)
                return self._get_single(name, shape, dtype, initializer, regularizer, reuse, trainable,
                                        collections, validate_shape, use_resource, constraint)

        if custom_getter is not None:
            return custom_getter(true_getter, name, shape=shape, dtype=dtype, initializer=initializer,
                                 regularizer=regularizer, reuse=reuse, trainable=trainable,
                                 collections=collections, validate_shape=validate_shape,
                                 use_resource=use_resource, constraint=constraint, partitioner=partitioner)
        return true_getter(name, shape)

    def _get_single(self, name, shape, dtype, initializer, regularizer, reuse, trainable, collections,
                    validate_shape, use_resource, constraint, partition_info=None):
        initializing_from_value = initializer is not None and not callable(initializer)
        if initializing_from_value and shape is not None:
            raise ValueError("If initializer is a constant, do not specify shape.")
        shape = as_shape(shape)
        existing = self.vars.get(name)
        if existing is not None:
            if reuse is None:
                raise ValueError(f"Variable {name} already exists, disallowed. Did you mean to set reuse=True or "
                                 f"reuse=tf.AUTO_REUSE in VarScope? Originally defined at:\n\n{self.sites[name]}")
            if not initializing_from_value and not shape.is_compatible_with(existing.get_shape()):
                raise ValueError(f"Trying to share variable {name}, but specified shape {shape} and found shape "
                                 f"{existing.get_shape()}.")
            if dtype is not None and not dtype.is_compatible_with(existing.dtype):
                raise ValueError(f"Trying to share variable {name}, but specified dtype {dtype.name} and found "
                                 f"dtype {existing.dtype.base_dtype.name}.")
            return existing
        if reuse is True:
            raise ValueError(f"Variable {name} does not exist, or was not created with tf.get_variable(). Did you "
                             "mean to set reuse=tf.AUTO_REUSE in VarScope?")
        if initializer is None:
            initializer, initializing_from_value = _default_initializer(name, shape, dtype)
        if initializing_from_value:
            init_value, var_dtype = initializer, None
        else:
            if isinstance(initializer, type):
                initializer = initializer(dtype=dtype)
            if not shape.is_fully_defined():
                raise ValueError(f"Shape of a new variable ({name}) must be fully defined, but instead was {shape}.")
            dims = shape.as_list()

            def init_value():
                return initializer(dims, dtype=dtype, partition_info=partition_info)

            var_dtype = dtype.base_dtype
        v = Variable(init_value, trainable=trainable, collections=collections, validate_shape=validate_shape,
                     name=name, dtype=var_dtype, use_resource=use_resource, constraint=constraint)
        self.vars[name] = v
        self.sites[name] = "".join(traceback.format_stack(limit=6)[:-3])
        if regularizer is not None:
            with get_default_graph().name_scope(f"{name}/Regularizer/"):
                loss = regularizer(v.value())
            if loss is not None:
                get_default_graph().add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)
        return v


def _default_initializer(name, shape, dtype):
    if dtype.is_floating:
        return init_ops.glorot_uniform_initializer(), False
    if dtype.is_integer or dtype.is_unsigned or dtype.is_bool or dtype.base_dtype is dtypes.string:
        return init_ops.zeros_initializer(), False
    raise ValueError(f"An initializer for variable {name} of {dtype.base_dtype!r} is required")


class _ScopeStack(threading.local):
    """One thread's variable-scope state in one graph: its current scope and scope-name counts
    (a new thread starts at the root scope, as in TF)."""

    def __init__(self):
        self.current = VariableScope(False)
        self.counts: dict[str, int] = {}


class _GraphVariables:
    """A graph's variable-scope state: the shared variable store and the per-thread scopes."""

    __slots__ = ("store", "scopes")

    def __init__(self):
        self.store = _VariableStore()
        self.scopes = _ScopeStack()


_creating = threading.Lock()


def _graph_variables() -> _GraphVariables:
    graph = get_default_graph()
    state = graph._variable_scope_state
    if state is None:
        with _creating:  # one store per graph, even when threads ask for it first at once
            if graph._variable_scope_state is None:
                graph._variable_scope_state = _GraphVariables()
            state = graph._variable_scope_state
    return state


def _state() -> _ScopeStack:
    return _graph_variables().scopes


def get_variable_scope() -> VariableScope:
    return _state().current


def _get_default_variable_store() -> _VariableStore:
    return _graph_variables().store


def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=None,
                 collections=None, caching_device=None, partitioner=None, validate_shape=True,
                 use_resource=None, custom_getter=None, constraint=None, **kwargs) -> Variable:
    """Gets an existing variable named `scope/name` (when reusing) or creates it."""
    state = _graph_variables()
    return state.scopes.current.get_variable(state.store, name, shape=shape, dtype=dtype, initializer=initializer,
                                      regularizer=regularizer, trainable=trainable, collections=collections,
                                      validate_shape=validate_shape, use_resource=use_resource,
                                      custom_getter=custom_getter, constraint=constraint, partitioner=partitioner)


@tf_export("get_local_variable")
def get_local_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=False,
                       collections=None, caching_device=None, partitioner=None, validate_shape=True,
                       use_resource=None, custom_getter=None, constraint=None, **kwargs) -> Variable:
    """`get_variable` for a local variable: never trainable, in LOCAL_VARIABLES (plus `collections`)."""
    collections = list(collections or []) + [GraphKeys.LOCAL_VARIABLES]
    return get_variable(name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                        trainable=False, collections=collections, caching_device=caching_device,
                        partitioner=partitioner, validate_shape=validate_shape, use_resource=use_resource,
                        custom_getter=custom_getter, constraint=constraint)


def _wrap_custom_getter(custom_getter, old_getter):
    """A scope's custom getter inside one that has its own calls the outer one in place of the real getter (TF)."""
    if custom_getter is None or old_getter is None:
        return old_getter if custom_getter is None else custom_getter

    def wrapped_custom_getter(getter, *args, **kwargs):
        return custom_getter(functools.partial(old_getter, getter), *args, **kwargs)

    return wrapped_custom_getter


@contextlib.contextmanager
def variable_scope(name_or_scope, default_name=None, values=None, initializer=None, regularizer=None,
                   caching_device=None, partitioner=None, custom_getter=None, reuse=None, dtype=None,
                   use_resource=None, constraint=None, auxiliary_name_scope=True):
    """Opens a variable scope (and a matching name scope); yields the VariableScope."""
    if name_or_scope is None and default_name is None:
        raise TypeError("If default_name is None then name_or_scope is required")
    if reuse is False:
        reuse = None
    if not (reuse is True or reuse is None or reuse is AUTO_REUSE):
        raise ValueError("The reuse parameter must be True or False or None.")
    if name_or_scope is None and reuse:  # a default name is made unique: there is nothing to reuse
        raise ValueError("reuse=True cannot be used without a name_or_scope")
    state = _state()
    graph = get_default_graph()
    parent = state.current
    if isinstance(name_or_scope, VariableScope):
        full_name = name_or_scope.name
        template = name_or_scope
    else:
        if name_or_scope is not None:
            if not isinstance(name_or_scope, str):
                raise TypeError("VariableScope: name_or_scope must be a string or VariableScope.")
            base = name_or_scope
        else:
            prefix = parent.name + "/" if parent.name else ""
            base = _unique_scope_name(state, prefix + default_name)[len(prefix):]
        full_name = f"{parent.name}/{base}" if parent.name else base
        template = parent
    inherited_reuse = True if parent.reuse is True else (reuse if reuse is not None else template.reuse)
    if reuse is True or parent.reuse is True:
        inherited_reuse = True
    elif reuse is AUTO_REUSE or parent.reuse is AUTO_REUSE:
        inherited_reuse = AUTO_REUSE
    scope_obj = VariableScope(
        inherited_reuse, name=full_name,
        initializer=initializer if initializer is not None else template.initializer,
        regularizer=regularizer if regularizer is not None else template.regularizer,
        custom_getter=_wrap_custom_getter(custom_getter, template.custom_getter),
        dtype=dtype if dtype is not None else template.dtype,
        use_resource=use_resource if use_resource is not None else template.use_resource,
        constraint=constraint if constraint is not None else template.constraint,
        partitioner=partitioner if partitioner is not None else template.partitioner,
        caching_device=caching_device if caching_device is not None else template.caching_device)
    state.counts[full_name] = state.counts.get(full_name, 0) + 1
    saved_counts = dict(state.counts) if isinstance(name_or_scope, VariableScope) else None
    if not auxiliary_name_scope or (isinstance(name_or_scope, VariableScope) and not full_name):
        # As TF, the root scope (`tf.variable_scope(tf.get_variable_scope())` at the top, the multi-tower
        # idiom inside `tf.name_scope('tower_0')`) opens no name scope: ops keep the current one.
        ns = contextlib.nullcontext(graph.get_name_scope() + "/" if graph.get_name_scope() else "")
    elif isinstance(name_or_scope, VariableScope):
        # As TF: re-entering a scope object opens a new, unique name scope named after its last part,
        # but the scope keeps its original name scope (where a layer built with `_scope` puts its ops).
        ns = graph.name_scope(full_name.rpartition("/")[2])
    elif name_or_scope is None:
        ns = graph.name_scope(default_name)  # as TF: the default name, made unique among the name scopes
    else:
        ns = graph.name_scope(full_name[len(parent.name) + 1:] if parent.name else full_name)
    with ns as ns_name:
        scope_obj._name_scope = (name_or_scope.original_name_scope
                                 if isinstance(name_or_scope, VariableScope) and auxiliary_name_scope else ns_name)
        state.current = scope_obj
        try:
            yield scope_obj
        finally:
            state.current = parent
            # As TF: leaving a named scope forgets the default names used inside it (re-entering it
            # numbers `dense`, `dense_1` from scratch again); leaving a scope object restores the counts.
            if saved_counts is not None:
                state.counts = saved_counts
            else:
                for key in state.counts:
                    if key.startswith(full_name + "/"):
                        state.counts[key] = 0


def _unique_scope_name(state: _ScopeStack, name: str) -> str:
    if not state.counts.get(name, 0):
        return name
    i = 1
    while state.counts.get(f"{name}_{i}", 0):
        i += 1
    return f"{name}_{i}"


variable_op_scope = variable_scope
