"""The unigram candidate samplers: FixedUnigramCandidateSampler (classes drawn from given unigram counts or a
vocabulary file's last column, raised to `distortion`) and LearnedUnigramCandidateSampler (from the counts of
the true classes this op has seen so far in the session), `tf.random.*` / `tf.nn.*_unigram_candidate_sampler`.

Both are stateful random ops with TF's draws, bit for bit (range_sampler.FixedUnigram / LearnedUnigram): each
execution reserves 512 * num_sampled Philox blocks of its (seed, seed2) stream, as the other samplers
(nn_sampled.py). The learned counts live in a session resource per op, as TF keeps them in the op's kernel.
"""

from __future__ import annotations

import collections

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.seeds import get_seed
from . import range_sampler
from .constant import convert_to_tensor
from .nn_sampled import _check_int_attrs, _check_true_classes, _sampler_infer

_OUTPUTS = ["sampled_candidates", "true_expected_count", "sampled_expected_count"]


def _read_vocab(path: str):
    """The last comma-separated field of each line of a vocabulary file, as float32 weights."""
    from ..io import gfile

    weights = []
    with gfile.GFile(path, "r") as f:
        for line in f.read().splitlines():
            cols = line.split(",")
            try:
                weights.append(float(np.float32(float(cols[-1]))))
            except ValueError:
                raise errors.InvalidArgumentError(None, None, f"Wrong vocabulary format at line: {line}") from None
    return weights


@op("FixedUnigramCandidateSampler", inputs=("true_classes",),
    attrs=dict(num_true=None, num_sampled=None, unique=None, range_max=None, vocab_file="", distortion=1.0,
               num_reserved_ids=0, num_shards=1, shard=0, unigrams=(), seed=0, seed2=0),
    stateful=True, type_attrs={})
class FixedUnigramCandidateSampler:
    """num_sampled classes drawn from fixed unigram weights (`unigrams` or `vocab_file`), with their expected
    counts and those of the true classes."""

    def infer(true_classes, num_true, num_sampled, unique, range_max, vocab_file, distortion, num_reserved_ids,
              num_shards, shard, unigrams, seed, seed2):
        return _sampler_infer("FixedUnigramCandidateSampler")(true_classes, num_true, num_sampled, unique,
                                                              range_max, seed, seed2)

    def kernel(ctx, xp, true_classes, num_true, num_sampled, unique, range_max, vocab_file, distortion,
               num_reserved_ids, num_shards, shard, unigrams, seed, seed2):
        if vocab_file and unigrams:
            raise errors.InvalidArgumentError(None, None, "Must provide either vocab_file or unigrams but not both.")
        if not vocab_file and not unigrams:
            raise errors.InvalidArgumentError(None, None, "Must provide either vocab_file or unigrams.")
        weights = _read_vocab(vocab_file) if vocab_file else list(unigrams)
        sampler = range_sampler.FixedUnigram(weights, distortion, num_reserved_ids, num_shards, shard)
        if len(sampler.weights) != range_max:
            raise errors.InvalidArgumentError(None, None, f"range is {range_max} must be equal to weights size  "
                                                          f"{len(sampler.weights)}")
        _check_true_classes(true_classes, num_true, num_sampled, unique, range_max)
        key, base = ctx.random_stream(seed, seed2, range_sampler.reserved_blocks(num_sampled))
        stream = range_sampler.WordStream(key, base)
        sampled, tries = range_sampler.sample_batch(lambda: sampler.draw(stream), num_sampled, unique)
        return (sampled, range_sampler.expected_count(sampler.probability(true_classes), num_sampled, tries),
                range_sampler.expected_count(sampler.probability(sampled), num_sampled, tries))

    grad = NOT_DIFFERENTIABLE


@op("LearnedUnigramCandidateSampler", inputs=("true_classes",),
    attrs=dict(num_true=None, num_sampled=None, unique=None, range_max=None, seed=0, seed2=0), stateful=True,
    type_attrs={})
