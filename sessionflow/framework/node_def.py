"""NodeDef and GraphDef: the graph as TensorFlow's protocol buffers (`sessionflow.io.protos`).

`NodeDef.of(op)` is the op's `tensorflow.NodeDef` proto and `GraphDef(nodes)` a `tensorflow.GraphDef` proto
holding them (with `versions.producer` set), both encoded as TF does; see `sessionflow.io.graph_def`. The
io package is imported lazily: the framework layer does not depend on it at import time.
"""

from __future__ import annotations


class NodeDef:
    """Namespace for `NodeDef.of(op)`; the returned objects are `sessionflow.io.protos.NodeDef` messages."""

    @staticmethod
    def of(op):
        from ..io.graph_def import node_def_of

        return node_def_of(op)


def GraphDef(node=()):
    """A `tensorflow.GraphDef` proto holding the NodeDef protos `node`, written by this producer."""
    from ..io.graph_def import PRODUCER
    from ..io.protos import GraphDef as _GraphDef

    out = _GraphDef()
    out.versions.producer = PRODUCER
    out.node.extend(node)
    return out
