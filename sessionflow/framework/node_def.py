"""NodeDef and GraphDef records: the graph as data (names, op types, inputs, attrs).

These are plain Python records; encoding them as TensorFlow's protocol buffers belongs to the
GraphDef interop (sessionflow.io).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class NodeDef:
    name: str
    op: str
    input: list = field(default_factory=list)
    attr: dict = field(default_factory=dict)
    device: str = ""

    @classmethod
    def of(cls, op) -> "NodeDef":
        inputs = [t._as_node_def_input() for t in op.inputs] + [f"^{c.name}" for c in op.control_inputs]
        attrs = {k: v for k, v in op.attrs.items() if not k.startswith("_")}
        return cls(op.name, op.type, inputs, attrs)


@dataclass
class GraphDef:
    node: list = field(default_factory=list)
