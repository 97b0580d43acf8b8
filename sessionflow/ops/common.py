"""Helpers shared by op declarations: input conversion and TF's dtype and broadcasting rules."""

from __future__ import annotations

import sys
import threading

import numpy as np

from ..framework import dtypes
from ..framework.graph import Tensor
from ..framework.tensor_shape import TensorShape
from .constant import convert_to_tensor

FLOATS = frozenset([dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64])
COMPLEX = frozenset([dtypes.complex64, dtypes.complex128])
SIGNED_INTS = frozenset([dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64])
UNSIGNED_INTS = frozenset([dtypes.uint8, dtypes.uint16, dtypes.uint32, dtypes.uint64])
INTS = SIGNED_INTS | UNSIGNED_INTS
REAL = FLOATS | INTS
NUMBERS = REAL | COMPLEX
INEXACT = FLOATS | COMPLEX
ALL = NUMBERS | {dtypes.bool, dtypes.string}

# The checks of input values deferred by kernels being traced (see `deferred_check`); the XLA backend sets
# `active` to a list for the length of a trace.
TRACED_CHECKS = threading.local()


# Whole-plan choices for the XLA backend. An op module whose traced kernels compile better with an XLA
# compiler option, or in another form, depending on the plan's other ops registers a function here: given
# the ops of a plan about to be compiled, it returns (compiler options, choices its kernels read while being
# traced, through `traced_choice`). The backend merges what they return, compiles the plan with the options
# and traces it with the choices set.
PLAN_CHOOSERS: list = []


def traced_choice(name: str, default=None):
    """The choice `name` made for the plan being traced (see PLAN_CHOOSERS); `default` outside a trace, or
    where no chooser made it."""
    return (getattr(TRACED_CHECKS, "choices", None) or {}).get(name, default)


def deferred_check(xp, failed) -> bool:
    """For a kernel that checks its input values (an index in range, a divisor not 0): when it is being
    traced by the XLA backend, `failed` (a traced bool array) is recorded, the compiled plan returns
    whether any recorded check failed, and a run where one did is run again on NumPy, which raises TF's
    error; returns True, and the kernel goes on without its host check. Otherwise returns False."""
    checks = getattr(TRACED_CHECKS, "active", None)
    if checks is None or getattr(xp, "__name__", "") != "jax.numpy":
        return False
    checks.append(xp.any(failed))
    return True


def padded_rows(array, count=None):
    """Rows of a traced value-dependent size. A kernel being traced whose output's length depends on values
    (Unique) returns it padded to a static length and says so with `count` (a traced scalar: that many
    rows are real); a kernel that takes it as indices (a sparse update, a scatter) asks for its count,
    None when `array` is not padded, and leaves the padding rows out."""
    active = getattr(TRACED_CHECKS, "active", None)
    kept = getattr(TRACED_CHECKS, "padded", None)
    if kept is None or kept[0] is not active:  # a new trace (or branch, body) starts a new record
        kept = TRACED_CHECKS.padded = (active, [])
    if count is not None:
        kept[1].append((array, count))
        return count
    return next((c for a, c in kept[1] if a is array), None)


def rows_in_range(xp, indices, rows, n):
    """`rows` (the flattened `indices` of a sparse update or scatter into `n` rows) and where they are out of
    [0, n). Traced, Unique's padding rows (`padded_rows`) are not counted as bad and are moved out of range,
    where the scatter drops them and a gather reads its fill value."""
    bad = (rows < 0) | (rows >= n)
    count = padded_rows(indices) if traced_jax(xp) is not None else None
    if count is not None:
        real = xp.arange(rows.shape[0]) < count
        bad = bad & real
        rows = xp.where(real, rows, n)
    return rows, bad


# NumPy's ufunc name -> the method of jax's `.at[]` that applies it
_AT_METHODS = {"add": "add", "subtract": "subtract", "multiply": "multiply", "divide": "divide", "maximum": "max",
               "minimum": "min"}


def scatter_at(xp, ufunc: str, out, ids, data):
    """`out[ids] <ufunc>= data`, repeated ids all applying: NumPy's `ufunc.at` on `out` (in place, returned), or
    traced, jax's `out.at[ids].<method>(data)`, where ids out of range are dropped."""
    if traced_jax(xp) is None:
        getattr(xp, ufunc).at(out, ids, data)
        return out
    return getattr(xp.asarray(out).at[ids], _AT_METHODS[ufunc])(data, mode="drop")


def traced_jax(xp):
    """The `jax` module when `xp` is jax.numpy (a kernel traced by the XLA backend), else None: a kernel's
    traceable path reaches `jax.lax` through it without importing JAX itself."""
    if getattr(xp, "__name__", "") == "jax.numpy":
        return sys.modules["jax"]
    return None


def stored(xp, x):
    """Traced float `x`, unchanged, in a form XLA:CPU computes once and stores. Its fusion pass puts a cheap
    producer (elementwise ops, slices, pads) into every consumer, even one that reads each of its elements
    several times (a broadcast), so a value such a consumer reads is recomputed there for every read. It
    does not put an expensive op there; a division by ones it cannot fold (1 + 0 * (x == x): x == x is
    false for NaN, and 0 * v is not folded for floats) is one, and gives x back exactly, NaN, infinities and
    -0 included. On NumPy, `x` itself."""
    if traced_jax(xp) is None:
        return x
    zero = xp.zeros((), x.dtype)
    return x / (zero + 1 + (x == x).astype(x.dtype) * zero)


