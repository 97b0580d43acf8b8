"""tf.check_pinned and tf.graph_util.must_run_on_cpu, run both by tools/record_leftovers.py (on TensorFlow) and by
tests/leftovers/test_device_helpers.py (on sessionflow)."""

from __future__ import annotations


def _outcome(sess, fetch):
    try:
        value = sess.run(fetch)
    except Exception as e:  # noqa: BLE001 - the programs record TF's errors
        return [type(e).__name__, e.op.name, "\nnot pinned\n" in "\n" + str(e) + "\n"]
    return value.tolist() if hasattr(value, "tolist") else value


def check_pinned(tf):
    with tf.Graph().as_default():
        x = tf.constant([1.0, 2.0])
        pinned = tf.check_pinned(x)
        named = tf.check_pinned(tf.constant(["a"]), name="strings")
        with tf.Session() as sess:
            return {"graph": [pinned.name, pinned.op.type, pinned.dtype.name, pinned.shape.as_list(),
                              [t.name for t in pinned.op.inputs], named.name, named.dtype.name],
                    "run": [_outcome(sess, pinned), _outcome(sess, named)],
                    "raw": tf.raw_ops.CheckPinned(tensor=x).op.type}


def must_run_on_cpu(tf):
    out = {}
    with tf.Graph().as_default() as g:
        ops = {
            "const_f": tf.constant(1.0).op, "const_i32": tf.constant(1).op, "const_i64": tf.constant(1, tf.int64).op,
            "const_str": tf.constant("s").op,
            "stitch_i32": tf.dynamic_stitch([[0], [1]], [[1], [2]]).op,
            "stitch_f": tf.dynamic_stitch([[0], [1]], [[1.0], [2.0]]).op,
            "cast_i32": tf.cast(tf.constant(1), tf.float32).op, "cast_f": tf.cast(tf.constant(1.0), tf.int32).op,
            "variable": tf.Variable(1.0, name="v").op, "assign": tf.assign(tf.Variable(2.0), 3.0).op,
            "add": tf.add(tf.constant(1.0), 2.0).op,
        }
        graph_def = g.as_graph_def()
    for key, op in sorted(ops.items()):
        node = next(n for n in graph_def.node if n.name == op.name)
        out[key] = [tf.graph_util.must_run_on_cpu(op), tf.graph_util.must_run_on_cpu(op, pin_variables_on_cpu=True),
                    tf.graph_util.must_run_on_cpu(node), tf.graph_util.must_run_on_cpu(node, True)]
    return out


PROGRAMS = {"check_pinned": check_pinned, "must_run_on_cpu": must_run_on_cpu}
