"""Math ops: values vs NumPy / recorded TensorFlow results, dtypes, static shapes, errors, samples."""

from __future__ import annotations

import re

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.framework import errors
from sessionflow.framework.registry import REGISTRY, OpDef
from sessionflow.ops import einsum, linalg, math_extra, math_special, matmul
from sessionflow.ops import math as math_ops


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()


def run(t, feed=None):
    with tf.Session() as sess:
        return sess.run(t, feed_dict=feed)


MY_OPS = sorted({v.type for module in (math_ops, math_extra, linalg, matmul, einsum) for v in vars(module).values()
                 if isinstance(v, OpDef)})


@pytest.mark.parametrize("op_type", MY_OPS)
def test_every_op_declares_grad_and_samples(op_type):
    opdef = REGISTRY[op_type]
    assert opdef.grad is not None, f"{op_type} declares neither a gradient nor NOT_DIFFERENTIABLE"
    assert opdef.samples, f"{op_type} has no samples"


@pytest.mark.parametrize("op_type", MY_OPS)
def test_samples_match_inferred_shape_and_dtype(op_type):
    opdef = REGISTRY[op_type]
    for inputs, attrs in opdef.samples:
        tf.reset_default_graph()
        tensors = [[tf.constant(a) for a in x] if isinstance(x, list) else tf.constant(x) for x in inputs]
        out = opdef(*tensors, **attrs)
        outs = out if isinstance(out, tuple) else (out,)
        values = run(list(outs))
        for t, v in zip(outs, values):
            v = np.asarray(v)
            assert v.dtype == t.dtype.as_numpy_dtype, (op_type, v.dtype, t.dtype)
            assert t.shape.is_compatible_with(v.shape), (op_type, t.shape, v.shape)


def test_integer_division_and_modulo_of_negatives():
    x = tf.constant([7, -7, 7, -7])
    y = tf.constant([2, 2, -2, -2])
    got = run([tf.floordiv(x, y), tf.floormod(x, y), tf.truncatediv(x, y), tf.truncatemod(x, y), tf.div(x, y)])
    assert got[0].tolist() == [3, -4, -4, 3]
    assert got[1].tolist() == [1, 1, -1, -1]
    assert got[2].tolist() == [3, -3, -3, 3]
    assert got[3].tolist() == [1, -1, 1, -1]
    assert got[4].tolist() == [3, -4, -4, 3]
    assert all(g.dtype == np.int32 for g in got)


@pytest.mark.parametrize("fn", [tf.floordiv, tf.floormod])
def test_integer_division_by_zero_is_invalid_argument(fn):
    with pytest.raises(errors.InvalidArgumentError, match="Integer division by zero"):
        run(fn(tf.constant([1, 2]), tf.constant([1, 0])))


@pytest.mark.parametrize("fn", [tf.truncatediv, tf.truncatemod])
def test_integer_truncating_division_by_zero_is_internal_as_in_tf(fn):
    with pytest.raises(errors.InternalError, match=r"Unexpected error in binary operator \(only integer div and mod"):
        run(fn(tf.constant([1, 2]), tf.constant([1, 0])))


def test_truediv_of_int32_is_float64():
    t = tf.truediv(tf.constant([1, 3]), tf.constant([2, 2]))
    assert t.dtype == tf.float64 and t.op.type == "RealDiv"
    np.testing.assert_array_equal(run(t), [0.5, 1.5])


def test_nan_propagates_through_maximum_minimum():
    a = tf.constant([np.nan, 1.0, 2.0])
    b = tf.constant([0.0, np.nan, 1.0])
    mx, mn = run([tf.maximum(a, b), tf.minimum(a, b)])
    assert np.isnan(mx[:2]).all() and np.isnan(mn[:2]).all()
    assert mx[2] == 2.0 and mn[2] == 1.0


