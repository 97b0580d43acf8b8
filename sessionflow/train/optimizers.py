"""TF1's optimizers: the update rules, slots and hyper-parameter tensors as `tf.train` builds them."""

from __future__ import annotations

from ..framework.api import tf_export
from ..ops import control_flow, state, training
from ..ops.constant import constant, convert_to_tensor
from ..ops.array import ones
from .optimizer import Optimizer


def _tensor(value, name):
    return convert_to_tensor(value() if callable(value) else value, name=name)


@tf_export("train.GradientDescentOptimizer")
class GradientDescentOptimizer(Optimizer):
    """var -= learning_rate * grad."""

    def __init__(self, learning_rate, use_locking=False, name="GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate

    def _prepare(self):
        self._lr_t = _tensor(self._learning_rate, "learning_rate")

    def _apply_dense(self, grad, var):
        return training.ApplyGradientDescent(var._ref(), self._cast(self._lr_t, var), grad,
                                             use_locking=self._use_locking).op

    def _apply_sparse_duplicate_indices(self, grad, var):
        from ..ops.math import multiply

        rows = multiply(grad.values, self._cast(self._lr_t, var))
        return state.ScatterSub(var._ref(), grad.indices, rows, use_locking=self._use_locking).op


@tf_export("train.MomentumOptimizer")
class MomentumOptimizer(Optimizer):
    """accum = momentum * accum + grad; var -= learning_rate * accum (or the Nesterov form)."""

    def __init__(self, learning_rate, momentum, use_locking=False, name="Momentum", use_nesterov=False):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._momentum = momentum
        self._use_nesterov = use_nesterov

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "momentum", self._name)

    def _prepare(self):
        self._lr_t = _tensor(self._learning_rate, "learning_rate")
        self._momentum_t = _tensor(self._momentum, "momentum")

    def _apply_dense(self, grad, var):
        accum = self.get_slot(var, "momentum")
        return training.ApplyMomentum(var._ref(), accum._ref(), self._cast(self._lr_t, var), grad,
                                      self._cast(self._momentum_t, var), use_locking=self._use_locking,
                                      use_nesterov=self._use_nesterov).op

    def _apply_sparse(self, grad, var):
        accum = self.get_slot(var, "momentum")
        return training.SparseApplyMomentum(var._ref(), accum._ref(), self._cast(self._lr_t, var), grad.values,
                                            grad.indices, self._cast(self._momentum_t, var),
                                            use_locking=self._use_locking, use_nesterov=self._use_nesterov).op


@tf_export("train.AdamOptimizer")
class AdamOptimizer(Optimizer):
    """Adam (Kingma & Ba) with TF's slots `m`, `v` and non-slot `beta1_power`, `beta2_power`."""

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08, use_locking=False, name="Adam"):
        super().__init__(use_locking, name)
        self._lr, self._beta1, self._beta2, self._epsilon = learning_rate, beta1, beta2, epsilon

    def _get_beta_accumulators(self):
        return self._get_non_slot_variable("beta1_power"), self._get_non_slot_variable("beta2_power")

    def _create_slots(self, var_list):
        self._create_non_slot_variable(self._beta1, "beta1_power")
        self._create_non_slot_variable(self._beta2, "beta2_power")
        for v in var_list:
            self._zeros_slot(v, "m", self._name)
            self._zeros_slot(v, "v", self._name)

    def _prepare(self):
        self._lr_t = _tensor(self._lr, "learning_rate")
        self._beta1_t = _tensor(self._beta1, "beta1")
        self._beta2_t = _tensor(self._beta2, "beta2")
        self._epsilon_t = _tensor(self._epsilon, "epsilon")

    def _apply_dense(self, grad, var):
        beta1_power, beta2_power = self._get_beta_accumulators()
        m, v = self.get_slot(var, "m"), self.get_slot(var, "v")
        return training.ApplyAdam(
            var._ref(), m._ref(), v._ref(), self._cast(beta1_power, var), self._cast(beta2_power, var),
            self._cast(self._lr_t, var), self._cast(self._beta1_t, var), self._cast(self._beta2_t, var),
            self._cast(self._epsilon_t, var), grad, use_locking=self._use_locking).op

    def _finish(self, update_ops, name_scope):
        graph = update_ops[0].graph if update_ops else None
        from ..framework.graph import get_default_graph

        graph = graph or get_default_graph()
        with graph.control_dependencies(update_ops):
            beta1_power, beta2_power = self._get_beta_accumulators()
            update_beta1 = beta1_power.assign(beta1_power * self._beta1_t, use_locking=self._use_locking)
            update_beta2 = beta2_power.assign(beta2_power * self._beta2_t, use_locking=self._use_locking)
        return control_flow.group(*update_ops, update_beta1, update_beta2, name=name_scope)


