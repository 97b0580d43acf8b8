"""Python functions as ops: `tf.py_func` / `tf.numpy_function` (PyFunc, PyFuncStateless) and
`tf.py_function` (EagerPyFunc).

As in TF, each wrapped function gets a token `pyfunc_N` (a process-wide counter, the NodeDef's `token`
attr) under which a process-wide registry finds it; the op also keeps the function itself in a
sessionflow-only attr, so the graph holds it alive. A GraphDef imported with a PyFunc node runs only in
the process that registered its token (TF's rule too).

Calling the function: PyFunc passes NumPy values (a scalar as a NumPy scalar, a string as bytes, string
arrays as object arrays of bytes); EagerPyFunc passes `EagerValue`s, which have `.numpy()`, `.dtype`,
`.shape` as eager tensors do. An exception raised inside becomes TF's error: ValueError/TypeError ->
InvalidArgumentError, StopIteration -> OutOfRangeError, NotImplementedError -> UnimplementedError, a
`tf.errors` error keeps its class, anything else -> UnknownError; the message is TF's
`<ExceptionType>: <text>` followed by the Python traceback, which names the function.

Threads: kernels call the function with no lock of their own, so a session run from several threads (or a
parallel dataset map) calls it concurrently; NumPy releases the GIL in its heavy loops, so NumPy-bound
functions use several cores. Gradients: PyFunc and PyFuncStateless have none (TF's NotDifferentiable);
EagerPyFunc's gradient needs TF's eager tape, which sessionflow has not, so it has none either.
"""

from __future__ import annotations

import itertools
import threading
import traceback
import weakref

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from .constant import convert_to_tensor


class FuncRegistry:
    """Token -> Python function, process-wide (TF's `_py_funcs`). Functions are held weakly: the op that
    uses one holds it, so a function lives as long as a graph that calls it."""

    def __init__(self):
        self._lock = threading.Lock()
        self._funcs = weakref.WeakValueDictionary()
        self._strong: dict = {}  # functions that cannot be weakly referenced (builtins)
        self._ids = itertools.count()

    def insert(self, func) -> str:
        with self._lock:
            token = f"pyfunc_{next(self._ids)}"
            try:
                self._funcs[token] = func
            except TypeError:
                self._strong[token] = func
        return token

    def get(self, token):
        if isinstance(token, bytes):  # as `op.get_attr("token")` gives it
            token = token.decode("utf-8")
        found = self._funcs.get(token)
        return self._strong.get(token) if found is None else found


_py_funcs = FuncRegistry()

_ERROR_CLASSES = ((errors.OpError, None), (ValueError, errors.InvalidArgumentError),
                  (TypeError, errors.InvalidArgumentError), (StopIteration, errors.OutOfRangeError),
                  (NotImplementedError, errors.UnimplementedError),
                  (MemoryError, errors.ResourceExhaustedError))


def _raised(e: BaseException) -> errors.OpError:
    """TF's error for exception `e` raised by the wrapped function: its class from the exception's type,
    its message `Type: text` and the traceback (as TF's py_func kernel writes it)."""
    for python_type, op_error in _ERROR_CLASSES:
        if isinstance(e, python_type):
            cls = type(e) if op_error is None else op_error
            break
    else:
        cls = errors.UnknownError
    frames = traceback.format_tb(e.__traceback__)[1:]  # the kernel's own frame is not the user's
    text = e.message if isinstance(e, errors.OpError) else str(e)
    message = (f"{type(e).__name__}: {text}\nTraceback (most recent call last):\n\n" + "\n".join(frames)
               + f"\n{type(e).__name__}: {text}\n\n")
    return cls(None, None, message)


def _function(token: str, func):
    if func is not None:
        return func
    found = _py_funcs.get(token)
    if found is None:
        raise errors.InvalidArgumentError(None, None, f"Could not find callback with key={token} in the registry.")
    return found


def _numpy_arg(value):
    """What PyFunc passes for an input value: NumPy arrays, scalars as NumPy scalars, strings as bytes."""
    if value.dtype.kind == "S":
        value = value.astype(object)
    if value.ndim == 0:
        return bytes(value.item()) if value.dtype == object else value[()]
    return value


