"""Training ops: the fused variable updates TF's optimizers use (ApplyAdam, SparseApplyMomentum, ...).

Each update rule is written once, as array math on (variable, slots, hyper-parameters, gradient),
and declared four times from it, as TF has them:

- `Apply<Rule>`: the variable and its slots are reference inputs; outputs the variable's new value;
- `SparseApply<Rule>`: the same, applied to the rows named by `indices` only (rows are assumed
  unique, as the optimizers deduplicate them);
- `ResourceApply<Rule>` / `ResourceSparseApply<Rule>`: the variable and its slots are resource
  handles (dtype resource); they have no outputs, as TF's.

The formulas are TF's CPU kernels', evaluated in the variable's dtype. The shape checks are TF's
shape functions' (var and slots agree, hyper-parameters are scalars, the gradient matches the
variable, or its rows do), with TF's messages.
"""

from __future__ import annotations

from ..framework import dtypes, errors
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from .common import FLOATS, deferred_check, rows_in_range, traced_jax
from .shape_fns import merge, merge_dim, with_rank
from .state import _assigned_key, handle_shape


def _infer_update(op_type: str, named: dict, slots: tuple, grad_name: str, resource: bool):
    """TF's type and shape checks of an update op; its output spec (none for a resource op)."""
    for name in slots:
        t = named[name]
        if resource and t.dtype.base_dtype is not dtypes.resource:
            raise TypeError(f"Input '{name}' of '{op_type}' Op has type {t.dtype.base_dtype.name} that does not "
                            "match expected type of resource.")
        if not resource and not t.dtype._is_ref_dtype:
            raise TypeError(f"'{op_type}' Op requires that input '{name}' be a mutable tensor (e.g.: a tf.Variable)")
    if "global_step" in named and named["global_step"].dtype.base_dtype is not dtypes.int64:
        raise TypeError(f"Input 'global_step' of '{op_type}' Op has type "
                        f"{named['global_step'].dtype.base_dtype.name} that does not match expected type of int64.")
    typed = [n for n in named if n not in ("indices", "global_step") and not (resource and n in slots)]
    first = typed[0]
    dtype = named[first].dtype.base_dtype
    if dtype not in FLOATS:
        raise TypeError(f"Value passed to parameter '{first}' has DataType {dtype.name} not in list of allowed "
                        "values: float16, bfloat16, float32, float64")
    for name in typed[1:]:
        if named[name].dtype.base_dtype is not dtype:
            raise TypeError(f"Input '{name}' of '{op_type}' Op has type {named[name].dtype.base_dtype.name} that does "
                            f"not match type {dtype.name} of argument '{first}'.")
    shape = TensorShape(None)
    for name in slots:
        shape = merge(op_type, shape, handle_shape(named[name]) if resource else named[name].shape)
    for name, t in named.items():
        if name not in slots and name not in (grad_name, "indices"):
            with_rank(op_type, t.shape, 0)
    grad = named[grad_name].shape
    if "indices" in named:
        indices = with_rank(op_type, named["indices"].shape, 1)
        if grad.ndims == 0:
            raise ValueError(f"Argument grad must not be a scalar. Got grad with rank 0 for '{op_type}'")
        if grad.ndims is not None:
            merge_dim(op_type, indices.as_list()[0], grad.as_list()[0])
            shape = merge(op_type, shape, TensorShape([None] + grad.as_list()[1:]))
    else:
        shape = merge(op_type, shape, grad)
    return [] if resource else (named["var"].dtype._as_ref, shape)


