"""Math ops: elementwise arithmetic, comparisons, logic, matmul, and the Tensor operator overloads.

Elementwise op types are declared from tables, one line each; the public `tf.*` functions are thin
wrappers that convert their arguments and name the op as TF does.
"""

from __future__ import annotations

from ..framework import dtypes
from ..framework import errors
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import OpDef, REGISTRY, op
from ..framework.tensor_shape import TensorShape
from . import common
from .common import ALL, FLOATS, INEXACT, INTS, NUMBERS, REAL, broadcast_shape, check_dtype
from .constant import convert_to_tensor

# --- elementwise declarations ----------------------------------------------------------------


def _declare(type_name: str, inputs, infer, kernel, **flags) -> OpDef:
    opdef = OpDef(type_name, inputs, infer=infer, kernel=kernel, **flags)
    if type_name in REGISTRY:
        raise ValueError(f"Op type {type_name!r} is declared twice")
    REGISTRY[type_name] = opdef
    return opdef


def unary(type_name: str, fn, allowed=NUMBERS, out_dtype=None) -> OpDef:
    """An elementwise op of one input: `fn(xp, x)`; output dtype = input dtype unless `out_dtype`."""

    def infer(x):
        check_dtype(type_name, "x", x, allowed)
        return (out_dtype or x.dtype.base_dtype), x.shape

    return _declare(type_name, ("x",), infer, lambda xp, x: fn(xp, x))


def binary(type_name: str, fn, allowed=NUMBERS, out_dtype=None) -> OpDef:
    """A broadcasting elementwise op of two inputs of one dtype: `fn(xp, x, y)`."""

    def infer(x, y):
        check_dtype(type_name, "x", x, allowed)
        if y.dtype.base_dtype is not x.dtype.base_dtype:
            raise TypeError(f"Input 'y' of '{type_name}' Op has type {y.dtype.base_dtype.name} that does not "
                            f"match type {x.dtype.base_dtype.name} of argument 'x'.")
        return (out_dtype or x.dtype.base_dtype), broadcast_shape(type_name, x.shape, y.shape)

    return _declare(type_name, ("x", "y"), infer, lambda xp, x, y: fn(xp, x, y))


def _int_division_guard(xp, y):
    if xp.any(y == 0):
        raise errors.InvalidArgumentError(None, None, "Integer division by zero")


def _floordiv(xp, x, y):
    if x.dtype.kind in "iu":
        _int_division_guard(xp, y)
        return xp.floor_divide(x, y)
    return xp.floor(x / y).astype(x.dtype)


def _floormod(xp, x, y):
    if x.dtype.kind in "iu":
        _int_division_guard(xp, y)
    return xp.mod(x, y)


def _truncatediv(xp, x, y):
    if x.dtype.kind in "iu":
        _int_division_guard(xp, y)
        q = xp.floor_divide(x, y)
        return q + ((q < 0) & (q * y != x)).astype(x.dtype)
    return xp.trunc(x / y).astype(x.dtype)


def _pow(xp, x, y):
    if x.dtype.kind in "iu":
        if xp.any(y < 0):
            raise errors.InvalidArgumentError(None, None, "Integers to negative integer powers are not allowed")
        return xp.power(x, y)
    if x.dtype.itemsize < 8 and x.dtype.kind == "f":  # correctly rounded, as TF's float powf is here
        return xp.power(x.astype(xp.float64), y.astype(xp.float64)).astype(x.dtype)
    return xp.power(x, y)


def _div_no_nan(xp, x, y):
    safe = xp.where(y == 0, xp.ones_like(y), y)
    return xp.where(y == 0, xp.zeros_like(x), x / safe).astype(x.dtype)


def _same(xp, result, like):
    return xp.asarray(result, dtype=like.dtype)


Add = binary("Add", lambda xp, x, y: x + y, ALL - {dtypes.bool})
AddV2 = binary("AddV2", lambda xp, x, y: x + y, NUMBERS)
Sub = binary("Sub", lambda xp, x, y: x - y, NUMBERS)
Mul = binary("Mul", lambda xp, x, y: x * y, NUMBERS)
RealDiv = binary("RealDiv", lambda xp, x, y: _same(xp, x / y, x), NUMBERS)
Div = binary("Div", lambda xp, x, y: _truncatediv(xp, x, y) if x.dtype.kind in "iu" else _same(xp, x / y, x),
             NUMBERS)
