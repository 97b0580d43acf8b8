"""One graph built, and one session run, from many threads at once.

- Updates are atomic: every kernel that writes variables holds their locks, with or without
  `use_locking` (reference and resource variables, the Assign/Scatter/Apply families).
- Graph-building state is per thread: name scope, control dependencies, variable scope, the
  cond/while being traced, the default graph; names, ops and collections are shared.
- Closing a session under running threads ends their runs with TF's CancelledError, never a hang.

The whole programs live in thread_programs.py; real TensorFlow's results for them were recorded by
tools/record_thread_programs.py into goldens/threads.json.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.ops import training

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import thread_programs  # noqa: E402
from first_week import harness  # noqa: E402 - importable once thread_programs set the path up

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "goldens", "threads.json")) as f:
    GOLDENS = json.load(f)

in_threads = thread_programs.in_threads


@pytest.fixture
def fast_switching():
    """Makes the interpreter switch threads very often, so that races show up quickly."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(old)


# A compiled loop is one step: it cannot see a close() before it ends, nor show its writes while it runs.
_INTERPRETER_ONLY = {"close_cancels_a_running_loop"}


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.numpy_backend) if n in _INTERPRETER_ONLY else n
                                  for n in sorted(thread_programs.PROGRAMS)])
def test_program_matches_tensorflow(name, fast_switching):
    harness.assert_matches(harness.plain(thread_programs.PROGRAMS[name](tf)), GOLDENS[name])


# --- atomic updates ------------------------------------------------------------------------

@pytest.mark.parametrize("use_resource", [False, True], ids=["reference", "resource"])
def test_updates_from_eight_threads_lose_nothing(use_resource):
    """8 threads x 2,000 runs of `assign_add(1.0)` and of a `scatter_add`, without use_locking.
    (TF's own reference-variable AssignAdd without use_locking can lose some: 15,999 once while
    recording; its resource variables never do, and neither do sessionflow's.)"""
    total = tf.Variable(0.0, name="total", use_resource=use_resource)
    add = total.assign_add(1.0)
    rows = tf.Variable([0, 0, 0], name="rows", use_resource=use_resource)
    scatter = tf.scatter_add(rows, [0, 2], [1, 2])
    sub = tf.assign_sub(total, 0.5) if not use_resource else total.assign_sub(0.5)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())

        def work(i):
            for _ in range(2000):
                sess.run(add)
                sess.run(scatter)
                if i % 2:
                    sess.run(sub)

        assert in_threads(8, work) == [None] * 8
        assert sess.run(total) == 16000 - 4 * 2000 * 0.5
        assert sess.run(rows).tolist() == [16000, 0, 32000]


def test_locked_and_unlocked_updates_of_one_variable_mix():
    """`use_locking=True` and the default take the same lock: mixing them loses nothing either."""
    v = tf.Variable(0, name="v")
    locked, unlocked = tf.assign_add(v, 1, use_locking=True), tf.assign_add(v, 10)
    with tf.Session() as sess:
        sess.run(v.initializer)

        def work(i):
            for _ in range(1000):
                sess.run(locked if i % 2 else unlocked)

        assert in_threads(4, work) == [None] * 4
        assert sess.run(v) == 2 * 1000 * 1 + 2 * 1000 * 10


def test_update_inside_a_while_loop_from_threads():
    """The loop body's AssignAddVariableOp gets the handle as a loop input (known only when it runs)."""
    v = tf.Variable(0, name="v", use_resource=True)
    w = tf.Variable(0, name="w")

    def body(i):
        with tf.control_dependencies([v.assign_add(1), tf.assign_add(w, 2)]):
            return i + 1

    loop = tf.while_loop(lambda i: i < 100, body, [tf.constant(0)])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())

        def work(i):
            for _ in range(20):
                sess.run(loop)

        assert in_threads(4, work) == [None] * 4
        assert sess.run([v, w]) == [4 * 20 * 100, 2 * 4 * 20 * 100]


