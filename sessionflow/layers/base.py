"""`tf.layers.Layer`: the TF1 layer base (`tf.compat.v1.layers.Layer` as tf_keras's legacy layers
implement it), without Keras.

A layer captures a variable scope the first time it is called (`dense`, `dense_1`, ... from the
class name, or its `name`), creates its weights there with `tf.get_variable` on that first call
(`build`), and reuses them on later calls. Its ops go into the name scope the variable scope opened
when it was captured. Ops it wants run on training steps (batch-norm moving averages) are added
to `tf.GraphKeys.UPDATE_OPS` after each call.
"""

from __future__ import annotations

import re
import sys
import weakref

from .. import init_ops
from ..framework import dtypes
from ..framework.api import EXPORTS, tf_export
from ..framework.graph import GraphKeys, Tensor, get_default_graph
from ..ops.constant import convert_to_tensor
from ..variable_scope import VariableScope, get_variable, variable_scope

_layer_name_uids: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def op(name: str):
    """The public TF function `tf.<name>` (looked up when used, so layers load before every op)."""
    found = EXPORTS.get(name)
    if found is None:
        found = sys.modules["sessionflow"]
        for part in name.split("."):
            found = getattr(found, part)
    return found


def to_snake_case(name: str) -> str:
    s = re.sub(r"(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    s = re.sub(r"([a-z])([A-Z])", r"\1_\2", s).lower()
    return s if s[0] != "_" else "private" + s


def unique_object_name(base: str, zero_based: bool = False) -> str:
    """A layer name from the default graph's counter of `base`, shared by tf.layers and tf.keras as in TF:
    Keras counts from zero (`dense`, `dense_1`, ...), a tf.layers object from one (`dense_1`, ...)."""
    uids = _layer_name_uids.setdefault(get_default_graph(), {})
    n = uids.get(base, 0)
    uids[base] = n + 1
    if zero_based:
        return base if n == 0 else f"{base}_{n}"
    return f"{base}_{n + 1}"


def reset_object_names(graph) -> None:
    _layer_name_uids.pop(graph, None)


def constant_value(pred):
    """The Python bool of `pred` when it is known while building (a bool, or a Const tensor);
    None when it is only known at run time."""
    if isinstance(pred, bool) or pred is None:
        return pred
    if isinstance(pred, (int,)):
        return bool(pred)
    if isinstance(pred, Tensor):
        if pred.op.type == "Const":
            return bool(pred.op.attrs["value"])
        return None
    if hasattr(pred, "dtype") and hasattr(pred, "item"):  # numpy scalar
        return bool(pred)
    return None


def smart_cond(pred, true_fn, false_fn, name=None):
    """`true_fn()` or `false_fn()` when `pred` is known while building, else `tf.cond`."""
    value = constant_value(pred)
    if value is None:
        return op("cond")(pred, true_fn, false_fn, name=name)
    return true_fn() if value else false_fn()


@tf_export("layers.Layer")
class Layer:
    """Base class of the TF1 layers: `layer(inputs, *args, **kwargs)` builds then calls it."""

    def __init__(self, trainable=True, name=None, dtype=None, **kwargs):
        scope = kwargs.pop("_scope", None)
        self._reuse = kwargs.pop("_reuse", None)
        kwargs.pop("autocast", None)
        kwargs.pop("input_shape", None)
        # Keras' base Layer takes `activity_regularizer` (tf-slim's GDN passes it up); __call__ applies it.
        # Dense and the convolutions take their own and apply it in call().
        self._base_activity_regularizer = kwargs.pop("activity_regularizer", None)
        if kwargs:
            raise TypeError(f"Keyword argument not understood: {min(kwargs)}")
        self.trainable = trainable
        self.activity_regularizer = self._base_activity_regularizer
        self.built = False
        self._dtype = None if dtype is None else dtypes.as_dtype(dtype)
        self._trainable_weights: list = []
        self._non_trainable_weights: list = []
        self._updates: list = []
        self._losses: list = []
        if isinstance(name, VariableScope):
            base_name = name.name
            self._name = unique_object_name(to_snake_case(type(self).__name__))
        else:
            base_name = name
            self._name = name
        if not name:
            base_name = to_snake_case(type(self).__name__)
            self._name = unique_object_name(base_name)
        self._base_name = base_name
        self._scope = None
        if scope:
            with variable_scope(scope) as captured:
                self._scope = captured
        self._current_scope = None

    # --- properties -------------------------------------------------------------------------
    name = property(lambda self: self._name)
    dtype = property(lambda self: None if self._dtype is None else self._dtype.name)

    @property
    def scope_name(self) -> str:
        if not self._scope:
            raise ValueError(f'No name available for layer scope because the layer "{self._name}" has not been '
                             "used yet. The scope name  is determined the first time the layer instance is called. "
                             "You must therefore call the layer before querying `scope_name`.")
        return self._scope.name

    @property
    def trainable_weights(self) -> list:
        return list(self._trainable_weights) if self.trainable else []

    @property
    def non_trainable_weights(self) -> list:
        if self.trainable:
            return list(self._non_trainable_weights)
        return list(self._trainable_weights) + list(self._non_trainable_weights)

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights

    @property
    def weights(self) -> list:
        return self.trainable_weights + self.non_trainable_weights

    variables = weights

    @property
    def updates(self) -> list:
        return list(self._updates)

    @property
    def losses(self) -> list:
        return list(self._losses)

    # --- building ---------------------------------------------------------------------------
    def build(self, input_shape):
        self.built = True

    def call(self, inputs, **kwargs):
        return inputs

    def compute_output_shape(self, input_shape):
        raise NotImplementedError

    def apply(self, *args, **kwargs):
        return self(*args, **kwargs)

    def add_update(self, updates):
        if not isinstance(updates, (list, tuple)):
            updates = [updates]
        for update in updates:
            if callable(update):
                update = update()
            self._updates.append(update.op if isinstance(update, Tensor) else update)

    def add_loss(self, losses):
        if not isinstance(losses, (list, tuple)):
            losses = [losses]
        new = [loss() if callable(loss) else loss for loss in losses]
        new = [loss for loss in new if loss is not None]
        self._losses.extend(new)
        graph = get_default_graph()
        for loss in new:
            if loss not in graph.get_collection(GraphKeys.REGULARIZATION_LOSSES):
                graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)

    def _set_scope(self, scope=None):
        if self._scope is None:
            if self._reuse:
                with variable_scope(scope if scope is not None else self._base_name) as captured:
                    self._scope = captured
            else:
                with variable_scope(scope, default_name=self._base_name) as captured:
                    self._scope = captured

    def _name_scope(self) -> str:
        return self._scope.original_name_scope

    def add_weight(self, name, shape, dtype=None, initializer=None, regularizer=None, trainable=None,
                   constraint=None, use_resource=None, partitioner=None, **kwargs):
        """Creates (first call) or gets (reuse) `<layer scope>/<name>` with `tf.get_variable`."""
        trainable = True if trainable is None else trainable
        graph = get_default_graph()
        existing = set(graph.get_collection(GraphKeys.GLOBAL_VARIABLES))
        dtype = dtypes.as_dtype(dtype or self._dtype or dtypes.float32)
        self._set_scope(None)
        reuse = self.built or self._reuse
        with variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False) as scope:
            self._current_scope = scope
            with graph.name_scope(self._name_scope()):
                if initializer is None:
                    initializer = scope.initializer
                if initializer is None:
                    initializer = init_ops.glorot_uniform_initializer() if dtype.is_floating else None
                variable = get_variable(name, shape=shape, dtype=dtype, initializer=initializer,
                                        trainable=trainable and self.trainable, constraint=constraint,
                                        use_resource=use_resource)
                if trainable and self.trainable and variable in graph.get_collection(GraphKeys.TRAINABLE_VARIABLES):
                    self._trainable_weights.append(variable)
                else:
                    self._non_trainable_weights.append(variable)
                if regularizer is not None and variable not in existing:
                    with graph.name_scope(name + "/Regularizer"):
                        loss = regularizer(variable)
                    self.add_loss(loss)
        return variable

    def add_variable(self, *args, **kwargs):
        """TF 1.x's older name of add_weight."""
        return self.add_weight(*args, **kwargs)

    def __call__(self, inputs, *args, **kwargs):
        scope = kwargs.pop("scope", None)
        self._set_scope(scope)
        reuse = True if self.built else self._reuse
        graph = get_default_graph()
        n_updates = len(self._updates)
        with variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False) as vs:
            self._current_scope = vs
            with graph.name_scope(self._name_scope()):
                if not isinstance(inputs, Tensor) and (hasattr(inputs, "_as_graph_element") or
                                                       not isinstance(inputs, (list, tuple, dict))):
                    inputs = convert_to_tensor(inputs)
                if not self.built:
                    if self._dtype is None and isinstance(inputs, Tensor):
                        self._dtype = inputs.dtype.base_dtype
                    self._check_input(inputs)
                    self.build(inputs.shape if isinstance(inputs, Tensor) else None)
                    self.built = True
                else:
                    self._check_input(inputs)
                outputs = self.call(inputs, *args, **kwargs)
                if self._base_activity_regularizer is not None:
                    from .core import add_activity_regularization

                    add_activity_regularization(self, outputs)
        for update in self._updates[n_updates:]:
            if update not in graph.get_collection(GraphKeys.UPDATE_OPS):
                graph.add_to_collection(GraphKeys.UPDATE_OPS, update)
        return outputs

    def _check_input(self, inputs):
        """Raises TF's error when `inputs` does not fit the layer (override: the layer's InputSpec)."""

    def get_config(self) -> dict:
        return {"name": self.name, "trainable": self.trainable, "dtype": self.dtype}


