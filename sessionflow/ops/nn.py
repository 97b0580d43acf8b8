"""Neural-network ops (`tf.nn.*`): softmax and cross-entropy losses, bias_add, L2 loss, dropout,
embedding lookup, in_top_k and batch normalization.

Activations and their gradient ops live in `nn_activation` (`relu` is re-exported from here, where
the package namespace imports it), convolutions and pooling in `nn_conv`. Composite wrappers
(sigmoid cross-entropy, l2_normalize, batch_normalization, ...) build the same op graph as TF's Python
code where the ops they need exist in sessionflow.
"""

from __future__ import annotations

import numbers

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, REGISTRY, op, static_value
from ..framework.tensor_shape import TensorShape
from .common import FLOATS, REAL, check_dtype, convert_same_dtype, shape_str
from .constant import constant, convert_to_tensor
from .nn_activation import Relu
from .nn_activation import relu as relu  # re-exported: sessionflow/__init__.py imports it from here

_F64 = np.float64


# --- softmax ---------------------------------------------------------------------------------

def _softmax_infer(type_name):
    def infer(logits):
        check_dtype(type_name, "logits", logits, FLOATS)
        if logits.shape.rank == 0:
            raise ValueError(f"Shape must be at least rank 1 but is rank 0 for '{{{{node {type_name}}}}} = "
                             f"{type_name}[T=DT_{logits.dtype.base_dtype.name.upper()}](Const)' with input shapes: [].")
        return logits.dtype.base_dtype, logits.shape

    return infer


def _softmax_kernel(xp, logits):
    e = xp.exp(logits - xp.max(logits, axis=-1, keepdims=True))
    return e / xp.sum(e, axis=-1, keepdims=True)


def _log_softmax_kernel(xp, logits):
    shifted = logits - xp.max(logits, axis=-1, keepdims=True)
    return shifted - xp.log(xp.sum(xp.exp(shifted), axis=-1, keepdims=True))


_SOFTMAX_SAMPLES = [((np.array([[0.3, -0.7, 1.2], [2.5, -1.4, 0.5]], _F64),), {}),
                    ((np.array([0.2, 0.9, -0.4, 1.1], _F64),), {}),
                    ((np.array([[1.0, 2.0], [3.0, 0.5]], np.float32),), {})]


@op("Softmax", inputs=("logits",))
class Softmax:
    """exp(logits) / sum(exp(logits)) along the last axis."""

    infer = _softmax_infer("Softmax")
    kernel = _softmax_kernel

    def grad(op_, g):
        from .math import multiply, subtract
        from .reduction import reduce_sum

        y = op_.outputs[0]
        return multiply(subtract(g, reduce_sum(multiply(g, y), -1, keepdims=True)), y)

    samples = _SOFTMAX_SAMPLES


@op("LogSoftmax", inputs=("logits",))
class LogSoftmax:
    """logits - log(sum(exp(logits))) along the last axis."""

    infer = _softmax_infer("LogSoftmax")
    kernel = _log_softmax_kernel

    def grad(op_, g):
        from .math import exp, multiply, subtract
        from .reduction import reduce_sum

        return subtract(g, multiply(reduce_sum(g, -1, keepdims=True), exp(op_.outputs[0])))

    samples = _SOFTMAX_SAMPLES


def _softmax_wrapper(opdef, default_name, logits, axis, name):
    logits = convert_to_tensor(logits, name="logits")
    rank = logits.shape.rank
    if axis is None or axis == -1 or (rank is not None and axis == rank - 1):
        with get_default_graph().name_scope(name or default_name) as scope:
            return opdef(logits, name=scope)
    if rank is not None and not -rank <= axis < rank:
        raise errors.InvalidArgumentError(None, None, f"Dimension {axis} must be >= -{rank} and < {rank}")
    transpose = getattr(_array_module(), "transpose", None)
    if transpose is None or rank is None:
        raise NotImplementedError("softmax over a non-last axis needs tf.transpose (not available yet)")
    axis %= rank
    perm = list(range(rank))
    perm[axis], perm[-1] = perm[-1], perm[axis]
    with get_default_graph().name_scope(name or default_name):
        out = opdef(transpose(logits, perm))
    return transpose(out, perm)


