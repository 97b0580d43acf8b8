"""TF1 programs about devices, tf.config, the distributed-runtime names and the small top-level modules.
Each case takes the `tf` module (TF's compat.v1 in graph mode, or sessionflow) and returns JSON values;
tools/record_config.py records them on TF 2.21 (each in a fresh process, as tf.config's settings are
per process) into tests/compat/goldens/config_programs.json, and tests/compat/test_config_and_devices.py
checks sessionflow against them."""

import sys


def _error(fn):
    """What `fn()` raised, as [exception class name, message], or its JSON result."""
    try:
        return ["ok", fn()]
    except Exception as e:  # noqa: BLE001 - the class and message are the result
        return [type(e).__name__, str(e).split("\n")[0]]


def device_spec(tf):
    out = {}
    d = tf.DeviceSpec.from_string("/job:ps/replica:0/task:1/device:GPU:2")
    out["parsed"] = [d.to_string(), d.job, d.replica, d.task, d.device_type, d.device_index]
    out["repr"] = repr(tf.DeviceSpec(job="w", device_type="cpu", device_index=0))
    out["short"] = tf.DeviceSpec.from_string("/gpu:1").to_string()
    out["star"] = tf.DeviceSpec.from_string("/job:a/cpu:*").to_string()
    d.merge_from(tf.DeviceSpec.from_string("/cpu:0"))
    out["merge_from"] = d.to_string()
    out["merged"] = tf.DeviceSpec.from_string("/job:a").make_merged_spec(tf.DeviceSpec(task=3)).to_string()
    out["replace"] = tf.DeviceSpec(job="a").replace(job="b", task=2).to_string()
    e = tf.DeviceSpec(job="a")
    e.task = 3
    e.device_type = "gpu"
    out["setters"] = [e.to_string(), e == tf.DeviceSpec.from_string("/job:a/task:3/device:GPU:*")]
    out["parse_resets"] = tf.DeviceSpec.from_string("/job:a/task:1/device:CPU:0").parse_from_string("/gpu:2").to_string()
    out["errors"] = [_error(lambda s=s: tf.DeviceSpec.from_string(s).to_string())
                     for s in ["/job:a/foo:1", "/cpu:0/gpu:1", "/job:a/replica:x", ""]]
    return out


def devices(tf):
    cpu = tf.config.list_physical_devices("CPU")[0]
    return {
        "physical": [list(d) for d in tf.config.list_physical_devices()],
        "physical_gpu": [list(d) for d in tf.config.list_physical_devices("GPU")],
        "experimental_physical": [list(d) for d in tf.config.experimental.list_physical_devices("CPU")],
        "logical": [list(d) for d in tf.config.list_logical_devices()],
        "visible": [list(d) for d in tf.config.get_visible_devices()],
        "repr": [repr(cpu), repr(tf.config.list_logical_devices()[0])],
        "logical_config": tf.config.get_logical_device_configuration(cpu),
        "config_repr": repr(tf.config.LogicalDeviceConfiguration(memory_limit=10)),
        "virtual_is_logical": tf.config.experimental.VirtualDeviceConfiguration
        is tf.config.LogicalDeviceConfiguration,
        "details": tf.config.experimental.get_device_details(cpu),
        "memory_info": tf.config.experimental.get_memory_info("CPU:0"),
        "memory_info_gpu": _error(lambda: tf.config.experimental.get_memory_info("GPU:0")),
    }


def memory_growth(tf):
    """The loop real programs run: on a machine without GPUs it sets nothing and must not fail."""
    done = []
    for gpu in tf.config.experimental.list_physical_devices("GPU"):
        tf.config.experimental.set_memory_growth(gpu, True)
        done.append(gpu.name)
    cpu = tf.config.list_physical_devices("CPU")[0]
    return {"gpus": done,
            "set_on_cpu": _error(lambda: tf.config.experimental.set_memory_growth(cpu, True)),
            "hide_gpus": _error(lambda: tf.config.set_visible_devices([], "GPU")),
            "visible_gpus": [list(d) for d in tf.config.get_visible_devices("GPU")]}


def threading_settings(tf):
    out = [tf.config.threading.get_inter_op_parallelism_threads(),
           tf.config.threading.get_intra_op_parallelism_threads()]
    tf.config.threading.set_intra_op_parallelism_threads(2)
    tf.config.threading.set_inter_op_parallelism_threads(3)
    out += [tf.config.threading.get_intra_op_parallelism_threads(),
            tf.config.threading.get_inter_op_parallelism_threads()]
    a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    with tf.Session() as sess:
        out.append(sess.run(tf.matmul(a, a)).tolist())
    return out