def _dense_kernel(rule, names: tuple, slots: tuple, grad_name: str, resource: bool):
    """The kernel of a dense update op: `rule` on whole variables. The hot path of every training step
    (one call per variable per step), so its bookkeeping is done once here: positions of the handles,
    hyper-parameters and gradient; hyper-parameters reach the rule as NumPy scalars of the variable's
    dtype (their arithmetic is the same float32/float64 arithmetic as on 0-d arrays, at a tenth of the cost)."""
    slot_at = tuple(names.index(s) for s in slots)
    hyper_at = tuple((n, i) for i, n in enumerate(names) if n not in slots and n != grad_name)
    grad_at = names.index(grad_name)
    others = tuple(zip(slots[1:], slot_at[1:]))

    def kernel(ctx, xp, *arrays, **given):
        given.pop("use_locking", None)
        read = ctx.read
        var = read(arrays[slot_at[0]])
        dtype = var.dtype
        grad = arrays[grad_at]
        if grad.dtype != dtype:
            if resource:
                _check_slot("var", var, var, grad, resource)
            grad = xp.asarray(grad, dtype=dtype)
        values = {"var": var}
        for name, i in others:
            value = values[name] = read(arrays[i])
            if value.shape != var.shape or value.dtype != dtype:
                _check_slot(name, var, value, grad, resource)
        if grad.shape != var.shape:
            raise errors.InvalidArgumentError(None, None, f"var and {grad_name} do not have the same shape"
                                                          f"{_shape(var)} {_shape(grad)}")
        values[grad_name] = grad
        for name, i in hyper_at:
            a = arrays[i]
            values[name] = a[()] if a.dtype == dtype else xp.asarray(a, dtype=dtype)[()]
        write = ctx.write
        new = rule(xp, values, **given)
        written = write(arrays[slot_at[0]], new[0])
        for (_, i), value in zip(others, new[1:]):
            write(arrays[i], value)
        return None if resource else written

    return kernel


def _check_slot(name, var, value, grad, resource):
    """TF's run-time errors for a slot (or, for a resource op, any variable) that does not fit."""
    if resource and value.dtype != grad.dtype:
        raise errors.InvalidArgumentError(
            None, None, f"Trying to read variable with wrong dtype. Expected {dtypes.as_dtype(grad.dtype).name} "
                        f"got {dtypes.as_dtype(value.dtype).name}")
    if value.shape != var.shape:
        raise errors.InvalidArgumentError(None, None, f"var and {name} do not have the same shape"
                                                      f"{_shape(var)} {_shape(value)}")


def _apply(ctx, xp, rule, named: dict, slots: tuple, grad_name: str, given: dict, sparse: bool, resource: bool):
    """Runs `rule` on the variables `named` keys for `slots`, writes their new values; returns var's
    (None for a resource op). The run-time checks and messages are TF's kernels'. Dense ops take
    `_dense_kernel`'s faster path; this one serves the sparse ops."""
    keys = [named[s] for s in slots]
    current = [ctx.read(k) for k in keys]
    var = current[0]
    values = {n: a for n, a in named.items() if n not in slots and n != "indices"}
    if resource:  # a handle may name a variable of another dtype: TF checks it when the op runs
        expected = dtypes.as_dtype(values[grad_name].dtype)
        for value in current:
            if value.dtype != values[grad_name].dtype:
                raise errors.InvalidArgumentError(
                    None, None, f"Trying to read variable with wrong dtype. Expected {expected.name} got "
                                f"{dtypes.as_dtype(value.dtype).name}")
    values = {n: xp.asarray(a, dtype=var.dtype) for n, a in values.items()}
    given = {k: v for k, v in given.items() if k != "use_locking"}
    grad = values[grad_name]
    for name, value in zip(slots[1:], current[1:]):
        if value.shape != var.shape:
            raise errors.InvalidArgumentError(None, None, f"var and {name} do not have the same shape"
                                                          f"{_shape(var)} {_shape(value)}")
    if not sparse:
        if grad.shape != var.shape:
            raise errors.InvalidArgumentError(None, None, f"var and {grad_name} do not have the same shape"
                                                          f"{_shape(var)} {_shape(grad)}")
        values.update(zip(slots, current))
        written = [ctx.write(k, v) for k, v in zip(keys, rule(xp, values, **given))]
        return None if resource else written[0]
    rows = xp.asarray(named["indices"])
    problem = ("var must be at least 1 dimensional" if var.ndim < 1 else
               "indices must be one-dimensional" if rows.ndim != 1 else
               next((f"var and grad must match in dimension {d}" for d in range(1, var.ndim)
                     if grad.ndim <= d or grad.shape[d] != var.shape[d]), None) or
               ("grad must be the same size as indices in the first dimension."
                if grad.ndim < 1 or grad.shape[0] != rows.shape[0] else None))
    if problem is None and traced_jax(xp) is not None:
        return _apply_traced(ctx, xp, rule, values, given, slots, keys, current, named["indices"], rows, resource)
    if problem is None and rows.size and (rows.min() < 0 or rows.max() >= var.shape[0]):
        bad = int(xp.argmax((rows < 0) | (rows >= var.shape[0])))
        problem = f"Index {int(rows[bad])} at offset {bad} in indices is out of range"
    if problem is not None:
        raise errors.InvalidArgumentError(None, None, problem)
    values.update((s, c[rows]) for s, c in zip(slots, current))
    written = []
    for k, c, v in zip(keys, current, rule(xp, values, **given)):
        full = c.copy()
        full[rows] = v
        written.append(ctx.write(k, full))
    return None if resource else written[0]


