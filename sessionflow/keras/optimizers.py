"""tf.keras.optimizers as tf_keras builds them in TF1 graph mode: the legacy (v2-style) SGD, Adam and RMSprop.

Their hyper-parameters are variables (`learning_rate`, `decay`, `beta_1`, ... made in the scope the first
update is built in, e.g. `training/Adam/learning_rate`), the step count is the int64 variable `iter`, and
the slots are named after their variable (`training/Adam/dense/kernel/m`). Weights are made in tf_keras's
order: `iter`, the hyper-parameters sorted by name, then each slot kind for every variable in turn.
A tf.train optimizer given to compile is wrapped in TFOptimizer (its step count `TFOptimizer/iterations`).
"""

from __future__ import annotations

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..layers.base import op
from ..ops import training as training_ops


def _variable(initial, name, dtype):
    from ..variables import Variable

    return Variable(initial, name=name, trainable=False, dtype=dtype, use_resource=True)


@tf_export("keras.optimizers.Optimizer", "keras.optimizers.legacy.Optimizer")
class Optimizer:
    """The legacy Keras optimizer: hyper-parameter variables, slots per variable, one update per call of
    `apply_gradients`, which also counts `iterations` up by one."""

    _HYPER_ALIASES = {"lr": "learning_rate"}

    def __init__(self, name, **kwargs):
        for alias, real in self._HYPER_ALIASES.items():
            if alias in kwargs:
                kwargs[real] = kwargs.pop(alias)
        allowed = {"clipnorm", "clipvalue", "global_clipnorm", "decay", "learning_rate"}
        unknown = set(kwargs) - allowed
        if unknown:
            raise TypeError(f"Unexpected keyword argument passed to optimizer: {sorted(unknown)[0]}. Allowed kwargs "
                            f"are {sorted(allowed)}.")
        if kwargs.get("decay", 0) < 0:
            raise ValueError(f"decay cannot be less than 0. Received: decay={kwargs['decay']}.")
        self._name = name
        self._hyper: dict = {}
        self._slots: dict = {}
        self._slot_names: list = []
        self._weights: list = []
        self._iterations = None
        self._hypers_created = False
        self._initial_decay = kwargs.pop("decay", 0.0)
        self._set_hyper("decay", self._initial_decay)
        self.clipnorm = kwargs.pop("clipnorm", None)
        self.clipvalue = kwargs.pop("clipvalue", None)
        self.global_clipnorm = kwargs.pop("global_clipnorm", None)

    # --- hyper-parameters and weights -----------------------------------------------------------
    def _set_hyper(self, name, value):
        if self._hypers_created and name in self._hyper and not isinstance(value, (int, float)):
            self._hyper[name] = value
        elif self._hypers_created and name in self._hyper:
            from . import backend_functions as K

            K.set_value(self._hyper[name], value)
        else:
            self._hyper[name] = value

    def _get_hyper(self, name, dtype=None):
        if not self._hypers_created:
            self._create_hypers()
        value = self._hyper[name]
        if callable(value) and not hasattr(value, "read_value"):
            value = value()
        if dtype is not None:
            return op("cast")(value, dtype)
        return value

    def __getattr__(self, name):
        real = self._HYPER_ALIASES.get(name, name)  # `optimizer.lr` is `optimizer.learning_rate`
        if name.startswith("_") or real not in self.__dict__.get("_hyper", {}):
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
        return self._get_hyper(real)

    def __setattr__(self, name, value):
        name = self._HYPER_ALIASES.get(name, name)
        if "_hyper" in self.__dict__ and name in self._hyper:
            self._set_hyper(name, value)
        else:
            super().__setattr__(name, value)

    def _create_hypers(self):
        self._hypers_created = True
        for name, value in sorted(self._hyper.items()):
            if hasattr(value, "read_value") or callable(value):
                continue
            variable = _variable(float(value), name, dtypes.float32)
            self._hyper[name] = variable  # (not among `weights`: tf_keras keeps iter and the slots there)

    @property
    def iterations(self):
        if self._iterations is None:
            self._iterations = _variable(lambda: op("zeros")([], dtype=dtypes.int64), "iter", dtypes.int64)
            self._weights.append(self._iterations)
        return self._iterations

    def _create_all_weights(self, var_list):
        _ = self.iterations
        if not self._hypers_created:
            self._create_hypers()
        self._create_slots(var_list)

    def add_slot(self, var, slot_name, initializer="zeros"):
        slots = self._slots.setdefault(_key(var), {})
        if slot_name not in slots:
            if slot_name not in self._slot_names:
                self._slot_names.append(slot_name)
            shape = var.shape.as_list()
            dtype = var.dtype.base_dtype
            slot = _variable(lambda: op("zeros")(shape, dtype=dtype), f"{var.op.name}/{slot_name}", dtype)
            slots[slot_name] = slot
            self._weights.append(slot)
        return slots[slot_name]

    def get_slot(self, var, slot_name):
        return self._slots[_key(var)][slot_name]

    def get_slot_names(self):
        return list(self._slot_names)

    def _create_slots(self, var_list):
        pass

    @property
    def weights(self):
        return list(self._weights)

    def variables(self):
        return list(self._weights)

    def get_weights(self):
        from . import backend_functions as K

        return K.batch_get_value(self._weights)

    def set_weights(self, weights):
        """Sets `iter` and the slots (in the order they were made), as tf_keras's legacy optimizers do."""
        from .model_files import set_optimizer_weights

        set_optimizer_weights(self, weights, self._name)

    # --- updates --------------------------------------------------------------------------------
    def _decayed_lr(self, dtype):
        lr = self._get_hyper("learning_rate", dtype)
        if self._initial_decay > 0.0:
            step = op("cast")(self.iterations, dtype)
            lr = lr / (1.0 + self._get_hyper("decay", dtype) * step)
        return lr

    def get_gradients(self, loss, params):
        grads = op("gradients")(loss, params)
        if any(g is None for g in grads):
            raise ValueError(f"Variable {[p for p, g in zip(params, grads) if g is None][0]} has `None` for "
                             "gradient. Please make sure that all of your ops have a gradient defined (i.e. are "
                             "differentiable). Common ops without gradient: K.argmax, K.round, K.eval.")
        return self._clip(grads)

    def _clip(self, grads):
        if self.clipnorm is not None:
            grads = [op("clip_by_norm")(g, self.clipnorm) for g in grads]
        if self.clipvalue is not None:
            grads = [op("clip_by_value")(g, -self.clipvalue, self.clipvalue) for g in grads]
        if self.global_clipnorm is not None:
            grads, _ = op("clip_by_global_norm")(grads, self.global_clipnorm)
        return grads

    def get_updates(self, loss, params):
        grads = self.get_gradients(loss, params)
        return [self.apply_gradients(list(zip(grads, params)))]

    def minimize(self, loss, var_list, grad_loss=None, name=None):
        if callable(loss):
            loss = loss()
        var_list = var_list() if callable(var_list) else var_list
        return self.apply_gradients(list(zip(self.get_gradients(loss, var_list), var_list)), name=name)

    def apply_gradients(self, grads_and_vars, name=None):
        pairs = [(g, v) for g, v in grads_and_vars if g is not None]
        if not pairs:
            raise ValueError(f"No gradients provided for any variable: {[v.name for _, v in grads_and_vars]}.")
        graph = get_default_graph()
        self._create_all_weights([v for _, v in pairs])
        with graph.name_scope(name or self._name):
            updates = []
            for grad, var in pairs:
                with graph.name_scope("update_" + var.op.name):
                    updates.append(self._resource_apply_dense(grad, var))
            with graph.control_dependencies(updates):
                return self.iterations.assign_add(1).op

    def _resource_apply_dense(self, grad, var):
        raise NotImplementedError("Must be implemented in subclasses.")

    _CONFIG = ()  # the config's fields after name and learning_rate/decay, tf_keras's order

    def _serialize_hyper(self, name):
        value = self._hyper[name]
        if hasattr(value, "read_value"):
            from . import backend_functions as K

            return K.get_value(value).item()
        if callable(value):
            return value()
        return value

    def get_config(self):
        """tf_keras's config: name, the clipping arguments given, learning_rate (its variable's float32 value
        once made), decay, the optimizer's own hyper-parameters and options."""
        config = {"name": self._name}
        for key in ("clipnorm", "clipvalue", "global_clipnorm"):
            if getattr(self, key) is not None:
                config[key] = getattr(self, key)
        config["learning_rate"] = self._serialize_hyper("learning_rate")
        config["decay"] = self._initial_decay
        for key in self._CONFIG:
            config[key] = self._serialize_hyper(key) if key in self._hyper else getattr(self, key)
        return config


