"""tf.py_func and the GIL: does a NumPy-heavy py_func let other threads work while it runs, and do two
threads running it use two cores? Sessionflow only (no TF side: the question is about sessionflow's executor).

1. GIL: thread B ticks in a Python loop while thread A runs a py_func through Session.run. The longest pause
   between B's ticks shows whether A held the GIL for the whole call (a NumPy sort releases it; sorting a
   Python list, the control case, never does).
2. Cores: the same NumPy-heavy py_func run 16 times from one thread, then from two; CPU seconds per wall
   second is the number of cores busy (on a machine with two free cores, about 1 and about 2).
3. tf.data: `Dataset.range(16).map(py_func, num_parallel_calls=N)` iterated to its end with N = 1 and N = 2,
   the same measure (the issue's "a map with num_parallel_calls=2 over a NumPy-heavy py_func uses both cores").

    PYTHONPATH=/work/main python bench/bench_py_func.py
"""

from __future__ import annotations

import os
import threading
import time

import numpy as np

import sessionflow as tf

DATA = np.random.default_rng(0).standard_normal(8_000_000)
AS_LIST = DATA[:1_500_000].tolist()


def numpy_heavy(x):
    return np.float64(np.sort(DATA + x)[0])


def gil_holding(x):
    return np.float64(sorted(AS_LIST)[0])  # sorted() of a list holds the GIL throughout


def gil_check(sess, x, y, label):
    sess.run(y, {x: 0.0})
    ticks, done = [], threading.Event()

    def ticker():
        while not done.is_set():
            ticks.append(time.perf_counter())

    other = threading.Thread(target=ticker)
    other.start()
    time.sleep(0.05)
    start = time.perf_counter()
    sess.run(y, {x: 1.0})
    call = time.perf_counter() - start
    done.set()
    other.join()
    print(f"{label}: call {call * 1000:.0f} ms; the other thread's longest pause {np.diff(ticks).max() * 1000:.1f} ms")


def cores_check(sess, x, y, calls=16):
    def run(count):
        for k in range(count):
            sess.run(y, {x: float(k)})

    for threads in (1, 2):
        cpu, wall = time.process_time(), time.perf_counter()
        workers = [threading.Thread(target=run, args=(calls // threads,)) for _ in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"{threads} thread(s): {calls} calls in {wall:.2f} s, {cpu:.2f} CPU s -> {cpu / wall:.2f} cores busy")


def map_check(calls=16):
    for parallel in (1, 2):
        with tf.Graph().as_default():
            dataset = tf.data.Dataset.range(calls).map(
                lambda i: tf.py_func(numpy_heavy, [tf.cast(i, tf.float64)], tf.float64), num_parallel_calls=parallel)
            nxt = tf.data.make_one_shot_iterator(dataset).get_next()
            with tf.Session() as sess:
                cpu, wall = time.process_time(), time.perf_counter()
                try:
                    while True:
                        sess.run(nxt)
                except tf.errors.OutOfRangeError:
                    pass
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"map(num_parallel_calls={parallel}): {calls} elements in {wall:.2f} s, {cpu:.2f} CPU s -> "
              f"{cpu / wall:.2f} cores busy")


def main():
    x = tf.placeholder(tf.float64, [])
    heavy = tf.py_func(numpy_heavy, [x], tf.float64)
    holding = tf.py_func(gil_holding, [x], tf.float64)
    with tf.Session() as sess:
        gil_check(sess, x, heavy, "NumPy sort in py_func (releases the GIL)")
        gil_check(sess, x, holding, "list sort in py_func (holds the GIL)")
        cores_check(sess, x, heavy)
    map_check()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
