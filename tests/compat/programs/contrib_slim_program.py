"""A TF1 model written with tf.contrib.layers / tf.contrib.framework (tf-slim): conv2d + batch_norm under an
arg_scope, max_pool2d, flatten, fully_connected, l2 regularization; a seeded forward pass and three training
steps. Prints one JSON object. Under TensorFlow 2.x (no tf.contrib) the same calls come from `tf_slim`."""

import json

import numpy as np
import tensorflow as tf

if hasattr(tf, "contrib"):
    layers, framework, slim = tf.contrib.layers, tf.contrib.framework, tf.contrib.slim
else:  # TensorFlow 2.x: tf.contrib.slim/layers/framework live on as the tf_slim package
    import sys

    import tensorflow.compat.v1 as tf
    import tf_keras.src.legacy_tf_layers
    import tf_slim

    # TF 2.21's tensorflow.python.layers.normalization loads `tf_keras.legacy_tf_layers`, which tf_keras 2.21
    # keeps under tf_keras.src
    sys.modules.setdefault("tf_keras.legacy_tf_layers", tf_keras.src.legacy_tf_layers)

    tf.disable_eager_execution()
    tf.disable_resource_variables()
    layers, framework, slim = sys.modules["tf_slim.layers"], tf_slim, tf_slim  # tf_slim.layers: layers.layers

tf.set_random_seed(7)
images = tf.placeholder(tf.float32, [None, 8, 8, 3], name="images")
labels = tf.placeholder(tf.int64, [None], name="labels")
is_training = tf.placeholder_with_default(True, [], name="is_training")

with framework.arg_scope([layers.conv2d, layers.fully_connected],
                         weights_regularizer=layers.l2_regularizer(0.01)):
    with framework.arg_scope([layers.conv2d], normalizer_fn=layers.batch_norm,
                             normalizer_params=dict(is_training=is_training, decay=0.9)):
        net = layers.conv2d(images, 4, [3, 3])
        net = layers.conv2d(net, 6, [3, 3], stride=2, scope="conv2")
    net = slim.max_pool2d(net, [2, 2])
    net = layers.flatten(net)
    net = layers.fully_connected(net, 10, weights_initializer=layers.xavier_initializer(seed=3))
    logits = layers.fully_connected(net, 3, activation_fn=None, scope="logits",
                                    weights_initializer=layers.variance_scaling_initializer(seed=5))

xent = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
reg = layers.apply_regularization(layers.l2_regularizer(0.01), framework.get_variables_by_name("weights"))
loss = xent + tf.add_n(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))
with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

rng = np.random.RandomState(0)
feed = {images: rng.standard_normal((5, 8, 8, 3)).astype(np.float32), labels: rng.randint(0, 3, 5)}
out = {
    "global_variables": [[v.op.name, v.shape.as_list()] for v in tf.global_variables()],
    "trainable_variables": [v.op.name for v in tf.trainable_variables()],
    "model_variables": [v.op.name for v in framework.get_model_variables()],
    "to_restore": [v.op.name for v in framework.get_variables_to_restore(exclude=["logits"])],
    "update_ops": [op.name for op in tf.get_collection(tf.GraphKeys.UPDATE_OPS)],
    "regularization_losses": [t.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)],
    "logits_name": logits.name,
    "net_shape": net.shape.as_list(),
}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["logits"] = sess.run(logits, feed).tolist()
    out["logits_inference"] = sess.run(logits, {**feed, is_training: False}).tolist()
    out["reg"] = float(sess.run(reg))
    out["losses"] = [float(sess.run([train, loss], feed)[1]) for _ in range(3)]
    out["moving_mean"] = sess.run("Conv/BatchNorm/moving_mean:0").tolist()
    out["logits_weights"] = sess.run("logits/weights:0").tolist()
print(json.dumps(out))
