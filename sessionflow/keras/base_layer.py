"""`tf.keras.layers.Layer` in TF1 graph mode: Keras's weight-creation and naming policy over the shared
layer code of sessionflow/layers.

The computation of a layer (`build` and `call`: Dense's matmul, the convolutions, batch norm's moments and
moving averages) lives once, in sessionflow/layers. A Keras layer class is that class with this `Layer`
after it in the bases (`class Dense(core.Dense, Layer)`), so the shared `build`/`call` run unchanged and
this class supplies what Keras does differently from tf.layers:

- names: `dense`, `dense_1`, ... from Keras's own per-graph counter; each call opens the name scope of the
  layer's name (a second call gets `dense_1/`), not a variable scope;
- weights: `add_weight` makes a resource variable with `tf.Variable` in the call's name scope
  (`dense/kernel`), outside the variable store (no reuse by name);
- losses: a weight regularizer's loss is made each time `losses` is read (`<weight>/Regularizer/...`), and
  neither it nor the updates (batch norm's moving averages, in `layer.updates`) go to graph collections;
- `training`: a layer whose `call` takes it gets the learning phase (backend.learning_phase) when not given;
- history: each output tensor records the call (`_keras_history`) so models can be built from tensors.
"""

from __future__ import annotations

import inspect

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..layers import base as shared
from ..ops.constant import convert_to_tensor
from . import backend_functions as K
from . import registries

_KERAS_KWARGS = ("input_dim", "input_shape", "batch_input_shape", "batch_size", "weights", "dynamic",
                 "autocast", "implementation")


class Node:
    """One call of a layer: its input and output tensors (lists)."""

    def __init__(self, layer, inputs, outputs, arguments=None):
        self.layer = layer
        self.input_tensors = inputs
        self.output_tensors = outputs
        self.arguments = arguments or {}

    @property
    def inbound_layers(self):
        return [t._keras_history[0] for t in self.input_tensors if hasattr(t, "_keras_history")]


def flatten(x) -> list:
    if isinstance(x, (list, tuple)):
        return [t for item in x for t in flatten(item)]
    return [x]


def shape_tuple(t):
    if t.shape.ndims is None:
        return None
    return tuple(t.shape.as_list())


