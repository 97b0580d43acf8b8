"""Stateless random ops (tf.random.stateless_uniform / stateless_normal / stateless_truncated_normal),
bit-exact with TensorFlow: StatelessRandomGetKeyCounter turns the [2] seed into a Philox key and counter
(the seed words as a counter under a fixed key, one Philox round of ten: key = its words 0-1, counter =
(0, 0, words 2-3)), and the V2 sampling ops draw from that key and counter exactly as the stateful ops draw
from theirs (philox.py). The same seed always gives the same values."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from . import math as math_ops, philox
from .array import _shape_from_value
from .common import check_dtype
from .constant import constant, convert_to_tensor
from .random import _dims

_M32 = 0xFFFFFFFF
_SCRAMBLE_KEY = (0x3EC8F720, 0x02461E29)
_AUTO_SELECT = 3
_FLOATS = (dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64)


def key_counter(seed0: int, seed1: int):
    """(key uint64, counter [2] uint64) of TF's GenerateKey for the seed pair (as uint64s)."""
    s0, s1 = seed0 & 0xFFFFFFFFFFFFFFFF, seed1 & 0xFFFFFFFFFFFFFFFF
    counter = s0 | (s1 << 64)
    mix = [int(w) for w in philox.blocks(np, _SCRAMBLE_KEY, counter, 1)[0]]
    return mix[0] | (mix[1] << 32), (0, mix[2] | (mix[3] << 32))


def _philox_state(key, counter):
    k = int(np.asarray(key).reshape(-1)[0])
    c = [int(v) for v in np.asarray(counter).reshape(-1)[:2]]
    return (k & _M32, k >> 32), c[0] | (c[1] << 64)


@op("StatelessRandomGetKeyCounter", inputs=("seed",), type_attrs=dict(Tseed="seed"))
class StatelessRandomGetKeyCounter:
    """The Philox key ([1] uint64) and counter ([2] uint64) a [2] seed stands for."""

    def infer(seed):
        check_dtype("StatelessRandomGetKeyCounter", "seed", seed, (dtypes.int32, dtypes.int64))
        if seed.shape.ndims is not None and seed.shape.as_list() not in ([2], [None]):
            raise ValueError(f"Shape must be rank 1 with 2 elements, got {seed.shape} for "
                             "'StatelessRandomGetKeyCounter'")
        return [(dtypes.uint64, TensorShape([1])), (dtypes.uint64, TensorShape([2]))]

    def kernel(xp, seed):
        if seed.shape != (2,):
            raise errors.InvalidArgumentError(None, None, f"seed must have shape [2], not {list(seed.shape)}")
        values = [int(v) for v in seed.tolist()]  # an int32 seed widens with its sign, as in TF
        key, counter = key_counter(values[0], values[1])
        return np.array([key], np.uint64), np.array(counter, np.uint64)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([1, 2], np.int32),), {}), ((np.array([-7, 123456789012], np.int64),), {})]


def _check_state(op_type, key, counter, alg):
    for name, t, n in (("key", key, 1), ("counter", counter, None)):
        if t.dtype.base_dtype is not dtypes.uint64:
            raise TypeError(f"Input '{name}' of '{op_type}' Op has type {t.dtype.base_dtype.name} that does not "
                            "match expected type of uint64.")
    check_dtype(op_type, "alg", alg, (dtypes.int32,))


def _declare_float(op_type, sample):
    def infer(shape, key, counter, alg, dtype):
        _check_state(op_type, key, counter, alg)
        check_dtype(op_type, "shape", shape, (dtypes.int32, dtypes.int64))
        if dtype not in _FLOATS:
            raise TypeError(f"Value passed to parameter 'dtype' has DataType {dtype.name} not in list of allowed "
                            "values: float16, bfloat16, float32, float64")
        return dtype, _shape_from_value(shape, "shape")

    def kernel(xp, shape, key, counter, alg, dtype):
        k, base = _philox_state(key, counter)
        return sample(xp, k, base, _dims(shape), dtype.as_numpy_dtype)

    body = dict(infer=infer, kernel=kernel, grad=NOT_DIFFERENTIABLE,
                samples=[((np.array([2, 3], np.int32), np.array([7], np.uint64), np.array([0, 5], np.uint64),
                           np.array(3, np.int32)), dict(dtype=dtypes.float32))],
                __doc__=f"{op_type}: the stateful op's draws from the given Philox key and counter.")
    return op(op_type, inputs=("shape", "key", "counter", "alg"), attrs=dict(dtype=dtypes.float32),
              type_attrs=dict(Tshape="shape"))(type(op_type, (), body))


