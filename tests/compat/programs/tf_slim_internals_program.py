"""TF 1.x behaviours and `tensorflow.python.*` internals that tf-slim relies on, one small case each (TF1 shapes:
`shape[i]` is a Dimension). Prints one JSON object: each key a case, its value what TF gives (values, names,
error types and messages). tools/record_tf_slim_internals.py records it on TensorFlow 2.21."""

import json
import sys

import numpy as np
import tensorflow as tf

if not hasattr(tf, "contrib"):  # TensorFlow 2.x
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    tf.disable_v2_tensorshape()
    tf.disable_resource_variables()
    sys.modules["tensorflow"] = tf

from tensorflow.python.framework import tensor_shape
from tensorflow.python.ops import metrics_impl, weights_broadcast_ops

out = {}


def case(name):
    def run(fn):
        tf.reset_default_graph()
        try:
            out[name] = fn()
        except Exception as e:  # noqa: BLE001 - the error is the result
            out[name] = {"error": type(e).__name__, "message": str(e).split("\n")[0]}
        return fn
    return run


def values(*fetches, feed=None, init=False):
    with tf.Session() as sess:
        if init:
            sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        return [np.asarray(v).tolist() for v in sess.run(list(fetches), feed)]


@case("tensor_attributes")
def _():
    t = tf.constant([1.0, 2.0])
    before = hasattr(t, "aliases")
    t.aliases = ["net/logits"]  # tf-slim's collect_named_outputs
    t.aliases.append("logits")
    return {"before": before, "after": t.aliases}


@case("slice_with_variable_bound")
def _():
    x = tf.constant([1, 2, 3, 4, 5])
    size = tf.Variable(3, name="size")
    return values(x[:size], x[size], x[1:size:1], init=True)


