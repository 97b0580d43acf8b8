"""Fuzzing the GraphDef reader: arbitrary or mutated bytes give a GraphDef or DataLossError, and importing
whatever parses gives ops or a ValueError/TypeError; never IndexError, MemoryError or a hang."""

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sessionflow as tf
from sessionflow.io.graph_def import parse_graph_def

FIXTURE = os.path.join(os.path.dirname(__file__), "fixtures", "graph_cnn_frozen.pb")
with open(FIXTURE, "rb") as _f:
    SEED = _f.read()

_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))


def _read_and_import(data: bytes):
    try:
        gd = parse_graph_def(data, "fuzz.pb")
    except tf.errors.DataLossError as e:
        assert "fuzz.pb" in str(e)
        return
    with tf.Graph().as_default():
        try:
            tf.import_graph_def(gd)
        except (ValueError, TypeError):
            pass


@_SETTINGS
@given(st.binary(max_size=512))
def test_random_bytes(data):
    _read_and_import(data)


@_SETTINGS
@given(st.lists(st.tuples(st.integers(0, len(SEED) - 1), st.integers(0, 255)), min_size=1, max_size=8),
       st.integers(0, len(SEED)))
def test_mutated_real_graph(flips, cut):
    data = bytearray(SEED)
    for pos, byte in flips:
        data[pos] = byte
    _read_and_import(bytes(data[:cut]) if cut % 3 == 0 else bytes(data))
