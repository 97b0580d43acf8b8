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
