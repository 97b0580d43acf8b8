"""Image codecs as TF's op types: DecodeJpeg, DecodePng, DecodeGif, DecodeBmp, DecodeImage, DecodeAndCropJpeg,
ExtractJpegShape, EncodeJpeg, EncodePng, and the public `tf.image.decode_*` / `encode_*` / `is_jpeg`.

As in TF, every decode op sniffs the format from the first bytes and decodes JPEG, PNG and GIF whatever its
name says (DecodeGif answers 4-D, the others 3-D); BMP only DecodeBmp and DecodeImage decode.

- JPEG is decoded by libjpeg-turbo through simplejpeg with TF's settings: the fast integer IDCT unless
  `dct_method="INTEGER_ACCURATE"`, fancy upsampling unless `fancy_upscaling=False`, and libjpeg's 1/ratio
  scaling, so pixels are TF's exactly. CMYK images are turned into RGB with TF's own formula.
- JPEG encoding goes through Pillow's libjpeg-turbo with TF's settings (jpeg_set_defaults, quality, optional
  progression and Huffman optimisation, JFIF density): the bytes are TF's.
- PNG is read and written by ops/image_png.py (zlib): libpng's filter heuristic and deflate settings make the bytes TF's, and
  the decoder applies libpng's conversions as TF asks for them (alpha, 16/8 bits, gray <-> RGB).
- GIF frames are decoded by Pillow, BMP by the same rules as TF's kernel.
"""

from __future__ import annotations

import base64
import io
import struct

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from . import image_png
from .common import check_dtype
from .constant import convert_to_tensor

_JPEG, _PNG, _GIF, _BMP = b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF8", b"BM"
_UNKNOWN = "Unknown image file format. One of JPEG, JPEG XL, PNG, GIF, BMP, WebP required."
_JPEG_FAILED = "jpeg::Uncompress failed. Invalid JPEG data or crop window."


def _invalid(message: str) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(None, None, message)


