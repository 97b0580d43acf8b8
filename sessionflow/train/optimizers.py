"""TF1's optimizers: the update rules, slots and hyper-parameter tensors as `tf.train` builds them.

Each optimizer updates a reference variable with its `Apply*` / `SparseApply*` op and a resource
variable with the `ResourceApply*` / `ResourceSparseApply*` op of the same rule (ops/training.py),
choosing the ops TF's v1 optimizers choose (Ftrl: `ApplyFtrl` without L2 shrinkage, `ApplyFtrlV2`
with it; gradient descent and Adam write sparse rows with scatter ops).
"""

from __future__ import annotations

from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..ops import control_flow, state, training
from ..ops.array import ones
from ..ops.constant import convert_to_tensor
from ..ops.math import maximum, sqrt
from .optimizer import Optimizer, fresh_read


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

    def _resource_apply_dense(self, grad, handle):
        return training.ResourceApplyGradientDescent(handle._handle, self._cast(self._lr_t, handle), grad,
                                                     use_locking=self._use_locking)

    def _apply_sparse_duplicate_indices(self, grad, var):
        from ..ops.math import multiply

        rows = multiply(grad.values, self._cast(self._lr_t, var))
        return state.ScatterSub(var._ref(), grad.indices, rows, use_locking=self._use_locking).op

    def _resource_apply_sparse_duplicate_indices(self, grad, handle, indices):
        """TF's: ResourceScatterAdd of -grad * learning_rate (repeated rows add up, no deduplication)."""
        return state.ResourceScatterAdd(handle._handle, indices, -grad * self._cast(self._lr_t, handle))


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

    def _hyper(self, var):
        return self._cast(self._lr_t, var), self._cast(self._momentum_t, var)

    def _apply_dense(self, grad, var):
        lr, momentum = self._hyper(var)
        return training.ApplyMomentum(var._ref(), self.get_slot(var, "momentum")._ref(), lr, grad, momentum,
                                      use_locking=self._use_locking, use_nesterov=self._use_nesterov).op

    def _resource_apply_dense(self, grad, handle):
        lr, momentum = self._hyper(handle)
        return training.ResourceApplyMomentum(handle._handle, self.get_slot(handle, "momentum")._handle, lr, grad,
                                              momentum, use_locking=self._use_locking,
                                              use_nesterov=self._use_nesterov)

    def _apply_sparse(self, grad, var):
        lr, momentum = self._hyper(var)
        return training.SparseApplyMomentum(var._ref(), self.get_slot(var, "momentum")._ref(), lr, grad.values,
                                            grad.indices, momentum, use_locking=self._use_locking,
                                            use_nesterov=self._use_nesterov).op

    def _resource_apply_sparse(self, grad, handle, indices):
        lr, momentum = self._hyper(handle)
        return training.ResourceSparseApplyMomentum(handle._handle, self.get_slot(handle, "momentum")._handle, lr,
                                                    grad, indices, momentum, use_locking=self._use_locking,
                                                    use_nesterov=self._use_nesterov)


