"""Fuzzing the GraphDef reader: arbitrary or mutated bytes give a GraphDef or DataLossError, and importing
whatever parses gives ops or a ValueError/TypeError (NotFoundError for an op type that is not registered);
never IndexError, MemoryError or a hang. Structured defects in a real TF graph (a dropped attr, a dimension
below -1, a type attr that disagrees with the inputs) give TF's errors naming the node, and dropping an attr
TF has a default for changes nothing."""

import os

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sessionflow as tf
from sessionflow.io import protos
from sessionflow.io.graph_def import parse_graph_def
from sessionflow.io.op_signatures import SIGNATURES

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
FIXTURE = os.path.join(FIXTURES, "graph_cnn_frozen.pb")
with open(FIXTURE, "rb") as _f:
    SEED = _f.read()
CNN = parse_graph_def(SEED)
CNN_EXPECTED = np.load(os.path.join(FIXTURES, "graph_cnn_expected.npz"), allow_pickle=False)

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
        except (ValueError, TypeError, tf.errors.NotFoundError):
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


def _predict(graph_def):
    with tf.Graph().as_default():
        (pred,) = tf.import_graph_def(graph_def, return_elements=["predictions:0"])
        with tf.Session() as sess:
            return sess.run(pred, {"import/input:0": CNN_EXPECTED["input"]})


def _required(op_type) -> set:
    return {a.split(":")[0] for a in SIGNATURES[op_type][1]}


@_SETTINGS
@given(st.integers(0, len(CNN.node) - 1), st.integers(0, 10))
def test_dropped_attr_is_tf_missing_attr_error_or_a_default(node_index, attr_choice):
    graph_def = protos.GraphDef()
    graph_def.CopyFrom(CNN)
    node = graph_def.node[node_index]
    attr = sorted(node.attr)[attr_choice % len(node.attr)]
    del node.attr[attr]
    if attr in _required(node.op):
        with tf.Graph().as_default():
            try:
                tf.import_graph_def(graph_def)
            except ValueError as e:
                assert str(e).startswith(f"NodeDef missing attr '{attr}' from Op<name={node.op}; signature=")
                assert str(e).endswith(f"; NodeDef: {{{{node import/{node.name}}}}}")
            else:
                raise AssertionError(f"dropping {node.name}'s required attr {attr} was accepted")
    else:  # TF defaults it (or derives it from the inputs): the graph still predicts what TF predicted
        np.testing.assert_allclose(_predict(graph_def), CNN_EXPECTED["predictions"], rtol=1e-5, atol=1e-6)


@_SETTINGS
@given(st.integers(-(2**63), -2), st.integers(0, 3), st.sampled_from(["shape", "_output_shapes"]))
def test_dimension_below_minus_one_is_tf_error(size, position, attr):
    graph_def = protos.GraphDef()
    graph_def.CopyFrom(CNN)
    placeholder = next(n for n in graph_def.node if n.op == "Placeholder")
    shape = placeholder.attr[attr].shape if attr == "shape" else placeholder.attr[attr].list.shape.add()
    del shape.dim[:]
    for i in range(4):
        shape.dim.add().size = size if i == position else -1 if i == 0 else 3
    with tf.Graph().as_default():
        try:
            tf.import_graph_def(graph_def)
        except ValueError as e:
            message = str(e)
        else:
            raise AssertionError("a dimension below -1 was accepted")
    dims = ",".join(str(size) if i == position else "?" if i == 0 else "3" for i in range(4))
    problem = f"Shape [{dims}] has dimensions with values below -1 (where -1 means unknown)"
    if attr == "shape":
        assert message.startswith(f"{problem} for '{{{{node import/input}}}} = Placeholder[")
        assert message.endswith("' with input shapes: .")
    else:
        assert message == f"Node 'import/input has an invalid _output_shapes attribute (shape #0 error:'{problem}'"


_TYPES = {"float64": protos.DT_DOUBLE, "int32": protos.DT_INT32, "float16": protos.DT_HALF, "int64": protos.DT_INT64}


@_SETTINGS
@given(st.integers(0, len(CNN.node) - 1), st.sampled_from(sorted(_TYPES)))
def test_type_attr_disagreeing_with_the_input_is_tf_error(node_index, dtype):
    graph_def = protos.GraphDef()
    graph_def.CopyFrom(CNN)
    node = graph_def.node[node_index]
    first = SIGNATURES[node.op][0].split(" -> ")[0].split(", ")[0]
    if not first.endswith(":T"):  # no input typed by T
        return
    node.attr["T"].type = _TYPES[dtype]
    expected = {"float64": "double", "float16": "half"}.get(dtype, dtype)
    source = node.input[0] if ":" in node.input[0] else node.input[0] + ":0"
    with tf.Graph().as_default():
        try:
            tf.import_graph_def(graph_def)
        except ValueError as e:
            assert str(e) == (f"Input 0 of node import/{node.name} was passed float from import/{source} "
                              f"incompatible with expected {expected}.")
        else:
            raise AssertionError(f"{node.name} with T={dtype} over float inputs was accepted")
