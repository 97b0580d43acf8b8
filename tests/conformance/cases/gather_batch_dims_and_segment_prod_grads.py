import numpy as np
import tensorflow as tf


def _first(message):
    """The line of a runtime error message that states the error, without TF's node name."""
    lines = [line for line in message.splitlines() if line and not line.startswith(('Graph execution', 'Detected', ' ', 'Node', '\t', 'Original'))]
    return lines[0].split(", node name:")[0]


def _show(label, t):
    print(label, t.name, t.op.type, t.dtype.name, t.shape)
    return t


def _graph_error(label, fn):
    try:
        fn()
        print(label, "built")
    except (ValueError, TypeError) as e:
        print(label, type(e).__name__, str(e).split(" for '")[0])


# tf.gather_nd with batch_dims: TF's BatchGatherND composite (meshgrid of batch coordinates + one GatherNd).
params = tf.constant(np.arange(24.0).reshape(2, 3, 4))
params4 = tf.constant(np.arange(48.0).reshape(2, 3, 2, 4))
nd = [
    _show("nd_b1", tf.gather_nd(params, [[[1], [0]], [[2], [2]]], batch_dims=1)),
    _show("nd_b1_pairs", tf.gather_nd(params, [[[1, 3], [0, 0]], [[2, 1], [2, 2]]], batch_dims=1)),
    _show("nd_b1_flat", tf.gather_nd(params, [[1, 3], [2, 1]], batch_dims=1)),
    _show("nd_b2", tf.gather_nd(params4, np.array([[[1], [0], [1]], [[0], [1], [1]]]), batch_dims=2, name="nd2")),
    _show("nd_b1_depth0", tf.gather_nd(params, np.zeros((2, 1, 0), np.int32), batch_dims=1)),
    _show("nd_b_tensor", tf.gather_nd(params, [[1], [2]], batch_dims=tf.constant(1))),
]
print("nd ops", [op.type for op in tf.get_default_graph().get_operations()
                 if op.name.startswith("BatchGatherND/") and op.type not in ("Const", "Shape", "Rank", "Size")])
p_ph = tf.placeholder(tf.float64, [None, None, 4])
i_ph = tf.placeholder(tf.int32, [None, 2, 1])
nd_ph = _show("nd_placeholders", tf.gather_nd(p_ph, i_ph, batch_dims=1))
_show("nd_batch_from_indices", tf.gather_nd(tf.placeholder(tf.float64, [None, 3, 4]), np.zeros((2, 5, 1), np.int32),
                                            batch_dims=1))
_show("nd_unknown_depth", tf.gather_nd(p_ph, tf.placeholder(tf.int32, [None, None, None]), batch_dims=1))
_graph_error("nd negative batch_dims", lambda: tf.gather_nd(params, [[1], [2]], batch_dims=-1))
_graph_error("nd batch_dims >= rank(indices)", lambda: tf.gather_nd(params, [[1], [2]], batch_dims=2))
_graph_error("nd batch_dims >= rank(params)", lambda: tf.gather_nd(np.ones((2, 2)), np.zeros((2, 2, 1, 1), np.int32),
                                                                   batch_dims=2))
_graph_error("nd batch_dims placeholder", lambda: tf.gather_nd(params, [[1], [2]], batch_dims=tf.placeholder(tf.int32)))
_graph_error("nd batch size mismatch", lambda: tf.gather_nd(params, [[1], [2], [0]], batch_dims=1))
_graph_error("nd index too deep", lambda: tf.gather_nd(params, [[1, 2, 3], [2, 0, 0]], batch_dims=1))
nd_weights = tf.constant([[1.0, 2.0], [3.0, 4.0]], dtype=tf.float64)
nd_grad = tf.gradients(nd[1] * nd_weights, params)[0]
nd_grad_rows = tf.gradients(tf.gather_nd(params, [[[1], [1]], [[0], [2]]], batch_dims=1), params)[0]
print("nd grads", nd_grad.op.type, nd_grad.shape, nd_grad_rows.op.type, nd_grad_rows.shape)

