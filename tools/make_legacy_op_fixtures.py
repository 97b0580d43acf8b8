"""Records a GraphDef of the op versions TF 1.x wrote and TF 2.21 no longer builds (FusedBatchNorm,
FusedBatchNormV2, BatchMatMul, Concat, Gather, BiasAddV1, Snapshot, PreventGradient), made with TF's
raw ops, and TF's outputs for it (run with TF's Python, from the repository root):

    python tools/make_legacy_op_fixtures.py     # writes tests/io/fixtures/legacy_ops.pb and legacy_ops.json

It also freezes a small image classifier that takes JPEG bytes, as TF 1.x serving graphs did (DecodeJpeg ->
ResizeBilinear with and without half_pixel_centers -> conv -> softmax; tests/io/fixtures/jpeg_classifier.pb and
.json: TF's outputs for tests/images/fixtures' photo224.jpg and rgb420.jpg).
"""

from __future__ import annotations

import json
import os

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "io", "fixtures")
FETCHES = ["bn_train:0", "bn_train:1", "bn_train:2", "bn_infer_v2:0", "bmm:0", "concat:0", "gather:0",
           "bias:0", "snapshot:0", "prevent:0"]


def main():
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    raw = tf.raw_ops
    rng = np.random.RandomState(3)
    x_value = rng.uniform(-1, 1, (2, 3, 3, 4)).astype(np.float32)
    with tf.Graph().as_default() as graph:
        x = tf.placeholder(tf.float32, [None, 3, 3, 4], name="x")
        scale, offset = tf.constant(rng.uniform(0.5, 1.5, 4).astype(np.float32)), tf.constant(np.float32([.1, .2, .3, .4]))
        mean, var = tf.constant(np.float32([0.1, -0.1, 0.0, 0.2])), tf.constant(np.float32([1.0, 0.5, 2.0, 1.5]))
        empty = tf.constant(np.zeros(0, np.float32))
        raw.FusedBatchNorm(x=x, scale=scale, offset=offset, mean=empty, variance=empty, epsilon=0.001,
                           is_training=True, name="bn_train")
        raw.FusedBatchNormV2(x=x, scale=scale, offset=offset, mean=mean, variance=var, epsilon=0.01,
                             is_training=False, name="bn_infer_v2")
        flat = tf.reshape(x, [2, 9, 4])
        raw.BatchMatMul(x=flat, y=tf.constant(rng.uniform(-1, 1, (2, 4, 5)).astype(np.float32)), adj_x=False,
                        name="bmm")
        raw.Concat(concat_dim=tf.constant(1), values=[flat, flat * 2.0], name="concat")
        raw.Gather(params=tf.reshape(x, [2, 36]), indices=tf.constant([[1, 0], [1, 1]]), name="gather")
        raw.BiasAddV1(value=x, bias=offset, name="bias")
        raw.Snapshot(input=x, name="snapshot")
        raw.PreventGradient(input=x, message="frozen", name="prevent")
        with tf.Session() as sess:
            values = sess.run(FETCHES, {x: x_value})
        data = graph.as_graph_def().SerializeToString(deterministic=True)
    with open(os.path.join(FIXTURES, "legacy_ops.pb"), "wb") as f:
        f.write(data)
    with open(os.path.join(FIXTURES, "legacy_ops.json"), "w") as f:
        json.dump({"x": x_value.tolist(), "fetches": FETCHES, "values": [np.asarray(v).tolist() for v in values]}, f)
        f.write("\n")
    jpeg_classifier(tf)
    print("wrote", FIXTURES)


def jpeg_classifier(tf):
    rng = np.random.RandomState(5)
    images = [os.path.join(ROOT, "tests", "images", "fixtures", name) for name in ("photo224.jpg", "rgb420.jpg")]
    with tf.Graph().as_default() as graph:
        data = tf.placeholder(tf.string, [], name="jpeg")
        pixels = tf.cast(tf.image.decode_jpeg(data, channels=3), tf.float32) / 255.0
        batch = tf.expand_dims(pixels, 0)
        small = tf.image.resize_bilinear(batch, [32, 32], name="resize")
        centred = tf.image.resize_bilinear(batch, [32, 32], half_pixel_centers=True, name="resize_centred")
        kernel = tf.Variable(rng.uniform(-0.3, 0.3, (3, 3, 3, 8)).astype(np.float32), name="kernel")
        dense = tf.Variable(rng.uniform(-0.3, 0.3, (8, 5)).astype(np.float32), name="dense")
        features = tf.reduce_mean(tf.nn.relu(tf.nn.conv2d(small + centred, kernel, [1, 2, 2, 1], "SAME")), [1, 2])
        probabilities = tf.nn.softmax(tf.matmul(features, dense), name="probabilities")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            frozen = tf.graph_util.convert_variables_to_constants(sess, graph.as_graph_def(), ["probabilities"])
            values = [sess.run(probabilities, {data: open(path, "rb").read()}).tolist() for path in images]
    with open(os.path.join(FIXTURES, "jpeg_classifier.pb"), "wb") as f:
        f.write(frozen.SerializeToString(deterministic=True))
    with open(os.path.join(FIXTURES, "jpeg_classifier.json"), "w") as f:
        json.dump({"images": [os.path.basename(p) for p in images], "probabilities": values}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
