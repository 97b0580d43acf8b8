"""Small TF1 programs over the quantized dtypes and ops and the 8/4-bit dtypes (issue #12), run both by
tools/record_quant.py (on TensorFlow, which writes tests/ops/goldens/quant.json) and by tests/ops/test_quantized.py
(on sessionflow). Each program takes the `tf` module and a `run` function and returns a dict of values."""

import numpy as np

from plainops_programs import error_text, plain as _plain

CASES = {}
_LOW_BIT = ("float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz", "float8_e4m3b11fnuz",
            "float4_e2m1fn", "int4", "uint4", "int2", "uint2", "bfloat16")


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def plain(value):
    """plainops_programs.plain, with the ml_dtypes types (whose NumPy kind is 'V') as float64 values."""
    if isinstance(value, (np.ndarray, np.generic)) and str(np.asarray(value).dtype) in _LOW_BIT:
        return {"dtype": str(np.asarray(value).dtype), "value": np.asarray(value, np.float64).tolist()}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return _plain(value)


def attempt(fn):
    try:
        return fn()
    except Exception as e:  # noqa: BLE001 - the error is the recorded result
        return {"error": type(e).__name__, "message": error_text(e)}


def evaluate(tf, fn):
    graph = tf.Graph()
    with graph.as_default():
        sess = tf.Session(graph=graph)
        try:
            return plain(fn(tf, lambda fetches, feed=None: sess.run(fetches, feed)))
        except Exception as e:  # noqa: BLE001
            return {"error": type(e).__name__, "message": error_text(e)}
        finally:
            sess.close()


_X = np.array([-7.0, -3.1, -2.5, -1.25, -0.4, 0.0, 0.01, 0.5, 1.7, 2.5, 3.3, 4.75, 6.3, 9.0], np.float32)
_QTYPES = ("quint8", "qint8", "quint16", "qint16", "qint32")


# --- dtypes ------------------------------------------------------------------------------------

@case
def quantized_dtype_properties(tf, run):
    out = {}
    for name in _QTYPES:
        d = getattr(tf, name)
        out[name] = dict(enum=d.as_datatype_enum, quantized=d.is_quantized, floating=d.is_floating,
                         integer=d.is_integer, size=d.size, str=str(d), repr=repr(d),
                         numpy=str(np.dtype(d.as_numpy_dtype)), same=d is tf.dtypes.as_dtype(d.as_numpy_dtype),
                         ref=tf.as_dtype(d.as_datatype_enum + 100).name, min=attempt(lambda d=d: d.min),
                         in_set=d in tf.QUANTIZED_DTYPES)
    out["set"] = sorted(d.name for d in tf.QUANTIZED_DTYPES)
    return out


@case
def low_bit_dtype_properties(tf, run):
    out = {}
    for name in _LOW_BIT:
        d = getattr(tf.dtypes.experimental, name, None) or getattr(tf, name)
        out[name] = dict(enum=d.as_datatype_enum, floating=d.is_floating, integer=d.is_integer,
                         unsigned=d.is_unsigned, size=d.size, min=float(d.min), max=float(d.max),
                         numpy=str(np.dtype(d.as_numpy_dtype)), by_enum=tf.as_dtype(d.as_datatype_enum).name,
                         by_numpy=tf.as_dtype(d.as_numpy_dtype).name)
    return out


@case
def quantized_tensors(tf, run):
    a = tf.constant(np.array([1, -2, 3], np.int8), tf.qint8)
    b = tf.constant([(4,), (200,)], tf.quint8)
    c = tf.constant(np.array([(7,), (9,)], dtype=tf.qint32.as_numpy_dtype))
    p = tf.placeholder(tf.quint8, [2])
    out = dict(dtypes=[t.dtype.name for t in (a, b, c, p)],
               const_dtype=b.op.get_attr("dtype").name,
               bare_ints=attempt(lambda: tf.constant([1, 2], tf.qint8).name),
               scalar=attempt(lambda: tf.constant(5, tf.qint32).name))
    out.update(run(dict(a=a, b=b, c=c, reshaped=tf.reshape(a, [3, 1]), cast_f=tf.cast(a, tf.float32),
                        to_q=tf.cast(tf.constant([1.5, 2.7, 200.0]), tf.quint8),
                        q_to_i=tf.cast(a, tf.int32), zeros=tf.zeros([2], tf.qint16),
                        concat=tf.concat([b, b], 0), gather=tf.gather(b, [1]),
                        fed=tf.identity(p)), {p: [3, 4]}))
    out["fed_structured"] = run(tf.identity(p), {p: np.array([(5,), (6,)], tf.quint8.as_numpy_dtype)})
    return out


