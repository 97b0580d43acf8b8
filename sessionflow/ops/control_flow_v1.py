"""TF 1.x's dataflow control-flow ops: Switch, Merge, Enter, Exit, NextIteration, LoopCond, ControlTrigger
(and the Ref* forms), as graphs written by TF 1.x hold them (`tf.cond` / `tf.while_loop` under control flow v1).

They are declared here for their signatures and TF's shape inference only: they have no kernel, and are marked
`dataflow=True`, so runtime/plan.py refuses to lower them into a step list; a run whose pruned graph holds one
executes on the dataflow executor (runtime/dataflow.py), which gives them their meaning (dead tensors, frames).
sessionflow's own tf.cond / tf.while_loop build If / While ops instead (ops/functional.py, ops/loops.py).

`switch` and `merge` are TF 1.x's `control_flow_ops.switch` / `merge`, which code still calls by hand (slim's
inception_preprocessing picks one of several branches with them).
"""

from __future__ import annotations

import collections

from ..framework import dtypes
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op
from ..framework.tensor_shape import TensorShape, unknown_shape
from ..ops.common import shape_str

_FRAME_ATTRS = {"frame_name": None, "is_constant": False, "parallel_iterations": 10}


def _scalar_bool(op_type: str, name: str, t) -> None:
    if t.dtype.base_dtype is not dtypes.bool:
        raise TypeError(f"Input '{name}' of '{op_type}' Op has type {t.dtype.base_dtype.name} that does not match "
                        f"expected type of bool.")
    if t.shape.ndims is not None and t.shape.ndims != 0:
        raise ValueError(f"Shape must be rank 0 but is rank {t.shape.ndims} for '{op_type}' with input shape "
                         f"{shape_str(t.shape)}")


def _switch_infer(ref: bool):
    def infer(data, pred):
        _scalar_bool("RefSwitch" if ref else "Switch", "pred", pred)
        dtype = data.dtype._as_ref if ref else data.dtype.base_dtype
        return [(dtype, data.shape), (dtype, data.shape)]
    return infer


def _merge_infer(ref: bool):
    def infer(*inputs):
        if not inputs:
            raise ValueError("Merge needs at least one input")
        dtype = inputs[0].dtype.base_dtype
        shape = inputs[0].shape
        for t in inputs[1:]:
            if t.dtype.base_dtype is not dtype:
                raise TypeError(f"Inputs to Merge must all have type {dtype.name}, but one has "
                                f"{t.dtype.base_dtype.name}")
            shape = shape.most_specific_compatible_shape(t.shape) if shape.ndims is not None else unknown_shape()
        return [(dtype._as_ref if ref else dtype, shape), (dtypes.int32, TensorShape([]))]
    return infer


def _forward_infer(ref: bool):
    def infer(data, **_attrs):
        return (data.dtype._as_ref if ref else data.dtype.base_dtype), data.shape
    return infer


_MERGE_TYPE_ATTRS = {"T": "inputs", "N": "#inputs"}


@op("Switch", inputs=("data", "pred"), dataflow=True)
class Switch:
    """`data` to output 1 (output_true) when `pred`, else to output 0 (output_false); the other output is dead."""

    infer = _switch_infer(False)


@op("RefSwitch", inputs=("data", "pred"), dataflow=True)
class RefSwitch:
    """Switch of a reference (a variable passes through as itself)."""

    infer = _switch_infer(True)


@op("Merge", inputs=("*inputs",), dataflow=True, type_attrs=_MERGE_TYPE_ATTRS)
class Merge:
    """The first of its inputs that is alive, and that input's index; dead only when all inputs are."""

    infer = _merge_infer(False)


@op("RefMerge", inputs=("*inputs",), dataflow=True, type_attrs=_MERGE_TYPE_ATTRS)
class RefMerge:
    """Merge of references."""

    infer = _merge_infer(True)


@op("Enter", inputs=("data",), attrs=_FRAME_ATTRS, dataflow=True)
class Enter:
    """`data` moved into the child frame `frame_name` (with `is_constant`, into every iteration of it)."""

    infer = _forward_infer(False)


@op("RefEnter", inputs=("data",), attrs=_FRAME_ATTRS, dataflow=True)
class RefEnter:
    """Enter of a reference."""

    infer = _forward_infer(True)


@op("Exit", inputs=("data",), dataflow=True)
class Exit:
    """`data` moved from a loop's frame to its parent frame."""

    infer = _forward_infer(False)


@op("RefExit", inputs=("data",), dataflow=True)
class RefExit:
    """Exit of a reference."""

    infer = _forward_infer(True)


@op("NextIteration", inputs=("data",), dataflow=True)
class NextIteration:
    """`data` moved to the next iteration of its frame."""

    infer = _forward_infer(False)


@op("RefNextIteration", inputs=("data",), dataflow=True)
class RefNextIteration:
    """NextIteration of a reference."""

    infer = _forward_infer(True)


@op("LoopCond", inputs=("input",), dataflow=True, type_attrs={})
class LoopCond:
    """A loop's predicate: the Switches of its loop variables read it."""

    def infer(input):
        _scalar_bool("LoopCond", "input", input)
        return dtypes.bool, TensorShape([])


@op("ControlTrigger", dataflow=True, type_attrs={})
class ControlTrigger:
    """Does nothing, and is alive even when its control inputs are dead (TF's ControlTrigger)."""

    def infer():
        return []


# --- TF 1.x's control_flow_ops.switch / merge ---------------------------------------------------------------

MergeOutput = collections.namedtuple("Merge", ["output", "value_index"])
SwitchOutput = collections.namedtuple("Switch", ["output_false", "output_true"])


def _as_tensor(value, name=None, dtype=None):
    from .constant import convert_to_tensor

    if isinstance(value, Tensor) and dtype is None:
        return value  # a variable's reference stays one, as TF converts with as_ref
    if hasattr(value, "_ref") and dtype is None:
        return value._ref()
    return convert_to_tensor(value, dtype=dtype, name=name)


def switch(data, pred, dtype=None, name=None):
    """`(output_false, output_true)`: `data` comes out of output_true when `pred`, else out of output_false; the
    other output is dead, and so is every op that reads it (until a Merge)."""
    with get_default_graph().name_scope(name or "Switch") as scope:
        data = _as_tensor(data, "data", dtype)
        pred = _as_tensor(pred, "pred")
        if not isinstance(data, Tensor):
            raise TypeError(f"'data' must be a Tensor or CompositeTensor. Received: {type(data)}.")
        return SwitchOutput(*Switch(data, pred, name=scope))


def merge(inputs, name=None):
    """`(output, value_index)`: the one of `inputs` that is alive and its index (RefMerge when all are
    references)."""
    if any(inp is None for inp in inputs):
        raise ValueError(f"At least one of the merge inputs is None: {inputs}")
    with get_default_graph().name_scope(name or "Merge") as scope:
        tensors = [_as_tensor(inp) for inp in inputs]
        opdef = RefMerge if all(t.dtype._is_ref_dtype for t in tensors) else Merge
        return MergeOutput(*opdef(tensors, name=scope))
