# tf.layers conv1d/conv2d/conv2d_transpose, pooling, flatten: names, shapes, seeded values.
import numpy as np
import tensorflow as tf

tf.set_random_seed(3)
x = tf.placeholder(tf.float32, [None, 6, 6, 2], name="x")
c = tf.layers.conv2d(x, 3, 3, padding="same", activation=tf.nn.relu)
c2 = tf.layers.conv2d(x, 2, (2, 3), strides=(2, 1), name="valid")
p = tf.layers.max_pooling2d(c, 2, 2)
a = tf.layers.average_pooling2d(c, 3, 2, padding="same")
f = tf.layers.flatten(p)
t = tf.layers.conv2d_transpose(p, 2, 3, strides=2, padding="same")
t2 = tf.layers.conv2d_transpose(p, 1, 2, strides=(2, 2), padding="valid", use_bias=False)
x1 = tf.placeholder(tf.float32, [2, 7, 3], name="x1")
c1 = tf.layers.conv1d(x1, 4, 3, strides=2)
p1 = tf.layers.max_pooling1d(x1, 2, 2)
a1 = tf.layers.average_pooling1d(x1, 3, 1, padding="same")
for tensor in (c, c2, p, a, f, t, t2, c1, p1, a1):
    print(tensor.name, tensor.shape)
print([v.name + str(v.shape) for v in tf.global_variables()])
rng = np.random.RandomState(0)
xv = rng.randn(2, 6, 6, 2).astype(np.float32)
x1v = rng.randn(2, 7, 3).astype(np.float32)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    print("kernel", np.round(s.run(tf.global_variables()[0])[0, 0], 5).tolist())
    outs = s.run([c, c2, p, a, f, t, t2], {x: xv})
    for o in outs:
        print(o.shape, np.round(o.sum(), 4), np.round(o.ravel()[:5], 5).tolist())
    for o in s.run([c1, p1, a1], {x1: x1v}):
        print(o.shape, np.round(o.sum(), 4), np.round(o.ravel()[:5], 5).tolist())
