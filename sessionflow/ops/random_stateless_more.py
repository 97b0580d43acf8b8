"""More stateless random ops, bit-exact with TensorFlow: StatelessMultinomial (tf.random.stateless_categorical
/ stateless_multinomial), StatelessShuffle (tf.random.experimental.stateless_shuffle) and RandomIndexShuffle
(tf.random.experimental.index_shuffle, tf.random_index_shuffle).

StatelessMultinomial draws as the stateful Multinomial does (philox.multinomial) from the key and counter its
[2] seed stands for (random_stateless.key_counter); StatelessShuffle is RandomShuffle's Fisher-Yates from the
given key and counter. RandomIndexShuffle is TF's cycle-walking Simon cipher: a Feistel network of `rounds`
round keys (Simon's key schedule on the three seed words) over a block of the smallest even width >= 16 bits
that covers max_index, applied until the value falls in [0, max_index]."""

from __future__ import annotations

import math

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from ..framework.tensor_shape import TensorShape
from . import philox
from .common import FLOATS, INTS, check_dtype
from .constant import convert_to_tensor
from .random_stateless import _check_state, _key_counter_alg, _philox_state, key_counter

_M32 = 0xFFFFFFFF


def _seed_state(seed):
    s = [int(v) for v in np.asarray(seed).reshape(-1).tolist()]
    key, counter = key_counter(s[0], s[1])
    return (key & _M32, key >> 32), counter[0] | (counter[1] << 64)


def _check_seed(op_type, seed):
    check_dtype(op_type, "seed", seed, (dtypes.int32, dtypes.int64))
    if seed.shape.ndims is not None and seed.shape.as_list() not in ([2], [None]):
        raise ValueError(f"Shape must be rank 1 with 2 elements, got {seed.shape} for '{op_type}'")


@op("StatelessMultinomial", inputs=("logits", "num_samples", "seed"), attrs=dict(output_dtype=dtypes.int64),
    type_attrs=dict(T="logits", Tseed="seed"), stateful=True)
class StatelessMultinomial:
    """`num_samples` class indices per row of `logits`, a function of `seed` only. (Declared stateful only
    to read the session's intra-op thread count, which sets TF's row sharding of the draws.)"""

    def infer(logits, num_samples, seed, output_dtype):
        check_dtype("StatelessMultinomial", "logits", logits, FLOATS | INTS)
        _check_seed("StatelessMultinomial", seed)
        logits.shape.with_rank(2)
        n = static_value(num_samples)
        batch = logits.shape[0].value if logits.shape.ndims == 2 else None
        return output_dtype, [batch, None if n is None else int(n)]

    def kernel(ctx, xp, logits, num_samples, seed, output_dtype):
        if logits.ndim != 2:
            raise errors.InvalidArgumentError(None, None, f"logits should be a matrix, got shape {logits.shape}")
        n = int(num_samples)
        if n < 0:
            raise errors.InvalidArgumentError(None, None, f"num_samples should be nonnegative, got {n}")
        if logits.shape[1] == 0 and logits.shape[0] > 0:
            raise errors.InvalidArgumentError(None, None, "num_classes should be positive, got 0")
        if seed.shape != (2,):
            raise errors.InvalidArgumentError(None, None, f"seed must have shape [2], not {list(seed.shape)}")
        key, base = _seed_state(seed)
        return philox.multinomial(np, key, base, logits, n, output_dtype.as_numpy_dtype,
                                  num_threads=ctx.intra_op_threads)

    grad = NOT_DIFFERENTIABLE


@op("StatelessShuffle", inputs=("value", "key", "counter", "alg"), type_attrs=dict(T="value"))
class StatelessShuffle:
    """`value` with its rows along dimension 0 in the order the given Philox key and counter draw."""

    def infer(value, key, counter, alg):
        _check_state("StatelessShuffle", key, counter, alg)
        return value.dtype.base_dtype, value.shape

    def kernel(xp, value, key, counter, alg):
        if value.ndim == 0 or value.shape[0] <= 1 or value.size <= 1:
            return value
        k, base = _philox_state(key, counter)
        return value[philox.shuffle_permutation(np, k, base, value.shape[0])]

    grad = NOT_DIFFERENTIABLE
    samples = [((np.arange(12.0).reshape(6, 2), np.array([7], np.uint64), np.array([0, 5], np.uint64),
                 np.array(3, np.int32)), {})]


