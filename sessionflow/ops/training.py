"""Training ops: the fused variable updates TF's optimizers use (ApplyGradientDescent, ApplyAdam, ...).

Each op takes the variable and its optimizer slots as reference inputs, updates them in the
session's store, and outputs the variable's new value. The update formulas are TF's CPU kernels',
evaluated in the variable's dtype.
"""

from __future__ import annotations

from ..framework.registry import NOT_DIFFERENTIABLE, op
from .common import FLOATS
from .state import _assigned_key


def _infer_update(op_type: str):
    def infer(var, *others, use_locking=False, **attrs):
        if not var.dtype._is_ref_dtype:
            raise TypeError(f"'{op_type}' Op requires that input 'var' be a mutable tensor (e.g.: a tf.Variable)")
        if var.dtype.base_dtype not in FLOATS:
            raise TypeError(f"Value passed to parameter 'var' has DataType {var.dtype.base_dtype.name} not in list "
                            "of allowed values: float16, bfloat16, float32, float64")
        for t in others:
            if t.dtype.base_dtype is not var.dtype.base_dtype:
                raise TypeError(f"Inputs of '{op_type}' must all have type {var.dtype.base_dtype.name}, "
                                f"got {t.dtype.base_dtype.name}")
        grad = others[-1]
        if not var.shape.is_compatible_with(grad.shape):
            raise ValueError(f"var and grad do not have the same shape {var.shape} {grad.shape} for '{op_type}'")
        return var.dtype._as_ref, var.shape

    return infer


def _scalar(xp, value, like):
    return xp.asarray(value, dtype=like.dtype)


@op("ApplyGradientDescent", inputs=("var", "alpha", "delta"), attrs=dict(use_locking=False), stateful=True,
    ref_inputs=("var",))
class ApplyGradientDescent:
    """var -= alpha * delta."""

    infer = _infer_update("ApplyGradientDescent")
    ref_key = _assigned_key
    grad = NOT_DIFFERENTIABLE

    def kernel(ctx, xp, var, alpha, delta, use_locking):
        old = ctx.read(var)
        return ctx.write(var, old - _scalar(xp, alpha, old) * delta)


@op("ApplyMomentum", inputs=("var", "accum", "lr", "grad", "momentum"),
    attrs=dict(use_locking=False, use_nesterov=False), stateful=True, ref_inputs=("var", "accum"))
class ApplyMomentum:
    """accum = accum * momentum + grad; var -= lr * accum (Nesterov: lr * (grad + momentum * accum))."""

    def infer(var, accum, lr, grad, momentum, use_locking, use_nesterov):
        return _infer_update("ApplyMomentum")(var, accum, lr, momentum, grad)

    ref_key = _assigned_key
    grad = NOT_DIFFERENTIABLE

    def kernel(ctx, xp, var, accum, lr, grad, momentum, use_locking, use_nesterov):
        w = ctx.read(var)
        lr, momentum = _scalar(xp, lr, w), _scalar(xp, momentum, w)
        acc = ctx.write(accum, ctx.read(accum) * momentum + grad)
        if use_nesterov:
            return ctx.write(var, w - (grad * lr + acc * momentum * lr))
        return ctx.write(var, w - acc * lr)


@op("ApplyAdam", inputs=("var", "m", "v", "beta1_power", "beta2_power", "lr", "beta1", "beta2", "epsilon", "grad"),
    attrs=dict(use_locking=False, use_nesterov=False), stateful=True, ref_inputs=("var", "m", "v"))
class ApplyAdam:
    """Adam: m and v are running moments; the step is lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps)."""

    def infer(var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad, use_locking, use_nesterov):
        return _infer_update("ApplyAdam")(var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad)

    ref_key = _assigned_key
    grad = NOT_DIFFERENTIABLE

    def kernel(ctx, xp, var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad, use_locking,
               use_nesterov):
        w = ctx.read(var)
        one = _scalar(xp, 1, w)
        b1p, b2p, lr, b1, b2, eps = (_scalar(xp, s, w) for s in (beta1_power, beta2_power, lr, beta1, beta2, epsilon))
        alpha = lr * xp.sqrt(one - b2p) / (one - b1p)
        m_old = ctx.read(m)
        m_new = ctx.write(m, m_old + (grad - m_old) * (one - b1))
        v_old = ctx.read(v)
        v_new = ctx.write(v, v_old + (grad * grad - v_old) * (one - b2))
        if use_nesterov:
            return ctx.write(var, w - ((grad * (one - b1) + b1 * m_new) * alpha) / (xp.sqrt(v_new) + eps))
        return ctx.write(var, w - (m_new * alpha) / (xp.sqrt(v_new) + eps))


