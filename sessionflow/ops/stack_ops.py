"""TF's stack ops (StackV2, StackPushV2, StackPopV2, StackCloseV2): last-in first-out stacks living in a session.

TF 1.x's while-loop gradients use them: the forward loop pushes each iteration's values that the gradient needs,
and the gradient loop pops them in reverse order. Each run of a StackV2 op starts a new, empty stack (the one its
previous run made is dropped); the handle's value is the stack's session key.
"""

from __future__ import annotations

import itertools

import numpy as np

from ..framework import dtypes, errors
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape, unknown_shape
from ..runtime.state import NOT_VARIABLE_WRITERS
from .queues import handle_key

NOT_VARIABLE_WRITERS.add("StackCloseV2")


class Stack:
    """One stack's elements. Its max_size is not enforced: TF pushes past it too."""

    __slots__ = ("elements", "name")

    def __init__(self, name: str):
        self.name, self.elements = name, []


_COUNTER_KEY = "sessionflow.stack_counter"


def _stack(ctx, handle) -> Stack:
    found = ctx.resource(handle_key(handle))
    if not isinstance(found, Stack):
        raise errors.InvalidArgumentError(None, None, f"Resource {handle_key(handle)} is not a stack")
    return found


@op("StackV2", inputs=("max_size",), attrs={"elem_type": None, "stack_name": ""}, stateful=True, type_attrs={})
class StackV2:
    """A new empty stack of `elem_type` elements; its handle."""

    def infer(max_size, elem_type, stack_name):
        if max_size.dtype.base_dtype is not dtypes.int32:
            raise TypeError(f"Input 'max_size' of 'StackV2' Op has type {max_size.dtype.base_dtype.name} that does "
                            f"not match expected type of int32.")
        return dtypes.resource, TensorShape([])

    def kernel(ctx, xp, max_size, elem_type, stack_name):
        key = ctx.op.name
        try:
            ctx.delete_resource(key)
        except errors.NotFoundError:
            pass
        number = next(ctx.resource(_COUNTER_KEY, itertools.count))  # TF numbers the stacks of a session
        ctx.resource(key, lambda: Stack(f"{stack_name or ctx.op.name}_{number}"))
        handle = np.empty((), dtype=object)
        handle[()] = key
        return handle

    grad = NOT_DIFFERENTIABLE


@op("StackPushV2", inputs=("handle", "elem"), attrs={"swap_memory": False}, stateful=True,
    type_attrs={"T": "elem"})
class StackPushV2:
    """Pushes `elem` onto the stack; outputs it."""

    def infer(handle, elem, swap_memory):
        return elem.dtype.base_dtype, elem.shape

    def kernel(ctx, xp, handle, elem, swap_memory):
        _stack(ctx, handle).elements.append(elem)
        return elem

    grad = NOT_DIFFERENTIABLE


@op("StackPopV2", inputs=("handle",), attrs={"elem_type": None}, stateful=True, type_attrs={})
class StackPopV2:
    """The element on top of the stack, taken off it."""

    def infer(handle, elem_type):
        return elem_type, unknown_shape()

    def kernel(ctx, xp, handle, elem_type):
        stack = _stack(ctx, handle)
        if not stack.elements:
            raise errors.InvalidArgumentError(None, ctx.op, f"Stack[{stack.name}] is empty when calling Pop().")
        return stack.elements.pop()

    grad = NOT_DIFFERENTIABLE


@op("StackCloseV2", inputs=("handle",), stateful=True, type_attrs={})
class StackCloseV2:
    """Drops the stack."""

    def infer(handle):
        return []

    def kernel(ctx, xp, handle):
        ctx.delete_resource(handle_key(handle))

    grad = NOT_DIFFERENTIABLE
