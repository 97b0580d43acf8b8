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


def error_text(e):
    """The line of an error that says what went wrong (TF's runtime errors wrap it in context lines)."""
    lines = [line for line in str(e).strip().splitlines() if line.strip()]
    for i, line in enumerate(lines):
        if line.lstrip().startswith("[[") and i > 0:
            return lines[i - 1].strip()
    return lines[0] if lines else ""


def run_error(run, fetches, feed=None):
    """The error text of running `fetches`, or "no error"."""
    try:
        run(fetches, feed)
    except Exception as e:  # noqa: BLE001
        return {"error": type(e).__name__, "message": error_text(e)}
    return "no error"


def evaluate(tf, fn):
    graph = tf.Graph()
    with graph.as_default():
        sess = tf.Session(graph=graph)
        try:
            return plain(fn(tf, lambda fetches, feed=None: sess.run(fetches, feed)))
        except Exception as e:  # noqa: BLE001 - the error is the recorded result
            return {"error": type(e).__name__, "message": error_text(e)}
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


# --- checks, aliases and helpers -------------------------------------------------------------

def _error(fn):
    try:
        result = fn()
    except (TypeError, ValueError) as e:
        return {"error": type(e).__name__, "message": str(e)}
    return getattr(result, "name", result)


@case
def check_helpers(tf, run):
    x = tf.constant([1.0, 2.0])
    out = dict(
        integer_float=_error(lambda: tf.assert_integer(x, message="m")),
        integer_ok=_error(lambda: tf.debugging.assert_integer(tf.constant([1]))),
        scalar_vector=_error(lambda: tf.assert_scalar(x)),
        scalar_ok=_error(lambda: tf.assert_scalar(tf.constant(3.0))),
        iterable_tensor=_error(lambda: tf.assert_proper_iterable(x))["error"],
        iterable_int=_error(lambda: tf.assert_proper_iterable(3)),
        iterable_str=_error(lambda: tf.assert_proper_iterable("ab")),
        iterable_ok=_error(lambda: tf.assert_proper_iterable([1])),
        same_float=_error(lambda: tf.assert_same_float_dtype([x, tf.constant([1.0], tf.float64)])),
        same_float_int=_error(lambda: tf.assert_same_float_dtype([tf.constant([1])])),
        same_float_given=_error(lambda: tf.assert_same_float_dtype(None, tf.float64)),
        same_float_none=_error(lambda: tf.assert_same_float_dtype()),
        rank_in_bad=_error(lambda: tf.assert_rank_in(x, [0, 2])),
        rank_in_ok=_error(lambda: tf.debugging.assert_rank_in(x, [1, 2])),
        numeric=[tf.is_numeric_tensor(x), tf.debugging.is_numeric_tensor(tf.constant(True)),
                 tf.is_numeric_tensor(tf.constant("s")), tf.is_numeric_tensor(3.0)],
        verify=tf.verify_tensor_all_finite(x, "bad").name,
        all_finite=tf.debugging.assert_all_finite(x, "bad").name,
    )
    near_ok = tf.assert_near(x, x + 1e-7)
    near_bad = tf.debugging.assert_near(x, x + 1e-3, message="close")
    run(near_ok)
    try:
        run(near_bad)
        out["near"] = "no error"
    except tf.errors.InvalidArgumentError as e:
        out["near"] = [line for line in e.message.splitlines() if "assertion failed" in line]
    nan = tf.verify_tensor_all_finite(tf.constant([1.0, np.nan]), "found it")
    try:
        run(nan)
    except tf.errors.InvalidArgumentError as e:
        out["verify_nan"] = [line.strip() for line in e.message.splitlines() if "Tensor had" in line][:1]
    out["is"] = run([tf.debugging.is_nan([1.0, np.nan]), tf.debugging.is_inf([np.inf, 1.0]),
                     tf.debugging.is_finite([np.inf, 1.0])])
    return out


@case
def check_numerics_ops_chain(tf, run):
    a = tf.placeholder(tf.float32, [2])
    b = tf.log(a)
    check = tf.add_check_numerics_ops()
    out = dict(ok=run(b, {a: [1.0, 2.0]}), type=check.type,
               checks=sorted(op.name for op in tf.get_default_graph().get_operations() if op.type == "CheckNumerics"))
    try:
        run([b, check], {a: [1.0, -2.0]})
    except tf.errors.InvalidArgumentError as e:
        out["bad"] = [line.strip() for line in e.message.splitlines() if "Tensor had" in line][:1]
    return out


@case
def misc_helpers(tf, run):
    x = tf.constant([1.0, 2.0])
    stacked = tf.parallel_stack([x, x * 2, x * 3])
    bg = tf.batch_gather(tf.constant([[1, 2, 3], [4, 5, 6]]), [[2, 0], [1, 1]])
    bg3 = tf.batch_gather(tf.reshape(tf.range(24), [2, 3, 4]), [[[3], [0], [1]], [[2], [2], [0]]])
    g = tf.guarantee_const(x)
    ts = tf.timestamp()
    values = run(dict(stacked=stacked, bg=bg, bg3=bg3, g=g, ts=ts))
    values["ts"] = bool(values["ts"] > 1.5e9)
    return dict(values, names=[stacked.name, stacked.op.type, g.name, ts.name, ts.dtype.name, bg.shape.as_list()],
                static=[tf.get_static_value(x + 1), tf.get_static_value(tf.shape(tf.zeros([2, 3])))], static_unknown=tf.get_static_value(tf.placeholder(tf.float32)),
                dim=[str(tf.dimension_at_index(tf.TensorShape([2, None]), 0)),
                     str(tf.dimension_at_index(tf.TensorShape(None), 3))],
                logger=tf.get_logger().name, no_reg=tf.no_regularizer(3),
                agg=[tf.AggregationMethod.ADD_N, tf.AggregationMethod.DEFAULT, tf.AggregationMethod.EXPERIMENTAL_TREE,
                     tf.AggregationMethod.EXPERIMENTAL_ACCUMULATE_N],
                dtypes=[tf.dtypes.float32.name, tf.dtypes.as_dtype("int64").name, tf.dtypes.half.name,
                        tf.dtypes.double.name, tf.dtypes.resource.name, tf.dtypes.variant.name,
                        tf.dtypes.bfloat16.name, isinstance(tf.float32, tf.dtypes.DType)],
                op_error=issubclass(tf.errors.InvalidArgumentError, tf.OpError),
                converted=tf.convert_to_tensor_or_indexed_slices([1, 2]).name,
                slices_kept=isinstance(tf.convert_to_tensor_or_indexed_slices(
                    tf.IndexedSlices(x, tf.constant([0, 1]))), tf.IndexedSlices))


@case
def global_step_checks(tf, run):
    step = tf.train.get_or_create_global_step()
    out = dict(ok=tf.train.assert_global_step(step))
    for key, value in (("float", tf.constant(1.0)), ("vector", tf.constant([1, 2])), ("int", 3)):
        try:
            tf.train.assert_global_step(value)
        except TypeError as e:
            out[key] = str(e).replace("<class 'tensorflow.python.framework.ops.SymbolicTensor'>", "Tensor")
    return out