def switches(tf):
    out = {}
    out["jit"] = [tf.config.optimizer.get_jit()]
    tf.config.optimizer.set_jit(True)
    out["jit"].append(tf.config.optimizer.get_jit())
    tf.config.optimizer.set_jit(False)
    out["jit"].append(tf.config.optimizer.get_jit())
    out["soft"] = [tf.config.get_soft_device_placement()]
    tf.config.set_soft_device_placement(True)
    out["soft"].append(tf.config.get_soft_device_placement())
    out["options"] = [tf.config.optimizer.get_experimental_options()]
    tf.config.optimizer.set_experimental_options({"constant_folding": False})
    out["options"].append(tf.config.optimizer.get_experimental_options())
    out["log_placement"] = [tf.debugging.get_log_device_placement()]
    tf.debugging.set_log_device_placement(True)
    out["log_placement"].append(tf.debugging.get_log_device_placement())
    out["eager_functions"] = [tf.config.functions_run_eagerly(), tf.config.experimental_functions_run_eagerly()]
    out["policy"] = [tf.config.experimental.get_device_policy(), tf.config.experimental.get_synchronous_execution(),
                     tf.config.experimental.tensor_float_32_execution_enabled()]
    tf.config.experimental.set_device_policy("explicit")
    out["policy"].append(tf.config.experimental.get_device_policy())
    out["bad_policy"] = _error(lambda: tf.config.experimental.set_device_policy("sometimes"))
    out["traceback_filtering"] = [tf.debugging.is_traceback_filtering_enabled()]
    tf.debugging.disable_traceback_filtering()
    out["traceback_filtering"].append(tf.debugging.is_traceback_filtering_enabled())
    tf.debugging.enable_traceback_filtering()
    out["traceback_filtering"].append(tf.debugging.is_traceback_filtering_enabled())
    out["connect"] = _error(lambda: tf.config.experimental_connect_to_host("localhost:2222"))
    return out


def cluster_spec(tf):
    cs = tf.train.ClusterSpec({"ps": ["ps0:2222", "ps1:2222"], "worker": {1: "w1:2222", 0: "w0:2222"}})
    gaps = tf.train.ClusterSpec({"worker": {0: "a:1", 3: "b:1"}})
    return {
        "as_dict": cs.as_dict(), "jobs": cs.jobs, "num_tasks": cs.num_tasks("worker"),
        "task_indices": cs.task_indices("worker"), "address": cs.task_address("ps", 1),
        "job_tasks": cs.job_tasks("worker"), "repr": repr(cs), "cluster_def": str(cs.as_cluster_def()),
        "bool": [bool(cs), bool(tf.train.ClusterSpec({}))],
        "round_trip": [cs == tf.train.ClusterSpec(cs.as_cluster_def()).as_dict(),
                       tf.train.ClusterSpec(cs).as_dict() == cs.as_dict()],
        "gaps": [repr(gaps), gaps.job_tasks("worker")],
        "errors": [_error(f) for f in [lambda: cs.num_tasks("x"), lambda: cs.task_address("ps", 5),
                                         lambda: tf.train.ClusterSpec(3), lambda: cs.job_tasks("x"),
                                         lambda: tf.train.ClusterSpec({"a": 5})]],
        "server_def": str(tf.train.ServerDef(cluster=cs.as_cluster_def(), job_name="ps", task_index=1,
                                             protocol="grpc")),
        "job_def": tf.train.JobDef(name="x", tasks={0: "a:1"}).SerializeToString().hex(),
        "parsed": str(tf.train.ClusterDef.FromString(cs.as_cluster_def().SerializeToString()) == cs.as_cluster_def()),
    }


def replica_device_setter(tf):
    """The device function's choices (TF itself then refuses to run ops placed on /job:ps in one process;
    sessionflow runs them: tests/compat/test_config_and_devices.py trains under the setter)."""
    cs = tf.train.ClusterSpec({"ps": ["ps0:2222", "ps1:2222"], "worker": ["w0:2222"]})
    f = tf.train.replica_device_setter(ps_tasks=2)
    g = tf.train.replica_device_setter(cluster=cs, worker_device="/job:worker/task:0")
    v1 = tf.Variable(1.0, name="v1")
    v2 = tf.Variable(2.0, name="v2")
    c = v1 * v2
    placed = [f(v1.op), f(v2.op), f(c.op), f(v1.initializer), g(v1.op), g(c.op)]
    none = [tf.train.replica_device_setter(ps_tasks=0) is None,
            tf.train.replica_device_setter(cluster={"worker": ["a:1"]}) is None]
    return {"placed": placed, "none": none}


def small_modules(tf):
    out = {}
    out["sysconfig"] = [isinstance(tf.sysconfig.get_include(), str), isinstance(tf.sysconfig.get_lib(), str),
                        type(tf.sysconfig.get_compile_flags()).__name__, type(tf.sysconfig.get_link_flags()).__name__,
                        sorted(tf.sysconfig.get_build_info())[:0]]
    out["resource_loader"] = [tf.resource_loader.get_path_to_datafile("x.txt").endswith("/x.txt"),
                              tf.resource_loader.readahead_file_path("/a/b"),
                              _error(lambda: tf.resource_loader.load_resource("no/such/file.txt"))[0]]
    with tf.Session() as sess:
        out["my_fact"] = sess.run(tf.user_ops.my_fact()).decode()

    def f(a):
        return a + 1

    g = tf.autograph.to_graph(f)
    with tf.Session() as sess:
        out["to_graph"] = [callable(g), int(sess.run(g(tf.constant(1))))]
    out["do_not_convert"] = tf.autograph.experimental.do_not_convert(f)(2)
    tf.autograph.set_verbosity(0)
    out["features"] = list(tf.autograph.experimental.Feature.__members__)
    return out


