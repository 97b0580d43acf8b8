import numpy as np
import tensorflow as tf

# tf.image resizing by every method: raw ops with align_corners / half_pixel_centers, resize_images (v1) with
# ResizeMethod, 3-D images, int inputs, preserve_aspect_ratio, the bicubic gradient, the crop/pad helpers and
# flips, and errors.
def show(label, value):
    value = np.asarray(value, dtype=np.float64)
    print(label, value.shape, "sum %.3f" % value.sum(), np.array2string(np.round(value.ravel()[:14], 4), precision=4,
                                                                        suppress_small=True, max_line_width=200))

rng = np.random.RandomState(1)
img = tf.constant(rng.uniform(0, 10, (2, 4, 5, 3)).astype(np.float32))
ints = tf.constant(rng.randint(0, 255, (1, 3, 4, 2)).astype(np.uint8))
raw = [("bilinear", tf.image.resize_bilinear), ("nearest", tf.image.resize_nearest_neighbor),
       ("bicubic", tf.image.resize_bicubic)]
outs = []
for label, fn in raw:
    for size in ([7, 8], [3, 2]):
        outs.append((f"{label} {size}", fn(img, size)))
        outs.append((f"{label} {size} ac", fn(img, size, align_corners=True)))
        outs.append((f"{label} {size} hp", fn(img, size, half_pixel_centers=True)))
    outs.append((f"{label} uint8", fn(ints, [5, 3], half_pixel_centers=True)))
for size in ([7, 8], [3, 2], [4, 1]):
    outs.append((f"area {size}", tf.image.resize_area(img, size)))
    outs.append((f"area {size} ac", tf.image.resize_area(img, size, align_corners=True)))
outs.append(("area uint8", tf.image.resize_area(ints, [2, 3], name="area_u8")))
outs.append(("bicubic f64", tf.image.resize_bicubic(tf.cast(img, tf.float64), [5, 6])))
for method in (tf.image.ResizeMethod.BILINEAR, tf.image.ResizeMethod.NEAREST_NEIGHBOR,
               tf.image.ResizeMethod.BICUBIC, tf.image.ResizeMethod.AREA, "bicubic", "area"):
    outs.append((f"resize_images {method}", tf.image.resize_images(img, [6, 3], method=method)))
    outs.append((f"resize 3d int {method}", tf.image.resize(ints[0], [2, 6], method=method, align_corners=True)))
    outs.append((f"resize same {method}", tf.image.resize_images(ints, [3, 4], method=method)))
    outs.append((f"aspect {method}", tf.image.resize_images(img, [8, 8], method=method, preserve_aspect_ratio=True)))
size = tf.placeholder(tf.int32, [2])
dynamic = tf.image.resize_images(img, size, method=tf.image.ResizeMethod.BICUBIC)
outs.append(("dynamic size", dynamic))
x3 = tf.constant(np.arange(30, dtype=np.float32).reshape(5, 3, 2))
outs += [("flip_left_right", tf.image.flip_left_right(x3)), ("flip_up_down", tf.image.flip_up_down(img)),
         ("rot90", tf.image.rot90(x3)), ("rot90 k=3", tf.image.rot90(img, k=3)),
         ("transpose", tf.image.transpose(x3)), ("central_crop", tf.image.central_crop(img, 0.5)),
         ("crop_or_pad", tf.image.resize_with_crop_or_pad(x3, 3, 6)),
         ("crop_or_pad batch", tf.image.resize_image_with_crop_or_pad(img, 6, 2)),
         ("with_pad", tf.image.resize_image_with_pad(x3, 4, 4)),
         ("with_pad nearest", tf.image.resize_image_with_pad(img, 6, 9, method=tf.image.ResizeMethod.NEAREST_NEIGHBOR)),
         ("pad_to_bounding_box", tf.image.pad_to_bounding_box(x3, 1, 2, 7, 6)),
         ("crop_to_bounding_box", tf.image.crop_to_bounding_box(img, 1, 1, 2, 3))]