@case
def nn_helpers(tf, run):
    x = tf.constant([[-2.0, 0.5, 3.0], [1.0, -1.0, 0.25]])
    t = tf.constant([[0.0, 2.0, 0.5], [4.0, 1.0, 3.0]])
    counts, m_ss, v_ss, shift = tf.nn.sufficient_statistics(x, [0])
    c2, m2, v2, s2 = tf.nn.sufficient_statistics(x, [1], shift=0.5, keepdims=True)
    mean, var = tf.nn.normalize_moments(counts, m_ss, v_ss, None)
    mean2, var2 = tf.nn.normalize_moments(c2, m2, v2, s2)
    outs = dict(swish=tf.nn.swish(x), silu=tf.nn.silu(x, beta=2.0), swish_grad=tf.gradients(tf.nn.swish(x), x)[0],
                poisson=tf.nn.log_poisson_loss(t, x), poisson_full=tf.nn.log_poisson_loss(t, x, compute_full_loss=True),
                stats=[counts, m_ss, v_ss, c2, m2, v2], moments=[mean, var, mean2, var2],
                avg=tf.nn.compute_average_loss([1.0, 2.0, 4.0]),
                avg_w=tf.nn.compute_average_loss([1.0, 2.0, 4.0], sample_weight=[1.0, 0.0, 0.5], global_batch_size=4),
                reg=tf.nn.scale_regularization_loss([1.0, 2.5]),
                bn=tf.nn.batch_norm_with_global_normalization(x, [0.5, 0.0, 1.0], [1.0, 4.0, 0.25], [0.1, 0.2, 0.3],
                                                              [2.0, 2.0, 2.0], 0.001, True),
                bn_noscale=tf.nn.batch_norm_with_global_normalization(x, [0.5, 0.0, 1.0], [1.0, 4.0, 0.25],
                                                                      [0.1, 0.2, 0.3], [2.0, 2.0, 2.0], 0.001, False))
    values = run(outs)
    values["shape_error"] = _error(lambda: tf.nn.log_poisson_loss([1.0, 2.0, 3.0], [1.0, 2.0]))
    values["names"] = [tf.nn.log_poisson_loss(t, x).name, mean2.name, var.name, counts.name, m_ss.name,
                       tf.nn.compute_average_loss([1.0]).name]
    return values


@case
def pool_names(tf, run):
    img = tf.reshape(tf.range(32.0), [1, 4, 4, 2])
    outs = dict(v2_2d=tf.nn.avg_pool_v2(img, 2, 2, "VALID"), v2_1d=tf.nn.max_pool_v2(tf.reshape(img, [1, 16, 2]), 3, 2,
                                                                                       "SAME"),
                v2_3d=tf.nn.max_pool_v2(tf.reshape(img, [1, 2, 2, 4, 2]), 2, 1, "VALID"),
                max2d=tf.nn.max_pool2d(img, [2, 1], [1, 2], "SAME"), avg2d=tf.nn.avg_pool2d(img, 3, 1, "VALID"))
    values = run(outs)
    values["names"] = {k: v.name for k, v in outs.items()}
    return values


@case
def initializers(tf, run):
    tf.set_random_seed(7)
    outs = dict(orth=tf.orthogonal_initializer(seed=3)([3, 2]), orth_wide=tf.initializers.orthogonal(2.0, seed=4)([2, 2, 3]),
                ident=tf.initializers.identity(2.0)([2, 3]),
                uus=tf.uniform_unit_scaling_initializer(1.5, seed=2)([3, 2]),
                uus2=tf.initializers.uniform_unit_scaling(seed=5)([4]),
                he_n=tf.initializers.he_normal(seed=1)([3, 2]), he_u=tf.initializers.he_uniform(seed=1)([3, 2]),
                lecun_n=tf.initializers.lecun_normal(seed=1)([3, 2]), lecun_u=tf.initializers.lecun_uniform(seed=1)([3, 2]))
    values = run(outs)
    values["ident_1d"] = _error(lambda: tf.initializers.identity()([2]))
    values["orth_1d"] = _error(lambda: tf.orthogonal_initializer()([2]))
    values["he_config"] = tf.initializers.he_normal().get_config()
    return values


@case
def input_spec(tf, run):
    spec = tf.layers.InputSpec(ndim=2, axes={-1: 3})
    return dict(reprs=[repr(spec), repr(tf.layers.InputSpec(shape=[None, 3], dtype="float32")),
                       repr(tf.layers.InputSpec(min_ndim=2, max_ndim=4))],
                config=tf.layers.InputSpec(shape=[2, 3]).get_config(),
                bad=_error(lambda: tf.layers.InputSpec(ndim=2, axes={3: 1})))


# --- scatter, roll, repeat, unravel_index ----------------------------------------------------

@case
def tensor_scatter(tf, run):
    t = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    idx = tf.constant([[2], [0], [2]])
    upd = tf.constant([[10.0, -1.0], [0.5, 7.0], [3.0, 9.0]])
    outs = dict(add=tf.tensor_scatter_nd_add(t, idx, upd), sub=tf.tensor_scatter_sub(t, idx, upd),
                max=tf.tensor_scatter_nd_max(t, idx, upd), min=tf.tensor_scatter_nd_min(t, idx, upd),
                upd=tf.tensor_scatter_update(t, [[1, 0], [0, 1]], [-5.0, -6.0]),
                add_alias=tf.tensor_scatter_add(t, [[1]], [[1.0, 1.0]]))
    w = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    grads = {k: tf.gradients(tf.reduce_sum(fn(t, idx, upd) * w), [t, upd])
             for k, fn in (("add", tf.tensor_scatter_nd_add), ("sub", tf.tensor_scatter_nd_sub),
                           ("max", tf.tensor_scatter_nd_max), ("min", tf.tensor_scatter_nd_min))}
    grads["upd"] = tf.gradients(tf.reduce_sum(tf.tensor_scatter_nd_update(t, [[1], [0]], upd[:2]) * w), [t, upd])
    values = run(dict(outs, grads=grads))
    values["names"] = [outs["add"].name, outs["upd"].name, outs["add_alias"].name, outs["max"].op.type]
    values["bad_index"] = run_error(run, tf.tensor_scatter_nd_update(tf.zeros([4]), [[5]], [1.0]))
    values["bad_shape"] = _error(lambda: tf.tensor_scatter_nd_update(tf.zeros([4]), [[1]], [1.0, 2.0]))
    return values