@tf_export("keras.layers.Layer")
class Layer(shared.Layer):
    """Base of the Keras layers (and of user layers: override build/call, make weights with add_weight)."""

    _learning_phase_default = True  # a call without `training` gets the learning phase (models: their layers do)

    def __init__(self, trainable=True, name=None, dtype=None, dynamic=False, **kwargs):
        unknown = [k for k in kwargs if k not in _KERAS_KWARGS + ("activity_regularizer",)]
        if unknown:
            raise TypeError(f"Keyword argument not understood: {unknown[0]}")
        if "input_shape" in kwargs or "batch_input_shape" in kwargs or "input_dim" in kwargs:
            if "batch_input_shape" in kwargs:
                batch_input_shape = tuple(kwargs["batch_input_shape"])
            else:
                shape = kwargs["input_shape"] if "input_shape" in kwargs else (kwargs["input_dim"],)
                if isinstance(shape, int):
                    shape = (shape,)
                batch_input_shape = (kwargs.get("batch_size"),) + tuple(shape)
            self._batch_input_shape = batch_input_shape
        self._initial_weights = kwargs.get("weights")
        activity = registries.get_regularizer(kwargs.get("activity_regularizer"))
        if name is None:
            name = K.unique_object_name(shared.to_snake_case(type(self).__name__))
        elif not isinstance(name, str):
            raise TypeError(f"Keras layer names must be strings, got {name!r}")
        self._keras_dtype = None if dtype is None else dtypes.as_dtype(dtype)
        super().__init__(trainable=trainable, name=name, dtype=dtype,
                         **({"activity_regularizer": activity} if activity is not None else {}))
        self._inbound_nodes: list = []
        self._outbound_nodes: list = []
        self._callable_losses: list = []
        self.supports_masking = getattr(self, "supports_masking", False)
        self._expects_training_arg = "training" in inspect.signature(self.call).parameters

    # --- weights ------------------------------------------------------------------------------
    def add_weight(self, name=None, shape=None, dtype=None, initializer=None, regularizer=None, trainable=None,
                   constraint=None, partitioner=None, use_resource=None, synchronization=None, aggregation=None,
                   **kwargs):
        """A resource variable `<name scope>/<name>` (the layer's scope while it builds), initialized by
        `initializer` (glorot_uniform for floats, zeros for integers and bools, by default)."""
        from ..variables import Variable

        if shape is None:
            shape = ()
        dtype = dtypes.as_dtype(dtype or self._dtype or K.floatx())
        initializer = registries.get_initializer(initializer)
        if initializer is None:
            if dtype.is_floating:
                initializer = registries.get_initializer("glorot_uniform")
            elif dtype.is_integer or dtype.is_unsigned or dtype.is_bool:
                initializer = registries.get_initializer("zeros")
            else:
                raise ValueError(f"An initializer for variable {name} of type {dtype.base_dtype.name} is required "
                                 f"for layer {self.name}. Received: {initializer}.")
        trainable = True if trainable is None else bool(trainable)
        shape = [int(d) for d in (shape.as_list() if hasattr(shape, "as_list") else shape)]
        variable = Variable(lambda: initializer(shape, dtype=dtype), name=name, trainable=trainable, dtype=dtype,
                            constraint=registries.get_constraint(constraint), use_resource=True)
        (self._trainable_weights if trainable else self._non_trainable_weights).append(variable)
        regularizer = registries.get_regularizer(regularizer)
        if regularizer is not None:
            def regularization(v=variable, regularizer=regularizer):
                with get_default_graph().name_scope(v.op.name + "/Regularizer"):
                    return regularizer(v)

            self._callable_losses.append(regularization)
        return variable

    @property
    def trainable_weights(self) -> list:
        return self._gather("_trainable_weights") if self.trainable else []

    @property
    def non_trainable_weights(self) -> list:
        if self.trainable:
            return self._gather("_non_trainable_weights")
        return self._gather("_trainable_weights") + self._gather("_non_trainable_weights")

    trainable_variables = trainable_weights  # the aliases name this class's properties (`weights` is inherited)
    non_trainable_variables = non_trainable_weights

    def _sublayers(self) -> list:
        """Layers this one holds (a model's layers, or layers a user layer keeps as attributes)."""
        return [v for v in self.__dict__.get("_tracked_layers", [])]

    def _gather(self, attr: str) -> list:
        found = list(getattr(self, attr))
        for layer in self._sublayers():
            more = layer.trainable_weights if attr == "_trainable_weights" else (
                layer.non_trainable_weights if layer.trainable else [])
            if attr == "_non_trainable_weights" and not layer.trainable:
                more = layer.non_trainable_weights
            if attr == "_trainable_weights" and not layer.trainable:
                more = []
            found.extend(w for w in more if all(w is not f for f in found))
        return found

    def __setattr__(self, name, value):
        if isinstance(value, Layer) and not name.startswith("_") and value is not self:
            tracked = self.__dict__.setdefault("_tracked_layers", [])
            if all(value is not t for t in tracked):
                tracked.append(value)
        super().__setattr__(name, value)

    @property
    def updates(self) -> list:
        found = list(self._updates)
        for layer in self._sublayers():
            found.extend(u for u in layer.updates if u not in found)
        return found

    @property
    def losses(self) -> list:
        found = list(self._losses) + [loss() for loss in self._callable_losses]
        for layer in self._sublayers():
            found.extend(layer.losses)
        return found

    def add_loss(self, losses, inputs=None):
        """Keeps `losses` with the layer (no graph collection, as Keras); a callable is called on each read."""
        if not isinstance(losses, (list, tuple)):
            losses = [losses]
        for loss in losses:
            if callable(loss) and not isinstance(loss, Tensor):
                self._callable_losses.append(loss)
            elif loss is not None:
                self._losses.append(convert_to_tensor(loss, dtype=K.floatx()) if not isinstance(loss, Tensor)
                                    else loss)

    def add_update(self, updates, inputs=None):
        super().add_update(updates)

    def get_weights(self) -> list:
        return K.batch_get_value(self.weights)

    def set_weights(self, weights):
        params = self.weights
        if len(params) != len(weights):
            raise ValueError(f'You called `set_weights(weights)` on layer "{self.name}" with a weight list of length '
                             f"{len(weights)}, but the layer was expecting {len(params)} weights. Provided weights: "
                             f"{str(weights)[:50]}...")
        pairs = []
        for p, w in zip(params, weights):
            w = np.asarray(w)
            if tuple(p.shape.as_list()) != w.shape:
                raise ValueError(f"Layer {self.name} weight shape {tuple(p.shape.as_list())} is not compatible with "
                                 f"provided weight shape {w.shape}.")
            pairs.append((p, w))
        K.batch_set_value(pairs)

    def count_params(self) -> int:
        if not self.built:
            raise ValueError(f"You tried to call `count_params` on layer {self.name}, but the layer isn't built. "
                             "You can build it manually via: `" + self.name + ".build(batch_input_shape)`.")
        return int(sum(np.prod(w.shape.as_list()) for w in self.weights))

    # --- calling ------------------------------------------------------------------------------
    def _set_scope(self, scope=None):
        """Keras layers have no variable scope: weights are named by the call's name scope."""

    def __call__(self, inputs, *args, **kwargs):
        graph = get_default_graph()
        if (self._expects_training_arg and self._learning_phase_default and kwargs.get("training") is None
                and not self._training_in(args)):
            kwargs["training"] = K.learning_phase()
        if isinstance(inputs, (list, tuple)):
            inputs = [t if isinstance(t, Tensor) else convert_to_tensor(t) for t in inputs]
        elif not isinstance(inputs, Tensor):
            inputs = convert_to_tensor(inputs.value() if hasattr(inputs, "_as_graph_element") and
                                       not hasattr(inputs, "op") else inputs)
        with graph.name_scope(self._name):
            if not self.built:
                first = flatten(inputs)[0]
                if self._dtype is None:
                    self._dtype = first.dtype.base_dtype if first.dtype.is_floating else dtypes.as_dtype(K.floatx())
                shapes = [t.shape for t in inputs] if isinstance(inputs, list) else inputs.shape
                self._check_input(inputs)
                self.build(shapes)
                self.built = True
                if self._initial_weights is not None:
                    self.set_weights(self._initial_weights)
            else:
                self._check_input(inputs)
            outputs = self.call(inputs, *args, **kwargs)
            if self._base_activity_regularizer is not None:
                from ..layers.core import add_activity_regularization

                for out in flatten(outputs):
                    add_activity_regularization(self, out)
        self._record_node(inputs, outputs, kwargs)
        return outputs

    def _training_in(self, args) -> bool:
        names = [p for p in inspect.signature(self.call).parameters if p != "self"][1:]
        return "training" in names[:len(args)]

    def _check_input(self, inputs):
        if isinstance(inputs, Tensor):
            super()._check_input(inputs)

    def _record_node(self, inputs, outputs, arguments):
        node = Node(self, flatten(inputs), flatten(outputs), arguments)
        index = len(self._inbound_nodes)
        self._inbound_nodes.append(node)
        for i, t in enumerate(node.output_tensors):
            if isinstance(t, Tensor):
                t._keras_history = (self, index, i)
                t._keras_mask = None
        for t in node.input_tensors:
            history = getattr(t, "_keras_history", None)
            if history is not None:
                history[0]._outbound_nodes.append(node)

    # --- what the calls made ------------------------------------------------------------------
    def _node_values(self, attr: str):
        if not self._inbound_nodes:
            raise AttributeError(f"Layer {self.name} is not connected, no input to return.")
        values = getattr(self._inbound_nodes[0], attr)
        return values[0] if len(values) == 1 else values

    input = property(lambda self: self._node_values("input_tensors"))
    output = property(lambda self: self._node_values("output_tensors"))

    def _shapes(self, attr: str):
        if not self._inbound_nodes:
            raise AttributeError(f'The layer "{self.name}" has never been called and thus has no defined '
                                 f"{'output' if 'output' in attr else 'input'} shape.")
        per_node = []
        for node in self._inbound_nodes:
            shapes = [shape_tuple(t) for t in getattr(node, attr)]
            per_node.append(shapes[0] if len(shapes) == 1 else shapes)
        if any(s != per_node[0] for s in per_node):
            raise AttributeError(f'The layer "{self.name}" has multiple inbound nodes, with different '
                                 f"{'output' if 'output' in attr else 'input'} shapes. Hence the notion of "
                                 f"\"{'output' if 'output' in attr else 'input'} shape\" is ill-defined for the "
                                 "layer.")
        return per_node[0]

    output_shape = property(lambda self: self._shapes("output_tensors"))
    input_shape = property(lambda self: self._shapes("input_tensors"))

    def __new__(cls, *args, **kwargs):
        layer = super().__new__(cls)
        if cls.__module__.split(".")[0] != "sessionflow":
            # a user layer: its constructor's arguments, for the config tf_keras makes when get_config is not
            # overridden (only when they are all plain JSON values)
            try:
                bound = inspect.signature(cls.__init__).bind(None, *args, **kwargs)
            except TypeError:
                bound = None
            if bound is not None:
                arguments = dict(bound.arguments)
                arguments.pop(next(iter(arguments)))  # self
                for name, param in inspect.signature(cls.__init__).parameters.items():
                    if param.kind is inspect.Parameter.VAR_KEYWORD and name in arguments:
                        arguments.update(arguments.pop(name))
                    elif param.kind is inspect.Parameter.VAR_POSITIONAL and name in arguments:
                        arguments.pop(name)
                if _plain(arguments):
                    layer.__dict__["_auto_config"] = arguments
        return layer

    def _base_config(self) -> dict:
        config = {"name": self.name, "trainable": self.trainable}
        if hasattr(self, "_batch_input_shape"):
            config["batch_input_shape"] = self._batch_input_shape
        config["dtype"] = self.dtype
        return config

    def get_config(self) -> dict:
        """The layer's config as tf_keras writes it in a model file: name, trainable, (batch_input_shape,) dtype
        and the layer's own arguments. A user layer that does not override get_config gets its constructor's
        arguments when they are plain values, as tf_keras does, and tf_keras's NotImplementedError otherwise."""
        config = self._base_config()
        if type(self).get_config is not Layer.get_config or type(self).__module__.split(".")[0] == "sessionflow":
            return config
        extra = [p for p in inspect.signature(type(self).__init__).parameters.values()
                 if p.name != "self" and p.kind not in (inspect.Parameter.VAR_KEYWORD, inspect.Parameter.VAR_POSITIONAL)]
        if not extra:
            return config
        auto = self.__dict__.get("_auto_config")
        if auto is None:
            raise NotImplementedError(
                f"\nLayer {type(self).__name__} was created by passing\nnon-serializable argument values in "
                "`__init__()`,\nand therefore the layer must override `get_config()` in\norder to be "
                "serializable. Please implement `get_config()`.\n\nExample:\n\nclass CustomLayer(keras.layers."
                "Layer):\n    def __init__(self, arg1, arg2, **kwargs):\n        super().__init__(**kwargs)\n"
                "        self.arg1 = arg1\n        self.arg2 = arg2\n\n    def get_config(self):\n        config "
                "= super().get_config()\n        config.update({\n            \"arg1\": self.arg1,\n            "
                "\"arg2\": self.arg2,\n        })\n        return config")
        config.update(auto)
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def _fields_config(self, fields, extra=None) -> dict:
        """The base config, then each field of `fields` read from the layer's attribute of that name (an
        activation by name, an initializer / regularizer / constraint as its serialized dict), then `extra`."""
        config = self._base_config()
        for field in fields:
            config[field] = config_value(field, getattr(self, field))
        config.update(extra or {})
        return config

    def compute_output_shape(self, input_shape):
        raise NotImplementedError(f"Please run in eager mode or implement the compute_output_shape method on your "
                                  f"layer ({type(self).__name__}).")