def _array_module():
    from . import array
    return array


@tf_export("nn.softmax", "math.softmax")
def softmax(logits, axis=None, name=None, dim=None):
    """`tf.nn.softmax` (TF1: `dim` is the deprecated name of `axis`)."""
    return _softmax_wrapper(Softmax, "Softmax", logits, axis if dim is None else dim, name)


@tf_export("nn.log_softmax", "math.log_softmax")
def log_softmax(logits, axis=None, name=None, dim=None):
    """`tf.nn.log_softmax` (TF1: `dim` is the deprecated name of `axis`)."""
    return _softmax_wrapper(LogSoftmax, "LogSoftmax", logits, axis if dim is None else dim, name)


# --- cross-entropy ---------------------------------------------------------------------------

def _xent_grad_with_second_order(op_, grad_loss, grad_grad, backprop):
    """TF's rule: d/dlogits = grad_loss[:, None] * backprop, plus the term from the gradient flowing
    into the `backprop` output (softmax - labels)."""
    from .array import expand_dims
    from .math import multiply, subtract
    from .reduction import reduce_sum

    g = multiply(expand_dims(grad_loss, -1), backprop)
    if static_value(grad_grad) is not None and not np.any(static_value(grad_grad)):
        return g
    y = softmax(op_.inputs[0])
    from .math import add
    return add(g, multiply(subtract(grad_grad, reduce_sum(multiply(grad_grad, y), -1, keepdims=True)), y))


@op("SoftmaxCrossEntropyWithLogits", inputs=("features", "labels"))
class SoftmaxCrossEntropyWithLogits:
    """Per-row loss -sum(labels * log_softmax(features)) and its backprop softmax - labels (2-D inputs,
    broadcast against each other)."""

    def infer(features, labels):
        check_dtype("SoftmaxCrossEntropyWithLogits", "features", features, FLOATS)
        if labels.dtype.base_dtype is not features.dtype.base_dtype:
            raise TypeError(f"Input 'labels' of 'SoftmaxCrossEntropyWithLogits' Op has type "
                            f"{labels.dtype.base_dtype.name} that does not match type "
                            f"{features.dtype.base_dtype.name} of argument 'features'.")
        for t in (features, labels):
            if t.shape.rank is not None and t.shape.rank != 2:
                raise ValueError(f"Shape must be rank 2 but is rank {t.shape.rank} for "
                                 f"'SoftmaxCrossEntropyWithLogits' with input shapes: {shape_str(features.shape)}, "
                                 f"{shape_str(labels.shape)}.")
        from .common import broadcast_shape
        shape = broadcast_shape("SoftmaxCrossEntropyWithLogits", features.shape, labels.shape)
        if shape.rank is None:
            shape = TensorShape([None, None])
        dt = features.dtype.base_dtype
        return [(dt, TensorShape(shape.as_tuple()[:1])), (dt, shape)]

    def kernel(xp, features, labels):
        features, labels = xp.broadcast_arrays(features, labels)
        log_p = _log_softmax_kernel(xp, features)
        loss = -xp.sum(labels * log_p, axis=-1)
        return loss.astype(features.dtype), (xp.exp(log_p) - labels).astype(features.dtype)

    def grad(op_, grad_loss, grad_grad):
        from .array import expand_dims
        from .math import multiply, negative

        logits_grad = _xent_grad_with_second_order(op_, grad_loss, grad_grad, op_.outputs[1])
        labels_grad = multiply(expand_dims(grad_loss, -1), negative(log_softmax(op_.inputs[0])))
        if static_value(grad_grad) is None or np.any(static_value(grad_grad)):
            # TF drops this term (the backprop output also depends on labels); it is zero unless
            # something consumes the second output.
            from .math import subtract
            labels_grad = subtract(labels_grad, grad_grad)
        return logits_grad, labels_grad

    samples = [((np.array([[0.3, -0.7, 1.2], [2.5, -1.4, 0.5]], _F64), np.array([[0.2, 0.3, 0.5], [1.0, 0, 0]])), {}),
               ((np.array([[1.0, 2.0, 0.5]], np.float32), np.array([[0.0, 1.0, 0.0]], np.float32)), {})]


