"""Training-step benchmark: one `sess.run(train_op, feed)` of four models, sessionflow beside TensorFlow.

    python bench/bench_train.py                                  # quiet machine
    python bench/bench_train.py --loaded                         # two CPU burners run throughout
    python bench/bench_train.py --tf-python /path/to/tf-venv/bin/python
    python bench/bench_train.py --backends numpy,xla                  # a column per sessionflow backend

- mlp: 784-256-10, ReLU, softmax cross-entropy, Adam, batch 128 (random data).
- cnn: 28x28x1 -> conv 3x3x32 SAME + ReLU -> max-pool 2x2 -> dense 128 -> 10, Adam, batch 64.
- cnn2: 28x28x1 -> conv 3x3x16 + pool -> conv 3x3x32 + pool -> dense 128 -> 10, Adam, batch 32.
- dense200: 200 dense ReLU layers of width 32, then 10 logits, Adam, batch 32 (per-op overhead).

Three more CNNs in the shape of TF1 tutorials' models run when `--models` names them (`--models all`:
every model): lenet (LeNet-5: 32x32x1 -> conv 5x5x6 VALID + pool -> conv 5x5x16 VALID + pool -> dense
120 -> 84 -> 10, batch 64), mnist_deep (TF's "Deep MNIST": conv 5x5x32 + pool -> conv 5x5x64 + pool ->
dense 1024 -> 10, batch 50) and rgb (32x32x3 -> conv 3x3x32 + pool -> conv 3x3x64 + pool -> 10, batch 64).
They have no target; they show where convolution-heavy training stands.

Each library runs in its own subprocess: sessionflow with this interpreter, TensorFlow (compat.v1,
graph mode) with `--tf-python` or SESSIONFLOW_BENCH_TF_PYTHON, else this interpreter when it can
import tensorflow. sessionflow runs once per backend of `--backends` (numpy, and where JAX is installed
xla: every plan compiled, the first compile inside the warm-up; and auto, the default backend: measured
once it has settled where the plan runs). They alternate (numpy, xla, auto, TF, numpy, ...) so that all
see the same machine, and
each figure is the median over runs of the median step time of a run (after a second of warm-up steps). With
`--loaded` (or SESSIONFLOW_BENCH_LOADED=1), `--burners` processes (default 2) spin on the CPU for the
whole measurement, as other work on a shared machine does. OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (set
on some of our machines, they slow NumPy's BLAS) are removed for the subprocesses, and the script
says so; no other variable is set for sessionflow.
"""

from __future__ import annotations

import argparse
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
    from sessionflow.runtime.backends import xla_select
    xla_select.set_backend(sys.argv[1])

def mlp():
    x = tf.placeholder(tf.float32, [None, 784]); y = tf.placeholder(tf.int64, [None])
    w1 = tf.get_variable("w1", [784, 256]); b1 = tf.get_variable("b1", [256], initializer=tf.zeros_initializer())
    w2 = tf.get_variable("w2", [256, 10]); b2 = tf.get_variable("b2", [10], initializer=tf.zeros_initializer())
    logits = tf.matmul(tf.nn.relu(tf.matmul(x, w1) + b1), w2) + b2
    return x, y, logits, (128, 784)

def conv(h, name, cin, cout, size=3, padding="SAME"):
    k = tf.get_variable(name, [size, size, cin, cout])
    kb = tf.get_variable(name + "b", [cout], initializer=tf.zeros_initializer())
    h = tf.nn.relu(tf.nn.conv2d(h, k, [1, 1, 1, 1], padding) + kb)
    return tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], padding)

def cnn():
    x = tf.placeholder(tf.float32, [None, 28, 28, 1]); y = tf.placeholder(tf.int64, [None])
    flat = tf.reshape(conv(x, "k", 1, 32), [-1, 14 * 14 * 32])
    w1 = tf.get_variable("w1", [14 * 14 * 32, 128]); w2 = tf.get_variable("w2", [128, 10])
    return x, y, tf.matmul(tf.nn.relu(tf.matmul(flat, w1)), w2), (64, 28, 28, 1)

def cnn2():
    x = tf.placeholder(tf.float32, [None, 28, 28, 1]); y = tf.placeholder(tf.int64, [None])
    flat = tf.reshape(conv(conv(x, "k1", 1, 16), "k2", 16, 32), [-1, 7 * 7 * 32])
    w1 = tf.get_variable("w1", [7 * 7 * 32, 128]); w2 = tf.get_variable("w2", [128, 10])
    return x, y, tf.matmul(tf.nn.relu(tf.matmul(flat, w1)), w2), (32, 28, 28, 1)