# --- RandomIndexShuffle ----------------------------------------------------------------------

def _rotl(x, r, width, mask):
    return ((x << r) | (x >> (width - r))) & mask


def _simon_round_keys(key, rounds, width):
    """Simon's key schedule, truncated to `width`-bit words (TF keeps its words in std::bitset<width>)."""
    mask = (1 << width) - 1
    c, z = 0xFFFFFFFC & mask, 0x7369F885192C0EF5 & mask
    keys = [k & mask for k in key]
    for i in range(3, rounds):
        rotated = _rotl(keys[i - 1], width - 3, width, mask) ^ _rotl(keys[i - 1], width - 4, width, mask)
        keys.append(c ^ (z & 1) ^ keys[i - 3] ^ rotated)
        z >>= 1
    return keys


def _simon_f(x, width, mask):
    return (_rotl(x, 1, width, mask) & _rotl(x, 8, width, mask)) ^ _rotl(x, 2, width, mask)


def index_shuffle_value(index: int, key, max_index: int, rounds: int) -> int:
    """The position of `index` in the permutation of [0, max_index] that `key` (three uint32) stands for."""
    if max_index == 0:
        return 0
    block = math.ceil(math.log2(float(max_index)))  # as TF: of max_index rounded to a double
    block = min(max(block + block % 2, 16), 64)
    width = block // 2
    mask = (1 << width) - 1
    round_keys = _simon_round_keys(key, rounds, width)
    value = index
    while True:
        left, right = (value >> width) & mask, value & mask
        for i in range(0, len(round_keys) - 1, 2):
            left ^= _simon_f(right, width, mask) ^ round_keys[i]
            right ^= _simon_f(left, width, mask) ^ round_keys[i + 1]
        value = (left << width) | right
        if value <= max_index:
            return value


_INDEX_TYPES = (dtypes.int32, dtypes.int64, dtypes.uint32, dtypes.uint64)


@op("RandomIndexShuffle", inputs=("index", "seed", "max_index"), attrs=dict(rounds=4),
    type_attrs=dict(dtype="index", Tseed="seed"))
class RandomIndexShuffle:
    """Each `index` mapped through the pseudorandom permutation of [0, max_index] its [3] seed chooses."""

    def infer(index, seed, max_index, rounds):
        check_dtype("RandomIndexShuffle", "index", index, _INDEX_TYPES)
        check_dtype("RandomIndexShuffle", "seed", seed, _INDEX_TYPES)
        if max_index.dtype.base_dtype is not index.dtype.base_dtype:
            raise TypeError(f"Input 'max_index' of 'RandomIndexShuffle' Op has type {max_index.dtype.base_dtype.name}"
                            f" that does not match type {index.dtype.base_dtype.name} of argument 'index'.")
        if rounds < 4 or rounds % 2:
            raise ValueError(f"rounds must be an even integer >= 4, got {rounds} for 'RandomIndexShuffle'")
        if index.shape.ndims == 0 and seed.shape.ndims == 1 and max_index.shape.ndims == 0:
            return index.dtype.base_dtype, TensorShape([])
        return index.dtype.base_dtype, TensorShape([None]) if index.shape.ndims != 1 else index.shape

    def kernel(xp, index, seed, max_index, rounds):
        all_scalar = index.ndim == 0 and seed.ndim == 1 and max_index.ndim == 0
        n = max(index.size, max_index.size, seed.size // 3)
        if not (index.ndim == 0 or (index.ndim == 1 and index.shape[0] == n)):
            raise errors.InvalidArgumentError(None, None, "Index bust be a scalar or vector.")
        if not ((seed.ndim == 1 and seed.shape[0] == 3) or (seed.ndim == 2 and seed.shape == (n, 3))):
            raise errors.InvalidArgumentError(None, None, f"Seed must be a vector of size [3] or a matrix of size "
                                                          f"[{n}, 3] but got [{','.join(map(str, seed.shape))}].")
        if not (max_index.ndim == 0 or (max_index.ndim == 1 and max_index.shape[0] == n)):
            raise errors.InvalidArgumentError(None, None, "Maxval must be a scalar or a vector of the same size as "
                                                          f"index but got [{','.join(map(str, max_index.shape))}]")
        idx = np.broadcast_to(index.astype(np.uint64), (n,)).tolist()
        top = np.broadcast_to(max_index.astype(np.uint64), (n,)).tolist()
        seeds = np.broadcast_to(seed.reshape(-1, 3).astype(np.int64).astype(np.uint64) & np.uint64(_M32),
                                (n, 3)).tolist()
        for i, m in zip(idx, top):
            if m < i:
                raise errors.InvalidArgumentError(None, None, f"max_index must be >= index, but {m} < {i}")
        out = [index_shuffle_value(i, s, m, int(rounds)) for i, s, m in zip(idx, seeds, top)]
        result = np.array(out, np.uint64).astype(index.dtype)
        return result.reshape(()) if all_scalar else result

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array(3, np.int64), np.array([1, 2, 3], np.int64), np.array(9, np.int64)), {}),
               ((np.arange(5, dtype=np.int32), np.array([4, 5, 6], np.int32), np.array(4, np.int32)), {})]