def _apply_traced(ctx, xp, rule, values, given, slots, keys, current, indices, rows, resource):
    """A sparse update being traced: the index check deferred (a bad index reruns on NumPy, which raises
    TF's error), Unique's padding rows (`rows_in_range`) left out: they read zeros and are not written."""
    rows, bad = rows_in_range(xp, indices, rows, current[0].shape[0])
    deferred_check(xp, bad)
    values.update((s, c.at[rows].get(mode="fill", fill_value=0)) for s, c in zip(slots, current))
    new = rule(xp, values, **given)
    written = [ctx.write(k, c.at[rows].set(v, mode="drop")) for k, c, v in zip(keys, current, new)]
    return None if resource else written[0]


def _shape(array) -> str:
    return "[" + ",".join(str(d) for d in array.shape) + "]"


def _declare(name: str, inputs: tuple, slots: tuple, grad_name: str, rule, sparse_inputs: tuple | None,
             extra_attrs=None, doc="", resource_only=False):
    """Declares `Apply<name>`, `ResourceApply<name>` and, when `sparse_inputs` is given, `SparseApply<name>`
    and `ResourceSparseApply<name>`, from `rule(xp, values_by_input_name, **attrs) -> new values of
    `slots`, in order` (slots[0] is always "var"). The sparse ops' gradient input is TF's `grad`; the rule
    sees it under `grad_name`. Returns (Apply, SparseApply, ResourceApply, ResourceSparseApply); with
    `resource_only` (a rule TF has for resource variables only) the reference-variable ops are None."""
    attrs = dict(use_locking=False, **(extra_attrs or {}))

    def make(type_name, names, sparse, resource):
        def infer(*tensors, **given):
            named = dict(zip(names, tensors))
            return _infer_update(type_name, named, slots, "grad" if sparse else grad_name, resource)

        def kernel(ctx, xp, *arrays, **given):
            named = dict(zip(names, arrays))
            if sparse and grad_name not in named:
                named[grad_name] = named.pop("grad")
            return _apply(ctx, xp, rule, named, slots, grad_name, given, sparse, resource)

        if not sparse:
            kernel = _dense_kernel(rule, names, slots, grad_name, resource)
        body = dict(infer=infer, kernel=kernel, grad=NOT_DIFFERENTIABLE, __doc__=doc)
        first_typed = next(n for n in names if n not in slots)
        if resource:
            type_attrs = dict(T=first_typed, Tindices="indices") if sparse else dict(T=first_typed)
            return op(type_name, inputs=names, attrs=attrs, stateful=True, type_attrs=type_attrs)(
                type(type_name, (), body))
        body["ref_key"] = _assigned_key
        type_attrs = dict(T="var", Tindices="indices") if sparse else None
        return op(type_name, inputs=names, attrs=attrs, stateful=True, ref_inputs=slots,
                  type_attrs=type_attrs)(type(type_name, (), body))

    ops = [None if resource_only else make("Apply" + name, inputs, False, False), None,
           make("ResourceApply" + name, inputs, False, True), None]
    if sparse_inputs:
        ops[1] = None if resource_only else make("SparseApply" + name, sparse_inputs, True, False)
        ops[3] = make("ResourceSparseApply" + name, sparse_inputs, True, True)
    return tuple(ops)


