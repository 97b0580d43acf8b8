"""ParseExampleV2's fast path for batches whose records all hold the same feature keys in the same order
(example_wire._decode_uniform): it gives the per-record protobuf path's columns, and any other layout (keys in
another order, a key twice, a field of 16 KiB or more, unpacked numbers, an empty Feature, a wrong kind, an
unknown field) goes to the general readers, which give the same columns or TF's errors."""

from __future__ import annotations

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sessionflow as tf
from sessionflow.framework import dtypes
from sessionflow.ops import example_decode, example_wire

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
Spec = example_decode.Spec
SPECS = [
    Spec("tags", dtypes.int64, None, None, sparse=True),
    Spec("words", dtypes.string, None, None, sparse=True),
    Spec("label", dtypes.int64, [], np.array([7], np.int64)),
    Spec("x", dtypes.float32, [3], np.array([0.5, 1.5, 2.5], np.float32)),
    Spec("name", dtypes.string, [], np.array([b"-"], object)),
    Spec("seq", dtypes.float32, [None, 2], np.array(-1.0, np.float32)),
    Spec("ids", dtypes.int64, [2], np.array([], np.int64)),
    Spec("absent", dtypes.float32, [], np.array([9.0], np.float32)),
    Spec("gone", dtypes.string, None, None, sparse=True),
]
KIND = {"tags": "int64", "words": "bytes", "label": "int64", "x": "float", "name": "bytes", "seq": "float",
        "ids": "int64", "other": "float"}
