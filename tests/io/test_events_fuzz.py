"""Fuzzing the event-file reader (sessionflow.summary.summary_iterator) and MergeSummary's parsing of its
inputs: any input either reads or raises tf.errors.DataLossError (InvalidArgumentError for summaries given to
MergeSummary), never anything else. A file cut anywhere, or with any one byte changed, reads the records before
the damage and then fails exactly as TF's reader does (`truncated record at`, `corrupted record at`)."""

from __future__ import annotations

import bisect
import math
import struct
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sessionflow as tf
from sessionflow.io import protos
from sessionflow.summary import content, records, summary_iterator

TF_WRITTEN = (Path(__file__).parent / "fixtures" / "events_tf_written.tfevents").read_bytes()


def _record_starts(data: bytes) -> list:
    """The offset of each record of a well-formed file, and the file's length."""
    starts = [0]
    while starts[-1] < len(data):
        starts.append(starts[-1] + 12 + struct.unpack_from("<Q", data, starts[-1])[0] + 4)
    return starts


STARTS = _record_starts(TF_WRITTEN)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _read_all(path) -> list:
    try:
        return list(summary_iterator(path))
    except tf.errors.DataLossError as e:
        assert str(path) in str(e)
        return []


@SETTINGS
@given(st.binary(max_size=300))
def test_arbitrary_bytes_read_or_raise_data_loss(tmp_path, data):
    path = tmp_path / "events.out.tfevents.fuzz"
    path.write_bytes(data)
    _read_all(path)


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, len(TF_WRITTEN) - 1), st.integers(1, 255)), min_size=1, max_size=4),
       st.integers(0, len(TF_WRITTEN)))
def test_damaged_tensorflow_file_reads_or_raises_data_loss(tmp_path, flips, cut):
    data = bytearray(TF_WRITTEN[:cut])
    for position, xor in flips:
        if position < len(data):
            data[position] ^= xor
    path = tmp_path / "events.out.tfevents.damaged"
    path.write_bytes(bytes(data))
    _read_all(path)


def _read_until_error(path):
    events = []
    try:
        for event in summary_iterator(path):
            events.append(event)
    except tf.errors.DataLossError as e:
        return events, e.message
    return events, None


@SETTINGS
@given(st.integers(0, len(TF_WRITTEN)))
def test_a_file_cut_anywhere_reads_as_tf_reads_it(tmp_path, cut):
    path = tmp_path / "events.out.tfevents.cut"
    path.write_bytes(TF_WRITTEN[:cut])
    events, error = _read_until_error(path)
    record = bisect.bisect_right(STARTS, cut) - 1  # the record the cut falls in (or ends before)
    assert len(events) == record
    if cut - STARTS[record] < 12:  # at a record's start or inside its header: TF sees the end of the file
        assert error is None
    else:
        assert error == (f"truncated record at {STARTS[record]}' failed with Read less bytes than requested "
                         f"in {path}")


@SETTINGS
@given(st.integers(0, len(TF_WRITTEN) - 1), st.integers(1, 255))
def test_any_changed_byte_is_the_corrupted_record_tf_names(tmp_path, position, xor):
    data = bytearray(TF_WRITTEN)
    data[position] ^= xor
    path = tmp_path / "events.out.tfevents.changed"
    path.write_bytes(bytes(data))
    events, error = _read_until_error(path)
    record = bisect.bisect_right(STARTS, position) - 1
    assert len(events) == record
    in_header = position - STARTS[record] < 12
    offset = STARTS[record] if in_header else STARTS[record] + 12
    kind = "length" if in_header else "data"
    assert error == f"corrupted record at {offset} in {path}: {kind} checksum mismatch"


@SETTINGS
@given(st.binary(max_size=200))
def test_garbage_events_in_valid_records_are_data_loss(tmp_path, payload):
    path = tmp_path / "events.out.tfevents.garbage"
    path.write_bytes(records.frame(payload))
    _read_all(path)


@SETTINGS
@given(st.binary(max_size=200))
def test_merge_summary_of_arbitrary_bytes_merges_or_raises_invalid_argument(data):
    with tf.Graph().as_default():
        inputs = tf.placeholder(tf.string, [])
        merged = tf.summary.merge([inputs])
        with tf.Session() as sess:
            try:
                out = sess.run(merged, {inputs: data})
            except tf.errors.InvalidArgumentError as e:
                assert "Could not parse one of the summary inputs" in str(e)
                return
    assert isinstance(out, bytes)
    protos.Summary.FromString(out)


_tags = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
_floats = st.floats(allow_nan=False, allow_infinity=False, width=32)


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 2**62), _tags, _floats), max_size=8),
       st.lists(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e30, max_value=1e30), max_size=20))
def test_written_events_read_back(tmp_path, scalars, histogram_values):
    path = tmp_path / "events.out.tfevents.roundtrip"
    framed = [records.frame(protos.Event(wall_time=1.5, step=step, summary=protos.Summary(
        value=[protos.Summary.Value(tag=tag, simple_value=value)])).SerializeToString())
        for step, tag, value in scalars]
    framed.append(records.frame(protos.Event(wall_time=2.0, summary=protos.Summary(
        value=[protos.Summary.Value(tag="h", histo=content.histogram(histogram_values))])).SerializeToString()))
    path.write_bytes(b"".join(framed))
    events = list(summary_iterator(path))
    assert [(e.step, e.summary.value[0].tag, e.summary.value[0].simple_value) for e in events[:-1]] == scalars
    histo = events[-1].summary.value[0].histo
    assert histo.num == len(histogram_values) and sum(histo.bucket) == len(histogram_values)
    if histogram_values:
        assert (histo.min, histo.max) == (min(histogram_values), max(histogram_values))
        assert math.isclose(histo.sum, math.fsum(histogram_values), rel_tol=1e-9, abs_tol=1e-6 * max(
            1.0, max(abs(v) for v in histogram_values)))
    assert histo.bucket_limit == sorted(histo.bucket_limit)
