"""`tf.nondifferentiable_batch_function`: TF batches concurrent calls of the decorated function across
Session.run calls (a BatchFunction op); sessionflow runs one call at a time, so each call computes the function on
its own inputs, under a `batch` name scope: the same values a lone caller gets from TF."""

from __future__ import annotations

from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph


@tf_export("nondifferentiable_batch_function")
def nondifferentiable_batch_function(num_batch_threads, max_batch_size, batch_timeout_micros, allowed_batch_sizes=None,
                                     max_enqueued_batches=10, autograph=True, enable_large_batch_splitting=True):
    """A decorator whose function takes Tensors only (ValueError otherwise) and returns its outputs unbatched."""

    def decorator(fn):
        def decorated(*args):  # not functools.wraps: TF's decorated function keeps its own name
            with get_default_graph().name_scope("batch"):
                for a in args:
                    if not isinstance(a, Tensor):
                        raise ValueError("All arguments to functions decorated with `batch_function`  are supposed "
                                         f"to be Tensors; found {a!r}")
                return fn(*args)

        return decorated

    return decorator
