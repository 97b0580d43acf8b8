"""Small variables travel packed: one flat buffer per dtype in, one out.

A compiled plan's state goes in and comes back as one array per variable, and each array costs the host
something per run (JAX's argument handling, the NumPy view the store keeps, the lock it is written
under): about 8 us a variable. A plan that trains 200 small layers with Adam writes 1,200 variables, and
that cost then outweighs the computation. So the variables a plan writes that hold at most `PACK_MAX`
elements are concatenated, per dtype, into one flat buffer: the traced function slices each variable out
of it (free inside XLA) and concatenates the values it writes into a new buffer, and the store's value of
each variable becomes a view of that buffer's host copy. The next run passes the same device buffer back
when every packed variable still holds the view it was given (the common case: nothing else wrote them);
otherwise the buffer is concatenated again from the store's values.

The small variables a plan only reads (an evaluation plan's weights, which a training plan rewrites
every step) are packed the same way, into buffers that go in only: one array is then copied to the
device a run, not one per variable.

Large variables stay as they were (their own argument each): concatenating them would copy megabytes a
run. A variable whose shape or dtype changes (an assign with validate_shape=False) leaves the pack: the
plan then runs with every variable loose.
"""

from __future__ import annotations

import itertools
import weakref

import numpy as np

PACK_MAX = 65536  # elements: a variable this small or smaller travels in its dtype's buffer
PACK_MIN = 4  # variables: fewer small ones of a dtype (written, or only read) than this stay loose
PREFIX = "\x01pack:"  # state entries of packed buffers (sorted after the random streams, before variables)

# An entry's name -> its Layout, read when tracing (the name is part of the pytree); held by the plans
# that use it, so a program that makes many sessions does not accumulate them.
_LAYOUTS: weakref.WeakValueDictionary = weakref.WeakValueDictionary()
_ids = itertools.count()


class Layout:
    """Where each variable of one packed buffer lies: `entries` of (key, offset, size, shape). A written
    buffer comes back from the computation; a read one (variables the plan only reads) goes in only."""

    __slots__ = ("name", "keys", "entries", "dtype", "size", "written", "__weakref__")

    def __init__(self, dtype, items, written=True):
        self.written = written
        self.name = f"{PREFIX}{next(_ids)}:{'w' if written else 'r'}:{np.dtype(dtype).name}"
        self.dtype = np.dtype(dtype)
        self.keys = tuple(key for key, _ in items)
        entries, offset = [], 0
        for key, shape in items:
            size = int(np.prod(shape, dtype=np.int64))
            entries.append((key, offset, size, tuple(shape)))
            offset += size
        self.entries = tuple(entries)
        self.size = offset
        _LAYOUTS[self.name] = self


def layout(name: str) -> Layout:
    return _LAYOUTS[name]


def layouts(values: dict, keys, written_keys) -> tuple:
    """The packs of a plan that may touch the variables `keys` and write `written_keys`, from the values
    they hold now (an uninitialized or large variable stays loose)."""
    written_keys = set(written_keys)
    groups: dict = {}
    for key in keys:
        value = values.get(key)
        if isinstance(value, np.ndarray) and value.size <= PACK_MAX and value.dtype.kind in "biufc":
            groups.setdefault((value.dtype, key in written_keys), []).append((key, value.shape))
    return tuple(Layout(dtype, items, written) for (dtype, written), items in groups.items()
                 if len(items) >= PACK_MIN)


def host_buffer(layout: Layout, values: dict):
    """The buffer of `layout` concatenated from the store's values; None when one of them is missing or
    no longer fits (the caller then runs with the variables loose)."""
    parts = []
    for key, _, _, shape in layout.entries:
        value = values.get(key)
        if value is None or value.dtype != layout.dtype or value.shape != shape:
            return None
        parts.append(value.reshape(-1))
    return np.concatenate(parts) if parts else np.zeros(0, layout.dtype)


def written_names(state: dict) -> list:
    """The names of the written buffers among `state`'s entries."""
    return [name for name in state if name.startswith(PREFIX) and _LAYOUTS[name].written]


def unpack(state: dict) -> dict:
    """(traced) `state` with each packed buffer replaced by the variables it holds."""
    names = [name for name in state if name.startswith(PREFIX)]
    if not names:
        return state
    state = dict(state)
    for name in names:
        packed = layout(name)
        state.update(zip(packed.keys, pieces(packed, state.pop(name))))
    return state


def repack(names, state: dict, written: dict, xp) -> dict:
    """(traced) `written` with the packed variables written, or passed through as they came in (`state`,
    unpacked), gathered into new buffers named as the inputs were. A value written with another shape or
    dtype stays loose (the host stores it after the buffer)."""
    written = dict(written)
    for name in names:
        packed = layout(name)
        parts = []
        for key, _, _, shape in packed.entries:
            value = written.get(key)
            if value is not None and tuple(value.shape) == shape and value.dtype == packed.dtype:
                del written[key]
            else:
                value = state[key]
            parts.append(xp.reshape(value, (-1,)))
        written[name] = xp.concatenate(parts)
    return written


def pieces(layout: Layout, flat) -> list:
    """The variables of a packed buffer `flat`, in `layout`'s order: slices of it (traced, with jax.numpy),
    or views of its host copy (the store's values, with NumPy)."""
    return [flat[offset:offset + size].reshape(shape) for _, offset, size, shape in layout.entries]
