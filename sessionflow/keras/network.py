"""tf.keras.Input / InputLayer, the functional tf.keras.Model(inputs, outputs), subclassed models and
tf.keras.Sequential, in TF1 graph mode; summary() prints tf_keras's table.

A functional model keeps the layer calls (nodes) between its inputs and outputs, found from the tensors'
`_keras_history`; calling it on new tensors calls the same layers again in that order (same weights), in
the model's name scope. compile and the training loop are training.py's.
"""

from __future__ import annotations

import json

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Tensor
from . import backend_functions as K
from .base_layer import Layer, flatten, shape_tuple
from . import training_data
from .callbacks import CallbackList
from .training import TrainingMixin


@tf_export("keras.layers.InputLayer")
class InputLayer(Layer):
    """The layer of a model input: a placeholder named after the layer (`input_1`), or a given tensor."""

    def __init__(self, input_shape=None, batch_size=None, dtype=None, input_tensor=None, sparse=False, name=None,
                 batch_input_shape=None, ragged=False, optional=False, **kwargs):
        if sparse:
            raise NotImplementedError("tf.keras.Input(sparse=True) is not provided yet")
        if ragged or optional:
            raise NotImplementedError("tf.keras.Input(ragged=True or optional=True) is not provided yet")
        if name is None:
            name = K.unique_object_name("input", zero_based=False)
        if batch_input_shape is None and input_shape is not None:
            batch_input_shape = (batch_size,) + tuple(input_shape)
        if input_tensor is not None and dtype is None:
            dtype = input_tensor.dtype.base_dtype
        dtype = dtypes.as_dtype(dtype or K.floatx())
        super().__init__(name=name, dtype=dtype, **kwargs)
        self.built = True
        if input_tensor is None:
            input_tensor = K.placeholder(shape=batch_input_shape, dtype=dtype, name=self.name)
        self._batch_input_shape = shape_tuple(input_tensor)
        self.is_placeholder = input_tensor.op.type == "Placeholder"
        self._record_node([], [input_tensor], {})
        self._inbound_nodes[0].input_tensors = [input_tensor]

    def get_config(self):
        return {"batch_input_shape": self._batch_input_shape, "dtype": self.dtype, "sparse": False,
                "ragged": False, "name": self.name, "optional": False}

    @property
    def output_shape(self):
        return [shape_tuple(self._inbound_nodes[0].output_tensors[0])]


@tf_export("keras.Input", "keras.layers.Input")
def Input(shape=None, batch_size=None, name=None, dtype=None, sparse=False, tensor=None, batch_shape=None,
          **kwargs):
    """A symbolic model input: the placeholder of a new InputLayer ([batch_size, *shape])."""
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments: {list(kwargs)}")
    if shape is None and tensor is None and batch_shape is None:
        raise ValueError("Please provide to Input a `shape` or a `tensor` or a `type_spec` argument. Note that "
                         "`shape` does not include the batch dimension.")
    if batch_shape is not None:
        layer = InputLayer(batch_input_shape=batch_shape, name=name, dtype=dtype, input_tensor=tensor)
    else:
        shape = (shape,) if isinstance(shape, int) else shape
        layer = InputLayer(input_shape=shape, batch_size=batch_size, name=name, dtype=dtype, input_tensor=tensor)
    return layer._inbound_nodes[0].output_tensors[0]


def _nodes_between(inputs, outputs) -> list:
    """The layer calls that make `outputs` from `inputs`, each after the calls it reads from."""
    ordered, seen = [], set()
    stop = {id(t) for t in inputs}

    def visit(t):
        history = getattr(t, "_keras_history", None)
        if history is None or id(t) in stop and not isinstance(history[0], InputLayer):
            return
        layer, index, _ = history
        node = layer._inbound_nodes[index]
        if id(node) in seen:
            return
        seen.add(id(node))
        if not isinstance(layer, InputLayer):
            for x in node.input_tensors:
                visit(x)
        ordered.append(node)

    for t in outputs:
        visit(t)
    return ordered


