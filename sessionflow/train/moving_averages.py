"""`tf.train.ExponentialMovingAverage` and `assign_moving_average`, with TF's names and update rule."""

from __future__ import annotations

from .. import variable_scope
from ..framework import dtypes, scopes
from ..framework.api import tf_export
from ..framework.graph import GraphKeys, Tensor, get_default_graph
from ..ops import control_flow
from ..ops import math as math_ops
from ..ops.constant import convert_to_tensor
from ..variables import Variable, assign, assign_sub


def assign_moving_average(variable, value, decay, zero_debias=True, name=None):
    """variable -= (variable - value) * (1 - decay); returns the updated value.

    As TF builds it: `1 - decay` is computed where decay is (in Python for a number, so 1 - 0.9 rounds
    once to float32 as TF's `decay` constant does; a `sub` op for a tensor). With `zero_debias` the
    average is kept in a `<variable>/biased` variable and divided by 1 - decay**t, t counted in a
    `<variable>/local_step` variable (both under the caller's variable scope, as TF's).
    """
    graph = get_default_graph()
    with scopes.name_scope(name, "AssignMovingAvg", [variable, value, decay]) as scope:
        decay = convert_to_tensor(1.0 - decay, name="decay")
        if decay.dtype.base_dtype != variable.dtype.base_dtype:
            decay = math_ops.cast(decay, variable.dtype.base_dtype)
        if zero_debias:
            return _zero_debias(graph, variable, value, decay)
        return assign_sub(variable, (variable - value) * decay, name=scope)


def _unique_in_scope(name: str) -> str:
    """`name`, or `name_<i>` when the variable scope already holds a variable of that name (TF's rule for
    the zero-debias variables; under reuse the name itself)."""
    scope = variable_scope.get_variable_scope()
    if scope.reuse:
        return name
    taken = {v.op.name for v in scope.global_variables()}
    full = f"{scope.name}/{name}"
    if full not in taken:
        return name
    i = 1
    while f"{full}_{i}" in taken:
        i += 1
    return f"{name}_{i}"


def _zero_debias(graph, unbiased, value, decay):
    """The zero-debiased update of `unbiased` (decay here is 1 - the decay rate)."""
    from ..init_ops import zeros_initializer
    from ..ops.math import pow as power

    with variable_scope.variable_scope(unbiased.name[:-len(":0")], values=[unbiased, value, decay]):
        dtype = unbiased.dtype.base_dtype
        biased = variable_scope.get_variable(_unique_in_scope("biased"), initializer=zeros_initializer(),
                                             shape=unbiased.get_shape(), dtype=dtype, trainable=False)
        local_step = variable_scope.get_variable(_unique_in_scope("local_step"), shape=[], dtype=dtype,
                                                 initializer=zeros_initializer(), trainable=False)
    update_biased = assign_sub(biased, (biased - value) * decay)
    update_local_step = local_step.assign_add(1)
    bias_factor = 1 - power(1.0 - decay, update_local_step)
    return assign(unbiased, update_biased / bias_factor, name=graph.get_name_scope() + "/")


@tf_export("train.ExponentialMovingAverage")
class ExponentialMovingAverage:
    """Shadow variables `<var>/<name>` that track an exponential moving average of variables.

    `apply(var_list)` creates the shadows (initialized to the variables' initial values) and returns
    the op that updates them: shadow -= (1 - decay) * (shadow - var), with
    decay = min(decay, (1 + num_updates) / (10 + num_updates)) when `num_updates` is given.
    """

    def __init__(self, decay, num_updates=None, zero_debias=False, name="ExponentialMovingAverage"):
        self._decay = decay
        self._num_updates = num_updates
        self._zero_debias = zero_debias
        self._name = name
        self._averages: dict[str, Variable] = {}

    @property
    def name(self) -> str:
        return self._name

    def apply(self, var_list=None):
        """Creates shadow variables for `var_list` (default: trainable variables) and returns an op
        updating all of them."""
        graph = get_default_graph()
        if var_list is None:
            var_list = graph.get_collection(GraphKeys.TRAINABLE_VARIABLES)
        var_list = list(var_list)
        debiased = set()  # TF's rule: the shadows of tensors this call creates are zero-debiased, if asked
        for v in var_list:
            if v.dtype.base_dtype not in (_float_types()):
                raise TypeError(f"The variables must be half, float, or double: {v.name}")
            key = _key(v)
            if key in self._averages:
                continue
            # As TF: shadows are built in an init_scope (by Variable), so an `apply` under control
            # dependencies or inside tf.cond initializes without them; a tensor's shadow starts at zeros
            # of its static shape, so initializing it does not compute the tensor.
            with graph.name_scope(None):
                if isinstance(v, Variable):
                    shadow = Variable(v.initialized_value, trainable=False, name=f"{v.op.name}/{self._name}")
                    graph.add_to_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, v)
                else:
                    shadow = Variable(lambda v=v: _zeros_shaped_like(v), trainable=False,
                                      name=f"{v.op.name}/{self._name}")
                    if self._zero_debias:
                        debiased.add(key)
            self._averages[key] = shadow
        with graph.name_scope(self._name) as scope:
            decay = convert_to_tensor(self._decay, dtype=dtypes.float32, name="decay")
            if self._num_updates is not None:
                steps = math_ops.cast(self._num_updates, dtypes.float32, name="num_updates")
                decay = math_ops.minimum(decay, (1.0 + steps) / (10.0 + steps))
            updates = [assign_moving_average(self._averages[_key(v)], v, decay, zero_debias=_key(v) in debiased)
                       for v in var_list]
            return control_flow.group(*updates, name=scope)

    def average(self, var):
        """The shadow variable of `var`, or None."""
        return self._averages.get(_key(var))

    def average_name(self, var) -> str:
        """The name the shadow of `var` has (or would have): `<var op name>/<ema name>`."""
        return f"{var.op.name}/{self._name}"

    def variables_to_restore(self, moving_avg_variables=None) -> dict:
        """{checkpoint name: variable}: averaged variables map their shadow's name to themselves."""
        graph = get_default_graph()
        if moving_avg_variables is None:
            moving_avg_variables = graph.get_collection(GraphKeys.MOVING_AVERAGE_VARIABLES) + \
                graph.get_collection(GraphKeys.TRAINABLE_VARIABLES)
        averaged = {_key(v) for v in moving_avg_variables}
        result = {}
        for v in graph.get_collection(GraphKeys.GLOBAL_VARIABLES):
            if v in self._averages.values():
                continue
            name = self.average_name(v) if _key(v) in averaged else v.op.name
            result[name] = v
        return result


def _zeros_shaped_like(t: Tensor) -> Tensor:
    from ..ops.array import zeros, zeros_like

    if t.shape.is_fully_defined():
        return zeros(t.shape.as_list(), dtype=t.dtype.base_dtype)
    return zeros_like(t)


def _key(v) -> str:
    return v.op.name if not isinstance(v, Tensor) else v.name


def _float_types():
    from ..framework import dtypes

    return (dtypes.float16, dtypes.float32, dtypes.float64)
