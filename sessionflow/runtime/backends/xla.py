"""The XLA backend: a whole plan compiled into one `jax.jit` computation.

The plan's steps are traced with `jax.numpy` as `xp`, the same kernels the NumPy backend runs. State
is functionalized: the values of the variables the plan may touch are passed in (a dict keyed by the
variable's key), the kernels read and write them through a tracing context instead of the store, and
the values written come back and are stored once the computation ends. Each variable keeps the
device array it came from next to the NumPy view the store holds, so a training loop passes the same
buffers back in without copying them; small variables travel packed, one buffer per dtype (xla_pack.py).

A plan stays on NumPy, with a one-line reason (`XlaExecutable.reason`), when one of its ops cannot
be traced: a session resource (queues, readers, iterators, tables, TensorArrays), an op with string
values, a value-dependent shape, a loop it cannot bound (xla_control.py), or a kernel whose tracing fails
(one that calls NumPy on its inputs, or branches on their values). Seeded random ops, control flow,
Assert and the sparse updates of embeddings compile (docs/xla.md lists what does not and why). Errors
TF raises at run time (an uninitialized variable, shapes that do not fit) are raised by running the
plan on NumPy once, so they are TF's errors, naming the op. Observed runs (RunOptions tracing,
`sessionflow explain`) run on NumPy step by step.

64-bit types are enabled for the backend's own computations only (`jax.enable_x64` around tracing
and calls; it is a per-thread setting), never for the user's JAX code.
"""

from __future__ import annotations

import functools
import importlib.util
import operator
import os
import threading
import time

import numpy as np

from ...framework import dtypes, errors
from ...ops.common import PLAN_CHOOSERS, TRACED_CHECKS
from ..state import RUN_CANCELLED, OpContext, _static_key, written_positions
from . import xla_devices, xla_pack
from .numpy import NumpyExecutable
from .xla_cache import ShapeCache, compile_behind, shape_key

# jax is an optional extra (`pip install 'sessionflow[xla]'`), imported on the first compile (`_load`): a
# session, or a tiered plan that never compiles, does not pay for importing it.
AVAILABLE = importlib.util.find_spec("jax") is not None
jax = jnp = None
# Tiered ("auto") plans are compiled (in the background) once they have run this many times on NumPy and
# spent this many seconds there in all: a plan whose whole NumPy time is below what compiling it costs
# (a fraction of a second to seconds) would never repay it.
TIER_AFTER = int(os.environ.get("SESSIONFLOW_XLA_TIER_AFTER", "3"))
TIER_SECONDS = float(os.environ.get("SESSIONFLOW_XLA_TIER_SECONDS", "1.0"))
# Timed compiled runs that decide between the two, each side judged by its best run (NumPy's of its last
# TRIALS runs): enough of them that a busy moment of the machine does not decide it. The compiled runs
# of the first WARMUP_SECONDS, and at least WARMUP of them, are not counted: they move the state to the
# device, and run while the BLAS threads of the NumPy runs before them still spin for the same cores
# (OpenBLAS's threads wait busily for about 0.1 s before they sleep), 1.5x slower than they run after.
TRIALS = 10
WARMUP = 5
WARMUP_SECONDS = 0.25


def _load():
    global jax, jnp
    if jnp is None:
        jax = xla_devices.import_jax()
        jnp = jax.numpy


def _x64():
    """A context in which this thread's JAX computations keep 64-bit types (for this backend's own work)."""
    if hasattr(jax, "enable_x64"):
        return jax.enable_x64(True)
    from jax.experimental import enable_x64  # older JAX
    return enable_x64()

# Stateful ops the backend traces: variable reads and writes, and the dense update rules of
# ops/training.py (their state goes through the tracing context like any other variable access).
_STATEFUL = frozenset({
    "VariableV2", "VarHandleOp", "ReadVariableOp", "Assign", "AssignAdd", "AssignSub", "AssignVariableOp",
    "AssignAddVariableOp", "AssignSubVariableOp",
})
# Row reads and scatter writes of variables (embedding lookups, their gradient updates): ops/state.py.
_STATEFUL |= {"ResourceGather"} | {f"{prefix}Scatter{kind}" for prefix in ("", "Resource")
                                   for kind in ("Add", "Sub", "Mul", "Div", "Min", "Max", "Update")}


