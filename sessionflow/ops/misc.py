"""Small ops and public aliases TF1 has under names of their own: GuaranteeConst, Timestamp, ParallelConcat
(tf.parallel_stack), tf.batch_gather, the tf.dtypes.* aliases, tf.OpError, tf.AggregationMethod,
get_static_value, dimension_at_index, get_logger, no_gradient, no_regularizer,
convert_to_tensor_or_indexed_slices, errors.raise_exception_on_not_ok_status, train.assert_global_step."""

from __future__ import annotations

import time

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import export_value, tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor_shape import Dimension, TensorShape, as_shape
from . import array
from .constant import convert_to_tensor
from .indexed_slices import IndexedSlices

for _name in ("DType", "as_dtype", "bfloat16", "bool", "complex128", "complex64", "double", "float16", "float32",
              "float64", "half", "int16", "int32", "int64", "int8", "resource", "uint16", "uint32", "uint64", "uint8",
              "variant"):
    export_value((f"dtypes.{_name}",), getattr(dtypes, _name))
export_value(("OpError",), errors.OpError)


@tf_export("AggregationMethod")
class AggregationMethod:
    """How tf.gradients adds the gradients flowing into one tensor: ADD_N (one AddN, the default) or, for the
    EXPERIMENTAL_* methods, a chain of two-input AddNs under `<op name>_gradient_sum` (gradients.py)."""

    ADD_N = 0
    DEFAULT = ADD_N
    EXPERIMENTAL_TREE = 1
    EXPERIMENTAL_ACCUMULATE_N = 2


class raise_exception_on_not_ok_status:  # noqa: N801 - TF's public name
    """TF's context manager over a C status; sessionflow has no C status, so it yields None and raises
    nothing of its own."""

    def __enter__(self):
        return None

    def __exit__(self, type_arg, value_arg, traceback_arg):
        return False


errors.raise_exception_on_not_ok_status = raise_exception_on_not_ok_status  # tf.errors is framework/errors.py


@tf_export("get_static_value")
def get_static_value(tensor, partial=False):
    """The value of `tensor` known while building the graph (a NumPy array), or None."""
    if not isinstance(tensor, Tensor):
        return np.asarray(tensor) if not isinstance(tensor, (SparseTensor, IndexedSlices)) else None
    if tensor.op.type not in _CONSTANT_VALUE_OPS:
        return None
    return static_value(tensor)


# The op types whose value TF's constant_value works out (others give None, even when foldable).
_CONSTANT_VALUE_OPS = frozenset(["Const", "Shape", "Size", "Rank", "Range", "Cast", "Concat", "ConcatV2", "Pack",
                                 "Unpack", "Fill", "Equal", "NotEqual", "StopGradient", "Identity"])


@tf_export("dimension_at_index")
def dimension_at_index(shape, index):
    """The Dimension of `shape` at `index` (Dimension(None) when the rank is unknown)."""
    shape = as_shape(shape)
    if shape.ndims is None:
        return Dimension(None)
    return shape.dims[index]


@tf_export("get_logger")
def get_logger():
    """The `tensorflow` Python logger (tf.logging's, with TF's handler)."""
    from .._behaviour import get_logger as logger

    return logger()


@tf_export("no_regularizer")
def no_regularizer(_):
    """A regularizer that adds nothing: returns None."""
    return None


@tf_export("convert_to_tensor_or_indexed_slices")
def convert_to_tensor_or_indexed_slices(value, dtype=None, name=None):
    """`value` itself when an IndexedSlices or SparseTensor (of `dtype` if given), else convert_to_tensor."""
    if isinstance(value, (IndexedSlices, SparseTensor)):
        if dtype and not dtypes.as_dtype(dtype).is_compatible_with(value.dtype):
            raise ValueError(f"Tensor conversion requested dtype {dtypes.as_dtype(dtype).name} for Tensor with "
                             f"dtype {value.dtype.name}: {value!r}")
        return value
    return convert_to_tensor(value, dtype=dtype, name=name)