def _layers_by_depth(nodes, inputs, outputs) -> list:
    """The model's layers in tf_keras's order: by decreasing depth (the inputs' layers first), and at one depth
    in the order a walk back from the outputs first meets them."""
    found = {id(n) for n in nodes}
    index: dict = {}  # id(layer) -> the order the walk from the outputs meets it
    layers: dict = {}
    post_order = []
    done = set()

    def node_of(t):
        layer, node_index, _ = t._keras_history
        return layer._inbound_nodes[node_index]

    def visit(t):
        node = node_of(t)
        if id(node) in done or id(node) not in found:
            return
        layers.setdefault(id(node.layer), node.layer)
        index.setdefault(id(node.layer), len(index))
        if not isinstance(node.layer, InputLayer):
            for x in node.input_tensors:
                if getattr(x, "_keras_history", None) is not None:
                    visit(x)
        done.add(id(node))
        post_order.append(node)

    for t in outputs:
        visit(t)
    node_depth: dict = {}
    layer_depth: dict = {}
    for node in reversed(post_order):
        depth = max(node_depth.setdefault(id(node), 0), layer_depth.get(id(node.layer), 0))
        layer_depth[id(node.layer)] = depth
        node_depth[id(node)] = depth
        if isinstance(node.layer, InputLayer):
            continue
        for x in node.input_tensors:
            if getattr(x, "_keras_history", None) is None:
                continue
            parent = node_of(x)
            node_depth[id(parent)] = max(depth + 1, node_depth.get(id(parent), 0))
    for t in inputs:  # inputs the outputs do not read
        layer = t._keras_history[0]
        if id(layer) not in layer_depth:
            layers[id(layer)] = layer
            layer_depth[id(layer)] = 0
            index[id(layer)] = -1
    ordered = sorted(layer_depth, key=lambda key: (-layer_depth[key], index[key]))
    return [layers[key] for key in ordered]