# Seeded random ops the backend traces: Philox4x32-10 in uint64 arithmetic (ops/philox.py, bit-exact with
# TF as on NumPy), each op's stream (key, 128-bit counter) passed in and its advanced counter returned.
_RANDOM = frozenset({"RandomUniform", "RandomStandardNormal", "TruncatedNormal", "RandomUniformInt"})
# State entries of random streams are keyed by this prefix and the op's name (variables by their key).
_STREAM = "\x00random:"
_M64 = (1 << 64) - 1


# Checks traced as deferred checks (a false condition reruns the run on NumPy, which raises TF's error): their
# data inputs (strings among them) only make the message, so they are never traced.
_CHECKS = frozenset({"Assert"})


def _traceable_stateful(op_type: str) -> bool:
    if op_type in _STATEFUL or op_type in _RANDOM or op_type in _CHECKS:
        return True
    # (the sparse rules' index checks are deferred; they skip the padding rows of a traced Unique)
    return op_type.startswith(("Apply", "ResourceApply", "SparseApply", "ResourceSparseApply"))


class Untraceable(Exception):
    """A kernel used something a traced computation cannot do (a session resource, a random stream)."""


def untraceable_reason(plan) -> str | None:
    """Why `plan` cannot be compiled, judging from its ops' declarations alone; None if it may be."""
    for step in plan.steps:
        op = step.op
        opdef = op.opdef
        if op.type in xla_control.LOWERED:  # If/While and their gradients: lowered by xla_control.py
            reason = xla_control.untraceable_reason(op, plan)
            if reason is not None:
                return reason
            continue
        if opdef.stateful and not _traceable_stateful(op.type):
            return f"op {op.type} has no XLA kernel"
        if op.type in ("PyFunc", "EagerPyFunc", "PyFuncStateless"):
            return f"op {op.type} has no XLA kernel"
        if op.type in _CHECKS:
            continue
        if op.type == "Unique" and (padding := xla_padding.untraceable_reason(step, plan)) is not None:
            return padding
        for t in list(op.outputs) + list(op.inputs):
            base = t.dtype.base_dtype
            if base is dtypes.string and t.op.type == "Const" and all(c.type in _CHECKS for c in t.consumers()):
                continue  # a check's message, folded
            if base in (dtypes.string, dtypes.variant) or (base is dtypes.resource and op.type not in _STATEFUL
                                                          and not _traceable_stateful(op.type)):
                return f"op {op.type} has no XLA kernel (it handles {base.name} values)"
    for tensor, slot in plan.feed_slots.items():
        if tensor.dtype.base_dtype is dtypes.string:
            return f"feed {tensor.name} is a string"
    return None


class _TraceContext:
    """The OpContext of a stateful kernel being traced: reads and writes go to `state`, a dict of the
    traced values of the variables (those initialized when the run started)."""

    __slots__ = ("op", "_state", "_written")

    def __init__(self, op, state: dict, written: dict):
        self.op = op
        self._state = state
        self._written = written

    def read(self, key: str):
        try:
            return self._state[key]
        except KeyError:
            raise errors.FailedPreconditionError(None, None, f"Attempting to use uninitialized value {key}") \
                from None

    def write(self, key: str, value):
        value = jnp.asarray(value)
        self._state[key] = value
        self._written[key] = value
        return value

    def is_initialized(self, key: str) -> bool:
        return key in self._state

    def random_stream(self, seed: int, seed2: int, blocks: int):
        """The op's traced (key, counter) and its counter advanced by `blocks` (128-bit, with carry) as
        a written state entry."""
        name = _STREAM + self.op.name
        stream = self._state[name]
        lo, hi = stream[2], stream[3]
        new_lo = lo + jnp.uint64(blocks)
        new_hi = hi + (new_lo < lo).astype(jnp.uint64)
        self._state[name] = self._written[name] = jnp.stack([stream[0], stream[1], new_lo, new_hi])
        return (stream[0], stream[1]), (lo, hi)

    @property
    def lock(self):
        return _NO_LOCK

    def __getattr__(self, name):
        raise Untraceable(f"uses the session's {name.strip('_')}")


