"""TF1 programs over lookup tables, written once against a `tf` module argument: recorded on real TensorFlow by
tools/record_strings.py (tests/lookup/goldens/lookup.json), checked on sessionflow by test_lookup.py. TF 1.x's
tf.contrib.lookup is `tensorflow.python.ops.lookup_ops` on TensorFlow 2 and `tf.contrib.lookup` here.
Errors are recorded as [class name, TF's message] with the temporary directory written as <dir>."""

from __future__ import annotations

import os
import tempfile

import numpy as np

VOCAB = ["the", "cat", "sat", "on", "mat", "dog", "ate", "red"]
SENTENCES = ["the cat sat on the mat", "a dog ate my homework", "the cat ate", "dogs and cats chase",
             "my mat is red", "the red dog sat"]
LABELS = [1.0, 0.0, 1.0, 0.0, 0.0, 1.0]


def contrib_lookup(tf):
    if tf.__name__.startswith("tensorflow"):
        from tensorflow.python.ops import lookup_ops

        return lookup_ops
    return tf.contrib.lookup


def _plain(value):
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bytes):
        return value.decode()
    value = np.asarray(value)
    if value.dtype == object:
        return [_plain(v) for v in value.tolist()] if value.ndim else _plain(value.item())
    return value.tolist()


class Files:
    """A temporary directory with text files, and its path hidden in messages."""

    def __init__(self, **files):
        self.dir = tempfile.mkdtemp()
        for name, text in files.items():
            with open(os.path.join(self.dir, name + ".txt"), "w") as f:
                f.write(text)

    def __getattr__(self, name):
        return os.path.join(self.__dict__["dir"], name + ".txt")

    def hide(self, text: str) -> str:
        return text.replace(self.dir, "<dir>")


def _core(text: str) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("Node: '") and i + 1 < len(lines):
            return lines[i + 1].strip()
    return lines[0].strip()


def _outcome(tf, build, files=None, init=True):
    hide = files.hide if files is not None else (lambda s: s)
    try:
        with tf.Graph().as_default():
            fetch = build()
            with tf.Session() as sess:
                if init:
                    sess.run(tf.tables_initializer())
                return ["ok", _plain(sess.run(fetch))]
    except (ValueError, TypeError) as e:
        return [type(e).__name__, hide(str(e).split("\n")[0])]
    except tf.errors.OpError as e:
        return [type(e).__name__, hide(_core(e.message))]


def _graph(tf, build):
    """[name, type] of each op the build creates."""
    with tf.Graph().as_default() as g:
        build()
        return [[op.name, op.type] for op in g.get_operations()]


def hash_tables(tf):
    out = {}

    def table():
        init = tf.lookup.KeyValueTensorInitializer(["a", "b", "c"], tf.constant([7, 8, 9], tf.int64))
        return tf.lookup.StaticHashTable(init, -1)

    out["lookup"] = _outcome(tf, lambda: table().lookup(tf.constant([["a", "x"], ["c", "b"]])))
    out["size"] = _outcome(tf, lambda: table().size())
    out["uninitialized"] = _outcome(tf, lambda: table().lookup(tf.constant(["a"])), init=False)
    out["string_values"] = _outcome(tf, lambda: tf.lookup.StaticHashTable(
        tf.lookup.KeyValueTensorInitializer(tf.constant([1, 2], tf.int64), ["one", "two"]), "?").lookup(
        tf.constant([2, 5, 1], tf.int64)))
    out["float_values"] = _outcome(tf, lambda: tf.lookup.StaticHashTable(
        tf.lookup.KeyValueTensorInitializer(["x"], [0.5]), -1.0).lookup(tf.constant(["x", "y"])))
    out["wrong_key_dtype"] = _outcome(tf, lambda: table().lookup(tf.constant([1], tf.int64)))
    out["shape_mismatch"] = _outcome(tf, lambda: tf.lookup.StaticHashTable(
        tf.lookup.KeyValueTensorInitializer(["a", "b"], [1, 2, 3]), -1).lookup(tf.constant(["a"])))
    out["contrib_hash_table"] = _outcome(tf, lambda: contrib_lookup(tf).HashTable(
        contrib_lookup(tf).KeyValueTensorInitializer(["k"], tf.constant([3], tf.int64)), -1).lookup(
        tf.constant(["k", "j"])))
    out["graph"] = _graph(tf, lambda: (table().lookup(tf.constant(["a"])), tf.tables_initializer()))
    out["no_tables_initializer"] = _graph(tf, lambda: tf.tables_initializer())

    def reinit_and_sessions():
        with tf.Graph().as_default():
            t = table()
            found = t.lookup(tf.constant(["b"]))
            with tf.Session() as first, tf.Session() as second:
                first.run(t.initializer)
                first.run(t.initializer)  # again: the same data, no error
                values = [_plain(first.run(found))]
                try:
                    second.run(found)
                except tf.errors.FailedPreconditionError as e:
                    values.append(_core(e.message))
                return values

    out["reinit_and_sessions"] = reinit_and_sessions()

    def reinit_with_other_data():
        files = Files(first="a\nb\n", second="b\na\nc\n")
        with tf.Graph().as_default():
            fed = tf.placeholder(tf.int64, [2])
            pairs = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a", "b"], fed), -1)
            name = tf.placeholder(tf.string, [])
            lines = tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(
                name, tf.string, tf.lookup.TextFileIndex.WHOLE_LINE, tf.int64, tf.lookup.TextFileIndex.LINE_NUMBER),
                -1)
            with tf.Session() as sess:
                sess.run(pairs.initializer, {fed: [1, 2]})
                sess.run(pairs.initializer, {fed: [3, 4]})
                sess.run(lines.initializer, {name: files.first})
                sess.run(lines.initializer, {name: files.second})
                values = _plain(sess.run([pairs.lookup(tf.constant(["a", "b"])),
                                          lines.lookup(tf.constant(["a", "b", "c"]))]))
                try:  # the file is still opened
                    sess.run(lines.initializer, {name: os.path.join(files.dir, "missing.txt")})
                except tf.errors.NotFoundError as e:
                    values.append(files.hide(_core(e.message)))
                return values

    out["reinit_with_other_data"] = reinit_with_other_data()
    return out


