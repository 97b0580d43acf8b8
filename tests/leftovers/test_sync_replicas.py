"""tf.train.SyncReplicasOptimizer (sessionflow/train/sync_replicas.py): TF's graph, errors and, in one process,
TF's training values step for step (tests/leftovers/goldens.json, from tools/record_leftovers.py)."""

import functools
import json
import os
import sys
import threading

import numpy as np
import pytest

import sessionflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import sync_replicas_programs as programs

# As in TF, the chief's queue runner thread ends with CancelledError (its take_grad waits) when the session closes.
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")



@pytest.fixture(autouse=True)
def _chief_threads_end():
    """Waits (briefly) for the chief's queue-runner threads a closed session cancelled, so none outlives its test."""
    yield
    for thread in threading.enumerate():
        if thread.name.startswith("QueueRunnerThread"):
            thread.join(timeout=10)


with open(os.path.join(HERE, "goldens.json")) as _f:
    RECORDED = {k.split(".", 1)[1]: v for k, v in json.load(_f).items() if k.startswith("sync_replicas.")}


@pytest.mark.parametrize("part", ["accumulators", "before_apply", "chief_init_op", "errors", "hook_before_apply",
                                  "init_tokens", "local_step_init_op", "local_variables", "no_tokens", "ops",
                                  "queue_runner", "ready_for_local_init_op", "slots", "train_op"])
def test_graph_is_tensorflows(part):
    assert _graph()[part] == RECORDED["graph"][part]


def close(got, want, path="result"):
    """Nested results equal, floats to 1e-6 relative (the XLA backend rounds fused arithmetic its own way)."""
    if isinstance(want, float):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7, err_msg=path)
    elif isinstance(want, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(want), path
        for key in want:
            close(got[key], want[key], f"{path}.{key}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), path
        for i, (g, w) in enumerate(zip(got, want)):
            close(g, w, f"{path}[{i}]")
    else:
        assert got == want, path


@functools.cache
def _graph():
    return programs.graph(tf)


def test_one_worker_trains_as_tensorflow_step_for_step():
    close(programs.one_worker(tf), RECORDED["one_worker"])


def test_sparse_gradients_go_through_a_sparse_accumulator_as_in_tensorflow():
    close(programs.sparse_one_worker(tf), RECORDED["sparse_one_worker"])


def test_two_worker_threads_average_into_tensorflows_updates():
    result = programs.two_workers(tf)
    trajectory = RECORDED["two_workers"]["trajectory"]
    close(result["trajectory"], trajectory)
    step = result["final"][0]
    assert programs.TARGET <= step <= programs.TARGET + 1  # the other worker may add one more update
    close(result["final"], trajectory[step])
    tf_step = RECORDED["two_workers"]["final"][0]
    assert RECORDED["two_workers"]["final"] == trajectory[tf_step]
