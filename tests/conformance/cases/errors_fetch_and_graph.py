import tensorflow as tf

# Errors from fetching: unknown names, other graphs, closed sessions, finalized graphs.
a = tf.constant(1.0, name="a")
other = tf.Graph()
with other.as_default():
    foreign = tf.constant(2.0, name="foreign")
sess = tf.Session()
checks = [
    ("unknown tensor name", lambda: sess.run("nope:0")),
    ("unknown op name", lambda: sess.run("nope")),
    ("bad output index", lambda: sess.run("a:1")),
    ("tensor of another graph", lambda: sess.run(foreign)),
    ("fetch None", lambda: sess.run(None)),
    ("fetch int", lambda: sess.run(3)),
    ("fetch a python float list", lambda: sess.run([1.0])),
    ("feed tensor of another graph", lambda: sess.run(a, {foreign: 1.0})),
]
for label, fn in checks:
    try:
        fn()
        print(label + ": ok")
    except Exception as e:
        message = str(e)
        print(label + ":", type(e).__name__, "| cannot be interpreted:", "cannot be interpreted as a Tensor" in message,
              "| not an element of this graph:", "is not an element of this graph" in message)
sess.close()
try:
    sess.run(a)
except RuntimeError as e:
    print("closed session:", type(e).__name__, str(e))
sess.close()
print("closing twice: ok")
g = tf.get_default_graph()
g.finalize()
print("finalized:", g.finalized)
try:
    tf.constant(3.0)
except RuntimeError as e:
    print("op after finalize:", type(e).__name__, str(e))
with tf.Session() as s2:
    print("running a finalized graph:", s2.run(a))
g2 = tf.Graph()
with g2.as_default():
    try:
        tf.constant(1) + tf.constant(1.0)
    except TypeError as e:
        print("int32 + float32:", type(e).__name__, "int32" in str(e), "float32" in str(e))
    try:
        tf.add(tf.constant(1), foreign)
    except ValueError as e:
        print("inputs from two graphs:", type(e).__name__, "graph" in str(e))
