"""Session.run fetch structures and feed_dict handling, including TF's errors for bad input."""

from __future__ import annotations

import collections

import numpy as np
import pytest

import sessionflow as tf

Pair = collections.namedtuple("Pair", "x y")


# --- fetch structures ---------------------------------------------------------------------------

def test_fetch_nested_structures(sess):
    a = tf.constant(1.0)
    b = tf.constant([2, 3])
    v = tf.Variable(5.0)
    init = tf.global_variables_initializer()
    sess.run(init)
    r = sess.run({"a": a, "l": [a, (b, "Const:0")], "nt": Pair(a, [v]), "op": init, "v": v, "e": [],
                  "n": {"z": a}})
    assert r["a"] == 1.0
    assert isinstance(r["l"], list) and isinstance(r["l"][1], tuple)
    assert r["l"][1][0].tolist() == [2, 3] and r["l"][1][1] == 1.0
    assert isinstance(r["nt"], Pair) and r["nt"].x == 1.0 and r["nt"].y == [5.0]
    assert r["op"] is None
    assert r["v"] == 5.0
    assert r["e"] == [] and r["n"] == {"z": 1.0}


def test_fetch_empty_structures(sess):
    tf.constant(1.0)
    assert sess.run([]) == []
    assert sess.run(()) == ()
    assert sess.run({}) == {}


def test_fetch_ordered_dict_keeps_type_and_order(sess):
    a = tf.constant(1.0)
    r = sess.run(collections.OrderedDict([("b", a), ("a", a)]))
    assert type(r) is collections.OrderedDict
    assert list(r) == ["b", "a"]


def test_fetch_same_tensor_twice(sess):
    a = tf.constant(1.0)
    assert sess.run([a, a]) == [1.0, 1.0]


def test_fetch_operations_give_none(sess):
    init = tf.no_op()
    a = tf.constant(1.0)
    assert sess.run(init) is None
    assert sess.run([init, a]) == [None, 1.0]


def test_fetch_by_name(sess):
    a = tf.constant(1.0, name="a")
    tf.constant([2, 3], name="b")
    assert sess.run("a:0") == 1.0
    assert sess.run("b:0").tolist() == [2, 3]
    assert sess.run("a") is None  # an op name fetches the op
    assert sess.run(["a:0", a]) == [1.0, 1.0]
    v = tf.Variable(0, name="v")
    tf.assign(v, 3, name="setv")
    sess.run("v/Assign")
    assert sess.run("setv") is None
    assert sess.run("v:0") == 3
    assert sess.run("v/read:0") == 3


def test_fetch_variables(sess):
    v = tf.Variable(1.0)
    sess.run(v.initializer)
    assert sess.run(v) == 1.0
    assert sess.run([v, {"a": v}]) == [1.0, {"a": 1.0}]


def test_fetched_value_types(sess):
    a, b, c, d = tf.constant(1.0), tf.constant([1, 2]), tf.constant("hi"), tf.constant(True)
    ra, rb, rc, rd = sess.run([a, b, c, d])
    assert type(ra) is np.float32
    assert type(rb) is np.ndarray and rb.dtype == np.int32
    assert rc == b"hi"
    assert type(rd) is np.bool_


# --- fetch errors -------------------------------------------------------------------------------

def test_fetch_none(sess):
    tf.constant(1.0)
    with pytest.raises(TypeError, match="Argument `fetch` = None has invalid type \"NoneType\""):
        sess.run(None)
    with pytest.raises(TypeError, match="Cannot be None"):
        sess.run([tf.constant(2.0), None])


@pytest.mark.parametrize("fetch", [3, object(), {1, 2}])
def test_fetch_invalid_type(fetch, sess):
    tf.constant(1.0)
    with pytest.raises(TypeError) as info:
        sess.run(fetch)
    assert "must be a string or Tensor" in str(info.value)
    assert type(fetch).__name__ in str(info.value)


def test_fetch_unknown_tensor_name(sess):
    tf.constant(1.0)
    with pytest.raises(ValueError) as info:
        sess.run("nope:0")
    assert "Argument `fetch` = nope:0 cannot be interpreted as a Tensor." in str(info.value)
    assert "The operation, 'nope', does not exist in the graph." in str(info.value)


def test_fetch_unknown_op_name(sess):
    tf.constant(1.0)
    with pytest.raises(ValueError, match="The name 'nope' refers to an Operation not in the graph."):
        sess.run("nope")


def test_fetch_bad_output_index(sess):
    tf.constant(1.0, name="a")
    with pytest.raises(ValueError, match="exists but only has 1 outputs"):
        sess.run("a:3")


