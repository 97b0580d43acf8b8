"""The V2 tensor bundle: byte-exact agreement with TF-written files (tests/io/fixtures/ckpt_*, made by
tools/make_checkpoint_fixtures.py), the table layout rules, and validation of damaged files."""

from __future__ import annotations

import os
import shutil
import struct

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.io import checkpoint_bundle as cb

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
TINY = os.path.join(FIXTURES, "ckpt_tiny", "model")
DTYPES = os.path.join(FIXTURES, "ckpt_dtypes", "model")

# the values of ckpt_dtypes (tools/make_checkpoint_fixtures.py: dtype_values)
DTYPE_VALUES = {
    "f16": (tf.float16, np.array([1.0, -2.5, 65504.0], np.float16)),
    "f32": (tf.float32, np.array([[1.5, -2.0], [0.0, 3.25]], np.float32)),
    "f64": (tf.float64, np.array([np.pi, -1e300], np.float64)),
    "bf16": (tf.bfloat16, np.array([1.0, -2.0, 0.5], np.float32)),
    "i8": (tf.int8, np.array([-128, 0, 127], np.int8)),
    "i16": (tf.int16, np.array([-32768, 5, 32767], np.int16)),
    "i32": (tf.int32, np.array([-(2**31), 7, 2**31 - 1], np.int32)),
    "i64": (tf.int64, np.array([-(2**63), 9, 2**63 - 1], np.int64)),
    "u8": (tf.uint8, np.array([0, 200, 255], np.uint8)),
    "u16": (tf.uint16, np.array([0, 60000], np.uint16)),
    "u32": (tf.uint32, np.array([0, 2**32 - 1], np.uint32)),
    "u64": (tf.uint64, np.array([0, 2**64 - 1], np.uint64)),
    "c64": (tf.complex64, np.array([1 + 2j, -3.5j], np.complex64)),
    "c128": (tf.complex128, np.array([1e-300 + 2j], np.complex128)),
    "flag": (tf.bool, np.array([True, False, True])),
    "empty": (tf.float32, np.zeros((0, 3), np.float32)),
    "scalar_i64": (tf.int64, np.array(42, np.int64)),
    "words": (tf.string, np.array([b"hello", b"", b"tensorflow!"], object)),
    "word": (tf.string, np.array(b"scalar", object)),
    "no_words": (tf.string, np.array([], object)),
}


def read(path):
    with open(path, "rb") as f:
        return f.read()


def copy_checkpoint(prefix, directory) -> str:
    for suffix in (".index", ".data-00000-of-00001"):
        shutil.copy(prefix + suffix, os.path.join(directory, "model" + suffix))
    return os.path.join(directory, "model")


# --- checksums (spec/crc32c.md test vectors) -----------------------------------------------------

@pytest.mark.parametrize("data, crc", [(b"", 0), (b"a", 0xC1D04330), (b"123456789", 0xE3069283),
                                       (bytes(32), 0x8A9136AA), (bytes(range(32)), 0x46DD794E),
                                       (bytes.fromhex("00006040"), 0x8980737D)])
def test_crc32c_vectors(data, crc):
    assert cb.crc32c(data) == crc
    assert cb.crc32c(data[3:], cb.crc32c(data[:3])) == crc  # extending a running CRC


@pytest.mark.parametrize("crc, masked", [(0, 0xA282EAD8), (0xE3069283, 0xC78AB0E5), (0x8980737D, 0x897DFDD8),
                                         (0x4AADBBD2, 0x1A278033)])
def test_mask_vectors(crc, masked):
    assert cb.mask_crc(crc) == masked
    assert cb.unmask_crc(masked) == crc


# --- byte-exact agreement with TF ----------------------------------------------------------------

def test_tiny_checkpoint_is_byte_identical_to_tf(tmp_path):
    prefix = str(tmp_path / "model")
    cb.write_bundle(prefix, [("b", np.array([[1, 2], [3, 4]], np.int32), None), ("a", np.float32(3.5), None)])
    assert read(prefix + ".index") == read(TINY + ".index")
    assert read(prefix + ".data-00000-of-00001") == read(TINY + ".data-00000-of-00001")


def test_every_dtype_matches_tf_byte_for_byte(tmp_path):
    """21 entries (with the header): the data block has a restart point at entry 16, and strings,
    empty tensors, bool, bfloat16 and complex values are laid out as TF lays them out."""
    prefix = str(tmp_path / "model")
    cb.write_bundle(prefix, [(name, value, dtype) for name, (dtype, value) in DTYPE_VALUES.items()])
    assert read(prefix + ".index") == read(DTYPES + ".index")
    assert read(prefix + ".data-00000-of-00001") == read(DTYPES + ".data-00000-of-00001")
    assert len(cb.parse_table(read(DTYPES + ".index"))) == 21


