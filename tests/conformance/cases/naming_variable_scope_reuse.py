import tensorflow as tf

# Reusing variables: reuse=True, AUTO_REUSE, reopening a scope (variable name vs op name scope).
with tf.variable_scope("foo"):
    v = tf.get_variable("v", [1])
    a = tf.constant(1.0, name="a")
with tf.variable_scope("foo", reuse=True):
    v2 = tf.get_variable("v", [1])
    b = tf.constant(2.0, name="a")
print("reuse=True same object:", v2 is v, v2.name)
print("op name in reopened scope:", a.op.name, b.op.name)

with tf.variable_scope("foo") as scope:
    scope.reuse_variables()
    v3 = tf.get_variable("v")
    c = tf.constant(3.0, name="a")
print("reuse_variables:", v3 is v, c.op.name, repr(scope.name))

with tf.variable_scope("bar", reuse=tf.AUTO_REUSE):
    w1 = tf.get_variable("w", [2], initializer=tf.zeros_initializer())
with tf.variable_scope("bar", reuse=tf.AUTO_REUSE):
    w2 = tf.get_variable("w", [2])
print("AUTO_REUSE:", w1 is w2, w1.name)

with tf.variable_scope("foo"):
    with tf.variable_scope("inner"):
        u = tf.get_variable("u", [1])
        d = u + 1.0
print("reopened nested:", u.name, d.op.name)

with tf.variable_scope(scope):
    e = tf.constant(4.0, name="a")
    try:
        tf.get_variable("u2", [1])
    except ValueError as err:
        print("reuse scope, new variable:", type(err).__name__, "foo/u2" in str(err), "does not exist" in str(err))
print("scope object reentry:", e.op.name)

try:
    with tf.variable_scope("foo"):
        tf.get_variable("v", [1])
except ValueError as err:
    print("duplicate without reuse:", type(err).__name__, "foo/v" in str(err), "already exists" in str(err))

with tf.name_scope("ns"):
    p = tf.get_variable("p", [1])
    q = tf.Variable(1.0, name="q")
print("get_variable ignores name_scope:", p.name, "Variable does not:", q.name)
print("globals:", [x.name for x in tf.global_variables()])

# A default name is made unique, so reuse cannot go with it (t2t's layer_norm(default_name=, reuse=AUTO_REUSE)
# is an error); reuse takes only True, False, None and AUTO_REUSE. Neither error takes a name.
for reuse in (True, tf.AUTO_REUSE, 1, "yes"):
    try:
        with tf.variable_scope(None, default_name="ln", reuse=reuse):
            pass
    except ValueError as err:
        print("default name, reuse", reuse, ":", type(err).__name__, err)
try:
    with tf.variable_scope("named", reuse=0.5):
        pass
except ValueError as err:
    print("named, reuse 0.5:", type(err).__name__, err)
with tf.variable_scope(None, default_name="ln", reuse=False) as free:
    print("default name, reuse=False:", free.name, free.reuse, free.original_name_scope)
