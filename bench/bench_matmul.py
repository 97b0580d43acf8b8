"""Times a 4096x4096 float32 matmul in sessionflow (through a Session) and, when `import tensorflow`
works in this interpreter, in TensorFlow 2.21's compat.v1 graph mode in the same run.

Prints the median of several runs for each and the ratio sessionflow / TF. Before measuring, the
script re-executes itself once with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from its own
environment (they can pin OpenBLAS to a slow kernel); it says so when it does. Run with

    PYTHONPATH=/path/to/repo /opt/tfvenv/bin/python bench/bench_matmul.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time

N = 4096
REPEATS = 7
_REEXEC_FLAG = "SESSIONFLOW_BENCH_REEXEC"
_BLAS_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def _reexec_without_blas_overrides() -> None:
    present = [v for v in _BLAS_VARS if v in os.environ]
    if present and not os.environ.get(_REEXEC_FLAG):
        env = {k: v for k, v in os.environ.items() if k not in _BLAS_VARS}
        env[_REEXEC_FLAG] = "1"
        print(f"note: re-executing without {', '.join(present)} for this benchmark process", flush=True)
        os.execve(sys.executable, [sys.executable, *sys.argv], env)


def _median_seconds(fn) -> float:
    fn()  # warm-up
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_sessionflow(a, b) -> float:
    import sessionflow as sf

    graph = sf.Graph()
    with graph.as_default():
        x = sf.constant(a)
        y = sf.constant(b)
        product = sf.matmul(x, y)
    with sf.Session(graph=graph) as sess:
        return _median_seconds(lambda: sess.run(product))


def bench_tensorflow(a, b) -> float | None:
    try:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        import tensorflow.compat.v1 as tf
    except ImportError:
        return None
    tf.disable_v2_behavior()
    graph = tf.Graph()
    with graph.as_default():
        product = tf.matmul(tf.constant(a), tf.constant(b))
    with tf.Session(graph=graph) as sess:
        return _median_seconds(lambda: sess.run(product))


def main() -> None:
    _reexec_without_blas_overrides()
    import numpy as np

    rng = np.random.default_rng(0)
    a = rng.standard_normal((N, N), dtype=np.float32)
    b = rng.standard_normal((N, N), dtype=np.float32)
    gflop = 2 * N ** 3 / 1e9
    sf_t = bench_sessionflow(a, b)
    print(f"sessionflow matmul {N}x{N} float32: median {sf_t * 1e3:.1f} ms ({gflop / sf_t:.0f} GFLOP/s)")
    tf_t = bench_tensorflow(a, b)
    if tf_t is None:
        print("tensorflow: not importable in this interpreter; no comparison")
        return
    print(f"tensorflow  matmul {N}x{N} float32: median {tf_t * 1e3:.1f} ms ({gflop / tf_t:.0f} GFLOP/s)")
    print(f"ratio sessionflow / tensorflow: {sf_t / tf_t:.2f}x")


if __name__ == "__main__":
    main()
