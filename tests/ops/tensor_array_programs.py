"""TF1 programs using tf.TensorArray, run both by tools/record_tensor_array.py (on TensorFlow, with
control flow v1 so TF builds the TensorArrayV3 ops) and by tests/ops/test_tensor_array.py (on
sessionflow). Each program takes the `tf` module and returns a dict of plain values."""

import numpy as np


def loop_write_stack(tf):
    """A while loop writes i * x at index i; the array is stacked after the loop."""
    g = tf.Graph()
    with g.as_default():
        x = tf.constant([[1.0, 2.0], [3.0, -1.0]])
        ta = tf.TensorArray(tf.float32, size=4)

        def body(i, ta):
            return i + 1, ta.write(i, tf.cast(i, tf.float32) * x)

        _, ta = tf.while_loop(lambda i, ta: i < 4, body, [tf.constant(0), ta])
        stacked = ta.stack()
        shape = stacked.shape.as_list()
        with tf.Session() as sess:
            value = sess.run(stacked)
    return dict(stacked=value.tolist(), static_shape=shape)


def unstack_read_sum(tf):
    """unstack a matrix, then read its rows in a loop and sum them."""
    g = tf.Graph()
    with g.as_default():
        data = tf.placeholder(tf.float32, [None, 3])
        ta = tf.TensorArray(tf.float32, size=tf.shape(data)[0]).unstack(data)

        def body(i, acc):
            return i + 1, acc + ta.read(i)

        _, total = tf.while_loop(lambda i, acc: i < tf.shape(data)[0], body, [tf.constant(0), tf.zeros([3])])
        with tf.Session() as sess:
            value = sess.run(total, {data: np.arange(15, dtype=np.float32).reshape(5, 3)})
    return dict(total=value.tolist())


def loop_gradients(tf):
    """Gradients of a loss through a TensorArray written in a loop, w.r.t. the loop's inputs."""
    g = tf.Graph()
    with g.as_default():
        x = tf.constant([0.5, -1.0, 2.0])
        w = tf.constant(1.5)
        inputs = tf.TensorArray(tf.float32, size=3).unstack(tf.constant([[1.0, 2.0, 3.0], [0.0, 1.0, -1.0],
                                                                          [2.0, 2.0, 0.5]]))
        out = tf.TensorArray(tf.float32, size=3)

        def body(i, h, out):
            h = tf.tanh(w * h + x * inputs.read(i))
            return i + 1, h, out.write(i, h * h)

        _, h, out = tf.while_loop(lambda i, h, out: i < 3, body, [tf.constant(0), tf.zeros([3]), out])
        loss = tf.reduce_sum(out.stack() * tf.constant([[1.0], [2.0], [3.0]])) + tf.reduce_sum(h)
        grads = tf.gradients(loss, [x, w])
        with tf.Session() as sess:
            loss_v, gx, gw = sess.run([loss, grads[0], grads[1]])
    return dict(loss=float(loss_v), grad_x=gx.tolist(), grad_w=float(gw))


def straight_gradients(tf):
    """Gradients through write/read/stack/unstack/gather/scatter/concat/split outside loops."""
    g = tf.Graph()
    with g.as_default():
        a = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
        b = tf.constant([1.0, -2.0, 0.5, 3.0, 1.0])
        ta = tf.TensorArray(tf.float32, size=3, clear_after_read=False).unstack(a * a)
        read = ta.read(1) * ta.read(2)
        gathered = ta.gather([2, 0])
        tb = tf.TensorArray(tf.float32, size=2, infer_shape=False).split(b * 2.0, [2, 3])
        concat = tb.concat()
        tc = tf.TensorArray(tf.float32, size=4).scatter([3, 1], a[:2] * 3.0)
        tc = tc.write(0, tf.constant([7.0, 8.0])).write(2, a[2])
        stacked = tc.stack()
        loss = (tf.reduce_sum(read) + tf.reduce_sum(gathered * gathered) + tf.reduce_sum(concat * concat)
                + tf.reduce_sum(stacked * tf.constant([[1.0], [2.0], [3.0], [4.0]])))
        ga, gb = tf.gradients(loss, [a, b])
        size = tb.size()
        with tf.Session() as sess:
            out = sess.run(dict(loss=loss, ga=ga, gb=gb, concat=concat, gathered=gathered, stacked=stacked,
                                size=size))
    return {k: np.asarray(v).tolist() for k, v in out.items()}


def rnn_training(tf):
    """A hand-written RNN, h = tanh(W x_t + U h), over TensorArray inputs and outputs, trained with
    GradientDescent for a few steps."""
    g = tf.Graph()
    with g.as_default():
        rng = np.random.RandomState(0)
        xs = tf.constant(rng.randn(5, 2, 3).astype(np.float32))  # time, batch, features
        target = tf.constant(rng.randn(5, 2, 4).astype(np.float32))
        W = tf.Variable(rng.randn(3, 4).astype(np.float32) * 0.5, name="W")
        U = tf.Variable(rng.randn(4, 4).astype(np.float32) * 0.5, name="U")
        steps = tf.shape(xs)[0]
        inputs = tf.TensorArray(tf.float32, size=steps).unstack(xs)
        outputs = tf.TensorArray(tf.float32, size=steps)

        def body(t, h, outputs):
            h = tf.tanh(tf.matmul(inputs.read(t), W) + tf.matmul(h, U))
            return t + 1, h, outputs.write(t, h)

        _, _, outputs = tf.while_loop(lambda t, h, o: t < steps, body, [tf.constant(0), tf.zeros([2, 4]), outputs])
        ys = outputs.stack()
        loss = tf.reduce_mean(tf.square(ys - target))
        train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        losses = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(5):
                losses.append(float(sess.run([loss, train])[0]))
            w_final = sess.run(W)
    return dict(losses=losses, w_final=w_final.tolist(), static_shape=ys.shape.as_list())