FloorDiv = binary("FloorDiv", _floordiv, REAL)
FloorMod = binary("FloorMod", _floormod, REAL)
TruncateDiv = binary("TruncateDiv", _truncatediv, REAL)
TruncateMod = binary("TruncateMod", lambda xp, x, y: xp.fmod(x, y), REAL)
DivNoNan = binary("DivNoNan", _div_no_nan, INEXACT)
Pow = binary("Pow", _pow, NUMBERS)
Maximum = binary("Maximum", lambda xp, x, y: xp.maximum(x, y), REAL)
Minimum = binary("Minimum", lambda xp, x, y: xp.minimum(x, y), REAL)
SquaredDifference = binary("SquaredDifference", lambda xp, x, y: (x - y) * (x - y), NUMBERS)

Less = binary("Less", lambda xp, x, y: x < y, REAL, dtypes.bool)
LessEqual = binary("LessEqual", lambda xp, x, y: x <= y, REAL, dtypes.bool)
Greater = binary("Greater", lambda xp, x, y: x > y, REAL, dtypes.bool)
GreaterEqual = binary("GreaterEqual", lambda xp, x, y: x >= y, REAL, dtypes.bool)
Equal = binary("Equal", lambda xp, x, y: xp.equal(x, y), ALL, dtypes.bool)
NotEqual = binary("NotEqual", lambda xp, x, y: xp.not_equal(x, y), ALL, dtypes.bool)
LogicalAnd = binary("LogicalAnd", lambda xp, x, y: xp.logical_and(x, y), {dtypes.bool})
LogicalOr = binary("LogicalOr", lambda xp, x, y: xp.logical_or(x, y), {dtypes.bool})

LogicalNot = unary("LogicalNot", lambda xp, x: xp.logical_not(x), {dtypes.bool})
Neg = unary("Neg", lambda xp, x: -x, NUMBERS - {dtypes.uint8, dtypes.uint16})
Abs = unary("Abs", lambda xp, x: xp.abs(x), REAL)
Sign = unary("Sign", lambda xp, x: xp.sign(x), NUMBERS)
Square = unary("Square", lambda xp, x: x * x, NUMBERS)
Sqrt = unary("Sqrt", lambda xp, x: xp.sqrt(x), INEXACT)
Rsqrt = unary("Rsqrt", lambda xp, x: _same(xp, 1 / xp.sqrt(x), x), INEXACT)
Exp = unary("Exp", lambda xp, x: xp.exp(x), INEXACT)
Log = unary("Log", lambda xp, x: xp.log(x), INEXACT)
Reciprocal = unary("Reciprocal", lambda xp, x: _same(xp, 1 / x, x), NUMBERS)
Floor = unary("Floor", lambda xp, x: xp.floor(x), FLOATS)
Ceil = unary("Ceil", lambda xp, x: xp.ceil(x), FLOATS)
Round = unary("Round", lambda xp, x: xp.round(x), NUMBERS)
Tanh = unary("Tanh", lambda xp, x: xp.tanh(x), INEXACT)
Sigmoid = unary("Sigmoid", lambda xp, x: _same(xp, 1 / (1 + xp.exp(-x)), x), INEXACT)
Relu = unary("Relu", lambda xp, x: xp.maximum(x, xp.zeros_like(x)), REAL)


# --- MatMul ----------------------------------------------------------------------------------

@op("MatMul", inputs=("a", "b"), attrs=dict(transpose_a=False, transpose_b=False))
class MatMul:
    """Matrix product of two rank-2 tensors."""

    def infer(a, b, transpose_a, transpose_b):
        check_dtype("MatMul", "a", a, NUMBERS - {dtypes.uint8, dtypes.int8, dtypes.int16, dtypes.uint16})
        if a.dtype.base_dtype is not b.dtype.base_dtype:
            raise TypeError(f"Input 'b' of 'MatMul' Op has type {b.dtype.base_dtype.name} that does not match "
                            f"type {a.dtype.base_dtype.name} of argument 'a'.")
        sa = a.shape.with_rank(2) if a.shape.ndims is not None else TensorShape([None, None])
        sb = b.shape.with_rank(2) if b.shape.ndims is not None else TensorShape([None, None])
        m, ka = (sa[1], sa[0]) if transpose_a else (sa[0], sa[1])
        kb, n = (sb[1], sb[0]) if transpose_b else (sb[0], sb[1])
        if not ka.is_compatible_with(kb):
            raise ValueError(f"Dimensions must be equal, but are {ka} and {kb} for 'MatMul' with input shapes: "
                             f"{common.shape_str(a.shape)}, {common.shape_str(b.shape)}.")
        return a.dtype.base_dtype, TensorShape([m, n])

    def kernel(xp, a, b, transpose_a, transpose_b):
        if transpose_a:
            a = a.T
        if transpose_b:
            b = b.T
        return xp.matmul(a, b)


