"""Small TF1 programs over tf.train.experimental's mixed precision API (loss scales, the loss-scale optimizer,
enable_mixed_precision_graph_rewrite), run both by tools/record_quant.py (on TensorFlow, which writes
tests/train/goldens/mixed_precision.json) and by tests/train/test_mixed_precision.py (on sessionflow)."""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ops"))
from quant_programs import attempt, evaluate, plain  # noqa: E402, F401 - evaluate/plain: the shared runner

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def _model(tf, seed=5):
    rng = np.random.RandomState(seed)
    xs = rng.uniform(-1, 1, (6, 3)).astype(np.float32)
    ys = (xs @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.3).astype(np.float32)
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.placeholder(tf.float32, [None, 1])
    w = tf.Variable(rng.uniform(-1, 1, (3, 1)).astype(np.float32), name="w")
    b = tf.Variable(0.0, name="b")
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
    return x, y, w, b, loss, {x: xs, y: ys}


@case
def loss_scale_objects(tf, run):
    fixed = tf.train.experimental.FixedLossScale(128)
    dynamic = tf.mixed_precision.DynamicLossScale(initial_loss_scale=64, increment_period=3, multiplier=4)
    out = dict(fixed_repr=repr(fixed), fixed_config=fixed.get_config(), dynamic_repr=repr(dynamic),
               dynamic_config=dynamic.get_config(),
               same=[tf.mixed_precision.experimental.LossScale is tf.train.experimental.LossScale,
                     tf.mixed_precision.FixedLossScale is tf.train.experimental.FixedLossScale],
               bad_value=attempt(lambda: tf.train.experimental.FixedLossScale(0.5)),
               bad_type=attempt(lambda: tf.train.experimental.FixedLossScale("8")),
               abstract=attempt(lambda: tf.train.experimental.LossScale()),
               weights=sorted(v.op.name for v in tf.global_variables()),
               trainable=len(tf.trainable_variables()),
               from_config=repr(tf.train.experimental.DynamicLossScale.from_config(dynamic.get_config())))
    run(tf.global_variables_initializer())
    out["values"] = run([fixed(), dynamic()])
    return out


@case
def dynamic_loss_scale_updates(tf, run):
    """TF's schedule: x multiplier after increment_period finite steps in a row; / multiplier (not below 1) and a
    reset on a non-finite step."""
    ls = tf.train.experimental.DynamicLossScale(initial_loss_scale=8, increment_period=2, multiplier=2)
    g = tf.placeholder(tf.float32, [2])
    update, should_apply = ls.update([g, None])
    run(tf.global_variables_initializer())
    steps = []
    for value in ([1.0, 2.0], [1.0, 2.0], [1.0, 2.0], [np.inf, 1.0], [np.nan, 0.0], [1.0, 1.0], [1.0, 1.0],
                  [-np.inf, 1.0], [1.0, 1.0], [np.nan, 1.0], [np.nan, 1.0], [np.nan, 1.0], [np.nan, 1.0]):
        applied = run([should_apply, update], {g: value})[0]
        steps.append([applied, run(ls())])
    return dict(steps=steps)


@case
def fixed_loss_scale_optimizer(tf, run):
    x, y, w, b, loss, feed = _model(tf)
    opt = tf.train.experimental.MixedPrecisionLossScaleOptimizer(tf.train.GradientDescentOptimizer(0.1), 1024)
    gv = opt.compute_gradients(loss)
    train = opt.apply_gradients(gv)
    run(tf.global_variables_initializer())
    grads = run([g for g, _ in gv], feed)
    losses = [run([train, loss], feed)[1] for _ in range(4)]
    return dict(grads=grads, losses=losses, w=run(w), name=opt.get_name(), train=train.name,
                variables=sorted(v.op.name for v in opt.variables()))


@case
def dynamic_loss_scale_optimizer(tf, run):
    x, y, w, b, loss, feed = _model(tf)
    step = tf.train.get_or_create_global_step()
    opt = tf.train.experimental.MixedPrecisionLossScaleOptimizer(
        tf.train.MomentumOptimizer(0.05, 0.9), tf.train.experimental.DynamicLossScale(2 ** 10, 2, 2.0))
    train = opt.minimize(loss, global_step=step)
    ls = opt._loss_scale
    run(tf.global_variables_initializer())
    trace = []
    bad = dict(feed)
    bad[x] = feed[x].copy()
    bad[x][0, 0] = np.inf
    for i in range(6):
        run(train, bad if i == 2 else feed)
        trace.append(run([loss, ls(), step], feed))
    return dict(trace=trace, w=run(w), b=run(b), train=train.name, train_type=train.type,
                variables=sorted(v.op.name for v in opt.variables()))


@case
def graph_rewrite_wraps_the_optimizer(tf, run):
    x, y, w, b, loss, feed = _model(tf)
    opt = tf.train.experimental.enable_mixed_precision_graph_rewrite(tf.train.AdamOptimizer(0.01))
    try:
        twice = attempt(lambda: tf.train.experimental.enable_mixed_precision_graph_rewrite(opt))
        not_opt = attempt(lambda: tf.train.experimental.enable_mixed_precision_graph_rewrite(3))
        train = opt.minimize(loss)
        run(tf.global_variables_initializer())
        losses = [run([train, loss], feed)[1] for _ in range(3)]
        return dict(type=type(opt).__name__, loss_scale=type(opt._loss_scale).__name__, twice=twice,
                    not_opt=not_opt, losses=losses, scale=run(opt._loss_scale()))
    finally:
        tf.mixed_precision.disable_mixed_precision_graph_rewrite()
