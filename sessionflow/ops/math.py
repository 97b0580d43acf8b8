"""Math ops: elementwise arithmetic, comparisons, logic, unary functions and BroadcastGradientArgs.

Elementwise op types are declared from tables, one line each (kernel, allowed dtypes, gradient,
samples); the public `tf.*` functions are thin wrappers that convert their arguments and name the op
as TF does. Special functions (erf, lgamma, digamma, ...) have their vectorised kernels in
`math_special`; AddN, cumulative sums, clipping and scalar helpers live in `math_extra`; MatMul,
BatchMatMulV2 and `tf.matmul` in `matmul`; other matrix ops in `linalg`; Cast and `tf.cast` in `math_cast`;
the Tensor operator overloads (`+`, `*`, `@`, ...) in `math_operators`.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, REGISTRY, OpDef, op, static_value
from ..framework.tensor_shape import TensorShape
from . import common, eigen_math
from . import math_special as special
from .common import ALL, FLOATS, INEXACT, INTS, NUMBERS, REAL, broadcast_shape, check_dtype, deferred_check
from .constant import convert_to_tensor
from .math_cast import Cast, cast, to_double, to_float, to_int32, to_int64  # noqa: F401  (math.cast & co.)

_F64 = np.float64
_BOOL = frozenset([dtypes.bool])


def _samples_unary(*values, dtype=_F64):
    return [((np.asarray(v, dtype=dtype),), {}) for v in values]


_UNARY_SAMPLES = _samples_unary([[0.3, -0.7, 1.2], [0.9, -1.4, 0.5]], [0.25]) + [
    ((np.array([0.5, -0.25], np.float32),), {})]
_POSITIVE_SAMPLES = _samples_unary([[0.3, 0.7, 1.2], [0.9, 1.4, 2.5]], [0.6]) + [
    ((np.array([0.5, 3.0], np.float32),), {})]
_UNIT_SAMPLES = _samples_unary([[0.3, -0.7, 0.2], [0.6, -0.4, 0.5]], [0.1])
_BINARY_SAMPLES = [
    ((np.array([[0.5, -1.3, 2.0], [1.1, 0.7, -0.4]]), np.array([0.8, 1.7, -0.9])), {}),
    ((np.array(1.5), np.array([[0.3], [-0.6]])), {}),
    ((np.array([1, -7, 6], np.int32), np.array([3, 2, -4], np.int32)), {}),
    ((np.array([0.5, 2.0], np.float32), np.array([1.5, -0.25], np.float32)), {}),
]
_DIVISION_SAMPLES = [
    ((np.array([[0.5, -1.3, 2.0], [1.1, 0.7, -0.4]]), np.array([0.8, 1.7, -0.9])), {}),
    ((np.array([7, -7, 6, -6], np.int32), np.array([2, 2, -4, -4], np.int32)), {}),
    ((np.array([2.5, -2.5], np.float32), np.array([2.0, 2.0], np.float32)), {}),
]
_COMPARE_SAMPLES = [
    ((np.array([[1.0, 2.0], [3.0, 0.0]]), np.array([2.0, 2.0])), {}),
    ((np.array([1, 5, 3], np.int32), np.array(3, np.int32)), {}),
]
_LOGIC_SAMPLES = [((np.array([True, True, False, False]), np.array([True, False, True, False])), {})]


# --- elementwise declarations ----------------------------------------------------------------

def _declare(type_name: str, inputs, infer, kernel, grad, samples, **flags) -> OpDef:
    opdef = OpDef(type_name, inputs, infer=infer, kernel=kernel, grad=grad, samples=samples, **flags)
    if type_name in REGISTRY:
        raise ValueError(f"Op type {type_name!r} is declared twice")
    REGISTRY[type_name] = opdef
    return opdef


def unary(type_name: str, fn, allowed=NUMBERS, out_dtype=None, grad=None, samples=_UNARY_SAMPLES,
          type_attrs=None) -> OpDef:
    """An elementwise op of one input: `fn(xp, x)`; output dtype = input dtype unless `out_dtype`.
    `fn` must return the declared dtype (the wrapper casts Python/NumPy promotions back)."""

    def infer(x):
        check_dtype(type_name, "x", x, allowed)
        return (out_dtype or x.dtype.base_dtype), x.shape

    def kernel(xp, x):
        return xp.asarray(fn(xp, x), dtype=out_dtype.as_numpy_dtype if out_dtype else x.dtype)

    return _declare(type_name, ("x",), infer, kernel, grad, samples, type_attrs=type_attrs)


def binary(type_name: str, fn, allowed=NUMBERS, out_dtype=None, grad=None, samples=_BINARY_SAMPLES,
           names=("x", "y"), type_attrs=None) -> OpDef:
    """A broadcasting elementwise op of two inputs of one dtype: `fn(xp, x, y)`."""
    first, second = names

    def infer(x, y):
        check_dtype(type_name, first, x, allowed)
        if y.dtype.base_dtype is not x.dtype.base_dtype:
            raise TypeError(f"Input '{second}' of '{type_name}' Op has type {y.dtype.base_dtype.name} that does "
                            f"not match type {x.dtype.base_dtype.name} of argument '{first}'.")
        return (out_dtype or x.dtype.base_dtype), broadcast_shape(type_name, x.shape, y.shape)

    return _declare(type_name, names, infer, _binary_kernel(fn, out_dtype), grad, samples, type_attrs=type_attrs)


def _binary_kernel(fn, out_dtype=None):
    """The kernel of a broadcasting elementwise op computing `fn(xp, x, y)`: the result in `out_dtype` (else x's
    dtype), and TF's error where the run-time shapes do not broadcast."""
    def kernel(xp, x, y):
        try:
            result = fn(xp, x, y)
        except (ValueError, TypeError):
            _check_broadcast(x, y)
            raise
        return xp.asarray(result, dtype=out_dtype.as_numpy_dtype if out_dtype else x.dtype)

    return kernel


