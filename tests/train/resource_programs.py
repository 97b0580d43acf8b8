"""TF1 programs that train resource variables, shared by tools/record_resource_training.py (which runs
them on real TensorFlow) and tests/train/test_resource_training.py (which runs them on sessionflow).

Each function takes a TF1-compatible module `tf` (TensorFlow's compat.v1 or sessionflow) and returns
plain Python data: losses, final values, variable and op types, names. Initial values and batches come
from fixed NumPy generators and are fed, so both libraries see the same numbers.
"""

import numpy as np

STEPS = 20

OPTIMIZERS = {
    "sgd": lambda tf: tf.train.GradientDescentOptimizer(0.1),
    "momentum": lambda tf: tf.train.MomentumOptimizer(0.05, 0.9),
    "nesterov": lambda tf: tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True),
    "adam": lambda tf: tf.train.AdamOptimizer(0.01),
    "adagrad": lambda tf: tf.train.AdagradOptimizer(0.1),
    "adadelta": lambda tf: tf.train.AdadeltaOptimizer(1.0),
    "rmsprop": lambda tf: tf.train.RMSPropOptimizer(0.01),
    "rmsprop_centered": lambda tf: tf.train.RMSPropOptimizer(0.01, momentum=0.5, centered=True),
    "ftrl": lambda tf: tf.train.FtrlOptimizer(0.1, l1_regularization_strength=0.001,
                                              l2_regularization_strength=0.001),
    "ftrl_shrinkage": lambda tf: tf.train.FtrlOptimizer(0.1, l2_shrinkage_regularization_strength=0.01, beta=0.1),
    "proximal_sgd": lambda tf: tf.train.ProximalGradientDescentOptimizer(0.1, l1_regularization_strength=0.001,
                                                                         l2_regularization_strength=0.001),
}

# The update ops sessionflow has to build: TF's op types, as TF's optimizers pick them.
_TRAINING_PREFIXES = ("Apply", "SparseApply", "ResourceApply", "ResourceSparseApply", "ResourceScatter",
                      "Scatter", "Assign")


def _mlp_data():
    rng = np.random.RandomState(7)
    weights = {"w1": (rng.randn(10, 16) * 0.4).astype(np.float32), "b1": np.zeros(16, np.float32),
               "w2": (rng.randn(16, 3) * 0.4).astype(np.float32), "b2": np.zeros(3, np.float32)}
    xs = rng.rand(STEPS, 16, 10).astype(np.float32)
    ys = rng.randint(0, 3, size=(STEPS, 16)).astype(np.int64)
    return weights, xs, ys


def _mlp(tf, weights, use_resource=True):
    """10-16-3 with tanh, variables made by get_variable in a use_resource variable_scope."""
    x = tf.placeholder(tf.float32, [None, 10], name="x")
    y = tf.placeholder(tf.int64, [None], name="y")
    with tf.variable_scope("mlp", use_resource=use_resource):
        params = {name: tf.get_variable(name, initializer=value) for name, value in weights.items()}
    hidden = tf.tanh(tf.matmul(x, params["w1"]) + params["b1"])
    logits = tf.matmul(hidden, params["w2"]) + params["b2"]
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    return x, y, params, loss


def _update_types(graph, optimizer_name):
    return sorted({op.type for op in graph.get_operations()
                   if op.name.startswith(optimizer_name + "/") and op.type.startswith(_TRAINING_PREFIXES)})


def _variable_types(optimizer):
    return {v.op.name: v.op.type for v in optimizer.variables()}


def mlp_training(tf, optimizer_name):
    """Trains the MLP STEPS steps; returns losses, final weights, the optimizer's variables (name -> op
    type) and the op types its training op updates through."""
    weights, xs, ys = _mlp_data()
    graph = tf.Graph()
    with graph.as_default():
        x, y, params, loss = _mlp(tf, weights)
        optimizer = OPTIMIZERS[optimizer_name](tf)
        train = optimizer.minimize(loss)
        with tf.Session(graph=graph) as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train], {x: xs[i], y: ys[i]})[0]) for i in range(STEPS)]
            final = {name: sess.run(v).tolist() for name, v in params.items()}
        return dict(losses=losses, weights=final, variables=_variable_types(optimizer),
                    variable_types=sorted({v.op.type for v in params.values()}),
                    update_types=_update_types(graph, optimizer.get_name()))


def _embedding_data():
    rng = np.random.RandomState(11)
    table = (rng.randn(12, 4) * 0.5).astype(np.float32)
    dense = (rng.randn(4, 2) * 0.5).astype(np.float32)
    ids = rng.randint(0, 12, size=(STEPS, 6, 3)).astype(np.int32)  # rows repeat within a batch
    labels = rng.randint(0, 2, size=(STEPS, 6)).astype(np.int64)
    return table, dense, ids, labels