def _key(var):
    return id(var)


def _handle(var):
    return var._handle


@tf_export("keras.optimizers.SGD", "keras.optimizers.legacy.SGD")
class SGD(Optimizer):
    """var -= learning_rate * grad, or Keras's momentum (accum = momentum * accum - lr * grad; var += accum)."""

    _CONFIG = ("momentum", "nesterov")

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, name="SGD", **kwargs):
        super().__init__(name, **kwargs)
        self._set_hyper("learning_rate", kwargs.get("lr", learning_rate))
        if isinstance(momentum, (int, float)) and not 0 <= momentum <= 1:
            raise ValueError(f"`momentum` must be between [0, 1]. Received: momentum={momentum} (of type "
                             f"{type(momentum)}).")
        self._momentum = not isinstance(momentum, (int, float)) or momentum > 0
        self._set_hyper("momentum", momentum)
        self.nesterov = nesterov

    def _create_slots(self, var_list):
        if self._momentum:
            for var in var_list:
                self.add_slot(var, "momentum")

    def _resource_apply_dense(self, grad, var):
        dtype = var.dtype.base_dtype
        lr = self._decayed_lr(dtype)
        if self._momentum:
            accum = self.get_slot(var, "momentum")
            return training_ops.ResourceApplyKerasMomentum(
                _handle(var), _handle(accum), lr, grad, self._get_hyper("momentum", dtype),
                use_locking=False, use_nesterov=self.nesterov)
        return training_ops.ResourceApplyGradientDescent(_handle(var), lr, grad, use_locking=False)