def dense200():
    x = tf.placeholder(tf.float32, [None, 32]); y = tf.placeholder(tf.int64, [None])
    h = x
    for i in range(200):
        w = tf.get_variable("w%d" % i, [32, 32], initializer=tf.random_normal_initializer(stddev=32 ** -0.5))
        b = tf.get_variable("b%d" % i, [32], initializer=tf.zeros_initializer())
        h = tf.nn.relu(tf.matmul(h, w) + b)
    return x, y, tf.matmul(h, tf.get_variable("out", [32, 10])), (32, 32)

def dense(h, name, n_in, n_out):
    return tf.matmul(h, tf.get_variable(name, [n_in, n_out])) + tf.get_variable(name + "b", [n_out], initializer=tf.zeros_initializer())

def lenet():
    x = tf.placeholder(tf.float32, [None, 32, 32, 1]); y = tf.placeholder(tf.int64, [None])
    h = tf.reshape(conv(conv(x, "k1", 1, 6, 5, "VALID"), "k2", 6, 16, 5, "VALID"), [-1, 400])
    h = tf.nn.relu(dense(tf.nn.relu(dense(h, "d1", 400, 120)), "d2", 120, 84))
    return x, y, dense(h, "d3", 84, 10), (64, 32, 32, 1)

def mnist_deep():
    x = tf.placeholder(tf.float32, [None, 28, 28, 1]); y = tf.placeholder(tf.int64, [None])
    h = tf.reshape(conv(conv(x, "k1", 1, 32, 5), "k2", 32, 64, 5), [-1, 7 * 7 * 64])
    return x, y, dense(tf.nn.relu(dense(h, "d1", 7 * 7 * 64, 1024)), "d2", 1024, 10), (50, 28, 28, 1)

def rgb():
    x = tf.placeholder(tf.float32, [None, 32, 32, 3]); y = tf.placeholder(tf.int64, [None])
    h = conv(conv(x, "k1", 3, 32), "k2", 32, 64)
    return x, y, dense(tf.reshape(h, [-1, 8 * 8 * 64]), "d1", 8 * 8 * 64, 10), (64, 32, 32, 3)

results = {}
for name in sys.argv[2].split(","):
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(0)
        x, y, logits, x_shape = globals()[name]()
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        train = tf.train.AdamOptimizer(1e-3).minimize(loss)
        rng = np.random.RandomState(0)
        feed = {x: rng.rand(*x_shape).astype(np.float32), y: rng.randint(0, 10, x_shape[0])}
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(train, feed)
        if sys.argv[1] == "auto":  # the default backend: run until it is decided where the plan runs
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                e = sess._executable((train,), feed)
                if e.reason is not None or (e.backend == "xla" and not e._trials):
                    break
                sess.run(train, feed)
        warm_until = time.perf_counter() + 1.0  # a second of steps where the plan runs for good, the same
        while time.perf_counter() < warm_until:  # for every library, before anything is timed
            sess.run(train, feed)
        start = time.perf_counter()
        for _ in range(5):
            sess.run(train, feed)
        n = max(2, int(0.25 / ((time.perf_counter() - start) / 5)))  # about 0.25 s per timing
        times = []
        for _ in range(7):
            start = time.perf_counter()
            for _ in range(n):
                sess.run(train, feed)
            times.append((time.perf_counter() - start) / n * 1e3)
        results[name] = statistics.median(times)
        sess.close()
