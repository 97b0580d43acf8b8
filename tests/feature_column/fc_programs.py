"""TF1 programs built with tf.feature_column, written against a `tf` module given as argument: tools/record_feature_column.py
runs them on real TensorFlow (tf.compat.v1, graph mode) and commits the results (goldens/feature_column.json);
test_feature_column.py runs them on sessionflow and compares. Each returns plain JSON values."""

import os
import tempfile

import numpy as np


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "indices") and hasattr(value, "dense_shape"):
        return {"indices": _plain(value.indices), "values": _plain(value.values),
                "dense_shape": _plain(value.dense_shape)}
    a = np.asarray(value)
    if a.dtype.kind in "SO":
        return [v.decode() if isinstance(v, bytes) else v for v in a.ravel().tolist()]
    if a.dtype.kind == "f":
        return np.round(a.astype(np.float64), 6).tolist()
    return a.tolist()


def _variables(tf):
    return [[v.op.name, v.shape.as_list()] for v in tf.global_variables()]


def _sparse(tf, indices, values, dense_shape, dtype=None):
    return tf.SparseTensor(indices=indices, values=tf.constant(values, dtype=dtype), dense_shape=dense_shape)


def dense_columns(tf):
    """numeric_column (shape, default, normalizer_fn, int dtype) and bucketized_column into input_layer."""
    fc = tf.feature_column
    price = fc.numeric_column("price")
    dims = fc.numeric_column("dims", shape=(2,), normalizer_fn=lambda x: x * 2.0 - 1.0)
    count = fc.numeric_column("count", dtype=tf.int64)
    grid = fc.numeric_column("grid", shape=(2, 2))
    price_b = fc.bucketized_column(price, boundaries=[0.0, 10.0, 100.0])
    dims_b = fc.bucketized_column(dims, boundaries=[0.0, 2.0])
    features = {
        "price": tf.constant([-5.0, 0.0, 10.0, 250.0]),
        "dims": tf.constant([[0.5, 1.0], [1.5, 2.0], [-1.0, 0.0], [3.0, 0.25]]),
        "count": tf.constant([[1], [2], [3], [4]], dtype=tf.int64),
        "grid": tf.constant(np.arange(16, dtype=np.float32).reshape(4, 2, 2)),
    }
    cols = [price, dims, count, grid, price_b, dims_b]
    cols_to_vars = {}
    net = fc.input_layer(features, cols, cols_to_vars=cols_to_vars)
    ph = tf.placeholder(tf.float32, [None])
    fed = fc.input_layer({"price": ph}, [price_b])
    spec = fc.make_parse_example_spec(cols)
    with tf.Session() as sess:
        out, fed_out = sess.run([net, fed], {ph: [1.0, 100.0, -1.0]})
    return {"out": _plain(out), "shape": net.shape.as_list(), "fed": _plain(fed_out),
            "fed_shape": fed.shape.as_list(), "cols_to_vars": sorted(c.name for c in cols_to_vars),
            "spec": sorted([k, type(v).__name__, list(v.shape), v.dtype.name, _plain(v.default_value)]
                           for k, v in spec.items()),
            "names": [c.name for c in cols], "variables": _variables(tf)}


