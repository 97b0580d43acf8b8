"""tf.keras.backend in TF1 graph mode: Keras's session (get_session initializes the variables no one
initialized yet, as Keras does), the learning phase (a `keras_learning_phase` PlaceholderWithDefault(False)
per graph, or the 0/1 that set_learning_phase fixes), floatx/epsilon, and the value helpers over that session.
"""

from __future__ import annotations

import threading
import weakref

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..layers.base import op

_state = threading.local()
_FLOATX = ["float32"]
_EPSILON = [1e-7]
_IMAGE_DATA_FORMAT = ["channels_last"]
_learning_phases: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # graph -> placeholder
_fixed_phase: dict = {}  # graph -> 0/1 from set_learning_phase


def _session_slot():
    if not hasattr(_state, "session"):
        _state.session = None
    return _state


def unique_object_name(base: str, zero_based: bool = True) -> str:
    """`base`, `base_1`, ... per graph (zero_based=False: `base_1`, `base_2`, ...), from the counter tf.layers
    shares."""
    from ..layers.base import unique_object_name as shared

    return shared(base, zero_based)


@tf_export("keras.backend.floatx")
def floatx() -> str:
    return _FLOATX[0]


@tf_export("keras.backend.set_floatx")
def set_floatx(value):
    if value not in ("float16", "float32", "float64"):
        raise ValueError(f"Unknown `floatx` value: {value}. Expected one of {{'float16', 'float32', 'float64'}}")
    _FLOATX[0] = str(value)


@tf_export("keras.backend.epsilon")
def epsilon() -> float:
    return _EPSILON[0]


@tf_export("keras.backend.set_epsilon")
def set_epsilon(value):
    _EPSILON[0] = value


@tf_export("keras.backend.image_data_format")
def image_data_format() -> str:
    return _IMAGE_DATA_FORMAT[0]


@tf_export("keras.backend.set_image_data_format")
def set_image_data_format(data_format):
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(f"Unknown `data_format`: {data_format}")
    _IMAGE_DATA_FORMAT[0] = str(data_format)


@tf_export("keras.backend.cast_to_floatx")
def cast_to_floatx(x):
    return np.asarray(x, dtype=floatx())


# --- learning phase ----------------------------------------------------------------------------

@tf_export("keras.backend.learning_phase")
def learning_phase():
    """The 0/1 set_learning_phase fixed for the default graph, else its `keras_learning_phase` placeholder
    (a bool defaulting to False), made at the top of the name scopes on first use."""
    graph = get_default_graph()
    if graph in _fixed_phase:
        return _fixed_phase[graph]
    phase = _learning_phases.get(graph)
    if phase is None:
        from ..framework.scopes import init_scope

        with init_scope(), graph.name_scope(None):
            phase = op("placeholder_with_default")(False, shape=(), name="keras_learning_phase")
        _learning_phases[graph] = phase
    return phase


@tf_export("keras.backend.set_learning_phase")
def set_learning_phase(value):
    if value not in (0, 1):
        raise ValueError("Expected learning phase to be 0 or 1.")
    _fixed_phase[get_default_graph()] = value


def _reset_learning_phase(graph):
    _fixed_phase.pop(graph, None)


# --- session -----------------------------------------------------------------------------------

def _uninitialized_variables_initialized(session):
    """Runs the initializers of the default graph's variables Keras has not seen initialized (asking the
    session which are), as Keras's get_session does."""
    from ..variables import global_variables, is_variable_initialized, variables_initializer

    candidates = [v for v in global_variables() if not getattr(v, "_keras_initialized", False)]
    if not candidates:
        return
    flags = session.run([is_variable_initialized(v) for v in candidates])
    todo = []
    for flag, v in zip(flags, candidates):
        if not flag:
            todo.append(v)
        v._keras_initialized = True
    if todo:
        session.run(variables_initializer(todo))


