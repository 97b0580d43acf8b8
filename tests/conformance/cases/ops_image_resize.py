import numpy as np
import tensorflow as tf
img = tf.constant(np.arange(2*3*4*2, dtype=np.float32).reshape(2,3,4,2))
outs = [("v1 bil", tf.image.resize(img, [5, 3])), ("v1 nn", tf.image.resize_images(img, [5, 3], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR)),
        ("raw bil ac", tf.image.resize_bilinear(img, [5, 3], align_corners=True)),
        ("raw bil hp", tf.image.resize_bilinear(img, [2, 7], half_pixel_centers=True)),
        ("raw nn hp", tf.image.resize_nearest_neighbor(img, [5, 3], half_pixel_centers=True)),
        ("raw nn ac", tf.image.resize_nearest_neighbor(img, [2, 7], align_corners=True)),
        ("nn int", tf.image.resize(tf.cast(img, tf.int32), [5, 3], method="nearest")),
        ("3d", tf.image.resize(img[0], [2, 2]))]
for label, t in outs:
    print(label, t.name, t.dtype.name, t.shape)
g = tf.gradients(tf.reduce_sum(outs[0][1] * outs[0][1]), img)[0]
g2 = tf.gradients(tf.reduce_sum(outs[4][1] * 2.0), img)[0]
with tf.Session() as s:
    for label, t in outs:
        print(label, np.array2string(np.round(s.run(t), 4)[..., 0].reshape(-1), precision=4))
    print("grad bil", np.array2string(np.round(s.run(g), 3)[0, :, :, 0], precision=3))
    print("grad nn", np.array2string(np.round(s.run(g2), 3)[0, :, :, 0], precision=3))
