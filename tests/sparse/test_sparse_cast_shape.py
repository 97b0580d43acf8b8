"""tf.cast, tf.shape, tf.size and tf.rank take SparseTensors, as in TF (graphs and values checked against
TF 2.21's: Cast of the values; Cast/Prod/Size of the dense_shape, with TF's op names)."""

import numpy as np

import sessionflow as tf


def test_cast_shape_size_rank_of_a_sparse_tensor():
    with tf.Graph().as_default(), tf.Session() as sess:
        sp = tf.SparseTensor([[0, 1], [2, 3]], tf.constant([1, 2], tf.int32), [3, 5])
        cast = tf.cast(sp, tf.float32)
        assert isinstance(cast, tf.SparseTensor) and cast.dtype is tf.float32 and cast.values.op.type == "Cast"
        assert tf.cast(sp, tf.int32) is sp
        shape, size, rank = tf.shape(sp), tf.size(sp), tf.rank(sp)
        shape64 = tf.shape(sp, out_type=tf.int64)
        assert [(t.op.type, t.op.name) for t in (shape, size, rank, shape64)] == [
            ("Cast", "Shape/Cast"), ("Prod", "Size"), ("Size", "Rank"), ("Cast", "Shape_1/Cast")]
        assert shape.dtype is tf.int32 and size.dtype is tf.int32 and rank.dtype is tf.int32
        values, s, n, r, s64 = sess.run([cast, shape, size, rank, shape64])
        np.testing.assert_array_equal(values.values, np.array([1.0, 2.0], np.float32))
        assert values.values.dtype == np.float32
        np.testing.assert_array_equal(s, [3, 5]) and np.testing.assert_array_equal(s64, [3, 5])
        assert s.dtype == np.int32 and s64.dtype == np.int64 and n == 15 and r == 2
        value = tf.SparseTensorValue(np.array([[0, 0]]), np.array([1.0]), np.array([4, 2]))
        np.testing.assert_array_equal(sess.run(tf.shape(value)), [4, 2])
        assert sess.run(tf.size(value)) == 8


def test_cast_of_indexed_slices_casts_the_values():
    with tf.Graph().as_default(), tf.Session() as sess:
        slices = tf.IndexedSlices(tf.constant([[1.5, 2.5]]), tf.constant([1]), tf.constant([3, 2]))
        cast = tf.cast(slices, tf.float16)
        assert isinstance(cast, tf.IndexedSlices) and cast.dtype is tf.float16
        assert sess.run(cast.values).dtype == np.float16