def _vocab_file(lines):
    fd, path = tempfile.mkstemp(suffix=".txt")
    with os.fdopen(fd, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def categorical_indicators(tf):
    """Each categorical column wrapped in indicator_column, fed SparseTensors and dense tensors."""
    fc = tf.feature_column
    vocab_path = _vocab_file(["red", "green", "blue"])
    color = fc.categorical_column_with_vocabulary_list("color", ["red", "green", "blue"], num_oov_buckets=2)
    size = fc.categorical_column_with_vocabulary_list("size", [10, 20, 30], dtype=tf.int64, default_value=3)
    shade = fc.categorical_column_with_vocabulary_file("shade", vocab_path, vocabulary_size=3, num_oov_buckets=1)
    shade2 = fc.categorical_column_with_vocabulary_file("shade2", vocab_path, default_value=0)
    ident = fc.categorical_column_with_identity("ident", num_buckets=4, default_value=0)
    ident_raw = fc.categorical_column_with_identity("ident_raw", num_buckets=5)
    words = fc.categorical_column_with_hash_bucket("words", hash_bucket_size=7)
    codes = fc.categorical_column_with_hash_bucket("codes", hash_bucket_size=5, dtype=tf.int64)
    cross = fc.crossed_column(["words", color], hash_bucket_size=11)
    cross3 = fc.crossed_column([cross, "codes"], hash_bucket_size=13, hash_key=7)
    price_b = fc.bucketized_column(fc.numeric_column("price", shape=(2,)), [1.0, 5.0])
    price_x = fc.crossed_column([price_b, "words"], hash_bucket_size=9)
    features = {
        "color": _sparse(tf, [[0, 0], [1, 0], [1, 1], [3, 0]], ["green", "blue", "purple", "red"], [4, 2]),
        "size": tf.constant([[10, 30], [20, -1], [40, 10], [-1, -1]], dtype=tf.int64),
        "shade": tf.constant([["blue", ""], ["x", "red"], ["", ""], ["green", "green"]]),
        "shade2": tf.constant([["blue"], ["pink"], ["red"], ["green"]]),
        "ident": _sparse(tf, [[0, 0], [1, 0], [2, 0], [3, 1]], [1, 7, 3, -2], [4, 2], dtype=tf.int64),
        "ident_raw": tf.constant([4, 0, 2, 1]),
        "words": tf.constant([["the", "cat"], ["a", ""], ["", ""], ["dog", "the"]]),
        "codes": _sparse(tf, [[0, 0], [1, 0], [2, 0], [3, 0]], [5, 123456789, -7, 0], [4, 1], dtype=tf.int64),
        "price": tf.constant([[0.0, 2.0], [5.0, 1.0], [7.0, -3.0], [1.0, 1.0]]),
    }
    cats = [color, size, shade, shade2, ident, ident_raw, words, codes, cross, cross3, price_x]
    cols = [fc.indicator_column(c) for c in cats]
    net = fc.input_layer(features, cols)
    per_column = {c.name: fc.input_layer(features, [c]) for c in cols}
    with tf.Session() as sess:
        sess.run(tf.tables_initializer())
        out, each = sess.run([net, per_column])
    os.remove(vocab_path)
    return {"out": _plain(out), "shape": net.shape.as_list(), "each": _plain(each),
            "num_buckets": {c.name: c._num_buckets for c in cats}, "names": [c.name for c in cols]}


def embeddings(tf):
    """embedding_column (combiners, default and given initializers, max_norm), weighted_categorical_column and
    shared_embedding_columns: variable names, shapes, seeded initial values and outputs."""
    tf.set_random_seed(7)
    fc = tf.feature_column
    color = fc.categorical_column_with_vocabulary_list("color", ["red", "green", "blue"], num_oov_buckets=1)
    ident = fc.categorical_column_with_identity("ident", num_buckets=6)
    words = fc.categorical_column_with_hash_bucket("words", hash_bucket_size=5)
    weighted = fc.weighted_categorical_column(ident, "ident_weight")
    cols = [
        fc.embedding_column(color, dimension=3),
        fc.embedding_column(ident, dimension=2, combiner="sqrtn",
                            initializer=tf.random_uniform_initializer(-1.0, 1.0, seed=3)),
        fc.embedding_column(words, dimension=4, combiner="sum", max_norm=0.5),
        fc.embedding_column(weighted, dimension=2, combiner="mean"),
    ]
    shared = fc.shared_embedding_columns([fc.categorical_column_with_identity("a", 4),
                                          fc.categorical_column_with_identity("b", 4)], dimension=3)
    features = {
        "color": tf.constant([["red", "blue"], ["purple", ""], ["", ""]]),
        "ident": _sparse(tf, [[0, 0], [0, 1], [1, 0], [2, 0]], [1, 5, 2, 0], [3, 2], dtype=tf.int64),
        "ident_weight": _sparse(tf, [[0, 0], [0, 1], [1, 0], [2, 0]], [2.0, 0.5, 1.0, 3.0], [3, 2]),
        "words": tf.constant([["x", "y"], ["z", "x"], ["w", ""]]),
        "a": _sparse(tf, [[0, 0], [1, 0], [1, 1]], [1, 3, 0], [3, 2], dtype=tf.int64),
        "b": tf.constant([[2], [-1], [1]], dtype=tf.int64),
    }
    cols_to_vars = {}
    net = fc.input_layer(features, cols + shared, cols_to_vars=cols_to_vars)
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
        out, weights = sess.run([net, {v.op.name: v for v in tf.global_variables()}])
    return {"out": _plain(out), "shape": net.shape.as_list(), "variables": _variables(tf),
            "weights": _plain(weights), "names": [c.name for c in cols + shared],
            "cols_to_vars": sorted([c.name, [v.op.name for v in vs]] for c, vs in cols_to_vars.items()),
            "trainable": [v.op.name for v in tf.trainable_variables()],
            "model_variables": [v.op.name for v in tf.model_variables()]}


def linear_models(tf):
    """linear_model over dense and categorical columns: variable names, units, sparse_combiner, cols_to_vars."""
    fc = tf.feature_column
    price = fc.numeric_column("price", shape=(2,))
    color = fc.categorical_column_with_vocabulary_list("color", ["red", "green", "blue"])
    ident = fc.categorical_column_with_identity("ident", num_buckets=4)
    weighted = fc.weighted_categorical_column(ident, "w")
    cross = fc.crossed_column(["color", "ident"], hash_bucket_size=6)
    bucket = fc.bucketized_column(fc.numeric_column("age"), [18.0, 40.0])
    features = {
        "price": tf.constant([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]]),
        "color": tf.constant([["red", "blue"], ["green", ""], ["", ""]]),
        "ident": _sparse(tf, [[0, 0], [0, 1], [1, 0], [2, 0]], [1, 3, 2, 2], [3, 2], dtype=tf.int64),
        "w": _sparse(tf, [[0, 0], [0, 1], [1, 0], [2, 0]], [0.5, 2.0, 1.0, 4.0], [3, 2]),
        "age": tf.constant([[10.0], [30.0], [70.0]]),
    }
    results = {}
    for combiner in ("sum", "mean", "sqrtn"):
        cols_to_vars = {}
        pred = fc.linear_model(features, [price, color, weighted, cross, bucket], units=2,
                               sparse_combiner=combiner, cols_to_vars=cols_to_vars)
        assigns = []
        for v in tf.global_variables()[-6:]:
            shape = v.shape.as_list()
            assigns.append(tf.assign(v, np.arange(np.prod(shape), dtype=np.float32).reshape(shape) * 0.1 - 0.3))
        with tf.Session() as sess:
            sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
            sess.run(assigns)
            results[combiner] = {
                "pred": _plain(sess.run(pred)), "shape": pred.shape.as_list(),
                "cols_to_vars": sorted([c if isinstance(c, str) else c.name, [v.op.name for v in vs]]
                                       for c, vs in cols_to_vars.items())}
    results["variables"] = _variables(tf)
    results["trainable"] = [v.op.name for v in tf.trainable_variables()]
    return results


