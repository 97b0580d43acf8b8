"""Candidate sampling and the sampled losses: UniformCandidateSampler, LogUniformCandidateSampler and
AllCandidateSampler (`tf.random.*_candidate_sampler`), ComputeAccidentalHits, and `tf.nn.nce_loss` /
`tf.nn.sampled_softmax_loss` built as TF builds them (`nn_impl._compute_sampled_logits`).

The samplers are stateful random ops with TF's draws (see range_sampler.py): each execution reserves
512 * num_sampled Philox blocks of its stream, keyed like every random op by (seed, seed2).
"""

from __future__ import annotations

import collections

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.seeds import get_seed
from ..framework.tensor_shape import TensorShape
from . import range_sampler, shape_fns
from .constant import convert_to_tensor

_SAMPLER_ATTRS = dict(num_true=None, num_sampled=None, unique=None, range_max=None, seed=0, seed2=0)
_OUTPUTS = ["sampled_candidates", "true_expected_count", "sampled_expected_count"]


def _check_int_attrs(op_type: str, minimums: dict) -> None:
    for name, (value, minimum) in minimums.items():
        if value < minimum:
            raise ValueError(f"Attr '{name}' of '{op_type}' Op passed {value} less than minimum {minimum}.")


def _sampler_infer(op_type: str):
    def infer(true_classes, num_true, num_sampled, unique, range_max, seed, seed2):
        if true_classes.dtype.base_dtype is not dtypes.int64:
            raise TypeError(f"Input 'true_classes' of '{op_type}' Op has type {true_classes.dtype.base_dtype.name} "
                            "that does not match expected type of int64.")
        batch = shape_fns.with_rank(op_type, true_classes.shape, 2).as_list()[0]
        return [(dtypes.int64, TensorShape([num_sampled])), (dtypes.float32, TensorShape([batch, num_true])),
                (dtypes.float32, TensorShape([num_sampled]))]

    return infer


def _check_true_classes(true_classes, num_true: int, num_sampled: int, unique: bool, range_max: int):
    """The sampler kernel's checks, in TF's order."""
    if true_classes.ndim != 2:
        raise errors.InvalidArgumentError(None, None, "true_classes must be a matrix")
    if true_classes.shape[1] != num_true:
        raise errors.InvalidArgumentError(None, None, f"true_classes must have num_true columns, expected: "
                                                      f"{true_classes.shape[1]} was: {num_true}")
    if unique and num_sampled > range_max:
        raise errors.InvalidArgumentError(None, None, "Sampler's range is too small.")
    bad = (true_classes < 0) | (true_classes >= range_max)
    if np.any(bad):
        value = int(true_classes.reshape(-1)[np.argmax(bad.reshape(-1))])
        raise errors.InvalidArgumentError(None, None, f"`true_candidate` out of range [0, {range_max}), received "
                                                      f"{value}")


def _sampler_kernel(kind: str):
    def kernel(ctx, xp, true_classes, num_true, num_sampled, unique, range_max, seed, seed2):
        _check_true_classes(true_classes, num_true, num_sampled, unique, range_max)
        key, base = ctx.random_stream(seed, seed2, range_sampler.reserved_blocks(num_sampled))
        sampled, tries = range_sampler.sample(kind, key, base, num_sampled, unique, range_max)
        sampled_count = range_sampler.expected_count(range_sampler.probability(kind, sampled, range_max),
                                                     num_sampled, tries)
        true_count = range_sampler.expected_count(range_sampler.probability(kind, true_classes, range_max),
                                                  num_sampled, tries)
        return sampled, true_count, sampled_count

    return kernel


def _declare_sampler(op_type: str, kind: str, doc: str):
    body = dict(infer=_sampler_infer(op_type), kernel=_sampler_kernel(kind), grad=NOT_DIFFERENTIABLE, __doc__=doc)
    return op(op_type, inputs=("true_classes",), attrs=_SAMPLER_ATTRS, stateful=True, type_attrs={})(
        type(op_type, (), body))


UniformCandidateSampler = _declare_sampler(
    "UniformCandidateSampler", "uniform", "num_sampled classes drawn uniformly from [0, range_max), with their "
    "expected counts and those of the true classes.")
LogUniformCandidateSampler = _declare_sampler(
    "LogUniformCandidateSampler", "log_uniform", "num_sampled classes from the log-uniform (Zipfian) "
    "distribution P(c) = log((c + 2) / (c + 1)) / log(range_max + 1), with their expected counts.")


@op("AllCandidateSampler", inputs=("true_classes",), attrs=dict(num_true=None, num_sampled=None, unique=None,
                                                                 seed=0, seed2=0), stateful=True, type_attrs={})
