import tensorflow as tf

# tf.name_scope nesting, reopening (scope_1), absolute scopes and the scope string it yields.
with tf.name_scope("outer") as outer_scope:
    a = tf.constant(1.0, name="a")
    with tf.name_scope("inner") as inner_scope:
        b = tf.constant(2.0, name="b")
        c = a + b
    d = tf.multiply(a, 2.0)
print("scope strings:", repr(outer_scope), repr(inner_scope))
print("first:", [t.op.name for t in [a, b, c, d]])

with tf.name_scope("outer") as reopened:
    e = tf.constant(3.0, name="a")
print("reopened:", repr(reopened), e.op.name)

with tf.name_scope("outer"):
    f = tf.constant(4.0)
print("third time:", f.op.name)

with tf.name_scope(outer_scope):
    g = tf.constant(5.0, name="a")
print("absolute re-entry:", g.op.name)

with tf.name_scope("outer"):
    with tf.name_scope(None):
        h = tf.constant(6.0, name="top")
print("name_scope(None):", h.op.name)

with tf.name_scope("x"):
    with tf.name_scope("x"):
        i = tf.constant(7.0)
print("x/x:", i.op.name)

with tf.name_scope("outer/inner"):
    j = tf.constant(8.0, name="b")
print("slash scope:", j.op.name)