@op("SparseSoftmaxCrossEntropyWithLogits", inputs=("features", "labels"),
    type_attrs=dict(T="features", Tlabels="labels"))
class SparseSoftmaxCrossEntropyWithLogits:
    """Per-row loss -log_softmax(features)[i, labels[i]] and its backprop softmax - one_hot(labels)."""

    def infer(features, labels):
        check_dtype("SparseSoftmaxCrossEntropyWithLogits", "features", features, FLOATS)
        check_dtype("SparseSoftmaxCrossEntropyWithLogits", "labels", labels, {dtypes.int32, dtypes.int64})
        if features.shape.rank is not None and features.shape.rank != 2:
            raise ValueError(f"Shape must be rank 2 but is rank {features.shape.rank} for "
                             f"'SparseSoftmaxCrossEntropyWithLogits' with input shapes: "
                             f"{shape_str(features.shape)}, {shape_str(labels.shape)}.")
        if labels.shape.rank is not None and labels.shape.rank != 1:
            raise ValueError(f"Shape must be rank 1 but is rank {labels.shape.rank} for "
                             f"'SparseSoftmaxCrossEntropyWithLogits' with input shapes: "
                             f"{shape_str(features.shape)}, {shape_str(labels.shape)}.")
        fs = features.shape.as_tuple() or (None, None)
        ls = labels.shape.as_tuple() or (None,)
        batch = TensorShape(fs[:1]).merge_with(TensorShape(ls))
        dt = features.dtype.base_dtype
        return [(dt, batch), (dt, TensorShape([batch.as_tuple()[0], fs[1]]))]

    def kernel(xp, features, labels):
        n, classes = features.shape
        if labels.shape[0] != n:
            raise errors.InvalidArgumentError(None, None, f"logits and labels must have the same first dimension, "
                                                          f"got logits shape [{n},{classes}] and labels shape "
                                                          f"[{labels.shape[0]}]")
        bad = (labels < 0) | (labels >= classes)
        if xp.any(bad):
            value = int(labels[xp.argmax(bad)])
            raise errors.InvalidArgumentError(None, None, f"Received a label value of {value} which is outside the "
                                                          f"valid range of [0, {classes}).  Label values: "
                                                          + " ".join(str(int(v)) for v in labels))
        log_p = _log_softmax_kernel(xp, features)
        one_hot = (xp.arange(classes)[None, :] == labels[:, None]).astype(features.dtype)
        loss = -xp.sum(one_hot * log_p, axis=-1)
        return loss.astype(features.dtype), (xp.exp(log_p) - one_hot).astype(features.dtype)

    def grad(op_, grad_loss, grad_grad):
        return _xent_grad_with_second_order(op_, grad_loss, grad_grad, op_.outputs[1]), None

    samples = [((np.array([[0.3, -0.7, 1.2], [2.5, -1.4, 0.5]], _F64), np.array([2, 0], np.int32)), {}),
               ((np.array([[1.0, 2.0, 0.5]], np.float32), np.array([1], np.int64)), {})]


def _xent_v2(labels, logits, axis, name, default_name, stop_labels):
    from .array import reshape, stop_gradient

    with get_default_graph().name_scope(name or default_name) as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, dtype=logits.dtype, name="labels")
        if stop_labels:
            labels = stop_gradient(labels, name="labels_stop_gradient")
        rank = logits.shape.rank
        if axis not in (-1, None) and not (rank is not None and axis == rank - 1):
            raise NotImplementedError("softmax_cross_entropy_with_logits over a non-last axis needs tf.transpose")
        if rank == 2 and labels.shape.rank == 2:
            loss = SoftmaxCrossEntropyWithLogits(logits, labels, name=scope)[0]
            batch = logits.shape.as_tuple()[0]
            return reshape(loss, [-1 if batch is None else batch], name="Reshape_2")
        from .array import concat, shape
        classes = logits.shape.as_tuple()[-1] if rank else None
        flat_logits = reshape(logits, [-1, classes if classes is not None else -1])
        flat_labels = reshape(labels, [-1, classes if classes is not None else -1])
        loss = SoftmaxCrossEntropyWithLogits(flat_logits, flat_labels, name=scope)[0]
        out_shape = logits.shape.as_tuple()[:-1] if rank is not None else None
        if out_shape is not None and None not in out_shape:
            return reshape(loss, list(out_shape))
        from .array_slicing import strided_slice
        return reshape(loss, strided_slice(shape(logits), [0], [-1], [1]) if rank != 1 else concat([[]], 0))


