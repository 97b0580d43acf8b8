import tensorflow as tf

# Default graph handling: tf.Graph().as_default(), nesting, reset_default_graph, Operation basics.
g0 = tf.get_default_graph()
a = tf.constant(1.0, name="a")
g1 = tf.Graph()
with g1.as_default() as entered:
    print("as_default yields the graph:", entered is g1, tf.get_default_graph() is g1)
    b = tf.constant(2.0, name="a")
    print("names are per graph:", b.op.name, b.graph is g1)
    g2 = tf.Graph()
    with g2.as_default():
        print("nested:", tf.get_default_graph() is g2)
    print("back to g1:", tf.get_default_graph() is g1)
print("back to g0:", tf.get_default_graph() is g0, a.graph is g0)
print("op counts:", len(g0.get_operations()), len(g1.get_operations()), len(g2.get_operations()))
c = a * 3.0
op = c.op
print("operation:", op.name, op.type, [t.name for t in op.inputs], [t.name for t in op.outputs])
print("device:", repr(op.device), "node_def name:", op.node_def.name, op.node_def.op)
print("attr T:", repr(op.get_attr("T")), "const dtype:", repr(a.op.get_attr("dtype")))
print("control_inputs:", op.control_inputs, "graph:", op.graph is g0)
print("isinstance:", isinstance(op, tf.Operation), isinstance(c, tf.Tensor), isinstance(g0, tf.Graph))
print("graph_def nodes:", [n.name for n in g0.as_graph_def().node])
with g1.as_default():
    try:
        tf.reset_default_graph()
    except AssertionError as e:
        print("reset inside a graph context:", type(e).__name__)
tf.reset_default_graph()
g3 = tf.get_default_graph()
print("after reset: new graph:", g3 is not g0, "empty:", g3.get_operations() == [])
print("names restart:", tf.constant(0.0).op.name, tf.constant(0.0, name="a").op.name)
print("old tensors keep their graph:", a.graph is g0)
