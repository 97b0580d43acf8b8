"""Malformed TF 1.x control flow never hangs: mutated v1 loop graphs (an input rewired, an Enter moved to another
frame, a control-flow op turned into another) import with ValueError/TypeError or run to a value or a tf.errors
error naming an op; a loop that never ends stops at the run's deadline or when its session closes."""

import os
import threading
import time

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.framework import errors
from sessionflow.io.graph_def import parse_graph_def

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
with open(os.path.join(FIXTURES, "loops.pb"), "rb") as _f:
    LOOPS = _f.read()
FEEDS = {"x:0": np.array([0.5, -1.0, 2.0], np.float32), "n:0": 3, "p:0": True}
FETCHES = ["count:0", "total:0", "collected:0", "outer_sum:0", "in_cond:0"]
SWAPS = {"Enter": "Identity", "Exit": "Identity", "NextIteration": "Exit", "Merge": "Switch", "Switch": "Merge",
         "LoopCond": "Identity", "Identity": "NextIteration"}


def _mutate(graph_def, rng):
    nodes = list(graph_def.node)
    node = nodes[rng.randint(len(nodes))]
    kind = rng.randint(3)
    if kind == 0 and node.input:
        other = nodes[rng.randint(len(nodes))]
        node.input[rng.randint(len(node.input))] = other.name
    elif kind == 1:
        enters = [n for n in nodes if n.op == "Enter"]
        enters[rng.randint(len(enters))].attr["frame_name"].s = b"elsewhere"
    else:
        candidates = [n for n in nodes if n.op in SWAPS]
        target = candidates[rng.randint(len(candidates))]
        target.op = SWAPS[target.op]
    return graph_def


@pytest.mark.parametrize("seed", range(40))
def test_mutated_loops_never_hang(seed):
    rng = np.random.RandomState(seed)
    graph_def = parse_graph_def(LOOPS)
    for _ in range(1 + seed % 3):
        graph_def = _mutate(graph_def, rng)
    with tf.Graph().as_default():
        try:
            tf.import_graph_def(graph_def, name="")
        except (ValueError, TypeError, errors.NotFoundError):
            return
        start = time.monotonic()
        with tf.Session() as sess:
            for fetch in FETCHES:
                try:
                    sess.run(fetch, FEEDS, options=tf.RunOptions(timeout_in_ms=3000))
                except errors.OpError as e:
                    assert e.op is not None or isinstance(e, (errors.InvalidArgumentError,
                                                              errors.DeadlineExceededError)), e
                except (ValueError, TypeError) as e:
                    assert "Cannot feed" in str(e) or "may not be fed" in str(e), e
        assert time.monotonic() - start < 60


def test_an_endless_loop_stops_at_the_deadline_and_on_close():
    with tf.Graph().as_default():
        tf.import_graph_def(parse_graph_def(LOOPS), name="")
        feeds = dict(FEEDS, **{"n:0": 2**31 - 1})
        sess = tf.Session()
        with pytest.raises(errors.DeadlineExceededError):
            sess.run("count:0", feeds, options=tf.RunOptions(timeout_in_ms=300))
        threading.Timer(0.3, sess.close).start()
        with pytest.raises(errors.CancelledError):
            sess.run("count:0", feeds)
