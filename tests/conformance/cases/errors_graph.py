import tensorflow as tf

# Graph-construction errors: finalized graphs, mixed dtypes, inputs from two graphs.
a = tf.constant(1.0, name="a")
g = tf.get_default_graph()
g.finalize()
print("finalized:", g.finalized)
try:
    tf.constant(3.0)
except RuntimeError as e:
    print("op after finalize:", type(e).__name__, str(e))
print("ops unchanged:", [op.name for op in g.get_operations()])
with tf.Session() as sess:
    print("running a finalized graph:", sess.run(a))
other = tf.Graph()
with other.as_default():
    foreign = tf.constant(2.0, name="foreign")
    try:
        tf.constant(1) + tf.constant(1.0)
    except TypeError as e:
        print("int32 + float32:", type(e).__name__, "int32" in str(e), "float32" in str(e))
    try:
        tf.multiply(tf.constant(1.0), a)
    except ValueError as e:
        print("inputs from two graphs:", type(e).__name__, "must be from the same graph" in str(e))
    try:
        tf.constant(1.0) * tf.constant(1.0, dtype=tf.float64)
    except TypeError as e:
        print("float32 * float64:", type(e).__name__, "float64" in str(e))
