"""Makes the image fixtures (tests/images/fixtures/, a few KB each) and records tests/images/goldens.json:
the programs of tests/images/image_programs.py run on real TensorFlow in TF1 graph mode.

JPEG and PNG fixtures are encoded by TF itself from synthetic pictures; GIF, BMP and the palette PNG (which
TF cannot write) are written here byte by byte. The CMYK JPEG (Adobe-inverted, as Photoshop writes them) is
made with Pillow by `--cmyk-fixture`, run with an interpreter that has Pillow (TF's need not).

    /root/tfenv/bin/python tools/record_images.py
    .venv/bin/python tools/record_images.py --cmyk-fixture
"""

import json
import os
import struct
import sys
import zlib

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "images"))
import image_programs

FIXTURES = image_programs.FIXTURES


def picture(height: int, width: int, channels: int, seed: int, noise: int = 40) -> np.ndarray:
    """Gradients with some noise: structure for the codecs to work on, varied enough to catch errors."""
    rng = np.random.RandomState(seed)
    y, x = np.mgrid[0:height, 0:width]
    planes = [x * 255 // width, y * 255 // height, (x + 2 * y) * 4 % 256, 255 - (x * y) % 256][:channels]
    image = np.stack(planes, axis=-1).astype(np.int64) + rng.randint(0, noise + 1, (height, width, channels))
    return np.clip(image, 0, 255).astype(np.uint8)


def gif(frames: list, palette: np.ndarray, boxes: list) -> bytes:
    """An (animated) GIF89a: a global palette, each frame LZW-coded at its (left, top) box."""
    height = max(t + f.shape[0] for f, (t, _) in zip(frames, boxes))
    width = max(left + f.shape[1] for f, (_, left) in zip(frames, boxes))
    bits = int(np.log2(len(palette)))
    out = [b"GIF89a", struct.pack("<HHBBB", width, height, 0x80 | 0x70 | (bits - 1), 0, 0),
           palette.astype(np.uint8).tobytes()]
    if len(frames) > 1:
        out.append(b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00")
    for frame, (top, left) in zip(frames, boxes):
        out.append(b"\x21\xf9\x04\x04\x05\x00\x00\x00")  # graphic control: keep the frame, 50 ms
        out.append(b"\x2c" + struct.pack("<HHHHB", left, top, frame.shape[1], frame.shape[0], 0))
        out.append(bytes([max(bits, 2)]) + _sub_blocks(_lzw(frame.reshape(-1).tolist(), max(bits, 2))) + b"\x00")
    out.append(b"\x3b")
    return b"".join(out)


def _lzw(indices: list, min_bits: int) -> bytes:
    clear, end = 1 << min_bits, (1 << min_bits) + 1
    table = {(i,): i for i in range(clear)}
    size, next_code, codes = min_bits + 1, end + 1, [clear]
    current = ()
    for index in indices:
        grown = current + (index,)
        if grown in table:
            current = grown
            continue
        codes.append((table[current], size))
        if next_code < 4096:
            table[grown] = next_code
            if next_code == 1 << size:
                size += 1
            next_code += 1
        current = (index,)
    codes.append((table[current], size))
    codes.append((end, size))
    codes[0] = (clear, min_bits + 1)
    value = nbits = 0
    out = bytearray()
    for code, width in codes:
        value |= code << nbits
        nbits += width
        while nbits >= 8:
            out.append(value & 0xFF)
            value >>= 8
            nbits -= 8
    if nbits:
        out.append(value)
    return bytes(out)


def _sub_blocks(data: bytes) -> bytes:
    return b"".join(bytes([len(data[i:i + 255])]) + data[i:i + 255] for i in range(0, len(data), 255))


def bmp(image: np.ndarray, top_down: bool = False) -> bytes:
    """An uncompressed BMP (8-bit with a gray colour table, 24 or 32-bit BGR(A)), rows padded to 4 bytes."""
    height, width, channels = image.shape
    pixels = image[..., ::-1] if channels == 3 else image[..., [2, 1, 0, 3]] if channels == 4 else image
    row = (channels * width + 3) // 4 * 4
    rows = np.zeros((height, row), np.uint8)
    rows[:, :width * channels] = pixels.reshape(height, -1)
    rows = rows if top_down else rows[::-1]
    table = np.repeat(np.arange(256, dtype=np.uint8)[:, None], 4, axis=1).tobytes() if channels == 1 else b""
    offset = 14 + 40 + len(table)
    info = struct.pack("<IiiHHIIiiII", 40, width, -height if top_down else height, 1, channels * 8, 0,
                       rows.size, 2835, 2835, 256 if channels == 1 else 0, 0)
    return b"BM" + struct.pack("<IHHI", offset + rows.size, 0, 0, offset) + info + table + rows.tobytes()


def palette_png(indices: np.ndarray, palette: np.ndarray, alpha: bytes) -> bytes:
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    height, width = indices.shape
    raw = b"".join(b"\x00" + indices[y].astype(np.uint8).tobytes() for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0))
            + chunk(b"PLTE", palette.astype(np.uint8).tobytes()) + chunk(b"tRNS", alpha)
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


_ADAM7 = ((0, 0, 8, 8), (0, 4, 8, 8), (4, 0, 8, 4), (0, 2, 4, 4), (2, 0, 4, 2), (0, 1, 2, 2), (1, 0, 2, 1))


def raw_png(samples: np.ndarray, depth: int, color: int, interlaced: bool) -> bytes:
    """A PNG of integer samples [h, w, c] at `depth` bits (1/2/4 bits packed per row), filter type 0, optionally
    Adam7-interlaced: layouts TF's encoder never writes."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    def rows(part):
        out = b""
        for row in part:
            flat = row.reshape(-1).astype(np.int64)
            if depth == 16:
                data = flat.astype(">u2").tobytes()
            elif depth == 8:
                data = flat.astype(np.uint8).tobytes()
            else:
                bits = np.unpackbits(flat.astype(np.uint8)[:, None], axis=1)[:, 8 - depth:].reshape(-1)
                data = np.packbits(bits).tobytes()
            out += b"\x00" + data
        return out

    height, width = samples.shape[:2]
    passes = [samples[y0::dy, x0::dx] for y0, x0, dy, dx in _ADAM7] if interlaced else [samples]
    raw = b"".join(rows(p) for p in passes if p.size)
    header = struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, 1 if interlaced else 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def make_cmyk_fixture() -> None:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.fromarray(picture(19, 26, 4, 10, noise=60), "CMYK").save(out, "JPEG", quality=85)
    with open(os.path.join(FIXTURES, "cmyk.jpg"), "wb") as f:
        f.write(out.getvalue())
    print("wrote", os.path.join(FIXTURES, "cmyk.jpg"))


def make_fixtures(tf) -> None:
    os.makedirs(FIXTURES, exist_ok=True)
    rgb, rgba = picture(37, 53, 3, 0), picture(21, 34, 4, 1)
    gray = picture(29, 31, 1, 2)
    with tf.Session() as sess:
        files = {
            "rgb420.jpg": tf.image.encode_jpeg(rgb, quality=90),
            "rgb444.jpg": tf.image.encode_jpeg(rgb, quality=75, chroma_downsampling=False),
            "progressive.jpg": tf.image.encode_jpeg(rgb, progressive=True),
            "gray.jpg": tf.image.encode_jpeg(gray, format="grayscale"),
            "q30_odd.jpg": tf.image.encode_jpeg(picture(33, 47, 3, 3, noise=90), quality=30),
            "photo224.jpg": tf.image.encode_jpeg(picture(224, 224, 3, 4, noise=20), quality=85),
            "rgb.png": tf.image.encode_png(rgb), "rgba.png": tf.image.encode_png(rgba),
            "gray.png": tf.image.encode_png(gray),
            "gray16.png": tf.image.encode_png(gray.astype(np.uint16) * 251 + 7),
            "rgb16.png": tf.image.encode_png(rgb[:12, :15].astype(np.uint16) * 257 - np.uint16(3) * (rgb[:12, :15] > 0)),
        }
        data = sess.run(files)
    rng = np.random.RandomState(5)
    palette = rng.randint(0, 256, (16, 3))
    data["palette.png"] = palette_png(rng.randint(0, 16, (9, 14)), palette, bytes([0, 128, 255, 40]))
    frames = [rng.randint(0, 16, (12, 17)), rng.randint(0, 16, (12, 17)), rng.randint(0, 16, (5, 6))]
    data["one.gif"] = gif(frames[:1], palette, [(0, 0)])
    data["anim.gif"] = gif(frames, palette, [(0, 0), (0, 0), (4, 7)])
    data["interlaced.png"] = raw_png(picture(11, 13, 3, 11), 8, 2, interlaced=True)
    data["interlaced16.png"] = raw_png(picture(9, 10, 1, 12).astype(np.uint16) * 250 + 3, 16, 0, interlaced=True)
    data["gray2bit.png"] = raw_png(np.random.RandomState(14).randint(0, 4, (7, 9, 1)), 2, 0, interlaced=False)
    data["rgba16_interlaced.png"] = raw_png(picture(6, 7, 4, 13).astype(np.uint16) * 255, 16, 6, interlaced=True)
    data["rgb.bmp"], data["rgba.bmp"] = bmp(picture(13, 10, 3, 6)), bmp(picture(7, 9, 4, 7))
    data["gray.bmp"], data["topdown.bmp"] = bmp(picture(6, 11, 1, 8)), bmp(picture(5, 6, 3, 9), top_down=True)
    for name, content in data.items():
        with open(os.path.join(FIXTURES, name), "wb") as f:
            f.write(content)
    print("wrote", len(data), "fixtures to", FIXTURES)


def main():
    if "--cmyk-fixture" in sys.argv:
        make_cmyk_fixture()
        return
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    if "--goldens-only" not in sys.argv:
        make_fixtures(tf)
    goldens = {}
    for group in (image_programs.CODEC_PROGRAMS, getattr(image_programs, "PROGRAMS", {})):
        for name, program in group.items():
            tf.reset_default_graph()
            goldens[name] = program(tf)
    path = os.path.join(ROOT, "tests", "images", "goldens.json")
    with open(path, "w") as f:
        json.dump(goldens, f, indent=1, sort_keys=True)
    print("wrote", path)


if __name__ == "__main__":
    main()
