"""TF1 programs calling Python through tf.py_func / tf.numpy_function / tf.py_function, written once against a
`tf` module argument: recorded on real TensorFlow by tools/record_strings.py (tests/ops/goldens/script_ops.json),
checked on sessionflow by test_script_ops.py. Errors are recorded as [class, the message's first line]."""

from __future__ import annotations

import numpy as np


def _plain(value):
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bytes):
        return value.decode()
    value = np.asarray(value)
    if value.dtype == object or value.dtype.kind == "S":
        return [_plain(v) for v in value.tolist()] if value.ndim else _plain(value.item())
    return [str(value.dtype), value.tolist()]


def _first_line(text: str) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("Node: '") and i + 1 < len(lines):
            return lines[i + 1].strip()
    return lines[0].strip()


def _outcome(tf, fetch):
    try:
        with tf.Session() as sess:
            return ["ok", _plain(sess.run(fetch))]
    except tf.errors.OpError as e:
        return [type(e).__name__, _first_line(e.message)]


def _raising(kind):
    def fail(x):
        raise kind("raised inside")

    return fail


def errors(tf):
    x = tf.constant([1.0, 2.0])
    out = {}
    for kind in (ValueError, TypeError, RuntimeError, KeyError, IndexError, StopIteration, NotImplementedError,
                 ZeroDivisionError):
        out[f"py_func_{kind.__name__}"] = _outcome(tf, tf.py_func(_raising(kind), [x], tf.float32))
    out["numpy_function_ValueError"] = _outcome(tf, tf.numpy_function(_raising(ValueError), [x], tf.float32))
    out["py_function_ValueError"] = _outcome(tf, tf.py_function(_raising(ValueError), [x], tf.float32))
    out["py_function_RuntimeError"] = _outcome(tf, tf.py_function(_raising(RuntimeError), [x], tf.float32))
    return out


def results(tf):
    x = tf.constant([1.0, 2.0])
    i = tf.constant(3)
    s = tf.constant(["ab", "c"])
    cases = {
        "float64_for_float32": tf.py_func(lambda a: a.astype(np.float64), [x], tf.float32),
        "python_int_for_int32": tf.py_func(lambda a: 3, [x], tf.int32),
        "python_int_for_int64": tf.py_func(lambda a: 3, [x], tf.int64),
        "python_float_for_int32": tf.py_func(lambda a: 1.5, [x], tf.int32),
        "list_for_one": tf.py_func(lambda a: [1.0, 2.0], [x], tf.float32),
        "two_outputs": tf.py_func(lambda a, b: (a * 2, b + 1), [x, i], [tf.float32, tf.int32]),
        "one_in_list": tf.py_func(lambda a: [a], [x], [tf.float32]),
        "str_result": tf.py_func(lambda a: "text", [x], tf.string),
        "bytes_arrays": tf.py_func(lambda a: np.array([v + b"!" for v in a], dtype=object), [s], tf.string),
        "scalar_arg_kinds": tf.py_func(lambda a, b: np.array([type(a).__name__, type(b).__name__]), [i, s[0]],
                                       tf.string),
        "no_inputs": tf.py_func(lambda: np.float32(7), [], tf.float32),
        "stateless": tf.py_func(lambda a: a + 1, [x], tf.float32, stateful=False),
        "eager_numpy": tf.py_function(lambda a, b: a.numpy() * 2 + b.numpy(), [x, tf.constant(1.0)], tf.float32),
        "eager_cast": tf.py_function(lambda a: np.arange(3.0), [x], tf.float32),
        "eager_int": tf.py_function(lambda a: 3, [x], tf.int32),
        "eager_two": tf.py_function(lambda a: (a, a), [x], [tf.float32, tf.float32]),
        "eager_bad": tf.py_function(lambda a: "x", [x], tf.int32),
        "eager_shape_dtype": tf.py_function(lambda a: np.array([str(a.dtype.name), str(a.shape.as_list())]),
                                            [tf.zeros([2, 3])], tf.string),
    }
    out = {name: _outcome(tf, fetch) for name, fetch in cases.items()}
    for name, fetch in cases.items():
        tensors = fetch if isinstance(fetch, list) else [fetch]
        out[name + "/op"] = [tensors[0].op.type, [t.dtype.name for t in tensors], str(tensors[0].shape)]
    none_out = tf.py_func(lambda a: None, [x], [])
    out["no_outputs"] = [type(none_out).__name__, none_out.type]
    out["gradient"] = [g is None for g in tf.gradients(cases["stateless"], [x])]
    return out


def graph_def(tf):
    """The NodeDef attrs of a PyFunc (its token numbering aside)."""
    with tf.Graph().as_default() as g:
        x = tf.constant([1.0])
        tf.py_func(lambda a: a, [x, tf.constant(1)], [tf.float32], name="f")
        tf.py_function(lambda a: a, [x], tf.float32, name="e")
        nodes = {n.name: n for n in g.as_graph_def().node}
    return {name: sorted(nodes[name].attr) for name in ("f", "e")} | {
        "token_prefix": nodes["f"].attr["token"].s.decode().rstrip("0123456789"),
        "Tin": [int(t) for t in nodes["f"].attr["Tin"].list.type]}


PROGRAMS = dict(errors=errors, results=results, graph_def=graph_def)