@tf_export("train.assert_global_step")
def assert_global_step(global_step_tensor):
    """TypeError unless `global_step_tensor` is an integer scalar Variable or Tensor."""
    from ..variables import Variable

    if not isinstance(global_step_tensor, (Variable, Tensor)):
        raise TypeError(f'Existing "global_step" must be a Variable or Tensor: {global_step_tensor}.')
    if not global_step_tensor.dtype.base_dtype.is_integer:
        raise TypeError(f'Existing "global_step" does not have integer type: {global_step_tensor.dtype}')
    shape = global_step_tensor.get_shape()
    if shape.ndims != 0 and shape.is_fully_defined():
        raise TypeError(f'Existing "global_step" is not scalar: {shape}')


# --- ops -------------------------------------------------------------------------------------

@op("GuaranteeConst", inputs=("input",))
class GuaranteeConst:
    """Its input, promised constant over the session (TF uses the promise for optimisation only)."""

    def infer(input):
        return input.dtype.base_dtype, input.shape

    def kernel(xp, input):
        return input

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([1.0, 2.0]),), {})]


@tf_export("guarantee_const")
def guarantee_const(input, name=None):
    return GuaranteeConst(convert_to_tensor(input, name="input"), name=name or "GuaranteeConst")


@op("Timestamp", stateful=True)
class Timestamp:
    """Seconds since the epoch, as a float64 scalar, when the op runs."""

    def infer():
        return dtypes.float64, TensorShape([])

    def kernel(ctx, xp):
        return np.float64(time.time())

    grad = NOT_DIFFERENTIABLE


@tf_export("timestamp")
def timestamp(name=None):
    return Timestamp(name=name or "Timestamp")


@op("ParallelConcat", inputs=("*values",), attrs=dict(shape=None), type_attrs=dict(T="values", N="#values"))
class ParallelConcat:
    """Its inputs (each of shape [1, ...]) concatenated along dimension 0 into `shape`."""

    def infer(*values, shape):
        first = values[0]
        for i, v in enumerate(values):
            if v.dtype.base_dtype is not first.dtype.base_dtype:
                raise TypeError(f"Input 'values' of 'ParallelConcat' Op has type list of "
                                f"{', '.join(t.dtype.base_dtype.name for t in values)} that don't all match.")
            if v.shape.ndims is not None and (v.shape.ndims == 0 or v.shape.as_tuple()[0] not in (None, 1)):
                raise ValueError(f"Shape of value {i} must have 1 as its first dimension, got {v.shape}")
        return first.dtype.base_dtype, as_shape(shape)

    def kernel(xp, *values, shape):
        return xp.concatenate(values, axis=0)

    grad = NOT_DIFFERENTIABLE
    samples = [(([np.array([[1.0, 2.0]]), np.array([[3.0, 4.0]])],), dict(shape=TensorShape([2, 2])))]


@tf_export("parallel_stack")
def parallel_stack(values, name="parallel_stack"):
    """`values` stacked along a new first dimension (ParallelConcat of their expand_dims)."""
    with get_default_graph().name_scope(name):
        first = convert_to_tensor(values[0])
        shape = TensorShape([len(values)]).concatenate(first.shape)
        return ParallelConcat([array.expand_dims(v, 0) for v in values], shape=shape, name="ParallelConcat")


@tf_export("batch_gather")
def batch_gather(params, indices, name=None):
    """Gathers along the axis after the batch dimensions of `indices` (rank(indices) - 1 of them)."""
    with get_default_graph().name_scope(name or "BatchGather"):
        params = convert_to_tensor(params, name="params")
        indices = convert_to_tensor(indices, name="indices")
        if indices.shape.ndims is None:
            raise ValueError("batch_gather does not allow indices with unknown shape.")
        return array.gather(params, indices, batch_dims=indices.shape.ndims - 1)


@tf_export("no_gradient")
def no_gradient(op_type):
    """Declares ops of `op_type` to have no gradient (tf.NotDifferentiable)."""
    from ..gradients import no_gradient as declare

    return declare(op_type)
