"""The BLAS threading policy (sessionflow/runtime/blas.py): threads per product from its size, the
cores other processes leave free, the session's ConfigProto and SESSIONFLOW_BLAS_THREADS."""

import os
import subprocess
import sys

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.runtime import blas

pytestmark = pytest.mark.numpy_backend  # the NumPy interpreter's own machinery

BIG = (512, 512)  # 512^3 multiply-adds: 64 threads' worth, far above WORK_PER_THREAD * 2
SMALL = (32, 32)


class FakeOpenBlas:
    """OpenBLAS's two functions, recording every count set."""

    def __init__(self, pool):
        self.count = pool
        self.sets = []

    def set(self, n):
        self.sets.append(n)
        self.count = n

    def get(self):
        return self.count


class FixedFreeCores:
    def __init__(self, free):
        self.free = free
        self.asked = 0

    def start(self):
        pass

    def __call__(self):
        self.asked += 1
        return self.free


@pytest.fixture
def fake_blas(monkeypatch):
    """Installs a fake OpenBLAS with a pool of 4 threads and 4 free cores; yields (fake, free cores)."""
    fake = FakeOpenBlas(4)
    free = FixedFreeCores(4)
    monkeypatch.setattr(blas, "_library", [blas.OpenBlas(fake.set, fake.get)])
    monkeypatch.setattr(blas, "_namespaces", {})
    monkeypatch.setattr(blas, "free_cores", free)
    monkeypatch.setattr(blas, "changed", False)
    monkeypatch.delenv("SESSIONFLOW_BLAS_THREADS", raising=False)
    yield fake, free


def _run_matmul(shape, config=None, grad=False):
    rng = np.random.RandomState(0)
    a = tf.constant(rng.rand(*shape).astype(np.float32))
    b = tf.Variable(rng.rand(shape[1], shape[0]).astype(np.float32))
    product = tf.matmul(a, b)
    fetch = tf.gradients(tf.reduce_sum(product), b)[0] if grad else product
    with tf.Session(config=config) as sess:
        sess.run(b.initializer)
        return sess.run(fetch)


def test_threads_grow_with_the_work_up_to_the_limit(fake_blas):
    _, free = fake_blas
    per = blas.WORK_PER_THREAD
    assert blas.threads_for(per - 1, 8) == 1
    assert blas.threads_for(per, 8) == 1
    assert blas.threads_for(3 * per, 8) == 3
    assert blas.threads_for(100 * per, 8) == 4  # the free cores
    assert blas.threads_for(100 * per, 2) == 2  # the limit
    assert blas.threads_for(100 * per, 1) == 1
    free.free = 1
    assert blas.threads_for(100 * per, 8) == 1


def test_small_products_never_read_the_cpu_load(fake_blas):
    fake, free = fake_blas
    _run_matmul(SMALL, grad=True)
    assert free.asked == 0
    assert fake.sets[0] == 1  # one thread for the whole run ...
    assert fake.count == 4    # ... and the library's count put back when it ends


def test_a_big_product_gets_the_threads_the_session_allows(fake_blas):
    fake, _ = fake_blas
    _run_matmul(BIG, tf.ConfigProto(intra_op_parallelism_threads=3))
    assert fake.sets == [3, 4]  # 3 for the product, the previous 4 back at the end of the run


def test_intra_op_parallelism_threads_1_keeps_blas_on_one_thread(fake_blas):
    fake, free = fake_blas
    _run_matmul(BIG, tf.ConfigProto(intra_op_parallelism_threads=1), grad=True)
    assert set(fake.sets) <= {1, 4} and fake.sets[0] == 1 and fake.count == 4
    assert free.asked == 0


