"""Training-step benchmark: one `sess.run(train_op, feed)` of an MLP and of a small CNN.

    python bench/bench_train.py                                    # sessionflow only
    PYTHONPATH=. /path/to/tf-venv/bin/python bench/bench_train.py  # side by side with TensorFlow

- MLP: 784-256-10, ReLU, softmax cross-entropy, Adam, batch 128 (random data).
- CNN: 28x28x1 -> conv 3x3x32 SAME + ReLU -> max-pool 2x2 -> dense 128 -> 10, Adam, batch 64.

Each library runs in its own subprocess (TensorFlow compat.v1 in graph mode when importable); the
figures are medians over repeated timings after a warm-up. OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE
(set on some of our machines, they slow NumPy's BLAS) are removed for the subprocesses, and the
script says so.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys

_MEASURE = r"""
import json, statistics, sys, time
import numpy as np
if sys.argv[1] == "tf":
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
else:
    import sessionflow as tf

def mlp():
    x = tf.placeholder(tf.float32, [None, 784]); y = tf.placeholder(tf.int64, [None])
    w1 = tf.get_variable("w1", [784, 256]); b1 = tf.get_variable("b1", [256], initializer=tf.zeros_initializer())
    w2 = tf.get_variable("w2", [256, 10]); b2 = tf.get_variable("b2", [10], initializer=tf.zeros_initializer())
    logits = tf.matmul(tf.nn.relu(tf.matmul(x, w1) + b1), w2) + b2
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    rng = np.random.RandomState(0)
    return x, y, tf.train.AdamOptimizer(1e-3).minimize(loss), rng.rand(128, 784).astype(np.float32), \
        rng.randint(0, 10, 128)

def cnn():
    x = tf.placeholder(tf.float32, [None, 28, 28, 1]); y = tf.placeholder(tf.int64, [None])
    k = tf.get_variable("k", [3, 3, 1, 32]); kb = tf.get_variable("kb", [32], initializer=tf.zeros_initializer())
    h = tf.nn.max_pool(tf.nn.relu(tf.nn.conv2d(x, k, [1, 1, 1, 1], "SAME") + kb), [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    flat = tf.reshape(h, [-1, 14 * 14 * 32])
    w1 = tf.get_variable("w1", [14 * 14 * 32, 128]); w2 = tf.get_variable("w2", [128, 10])
    logits = tf.matmul(tf.nn.relu(tf.matmul(flat, w1)), w2)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    rng = np.random.RandomState(0)
    return x, y, tf.train.AdamOptimizer(1e-3).minimize(loss), rng.rand(64, 28, 28, 1).astype(np.float32), \
        rng.randint(0, 10, 64)

results = {}
for name, build, n in (("mlp", mlp, 200), ("cnn", cnn, 20)):
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(0)
        x, y, train, xs, ys = build()
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        feed = {x: xs, y: ys}
        for _ in range(5):
            sess.run(train, feed)
        times = []
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(n):
                sess.run(train, feed)
            times.append((time.perf_counter() - start) / n * 1e3)
        results[name] = statistics.median(times)
        sess.close()
print(json.dumps(results))
"""


def _env():
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    return env


def measure(which: str) -> dict:
    out = subprocess.run([sys.executable, "-c", _MEASURE, which], capture_output=True, text=True, env=_env())
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def tensorflow_available() -> bool:
    probe = subprocess.run([sys.executable, "-c", "import tensorflow"], capture_output=True, env=_env())
    return probe.returncode == 0


def main():
    if any(k in os.environ for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")):
        print("note: OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE removed for the benchmark processes")
    runs = [measure("sf") for _ in range(3)]
    sf = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    tf = None
    if tensorflow_available():
        tf_runs = [measure("tf") for _ in range(3)]
        tf = {k: statistics.median(r[k] for r in tf_runs) for k in tf_runs[0]}
    print(f"{'training step':36} {'sessionflow':>12} {'TensorFlow':>12} {'sf/TF':>7}")
    for key, label in (("mlp", "MLP 784-256-10, batch 128, Adam"), ("cnn", "CNN conv3x3x32+pool+dense, batch 64")):
        tf_value = f"{tf[key]:.3f} ms" if tf else "-"
        ratio = f"{sf[key] / tf[key]:.2f}x" if tf else "-"
        print(f"{label:36} {sf[key]:>9.3f} ms {tf_value:>12} {ratio:>7}")


if __name__ == "__main__":
    main()
