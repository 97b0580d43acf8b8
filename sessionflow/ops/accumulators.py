"""Conditional accumulators (`tf.ConditionalAccumulator`, `tf.SparseConditionalAccumulator`): session
resources that sum the gradients workers apply, drop stale ones, and hand out their mean (or sum) once enough
have arrived — the aggregation step of TF1's synchronous replica training.

The rules are TF's (conditional_accumulator_base): the accumulator keeps a global step, starting at 0; a
gradient applied with `local_step` below it is dropped silently; `take_grad(n)` waits until `n` gradients
are in, returns their mean (MEAN) or sum (SUM), empties the accumulator and adds one to the global step;
`set_global_step` overrides it. Takers are served in the order they arrived. The sparse accumulator merges
each IndexedSlices gradient into its own with TF's merge of index lists it assumes sorted (unsorted indices
give TF's result, duplicates and all), and its MEAN divides each row by the number of gradients that had it.

`tf.ConditionalAccumulator` makes TF 2.x's resource ops (ResourceConditionalAccumulator, ...), as
`tf.compat.v1` does; `tf.SparseConditionalAccumulator` TF's reference-handle ops (SparseConditionalAccumulator,
AccumulatorNumAccumulated, ...).
"""

from __future__ import annotations

import collections
import threading

import numpy as np

from ..framework import dtypes as _dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape, as_shape
from ..runtime.state import NOT_VARIABLE_WRITERS
from .constant import convert_to_tensor
from .indexed_slices import IndexedSlices
from .queues import handle_key, resource_handle

_REDUCTIONS = ("MEAN", "SUM")
_KERNEL_DTYPES = (_dtypes.float16, _dtypes.float32, _dtypes.float64)  # TF's CPU kernels
NOT_VARIABLE_WRITERS.update(("ResourceAccumulatorApplyGradient", "ResourceAccumulatorSetGlobalStep",
                             "AccumulatorSetGlobalStep", "SparseAccumulatorApplyGradient"))


def _dims_text(shape) -> str:
    return "[" + ",".join("?" if d is None else str(d) for d in shape) + "]" if shape is not None else "<unknown>"


class _Accumulator:
    """The state both kinds share: the count, the global step, the waiting takers (first come, first served)."""

    def __init__(self, name, dtype, shape, reduction):
        self.name, self.dtype, self.reduction = name, dtype, reduction
        self.shape = shape  # a tuple with None for unknown dimensions, or None for an unknown rank
        self.condition = threading.Condition()
        self.counter = 0
        self.global_step = 0
        self._takers: collections.deque = collections.deque()

    def apply(self, local_step: int, grad) -> None:
        with self.condition:
            if local_step >= self.global_step:
                self.validate(grad)
                self.add(grad) if self.counter else self.assign(grad)
                self.counter += 1
                self.condition.notify_all()

    def take(self, ctx, num_required: int):
        if num_required <= 0:
            raise errors.InvalidArgumentError(None, None, f"Argument num_required must be positive, but was "
                                                          f"{num_required}")
        with self.condition:
            ticket = object()
            self._takers.append(ticket)
            try:
                ctx.wait_until(self.condition, lambda: self._takers[0] is ticket and self.counter >= num_required)
                self.global_step += 1
                result = self.result()
                self.counter = 0
                return result
            finally:
                self._takers.remove(ticket)
                self.condition.notify_all()

    def set_global_step(self, step: int) -> None:
        with self.condition:
            self.global_step = step  # TF only warns when the step goes back

    def cancel(self) -> None:
        with self.condition:
            self.condition.notify_all()

    def _compatible(self, shape) -> bool:
        return self.shape is None or (len(self.shape) == len(shape) and all(
            d is None or d == g for d, g in zip(self.shape, shape)))