# --- Cast ------------------------------------------------------------------------------------

@op("Cast", inputs=("x",), attrs=dict(SrcT=None, DstT=None, Truncate=False))
class Cast:
    """Converts to DstT; float -> int truncates toward zero, as C does."""

    def infer(x, SrcT, DstT, Truncate):
        return DstT, x.shape

    def kernel(xp, x, SrcT, DstT, Truncate):
        if DstT is dtypes.string or SrcT is dtypes.string:
            raise errors.UnimplementedError(None, None, f"Cast {SrcT.name} to {DstT.name} is not supported")
        return xp.asarray(x).astype(DstT.as_numpy_dtype)


# --- public wrappers -------------------------------------------------------------------------

def _binary_wrapper(opdef: OpDef, default_name: str):
    def fn(x, y, name=None):
        with get_default_graph().name_scope(name or default_name) as scope:
            x, y = common.convert_same_dtype(opdef.type, (x, y), ("x", "y"))
            return opdef(x, y, name=scope)

    fn.__name__ = default_name
    return fn


def add(x, y, name=None):
    with get_default_graph().name_scope(name or "Add") as scope:
        x, y = common.convert_same_dtype("AddV2", (x, y), ("x", "y"))
        opdef = Add if x.dtype.base_dtype is dtypes.string else AddV2
        return opdef(x, y, name=scope)


subtract = _binary_wrapper(Sub, "Sub")
multiply = _binary_wrapper(Mul, "Mul")
realdiv = _binary_wrapper(RealDiv, "RealDiv")
floordiv = _binary_wrapper(FloorDiv, "floordiv")
floormod = _binary_wrapper(FloorMod, "FloorMod")
truncatediv = _binary_wrapper(TruncateDiv, "TruncateDiv")
truncatemod = _binary_wrapper(TruncateMod, "TruncateMod")
div_no_nan = _binary_wrapper(DivNoNan, "div_no_nan")
maximum = _binary_wrapper(Maximum, "Maximum")
minimum = _binary_wrapper(Minimum, "Minimum")
squared_difference = _binary_wrapper(SquaredDifference, "SquaredDifference")
less = _binary_wrapper(Less, "Less")
less_equal = _binary_wrapper(LessEqual, "LessEqual")
greater = _binary_wrapper(Greater, "Greater")
greater_equal = _binary_wrapper(GreaterEqual, "GreaterEqual")
equal = _binary_wrapper(Equal, "Equal")
not_equal = _binary_wrapper(NotEqual, "NotEqual")
logical_and = _binary_wrapper(LogicalAnd, "LogicalAnd")
logical_or = _binary_wrapper(LogicalOr, "LogicalOr")
mod = floormod


pow = _binary_wrapper(Pow, "Pow")  # noqa: A001 - TF's public name


def _unary_wrapper(opdef: OpDef, default_name: str):
    def fn(x, name=None):
        with get_default_graph().name_scope(name or default_name) as scope:
            return opdef(convert_to_tensor(x, name="x"), name=scope)

    fn.__name__ = default_name
    return fn


negative = _unary_wrapper(Neg, "Neg")
sign = _unary_wrapper(Sign, "Sign")
square = _unary_wrapper(Square, "Square")
sqrt = _unary_wrapper(Sqrt, "Sqrt")
rsqrt = _unary_wrapper(Rsqrt, "Rsqrt")
exp = _unary_wrapper(Exp, "Exp")
log = _unary_wrapper(Log, "Log")
reciprocal = _unary_wrapper(Reciprocal, "Reciprocal")
floor = _unary_wrapper(Floor, "Floor")
ceil = _unary_wrapper(Ceil, "Ceil")
tanh = _unary_wrapper(Tanh, "Tanh")
sigmoid = _unary_wrapper(Sigmoid, "Sigmoid")
logical_not = _unary_wrapper(LogicalNot, "LogicalNot")


abs = _unary_wrapper(Abs, "Abs")  # noqa: A001 - TF's public name


def round(x, name=None):  # noqa: A001 - TF's public name (rounds half to even)
    x = convert_to_tensor(x, name="x")
    if x.dtype.is_integer:
        return x
    return Round(x, name=name or "Round")


def logical_xor(x, y, name="LogicalXor"):
    with get_default_graph().name_scope(name) as scope:
        x, y = common.convert_same_dtype("LogicalXor", (x, y), ("x", "y"))
        return logical_and(logical_or(x, y), logical_not(logical_and(x, y)), name=scope)