print(json.dumps(results))
"""

MODELS = (("mlp", "MLP 784-256-10, batch 128", 1.3), ("cnn", "CNN conv3x3x32, batch 64", 1.0),
          ("cnn2", "CNN 2x conv3x3, dense 128, batch 32", 1.0), ("dense200", "200 dense layers of 32, batch 32", 1.5))
EXTRA_MODELS = (("lenet", "LeNet-5, batch 64", None), ("mnist_deep", "Deep MNIST (5x5 convs), batch 50", None),
                ("rgb", "RGB CNN 3x3 convs 32/64, batch 64", None))
_REMOVED = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def _env():
    env = {k: v for k, v in os.environ.items() if k not in _REMOVED}
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    return env


def measure(python: str, which: str, models: list[str]) -> dict:
    out = subprocess.run([python, "-c", _MEASURE, which, ",".join(models)], capture_output=True, text=True, check=False,
                         env=_env())
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def tensorflow_python(requested: str | None) -> str | None:
    """The interpreter that runs TensorFlow: the one asked for, else this one if it imports TF."""
    for python in (requested, os.environ.get("SESSIONFLOW_BENCH_TF_PYTHON"), sys.executable):
        if not python:
            continue
        try:
            if subprocess.run([python, "-c", "import tensorflow"], capture_output=True, check=False,
                              env=_env()).returncode == 0:
                return python
        except OSError as e:  # no such interpreter, or not executable
            print(f"note: cannot run {python}: {e.strerror}")
            continue
        if python != sys.executable:
            print(f"note: {python} cannot import tensorflow")
    return None


class Burners:
    """`count` processes that spin on the CPU until the block ends."""

    def __init__(self, count: int):
        self.count = count
        self.procs: list = []

    def __enter__(self):
        self.procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(self.count)]
        return self

    def __exit__(self, *exc):
        for proc in self.procs:
            proc.kill()
            proc.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loaded", action="store_true", default=os.environ.get("SESSIONFLOW_BENCH_LOADED") == "1",
                        help="run CPU burners during the measurements (also SESSIONFLOW_BENCH_LOADED=1)")
    parser.add_argument("--burners", type=int, default=2, help="how many burners --loaded runs (default 2)")
    parser.add_argument("--tf-python", help="the Python that imports TensorFlow (or SESSIONFLOW_BENCH_TF_PYTHON)")
    parser.add_argument("--models", default=",".join(m[0] for m in MODELS),
                        help="comma-separated, of " + ", ".join(m[0] for m in MODELS + EXTRA_MODELS) + "; or all")
    parser.add_argument("--runs", type=int, default=3, help="subprocess runs per library (default 3)")
    parser.add_argument("--backends", default=None,
                        help="sessionflow backends, comma-separated (default: numpy, and xla when JAX is installed)")
    args = parser.parse_args()
    known = [m[0] for m in MODELS + EXTRA_MODELS]
    models = known if args.models == "all" else args.models.split(",")
    if set(models) - set(known):
        parser.error(f"unknown models: {', '.join(sorted(set(models) - set(known)))} (known: {', '.join(known)})")
    backends = args.backends.split(",") if args.backends else ["numpy"] + (["xla", "auto"] if _has_jax() else [])
    if any(k in os.environ for k in _REMOVED):
        print("note: OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE removed for the benchmark processes")
    tf_python = tensorflow_python(args.tf_python)
    burners = args.burners if args.loaded else 0
    sf_runs = {b: [] for b in backends}
    tf_runs = []
    with Burners(burners):
        for _ in range(args.runs):
            for backend in backends:
                sf_runs[backend].append(measure(sys.executable, backend, models))
            if tf_python:
                tf_runs.append(measure(tf_python, "tf", models))
    sf = {b: {k: statistics.median(r[k] for r in runs) for k in models} for b, runs in sf_runs.items()}
    tf = {k: statistics.median(r[k] for r in tf_runs) for k in models} if tf_runs else None
    load = f"{burners} CPU burners running" if burners else "no burners"
    print(f"training step, median of {args.runs} runs, {os.cpu_count()} CPUs, {load}")
    head = "".join(f" {'sf ' + b:>12}" for b in backends) + "".join(f" {b + '/TF':>9}" for b in backends)
    print(f"{'model':36}{head} {'TensorFlow':>12} {'target':>7}")
    for key, label, target in MODELS + EXTRA_MODELS:
        if key not in models:
            continue
        times = "".join(f" {sf[b][key]:>9.2f} ms" for b in backends)
        ratios = "".join(f" {sf[b][key] / tf[key]:>8.2f}x" if tf else f" {'-':>9}" for b in backends)
        tf_value = f"{tf[key]:.2f} ms" if tf else "-"
        print(f"{label:36}{times}{ratios} {tf_value:>12} {f'<= {target:g}x' if target else '-':>7}")


def _has_jax() -> bool:
    return subprocess.run([sys.executable, "-c", "import jax"], capture_output=True, check=False).returncode == 0


if __name__ == "__main__":
    main()