def _need(module: str):
    """Imports an image codec library, or says which package sessionflow's image ops need."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        package = "Pillow" if module.startswith("PIL") else module
        raise ImportError(f"sessionflow's image codecs need the {package} package (a dependency of sessionflow: "
                          f"pip install {package})") from None


def _bytes(value) -> bytes:
    value = value.item() if isinstance(value, np.ndarray) else value
    return value.encode() if isinstance(value, str) else bytes(value)


def _scalar_contents(contents: np.ndarray) -> bytes:
    if np.ndim(contents) != 0:
        raise _invalid(f"`contents` must be scalar but got shape{list(np.shape(contents))}".replace(" ", ""))
    return _bytes(contents)


# --- JPEG ----------------------------------------------------------------------------------------------

def _jpeg_components(header_colorspace: str) -> int:
    return {"Gray": 1, "CMYK": 4, "YCCK": 4}.get(header_colorspace, 3)


def _has_adobe_marker(data: bytes) -> bool:
    """Whether the JPEG carries an Adobe APP14 segment before its first scan (libjpeg's saw_Adobe_marker)."""
    pos = 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker == 0xDA:
            return False
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        if marker == 0xEE and data[pos + 4:pos + 9] == b"Adobe":
            return True
        pos += 2 + length
    return False


def _jpeg_decode(data: bytes, channels: int, ratio: int, fancy_upscaling: bool, try_recover_truncated: bool,
                 dct_method: str) -> np.ndarray:
    """TF's jpeg::Uncompress: [height / ratio, width / ratio, channels] uint8 pixels."""
    simplejpeg = _need("simplejpeg")
    try:
        height, width, colorspace, _ = simplejpeg.decode_jpeg_header(data)
    except ValueError:
        raise _invalid(_JPEG_FAILED) from None
    components = channels or min(_jpeg_components(colorspace), 3)
    cmyk = components == 3 and _jpeg_components(colorspace) == 4
    if components == 1 and _jpeg_components(colorspace) == 4:  # libjpeg has no CMYK -> gray conversion
        raise _invalid(_JPEG_FAILED)
    out_h, out_w = -(-height // ratio), -(-width // ratio)
    if out_h * out_w * components >= 1 << 29:
        raise _invalid(_JPEG_FAILED)
    options = dict(colorspace="CMYK" if cmyk else ("GRAY" if components == 1 else "RGB"),
                   fastdct=dct_method != "INTEGER_ACCURATE", fastupsample=not fancy_upscaling,
                   min_factor=ratio, min_height=out_h, min_width=out_w)
    try:
        pixels = simplejpeg.decode_jpeg(data, strict=True, **options)
    except ValueError as e:
        # Without recovery TF fails only where the data ends early; libjpeg's other warnings pass.
        if "Premature end" in str(e) and not try_recover_truncated:
            raise _invalid(_JPEG_FAILED) from None
        try:
            pixels = simplejpeg.decode_jpeg(data, strict=False, **options)
        except ValueError:
            raise _invalid(_JPEG_FAILED) from None
    if pixels.ndim == 2:
        pixels = pixels[..., None]
    if cmyk:
        c, m, y, k = (pixels[..., i].astype(np.int32) for i in range(4))
        if _has_adobe_marker(data):
            rgb = [k * c // 255, k * m // 255, k * y // 255]
        else:
            rgb = [(255 - k) * (255 - v) // 255 for v in (c, m, y)]
        pixels = np.stack(rgb, axis=-1).astype(np.uint8)
    return pixels


def _jpeg_shape(data: bytes) -> tuple[int, int, int]:
    simplejpeg = _need("simplejpeg")
    try:
        height, width, colorspace, _ = simplejpeg.decode_jpeg_header(data)
    except ValueError:
        raise _invalid(f"Invalid JPEG data, size {len(data)}") from None
    return height, width, _jpeg_components(colorspace)


# --- GIF and BMP ---------------------------------------------------------------------------------------

def _gif_decode(data: bytes, expand_animations: bool) -> np.ndarray:
    """All frames (or the first, without `expand_animations`) as [frames, height, width, 3] RGB."""
    image_module = _need("PIL.Image")
    if len(data) < 13:
        raise _invalid(f"Invalid GIF data (size {len(data)}), failed to open gif file: No screen descriptor "
                       "detected")
    try:
        gif = image_module.open(io.BytesIO(data))
        frames = []
        for index in range(getattr(gif, "n_frames", 1) if expand_animations else 1):
            gif.seek(index)
            frames.append(np.asarray(gif.convert("RGB")))
    except Exception:  # noqa: BLE001 - Pillow reports damage with assorted exception types; TF says this
        raise _invalid(f"Invalid GIF data (size {len(data)}), failed to slurp gif file: Failed to read from given "
                       "file") from None
    return np.stack(frames)


def _bmp_decode(data: bytes, channels: int) -> np.ndarray:
    """TF's BMP decoding: uncompressed 8/24/32-bit pixels, BGR(A) to RGB(A), rows bottom-up unless the
    height is negative."""
    if len(data) < 32:
        raise _invalid("Incomplete bmp content, requires at least 32 bytes to find the header size, width, height, "
                       f"and bpp, got {len(data)} bytes")
    header_size, = struct.unpack("<i", data[10:14])
    width, height = struct.unpack("<ii", data[18:26])
    bpp, = struct.unpack("<h", data[28:30])
    img_channels = int(bpp / 8)
    if img_channels not in (1, 3, 4):
        raise _invalid(f"Number of channels inherent in the image must be 1, 3 or 4, was {img_channels}")
    channels = channels or img_channels
    if width <= 0:
        raise _invalid("Width must be positive")
    if height == 0:
        raise _invalid("Height must be nonzero")
    if header_size < 0:
        raise _invalid("header size must be nonnegative")
    if width * abs(height) >= (2 ** 31 - 1) // 8:
        raise _invalid("Total possible pixel bytes must be less than 2^30")
    row_size = (img_channels * width + 3) // 4 * 4
    diff = len(data) - header_size - row_size * abs(height)
    if diff != 0:
        raise _invalid(f"Input size should match (header_size + row_size * abs_height) but they differ by {diff}")
    rows = np.frombuffer(data, np.uint8, row_size * abs(height), header_size).reshape(abs(height), row_size)
    pixels = rows[:, :width * img_channels].reshape(abs(height), width, img_channels)
    if height > 0:
        pixels = pixels[::-1]
    if img_channels == 1:
        pixels = np.repeat(pixels, 3, axis=-1) if channels >= 3 else pixels
    else:
        pixels = pixels[..., [2, 1, 0] + ([3] if img_channels == 4 else [])]
    if channels == 4 and pixels.shape[-1] == 3:
        pixels = np.concatenate([pixels, np.full(pixels.shape[:2] + (1,), 255, np.uint8)], axis=-1)
    return np.ascontiguousarray(pixels[..., :channels])


# --- the shared decode kernel -----------------------------------------------------------------------------

def _format(data: bytes) -> str:
    for magic, name in ((_JPEG, "JPEG"), (_PNG, "PNG"), (_GIF, "GIF"), (_BMP, "BMP")):
        if data.startswith(magic):
            return name
    return "UNKNOWN"


def _to_dtype(pixels: np.ndarray, dtype) -> np.ndarray:
    """uint8 (or PNG's uint16) pixels as the op's dtype, scaled as TF's kernel scales them."""
    if dtype is dtypes.uint8:
        return pixels
    if dtype is dtypes.uint16:
        return pixels if pixels.dtype == np.uint16 else pixels.astype(np.uint16) * np.uint16(256)
    top = np.float32(1.0 / (65535 if pixels.dtype == np.uint16 else 255))
    return pixels.astype(np.float32) * top


def _decode(op_type: str, contents, channels: int = 3, dtype=dtypes.uint8, expand_animations: bool = True,
            crop=None, jpeg=None) -> np.ndarray:
    """TF's DecodeImageV2Op: sniffs the format and decodes it as `op_type` answers it."""
    data = _scalar_contents(contents)
    if not data:
        raise _invalid("Input is empty.")
    kind = _format(data)
    if kind == "UNKNOWN":
        raise _invalid(_UNKNOWN)
    if kind == "JPEG":
        if channels not in (0, 1, 3):
            raise _invalid("JPEG does not support 4 channels")
        if op_type == "DecodeBmp":
            raise _invalid("Trying to decode JPEG format using DecodeBmp op. Use `decode_jpeg` or `decode_image` "
                           "instead.")
        flags = jpeg or dict(ratio=1, fancy_upscaling=True, try_recover_truncated=False, dct_method="")
        pixels = _jpeg_decode(data, channels, **flags)
        if crop is not None:
            y, x, h, w = crop
            if not (h > 0 and w > 0 and x >= 0 and y >= 0 and y + h <= pixels.shape[0] and x + w <= pixels.shape[1]):
                raise _invalid(_JPEG_FAILED)
            pixels = pixels[y:y + h, x:x + w]
        pixels = pixels[None] if op_type == "DecodeGif" else pixels
        return _to_dtype(np.ascontiguousarray(pixels), dtype)
    if kind == "PNG":
        # header damage and TF's size limits are reported before the op's own complaints
        image_png.check_size(image_png.read_chunks(data, header_only=True))
        if op_type == "DecodeBmp":
            raise _invalid("Trying to decode PNG format using DecodeBmp op. Use `decode_png` or `decode_image` "
                           "instead.")
        if op_type == "DecodeAndCropJpeg":
            raise _invalid("DecodeAndCropJpeg operation can run on JPEG only, but detected PNG.")
        pixels = image_png.decode(data, channels, dtype is not dtypes.uint8)
        pixels = pixels[None] if op_type == "DecodeGif" else pixels
        return _to_dtype(pixels, dtype)
    if kind == "GIF":
        if channels not in (0, 3):
            raise _invalid(f"channels must be 0 or 3 for GIF, got {channels}")
        if op_type == "DecodeBmp":
            raise _invalid("Trying to decode GIF format using DecodeBmp op. Use `decode_gif` or `decode_image` "
                           "instead.")
        if op_type == "DecodeAndCropJpeg":
            raise _invalid("DecodeAndCropJpeg operation can run on JPEG only, but detected GIF.")
        frames = _gif_decode(data, expand_animations or op_type != "DecodeImage")
        if op_type in ("DecodePng", "DecodeJpeg"):
            if len(frames) != 1:
                raise _invalid(f"Got {len(frames)} frames, but animated gifs can only be decoded by tf.io.decode_gif "
                               "or tf.io.decode_image")
            frames = frames[0]
        elif op_type == "DecodeImage" and not expand_animations:
            frames = frames[0]
        return _to_dtype(frames, dtype)
    if channels == 1:
        raise _invalid(f"`channels` must be 0, 3 or 4 for BMP, but got {channels}")
    if op_type == "DecodeAndCropJpeg":
        raise _invalid("DecodeAndCropJpeg operation can run on JPEG only, but detected BMP.")
    if op_type not in ("DecodeBmp", "DecodeImage"):
        raise _invalid(f"Trying to decode BMP format using a wrong op. Use `decode_bmp` or `decode_image` instead. "
                       f"Op used: {op_type}")
    return _to_dtype(_bmp_decode(data, channels), dtype)


def _check_channels(channels: int, allowed=(0, 1, 3, 4)) -> None:
    if channels not in allowed:
        raise _invalid(f"`channels` must be 0, 1, 3 or 4 but got {channels}")


def _check_scalar_contents(op_type: str, contents: Tensor) -> None:
    if contents.dtype.base_dtype is not dtypes.string:
        raise TypeError(f"Input 'contents' of '{op_type}' Op has type {contents.dtype.base_dtype.name} that does not "
                        "match expected type of string.")
    if contents.shape.ndims not in (None, 0):
        raise ValueError(f"Shape must be rank 0 but is rank {contents.shape.ndims} for '{op_type}' with input "
                         f"shapes: {contents.shape}.".replace("(", "[").replace(")", "]"))


# Small images for the registry tests: an 8x8 gray JPEG, a 2x3 RGB PNG, a 2x2 GIF and a 2x2 BMP.
_SAMPLE_JPEG = np.array(base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeX"
    "BkeFxlZ2P/wAALCAAIAAgBAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIh"
    "MUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhI"
    "WGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/9oACAEBAAA/AEg8"
    "Hf8ATP8ASv/Z"), dtype=object)
_SAMPLE_PNG = np.array(image_png.encode(np.arange(18, dtype=np.uint8).reshape(2, 3, 3) * 10, -1), dtype=object)
_SAMPLE_GIF = np.array(b"GIF89a\x02\x00\x02\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff,\x00\x00\x00\x00\x02\x00"
                       b"\x02\x00\x00\x02\x02\x84Q\x00;", dtype=object)
_SAMPLE_BMP = np.array(b"BM" + struct.pack("<IHHI", 70, 0, 0, 54) + struct.pack("<IiiHHIIiiII", 40, 2, 2, 1, 24, 0, 16,
                                                                                   0, 0, 0, 0)
                       + bytes(range(6)) + b"\x00\x00" + bytes(range(6, 12)) + b"\x00\x00", dtype=object)


def _jpeg_flags(ratio, fancy_upscaling, try_recover_truncated, dct_method) -> dict:
    if ratio not in (1, 2, 4, 8):
        raise _invalid(f"ratio must be 1, 2, 4, or 8, got {ratio}")
    if dct_method not in ("", "INTEGER_FAST", "INTEGER_ACCURATE"):
        raise _invalid("dct_method must be one of {'', 'INTEGER_FAST', 'INTEGER_ACCURATE'}")
    return dict(ratio=ratio, fancy_upscaling=fancy_upscaling, try_recover_truncated=try_recover_truncated,
                dct_method=dct_method)


_JPEG_ATTRS = dict(channels=0, ratio=1, fancy_upscaling=True, try_recover_truncated=False, acceptable_fraction=1.0,
                   dct_method="")


@op("DecodeJpeg", inputs=("contents",), attrs=_JPEG_ATTRS, type_attrs={})
class DecodeJpeg:
    """A JPEG (or PNG, or one-frame GIF) image as [height, width, channels] uint8."""

    def infer(contents, channels, ratio, fancy_upscaling, try_recover_truncated, acceptable_fraction, dct_method):
        _check_scalar_contents("DecodeJpeg", contents)
        return dtypes.uint8, TensorShape([None, None, channels or None])

    def kernel(xp, contents, channels, ratio, fancy_upscaling, try_recover_truncated, acceptable_fraction,
               dct_method):
        _check_channels(channels)
        flags = _jpeg_flags(ratio, fancy_upscaling, try_recover_truncated, dct_method)
        return _decode("DecodeJpeg", contents, channels, jpeg=flags)

    grad = NOT_DIFFERENTIABLE

    samples = [((_SAMPLE_JPEG,), {}), ((_SAMPLE_JPEG,), dict(channels=3, ratio=2, dct_method="INTEGER_ACCURATE")),
               ((_SAMPLE_PNG,), dict(channels=1))]


@op("DecodeAndCropJpeg", inputs=("contents", "crop_window"), attrs=_JPEG_ATTRS, type_attrs={})
class DecodeAndCropJpeg:
    """The crop_window [y, x, height, width] of a JPEG image, as decode_jpeg then a crop would give it."""

    def infer(contents, crop_window, channels, ratio, fancy_upscaling, try_recover_truncated, acceptable_fraction,
              dct_method):
        _check_scalar_contents("DecodeAndCropJpeg", contents)
        check_dtype("DecodeAndCropJpeg", "crop_window", crop_window, (dtypes.int32,))
        return dtypes.uint8, TensorShape([None, None, channels or None])

    def kernel(xp, contents, crop_window, channels, ratio, fancy_upscaling, try_recover_truncated,
               acceptable_fraction, dct_method):
        _check_channels(channels)
        flags = _jpeg_flags(ratio, fancy_upscaling, try_recover_truncated, dct_method)
        if np.ndim(crop_window) != 1:
            raise _invalid(f"crop_window must be 1-D, got shape {list(np.shape(crop_window))}")
        if np.shape(crop_window)[0] != 4:
            raise _invalid(f"crop_size must have four elements {list(np.shape(crop_window))}")
        return _decode("DecodeAndCropJpeg", contents, channels, crop=[int(v) for v in crop_window], jpeg=flags)

    grad = NOT_DIFFERENTIABLE

    samples = [((_SAMPLE_JPEG, np.array([1, 2, 5, 3], np.int32)), {})]


@op("DecodePng", inputs=("contents",), attrs=dict(channels=0, dtype=dtypes.uint8), type_attrs={})
class DecodePng:
    """A PNG (or JPEG, or one-frame GIF) image as [height, width, channels] uint8 or uint16."""

    def infer(contents, channels, dtype):
        _check_scalar_contents("DecodePng", contents)
        return dtype, TensorShape([None, None, channels or None])

    def kernel(xp, contents, channels, dtype):
        _check_channels(channels)
        if dtype not in (dtypes.uint8, dtypes.uint16):
            raise _invalid(f"`dtype` for `DecodePng` must be unit8, unit16 but got: {dtype.as_datatype_enum}")
        return _decode("DecodePng", contents, channels, dtype)

    grad = NOT_DIFFERENTIABLE

    samples = [((_SAMPLE_PNG,), {}), ((_SAMPLE_PNG,), dict(channels=4, dtype=dtypes.uint16))]


@op("DecodeGif", inputs=("contents",), type_attrs={})
class DecodeGif:
    """Every frame of a GIF (or a JPEG/PNG as one frame) as [frames, height, width, 3] uint8."""

    def infer(contents):
        _check_scalar_contents("DecodeGif", contents)
        return dtypes.uint8, TensorShape([None, None, None, 3])

    def kernel(xp, contents):
        return _decode("DecodeGif", contents, 3)

    grad = NOT_DIFFERENTIABLE

    samples = [((_SAMPLE_GIF,), {}), ((_SAMPLE_PNG,), {})]


@op("DecodeBmp", inputs=("contents",), attrs=dict(channels=0), type_attrs={})
class DecodeBmp:
    """A BMP image as [height, width, channels] uint8."""

    def infer(contents, channels):
        _check_scalar_contents("DecodeBmp", contents)
        return dtypes.uint8, TensorShape([None, None, channels or None])

    def kernel(xp, contents, channels):
        _check_channels(channels)
        return _decode("DecodeBmp", contents, channels)

    grad = NOT_DIFFERENTIABLE

    samples = [((_SAMPLE_BMP,), {}), ((_SAMPLE_BMP,), dict(channels=4))]


@op("DecodeImage", inputs=("contents",), attrs=dict(channels=0, dtype=dtypes.uint8, expand_animations=True),
    type_attrs={})
class DecodeImage:
    """Any of JPEG/PNG/GIF/BMP, 3-D (a GIF 4-D with expand_animations), as uint8, uint16 or float32."""

    def infer(contents, channels, dtype, expand_animations):
        _check_scalar_contents("DecodeImage", contents)
        return dtype, TensorShape(None)

    def kernel(xp, contents, channels, dtype, expand_animations):
        _check_channels(channels)
        if dtype not in (dtypes.uint8, dtypes.uint16, dtypes.float32):
            raise _invalid("`dtype` for `DecodeImage` must be unit8, unit16, float but got: "
                           f"{dtype.as_datatype_enum}")
        return _decode("DecodeImage", contents, channels, dtype, expand_animations)

    grad = NOT_DIFFERENTIABLE

    samples = [((_SAMPLE_GIF,), dict(expand_animations=False)), ((_SAMPLE_BMP,), dict(dtype=dtypes.float32)),
               ((_SAMPLE_JPEG,), dict(channels=3))]


@op("ExtractJpegShape", inputs=("contents",), attrs=dict(output_type=dtypes.int32), type_attrs={})
class ExtractJpegShape:
    """[height, width, channels] of a JPEG image, read from its header."""

    def infer(contents, output_type):
        _check_scalar_contents("ExtractJpegShape", contents)
        return output_type, TensorShape([3])

    def kernel(xp, contents, output_type):
        return np.array(_jpeg_shape(_scalar_contents(contents)), output_type.as_numpy_dtype)

    grad = NOT_DIFFERENTIABLE

    samples = [((_SAMPLE_JPEG,), {}), ((_SAMPLE_JPEG,), dict(output_type=dtypes.int64))]


# --- encoders ------------------------------------------------------------------------------------------

def _jpeg_encode(image: np.ndarray, format: str, quality: int, progressive: bool, optimize_size: bool,
                 chroma_downsampling: bool, density_unit: str, x_density: int, y_density: int,
                 xmp_metadata: str) -> bytes:
    """TF's jpeg::Compress through Pillow's libjpeg: jpeg_set_defaults, the quality, optional progression
    and Huffman optimisation, 4:2:0 chroma unless turned off, the JFIF density and an XMP APP1 segment."""
    image_module = _need("PIL.Image")
    channels = image.shape[-1]
    picture = image_module.fromarray(np.ascontiguousarray(image[..., 0] if channels == 1 else image))
    options = dict(quality=quality, progressive=progressive, optimize=optimize_size, dpi=(x_density, y_density))
    if channels == 3 or not chroma_downsampling:  # Pillow's default for gray is libjpeg's 2x2 sampling, as TF's
        options["subsampling"] = 2 if chroma_downsampling else 0
    if xmp_metadata:
        options["xmp"] = xmp_metadata.encode() if isinstance(xmp_metadata, str) else xmp_metadata
    out = io.BytesIO()
    picture.save(out, "JPEG", **options)
    data = bytearray(out.getvalue())
    if data[6:11] == b"JFIF\x00":  # Pillow writes its dpi in inches; TF's unit is the density_unit attr
        data[13] = {"in": 1, "cm": 2}[density_unit]
    return bytes(data)


@op("EncodeJpeg", inputs=("image",), attrs=dict(format="", quality=95, progressive=False, optimize_size=False,
                                                 chroma_downsampling=True, density_unit="in", x_density=300,
                                                 y_density=300, xmp_metadata=""), type_attrs={})
class EncodeJpeg:
    """A [height, width, channels] uint8 image as JPEG bytes (TF's libjpeg settings, byte for byte)."""

    def infer(image, format, quality, progressive, optimize_size, chroma_downsampling, density_unit, x_density,
              y_density, xmp_metadata):
        check_dtype("EncodeJpeg", "image", image, (dtypes.uint8,))
        if image.shape.ndims not in (None, 3):
            raise ValueError(f"Shape must be rank 3 but is rank {image.shape.ndims} for '{{node EncodeJpeg}} = "
                             f"EncodeJpeg' with input shapes: {image.shape}.")
        return dtypes.string, TensorShape([])

    def kernel(xp, image, format, quality, progressive, optimize_size, chroma_downsampling, density_unit,
               x_density, y_density, xmp_metadata):
        if format not in ("", "grayscale", "rgb"):
            raise _invalid(f"format must be '', grayscale or rgb, got {format}")
        if not 0 <= quality <= 100:
            raise _invalid(f"quality must be in [0,100], got {quality}")
        if density_unit not in ("in", "cm"):
            raise _invalid(f"density_unit must be 'in' or 'cm', got {density_unit}")
        if image.ndim != 3:
            raise _invalid(f"image must be 3-dimensional{list(image.shape)}".replace(" ", ""))
        channels = {"": image.shape[-1], "grayscale": 1, "rgb": 3}[format]
        if channels not in (1, 3) or image.shape[-1] != channels:
            shape = "[" + ",".join(str(d) for d in image.shape) + "]"
            raise _invalid(f"image must have 1 or 3 channels, got {shape}" if not format else
                           f"Image must have {channels} channels, got {shape}")
        if image.size == 0:
            raise _invalid("Invalid image provided.")
        data = _jpeg_encode(image, format, quality, progressive, optimize_size, chroma_downsampling, density_unit,
                            x_density, y_density, xmp_metadata)
        return np.array(data, dtype=object)

    grad = NOT_DIFFERENTIABLE

    samples = [((np.arange(48, dtype=np.uint8).reshape(4, 4, 3) * 5,), {}),
               ((np.arange(16, dtype=np.uint8).reshape(4, 4, 1),), dict(quality=50, progressive=True))]


@op("EncodeJpegVariableQuality", inputs=("images", "quality"), type_attrs={})
class EncodeJpegVariableQuality:
    """EncodeJpeg with its default settings and the quality given as a scalar tensor."""

    def infer(images, quality):
        check_dtype("EncodeJpegVariableQuality", "images", images, (dtypes.uint8,))
        check_dtype("EncodeJpegVariableQuality", "quality", quality, (dtypes.int32,))
        return dtypes.string, TensorShape([])

    def kernel(xp, images, quality):
        if np.ndim(quality) != 0:
            raise _invalid(f"quality must be scalar: {list(np.shape(quality))}".replace(" ", ""))
        return EncodeJpeg.kernel(xp, images, format="", quality=int(quality), progressive=False, optimize_size=False,
                                 chroma_downsampling=True, density_unit="in", x_density=300, y_density=300,
                                 xmp_metadata="")

    grad = NOT_DIFFERENTIABLE

    samples = [((np.arange(48, dtype=np.uint8).reshape(4, 4, 3) * 5, np.int32(40)), {})]


@op("EncodePng", inputs=("image",), attrs=dict(compression=-1), type_attrs=dict(T="image"))
class EncodePng:
    """A [height, width, channels] uint8/uint16 image as PNG bytes (TF's libpng settings, byte for byte)."""

    def infer(image, compression):
        check_dtype("EncodePng", "image", image, (dtypes.uint8, dtypes.uint16))
        if image.shape.ndims not in (None, 3):
            raise ValueError(f"Shape must be rank 3 but is rank {image.shape.ndims} for '{{node EncodePng}} = "
                             f"EncodePng' with input shapes: {image.shape}.")
        return dtypes.string, TensorShape([])

    def kernel(xp, image, compression):
        if not -1 <= compression <= 9:
            raise _invalid(f"compression should be in [-1,9], got {compression}")
        if image.ndim != 3:
            raise _invalid(f"image must be 3-dimensional{list(image.shape)}".replace(" ", ""))
        if image.shape[-1] not in (1, 2, 3, 4):
            raise _invalid(f"image must have 1, 2, 3, or 4 channels, got {image.shape[-1]}")
        if image.size == 0:
            return np.array(b"", dtype=object)
        return np.array(image_png.encode(np.ascontiguousarray(image), compression), dtype=object)

    grad = NOT_DIFFERENTIABLE

    samples = [((np.arange(24, dtype=np.uint8).reshape(2, 4, 3),), {}),
               ((np.arange(8, dtype=np.uint16).reshape(2, 2, 2) * 4000,), dict(compression=9))]


# --- public functions ----------------------------------------------------------------------------------

def _contents(contents, name: str = "contents") -> Tensor:
    return contents if isinstance(contents, Tensor) else convert_to_tensor(contents, dtype=dtypes.string, name=name)


@tf_export("image.decode_jpeg", "io.decode_jpeg")
def decode_jpeg(contents, channels=0, ratio=1, fancy_upscaling=True, try_recover_truncated=False,
                acceptable_fraction=1, dct_method="", name=None) -> Tensor:
    return DecodeJpeg(_contents(contents), channels=channels, ratio=ratio, fancy_upscaling=fancy_upscaling,
                      try_recover_truncated=try_recover_truncated, acceptable_fraction=float(acceptable_fraction),
                      dct_method=dct_method, name=name)


@tf_export("image.decode_and_crop_jpeg", "io.decode_and_crop_jpeg")
def decode_and_crop_jpeg(contents, crop_window, channels=0, ratio=1, fancy_upscaling=True,
                         try_recover_truncated=False, acceptable_fraction=1, dct_method="", name=None) -> Tensor:
    return DecodeAndCropJpeg(_contents(contents), convert_to_tensor(crop_window, dtype=dtypes.int32),
                             channels=channels, ratio=ratio, fancy_upscaling=fancy_upscaling,
                             try_recover_truncated=try_recover_truncated,
                             acceptable_fraction=float(acceptable_fraction), dct_method=dct_method, name=name)


@tf_export("image.decode_png", "io.decode_png")
def decode_png(contents, channels=0, dtype=dtypes.uint8, name=None) -> Tensor:
    return DecodePng(_contents(contents), channels=channels, dtype=dtypes.as_dtype(dtype), name=name)


@tf_export("image.decode_gif", "io.decode_gif")
def decode_gif(contents, name=None) -> Tensor:
    return DecodeGif(_contents(contents), name=name)


@tf_export("image.decode_bmp", "io.decode_bmp")
def decode_bmp(contents, channels=0, name=None) -> Tensor:
    return DecodeBmp(_contents(contents), channels=channels, name=name)


@tf_export("image.decode_image", "io.decode_image")
def decode_image(contents, channels=None, dtype=dtypes.uint8, name=None, expand_animations=True) -> Tensor:
    """Any of JPEG/PNG/GIF/BMP as one DecodeImage op; a dtype other than uint8/uint16/float32 decodes to
    uint16 and converts (`convert_image_dtype`), as TF."""
    dtype = dtypes.as_dtype(dtype)
    with get_default_graph().name_scope(name or "decode_image"):
        channels = 0 if channels is None else channels
        if dtype not in (dtypes.float32, dtypes.uint8, dtypes.uint16):
            from .image_adjust import convert_image_dtype

            decoded = DecodeImage(_contents(contents), channels=channels, dtype=dtypes.uint16,
                                  expand_animations=expand_animations)
            return convert_image_dtype(decoded, dtype)
        return DecodeImage(_contents(contents), channels=channels, dtype=dtype, expand_animations=expand_animations)


@tf_export("image.extract_jpeg_shape", "io.extract_jpeg_shape")
def extract_jpeg_shape(contents, output_type=dtypes.int32, name=None) -> Tensor:
    return ExtractJpegShape(_contents(contents), output_type=dtypes.as_dtype(output_type), name=name)


@tf_export("image.is_jpeg", "io.is_jpeg")
def is_jpeg(contents, name=None) -> Tensor:
    """Whether `contents` starts with JPEG's magic bytes (TF's graph: Substr, then Equal)."""
    from .math import equal
    from .strings import substr

    with get_default_graph().name_scope(name or "is_jpeg"):
        return equal(substr(_contents(contents), 0, 3), _JPEG, name=name)


@tf_export("image.encode_jpeg", "io.encode_jpeg")
def encode_jpeg(image, format="", quality=95, progressive=False, optimize_size=False, chroma_downsampling=True,
                density_unit="in", x_density=300, y_density=300, xmp_metadata="", name=None) -> Tensor:
    return EncodeJpeg(convert_to_tensor(image, name="image"), format=format, quality=quality,
                      progressive=progressive, optimize_size=optimize_size, chroma_downsampling=chroma_downsampling,
                      density_unit=density_unit, x_density=x_density, y_density=y_density,
                      xmp_metadata=xmp_metadata, name=name)


@tf_export("image.encode_png", "io.encode_png")
def encode_png(image, compression=-1, name=None) -> Tensor:
    return EncodePng(convert_to_tensor(image, name="image"), compression=compression, name=name)


@tf_export("image.adjust_jpeg_quality")
def adjust_jpeg_quality(image, jpeg_quality, dct_method="", name=None) -> Tensor:
    """The image JPEG-encoded at `jpeg_quality` and decoded again, in its own dtype."""
    from .image_adjust import convert_image_dtype

    with get_default_graph().name_scope(name or "adjust_jpeg_quality"):
        image = convert_to_tensor(image, name="image")
        channels = image.shape.as_tuple()[-1] if image.shape.ndims else None
        original = image.dtype.base_dtype
        image = convert_image_dtype(image, dtypes.uint8, saturate=True)
        if not isinstance(jpeg_quality, Tensor):
            jpeg_quality = convert_to_tensor(jpeg_quality, dtype=dtypes.int32)
        encoded = EncodeJpegVariableQuality(image, jpeg_quality)
        decoded = DecodeJpeg(encoded, channels=channels or 0, dct_method=dct_method)
        return convert_image_dtype(decoded, original, saturate=True)


@tf_export("image.random_jpeg_quality")
def random_jpeg_quality(image, min_jpeg_quality, max_jpeg_quality, seed=None) -> Tensor:
    """adjust_jpeg_quality at a quality drawn uniformly from [min_jpeg_quality, max_jpeg_quality)."""
    from .random import random_uniform

    if min_jpeg_quality < 0 or max_jpeg_quality < 0 or min_jpeg_quality > 100 or max_jpeg_quality > 100:
        raise ValueError("jpeg encoding range must be between 0 and 100.")
    if min_jpeg_quality >= max_jpeg_quality:
        raise ValueError("`min_jpeg_quality` must be less than `max_jpeg_quality`.")
    quality = random_uniform([], min_jpeg_quality, max_jpeg_quality, seed=seed, dtype=dtypes.int32)
    return adjust_jpeg_quality(image, quality)
