"""`tf.user_ops`: TF's example of a user-defined op, `my_fact` (the `Fact` op: the string "0! == 1")."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape


@op("Fact")
class Fact:
    """A scalar string: TF's sample user op outputs the factorial of 0 as text."""

    def infer():
        return dtypes.string, TensorShape([])

    def kernel(xp):
        return np.array(b"0! == 1", dtype=object)

    grad = NOT_DIFFERENTIABLE


@tf_export("user_ops.my_fact")
def my_fact():
    """Example of overriding the generated code for an Op."""
    return Fact()
