"""The model the SavedModel tests save, written once for TF (tools/make_saved_model_fixtures.py) and
sessionflow: a linear classifier over parsed tf.Examples with a vocabulary asset, a dropout under a `training`
cond (TF 1.x-style control flow in TF's export: Switch/Merge), a predict and a classify signature, and a main op
that initializes the vocabulary table."""

import numpy as np

LABELS = ["cat", "dog", "eel"]
WEIGHTS = (np.arange(12, dtype=np.float32).reshape(4, 3) - 5) / 7
VOCAB = "red\ngreen\nblue\n"
FEATURES = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], np.float32)
COLOURS = [b"green", b"mauve"]


def build(tf, vocab_path):
    """The graph; returns (signature_def_map builder fn, main op, the asset tensor)."""
    serialized = tf.placeholder(tf.string, [None], name="tf_example")
    parsed = tf.parse_example(serialized, {"x": tf.FixedLenFeature([3], tf.float32),
                                           "colour": tf.FixedLenFeature([], tf.string)})
    asset = tf.constant(vocab_path, name="vocab_path")
    tf.add_to_collection(tf.GraphKeys.ASSET_FILEPATHS, asset)
    table = tf.contrib.lookup.index_table_from_file(asset, num_oov_buckets=1) if hasattr(tf, "contrib") else \
        tf.lookup.StaticVocabularyTable(tf.lookup.TextFileInitializer(
            asset, tf.string, tf.lookup.TextFileIndex.WHOLE_LINE, tf.int64, tf.lookup.TextFileIndex.LINE_NUMBER),
            num_oov_buckets=1)
    colour = tf.cast(table.lookup(parsed["colour"]), tf.float32)
    features = tf.concat([parsed["x"], tf.expand_dims(colour, 1)], 1)
    training = tf.placeholder_with_default(False, [], name="training")  # a cond: TF 1.x writes Switch/Merge
    features = tf.cond(training, lambda: tf.nn.dropout(features, keep_prob=0.5, seed=1), lambda: features * 1.0)
    w = tf.get_variable("w", initializer=tf.constant(WEIGHTS))
    logits = tf.matmul(features, w, name="logits")
    scores = tf.nn.softmax(logits, name="scores")
    classes = tf.tile(tf.constant([LABELS]), [tf.shape(logits)[0], 1], name="classes")
    main_op = tf.group(tf.global_variables_initializer(), tf.tables_initializer(), name="main_op")

    def signatures():
        su = tf.saved_model.signature_def_utils
        return {
            "serving_default": su.predict_signature_def({"examples": serialized}, {"scores": scores,
                                                                                  "features": features}),
            "classify": su.classification_signature_def(serialized, classes, scores)}

    return signatures, main_op


def examples(tf):
    """The serialized tf.Examples fed to both signatures."""
    out = []
    for x, colour in zip(FEATURES, COLOURS):
        feature = {"x": tf.train.Feature(float_list=tf.train.FloatList(value=list(x))),
                   "colour": tf.train.Feature(bytes_list=tf.train.BytesList(value=[colour]))}
        out.append(tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString())
    return out


def save(tf, export_dir, vocab_path):
    with tf.Graph().as_default():
        signatures, main_op = build(tf, vocab_path)
        with tf.Session() as sess:
            sess.run(main_op)
            builder = tf.saved_model.builder.SavedModelBuilder(export_dir)
            builder.add_meta_graph_and_variables(
                sess, [tf.saved_model.tag_constants.SERVING], signature_def_map=signatures(),
                assets_collection=tf.get_collection(tf.GraphKeys.ASSET_FILEPATHS), main_op=main_op)
            builder.save()


def serve(tf, export_dir):
    """{signature: {output key: value}} of the SavedModel at export_dir, each signature run on `examples`."""
    results = {}
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING], export_dir)
        for key in sorted(meta.signature_def):
            signature = meta.signature_def[key]
            (name, info), = signature.inputs.items()
            fetches = {k: v.name for k, v in signature.outputs.items()}
            values = sess.run(fetches, {info.name: examples(tf)})
            results[key] = {k: _plain(v) for k, v in values.items()}
    return results


def _plain(value):
    """An output as JSON holds it (strings decoded)."""
    if value.dtype == object:
        return [[b.decode() for b in row] for row in value.tolist()]
    return value.tolist()
