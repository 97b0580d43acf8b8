"""tf.random.Generator in graph mode, bit for bit with TF: the generator's state is a resource variable (int64
[3]: a 128-bit Philox counter, low word first, then the key); each draw runs RngReadAndSkip, which returns the
state and advances the counter by 256 per value drawn, and feeds that key and counter to the stateless V2 ops
(random_stateless.py), exactly as TF 2.21 builds it. `create_rng_state`/`from_seed` lay a seed out as TF does
(64-bit words, low first, padded with zeros on the left)."""

from __future__ import annotations

import enum

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.scopes import init_scope
from ..framework.tensor_shape import TensorShape
from .constant import constant, convert_to_tensor

_STATE_SIZE = 3  # Philox: counter (2 words) and key (1 word)
_COUNTER_SIZE = 2
_SKIP_PER_VALUE = 256
_M64 = (1 << 64) - 1


@tf_export("random.Algorithm", "random.experimental.Algorithm")
class Algorithm(enum.Enum):
    """The counter-based generators TF names (sessionflow draws with Philox; AUTO_SELECT is Philox on CPU)."""

    PHILOX = 1
    THREEFRY = 2
    AUTO_SELECT = 3


def _alg_to_int(alg) -> int:
    if isinstance(alg, Algorithm):
        value = alg.value
    elif isinstance(alg, str):
        names = {"philox": 1, "threefry": 2, "auto_select": 3}
        if alg.lower() not in names:
            raise ValueError(f"Unknown algorithm name: {alg}")
        value = names[alg.lower()]
    elif isinstance(alg, (int, np.integer)):
        value = int(alg)
    else:
        raise TypeError(f"Can't convert algorithm {alg} of type {type(alg)} to int")
    if value == Algorithm.THREEFRY.value:
        raise ValueError("sessionflow's tf.random.Generator draws with the Philox algorithm only (not ThreeFry)")
    if value not in (1, 3):
        raise ValueError(f"Unsupported algorithm id: {value}")
    return value


@op("RngReadAndSkip", inputs=("resource", "alg", "delta"), stateful=True, type_attrs={})
class RngReadAndSkip:
    """The generator state (int64 [3]) before the op; the state's 128-bit counter advances by 256 * delta."""

    def infer(resource, alg, delta):
        return dtypes.int64, TensorShape([_STATE_SIZE])

    def kernel(ctx, xp, resource, alg, delta):
        state = np.asarray(ctx.read(resource))
        if state.shape != (_STATE_SIZE,):
            raise errors.InvalidArgumentError(None, None, f"The size of the state must be at least "
                                              f"{_STATE_SIZE}; got {state.size}")
        words = [int(w) & _M64 for w in state.tolist()]
        counter = (words[0] | (words[1] << 64)) + int(delta) * _SKIP_PER_VALUE
        new = np.array([counter & _M64, (counter >> 64) & _M64, words[2]], np.uint64).view(np.int64)
        ctx.write(resource, new)
        return state.copy()

    grad = NOT_DIFFERENTIABLE


def _make_state(seed):
    """TF's _make_1d_state for Philox: an int is cut into 64-bit words (low first); a vector is cast to int64,
    cut to the state size and padded with zeros on the left."""
    from .array import concat, reshape, zeros
    from .math import cast

    if isinstance(seed, (int, np.integer)):
        seed, words = int(seed), []
        for _ in range(_STATE_SIZE):
            words.append(seed & _M64)
            seed >>= 64
        seed = words
    if isinstance(seed, (list, tuple)):
        seed = [int(s) - (1 << 64) if isinstance(s, (int, np.integer)) and int(s) > (1 << 63) - 1 else s
                for s in seed]
    seed = reshape(cast(convert_to_tensor(seed), dtypes.int64), [-1])[:_STATE_SIZE]
    size = seed.shape.as_tuple()[0]
    if size is None:
        raise ValueError("sessionflow needs a seed of known length to make a generator state")
    return concat([zeros([max(_STATE_SIZE - size, 0)], dtypes.int64), seed], axis=0)


@tf_export("random.create_rng_state", "random.experimental.create_rng_state")
def create_rng_state(seed, alg):
    """The int64 [3] Philox state TF makes from `seed` (an int or a 1-D vector)."""
    _alg_to_int(alg)
    return _make_state(seed)


def _shape_tensor(shape):
    if hasattr(shape, "as_list"):
        shape = shape.as_list()
    if isinstance(shape, (list, tuple)) and not shape:
        return constant([], dtype=dtypes.int64)
    return convert_to_tensor(shape, name="shape", preferred_dtype=dtypes.int32)


