"""TF1's remaining checking helpers (tf.assert_integer, assert_scalar, assert_near, assert_rank_in,
assert_proper_iterable, assert_same_float_dtype, verify_tensor_all_finite, add_check_numerics_ops,
is_numeric_tensor) and the tf.debugging aliases of existing ops, with TF's names and messages."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.api import export_value, tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.sparse_tensor import SparseTensor
from . import math
from .array_identity import check_numerics
from .constant import convert_to_tensor
from .control_flow import group, no_op, with_dependencies
from .logging_ops import Assert_
from .reduction import reduce_all

export_value(("debugging.is_finite",), math.is_finite)
export_value(("debugging.is_inf",), math.is_inf)
export_value(("debugging.is_nan",), math.is_nan)

_NUMERIC = frozenset([dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64, dtypes.int8, dtypes.int16,
                      dtypes.int32, dtypes.int64, dtypes.uint8, dtypes.uint16, dtypes.uint32, dtypes.uint64,
                      dtypes.complex64, dtypes.complex128])


def _prefix(message):
    return f"{message}.  " if message else ""


@tf_export("is_numeric_tensor", "debugging.is_numeric_tensor")
def is_numeric_tensor(tensor) -> bool:
    """True for a Tensor of a number dtype (not bool, string, resource or variant)."""
    return isinstance(tensor, Tensor) and tensor.dtype.base_dtype in _NUMERIC


@tf_export("assert_integer", "debugging.assert_integer")
def assert_integer(x, message=None, name=None):
    """TypeError at build time unless `x` has an integer dtype; else a NoOp."""
    with get_default_graph().name_scope(name or "assert_integer"):
        x = convert_to_tensor(x, name="x")
        if not x.dtype.is_integer:
            raise TypeError(f'{_prefix(message)}Expected "x" to be integer type.  Found: {x.name} of dtype '
                            f"{x.dtype}")
        return no_op(name="statically_determined_was_integer")


@tf_export("assert_scalar", "debugging.assert_scalar")
def assert_scalar(tensor, name=None, message=None):
    """ValueError at build time unless `tensor` is statically a scalar; returns the tensor."""
    with get_default_graph().name_scope(name or "assert_scalar") as scope:
        tensor = convert_to_tensor(tensor, name=scope)
        if tensor.shape.ndims != 0:
            raise ValueError(f"{_prefix(message)}Expected scalar shape for {tensor.name}, saw shape: {tensor.shape}.")
        return tensor


@tf_export("assert_proper_iterable", "debugging.assert_proper_iterable")
def assert_proper_iterable(values):
    """TypeError for a Tensor, SparseTensor, ndarray or string (iterable by accident) or a non-iterable."""
    if isinstance(values, (Tensor, SparseTensor, np.ndarray, bytes, str)):
        raise TypeError(f'Expected argument "values" to be a "proper" iterable.  Found: {type(values)}')
    if not hasattr(values, "__iter__"):
        raise TypeError(f'Expected argument "values" to be iterable.  Found: {type(values)}')


@tf_export("assert_same_float_dtype", "debugging.assert_same_float_dtype")
def assert_same_float_dtype(tensors=None, dtype=None):
    """The common floating dtype of `tensors` (and `dtype`); float32 when neither gives one."""
    if tensors:
        expected, first_name = dtype, None
        for item in tensors:
            if item is None:
                continue
            item_type = item.dtype.base_dtype
            if not expected:
                expected, first_name = item_type, getattr(item, "name", str(item))
            elif expected != item_type:
                shown = getattr(item, "name", str(item))
                raise ValueError(f"{shown}, type={item_type}, must be of the same type ({expected})"
                                 f"{f' as {first_name}' if first_name else ''}.")
        dtype = expected
    if not dtype:
        return dtypes.float32
    if not dtype.is_floating:
        raise ValueError(f"Expected floating point type, got {dtype}.")
    return dtype


@tf_export("assert_rank_in", "debugging.assert_rank_in")
def assert_rank_in(x, ranks, data=None, summarize=None, message=None, name=None):
    """Checks that the rank of `x` is one of `ranks` (statically: ValueError at build time when not)."""
    from ..framework.registry import static_value

    with get_default_graph().name_scope(name or "assert_rank_in"):
        x = convert_to_tensor(x, name="x")
        wanted = [convert_to_tensor(r, name="rank") for r in ranks]
        values = [static_value(r) for r in wanted]
        if x.shape.ndims is None or any(v is None for v in values):
            raise ValueError("assert_rank_in of a tensor of unknown rank (or with ranks not known while building) "
                             "is not supported in sessionflow yet")
        allowed = tuple(int(v) for v in values)
        if x.shape.ndims not in allowed:
            raise ValueError(f"{_prefix(message)}Tensor {x.name} must have rank in {allowed}.  Received rank "
                             f"{x.shape.ndims}, shape {x.shape}")
        return no_op(name="static_checks_determined_all_ok")


@tf_export("assert_near", "debugging.assert_near")
def assert_near(x, y, rtol=None, atol=None, data=None, summarize=None, message=None, name=None):
    """An Assert op checking |x - y| < atol + rtol * |y| element-wise (tolerances default to 10 eps)."""
    with get_default_graph().name_scope(name or "assert_near"):
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y", dtype=x.dtype.base_dtype)
        dtype = x.dtype.base_dtype
        if dtype.is_complex:
            dtype = dtype.real_dtype
        eps = float(np.finfo(dtype.as_numpy_dtype).eps)
        rtol = convert_to_tensor(10 * eps if rtol is None else rtol, name="rtol", dtype=dtype)
        atol = convert_to_tensor(10 * eps if atol is None else atol, name="atol", dtype=dtype)
        if data is None:
            data = [_prefix(message), f"x and y not equal to tolerance rtol = {rtol}, atol = {atol}",
                    f"x ({x.name}) = ", x, f"y ({y.name}) = ", y]
        tol = math.add(atol, math.multiply(rtol, math.abs(y)))
        diff = math.abs(math.subtract(x, y))
        return Assert_(reduce_all(math.less(diff, tol)), data, summarize=summarize)


@tf_export("verify_tensor_all_finite", "debugging.assert_all_finite")
def verify_tensor_all_finite(t=None, msg=None, name=None, x=None, message=None):
    """`t` after a CheckNumerics of it (InvalidArgumentError naming `msg` on NaN or Inf)."""
    t = x if t is None else t
    msg = message if msg is None else msg
    with get_default_graph().name_scope(name or "VerifyFinite"):
        t = convert_to_tensor(t, name="x")
        return with_dependencies([check_numerics(t, message=msg)], t)


@tf_export("add_check_numerics_ops")
def add_check_numerics_ops():
    """A group of CheckNumerics over every half/float/double output in the default graph, chained."""
    checks = []
    for op_ in list(get_default_graph().get_operations()):
        for output in op_.outputs:
            if output.dtype.base_dtype in (dtypes.float16, dtypes.float32, dtypes.float64):
                if op_.type in ("Switch", "Merge", "Enter", "Exit", "NextIteration", "If", "While",
                                "StatelessIf", "StatelessWhile"):
                    raise ValueError("`tf.add_check_numerics_ops() is not compatible with TensorFlow control "
                                     "flow operations such as `tf.cond()` or `tf.while_loop()`.")
                with get_default_graph().control_dependencies(checks):
                    checks = [check_numerics(output, message=f"{op_.name}:{output.value_index}")]
    return group(*checks)
