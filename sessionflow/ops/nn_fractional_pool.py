"""Fractional pooling (Graham, 2014): FractionalMaxPool and FractionalAvgPool over NHWC images with pooling
regions of k or k+1 rows/columns (output size floor(input / ratio)), and their gradient ops. The row and column
pooling sequences come from TF's generator bit for bit: with `deterministic`, Philox seeded by (seed, seed2) afresh
each run (both zero: seeds drawn once per op), else the op's advancing random stream; the row sequence first,
each sequence reserving its own samples: `pseudo_random` draws one double u and
places boundaries at ceil(alpha * (i + u)); otherwise the k+1 gaps are shuffled as TF's RandomShuffle does."""

from __future__ import annotations

import math

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from . import philox, shape_fns
from .common import check_dtype
from .constant import convert_to_tensor

_TYPES = frozenset((dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64))
_ATTRS = dict(pooling_ratio=None, pseudo_random=False, overlapping=False, deterministic=False, seed=0, seed2=0)


class _Words:
    """TF's SingleSampleAdapter over a Philox generator: successive 32-bit outputs from `counter` on."""

    def __init__(self, key, counter):
        self.key, self.counter, self.buffer = key, counter, []

    def __call__(self) -> int:
        if not self.buffer:
            self.buffer = [int(w) for w in philox.blocks(np, self.key, self.counter, 1)[0]]
            self.counter += 1
        return self.buffer.pop(0)


def _diffs(input_length, output_length, key, counter, pseudo_random):
    """(region sizes, next counter): one pooling sequence's gaps, its samples reserved from `counter`."""
    k = input_length // output_length
    if pseudo_random:
        words = _Words(key, counter)
        x0, x1 = words(), words()
        u = np.frombuffer(((1023 << 52) | ((x0 & 0xFFFFF) << 32) | x1).to_bytes(8, "little"), np.float64)[0] - 1.0
        alpha = input_length / output_length
        max_u = min((k + 2) / alpha - 1, (input_length + 1 - k) / alpha - (output_length - 1))
        u *= max_u
        cum = [1] + [int(math.ceil(alpha * (i + u))) for i in range(1, output_length)] + [input_length + 1]
        return [cum[i + 1] - cum[i] for i in range(output_length)], counter + (2 + 3) // 4
    diff = [k + 1 if i < input_length % output_length else k for i in range(output_length)]
    words = _Words(key, counter)
    for i in range(output_length - 1):
        j = i + words() % (output_length - i)
        diff[i], diff[j] = diff[j], diff[i]
    return diff, counter + (output_length + 3) // 4


