"""TensorFlow's V2 checkpoint ("tensor bundle"): the `.index` table and the `.data-*` files.

Byte layout: /work/shared/spec/checkpoint-v2.md (what TF 2.21 writes; this writer reproduces TF's bytes).

- `.index` is a LevelDB-style sorted table: data blocks of prefix-compressed entries with restart
  points every 16 entries, an empty metaindex block, an index block (restart interval 1) of block
  handles, and a 48-byte footer ending in TF's magic number. Every block is followed by a type byte
  and a masked CRC32C of contents + type byte. The entry with the empty key holds a
  `BundleHeaderProto`; every other key is a tensor name whose value is a `BundleEntryProto`.
- `.data-00000-of-00001` is the tensors' bytes back to back (row-major, little-endian); strings are
  varint lengths, a masked CRC of the lengths as uint32, then the bytes.

Contracts:
- `write_bundle(prefix, tensors)` writes both files to temporary names in the target directory and
  renames them into place (data first, then index): an interrupted write never touches an existing
  bundle at another prefix, and leaves no file under the final names.
- `BundleReader(prefix)` validates everything it reads before use: footer magic, block bounds and
  CRCs, key order, header version, each entry's dtype/shape/offset/size against the data file's size
  and `shape x dtype` byte count, and each tensor's CRC. Any violation raises
  `tf.errors.DataLossError` naming the file; a missing file raises `tf.errors.NotFoundError`.
  Lengths read from a file are bounded by the file size before they are used. Nothing is executed.
"""

from __future__ import annotations

import errno
import itertools
import os
import struct
import uuid

import google_crc32c
import numpy as np

from ..framework import dtypes, errors

__all__ = [
    "SUPPORTED_DTYPES",
    "BundleEntry",
    "BundleReader",
    "atomic_write",
    "build_table",
    "crc32c",
    "data_filename",
    "index_filename",
    "mask_crc",
    "parse_table",
    "unmask_crc",
    "write_bundle",
]

TABLE_MAGIC = 0xDB4775248B80FB57
FOOTER_SIZE = 48
BLOCK_TRAILER_SIZE = 5
BLOCK_SIZE = 262144
DATA_RESTART_INTERVAL = 16
_MASK_DELTA = 0xA282EAD8

# numpy storage type of each dtype on disk (bfloat16 is stored as its uint16 bit pattern)
_STORAGE = {
    dtypes.float32: "<f4", dtypes.float64: "<f8", dtypes.int32: "<i4", dtypes.uint8: "u1", dtypes.int16: "<i2",
    dtypes.int8: "i1", dtypes.complex64: "<c8", dtypes.int64: "<i8", dtypes.bool: "?", dtypes.bfloat16: "<u2",
    dtypes.uint16: "<u2", dtypes.complex128: "<c16", dtypes.float16: "<f2", dtypes.uint32: "<u4",
    dtypes.uint64: "<u8",
}
SUPPORTED_DTYPES = frozenset(_STORAGE) | {dtypes.string}


# --- checksums ---------------------------------------------------------------------------------

def crc32c(data, value: int = 0) -> int:
    """CRC32C (Castagnoli) of `data`, continuing from a previous result `value`."""
    return google_crc32c.extend(value, bytes(data))


def mask_crc(crc: int) -> int:
    """TF's masked CRC: rotate right by 15 bits, add a constant (mod 2**32)."""
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + _MASK_DELTA) & 0xFFFFFFFF


def unmask_crc(masked: int) -> int:
    rot = (masked - _MASK_DELTA) & 0xFFFFFFFF
    return ((rot >> 17) | (rot << 15)) & 0xFFFFFFFF


# --- varints -----------------------------------------------------------------------------------

class _Corrupt(Exception):
    """A structural problem in a file; turned into DataLossError naming the file."""


def _put_varint(out: bytearray, value: int):
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def _get_varint(buf, pos: int, limit: int, max_bytes: int = 10) -> tuple[int, int]:
    """(value, next position) of the varint at `pos`; it must end before `limit`."""
    result = shift = 0
    for i in range(max_bytes):
        if pos >= limit:
            raise _Corrupt("truncated varint")
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7
    raise _Corrupt("varint too long")


