"""TF1 programs over tf.train.Example protos and the parsing/decoding ops, written once against a `tf` module
argument: recorded on real TensorFlow by tools/record_parsing.py (tests/parsing/goldens/parsing.json), checked
on sessionflow by test_parsing.py. Each program returns plain JSON values; an error is [class name, TF's
message]; graphs are summarised by their op types and output shapes."""

from __future__ import annotations

import numpy as np


def _plain(value):
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in sorted(value.items())}
    if hasattr(value, "dense_shape"):  # a SparseTensorValue
        return {"indices": _plain(value.indices), "values": _plain(value.values),
                "dense_shape": _plain(value.dense_shape)}
    if isinstance(value, bytes):
        return value.hex()
    value = np.asarray(value)
    if value.dtype == object or value.dtype.kind == "S":
        return np.vectorize(lambda b: b.hex(), otypes=[object])(value).tolist() if value.ndim else value.item().hex()
    if value.dtype.kind == "f":
        return [str(value.dtype), np.vectorize(lambda x: float(x) if np.isfinite(x) else str(x),
                                               otypes=[object])(value).tolist() if value.size else value.tolist()]
    return [str(value.dtype), value.tolist()]


def core_message(text: str) -> str:
    """The op's own message from an error's text (TF prefixes graph-execution context; sessionflow appends the
    node)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("Node: '") and i + 1 < len(lines):
            return lines[i + 1].strip()
    return lines[0].strip()


def _spec(tensor):
    if hasattr(tensor, "dense_shape") and hasattr(tensor, "indices"):
        return {"sparse": [_spec(tensor.indices), _spec(tensor.values), _spec(tensor.dense_shape)]}
    return f"{tensor.name} {tensor.dtype.name} {tensor.shape}"


def _specs(out):
    if isinstance(out, dict):
        return {k: _specs(v) for k, v in sorted(out.items())}
    if isinstance(out, (list, tuple)):
        return [_specs(v) for v in out]
    return _spec(out)


def _outcome(tf, build, feed=None, graph=False):
    """{"specs", "ops"?, "value"} of the program, or [class, message] of its error."""
    try:
        with tf.Graph().as_default() as g:
            fetches = build()
            result = {"specs": _specs(fetches)}
            if graph:
                result["ops"] = [op.type for op in g.get_operations()]
            with tf.Session() as sess:
                result["value"] = _plain(sess.run(fetches, feed))
            return result
    except (ValueError, TypeError, RuntimeError) as e:
        return [type(e).__name__, str(e).split("\n")[0]]
    except tf.errors.OpError as e:
        return [type(e).__name__, core_message(e.message)]


def _feature(tf, values):
    if isinstance(values, str) and values == "empty":
        return tf.train.Feature()
    if values and isinstance(values[0], bytes):
        return tf.train.Feature(bytes_list=tf.train.BytesList(value=values))
    if values and isinstance(values[0], float):
        return tf.train.Feature(float_list=tf.train.FloatList(value=values))
    return tf.train.Feature(int64_list=tf.train.Int64List(value=values))


def example(tf, **features):
    """A serialized tf.train.Example (one feature per key, so the bytes are deterministic)."""
    return tf.train.Example(features=tf.train.Features(feature={
        k: _feature(tf, v) for k, v in features.items()})).SerializeToString()


def sequence_example(tf, context, lists):
    return tf.train.SequenceExample(
        context=tf.train.Features(feature={k: _feature(tf, v) for k, v in context.items()}),
        feature_lists=tf.train.FeatureLists(feature_list={
            k: tf.train.FeatureList(feature=[_feature(tf, v) for v in vs]) for k, vs in lists.items()}),
    ).SerializeToString()


def _examples(tf):
    return [
        example(tf, label=[3], x=[1.0, 2.0], name=[b"first"], tags=[1, 2, 3], seq=[1.5, 2.5]),
        example(tf, label=[4], x=[3.0, 4.0], tags=[], seq="empty"),
        example(tf, label=[5], x=[5.0, 6.0], name=[b"third"], words=[b"a", b"bb"], seq=[7.0, 8.0, 9.0, 1.0]),
    ]


def protos(tf):
    e = example(tf, a=[1.0, 2.0])
    parsed = tf.train.Example.FromString(example(tf, a=[1, 2], b=[b"x"]))
    seq = sequence_example(tf, {"c": [1]}, {"f": [[1.0], [2.0, 3.0]]})
    return {"example": e.hex(), "sequence": seq.hex(),
            "ints": list(parsed.features.feature["a"].int64_list.value),
            "kind": parsed.features.feature["b"].WhichOneof("kind")}


def _features(tf):
    return {
        "label": tf.FixedLenFeature([], tf.int64),
        "x": tf.FixedLenFeature([2], tf.float32),
        "name": tf.FixedLenFeature([], tf.string, default_value=b"none"),
        "tags": tf.VarLenFeature(tf.int64),
        "words": tf.VarLenFeature(tf.string),
        "seq": tf.FixedLenSequenceFeature([], tf.float32, allow_missing=True, default_value=-1.0),
        "missing_default": tf.FixedLenFeature([2, 2], tf.int64, default_value=[[1, 2], [3, 4]]),
    }


def parse_example(tf):
    return _outcome(tf, lambda: tf.parse_example(tf.constant(_examples(tf)), _features(tf)), graph=True)


def parse_example_placeholder(tf):
    def build():
        s = tf.placeholder(tf.string, [None], name="serialized")
        return tf.io.parse_example(s, _features(tf), name="batch"), s
    try:
        with tf.Graph().as_default():
            out, s = build()
            with tf.Session() as sess:
                return {"specs": _specs(out), "value": _plain(sess.run(out, {s: _examples(tf)[:2]}))}
    except tf.errors.OpError as e:
        return [type(e).__name__, core_message(e.message)]


def parse_example_matrix(tf):
    ex = _examples(tf)
    feats = {"label": tf.FixedLenFeature([], tf.int64), "tags": tf.VarLenFeature(tf.int64)}
    return _outcome(tf, lambda: tf.parse_example(tf.constant([[ex[0], ex[1]], [ex[2], ex[0]]]), feats))


def parse_example_names(tf):
    ex = _examples(tf)
    return _outcome(tf, lambda: tf.parse_example(tf.constant(ex[:2]), {"name": tf.FixedLenFeature([], tf.string)},
                                                 example_names=["n0", "n1"]))


def parse_single_example(tf):
    feats = {k: v for k, v in _features(tf).items()}
    return _outcome(tf, lambda: tf.parse_single_example(tf.constant(_examples(tf)[2]), feats), graph=True)


def parse_single_example_placeholder(tf):
    with tf.Graph().as_default():
        s = tf.placeholder(tf.string, [], name="one")
        out = tf.io.parse_single_example(s, {"x": tf.FixedLenFeature([2], tf.float32),
                                             "tags": tf.VarLenFeature(tf.int64)})
        with tf.Session() as sess:
            return {"specs": _specs(out), "value": _plain(sess.run(out, {s: _examples(tf)[0]}))}


def empty_batch(tf):
    return _outcome(tf, lambda: tf.parse_example(tf.constant([], tf.string), _features(tf)))


def _err_parse(tf, serialized, features, single=False):
    if single:
        return _outcome(tf, lambda: tf.parse_single_example(tf.constant(serialized), features))
    return _outcome(tf, lambda: tf.parse_example(tf.constant(serialized), features))


def missing_required(tf):
    return _err_parse(tf, [example(tf, a=[1.0])], {"b": tf.FixedLenFeature([], tf.float32)})


def missing_required_names(tf):
    return _outcome(tf, lambda: tf.parse_example(tf.constant([example(tf, a=[1.0])]),
                                                 {"b": tf.FixedLenFeature([], tf.float32)}, example_names=["my_ex"]))


def missing_required_single(tf):
    return _err_parse(tf, example(tf, a=[1.0]), {"b": tf.FixedLenFeature([], tf.float32)}, single=True)


def wrong_type(tf):
    return _err_parse(tf, [example(tf, a=[1, 2])], {"a": tf.FixedLenFeature([2], tf.float32)})


def wrong_type_varlen(tf):
    return _err_parse(tf, [example(tf, a=[1, 2])], {"a": tf.VarLenFeature(tf.string)})


def wrong_size(tf):
    return _err_parse(tf, [example(tf, a=[1.0, 2.0, 3.0])], {"a": tf.FixedLenFeature([2], tf.float32)})


def wrong_size_single(tf):
    return _err_parse(tf, example(tf, a=[1.0, 2.0, 3.0]), {"a": tf.FixedLenFeature([2], tf.float32)}, single=True)


def wrong_size_sequence(tf):
    return _err_parse(tf, [example(tf, a=[1.0, 2.0, 3.0])],
                      {"a": tf.FixedLenSequenceFeature([2], tf.float32, allow_missing=True)})


def empty_feature(tf):
    return _err_parse(tf, [example(tf, a="empty")], {"a": tf.FixedLenFeature([], tf.float32, default_value=1.0),
                                                      "b": tf.VarLenFeature(tf.int64)})


def empty_feature_varlen(tf):
    return _err_parse(tf, [example(tf, b="empty")], {"b": tf.VarLenFeature(tf.int64)})


def bad_proto(tf):
    return _err_parse(tf, [example(tf, a=[1.0]), b"zzzz"], {"a": tf.FixedLenFeature([], tf.float32)})


def bad_proto_single(tf):
    return _err_parse(tf, b"zzzz", {"a": tf.FixedLenFeature([], tf.float32)}, single=True)


def not_an_example(tf):
    return _err_parse(tf, [b"", b"\x12\x00"], {"a": tf.FixedLenFeature([], tf.float32, default_value=2.0)})


def sequence_feature_in_single_without_missing(tf):
    return _err_parse(tf, [example(tf, a=[1.0])], {"a": tf.FixedLenSequenceFeature([], tf.float32)})


def bad_default_shape(tf):
    return _err_parse(tf, [example(tf, a=[1.0])], {"a": tf.FixedLenFeature([2], tf.float32, default_value=[1.0])})


def bad_feature_dtype(tf):
    return _err_parse(tf, [example(tf, a=[1.0])], {"a": tf.FixedLenFeature([], tf.int32)})


def no_features(tf):
    return _err_parse(tf, [example(tf, a=[1.0])], {})


def rank2_fixed_len(tf):
    return _err_parse(tf, [example(tf, m=[1, 2, 3, 4, 5, 6])], {"m": tf.FixedLenFeature([2, 3], tf.int64)})


def sequence_2d(tf):
    return _err_parse(tf, [example(tf, m=[1, 2, 3, 4]), example(tf, m=[5, 6])],
                      {"m": tf.FixedLenSequenceFeature([2], tf.int64, allow_missing=True)})


def _sequence_examples(tf):
    return [
        sequence_example(tf, {"length": [2], "title": [b"one"]},
                         {"tokens": [[1], [2]], "emb": [[1.0, 2.0], [3.0, 4.0]], "words": [[b"a", b"b"], [b"c"]]}),
        sequence_example(tf, {"length": [3]},
                         {"tokens": [[4], [5], [6]], "emb": [[5.0, 6.0], [7.0, 8.0], [9.0, 0.5]], "words": [[b"z"]]}),
    ]


def _sequence_features(tf):
    context = {"length": tf.FixedLenFeature([], tf.int64),
               "title": tf.FixedLenFeature([], tf.string, default_value=b"untitled")}
    lists = {"tokens": tf.FixedLenSequenceFeature([], tf.int64),
             "emb": tf.FixedLenSequenceFeature([2], tf.float32),
             "words": tf.VarLenFeature(tf.string)}
    return context, lists


def parse_single_sequence_example(tf):
    context, lists = _sequence_features(tf)
    return _outcome(tf, lambda: tf.parse_single_sequence_example(
        tf.constant(_sequence_examples(tf)[0]), context_features=context, sequence_features=lists), graph=True)


def parse_single_sequence_example_second(tf):
    context, lists = _sequence_features(tf)
    return _outcome(tf, lambda: tf.io.parse_single_sequence_example(
        tf.constant(_sequence_examples(tf)[1]), context_features=context, sequence_features=lists))


def parse_sequence_example(tf):
    context, lists = _sequence_features(tf)
    del lists["words"]
    return _outcome(tf, lambda: tf.io.parse_sequence_example(
        tf.constant(_sequence_examples(tf)), context_features=context, sequence_features=lists), graph=True)


def sequence_missing_list(tf):
    return _outcome(tf, lambda: tf.parse_single_sequence_example(
        tf.constant(_sequence_examples(tf)[0]), sequence_features={"nope": tf.FixedLenSequenceFeature([], tf.int64)}))


def sequence_missing_list_allowed(tf):
    return _outcome(tf, lambda: tf.parse_single_sequence_example(
        tf.constant(_sequence_examples(tf)[0]),
        sequence_features={"nope": tf.FixedLenSequenceFeature([], tf.int64, allow_missing=True)}))


def sequence_wrong_size(tf):
    return _outcome(tf, lambda: tf.parse_single_sequence_example(
        tf.constant(_sequence_examples(tf)[0]), sequence_features={"emb": tf.FixedLenSequenceFeature([3], tf.float32)}))


def sequence_list_type_mismatch(tf):
    return _outcome(tf, lambda: tf.parse_single_sequence_example(
        tf.constant(sequence_example(tf, {}, {"words": [[1]]})), sequence_features={"words": tf.VarLenFeature(tf.string)}))


def sequence_bad_proto(tf):
    return _outcome(tf, lambda: tf.parse_single_sequence_example(
        tf.constant(b"\x0a\x03abc"), context_features={"length": tf.FixedLenFeature([], tf.int64)}))


def decode_raw(tf):
    return _outcome(tf, lambda: {
        "u8": tf.decode_raw(tf.constant([b"abc", b"def"]), tf.uint8),
        "i16": tf.decode_raw(tf.constant([b"\x01\x02\x03\x04"]), tf.int16),
        "i16_be": tf.decode_raw(tf.constant([b"\x01\x02\x03\x04"]), tf.int16, little_endian=False),
        "f32": tf.io.decode_raw(tf.constant(b"\x00\x00\x80\x3f\x00\x00\x00\x40"), tf.float32),
        "f64_matrix": tf.decode_raw(tf.constant([[b"\x00" * 8], [b"\x01" * 8]]), tf.float64),
        "empty": tf.decode_raw(tf.constant([b"", b""]), tf.int32),
        "i64_be": tf.decode_raw(tf.constant(b"\x00\x00\x00\x00\x00\x00\x01\x00"), tf.int64, little_endian=False),
    }, graph=True)


def decode_raw_uneven(tf):
    return _outcome(tf, lambda: tf.decode_raw(tf.constant([b"abcd", b"ab"]), tf.int16))


def decode_raw_odd(tf):
    return _outcome(tf, lambda: tf.decode_raw(tf.constant([b"abc"]), tf.int16))


def decode_raw_bad_type(tf):
    return _outcome(tf, lambda: tf.decode_raw(tf.constant([b"abc"]), tf.string))


def decode_csv(tf):
    records = ['1,2.5,hello,7', '3,,"quoted, comma",8', '-4,1e3,"say ""hi""",']
    return _outcome(tf, lambda: tf.decode_csv(tf.constant(records), [[0], [0.0], ["x"], tf.constant([9], tf.int64)]),
                    graph=True)