@case
def roll_repeat_unravel(tf, run):
    x = tf.reshape(tf.range(12), [3, 4])
    outs = dict(roll=tf.roll(x, [1, -3], [0, 1]), roll_same=tf.manip.roll(x, [2, 3], [1, 1]),
                roll_scalar=tf.roll([1, 2, 3, 4, 5], 7, 0),
                rep=tf.repeat([1, 2, 3], 2), rep_axis0=tf.repeat([[1, 2], [3, 4]], [1, 3], axis=0),
                rep_axis1=tf.repeat([[1, 2], [3, 4]], [2, 0], axis=1), rep_flat=tf.repeat([[1, 2], [3, 4]], 3),
                rep_neg_axis=tf.repeat([[1, 2], [3, 4]], 2, axis=-1),
                unravel=tf.unravel_index([5, 30, 0], [4, 8]), unravel_scalar=tf.unravel_index(17, [2, 3, 4]))
    xf = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    outs["roll_grad"] = tf.gradients(tf.reduce_sum(tf.roll(xf, [1, 1], [0, 1]) * [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]),
                                     xf)[0]
    values = run(outs)
    values["names"] = [outs["roll"].name, outs["unravel"].name, outs["unravel"].shape.as_list(),
                       outs["unravel_scalar"].shape.as_list(), outs["rep"].shape.as_list(),
                       outs["rep_axis0"].shape.as_list()]
    values["roll_bad"] = _error(lambda: tf.roll([1, 2, 3], [1], [0, 1]))
    values["unravel_out"] = run_error(run, tf.unravel_index([5, 30], [4, 5]))
    values["unravel_neg"] = run_error(run, tf.unravel_index(5, [4, -5]))
    return values


@case
def variable_scatters(tf, run):
    v = tf.Variable([1.0, 2.0, 3.0, 4.0])
    m = tf.Variable([[1, 2, 3], [4, 5, 6]])
    w = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    iv = tf.Variable([7, -7, 9])
    run(tf.global_variables_initializer())
    ops = dict(mul=tf.scatter_mul(v, [0, 0, 2], [2.0, 3.0, -1.0]), div=tf.scatter_div(v, [1], [4.0]),
               min=tf.scatter_min(v, [3, 3], [5.0, 0.5]), max=tf.scatter_max(v, [1], [10.0]))
    values = {}
    for key in ("mul", "div", "min", "max"):
        values[key] = run(ops[key])
    values["int_div"] = run(tf.scatter_div(iv, [0, 1, 2], [2, 2, -4]))
    values["nd_update"] = run(tf.scatter_nd_update(m, [[0, 1], [1, 2]], [20, 30]))
    values["nd_add"] = run(tf.scatter_nd_add(m, [[1], [1]], [[1, 1, 1], [2, 2, 2]]))
    values["nd_sub"] = run(tf.scatter_nd_sub(w, [[0, 0]], [0.5]))
    values["batch"] = run(tf.batch_scatter_update(m, [[2, 0], [1, 1]], [[7, 8], [9, 10]]))
    values["names"] = [ops["mul"].name, ops["div"].name, tf.scatter_nd_update(m, [[0, 0]], [1]).name,
                       tf.scatter_nd_add(w, [[0, 0]], [1.0], name="named").name,
                       tf.batch_scatter_update(m, [[0], [1]], [[1], [1]]).name]
    values["nd_bad_index"] = run_error(run, tf.scatter_nd_add(v, [[7]], [9.0]))
    values["bad_index"] = run_error(run, tf.scatter_div(v, [7], [9.0]))
    values["nd_bad_shape"] = _error(lambda: tf.scatter_nd_update(v, [[1]], [[1.0, 2.0]]))
    return values


@case
def count_up_to(tf, run):
    c = tf.Variable(3, dtype=tf.int64)
    up = tf.count_up_to(c, 5)
    run(tf.global_variables_initializer())
    values = dict(first=run(up), second=run(up), after=run(c.value()), name=up.name, dtype=up.dtype.name)
    values["limit"] = run_error(run, up)
    values["float"] = _error(lambda: tf.count_up_to(tf.Variable(1.0), 3))
    return values


# --- schedules, losses, switch_case, approx top k, depthwise backprops -----------------------

@case
def decay_schedules(tf, run):
    step = tf.placeholder(tf.int64, [])
    outs = dict(restarts=tf.train.cosine_decay_restarts(0.1, step, 10),
                restarts_mul=tf.train.cosine_decay_restarts(0.5, step, 4, t_mul=1.0, m_mul=0.5, alpha=0.1),
                restarts_t=tf.train.cosine_decay_restarts(0.5, step, 3, t_mul=3.0, m_mul=0.9),
                linear=tf.train.linear_cosine_decay(0.1, step, 10),
                linear_args=tf.train.linear_cosine_decay(0.2, step, 20, num_periods=2.0, alpha=0.3, beta=0.05))
    values = {str(s): run(outs, {step: s}) for s in (0, 3, 5, 10, 12, 31, 40)}
    noisy = tf.train.noisy_linear_cosine_decay(0.1, step, 10)
    values["noisy"] = [noisy.dtype.name, noisy.shape.as_list(), noisy.name]
    values["names"] = {k: v.name for k, v in outs.items()}
    values["no_step"] = _error(lambda: tf.train.cosine_decay_restarts(0.1, None, 10))
    return values


@case
def more_losses(tf, run):
    labels = tf.constant([[1.0, 0.0, 0.0], [0.0, 0.6, 0.8], [0.0, 1.0, 0.0]])
    preds = tf.constant([[0.6, 0.8, 0.0], [0.0, 0.0, 1.0], [0.0, -1.0, 0.0]])
    outs = dict(cos=tf.losses.cosine_distance(labels, preds, axis=1),
                cos_w=tf.losses.cosine_distance(labels, preds, dim=1, weights=[[1.0], [0.0], [2.0]]),
                cos_none=tf.losses.cosine_distance(labels, preds, axis=1, reduction=tf.losses.Reduction.NONE),
                mpse=tf.losses.mean_pairwise_squared_error([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]],
                                                           [[1.5, 2.0, 2.0], [4.0, 7.0, 6.0]], weights=[[1.0], [2.0]]),
                mpse_3d=tf.losses.mean_pairwise_squared_error(tf.reshape(tf.range(12.0), [2, 3, 2]),
                                                              tf.reshape(tf.range(12.0) ** 1.5, [2, 3, 2])),
                mpse_zero=tf.losses.mean_pairwise_squared_error([[1.0, 2.0]], [[3.0, 5.0]], weights=0.0))
    values = run(outs)
    values["names"] = {k: v.name for k, v in outs.items()}
    values["collection"] = len(tf.get_collection(tf.GraphKeys.LOSSES))
    values["no_axis"] = _error(lambda: tf.losses.cosine_distance(labels, preds))
    return values


@case
def switch_case(tf, run):
    i = tf.placeholder(tf.int32, [])
    x = tf.constant(2.0)
    r = tf.switch_case(i, [lambda: x * 1.0, lambda: x * 10.0, lambda: x * 100.0])
    d = tf.switch_case(i, {1: lambda: x + 1.0, 0: lambda: x - 1.0}, default=lambda: x * 0.0)
    pairs = tf.switch_case(i, [(0, lambda: tf.constant([1, 2])), (1, lambda: tf.constant([3, 4]))])
    g = tf.gradients(r, x)[0]
    values = {str(k): run([r, d, pairs, g], {i: k}) for k in (-1, 0, 1, 2, 5)}
    values["bad_keys"] = _error(lambda: tf.switch_case(i, {0: lambda: x, 2: lambda: x}))
    values["bad_type"] = _error(lambda: tf.switch_case(tf.constant(1, tf.int64), [lambda: x]))
    values["not_list"] = _error(lambda: tf.switch_case(i, lambda: x))
    values["bad_key_type"] = _error(lambda: tf.switch_case(i, [("a", lambda: x)]))
    return values


