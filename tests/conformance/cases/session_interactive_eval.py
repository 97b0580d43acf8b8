import tensorflow as tf

# tf.InteractiveSession installs itself as default; Tensor.eval and Operation.run use it.
a = tf.constant(3.0)
b = a * 2.0
v = tf.Variable(1.0, name="v")
sess = tf.InteractiveSession()
print("default session:", tf.get_default_session() is sess)
v.initializer.run()
print("b.eval():", b.eval())
print("v.eval():", v.eval())
print("eval with feed:", b.eval(feed_dict={a: 10.0}))
v.assign(5.0).op.run()
print("after Operation.run:", v.eval())
print("assign op.run() returns:", v.assign(6.0).op.run())
sess.close()
print("after close, default:", tf.get_default_session() is None)

with tf.Session() as s2:
    print("in with block:", tf.get_default_session() is s2)
    s2.run(v.initializer)
    print("eval in with:", v.eval(), b.eval(session=s2))
print("after with:", tf.get_default_session() is None)

s3 = tf.Session()
with s3.as_default():
    print("as_default:", b.eval())
print("explicit session:", b.eval(session=s3))
s3.close()
try:
    b.eval()
except ValueError as e:
    print("no default session:", type(e).__name__, "default session" in str(e))
