"""Tensor slices in V2 checkpoints, as TF's BundleWriter::AddSlice stores them: a slice that is not the whole
tensor is written under an encoded key (`EncodeTensorNameSlice`: OrderedCode of 0, the name, the rank, then each
dimension's signed start and length), and the tensor's own entry holds only its dtype, full shape and the list
of its slices (TensorSliceProto). Reading a sliced tensor assembles it from its slices. Slice specs are TF's
strings: the full shape, then `start,length` (or `-` for a whole dimension) per dimension, `:`-separated
(`"10 3 0,4:0,3"`)."""

from __future__ import annotations

import numpy as np

from ..framework import errors


def parse_spec(spec: str):
    """(full shape, starts, lengths) of a slice spec; lengths of whole dimensions are their sizes."""
    parts = spec.split()
    if not parts:
        raise errors.InvalidArgumentError(None, None, f"Invalid shape_and_slice spec: '{spec}'")
    try:
        full = [int(p) for p in parts[:-1]]
        starts, lengths = [], []
        for size, extent in zip(full, parts[-1].split(":")):
            if extent == "-":
                starts.append(0)
                lengths.append(size)
            else:
                start, length = (int(x) for x in extent.split(","))
                starts.append(start)
                lengths.append(length)
    except ValueError:
        raise errors.InvalidArgumentError(None, None, f"Invalid shape_and_slice spec: '{spec}'") from None
    if len(starts) != len(full) or any(s < 0 or n < 0 or s + n > d for s, n, d in zip(starts, lengths, full)):
        raise errors.InvalidArgumentError(None, None, f"Invalid shape_and_slice spec: '{spec}'")
    return full, starts, lengths


def is_full(full, starts, lengths) -> bool:
    return all(s == 0 and n == d for s, n, d in zip(starts, lengths, full))


def _num_increasing(value: int) -> bytes:
    body = value.to_bytes((value.bit_length() + 7) // 8, "big") if value else b""
    return bytes([len(body)]) + body


def _signed_num_increasing(value: int) -> bytes:
    magnitude = ~value if value < 0 else value
    length = 1
    while length < 8 and magnitude >= 1 << (7 * length - 1):
        length += 1
    header = (0xFF00 >> length) & 0xFF  # `length` leading one bits
    raw = (value & ((1 << (8 * length)) - 1)).to_bytes(length, "big")
    return bytes([raw[0] ^ header]) + raw[1:]


def _ordered_string(text: bytes) -> bytes:
    return text.replace(b"\xff", b"\xff\x00").replace(b"\x00", b"\x00\xff") + b"\x00\x01"


def slice_key(name: str, starts, lengths) -> bytes:
    """TF's EncodeTensorNameSlice(name, slice): the checkpoint key of one stored slice."""
    key = _num_increasing(0) + _ordered_string(name.encode()) + _num_increasing(len(starts))
    for start, length in zip(starts, lengths):
        key += _signed_num_increasing(start) + _signed_num_increasing(length)
    return key


def add_slice_proto(entry, starts, lengths) -> None:
    """Appends one TensorSliceProto (an extent per dimension, start and length set) to a BundleEntryProto."""
    proto = entry.slices.add()
    for start, length in zip(starts, lengths):
        extent = proto.extent.add()
        extent.start = start
        extent.length = length


def _extents(proto, full):
    starts, lengths = [], []
    for size, extent in zip(full, proto.extent):
        whole = not extent.HasField("length")
        starts.append(0 if whole else int(extent.start))
        lengths.append(size if whole else int(extent.length))
    return starts, lengths


def assemble(reader, name: str, entry) -> np.ndarray:
    """The whole value of sliced tensor `name`, from its stored slices (DataLossError when one is missing)."""
    out = None
    for proto in entry.slices:
        starts, lengths = _extents(proto, entry.shape)
        key = slice_key(name, starts, lengths).decode("utf-8", errors="surrogateescape")
        if key not in reader.entries:
            raise errors.DataLossError(None, None, f"{reader.index_path}: a slice of tensor {name!r} is missing")
        part = reader.get_tensor(key)
        if out is None:
            out = np.zeros(entry.shape, dtype=part.dtype)
        out[tuple(slice(s, s + n) for s, n in zip(starts, lengths))] = part
    return out


def read_slice(reader, name: str, spec: str) -> np.ndarray:
    """The part of tensor `name` that `spec` names (InvalidArgumentError when the full shapes differ)."""
    full, starts, lengths = parse_spec(spec)
    value = reader.get_tensor(name)
    if list(value.shape) != full:
        raise errors.InvalidArgumentError(
            None, None, f"tensor_name = {name}; shape in shape_and_slice spec {full} does not match the shape "
                        f"stored in checkpoint: {list(value.shape)}")
    return value[tuple(slice(s, s + n) for s, n in zip(starts, lengths))].copy()
