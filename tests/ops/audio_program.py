"""A TF1 program of WAV encoding and decoding, run by tools/record_audio.py on TensorFlow and by
tests/ops/test_audio.py on sessionflow; returns plain (JSON) values, errors as [class, message]."""

from __future__ import annotations

import base64
import struct

import numpy as np


def _message(e) -> str:
    lines = [line for line in str(getattr(e, "message", e)).splitlines()
             if line.strip() and not line.startswith(("Graph execution error", "Detected at", "Node:", "\t", "  "))
             and "[[" not in line]
    return lines[-1] if lines else ""


def run(tf):
    out = {}
    rng = np.random.RandomState(3)
    audio = np.concatenate([rng.uniform(-1.2, 1.2, (40, 2)),
                            [[0.5, -1.0], [1.0, 0.99999], [0.49999 / 32768, -0.5 / 32768],
                             [1.5 / 32768, 2.5 / 32768]]]).astype(np.float32)
    with tf.Graph().as_default():
        wav = tf.audio.encode_wav(tf.constant(audio), 16000)
        mono = tf.audio.encode_wav(tf.constant(audio[:5, :1]), 8000)
        contents = tf.placeholder(tf.string, [])
        decoded = tf.audio.decode_wav(contents)
        shaped = tf.audio.decode_wav(contents, desired_channels=3, desired_samples=50)
        out["static"] = [decoded.audio.shape.as_list() if decoded.audio.shape.ndims is not None else None,
                         shaped.audio.shape.as_list(), type(decoded).__name__, list(decoded._fields),
                         wav.op.type, decoded.audio.op.type]
        with tf.Session() as sess:
            data, mono_data = sess.run([wav, mono])
            out["wav"] = base64.b64encode(data).decode()
            out["mono"] = base64.b64encode(mono_data).decode()
            for key, fetch, value in (("decoded", decoded, data), ("shaped", shaped, data),
                                      ("mono_to_stereo", tf.audio.decode_wav(contents, desired_channels=2,
                                                                             desired_samples=3), mono_data)):
                a, rate = sess.run(fetch, {contents: value})
                out[key] = [a.tolist(), int(rate), str(a.dtype)]
            fmt18 = data[:16] + struct.pack("<I", 18) + data[20:36] + b"\0\0" + data[36:]
            junk = data[:12] + b"JUNK" + struct.pack("<I", 4) + b"abcd" + data[12:] + b"LIST" + struct.pack("<I", 2) + b"xy"
            out["fmt18_and_junk"] = [sess.run(decoded, {contents: v}).audio[:3].tolist() for v in (fmt18, junk)]
            bad = {
                "rifx": b"RIFX" + data[4:], "empty": b"", "short": data[:30], "cut_data": data[:-1],
                "eight_bit": data[:34] + struct.pack("<H", 8) + data[36:],
                "float_format": data[:20] + struct.pack("<H", 3) + data[22:],
                "unexpected": data[:12] + b"abcd" + data[16:], "fmt_size": data[:16] + struct.pack("<I", 17) + data[20:],
                "bytes_per_second": data[:28] + struct.pack("<I", 5) + data[32:],
                "frame_bytes": data[:32] + struct.pack("<H", 3) + data[34:],
                "two_data": data + data[36:], "no_data": data[:36],
                "zero_channels": data[:22] + struct.pack("<H", 0) + data[24:],
            }
            errors = {}
            for key, value in sorted(bad.items()):
                try:
                    sess.run(decoded, {contents: value})
                    errors[key] = "no error"
                except Exception as e:  # noqa: BLE001 - the error is the result
                    errors[key] = [type(e).__name__, _message(e)]
            out["errors"] = errors
            for key, fetch in (("bad_rate", tf.audio.encode_wav(tf.zeros([2, 1]), -5)),
                               ("empty", tf.audio.encode_wav(tf.zeros([0, 3]), 100))):
                try:
                    out[key] = base64.b64encode(sess.run(fetch)).decode()
                except Exception as e:  # noqa: BLE001
                    out[key] = [type(e).__name__, _message(e)]
    try:
        tf.audio.encode_wav(tf.constant([1.0, 2.0]), 100)
    except ValueError as e:
        out["rank_error"] = str(e).split(" for ")[0]
    return out