def embedding_training(tf, optimizer_name):
    """A bag-of-embeddings classifier over a resource embedding table: the table's gradient is
    IndexedSlices (ResourceGather), applied with the optimizer's sparse update."""
    table_value, dense_value, all_ids, all_labels = _embedding_data()
    graph = tf.Graph()
    with graph.as_default():
        ids = tf.placeholder(tf.int32, [None, 3], name="ids")
        labels = tf.placeholder(tf.int64, [None], name="labels")
        table = tf.get_variable("table", initializer=table_value, use_resource=True)
        dense = tf.get_variable("dense", initializer=dense_value, use_resource=True)
        looked = tf.nn.embedding_lookup(table, ids)
        logits = tf.matmul(tf.reduce_mean(looked, axis=1), dense)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
        optimizer = OPTIMIZERS[optimizer_name](tf)
        grads_and_vars = optimizer.compute_gradients(loss)
        train = optimizer.apply_gradients(grads_and_vars)
        with tf.Session(graph=graph) as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train], {ids: all_ids[i], labels: all_labels[i]})[0])
                      for i in range(STEPS)]
            final = sess.run(table).tolist()
        return dict(losses=losses, table=final, lookup_type=looked.op.type if looked.op.type != "Identity"
                    else looked.op.inputs[0].op.type,
                    gradient_types={v.op.name: "IndexedSlices" if type(g).__name__ == "IndexedSlices" else "Tensor"
                                    for g, v in grads_and_vars},
                    variables=_variable_types(optimizer), update_types=_update_types(graph, optimizer.get_name()))


def saver_round_trip(tf, directory, restore_as_resource=True):
    """Trains the resource MLP with Adam 5 steps, saves it with tf.train.Saver, then restores it into a
    new graph (resource or reference variables) and trains 5 more steps. Returns the checkpoint's
    variables (name -> shape), the losses before and after, and the restored weights' first values."""
    weights, xs, ys = _mlp_data()
    path = directory + "/model.ckpt"
    first = tf.Graph()
    with first.as_default():
        x, y, params, loss = _mlp(tf, weights)
        train = tf.train.AdamOptimizer(0.01).minimize(loss)
        saver = tf.train.Saver()
        with tf.Session(graph=first) as sess:
            sess.run(tf.global_variables_initializer())
            before = [float(sess.run([loss, train], {x: xs[i], y: ys[i]})[0]) for i in range(5)]
            saved_w1 = sess.run(params["w1"])[0, :4].tolist()
            prefix = saver.save(sess, path)
    checkpoint = {name: list(shape) for name, shape in tf.train.list_variables(prefix)}
    second = tf.Graph()
    with second.as_default():
        x, y, params, loss = _mlp(tf, weights, use_resource=restore_as_resource)
        train = tf.train.AdamOptimizer(0.01).minimize(loss)
        saver = tf.train.Saver()
        with tf.Session(graph=second) as sess:
            saver.restore(sess, prefix)
            restored_w1 = sess.run(params["w1"])[0, :4].tolist()
            after = [float(sess.run([loss, train], {x: xs[i], y: ys[i]})[0]) for i in range(5, 10)]
        types = sorted({v.op.type for v in params.values()})
    return dict(checkpoint=checkpoint, before=before, after=after, saved_w1=saved_w1, restored_w1=restored_w1,
                variable_types=types)


def resource_variables_switched_on(tf, switch="enable_resource_variables"):
    """A program that starts with tf.enable_resource_variables() (or, with `switch`
    "enable_v2_behavior", tf.enable_v2_behavior() then tf.disable_eager_execution()): tf.Variable,
    get_variable and the global step are resource variables; tf.gradients of a variable works; Adam
    trains it. The caller switches resource variables off again."""
    if switch == "enable_v2_behavior":
        tf.enable_v2_behavior()
        tf.disable_eager_execution()
    else:
        tf.enable_resource_variables()
    rng = np.random.RandomState(3)
    xs = rng.rand(STEPS, 8, 3).astype(np.float32)
    ys = (xs @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.3).astype(np.float32)
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None, 3])
        y = tf.placeholder(tf.float32, [None, 1])
        w = tf.Variable(np.zeros((3, 1), np.float32), name="w")
        b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
        step = tf.train.get_or_create_global_step()
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        grad_w = tf.gradients(loss, w)[0]
        optimizer = tf.train.AdamOptimizer(0.1)
        train = optimizer.minimize(loss, global_step=step)
        with tf.Session(graph=graph) as sess:
            sess.run(tf.global_variables_initializer())
            first_grad = sess.run(grad_w, {x: xs[0], y: ys[0]}).ravel().tolist()
            losses = [float(sess.run([loss, train], {x: xs[i], y: ys[i]})[0]) for i in range(STEPS)]
            final = dict(w=sess.run(w).ravel().tolist(), b=sess.run(b).tolist(), step=int(sess.run(step)))
        return dict(losses=losses, final=final, first_grad=first_grad, train_type=train.type,
                    variable_types={v.op.name: v.op.type for v in tf.global_variables()},
                    update_types=_update_types(graph, "Adam"))