def _check_broadcast(x, y):
    """TF's error for operands whose run-time shapes do not broadcast (their static shapes allowed it)."""
    try:
        np.broadcast_shapes(np.shape(x), np.shape(y))
    except ValueError:
        raise errors.InvalidArgumentError(None, None, f"Incompatible shapes: {common.dims_str(x)} vs. "
                                                      f"{common.dims_str(y)}") from None


# --- kernels ---------------------------------------------------------------------------------

_DIVISION_BY_ZERO = "Integer division by zero"
# TF's integer TruncateDiv/TruncateMod kernels report a zero divisor as an internal error, in these words.
_UNEXPECTED_DIVISION_ERROR = "Unexpected error in binary operator (only integer div and mod should have errors)"


def _check_divisor(xp, x, y, error=errors.InvalidArgumentError, message=_DIVISION_BY_ZERO):
    """Raises when an integer divisor element that is used is 0. An element-wise op whose result is
    empty (an empty operand, broadcast or not) divides nothing, so it never fails, as in TF. Traced
    (the XLA backend) the check is deferred to the end of the compiled run (`deferred_check`)."""
    if x.size and y.size and not deferred_check(xp, y == 0) and xp.any(y == 0):
        raise error(None, None, message)


def _floordiv(xp, x, y):
    if x.dtype.kind in "iu":
        _check_divisor(xp, x, y)
        return xp.floor_divide(x, y)
    return xp.floor(x / y)


def _floormod(xp, x, y):
    if x.dtype.kind in "iu":
        _check_divisor(xp, x, y)
    return xp.mod(x, y)


def _truncated_quotient(xp, x, y):
    q = xp.floor_divide(x, y)
    return q + ((q < 0) & (q * y != x)).astype(x.dtype)


def _truncatediv(xp, x, y):
    if x.dtype.kind in "iu":
        _check_divisor(xp, x, y, errors.InternalError, _UNEXPECTED_DIVISION_ERROR)
        return _truncated_quotient(xp, x, y)
    return xp.trunc(x / y)


def _truncatemod(xp, x, y):
    if x.dtype.kind in "iu":
        _check_divisor(xp, x, y, errors.InternalError, _UNEXPECTED_DIVISION_ERROR)
    return xp.fmod(x, y)


def _div(xp, x, y):
    """TF's Div: C division (truncating) for integers, true division otherwise."""
    if x.dtype.kind in "iu":
        _check_divisor(xp, x, y)
        return _truncated_quotient(xp, x, y)
    return x / y


def _pow(xp, x, y):
    if x.dtype.kind in "iu":
        if x.size and y.size and xp.any(y < 0):  # only exponents that are used count, as in TF
            raise errors.InvalidArgumentError(None, None, "Integers to negative integer powers are not allowed")
        return xp.power(x, y)
    if x.dtype.itemsize < 8 and x.dtype.kind == "f":  # correctly rounded, as TF's float powf is here
        return xp.power(x.astype(xp.float64), y.astype(xp.float64))
    return xp.power(x, y)


def _div_no_nan(xp, x, y):
    safe = xp.where(y == 0, xp.ones_like(y), y)
    return xp.where(y == 0, xp.zeros_like(x), x / safe)


def _in_float64(fn):
    """Evaluates `fn` in float64 (special functions, for accuracy); the unary wrapper casts back."""
    return lambda xp, x: fn(xp, x.astype(xp.float64) if x.dtype.kind == "f" else x)


def _log_sigmoid_kernel(xp, x):
    return -_softplus(xp, -x)


def _softplus(xp, x):
    return xp.logaddexp(xp.zeros_like(x), x)


def _sigmoid(xp, x):
    with np.errstate(over="ignore"):
        return 1 / (1 + xp.exp(-x))


def _float32_as_tf(eigen_fn, fn):
    """A kernel that computes float32 with Eigen's approximation, as TF's CPU kernel does (eigen_math), and
    other dtypes with `fn`."""
    return lambda xp, x: eigen_fn(xp, x) if x.dtype == np.float32 else fn(xp, x)


# --- gradients -------------------------------------------------------------------------------

def _sum_to(grad: Tensor, like: Tensor) -> Tensor:
    """`grad` summed over the axes along which `like` was broadcast, reshaped to `like`'s shape."""
    gs, ls = grad.shape.as_tuple(), like.shape.as_tuple()
    if gs is not None and ls is not None and None not in gs and None not in ls:
        if gs == ls:
            return grad
        from .array import reshape
        from .reduction import reduce_sum

        lead = len(gs) - len(ls)
        axes = list(range(lead)) + [lead + i for i, d in enumerate(ls) if d == 1 and gs[lead + i] != 1]
        summed = reduce_sum(grad, axes) if axes else grad
        return reshape(summed, list(ls))
    from .array import reshape, shape
    from .reduction import reduce_sum

    sx, sg = shape(like), shape(grad)
    axes, _ = BroadcastGradientArgs(sx, sg)
    return reshape(reduce_sum(grad, axes), sx)


def _binary_grads(op_, gx, gy):
    x, y = op_.inputs
    return (None if gx is None else _sum_to(gx, x)), (None if gy is None else _sum_to(gy, y))


def _grad_add(op_, g):
    return _binary_grads(op_, g, g)


def _grad_sub(op_, g):
    return _binary_grads(op_, g, negative(g))


def _conj(t: Tensor) -> Tensor:
    """conj(t) for complex t, t itself otherwise: TF's gradients of complex inputs multiply by conjugates."""
    if not t.dtype.is_complex:
        return t
    from .complex_ops import conj

    return conj(t)


