"""`tf.train.SyncReplicasOptimizer`: synchronous replica training through conditional accumulators.

The graph is TF's. `apply_gradients` gives each variable a conditional accumulator (sparse for IndexedSlices
gradients) named `<var.name>/grad_accum`; a worker's train op applies its gradients tagged with its local step
(`sync_rep_local_step`, a local variable), then takes a token from the `sync_token_q` FIFO queue into its local
step. The chief's queue runner takes the mean of `replicas_to_aggregate` gradients from every accumulator
(which moves their global steps on, so gradients computed from older variables are dropped), applies them with
the wrapped optimizer, and puts `max(total_num_replicas, replicas_to_aggregate)` tokens holding the new global
step into the queue. `make_session_run_hook` runs the init ops and starts that queue runner in a
MonitoredSession, so one process (or several worker threads sharing a session) trains as TF does.
"""

from __future__ import annotations

from ..framework import scopes
from ..framework.api import tf_export
from ..framework.graph import GraphKeys, Tensor
from ..ops import control_flow
from ..ops.accumulators import ConditionalAccumulator, SparseConditionalAccumulator
from ..ops.array import fill
from ..ops.indexed_slices import IndexedSlices
from ..ops.queues import FIFOQueue
from ..variables import Variable, assign, global_variables, report_uninitialized_variables
from . import session_manager
from .optimizer import Optimizer
from .queue_runner import QueueRunner
from .session_run_hook import SessionRunHook


@tf_export("train.SyncReplicasOptimizer")
class SyncReplicasOptimizer(Optimizer):
    """Wraps `opt`: gradients from `replicas_to_aggregate` replicas are averaged before each update.
    `total_num_replicas` (default `replicas_to_aggregate`) sets how many tokens each update releases."""

    def __init__(self, opt, replicas_to_aggregate, total_num_replicas=None, variable_averages=None,
                 variables_to_average=None, use_locking=False, name="sync_replicas"):
        if total_num_replicas is None:
            total_num_replicas = replicas_to_aggregate
        super().__init__(use_locking, name)
        self._opt = opt
        self._replicas_to_aggregate = replicas_to_aggregate
        self._total_num_replicas = total_num_replicas
        self._tokens_per_step = max(total_num_replicas, replicas_to_aggregate)
        self._variable_averages = variable_averages
        self._variables_to_average = variables_to_average
        self._gradients_applied = False
        self._global_step = None
        self._sync_token_queue = None
        self._chief_queue_runner = None
        self._accumulator_list: list = []

    def compute_gradients(self, *args, **kwargs):
        """The wrapped optimizer's gradients (aggregation happens in apply_gradients)."""
        return self._opt.compute_gradients(*args, **kwargs)

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """Builds the accumulators, the chief's update and token queue; returns the worker's train op (the
        local step's assignment from a dequeued token). ValueError without variables or a global step."""
        grads_and_vars = list(grads_and_vars) if grads_and_vars else []
        if not grads_and_vars:
            raise ValueError("Must supply at least one variable")
        if global_step is None:
            raise ValueError("Global step is required to check staleness")
        self._global_step = global_step
        step_dtype = global_step.dtype.base_dtype
        train_ops, aggregated, var_list = [], [], []
        control_flow.no_op()  # TF's anchor the local step is colocated with
        self._local_step = Variable(initial_value=0, trainable=False, collections=[GraphKeys.LOCAL_VARIABLES],
                                    dtype=step_dtype, name="sync_rep_local_step")
        self.local_step_init_op = assign(self._local_step, global_step)
        chief_init_ops = [self.local_step_init_op]
        self.ready_for_local_init_op = report_uninitialized_variables(global_variables())

        with scopes.name_scope(None, self._name):
            for grad, var in grads_and_vars:
                var_list.append(var)
                if grad is None:
                    aggregated.append(None)
                    continue
                if isinstance(grad, Tensor):
                    accumulator = ConditionalAccumulator(grad.dtype, shape=var.get_shape(),
                                                         shared_name=var.name + "/grad_accum")
                    train_ops.append(accumulator.apply_grad(grad, local_step=self._local_step))
                    aggregated.append(accumulator.take_grad(self._replicas_to_aggregate))
                else:
                    if not isinstance(grad, IndexedSlices):
                        raise ValueError("Unknown grad type!")  # noqa: TRY004 - TF raises ValueError
                    accumulator = SparseConditionalAccumulator(grad.dtype, shape=(),
                                                               shared_name=var.name + "/grad_accum")
                    train_ops.append(accumulator.apply_indexed_slices_grad(grad, local_step=self._local_step))
                    aggregated.append(accumulator.take_indexed_slices_grad(self._replicas_to_aggregate))
                self._accumulator_list.append((accumulator, var.device))

            with scopes.name_scope(""):
                update_op = self._opt.apply_gradients(list(zip(aggregated, var_list)), global_step)
            with scopes.name_scope(""):
                queue = FIFOQueue(-1, step_dtype, shapes=(), name="sync_token_q", shared_name="sync_token_q")
                self._sync_token_queue = queue
            with scopes.name_scope(""):
                with scopes.control_dependencies(train_ops):
                    token = queue.dequeue()
                train_op = assign(self._local_step, token)
                with scopes.control_dependencies([update_op]):
                    tokens = fill([self._tokens_per_step], global_step)
                    sync_op = queue.enqueue_many((tokens,))
                if self._variable_averages is not None:
                    with scopes.control_dependencies([sync_op]), scopes.name_scope(""):
                        sync_op = self._variable_averages.apply(self._variables_to_average)
                self._chief_queue_runner = QueueRunner(queue, [sync_op])
            for accumulator, _ in self._accumulator_list:
                chief_init_ops.append(accumulator.set_global_step(global_step, name="SetGlobalStep"))
            self.chief_init_op = control_flow.group(*chief_init_ops)
            self._gradients_applied = True
            return train_op

    def get_chief_queue_runner(self) -> QueueRunner:
        """The chief's QueueRunner (aggregate, update, release tokens); ValueError before apply_gradients."""
        if self._gradients_applied is False:
            raise ValueError("Should be called after apply_gradients().")
        return self._chief_queue_runner

    def get_slot(self, *args, **kwargs):
        return self._opt.get_slot(*args, **kwargs)

    def variables(self) -> list:
        """The wrapped optimizer's variables (not the local step)."""
        return self._opt.variables()

    def get_slot_names(self, *args, **kwargs):
        return self._opt.get_slot_names(*args, **kwargs)

    def get_init_tokens_op(self, num_tokens=-1):
        """The op putting `num_tokens` tokens (default replicas_to_aggregate) into the queue, or a NoOp for
        none. ValueError before apply_gradients, or with fewer than replicas_to_aggregate - total_num_replicas."""
        if self._gradients_applied is False:
            raise ValueError("get_init_tokens_op() should be called after apply_gradients().")
        tokens_needed = self._replicas_to_aggregate - self._total_num_replicas
        if num_tokens == -1:
            num_tokens = self._replicas_to_aggregate
        elif num_tokens < tokens_needed:
            raise ValueError(f"Too few tokens to finish the first step: {num_tokens} (given) vs {tokens_needed} "
                             "(needed)")
        if num_tokens > 0:
            with scopes.name_scope(""):
                tokens = fill([num_tokens], self._global_step)
                return self._sync_token_queue.enqueue_many((tokens,))
        return control_flow.no_op(name="no_init_tokens")

    def make_session_run_hook(self, is_chief, num_tokens=-1) -> SessionRunHook:
        """A hook running the init ops (and, on the chief, the tokens op and queue runner) once the
        MonitoredSession's session exists."""
        return _SyncReplicasOptimizerHook(self, is_chief, num_tokens)


