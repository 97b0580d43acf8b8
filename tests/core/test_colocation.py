"""Colocation (tf.colocate_with): the `_class` attr, the colocated op's device, and the ops TF colocates
on its own (variable initializers and reads, ops writing a variable, optimizer slots, gradients on request).
The expected values are TF 2.21's output (tf.compat.v1, eager off, reference variables)."""

from __future__ import annotations

import pytest

import sessionflow as tf


def _class(op):
    try:
        return op.get_attr("_class")
    except ValueError:
        return None


def test_colocate_with_groups_and_devices():
    g = tf.Graph()
    with g.as_default():
        with tf.device("/cpu:0"):
            a = tf.constant(1.0, name="a")
        with tf.device("/gpu:0"):
            b = tf.constant(2.0, name="b")
            with tf.colocate_with(a):
                c = tf.add(a, b, name="c")
                with tf.device("/gpu:1"):
                    d = tf.identity(c, name="d")
            with tf.colocate_with(c.op):
                e = tf.identity(c, name="e")
                with tf.colocate_with(b, ignore_existing=True):
                    f = tf.identity(c, name="f")
                with tf.colocate_with(None, ignore_existing=True):
                    h = tf.identity(c, name="h")
        with pytest.raises(ValueError, match=r"Trying to reset colocation \(op is None\) but ignore_existing"):
            with tf.colocate_with(None):
                pass
    got = {t.op.name: (t.op.device, _class(t.op), t.op.colocation_groups()) for t in (a, b, c, d, e, f, h)}
    assert got == {
        "a": ("/device:CPU:0", None, [b"loc:@a"]),
        "b": ("/device:GPU:0", None, [b"loc:@b"]),
        "c": ("/device:CPU:0", [b"loc:@a"], [b"loc:@a"]),
        "d": ("/device:CPU:0", [b"loc:@a"], [b"loc:@a"]),
        "e": ("/device:CPU:0", [b"loc:@a"], [b"loc:@a"]),
        "f": ("/device:GPU:0", [b"loc:@b"], [b"loc:@b"]),
        "h": ("", None, [b"loc:@h"]),
    }


def _placement(graph, prefixes):
    return {op.name: (op.device, _class(op)) for op in graph.get_operations() if op.name.startswith(prefixes)}


def test_variables_and_adam_slots_are_colocated_with_their_variable():
    g = tf.Graph()
    with g.as_default():
        with tf.device("/cpu:0"):
            v = tf.get_variable("v", [2], initializer=tf.zeros_initializer())
            w = tf.Variable([1.0, 2.0], name="w")
        with tf.device("/gpu:0"):
            tf.train.AdamOptimizer(0.1).minimize(tf.reduce_sum(v * w))
    cpu, v_, w_ = "/device:CPU:0", [b"loc:@v"], [b"loc:@w"]
    assert _placement(g, ("v", "w/", "beta1_power", "Adam/")) == {
        "v/Initializer/zeros": ("", v_), "v": (cpu, v_), "v/Assign": (cpu, v_), "v/read": (cpu, v_),
        "w/initial_value": (cpu, None), "w/Assign": (cpu, w_), "w/read": (cpu, w_),
        "beta1_power/initial_value": (cpu, v_), "beta1_power": (cpu, v_), "beta1_power/Assign": (cpu, v_),
        "beta1_power/read": (cpu, v_),
        "v/Adam/Initializer/zeros": (cpu, v_), "v/Adam": (cpu, v_), "v/Adam/Assign": (cpu, v_),
        "v/Adam/read": (cpu, v_),
        "v/Adam_1/Initializer/zeros": (cpu, v_), "v/Adam_1": (cpu, v_), "v/Adam_1/Assign": (cpu, v_),
        "v/Adam_1/read": (cpu, v_),
        "w/Adam/Initializer/zeros": (cpu, w_), "w/Adam": (cpu, w_), "w/Adam/Assign": (cpu, w_),
        "w/Adam/read": (cpu, w_),
        "w/Adam_1/Initializer/zeros": (cpu, w_), "w/Adam_1": (cpu, w_), "w/Adam_1/Assign": (cpu, w_),
        "w/Adam_1/read": (cpu, w_),
        "Adam/learning_rate": ("/device:GPU:0", None), "Adam/beta1": ("/device:GPU:0", None),
        "Adam/beta2": ("/device:GPU:0", None), "Adam/epsilon": ("/device:GPU:0", None),
        "Adam/update_v/ApplyAdam": (cpu, v_), "Adam/update_w/ApplyAdam": (cpu, w_),
        "Adam/mul": (cpu, v_), "Adam/Assign": (cpu, v_), "Adam/mul_1": (cpu, v_), "Adam/Assign_1": (cpu, v_),
    }
    assert g.get_operation_by_name("Adam").device == cpu  # tf.group on the one device of its inputs


