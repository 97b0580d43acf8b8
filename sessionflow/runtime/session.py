"""`tf.Session`: runs parts of a graph. It owns all mutable state (variables, random streams).

`run` is: normalise fetches and feeds, look the plan up by signature (building it on a miss),
execute it on the backend, rebuild the fetch structure. The trivial case (one tensor, no feeds) is
kept short because it is the hot path of most training loops.

A session may run from many threads at once (updates of one variable are atomic: runtime/state.py).
`close()` never waits: runs still executing end with TF's CancelledError, later ones raise
RuntimeError. The default-session stack is per thread, as in TF.
"""

from __future__ import annotations

import threading

import numpy as np

from ..framework import dtypes, errors
from ..framework.graph import Graph, Tensor, get_default_graph
from ..framework.sparse_tensor import SparseTensor, SparseTensorValue
from ..ops.indexed_slices import IndexedSlices, IndexedSlicesValue
from ..ops.structure import flatten_dict_items, is_nested
from .backends import xla_devices as _devices, xla_select as _select
from .backends.numpy import NumpyExecutable
from .dataflow import DataflowExecutable
from .plan import NeedsDataflow, build_plan
from .memory import keep_large_buffers
from .state import RUN_CANCELLED, VariableStore, run_deadline
from . import config as _config, observe as _observe, partial_run as _partial
from .observe import observer_for


# --- fetch structures ------------------------------------------------------------------------

def _fetch_element(graph: Graph, fetch):
    """A fetch leaf resolved to a Tensor or Operation of `graph`, with TF's errors."""
    if fetch is None:
        raise TypeError('Argument `fetch` = None has invalid type "NoneType". Cannot be None')
    try:
        return graph.as_graph_element(fetch, allow_tensor=True, allow_operation=True)
    except TypeError as e:
        raise TypeError(f'Argument `fetch` = {fetch} has invalid type "{type(fetch).__name__}" must be a '
                        f"string or Tensor. ({e})") from None
    except (ValueError, KeyError) as e:
        reason = e.args[0] if e.args else str(e)
        raise ValueError(f"Argument `fetch` = {fetch} cannot be interpreted as a Tensor. "
                         f'("{reason}")' if isinstance(e, KeyError) else
                         f"Argument `fetch` = {fetch} cannot be interpreted as a Tensor. ({reason})") from None


def flatten_fetches(graph: Graph, fetches):
    """(unique leaves, rebuild) for a fetch structure of any nesting: lists, tuples, namedtuples and
    dicts of Tensors, Operations, names and Variables. `rebuild(values)` takes one value per leaf."""
    leaves: list = []
    index: dict = {}

    def walk(f):
        if isinstance(f, (list, tuple)) and not hasattr(f, "_as_graph_element"):
            builders = [walk(item) for item in f]
            if isinstance(f, list):
                return lambda values: [b(values) for b in builders]
            if hasattr(f, "_fields"):
                return lambda values: type(f)(*[b(values) for b in builders])
            return lambda values: tuple(b(values) for b in builders)
        if isinstance(f, IndexedSlices):
            parts = [walk(f.values), walk(f.indices), walk(f.dense_shape) if f.dense_shape is not None else None]
            return lambda values: IndexedSlicesValue(*[p(values) if p is not None else None for p in parts])
        if isinstance(f, SparseTensor):
            parts = [walk(f.indices), walk(f.values), walk(f.dense_shape)]
            return lambda values: SparseTensorValue(*[p(values) for p in parts])
        if isinstance(f, dict):
            keys = list(f.keys())
            builders = [walk(f[k]) for k in keys]
            return lambda values: type(f)(zip(keys, [b(values) for b in builders]))
        element = _fetch_element(graph, f)
        position = index.get(element)
        if position is None:
            position = index[element] = len(leaves)
            leaves.append(element)
        return lambda values: values[position]

    return leaves, walk(fetches)


def _fetched_value(value, feeds):
    """A fetched array as TF returns it: NumPy scalars for computed 0-d values (a fed value comes back
    as the array that was fed), private copies of stored values, row-major (a kernel's NumPy view, such
    as a reversed or strided slice, is copied: TF's tensors are always C-contiguous)."""
    if type(value) is np.ndarray:
        if value.ndim == 0 and not _was_fed(value, feeds):
            return value[()]
        if not value.flags.writeable:
            return value.copy()
        if not value.flags.c_contiguous and not _was_fed(value, feeds):
            return value.copy()
    return value


def _was_fed(value, feeds) -> bool:
    """Whether `value` is one of the arrays fed to the run (returned as fed)."""
    return bool(feeds) and any(value is v for v in feeds.values())


# --- feeds -----------------------------------------------------------------------------------