# --- the sorted table (.index) -----------------------------------------------------------------

class _BlockBuilder:
    def __init__(self, restart_interval: int):
        self.interval = restart_interval
        self.buffer = bytearray()
        self.restarts = [0]
        self.counter = 0
        self.last_key = b""
        self.entries = 0

    def add(self, key: bytes, value: bytes):
        shared = 0
        if self.counter < self.interval:
            limit = min(len(key), len(self.last_key))
            while shared < limit and key[shared] == self.last_key[shared]:
                shared += 1
        else:
            self.restarts.append(len(self.buffer))
            self.counter = 0
        _put_varint(self.buffer, shared)
        _put_varint(self.buffer, len(key) - shared)
        _put_varint(self.buffer, len(value))
        self.buffer += key[shared:]
        self.buffer += value
        self.last_key = key
        self.counter += 1
        self.entries += 1

    def estimated_size(self) -> int:
        return len(self.buffer) + 4 * len(self.restarts) + 4

    def finish(self) -> bytes:
        return bytes(self.buffer) + struct.pack(f"<{len(self.restarts) + 1}I", *self.restarts, len(self.restarts))


def _shortest_separator(start: bytes, limit: bytes) -> bytes:
    n = min(len(start), len(limit))
    d = 0
    while d < n and start[d] == limit[d]:
        d += 1
    if d >= n:
        return start
    if start[d] < 0xFF and start[d] + 1 < limit[d]:
        return start[:d] + bytes([start[d] + 1])
    return start


def _short_successor(key: bytes) -> bytes:
    for i, byte in enumerate(key):
        if byte != 0xFF:
            return key[:i] + bytes([byte + 1])
    return key


def _block_handle(offset: int, size: int) -> bytes:
    out = bytearray()
    _put_varint(out, offset)
    _put_varint(out, size)
    return bytes(out)


def build_table(entries) -> bytes:
    """The `.index` table bytes for `entries`, (key bytes, value bytes) in strictly increasing key
    order, laid out exactly as TF's table builder lays them out (block size 256 KiB, no compression)."""
    out = bytearray()
    data = _BlockBuilder(DATA_RESTART_INTERVAL)
    index = _BlockBuilder(1)
    pending = None  # handle of the last flushed data block, waiting for its separator key
    last_key = None

    def write_block(contents: bytes) -> tuple[int, int]:
        offset = len(out)
        out.extend(contents)
        out.append(0)
        out.extend(struct.pack("<I", mask_crc(crc32c(contents + b"\x00"))))
        return offset, len(contents)

    for key, value in entries:
        if last_key is not None and key <= last_key:
            raise ValueError(f"table keys must be strictly increasing: {key!r} after {last_key!r}")
        if last_key is not None and len(key) + len(value) >= 2 * BLOCK_SIZE and data.entries:
            pending = write_block(data.finish())
            data = _BlockBuilder(DATA_RESTART_INTERVAL)
        if pending is not None:
            index.add(_shortest_separator(last_key, key), _block_handle(*pending))
            pending = None
        data.add(key, value)
        last_key = key
        if data.estimated_size() >= BLOCK_SIZE:
            pending = write_block(data.finish())
            data = _BlockBuilder(DATA_RESTART_INTERVAL)
    if data.entries:
        pending = write_block(data.finish())
    metaindex = write_block(_BlockBuilder(1).finish())
    if pending is not None:
        index.add(_short_successor(last_key), _block_handle(*pending))
    index_handle = write_block(index.finish())
    footer = _block_handle(*metaindex) + _block_handle(*index_handle)
    out += footer + bytes(40 - len(footer)) + struct.pack("<Q", TABLE_MAGIC)
    return bytes(out)


def _read_handle(buf, pos: int, limit: int) -> tuple[int, int, int]:
    offset, pos = _get_varint(buf, pos, limit)
    size, pos = _get_varint(buf, pos, limit)
    return offset, size, pos