@tf_export("random.Generator", "random.experimental.Generator")
class Generator:
    """A random number generator whose state is a variable: each draw advances it (see the module docstring)."""

    def __init__(self, copy_from=None, state=None, alg=None):
        from ..variables import Variable

        if copy_from is not None:
            state, alg = copy_from.state, copy_from.algorithm
        elif state is None:
            raise ValueError("Generator needs `state` or `copy_from` (or use from_seed)")
        self._alg = _alg_to_int(Algorithm.PHILOX if alg is None else alg)
        with init_scope(), get_default_graph().name_scope("random_generator"):
            self._state_var = Variable(state, dtype=dtypes.int64, trainable=False, name="StateVar",
                                       use_resource=True)

    @classmethod
    def from_state(cls, state, alg):
        return cls(state=state, alg=alg)

    @classmethod
    def from_seed(cls, seed, alg=None):
        alg = _alg_to_int(Algorithm.PHILOX if alg is None else alg)
        return cls(state=create_rng_state(seed, alg), alg=alg)

    @classmethod
    def from_non_deterministic_state(cls, alg=None):
        seed = [int(w) for w in np.random.SeedSequence().generate_state(_STATE_SIZE, np.uint64)]
        return cls.from_seed(seed, alg)

    @classmethod
    def from_key_counter(cls, key, counter, alg):
        from .array import concat, reshape
        from .math import cast

        counter = cast(convert_to_tensor(counter), dtypes.int64)
        key = cast(convert_to_tensor(key), dtypes.int64)
        counter.shape.assert_is_compatible_with([_STATE_SIZE - 1])
        key.shape.assert_is_compatible_with([])
        return cls(state=concat([counter, reshape(key, [1])], 0), alg=alg)

    state = property(lambda self: self._state_var)
    algorithm = property(lambda self: self._alg)

    @property
    def key(self):
        return self._state_var[-1]

    def skip(self, delta):
        """Advances the counter as `delta` draws would; returns the state before (RngReadAndSkip's output)."""
        from .math import cast

        return RngReadAndSkip(self._state_var.handle, constant(self._alg, dtypes.int32),
                              cast(convert_to_tensor(delta), dtypes.uint64))

    def _key_counter(self, shape):
        from .array_identity import bitcast
        from .reduction import reduce_prod

        state = self.skip(reduce_prod(shape))
        counter = bitcast(state[:_COUNTER_SIZE], dtypes.uint64)
        key = bitcast(state[_COUNTER_SIZE:_COUNTER_SIZE + 1], dtypes.uint64)
        return key, counter

    def _alg_tensor(self):
        return constant(self._alg, dtypes.int32)

    def normal(self, shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None):
        from .math import add
        from .random_stateless import StatelessRandomNormalV2

        with get_default_graph().name_scope(name or "stateful_normal") as scope:
            shape = _shape_tensor(shape)
            mean = convert_to_tensor(mean, dtype=dtype, name="mean")
            stddev = convert_to_tensor(stddev, dtype=dtype, name="stddev")
            key, counter = self._key_counter(shape)
            rnd = StatelessRandomNormalV2(shape, key, counter, self._alg_tensor(), dtype=dtypes.as_dtype(dtype))
            return add(rnd * stddev, mean, name=scope)

    def truncated_normal(self, shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None):
        from .math import add
        from .random_stateless import StatelessTruncatedNormalV2

        with get_default_graph().name_scope(name or "truncated_normal") as scope:
            shape = _shape_tensor(shape)
            mean = convert_to_tensor(mean, dtype=dtype, name="mean")
            stddev = convert_to_tensor(stddev, dtype=dtype, name="stddev")
            key, counter = self._key_counter(shape)
            rnd = StatelessTruncatedNormalV2(shape, key, counter, self._alg_tensor(), dtype=dtypes.as_dtype(dtype))
            return add(rnd * stddev, mean, name=scope)

    def uniform(self, shape, minval=0, maxval=None, dtype=dtypes.float32, name=None):
        from .math import add
        from .random_stateless import StatelessRandomUniformIntV2, StatelessRandomUniformV2

        dtype = dtypes.as_dtype(dtype)
        if dtype.is_integer:
            if (minval is None) != (maxval is None):
                raise ValueError(f"For integer dtype {dtype}, minval and maxval must be both `None` or both "
                                 f"non-`None`; got minval={minval} and maxval={maxval}")
        elif maxval is None:
            maxval = 1
        with get_default_graph().name_scope(name or "stateful_uniform") as scope:
            shape = _shape_tensor(shape)
            if dtype.is_integer and minval is None:
                return self._full_int(shape, dtype, scope)
            minval = convert_to_tensor(minval, dtype=dtype, name="min")
            maxval = convert_to_tensor(maxval, dtype=dtype, name="max")
            key, counter = self._key_counter(shape)
            if dtype.is_integer:
                return StatelessRandomUniformIntV2(shape, key, counter, self._alg_tensor(), minval, maxval,
                                                   name=scope)
            rnd = StatelessRandomUniformV2(shape, key, counter, self._alg_tensor(), dtype=dtype)
            return add(rnd * (maxval - minval), minval, name=scope)

    def _full_int(self, shape, dtype, name):
        from .random_stateless import StatelessRandomUniformFullIntV2

        key, counter = self._key_counter(shape)
        return StatelessRandomUniformFullIntV2(shape, key, counter, self._alg_tensor(), dtype=dtype, name=name)

    def uniform_full_int(self, shape, dtype=dtypes.uint64, name=None):
        with get_default_graph().name_scope(name or "stateful_uniform_full_int") as scope:
            return self._full_int(_shape_tensor(shape), dtypes.as_dtype(dtype), scope)


_global_generator = [None]


@tf_export("random.get_global_generator", "random.experimental.get_global_generator")
def get_global_generator():
    """The global generator, made from a non-deterministic state the first time."""
    if _global_generator[0] is None:
        with init_scope():
            _global_generator[0] = Generator.from_non_deterministic_state()
    return _global_generator[0]


@tf_export("random.set_global_generator", "random.experimental.set_global_generator")
def set_global_generator(generator):
    """Replaces the global generator (the old one's ops keep drawing from its own state)."""
    _global_generator[0] = generator
