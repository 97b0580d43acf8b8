import tensorflow as tf

counter = tf.Variable(0, name="counter")

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(6):
        sess.run(tf.assign(counter, counter + 1))  # builds a new add and Assign every iteration
    print("counter:", sess.run(counter))
    print("ops in the graph:", len(tf.get_default_graph().get_operations()))
