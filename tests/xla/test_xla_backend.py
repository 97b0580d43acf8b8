"""The XLA backend (runtime/backends/xla.py) runs whole plans as one jax.jit computation, with the
same results as the NumPy backend (itself checked against TF elsewhere), variables functionalized,
and a plan it cannot compile kept on NumPy with its reason."""

from __future__ import annotations

import numpy as np
import pytest

import jax.numpy as jnp
import sessionflow as tf
from sessionflow.runtime.backends import xla_select
from sessionflow.runtime.backends.xla import XlaExecutable


def _executables(sess):
    return list(sess._executables.values())


def _mlp_losses(backend, steps=4, resource=False):
    xla_select.set_backend(backend)
    tf.reset_default_graph()
    if resource:
        tf.enable_resource_variables()
    rng = np.random.RandomState(0)
    x = tf.placeholder(tf.float32, [None, 20])
    y = tf.placeholder(tf.int64, [None])
    w1 = tf.Variable(rng.randn(20, 16).astype(np.float32) * 0.3)
    b1 = tf.Variable(np.zeros(16, np.float32))
    w2 = tf.Variable(rng.randn(16, 5).astype(np.float32) * 0.3)
    logits = tf.matmul(tf.nn.relu(tf.matmul(x, w1) + b1), w2)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    xs, ys = rng.rand(8, 20).astype(np.float32), rng.randint(0, 5, 8)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = [sess.run([loss, train], {x: xs, y: ys})[0] for _ in range(steps)]
        final = sess.run([w1, b1, w2])
        backends = [getattr(e, "backend", "numpy") for e in _executables(sess)]
        reasons = [getattr(e, "reason", None) for e in _executables(sess)]
    tf.disable_resource_variables()
    return losses, final, backends, reasons


@pytest.mark.parametrize("resource", [False, True])
def test_adam_mlp_training_matches_numpy_and_runs_compiled(resource):
    want, want_final, _, _ = _mlp_losses("numpy", resource=resource)
    got, got_final, backends, reasons = _mlp_losses("xla", resource=resource)
    assert backends == ["xla"] * 3, reasons  # the initializer, the training step, the final read
    assert want[-1] < want[0]
    np.testing.assert_allclose(got, want, rtol=2e-5, atol=1e-6)
    for a, b in zip(got_final, want_final):
        assert a.dtype == b.dtype
        np.testing.assert_allclose(a, b, rtol=2e-5, atol=1e-6)


def test_state_is_read_written_and_reinitialized_like_numpy():
    xla_select.set_backend("xla")
    v = tf.Variable(1.0)
    bump = v.assign_add(2.0)
    double = tf.assign(v, v * 2.0)
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(bump) == 3.0
        assert sess.run(bump) == 5.0
        assert sess.run(double) == 10.0
        assert sess.run(v) == 10.0
        sess.run(v.initializer)  # initializers re-run reset the value
        assert sess.run(bump) == 3.0
        assert all(e.backend == "xla" for e in _executables(sess))
        fetched = sess.run(v)
        assert isinstance(fetched, np.float32)


def test_other_sessions_and_numpy_plans_see_values_written_by_xla():
    xla_select.set_backend("xla")
    v = tf.Variable(np.arange(3, dtype=np.float32))
    bump = v.assign_add(np.ones(3, np.float32))
    noise = v + tf.py_func(lambda a: a * 0, [v], tf.float32)  # a py_func: this plan stays on NumPy
    with tf.Session() as sess:
        sess.run(v.initializer)
        sess.run(bump)
        np.testing.assert_array_equal(sess.run(noise), [1, 2, 3])
        kinds = {tuple(sorted(op.type for op in e.plan.ops)): e for e in _executables(sess)}
        reasons = [e.reason for e in kinds.values() if e.reason]
        assert reasons == ["op PyFunc has no XLA kernel"]
    with tf.Session() as other:  # state is per session
        other.run(v.initializer)
        np.testing.assert_array_equal(other.run(v), [0, 1, 2])