def dynamic_and_shapes(tf):
    """dynamic_size growth, size(), element_shape/infer_shape static shapes, identity, close."""
    g = tf.Graph()
    with g.as_default():
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
        ta = ta.write(0, [1.0, 2.0]).write(3, [5.0, 6.0])
        size = ta.size()
        ta2 = tf.TensorArray(tf.int32, size=2, element_shape=[None, 2], infer_shape=False)
        ta2 = ta2.identity().write(0, [[1, 2]]).write(1, [[3, 4], [5, 6]])
        concat = ta2.concat()
        closed = ta2.close()
        ta3 = tf.TensorArray(tf.float32, size=2, infer_shape=False).write(0, [1.0]).write(1, [2.0, 3.0])
        r = ta3.read(1)
        shapes = dict(read_dynamic=ta.read(0).shape.as_list(), concat=concat.shape.as_list(),
                      stack2=tf.TensorArray(tf.float32, size=2).write(0, [1.0, 2.0]).stack().shape.as_list(),
                      no_infer=r.shape.dims is None and "unknown" or r.shape.as_list())
        with tf.Session() as sess:
            size_v, concat_v, r_v = sess.run([size, concat, r])
            sess.run(closed)
    return dict(size=int(size_v), concat=concat_v.tolist(), read_no_infer=r_v.tolist(), shapes=shapes)


def _strip_name(message):
    """TF names the array in its runtime errors ("TensorArray TensorArray_3: ..."); keep the rest."""
    return message.split(": ", 1)[1] if message.startswith("TensorArray ") and ": " in message else message


def _error(tf, build, feed=None):
    g = tf.Graph()
    with g.as_default():
        try:
            fetch = build()
        except (ValueError, TypeError) as e:
            return dict(stage="build", type=type(e).__name__, message=str(e))
        with tf.Session() as sess:
            try:
                sess.run(fetch)
            except tf.errors.OpError as e:
                lines = [line for line in e.message.split("\n") if line and line[0] not in " \t[\""]
                return dict(stage="run", type=type(e).__name__, message=_strip_name(lines[-1]))
    return dict(stage="none")


def errors(tf):
    out = {}
    out["read_unwritten_known_shape"] = _error(tf, lambda: tf.TensorArray(tf.float32, size=3).write(0, 1.0).read(1))
    out["read_unwritten"] = _error(tf, lambda: tf.TensorArray(tf.float32, size=3, infer_shape=False).write(
        0, 1.0).read(1))
    out["write_twice"] = _error(tf, lambda: tf.TensorArray(tf.float32, size=3).write(0, 1.0).write(0, 2.0).read(0))

    def read_twice():
        ta = tf.TensorArray(tf.float32, size=2).write(0, 1.0)
        a = ta.read(0)
        with tf.control_dependencies([a]):
            return a + ta.read(0)

    out["read_twice"] = _error(tf, read_twice)
    out["unstack_size"] = _error(tf, lambda: tf.TensorArray(tf.float32, size=2).unstack(
        tf.placeholder_with_default(tf.ones([3, 2]), [None, 2])).stack())
    out["write_out_of_range"] = _error(tf, lambda: tf.TensorArray(tf.float32, size=2).write(
        tf.placeholder_with_default(5, []), 1.0).stack())
    out["dtype_mismatch"] = _error(tf, lambda: tf.TensorArray(tf.float32, size=2).write(0, tf.constant(1)).stack())
    out["shape_mismatch"] = _error(tf, lambda: tf.TensorArray(tf.float32, size=2).write(0, [1.0, 2.0]).write(
        1, [1.0]).stack())
    out["stack_unwritten"] = _error(tf, lambda: tf.TensorArray(tf.float32, size=2, infer_shape=False).write(
        0, [1.0]).stack())
    out["stack_unwritten_known_shape"] = _error(tf, lambda: tf.TensorArray(tf.float32, size=2).write(
        0, [1.0]).stack())
    return out


def node_defs(tf):
    """The NodeDef of each TensorArray op type in a small graph: its number of inputs and its attr names."""
    g = tf.Graph()
    with g.as_default():
        ta = tf.TensorArray(tf.float32, size=3, element_shape=[2])
        ta = ta.unstack(tf.ones([3, 2])).write(0, [1.0, 2.0])
        tb = ta.grad("gradients")
        ta.stack(), ta.concat(), ta.read(1), ta.size(), ta.close(), tb.flow
        tf.TensorArray(tf.float32, size=2, infer_shape=False).split([1.0, 2.0, 3.0], [1, 2])
    nodes = {}
    for node in g.as_graph_def().node:
        if node.op.startswith("TensorArray") and node.op not in nodes:
            nodes[node.op] = dict(inputs=len(node.input), attrs=sorted(node.attr))
    return nodes


PROGRAMS = dict(loop_write_stack=loop_write_stack, unstack_read_sum=unstack_read_sum, loop_gradients=loop_gradients,
                straight_gradients=straight_gradients, rnn_training=rnn_training,
                dynamic_and_shapes=dynamic_and_shapes, errors=errors)