@pytest.mark.parametrize("a, b, big", [
    ([8, 256, 256], [256, 256], True),    # batched, the second operand broadcasts
    ([256, 256], [8, 256, 256], True),    # batched, the first operand broadcasts
    ([8, 16, 16], [16, 16], False),
    ([8, 32, 32, 64], [3, 3, 64, 64], True),  # Conv2D: im2col products written with out=
    ([2, 8, 8, 4], [3, 3, 4, 4], False),
])
def test_every_product_is_sized_by_its_work(fake_blas, a, b, big):
    """Batched products count their batch (whichever side broadcasts); convolutions' im2col products
    are sized like any other."""
    fake, _ = fake_blas
    x, y = tf.placeholder(tf.float32, a), tf.placeholder(tf.float32, b)
    out = tf.nn.conv2d(x, y, [1, 1, 1, 1], "SAME") if len(a) == 4 else tf.matmul(x, y)
    rng = np.random.RandomState(0)
    xs, ys = rng.rand(*a).astype(np.float32), rng.rand(*b).astype(np.float32)
    with tf.Session(config=tf.ConfigProto(intra_op_parallelism_threads=3)) as sess:
        value = sess.run(out, {x: xs, y: ys})
    assert fake.sets == [3 if big else 1, 4]
    if len(a) < 4:
        np.testing.assert_allclose(value, np.matmul(xs, ys), rtol=1e-5)


def test_busy_cores_limit_the_threads(fake_blas):
    fake, free = fake_blas
    free.free = 1  # other processes keep all but one core busy
    _run_matmul(BIG, tf.ConfigProto(intra_op_parallelism_threads=4))
    assert fake.sets == [1, 4]


def test_never_more_threads_than_the_library_started(fake_blas, monkeypatch):
    fake = FakeOpenBlas(2)  # OPENBLAS_NUM_THREADS=2
    monkeypatch.setattr(blas, "_library", [blas.OpenBlas(fake.set, fake.get)])
    _run_matmul(BIG, tf.ConfigProto(intra_op_parallelism_threads=8))
    assert fake.sets == []  # two threads wanted, two it has


def test_the_environment_caps_the_threads(fake_blas, monkeypatch):
    fake, _ = fake_blas
    monkeypatch.setenv("SESSIONFLOW_BLAS_THREADS", "2")
    _run_matmul(BIG, tf.ConfigProto(intra_op_parallelism_threads=4))
    assert fake.sets == [2, 4]


@pytest.mark.parametrize("value", ["off", "0"])
def test_the_environment_can_leave_blas_alone(monkeypatch, value):
    monkeypatch.setattr(blas, "_library", [])
    monkeypatch.setattr(blas, "_namespaces", {})
    monkeypatch.setenv("SESSIONFLOW_BLAS_THREADS", value)
    assert blas.library() is None
    assert blas.array_namespace(4).matmul is np.matmul


def test_free_cores_are_the_cores_others_leave_idle(tmp_path):
    stat = tmp_path / "stat"
    free = blas.FreeCores(str(stat), cpus={0, 1})
    free.cores = 2
    assert free.update(0.0, 100.0, 10.0) == 2    # a first reading: nothing known yet
    assert free.update(1.0, 100.95, 10.9) == 2   # 0.95 s busy of which 0.9 s ours: both cores free
    assert free.update(2.0, 102.9, 11.8) == 1    # others used 1.05 cores: one left
    assert free.update(3.0, 104.9, 12.0) == 1    # others used 1.8 cores: still one (ours)
    assert free.update(4.0, 105.85, 12.9) == 2   # quiet again
    assert free.update(5.0, None, 13.0) == 2     # unreadable: the last answer stays ...
    assert free.update(6.0, 107.8, 13.1) == 2    # ... and the next reading starts afresh
    assert free.update(7.0, 109.8, 13.2) == 1


def test_the_first_estimate_comes_soon_and_then_every_quarter_second(tmp_path, monkeypatch):
    stat = tmp_path / "stat"
    stat.write_text("cpu0 100 0 0 0 0 0 0 0\ncpu1 100 0 0 0 0 0 0 0\n")
    clock = [10.0]
    monkeypatch.setattr(blas.time, "monotonic", lambda: clock[0])
    free = blas.FreeCores(str(stat), cpus={0, 1})
    free.cores = 2
    free.start()
    assert not free.estimated and free() == 2
    clock[0] += 0.06
    stat.write_text("cpu0 106 0 0 0 0 0 0 0\ncpu1 100 0 0 0 0 0 0 0\n")  # another process: a whole core
    assert free() == 1 and free.estimated
    clock[0] += 0.1
    stat.write_text("cpu0 136 0 0 0 0 0 0 0\ncpu1 100 0 0 0 0 0 0 0\n")
    assert free() == 1  # not read again before 0.25 s
    clock[0] += 0.2
    assert free() == 1 and free._last[0] == clock[0]


