import tensorflow as tf

# Which collections variables land in: global, trainable, local, and custom collections=.
a = tf.Variable(1.0, name="a")
b = tf.Variable(2.0, name="b", trainable=False)
c = tf.Variable(3.0, name="c", collections=[tf.GraphKeys.LOCAL_VARIABLES])
d = tf.Variable(4.0, name="d", collections=["mine"])
e = tf.Variable(5.0, name="e", collections=["mine", tf.GraphKeys.GLOBAL_VARIABLES])
with tf.variable_scope("scope"):
    f = tf.get_variable("f", [1])
    g = tf.get_variable("g", [1], trainable=False)
    h = tf.get_variable("h", [1], collections=[tf.GraphKeys.LOCAL_VARIABLES])
step = tf.train.get_or_create_global_step()
names = lambda xs: [x.name for x in xs]
print("global:", names(tf.global_variables()))
print("trainable:", names(tf.trainable_variables()))
print("local:", names(tf.local_variables()))
print("mine:", names(tf.get_collection("mine")))
print("all_variables:", names(tf.all_variables()))
print("model:", names(tf.model_variables()))
print("global scope filter:", names(tf.global_variables(scope="scope")))
print("trainable scope filter:", names(tf.trainable_variables("scope")))
print("global step:", step.name, step.dtype.name, step.shape, step.trainable)
print("keys:", tf.GraphKeys.GLOBAL_VARIABLES, tf.GraphKeys.TRAINABLE_VARIABLES, tf.GraphKeys.LOCAL_VARIABLES)
print("trainable attr:", a.trainable, b.trainable, c.trainable, d.trainable)
print("collection keys:", sorted(tf.get_default_graph().get_all_collection_keys()))