class _SyncReplicasOptimizerHook(SessionRunHook):
    def __init__(self, sync_optimizer, is_chief, num_tokens):
        self._sync_optimizer = sync_optimizer
        self._is_chief = is_chief
        self._num_tokens = num_tokens

    def begin(self):
        optimizer = self._sync_optimizer
        if optimizer._gradients_applied is False:
            raise ValueError("SyncReplicasOptimizer.apply_gradient should be called before using the hook.")
        self._ready_for_local_init_op = optimizer.ready_for_local_init_op
        if self._is_chief:
            self._local_init_op = optimizer.chief_init_op
            self._q_runner = optimizer.get_chief_queue_runner()
            self._init_tokens_op = optimizer.get_init_tokens_op(self._num_tokens)
        else:
            self._local_init_op = optimizer.local_step_init_op
            self._q_runner = None
            self._init_tokens_op = None

    def after_create_session(self, session, coord):
        ready, message = session_manager._ready(self._ready_for_local_init_op, session,
                                                "Model is not ready for SyncReplicasOptimizer local init.")
        if not ready:
            raise RuntimeError("Init operations did not make model ready for SyncReplicasOptimizer local_init. "
                               f"Init op: {self._local_init_op.name}, error: {message}")
        session.run(self._local_init_op)
        if self._init_tokens_op is not None:
            session.run(self._init_tokens_op)
        if self._q_runner is not None:
            self._q_runner.create_threads(session, coord=coord, daemon=True, start=True)


__all__ = ["SyncReplicasOptimizer"]
