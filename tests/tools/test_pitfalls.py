"""The classic TF1 pitfalls (sessionflow/pitfalls.py): `sessionflow explain`'s "Watch out" section and the
one-time warnings of `sessionflow run`.

pitfall_programs/ holds small TF1 programs; each one's output on real TensorFlow is recorded beside it as
NAME.expected (`/root/tfenv/bin/python tools/record_conformance.py tests/tools/pitfall_programs/*.py`), so
these tests also check that the programs behave as on TF. goldens/pitfalls_NAME.txt is the explain report
of each (regenerate with `SESSIONFLOW_UPDATE_GOLDENS=1 python -m pytest tests/tools/test_pitfalls.py`).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest

import sessionflow as tf
from sessionflow import explain, pitfalls
from sessionflow.runtime import observe

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = os.path.join(HERE, "pitfall_programs")
GOLDENS = os.path.join(HERE, "goldens")
PROGRAM_NAMES = ["growing_graph", "reinit_after_training", "untrained_variable", "no_pitfalls"]


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    tf.disable_resource_variables()
    pitfalls._warned.clear()
    yield
    assert not observe._global, "a trace or watcher was left active"
    pitfalls._warned.clear()
    tf.reset_default_graph()


def _env(**extra):
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO_ROOT + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("COLUMNS", None)
    env.pop("SESSIONFLOW_WARNINGS", None)
    env.update(extra)
    return env


def _sessionflow(*args, cwd=PROGRAMS, **env):
    proc = subprocess.run([sys.executable, "-m", "sessionflow", *args], cwd=cwd, env=_env(**env),
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _kinds(found) -> list:
    return [p.kind for p in found]


def _site_line(tensor_or_op) -> int:
    op = getattr(tensor_or_op, "op", tensor_or_op)
    return op.site[1]


# --- the programs: TF's output, the explain report, the warnings ---------------------------------------

@pytest.mark.parametrize("name", PROGRAM_NAMES)
def test_program_runs_as_on_tensorflow_and_explains_as_the_golden(name):
    with open(os.path.join(PROGRAMS, name + ".expected"), encoding="utf-8") as f:
        expected = f.read()
    proc = _sessionflow("explain", name + ".py")
    assert proc.stdout.startswith(expected)  # the program's own output comes first, as on TF
    report = re.sub(r"\b\d+(\.\d+)?\s?(ms|us|µs|ns)\b", "<time>", proc.stdout[len(expected):])
    report = re.sub(r"\n *Plan runs on [^\n]*", "", report)  # where plans run: SESSIONFLOW_BACKEND=xla adds it
    golden = os.path.join(GOLDENS, f"pitfalls_{name}.txt")
    if os.environ.get("SESSIONFLOW_UPDATE_GOLDENS"):
        with open(golden, "w", encoding="utf-8") as f:
            f.write(report)
    with open(golden, encoding="utf-8") as f:
        assert report == f.read()
    assert "sessionflow: warning" not in proc.stderr  # the report says it; no warning on top


def test_golden_growing_graph_names_the_line_the_ops_and_the_fix():
    with open(os.path.join(GOLDENS, "pitfalls_growing_graph.txt"), encoding="utf-8") as f:
        text = _flat(f.read())
    assert "1 thing to watch out for" in text
    assert "1. The graph grows inside a loop" in text
    assert "growing_graph.py:8 created 3 ops (Const, AddV2, Assign) between runs 5 and 6, as it did between " \
           "runs 3 and 4 and between runs 4 and 5" in text
    assert "that line created 18 ops between runs, 6 times, up to run 7" in text
    assert "tf.get_default_graph().finalize()" in text


def test_golden_reinit_after_training_names_the_variables_and_their_values():
    with open(os.path.join(GOLDENS, "pitfalls_reinit_after_training.txt"), encoding="utf-8") as f:
        text = _flat(f.read())
    assert "Run 203 (sess.run at reinit_after_training.py:22) ran the initializers of b and w again after runs " \
           "2 to 183 had changed them: b went from 1.0 back to its initial value 0.0; w went from 2.0 back to " \
           "its initial value 0.0. Run 204 (at reinit_after_training.py:23) then used the reset values" in text
    assert "tf.variables_initializer([those variables])" in text
    assert "graph grows" not in text  # the evaluation variable and initializer were built once


def test_golden_untrained_variable_gives_each_reason():
    with open(os.path.join(GOLDENS, "pitfalls_untrained_variable.txt"), encoding="utf-8") as f:
        text = _flat(f.read())
    assert "ran the training op GradientDescent (NoOp, made at untrained_variable.py:16), which never changes " \
           "these 3 variables" in text
    assert "- b (made at untrained_variable.py:7): the loss does not depend on it, so its gradient is None." in text
    assert "- scale (made at untrained_variable.py:8): its gradient is None: the loss depends on it only through " \
           "ArgMax (made at untrained_variable.py:12), which has no gradient." in text
    assert "- temperature (made at untrained_variable.py:9): the loss depends on it, but it was created with " \
           "trainable=False" in text
    assert "- w " not in text


def test_golden_of_a_program_without_pitfalls_has_no_watch_out_section():
    with open(os.path.join(GOLDENS, "pitfalls_no_pitfalls.txt"), encoding="utf-8") as f:
        text = f.read()
    assert "Watch out" not in text and "watch out" not in text


def test_seed_examples_goldens_name_the_reset():
    for name, run, used in (("example1_basic_init", 7, 8), ("example2_counter", 9, 10),
                            ("example3_random_init", 7, 8)):
        with open(os.path.join(GOLDENS, name + ".txt"), encoding="utf-8") as f:
            text = _flat(f.read())
        assert "An initializer ran again after other runs had changed its variables" in text, name
        assert f"Run {run} (sess.run at {name}.py:" in text and f"Run {used} (at {name}.py:" in text, name
    with open(os.path.join(GOLDENS, "example3_random_init.txt"), encoding="utf-8") as f:
        text = _flat(f.read())
    assert "An initializer ran again and drew new random initial values (a note)" in text
    assert "rand_var went back to its initial value" not in text  # a random initial value is a new draw


@pytest.mark.parametrize("name, warning", [
    ("growing_graph", ("sessionflow: warning: the graph grows inside a loop: growing_graph.py:8 created 3 ops "
                       "(Const, AddV2, Assign) between runs 5 and 6, as it did between runs 3 and 4 and between runs "
                       "4 and 5. Build ops once, before the loop, and only sess.run them inside; call "
                       "tf.get_default_graph().finalize() after building to catch this.\n")),
    ("reinit_after_training", ("sessionflow: warning: run 203 (sess.run at reinit_after_training.py:22) ran the "
                               "initializers of b and w again after other runs had changed them, resetting them to "
                               "their initial values, and run 204 at reinit_after_training.py:23 used them. Run the "
                               "initializer once, before training; for variables created later, run "
                               "tf.variables_initializer([...]) with just those.\n")),
    ("untrained_variable", ("sessionflow: warning: the training op GradientDescent (NoOp, made at "
                            "untrained_variable.py:16), run at untrained_variable.py:24 (run 2), never changes b (the "
                            "loss does not depend on it); scale (its gradient is None: it reaches the loss only "
                            "through ArgMax at untrained_variable.py:12); temperature (trainable=False). TensorFlow "
                            "skips such variables silently. Check that the loss uses every variable you mean to "
                            "train, through ops that have gradients, and the optimizer's var_list.\n")),
    ("no_pitfalls", ""),
])
def test_sessionflow_run_warns_once_on_stderr(name, warning):
    proc = _sessionflow("run", name + ".py")
    with open(os.path.join(PROGRAMS, name + ".expected"), encoding="utf-8") as f:
        assert proc.stdout == f.read()
    assert proc.stderr == warning


def test_sessionflow_warnings_0_silences_them():
    proc = _sessionflow("run", "growing_graph.py", SESSIONFLOW_WARNINGS="0")
    assert proc.stderr == ""


def test_plain_import_prints_nothing(tmp_path):
    script = tmp_path / "plain.py"
    script.write_text("import sessionflow as tf\nv = tf.Variable(0)\nwith tf.Session() as s:\n"
                      "    s.run(v.initializer)\n    for _ in range(8):\n        s.run(tf.assign_add(v, 1))\n"
                      "    s.run(v.initializer)\n    print(s.run(v))\n")
    proc = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=_env(), capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0 and proc.stdout == "0\n" and proc.stderr == ""


def test_explain_json_lists_the_pitfalls(tmp_path):
    out = tmp_path / "trace.json"
    _sessionflow("explain", "--json", str(out), "untrained_variable.py")
    data = json.loads(out.read_text())
    (pitfall,) = data["pitfalls"]
    assert pitfall["kind"] == "untrained_variable" and pitfall["severity"] == "warning"
    assert pitfall["runs"] == [2, 3, 4, 5, 6] and pitfall["site"] == "untrained_variable.py:24"
    assert pitfall["training_op"] == {"name": "GradientDescent", "type": "NoOp", "site": "untrained_variable.py:16"}
    assert [(v["name"], v["reason"]) for v in pitfall["variables"]] == [
        ("b", "no_path"), ("scale", "blocked"), ("temperature", "not_trainable")]
    assert pitfall["variables"][1]["through"] == [
        {"name": "ArgMax", "type": "ArgMax", "site": "untrained_variable.py:12"}]


# --- the graph grows inside a loop --------------------------------------------------------------------

def test_ops_built_inside_the_loop_are_found_with_their_line_and_types():
    counter = tf.Variable(0, name="counter")
    with explain.trace() as t, tf.Session() as sess:
        sess.run(counter.initializer)
        for _ in range(5):
            sess.run(tf.assign_add(counter, 2))
    (found,) = t.pitfalls
    assert found.kind == "graph_growth" and found.runs == [4, 5, 6]
    ((site, types),) = found.facts["per_site"].items()
    assert site[0] == os.path.abspath(__file__) and types == ["Const", "AssignAdd"]
    assert found.facts["intervals"] == [(3, 4), (4, 5), (5, 6)]
    assert found.facts["history"][site] == [5, 10, 6]  # 5 times, 10 ops, last before run 6


def test_the_normal_pattern_is_not_growth():
    """Build, initialize, a few runs that create nothing; ops created once (a Saver, an evaluation op)
    before a loop; a script trying out ops on different lines."""
    v = tf.Variable(1.0, name="v")
    step = v.assign_add(1.0)
    with explain.trace() as t, tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(step)
        saver = tf.train.Saver()
        doubled = v * 2.0
        for _ in range(10):
            sess.run([step, doubled])
        sess.run(v + 1.0)
        sess.run(v * 3.0)
        sess.run(tf.sqrt(v))
        sess.run(tf.square(v))
    assert saver is not None and t.pitfalls == []


def test_a_call_that_builds_its_graph_over_its_first_runs_is_not_growth():
    """Keras's fit runs the variables' checks, their initializer and the first step, making other ops
    between each (the checks, the initializer, the learning-phase placeholder): one line, but not a loop."""
    x, y = np.ones((20, 3), np.float32), np.ones((20, 1), np.float32)
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(3,))])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
    with explain.trace() as t:
        weights = model.get_weights()
        model.fit(x, y, batch_size=20, epochs=4, verbose=0)
        model.set_weights(weights)
    assert t.pitfalls == []


def test_a_helper_that_builds_ops_each_call_grows_the_graph_too():
    v = tf.Variable(1.0, name="v")

    def mean_of(x):
        return tf.reduce_mean(x * 2.0)  # built anew at every call

    with explain.trace() as t, tf.Session() as sess:
        sess.run(v.initializer)
        for step in range(40):
            sess.run(v)
            if step % 10 == 0:
                sess.run(mean_of(v))
    assert _kinds(t.pitfalls) == ["graph_growth"]
    ((site, types),) = t.pitfalls[0].facts["per_site"].items()
    assert site[1] == _line_of("return tf.reduce_mean(x * 2.0)", after="def test_a_helper") and "Mean" in types


def test_a_finalized_graph_raises_where_ops_are_made():
    v = tf.Variable(1.0, name="v")
    tf.get_default_graph().finalize()
    with pytest.raises(RuntimeError, match="Graph is finalized"):
        tf.assign(v, v + 1)


# --- an initializer run again after training ----------------------------------------------------------

def _training_graph():
    x = tf.constant([[0.0], [1.0], [2.0]])
    y = 2.0 * x + 1.0
    w = tf.Variable(0.0, name="w")
    b = tf.Variable(0.0, name="b")
    loss = tf.reduce_mean(tf.square(x * w + b - y))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    return w, b, loss, train, tf.global_variables_initializer()


def test_init_after_training_then_a_read_is_a_warning():
    w, _, _, train, init = _training_graph()
    with explain.trace() as t, tf.Session() as sess:
        sess.run(init)
        for _ in range(5):
            sess.run(train)
        trained = sess.run(w)
        sess.run(init)
        assert sess.run(w) == 0.0
    (found,) = t.pitfalls
    assert found.kind == "init_after_training" and found.runs == [8, 9]
    assert found.facts["variables"] == ["b", "w"]
    before, after, changed_by, random = found.facts["values"]["w"]
    assert float(before) == pytest.approx(float(trained), abs=1e-4) and after == "0.0"
    assert changed_by == (2, 6) and not random
    assert found.facts["site"][1] == found.facts["used_at"][1] - 1


def test_starting_over_on_purpose_is_not_a_pitfall():
    _, _, loss, train, init = _training_graph()
    with explain.trace() as t, tf.Session() as sess:
        for _ in range(3):  # e.g. one model per cross-validation fold
            sess.run(init)
            for _ in range(4):
                sess.run(train)
            sess.run(loss)
    assert t.pitfalls == []


def test_initializing_twice_in_a_row_is_harmless_unless_random():
    tf.Variable(1.0, name="fixed")
    init = tf.global_variables_initializer()
    with explain.trace() as t, tf.Session() as sess:
        sess.run(init)
        sess.run(init)
        sess.run("fixed:0")
    assert t.pitfalls == []
    tf.reset_default_graph()
    r = tf.Variable(tf.random_normal([3], seed=1), name="r")
    init = tf.global_variables_initializer()
    with explain.trace() as t, tf.Session() as sess:
        sess.run(init)
        first = sess.run(r)
        sess.run(init)
        second = sess.run(r)
        sess.run(init)
    assert not np.array_equal(first, second)
    (note,) = t.pitfalls
    assert note.kind == "init_redraw" and note.severity == "note" and note.runs == [3, 5]
    assert "draws new random values every time it runs" in _flat(" ".join(note.text(str)))


def test_restoring_then_initializing_loses_the_checkpoint(tmp_path):
    _, _, loss, train, init = _training_graph()
    saver = tf.train.Saver()
    path = str(tmp_path / "model")
    with tf.Session() as sess:
        sess.run(init)
        sess.run(train)
        saver.save(sess, path)
    with explain.trace() as t, tf.Session() as sess:
        saver.restore(sess, path)
        sess.run(init)  # wipes what restore loaded
        sess.run(loss)
    (found,) = t.pitfalls
    assert found.kind == "init_after_training" and found.runs == [2, 3]
    with explain.trace() as t, tf.Session() as sess:
        sess.run(init)
        saver.restore(sess, path)  # the right order
        sess.run(loss)
    assert t.pitfalls == []


def test_variable_load_is_a_write_not_an_initialization():
    v = tf.Variable(1.0, name="v")
    with explain.trace() as t, tf.Session() as sess:
        sess.run(v.initializer)
        v.load(5.0, sess)
        assert sess.run(v) == 5.0
        sess.run(v.initializer)
        sess.run(v)
    (found,) = t.pitfalls
    assert found.kind == "init_after_training" and found.facts["values"]["v"][:2] == ("5.0", "1.0")


# --- a training op that never changes a variable --------------------------------------------------------

def _issues(op) -> dict:
    return {key: (reason, [b.type for b, _ in blockers]) for key, _, reason, blockers in
            pitfalls.untrained_variables(op)}


def test_each_reason_a_variable_is_not_trained():
    x = tf.constant([[1.0, 2.0]])
    w = tf.Variable([[1.0], [2.0]], name="w")
    unused = tf.Variable(0.0, name="unused")
    through_argmax = tf.Variable(3.0, name="through_argmax")
    stopped = tf.Variable(1.0, name="stopped")
    rounded = tf.Variable(1.5, name="rounded")
    as_int = tf.Variable(2.5, name="as_int")
    frozen = tf.Variable(2.0, name="frozen", trainable=False)
    left_out = tf.Variable(1.0, name="left_out")
    y = tf.matmul(x, w) * frozen * left_out + tf.stop_gradient(stopped) + tf.round(rounded)
    index = tf.cast(tf.argmax(tf.matmul(x, w) * through_argmax, axis=1), tf.float32)
    loss = tf.reduce_sum(y) + index[0] + tf.cast(tf.cast(as_int, tf.int32), tf.float32)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(
        loss, var_list=[w, unused, through_argmax, stopped, rounded, as_int])
    assert _issues(train) == {
        "unused": ("no_path", []), "through_argmax": ("blocked", ["ArgMax"]),
        "stopped": ("blocked", ["StopGradient"]), "rounded": ("blocked", ["Round"]),
        "as_int": ("blocked", ["Cast"]), "frozen": ("not_trainable", []), "left_out": ("var_list", [])}
    with explain.trace() as t, tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
    (found,) = t.pitfalls
    text = _flat(" ".join(found.text(lambda site: f"line {site[1]}")))
    assert "as_int (made at line" in text and "whose output is int32: gradients do not flow through integers" in text
    assert "tf.stop_gradient, StopGradient (made at line" in text


def test_a_variable_trained_by_another_training_op_is_fine():
    """A GAN-like pair: each loss depends on both models, each optimizer trains its own."""
    g = tf.Variable(1.0, name="generator")
    d = tf.Variable(1.0, name="discriminator")
    fake = g * 2.0
    d_loss = tf.square(d * fake - 1.0)
    g_loss = tf.square(d * fake + 1.0)
    train_d = tf.train.GradientDescentOptimizer(0.1).minimize(d_loss, var_list=[d])
    train_g = tf.train.GradientDescentOptimizer(0.1).minimize(g_loss, var_list=[g])
    assert _issues(train_d) == {} and _issues(train_g) == {}


def test_state_kept_by_other_ops_is_not_reported():
    """A global step, a moving average and Adam's slots: non-trainable, and updated by their own ops."""
    w = tf.Variable([1.0, 2.0], name="w")
    ema = tf.train.ExponentialMovingAverage(0.9)
    maintain = ema.apply([w])
    shadow = ema.average(w)
    step = tf.train.get_or_create_global_step()
    loss = tf.reduce_sum(tf.square(w)) + 0.0 * tf.reduce_sum(shadow) + 0.0 * tf.cast(step, tf.float32)
    train = tf.train.AdamOptimizer(0.1).minimize(loss, global_step=step)
    assert maintain is not None and _issues(train) == {}


