"""Constants and tensor conversion: `tf.constant`, `tf.convert_to_tensor`, and TF's Python-value rules.

Python floats become float32, ints int32 (int64 when they do not fit), NumPy values keep their
dtype; a requested dtype must be compatible with the Python values (TF's TypeError otherwise).
"""

from __future__ import annotations

import collections.abc
import numbers

import numpy as np

from ..framework import dtypes
from ..framework import graph as _graph_module
from ..framework.graph import Tensor
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import Dimension, TensorShape

__all__ = ["constant", "convert_to_tensor", "register_tensor_conversion_function", "to_numpy"]


@op("Const", attrs=dict(value=None, dtype=None), foldable=True)
class Const:
    """A constant tensor; plans load its value once instead of running it."""

    def infer(value, dtype):
        return dtype, value.shape

    def kernel(xp, value, dtype):
        return value

    def static_value(op, index):
        return op.attrs["value"]

    grad = NOT_DIFFERENTIABLE
    samples = ()


# --- Python and NumPy values -> arrays, with TF's dtype rules --------------------------------

def _python_dtype(array: np.ndarray) -> dtypes.DType:
    """The TF dtype of an array built from Python values (not from NumPy arrays)."""
    kind = array.dtype.kind
    if kind == "f":
        return dtypes.float32
    if kind in "iu":
        if array.size == 0 or (array.min() >= -2**31 and array.max() < 2**31):
            return dtypes.int32
        if array.dtype == np.uint64:
            return dtypes.uint64
        return dtypes.int64
    if kind == "b":
        return dtypes.bool
    if kind == "c":
        return dtypes.complex128
    if kind in "USO":
        return dtypes.string
    raise TypeError(f"Failed to convert object of type {type(array)} to Tensor.")


def _check_compatible(value, dtype: dtypes.DType):
    """TF's check that Python values fit a requested dtype (e.g. no float for an int32 tensor); a
    NumPy array among them must hold values of a fitting kind."""
    base = dtype.base_dtype
    if isinstance(value, collections.abc.Sequence) and not isinstance(value, (str, bytes)):
        for item in value:  # TF's nest.flatten: lists, tuples, ranges, bytearrays, ...
            _check_compatible(item, dtype)
        return
    if isinstance(value, dict):  # TF flattens a dict to its values, by sorted key
        for key in sorted(value):
            _check_compatible(value[key], dtype)
        return
    if isinstance(value, np.ndarray):
        ok = value.dtype.kind in _ARRAY_KINDS.get(_kind_of(base), "biufcSUO")
    elif base.is_bool:
        ok = isinstance(value, (bool, np.bool_))
    elif base.is_integer:  # a Dimension counts as an integer, as in TF
        ok = isinstance(value, (numbers.Integral, np.bool_, np.integer, Dimension))
    elif base.is_floating:
        ok = isinstance(value, numbers.Real) and not isinstance(value, str)
    elif base.is_complex:
        ok = isinstance(value, numbers.Number)
    elif base is dtypes.string:
        ok = isinstance(value, (str, bytes, np.str_, np.bytes_))
    else:
        ok = True
    if not ok:
        raise TypeError(f"Expected {base.name}, but got {value} of type '{type(value).__name__}'.")


# The NumPy kinds of arrays TF accepts inside a Python list converted to each kind of dtype.
_ARRAY_KINDS = {"bool": "b", "int": "iu", "float": "iuf", "complex": "iufc", "string": "SU"}


def _kind_of(dtype: dtypes.DType) -> str:
    if dtype.is_bool:
        return "bool"
    if dtype.is_integer:
        return "int"
    if dtype.is_floating:
        return "float"
    if dtype.is_complex:
        return "complex"
    return "string" if dtype is dtypes.string else ""


def _dense_dimensions(value) -> list:
    """The shape a nested list claims, read along its first elements (TF's `_GetDenseDimensions`)."""
    if not isinstance(value, (list, tuple)):
        return []
    if not value:
        return [0]
    return [len(value)] + _dense_dimensions(value[0])


def _string_leaves(value, shape) -> np.ndarray:
    """TF's string conversion of Python values: the leaves of the nested lists, each str or bytes
    (TypeError otherwise), laid out in `shape` (as TF's proto does: extra leaves dropped, missing
    ones repeat the last)."""
    leaves = list(_flatten(value))
    if not all(isinstance(x, (str, bytes, np.str_, np.bytes_)) for x in leaves):
        raise TypeError(f"Failed to convert elements of {value} to Tensor. Consider casting elements to a supported "
                        "type. See https://www.tensorflow.org/api_docs/python/tf/dtypes for supported TF dtypes.")
    size = int(np.prod(shape, dtype=np.int64))
    if leaves and len(leaves) < size:
        leaves += leaves[-1:] * (size - len(leaves))
    array = np.empty(size, dtype=object)
    for i, item in enumerate(leaves[:size]):
        array[i] = item.encode("utf-8") if isinstance(item, str) else bytes(item)
    return array.reshape(shape)


