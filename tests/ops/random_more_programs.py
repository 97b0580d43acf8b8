"""Small TF1 programs over the stateless categorical draws, shuffles and index shuffles and the unigram
candidate samplers, run both by tools/record_special.py (on TensorFlow, which writes
tests/ops/goldens/random_more.json) and by tests/ops/test_random_more.py (on sessionflow)."""

import numpy as np
from plainops_programs import run_error

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


@case
def stateless_categorical(tf, run):
    logits = tf.constant([[0.0, 1.0, 2.0, -1.0], [3.0, 0.5, -np.inf, 0.0], [-2.0, -2.0, -2.0, -2.0]])
    out = {}
    for i, seed in enumerate([[1, 2], [7, -3], [123456, 654321], [0, 0]]):
        out[f"cat{i}"] = tf.random.stateless_categorical(logits, 20, seed)
        out[f"mult{i}"] = tf.random.stateless_multinomial(logits, 7, tf.constant(seed, tf.int64),
                                                          output_dtype=tf.int32)
    wide = tf.random.stateless_categorical(tf.constant(np.linspace(-3, 3, 60).reshape(3, 20), tf.float64), 33,
                                           [5, 6])
    y = out["cat0"]
    return dict(run(out), wide=run(wide), name=y.op.name + ":" + y.op.type, shape=str(y.shape))


@case
def stateless_shuffle(tf, run):
    out = {}
    for i, seed in enumerate([[1, 2], [9, 8], [-5, 77]]):
        out[f"s{i}"] = tf.random.experimental.stateless_shuffle(tf.range(17), seed)
        out[f"m{i}"] = tf.random.experimental.stateless_shuffle(tf.reshape(tf.range(12.0), [6, 2]), seed)
    y = out["s0"]
    return dict(run(out), name=y.op.name + ":" + y.op.type)


