"""Tensor operator overloading, slicing, and the Python protocols TF1 forbids on symbolic tensors."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf


def test_float_arithmetic_operators(sess):
    a = tf.constant([1.5, -2.0])
    b = tf.constant([0.5, 3.0])
    ops = [a + b, a - b, a * b, a / b, a // b, a % b, a ** 2, -a, abs(a)]
    values = [sess.run(x).tolist() for x in ops]
    assert values == [[2.0, 1.0], [1.0, -5.0], [0.75, -6.0], [3.0, np.float32(-2.0 / 3.0)],
                      [3.0, -1.0], [0.0, 1.0], [2.25, 4.0], [-1.5, 2.0], [1.5, 2.0]]
    # TF1's operator op names (the second use of each name gets _1)
    names = [x.op.name for x in (a + b, a - b, a * b, a / b, a // b, a % b, a ** b, -a, abs(a))]
    assert names == ["add_1", "sub_1", "mul_1", "truediv_1", "floordiv_1", "mod_1", "pow_1", "Neg_1",
                     "Abs_1"]


def test_operator_op_types():
    a = tf.constant(2.0)
    assert [(x.op.name, x.op.type) for x in (a + a, a - a, a * a, a / a, a // a, a % a, a ** a)] == [
        ("add", "AddV2"), ("sub", "Sub"), ("mul", "Mul"), ("truediv", "RealDiv"),
        ("floordiv", "FloorDiv"), ("mod", "FloorMod"), ("pow", "Pow")]


def test_integer_division_semantics(sess):
    a, b = tf.constant(7), tf.constant(2)
    q = a / b
    assert q.dtype is tf.float64  # int32 true division goes through float64
    assert sess.run(q) == 3.5
    assert sess.run(a // b) == 3
    assert sess.run(a % b) == 1
    assert sess.run(-a // b) == -4          # floor division
    assert sess.run(tf.constant(-7) % b) == 1  # floor modulo
    assert sess.run(a ** b) == 49


def test_reflected_operators_with_python_scalars(sess):
    a = tf.constant(2.0)
    assert [sess.run(x) for x in (1 + a, 1 - a, 3 * a, 1 / a, 5 // a, 5 % a, 2 ** a)] == [
        3.0, -1.0, 6.0, 0.5, 2.0, 1.0, 4.0]
    assert (1 - a).op.name == "sub_1" and (1 / a).op.name == "truediv_1"


def test_reflected_operators_with_numpy(sess):
    t = tf.constant([1.0, 2.0])
    r = np.array([1.0, 1.0], dtype=np.float32) + t
    r2 = np.float32(2) * t
    assert isinstance(r, tf.Tensor) and isinstance(r2, tf.Tensor)
    assert sess.run(r).tolist() == [2.0, 3.0]
    assert sess.run(r2).tolist() == [2.0, 4.0]


def test_matmul_operator(sess):
    a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    m = a @ a
    assert (m.op.name, m.op.type) == ("matmul", "MatMul")
    assert sess.run(m).tolist() == [[7.0, 10.0], [15.0, 22.0]]
    assert sess.run(tf.matmul(a, a, transpose_b=True)).tolist() == [[5.0, 11.0], [11.0, 25.0]]


def test_comparison_operators(sess):
    a = tf.constant([1, 2, 3])
    results = [sess.run(x).tolist() for x in (a < 2, a <= 2, a > 2, a >= 2, tf.equal(a, 2),
                                              tf.not_equal(a, 2))]
    assert results == [[True, False, False], [True, True, False], [False, False, True],
                       [False, True, True], [False, True, False], [True, False, True]]
    assert (a < 2).dtype is tf.bool
    assert [x.op.name for x in (a < 1, a <= 1, a > 1, a >= 1)] == [
        "Less_2", "LessEqual_1", "Greater_1", "GreaterEqual_1"]


def test_tensor_equality_is_identity():
    """TF1: `==` on tensors is Python identity, so tensors can be dict keys."""
    a, b = tf.constant(1), tf.constant(1)
    assert (a == b) is False
    assert (a == a) is True  # noqa: PLR0124 - identity is the point
    assert (a != b) is True
    assert {a: 1, b: 2}[a] == 1


def test_logical_operators_on_bools(sess):
    a = tf.constant([True, False, True])
    b = tf.constant([True, True, False])
    assert [sess.run(x).tolist() for x in (a & b, a | b, a ^ b, ~a)] == [
        [True, False, False], [True, True, True], [False, True, True], [False, True, False]]
    assert [(x.op.name, x.op.type) for x in (a & b, a | b, ~a)] == [
        ("and_1", "LogicalAnd"), ("or_1", "LogicalOr"), ("LogicalNot_1", "LogicalNot")]
    assert (a ^ b).op.name == "xor_1"


def test_bitwise_and_on_integers(sess):
    a = tf.constant([6, 3])
    assert sess.run(a & tf.constant([3, 1])).tolist() == [2, 1]


def test_unary_operators_on_variables(sess):
    v = tf.Variable(3.0)
    sess.run(v.initializer)
    values = [sess.run(x) for x in (v + 1, 1 + v, v * v, -v, v ** 2, v / 2, abs(v), v > 1)]
    assert values == [4.0, 4.0, 9.0, -3.0, 9.0, 1.5, 3.0, True]


# --- slicing ------------------------------------------------------------------------------------

@pytest.fixture
def cube():
    return tf.constant(np.arange(24).reshape(2, 3, 4))


@pytest.mark.parametrize("index", [
    0, -1, (slice(None), 1), (Ellipsis, 1), (slice(None), slice(None, None, 2)), None,
    (slice(None), None, slice(1, 3)), (0, Ellipsis, slice(None, None, -1)),
    (slice(1, None), slice(-2, None), slice(None, -1)), (Ellipsis, None), (1, 2, 3), (-1, -1, -1),
    (slice(None, None, -1),), (slice(None), slice(None, None, -2), 0),
])
def test_slicing_matches_numpy(cube, index, sess):
    ref = np.arange(24).reshape(2, 3, 4)[index]
    t = cube[index]
    assert t.shape.as_list() == list(ref.shape)
    assert sess.run(t).tolist() == ref.tolist()


def test_slice_op_names(cube):
    first = cube[0]
    second = cube[:, 1]
    assert (first.op.name, first.op.type) == ("strided_slice", "StridedSlice")
    assert second.op.name == "strided_slice_1"
    assert tf.newaxis is None


def test_slicing_with_tensor_index(sess):
    t = tf.constant([10, 20, 30])
    i = tf.constant(1)
    assert t[i].shape.as_list() == []
    assert sess.run(t[i]) == 20
    assert sess.run(t[i:]).tolist() == [20, 30]


def test_slicing_variable(sess):
    v = tf.Variable([[1, 2], [3, 4]])
    sess.run(v.initializer)
    assert sess.run(v[1]).tolist() == [3, 4]
    assert sess.run(v[:, 0]).tolist() == [1, 3]


def test_slicing_with_float_is_type_error():
    with pytest.raises(TypeError, match="Only integers, slices"):
        tf.constant([1, 2, 3])[1.0]


# --- protocols that need a value ----------------------------------------------------------------

def test_tensor_bool_is_type_error():
    a = tf.constant(True)
    with pytest.raises(TypeError, match="as a Python `bool` is not allowed"):
        bool(a)
    with pytest.raises(TypeError):
        if a:
            pass


def test_tensor_len_and_iter_are_type_errors():
    a = tf.constant([1, 2])
    with pytest.raises(TypeError) as info:
        len(a)
    assert "Const:0" in str(info.value)
    with pytest.raises(TypeError):
        list(a)


def test_variable_iter_is_type_error():
    with pytest.raises(TypeError):
        list(tf.Variable([1.0, 2.0]))


def test_reference_variable_is_truthy():
    assert bool(tf.Variable(1.0)) is True
    assert bool(tf.Variable(0.0)) is True


def test_resource_variable_bool_is_type_error():
    with pytest.raises(TypeError):
        bool(tf.Variable(1.0, use_resource=True))