@case
def low_bit_casts(tf, run):
    x = tf.constant([1.1, 300.0, -0.3, 1000.0, -1e-3, 2.71875, 0.0625, np.nan, np.inf], tf.float32)
    out = {}
    for name in ("float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz", "float8_e4m3b11fnuz",
                 "bfloat16"):
        d = getattr(tf.dtypes.experimental, name, None) or getattr(tf, name)
        y = tf.cast(x, d)
        out[name] = attempt(lambda y=y: run(dict(value=y, back=tf.cast(y, tf.float32))))
    ints = tf.constant([1, 7, -3, 9, -9], tf.int8)
    out["int4"] = run(tf.cast(ints, tf.dtypes.experimental.int4))
    out["const_f8"] = run(tf.constant([1.1, 2.0], tf.dtypes.experimental.float8_e4m3fn))
    p = tf.placeholder(tf.bfloat16)
    out["fed_bf16"] = run(p, {p: [1.1, 2.2]})
    return out


# --- QuantizeV2 / Dequantize ---------------------------------------------------------------------

@case
def quantize_modes(tf, run):
    x = tf.constant(_X)
    out = {}
    for name in _QTYPES:
        for mode in ("MIN_COMBINED", "MIN_FIRST", "SCALED"):
            if (name, mode) == ("qint32", "SCALED"):
                continue  # TF 2.21's CPU build finds no kernel for this pair (an MKL label), sessionflow runs it
            q = tf.quantize(x, -2.5, 6.3, getattr(tf, name), mode=mode)
            d = tf.dequantize(q.output, q.output_min, q.output_max, mode=mode)
            out[f"{name}/{mode}"] = attempt(lambda q=q, d=d: run(dict(q=list(q), d=d)))
    return out


@case
def quantize_options(tf, run):
    x = tf.constant(_X)
    out = {}
    for narrow in (False, True):
        for rmode in ("HALF_AWAY_FROM_ZERO", "HALF_TO_EVEN"):
            q = tf.quantization.quantize(x * 3.0, -20.0, 20.0, tf.qint8, mode="SCALED", round_mode=rmode,
                                         narrow_range=narrow)
            d = tf.quantization.dequantize(q.output, q.output_min, q.output_max, mode="SCALED",
                                           narrow_range=narrow)
            out[f"{narrow}/{rmode}"] = run(dict(q=list(q), d=d))
    for lo, hi in ((0.0, 0.0), (1.0, 1.0001), (-0.001, 0.0), (3.0, 5.0)):
        q = tf.quantize_v2(x, lo, hi, tf.quint8, ensure_minimum_range=0.05)
        out[f"range {lo} {hi}"] = run(list(q))
    q = tf.quantize(x, 2.0, 1.0, tf.quint8)
    out["inverted"] = attempt(lambda: run(q.output))
    out["bad_mode"] = attempt(lambda: run(tf.quantize(x, -1.0, 1.0, tf.quint8, round_mode="HALF_TO_EVEN").output))
    out["float_T"] = attempt(lambda: tf.quantize(x, -1.0, 1.0, tf.float32).output.name)
    out["names"] = [t.name for t in q] + [q.output.op.type, q.output.op.inputs[1].name]
    return out