@tf_export("nn.softmax_cross_entropy_with_logits_v2")
def softmax_cross_entropy_with_logits_v2(labels, logits, axis=None, name=None, dim=None):
    """`tf.nn.softmax_cross_entropy_with_logits_v2`: gradients flow into `labels` too."""
    axis = -1 if axis is None and dim is None else (axis if dim is None else dim)
    return _xent_v2(labels, logits, axis, name, "softmax_cross_entropy_with_logits", False)


@tf_export("nn.softmax_cross_entropy_with_logits")
def softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, dim=-1, name=None, axis=None):
    """`tf.nn.softmax_cross_entropy_with_logits` (TF1, deprecated): labels get a stop_gradient."""
    if _sentinel is not None or labels is None or logits is None:
        raise ValueError("Only call `softmax_cross_entropy_with_logits` with named arguments (labels=..., "
                         "logits=..., ...). ")
    axis = dim if axis is None else axis
    return _xent_v2(labels, logits, axis, name, "softmax_cross_entropy_with_logits_sg", True)


@tf_export("nn.sparse_softmax_cross_entropy_with_logits")
def sparse_softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    """`tf.nn.sparse_softmax_cross_entropy_with_logits`: `labels` are class indices."""
    if _sentinel is not None or labels is None or logits is None:
        raise ValueError("Only call `sparse_softmax_cross_entropy_with_logits` with named arguments "
                         "(labels=..., logits=..., ...). ")
    with get_default_graph().name_scope(name or "SparseSoftmaxCrossEntropyWithLogits"):
        labels = convert_to_tensor(labels, name="labels")
        logits = convert_to_tensor(logits, name="logits")
        lr, gr = labels.shape.rank, logits.shape.rank
        if gr == 0:
            raise ValueError(f"Logits cannot be scalars - received shape {logits.shape}.")
        if lr is not None and gr is not None and lr != gr - 1:
            raise ValueError(f"Rank mismatch: Rank of labels (received {lr}) should equal rank of logits minus 1 "
                             f"(received {gr}).")
        if gr == 2:
            return SparseSoftmaxCrossEntropyWithLogits(logits, labels, name="SparseSoftmaxCrossEntropyWithLogits")[0]
        from .array import reshape, shape
        classes = logits.shape.as_tuple()[-1] if gr else None
        loss = SparseSoftmaxCrossEntropyWithLogits(reshape(logits, [-1, -1 if classes is None else classes]),
                                                   reshape(labels, [-1]),
                                                   name="SparseSoftmaxCrossEntropyWithLogits")[0]
        return reshape(loss, shape(labels))


def _check_same_shape(labels, logits):
    if not labels.shape.is_compatible_with(logits.shape):
        raise ValueError(f"logits and labels must have the same shape ({logits.shape.as_tuple()} vs "
                         f"{labels.shape.as_tuple()})")


@tf_export("nn.sigmoid_cross_entropy_with_logits")
def sigmoid_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    """`tf.nn.sigmoid_cross_entropy_with_logits`: max(x, 0) - x * z + log(1 + exp(-|x|))."""
    from .math import abs as abs_
    from .math import add, exp, log1p, multiply, negative, subtract

    if _sentinel is not None or labels is None or logits is None:
        raise ValueError("Only call `sigmoid_cross_entropy_with_logits` with named arguments (labels=..., "
                         "logits=..., ...). ")
    with get_default_graph().name_scope(name or "logistic_loss") as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, dtype=logits.dtype, name="labels")
        _check_same_shape(labels, logits)
        relu_logits = Relu(logits)
        neg_abs = negative(abs_(logits))
        return add(subtract(relu_logits, multiply(logits, labels)), log1p(exp(neg_abs)), name=scope)