def test_maximum_minimum_gradients_select_so_infinite_gradients_stay_on_the_winner():
    # The clamp-then-sqrt and leaky-ReLU-by-maximum patterns: where an input lost, its gradient is 0 even
    # when the incoming gradient is inf (a mask product would give inf * 0 = NaN). TF 2.21's values.
    x = tf.constant([0.0, 1.0, -2.0, 4.0])
    grads = run(tf.gradients(tf.sqrt(tf.maximum(x, 0.0)), x) + tf.gradients(tf.sqrt(tf.maximum(0.2 * x, x)), x)
                + tf.gradients(tf.minimum(x, 1.0) * np.inf, x))
    np.testing.assert_array_equal(grads[0], np.float32([np.inf, 0.5, 0.0, 0.25]))
    np.testing.assert_array_equal(grads[1], np.float32([np.inf, 0.5, np.nan, 0.25]))
    np.testing.assert_array_equal(grads[2], np.float32([np.inf, np.inf, np.inf, 0.0]))
    g = tf.gradients(tf.maximum(0.2 * x, x), x, name="g")[0]
    assert [(op.name, op.type) for op in g.graph.get_operations() if op.name.startswith("g/Maximum_2_grad/")][:4] == [
        ("g/Maximum_2_grad/zeros_like", "Const"), ("g/Maximum_2_grad/GreaterEqual", "GreaterEqual"),
        ("g/Maximum_2_grad/SelectV2", "SelectV2"), ("g/Maximum_2_grad/SelectV2_1", "SelectV2")]


def test_round_is_half_to_even_and_identity_for_ints():
    np.testing.assert_array_equal(run(tf.round(tf.constant([0.5, 1.5, 2.5, -0.5, -1.5]))), [0, 2, 2, -0, -2])
    i = tf.constant([1, 2])
    assert tf.round(i) is i


def test_empty_and_rank0_inputs():
    e = tf.constant(np.zeros((0, 3), np.float32))
    assert run(tf.exp(e)).shape == (0, 3)
    assert run(tf.add_n([e, e])).shape == (0, 3)
    assert run(tf.cumsum(e, axis=1)).shape == (0, 3)
    s = tf.sqrt(tf.constant(4.0))
    assert s.shape.ndims == 0 and run(s) == 2.0


def test_unknown_dims_are_inferred():
    x = tf.placeholder(tf.float32, [None, 10])
    y = tf.placeholder(tf.float32, [10, None])
    assert tf.sin(x).shape.as_list() == [None, 10]
    assert tf.add(x, tf.ones([1, 10])).shape.as_list() == [None, 10]
    assert tf.matmul(x, y).shape.as_list() == [None, None]
    assert tf.matmul(tf.placeholder(tf.float32, [None, 2, 3]), tf.ones([3, 4])).shape.as_list() == [None, 2, 4]


@pytest.mark.parametrize("build, listing", [  # TF 2.21's messages
    (lambda: tf.sqrt(tf.constant([1, 2])), "bfloat16, float16, float32, float64, complex64, complex128"),
    (lambda: tf.tanh(tf.constant([1, 2])), "bfloat16, float16, float32, float64, complex64, complex128"),
    (lambda: tf.floor(tf.constant([1, 2])), "bfloat16, float16, float32, float64"),
    (lambda: tf.math.is_nan(tf.constant([1, 2])), "bfloat16, float16, float32, float64"),
    (lambda: tf.math.erf(tf.constant([1, 2])), "bfloat16, float16, float32, float64"),
    (lambda: tf.reshape(tf.ones([2]), tf.constant([2.0])), "int32, int64"),
    (lambda: tf.linalg.inv(tf.constant([[1, 0], [0, 1]])), "float64, float32, float16, complex64, complex128"),
    (lambda: tf.linalg.det(tf.constant([[1, 0], [0, 1]])), "float16, float32, float64, complex64, complex128"),
])
def test_allowed_dtypes_are_listed_in_tfs_order(build, listing):
    with pytest.raises(TypeError, match=f"not in list of allowed values: {listing}$"):
        build()


