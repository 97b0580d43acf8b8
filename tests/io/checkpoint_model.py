"""The MLP of the TF-written checkpoint fixture (tools/make_checkpoint_fixtures.py), buildable with
TensorFlow or sessionflow so that both sides build exactly the same graph."""


def build_mlp(tf):
    """The 4-8-3 MLP trained with Adam: placeholders x and labels, probs, the train op, the global step."""
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    labels = tf.placeholder(tf.int64, [None], name="labels")
    with tf.variable_scope("layer1"):
        w1 = tf.get_variable("w", [4, 8], initializer=tf.glorot_uniform_initializer())
        b1 = tf.get_variable("b", [8], initializer=tf.zeros_initializer())
    with tf.variable_scope("layer2"):
        w2 = tf.get_variable("w", [8, 3], initializer=tf.glorot_uniform_initializer())
        b2 = tf.get_variable("b", [3], initializer=tf.zeros_initializer())
    logits = tf.matmul(tf.nn.relu(tf.matmul(x, w1) + b1), w2) + b2
    probs = tf.nn.softmax(logits, name="probs")
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    step = tf.train.get_or_create_global_step()
    train = tf.train.AdamOptimizer(0.05).minimize(loss, global_step=step)
    return x, labels, probs, train, step
