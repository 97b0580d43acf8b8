"""AudioSummaryV2 (`tf.summary.audio`: up to `max_outputs` clips of a [batch, frames(, channels)] float tensor as
16-bit PCM WAV, as TF's wav encoder writes them) and `tf.summary.tensor_summary` (a TensorSummaryV2 of any
tensor with its SummaryMetadata)."""

from __future__ import annotations

import struct

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..io import protos
from .constant import constant, convert_to_tensor
from .summary_ops import (
    TensorSummaryV2,
    _check_input,
    _check_string,
    _collect,
    _output,
    _scalar_tag,
    _shape_text,
    _summary_scope,
)


def wav(frames: np.ndarray, sample_rate: int) -> bytes:
    """[frames, channels] float samples in [-1, 1] as a 16-bit little-endian PCM WAV file (TF's encoder: each
    sample times 2**15, rounded half away from zero, clamped to int16)."""
    scaled = np.asarray(frames, np.float32) * np.float32(1 << 15)
    samples = np.clip(np.where(scaled < 0, -np.floor(-scaled + 0.5), np.floor(scaled + 0.5)), -32768, 32767)
    data = samples.astype("<i2").tobytes()
    channels = frames.shape[1]
    header = (b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt " +
              struct.pack("<IHHIIHH", 16, 1, channels, sample_rate, sample_rate * channels * 2, channels * 2, 16) +
              b"data" + struct.pack("<I", len(data)))
    return header + data


@op("AudioSummaryV2", inputs=("tag", "tensor", "sample_rate"), attrs={"max_outputs": 3}, foldable=False,
    type_attrs={})
class AudioSummaryV2:
    """A Summary with the first `max_outputs` clips as WAV audio, tagged `tag/audio` when max_outputs is 1, else
    `tag/audio/<i>`."""

    def infer(tag, tensor, sample_rate, max_outputs):
        _check_string("AudioSummaryV2", "tag", tag)
        _check_input("AudioSummaryV2", "tensor", tensor, {dtypes.float32})
        _check_input("AudioSummaryV2", "sample_rate", sample_rate, {dtypes.float32})
        if max_outputs < 1:
            raise ValueError(f"Attr 'max_outputs' of 'AudioSummaryV2' Op passed {max_outputs} less than minimum 1.")
        return dtypes.string, []

    def kernel(xp, tag, tensor, sample_rate, max_outputs):
        name = _scalar_tag("AudioSummaryV2", tag)
        rate = np.asarray(sample_rate)
        if rate.ndim != 0:
            raise errors.InvalidArgumentError(None, None, "sample_rate must be rank-0 or contain a single value")
        rate = float(rate)
        tensor = np.asarray(tensor, np.float32)
        if tensor.ndim not in (2, 3):
            raise errors.InvalidArgumentError(None, None, "Tensor must be 3-D or 2-D, got: "
                                                          f"{_shape_text(tensor.shape)}")
        batch, frames = tensor.shape[:2]
        clips = tensor.reshape(batch, frames, -1 if tensor.ndim == 3 else 1)
        truncated = int(np.rint(np.float32(rate))) or 1
        values = []
        for i in range(min(max_outputs, batch)):
            audio = protos.Summary.Audio(sample_rate=rate, num_channels=clips.shape[2], length_frames=frames,
                                         content_type="audio/wav", encoded_audio_string=wav(clips[i], truncated))
            tag_i = f"{name}/audio" if max_outputs == 1 else f"{name}/audio/{i}"
            values.append(protos.Summary.Value(tag=tag_i, audio=audio))
        return _output(values)

    grad = NOT_DIFFERENTIABLE
    samples = (((np.array(b"a"), np.zeros((2, 5), np.float32), np.array(8000.0, np.float32)), {}),)


@tf_export("summary.audio")
def audio(name, tensor, sample_rate, max_outputs=3, collections=None, family=None):
    """An AudioSummaryV2 op of float clips [batch, frames] or [batch, frames, channels] in [-1, 1]."""
    with _summary_scope(name, family) as (tag, scope):
        # TF converts the rate first, then the op's inputs in their order (so its Consts come out in this order)
        sample_rate = convert_to_tensor(sample_rate, dtype=dtypes.float32, name="sample_rate")
        tag_tensor = constant(tag, name="tag")
        tensor = convert_to_tensor(tensor, name="tensor")
        result = AudioSummaryV2(tag_tensor, tensor, sample_rate, max_outputs=max_outputs, name=scope)
    _collect(result, collections)
    return result


@tf_export("summary.tensor_summary")
def tensor_summary(name, tensor, summary_description=None, collections=None, summary_metadata=None, family=None,
                   display_name=None):
    """A TensorSummaryV2 op of `tensor` (any dtype) with `summary_metadata` (description and display name set
    from the arguments)."""
    metadata = protos.SummaryMetadata() if summary_metadata is None else summary_metadata
    if summary_description is not None:
        metadata.summary_description = summary_description
    if display_name is not None:
        metadata.display_name = display_name
    serialized = metadata.SerializeToString()
    with _summary_scope(name, family) as (tag, scope):
        tag_tensor = constant(tag, name="tag")
        tensor = convert_to_tensor(tensor, name="tensor")
        result = TensorSummaryV2(tag_tensor, tensor, constant(serialized, name="serialized_summary_metadata"),
                                 name=scope)
    _collect(result, collections)
    return result