def test_graph_construction_errors():
    with pytest.raises(ValueError, match=re.escape(
            "Dimensions must be equal, but are 3 and 2 for '{{node MatMul}} = MatMul[T=DT_FLOAT, grad_a=false, "
            "grad_b=false, transpose_a=false, transpose_b=false](ones, ones_1)' with input shapes: [2,3], [2,3].")):
        tf.matmul(tf.ones([2, 3]), tf.ones([2, 3]))
    with pytest.raises(ValueError, match="BatchMatMulV2"):
        tf.matmul(tf.ones([4, 2, 3]), tf.ones([5, 3, 3]))
    with pytest.raises(TypeError, match="not in list of allowed values"):
        tf.sin(tf.constant([1, 2]))
    with pytest.raises(TypeError, match="Input 'x' of 'Atan2' Op has type float64"):
        tf.atan2(tf.ones([2]), tf.ones([2], tf.float64))
    with pytest.raises(ValueError, match="Dimensions must be equal"):
        tf.add(tf.ones([2]), tf.ones([3]))
    with pytest.raises(ValueError):
        tf.add_n([tf.ones([2]), tf.ones([3])])


def test_op_names_follow_tf():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    assert tf.add_n([x, x]).name == "AddN:0"
    assert tf.add_n([x]) is x
    assert tf.log_sigmoid(x).name == "LogSigmoid:0"
    assert tf.clip_by_value(x, 0.0, 1.0).name == "clip_by_value:0"
    assert tf.cumsum(x).op.inputs[1].op.name == "Cumsum/axis"
    assert tf.matmul(tf.ones([2, 2, 2]), tf.ones([2, 2])).op.type == "BatchMatMulV2"
    assert tf.scalar_mul(2.0, x).name == "Mul:0"
    assert tf.nn.softplus is tf.math.softplus and tf.nn.sigmoid is tf.sigmoid


# TF 2.21 float32 results for x = [-2.5, -0.5, 0.25, 1, 3.5, 9]
_X = np.array([-2.5, -0.5, 0.25, 1.0, 3.5, 9.0], np.float32)
_TF_SPECIAL = {
    "erf": [-0.9995929598808289, -0.5204998850822449, 0.27632641792297363, 0.8427008390426636, 0.9999994039535522,
            1.0],
    "erfc": [1.9995930194854736, 1.5204999446868896, 0.7236735820770264, 0.1572992205619812, 7.430983828271565e-07,
             4.137031708073991e-37],
    "lgamma": [-0.056243713945150375, 1.2655121088027954, 1.288022518157959, 0.0, 1.200973629951477,
               10.604602813720703],
    "digamma": [1.1031568050384521, 0.03648996353149414, -4.22745418548584, -0.5772159099578857, 1.1031568050384521,
                2.140641450881958],
}


@pytest.mark.parametrize("name", sorted(_TF_SPECIAL))
def test_special_functions_match_tf(name):
    got = run(getattr(tf.math, name)(tf.constant(_X)))
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, _TF_SPECIAL[name], rtol=2e-6, atol=1e-37)


def test_special_functions_edge_values():
    x = np.array([0.0, -1.0, np.inf, -np.inf, np.nan])
    lg = math_special.lgamma(np, x)
    assert np.isinf(lg[:4]).all() and np.isnan(lg[4])
    dg = math_special.digamma(np, x)
    assert np.isnan(dg[[0, 1, 3, 4]]).all() and dg[2] == np.inf
    np.testing.assert_allclose(math_special.polygamma(np, np.array([1.0, 2.0]), np.array([0.5, 0.5])),
                               [4.934802200544679, -16.828796644234320], rtol=1e-10)


def test_cumsum_cumprod_exclusive_reverse():
    x = tf.constant([[1, 2, 3], [4, 5, 6]])
    got = run([tf.cumsum(x, axis=1, exclusive=True, reverse=True), tf.cumprod(x, axis=0, exclusive=True),
               tf.cumsum(x, axis=-1)])
    assert got[0].tolist() == [[5, 3, 0], [11, 6, 0]]
    assert got[1].tolist() == [[1, 1, 1], [1, 2, 3]]
    assert got[2].dtype == np.int32
    with pytest.raises(ValueError):
        tf.cumsum(x, axis=2)


