"""tf.config, tf.DeviceSpec, the distributed-runtime names (ClusterSpec, Server, replica_device_setter), tf.profiler
and the small top-level modules against TF 2.21's recorded behaviour (tests/compat/programs/config_programs.py,
recorded by tools/record_config.py). Each case runs in a fresh interpreter: tf.config's settings are per
process, as in TF."""

from __future__ import annotations

import json

import pytest
from compat_harness import PROGRAMS, golden, python

import sessionflow as tf

GOLDEN = golden("config_programs.json")

# Each case starts from TF's defaults: the backend a test run chose (SESSIONFLOW_BACKEND=xla) is not one of
# them (under it, tf.config.optimizer.get_jit() truthfully says "autoclustering").
RUN_CASE = """
import os, sys
os.environ.pop("SESSIONFLOW_BACKEND", None)
sys.path.insert(0, {programs!r})
import sessionflow as tf
from sessionflow.compat import alias
alias.install()  # the cases import TF's internal modules (tensorflow.python.client.device_lib) as TF1 code does
import config_programs
config_programs.main({case!r}, tf)
"""


def run_case(case: str):
    done = python(source=RUN_CASE.format(programs=PROGRAMS, case=case))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1]), done


@pytest.mark.parametrize("case", sorted(GOLDEN))
def test_case_matches_tensorflow(case):
    result, _ = run_case(case)
    assert result == GOLDEN[case]


def test_profiler_prints_tensorflows_parameter_table():
    _, done = run_case("profiler_params")
    table = done.stdout[done.stdout.index("node name | # parameters"):].splitlines()
    assert table[1:7] == ["_TFProfRoot (--/21 params)", "  dense (--/15 params)", "    dense/b (3, 3/3 params)",
                          "    dense/w (4x3, 12/12 params)", "  out (--/6 params)", "    out/kernel (3x2, 6/6 params)"]
    assert "-account_type_regexes       _trainable_variables" in done.stdout


def test_flops_skip_ops_with_unknown_shapes():
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [None, 4])
        tf.matmul(x, tf.ones([4, 2]))
        builder = tf.profiler.ProfileOptionBuilder
        p = tf.profiler.profile(g, options=builder(builder.float_operation()).with_empty_output().build())
    assert p.total_float_ops == 0


def test_training_runs_under_replica_device_setter_in_one_process():
    """TF refuses ops placed on /job:ps without a cluster; sessionflow runs them (the names are placement only)."""
    cluster = tf.train.ClusterSpec({"ps": ["ps0:2222"], "worker": ["w0:2222"]})
    lr, w0 = 0.25, [1.0, 2.0]
    with tf.Graph().as_default():
        with tf.device(tf.train.replica_device_setter(cluster=cluster)):
            w = tf.Variable(w0)
            train = tf.train.GradientDescentOptimizer(lr).minimize(tf.reduce_sum(w * w))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(train)
            trained = sess.run(w)
    assert trained.tolist() == [v - lr * 2 * v for v in w0]


def test_server_error_points_to_single_process_use():
    with pytest.raises(tf.errors.UnimplementedError, match="sessionflow.distribute"):
        tf.train.Server.create_local_server()


def test_intra_op_threads_reach_sessions_made_afterwards():
    source = ("import sessionflow as tf\n"
              "tf.config.threading.set_intra_op_parallelism_threads(3)\n"
              "a = tf.Session(); b = tf.Session(config=tf.ConfigProto(intra_op_parallelism_threads=1))\n"
              "print(a._store.intra_op_threads, b._store.intra_op_threads)\n")
    done = python(source=source)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["3", "1"]


def test_set_jit_chooses_the_backend():
    source = ("import sessionflow as tf\n"
              "tf.config.optimizer.set_jit(False); print(tf.config.get_backend())\n")
    done = python(source=source)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["numpy"]


def test_tpu_names_say_there_is_no_tpu():
    with pytest.raises(tf.errors.NotFoundError, match="no TPU"):
        tf.tpu.initialize_system()
    assert tf.tpu.core(1) == "device:TPU_REPLICATED_CORE:1"


def test_raw_ops_cover_the_registry():
    from sessionflow.framework.registry import REGISTRY
    assert set(REGISTRY) <= set(dir(tf.raw_ops))
    with tf.Graph().as_default():
        t = tf.raw_ops.Reshape(tensor=[1.0, 2.0, 3.0, 4.0], shape=[2, 2])
        assert t.shape.as_list() == [2, 2]
