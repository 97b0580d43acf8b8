"""The global step: an int64 variable in the GLOBAL_STEP collection that training ops increment."""

from __future__ import annotations

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import GraphKeys, get_default_graph


@tf_export("train.get_global_step")
def get_global_step(graph=None):
    """The graph's global step variable (from the GLOBAL_STEP collection, or a tensor named
    `global_step:0`), or None."""
    graph = graph or get_default_graph()
    found = graph.get_collection(GraphKeys.GLOBAL_STEP)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise TypeError("Multiple tensors in global_step collection.")
    try:
        tensor = graph.get_tensor_by_name("global_step:0")
    except KeyError:
        return None
    if not tensor.dtype.base_dtype.is_integer:
        raise TypeError(f"Existing \"global_step\" does not have integer type: {tensor.dtype}")
    return tensor


@tf_export("train.create_global_step")
def create_global_step(graph=None):
    """Creates the global step (int64 scalar, zero-initialized, not trainable); ValueError if it exists."""
    from ..init_ops import zeros_initializer
    from ..variable_scope import get_variable

    graph = graph or get_default_graph()
    if get_global_step(graph) is not None:
        raise ValueError('"global_step" already exists.')
    with graph.as_default(), graph.name_scope(None):
        return get_variable(GraphKeys.GLOBAL_STEP, shape=[], dtype=dtypes.int64, initializer=zeros_initializer(),
                            trainable=False, collections=[GraphKeys.GLOBAL_VARIABLES, GraphKeys.GLOBAL_STEP])


@tf_export("train.get_or_create_global_step")
def get_or_create_global_step(graph=None):
    graph = graph or get_default_graph()
    return get_global_step(graph) or create_global_step(graph)


@tf_export("train.global_step")
def global_step(sess, global_step_tensor):
    """The global step's current value, as a Python int."""
    return int(sess.run(global_step_tensor))
