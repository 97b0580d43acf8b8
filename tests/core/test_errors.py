"""tf.errors: the OpError family (names, codes, helpers) and how runtime failures are reported."""

from __future__ import annotations

import pytest

import sessionflow as tf

E = tf.errors

FAMILY = [
    ("CancelledError", 1, "CANCELLED"),
    ("UnknownError", 2, "UNKNOWN"),
    ("InvalidArgumentError", 3, "INVALID_ARGUMENT"),
    ("DeadlineExceededError", 4, "DEADLINE_EXCEEDED"),
    ("NotFoundError", 5, "NOT_FOUND"),
    ("AlreadyExistsError", 6, "ALREADY_EXISTS"),
    ("PermissionDeniedError", 7, "PERMISSION_DENIED"),
    ("ResourceExhaustedError", 8, "RESOURCE_EXHAUSTED"),
    ("FailedPreconditionError", 9, "FAILED_PRECONDITION"),
    ("AbortedError", 10, "ABORTED"),
    ("OutOfRangeError", 11, "OUT_OF_RANGE"),
    ("UnimplementedError", 12, "UNIMPLEMENTED"),
    ("InternalError", 13, "INTERNAL"),
    ("UnavailableError", 14, "UNAVAILABLE"),
    ("DataLossError", 15, "DATA_LOSS"),
    ("UnauthenticatedError", 16, "UNAUTHENTICATED"),
]


@pytest.mark.parametrize(("name", "code", "constant"), FAMILY)
def test_error_classes_and_codes(name, code, constant):
    cls = getattr(E, name)
    assert cls.__name__ == name
    assert issubclass(cls, E.OpError) and issubclass(cls, Exception)
    assert getattr(E, constant) == code
    err = cls(None, None, "boom")
    assert err.error_code == code
    assert err.message == "boom" and str(err) == "boom"
    assert err.op is None and err.node_def is None
    assert E.exception_type_from_error_code(code) is cls
    assert E.error_code_from_exception_type(cls) == code


def test_ok_code_and_base_class():
    assert E.OK == 0
    err = E.OpError(None, None, "x", 5)
    assert err.error_code == 5 and err.message == "x"


def test_errors_are_catchable_as_op_error():
    with pytest.raises(E.OpError) as info:
        raise E.OutOfRangeError(None, None, "done")
    assert type(info.value) is E.OutOfRangeError and info.value.message == "done"


# --- runtime failures name the op ---------------------------------------------------------------

def test_missing_feed_error_names_placeholder(sess):
    p = tf.placeholder(tf.int32, name="pp")
    with pytest.raises(E.InvalidArgumentError) as info:
        sess.run(p + 1)
    err = info.value
    assert err.op is not None and err.op.name == "pp"
    assert "You must feed a value for placeholder tensor 'pp' with dtype int32" in err.message
    assert "pp" in str(err)


def test_integer_division_by_zero(sess):
    a = tf.constant(1)
    b = tf.placeholder(tf.int32)
    q = a // b
    with pytest.raises(E.InvalidArgumentError) as info:
        sess.run(q, {b: 0})
    assert "Integer division by zero" in str(info.value)
    assert info.value.op is q.op and "floordiv" in str(info.value)
    assert sess.run(q, {b: 1}) == 1


def test_runtime_error_mentions_where_the_op_was_created(sess):
    p = tf.placeholder(tf.int32)
    r = tf.reshape(p, [2, 2], name="myreshape")
    with pytest.raises(E.InvalidArgumentError) as info:
        sess.run(r, {p: [1, 2, 3]})
    text = str(info.value)
    assert "myreshape" in text
    assert __file__.rsplit("/", 1)[-1] in text  # the user's file:line, captured at op creation


def test_uninitialized_variable_error(sess):
    v = tf.Variable(1.0, name="weights")
    with pytest.raises(E.FailedPreconditionError) as info:
        sess.run(v + 1)
    assert "Attempting to use uninitialized value weights" in str(info.value)
    assert isinstance(info.value, E.OpError)
