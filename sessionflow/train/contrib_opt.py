"""tf.contrib.opt (TF 1.x), served by sessionflow/compat/contrib.py: decoupled weight decay (Loshchilov & Hutter's
AdamW and MomentumW, and `extend_with_decoupled_weight_decay` for any optimizer) and LazyAdamOptimizer.

Decoupled weight decay runs `var -= weight_decay * var` before the wrapped optimizer's update of each variable (a
control dependency; for a sparse gradient only the gradient's rows decay), on every variable or, given
`decay_var_list` to minimize/apply_gradients, on those only. LazyAdam is Adam whose sparse updates touch only the
gradient's rows of m, v and the variable (dense gradients take Adam's own update). MovingAverageOptimizer keeps an
exponential moving average of the trained variables, and its swapping_saver saves each average under its variable's
name (and the variable under the average's). ScipyOptimizerInterface and ExternalOptimizerInterface are in
external_optimizer.py. The optimizers' other names (the elastic-average and model-average optimizers, ...) say
they are not provided.
"""

from __future__ import annotations

import sessionflow as tf

from .._namespaces import partial_module_getattr
from .external_optimizer import ExternalOptimizerInterface, ScipyOptimizerInterface  # noqa: F401
from .optimizer import Optimizer
from .optimizers import AdamOptimizer, MomentumOptimizer

_TF1_NAMES = (
    "AdaMaxOptimizer", "AddSignOptimizer", "AGNCustomGetter", "AGNOptimizer", "DropStaleGradientOptimizer",
    "ElasticAverageCustomGetter", "ElasticAverageOptimizer", "GGTOptimizer",
    "LARSOptimizer", "LazyAdamGSOptimizer", "ModelAverageCustomGetter",
    "ModelAverageOptimizer", "MultitaskOptimizerWrapper", "NadamOptimizer", "PowerSignOptimizer",
    "RegAdagradOptimizer", "ShampooOptimizer", "VariableClippingOptimizer",
    "AdamGSOptimizer", "clip_gradients_by_global_norm",
)


class DecoupledWeightDecayExtension:
    """Mixed in before an Optimizer class: each variable first decays by `weight_decay * var`, then takes the
    optimizer's update (the decay does not pass through the optimizer's moments)."""

    def __init__(self, weight_decay, **kwargs):
        self._decay_var_list = None
        self._weight_decay = weight_decay
        self._weight_decay_tensor = None
        super().__init__(**kwargs)

    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=Optimizer.GATE_OP,
                 aggregation_method=None, colocate_gradients_with_ops=False, name=None, grad_loss=None,
                 decay_var_list=None):
        self._decay_var_list = set(decay_var_list) if decay_var_list else False
        return super().minimize(loss, global_step=global_step, var_list=var_list, gate_gradients=gate_gradients,
                                aggregation_method=aggregation_method,
                                colocate_gradients_with_ops=colocate_gradients_with_ops, name=name,
                                grad_loss=grad_loss)

    def apply_gradients(self, grads_and_vars, global_step=None, name=None, decay_var_list=None):
        self._decay_var_list = set(decay_var_list) if decay_var_list else False
        return super().apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def _prepare(self):
        weight_decay = self._weight_decay() if callable(self._weight_decay) else self._weight_decay
        self._weight_decay_tensor = tf.convert_to_tensor(weight_decay, name="weight_decay")
        super()._prepare()

    def _decays(self, var):
        return not self._decay_var_list or var in self._decay_var_list

    def _decay_weights_op(self, var):
        if self._decays(var):
            return var.assign_sub(self._weight_decay * var, self._use_locking)
        return tf.no_op()

    def _decay_weights_sparse_op(self, var, indices, scatter_add):
        if self._decays(var):
            return scatter_add(var, indices, -self._weight_decay * tf.gather(var, indices), self._use_locking)
        return tf.no_op()

    def _apply_dense(self, grad, var):
        with tf.control_dependencies([self._decay_weights_op(var)]):
            return super()._apply_dense(grad, var)

    def _resource_apply_dense(self, grad, var):
        with tf.control_dependencies([self._decay_weights_op(var)]):
            return super()._resource_apply_dense(grad, var)

    def _apply_sparse(self, grad, var):
        decay = self._decay_weights_sparse_op(var, grad.indices, tf.scatter_add)
        with tf.control_dependencies([decay]):
            return super()._apply_sparse(grad, var)

    def _resource_apply_sparse(self, grad, var, indices):
        def scatter_add(x, i, v, use_locking):
            del use_locking
            return x.scatter_add(tf.IndexedSlices(v, i))

        decay = self._decay_weights_sparse_op(var, indices, scatter_add)
        with tf.control_dependencies([decay]):
            return super()._resource_apply_sparse(grad, var, indices)


def extend_with_decoupled_weight_decay(base_optimizer):
    """A subclass of `base_optimizer` whose constructor takes `weight_decay` first and decays each variable
    before the update."""

    class OptimizerWithDecoupledWeightDecay(DecoupledWeightDecayExtension, base_optimizer):
        def __init__(self, weight_decay, *args, **kwargs):
            super().__init__(weight_decay, *args, **kwargs)

    return OptimizerWithDecoupledWeightDecay


class MomentumWOptimizer(DecoupledWeightDecayExtension, MomentumOptimizer):
    """Momentum with decoupled weight decay."""

    def __init__(self, weight_decay, learning_rate, momentum, use_locking=False, name="MomentumW",
                 use_nesterov=False):
        super().__init__(weight_decay, learning_rate=learning_rate, momentum=momentum, use_locking=use_locking,
                         name=name, use_nesterov=use_nesterov)