# tf.gather with batch_dims (GatherV2's attr): axis after the batch dims, negative batch_dims and axes.
p4 = tf.constant(np.arange(120.0).reshape(2, 3, 4, 5))
i2 = np.array([[2, 0, 1], [1, 1, 3]], np.int32)
i3 = np.array([[[0, 2], [1, 1], [3, 0]], [[2, 2], [0, 1], [1, 3]]], np.int64)
g = [
    _show("g_b1_a1", tf.gather(p4, [[2, 0], [1, 1]], axis=1, batch_dims=1)),
    _show("g_b1_a2", tf.gather(p4, i2, axis=2, batch_dims=1)),
    _show("g_b1_a3", tf.gather(p4, [[0, 4, 4], [1, 2, 3]], axis=3, batch_dims=1)),
    _show("g_b2_a3", tf.gather(p4, i3, axis=3, batch_dims=2)),
    _show("g_bneg1", tf.gather(p4, i3, batch_dims=-1)),
    _show("g_b1_aneg2", tf.gather(p4, i2, axis=-2, batch_dims=1)),
    _show("g_b1_default_axis", tf.gather(p4, [[2, 0], [1, 1]], batch_dims=1)),
    _show("g_axis0_drops_batch_dims", tf.gather(p4, [[1, 0], [1, 1]], axis=0, batch_dims=1)),
]
print("batch_dims attrs", [t.op.get_attr("batch_dims") for t in g])
g_ph = _show("g_placeholders", tf.gather(tf.placeholder(tf.float64, [None, 3, None, 5]),
                                         tf.placeholder(tf.int32, [None, None]), axis=2, batch_dims=1))
_show("g_unknown_axis", tf.gather(p4, i2, axis=tf.placeholder(tf.int32, []), batch_dims=1))
_graph_error("g batch_dims > rank(indices)", lambda: tf.gather(p4, i2, axis=3, batch_dims=3))
_graph_error("g batch_dims < -rank(indices)", lambda: tf.gather(p4, i2, axis=3, batch_dims=-3))
g_late = _show("g batch_dims > axis (checked at run time)", tf.gather(p4, i3, axis=1, batch_dims=2))
g_mismatch = tf.gather(p4, np.zeros((3, 2), np.int32), axis=1, batch_dims=1)
g_oob = tf.gather(p4, [[0, 9], [0, 0]], axis=2, batch_dims=1)
g_grads = [tf.gradients(t * tf.constant(np.linspace(0.5, 2.0, t.shape.num_elements()).reshape(t.shape.as_list())), p4)[0]
           for t in g]
print("gather grads", [(isinstance(t, tf.IndexedSlices), t.op.type) for t in g_grads])
g_grads = [tf.convert_to_tensor(t) for t in g_grads]
print("gather grad placeholders", tf.gradients(g_ph, g_ph.op.inputs[0])[0].shape)

# Segment products (zeros in a segment: none, one, several) and the min/max gradients.
data = tf.constant([[1.5, -2.0, 0.0], [0.0, 4.0, 0.0], [3.0, 0.5, 2.0], [-1.0, 0.0, 0.0], [0.0, 0.0, 1.0],
                    [2.0, 0.0, -3.0]], dtype=tf.float64)
seg = [
    _show("segment_prod", tf.segment_prod(data, [0, 0, 1, 1, 1, 3])),
    _show("unsorted_segment_prod", tf.unsorted_segment_prod(data, [2, 0, 2, -1, 0, 0], 4)),
    _show("unsorted_segment_prod_2d_ids", tf.math.unsorted_segment_prod(tf.reshape(data, [3, 2, 3]),
                                                                        [[1, 1], [0, -1], [0, 1]], 3)),
    _show("segment_max", tf.segment_max(data, [0, 0, 1, 1, 1, 3])),
    _show("segment_min", tf.math.segment_min(data, [0, 0, 1, 1, 1, 3])),
    _show("unsorted_segment_max", tf.unsorted_segment_max(data, [2, 0, 2, -1, 0, 0], 4)),
    _show("unsorted_segment_min", tf.unsorted_segment_min(data, [2, 0, 2, -1, 0, 0], 4)),
]
seg_grads = []
for t in seg:
    n = 4 if t.op.type in ("SegmentProd", "SegmentMax", "SegmentMin") else t.shape.as_list()[0]
    grad_ys = tf.constant(np.linspace(0.5, 2.0, n * 3).reshape([n] + t.shape.as_list()[1:]))
    seg_grads.append(tf.gradients(t, t.op.inputs[0], grad_ys=grad_ys)[0])