@tf_export("nn.weighted_cross_entropy_with_logits")
def weighted_cross_entropy_with_logits(labels=None, logits=None, pos_weight=None, name=None, targets=None):
    """`tf.nn.weighted_cross_entropy_with_logits` (TF1 also accepts `targets` for `labels`)."""
    from .math import abs as abs_
    from .math import add, exp, log1p, multiply, negative, subtract

    labels = targets if labels is None else labels
    with get_default_graph().name_scope(name or "logistic_loss") as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, dtype=logits.dtype, name="labels")
        _check_same_shape(labels, logits)
        one = constant(1, dtype=logits.dtype)
        log_weight = add(one, multiply(subtract(pos_weight, one), labels))
        return add(multiply(subtract(one, labels), logits),
                   multiply(log_weight, add(log1p(exp(negative(abs_(logits)))), Relu(negative(logits)))), name=scope)


# --- bias_add, l2 -----------------------------------------------------------------------------

def _channel_axis(data_format: str, rank: int) -> int:
    return 1 if data_format.startswith("NC") and rank >= 3 else rank - 1


@op("BiasAddGrad", inputs=("out_backprop",), attrs=dict(data_format="NHWC"))
class BiasAddGrad:
    """Sum of `out_backprop` over every axis but the channel axis."""

    def infer(out_backprop, data_format):
        dims = out_backprop.shape.as_tuple()
        if dims is None:
            return out_backprop.dtype.base_dtype, TensorShape([None])
        return out_backprop.dtype.base_dtype, TensorShape([dims[_channel_axis(data_format, len(dims))]])

    def kernel(xp, out_backprop, data_format):
        c = _channel_axis(data_format, out_backprop.ndim)
        axes = tuple(i for i in range(out_backprop.ndim) if i != c)
        return xp.sum(out_backprop, axis=axes).astype(out_backprop.dtype)

    def grad(op_, g):
        """TF's `_BiasAddGradGrad`: the bias gradient `g` reshaped onto the channel axis and tiled over
        every other axis of `out_backprop`."""
        from .array import concat, ones_like, reshape, shape
        from .array_transform import tile

        dims = shape(op_.inputs[0])
        if op_.attrs["data_format"] == "NCHW":
            expanded = concat([ones_like(dims[:1]), shape(g), ones_like(dims[2:])], 0)
            multiples = concat([dims[:1], [1], dims[2:]], 0)
        else:
            expanded = concat([ones_like(dims[:-1]), shape(g)], 0)
            multiples = concat([dims[:-1], [1]], 0)
        return tile(reshape(g, expanded), multiples)

    samples = [((np.array([[0.5, -1.5, 2.0], [1.0, 0.25, -0.75]], _F64),), dict(data_format="NHWC")),
               ((np.ones((2, 3, 2, 2), np.float32),), dict(data_format="NCHW"))]