def test_colocate_gradients_with_ops():
    g = tf.Graph()
    with g.as_default():
        x = tf.constant([1.0, 2.0], name="x")
        with tf.device("/gpu:0"):
            y = tf.multiply(x, x, name="mul")
        with tf.device("/cpu:0"):
            dx, = tf.gradients(y, [x], colocate_gradients_with_ops=True)
            dx2, = tf.gradients(y, [x])
    assert (dx.op.name, dx.op.device, _class(dx.op)) == (
        "gradients/AddN", "/device:GPU:0", [b"loc:@mul"])
    assert _placement(g, ("gradients/mul_grad/",)) == {
        "gradients/mul_grad/Mul": ("/device:GPU:0", [b"loc:@mul"]),
        "gradients/mul_grad/Mul_1": ("/device:GPU:0", [b"loc:@mul"]),
    }
    assert _placement(g, ("gradients_1/mul_grad/",)) == {
        "gradients_1/mul_grad/Mul": ("/device:CPU:0", None),
        "gradients_1/mul_grad/Mul_1": ("/device:CPU:0", None),
    }
    # the sum of x's gradients is colocated with the first of them, asked for or not
    assert (dx2.op.name, dx2.op.device, _class(dx2.op)) == (
        "gradients_1/AddN", "/device:CPU:0", [b"loc:@gradients_1/mul_grad/Mul"])


def test_group_splits_by_device_and_global_step_update_is_colocated():
    g = tf.Graph()
    with g.as_default():
        with tf.device("/cpu:0"):
            a = tf.constant(1.0, name="a")
        with tf.device("/cpu:1"):
            b = tf.constant(2.0, name="b")
        c = tf.constant(3.0, name="c")
        tf.group(b, a, c, name="g")
        tf.group(a, a, name="h")
        with tf.device("/gpu:0"):
            x = tf.Variable(1.0, name="x")
            step = tf.train.get_or_create_global_step()
        with tf.device("/gpu:1"):
            tf.train.GradientDescentOptimizer(0.1).minimize(x * 2.0, global_step=step)
    got = {op.name: (op.device, [i.name for i in op.control_inputs])
           for op in g.get_operations() if op.name in ("g/NoOp", "g/NoOp_1", "g/NoOp_2", "g", "h")}
    assert got == {"g/NoOp": ("", ["c"]), "g/NoOp_1": ("/device:CPU:0", ["a"]),
                   "g/NoOp_2": ("/device:CPU:1", ["b"]), "g": ("", ["g/NoOp", "g/NoOp_1", "g/NoOp_2"]),
                   "h": ("/device:CPU:0", ["a"])}
    gpu0 = "/device:GPU:0"
    assert _placement(g, ("GradientDescent", "global_step")) == {
        "global_step/Initializer/zeros": ("", [b"loc:@global_step"]),
        "global_step": (gpu0, [b"loc:@global_step"]),
        "global_step/Assign": (gpu0, [b"loc:@global_step"]),
        "global_step/read": (gpu0, [b"loc:@global_step"]),
        "GradientDescent/learning_rate": ("/device:GPU:1", None),
        "GradientDescent/update_x/ApplyGradientDescent": (gpu0, [b"loc:@x"]),
        "GradientDescent/update": (gpu0, None),
        "GradientDescent/value": (gpu0, [b"loc:@global_step"]),
        "GradientDescent": (gpu0, [b"loc:@global_step"]),
    }


def test_class_attr_in_graph_def_and_import():
    g = tf.Graph()
    with g.as_default():
        with tf.device("/cpu:0"):
            a = tf.constant(1.0, name="a")
        with tf.colocate_with(a):
            tf.add(a, a, name="c")
    nodes = {n.name: n for n in g.as_graph_def().node}
    assert list(nodes["c"].attr["_class"].list.s) == [b"loc:@a"] and nodes["c"].device == "/device:CPU:0"
    assert "_class" not in nodes["a"].attr
    g2 = tf.Graph()
    with g2.as_default():
        tf.import_graph_def(g.as_graph_def(), name="imp")
        tf.import_graph_def(g.as_graph_def(), name="")
    assert g2.get_operation_by_name("imp/c").get_attr("_class") == [b"loc:@imp/a"]
    assert g2.get_operation_by_name("imp/c").colocation_groups() == [b"loc:@imp/a"]
    assert g2.get_operation_by_name("c").get_attr("_class") == [b"loc:@a"]
    assert g2.get_operation_by_name("imp/c").device == "/device:CPU:0"


def test_resource_variable_initializer_names_and_colocation():
    g = tf.Graph()
    with g.as_default():
        with tf.device("/cpu:0"):
            tf.get_variable("r", [2], use_resource=True)
    cpu = "/device:CPU:0"
    got = _placement(g, ("r",))
    assert got["r/Initializer/random_uniform"] == ("", [b"loc:@r"])
    assert got["r"] == (cpu, [b"loc:@r"])
    assert got["r/Assign"] == (cpu, None)  # TF's name for the initializer op
    assert got["r/Read/ReadVariableOp"] == (cpu, None)
