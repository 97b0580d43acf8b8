"""TF1 summaries: ScalarSummary, HistogramSummary, ImageSummary, TensorSummaryV2 and MergeSummary, and
`tf.summary.scalar/histogram/image/text/merge/merge_all`.

Each kernel returns a scalar string: a serialized `tensorflow.Summary`, byte-identical to what TF's
kernel returns (images: PNG bytes from image_png's encoder at zlib's default level, as TF's), ready
for `FileWriter.add_summary`. The public functions follow TF's naming: the op is named by the
uniquified name scope of `name` (so a second "loss" is tagged "loss_1"), the tag is that scope
(prefixed again by `family` when given), and the op joins the SUMMARIES collection (or
`collections`).
"""

from __future__ import annotations

import contextlib
import re

import numpy as np
from google.protobuf.message import DecodeError

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import GraphKeys, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..io import protos
from ..summary import content
from . import image_png
from .constant import constant, convert_to_tensor

_REAL = frozenset(d for d in (dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64, dtypes.int8,
                              dtypes.int16, dtypes.int32, dtypes.int64, dtypes.uint8, dtypes.uint16,
                              dtypes.uint32, dtypes.uint64))
_IMAGE_TYPES = frozenset((dtypes.uint8, dtypes.float16, dtypes.float32, dtypes.float64))
_BAD_COLOR = np.array([255, 0, 0, 255], np.uint8)
_TEXT_METADATA = protos.SummaryMetadata(
    plugin_data=protos.SummaryMetadata.PluginData(plugin_name="text")).SerializeToString()


