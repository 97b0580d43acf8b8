"""The parsing and decoding programs of parsing_programs.py against TF's recorded results
(tools/record_parsing.py): values, dtypes, static shapes and op types, or TF's error class and message."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import sessionflow as tf

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import parsing_programs

GOLDENS = json.loads((HERE / "goldens" / "parsing.json").read_text())


def _same(got, expected):
    if isinstance(expected, list) and len(expected) == 2 and expected[0] in ("InvalidArgumentError", "ValueError",
                                                                              "TypeError", "DataLossError"):
        assert isinstance(got, list) and got[0] == expected[0], got
        assert got[1].startswith(expected[1]) or expected[1].startswith(got[1]), (got[1], expected[1])
        return
    assert got == expected


# programs whose ops land in a later commit
NOT_YET = ()
# programs whose error text comes from a JSON parser: only the text before its details is TF's
PREFIX_ONLY = {"decode_json_example_bad": "Error while parsing JSON: "}


@pytest.mark.parametrize("name", sorted(GOLDENS))
def test_program_matches_tf(name):
    if name.startswith(NOT_YET):
        pytest.skip("not provided yet")
    with tf.Graph().as_default():
        got = json.loads(json.dumps(parsing_programs.PROGRAMS[name](tf)))
    expected = GOLDENS[name]
    if name in PREFIX_ONLY:
        assert got[0] == expected[0] and got[1].startswith(PREFIX_ONLY[name]), got
        return
    _same(got, expected)


def _fetch_by_name(graph, names):
    """`names` (interop_names' structure: a SparseTensor is a list of three names) as the graph's tensors."""
    if isinstance(names, dict):
        return {k: _fetch_by_name(graph, v) for k, v in names.items()}
    if isinstance(names, list) and len(names) == 3 and all(isinstance(n, str) for n in names):
        return tf.SparseTensor(*(graph.get_tensor_by_name(n) for n in names))
    if isinstance(names, list):
        return [_fetch_by_name(graph, n) for n in names]
    return graph.get_tensor_by_name(names)


def test_tfs_graph_def_imports_and_runs():
    """TF's GraphDef of parse_example, parse_single_sequence_example, decode_raw and decode_csv runs here with TF's
    results, and sessionflow builds the same tensor names."""
    golden = json.loads((HERE / "goldens" / "parse_graph.json").read_text())
    graph_def = tf.GraphDef.FromString((HERE / "goldens" / "parse_graph.pb").read_bytes())
    with tf.Graph().as_default() as graph:
        tf.import_graph_def(graph_def, name="")
        fetches = _fetch_by_name(graph, golden["names"])
        assert parsing_programs.interop_run(tf, fetches) == golden["values"]
    with tf.Graph().as_default():
        assert parsing_programs.interop_names(parsing_programs.interop_graph(tf)) == golden["names"]
