"""The TFRecord files tools/record_tfrecord.py writes with TF and tests/io/test_tfrecord.py writes with
sessionflow (byte for byte the same), and the damage both readers are given. Plain Python: imported by
both sides, never importing sessionflow or TF."""

from __future__ import annotations


def _pattern(n: int, seed: int) -> bytes:
    """`n` deterministic, partly compressible bytes."""
    return bytes(((i * i + seed * i) // 7 + seed) % 251 for i in range(n))


RECORDS = [b"hello", b"", b"x" * 1000, _pattern(5000, 3), "ünïcode".encode(), _pattern(70000, 11)]
SMALL = [b"ab", b"", b"cdefg"]

# name -> (TFRecordOptions keyword arguments, steps: a record's bytes, or "flush")
WRITES = {
    "plain": ({}, RECORDS),
    "zlib": ({"compression_type": "ZLIB"}, RECORDS),
    "gzip": ({"compression_type": "GZIP"}, RECORDS),
    "empty_gzip": ({"compression_type": "GZIP"}, []),
    "empty_zlib": ({"compression_type": "ZLIB"}, []),
    "zlib_flushed": ({"compression_type": "ZLIB"}, [b"a" * 100, "flush", b"b" * 100, "flush", "flush", b"c"]),
    "gzip_flushed": ({"compression_type": "GZIP"}, [b"a" * 100, "flush", RECORDS[3]]),
    "zlib_level9": ({"compression_type": "ZLIB", "compression_level": 9}, RECORDS[:4]),
    "gzip_level1_mem8": ({"compression_type": "GZIP", "compression_level": 1, "mem_level": 8}, RECORDS[:4]),
    "small_plain": ({}, SMALL),
    "small_zlib": ({"compression_type": "ZLIB"}, SMALL),
    "small_gzip": ({"compression_type": "GZIP"}, SMALL),
}
COMPRESSION = {name: options.get("compression_type", "") for name, (options, _) in WRITES.items()}


def damaged(files: dict) -> dict:
    """name -> (compression, bytes): every cut and some byte flips of the small files, and a few larger
    damages (`files`: fixture name -> its bytes as TF wrote it)."""
    out = {}
    for name in ("small_plain", "small_zlib", "small_gzip"):
        data, compression = files[name], COMPRESSION[name]
        for cut in range(len(data)):
            out[f"{name}/cut{cut}"] = (compression, data[:cut])
        for position in range(0, len(data), 3):
            out[f"{name}/flip{position}"] = (compression, data[:position] + bytes([data[position] ^ 0x41])
                                             + data[position + 1:])
        out[f"{name}/trailing"] = (compression, data + b"junk")
        out[f"{name}/twice"] = (compression, data + data)
    for name in ("plain", "zlib", "gzip"):
        data, compression = files[name], COMPRESSION[name]
        out[f"{name}/half"] = (compression, data[: len(data) // 2])
        out[f"{name}/flip_middle"] = (compression, data[: len(data) // 2] + bytes([data[len(data) // 2] ^ 1])
                                      + data[len(data) // 2 + 1:])
    out["plain_read_as_zlib"] = ("ZLIB", files["plain"])
    out["zlib_read_as_gzip"] = ("GZIP", files["zlib"])
    out["gzip_read_as_plain"] = ("", files["gzip"])
    out["huge_length"] = ("", bytes.fromhex("ffffffffffffff00") + b"\0" * 20)
    return out
