import tensorflow as tf

# tf.train.ExponentialMovingAverage: shadow names, num_updates decay, variables_to_restore.
v = tf.Variable(1.0, name="v")
w = tf.Variable([2.0, 3.0], name="w")
step = tf.Variable(0, trainable=False, name="step")
ema = tf.train.ExponentialMovingAverage(0.9, num_updates=step)
upd = ema.apply([v, w])
print(ema.average(v).name, ema.average_name(w), upd.type, sorted(ema.variables_to_restore()))
print("moving average collection:", [x.name for x in tf.moving_average_variables()])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(3):
        sess.run([v.assign_add(1.0), w.assign_add([1.0, -1.0])])
        sess.run(upd)
        sess.run(step.assign_add(1))
        print([x.tolist() for x in sess.run([ema.average(v), ema.average(w)])])
