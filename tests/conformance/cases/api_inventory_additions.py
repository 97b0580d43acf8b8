import os
import tempfile

import numpy as np
import tensorflow as tf

# TF1 names added from the API inventory: raw-op aliases, bitwise shifts, accumulate_n, saturate_cast,
# get_local_variable, UnconnectedGradients, FastGFile/MkDir, the Summary/Event messages.
x = tf.constant([[1.0, 7.0, 3.0], [9.0, 2.0, 4.0]])
am = tf.arg_max(x, 1)
an = tf.arg_min(x, dimension=0, output_type=tf.int32)
print("arg_max:", am.op.type, am.op.name, am.dtype.name, "arg_min:", an.op.type, an.dtype.name)
fd = tf.floor_div(tf.constant([7, -7, 9]), tf.constant([2, 2, -4]))
print("floor_div:", fd.op.type, fd.op.name)

a = tf.constant([1, -8, 5, 127, -128], tf.int8)
s = tf.constant([1, 2, 7, 1, 9], tf.int8)
ls = tf.bitwise.left_shift(a, s)
rs = tf.bitwise.right_shift(a, s)
u = tf.constant([1, 255, 16], tf.uint8)
lu = tf.bitwise.left_shift(u, tf.constant([3, 1, 4], tf.uint8))
ru = tf.bitwise.right_shift(u, tf.constant([1, 7, 2], tf.uint8))
i64 = tf.bitwise.left_shift(tf.constant([3, -3], tf.int64), tf.constant([40, 62], tf.int64))
print("shifts:", ls.op.type, rs.op.type, ls.op.name, rs.dtype.name)

p = tf.constant([[1, 2], [3, 4]])
q = tf.constant([[5, 0], [0, 6]])
acc = tf.accumulate_n([p, q, p])
acc1 = tf.math.accumulate_n([p], shape=[2, 2], tensor_dtype=tf.int32)
print("accumulate_n:", acc.op.type, acc.op.name, acc.shape, acc1 is p)
for label, fn in [("mixed dtypes", lambda: tf.accumulate_n([p, tf.constant([[1.0, 2.0], [3.0, 4.0]])])),
                  ("empty", lambda: tf.accumulate_n([])),
                  ("bad shape", lambda: tf.accumulate_n([p, q], shape=[3])),
                  ("bad tensor_dtype", lambda: tf.accumulate_n([p, q], tensor_dtype=tf.float32))]:
    try:
        fn()
        print(label, "ok")
    except (ValueError, TypeError) as e:
        print(label, type(e).__name__, e)

f = tf.constant([-1e10, -300.0, -1.5, 0.0, 3.7, 254.9, 300.0, 1e10])
sc8 = tf.saturate_cast(f, tf.uint8)
sci = tf.dtypes.saturate_cast(f, tf.int16)
big = tf.saturate_cast(tf.constant([-5, 70000, 3], tf.int32), tf.int16)
back = tf.saturate_cast(tf.constant([1, 200], tf.uint8), tf.float32)
print("saturate_cast:", sc8.op.type, sc8.op.name, sc8.dtype.name, back.dtype.name)
print("dtypes.cast:", tf.dtypes.cast(p, tf.float32).op.type, "manip.reshape:", tf.manip.reshape(p, [4]).shape)

with tf.variable_scope("scope"):
    loc = tf.get_local_variable("counter", shape=[2], initializer=tf.zeros_initializer())
    loc2 = tf.get_local_variable("extra", shape=[], collections=["mine"])
print("local:", loc.name, loc2.name, [v.name for v in tf.local_variables()],
      [v.name for v in tf.trainable_variables()], [v.name for v in tf.get_collection("mine")])

w = tf.Variable(2.0, name="w")
unused = tf.Variable([1.0, 2.0], name="unused")
y = w * 3.0
g_none = tf.gradients(y, [w, unused])
g_zero = tf.gradients(y, [w, unused], unconnected_gradients=tf.UnconnectedGradients.ZERO)
g_str = tf.gradients(y, [unused], unconnected_gradients="zero")
print("unconnected:", g_none[1], [e.name for e in tf.UnconnectedGradients], tf.UnconnectedGradients("none"))
try:
    tf.gradients(y, [w], unconnected_gradients="sometimes")
except ValueError as e:
    print("bad unconnected_gradients:", e)

with tf.Session() as sess:
    sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
    print(sess.run([am, an, fd]))
    print(sess.run([ls, rs, lu, ru, i64]))
    print(sess.run([acc, acc1]))
    print(sess.run([sc8, sci, big, back]))
    print(sess.run([loc, g_zero, g_str]))

d = tempfile.mkdtemp()
path = os.path.join(d, "f.txt")
with tf.gfile.FastGFile(path, "w") as fh:
    fh.write("hello\n")
with tf.gfile.FastGFile(path, "rb") as fh:
    print("FastGFile:", fh.read())
tf.gfile.MkDir(os.path.join(d, "sub"))
print("MkDir:", tf.gfile.IsDirectory(os.path.join(d, "sub")))
tf.gfile.MkDir(os.path.join(d, "sub"))
open(os.path.join(d, "file"), "w").close()
tf.gfile.MkDir(os.path.join(d, "file"))
print("MkDir over an existing folder or file: no error")
try:
    tf.gfile.MkDir(os.path.join(d, "a", "b"))
except tf.errors.OpError as e:
    print("MkDir without its parent:", type(e).__name__)

summ = tf.Summary(value=[tf.Summary.Value(tag="loss", simple_value=0.5)])
ev = tf.Event(wall_time=1.5, step=3, summary=summ)
print("Summary:", tf.summary.Summary is tf.Summary, tf.summary.Event is tf.Event, ev.summary.value[0].tag,
      ev.step, len(ev.SerializeToString()))
print(tf.HistogramProto(min=0.0, max=1.0).max, tf.SessionLog(status=tf.SessionLog.START).status,
      tf.SummaryMetadata().plugin_data.plugin_name == "", tf.train.SaverDef().version,
      tf.TensorInfo(name="x:0").name, tf.MetaGraphDef().meta_info_def.tags[:], tf.NameAttrList(name="f").name,
      tf.LogMessage.INFO, type(tf.summary.TaggedRunMetadata(tag="t")).__name__)
