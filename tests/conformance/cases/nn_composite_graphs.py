import numpy as np
import tensorflow as tf

# The composite tf.nn functions build TF's graph: the same op types, names and static shapes, with
# placeholders of known, partly known and unknown shape; values and gradients too.
rng = np.random.RandomState(0)
X234 = rng.randn(2, 3, 4).astype(np.float32)
X23 = rng.randn(2, 3).astype(np.float32)
L23 = np.abs(rng.randn(2, 3)).astype(np.float32)
L23 /= L23.sum(-1, keepdims=True)
L234 = np.abs(rng.randn(2, 3, 4)).astype(np.float32)
L234 /= L234.sum(-1, keepdims=True)
B23 = (rng.rand(2, 3) > 0.5).astype(np.float32)
IMG = rng.randn(2, 5, 5, 3).astype(np.float32)
SEQ = rng.randn(2, 7, 3).astype(np.float32)
W34 = rng.randn(3, 4).astype(np.float32)
B4 = rng.randn(4).astype(np.float32)
EMB = rng.randn(5, 3).astype(np.float32)
IDS = np.array([[0, 4], [2, 2]], np.int32)
DW = rng.randn(3, 3, 3, 2).astype(np.float32)
PW = rng.randn(1, 1, 6, 4).astype(np.float32)
F1 = rng.randn(3, 3, 4).astype(np.float32)
TF_ = rng.randn(3, 3, 2, 3).astype(np.float32)


def show(value):
    value = np.asarray(value, np.float64)
    return f"{value.shape} " + " ".join(f"{v:.4f}" for v in value.ravel()[:8])


def case(label, build, *values, grad=True):
    """Builds `build(*placeholders)` in a fresh graph; prints its ops, outputs, values and d(out)/d(first)."""
    with tf.Graph().as_default() as graph:
        tf.set_random_seed(1)
        inputs = [tf.placeholder(tf.as_dtype(v.dtype), shape) for shape, v in values]
        out = build(*inputs)
        outs = list(out) if isinstance(out, tuple) else [out]
        print(label, [(op.name, op.type) for op in graph.get_operations()])
        print("  ", outs)
        fetch = outs + ([tf.convert_to_tensor(g) for g in tf.gradients(outs[0], inputs[:1])] if grad else [])
        with tf.Session() as sess:
            for result in sess.run(fetch, {t: v for t, (_, v) in zip(inputs, values)}):
                print("  ", show(result))


for shape in ([2, 3], [None, 3], None):
    case("softmax_xent_v2", lambda a, b: tf.nn.softmax_cross_entropy_with_logits_v2(labels=b, logits=a, name="xent"),
         (shape, X23), (shape, L23))
    case("softmax_xent", lambda a, b: tf.nn.softmax_cross_entropy_with_logits(labels=b, logits=a), (shape, X23),
         (shape, L23))
for shape in ([2, 3, 4], [None, None, 4]):
    case("softmax_xent_v2 3-D", lambda a, b: tf.nn.softmax_cross_entropy_with_logits_v2(labels=b, logits=a),
         (shape, X234), (shape, L234))
case("softmax_xent_v2 axis=0", lambda a, b: tf.nn.softmax_cross_entropy_with_logits_v2(labels=b, logits=a, axis=0),
     ([None, 3], X23), ([None, 3], L23))
for shape, label_shape in (([2, 3], [2]), ([None, None], [None]), ([2, 3, 4], [2, 3])):
    logits = X23 if len(shape) == 2 else X234
    labels = np.array([2, 0], np.int32) if len(shape) == 2 else np.array([[0, 3, 1], [2, 2, 0]], np.int32)
    case("sparse_xent", lambda a, b: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=b, logits=a),
         (shape, logits), (label_shape, labels))
