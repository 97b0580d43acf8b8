"""Frozen-graph benchmark: a CNN frozen by TF 1.x whose batch norm and dropout sit under v1 conds (Switch/Merge,
tests/v1_control_flow/fixtures/cnn_cond_frozen.pb), imported and run at batch 64 in inference mode, so it runs
on the dataflow executor (runtime/dataflow.py). Prints the median time of one `sess.run` for sessionflow and, when
TF's interpreter is given, TensorFlow in the same run, and their ratio.

    python bench/bench_frozen.py                                  # sessionflow only
    python bench/bench_frozen.py /root/tfenv/bin/python           # beside TensorFlow (never imported here)

Each library runs in its own subprocess; the machine is shared, so read ratios, not absolute times.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
GRAPH = os.path.join(ROOT, "tests", "v1_control_flow", "fixtures", "cnn_cond_frozen.pb")

_MEASURE = r"""
import json, statistics, sys, time
import numpy as np
if sys.argv[1] == "tf":
    import tensorflow.compat.v1 as tf
    tf.disable_eager_execution()
else:
    import sessionflow as tf
graph_def = tf.GraphDef()
with open(sys.argv[2], "rb") as f:
    graph_def.ParseFromString(f.read())
with tf.Graph().as_default():
    tf.import_graph_def(graph_def, name="")
    sess = tf.Session()
    feeds = {"x:0": np.random.RandomState(0).randn(64, 8, 8, 2).astype(np.float32)}
    for _ in range(20):
        sess.run("probs:0", feeds)
    times = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(50):
            sess.run("probs:0", feeds)
        times.append((time.perf_counter() - start) / 50 * 1e6)
print(json.dumps({"run_us": statistics.median(times)}))
"""


def measure(python: str, which: str) -> float:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=ROOT)
    out = subprocess.run([python, "-c", _MEASURE, which, GRAPH], capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])["run_us"]


def main():
    sf = measure(sys.executable, "sf")
    print(f"frozen CNN with v1 conds, batch 64, one sess.run:  sessionflow {sf:8.1f} us", end="")
    if len(sys.argv) > 1:
        tf_us = measure(sys.argv[1], "tf")
        print(f"   TensorFlow {tf_us:8.1f} us   sessionflow/TF {sf / tf_us:5.2f}x (target <= 1.5x)")
    else:
        print()


if __name__ == "__main__":
    main()
