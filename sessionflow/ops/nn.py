"""Neural-network ops (`tf.nn.*`); the basic activations the core needs."""

from __future__ import annotations

from ..framework.graph import get_default_graph
from .constant import convert_to_tensor
from .math import Relu


def relu(features, name=None):
    with get_default_graph().name_scope(name or "Relu") as scope:
        return Relu(convert_to_tensor(features, name="features"), name=scope)