def test_a_target_network_assigned_from_the_online_one_is_not_reported():
    """DQN: the loss reads the target network (behind tf.stop_gradient), the optimizer trains only the
    online one and an assign op copies it over; a target network nothing writes is still reported."""
    def net(scope):
        with tf.variable_scope(scope):
            return tf.get_variable("w", initializer=[1.0, 2.0])
    online, target, forgotten = net("online"), net("target"), net("forgotten")
    y = tf.stop_gradient(tf.reduce_max(target * 0.9) + tf.reduce_max(forgotten))
    loss = tf.square(y - tf.reduce_sum(online))
    train = tf.train.AdamOptimizer(0.1).minimize(loss, var_list=tf.trainable_variables("online"))
    copy = [tf.assign(t, o) for o, t in zip(tf.trainable_variables("online"), tf.trainable_variables("target"))]
    assert len(copy) == 1 and _issues(train) == {"forgotten/w": ("var_list", [])}


def test_compute_then_apply_gradients_with_clipping():
    w = tf.Variable([1.0, 2.0], name="w")
    tf.Variable(0.0, name="b")  # trainable, but the loss below does not use it
    loss = tf.reduce_sum(tf.square(w))
    opt = tf.train.MomentumOptimizer(0.1, 0.9)
    grads_and_vars = opt.compute_gradients(loss)
    clipped = [(tf.clip_by_norm(g, 1.0) if g is not None else None, v) for g, v in grads_and_vars]
    train = opt.apply_gradients(clipped)
    assert _issues(train) == {"b": ("no_path", [])}