def decode_csv_options(tf):
    return _outcome(tf, lambda: tf.io.decode_csv(tf.constant(["1|NA|c", "NA|2|d"]), [[-1], [-2.0], [""]], field_delim="|", na_value="NA"))


def decode_csv_select_cols(tf):
    return _outcome(tf, lambda: tf.decode_csv(tf.constant(["1,2,3,4", "5,6,7,8"]), [[0], [0.0]], select_cols=[1, 3]))


def decode_csv_no_quote(tf):
    return _outcome(tf, lambda: tf.decode_csv(tf.constant(['"a",b']), [[""], [""]], use_quote_delim=False))


def decode_csv_scalar(tf):
    return _outcome(tf, lambda: tf.decode_csv(tf.constant("1,2"), [[0], [0]]))


def decode_csv_missing_required(tf):
    return _outcome(tf, lambda: tf.decode_csv(tf.constant(["1,"]), [[0], tf.constant([], tf.int32)]))


def decode_csv_too_few(tf):
    return _outcome(tf, lambda: tf.decode_csv(tf.constant(["1,2"]), [[0], [0], [0]]))


def decode_csv_too_many(tf):
    return _outcome(tf, lambda: tf.decode_csv(tf.constant(["1,2,3"]), [[0], [0]]))


def decode_csv_bad_int(tf):
    return _outcome(tf, lambda: tf.decode_csv(tf.constant(["1,abc"]), [[0], [0]]))


