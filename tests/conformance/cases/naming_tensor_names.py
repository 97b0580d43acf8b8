import tensorflow as tf

# Tensor names (op:index), multi-output ops and lookups by name.
x = tf.placeholder(tf.float32, shape=[4], name="x")
parts = tf.split(x, 2, name="parts")
uniq = tf.unique(tf.constant([1, 1, 2]), name="uniq")
print("x:", x.name, x.op.name, x.value_index)
print("split:", [p.name for p in parts], len(parts[0].op.outputs))
print("unique:", uniq.y.name, uniq.idx.name)
g = tf.get_default_graph()
print("by name same object:", g.get_tensor_by_name("x:0") is x, g.get_operation_by_name("x") is x.op)
print("as_graph_element:", g.as_graph_element("parts:1") is parts[1])
y = x * 2.0
print("consumers:", [op.name for op in x.consumers()])
print("inputs:", [t.name for t in y.op.inputs])
print("graph:", y.graph is g, y.op.graph is g)
print("outputs:", [t.name for t in parts[0].op.outputs])
print("op inputs of split:", [t.name for t in parts[0].op.inputs])
