"""TF1 programs that build and run one graph from several threads at once.

Each program takes the `tf` module (sessionflow, or TensorFlow's compat.v1 when recording) and
returns plain data. tools/record_thread_programs.py records what real TensorFlow returns into
goldens/threads.json; tests/core/test_thread_safety.py runs them on sessionflow and compares.
Threads are always joined with a timeout, so a program never hangs: a thread still running is
reported as "hung".
"""

from __future__ import annotations

import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from first_week.harness import registry  # noqa: E402

PROGRAMS, program = registry()

JOIN_TIMEOUT = 20.0


def error_record(error: BaseException) -> dict:
    """The class and the kernel's message: TF 2 wraps it ("Graph execution error: ... Node: 'x'\\n<message>"),
    sessionflow follows it with the node's name."""
    text = str(error)
    if text.startswith("Graph execution error:"):
        text = text.split("\n", 1)[1].lstrip("\n")
    if "\nNode: '" in text:
        text = text.split("\nNode: '", 1)[1].split("\n", 1)[1]
    return {"error": type(error).__name__, "message": text.split("\n", 1)[0]}


def in_threads(count: int, target) -> list:
    """Runs target(i) on `count` threads at once; returns what each raised (None if nothing)."""
    outcomes = [None] * count

    def guarded(i):
        try:
            target(i)
        except Exception as error:  # noqa: BLE001 - every failure is part of the result
            outcomes[i] = error_record(error)

    threads = [threading.Thread(target=guarded, args=(i,), daemon=True) for i in range(count)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + JOIN_TIMEOUT
    for i, t in enumerate(threads):
        t.join(max(0.0, deadline - time.monotonic()))
        if t.is_alive():
            outcomes[i] = "hung"
    return outcomes


def _hogwild(tf, use_resource):
    """4 threads each run 100 Momentum steps on a loss whose gradient is constant: every update is
    the same step of one sequence, so the result is exact whatever the interleaving, if each
    ApplyMomentum (var and accum) and each global-step increment is atomic."""
    graph = tf.Graph()
    with graph.as_default():
        w = tf.Variable([1.0, 2.0, -3.0], name="w", use_resource=use_resource)
        step = tf.Variable(0, dtype=tf.int64, trainable=False, name="step", use_resource=use_resource)
        loss = tf.reduce_sum(w * tf.constant([0.5, -1.0, 2.0]))
        optimizer = tf.train.MomentumOptimizer(0.01, momentum=0.9)
        train = optimizer.minimize(loss, global_step=step)
        accum = optimizer.get_slot(w, "momentum")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())

            def work(i):
                for _ in range(100):
                    sess.run(train)

            outcomes = in_threads(4, work)
            w_value, accum_value, steps = sess.run([w, accum, step])
    return {"outcomes": outcomes, "w": w_value, "momentum": accum_value, "global_step": steps}


@program
def hogwild_momentum_reference(tf):
    return _hogwild(tf, use_resource=False)


@program
def hogwild_momentum_resource(tf):
    return _hogwild(tf, use_resource=True)


@program
def building_scopes_are_per_thread(tf):
    """While one thread sits inside name_scope, control_dependencies and variable_scope blocks (and a
    gradient_override_map), another builds ops in the same graph."""
    graph = tf.Graph()
    with graph.as_default():
        gate = tf.constant(1.0, name="gate")
        inside, release = threading.Event(), threading.Event()
        held = {}

        def holder(_):
            with graph.as_default():
                with tf.name_scope("outer"), tf.control_dependencies([gate]), tf.variable_scope("vs"), \
                        graph.gradient_override_map({"Square": "Identity"}):
                    held["op"] = tf.square(tf.constant(2.0), name="held").name
                    held["variable"] = tf.get_variable("w", [1]).name
                    inside.set()
                    release.wait(JOIN_TIMEOUT)

        seen = {}

        def builder(_):
            inside.wait(JOIN_TIMEOUT)
            try:
                with graph.as_default():
                    x = tf.square(tf.constant(3.0), name="sq")
                    seen["op"] = x.name
                    seen["control_inputs"] = [c.name for c in x.op.control_inputs]
                    seen["variable_scope"] = tf.get_variable_scope().name
                    seen["variable"] = tf.get_variable("w", [1]).name
                    with tf.name_scope("outer") as scope:
                        seen["same_name_scope"] = scope
                    with tf.variable_scope("vs", reuse=True) as vs:  # the variables are the graph's
                        seen["same_variable_scope"] = [vs.name, tf.get_variable("w", [1]).name]
                    override = x.op.get_attr("_gradient_op_type")  # the map is the graph's, not the thread's
                    seen["gradient_op_type"] = override.decode() if isinstance(override, bytes) else override
            finally:
                release.set()

        outcomes = in_threads(2, lambda i: (holder if i == 0 else builder)(i))
    return {"outcomes": outcomes, "held": held, "seen": seen}