@tf_export("keras.optimizers.Adam", "keras.optimizers.legacy.Adam")
class Adam(Optimizer):
    """Adam, its bias correction from the step count (beta ** (iterations + 1)), epsilon 1e-7 by default."""

    _CONFIG = ("beta_1", "beta_2", "epsilon", "amsgrad")

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False, name="Adam",
                 **kwargs):
        super().__init__(name, **kwargs)
        if amsgrad:
            raise NotImplementedError("tf.keras.optimizers.Adam(amsgrad=True) is not provided yet")
        self._set_hyper("learning_rate", kwargs.get("lr", learning_rate))
        self._set_hyper("beta_1", beta_1)
        self._set_hyper("beta_2", beta_2)
        self.epsilon = epsilon or 1e-7
        self.amsgrad = amsgrad

    def _create_slots(self, var_list):
        for var in var_list:
            self.add_slot(var, "m")
        for var in var_list:
            self.add_slot(var, "v")

    def _resource_apply_dense(self, grad, var):
        dtype = var.dtype.base_dtype
        lr = self._decayed_lr(dtype)
        step = op("cast")(self.iterations + 1, dtype)
        beta_1 = op("identity")(self._get_hyper("beta_1", dtype))
        beta_2 = op("identity")(self._get_hyper("beta_2", dtype))
        beta_1_power, beta_2_power = op("pow")(beta_1, step), op("pow")(beta_2, step)
        epsilon = op("convert_to_tensor")(self.epsilon, dtype=dtype)
        return training_ops.ResourceApplyAdam(
            _handle(var), _handle(self.get_slot(var, "m")), _handle(self.get_slot(var, "v")), beta_1_power,
            beta_2_power, lr, beta_1, beta_2, epsilon, grad, use_locking=False)


