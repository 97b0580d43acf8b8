"""The NumPy backend: runs a plan's steps in order over a register list.

A run is the hot path. It executes the plan's steps with some chains fused into one step
(runtime/fusion.py; observed runs execute every step as the plan has it). Its loop reads each step as
(kind, kernel, a, b, out, frees), so the common
steps (one or two inputs, one output) index the registers directly instead of building an argument
list. A run sets TF's floating-point environment on its thread (runtime/float_env.py: NumPy's errors
ignored, denormals flushed to zero). Kernels get `blas.array_namespace`: NumPy whose `matmul` sizes the
BLAS threads for each product (runtime/blas.py).
"""

from __future__ import annotations

import functools
import time

import numpy as np

from ...framework import dtypes, errors
from .. import blas, float_env
from ..fusion import fuse
from ..state import OpContext, VariableStore, exclusive


class NumpyExecutable:
    """A plan bound to one session's store: `run(feed_values) -> fetched values`."""

    __slots__ = ("_fetch_slots", "_flushes", "_program", "_program_ops", "_read", "_steps", "_store", "_template",
                 "plan")

    def __init__(self, plan, store: VariableStore):
        self.plan = plan
        self._store = store
        self._read = OpContext(store, None).read
        self._template = list(plan.template)
        self._fetch_slots = plan.fetch_slots
        self._steps = tuple(_bind(step, store, plan.feed_slots) for step in plan.steps)
        program, self._program_ops = fuse(plan, self._steps)  # observed runs go step by step instead
        self._program = tuple(_encode(*step) for step in program)
        self._flushes = float_env.computes_floats(step.op for step in plan.steps)  # denormals flushed, as in TF

    def run(self, feeds: dict) -> list:
        """Executes the plan; `feeds` maps fed Tensors to arrays. Errors name the failing op."""
        regs = self._template.copy()
        feed_slots = self.plan.feed_slots
        for tensor, value in feeds.items():
            regs[feed_slots[tensor]] = value
        index = -1
        token = float_env.enter(self._flushes)
        try:
            for index, (kind, fn, a, b, out, frees) in enumerate(self._program):
                if kind == _BINARY:
                    regs[out] = fn(regs[a], regs[b])
                elif kind == _UNARY:
                    regs[out] = fn(regs[a])
                else:  # a: input registers, b: output registers
                    result = fn(*[regs[i] for i in a])
                    if len(b) == 1:
                        regs[b[0]] = result
                    elif b:
                        for slot, value in zip(b, result):
                            regs[slot] = value
                if frees:
                    for slot in frees:
                        regs[slot] = None
        except Exception as e:
            raise op_error(e, self._program_ops[index]) from e
        finally:
            float_env.leave(token)
            if blas.changed:
                blas.end_run()
        return [regs[s] if type(s) is int else None if s is None else self._read_fetched(s)
                for s in self._fetch_slots]

    def run_observed(self, feeds: dict, observer) -> list:
        """`run`, telling `observer` about every step, variable write and random draw."""
        store = self._store
        outer, store.observer = store.observer, observer  # a sub-graph's run nests in its If/While's step
        regs = self._template.copy()
        for tensor, value in feeds.items():
            regs[self.plan.feed_slots[tensor]] = value
        step = None
        token = float_env.enter(self._flushes)
        try:
            for step, (fn, ins, outs, frees) in zip(self.plan.steps, self._steps):
                start = time.perf_counter_ns()
                result = fn(*[regs[i] for i in ins])
                end = time.perf_counter_ns()
                values = (result,) if len(outs) == 1 else tuple(result) if outs else ()
                for slot, value in zip(outs, values):
                    regs[slot] = value
                observer.end_step(step.op, start, end, values)
                for slot in frees:
                    regs[slot] = None
            return [regs[s] if type(s) is int else None if s is None else self._read_fetched(s)
                    for s in self._fetch_slots]
        except Exception as e:
            error = e if isinstance(e, errors.OpError) or step is None else op_error(e, step.op)
            observer.failed(getattr(error, "op", None), error)
            if error is e:
                raise
            raise error from e
        finally:
            float_env.leave(token)
            store.observer = outer
            if blas.changed:
                blas.end_run()

    def _read_fetched(self, fetch):
        try:
            return self._read(fetch.key)
        except errors.OpError as e:
            raise (e if fetch.op is None else op_error(e, fetch.op)) from None


