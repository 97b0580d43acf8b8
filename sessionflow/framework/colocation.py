"""Colocation, as TF models it: `Graph.colocate_with(op)` puts the ops built in the block in `op`'s colocation
group (TF's `_class` attr, `loc:@<op name>`) and on its device when it has one; the device scopes around the
block do not apply inside it. framework/graph.py keeps the per-thread stacks (`colocation_stack`,
`class_scope` of its building state) and calls `colocate` for every new op that a scope, or a reference input
(an op writing a variable), colocates."""

from __future__ import annotations

import contextlib


def colocate(op, colocated: list, class_scope) -> None:
    """Gives the new `op` the colocation groups of the ops `colocated` (outermost first) as its `_class`,
    and the device of the innermost of them that has one (over the device scopes' choice); with none,
    the `_class` of the variable-initializer scope."""
    if not colocated:
        op._colocation = list(class_scope)
        return
    groups = set()
    device = None
    for other in reversed(colocated):
        groups.update(other.colocation_groups())
        if device is None and other._device:
            device = other._device
    if device is not None:
        op._device = device
    op._colocation = sorted(groups)


@contextlib.contextmanager
def scope(local, op, ignore_existing: bool):
    """The block of `Graph.colocate_with(op, ignore_existing)` on the thread's building state `local`: no
    device scopes inside, and `op` (an Operation, or None) on the colocation stack, alone with
    `ignore_existing`."""
    old_devices, old_colocation = local.device_stack, local.colocation_stack
    local.device_stack = []
    local.colocation_stack = ([] if ignore_existing else list(old_colocation)) + ([op] if op is not None else [])
    try:
        yield
    finally:
        local.device_stack, local.colocation_stack = old_devices, old_colocation


@contextlib.contextmanager
def class_scope(local, op_name: str):
    """New ops get the `_class` attr `loc:@op_name` (and no device from it): TF's way to colocate a
    variable's initial value with the variable it is about to create."""
    old = local.class_scope
    local.class_scope = [f"loc:@{op_name}".encode()]
    try:
        yield
    finally:
        local.class_scope = old