@tf_export("keras.optimizers.RMSprop", "keras.optimizers.legacy.RMSprop")
class RMSprop(Optimizer):
    """rms = rho * rms + (1 - rho) * grad^2 (from zeros); var -= lr * grad / (sqrt(rms) + epsilon); with
    momentum or centered, TF's RMSProp kernels."""

    _CONFIG = ("rho", "momentum", "epsilon", "centered")

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False, name="RMSprop",
                 **kwargs):
        super().__init__(name, **kwargs)
        self._set_hyper("learning_rate", kwargs.get("lr", learning_rate))
        self._set_hyper("decay", self._initial_decay)
        self._set_hyper("rho", rho)
        self._momentum = not isinstance(momentum, (int, float)) or momentum > 0
        if isinstance(momentum, (int, float)) and (momentum < 0 or momentum > 1):
            raise ValueError(f"`momentum` must be between [0, 1]. Received: momentum={momentum} (of type "
                             f"{type(momentum)}).")
        self._set_hyper("momentum", momentum)
        self.epsilon = epsilon or 1e-7
        self.centered = centered

    def _create_slots(self, var_list):
        for var in var_list:
            self.add_slot(var, "rms")
        if self._momentum:
            for var in var_list:
                self.add_slot(var, "momentum")
        if self.centered:
            for var in var_list:
                self.add_slot(var, "mg")

    def _resource_apply_dense(self, grad, var):
        from ..variables import assign

        dtype = var.dtype.base_dtype
        lr = self._decayed_lr(dtype)
        rho = op("identity")(self._get_hyper("rho", dtype))
        momentum = op("identity")(self._get_hyper("momentum", dtype))
        epsilon = op("convert_to_tensor")(self.epsilon, dtype=dtype)
        rms = self.get_slot(var, "rms")
        if self._momentum:
            mom = self.get_slot(var, "momentum")
            if self.centered:
                return training_ops.ResourceApplyCenteredRMSProp(
                    _handle(var), _handle(self.get_slot(var, "mg")), _handle(rms), _handle(mom), lr, rho, momentum,
                    epsilon, grad, use_locking=False)
            return training_ops.ResourceApplyRMSProp(_handle(var), _handle(rms), _handle(mom), lr, rho, momentum,
                                                     epsilon, grad, use_locking=False)
        rms_t = rho * rms + (1.0 - rho) * op("square")(grad)
        rms_t = assign(rms, rms_t)
        denominator = rms_t
        if self.centered:
            mg = self.get_slot(var, "mg")
            mg_t = assign(mg, rho * mg + (1.0 - rho) * grad)
            denominator = rms_t - op("square")(mg_t)
        return assign(var, var - lr * grad / (op("sqrt")(denominator) + epsilon)).op


class TFOptimizer(Optimizer):
    """A tf.train optimizer given to compile: its compute_gradients / apply_gradients, counting the steps in
    `TFOptimizer/iterations`."""

    def __init__(self, optimizer, iterations=None):
        self.__dict__["optimizer"] = optimizer
        self.__dict__["_name"] = "TFOptimizer"
        self.__dict__["_hyper"] = {}
        if iterations is None:
            with get_default_graph().name_scope("TFOptimizer"):
                iterations = _variable(lambda: op("zeros")([], dtype=dtypes.int64), "iterations", dtypes.int64)
        self.__dict__["_iterations"] = iterations

    @property
    def iterations(self):
        return self._iterations

    def get_updates(self, loss, params):
        grads = self.optimizer.compute_gradients(loss, params)
        return [self.optimizer.apply_gradients(grads, global_step=self.iterations)]

    def apply_gradients(self, grads_and_vars, name=None):
        return self.optimizer.apply_gradients(grads_and_vars, global_step=self.iterations)

    @property
    def weights(self):
        raise NotImplementedError

    def get_config(self):
        raise NotImplementedError


_BY_NAME = {"sgd": SGD, "adam": Adam, "rmsprop": RMSprop}


@tf_export("keras.optimizers.get")
def get(identifier):
    """A Keras optimizer from a name ('sgd', 'adam', 'rmsprop' with their defaults), a Keras optimizer, or a
    tf.train optimizer (wrapped in TFOptimizer)."""
    from ..train.optimizer import Optimizer as TrainOptimizer

    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, TrainOptimizer):
        return TFOptimizer(identifier)
    if isinstance(identifier, str):
        cls = _BY_NAME.get(identifier.lower())
        if cls is None:
            raise ValueError(f"Unknown optimizer: '{identifier}'. Please ensure you are using a "
                             "`keras.utils.custom_object_scope` and that this object is included in the scope.")
        return cls()
    if isinstance(identifier, dict):
        cls = _BY_NAME.get(str(identifier.get("class_name", "")).lower())
        if cls is None:
            raise ValueError(f"Unknown optimizer: '{identifier.get('class_name')}'.")
        return cls(**identifier.get("config", {}))
    raise ValueError(f"Could not interpret optimizer identifier: {identifier}")