@tf_export("layers.InputSpec")
class InputSpec:
    """What a layer accepts as input (dtype, shape or rank bounds, known axis sizes), as tf_keras's legacy
    layers declare it."""

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None, axes=None,
                 allow_last_axis_squeeze=False, name=None):
        from ..framework.tensor_shape import as_shape

        self.dtype = dtypes.as_dtype(dtype).name if dtype is not None else None
        shape = as_shape(shape)
        self.shape = None if shape.ndims is None else tuple(shape.as_list())
        self.ndim = len(self.shape) if self.shape is not None else ndim
        self.max_ndim, self.min_ndim, self.name = max_ndim, min_ndim, name
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        try:
            axes = axes or {}
            self.axes = {int(k): axes[k] for k in axes}
        except (ValueError, TypeError):
            raise TypeError(f"Argument `axes` must be a dict with integer keys. Received: axes={axes}") from None
        if self.axes and (self.ndim is not None or self.max_ndim is not None):
            max_dim = (self.ndim if self.ndim else self.max_ndim) - 1
            if max(self.axes) > max_dim:
                raise ValueError(f"Axis {max(self.axes)} is greater than the maximum allowed value: {max_dim}")

    def __repr__(self):
        spec = [f"dtype={self.dtype}" if self.dtype else "", f"shape={self.shape}" if self.shape else "",
                f"ndim={self.ndim}" if self.ndim else "", f"max_ndim={self.max_ndim}" if self.max_ndim else "",
                f"min_ndim={self.min_ndim}" if self.min_ndim else "", f"axes={self.axes}" if self.axes else ""]
        return f"InputSpec({', '.join(x for x in spec if x)})"

    def get_config(self):
        return {"dtype": self.dtype, "shape": self.shape, "ndim": self.ndim, "max_ndim": self.max_ndim,
                "min_ndim": self.min_ndim, "axes": self.axes}

    @classmethod
    def from_config(cls, config):
        return cls(**config)
