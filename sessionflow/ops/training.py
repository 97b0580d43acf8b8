"""Training ops: the fused variable updates TF's optimizers use (ApplyAdam, SparseApplyMomentum, ...).

Each update rule is written once, as array math on (variable, slots, hyper-parameters, gradient),
and declared twice from it: the dense `Apply*` op, and the `SparseApply*` op that applies the rule
to the rows named by `indices` only (rows are assumed unique, as the optimizers deduplicate them).
Both take the variable and its slots as reference inputs, update them in the session's store and
output the variable's new value. The formulas are TF's CPU kernels', evaluated in the variable's
dtype.
"""

from __future__ import annotations

from ..framework.registry import NOT_DIFFERENTIABLE, op
from .common import FLOATS
from .state import _assigned_key


def _check_update(op_type: str, tensors: dict, slots, grad_name: str):
    var = tensors["var"]
    for name in slots:
        if not tensors[name].dtype._is_ref_dtype:
            raise TypeError(f"'{op_type}' Op requires that input '{name}' be a mutable tensor (e.g.: a tf.Variable)")
    if var.dtype.base_dtype not in FLOATS:
        raise TypeError(f"Value passed to parameter 'var' has DataType {var.dtype.base_dtype.name} not in list of "
                        "allowed values: float16, bfloat16, float32, float64")
    for name, t in tensors.items():
        if name != "indices" and t.dtype.base_dtype is not var.dtype.base_dtype:
            raise TypeError(f"Input '{name}' of '{op_type}' Op has type {t.dtype.base_dtype.name} that does not "
                            f"match type {var.dtype.base_dtype.name} of argument 'var'.")
    grad = tensors[grad_name]
    if "indices" in tensors:
        if not var.shape[1:].is_compatible_with(grad.shape[1:]):
            raise ValueError(f"var and grad must match in dimension 1 and up for '{op_type}': {var.shape} {grad.shape}")
    elif not var.shape.is_compatible_with(grad.shape):
        raise ValueError(f"var and grad do not have the same shape {var.shape} {grad.shape} for '{op_type}'")
    return var.dtype._as_ref, var.shape


def _declare(name: str, inputs: tuple, slots: tuple, grad_name: str, rule, sparse_inputs: tuple | None,
             extra_attrs=None, doc=""):
    """Declares `Apply<name>` (and `SparseApply<name>` when `sparse_inputs` is given) from `rule(xp,
    values_by_input_name, **attrs) -> new values of `slots`, in order` (slots[0] is always "var")."""
    attrs = dict(use_locking=False, **(extra_attrs or {}))

    def make(type_name, names, sparse):
        def infer(*tensors, **given):
            return _check_update(type_name, dict(zip(names, tensors)), slots, grad_name)

        def kernel(ctx, xp, *arrays, **given):
            named = dict(zip(names, arrays))
            keys = [named[s] for s in slots]
            current = [ctx.read(k) for k in keys]
            dtype = current[0].dtype
            values = {n: (xp.asarray(a, dtype=dtype) if n not in slots and n != "indices" else a)
                      for n, a in named.items()}
            given = {k: v for k, v in given.items() if k != "use_locking"}
            if not sparse:
                values.update(zip(slots, current))
                new = rule(xp, values, **given)
                written = [ctx.write(k, v) for k, v in zip(keys, new)]
                return written[0]
            rows = xp.asarray(named["indices"]).reshape(-1)
            if rows.size and (rows.min() < 0 or rows.max() >= current[0].shape[0]):
                from ..framework import errors

                raise errors.InvalidArgumentError(None, None, f"indices out of range [0, {current[0].shape[0]})")
            values.update((s, c[rows]) for s, c in zip(slots, current))
            new = rule(xp, values, **given)
            written = []
            for k, c, v in zip(keys, current, new):
                full = c.copy()
                full[rows] = v
                written.append(ctx.write(k, full))
            return written[0]

        body = dict(infer=infer, kernel=kernel, ref_key=_assigned_key, grad=NOT_DIFFERENTIABLE, __doc__=doc)
        type_attrs = dict(T="var", Tindices="indices") if sparse else None
        return op(type_name, inputs=names, attrs=attrs, stateful=True, ref_inputs=slots,
                  type_attrs=type_attrs)(type(type_name, (), body))

    dense = make("Apply" + name, inputs, False)
    sparse = make("SparseApply" + name, sparse_inputs, True) if sparse_inputs else None
    return dense, sparse