@tf_export("keras.Model", "keras.models.Model")
class Model(TrainingMixin, Layer):
    """A functional model (`Model(inputs=..., outputs=...)`) or a subclassed one (layers as attributes,
    `call` overridden)."""

    _learning_phase_default = False

    def __init__(self, *args, **kwargs):
        inputs = kwargs.pop("inputs", args[0] if len(args) > 0 else None)
        outputs = kwargs.pop("outputs", args[1] if len(args) > 1 else None)
        name = kwargs.pop("name", None)
        if name is None:
            base = "model" if type(self) in (Model,) else None
            name = K.unique_object_name(base) if base else None
        super().__init__(name=name, **{k: v for k, v in kwargs.items() if k in ("trainable", "dtype")})
        self._is_graph_network = False
        self.inputs, self.outputs = [], []
        if inputs is not None and outputs is not None:
            self._init_graph_network(inputs, outputs)

    def _init_graph_network(self, inputs, outputs):
        self._nested_inputs, self._nested_outputs = inputs, outputs
        inputs, outputs = flatten(inputs), flatten(outputs)
        for t in inputs:
            if getattr(t, "_keras_history", None) is None:
                InputLayer(input_tensor=t)  # a plain placeholder: Keras wraps it in an InputLayer
        self.inputs, self.outputs = inputs, outputs
        self._nodes = _nodes_between(inputs, outputs)
        self._layers = _layers_by_depth(self._nodes, inputs, outputs)
        self._tracked_layers = [l for l in self._layers if not isinstance(l, InputLayer)]
        self._is_graph_network = True
        self.built = True

    # --- structure ----------------------------------------------------------------------------
    @property
    def layers(self) -> list:
        if self._is_graph_network:
            return list(self._layers)
        return list(self.__dict__.get("_tracked_layers", []))

    def get_layer(self, name=None, index=None):
        if index is not None:
            if len(self.layers) <= index:
                raise ValueError(f"Was asked to retrieve layer at index {index} but model only has "
                                 f"{len(self.layers)} layers.")
            return self.layers[index]
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError(f"No such layer: {name}. Existing layers are: {[l.name for l in self.layers]}.")

    input = property(lambda self: self._one("inputs"))
    output = property(lambda self: self._one("outputs"))

    def _one(self, attr):
        values = getattr(self, attr)
        if not values:
            raise AttributeError(f"Layer {self.name} is not connected, no input to return.")
        return values[0] if len(values) == 1 else list(values)

    @property
    def output_shape(self):
        if self.outputs:
            shapes = [shape_tuple(t) for t in self.outputs]
            return shapes[0] if len(shapes) == 1 else shapes
        return super().output_shape

    @property
    def input_shape(self):
        if self.inputs:
            shapes = [shape_tuple(t) for t in self.inputs]
            return shapes[0] if len(shapes) == 1 else shapes
        return super().input_shape

    # --- calling ------------------------------------------------------------------------------
    def build(self, input_shape):
        self.built = True

    def call(self, inputs, training=None, mask=None):
        if not self._is_graph_network:
            raise NotImplementedError("When subclassing the `Model` class, you should implement a `call()` method.")
        new = {id(t): x for t, x in zip(self.inputs, flatten(inputs))}
        for node in self._nodes:
            if isinstance(node.layer, InputLayer):
                continue
            args = [new.get(id(t), t) for t in node.input_tensors]
            kwargs = {k: v for k, v in node.arguments.items() if k != "training"}
            if node.layer._expects_training_arg and training is not None:
                kwargs["training"] = training
            outs = node.layer(args if len(args) > 1 or isinstance(node.layer, _merge_like()) else args[0],
                              **kwargs)
            for t, x in zip(node.output_tensors, flatten(outs)):
                new[id(t)] = x
        outs = [new[id(t)] for t in self.outputs]
        return outs[0] if len(outs) == 1 else outs

    def __call__(self, inputs, *args, **kwargs):
        if not self._expects_training_arg:
            kwargs.pop("training", None)
        return super().__call__(inputs, *args, **kwargs)

    def predict(self, x, batch_size=None, verbose=0, steps=None, callbacks=None, max_queue_size=10, workers=1,
                use_multiprocessing=False, **kwargs):
        """The outputs for `x`, arrays run batch by batch (32 rows by default), or a generator's or Sequence's
        first `steps` batches, in Keras's session; `callbacks` hear the predict hooks (a batch's end logs hold
        its `outputs`), as in tf_keras. Prints nothing, as tf_keras's v1 loop."""
        if not self.inputs:
            raise NotImplementedError("predict() on a model that was never built on an input is not provided yet")
        if training_data.is_generator_like(x):
            training_data.check_no_batch_size(x, batch_size)
            source = training_data.Stream(x, training_data.steps_of(x, steps, "steps"), False, workers)
            batches = (xs for xs, _, _ in source.epoch())
            hooks = CallbackList(callbacks, self, batch_size=None, samples=source.steps, verbose=verbose,
                                 steps=source.steps)
        else:
            arrays = [np.asarray(v) for v in (x if isinstance(x, (list, tuple)) else [x])]
            batch_size = batch_size or 32
            batches = ([v[start:start + batch_size] for v in arrays]
                       for start in range(0, len(arrays[0]), batch_size))
            hooks = CallbackList(callbacks, self, batch_size=batch_size, samples=len(arrays[0]), verbose=verbose)
            source = None
        session = K.get_session()
        hooks.call("on_predict_begin", {})
        results = []
        for batch, xs in enumerate(batches):
            feed = dict(zip(self.inputs, xs))
            logs = {"batch": batch, "size": len(xs[0])}
            hooks.call("on_predict_batch_begin", batch, logs)
            results.append(session.run(self.outputs, feed_dict=feed))
            logs["outputs"] = results[-1]
            hooks.call("on_predict_batch_end", batch, logs)
        if getattr(source, "exhausted", False):
            source.warn_exhausted("steps")
        hooks.call("on_predict_end", {})
        outs = [np.concatenate([r[i] for r in results]) for i in range(len(self.outputs))]
        return outs[0] if len(outs) == 1 else outs

    def _not_yet(name):  # noqa: N805 - builds the methods below
        def method(self, *args, **kwargs):
            raise NotImplementedError(f"tf.keras.Model.{name} is a TensorFlow 1.x API that sessionflow does not "
                                      "provide yet (see README: Not supported yet)")

        method.__name__ = name
        return method

    def save(self, filepath, overwrite=True, include_optimizer=True, save_format=None, signatures=None,
             options=None, save_traces=True):
        """Writes the model (config, weights, training config and optimizer state) to a Keras HDF5 model file,
        as tf_keras does in TF1 graph mode (model_files.py)."""
        from . import model_files

        model_files.save_model(self, filepath, overwrite=overwrite, include_optimizer=include_optimizer,
                               save_format=save_format, signatures=signatures, options=options,
                               save_traces=save_traces)

    def get_config(self):
        """A functional model's config (its layers and their calls); a subclassed model's is empty, as in
        tf_keras's graph mode."""
        from . import model_files

        if self._is_graph_network:
            return model_files.functional_config(self)
        if type(self).get_config is Model.get_config and type(self).__init__ is not Model.__init__:
            return {}
        return {}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from . import model_files

        if "layers" in config and "input_layers" in config:
            return model_files.functional_from_config(cls, config, custom_objects)
        return cls(**config)

    def to_json(self, **kwargs):
        """The model's config as JSON (with tf_keras's `keras_version` and `backend`)."""
        from . import model_files, saving

        return json.dumps({"class_name": model_files.class_name(self), "config": self.get_config(),
                           "keras_version": saving.KERAS_VERSION, "backend": "tensorflow"},
                          default=model_files._json_default, **kwargs)

    def to_yaml(self, **kwargs):
        raise RuntimeError("Method `model.to_yaml()` has been removed due to security risk of arbitrary code "
                           "execution. Please use `model.to_json()` instead.")

    def save_weights(self, filepath, overwrite=True, save_format=None, options=None):
        """Writes the weights to a Keras weight file in TensorFlow's HDF5 format (a path ending in .h5, .hdf5 or
        .keras, or save_format='h5'), as tf_keras writes it (keras/saving.py)."""
        from . import saving

        saving.save_weights(self, filepath, overwrite=overwrite, save_format=save_format, options=options)

    def load_weights(self, filepath, by_name=False, skip_mismatch=False, options=None):
        """Reads the weights from a Keras HDF5 weight file: by the layers' order (layers without weights
        skipped), or with by_name=True by their names (skip_mismatch: a mismatching layer or weight is skipped
        with a warning), as tf_keras does (keras/saving.py)."""
        from . import saving

        return saving.load_weights(self, filepath, by_name=by_name, skip_mismatch=skip_mismatch, options=options)

    del _not_yet

    def predict_on_batch(self, x):
        return self.predict(x, batch_size=len(x[0]) if isinstance(x, (list, tuple)) else len(x))

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False, show_trainable=False,
                layer_range=None):
        if not self.built:
            raise ValueError("This model has not yet been built. Build the model first by calling `build()` or by "
                             "calling the model on a batch of data.")
        print_summary(self, line_length=line_length, positions=positions, print_fn=print_fn)