@op("BiasAdd", inputs=("value", "bias"), attrs=dict(data_format="NHWC"))
class BiasAdd:
    """`value + bias`, with the 1-D `bias` added along the channel axis of `data_format`."""

    def infer(value, bias, data_format):
        check_dtype("BiasAdd", "value", value, REAL | {dtypes.complex64, dtypes.complex128})
        if bias.dtype.base_dtype is not value.dtype.base_dtype:
            raise TypeError(f"Input 'bias' of 'BiasAdd' Op has type {bias.dtype.base_dtype.name} that does not "
                            f"match type {value.dtype.base_dtype.name} of argument 'value'.")
        shapes = f"{shape_str(value.shape)}, {shape_str(bias.shape)}"
        if bias.shape.rank is not None and bias.shape.rank != 1:
            raise ValueError(f"Shape must be rank 1 but is rank {bias.shape.rank} for 'BiasAdd' with input shapes: "
                             f"{shapes}.")
        dims = value.shape.as_tuple()
        if dims is None:
            return value.dtype.base_dtype, value.shape
        if len(dims) < 2:
            raise ValueError(f"Shape must be at least rank 2 but is rank {len(dims)} for 'BiasAdd' with input "
                             f"shapes: {shapes}.")
        c = _channel_axis(data_format, len(dims))
        b = bias.shape.as_tuple()[0] if bias.shape.rank == 1 else None
        if dims[c] is not None and b is not None and dims[c] != b:
            raise ValueError(f"Dimensions must be equal, but are {dims[c]} and {b} for 'BiasAdd' with input "
                             f"shapes: {shapes}.")
        out = list(dims)
        out[c] = dims[c] if dims[c] is not None else b
        return value.dtype.base_dtype, TensorShape(out)

    def kernel(xp, value, bias, data_format):
        c = _channel_axis(data_format, value.ndim)
        if value.shape[c] != bias.shape[0]:
            raise errors.InvalidArgumentError(None, None, f"Must provide as many biases as the last dimension of the "
                                                          f"input tensor: [{bias.shape[0]}] vs. "
                                                          f"[{','.join(map(str, value.shape))}]")
        shape = [1] * value.ndim
        shape[c] = bias.shape[0]
        return value + xp.reshape(bias, shape)

    def grad(op_, g):
        return g, BiasAddGrad(g, data_format=op_.attrs["data_format"])

    samples = [((np.array([[0.5, -1.5, 2.0], [1.0, 0.25, -0.75]], _F64), np.array([0.1, 0.2, -0.3])),
                dict(data_format="NHWC")),
               ((np.arange(24, dtype=_F64).reshape(2, 3, 2, 2) / 7, np.array([0.1, 0.2, -0.3])),
                dict(data_format="NCHW")),
               ((np.ones((2, 2, 3), np.float32), np.array([1, 2, 3], np.float32)), dict(data_format="NHWC"))]


@tf_export("nn.bias_add")
def bias_add(value, bias, data_format=None, name=None):
    """`tf.nn.bias_add`; `data_format` "N...C" (default) or "NC..."."""
    if data_format is None:
        data_format = "NHWC"
    elif data_format.startswith("NC"):
        data_format = "NCHW"
    elif data_format.startswith("N") and data_format.endswith("C"):
        data_format = "NHWC"
    else:
        raise ValueError("data_format must be of the form `N...C` or `NC...`")
    with get_default_graph().name_scope(name or "BiasAdd") as scope:
        value = convert_to_tensor(value, name="input")
        bias = convert_to_tensor(bias, dtype=value.dtype, name="bias")
        return BiasAdd(value, bias, data_format=data_format, name=scope)


@op("L2Loss", inputs=("t",))
class L2Loss:
    """sum(t ** 2) / 2, a scalar."""

    def infer(t):
        check_dtype("L2Loss", "t", t, FLOATS)
        return t.dtype.base_dtype, TensorShape([])

    def kernel(xp, t):
        return xp.asarray(xp.sum(t * t) / 2, dtype=t.dtype)

    def grad(op_, g):
        from .math import multiply
        return multiply(op_.inputs[0], g)

    samples = [((np.array([[0.5, -1.5, 2.0], [1.0, 0.25, -0.75]], _F64),), {}),
               ((np.array([3.0, 4.0], np.float32),), {})]


@tf_export("nn.l2_loss")
def l2_loss(t, name=None):
    """`tf.nn.l2_loss`: sum(t ** 2) / 2."""
    with get_default_graph().name_scope(name or "L2Loss") as scope:
        return L2Loss(convert_to_tensor(t, name="t"), name=scope)


@tf_export("nn.l2_normalize", "math.l2_normalize", "linalg.l2_normalize")
def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """`tf.nn.l2_normalize`: x / sqrt(max(sum(x ** 2, axis), epsilon))."""
    from .math import maximum, multiply, rsqrt, square
    from .reduction import reduce_sum

    axis = dim if axis is None else axis
    with get_default_graph().name_scope(name or "l2_normalize") as scope:
        x = convert_to_tensor(x, name="x")
        square_sum = reduce_sum(square(x), axis, keepdims=True)
        inv_norm = rsqrt(maximum(square_sum, constant(epsilon, dtype=x.dtype, name="Maximum/y")))
        return multiply(x, inv_norm, name=scope)


# --- dropout ---------------------------------------------------------------------------------