@op("ApplyAdagrad", inputs=("var", "accum", "lr", "grad"), attrs=dict(use_locking=False, update_slots=True),
    stateful=True, ref_inputs=("var", "accum"))
class ApplyAdagrad:
    """accum += grad^2; var -= lr * grad / sqrt(accum)."""

    def infer(var, accum, lr, grad, use_locking, update_slots):
        return _infer_update("ApplyAdagrad")(var, accum, lr, grad)

    ref_key = _assigned_key
    grad = NOT_DIFFERENTIABLE

    def kernel(ctx, xp, var, accum, lr, grad, use_locking, update_slots):
        w = ctx.read(var)
        acc = ctx.read(accum)
        if update_slots:
            acc = ctx.write(accum, acc + grad * grad)
        return ctx.write(var, w - _scalar(xp, lr, w) * grad / xp.sqrt(acc))


@op("ApplyAdadelta", inputs=("var", "accum", "accum_update", "lr", "rho", "epsilon", "grad"),
    attrs=dict(use_locking=False), stateful=True, ref_inputs=("var", "accum", "accum_update"))
class ApplyAdadelta:
    """Adadelta's running averages of squared gradients and squared updates."""

    def infer(var, accum, accum_update, lr, rho, epsilon, grad, use_locking):
        return _infer_update("ApplyAdadelta")(var, accum, accum_update, lr, rho, epsilon, grad)

    ref_key = _assigned_key
    grad = NOT_DIFFERENTIABLE

    def kernel(ctx, xp, var, accum, accum_update, lr, rho, epsilon, grad, use_locking):
        w = ctx.read(var)
        one = _scalar(xp, 1, w)
        lr, rho, eps = (_scalar(xp, s, w) for s in (lr, rho, epsilon))
        acc = ctx.write(accum, ctx.read(accum) * rho + grad * grad * (one - rho))
        acc_update = ctx.read(accum_update)
        update = xp.sqrt(acc_update + eps) / xp.sqrt(acc + eps) * grad
        ctx.write(accum_update, acc_update * rho + update * update * (one - rho))
        return ctx.write(var, w - update * lr)


