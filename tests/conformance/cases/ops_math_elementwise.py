import numpy as np
import tensorflow as tf


def show(label, value):
    value = np.asarray(value)
    if value.dtype.kind == "f":
        text = np.array2string(value, precision=4, floatmode="maxprec", suppress_small=True)
    else:
        text = np.array2string(value)
    print(label, value.dtype, value.shape, text)


x = tf.constant([-2.5, -1.0, -0.5, 0.0, 0.5, 1.5, 2.5], tf.float32)
pos = tf.constant([0.25, 0.5, 1.0, 2.0, 7.5], tf.float32)
unit = tf.constant([-0.75, -0.2, 0.0, 0.3, 0.9], tf.float32)
i = tf.constant([7, -7, 6, -6, 0], tf.int32)
j = tf.constant([2, 2, -4, -4, 3], tf.int32)
ops = {
    "negative": tf.negative(x), "abs": tf.abs(x), "sign": tf.sign(x), "square": tf.square(x),
    "exp": tf.exp(x), "expm1": tf.math.expm1(x), "round": tf.round(x), "rint": tf.math.rint(x),
    "floor": tf.floor(x), "ceil": tf.ceil(x), "sin": tf.sin(x), "cos": tf.cos(x), "tan": tf.tan(x),
    "atan": tf.atan(x), "sinh": tf.sinh(x), "cosh": tf.cosh(x), "tanh": tf.tanh(x), "asinh": tf.asinh(x),
    "sigmoid": tf.sigmoid(x), "log_sigmoid": tf.log_sigmoid(x), "softplus": tf.nn.softplus(x),
    "softsign": tf.nn.softsign(x), "erf": tf.math.erf(x), "erfc": tf.math.erfc(x),
    "sqrt": tf.sqrt(pos), "rsqrt": tf.rsqrt(pos), "log": tf.log(pos), "log1p": tf.log1p(pos),
    "reciprocal": tf.reciprocal(pos), "lgamma": tf.lgamma(pos), "digamma": tf.digamma(pos),
    "acosh": tf.acosh(pos + 1.0), "asin": tf.asin(unit), "acos": tf.acos(unit), "atanh": tf.atanh(unit),
    "atan2": tf.atan2(x, tf.ones_like(x) * -1.5),
    "floordiv": tf.floordiv(i, j), "floormod": tf.floormod(i, j), "mod": tf.mod(i, j),
    "truncatediv": tf.truncatediv(i, j), "truncatemod": tf.truncatemod(i, j), "div": tf.div(i, j),
    "truediv": tf.truediv(i, j), "realdiv": tf.realdiv(x, 2.0), "divide": tf.divide(x, 4.0),
    "pow": tf.pow(pos, 1.5), "pow_int": tf.pow(j, 2), "maximum": tf.maximum(x, 0.5), "minimum": tf.minimum(x, 0.5),
    "squared_difference": tf.squared_difference(x, 1.0), "add": tf.add(x, 1.0), "subtract": tf.subtract(x, 1.0),
    "multiply": tf.multiply(x, 3.0), "scalar_mul": tf.scalar_mul(2.0, x),
    "add_n": tf.add_n([x, x, tf.ones_like(x)]),
    "is_nan": tf.is_nan(tf.constant([1.0, np.nan, np.inf])), "is_inf": tf.is_inf(tf.constant([1.0, np.nan, -np.inf])),
    "is_finite": tf.is_finite(tf.constant([1.0, np.nan, np.inf])),
    "clip_by_value": tf.clip_by_value(x, -1.0, 1.0),
    "polygamma": tf.math.polygamma(tf.constant([1.0, 2.0, 0.0]), tf.constant([0.5, 1.5, 3.0])),
    "lgamma_neg": tf.lgamma(tf.constant([-2.5, -0.5, 0.0, -1.0, 1.0, 2.0])),
    "digamma_neg": tf.digamma(tf.constant([-2.5, -0.5, 0.0, -1.0])),
    "nan_max": tf.maximum(tf.constant([np.nan, 1.0]), tf.constant([0.0, np.nan])),
}
with tf.Session() as sess:
    results = sess.run(ops)
for name in ops:
    print(name, ops[name].name, ops[name].shape)
    show("  value", results[name])