class AllCandidateSampler:
    """Every class 0 .. num_sampled-1 (no randomness), expected counts all 1."""

    def infer(true_classes, num_true, num_sampled, unique, seed, seed2):
        return _sampler_infer("AllCandidateSampler")(true_classes, num_true, num_sampled, unique, num_sampled,
                                                     seed, seed2)

    def kernel(ctx, xp, true_classes, num_true, num_sampled, unique, seed, seed2):
        _check_true_classes(true_classes, num_true, num_sampled, unique, num_sampled)
        ctx.random_stream(seed, seed2, range_sampler.reserved_blocks(num_sampled))
        return (xp.arange(num_sampled, dtype=xp.int64), xp.ones(true_classes.shape, xp.float32),
                xp.ones((num_sampled,), xp.float32))

    grad = NOT_DIFFERENTIABLE


def _sampler(opdef, public: str, true_classes, num_true, num_sampled, unique, range_max, seed, name):
    op_type = opdef.type
    seed1, seed2 = get_seed(seed)
    with get_default_graph().name_scope(name or op_type) as scope:
        for attr, value in (("num_true", num_true), ("num_sampled", num_sampled)) + (
                () if range_max is None else (("range_max", range_max),)):
            if not isinstance(value, (int, np.integer)) or isinstance(value, bool):
                raise TypeError(f"Expected int for argument '{attr}' not {value!r}.")
        if not isinstance(unique, (bool, np.bool_)):
            raise TypeError(f"Expected bool for argument 'unique' not {unique!r}.")
        minimums = dict(num_true=(num_true, 1), num_sampled=(num_sampled, 1))
        if range_max is not None:
            minimums["range_max"] = (range_max, 1)
        _check_int_attrs(op_type, minimums)
        true_classes = convert_to_tensor(true_classes, dtype=None if isinstance(true_classes, Tensor)
                                         else dtypes.int64, name="true_classes")
        attrs = dict(num_true=int(num_true), num_sampled=int(num_sampled), unique=bool(unique), seed=seed1 or 0,
                     seed2=seed2 or 0)
        if range_max is not None:
            attrs["range_max"] = int(range_max)
        result = opdef(true_classes, name=scope, **attrs)
    return _RESULTS[op_type](*result)


_RESULTS = {name: collections.namedtuple(name, _OUTPUTS)
            for name in ("UniformCandidateSampler", "LogUniformCandidateSampler", "AllCandidateSampler")}


@tf_export("random.uniform_candidate_sampler", "nn.uniform_candidate_sampler")
def uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max, seed=None, name=None):
    """`tf.random.uniform_candidate_sampler`: (sampled_candidates, true_expected_count,
    sampled_expected_count) with candidates uniform over [0, range_max)."""
    return _sampler(UniformCandidateSampler, "uniform_candidate_sampler", true_classes, num_true, num_sampled,
                    unique, range_max, seed, name)


@tf_export("random.log_uniform_candidate_sampler", "nn.log_uniform_candidate_sampler")
def log_uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max, seed=None, name=None):
    """`tf.random.log_uniform_candidate_sampler`: candidates from the log-uniform (Zipfian) distribution
    over [0, range_max) and their expected counts."""
    return _sampler(LogUniformCandidateSampler, "log_uniform_candidate_sampler", true_classes, num_true,
                    num_sampled, unique, range_max, seed, name)


@tf_export("random.all_candidate_sampler", "nn.all_candidate_sampler")
def all_candidate_sampler(true_classes, num_true, num_sampled, unique, seed=None, name=None):
    """`tf.random.all_candidate_sampler`: all classes 0 .. num_sampled-1, expected counts 1."""
    return _sampler(AllCandidateSampler, "all_candidate_sampler", true_classes, num_true, num_sampled, unique,
                    None, seed, name)


# --- accidental hits -------------------------------------------------------------------------

@op("ComputeAccidentalHits", inputs=("true_classes", "sampled_candidates"),
    attrs=dict(num_true=None, seed=0, seed2=0), type_attrs={})