@case
def approx_top_k(tf, run):
    x = tf.constant([[3.0, 1.0, 4.0, 1.5, 5.0], [9.0, 2.0, 6.0, 5.0, 3.0]])
    a = tf.math.approx_max_k(x, 2)
    b = tf.nn.approx_max_k(tf.constant([1.0, 3.0, 3.0, 2.0, 3.0]), 3)
    values = run(dict(a=a, b=b, grad=tf.gradients(a.values * [[1.0, 2.0], [3.0, 4.0]], x)[0]))
    values["names"] = [a.values.name, a.indices.name, a.indices.dtype.name, type(a).__name__, list(a._fields)]
    values["too_big"] = _error(lambda: tf.math.approx_max_k(x, 7))
    return values


@case
def depthwise_backprops(tf, run):
    x = tf.reshape(tf.range(32.0), [1, 4, 4, 2])
    f = tf.reshape(tf.range(8.0) / 4.0, [2, 2, 2, 1])
    dy = tf.reshape(tf.range(18.0) - 9.0, [1, 3, 3, 2])
    outs = dict(inp=tf.nn.depthwise_conv2d_native_backprop_input([1, 4, 4, 2], f, dy, [1, 1, 1, 1], "VALID"),
                inp_alias=tf.nn.depthwise_conv2d_backprop_input([1, 4, 4, 2], f, dy, [1, 1, 1, 1], "VALID"),
                filt=tf.nn.depthwise_conv2d_native_backprop_filter(x, [2, 2, 2, 1], dy, [1, 1, 1, 1], "VALID"),
                filt_alias=tf.nn.depthwise_conv2d_backprop_filter(x, [2, 2, 2, 1], dy, [1, 1, 1, 1], "VALID"),
                strided=tf.nn.depthwise_conv2d_native_backprop_input([1, 4, 4, 2], f, dy[:, :2, :2, :], [1, 2, 2, 1],
                                                                     "SAME"))
    values = run(outs)
    values["names"] = {k: v.name for k, v in outs.items()}
    return values


@case
def no_gradient(tf, run):
    tf.no_gradient("MyOpWithoutGradient")
    g = tf.Graph()
    return dict(ok=True, same_as_not_differentiable=callable(tf.no_gradient), graph=type(g).__name__)


# --- optimizers ------------------------------------------------------------------------------

def _train(tf, run, make_opt, sparse=False, steps=3, resource=False):
    w = tf.get_variable("w", initializer=tf.constant([[0.5, -1.0], [2.0, 0.25], [-0.75, 1.5]]), use_resource=resource)
    step = tf.train.get_or_create_global_step()
    if sparse:
        loss = tf.reduce_sum(tf.square(tf.gather(w, [2, 0])) * [[1.0, -2.0], [0.5, 3.0]])
    else:
        loss = tf.reduce_sum(tf.square(w) * [[1.0, -2.0], [0.5, 3.0], [1.5, 1.0]]) + tf.reduce_sum(w)
    opt = make_opt(step)
    train = opt.minimize(loss, global_step=step)
    run(tf.global_variables_initializer())
    history = []
    for _ in range(steps):
        run(train)
        history.append(run(w.read_value() if resource else w))
    slots = sorted(v.op.name for v in tf.global_variables())
    return dict(history=history, slots=slots, step=run(step))


@case
def proximal_adagrad(tf, run):
    return _train(tf, run, lambda s: tf.train.ProximalAdagradOptimizer(0.3, 0.2, 0.05, 0.1))


@case
def proximal_adagrad_sparse(tf, run):
    return _train(tf, run, lambda s: tf.train.ProximalAdagradOptimizer(0.3, l1_regularization_strength=0.0,
                                                                       l2_regularization_strength=0.2), sparse=True)


@case
def adagrad_da(tf, run):
    return _train(tf, run, lambda s: tf.train.AdagradDAOptimizer(0.4, s, 0.1, 0.05, 0.2), steps=4)


@case
def adagrad_da_sparse_no_l1(tf, run):
    return _train(tf, run, lambda s: tf.train.AdagradDAOptimizer(0.4, s, l2_regularization_strength=0.2),
                  sparse=True)


@case
def adagrad_da_resource(tf, run):
    return _train(tf, run, lambda s: tf.train.AdagradDAOptimizer(0.4, s, 0.1, 0.05, 0.2), resource=True)


@case
def proximal_adagrad_resource_sparse(tf, run):
    return _train(tf, run, lambda s: tf.train.ProximalAdagradOptimizer(0.3, 0.2, 0.05, 0.1), sparse=True,
                  resource=True)


@case
def optimizer_errors(tf, run):
    return dict(pa=_error(lambda: tf.train.ProximalAdagradOptimizer(0.1, 0.0)),
                da=_error(lambda: tf.train.AdagradDAOptimizer(0.1, None, -1.0)))


# --- max_pool_with_argmax, sqrtm -------------------------------------------------------------

@case
def max_pool_with_argmax(tf, run):
    x = tf.constant(np.random.RandomState(1).permutation(2 * 5 * 4 * 3).reshape(2, 5, 4, 3).astype(np.float32))
    ties = tf.constant([[[[1.0], [3.0], [3.0]], [[2.0], [0.0], [5.0]], [[7.0], [7.0], [1.0]]]])
    same = tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    valid = tf.nn.max_pool_with_argmax(x, [1, 3, 2, 1], [1, 1, 2, 1], "VALID", include_batch_in_index=True)
    tie = tf.nn.max_pool_with_argmax(ties, [1, 2, 2, 1], [1, 1, 1, 1], "VALID", output_dtype=tf.int32)
    w = tf.constant(np.arange(2 * 3 * 2 * 3, dtype=np.float32).reshape(2, 3, 2, 3))
    outs = dict(same=same, valid=valid, tie=tie, grad=tf.gradients(tf.reduce_sum(same.output * w), x)[0],
                grad_batch=tf.gradients(tf.reduce_sum(valid.output), x)[0])
    values = run(outs)
    values["names"] = [same.output.name, same.argmax.name, same.argmax.dtype.name, tie.argmax.dtype.name,
                       type(same).__name__, same.output.shape.as_list()]
    values["nchw"] = _error(lambda: tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME",
                                                               data_format="NCHW"))
    return values


@case
def matrix_square_root(tf, run):
    spd = tf.constant([[4.0, 1.0, 0.5], [1.0, 3.0, 0.25], [0.5, 0.25, 2.0]])
    upper = tf.constant([[[4.0, 1.0], [0.0, 9.0]], [[2.0, 0.5], [0.25, 1.0]]], tf.float64)
    s = tf.linalg.sqrtm(spd)
    outs = dict(spd=s, batch=tf.matrix_square_root(upper), square=tf.matmul(s, s),
                grad=tf.gradients(tf.reduce_sum(tf.linalg.sqrtm(upper) * [[1.0, 2.0], [3.0, 4.0]]), upper)[0])
    values = run(outs)
    values["name"] = s.name
    values["not_square"] = _error(lambda: tf.linalg.sqrtm(tf.ones([2, 3])))
    return values


# --- make_template ---------------------------------------------------------------------------

