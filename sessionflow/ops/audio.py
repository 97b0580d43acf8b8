"""WAV audio (`tf.audio.decode_wav`, `tf.audio.encode_wav`; TF1's `tf.contrib.framework.python.ops.audio_ops`):
16-bit PCM only, as TF's DecodeWav and EncodeWav.

Decoding reads TF's subset of RIFF: "RIFF", "WAVE", optional padding/metadata chunks before "fmt " (JUNK,
bext, iXML, qlty, mext, levl, link, axml), a PCM format chunk of 16 or 18 bytes, then chunks until the one
"data" chunk; samples become floats by dividing by 32768. Encoding writes TF's 44-byte header and each sample
as round-half-away(x * 32768) clamped to int16. Every malformed file gets TF's InvalidArgumentError text.
"""

from __future__ import annotations

import collections
import struct

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape

_SKIPPED_BEFORE_FORMAT = {b"JUNK", b"bext", b"iXML", b"qlty", b"mext", b"levl", b"link", b"axml"}
_INT32_MAX = 2**31 - 1
_DecodeWavOutput = collections.namedtuple("DecodeWav", ["audio", "sample_rate"])


def _invalid(message: str) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(None, None, message)


class _Reader:
    """Reads little-endian fields from the file's bytes with TF's bounds errors."""

    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise _invalid("Data too short when trying to read string")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def expect(self, text: bytes) -> None:
        found = self.take(len(text))
        if found != text:
            raise _invalid(f"Header mismatch: Expected {text.decode()} but found {found.decode('latin-1')}")

    def u16(self) -> int:
        return struct.unpack("<H", self.take(2))[0]

    def u32(self) -> int:
        return struct.unpack("<I", self.take(4))[0]


def decode(data: bytes):
    """(samples as float32 [frames, channels], sample rate) of a 16-bit PCM WAV file."""
    r = _Reader(data)
    r.expect(b"RIFF")
    r.u32()  # the file's size, which TF does not check
    r.expect(b"WAVE")
    chunk = r.take(4)
    while chunk != b"fmt ":
        if chunk not in _SKIPPED_BEFORE_FORMAT:
            raise _invalid(f"Unexpected field {chunk.decode('latin-1')}")
        r.take(r.u32())
        chunk = r.take(4)
    format_size = r.u32()
    if format_size not in (16, 18):
        raise _invalid(f"Bad format chunk size for WAV: Expected 16 or 18, but got{format_size}")
    audio_format = r.u16()
    if audio_format != 1:
        raise _invalid(f"Bad audio format for WAV: Expected 1 (PCM), but got{audio_format}")
    channels = r.u16()
    if channels < 1:
        raise _invalid(f"Bad number of channels for WAV: Expected at least 1, but got {channels}")
    rate, bytes_per_second, frame_bytes, bits = r.u32(), r.u32(), r.u16(), r.u16()
    if bits != 16:
        raise _invalid(f"Can only read 16-bit WAV files, but received {bits}")
    if frame_bytes != (bits * channels + 7) // 8:
        raise _invalid(f"Bad bytes per sample in WAV header: Expected {(bits * channels + 7) // 8} but got "
                       f"{frame_bytes}")
    if bytes_per_second != (frame_bytes * rate) & 0xFFFFFFFF:
        raise _invalid(f"Bad bytes per second in WAV header: Expected {(frame_bytes * rate) & 0xFFFFFFFF} but got "
                       f"{bytes_per_second} (sample_rate={rate}, bytes_per_sample={frame_bytes})")
    if format_size == 18:
        r.pos += 2
    samples = None
    while r.pos < len(data):
        chunk_id, size = r.take(4), r.u32()
        if size > _INT32_MAX:
            raise _invalid(f"WAV data chunk '{chunk_id.decode('latin-1')}' is too large: {size} bytes, but the "
                           f"limit is {_INT32_MAX}")
        if chunk_id != b"data":
            r.pos += size
            continue
        if samples is not None:
            raise _invalid("More than one data chunk found in WAV")
        frames = size // frame_bytes
        body = r.take(2 * frames * channels)
        samples = (np.frombuffer(body, dtype="<i2").astype(np.float32) / np.float32(32768)).reshape(frames, channels)
    if samples is None:
        raise _invalid("No data chunk found in WAV")
    return samples, rate


def encode(audio: np.ndarray, rate: int) -> bytes:
    """TF's 16-bit PCM WAV file of float samples [frames, channels]."""
    frames, channels = audio.shape
    if not 0 < rate <= 0xFFFFFFFF:
        raise _invalid(f"sample_rate must be in (0, 2^32), got: {rate % 2**64}")
    if not 0 < channels <= 0xFFFF:
        raise _invalid(f"num_channels must be in (0, 2^16), got: {channels}")
    size = 2 * frames * channels
    if 44 + size > 0xFFFFFFFF:
        raise _invalid("Provided channels and frames cannot be encoded as a WAV.")
    scaled = audio.astype(np.float32) * np.float32(32768)
    rounded = np.sign(scaled) * np.floor(np.abs(scaled) + np.float32(0.5))  # C's roundf: half away from zero
    pcm = np.clip(rounded, -32768, 32767).astype("<i2")
    header = struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + size, b"WAVE", b"fmt ", 16, 1, channels, rate,
                         (rate * 2 * channels) & 0xFFFFFFFF, 2 * channels, 16, b"data", size)
    return header + pcm.tobytes()


