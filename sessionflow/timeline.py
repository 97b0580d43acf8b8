"""`Timeline(step_stats).generate_chrome_trace_format()`: a run's trace as Chrome Trace Event JSON.

The result opens in chrome://tracing and Perfetto and has the structure of TF's
`tensorflow.python.client.timeline`: `{"traceEvents": [...]}` with, per device, two processes
("<device> Compute" for ops, "<device> Tensors" for tensor lifetimes) after an "Allocators"
process, announced by `process_name` metadata events ('M'); one complete event ('X', category
"Op", name = op type, args = {name, op, input0, ...}) per op execution, in lanes (`tid`) so that
overlapping ops never share one; with `show_dataflow`, flow events ('s'/'t', category
"DataFlow") from an input's producer to its consumer when they sit in different lanes; with
`show_memory`, tensor object events ('N', 'O', 'D') and an allocator counter ('C').

`step_stats` is a `RunMetadata.step_stats` filled by a FULL_TRACE run: sessionflow's records
(runtime/observe.py) or a StepStats protobuf; both are read by attribute. Inputs come from each
node's `timeline_label` ("name = Op(input, input)"), as in TF.
"""

from __future__ import annotations

import json
import re

__all__ = ["Timeline"]

_LABEL = re.compile(r"(.*) = (.*)\((.*)\)")


class _Tensor:
    __slots__ = ("allocator", "create_time", "last_unref", "name", "num_bytes", "object_id", "pid")

    def __init__(self, name, object_id, create_time, pid, allocator, num_bytes):
        self.name, self.object_id, self.create_time, self.pid = name, object_id, create_time, pid
        self.allocator, self.num_bytes, self.last_unref = allocator, num_bytes, create_time

    def unref(self, timestamp: int) -> None:
        self.last_unref = max(self.last_unref, timestamp)


def _parse_label(label: str):
    """(node name, op type, input names) from "name = Op(a, b)"; ('unknown', 'unknown', []) otherwise."""
    match = _LABEL.match(label or "")
    if match is None:
        return "unknown", "unknown", []
    name, op_type, inputs = match.groups()
    return name, op_type, inputs.split(", ") if inputs else []


def _output_bytes(output):
    """(allocator name, requested bytes) of one NodeOutput; sessionflow's shape-only records give ("", 0)."""
    allocation = getattr(getattr(output, "tensor_description", None), "allocation_description", None)
    if allocation is None:
        return "", 0
    return allocation.allocator_name, allocation.requested_bytes


def _output_description(output) -> str:
    description = getattr(output, "tensor_description", None)
    return str(description if description is not None else output).replace('"', "")