# Feed values of these types are converted first, `convert(tensor, value)` (a session TensorHandle: its handle
# string or its value); filled in by the modules that define them.
FEED_CONVERTERS: dict = {}


def _feed_value(tensor: Tensor, value) -> np.ndarray:
    convert = FEED_CONVERTERS.get(type(value))
    if convert is not None:
        value = convert(tensor, value)
    if isinstance(value, Tensor):
        raise TypeError("The value of a feed cannot be a tf.Tensor object. Acceptable feed values include "
                        "Python scalars, strings, lists, numpy ndarrays, or TensorHandles. For reference, the "
                        f"tensor object was {value} which was passed to the argument `feed_dict` with key "
                        f"{tensor}.")
    dtype = tensor.dtype.base_dtype
    if dtype is dtypes.string:
        array = np.array(value, dtype=object)
        flat = array.reshape(-1)
        for i, item in enumerate(flat):
            if isinstance(item, str):
                flat[i] = item.encode("utf-8")
    else:
        try:
            array = np.array(value, dtype=dtype.as_numpy_dtype)
            if array.dtype.names:  # a quantized type's tensors are held as plain integers
                array = array.view(dtypes.storage_numpy_dtype(dtype))
        except OverflowError:
            raise TypeError(f"{value!r} is not compatible with Tensor type {dtype!r} of {tensor.name}") from None
    dims = tensor.shape.as_tuple()  # the static shape's sizes (None: unknown); a TensorShape per feed costs 5 us
    if dims is not None and (len(dims) != array.ndim or
                             any(d is not None and d != n for d, n in zip(dims, array.shape))):
        raise ValueError(f"Cannot feed value of shape {array.shape} for Tensor {tensor.name}, which has shape "
                         f"{tensor.shape}")
    return array


def _feed_tensor(graph: Graph, key) -> Tensor:
    try:
        tensor = graph.as_graph_element(key, allow_tensor=True, allow_operation=False)
    except (TypeError, ValueError, KeyError) as e:
        raise TypeError(f"Cannot interpret feed_dict key as Tensor: {e.args[0] if e.args else e}") from None
    if not graph.is_feedable(tensor):
        raise ValueError(f"Tensor {tensor.name} may not be fed.")
    return tensor


# --- default session -------------------------------------------------------------------------

class _DefaultSessionStack(threading.local):
    def __init__(self):
        self.stack = []


_default_sessions = _DefaultSessionStack()


def get_default_session():
    """The innermost session entered with `with sess:` / `sess.as_default()` on this thread, or None."""
    stack = _default_sessions.stack
    return stack[-1] if stack else None


def default_session_for(graph: Graph, session, action: str):
    """The session `Tensor.eval`/`Operation.run` use, with TF's errors when there is none."""
    if session is None:
        session = get_default_session()
        if session is None:
            raise ValueError(f"Cannot {action} using `{'eval' if action.startswith('evaluate') else 'run'}()`: "
                             "No default session is registered. Use `with sess.as_default()` or pass an "
                             "explicit session to `eval(session=sess)`")
    if session.graph is not graph:
        raise ValueError(f"Cannot use the given session to {action}: the {action.split()[-1]}'s graph is "
                         "different from the session's graph. Pass an explicit session to "
                         "`eval(session=sess)`.")
    return session


class _SessionDefault:
    def __init__(self, session):
        self._session = session

    def __enter__(self):
        _default_sessions.stack.append(self._session)
        return self._session

    def __exit__(self, *exc):
        stack = _default_sessions.stack
        if self._session in stack:
            stack.reverse()
            stack.remove(self._session)
            stack.reverse()
        return False


def _cancelled(error: Exception) -> errors.OpError:
    """What a run that failed because its session was closed under it raises: TF's CancelledError
    (kept as it is when the run already noticed, e.g. a loop's 'Loop execution was cancelled.')."""
    if isinstance(error, errors.CancelledError):
        return error
    return errors.CancelledError(None, getattr(error, "op", None), RUN_CANCELLED)


# --- Session ---------------------------------------------------------------------------------