@case
def quantize_per_axis(tf, run):
    x = tf.constant(np.linspace(-4, 5, 24).astype(np.float32).reshape(2, 3, 4))
    out = {}
    for mode in ("MIN_COMBINED", "SCALED"):
        q = tf.quantize(x, [-1.0, -2.0, -3.0], [1.0, 4.0, 0.5], tf.qint8, mode=mode, axis=1)
        d = tf.dequantize(q.output, q.output_min, q.output_max, mode=mode, axis=1)
        out[mode] = run(dict(q=list(q), d=d, shapes=[str(t.shape) for t in q]))
    q = tf.quantize(x, [-1.0, -2.0, -3.0, -4.0], [1.0, 4.0, 0.5, 2.0], tf.quint8, mode="SCALED", axis=-1)
    out["negative_axis"] = run(list(q))
    out["min_first"] = attempt(lambda: run(tf.quantize(x, [-1.0, -2.0, -3.0], [1.0, 4.0, 0.5], tf.qint8,
                                                       mode="MIN_FIRST", axis=1).output))
    out["bad_shape"] = attempt(lambda: tf.quantize(x, [-1.0, -2.0], [1.0, 4.0], tf.qint8, axis=1).output.name)
    return out


@case
def quantize_round_trip_program(tf, run):
    """A TF1 inference-style program: weights quantized to quint8 at graph time, dequantized for a matmul."""
    rng = np.random.RandomState(7)
    w = tf.constant(rng.uniform(-1, 1, (4, 3)).astype(np.float32))
    x = tf.placeholder(tf.float32, [None, 4])
    q = tf.quantize(w, tf.reduce_min(w), tf.reduce_max(w), tf.quint8, mode="MIN_FIRST")
    w_hat = tf.dequantize(q.output, q.output_min, q.output_max, mode="MIN_FIRST")
    y = tf.matmul(x, w_hat)
    return run(dict(q=q.output, y=y, err=tf.reduce_max(tf.abs(w - w_hat))),
               {x: rng.uniform(-1, 1, (2, 4)).astype(np.float32)})


# --- fake quantization -----------------------------------------------------------------------------

@case
def fake_quant_args(tf, run):
    x = tf.constant(_X)
    out = {}
    for lo, hi, bits, narrow in ((-6.0, 6.0, 8, False), (-2.5, 6.3, 8, True), (-0.7, 1.3, 4, False),
                                 (0.2, 3.1, 3, False), (-3.0, -1.0, 5, True), (-6.0, 6.0, 16, False),
                                 (-1.0, 1.0, 2, True)):
        y = tf.quantization.fake_quant_with_min_max_args(x, min=lo, max=hi, num_bits=bits, narrow_range=narrow)
        g = tf.gradients(tf.reduce_sum(y * tf.range(1.0, 15.0)), x)[0]
        out[f"{lo} {hi} {bits} {narrow}"] = run(dict(y=y, g=g))
    out["grad_op"] = tf.gradients(tf.fake_quant_with_min_max_args(x), x)[0].op.type
    out["bad_range"] = attempt(lambda: run(tf.fake_quant_with_min_max_args(x, min=1.0, max=-1.0)))
    out["bad_bits"] = attempt(lambda: run(tf.fake_quant_with_min_max_args(x, num_bits=17)))
    out["direct_grad"] = run(tf.fake_quant_with_min_max_args_gradient(tf.ones_like(x), x, min=-2.0, max=2.0))
    out["float64"] = attempt(lambda: tf.fake_quant_with_min_max_args(tf.constant([1.0], tf.float64)).name)
    return out


@case
def fake_quant_vars(tf, run):
    x = tf.constant(_X)
    out = {}
    for lo, hi, bits, narrow in ((-6.0, 6.0, 8, False), (-2.5, 6.3, 8, True), (0.3, 2.9, 4, False),
                                 (-5.0, -0.5, 7, True)):
        mn, mx = tf.constant(lo), tf.constant(hi)
        y = tf.quantization.fake_quant_with_min_max_vars(x, mn, mx, num_bits=bits, narrow_range=narrow)
        gx, gmin, gmax = tf.gradients(tf.reduce_sum(y * tf.range(1.0, 15.0)), [x, mn, mx])
        out[f"{lo} {hi} {bits} {narrow}"] = run(dict(y=y, gx=gx, gmin=gmin, gmax=gmax))
    g = tf.fake_quant_with_min_max_vars_gradient(tf.range(1.0, 15.0), x, -1.0, 2.0)
    out["direct_grad"] = run(list(g))
    out["bad_bits"] = attempt(lambda: run(tf.fake_quant_with_min_max_vars(x, -1.0, 1.0, num_bits=1)))
    out["bad_rank"] = attempt(lambda: tf.fake_quant_with_min_max_vars(x, [-1.0], [1.0]).name)
    return out


