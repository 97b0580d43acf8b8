"""tf.init_scope and the state TF builds inside it: variables (their initial values and
initializers), optimizer slots, the global step, metric accumulators and moving averages, created
under control dependencies or inside a tf.cond branch / tf.while_loop body."""

from __future__ import annotations

import numpy as np

from .harness import attempt, registry

PROGRAMS, program = registry()


def _names(ops) -> list:
    return [o.name for o in ops]


def _anatomy(v) -> dict:
    """The names of a variable's ops and the control inputs of each."""
    return {
        "name": v.name,
        "initializer": v.initializer.name,
        "initial_value": v.initial_value.name,
        "controls": [_names(o.control_inputs) for o in (v.op, v.initializer, v.value().op, v.initial_value.op)],
    }


@program
def init_scope_lifts_out_of_control_dependencies(tf):
    graph = tf.Graph()
    with graph.as_default():
        counter = tf.Variable(0.0, name="counter")
        bump = tf.assign_add(counter, 1.0)
        with tf.name_scope("outer"), tf.control_dependencies([bump]):
            inside = tf.constant(1.0, name="inside")
            with tf.init_scope():
                lifted = tf.constant(2.0, name="lifted")
                with tf.name_scope("nested"):
                    nested = tf.constant(3.0, name="c")
                with tf.control_dependencies([bump]):
                    again = tf.constant(4.0, name="again")
            after = tf.constant(5.0, name="after")
        tensors = [inside, lifted, nested, again, after]
        with tf.Session() as sess:
            sess.run(counter.initializer)
            values = sess.run([lifted, nested])
            count_after_lifted = sess.run(counter)
            sess.run(inside)
            count_after_inside = sess.run(counter)
    return {"names": [t.name for t in tensors], "controls": [_names(t.op.control_inputs) for t in tensors],
            "values": values, "count_after_lifted": count_after_lifted, "count_after_inside": count_after_inside}


@program
def init_scope_inside_cond_and_while(tf):
    graph = tf.Graph()
    with graph.as_default():
        pred = tf.placeholder(tf.bool, [], name="pred")
        lifted = []

        def true_fn():
            with tf.init_scope():
                lifted.append(tf.constant(3.0, name="lifted"))
            return lifted[-1] * 2.0

        result = tf.cond(pred, true_fn, lambda: tf.constant(-1.0))

        def body(i, total):
            with tf.init_scope():
                lifted.append(tf.constant(10.0, name="step"))
            return i + 1, total + lifted[-1]

        _, total = tf.while_loop(lambda i, t: i < 3, body, [tf.constant(0), tf.constant(0.0)])
        with tf.Session() as sess:
            direct = sess.run(lifted)  # outside the branch and the loop: no predicate to feed
            branches = [sess.run(result, {pred: True}), sess.run(result, {pred: False})]
            loop = sess.run(total)
    return {"names": [t.name for t in lifted], "direct": direct, "branches": branches, "loop": loop}


@program
def variables_under_control_dependencies(tf):
    graph = tf.Graph()
    with graph.as_default():
        counter = tf.Variable(0.0, name="counter")
        bump = tf.assign_add(counter, 1.0)
        with tf.name_scope("scoped"), tf.control_dependencies([bump]):
            from_python = tf.Variable(2.0, name="from_python")
            from_callable = tf.Variable(lambda: tf.ones([2]), name="from_callable")
            from_get_variable = tf.get_variable("from_get_variable", [2], initializer=tf.zeros_initializer())
            from_user_tensor = tf.Variable(tf.constant(5.0), name="from_user_tensor")
        lifted = [from_python, from_callable, from_get_variable]
        with tf.Session() as sess:
            sess.run(counter.initializer)
            sess.run(tf.variables_initializer(lifted))
            count_after_lifted = sess.run(counter)
            sess.run(from_user_tensor.initializer)  # its initial value was built under the dependency
            count_after_user_tensor = sess.run(counter)
            values = sess.run(lifted + [from_user_tensor])
    return {"variables": [_anatomy(v) for v in lifted + [from_user_tensor]], "values": values,
            "count_after_lifted": count_after_lifted, "count_after_user_tensor": count_after_user_tensor}