@case
def index_shuffle(tf, run):
    out = {}
    for i, (seed, top) in enumerate([([5, 9], 3), ([5, 8], 9), ([1, 2], 1000), ([3, 4], 65536), ([-1, 7], 2 ** 20),
                                     ([11, 12], 2 ** 33 + 5), ([0, 0], 0), ([2, 3], 1)]):
        dtype = tf.int64 if top > 2 ** 31 else tf.int32
        idx = tf.constant([min(v, top) for v in (0, 1, 2, top // 2, top)], dtype)
        out[f"v{i}"] = tf.random.experimental.index_shuffle(idx, seed, tf.constant(top, dtype))
    out["scalar"] = tf.random.experimental.index_shuffle(3, [5, 9], 7)
    out["batched_seed"] = tf.random_index_shuffle(tf.constant([1, 1, 1], tf.int64),
                                                  tf.constant([[1, 2, 3], [3, 4, 5], [5, 6, 7]], tf.int64),
                                                  tf.constant(50, tf.int64))
    out["raw"] = tf.random_index_shuffle(tf.constant(4, tf.int64), tf.constant([1, 2, 3], tf.int64),
                                         tf.constant(100, tf.int64), rounds=6)
    out["uint"] = tf.random_index_shuffle(tf.constant([5, 6], tf.uint32), tf.constant([1, 2, 3], tf.uint32),
                                          tf.constant(300000, tf.uint32))
    y = out["v0"]
    full = tf.random.experimental.index_shuffle(tf.range(40), [4, 2], 39)
    return dict(run(out), full=run(full), name=y.op.name + ":" + y.op.type)


@case
def index_shuffle_errors(tf, run):
    idx = tf.placeholder(tf.int32)
    y = tf.random_index_shuffle(idx, tf.constant([1, 2, 3]), tf.constant([5, 6, 7]))
    return dict(bad_index=run_error(run, y, {idx: [1, 2]}), ok=run(y, {idx: [1, 2, 3]}).tolist(),
                over=run_error(run, y, {idx: [1, 9, 3]}))


def _sampler_outputs(result):
    return dict(sampled=result.sampled_candidates, true=result.true_expected_count,
                sampled_count=result.sampled_expected_count)


@case
def fixed_unigram_sampler(tf, run):
    tf.set_random_seed(3)
    tc = tf.constant([[0, 3], [5, 1], [7, 7]], tf.int64)
    counts = [5.0, 1.0, 0.5, 9.0, 3.0, 0.0, 2.0, 7.0, 1.5, 4.0]
    outs = {}
    for i, (unique, distortion) in enumerate([(True, 1.0), (False, 1.0), (True, 0.75), (False, 0.3)]):
        r = tf.random.fixed_unigram_candidate_sampler(tc, 2, 6, unique, 10, distortion=distortion, unigrams=counts,
                                                      seed=i + 1)
        outs[f"s{i}"] = _sampler_outputs(r)
    shard = tf.nn.fixed_unigram_candidate_sampler(tc[:, :1] * 0 + 1, 1, 4, True, 7, num_reserved_ids=3,
                                                  num_shards=2, shard=1, unigrams=counts + [1.0, 2.0], seed=9)
    outs["shard"] = _sampler_outputs(shard)
    first = run(outs)
    again = run(outs["s0"])  # the op's stream moves on between runs
    names = {k: outs[k]["sampled"].op.name + ":" + outs[k]["sampled"].op.type for k in ("s0", "shard")}
    bad = tf.random.fixed_unigram_candidate_sampler(tc, 2, 3, False, 9, unigrams=counts, seed=1)
    return dict(first=first, again=again, names=names, bad_range=run_error(run, bad.sampled_candidates))


@case
def learned_unigram_sampler(tf, run):
    tc = tf.placeholder(tf.int64, [None, 1])
    r = tf.random.learned_unigram_candidate_sampler(tc, 1, 5, True, 12, seed=4)
    r2 = tf.nn.learned_unigram_candidate_sampler(tc, 1, 8, False, 12, seed=5)
    outs = []
    for batch in ([[3], [3], [7]], [[3], [1], [11]], [[0], [3], [3]], [[5], [5], [5]]):
        outs.append(run(dict(a=_sampler_outputs(r), b=_sampler_outputs(r2)), {tc: batch}))
    return dict(runs=outs, name=r.sampled_candidates.op.name + ":" + r.sampled_candidates.op.type)


@case
def stateless_binomial(tf, run):
    out = {}
    counts = tf.constant([[3.0, 20.0, 100.0, 1000.0], [7.0, 50.0, 0.0, 12.0]])
    probs = tf.constant([[0.1, 0.5, 0.3, 0.05], [0.9, 0.75, 0.5, 0.0]])
    for i, seed in enumerate([[1, 2], [33, -4], [2020, 7]]):
        out[f"b{i}"] = tf.random.stateless_binomial([5, 2, 4], seed, counts, probs)
    out["f64"] = tf.random.stateless_binomial([6, 3], [5, 6], tf.constant([9.0, 400.0, 30.0], tf.float64),
                                              tf.constant([0.999, 0.02, 0.6], tf.float64), output_dtype=tf.float64)
    out["scalar"] = tf.random.stateless_binomial([10], [3, 3], 40.0, 0.35, output_dtype=tf.float32)
    out["nan"] = tf.random.stateless_binomial([2, 2], [3, 3], [5.0, 5.0], [np.nan, 1.0], output_dtype=tf.float32)
    y = out["b0"]
    return dict(run(out), name=y.op.name + ":" + y.op.type, shape=str(y.shape),
                bad=run_error(run, tf.random.stateless_binomial([3, 5], [1, 1], counts, probs)))


@case
def stateless_parameterized_truncated_normal(tf, run):
    out = {}
    fn = tf.random.stateless_parameterized_truncated_normal
    for i, seed in enumerate([[1, 2], [8, -9]]):
        out[f"default{i}"] = fn([7, 3], seed)
        # per column: randn sampler, uniform sampler (narrow), exponential sampler (far tail), flipped bounds
        out[f"mixed{i}"] = fn([5, 4], seed, means=[0.0, 1.0, 0.0, 3.0], stddevs=[1.0, 2.0, 0.5, 1.0],
                              minvals=[-3.0, 0.5, 2.0, -np.inf], maxvals=[3.0, 1.5, np.inf, 1.0])
    out["f64"] = fn([6, 3], [4, 4], means=tf.constant([0.0, -2.0, 5.0], tf.float64),
                    stddevs=tf.constant(1.5, tf.float64), minvals=tf.constant([-1.0, -10.0, 9.0], tf.float64),
                    maxvals=tf.constant([0.5, 10.0, 20.0], tf.float64))
    y = out["default0"]
    bad = fn([4], [1, 1], stddevs=-1.0)
    return dict(run(out), name=y.op.name + ":" + y.op.type, shape=str(y.shape), bad=run_error(run, bad))