def test_gradients_made_by_hand_still_name_the_variable():
    w = tf.Variable(1.0, name="w")
    b = tf.Variable(1.0, name="b")
    (grad,) = tf.gradients(tf.square(w), [w])
    train = tf.train.GradientDescentOptimizer(0.1).apply_gradients([(grad, w), (None, b)])
    assert _issues(train) == {"b": ("no_gradient", [])}


def test_what_optimizers_note_is_freed_with_the_graph():
    import gc
    import weakref

    graph = tf.Graph()
    with graph.as_default():
        w = tf.Variable(1.0, name="w")
        tf.train.GradientDescentOptimizer(0.1).minimize(tf.square(w))
    alive = weakref.ref(graph)
    del graph, w
    gc.collect()
    assert alive() is None


def test_no_variable_with_a_gradient_raises_as_tf():
    v = tf.Variable(1.0, name="v")
    loss = tf.cast(tf.argmax([v, 2.0 * v]), tf.float32)
    with pytest.raises(ValueError, match="No gradients provided for any variable"):
        tf.train.GradientDescentOptimizer(0.1).minimize(loss)


# --- the watcher of `sessionflow run`, in process ------------------------------------------------------

def _watched(stream):
    return pitfalls.warnings_while_running(__file__, stream=stream)


def test_each_kind_is_warned_once():
    stream = io.StringIO()
    counter = tf.Variable(0, name="counter")
    with _watched(stream), tf.Session() as sess:
        sess.run(counter.initializer)
        for _ in range(6):
            sess.run(tf.assign_add(counter, 1))
        for _ in range(6):
            sess.run(tf.assign_add(counter, 1) + 1)
        sess.run(counter.initializer)
        sess.run(counter)
        sess.run(counter.initializer)
        sess.run(tf.assign_add(counter, 1))
        sess.run(counter.initializer)
        sess.run(counter)
    lines = stream.getvalue().splitlines()
    assert [line.split(":")[2].split()[0] for line in lines] == ["the", "run"]
    assert lines[0].startswith("sessionflow: warning: the graph grows inside a loop: test_pitfalls.py:")
    assert "ran the initializer of counter again after other runs had changed it" in lines[1]