def cast(x, dtype, name=None) -> Tensor:
    """`tf.cast`: converts `x` to `dtype` (returns `x` itself when it already has it)."""
    dtype = dtypes.as_dtype(dtype).base_dtype
    if not isinstance(x, Tensor) and hasattr(x, "_as_graph_element"):
        x = convert_to_tensor(x)
    if isinstance(x, Tensor) and x.dtype.base_dtype is dtype:
        return x
    with get_default_graph().name_scope(name or "Cast") as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype.base_dtype is dtype:
            return x
        return Cast(x, SrcT=x.dtype.base_dtype, DstT=dtype, name=scope)


def to_float(x, name="ToFloat"):
    return cast(x, dtypes.float32, name=name)


def to_double(x, name="ToDouble"):
    return cast(x, dtypes.float64, name=name)


def to_int32(x, name="ToInt32"):
    return cast(x, dtypes.int32, name=name)


def to_int64(x, name="ToInt64"):
    return cast(x, dtypes.int64, name=name)


_TRUEDIV_FLOAT = {dtypes.int8: dtypes.float32, dtypes.uint8: dtypes.float32, dtypes.int16: dtypes.float32,
                  dtypes.uint16: dtypes.float32, dtypes.int32: dtypes.float64, dtypes.int64: dtypes.float64}


def truediv(x, y, name=None):
    """Python 3 division: integers are converted to floating point first (int32 -> float64)."""
    with get_default_graph().name_scope(name or "truediv") as scope:
        x, y = common.convert_same_dtype("RealDiv", (x, y), ("x", "y"))
        target = _TRUEDIV_FLOAT.get(x.dtype.base_dtype)
        if target is not None:
            x = cast(x, target)
            y = cast(y, target)
        return RealDiv(x, y, name=scope)


divide = truediv


def div(x, y, name=None):
    """TF1's `tf.div`: Python 2 division, i.e. floor division for integers, true division for floats."""
    with get_default_graph().name_scope(name or "div") as scope:
        x, y = common.convert_same_dtype("Div", (x, y), ("x", "y"))
        opdef = FloorDiv if x.dtype.is_integer else RealDiv
        return opdef(x, y, name=scope)


def scalar_mul(scalar, x, name=None):
    x = convert_to_tensor(x)
    return multiply(convert_to_tensor(scalar, dtype=x.dtype.base_dtype), x, name=name or "scalar_mul")


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, name=None):
    """`tf.matmul` for rank-2 inputs (batched matmul arrives with the op library)."""
    with get_default_graph().name_scope(name or "MatMul") as scope:
        a, b = common.convert_same_dtype("MatMul", (a, b), ("a", "b"))
        return MatMul(a, b, transpose_a=transpose_a or adjoint_a, transpose_b=transpose_b or adjoint_b,
                      name=scope)


# --- Tensor operator overloads (TF1 names the ops `add`, `sub`, `mul`, `truediv`, ...) -------------

def _operator_table():
    return {
        "add": (add, "add"), "sub": (subtract, "sub"), "mul": (multiply, "mul"),
        "truediv": (truediv, "truediv"), "floordiv": (floordiv, "floordiv"), "mod": (floormod, "mod"),
        "pow": (pow, "pow"), "matmul": (matmul, "matmul"),
        "and": (logical_and, "and"), "or": (logical_or, "or"), "xor": (logical_xor, "xor"),
    }


def install_operators(cls, to_tensor=lambda v: v):
    """Gives `cls` (Tensor, Variable) TF's operator overloads; `to_tensor` reads the operand."""
    for dunder, (fn, op_name) in _operator_table().items():
        setattr(cls, f"__{dunder}__",
                lambda self, other, _f=fn, _n=op_name: _f(to_tensor(self), other, name=_n))
        setattr(cls, f"__r{dunder}__",
                lambda self, other, _f=fn, _n=op_name: _f(other, to_tensor(self), name=_n))
    cls.__div__ = cls.__truediv__
    cls.__lt__ = lambda self, other: less(to_tensor(self), other, name="Less")
    cls.__le__ = lambda self, other: less_equal(to_tensor(self), other, name="LessEqual")
    cls.__gt__ = lambda self, other: greater(to_tensor(self), other, name="Greater")
    cls.__ge__ = lambda self, other: greater_equal(to_tensor(self), other, name="GreaterEqual")
    cls.__neg__ = lambda self: negative(to_tensor(self), name="Neg")
    cls.__abs__ = lambda self: abs(to_tensor(self), name="Abs")
    cls.__invert__ = lambda self: logical_not(to_tensor(self), name="LogicalNot")


install_operators(Tensor)
