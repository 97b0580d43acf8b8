import tensorflow as tf

# Static shapes: printing TensorShape and Dimension, as_list, unknown dims and unknown rank.
c = tf.constant([[1, 2, 3], [4, 5, 6]])
p = tf.placeholder(tf.float32, shape=[None, 10])
u = tf.placeholder(tf.float32)
s = tf.constant(3.0)
print("c.shape:", c.shape)
print("repr:", repr(c.shape))
print("p.shape:", p.shape, repr(p.shape))
print("u.shape:", u.shape, repr(u.shape))
print("scalar:", s.shape, repr(s.shape))
print("as_list:", c.get_shape().as_list(), p.get_shape().as_list())
print("ndims:", c.shape.ndims, p.shape.ndims, u.shape.ndims, s.shape.ndims)
print("dims:", p.shape[0], p.shape[1], repr(p.shape[0]), repr(p.shape[1]))
print("dim value:", p.shape[0].value, p.shape[1].value, type(p.shape[1].value).__name__)
print("len:", len(p.shape), len(c.shape))
print("fully defined:", c.shape.is_fully_defined(), p.shape.is_fully_defined())
try:
    u.shape.as_list()
except ValueError as e:
    print("unknown rank as_list:", type(e).__name__, str(e))
print("equal shapes:", c.shape == tf.TensorShape([2, 3]), p.shape == tf.TensorShape([None, 10]))
print("tuple:", tuple(c.shape.as_list()), c.shape.num_elements(), p.shape.num_elements())
print("TensorShape(None):", tf.TensorShape(None), tf.TensorShape([]), tf.TensorShape([None]))
print("slice:", p.shape[1:], c.shape[:1])