class DenseAccumulator(_Accumulator):
    def validate(self, grad) -> None:
        if self.counter and grad.shape != self.sum.shape:
            raise errors.InvalidArgumentError(None, None, f"Shape mismatch: expected {_dims_text(self.sum.shape)}"
                                                          f", got {_dims_text(grad.shape)}")
        if not self._compatible(grad.shape):
            raise errors.InvalidArgumentError(None, None, f"Shape mismatch: expected {_dims_text(self.shape)}, "
                                                          f"got {_dims_text(grad.shape)}")

    def assign(self, grad) -> None:
        self.sum = np.array(grad, copy=True)

    def add(self, grad) -> None:
        self.sum += grad

    def result(self):
        if self.reduction == "MEAN":
            self.sum = (self.sum / self.sum.dtype.type(self.counter)).astype(self.sum.dtype, copy=False)
        return self.sum


class SparseAccumulator(_Accumulator):
    def validate(self, grad) -> None:
        indices, values, dense_shape = grad
        if indices.ndim != 1:
            raise errors.InvalidArgumentError(None, None, "Input indices should be vector but received shape: "
                                                          f"{_dims_text(indices.shape)}")
        if values.ndim == 0:
            raise errors.InvalidArgumentError(None, None, "Values cannot be 0-dimensional.")
        if values.shape[0] != indices.shape[0]:
            raise errors.InvalidArgumentError(None, None, f"Expected {indices.shape[0]} non-empty input values, "
                                                          f"got {values.shape[0]}")
        shape = self.shape
        rank = len(shape) if shape is not None else 0
        if dense_shape is not None:
            if rank > dense_shape.size:
                raise errors.InvalidArgumentError(None, None, f"Shape mismatch: expected shape rank at least "
                                                              f"{rank}, got {dense_shape.size}")
            for i in range(rank):
                if shape[i] is not None and shape[i] != dense_shape[i]:
                    raise errors.InvalidArgumentError(None, None, f"Shape mismatch: expected shape dim {i} to be "
                                                                  f"{shape[i]}, got {dense_shape[i]}")
        if rank and shape[0] is not None:
            beyond = np.flatnonzero(indices >= shape[0])
            if len(beyond):
                i = int(beyond[0])
                raise errors.InvalidArgumentError(None, None, f"Shape mismatch: index of slice {i} exceeded limits "
                                                              f"of shape; index is {indices[i]} exceeded {shape[0]}")
        if self.counter:
            if self.values.ndim != values.ndim:
                raise errors.InvalidArgumentError(None, None, f"Shape mismatch: expected values rank "
                                                              f"{self.values.ndim}, got {values.ndim}")
            against = self.values.shape
        else:
            if rank > values.ndim:
                raise errors.InvalidArgumentError(None, None, f"Shape mismatch: expected values rank at least "
                                                              f"{rank}, got {values.ndim}")
            against = shape if shape is not None else ()
        for i in range(1, len(against)):
            if against[i] is not None and against[i] != values.shape[i]:
                raise errors.InvalidArgumentError(None, None, f"Shape mismatch: expected values dim {i} to be "
                                                              f"{against[i]}, got {values.shape[i]}")

    def assign(self, grad) -> None:
        indices, values, _ = grad
        self.indices = np.array(indices, dtype=np.int64)
        self.values = np.array(values, copy=True)
        self.counts = np.ones(len(indices), dtype=np.int64)

    def add(self, grad) -> None:
        """TF's merge of two index lists, each assumed sorted: equal heads add, else the smaller goes first."""
        indices, values, _ = grad
        mine, theirs = self.indices.tolist(), indices.tolist()
        out_index, rows, counts = [], [], []
        i = j = 0
        while i < len(mine) or j < len(theirs):
            if j == len(theirs) or (i < len(mine) and mine[i] < theirs[j]):
                out_index.append(mine[i]), rows.append(self.values[i]), counts.append(self.counts[i])
                i += 1
            elif i == len(mine) or mine[i] > theirs[j]:
                out_index.append(theirs[j]), rows.append(values[j]), counts.append(1)
                j += 1
            else:
                out_index.append(mine[i]), rows.append(self.values[i] + values[j]), counts.append(self.counts[i] + 1)
                i += 1
                j += 1
        self.indices = np.array(out_index, dtype=np.int64)
        self.values = np.stack(rows).astype(self.values.dtype, copy=False) if rows else self.values[:0]
        self.counts = np.array(counts, dtype=np.int64)

    def result(self):
        values = self.values
        if self.reduction == "MEAN" and len(values):
            per_row = self.counts.astype(values.dtype).reshape((-1,) + (1,) * (values.ndim - 1))
            values = (values / per_row).astype(values.dtype, copy=False)
        first = self.shape[0] if self.shape else None
        shape = np.array([-1 if first is None else first, *values.shape[1:]], dtype=np.int64)
        return self.indices.copy(), values, shape