class _NoLock:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


_NO_LOCK = _NoLock()


class XlaExecutable:
    """A plan bound to one session's store, compiled with jax.jit: `run(feed_values) -> fetched values`.

    `device_values` (shared by a session's executables) maps a variable's key to (the NumPy view the
    store holds, the device array it views), so a value this backend wrote goes back in without a copy.
    """

    def __init__(self, plan, store, device_values: dict, tiered: bool = False):
        self.plan = plan
        self._tiered = tiered  # "auto": NumPy first, compiled in the background, kept where it is faster
        self._ready = not tiered
        self._runs = 0
        self._numpy_ns = None
        self._numpy_total_ns = 0
        self._numpy_recent: list = []
        self._trials = 0  # compiled runs still to time before a tiered plan's choice is final
        self._trials_from = 0.0  # (time.monotonic) when they start counting
        self._compiled_ns = None
        self._warming = False
        self._store = store
        self._device = device_values
        self._numpy = NumpyExecutable(plan, store)
        self.reason = untraceable_reason(plan) if AVAILABLE else "jax is not installed"
        self._feeds = tuple(plan.feed_slots)
        self._fed_at = {slot: t for t, slot in plan.feed_slots.items()}  # a fetched feed is the array fed, as in TF
        self._keys = _candidate_keys(plan)
        self._locks = sorted(_written_keys(plan))
        self._random_ops = tuple(step.op for step in plan.steps if step.op.type in _RANDOM)
        if self.reason is None:  # what the branches and loop bodies touch too
            self._keys, self._locks, self._random_ops = xla_control.nested_state(
                plan, self._keys, self._locks, self._random_ops)
        self._shapes = ShapeCache(tuple(t.name for t in self._feeds))  # jitted per feed shape, bounded (xla_cache.py)
        self._compiling: set = set()  # shape keys a tiered plan compiles in the background
        self._guard = threading.Lock()
        self.placement = None  # a JAX device or a data-parallel Mesh, set by xla_devices.place; None: the default
        self._packs = None  # the packed buffers' layouts (xla_pack.py), made on the first compiled call
        self._loose = self._keys  # the variables passed one by one
        self._retired = ()  # layouts dropped when a packed variable changed shape
        self._pack_held: dict = {}  # a layout's name -> (the views stored, the device buffer they view)
        self._lock_objects = None  # the locks of the variables it may write, in order

    @property
    def backend(self) -> str:
        """'xla' when runs execute the compiled plan, 'numpy' when they do not (yet, or for `reason`)."""
        return "numpy" if self.reason is not None or not self._ready else "xla"

    def _tier(self, feeds: dict) -> list:
        """A run of a tiered plan before its compiled form is ready: on NumPy, timed. After TIER_AFTER such
        runs, once they took TIER_SECONDS in all, a thread compiles the plan (one call on the values of the
        moment: the computation is pure, its writes are returned, not stored); the next WARMUP + TRIALS runs
        then go compiled on the caller's thread, timed as NumPy's were (a timing on the compile thread would compete
        with the caller's NumPy runs), and the plan stays compiled when its best run beats NumPy's."""
        start = time.perf_counter_ns()
        result = self._numpy.run(feeds)
        took = time.perf_counter_ns() - start
        recent = self._numpy_recent  # NumPy's best of its last runs, against the compiled form's best of as many
        recent.append(took)
        if len(recent) > TRIALS:
            del recent[0]
        self._numpy_ns = min(recent)
        self._numpy_total_ns += took
        self._runs += 1
        if (self._runs >= TIER_AFTER and self._numpy_total_ns >= TIER_SECONDS * 1e9 and not self._warming
                and self.reason is None):
            with self._guard:  # threads running the plan at once start one compile
                if self._warming:
                    return result
                self._warming = True
            self._start_compile([feeds[t] for t in self._feeds])
        return result

    def _warm(self, fed, state):
        """Compiles the plan for the shapes of `fed` (one call; its results are dropped) and caches it.
        The first compile of a tiered plan readies it for the trial runs. Nothing is compiled for a session
        closed meanwhile (the interpreter waits for a compile in flight at exit: xla_cache.compile_behind)."""
        key = shape_key(fed)
        if self._store.closed:
            self._compiling.discard(key)
            return
        try:
            fn = self._jitted()
            with _x64():
                jax.block_until_ready(fn(fed, state))  # compiles it
        except errors.OpError:  # e.g. a variable not initialized yet: try again after more runs
            if not self._ready:
                self._runs = 0
                self._warming = False
            self._compiling.discard(key)
            return
        except Exception as e:
            self.reason = _reason(getattr(e, "_sessionflow_op", None), e)
            return
        self._shapes.add(key, fn)
        self._compiling.discard(key)
        if not self._ready:
            self._trials = TRIALS + WARMUP
            self._trials_from = time.monotonic() + WARMUP_SECONDS
            self._ready = True

    def _compile_behind(self, fed) -> bool:
        """A tiered plan meets feeds of a new shape: a thread compiles it while runs go on NumPy. False
        when that shape is compiling already."""
        key = shape_key(fed)
        with self._guard:
            if key in self._compiling:
                return False
            self._compiling.add(key)
        self._start_compile(fed)
        return True

    def _start_compile(self, fed):
        """A thread compiling the plan for the shapes of `fed`, on the variables' and streams' values now.
        JAX is imported here, on the session's thread, before the compile thread starts: its import draws from
        NumPy's global generator (which `_load` puts back), and on another thread it would move the program's
        own draws at whatever point it ran."""
        _load()
        compile_behind(self._warm, fed, self._state())

    def _trial(self, feeds: dict) -> list:
        """A timed compiled run of a tiered plan; after the last, NumPy keeps the plan if it was faster."""
        if shape_key([feeds[t] for t in self._feeds]) not in self._shapes:
            return self._run_compiled(feeds)  # a new shape goes on NumPy while it compiles: not a trial
        start = time.perf_counter_ns()
        result = self._run_compiled(feeds)
        took = time.perf_counter_ns() - start
        with self._guard:  # threads running the plan at once count each trial once
            if self._trials <= 0:
                return result
            if self._trials > TRIALS:  # one of the WARMUP runs
                self._trials -= 1
                return result
            if time.monotonic() < self._trials_from:  # still within WARMUP_SECONDS: not counted either
                return result
            self._compiled_ns = took if self._compiled_ns is None else min(self._compiled_ns, took)
            self._trials -= 1
            if not self._trials and self._compiled_ns >= self._numpy_ns and self.reason is None:
                self.reason = (f"it is faster there ({self._numpy_ns / 1e3:.0f} us a run against "
                               f"{self._compiled_ns / 1e3:.0f} us compiled)")
        return result

    def _add_streams(self, state: dict):
        """The plan's random streams into `state`: (k0, k1, counter low, counter high) as uint64, made as
        the NumPy kernels make them on first use (seeds (0, 0) drawn once per op per session)."""
        for op in self._random_ops:
            key, base = OpContext(self._store, op).random_stream(op.attrs["seed"], op.attrs["seed2"], 0)
            state[_STREAM + op.name] = np.array([key[0], key[1], base & _M64, base >> 64], np.uint64)

    def _store_stream(self, key: str, array):
        k0, k1, lo, hi = (int(v) for v in np.asarray(array))
        store = self._store
        with store.lock:
            store.random_streams[key[len(_STREAM):]] = [(k0, k1), lo | hi << 64]

    def run_observed(self, feeds: dict, observer) -> list:
        """Observed runs (explain, FULL_TRACE) go step by step on NumPy; the observer hears where the
        plan runs otherwise, and why it stays on NumPy when it does."""
        note = getattr(observer, "plan_backend", None)
        if note is not None:
            text = (f"plan runs on numpy: {self.reason}" if self.reason is not None else
                    "plan runs on xla (observed runs go step by step on numpy)" if self._ready else
                    "plan runs on numpy until its compiled form is ready")
            recompiled = self._observed_shape(feeds) if self.reason is None and self._ready else None
            note(text if recompiled is None else f"{text}; {recompiled}")
        return self._numpy.run_observed(feeds, observer)

    def run(self, feeds: dict) -> list:
        if self.reason is not None:
            return self._numpy.run(feeds)
        if not self._ready:
            return self._tier(feeds)
        if self._trials:
            return self._trial(feeds)
        return self._run_compiled(feeds)

    def _run_compiled(self, feeds: dict) -> list:
        store = self._store
        fed = [feeds[t] for t in self._feeds]
        fn = self._shapes.get(shape_key(fed))
        if fn is None:
            if self._tiered:  # a new shape: NumPy runs it while it compiles
                self._compile_behind(fed)
                return self._numpy.run(feeds)
            fn = self._compile(fed)
        locks = self._lock_objects
        if locks is None:
            locks = self._lock_objects = [store.variable_lock(k) for k in self._locks]
        failure = None
        for lock in locks:  # held from reading the variables it writes to storing them: updates are atomic
            lock.acquire()
        try:
            state = self._state()
            try:
                with _x64():
                    outputs, written, failed = fn(fed, state)
                    failed = failed is not None and bool(failed)
            except Exception as e:
                failure = e
            else:
                if store.closed:
                    raise errors.CancelledError(None, None, RUN_CANCELLED)
                if failed:  # a kernel's deferred check (an index out of range, a division by 0): nothing stored
                    written = {}
                    failure = True
                self._store_written(written)
        finally:
            for lock in reversed(locks):
                lock.release()
        if failure is True:
            return self._numpy.run(feeds)  # raises TF's error, naming the op
        if failure is not None:
            return self._fallback(feeds, failure)
        fed_at = self._fed_at
        return [(feeds[fed_at[slot]] if slot in fed_at else np.asarray(out)) if type(slot) is int else
                None if slot is None else self._numpy._read_fetched(slot)
                for slot, out in zip(self.plan.fetch_slots, outputs)]

    def _state(self) -> dict:
        """What a compiled call takes as `state`: each variable's value (the device array it came from,
        when this backend wrote it), the small variables packed (xla_pack.py), the random streams."""
        values = self._store.values
        packs = self._packs
        if packs is None:
            with self._guard:
                if self._packs is None:
                    packs = xla_pack.layouts(values, self._keys, self._locks)
                    packed = {key for layout in packs for key in layout.keys}
                    self._loose = tuple(k for k in self._keys if k not in packed)
                    self._packs = packs
                packs = self._packs
        device = self._device
        state = {}
        for key in self._loose:
            value = values.get(key)
            if value is not None:
                held = device.get(key)
                state[key] = held[1] if held is not None and held[0] is value else value
        for layout in packs:
            held = self._pack_held.get(layout.name)
            if held is not None and all(map(operator.is_, map(values.get, layout.keys), held[0])):
                state[layout.name] = held[1]  # the buffer the last run returned, or read last: no concatenation
                continue
            buffer = xla_pack.host_buffer(layout, values)
            if buffer is None:  # a packed variable is gone or reshaped: every variable loose from now on
                with self._guard:  # (the old layouts stay referenced: a run or compile in flight may use them)
                    self._retired, self._packs, self._loose = self._packs, (), self._keys
                    self._pack_held.clear()
                return self._state()
            if not layout.written:
                self._pack_held[layout.name] = ([values.get(k) for k in layout.keys], buffer)
            state[layout.name] = buffer
        if self._random_ops:
            self._add_streams(state)
        return state

    def _store_written(self, written: dict):
        """Stores what a compiled run wrote: packed buffers first (a variable that left its pack this run
        is stored after), then the random streams' counters and the loose variables."""
        values = self._store.values
        loose = []
        for key, array in written.items():
            if key[0] != "\x01":
                loose.append((key, array))
                continue
            layout = xla_pack.layout(key)
            views = xla_pack.pieces(layout, np.asarray(array))
            for name, view in zip(layout.keys, views):
                values[name] = view
            self._pack_held[key] = (views, array)
        device = self._device
        for key, array in loose:
            if key[0] == "\x00":  # a random stream's advanced counter
                self._store_stream(key, array)
            else:
                view = np.asarray(array)
                values[key] = view
                device[key] = (view, array)

    def _fallback(self, feeds, error):
        """A run whose tracing failed runs on NumPy. A TF error (an uninitialized variable, shapes that
        do not fit) is then raised by NumPy as TF raises it, naming the op. Any other failure means a
        kernel cannot be traced (it calls NumPy on its inputs, or branches on their values): the plan
        stays on NumPy from now on, with the reason. Tracing is data-independent, so a TF error other
        than an uninitialized variable that NumPy does not raise also keeps the plan there."""
        op = getattr(error, "_sessionflow_op", None)
        if not isinstance(error, errors.OpError):
            self._stay_on_numpy(_reason(op, error))
        result = self._numpy.run(feeds)  # raises TF's error where NumPy finds one: the compiled shapes stay
        if isinstance(error, errors.OpError) and not isinstance(error, errors.FailedPreconditionError):
            self._stay_on_numpy(_reason(op, error))
        return result

    def _stay_on_numpy(self, reason: str):
        self.reason = reason
        self._shapes.clear()

    def _jitted(self):
        """A new jitted function of the plan (compiled on its first call)."""
        _load()
        options, choices = _plan_choices(self.plan, self.placement)
        return xla_devices.jit(functools.partial(_traced_run, self.plan, self._feeds, choices=choices), self.placement,
                               options)

    def _compile(self, fed):
        """The plan's function for the shapes of `fed`, cached (compiled on its first call, in line)."""
        key = shape_key(fed)
        with self._guard:
            fn = self._shapes.get(key)
            if fn is None:
                fn = self._jitted()
                self._shapes.add(key, fn)
            return fn

    def _observed_shape(self, feeds) -> str | None:
        """An observed run of a compiled plan counts its feeds' shapes as a run would: a new one is
        compiled (in the background when tiered; on "xla" at the next unobserved run) and the note says
        why; None when the shape is cached, or is the plan's first."""
        fed = [feeds[t] for t in self._feeds]
        key = shape_key(fed)
        if key in self._shapes:
            return None
        before = self._shapes.latest()
        if self._tiered:
            self._compile_behind(fed)
            return None if before is None else self._shapes.recompile_note(key, before)
        self._compile(fed)
        if before is None:
            return None
        return self._shapes.last_recompile