StatelessRandomUniformV2 = _declare_float("StatelessRandomUniformV2", philox.uniform)
StatelessRandomNormalV2 = _declare_float("StatelessRandomNormalV2", philox.standard_normal)
StatelessTruncatedNormalV2 = _declare_float("StatelessTruncatedNormalV2", philox.truncated_normal)


@op("StatelessRandomUniformIntV2", inputs=("shape", "key", "counter", "alg", "minval", "maxval"),
    type_attrs=dict(dtype="minval", Tshape="shape"))
class StatelessRandomUniformIntV2:
    """Integers uniform in [minval, maxval) from the given Philox key and counter."""

    def infer(shape, key, counter, alg, minval, maxval):
        _check_state("StatelessRandomUniformIntV2", key, counter, alg)
        check_dtype("StatelessRandomUniformIntV2", "minval", minval, (dtypes.int32, dtypes.int64))
        return minval.dtype.base_dtype, _shape_from_value(shape, "shape")

    def kernel(xp, shape, key, counter, alg, minval, maxval):
        lo, hi = int(minval), int(maxval)
        if lo >= hi:
            raise errors.InvalidArgumentError(None, None, f"Need minval < maxval: {lo} >= {hi}")
        k, base = _philox_state(key, counter)
        return philox.uniform_int(xp, k, base, _dims(shape), minval.dtype, lo, hi)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([4], np.int32), np.array([7], np.uint64), np.array([0, 5], np.uint64),
                 np.array(3, np.int32), np.array(-3, np.int32), np.array(9, np.int32)), {})]


# --- public ----------------------------------------------------------------------------------

def _shape_tensor(shape):
    if hasattr(shape, "as_list"):
        shape = shape.as_list()
    return convert_to_tensor(shape, name="shape", preferred_dtype=dtypes.int32)


def _key_counter_alg(seed, alg):
    if alg not in (None, "auto_select", _AUTO_SELECT):
        raise ValueError(f"sessionflow draws stateless random numbers with alg='auto_select' (Philox) only, got "
                         f"{alg!r}")
    seed = convert_to_tensor(seed, name="seed")
    key, counter = StatelessRandomGetKeyCounter(seed)
    return key, counter, constant(_AUTO_SELECT, dtype=dtypes.int32, name="alg")


def _set_static_shape(result, shape):
    from ..framework.registry import static_value

    value = static_value(shape)
    if value is not None:
        result.set_shape(TensorShape([int(d) for d in np.asarray(value).reshape(-1)]))


@tf_export("random.stateless_uniform")
def stateless_random_uniform(shape, seed, minval=0, maxval=None, dtype=dtypes.float32, name=None,
                             alg="auto_select"):
    """Uniform values in [minval, maxval), a function of `seed` ([2] int32/int64) only."""
    dtype = dtypes.as_dtype(dtype)
    if dtype.is_integer and (minval is None) != (maxval is None):
        raise ValueError(f"For integer `dtype` argument {dtype}, argument `minval` and `maxval` must be both None "
                         f"or not None. Got `minval`={minval} and `maxval`={maxval}.")
    if dtype.is_integer and minval is not None and maxval is None:
        raise ValueError(f"Must specify maxval for integer dtype {dtype}")
    with get_default_graph().name_scope(name or "stateless_random_uniform") as scope:
        shape = _shape_tensor(shape)
        if dtype.is_integer:
            minval = convert_to_tensor(minval, dtype=dtype, name="min")
            maxval = convert_to_tensor(maxval, dtype=dtype, name="max")
            key, counter, alg = _key_counter_alg(seed, alg)
            result = StatelessRandomUniformIntV2(shape, key, counter, alg, minval, maxval, name=scope)
        else:
            minval = convert_to_tensor(minval, dtype=dtype, name="min")
            maxval = convert_to_tensor(1 if maxval is None else maxval, dtype=dtype, name="max")
            key, counter, alg = _key_counter_alg(seed, alg)
            rnd = StatelessRandomUniformV2(shape, key, counter, alg, dtype=dtype)
            result = math_ops.add(rnd * (maxval - minval), minval, name=scope)
        _set_static_shape(result, shape)
        return result


