"""Core-engine benchmark: import time, per-op graph construction, and a trivial `sess.run`.

Runs sessionflow and, when `import tensorflow` works in this interpreter, TensorFlow (compat.v1,
graph mode) side by side, and prints medians and the ratio TF / sessionflow.

    python bench/bench_core.py                      # sessionflow only
    PYTHONPATH=. /path/to/tf-venv/bin/python bench/bench_core.py   # side by side

Each measurement runs in a fresh subprocess so that import time is a cold(ish) import and the two
libraries never share a process. Times are medians of several repeats; the machines are noisy.
Subprocesses may write bytecode caches (PYTHONDONTWRITEBYTECODE is dropped for them), and a warm-up
run comes first, so import time is that of an installed package, not of compiling its sources.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys

REPEATS = 7

_MEASURE = r"""
import json, statistics, sys, time
t0 = time.perf_counter()
if sys.argv[1] == "tf":
    import os
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
else:
    import sessionflow as tf
import_s = time.perf_counter() - t0

def median_us(fn, n, repeats=5):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(n)
        times.append((time.perf_counter() - start) / n * 1e6)
    return statistics.median(times)

graph = tf.Graph()
with graph.as_default():
    a = tf.constant(1.0)
    def build(n):
        for _ in range(n):
            a + a
    build_us = median_us(build, 2000)
    v = tf.Variable(0.0)
    inc = v.assign_add(1.0)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    def run(n):
        for _ in range(n):
            sess.run(inc)
    run(2000)
    run_us = median_us(run, 5000)
print(json.dumps({"import_s": import_s, "build_us": build_us, "run_us": run_us}))
"""


def measure(which: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    subprocess.run([sys.executable, "-c", _MEASURE, which], capture_output=True, env=env, check=True)
    results = []
    for _ in range(REPEATS if which == "sf" else 3):
        out = subprocess.run([sys.executable, "-c", _MEASURE, which], capture_output=True, text=True, check=True,
                             env=env)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {key: statistics.median(r[key] for r in results) for key in results[0]}


def tensorflow_available() -> bool:
    probe = subprocess.run([sys.executable, "-c", "import tensorflow"], capture_output=True,
                           env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"))
    return probe.returncode == 0


def main():
    sf = measure("sf")
    tf = measure("tf") if tensorflow_available() else None
    rows = [("import", "import_s", "s", 0.3), ("build one op (a + a)", "build_us", "us", 20.0),
            ("sess.run(v.assign_add(1.0))", "run_us", "us", 15.0)]
    print(f"{'measure':32} {'sessionflow':>12} {'TensorFlow':>12} {'TF/sf':>7} {'target':>8}")
    for label, key, unit, target in rows:
        tf_value = f"{tf[key]:.3g} {unit}" if tf else "-"
        ratio = f"{tf[key] / sf[key]:.1f}x" if tf else "-"
        print(f"{label:32} {sf[key]:>9.3g} {unit:2} {tf_value:>12} {ratio:>7} {f'< {target:g} {unit}':>8}")


if __name__ == "__main__":
    main()
