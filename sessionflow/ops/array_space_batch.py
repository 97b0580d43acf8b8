"""SpaceToBatchND and BatchToSpaceND (`tf.space_to_batch_nd`, `tf.batch_to_space_nd`, the TF1 square-block
`tf.space_to_batch` / `tf.batch_to_space`) and `tf.required_space_to_batch_paddings`.

SpaceToBatchND zero-pads the M spatial dimensions after the batch dimension, then moves each block of
`block_shape` positions into the batch dimension (block offsets outermost); BatchToSpaceND inverts it and
crops. Each is the other's gradient.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op, static_value
from ..framework.tensor_shape import TensorShape
from . import shape_fns
from .common import check_dtype, shape_str
from .constant import constant, convert_to_tensor
from .logging_ops import summarize_v1

_INDEX_TYPES = (dtypes.int32, dtypes.int64)


def _dims(values) -> str:
    return "[" + ",".join(str(int(v)) for v in values) + "]"


def _block_dims(op_type: str, block_shape: Tensor) -> int | None:
    """The number of block dimensions; None when block_shape's size is unknown (TF's shape function rejects
    that; sessionflow leaves the output shape unknown and checks at run time)."""
    if block_shape.shape.ndims != 1:
        raise ValueError(f"block_shape must have rank 1. for '{op_type}'")
    return block_shape.shape.as_list()[0]


def _evenly(op_type: str, size, divisor: int):
    if size is None:
        return None
    if size % divisor:
        raise ValueError(f"Dimension size must be evenly divisible by {divisor} but is {size} for '{op_type}'")
    return size // divisor


def _static(t: Tensor):
    value = static_value(t)
    return None if value is None else np.asarray(value, np.int64)


def _infer(op_type: str, input, block_shape, amounts, to_batch: bool):
    """TF's shape function, its errors listing the inputs it read as constants, as TF's do."""
    try:
        return _infer_shape(op_type, input, block_shape, amounts, to_batch)
    except ValueError as e:
        known = [(i, static_value(t)) for i, t in ((1, block_shape), (2, amounts))]
        computed = ", ".join(f"input[{i}] = <{summarize_v1(v, 256)}>" for i, v in known if v is not None)
        message = e.args[0]
        if computed and message.endswith(f" for '{op_type}'") and message.startswith(_VALUE_ERRORS):
            shapes = ", ".join(shape_str(t.shape) for t in (input, block_shape, amounts))
            message += f" with input shapes: {shapes} and with computed input tensors: {computed}."
        raise ValueError(message) from None


# Errors TF's shape function raises from the values of block_shape and paddings/crops (after it has read
# them, so TF's message lists them); structural errors come first and do not.
_VALUE_ERRORS = ("block_shape must be positive", "paddings cannot", "crops cannot", "Dimension size must be evenly",
                 "Negative dimension size")


def _infer_shape(op_type: str, input, block_shape, amounts, to_batch: bool):
    """TF's SpaceToBatchShapeHelper / BatchToSpaceShapeHelper (`amounts` are paddings or crops)."""
    check_dtype(op_type, "block_shape", block_shape, _INDEX_TYPES)
    check_dtype(op_type, "paddings" if to_batch else "crops", amounts, _INDEX_TYPES)
    m = _block_dims(op_type, block_shape)
    if m is None:
        return input.dtype.base_dtype, TensorShape(None)
    shape = shape_fns.with_rank_at_least(op_type, input.shape, m + 1)
    shape_fns.merge(op_type, amounts.shape, TensorShape([m, 2]))
    block, extra = _static(block_shape), _static(amounts)
    word = "paddings" if to_batch else "crops"
    if block is not None and block.size and np.any(block < 1):
        raise ValueError(f"block_shape must be positive for '{op_type}'")
    if extra is not None and extra.size and np.any(extra < 0):
        raise ValueError(f"{word} cannot be negative for '{op_type}'")
    if shape.ndims is None:
        return input.dtype.base_dtype, TensorShape(None)
    dims = shape.as_list()
    batch = dims[0] if m == 0 else None
    if block is not None and dims[0] is not None:
        product = int(np.prod(block))
        batch = dims[0] * product if to_batch else _evenly(op_type, dims[0], product)
    spatial = [None] * m
    if block is not None and extra is not None:
        for i in range(m):
            size = dims[i + 1]
            if size is None:
                continue
            if to_batch:
                spatial[i] = _evenly(op_type, size + int(extra[i, 0]) + int(extra[i, 1]), int(block[i]))
            else:
                spatial[i] = size * int(block[i]) - int(extra[i, 0]) - int(extra[i, 1])
                if spatial[i] < 0:
                    raise ValueError(f"Negative dimension size caused by subtracting {int(extra[i, 0] + extra[i, 1])} "
                                     f"from {size * int(block[i])} for '{op_type}'")
    return input.dtype.base_dtype, TensorShape([batch] + spatial + dims[m + 1:])


