import tensorflow as tf

# The seed article's three programs, seeded: re-running the initializer re-assigns the initial
# value (resetting assignments), and a random initial value is a fresh draw each time.
var = tf.Variable(1.0, name="my_variable")
counter = tf.Variable(0, name="counter")
increment_op = counter.assign_add(1)
tf.set_random_seed(1234)
rand_var = tf.Variable(tf.random_normal([5]), name="rand_var")
rand_assign = rand_var.assign(tf.random_normal([5]))
init_op = tf.global_variables_initializer()
print("init op:", init_op.name, init_op.type)

with tf.Session() as sess:
    sess.run(init_op)
    print("Value after first init:", sess.run(var))
    sess.run(init_op)
    print("Value after second init:", sess.run(var))
    sess.run(var.assign(2.0))
    print("Value after explicit assignment:", sess.run(var))
    sess.run(init_op)
    print("Value after init, following assignment:", sess.run(var))

    for _ in range(3):
        sess.run(increment_op)
    print("Counter:", sess.run(counter))
    sess.run(init_op)
    print("Counter after second init:", sess.run(counter))

with tf.Session() as sess:
    sess.run(init_op)
    first = sess.run(rand_var)
    print("Random first init:", repr(first))
    sess.run(init_op)
    second = sess.run(rand_var)
    print("Random second init:", repr(second))
    sess.run(rand_assign)
    third = sess.run(rand_var)
    print("Random after assign:", repr(third))
    sess.run(init_op)
    fourth = sess.run(rand_var)
    print("Random re-init:", repr(fourth))
    print("all differ:", len({a.tobytes() for a in [first, second, third, fourth]}) == 4)