# --- the rules ---------------------------------------------------------------------------------

def _gradient_descent(xp, v):
    return (v["var"] - v["alpha"] * v["delta"],)


def _momentum(xp, v, use_nesterov=False):
    accum = v["accum"] * v["momentum"] + v["grad"]
    if use_nesterov:
        return v["var"] - (v["grad"] * v["lr"] + accum * v["momentum"] * v["lr"]), accum
    return v["var"] - accum * v["lr"], accum


def _adam(xp, v, use_nesterov=False):
    one = xp.ones((), dtype=v["var"].dtype)
    alpha = v["lr"] * xp.sqrt(one - v["beta2_power"]) / (one - v["beta1_power"])
    g = v["grad"]
    m = v["m"] + (g - v["m"]) * (one - v["beta1"])
    s = v["v"] + (g * g - v["v"]) * (one - v["beta2"])
    step = (g * (one - v["beta1"]) + v["beta1"] * m) if use_nesterov else m
    return v["var"] - (step * alpha) / (xp.sqrt(s) + v["epsilon"]), m, s


def _adagrad(xp, v, update_slots=True):
    accum = v["accum"] + v["grad"] * v["grad"] if update_slots else v["accum"]
    return v["var"] - v["lr"] * v["grad"] / xp.sqrt(accum), accum


def _adadelta(xp, v):
    one = xp.ones((), dtype=v["var"].dtype)
    g, rho, eps = v["grad"], v["rho"], v["epsilon"]
    accum = v["accum"] * rho + g * g * (one - rho)
    update = xp.sqrt(v["accum_update"] + eps) / xp.sqrt(accum + eps) * g
    accum_update = v["accum_update"] * rho + update * update * (one - rho)
    return v["var"] - update * v["lr"], accum, accum_update


def _rms_prop(xp, v):
    one = xp.ones((), dtype=v["var"].dtype)
    g = v["grad"]
    ms = v["ms"] + (g * g - v["ms"]) * (one - v["rho"])
    mom = v["mom"] * v["momentum"] + v["lr"] * g / xp.sqrt(ms + v["epsilon"])
    return v["var"] - mom, ms, mom


def _centered_rms_prop(xp, v):
    one = xp.ones((), dtype=v["var"].dtype)
    g = v["grad"]
    mg = v["mg"] + (g - v["mg"]) * (one - v["rho"])
    ms = v["ms"] + (g * g - v["ms"]) * (one - v["rho"])
    mom = v["mom"] * v["momentum"] + v["lr"] * g / xp.sqrt(ms - mg * mg + v["epsilon"])
    return v["var"] - mom, mg, ms, mom


def _proximal_gradient_descent(xp, v):
    one = xp.ones((), dtype=v["var"].dtype)
    alpha, l1, l2 = v["alpha"], v["l1"], v["l2"]
    prox = v["var"] - alpha * v["delta"]
    if l1 > 0:
        shrunk = xp.maximum(xp.abs(prox) - alpha * l1, xp.zeros_like(prox))
        return (xp.sign(prox) * shrunk / (one + alpha * l2),)
    return (prox / (one + alpha * l2),)