def _cug(expr):
    """A unary gradient from `expr(x, y, g) -> dx`, given conj(x) and conj(y) as TF's complex gradients are."""
    return lambda op_, g: (expr(_conj(op_.inputs[0]), _conj(op_.outputs[0]), g),)


def _grad_mul(op_, g):
    x, y = (_conj(t) for t in op_.inputs)
    return _binary_grads(op_, multiply(g, y), multiply(x, g))


def _grad_div(op_, g):
    x, y = (_conj(t) for t in op_.inputs)
    if not x.dtype.is_floating and not x.dtype.is_complex:
        return None, None
    return _binary_grads(op_, realdiv(g, y), multiply(g, realdiv(realdiv(negative(x), y), y)))


def _grad_div_no_nan(op_, g):
    x, y = (_conj(t) for t in op_.inputs)
    return _binary_grads(op_, div_no_nan(g, y), multiply(g, div_no_nan(div_no_nan(negative(x), y), y)))


def _grad_floormod(op_, g):
    x, y = op_.inputs
    return _binary_grads(op_, g, multiply(g, negative(floordiv(x, y))))


def _grad_pow(op_, g):
    x, y = (_conj(t) for t in op_.inputs)
    z = _conj(op_.outputs[0])
    gx = multiply(multiply(g, y), pow(x, subtract(y, cast(1, y.dtype))))
    if x.dtype.is_complex:  # TF: log(x) where x != 0, else 0
        nonzero = not_equal(x, cast(0, x.dtype))
        from .array_index import where

        safe = where(nonzero, x, add(multiply(x, cast(0, x.dtype)), cast(1, x.dtype)))
        log_x = where(nonzero, log(safe), _zeros_like(x))
        return _binary_grads(op_, gx, multiply(multiply(g, z), log_x))
    positive = cast(greater(x, cast(0, x.dtype)), x.dtype)
    safe_log = log(add(multiply(x, positive), subtract(cast(1, x.dtype), positive)))
    gy = multiply(multiply(g, z), multiply(safe_log, positive))
    return _binary_grads(op_, gx, gy)


def _grad_select_max(op_, g, keep_x):
    """Maximum/Minimum: `g` goes to x where keep_x(x, y) holds and to y elsewhere, selected against zeros as
    TF's rule does (a mask product would turn an infinite or NaN `g` into NaN for the input that lost)."""
    from .array_fill import zeros_like
    from .array_index import where_v2

    x, y = op_.inputs
    zeros = zeros_like(g)
    mask = keep_x(x, y)
    return _binary_grads(op_, where_v2(mask, g, zeros), where_v2(mask, zeros, g))


def _grad_squared_difference(op_, g):
    x, y = op_.inputs
    d = multiply(multiply(cast(2, g.dtype), g), subtract(x, y))
    return _binary_grads(op_, d, negative(d))


def _grad_atan2(op_, g):
    y, x = op_.inputs
    inv = realdiv(g, add(square(x), square(y)))
    return _binary_grads(op_, multiply(x, inv), multiply(negative(y), inv))


def _no_grad_unary(op_, g):
    return (None,)


def _ug(expr):
    """A unary gradient from `expr(x, y, g) -> dx` (x: input, y: output)."""
    return lambda op_, g: (expr(op_.inputs[0], op_.outputs[0], g),)


def _one(like: Tensor) -> Tensor:
    return cast(1, like.dtype)


def _one_minus_x2(x):
    return subtract(_one(x), square(x))


# --- elementwise ops -------------------------------------------------------------------------

Add = binary("Add", lambda xp, x, y: x + y, ALL - {dtypes.bool}, grad=_grad_add)
AddV2 = binary("AddV2", lambda xp, x, y: x + y, NUMBERS, grad=_grad_add)
Sub = binary("Sub", lambda xp, x, y: x - y, NUMBERS, grad=_grad_sub)
Mul = binary("Mul", lambda xp, x, y: x * y, NUMBERS, grad=_grad_mul)
RealDiv = binary("RealDiv", lambda xp, x, y: x / y, NUMBERS, grad=_grad_div, samples=_DIVISION_SAMPLES[::2])
Div = binary("Div", _div, NUMBERS, grad=_grad_div, samples=_DIVISION_SAMPLES)
FloorDiv = binary("FloorDiv", _floordiv, REAL, grad=lambda op_, g: (None, None), samples=_DIVISION_SAMPLES)
FloorMod = binary("FloorMod", _floormod, REAL, grad=_grad_floormod, samples=_DIVISION_SAMPLES)
TruncateDiv = binary("TruncateDiv", _truncatediv, REAL, grad=NOT_DIFFERENTIABLE, samples=_DIVISION_SAMPLES)
TruncateMod = binary("TruncateMod", _truncatemod, REAL, grad=NOT_DIFFERENTIABLE, samples=_DIVISION_SAMPLES)
DivNoNan = binary("DivNoNan", _div_no_nan, INEXACT, grad=_grad_div_no_nan, samples=_DIVISION_SAMPLES[::2])
Pow = binary("Pow", _pow, NUMBERS, grad=_grad_pow, samples=[
    ((np.array([[0.5, 1.3, 2.0], [1.1, 0.7, 0.4]]), np.array([0.8, 1.7, -0.9])), {}),
    ((np.array([2, -3, 0], np.int32), np.array([3, 2, 0], np.int32)), {})])
Maximum = binary("Maximum", lambda xp, x, y: xp.maximum(x, y), REAL,
                 grad=lambda op_, g: _grad_select_max(op_, g, greater_equal))
Minimum = binary("Minimum", lambda xp, x, y: xp.minimum(x, y), REAL,
                 grad=lambda op_, g: _grad_select_max(op_, g, less_equal))
