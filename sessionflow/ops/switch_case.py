"""tf.switch_case: the branch function at an int32 index (the last branch, or `default`, when the index is out
of range), built on tf.case (TF builds one Case op; the taken branch and values are the same)."""

from __future__ import annotations

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from . import math
from .constant import constant, convert_to_tensor
from .functional import case


def _branches(branch_fns, default):
    """TF's checks and order of the branch functions (`default` last)."""
    if not isinstance(branch_fns, (list, tuple, dict)):
        raise TypeError("'branch_fns' must be a list, tuple, or dict")
    if isinstance(branch_fns, dict):
        branch_fns = list(branch_fns.items())
    if all(callable(fn) for fn in branch_fns):
        branch_fns = list(enumerate(branch_fns))
    for pair in branch_fns:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"Each entry in argument `branch_fns` must be a 2-tuple. Received {pair}.")
        key, fn = pair
        if not isinstance(key, int):
            raise TypeError(f"key must be a Python `int`, got {type(key)}")
        if not callable(fn):
            raise TypeError(f"fn for key {key} must be callable.")
    keys = [p[0] for p in branch_fns]
    if min(keys) < 0 or max(keys) >= len(keys) or len(set(keys)) != len(keys):
        raise ValueError(f"branch indices (keys) must form contiguous range of [0 to {len(keys)}) but found "
                         f"{{{','.join(map(str, sorted(keys)))}}}")
    actions = [p[1] for p in sorted(branch_fns, key=lambda p: p[0])]
    if default is not None:
        actions.append(default)
    return actions


@tf_export("switch_case")
def switch_case(branch_index, branch_fns, default=None, name="switch_case"):
    """`branch_fns[branch_index]()`; out of range: `default()`, or the last branch when there is no default."""
    actions = _branches(branch_fns, default)
    with get_default_graph().name_scope(name):
        branch_index = convert_to_tensor(branch_index, name="branch_index")
        if branch_index.dtype.base_dtype is not dtypes.int32:
            raise TypeError(f"Input 'branch_index' of 'StatelessCase' Op has type {branch_index.dtype.base_dtype.name} "
                            "that does not match expected type of int32.")
        if len(actions) == 1:
            return actions[0]()
        pairs = [(math.equal(branch_index, constant(i, dtypes.int32)), fn) for i, fn in enumerate(actions[:-1])]
        return case(pairs, default=actions[-1], exclusive=False, name="indexed_case")