@case
def make_template(tf, run):
    def scale(x, width=2, offset=0.0):
        w = tf.get_variable("w", [width], initializer=tf.constant_initializer(3.0))
        b = tf.get_variable("b", [], initializer=tf.constant_initializer(offset))
        return x * w + b

    t = tf.make_template("scale", scale, offset=1.5)
    a = t(tf.constant([1.0, 2.0]))
    b = t(tf.constant([3.0, 4.0]))
    early = tf.make_template("early", scale, create_scope_now_=True)
    with tf.variable_scope("outer"):
        c = early(tf.constant([1.0, 1.0]))
        t2 = tf.make_template("scale", scale)
        d = t2(tf.constant([1.0, 1.0]))
    e = early(tf.constant([2.0, 2.0]))

    def bad(x):
        return x * tf.Variable(2.0)

    bad_t = tf.make_template("bad", bad)
    bad_t(1.0)
    run(tf.global_variables_initializer())
    values = run(dict(a=a, b=b, c=c, d=d, e=e))
    values["vars"] = sorted(v.op.name for v in tf.global_variables())
    values["names"] = [a.name, b.name, c.name, d.name, e.name, t.name, t.variable_scope_name,
                       early.variable_scope_name, t2.variable_scope_name]
    values["template_vars"] = [v.op.name for v in t.trainable_variables]
    values["second_bad"] = _error(lambda: bad_t(2.0))["error"]
    values["no_name"] = _error(lambda: tf.make_template(None, scale))
    return values


# --- random_gamma / random_poisson (compared bit for bit: the case names start with "random_") -----------

@case
def random_gamma_draws(tf, run):
    tf.set_random_seed(11)
    alphas = tf.constant([0.05, 0.5, 0.999, 1.0, 1.5, 3.0, 17.0, 250.0])
    g = tf.random.gamma([300], alphas, seed=2)
    g64 = tf.random_gamma([7, 3], tf.constant([[0.3], [4.0]], tf.float64), dtype=tf.float64, seed=3)
    g16 = tf.random.gamma([20], [0.7, 2.0], dtype=tf.float16, seed=4)
    beta = tf.random.gamma([50], [[1.0, 2.0]], beta=[[0.5], [4.0]], seed=5)  # 2^k: TF optimizes x / c to x * (1 / c)
    unseeded = tf.random.gamma([4], 2.5)
    first, second = run([g, g]), run(g)
    return dict(first=first, second=second, g64=run(g64), g16=run(g16), beta=run(beta), unseeded=run(unseeded),
                shapes=[g.shape.as_list(), g64.shape.as_list(), beta.shape.as_list()],
                names=[g.name, g.op.type, beta.name])


@case
def random_poisson_draws(tf, run):
    tf.set_random_seed(12)
    rates = tf.constant([0.0, 0.3, 2.5, 9.99, 10.0, 42.0, 1000.0])
    p = tf.random.poisson(rates, [200], seed=2)
    p_int = tf.random_poisson(tf.constant([[3.0], [55.0]], tf.float64), [4, 5], dtype=tf.int32, seed=3)
    p64 = tf.random.poisson([7, 12], [30], dtype=tf.int64, seed=4)
    p_half = tf.random.poisson(tf.constant([4.0, 15.0], tf.float16), [25], dtype=tf.float16, seed=5)
    first, second = run(p), run(p)
    return dict(first=first, second=second, p_int=run(p_int), p64=run(p64), p_half=run(p_half),
                shapes=[p.shape.as_list(), p_int.shape.as_list(), p64.shape.as_list()],
                dtypes=[p.dtype.name, p_int.dtype.name, p64.dtype.name, p64.op.inputs[1].dtype.name],
                names=[p.name, p_int.name])


@case
def random_stateless(tf, run):
    seed = tf.placeholder(tf.int32, [2])
    u = tf.random.stateless_uniform([40], seed)
    values = {str(s): run([u], {seed: s}) for s in ([1, 2], [0, 0], [-1, 7], [2147483647, -2147483648])}
    outs = dict(n64=tf.random.stateless_normal([5, 3], tf.constant([-5, 123456789012], tf.int64), mean=1.0,
                                               stddev=2.0, dtype=tf.float64),
                t=tf.random.stateless_truncated_normal([30], [3, 4]),
                i32=tf.random.stateless_uniform([20], [1, 2], minval=-3, maxval=10, dtype=tf.int32),
                i64=tf.random.stateless_uniform([9], [5, 6], minval=-(2 ** 40), maxval=2 ** 41, dtype=tf.int64),
                range=tf.random.stateless_uniform([6], [8, 9], minval=-2.0, maxval=3.0),
                half=tf.random.stateless_normal([7], [1, 1], dtype=tf.float16))
    tf.random.stateless_uniform([1], tf.constant([3, -4]), name="probe")
    outs["kc"] = tf.get_default_graph().get_operation_by_name("probe/StatelessRandomGetKeyCounter").outputs
    values.update(run(outs))
    values["again"] = run(outs["t"])  # the same seed gives the same draws
    values["names"] = [u.name, outs["n64"].name, outs["i32"].name, outs["t"].name, u.shape.as_list(),
                       sorted(op.type for op in u.op.graph.get_operations() if op.name.startswith("stateless_random_"
                                                                                                    "uniform/"))]
    values["int_no_max"] = _error(lambda: tf.random.stateless_uniform([2], [1, 2], minval=1, dtype=tf.int32))
    return values


# --- streaming metrics -----------------------------------------------------------------------

@case
def streaming_metrics(tf, run):
    labels = tf.placeholder(tf.int64, [None])
    preds = tf.placeholder(tf.float32, [None])
    weights = tf.placeholder(tf.float32, [None])
    lf = tf.cast(labels, tf.float32)
    m = dict(
        rmse=tf.metrics.root_mean_squared_error(lf, preds, weights),
        mean_tensor=tf.metrics.mean_tensor(tf.reshape(preds[:4], [2, 2]), name="mt"),
        below=tf.metrics.percentage_below(preds, 0.5, weights=weights),
        rel=tf.metrics.mean_relative_error(lf, preds, normalizer=lf + 1.0),
        cos=tf.metrics.mean_cosine_distance(tf.reshape(lf, [-1, 2]), tf.reshape(preds, [-1, 2]), dim=1),
        per_class=tf.metrics.mean_per_class_accuracy(labels, tf.cast(preds * 2.0, tf.int64), 3, weights=weights),
        tp=tf.metrics.true_positives_at_thresholds(labels, preds, [0.25, 0.5, 0.75]),
        fp=tf.metrics.false_positives_at_thresholds(labels, preds, [0.25, 0.5, 0.75], weights=weights),
        tn=tf.metrics.true_negatives_at_thresholds(labels, preds, [0.5]),
        fn=tf.metrics.false_negatives_at_thresholds(labels, preds, [0.1, 0.9]),
        prec=tf.metrics.precision_at_thresholds(labels, preds, [0.2, 0.4, 0.6]),
        rec=tf.metrics.recall_at_thresholds(labels, preds, [0.2, 0.4, 0.6], weights=weights),
        sens=tf.metrics.sensitivity_at_specificity(labels, preds, 0.6, num_thresholds=20),
        spec=tf.metrics.specificity_at_sensitivity(labels, preds, 0.7, weights=weights, num_thresholds=15))
    run(tf.local_variables_initializer())
    batches = [([1, 0, 1, 1, 0, 0], [0.9, 0.4, 0.35, 0.6, 0.1, 0.55], [1.0, 2.0, 0.5, 1.0, 1.0, 0.0]),
               ([0, 1, 0, 1], [0.8, 0.2, 0.3, 0.95], [1.0, 1.0, 3.0, 0.5])]
    updates = [run({k: v[1] for k, v in m.items()}, {labels: l_, preds: p_, weights: w_}) for l_, p_, w_ in batches]
    values = run({k: v[0] for k, v in m.items()})
    return dict(updates=updates, values=values, variables=sorted(v.op.name for v in tf.local_variables()),
                names={k: [v[0].name, v[1].name] for k, v in m.items()},
                bad_spec=_error(lambda: tf.metrics.sensitivity_at_specificity(labels, preds, 1.5)),
                partial=_error(lambda: tf.metrics.mean_tensor(tf.reshape(preds, [-1, 2]))))


