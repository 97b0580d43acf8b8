"""The public scope and collection functions of `tf.*`, acting on the default graph."""

from __future__ import annotations

import contextlib

from .api import tf_export
from .graph import Tensor, get_default_graph


def _graph_of(values):
    for v in values or ():
        if isinstance(v, Tensor):
            return v.graph
        graph = getattr(v, "graph", None)
        if graph is not None:
            return graph
    return get_default_graph()


@contextlib.contextmanager
def name_scope(name, default_name=None, values=None):
    """TF1's `tf.name_scope(name, default_name=None, values=None)`; yields the scope prefix."""
    if name is None and default_name is not None:
        name = default_name
    graph = _graph_of(values)
    if graph is get_default_graph():
        with graph.name_scope(name) as scope:
            yield scope
    else:
        with graph.as_default(), graph.name_scope(name) as scope:
            yield scope


op_scope = name_scope


def control_dependencies(control_inputs):
    return get_default_graph().control_dependencies(control_inputs)


@tf_export("init_scope")
@contextlib.contextmanager
def init_scope():
    """TF's `tf.init_scope()`: the ops created inside are lifted out of the enclosing
    `control_dependencies` scopes and out of any `tf.cond` branch or `tf.while_loop` body being
    traced, so they run on their own, once, outside it (as variable initializers must); the name
    scope stays the current one. Variables, optimizer slots and other state are built inside it."""
    from .seeds import graph_op_seeds

    graph = get_default_graph()
    tracing = graph._tracing
    graph._tracing = None
    try:
        with graph.control_dependencies(None), graph_op_seeds(graph):
            yield
    finally:
        graph._tracing = tracing


def add_to_collection(name, value):
    get_default_graph().add_to_collection(name, value)


def add_to_collections(names, value):
    get_default_graph().add_to_collections(names, value)


def get_collection(key, scope=None) -> list:
    return get_default_graph().get_collection(key, scope)


def get_collection_ref(key) -> list:
    return get_default_graph().get_collection_ref(key)


def device(device_name_or_function):
    """Device placement has no effect: everything runs on the host."""
    return get_default_graph().device(device_name_or_function)


def colocate_with(op, ignore_existing=False):
    return get_default_graph().colocate_with(op, ignore_existing)


def container(container_name):
    return get_default_graph().container(container_name)
