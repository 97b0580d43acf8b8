"""Grouping and ordering: `tf.no_op`, `tf.group`, `tf.tuple`, `with_dependencies`."""

from __future__ import annotations

from ..framework.graph import Operation, Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from .array import Identity
from .constant import convert_to_tensor


@op("NoOp")
class NoOp:
    """Does nothing; useful only for its control inputs."""

    def infer():
        return []

    def kernel(xp):
        return None

    grad = NOT_DIFFERENTIABLE


def no_op(name=None) -> Operation:
    return NoOp(name=name or "NoOp")


def _as_op(value) -> Operation:
    if isinstance(value, Operation):
        return value
    if isinstance(value, Tensor):
        return value.op
    if hasattr(value, "_as_graph_element"):
        return _as_op(value._as_graph_element())
    if hasattr(value, "op"):
        return value.op
    raise TypeError(f"'{value!r}' is not a Tensor, Operation or Variable")


def group(*inputs, name=None) -> Operation:
    """An op that runs after all `inputs` (tensors, ops, variables, or nested lists of them)."""
    flat = []

    def collect(items):
        for item in items:
            if isinstance(item, (list, tuple)):
                collect(item)
            elif isinstance(item, dict):
                collect(item.values())
            elif item is not None:
                flat.append(_as_op(item))

    collect(inputs)
    graph = get_default_graph()
    with graph.name_scope(name or "group_deps") as scope:
        # as TF: the inputs are grouped by device, one NoOp per device (on it) when there are several
        by_device = {}
        for o in flat:
            by_device.setdefault(o.device, []).append(o)
        if len(by_device) > 1:
            per_device = []
            for device in sorted(by_device):
                with graph.control_dependencies(by_device[device]), graph.device(device):
                    per_device.append(NoOp())
            with graph.control_dependencies(per_device):
                return NoOp(name=scope)
        with graph.control_dependencies(flat), graph.device(next(iter(by_device), "")):
            return NoOp(name=scope)


def with_dependencies(dependencies, output_tensor, name=None):
    """`output_tensor`, produced only after `dependencies` have run (an IndexedSlices: its values)."""
    from .indexed_slices import IndexedSlices

    graph = get_default_graph()
    with graph.name_scope(name or "control_dependency") as scope, \
            graph.colocate_with(output_tensor if hasattr(output_tensor, "op") else None, ignore_existing=True), \
            graph.control_dependencies(dependencies):
        if isinstance(output_tensor, IndexedSlices):
            return IndexedSlices(Identity(output_tensor.values, name=scope), output_tensor.indices,
                                 output_tensor.dense_shape)
        return Identity(convert_to_tensor(output_tensor), name=scope)


def tuple_(tensors, name=None, control_inputs=None) -> list:
    """`tf.tuple`: the same tensors, each available only once all of them (and `control_inputs`) are computed.
    The gate waits on each producing op once, in creation order; an op among `tensors` comes back as a
    NoOp run after the gate; IndexedSlices keep their indices, their values gated."""
    return gated(tensors, [t for t in tensors if t is not None], name, control_inputs)


def gated(tensors, waited, name=None, control_inputs=None) -> list:
    """`tf.tuple`'s gate over `tensors` that waits on the producers of `waited` (some of `tensors`) only:
    tf.gradients gates an op's input gradients so, leaving out those nothing reads (the gradient of a
    placeholder input), which TF computes and discards; the tensors and their names are TF's."""
    graph = get_default_graph()
    with graph.name_scope(name or "tuple"):
        gating = [_as_op(t) for t in waited]
        if control_inputs:
            gating.extend(_as_op(c) for c in control_inputs)
        gate = group(*sorted(set(gating), key=lambda o: o._id))
        result = []
        for t in tensors:
            if t is None:
                result.append(None)
            elif isinstance(t, Operation):
                with graph.control_dependencies([gate]):
                    result.append(group(t))
            else:
                result.append(with_dependencies([gate], t))
        return result