def test_float64_and_int64_keep_their_dtypes_without_enabling_x64_globally():
    xla_select.set_backend("xla")
    a = tf.Variable(np.array([1.5, 2.5]), dtype=tf.float64)
    n = tf.Variable(np.array([2**40], np.int64))
    step = tf.group(a.assign(a * 3.0), n.assign_add(np.array([1], np.int64)))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(step)
        got_a, got_n = sess.run([a, n])
    assert got_a.dtype == np.float64 and got_n.dtype == np.int64
    np.testing.assert_array_equal(got_a, [4.5, 7.5])
    np.testing.assert_array_equal(got_n, [2**40 + 1])
    assert jnp.asarray(1.0).dtype == jnp.float32  # the user's JAX keeps its own default


def test_uninitialized_variable_raises_tfs_error_naming_the_reader():
    xla_select.set_backend("xla")
    v = tf.Variable(1.0, name="v")
    y = v * 2.0
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized value v") as info:
            sess.run(y)
        assert info.value.op is not None and info.value.op.name == "v/read"
        sess.run(v.initializer)
        assert sess.run(y) == 2.0
        assert all(e.backend == "xla" for e in _executables(sess))


def test_shape_errors_are_tfs_and_keep_feeding_new_shapes():
    xla_select.set_backend("xla")
    x = tf.placeholder(tf.float32, [None, 3])
    s = tf.reduce_sum(x * 2.0, axis=1)
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(s, {x: np.ones((2, 3))}), [6, 6])
        np.testing.assert_allclose(sess.run(s, {x: np.ones((5, 3))}), [6] * 5)  # a new batch size recompiles
        assert _executables(sess)[0].backend == "xla"
    a = tf.placeholder(tf.float32)
    b = tf.placeholder(tf.float32)
    m = tf.matmul(a, b)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(m, {a: np.ones((2, 3)), b: np.ones((4, 2))})
        assert info.value.op is m.op


def test_sparse_xent_out_of_range_label_raises_tfs_error_as_on_numpy():
    """TF's graph-mode kernel raises; its XLA kernel gives a NaN row. sessionflow raises on both backends
    (the check is deferred: the run goes again on NumPy), since "auto" puts plans on XLA by default."""
    xla_select.set_backend("xla")
    logits = tf.placeholder(tf.float32, [2, 3])
    labels = tf.placeholder(tf.int32, [2])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    with tf.Session() as sess:
        got = sess.run(loss, {logits: np.zeros((2, 3)), labels: [1, 2]})
        with pytest.raises(tf.errors.InvalidArgumentError, match="Received a label value of 7 which is outside"):
            sess.run(loss, {logits: np.zeros((2, 3)), labels: [1, 7]})
    np.testing.assert_allclose(got, [np.log(3.0)] * 2, rtol=1e-6)


def test_selection_env_set_backend_and_config_proto(monkeypatch):
    monkeypatch.setenv("SESSIONFLOW_BACKEND", "numpy")
    assert xla_select.session_backend(None) == "numpy"
    on = tf.ConfigProto()
    on.graph_options.optimizer_options.global_jit_level = tf.OptimizerOptions.ON_1
    assert xla_select.session_backend(on) == "xla"  # TF's own XLA switch
    monkeypatch.setenv("SESSIONFLOW_BACKEND", "xla")
    assert xla_select.session_backend(None) == "xla"
    off = tf.ConfigProto()
    off.graph_options.optimizer_options.global_jit_level = tf.OptimizerOptions.OFF
    assert xla_select.session_backend(off) == "numpy"
    monkeypatch.setenv("SESSIONFLOW_BACKEND", "auto")
    assert xla_select.session_backend(None) == "auto"  # JAX is importable here: tiered
    xla_select.set_backend("numpy")
    assert xla_select.session_backend(None) == "numpy"
    monkeypatch.setenv("SESSIONFLOW_BACKEND", "gpu")
    xla_select.set_backend(None)
    with pytest.raises(ValueError, match="SESSIONFLOW_BACKEND"):
        xla_select.session_backend(None)
    with pytest.raises(ValueError, match="backend must be one of"):
        xla_select.set_backend("tpu")
    monkeypatch.setenv("SESSIONFLOW_BACKEND", "numpy")
    c = tf.constant(2.0) * 3.0
    with tf.Session(config=on) as sess:
        assert sess.run(c) == 6.0
        assert isinstance(_executables(sess)[0], XlaExecutable)


def test_integer_division_traces_and_matches_numpy_away_from_zero():
    xla_select.set_backend("xla")
    a = tf.placeholder(tf.int32)
    b = tf.placeholder(tf.int32)
    q = tf.floordiv(a, b)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(q, {a: [7, -7, 9], b: [2, 2, -4]}), [3, -4, -3])
        assert _executables(sess)[0].backend == "xla"