SquaredDifference = binary("SquaredDifference", lambda xp, x, y: (x - y) * (x - y), NUMBERS,
                           grad=_grad_squared_difference)
Atan2 = binary("Atan2", lambda xp, y, x: xp.arctan2(y, x), FLOATS, grad=_grad_atan2,
               samples=_BINARY_SAMPLES[:2] + _BINARY_SAMPLES[3:], names=("y", "x"))

Less = binary("Less", lambda xp, x, y: x < y, REAL, dtypes.bool, NOT_DIFFERENTIABLE, _COMPARE_SAMPLES)
LessEqual = binary("LessEqual", lambda xp, x, y: x <= y, REAL, dtypes.bool, NOT_DIFFERENTIABLE, _COMPARE_SAMPLES)
Greater = binary("Greater", lambda xp, x, y: x > y, REAL, dtypes.bool, NOT_DIFFERENTIABLE, _COMPARE_SAMPLES)
GreaterEqual = binary("GreaterEqual", lambda xp, x, y: x >= y, REAL, dtypes.bool, NOT_DIFFERENTIABLE,
                      _COMPARE_SAMPLES)
_EQUALITY_ATTRS = dict(T="x", incompatible_shape_error=True)
Equal = binary("Equal", lambda xp, x, y: xp.equal(x, y), ALL, dtypes.bool, NOT_DIFFERENTIABLE, _COMPARE_SAMPLES,
               type_attrs=_EQUALITY_ATTRS)
NotEqual = binary("NotEqual", lambda xp, x, y: xp.not_equal(x, y), ALL, dtypes.bool, NOT_DIFFERENTIABLE,
                  _COMPARE_SAMPLES, type_attrs=_EQUALITY_ATTRS)
LogicalAnd = binary("LogicalAnd", lambda xp, x, y: xp.logical_and(x, y), _BOOL, grad=NOT_DIFFERENTIABLE,
                    samples=_LOGIC_SAMPLES, type_attrs={})
LogicalOr = binary("LogicalOr", lambda xp, x, y: xp.logical_or(x, y), _BOOL, grad=NOT_DIFFERENTIABLE,
                   samples=_LOGIC_SAMPLES, type_attrs={})

_BITWISE_SAMPLES = [((np.array([6, 3, -1], np.int32), np.array([3, 1, 12], np.int32)), {}),
                    ((np.array([[5]], np.uint8), np.array([1, 4], np.uint8)), {})]
BitwiseAnd = binary("BitwiseAnd", lambda xp, x, y: xp.bitwise_and(x, y), INTS, grad=NOT_DIFFERENTIABLE,
                    samples=_BITWISE_SAMPLES)
BitwiseOr = binary("BitwiseOr", lambda xp, x, y: xp.bitwise_or(x, y), INTS, grad=NOT_DIFFERENTIABLE,
                   samples=_BITWISE_SAMPLES)
BitwiseXor = binary("BitwiseXor", lambda xp, x, y: xp.bitwise_xor(x, y), INTS, grad=NOT_DIFFERENTIABLE,
                    samples=_BITWISE_SAMPLES)


def _shift(xp, x, y, left):
    """TF's shift kernels: the shift is clamped to [0, bits - 1]; a left shift wraps (done unsigned), a right
    shift of a signed type is arithmetic."""
    bits = x.dtype.itemsize * 8
    y = xp.clip(y, 0, bits - 1).astype(x.dtype)
    if left:
        unsigned = np.dtype(f"u{x.dtype.itemsize}")
        return xp.left_shift(x.astype(unsigned), y.astype(unsigned)).astype(x.dtype)
    return xp.right_shift(x, y)


LeftShift = binary("LeftShift", lambda xp, x, y: _shift(xp, x, y, True), INTS, grad=NOT_DIFFERENTIABLE,
                   samples=_BITWISE_SAMPLES)
RightShift = binary("RightShift", lambda xp, x, y: _shift(xp, x, y, False), INTS, grad=NOT_DIFFERENTIABLE,
                    samples=_BITWISE_SAMPLES)
Invert = unary("Invert", lambda xp, x: xp.invert(x), INTS, grad=NOT_DIFFERENTIABLE,
               samples=[((np.array([0, 5, -3], np.int32),), {}), ((np.array([1, 254], np.uint8),), {})])

_SIGNED = NUMBERS - {dtypes.uint8, dtypes.uint16, dtypes.uint32, dtypes.uint64}
_FLOAT_SPECIAL = _samples_unary([0.5, 1.0, 2.5, 0.1, 7.3], [[-2.5, 3.25], [10.0, 0.75]]) + [
    ((np.array([0.5, 4.0], np.float32),), {})]
_CLASSIFY = [((np.array([1.0, np.nan, np.inf, -np.inf, 0.0]),), {}),
             ((np.array([[np.nan, 2.0]], np.float32),), {})]
_ROUNDING = _samples_unary([0.2, 1.7, -0.4, 2.9, -1.2, 3.3]) + [((np.array([-2.5, 3.5, 0.5], np.float32),), {})]

LogicalNot = unary("LogicalNot", lambda xp, x: xp.logical_not(x), _BOOL, grad=NOT_DIFFERENTIABLE,
                   samples=[((np.array([True, False]),), {})], type_attrs={})
Neg = unary("Neg", lambda xp, x: -x, _SIGNED, grad=_ug(lambda x, y, g: negative(g)))
Abs = unary("Abs", lambda xp, x: xp.abs(x), REAL, grad=_ug(lambda x, y, g: multiply(g, sign(x))))
Sign = unary("Sign", lambda xp, x: xp.sign(x), NUMBERS, grad=_ug(lambda x, y, g: _zeros_like(x)))
Square = unary("Square", lambda xp, x: x * x, NUMBERS,
               grad=_cug(lambda x, y, g: multiply(g, multiply(cast(2, x.dtype), x))))