@tf_export("keras.backend.get_session")
def get_session(op_input_list=()):
    """The default session if one is entered, else Keras's own session on the default graph (made on first
    use); its uninitialized variables are initialized first."""
    from ..runtime.session import Session, get_default_session

    session = get_default_session()
    if session is None:
        slot = _session_slot()
        if slot.session is None or slot.session.graph is not get_default_graph() or slot.session._closed:
            slot.session = Session()
        session = slot.session
    _uninitialized_variables_initialized(session)
    return session


@tf_export("keras.backend.set_session")
def set_session(session):
    _session_slot().session = session


@tf_export("keras.backend.clear_session")
def clear_session():
    """A new default graph, with no Keras session, layer names or learning phase carried over."""
    from ..framework.graph import reset_default_graph

    _session_slot().session = None
    graph = get_default_graph()
    from ..layers.base import reset_object_names

    reset_object_names(graph)
    _learning_phases.pop(graph, None)
    _fixed_phase.pop(graph, None)
    reset_default_graph()


@tf_export("keras.backend.get_graph")
def get_graph():
    return get_default_graph()


# --- tensors and values ------------------------------------------------------------------------

@tf_export("keras.backend.int_shape")
def int_shape(x):
    try:
        shape = x.shape
        if not isinstance(shape, tuple):
            shape = tuple(shape.as_list())
        return shape
    except ValueError:
        return None


@tf_export("keras.backend.ndim")
def ndim(x):
    return x.shape.ndims


@tf_export("keras.backend.dtype")
def dtype(x):
    return x.dtype.base_dtype.name


@tf_export("keras.backend.placeholder")
def placeholder(shape=None, ndim=None, dtype=None, sparse=False, name=None, ragged=False):
    if sparse or ragged:
        raise NotImplementedError("tf.keras.backend.placeholder(sparse=True / ragged=True) is not provided yet")
    dtype = dtype or floatx()
    if shape is None and ndim:
        shape = (None,) * ndim
    return op("placeholder")(dtype, shape=shape, name=name)


@tf_export("keras.backend.is_placeholder")
def is_placeholder(x):
    return isinstance(x, Tensor) and x.op.type == "Placeholder"


@tf_export("keras.backend.variable")
def variable(value, dtype=None, name=None, constraint=None):
    """A resource variable holding `value` (floatx unless `dtype` says otherwise)."""
    from ..variables import Variable

    dtype = dtypes.as_dtype(dtype or floatx())
    v = Variable(np.asarray(value, dtype=dtype.as_numpy_dtype) if not isinstance(value, Tensor) else value,
                 dtype=dtype, name=name, constraint=constraint, use_resource=True)
    return v


@tf_export("keras.backend.constant")
def constant(value, dtype=None, shape=None, name=None):
    return op("constant")(value, dtype=dtype or floatx(), shape=shape, name=name)


@tf_export("keras.backend.eval", "keras.backend.get_value")
def get_value(x):
    if isinstance(x, np.ndarray) or np.isscalar(x):
        return x
    return get_session((x,)).run(x)


@tf_export("keras.backend.batch_get_value")
def batch_get_value(tensors):
    if not tensors:
        return []
    return get_session(tensors).run(list(tensors))


def _assign_op(x, value):
    """`x`'s assignment from a placeholder, made once per variable (as Keras caches it)."""
    holder = getattr(x, "_keras_assign", None)
    if holder is None:
        dt = x.dtype.base_dtype
        feed = op("placeholder")(dt, shape=[None] * len(value.shape))
        holder = x._keras_assign = (feed, x.assign(feed))
    return holder


@tf_export("keras.backend.set_value")
def set_value(x, value):
    batch_set_value([(x, value)])


@tf_export("keras.backend.batch_set_value")
def batch_set_value(tuples):
    if not tuples:
        return
    ops, feed = [], {}
    for x, value in tuples:
        value = np.asarray(value, dtype=x.dtype.base_dtype.as_numpy_dtype)
        holder, assign = _assign_op(x, value)
        ops.append(assign)
        feed[holder] = value
    get_session().run(ops, feed_dict=feed)


@tf_export("keras.backend.count_params")
def count_params(x):
    return int(np.prod(x.shape.as_list()))