def _merge_like():
    from .keras_layers import _Merge

    return _Merge


@tf_export("keras.Sequential", "keras.models.Sequential")
class Sequential(Model):
    """A linear stack of layers. Given an input shape (a first layer's `input_shape`, or an InputLayer) it
    builds as layers are added; otherwise on its first call."""

    def __init__(self, layers=None, name=None):
        if name is None:
            name = K.unique_object_name("sequential")
        super().__init__(name=name)
        self._seq_layers: list = []
        self._input_layer = None
        for layer in layers or []:
            self.add(layer)

    @property
    def layers(self) -> list:
        return list(self._seq_layers)

    def _sublayers(self) -> list:
        return list(self._seq_layers)

    def add(self, layer):
        if isinstance(layer, Tensor) and isinstance(getattr(layer, "_keras_history", (None,))[0], InputLayer):
            layer = layer._keras_history[0]
        if not isinstance(layer, Layer):
            raise TypeError(f"The added layer must be an instance of class Layer. Received: layer={layer} of type "
                            f"{type(layer)}.")
        if isinstance(layer, InputLayer):
            if self._seq_layers or self._input_layer is not None:
                raise ValueError("An InputLayer can only be the first layer of a Sequential model")
            self._input_layer = layer
            self.inputs = [layer._inbound_nodes[0].output_tensors[0]]
            self.outputs = list(self.inputs)
            return
        if any(layer is l for l in self._seq_layers):
            raise ValueError(f"All layers added to a Sequential model should have unique names. Name \"{layer.name}\""
                             " is already the name of a layer in this model. Update the `name` argument to pass a "
                             "unique name.")
        if not self._seq_layers and self._input_layer is None and hasattr(layer, "_batch_input_shape"):
            self._input_layer = InputLayer(batch_input_shape=layer._batch_input_shape,
                                           dtype=layer._keras_dtype, name=layer.name + "_input")
            self.inputs = [self._input_layer._inbound_nodes[0].output_tensors[0]]
            self.outputs = list(self.inputs)
        self._seq_layers.append(layer)
        if self.outputs:
            out = layer(self.outputs[0])
            if len(flatten(out)) != 1:
                raise ValueError("All layers in a Sequential model should have a single output tensor. For "
                                 "multi-output layers, use the functional API.")
            self.outputs = [out]
            self.built = True

    def pop(self):
        if not self._seq_layers:
            raise TypeError("There are no layers in the model.")
        self._seq_layers.pop()
        if self.inputs:
            out = self.inputs[0]
            for layer in self._seq_layers:
                out = layer._inbound_nodes[-1].output_tensors[0] if layer._inbound_nodes else out
            self.outputs = [out]

    def build(self, input_shape=None):
        self.built = True

    def call(self, inputs, training=None, mask=None):
        out = inputs
        for layer in self._seq_layers:
            kwargs = {"training": training} if layer._expects_training_arg and training is not None else {}
            out = layer(out, **kwargs)
        return out

    def __call__(self, inputs, *args, **kwargs):
        outputs = super().__call__(inputs, *args, **kwargs)
        if not self.inputs:  # built by its first call: that call's tensors are its inputs and outputs
            self.inputs, self.outputs = flatten(inputs), flatten(outputs)
        return outputs

    @property
    def _is_sequential(self):
        return True

    def get_config(self):
        from . import model_files

        return model_files.sequential_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from . import model_files

        return model_files.sequential_from_config(cls, config, custom_objects)


