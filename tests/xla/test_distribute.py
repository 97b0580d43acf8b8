"""sessionflow.distribute.data_parallel on four host devices (a subprocess: XLA's device count is fixed when
JAX starts) against plain Adam, and the placement of ops on devices (runtime/backends/xla_devices.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.runtime.backends import xla_select
from sessionflow.runtime.backends.xla import XlaExecutable

HERE = os.path.dirname(os.path.abspath(__file__))
CPU0 = "/job:localhost/replica:0/task:0/device:CPU:0"


def _run_program(name: str) -> dict:
    env = dict(os.environ, SESSIONFLOW_BACKEND="xla",
               XLA_FLAGS="--xla_force_host_platform_device_count=4 --xla_cpu_max_isa=AVX")
    env["PYTHONPATH"] = os.pathsep.join(p for p in [os.path.dirname(HERE + "/../.."), env.get("PYTHONPATH")] if p)
    done = subprocess.run([sys.executable, os.path.join(HERE, name)], env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def four_devices() -> dict:
    return _run_program("data_parallel_program.py")


def test_data_parallel_adam_has_one_devices_losses(four_devices):
    out = four_devices
    assert out["devices"] == 4
    assert out["dp"][-1] < out["dp"][0] - 0.5  # it trains
    np.testing.assert_allclose(out["dp"], out["plain"], rtol=1e-5, atol=1e-6)
    # a batch of 6 rows, which 4 devices do not divide: the step runs replicated, same numbers
    np.testing.assert_allclose(out["dp_odd"], out["plain_odd"], rtol=1e-5, atol=1e-6)


def test_data_parallel_step_is_sharded_and_all_reduces(four_devices):
    info = four_devices["info"]
    assert info["backend"] == "xla" and info["mesh"] == 4
    assert info["shardings"] == ["P('batch',)", "P('batch',)"]  # both fed tensors split on their batch
    assert info["all_reduce"]  # the compiled step sums the gradients over the devices
    assert info["var_sharding"] == ["P()"]  # variables stay replicated


def test_data_parallel_wraps_the_optimizer():
    v = tf.Variable([1.0, 2.0])
    adam = tf.train.AdamOptimizer(0.1)
    opt = tf.distribute.data_parallel(adam)
    train = opt.minimize(tf.reduce_sum(v * v))
    assert opt.get_slot_names() == adam.get_slot_names() == ["m", "v"]
    assert opt.get_slot(v, "m") is adam.get_slot(v, "m")
    with pytest.raises(TypeError, match="tf.train.Optimizer"):
        tf.distribute.data_parallel("adam")
    with tf.Session() as sess:  # one device (or NumPy): the plain optimizer's step
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        np.testing.assert_allclose(sess.run(v), [0.9, 1.9], rtol=1e-5)


def test_server_points_to_data_parallel():
    with pytest.raises(tf.errors.UnimplementedError, match=r"sessionflow\.distribute\.data_parallel\(optimizer\)"):
        tf.train.Server(tf.train.ClusterSpec({"worker": ["localhost:2222"]}))


# --- devices -------------------------------------------------------------------------------------------

def _placement_graph():
    a = tf.constant([1.0, 2.0], name="a")
    with tf.device("/gpu:0"):
        b = tf.add(a, a, name="b")
    return b


@pytest.mark.parametrize("backend", ["numpy", "xla"])
def test_list_devices_names_the_cpu_as_tf(backend):
    xla_select.set_backend(backend)
    with tf.Session() as sess:
        devices = sess.list_devices()
    assert devices[0].name == CPU0 and devices[0].device_type == "CPU"
    assert devices[0].memory_limit_bytes == 268435456
    assert all(d.name.startswith("/job:localhost/replica:0/task:0/device:") for d in devices)
    assert tf.test.is_gpu_available() == any(d.device_type == "GPU" for d in devices)


@pytest.mark.parametrize("backend", ["numpy", "xla"])
def test_gpu_op_without_gpu_raises_tfs_placement_error(backend):
    xla_select.set_backend(backend)
    b = _placement_graph()
    if tf.test.is_gpu_available():
        pytest.skip("this machine has a GPU")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(b)
    # TF 2.21's message (recorded on a machine without GPUs)
    assert str(info.value).startswith(
        "Cannot assign a device for operation b: {{node b}} was explicitly assigned to /device:GPU:0 but available "
        f"devices are [ {CPU0}")
    assert info.value.op is b.op


@pytest.mark.parametrize("backend", ["numpy", "xla"])
def test_soft_placement_runs_gpu_ops_on_the_cpu_and_logs_it(backend, capsys):
    xla_select.set_backend(backend)
    b = _placement_graph()
    config = tf.ConfigProto(allow_soft_placement=True, log_device_placement=True, device_count={"GPU": 0})
    with tf.Session(config=config) as sess:
        np.testing.assert_array_equal(sess.run(b), [2.0, 4.0])
        assert [d.device_type for d in sess.list_devices()] == ["CPU"] * len(sess.list_devices())
        executables = list(sess._executables.values())
    # TF's lines and order (non-source ops first), as TF 2.21 prints them
    assert capsys.readouterr().out.splitlines() == [f"b: (AddV2): {CPU0}", f"a: (Const): {CPU0}"]
    if backend == "xla":
        assert isinstance(executables[0], XlaExecutable) and executables[0].backend == "xla"


def test_device_count_hides_gpus_and_hard_placement_fails():
    xla_select.set_backend("xla")
    b = _placement_graph()
    with tf.Session(config=tf.ConfigProto(device_count={"GPU": 0})) as sess:
        assert all(d.device_type == "CPU" for d in sess.list_devices())
        with pytest.raises(tf.errors.InvalidArgumentError, match="Cannot assign a device for operation b"):
            sess.run(b)


def test_device_scopes_merge_as_tf():
    # TF 2.21: '/device:GPU:0' /device:CPU:0 '' /job:ps/task:0/device:GPU:0 /job:worker/device:GPU:0
    with tf.device("/gpu:0"):
        a = tf.constant(1.0)
        with tf.device("/cpu:0"):
            b = a + 1
        with tf.device(None):
            c = a + 2
        with tf.device(tf.train.replica_device_setter(ps_tasks=2)):
            v = tf.Variable(1.0)
            d = a + 3
    assert [a.device, b.device, c.device, v.op.device, d.device] == [
        "/device:GPU:0", "/device:CPU:0", "", "/job:ps/task:0/device:GPU:0", "/job:worker/device:GPU:0"]
    with tf.Session(config=tf.ConfigProto(allow_soft_placement=True)) as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(v) == 1.0


def test_cluster_jobs_run_in_this_process():
    with tf.device(tf.train.replica_device_setter(ps_tasks=2)):
        v = tf.Variable(1.0)
        w = v + 1
    assert (v.op.device, w.device) == ("/job:ps/task:0", "/job:worker")
    with tf.Session() as sess:  # only the device type and index are checked: no job is refused
        sess.run(tf.global_variables_initializer())
        assert sess.run(w) == 2.0
