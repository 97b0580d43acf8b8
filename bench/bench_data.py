"""tf.data benchmark: records per second through input pipelines iterated with `sess.run(next)`,
sessionflow beside TensorFlow.

    python bench/bench_data.py
    python bench/bench_data.py --tf-python /path/to/tf-venv/bin/python

- records: TFRecordDataset -> batch(256) over 100,000 serialized tf.train.Example records.
- parse: TFRecordDataset -> batch(256) -> map(parse_example: 16 floats + an int64 label).
- py_func: range -> map(py_func doing NumPy work on a 256x256 matrix, num_parallel_calls=N) -> batch(8),
  for N = 1 and 2: elements per second, and the CPU time the process used per second of wall time
  (about 2.0 when both cores work).

The records file is written once (by TensorFlow's writer when TF is available, else sessionflow's: the
files are the same bytes). Each library runs in its own subprocess, alternating (sf, TF, sf, TF, ...),
and each figure is the median over runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_train import tensorflow_python

_WRITE = r"""
import sys
import numpy as np
if sys.argv[1] == "tf":
    import tensorflow.compat.v1 as tf
else:
    import sessionflow as tf
rng = np.random.RandomState(0)
with tf.io.TFRecordWriter(sys.argv[2]) as w:
    for i in range(int(sys.argv[3])):
        ex = tf.train.Example(features=tf.train.Features(feature={
            "x": tf.train.Feature(float_list=tf.train.FloatList(value=rng.rand(16).tolist())),
            "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[i % 10]))}))
        w.write(ex.SerializeToString())
"""

_MEASURE = r"""
import json, os, statistics, sys, time
import numpy as np
if sys.argv[1] == "tf":
    import tensorflow.compat.v1 as tf
    tf.disable_eager_execution()
else:
    import sessionflow as tf
path, which = sys.argv[2], sys.argv[3].split(",")

def drain(nx, count):
    sess = tf.Session()
    start = time.perf_counter(); cpu = time.process_time(); n = 0
    try:
        while True:
            v = sess.run(nx)
            n += len(v[0] if isinstance(v, tuple) else v["label"] if isinstance(v, dict) else v)
    except tf.errors.OutOfRangeError:
        pass
    wall = time.perf_counter() - start
    used = time.process_time() - cpu
    sess.close()
    return n / wall, used / wall

def records():
    ds = tf.data.TFRecordDataset(path).batch(256)
    return tf.data.make_one_shot_iterator(ds).get_next()

def parse():
    spec = {"x": tf.FixedLenFeature([16], tf.float32), "label": tf.FixedLenFeature([], tf.int64)}
    ds = tf.data.TFRecordDataset(path).batch(256).map(lambda s: tf.parse_example(s, spec))
    return tf.data.make_one_shot_iterator(ds).get_next()

def heavy(i):
    m = np.random.RandomState(int(i)).rand(256, 256)
    for _ in range(4):
        m = np.tanh(m @ m / 256.0)
    return np.float64(m.sum())

def py_func(n):
    ds = tf.data.Dataset.range(96).map(lambda i: tf.py_func(heavy, [i], tf.float64), num_parallel_calls=n).batch(8)
    return tf.data.make_one_shot_iterator(ds).get_next()

results = {}
for name in which:
    graph = tf.Graph()
    with graph.as_default():
        if name == "records":
            results[name] = drain(records(), 0)
        elif name == "parse":
            results[name] = drain(parse(), 0)
        else:
            results[name] = drain(py_func(int(name[-1])), 0)
print(json.dumps(results))
"""

CASES = (("records", "TFRecordDataset -> batch(256)"), ("parse", "TFRecordDataset -> batch(256) -> parse_example"),
         ("pyfunc1", "map(py_func), num_parallel_calls=1"), ("pyfunc2", "map(py_func), num_parallel_calls=2"))


def _env():
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    env.update(TF_CPP_MIN_LOG_LEVEL="3", OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    return env


def run(python: str, *args) -> str:
    out = subprocess.run([python, "-c", *args], capture_output=True, text=True, check=False, env=_env())
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    return out.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tf-python", help="the Python that imports TensorFlow (or SESSIONFLOW_BENCH_TF_PYTHON)")
    parser.add_argument("--records", type=int, default=100_000, help="records in the file (default 100000)")
    parser.add_argument("--runs", type=int, default=3, help="subprocess runs per library (default 3)")
    parser.add_argument("--cases", default=",".join(c[0] for c in CASES), help="comma-separated subset")
    args = parser.parse_args()
    cases = args.cases.split(",")
    tf_python = tensorflow_python(args.tf_python)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.tfrecord")
        run(tf_python or sys.executable, _WRITE, "tf" if tf_python else "sf", path, str(args.records))
        sf_runs, tf_runs = [], []
        for _ in range(args.runs):
            sf_runs.append(json.loads(run(sys.executable, _MEASURE, "sf", path, ",".join(cases)).splitlines()[-1]))
            if tf_python:
                tf_runs.append(json.loads(run(tf_python, _MEASURE, "tf", path, ",".join(cases)).splitlines()[-1]))
    print(f"tf.data, sess.run(next) until OutOfRangeError, median of {args.runs} runs, {os.cpu_count()} CPUs")
    print(f"{'pipeline':48} {'sessionflow':>14} {'TensorFlow':>14} {'sf/TF':>6}   CPU/wall sf, TF")
    for key, label in CASES:
        if key not in cases:
            continue
        sf = statistics.median(r[key][0] for r in sf_runs)
        sf_cpu = statistics.median(r[key][1] for r in sf_runs)
        if tf_runs:
            tf = statistics.median(r[key][0] for r in tf_runs)
            tf_cpu = statistics.median(r[key][1] for r in tf_runs)
            print(f"{label:48} {sf:>10,.0f} /s {tf:>10,.0f} /s {sf / tf:>5.2f}x   {sf_cpu:.2f}, {tf_cpu:.2f}")
        else:
            print(f"{label:48} {sf:>10,.0f} /s {'-':>14} {'-':>6}   {sf_cpu:.2f}")


if __name__ == "__main__":
    main()
