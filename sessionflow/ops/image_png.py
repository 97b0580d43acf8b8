"""PNG as TF's libpng code reads and writes it: the chunks (CRCs checked), inflating and unfiltering the
rows (Adam7 too), libpng's conversions as TF asks for them (palette and tRNS to RGB(A), gray <-> RGB with TF's
0.299/0.587 weights, 16 <-> 8 bits, alpha added or dropped), and the encoder's settings (libpng's adaptive
filter choice, zlib level, memLevel 9, filtered strategy, the window shrunk to small images, 8 KiB IDAT
chunks), so encoded bytes are TF's. Rows of 8-bit images and 16-bit gray are unfiltered by Pillow (C), the
others here. Helpers of ops/image_codecs.py; no op is declared here."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np

from ..framework import errors

_PNG = b"\x89PNG\r\n\x1a\n"


def _invalid(message: str) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(None, None, message)


_ADAM7 = ((0, 0, 8, 8), (0, 4, 8, 8), (4, 0, 8, 4), (0, 2, 4, 4), (2, 0, 4, 2), (0, 1, 2, 2), (1, 0, 2, 1))
_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def _unfilter(raw: bytes, height: int, rowbytes: int, bpp: int, size: int) -> np.ndarray:
    """PNG rows [height, rowbytes] from their filtered form (one filter-type byte per row)."""
    if len(raw) < height * (rowbytes + 1):
        raise _invalid(f"Invalid PNG data, size {size}")
    rows = np.frombuffer(raw, np.uint8, height * (rowbytes + 1)).reshape(height, rowbytes + 1)
    out = np.zeros((height + 1, rowbytes + bpp), np.uint8)  # a zero row above, zero pixels to the left
    for y in range(height):
        kind, line = rows[y, 0], rows[y, 1:]
        prev = out[y, bpp:]
        if kind == 0:
            out[y + 1, bpp:] = line
        elif kind == 2:
            out[y + 1, bpp:] = line + prev
        elif kind == 1:
            cols = line.reshape(-1, bpp) if rowbytes % bpp == 0 else None
            if cols is not None:
                out[y + 1, bpp:] = np.cumsum(cols, axis=0, dtype=np.uint8).reshape(-1)
            else:
                _unfilter_sequential(out[y + 1], line, prev, bpp, kind)
        elif kind in (3, 4):
            _unfilter_sequential(out[y + 1], line, prev, bpp, kind)
        else:
            raise _invalid(f"Invalid PNG data, size {size}")
    return out[1:, bpp:]


def _unfilter_sequential(dest: np.ndarray, line: np.ndarray, prev: np.ndarray, bpp: int, kind: int) -> None:
    """Average (3) and Paeth (4) rows, one pixel (bpp bytes) at a time; `dest` starts with bpp zero bytes."""
    above = np.concatenate([np.zeros(bpp, np.int16), prev.astype(np.int16)])
    cur = dest.astype(np.int16)
    line = line.astype(np.int16)
    for x in range(bpp, len(dest), bpp):
        a, b = cur[x - bpp:x], above[x:x + bpp]
        if kind == 3:
            pred = (a + b) >> 1
        else:
            c = above[x - bpp:x]
            p = a + b - c
            pa, pb, pc = np.abs(p - a), np.abs(p - b), np.abs(p - c)
            pred = np.where((pa <= pb) & (pa <= pc), a, np.where(pb <= pc, b, c))
        cur[x:x + bpp] = (line[x - bpp:x] + pred) & 0xFF
    dest[:] = cur.astype(np.uint8)


def _png_samples(rows: np.ndarray, width: int, channels: int, depth: int) -> np.ndarray:
    """Unfiltered rows -> [height, width, channels] samples (uint8, or uint16 for 16-bit images)."""
    if depth == 16:
        return rows.view(">u2").reshape(rows.shape[0], width, channels).astype(np.uint16)
    if depth == 8:
        return rows.reshape(rows.shape[0], width, channels)
    bits = np.unpackbits(rows, axis=1).reshape(rows.shape[0], -1, depth)
    values = np.zeros(bits.shape[:2], np.uint8)
    for i in range(depth):
        values = (values << 1) | bits[..., i]
    return values[:, :width * channels].reshape(rows.shape[0], width, channels)


def read_chunks(data: bytes, header_only: bool = False) -> dict:
    """The chunks TF's libpng reads: IHDR fields, PLTE, tRNS and the inflated image rows, CRCs checked.
    Damage before the first IDAT is TF's initialisation failure, later damage its data failure;
    `header_only` stops at the first IDAT (what TF's decoder reads before its op-specific checks)."""
    init, broken = "Invalid PNG. Failed to initialize decoder.", f"Invalid PNG data, size {len(data)}"
    pos, info, idat = 8, {}, []
    while True:
        fail = broken if idat else init
        if pos + 8 > len(data):
            raise _invalid(fail)
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        fail = broken if kind == b"IDAT" else fail
        if kind == b"IDAT" and header_only and "width" in info:
            return info
        body = data[pos + 8:pos + 8 + length]
        crc = data[pos + 8 + length:pos + 12 + length]
        if len(body) < length or len(crc) < 4 or zlib.crc32(kind + body) != struct.unpack(">I", crc)[0]:
            raise _invalid(fail)
        pos += 12 + length
        if kind == b"IHDR":
            if length != 13 or "width" in info:
                raise _invalid(init)
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if (width <= 0 or height <= 0 or color not in _PNG_CHANNELS
                    or depth not in ((8, 16) if color in (2, 4, 6) else (1, 2, 4, 8) if color == 3
                                     else (1, 2, 4, 8, 16))):
                raise _invalid(init)
            info.update(width=width, height=height, depth=depth, color=color, interlace=interlace)
        elif "width" not in info:
            raise _invalid(init)
        elif kind == b"PLTE":
            info["palette"] = np.frombuffer(body, np.uint8)[:len(body) // 3 * 3].reshape(-1, 3)
        elif kind == b"tRNS":
            info["trns"] = body
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        elif not kind[0] & 0x20:  # an unknown critical chunk
            raise _invalid(fail)
    if not idat:
        raise _invalid(broken)
    try:  # never inflate more than the image needs (a small stream can claim gigabytes)
        inflate = zlib.decompressobj()
        info["raw"] = inflate.decompress(b"".join(idat), _raw_size(info))
    except zlib.error:
        raise _invalid(broken) from None
    return info


def _raw_size(info: dict) -> int:
    """Bytes of filtered rows the image's header implies (every Adam7 pass for interlaced images)."""
    width, height = info["width"], info["height"]
    bits = _PNG_CHANNELS[info["color"]] * info["depth"]
    if not info["interlace"]:
        return height * ((width * bits + 7) // 8 + 1)
    total = 0
    for y0, x0, dy, dx in _ADAM7:
        h, w = max(0, -(-(height - y0) // dy)), max(0, -(-(width - x0) // dx))
        if h and w:
            total += h * ((w * bits + 7) // 8 + 1)
    return total


def check_size(info: dict) -> None:
    """TF's limits on a PNG's dimensions, checked before any pixel is decoded."""
    width, height = info["width"], info["height"]
    if width >= 1 << 27 or height >= 1 << 27 or width * height >= 1 << 29:
        raise _invalid(f"PNG size too large for int: {width} by {height}")


def _pillow_samples(data: bytes, info: dict) -> np.ndarray | None:
    """The image's own samples decoded by Pillow's C code (8-bit images and 16-bit gray, which Pillow reads
    without conversion), or None where Pillow would convert them or fails (the checked path then decides)."""
    if not (info["depth"] == 8 or (info["depth"] == 16 and info["color"] == 0)):
        return None
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as picture:
            picture.load()
            samples = np.asarray(picture)
    except Exception:  # noqa: BLE001 - any failure: the checked path reports TF's error
        return None
    channels = _PNG_CHANNELS[info["color"]]
    if samples.shape[:2] != (info["height"], info["width"]) or samples.size != info["height"] * info["width"] * channels:
        return None
    return samples.reshape(info["height"], info["width"], channels).astype(
        np.uint16 if info["depth"] == 16 else np.uint8, copy=False)


def _png_pixels(info: dict, size: int, data: bytes = b"") -> np.ndarray:
    """The image's own samples [height, width, channels] (palette indices for palette images)."""
    fast = _pillow_samples(data, info) if data else None
    if fast is not None:
        return fast
    width, height, depth, color = info["width"], info["height"], info["depth"], info["color"]
    channels = _PNG_CHANNELS[color]
    bits = channels * depth
    bpp = max(bits // 8, 1)
    if not info["interlace"]:
        rowbytes = (width * bits + 7) // 8
        return _png_samples(_unfilter(info["raw"], height, rowbytes, bpp, size), width, channels, depth)
    image = np.zeros((height, width, channels), np.uint16 if depth == 16 else np.uint8)
    raw, offset = info["raw"], 0
    for y0, x0, dy, dx in _ADAM7:
        h, w = max(0, -(-(height - y0) // dy)), max(0, -(-(width - x0) // dx))
        if h == 0 or w == 0:
            continue
        rowbytes = (w * bits + 7) // 8
        rows = _unfilter(raw[offset:], h, rowbytes, bpp, size)
        offset += h * (rowbytes + 1)
        image[y0::dy, x0::dx] = _png_samples(rows, w, channels, depth)
    return image


def decode(data: bytes, channels: int, sixteen: bool) -> np.ndarray:
    """TF's png::CommonInitDecode/CommonFinishDecode: libpng's conversions to `channels` (0: the image's own)
    and to 16 bits (`sixteen`) or 8."""
    info = read_chunks(data)
    depth, color = info["depth"], info["color"]
    has_trns = "trns" in info
    if channels == 0:
        channels = (4 if has_trns else 3) if color == 3 else _PNG_CHANNELS[color]
    samples = _png_pixels(info, len(data), data)
    if color == 3:
        palette = info.get("palette")
        if palette is None:
            raise _invalid(f"Invalid PNG data, size {len(data)}")
        index = np.minimum(samples[..., 0], len(palette) - 1)
        alpha = np.full(256, 255, np.uint8)
        if has_trns:
            trns = np.frombuffer(info["trns"], np.uint8)[:256]
            alpha[:len(trns)] = trns
        samples = np.concatenate([palette[index], alpha[index][..., None]], axis=-1)
        depth, source_alpha = 8, has_trns
    else:
        if depth < 8:  # gray expanded to 8 bits by bit replication (libpng's expand_gray_1_2_4_to_8)
            scale = 255 // ((1 << depth) - 1)
            key = None if not has_trns else int(struct.unpack(">H", info["trns"][:2])[0])
            opaque = samples[..., :1] != key if key is not None else None
            samples = samples * np.uint8(scale)
            depth = 8
        else:
            opaque = None
            if has_trns and color in (0, 2):
                key = np.array(struct.unpack(f">{_PNG_CHANNELS[color]}H", info["trns"][:2 * _PNG_CHANNELS[color]]))
                opaque = ~np.all(samples == key, axis=-1, keepdims=True)
        top = (1 << depth) - 1
        if color in (4, 6):
            source_alpha = True
        elif opaque is not None:
            samples = np.concatenate([samples, np.where(opaque, top, 0).astype(samples.dtype)], axis=-1)
            source_alpha = True
        else:
            samples = np.concatenate([samples, np.full(samples.shape[:2] + (1,), top, samples.dtype)], axis=-1)
            source_alpha = False
    want_alpha = channels % 2 == 0
    color_part, alpha = samples[..., :-1], samples[..., -1:]
    if not source_alpha and want_alpha:  # libpng's filler is TF's (1 << the file's bit depth) - 1, even for 2 bits
        alpha = np.full_like(alpha, (1 << info["depth"]) - 1)
    if channels < 3 and color_part.shape[-1] == 3:  # libpng converts to gray before it strips 16 bits
        color_part = _png_rgb_to_gray(color_part, depth)
    if depth == 16 and not sixteen:
        color_part, alpha = (color_part >> 8).astype(np.uint8), (alpha >> 8).astype(np.uint8)
        depth = 8
    if channels >= 3 and color_part.shape[-1] == 1:
        color_part = np.repeat(color_part, 3, axis=-1)
    out = np.concatenate([color_part, alpha], axis=-1) if want_alpha else color_part
    if sixteen and depth == 8:
        out = out.astype(np.uint16) * np.uint16(257)
    return np.ascontiguousarray(out)


def _png_rgb_to_gray(rgb: np.ndarray, depth: int) -> np.ndarray:
    """libpng's rgb_to_gray with TF's (0.299, 0.587) weights in its 15-bit fixed point (truncated, blue takes
    the rest): 8-bit samples are truncated, 16-bit ones rounded."""
    red, green = 29900 * 32768 // 100000, 58700 * 32768 // 100000
    blue = 32768 - red - green
    r, g, b = (rgb[..., i:i + 1].astype(np.int64) for i in range(3))
    return ((r * red + g * green + b * blue + (16384 if depth == 16 else 0)) >> 15).astype(rgb.dtype)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_filter(rows: np.ndarray, bpp: int) -> np.ndarray:
    """libpng's adaptive filtering: each row gets the filter (None, Sub, Up, Average, Paeth, in that order of
    preference) whose bytes, read as signed, have the smallest sum of magnitudes."""
    height, n = rows.shape
    prev = np.vstack([np.zeros((1, n), np.uint8), rows[:-1]])
    left = np.zeros_like(rows)
    left[:, bpp:] = rows[:, :-bpp]
    upper_left = np.zeros_like(rows)
    upper_left[:, bpp:] = prev[:, :-bpp]
    a, b, c = left.astype(np.int16), prev.astype(np.int16), upper_left.astype(np.int16)
    p = a + b - c
    pa, pb, pc = np.abs(p - a), np.abs(p - b), np.abs(p - c)
    paeth = np.where((pa <= pb) & (pa <= pc), a, np.where(pb <= pc, b, c))
    wide = rows.astype(np.int16)
    candidates = np.stack([rows, rows - left, rows - prev, ((wide - ((a + b) >> 1)) & 0xFF).astype(np.uint8),
                           ((wide - paeth) & 0xFF).astype(np.uint8)])
    cost = np.where(candidates < 128, candidates, 256 - candidates.astype(np.int32)).sum(axis=-1)
    choice = np.argmin(cost, axis=0)
    out = np.empty((height, n + 1), np.uint8)
    out[:, 0] = choice
    out[:, 1:] = candidates[choice, np.arange(height)]
    return out


def encode(image: np.ndarray, compression: int) -> bytes:
    """TF's png::WriteImageToBuffer: libpng with its default filters, zlib at `compression` (-1: zlib's
    default), memLevel 9, the filtered strategy, libpng's window shrunk to the data (and the header's claim
    shrunk further), IDAT chunks of 8 KiB."""
    height, width, channels = image.shape
    depth = 16 if image.dtype == np.uint16 else 8
    rows = (image.astype(">u2").view(np.uint8) if depth == 16 else image).reshape(height, -1)
    data = _png_filter(np.ascontiguousarray(rows), channels * depth // 8).tobytes()
    window = 15
    if len(data) <= 16384:
        half = 1 << (window - 1)
        while len(data) + 262 <= half:
            half >>= 1
            window -= 1
    level = zlib.Z_DEFAULT_COMPRESSION if compression < 0 else compression
    deflate = zlib.compressobj(level, zlib.DEFLATED, window, 9, zlib.Z_FILTERED)
    stream = bytearray(deflate.compress(data) + deflate.flush())
    if len(data) <= 16384:  # libpng's optimize_cmf: the header claims the smallest window the data needs
        cinfo = stream[0] >> 4
        half = 1 << (cinfo + 7)
        if len(data) <= half:
            while True:
                half >>= 1
                cinfo -= 1
                if not (cinfo > 0 and len(data) <= half):
                    break
            stream[0] = (stream[0] & 0x0F) | (cinfo << 4)
            flags = stream[1] & 0xE0
            stream[1] = flags + 0x1F - ((stream[0] << 8) + flags) % 0x1F
    stream = bytes(stream)
    color = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    out = [_PNG, _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, 0))]
    out += [_png_chunk(b"IDAT", stream[i:i + 8192]) for i in range(0, len(stream), 8192)]
    out.append(_png_chunk(b"IEND", b""))
    return b"".join(out)