def test_clip_by_value_and_scalar_mul():
    x = tf.constant([-3.0, 0.5, 4.0])
    np.testing.assert_array_equal(run(tf.clip_by_value(x, -1.0, 1.0)), [-1.0, 0.5, 1.0])
    np.testing.assert_array_equal(run(tf.scalar_mul(2, x)), [-6.0, 1.0, 8.0])
    with pytest.raises(ValueError):
        tf.scalar_mul(tf.ones([2]), x)


def test_pow_of_negative_int_exponent_is_invalid():
    with pytest.raises(errors.InvalidArgumentError):
        run(tf.pow(tf.constant([2, 3]), tf.constant([1, -1])))


def test_cast_and_comparisons():
    assert run(tf.cast(tf.constant([1.7, -1.7]), tf.int32)).tolist() == [1, -1]
    assert run(tf.equal(tf.constant([1, 2]), 2)).tolist() == [False, True]
    assert run(tf.logical_xor(tf.constant([True, False]), True)).tolist() == [False, True]


def test_module_exports():
    for name in ["expm1", "log1p", "rint", "atan2", "erf", "lgamma", "digamma", "is_nan", "cumsum", "cumprod",
                 "add_n", "softplus", "log_sigmoid", "floormod", "mod", "divide_no_nan"]:
        assert hasattr(tf.math, name), name
    assert tf.clip_by_value is math_extra.clip_by_value
    assert tf.atan2 is math_ops.atan2


def _numeric_grad(opdef, inputs, attrs, index, weights):
    """Central finite differences of sum(weights * op(inputs)) with respect to input `index`."""
    x = inputs[index]
    out = np.zeros_like(x)
    eps = 1e-6
    for pos in np.ndindex(x.shape):
        vals = []
        for step in (eps, -eps):
            moved = list(inputs)
            moved[index] = x.copy()
            moved[index][pos] += step
            vals.append(np.sum(weights * opdef.kernel(np, *moved, **attrs)))
        out[pos] = (vals[0] - vals[1]) / (2 * eps)
    return out


# Cholesky reads only the lower triangle, so entrywise differences do not match TF's symmetrised gradient;
# Cast's float32 output is too coarse for float64 finite differences; Svd has three outputs (this test weights
# one), its gradient is checked through tf.gradients by tests/ops/test_registry.py.
GRAD_OPS = [name for name in MY_OPS if callable(REGISTRY[name].grad) and name not in {"Cholesky", "Cast", "Svd"}]


@pytest.mark.parametrize("op_type", GRAD_OPS)
def test_gradient_matches_finite_differences(op_type):
    """Each op's own `grad` (called directly, without tf.gradients) vs central differences in float64."""
    opdef = REGISTRY[op_type]
    checked = 0
    for inputs, attrs in opdef.samples:
        if any(isinstance(x, list) for x in inputs) or not any(np.asarray(x).dtype == np.float64 for x in inputs):
            continue
        tf.reset_default_graph()
        tensors = [tf.constant(x) for x in inputs]
        out = opdef(*tensors, **attrs)
        attrs = {**opdef.attrs, **attrs}
        value = opdef.kernel(np, *inputs, **attrs)
        weights = np.linspace(0.5, 1.5, value.size).reshape(value.shape)
        grads = opdef.grad(out.op, tf.constant(weights))
        for index, (x, g) in enumerate(zip(inputs, grads)):
            if g is None or np.asarray(x).dtype != np.float64:
                continue
            np.testing.assert_allclose(run(g), _numeric_grad(opdef, list(inputs), attrs, index, weights),
                                       rtol=1e-5, atol=1e-6, err_msg=f"{op_type} input {index}")
            checked += 1
    if op_type not in {"Floor", "Ceil", "Round", "Rint", "FloorDiv", "Sign", "AddN", "Einsum", "Polygamma"}:
        assert checked, f"{op_type}: no float64 sample was checked"



def _divisions(divisors, feed=None):
    xs = np.arange(1, 200, dtype=np.float32)
    x = tf.placeholder(tf.float32, [None])
    divided = {key: (tf.math.xdivy(x, d) if key == "xdivy" else x / d) for key, d in divisors().items()}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run(divided, {x: xs, **(feed or {})})
    product, quotient = xs * np.reciprocal(np.float32(30)), xs / np.float32(30)
    assert int((product != quotient).sum()) == 125
    return got, product, quotient