def text_files(tf):
    files = Files(vocab="\n".join(VOCAB) + "\n", empty_line="the\ncat\n\nmat\n", dup="a\nb\na\n",
                  cols="a\t1\tx\nb\t2\ty\n", crlf="one\r\ntwo\r\n")
    lookup = contrib_lookup(tf)
    TFI = tf.lookup.TextFileIndex
    out = {
        "index_from_file": _outcome(tf, lambda: lookup.index_table_from_file(files.vocab).lookup(
            tf.constant(["cat", "zebra", "red"])), files),
        "index_oov": _outcome(tf, lambda: lookup.index_table_from_file(files.vocab, num_oov_buckets=3).lookup(
            tf.constant(["cat", "zebra", "red", "horse", "a"])), files),
        "index_oov_size": _outcome(tf, lambda: lookup.index_table_from_file(files.vocab, num_oov_buckets=3).size(),
                                   files),
        "index_strong_hash": _outcome(tf, lambda: lookup.index_table_from_file(
            files.vocab, num_oov_buckets=5, hasher_spec=lookup.StrongHashSpec((3, 4))).lookup(
            tf.constant(["zebra", "horse", "the"])), files),
        "index_vocab_size": _outcome(tf, lambda: lookup.index_table_from_file(files.vocab, vocab_size=3).lookup(
            tf.constant(["cat", "on"])), files),
        "index_default": _outcome(tf, lambda: lookup.index_table_from_file(files.vocab, default_value=-7).lookup(
            tf.constant(["cat", "on", "nope"])), files),
        "to_string": _outcome(tf, lambda: lookup.index_to_string_table_from_file(files.vocab).lookup(
            tf.constant([1, 7, 9], tf.int64)), files),
        "to_string_default": _outcome(tf, lambda: lookup.index_to_string_table_from_file(
            files.vocab, default_value="<unk>").lookup(tf.constant([0, -1], tf.int64)), files),
        "columns": _outcome(tf, lambda: tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(
            files.cols, tf.string, 0, tf.int64, 1), -1).lookup(tf.constant(["a", "b", "c"])), files),
        "columns_string": _outcome(tf, lambda: tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(
            files.cols, tf.int64, 1, tf.string, 2), "").lookup(tf.constant([2, 1, 0], tf.int64)), files),
        "line_number_keys": _outcome(tf, lambda: tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(
            files.cols, tf.int64, TFI.LINE_NUMBER, tf.string, TFI.WHOLE_LINE), "").lookup(
            tf.constant([1, 0], tf.int64)), files),
        "crlf": _outcome(tf, lambda: lookup.index_table_from_file(files.crlf).lookup(tf.constant(["two", "one"])),
                         files),
        "vocabulary_table": _outcome(tf, lambda: tf.lookup.StaticVocabularyTable(tf.lookup.TextFileInitializer(
            files.vocab, tf.string, TFI.WHOLE_LINE, tf.int64, TFI.LINE_NUMBER), 4).lookup(
            tf.constant(["mat", "zebra", "horse", "dogs"])), files),
        "empty_line": _outcome(tf, lambda: lookup.index_table_from_file(files.empty_line).lookup(
            tf.constant(["cat"])), files),
        "duplicate": _outcome(tf, lambda: lookup.index_table_from_file(files.dup).lookup(tf.constant(["a"])), files),
        "vocab_size_too_big": _outcome(tf, lambda: lookup.index_table_from_file(files.vocab, vocab_size=20).lookup(
            tf.constant(["cat"])), files),
        "bad_int_column": _outcome(tf, lambda: tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(
            files.cols, tf.string, 0, tf.int64, 2), -1).lookup(tf.constant(["a"])), files),
        "missing_column": _outcome(tf, lambda: tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(
            files.cols, tf.string, 0, tf.int64, 5), -1).lookup(tf.constant(["a"])), files),
        "missing_file": _outcome(tf, lambda: lookup.index_table_from_file(os.path.join(files.dir, "nope.txt")).lookup(
            tf.constant(["a"])), files),
        "no_file_name": _outcome(tf, lambda: lookup.index_table_from_file(""), files),
        "negative_oov": _outcome(tf, lambda: lookup.index_table_from_file(files.vocab, num_oov_buckets=-1), files),
        "graph": [[files.hide(n), t] for n, t in _graph(tf, lambda: lookup.index_table_from_file(
            files.vocab, num_oov_buckets=2).lookup(tf.constant(["a"])))],
    }
    return out


