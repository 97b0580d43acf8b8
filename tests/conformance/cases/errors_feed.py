import tensorflow as tf

# Errors from feeding: unfed placeholders, wrong shapes, wrong feed keys.
x = tf.placeholder(tf.float32, shape=[None, 3], name="x")
y = x * 2.0
n = tf.placeholder(tf.int32, shape=[], name="n")
with tf.Session() as sess:
    try:
        sess.run(y)
    except tf.errors.InvalidArgumentError as e:
        print("unfed:", type(e).__name__, e.error_code, e.op.name, e.op.type)
        print("  message names the placeholder:", "You must feed a value for placeholder tensor 'x' with dtype float and shape [?,3]" in str(e))
    for label, feed in [
        ("wrong rank", {x: [1.0, 2.0, 3.0]}),
        ("wrong dim", {x: [[1.0, 2.0]]}),
        ("scalar feed for [None, 3]", {x: 1.0}),
        ("vector for scalar", {n: [1, 2]}),
        ("string for float", {x: [["a", "b", "c"]]}),
        ("non-tensor key", {"nope:0": 1.0}),
        ("bad key type", {3: 1.0}),
        ("ragged", {x: [[1.0, 2.0, 3.0], [1.0]]}),
    ]:
        try:
            sess.run(y, feed_dict=feed)
            print(label + ": ok")
        except Exception as e:
            print(label + ":", type(e).__name__)
            if label.startswith(("wrong", "scalar", "vector")):
                print("  ", str(e))
    print("fed with correct shape:", sess.run(y, {x: [[1.0, 2.0, 3.0]]}).tolist())
    try:
        sess.run(n * 2, {n: 1.5})
        print("float for int32: ok", sess.run(n * 2, {n: 1.5}))
    except Exception as e:
        print("float for int32:", type(e).__name__)