class BaseSession:
    """A TF1 session on one graph. Two sessions on one graph hold independent state."""

    def __init__(self, target="", graph=None, config=None):
        if graph is not None and not isinstance(graph, Graph):
            raise TypeError(f"graph must be a tf.Graph, but got {type(graph)}")
        self._graph = graph if graph is not None else get_default_graph()
        _devices.cpu_count(config)  # a session needs a CPU device (TF's NotFoundError for device_count CPU 0)
        self._config = config
        self._store = VariableStore(_config.intra_op_threads(config))
        # blocking ops (a dequeue) give up after this long unless RunOptions.timeout_in_ms says otherwise
        self._timeout_ms = getattr(config, "operation_timeout_in_ms", 0) if config is not None else 0
        keep_large_buffers()
        self._executables: dict = {}
        self._partial_runs: dict = {}  # handle -> PartialRun
        self._backend = _select.session_backend(config)  # 'numpy', 'xla' or 'auto' (runtime/backends/xla_select.py)
        self._device_values: dict = {}  # the XLA backend's device arrays of stored variables
        self._closed = False
        self._target = target

    @property
    def graph(self) -> Graph:
        return self._graph

    @property
    def graph_def(self):
        return self._graph.as_graph_def()

    @property
    def sess_str(self) -> str:
        return self._target

    def list_devices(self):
        """The session's devices: its CPUs (one, or as many as device_count asks), or JAX's local devices on the
        XLA backend (xla_devices.py)."""
        return [_config.DeviceAttributes(d.name, d.device_type, d.memory_limit)
                for d in _devices.session_devices(self._backend, self._config)]

    # --- running --------------------------------------------------------------------------
    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Computes `fetches` (any nesting of tensors, ops, names, variables), feeding `feed_dict`."""
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        if isinstance(fetches, Tensor) and fetches.graph is self._graph:
            leaves, rebuild = (fetches,), None
        else:
            leaves, rebuild = flatten_fetches(self._graph, fetches)
        feeds = self._feeds(feed_dict) if feed_dict else {}
        executable = self._executable(tuple(leaves), feeds)
        observer = observer_for(options, run_metadata, self, leaves, feeds) \
            if (_observe._global or options is not None) else None
        timeout_ms = getattr(options, "timeout_in_ms", 0) or self._timeout_ms if options is not None \
            else self._timeout_ms
        try:
            if timeout_ms:
                with run_deadline(timeout_ms):
                    values = self._execute(executable, feeds, observer, leaves)
            else:
                values = self._execute(executable, feeds, observer, leaves)
        except Exception as e:
            if self._closed:
                raise _cancelled(e) from e
            raise
        if self._closed:  # closed while this run executed: its results may read an emptied store
            raise errors.CancelledError(None, None, RUN_CANCELLED)
        wrappers = self._graph.__dict__.get("_fetch_wrappers")
        if wrappers:  # the graph has ops whose fetched values become objects (GetSessionHandle: TensorHandle)
            values = [wrappers[leaf.op.type](self, leaf, v) if isinstance(leaf, Tensor) and leaf.op.type in wrappers
                      else v for leaf, v in zip(leaves, values)]
        if rebuild is None:
            return _fetched_value(values[0], feeds)
        return rebuild([_fetched_value(v, feeds) for v in values])

    def _execute(self, executable, feeds, observer, leaves):
        if observer is None:
            return executable.run(feeds)
        observer.begin_run(self, leaves, feeds)
        values = executable.run_observed(feeds, observer)
        observer.end_run(values)
        return values

    def _feeds(self, feed_dict) -> dict:
        graph = self._graph
        feeds = {}
        if any(is_nested(key) for key in feed_dict):  # a key may be a structure (an RNN's state tuple)
            feed_dict = flatten_dict_items(feed_dict)
        for key, value in feed_dict.items():
            if isinstance(key, SparseTensor):  # as TF: its three tensors, zipped with the value's parts
                for tensor, part in zip((key.indices, key.values, key.dense_shape), value):
                    tensor = _feed_tensor(graph, tensor)
                    feeds[tensor] = _feed_value(tensor, part)
                continue
            tensor = _feed_tensor(graph, key)
            feeds[tensor] = _feed_value(tensor, value)
        return feeds

    def _executable(self, leaves: tuple, feeds: dict):
        key = (leaves, frozenset(feeds)) if feeds else leaves
        executable = self._executables.get(key)
        if executable is None:
            for leaf in leaves:
                if not self._graph.is_fetchable(leaf):
                    raise ValueError(f"Operation {leaf.name!r} has been marked as not fetchable.")
            plan = None
            try:
                plan = build_plan(leaves, feeds)
                if self._backend == "numpy":
                    executable = NumpyExecutable(plan, self._store)
                else:
                    from .backends.xla import XlaExecutable
                    executable = XlaExecutable(plan, self._store, self._device_values, self._backend == "auto")
            except NeedsDataflow:  # TF 1.x control flow (Switch, Merge, ...): the dataflow executor runs it
                executable = DataflowExecutable(leaves, feeds, self._store)
            _devices.place(self, plan, executable)  # TF's placement errors, the plan's device, its log
            self._executables[key] = executable
        return executable

    def make_callable(self, fetches, feed_list=None, accept_options=False):
        """A function `f(*feed_values)` equivalent to `run(fetches, dict(zip(feed_list, feed_values)))`."""
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        if any(is_nested(key) for key in feed_list or []):  # a structure as one key: run's feed_dict handling
            def call_nested(*feed_values, options=None, run_metadata=None):
                return self.run(fetches, dict(zip(feed_list, feed_values)), options, run_metadata)
            return call_nested
        leaves, rebuild = flatten_fetches(self._graph, fetches)
        # a SparseTensor in feed_list takes one value (a SparseTensorValue or a tuple) for its three tensors
        feed_tensors = [tuple(_feed_tensor(self._graph, t) for t in (key.indices, key.values, key.dense_shape))
                        if isinstance(key, SparseTensor) else _feed_tensor(self._graph, key)
                        for key in (feed_list or [])]
        sparse_feeds = any(isinstance(t, tuple) for t in feed_tensors)
        leaves = tuple(leaves)

        def call(*feed_values, options=None, run_metadata=None):
            if self._closed:
                raise errors.CancelledError(None, None, "Session has been closed.")
            if len(feed_values) != len(feed_tensors):
                raise TypeError(f"Expected {len(feed_tensors)} feed values, got {len(feed_values)}")
            if sparse_feeds:
                feeds = {}
                for t, v in zip(feed_tensors, feed_values):
                    feeds.update({p: _feed_value(p, part) for p, part in zip(t, v)} if isinstance(t, tuple)
                                 else {t: _feed_value(t, v)})
            else:
                feeds = {t: _feed_value(t, v) for t, v in zip(feed_tensors, feed_values)}
            timeout_ms = getattr(options, "timeout_in_ms", 0) or self._timeout_ms
            try:
                if timeout_ms:
                    with run_deadline(timeout_ms):
                        values = self._executable(leaves, feeds).run(feeds)
                else:
                    values = self._executable(leaves, feeds).run(feeds)
            except Exception as e:
                if self._closed:
                    raise _cancelled(e) from e
                raise
            if self._closed:
                raise errors.CancelledError(None, None, RUN_CANCELLED)
            return rebuild([_fetched_value(v, feeds) for v in values])

        return call

    # --- partial runs (runtime/partial_run.py) ---------------------------------------------
    def partial_run_setup(self, fetches, feeds=None):
        """A handle for one run spread over `partial_run` calls: `fetches` (any fetch structure) are what the
        calls may fetch, `feeds` (a list of tensors or names) what they may feed."""
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        leaves, _ = flatten_fetches(self._graph, fetches)
        feed_tensors = [_feed_tensor(self._graph, f) for f in (feeds or [])]
        run = _partial.PartialRun(leaves, feed_tensors)
        handle = _partial.handle_for(run)
        self._partial_runs[handle] = run
        return handle

    def partial_run(self, handle, fetches, feed_dict=None):
        """Continues the partial run `handle`: feeds `feed_dict`, returns `fetches` (Tensors only), running
        only what no earlier call of this handle ran."""
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        leaves, rebuild = flatten_fetches(self._graph, fetches)
        leaves = _partial.check_leaves(leaves)
        run = self._partial_runs.get(handle)
        if run is None:
            raise _partial.not_set_up()
        feeds = self._feeds(feed_dict) if feed_dict else {}
        with run.lock:
            values = _partial.partial_run(self, run, leaves, feeds)
            if run.done():
                self._partial_runs.pop(handle, None)
        return rebuild([_fetched_value(v, feeds) for v in values])

    # --- lifecycle ------------------------------------------------------------------------
    def close(self):
        """Releases the session's state; later runs raise RuntimeError. Never waits: runs other
        threads are executing end with CancelledError (at their next loop iteration, variable read
        or big step, or when they finish)."""
        self._closed = True
        self._executables = {}
        self._partial_runs = {}
        self._device_values = {}
        self._store.close()

    def as_default(self):
        """A context manager making this the default session (for `Tensor.eval`, `Operation.run`)."""
        return _SessionDefault(self)

    def __enter__(self):
        self._graph_context = self._graph.as_default()
        self._graph_context.__enter__()
        self._session_context = self.as_default()
        self._session_context.__enter__()
        return self

    def __exit__(self, exc_type, exc, tb):
        self._session_context.__exit__(exc_type, exc, tb)
        self._graph_context.__exit__(exc_type, exc, tb)
        self.close()
        return False

    def __del__(self):
        # Takes no lock and waits for nothing: it may run on any thread, at any moment.
        self._closed = True
        store = getattr(self, "_store", None)
        if store is not None:
            store.closed = True


class Session(BaseSession):
    """`tf.Session(target='', graph=None, config=None)`."""


class InteractiveSession(BaseSession):
    """A session that installs itself as the default session until closed (for shells/notebooks)."""

    def __init__(self, target="", graph=None, config=None):
        super().__init__(target, graph, config)
        self._default = self.as_default()
        self._default.__enter__()

    def close(self):
        if not self._closed:
            self._default.__exit__(None, None, None)
        super().close()