def test_without_jax_every_choice_runs_on_numpy(monkeypatch):
    from sessionflow.runtime.backends import xla

    monkeypatch.setattr(xla, "AVAILABLE", False)
    monkeypatch.setenv("SESSIONFLOW_BACKEND", "auto")
    assert xla_select.session_backend(None) == "numpy"
    monkeypatch.setenv("SESSIONFLOW_BACKEND", "xla")
    assert xla_select.session_backend(None) == "numpy"
    with pytest.raises(ImportError, match=r"sessionflow\[xla\]"):
        xla_select.set_backend("xla")
    c = tf.constant(2.0) + 1.0
    with tf.Session() as sess:
        assert sess.run(c) == 3.0
        assert not isinstance(_executables(sess)[0], XlaExecutable)


def test_explain_says_why_a_plan_stays_on_numpy(tmp_path):
    import os
    import subprocess
    import sys

    script = tmp_path / "noisy.py"
    script.write_text("import tensorflow as tf\n"
                      "v = tf.Variable(1.0)\n"
                      "noisy = v + tf.py_func(lambda a: a, [v], tf.float32)\n"
                      "with tf.Session() as s:\n"
                      "    s.run(v.initializer)\n"
                      "    s.run(noisy)\n")
    env = dict(os.environ, SESSIONFLOW_BACKEND="xla")
    done = subprocess.run([sys.executable, "-m", "sessionflow", "explain", str(script)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Plan runs on numpy: op PyFunc has no XLA kernel." in done.stdout
    assert "Plan runs on xla (observed runs go step by step on numpy)." in done.stdout  # the initializer


def _settled(executable, seconds=120):
    import time

    deadline = time.monotonic() + seconds
    while executable.backend != "xla" and executable.reason is None and time.monotonic() < deadline:
        time.sleep(0.05)


def test_auto_tiers_big_plans_onto_xla_and_keeps_small_ones_on_numpy(monkeypatch):
    """'auto': a plan starts on NumPy, is compiled in the background after a few runs and switches when
    its compiled form is faster, with the same values throughout; a trivial update stays on NumPy."""
    from sessionflow.runtime.backends import xla

    monkeypatch.setattr(xla, "TIER_SECONDS", 0.0)  # no NumPy-time budget: compile after TIER_AFTER runs
    xla_select.set_backend("auto")
    rng = np.random.RandomState(1)
    x = tf.placeholder(tf.float32, [None, 784])
    w = tf.Variable(rng.randn(784, 512).astype(np.float32) * 0.05)
    w2 = tf.Variable(rng.randn(512, 512).astype(np.float32) * 0.05)
    loss = tf.reduce_mean(tf.square(tf.matmul(tf.nn.relu(tf.matmul(x, w)), w2)))
    train = tf.train.AdamOptimizer(1e-3).minimize(loss)  # many small element-wise ops: XLA fuses them
    counter = tf.Variable(0.0)
    bump = counter.assign_add(1.0)
    xs = rng.rand(256, 784).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = []
        for _ in range(xla.TIER_AFTER):
            losses.append(sess.run([loss, train], {x: xs})[0])
        big = sess._executable((loss, train), {x: xs})
        assert big.backend == "numpy" and big.reason is None  # not compiled yet
        for _ in range(xla.TIER_AFTER):
            sess.run(bump)
        small = sess._executable((bump,), {})
        _settled(big)
        _settled(small)
        for settled in (big, small):  # which way each goes depends on the machine's timings: only that it settles
            assert settled.backend == "xla" or settled.reason.startswith("it is faster there"), settled.reason
        for _ in range(3):
            losses.append(sess.run([loss, train], {x: xs})[0])
        assert sess.run(bump) == xla.TIER_AFTER + 1
    xla_select.set_backend("numpy")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        want = [sess.run([loss, train], {x: xs})[0] for _ in range(len(losses))]
    np.testing.assert_allclose(losses, want, rtol=1e-4)


def test_tiering_keeps_the_faster_form(monkeypatch):
    """The decision itself, with NumPy's best time set: after the background compile, the next runs go
    compiled, timed on the caller's thread; the compiled form stays against a slow NumPy run, NumPy keeps
    a plan whose NumPy run is faster (no wall time is asserted: NumPy's times are given)."""
    from sessionflow.runtime.backends import xla

    monkeypatch.setattr(xla, "WARMUP_SECONDS", 0.0)  # the warm-up is WARMUP runs, however fast they are

    xla_select.set_backend("auto")
    v = tf.Variable(np.ones(4, np.float32))
    bump = v.assign_add(tf.ones(4))
    with tf.Session() as sess:
        sess.run(v.initializer)
        executable = sess._executable((bump,), {})
        state = {k: sess._store.values[k] for k in executable._keys if k in sess._store.values}
        executable._numpy_ns = 10 ** 15  # NumPy "took" 11 days
        executable._warm([], state)
        np.testing.assert_array_equal(sess.run(v), np.ones(4))  # the compiling call stored nothing
        for _ in range(xla.WARMUP + xla.TRIALS):
            assert executable.backend == "xla" and executable._trials
            sess.run(bump)
        assert executable.backend == "xla" and executable.reason is None and not executable._trials
        executable._ready, executable._numpy_ns, executable._compiled_ns = False, 0, None  # NumPy "took" nothing
        executable._warm([], state)
        for _ in range(xla.WARMUP + xla.TRIALS):
            sess.run(bump)
        assert executable.backend == "numpy" and executable.reason.startswith("it is faster there")
        np.testing.assert_array_equal(sess.run(v), np.full(4, 1.0 + 2 * (xla.WARMUP + xla.TRIALS)))  # every run counted once
    xla_select.set_backend("numpy")

def test_tiering_waits_until_a_plan_has_spent_the_seconds_a_compile_costs(monkeypatch):
    """A plan whose NumPy runs add up to less than TIER_SECONDS is not compiled, however often it runs."""
    from sessionflow.runtime.backends import xla

    monkeypatch.setattr(xla, "TIER_SECONDS", 3600.0)
    xla_select.set_backend("auto")
    v = tf.Variable(0.0)
    bump = v.assign_add(1.0)
    with tf.Session() as sess:
        sess.run(v.initializer)
        for _ in range(3 * xla.TIER_AFTER):
            sess.run(bump)
        executable = sess._executable((bump,), {})
        assert executable._runs == 3 * xla.TIER_AFTER and not executable._warming
        assert executable.backend == "numpy" and executable.reason is None
        monkeypatch.setattr(xla, "TIER_SECONDS", 0.0)
        sess.run(bump)
        assert executable._warming  # the budget is spent: it compiles now
        _settled(executable)
        assert sess.run(v) == 3 * xla.TIER_AFTER + 1


def _checked_program(backend):
    xla_select.set_backend(backend)
    tf.reset_default_graph()
    params = tf.Variable(np.arange(12, dtype=np.float32).reshape(4, 3))
    counter = tf.Variable(0)
    i = tf.placeholder(tf.int32, [None])
    d = tf.placeholder(tf.int32, [None])
    picked = tf.gather(params, i)
    with tf.control_dependencies([picked]):
        step = tf.group(counter.assign_add(1), tf.floordiv(tf.constant([7, 8]), d))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(picked, {i: [3, 0]}), [[9, 10, 11], [0, 1, 2]])
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[1\] = 4 is not in \[0, 4\)") as info:
            sess.run(picked, {i: [1, 4]})
        assert info.value.op is picked.op
        sess.run(step, {i: [0], d: [2, 3]})
        with pytest.raises(tf.errors.InvalidArgumentError, match="Integer division by zero"):
            sess.run(step, {i: [0], d: [2, 0]})
        with pytest.raises(tf.errors.InvalidArgumentError, match="not in"):
            sess.run(step, {i: [9], d: [2, 3]})
        backends = {getattr(e, "backend", "numpy") for e in _executables(sess)}
        return sess.run(counter), backends


def test_deferred_input_checks_raise_tfs_errors_and_store_nothing():
    """Kernels that check their input values (a gather index, an integer divisor) defer the check to the
    end of the compiled run: a failing run stores nothing of its own and runs again on NumPy, which raises
    TF's error naming the op (after the ops it ran first, as TF); the plan stays compiled."""
    want, _ = _checked_program("numpy")
    got, backends = _checked_program("xla")
    assert got == want
    assert backends == {"xla"}
