"""`tf.clip_by_average_norm`: TF's composite (Size, Rsqrt of the summed squares, Minimum, Identity)."""

from __future__ import annotations

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from .constant import constant, convert_to_tensor


@tf_export("clip_by_average_norm")
def clip_by_average_norm(t, clip_norm, name=None) -> Tensor:
    """`t * clip_norm / max(l2norm(t) / size(t), clip_norm)`: clips `t` so that its L2 norm divided by its
    number of elements is at most `clip_norm`. As in TF, the element count is float32 whatever `t`'s dtype."""
    from .array import identity, rank, size
    from .array import range as range_
    from .math import cast, minimum, rsqrt
    from .reduction import reduce_sum

    with get_default_graph().name_scope(name or "clip_by_average_norm") as scope:
        t = convert_to_tensor(t, name="t")
        n_element = cast(size(t), dtypes.float32)
        l2norm_inv = rsqrt(reduce_sum(t * t, range_(rank(t))))
        return identity(t * clip_norm * minimum(l2norm_inv * n_element, constant(1.0) / clip_norm),
                        name=scope)