def _bind(step, store, fed=()):
    op = step.op
    opdef = op.opdef
    attrs = {k: v for k, v in op.attrs.items() if not k.startswith("_")}
    xp = blas.array_namespace(store.intra_op_threads)
    if opdef.stateful:
        fn = functools.partial(opdef.kernel, OpContext(store, op), xp, **attrs)
    else:  # the kernel TF's optimized graph runs, where the op's module says it rewrites this op
        kernel = opdef.optimized and opdef.optimized(op, fed) or opdef.kernel
        fn = functools.partial(kernel, xp, **attrs)
    strings = tuple(i for i, t in enumerate(op.outputs) if t.dtype.base_dtype is dtypes.string)
    if strings:
        fn = _strings_as_arrays(fn, strings, len(op.outputs))
    if step.deref:
        fn = _reading_variables(fn, step.deref, OpContext(store, op).read, len(step.inputs))
    return exclusive(fn, op, store), step.inputs, step.outputs, step.frees


def _string_array(value):
    """A string tensor's value as an object array of bytes: NumPy gives a kernel that indexes an object array
    the bare `bytes` element (a 0-d string: tf.gather(strings, 0), strings[1]), and one that builds an array
    from bytes a fixed-width `S` array; stacking, reshaping or queueing those would change their type."""
    if isinstance(value, bytes):
        return np.array(value, dtype=object)
    if isinstance(value, np.ndarray) and value.dtype.kind == "S":
        return value.astype(object)
    return value


def _strings_as_arrays(fn, positions, count):
    """`fn` (a bound kernel) whose string outputs at `positions` (of `count` outputs) are object arrays."""
    if count == 1:
        def call(*args):
            return _string_array(fn(*args))
        return call

    def call_many(*args):
        values = fn(*args)
        if values is None:
            return values
        values = list(values)
        for i in positions:
            values[i] = _string_array(values[i])
        return tuple(values)
    return call_many


_GENERAL, _UNARY, _BINARY = 0, 1, 2


def _encode(fn, ins, outs, frees) -> tuple:
    """A bound step as the run loop reads it: (kind, fn, a, b, out, frees); one- and two-input steps
    with one output name their registers, the others keep the tuples (a: inputs, b: outputs)."""
    frees = frees or None
    if len(outs) == 1 and len(ins) == 1:
        return _UNARY, fn, ins[0], None, outs[0], frees
    if len(outs) == 1 and len(ins) == 2:
        return _BINARY, fn, ins[0], ins[1], outs[0], frees
    return _GENERAL, fn, ins, outs, None, frees


def _reading_variables(fn, deref, read, arity):
    """`fn` with the variable keys at the `deref` positions replaced by the variables' values; a
    failed read is reported as the reading op's error (e.g. `v/read`), as TF reports it. One read
    of a one- or two-input step (`matmul(x, w/read)`, `x + b/read`) gets a closure of that arity."""
    if len(deref) == 1 and arity <= 2:
        (position, reader), = deref
        if arity == 1:
            def call(key):
                try:
                    value = read(key)
                except errors.OpError as e:
                    raise op_error(e, reader) from None
                return fn(value)
        elif position == 0:
            def call(key, second):
                try:
                    value = read(key)
                except errors.OpError as e:
                    raise op_error(e, reader) from None
                return fn(value, second)
        else:
            def call(first, key):
                try:
                    value = read(key)
                except errors.OpError as e:
                    raise op_error(e, reader) from None
                return fn(first, value)
        return call

    def call(*args):
        args = list(args)
        for position, reader in deref:
            try:
                args[position] = read(args[position])
            except errors.OpError as e:
                raise op_error(e, reader) from None
        return fn(*args)

    return call


def op_error(e: Exception, op) -> errors.OpError:
    """`e`, raised by `op`'s kernel, as the tf.errors exception TF would raise, naming the op."""
    if isinstance(e, errors.OpError):
        if e.op is not None:
            return e
        return type(e)(e.node_def, op, e.message)
    if isinstance(e, MemoryError):
        return errors.ResourceExhaustedError(None, op, f"OOM when running {op.type} op '{op.name}'")
    if isinstance(e, (ValueError, TypeError, IndexError, ArithmeticError)):
        return errors.InvalidArgumentError(None, op, f"{op.type} op '{op.name}': {e}")
    return errors.InternalError(None, op, f"{op.type} op '{op.name}' failed: {type(e).__name__}: {e}")