def decode_csv_bad_float(tf):
    return _outcome(tf, lambda: tf.decode_csv(tf.constant(["1.5x"]), [[0.0]]))


def decode_csv_int_overflow(tf):
    return _outcome(tf, lambda: tf.decode_csv(tf.constant(["3000000000"]), [[0]]))


def decode_csv_bad_quote(tf):
    return _outcome(tf, lambda: tf.decode_csv(tf.constant(['"ab"c,d']), [[""], [""]]))


def decode_csv_unterminated_quote(tf):
    return _outcome(tf, lambda: tf.decode_csv(tf.constant(['"abc,d']), [[""], [""]]))


def decode_csv_bad_delim(tf):
    return _outcome(tf, lambda: tf.decode_csv(tf.constant(["1"]), [[0]], field_delim="ab"))


def decode_csv_bad_select(tf):
    return _outcome(tf, lambda: tf.decode_csv(tf.constant(["1,2"]), [[0]], select_cols=[1, 0]))


def serialize_tensor(tf):
    return _outcome(tf, lambda: {
        "f": tf.io.serialize_tensor(tf.constant([[1.5, 2.0], [3.0, -1.0]])),
        "i": tf.serialize_tensor(tf.constant(7)),
        "s": tf.serialize_tensor(tf.constant([b"ab", b""])),
        "b": tf.serialize_tensor(tf.constant([True, False])),
        "i64": tf.serialize_tensor(tf.constant([1, -2], tf.int64)),
        "empty": tf.serialize_tensor(tf.zeros([0, 3])),
        "u8": tf.serialize_tensor(tf.constant([1, 255], tf.uint8)),
        "f16": tf.serialize_tensor(tf.constant([1.0, 0.5], tf.float16)),
        "roundtrip": tf.io.parse_tensor(tf.serialize_tensor(tf.constant([[1, 2], [3, 4]])), tf.int32),
        "roundtrip_s": tf.parse_tensor(tf.serialize_tensor(tf.constant([b"x", b"yz"])), tf.string),
    }, graph=True)


