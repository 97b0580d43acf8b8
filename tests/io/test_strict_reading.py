"""Files are read as strictly as TensorFlow reads them: damaged event files and invalid GraphDefs
(tests/io/strict_cases.py) give TF's results, error types and messages, recorded from TF 2.21 by
tools/record_strict_reading.py into fixtures/strict_reading.json."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from google.protobuf import text_format
from strict_cases import GRAPH_DEF_CASES, event_file_cases  # tests/io, shared with tools/record_strict_reading.py

import sessionflow as tf
from sessionflow.framework.registry import REGISTRY
from sessionflow.io import protos
from sessionflow.summary import summary_iterator

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = json.loads((FIXTURES / "strict_reading.json").read_text())
TF_WRITTEN = (FIXTURES / "events_tf_written.tfevents").read_bytes()

KNOWN_DIFFERENCES = {
    # TF prints an unknown-rank shape that has dims as `<unknown>[2]`, sessionflow's summary as `<unknown>`
    "placeholder_unknown_rank_with_dims": " for '",
}


def test_cases_mirror_the_recorded_ones():
    assert set(GOLDEN["graph_defs"]) == set(GRAPH_DEF_CASES)
    assert set(GOLDEN["event_files"]) == set(event_file_cases(TF_WRITTEN))


@pytest.mark.parametrize("name", sorted(event_file_cases(TF_WRITTEN)))
def test_damaged_event_file_reads_as_in_tensorflow(tmp_path, name):
    expected = GOLDEN["event_files"][name]
    path = tmp_path / f"events.out.tfevents.{name}"
    path.write_bytes(event_file_cases(TF_WRITTEN)[name])
    events = []
    error = None
    try:
        for event in summary_iterator(path):
            events.append(event)
    except tf.errors.OpError as e:
        error = e
    assert len(events) == expected["events"]
    if expected["error"] is None:
        assert error is None
        return
    assert type(error).__name__ == expected["error"]["type"]
    assert error.message.startswith(expected["error"]["message"]), error.message
    assert str(path) in error.message


def _op_summary(message: str):
    """(message without its `Op<...>` part, op name, signature, [attr entries]) of a NodeDef error."""
    start = message.find("Op<name=")
    if start < 0:
        return message, None, None, []
    end = message.find(">; NodeDef:", start)
    end = end if end >= 0 else message.rindex(">")
    parts = dict.fromkeys(("name", "signature"))
    attrs = []
    for part in message[start + 3:end].split("; "):
        key, _, value = part.partition("=")
        if key == "attr":
            attrs.append(value)
        else:
            parts[key] = value
    return message[:start] + "Op<>" + message[end + 1:], parts["name"], parts["signature"], attrs


def _same_error(ours: str, theirs: str, name: str) -> None:
    if name in KNOWN_DIFFERENCES:
        cut = KNOWN_DIFFERENCES[name]
        ours, theirs = ours[:ours.index(cut)], theirs[:theirs.index(cut)]
    if theirs.startswith("Op type not registered"):  # then TF's note about tf.contrib, sessionflow's list
        host = re.compile(r"running on \S+\. ")
        end = "registered in the binary running in this process."
        assert host.sub("", ours[:ours.index(end)]) == host.sub("", theirs[:theirs.index(end)])
        return
    our_rest, our_op, our_signature, our_attrs = _op_summary(ours)
    their_rest, their_op, their_signature, their_attrs = _op_summary(theirs)
    assert (our_rest, our_op, our_signature) == (their_rest, their_op, their_signature)
    for attr in our_attrs:  # sessionflow lists the required attrs, TF all of them with their allowed values
        assert any(a == attr or a.startswith(attr + ",allowed=") for a in their_attrs), (attr, their_attrs)
    if "missing attr" in theirs:
        assert our_attrs


@pytest.mark.parametrize("name", sorted(GRAPH_DEF_CASES))
def test_graph_def_imports_as_in_tensorflow(name):
    text, scope = GRAPH_DEF_CASES[name]
    expected = GOLDEN["graph_defs"][name]
    graph_def = text_format.Parse(text, protos.GraphDef())
    with tf.Graph().as_default() as graph:
        if expected["error"] is None:
            tf.import_graph_def(graph_def, name=scope)
            last = (scope + "/" if scope else "") + graph_def.node[-1].name + ":0"
            with tf.Session() as sess:
                assert sess.run(last).tolist() == expected["value"]
            return
        with pytest.raises((ValueError, tf.errors.OpError)) as info:
            tf.import_graph_def(graph_def, name=scope)
        assert type(info.value).__name__ == expected["error"]["type"]
        message = info.value.message if isinstance(info.value, tf.errors.OpError) else str(info.value)
        _same_error(message, expected["error"]["message"], name)
    del graph


def test_unknown_op_types_are_all_listed_after_tf_words():
    text, scope = GRAPH_DEF_CASES["unknown_op_types"]
    with tf.Graph().as_default() as graph:
        with pytest.raises(tf.errors.NotFoundError, match=r"'Bar' \(nodes: q\); 'Foo' \(nodes: p, r\)$"):
            tf.import_graph_def(text_format.Parse(text, protos.GraphDef()), name=scope)
        assert graph.get_operations() == []


# Samples sessionflow builds but TF refuses at graph construction (and so at import): the TF error is right.
_NOT_TF_GRAPHS = {
    "EmptyTensorList": "an int64 max_num_elements (TF: int32 only)",
    "TensorListReserve": "an int64 num_elements (TF: int32 only)",
    "ShapeN": "inputs of different dtypes (TF: one T for all)",
}


def _registry_samples():
    for name in sorted(REGISTRY):
        for index, sample in enumerate(REGISTRY[name].samples):
            if name not in _NOT_TF_GRAPHS:
                yield pytest.param(name, sample, id=f"{name}-{index}")


@pytest.mark.parametrize("name, sample", list(_registry_samples()))
def test_every_op_sessionflow_writes_passes_tf_import_checks(name, sample):
    """What sessionflow writes carries every attr TF requires, with types that agree with the inputs."""
    opdef = REGISTRY[name]
    inputs, attrs = sample
    with tf.Graph().as_default() as graph:
        args = [[tf.constant(np.asarray(a)) for a in value] if variadic else tf.constant(np.asarray(value))
                for value, variadic in zip(inputs, opdef.variadic)]
        opdef(*args, **attrs)
    graph_def = graph.as_graph_def()
    with tf.Graph().as_default() as again:
        tf.import_graph_def(graph_def, name="")
    assert [op.type for op in again.get_operations()] == [op.type for op in graph.get_operations()]