def _of(ctx, handle, kind=_Accumulator) -> _Accumulator:
    accumulator = ctx.resource(handle_key(handle))
    if not isinstance(accumulator, kind):
        raise errors.InvalidArgumentError(None, None, f"Resource {handle_key(handle)} is not a conditional "
                                                      "accumulator")
    return accumulator


def _handle_kernel(cls):
    def kernel(ctx, xp, dtype, shape, container, shared_name, reduction_type):
        if dtype not in _KERNEL_DTYPES:
            raise errors.InvalidArgumentError(
                None, None, f"No OpKernel was registered to support Op '{ctx.op.type}' with these attrs: "
                            f"[dtype=DT_{dtype.name.upper()}]; registered: dtype in [DT_HALF, DT_FLOAT, DT_DOUBLE]")
        dims = None if shape is None or shape.ndims is None else tuple(shape.as_list())
        return resource_handle(ctx, shared_name, lambda name: cls(name, dtype, dims, reduction_type))

    return kernel


def _check_reduction(op_type: str, reduction_type: str) -> None:
    if reduction_type not in _REDUCTIONS:
        raise ValueError(f"Attr 'reduction_type' of '{op_type}' Op passed string '{reduction_type}' not in: "
                         '"MEAN", "SUM".')


_HANDLE_ATTRS = dict(dtype=None, shape=None, container="", shared_name="", reduction_type="MEAN")


@op("ResourceConditionalAccumulator", attrs=_HANDLE_ATTRS, stateful=True, type_attrs={})
class ResourceConditionalAccumulator:
    """A dense conditional accumulator's resource handle."""

    def infer(dtype, shape, container, shared_name, reduction_type):
        _check_reduction("ResourceConditionalAccumulator", reduction_type)
        return _dtypes.resource, []

    kernel = _handle_kernel(DenseAccumulator)
    grad = NOT_DIFFERENTIABLE


@op("SparseConditionalAccumulator", attrs=_HANDLE_ATTRS, stateful=True, type_attrs={})
class SparseConditionalAccumulatorOp:
    """A sparse conditional accumulator's handle (TF's reference string)."""

    def infer(dtype, shape, container, shared_name, reduction_type):
        _check_reduction("SparseConditionalAccumulator", reduction_type)
        return _dtypes.string._as_ref, [2]

    kernel = _handle_kernel(SparseAccumulator)
    grad = NOT_DIFFERENTIABLE


@op("ResourceAccumulatorApplyGradient", inputs=("handle", "local_step", "gradient"), stateful=True,
    type_attrs={"dtype": "gradient"})
class ResourceAccumulatorApplyGradient:
    """Adds a gradient to the accumulator unless it is stale."""

    def infer(handle, local_step, gradient):
        return []

    def kernel(ctx, xp, handle, local_step, gradient):
        _of(ctx, handle, DenseAccumulator).apply(int(local_step), np.asarray(gradient))
        return []

    grad = NOT_DIFFERENTIABLE


@op("SparseAccumulatorApplyGradient",
    inputs=("handle", "local_step", "gradient_indices", "gradient_values", "gradient_shape"),
    attrs=dict(has_known_shape=False), stateful=True, type_attrs={"dtype": "gradient_values"})
class SparseAccumulatorApplyGradient:
    """Merges an IndexedSlices gradient into the accumulator unless it is stale."""

    def infer(handle, local_step, gradient_indices, gradient_values, gradient_shape, has_known_shape):
        return []

    def kernel(ctx, xp, handle, local_step, gradient_indices, gradient_values, gradient_shape, has_known_shape):
        grad = (np.asarray(gradient_indices, dtype=np.int64), np.asarray(gradient_values),
                np.asarray(gradient_shape, dtype=np.int64).reshape(-1) if has_known_shape else None)
        _of(ctx, handle, SparseAccumulator).apply(int(local_step), grad)
        return []

    grad = NOT_DIFFERENTIABLE


