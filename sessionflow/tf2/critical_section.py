"""tf.CriticalSection in graph mode: `execute(fn)` builds `fn`'s ops and returns its result.

TF wraps them in a CriticalSectionExecute op over a mutex so that executions of one section never overlap.
sessionflow runs the ops of one `Session.run` in its plan's order, and the variables `fn` writes are locked while
each write runs (runtime/state.py); two concurrent `Session.run` calls of the section may interleave between
those writes."""

from __future__ import annotations

from ..framework.api import tf_export
from ..framework.graph import get_default_graph


@tf_export("CriticalSection")
class CriticalSection:
    """A named section whose `execute(fn)` results are `fn()`'s."""

    def __init__(self, name=None, shared_name=None, critical_section_def=None, import_scope=None):
        graph = get_default_graph()
        with graph.name_scope(name or "CriticalSection") as scope:
            self._name = scope.rstrip("/")
        self._shared_name = shared_name or self._name

    name = property(lambda self: self._name)

    def execute(self, fn, exclusive_resource_access=True, name=None):
        """`fn()` built under the section's name scope; its structure of tensors is returned."""
        with get_default_graph().name_scope(name or "critical_section_execute"):
            return fn()
