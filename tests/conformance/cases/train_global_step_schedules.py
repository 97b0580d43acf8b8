import numpy as np
import tensorflow as tf

# Global step, minimize(global_step=...), and the learning-rate schedules of tf.train.
step = tf.train.get_or_create_global_step()
schedules = {
    "exponential": tf.train.exponential_decay(0.1, step, 10, 0.5),
    "exponential_staircase": tf.train.exponential_decay(0.1, step, 10, 0.5, staircase=True),
    "inverse_time": tf.train.inverse_time_decay(0.1, step, 10, 0.5),
    "natural_exp": tf.train.natural_exp_decay(0.1, step, 10, 0.5),
    "polynomial": tf.train.polynomial_decay(0.1, step, 20, 0.01, power=2.0),
    "polynomial_cycle": tf.train.polynomial_decay(0.1, step, 20, 0.01, cycle=True),
    "cosine": tf.train.cosine_decay(0.1, step, 20, alpha=0.1),
    "piecewise": tf.train.piecewise_constant(step, [5, 15], [1.0, 0.5, 0.1]),
}
v = tf.Variable(5.0, name="v")
train = tf.train.GradientDescentOptimizer(schedules["exponential"]).minimize(tf.square(v), global_step=step)
print("train op:", train.name, train.type, "global step:", step.name, step.dtype.name)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for target in [0, 3, 5, 12, 25]:
        while sess.run(step) < target:
            sess.run(train)
        values = sess.run(schedules)
        print("step", target, {k: round(float(values[k]), 6) for k in sorted(values)})
    print("v:", np.round(sess.run(v), 5), "global_step():", tf.train.global_step(sess, step))

# The graphs TF 2's schedules build behind tf.train's functions: each op's name, so the arithmetic (and its
# rounding) is TF's; natural_exp_decay is an exponential decay whose rate, exp(-decay_rate), is computed
# outside its scope. cosine_decay_restarts is left out: TF picks its branch with a cond.
with tf.Graph().as_default() as g:
    gs = tf.placeholder(tf.int64, [], name="gs")
    builders = [
        ("exponential", lambda: tf.train.exponential_decay(0.1, gs, 3, 0.5, staircase=True)),
        ("inverse_time", lambda: tf.train.inverse_time_decay(0.1, gs, 2, 0.5)),
        ("natural_exp", lambda: tf.train.natural_exp_decay(0.1, gs, 2, 0.5, staircase=True)),
        ("polynomial", lambda: tf.train.polynomial_decay(0.1, gs, 10, 0.01, power=0.5)),
        ("polynomial_cycle", lambda: tf.train.polynomial_decay(0.1, gs, 4, 0.01, cycle=True)),
        ("cosine", lambda: tf.train.cosine_decay(0.1, gs, 10, alpha=0.1)),
        ("linear_cosine", lambda: tf.train.linear_cosine_decay(0.1, gs, 10)),
        ("noisy_linear_cosine", lambda: tf.train.noisy_linear_cosine_decay(0.1, gs, 10)),
        ("named", lambda: tf.train.natural_exp_decay(0.1, gs, 7, 0.3, name="my_lr")),
    ]
    built = {}
    for label, build in builders:
        first = len(g.get_operations())
        built[label] = build()
        print(label, built[label].name, [op.name for op in g.get_operations()[first:]])
    with tf.Session() as sess:
        for label in ("natural_exp", "named", "polynomial", "inverse_time"):
            print(label, [float(sess.run(built[label], {gs: i})).hex() for i in (0, 1, 3, 4, 7, 9, 17, 30)])
