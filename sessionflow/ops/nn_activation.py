"""Activation ops (`tf.nn.relu`, `relu6`, `elu`, `selu`, `leaky_relu`, `crelu`) and their dedicated
gradient ops (`ReluGrad`, `Relu6Grad`, `EluGrad`, `SeluGrad`, `LeakyReluGrad`, and `SigmoidGrad`/`TanhGrad`,
which ops/math.py's Sigmoid and Tanh use, as TF's do: one op per gradient instead of four).

The gradient ops are differentiable as in TF 2.21 (nn_grad.py), so second derivatives (hessians,
gradient penalties) flow through them: each is linear in its incoming gradient, so its gradient with
respect to that input is the same gradient op applied to the new gradient; with respect to the
features it is zero for the piecewise-linear activations, and the incoming gradient where the output is
negative for Elu and Selu (whose gradient ops take the forward output).
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import REGISTRY, op
from .common import FLOATS, INEXACT, REAL, check_dtype
from .constant import convert_to_tensor
from .math import binary, unary

_F64 = np.float64
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _act_samples():
    return [((np.array([[0.3, -0.7, 1.2], [7.5, -1.4, 0.5]], _F64),), {}),
            ((np.array([0.5, -2.0, 6.5], np.float32),), {})]


def _grad_op_samples(attrs=None):
    g = np.array([[0.5, -1.5, 2.0], [1.0, 0.25, -0.75]], _F64)
    f = np.array([[0.3, -0.7, 1.2], [7.5, -1.4, 0.5]], _F64)
    return [((g, f), dict(attrs or {})), ((g.astype(np.float32), f.astype(np.float32)), dict(attrs or {}))]


def _zeros_like(t):
    from .array import zeros_like
    return zeros_like(t)


def _masked_grad_grad(op_, g):
    """TF's rule for a gradient op whose mask depends only on the features (ReluGrad, Relu6Grad,
    LeakyReluGrad): the same op on the new gradient, and zeros for the features."""
    features = op_.inputs[1]
    return REGISTRY[op_.type](g, features, **op_.attrs), _zeros_like(features)


def _saturating_grad_grad(op_, g):
    """TF's rule for EluGrad/SeluGrad(gradients, outputs): the same op on the new gradient, and
    `g * gradients` where the output is negative (the op is `gradients * (outputs + c)` there)."""
    from .array_index import where
    from .math import less, multiply

    dy, y = op_.inputs
    return REGISTRY[op_.type](g, y), where(less(y, _zeros_like(y)), multiply(g, dy), _zeros_like(y))


def _sigmoid_grad_grad(op_, g):
    """TF's rule for SigmoidGrad(y, dy) = dy * y * (1 - y)."""
    y, dy = op_.inputs
    gb = g * dy
    return gb - 2.0 * gb * y, SigmoidGrad(y, g)


def _tanh_grad_grad(op_, g):
    """TF's rule for TanhGrad(y, dy) = dy * (1 - y * y)."""
    y, dy = op_.inputs
    return g * -2.0 * dy * y, TanhGrad(y, g)


SigmoidGrad = binary("SigmoidGrad", lambda xp, y, dy: dy * xp.conj(y * (1 - y)), INEXACT, grad=_sigmoid_grad_grad,
                     samples=_grad_op_samples(), names=("y", "dy"))
TanhGrad = binary("TanhGrad", lambda xp, y, dy: dy * xp.conj(1 - y * y), INEXACT, grad=_tanh_grad_grad,
                  samples=_grad_op_samples(), names=("y", "dy"))

# --- activations -----------------------------------------------------------------------------

ReluGrad = binary("ReluGrad", lambda xp, g, f: g * (f > 0), REAL, grad=_masked_grad_grad,
                  samples=_grad_op_samples(), names=("gradients", "features"))
Relu = unary("Relu", lambda xp, x: xp.maximum(x, xp.zeros_like(x)), REAL,
             grad=lambda op_, g: ReluGrad(g, op_.outputs[0]))
Relu6Grad = binary("Relu6Grad", lambda xp, g, f: g * ((f > 0) & (f < 6)), REAL, grad=_masked_grad_grad,
                   samples=_grad_op_samples(), names=("gradients", "features"))
EluGrad = binary("EluGrad", lambda xp, g, y: xp.where(y < 0, g * (y + 1), g), FLOATS, grad=_saturating_grad_grad,
                 samples=_grad_op_samples(), names=("gradients", "outputs"))
