"""tf.constant / tf.convert_to_tensor of Python lists: mixed strings and numbers, None, ragged
nesting and NumPy arrays inside lists, with and without a dtype, as TF converts (or refuses) them."""

from __future__ import annotations

import numpy as np

from .harness import attempt, registry

PROGRAMS, program = registry()

VALUES = [
    [1, "a"], [1.0, "a"], [1, None], ["a", b"b"], [[1], "a"], [[1, 2], [3]], [None], None, [True, 1], [1, 2.5],
    [True, "a"], [b"x", 1], ["a", ["b"]], ["a", ["b", "c"]], [[1, 2], ["a", "b"]], [1j, "a"], (1, "a"),
    ["a", None], [[], "a"], [[1], [None]], [1, [2]], [np.int64(3), 2.0], [np.array([1, 2]), "a"],
    [np.array([1, 2]), np.array([3, 4])], [np.array(1.0), np.array(2.0)], [np.array(["a"]), np.array(["b"])],
    ["é", b"\xc3"], [b"a\x00", b"b"], {"a": 1}, range(3), [2 ** 64], [bytearray(b"ab"), "c"], "abc", [],
]
CONVERSIONS = {
    "constant": lambda tf, v: tf.constant(v),
    "convert_to_tensor": lambda tf, v: tf.convert_to_tensor(v),
    "constant_string": lambda tf, v: tf.constant(v, dtype=tf.string),
    "constant_int32": lambda tf, v: tf.constant(v, dtype=tf.int32),
    "constant_float32": lambda tf, v: tf.constant(v, dtype=tf.float32),
    "preferred_int32": lambda tf, v: tf.convert_to_tensor(v, preferred_dtype=tf.int32),
}


def _convert(tf, convert, value):
    graph = tf.Graph()
    with graph.as_default():
        t = convert(tf, value)
        with tf.Session() as sess:
            return {"dtype": t.dtype.name, "shape": t.shape.as_list(), "value": sess.run(t)}


def convert_every_way(tf, value) -> list:
    """[repr(value), {conversion: its result or error record}]."""
    return [repr(value), {name: attempt(lambda c=convert: _convert(tf, c, value))
                          for name, convert in CONVERSIONS.items()}]


@program
def python_lists_to_tensors(tf):
    return [convert_every_way(tf, value) for value in VALUES]