for label, t in outs:
    # rot90's result comes out of tf.case, whose op names sessionflow's functional conds do not reproduce.
    print(label, "|", t.name if not label.startswith("rot90") else "(case)", t.op.type if not label.startswith("rot90")
          else "", t.dtype.name, t.shape)

x32 = tf.constant(rng.uniform(-1, 1, (1, 4, 3, 2)).astype(np.float32))
x64 = tf.constant(rng.uniform(-1, 1, (1, 3, 5, 1)))
weights = tf.constant(rng.uniform(0.5, 1.5, (1, 6, 7, 2)).astype(np.float32))
grads = [tf.gradients(tf.reduce_sum(tf.image.resize_bicubic(x32, [6, 7]) * weights), x32)[0],
         tf.gradients(tf.reduce_sum(tf.image.resize_bicubic(x32, [6, 7], half_pixel_centers=True) * weights), x32)[0],
         tf.gradients(tf.reduce_sum(tf.image.resize_bicubic(x32, [2, 2], align_corners=True) ** 2), x32)[0],
         tf.gradients(tf.reduce_sum(tf.image.resize_bicubic(x64, [4, 2], half_pixel_centers=True) ** 2), x64)[0]]
print("gradients", [(g.name, g.op.type, g.dtype.name, str(g.shape)) for g in grads])
print("int gradient", tf.gradients(tf.image.resize_bicubic(tf.cast(x32, tf.int32), [3, 3]), x32))

for label, bad in [("area gradient", lambda: tf.gradients(tf.image.resize_area(x32, [5, 5]), x32)),
                   ("second-order bicubic", lambda: tf.gradients(grads[0], x32)),
                   ("bool images", lambda: tf.image.resize_bicubic(tf.zeros([1, 2, 2, 1], tf.bool), [3, 3])),
                   ("rank 3 raw", lambda: tf.image.resize_area(x3, [2, 2])),
                   ("size of 3", lambda: tf.image.resize_bicubic(img, [2, 2, 2])),
                   ("unknown method", lambda: tf.image.resize_images(img, [2, 2], method=7)),
                   ("upper-case method", lambda: tf.image.resize_images(img, [2, 2], method="AREA")),
                   ("rank 2 resize", lambda: tf.image.resize_images(tf.zeros([3, 3]), [2, 2])),
                   ("float size", lambda: tf.image.resize_images(img, [2.5, 2.0])),
                   ("central_crop 0", lambda: tf.image.central_crop(x3, 0.0)),
                   ("crop too big", lambda: tf.image.crop_to_bounding_box(x3, 0, 0, 6, 2)),
                   ("pad too small", lambda: tf.image.pad_to_bounding_box(x3, 0, 1, 6, 3))]:
    try:
        bad()
        print(label, "no error")
    except (LookupError, TypeError, ValueError) as e:
        print(label, type(e).__name__, str(e).split(" for ")[0].split(". In general")[0].split(" (op type")[0][:120])

with tf.Session() as sess:
    values = sess.run([t for _, t in outs] + grads, {size: [3, 7]})
    for (label, _), value in zip(outs, values):
        show(label, value)
    for i, g in enumerate(values[len(outs):]):
        show(f"gradient {i}", g)
    for label, t in [("zero size", tf.image.resize_bicubic(img, [0, 3])),
                     ("negative size", tf.image.resize_area(img, size)),
                     ("align_corners with half_pixel_centers",
                      tf.image.resize_bicubic(img, [2, 3], align_corners=True, half_pixel_centers=True))]:
        try:
            sess.run(t, {size: [2, -1]})
            print(label, "no error")
        except tf.errors.InvalidArgumentError as e:
            print(label, type(e).__name__, e.op.name, "output dimensions must be positive" in e.message,
                  "If half_pixel_centers is True, align_corners must be False." in e.message)
