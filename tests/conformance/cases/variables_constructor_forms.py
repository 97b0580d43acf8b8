import tensorflow as tf
import numpy as np

# Forms of tf.Variable(...): dtypes, shapes, callables, operators on variables.
forms = [
    ("scalar float", tf.Variable(1.5)),
    ("int list", tf.Variable([1, 2, 3])),
    ("numpy float64", tf.Variable(np.zeros([2, 2]))),
    ("dtype=float64", tf.Variable(1, dtype=tf.float64)),
    ("from tensor", tf.Variable(tf.ones([2, 3]))),
    ("callable", tf.Variable(lambda: tf.constant([4.0, 5.0]), name="lazy")),
    ("validate_shape=False", tf.Variable(tf.zeros([2]), validate_shape=False, name="loose")),
    ("bool", tf.Variable(True)),
]
for label, v in forms:
    print(label + ":", v.op.name, v.dtype.name, v.shape, v.get_shape().as_list() if v.shape.ndims is not None else None)
v = forms[0][1]
print("device:", repr(v.device), "graph:", v.graph is tf.get_default_graph(), "op type:", v.op.type)
ops = [v + 1.0, v * v, -v, v[None], tf.square(v), 2.0 - v]
print("operators:", [(t.op.name, t.op.type) for t in ops])
print("inputs of v + 1:", [t.name for t in ops[0].op.inputs])
print("convert_to_tensor:", tf.convert_to_tensor(v).name, tf.convert_to_tensor(v).dtype.name)
print("lazy initial_value:", forms[5][1].initial_value.op.name)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for label, value in zip([f[0] for f in forms], sess.run([f[1] for f in forms])):
        print(label + " =", repr(value).replace("\n", ""))
    print("operator values:", [x.tolist() for x in sess.run(ops)])
try:
    tf.Variable()
except ValueError as e:
    print("no initial value:", type(e).__name__)
try:
    tf.Variable(1.0, dtype=tf.int32)
except Exception as e:
    print("float into int32 variable:", type(e).__name__)
