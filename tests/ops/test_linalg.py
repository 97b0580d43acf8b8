"""Linear-algebra ops: values vs NumPy, static shapes, TF's errors, gradients of the matrix ops."""

from __future__ import annotations

import re

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
    with pytest.raises(ValueError, match=re.escape(
            "Dimensions must be equal, but are 2 and 3 for '{{node MatrixInverse}} = MatrixInverse[T=DT_FLOAT, "
            "adjoint=false](ones)' with input shapes: [2,3].")):
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


# --- einsum with ellipses (static shapes, equations and errors recorded from TF 2.21) -------------

def test_einsum_ellipsis_static_shapes_match_tf():
    p = tf.placeholder
    assert tf.einsum("...ij,...jk->...ik", p(tf.float32, [2, 1, 3, 4]), p(tf.float32, [5, 4, 6])).shape.as_list() == \
        [2, 5, 3, 6]
    assert tf.einsum("...ij,jk", p(tf.float32, [None, 2, 3, 4]), tf.ones([4, 5])).shape.as_list() == [None, 2, 3, 5]
    assert tf.einsum("...ij,...jk->...ik", p(tf.float32, [None, 3, 4]), p(tf.float32, [1, 4, 6])).shape.as_list() == \
        [None, 3, 6]
    assert tf.einsum("...ij,...jk->...ik", p(tf.float32, [2, 1, None, 4]), p(tf.float32, [None, 4, 5])).shape.as_list() \
        == [2, None, None, 5]
    assert tf.einsum("...ij,...jk->...ik", p(tf.float32), p(tf.float32, [5, 4, 6])).shape.ndims is None
    assert tf.einsum("ij...,jk...->ik...", p(tf.float32, [2, 3, 7]), p(tf.float32, [3, 4, 1])).shape.as_list() == \
        [2, 4, 7]
    assert tf.einsum("i...->...", p(tf.float32, [3, 4, 5])).shape.as_list() == [4, 5]
    assert tf.einsum("...,...->...", p(tf.float32, [2, 3]), p(tf.float32, [3])).shape.as_list() == [2, 3]
    assert tf.einsum("...ij,jk->ik", p(tf.float32), p(tf.float32, [3, 4])).shape.as_list() == [None, 4]


def test_einsum_records_tfs_resolved_equation():
    def equation(eq, *shapes):
        return tf.einsum(eq, *[tf.ones(s) for s in shapes]).op.get_attr("equation").decode()

    assert equation("...ij,...jk->...ik", [2, 3, 4], [4, 5]) == "...ij,...jk->...ik"
    assert equation("...ij,jk", [2, 3, 4], [4, 5]) == "...ij,jk->...ik"
    assert equation("ij, jk", [3, 4], [4, 5]) == "ij,jk->ik"
    assert equation("ba", [2, 3]) == "ba->ab"
    assert equation("Ab,b", [2, 3], [3]) == "Ab,b->A"


def test_einsum_ellipsis_errors_match_tf():
    p = tf.placeholder
    with pytest.raises(ValueError, match=re.escape(
            "Dimensions must be equal, but are 2 and 5 for '{{node einsum/Einsum}} = Einsum[N=2, T=DT_FLOAT, "
            "equation=\"...ij,...jk->...ik\"](Placeholder, Placeholder_1)' with input shapes: [2,3,4], [5,4,6].")):
        tf.einsum("...ij,...jk->...ik", p(tf.float32, [2, 3, 4]), p(tf.float32, [5, 4, 6]))
    with pytest.raises(ValueError, match="Shape must be at most rank 0 but is rank 1\n\t for einsum equation "
                                         r"'\.\.\.ij,\.\.\.jk->ik' without ellipsis"):
        tf.einsum("...ij,...jk->ik", p(tf.float32, [2, 3, 4]), p(tf.float32, [2, 4, 6]))
    with pytest.raises(ValueError, match="Shape must be at most rank 0 but is rank 2"):
        tf.einsum("...i,...i", p(tf.float32, [3, 4, 5]), p(tf.float32, [4, 5]))  # TF resolves it to "...i,...i->"
    with pytest.raises(ValueError, match="Shape must be at least rank 2 but is rank 1\n\t for 0th input"):
        tf.einsum("...ij,...jk->...ik", p(tf.float32, [3]), p(tf.float32, [3, 4]))
    with pytest.raises(ValueError, match="Shape must be rank 2 but is rank 3\n\t for 0th input"):
        tf.einsum("ij,jk->ik", p(tf.float32, [2, 3, 4]), p(tf.float32, [3, 4]))
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 1"):
        tf.einsum("ij,jk->ik", p(tf.float32, [2, 3]), p(tf.float32, [1, 6]))
    with pytest.raises(ValueError, match="Subscripts have incorrect format: i.j"):
        tf.einsum("i.j", p(tf.float32, [2, 3]))
    with pytest.raises(ValueError, match="Expected at most one ellipsis"):
        tf.einsum("...ij...", p(tf.float32, [2, 3]))
    with pytest.raises(ValueError, match="Output subscripts contain a label appearing more than once"):
        tf.einsum("ij->iij", p(tf.float32, [2, 3]))
    with pytest.raises(ValueError, match="Output subscripts contain the label k not present"):
        tf.einsum("ij->ik", p(tf.float32, [2, 3]))
    with pytest.raises(ValueError, match='Got 1 inputs for equation "ij,jk->ik", expecting 2'):
        tf.einsum("ij,jk->ik", p(tf.float32, [2, 3]))


