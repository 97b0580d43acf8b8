import sys

import tensorflow as tf


def _first(message):
    """The line of a runtime error message that states the error (TF prefixes graph context)."""
    lines = [line for line in message.splitlines() if line and not line.startswith(('Graph execution', 'Detected', ' ', 'Node', '\t', 'Original'))]
    return lines[0]

# Assert / assert_* (static failures at build time, dynamic ones at run time), tf.Print, tf.print to stdout.
x = tf.constant([1, -1])
a = tf.Assert(tf.reduce_all(x > 0), ["x must be positive", x], name="chk")
print(a.name, a.type)
ph = tf.placeholder(tf.int32, [2])
checks = [tf.assert_equal(ph, [1, 3], message="custom"), tf.assert_positive(ph), tf.debugging.assert_less(ph, 2)]
try:
    tf.assert_equal(tf.constant([1, 2]), [1, 3])
except tf.errors.InvalidArgumentError as e:
    print("static InvalidArgumentError", _first(e.message))
try:
    tf.assert_rank(ph, 2)
except ValueError:
    print("assert_rank ValueError")
with tf.Session() as sess:
    for check in [a] + checks:
        try:
            sess.run(check, {ph: [1, -2]})
            print(check.type, "passed")
        except tf.errors.InvalidArgumentError as e:
            print(check.type, "failed:", _first(e.message).replace("Placeholder:0", "PH"))
    a2 = tf.Assert(False, [tf.range(10), tf.constant([[1.5, 2.0], [3.0, 4.0]]), tf.constant(3), "s"], summarize=4)
    try:
        sess.run(a2)
    except tf.errors.InvalidArgumentError as e:
        print("summarize:", _first(e.message))
    print(sess.run([tf.is_non_decreasing([1, 2, 2]), tf.is_strictly_increasing([1, 2, 2])]))
    sys.stdout.flush()
    pr = tf.print("hello", tf.constant([1.5, 2.0]), tf.range(10), tf.constant([[1.5, 2.0], [3.0, 4.0]]),
                  tf.constant("s"), 5, output_stream=sys.stdout)
    print(pr.type)
    sys.stdout.flush()
    sess.run(pr)
    sys.stdout.flush()
    sess.run(tf.print(tf.range(10), summarize=-1, end="!\n", output_stream=sys.stdout))
    sys.stdout.flush()
    p = tf.Print(tf.constant(2.0), [tf.range(5)], message="m")
    print(p.op.type, sess.run(p))
