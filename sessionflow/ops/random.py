"""Stateful random ops, bit-exact with TensorFlow's CPU kernels (see shared/spec/random.md).

Each op owns a Philox stream per session, keyed by its resolved (seed, seed2); every execution draws
new values. The public wrappers build the same ops, in the same order, with the same names as TF.
"""

from __future__ import annotations

from ..framework import dtypes, errors
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from ..framework.seeds import get_seed
from . import philox
from .array import _shape_from_value
from .common import FLOATS, INTS, check_dtype
from .constant import convert_to_tensor
from .math import add, multiply, subtract

_SHAPE_TYPES = frozenset([dtypes.int32, dtypes.int64])


def _dims(shape_array) -> tuple:
    dims = tuple(int(d) for d in shape_array.reshape(-1))
    if any(d < 0 for d in dims):
        raise errors.InvalidArgumentError(None, None, f"Shape {list(dims)} must have non-negative dimensions")
    return dims


def _float_sampler(type_name: str, sample):
    """Declares a float sampling op of one `shape` input with `sample(xp, key, base, dims, np_dtype)`."""

    def infer(shape, dtype, seed, seed2):
        check_dtype(type_name, "shape", shape, _SHAPE_TYPES)
        if dtype not in FLOATS - {dtypes.bfloat16}:
            raise TypeError(f"Value passed to parameter 'dtype' has DataType {dtype.name} not in list of "
                            "allowed values: half, float32, float64")
        return dtype, _shape_from_value(shape, "shape")

    def kernel(ctx, xp, shape, dtype, seed, seed2):
        dims = _dims(shape)
        key, base = ctx.random_stream(seed, seed2, philox.reserved_blocks(type_name, dims))
        return sample(xp, key, base, dims, dtype.as_numpy_dtype)

    attrs = dict(dtype=dtypes.float32, seed=0, seed2=0)
    return op(type_name, inputs=("shape",), attrs=attrs, stateful=True)(
        type(type_name, (), dict(infer=infer, kernel=kernel, grad=NOT_DIFFERENTIABLE,
                                 __doc__=f"Raw {type_name} samples (TF's CPU kernel, bit-exact).")))


RandomStandardNormal = _float_sampler("RandomStandardNormal", philox.standard_normal)
RandomUniform = _float_sampler("RandomUniform", philox.uniform)
TruncatedNormal = _float_sampler("TruncatedNormal", philox.truncated_normal)


@op("RandomUniformInt", inputs=("shape", "minval", "maxval"), attrs=dict(seed=0, seed2=0), stateful=True,
    type_attrs=dict(T="shape", Tout="minval"))
class RandomUniformInt:
    """Integers uniform in [minval, maxval) (TF's plain modulo mapping)."""

    def infer(shape, minval, maxval, seed, seed2):
        check_dtype("RandomUniformInt", "minval", minval, frozenset([dtypes.int32, dtypes.int64]))
        return minval.dtype.base_dtype, _shape_from_value(shape, "shape")

    def kernel(ctx, xp, shape, minval, maxval, seed, seed2):
        dims = _dims(shape)
        lo, hi = int(minval), int(maxval)
        if lo >= hi:
            raise errors.InvalidArgumentError(None, None, f"Need minval < maxval: {lo} >= {hi}")
        key, base = ctx.random_stream(seed, seed2, philox.reserved_blocks("RandomUniformInt", dims))
        return philox.uniform_int(xp, key, base, dims, minval.dtype, lo, hi)

    grad = NOT_DIFFERENTIABLE


@op("RandomShuffle", inputs=("value",), attrs=dict(seed=0, seed2=0), stateful=True)
class RandomShuffle:
    """Its input with the rows along dimension 0 in a random order."""

    def infer(value, seed, seed2):
        return value.dtype.base_dtype, value.shape

    def kernel(ctx, xp, value, seed, seed2):
        if value.ndim == 0 or value.shape[0] <= 1 or value.size <= 1:
            return value
        n0 = value.shape[0]
        key, base = ctx.random_stream(seed, seed2, philox.reserved_blocks("RandomShuffle", value.shape))
        return value[philox.shuffle_permutation(xp, key, base, n0)]

    grad = NOT_DIFFERENTIABLE


@op("Multinomial", inputs=("logits", "num_samples"), attrs=dict(seed=0, seed2=0, output_dtype=dtypes.int64),
    stateful=True)
