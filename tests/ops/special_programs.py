"""Small TF1 programs over the special functions (Bessel, incomplete gamma/beta, Dawson, Ei, Fresnel,
Spence) and Sobol sequences, run both by tools/record_special.py (on TensorFlow, which writes
tests/ops/goldens/special.json) and by tests/ops/test_special_functions.py (on sessionflow)."""

import numpy as np
from plainops_programs import plain, run_error  # noqa: F401 - shared helpers

CASES = {}

UNARY = ["bessel_i0", "bessel_i0e", "bessel_i1", "bessel_i1e", "bessel_k0", "bessel_k0e", "bessel_k1", "bessel_k1e",
         "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "dawsn", "expint", "fresnel_cos", "fresnel_sin",
         "spence"]
GRID = [0.0, 1e-6, 1e-3, 0.1, 0.5, 1.0, 1.5, 1.9999, 2.0, 2.5, 3.0, 3.25, 4.0, 4.9, 5.0, 5.1, 6.25, 7.9, 8.0,
        8.1, 10.0, 15.5, 20.0, 33.0, 50.0, 70.0, 100.0, 700.0, 4e4, -1e-3, -0.5, -1.0, -3.0, -7.5, -10.0, -100.0,
        np.nan, np.inf, -np.inf]
GRAD_POINTS = [0.0, 0.3, 1.0, 1.7, 2.5, 4.0, 6.0, 9.0, 12.0, -0.7, -2.2]
GAMMA_A = [0.5, 1.0, 3.0, 10.0, 0.1, 2.5, 100.0, 1e-3, 30.0, 0.0, -1.0, np.nan, 5.0, 1.0, 2.0, 7.0, 1e4]
GAMMA_X = [0.25, 2.0, 3.5, 8.0, 5.0, 0.0, 99.0, 1e-3, 50.0, 1.0, 1.0, 1.0, np.inf, -1.0, np.nan, 7.0, 1e4]
BETA_A = [0.5, 2.0, 5.0, 1.0, 0.1, 30.0, 200.0, 2.0, 0.0, -1.0, 3.0, 3.0, 1.5, 10.0, 0.7, 50.0]
BETA_B = [1.5, 3.0, 0.8, 1.0, 0.2, 40.0, 300.0, 2.0, 1.0, 1.0, 3.0, 3.0, 2.5, 0.5, 0.3, 5.0]
BETA_X = [0.2, 0.5, 0.9, 0.3, 0.99, 0.4, 0.41, 0.0, 0.5, 0.5, 1.0, 1.5, 0.97, 0.999, 0.05, 0.9]


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def _unary_case(fname):
    def program(tf, run):
        fn = getattr(tf.math.special, fname)
        out = {}
        for dtype in (tf.float32, tf.float64):
            x = tf.constant(GRID, dtype)
            y = fn(x)
            out[dtype.name] = y
            out[dtype.name + "_name"] = y.op.name + ":" + y.op.type
        xg = tf.constant(GRAD_POINTS, tf.float64)
        out["grad"] = tf.gradients(tf.reduce_sum(fn(xg) * np.arange(1, 12)), xg)[0]
        names = {k: out.pop(k) for k in list(out) if k.endswith("_name")}
        return dict(run(out), **names)

    program.__name__ = fname
    CASES[fname] = program


for _name in UNARY:
    _unary_case(_name)


@case
def bessel_aliases(tf, run):
    """tf.math.bessel_i0 & co are the same functions as tf.math.special's."""
    x = tf.constant([0.5, -2.0, 9.0])
    outs = {n: getattr(tf.math, n)(x, name="b_" + n) for n in ("bessel_i0", "bessel_i0e", "bessel_i1", "bessel_i1e")}
    names = {k: v.op.name + ":" + v.op.type for k, v in outs.items()}
    return dict(run(outs), names=names)


@case
def igamma_family(tf, run):
    out, names = {}, {}
    for dtype in (tf.float32, tf.float64):
        a, x = tf.constant(GAMMA_A, dtype), tf.constant(GAMMA_X, dtype)
        for fn in (tf.math.igamma, tf.math.igammac):
            y = fn(a, x)
            out[f"{fn.__name__}_{dtype.name}"] = y
            names[fn.__name__] = y.op.name + ":" + y.op.type
    return dict(run(out), names=names)