def _sequences(ctx, rows, cols, out_rows, out_cols, pseudo_random, deterministic, seed, seed2):
    """Row and column pooling sequences. Deterministic: a generator seeded afresh each run (seeds (0, 0): drawn
    once for the op); otherwise the op's own Philox stream, advancing run after run, as TF's kernel keeps it."""
    if deterministic:
        if seed == 0 and seed2 == 0:
            seed, seed2 = ctx.op_state.setdefault(
                "seeds", tuple(int(x) for x in np.random.randint(1, 2**63, size=2, dtype=np.int64)))
        key, counter = philox.seeds_to_key_counter(seed, seed2)
    else:
        if seed or seed2:
            raise errors.InvalidArgumentError(None, None, "Both seed and seed2 should be 0 if deterministic is "
                                                          "false.")
        blocks = sum(1 if pseudo_random else (n + 3) // 4 for n in (out_rows, out_cols))
        key, counter = ctx.random_stream(0, 0, blocks)
    row_diff, counter = _diffs(rows, out_rows, key, counter, pseudo_random)
    col_diff, _ = _diffs(cols, out_cols, key, counter, pseudo_random)
    return (np.concatenate([[0], np.cumsum(row_diff)]).astype(np.int64),
            np.concatenate([[0], np.cumsum(col_diff)]).astype(np.int64))


def _output_sizes(op_type, shape, pooling_ratio):
    if len(pooling_ratio) != 4:
        raise ValueError("pooling_ratio field must specify 4 dimensions")
    if pooling_ratio[0] != 1 or pooling_ratio[3] != 1:
        raise ValueError(f"{op_type} is not yet supported on the batch nor channel dimension.")
    return [d if i in (0, 3) or d is None else int(math.floor(d / pooling_ratio[i])) for i, d in enumerate(shape)]


def _regions(cum, size, overlapping):
    """[(start, end inclusive)] of each output index along one axis."""
    return [(int(cum[i]), min(int(cum[i + 1]) - (0 if overlapping else 1), size - 1)) for i in range(len(cum) - 1)]


def _check_input(op_type, value, pooling_ratio):
    if value.ndim != 4:
        raise errors.InvalidArgumentError(None, None, "tensor_in must be 4-dimensional")
    out = _output_sizes(op_type, list(value.shape), pooling_ratio)
    for i in (1, 2):
        if out[i] <= 0:
            raise errors.InvalidArgumentError(None, None, "Provided pooling_ratio is too large, output size must "
                                                          "be positive")
    return out


def _infer(op_type, value, pooling_ratio):
    check_dtype(op_type, "value", value, _TYPES)
    dims = shape_fns.with_rank(op_type, value.shape, 4).as_list()
    out = _output_sizes(op_type, dims, pooling_ratio)
    # TF's shape function gives the sequences the output's length, though they hold one more entry
    seq = [TensorShape([out[i]]) for i in (1, 2)]
    return [(value.dtype.base_dtype, TensorShape(out)), (dtypes.int64, seq[0]), (dtypes.int64, seq[1])]


def _pool(value, rows_cum, cols_cum, overlapping, reduce):
    batch, rows, cols, depth = value.shape
    row_regions, col_regions = _regions(rows_cum, rows, overlapping), _regions(cols_cum, cols, overlapping)
    out = np.zeros((batch, len(row_regions), len(col_regions), depth), value.dtype)
    for i, (r0, r1) in enumerate(row_regions):
        for j, (c0, c1) in enumerate(col_regions):
            out[:, i, j] = reduce(value[:, r0:r1 + 1, c0:c1 + 1].reshape(batch, -1, depth))
    return out


@op("FractionalMaxPool", inputs=("value",), attrs=_ATTRS, stateful=True)
class FractionalMaxPool:
    """Max over fractional pooling regions; also the row and column pooling sequences."""

    def infer(value, pooling_ratio, pseudo_random, overlapping, deterministic, seed, seed2):
        return _infer("FractionalMaxPool", value, pooling_ratio)

    def kernel(ctx, xp, value, pooling_ratio, pseudo_random, overlapping, deterministic, seed, seed2):
        out = _check_input("FractionalMaxPool", value, pooling_ratio)
        rows_cum, cols_cum = _sequences(ctx, value.shape[1], value.shape[2], out[1], out[2], pseudo_random,
                                        deterministic, seed, seed2)
        return _pool(value, rows_cum, cols_cum, overlapping, lambda w: w.max(axis=1)), rows_cum, cols_cum

    def grad(op_, grad, _, __):
        return FractionalMaxPoolGrad(op_.inputs[0], op_.outputs[0], grad, op_.outputs[1], op_.outputs[2],
                                     overlapping=op_.attrs["overlapping"])


@op("FractionalAvgPool", inputs=("value",), attrs=_ATTRS, stateful=True)
class FractionalAvgPool:
    """Mean over fractional pooling regions; also the row and column pooling sequences."""

    def infer(value, pooling_ratio, pseudo_random, overlapping, deterministic, seed, seed2):
        return _infer("FractionalAvgPool", value, pooling_ratio)

    def kernel(ctx, xp, value, pooling_ratio, pseudo_random, overlapping, deterministic, seed, seed2):
        out = _check_input("FractionalAvgPool", value, pooling_ratio)
        rows_cum, cols_cum = _sequences(ctx, value.shape[1], value.shape[2], out[1], out[2], pseudo_random,
                                        deterministic, seed, seed2)
        mean = (lambda w: w.mean(axis=1)) if value.dtype.kind == "f" else (lambda w: w.sum(axis=1) // w.shape[1])
        return _pool(value, rows_cum, cols_cum, overlapping, mean).astype(value.dtype), rows_cum, cols_cum

    def grad(op_, grad, _, __):
        from .array import shape

        return FractionalAvgPoolGrad(shape(op_.inputs[0], out_type=dtypes.int64), grad, op_.outputs[1],
                                     op_.outputs[2], overlapping=op_.attrs["overlapping"])


@op("FractionalMaxPoolGrad", inputs=("orig_input", "orig_output", "out_backprop", "row_pooling_sequence",
                                     "col_pooling_sequence"), attrs=dict(overlapping=False))
class FractionalMaxPoolGrad:
    """Each out_backprop value added at the first maximum of its pooling region."""

    def infer(orig_input, orig_output, out_backprop, row_pooling_sequence, col_pooling_sequence, overlapping):
        return orig_input.dtype.base_dtype, orig_input.shape

    def kernel(xp, orig_input, orig_output, out_backprop, row_pooling_sequence, col_pooling_sequence, overlapping):
        batch, rows, cols, depth = orig_input.shape
        result = np.zeros(orig_input.shape, orig_input.dtype)
        row_regions = _regions(row_pooling_sequence, rows, overlapping)
        col_regions = _regions(col_pooling_sequence, cols, overlapping)
        for i, (r0, r1) in enumerate(row_regions):
            for j, (c0, c1) in enumerate(col_regions):
                window = orig_input[:, r0:r1 + 1, c0:c1 + 1].reshape(batch, -1, depth)
                best = np.argmax(window, axis=1)  # [batch, depth]: the first maximum
                width = c1 - c0 + 1
                b, d = np.indices(best.shape)
                np.add.at(result, (b, r0 + best // width, c0 + best % width, d), out_backprop[:, i, j])
        return result

    grad = NOT_DIFFERENTIABLE
    samples = [((np.arange(24.0).reshape(1, 4, 3, 2), np.zeros((1, 2, 2, 2)), np.ones((1, 2, 2, 2)),
                 np.array([0, 2, 4]), np.array([0, 1, 3])), {})]


@op("FractionalAvgPoolGrad", inputs=("orig_input_tensor_shape", "out_backprop", "row_pooling_sequence",
                                     "col_pooling_sequence"), attrs=dict(overlapping=False),
    type_attrs=dict(T="out_backprop"))
class FractionalAvgPoolGrad:
    """Each out_backprop value spread evenly over its pooling region."""

    def infer(orig_input_tensor_shape, out_backprop, row_pooling_sequence, col_pooling_sequence, overlapping):
        from ..framework.registry import static_value

        value = static_value(orig_input_tensor_shape)
        return out_backprop.dtype.base_dtype, TensorShape(None if value is None else [int(v) for v in value])

    def kernel(xp, orig_input_tensor_shape, out_backprop, row_pooling_sequence, col_pooling_sequence, overlapping):
        shape = tuple(int(v) for v in orig_input_tensor_shape)
        result = np.zeros(shape, np.float64)
        row_regions = _regions(row_pooling_sequence, shape[1], overlapping)
        col_regions = _regions(col_pooling_sequence, shape[2], overlapping)
        for i, (r0, r1) in enumerate(row_regions):
            for j, (c0, c1) in enumerate(col_regions):
                size = (r1 - r0 + 1) * (c1 - c0 + 1)
                result[:, r0:r1 + 1, c0:c1 + 1] += (out_backprop[:, i, j] / size)[:, None, None, :]
        return result.astype(out_backprop.dtype)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([1, 4, 3, 2], np.int64), np.ones((1, 2, 2, 2)), np.array([0, 2, 4]), np.array([0, 1, 3])),
                {})]


def _fractional(op_def, name, value, pooling_ratio, pseudo_random, overlapping, deterministic, seed, seed2):
    with get_default_graph().name_scope(name or op_def.type) as scope:
        return op_def(convert_to_tensor(value, name="value"), pooling_ratio=[float(r) for r in pooling_ratio],
                      pseudo_random=bool(pseudo_random), overlapping=bool(overlapping),
                      deterministic=bool(deterministic), seed=int(seed), seed2=int(seed2), name=scope)


@tf_export("nn.fractional_max_pool")
def fractional_max_pool(value, pooling_ratio, pseudo_random=False, overlapping=False, deterministic=False, seed=0,
                        seed2=0, name=None):
    """(output, row_pooling_sequence, col_pooling_sequence) of fractional max pooling (TF1: seeds as given)."""
    return _fractional(FractionalMaxPool, name, value, pooling_ratio, pseudo_random, overlapping, deterministic,
                       seed, seed2)


@tf_export("nn.fractional_avg_pool")
def fractional_avg_pool(value, pooling_ratio, pseudo_random=False, overlapping=False, deterministic=False, seed=0,
                        seed2=0, name=None):
    """(output, row_pooling_sequence, col_pooling_sequence) of fractional average pooling (TF1: seeds as given)."""
    return _fractional(FractionalAvgPool, name, value, pooling_ratio, pseudo_random, overlapping, deterministic,
                       seed, seed2)