# --- the rules ---------------------------------------------------------------------------------
# (Hyper-parameters reach a rule in the variable's dtype: AdagradDA's int64 global_step as TF's kernel casts it.)

def _gradient_descent(xp, v):
    return (v["var"] - v["alpha"] * v["delta"],)


def _momentum(xp, v, use_nesterov=False):
    accum = v["accum"] * v["momentum"] + v["grad"]
    if use_nesterov:
        return v["var"] - (v["grad"] * v["lr"] + accum * v["momentum"] * v["lr"]), accum
    return v["var"] - accum * v["lr"], accum


def _keras_momentum(xp, v, use_nesterov=False):
    accum = v["accum"] * v["momentum"] - v["grad"] * v["lr"]
    if use_nesterov:
        return v["var"] + (accum * v["momentum"] - v["grad"] * v["lr"]), accum
    return v["var"] + accum, accum


def _adam(xp, v, use_nesterov=False):
    one = v["var"].dtype.type(1)
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
    one = v["var"].dtype.type(1)
    g, rho, eps = v["grad"], v["rho"], v["epsilon"]
    accum = v["accum"] * rho + g * g * (one - rho)
    update = xp.sqrt(v["accum_update"] + eps) / xp.sqrt(accum + eps) * g
    accum_update = v["accum_update"] * rho + update * update * (one - rho)
    return v["var"] - update * v["lr"], accum, accum_update


def _rms_prop(xp, v):
    one = v["var"].dtype.type(1)
    g = v["grad"]
    ms = v["ms"] + (g * g - v["ms"]) * (one - v["rho"])
    mom = v["mom"] * v["momentum"] + v["lr"] * g / xp.sqrt(ms + v["epsilon"])
    return v["var"] - mom, ms, mom


def _centered_rms_prop(xp, v):
    one = v["var"].dtype.type(1)
    g = v["grad"]
    mg = v["mg"] + (g - v["mg"]) * (one - v["rho"])
    ms = v["ms"] + (g * g - v["ms"]) * (one - v["rho"])
    mom = v["mom"] * v["momentum"] + v["lr"] * g / xp.sqrt(ms - mg * mg + v["epsilon"])
    return v["var"] - mom, mg, ms, mom


def _proximal_gradient_descent(xp, v):
    one = v["var"].dtype.type(1)
    alpha, l1, l2 = v["alpha"], v["l1"], v["l2"]
    prox = v["var"] - alpha * v["delta"]
    if l1 > 0:
        shrunk = xp.maximum(xp.abs(prox) - alpha * l1, xp.zeros_like(prox))
        return (xp.sign(prox) * shrunk / (one + alpha * l2),)
    return (prox / (one + alpha * l2),)


def _proximal_adagrad(xp, v):
    one = v["var"].dtype.type(1)
    accum = v["accum"] + v["grad"] * v["grad"]
    lr = v["lr"] / xp.sqrt(accum)
    prox = v["var"] - v["grad"] * lr
    if v["l1"] > 0:
        shrunk = xp.maximum(xp.abs(prox) - lr * v["l1"], xp.zeros_like(prox))
        return xp.sign(prox) * shrunk / (one + v["l2"] * lr), accum
    return prox / (one + v["l2"] * lr), accum


