"""A TF1 program written against TensorFlow's internal modules, as TF1 libraries (tf-slim) write them.

Prints one JSON object of what it computed. tools/record_python_paths.py runs it on TensorFlow and keeps
the output (tests/compat/goldens/python_paths_program.json); tests/compat/test_python_paths.py runs it
unmodified with `sessionflow run` and compares.
"""

import json

import numpy as np
import tensorflow as tf
from tensorflow.python.client import session
from tensorflow.python.framework import constant_op, dtypes, errors_impl, ops, random_seed, tensor_shape, tensor_util
from tensorflow.python.ops import (
    array_ops,
    check_ops,
    clip_ops,
    control_flow_ops,
    gradients_impl,
    init_ops,
    math_ops,
    nn,
    nn_ops,
    random_ops,
    state_ops,
    variable_scope,
    variables,
)
from tensorflow.python.platform import gfile, tf_logging
from tensorflow.python.training import gradient_descent, training_util
from tensorflow.python.util import compat, deprecation, nest, tf_decorator, tf_inspect

tf.compat.v1.disable_v2_behavior()
out = {}


@deprecation.deprecated(None, "Use something else.")
def scaled(x, factor=2.0):
    """Scales x."""
    return math_ops.multiply(x, factor)


@ops.RegisterGradient("PythonPathsDoubledSquareGrad")
def _doubled_square_grad(op, grad):
    return grad * 4.0 * op.inputs[0]


