import numpy as np
import tensorflow as tf

# Second-order gradients through the nn gradient ops (ReluGrad, EluGrad, SeluGrad, Relu6Grad, LeakyReluGrad,
# BiasAddGrad, MaxPoolGrad/GradGrad, MaxPool3DGrad/GradGrad, depthwise backprops, FusedBatchNormGradV3):
# hessians, gradient penalties and third-order gradients, and the gradient op types they build.
WATCH = {"ReluGrad", "Relu6Grad", "EluGrad", "SeluGrad", "LeakyReluGrad", "BiasAddGrad", "MaxPoolGrad",
         "MaxPoolGradGrad", "MaxPool3DGrad", "MaxPool3DGradGrad", "DepthwiseConv2dNativeBackpropInput",
         "DepthwiseConv2dNativeBackpropFilter", "FusedBatchNormGradV3"}


def types(*ts):
    seen, stack = set(), [t.op for t in ts]
    while stack:
        op = stack.pop()
        if op.name not in seen:
            seen.add(op.name)
            stack.extend(i.op for i in op.inputs)
    return sorted({tf.get_default_graph().get_operation_by_name(n).type for n in seen} & WATCH)


def show(label, value):
    digits = 5 if value.dtype == np.float64 else 4  # float32 results: round away accumulation-order noise
    value = np.asarray(value, np.float64).ravel()
    nonzero, size = value[value != 0], np.abs(value).sum()
    total = value.sum() if abs(value.sum()) > 1e-5 * size else 0.0
    print(label, value.size, f"sum={total:.{digits}g} abs={size:.{digits}g} nonzero={nonzero.size}:",
          " ".join(f"{v:.{digits}g}" for v in nonzero[:12]))


rng = np.random.RandomState(0)
results = []
x = tf.constant([[-2.5, -0.7, 0.3, 1.2], [7.5, -1.4, 0.5, 6.5], [2.5, -0.2, 4.0, -3.0]], tf.float64)
w = tf.constant(rng.uniform(0.5, 1.5, (3, 4)))
for name, fn in [("relu", tf.nn.relu), ("relu6", tf.nn.relu6), ("elu", tf.nn.elu), ("selu", tf.nn.selu),
                 ("leaky_relu", lambda t: tf.nn.leaky_relu(t, 0.3))]:
    y = fn(x)
    g = tf.gradients(tf.reduce_sum(w * y * y) + tf.reduce_sum(tf.sin(y)), x)[0]
    penalty = tf.gradients(tf.reduce_sum(g * g * w), x)[0]
    hess = tf.hessians(tf.reduce_sum(y), x)[0]
    print(name, types(penalty), hess.shape)
    results += [(name + " penalty", penalty), (name + " hessian diag", tf.linalg.diag_part(tf.reshape(hess, [12, 12])))]
zero = tf.constant([0.0, -0.0, 1.0, -1.0])
results += [("selu grad at 0", tf.gradients(tf.nn.selu(zero), zero)[0]),
            ("elu grad at 0", tf.gradients(tf.nn.elu(zero), zero)[0])]

b = tf.constant([0.1, -0.2, 0.3, 0.4], tf.float64)
for fmt, shape in [("NHWC", (2, 3, 4)), ("NCHW", (2, 4, 3, 2))]:
    v = tf.constant(rng.uniform(-1, 1, shape))
    loss = tf.reduce_sum(tf.square(tf.nn.elu(tf.nn.bias_add(v, b, data_format=fmt))) * rng.uniform(0, 1, shape))
    gb = tf.gradients(loss, b)[0]
    gp = tf.gradients(tf.reduce_sum(gb * gb), [b, v])
    print("bias_add", fmt, types(*gp))
    results += [("bias_add hessian " + fmt, tf.hessians(loss, b)[0]), ("bias_add penalty b " + fmt, gp[0]),
                ("bias_add penalty v " + fmt, gp[1])]