def parse_tensor_mismatch(tf):
    return _outcome(tf, lambda: tf.parse_tensor(tf.serialize_tensor(tf.constant([1, 2])), tf.float32))


def parse_tensor_garbage(tf):
    return _outcome(tf, lambda: tf.parse_tensor(tf.constant(b"\xff\xff\xff"), tf.float32))


def parse_tensor_not_scalar(tf):
    return _outcome(tf, lambda: tf.parse_tensor(tf.constant([b"a"]), tf.float32))


def decode_compressed(tf):
    import zlib
    data = b"hello hello hello world"
    z = zlib.compress(data)
    c = zlib.compressobj(6, zlib.DEFLATED, 31)
    g = c.compress(data) + c.flush()
    return _outcome(tf, lambda: {
        "zlib": tf.decode_compressed(tf.constant([z, zlib.compress(b"")]), "ZLIB"),
        "gzip": tf.io.decode_compressed(tf.constant(g), compression_type="GZIP"),
        "none": tf.decode_compressed(tf.constant([b"raw"]), ""),
    }, graph=True)


def decode_compressed_bad(tf):
    return _outcome(tf, lambda: tf.decode_compressed(tf.constant([b"not zlib"]), "ZLIB"))


def decode_json_example(tf):
    return _outcome(tf, lambda: tf.io.decode_json_example(tf.constant([
        '{"features": {"feature": {"a": {"floatList": {"value": [1.5]}}}}}',
        '{"features": {"feature": {"b": {"bytesList": {"value": ["YWI="]}}}}}'])), graph=True)


