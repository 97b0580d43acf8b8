"""String ops against TF's recorded output (tests/strings/goldens/strings.json, tools/record_strings.py): every
program of strings_programs.py gives TF's values, and TF's error classes and messages."""

from __future__ import annotations

import json
import os
import sys

import pytest

import sessionflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import strings_programs  # noqa: E402

with open(os.path.join(HERE, "goldens", "strings.json"), encoding="utf-8") as _f:
    GOLDENS = json.load(_f)

# Where sessionflow's message differs from TF's on purpose: (program, case) -> the prefix both share.
# Python's `re` words a bad pattern its own way after TF's "Invalid pattern: <pattern>, error:".
_MESSAGE_PREFIX = {("regex", "bad_pattern"): "Invalid pattern: (, error:",
                   ("regex", "bad_full_pattern"): "Invalid pattern: [a, error:"}


def _cases():
    for program, cases in GOLDENS.items():
        for case in cases:
            yield program, case


_RESULTS = {}


def _result(program):
    if program not in _RESULTS:
        with tf.Graph().as_default():
            _RESULTS[program] = strings_programs.PROGRAMS[program](tf)
    return _RESULTS[program]


@pytest.mark.parametrize("program, case", list(_cases()), ids=lambda v: str(v))
def test_matches_tf(program, case):
    expected = GOLDENS[program][case]
    got = _result(program)[case]
    prefix = _MESSAGE_PREFIX.get((program, case))
    if prefix is not None:
        assert got[0] == expected[0] and got[1].startswith(prefix), got
        return
    if isinstance(expected, list) and len(expected) == 2 and expected[0] in ("ValueError", "TypeError"):
        assert got[0] == expected[0], got
        assert _graph_message(got[1]) == _graph_message(expected[1]), got
        return
    assert got == expected


def _graph_message(text: str) -> str:
    """A graph-construction message without TF's node summary and input shapes (sessionflow prints the same
    summary, but its attrs for a node can differ in ways this test does not judge)."""
    return text.split(" for '{{node")[0]


def test_scalar_strings_taken_from_string_tensors_stay_string_tensors(tmp_path):
    # A 0-d string read out of a string tensor (a gather, an index, a parsed or decoded field, a file) once came
    # back as bare bytes, which tf.stack refused (InternalError) and queues, loops and reshapes turned into
    # fixed-width `S` arrays; TensorArray writes of such rows failed. TF 2.21 gives object arrays of bytes throughout.
    path = tmp_path / "a.txt"
    path.write_bytes(b"file")
    example = tf.train.Example(features=tf.train.Features(feature={
        "n": tf.train.Feature(bytes_list=tf.train.BytesList(value=[b"nm"]))})).SerializeToString()
    with tf.Graph().as_default():
        c = tf.constant([b"ab", b"cde"])
        p = tf.placeholder(tf.string, [2])
        scalars = [tf.gather(c, 0), tf.gather_nd(c, [1]), p[1], tf.unstack(p)[0], tf.read_file(str(path)),
                   tf.parse_single_example(tf.constant(example), {"n": tf.FixedLenFeature([], tf.string)})["n"],
                   tf.decode_csv(tf.constant("1,xy"), record_defaults=[[0], [""]])[1],
                   tf.cond(tf.constant(True), lambda: c[0], lambda: c[1]),
                   tf.TensorArray(tf.string, 2).unstack(p).read(1)]
        stacked = tf.stack(scalars)
        mapped = tf.map_fn(lambda s: s, p)
        queue = tf.FIFOQueue(4, [tf.string], shapes=[[]])
        enqueue = queue.enqueue(tf.gather(c, 1))
        taken = queue.dequeue_many(2)
        with tf.Session() as sess:
            feed = {p: [b"ab", b"cde"]}
            values, mapped_value = sess.run([stacked, mapped], feed)
            sess.run(enqueue)
            sess.run(enqueue)
            taken_value = sess.run(taken)
            assert sess.run(scalars[0]) == b"ab"
    assert values.dtype == object and values.tolist() == [b"ab", b"cde", b"cde", b"ab", b"file", b"nm", b"xy",
                                                          b"ab", b"cde"]
    assert mapped_value.dtype == object and mapped_value.tolist() == [b"ab", b"cde"]
    assert taken_value.dtype == object and taken_value.tolist() == [b"cde", b"cde"]
