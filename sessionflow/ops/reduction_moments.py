"""`tf.math.reduce_variance` and `tf.math.reduce_std`: TF's composites of Mean, Sub, Square and Sqrt."""

from __future__ import annotations

from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from .constant import convert_to_tensor


@tf_export("math.reduce_variance")
def reduce_variance(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """The mean squared deviation from the mean over `axis` (all axes when None); TF's TypeError for integers.
    Complex inputs (which TF reduces to a real variance) are not supported in sessionflow."""
    from .math import square
    from .reduction import reduce_mean

    with get_default_graph().name_scope(name or "reduce_variance"):
        input_tensor = convert_to_tensor(input_tensor)
        means = reduce_mean(input_tensor, axis=axis, keepdims=True)
        if means.dtype.is_integer:
            raise TypeError(f"Input must be either real or complex. Received integer type {means.dtype}.")
        diff = input_tensor - means
        if diff.dtype.is_complex:
            raise NotImplementedError("reduce_variance of complex tensors is not supported in sessionflow")
        return reduce_mean(square(diff), axis=axis, keepdims=keepdims)


@tf_export("math.reduce_std")
def reduce_std(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """The square root of `reduce_variance`."""
    from .math import sqrt

    with get_default_graph().name_scope(name or "reduce_std"):
        input_tensor = convert_to_tensor(input_tensor)
        return sqrt(reduce_variance(input_tensor, axis=axis, keepdims=keepdims))
