"""Small TF1 training programs over sparse bag-of-words input (fed through tf.sparse_placeholder), run by
tools/record_sparse.py on TensorFlow and by tests/sparse/test_sparse_programs.py on sessionflow: the losses
of each step and the trained values must agree."""

import numpy as np

VOCAB, CLASSES, DIM = 12, 3, 4


def _batches():
    """Two batches of documents: word ids per document (some repeated) with a weight each, and labels."""
    docs = [[[1, 4, 4, 7], [2], [3, 9, 11], [5, 6], [0, 8, 10, 1, 2]],
            [[7, 7], [11, 3], [4], [6, 2, 9], [10, 0]]]
    labels = [[0, 1, 2, 1, 0], [2, 0, 1, 1, 2]]
    out = []
    for batch, y in zip(docs, labels):
        indices = [[row, k] for row, doc in enumerate(batch) for k in range(len(doc))]
        ids = [w for doc in batch for w in doc]
        weights = [1.0 + 0.25 * (w % 3) for w in ids]
        out.append(dict(indices=np.array(indices, np.int64), ids=np.array(ids, np.int64),
                        weights=np.array(weights, np.float32), shape=np.array([len(batch), 5], np.int64),
                        labels=np.array(y, np.int32)))
    return out


def _initial(shape, seed):
    return np.random.RandomState(seed).uniform(-0.5, 0.5, size=shape).astype(np.float32)


def _train(tf, build, optimizer, steps=6, use_resource=False):
    """Builds the model from sparse placeholders, trains `steps` steps alternating the two batches; returns
    the losses and the trained variables."""
    g = tf.Graph()
    with g.as_default():
        ids = tf.sparse_placeholder(tf.int64, name="ids")
        weights = tf.sparse_placeholder(tf.float32, name="weights")
        labels = tf.placeholder(tf.int32, [None], name="labels")
        with tf.variable_scope("model", use_resource=use_resource):
            logits = build(tf, ids, weights)
        loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
        train = optimizer(tf).minimize(loss)
        variables = tf.trainable_variables()
        batches = _batches()
        losses = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for step in range(steps):
                b = batches[step % 2]
                feed = {ids: tf.SparseTensorValue(b["indices"], b["ids"], b["shape"]),
                        weights: (b["indices"], b["weights"], b["shape"]), labels: b["labels"]}
                loss_value, _ = sess.run([loss, train], feed)
                losses.append(float(loss_value))
            values = sess.run(variables)
        return dict(losses=losses, variables={v.op.name: value.tolist() for v, value in zip(variables, values)})


def _embedding_bag(combiner, weighted):
    def build(tf, ids, weights):
        emb = tf.get_variable("embedding", initializer=_initial([VOCAB, DIM], 1))
        w = tf.get_variable("w", initializer=_initial([DIM, CLASSES], 2))
        b = tf.get_variable("b", initializer=np.zeros(CLASSES, np.float32))
        bag = tf.nn.embedding_lookup_sparse(emb, ids, weights if weighted else None, combiner=combiner)
        return tf.matmul(bag, w) + b

    return build


def _linear_bag_of_words(tf, ids, weights):
    """A linear model on the sparse term-weight matrix: sparse_tensor_dense_matmul of the counts."""
    w = tf.get_variable("w", initializer=_initial([VOCAB, CLASSES], 3))
    b = tf.get_variable("b", initializer=np.zeros(CLASSES, np.float32))
    features = tf.sparse_merge(ids, weights, VOCAB)
    return tf.sparse_tensor_dense_matmul(features, w) + b


def _safe_bag(tf, ids, weights):
    emb = tf.get_variable("embedding", initializer=_initial([VOCAB, DIM], 4))
    w = tf.get_variable("w", initializer=_initial([DIM, CLASSES], 5))
    # ids >= 8 are out of this vocabulary: drop them (safe_embedding_lookup_sparse prunes negative ids)
    kept = tf.SparseTensor(ids.indices, tf.where(ids.values < 8, ids.values, -tf.ones_like(ids.values)),
                           ids.dense_shape)
    bag = tf.nn.safe_embedding_lookup_sparse(emb[:8], kept, weights, combiner="sqrtn")
    return tf.matmul(bag, w)


def bag_of_words_mean_sgd(tf):
    return _train(tf, _embedding_bag("mean", False), lambda tf: tf.train.GradientDescentOptimizer(0.5))


def bag_of_words_sum_weighted_adagrad(tf):
    return _train(tf, _embedding_bag("sum", True), lambda tf: tf.train.AdagradOptimizer(0.3))


def bag_of_words_sqrtn_adam_resource(tf):
    return _train(tf, _embedding_bag("sqrtn", False), lambda tf: tf.train.AdamOptimizer(0.05), use_resource=True)


def linear_sparse_matmul_momentum(tf):
    return _train(tf, _linear_bag_of_words, lambda tf: tf.train.MomentumOptimizer(0.2, 0.9))


def safe_lookup_sgd(tf):
    return _train(tf, _safe_bag, lambda tf: tf.train.GradientDescentOptimizer(1.0))


PROGRAMS = dict(bag_of_words_mean_sgd=bag_of_words_mean_sgd,
                bag_of_words_sum_weighted_adagrad=bag_of_words_sum_weighted_adagrad,
                bag_of_words_sqrtn_adam_resource=bag_of_words_sqrtn_adam_resource,
                linear_sparse_matmul_momentum=linear_sparse_matmul_momentum, safe_lookup_sgd=safe_lookup_sgd)