def _numpy_result(value):
    """A returned value as TF's py_func converts it (no dtype given: NumPy's own; str -> bytes)."""
    result = np.asarray(value, order="C")
    if result.dtype.char == "S":
        return np.asarray(value, dtype=object) if result is not value else result.astype(object)
    if result.dtype.char == "U":
        return np.vectorize(lambda s: s.encode("utf-8"), otypes=[object])(result) if result.ndim else \
            np.asarray(result.item().encode("utf-8"), dtype=object)
    return result


def _check_results(token: str, results, Tout):
    if len(results) != len(Tout):
        raise errors.InvalidArgumentError(
            None, None, f"{token} returns {len(results)} values, but expects to see {len(Tout)} values.")
    for i, (value, dtype) in enumerate(zip(results, Tout)):
        got = dtypes.string if value.dtype == object else dtypes.as_dtype(value.dtype)
        if got is not dtype:
            raise errors.InvalidArgumentError(
                None, None, f"{i}-th value returned by {token} is {_c_name(got)}, but expects {_c_name(dtype)}")
    return results


def _c_name(dtype) -> str:
    """The C++ name TF's messages use for a dtype (DataTypeString): float, double, int32, string, ..."""
    return {"float32": "float", "float64": "double", "float16": "half"}.get(dtype.name, dtype.name)