def parsed_floats(values, dtype) -> np.ndarray:
    """Python floats (numbers parsed from text) as an array of float `dtype`, subnormals kept, as TF's
    parsers (strtof) give them: NumPy's float64 -> float32 conversion flushes a subnormal result to zero
    under the flush-to-zero mode a run sets (runtime/float_env.py), so those are built from their bits."""
    wide = np.asarray(values, dtype=np.float64)
    out = wide.astype(dtype)
    if out.dtype == np.float32:
        small = (np.abs(wide) < np.finfo(np.float32).tiny) & (wide != 0)
        if small.any():  # k * 2**-149, k rounded half to even: the float32 nearest the value
            steps = np.rint(np.abs(wide[small]) * 2.0 ** 149).astype(np.uint32)
            out[small] = (steps | (np.signbit(wide[small]).astype(np.uint32) << 31)).view(np.float32)
    return out


_CPP_NAMES = {dtypes.float32: "float", dtypes.float64: "double", dtypes.float16: "half"}


def cpp_name(dtype: dtypes.DType) -> str:
    """The dtype's name as TF's C++ runtime prints it in error messages (`float`, `double`, ...)."""
    return _CPP_NAMES.get(dtype.base_dtype, dtype.base_dtype.name)


def shape_str(shape: TensorShape) -> str:
    """A static shape as TF's runtime prints it: `[?,3]`, `[]`, `<unknown>`."""
    dims = shape.as_tuple()
    if dims is None:
        return "<unknown>"
    return "[" + ",".join("?" if d is None else str(d) for d in dims) + "]"


def dims_str(array) -> str:
    """An array's shape as TF's kernels print it in errors (TensorShape::DebugString): `[2,3]`."""
    return "[" + ",".join(str(d) for d in np.shape(array)) + "]"


# The order most TF op definitions list their types in (`{bfloat16, half, float, double, int8, ...}`), which
# is the order of TF's "not in list of allowed values" errors. Types not listed here follow, by enum number.
_LISTING_ORDER = {d: i for i, d in enumerate([
    dtypes.bfloat16, dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int8, dtypes.int16, dtypes.int32,
    dtypes.int64, dtypes.uint8, dtypes.uint16, dtypes.uint32, dtypes.uint64, dtypes.complex64, dtypes.complex128,
    dtypes.bool, dtypes.string])}


def check_dtype(op_type: str, param: str, t: Tensor, allowed) -> None:
    """TF's TypeError for an input whose dtype the op does not accept. A tuple or list of dtypes is listed
    in its own order (give the op definition's order where it differs from the usual one); a set is listed
    in the usual order of TF's op definitions (bfloat16, float16, float32, float64, ints, complex, ...)."""
    if t.dtype.base_dtype not in allowed:
        if not isinstance(allowed, (tuple, list)):
            allowed = sorted(allowed, key=lambda d: (_LISTING_ORDER.get(d, len(_LISTING_ORDER)), d.as_datatype_enum))
        names = ", ".join(d.name for d in allowed)
        raise TypeError(f"Value passed to parameter '{param}' has DataType {t.dtype.base_dtype.name} not in "
                        f"list of allowed values: {names}")


def convert_same_dtype(op_type: str, values, names, dtype=None) -> list:
    """Converts inputs that share one type attr, as TF's op builder does: Python values take the
    dtype of the first Tensor among them; a mismatch is TF's TypeError naming both inputs."""
    if dtype is None and all(type(v) is Tensor for v in values):  # the common case: nothing to convert
        first = values[0]
        for v, name in zip(values[1:], names[1:]):
            if v._op._graph is not first._op._graph:
                raise ValueError(f"{v} must be from the same graph as {first}.")
            if v._dtype.base_dtype is not first._dtype.base_dtype:
                raise TypeError(f"Input '{name}' of '{op_type}' Op has type {v._dtype.base_dtype.name} that "
                                f"does not match type {first._dtype.base_dtype.name} of argument '{names[0]}'.")
        return list(values)
    graphs = {v.graph for v in values if isinstance(v, Tensor)}
    if len(graphs) > 1:
        tensors = [v for v in values if isinstance(v, Tensor)]
        raise ValueError(f"{tensors[1]} must be from the same graph as {tensors[0]}.")
    if dtype is None:
        for v in values:
            if isinstance(v, Tensor) or hasattr(v, "_as_graph_element") or hasattr(v, "_variable_dtype"):
                dtype = convert_to_tensor(v).dtype.base_dtype
                break
    tensors = []
    for value, name in zip(values, names):
        try:
            t = convert_to_tensor(value, dtype=dtype, name=name)
        except (TypeError, ValueError):
            if dtype is None:
                raise
            t = convert_to_tensor(value, name=name)
        tensors.append(t)
    first = tensors[0].dtype.base_dtype
    for t, name in zip(tensors[1:], names[1:]):
        if t.dtype.base_dtype is not first:
            raise TypeError(f"Input '{name}' of '{op_type}' Op has type {t.dtype.base_dtype.name} that does "
                            f"not match type {first.name} of argument '{names[0]}'.")
    return tensors


def broadcast_shape(op_type: str, a: TensorShape, b: TensorShape) -> TensorShape:
    """The static result shape of broadcasting `a` with `b`; ValueError if they cannot broadcast."""
    da, db = a.as_tuple(), b.as_tuple()
    if da == db and (da is None or None not in da):
        return a
    if da is None or db is None:
        return TensorShape(None)
    n = max(len(da), len(db))
    da = (1,) * (n - len(da)) + da
    db = (1,) * (n - len(db)) + db
    out = []
    for x, y in zip(da, db):
        if x == 1:
            out.append(y)
        elif y == 1:
            out.append(x)
        elif x is None:
            out.append(y)
        elif y is None or x == y:
            out.append(x)
        else:
            raise ValueError(f"Dimensions must be equal, but are {x} and {y} for '{op_type}' with input "
                             f"shapes: {shape_str(a)}, {shape_str(b)}.")
    return TensorShape(out)
