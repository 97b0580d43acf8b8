"""Fuzzing the TFRecord reader (io/tfrecord.py) with every compression: any bytes, and TF-written files cut and
flipped anywhere, either read or raise tf.errors.DataLossError naming the file, never anything else, and never
more records than the file holds; reading stays bounded (no length is trusted before the data is there)."""

from __future__ import annotations

import struct
import time
import zlib
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sessionflow as tf
from sessionflow.io import tfrecord

FIXTURES = Path(__file__).parent / "fixtures" / "tfrecord"
FILES = {c: (FIXTURES / f"{n}.tfrecord").read_bytes() for c, n in (("", "plain"), ("ZLIB", "zlib"), ("GZIP", "gzip"))}
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _read(path, compression) -> list:
    start = time.perf_counter()
    try:
        records = list(tfrecord.iter_records(path, compression))
    except tf.errors.DataLossError as e:
        assert str(path) in e.message
        records = None
    assert time.perf_counter() - start < 5
    return records


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from(["", "ZLIB", "GZIP"]))
def test_arbitrary_bytes_read_or_raise_data_loss(tmp_path, data, compression):
    path = tmp_path / "fuzz.tfrecord"
    path.write_bytes(data)
    _read(path, compression)


@SETTINGS
@given(st.sampled_from(["", "ZLIB", "GZIP"]), st.data())
def test_damaged_tf_files_read_or_raise_data_loss(tmp_path, compression, data):
    original = FILES[compression]
    cut = data.draw(st.integers(0, len(original)))
    flips = data.draw(st.lists(st.tuples(st.integers(0, len(original) - 1), st.integers(1, 255)), max_size=3))
    damaged = bytearray(original[:cut])
    for position, xor in flips:
        if position < len(damaged):
            damaged[position] ^= xor
    path = tmp_path / "damaged.tfrecord"
    path.write_bytes(bytes(damaged))
    records = _read(path, compression)
    if records is not None:
        assert len(records) <= 6  # the file's six records, or fewer


@pytest.mark.parametrize("compression", ["", "ZLIB", "GZIP"])
def test_a_huge_length_with_a_valid_checksum_is_not_allocated(tmp_path, compression):
    header = struct.pack("<Q", 1 << 62)
    data = header + struct.pack("<I", tfrecord.masked_crc32c(header)) + b"abc"
    if compression:
        z = zlib.compressobj(6, zlib.DEFLATED, 15 if compression == "ZLIB" else 31)
        data = z.compress(data) + z.flush()
    path = tmp_path / "huge.tfrecord"
    path.write_bytes(data)
    with pytest.raises(tf.errors.DataLossError, match="^truncated record at 0' failed with"):
        list(tfrecord.iter_records(path, compression))