# --- 3-D convolution -------------------------------------------------------------------------

@case
def conv3d(tf, run):
    rng = np.random.RandomState(7)
    x = tf.constant(rng.uniform(-1, 1, (2, 5, 4, 6, 3)).astype(np.float32))
    f = tf.constant(rng.uniform(-1, 1, (3, 2, 3, 3, 4)).astype(np.float32))
    same = tf.nn.conv3d(x, f, [1, 2, 1, 2, 1], "SAME")
    valid = tf.nn.conv3d(x, f, [1, 1, 1, 1, 1], "VALID", dilations=[1, 2, 2, 2, 1])  # TF infers unequal ones wrong
    w = tf.constant(rng.uniform(-1, 1, (2, 3, 4, 3, 4)).astype(np.float32))
    gx, gf = tf.gradients(tf.reduce_sum(same * w), [x, f])
    dy = tf.constant(rng.uniform(-1, 1, (2, 3, 4, 3, 4)).astype(np.float32))
    outs = dict(same=same, valid=valid, gx=gx, gf=gf,
                transpose=tf.nn.conv3d_transpose(dy, f, [2, 5, 4, 6, 3], [1, 2, 1, 2, 1], "SAME"),
                filt=tf.nn.conv3d_backprop_filter_v2(x, [3, 2, 3, 3, 4], dy, [1, 2, 1, 2, 1], "SAME"))
    values = run(outs)
    values["names"] = {k: [v.name, v.shape.as_list()] for k, v in outs.items()}
    values["depth_mismatch"] = _error(lambda: tf.nn.conv3d(x, tf.ones([1, 1, 1, 2, 1]), [1, 1, 1, 1, 1], "SAME"))
    return values


@case
def layers_3d(tf, run):
    tf.set_random_seed(5)
    x = tf.constant(np.random.RandomState(9).uniform(-1, 1, (2, 6, 5, 4, 3)).astype(np.float32))
    y = tf.layers.conv3d(x, 4, [3, 2, 2], strides=(1, 2, 1), padding="same", activation=tf.nn.relu,
                         kernel_initializer=tf.glorot_uniform_initializer(seed=1))
    layer = tf.layers.Conv3D(2, 2, use_bias=False, kernel_initializer=tf.ones_initializer())
    z = layer(x)
    mp = tf.layers.max_pooling3d(x, 2, 2)
    ap = tf.layers.AveragePooling3D([2, 3, 1], [1, 2, 2], padding="same")(x)
    run(tf.global_variables_initializer())
    values = run(dict(y=y, z=z, mp=mp, ap=ap))
    values["vars"] = sorted(v.op.name for v in tf.global_variables())
    values["names"] = [t.name for t in (y, z, mp, ap)] + [t.shape.as_list() for t in (y, z, mp, ap)]
    return values


# --- special functions -----------------------------------------------------------------------

@case
def special_inverse(tf, run):
    x = tf.constant([-1.0, -0.999, -0.5, 0.0, 0.3, 0.9999, 1.0, 1.5])
    x64 = tf.constant([-0.999, -0.25, 1e-10, 0.7, 0.9], tf.float64)  # TF is off by 3e-10 near 1 - 1e-8
    p = tf.constant([0.0, 1e-30, 0.01, 0.5, 0.975, 1.0, 2.0])
    p64 = tf.constant([1e-300, 1e-10, 0.3, 0.9, 1 - 1e-12], tf.float64)
    outs = dict(erfinv=tf.math.erfinv(x), erfinv64=tf.math.erfinv(x64), ndtri=tf.math.ndtri(p),
                ndtri64=tf.math.ndtri(p64), erfcinv=tf.math.erfcinv(tf.constant([0.0, 1e-20, 0.5, 1.0, 1.9, 2.0])),
                lbeta=tf.math.lbeta([[1.0, 2.0], [3.0, 0.5]]), lbeta3=tf.lbeta(tf.ones([2, 0])),
                polyval=tf.math.polyval([1.0, 2.0, 3.0], tf.constant([2.0, -1.0])),
                polyval_empty=tf.math.polyval([], tf.constant([2.0, -1.0])),
                nextafter=tf.math.nextafter(tf.constant([1.0, 0.0, 3.0]), tf.constant([2.0, -1.0, 3.0])),
                cle=tf.math.cumulative_logsumexp(tf.constant([1.0, 2.0, 3.0]), exclusive=True, reverse=True),
                cle2=tf.math.cumulative_logsumexp(tf.constant([[1.0, -2.0, 30.0], [0.5, 0.5, -100.0]]), axis=1))
    xs = tf.constant([[0.5, 1.5, -1.0], [2.0, 0.0, 0.25]], tf.float64)
    grads = dict(erfinv=tf.gradients(tf.math.erfinv(x64), x64)[0], ndtri=tf.gradients(tf.math.ndtri(p64[1:4]), p64)[0],
                 cle=tf.gradients(tf.math.cumulative_logsumexp(xs, axis=1) * [[1.0, -2.0, 3.0]], xs)[0],
                 cle_rev=tf.gradients(tf.math.cumulative_logsumexp(xs, axis=0, exclusive=True, reverse=True)
                                      * [[0.5], [2.0]], xs)[0])
    values = run(dict(outs, grads=grads))
    values["names"] = {k: v.name for k, v in outs.items()}
    values["bad_coeffs"] = _error(lambda: tf.math.polyval(tf.constant([1.0]), 2.0))["message"].split("<")[0]
    return values


@case
def random_split_fold_in(tf, run):
    outs = dict(split=tf.random.split([1, 2], 3), split64=tf.random.experimental.stateless_split(
        tf.constant([-3, 2 ** 40], tf.int64), num=4),
                fold=tf.random.fold_in(tf.constant([5, 6], tf.int64), tf.constant(7, tf.int64)),
                fold32=tf.random.experimental.stateless_fold_in([9, 9], 123),
                chained=tf.random.stateless_uniform([3], tf.random.fold_in([1, 2], 5)))
    values = run(outs)
    values["names"] = {k: [v.name, v.shape.as_list(), v.dtype.name] for k, v in outs.items()}
    return values


