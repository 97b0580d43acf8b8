import tensorflow as tf

# set_shape refines a static shape; incompatible refinements raise ValueError.
p = tf.placeholder(tf.float32)
print("before:", p.shape)
p.set_shape([None, 3])
print("after [None, 3]:", p.shape)
p.set_shape([2, None])
print("after [2, None]:", p.shape)
try:
    p.set_shape([4, 3])
except ValueError as e:
    print("incompatible:", type(e).__name__, "Shapes are [2,3] and [4,3]" in str(e))
q = tf.placeholder(tf.float32, shape=[None, 10])
r = tf.reshape(q, [-1, 5])
print("reshape -1:", r.shape)
s = tf.reshape(tf.zeros([6]), [-1, 3])
print("reshape known:", s.shape)
t = q * 2.0
print("elementwise:", t.shape)
m = tf.matmul(q, tf.zeros([10, 4]))
print("matmul:", m.shape)
cat = tf.concat([q, q], axis=1)
print("concat:", cat.shape)
b = tf.zeros([3, 1]) + tf.zeros([4])
print("broadcast:", b.shape)
red = tf.reduce_sum(q, axis=1)
print("reduce:", red.shape, tf.reduce_sum(q).shape, tf.reduce_sum(q, axis=0, keepdims=True).shape)
print("tf.shape static:", tf.shape(q).shape, tf.shape(q).dtype)
try:
    tf.zeros([2, 3]) + tf.zeros([4])
except ValueError as e:
    print("broadcast error:", type(e).__name__, "Dimensions must be equal" in str(e))
try:
    tf.matmul(tf.zeros([2, 3]), tf.zeros([4, 5]))
except ValueError as e:
    print("matmul error:", type(e).__name__, "Dimensions must be equal" in str(e))
