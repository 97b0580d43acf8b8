"""tf.variable_creator_scope: creators that tf.Variable and tf.get_variable call, innermost first.

A creator is `creator(next_creator, **kwargs)`; it may change the keyword arguments (the Variable
constructor's) and must return a variable, usually `next_creator(**kwargs)`. The stack belongs to the graph
and the thread that built it, as TF's does."""

from __future__ import annotations

import contextlib

from ..framework.api import tf_export
from ..framework.graph import get_default_graph


def creator_stack(graph=None) -> list:
    """The graph's creator stack for this thread (outermost first)."""
    local = (graph or get_default_graph())._local
    stack = getattr(local, "variable_creators", None)
    if stack is None:
        stack = local.variable_creators = []
    return stack


@tf_export("variable_creator_scope")
@contextlib.contextmanager
def variable_creator_scope(variable_creator):
    """Variables created inside go through `variable_creator` (then any creator of an enclosing scope)."""
    stack = creator_stack()
    stack.append(variable_creator)
    try:
        yield
    finally:
        stack.remove(variable_creator)


def create_through_creators(make, kwargs):
    """Calls the creators innermost first; the last `next_creator` is `make(**kwargs)`."""
    creators = list(creator_stack())

    def chain(index):
        if index < 0:
            return lambda **kw: make(**kw)
        return lambda **kw: creators[index](chain(index - 1), **kw)

    return chain(len(creators) - 1)(**kwargs)