def tensor_tables(tf):
    lookup = contrib_lookup(tf)
    return {
        "from_tensor": _outcome(tf, lambda: lookup.index_table_from_tensor(["x", "y", "z"]).lookup(
            tf.constant(["z", "w", "x"]))),
        "from_tensor_oov": _outcome(tf, lambda: lookup.index_table_from_tensor(
            ["x", "y", "z"], num_oov_buckets=2).lookup(tf.constant(["z", "w", "q", "x"]))),
        "int_keys": _outcome(tf, lambda: lookup.index_table_from_tensor(
            tf.constant([10, 20, 30], tf.int64), num_oov_buckets=3, dtype=tf.int64).lookup(
            tf.constant([20, 5, 30, 99], tf.int64))),
        "int32_keys": _outcome(tf, lambda: lookup.index_table_from_tensor(
            tf.constant([10, 20], tf.int32), dtype=tf.int32).lookup(tf.constant([20, 10, 1], tf.int32))),
        "wrong_dtype": _outcome(tf, lambda: lookup.index_table_from_tensor(tf.constant([1, 2], tf.int64))),
        "to_string": _outcome(tf, lambda: lookup.index_to_string_table_from_tensor(["a", "b"], "?").lookup(
            tf.constant([1, 7, 0], tf.int64))),
        "sparse": _outcome(tf, lambda: _sparse_parts(lookup.index_table_from_tensor(["a", "b"], num_oov_buckets=1)
                                                     .lookup(tf.string_split(["a b c", "b"])))),
        "graph": _graph(tf, lambda: lookup.index_table_from_tensor(["x", "y"]).lookup(tf.constant(["x"]))),
    }


def _sparse_parts(st):
    return [st.indices, st.values, st.dense_shape]


def mutable(tf):
    def program():
        table = tf.lookup.experimental.MutableHashTable(tf.string, tf.int64, -1)
        insert = table.insert(tf.constant(["x", "y", "z"]), tf.constant([5, 6, 7], tf.int64))
        with tf.Session() as sess:
            results = [_plain(sess.run(table.size()))]
            sess.run(insert)
            results.append(_plain(sess.run(table.lookup(tf.constant(["x", "q", "z"])))))
            sess.run(table.remove(tf.constant(["x", "nope"])))
            keys, values = sess.run(table.export())
            results.append(sorted([k, v] for k, v in zip(_plain(keys), _plain(values))))
            results.append(_plain(sess.run(table.size())))
            sess.run(table.insert(tf.constant(["y"]), tf.constant([60], tf.int64)))
            results.append(_plain(sess.run(table.lookup(tf.constant(["y", "x"])))))
        return results

    with tf.Graph().as_default():
        return {"program": program()}