def _plan_choices(plan, placement) -> tuple[dict, dict]:
    """(XLA compiler options, traced kernels' choices) for `plan`, from the op modules' choosers
    (common.PLAN_CHOOSERS). Their compiler options are XLA:CPU's, so a plan placed elsewhere gets none."""
    ops = [step.op for step in plan.steps]
    options: dict = {}
    choices: dict = {}
    for chooser in PLAN_CHOOSERS:
        more_options, more_choices = chooser(ops)
        options.update(more_options)
        choices.update(more_choices)
    if options and not xla_devices.compiles_for_cpu(placement, options):
        return {}, {}
    return options, choices


def _reason(op, error) -> str:
    if op is None:
        return f"plan runs on numpy: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
    detail = str(error).splitlines()[0] if str(error) else type(error).__name__
    return f"op {op.type} has no XLA kernel ({type(error).__name__}: {detail[:160]})"


def _traced_run(plan, feed_tensors, fed, state, choices=None):
    """The plan's steps over traced values: returns (fetched register values, written variables, whether
    a kernel's deferred check of its inputs failed (None when no kernel deferred one)). `choices`: what the
    plan's choosers decided for its kernels (common.PLAN_CHOOSERS)."""
    TRACED_CHECKS.active = checks = []
    TRACED_CHECKS.choices = choices
    try:
        packs = xla_pack.written_names(state)
        state = xla_pack.unpack(state)
        with np.errstate(all="ignore"):  # steps folded on NumPy (constant inputs) warn no more than runs
            fetched, written = _traced_steps(plan, feed_tensors, fed, state)
        if packs:
            written = xla_pack.repack(packs, state, written, jnp)
    finally:
        TRACED_CHECKS.active = TRACED_CHECKS.choices = None
    return fetched, written, (jnp.any(jnp.stack(checks)) if checks else None)