def decode_json_example_bad(tf):
    return _outcome(tf, lambda: tf.decode_json_example(tf.constant(["{not json"])))


PROGRAMS = {name: fn for name, fn in list(globals().items())
            if callable(fn) and not name.startswith("_") and name not in (
                "core_message", "example", "sequence_example")}


def _error_program(make, features, single):
    def program(tf):
        serialized = make(tf)
        return _err_parse(tf, serialized[0] if single else serialized, features(tf), single=single)
    return program


def _more_error_cases():
    """Single- and batch-input forms of each kind of bad Example (TF words them differently)."""
    cases = {
        "fewer_values": (lambda tf: [example(tf, a=[1.0])], lambda tf: {"a": tf.FixedLenFeature([2], tf.float32)}),
        "type_int_as_float": (lambda tf: [example(tf, a=[1])], lambda tf: {"a": tf.FixedLenFeature([], tf.float32)}),
        "type_float_as_bytes": (lambda tf: [example(tf, a=[1.0])],
                                lambda tf: {"a": tf.FixedLenFeature([], tf.string)}),
        "type_varlen": (lambda tf: [example(tf, a=[1.0])], lambda tf: {"a": tf.VarLenFeature(tf.int64)}),
        "truncated_proto": (lambda tf: [b"\x0a\x05ab"], lambda tf: {"a": tf.VarLenFeature(tf.int64)}),
        "stride": (lambda tf: [example(tf, a=[1, 2, 3])],
                   lambda tf: {"a": tf.FixedLenSequenceFeature([2], tf.int64, allow_missing=True)}),
        "empty_no_default": (lambda tf: [example(tf, a="empty")], lambda tf: {"a": tf.FixedLenFeature([], tf.int64)}),
        "bytes_fixed_wrong_count": (lambda tf: [example(tf, a=[b"x", b"y"])],
                                    lambda tf: {"a": tf.FixedLenFeature([], tf.string)}),
        "sequence_type": (lambda tf: [example(tf, a=[b"x"])],
                          lambda tf: {"a": tf.FixedLenSequenceFeature([], tf.float32, allow_missing=True)}),
    }
    programs = {}
    for case, (make, features) in cases.items():
        programs[f"batch_{case}"] = _error_program(make, features, single=False)
        programs[f"single_{case}"] = _error_program(make, features, single=True)
    return programs