def _shape_text(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def _text(value) -> str:
    item = value.item() if hasattr(value, "item") else value
    return item.decode("utf-8", "replace") if isinstance(item, bytes) else str(item)


def _check_input(op_type: str, name: str, tensor, allowed) -> None:
    if tensor.dtype.base_dtype not in allowed:
        raise TypeError(f"Value passed to parameter '{name}' has DataType {tensor.dtype.base_dtype.name} not in "
                        f"list of allowed values for {op_type}")


def _check_string(op_type: str, name: str, tensor) -> None:
    if tensor.dtype.base_dtype is not dtypes.string:
        raise TypeError(f"Input '{name}' of '{op_type}' Op has type {tensor.dtype.base_dtype.name} that does not "
                        "match expected type of string.")


def _scalar_tag(op_type: str, tag) -> str:
    if np.ndim(tag) != 0:
        raise errors.InvalidArgumentError(None, None, f"{op_type}: tag must be a scalar, got shape "
                                                      f"{_shape_text(np.shape(tag))}")
    return _text(tag)


def _output(values) -> np.ndarray:
    """The serialized `Summary` of the `Summary.Value`s `values`, as a scalar string."""
    return np.array(protos.Summary(value=values).SerializeToString(), dtype=object)


# --- ops -------------------------------------------------------------------------------------

@op("ScalarSummary", inputs=("tags", "values"), foldable=False, type_attrs=dict(T="values"))
class ScalarSummary:
    """A Summary with one `simple_value` (as float32) per element of `values`, tagged by `tags` (same shape)."""

    def infer(tags, values):
        _check_string("ScalarSummary", "tags", tags)
        _check_input("ScalarSummary", "values", values, _REAL)
        return dtypes.string, []

    def kernel(xp, tags, values):
        tags, values = np.asarray(tags), np.asarray(values)
        if tags.shape != values.shape:
            single = f" (tag '{_text(tags.reshape(-1)[0])}')" if tags.size == 1 else ""
            raise errors.InvalidArgumentError(None, None, "tags and values are not the same shape: "
                                              f"{_shape_text(tags.shape)} != {_shape_text(values.shape)}{single}")
        return _output(protos.Summary.Value(tag=_text(t), simple_value=float(v))
                       for t, v in zip(tags.reshape(-1), values.reshape(-1)))

    grad = NOT_DIFFERENTIABLE
    samples = (((np.array(b"loss"), np.float32(1.5)), {}), ((np.array([b"a", b"b"]), np.array([1, 2])), {}))


@op("HistogramSummary", inputs=("tag", "values"), foldable=False, type_attrs=dict(T="values"))
class HistogramSummary:
    """A Summary with one `histo` value: TF's default-bucket histogram of all of `values`; NaN or
    infinite values are an InvalidArgumentError."""

    def infer(tag, values):
        _check_string("HistogramSummary", "tag", tag)
        _check_input("HistogramSummary", "values", values, _REAL)
        return dtypes.string, []

    def kernel(xp, tag, values):
        name = _scalar_tag("HistogramSummary", tag)
        x = np.asarray(values, dtype=np.float64)
        if not np.isfinite(x).all():
            kind = "Nan" if np.isnan(x).any() else "Infinity"
            raise errors.InvalidArgumentError(None, None, f"{kind} in summary histogram for: {name}")
        return _output([protos.Summary.Value(tag=name, histo=content.histogram(x))])

    grad = NOT_DIFFERENTIABLE
    samples = (((np.array(b"w"), np.array([[1.0, -2.0], [0.0, 3.5]], np.float32)), {}),)


def _to_uint8(images, bad_color) -> np.ndarray:
    """TF's NormalizeFloatImage per image: all values >= 0 are scaled by 255/max, otherwise by
    127/max|v| around 128 (in the input's precision, truncated to uint8); a pixel with any
    non-finite channel becomes `bad_color`."""
    out = []
    for image in images:
        finite = np.isfinite(image).all(axis=-1)
        good = image[finite]
        low = float(good.min()) if good.size else np.inf
        high = float(good.max()) if good.size else -np.inf
        if low < 0:
            top = max(abs(low), abs(high))
            scale, offset = (0.0 if top < 1e-6 else 127.0 / top), 128.0
        else:
            scale, offset = (0.0 if high < 1e-6 else 255.0 / high), 0.0
        kind = image.dtype.type
        with np.errstate(invalid="ignore"):
            scaled = image * kind(scale) + kind(offset)
        pixels = np.where(finite[..., None], scaled, 0).astype(np.uint8)
        pixels[~finite] = bad_color
        out.append(pixels)
    return np.stack(out) if out else np.zeros(images.shape, np.uint8)


@op("ImageSummary", inputs=("tag", "tensor"), attrs={"max_images": 3, "bad_color": _BAD_COLOR}, foldable=False,
    type_attrs=dict(T="tensor"))
class ImageSummary:
    """A Summary with PNG images of the first `max_images` of the batch `tensor` [n, h, w, c]
    (c in 1, 3, 4), tagged `tag/image` when max_images is 1, else `tag/image/<i>`; float images are rescaled
    to uint8 as TF does."""

    def infer(tag, tensor, max_images, bad_color):
        _check_string("ImageSummary", "tag", tag)
        _check_input("ImageSummary", "tensor", tensor, _IMAGE_TYPES)
        if max_images < 1:
            raise ValueError(f"Attr 'max_images' of 'ImageSummary' Op passed {max_images} less than minimum 1.")
        return dtypes.string, []

    def kernel(xp, tag, tensor, max_images, bad_color):
        name = _scalar_tag("ImageSummary", tag)
        tensor = np.asarray(tensor)
        if tensor.ndim != 4 or tensor.shape[-1] not in (1, 3, 4):
            raise errors.InvalidArgumentError(None, None, "Tensor must be 4-D with last dim 1, 3, or 4, not "
                                              f"{_shape_text(tensor.shape)}")
        _, height, width, channels = tensor.shape
        bad = np.asarray(bad_color, np.uint8).reshape(-1)
        if bad.size < channels:
            raise errors.InvalidArgumentError(None, None, f"bad_color must have at least {channels} entries")
        images = tensor[:max_images]
        pixels = images if tensor.dtype == np.uint8 else _to_uint8(images, bad[:channels])
        values = []
        for i, image in enumerate(pixels):
            image_tag = f"{name}/image" if max_images == 1 else f"{name}/image/{i}"
            encoded = protos.Summary.Image(height=height, width=width, colorspace=channels,
                                           encoded_image_string=image_png.encode(image, -1))
            values.append(protos.Summary.Value(tag=image_tag, image=encoded))
        return _output(values)

    grad = NOT_DIFFERENTIABLE
    samples = (((np.array(b"img"), np.zeros((2, 2, 3, 3), np.float32)), {}),)


@op("TensorSummaryV2", inputs=("tag", "tensor", "serialized_summary_metadata"), foldable=False,
    type_attrs=dict(T="tensor"))
class TensorSummaryV2:
    """A Summary with one `tensor` value (with the given SummaryMetadata): strings in `string_val`, other
    dtypes as raw `tensor_content` (TF's AsProtoTensorContent)."""

    def infer(tag, tensor, serialized_summary_metadata):
        _check_string("TensorSummaryV2", "tag", tag)
        _check_string("TensorSummaryV2", "serialized_summary_metadata", serialized_summary_metadata)
        return dtypes.string, []

    def kernel(xp, tag, tensor, serialized_summary_metadata):
        name = _scalar_tag("TensorSummaryV2", tag)
        value = protos.Summary.Value(tag=name, tensor=_tensor_content_proto(np.asarray(tensor)))
        # TF parses the metadata into a present (possibly empty) field and ignores a parse failure.
        value.metadata.SetInParent()
        with contextlib.suppress(DecodeError):
            value.metadata.MergeFromString(np.asarray(serialized_summary_metadata).item())
        return _output([value])

    grad = NOT_DIFFERENTIABLE
    samples = (((np.array(b"t"), np.array([b"x", b"yz"]), np.array(_TEXT_METADATA)), {}),)


def _tensor_content_proto(array):
    if array.dtype.kind in "SUO":
        return protos.tensor_to_proto(array, dtype=protos.DT_STRING)
    dtype = dtypes.as_dtype(array.dtype)
    proto = protos.TensorProto(dtype=dtype.as_datatype_enum)
    proto.tensor_shape.SetInParent()
    for dim in array.shape:
        proto.tensor_shape.dim.add().size = int(dim)
    proto.tensor_content = np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<")).tobytes()
    return proto


@op("MergeSummary", inputs=("*inputs",), foldable=False, type_attrs=dict(N="#inputs"))
class MergeSummary:
    """One Summary holding every value of the serialized Summaries `inputs`, in order; a tag seen
    twice is an InvalidArgumentError."""

    def infer(*inputs):
        for t in inputs:
            _check_string("MergeSummary", "inputs", t)
        return dtypes.string, []

    def kernel(xp, *inputs):
        seen, values = set(), []
        for array in inputs:
            for item in np.asarray(array).reshape(-1).tolist():
                try:
                    summary = protos.Summary.FromString(item)
                except DecodeError:
                    raise errors.InvalidArgumentError(None, None, "Could not parse one of the summary inputs") \
                        from None
                for value in summary.value:
                    if value.tag and value.tag in seen:
                        raise errors.InvalidArgumentError(None, None,
                                                          f"Duplicate tag {value.tag} found in summary inputs ")
                    seen.add(value.tag)
                    values.append(value)
        return _output(values)

    grad = NOT_DIFFERENTIABLE
    samples = ((([_output([protos.Summary.Value(tag="a", simple_value=1.0)]),
                   _output([protos.Summary.Value(tag="b", simple_value=2.0)])],), {}),)


# --- public functions ------------------------------------------------------------------------

_INVALID_TAG_CHARACTERS = re.compile(r"[^-/\w.]")


def _clean_tag(name):
    """TF's clean_tag: characters outside [-/\\w.] become '_', leading slashes go."""
    if name is None:
        return None
    return _INVALID_TAG_CHARACTERS.sub("_", name).lstrip("/")


@contextlib.contextmanager
def _summary_scope(name, family):
    """Yields (tag, scope) as TF's summary_op_util.summary_scope does."""
    name, family = _clean_tag(name), _clean_tag(family)
    base = name if family is None else f"{family}/{name}"
    with get_default_graph().name_scope(base) as scope:
        stem = scope.rstrip("/")
        yield (stem if family is None else f"{family}/{stem}"), scope


def _collect(tensor, collections) -> None:
    graph = get_default_graph()
    for key in ([GraphKeys.SUMMARIES] if collections is None else collections):
        graph.add_to_collection(key, tensor)


@tf_export("summary.scalar")
def scalar(name, tensor, collections=None, family=None):
    """A ScalarSummary op of the real scalar `tensor`; its value is a serialized Summary."""
    with _summary_scope(name, family) as (tag, scope):
        tags = constant(tag, name="tags")
        values = convert_to_tensor(tensor, name="values")
        result = ScalarSummary(tags, values, name=scope)
    _collect(result, collections)
    return result


@tf_export("summary.histogram")
def histogram(name, values, collections=None, family=None):
    """A HistogramSummary op over all elements of `values` (TF's default buckets)."""
    with _summary_scope(name, family) as (tag, scope):
        tag_tensor = constant(tag, name="tag")
        values = convert_to_tensor(values, name="values")
        result = HistogramSummary(tag_tensor, values, name=scope)
    _collect(result, collections)
    return result


@tf_export("summary.image")
def image(name, tensor, max_outputs=3, collections=None, family=None):
    """An ImageSummary op of the images [batch, height, width, channels] (uint8, or float rescaled)."""
    with _summary_scope(name, family) as (tag, scope):
        tag_tensor = constant(tag, name="tag")
        tensor = convert_to_tensor(tensor, name="tensor")
        result = ImageSummary(tag_tensor, tensor, max_images=max_outputs, name=scope)
    _collect(result, collections)
    return result


@tf_export("summary.text")
def text(name, tensor, collections=None):
    """A TensorSummaryV2 op of the string `tensor` with the text plugin's metadata."""
    tensor = convert_to_tensor(tensor)
    if tensor.dtype.base_dtype is not dtypes.string:
        raise ValueError(f"Expected tensor {tensor.name} to have dtype string, got {tensor.dtype.base_dtype.name}")
    with _summary_scope(name, None) as (tag, scope):
        tag_tensor = constant(tag, name="tag")
        metadata = constant(_TEXT_METADATA, name="serialized_summary_metadata")
        result = TensorSummaryV2(tag_tensor, tensor, metadata, name=scope)
    _collect(result, collections)
    return result


@tf_export("summary.merge")
def merge(inputs, collections=None, name=None):
    """A MergeSummary op combining the serialized Summaries `inputs` into one."""
    graph = get_default_graph()
    with graph.name_scope(name or "Merge"):
        tensors = [convert_to_tensor(t) for t in inputs]
        result = MergeSummary(tensors, name=name)
    for key in collections or []:
        graph.add_to_collection(key, result)
    return result


@tf_export("summary.merge_all")
def merge_all(key=GraphKeys.SUMMARIES, scope=None, name=None):
    """`merge` of the summaries in collection `key` (filtered by `scope`), or None when there are none."""
    summaries = get_default_graph().get_collection(key, scope=scope)
    return merge(summaries, name=name) if summaries else None