def _block_contents(buf, offset: int, size: int, body_end: int) -> memoryview:
    """The checked contents of the block at (offset, size); it must end before `body_end`."""
    if offset + size + BLOCK_TRAILER_SIZE > body_end:
        raise _Corrupt(f"block handle (offset {offset}, size {size}) points past the table")
    contents = buf[offset:offset + size]
    kind = buf[offset + size]
    stored = struct.unpack_from("<I", buf, offset + size + 1)[0]
    if unmask_crc(stored) != crc32c(buf[offset:offset + size + 1]):
        raise _Corrupt(f"block checksum mismatch at offset {offset}")
    if kind != 0:
        raise _Corrupt(f"unsupported block compression type {kind}")
    return contents


def _block_entries(block: memoryview):
    """Yields the (key, value) entries of one block, checking prefix compression and restarts."""
    size = len(block)
    if size < 4:
        raise _Corrupt("block too small for its restart count")
    num_restarts = struct.unpack_from("<I", block, size - 4)[0]
    if num_restarts == 0 or num_restarts > (size - 4) // 4:
        raise _Corrupt(f"bad restart count {num_restarts}")
    end = size - 4 - 4 * num_restarts
    restarts = struct.unpack_from(f"<{num_restarts}I", block, end)
    if restarts[0] != 0 or any(b <= a for a, b in itertools.pairwise(restarts)) or (end and restarts[-1] >= end):
        raise _Corrupt("bad restart array")
    restart_set = set(restarts)
    pos, key = 0, b""
    while pos < end:
        entry_start = pos
        shared, pos = _get_varint(block, pos, end, 5)
        non_shared, pos = _get_varint(block, pos, end, 5)
        value_length, pos = _get_varint(block, pos, end, 5)
        if shared > len(key) or (shared and entry_start in restart_set):
            raise _Corrupt("bad key prefix length")
        if non_shared + value_length > end - pos:
            raise _Corrupt("entry runs past its block")
        key = key[:shared] + bytes(block[pos:pos + non_shared])
        pos += non_shared
        yield key, bytes(block[pos:pos + value_length])
        pos += value_length


def parse_table(buf) -> list[tuple[bytes, bytes]]:
    """All (key, value) entries of a table in `buf`, in key order. Raises `_Corrupt` on any damage:
    footer magic, block handles out of bounds or overlapping, checksums, keys out of order, index
    keys below their block's keys. Work is linear in the size of `buf`."""
    buf = memoryview(buf)
    if len(buf) < FOOTER_SIZE:
        raise _Corrupt(f"file too short ({len(buf)} bytes) to be a table")
    footer_at = len(buf) - FOOTER_SIZE
    if struct.unpack_from("<Q", buf, footer_at + 40)[0] != TABLE_MAGIC:
        raise _Corrupt("not a table (bad magic number)")
    meta_off, meta_size, pos = _read_handle(buf, footer_at, footer_at + 40)
    index_off, index_size, _ = _read_handle(buf, pos, footer_at + 40)
    _block_contents(buf, meta_off, meta_size, footer_at)
    index = _block_contents(buf, index_off, index_size, footer_at)
    result: list[tuple[bytes, bytes]] = []
    next_free = 0
    for separator, handle in _block_entries(index):
        offset, size, used = _read_handle(handle, 0, len(handle))
        if used != len(handle):
            raise _Corrupt("bad block handle in the index")
        if offset < next_free:
            raise _Corrupt("data blocks overlap or are out of order")
        next_free = offset + size + BLOCK_TRAILER_SIZE
        for key, value in _block_entries(_block_contents(buf, offset, size, footer_at)):
            if result and key <= result[-1][0]:
                raise _Corrupt("table keys are not strictly increasing")
            if key > separator:
                raise _Corrupt("a key lies beyond its index entry")
            result.append((key, value))
    return result


# --- files -------------------------------------------------------------------------------------

def index_filename(prefix: str) -> str:
    return prefix + ".index"


def data_filename(prefix: str, shard: int = 0, num_shards: int = 1) -> str:
    return f"{prefix}.data-{shard:05d}-of-{num_shards:05d}"


def _os_error(e: OSError, path: str) -> errors.OpError:
    if e.errno == errno.ENOSPC:
        return errors.ResourceExhaustedError(None, None, f"{path}: no space left on device")
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return errors.PermissionDeniedError(None, None, f"{path}: {e.strerror}")
    if e.errno == errno.ENOENT:
        return errors.NotFoundError(None, None, f"{path}: {e.strerror}")
    return errors.UnknownError(None, None, f"{path}: {e.strerror or e}")