def _traced_steps(plan, feed_tensors, fed, state):
    regs = list(plan.template)
    for tensor, value in zip(feed_tensors, fed):
        regs[plan.feed_slots[tensor]] = value
    state = dict(state)
    written: dict = {}
    for step in plan.steps:
        op = step.op
        try:
            args = [regs[i] for i in step.inputs]
            for position, reader in step.deref:
                try:
                    args[position] = state[args[position]]
                except KeyError:
                    error = errors.FailedPreconditionError(
                        None, reader, f"Attempting to use uninitialized value {args[position]}")
                    raise error from None
            fn = (xla_control.lowering(step, plan, state, written) if op.type in xla_control.LOWERED
                  else _bind(op, state, written, _folds(op, args)))
            result = fn(*args)
        except Exception as e:
            if getattr(e, "_sessionflow_op", None) is None:
                e._sessionflow_op = op
            raise
        outs = step.outputs
        if len(outs) == 1:
            regs[outs[0]] = result
        elif outs:
            for slot, value in zip(outs, result):
                regs[slot] = value
        for slot in step.frees:
            regs[slot] = None
    fetched = []
    for slot in plan.fetch_slots:
        value = regs[slot] if type(slot) is int else None
        fetched.append(value if value is None or isinstance(value, jax.Array) or hasattr(value, "aval")
                       else _static_output(value))
    return fetched, written


