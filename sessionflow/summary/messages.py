"""TensorFlow's `Event`, `Summary`, `HistogramProto` and friends: encoders and plain-data decoders.

Encoders produce the serialized bytes TF's C++ runtime produces for the same content (fields in
number order, proto3 defaults omitted; field numbers in shared/spec/events.md). Decoders turn bytes
into the small records below, for readers, tools and tests; malformed bytes raise `WireError`.
Message objects from a protobuf runtime (anything with `SerializeToString`) are accepted wherever a
message is taken, so TF's, tensorboard's and sessionflow.io's classes interoperate.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field

import numpy as np

from . import wire

FILE_VERSION = "brain.Event:2"
SOURCE_WRITER = "sessionflow"
DT_STRING = 7
DBL_MAX = 1.7976931348623157e308


def serialized(message) -> bytes:
    """`message` as bytes: bytes as they are, else its `SerializeToString()`."""
    if isinstance(message, (bytes, bytearray, memoryview)):
        return bytes(message)
    serialize = getattr(message, "SerializeToString", None)
    if serialize is None:
        raise TypeError(f"Expected a protocol buffer message or its serialized bytes, got {type(message).__name__}")
    return serialize()


# --- encoders --------------------------------------------------------------------------------

def event(wall_time: float, step: int = 0, *, file_version: str = "", graph_def: bytes = b"", summary=None,
          session_log=None, tagged_run_metadata: bytes = b"", meta_graph_def: bytes = b"",
          source_writer: str = "") -> bytes:
    """A serialized `Event`; exactly one of the oneof payloads should be given."""
    out = wire.double_field(1, wall_time, keep=True) + wire.int_field(2, step) + wire.bytes_field(3, file_version)
    out += wire.bytes_field(4, graph_def)
    if summary is not None:
        out += wire.bytes_field(5, serialized(summary), keep=True)
    if session_log is not None:
        out += wire.bytes_field(7, serialized(session_log), keep=True)
    out += wire.bytes_field(8, tagged_run_metadata) + wire.bytes_field(9, meta_graph_def)
    if source_writer:
        out += wire.bytes_field(10, wire.bytes_field(1, source_writer))
    return out


def summary_value(tag: str, *, simple_value=None, image: bytes = b"", histo: bytes = b"", tensor: bytes = b"",
                  metadata: bytes = b"") -> bytes:
    """One serialized `Summary.Value` (not framed as a Summary field)."""
    out = wire.bytes_field(1, tag)
    if simple_value is not None:
        out += wire.float_field(2, simple_value, keep=True)
    if image:
        out += wire.bytes_field(4, image)
    if histo:
        out += wire.bytes_field(5, histo)
    if tensor:
        out += wire.bytes_field(8, tensor)
    return out + wire.bytes_field(9, metadata)


def summary(values) -> bytes:
    """A serialized `Summary` holding the serialized `Summary.Value`s `values`."""
    return b"".join(wire.bytes_field(1, v, keep=True) for v in values)


def summary_metadata(plugin_name: str, content: bytes = b"") -> bytes:
    return wire.bytes_field(1, wire.bytes_field(1, plugin_name) + wire.bytes_field(2, content))


def image(height: int, width: int, colorspace: int, encoded: bytes) -> bytes:
    return (wire.int_field(1, height) + wire.int_field(2, width) + wire.int_field(3, colorspace)
            + wire.bytes_field(4, encoded))


def tensor_shape(dims) -> bytes:
    return b"".join(wire.bytes_field(2, wire.int_field(1, d), keep=True) for d in dims)


def string_tensor(values) -> bytes:
    """A `TensorProto` of DT_STRING holding the NumPy array `values` (of bytes/str) in `string_val`."""
    out = wire.int_field(1, DT_STRING) + wire.bytes_field(2, tensor_shape(values.shape), keep=True)
    for item in values.reshape(-1).tolist():
        out += wire.bytes_field(8, item if isinstance(item, bytes) else str(item).encode("utf-8"), keep=True)
    return out


def session_log(status: int, checkpoint_path: str = "", msg: str = "") -> bytes:
    return wire.int_field(1, status) + wire.bytes_field(2, checkpoint_path) + wire.bytes_field(3, msg)


def tagged_run_metadata(tag: str, run_metadata: bytes) -> bytes:
    return wire.bytes_field(1, tag) + wire.bytes_field(2, run_metadata)


# --- PNG (what TF's ImageSummary encodes images as) -------------------------------------------

_PNG_COLOR_TYPE = {1: 0, 2: 4, 3: 2, 4: 6}  # channels -> gray, gray+alpha, RGB, RGBA


def png(pixels) -> bytes:
    """A PNG file of the uint8 array `pixels` [height, width, channels] (1 to 4 channels), with
    filter type 0 on every row and zlib's default compression."""
    pixels = np.ascontiguousarray(pixels, dtype=np.uint8)
    height, width, channels = pixels.shape

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = np.concatenate([np.zeros((height, 1), np.uint8), pixels.reshape(height, width * channels)], axis=1)
    header = struct.pack(">IIBBBBB", width, height, 8, _PNG_COLOR_TYPE[channels], 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows.tobytes()))
            + chunk(b"IEND", b""))