def _stateless_scaled(opdef, default_name, shape, seed, mean, stddev, dtype, name, alg):
    dtype = dtypes.as_dtype(dtype)
    with get_default_graph().name_scope(name or default_name) as scope:
        shape = _shape_tensor(shape)
        mean = convert_to_tensor(mean, dtype=dtype, name="mean")
        stddev = convert_to_tensor(stddev, dtype=dtype, name="stddev")
        key, counter, alg = _key_counter_alg(seed, alg)
        rnd = opdef(shape, key, counter, alg, dtype=dtype)
        result = math_ops.add(rnd * stddev, mean, name=scope)
        _set_static_shape(result, shape)
        return result


@tf_export("random.stateless_normal")
def stateless_random_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None, alg="auto_select"):
    """Normal values, a function of `seed` ([2] int32/int64) only."""
    return _stateless_scaled(StatelessRandomNormalV2, "stateless_random_normal", shape, seed, mean, stddev, dtype,
                             name, alg)


@tf_export("random.stateless_truncated_normal")
def stateless_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None,
                               alg="auto_select"):
    """Normal values redrawn beyond two standard deviations, a function of `seed` only."""
    return _stateless_scaled(StatelessTruncatedNormalV2, "stateless_truncated_normal", shape, seed, mean, stddev,
                             dtype, name, alg)


@op("StatelessRandomUniformFullIntV2", inputs=("shape", "key", "counter", "alg"), attrs=dict(dtype=dtypes.uint64),
    type_attrs=dict(Tshape="shape"))
class StatelessRandomUniformFullIntV2:
    """Integers over the dtype's whole range: the raw Philox words (two per 64-bit value, low word first)."""

    def infer(shape, key, counter, alg, dtype):
        _check_state("StatelessRandomUniformFullIntV2", key, counter, alg)
        if dtype not in (dtypes.int32, dtypes.int64, dtypes.uint32, dtypes.uint64):
            raise TypeError(f"Value passed to parameter 'dtype' has DataType {dtype.name} not in list of allowed "
                            "values: int32, int64, uint32, uint64")
        return dtype, _shape_from_value(shape, "shape")

    def kernel(xp, shape, key, counter, alg, dtype):
        k, base = _philox_state(key, counter)
        dims = _dims(shape)
        n = int(np.prod(dims, dtype=np.int64))
        if dtype.size == 4:
            words = philox._stream(np, k, base, n).astype(np.uint32)
        else:
            w0, w1, w2, w3 = philox._words64(np, k, base, np.arange((n + 1) // 2, dtype=np.uint64))
            words = np.stack([w0 | (w1 << np.uint64(32)), w2 | (w3 << np.uint64(32))], axis=1).reshape(-1)[:n]
        return words.view(dtype.as_numpy_dtype).reshape(dims)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([5], np.int32), np.array([7], np.uint64), np.array([0, 5], np.uint64),
                 np.array(3, np.int32)), dict(dtype=dtypes.int64)),
               ((np.array([2, 3], np.int32), np.array([7], np.uint64), np.array([0, 5], np.uint64),
                 np.array(3, np.int32)), dict(dtype=dtypes.int32))]


def _full_int(shape, seed, dtype, alg, name):
    key, counter, alg = _key_counter_alg(seed, alg)
    return StatelessRandomUniformFullIntV2(shape, key, counter, alg, dtype=dtype, name=name)


@tf_export("random.split", "random.experimental.stateless_split")
def split(seed, num=2, alg="auto_select"):
    """`num` new [2] seeds drawn from `seed` (a [num, 2] tensor of its dtype)."""
    seed = convert_to_tensor(seed)
    with get_default_graph().name_scope("stateless_random_uniform") as scope:
        result = _full_int(_shape_tensor([num, 2]), seed, seed.dtype.base_dtype, alg, scope)
        result.set_shape([num, 2])
        return result


@tf_export("random.fold_in", "random.experimental.stateless_fold_in")
def fold_in(seed, data, alg="auto_select"):
    """A new [2] seed from `seed` and the integer `data`: [a draw from seed, data]."""
    from .array import stack

    data = convert_to_tensor(data)
    with get_default_graph().name_scope("stateless_random_uniform") as scope:
        first = _full_int(_shape_tensor([]), seed, data.dtype.base_dtype, alg, scope)
        first.set_shape([])
    return stack([first, data])