@tf_export("nn.dropout")
def dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None):
    """`tf.nn.dropout` (TF1 signature): keeps each element with probability 1 - rate, scaled by
    1 / (1 - rate). Builds TF 2.21's graph (Mul by scale, RandomUniform, GreaterEqual against rate,
    select), so a seeded mask equals TF's."""
    from .array import shape as shape_op
    from .math import cast, greater_equal, multiply
    from .random import random_uniform

    if keep_prob is not None:
        if rate is not None:
            raise ValueError("Cannot specify both 'keep_prob' and 'rate' at the same time.")
        if isinstance(keep_prob, numbers.Real):
            rate = 1 - keep_prob
        else:
            rate = None
            keep_t = keep_prob
    with get_default_graph().name_scope(name or "dropout") as scope:
        x = convert_to_tensor(x, name="x")
        if not x.dtype.is_floating:
            raise ValueError(f"x has to be a floating point tensor since it's going to be scaled. Got a "
                             f"{x.dtype.name} tensor instead.")
        if rate is None and keep_prob is not None:
            from .math import subtract
            rate = subtract(1.0, keep_t)
        if isinstance(rate, numbers.Real):
            if not 0 <= rate < 1:
                raise ValueError(f"rate must be a scalar tensor or a float in the range [0, 1), got {rate}")
            if rate == 0:
                return x
            scale = constant(1 / (1 - rate), dtype=x.dtype, name="Const")
            ret = multiply(x, scale, name="Mul")
            rate_t = None
        else:
            from .math import realdiv, subtract
            rate_t = convert_to_tensor(rate, dtype=x.dtype, name="rate")
            ret = multiply(x, realdiv(constant(1, dtype=x.dtype), subtract(constant(1, dtype=x.dtype), rate_t)))
        if noise_shape is None:
            dims = x.shape.as_tuple()
            if dims is not None and None not in dims:
                noise = constant(list(dims), dtype=dtypes.int32, name="Shape")
            else:
                noise = shape_op(x, name="Shape")
        else:
            noise = convert_to_tensor(noise_shape, dtype=dtypes.int32, name="noise_shape")
        random_tensor = random_uniform(noise, seed=seed, dtype=x.dtype)
        threshold = constant(rate, dtype=x.dtype, name="GreaterEqual/y") if rate_t is None else rate_t
        keep_mask = greater_equal(random_tensor, threshold)
        zeros = constant(0, dtype=x.dtype, name="Const_1" if rate_t is None else "Const")
        select = REGISTRY.get("SelectV2")
        if select is not None and noise_shape is None:
            return select(keep_mask, ret, zeros, name=scope)
        return multiply(ret, cast(keep_mask, x.dtype), name=scope)


# --- embedding, in_top_k, dense layers ---------------------------------------------------------

@tf_export("nn.embedding_lookup")
def embedding_lookup(params, ids, partition_strategy="mod", name=None, validate_indices=True, max_norm=None):
    """`tf.nn.embedding_lookup`: rows of `params` (a Tensor, or a list of shards partitioned by
    `partition_strategy` "mod" (row i in shard i % n) or "div" (contiguous blocks))."""
    from .array import concat, gather, identity

    if max_norm is not None:
        raise NotImplementedError("embedding_lookup(max_norm=...) is not supported yet")
    if isinstance(params, (list, tuple)):
        params = list(params)
    else:
        params = [params]
    if not params:
        raise ValueError("Need at least one param")
    if partition_strategy not in ("mod", "div"):
        raise ValueError(f"Unrecognized partition strategy: {partition_strategy}")
    with get_default_graph().name_scope(name or "embedding_lookup") as scope:
        params = [convert_to_tensor(p, name="params") for p in params]
        ids = convert_to_tensor(ids, name="ids")
        if len(params) == 1:
            return identity(gather(params[0], ids, name=scope))
        from .math import add, floordiv, floormod
        table = concat(params, 0)
        if partition_strategy == "div":
            return identity(gather(table, ids, name=scope))
        sizes = [p.shape.as_tuple()[0] if p.shape.rank else None for p in params]
        if None in sizes:
            raise NotImplementedError("embedding_lookup over shards of unknown size")
        offsets = constant(np.cumsum([0] + sizes[:-1]).astype(ids.dtype.as_numpy_dtype), name="offsets")
        n = constant(len(params), dtype=ids.dtype)
        rows = add(gather(offsets, floormod(ids, n)), floordiv(ids, n))
        return identity(gather(table, rows, name=scope))


