"""The summary cases recorded from TensorFlow (tools/make_event_fixtures.py) and replayed on
sessionflow (tests/io/test_summary.py): `summary_cases(tf)` builds them with either library."""

import numpy as np


def summary_cases(tf) -> dict:
    """name -> function building summaries in the default graph; returns the summary tensor to run."""

    def _random_values():
        return np.random.RandomState(7).normal(size=500).astype(np.float32)

    def _in_scope(name, build):
        with tf.name_scope(name):
            return build()

    cases = {
        "scalar_plain": lambda: tf.summary.scalar("loss", tf.constant(1.5)),
        "scalar_python_float": lambda: tf.summary.scalar("lr", 0.01),
        "scalar_existing_name": lambda: (tf.identity(tf.constant(2.0), name="loss"),
                                         tf.summary.scalar("loss", tf.constant(0.25)))[1],
        "scalar_in_scope": lambda: _in_scope("train", lambda: tf.summary.scalar("lr", tf.constant(3.0))),
        "scalar_family": lambda: tf.summary.scalar("acc", tf.constant(0.5), family="fam"),
        "scalar_cleaned_tag": lambda: tf.summary.scalar("my loss:1", tf.constant(1.0)),
        "scalar_int": lambda: tf.summary.scalar("count", tf.constant(7)),
        "scalar_double": lambda: tf.summary.scalar("d", tf.constant(1e-3, tf.float64)),
        "histogram_small": lambda: tf.summary.histogram("w", tf.constant([1.0, 2.0, -3.0, 0.0])),
        "histogram_ones": lambda: tf.summary.histogram("ones", tf.ones([6])),
        "histogram_random": lambda: tf.summary.histogram("r", tf.constant(_random_values())),
        "histogram_int": lambda: tf.summary.histogram("i", tf.constant([[1, 5], [-2, 1000000]])),
        "histogram_empty": lambda: tf.summary.histogram("e", tf.zeros([0])),
        "histogram_edges": lambda: tf.summary.histogram("edges", tf.constant(
            [1e-12, 0.917246389039776, -1e-12, 1e25, -1e30, 5e-13], tf.float64)),
        "histogram_nan": lambda: tf.summary.histogram("bad", tf.constant([1.0, np.nan])),
        "image_uint8": lambda: tf.summary.image("img", tf.constant(
            np.arange(2 * 3 * 4 * 3).reshape(2, 3, 4, 3).astype(np.uint8))),
        "image_float_positive": lambda: tf.summary.image("pos", tf.constant(
            np.linspace(0, 2, 12).reshape(1, 2, 2, 3).astype(np.float32))),
        "image_float_signed": lambda: tf.summary.image("signed", tf.constant(
            np.linspace(-1, 3, 16).reshape(1, 4, 4, 1).astype(np.float32))),
        "image_float_nan": lambda: tf.summary.image("nan", tf.constant(
            np.array([[[[0.5, 0.25, 1.0, 1.0], [np.nan, 0.0, 0.0, 1.0]]]], np.float32))),
        "image_max_outputs": lambda: tf.summary.image("many", tf.zeros([4, 1, 2, 3]), max_outputs=2),
        "image_gray_alpha": lambda: tf.summary.image("ga", tf.constant(
            np.arange(8).reshape(1, 2, 2, 2).astype(np.uint8) * 30)),
        "text_scalar": lambda: tf.summary.text("note", tf.constant("hello **world**")),
        "text_matrix": lambda: tf.summary.text("table", tf.constant([["a", "b"], ["c", "d"]])),
        "merge": lambda: tf.summary.merge([tf.summary.scalar("a", tf.constant(1.0)),
                                           tf.summary.histogram("b", tf.constant([2.0]))], name="mm"),
        "merge_all": lambda: (tf.summary.scalar("a", tf.constant(1.0)), tf.summary.text("t", tf.constant("x")),
                              tf.summary.merge_all())[-1],
        "merge_duplicate": lambda: tf.summary.merge([tf.summary.scalar("a", tf.constant(1.0)),
                                                     tf.summary.merge([tf.summary.scalar("a", tf.constant(2.0))])]),
        "scalar_shape_mismatch": lambda: tf.summary.scalar("v", tf.constant([1.0, 2.0])),
        # a clip given as values: its Const is made after the rate's and the tag's, as TF's
        "audio_clip_values": lambda: tf.summary.audio("tone", np.sin(np.arange(40).reshape(1, 40) * 0.3).astype(
            np.float32) * 0.5, 8000, max_outputs=1),
        "audio_in_family": lambda: tf.summary.audio("stereo", tf.constant(
            np.linspace(-1, 1, 24).reshape(2, 6, 2).astype(np.float32)), tf.constant(16000.0), family="sounds"),
    }
    return cases
