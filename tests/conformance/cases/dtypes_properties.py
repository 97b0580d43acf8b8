import tensorflow as tf
import numpy as np

# tf.DType: conversion, properties, ref dtypes.
for name in ["float32", "float64", "float16", "int8", "int32", "int64", "uint8", "bool", "string"]:
    dt = tf.as_dtype(name)
    print(name, repr(dt), str(dt), dt.name, dt.is_floating, dt.is_integer, dt.is_unsigned, dt.is_bool if hasattr(dt, "is_bool") else "-")
for name in ["float32", "float64", "int8", "int32", "int64", "uint8", "float16"]:
    dt = tf.as_dtype(name)
    print(name, "size", dt.size, "min", dt.min, "max", dt.max, type(dt.min).__name__)
try:
    _ = tf.bool.min
except TypeError as e:
    print("bool min:", type(e).__name__)
print("as_dtype(np.float32):", repr(tf.as_dtype(np.float32)))
print("as_dtype(np.dtype('int64')):", repr(tf.as_dtype(np.dtype("int64"))))
print("as_dtype(tf.int32):", tf.as_dtype(tf.int32) is tf.int32)
print("as_numpy_dtype:", tf.float32.as_numpy_dtype, tf.int64.as_numpy_dtype)
print("as_datatype_enum:", tf.float32.as_datatype_enum, tf.int32.as_datatype_enum, tf.float64.as_datatype_enum)
print("equality:", tf.float32 == np.float32, tf.float32 == "float32", tf.float32 == tf.float64)
v = tf.Variable(1.0)
print("variable dtype:", repr(v.dtype), v.dtype.name, v.dtype.is_floating)
print("base_dtype:", repr(v.dtype.base_dtype), v.dtype.base_dtype == tf.float32)
print("base of float32:", repr(tf.float32.base_dtype), tf.float32.base_dtype is tf.float32)
print("is_compatible_with:", tf.float32.is_compatible_with(tf.float32), tf.float32.is_compatible_with(tf.int32))
print("read value dtype:", repr(v.value().dtype), repr(v.initialized_value().dtype))
print("real_dtype:", tf.complex64.real_dtype, tf.complex64.is_complex)
try:
    tf.as_dtype("floaty")
except TypeError as e:
    print("bad dtype:", type(e).__name__)
