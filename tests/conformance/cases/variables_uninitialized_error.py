import tensorflow as tf

# Using a variable before initializing it is a FailedPreconditionError naming the variable.
v = tf.Variable(1.0, name="my_var")
w = tf.Variable(2.0, name="other")
y = v * 2.0
with tf.Session() as sess:
    for label, fetch in [("read variable", v), ("consumer", y), ("assign_add", v.assign_add(1.0))]:
        try:
            sess.run(fetch)
        except tf.errors.FailedPreconditionError as e:
            print(label + ":", type(e).__name__, "my_var" in str(e), "uninitialized" in str(e))
            print("  isinstance OpError:", isinstance(e, tf.errors.OpError), "error_code:", e.error_code)
            print("  op:", e.op.name if e.op is not None else None)
    sess.run(v.assign(5.0))
    print("assign initializes:", sess.run(v))
    try:
        sess.run(w)
    except tf.errors.FailedPreconditionError as e:
        print("other still uninitialized:", "other" in str(e))
    print("FAILED_PRECONDITION:", tf.errors.FAILED_PRECONDITION)