print("segment grads", [(t.op.type, str(t.shape)) for t in seg_grads])

# Sparse segment reductions (rows data[indices] into sorted segment ids) and their dense or sparse gradients.
rows = tf.constant(np.arange(12.0).reshape(4, 3))
sparse_seg = []
for fn in (tf.sparse_segment_sum, tf.sparse.segment_mean, tf.sparse_segment_sqrt_n):
    for kwargs in ({}, {"num_segments": 5}, {"sparse_gradient": True}):
        sparse_seg.append(_show(fn.__name__ + str(sorted(kwargs)), fn(rows, [0, 2, 2, 3, 1], [0, 0, 1, 3, 3], **kwargs)))
sparse_grads = [tf.gradients(t, rows, grad_ys=tf.constant(np.linspace(1.0, 2.0, 15 if t.shape[0] == 5 else 12).reshape(-1, 3)))[0]
                for t in sparse_seg]
print("sparse segment grads", [(isinstance(t, tf.IndexedSlices), t.values.op.type if isinstance(t, tf.IndexedSlices) else t.op.type)
                               for t in sparse_grads])
sparse_grads = [tf.convert_to_tensor(t) for t in sparse_grads]
_graph_error("sparse segment mean of ints", lambda: tf.sparse_segment_mean(tf.constant([[1, 2]]), [0], [0]))
_graph_error("sparse segment length mismatch", lambda: tf.sparse_segment_sum(rows, [0, 1], [0]))

with tf.Session() as sess:
    for t, v in zip(nd, sess.run(nd)):
        print(t.name, "=", v.tolist())
    print("nd_placeholders =", sess.run(nd_ph, {p_ph: np.arange(24.0).reshape(2, 3, 4),
                                               i_ph: [[[1], [0]], [[2], [2]]]}).tolist())
    print("nd grad =", sess.run(nd_grad).tolist())
    print("nd grad rows =", sess.run(nd_grad_rows).tolist())
    for t, v in zip(g, sess.run(g)):
        print(t.name, "=", v.shape, np.round(v.reshape(-1)[:12], 6).tolist(), float(v.sum()))
    for t, v in zip(g, sess.run(g_grads)):
        print(t.name, "grad =", np.round(v, 6).reshape(-1).tolist())
    for t, v in zip(seg, sess.run(seg)):
        print(t.name, "=", np.round(v, 6).tolist())
    for t, v in zip(seg, sess.run(seg_grads)):
        print(t.name, "grad =", np.round(v, 6).tolist())
    for t, v, gv in zip(sparse_seg, sess.run(sparse_seg), sess.run(sparse_grads)):
        print(t.name, "=", np.round(v, 6).tolist(), "grad =", np.round(gv, 6).tolist())
    for label, t, feed in (("sparse segment index out of range", tf.sparse_segment_sum(rows, [0, 7], [0, 1]), None),
                           ("sparse segment ids not increasing", tf.sparse_segment_sum(rows, [0, 1, 2], [1, 0, 1]), None),
                           ("sparse segment id >= num_segments", tf.sparse_segment_sum(rows, [0, 1], [0, 5], num_segments=3),
                            None),
                           ("nd index out of range", tf.gather_nd(params, [[[0, 5]], [[1, 1]]], batch_dims=1), None),
                           ("nd batch mismatch at run time", tf.gather_nd(p_ph, [[1], [2], [0]], batch_dims=1),
                            {p_ph: np.ones((2, 3, 4))}),
                           ("gather batch_dims > axis", g_late, None), ("gather batch mismatch", g_mismatch, None),
                           ("gather index out of range", g_oob, None)):
        try:
            sess.run(t, feed)
            print(label, "ran")
        except tf.errors.InvalidArgumentError as e:
            print(label, "InvalidArgumentError", _first(e.message))