@case
def fake_quant_per_channel(tf, run):
    x = tf.constant(np.linspace(-5, 7, 24).astype(np.float32).reshape(2, 3, 4))
    mn = tf.constant([-6.0, -1.0, 0.5, -3.3])
    mx = tf.constant([6.0, 1.0, 2.5, 0.4])
    out = {}
    for bits, narrow in ((8, False), (4, True)):
        y = tf.quantization.fake_quant_with_min_max_vars_per_channel(x, mn, mx, num_bits=bits, narrow_range=narrow)
        gx, gmin, gmax = tf.gradients(tf.reduce_sum(y * tf.reshape(tf.range(1.0, 25.0), [2, 3, 4])), [x, mn, mx])
        out[f"{bits} {narrow}"] = run(dict(y=y, gx=gx, gmin=gmin, gmax=gmax))
    g = tf.fake_quant_with_min_max_vars_per_channel_gradient(tf.ones([2, 3, 4]), x, mn, mx)
    out["direct_grad"] = run(list(g))
    out["bad_depth"] = attempt(lambda: tf.fake_quant_with_min_max_vars_per_channel(x, [-1.0], [1.0]).name)
    return out


@case
def fake_quant_training_program(tf, run):
    """Quantization-aware training as TF1 code wrote it: variables for the range, fake-quantized weights and
    activations, plain SGD; the ranges learn through the Vars gradients."""
    rng = np.random.RandomState(3)
    xs = rng.uniform(-1, 1, (8, 3)).astype(np.float32)
    ys = (xs @ np.array([[0.5], [-1.0], [2.0]], np.float32)).astype(np.float32)
    w = tf.Variable(rng.uniform(-1, 1, (3, 1)).astype(np.float32), name="w")
    w_min = tf.Variable(-1.0, name="w_min")
    w_max = tf.Variable(1.0, name="w_max")
    wq = tf.fake_quant_with_min_max_vars(w, w_min, w_max, num_bits=4)
    pred = tf.fake_quant_with_min_max_args(tf.matmul(tf.constant(xs), wq), min=-4.0, max=4.0)
    loss = tf.reduce_mean(tf.square(pred - ys))
    train = tf.train.GradientDescentOptimizer(0.2).minimize(loss)
    run(tf.global_variables_initializer())
    losses = [run([train, loss])[1] for _ in range(5)]
    return dict(losses=losses, final=run(dict(w=w, w_min=w_min, w_max=w_max, wq=wq)))


# --- quantized kernels ---------------------------------------------------------------------------------

def _q(tf, values, dtype):
    return tf.constant(np.array(values, np.int64).astype(np.dtype(tf.as_dtype(dtype).as_numpy_dtype)[0]), dtype)


@case
def quantized_concat(tf, run):
    out = {}
    for dtype in ("quint8", "qint8"):
        a = _q(tf, [[1, 200], [37, 90]], getattr(tf, dtype)) if dtype == "quint8" else \
            _q(tf, [[1, -100], [37, 90]], tf.qint8)
        b = _q(tf, [[7, 255]], getattr(tf, dtype)) if dtype == "quint8" else _q(tf, [[7, -128]], tf.qint8)
        r = tf.quantized_concat(0, [a, b], [-1.0, 0.5], [1.0, 3.0])
        same = tf.quantized_concat(1, [a, a], [-1.0, -1.0], [2.0, 2.0])
        out[dtype] = dict(result=attempt(lambda: run(dict(r=list(r), same=list(same)))),  # noqa: B023
                          shape=str(r.output.shape), names=[t.name for t in r])
    return out


