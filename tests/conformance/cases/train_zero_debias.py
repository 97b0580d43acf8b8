import numpy as np
import tensorflow as tf
from tensorflow.python.training import moving_averages

# Zero-debiased moving averages: moving_averages.assign_moving_average (zero_debias defaults to True, as
# batch norm written by hand calls it) and ExponentialMovingAverage(zero_debias=True) on tensors: the
# biased/local_step variables, TF's op names, the debiased values; decay given as a number and as a tensor.
# Values print rounded: XLA's Pow may differ from TF's by an ulp.
np.random.seed(0)
X = np.random.randn(8, 3).astype(np.float32)
x = tf.placeholder(tf.float32, [None, 3])


def moments_with_averages(x, decay, scope):
    with tf.variable_scope(scope):
        moving_mean = tf.get_variable("moving_mean", [3], initializer=tf.zeros_initializer(), trainable=False)
        moving_var = tf.get_variable("moving_variance", [3], initializer=tf.ones_initializer(), trainable=False)
        mean, var = tf.nn.moments(x, [0])
        upd_m = moving_averages.assign_moving_average(moving_mean, mean, decay)
        upd_v = moving_averages.assign_moving_average(moving_var, var, decay, zero_debias=False)
        return upd_m, upd_v


um, uv = moments_with_averages(x, 0.9, "bn")
um2, uv2 = moments_with_averages(x * 2.0, tf.constant(0.8), "bn2")
print(um.name, uv.name, um2.name, uv2.name)
print([v.name for v in tf.global_variables()])
print([o.name for o in tf.get_default_graph().get_operations() if "AssignMovingAvg" in o.name])
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    for i in range(3):
        s.run([um, uv, um2, uv2], {x: X + i})
        print(i, [np.round(v, 5).tolist() for v in s.run(["bn/moving_mean:0", "bn/moving_variance:0", "bn2/moving_mean:0",
                                              "bn2/moving_variance:0", "bn/bn/moving_mean/local_step:0"])])

tf.reset_default_graph()
v = tf.Variable(1.0, name="v")
t = v * 2.0
u = tf.square(v)
ema = tf.train.ExponentialMovingAverage(0.5, zero_debias=True)
op = ema.apply([t, v])
op2 = ema.apply([u])
inc = v.assign_add(1.0)
print([o.name for o in tf.get_default_graph().get_operations() if o.name.startswith("ExponentialMovingAverage")])
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    for i in range(3):
        s.run([op, op2])
        s.run(inc)
        print(np.round(s.run([ema.average(t), ema.average(v), ema.average(u)]), 5).tolist())
print([x.name for x in tf.global_variables()])