@op("ApplyRMSProp", inputs=("var", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad"),
    attrs=dict(use_locking=False), stateful=True, ref_inputs=("var", "ms", "mom"))
class ApplyRMSProp:
    """ms += (grad^2 - ms) * (1 - rho); mom = mom * momentum + lr * grad / sqrt(ms + eps); var -= mom."""

    def infer(var, ms, mom, lr, rho, momentum, epsilon, grad, use_locking):
        return _infer_update("ApplyRMSProp")(var, ms, mom, lr, rho, momentum, epsilon, grad)

    ref_key = _assigned_key
    grad = NOT_DIFFERENTIABLE

    def kernel(ctx, xp, var, ms, mom, lr, rho, momentum, epsilon, grad, use_locking):
        w = ctx.read(var)
        one = _scalar(xp, 1, w)
        lr, rho, momentum, eps = (_scalar(xp, s, w) for s in (lr, rho, momentum, epsilon))
        ms_old = ctx.read(ms)
        ms_new = ctx.write(ms, ms_old + (grad * grad - ms_old) * (one - rho))
        mom_new = ctx.write(mom, ctx.read(mom) * momentum + lr * grad / xp.sqrt(ms_new + eps))
        return ctx.write(var, w - mom_new)


@op("ApplyCenteredRMSProp", inputs=("var", "mg", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad"),
    attrs=dict(use_locking=False), stateful=True, ref_inputs=("var", "mg", "ms", "mom"))
class ApplyCenteredRMSProp:
    """RMSProp normalised by the variance (ms - mg^2) instead of the second moment."""

    def infer(var, mg, ms, mom, lr, rho, momentum, epsilon, grad, use_locking):
        return _infer_update("ApplyCenteredRMSProp")(var, mg, ms, mom, lr, rho, momentum, epsilon, grad)

    ref_key = _assigned_key
    grad = NOT_DIFFERENTIABLE

    def kernel(ctx, xp, var, mg, ms, mom, lr, rho, momentum, epsilon, grad, use_locking):
        w = ctx.read(var)
        one = _scalar(xp, 1, w)
        lr, rho, momentum, eps = (_scalar(xp, s, w) for s in (lr, rho, momentum, epsilon))
        mg_old, ms_old = ctx.read(mg), ctx.read(ms)
        mg_new = ctx.write(mg, mg_old + (grad - mg_old) * (one - rho))
        ms_new = ctx.write(ms, ms_old + (grad * grad - ms_old) * (one - rho))
        denom = ms_new - mg_new * mg_new + eps
        mom_new = ctx.write(mom, ctx.read(mom) * momentum + lr * grad / xp.sqrt(denom))
        return ctx.write(var, w - mom_new)


@op("ApplyProximalGradientDescent", inputs=("var", "alpha", "l1", "l2", "delta"), attrs=dict(use_locking=False),
    stateful=True, ref_inputs=("var",))
class ApplyProximalGradientDescent:
    """A gradient step followed by the proximal operator of l1 * |w| + l2 / 2 * w^2."""

    def infer(var, alpha, l1, l2, delta, use_locking):
        return _infer_update("ApplyProximalGradientDescent")(var, alpha, l1, l2, delta)

    ref_key = _assigned_key
    grad = NOT_DIFFERENTIABLE

    def kernel(ctx, xp, var, alpha, l1, l2, delta, use_locking):
        w = ctx.read(var)
        alpha, l1, l2 = (_scalar(xp, s, w) for s in (alpha, l1, l2))
        one = _scalar(xp, 1, w)
        prox = w - alpha * delta
        if l1 > 0:
            shrunk = xp.maximum(xp.abs(prox) - alpha * l1, xp.zeros_like(prox))
            return ctx.write(var, xp.sign(prox) * shrunk / (one + alpha * l2))
        return ctx.write(var, prox / (one + alpha * l2))


@op("ApplyFtrlV2", inputs=("var", "accum", "linear", "grad", "lr", "l1", "l2", "l2_shrinkage", "lr_power"),
    attrs=dict(use_locking=False, multiply_linear_by_lr=False), stateful=True,
    ref_inputs=("var", "accum", "linear"))
class ApplyFtrlV2:
    """Follow-the-regularized-leader (FTRL-proximal) with optional L2 shrinkage."""

    def infer(var, accum, linear, grad, lr, l1, l2, l2_shrinkage, lr_power, use_locking, multiply_linear_by_lr):
        return _infer_update("ApplyFtrlV2")(var, accum, linear, lr, l1, l2, l2_shrinkage, lr_power, grad)

    ref_key = _assigned_key
    grad = NOT_DIFFERENTIABLE

    def kernel(ctx, xp, var, accum, linear, grad, lr, l1, l2, l2_shrinkage, lr_power, use_locking,
               multiply_linear_by_lr):
        w = ctx.read(var)
        lr, l1, l2, shrink, power = (_scalar(xp, s, w) for s in (lr, l1, l2, l2_shrinkage, lr_power))
        acc = ctx.read(accum)
        new_acc = acc + grad * grad
        shrunk_grad = grad + 2 * shrink * w
        if power == -0.5:
            sigma = (xp.sqrt(new_acc) - xp.sqrt(acc)) / lr
            y = xp.sqrt(new_acc) / lr + 2 * l2
        else:
            sigma = (new_acc ** -power - acc ** -power) / lr
            y = new_acc ** -power / lr + 2 * l2
        lin = ctx.write(linear, ctx.read(linear) + shrunk_grad - sigma * w)
        x = l1 * xp.sign(lin) - lin
        ctx.write(accum, new_acc)
        return ctx.write(var, xp.where(xp.abs(lin) > l1, x / y, xp.zeros_like(w)).astype(w.dtype))
