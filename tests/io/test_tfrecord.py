"""TFRecord files (sessionflow/io/tfrecord.py and tf.io / tf.python_io) against TF's recorded files and
readings (tools/record_tfrecord.py): the same records and options give the same bytes, TF's files read back,
and every damaged file reads as TF's reader read it (the same records, then the same error)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

import sessionflow as tf
from sessionflow.io import tfrecord

FIXTURES = Path(__file__).parent / "fixtures" / "tfrecord"
sys.path.insert(0, str(Path(__file__).parent))
from tfrecord_cases import COMPRESSION, WRITES, damaged

TF_FILES = {name: (FIXTURES / f"{name}.tfrecord").read_bytes() for name in WRITES}
READING = json.loads((FIXTURES / "reading.json").read_text())


def _write(path, options, steps):
    with tf.io.TFRecordWriter(str(path), tf.io.TFRecordOptions(**options)) as writer:
        for step in steps:
            if step == "flush":
                writer.flush()
            else:
                writer.write(step)


@pytest.mark.parametrize("name", sorted(WRITES))
def test_written_files_are_tfs_byte_for_byte(tmp_path, name):
    options, steps = WRITES[name]
    path = tmp_path / f"{name}.tfrecord"
    _write(path, options, steps)
    assert path.read_bytes() == TF_FILES[name]


@pytest.mark.parametrize("name", sorted(WRITES))
def test_tfs_files_read_back(name):
    options, steps = WRITES[name]
    expected = [step for step in steps if step != "flush"]
    assert list(tf.io.tf_record_iterator(str(FIXTURES / f"{name}.tfrecord"), tf.io.TFRecordOptions(**options))) \
        == expected
    reader = tfrecord.RecordReader(FIXTURES / f"{name}.tfrecord", COMPRESSION[name], buffer_size=7)
    got = []
    while (record := reader.read()) is not None:
        got.append(record)
    assert got == expected
    assert reader.offset == sum(16 + len(r) for r in expected)


def _normal(message: str) -> str:
    """TF's message as sessionflow's compares: the file's path sessionflow adds is dropped; a checksum error
    is compared by its offset (sessionflow says which checksum instead of TF's '(Is this even ...)')."""
    message = re.sub(r" in \S*damaged\.tfrecord", "", message)
    match = re.match(r"corrupted record at \d+", message)
    return match.group(0) if match else message


@pytest.mark.parametrize("name", sorted(READING))
def test_damaged_files_read_as_tf_reads_them(tmp_path, name):
    compression, data = damaged(TF_FILES)[name]
    path = tmp_path / "damaged.tfrecord"
    path.write_bytes(data)
    lengths, error = [], None
    try:
        for record in tfrecord.iter_records(path, compression):
            lengths.append(len(record))
    except tf.errors.OpError as e:
        assert str(path) in e.message
        error = [type(e).__name__, _normal(e.message)]
    expected = READING[name]
    assert lengths == expected["lengths"]
    assert error == (None if expected["error"] is None else [expected["error"][0], _normal(expected["error"][1])])


def test_the_api_names_and_options_are_tfs(tmp_path):
    assert tf.python_io.TFRecordWriter is tf.io.TFRecordWriter
    assert tf.python_io.tf_record_iterator is tf.io.tf_record_iterator
    assert tf.python_io.TFRecordOptions is tf.io.TFRecordOptions
    kinds = tf.io.TFRecordCompressionType
    assert (kinds.NONE, kinds.ZLIB, kinds.GZIP) == (0, 1, 2)
    string = tf.io.TFRecordOptions.get_compression_type_string
    assert [string(None), string(""), string("ZLIB"), string(kinds.GZIP), string(tf.io.TFRecordOptions(1))] \
        == ["", "", "ZLIB", "GZIP", "ZLIB"]
    for bad in ("bogus", 7):
        with pytest.raises(ValueError, match=f'Not a valid compression_type: "{bad}"'):
            tf.io.TFRecordOptions(bad)
        with pytest.raises(ValueError, match=f'Not a valid compression_type: "{bad}"'):
            tf.io.TFRecordWriter(str(tmp_path / "x"), bad)
    # a compression type given as a string works as options, as in TF
    path = tmp_path / "z.tfrecord"
    with tf.io.TFRecordWriter(str(path), "GZIP") as writer:
        writer.write(b"abc")
    assert list(tf.io.tf_record_iterator(str(path), "GZIP")) == [b"abc"]


def test_writer_records_errors_and_closing(tmp_path):
    path = tmp_path / "w.tfrecord"
    writer = tf.io.TFRecordWriter(str(path))
    writer.write("str")  # str is written as UTF-8, bytearray as its bytes
    writer.write(bytearray(b"ab"))
    with pytest.raises(TypeError):
        writer.write(5)
    assert path.read_bytes() == b""  # buffered until flushed, as TF's
    writer.flush()
    assert list(tf.io.tf_record_iterator(str(path))) == [b"str", b"ab"]
    writer.close()
    writer.close()
    with pytest.raises(tf.errors.FailedPreconditionError, match="^Writer is closed.$"):
        writer.write(b"a")
    with pytest.raises(tf.errors.NotFoundError, match="No such file or directory"):
        tf.io.TFRecordWriter(str(tmp_path / "missing" / "x.tfrecord"))


def test_the_iterator_opens_the_file_at_once(tmp_path):
    with pytest.raises(tf.errors.NotFoundError, match=f"^{re.escape(str(tmp_path / 'nope'))}; No such file"):
        tf.io.tf_record_iterator(str(tmp_path / "nope"))
    with pytest.raises(tf.errors.FailedPreconditionError, match="Is a directory"):
        tf.io.tf_record_iterator(str(tmp_path))


@pytest.mark.parametrize("compression", ["", "ZLIB", "GZIP"])
def test_reading_from_an_offset(compression):
    name = {"": "plain", "ZLIB": "zlib", "GZIP": "gzip"}[compression]
    records = WRITES[name][1]
    start = 16 + len(records[0]) + 16 + len(records[1])
    reader = tfrecord.RecordReader(FIXTURES / f"{name}.tfrecord", compression, offset=start)
    assert reader.offset == start
    assert list(reader) == records[2:]
    assert list(tfrecord.iter_records(FIXTURES / f"{name}.tfrecord", compression, offset=start)) == records[2:]


@pytest.mark.parametrize("buffer_size", [1, 5, 13, 64, 1000, None])
def test_any_buffer_size_reads_the_same_records_and_stops_at_the_same_damage(tmp_path, buffer_size):
    """The reader cuts records out of its chunk buffer in bulk and takes the slow path for a record that
    straddles two chunks: every chunk size gives the same records, offsets, and the error at a damaged record
    only after the intact ones before it."""
    import numpy as np

    rng = np.random.default_rng(7)
    records = [rng.bytes(int(n)) for n in rng.integers(0, 40, size=60)]
    path = tmp_path / "r.tfrecord"
    with tf.io.TFRecordWriter(str(path)) as writer:
        for record in records:
            writer.write(record)
    reader = tfrecord.RecordReader(path, "", buffer_size=buffer_size)
    assert list(reader) == records
    assert reader.offset == sum(16 + len(r) for r in records)

    data = bytearray(path.read_bytes())
    at = sum(16 + len(r) for r in records[:37]) + 12  # record 37's data (or its data CRC when empty)
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))
    got = []
    with pytest.raises(tf.errors.DataLossError, match=rf"corrupted record at {at}"):
        for record in tfrecord.RecordReader(path, "", buffer_size=buffer_size):
            got.append(record)
    assert got == records[:37]


def test_tfrecord_dataset_batches_across_files(tmp_path):
    """batch() takes TFRecordDataset's records in blocks that run on from one file into the next, as TF."""
    paths = []
    for k, count in enumerate((5, 0, 3)):
        path = tmp_path / f"f{k}.tfrecord"
        with tf.io.TFRecordWriter(str(path)) as writer:
            for i in range(count):
                writer.write(b"%d-%d" % (k, i))
        paths.append(str(path))
    for drop in (False, True):
        with tf.Graph().as_default():
            batches = tf.data.TFRecordDataset(paths).batch(3, drop_remainder=drop)
            nxt = tf.data.make_one_shot_iterator(batches).get_next()
            got = []
            with tf.Session() as sess:
                with pytest.raises(tf.errors.OutOfRangeError):
                    while True:
                        got.append(sess.run(nxt).tolist())
        expected = [[b"0-0", b"0-1", b"0-2"], [b"0-3", b"0-4", b"2-0"], [b"2-1", b"2-2"]]
        assert got == (expected[:2] if drop else expected)