@case
def random_stateless_gamma_poisson(tf, run):
    outs = dict(g=tf.random.stateless_gamma([40, 3], [1, 2], [0.3, 1.0, 6.0]),
                g64=tf.random.stateless_gamma([6], tf.constant([7, -8], tf.int64), 2.5, beta=[0.5, 1.0, 2.0, 4.0, 8.0,
                                                                                                 16.0],
                                              dtype=tf.float64),
                p=tf.random.stateless_poisson([30, 4], [3, 4], [0.5, 2.0, 12.0, 300.0]),
                pf=tf.random.stateless_poisson([8], [5, 5], 4.0, dtype=tf.float32))
    values = run(outs)
    values["names"] = {k: [v.name, v.shape.as_list()] for k, v in outs.items()}
    values["bad_shape"] = run_error(run, tf.random.stateless_poisson([2, 3], [1, 1], [1.0, 2.0]))
    return values


@case
def nn_convolution(tf, run):
    rng = np.random.RandomState(3)
    x1 = tf.constant(rng.uniform(-1, 1, (2, 9, 3)).astype(np.float32))
    x2 = tf.constant(rng.uniform(-1, 1, (2, 7, 6, 3)).astype(np.float32))
    x3 = tf.constant(rng.uniform(-1, 1, (1, 5, 6, 4, 2)).astype(np.float32))
    outs = dict(c1=tf.nn.convolution(x1, tf.constant(rng.uniform(-1, 1, (3, 3, 2)).astype(np.float32)), "SAME",
                                     strides=[2]),
                c1d=tf.nn.convolution(x1, tf.constant(rng.uniform(-1, 1, (2, 3, 2)).astype(np.float32)), "VALID",
                                      dilation_rate=[3]),
                c2=tf.nn.convolution(x2, tf.constant(rng.uniform(-1, 1, (3, 2, 3, 4)).astype(np.float32)), "VALID",
                                     strides=[1, 2]),
                c2d=tf.nn.convolution(x2, tf.constant(rng.uniform(-1, 1, (2, 2, 3, 4)).astype(np.float32)), "SAME",
                                      dilation_rate=[2, 2]),
                c3=tf.nn.convolution(x3, tf.constant(rng.uniform(-1, 1, (2, 3, 2, 2, 3)).astype(np.float32)), "SAME",
                                     strides=[1, 2, 1]))
    values = run(outs)
    values["shapes"] = {k: v.shape.as_list() for k, v in outs.items()}
    return values


