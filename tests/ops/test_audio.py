"""tf.audio.decode_wav / encode_wav (sessionflow/ops/audio.py) against TF 2.21's recorded program
(tests/ops/goldens/audio.json, tools/record_audio.py): the same WAV bytes, samples, shapes and errors."""

import json
import os
import sys

import numpy as np

import sessionflow as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from audio_program import run  # noqa: E402

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "goldens", "audio.json")) as _f:
    RECORDED = json.load(_f)


def test_the_program_gives_tensorflows_bytes_samples_and_errors():
    got = run(tf)
    assert got.keys() == RECORDED.keys()
    for key in got:
        assert got[key] == RECORDED[key], key


def test_a_round_trip_keeps_16_bit_samples_exactly():
    samples = (np.arange(-32768, 32768, 97, dtype=np.int64).reshape(-1, 1) / 32768).astype(np.float32)
    with tf.Graph().as_default(), tf.Session() as sess:
        audio, rate = sess.run(tf.audio.decode_wav(tf.audio.encode_wav(samples, 44100)))
    assert rate == 44100 and np.array_equal(audio, samples)
