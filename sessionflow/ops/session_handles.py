"""Persistent session tensor handles: tf.get_session_handle keeps a value in the session (GetSessionHandle
returns its handle string, and `Session.run` gives it back as a TensorHandle); tf.get_session_tensor reads it
back in a later run (GetSessionTensor, fed the handle); tf.delete_session_tensor frees it.

The values live in one session resource; a handle is `"{op name};{n};{device}"` with `n` counting the session's
handles, as in TF."""

from __future__ import annotations

import threading

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from ..runtime import session as session_module

_DEVICE = "/job:localhost/replica:0/task:0/device:CPU:0"
_STORE_KEY = "_session_tensor_store"


class _SessionTensors:
    """The session's kept values by handle, and the count that numbers new handles."""

    def __init__(self):
        self.values: dict[str, np.ndarray] = {}
        self.count = 0
        self.lock = threading.Lock()

    def keep(self, op_name: str, value) -> str:
        with self.lock:
            handle = f"{op_name};{self.count};{_DEVICE}"
            self.count += 1
            self.values[handle] = value
        return handle

    def cancel(self):
        """Nothing waits on kept values."""


def _handle_text(handle) -> str:
    value = handle.item() if isinstance(handle, np.ndarray) else handle
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _missing(handle: str):
    return errors.InvalidArgumentError(None, None, f"The tensor with handle '{handle}' is not in the session store.")


@op("GetSessionHandle", inputs=("value",), stateful=True, type_attrs=dict(T="value"))
class GetSessionHandle:
    """Keeps `value` in the session; the output is its handle (a string scalar)."""

    def infer(value):
        return dtypes.string, TensorShape([])

    def kernel(ctx, xp, value):
        store = ctx.resource(_STORE_KEY, _SessionTensors)
        return np.array(store.keep(ctx.op.name, np.asarray(value)).encode("utf-8"), dtype=object)

    grad = NOT_DIFFERENTIABLE


@op("GetSessionTensor", inputs=("handle",), attrs=dict(dtype=None), stateful=True, type_attrs={})
class GetSessionTensor:
    """The value kept under `handle` (InvalidArgumentError once it was deleted)."""

    def infer(handle, dtype):
        return dtype, TensorShape(None)

    def kernel(ctx, xp, handle, dtype):
        text = _handle_text(handle)
        value = ctx.resource(_STORE_KEY, _SessionTensors).values.get(text)
        if value is None:
            raise _missing(text)
        return value

    grad = NOT_DIFFERENTIABLE


@op("DeleteSessionTensor", inputs=("handle",), stateful=True, type_attrs={})
class DeleteSessionTensor:
    """Frees the value kept under `handle`."""

    def infer(handle):
        return []

    def kernel(ctx, xp, handle):
        text = _handle_text(handle)
        store = ctx.resource(_STORE_KEY, _SessionTensors)
        with store.lock:
            if store.values.pop(text, None) is None:
                raise _missing(text)

    grad = NOT_DIFFERENTIABLE


class TensorHandle:
    """A value kept in a session: `handle` (its string), `eval()` (the value), `delete()`. Fed to a string
    placeholder it is its handle; fed to any other tensor, its value."""

    def __init__(self, handle, dtype, session):
        self._handle = _handle_text(handle)
        self._dtype = dtypes.as_dtype(dtype)
        self._session = session

    handle = property(lambda self: self._handle)

    def __str__(self) -> str:
        return self._handle

    def __repr__(self) -> str:
        return f"<TensorHandle {self._handle!r}>"

    def _reader(self, kind: str, make):
        graph = self._session.graph
        readers = graph.__dict__.setdefault("_session_handle_readers", {})
        key = (kind, self._dtype)
        if key not in readers:
            with graph.as_default():
                readers[key] = make()
        return readers[key]

    def eval(self):
        holder, tensor = self._reader("get", lambda: get_session_tensor(self._handle, self._dtype))
        return self._session.run(tensor, {holder: self._handle})

    def to_numpy_array(self):
        return self.eval()

    def delete(self):
        holder, deleter = self._reader("delete", lambda: delete_session_tensor(self._handle))
        self._session.run(deleter, {holder: self._handle})


def _fetched_handle(session, tensor, value):
    return TensorHandle(value, tensor.op.inputs[0].dtype, session)


def _fed_handle(tensor, handle: TensorHandle):
    return handle.handle if tensor.dtype.base_dtype is dtypes.string else handle.eval()


session_module.FEED_CONVERTERS[TensorHandle] = _fed_handle


@tf_export("get_session_handle")
def get_session_handle(data, name=None) -> Tensor:
    """A string tensor whose fetched value is a TensorHandle to `data`'s value, kept in the session."""
    if not isinstance(data, Tensor):
        raise TypeError("`data` must be of type Tensor.")
    graph = get_default_graph()
    graph.__dict__.setdefault("_fetch_wrappers", {})["GetSessionHandle"] = _fetched_handle
    return GetSessionHandle(data, name=name)


def _check_handle(handle):
    """TF reads the device out of a handle string ('name;id;device') and rejects one that has none."""
    text = _handle_text(handle)
    parts = text.split(";")
    if len(parts) != 3 or not parts[2].startswith("/"):
        raise ValueError(f"Unknown attribute '{parts[-1]}' is encountered while parsing the device spec: "
                         f"'{parts[-1]}'.")


@tf_export("get_session_tensor")
def get_session_tensor(handle, dtype, name=None):
    """(holder, tensor): feed `holder` a handle string; `tensor` is the value kept under it."""
    from .array import placeholder

    _check_handle(handle)
    holder = placeholder(dtypes.string)
    return holder, GetSessionTensor(holder, dtype=dtypes.as_dtype(dtype), name=name)


@tf_export("delete_session_tensor")
def delete_session_tensor(handle, name=None):
    """(holder, op): running `op` with `holder` fed a handle string frees that value."""
    from .array import placeholder

    _check_handle(handle)
    holder = placeholder(dtypes.string)
    return holder, DeleteSessionTensor(holder, name=name)
