"""Registry-driven tests: every op type, over its declared `samples`.

- the kernel's output dtype equals the inferred dtype and its shape is compatible with the inferred
  static shape, with constant inputs and again with placeholders of unknown dimensions;
- every op declares a gradient or NOT_DIFFERENTIABLE, and every differentiable op's gradient agrees
  with central finite differences on its float64 samples.
"""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.framework.dtypes import storage_numpy_dtype
from sessionflow.framework.registry import NOT_DIFFERENTIABLE, REGISTRY

# Documented exceptions to the finite-difference check (the op's gradient is right, the check is not).
_GRADIENT_CHECK_EXEMPT = {
    "Cholesky": "the kernel reads only the lower triangle, and TF's gradient is symmetrised, so nudging one "
                "entry at a time measures something else",
}

# Inputs TF gives no gradient although the output depends on them (flat input index -> why).
_UNDIFFERENTIATED_INPUTS = {
    "MatrixSolveLs": {2: "TF's _MatrixSolveLsGrad returns None for l2_regularizer"},
    "Zeta": {0: "TF's _ZetaGrad returns None for x (only the derivative in q is defined)"},
    "Betainc": {0: "TF's _BetaincGrad returns None for a", 1: "TF's _BetaincGrad returns None for b"},
}

# Ops TF declares without registering a kernel: running one fails as in TF (checked in their own tests).
_NO_TF_KERNEL = {"QuantizedReluX": "tests/ops/test_quantized.py"}


# Ops that cannot be exercised from constant inputs: they hold state, draw random numbers, or must be fed;
# or they read a TensorList or Optional (a variant value no constant gives: tests/ops/test_tensor_list.py), or
# make or read a TensorArray (tests/ops/test_tensor_array.py).
def _no_samples_needed(name, d) -> bool:
    return (name in _NO_TF_KERNEL or d.stateful or d.kernel is None or not d.inputs or d.inputs[:1] in (("input_handle",), ("optional",))
            or name.startswith("TensorArray"))


# Read when a test runs, not at import: op modules that other tests import later (sessionflow.data's) register then.
class _NoSamplesNeeded:
    def __contains__(self, name) -> bool:
        return name in REGISTRY and _no_samples_needed(name, REGISTRY[name])


_NO_SAMPLES_NEEDED = _NoSamplesNeeded()


def _cases():
    for name in sorted(REGISTRY):
        opdef = REGISTRY[name]
        for index, sample in enumerate(opdef.samples):
            yield pytest.param(opdef, sample, id=f"{name}-{index}")


CASES = list(_cases())


def _build(opdef, inputs, attrs, as_placeholders: bool):
    """The op applied to `inputs`; returns (outputs, feed_dict, input tensors flat)."""
    feeds, flat = {}, []

    def tensor_for(array):
        array = np.asarray(array)
        if as_placeholders:
            t = tf.placeholder(tf.as_dtype(array.dtype), [None] * array.ndim)
            feeds[t] = array
        else:
            t = tf.constant(array)
        flat.append((t, array))
        return t

    args = [[tensor_for(a) for a in value] if variadic else tensor_for(value)
            for value, variadic in zip(inputs, opdef.variadic)]
    result = opdef(*args, **attrs)
    outputs = result.outputs if isinstance(result, tf.Operation) else (
        list(result) if isinstance(result, tuple) else [result])
    return outputs, feeds, flat


def test_every_op_declares_a_gradient_or_not_differentiable():
    missing = sorted(name for name, d in REGISTRY.items()
                     if d.grad is None and name not in _NO_SAMPLES_NEEDED)
    assert not missing, f"ops with neither grad nor NOT_DIFFERENTIABLE: {missing}"


def test_every_op_has_samples():
    missing = sorted(name for name, d in REGISTRY.items() if not d.samples and name not in _NO_SAMPLES_NEEDED)
    assert not missing, f"ops without samples for the registry tests: {missing}"


@pytest.mark.parametrize("opdef, sample", CASES)
@pytest.mark.parametrize("as_placeholders", [False, True], ids=["const", "unknown-dims"])
def test_kernel_matches_inferred_spec(opdef, sample, as_placeholders):
    inputs, attrs = sample
    with tf.Graph().as_default():
        outputs, feeds, _ = _build(opdef, inputs, attrs, as_placeholders)
        with tf.Session() as sess:
            values = sess.run(outputs, feeds)
    for out, value in zip(outputs, values):
        value = np.asarray(value)
        expected = out.dtype.base_dtype
        if expected is not tf.string:
            assert value.dtype == storage_numpy_dtype(expected), \
                f"{out.name}: {value.dtype} vs inferred {expected.name}"
        assert out.shape.is_compatible_with(value.shape), f"{out.name}: {value.shape} vs inferred {out.shape}"


def _grad_cases():
    for param in CASES:
        opdef, (inputs, attrs) = param.values
        if not callable(opdef.grad) or opdef.grad is NOT_DIFFERENTIABLE or opdef.type in _GRADIENT_CHECK_EXEMPT:
            continue
        flat = [a for value, variadic in zip(inputs, opdef.variadic) for a in (value if variadic else [value])]
        if any(np.asarray(a).dtype == np.float64 for a in flat):
            yield param


@pytest.mark.parametrize("opdef, sample", list(_grad_cases()))
def test_gradient_matches_finite_differences(opdef, sample):
    inputs, attrs = sample
    rng = np.random.default_rng(0)
    with tf.Graph().as_default():
        outputs, feeds, flat = _build(opdef, inputs, attrs, as_placeholders=True)
        float_outputs = [o for o in outputs if o.dtype.base_dtype is tf.float64]
        weights = [rng.uniform(0.5, 1.5, size=np.shape(v)) for v in
                   tf.Session().run(float_outputs, feeds)]
        skipped = _UNDIFFERENTIATED_INPUTS.get(opdef.type, {})
        xs = [(t, a) for i, (t, a) in enumerate(flat) if a.dtype == np.float64 and i not in skipped]
        symbolic = tf.gradients(float_outputs, [t for t, _ in xs], grad_ys=[tf.constant(w) for w in weights])
        with tf.Session() as sess:
            def objective(overrides):
                run_feeds = dict(feeds)
                run_feeds.update(overrides)
                values = sess.run(float_outputs, run_feeds)
                return sum(float(np.sum(w * v)) for w, v in zip(weights, values))

            for (t, base), g in zip(xs, symbolic):
                if isinstance(g, tf.IndexedSlices):
                    g = tf.convert_to_tensor(g)
                analytic = np.zeros_like(base) if g is None else np.asarray(sess.run(g, feeds))
                numeric = np.zeros_like(base)
                eps = 1e-6
                for i in np.ndindex(base.shape):
                    plus, minus = base.copy(), base.copy()
                    plus[i] += eps
                    minus[i] -= eps
                    numeric[i] = (objective({t: plus}) - objective({t: minus})) / (2 * eps)
                np.testing.assert_allclose(analytic.reshape(base.shape), numeric, rtol=1e-4, atol=1e-6,
                                           err_msg=f"gradient of {opdef.type} w.r.t. {t.name}")
