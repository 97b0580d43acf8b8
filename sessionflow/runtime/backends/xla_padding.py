"""Unique under the XLA backend: its distinct values padded to a static length.

Unique's output length depends on the values of its input, which a compiled computation cannot have.
Traced, it returns as many rows as its input has (ops/segment.py), the first `count` real and the rest
padding (`ops.common.padded_rows`). That is exact only where every reader of the padded values leaves
the padding out, which is the graph the optimizers build to deduplicate a sparse gradient (TF's
`_deduplicate_indexed_slices`): the distinct ids are the `indices` of a sparse update or scatter (which
skip the padding rows), and their count is the `num_segments` of the UnsortedSegmentSum that sums the
gradient rows (whose padding rows are zeros, carried through elementwise ops into those same updates).
`untraceable_reason` says why any other use of a Unique of fed values keeps its plan on NumPy.
"""

from __future__ import annotations

from ...framework.registry import static_value

# Readers that skip Unique's padding rows when they are their `indices`.
_SKIPS_PADDING = ("SparseApply", "ResourceSparseApply", "Scatter", "ResourceScatter")
# Elementwise ops the summed gradient rows may pass through on their way to such a reader.
_ELEMENTWISE = frozenset({"Mul", "RealDiv", "Div", "Sub", "Add", "AddV2", "Neg", "Square", "Sqrt", "Cast",
                          "Identity"})


def _indices_of(reader, tensor) -> bool:
    names = reader.opdef.inputs
    return (reader.type.startswith(_SKIPS_PADDING) and "indices" in names
            and reader.inputs[names.index("indices")] is tensor)


def _rows_reach_updates(tensor, depth=0) -> bool:
    """Whether the gradient rows `tensor` reach only the non-index inputs of readers that skip padding."""
    for reader in tensor.consumers():
        if reader.type.startswith(_SKIPS_PADDING) and not _indices_of(reader, tensor):
            continue
        if reader.type in _ELEMENTWISE and depth < 8:
            others = [t for t in reader.inputs if t is not tensor]
            if all(t.shape.ndims == 0 for t in others) and all(_rows_reach_updates(o, depth + 1)
                                                              for o in reader.outputs):
                continue
        return False
    return True


def _count_is_num_segments(shape) -> bool:
    """Shape(y) is read only as `shape[0]`, the num_segments of an UnsortedSegmentSum of gradient rows."""
    for strided in shape.outputs[0].consumers():
        if strided.type != "StridedSlice":
            return False
        for reader in strided.outputs[0].consumers():
            if reader.type != "UnsortedSegmentSum" or reader.inputs[2] is not strided.outputs[0]:
                return False
            if not _rows_reach_updates(reader.outputs[0]):
                return False
    return True


def untraceable_reason(step, plan) -> str | None:
    """Why the Unique op of `step` cannot be traced with padding; None when it can (or its input is a
    constant)."""
    op = step.op
    if static_value(op.inputs[0]) is not None:
        return None
    y = op.outputs[0]
    if step.outputs and step.outputs[0] in plan.fetch_slots:
        return ("op Unique has no XLA kernel: the number of distinct values depends on the values, and they "
                "are fetched")
    for reader in y.consumers():
        if _indices_of(reader, y) or (reader.type == "Shape" and _count_is_num_segments(reader)):
            continue
        return (f"op Unique has no XLA kernel: the number of distinct values depends on the values, and op "
                f"{reader.type} ({reader.name}) reads them")
    return None
