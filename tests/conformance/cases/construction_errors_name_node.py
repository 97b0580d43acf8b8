import tensorflow as tf

# Shape errors at graph construction name the node as TF's NodeDef summary prints it:
# '{{node NAME}} = OpType[attrs sorted by name](inputs, ^control_inputs)' with input shapes: ...


def show(label, build):
    try:
        build()
        print(label + ": no error")
    except ValueError as e:
        print(label + ":", e)


a = tf.zeros([2], name="a")
b = tf.zeros([3], name="b")
m23 = tf.zeros([2, 3], name="m23")

show("named add", lambda: tf.add(tf.constant([1.0, 2.0]), tf.constant([1.0, 2.0, 3.0]), name="my_sum"))
with tf.name_scope("outer"):
    show("operator in a scope", lambda: a + b)
show("failed ops keep their names", lambda: tf.add(a, b))
print("next add:", tf.add(a, a).op.name)
show("bool attrs", lambda: tf.matmul(m23, m23, transpose_a=True, transpose_b=True))
show("string and list attrs", lambda: tf.nn.conv2d(tf.zeros([1, 4, 4, 3]), tf.zeros([2, 2, 2, 5]),
                                                   strides=[1, 1, 1, 1], padding="SAME"))
show("keep_dims", lambda: tf.reduce_sum(m23, axis=5, keepdims=True))
show("squeeze_dims", lambda: tf.squeeze(tf.zeros([2, 1, 3]), axis=[0, 1]))
show("long list attr", lambda: tf.squeeze(tf.zeros([1] * 35), axis=list(range(35)) + [40]))
show("data_format", lambda: tf.nn.bias_add(tf.zeros([2, 3, 4, 4]), tf.zeros([4]), data_format="NCHW"))
show("three inputs", lambda: tf.where_v2(tf.zeros([2], tf.bool), b, b))
show("variadic N", lambda: tf.add_n([a, b]))
show("equation string", lambda: tf.einsum("ij,jk->ik", m23, tf.zeros([4, 2])))
show("computed input tensor", lambda: tf.split(m23, 2, axis=1))
show("unknown rank input", lambda: tf.tile(tf.placeholder(tf.float32, None), [[1, 2]]))
show("multiples length", lambda: tf.tile(m23, [1, 2, 3]))
show("perm", lambda: tf.transpose(m23, [1, 0, 2]))
show("fixed attr", lambda: tf.equal(a, b))
show("rank check", lambda: tf.matmul(m23, b))
show("batch rank check", lambda: tf.matmul(tf.zeros([2, 3, 4]), b))
show("computed axis", lambda: tf.reverse(m23, [0, 5]))
v = tf.Variable(tf.zeros([2]), name="v")
show("variable input", lambda: tf.assign(v, b))
show("variable rank", lambda: tf.assign_add(v, m23))
k = tf.no_op(name="k")
indices = tf.nn.top_k(m23, 2)[1]
z3 = tf.zeros([3], tf.int32, name="z3")
with tf.control_dependencies([k]):
    show("control input and output 1", lambda: tf.add(indices, z3))
    show("inputs made in the block", lambda: tf.add(tf.nn.top_k(m23, 2)[1], tf.zeros([3], tf.int32)))
show("float attrs", lambda: tf.nn.fused_batch_norm(m23, tf.zeros([3]), tf.zeros([3])))
show("paddings rows", lambda: tf.pad(m23, [[1, 1]]))
show("begin and size lengths", lambda: tf.slice(m23, [0, 0], [1, 1, 1]))
show("input tensor as partial shape", lambda: tf.broadcast_to(m23, [3, 3]))
show("computed axis of argmax", lambda: tf.argmax(m23, axis=5))
show("k not a scalar", lambda: tf.nn.top_k(m23, k=tf.constant([1, 2])))
show("strided slice: too many indices", lambda: m23[:, :, 1])
show("strided slice: zero stride", lambda: m23[::0])
show("strided slice: index out of range", lambda: m23[5])
show("strided slice: negative index out of range", lambda: m23[:, -4])
# TF checks these only when the op runs: building them succeeds.
show("band part of a vector", lambda: tf.linalg.band_part(tf.constant([1.0, 2.0]), 0, 0))
show("cumsum with a vector axis", lambda: tf.cumsum(tf.constant([1.0, 2.0]), axis=tf.constant([0])))
show("slice size past the end", lambda: tf.slice(m23, [0, 0], [3, 1]))