def test_einsum_ellipsis_values_and_broadcast_gradients():
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((2, 1, 3, 4)), rng.standard_normal((5, 4, 2))
    w = rng.standard_normal((2, 5, 3, 2))
    x, y = tf.placeholder(tf.float64, [None, None, None, None]), tf.placeholder(tf.float64, [None, None, None])
    for xs, ys in [(tf.constant(a), tf.constant(b)), (x, y)]:  # static and run-time unbroadcasting
        z = tf.einsum("...ij,...jk->...ik", xs, ys)
        gx, gy = tf.gradients(z, [xs, ys], grad_ys=tf.constant(w))
        got = run([z, gx, gy], {x: a, y: b})
        np.testing.assert_allclose(got[0], np.einsum("...ij,...jk->...ik", a, b))
        np.testing.assert_allclose(got[1], np.einsum("...ik,...jk->...ij", w, b).sum(1, keepdims=True))
        np.testing.assert_allclose(got[2], np.einsum("...ik,...ij->...jk", w, a).sum(0))
    m, v = tf.constant(rng.standard_normal((2, 3, 4))), tf.constant(rng.standard_normal((4, 2)))
    gm, gv = run(tf.gradients(tf.einsum("...ij,jk", m, v), [m, v]))  # v's gradient sums over the batch
    np.testing.assert_allclose(gv, np.einsum("bij->j", run(m))[:, None] * np.ones((1, 2)))
    np.testing.assert_allclose(gm, np.broadcast_to(run(v).sum(1), (2, 3, 4)))


# --- svd and tf.norm (values and errors recorded from TF 2.21) ------------------------------------

A23 = np.array([[3.0, 1.0, 2.0], [0.5, -1.0, 4.0]])


def test_svd_outputs_shapes_and_names():
    s, u, v = tf.linalg.svd(tf.constant(A23))
    assert (s.name, u.name, v.name) == ("Svd:0", "Svd:1", "Svd:2") and tf.svd is tf.linalg.svd
    assert s.shape.as_list() == [2] and u.shape.as_list() == [2, 2] and v.shape.as_list() == [3, 2]
    got_s, got_u, got_v = run([s, u, v])
    np.testing.assert_allclose(got_s, [4.92736613, 2.64027708])
    np.testing.assert_allclose(got_u @ np.diag(got_s) @ got_v.T, A23, atol=1e-12)
    x = tf.placeholder(tf.float32, [2, 3, 5])
    _, u_full, v_full = tf.linalg.svd(x, full_matrices=True)
    assert u_full.shape.as_list() == [2, 3, 3] and v_full.shape.as_list() == [2, 5, 5]
    only_s = tf.linalg.svd(tf.placeholder(tf.float32, [None, 3, None]), compute_uv=False)
    assert only_s.shape.as_list() == [None, None]
    assert [o.shape.as_list() for o in only_s.op.outputs[1:]] == [[0], [0]]
    assert only_s.op.get_attr("compute_uv") is False and only_s.op.get_attr("full_matrices") is False