def test_fetch_from_another_graph(sess):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0)
        n = tf.no_op()
    tf.constant(1.0)
    with pytest.raises(ValueError) as info:
        sess.run(a)
    assert "is not an element of this graph" in str(info.value) and "Const:0" in str(info.value)
    with pytest.raises(ValueError, match="is not an element of this graph"):
        sess.run(n)


# --- feeds --------------------------------------------------------------------------------------

def test_feed_placeholder(sess):
    p = tf.placeholder(tf.float32, [None, 2])
    y = p * 2
    assert sess.run(y, {p: [[1, 2]]}).tolist() == [[2.0, 4.0]]
    assert sess.run(y, feed_dict={"Placeholder:0": np.ones((2, 2))}).tolist() == [[2.0, 2.0]] * 2
    r = sess.run(y, {p: np.array([[1, 2]], dtype=np.int64)})
    assert r.dtype == np.float32  # fed values are converted to the tensor's dtype


def test_feed_any_tensor(sess):
    a = tf.constant(3.0)
    b = a * 2
    v = tf.Variable(1.0)
    c = v + 1
    assert sess.run(b, {a: 10.0}) == 20.0
    assert sess.run(b, {b: 7.0}) == 7.0
    assert sess.run(c, {v: 5.0}) == 6.0          # feeding a variable (uninitialized!) by its value
    assert sess.run(c, {v.value(): 6.0}) == 7.0
    assert sess.run(b, {"Const:0": 5.0}) == 10.0


def test_feeding_intermediate_cuts_off_producer(sess):
    p = tf.placeholder(tf.float32)
    a = p + 1
    b = a * 2
    assert sess.run(b, {a: 3.0}) == 6.0  # p need not be fed


def test_feed_and_fetch_same_tensor(sess):
    p = tf.placeholder(tf.float32)
    assert sess.run(p, {p: 5.0}) == 5.0


def test_feed_conversions(sess):
    pi = tf.placeholder(tf.int32, [2])
    assert sess.run(pi, {pi: [1.7, 2.2]}).tolist() == [1, 2]   # float -> int32 truncates
    pf = tf.placeholder(tf.float32, [2])
    assert sess.run(pf, {pf: [True, False]}).tolist() == [1.0, 0.0]
    r = sess.run(pf, {pf: np.array([1, 2], dtype=np.int64)})
    assert r.dtype == np.float32 and r.tolist() == [1.0, 2.0]
    ps = tf.placeholder(tf.string, [2])
    assert sess.run(ps + "!", {ps: ["a", b"b"]}).tolist() == [b"a!", b"b!"]


def test_placeholder_with_default(sess):
    d = tf.placeholder_with_default(tf.constant([1.0, 2.0]), shape=[None])
    assert d.op.type == "PlaceholderWithDefault"
    assert sess.run(d).tolist() == [1.0, 2.0]
    assert sess.run(d, {d: [5.0]}).tolist() == [5.0]


def test_run_with_different_feeds_reuses_nothing_stale(sess):
    p = tf.placeholder(tf.float32)
    y = p + 1
    assert [sess.run(y, {p: float(i)}) for i in range(3)] == [1.0, 2.0, 3.0]


# --- feed errors --------------------------------------------------------------------------------

def test_missing_placeholder_feed(sess):
    p = tf.placeholder(tf.float32, [None, 2], name="inp")
    y = p * 2
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        sess.run(y)
    assert "You must feed a value for placeholder tensor 'inp' with dtype float and shape [?,2]" in str(info.value)
    assert info.value.op.name == "inp"
    assert info.value.error_code == tf.errors.INVALID_ARGUMENT


def test_feed_wrong_shape(sess):
    p = tf.placeholder(tf.float32, [None, 2], name="inp")
    with pytest.raises(ValueError) as info:
        sess.run(p, {p: [1, 2, 3]})
    assert str(info.value) == "Cannot feed value of shape (3,) for Tensor inp:0, which has shape (?, 2)"
    q = tf.placeholder(tf.float32, [], name="scalar")
    with pytest.raises(ValueError, match=r"Cannot feed value of shape \(1,\) for Tensor scalar:0"):
        sess.run(q, {q: [1.0]})


def test_feed_wrong_dtype(sess):
    p = tf.placeholder(tf.float32, [2], name="inp")
    with pytest.raises(ValueError, match="could not convert string to float"):
        sess.run(p, {p: ["a", "b"]})


