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
