import tensorflow as tf

# tf.case: exclusive=True fails the run when more than one predicate is true; without a default, the
# last pair is the default and fails the run unless its predicate is true; dicts go in predicate-name order.
x = tf.placeholder(tf.float32, [])
r = tf.case([(x < 0, lambda: tf.constant(-1.0)), (x < 10, lambda: tf.constant(1.0))],
            default=lambda: tf.constant(99.0), exclusive=True)
r2 = tf.case({x < 5: lambda: tf.constant(5.0), x > 0: lambda: tf.constant(0.5)}, exclusive=True, name="dict_case")
r3 = tf.case([(x < 0, lambda: tf.constant(-1.0))], exclusive=True)
r4 = tf.case([(x < 0, lambda: tf.constant(-1.0)), (x < 10, lambda: tf.constant(1.0))],
             default=lambda: tf.constant(99.0))
with tf.Session() as sess:
    for v in [-5.0, 3.0, 50.0]:
        for label, t in (("list", r), ("dict", r2), ("no default", r3), ("not exclusive", r4)):
            try:
                print(v, label, sess.run(t, {x: v}))
            except tf.errors.InvalidArgumentError as e:
                print(v, label, type(e).__name__, [l for l in e.message.split("\n") if "assertion failed" in l][0])
for bad in (lambda: tf.case([(True, lambda: x)]), lambda: tf.case([(x, lambda: x)]), lambda: tf.case([(x < 0,)]),
            lambda: tf.case("pairs"), lambda: tf.case([(x < 0, 3)])):
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