def test_division_by_a_constant_is_a_product_with_its_reciprocal():
    # TF's graph optimizer runs x / c (c a graph constant, or folded into one) as x * (1 / c), which can differ
    # from x / c in the last bit: TF 2.21 gives 0.8666667342185974 for 26 / 30, not 0.8666666746139526
    got, product, _ = _divisions(lambda: {"const": 30.0, "folded": tf.cast(tf.size(tf.zeros([5, 6])), tf.float32),
                                          "xdivy": tf.constant(30.0)})
    for key in ("const", "folded", "xdivy"):
        assert got[key].tobytes() == product.tobytes(), key
    assert float(got["const"][25]) == 0.8666667342185974


@pytest.mark.numpy_backend
def test_division_by_a_value_known_only_when_running_stays_a_division():
    # as in TF 2.21: a fed constant, a variable or a placeholder_with_default divisor keeps the true division,
    # and so does a constant dividend
    # (XLA, which does not promise the last bit, multiplies by the reciprocal of any scalar divisor)
    fed = {}

    def divisors():
        c = tf.constant(30.0)
        fed[c] = 30.0
        return {"fed": c, "var": tf.Variable(30.0), "default": tf.placeholder_with_default(30.0, [])}

    graph = tf.Graph()
    with graph.as_default():
        built = divisors()
        xs = np.arange(1, 200, dtype=np.float32)
        x = tf.placeholder(tf.float32, [None])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            got = sess.run({key: x / d for key, d in built.items()}, {x: xs, **fed})
            got["folded"] = sess.run(tf.constant(xs) / 30.0)  # a constant over a constant: folded, a true division
    quotient = xs / np.float32(30)
    for key in ("fed", "var", "default", "folded"):
        assert got[key].tobytes() == quotient.tobytes(), key


def test_einsum_of_two_operands_rounds_as_a_matmul():
    """TF's Einsum kernel contracts two operands with one batch matmul, whose float32 sums round unlike
    np.einsum's loops. The expected values are TF 2.21's output for these operands (first six of each)."""
    rng = np.random.RandomState(0)
    x = tf.constant(rng.randn(2, 3, 4).astype(np.float32))
    w = tf.constant(rng.randn(4, 5).astype(np.float32))
    y = tf.einsum("bij,jk->bik", x, w)
    gx, gw = tf.gradients(y, [x, w], grad_ys=tf.constant(rng.randn(2, 3, 5).astype(np.float32)))
    values = [v.ravel()[:6].tolist() for v in run([y, gx, gw])]
    assert values == [
        [3.573997974395752, -4.700244426727295, -1.7459313869476318, -3.3322103023529053, 5.903660774230957,
         2.518134832382202],
        [-3.1962740421295166, 1.2160574197769165, 0.1274639368057251, -2.0825555324554443, -0.8768624067306519,
         2.4870476722717285],
        [-1.437036156654358, -5.462754726409912, -4.532870769500732, -2.449925184249878, -4.503269195556641,
         -0.05419071018695831]]


def test_einsum_of_three_operands_contracts_pairwise_in_opt_einsums_order():
    """TF splits an n-ary einsum into the pairwise Einsum ops of opt_einsum's greedy path (here kl,jk
    first), so the float32 result rounds as that order does. Expected: TF 2.21's ops and values."""
    rng = np.random.RandomState(0)
    a, b, c = (tf.constant(rng.randn(*s).astype(np.float32)) for s in [(2, 3), (3, 4), (4, 5)])
    e = tf.einsum("ij,jk,kl->il", a, b, c)
    steps = [(op.name, op.get_attr("equation")) for op in tf.get_default_graph().get_operations() if op.type == "Einsum"]
    assert steps == [("einsum/Einsum", b"kl,jk->lj"), ("einsum/Einsum_1", b"lj,ij->il")]
    assert run(e)[0].tolist() == [1.498302936553955, 1.7338495254516602, -6.1330437660217285, 2.749729633331299,
                                  1.0351622104644775]