class ComputeAccidentalHits:
    """(indices, ids, weights): for every true class (row i, in row-major order) that was also sampled,
    its row, its position among the sampled candidates (the last, if repeated) and weight -FLT_MAX."""

    def infer(true_classes, sampled_candidates, num_true, seed, seed2):
        for name, t in (("true_classes", true_classes), ("sampled_candidates", sampled_candidates)):
            if t.dtype.base_dtype is not dtypes.int64:
                raise TypeError(f"Input '{name}' of 'ComputeAccidentalHits' Op has type {t.dtype.base_dtype.name} "
                                "that does not match expected type of int64.")
        dims = shape_fns.with_rank("ComputeAccidentalHits", true_classes.shape, 2).as_list()
        if dims[1] is not None and dims[1] != num_true:
            raise ValueError(f"Dimension must be {num_true} but is {dims[1]} for 'ComputeAccidentalHits'")
        shape_fns.with_rank("ComputeAccidentalHits", sampled_candidates.shape, 1)
        return [(dtypes.int32, [None]), (dtypes.int64, [None]), (dtypes.float32, [None])]

    def kernel(xp, true_classes, sampled_candidates, num_true, seed, seed2):
        if true_classes.ndim != 2 or true_classes.shape[1] != num_true:
            raise errors.InvalidArgumentError(None, None, "true_candidates must be a batch_size * num_true matrix")
        if sampled_candidates.ndim != 1:
            raise errors.InvalidArgumentError(None, None, "sampled_candidates must be a vector, which is typically "
                                                          "an output from CandidateSampler")
        n = sampled_candidates.shape[0]
        values, first_from_end = np.unique(sampled_candidates[::-1], return_index=True)
        last_position = n - 1 - first_from_end
        flat = true_classes.reshape(-1)
        where = np.clip(np.searchsorted(values, flat), 0, max(values.size - 1, 0))
        hit = (values[where] == flat) if values.size else np.zeros(flat.shape, bool)
        rows = np.flatnonzero(hit) // max(num_true, 1)
        return (rows.astype(np.int32), last_position[where[hit]].astype(np.int64),
                np.full(rows.shape, -np.finfo(np.float32).max, np.float32))

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([[1, 5], [2, 3]], np.int64), np.array([5, 0, 2, 5], np.int64)), dict(num_true=2)),
               ((np.array([[4]], np.int64), np.array([1, 2], np.int64)), dict(num_true=1))]


_AccidentalHits = collections.namedtuple("ComputeAccidentalHits", ["indices", "ids", "weights"])


@tf_export("nn.compute_accidental_hits")
def compute_accidental_hits(true_classes, sampled_candidates, num_true, seed=None, name=None):
    """`tf.nn.compute_accidental_hits`: where sampled candidates match true classes (see ComputeAccidentalHits)."""
    seed1, seed2 = get_seed(seed)
    with get_default_graph().name_scope(name or "ComputeAccidentalHits") as scope:
        true_classes = convert_to_tensor(true_classes, name="true_classes")
        sampled_candidates = convert_to_tensor(sampled_candidates, name="sampled_candidates")
        return _AccidentalHits(*ComputeAccidentalHits(true_classes, sampled_candidates, num_true=int(num_true),
                                                      seed=seed1 or 0, seed2=seed2 or 0, name=scope))


# --- sampled losses --------------------------------------------------------------------------

def _sum_rows(x: Tensor) -> Tensor:
    """TF's `_sum_rows`: x @ ones([cols, 1]), flattened (a MatMul, for a faster gradient than Sum)."""
    from .array import ones, reshape, shape, stack
    from .matmul import matmul

    cols = shape(x)[1]
    return reshape(matmul(x, ones(stack([cols, 1]), x.dtype.base_dtype)), [-1])