def _plain(value) -> bool:
    if value is None or isinstance(value, (str, int, float, bool)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def config_value(field: str, value):
    """A layer attribute as a config holds it: activations by name, initializers, regularizers and
    constraints serialized, tuples as they are (JSON writes lists)."""
    if field in ("activation", "recurrent_activation"):
        return registries.serialize_activation(value)
    if field.endswith(("_initializer", "_regularizer", "_constraint")):
        return registries.serialize(value)
    if isinstance(value, np.generic):
        return value.item()
    return value


def keras_class(shared_cls, public: str = None, doc: str = None, config=None, fixed=None, **defaults):
    """The Keras class of a shared tf.layers class: Keras's constructor defaults, names (`"relu"`,
    `"he_normal"`) resolved to objects, then the shared `__init__`; Keras's Layer supplies the policy.
    `config` names the fields of its get_config (tf_keras's order), `fixed` config entries with the one value
    sessionflow provides (`groups: 1`), appended to the config and checked by from_config."""
    params = [p for p in inspect.signature(shared_cls.__init__).parameters if p not in ("self", "args", "kwargs")]

    def __init__(self, *args, **kwargs):
        given = dict(zip(params, args))
        for key, value in kwargs.items():
            if key in given:
                raise TypeError(f"{public or shared_cls.__name__}.__init__() got multiple values for argument "
                                f"'{key}'")
            given[key] = value
        for key, value in defaults.items():
            given.setdefault(key, value)
        resolved = {key: registries.resolve_argument(key, value) for key, value in given.items()}
        shared_cls.__init__(self, **resolved)
        if "seed" in given:
            self._config_seed = given["seed"]  # (the shared Dropout counts its seed up as it draws)

    def get_config(self):
        special = dict(fixed or {})
        if "axis" in config and getattr(self, "_axes", None) is not None:
            special["axis"] = list(self._axes)  # batch norm's axes, normalized when it built
        result = self._base_config()
        if "seed" in config:
            special["seed"] = getattr(self, "_config_seed", None)
        for field in config:
            result[field] = special[field] if field in special else config_value(field, getattr(self, field))
        return result

    @classmethod
    def from_config(cls, values):
        values = dict(values)
        for field, value in (fixed or {}).items():
            given = values.pop(field, value)
            if given != value and value is not None:
                raise NotImplementedError(f"tf.keras.layers.{cls.__name__}({field}={given!r}) is not provided yet")
            if given is not None and value is None:
                values[field] = given
        return cls(**values)

    name = public or shared_cls.__name__
    body = {"__init__": __init__, "__doc__": doc or shared_cls.__doc__, "__module__": __name__}
    if config is not None:
        body.update(get_config=get_config, from_config=from_config)
    cls = type(name, (shared_cls, Layer), body)
    cls.__qualname__ = name
    return cls