def test_reads_every_dtype_tf_wrote():
    reader = cb.BundleReader(DTYPES)
    assert sorted(reader.entries) == sorted(DTYPE_VALUES)
    for name, (dtype, expected) in DTYPE_VALUES.items():
        entry = reader.entries[name]
        assert entry.dtype is dtype, name
        value = reader.get_tensor(name)
        assert value.shape == expected.shape, name
        if dtype is tf.string:
            assert value.tolist() == expected.tolist()
        else:
            np.testing.assert_array_equal(value, expected, err_msg=name)
            assert value.dtype == dtype.as_numpy_dtype


def test_data_block_restarts_every_16_entries():
    raw = read(DTYPES + ".index")
    footer = raw[-48:]
    _, pos = cb._get_varint(footer, 0, 40)  # the metaindex handle
    _, pos = cb._get_varint(footer, pos, 40)
    index_off, pos = cb._get_varint(footer, pos, 40)
    index_len, _ = cb._get_varint(footer, pos, 40)
    index = raw[index_off:index_off + index_len]
    data_off, p = cb._get_varint(index, 3 + index[1], len(index))  # the only index entry's handle
    data_len, _ = cb._get_varint(index, p, len(index))
    block = raw[data_off:data_off + data_len]
    count = struct.unpack("<I", block[-4:])[0]
    restarts = struct.unpack(f"<{count}I", block[-4 - 4 * count:-4])
    assert count == 2 and restarts[0] == 0
    # the entry at the second restart stores its key in full (shared = 0) and is entry #16
    entries = list(cb._block_entries(memoryview(block)))
    assert block[restarts[1]] == 0
    assert entries[16][0] == sorted(k.encode() for k in DTYPE_VALUES)[15]


@pytest.mark.parametrize("start, limit, expected", [
    (b"v0255_x", b"v0256_x", b"v0255_x"), (b"abc", b"abe", b"abd"), (b"ab", b"abc", b"ab"),
    (b"a\xff", b"b", b"a\xff"), (b"a", b"c", b"b"), (b"a1", b"b", b"a1")])
def test_shortest_separator(start, limit, expected):
    assert cb._shortest_separator(start, limit) == expected


@pytest.mark.parametrize("key, expected", [(b"b", b"c"), (b"u8", b"v"), (b"\xff\xff", b"\xff\xff"),
                                           (b"\xffa", b"\xffb")])
def test_short_successor(key, expected):
    assert cb._short_successor(key) == expected


def test_large_table_splits_into_blocks_and_reads_back():
    entries = [(f"v{i:04d}_".encode() + b"x" * 1000, bytes([i % 256]) * 20) for i in range(600)]
    raw = cb.build_table(entries)
    assert len(raw) > 2 * cb.BLOCK_SIZE
    assert cb.parse_table(raw) == entries


def test_value_over_twice_the_block_size_gets_its_own_block():
    entries = [(b"a", b"1"), (b"b", b"x" * (2 * cb.BLOCK_SIZE)), (b"c", b"3")]
    assert cb.parse_table(cb.build_table(entries)) == entries


def test_keys_must_increase():
    with pytest.raises(ValueError):
        cb.build_table([(b"b", b""), (b"a", b"")])
    with pytest.raises(ValueError, match="duplicate"):
        cb.write_bundle("/nonexistent-never-written/x", [("a", 1.0, None), ("a", 2.0, None)])


# --- damaged files ---------------------------------------------------------------------------------

def test_missing_files_raise_not_found(tmp_path):
    with pytest.raises(tf.errors.NotFoundError, match="model.index"):
        cb.BundleReader(str(tmp_path / "model"))
    prefix = copy_checkpoint(TINY, tmp_path)
    os.remove(prefix + ".data-00000-of-00001")
    reader = cb.BundleReader(prefix)
    with pytest.raises(tf.errors.NotFoundError, match="data-00000-of-00001"):
        reader.get_tensor("a")