class LearnedUnigramCandidateSampler:
    """num_sampled classes drawn in proportion to 1 + the number of times each class has been a true class of
    this op's earlier executions in the session; the true classes then count."""

    infer = _sampler_infer("LearnedUnigramCandidateSampler")

    def kernel(ctx, xp, true_classes, num_true, num_sampled, unique, range_max, seed, seed2):
        _check_true_classes(true_classes, num_true, num_sampled, unique, range_max)
        sampler = ctx.resource(f"learned_unigram_sampler:{ctx.op.name}",
                               lambda: range_sampler.LearnedUnigram(range_max))
        key, base = ctx.random_stream(seed, seed2, range_sampler.reserved_blocks(num_sampled))
        with sampler.lock:
            stream = range_sampler.WordStream(key, base)
            sampled, tries = range_sampler.sample_batch(sampler.draw_fn(stream), num_sampled, unique)
            true_count = range_sampler.expected_count(sampler.probability(true_classes), num_sampled, tries)
            sampled_count = range_sampler.expected_count(sampler.probability(sampled), num_sampled, tries)
            sampler.update(true_classes)
        return sampled, true_count, sampled_count

    grad = NOT_DIFFERENTIABLE


_RESULTS = {name: collections.namedtuple(name, _OUTPUTS)
            for name in ("FixedUnigramCandidateSampler", "LearnedUnigramCandidateSampler")}


def _check_common(op_type, num_true, num_sampled, unique, range_max):
    for attr, value in (("num_true", num_true), ("num_sampled", num_sampled), ("range_max", range_max)):
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool):
            raise TypeError(f"Expected int for argument '{attr}' not {value!r}.")
    if not isinstance(unique, (bool, np.bool_)):
        raise TypeError(f"Expected bool for argument 'unique' not {unique!r}.")
    _check_int_attrs(op_type, dict(num_true=(num_true, 1), num_sampled=(num_sampled, 1), range_max=(range_max, 1)))


def _true_classes(true_classes):
    return convert_to_tensor(true_classes, dtype=None if isinstance(true_classes, Tensor) else dtypes.int64,
                             name="true_classes")


@tf_export("random.fixed_unigram_candidate_sampler", "nn.fixed_unigram_candidate_sampler")
def fixed_unigram_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max, vocab_file="",
                                    distortion=1.0, num_reserved_ids=0, num_shards=1, shard=0, unigrams=(),
                                    seed=None, name=None):
    """Samples classes from a fixed unigram distribution (`unigrams`, or a CSV `vocab_file`'s last column)."""
    op_type = "FixedUnigramCandidateSampler"
    seed1, seed2 = get_seed(seed)
    with get_default_graph().name_scope(name or op_type) as scope:
        _check_common(op_type, num_true, num_sampled, unique, range_max)
        _check_int_attrs(op_type, dict(num_reserved_ids=(num_reserved_ids, 0), num_shards=(num_shards, 1),
                                       shard=(shard, 0)))
        result = FixedUnigramCandidateSampler(
            _true_classes(true_classes), num_true=int(num_true), num_sampled=int(num_sampled), unique=bool(unique),
            range_max=int(range_max), vocab_file=vocab_file, distortion=float(distortion),
            num_reserved_ids=int(num_reserved_ids), num_shards=int(num_shards), shard=int(shard),
            unigrams=tuple(float(u) for u in unigrams), seed=seed1 or 0, seed2=seed2 or 0, name=scope)
    return _RESULTS[op_type](*result)


@tf_export("random.learned_unigram_candidate_sampler", "nn.learned_unigram_candidate_sampler")
def learned_unigram_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max, seed=None,
                                      name=None):
    """Samples classes from the unigram distribution of the true classes seen so far (this op, this session)."""
    op_type = "LearnedUnigramCandidateSampler"
    seed1, seed2 = get_seed(seed)
    with get_default_graph().name_scope(name or op_type) as scope:
        _check_common(op_type, num_true, num_sampled, unique, range_max)
        result = LearnedUnigramCandidateSampler(
            _true_classes(true_classes), num_true=int(num_true), num_sampled=int(num_sampled), unique=bool(unique),
            range_max=int(range_max), seed=seed1 or 0, seed2=seed2 or 0, name=scope)
    return _RESULTS[op_type](*result)