def test_ops_writing_the_same_variables_in_opposite_orders_never_deadlock(fast_switching):
    """ApplyMomentum(var=a, accum=b) and ApplyMomentum(var=b, accum=a) from threads at once: the
    locks are taken in one fixed order, so neither waits for the other forever."""
    a = tf.Variable([1.0, 2.0], name="a")
    b = tf.Variable([0.5, 0.5], name="b")
    lr, momentum, grad = tf.constant(0.01), tf.constant(0.5), tf.constant([0.1, 0.2])
    forward = training.ApplyMomentum(a._ref(), b._ref(), lr, grad, momentum)
    backward = training.ApplyMomentum(b._ref(), a._ref(), lr, grad, momentum)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())

        def work(i):
            for _ in range(1000):
                sess.run(forward if i % 2 else backward)

        assert in_threads(4, work) == [None] * 4
        assert np.isfinite(sess.run(a)).all() and np.isfinite(sess.run(b)).all()


@pytest.mark.parametrize("use_resource", [False, True], ids=["reference", "resource"])
def test_hogwild_adam_counts_every_step(use_resource, fast_switching):
    """4 threads each run 50 Adam steps (var, m, v written by one op) with a global step."""
    w = tf.Variable([1.0, -1.0], name="w", use_resource=use_resource)
    step = tf.Variable(0, dtype=tf.int64, trainable=False, name="step", use_resource=use_resource)
    loss = tf.reduce_sum(tf.square(w))
    train = tf.train.AdamOptimizer(0.01).minimize(loss, global_step=step)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())

        def work(i):
            for _ in range(50):
                sess.run(train)

        assert in_threads(4, work) == [None] * 4
        assert sess.run(step) == 200
        assert np.all(np.abs(sess.run(w)) < 1.0)


# --- building from threads -------------------------------------------------------------------

def test_ops_built_from_eight_threads_are_all_there():
    graph = tf.get_default_graph()
    c = tf.constant(1.0, name="c")

    def work(i):
        with graph.as_default():
            for k in range(150):
                with tf.name_scope("shared"):
                    t = tf.add(c, float(k), name="add")
                tf.add_to_collection("made", t)
                tf.identity(t, name=f"mine_{i}_{k}")

    assert in_threads(8, work) == [None] * 8
    names = [op.name for op in graph.get_operations()]
    assert len(names) == len(set(names)) == 1 + 8 * 150 * 3  # c, then add + its constant + identity
    assert len(graph.get_collection("made")) == 8 * 150
    assert sorted(graph.get_collection("made"), key=lambda t: t.op._id) == \
        [op.outputs[0] for op in graph.get_operations() if op.type == "AddV2"]
    assert {n for n in names if n.startswith("mine_")} == {f"mine_{i}_{k}" for i in range(8) for k in range(150)}
    ids = [op._id for op in graph.get_operations()]
    assert ids == list(range(len(ids)))
    with tf.Session() as sess:
        assert sess.run(graph.get_tensor_by_name("mine_3_7:0")) == 8.0


def test_get_variable_from_threads_creates_one_variable():
    graph = tf.get_default_graph()
    made = []

    def work(i):
        with graph.as_default(), tf.variable_scope("shared", reuse=tf.AUTO_REUSE):
            made.append(tf.get_variable("w", [2], initializer=tf.zeros_initializer()))

    assert in_threads(8, work) == [None] * 8
    assert len({id(v) for v in made}) == 1 and made[0].name == "shared/w:0"
    assert [v.name for v in tf.global_variables()] == ["shared/w:0"]


def test_control_dependencies_and_name_scopes_interleave_per_thread(fast_switching):
    """Two threads enter and leave their own scopes many times at once: each op gets exactly its own
    thread's scope and control inputs."""
    graph = tf.get_default_graph()
    gates = [tf.no_op(name=f"gate_{i}") for i in range(2)]
    built = [[], []]

    def work(i):
        with graph.as_default():
            for _ in range(300):
                with tf.name_scope(f"t{i}"), tf.control_dependencies([gates[i]]):
                    built[i].append(tf.constant(float(i)))
                built[i].append(tf.constant(float(i), name=f"plain{i}"))

    assert in_threads(2, work) == [None, None]
    for i in range(2):
        scoped, plain = built[i][0::2], built[i][1::2]
        assert all(t.name.startswith(f"t{i}") and t.op.control_inputs == [gates[i]] for t in scoped)
        assert all(t.name.startswith(f"plain{i}") and t.op.control_inputs == [] for t in plain)


def test_reset_default_graph_resets_only_this_thread():
    mine = tf.get_default_graph()
    theirs = []

    def work(i):
        theirs.append(tf.get_default_graph())
        tf.reset_default_graph()
        theirs.append(tf.get_default_graph())

    assert in_threads(1, work) == [None]
    assert tf.get_default_graph() is mine
    assert theirs[0] is not mine and theirs[1] is not theirs[0]