@tf_export("train.AdamOptimizer")
class AdamOptimizer(Optimizer):
    """Adam (Kingma & Ba) with TF's slots `m`, `v` and non-slot `beta1_power`, `beta2_power`."""

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08, use_locking=False, name="Adam"):
        super().__init__(use_locking, name)
        self._lr, self._beta1, self._beta2, self._epsilon = learning_rate, beta1, beta2, epsilon

    def _get_beta_accumulators(self):
        return self._get_non_slot_variable("beta1_power"), self._get_non_slot_variable("beta2_power")

    def _create_slots(self, var_list):
        first_var = min(var_list, key=lambda v: v.name)  # as TF: the powers are placed with it
        self._create_non_slot_variable(self._beta1, "beta1_power", colocate_with=first_var)
        self._create_non_slot_variable(self._beta2, "beta2_power", colocate_with=first_var)
        for v in var_list:
            self._zeros_slot(v, "m", self._name)
            self._zeros_slot(v, "v", self._name)

    def _prepare(self):
        self._lr_t = _tensor(self._lr, "learning_rate")
        self._beta1_t = _tensor(self._beta1, "beta1")
        self._beta2_t = _tensor(self._beta2, "beta2")
        self._epsilon_t = _tensor(self._epsilon, "epsilon")

    def _hyper(self, var):
        beta1_power, beta2_power = self._get_beta_accumulators()
        return [self._cast(t, var) for t in (beta1_power, beta2_power, self._lr_t, self._beta1_t, self._beta2_t,
                                             self._epsilon_t)]

    def _apply_dense(self, grad, var):
        m, v = self.get_slot(var, "m"), self.get_slot(var, "v")
        return training.ApplyAdam(var._ref(), m._ref(), v._ref(), *self._hyper(var), grad,
                                  use_locking=self._use_locking).op

    def _resource_apply_dense(self, grad, handle):
        m, v = self.get_slot(handle, "m"), self.get_slot(handle, "v")
        return training.ResourceApplyAdam(handle._handle, m._handle, v._handle, *self._hyper(handle), grad,
                                          use_locking=self._use_locking)

    def _apply_sparse_shared(self, grad, var, indices, scatter_add):
        """TF's sparse Adam: every row of m and v decays, the gradient rows are scattered in, and the
        whole variable takes the step."""
        from ..variables import assign, assign_sub

        beta1_power, beta2_power, lr_t, beta1_t, beta2_t, epsilon_t = self._hyper(var)
        lr = lr_t * sqrt(1 - beta2_power) / (1 - beta1_power)
        m = self.get_slot(var, "m")
        m_scaled_g_values = grad * (1 - beta1_t)
        m_t = assign(m, fresh_read(m) * beta1_t, use_locking=self._use_locking)
        with get_default_graph().control_dependencies([m_t]):
            m_t = scatter_add(m, indices, m_scaled_g_values)
        v = self.get_slot(var, "v")
        v_scaled_g_values = (grad * grad) * (1 - beta2_t)
        v_t = assign(v, fresh_read(v) * beta2_t, use_locking=self._use_locking)
        with get_default_graph().control_dependencies([v_t]):
            v_t = scatter_add(v, indices, v_scaled_g_values)
        var_update = assign_sub(var, lr * m_t / (sqrt(v_t) + epsilon_t), use_locking=self._use_locking)
        return control_flow.group(var_update, m_t, v_t)

    def _apply_sparse(self, grad, var):
        from ..variables import scatter_add

        return self._apply_sparse_shared(grad.values, var, grad.indices,
                                         lambda x, i, v: scatter_add(x, i, v, use_locking=self._use_locking))

    def _resource_apply_sparse(self, grad, handle, indices):
        def scatter_add(x, i, v):
            with get_default_graph().control_dependencies([state.ResourceScatterAdd(x._handle, i, v)]):
                return x.read_value()

        return self._apply_sparse_shared(grad, handle, indices, scatter_add)

    def _finish(self, update_ops, name_scope):
        beta1_power = self._get_beta_accumulators()[0]
        with get_default_graph().control_dependencies(update_ops), get_default_graph().colocate_with(beta1_power):
            updates = [p.assign(fresh_read(p) * beta, use_locking=self._use_locking, read_value=p._handle is None)
                       for p, beta in zip(self._get_beta_accumulators(), (self._beta1_t, self._beta2_t))]
        return control_flow.group(*update_ops, *updates, name=name_scope)


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
            self._constant_slot(v, self._initial_accumulator_value, "accumulator", self._name)

    def _prepare(self):
        self._lr_t = _tensor(self._learning_rate, "learning_rate")

    def _apply_dense(self, grad, var):
        acc = self.get_slot(var, "accumulator")
        return training.ApplyAdagrad(var._ref(), acc._ref(), self._cast(self._lr_t, var), grad,
                                     use_locking=self._use_locking).op

    def _resource_apply_dense(self, grad, handle):
        acc = self.get_slot(handle, "accumulator")
        return training.ResourceApplyAdagrad(handle._handle, acc._handle, self._cast(self._lr_t, handle), grad,
                                             use_locking=self._use_locking)

    def _apply_sparse(self, grad, var):
        acc = self.get_slot(var, "accumulator")
        return training.SparseApplyAdagrad(var._ref(), acc._ref(), self._cast(self._lr_t, var), grad.values,
                                           grad.indices, use_locking=self._use_locking).op

    def _resource_apply_sparse(self, grad, handle, indices):
        acc = self.get_slot(handle, "accumulator")
        return training.ResourceSparseApplyAdagrad(handle._handle, acc._handle, self._cast(self._lr_t, handle),
                                                   grad, indices, use_locking=self._use_locking)


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

    def _hyper(self, var):
        return [self._cast(t, var) for t in (self._lr_t, self._rho_t, self._epsilon_t)]

    def _slots_of(self, var, attr):
        return [getattr(self.get_slot(var, name), attr) for name in ("accum", "accum_update")]

    def _apply_dense(self, grad, var):
        return training.ApplyAdadelta(var._ref(), *[s() for s in self._slots_of(var, "_ref")], *self._hyper(var),
                                      grad, use_locking=self._use_locking).op

    def _resource_apply_dense(self, grad, handle):
        return training.ResourceApplyAdadelta(handle._handle, *self._slots_of(handle, "_handle"),
                                              *self._hyper(handle), grad, use_locking=self._use_locking)

    def _apply_sparse(self, grad, var):
        return training.SparseApplyAdadelta(var._ref(), *[s() for s in self._slots_of(var, "_ref")],
                                            *self._hyper(var), grad.values, grad.indices,
                                            use_locking=self._use_locking).op

    def _resource_apply_sparse(self, grad, handle, indices):
        return training.ResourceSparseApplyAdadelta(handle._handle, *self._slots_of(handle, "_handle"),
                                                    *self._hyper(handle), grad, indices,
                                                    use_locking=self._use_locking)


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

    def _update(self, var, grad, indices, resource):
        """The RMSProp or centered-RMSProp op for `var` (`indices`: sparse rows, or None)."""
        names = ("mg", "rms", "momentum") if self._centered else ("rms", "momentum")
        slots = [self.get_slot(var, n)._handle if resource else self.get_slot(var, n)._ref() for n in names]
        hyper = [self._cast(t, var) for t in (self._lr_t, self._decay_t, self._momentum_t, self._epsilon_t)]
        rule = "CenteredRMSProp" if self._centered else "RMSProp"
        opdef = getattr(training, ("Resource" if resource else "") + ("SparseApply" if indices is not None
                                                                       else "Apply") + rule)
        target = var._handle if resource else var._ref()
        sparse = () if indices is None else (indices,)
        return opdef(target, *slots, *hyper, grad, *sparse, use_locking=self._use_locking)

    def _apply_dense(self, grad, var):
        return self._update(var, grad, None, False).op

    def _resource_apply_dense(self, grad, handle):
        return self._update(handle, grad, None, True)

    def _apply_sparse(self, grad, var):
        return self._update(var, grad.values, grad.indices, False).op

    def _resource_apply_sparse(self, grad, handle, indices):
        return self._update(handle, grad, indices, True)


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
            self._constant_slot(v, self._initial_accumulator_value, "accum", self._accum_name or self._name)
            self._zeros_slot(v, "linear", self._linear_name or self._name)

    def _prepare(self):
        self._lr_t = _tensor(self._learning_rate, "learning_rate")
        self._l1_t = _tensor(self._l1, "l1_regularization_strength")
        if callable(self._learning_rate):
            self._l2_t = _tensor(self._l2, "adjusted_l2_regularization_strength")
        else:  # TF adds beta / (2 * learning_rate) to l2 in the graph, so the ops need no beta
            self._l2_t = self._l2 + self._beta / (2.0 * maximum(self._learning_rate, 1e-36))
        self._beta_t = _tensor(self._beta, "beta")
        self._l2_shrinkage_t = _tensor(self._l2_shrinkage, "l2_shrinkage_regularization_strength")
        self._lr_power_t = _tensor(self._learning_rate_power, "learning_rate_power")

    def _update(self, var, grad, indices, resource):
        """ApplyFtrl without L2 shrinkage, ApplyFtrlV2 with it, as TF chooses (sparse and resource forms
        alike; `indices`: sparse rows, or None)."""
        shrinkage = self._l2_shrinkage > 0.0
        hyper = [self._cast(t, var) for t in (self._lr_t, self._l1_t, self._l2_t) +
                 ((self._l2_shrinkage_t,) if shrinkage else ()) + (self._lr_power_t,)]
        opdef = getattr(training, ("Resource" if resource else "") + ("SparseApply" if indices is not None
                                                                       else "Apply") + ("FtrlV2" if shrinkage
                                                                                        else "Ftrl"))
        accum, linear = self.get_slot(var, "accum"), self.get_slot(var, "linear")
        if resource:
            target, slots = var._handle, (accum._handle, linear._handle)
        else:
            target, slots = var._ref(), (accum._ref(), linear._ref())
        sparse = () if indices is None else (indices,)
        return opdef(target, *slots, grad, *sparse, *hyper, use_locking=self._use_locking)

    def _apply_dense(self, grad, var):
        return self._update(var, grad, None, False).op

    def _resource_apply_dense(self, grad, handle):
        return self._update(handle, grad, None, True)

    def _apply_sparse(self, grad, var):
        return self._update(var, grad.values, grad.indices, False).op

    def _resource_apply_sparse(self, grad, handle, indices):
        return self._update(handle, grad, indices, True)


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

    def _hyper(self, var):
        return [self._cast(t, var) for t in (self._lr_t, self._l1_t, self._l2_t)]

    def _apply_dense(self, grad, var):
        return training.ApplyProximalGradientDescent(var._ref(), *self._hyper(var), grad,
                                                     use_locking=self._use_locking).op

    def _resource_apply_dense(self, grad, handle):
        return training.ResourceApplyProximalGradientDescent(handle._handle, *self._hyper(handle), grad,
                                                             use_locking=self._use_locking)

    def _apply_sparse(self, grad, var):
        return training.SparseApplyProximalGradientDescent(var._ref(), *self._hyper(var), grad.values,
                                                           grad.indices, use_locking=self._use_locking).op

    def _resource_apply_sparse(self, grad, handle, indices):
        return training.ResourceSparseApplyProximalGradientDescent(handle._handle, *self._hyper(handle), grad,
                                                                   indices, use_locking=self._use_locking)


