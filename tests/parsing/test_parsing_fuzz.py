"""Fuzzing the Example parsers: arbitrary and damaged serialized Examples / SequenceExamples, CSV records and
TensorProtos either parse or raise tf.errors.InvalidArgumentError (DataLossError for compressed data), never
anything else; and ParseExampleV2's vectorised wire reader (example_wire.py) agrees with the per-record
protobuf path whenever it does not hand the batch back."""

from __future__ import annotations

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sessionflow as tf
from sessionflow.framework import dtypes
from sessionflow.ops import example_decode, example_wire

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                            HealthCheck.too_slow])
SPECS = [
    example_decode.Spec("tags", dtypes.int64, None, None, sparse=True),
    example_decode.Spec("words", dtypes.string, None, None, sparse=True),
    example_decode.Spec("label", dtypes.int64, [], np.array([7], np.int64)),
    example_decode.Spec("x", dtypes.float32, [3], np.array([0.5, 1.5, 2.5], np.float32)),
    example_decode.Spec("name", dtypes.string, [], np.array([b"-"], object)),
    example_decode.Spec("seq", dtypes.float32, [None, 2], np.array(-1.0, np.float32)),
]

_values = {
    "tags": st.lists(st.integers(-(2 ** 63), 2 ** 63 - 1), max_size=4),
    "words": st.lists(st.binary(max_size=4), max_size=3),
    "label": st.lists(st.integers(-(2 ** 63), 2 ** 63 - 1), min_size=1, max_size=1),
    "x": st.lists(st.floats(width=32, allow_nan=False), min_size=3, max_size=3),
    "name": st.lists(st.binary(max_size=6), min_size=1, max_size=1),
    "seq": st.lists(st.floats(width=32, allow_nan=False), max_size=6).map(lambda v: v[: len(v) // 2 * 2]),
}


@st.composite
def examples(draw):
    feature = {}
    for key, values in _values.items():
        if draw(st.booleans()):
            v = draw(values)
            if key in ("tags", "label"):
                feature[key] = tf.train.Feature(int64_list=tf.train.Int64List(value=v))
            elif key in ("x", "seq"):
                feature[key] = tf.train.Feature(float_list=tf.train.FloatList(value=v))
            else:
                feature[key] = tf.train.Feature(bytes_list=tf.train.BytesList(value=v))
    return tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString()


def _damage(data, record: bytes) -> bytes:
    b = bytearray(record)
    for _ in range(data.draw(st.integers(0, 3))):
        if b:
            b[data.draw(st.integers(0, len(b) - 1))] = data.draw(st.integers(0, 255))
    return bytes(b[: data.draw(st.integers(0, len(b)))])


def _outcome(fn):
    try:
        return ("ok", fn())
    except tf.errors.InvalidArgumentError as e:
        return ("invalid", e.message)


def _same(a, b):
    if isinstance(a, tuple):
        return all(_same(x, y) for x, y in zip(a, b))
    # a damaged record can turn a float's bytes into NaN, which both paths must read alike
    return a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")


@SETTINGS
@given(st.lists(examples(), min_size=16, max_size=24), st.data())
def test_the_wire_reader_agrees_with_the_protobuf_path(batch, data):
    if data.draw(st.booleans()):
        i = data.draw(st.integers(0, len(batch) - 1))
        batch[i] = _damage(data, batch[i])
    fast = example_wire.decode_columns(batch, SPECS)
    kind, reference = _outcome(lambda: example_decode.decode_records(batch, SPECS, [], False))
    if fast is None:
        return
    assert kind == "ok", reference
    for got, expected in zip(fast, reference):
        assert _same(got, expected)


def _parse(serialized, single=False):
    features = {"label": tf.FixedLenFeature([], tf.int64, default_value=0), "tags": tf.VarLenFeature(tf.int64),
                "x": tf.FixedLenFeature([3], tf.float32, default_value=[0.0, 0.0, 0.0]),
                "seq": tf.FixedLenSequenceFeature([2], tf.float32, allow_missing=True)}
    with tf.Graph().as_default():
        s = tf.placeholder(tf.string, [] if single else [None])
        parsed = (tf.parse_single_example if single else tf.parse_example)(s, features)
        with tf.Session() as sess:
            return sess.run(parsed, {s: serialized})


@SETTINGS
@given(st.lists(st.binary(max_size=60), min_size=1, max_size=20))
def test_arbitrary_bytes_parse_or_raise_invalid_argument(records):
    _outcome(lambda: _parse(records))
    _outcome(lambda: _parse(records[0], single=True))


@SETTINGS
@given(st.lists(examples(), min_size=1, max_size=20), st.data())
def test_damaged_examples_parse_or_raise_invalid_argument(batch, data):
    i = data.draw(st.integers(0, len(batch) - 1))
    batch[i] = _damage(data, batch[i])
    _outcome(lambda: _parse(batch))


@SETTINGS
@given(st.binary(max_size=80))
def test_arbitrary_sequence_examples_parse_or_raise_invalid_argument(record):
    with tf.Graph().as_default():
        context, lists = tf.parse_single_sequence_example(
            tf.constant(record), context_features={"c": tf.FixedLenFeature([], tf.int64, default_value=0)},
            sequence_features={"f": tf.FixedLenSequenceFeature([], tf.float32, allow_missing=True),
                               "v": tf.VarLenFeature(tf.string)})
        with tf.Session() as sess:
            _outcome(lambda: sess.run((context, lists)))


@SETTINGS
@given(st.lists(st.text(alphabet='ab,"1.\n- ', max_size=12), min_size=1, max_size=4))
def test_arbitrary_csv_decodes_or_raises_invalid_argument(records):
    with tf.Graph().as_default():
        columns = tf.decode_csv(tf.constant(records), [[0], [0.0], [""]])
        with tf.Session() as sess:
            _outcome(lambda: sess.run(columns))


@SETTINGS
@given(st.binary(max_size=60))
def test_arbitrary_tensor_protos_parse_or_raise_invalid_argument(data):
    with tf.Graph().as_default():
        parsed = tf.parse_tensor(tf.constant(data), tf.float32)
        raw = tf.decode_raw(tf.constant([data]), tf.int16)
        with tf.Session() as sess:
            _outcome(lambda: sess.run(parsed))
            _outcome(lambda: sess.run(raw))
