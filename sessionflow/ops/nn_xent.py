"""Cross-entropy losses (`tf.nn.softmax_cross_entropy_with_logits[_v2]`,
`sparse_softmax_cross_entropy_with_logits`, `sigmoid_cross_entropy_with_logits`,
`weighted_cross_entropy_with_logits`) and their ops, SoftmaxCrossEntropyWithLogits and
SparseSoftmaxCrossEntropyWithLogits.

The wrappers build the graph TF 2.21 builds: the softmax losses flatten their inputs to 2-D (Rank,
Shape, Sub, Slice, ConcatV2, Reshape, a Transpose first for a class axis other than the last) and
reshape the loss back; the sigmoid losses are written with TF's operators, so op names match.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import op, static_value
from ..framework.tensor_shape import TensorShape
from .common import FLOATS, check_dtype, deferred_check, shape_str
from .constant import convert_to_tensor
from .nn import _log_softmax_kernel, axis_or_dim, log_softmax, rank_tensor, reshape_packed, shape_tensor, softmax
from .nn_activation import Relu

_F64 = np.float64


# --- cross-entropy ---------------------------------------------------------------------------

def _no_gradient(grad) -> bool:
    """Whether `grad` is known to be zero: the zeros tf.gradients makes for an output nothing reads
    (marked as TF marks them), or a constant zero."""
    if getattr(grad, "_is_zeros_tensor", False):
        return True
    value = static_value(grad)
    return value is not None and not np.any(value)


def _broadcast_mul(vec, mat):
    """TF's _BroadcastMul: `vec[:, None] * mat`."""
    from .array import expand_dims

    return expand_dims(vec, -1) * mat


def _xent_grad_with_second_order(op_, grad_loss, grad_grad, backprop):
    """TF's rule: d/dlogits = grad_loss[:, None] * backprop, plus the term from the gradient flowing
    into the `backprop` output (softmax - labels), built only when something reads that output."""
    g = _broadcast_mul(grad_loss, backprop)
    if _no_gradient(grad_grad):
        return g
    from .math import add, multiply, subtract
    from .reduction import reduce_sum

    y = softmax(op_.inputs[0])
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
        from .math import negative, subtract

        logits_grad = _xent_grad_with_second_order(op_, grad_loss, grad_grad, op_.outputs[1])
        labels_grad = _broadcast_mul(grad_loss, negative(log_softmax(op_.inputs[0])))
        if not _no_gradient(grad_grad):
            # TF drops this term (the backprop output also depends on labels); it is zero unless
            # something consumes the second output.
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
        if getattr(xp, "__name__", "") == "jax.numpy":  # traced (XLA backend)
            # a label out of range reruns the step on NumPy, which raises TF's error; the rows computed
            # here are then dropped (NaN, as TF's own XLA kernel gives them)
            deferred_check(xp, bad)
            log_p = _log_softmax_kernel(xp, features)
            one_hot = (xp.arange(classes)[None, :] == labels[:, None]).astype(features.dtype)
            loss = xp.where(bad, xp.nan, -xp.sum(one_hot * log_p, axis=-1))
            backprop = xp.where(bad[:, None], xp.nan, xp.exp(log_p) - one_hot)
            return loss.astype(features.dtype), backprop.astype(features.dtype)
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


def _move_dim_to_end(t, dim, rank):
    from .array import concat
    from .array import range as range_
    from .array_transform import transpose

    return transpose(t, concat([range_(dim), range_(dim + 1, rank), [dim]], 0))


def _flatten_outer_dims(t):
    """`t` reshaped to 2-D, keeping its last dimension (TF's `_flatten_outer_dims`)."""
    from .array import concat, reshape
    from .array_transform import slice as slice_
    from .math import subtract

    rank = rank_tensor(t)
    last = slice_(shape_tensor(t), [subtract(rank, 1)], [1])
    out = reshape(t, concat([[-1], last], 0))
    dims = t.shape.as_tuple()
    if dims is not None and None not in dims[:-1]:
        out.set_shape([int(np.prod(dims[:-1], dtype=np.int64)), dims[-1]])
    return out


def _ensure_xent_args(name, labels, logits):
    if labels is None or logits is None:
        raise ValueError(f"Both `labels` and `logits` must be provided for {name}Received: labels={labels} and "
                         f"logits={logits}")


@tf_export("nn.softmax_cross_entropy_with_logits_v2")
def softmax_cross_entropy_with_logits_v2(labels, logits, axis=None, name=None, dim=None):
    """`tf.nn.softmax_cross_entropy_with_logits_v2`: gradients flow into `labels` too. Built as TF builds
    it: the class axis moved last, both inputs flattened to 2-D, SoftmaxCrossEntropyWithLogits, and the
    loss reshaped to the outer dimensions (half-precision logits are computed in float32)."""
    from .array_transform import slice as slice_
    from .array import reshape
    from .math import cast, subtract

    axis = axis_or_dim(axis, dim)
    axis = -1 if axis is None else axis
    with get_default_graph().name_scope(name or "softmax_cross_entropy_with_logits") as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels")
        half = logits.dtype.base_dtype in (dtypes.float16, dtypes.bfloat16)
        precise = cast(logits, dtypes.float32) if half else logits
        labels = cast(labels, precise.dtype)
        input_rank = rank_tensor(precise)
        static = logits.shape
        if axis != -1:
            precise = _move_dim_to_end(precise, axis, input_rank)
            labels = _move_dim_to_end(labels, axis, input_rank)
        input_shape = shape_tensor(precise)
        precise = _flatten_outer_dims(precise)
        labels = _flatten_outer_dims(labels)
        cost = SoftmaxCrossEntropyWithLogits(precise, labels, name=scope)[0]
        cost = reshape(cost, slice_(input_shape, [0], [subtract(input_rank, 1)]))
        if static.ndims is not None:
            dims = static.as_list()
            del dims[axis]
            cost.set_shape(dims)
        return cast(cost, logits.dtype) if half else cost


