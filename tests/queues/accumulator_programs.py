"""TF1 programs using conditional accumulators, run both by tools/record_accumulators.py (on TensorFlow) and by
tests/queues/test_accumulators.py (on sessionflow). Each takes the `tf` module and returns a dict of plain
(JSON) values."""

from __future__ import annotations

import threading

from queue_programs import message, outcome


def dense(tf):
    out = {}
    with tf.Graph().as_default():
        acc = tf.ConditionalAccumulator(tf.float32, shape=[2], name="acc")
        grad = tf.placeholder(tf.float32, [2])
        step = tf.placeholder(tf.int64, [])
        apply = acc.apply_grad(grad, local_step=step)
        count = acc.num_accumulated()
        take2 = acc.take_grad(2)
        out["graph"] = [acc.name, acc.dtype.name, apply.type, take2.op.type, take2.shape.as_list(), count.op.type,
                        acc.set_global_step(5).type, [t.name for t in apply.inputs]]
        with tf.Session() as sess:
            log = []
            for g, s in (([1, 2], 0), ([3, 5], 0)):
                sess.run(apply, {grad: g, step: s})
            log.append(outcome(sess, count))
            log.append(outcome(sess, take2))
            log.append(outcome(sess, count))
            sess.run(apply, {grad: [1, 1], step: 0})  # stale: the take moved the global step to 1
            log.append(outcome(sess, count))
            sess.run(apply, {grad: [1, 1], step: 1})
            log.append(outcome(sess, count))
            sess.run(acc.set_global_step(5))
            sess.run(apply, {grad: [1, 1], step: 4})  # stale again
            sess.run(apply, {grad: [2, 2], step: 7})
            log.append(outcome(sess, count))
            log.append(outcome(sess, acc.take_grad(0)))
            log.append(outcome(sess, acc.take_grad(1)))
            log.append(outcome(sess, acc.take_grad(1), options=tf.RunOptions(timeout_in_ms=50)))
            out["log"] = log
        try:
            acc.apply_grad(tf.constant([1.0, 2.0, 3.0]))
        except ValueError as e:
            out["static_shape"] = str(e)
    with tf.Graph().as_default():
        acc = tf.ConditionalAccumulator(tf.float64, reduction_type="SUM")
        with tf.Session() as sess:
            sess.run(acc.apply_grad([[1.0, 2.0], [3.0, 4.0]]))
            sess.run(acc.apply_grad([[1.0, 1.0], [1.0, 1.0]]))
            out["sum_unknown_shape"] = outcome(sess, acc.take_grad(2))
            sess.run(acc.apply_grad([1.0, 2.0], local_step=1))
            out["new_shape_after_take"] = outcome(sess, acc.take_grad(1))
            sess.run(acc.apply_grad([1.0, 2.0], local_step=2))
            out["shape_mismatch"] = outcome(sess, acc.apply_grad([1.0, 2.0, 3.0], local_step=2))
        try:
            tf.ConditionalAccumulator(tf.float32, reduction_type="MAX")
        except ValueError as e:
            out["bad_reduction"] = str(e)
    return out


def sparse(tf):
    out = {}
    with tf.Graph().as_default():
        acc = tf.SparseConditionalAccumulator(tf.float32, shape=[4, 2])
        a1 = acc.apply_grad(grad_indices=[0, 2], grad_values=[[1.0, 1.0], [2.0, 2.0]], grad_shape=[4, 2])
        a2 = acc.apply_indexed_slices_grad(tf.IndexedSlices(tf.constant([[3.0, 3.0]]), tf.constant([2], tf.int64),
                                                            tf.constant([4, 2], tf.int64)))
        taken = acc.take_grad(2)
        slices = acc.take_indexed_slices_grad(1)
        out["graph"] = [acc.accumulator_ref.op.type, acc.accumulator_ref.dtype.name, a1.type, a1.get_attr(
            "has_known_shape"), type(taken).__name__, list(taken._fields), type(slices).__name__]
        with tf.Session() as sess:
            log = []
            sess.run(a1)
            sess.run(a2)
            log.append(outcome(sess, taken))
            sess.run(acc.apply_grad([3], [[5.0, 6.0]], local_step=1))
            log.append(outcome(sess, [slices.indices, slices.values, slices.dense_shape]))
            sess.run(acc.apply_grad([3, 1], [[5.0, 6.0], [1.0, 1.0]], local_step=2))  # unsorted: TF's merge
            sess.run(acc.apply_grad([1], [[3.0, 3.0]], local_step=2))
            log.append(outcome(sess, acc.take_grad(2)))
            log.append(outcome(sess, acc.apply_grad([1], [[3.0, 3.0, 3.0]], local_step=3)))
            log.append(outcome(sess, acc.apply_grad([9], [[3.0, 3.0]], grad_shape=[4, 2], local_step=3)))
            log.append(outcome(sess, acc.apply_grad([1], [[3.0, 3.0]], grad_shape=[5, 2], local_step=3)))
            log.append(outcome(sess, acc.num_accumulated()))
            out["log"] = log
    with tf.Graph().as_default():
        acc = tf.SparseConditionalAccumulator(tf.float32, reduction_type="SUM")
        with tf.Session() as sess:
            sess.run(acc.apply_grad([0], [[1.0, 2.0]]))
            sess.run(acc.apply_grad([0, 5], [[1.0, 2.0], [7.0, 7.0]]))
            out["sum"] = outcome(sess, acc.take_grad(2))
    return out


def workers(tf):
    """Three worker threads apply their gradients while the chief waits in take_grad(3): the chief's mean
    is the mean of the three, whatever the order; then a stale worker's gradient is dropped."""
    with tf.Graph().as_default():
        acc = tf.ConditionalAccumulator(tf.float32, shape=[3], shared_name="grads")
        grad = tf.placeholder(tf.float32, [3])
        apply = acc.apply_grad(grad, local_step=0)
        take = acc.take_grad(3)
        with tf.Session() as sess:
            result = {}
            chief = threading.Thread(target=lambda: result.update(mean=sess.run(take).tolist()))
            chief.start()
            threads = [threading.Thread(target=sess.run, args=(apply, {grad: [k, 2.0 * k, 1.0]})) for k in (1, 2, 6)]
            for t in threads:
                t.start()
            for t in threads + [chief]:
                t.join()
            sess.run(apply, {grad: [9.0, 9.0, 9.0]})
            return {"mean": result["mean"], "after_stale": outcome(sess, acc.num_accumulated())}


PROGRAMS = {"dense": dense, "sparse": sparse, "workers": workers}
__all__ = ["PROGRAMS", "message"]