class GraphFunction:
    """`K.function(inputs, outputs, updates)`: runs `outputs` (and the updates) fed the values given for
    `inputs` (the learning phase placeholder among them, when listed)."""

    def __init__(self, inputs, outputs, updates=None, name=None):
        self.inputs = list(inputs)
        self._single = not isinstance(outputs, (list, tuple))
        self.outputs = [outputs] if self._single else list(outputs)
        updates = list(updates or [])
        self._updates = op("group")(*[u[0].assign(u[1]) if isinstance(u, tuple) else u for u in updates]) \
            if updates else None
        self.name = name

    def __call__(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            inputs = [inputs]
        feed = {t: v for t, v in zip(self.inputs, inputs) if isinstance(t, Tensor)}
        fetches = self.outputs + ([self._updates] if self._updates is not None else [])
        values = get_session().run(fetches, feed_dict=feed)[:len(self.outputs)]
        return values[0] if self._single else values


@tf_export("keras.backend.function")
def function(inputs, outputs, updates=None, name=None, **kwargs):
    return GraphFunction(inputs, outputs, updates=updates, name=name)


# --- the tensor helpers Keras programs call through K ----------------------------------------

def _export_simple():
    def reduction(tf_name):
        def fn(x, axis=None, keepdims=False):
            return op(tf_name)(x, axis=axis, keepdims=keepdims)
        return fn

    simple = {
        "mean": reduction("reduce_mean"), "sum": reduction("reduce_sum"), "max": reduction("reduce_max"),
        "min": reduction("reduce_min"), "prod": reduction("reduce_prod"),
        "square": lambda x: op("square")(x), "sqrt": lambda x: op("sqrt")(op("maximum")(x, 0.0)),
        "exp": lambda x: op("exp")(x), "log": lambda x: op("log")(x), "abs": lambda x: op("abs")(x),
        "sigmoid": lambda x: op("sigmoid")(x), "tanh": lambda x: op("tanh")(x),
        "softmax": lambda x, axis=-1: op("nn.softmax")(x, axis=axis),
        "relu": lambda x, alpha=0.0, max_value=None, threshold=0.0: __import__(
            "sessionflow.keras.registries", fromlist=["_relu"])._relu(x, alpha, max_value, threshold),
        "dot": lambda x, y: op("matmul")(x, y), "transpose": lambda x: op("transpose")(x),
        "reshape": lambda x, shape: op("reshape")(x, shape), "cast": lambda x, dtype: op("cast")(x, dtype),
        "shape": lambda x: op("shape")(x), "expand_dims": lambda x, axis=-1: op("expand_dims")(x, axis),
        "squeeze": lambda x, axis: op("squeeze")(x, [axis]), "stack": lambda x, axis=0: op("stack")(x, axis=axis),
        "concatenate": lambda tensors, axis=-1: op("concat")(list(tensors), axis),
        "maximum": lambda x, y: op("maximum")(x, y), "minimum": lambda x, y: op("minimum")(x, y),
        "clip": lambda x, lo, hi: op("clip_by_value")(x, lo, hi),
        "zeros": lambda shape, dtype=None, name=None: op("zeros")(shape, dtype=dtype or floatx(), name=name),
        "ones": lambda shape, dtype=None, name=None: op("ones")(shape, dtype=dtype or floatx(), name=name),
        "batch_flatten": lambda x: op("reshape")(x, op("stack")([-1, op("reduce_prod")(op("shape")(x)[1:])])),
        "gradients": lambda loss, variables: op("gradients")(loss, variables),
        "stop_gradient": lambda x: op("stop_gradient")(x),
        "argmax": lambda x, axis=-1: op("argmax")(x, axis), "equal": lambda x, y: op("equal")(x, y),
        "pow": lambda x, a: op("pow")(x, a), "square_sum": None,
    }
    for name, fn in simple.items():
        if fn is not None:
            fn.__name__ = name
            tf_export(f"keras.backend.{name}")(fn)


_export_simple()