Sqrt = unary("Sqrt", lambda xp, x: xp.sqrt(x), INEXACT, samples=_POSITIVE_SAMPLES,
             grad=_cug(lambda x, y, g: multiply(g, realdiv(cast(0.5, y.dtype), y))))
Rsqrt = unary("Rsqrt", lambda xp, x: 1 / xp.sqrt(x), INEXACT, samples=_POSITIVE_SAMPLES,
              grad=_cug(lambda x, y, g: multiply(multiply(cast(-0.5, y.dtype), g), multiply(square(y), y))))
Exp = unary("Exp", _float32_as_tf(eigen_math.exp, lambda xp, x: xp.exp(x)), INEXACT, grad=_cug(lambda x, y, g: multiply(g, y)))
Expm1 = unary("Expm1", _float32_as_tf(eigen_math.expm1, lambda xp, x: xp.expm1(x)), INEXACT, grad=_cug(lambda x, y, g: multiply(g, exp(x))))
Log = unary("Log", _float32_as_tf(eigen_math.log, lambda xp, x: xp.log(x)), INEXACT, samples=_POSITIVE_SAMPLES,
            grad=_cug(lambda x, y, g: multiply(g, reciprocal(x))))
Log1p = unary("Log1p", _float32_as_tf(eigen_math.log1p, lambda xp, x: xp.log1p(x)), INEXACT, samples=_POSITIVE_SAMPLES,
              grad=_cug(lambda x, y, g: multiply(g, reciprocal(add(_one(x), x)))))
Reciprocal = unary("Reciprocal", lambda xp, x: 1 / x, NUMBERS,
                   samples=_POSITIVE_SAMPLES,
                   grad=_cug(lambda x, y, g: multiply(negative(g), square(y))))
Floor = unary("Floor", lambda xp, x: xp.floor(x), FLOATS, grad=_no_grad_unary, samples=_ROUNDING)
Ceil = unary("Ceil", lambda xp, x: xp.ceil(x), FLOATS, grad=_no_grad_unary, samples=_ROUNDING)
Round = unary("Round", lambda xp, x: xp.round(x), NUMBERS, grad=_no_grad_unary, samples=_ROUNDING)
Rint = unary("Rint", lambda xp, x: xp.rint(x), FLOATS, grad=_no_grad_unary, samples=_ROUNDING)
Sin = unary("Sin", _float32_as_tf(eigen_math.sin, lambda xp, x: xp.sin(x)), INEXACT, grad=_cug(lambda x, y, g: multiply(g, cos(x))))
Cos = unary("Cos", _float32_as_tf(eigen_math.cos, lambda xp, x: xp.cos(x)), INEXACT, grad=_cug(lambda x, y, g: multiply(negative(g), sin(x))))
Tan = unary("Tan", lambda xp, x: xp.tan(x), INEXACT,
            grad=_cug(lambda x, y, g: multiply(g, square(reciprocal(cos(x))))))
Asin = unary("Asin", lambda xp, x: xp.arcsin(x), INEXACT, samples=_UNIT_SAMPLES,
             grad=_cug(lambda x, y, g: multiply(g, rsqrt(_one_minus_x2(x)))))
Acos = unary("Acos", lambda xp, x: xp.arccos(x), INEXACT, samples=_UNIT_SAMPLES,
             grad=_cug(lambda x, y, g: multiply(negative(g), rsqrt(_one_minus_x2(x)))))
Atan = unary("Atan", lambda xp, x: xp.arctan(x), INEXACT,
             grad=_cug(lambda x, y, g: multiply(g, reciprocal(add(_one(x), square(x))))))
Sinh = unary("Sinh", lambda xp, x: xp.sinh(x), INEXACT, grad=_cug(lambda x, y, g: multiply(g, cosh(x))))
Cosh = unary("Cosh", lambda xp, x: xp.cosh(x), INEXACT, grad=_cug(lambda x, y, g: multiply(g, sinh(x))))
Tanh = unary("Tanh", _float32_as_tf(eigen_math.tanh, lambda xp, x: xp.tanh(x)), INEXACT,  # TanhGrad, SigmoidGrad: ops/nn_activation.py
             grad=lambda op_, g: (REGISTRY["TanhGrad"](op_.outputs[0], g),))
Asinh = unary("Asinh", lambda xp, x: xp.arcsinh(x), INEXACT, grad=_cug(lambda x, y, g: realdiv(g, cosh(y))))
Acosh = unary("Acosh", lambda xp, x: xp.arccosh(x), INEXACT, samples=_samples_unary([1.5, 2.0, 4.5]),
              grad=_cug(lambda x, y, g: realdiv(g, sinh(y))))
Atanh = unary("Atanh", lambda xp, x: xp.arctanh(x), INEXACT, samples=_UNIT_SAMPLES,
              grad=_cug(lambda x, y, g: multiply(g, reciprocal(_one_minus_x2(x)))))
Sigmoid = unary("Sigmoid", _float32_as_tf(eigen_math.sigmoid, _sigmoid), INEXACT, grad=lambda op_, g: (REGISTRY["SigmoidGrad"](op_.outputs[0], g),))
Softplus = unary("Softplus", _softplus, FLOATS, grad=_ug(lambda x, y, g: multiply(g, sigmoid(x))))
Softsign = unary("Softsign", lambda xp, x: x / (1 + xp.abs(x)), FLOATS,
                 grad=_ug(lambda x, y, g: realdiv(g, square(add(_one(x), abs(x))))))
Erf = unary("Erf", _in_float64(special.erf), FLOATS,
            grad=_ug(lambda x, y, g: multiply(g, multiply(cast(2 / np.sqrt(np.pi), x.dtype),
                                                          exp(negative(square(x)))))))
