"""Protocol-buffer wire format: the few encoders and the one decoder the summary/event code needs.

Encoders return the bytes of one field (key + payload). Following proto3, a scalar field equal to
its default (0, 0.0, b"") is omitted unless `keep=True`; messages are written in field-number order
by their callers, which makes the output byte-identical to TensorFlow's C++ serializer.

`decode(data)` splits a message into `(field_number, wire_type, value)` triples: an int for varints,
`bytes` for length-delimited, 64-bit and 32-bit fields. Malformed input raises `WireError` (a
ValueError), never IndexError.
"""

from __future__ import annotations

import struct

VARINT, FIXED64, LENGTH, FIXED32 = 0, 1, 2, 5

_DOUBLE = struct.Struct("<d")
_FLOAT = struct.Struct("<f")


class WireError(ValueError):
    """The bytes are not a well-formed protocol-buffer message."""


def varint(value: int) -> bytes:
    """Base-128 varint of `value`; negative values are written as 64-bit two's complement (int64)."""
    if value < 0:
        value += 1 << 64
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def key(field: int, wire_type: int) -> bytes:
    return varint(field << 3 | wire_type)


def int_field(field: int, value: int, keep: bool = False) -> bytes:
    """An int32/int64/enum/bool field."""
    value = int(value)
    return key(field, VARINT) + varint(value) if value or keep else b""


def bytes_field(field: int, data, keep: bool = False) -> bytes:
    """A string/bytes/sub-message field (`str` is encoded as UTF-8)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return key(field, LENGTH) + varint(len(data)) + bytes(data) if data or keep else b""


def double_field(field: int, value: float, keep: bool = False) -> bytes:
    value = float(value)
    return key(field, FIXED64) + _DOUBLE.pack(value) if value or keep else b""


def float_field(field: int, value: float, keep: bool = False) -> bytes:
    """A 32-bit float field (the value is rounded to float32)."""
    value = float(value)
    return key(field, FIXED32) + _FLOAT.pack(value) if value or keep else b""


def packed_doubles(field: int, values) -> bytes:
    values = list(values)
    return bytes_field(field, struct.pack(f"<{len(values)}d", *values)) if values else b""


def packed_varints(field: int, values) -> bytes:
    return bytes_field(field, b"".join(varint(int(v)) for v in values))


def _read_varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(data):
            raise WireError("truncated varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
        if shift >= 70:
            raise WireError("varint longer than 10 bytes")


def decode(data: bytes) -> list[tuple[int, int, object]]:
    """The fields of one serialized message, in the order written."""
    data = bytes(data)
    fields, pos = [], 0
    while pos < len(data):
        tag, pos = _read_varint(data, pos)
        field, wire_type = tag >> 3, tag & 7
        if field == 0:
            raise WireError("field number 0")
        if wire_type == VARINT:
            value, pos = _read_varint(data, pos)
        elif wire_type in (FIXED64, FIXED32, LENGTH):
            if wire_type == LENGTH:
                size, pos = _read_varint(data, pos)
            else:
                size = 8 if wire_type == FIXED64 else 4
            if pos + size > len(data):
                raise WireError(f"field {field} runs past the end of the message")
            value, pos = data[pos:pos + size], pos + size
        else:
            raise WireError(f"unsupported wire type {wire_type} (field {field})")
        fields.append((field, wire_type, value))
    return fields


def as_int64(value: int) -> int:
    """A decoded varint read as a signed int64."""
    return value - (1 << 64) if value >= 1 << 63 else value


def as_double(value) -> float:
    if not isinstance(value, bytes) or len(value) != 8:
        raise WireError("expected a 64-bit field")
    return _DOUBLE.unpack(value)[0]


def as_float(value) -> float:
    if not isinstance(value, bytes) or len(value) != 4:
        raise WireError("expected a 32-bit field")
    return _FLOAT.unpack(value)[0]


def unpack_doubles(value) -> list[float]:
    """A packed repeated double field (or one unpacked element)."""
    if not isinstance(value, bytes) or len(value) % 8:
        raise WireError("packed doubles are not a multiple of 8 bytes")
    return list(struct.unpack(f"<{len(value) // 8}d", value))