for shape in ([2, 3], [None, 3]):
    case("sigmoid_xent", lambda a, b: tf.nn.sigmoid_cross_entropy_with_logits(labels=b, logits=a), (shape, X23),
         (shape, B23))
    case("weighted_xent", lambda a, b: tf.nn.weighted_cross_entropy_with_logits(labels=b, logits=a, pos_weight=2.0),
         (shape, X23), (shape, B23))
case("weighted_xent tensor pos_weight", lambda a, b, w: tf.nn.weighted_cross_entropy_with_logits(
    targets=b, logits=a, pos_weight=w), ([None, 3], X23), ([None, 3], B23), ([3], np.float32([1, 2, 3])))

for shape in ([2, 3, 4], [None, 3, 4], None):
    case("moments", lambda a: tf.nn.moments(a, [0, 1]), (shape, X234))
    case("moments keep_dims", lambda a: tf.nn.moments(a, [2], keep_dims=True, name="m"), (shape, X234))
case("moments float16", lambda a: tf.nn.moments(a, [0]), ([2, 3], X23.astype(np.float16)), grad=False)
for shape in ([2, 3, 4], [None, 3, 4]):
    case("weighted_moments", lambda a, w: tf.nn.weighted_moments(a, [0, 2], w), (shape, X234),
         (shape, np.abs(X234) + 0.1))
    case("l2_normalize", lambda a: tf.nn.l2_normalize(a, axis=1), (shape, X234))
    case("l2_normalize dim list", lambda a: tf.nn.l2_normalize(a, dim=[0, 2], epsilon=1e-3), (shape, X234))
    case("batch_normalization", lambda a, m, v, o, s: tf.nn.batch_normalization(a, m, v, o, s, 1e-3),
         (shape, X234), ([4], X234[0, 0]), ([4], np.abs(X234[1, 0])), ([4], X234[0, 1]), ([4], X234[0, 2]))
    case("batch_normalization no offset/scale", lambda a, m, v: tf.nn.batch_normalization(a, m, v, None, None, 1e-3),
         (shape, X234), ([4], X234[0, 0]), ([4], np.abs(X234[1, 0])))
    case("batch_normalization constants", lambda a: tf.nn.batch_normalization(a, 0.5, 2.0, 0.1, 3.0, 1e-3, name="bn"),
         (shape, X234))

for shape in ([2, 3, 4], [None, 3, 4]):
    case("dropout keep_prob", lambda a: tf.nn.dropout(a, keep_prob=0.7, seed=3), (shape, X234), grad=False)
    case("dropout rate tensor", lambda a, r: tf.nn.dropout(a, rate=r, seed=3), (shape, X234), ([], np.float32(0.3)),
         grad=False)
    case("dropout keep_prob tensor", lambda a, k: tf.nn.dropout(a, keep_prob=k, seed=3), (shape, X234),
         ([], np.float32(0.7)), grad=False)
    case("dropout noise_shape", lambda a: tf.nn.dropout(a, rate=0.3, noise_shape=[2, 1, 4], seed=3), (shape, X234),
         grad=False)
case("dropout rate 0", lambda a: tf.nn.dropout(a, rate=0.0), ([2, 3], X23))

for shape in ([2, 3, 4], [None, 3, 4]):
    for axis in (0, -2):
        case(f"softmax axis={axis}", lambda a: tf.nn.softmax(a, axis=axis), (shape, X234))
        case(f"log_softmax axis={axis}", lambda a: tf.nn.log_softmax(a, axis=axis, name="ls"), (shape, X234))
    case("softmax last axis", lambda a: tf.nn.softmax(a, axis=2), (shape, X234))

for shape in ([2, 3], [None, 3]):
    case("xw_plus_b", lambda a, w, b: tf.nn.xw_plus_b(a, w, b), (shape, X23), ([3, 4], W34), ([4], B4))
    case("xw_plus_b constants", lambda a: tf.nn.xw_plus_b(a, W34, B4, name="dense"), (shape, X23))
    case("relu_layer", lambda a, w, b: tf.nn.relu_layer(a, w, b), (shape, X23), ([3, 4], W34), ([4], B4))