def _adagrad_da(xp, v):
    g_acc = v["gradient_accumulator"] + v["grad"]
    gg_acc = v["gradient_squared_accumulator"] + v["grad"] * v["grad"]
    lr, l1, l2, step = v["lr"], v["l1"], v["l2"], v["global_step"]
    denominator = l2 * step * lr + xp.sqrt(gg_acc)
    if l1 > 0:
        shrunk = xp.maximum(xp.abs(g_acc) - step * l1, xp.zeros_like(g_acc))
        return lr * -xp.sign(g_acc) * shrunk / denominator, g_acc, gg_acc
    return lr * g_acc * -1 / denominator, g_acc, gg_acc


def _ftrl(xp, v, multiply_linear_by_lr=False):
    w, acc, g = v["var"], v["accum"], v["grad"]
    lr, l1, l2, power = v["lr"], v["l1"], v["l2"], v["lr_power"]
    new_acc = acc + g * g
    shrunk_grad = g + 2 * v["l2_shrinkage"] * w if "l2_shrinkage" in v else g  # FtrlV2 / Ftrl
    if power == -0.5:
        new_powered, old_powered = xp.sqrt(new_acc), xp.sqrt(acc)
    else:
        new_powered, old_powered = new_acc ** -power, acc ** -power
    if multiply_linear_by_lr:
        linear = v["linear"] + shrunk_grad * lr - (new_powered - old_powered) * w
        y, threshold = new_powered + 2 * l2 * lr, l1 * lr
    else:
        linear = v["linear"] + shrunk_grad - (new_powered - old_powered) / lr * w
        y, threshold = new_powered / lr + 2 * l2, l1
    x = threshold * xp.sign(linear) - linear
    return xp.where(xp.abs(linear) > threshold, x / y, xp.zeros_like(w)).astype(w.dtype), new_acc, linear


ApplyGradientDescent, _, ResourceApplyGradientDescent, _ = _declare(
    "GradientDescent", ("var", "alpha", "delta"), ("var",), "delta", _gradient_descent, None,
    doc="var -= alpha * delta.")
ApplyMomentum, SparseApplyMomentum, ResourceApplyMomentum, ResourceSparseApplyMomentum = _declare(
    "Momentum", ("var", "accum", "lr", "grad", "momentum"), ("var", "accum"), "grad", _momentum,
    ("var", "accum", "lr", "grad", "indices", "momentum"), dict(use_nesterov=False),
    doc="accum = accum * momentum + grad; var -= lr * accum (or the Nesterov form).")
_, _, ResourceApplyKerasMomentum, ResourceSparseApplyKerasMomentum = _declare(
    "KerasMomentum", ("var", "accum", "lr", "grad", "momentum"), ("var", "accum"), "grad", _keras_momentum,
    ("var", "accum", "lr", "grad", "indices", "momentum"), dict(use_nesterov=False), resource_only=True,
    doc="Keras's momentum: accum = accum * momentum - lr * grad; var += accum (or the Nesterov form).")
ApplyAdam, _, ResourceApplyAdam, _ = _declare(
    "Adam", ("var", "m", "v", "beta1_power", "beta2_power", "lr", "beta1", "beta2", "epsilon", "grad"),
    ("var", "m", "v"), "grad", _adam, None, dict(use_nesterov=False),
    doc="Adam: running moments m, v; step lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps).")
ApplyAdagrad, SparseApplyAdagrad, ResourceApplyAdagrad, ResourceSparseApplyAdagrad = _declare(
    "Adagrad", ("var", "accum", "lr", "grad"), ("var", "accum"), "grad", _adagrad,
    ("var", "accum", "lr", "grad", "indices"), dict(update_slots=True),
    doc="accum += grad^2; var -= lr * grad / sqrt(accum).")
ApplyAdadelta, SparseApplyAdadelta, ResourceApplyAdadelta, ResourceSparseApplyAdadelta = _declare(
    "Adadelta", ("var", "accum", "accum_update", "lr", "rho", "epsilon", "grad"), ("var", "accum", "accum_update"),
    "grad", _adadelta, ("var", "accum", "accum_update", "lr", "rho", "epsilon", "grad", "indices"),
    doc="Adadelta's running averages of squared gradients and squared updates.")