Erfc = unary("Erfc", _in_float64(special.erfc), FLOATS,
             grad=_ug(lambda x, y, g: multiply(g, multiply(cast(-2 / np.sqrt(np.pi), x.dtype),
                                                           exp(negative(square(x)))))))
Lgamma = unary("Lgamma", _in_float64(special.lgamma), FLOATS, samples=_FLOAT_SPECIAL,
               grad=_ug(lambda x, y, g: multiply(g, digamma(x))))
Digamma = unary("Digamma", special.digamma_in_precision, FLOATS, samples=_FLOAT_SPECIAL[:1] + _FLOAT_SPECIAL[2:],
                grad=_ug(lambda x, y, g: multiply(g, polygamma(cast(1, x.dtype), x))))
IsNan = unary("IsNan", lambda xp, x: xp.isnan(x), FLOATS, dtypes.bool, NOT_DIFFERENTIABLE, _CLASSIFY)
IsInf = unary("IsInf", lambda xp, x: xp.isinf(x), FLOATS, dtypes.bool, NOT_DIFFERENTIABLE, _CLASSIFY)
IsFinite = unary("IsFinite", lambda xp, x: xp.isfinite(x), FLOATS, dtypes.bool, NOT_DIFFERENTIABLE, _CLASSIFY)
Polygamma = binary("Polygamma", lambda xp, a, x: special.polygamma(xp, a.astype(xp.float64), x.astype(xp.float64)),
                   FLOATS, names=("a", "x"),
                   grad=lambda op_, g: _binary_grads(op_, None, multiply(g, polygamma(
                       add(op_.inputs[0], _one(op_.inputs[0])), op_.inputs[1]))),
                   # float32 only: the order `a` is an integer, so finite differences in `a` are undefined
                   samples=[((np.array([1.0, 2.0], np.float32), np.array([[0.5, 1.5], [2.5, 4.0]], np.float32)), {}),
                            ((np.array(0.0, np.float32), np.array([0.75, 3.0], np.float32)), {})])


def _zeros_like(x: Tensor) -> Tensor:
    from .array import zeros_like

    return zeros_like(x)


@op("BroadcastGradientArgs", inputs=("s0", "s1"))
class BroadcastGradientArgs:
    """For shapes s0, s1 that broadcast together: the axes each must be summed over (gradient helper)."""

    def infer(s0, s1):
        if s0.dtype.base_dtype is not s1.dtype.base_dtype:
            raise TypeError("Input 's1' of 'BroadcastGradientArgs' Op has a different type than 's0'.")
        return [(s0.dtype.base_dtype, TensorShape([None])), (s0.dtype.base_dtype, TensorShape([None]))]

    def kernel(xp, s0, s1):
        # Python lists: the shapes are short, and this runs for every broadcast add in a backward pass
        a, b = s0.tolist(), s1.tolist()
        n = max(len(a), len(b))
        a, b = [1] * (n - len(a)) + a, [1] * (n - len(b)) + b
        r0, r1 = [], []
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                if x == 1:
                    r0.append(i)
                elif y == 1:
                    r1.append(i)
                else:
                    raise errors.InvalidArgumentError(None, None, f"Incompatible shapes: {list(s0)} vs. {list(s1)}")
        return xp.asarray(r0, dtype=s0.dtype), xp.asarray(r1, dtype=s0.dtype)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([2, 1, 3], np.int32), np.array([3], np.int32)), {}),
               ((np.array([4], np.int32), np.array([], np.int32)), {})]


# --- public wrappers -------------------------------------------------------------------------

def _binary_wrapper(opdef: OpDef, default_name: str, *names: str, arg_names=("x", "y")):
    def fn(x, y, name=None):
        with get_default_graph().name_scope(name or default_name) as scope:
            x, y = common.convert_same_dtype(opdef.type, (x, y), arg_names)
            return opdef(x, y, name=scope)

    fn.__name__ = fn.__qualname__ = names[0] if names else default_name
    fn.__doc__ = f"`tf.{fn.__name__}`: elementwise {opdef.type} with broadcasting."
    return tf_export(*names)(fn) if names else fn


@tf_export("math.add", "add")
def add(x, y, name=None):
    """`tf.add`: x + y (AddV2; Add for strings)."""
    with get_default_graph().name_scope(name or "Add") as scope:
        x, y = common.convert_same_dtype("AddV2", (x, y), ("x", "y"))
        opdef = Add if x.dtype.base_dtype is dtypes.string else AddV2
        return opdef(x, y, name=scope)


subtract = _binary_wrapper(Sub, "Sub", "math.subtract", "subtract")
multiply = _binary_wrapper(Mul, "Mul", "math.multiply", "multiply")
realdiv = _binary_wrapper(RealDiv, "RealDiv", "realdiv")
floordiv = _binary_wrapper(FloorDiv, "floordiv", "math.floordiv", "floordiv")
floormod = _binary_wrapper(FloorMod, "FloorMod", "math.floormod", "floormod", "math.mod", "mod")
mod = floormod
truncatediv = _binary_wrapper(TruncateDiv, "TruncateDiv", "truncatediv")
truncatemod = _binary_wrapper(TruncateMod, "TruncateMod", "truncatemod")
div_no_nan = _binary_wrapper(DivNoNan, "div_no_nan", "math.divide_no_nan", "div_no_nan")
maximum = _binary_wrapper(Maximum, "Maximum", "math.maximum", "maximum")
minimum = _binary_wrapper(Minimum, "Minimum", "math.minimum", "minimum")
squared_difference = _binary_wrapper(SquaredDifference, "SquaredDifference", "math.squared_difference",
                                     "squared_difference")
