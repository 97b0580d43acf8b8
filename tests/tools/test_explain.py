"""`sessionflow.explain` and `sessionflow explain`: what each Session.run did, for people and programs.

The golden files under goldens/ are the explain output of the seed article's three programs (see
shared/seed-examples/README.md). They are committed so a change to the report's wording shows up in
review; regenerate them with `SESSIONFLOW_UPDATE_GOLDENS=1 python3 -m pytest tests/tools/test_explain.py`.
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

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)

import sessionflow as tf
from sessionflow import explain
from sessionflow.runtime import observe
from sessionflow.tools.progress import Progress

GOLDENS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "goldens")
SEED_DIR = os.path.join(REPO_ROOT, "..", "shared", "seed-examples")

# The seed article's programs, verbatim (checked against shared/seed-examples when it is present),
# so the golden tests also run in a fresh clone.
SEED_PROGRAMS = {
    "example1_basic_init.py": '''import tensorflow as tf

# Create a variable with initial value 1.0
var = tf.Variable(1.0, name="my_variable")

# Create the initialization operation
init_op = tf.global_variables_initializer()

# Start a session
with tf.Session() as sess:
  # Initialize the variable
  sess.run(init_op)
  print("Value after first init:", sess.run(var))

  # Initialize the variable again
  sess.run(init_op)
  print("Value after second init:", sess.run(var))

  # Explicitly assign a new value
  assign_op = var.assign(2.0)
  sess.run(assign_op)
  print("Value after explicit assignment:", sess.run(var))

  # Initialize again
  sess.run(init_op)
  print("Value after init, following assignment:", sess.run(var))

''',
    "example2_counter.py": '''import tensorflow as tf

# Create a variable starting at 0.
counter = tf.Variable(0, name="counter")

# Define an increment operation
increment_op = counter.assign_add(1)

init_op = tf.global_variables_initializer()

with tf.Session() as sess:
    sess.run(init_op) #Initialize
    print("Initial Counter:", sess.run(counter))

    # Execute increment and print
    for _ in range(3):
        sess.run(increment_op)
        print("Counter:", sess.run(counter))

    sess.run(init_op)
    print("Counter after second init:", sess.run(counter))

''',
    "example3_random_init.py": '''import tensorflow as tf
import numpy as np
# Define a variable using random normal initialization
rand_var = tf.Variable(tf.random_normal([5]), name="rand_var")

init_op = tf.global_variables_initializer()

with tf.Session() as sess:
    sess.run(init_op)
    print("Random variable first init:", sess.run(rand_var))
    sess.run(init_op)
    print("Random variable second init:", sess.run(rand_var))

    rand_assign = rand_var.assign(tf.random_normal([5]))
    sess.run(rand_assign)

    print("Random variable after assigning new random:", sess.run(rand_var))

    sess.run(init_op)
    print("Random variable init after assigning random:", sess.run(rand_var))

''',
}

_NUMBER = re.compile(r"-?\b\d+\.\d+(?:e[+-]?\d+)?")


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    tf.disable_resource_variables()
    yield
    assert not observe._global, "a trace was left active"
    tf.reset_default_graph()


def _env():
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO_ROOT + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("COLUMNS", None)
    return env


def _cli(*args, cwd=REPO_ROOT, check=True):
    proc = subprocess.run([sys.executable, "-m", "sessionflow", *args], cwd=cwd, env=_env(),
                          capture_output=True, text=True, timeout=120, check=False)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def _seed_script(tmp_path, name):
    shared = os.path.join(SEED_DIR, name)
    if os.path.isfile(shared):
        with open(shared, encoding="utf-8") as f:
            assert f.read() == SEED_PROGRAMS[name], f"{shared} changed: update SEED_PROGRAMS"
    path = tmp_path / name
    path.write_text(SEED_PROGRAMS[name], encoding="utf-8")
    return path


# Runs the CLI with the operating system's randomness replaced by a fixed stream: an unseeded
# program's random ops then draw the same numbers every time, so its golden shows real numbers.
_PINNED = ("import os, random, sys; _r = random.Random(0); "
           "os.urandom = lambda n: bytes(_r.getrandbits(8) for _ in range(n)); "
           "from sessionflow.tools.cli import main; sys.exit(main(sys.argv[1:]))")


def normalise(text: str, random: bool = False) -> str:
    """Timestamps and addresses out; for unseeded programs also every decimal number and the
    whitespace around them (number widths change where lines wrap), should the pinned
    randomness above stop pinning them."""
    text = re.sub(r"0x[0-9a-f]{6,}", "0x<addr>", text)
    text = re.sub(r"\n *Plan runs on [^\n]*", "", text)  # where plans run: SESSIONFLOW_BACKEND=xla adds it
    text = re.sub(r"\b\d+(\.\d+)?\s?(ms|us|µs|ns)\b", "<time>", text)
    if random:
        text = _NUMBER.sub("<r>", text)
        text = re.sub(r"\s+", " ", text)
        text = re.sub(r"\[ ", "[", re.sub(r" \]", "]", text))
    return text


@pytest.mark.parametrize("name", sorted(SEED_PROGRAMS))
def test_golden_explain_of_seed_examples(tmp_path, name):
    script = _seed_script(tmp_path, name)
    random = name.startswith("example3")
    proc = subprocess.run([sys.executable, "-c", _PINNED, "explain", str(script)], cwd=tmp_path, env=_env(),
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    golden = os.path.join(GOLDENS, name.replace(".py", ".txt"))
    if os.environ.get("SESSIONFLOW_UPDATE_GOLDENS"):
        with open(golden, "w", encoding="utf-8") as f:
            f.write(normalise(out))
    with open(golden, encoding="utf-8") as f:
        expected = f.read()
    assert normalise(out, random) == normalise(expected, random)


def test_golden_answers_why_the_variable_went_back_to_one():
    with open(os.path.join(GOLDENS, "example1_basic_init.txt"), encoding="utf-8") as f:
        text = f.read()
    flat = re.sub(r"\s+", " ", text)
    assert "my_variable/Assign, the initializer of my_variable, set my_variable from 2.0 back to its " \
           "initial value 1.0" in flat
    assert "<- back to 1.0" in text
    assert "Value after init, following assignment: 1.0" in text  # the program's own output comes first


def test_golden_random_example_says_values_are_new_draws():
    with open(os.path.join(GOLDENS, "example3_random_init.txt"), encoding="utf-8") as f:
        flat = re.sub(r"\s+", " ", f.read())
    assert flat.count("drew new random values") == 4
    assert "to a NEW random initial value" in flat
    assert "drawn just now by random_normal_1/RandomStandardNormal" in flat


# --- the library --------------------------------------------------------------------------------

def test_trace_records_fetches_ops_and_changes():
    v = tf.Variable(1.0, name="my_variable")
    init = tf.global_variables_initializer()
    assign = v.assign(2.0)
    with explain.trace() as t, tf.Session() as sess:
        sess.run(init)
        sess.run(assign)
        sess.run(init)
        assert sess.run(v) == 1.0
    assert [r.index for r in t.runs] == [1, 2, 3, 4]
    first, second, third, read = t.runs
    assert [s.name for s in first.executed] == ["my_variable/Assign", "init"]
    assert first.fetched[0].element is init and first.fetched[0].is_operation
    change = third.changed["my_variable"]
    assert (float(change.before), float(change.after)) == (2.0, 1.0)
    assert [op.name for op in change.ops] == ["my_variable/Assign"]
    assert change.before_summary == "2.0" and change.after_summary == "1.0"
    assert second.changed["my_variable"].ops == [assign.op]
    assert first.changed["my_variable"].before is None  # no value before the first initialization
    assert read.executed == [] and read.changed == {} and float(read.fetched[0].value) == 1.0
    assert read.site[0] == os.path.abspath(__file__) and "sess.run(v)" in read.source
    assert "from 2.0 back to its initial value 1.0" in re.sub(r"\s+", " ", str(t))


def test_rewriting_the_same_value_is_a_write_but_not_a_change():
    tf.Variable(1.0, name="v")
    init = tf.global_variables_initializer()
    with explain.trace() as t, tf.Session() as sess:
        sess.run(init)
        sess.run(init)
    assert t.runs[1].changed == {}
    assert t.runs[1].written == ["v"] and t.runs[1].writes[0].same
    assert "it already was 1.0" in re.sub(r"\s+", " ", t.render(runs=[2]))


def test_random_initializer_is_reported_as_a_new_draw():
    tf.Variable(tf.random_normal([4], seed=3), name="w")
    init = tf.global_variables_initializer()
    with explain.trace() as t, tf.Session() as sess:
        sess.run(init)
        sess.run(init)
    run = t.runs[1]
    assert run.changed["w"].random_ops == ["random_normal/RandomStandardNormal"]
    assert [op.name for op in run.drew] == ["random_normal/RandomStandardNormal"]
    assert not np.array_equal(run.changed["w"].before, run.changed["w"].after)
    text = re.sub(r"\s+", " ", t.render(runs=[2]))
    assert "drew new random values" in text and "NEW random initial value" in text


def test_uninitialized_variables_initializer_leaves_initialized_variables_alone():
    counter = tf.Variable(0, name="counter")
    increment = counter.assign_add(1)
    once = tf.uninitialized_variables_initializer()
    with explain.trace() as t, tf.Session() as sess:
        sess.run(once)
        sess.run(increment)
        sess.run(once)
    assert t.runs[0].changed["counter"].after_summary == "0"
    assert t.runs[2].changed == {} and t.runs[2].writes == []
    text = re.sub(r"\s+", " ", t.render(runs=[3]))
    assert "left counter alone: it already had a value in this session" in text


def test_feeds_and_fetch_structures_are_described():
    x = tf.placeholder(tf.float32, [3], name="x")
    y = tf.multiply(x, 2.0, name="double")
    with explain.trace() as t, tf.Session() as sess:
        sess.run({"y": y}, feed_dict={x: [1, 2, 3]})
    run = t.runs[0]
    assert run.fed[0].tensor is x and run.fed[0].summary == "[1.0 2.0 3.0]"
    assert run.fetched[0].summary == "[2.0 4.0 6.0]"
    text = t.render()
    assert "x:0 <- [1.0 2.0 3.0]" in text
    assert "double:0: output 0 of double (Mul" in text and "-> returned [2.0 4.0 6.0]" in text


def test_failed_run_names_the_failing_op_and_where_it_was_made():
    v = tf.Variable(1.0, name="v")
    plus = v + 1.0
    line = plus.op.site[1]
    with explain.trace() as t, tf.Session() as sess, pytest.raises(tf.errors.FailedPreconditionError):
        sess.run(plus)
    run = t.runs[0]
    assert run.error is not None and run.error.op.name == "v/read"
    assert run.error.type == "FailedPreconditionError"
    text = t.render()
    assert "FAILED" in text and "failing op: v/read (Identity), made at" in text
    assert f"test_explain.py:{line - 1}" in text  # v was made on the line before `plus`
    assert "usually its initializer" in re.sub(r"\s+", " ", text)


def test_failure_inside_a_while_loop_is_recorded_once():
    v = tf.Variable(1.0, name="v")
    loop = tf.while_loop(lambda i, x: i < 3, lambda i, x: (i + 1, x + v), [tf.constant(0), tf.constant(0.0)])
    with explain.trace() as t, tf.Session() as sess, pytest.raises(tf.errors.FailedPreconditionError):
        sess.run(loop)
    assert len(t.runs) == 1 and t.runs[0].error is not None


def test_long_runs_are_collapsed_by_name_scope_unless_all_ops():
    x = tf.constant(1.0)
    with tf.name_scope("layer"):
        for _ in range(40):
            x = x + 1.0
    total = tf.identity(x, name="total")
    with explain.trace() as t, tf.Session() as sess:
        sess.run(total)
    collapsed = t.render()
    assert "layer/  40 ops (AddV2 x40)" in re.sub(r" +", " ", collapsed).replace("1-40 layer/", "layer/") or \
        re.search(r"1-40\s+layer/\s+40 ops \(AddV2 x40\)", collapsed), collapsed
    assert "layer/add_39" not in collapsed and "--ops" in collapsed
    full = t.render(all_ops=True)
    assert "layer/add_39" in full and "layer/  (40 ops)" in full


def test_identical_consecutive_runs_are_collapsed():
    counter = tf.Variable(0, name="counter")
    increment = counter.assign_add(1)
    with explain.trace() as t, tf.Session() as sess:
        sess.run(counter.initializer)
        for _ in range(10):
            sess.run(increment)
    text = t.render()
    assert "== Run 2:" in text and "== Run 11:" in text and "== Run 5:" not in text
    assert "runs 3 to 10: the same sess.run call 8 more times" in text
    assert "      ... 0 more writes" not in text


def test_select_by_run_number_and_match():
    a = tf.Variable(1, name="alpha")
    b = tf.Variable(2, name="beta")
    with explain.trace() as t, tf.Session() as sess:
        sess.run(a.initializer)
        sess.run(b.initializer)
        sess.run(a.assign(5))
    assert [r.index for r in t.select(runs=[2])] == [2]
    assert [r.index for r in t.select(runs="1-2")] == [1, 2]
    assert [r.index for r in t.select(match="beta")] == [2]
    assert [r.index for r in t.select(match="ALPHA")] == [1, 3]


def test_summaries_of_large_tensors():
    big = np.arange(1000, dtype=np.float32).reshape(10, 100)
    text = explain.summarise(big)
    assert text.startswith("float32 array of shape (10, 100): mean 499.5, min 0.0, max 999.0")
    assert "first [0.0 1.0 2.0 3.0 4.0 ...]" in text
    assert explain.summarise(np.float32(1.0)) == "1.0"
    assert explain.summarise(np.int32(3)) == "3"
    assert explain.summarise(None) == "(no value)"
    assert explain.summarise(np.array([True, False])) == "[True False]"
    assert explain.summarise(np.array(b"hi", dtype=object)) == "'hi'"


def test_large_values_are_kept_as_summaries_only():
    w = tf.Variable(tf.zeros([200, 100]), name="w")
    with explain.trace() as t, tf.Session() as sess:
        sess.run(w.initializer)
    change = t.runs[0].changed["w"]
    assert change.after is None and "shape (200, 100)" in change.after_summary


def test_no_observer_outside_a_trace():
    v = tf.Variable(1.0)
    with explain.trace() as t:
        assert observe._global
    assert not observe._global
    with tf.Session() as sess:
        sess.run(v.initializer)
    assert t.runs == []


def test_json_trace_round_trips():
    v = tf.Variable(1.0, name="v")
    with explain.trace() as t, tf.Session() as sess:
        sess.run(v.initializer)
    data = json.loads(json.dumps(t.to_json()))
    assert data["format"] == "sessionflow-explain" and data["version"] == 1
    run = data["runs"][0]
    assert [s["name"] for s in run["executed"]] == ["v/Assign"]
    assert run["writes"][0]["variable"] == "v" and run["writes"][0]["after"]["value"] == 1.0
    assert run["changed"] == ["v"] and run["error"] is None


# --- RunOptions(trace_level=FULL_TRACE) fills RunMetadata.step_stats (runtime/observe.py) --------

def test_full_trace_fills_step_stats():
    v = tf.Variable(1.0, name="v")
    y = tf.multiply(v, 3.0, name="y")
    with tf.Session() as sess:
        sess.run(v.initializer)
        md = tf.RunMetadata()
        result = sess.run(y, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE), run_metadata=md)
        assert result == 3.0
        stats = md.step_stats.dev_stats
        assert len(stats) == 1 and stats[0].device == "/job:localhost/replica:0/task:0/device:CPU:0"
        names = [n.node_name for n in stats[0].node_stats]
        assert names == ["y"]
        node = stats[0].node_stats[0]
        assert node.timeline_label == "y = Mul(v/read, y/y)" and node.output == [()]
        assert node.all_end_rel_micros >= 1 and node.all_start_micros > 1_000_000_000_000_000  # epoch us
        plain = tf.RunMetadata()
        sess.run(y, run_metadata=plain)  # without FULL_TRACE nothing is recorded
        assert plain.step_stats.dev_stats == []
    assert not observe._global


# --- progress indicator ---------------------------------------------------------------------------

class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_is_silent_when_not_a_terminal():
    stream = io.StringIO()
    progress = Progress("working", stream=stream, delay=0)
    progress.update("1 run")
    progress.close()
    assert stream.getvalue() == ""


def test_progress_draws_and_erases_on_a_terminal():
    stream = _Terminal()
    progress = Progress("working", stream=stream, delay=0, interval=1000)
    progress.update("3 sess.run calls")
    progress.close()
    out = stream.getvalue()
    assert "working: 3 sess.run calls" in out and out.endswith("\r\x1b[K")


# --- the command --------------------------------------------------------------------------------

def test_cli_explain_options(tmp_path):
    script = _seed_script(tmp_path, "example2_counter.py")
    trace_file = tmp_path / "trace.json"
    proc = _cli("explain", "--run", "3", "--json", str(trace_file), str(script), cwd=tmp_path)
    assert "== Run 3:" in proc.stdout and "== Run 1:" not in proc.stdout
    assert "\r" not in proc.stdout + proc.stderr  # no progress indicator when not on a terminal
    data = json.loads(trace_file.read_text())
    assert [r["index"] for r in data["runs"]] == [3]
    assert data["runs"][0]["executed"][0]["type"] == "AssignAdd"
    matched = _cli("explain", "--match", "init_op", str(script), cwd=tmp_path).stdout
    assert re.findall(r"== Run (\d+):", matched) == ["1", "9"]


def test_cli_explain_passes_arguments_and_reports_script_errors(tmp_path):
    script = tmp_path / "fails.py"
    script.write_text("import sys\nimport tensorflow as tf\nprint('args', sys.argv[1:])\n"
                      "v = tf.Variable(1.0, name='v')\nwith tf.Session() as s:\n    s.run(v + 1)\n")
    proc = _cli("explain", str(script), "--flag", "x", cwd=tmp_path, check=False)
    assert proc.returncode == 1
    assert "args ['--flag', 'x']" in proc.stdout
    assert "FAILED" in proc.stdout and "failing op: v/read (Identity), made at fails.py:4" in proc.stdout
    assert "FailedPreconditionError" in proc.stderr


def test_cli_explain_missing_script():
    proc = _cli("explain", "no_such_script.py", check=False)
    assert proc.returncode != 0 and "no_such_script.py" in proc.stderr


def test_why_reinit_example():
    proc = subprocess.run([sys.executable, os.path.join(REPO_ROOT, "examples", "why_reinit.py")], cwd=REPO_ROOT,
                          env=_env(), capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "ops the second init executed: counter/Assign, random_normal/RandomStandardNormal" in out
    assert "counter: 2 -> 0, set by counter/Assign" in out
    assert "counter after init-once, increment, init-once: 1" in out
    assert "variables the second init-once changed: none" in out