def wide_and_deep(tf):
    """A wide-and-deep model (linear_model + input_layer with embeddings and dense layers) trained a few steps."""
    tf.set_random_seed(42)
    fc = tf.feature_column
    age = fc.numeric_column("age", normalizer_fn=lambda x: (x - 40.0) / 20.0)
    age_b = fc.bucketized_column(fc.numeric_column("age"), [25.0, 35.0, 50.0])
    job = fc.categorical_column_with_vocabulary_list("job", ["eng", "doc", "art", "law"], num_oov_buckets=1)
    city = fc.categorical_column_with_hash_bucket("city", hash_bucket_size=10)
    job_x_city = fc.crossed_column([job, "city"], hash_bucket_size=20)
    wide = [age_b, job, city, job_x_city]
    deep = [age, fc.indicator_column(job), fc.embedding_column(city, dimension=3)]
    rng = np.random.RandomState(0)
    n = 16
    ages = rng.uniform(18, 70, size=(n, 1)).astype(np.float32)
    jobs = np.array([["eng", "doc", "art", "law", "pilot"][i] for i in rng.randint(0, 5, n)]).reshape(n, 1)
    cities = np.array([["paris", "rome", "oslo", "lima"][i] for i in rng.randint(0, 4, n)]).reshape(n, 1)
    labels = ((ages[:, 0] > 40) ^ (jobs[:, 0] == "eng")).astype(np.float32).reshape(n, 1)
    features = {"age": tf.constant(ages), "job": tf.constant(jobs), "city": tf.constant(cities)}
    wide_logits = fc.linear_model(features, wide)
    net = fc.input_layer(features, deep)
    net = tf.layers.dense(net, 8, activation=tf.nn.relu)
    deep_logits = tf.layers.dense(net, 1)
    logits = wide_logits + deep_logits
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.constant(labels), logits=logits))
    train = tf.train.AdagradOptimizer(0.3).minimize(loss)
    losses = []
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
        for _ in range(6):
            losses.append(float(sess.run([loss, train])[0]))
        final = sess.run(logits)
    return {"losses": _plain(losses), "final": _plain(final), "variables": _variables(tf)}


