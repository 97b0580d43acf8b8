# TF 1.x's control_flow_ops.switch / merge called by hand, as slim's inception_preprocessing picks one of
# several branches at random (apply_with_random_selector): only the chosen branch runs.
import numpy as np
import tensorflow as tf
from tensorflow.python.ops import control_flow_ops

tf.set_random_seed(9)
x = tf.placeholder(tf.float32, [None, 3])


def apply_with_random_selector(x, func, num_cases):
    sel = tf.random_uniform([], maxval=num_cases, dtype=tf.int32)
    return control_flow_ops.merge([func(control_flow_ops.switch(x, tf.equal(sel, case))[1], case)
                                   for case in range(num_cases)])[0]


picked = apply_with_random_selector(x, lambda t, case: t * float(case + 1) + tf.random_uniform([], seed=case), 3)
out_false, out_true = control_flow_ops.switch(x, tf.constant(False), name="gate")
merged = control_flow_ops.merge([out_false * 2.0, out_true * 3.0])
print(picked.name, picked.shape, out_false.name, out_true.name, merged.output.name, merged.value_index.name)
print(type(merged).__name__, merged._fields, merged.value_index.dtype.name, merged.output.op.type)
v = tf.Variable([1.0, 2.0], name="v")
ref_t = control_flow_ops.switch(v, tf.placeholder_with_default(True, []))[1]
ref_m = control_flow_ops.merge([v, v], name="both")
print(ref_t.op.type, ref_t.dtype.name, ref_m.output.op.type, ref_m.output.name)
try:
    control_flow_ops.merge([x, None])
except ValueError as e:
    print("ValueError", str(e).split(":")[0])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    feed = {x: np.arange(6, dtype=np.float32).reshape(2, 3)}
    for _ in range(4):
        print(np.round(sess.run(picked, feed), 5).tolist())
    print(sess.run(list(merged), feed))
    print(sess.run(ref_t))