for shape in ([2, 3, 4], None):
    case("l2_loss", lambda a: tf.nn.l2_loss(a), (shape, X234))
    case("bias_add", lambda a, b: tf.nn.bias_add(a, b), (shape, X234), ([4], B4))
    case("bias_add NCW", lambda a, b: tf.nn.bias_add(a, b, data_format="NCW"), (shape, X234), ([3], B4[:3]))
    case("crelu", lambda a: tf.nn.crelu(a), (shape, X234))
    case("crelu axis=1", lambda a: tf.nn.crelu(a, axis=1, name="cr"), (shape, X234))

for shape in ([5, 3], [None, 3]):
    case("embedding_lookup", lambda p, i: tf.nn.embedding_lookup(p, i), (shape, EMB), ([2, 2], IDS))
case("embedding_lookup constant table", lambda i: tf.nn.embedding_lookup(EMB, i, name="emb"), ([None], IDS[0]),
     grad=False)
case("embedding_lookup mod shards", lambda a, b, c, i: tf.nn.embedding_lookup([a, b, c], i),
     ([2, 3], EMB[[0, 3]]), ([2, 3], EMB[[1, 4]]), ([1, 3], EMB[[2]]), ([2, 2], IDS))
case("embedding_lookup div shards", lambda a, b, i: tf.nn.embedding_lookup([a, b], i, partition_strategy="div"),
     ([3, 3], EMB[:3]), ([2, 3], EMB[3:]), ([2, 2], IDS))
case("embedding_lookup div shards, unknown sizes", lambda a, b, i: tf.nn.embedding_lookup(
    [a, b], i, partition_strategy="div"), ([None, 3], EMB[:3]), ([2, None], EMB[3:]), ([None], IDS[0]))

PRED, TARGETS = rng.randn(3, 4).astype(np.float32), np.array([1, 0, 3], np.int32)
for shape in ([3, 4], [None, 4]):
    case("in_top_k", lambda p, t: tf.nn.in_top_k(p, t, 2), (shape, PRED), ([None], TARGETS), grad=False)
    case("top_k", lambda p: tf.nn.top_k(p, 2), (shape, PRED))
case("in_top_k named, tensor k", lambda p, t, k: tf.nn.in_top_k(p, t, k, name="hits"), ([3, 4], PRED),
     ([3], TARGETS), ([], np.int32(1)), grad=False)

for shape in ([2, 5, 5, 3], [None, None, None, 3]):
    case("separable_conv2d", lambda a, d, p: tf.nn.separable_conv2d(a, d, p, [1, 1, 1, 1], "SAME"), (shape, IMG),
         ([3, 3, 3, 2], DW), ([1, 1, 6, 4], PW))
    case("depthwise_conv2d", lambda a: tf.nn.depthwise_conv2d(a, DW, [1, 2, 2, 1], "SAME", name="dw"), (shape, IMG))
    case("lrn", lambda a: tf.nn.local_response_normalization(a, 2, 1.0, 0.5, 0.75), (shape, IMG))
case("conv2d_transpose", lambda a, f: tf.nn.conv2d_transpose(a, f, [2, 10, 10, 2], [1, 2, 2, 1]), ([2, 5, 5, 3], IMG),
     ([3, 3, 2, 3], TF_))
for shape in ([2, 7, 3], [None, None, 3]):
    case("conv1d", lambda a, f: tf.nn.conv1d(a, f, 1, "SAME"), (shape, SEQ), ([3, 3, 4], F1))
    case("conv1d stride 2, constant filters", lambda a: tf.nn.conv1d(a, F1, 2, "VALID", name="c1"), (shape, SEQ))
case("conv1d NCW", lambda a: tf.nn.conv1d(a, F1, 1, "VALID", data_format="NCW"),
     ([2, 3, 7], SEQ.transpose(0, 2, 1).copy()))