def _to_string_array(value) -> np.ndarray:
    array = np.array(value, dtype=object)
    flat = array.reshape(-1)
    for i, item in enumerate(flat):
        if isinstance(item, str):
            flat[i] = item.encode("utf-8")
        elif not isinstance(item, bytes):
            raise TypeError(f"Expected string, but got {item!r} of type '{type(item).__name__}'.")
    return array


def to_numpy(value, dtype=None) -> tuple[np.ndarray, dtypes.DType]:
    """Converts a Python/NumPy value to (array, DType) with TF's rules (`make_tensor_proto`); `dtype`
    may be None. A ragged list raises NumPy's ValueError and a list mixing strings with other values
    TF's TypeError, as in TF."""
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype).base_dtype
        if dtype.is_quantized:
            return _quantized_to_numpy(value, dtype), dtype
    if not isinstance(value, (np.ndarray, np.generic)):
        return _python_to_numpy(value, dtype)
    if value.dtype.names:
        return _quantized_to_numpy(value, dtypes.as_dtype(value.dtype)), dtypes.as_dtype(value.dtype)
    inferred = dtypes.string if value.dtype.kind in "USO" else dtypes.as_dtype(value.dtype)
    target = dtype or inferred
    if target is dtypes.string:
        return _to_string_array(value), target
    if inferred is dtypes.string:
        raise TypeError(f"Expected {target.name}, but got {value!r} of type 'str'.")
    npd = target.as_numpy_dtype
    if target.is_integer and value.dtype.kind in "iub" and value.dtype != npd:
        array = value.astype(npd)  # wraps like TF's C++ conversion
    else:
        array = np.asarray(value, dtype=npd)
    return array, target


def _quantized_to_numpy(value, dtype) -> np.ndarray:
    """A value for a quantized dtype as its plain integer array. TF takes NumPy arrays (plain or of its structured
    type) and Python lists whose leaves are tuples of one integer (`[(1,), (2,)]`), never bare numbers."""
    storage = dtypes.storage_numpy_dtype(dtype)
    if isinstance(value, (np.ndarray, np.generic)):
        array = np.asarray(value)
        return array.view(storage) if array.dtype.names else array.astype(storage)

    def check(v):
        if isinstance(v, tuple):
            for item in v:
                if not isinstance(item, (numbers.Integral, np.integer)):
                    raise TypeError(f"Expected {dtype.name}, but got {item} of type '{type(item).__name__}'.")
        elif isinstance(v, list):
            for item in v:
                check(item)
        else:
            raise TypeError(f"Expected {dtype.name}, but got {v} of type '{type(v).__name__}'.")

    check(value)
    return np.array(value, dtype=dtype.as_numpy_dtype).view(storage)


def _python_to_numpy(value, dtype):
    """Python values (nested lists, scalars, strings) as TF's `make_tensor_proto` converts them."""
    if value is None:
        raise ValueError("None values not supported.")
    if dtype is not None:
        _check_compatible(value, dtype)
    if dtype is None or dtype is dtypes.string:
        array = np.array(value, dtype=None if dtype is None else object)
    elif np.issubdtype(dtype.as_numpy_dtype, np.number):
        array = np.array(value).astype(dtype.as_numpy_dtype)  # out-of-range integers wrap, as in TF
    else:
        array = np.array(value, dtype=dtype.as_numpy_dtype)
    dense = _dense_dimensions(value)
    if list(array.shape) != dense:
        raise ValueError(f"Expected values {value} to be a dense tensor with shape {dense}, but got shape "
                         f"{list(array.shape)}.")
    if array.dtype.kind in "USO":
        return _string_leaves(value, array.shape), dtypes.string
    if dtype is not None:
        return array, dtype
    inferred = _python_dtype(array) if array.size else dtypes.float32
    return array.astype(inferred.as_numpy_dtype), inferred


def _fit_shape(array: np.ndarray, shape) -> np.ndarray:
    """TF's `shape=` rule: same size reshapes, fewer values are padded with the last one."""
    shape = tuple(int(d) for d in TensorShape(shape).as_list())
    size = int(np.prod(shape, dtype=np.int64))
    if array.size == size:
        return array.reshape(shape)
    if size == 0:
        return np.zeros(shape, dtype=array.dtype) if array.dtype != object else np.empty(shape, dtype=object)
    if array.size > size:
        raise ValueError(f"Too many elements provided. Takes at most {size:d}, but got {array.size:d}.")
    if array.size == 0:
        raise ValueError(f"Cannot fill shape {shape} from an empty value.")
    flat = array.reshape(-1)
    padded = np.concatenate([flat, np.repeat(flat[-1:], size - flat.size)])
    return padded.reshape(shape)