@case
def quantized_pools(tf, run):
    x = _q(tf, np.arange(0, 250, 7)[:36].reshape(1, 3, 4, 3), tf.quint8)
    out = {}
    for padding in ("SAME", "VALID"):
        for ksize, strides in (([1, 2, 2, 1], [1, 1, 1, 1]), ([1, 3, 2, 1], [1, 2, 2, 1])):
            mx = tf.nn.quantized_max_pool(x, -1.0, 2.0, ksize, strides, padding)
            av = tf.nn.quantized_avg_pool(x, -1.0, 2.0, ksize, strides, padding)
            out[f"{padding} {ksize} {strides}"] = dict(run(dict(max=list(mx), avg=list(av))), shape=str(av[0].shape))
    return out


@case
def quantized_relu_x(tf, run):
    x = _q(tf, [0, 10, 60, 100, 128, 180, 255], tf.quint8)
    r = tf.nn.quantized_relu_x(x, 2.0, -3.0, 5.0)
    return dict(specs=[[t.name, t.dtype.name, str(t.shape)] for t in r], run=attempt(lambda: run(list(r))))


@case
def quantized_conv2d(tf, run):
    rng = np.random.RandomState(11)
    x = _q(tf, rng.randint(0, 256, (1, 5, 4, 2)), tf.quint8)
    f = _q(tf, rng.randint(0, 256, (3, 2, 2, 3)), tf.quint8)
    out = {}
    for padding, strides in (("SAME", [1, 1, 1, 1]), ("VALID", [1, 2, 1, 1])):
        r = tf.nn.quantized_conv2d(x, f, -1.0, 2.0, -0.5, 0.7, strides, padding)
        out[padding] = dict(run(list(r)), shape=str(r[0].shape))
    return out


@case
def quantize_and_dequantize(tf, run):
    x = tf.constant(_X)
    out = {}
    for fn in (tf.quantization.quantize_and_dequantize, tf.quantization.quantize_and_dequantize_v2):
        for signed, bits, given, rmode, narrow in ((True, 8, False, "HALF_TO_EVEN", False),
                                                   (False, 4, True, "HALF_UP", False),
                                                   (True, 3, True, "HALF_TO_EVEN", True),
                                                   (True, 5, False, "HALF_UP", True)):
            y = fn(x, -2.0, 3.0, signed_input=signed, num_bits=bits, range_given=given, round_mode=rmode,
                   narrow_range=narrow)
            g = tf.gradients(tf.reduce_sum(y * tf.range(1.0, 15.0)), x)[0]
            out[f"{fn.__name__} {signed} {bits} {given} {rmode} {narrow}"] = dict(run(dict(y=y, g=g)),
                                                                                  op=y.op.type)
    m = tf.reshape(x[:12], [3, 4])
    for axis in (0, -1):
        lo, hi = [-1.0, -2.0, 0.0, -5.0][:3 if axis == 0 else 4], [1.0, 0.5, 4.0, 2.0][:3 if axis == 0 else 4]
        y = tf.quantization.quantize_and_dequantize_v2(m, lo, hi, axis=axis, num_bits=4)
        out[f"axis {axis}"] = dict(y=run(y), g=attempt(lambda: run(tf.gradients(tf.reduce_sum(y), m)[0])))  # noqa: B023
        given = tf.quantization.quantize_and_dequantize_v2(m, lo, hi, axis=axis, range_given=True)
        out[f"axis {axis} given"] = attempt(lambda: run(given))  # noqa: B023
    y64 = tf.quantization.quantize_and_dequantize_v2(tf.constant([0.123456789, -3.3], tf.float64), -1.0, 1.0)
    out["float64"] = run(y64)
    out["bad_range"] = attempt(lambda: run(tf.quantization.quantize_and_dequantize_v2(x, 2.0, 1.0,
                                                                                        range_given=True)))
    out["bad_round"] = attempt(lambda: run(tf.quantization.quantize_and_dequantize_v2(x, -1.0, 1.0,
                                                                                        round_mode="UP")))
    return out
