"""What re-running tf.global_variables_initializer() really does (run: sessionflow run this file).

The initializer is a group of Assign ops, one per variable, assigning its initial value. A
Session.run executes the ops it is asked for every time, so running the initializer again resets
every variable, and an initial value drawn by a random op is drawn anew.
"""
import tensorflow as tf

tf.set_random_seed(42)  # seeded: the same numbers as real TensorFlow, in every new session

counter = tf.Variable(0, name="counter")
weights = tf.Variable(tf.random_normal([3]), name="weights")
increment = counter.assign_add(1)
init = tf.global_variables_initializer()

with tf.Session() as sess:
    sess.run(init)
    first_draw = sess.run(weights)
    print("1. The initializer resets variables each time it runs")
    for _ in range(3):
        sess.run(increment)
    print("   counter after 3 increments:", sess.run(counter))
    sess.run(init)
    print("   counter after re-running the initializer:", sess.run(counter))

    print("2. A random initial value is drawn again on every run of the initializer")
    print("   weights after the first init: ", first_draw)
    print("   weights after the second init:", sess.run(weights))

with tf.Session() as sess:
    print("3. A new session restarts the seeded random streams: its first init draws the same values")
    sess.run(init)
    print("   weights after the first init in a new session:", sess.run(weights))

print("4. To initialize only once, on purpose: tf.uninitialized_variables_initializer()")
init_once = tf.uninitialized_variables_initializer()
with tf.Session() as sess:
    sess.run(init_once)
    sess.run(increment)
    sess.run(init_once)
    print("   counter after init-once, increment, init-once:", sess.run(counter))