def test_busy_time_counts_only_this_process_cpus(tmp_path):
    stat = tmp_path / "stat"
    stat.write_text("cpu  900 0 900 900 0 0 0 0 0 0\n"
                    "cpu0 100 5 20 1000 50 1 2 3 0 0\n"
                    "cpu1 400 0 400 10 0 0 0 0 0 0\n"
                    "cpu2 10 0 10 800 0 0 0 0 0 0\n"
                    "intr 12345 0 0\n")
    free = blas.FreeCores(str(stat), cpus={0, 2})
    ticks = (100 + 5 + 20 + 1 + 2 + 3) + (10 + 10)  # idle and iowait left out
    assert free.busy_seconds() == pytest.approx(ticks * free._tick)
    assert blas.FreeCores(str(tmp_path / "missing"), cpus={0}).busy_seconds() is None


def _openblas():
    lib = blas.library()
    if lib is None:
        pytest.skip("NumPy's BLAS here is not an OpenBLAS sessionflow can find")
    return lib


def test_numpys_openblas_is_found_and_set():
    lib = _openblas()
    before = lib.current
    lib.use(1)
    assert lib._get() == 1
    lib.restore()
    assert lib._get() == before == lib.current


def _train(config, shape, steps=3):
    """A small TF1 program: a linear layer of `shape` trained by gradient descent; its losses."""
    rng = np.random.RandomState(1)
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None, shape[1]])
        w = tf.Variable(rng.randn(shape[1], shape[1]).astype(np.float32) * 0.05)
        loss = tf.reduce_mean(tf.square(tf.nn.relu(tf.matmul(x, w)) - 0.5))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        feed = {x: rng.rand(*shape).astype(np.float32)}
        with tf.Session(config=config) as sess:
            sess.run(tf.global_variables_initializer())
            return [sess.run([loss, train], feed)[0] for _ in range(steps)] + [sess.run(w)]


@pytest.mark.parametrize("shape", [(256, 512), (16, 64)])
def test_results_do_not_depend_on_the_thread_count(monkeypatch, shape):
    """Big products split over threads agree within float32 rounding (OpenBLAS's blocking changes
    the order of the sums); products too small to split are bit-identical."""
    lib = _openblas()
    if lib.pool < 2:
        pytest.skip("OpenBLAS runs one thread here")
    monkeypatch.setattr(blas, "free_cores", FixedFreeCores(lib.pool))
    monkeypatch.setattr(blas, "_namespaces", {})
    one = _train(tf.ConfigProto(intra_op_parallelism_threads=1), shape)
    two = _train(tf.ConfigProto(intra_op_parallelism_threads=2), shape)
    for a, b in zip(one, two):
        if shape[0] * shape[1] ** 2 < 2 * blas.WORK_PER_THREAD:
            np.testing.assert_array_equal(a, b)
        else:
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_openblas_is_also_found_through_threadpoolctl():
    """Where /proc/self/maps is missing (macOS), threadpoolctl finds the library when installed. Checked in a
    fresh interpreter: OpenBLAS's thread count is one per process, and a run still ending on another thread of
    this one (a queue runner, a background compile's trial) may put its own count back in between."""
    pytest.importorskip("threadpoolctl")
    if blas.library() is None:
        pytest.skip("no OpenBLAS here")
    check = (
        "from sessionflow.runtime import blas\n"
        "lib = blas._openblas_from_threadpoolctl()\n"
        "assert lib is not None and lib.pool == blas.library().pool, (lib, blas.library())\n"
        "before = lib._get()\n"
        "lib.use(1)\n"
        "assert blas.library()._get() == 1\n"
        "lib.restore()\n"
        "assert blas.library()._get() == before\n"
        "print('ok')\n")
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]