atan2 = _binary_wrapper(Atan2, "Atan2", "math.atan2", "atan2", arg_names=("y", "x"))
polygamma = _binary_wrapper(Polygamma, "Polygamma", "math.polygamma", "polygamma", arg_names=("a", "x"))
less = _binary_wrapper(Less, "Less", "math.less", "less")
less_equal = _binary_wrapper(LessEqual, "LessEqual", "math.less_equal", "less_equal")
greater = _binary_wrapper(Greater, "Greater", "math.greater", "greater")
greater_equal = _binary_wrapper(GreaterEqual, "GreaterEqual", "math.greater_equal", "greater_equal")
equal = _binary_wrapper(Equal, "Equal", "math.equal", "equal")
not_equal = _binary_wrapper(NotEqual, "NotEqual", "math.not_equal", "not_equal")
logical_and = _binary_wrapper(LogicalAnd, "LogicalAnd", "math.logical_and", "logical_and")
logical_or = _binary_wrapper(LogicalOr, "LogicalOr", "math.logical_or", "logical_or")
pow = _binary_wrapper(Pow, "Pow", "math.pow", "pow")  # noqa: A001 - TF's public name


def _unary_wrapper(opdef: OpDef, default_name: str, *names: str, arg="x"):
    def fn(x, name=None):
        with get_default_graph().name_scope(name or default_name) as scope:
            return opdef(convert_to_tensor(x, name=arg), name=scope)

    fn.__name__ = fn.__qualname__ = names[0].rpartition(".")[2] if names else default_name
    fn.__doc__ = f"`tf.{fn.__name__}`: elementwise {opdef.type}."
    return tf_export(*names)(fn) if names else fn


negative = _unary_wrapper(Neg, "Neg", "math.negative", "negative")
square = _unary_wrapper(Square, "Square", "math.square", "square")
sqrt = _unary_wrapper(Sqrt, "Sqrt", "math.sqrt", "sqrt")
rsqrt = _unary_wrapper(Rsqrt, "Rsqrt", "math.rsqrt", "rsqrt")
exp = _unary_wrapper(Exp, "Exp", "math.exp", "exp")
expm1 = _unary_wrapper(Expm1, "Expm1", "math.expm1", "expm1")
log = _unary_wrapper(Log, "Log", "math.log", "log")
log1p = _unary_wrapper(Log1p, "Log1p", "math.log1p", "log1p")
reciprocal = _unary_wrapper(Reciprocal, "Reciprocal", "math.reciprocal", "reciprocal")
floor = _unary_wrapper(Floor, "Floor", "math.floor", "floor")
ceil = _unary_wrapper(Ceil, "Ceil", "math.ceil", "ceil")
rint = _unary_wrapper(Rint, "Rint", "math.rint", "rint")
sin = _unary_wrapper(Sin, "Sin", "math.sin", "sin")
cos = _unary_wrapper(Cos, "Cos", "math.cos", "cos")
tan = _unary_wrapper(Tan, "Tan", "math.tan", "tan")
asin = _unary_wrapper(Asin, "Asin", "math.asin", "asin")
acos = _unary_wrapper(Acos, "Acos", "math.acos", "acos")
atan = _unary_wrapper(Atan, "Atan", "math.atan", "atan")
sinh = _unary_wrapper(Sinh, "Sinh", "math.sinh", "sinh")
cosh = _unary_wrapper(Cosh, "Cosh", "math.cosh", "cosh")
tanh = _unary_wrapper(Tanh, "Tanh", "math.tanh", "nn.tanh", "tanh")
asinh = _unary_wrapper(Asinh, "Asinh", "math.asinh", "asinh")
acosh = _unary_wrapper(Acosh, "Acosh", "math.acosh", "acosh")
atanh = _unary_wrapper(Atanh, "Atanh", "math.atanh", "atanh")
sigmoid = _unary_wrapper(Sigmoid, "Sigmoid", "math.sigmoid", "nn.sigmoid", "sigmoid")
softplus = _unary_wrapper(Softplus, "Softplus", "math.softplus", "nn.softplus", arg="features")
softsign = _unary_wrapper(Softsign, "Softsign", "math.softsign", "nn.softsign", arg="features")
erf = _unary_wrapper(Erf, "Erf", "math.erf", "erf")
erfc = _unary_wrapper(Erfc, "Erfc", "math.erfc", "erfc")
lgamma = _unary_wrapper(Lgamma, "Lgamma", "math.lgamma", "lgamma")
digamma = _unary_wrapper(Digamma, "Digamma", "math.digamma", "digamma")
is_nan = _unary_wrapper(IsNan, "IsNan", "math.is_nan", "is_nan")
is_inf = _unary_wrapper(IsInf, "IsInf", "math.is_inf", "is_inf")
is_finite = _unary_wrapper(IsFinite, "IsFinite", "math.is_finite", "is_finite")
logical_not = _unary_wrapper(LogicalNot, "LogicalNot", "math.logical_not", "logical_not")


@tf_export("math.abs", "abs")
def abs(x, name=None):  # noqa: A001 - TF's public name
    """`tf.abs`: elementwise absolute value."""
    with get_default_graph().name_scope(name or "Abs") as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype.is_complex:
            from .complex_ops import complex_abs

            return complex_abs(x, name=scope)
        return Abs(x, name=scope)


@tf_export("math.sign", "sign")
def sign(x, name=None):
    """`tf.sign`: -1, 0 or 1; x / |x| (0 at 0) for complex x, as TF builds it."""
    with get_default_graph().name_scope(name or "Sign") as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype.is_complex:
            from .complex_ops import complex_abs

            return div_no_nan(x, cast(complex_abs(x, None), x.dtype), name=scope)
        return Sign(x, name=scope)


@tf_export("math.round", "round")
def round(x, name=None):  # noqa: A001 - TF's public name
    """`tf.round`: rounds half to even; integer tensors are returned unchanged (no op)."""
    x = convert_to_tensor(x, name="x")
    if x.dtype.is_integer:
        return x
    with get_default_graph().name_scope(name or "Round") as scope:
        return Round(x, name=scope)