def _temp_name(path: str) -> str:
    return f"{path}.tempstate{uuid.uuid4().hex[:16]}"


def _write_temp(path: str, chunks) -> str:
    """Writes `chunks` to a new temporary file beside `path` and syncs it; returns its name. On any
    failure the temporary file is removed and the error is raised as a tf.errors exception."""
    temp = _temp_name(path)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            for chunk in chunks:
                view = memoryview(chunk).cast("B")
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as e:
        _discard(temp)
        raise _os_error(e, path) from e
    except BaseException:
        _discard(temp)
        raise
    return temp


def _discard(path: str):
    try:
        os.remove(path)
    except OSError:
        pass


def _rename(temp: str, path: str):
    try:
        os.replace(temp, path)
    except OSError as e:
        _discard(temp)
        raise _os_error(e, path) from e


def atomic_write(path: str, data: bytes):
    """Replaces `path` with `data` atomically: a temporary file in the same directory, synced, then
    renamed over `path`. Readers see the old or the new content, never a mix."""
    _rename(_write_temp(path, [data]), path)


# --- encoding tensors ----------------------------------------------------------------------------

def _as_dtype(value: np.ndarray, dtype):
    if dtype is not None:
        return dtypes.as_dtype(dtype).base_dtype
    return dtypes.as_dtype(value.dtype)


def _bfloat16_bits(value: np.ndarray) -> np.ndarray:
    """float values as bfloat16 bit patterns (round to nearest even, NaN kept quiet)."""
    bits = np.ascontiguousarray(value, dtype="<f4").view("<u4").astype(np.uint64)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype("<u2")
    nan = np.isnan(np.asarray(value, dtype=np.float32))
    return np.where(nan, np.uint16(0x7FC0), rounded).astype("<u2")


def _encode_strings(values) -> tuple[bytes, int]:
    """(bytes on disk, unmasked running CRC) of a string tensor's elements."""
    items = [v.encode() if isinstance(v, str) else bytes(v) for v in values]
    lengths = bytearray()
    for item in items:
        _put_varint(lengths, len(item))
    length_words = b"".join(struct.pack("<I", len(item)) if len(item) < 2**32 else struct.pack("<Q", len(item))
                            for item in items)
    length_crc = struct.pack("<I", mask_crc(crc32c(length_words)))
    body = b"".join(items)
    running = crc32c(body, crc32c(length_crc, crc32c(length_words)))
    return bytes(lengths) + length_crc + body, running


def encode_tensor(value, dtype=None) -> tuple[dtypes.DType, tuple, bytes, int]:
    """(dtype, shape, bytes on disk, unmasked CRC32C) of one tensor value."""
    value = np.asarray(value)
    dtype = _as_dtype(value, dtype)
    if dtype is dtypes.string:
        data, crc = _encode_strings(value.reshape(-1).tolist())
        return dtype, value.shape, data, crc
    if dtype not in _STORAGE:
        raise errors.UnimplementedError(None, None, f"Checkpoints cannot hold {dtype.name} tensors")
    if dtype is dtypes.bfloat16 and value.dtype != np.uint16:
        array = _bfloat16_bits(value)
    else:
        array = np.ascontiguousarray(value, dtype=_STORAGE[dtype])
    data = array.tobytes()
    return dtype, value.shape, data, crc32c(data)