def _static_output(value):
    if type(value) in xla_control.RECORDS:  # an If's or While's record, kept by a branch or body for a gradient
        return value
    array = np.asarray(value)
    if array.dtype == object or array.dtype.kind in "SU":
        raise Untraceable("fetches a string")
    return array


# Ops whose outputs depend on their inputs' shapes only: they run on NumPy while tracing, so the
# shapes they compute stay concrete for the Reshape/Tile/Fill/Sum steps that read them (gradients).
_SHAPE_OPS = frozenset({"Shape", "ShapeN", "Size", "Rank"})


def _folds(op, args) -> bool:
    """Whether `op` runs on NumPy while tracing: a shape op, or a stateless op whose inputs are all
    concrete (constants, shapes), whose result is then a constant of the computation."""
    if op.opdef.stateful:
        return False
    if op.type in _SHAPE_OPS:
        return True
    return all(not isinstance(a, jax.Array) for a in args)


def _bind(op, state, written, fold=False):
    opdef = op.opdef
    attrs = {k: v for k, v in op.attrs.items() if not k.startswith("_")}
    if opdef.stateful:
        return functools.partial(opdef.kernel, _TraceContext(op, state, written), jnp, **attrs)
    return functools.partial(opdef.kernel, np if fold else jnp, **attrs)


def _candidate_keys(plan) -> tuple:
    """The keys of every variable the plan may read or write (its reference inputs and handles)."""
    keys = []
    for step in plan.steps:
        for slot in step.inputs:
            value = plan.template[slot]
            if isinstance(value, str):
                keys.append(value)
        opdef = step.op.opdef
        if opdef.ref_key is not None and step.op.type in ("VariableV2", "VarHandleOp"):
            keys.append(opdef.ref_key(step.op))
        for t in step.op.inputs:
            if t.dtype.base_dtype is dtypes.resource and t.op.opdef.ref_key is not None:
                keys.append(t.op.opdef.ref_key(t.op))
    for slot in plan.fetch_slots:
        if slot is not None and type(slot) is not int:
            keys.append(slot.key)
    return tuple(dict.fromkeys(keys))


def _written_keys(plan) -> set:
    keys = set()
    for step in plan.steps:
        for p in written_positions(step.op):
            key = _static_key(step.op.inputs[p])
            if key is not None:
                keys.add(key)
    return keys


from . import xla_control, xla_padding  # noqa: E402  (it builds on this module: imported once this one is complete)