SeluGrad = binary("SeluGrad", lambda xp, g, y: xp.where(y < 0, g * (y + _SELU_ALPHA * _SELU_SCALE), g * _SELU_SCALE),
                  FLOATS, grad=_saturating_grad_grad, samples=_grad_op_samples(), names=("gradients", "outputs"))

Relu6 = unary("Relu6", lambda xp, x: xp.clip(x, 0, 6), REAL, samples=_act_samples(),
              grad=lambda op_, g: Relu6Grad(g, op_.outputs[0]))
Elu = unary("Elu", lambda xp, x: xp.where(x > 0, x, xp.expm1(xp.minimum(x, 0))), FLOATS, samples=_act_samples(),
            grad=lambda op_, g: EluGrad(g, op_.outputs[0]))
Selu = unary("Selu", lambda xp, x: xp.where(x > 0, _SELU_SCALE * x,
                                           (_SELU_SCALE * _SELU_ALPHA) * xp.expm1(xp.minimum(x, 0))),
             FLOATS, samples=_act_samples(), grad=lambda op_, g: SeluGrad(g, op_.outputs[0]))


@op("LeakyReluGrad", inputs=("gradients", "features"), attrs=dict(alpha=0.2))
class LeakyReluGrad:
    """`gradients` where features > 0, else `alpha * gradients`."""

    def infer(gradients, features, alpha):
        check_dtype("LeakyReluGrad", "gradients", gradients, FLOATS)
        return gradients.dtype.base_dtype, gradients.shape.merge_with(features.shape)

    def kernel(xp, gradients, features, alpha):
        return xp.where(features > 0, gradients, gradients * xp.asarray(alpha, gradients.dtype))

    grad = _masked_grad_grad

    samples = _grad_op_samples(dict(alpha=0.1))


@op("LeakyRelu", inputs=("features",), attrs=dict(alpha=0.2))
class LeakyRelu:
    """max(features, alpha * features) (for alpha <= 1)."""

    def infer(features, alpha):
        check_dtype("LeakyRelu", "features", features, FLOATS)
        return features.dtype.base_dtype, features.shape

    def kernel(xp, features, alpha):
        return xp.where(features > 0, features, features * xp.asarray(alpha, features.dtype))

    def grad(op_, g):
        return LeakyReluGrad(g, op_.inputs[0], alpha=op_.attrs["alpha"])

    samples = [((np.array([[0.3, -0.7, 1.2], [7.5, -1.4, 0.5]], _F64),), dict(alpha=0.2)),
               ((np.array([0.5, -2.0], np.float32),), dict(alpha=0.01))]


def _activation(opdef, default_name, *names):
    def fn(features, name=None):
        with get_default_graph().name_scope(name or default_name) as scope:
            return opdef(convert_to_tensor(features, name="features"), name=scope)

    fn.__name__ = fn.__qualname__ = names[0].rpartition(".")[2]
    fn.__doc__ = f"`tf.{names[0]}`: elementwise {opdef.type}."
    return tf_export(*names)(fn)


@tf_export("nn.relu")
def relu(features, name=None):
    """`tf.nn.relu`: max(features, 0)."""
    with get_default_graph().name_scope(name or "Relu") as scope:
        return Relu(convert_to_tensor(features, name="features"), name=scope)


relu6 = _activation(Relu6, "Relu6", "nn.relu6")
elu = _activation(Elu, "Elu", "nn.elu")
selu = _activation(Selu, "Selu", "nn.selu")


@tf_export("nn.leaky_relu")
def leaky_relu(features, alpha=0.2, name=None):
    """`tf.nn.leaky_relu`; integer features are cast to float32 first, as TF does."""
    with get_default_graph().name_scope(name or "LeakyRelu") as scope:
        features = convert_to_tensor(features, name="features")
        if features.dtype.is_integer:
            from .math import cast
            features = cast(features, dtypes.float32)
        return LeakyRelu(features, alpha=float(alpha), name=scope)


@tf_export("nn.crelu")
def crelu(features, name=None, axis=-1):
    """`tf.nn.crelu`: relu(concat([features, -features], axis))."""
    from .array import concat
    from .math import negative

    with get_default_graph().name_scope(name or "CRelu") as scope:
        features = convert_to_tensor(features, name="features")
        c = concat([features, negative(features)], axis, name=scope)
        return Relu(c, name="Relu")