# --- histograms (TF's HistogramSummary) --------------------------------------------------------

def _default_bucket_limits() -> list[float]:
    positive, v = [], 1e-12
    while v < 1e20:
        positive.append(v)
        v *= 1.1
    positive.append(DBL_MAX)
    return [-x for x in reversed(positive)] + [0.0] + positive


DEFAULT_BUCKET_LIMITS = tuple(_default_bucket_limits())
_LIMITS = np.array(DEFAULT_BUCKET_LIMITS)


def histogram(values) -> bytes:
    """The serialized `HistogramProto` TF's HistogramSummary builds from `values` (finite, any shape;
    accumulated as doubles in order, as TF does): TF's default bucket limits, each run of empty
    buckets collapsed into the last limit of the run."""
    x = np.asarray(values, dtype=np.float64).reshape(-1)
    counts = np.bincount(np.searchsorted(_LIMITS, x, side="right"), minlength=len(_LIMITS))
    if x.size:
        low, high = float(x.min()), float(x.max())
        total, squares = float(np.cumsum(x)[-1]), float(np.cumsum(x * x)[-1])
    else:
        low, high, total, squares = DBL_MAX, -DBL_MAX, 0.0, 0.0
    bucket_limit, bucket = [], []
    nonzero = np.flatnonzero(counts).tolist()
    i, n = 0, len(_LIMITS)
    for j in nonzero + [n]:
        if j > i:  # the empty run i..j-1, shown at its last limit
            bucket_limit.append(DEFAULT_BUCKET_LIMITS[j - 1])
            bucket.append(0.0)
        if j < n:
            bucket_limit.append(DEFAULT_BUCKET_LIMITS[j])
            bucket.append(float(counts[j]))
        i = j + 1
    return (wire.double_field(1, low) + wire.double_field(2, high) + wire.double_field(3, float(x.size))
            + wire.double_field(4, total) + wire.double_field(5, squares)
            + wire.packed_doubles(6, bucket_limit) + wire.packed_doubles(7, bucket))


# --- decoders --------------------------------------------------------------------------------

@dataclass
class Histogram:
    min: float = 0.0
    max: float = 0.0
    num: float = 0.0
    sum: float = 0.0
    sum_squares: float = 0.0
    bucket_limit: list = field(default_factory=list)
    bucket: list = field(default_factory=list)


@dataclass
class Image:
    height: int = 0
    width: int = 0
    colorspace: int = 0
    encoded_image_string: bytes = b""


@dataclass
class Tensor:
    """A TensorProto's fields the summaries use; `string_val` as bytes."""
    dtype: int = 0
    shape: list = field(default_factory=list)
    tensor_content: bytes = b""
    string_val: list = field(default_factory=list)
    float_val: list = field(default_factory=list)


@dataclass
class Value:
    tag: str = ""
    simple_value: float | None = None
    histo: Histogram | None = None
    image: Image | None = None
    tensor: Tensor | None = None
    plugin_name: str = ""
    plugin_content: bytes = b""
    has_metadata: bool = False


@dataclass
class Event:
    wall_time: float = 0.0
    step: int = 0
    file_version: str = ""
    graph_def: bytes = b""
    summary: list | None = None
    session_log: tuple | None = None  # (status, checkpoint_path, msg)
    tagged_run_metadata: tuple | None = None  # (tag, serialized RunMetadata)
    meta_graph_def: bytes = b""
    source_writer: str = ""