def _check_runtime(input, block_shape, amounts, word: str):
    m = block_shape.size
    if block_shape.ndim != 1:
        raise errors.InvalidArgumentError(None, None, f"block_shape must be 1-D, not {_dims(block_shape.shape)}")
    if input.ndim < 1 + m:
        raise errors.InvalidArgumentError(None, None, f"input rank should be >= {1 + m} instead of {input.ndim}")
    if amounts.shape != (m, 2):
        raise errors.InvalidArgumentError(None, None, f"{word} should have shape [{m}, 2] instead of "
                                                      f"{_dims(amounts.shape)}")
    if np.any(block_shape < 1):
        raise errors.InvalidArgumentError(None, None, f"All values in block_shape must be positive, got value, "
                                                      f"{int(block_shape[np.argmax(block_shape < 1)])} instead.")
    if np.any(amounts < 0):
        raise errors.InvalidArgumentError(None, None, f"{word.capitalize()} must be non-negative" if word == "crops"
                                          else "Negative paddings")


@op("SpaceToBatchND", inputs=("input", "block_shape", "paddings"),
    type_attrs=dict(T="input", Tblock_shape="block_shape", Tpaddings="paddings"))
class SpaceToBatchND:
    """[batch, *spatial, *rest] -> [batch * prod(block), *(padded spatial / block), *rest]."""

    def infer(input, block_shape, paddings):
        return _infer("SpaceToBatchND", input, block_shape, paddings, to_batch=True)

    def kernel(xp, input, block_shape, paddings):
        _check_runtime(input, block_shape, paddings, "paddings")
        m = block_shape.size
        block = [int(b) for b in block_shape]
        pad = [(0, 0)] + [(int(a), int(b)) for a, b in paddings] + [(0, 0)] * (input.ndim - 1 - m)
        padded = xp.pad(input, pad)
        for i in range(m):
            if padded.shape[i + 1] % block[i]:
                raise errors.InvalidArgumentError(None, None, f"padded_shape[{i}]={padded.shape[i + 1]} is not "
                                                              f"divisible by block_shape[{i}]={block[i]}")
        batch, rest = padded.shape[0], padded.shape[m + 1:]
        split = [batch] + [d for i in range(m) for d in (padded.shape[i + 1] // block[i], block[i])] + list(rest)
        order = [2 + 2 * i for i in range(m)] + [0] + [1 + 2 * i for i in range(m)] + \
                list(range(1 + 2 * m, 1 + 2 * m + len(rest)))
        moved = xp.transpose(padded.reshape(split), order)
        return moved.reshape([batch * int(np.prod(block))] + [padded.shape[i + 1] // block[i] for i in range(m)]
                             + list(rest))

    def grad(op_, grad):
        _, block_shape, paddings = op_.inputs
        return batch_to_space_nd(grad, block_shape, paddings), None, None

    samples = [((np.arange(32.0).reshape(2, 4, 2, 2), np.array([2, 2], np.int32), np.array([[0, 0], [1, 1]],
                                                                                         np.int32)), {}),
               ((np.arange(15.0).reshape(1, 5, 3), np.array([3], np.int64), np.array([[1, 0]], np.int32)), {}),
               ((np.arange(8, dtype=np.int32).reshape(1, 2, 4, 1), np.array([1, 2], np.int32),
                 np.zeros((2, 2), np.int32)), {})]


@op("BatchToSpaceND", inputs=("input", "block_shape", "crops"),
    type_attrs=dict(T="input", Tblock_shape="block_shape", Tcrops="crops"))
class BatchToSpaceND:
    """[batch * prod(block), *spatial, *rest] -> [batch, *(spatial * block - crops), *rest]."""

    def infer(input, block_shape, crops):
        return _infer("BatchToSpaceND", input, block_shape, crops, to_batch=False)

    def kernel(xp, input, block_shape, crops):
        _check_runtime(input, block_shape, crops, "crops")
        m = block_shape.size
        block = [int(b) for b in block_shape]
        product = int(np.prod(block))
        if input.shape[0] % product:
            raise errors.InvalidArgumentError(None, None, f"Input batch dimension ({input.shape[0]}) is not "
                                                          f"divisible by product of block sizes ({product})")
        batch, spatial, rest = input.shape[0] // product, input.shape[1:m + 1], input.shape[m + 1:]
        for i in range(m):
            if spatial[i] * block[i] - int(crops[i, 0]) - int(crops[i, 1]) < 0:
                raise errors.InvalidArgumentError(None, None, f"Crops must be non-negative and less than the "
                                                              f"spatial size, got {_dims(crops[i])}")
        split = block + [batch] + list(spatial) + list(rest)
        order = [m] + [d for i in range(m) for d in (m + 1 + i, i)] + list(range(2 * m + 1, 2 * m + 1 + len(rest)))
        moved = xp.transpose(input.reshape(split), order)
        full = moved.reshape([batch] + [spatial[i] * block[i] for i in range(m)] + list(rest))
        index = (slice(None),) + tuple(slice(int(crops[i, 0]), full.shape[i + 1] - int(crops[i, 1]))
                                       for i in range(m))
        return full[index]

    def grad(op_, grad):
        _, block_shape, crops = op_.inputs
        return space_to_batch_nd(grad, block_shape, crops), None, None

    samples = [((np.arange(32.0).reshape(8, 2, 1, 2), np.array([2, 2], np.int32), np.array([[0, 0], [1, 0]],
                                                                                         np.int32)), {}),
               ((np.arange(12.0).reshape(3, 2, 2), np.array([3], np.int64), np.array([[1, 2]], np.int32)), {}),
               ((np.arange(8, dtype=np.int32).reshape(2, 1, 2, 2), np.array([1, 2], np.int32),
                 np.zeros((2, 2), np.int32)), {})]


def _int_input(value, name: str) -> Tensor:
    return value if isinstance(value, Tensor) else convert_to_tensor(value, name=name, preferred_dtype=dtypes.int32)


@tf_export("space_to_batch_nd", "manip.space_to_batch_nd")
def space_to_batch_nd(input, block_shape, paddings, name=None) -> Tensor:
    """`tf.space_to_batch_nd`: spatial blocks of `block_shape` moved into the batch dimension."""
    with get_default_graph().name_scope(name or "SpaceToBatchND") as scope:
        input = convert_to_tensor(input, name="input")
        block_shape = _int_input(block_shape, "block_shape")
        paddings = _int_input(paddings, "paddings")
        return SpaceToBatchND(input, block_shape, paddings, name=scope)


@tf_export("batch_to_space_nd", "manip.batch_to_space_nd")
def batch_to_space_nd(input, block_shape, crops, name=None) -> Tensor:
    """`tf.batch_to_space_nd`: the inverse of space_to_batch_nd, then `crops` removed."""
    with get_default_graph().name_scope(name or "BatchToSpaceND") as scope:
        input = convert_to_tensor(input, name="input")
        block_shape = _int_input(block_shape, "block_shape")
        crops = _int_input(crops, "crops")
        return BatchToSpaceND(input, block_shape, crops, name=scope)


def _with_rank_4(result: Tensor) -> Tensor:
    if result.shape.ndims not in (None, 4):
        raise ValueError(f"Shape {result.shape} must have rank 4")
    if result.shape.ndims is None:
        result.set_shape(TensorShape([None] * 4))
    return result


@tf_export("space_to_batch", "nn.space_to_batch")
def space_to_batch(input, paddings, block_size=None, name=None, block_shape=None) -> Tensor:
    """TF1 `tf.space_to_batch`: square `block_size` blocks of the two spatial dims of an NHWC tensor."""
    block_size = block_shape if block_size is None else block_size
    return _with_rank_4(space_to_batch_nd(input, np.array([block_size, block_size], np.int64), paddings, name=name))


@tf_export("batch_to_space")
def batch_to_space(input, crops, block_size, name=None, block_shape=None) -> Tensor:
    """TF1 `tf.batch_to_space`: the inverse of `tf.space_to_batch`."""
    block_size = block_shape if block_size is None else block_size
    return _with_rank_4(batch_to_space_nd(input, np.array([block_size, block_size], np.int64), crops, name=name))


def autopack(values, name: str, dtype=None):
    """`tf.stack(values, name=name)` on nested lists as TF converts them: one Const when nothing in them is a
    Tensor, else Pack ops named after the scope (`name`, `name/0`, ...) with constants `name/0/1` for Python
    values (TF's `_autopacking_helper`)."""
    from .array import Pack

    def has_tensor(v):
        return isinstance(v, Tensor) or (isinstance(v, (list, tuple)) and any(has_tensor(e) for e in v))

    def first_dtype(v):
        if isinstance(v, Tensor):
            return v.dtype.base_dtype
        for e in v if isinstance(v, (list, tuple)) else ():
            found = first_dtype(e)
            if found is not None:
                return found
        return None

    if not has_tensor(values):
        return convert_to_tensor(values, dtype=dtype, name=name)
    dtype = dtype or first_dtype(values)

    def helper(items, scope_name):
        with get_default_graph().name_scope(scope_name) as scope:
            elements = []
            for i, item in enumerate(items):
                if isinstance(item, Tensor):
                    elements.append(item)
                elif isinstance(item, (list, tuple)) and has_tensor(item):
                    elements.append(helper(item, str(i)))
                else:
                    elements.append(constant(item, dtype=dtype, name=str(i)))
            return Pack(elements, axis=0, name=scope)

    return helper(values, name)


@tf_export("required_space_to_batch_paddings")
def required_space_to_batch_paddings(input_shape, block_shape, base_paddings=None, name=None):
    """`tf.required_space_to_batch_paddings`: (paddings, crops) making the padded `input_shape` (plus
    `base_paddings`) divisible by `block_shape`; constants when the inputs are known statically."""
    from .array import zeros

    with get_default_graph().name_scope(name or "required_space_to_batch_paddings"):
        input_shape = convert_to_tensor(input_shape, dtype=dtypes.int32, name="input_shape")
        block_shape = convert_to_tensor(block_shape, dtype=dtypes.int32, name="block_shape")
        if not block_shape.shape.is_fully_defined():
            raise ValueError(f"Shape {block_shape.shape} is not fully defined")
        if block_shape.shape.ndims != 1:
            raise ValueError(f"Shape {block_shape.shape} must have rank 1")
        m = block_shape.shape.as_list()[0]
        if m == 0:
            return zeros([0, 2], dtypes.int32), zeros([0, 2], dtypes.int32)
        input_shape.shape.assert_is_compatible_with([m])
        if base_paddings is not None:
            base_paddings = convert_to_tensor(base_paddings, dtype=dtypes.int32, name="base_paddings")
            base_paddings.shape.assert_is_compatible_with([m, 2])
        else:
            base_paddings = zeros([m, 2], dtypes.int32)
        known = [static_value(t) for t in (block_shape, input_shape, base_paddings)]
        if all(v is not None for v in known):
            block_shape, input_shape, base_paddings = (np.asarray(v, np.int32) for v in known)
        pad_start, orig_pad_end = base_paddings[:, 0], base_paddings[:, 1]
        full_input_shape = input_shape + pad_start + orig_pad_end
        pad_end_extra = (block_shape - full_input_shape % block_shape) % block_shape
        pad_end = orig_pad_end + pad_end_extra
        paddings = autopack([[pad_start[i], pad_end[i]] for i in range(m)], name="paddings")
        crops = autopack([[0, pad_end_extra[i]] for i in range(m)], name="crops")
        return paddings, crops


