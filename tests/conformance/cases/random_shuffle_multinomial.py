import tensorflow as tf

# random_shuffle and multinomial with seeds.
tf.set_random_seed(7)
shuffled = tf.random_shuffle(tf.range(10))
shuffled_rows = tf.random_shuffle(tf.constant([[1, 2], [3, 4], [5, 6]]), seed=1)
logits = tf.log(tf.constant([[0.1, 0.2, 0.7]]))
samples = tf.multinomial(logits, 8)
samples_seeded = tf.multinomial(tf.constant([[0.0, 0.0]]), 6, seed=5, output_dtype=tf.int32)
for t in [shuffled, shuffled_rows, samples, samples_seeded]:
    print(t.op.name, t.op.type, t.dtype.name, t.shape)
with tf.Session() as sess:
    print("shuffle 1:", sess.run(shuffled))
    print("shuffle 2:", sess.run(shuffled))
    print("rows:", sess.run(shuffled_rows).tolist())
    print("multinomial:", sess.run(samples))
    print("multinomial int32:", sess.run(samples_seeded))
    print("sorted shuffle:", sorted(sess.run(shuffled).tolist()) == list(range(10)))