class Timeline:
    """The trace of one run's StepStats (see the module docstring)."""

    def __init__(self, step_stats, graph=None):
        self._step_stats = step_stats
        self._graph = graph

    def generate_chrome_trace_format(self, show_dataflow: bool = True, show_memory: bool = False,
                                     op_time: str = "schedule") -> str:
        """The trace as a JSON string (indented, as TF writes it). `op_time` is accepted for TF
        compatibility; CPU-only step stats look the same under all of TF's choices."""
        if op_time not in ("schedule", "gpu", "all"):
            raise ValueError(f"op_time must be 'schedule', 'gpu' or 'all', got {op_time!r}")
        return json.dumps({"traceEvents": self._trace_events(show_dataflow, show_memory)}, indent=4,
                          separators=(",", ": "))

    def _trace_events(self, show_dataflow: bool, show_memory: bool) -> list:
        metadata, events = [], []
        devices = list(self._step_stats.dev_stats)
        metadata.append({"name": "process_name", "ph": "M", "pid": 0, "args": {"name": "Allocators"}})
        pids = {}
        for i, device in enumerate(devices):
            compute, tensors = 1 + 2 * i, 2 + 2 * i
            pids[id(device)] = (compute, tensors)
            metadata.append({"name": "process_name", "ph": "M", "pid": compute,
                             "args": {"name": f"{device.device} Compute"}})
            metadata.append({"name": "process_name", "ph": "M", "pid": tensors,
                             "args": {"name": f"{device.device} Tensors"}})
        lanes = {id(ns): lane for device in devices for ns, lane in zip(device.node_stats, _lanes(device.node_stats))}

        def event(ph, cat, name, pid, tid, ts, **extra):
            events.append({"ph": ph, "cat": cat, "name": name, "pid": pid, "tid": tid, "ts": ts, **extra})

        tensors: dict[str, _Tensor] = {}
        flow_starts = {}
        for device in devices:
            compute, tensors_pid = pids[id(device)]
            for ns in device.node_stats:
                start, end = ns.all_start_micros, ns.all_start_micros + _all_end_rel(ns)
                tid = lanes[id(ns)]
                for index, output in enumerate(getattr(ns, "output", [])):
                    name = f"{ns.node_name}:{index}" if index else ns.node_name
                    allocator, num_bytes = _output_bytes(output)
                    tensor = tensors[name] = _Tensor(name, len(tensors), start, tensors_pid, allocator, num_bytes)
                    tensor.unref(end)
                    flow_starts[name] = (end, compute, tid)
                    if show_memory:
                        event("N", "Tensor", name, tensors_pid, tid, start, id=tensor.object_id)
                        event("O", "Tensor", name, tensors_pid, tid, end - 1, id=tensor.object_id,
                              args={"snapshot": {"tensor_description": _output_description(output)}})
        flow_id = 0
        for device in devices:
            compute, _ = pids[id(device)]
            for ns in device.node_stats:
                start, end = ns.all_start_micros, ns.all_start_micros + _all_end_rel(ns)
                tid = lanes[id(ns)]
                _, op_type, inputs = _parse_label(getattr(ns, "timeline_label", ""))
                args = {"name": ns.node_name, "op": op_type}
                args.update({f"input{i}": name for i, name in enumerate(inputs)})
                event("X", "Op", op_type, compute, tid, start, dur=ns.op_end_rel_micros, args=args)
                for name in inputs:
                    name = name.lstrip("^")
                    if name not in tensors and name.endswith(":0"):
                        name = name[:-2]
                    if name not in tensors:
                        continue
                    tensors[name].unref(end - 1)
                    made_at, made_pid, made_tid = flow_starts[name]
                    if show_dataflow and (made_pid, made_tid) != (compute, tid):
                        event("s", "DataFlow", name, made_pid, made_tid, made_at, id=flow_id)
                        event("t", "DataFlow", name, compute, tid, start, id=flow_id)
                        flow_id += 1
        if show_memory:
            events.extend(_memory_events(tensors))
        return metadata + events


def _all_end_rel(ns) -> int:
    return getattr(ns, "all_end_rel_micros", 0) or ns.op_end_rel_micros


def _lanes(node_stats) -> list[int]:
    """TF's lane assignment: each op goes to the first lane free before it starts."""
    ends, result = [0], []
    for ns in node_stats:
        for lane, busy_until in enumerate(ends):
            if ns.all_start_micros > busy_until:
                break
        else:
            lane = len(ends)
            ends.append(0)
        ends[lane] = ns.all_start_micros + _all_end_rel(ns)
        result.append(lane)
    return result


def _memory_events(tensors: dict) -> list:
    """Tensor deletions and, per allocator, a counter of the bytes alive over time."""
    events, changes = [], {}
    for tensor in tensors.values():
        events.append({"ph": "D", "cat": "Tensor", "name": tensor.name, "pid": tensor.pid, "tid": 0,
                       "ts": tensor.last_unref, "id": tensor.object_id})
        changes.setdefault(tensor.allocator, []).extend(
            [(tensor.create_time, tensor.num_bytes), (tensor.last_unref, -tensor.num_bytes)])
    for allocator, deltas in changes.items():
        total = 0
        for timestamp, delta in sorted(deltas):
            total += delta
            events.append({"ph": "C", "cat": "Memory", "name": allocator, "pid": 0, "tid": 0, "ts": timestamp,
                           "args": {allocator: total}})
    return events