def constant(value, dtype=None, shape=None, name="Const", verify_shape=False) -> Tensor:
    """`tf.constant`: a Const op holding `value` (broadcast/reshaped to `shape` if given)."""
    array, dt = to_numpy(value, dtype)
    if shape is not None:
        if verify_shape and tuple(array.shape) != tuple(TensorShape(shape).as_list()):
            raise TypeError(f"Expected Tensor's shape: {tuple(TensorShape(shape).as_list())}, "
                            f"got {array.shape}.")
        array = _fit_shape(array, shape)
    if array.dtype != object:
        array = np.array(array, copy=True)
    array.flags.writeable = False
    return Const(value=array, dtype=dt, name=name)


# --- convert_to_tensor ------------------------------------------------------------------------

_CONVERSION_FUNCTIONS: list[tuple[type, object]] = []


def register_tensor_conversion_function(base_type, conversion_func, priority=100):
    """Registers `conversion_func(value, dtype=None, name=None, as_ref=False)` for `base_type`."""
    _CONVERSION_FUNCTIONS.append((base_type, conversion_func))


def _convert_registered(value):
    """`value` converted by the conversion function registered for its type; None if there is none."""
    for base_type, fn in _CONVERSION_FUNCTIONS:
        if isinstance(value, base_type):
            return fn(value)
    return None


_graph_module.registered_conversion = _convert_registered


def _range_to_tensor(value: range, dtype=None, name=None, as_ref=False) -> Tensor:
    """A Python `range` converts to TF's Range op (tf.range), as TF registers it."""
    from .array import range as range_op

    return range_op(value.start, value.stop, value.step, dtype=dtype, name=name or "range")


register_tensor_conversion_function(range, _range_to_tensor)


def _shape_to_tensor(value, dtype=None, name=None, as_ref=False) -> Tensor:
    """A TensorShape (fully defined) or a known Dimension converts to an int32 Const `shape_as_tensor` (int64 if
    a dimension needs it, or asked for), as TF registers them."""
    what = "TensorShape" if isinstance(value, TensorShape) else "Dimension"
    if isinstance(value, TensorShape):
        if not value.is_fully_defined():
            raise ValueError(f"Cannot convert a partially known TensorShape {value} to a Tensor.")
        dims = value.as_list()
    elif value.value is None:
        raise ValueError(f"Cannot convert unknown Dimension {value} to a Tensor.")
    else:
        dims = value.value
    wide = any(d >= 2**31 for d in np.ravel(dims))
    if dtype is not None:
        if dtype not in (dtypes.int32, dtypes.int64):
            raise TypeError(f"Cannot convert {what} {value} to dtype {dtype}. Allowed dtypes are tf.int32 and "
                            "tf.int64.")
        if dtype is dtypes.int32 and wide and what == "TensorShape":
            raise ValueError(f"Cannot convert TensorShape {value} to dtype int32; a dimension is too large. "
                             "Consider using tf.int64.")
    else:
        dtype = dtypes.int64 if wide and what == "TensorShape" else dtypes.int32
    return constant(dims, dtype=dtype, name=name or "shape_as_tensor")


register_tensor_conversion_function(TensorShape, _shape_to_tensor)
register_tensor_conversion_function(Dimension, _shape_to_tensor)


def convert_to_tensor(value, dtype=None, name=None, preferred_dtype=None, as_ref=False,
                      dtype_hint=None) -> Tensor:
    """Converts Tensors, Variables, NumPy arrays and Python values to a Tensor of the default graph."""
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype)
    preferred_dtype = preferred_dtype or dtype_hint
    if isinstance(value, Tensor):
        if dtype is not None and not dtype.is_compatible_with(value.dtype):
            raise ValueError(f"Tensor conversion requested dtype {dtype.name} for Tensor with dtype "
                             f"{value.dtype.name}: {value!r}")
        return value
    for base_type, fn in _CONVERSION_FUNCTIONS:
        if isinstance(value, base_type):
            return fn(value, dtype=dtype, name=name, as_ref=as_ref)
    if hasattr(value, "_as_graph_element") and not isinstance(value, (list, tuple)):
        element = value._as_graph_element()
        if isinstance(element, Tensor):
            return convert_to_tensor(element, dtype=dtype, name=name)
    if dtype is None and preferred_dtype is not None:
        try:
            return constant(value, dtype=preferred_dtype, name=name or "Const")
        except (TypeError, ValueError):
            pass
    if isinstance(value, (list, tuple)) and any(_is_symbolic(v) for v in _flatten(value)):
        from .array import pack_nested

        return pack_nested(value, dtype=dtype, name=name)
    return constant(value, dtype=dtype, name=name or "Const")


def _flatten(value):
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from _flatten(item)
    else:
        yield value


def _is_symbolic(value) -> bool:
    """Whether a list holding `value` is packed (TF's autopacking): Tensors and registered types, but not a
    shape or Dimension (TF converts a list of those as a constant: with an integer dtype, else a TypeError)."""
    if isinstance(value, (TensorShape, Dimension)):
        return False
    return isinstance(value, Tensor) or any(isinstance(value, t) for t, _ in _CONVERSION_FUNCTIONS)


def is_tensor(x) -> bool:
    return isinstance(x, Tensor)