def test_watcher_and_trace_agree_on_resets_and_training_ops():
    w, _, loss, train, init = _training_graph()
    stream = io.StringIO()
    with _watched(stream), tf.Session() as sess:
        sess.run(init)
        for _ in range(3):
            sess.run(train)
        for _ in range(2):  # start over on purpose: no warning
            sess.run(init)
            sess.run(train)
        sess.run(w.initializer)
        sess.run(loss)
    assert stream.getvalue() == (
        f"sessionflow: warning: run 9 (sess.run at test_pitfalls.py:{_line_of('sess.run(w.initializer)')}) ran the "
        "initializer of w again after other runs had changed it, resetting it to its initial value, and run 10 at "
        f"test_pitfalls.py:{_line_of('sess.run(loss)', after='sess.run(w.initializer)')} used it. Run the initializer "
        "once, before training; for variables created later, run tf.variables_initializer([...]) with just those.\n")


def _line_of(text: str, after: str = "def test_watcher_and_trace_agree") -> int:
    with open(__file__, encoding="utf-8") as f:
        lines = f.read().splitlines()
    start = next(i for i, line in enumerate(lines) if after in line)
    return next(i + 1 for i, line in enumerate(lines) if i > start and text in line)


def test_a_failing_detector_is_swallowed_and_stops_watching(monkeypatch):
    def broken(*args):
        raise RuntimeError("detector bug")

    monkeypatch.setattr(pitfalls, "run_shape", broken)
    stream = io.StringIO()
    v = tf.Variable(1.0, name="v")
    with _watched(stream) as watcher, tf.Session() as sess:
        sess.run(v.initializer)
        assert watcher not in observe._global
        assert sess.run(v) == 1.0
    assert stream.getvalue() == ""


def test_no_watcher_while_explaining_or_when_silenced(monkeypatch):
    with explain.trace(), _watched(io.StringIO()) as watcher:
        assert watcher is None
    monkeypatch.setenv("SESSIONFLOW_WARNINGS", "0")
    with _watched(io.StringIO()) as watcher:
        assert watcher is None


def test_watching_leaves_runs_unobserved():
    """The watcher sees a run begin, not its steps: the run executes on the fast path."""
    v = tf.Variable(1.0, name="v")
    calls = []
    with _watched(io.StringIO()) as watcher, tf.Session() as sess:
        watcher.wrote = lambda *args: calls.append(args)
        sess.run(v.initializer)
        sess.run(v.assign_add(1.0))
        assert observe.observer_for(None, None, sess, [v.value()], {}) is None
    assert calls == [] and watcher.runs == 3