def _readable_memory_size(size: float) -> str:
    for unit in ("Byte", "KB", "MB", "GB", "TB", "PB"):
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


def _weights_size(weights) -> tuple:
    unique = []
    for w in weights:
        if all(w is not u for u in unique):
            unique.append(w)
    count = sum(int(np.prod(w.shape.as_list())) for w in unique)
    size = sum(int(np.prod(w.shape.as_list())) * w.dtype.base_dtype.size for w in unique)
    return count, size


def print_summary(model, line_length=None, positions=None, print_fn=None):
    """tf_keras's summary table: a row per layer (name (class), output shape, parameters), then the counts."""
    print_fn = print_fn or print
    sequential_like = isinstance(model, Sequential) or not model._is_graph_network
    if not sequential_like:
        sequential_like = all(len(n.input_tensors) <= 1 for n in model._nodes)
        used = [sum(1 for n in model._nodes if n.layer is layer) for layer in model.layers]
        sequential_like = sequential_like and all(u <= 1 for u in used) and _is_chain(model)
    if sequential_like:
        line_length = line_length or 65
        positions = positions or [0.45, 0.85, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #"]
    else:
        line_length = line_length or 98
        positions = positions or [0.3, 0.6, 0.70, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
    if positions[-1] <= 1:
        positions = [int(line_length * p) for p in positions]

    def row(fields):
        left = [str(x) for x in fields]
        while any(left):
            line = ""
            for col in range(len(left)):
                start = positions[col - 1] if col > 0 else 0
                end = positions[col]
                space = 2 if col != len(positions) - 1 else 0
                cutoff = end - start - space
                if col != len(positions) - 1:
                    cutoff -= 1
                fit = left[col][:cutoff]
                breaks = [fit.find(x) + len(x) for x in ("),", "},", "],", "',") if fit.find(x) >= 0]
                if breaks:
                    cutoff = min(breaks)
                    fit = fit[:cutoff]
                if col == 0:
                    line += " "
                line += fit + (" " * space if space else "")
                left[col] = left[col][cutoff:]
                line += " " * (positions[col] - len(line))
            print_fn(line)

    print_fn(f'Model: "{model.name}"')
    print_fn("_" * line_length)
    row(header)
    print_fn("=" * line_length)
    node_ids = {id(n) for n in getattr(model, "_nodes", [])}
    for layer in model.layers:
        try:
            output_shape = layer.output_shape
        except AttributeError:
            output_shape = "multiple"
        params = layer.count_params() if layer.built else "0 (unused)"
        fields = [f"{layer.name} ({type(layer).__name__})", output_shape, params]
        if not sequential_like:
            connections = []
            for node in layer._inbound_nodes:
                if node_ids and id(node) not in node_ids:
                    continue
                for t in node.input_tensors:
                    history = getattr(t, "_keras_history", None)
                    if history is not None and not isinstance(layer, InputLayer):
                        connections.append(f"{history[0].name}[{history[1]}][{history[2]}]")
            fields.append(connections)
        row(fields)
        print_fn(" " * line_length)
    print_fn("=" * line_length)
    trainable, trainable_size = _weights_size(model.trainable_weights)
    frozen, frozen_size = _weights_size(model.non_trainable_weights)
    print_fn(f"Total params: {trainable + frozen} ({_readable_memory_size(trainable_size + frozen_size)})")
    print_fn(f"Trainable params: {trainable} ({_readable_memory_size(trainable_size)})")
    print_fn(f"Non-trainable params: {frozen} ({_readable_memory_size(frozen_size)})")
    print_fn("_" * line_length)


def _is_chain(model) -> bool:
    """Whether each depth of the model's graph holds one layer call (tf_keras's 'sequential-like')."""
    readers: dict = {}
    for node in model._nodes:
        if isinstance(node.layer, InputLayer):
            continue
        for t in node.input_tensors:
            readers[id(t)] = readers.get(id(t), 0) + 1
    return all(count <= 1 for count in readers.values()) and len(model.outputs) == 1 and len(model.inputs) == 1


from . import model_files as _model_files  # noqa: E402,F401 - registers tf.keras.models.load_model & co.
