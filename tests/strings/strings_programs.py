"""TF1 programs over string tensors, written once against a `tf` module argument: recorded on real TensorFlow
by tools/record_strings.py (tests/strings/goldens/strings.json), checked on sessionflow by test_strings.py.
Each program returns plain JSON values; an error is recorded as [class name, TF's message]."""

from __future__ import annotations

import numpy as np


def _plain(value):
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    value = np.asarray(value)
    if value.dtype == object or value.dtype.kind == "S":
        return np.vectorize(lambda b: b.decode("utf-8", "backslashreplace"), otypes=[object])(value).tolist() \
            if value.size else [] if value.ndim else value.item().decode("utf-8", "backslashreplace")
    if value.dtype.kind == "f":
        return np.vectorize(lambda x: float(x) if np.isfinite(x) else str(x), otypes=[object])(value).tolist() \
            if value.ndim else (float(value) if np.isfinite(value) else str(value))
    if value.dtype.kind == "u" and value.itemsize == 8:
        return np.vectorize(str, otypes=[object])(value).tolist() if value.ndim else str(value.item())
    return value.tolist()


def core_message(text: str) -> str:
    """The op's own message from an error's text (TF prefixes graph-execution context; sessionflow appends the
    node)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("Node: '") and i + 1 < len(lines):
            return lines[i + 1].strip()
    return lines[0].strip()


def _run(tf, fetches, feed=None):
    with tf.Session() as sess:
        return _plain(sess.run(fetches, feed))


def _error(tf, build):
    """[class name, message] of the error building or running `build()` raises (or the result)."""
    try:
        with tf.Graph().as_default():
            fetches = build()
            with tf.Session() as sess:
                return ["ok", _plain(sess.run(fetches))]
    except (ValueError, TypeError) as e:
        return [type(e).__name__, str(e).split("\n")[0]]
    except tf.errors.OpError as e:
        return [type(e).__name__, core_message(e.message)]


def _sparse(st):
    return [st.indices, st.values, st.dense_shape]


def split(tf):
    s = tf.constant(["hello world", "a  b", "", " lead", "x,y,,z"])
    out = {
        "string_split": _run(tf, _sparse(tf.string_split(s))),
        "string_split_delims": _run(tf, _sparse(tf.string_split(s, delimiter=", "))),
        "string_split_keep_empty": _run(tf, _sparse(tf.string_split(s, delimiter=",", skip_empty=False))),
        "string_split_chars": _run(tf, _sparse(tf.string_split(tf.constant(["abc", "de"]), delimiter=""))),
        "strings_split_ws": _run(tf, _sparse(tf.strings.split(s))),
        "strings_split_sep": _run(tf, _sparse(tf.strings.split(s, sep=","))),
        "strings_split_sep2": _run(tf, _sparse(tf.strings.split(tf.constant(["a<>b<><>c"]), sep="<>"))),
        "strings_split_max": _run(tf, _sparse(tf.strings.split(s, sep=",", maxsplit=1))),
        "strings_split_max_ws": _run(tf, _sparse(tf.strings.split(tf.constant([" a b  c "]), maxsplit=1))),
    }
    out["scalar_error"] = _error(tf, lambda: tf.string_split(tf.constant("a b")).values)
    out["op_types"] = _op_types(tf, lambda: (tf.string_split(tf.constant(["a"])), tf.strings.split(tf.constant(["a"]))))
    return out


def _op_types(tf, build):
    with tf.Graph().as_default() as g:
        build()
        return [op.type for op in g.get_operations() if op.type != "Const"]


def substr(tf):
    s = tf.constant(["hello", "world", "abc"])
    u = tf.constant(["h\u00e9llo", "\u00fc\u00f1\u00ee"])
    out = {
        "basic": _run(tf, tf.substr(s, 1, 3)),
        "vector_args": _run(tf, tf.substr(s, [0, 1, 2], [1, 2, 10])),
        "negative_pos": _run(tf, tf.strings.substr(s, -3, 2)),
        "zero_len": _run(tf, tf.substr(s, 2, 0)),
        "broadcast": _run(tf, tf.substr(tf.constant([["ab", "cd"], ["ef", "gh"]]), [0, 1], [1, 1])),
        "utf8": _run(tf, tf.strings.substr(u, 1, 2, unit="UTF8_CHAR")),
        "utf8_neg": _run(tf, tf.strings.substr(u, -2, 1, unit="UTF8_CHAR")),
        "bytes_of_utf8": _run(tf, tf.substr(u, 0, 2)),
    }
    out["pos_out_of_range"] = _error(tf, lambda: tf.substr(tf.constant(["hello"]), 6, 1))
    out["neg_out_of_range"] = _error(tf, lambda: tf.substr(tf.constant(["hello", "ab"]), -3, 1))
    out["len_mismatch"] = _error(tf, lambda: tf.substr(tf.constant(["hello", "ab"]), [1, 2, 3], [1, 1, 1]))
    out["pos_len_shapes"] = _error(tf, lambda: tf.substr(tf.constant(["hello", "ab"]), [1, 2], 1))
    out["bad_unit"] = _error(tf, lambda: tf.strings.substr(tf.constant(["a"]), 0, 1, unit="CHAR"))
    return out


def join(tf):
    a = tf.constant(["a", "b", "c"])
    m = tf.constant([["a", "b", "c"], ["d", "e", "f"]])
    out = {
        "string_join": _run(tf, tf.string_join([a, "x", tf.constant(["1", "2", "3"])], separator="-")),
        "strings_join": _run(tf, tf.strings.join(["p", "q"])),
        "reduce_all": _run(tf, tf.reduce_join(m)),
        "reduce_0": _run(tf, tf.reduce_join(m, 0)),
        "reduce_1_sep": _run(tf, tf.reduce_join(m, axis=1, separator=", ")),
        "reduce_neg_keep": _run(tf, tf.reduce_join(m, -1, keep_dims=True)),
        "reduce_both": _run(tf, tf.strings.reduce_join(m, axis=[0, 1], separator=".")),
        "reduce_1_0": _run(tf, tf.strings.reduce_join(m, axis=[1, 0])),
        "reduce_keepdims": _run(tf, tf.reduce_join(m, 0, keepdims=True)),
        "reduce_empty": _run(tf, tf.reduce_join(tf.zeros([2, 0], tf.string), 1)),
    }
    out["join_shapes"] = _error(tf, lambda: tf.string_join([tf.constant(["a", "b"]), tf.constant(["a", "b", "c"])]))
    out["reduce_bad_axis"] = _error(tf, lambda: tf.reduce_join(tf.constant([["a"]]), 2))
    return out


def as_string(tf):
    f = tf.constant([3.14159, -2.5, 1234567.0, 0.000123, 0.0], tf.float32)
    d = tf.constant([3.14159, 1e20, -1e-5], tf.float64)
    i = tf.constant([7, -42, 1000], tf.int32)
    out = {
        "float": _run(tf, tf.as_string(f)),
        "float_precision": _run(tf, tf.as_string(f, precision=2)),
        "float_scientific": _run(tf, tf.as_string(f, scientific=True)),
        "float_sci_prec": _run(tf, tf.as_string(f, precision=3, scientific=True)),
        "float_shortest": _run(tf, tf.as_string(f, shortest=True)),
        "float_width": _run(tf, tf.as_string(f, width=12)),
        "float_width_fill": _run(tf, tf.as_string(f, precision=1, width=10, fill="0")),
        "double": _run(tf, tf.as_string(d)),
        "double_shortest": _run(tf, tf.as_string(d, shortest=True)),
        "int": _run(tf, tf.as_string(i)),
        "int_width": _run(tf, tf.as_string(i, width=6)),
        "int_width_fill": _run(tf, tf.as_string(i, width=6, fill="0")),
        "int64": _run(tf, tf.strings.as_string(tf.constant([2 ** 40, -1], tf.int64))),
        "bool": _run(tf, tf.as_string(tf.constant([True, False]))),
        "uint8": _run(tf, tf.as_string(tf.constant([255, 1], tf.uint8))),
        "string_passthrough": _error(tf, lambda: tf.as_string(tf.constant(["a"]))),
        "nan_inf": _run(tf, tf.as_string(tf.constant([np.nan, np.inf, -np.inf], tf.float32))),
    }
    out["fill_two_chars"] = _error(tf, lambda: tf.as_string(tf.constant([1]), width=3, fill="ab"))
    out["int_precision"] = _error(tf, lambda: tf.as_string(tf.constant([1]), precision=2))
    out["sci_and_shortest"] = _error(tf, lambda: tf.as_string(tf.constant([1.0]), scientific=True, shortest=True))
    return out


def to_number(tf):
    out = {
        "float": _run(tf, tf.string_to_number(tf.constant(["1.5", "-2", "3e2", " 4", "inf", "0x10"]))),
        "double": _run(tf, tf.strings.to_number(tf.constant(["0.1", "1e-300"]), tf.float64)),
        "int32": _run(tf, tf.string_to_number(tf.constant(["12", "-7", "+3", "0"]), out_type=tf.int32)),
        "int64": _run(tf, tf.string_to_number(tf.constant(["9007199254740993"]), out_type=tf.int64)),
    }
    for name, (text, dtype) in dict(bad_float=("abc", "float32"), bad_int=("1.5", "int32"),
                                    int_overflow=("3000000000", "int32"), empty=("", "float32"),
                                    trailing=("1.5x", "float64"), space_int=(" 12", "int32"),
                                    float_overflow=("1e39", "float32")).items():
        out[name] = _error(tf, lambda: tf.string_to_number(tf.constant([text]), out_type=getattr(tf, dtype)))
    out["bad_out_type"] = _error(tf, lambda: tf.string_to_number(tf.constant(["1"]), out_type=tf.int16))
    return out


_HASH_INPUTS = ["", "a", "ab", "abc", "hello", "hello world", "0123456789abcdef", "0123456789abcdefg",
                "The quick brown fox jumps over the lazy dog", "x" * 33, "y" * 64, "z" * 65,
                "\u00fcber", "a longer sentence with several words in it, more than sixty-four bytes long, yes!"]


def hashing(tf):
    s = tf.constant(_HASH_INPUTS)
    return {
        "bucket": _run(tf, tf.string_to_hash_bucket(s, 1000)),
        "bucket_strings_name": _run(tf, tf.strings.to_hash_bucket(s, 7)),
        "fast": _run(tf, tf.string_to_hash_bucket_fast(s, 1000)),
        "fast_big": _run(tf, tf.strings.to_hash_bucket_fast(s, 2 ** 62)),
        "strong": _run(tf, tf.string_to_hash_bucket_strong(s, 1000, [1, 2])),
        "strong_big": _run(tf, tf.strings.to_hash_bucket_strong(s, 2 ** 62, [2 ** 40 + 7, 12345])),
        "fingerprint": _run(tf, tf.fingerprint(s)),
        "fingerprint_ints": _run(tf, tf.fingerprint(tf.constant([[1, 2], [3, 4]], tf.int32))),
        "strong_bad_key": _error(tf, lambda: tf.string_to_hash_bucket_strong(tf.constant(["a"]), 10, [1])),
        "zero_buckets": _error(tf, lambda: tf.string_to_hash_bucket_fast(tf.constant(["a"]), 0)),
    }


def regex(tf):
    s = tf.constant(["hello world", "foo bar foo", "A1B2C3", ""])
    pattern = tf.placeholder(tf.string, [])
    out = {
        "replace": _run(tf, tf.regex_replace(s, "o", "0")),
        "replace_first": _run(tf, tf.strings.regex_replace(s, "o", "0", replace_global=False)),
        "replace_groups": _run(tf, tf.regex_replace(s, r"(\w+) (\w+)", r"\2 \1")),
        "replace_whole": _run(tf, tf.regex_replace(s, r"[0-9]", r"<\0>")),
        "replace_class": _run(tf, tf.regex_replace(s, r"[[:upper:]]", "_")),
        "replace_empty_match": _run(tf, tf.regex_replace(tf.constant(["abc"]), "x*", "-")),
        "replace_dynamic": _run(tf, tf.regex_replace(s, pattern, "#"), {pattern: "[aeiou]"}),
        "full_match": _run(tf, tf.strings.regex_full_match(s, r"[a-z ]+")),
        "full_match_partial": _run(tf, tf.strings.regex_full_match(s, "hello")),
        "full_match_dynamic": _run(tf, tf.strings.regex_full_match(s, pattern), {pattern: ".*o.*"}),
        "escape": _run(tf, tf.regex_replace(tf.constant(["a.b\\c"]), r"\.", r"\\")),
    }
    out["bad_pattern"] = _error(tf, lambda: tf.regex_replace(tf.constant(["a"]), "(", "x"))
    out["bad_full_pattern"] = _error(tf, lambda: tf.strings.regex_full_match(tf.constant(["a"]), "[a"))
    out["op_types"] = _op_types(tf, lambda: (tf.regex_replace(tf.constant(["a"]), "a", "b"),
                                             tf.regex_replace(tf.constant(["a"]), tf.constant("a"), "b"),
                                             tf.strings.regex_full_match(tf.constant(["a"]), "a"),
                                             tf.strings.regex_full_match(tf.constant(["a"]), tf.constant("a"))))
    return out


def text_ops(tf):
    s = tf.constant(["  Hello World \t", "\u00c4rger \u00e9t\u00e9", "", "MiXeD 123"])
    out = {
        "length": _run(tf, tf.strings.length(s)),
        "length_utf8": _run(tf, tf.strings.length(s, unit="UTF8_CHAR")),
        "lower": _run(tf, tf.strings.lower(s)),
        "upper": _run(tf, tf.strings.upper(s)),
        "lower_utf8": _run(tf, tf.strings.lower(s, encoding="utf-8")),
        "upper_utf8": _run(tf, tf.strings.upper(s, encoding="utf-8")),
        "strip": _run(tf, tf.strings.strip(s)),
        "string_strip": _run(tf, tf.string_strip(tf.constant(["\n a \r", "b"]))),
        "format": _run(tf, tf.strings.format("x={} and y={}", (tf.constant(3), tf.constant([1.5, 2.0])))),
        "format_long": _run(tf, tf.strings.format("{}", tf.range(10))),
        "format_summarize": _run(tf, tf.strings.format("v: {}", tf.reshape(tf.range(12), [3, 4]), summarize=1)),
        "format_placeholder": _run(tf, tf.strings.format("a=%s", [tf.constant("str")], placeholder="%s")),
        "format_floats": _run(tf, tf.strings.format("{}", tf.constant([0.1, 1e-7, 123456789.0, 1.0 / 3, -2.5e10]))),
        "format_doubles": _run(tf, tf.strings.format("{}", tf.constant([0.1, 1.0 / 3, 1e100], tf.float64))),
        "format_strings": _run(tf, tf.strings.format("{} {}", [tf.constant(["a", "b"]), tf.constant(True)])),
        "format_3d": _run(tf, tf.strings.format("{}", tf.reshape(tf.range(8), [2, 2, 2]))),
        "format_all": _run(tf, tf.strings.format("{}", tf.range(7), summarize=-1)),
        "unicode_decode": _run(tf, tf.strings.unicode_decode(tf.constant("h\u00e9\u4e16"), "UTF-8")),
        "encode_base64": _run(tf, tf.encode_base64(tf.constant(["hello", "a?b>c", "", "xy"]))),
        "encode_base64_pad": _run(tf, tf.io.encode_base64(tf.constant(["hello", "xy"]), pad=True)),
        "decode_base64": _run(tf, tf.decode_base64(tf.constant(["aGVsbG8", "YT9iPmM", "eHk="]))),
        "dtypes_as_string": _run(tf, tf.dtypes.as_string(tf.constant([1, 2]))),
    }
    out["length_bad_unit"] = _error(tf, lambda: tf.strings.length(tf.constant(["a"]), unit="CHAR"))
    out["format_count"] = _error(tf, lambda: tf.strings.format("{} {}", [tf.constant(1)]))
    out["decode_base64_bad"] = _error(tf, lambda: tf.decode_base64(tf.constant(["a"])))
    out["lower_numbers"] = _error(tf, lambda: tf.strings.lower(tf.constant([1])))
    return out


def broadcasting(tf):
    """Binary string ops broadcast as TF does."""
    a = tf.placeholder(tf.string, [None, 1])
    feed = {a: [["p"], ["q"]]}
    return {
        "join_broadcast": _error(tf, lambda: tf.string_join([tf.constant([["p"], ["q"]]), tf.constant(["x", "y"])])),
        "join_placeholder": _run(tf, tf.string_join([a, "!"]), feed),
        "substr_broadcast": _run(tf, tf.substr(tf.constant([["hello"], ["world"]]), [0, 1, 2], [2, 2, 2])),
    }


def edge_cases(tf):
    """Less common inputs: UTF-8 under byte-wise ops, unsigned parsing, RE2 constructs, values known only at run
    time."""
    u = tf.constant(["h\u00e9llo w\u00f6rld", "\u4e16\u754c"])
    axis = tf.placeholder(tf.int32, [None])
    strings = tf.placeholder(tf.string, None)
    out = {
        "split_chars_utf8": _run(tf, _sparse(tf.string_split(u, delimiter=""))),
        "split_utf8_space": _run(tf, _sparse(tf.string_split(u))),
        "substr_utf8_out_of_range": _error(tf, lambda: tf.strings.substr(tf.constant(["\u4e16\u754c"]), 3, 1,
                                                                         unit="UTF8_CHAR")),
        "to_uint32": _run(tf, tf.strings.to_number(tf.constant(["4000000000", "7"]), tf.uint32)),
        "to_uint64_negative": _error(tf, lambda: tf.strings.to_number(tf.constant(["-1"]), tf.uint64)),
        "to_float_spaces": _run(tf, tf.strings.to_number(tf.constant(["  2.5  ", "-0", "1e-45", "nan"]))),
        "to_int_hex": _error(tf, lambda: tf.strings.to_number(tf.constant(["0x10"]), tf.int32)),
        "regex_digits": _run(tf, tf.regex_replace(tf.constant(["a1b22c333"]), r"\d+", "#")),
        "regex_word_boundary": _run(tf, tf.regex_replace(tf.constant(["cat concat cat"]), r"\bcat\b", "dog")),
        "regex_case_insensitive": _run(tf, tf.strings.regex_full_match(tf.constant(["HeLLo", "world"]), "(?i)hello")),
        "regex_utf8_dot": _run(tf, tf.regex_replace(u, "\u00e9.", "_")),
        "regex_anchor": _run(tf, tf.regex_replace(tf.constant(["aaa"]), "^a", "b")),
        "reduce_join_fed_axis": _run(tf, tf.reduce_join(tf.constant([["a", "b"], ["c", "d"]]), axis), {axis: [1]}),
        "reduce_join_fed_axes": _run(tf, tf.reduce_join(tf.constant([["a", "b"], ["c", "d"]]), axis), {axis: [0, 1]}),
        "join_fed_mismatch": _error(tf, lambda: _fed(tf, lambda p: tf.string_join([p, tf.constant(["x", "y"])]),
                                                      [["a", "b", "c"]])),
        "length_fed": _run(tf, tf.strings.length(strings), {strings: [["ab", ""], ["\u00e9", "xyz"]]}),
        "as_string_float16": _run(tf, tf.as_string(tf.constant([1.5, -0.25], tf.float16))),
        "as_string_complex": _run(tf, tf.as_string(tf.constant([1 + 2j], tf.complex64), precision=1)),
        "as_string_fill_space_plus": _run(tf, tf.as_string(tf.constant([5, -5]), width=4, fill="+")),
        "as_string_bad_fill": _error(tf, lambda: tf.as_string(tf.constant([5]), width=4, fill="x")),
        "hash_utf8": _run(tf, tf.string_to_hash_bucket_fast(u, 100)),
        "base64_binary": _run(tf, tf.encode_base64(tf.constant([b"\xff\xfe\x00"]))),
        "upper_scalar": _run(tf, tf.strings.upper("abc")),
    }
    return out


def sequences(tf):
    """n-grams, segment joins and Unicode over dense tensors and scalar strings."""
    word = tf.constant("h\u00e9\u4e16")
    out = {
        "segment_join": _run(tf, tf.strings.unsorted_segment_join(["a", "b", "c", "d"], [0, 2, 0, 1], 4,
                                                                  separator=":")),
        "segment_join_rows": _run(tf, tf.strings.unsorted_segment_join([["a", "b"], ["c", "d"]], [1, 0], 2)),
        "segment_join_bad": _error(tf, lambda: tf.strings.unsorted_segment_join(["a", "b"], [0, 5], 2)),
        "ngrams": _run(tf, tf.strings.ngrams(tf.constant(["a", "b", "c", "d"]), 2)),
        "ngrams_rows": _run(tf, tf.strings.ngrams(tf.constant([["a", "b", "c"], ["d", "e", "f"]]), [1, 2],
                                                  separator="_")),
        "ngrams_pad": _run(tf, tf.strings.ngrams(tf.constant(["a", "b"]), 3, pad_values=("<s>", "</s>"))),
        "ngrams_pad_width": _run(tf, tf.strings.ngrams(tf.constant(["a", "b", "c"]), 3, pad_values="#",
                                                       padding_width=1)),
        "ngrams_short": _run(tf, tf.strings.ngrams(tf.constant(["a"]), 2, preserve_short_sequences=True)),
        "ngrams_none": _run(tf, tf.strings.ngrams(tf.constant(["a"]), 2)),
        "encode": _run(tf, tf.strings.unicode_encode(tf.constant([104, 233, 19990]), "UTF-8")),
        "encode_rows": _run(tf, tf.strings.unicode_encode(tf.constant([[104, 105], [233, 19990]]), "UTF-16-BE")),
        "encode_invalid": _run(tf, tf.strings.unicode_encode(tf.constant([104, -5, 0x110000]), "UTF-8")),
        "split": _run(tf, tf.strings.unicode_split(word, "UTF-8")),
        "decode_offsets": _run(tf, list(tf.strings.unicode_decode_with_offsets(word, "UTF-8"))),
        "split_offsets": _run(tf, list(tf.strings.unicode_split_with_offsets(word, "UTF-8"))),
        "bytes_split": _run(tf, tf.strings.bytes_split(tf.constant("h\u00e9"))),
        "decode_replace": _run(tf, tf.strings.unicode_decode(tf.constant(b"a\xffb"), "UTF-8")),
        "decode_ignore": _run(tf, tf.strings.unicode_decode(tf.constant(b"a\xffb"), "UTF-8", errors="ignore")),
        "decode_offsets_bad": _run(tf, list(tf.strings.unicode_decode_with_offsets(tf.constant(b"a\xffb\xc3\xa9"),
                                                                                    "UTF-8"))),
        "decode_control": _run(tf, tf.strings.unicode_decode(tf.constant("a\x01b"), "UTF-8",
                                                             replace_control_characters=True)),
        "decode_utf16": _run(tf, tf.strings.unicode_decode(tf.constant("h\u00e9".encode("utf-16-be")), "UTF-16-BE")),
        "transcode": _run(tf, tf.strings.unicode_transcode(tf.constant(["h\u00e9"]), "UTF-8", "UTF-16-BE")),
    }
    return out


def graph_names(tf):
    """The ops (name, type) the public functions create, as TF names them."""
    def names(build):
        with tf.Graph().as_default() as g:
            s = tf.placeholder(tf.string, [None], name="s")
            build(s)
            return [[op.name, op.type] for op in g.get_operations() if op.name != "s"]

    return {
        "string_split": names(lambda s: tf.string_split(s)),
        "strings_split": names(lambda s: tf.strings.split(s, sep=",")),
        "substr": names(lambda s: tf.substr(s, 1, 2)),
        "reduce_join": names(lambda s: tf.reduce_join(s, 0)),
        "reduce_join_all": names(lambda s: tf.reduce_join(s)),
        "string_join": names(lambda s: tf.string_join([s, "x"])),
        "as_string": names(lambda s: tf.as_string(tf.strings.length(s))),
        "to_number": names(lambda s: tf.string_to_number(s)),
        "regex": names(lambda s: (tf.regex_replace(s, "a", "b"), tf.strings.regex_full_match(s, "a"))),
        "hash": names(lambda s: (tf.string_to_hash_bucket_fast(s, 3), tf.string_to_hash_bucket_strong(s, 3, [1, 2]),
                                 tf.string_to_hash_bucket(s, 3))),
        "format": names(lambda s: tf.strings.format("{}", [s])),
        "text": names(lambda s: (tf.strings.lower(s), tf.strings.upper(s), tf.strings.strip(s),
                                 tf.strings.length(s), tf.encode_base64(s), tf.decode_base64(s))),
        "unicode_decode": names(lambda s: tf.strings.unicode_decode(s[0], "UTF-8")),
        "segment_join": names(lambda s: tf.strings.unsorted_segment_join(s, [0, 0], 1)),
        "fingerprint": names(lambda s: tf.fingerprint(s)),
    }


def _fed(tf, build, value):
    p = tf.placeholder(tf.string, None)
    with tf.Session() as sess:
        return sess.run(build(p), {p: value})


PROGRAMS = dict(edge_cases=edge_cases, sequences=sequences, split=split, substr=substr, join=join,
                as_string=as_string, to_number=to_number, hashing=hashing, regex=regex, text_ops=text_ops,
                broadcasting=broadcasting, graph_names=graph_names)
