"""Reductions, argmax/argmin, top_k, moments: values vs NumPy and TF-recorded behaviour, shapes, errors."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf


def run(*fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(list(fetches), feed)


@pytest.fixture(autouse=True)
def _graph():
    with tf.Graph().as_default():
        yield


X = np.array([[1.5, -2.0, 3.25], [0.5, 4.0, -1.0]], np.float32)


@pytest.mark.parametrize("fn, ref", [(tf.reduce_sum, np.sum), (tf.reduce_mean, np.mean), (tf.reduce_max, np.max),
                                     (tf.reduce_min, np.min), (tf.reduce_prod, np.prod)])
@pytest.mark.parametrize("axis", [None, 0, 1, -1, [0, 1], []])
def test_float_reductions_match_numpy(fn, ref, axis):
    (value,) = run(fn(X, axis=axis))
    expected = ref(X, axis=tuple(axis) if isinstance(axis, list) else axis)
    assert value.dtype == np.float32
    np.testing.assert_allclose(value, expected, rtol=1e-6)


def test_deprecated_spellings_and_keepdims():
    a = tf.reduce_sum(X, reduction_indices=[1], keep_dims=True)
    b = tf.math.reduce_sum(X, axis=1, keepdims=True)
    assert a.shape.as_list() == [2, 1]
    va, vb = run(a, b)
    np.testing.assert_array_equal(va, vb)
    with pytest.raises(ValueError):
        tf.reduce_sum(X, axis=0, reduction_indices=0)


def test_op_names_follow_tf():
    x = tf.constant(X)
    assert tf.reduce_sum(x).op.name == "Sum"
    s1 = tf.reduce_sum(x, 1)
    assert s1.op.name == "Sum_1" and s1.op.inputs[1].op.name == "Sum_1/reduction_indices"
    assert tf.reduce_mean(x, name="m").op.name == "m"


def test_integer_mean_truncates_and_empty_is_zero():
    v, e, u = run(tf.reduce_mean(tf.constant([-1, -4, 0])), tf.reduce_mean(tf.constant(np.zeros(0, np.int32))),
                  tf.reduce_mean(tf.constant([1, 2], tf.uint8)))
    assert v == -1 and v.dtype == np.int32 and e == 0 and u == 1


def test_int8_sum_wraps_and_keeps_dtype():
    (v,) = run(tf.reduce_sum(tf.constant([100, 100], tf.int8)))
    assert v.dtype == np.int8 and v == -56


def test_nan_propagates_in_max_min_and_empty_identities():
    vals = run(tf.reduce_max(tf.constant([1.0, np.nan, 3.0])), tf.reduce_min(tf.constant([np.nan, 1.0])),
               tf.reduce_max(tf.constant(np.zeros(0, np.float32))), tf.reduce_max(tf.constant(np.zeros(0, np.int32))),
               tf.reduce_prod(tf.constant(np.zeros(0, np.float32))))
    assert np.isnan(vals[0]) and np.isnan(vals[1])
    assert vals[2] == -np.inf and vals[3] == np.iinfo(np.int32).min and vals[4] == 1.0


def test_all_any():
    b = tf.constant([[True, False], [True, True]])
    va, vb = run(tf.reduce_all(b, 1), tf.reduce_any(b, 0))
    assert va.tolist() == [False, True] and vb.tolist() == [True, True]
    with pytest.raises(TypeError):
        tf.reduce_all(tf.constant([1.0]))
    with pytest.raises(TypeError):
        tf.reduce_sum(tf.constant([True]))


def test_static_shapes_with_unknown_dims():
    p = tf.placeholder(tf.float32, [None, 3])
    assert tf.reduce_sum(p, 0).shape.as_list() == [3]
    assert tf.reduce_sum(p).shape.as_list() == []
    assert tf.reduce_sum(p, tf.placeholder(tf.int32)).shape.ndims is None
    assert tf.reduce_sum(p, tf.placeholder(tf.int32), keepdims=True).shape.as_list() == [None, None]
    assert tf.reduce_sum(tf.placeholder(tf.float32)).shape.as_list() == []


def test_tensor_axis_and_rank0():
    ax = tf.placeholder(tf.int32, [])
    (v,) = run(tf.reduce_sum(X, ax), feed={ax: -1})
    np.testing.assert_allclose(v, X.sum(-1))
    (s,) = run(tf.reduce_sum(tf.constant(2.5)))
    assert s == 2.5


def test_bad_axes():
    with pytest.raises(ValueError, match="Invalid reduction dimension 2 for input with 2 dimensions"):
        tf.reduce_sum(X, 2)
    ax = tf.placeholder(tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Sum.*|Invalid reduction dimension"):
        run(tf.reduce_sum(X, ax), feed={ax: 3})
    with pytest.raises(tf.errors.InvalidArgumentError, match="duplicate"):
        run(tf.reduce_sum(X, ax), feed={ax: [0, 0]})


def test_argmax_argmin_ties_nan_and_dtypes():
    m = tf.argmax([[1, 3, 3], [2, 2, 1]], 1)
    assert m.dtype == tf.int64 and m.op.name == "ArgMax"
    a32 = tf.argmin([[1, 3, 3], [2, 2, 1]], axis=0, output_type=tf.int32)
    vm, va, n1, n2, d = run(m, a32, tf.argmax([1.0, np.nan, 3.0]), tf.argmin([1.0, np.nan, 0.0]),
                            tf.argmax(X, dimension=1))
    assert vm.tolist() == [1, 0] and va.dtype == np.int32 and va.tolist() == [0, 1, 1]
    assert n1 == 2 and n2 == 2 and d.tolist() == [2, 1]
    with pytest.raises(ValueError):
        tf.argmax(X, 2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="empty"):
        run(tf.argmax(tf.constant(np.zeros(0, np.float32))))


def test_logsumexp_stable_and_infinite():
    x = tf.constant([[1000.0, 1000.0], [-np.inf, -np.inf]])
    (v,) = run(tf.reduce_logsumexp(x, 1))
    np.testing.assert_allclose(v[0], 1000 + np.log(2), rtol=1e-6)
    assert v[1] == -np.inf
    (k,) = run(tf.reduce_logsumexp(X, 1, keepdims=True))
    np.testing.assert_allclose(k, np.log(np.exp(X).sum(1, keepdims=True)), rtol=1e-5)


def test_count_nonzero_top_k_moments():
    c = tf.count_nonzero([[0, 1], [2, 0]], axis=1)
    values, indices = tf.nn.top_k([[3.0, 1.0, 3.0, 2.0]], k=2)
    mean, var = tf.nn.moments(tf.constant(X), axes=[1])
    vc, vv, vi, vm, vvar = run(c, values, indices, mean, var)
    assert c.dtype == tf.int64 and vc.tolist() == [1, 1]
    assert vv.tolist() == [[3.0, 3.0]] and vi.tolist() == [[0, 2]] and vi.dtype == np.int32
    np.testing.assert_allclose(vm, X.mean(1), rtol=1e-6)
    np.testing.assert_allclose(vvar, X.var(1), rtol=1e-5)
    with pytest.raises(tf.errors.InvalidArgumentError):
        k = tf.placeholder(tf.int32)
        run(tf.nn.top_k([1.0, 2.0], k), feed={k: 5})


def test_gradients_of_reductions():
    x = tf.constant([[1.0, 0.0, 3.0], [2.0, 5.0, 5.0]], tf.float64)
    grads = [tf.gradients(f(x, 1), x)[0] for f in (tf.reduce_sum, tf.reduce_mean, tf.reduce_max, tf.reduce_prod)]
    gs, gm, gx, gp = run(*grads)
    np.testing.assert_allclose(gs, np.ones((2, 3)))
    np.testing.assert_allclose(gm, np.full((2, 3), 1 / 3))
    np.testing.assert_allclose(gx, [[0, 0, 1], [0, 0.5, 0.5]])
    np.testing.assert_allclose(gp, [[0, 3, 0], [25, 10, 10]])


def test_top_k_returns_tfs_namedtuple():
    # TF's tf.nn.top_k gives a TopKV2(values, indices) namedtuple: code reads `.indices`
    result = tf.nn.top_k([[1.0, 3.0, 2.0]], k=2)
    assert type(result).__name__ == "TopKV2" and result._fields == ("values", "indices")
    values, indices = run(result.values, result.indices)
    np.testing.assert_array_equal(indices, [[1, 2]])
    np.testing.assert_array_equal(values, [[3.0, 2.0]])
