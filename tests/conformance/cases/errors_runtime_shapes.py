import numpy as np
import tensorflow as tf

# Run-time shape errors of attention code whose static shapes left the check to the kernel: elementwise
# broadcasting (each binary op, and a division by a constant, which runs as a product), batch matmul,
# einsum labels of different sizes; and the types softmax accepts, in its op definition's order. (TF's graph
# optimizer sorts the inputs of commutative ops by name, which its messages show: the placeholders' names
# sort before the constants' so that the order is the operands'.)


def first_line(message):
    lines = [line for line in message.splitlines() if line and not line.startswith(
        ("Graph execution", "Detected", " ", "Node", "\t", "Original"))]
    return lines[0] if lines else ""


def run(label, build, feeds=()):
    try:
        t = build()
        with tf.Session() as sess:
            value = sess.run(t, dict(feeds))
        print(label + ": ran", np.shape(value))
    except tf.errors.OpError as e:
        print(label + ":", type(e).__name__, first_line(e.message))
    except (ValueError, TypeError) as e:
        print(label + ":", type(e).__name__, e)


x = tf.placeholder(tf.float32, [None, None, 8], name="a_x")
xv = np.ones((2, 3, 8), np.float32)
i = tf.placeholder(tf.int32, [None, 3], name="a_i")
iv = np.ones((3, 3), np.int32)
run("add", lambda: x + tf.ones([4, 8]), [(x, xv)])
run("mul", lambda: x * tf.ones([4, 1]), [(x, xv)])
run("sub, the constant first", lambda: tf.ones([4, 1]) - x, [(x, xv)])
run("div by a constant", lambda: x / tf.ones([5, 8]), [(x, xv)])
run("div by a fed tensor", lambda: x / tf.cast(i[:, :1, None], tf.float32), [(x, xv), (i, iv)])
run("maximum", lambda: tf.maximum(x, tf.ones([2, 2, 8])), [(x, xv)])
run("less", lambda: x < tf.ones([5, 1, 1]), [(x, xv)])
run("squared_difference", lambda: tf.squared_difference(x, tf.ones([3, 3, 8])), [(x, xv)])
run("floordiv int", lambda: i // tf.ones([2, 1], tf.int32), [(i, iv)])
run("pow", lambda: tf.pow(x, tf.ones([4, 1])), [(x, xv)])
run("equal", lambda: tf.equal(x, tf.ones([2, 4, 1])), [(x, xv)])
run("broadcasts", lambda: x + tf.ones([3, 1]), [(x, xv)])
y = tf.placeholder(tf.float32, [None, None, 4], name="a_y")
run("batch matmul batch dims", lambda: tf.matmul(x, y), [(x, xv), (y, np.ones((3, 8, 4)))])
run("batch matmul inner dims", lambda: tf.matmul(x, y, transpose_b=True), [(x, xv), (y, np.ones((2, 7, 4)))])
run("einsum label sizes", lambda: tf.einsum("bij,bjk->bik", x, y), [(x, xv), (y, np.ones((2, 7, 4)))])
run("einsum first label", lambda: tf.einsum("bij,bjk->bik", x, y), [(x, xv), (y, np.ones((5, 8, 4)))])
run("einsum ellipsis", lambda: tf.einsum("...ij,...jk->...ik", x, y), [(x, xv), (y, np.ones((2, 6, 4)))])
run("softmax of ints", lambda: tf.nn.softmax(tf.constant([1, 2])))
run("log_softmax of ints", lambda: tf.nn.log_softmax(tf.constant([1, 2])))
