"""Lookup tables against TF's recorded output (tests/lookup/goldens/lookup.json, tools/record_strings.py): the
tf.lookup / tf.contrib.lookup tables, their graphs (op names and types), TF's errors, and the whole text pipeline
(sentences -> string_split -> vocabulary ids -> embeddings -> logistic regression) with TF's ids and losses."""

from __future__ import annotations

import json
import os
import sys

import numpy as np
import pytest

import sessionflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import lookup_programs  # noqa: E402

with open(os.path.join(HERE, "goldens", "lookup.json"), encoding="utf-8") as _f:
    GOLDENS = json.load(_f)

_RESULTS = {}


def _result(program):
    if program not in _RESULTS:
        with tf.Graph().as_default():
            _RESULTS[program] = lookup_programs.PROGRAMS[program](tf)
    return _RESULTS[program]


def _graph_message(value):
    """A graph-construction error without TF's node summary (sessionflow prints its own)."""
    if isinstance(value, list) and len(value) == 2 and value[0] in ("ValueError", "TypeError"):
        return [value[0], value[1].split(" for '{{node")[0]]
    return value


@pytest.mark.parametrize("program, case", [(p, c) for p in GOLDENS if p != "text_pipeline" for c in GOLDENS[p]])
def test_matches_tf(program, case):
    assert _graph_message(_result(program)[case]) == _graph_message(GOLDENS[program][case])


def test_text_pipeline_gets_tfs_ids_and_losses():
    got, expected = _result("text_pipeline"), GOLDENS["text_pipeline"]
    assert got["ids"] == expected["ids"]
    np.testing.assert_allclose(got["losses"], expected["losses"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got["final_loss"], expected["final_loss"], rtol=1e-5, atol=1e-6)
    for name in ("embedding", "weights", "bias"):
        np.testing.assert_allclose(got[name], expected[name], rtol=1e-4, atol=1e-5)


def test_a_graph_tf_wrote_runs_with_tfs_results(monkeypatch):
    """tests/lookup/goldens/text_graph.pb is TF's GraphDef of string ops and tables (HashTableV2,
    InitializeTableFromTextFileV2, LookupTableImportV2, StaticRegexReplace, StringSplitV2, ...)."""
    monkeypatch.chdir(os.path.dirname(os.path.dirname(HERE)))  # the graph names its vocabulary file from the root
    from sessionflow.io import protos

    graph_def = protos.GraphDef()
    with open(os.path.join(HERE, "goldens", "text_graph.pb"), "rb") as f:
        graph_def.ParseFromString(f.read())
    with open(os.path.join(HERE, "goldens", "text_graph.json"), encoding="utf-8") as f:
        expected = json.load(f)
    assert lookup_programs.run_text_graph(tf, graph_def) == expected


def test_a_graph_written_here_reads_back_the_same(monkeypatch):
    """The same graph built and written by sessionflow (TF reads it too: checked by hand with TF 2.21)."""
    monkeypatch.chdir(os.path.dirname(os.path.dirname(HERE)))
    with tf.Graph().as_default():
        graph_def = lookup_programs.text_graph(tf)
    with open(os.path.join(HERE, "goldens", "text_graph.json"), encoding="utf-8") as f:
        assert lookup_programs.run_text_graph(tf, graph_def) == json.load(f)


def test_tables_serve_many_threads_and_each_session_has_its_own():
    import threading

    with tf.Graph().as_default():
        words = tf.placeholder(tf.string, [None])
        table = tf.contrib.lookup.index_table_from_tensor([f"w{i}" for i in range(100)], num_oov_buckets=1)
        ids = table.lookup(words)
        with tf.Session() as sess, tf.Session() as other:
            sess.run(tf.tables_initializer())
            results, failures = {}, []

            def worker(k):
                try:
                    for j in range(20):
                        results[(k, j)] = sess.run(ids, {words: [f"w{(k * 7 + j) % 100}", "nope"]})
                except Exception as e:  # reported below
                    failures.append(e)

            threads = [threading.Thread(target=worker, args=(k,)) for k in range(6)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            with pytest.raises(tf.errors.FailedPreconditionError, match="Table not initialized."):
                other.run(ids, {words: ["w1"]})
    assert not failures
    for (k, j), value in results.items():
        assert value.tolist() == [(k * 7 + j) % 100, 100]


def test_contrib_lookup_takes_tf1s_mapping_keyword_and_shortcuts():
    """TF 1.x's tf.contrib.lookup named the vocabulary `mapping` (core: `vocabulary_list`) and kept
    string_to_index / index_to_string / string_to_index_table_from_* and a HashTable with `shared_name`.
    The ids are TF 2.21's for the same tables built with lookup_ops (vocabulary_list=...)."""
    lookup = tf.contrib.lookup
    with tf.Graph().as_default():
        mapping = tf.constant(["emerson", "lake", "palmer"])
        ids = lookup.index_table_from_tensor(mapping=mapping, num_oov_buckets=1, default_value=-1).lookup(
            tf.constant(["emerson", "lake", "and", "palmer"]))
        names = lookup.index_to_string_table_from_tensor(mapping=mapping, default_value="UNKNOWN").lookup(
            tf.constant([1, 5], tf.int64))
        bucketed = lookup.string_to_index_table_from_tensor(mapping, num_oov_buckets=2).lookup(
            tf.constant(["lake", "x", "yy", "palmer"]))
        short_ids = lookup.string_to_index(tf.constant(["lake", "x"]), mapping=mapping)
        short_names = lookup.index_to_string(tf.constant([1, 5], tf.int64), mapping=mapping)
        shared = lookup.HashTable(lookup.KeyValueTensorInitializer(["a", "b"], tf.constant([1, 2], tf.int64)), -1,
                                  shared_name="shared_table")
        assert shared.resource_handle.op.get_attr("shared_name") == b"shared_table"
        found = shared.lookup(tf.constant(["b", "z"]))
        with tf.Session() as sess:
            sess.run(tf.tables_initializer())
            got = sess.run([ids, names, bucketed, short_ids, short_names, found])
    assert got[0].tolist() == [0, 1, 3, 2]
    assert got[1].tolist() == [b"lake", b"UNKNOWN"]
    assert got[2].tolist() == [1, 3, 4, 2]
    assert got[3].tolist() == [1, -1]
    assert got[4].tolist() == [b"lake", b"UNK"]
    assert got[5].tolist() == [2, -1]
    with pytest.raises(ValueError, match="^mapping must be specified.$"):
        lookup.index_table_from_tensor(mapping=None)
    with pytest.raises(ValueError, match="^string_to_index_table_from_tensor requires string.$"):
        lookup.string_to_index_table_from_tensor([1, 2])