@op("ResourceAccumulatorTakeGradient", inputs=("handle", "num_required"), attrs=dict(dtype=None),
    stateful=True, type_attrs={})
class ResourceAccumulatorTakeGradient:
    """Waits for `num_required` gradients; returns their mean (or sum) and starts over at the next step."""

    def infer(handle, num_required, dtype):
        return dtype, None

    def kernel(ctx, xp, handle, num_required, dtype):
        return _of(ctx, handle, DenseAccumulator).take(ctx, int(num_required))

    grad = NOT_DIFFERENTIABLE


@op("SparseAccumulatorTakeGradient", inputs=("handle", "num_required"), attrs=dict(dtype=None),
    stateful=True, type_attrs={})
class SparseAccumulatorTakeGradient:
    """The sparse form of take: (indices, values, shape)."""

    def infer(handle, num_required, dtype):
        return [(_dtypes.int64, TensorShape([None])), (dtype, TensorShape(None)), (_dtypes.int64, TensorShape([None]))]

    def kernel(ctx, xp, handle, num_required, dtype):
        return list(_of(ctx, handle, SparseAccumulator).take(ctx, int(num_required)))

    grad = NOT_DIFFERENTIABLE


def _num_accumulated_kernel(ctx, xp, handle):
    return np.int32(_of(ctx, handle).counter)


def _set_global_step_kernel(ctx, xp, handle, new_global_step):
    _of(ctx, handle).set_global_step(int(new_global_step))
    return []


@op("ResourceAccumulatorNumAccumulated", inputs=("handle",), stateful=True, type_attrs={})
class ResourceAccumulatorNumAccumulated:
    """How many gradients the accumulator holds now."""

    def infer(handle):
        return _dtypes.int32, []

    kernel = _num_accumulated_kernel
    grad = NOT_DIFFERENTIABLE


@op("AccumulatorNumAccumulated", inputs=("handle",), stateful=True, type_attrs={})
class AccumulatorNumAccumulated:
    """How many gradients the (reference-handle) accumulator holds now."""

    def infer(handle):
        return _dtypes.int32, []

    kernel = _num_accumulated_kernel
    grad = NOT_DIFFERENTIABLE


@op("ResourceAccumulatorSetGlobalStep", inputs=("handle", "new_global_step"), stateful=True, type_attrs={})
class ResourceAccumulatorSetGlobalStep:
    """Sets the accumulator's global step."""

    def infer(handle, new_global_step):
        return []

    kernel = _set_global_step_kernel
    grad = NOT_DIFFERENTIABLE


@op("AccumulatorSetGlobalStep", inputs=("handle", "new_global_step"), stateful=True, type_attrs={})
class AccumulatorSetGlobalStep:
    """Sets the (reference-handle) accumulator's global step."""

    def infer(handle, new_global_step):
        return []

    kernel = _set_global_step_kernel
    grad = NOT_DIFFERENTIABLE


# --- the TF1 classes --------------------------------------------------------------------------------------


def _int64(value, name) -> Tensor:
    from .math import cast

    return cast(convert_to_tensor(value, name=name), _dtypes.int64)


@tf_export("ConditionalAccumulatorBase")
class ConditionalAccumulatorBase:
    """What both accumulators share: the handle, `num_accumulated`, `set_global_step`."""

    def __init__(self, dtype, shape, accumulator_ref):
        self._dtype = _dtypes.as_dtype(dtype)
        self._shape = as_shape(shape) if shape is not None else TensorShape(None)
        self._accumulator_ref = accumulator_ref
        self._name = accumulator_ref.op.name

    @property
    def accumulator_ref(self) -> Tensor:
        return self._accumulator_ref

    @property
    def name(self) -> str:
        return self._name

    @property
    def dtype(self):
        return self._dtype

    def num_accumulated(self, name=None) -> Tensor:
        if name is None:
            name = f"{self._name}_NumAccumulated"
        if self._accumulator_ref.dtype == _dtypes.resource:
            return ResourceAccumulatorNumAccumulated(self._accumulator_ref, name=name)
        return AccumulatorNumAccumulated(self._accumulator_ref, name=name)

    def set_global_step(self, new_global_step, name=None):
        step = _int64(new_global_step, "new_global_step")
        if self._accumulator_ref.dtype == _dtypes.resource:
            return ResourceAccumulatorSetGlobalStep(self._accumulator_ref, step, name=name)
        return AccumulatorSetGlobalStep(self._accumulator_ref, step, name=name)