@tf_export("math.log_sigmoid", "log_sigmoid")
def log_sigmoid(x, name=None):
    """`tf.math.log_sigmoid`: log(1 / (1 + exp(-x))), computed as -softplus(-x)."""
    with get_default_graph().name_scope(name or "LogSigmoid") as scope:
        x = convert_to_tensor(x, name="x")
        return negative(softplus(negative(x)), name=scope)


@tf_export("math.logical_xor", "logical_xor")
def logical_xor(x, y, name="LogicalXor"):
    """`tf.math.logical_xor`: (x | y) & !(x & y), built from three ops as TF does."""
    with get_default_graph().name_scope(name) as scope:
        x, y = common.convert_same_dtype("LogicalXor", (x, y), ("x", "y"))
        return logical_and(logical_or(x, y), logical_not(logical_and(x, y)), name=scope)


_TRUEDIV_FLOAT = {dtypes.int8: dtypes.float32, dtypes.uint8: dtypes.float32, dtypes.int16: dtypes.float32,
                  dtypes.uint16: dtypes.float32, dtypes.int32: dtypes.float64, dtypes.int64: dtypes.float64}


@tf_export("math.truediv", "truediv")
def truediv(x, y, name=None):
    """Python 3 division: integers are converted to floating point first (int32 -> float64)."""
    with get_default_graph().name_scope(name or "truediv") as scope:
        x, y = common.convert_same_dtype("RealDiv", (x, y), ("x", "y"))
        target = _TRUEDIV_FLOAT.get(x.dtype.base_dtype)
        if target is not None:
            x = cast(x, target)
            y = cast(y, target)
        return RealDiv(x, y, name=scope)


@tf_export("math.divide", "divide")
def divide(x, y, name=None):
    """`tf.divide`: `x / y` (truediv; `name` names the RealDiv op)."""
    if name is not None:
        return truediv(x, y, name=name)
    return truediv(x, y)


@tf_export("div")
def div(x, y, name=None):
    """TF1's `tf.div`: Python 2 division, i.e. floor division for integers, true division for floats."""
    with get_default_graph().name_scope(name or "div") as scope:
        x, y = common.convert_same_dtype("Div", (x, y), ("x", "y"))
        opdef = FloorDiv if x.dtype.is_integer else RealDiv
        return opdef(x, y, name=scope)


@tf_export("math.scalar_mul", "scalar_mul")
def scalar_mul(scalar, x, name=None):
    """`tf.scalar_mul`: multiplies `x` by a scalar (a rank-0 tensor or Python number)."""
    x = convert_to_tensor(x)
    scalar = convert_to_tensor(scalar, dtype=x.dtype.base_dtype, name="scalar")
    if scalar.shape.ndims not in (0, None):
        raise ValueError(f"Only scalar multiply works, got shape {scalar.shape}")
    return multiply(scalar, x, name=name or "Mul")


def _bitwise_wrapper(opdef: OpDef, public: str):
    def fn(x, y, name=None):
        with get_default_graph().name_scope(name or opdef.type) as scope:
            x, y = common.convert_same_dtype(opdef.type, (x, y), ("x", "y"))
            return opdef(x, y, name=scope)

    fn.__name__ = public
    return tf_export(f"bitwise.{public}")(fn)


bitwise_and = _bitwise_wrapper(BitwiseAnd, "bitwise_and")
bitwise_or = _bitwise_wrapper(BitwiseOr, "bitwise_or")
bitwise_xor = _bitwise_wrapper(BitwiseXor, "bitwise_xor")
left_shift = _bitwise_wrapper(LeftShift, "left_shift")
right_shift = _bitwise_wrapper(RightShift, "right_shift")


@tf_export("floor_div")
def floor_div(x, y, name=None) -> Tensor:
    """TF1's raw FloorDiv (`tf.math.floordiv` without its `floordiv` name scope)."""
    with get_default_graph().name_scope(name or "FloorDiv") as scope:
        x, y = common.convert_same_dtype("FloorDiv", (x, y), ("x", "y"))
        return FloorDiv(x, y, name=scope)


@tf_export("bitwise.invert")
def invert(x, name=None):
    with get_default_graph().name_scope(name or "Invert") as scope:
        return Invert(convert_to_tensor(x, name="x"), name=scope)


def divide_by_constant(op_, fed, zero_where_x_is_zero=False):
    """What TF's graph optimizer (grappler's constant folding) makes of a float or complex division whose
    divisor is a graph constant (not fed) and whose dividend is not: the product with the divisor's
    reciprocal, `x * (1 / c)`, rounded twice, so its last bit may differ from `x / c` (`26 / 30.0` is
    0.86666673 on TF). A division of two constants is folded into one, so it stays a true division.
    `zero_where_x_is_zero`: Xdivy's kernel, 0 where x is 0. None where the division stays as it is."""
    if op_.inputs[1] in fed:
        return None
    dtype = op_.inputs[0].dtype.base_dtype
    if not (dtype.is_floating or dtype.is_complex):
        return None
    divisor = static_value(op_.inputs[1])
    if divisor is None or (op_.inputs[0] not in fed and static_value(op_.inputs[0]) is not None):
        return None
    with np.errstate(all="ignore"):
        reciprocal = np.reciprocal(np.asarray(divisor, dtype=dtype.as_numpy_dtype))
    if zero_where_x_is_zero:
        return _binary_kernel(lambda xp, x, y: xp.where(x == 0, xp.zeros((), x.dtype), x * reciprocal))
    return _binary_kernel(lambda xp, x, y: x * reciprocal)


RealDiv.optimized = Div.optimized = divide_by_constant