def write_bundle(prefix: str, tensors) -> None:
    """Writes a single-shard bundle at `prefix` from `tensors`, (name, value, dtype or None) triples
    with distinct names, or (name, value, dtype, slice spec) for a slice of tensor `name` (io/checkpoint_slices.py).
    Tensor data is written in the order of the names (the slices of one tensor in the given order), as TF's
    SaveV2 adds them. Creates a missing parent directory.
    Errors are tf.errors exceptions."""
    from . import checkpoint_slices, protos

    directory = os.path.dirname(prefix)
    if directory:
        try:
            os.makedirs(directory, exist_ok=True)
        except OSError as e:
            raise _os_error(e, directory) from e
    encoded, sliced = [], {}
    for name, value, dtype, *spec in sorted(tensors, key=lambda item: item[0]):
        key = name.encode() if isinstance(name, str) else bytes(name)
        encoded_value = encode_tensor(value, dtype)
        if spec and spec[0]:
            full, starts, lengths = checkpoint_slices.parse_spec(spec[0])
            if not checkpoint_slices.is_full(full, starts, lengths):
                whole = sliced.get(key)
                if whole is None:
                    whole = sliced[key] = protos.BundleEntryProto(dtype=encoded_value[0].as_datatype_enum)
                    whole.shape.SetInParent()
                    for dim in full:
                        whole.shape.dim.add().size = int(dim)
                checkpoint_slices.add_slice_proto(whole, starts, lengths)
                key = checkpoint_slices.slice_key(key.decode(), starts, lengths)
        encoded.append((key, *encoded_value))
    entries, chunks, offset = [], [], 0
    header = protos.BundleHeaderProto(num_shards=1)
    header.version.producer = 1
    entries.append((b"", header.SerializeToString()))
    for key, dtype, shape, data, crc in encoded:
        entry = protos.BundleEntryProto(dtype=dtype.as_datatype_enum, offset=offset, size=len(data),
                                        crc32c=mask_crc(crc))
        entry.shape.SetInParent()
        for dim in shape:
            entry.shape.dim.add().size = int(dim)
        entries.append((key, entry.SerializeToString()))
        chunks.append(data)
        offset += len(data)
    entries.extend((key, whole.SerializeToString()) for key, whole in sliced.items())
    entries.sort(key=lambda item: item[0])
    for i in range(1, len(entries)):
        if entries[i][0] == entries[i - 1][0]:
            raise ValueError(f"duplicate tensor name {entries[i][0].decode(errors='replace')!r} in a checkpoint")
    index = build_table(entries)
    data_path, index_path = data_filename(prefix), index_filename(prefix)
    data_temp = _write_temp(data_path, chunks)
    try:
        index_temp = _write_temp(index_path, [index])
    except BaseException:
        _discard(data_temp)
        raise
    try:
        _rename(data_temp, data_path)
    except BaseException:
        _discard(index_temp)
        raise
    _rename(index_temp, index_path)


def merge_bundles(sources, destination: str, delete_old_dirs: bool = True, allow_missing: bool = False) -> None:
    """TF's MergeV2Checkpoints: the bundles at `sources` (prefixes, e.g. the shards a sharded Saver wrote
    under `<prefix>_temp/`) become one bundle at `destination`, each source's data files renamed to the
    destination's shard numbers and one merged index written last (atomically: until then the destination
    does not exist). The sources' index files are removed, and with `delete_old_dirs` their folders when
    left empty. NotFoundError for a missing source (skipped with `allow_missing`); InvalidArgumentError
    when two sources hold the same key."""
    from . import protos

    present = []
    for prefix in sources:
        if allow_missing and not os.path.exists(index_filename(prefix)):
            continue
        present.append((prefix, BundleReader(prefix)))
    total = sum(reader.num_shards for _, reader in present)
    merged, base = {}, 0
    for prefix, reader in present:
        for key, value in parse_table(_read_file(reader.index_path, "checkpoint index"))[1:]:
            if key in merged:
                raise errors.InvalidArgumentError(
                    None, None, f"Duplicate tensor key {key.decode(errors='replace')} in {prefix} while merging "
                                f"checkpoints into {destination}")
            entry = protos.BundleEntryProto.FromString(value)
            entry.shard_id += base
            merged[key] = entry.SerializeToString()
        base += reader.num_shards
    directory = os.path.dirname(destination)
    if directory:
        try:
            os.makedirs(directory, exist_ok=True)
        except OSError as e:
            raise _os_error(e, directory) from e
    base = 0
    for prefix, reader in present:
        for shard in range(reader.num_shards):
            _rename(data_filename(prefix, shard, reader.num_shards), data_filename(destination, base + shard, total))
        base += reader.num_shards
    header = protos.BundleHeaderProto(num_shards=max(total, 1))
    header.version.producer = 1
    atomic_write(index_filename(destination), build_table([(b"", header.SerializeToString())] + sorted(merged.items())))
    for prefix, _ in present:
        _discard(index_filename(prefix))
        if delete_old_dirs:
            try:
                os.rmdir(os.path.dirname(prefix) or ".")
            except OSError:
                pass  # not empty (another shard's files, or the user's): left as it is