def orders(label, t, pool):
    y = pool(t)
    g = tf.gradients(tf.reduce_sum(tf.constant(rng.uniform(0.5, 1.5, y.shape.as_list()), t.dtype) * y * y), t)[0]
    h = tf.gradients(tf.reduce_sum(tf.sin(g)), t)[0]
    h3 = tf.gradients(tf.reduce_sum(tf.sin(h)), t)[0]
    print(label, types(h3), h3.shape)
    return [(label + " g", g), (label + " h", h), (label + " h3", h3)]


x2 = tf.constant(rng.permutation(2 * 6 * 5 * 3).reshape(2, 6, 5, 3) / 10.0)
results += orders("max_pool SAME", x2, lambda t: tf.nn.max_pool(t, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"))
results += orders("max_pool VALID", x2, lambda t: tf.nn.max_pool(t, [1, 3, 3, 1], [1, 1, 1, 1], "VALID"))
x3 = tf.constant((rng.permutation(2 * 4 * 5 * 3 * 2).reshape(2, 4, 5, 3, 2) / 10.0).astype(np.float32))
results += orders("max_pool3d", x3, lambda t: tf.nn.max_pool3d(t, [1, 2, 2, 2, 1], [1, 2, 2, 2, 1], "SAME"))
results += orders("avg_pool", x2, lambda t: tf.nn.avg_pool(t, [1, 3, 2, 1], [1, 2, 1, 1], "SAME"))

xd = tf.constant(rng.uniform(-1, 1, (2, 6, 5, 3)))
fd = tf.constant(rng.uniform(-1, 1, (3, 2, 3, 2)))
for strides, padding in [([1, 1, 1, 1], "SAME"), ([1, 2, 2, 1], "VALID")]:
    y = tf.nn.depthwise_conv2d(xd, fd, strides, padding)
    gx, gf = tf.gradients(tf.reduce_sum(tf.tanh(y) * rng.uniform(0.5, 1.5, y.shape.as_list())), [xd, fd])
    hx, hf = tf.gradients(tf.reduce_sum(gx * gx) + tf.reduce_sum(gf * gf), [xd, fd])
    h3 = tf.gradients(tf.reduce_sum(hx * hx) + tf.reduce_sum(hf * hf), [xd, fd])
    print("depthwise", padding, types(*h3))
    results += [("depthwise hx " + padding, hx), ("depthwise hf " + padding, hf), ("depthwise h3x " + padding, h3[0]),
                ("depthwise h3f " + padding, h3[1])]

xb = tf.constant(rng.uniform(-1, 1, (2, 3, 4, 3)).astype(np.float32))
scale, offset = tf.constant([1.0, 2.0, 0.5]), tf.constant([0.1, 0.2, 0.3])
mean, var = tf.constant([0.1, -0.1, 0.0]), tf.constant([1.0, 0.5, 2.0])
wb = tf.constant(rng.uniform(0.5, 1.5, (2, 3, 4, 3)).astype(np.float32))
for label, training, fmt in [("train NHWC", True, "NHWC"), ("infer NHWC", False, "NHWC"),
                             ("train NCHW", True, "NCHW"), ("infer NCHW", False, "NCHW")]:
    t = xb if fmt == "NHWC" else tf.transpose(xb, [0, 3, 1, 2])
    stats = {} if training else dict(mean=mean, variance=var)
    y = tf.nn.fused_batch_norm(t, scale, offset, is_training=training, data_format=fmt, **stats)[0]
    y = y if fmt == "NHWC" else tf.transpose(y, [0, 2, 3, 1])
    gx, gs, go = tf.gradients(tf.reduce_sum(wb * tf.square(y)) + tf.reduce_sum(tf.sin(y)), [xb, scale, offset])
    hx, hs = tf.gradients(tf.reduce_sum(gx * gx) + tf.reduce_sum(gs * gs) + tf.reduce_sum(go * go), [xb, scale])
    print("fused_batch_norm", label, types(hx, hs))
    results += [("fused_batch_norm hx " + label, hx), ("fused_batch_norm hs " + label, hs)]

with tf.Session() as sess:
    for (label, _), value in zip(results, sess.run([t for _, t in results])):
        show(label, value)
