"""conv2d forward, sessionflow vs TensorFlow 2.21 (compat.v1), in the same run.

Input [64, 28, 28, 32], filter [3, 3, 32, 64], SAME, stride 1, float32, fed through a Session.
Prints the median of repeated runs for each and the ratio sessionflow / TF. TF is timed only when
`import tensorflow` works in this interpreter:

    PYTHONPATH=/work/main /opt/tfvenv/bin/python bench/bench_conv.py

OpenBLAS tuning variables (OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE) set in the environment can pin NumPy's
BLAS to a slow code path; when they are set, the bench re-executes itself once without them (for its
own process only) and says so.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

_OPENBLAS_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")

if any(v in os.environ for v in _OPENBLAS_VARS) and not os.environ.get("_BENCH_CONV_REEXEC"):
    removed = [v for v in _OPENBLAS_VARS if v in os.environ]
    env = {k: v for k, v in os.environ.items() if k not in _OPENBLAS_VARS}
    env["_BENCH_CONV_REEXEC"] = ", ".join(removed)
    os.execve(sys.executable, [sys.executable, *sys.argv], env)

import numpy as np

REPEATS = 15
SHAPE_X, SHAPE_F = (64, 28, 28, 32), (3, 3, 32, 64)


def _median_ms(fn) -> float:
    fn()
    fn()
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def _time(tf, x, f) -> tuple[float, np.ndarray]:
    graph = tf.Graph()
    with graph.as_default():
        xp = tf.placeholder(tf.float32, SHAPE_X)
        y = tf.nn.conv2d(xp, tf.constant(f), [1, 1, 1, 1], "SAME")
        with tf.Session(graph=graph) as sess:
            out = sess.run(y, {xp: x})
            return _median_ms(lambda: sess.run(y, {xp: x})), out


def main() -> None:
    if os.environ.get("_BENCH_CONV_REEXEC"):
        print(f"note: re-executed without {os.environ['_BENCH_CONV_REEXEC']} (this process only)")
    rng = np.random.default_rng(0)
    x = rng.standard_normal(SHAPE_X, dtype=np.float32)
    f = rng.standard_normal(SHAPE_F, dtype=np.float32)
    print(f"conv2d forward x{list(SHAPE_X)} filter{list(SHAPE_F)} SAME float32, median of {REPEATS}, "
          f"{os.cpu_count()} CPUs")
    # TF first: a sessionflow Session tunes glibc's malloc for the whole process (runtime/memory.py),
    # and TF should run as its users run it.
    tf_ms = tf_out = None
    try:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        import tensorflow.compat.v1 as tf
    except ImportError:
        print("tensorflow: not importable here, ratio skipped")
    else:
        tf.disable_v2_behavior()
        tf_ms, tf_out = _time(tf, x, f)
        print(f"tensorflow:  {tf_ms:8.2f} ms")
    import sessionflow as sf

    sf_ms, sf_out = _time(sf, x, f)
    print(f"sessionflow: {sf_ms:8.2f} ms")
    if tf_ms is not None:
        print(f"ratio sessionflow/tf: {sf_ms / tf_ms:.2f}x   max |diff| = {np.max(np.abs(sf_out - tf_out)):.2e}")


if __name__ == "__main__":
    main()