# --- closing under running threads -----------------------------------------------------------

def test_close_during_small_runs_ends_them_with_tf_errors():
    """Threads run small steps in a loop until their session closes under them: every one stops
    with TF's CancelledError (a run in flight) or RuntimeError (a run started after the close)."""
    v = tf.Variable(0.0, name="v")
    step = [v.assign_add(1.0), v + 1.0, tf.constant(1.0) * 2.0]
    sess = tf.Session()
    sess.run(v.initializer)
    running = threading.Barrier(5)

    def work(i):
        running.wait(5)
        while True:
            sess.run(step[i % 3])

    def close(i):
        if i == 4:
            running.wait(5)
            time.sleep(0.05)
            sess.close()
        else:
            work(i)

    outcomes = in_threads(5, close)
    assert outcomes[4] is None
    allowed = [{"error": "CancelledError", "message": "Run call was cancelled"},
               {"error": "RuntimeError", "message": "Attempted to use a closed Session."}]
    assert all(o in allowed for o in outcomes[:4]), outcomes


class _Gate:
    """A variable lock the test holds to freeze a run just before an update; `waiting` is set once a
    run blocks on it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.waiting = threading.Event()

    def acquire(self):
        if not self.lock.acquire(blocking=False):
            self.waiting.set()
            self.lock.acquire()

    def release(self):
        self.lock.release()


def test_close_does_not_wait_for_a_run_in_flight():
    """A run is frozen before an update; close() and __del__ return at once; when the run goes on
    it stops with CancelledError, and its update is not stored."""
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b")
    bump = a.assign(5.0)
    with tf.control_dependencies([bump]):
        later = tf.identity(b) * 2.0
    sess = tf.Session()
    gate = sess._store.variable_locks["a"] = _Gate()
    sess.run(tf.global_variables_initializer())
    gate.acquire()
    outcome = []
    thread = threading.Thread(target=lambda: outcome.append(harness.attempt(lambda: sess.run(later))), daemon=True)
    thread.start()
    assert gate.waiting.wait(5)
    start = time.monotonic()
    sess.close()
    sess.__del__()
    took = time.monotonic() - start
    gate.release()
    thread.join(10)
    assert not thread.is_alive() and took < 1.0
    assert outcome == [{"error": "CancelledError", "message": "Run call was cancelled"}]
    assert sess._store.values == {}


@pytest.mark.numpy_backend  # a compiled plan is one step: it checks once, before it runs
def test_big_steps_check_for_cancellation_and_small_ones_do_not():
    """A long stateless chain (big matmuls) checks before each big step whether its session was
    closed, so a close during the run stops it at the next one (named in the error); small steps
    cost nothing extra and run on (the run as a whole reports the close when it ends)."""
    x = tf.ones([200, 200], name="ones") / 200.0
    y = x
    for _ in range(5):
        y = tf.matmul(y, x)
    small = tf.constant(2.0) * 3.0 + 1.0
    sess = tf.Session()
    assert sess.run(small) == 7.0 and sess.run(y).shape == (200, 200)
    sess._store.closed = True  # what close() marks, seen by a run already executing
    with pytest.raises(tf.errors.CancelledError, match="Run call was cancelled") as raised:
        sess._executable((y,), {}).run({})
    assert raised.value.op.name == "ones"
    assert sess._executable((small,), {}).run({}) == [7.0]
    sess.close()


def test_a_run_reading_variables_after_close_is_cancelled():
    """A run already executing when its session closes finds the variables gone: that is TF's
    CancelledError, not an uninitialized value (the store is emptied by close())."""
    v = tf.Variable(2.0, name="v")
    doubled = v * 2.0
    sess = tf.Session()
    sess.run(v.initializer)
    executable = sess._executable((doubled,), {})
    sess.close()
    with pytest.raises(tf.errors.CancelledError, match="Run call was cancelled") as raised:
        executable.run({})
    assert raised.value.op.name == "v/read"


def test_callable_after_close_and_run_after_close():
    c = tf.constant(1.0) + 1.0
    sess = tf.Session()
    call = sess.make_callable(c)
    assert call() == 2.0
    sess.close()
    with pytest.raises(RuntimeError, match="Attempted to use a closed Session."):
        sess.run(c)
    with pytest.raises(tf.errors.CancelledError, match="Session has been closed."):
        call()