@case("slice_with_dimensions")
def _():
    x = tf.zeros([4, 6])
    y = tf.constant([10, 20, 30, 40, 50])
    return {"shape": x[: x.shape[0] - 1, x.shape[1] // 2:].shape.as_list(),
            "values": values(y[tensor_shape.Dimension(1):tensor_shape.Dimension(None)],
                             y[tensor_shape.Dimension(2)])}


@case("slice_bad_index_float")
def _():
    return tf.constant([1, 2])[1.0]


@case("slice_bad_bound_vector")
def _():
    x = tf.constant([1, 2])
    return x[:tf.constant([1])]


@case("dimension_converts")
def _():
    d = tf.convert_to_tensor(tensor_shape.Dimension(4))
    s = tf.convert_to_tensor(tf.zeros([2, 3]).shape)
    return {"names": [d.op.name, s.op.name], "dtypes": [d.dtype.name, s.dtype.name], "values": values(d, s)}


@case("dimension_unknown")
def _():
    return tf.convert_to_tensor(tensor_shape.Dimension(None))


@case("dimension_float_dtype")
def _():
    return tf.convert_to_tensor(tensor_shape.Dimension(2), dtype=tf.float32)


@case("shape_partial")
def _():
    return tf.convert_to_tensor(tf.placeholder(tf.float32, [None, 3]).shape)


@case("dimensions_in_lists")
def _():
    x = tf.zeros([2, 4, 6])
    reshaped = tf.reshape(x, [x.shape[0], 2, 2, x.shape[2]])
    tiled = tf.tile(x, [x.shape[0] // 2, 1, tensor_shape.Dimension(2)])
    filled = tf.fill([x.shape[0], 3], 1.5)
    typed = tf.convert_to_tensor([x.shape[1], 7], dtype=tf.int64)
    return {"shapes": [reshaped.shape.as_list(), tiled.shape.as_list(), filled.shape.as_list()],
            "typed": [typed.op.type, typed.dtype.name], "values": values(typed, tf.shape(filled))}


@case("dimensions_list_without_dtype")
def _():
    return tf.constant([tensor_shape.Dimension(2), 3])


@case("dimensions_list_with_tensor")
def _():
    x = tf.placeholder(tf.float32, [None, 3])
    packed = tf.convert_to_tensor([tf.shape(x)[0], x.shape[1]])
    return {"type": packed.op.type, "values": values(packed, feed={x: np.zeros((5, 3))})}


@case("kernel_size_dimensions")
def _():
    x = tf.zeros([2, 4, 4, 3])
    conv = tf.layers.Conv2D(2, x.shape[1:3], name="whole")
    y = conv(x)
    pooled = tf.layers.average_pooling2d(x, x.shape[1:3], 1)
    return {"kernel_size": [int(k) for k in conv.kernel_size], "shapes": [y.shape.as_list(), pooled.shape.as_list()]}


@case("variable_scope_collections")
def _():
    with tf.variable_scope("block") as scope:
        tf.get_variable("w", [2])
        tf.get_variable("steps", [], trainable=False)
        tf.get_variable("local", [], collections=[tf.GraphKeys.LOCAL_VARIABLES])
    with tf.variable_scope("blocked"):
        tf.get_variable("w", [2])
    return {"global": [v.op.name for v in scope.global_variables()],
            "trainable": [v.op.name for v in scope.trainable_variables()],
            "local": [v.op.name for v in scope.local_variables()],
            "collection": [v.op.name for v in scope.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)]}


@case("variable_count_up_to")
def _():
    v = tf.Variable(0, name="counter")
    step = v.count_up_to(2)
    with tf.Session() as sess:
        sess.run(v.initializer)
        got = [int(sess.run(step)), int(sess.run(step))]
        try:
            sess.run(step)
        except tf.errors.OutOfRangeError as e:
            got.append(["OutOfRangeError", [line for line in e.message.split("\n") if "limit" in line]])
    return {"op": [step.op.type, step.op.name], "runs": got}


@case("remove_squeezable_dimensions")
def _():
    predictions = tf.zeros([4, 1])
    labels = tf.zeros([4])
    weights = tf.ones([4, 1, 1])
    p, lab, w = metrics_impl._remove_squeezable_dimensions(predictions=predictions, labels=labels, weights=weights)
    p2, none, w2 = metrics_impl._remove_squeezable_dimensions(predictions=tf.zeros([3]), labels=None,
                                                               weights=tf.ones([3, 1]))
    return [p.shape.as_list(), lab.shape.as_list(), w.shape.as_list(), p2.shape.as_list(), none,
            w2.shape.as_list()]


@case("aggregate_variable_and_safe_div")
def _():
    total = tf.Variable(6.0, name="total", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    read = metrics_impl._aggregate_variable(total, ["my_metrics"])
    ratio = metrics_impl._safe_scalar_div(tf.constant(3.0), tf.constant(0.0), name="ratio")
    return {"read": [read.op.type, read.dtype.name], "collection": [t.name for t in tf.get_collection("my_metrics")],
            "ratio": ratio.op.name, "values": values(read, ratio, init=True)}


@case("confusion_matrix_at_thresholds")
def _():
    labels = tf.constant([True, False, True, True])
    predictions = tf.constant([0.9, 0.6, 0.3, 0.7])
    counts, updates = metrics_impl._confusion_matrix_at_thresholds(labels, predictions, [0.5, 0.8],
                                                                   includes=("tp", "fn"))
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        sess.run(updates)
        sess.run(updates)
        got = {k: sess.run(v).tolist() for k, v in counts.items()}
    return {"keys": sorted(counts), "names": sorted(v.op.name for v in tf.local_variables()), "values": got}


@case("broadcast_weights")
def _():
    v = tf.placeholder(tf.float32, [None, 3])
    w = tf.placeholder(tf.float32, None)
    b = weights_broadcast_ops.broadcast_weights(w, v)
    same = weights_broadcast_ops.broadcast_weights(tf.ones([2, 3]), tf.zeros([2, 3]))
    with tf.Session() as sess:
        got = [sess.run(b, {v: np.ones((2, 3)), w: [[1.0], [2.0]]}).tolist(),
               sess.run(b, {v: np.ones((2, 3)), w: 3.0}).tolist()]
        try:
            sess.run(b, {v: np.ones((2, 3)), w: [[1.0, 2.0], [2.0, 3.0]]})
        except tf.errors.InvalidArgumentError as e:
            got.append(["InvalidArgumentError", [line for line in e.message.split("\n") if "assertion" in line]])
    return {"name": b.op.name, "same": same.op.name, "runs": got}


@case("broadcast_weights_rank")
def _():
    return weights_broadcast_ops.broadcast_weights(tf.zeros([2]), tf.zeros([2, 3]))


@case("broadcast_weights_dim")
def _():
    return weights_broadcast_ops.assert_broadcastable(tf.zeros([2, 2]), tf.zeros([2, 3]))


@case("assert_broadcastable_static")
def _():
    return [weights_broadcast_ops.assert_broadcastable(tf.zeros([]), tf.zeros([2, 3])).name,
            weights_broadcast_ops.assert_broadcastable(tf.zeros([1, 3]), tf.zeros([2, 3])).name]


@case("distribute_default_strategy")
def _():
    strategy = tf.distribute.get_strategy()
    context = tf.distribute.get_replica_context()

    def merge(got_strategy, a, b=0):
        return [got_strategy is strategy, tf.distribute.in_cross_replica_context(),
                tf.distribute.get_replica_context() is None, a + b]

    x = tf.constant([1.0, 2.0])
    with strategy.scope():
        in_scope = [tf.distribute.has_strategy(), tf.distribute.in_cross_replica_context()]
    return {"outside": [tf.distribute.has_strategy(), tf.distribute.in_cross_replica_context()],
            "replicas": [strategy.num_replicas_in_sync, context.num_replicas_in_sync, context.strategy is strategy,
                         context.replica_id_in_sync_group],
            "merge_call": context.merge_call(merge, args=(1,), kwargs={"b": 2}), "in_scope": in_scope,
            "after_merge": tf.distribute.get_replica_context() is context,
            "reduce_ops": [tf.distribute.ReduceOp.SUM.value, tf.distribute.ReduceOp.MEAN.value],
            "run": strategy.run(lambda v: v * 2, args=(x,)).op.type,
            "reduce": strategy.reduce(tf.distribute.ReduceOp.SUM, x, axis=None) is x,
            "local_results": strategy.experimental_local_results(x) == (x,),
            "values": values(strategy.reduce(tf.distribute.ReduceOp.MEAN, x, axis=0))}


@case("layer_activity_regularizer")
def _():
    class Scale(tf.layers.Layer):  # as tf-slim's GDN: the base Layer takes activity_regularizer
        def build(self, input_shape):
            self.k = self.add_variable("k", [int(input_shape[-1])], initializer=tf.ones_initializer())
            self.built = True

        def call(self, x):
            return x * self.k

    layer = Scale(activity_regularizer=lambda t: tf.reduce_sum(t) * 0.5, name="scale")
    y = layer(tf.constant([[1.0, 2.0], [3.0, 4.0]]))
    regularization = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    return {"variables": [v.op.name for v in layer.variables], "losses": len(layer.losses),
            "collection": [t.op.name for t in regularization], "values": values(y, *regularization, init=True)}


@case("batch_norm_undefined_channels")
def _():
    x = tf.placeholder(tf.float32)
    x.set_shape([5, None, 3, 3])
    return tf.layers.batch_normalization(x, axis=1)


@case("graph_from_inputs")
def _():
    from tensorflow.python.framework import ops

    g0, g1 = tf.Graph(), tf.Graph()
    with g0.as_default():
        values = [tf.constant(0.0), tf.constant(1.0)]
    with g1.as_default():
        other = tf.constant(2.0)
    got = [ops._get_graph_from_inputs(values) is g0, ops._get_graph_from_inputs([], g1) is g1]
    for inputs, graph in ((values, g1), (values + [other], None), (values + [other], g0)):
        try:
            ops._get_graph_from_inputs(inputs, graph)
        except ValueError as e:
            got.append(str(e).split(" (graphs are")[0])
    return got


@case("assign_add_to_a_tensor")
def _():
    got = []
    for fn in (tf.assign_add, tf.assign_sub):
        try:
            fn(tf.constant(43, dtype=tf.int64), 1)
        except AttributeError as e:  # TF asks the tensor for its own assign_add (TF 2.x names the class otherwise)
            got.append(["AttributeError", str(e).split("'")[-2]])
    v = tf.Variable(1.0, name="v")
    got.append([tf.assign_add(v, 2.0).op.type, tf.assign_sub(v, 1.0).op.type])
    return got


@case("nested_custom_getters")
def _():
    calls = []

    def outer(getter, name, *args, **kwargs):
        calls.append("outer:" + name)
        return getter(name, *args, **kwargs)

    def inner(getter, name, *args, **kwargs):
        calls.append("inner:" + name)
        return getter(name, *args, **kwargs)

    with tf.variable_scope("test", custom_getter=outer):
        tf.get_variable("a", [1])
        with tf.variable_scope("sub"):
            tf.get_variable("b", [1])
        with tf.variable_scope("sub2", custom_getter=inner) as sub2:
            tf.get_variable("c", [1])
        tf.layers.conv2d(tf.zeros([2, 4, 4, 3]), 2, 3)
    with tf.variable_scope(sub2):
        tf.get_variable("d", [1])
    return {"calls": calls, "slice_info": tf.Variable(1.0)._save_slice_info}


@case("custom_gradient_with_variables")
def _():
    w = tf.get_variable("w", [], initializer=tf.constant_initializer(3.0))
    b = tf.get_variable("b", [], initializer=tf.constant_initializer(1.0))

    @tf.custom_gradient
    def affine(x):
        def grad(dy, variables=None):  # rev_block's contract: input grads, then one grad per variable used
            return dy * 10.0, [dy * 100.0 * (i + 1) for i, _ in enumerate(variables)]
        return x * w + b, grad

    @tf.custom_gradient
    def no_variables_argument(x):
        return x * w, lambda dy: dy

    x = tf.constant(2.0)
    y = affine(x)
    grads = tf.gradients(y, [x, w, b])
    try:
        no_variables_argument(x)
        error = None
    except TypeError as e:
        error = ["TypeError", str(e).split(":")[0]]
    return {"values": values(y, *grads, init=True), "error": error}


print(json.dumps(out, sort_keys=True, default=repr))