def test_svd_errors_match_tf():
    with pytest.raises(ValueError, match=re.escape(
            "Shape must be at least rank 2 but is rank 1 for '{{node Svd}} = Svd[T=DT_FLOAT, compute_uv=true, "
            "full_matrices=false](Placeholder)' with input shapes: [3].")):
        tf.svd(tf.placeholder(tf.float32, [3]))
    with pytest.raises(TypeError, match="Value passed to parameter 'input' has DataType int32 not in list of allowed "
                                        "values: float64, float32, float16, complex64, complex128"):
        tf.svd(tf.placeholder(tf.int32, [3, 3]))


def test_singular_value_gradient_is_u_v_transpose():
    a = tf.constant(A23)
    s = tf.linalg.svd(a, compute_uv=False)
    u, _, vh = np.linalg.svd(A23, full_matrices=False)
    np.testing.assert_allclose(run(tf.gradients(tf.reduce_sum(s * [1.0, 2.0]), a)[0]), u @ np.diag([1.0, 2.0]) @ vh)


def test_norm_spectral_and_other_orders_match_tf():
    x = tf.constant(A23)
    x3 = tf.constant(np.arange(24.0).reshape(2, 3, 4) - 11)
    got = run([tf.norm(x, ord=2, axis=[0, 1]), tf.norm(x, ord=2, axis=(1, 0)), tf.norm(x, ord=2.0, axis=(-2, -1)),
               tf.norm(x3, ord=2, axis=[-2, -1]), tf.norm(x3, ord=2, axis=[0, 2], keepdims=True),
               tf.norm(x, ord="fro", axis=(0, 1)), tf.norm(x, ord=1, axis=(0, 1)), tf.norm(x, ord=np.inf, axis=(0, 1)),
               tf.norm(x, ord=np.inf, axis=(1, 0)), tf.norm(x, ord=0.5, axis=1), tf.norm(x, ord=3)])
    np.testing.assert_allclose(got[0], 4.92736613)
    np.testing.assert_allclose(got[1], 4.92736613)
    np.testing.assert_allclose(got[2], 4.92736613)
    np.testing.assert_allclose(got[3], [22.40929816, 25.43683563])
    np.testing.assert_allclose(got[4], [[[19.7126498], [17.03148292], [21.29909657]]])
    np.testing.assert_allclose(got[5:9], [np.sqrt(31.25), 6.0, 6.0, 6.0])
    np.testing.assert_allclose(got[9], (np.sqrt(np.abs(A23)).sum(1)) ** 2)
    np.testing.assert_allclose(got[10], (np.abs(A23) ** 3).sum() ** (1 / 3))
    assert tf.norm(tf.placeholder(tf.float32, [None, 3, None]), ord=2, axis=[1, 2], keepdims=True).shape.as_list() == \
        [None, 1, 1]
    g = run(tf.gradients(tf.norm(x, ord=2, axis=[0, 1]), x)[0])
    u, _, vh = np.linalg.svd(A23)
    np.testing.assert_allclose(g, np.outer(u[:, 0], vh[0]), atol=1e-12)


@pytest.mark.parametrize("ord_, axis, message", [
    ("fro", None, "'ord' must be a supported vector norm, got fro"),
    (-1, 1, "'ord' must be a supported vector norm, got -1"),
    ("nuc", (0, 1), r"'ord' must be a supported matrix norm in \['euclidean', 'fro', 1, 2, inf\], got nuc"),
    (3, [0, 1], r"'ord' must be a supported matrix norm in \['euclidean', 'fro', 1, 2, inf\], got 3"),
    (2, (1, 1), r"'axis' must be None, an integer, or a tuple of 2 unique integers, got \(1, 1\)"),
    (2, [0, 1, 2], r"'axis' must be None, an integer, or a tuple of 2 unique integers, got \[0, 1, 2\]"),
    (2, 1.5, "'axis' must be None, an integer, or a tuple of 2 unique integers, got 1.5"),
])
def test_norm_rejects_what_tf_rejects(ord_, axis, message):
    with pytest.raises(ValueError, match=message):
        tf.norm(tf.constant(A23), ord=ord_, axis=axis)