@program
def variables_created_inside_cond(tf):
    graph = tf.Graph()
    with graph.as_default():
        pred = tf.placeholder(tf.bool, [], name="p")

        def true_fn():
            w = tf.get_variable("w", [2], initializer=tf.ones_initializer())
            v = tf.Variable(lambda: tf.constant([5.0, 6.0]), name="v")
            return w * 2.0 + v

        with tf.name_scope("outer"):
            result = tf.cond(pred, true_fn, lambda: tf.constant([0.0, 0.0]))

        def from_tensor():
            return tf.Variable(tf.constant(1.0), name="bad") + 1.0

        error = attempt(lambda: tf.cond(pred, from_tensor, lambda: tf.constant(0.0)))
        variables = tf.global_variables()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())  # no predicate fed
            values = [sess.run(result, {pred: True}), sess.run(result, {pred: False})]
    return {"variables": [_anatomy(v) for v in variables], "values": values, "tensor_initial_value": error}


@program
def variable_created_in_while_body(tf):
    graph = tf.Graph()
    with graph.as_default():
        def body(i, total):
            u = tf.get_variable("u", [], initializer=tf.constant_initializer(3.0))
            return i + 1, total + u

        _, total = tf.while_loop(lambda i, t: i < 4, body, [tf.constant(0), tf.constant(0.0)])
        variables = tf.global_variables()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            value = sess.run(total)
    return {"variables": [_anatomy(v) for v in variables], "value": value}


@program
def train_variable_created_in_cond(tf):
    graph = tf.Graph()
    with graph.as_default():
        pred = tf.placeholder(tf.bool, [], name="p")

        def true_fn():
            w = tf.get_variable("w", [3], initializer=tf.constant_initializer([0.0, 1.0, 2.0]))
            return tf.reduce_sum(tf.square(w - 1.5))

        loss = tf.cond(pred, true_fn, lambda: tf.constant(0.0))
        train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
        names = [v.op.name for v in tf.global_variables()]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [sess.run([loss, train], {pred: step % 3 != 2})[0] for step in range(6)]
            final = sess.run(tf.global_variables())
    return {"names": names, "losses": losses, "final": final}


@program
def metrics_under_control_dependencies(tf):
    graph = tf.Graph()
    with graph.as_default():
        labels = tf.placeholder(tf.int64, [None])
        predictions = tf.placeholder(tf.int64, [None])
        values = tf.placeholder(tf.float32, [None])
        checked = tf.identity(values)
        with tf.control_dependencies([checked]):
            accuracy, accuracy_update = tf.metrics.accuracy(labels, predictions)
            mean, mean_update = tf.metrics.mean(values)
        local = tf.local_variables()
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())  # no feeds needed
            feeds = [({labels: [1, 2, 3], predictions: [1, 0, 3], values: [1.0, 2.0]}),
                     ({labels: [0, 0], predictions: [0, 1], values: [6.0]})]
            updates = [sess.run([accuracy_update, mean_update], feed) for feed in feeds]
            final = sess.run([accuracy, mean], {values: []})  # built under the dependency on `checked`
    return {"local": [_anatomy(v) for v in local], "updates": updates, "final": final}


@program
def global_step_under_control_dependencies(tf):
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None])
        w = tf.Variable(2.0, name="w")
        loss = tf.reduce_mean(tf.square(w * x - 1.0))
        with tf.control_dependencies([loss]):
            step = tf.train.get_or_create_global_step()
            train = tf.train.GradientDescentOptimizer(0.05).minimize(loss, global_step=step)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())  # x is not fed
            history = [sess.run([train, step, w], {x: [1.0, 2.0]})[1:] for _ in range(3)]
    return {"global_step": _anatomy(step), "train_op": [train.name, train.type], "history": history}


@program
def moving_averages_under_control_dependencies(tf):
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [3])
        w = tf.Variable([1.0, 2.0, 3.0], name="w")
        loss = tf.reduce_sum(w * x, name="loss")
        batch_mean = tf.reduce_mean(x, name="batch_mean")
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        with tf.control_dependencies([train]):
            ema = tf.train.ExponentialMovingAverage(0.5)
            maintain = ema.apply([w, batch_mean])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())  # x is not fed
            history = []
            for step in range(3):
                sess.run(maintain, {x: np.array([1.0, 0.5, 2.0], np.float32) * (step + 1)})
                history.append(sess.run([w, ema.average(w), ema.average(batch_mean)]))
    return {"globals": [v.op.name for v in tf.global_variables()],
            "averaged": [v.op.name for v in tf.moving_average_variables()],
            "shadow_controls": [[_names(o.control_inputs) for o in (s.op, s.initializer, s.initial_value.op)]
                                for s in (ema.average(w), ema.average(batch_mean))],
            "history": history}