PROGRAMS.update(_more_error_cases())


def _sparse_feature_examples(tf):
    return [example(tf, ix=[7, 2], v=[1.5, 2.5], lab=[1]), example(tf, ix=[], v=[], lab=[2]),
            example(tf, ix=[4], v=[9.0], lab=[3])]


def sparse_feature(tf):
    return _outcome(tf, lambda: tf.parse_example(tf.constant(_sparse_feature_examples(tf)), {
        "sp": tf.SparseFeature("ix", "v", tf.float32, 10), "lab": tf.FixedLenFeature([], tf.int64)}), graph=True)


def sparse_feature_sorted_and_kept(tf):
    return _outcome(tf, lambda: tf.io.parse_example(tf.constant(_sparse_feature_examples(tf)), {
        "sp": tf.io.SparseFeature("ix", "v", tf.float32, 10, already_sorted=True), "v": tf.VarLenFeature(tf.float32)}))


def sparse_feature_single(tf):
    return _outcome(tf, lambda: tf.parse_single_example(tf.constant(_sparse_feature_examples(tf)[0]), {
        "sp": tf.SparseFeature("ix", "v", tf.float32, 10)}), graph=True)


def sparse_feature_2d(tf):
    e = example(tf, i0=[0, 1], i1=[3, 2], v=[b"a", b"b"])
    return _outcome(tf, lambda: tf.parse_example(tf.constant([e]), {
        "sp": tf.SparseFeature(["i0", "i1"], "v", tf.string, [2, 4])}))


