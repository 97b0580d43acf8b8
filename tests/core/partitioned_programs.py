"""TF1 programs over partitioned variables (get_variable with a partitioner, the partitioners,
create_partitioned_variables, PartitionedVariable as a tensor, embedding_lookup over its parts, training its
parts, and the Saver writing one full tensor per partitioned variable), run both by tools/record_nnmisc.py (on
TensorFlow: tests/core/goldens/partitioned.json) and by tests/core/test_partitioned_variables.py."""

import os
import tempfile

import numpy as np

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def _parts(w):
    return dict(names=[v.op.name for v in w], shapes=[v.shape.as_list() for v in w],
                specs=[v._save_slice_info.spec for v in w], full_names=[v._save_slice_info.full_name for v in w],
                partitions=list(w._get_partitions()), shape=w.get_shape().as_list(), name=w.name)


@case
def get_variable_partitioned(tf, run):
    tf.set_random_seed(7)
    w = tf.get_variable("w", [10, 3], partitioner=tf.fixed_size_partitioner(3))
    b = tf.get_variable("b", initializer=tf.constant(np.arange(20.0).reshape(5, 4)),
                        partitioner=tf.fixed_size_partitioner(2, axis=1))
    z = tf.get_variable("z", [8], initializer=tf.zeros_initializer(), partitioner=tf.fixed_size_partitioner(10))
    x = tf.constant(np.arange(20.0, dtype=np.float32).reshape(2, 10))
    y = tf.matmul(x, w)
    run(tf.global_variables_initializer())
    return dict(w=_parts(w), b=_parts(b), z=_parts(z), values=run([list(w), list(b), list(z)]), y=run(y),
                concat_name=y.op.inputs[1].name, concat_input=y.op.inputs[1].op.inputs[0].name,
                globals=[v.op.name for v in tf.global_variables()], len=len(w),
                as_tensor=run(b.as_tensor()), trainable=[v.op.name for v in tf.trainable_variables()])


@case
def embedding_lookup_strategies(tf, run):
    table = np.arange(33.0, dtype=np.float32).reshape(11, 3)
    w = tf.get_variable("emb", initializer=tf.constant(table), partitioner=tf.fixed_size_partitioner(3))
    ids = tf.constant([[0, 4, 10], [7, 1, 5]])
    run(tf.global_variables_initializer())
    out = dict(parts=_parts(w), values=run(list(w)))
    for strategy in ("mod", "div"):
        out[strategy] = run(tf.nn.embedding_lookup(w, ids, partition_strategy=strategy))
    return out


@case
def train_partitioned(tf, run):
    w = tf.get_variable("w", initializer=tf.constant(np.linspace(-1, 1, 12, dtype=np.float32).reshape(6, 2)),
                        partitioner=tf.fixed_size_partitioner(4))
    emb = tf.nn.embedding_lookup(w, tf.constant([0, 3, 3, 5]), partition_strategy="div")
    loss = tf.reduce_sum(tf.square(emb)) + tf.reduce_sum(tf.matmul(tf.ones([1, 6]), w))
    step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    run(tf.global_variables_initializer())
    run(step)
    run(step)
    return dict(values=run(list(w)), loss=run(loss))


@case
def partitioners(tf, run):
    out = {}
    shapes = [([1000, 10], tf.float32), ([7, 3], tf.float64), ([300], tf.string), ([4, 100], tf.int32)]
    for shape, dtype in shapes:
        key = f"{shape}:{dtype.name}"
        ts = tf.TensorShape(shape)
        out[key] = dict(
            min_max=tf.min_max_variable_partitioner(max_partitions=4, min_slice_size=256)(ts, dtype),
            min_max_axis1=(tf.min_max_variable_partitioner(max_partitions=3, axis=len(shape) - 1,
                                                           min_slice_size=64)(ts, dtype)),
            axis_size=tf.variable_axis_size_partitioner(max_shard_bytes=500)(ts, dtype),
            axis_size_max=tf.variable_axis_size_partitioner(max_shard_bytes=100, max_shards=3)(ts, dtype),
            fixed=tf.fixed_size_partitioner(5)(shape=ts, dtype=dtype))
    with tf.variable_scope("outer", partitioner=tf.min_max_variable_partitioner(max_partitions=3,
                                                                                 min_slice_size=40)):
        v = tf.get_variable("v", [9, 4])
        scalar = tf.get_variable("s", [])
    out["scope_default"] = _parts(v)
    out["scalar"] = scalar.op.name
    for bad in (lambda: tf.variable_axis_size_partitioner(0), lambda: tf.variable_axis_size_partitioner(10,
                                                                                                        max_shards=-1)):
        try:
            bad()
        except ValueError as e:
            out.setdefault("errors", []).append(str(e))
    return out


@case
def create_partitioned(tf, run):
    parts = tf.create_partitioned_variables([7, 2], [3, 1], tf.constant_initializer(2.5))
    with tf.variable_scope("named"):
        named = tf.create_partitioned_variables([4], [2], np.arange(4.0, dtype=np.float32), name="p")
    run(tf.global_variables_initializer())
    out = dict(names=[v.op.name for v in parts + named], values=run(parts + named),
               specs=[v._save_slice_info.spec for v in parts + named])
    for shape, slicing in (([2, 3], [2]), ([], [])):
        try:
            tf.create_partitioned_variables(shape, slicing, tf.zeros_initializer())
        except ValueError as e:
            out.setdefault("errors", []).append(str(e))
    return out