def _ftrl(xp, v, multiply_linear_by_lr=False):
    w, acc, g = v["var"], v["accum"], v["grad"]
    lr, l1, l2, power = v["lr"], v["l1"], v["l2"], v["lr_power"]
    new_acc = acc + g * g
    shrunk_grad = g + 2 * v["l2_shrinkage"] * w
    if power == -0.5:
        sigma = (xp.sqrt(new_acc) - xp.sqrt(acc)) / lr
        y = xp.sqrt(new_acc) / lr + 2 * l2
    else:
        sigma = (new_acc ** -power - acc ** -power) / lr
        y = new_acc ** -power / lr + 2 * l2
    linear = v["linear"] + shrunk_grad - sigma * w
    x = l1 * xp.sign(linear) - linear
    return xp.where(xp.abs(linear) > l1, x / y, xp.zeros_like(w)).astype(w.dtype), new_acc, linear


ApplyGradientDescent, _ = _declare(
    "GradientDescent", ("var", "alpha", "delta"), ("var",), "delta", _gradient_descent, None,
    doc="var -= alpha * delta.")
ApplyMomentum, SparseApplyMomentum = _declare(
    "Momentum", ("var", "accum", "lr", "grad", "momentum"), ("var", "accum"), "grad", _momentum,
    ("var", "accum", "lr", "grad", "indices", "momentum"), dict(use_nesterov=False),
    doc="accum = accum * momentum + grad; var -= lr * accum (or the Nesterov form).")
ApplyAdam, _ = _declare(
    "Adam", ("var", "m", "v", "beta1_power", "beta2_power", "lr", "beta1", "beta2", "epsilon", "grad"),
    ("var", "m", "v"), "grad", _adam, None, dict(use_nesterov=False),
    doc="Adam: running moments m, v; step lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps).")
ApplyAdagrad, SparseApplyAdagrad = _declare(
    "Adagrad", ("var", "accum", "lr", "grad"), ("var", "accum"), "grad", _adagrad,
    ("var", "accum", "lr", "grad", "indices"), dict(update_slots=True),
    doc="accum += grad^2; var -= lr * grad / sqrt(accum).")
ApplyAdadelta, SparseApplyAdadelta = _declare(
    "Adadelta", ("var", "accum", "accum_update", "lr", "rho", "epsilon", "grad"), ("var", "accum", "accum_update"),
    "grad", _adadelta, ("var", "accum", "accum_update", "lr", "rho", "epsilon", "grad", "indices"),
    doc="Adadelta's running averages of squared gradients and squared updates.")
ApplyRMSProp, SparseApplyRMSProp = _declare(
    "RMSProp", ("var", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad"), ("var", "ms", "mom"), "grad",
    _rms_prop, ("var", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad", "indices"),
    doc="ms += (grad^2 - ms) * (1 - rho); mom = mom * momentum + lr * grad / sqrt(ms + eps); var -= mom.")
ApplyCenteredRMSProp, SparseApplyCenteredRMSProp = _declare(
    "CenteredRMSProp", ("var", "mg", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad"),
    ("var", "mg", "ms", "mom"), "grad", _centered_rms_prop,
    ("var", "mg", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad", "indices"),
    doc="RMSProp normalised by the variance (ms - mg^2) instead of the second moment.")
ApplyProximalGradientDescent, SparseApplyProximalGradientDescent = _declare(
    "ProximalGradientDescent", ("var", "alpha", "l1", "l2", "delta"), ("var",), "delta",
    _proximal_gradient_descent, ("var", "alpha", "l1", "l2", "delta", "indices"),
    doc="A gradient step followed by the proximal operator of l1 * |w| + l2 / 2 * w^2.")
ApplyFtrlV2, SparseApplyFtrlV2 = _declare(
    "FtrlV2", ("var", "accum", "linear", "grad", "lr", "l1", "l2", "l2_shrinkage", "lr_power"),
    ("var", "accum", "linear"), "grad", _ftrl,
    ("var", "accum", "linear", "grad", "indices", "lr", "l1", "l2", "l2_shrinkage", "lr_power"),
    dict(multiply_linear_by_lr=False),
    doc="Follow-the-regularized-leader (FTRL-proximal) with optional L2 shrinkage.")
