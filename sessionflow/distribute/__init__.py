"""`tf.distribute`'s default strategy: sessionflow runs one replica in one process, so the strategy is always TF's
default one (what TF 1.x code sees outside any `strategy.scope()`). Library code written for several replicas
(tf-slim's metrics call `tf.distribute.get_replica_context().merge_call(...)`) runs unchanged: one replica,
id 0, `merge_call` calling its function at once in the cross-replica context. Real multi-device strategies
(MirroredStrategy, ...) are not provided; sessionflow's own `data_parallel(optimizer)` (data_parallel.py)
trains over several devices on the XLA backend.
"""

from __future__ import annotations

import contextlib
import enum
import threading

from ..framework.api import tf_export
from .data_parallel import DataParallelOptimizer, data_parallel  # noqa: F401


@tf_export("distribute.ReduceOp")
class ReduceOp(enum.Enum):
    """How values of the replicas combine."""

    SUM = "SUM"
    MEAN = "MEAN"


class _Context(threading.local):
    cross_replica = False


_CONTEXT = _Context()


@tf_export("distribute.StrategyExtended")
class StrategyExtended:
    """The default strategy's extended API: one worker, one device, variables read as they are."""

    def __init__(self, strategy):
        self._container_strategy = strategy

    def read_var(self, v):
        from ..ops.array import identity

        return identity(v)

    @property
    def worker_devices(self):
        return ("/job:localhost/replica:0/task:0/device:CPU:0",)

    @property
    def parameter_devices(self):
        return self.worker_devices


@tf_export("distribute.Strategy")
class Strategy:
    """The default strategy: one replica; `run` calls the function, `reduce` of one replica's value is the value
    (reduced over `axis` when one is given), `scope()` changes nothing."""

    def __init__(self, extended=None):
        self._extended = extended or StrategyExtended(self)

    @property
    def extended(self):
        return self._extended

    @property
    def num_replicas_in_sync(self) -> int:
        return 1

    @contextlib.contextmanager
    def scope(self):
        yield self

    def run(self, fn, args=(), kwargs=None, options=None):
        return fn(*args, **(kwargs or {}))

    def reduce(self, reduce_op, value, axis=None):
        if axis is None:
            return value
        from ..ops.reduction import reduce_mean, reduce_sum

        op = ReduceOp(reduce_op) if isinstance(reduce_op, str) else reduce_op
        return (reduce_sum if op is ReduceOp.SUM else reduce_mean)(value, axis=axis)

    def experimental_local_results(self, value):
        return (value,)


@tf_export("distribute.ReplicaContext")
class ReplicaContext:
    """The context of the (only) replica: id 0 of 1."""

    def __init__(self, strategy, replica_id_in_sync_group=0):
        self._strategy = strategy
        self._replica_id = replica_id_in_sync_group

    @property
    def strategy(self):
        return self._strategy

    @property
    def num_replicas_in_sync(self) -> int:
        return self._strategy.num_replicas_in_sync

    @property
    def replica_id_in_sync_group(self):
        return self._replica_id

    def merge_call(self, merge_fn, args=(), kwargs=None):
        """Calls `merge_fn(strategy, *args, **kwargs)` in the cross-replica context (where
        get_replica_context() is None) and gives its result."""
        was, _CONTEXT.cross_replica = _CONTEXT.cross_replica, True
        try:
            return merge_fn(self._strategy, *args, **(kwargs or {}))
        finally:
            _CONTEXT.cross_replica = was


_DEFAULT_STRATEGY = Strategy()
_DEFAULT_REPLICA_CONTEXT = ReplicaContext(_DEFAULT_STRATEGY)


@tf_export("distribute.get_strategy")
def get_strategy() -> Strategy:
    return _DEFAULT_STRATEGY


@tf_export("distribute.has_strategy")
def has_strategy() -> bool:
    """False: only the default strategy exists."""
    return False


@tf_export("distribute.in_cross_replica_context")
def in_cross_replica_context() -> bool:
    return _CONTEXT.cross_replica


@tf_export("distribute.get_replica_context")
def get_replica_context():
    """The default replica context; None inside a `merge_call` (the cross-replica context)."""
    return None if _CONTEXT.cross_replica else _DEFAULT_REPLICA_CONTEXT