@tf_export("nn.softmax_cross_entropy_with_logits")
def softmax_cross_entropy_with_logits(labels=None, logits=None, dim=-1, name=None, axis=None):
    """`tf.nn.softmax_cross_entropy_with_logits` (TF1, deprecated): labels get a stop_gradient."""
    from .array import stop_gradient

    dim = axis_or_dim(axis, dim)  # as in TF, `axis` with the default dim=-1 is "both"
    _ensure_xent_args("softmax_cross_entropy_with_logits", labels, logits)
    with get_default_graph().name_scope(name or "softmax_cross_entropy_with_logits_sg") as scope:
        labels = stop_gradient(labels, name="labels_stop_gradient")
    return softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits, axis=dim, name=scope)


@tf_export("nn.sparse_softmax_cross_entropy_with_logits")
def sparse_softmax_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """`tf.nn.sparse_softmax_cross_entropy_with_logits`: `labels` are class indices. Logits of rank other
    than 2 are flattened to 2-D (checked at run time against the labels' shape when not static)."""
    from .array import reshape
    from .logging_ops import assert_equal
    from .math import cast

    _ensure_xent_args("sparse_softmax_cross_entropy_with_logits", labels, logits)
    graph = get_default_graph()
    with graph.name_scope(name or "SparseSoftmaxCrossEntropyWithLogits"):
        labels = convert_to_tensor(labels)
        logits = convert_to_tensor(logits)
        half = logits.dtype.base_dtype is dtypes.float16
        precise = cast(logits, dtypes.float32) if half else logits
        labels_static = labels.shape
        labels_shape = shape_tensor(labels)
        logits_dims = logits.shape.as_tuple()
        outer_known = logits_dims is not None and len(logits_dims) > 0 and None not in logits_dims[:-1]
        fully_defined = labels_static.is_fully_defined() and outer_known
        if logits_dims is not None and len(logits_dims) == 0:
            raise ValueError(f"`logits` cannot be a scalar. Received logits={logits}`")
        if logits_dims is not None and labels_static.ndims is not None and labels_static.ndims != len(logits_dims) - 1:
            raise ValueError(f"`labels.shape.rank` must equal `logits.shape.rank - 1`. Received: "
                             f"labels.shape={labels_static} of rank {labels_static.ndims} and "
                             f"logits.shape={logits.shape} of rank {len(logits_dims)}")
        if fully_defined and labels_static.as_list() != list(logits_dims[:-1]):
            raise ValueError(f"`labels.shape` must equal `logits.shape` except for the last dimension. Received: "
                             f"labels.shape={labels_static} and logits.shape={logits.shape}")
        if logits_dims is not None and len(logits_dims) == 2:
            cost = SparseSoftmaxCrossEntropyWithLogits(precise, labels, name=name)[0]
            return cast(cost, dtypes.float16) if half else cost
        checks = [] if fully_defined else [assert_equal(shape_tensor(labels), shape_tensor(logits)[:-1])]
        with graph.control_dependencies(checks):
            num_classes = shape_tensor(logits)[rank_tensor(logits) - 1]
            precise = reshape_packed(precise, [-1, num_classes])
            labels = reshape(labels, [-1])
            cost = SparseSoftmaxCrossEntropyWithLogits(precise, labels, name=name)[0]
            cost = reshape(cost, labels_shape)
            cost.set_shape(labels_static)
            return cast(cost, dtypes.float16) if half else cost


def _check_same_shape(labels, logits):
    if not labels.shape.is_compatible_with(logits.shape):
        raise ValueError(f"`logits` and `labels` must have the same shape, received ({logits.shape} vs "
                         f"{labels.shape}).")


@tf_export("nn.sigmoid_cross_entropy_with_logits")
def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """`tf.nn.sigmoid_cross_entropy_with_logits`: max(x, 0) - x * z + log(1 + exp(-|x|)), with the max and
    -|x| written as TF writes them (two Selects on `x >= 0`)."""
    from .array import zeros_like
    from .array_index import where
    from .math import add, exp, log1p

    _ensure_xent_args("sigmoid_cross_entropy_with_logits", labels, logits)
    with get_default_graph().name_scope(name or "logistic_loss") as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels")
        _check_same_shape(labels, logits)
        zeros = zeros_like(logits, dtype=logits.dtype)
        cond = logits >= zeros
        relu_logits = where(cond, logits, zeros)
        neg_abs_logits = where(cond, -logits, logits)
        return add(relu_logits - logits * labels, log1p(exp(neg_abs_logits)), name=scope)


@tf_export("nn.weighted_cross_entropy_with_logits")
def weighted_cross_entropy_with_logits(labels=None, logits=None, pos_weight=None, name=None, targets=None):
    """`tf.nn.weighted_cross_entropy_with_logits` (TF1 also accepts `targets` for `labels`):
    (1 - z) * x + (1 + (pos_weight - 1) * z) * (log1p(exp(-|x|)) + relu(-x))."""
    from .math import abs as abs_
    from .math import add, exp, log1p

    if targets is not None:
        if labels is not None:
            raise ValueError("Cannot specify both 'targets' and 'labels'.")
        labels = targets
    with get_default_graph().name_scope(name or "logistic_loss") as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels")
        _check_same_shape(labels, logits)
        log_weight = 1 + (pos_weight - 1) * labels
        return add((1 - labels) * logits, log_weight * (log1p(exp(-abs_(logits))) + Relu(-logits)), name=scope)
