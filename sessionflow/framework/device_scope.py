"""`tf.device` scopes: the device an op asks for, recorded on the op as TF records it (`op.device`,
`/device:GPU:0` for `/gpu:0`). Each thread has its own stack of open scopes in a graph; an op created
inside them gets the innermost scope's fields merged over the outer ones' (a device function, such as
`replica_device_setter`'s, is called with the op and its answer replaces what the inner scopes gave;
`tf.device(None)` hides the scopes around it). Where an op then runs is the session's business
(runtime/backends/xla_devices.py: soft placement, TF's placement error, log_device_placement)."""

from __future__ import annotations

from .device_spec import DeviceSpec

_NONE = object()  # the entry of `tf.device(None)`: the scopes around it do not apply


def scope_entry(device_name_or_function):
    """What `tf.device(x)` pushes: a DeviceSpec, a device function, or _NONE."""
    if device_name_or_function is None:
        return _NONE
    if callable(device_name_or_function) and not isinstance(device_name_or_function, DeviceSpec):
        return device_name_or_function
    if isinstance(device_name_or_function, DeviceSpec):
        return DeviceSpec.from_string(device_name_or_function.to_string())
    return DeviceSpec.from_string(str(device_name_or_function))


def device_of(op, stack: list) -> str:
    """The device string of `op` created under the open scopes `stack` (outermost first), as TF applies
    them: innermost first, each merged under what the inner ones chose."""
    device = ""
    for entry in reversed(stack):
        if entry is _NONE:
            break
        if isinstance(entry, DeviceSpec):
            merged = entry.make_merged_spec(DeviceSpec.from_string(device))
            device = merged.to_string()
        else:
            op._device = device  # a device function reads op.device (the inner scopes' choice)
            chosen = entry(op)
            device = chosen.to_string() if isinstance(chosen, DeviceSpec) else (chosen or "")
    return device