@tf_export("train.AdagradOptimizer")
class AdagradOptimizer(Optimizer):
    """accum += grad^2; var -= learning_rate * grad / sqrt(accum)."""

    def __init__(self, learning_rate, initial_accumulator_value=0.1, use_locking=False, name="Adagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError(f"initial_accumulator_value must be positive: {initial_accumulator_value}")
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_accumulator_value = initial_accumulator_value

    def _create_slots(self, var_list):
        for v in var_list:
            dtype, shape = v.dtype.base_dtype, v.get_shape().as_list()
            self._get_or_make_slot(v, lambda d=dtype, s=shape: constant(self._initial_accumulator_value, dtype=d,
                                                                         shape=s),
                                   "accumulator", self._name)

    def _prepare(self):
        self._lr_t = _tensor(self._learning_rate, "learning_rate")

    def _apply_dense(self, grad, var):
        acc = self.get_slot(var, "accumulator")
        return training.ApplyAdagrad(var._ref(), acc._ref(), self._cast(self._lr_t, var), grad,
                                     use_locking=self._use_locking).op

    def _apply_sparse(self, grad, var):
        acc = self.get_slot(var, "accumulator")
        return training.SparseApplyAdagrad(var._ref(), acc._ref(), self._cast(self._lr_t, var), grad.values,
                                           grad.indices, use_locking=self._use_locking).op


@tf_export("train.AdadeltaOptimizer")
class AdadeltaOptimizer(Optimizer):
    """Adadelta (Zeiler): step sizes from running averages of squared gradients and updates."""

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-8, use_locking=False, name="Adadelta"):
        super().__init__(use_locking, name)
        self._lr, self._rho, self._epsilon = learning_rate, rho, epsilon

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "accum", self._name)
            self._zeros_slot(v, "accum_update", self._name)

    def _prepare(self):
        self._lr_t = _tensor(self._lr, "lr")
        self._rho_t = _tensor(self._rho, "rho")
        self._epsilon_t = _tensor(self._epsilon, "epsilon")

    def _apply_dense(self, grad, var):
        accum, accum_update = self.get_slot(var, "accum"), self.get_slot(var, "accum_update")
        return training.ApplyAdadelta(var._ref(), accum._ref(), accum_update._ref(), self._cast(self._lr_t, var),
                                      self._cast(self._rho_t, var), self._cast(self._epsilon_t, var), grad,
                                      use_locking=self._use_locking).op

    def _apply_sparse(self, grad, var):
        accum, accum_update = self.get_slot(var, "accum"), self.get_slot(var, "accum_update")
        return training.SparseApplyAdadelta(var._ref(), accum._ref(), accum_update._ref(),
                                            self._cast(self._lr_t, var), self._cast(self._rho_t, var),
                                            self._cast(self._epsilon_t, var), grad.values, grad.indices,
                                            use_locking=self._use_locking).op


@tf_export("train.RMSPropOptimizer")
class RMSPropOptimizer(Optimizer):
    """RMSProp with optional momentum and centering; the `rms` slot starts at ones, as in TF."""

    def __init__(self, learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10, use_locking=False, centered=False,
                 name="RMSProp"):
        super().__init__(use_locking, name)
        self._learning_rate, self._decay, self._momentum, self._epsilon = learning_rate, decay, momentum, epsilon
        self._centered = centered

    def _create_slots(self, var_list):
        for v in var_list:
            dtype, shape = v.dtype.base_dtype, v.get_shape().as_list()
            self._get_or_make_slot(v, lambda d=dtype, s=shape: ones(s, dtype=d), "rms", self._name)
            if self._centered:
                self._zeros_slot(v, "mg", self._name)
            self._zeros_slot(v, "momentum", self._name)

    def _prepare(self):
        self._lr_t = _tensor(self._learning_rate, "learning_rate")
        self._decay_t = _tensor(self._decay, "decay")
        self._momentum_t = _tensor(self._momentum, "momentum")
        self._epsilon_t = _tensor(self._epsilon, "epsilon")

    def _apply_dense(self, grad, var):
        rms, mom = self.get_slot(var, "rms"), self.get_slot(var, "momentum")
        hyper = [self._cast(t, var) for t in (self._lr_t, self._decay_t, self._momentum_t, self._epsilon_t)]
        if self._centered:
            mg = self.get_slot(var, "mg")
            return training.ApplyCenteredRMSProp(var._ref(), mg._ref(), rms._ref(), mom._ref(), *hyper, grad,
                                                 use_locking=self._use_locking).op
        return training.ApplyRMSProp(var._ref(), rms._ref(), mom._ref(), *hyper, grad,
                                     use_locking=self._use_locking).op

    def _apply_sparse(self, grad, var):
        rms, mom = self.get_slot(var, "rms"), self.get_slot(var, "momentum")
        hyper = [self._cast(t, var) for t in (self._lr_t, self._decay_t, self._momentum_t, self._epsilon_t)]
        if self._centered:
            mg = self.get_slot(var, "mg")
            return training.SparseApplyCenteredRMSProp(var._ref(), mg._ref(), rms._ref(), mom._ref(), *hyper,
                                                       grad.values, grad.indices, use_locking=self._use_locking).op
        return training.SparseApplyRMSProp(var._ref(), rms._ref(), mom._ref(), *hyper, grad.values, grad.indices,
                                           use_locking=self._use_locking).op