@case
def reuse_and_errors(tf, run):
    out = {}
    with tf.variable_scope("s"):
        w = tf.get_variable("w", [6, 2], partitioner=tf.fixed_size_partitioner(2))
    with tf.variable_scope("s", reuse=True):
        out["same"] = tf.get_variable("w", [6, 2], partitioner=tf.fixed_size_partitioner(2)) is w
        out["same_without_partitioner"] = tf.get_variable("w") is w
    attempts = dict(
        twice=lambda: tf.get_variable("s/w", [6, 2], partitioner=tf.fixed_size_partitioner(2)),
        other_partitions=lambda: tf.get_variable("s/w", [6, 2], partitioner=tf.fixed_size_partitioner(3)),
        unpartitioned_first=lambda: (tf.get_variable("u", [4, 2]),
                                     tf.get_variable("u", [4, 2], partitioner=tf.fixed_size_partitioner(2))),
        unknown_shape=lambda: tf.get_variable("q", initializer=tf.zeros_initializer(),
                                              partitioner=tf.fixed_size_partitioner(2)),
        two_axes=lambda: tf.get_variable("t", [4, 4], partitioner=lambda shape, dtype: [2, 2]),
        not_callable=lambda: tf.get_variable("n", [4, 4], partitioner=3),
    )
    for key, fn in attempts.items():
        try:
            with tf.variable_scope(tf.get_variable_scope(), reuse=tf.AUTO_REUSE if key == "other_partitions"
                                   else None):
                fn()
            out[key] = "no error"
        except (ValueError, TypeError) as e:
            out[key] = [type(e).__name__, str(e).split("\n")[0]]
    return out


@case
def saver_writes_one_tensor(tf, run):
    directory = tempfile.mkdtemp()
    table = np.arange(30.0, dtype=np.float32).reshape(10, 3)
    w = tf.get_variable("w", initializer=tf.constant(table), partitioner=tf.fixed_size_partitioner(3))
    tf.get_variable("b", initializer=tf.constant([1.0, 2.0]))
    tf.get_variable("one", initializer=tf.constant([[5, 6]]), partitioner=tf.fixed_size_partitioner(2))
    saver = tf.train.Saver()
    graph = tf.get_default_graph()
    save_op = graph.get_operation_by_name("save/SaveV2")
    sess = tf.Session()
    run = sess.run
    run(tf.global_variables_initializer())
    path = saver.save(sess, os.path.join(directory, "model"))
    reader = tf.train.NewCheckpointReader(path)
    out = dict(shapes=reader.get_variable_to_shape_map(), w=reader.get_tensor("w"),
               tensor_names=run(save_op.inputs[1]), slices=run(save_op.inputs[2]),
               restore_ops=sorted(op.name for op in graph.get_operations()
                                  if op.name.startswith("save/Assign")),
               assign_targets=[graph.get_operation_by_name(n).inputs[0].op.name
                               for n in sorted(op.name for op in graph.get_operations()
                                               if op.name.startswith("save/Assign"))])
    run([v.assign(tf.zeros_like(v)) for v in w])
    saver.restore(sess, path)
    out["restored"] = run(list(w))
    sess.close()
    # the same checkpoint restored into other partitionings, and into a plain variable
    for name, partitioner in (("two_parts", tf.fixed_size_partitioner(2)), ("plain", None)):
        with tf.Graph().as_default(), tf.Session() as other:
            v = tf.get_variable("w", [10, 3], partitioner=partitioner)
            tf.train.Saver([v] if partitioner is None else list(v)).restore(other, path)
            out[name] = other.run(v if partitioner is None else list(v))
    return out


@case
def saver_var_list_forms(tf, run):
    directory = tempfile.mkdtemp()
    w = tf.get_variable("w", initializer=tf.constant(np.arange(8.0, dtype=np.float32).reshape(4, 2)),
                        partitioner=tf.fixed_size_partitioner(2))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    out = {}
    for key, var_list in (("list_of_parts", list(w)), ("dict", {"renamed": w}), ("partitioned_in_list", [w])):
        saver = tf.train.Saver(var_list)
        path = saver.save(sess, os.path.join(directory, key))
        reader = tf.train.NewCheckpointReader(path)
        out[key] = reader.get_variable_to_shape_map()
    sess.close()
    return out


@case
def meta_graph_keeps_slices(tf, run):
    directory = tempfile.mkdtemp()
    tf.get_variable("w", initializer=tf.constant(np.arange(12.0, dtype=np.float32).reshape(6, 2)),
                    partitioner=tf.fixed_size_partitioner(3))
    meta = tf.train.export_meta_graph()
    with tf.Graph().as_default(), tf.Session() as sess:
        tf.train.import_meta_graph(meta, import_scope="imported")
        sess.run(tf.global_variables_initializer())
        path = tf.train.Saver().save(sess, os.path.join(directory, "model"))
        shapes = tf.train.NewCheckpointReader(path).get_variable_to_shape_map()
        infos = [v._save_slice_info.spec for v in tf.global_variables()]
        names = [v._save_slice_info.full_name for v in tf.global_variables()]
    return dict(shapes=shapes, specs=infos, full_names=names)
