"""Watching runs: what `sessionflow.explain` and `RunOptions(trace_level=FULL_TRACE)` build on.

A `RunObserver` is told, for one `Session.run`, every step the plan executes (with its outputs and
timing), every variable write (with the value before and after and the op that wrote it), every
random draw, and a failure. Observers are off the hot path: a run without one executes exactly as
before. An observer with `steps = False` is told only that a run begins (what it fetches and feeds),
and the run then executes at full speed (`sessionflow run`'s pitfall warnings use that).
"""

from __future__ import annotations

import threading
import time

from .config import RunOptions


class RunObserver:
    """Base class; override what you need. Called on the thread that runs the session."""

    steps = True  # False: only `begin_run` is called, and the run is not observed step by step

    def begin_run(self, session, fetches, feeds):
        pass

    def end_step(self, op, start_ns: int, end_ns: int, outputs):
        pass

    def wrote(self, key: str, op, old, new):
        pass

    def drew(self, op):
        pass

    def failed(self, op, error):
        pass

    def end_run(self, values):
        pass


_lock = threading.Lock()
_global: list[RunObserver] = []


def add_observer(observer: RunObserver) -> None:
    """Observes every run of every session (in all threads) until removed."""
    with _lock:
        _global.append(observer)


def remove_observer(observer: RunObserver) -> None:
    with _lock:
        if observer in _global:
            _global.remove(observer)


class _Several(RunObserver):
    """Forwards every notification to each of several observers, in order."""

    def __init__(self, observers):
        self.observers = observers

    def begin_run(self, *args):
        for o in self.observers:
            o.begin_run(*args)

    def end_step(self, *args):
        for o in self.observers:
            o.end_step(*args)

    def wrote(self, *args):
        for o in self.observers:
            o.wrote(*args)

    def drew(self, *args):
        for o in self.observers:
            o.drew(*args)

    def failed(self, *args):
        for o in self.observers:
            o.failed(*args)

    def end_run(self, *args):
        for o in self.observers:
            o.end_run(*args)


def observer_for(options, run_metadata, session=None, fetches=(), feeds=None):
    """The observer of one run: the global ones plus a step-stats collector for FULL_TRACE. Observers
    with `steps = False` are told `begin_run(session, fetches, feeds)` here and left out."""
    observers = []
    for observer in _global[:]:
        if observer.steps:
            observers.append(observer)
        else:
            observer.begin_run(session, fetches, feeds)
    if run_metadata is not None and options is not None and \
            getattr(options, "trace_level", 0) == RunOptions.FULL_TRACE:
        observers.append(StepStatsCollector(run_metadata))
    if not observers:
        return None
    return observers[0] if len(observers) == 1 else _Several(observers)


# --- RunMetadata.step_stats (TF's StepStats layout) ----------------------------------------------

class NodeExecStats:
    """One op execution, with TF's field names (times in microseconds)."""

    def __init__(self, node_name, op_type, all_start_micros, op_end_rel_micros, output_shapes, inputs=()):
        self.node_name = node_name
        self.all_start_micros = all_start_micros
        self.op_start_rel_micros = 0
        self.op_end_rel_micros = op_end_rel_micros
        self.all_end_rel_micros = op_end_rel_micros
        self.timeline_label = f"{node_name} = {op_type}({', '.join(inputs)})"
        self.output = output_shapes

    def __repr__(self):
        return f"NodeExecStats({self.node_name}, {self.op_end_rel_micros}us)"


class DeviceStepStats:
    def __init__(self, device):
        self.device = device
        self.node_stats = []


class StepStatsCollector(RunObserver):
    """Fills `run_metadata.step_stats.dev_stats` with one DeviceStepStats for the host CPU."""

    DEVICE = "/job:localhost/replica:0/task:0/device:CPU:0"

    def __init__(self, run_metadata):
        self._device = DeviceStepStats(self.DEVICE)
        run_metadata.step_stats.dev_stats = [self._device]
        self._epoch_offset_ns = time.time_ns() - time.perf_counter_ns()

    def end_step(self, op, start_ns, end_ns, outputs):
        shapes = [tuple(getattr(o, "shape", ())) for o in outputs]
        self._device.node_stats.append(NodeExecStats(
            op.name, op.type, (start_ns + self._epoch_offset_ns) // 1000, max(1, (end_ns - start_ns) // 1000),
            shapes, [t._as_node_def_input() for t in op.inputs]))