def _text(value) -> str:
    if not isinstance(value, bytes):
        raise wire.WireError("expected a length-delimited field")
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError as e:
        raise wire.WireError(f"invalid UTF-8 in a string field: {e}") from None


def _blob(value) -> bytes:
    if not isinstance(value, bytes):
        raise wire.WireError("expected a length-delimited field")
    return value


def _int(value) -> int:
    if not isinstance(value, int):
        raise wire.WireError("expected a varint field")
    return wire.as_int64(value)


def parse_histogram(data: bytes) -> Histogram:
    h = Histogram()
    names = {1: "min", 2: "max", 3: "num", 4: "sum", 5: "sum_squares"}
    for number, wire_type, value in wire.decode(data):
        if number in names:
            setattr(h, names[number], wire.as_double(value))
        elif number in (6, 7):
            target = h.bucket_limit if number == 6 else h.bucket
            target.extend(wire.unpack_doubles(value) if wire_type == wire.LENGTH else [wire.as_double(value)])
    return h


def parse_image(data: bytes) -> Image:
    im = Image()
    for number, _, value in wire.decode(data):
        if number in (1, 2, 3):
            setattr(im, ("height", "width", "colorspace")[number - 1], _int(value))
        elif number == 4:
            im.encoded_image_string = _blob(value)
    return im


def parse_tensor(data: bytes) -> Tensor:
    t = Tensor()
    for number, wire_type, value in wire.decode(data):
        if number == 1:
            t.dtype = _int(value)
        elif number == 2:
            for dim_number, _, dim in wire.decode(_blob(value)):
                if dim_number == 2:
                    t.shape.append(next((_int(v) for n, _, v in wire.decode(_blob(dim)) if n == 1), 0))
        elif number == 4:
            t.tensor_content = _blob(value)
        elif number == 5:
            if wire_type == wire.LENGTH:
                if len(value) % 4:
                    raise wire.WireError("packed floats are not a multiple of 4 bytes")
                t.float_val.extend(wire.as_float(value[i:i + 4]) for i in range(0, len(value), 4))
            else:
                t.float_val.append(wire.as_float(value))
        elif number == 8:
            t.string_val.append(_blob(value))
    return t


def parse_value(data: bytes) -> Value:
    v = Value()
    for number, _, value in wire.decode(data):
        if number == 1:
            v.tag = _text(value)
        elif number == 2:
            v.simple_value = wire.as_float(value)
        elif number == 4:
            v.image = parse_image(_blob(value))
        elif number == 5:
            v.histo = parse_histogram(_blob(value))
        elif number == 8:
            v.tensor = parse_tensor(_blob(value))
        elif number == 9:
            v.has_metadata = True
            for meta_number, _, meta in wire.decode(_blob(value)):
                if meta_number == 1:
                    for plugin_number, _, plugin in wire.decode(_blob(meta)):
                        if plugin_number == 1:
                            v.plugin_name = _text(plugin)
                        elif plugin_number == 2:
                            v.plugin_content = _blob(plugin)
    return v


def parse_summary(data: bytes) -> list[Value]:
    return [parse_value(_blob(value)) for number, _, value in wire.decode(data) if number == 1]


def parse_event(data: bytes) -> Event:
    e = Event()
    for number, _, value in wire.decode(data):
        if number == 1:
            e.wall_time = wire.as_double(value)
        elif number == 2:
            e.step = _int(value)
        elif number == 3:
            e.file_version = _text(value)
        elif number == 4:
            e.graph_def = _blob(value)
        elif number == 5:
            e.summary = parse_summary(_blob(value))
        elif number == 7:
            fields = {n: v for n, _, v in wire.decode(_blob(value))}
            e.session_log = (_int(fields.get(1, 0)), _text(fields.get(2, b"")), _text(fields.get(3, b"")))
        elif number == 8:
            fields = {n: v for n, _, v in wire.decode(_blob(value))}
            e.tagged_run_metadata = (_text(fields.get(1, b"")), _blob(fields.get(2, b"")))
        elif number == 9:
            e.meta_graph_def = _blob(value)
        elif number == 10:
            e.source_writer = next((_text(v) for n, _, v in wire.decode(_blob(value)) if n == 1), "")
    return e