@tf_export("ConditionalAccumulator")
class ConditionalAccumulator(ConditionalAccumulatorBase):
    """Sums dense gradients applied at the current global step; `take_grad(n)` waits for n and returns their
    mean (reduction_type "MEAN") or sum ("SUM")."""

    def __init__(self, dtype, shape=None, shared_name=None, name="conditional_accumulator", reduction_type="MEAN"):
        shape = as_shape(shape) if shape is not None else TensorShape(None)
        ref = ResourceConditionalAccumulator(dtype=_dtypes.as_dtype(dtype), shape=shape,
                                             shared_name=shared_name or "", reduction_type=reduction_type,
                                             name=name)
        super().__init__(dtype, shape, ref)

    def apply_grad(self, grad, local_step=0, name=None):
        grad = convert_to_tensor(grad, self._dtype)
        grad.shape.assert_is_compatible_with(self._shape)
        return ResourceAccumulatorApplyGradient(self._accumulator_ref, _int64(local_step, "local_step"), grad,
                                                name=name)

    def take_grad(self, num_required, name=None) -> Tensor:
        with get_default_graph().name_scope(name or "ResourceAccumulatorTakeGradient") as scope:
            num_required = convert_to_tensor(num_required, _dtypes.int32, name="num_required")
            out = ResourceAccumulatorTakeGradient(self._accumulator_ref, num_required, dtype=self._dtype, name=scope)
        out.set_shape(self._shape)
        return out


_SparseTaken = collections.namedtuple("SparseAccumulatorTakeGradient", ["indices", "values", "shape"])


@tf_export("SparseConditionalAccumulator", "sparse.SparseConditionalAccumulator")
class SparseConditionalAccumulator(ConditionalAccumulatorBase):
    """Accumulates IndexedSlices gradients; MEAN divides each row by the number of gradients that had it."""

    def __init__(self, dtype, shape=None, shared_name=None, name="sparse_conditional_accumulator",
                 reduction_type="MEAN"):
        shape = as_shape(shape) if shape is not None else TensorShape(None)
        ref = SparseConditionalAccumulatorOp(dtype=_dtypes.as_dtype(dtype), shape=shape,
                                             shared_name=shared_name or "", reduction_type=reduction_type,
                                             name=name)
        super().__init__(dtype, shape, ref)

    def apply_indexed_slices_grad(self, grad, local_step=0, name=None):
        return self.apply_grad(grad_indices=grad.indices, grad_values=grad.values, grad_shape=grad.dense_shape,
                               local_step=local_step, name=name)

    def apply_grad(self, grad_indices, grad_values, grad_shape=None, local_step=0, name=None):
        values = convert_to_tensor(grad_values, self._dtype)
        shape = _int64([] if grad_shape is None else grad_shape, "grad_shape")
        return SparseAccumulatorApplyGradient(self._accumulator_ref, _int64(local_step, "local_step"),
                                              _int64(grad_indices, "grad_indices"), values, shape,
                                              has_known_shape=grad_shape is not None, name=name)

    def take_grad(self, num_required, name=None):
        with get_default_graph().name_scope(name or "SparseAccumulatorTakeGradient") as scope:
            num_required = convert_to_tensor(num_required, _dtypes.int32, name="num_required")
            outputs = SparseAccumulatorTakeGradient(self._accumulator_ref, num_required, dtype=self._dtype,
                                                    name=scope)
        return _SparseTaken(*outputs)

    def take_indexed_slices_grad(self, num_required, name=None) -> IndexedSlices:
        taken = self.take_grad(num_required, name=name)
        return IndexedSlices(indices=taken.indices, values=taken.values, dense_shape=taken.shape)