def _compute_sampled_logits(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1,
                            sampled_values=None, subtract_log_q=True, remove_accidental_hits=False,
                            partition_strategy="mod", name=None, seed=None):
    """TF's `nn_impl._compute_sampled_logits`: (logits [batch, num_true + num_sampled], labels like them)."""
    from .array import (concat, expand_dims, ones_like, reshape, shape, stack, stop_gradient,
                        zeros_like)
    from .array_transform import slice as slice_
    from .math import cast, log, multiply
    from .matmul import matmul
    from .nn import embedding_lookup
    from .sparse_to_dense import sparse_to_dense

    if not isinstance(weights, list):
        weights = list(weights) if isinstance(weights, tuple) else [weights]
    with get_default_graph().name_scope(name or "compute_sampled_logits"):
        labels = convert_to_tensor(labels)
        if labels.dtype.base_dtype is not dtypes.int64:
            labels = cast(labels, dtypes.int64)
        labels_flat = reshape(labels, [-1])
        if sampled_values is None:
            sampled_values = log_uniform_candidate_sampler(true_classes=labels, num_true=num_true,
                                                           num_sampled=num_sampled, unique=True,
                                                           range_max=num_classes, seed=seed)
        sampled, true_expected_count, sampled_expected_count = (stop_gradient(s) for s in sampled_values)
        sampled = cast(sampled, dtypes.int64)
        all_ids = concat([labels_flat, sampled], 0)
        inputs = convert_to_tensor(inputs)
        all_w = embedding_lookup(weights, all_ids, partition_strategy=partition_strategy)
        if all_w.dtype.base_dtype is not inputs.dtype.base_dtype:
            all_w = cast(all_w, inputs.dtype.base_dtype)
        true_w = slice_(all_w, [0, 0], stack([shape(labels_flat)[0], -1]))
        sampled_w = slice_(all_w, stack([shape(labels_flat)[0], 0]), [-1, -1])
        sampled_logits = matmul(inputs, sampled_w, transpose_b=True)
        all_b = embedding_lookup(biases, all_ids, partition_strategy=partition_strategy)
        if all_b.dtype.base_dtype is not inputs.dtype.base_dtype:
            all_b = cast(all_b, inputs.dtype.base_dtype)
        true_b = slice_(all_b, [0], shape(labels_flat))
        sampled_b = slice_(all_b, shape(labels_flat), [-1])
        dim = shape(true_w)[1:2]
        new_true_w_shape = concat([[-1, num_true], dim], 0)
        row_wise_dots = multiply(expand_dims(inputs, 1), reshape(true_w, new_true_w_shape))
        dots_as_matrix = reshape(row_wise_dots, concat([[-1], dim], 0))
        true_logits = reshape(_sum_rows(dots_as_matrix), [-1, num_true])
        true_b = reshape(true_b, [-1, num_true])
        true_logits += true_b
        sampled_logits += sampled_b
        if remove_accidental_hits:
            acc_indices, acc_ids, acc_weights = compute_accidental_hits(labels, sampled, num_true=num_true)
            acc_indices_2d = reshape(acc_indices, [-1, 1])
            acc_ids_2d_int32 = reshape(cast(acc_ids, dtypes.int32), [-1, 1])
            sparse_indices = concat([acc_indices_2d, acc_ids_2d_int32], 1, "sparse_indices")
            sampled_logits_shape = concat([shape(labels)[:1], expand_dims(num_sampled, 0)], 0)
            if sampled_logits.dtype.base_dtype is not acc_weights.dtype.base_dtype:
                acc_weights = cast(acc_weights, sampled_logits.dtype.base_dtype)
            sampled_logits += sparse_to_dense(sparse_indices, sampled_logits_shape, acc_weights,
                                              default_value=0.0, validate_indices=False)
        if subtract_log_q:
            true_logits -= log(true_expected_count)
            sampled_logits -= log(sampled_expected_count)
        out_logits = concat([true_logits, sampled_logits], 1)
        out_labels = concat([ones_like(true_logits) / num_true, zeros_like(sampled_logits)], 1)
        return out_logits, out_labels


@tf_export("nn.nce_loss")
def nce_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1, sampled_values=None,
             remove_accidental_hits=False, partition_strategy="mod", name="nce_loss") -> Tensor:
    """`tf.nn.nce_loss`: per-example noise-contrastive estimation losses (sigmoid cross entropy of the true
    and the sampled logits, log expected counts subtracted), summed over each row."""
    from .nn_xent import sigmoid_cross_entropy_with_logits

    logits, labels = _compute_sampled_logits(
        weights=weights, biases=biases, labels=labels, inputs=inputs, num_sampled=num_sampled,
        num_classes=num_classes, num_true=num_true, sampled_values=sampled_values, subtract_log_q=True,
        remove_accidental_hits=remove_accidental_hits, partition_strategy=partition_strategy, name=name)
    sampled_losses = sigmoid_cross_entropy_with_logits(labels=labels, logits=logits, name="sampled_losses")
    return _sum_rows(sampled_losses)


@tf_export("nn.sampled_softmax_loss")
def sampled_softmax_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1,
                         sampled_values=None, remove_accidental_hits=True, partition_strategy="mod",
                         name="sampled_softmax_loss", seed=None) -> Tensor:
    """`tf.nn.sampled_softmax_loss`: per-example softmax cross entropy over the true and sampled classes."""
    from .array import stop_gradient
    from .nn_xent import softmax_cross_entropy_with_logits_v2

    logits, labels = _compute_sampled_logits(
        weights=weights, biases=biases, labels=labels, inputs=inputs, num_sampled=num_sampled,
        num_classes=num_classes, num_true=num_true, sampled_values=sampled_values, subtract_log_q=True,
        remove_accidental_hits=remove_accidental_hits, partition_strategy=partition_strategy, name=name, seed=seed)
    labels = stop_gradient(labels, name="labels_stop_gradient")
    return softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