# --- reading ------------------------------------------------------------------------------------

class BundleEntry:
    """Where one tensor lives: dtype, shape, shard, offset, size, masked CRC, partition slices."""

    __slots__ = ("crc32c", "dtype", "name", "offset", "shape", "shard_id", "size", "slices")

    def __init__(self, name, dtype, shape, shard_id, offset, size, crc, slices):
        self.name, self.dtype, self.shape = name, dtype, shape
        self.shard_id, self.offset, self.size, self.crc32c, self.slices = shard_id, offset, size, crc, slices

    @property
    def num_elements(self) -> int:
        count = 1
        for dim in self.shape:
            count *= dim
        return count


def _read_file(path: str, what: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        raise errors.NotFoundError(None, None, f"{path}: {what} not found") from None
    except IsADirectoryError:
        raise errors.DataLossError(None, None, f"{path}: is a directory, not a checkpoint {what}") from None
    except OSError as e:
        raise _os_error(e, path) from e


class BundleReader:
    """A checkpoint at `prefix`, opened and validated: `entries` (name -> BundleEntry, in key order)
    and `get_tensor(name)`. Tensor data is read (and checked) on demand."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.index_path = index_filename(prefix)
        raw = _read_file(self.index_path, "checkpoint index")
        try:
            self._parse_index(raw)
        except _Corrupt as e:
            raise errors.DataLossError(None, None, f"{self.index_path}: corrupt checkpoint index: {e}") from None

    def _parse_index(self, raw: bytes):
        from google.protobuf.message import DecodeError

        from . import protos

        table = parse_table(raw)
        if not table or table[0][0] != b"":
            raise _Corrupt("no bundle header entry")
        try:
            header = protos.BundleHeaderProto.FromString(table[0][1])
        except DecodeError as e:
            raise _Corrupt(f"bad bundle header: {e}") from None
        if header.num_shards < 1 or header.num_shards > len(raw):
            raise _Corrupt(f"bad shard count {header.num_shards}")
        if header.endianness != 0:
            raise _Corrupt("big-endian bundles are not supported")
        if header.version.min_consumer > 1 or header.version.producer < 0 or 1 in header.version.bad_consumers:
            raise _Corrupt(f"unsupported bundle version (producer {header.version.producer}, "
                           f"min_consumer {header.version.min_consumer})")
        self.num_shards = header.num_shards
        self.entries: dict[str, BundleEntry] = {}
        for key, value in table[1:]:
            try:
                entry = protos.BundleEntryProto.FromString(value)
            except DecodeError as e:
                raise _Corrupt(f"bad entry for key {key!r}: {e}") from None
            name = key.decode("utf-8", errors="surrogateescape")
            self.entries[name] = self._check_entry(name, entry)

    def _check_entry(self, name: str, proto) -> BundleEntry:
        try:
            dtype = dtypes.as_dtype(int(proto.dtype))
        except TypeError:
            raise _Corrupt(f"tensor {name!r} has unknown dtype {proto.dtype}") from None
        if proto.shape.unknown_rank or any(d.size < 0 for d in proto.shape.dim):
            raise _Corrupt(f"tensor {name!r} has an invalid shape")
        shape = tuple(int(d.size) for d in proto.shape.dim)
        if proto.shard_id < 0 or proto.shard_id >= self.num_shards or proto.offset < 0 or proto.size < 0:
            raise _Corrupt(f"tensor {name!r} has an invalid location")
        entry = BundleEntry(name, dtype, shape, int(proto.shard_id), int(proto.offset), int(proto.size),
                            int(proto.crc32c), list(proto.slices))
        if dtype in _STORAGE and not entry.slices:
            itemsize = np.dtype(_STORAGE[dtype]).itemsize
            if entry.num_elements * itemsize != entry.size:
                raise _Corrupt(f"tensor {name!r}: shape {list(shape)} of {dtype.name} needs "
                               f"{entry.num_elements * itemsize} bytes, the entry says {entry.size}")
        return entry

    def _corrupt(self, path: str, message: str) -> errors.DataLossError:
        return errors.DataLossError(None, None, f"{path}: {message}")

    def has_tensor(self, name: str) -> bool:
        return name in self.entries

    def get_tensor(self, name: str) -> np.ndarray:
        """The value of tensor `name`, checked against its size and CRC. NotFoundError when absent."""
        entry = self.entries.get(name)
        if entry is None:
            raise errors.NotFoundError(None, None, f"Key {name} not found in checkpoint")
        if entry.slices:
            from . import checkpoint_slices

            return checkpoint_slices.assemble(self, name, entry)
        if entry.dtype not in SUPPORTED_DTYPES:
            raise errors.UnimplementedError(None, None, f"{self.index_path}: tensor {name!r} has dtype "
                                                        f"{entry.dtype.name}, which checkpoints here cannot hold")
        path = data_filename(self.prefix, entry.shard_id, self.num_shards)
        data = self._read_range(path, entry.offset, entry.size)
        if entry.dtype is dtypes.string:
            return self._decode_strings(path, entry, data)
        if unmask_crc(entry.crc32c) != crc32c(data):
            raise self._corrupt(path, f"checksum mismatch for tensor {name!r}")
        array = np.frombuffer(data, dtype=_STORAGE[entry.dtype]).reshape(entry.shape)
        if entry.dtype is dtypes.bool:
            return np.frombuffer(data, dtype=np.uint8).reshape(entry.shape) != 0
        if entry.dtype is dtypes.bfloat16:
            return array.view(dtypes.bfloat16.as_numpy_dtype).copy()
        return array.astype(entry.dtype.as_numpy_dtype, copy=True)

    def _read_range(self, path: str, offset: int, size: int) -> bytes:
        try:
            with open(path, "rb") as f:
                file_size = os.fstat(f.fileno()).st_size
                if offset + size > file_size:
                    raise self._corrupt(path, f"tensor bytes [{offset}, {offset + size}) lie past the end of the "
                                              f"{file_size}-byte data file (truncated checkpoint?)")
                f.seek(offset)
                data = f.read(size)
        except FileNotFoundError:
            raise errors.NotFoundError(None, None, f"{path}: checkpoint data file not found") from None
        except IsADirectoryError:
            raise self._corrupt(path, "is a directory, not a checkpoint data file") from None
        except OSError as e:
            raise _os_error(e, path) from e
        if len(data) != size:
            raise self._corrupt(path, "short read (file truncated while reading?)")
        return data

    def _decode_strings(self, path: str, entry: BundleEntry, data: bytes) -> np.ndarray:
        count = entry.num_elements
        if count > len(data):  # each element takes at least one length byte
            raise self._corrupt(path, f"string tensor {entry.name!r} of {count} elements cannot fit in "
                                      f"{len(data)} bytes")
        lengths, pos = [], 0
        try:
            for _ in range(count):
                length, pos = _get_varint(data, pos, len(data))
                lengths.append(length)
        except _Corrupt as e:
            raise self._corrupt(path, f"string tensor {entry.name!r}: {e}") from None
        if pos + 4 + sum(lengths) != len(data):
            raise self._corrupt(path, f"string tensor {entry.name!r}: lengths do not add up to its size")
        length_words = b"".join(struct.pack("<I", n) if n < 2**32 else struct.pack("<Q", n) for n in lengths)
        stored = data[pos:pos + 4]
        if unmask_crc(struct.unpack("<I", stored)[0]) != crc32c(length_words):
            raise self._corrupt(path, f"string tensor {entry.name!r}: length checksum mismatch")
        body_start = pos + 4
        running = crc32c(data[body_start:], crc32c(stored, crc32c(length_words)))
        if unmask_crc(entry.crc32c) != running:
            raise self._corrupt(path, f"checksum mismatch for tensor {entry.name!r}")
        out = np.empty(count, dtype=object)
        cursor = body_start
        for i, length in enumerate(lengths):
            out[i] = data[cursor:cursor + length]
            cursor += length
        return out.reshape(entry.shape)