def test_every_byte_of_the_index_is_checked(tmp_path):
    """Flipping any byte gives DataLossError naming the file, except in the footer's zero padding,
    which nothing reads."""
    good = read(TINY + ".index")
    prefix = copy_checkpoint(TINY, tmp_path)
    padding = range(len(good) - 48 + 4, len(good) - 8)
    for i in range(len(good)):
        damaged = bytearray(good)
        damaged[i] ^= 0x41
        with open(prefix + ".index", "wb") as f:
            f.write(damaged)
        if i in padding:
            assert cb.BundleReader(prefix).get_tensor("a") == np.float32(3.5)
            continue
        with pytest.raises(tf.errors.DataLossError, match="model.index"):
            cb.BundleReader(prefix)


@pytest.mark.parametrize("length", [0, 1, 47, 48, 100, 141])
def test_truncated_index(tmp_path, length):
    prefix = copy_checkpoint(TINY, tmp_path)
    with open(prefix + ".index", "wb") as f:
        f.write(read(TINY + ".index")[:length])
    with pytest.raises(tf.errors.DataLossError, match="model.index"):
        cb.BundleReader(prefix)


def test_damaged_and_truncated_data(tmp_path):
    prefix = copy_checkpoint(DTYPES, tmp_path)
    data_path = prefix + ".data-00000-of-00001"
    good = read(data_path)
    reader = cb.BundleReader(prefix)
    for name, entry in reader.entries.items():
        if entry.size == 0:
            continue
        for i in (entry.offset, entry.offset + entry.size - 1):
            damaged = bytearray(good)
            damaged[i] ^= 0x10
            with open(data_path, "wb") as f:
                f.write(damaged)
            with pytest.raises(tf.errors.DataLossError, match="data-00000-of-00001"):
                reader.get_tensor(name)
    with open(data_path, "wb") as f:
        f.write(good[:-1])
    last = max(reader.entries.values(), key=lambda e: e.offset + e.size)
    with pytest.raises(tf.errors.DataLossError, match="past the end"):
        reader.get_tensor(last.name)


def _index_with_entry(**fields) -> bytes:
    from sessionflow.io import protos

    header = protos.BundleHeaderProto(num_shards=1)
    header.version.producer = 1
    shape = fields.pop("shape", [])
    entry = protos.BundleEntryProto(**fields)
    entry.shape.SetInParent()
    for d in shape:
        entry.shape.dim.add().size = d
    return cb.build_table([(b"", header.SerializeToString()), (b"x", entry.SerializeToString())])


@pytest.mark.parametrize("fields, message", [
    ({"dtype": 1, "shape": [3], "size": 4}, "needs 12 bytes"),
    ({"dtype": 1, "shape": [2**40, 2**40], "size": 16}, "needs"),
    ({"dtype": 1, "shape": [-1], "size": 4}, "invalid shape"),
    ({"dtype": 1, "shape": [1], "size": 4, "shard_id": 3}, "invalid location"),
    ({"dtype": 99, "shape": [1], "size": 4}, "unknown dtype"),
])
def test_hostile_entries_are_rejected(tmp_path, fields, message):
    prefix = str(tmp_path / "model")
    with open(prefix + ".index", "wb") as f:
        f.write(_index_with_entry(**fields))
    with pytest.raises(tf.errors.DataLossError, match=message):
        cb.BundleReader(prefix)


def test_entry_pointing_past_the_data_file(tmp_path):
    prefix = str(tmp_path / "model")
    with open(prefix + ".index", "wb") as f:
        f.write(_index_with_entry(dtype=7, shape=[2**50], offset=2**62, size=2**62))
    with open(prefix + ".data-00000-of-00001", "wb") as f:
        f.write(b"\x00" * 10)
    with pytest.raises(tf.errors.DataLossError, match="past the end"):
        cb.BundleReader(prefix).get_tensor("x")


def test_hostile_string_lengths(tmp_path):
    """A string tensor claiming huge element lengths is rejected from the sizes alone."""
    prefix = str(tmp_path / "model")
    lengths = bytearray()
    cb._put_varint(lengths, 2**60)
    data = bytes(lengths) + b"\x00" * 8
    with open(prefix + ".index", "wb") as f:
        f.write(_index_with_entry(dtype=7, shape=[1], size=len(data), crc32c=cb.mask_crc(cb.crc32c(data))))
    with open(prefix + ".data-00000-of-00001", "wb") as f:
        f.write(data)
    with pytest.raises(tf.errors.DataLossError, match="lengths do not add up"):
        cb.BundleReader(prefix).get_tensor("x")


def test_directory_instead_of_file(tmp_path):
    os.mkdir(tmp_path / "model.index")
    with pytest.raises(tf.errors.DataLossError, match="model.index"):
        cb.BundleReader(str(tmp_path / "model"))