def test_feed_int_overflow_is_type_error(sess):
    p = tf.placeholder(tf.int32, [])
    with pytest.raises(TypeError, match="is not compatible with Tensor type"):
        sess.run(p, {p: 2**40})


def test_feed_value_cannot_be_a_tensor(sess):
    p = tf.placeholder(tf.float32, name="inp")
    a = tf.constant(1.0)
    with pytest.raises(TypeError) as info:
        sess.run(p, {p: a})
    assert "The value of a feed cannot be a tf.Tensor object." in str(info.value)
    assert "inp:0" in str(info.value)


def test_feed_unknown_key(sess):
    a = tf.constant(1.0)
    with pytest.raises(TypeError) as info:
        sess.run(a, {"nope:0": 1.0})
    assert str(info.value) == ("Cannot interpret feed_dict key as Tensor: The name 'nope:0' refers to a Tensor "
                               "which does not exist. The operation, 'nope', does not exist in the graph.")


def test_feed_key_of_bad_type(sess):
    a = tf.constant(1.0)
    with pytest.raises(TypeError, match="Cannot interpret feed_dict key as Tensor: Can not convert a int"):
        sess.run(a, {3: 1.0})


def test_feed_key_op_name(sess):
    p = tf.placeholder(tf.float32, name="inp")
    with pytest.raises(TypeError, match="Cannot interpret feed_dict key as Tensor: The name 'inp'"):
        sess.run(p, {"inp": 1.0})


def test_feed_key_from_another_graph(sess):
    with tf.Graph().as_default():
        p = tf.placeholder(tf.float32)
    a = tf.constant(1.0)
    with pytest.raises(TypeError) as info:
        sess.run(a, {p: 1.0})
    assert "is not an element of this graph" in str(info.value)
    assert "Placeholder:0" in str(info.value)


# --- nested feed keys (TF's nest.flatten_dict_items): one key feeds a whole structure ----------------

def test_feed_nested_key_feeds_each_leaf(sess):
    a = tf.placeholder(tf.float32, [2])
    b = tf.placeholder(tf.float32, [])
    c = tf.placeholder(tf.int32, None)
    got = sess.run([a, b, c], {(a, (b, c)): [np.ones(2), (3.0, np.array([4, 5]))]})
    assert [v.tolist() for v in got] == [[1.0, 1.0], 3.0, [4, 5]]
    assert sess.run(b, {Pair(a, b): Pair(np.ones(2), 2.0)}) == 2.0
    assert sess.run(b, {(a, b): [np.ones(2), [1.0]]}) == 1.0  # the value is flattened too: [1.0] is a leaf's list


def test_feed_rnn_state_tuple_back(sess):
    """The char-RNN idiom: the final state of one run fed back as the initial state of the next."""
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(3), tf.nn.rnn_cell.GRUCell(2)])
    x = tf.constant(np.linspace(-1, 1, 2 * 4 * 2, dtype=np.float32).reshape(2, 4, 2))
    initial = cell.zero_state(2, tf.float32)
    out, final = tf.nn.dynamic_rnn(cell, x, initial_state=initial)
    sess.run(tf.global_variables_initializer())
    state = sess.run(initial)
    first, state = sess.run([out, final], {initial: state})
    second = sess.run(out, {initial: state})
    assert np.array_equal(first, sess.run(out))
    assert not np.allclose(first, second)
    call = sess.make_callable(out, feed_list=[initial])
    assert np.array_equal(call(state), second)


def test_feed_nested_key_errors(sess):
    # TF 2.21's messages
    a = tf.placeholder(tf.float32, [2])
    b = tf.placeholder(tf.float32, [])
    with pytest.raises(ValueError) as info:
        sess.run(b, {(a, b): (np.ones(2),)})
    assert str(info.value) == (
        "Could not flatten dictionary. Key had 2 elements, but value had 1 elements. Key: [<tf.Tensor "
        "'Placeholder:0' shape=(2,) dtype=float32>, <tf.Tensor 'Placeholder_1:0' shape=() dtype=float32>], "
        "value: [array([1., 1.])].")
    with pytest.raises(ValueError) as info:
        sess.run(b, {(a, b): (np.ones(2), 1.0), a: np.ones(2)})
    assert str(info.value) == ('Cannot flatten dict because this key is not unique: '
                               'Tensor("Placeholder:0", shape=(2,), dtype=float32)')
    with pytest.raises(ValueError, match=r"Cannot feed value of shape \(\) for Tensor Placeholder:0"):
        sess.run(b, {(a, b): {"p": 1, "q": 2}})