@op("InTopKV2", inputs=("predictions", "targets", "k"), type_attrs=dict(T="targets"))
class InTopKV2:
    """Whether predictions[i, targets[i]] is among the k largest of row i (ties count as in)."""

    def infer(predictions, targets, k):
        check_dtype("InTopKV2", "predictions", predictions, {dtypes.float32})
        check_dtype("InTopKV2", "targets", targets, {dtypes.int32, dtypes.int64})
        if predictions.shape.rank is not None and predictions.shape.rank != 2:
            raise ValueError(f"Shape must be rank 2 but is rank {predictions.shape.rank} for 'InTopKV2' with input "
                             f"shapes: {shape_str(predictions.shape)}, {shape_str(targets.shape)}, [].")
        dims = predictions.shape.as_tuple() or (None, None)
        return dtypes.bool, TensorShape(dims[:1]).merge_with(targets.shape if targets.shape.rank == 1
                                                             else TensorShape([None]))

    def kernel(xp, predictions, targets, k):
        n, classes = predictions.shape
        valid = (targets >= 0) & (targets < classes)
        safe = xp.where(valid, targets, 0)
        target_values = predictions[xp.arange(n), safe]
        greater = xp.sum(predictions > target_values[:, None], axis=1)
        return valid & xp.isfinite(target_values) & (greater < k)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([[0.1, 0.8, 0.1], [0.3, 0.3, 0.4]], np.float32), np.array([1, 0], np.int32),
                 np.array(1, np.int32)), {})]


@tf_export("nn.in_top_k", "math.in_top_k")
def in_top_k(predictions, targets, k, name=None):
    """`tf.nn.in_top_k`."""
    with get_default_graph().name_scope(name or "in_top_k") as scope:
        predictions = convert_to_tensor(predictions, name="predictions")
        targets = convert_to_tensor(targets, name="targets")
        k = convert_to_tensor(k, dtype=targets.dtype, name="k")
        return InTopKV2(predictions, targets, k, name=scope)


@tf_export("nn.xw_plus_b")
def xw_plus_b(x, weights, biases, name=None):
    """`tf.nn.xw_plus_b`: matmul(x, weights) + biases."""
    from .matmul import matmul

    with get_default_graph().name_scope(name or "xw_plus_b") as scope:
        x, weights = convert_same_dtype("MatMul", [x, weights], ["x", "weights"])
        mm = matmul(x, weights)
        return bias_add(mm, biases, name=scope)


@tf_export("nn.relu_layer")
def relu_layer(x, weights, biases, name=None):
    """`tf.nn.relu_layer`: relu(matmul(x, weights) + biases)."""
    from .matmul import matmul

    with get_default_graph().name_scope(name or "relu_layer") as scope:
        x, weights = convert_same_dtype("MatMul", [x, weights], ["x", "weights"])
        return Relu(bias_add(matmul(x, weights), biases), name=scope)


@tf_export("nn.batch_normalization")
def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """`tf.nn.batch_normalization`: (x - mean) * scale / sqrt(variance + epsilon) + offset, built as TF
    builds it: x * inv + (offset - mean * inv)."""
    from .math import add, cast, multiply, negative, rsqrt, subtract

    with get_default_graph().name_scope(name or "batchnorm"):
        x = convert_to_tensor(x, name="x")
        variance = convert_to_tensor(variance, name="variance")
        inv = rsqrt(add(variance, variance_epsilon))
        if scale is not None:
            inv = multiply(inv, scale)
        if isinstance(inv, Tensor) and inv.dtype.base_dtype is not x.dtype.base_dtype:
            inv = cast(inv, x.dtype)
        scaled = multiply(x, inv)
        shift = subtract(offset, multiply(mean, inv)) if offset is not None else negative(multiply(mean, inv))
        return add(scaled, shift)
