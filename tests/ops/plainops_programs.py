"""Small TF1 programs over the plain ops, aliases and helpers of tf.compat.v1 (issue #12), run both by
tools/record_plainops.py (on TensorFlow, which writes tests/ops/goldens/plainops.json) and by
tests/ops/test_plainops.py (on sessionflow). Each program takes the `tf` module and a `run` function
(Session.run in the program's own graph) and returns a dict of values; an error it raises is recorded as
its type and first line."""

import numpy as np

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def plain(value):
    """A JSON-able form of a fetched value: arrays keep their dtype."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (np.ndarray, np.generic)):
        arr = np.asarray(value)
        if arr.dtype.kind == "c":
            return {"dtype": str(arr.dtype), "real": arr.real.tolist(), "imag": arr.imag.tolist()}
        if arr.dtype.kind == "f" or str(arr.dtype) == "bfloat16":
            return {"dtype": str(arr.dtype), "value": np.asarray(arr, np.float64).tolist()}
        if arr.dtype.kind in "SO":
            return {"dtype": "bytes", "value": [v.decode() for v in arr.reshape(-1)]}
        return {"dtype": str(arr.dtype), "value": arr.tolist()}
    if isinstance(value, bytes):
        return value.decode()
    return value


def evaluate(tf, fn):
    graph = tf.Graph()
    with graph.as_default():
        sess = tf.Session(graph=graph)
        try:
            return plain(fn(tf, lambda fetches, feed=None: sess.run(fetches, feed)))
        except Exception as e:  # noqa: BLE001 - the error is the recorded result
            return {"error": type(e).__name__, "message": str(e).strip().splitlines()[0]}
        finally:
            sess.close()


# --- math: zero-safe ops ---------------------------------------------------------------------

@case
def xlogy_family(tf, run):
    x = tf.constant([0.0, 1.5, -2.0, 0.0, 3.0])
    y = tf.constant([0.0, 2.0, 3.0, np.nan, 0.0])
    outs = dict(xlogy=tf.math.xlogy(x, y), xdivy=tf.math.xdivy(x, y), xlog1py=tf.math.xlog1py(x, y),
                mul_no_nan=tf.math.multiply_no_nan(y, x), recip=tf.math.reciprocal_no_nan(y))
    names = {k: v.op.name + ":" + v.op.type for k, v in outs.items()}
    return dict(run(outs), names=names)


@case
def xlogy_grads(tf, run):
    x = tf.constant([[0.0, 1.5], [-2.0, 0.5]], tf.float64)
    y = tf.constant([2.0, 3.0], tf.float64)
    out = {}
    for fn in (tf.math.xlogy, tf.math.xdivy, tf.math.xlog1py, tf.math.multiply_no_nan):
        out[fn.__name__] = tf.gradients(tf.reduce_sum(fn(x, y) * [[1.0, 2.0], [3.0, 4.0]]), [x, y])
    return run(out)


@case
def euclidean_norm(tf, run):
    x = tf.constant([[3.0, -4.0, 0.0], [1.0, 2.0, 2.0]])
    outs = dict(all=tf.math.reduce_euclidean_norm(x), rows=tf.math.reduce_euclidean_norm(x, 1),
                kept=tf.math.reduce_euclidean_norm(x, 0, keepdims=True),
                ints=tf.math.reduce_euclidean_norm([[3, 4], [6, 8]], 1),
                grad=tf.gradients(tf.math.reduce_euclidean_norm(x, 1), x)[0])
    return run(outs)


@case
def zero_fraction_and_sqrt_n(tf, run):
    v = tf.constant([[0, 1, 0], [2, 0, 0]])
    data = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]])
    outs = dict(zf=tf.math.zero_fraction(v), zf_nn=tf.nn.zero_fraction(tf.zeros([0])),
                sqrt_n=tf.unsorted_segment_sqrt_n(data, [0, 2, 0, 0], 4),
                name=tf.math.zero_fraction(v).name)
    return dict(run({k: v for k, v in outs.items() if k != "name"}), name=outs["name"])


@case
def to_casts(tf, run):
    x = tf.constant([1.5, -2.25])
    outs = dict(bf=tf.cast(tf.to_bfloat16(x), tf.float32), c64=tf.to_complex64(x), c128=tf.to_complex128(x))
    return dict(run(outs), names=[tf.to_bfloat16(x).name, tf.to_complex64(x).name])
