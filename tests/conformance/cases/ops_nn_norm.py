import tensorflow as tf
import numpy as np

# fused_batch_norm (training / inference / exponential_avg_factor / NCHW / 5-D) and lrn: values, names,
# static shapes, gradients, graph-construction errors.
def show(label, t, value):
    value = np.asarray(value)
    print(label, t.name, t.op.type, t.dtype.name, t.shape, value.shape,
          np.array2string(np.round(value.ravel()[:8].astype(np.float64), 4), precision=4, suppress_small=True))

rng = np.random.RandomState(0)
xv = rng.uniform(-1, 1, (2, 3, 2, 3)).astype(np.float32)
x = tf.placeholder(tf.float32, [2, 3, 2, 3], name="x")
scale, offset = np.float32([1.0, 2.0, 0.5]), np.float32([0.1, 0.2, 0.3])
mean, var = np.float32([0.1, -0.1, 0.0]), np.float32([1.0, 0.5, 2.0])
train = tf.nn.fused_batch_norm(x, scale, offset)
infer = tf.nn.fused_batch_norm(x, scale, offset, mean, var, is_training=False, epsilon=0.01, name="bn_infer")
blend = tf.nn.fused_batch_norm(x, scale, offset, mean, var, exponential_avg_factor=0.3)
nchw = tf.nn.fused_batch_norm(tf.transpose(x, [0, 3, 1, 2]), scale, offset, data_format="NCHW")
five = tf.nn.fused_batch_norm(tf.reshape(x, [2, 3, 1, 2, 3]), scale, offset, data_format="NDHWC")
op = train[0].op
print(op.type, [i.name for i in op.inputs], [str(o.shape) for o in op.outputs])
print(infer[0].op.name, [i.name for i in infer[0].op.inputs])
unknown = tf.nn.fused_batch_norm(tf.placeholder(tf.float32, [None, None, None, 3]), scale, offset)[0].op
print([str(o.shape) for o in unknown.outputs])
gy = tf.constant(rng.uniform(-1, 1, (2, 3, 2, 3)).astype(np.float32))
grads = tf.gradients(train[0], [x], grad_ys=gy) + tf.gradients(infer[0], [x], grad_ys=gy)
sg = tf.gradients(train[0] * gy, [op.inputs[1], op.inputs[2]])
print(grads[0].op.type, [i.name.split("/")[-1] for i in grads[0].op.inputs][1:], [str(o.shape) for o in grads[0].op.outputs])
ph = tf.placeholder(tf.float32, [1, 2, 2, 5], name="img")
lrns = [tf.nn.lrn(ph), tf.nn.local_response_normalization(ph, 1, 2.0, 0.5, 0.75, name="norm"),
        tf.nn.lrn(ph, depth_radius=2, alpha=1e-2, beta=1.0)]
lgy = tf.constant(rng.uniform(-1, 1, (1, 2, 2, 5)).astype(np.float32))
lgrads = [tf.gradients(t, [ph], grad_ys=lgy)[0] for t in lrns]
print(lgrads[0].op.type, [i.name for i in lgrads[0].op.inputs][1:])
for bad in [lambda: tf.nn.fused_batch_norm(tf.ones([2, 2]), scale, offset),
            lambda: tf.nn.fused_batch_norm(tf.ones([2, 2, 2, 3], tf.float64), scale, offset),
            lambda: tf.nn.fused_batch_norm(tf.ones([2, 2, 2, 3]), scale, offset, is_training=False),
            lambda: tf.nn.fused_batch_norm(tf.ones([2, 2, 2, 3]), [1.0, 2.0], offset),
            lambda: tf.nn.fused_batch_norm(tf.ones([2, 2, 2, 3]), scale, offset, data_format="XX"),
            lambda: tf.nn.fused_batch_norm(tf.ones([2, 2, 2, 3]), scale, offset, data_format="NCDHW"),
            lambda: tf.nn.lrn(tf.ones([2, 3])),
            lambda: tf.nn.lrn(tf.ones([1, 2, 2, 3], tf.float64))]:
    try:
        bad()
        print("no error")
    except (ValueError, TypeError) as e:
        print(type(e).__name__, str(e).split(" for ")[0][:160])
with tf.Session() as sess:
    fd = {x: xv, ph: rng.uniform(0, 2, (1, 2, 2, 5)).astype(np.float32)}
    for group in (train, blend, nchw, five):
        outs = group[0].op.outputs
        for t, v in zip(outs, sess.run(outs, fd)):
            show("bn", t, v)
    show("infer", infer[0], sess.run(infer[0], fd))
    for t, v in zip(grads + sg, sess.run(grads + sg, fd)):
        show("grad", t, v)
    for t, v in zip(lrns + lgrads, sess.run(lrns + lgrads, fd)):
        show("lrn", t, v)
