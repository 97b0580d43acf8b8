"""Recurrent-network benchmark: the char-LSTM language model, sessionflow beside TensorFlow.

    python bench/bench_rnn.py --tf-python /root/tfenv/bin/python
    python bench/bench_rnn.py --profile        # sessionflow's step under cProfile (top functions)

The model: characters (vocabulary 65) embedded in 128 dimensions, a MultiRNNCell of 2 LSTMCells of 128
units unrolled by dynamic_rnn over 50 steps, batch 32, a dense softmax layer, sparse softmax cross-entropy,
Adam. Two figures per library:

- graph construction: building that whole graph (placeholders to `minimize`) in a fresh tf.Graph;
- training step: one `sess.run(train_op, feed)` (after a warm-up), in wall time and in CPU time (the
  process's, all threads): on a shared machine other processes' load stretches the wall time of a
  one-thread interpreter more than that of TF's thread pool, and the CPU time shows the work itself.

Each library runs in its own subprocess (TensorFlow's compat.v1 in graph mode, with `--tf-python` or
SESSIONFLOW_BENCH_TF_PYTHON), alternating sf, TF, sf, TF, ...; each figure is the median over runs of the
median of a run. Targets (issue #13): step <= 2x TF's time, graph construction <= 0.5x TF's.

Where the step's time goes (cProfile, quiet moment of the shared 2-core machine): about half in the 303
matrix products (100 forward, 200 for the gradient: d inputs and d kernel of each, 3 for the dense
layer), none of them a recomputation: the loop's gradient reads the products and activations each
forward iteration saved (ops/loops.py). The rest is about 3,700 kernel calls' interpretation (the
forward body's 30 ops and the gradient body's 42, 50 times each) and the elementwise LSTM ops.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_train import _env, tensorflow_python

_MEASURE = r"""
import json, statistics, sys, time
import numpy as np
if sys.argv[1] == "tf":
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
else:
    import sessionflow as tf

VOCAB, EMBED, UNITS, STEPS, BATCH = 65, 128, 128, 50, 32

def build():
    tf.set_random_seed(0)
    inputs = tf.placeholder(tf.int32, [BATCH, STEPS])
    targets = tf.placeholder(tf.int32, [BATCH, STEPS])
    embedding = tf.get_variable("embedding", [VOCAB, EMBED])
    x = tf.nn.embedding_lookup(embedding, inputs)
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(UNITS) for _ in range(2)])
    outputs, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    logits = tf.layers.dense(tf.reshape(outputs, [-1, UNITS]), VOCAB)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.reshape(targets, [-1]),
                                                                         logits=logits))
    train = tf.train.AdamOptimizer(2e-3).minimize(loss)
    return inputs, targets, loss, train

builds = []
for _ in range(int(sys.argv[2])):
    graph = tf.Graph()
    with graph.as_default():
        start = time.perf_counter()
        inputs, targets, loss, train = build()
        builds.append((time.perf_counter() - start) * 1e3)
rng = np.random.RandomState(0)
feed = {inputs: rng.randint(0, VOCAB, (BATCH, STEPS)), targets: rng.randint(0, VOCAB, (BATCH, STEPS))}
with graph.as_default():
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for _ in range(3):
        sess.run(train, feed)
    if len(sys.argv) > 3:
        import cProfile, pstats
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(5):
            sess.run(train, feed)
        profile.disable()
        pstats.Stats(profile, stream=sys.stderr).sort_stats("tottime").print_stats(int(sys.argv[3]))
    steps, cpu = [], []
    for _ in range(int(sys.argv[2])):
        start, start_cpu = time.perf_counter(), time.process_time()
        sess.run(train, feed)
        steps.append((time.perf_counter() - start) * 1e3)
        cpu.append((time.process_time() - start_cpu) * 1e3)
    sess.close()
print(json.dumps({"build": statistics.median(builds), "step": statistics.median(steps),
                  "step_cpu": statistics.median(cpu)}))
"""

TARGETS = {"build": 0.5, "step": 2.0}


def measure(python: str, which: str, repeats: int, profile: int = 0) -> dict:
    args = [python, "-c", _MEASURE, which, str(repeats)] + ([str(profile)] if profile else [])
    env = dict(_env(), TF_USE_LEGACY_KERAS="1")  # TF 2.x's tf.nn.rnn_cell is tf_keras's legacy cells
    out = subprocess.run(args, capture_output=True, text=True, check=False, env=env)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    if profile:
        print(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tf-python", help="the Python that imports TensorFlow (or SESSIONFLOW_BENCH_TF_PYTHON)")
    parser.add_argument("--runs", type=int, default=3, help="subprocess runs per library (default 3)")
    parser.add_argument("--repeats", type=int, default=7, help="builds and steps timed per run (default 7)")
    parser.add_argument("--profile", type=int, nargs="?", const=30, default=0,
                        help="print sessionflow's cProfile of 5 steps (top N functions by own time) and stop")
    args = parser.parse_args()
    if args.profile:
        measure(sys.executable, "sf", 1, args.profile)
        return
    tf_python = tensorflow_python(args.tf_python)
    sf_runs, tf_runs = [], []
    for _ in range(args.runs):
        sf_runs.append(measure(sys.executable, "sf", args.repeats))
        if tf_python:
            tf_runs.append(measure(tf_python, "tf", args.repeats))
    print(f"char-LSTM (2 x LSTMCell(128), 50 steps, batch 32, Adam), median of {args.runs} runs, {os.cpu_count()} CPUs")
    print(f"{'':20} {'sessionflow':>12} {'TensorFlow':>12} {'sf/TF':>7} {'target':>8}")
    for key, label in (("build", "graph construction"), ("step", "training step"), ("step_cpu", "  its CPU time")):
        sf = statistics.median(r[key] for r in sf_runs)
        tf = statistics.median(r[key] for r in tf_runs) if tf_runs else None
        tf_text = f"{tf:.1f} ms" if tf else "-"
        ratio = f"{sf / tf:.2f}x" if tf else "-"
        target = f"<= {TARGETS[key]:g}x" if key in TARGETS else ""
        print(f"{label:20} {sf:>9.1f} ms {tf_text:>12} {ratio:>7} {target:>8}")


if __name__ == "__main__":
    main()
