"""`tf.check_pinned`: TF's check that a tensor lives in host memory pinned for a GPU.

sessionflow keeps every tensor in ordinary host memory, as TF does on a machine without CUDA: the op builds
as TF's (same dtype and shape as its input) and running it fails with TF's InvalidArgumentError
`not pinned`. It has no gradient (tf.gradients raises LookupError, as TF)."""

from __future__ import annotations

from ..framework import errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op
from .constant import convert_to_tensor


@op("CheckPinned", inputs=("tensor",), stateful=True)
class CheckPinned:
    """Its input when pinned; here, as on TF without pinned memory, always InvalidArgumentError."""

    def infer(tensor):
        return tensor.dtype.base_dtype, tensor.shape

    def kernel(ctx, xp, tensor):
        raise errors.InvalidArgumentError(None, None, "not pinned")


@tf_export("check_pinned")
def check_pinned(tensor, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "CheckPinned") as scope:
        return CheckPinned(convert_to_tensor(tensor, name="tensor"), name=scope)


__all__ = ["check_pinned"]