# --- public ----------------------------------------------------------------------------------

def _stateless_multinomial(logits, num_samples, seed, output_dtype, name, default_name):
    with get_default_graph().name_scope(name or default_name):
        logits = convert_to_tensor(logits, name="logits")
        dtype = dtypes.as_dtype(output_dtype) if output_dtype else dtypes.int64
        if dtype not in (dtypes.int32, dtypes.int64):
            raise ValueError(f"Argument `dtype` got invalid value {dtype}. Accepted dtypes are "
                             f"{(dtypes.int32, dtypes.int64)}.")
        num_samples = convert_to_tensor(num_samples, name="num_samples", preferred_dtype=dtypes.int32)
        seed = convert_to_tensor(seed, name="seed")
        return StatelessMultinomial(logits, num_samples, seed, output_dtype=dtype)


@tf_export("random.stateless_multinomial")
def stateless_multinomial(logits, num_samples, seed, output_dtype=dtypes.int64, name=None):
    """Draws from categorical distributions (`logits`: [batch, classes]), a function of `seed` only."""
    return _stateless_multinomial(logits, num_samples, seed, output_dtype, name, "stateless_multinomial")


@tf_export("random.stateless_categorical")
def stateless_categorical(logits, num_samples, seed, dtype=dtypes.int64, name=None):
    """Draws from categorical distributions (`logits`: [batch, classes]), a function of `seed` only."""
    return _stateless_multinomial(logits, num_samples, seed, dtype, name, "stateless_categorical")


@tf_export("random.experimental.stateless_shuffle")
def stateless_shuffle(value, seed, alg="auto_select", name=None):
    """`value` shuffled along its first dimension, a function of `seed` ([2]) only."""
    with get_default_graph().name_scope(name or "stateless_shuffle"):
        key, counter, alg_t = _key_counter_alg(seed, alg)
        return StatelessShuffle(convert_to_tensor(value, name="value"), key, counter, alg_t)


@tf_export("random_index_shuffle")
def random_index_shuffle(index, seed, max_index, rounds=4, name=None):
    """The raw RandomIndexShuffle op (`seed`: [3] or [n, 3])."""
    return RandomIndexShuffle(convert_to_tensor(index, name="index"), convert_to_tensor(seed, name="seed"),
                              convert_to_tensor(max_index, name="max_index"), rounds=rounds, name=name)


@tf_export("random.experimental.index_shuffle")
def index_shuffle(index, seed, max_index):
    """The position of `index` in the pseudorandom permutation of [0, max_index] that `seed` ([2] or [n, 2])
    chooses; TF pads the seed to the op's three words with 498247692 in front."""
    from .array_transform import pad

    seed = convert_to_tensor(seed)
    rank = seed.shape.ndims
    paddings = [[1, 0]] + ([] if rank is None else (rank - 1) * [[0, 0]])
    seed = pad(seed, paddings, constant_values=498247692)
    return RandomIndexShuffle(convert_to_tensor(index, name="index"), seed,
                              convert_to_tensor(max_index, name="max_index"), rounds=4)
