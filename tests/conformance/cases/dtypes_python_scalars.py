import tensorflow as tf
import numpy as np

# dtype chosen by tf.constant / tf.convert_to_tensor for Python and NumPy values.
values = [
    ("float", 1.5),
    ("int", 3),
    ("big int", 2 ** 40),
    ("bool", True),
    ("str", "abc"),
    ("bytes", b"abc"),
    ("list of ints", [1, 2]),
    ("mixed list", [1, 2.5]),
    ("nested list", [[1.0], [2.0]]),
    ("np.float64 array", np.array([1.0, 2.0])),
    ("np.float32 array", np.array([1.0], dtype=np.float32)),
    ("np.int64 array", np.array([1, 2])),
    ("np.float64 scalar", np.float64(1.0)),
    ("np.int16 scalar", np.int16(1)),
    ("np.bool_ array", np.array([True, False])),
    ("empty list", []),
]
for label, value in values:
    t = tf.constant(value)
    print(label + ":", t.dtype.name, t.shape)
print("convert_to_tensor float:", tf.convert_to_tensor(2.0).dtype.name)
print("explicit dtype:", tf.constant(1, dtype=tf.float32).dtype.name, tf.constant([1, 2], dtype=tf.int64).dtype.name)
print("np array with dtype=:", tf.constant(np.array([1.0, 2.0]), dtype=tf.float32).dtype.name)
for label, fn in [
    ("1.7 as int64", lambda: tf.constant(1.7, dtype=tf.int64)),
    ("2**70", lambda: tf.constant(2 ** 70)),
    ("ragged list", lambda: tf.constant([[1, 2], [3]])),
]:
    try:
        fn()
        print(label + ": ok")
    except Exception as e:
        print(label + ":", type(e).__name__)