@tf_export("train.ProximalAdagradOptimizer")
class ProximalAdagradOptimizer(Optimizer):
    """Adagrad followed by the L1/L2 proximal step (ApplyProximalAdagrad)."""

    def __init__(self, learning_rate, initial_accumulator_value=0.1, l1_regularization_strength=0.0,
                 l2_regularization_strength=0.0, use_locking=False, name="ProximalAdagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError(f"initial_accumulator_value must be positive: {initial_accumulator_value}")
        super().__init__(use_locking, name)
        self._learning_rate, self._l1, self._l2 = learning_rate, l1_regularization_strength, l2_regularization_strength
        self._initial_accumulator_value = initial_accumulator_value

    def _create_slots(self, var_list):
        for v in var_list:
            self._constant_slot(v, self._initial_accumulator_value, "accumulator", self._name)

    def _prepare(self):
        self._lr_t = _tensor(self._learning_rate, "learning_rate")
        self._l1_t = _tensor(self._l1, "l1_regularization_strength")
        self._l2_t = _tensor(self._l2, "l2_regularization_strength")

    def _hyper(self, var):
        return [self._cast(t, var) for t in (self._lr_t, self._l1_t, self._l2_t)]

    def _apply_dense(self, grad, var):
        acc = self.get_slot(var, "accumulator")
        return training.ApplyProximalAdagrad(var._ref(), acc._ref(), *self._hyper(var), grad,
                                             use_locking=self._use_locking).op

    def _resource_apply_dense(self, grad, handle):
        acc = self.get_slot(handle, "accumulator")
        return training.ResourceApplyProximalAdagrad(handle._handle, acc._handle, *self._hyper(handle), grad,
                                                     use_locking=self._use_locking)

    def _apply_sparse(self, grad, var):
        acc = self.get_slot(var, "accumulator")
        return training.SparseApplyProximalAdagrad(var._ref(), acc._ref(), *self._hyper(var), grad.values,
                                                   grad.indices, use_locking=self._use_locking).op

    def _resource_apply_sparse(self, grad, handle, indices):
        acc = self.get_slot(handle, "accumulator")
        return training.ResourceSparseApplyProximalAdagrad(handle._handle, acc._handle, *self._hyper(handle), grad,
                                                           indices, use_locking=self._use_locking)


@tf_export("train.AdagradDAOptimizer")
class AdagradDAOptimizer(Optimizer):
    """Adagrad dual averaging (ApplyAdagradDA): needs the int64 global step, which minimize() must advance."""

    def __init__(self, learning_rate, global_step, initial_gradient_squared_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0, use_locking=False, name="AdagradDA"):
        if initial_gradient_squared_accumulator_value <= 0.0:
            raise ValueError("initial_gradient_squared_accumulator_value must be positive: "
                             f"{initial_gradient_squared_accumulator_value}")
        super().__init__(use_locking, name)
        self._learning_rate, self._l1, self._l2 = learning_rate, l1_regularization_strength, l2_regularization_strength
        self._initial_gradient_squared_accumulator_value = initial_gradient_squared_accumulator_value
        self._global_step = global_step
        self._global_step_on_worker = None

    def _create_slots(self, var_list):
        for v in var_list:
            self._constant_slot(v, 0.0, "gradient_accumulator", self._name)
            self._constant_slot(v, self._initial_gradient_squared_accumulator_value, "gradient_squared_accumulator",
                                self._name)

    def _prepare(self):
        from ..ops.array import identity

        self._lr_t = _tensor(self._learning_rate, "learning_rate")
        self._global_step_on_worker = identity(self._global_step) + 1

    def _args(self, var):
        from ..ops.array import identity

        g_acc = self.get_slot(var, "gradient_accumulator")
        gg_acc = self.get_slot(var, "gradient_squared_accumulator")
        hyper = [self._cast(self._lr_t, var), self._cast(self._l1, var), self._cast(self._l2, var)]
        return g_acc, gg_acc, hyper, identity(self._global_step_on_worker)

    def _apply_dense(self, grad, var):
        g_acc, gg_acc, hyper, step = self._args(var)
        return training.ApplyAdagradDA(var._ref(), g_acc._ref(), gg_acc._ref(), grad, *hyper, step,
                                       use_locking=self._use_locking).op

    def _resource_apply_dense(self, grad, handle):
        g_acc, gg_acc, hyper, step = self._args(handle)
        return training.ResourceApplyAdagradDA(handle._handle, g_acc._handle, gg_acc._handle, grad, *hyper, step,
                                               use_locking=self._use_locking)

    def _apply_sparse(self, grad, var):
        g_acc, gg_acc, hyper, step = self._args(var)
        return training.SparseApplyAdagradDA(var._ref(), g_acc._ref(), gg_acc._ref(), grad.values, grad.indices,
                                             *hyper, step, use_locking=self._use_locking).op

    def _resource_apply_sparse(self, grad, handle, indices):
        g_acc, gg_acc, hyper, step = self._args(handle)
        return training.ResourceSparseApplyAdagradDA(handle._handle, g_acc._handle, gg_acc._handle, grad, indices,
                                                     *hyper, step, use_locking=self._use_locking)