class Multinomial:
    """`num_samples` class indices per row of unnormalised log-probabilities."""

    def infer(logits, num_samples, seed, seed2, output_dtype):
        check_dtype("Multinomial", "logits", logits, FLOATS | INTS)
        logits.shape.with_rank(2)
        num_samples.shape.with_rank(0)
        n = static_value(num_samples)
        batch = logits.shape[0].value if logits.shape.ndims == 2 else None
        return output_dtype, [batch, None if n is None else int(n)]

    def kernel(ctx, xp, logits, num_samples, seed, seed2, output_dtype):
        if logits.ndim != 2:
            raise errors.InvalidArgumentError(None, None, f"logits should be a matrix, got shape {logits.shape}")
        n = int(num_samples)
        if n < 0:
            raise errors.InvalidArgumentError(None, None, f"num_samples should be nonnegative, got {n}")
        if logits.shape[1] == 0 and logits.shape[0] > 0:
            raise errors.InvalidArgumentError(None, None, "num_classes should be positive, got 0")
        blocks = philox.reserved_blocks("Multinomial", logits.shape, num_samples=n)
        key, base = ctx.random_stream(seed, seed2, blocks)
        return philox.multinomial(xp, key, base, logits, n, output_dtype.as_numpy_dtype,
                                  num_threads=ctx.intra_op_threads)

    grad = NOT_DIFFERENTIABLE


# --- public wrappers -------------------------------------------------------------------------

def _shape_tensor(shape):
    if hasattr(shape, "as_list"):
        shape = shape.as_list()
    return convert_to_tensor(shape, name="shape", preferred_dtype=dtypes.int32)


def _scaled_normal(opdef, default_name, shape, mean, stddev, dtype, seed, name):
    dtype = dtypes.as_dtype(dtype)
    with get_default_graph().name_scope(name or default_name) as scope:
        shape_t = _shape_tensor(shape)
        mean_t = convert_to_tensor(mean, dtype=dtype, name="mean")
        stddev_t = convert_to_tensor(stddev, dtype=dtype, name="stddev")
        seed1, seed2 = get_seed(seed)
        raw = opdef(shape_t, dtype=dtype, seed=seed1 or 0, seed2=seed2 or 0)
        return add(multiply(raw, stddev_t, name="mul"), mean_t, name=scope)


def random_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Normal samples: `raw * stddev + mean`, TF's graph and values."""
    return _scaled_normal(RandomStandardNormal, "random_normal", shape, mean, stddev, dtype, seed, name)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Normal samples more than two standard deviations from the mean are redrawn."""
    return _scaled_normal(TruncatedNormal, "truncated_normal", shape, mean, stddev, dtype, seed, name)


def random_uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None):
    """Uniform samples in [minval, maxval); integers when `dtype` is an integer type."""
    dtype = dtypes.as_dtype(dtype)
    if dtype.is_integer and maxval is None:
        raise ValueError(f"Must specify maxval for integer dtype {dtype!r}")
    if maxval is None:
        maxval = 1
    with get_default_graph().name_scope(name or "random_uniform") as scope:
        shape_t = _shape_tensor(shape)
        min_is_zero = type(minval) is int and minval == 0
        max_is_one = type(maxval) is int and maxval == 1
        if not min_is_zero or not max_is_one or dtype.is_integer:
            minval = convert_to_tensor(minval, dtype=dtype, name="min")
            maxval = convert_to_tensor(maxval, dtype=dtype, name="max")
        seed1, seed2 = get_seed(seed)
        if dtype.is_integer:
            return RandomUniformInt(shape_t, minval, maxval, seed=seed1 or 0, seed2=seed2 or 0, name=scope)
        raw = RandomUniform(shape_t, dtype=dtype, seed=seed1 or 0, seed2=seed2 or 0)
        if min_is_zero:
            return raw if max_is_one else multiply(raw, maxval)
        return add(multiply(raw, subtract(maxval, minval, name="sub"), name="mul"), minval, name=scope)


def random_shuffle(value, seed=None, name=None):
    """Its input with the rows along dimension 0 shuffled; a new order on every run."""
    seed1, seed2 = get_seed(seed)
    with get_default_graph().name_scope(name or "RandomShuffle") as scope:
        return RandomShuffle(convert_to_tensor(value, name="value"), seed=seed1 or 0, seed2=seed2 or 0,
                             name=scope)


def multinomial(logits, num_samples, seed=None, name=None, output_dtype=None):
    """`num_samples` draws per row from the categorical distributions with log-probabilities `logits`."""
    with get_default_graph().name_scope(name or "multinomial"):
        logits = convert_to_tensor(logits, name="logits")
        num_samples = convert_to_tensor(num_samples, name="num_samples", preferred_dtype=dtypes.int32)
        seed1, seed2 = get_seed(seed)
        return Multinomial(logits, num_samples, seed=seed1 or 0, seed2=seed2 or 0,
                           output_dtype=dtypes.as_dtype(output_dtype or dtypes.int64))


def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    return multinomial(logits, num_samples, seed=seed, name=name or "categorical", output_dtype=dtype)