class AdamWOptimizer(DecoupledWeightDecayExtension, AdamOptimizer):
    """Adam with decoupled weight decay (AdamW)."""

    def __init__(self, weight_decay, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8, use_locking=False,
                 name="AdamW"):
        super().__init__(weight_decay, learning_rate=learning_rate, beta1=beta1, beta2=beta2, epsilon=epsilon,
                         use_locking=use_locking, name=name)


class LazyAdamOptimizer(AdamOptimizer):
    """Adam whose sparse updates change only the gradient's rows of m, v and the variable."""

    def _lazy_update(self, values, var, indices, scatter_update, scatter_sub):
        beta1_power, beta2_power, lr_t, beta1_t, beta2_t, epsilon_t = self._hyper(var)
        lr = lr_t * tf.sqrt(1 - beta2_power) / (1 - beta1_power)
        m = self.get_slot(var, "m")
        m_t = scatter_update(m, indices, beta1_t * tf.gather(m, indices) + (1 - beta1_t) * values)
        v = self.get_slot(var, "v")
        v_t = scatter_update(v, indices, beta2_t * tf.gather(v, indices) + (1 - beta2_t) * tf.square(values))
        m_t_slice = tf.gather(m_t, indices)
        v_t_slice = tf.gather(v_t, indices)
        var_update = scatter_sub(var, indices, lr * m_t_slice / (tf.sqrt(v_t_slice) + epsilon_t))
        return tf.group(var_update, m_t, v_t)

    def _apply_sparse(self, grad, var):
        return self._lazy_update(
            grad.values, var, grad.indices,
            lambda x, i, v: tf.scatter_update(x, i, v, use_locking=self._use_locking),
            lambda x, i, v: tf.scatter_sub(x, i, v, use_locking=self._use_locking))

    def _resource_apply_sparse(self, grad, var, indices):
        def then_read(update):
            def scatter(x, i, v):
                with tf.control_dependencies([update(x, tf.IndexedSlices(v, i))]):
                    return x.read_value()

            return scatter

        return self._lazy_update(grad, var, indices, then_read(lambda x, s: x.scatter_update(s)),
                                 then_read(lambda x, s: x.scatter_sub(s)))


class MovingAverageOptimizer(Optimizer):
    """Wraps `opt`: each apply_gradients also updates an ExponentialMovingAverage of the trained variables (after
    the update with `sequential_update`); `swapping_saver()` writes the averages in place of the variables."""

    def __init__(self, opt, average_decay=0.9999, num_updates=None, sequential_update=True):
        from .moving_averages import ExponentialMovingAverage

        self._optimizer = opt
        self._ema = ExponentialMovingAverage(average_decay, num_updates=num_updates)
        self._swapped_variable_name_map = None
        self._sequential_update = sequential_update

    def compute_gradients(self, *args, **kwargs):
        return self._optimizer.compute_gradients(*args, **kwargs)

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        grads_and_vars = list(grads_and_vars)
        train_op = self._optimizer.apply_gradients(grads_and_vars, global_step=global_step, name=name)
        var_list = [v for g, v in grads_and_vars if g is not None]
        self._swapped_variable_name_map = {}
        if self._sequential_update:
            with tf.control_dependencies([train_op]):
                ma_op = self._ema.apply(var_list)
        else:
            ma_op = self._ema.apply(var_list)
        for v in var_list:
            v_avg = self._ema.average(v)
            self._swapped_variable_name_map[v.op.name] = v_avg.op.name
            self._swapped_variable_name_map[v_avg.op.name] = v.op.name
        return tf.group(train_op, ma_op, name="train_with_avg")

    def _find_swapped_variable(self, v_name_to_tensor, v_name, tensor):
        swapped = self._swapped_variable_name_map.get(v_name)
        if swapped is None:
            return tensor
        if swapped in v_name_to_tensor:
            return v_name_to_tensor[swapped]
        raise ValueError(f"Variable to swap {swapped} is not part of variables to save. This breaks "
                         f"MovingAverageOptimizer.")

    def swapping_saver(self, var_list=None, name="swapping_saver", **kwargs):
        """A Saver writing each variable's average under the variable's name and the variable under the
        average's."""
        if self._swapped_variable_name_map is None:
            raise RuntimeError("Must call apply_gradients or minimize before creating the swapping_saver()")
        if var_list is None:
            var_list = tf.global_variables()
        if not isinstance(var_list, dict):
            var_list = {v.op.name: v for v in var_list}
        v_name_to_tensor = {}
        for key, tensor_or_list in var_list.items():
            if isinstance(tensor_or_list, (list, tuple)):
                v_name_to_tensor.update((t.op.name, t) for t in tensor_or_list)
            else:
                v_name_to_tensor[key] = tensor_or_list
        swapped = {}
        for key, tensor_or_list in var_list.items():
            if isinstance(tensor_or_list, (list, tuple)):
                swapped[key] = [self._find_swapped_variable(v_name_to_tensor, t.op.name, t) for t in tensor_or_list]
            else:
                swapped[key] = self._find_swapped_variable(v_name_to_tensor, key, tensor_or_list)
        return tf.train.Saver(swapped, name=name, **kwargs)


__getattr__ = partial_module_getattr("contrib.opt", _TF1_NAMES)
