"""First-run latency: the MLP program from a fresh interpreter to the end of its first training step.

    python bench/bench_latency.py --tf-python /root/tfenv/bin/python

The program is bench_xla.py's MLP (784-256-10, ReLU, sparse softmax cross-entropy, Adam, batch 128):
build the graph, take the gradients (minimize), run the initializer, run one training step. Each engine
runs it in a fresh subprocess: sessionflow with its default backend (SESSIONFLOW_BACKEND removed from
the environment: "auto" where JAX is installed, so the first steps run on NumPy and nothing compiles on
the critical path) and TensorFlow 2.21 (compat.v1, graph mode). Figures: "program" is from after the
imports to the end of the first step, "import" the `import` itself, "process" the subprocess's whole
wall time (interpreter start and exit included); medians over `--rounds` rounds, engines in turns.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

_PROGRAM = r"""
import json, os, sys, time
t0 = time.perf_counter()
import numpy as np
if sys.argv[1] == "tf":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
else:
    import sessionflow as tf
t1 = time.perf_counter()
rng = np.random.RandomState(0)
xs = rng.rand(128, 784).astype(np.float32); ys = rng.randint(0, 10, 128).astype(np.int64)
x = tf.placeholder(tf.float32, [None, 784]); y = tf.placeholder(tf.int64, [None])
w1 = tf.Variable(rng.randn(784, 256).astype(np.float32) * 0.05); b1 = tf.Variable(np.zeros(256, np.float32))
w2 = tf.Variable(rng.randn(256, 10).astype(np.float32) * 0.05); b2 = tf.Variable(np.zeros(10, np.float32))
logits = tf.matmul(tf.nn.relu(tf.matmul(x, w1) + b1), w2) + b2
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
train = tf.train.AdamOptimizer(1e-3).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
sess.run(train, {x: xs, y: ys})
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "program": t2 - t1}))
sys.stdout.flush()
os._exit(0)
"""

ENGINES = ("sessionflow", "tf")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tf-python", default=os.environ.get("SESSIONFLOW_BENCH_TF_PYTHON"))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {k: v for k, v in os.environ.items() if k != "SESSIONFLOW_BACKEND"}
    env["PYTHONPATH"] = here + os.pathsep + env.get("PYTHONPATH", "")
    engines = [e for e in ENGINES if e != "tf" or args.tf_python]
    figures = {e: {"import": [], "program": [], "process": []} for e in engines}
    for _ in range(args.rounds):
        for engine in engines:
            python = args.tf_python if engine == "tf" else sys.executable
            start = time.perf_counter()
            done = subprocess.run([python, "-c", _PROGRAM, engine], env=env, capture_output=True, text=True, check=False)
            wall = time.perf_counter() - start
            if done.returncode != 0:
                print(f"{engine}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
                continue
            for name, seconds in json.loads(done.stdout.strip().splitlines()[-1]).items():
                figures[engine][name].append(seconds)
            figures[engine]["process"].append(wall)
    print(f"MLP program to the end of its first training step, median of {args.rounds} rounds, {os.cpu_count()} CPUs")
    print(f"{'engine':<12}{'import':>10}{'program':>10}{'process':>10}")
    med = {e: {k: statistics.median(v) if v else None for k, v in f.items()} for e, f in figures.items()}
    for engine in engines:
        print(f"{engine:<12}" + "".join(f"{med[engine][k]:>9.2f}s" if med[engine][k] is not None else f"{'-':>10}"
                                        for k in ("import", "program", "process")))
    if "tf" in med and all(med[e]["program"] for e in engines):
        print("sessionflow / TF:" + "".join(f"  {k} {med['sessionflow'][k] / med['tf'][k]:.2f}x"
                                           for k in ("import", "program", "process")) + "   (target: program <= 0.5x)")


if __name__ == "__main__":
    main()