def raw_ops(tf):
    out = {}
    s = tf.raw_ops.AddV2(x=1.0, y=2.0, name="s")
    c = tf.raw_ops.Cast(x=[1, 2], DstT=tf.float32)
    m = tf.raw_ops.MatMul(a=[[1.0, 2.0]], b=[[3.0], [4.0]], transpose_a=False)
    out["names"] = [s.name, c.op.type, m.op.type, str(c.dtype.name), c.shape.as_list()]
    with tf.Session() as sess:
        out["values"] = [float(sess.run(s)), sess.run(c).tolist(), sess.run(m).tolist()]
    out["positional"] = _error(lambda: tf.raw_ops.AddV2(1.0, 2.0))[0]
    out["missing"] = _error(lambda: tf.raw_ops.AddV2(x=1.0))[0]
    out["unknown_kwarg"] = _error(lambda: tf.raw_ops.AddV2(x=1.0, y=2.0, z=3))[0]
    out["no_such_op"] = _error(lambda: tf.raw_ops.NotAnOpType)[0]
    return out


def profiler_params(tf):
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    with tf.variable_scope("dense"):
        w = tf.get_variable("w", [4, 3])
        b = tf.get_variable("b", [3])
    with tf.variable_scope("out"):
        w2 = tf.get_variable("kernel", [3, 2])
    tf.Variable(tf.zeros([5]), trainable=False, name="not_trained")
    tf.matmul(tf.matmul(x, w) + b, w2)
    opts = tf.profiler.ProfileOptionBuilder.trainable_variables_parameter()
    p = tf.profiler.profile(tf.get_default_graph(), options=opts)
    return {"options": opts, "total": p.total_parameters, "proto": str(p),
            "float_options": tf.profiler.ProfileOptionBuilder.float_operation(),
            "time_options": tf.profiler.ProfileOptionBuilder.time_and_memory()}


def profiler_flops(tf):
    a = tf.constant(1.0, shape=[8, 4], name="a")
    w = tf.constant(2.0, shape=[4, 3], name="w")
    y = tf.nn.relu(tf.matmul(a, w, name="mm") + tf.constant([1.0, 2.0, 3.0]), name="y")
    tf.reduce_sum(y * y, name="total")
    opts = tf.profiler.ProfileOptionBuilder.float_operation()
    p = tf.profiler.profile(tf.get_default_graph(), options=opts)
    return {"total": p.total_float_ops, "children": sorted((c.name, c.float_ops) for c in p.children)}


def local_devices(tf):
    """device_lib.list_local_devices, the `get_available_gpus()` idiom of multi-GPU TF1 code."""
    from tensorflow.python.client import device_lib

    def facts(d):
        return [d.name, d.device_type, d.memory_limit, d.physical_device_desc, d.xla_global_id,
                d.HasField("locality"), type(d).__name__, d.incarnation > 0]

    found = device_lib.list_local_devices()
    return {"default": [facts(d) for d in found],
            "gpus": [d.name for d in found if d.device_type == "GPU"],
            "two_cpus": [facts(d) for d in device_lib.list_local_devices(tf.ConfigProto(device_count={"CPU": 2}))]}


def cpu_device_count(tf):
    """Towers on /cpu:0 and /cpu:1, which a session has with ConfigProto(device_count={'CPU': 2}) (multi-device
    code tried on one machine); without it the second CPU is refused, or soft-placed."""
    towers = []
    for i in range(2):
        with tf.device("/cpu:%d" % i):
            towers.append(tf.reduce_sum(tf.constant([1.0, 2.0]) * (i + 1), name="tower_%d" % i))
    total = tf.add_n(towers)
    out = {}
    with tf.Session(config=tf.ConfigProto(device_count={"CPU": 2})) as sess:
        out["devices"] = [[d.name, d.device_type] for d in sess.list_devices()]
        out["total"] = float(sess.run(total))
    with tf.Session() as sess:
        try:
            sess.run(total)
        except tf.errors.InvalidArgumentError as e:  # TF 2.21 puts "Graph execution error:" lines first
            out["hard"] = [line for line in str(e).splitlines() if line.startswith("Cannot assign")]
    with tf.Session(config=tf.ConfigProto(allow_soft_placement=True)) as sess:
        out["soft"] = float(sess.run(total))
    out["zero"] = _error(lambda: tf.Session(config=tf.ConfigProto(device_count={"CPU": 0})).list_devices())
    return out


CASES = {name: fn for name, fn in globals().items()
         if callable(fn) and not name.startswith("_") and fn.__module__ == __name__}


def main(case_name: str, tf) -> None:
    """Prints the JSON result of one case (the recorder and the tests run this in a fresh process)."""
    import json
    print(json.dumps(CASES[case_name](tf)))


if __name__ == "__main__":
    sys.exit("run through tools/record_config.py or tests/compat/test_config_and_devices.py")