def parsed_examples(tf):
    """make_parse_example_spec feeding tf.parse_example, then input_layer and linear_model on the parsed features."""
    fc = tf.feature_column
    height = fc.numeric_column("height", default_value=1.5)
    pos = fc.numeric_column("pos", shape=(2,), default_value=(0.0, 0.0))
    tags = fc.categorical_column_with_vocabulary_list("tags", ["a", "b", "c"])
    ids = fc.categorical_column_with_identity("ids", 3)
    cols = [height, pos, fc.indicator_column(tags), fc.indicator_column(ids)]
    spec = fc.make_parse_example_spec(cols + [ids])

    def example(**kw):
        feats = {}
        for k, v in kw.items():
            if isinstance(v[0], float):
                feats[k] = tf.train.Feature(float_list=tf.train.FloatList(value=v))
            elif isinstance(v[0], int):
                feats[k] = tf.train.Feature(int64_list=tf.train.Int64List(value=v))
            else:
                feats[k] = tf.train.Feature(bytes_list=tf.train.BytesList(value=[s.encode() for s in v]))
        return tf.train.Example(features=tf.train.Features(feature=feats)).SerializeToString()

    serialized = [example(height=[1.8], pos=[1.0, 2.0], tags=["a", "c"], ids=[2]),
                  example(pos=[3.0, 4.0], tags=["b"], ids=[0, 1]),
                  example(height=[1.6], pos=[0.5, 0.5], tags=["z"], ids=[1])]
    parsed = tf.parse_example(serialized, features=spec)
    net = fc.input_layer(parsed, cols)
    with tf.Session() as sess:
        sess.run(tf.tables_initializer())
        out = sess.run(net)
    return {"out": _plain(out), "spec": sorted(
        [k, type(v).__name__, list(getattr(v, "shape", [])), v.dtype.name] for k, v in spec.items())}


def errors(tf):
    """TF's ValueError/TypeError messages for bad feature column use."""
    fc = tf.feature_column
    cases = {
        "unsorted_boundaries": lambda: fc.bucketized_column(fc.numeric_column("x"), [1.0, 0.0]),
        "bucketize_non_numeric": lambda: fc.bucketized_column("x", [1.0]),
        "bad_shape": lambda: fc.numeric_column("x", shape=(0,)),
        "string_numeric": lambda: fc.numeric_column("x", dtype=tf.string),
        "duplicate_vocab": lambda: fc.categorical_column_with_vocabulary_list("x", ["a", "a"]),
        "oov_and_default": lambda: fc.categorical_column_with_vocabulary_list("x", ["a"], default_value=0,
                                                                            num_oov_buckets=1),
        "hash_size": lambda: fc.categorical_column_with_hash_bucket("x", 0),
        "identity_default": lambda: fc.categorical_column_with_identity("x", 3, default_value=3),
        "embedding_dim": lambda: fc.embedding_column(fc.categorical_column_with_identity("x", 3), 0),
        "cross_one": lambda: fc.crossed_column(["a"], 3),
        "input_layer_categorical": lambda: fc.input_layer(
            {"x": tf.constant([[1]], tf.int64)}, [fc.categorical_column_with_identity("x", 3)]),
        "numeric_sparse": lambda: fc.input_layer(
            {"x": _sparse(tf, [[0, 0]], [1.0], [1, 1])}, [fc.numeric_column("x")]),
        "missing_feature": lambda: fc.input_layer({"y": tf.constant([[1.0]])}, [fc.numeric_column("x")]),
        "duplicate_columns": lambda: fc.input_layer(
            {"x": tf.constant([[1.0]])}, [fc.numeric_column("x"), fc.numeric_column("x")]),
        "empty_columns": lambda: fc.input_layer({"x": tf.constant([[1.0]])}, []),
        "hash_float": lambda: fc.input_layer(
            {"x": tf.constant([[1.0]])}, [fc.indicator_column(fc.categorical_column_with_hash_bucket("x", 3))]),
    }
    out = {}
    for name, case in cases.items():
        try:
            case()
            out[name] = None
        except (ValueError, TypeError) as e:
            out[name] = [type(e).__name__, str(e)]
    return out


