# Gradients of gather/embedding_lookup are IndexedSlices, and every optimizer applies them sparsely.
import numpy as np
import tensorflow as tf
emb = tf.Variable(np.arange(12, dtype=np.float32).reshape(4, 3), name="emb")
ids = tf.placeholder(tf.int32, [None])
looked = tf.nn.embedding_lookup(emb, ids)
loss = tf.reduce_sum(looked * looked)
g = tf.gradients(loss, emb)[0]
print(type(g).__name__)
opts = [tf.train.GradientDescentOptimizer(0.1), tf.train.MomentumOptimizer(0.1, 0.9), tf.train.AdamOptimizer(0.1),
        tf.train.AdagradOptimizer(0.1), tf.train.RMSPropOptimizer(0.1), tf.train.AdadeltaOptimizer(1.0),
        tf.train.FtrlOptimizer(0.1), tf.train.ProximalGradientDescentOptimizer(0.1, l1_regularization_strength=0.5)]
steps = [o.minimize(loss) for o in opts]
with tf.Session() as s:
    for o, st in zip(opts, steps):
        s.run(tf.global_variables_initializer())
        for b in ([0, 2, 2], [1, 0], [0]):
            s.run(st, {ids: b})
        print(o.get_name(), np.round(s.run(emb), 4).tolist())
    gv = s.run(g, {ids: [0, 2, 2]})
    print(type(gv).__name__, gv.indices, gv.values.shape, gv.dense_shape)