@program
def default_graph_is_per_thread(tf):
    """A graph made default in one thread is not the default of another; a new thread does not see
    the main thread's global default graph either, but one of its own."""
    main_default = tf.get_default_graph()
    graph = tf.Graph()
    inside, release = threading.Event(), threading.Event()
    seen = {}

    def holder(_):
        with graph.as_default():
            inside.set()
            release.wait(JOIN_TIMEOUT)
            seen["holder_sees_its_graph"] = tf.get_default_graph() is graph

    def other(_):
        inside.wait(JOIN_TIMEOUT)
        try:
            own = tf.get_default_graph()
            seen["other_sees_main_default"] = own is main_default
            seen["other_sees_held_graph"] = own is graph
            c = tf.constant(1.0, name="elsewhere")
            seen["op_in_held_graph"] = c.graph is graph
            seen["op_in_own_default"] = c.graph is own and tf.get_default_graph() is own
            seen["own_default_names"] = [op.name for op in own.get_operations()]
        finally:
            release.set()

    outcomes = in_threads(2, lambda i: (holder if i == 0 else other)(i))
    return {"outcomes": outcomes, **seen}


@program
def control_flow_trace_is_per_thread(tf):
    """While one thread is inside a tf.cond branch function and a tf.while_loop body, another thread
    creates ops at the top level: they stay top-level ops (in the GraphDef, usable as a variable's
    initial value, run without feeding the predicate). Recorded with TF's control flow v2, whose
    cond/while_loop sessionflow's are (functional If/While ops); TF 1's CondContext is shared by all
    threads instead."""
    graph = tf.Graph()
    with graph.as_default():
        c = tf.constant(2.0, name="c")
        pred = tf.placeholder(tf.bool, [], name="pred")
        results = {}
        for kind in ("cond", "while"):
            inside, release = threading.Event(), threading.Event()
            made = {}

            def pause():
                inside.set()
                release.wait(JOIN_TIMEOUT)

            def tracer(_, kind=kind):
                with graph.as_default():
                    if kind == "cond":
                        def branch():
                            pause()
                            return c * 10.0

                        made["result"] = tf.cond(pred, branch, lambda: c)
                    else:
                        def body(i, x):
                            pause()
                            return i + 1, x * 2.0

                        made["result"] = tf.while_loop(lambda i, x: i < 3, body, [tf.constant(0), c])[1]

            def builder(_, kind=kind):
                inside.wait(JOIN_TIMEOUT)
                try:
                    with graph.as_default():
                        made["x"] = tf.add(c, 1.0, name=f"x_{kind}")
                        made["v"] = tf.Variable(made["x"], name=f"v_{kind}")
                finally:
                    release.set()

            outcomes = in_threads(2, lambda i: (tracer if i == 0 else builder)(i))
            x = made["x"]
            nodes = [n.name for n in graph.as_graph_def().node]
            with tf.Session() as sess:
                sess.run(made["v"].initializer)
                results[kind] = {
                    "outcomes": outcomes, "x_inputs": [t.name for t in x.op.inputs],
                    "x_control_inputs": [o.name for o in x.op.control_inputs], "x_in_graph_def": x.op.name in nodes,
                    "x": sess.run(x), "v": sess.run(made["v"]),
                    "result": [sess.run(made["result"], {pred: True}), sess.run(made["result"], {pred: False})]}
    return results


@program
def close_cancels_a_running_loop(tf):
    """One thread runs a while_loop of 10**9 iterations (it bumps a counter on each); once the
    counter moves, the main thread closes the session. The run ends with TF's CancelledError; later
    runs, and callables made before the close, fail as TF's do."""
    graph = tf.Graph()
    with graph.as_default():
        counter = tf.Variable(0, name="counter")

        def body(i):
            with tf.control_dependencies([tf.assign_add(counter, 1)]):
                return i + 1

        loop = tf.while_loop(lambda i: i < 10 ** 9, body, [tf.constant(0)])
        small = tf.constant(1.0) + 1.0
        sess = tf.Session()
        sess.run(counter.initializer)
        callable_ = sess.make_callable(small)
        started = time.monotonic()
        moved = False

        def close_once_running(i):
            nonlocal moved
            if i == 0:
                sess.run(loop)
                return
            while time.monotonic() - started < JOIN_TIMEOUT and not moved:
                moved = sess.run(counter) > 0
                time.sleep(0.01)
            sess.close()

        outcomes = in_threads(2, close_once_running)
        after = {}
        for name, attempt in (("run", lambda: sess.run(small)), ("callable", callable_)):
            try:
                attempt()
                after[name] = "ran"
            except Exception as error:  # noqa: BLE001 - the failure is the result
                after[name] = error_record(error)
    return {"loop_was_running": moved, "outcomes": outcomes, "after_close": after}