ApplyRMSProp, SparseApplyRMSProp, ResourceApplyRMSProp, ResourceSparseApplyRMSProp = _declare(
    "RMSProp", ("var", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad"), ("var", "ms", "mom"), "grad",
    _rms_prop, ("var", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad", "indices"),
    doc="ms += (grad^2 - ms) * (1 - rho); mom = mom * momentum + lr * grad / sqrt(ms + eps); var -= mom.")
(ApplyCenteredRMSProp, SparseApplyCenteredRMSProp, ResourceApplyCenteredRMSProp,
 ResourceSparseApplyCenteredRMSProp) = _declare(
    "CenteredRMSProp", ("var", "mg", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad"),
    ("var", "mg", "ms", "mom"), "grad", _centered_rms_prop,
    ("var", "mg", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad", "indices"),
    doc="RMSProp normalised by the variance (ms - mg^2) instead of the second moment.")
(ApplyProximalGradientDescent, SparseApplyProximalGradientDescent, ResourceApplyProximalGradientDescent,
 ResourceSparseApplyProximalGradientDescent) = _declare(
    "ProximalGradientDescent", ("var", "alpha", "l1", "l2", "delta"), ("var",), "delta",
    _proximal_gradient_descent, ("var", "alpha", "l1", "l2", "grad", "indices"),
    doc="A gradient step followed by the proximal operator of l1 * |w| + l2 / 2 * w^2.")
ApplyFtrl, SparseApplyFtrl, ResourceApplyFtrl, ResourceSparseApplyFtrl = _declare(
    "Ftrl", ("var", "accum", "linear", "grad", "lr", "l1", "l2", "lr_power"), ("var", "accum", "linear"), "grad",
    _ftrl, ("var", "accum", "linear", "grad", "indices", "lr", "l1", "l2", "lr_power"),
    dict(multiply_linear_by_lr=False),
    doc="Follow-the-regularized-leader (FTRL-proximal) with L1/L2 regularization.")
ApplyFtrlV2, SparseApplyFtrlV2, ResourceApplyFtrlV2, ResourceSparseApplyFtrlV2 = _declare(
    "FtrlV2", ("var", "accum", "linear", "grad", "lr", "l1", "l2", "l2_shrinkage", "lr_power"),
    ("var", "accum", "linear"), "grad", _ftrl,
    ("var", "accum", "linear", "grad", "indices", "lr", "l1", "l2", "l2_shrinkage", "lr_power"),
    dict(multiply_linear_by_lr=False),
    doc="Follow-the-regularized-leader (FTRL-proximal) with L1/L2 and L2 shrinkage regularization.")
(ApplyProximalAdagrad, SparseApplyProximalAdagrad, ResourceApplyProximalAdagrad,
 ResourceSparseApplyProximalAdagrad) = _declare(
    "ProximalAdagrad", ("var", "accum", "lr", "l1", "l2", "grad"), ("var", "accum"), "grad", _proximal_adagrad,
    ("var", "accum", "lr", "l1", "l2", "grad", "indices"),
    doc="An Adagrad step followed by the proximal operator of l1 * |w| + l2 / 2 * w^2.")
ApplyAdagradDA, SparseApplyAdagradDA, ResourceApplyAdagradDA, ResourceSparseApplyAdagradDA = _declare(
    "AdagradDA", ("var", "gradient_accumulator", "gradient_squared_accumulator", "grad", "lr", "l1", "l2",
                  "global_step"), ("var", "gradient_accumulator", "gradient_squared_accumulator"), "grad", _adagrad_da,
    ("var", "gradient_accumulator", "gradient_squared_accumulator", "grad", "indices", "lr", "l1", "l2",
     "global_step"),
    doc="Adagrad dual averaging: var from the accumulated gradients, the L1/L2 terms and the global step.")
