"""Integer division and modulo (FloorDiv, FloorMod, TruncateDiv, TruncateMod, the `//` and `%`
operators, tf.div) and integer Pow: an element-wise op whose result is empty divides nothing (no
error even with a zero divisor, as in the gradient of a sum over a scalar); a zero divisor that is
used fails with TF's error and words."""

from __future__ import annotations

import numpy as np

from .harness import attempt, registry

PROGRAMS, program = registry()


def _run(tf, build):
    graph = tf.Graph()
    with graph.as_default():
        t = build()
        with tf.Session() as sess:
            value = sess.run(t)
    return {"type": t.op.type, "dtype": t.dtype.name, "value": value, "shape": list(value.shape)}


@program
def integer_division_by_zero(tf):
    empty = np.zeros([0], np.int32)
    cases = {
        "floormod_empty": lambda: tf.floormod(tf.constant(empty), 0),
        "floordiv_empty": lambda: tf.floordiv(tf.constant(empty), 0),
        "truncatediv_empty": lambda: tf.truncatediv(tf.constant(empty), 0),
        "truncatemod_empty": lambda: tf.truncatemod(tf.constant(empty), 0),
        "div_empty": lambda: tf.div(tf.constant(empty), 0),
        "mod_empty": lambda: tf.mod(tf.constant(empty), 0),
        "operator_floordiv_empty": lambda: tf.constant(empty) // 0,
        "operator_mod_empty": lambda: tf.constant(empty) % 0,
        "broadcast_empty_rows": lambda: tf.floormod(tf.zeros([0, 3], tf.int32), tf.constant([1, 0, 2])),
        "empty_divisor": lambda: tf.floormod(5, tf.constant(empty)),
        "int64_empty": lambda: tf.floordiv(tf.zeros([2, 0], tf.int64), tf.constant(0, tf.int64)),
        "pow_negative_empty": lambda: tf.pow(tf.constant(empty), -2),
        "floormod_zero": lambda: tf.floormod(tf.constant([1, 2]), tf.constant([1, 0])),
        "floordiv_zero": lambda: tf.floordiv(tf.constant([1, 2]), 0),
        "truncatediv_zero": lambda: tf.truncatediv(tf.constant([1, 2]), 0),
        "truncatemod_zero": lambda: tf.truncatemod(tf.constant([1, 2]), 0),
        "div_zero": lambda: tf.div(tf.constant([1, 2]), 0),
        "int64_floormod_zero": lambda: tf.floormod(tf.constant([1], tf.int64), tf.constant([0], tf.int64)),
        "uint8_floordiv_zero": lambda: tf.floordiv(tf.constant([1], tf.uint8), tf.constant([0], tf.uint8)),
        "scalar_by_vector_with_zero": lambda: tf.floordiv(7, tf.constant([2, 0])),
        "pow_negative": lambda: tf.pow(tf.constant([2, 3]), tf.constant([1, -2])),
        "truncatediv_signs": lambda: tf.truncatediv(tf.constant([-7, 7]), tf.constant([2, -2])),
        "floordiv_signs": lambda: tf.floordiv(tf.constant([-7, 7]), tf.constant([2, -2])),
        "floormod_signs": lambda: tf.floormod(tf.constant([-7, 7]), tf.constant([2, -2])),
        "truncatemod_signs": lambda: tf.truncatemod(tf.constant([-7, 7]), tf.constant([2, -2])),
        "floordiv_float_zero": lambda: tf.floordiv(tf.constant([1.0, -1.0, 0.0]), 0.0),
        "floormod_float_zero": lambda: tf.floormod(tf.constant([1.0, -1.0, 0.0]), 0.0),
        "truncatemod_float": lambda: tf.truncatemod(tf.constant([-7.5, 7.5]), tf.constant([2.0, 0.0])),
    }
    return {name: attempt(lambda build=build: _run(tf, build)) for name, build in cases.items()}


@program
def sum_gradient_of_scalar(tf):
    """tf.reduce_sum of a rank-0 value of unknown static shape: its gradient takes FloorMod(axes, rank)
    over an empty axes vector with rank 0."""
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32)
        w = tf.Variable(2.0)
        total = tf.reduce_sum(tf.square(x * w))
        grad = tf.gradients(total, [w, x])
        with tf.Session() as sess:
            sess.run(w.initializer)
            return {"scalar": sess.run(grad, {x: 1.5}), "vector": sess.run(grad, {x: [1.0, -2.0]})}
