"""Damaged images (bounded fuzzing): every decoder answers each corrupted or truncated fixture with pixels or
TF's InvalidArgumentError, never another exception, a crash or a hang; oversized headers are refused before
any pixel is decoded."""

from __future__ import annotations

import struct
import zlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sessionflow as tf
from tests.images import image_programs

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
FIXTURES = ("rgb420.jpg", "progressive.jpg", "gray.jpg", "rgb.png", "palette.png", "gray16.png", "anim.gif",
            "rgb.bmp", "gray.bmp")


@pytest.fixture(scope="module")
def decoders():
    graph = tf.Graph()
    with graph.as_default():
        contents = tf.placeholder(tf.string, [])
        ops = [tf.image.decode_jpeg(contents), tf.image.decode_png(contents, dtype=tf.uint16),
               tf.image.decode_gif(contents), tf.image.decode_bmp(contents), tf.image.decode_image(contents),
               tf.image.decode_and_crop_jpeg(contents, [1, 2, 3, 4]), tf.image.extract_jpeg_shape(contents),
               tf.image.decode_jpeg(contents, try_recover_truncated=True, acceptable_fraction=0.2)]
        sess = tf.Session(graph=graph)
        yield lambda data: [_outcome(sess, op_, {contents: data}) for op_ in ops]
        sess.close()


def _outcome(sess, op_, feed):
    try:
        return sess.run(op_, feed)
    except tf.errors.InvalidArgumentError as e:
        assert e.message, "an InvalidArgumentError without a message"
        return e


@FUZZ
@given(name=st.sampled_from(FIXTURES), data=st.data())
def test_corrupted_images_give_pixels_or_invalid_argument(decoders, name, data):
    raw = bytearray(image_programs.fixture(name))
    for _ in range(data.draw(st.integers(1, 6))):
        position = data.draw(st.integers(0, len(raw) - 1))
        raw[position] = data.draw(st.integers(0, 255))
    decoders(bytes(raw))


@FUZZ
@given(name=st.sampled_from(FIXTURES), data=st.data())
def test_truncated_images_give_pixels_or_invalid_argument(decoders, name, data):
    raw = image_programs.fixture(name)
    decoders(raw[:data.draw(st.integers(0, len(raw) - 1))])


def _png(width: int, height: int, body: bytes) -> bytes:
    def chunk(kind, content):
        return struct.pack(">I", len(content)) + kind + content + struct.pack(">I", zlib.crc32(kind + content))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(body)) + chunk(b"IEND", b""))


def test_png_claiming_a_huge_size_is_refused_before_decoding():
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError,
                                             match="PNG size too large for int: 100000 by 100000"):
        sess.run(tf.image.decode_png(_png(100000, 100000, bytes(1000))))


def test_png_whose_stream_inflates_past_its_rows_reads_only_its_rows():
    rows = bytes(4 * 5)  # four rows of filter byte + 4 gray pixels
    bomb = _png(4, 4, rows + bytes(50_000_000))
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(tf.image.decode_png(bomb)), np.zeros((4, 4, 1), np.uint8))