def options(tf):
    """weight_collections, trainable=False, cols_to_output_tensors, a scope around input_layer, fed rank-1 and
    SparseTensor features of unknown batch size, and the output tensors' names."""
    tf.set_random_seed(3)
    fc = tf.feature_column
    ident = fc.categorical_column_with_identity("ident", 5)
    emb = fc.embedding_column(ident, 2, combiner="sum", trainable=False)
    num = fc.numeric_column("x")
    ids = tf.sparse_placeholder(tf.int64)
    x = tf.placeholder(tf.float32, [None])
    outputs = {}
    with tf.variable_scope("deep"):
        net = fc.input_layer({"ident": ids, "x": x}, [num, emb], weight_collections=["mine"],
                             cols_to_output_tensors=outputs)
    net2 = fc.input_layer({"ident": ids, "x": x}, [emb], trainable=True)
    pred = fc.linear_model({"ident": ids, "x": x}, [num, ident], weight_collections=["wide"], trainable=False)
    feed = {x: [1.0, 2.0, 3.0], ids: tf.SparseTensorValue([[0, 0], [0, 1], [2, 0]], [1, 4, 3], [3, 2])}
    anyrank = tf.placeholder(tf.float32)
    net3 = fc.input_layer({"u": anyrank}, [fc.numeric_column("u")])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out, out2, p = sess.run([net, net2, pred], feed)
        out3 = [sess.run(net3, {anyrank: [1.0, 2.0]}), sess.run(net3, {anyrank: [[3.0], [4.0]]})]
        try:
            sess.run(net3, {anyrank: 5.0})
            scalar = None
        except tf.errors.InvalidArgumentError as e:
            scalar = "cannot have rank 0" in e.message
    return {"out": _plain(out), "out2": _plain(out2), "pred": _plain(p), "names": [net.name, net2.name, pred.name],
            "out3": _plain(out3), "scalar": scalar, "shape3": net3.shape.as_list(),
            "shapes": [net.shape.as_list(), net2.shape.as_list(), pred.shape.as_list()],
            "outputs": sorted([c.name, t.shape.as_list()] for c, t in outputs.items()),
            "mine": [v.op.name for v in tf.get_collection("mine")], "wide": [v.op.name for v in tf.get_collection("wide")],
            "trainable": [v.op.name for v in tf.trainable_variables()],
            "model": [v.op.name for v in tf.model_variables()], "variables": _variables(tf)}


def linear_with_dense_wrappers(tf):
    """linear_model over an embedding column (its variable in the model's column scope) and an indicator column."""
    tf.set_random_seed(11)
    fc = tf.feature_column
    ident = fc.categorical_column_with_identity("ident", 4)
    cols = [fc.embedding_column(ident, 3, combiner="sqrtn"), fc.indicator_column(ident)]
    pred = fc.linear_model({"ident": tf.constant([[1, 2], [3, -1]], tf.int64)}, cols, units=2)
    init = [tf.assign(v, tf.ones_like(v) * 0.5) for v in tf.global_variables()
            if not v.op.name.endswith("embedding_weights")]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(init)
        out = sess.run(pred)
    return {"pred": _plain(out), "variables": _variables(tf), "trainable": [v.op.name for v in tf.trainable_variables()]}


def from_checkpoint(tf):
    """embedding_column(ckpt_to_load_from=...): the embedding starts as the checkpoint's tensor."""
    directory = tempfile.mkdtemp()
    with tf.Graph().as_default():
        table = tf.Variable(np.arange(12, dtype=np.float32).reshape(4, 3) / 10.0, name="old/table")
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            prefix = saver.save(sess, os.path.join(directory, "model"))
    fc = tf.feature_column
    col = fc.embedding_column(fc.categorical_column_with_identity("ids", 4), 3, ckpt_to_load_from=prefix,
                              tensor_name_in_ckpt="old/table")
    net = fc.input_layer({"ids": tf.constant([[0, 3], [2, -1]], tf.int64)}, [col])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run(net)
    for name in os.listdir(directory):
        os.remove(os.path.join(directory, name))
    os.rmdir(directory)
    return {"out": _plain(out)}


PROGRAMS = {f.__name__: f for f in (dense_columns, categorical_indicators, embeddings, linear_models, wide_and_deep,
                                     parsed_examples, options, linear_with_dense_wrappers, from_checkpoint,
                                     errors)}