@tf_export("train.FtrlOptimizer")
class FtrlOptimizer(Optimizer):
    """FTRL-proximal (McMahan et al.) with L1/L2 and optional L2 shrinkage regularization."""

    def __init__(self, learning_rate, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0, use_locking=False, name="Ftrl",
                 accum_name=None, linear_name=None, l2_shrinkage_regularization_strength=0.0, beta=None):
        super().__init__(use_locking, name)
        if initial_accumulator_value < 0.0:
            raise ValueError(f"initial_accumulator_value {initial_accumulator_value} needs to be positive or zero")
        if learning_rate_power > 0.0:
            raise ValueError(f"learning_rate_power {learning_rate_power} needs to be negative or zero")
        if l1_regularization_strength < 0.0 or l2_regularization_strength < 0.0 or \
                l2_shrinkage_regularization_strength < 0.0:
            raise ValueError("regularization strengths need to be positive or zero")
        self._learning_rate, self._learning_rate_power = learning_rate, learning_rate_power
        self._initial_accumulator_value = initial_accumulator_value
        self._l1, self._l2, self._l2_shrinkage = (l1_regularization_strength, l2_regularization_strength,
                                                  l2_shrinkage_regularization_strength)
        self._beta = 0.0 if beta is None else beta
        self._accum_name, self._linear_name = accum_name, linear_name

    def _create_slots(self, var_list):
        for v in var_list:
            dtype, shape = v.dtype.base_dtype, v.get_shape().as_list()
            self._get_or_make_slot(v, lambda d=dtype, s=shape: constant(self._initial_accumulator_value, dtype=d,
                                                                         shape=s),
                                   "accum", self._accum_name or self._name)
            self._zeros_slot(v, "linear", self._linear_name or self._name)

    def _prepare(self):
        self._lr_t = _tensor(self._learning_rate, "learning_rate")
        self._l1_t = _tensor(self._l1, "l1_regularization_strength")
        adjusted_l2 = self._l2 + self._beta / (2.0 * self._learning_rate) if not callable(self._learning_rate) \
            else self._l2
        self._l2_t = _tensor(adjusted_l2, "adjusted_l2_regularization_strength")
        self._l2_shrinkage_t = _tensor(self._l2_shrinkage, "l2_shrinkage_regularization_strength")
        self._lr_power_t = _tensor(self._learning_rate_power, "learning_rate_power")

    def _apply_dense(self, grad, var):
        accum, linear = self.get_slot(var, "accum"), self.get_slot(var, "linear")
        hyper = [self._cast(t, var) for t in (self._lr_t, self._l1_t, self._l2_t, self._l2_shrinkage_t,
                                               self._lr_power_t)]
        return training.ApplyFtrlV2(var._ref(), accum._ref(), linear._ref(), grad, *hyper,
                                    use_locking=self._use_locking).op

    def _apply_sparse(self, grad, var):
        accum, linear = self.get_slot(var, "accum"), self.get_slot(var, "linear")
        hyper = [self._cast(t, var) for t in (self._lr_t, self._l1_t, self._l2_t, self._l2_shrinkage_t,
                                               self._lr_power_t)]
        return training.SparseApplyFtrlV2(var._ref(), accum._ref(), linear._ref(), grad.values, grad.indices,
                                          *hyper, use_locking=self._use_locking).op


@tf_export("train.ProximalGradientDescentOptimizer")
class ProximalGradientDescentOptimizer(Optimizer):
    """Gradient descent followed by the L1/L2 proximal step."""

    def __init__(self, learning_rate, l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 use_locking=False, name="ProximalGradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate, self._l1, self._l2 = learning_rate, l1_regularization_strength, l2_regularization_strength

    def _prepare(self):
        self._lr_t = _tensor(self._learning_rate, "learning_rate")
        self._l1_t = _tensor(self._l1, "l1_regularization_strength")
        self._l2_t = _tensor(self._l2, "l2_regularization_strength")

    def _apply_dense(self, grad, var):
        return training.ApplyProximalGradientDescent(var._ref(), self._cast(self._lr_t, var),
                                                     self._cast(self._l1_t, var), self._cast(self._l2_t, var), grad,
                                                     use_locking=self._use_locking).op

    def _apply_sparse(self, grad, var):
        return training.SparseApplyProximalGradientDescent(
            var._ref(), self._cast(self._lr_t, var), self._cast(self._l1_t, var), self._cast(self._l2_t, var),
            grad.values, grad.indices, use_locking=self._use_locking).op
