"""The NumPy backend: runs a plan's steps in order over a register list."""

from __future__ import annotations

import functools
import time

import numpy as np

from ...framework import errors
from ..state import OpContext, VariableStore, exclusive


class NumpyExecutable:
    """A plan bound to one session's store: `run(feed_values) -> fetched values`."""

    __slots__ = ("plan", "_steps", "_template", "_fetch_slots", "_read", "_store")

    def __init__(self, plan, store: VariableStore):
        self.plan = plan
        self._store = store
        self._read = OpContext(store, None).read
        self._template = list(plan.template)
        self._fetch_slots = plan.fetch_slots
        self._steps = tuple(_bind(step, store) for step in plan.steps)

    def run(self, feeds: dict) -> list:
        """Executes the plan; `feeds` maps fed Tensors to arrays. Errors name the failing op."""
        regs = self._template.copy()
        feed_slots = self.plan.feed_slots
        for tensor, value in feeds.items():
            regs[feed_slots[tensor]] = value
        index = -1
        try:
            with np.errstate(all="ignore"):
                for index, (fn, ins, outs, frees) in enumerate(self._steps):
                    result = fn(*[regs[i] for i in ins])
                    if len(outs) == 1:
                        regs[outs[0]] = result
                    elif outs:
                        for slot, value in zip(outs, result):
                            regs[slot] = value
                    for slot in frees:
                        regs[slot] = None
        except Exception as e:
            raise op_error(e, self.plan.steps[index].op) from e
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
        try:
            with np.errstate(all="ignore"):
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
            store.observer = outer

    def _read_fetched(self, fetch):
        try:
            return self._read(fetch.key)
        except errors.OpError as e:
            raise (e if fetch.op is None else op_error(e, fetch.op)) from None


def _bind(step, store):
    op = step.op
    opdef = op.opdef
    attrs = {k: v for k, v in op.attrs.items() if not k.startswith("_")}
    if opdef.stateful:
        fn = functools.partial(opdef.kernel, OpContext(store, op), np, **attrs)
    else:
        fn = functools.partial(opdef.kernel, np, **attrs)
    if step.deref:
        fn = _reading_variables(fn, step.deref, OpContext(store, op).read)
    return exclusive(fn, op, store), step.inputs, step.outputs, step.frees


def _reading_variables(fn, deref, read):
    """`fn` with the variable keys at the `deref` positions replaced by the variables' values; a
    failed read is reported as the reading op's error (e.g. `v/read`), as TF reports it."""
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