def _as_results(value) -> list:
    """The outputs a returned value stands for, as TF reads it: a list or tuple holds one value per output,
    None is no output, anything else is one output."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _call_numpy(token, func, Tout, args):
    try:
        value = func(*[_numpy_arg(a) for a in args])
    except Exception as e:  # every exception becomes TF's error, as in TF
        raise _raised(e) from e
    results = _as_results(value)
    return _check_results(token, [_numpy_result(v) for v in results], Tout)


def _pyfunc_infer(*inputs, token, Tout, func, is_async=False):
    return [(dtypes.as_dtype(d), TensorShape(None)) for d in Tout]


def _pyfunc_result(results):
    return results[0] if len(results) == 1 else tuple(results)


@op("PyFunc", inputs=("*input",), attrs=dict(token=None, Tout=None, func=None), stateful=True,
    type_attrs={"Tin": "[input]", "func": None})
class PyFunc:
    """Calls a Python function on NumPy values (tf.py_func, tf.numpy_function)."""

    infer = _pyfunc_infer

    def kernel(ctx, xp, *args, token, Tout, func):
        return _pyfunc_result(_call_numpy(token, _function(token, func), Tout, args))

    grad = NOT_DIFFERENTIABLE


@op("PyFuncStateless", inputs=("*input",), attrs=dict(token=None, Tout=None, func=None), foldable=False,
    type_attrs={"Tin": "[input]", "func": None})
class PyFuncStateless:
    """PyFunc of a function declared stateless (`stateful=False`)."""

    infer = _pyfunc_infer

    def kernel(xp, *args, token, Tout, func):
        return _pyfunc_result(_call_numpy(token, _function(token, func), Tout, args))

    grad = NOT_DIFFERENTIABLE
    samples = [(([np.array([1.0, -2.0])],), {"token": "pyfunc_sample", "Tout": (dtypes.float64,), "func": np.negative})]


class EagerValue:
    """What tf.py_function's function receives for each input: an eager tensor's face (`.numpy()`, `.dtype`,
    `.shape`); NumPy accepts it as an array, and arithmetic on it gives NumPy values."""

    __slots__ = ("_value", "dtype")

    def __init__(self, value, dtype):
        self._value = value
        self.dtype = dtype

    def numpy(self):
        value = self._value
        if value.ndim == 0:
            return value.item() if value.dtype == object else value[()]
        return value.copy()

    @property
    def shape(self) -> TensorShape:
        return TensorShape(self._value.shape)

    @property
    def ndim(self) -> int:
        return self._value.ndim

    def __array__(self, dtype=None, copy=None):
        return self._value if dtype is None else self._value.astype(dtype)

    def __len__(self):
        return len(self._value)

    def __iter__(self):
        return iter(self.numpy())

    def __getitem__(self, index):
        return self._value[index]

    def __bool__(self):
        return bool(self._value)

    def __float__(self):
        return float(self._value)

    def __int__(self):
        return int(self._value)

    def __index__(self):
        return int(self._value)

    def __repr__(self):
        return f"<tf.Tensor: shape={self.shape}, dtype={self.dtype.name}, numpy={self.numpy()!r}>"


def _binary(name):
    method = getattr(np.ndarray, name)

    def apply(self, other):
        return method(self._value, np.asarray(other))

    apply.__name__ = name
    return apply


for _name in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__", "__rtruediv__",
              "__floordiv__", "__rfloordiv__", "__mod__", "__pow__", "__rpow__", "__matmul__", "__rmatmul__",
              "__lt__", "__le__", "__gt__", "__ge__", "__and__", "__or__", "__xor__"):
    setattr(EagerValue, _name, _binary(_name))
EagerValue.__neg__ = lambda self: -self._value
EagerValue.__abs__ = lambda self: abs(self._value)


def _eager_result(value, dtype):
    """A returned value converted to `dtype` as TF converts it to an eager tensor (a numeric value is cast)."""
    if isinstance(value, EagerValue):
        value = value._value
    if hasattr(value, "numpy") and not isinstance(value, np.ndarray):
        value = value.numpy()
    if dtype is dtypes.string:
        result = _numpy_result(value)
        if result.dtype == object:
            return result
    else:
        result = np.asarray(value)
        if result.dtype.kind in "biufc":
            if result.dtype.kind == "c" and not dtype.is_complex:
                raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
            return result.astype(dtype.as_numpy_dtype, copy=False)
    raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")


@op("EagerPyFunc", inputs=("*input",), attrs=dict(token=None, Tout=None, is_async=False, func=None),
    stateful=True, type_attrs={"Tin": "[input]", "func": None})
class EagerPyFunc:
    """Calls a Python function on eager-tensor-like values (tf.py_function)."""

    infer = _pyfunc_infer

    def kernel(ctx, xp, *args, token, Tout, is_async, func):
        func = _function(token, func)
        inputs = [EagerValue(a, t.dtype.base_dtype) for a, t in zip(args, ctx.op.inputs)]
        try:
            value = func(*inputs)
            results = _as_results(value)
            if len(results) != len(Tout):
                raise errors.InvalidArgumentError(
                    None, None, f"{token} returns {len(results)} values, but expects to see {len(Tout)} values.")
            results = [_eager_result(v, dtypes.as_dtype(d)) for v, d in zip(results, Tout)]
        except errors.InvalidArgumentError as e:
            if e.message.startswith(token):
                raise
            raise _raised(e) from e
        except Exception as e:  # every exception becomes TF's error, as in TF
            raise _raised(e) from e
        return _pyfunc_result(results)

    grad = NOT_DIFFERENTIABLE


def _tout(Tout):
    """(list of DTypes, whether the caller gave a list)."""
    if isinstance(Tout, (list, tuple)):
        return [dtypes.as_dtype(d) for d in Tout], True
    return [dtypes.as_dtype(Tout)], False


def _make(opdef, func, inp, Tout, name, **attrs):
    if not callable(func):
        raise ValueError(f"Expected func to be callable, got func of type {type(func)}")  # noqa: TRY004 - TF's
    tout, is_list = _tout(Tout)
    inputs = [convert_to_tensor(x) for x in (inp or [])]
    token = _py_funcs.insert(func)
    result = opdef(inputs, token=token, Tout=tuple(tout), func=func, name=name, **attrs)
    if not tout:
        return result
    outputs = list(result) if isinstance(result, tuple) else [result]
    return outputs if is_list else outputs[0]


@tf_export("py_func")
def py_func(func, inp, Tout, stateful=True, name=None):
    """Wraps Python function `func` (NumPy values in, NumPy values out) as an op. `Tout` is a dtype (one
    Tensor returned) or a list of them (a list returned; an empty list returns the Operation)."""
    return _make(PyFunc if stateful else PyFuncStateless, func, inp, Tout, name)


@tf_export("numpy_function")
def numpy_function(func=None, inp=None, Tout=None, stateful=True, name=None):
    """tf.numpy_function: tf.py_func under its TF 2 name (usable as a decorator: func left out)."""
    if func is None:
        return lambda f: (lambda *args: numpy_function(f, list(args), Tout, stateful, name))
    return _make(PyFunc if stateful else PyFuncStateless, func, inp, Tout, name)


@tf_export("py_function")
def py_function(func=None, inp=None, Tout=None, name=None):
    """Wraps Python function `func` as an op whose inputs arrive as eager-tensor-like values (`.numpy()`)."""
    if func is None:  # used as a decorator: @tf.py_function(Tout=...)
        return lambda f: (lambda *args: py_function(f, list(args), Tout, name))
    return _make(EagerPyFunc, func, inp, Tout, name)
