import tensorflow as tf

# Errors from fetching: unknown names, bad fetch types, other graphs, closed sessions.
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