PROGRAMS.update({f.__name__: f for f in (sparse_feature, sparse_feature_sorted_and_kept, sparse_feature_single,
                                         sparse_feature_2d)})


def tfrecord_training(tf):
    """A whole TF1 program: Examples written to a GZIP TFRecord file, read back with tf_record_iterator, fed in
    batches of 4 to parse_example and a linear model trained with gradient descent (the file's SHA-256 and the
    losses are compared)."""
    import hashlib
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "train.tfrecord.gz")
        options = tf.python_io.TFRecordOptions(tf.python_io.TFRecordCompressionType.GZIP)
        with tf.python_io.TFRecordWriter(path, options) as writer:
            for i in range(8):
                x = [float(i) / 8, float(i % 3) - 1.0]
                features = {"x": x, "y": [2.0 * x[0] - 0.5 * x[1] + 0.25], "id": [i]}
                writer.write(tf.train.Example(features=tf.train.Features(feature={
                    k: _feature(tf, v) for k, v in features.items()})).SerializeToString(deterministic=True))
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        records = list(tf.python_io.tf_record_iterator(path, options))
    with tf.Graph().as_default():
        serialized = tf.placeholder(tf.string, [None])
        parsed = tf.parse_example(serialized, {"x": tf.FixedLenFeature([2], tf.float32),
                                               "y": tf.FixedLenFeature([], tf.float32),
                                               "id": tf.FixedLenFeature([], tf.int64)})
        w = tf.Variable(tf.zeros([2, 1]), name="w")
        b = tf.Variable(0.0, name="b")
        prediction = tf.squeeze(tf.matmul(parsed["x"], w), 1) + b
        loss = tf.reduce_mean(tf.square(prediction - parsed["y"]))
        train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        losses, ids = [], []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(3):
                for start in range(0, 8, 4):
                    value, batch_ids, _ = sess.run([loss, parsed["id"], train], {serialized: records[start:start + 4]})
                    losses.append(round(float(value), 5))
                    ids.append(batch_ids.tolist())
            weights = [round(float(v), 5) for v in sess.run(w).reshape(-1)] + [round(float(sess.run(b)), 5)]
    return {"sha256": digest, "losses": losses, "ids": ids, "weights": weights}


PROGRAMS["tfrecord_training"] = tfrecord_training


def interop_graph(tf):
    """The graph TF's GraphDef fixture holds (tools/record_parsing.py writes it): parse_example,
    parse_single_sequence_example, decode_raw and decode_csv over placeholders."""
    s = tf.placeholder(tf.string, [None], name="s")
    q = tf.placeholder(tf.string, [], name="q")
    c = tf.placeholder(tf.string, [None], name="c")
    parsed = tf.parse_example(s, _features(tf))
    context, lists = tf.parse_single_sequence_example(q, *_sequence_features(tf))
    return {"parsed": parsed, "context": context, "lists": lists,
            "raw": tf.decode_raw(c, tf.uint8, name="raw"), "csv": tf.decode_csv(c, [[0], [""]], name="csv")}


def interop_feed(tf):
    return {"s:0": _examples(tf), "q:0": _sequence_examples(tf)[0], "c:0": [b"1,ab", b"2,cd"]}


def interop_run(tf, fetches):
    with tf.Session() as sess:
        return _plain(sess.run(fetches, interop_feed(tf)))


def interop_names(fetches):
    """The fetched tensors' names (a SparseTensor as its three), in the structure of `fetches`."""
    if isinstance(fetches, dict):
        return {k: interop_names(v) for k, v in fetches.items()}
    if isinstance(fetches, (list, tuple)):
        return [interop_names(v) for v in fetches]
    if hasattr(fetches, "dense_shape"):
        return [fetches.indices.name, fetches.values.name, fetches.dense_shape.name]
    return fetches.name