_big = st.integers(-(2 ** 63), 2 ** 63 - 1)
_small = st.integers(0, 127)
_floats = st.floats(width=32, allow_nan=False)
VALUES = {
    "tags": st.lists(st.one_of(_small, _big), max_size=5),
    "words": st.lists(st.binary(max_size=140), max_size=3),
    "label": st.lists(st.one_of(_small, _big), min_size=1, max_size=1),
    "x": st.lists(_floats, min_size=3, max_size=3),
    "name": st.lists(st.binary(max_size=200), min_size=1, max_size=1),
    "seq": st.lists(_floats, max_size=40).map(lambda v: v[: len(v) // 2 * 2]),
    "ids": st.lists(st.one_of(_small, _big), min_size=2, max_size=2),
    "other": st.lists(_floats, max_size=3),
}


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def feature(kind: str, values) -> bytes:
    """A serialized Feature as protobuf writes it (numbers packed)."""
    if kind == "bytes":
        return tf.train.Feature(bytes_list=tf.train.BytesList(value=values)).SerializeToString()
    if kind == "float":
        return tf.train.Feature(float_list=tf.train.FloatList(value=values)).SerializeToString()
    return tf.train.Feature(int64_list=tf.train.Int64List(value=values)).SerializeToString()


def example(entries) -> bytes:
    """A serialized Example of the map entries (key, serialized Feature) in this order."""
    body = b"".join(_field(1, _field(1, key.encode()) + _field(2, value)) for key, value in entries)
    return _field(1, body)


def records(keys, rows) -> list:
    return [example([(k, feature(KIND[k], row[k])) for k in keys]) for row in rows]


def uniform(batch, specs=SPECS):
    """The fast path's columns, or None where it hands the batch on."""
    try:
        return example_wire._decode_uniform(*example_wire.batch_of(batch), specs)
    except (example_wire._Bail, IndexError, ValueError):
        return None


def outcome(fn):
    try:
        return "ok", fn()
    except tf.errors.InvalidArgumentError as e:
        return "invalid", e.message


def same(a, b):
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a.dtype == b.dtype and a.shape == b.shape and (a == b).all()


def agrees(batch, specs=SPECS):
    """decode_batch (fast paths first) gives the per-record path's outcome: the same columns or error."""
    kind, got = outcome(lambda: example_decode.decode_batch(batch, specs, [], False))
    ref_kind, expected = outcome(lambda: example_decode.decode_records(batch, specs, [], False))
    assert kind == ref_kind, (got, expected)
    if kind == "ok":
        assert same(got, expected)
    else:
        assert got == expected


@st.composite
def uniform_batches(draw):
    keys = draw(st.permutations(list(VALUES)))[: draw(st.integers(1, len(VALUES)))]
    n = draw(st.integers(16, 40))
    rows = [{k: draw(VALUES[k]) for k in keys} for _ in range(n)]
    return keys, rows


@SETTINGS
@given(uniform_batches())
def test_the_fast_path_takes_uniform_batches_and_agrees_with_the_protobuf_path(drawn):
    keys, rows = drawn
    batch = records(keys, rows)
    fast = uniform(batch)
    if "ids" not in keys:  # a required feature missing: TF's error, which the per-record path words
        assert fast is None
        assert outcome(lambda: example_decode.decode_batch(batch, SPECS, [], False))[0] == "invalid"
        return
    assert fast is not None
    assert same(fast, example_decode.decode_records(batch, SPECS, [], False))


@SETTINGS
@given(uniform_batches(), st.data())
def test_damaged_uniform_batches_agree_with_the_protobuf_path(drawn, data):
    keys, rows = drawn
    batch = records(keys, rows)
    i = data.draw(st.integers(0, len(batch) - 1))
    b = bytearray(batch[i])
    for _ in range(data.draw(st.integers(1, 3))):
        b[data.draw(st.integers(0, len(b) - 1))] = data.draw(st.integers(0, 255))
    batch[i] = bytes(b[: data.draw(st.integers(0, len(b)))])
    fast = uniform(batch)
    kind, reference = outcome(lambda: example_decode.decode_records(batch, SPECS, [], False))
    if fast is not None:
        assert kind == "ok", reference
        assert same(fast, reference)
    agrees(batch)


ROW = {"label": [3], "x": [1.0, 2.0, 3.0], "name": [b"abc"], "tags": [1, 2], "ids": [4, 5]}
KEYS = list(ROW)


def _batch(n=20):
    return records(KEYS, [dict(ROW, label=[i], tags=list(range(i % 4))) for i in range(n)])


def test_a_plain_uniform_batch_takes_the_fast_path():
    batch = _batch()
    assert uniform(batch) is not None
    agrees(batch)


def _other_order(batch):
    batch[5] = records(KEYS[::-1], [ROW])[0]
    return batch


def _key_twice(batch):
    batch[3] = example([(k, feature(KIND[k], ROW[k])) for k in KEYS] + [("label", feature("int64", [9]))])
    return batch


def _key_twice_everywhere(batch):
    return [example([(k, feature(KIND[k], ROW[k])) for k in KEYS] + [("label", feature("int64", [i]))])
            for i in range(len(batch))]


def _long_value(batch):  # a 20 KB bytes value: three-byte lengths
    batch[7] = records(KEYS, [dict(ROW, name=[b"z" * 20000])])[0]
    return batch


def _unpacked(batch):  # int64 values written unpacked (field 1, varint wire type, one tag per value)
    batch[2] = example([(k, feature(KIND[k], ROW[k])) if k != "tags" else
                        (k, _field(3, b"\x08\x05\x08\x06")) for k in KEYS])
    return batch


def _empty_feature(batch):  # a Feature with no kind: the feature counts as missing (its default)
    batch[4] = example([(k, feature(KIND[k], ROW[k])) if k != "label" else (k, b"") for k in KEYS])
    return batch


def _unknown_field(batch):  # an unknown field after Example.features
    batch[9] = batch[9] + b"\x12\x01z"
    return batch


def _wrong_kind(batch):
    batch[6] = example([(k, feature(KIND[k], ROW[k])) if k != "x" else (k, feature("int64", [1, 2, 3]))
                        for k in KEYS])
    return batch


def _wrong_count(batch):
    batch[8] = records(KEYS, [dict(ROW, ids=[1, 2, 3])])[0]
    return batch


def _required_missing(batch):  # "ids" has no default: a record without it is TF's error
    keys = [k for k in KEYS if k != "ids"]
    return records(keys, [ROW] * len(batch))


def _value_field_first(batch):  # a map entry that writes its value before its key
    first = _field(1, _field(2, feature("int64", [3])) + _field(1, b"label"))
    rest = [_field(1, _field(1, k.encode()) + _field(2, feature(KIND[k], ROW[k]))) for k in KEYS[1:]]
    batch[1] = _field(1, first + b"".join(rest))
    return batch


def _empty_record(batch):
    batch[10] = b""
    return batch


@pytest.mark.parametrize("odd", [_other_order, _key_twice, _key_twice_everywhere, _long_value, _unpacked,
                                 _empty_feature, _unknown_field, _wrong_kind, _wrong_count, _required_missing,
                                 _value_field_first, _empty_record])
def test_odd_layouts_leave_the_fast_path_and_parse_as_tf_does(odd):
    batch = odd(_batch())
    assert uniform(batch) is None
    agrees(batch)


def test_the_errors_of_odd_batches_are_tfs():
    batch = _wrong_kind(_batch())
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Name: <unknown>, Key: x, Index: 6\.  Data types "
                                                             r"don't match\. Data type: int64 but expected type: "
                                                             r"float"):
        example_decode.decode_batch(batch, SPECS, [], False)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Name: <unknown>, Feature: ids \(data type: int64\) "
                                                             r"is required but could not be found\."):
        example_decode.decode_batch(_required_missing(_batch()), SPECS, [], False)