@op("DecodeWav", inputs=("contents",), attrs=dict(desired_channels=-1, desired_samples=-1), type_attrs={})
class DecodeWav:
    """A 16-bit PCM WAV file as float32 samples in [-1, 1) shaped [samples, channels], and its sample rate;
    `desired_samples` pads with zeros or cuts, `desired_channels` keeps the first channels or repeats the last."""

    def infer(contents, desired_channels, desired_samples):
        if contents.shape.ndims not in (None, 0):
            raise ValueError(f"Shape must be rank 0 but is rank {contents.shape.ndims} for '{{node DecodeWav}} = "
                             f"DecodeWav' with input shapes: {contents.shape}.")
        audio = TensorShape([desired_samples if desired_samples > 0 else None,
                             desired_channels if desired_channels > 0 else None])
        return [(dtypes.float32, audio), (dtypes.int32, TensorShape([]))]

    def kernel(xp, contents, desired_channels, desired_samples):
        if np.ndim(contents) != 0:
            raise _invalid(f"contents must be scalar, got shape {list(np.shape(contents))}".replace(" ", ""))
        samples, rate = decode(bytes(np.asarray(contents, dtype=object).item()))
        frames, channels = samples.shape
        if desired_samples > 0 and desired_samples != frames:
            padded = np.zeros((desired_samples, channels), np.float32)
            padded[:min(frames, desired_samples)] = samples[:desired_samples]
            samples = padded
        if desired_channels > 0 and desired_channels != channels:
            samples = samples[:, np.minimum(np.arange(desired_channels), channels - 1)]
        if rate > _INT32_MAX:
            raise _invalid(f"sample_rate doesn't fit in an int32: {rate}")
        return [np.ascontiguousarray(samples, dtype=np.float32), np.int32(rate)]

    grad = NOT_DIFFERENTIABLE

    samples = [((np.array(encode(np.array([[0.5, -0.25], [0.125, 1.0]], np.float32), 8000), dtype=object),), {}),
               ((np.array(encode(np.array([[0.5], [-0.25]], np.float32), 16000), dtype=object),),
                dict(desired_channels=2, desired_samples=3))]


@op("EncodeWav", inputs=("audio", "sample_rate"), type_attrs={})
class EncodeWav:
    """Float samples [samples, channels] (clamped to [-1, 1]) as a 16-bit PCM WAV file."""

    def infer(audio, sample_rate):
        if audio.shape.ndims not in (None, 2) or sample_rate.shape.ndims not in (None, 0):
            raise ValueError(f"Shape must be rank {2 if audio.shape.ndims not in (None, 2) else 0} but is rank "
                             f"{audio.shape.ndims if audio.shape.ndims not in (None, 2) else sample_rate.shape.ndims}"
                             f" for '{{node EncodeWav}} = EncodeWav[]' with input shapes: {audio.shape}, "
                             f"{sample_rate.shape}.")
        return dtypes.string, TensorShape([])

    def kernel(xp, audio, sample_rate):
        if np.ndim(audio) != 2:
            raise _invalid(f"audio must be 2-dimensional{list(np.shape(audio))}".replace(" ", ""))
        if np.ndim(sample_rate) != 0:
            raise _invalid(f"Input sample_rate should be a scalar tensor, got {list(np.shape(sample_rate))} "
                           "instead.")
        return np.array(encode(np.asarray(audio, np.float32), int(sample_rate)), dtype=object)

    grad = NOT_DIFFERENTIABLE

    samples = [((np.array([[0.5, -0.25], [0.125, 1.0]], np.float32), np.int32(8000)), {})]


@tf_export("audio.decode_wav")
def decode_wav(contents, desired_channels=-1, desired_samples=-1, name=None):
    """(audio [samples, channels] float32, sample_rate int32) of a 16-bit PCM WAV file."""
    from .constant import convert_to_tensor

    outputs = DecodeWav(convert_to_tensor(contents, dtypes.string), desired_channels=int(desired_channels),
                        desired_samples=int(desired_samples), name=name)
    return _DecodeWavOutput(*outputs)


@tf_export("audio.encode_wav")
def encode_wav(audio, sample_rate, name=None):
    """A 16-bit PCM WAV file (string scalar) of `audio` [samples, channels] float32 at `sample_rate`."""
    from .constant import convert_to_tensor

    return EncodeWav(convert_to_tensor(audio, dtypes.float32), convert_to_tensor(sample_rate, dtypes.int32),
                     name=name)