def text_pipeline(tf):
    """Sentences -> string_split -> vocabulary ids (index_table_from_file, 2 OOV buckets) -> embeddings -> mean
    per sentence -> logistic regression, trained 6 steps of gradient descent."""
    files = Files(vocab="\n".join(VOCAB) + "\n")
    rng = np.random.RandomState(0)
    embedding0 = rng.uniform(-0.5, 0.5, size=(len(VOCAB) + 2, 4)).astype(np.float32)
    weights0 = rng.uniform(-0.5, 0.5, size=(4, 1)).astype(np.float32)
    with tf.Graph().as_default():
        text = tf.placeholder(tf.string, [None], name="text")
        labels = tf.placeholder(tf.float32, [None], name="labels")
        tokens = tf.string_split(text)
        table = contrib_lookup(tf).index_table_from_file(files.vocab, num_oov_buckets=2)
        ids = table.lookup(tokens)
        embedding = tf.Variable(embedding0, name="embedding")
        weights = tf.Variable(weights0, name="weights")
        bias = tf.Variable(0.0, name="bias")
        rows = ids.indices[:, 0]
        count = tf.shape(text)[0]
        sums = tf.unsorted_segment_sum(tf.gather(embedding, ids.values), rows, count)
        counts = tf.unsorted_segment_sum(tf.ones_like(rows, tf.float32), rows, count)
        mean = sums / tf.maximum(counts[:, None], 1.0)
        logits = tf.squeeze(tf.matmul(mean, weights), 1) + bias
        loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits))
        train = tf.train.GradientDescentOptimizer(2.0).minimize(loss)
        feed = {text: SENTENCES, labels: LABELS}
        with tf.Session() as sess:
            sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
            sparse_ids = sess.run(ids, feed)
            losses = []
            for _ in range(6):
                losses.append(float(sess.run([loss, train], feed)[0]))
            final = sess.run([loss, embedding, weights, bias], feed)
    return {"ids": _plain([sparse_ids.indices, sparse_ids.values, sparse_ids.dense_shape]),
            "losses": losses, "final_loss": float(final[0]), "embedding": _plain(final[1]),
            "weights": _plain(final[2]), "bias": float(final[3])}


GRAPH_VOCAB = os.path.join("tests", "lookup", "goldens", "vocab.txt")  # relative to the repository root
GRAPH_FETCHES = ["ids:0", "joined:0", "sub:0", "replaced:0", "matched:0", "buckets:0", "number:0", "reduced:0",
                 "base64:0", "split_v2:0", "key_values:0"]


def text_graph(tf):
    """A graph of string ops and tables (with the vocabulary file at GRAPH_VOCAB): its GraphDef, written by TF,
    is read back by sessionflow in test_lookup.py."""
    with tf.Graph().as_default() as g:
        text = tf.placeholder(tf.string, [None], name="text")
        table = contrib_lookup(tf).index_table_from_file(GRAPH_VOCAB, num_oov_buckets=2)
        tf.identity(table.lookup(tf.string_split(text)).values, name="ids")
        tf.identity(tf.string_join([tf.strings.upper(text), tf.as_string(tf.strings.length(text), width=3)],
                                   separator="|"), name="joined")
        tf.identity(tf.substr(text, 0, 3), name="sub")
        tf.identity(tf.regex_replace(text, "a(t)", r"<\1>"), name="replaced")
        tf.identity(tf.strings.regex_full_match(text, ".*cat.*"), name="matched")
        tf.identity(tf.string_to_hash_bucket_strong(text, 10, [1, 2]), name="buckets")
        tf.identity(tf.string_to_number(tf.as_string(tf.strings.length(text))), name="number")
        tf.identity(tf.reduce_join(text, 0, separator="/"), name="reduced")
        tf.identity(tf.decode_base64(tf.encode_base64(text)), name="base64")
        tf.identity(tf.strings.split(text, sep=" ").values, name="split_v2")
        pairs = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(
            ["cat", "dog"], tf.constant([1, 2], tf.int64)), -1)
        tf.identity(pairs.lookup(text), name="key_values")
        tf.tables_initializer()
    return g.as_graph_def()


def run_text_graph(tf, graph_def):
    """The GRAPH_FETCHES of `graph_def` imported and run on SENTENCES (tables initialized first)."""
    with tf.Graph().as_default():
        tf.import_graph_def(graph_def, name="")
        with tf.Session() as sess:
            sess.run("init_all_tables")
            return _plain(sess.run(GRAPH_FETCHES, {"text:0": SENTENCES}))


PROGRAMS = dict(hash_tables=hash_tables, text_files=text_files, tensor_tables=tensor_tables, mutable=mutable,
                text_pipeline=text_pipeline)
