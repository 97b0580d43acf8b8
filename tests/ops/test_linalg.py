"""Linear-algebra ops: values vs NumPy, static shapes, TF's errors, gradients of the matrix ops."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.framework import errors
from sessionflow.framework.registry import REGISTRY

SPD = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.25], [0.5, 0.25, 2.0]])


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()


def run(t, feed=None):
    with tf.Session() as sess:
        return sess.run(t, feed_dict=feed)


def test_inverse_determinant_cholesky_match_numpy():
    m = tf.constant(SPD)
    inv, det, chol = run([tf.matrix_inverse(m), tf.matrix_determinant(m), tf.cholesky(m)])
    np.testing.assert_allclose(inv, np.linalg.inv(SPD))
    np.testing.assert_allclose(det, np.linalg.det(SPD))
    np.testing.assert_allclose(chol, np.linalg.cholesky(SPD))
    assert tf.linalg.inv is tf.matrix_inverse and tf.linalg.det is tf.matrix_determinant


def test_singular_inverse_is_invalid_argument():
    with pytest.raises(errors.InvalidArgumentError, match="not invertible"):
        run(tf.matrix_inverse(tf.zeros([2, 2])))


def test_non_square_and_low_rank_inputs_raise_at_construction():
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3 for 'MatrixInverse'"):
        tf.matrix_inverse(tf.ones([2, 3]))
    with pytest.raises(ValueError, match="at least rank 2"):
        tf.cholesky(tf.ones([3]))


def test_batched_shapes_and_unknown_dims():
    x = tf.placeholder(tf.float32, [None, 3, 3])
    assert tf.matrix_determinant(x).shape.as_list() == [None]
    assert tf.matrix_diag_part(x).shape.as_list() == [None, 3]
    assert tf.matrix_diag(tf.placeholder(tf.float32, [None, 4])).shape.as_list() == [None, 4, 4]
    assert tf.einsum("bij,bjk->bik", x, x).shape.as_list() == [None, 3, 3]


def test_diagonals_and_band_part():
    got = run([tf.matrix_diag([1, 2]), tf.linalg.diag([1.0, 2.0], k=1), tf.matrix_diag_part([[1, 2], [3, 4]]),
               tf.linalg.diag_part(tf.constant(SPD), k=-1), tf.matrix_band_part(tf.ones([3, 3]), 0, -1)])
    assert got[0].tolist() == [[1, 0], [0, 2]]
    assert got[1].tolist() == [[0, 1, 0], [0, 0, 2], [0, 0, 0]]
    assert got[2].tolist() == [1, 4]
    assert got[3].tolist() == [1.0, 0.25]
    assert got[4].tolist() == np.triu(np.ones((3, 3))).tolist()


def test_eye_and_tensordot_and_einsum():
    assert tf.eye(3).name == "eye/diag:0"
    assert run(tf.eye(2, 3, batch_shape=[2], dtype=tf.int32)).tolist() == [[[1, 0, 0], [0, 1, 0]]] * 2
    a = np.arange(24.0).reshape(2, 3, 4)
    b = np.arange(20.0).reshape(4, 5)
    np.testing.assert_allclose(run(tf.tensordot(a, b, axes=1)), np.tensordot(a, b, axes=1))
    np.testing.assert_allclose(run(tf.tensordot(a, a, axes=[[1, 2], [1, 2]])), np.tensordot(a, a, [[1, 2], [1, 2]]))
    e = tf.einsum("ij,jk->ik", tf.ones([2, 3]), tf.ones([3, 4]))
    assert e.name == "einsum/Einsum:0" and e.shape.as_list() == [2, 4]
    assert run(tf.einsum("ii", tf.constant(SPD))) == pytest.approx(9.0)


def test_matrix_transpose():
    t = tf.matrix_transpose(tf.ones([2, 3, 4]))
    assert t.name == "matrix_transpose/transpose:0" and t.shape.as_list() == [2, 4, 3]


def test_batch_matmul_broadcasts_and_adjoints():
    a = np.arange(12.0).reshape(2, 1, 2, 3)
    b = np.arange(18.0).reshape(3, 3, 2)
    t = tf.matmul(a, b)
    assert t.op.type == "BatchMatMulV2" and t.shape.as_list() == [2, 3, 2, 2]
    np.testing.assert_allclose(run(t), np.matmul(a, b))
    np.testing.assert_allclose(run(tf.matmul(a, a, adjoint_b=True)), np.matmul(a, np.swapaxes(a, -1, -2)))


def test_norm_and_trace_when_reductions_exist():
    pytest.importorskip("sessionflow.ops.reduction")
    x = tf.constant([[3.0, -4.0], [0.0, 0.0]])
    got = run([tf.norm(x), tf.norm(x, ord=1, axis=1), tf.norm(x, ord=np.inf, axis=1), tf.trace(tf.constant(SPD))])
    assert got[0] == pytest.approx(5.0)
    assert got[1].tolist() == [7.0, 0.0]
    assert got[2].tolist() == [4.0, 0.0]
    assert got[3] == pytest.approx(9.0)


@pytest.mark.parametrize("op_type", ["MatrixInverse", "MatrixDeterminant", "Cholesky", "MatrixDiagV3",
                                     "MatrixDiagPartV3", "MatrixBandPart", "Einsum", "BatchMatMulV2"])
def test_linalg_ops_declare_grad_and_samples(op_type):
    assert REGISTRY[op_type].grad is not None and REGISTRY[op_type].samples
