import numpy as np
import tensorflow as tf

# Every TF1 optimizer on a small least-squares problem: values after 5 steps, slot and variable names.
x = tf.constant([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]])
y = tf.constant([[1.0], [2.0], [0.0]])
optimizers = [
    tf.train.GradientDescentOptimizer(0.05),
    tf.train.MomentumOptimizer(0.05, 0.9),
    tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True, name="Nesterov"),
    tf.train.AdamOptimizer(0.1),
    tf.train.AdagradOptimizer(0.2),
    tf.train.AdadeltaOptimizer(1.0),
    tf.train.RMSPropOptimizer(0.05),
    tf.train.RMSPropOptimizer(0.05, momentum=0.5, centered=True, name="Centered"),
    tf.train.FtrlOptimizer(0.3, l1_regularization_strength=0.01, l2_regularization_strength=0.01),
    tf.train.ProximalGradientDescentOptimizer(0.05, l1_regularization_strength=0.1),
]
for i, opt in enumerate(optimizers):
    with tf.variable_scope("m%d" % i):
        w = tf.get_variable("w", initializer=tf.constant([[0.5], [-0.5]]))
        b = tf.get_variable("b", initializer=tf.constant([0.1]))
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
    step = opt.minimize(loss)
    print(opt.get_name(), step.type, step.name, opt.get_slot_names(),
          [v.op.name for v in sorted(opt.variables(), key=lambda v: v.op.name)])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(5):
            sess.run(step)
        print("  w", np.round(sess.run(w).ravel(), 5), "b", np.round(sess.run(b), 5),
              "loss", np.round(sess.run(loss), 5))