@case
def nn_convolution_dilated_graph(tf, run):
    """A dilated tf.nn.convolution (and a dilated conv layer, which calls it) is TF's space-to-batch graph:
    SpaceToBatchND, the plain convolution named after the scope, BatchToSpaceND; strides > 1 with it fail."""
    rng = np.random.RandomState(5)
    tf.set_random_seed(5)
    x1 = tf.constant(rng.uniform(-1, 1, (2, 11, 3)).astype(np.float32))
    x2 = tf.placeholder(tf.float32, [None, 9, 9, 2])
    x3 = tf.constant(rng.uniform(-1, 1, (1, 7, 7, 7, 2)).astype(np.float32))
    k2 = tf.constant(rng.uniform(-1, 1, (3, 3, 2, 4)).astype(np.float32))
    outs = dict(c1=tf.nn.convolution(x1, tf.constant(rng.uniform(-1, 1, (3, 3, 4)).astype(np.float32)), "SAME",
                                     dilation_rate=[2]),
                c2=tf.nn.convolution(x2, k2, "SAME", dilation_rate=[2, 2]),
                c2v=tf.nn.convolution(x2, k2, "VALID", dilation_rate=[2, 3], name="dil"),
                c3=tf.nn.convolution(x3, tf.constant(rng.uniform(-1, 1, (2, 2, 2, 2, 3)).astype(np.float32)), "VALID",
                                     dilation_rate=[2, 1, 2]),
                l1=tf.layers.conv1d(x1, 3, 2, dilation_rate=3, name="lc1"),
                l1u=tf.layers.conv1d(x1, 3, 2, name="lc0"),
                l2=tf.layers.conv2d(x2, 3, 3, dilation_rate=2, padding="same", name="lc2"),
                l3=tf.layers.conv3d(x3, 3, 2, dilation_rate=2, padding="same", name="lc3"))
    grads = tf.gradients(tf.reduce_sum(outs["c2"]) + tf.reduce_sum(outs["l2"]), [x2, k2])
    graph = tf.get_default_graph()
    ops = [op.name + ":" + op.type for op in graph.get_operations()
           if op.type in ("SpaceToBatchND", "BatchToSpaceND", "Conv2D", "Conv3D", "Squeeze")
           and not op.name.startswith("gradients/")]
    errors = []
    for build in (lambda: tf.nn.convolution(x2, k2, "SAME", strides=[2, 2], dilation_rate=[2, 2]),
                  lambda: tf.layers.conv2d(x2, 3, 3, strides=2, dilation_rate=2)):
        try:
            build()
        except ValueError as e:
            errors.append(error_text(e))
    feed = {x2: rng.uniform(-1, 1, (2, 9, 9, 2)).astype(np.float32)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = sess.run(dict(outs, g_x=grads[0], g_k=grads[1]), feed)
    values = {k: [np.abs(v).sum(dtype=np.float32), v.reshape(-1)[:4]] for k, v in values.items()}
    return dict(values=values, names={k: v.name for k, v in outs.items()}, ops=ops, errors=errors,
                shapes={k: v.shape.as_list() for k, v in outs.items()})


@case
def conv2d_backprop_v2(tf, run):
    """TF builds these ops but registers no CPU kernel for them: the graph side is compared here, the values
    in tests/ops/test_plainops.py (against the V1 ops)."""
    rng = np.random.RandomState(4)
    x = tf.constant(rng.uniform(-1, 1, (2, 6, 5, 3)).astype(np.float32))
    f = tf.constant(rng.uniform(-1, 1, (3, 2, 3, 4)).astype(np.float32))
    dy = tf.constant(rng.uniform(-1, 1, (2, 3, 5, 4)).astype(np.float32))
    outs = dict(filt=tf.conv2d_backprop_filter_v2(x, f, dy, [1, 2, 1, 1], "SAME"),
                inp=tf.conv2d_backprop_input_v2(x, f, dy, [1, 2, 1, 1], "SAME"))
    values = dict(names={k: [v.name, v.shape.as_list(), v.op.type] for k, v in outs.items()})
    try:
        tf.gradients(outs["filt"], [x])
        values["grad"] = "none"
    except LookupError as e:
        values["grad"] = str(e).split(". In general")[0]
    return values


@case
def zeta(tf, run):
    x = tf.constant([2.0, 3.0, 1.0, 0.5, 2.0, 2.0, 4.0, 2.0, 7.5])
    q = tf.constant([1.0, 0.5, 2.0, 1.0, 0.0, -1.5, -1.5, 100.0, 0.01])
    x64 = tf.constant([[1.5], [2.5]], tf.float64)
    q64 = tf.constant([0.25, 1.0, 30.0], tf.float64)
    outs = dict(z=tf.math.zeta(x, q), z64=tf.zeta(x64, q64), grad=tf.gradients(tf.zeta(x64, q64), [x64, q64])[1])
    values = run(outs)
    values["name"] = outs["z"].name
    return values


@case
def generic_conv(tf, run):
    rng = np.random.RandomState(12)
    x = tf.constant(rng.uniform(-1, 1, (2, 6, 5, 2)).astype(np.float32))
    f = tf.constant(rng.uniform(-1, 1, (3, 2, 2, 3)).astype(np.float32))
    x3 = tf.constant(rng.uniform(-1, 1, (1, 4, 3, 5, 2)).astype(np.float32))
    f3 = tf.constant(rng.uniform(-1, 1, (2, 2, 3, 2, 2)).astype(np.float32))
    outs = dict(c2=tf.conv(x, f, [1, 2, 1, 1], "SAME"), c2d=tf.conv(x, f, [1, 1, 1, 1], "VALID",
                                                                     dilations=[1, 2, 1, 1]),
                c3=tf.conv(x3, f3, [1, 1, 2, 1, 1], "SAME"))
    values = run(outs)
    values["names"] = {k: [v.name, v.shape.as_list()] for k, v in outs.items()}
    try:
        tf.gradients(outs["c2"], [x])
        values["grad"] = "none"
    except LookupError as e:
        values["grad"] = str(e).split(". In general")[0]
    return values


@case
def transposed_convs(tf, run):
    rng = np.random.RandomState(21)
    x1 = tf.constant(rng.uniform(-1, 1, (2, 5, 3)).astype(np.float32))
    f1 = tf.constant(rng.uniform(-1, 1, (3, 2, 3)).astype(np.float32))
    x2 = tf.constant(rng.uniform(-1, 1, (1, 3, 3, 3)).astype(np.float32))
    f2 = tf.constant(rng.uniform(-1, 1, (2, 2, 2, 3)).astype(np.float32))
    x3 = tf.constant(rng.uniform(-1, 1, (1, 2, 3, 2, 3)).astype(np.float32))
    f3 = tf.constant(rng.uniform(-1, 1, (2, 2, 2, 2, 3)).astype(np.float32))
    outs = dict(t1=tf.nn.conv1d_transpose(x1, f1, [2, 10, 2], 2), t1v=tf.nn.conv1d_transpose(x1, f1, [2, 7, 2], 1,
                                                                                                 "VALID"),
                g1=tf.nn.conv_transpose(x1, f1, [2, 10, 2], [2]),
                g2=tf.nn.conv_transpose(x2, f2, [1, 6, 6, 2], [1, 2, 2, 1]),
                g3=tf.nn.conv_transpose(x3, f3, [1, 4, 6, 4, 2], [1, 2, 2, 2, 1]),
                top=tf.approx_top_k(tf.constant([[3.0, 1.0, 4.0, 1.5]]), 2)[0])
    values = run(outs)
    values["names"] = {k: [v.name, v.shape.as_list()] for k, v in outs.items()}
    values["bad_len"] = _error(lambda: tf.nn.conv_transpose(x1, f1, [2, 10], [2]))
    return values


@case
def layers_conv3d_transpose(tf, run):
    x = tf.constant(np.random.RandomState(10).uniform(-1, 1, (2, 3, 2, 4, 3)).astype(np.float32))
    y = tf.layers.conv3d_transpose(x, 2, [2, 3, 2], strides=(2, 1, 2), padding="same",
                                   kernel_initializer=tf.glorot_uniform_initializer(seed=3),
                                   bias_initializer=tf.constant_initializer(0.5))
    layer = tf.layers.Conv3DTranspose(3, 2, strides=2, use_bias=False, kernel_initializer=tf.ones_initializer())
    z = layer(x)
    run(tf.global_variables_initializer())
    values = run(dict(y=y, z=z))
    values["names"] = [y.name, z.name, y.shape.as_list(), z.shape.as_list()]
    values["vars"] = sorted((v.op.name, v.shape.as_list()) for v in tf.global_variables())
    return values


@case
def atrous_conv2d_transpose(tf, run):
    rng = np.random.RandomState(30)
    x = tf.constant(rng.uniform(-1, 1, (2, 5, 6, 3)).astype(np.float32))
    f = tf.constant(rng.uniform(-1, 1, (3, 2, 2, 3)).astype(np.float32))
    outs = dict(same=tf.nn.atrous_conv2d_transpose(x, f, [2, 5, 6, 2], 2, "SAME"),
                valid=tf.nn.atrous_conv2d_transpose(x, f, [2, 9, 8, 2], 2, "VALID"),
                rate3=tf.nn.atrous_conv2d_transpose(x, f, [2, 5, 6, 2], 3, "SAME"),
                rate1=tf.nn.atrous_conv2d_transpose(x, f, [2, 7, 7, 2], 1, "VALID"))
    values = run(outs)
    values["names"] = {k: [v.name, v.shape.as_list()] for k, v in outs.items()}
    values["bad_rate"] = _error(lambda: tf.nn.atrous_conv2d_transpose(x, f, [2, 5, 6, 2], 0, "SAME"))
    return values


@case
def layers_separable_conv2d(tf, run):
    tf.set_random_seed(8)
    x = tf.constant(np.random.RandomState(11).uniform(-1, 1, (2, 7, 6, 3)).astype(np.float32))
    y = tf.layers.separable_conv2d(x, 4, 3, padding="same", depth_multiplier=2, activation=tf.nn.relu,
                                   depthwise_initializer=tf.glorot_uniform_initializer(seed=1),
                                   pointwise_initializer=tf.glorot_uniform_initializer(seed=2))
    layer = tf.layers.SeparableConv2D(2, [2, 3], strides=(2, 1), use_bias=False,
                                      depthwise_initializer=tf.ones_initializer(),
                                      pointwise_initializer=tf.constant_initializer(0.5))
    z = layer(x)
    d = tf.layers.separable_conv2d(x, 2, 2, dilation_rate=2, depthwise_initializer=tf.ones_initializer(),
                                   pointwise_initializer=tf.ones_initializer())
    run(tf.global_variables_initializer())
    values = run(dict(y=y, z=z, d=d))
    values["names"] = [t.name for t in (y, z, d)] + [t.shape.as_list() for t in (y, z, d)]
    values["vars"] = sorted((v.op.name, v.shape.as_list()) for v in tf.global_variables())
    return values


@case
def layers_separable_conv1d(tf, run):
    x = tf.constant(np.random.RandomState(13).uniform(-1, 1, (2, 9, 3)).astype(np.float32))
    y = tf.layers.separable_conv1d(x, 4, 3, padding="same", depth_multiplier=2, activation=tf.nn.relu,
                                   depthwise_initializer=tf.glorot_uniform_initializer(seed=1),
                                   pointwise_initializer=tf.glorot_uniform_initializer(seed=2),
                                   bias_initializer=tf.constant_initializer(0.1))
    z = tf.layers.SeparableConv1D(2, 2, strides=2, use_bias=False, depthwise_initializer=tf.ones_initializer(),
                                  pointwise_initializer=tf.constant_initializer(0.5))(x)
    run(tf.global_variables_initializer())
    values = run(dict(y=y, z=z))
    values["names"] = [y.name, z.name, y.shape.as_list(), z.shape.as_list()]
    values["vars"] = sorted((v.op.name, v.shape.as_list()) for v in tf.global_variables())
    return values
