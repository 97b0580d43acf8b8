"""DTypes and TF's conversion rules for Python and NumPy values (checked against TF 2.21)."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf

# --- DType objects ------------------------------------------------------------------------------

def test_dtype_identity_and_aliases():
    assert tf.as_dtype("float32") is tf.float32
    assert tf.as_dtype(np.float64) is tf.float64
    assert tf.as_dtype(np.dtype("int64")) is tf.int64
    assert tf.as_dtype("double") is tf.float64
    assert tf.as_dtype("half") is tf.float16
    assert tf.as_dtype(1) is tf.float32  # DataType enum DT_FLOAT
    assert tf.as_dtype(9) is tf.int64
    assert tf.as_dtype(tf.int8) is tf.int8
    assert tf.double is tf.float64
    assert tf.half is tf.float16


def test_dtype_properties():
    assert tf.float32.is_floating and not tf.float32.is_integer
    assert tf.int32.is_integer and not tf.int32.is_floating
    assert tf.uint8.is_unsigned and not tf.int8.is_unsigned
    assert tf.bool.is_bool
    assert tf.complex64.is_complex
    assert tf.float32.as_numpy_dtype is np.float32
    assert tf.int64.as_datatype_enum == 9
    assert tf.float32.size == 4
    assert tf.int8.max == 127 and tf.uint8.min == 0
    assert tf.int32.limits == (-2**31, 2**31 - 1)
    assert tf.complex64.real_dtype is tf.float32
    assert tf.float64.real_dtype is tf.float64


def test_dtype_equality_and_hash():
    assert tf.float32 == "float32"
    assert tf.float32 == np.float32
    assert tf.float32 != tf.float64
    assert (tf.float32 == None) is False  # noqa: E711 - TF's __eq__ with None
    assert hash(tf.float32) == hash(tf.as_dtype("float32"))
    assert tf.float32.is_compatible_with(tf.float32)
    assert not tf.float32.is_compatible_with(tf.float64)


def test_dtype_repr_and_str():
    assert repr(tf.float32) == "tf.float32"
    assert str(tf.int64) == "<dtype: 'int64'>"


def test_ref_dtypes():
    v = tf.Variable(1.0)
    assert v.dtype.name == "float32_ref"
    assert v.dtype.base_dtype is tf.float32
    assert str(v.dtype) == "<dtype: 'float32_ref'>"
    assert v.value().dtype is tf.float32
    assert tf.as_dtype("float32_ref").base_dtype is tf.float32


def test_as_dtype_rejects_unknown_names():
    with pytest.raises(TypeError, match="floaty"):
        tf.as_dtype("floaty")


def test_string_dtype_has_no_min():
    with pytest.raises(TypeError, match="Cannot find minimum value"):
        _ = tf.string.min


# --- conversion of Python / NumPy values --------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    (1.5, "float32"),
    ([1.0, 2], "float32"),
    ([1, 2.5], "float32"),
    ([[1.0]], "float32"),
    (3, "int32"),
    (2**31 - 1, "int32"),
    (-2**31, "int32"),
    (2**31, "int64"),
    (-2**31 - 1, "int64"),
    ([1, 2**40], "int64"),
    (2**63, "uint64"),
    (True, "bool"),
    ("a", "string"),
    (b"x", "string"),
    (1 + 2j, "complex128"),
    (np.float64(1), "float64"),
    (np.float16(1), "float16"),
    (np.int8(3), "int8"),
    (np.uint8(3), "uint8"),
    (np.array([1, 2], dtype=np.int64), "int64"),
    (np.array(["a"]), "string"),
])
def test_constant_dtype_inference(value, expected):
    """Python floats -> float32, ints -> int32 (int64 when too big), NumPy values keep their dtype."""
    assert tf.constant(value).dtype.name == expected


def test_python_int_too_big_for_any_dtype():
    with pytest.raises(TypeError, match="18446744073709551616"):
        tf.constant(2**64)


@pytest.mark.parametrize("dtype", [tf.int8, tf.uint16, tf.float16, tf.float64, tf.int64, tf.complex64])
def test_constant_with_requested_dtype(dtype, sess):
    c = tf.constant(1, dtype=dtype)
    assert c.dtype is dtype
    assert sess.run(c) == 1
    assert sess.run(c).dtype == dtype.as_numpy_dtype


def test_constant_bool_into_int_is_allowed(sess):
    assert sess.run(tf.constant(True, dtype=tf.int32)) == 1


@pytest.mark.parametrize(("value", "dtype", "fragment"), [
    (1.5, tf.int32, "Expected int32, but got 1.5 of type 'float'"),
    ("a", tf.float32, "Expected float32, but got a of type 'str'"),
    (1, tf.bool, "Expected bool, but got 1 of type 'int'"),
])
def test_constant_incompatible_python_value(value, dtype, fragment):
    with pytest.raises(TypeError) as info:
        tf.constant(value, dtype=dtype)
    assert fragment in str(info.value)


def test_numpy_value_is_cast_to_requested_dtype(sess):
    c = tf.constant(np.array([1.5, 2.5]), dtype=tf.int32)
    assert c.dtype is tf.int32
    assert sess.run(c).tolist() == [1, 2]


def test_convert_to_tensor_rules():
    t = tf.convert_to_tensor([1, 2])
    assert t.dtype is tf.int32
    assert tf.convert_to_tensor(np.float64(1.0)).dtype is tf.float64
    assert tf.convert_to_tensor(3, dtype=tf.float32).dtype is tf.float32
    assert tf.convert_to_tensor(t) is t
    assert tf.convert_to_tensor([1, 2], preferred_dtype=tf.float32).dtype is tf.float32
    # preferred_dtype is only a preference: 1.5 can't be int32, so it stays float32
    assert tf.convert_to_tensor([1.5], preferred_dtype=tf.int32).dtype is tf.float32
    assert tf.is_tensor(t) and not tf.is_tensor(3)


def test_convert_tensor_to_other_dtype_fails():
    t = tf.constant([1, 2])
    with pytest.raises(ValueError) as info:
        tf.convert_to_tensor(t, dtype=tf.float32)
    assert "requested dtype float32 for Tensor with dtype int32" in str(info.value)
    assert "Const:0" in str(info.value)


# --- binary ops: no implicit promotion ----------------------------------------------------------

def test_int32_plus_float32_is_type_error():
    a, b = tf.constant(1), tf.constant(2.0)
    with pytest.raises(TypeError) as info:
        a + b
    assert str(info.value) == ("Input 'y' of 'AddV2' Op has type float32 that does not match type int32 "
                               "of argument 'x'.")


def test_int32_plus_int64_is_type_error():
    with pytest.raises(TypeError, match="has type int64 that does not match type int32"):
        tf.constant(1) + tf.constant(2, dtype=tf.int64)


def test_float_scalar_does_not_convert_to_int_tensor():
    with pytest.raises(TypeError):
        tf.constant(1) + 1.5


def test_python_scalars_take_the_other_operands_dtype(sess):
    a = tf.constant(1.0, tf.float64)
    assert (a + 1).dtype is tf.float64
    assert (2 * a).dtype is tf.float64
    assert (a + 0.1).dtype is tf.float64
    assert sess.run(a + 0.1) == np.float64(1.1)
    big = tf.constant(1, tf.int64) + 2**40
    assert big.dtype is tf.int64 and sess.run(big) == 2**40 + 1
    assert (tf.constant([1, 2]) * 3).dtype is tf.int32
    h = tf.constant([1.0, 2.0], dtype=tf.float16) * 2
    assert h.dtype is tf.float16 and sess.run(h).dtype == np.float16


def test_numpy_float64_array_takes_float32_tensor_dtype(sess):
    r = tf.constant([1.0, 2.0]) + np.array([1.0, 1.0])
    assert r.dtype is tf.float32
    assert sess.run(r).tolist() == [2.0, 3.0]


def test_string_concatenation_uses_add(sess):
    b = tf.constant("a") + "b"
    assert b.op.type == "Add"
    assert sess.run(b) == b"ab"


def test_op_dtype_restrictions():
    with pytest.raises(TypeError, match="DataType uint8 not in list of allowed values"):
        -tf.constant([1], dtype=tf.uint8)


# --- cast ---------------------------------------------------------------------------------------

def test_cast(sess):
    a = tf.constant([1.7, -1.7, 2.5])
    c = tf.cast(a, tf.int32)
    assert c.op.type == "Cast" and c.op.name == "Cast" and c.dtype is tf.int32
    assert sess.run(c).tolist() == [1, -1, 2]  # truncation toward zero
    assert sess.run(tf.cast(a, tf.bool)).tolist() == [True, True, True]
    d = tf.cast(tf.constant([1, 0]), tf.float64)
    assert d.dtype is tf.float64 and sess.run(d).tolist() == [1.0, 0.0]
    assert tf.cast(a, tf.float32) is a  # no-op cast returns the input
    assert tf.cast(tf.constant([1, 2]), tf.float32, name="mycast").name == "mycast:0"
    assert tf.to_float(tf.constant(3)).dtype is tf.float32
    assert tf.to_int64(tf.constant(3)).dtype is tf.int64