@case
def igamma_grads(tf, run):
    out = {}
    for dtype in (tf.float32, tf.float64):
        a = tf.constant([[0.5], [1.0], [3.0], [12.0]], dtype)
        x = tf.constant([0.25, 2.0, 3.5, 20.0], dtype)
        w = tf.constant(np.arange(16.0).reshape(4, 4) / 7.0, dtype)
        for fn in (tf.math.igamma, tf.math.igammac):
            out[f"{fn.__name__}_{dtype.name}"] = tf.gradients(tf.reduce_sum(fn(a, x) * w), [a, x])
    return run(out)


@case
def betainc_values(tf, run):
    out = {}
    for dtype in (tf.float32, tf.float64):
        a, b, x = (tf.constant(v, dtype) for v in (BETA_A, BETA_B, BETA_X))
        out[dtype.name] = tf.math.betainc(a, b, x)
        out["scalar_ab_" + dtype.name] = tf.betainc(tf.constant(2.5, dtype), tf.constant(1.5, dtype),
                                                     tf.constant([0.1, 0.6, 0.95], dtype))
    y = out["float32"]
    return dict(run(out), name=y.op.name + ":" + y.op.type)


@case
def betainc_grads(tf, run):
    a = tf.constant([0.5, 2.0, 1.0], tf.float64)
    b = tf.constant([1.5, 3.0, 1.0], tf.float64)
    x = tf.constant([0.2, 0.5, 0.7], tf.float64)
    y = tf.math.betainc(a, b, x)
    grads = tf.gradients(tf.reduce_sum(y * [1.0, 2.0, 3.0]), [a, b, x])
    return {"grad": run(grads[2]), "none": [g is None for g in grads]}


@case
def betainc_shape_errors(tf, run):
    a = tf.placeholder(tf.float32)
    b = tf.placeholder(tf.float32)
    x = tf.placeholder(tf.float32)
    y = tf.math.betainc(a, b, x)
    try:
        tf.math.betainc(tf.zeros([2]), tf.zeros([3]), 0.5)
        static = "no error"
    except Exception as e:  # noqa: BLE001
        static = type(e).__name__
    return {"static": static, "runtime": run_error(run, y, {a: [1.0, 2.0], b: [1.0, 2.0, 3.0], x: 0.5}),
                "shape": str(tf.math.betainc(tf.zeros([2, 3]), 1.0, 0.5).shape)}


@case
def special_dtypes(tf, run):
    """Integers are refused when the graph is built; float32 in, float32 out."""
    out = {"f32": tf.math.bessel_i1e(tf.constant([0.5, 2.0]))}
    errs = {}
    for name, make in (("dawsn_int", lambda: tf.math.special.dawsn(tf.constant([1, 2]))),
                       ("igamma_mixed", lambda: tf.math.igamma(tf.constant([1.0]), tf.constant([1.0], tf.float64)))):
        try:
            make()
            errs[name] = "no error"
        except Exception as e:  # noqa: BLE001
            errs[name] = type(e).__name__
    return dict(run(out), **errs)


@case
def sobol_sample(tf, run):
    out = dict(first=tf.math.sobol_sample(3, 40), f64=tf.math.sobol_sample(7, 33, skip=1000, dtype=tf.float64),
               wide=tf.math.sobol_sample(1024, 5, skip=3, dtype=tf.float64),
               far=tf.math.sobol_sample(50, 4, skip=2**28, dtype=tf.float64),
               f32far=tf.math.sobol_sample(9, 3, skip=2**26 + 12345))
    names = {k: v.op.name + ":" + v.op.type for k, v in out.items()}
    shapes = {k: str(v.shape) for k, v in out.items()}
    dim = tf.placeholder(tf.int32)
    bad = tf.math.sobol_sample(dim, 3)
    return dict(run(out), names=names, shapes=shapes, zero_dim=run_error(run, bad, {dim: 0}),
                huge_dim=run_error(run, bad, {dim: 30000}),
                bad_skip=run_error(run, tf.math.sobol_sample(2, 3, skip=-1)),
                no_results=run_error(run, tf.math.sobol_sample(2, 0)))
