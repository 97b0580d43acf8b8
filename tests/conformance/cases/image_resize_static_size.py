# resize_images reads the size as tensor_util.constant_value_as_shape does: a slice of the images' own shape
# is known (and an unchanged size returns the images themselves), a stack of shape entries is not; the raw
# ops' shape functions know a stack but not a slice. SparseTensor's static shape reads a dense shape the same
# way (through a Cast too).
import numpy as np
import tensorflow as tf
images = tf.placeholder(tf.float32, [None, 12, 12, 3], name="images")
part = tf.placeholder(tf.float32, [None, None, 12, 3], name="part")
x = tf.placeholder(tf.float32, [None, 6, 6, 2], name="x")
s = tf.shape(images)
sizes = [("slice", s[1:3]), ("partial slice", tf.shape(part)[1:3]), ("stack", tf.stack([s[1], s[2]])),
         ("scaled", s[1:3] * 2), ("reversed", s[1:3][::-1]), ("cast", tf.cast(tf.shape(part)[1:3], tf.int32))]
for label, size in sizes:
    print(label, tf.image.resize_bilinear(x, size).shape, tf.image.resize_images(x, size).shape,
          tf.image.resize_nearest_neighbor(x, size).shape,
          tf.image.resize_images(x, size, method=tf.image.ResizeMethod.NEAREST_NEIGHBOR).shape,
          tf.image.resize_images(images, size).name)
print(tf.image.resize(images[0], tf.shape(images)[1:3]).name)
dense = tf.placeholder(tf.float32, [None, 5])
sp = tf.SparseTensor(tf.zeros([0, 2], tf.int64), tf.zeros([0]), tf.cast(tf.shape(dense), tf.int64))
sp2 = tf.SparseTensor(tf.zeros([0, 2], tf.int64), tf.zeros([0]), tf.shape(dense, out_type=tf.int64)[::-1])
print(sp.shape, sp2.shape)
up = tf.image.resize_images(x, tf.shape(images)[1:3] // 2, method=tf.image.ResizeMethod.NEAREST_NEIGHBOR)
with tf.Session() as sess:
    v = np.arange(2 * 6 * 6 * 2, dtype=np.float32).reshape(2, 6, 6, 2)
    out = sess.run(up, {x: v, images: np.zeros([2, 12, 12, 3], np.float32)})
    print(up.shape, out.shape, out[1, :, :, 0].tolist())
