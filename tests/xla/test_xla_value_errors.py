"""Bad values fed to a compiled plan get TF's errors, as on NumPy: a label out of range in the sparse
softmax cross-entropy, a singular matrix to invert (each a deferred check: the run goes again on NumPy,
which raises; the plan stays compiled for the good runs around it)."""

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.runtime.backends import xla_select

pytest.importorskip("jax")


def _runs(build, good, bad):
    xla_select.set_backend("xla")
    try:
        tf.reset_default_graph()
        fetch, holder = build()
        with tf.Session() as sess:
            first = sess.run(fetch, {holder: good})
            with pytest.raises(tf.errors.InvalidArgumentError) as caught:
                sess.run(fetch, {holder: bad})
            again = sess.run(fetch, {holder: good})
            executable = sess._executable((fetch,), {holder: None})
            return first, caught.value, again, executable.backend
    finally:
        xla_select.set_backend(None)


def test_sparse_softmax_cross_entropy_label_out_of_range():
    def build():
        labels = tf.placeholder(tf.int32, [None])
        return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=tf.ones([2, 3])), labels

    first, error, again, backend = _runs(build, [0, 2], [0, 3])
    assert error.message == ("Received a label value of 3 which is outside the valid range of [0, 3).  "
                             "Label values: 0 3")
    np.testing.assert_allclose(first, [np.log(3.0)] * 2, rtol=1e-6)
    np.testing.assert_array_equal(again, first)
    assert backend == "xla"


def test_matrix_inverse_of_a_singular_matrix():
    def build():
        m = tf.placeholder(tf.float32, [2, 2])
        return tf.matrix_inverse(m), m

    first, error, again, backend = _runs(build, [[2.0, 0.0], [0.0, 1.0]], [[1.0, 1.0], [1.0, 1.0]])
    assert error.message == "Input is not invertible."
    np.testing.assert_allclose(first, [[0.5, 0.0], [0.0, 1.0]])
    np.testing.assert_array_equal(again, first)
    assert backend == "xla"
