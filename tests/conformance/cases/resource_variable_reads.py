"""Resource variables are read when and where the read is made, as TF's ResourceVariable: each use makes a
new ReadVariableOp under the current control dependencies; feeding the variable feeds only its snapshot;
assign*/scatter_* return TF's unread variable (its op is the update, reads of it run after the update)."""
import numpy as np
import tensorflow as tf

v = tf.Variable(1.0, use_resource=True)
inc = v.assign_add(1.0)
with tf.control_dependencies([inc]):
    y = v * 2
z = v * 2
w = v.value() * 3
with tf.control_dependencies([inc]):
    r = v.read_value()
    u = tf.identity(v)
    val = v.value()
print("names", y.op.inputs[0].op.type, z.op.inputs[0].name, w.op.inputs[0].name, val.name, r.name, u.op.inputs[0].name)
print("more names", v.read_value().name, (v + 1).op.inputs[0].name, v[None].op.inputs[0].name,
      tf.convert_to_tensor(v).name)
with tf.Session() as s:
    s.run(v.initializer)
    print("read under control_dependencies([inc])", s.run(y))
    s.run(v.initializer)
    print("fed variable", s.run(z, {v: 5.0}), s.run(w, {v: 5.0}), s.run(v, {v: 7.0}))
    s.run(v.initializer)
    print("reads", s.run([r]), s.run(u), s.run(val), s.run(v))

m = tf.get_variable("m", initializer=np.ones((3, 2), np.float32), use_resource=True)
added = tf.scatter_add(m, [0, 0], [[1.0, 1.0], [2.0, 2.0]])
bumped = m.assign_add(tf.ones([3, 2]))
then = bumped.assign_sub(tf.ones([3, 2]) * 0.5)
print("unread", added.name, added.op.type, bumped.name, bumped.op.type, then.op.type,
      [c.type for c in then.op.control_inputs], added.dtype.name, added.shape)
with tf.Session() as s:
    s.run(m.initializer)
    print("scatter_add", s.run(added).tolist())
    print("assign_add", s.run(bumped).tolist())
    print("chained", s.run(then).tolist(), s.run(then.read_value() + 0).tolist())