graph = ops.Graph()
with graph.as_default():
    random_seed.set_random_seed(1234)
    x = array_ops.placeholder(dtypes.float32, [None, 3], name="x")
    labels = array_ops.placeholder(dtypes.int64, [None], name="labels")
    with variable_scope.variable_scope("dense"):
        w = variable_scope.get_variable("w", [3, 2], initializer=init_ops.truncated_normal_initializer(seed=7))
        b = variable_scope.get_variable("b", [2], initializer=init_ops.constant_initializer(0.1))
    with ops.name_scope("model") as scope:
        logits = nn_ops.bias_add(math_ops.matmul(x, w), b)
        probs = nn.softmax(logits)
        loss = math_ops.reduce_mean(nn_ops.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    ops.add_to_collections(["my_losses", ops.GraphKeys.LOSSES], loss)
    global_step = training_util.get_or_create_global_step()
    grads = gradients_impl.gradients(loss, [w, b])
    clipped, norm = clip_ops.clip_by_global_norm(grads, 0.5)
    train = gradient_descent.GradientDescentOptimizer(0.5).apply_gradients(
        zip(clipped, [w, b]), global_step=global_step)
    checked = control_flow_ops.with_dependencies([check_ops.assert_non_negative(probs)], probs)
    counter = variables.Variable(0, name="counter")
    bump = control_flow_ops.group(state_ops.assign_add(counter, 1), train)
    with ops.control_dependencies([bump]):
        after = array_ops.identity(counter)
    shape = array_ops.shape_internal(x, optimize=False)
    noise = random_ops.random_uniform([4], seed=3)
    c = constant_op.constant([1.0, 2.0, 3.0])
    with graph.gradient_override_map({"Square": "PythonPathsDoubledSquareGrad"}):
        squared = math_ops.square(c)
    overridden = gradients_impl.gradients(math_ops.reduce_sum(squared), c)[0]
    converted = ops.convert_to_tensor(np.array([[1, 2]], dtype=np.int32))
    doubled = scaled(converted, 3)

    out["scope"] = scope
    out["names"] = [logits.op.name, loss.op.name, w.op.name, global_step.op.name, shape.op.name]
    out["is_operation"] = isinstance(train, ops.Operation)
    out["default_graph"] = ops.get_default_graph() is graph
    out["my_losses"] = [t.name for t in ops.get_collection("my_losses")]
    out["losses_collection"] = [t.name for t in ops.get_collection(ops.GraphKeys.LOSSES)]
    out["trainable"] = [v.op.name for v in ops.get_collection(ops.GraphKeys.TRAINABLE_VARIABLES)]
    out["static_shape"] = [tensor_shape.dimension_value(d) for d in logits.shape]
    out["tensor_shape"] = str(tensor_shape.TensorShape([None, 3]).concatenate([2]))
    out["shape_dtype"] = shape.dtype.name
    out["deprecated_kept"] = scaled.__name__
    out["doubled"] = doubled.dtype.name

    feed = {x: [[1.0, 2.0, 3.0], [0.5, -1.0, 2.0], [-1.0, 0.0, 1.0]], labels: [0, 1, 1]}
    with session.Session(graph=graph) as sess:
        sess.run(variables.global_variables_initializer())
        out["w0"] = sess.run(w).tolist()
        out["norm0"] = float(sess.run(norm, feed))
        losses = []
        for _ in range(5):
            losses.append(float(sess.run(loss, feed)))
            out["after"] = int(sess.run(after, feed))
        out["losses"] = losses
        out["step"] = int(sess.run(global_step))
        out["probs"] = sess.run(checked, feed).tolist()
        out["shape"] = sess.run(shape, feed).tolist()
        out["noise"] = sess.run(noise).tolist()
        out["overridden"] = sess.run(overridden).tolist()
        out["doubled_value"] = sess.run(doubled).tolist()
        try:
            flat = array_ops.placeholder(dtypes.float32, [None])
            sess.run(array_ops.reshape(flat, [2, 2]), {flat: [1.0, 2.0, 3.0]})
        except errors_impl.InvalidArgumentError as e:
            out["error"] = [type(e).__name__, "Input to reshape is a tensor with 3 values" in e.message]

helpers = out["helpers"] = {}
with ops.Graph().as_default() as other:
    with ops.name_scope("outer"):
        with ops.name_scope("inner"):
            helpers["name_scope"] = ops.get_name_scope()
    a = constant_op.constant([[1, 2], [3, 4]], name="a")
    placeholder = array_ops.placeholder(dtypes.float32, [None, 2])
    helpers["graph_from_inputs"] = ops._get_graph_from_inputs([a, 3.0]) is other
    helpers["graph_from_nothing"] = ops._get_graph_from_inputs([]) is other
    helpers["constant_value"] = [
        tensor_util.constant_value(array_ops.concat([a, array_ops.fill([1, 2], 7)], 0)).tolist(),
        tensor_util.constant_value(array_ops.shape(placeholder[:, :1])) is None,
        tensor_util.constant_value(math_ops.cast(array_ops.shape(a), dtypes.float32)).tolist()]
    helpers["constant_value_not_evaluated"] = tensor_util.constant_value(a * 2) is None
    helpers["constant_value_unknown"] = tensor_util.constant_value(placeholder) is None
    helpers["constant_value_of_value"] = tensor_util.constant_value(5)
    helpers["convert_n"] = [t.op.name for t in ops.convert_n_to_tensor([1, 2.0], name="n")]
    helpers["get_collection_ref"] = ops.get_collection_ref("mine") is ops.get_collection_ref("mine")
    helpers["dimension_value"] = [tensor_shape.dimension_value(placeholder.shape[0]),
                                  tensor_shape.dimension_value(placeholder.shape[1]), tensor_shape.dimension_value(7)]
with ops.Graph().as_default():
    try:
        ops._get_graph_from_inputs([a, constant_op.constant(1)])
    except ValueError as e:
        helpers["graph_mismatch"] = "must be from the same graph" in str(e)
helpers["prepend"] = [ops.prepend_name_scope(n, "imp") for n in ("a/b", "^a", "loc:@a")] + [
    ops.prepend_name_scope("a", "")]
helpers["strip"] = [ops.strip_name_scope(n, "imp") for n in ("imp/a/b", "^imp/a", "loc:@imp/a", "other/a")]
try:
    deprecation.deprecated_argument_lookup("axis", 1, "dim", 2)
except ValueError as e:
    helpers["argument_lookup_error"] = str(e)
helpers["argument_lookup"] = [deprecation.deprecated_argument_lookup("axis", None, "dim", 2),
                              deprecation.deprecated_argument_lookup("axis", 1, "dim", None)]


@deprecation.deprecated_args(None, "Use axis.", "dim")
def reduce_like(x, axis=None, dim=None):
    return (x, deprecation.deprecated_argument_lookup("axis", axis, "dim", dim))


helpers["deprecated_args"] = reduce_like(1, dim=0)
helpers["argspec"] = list(tf_inspect.getargspec(reduce_like.__wrapped__ if hasattr(reduce_like, "__wrapped__")
                                                else reduce_like))


def traced(*args, **kwargs):
    return ("traced", reduce_like(*args, **kwargs))


decorated = tf_decorator.make_decorator(reduce_like, traced)
helpers["make_decorator"] = [decorated.__name__, decorated(2, axis=1)[0]]
helpers["enums"] = [[e.name, e.value] for e in (*variables.VariableSynchronization, *variables.VariableAggregation)]
helpers["is_nested"] = [nest.is_nested([1]), nest.is_nested(1), nest.is_nested({"a": 1})]
helpers["compat_types"] = [isinstance(np.int64(3), compat.integral_types), isinstance(b"x", compat.bytes_or_text_types)]

structure = {"b": (1, [2, 3]), "a": 4}
out["flat"] = nest.flatten(structure)
out["mapped"] = nest.map_structure(lambda v: v * 10, structure)
out["packed"] = nest.pack_sequence_as(structure, ["p", "q", "r", "s"])
out["compat"] = [compat.as_text(compat.as_bytes("héllo")), compat.as_str(b"ok"), repr(compat.as_bytes("x"))]
out["gfile"] = gfile.Exists("/definitely/not/here")
out["logging_level"] = tf_logging.get_verbosity() >= 0
print(json.dumps(out, sort_keys=True))
