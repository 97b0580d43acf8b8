# tf.layers.dropout (training as bool and as tensor) and tf.layers.batch_normalization: update ops,
# moving statistics, training flag.
import numpy as np
import tensorflow as tf

tf.set_random_seed(5)
x = tf.placeholder(tf.float32, [None, 4, 4, 3], name="x")
training = tf.placeholder(tf.bool, [], name="training")
b = tf.layers.batch_normalization(x, training=training)
b2 = tf.layers.batch_normalization(x, training=True, momentum=0.9, name="bn2")
b3 = tf.layers.batch_normalization(x, name="bn3")
h = tf.placeholder(tf.float32, [None, 5], name="h")
b4 = tf.layers.batch_normalization(h, training=True, name="bn_dense", center=False)
d = tf.layers.dropout(h, 0.5, training=training)
d2 = tf.layers.dropout(h, 0.25, training=True, seed=7)
d3 = tf.layers.dropout(h, 0.3)
print([v.name for v in tf.global_variables()])
print([v.name for v in tf.trainable_variables()])
print([u.type for u in tf.get_collection(tf.GraphKeys.UPDATE_OPS)], len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)))
print(b.shape, b2.shape, d.shape, d3.name)
rng = np.random.RandomState(1)
xv = (rng.randn(2, 4, 4, 3) * 2 + 1).astype(np.float32)
hv = (rng.rand(4, 5) + 0.5).astype(np.float32)
mm = tf.global_variables()[2]
mv = tf.global_variables()[3]
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    print("eval", np.round(s.run(b, {x: xv, training: False})[0, 0], 4).tolist())
    print("moving", s.run([mm, mv]))
    ups = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    for step in range(2):
        out, _ = s.run([b, ups], {x: xv, training: True, h: hv})
        print("train", step, np.round(out[0, 0], 4).tolist())
        print("moving", np.round(s.run(mm), 5).tolist(), np.round(s.run(mv), 5).tolist())
    s.run(ups, {x: xv, training: False, h: hv})
    print("after eval-mode update", np.round(s.run(mm), 5).tolist(), np.round(s.run(mv), 5).tolist())
    for v in tf.global_variables()[4:]:
        print(v.name, np.round(s.run(v), 5).tolist())
    print("bn3", np.round(s.run(b3, {x: xv})[0, 0], 4).tolist())
    print("bn_dense", np.round(s.run(b4, {h: hv}), 4).tolist())
    dv = s.run(d, {h: hv, training: True})
    print("dropout train zeros", int((dv == 0).sum()), np.allclose(dv[dv != 0], (hv * 2)[dv != 0]))
    print("dropout eval", np.array_equal(s.run(d, {h: hv, training: False}), hv))
    print("dropout seeded", np.round(s.run(d2, {h: hv}), 4).tolist())
    print("dropout default", np.array_equal(s.run(d3, {h: hv}), hv))