def test_a_program_over_a_uniform_batch():
    batch = _batch(64)
    features = {"label": tf.FixedLenFeature([], tf.int64), "x": tf.FixedLenFeature([3], tf.float32),
                "name": tf.FixedLenFeature([], tf.string), "tags": tf.VarLenFeature(tf.int64),
                "ids": tf.FixedLenFeature([2], tf.int64), "w": tf.FixedLenFeature([], tf.float32, default_value=2.5)}
    with tf.Graph().as_default():
        parsed = tf.parse_example(tf.constant(batch), features)
        total = tf.reduce_sum(tf.cast(parsed["label"], tf.float32) * parsed["x"][:, 1] * parsed["w"])
        with tf.Session() as sess:
            out, total = sess.run((parsed, total))
    assert out["label"].tolist() == list(range(64))
    assert out["name"].tolist() == [b"abc"] * 64
    assert out["ids"].tolist() == [[4, 5]] * 64
    assert out["tags"].dense_shape.tolist() == [64, 3]
    assert out["tags"].indices.tolist() == [[i, j] for i in range(64) for j in range(i % 4)]
    assert out["tags"].values.tolist() == [j for i in range(64) for j in range(i % 4)]
    assert total == sum(range(64)) * 2.0 * 2.5


def test_fed_defaults_are_read_on_every_run():
    """The kernel remembers its specs only for constant inputs: a default fed per run is the run's own."""
    batch = _batch(32)
    with tf.Graph().as_default():
        fill = tf.placeholder(tf.float32, [])
        parsed = tf.parse_example(tf.constant(batch), {"label": tf.FixedLenFeature([], tf.int64),
                                                       "w": tf.FixedLenFeature([], tf.float32, default_value=fill)})
        with tf.Session() as sess:
            first = sess.run(parsed, {fill: 1.5})
            second = sess.run(parsed, {fill: -2.0})
            again = sess.run(parsed, {fill: 1.5})
    assert first["w"].tolist() == [1.5] * 32 and again["w"].tolist() == [1.5] * 32
    assert second["w"].tolist() == [-2.0] * 32
    assert first["label"].tolist() == list(range(32))


def test_a_default_from_a_variable_follows_its_assignments():
    batch = _batch(32)
    with tf.Graph().as_default():
        fill = tf.Variable(1.5)
        parsed = tf.parse_example(tf.constant(batch), {"w": tf.FixedLenFeature([], tf.float32, default_value=fill)})
        bump = tf.assign_add(fill, 1.0)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            first = sess.run(parsed)["w"]
            sess.run(bump)
            second = sess.run(parsed)["w"]
    assert first.tolist() == [1.5] * 32
    assert second.tolist() == [2.5] * 32
