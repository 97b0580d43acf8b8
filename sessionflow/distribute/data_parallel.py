"""`sessionflow.distribute.data_parallel(optimizer)`: data-parallel training over this process's devices.

The optimizer it returns builds the same graph as the one it wraps (`minimize`, `compute_gradients`,
`apply_gradients`, slots, names); it only marks the train op. When a run that executes that op is compiled
by the XLA backend and the session has several devices of its default kind (GPUs, or the CPUs of
XLA_FLAGS=--xla_force_host_platform_device_count=N), the plan runs as one computation over a
`jax.sharding.Mesh` of them: each fed array whose first (batch) dimension the device count divides is split
along it, variables and the other feeds are replicated, and XLA all-reduces the gradients
(runtime/backends/xla_devices.py). The arithmetic is the single-device program's, so losses and variables
match it to float rounding. A feed the count does not divide (a last, smaller batch) is not padded, which
would change a mean loss: that step runs replicated, with the same results. On the NumPy backend, or with
one device, it is the plain optimizer. docs/distribute.md says how to launch it, and about several hosts.
"""

from __future__ import annotations

from ..runtime.backends.xla_devices import mark_data_parallel
from ..train.optimizer import Optimizer


class DataParallelOptimizer(Optimizer):
    """`optimizer`, whose train ops run data-parallel on the XLA backend."""

    def __init__(self, optimizer):
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"data_parallel expects a tf.train.Optimizer, got {type(optimizer).__name__}")
        super().__init__(optimizer._use_locking, optimizer.get_name())
        self._optimizer = optimizer

    def compute_gradients(self, *args, **kwargs):
        return self._optimizer.compute_gradients(*args, **kwargs)

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """The wrapped optimizer's update op, marked so that its runs shard their feeds."""
        train_op = self._optimizer.apply_gradients(grads_and_vars, global_step=global_step, name=name)
        mark_data_parallel(train_op)
        return train_op

    def get_slot(self, var, name):
        return self._optimizer.get_slot(var, name)

    def get_slot_names(self) -> list:
        return self._optimizer.get_slot_names()

    def variables(self) -> list:
        return self._optimizer.variables()

    def __getattr__(self, name):  # the wrapped optimizer's own attributes (_lr, _beta1, ...)
        if name == "_optimizer":
            raise AttributeError(name)
        return getattr(self._optimizer, name)


def data_parallel(optimizer) -> DataParallelOptimizer:
    """Wraps a tf.train optimizer: its train ops run data-parallel over the local devices under XLA."""
    return DataParallelOptimizer(optimizer)
