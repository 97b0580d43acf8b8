"""Whole-model Keras files in TensorFlow's HDF5 format: `Model.save` / `tf.keras.models.save_model` and
`tf.keras.models.load_model`, with the configs they hold (`get_config` / `from_config`, `to_json`,
`model_from_config`, `model_from_json`), as tf_keras 2.21 writes and reads them in TF1 graph mode.

The file (tf_keras's legacy HDF5 model format):

- root attributes `keras_version` ('2.21.0'), `backend` ('tensorflow'), `model_config` (the JSON of
  `{"class_name": "Sequential" | "Functional", "config": ...}`, each layer as `{"class_name", "config"}`;
  a functional model's layers also carry their `name` and `inbound_nodes`, `[[layer, node index, tensor
  index, call keyword arguments], ...]` per call, with node indices counted as tf_keras counts them: a
  nested model's first node is its own construction) and, for a model compiled with a Keras optimizer,
  `training_config` (loss, metrics, loss_weights, sample_weight_mode, weighted_metrics and the
  optimizer's `{"class_name", "config"}`, its hyper-parameters read from their variables once made);
- the group `model_weights`: saving.py's weight-file layout;
- with include_optimizer, the group `optimizer_weights` holding the optimizer's weights (`iter`, then the
  slots: `training/Adam/iter:0`, `training/Adam/dense/kernel/m:0`, ...) once training has made them. A
  tf.train optimizer (wrapped in TFOptimizer) is neither configured nor saved, with tf_keras's warning.

load_model rebuilds the model from its config in the default graph, sets its weights, and with compile=True
compiles it with the saved training config and sets the optimizer's weights (made at once for the model's
trainable weights), so training goes on where it stopped. The file is written to a temporary file beside the
target and moved into place (os.replace).
"""

from __future__ import annotations

import json
import os
import warnings

import numpy as np

from .._behaviour import logging
from ..framework.api import tf_export
from ..framework.graph import Tensor
from . import backend_functions as K
from . import registries
from . import saving
from .base_layer import Layer, flatten

_SUBCLASSED = ("Saving the model to HDF5 format requires the model to be a Functional model or a Sequential model. "
               "It does not work for subclassed models, because such models are defined via the body of a Python "
               "method, which isn't safely serializable. Consider saving to the Tensorflow SavedModel format (by "
               'setting save_format="tf") or using `save_weights`.')
_TF_OPTIMIZER = ("TensorFlow optimizers do not make it possible to access optimizer attributes or optimizer state "
                 "after instantiation. As a result, we cannot save the optimizer as part of the model save file. "
                 "You will have to compile your model again after loading it. Prefer using a TF-Keras optimizer "
                 "instead (see keras.io/optimizers).")


# --- layers ----------------------------------------------------------------------------------------------

def _layer_classes() -> dict:
    from . import keras_layers, network, recurrent

    table = {}
    for module in (keras_layers, recurrent, network):
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, Layer) and not name.startswith("_"):
                table[value.__name__] = value
    table["Functional"] = table["Model"] = network.Model
    return table


def class_name(layer) -> str:
    """The name a config gives the layer's class: a functional model is tf_keras's `Functional`."""
    from .network import Model, Sequential

    if type(layer) is Model and layer._is_graph_network:
        return "Functional"
    if isinstance(layer, Sequential):
        return "Sequential"
    return type(layer).__name__


def serialize_layer(layer) -> dict:
    config = layer.get_config()
    return registries.shared(layer, {"class_name": class_name(layer), "config": config})


@tf_export("keras.layers.deserialize")
def deserialize_layer(config, custom_objects=None):
    """The layer (or model) of a `{"class_name", "config"}` dict; user classes from `custom_objects` or a
    custom_object_scope; tf_keras's ValueError for an unknown class."""
    with registries.CustomObjectScope(custom_objects or {}):
        if not isinstance(config, dict) or "class_name" not in config:
            raise ValueError(f"Improper config format for {config}. Expecting python dict contains `class_name` "
                             "and `config` as keys")
        name = config["class_name"]
        cls = registries.custom_objects().get(name) or _layer_classes().get(name)
        if cls is None:
            raise registries._unknown("layer", name)
        return cls.from_config(dict(config.get("config", {})))


@tf_export("keras.layers.serialize")
def _serialize_layer_export(layer):
    return serialize_layer(layer)


# --- models' configs ---------------------------------------------------------------------------------------

def _skips_first_node(layer) -> bool:
    """Whether tf_keras counts a node of the layer's own before its calls: a nested model built on inputs."""
    from .network import Model, Sequential

    if isinstance(layer, Sequential):
        return layer._input_layer is not None
    return isinstance(layer, Model) and layer._is_graph_network


def _json_kwargs(arguments) -> dict:
    return {k: v for k, v in arguments.items() if not isinstance(v, Tensor) and v is not None}


def functional_config(model) -> dict:
    """A functional model's config (tf_keras's get_network_config)."""
    from .network import InputLayer

    in_model = {id(node) for node in model._nodes}
    index = {}
    for layer in model.layers:
        kept = 1 if _skips_first_node(layer) else 0
        for node in layer._inbound_nodes:
            if id(node) in in_model:
                index[id(node)] = kept
                kept += 1

    def ref(t):
        layer, node_index, tensor_index = t._keras_history
        return layer.name, index[id(layer._inbound_nodes[node_index])], tensor_index

    layers = []
    for layer in model.layers:
        nodes = []
        if not isinstance(layer, InputLayer):
            for node in layer._inbound_nodes:
                if id(node) in in_model:
                    kwargs = _json_kwargs(node.arguments)
                    nodes.append([[*ref(t), kwargs] for t in node.input_tensors])
        entry = serialize_layer(layer)
        entry["name"] = layer.name
        entry["inbound_nodes"] = nodes
        layers.append(entry)
    return {"name": model.name, "trainable": model.trainable, "layers": layers,
            "input_layers": [list(ref(t)) for t in model.inputs],
            "output_layers": [list(ref(t)) for t in model.outputs]}


def functional_from_config(cls, config, custom_objects=None):
    """Rebuilds a functional model: each layer from its config, then its calls in tf_keras's order (a call
    waits until the tensors it reads exist)."""
    from .network import InputLayer

    layers, pending, made, count = [], {}, {}, {}
    for entry in config["layers"]:
        layer = deserialize_layer(entry, custom_objects)
        name = entry.get("name", layer.name)
        layers.append((name, layer))
        pending[name] = list(entry.get("inbound_nodes", []))
        count[name] = 1 if _skips_first_node(layer) or isinstance(layer, InputLayer) else 0
        if isinstance(layer, InputLayer):
            made[(name, 0)] = list(layer._inbound_nodes[0].output_tensors)

    def ready(node):
        return all((r[0], r[1]) in made for r in node)

    progress = True
    while progress and any(pending.values()):
        progress = False
        for name, layer in layers:
            while pending[name] and ready(pending[name][0]):
                node = pending[name].pop(0)
                if isinstance(node, dict):
                    raise NotImplementedError("tf.keras.models.load_model of a config whose nodes are dicts "
                                              "(tf_keras's newer functional format) is not provided yet")
                inputs = [made[(r[0], r[1])][r[2]] for r in node]
                kwargs = dict(node[0][3]) if len(node[0]) > 3 and node[0][3] else {}
                outputs = layer(inputs[0] if len(inputs) == 1 else inputs, **kwargs)
                made[(name, count[name])] = flatten(outputs)
                count[name] += 1
                progress = True
    if any(pending.values()):
        stuck = sorted(name for name, nodes in pending.items() if nodes)
        raise ValueError(f"Could not rebuild the model from its config: the inputs of the layers {stuck} are "
                         "never made")

    def tensors(refs):
        try:
            return [made[(r[0], r[1])][r[2]] for r in refs]
        except (KeyError, IndexError):
            raise ValueError(f"The model's config names unknown tensors: {refs}") from None

    inputs, outputs = tensors(config["input_layers"]), tensors(config["output_layers"])
    model = cls(inputs=inputs if len(inputs) > 1 else inputs[0],
                outputs=outputs if len(outputs) > 1 else outputs[0], name=config.get("name"))
    if config.get("trainable") is False:
        model.trainable = False
    return model


def sequential_config(model) -> dict:
    layers = []
    if model._input_layer is not None:
        layers.append(serialize_layer(model._input_layer))
    layers += [serialize_layer(layer) for layer in model.layers]
    config = {"name": model.name, "layers": layers}
    if model._input_layer is None and model.inputs:
        config["build_input_shape"] = saving_shape(model.inputs[0])
    return config


def saving_shape(t):
    return None if t.shape.ndims is None else tuple(t.shape.as_list())


def sequential_from_config(cls, config, custom_objects=None):
    if isinstance(config, list):  # the configs of old Keras files: the layers only
        config = {"layers": config}
    model = cls(name=config.get("name"))
    for entry in config.get("layers", []):
        model.add(deserialize_layer(entry, custom_objects))
    shape = config.get("build_input_shape")
    if not model.inputs and isinstance(shape, (list, tuple)):
        model(K.placeholder(shape=tuple(shape)))
    return model


def _json_default(obj):
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if hasattr(obj, "as_list"):
        return obj.as_list()
    if hasattr(obj, "name") and hasattr(obj, "is_floating"):  # a DType
        return obj.name
    raise TypeError(f"Not JSON Serializable: {obj!r}")


def to_json(obj) -> str:
    return json.dumps(obj, default=_json_default)


@tf_export("keras.models.model_from_config")
def model_from_config(config, custom_objects=None):
    """The model (or layer) of a `{"class_name", "config"}` dict, built in the default graph."""
    if isinstance(config, list):
        raise TypeError("`model_from_config` expects a dictionary, not a list. Received: config="
                        f"{config}. Did you meant to use `Sequential.from_config(config)`?")
    return deserialize_layer(config, custom_objects)


@tf_export("keras.models.model_from_json")
def model_from_json(json_string, custom_objects=None):
    """The model of a JSON string written by `Model.to_json`."""
    return model_from_config(json.loads(json_string), custom_objects)


@tf_export("keras.models.model_from_yaml")
def model_from_yaml(yaml_string, custom_objects=None):
    raise RuntimeError("Method `model_from_yaml()` has been removed due to security risk of arbitrary code "
                       "execution. Please use `Model.to_json()` and `model_from_json()` instead.")


# --- training config -------------------------------------------------------------------------------------

def _serialize_loss(loss):
    from . import losses as losses_module

    if isinstance(loss, losses_module.LossFunctionWrapper):
        import inspect

        config = {"reduction": loss.reduction, "name": loss.name}
        params = inspect.signature(loss.fn).parameters
        for key in getattr(type(loss), "_keywords", ()):
            config[key] = loss._fn_kwargs.get(key, params[key].default if key in params else None)
        config["fn"] = loss.fn.__name__
        return {"class_name": type(loss).__name__, "config": config}
    if isinstance(loss, losses_module.Loss):
        return {"class_name": type(loss).__name__, "config": loss.get_config()}
    return registries.serialize(loss)


def _nested(fn, value):
    if isinstance(value, dict):
        return {k: _nested(fn, v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_nested(fn, v) for v in value]
    return fn(value) if callable(value) else value


def optimizer_config(optimizer) -> dict:
    return {"class_name": type(optimizer).__name__, "config": optimizer.get_config()}


def training_config(model):
    """The `training_config` of a compiled model (None where the optimizer is a tf.train one)."""
    from .optimizers import TFOptimizer

    args = model._compile_args
    config = {"loss": _nested(_serialize_loss, args["loss"]), "metrics": _nested(registries.serialize,
                                                                                 args["metrics"]),
              "loss_weights": args["loss_weights"], "sample_weight_mode": None, "weighted_metrics": None}
    if isinstance(model.optimizer, TFOptimizer):
        return None
    config["optimizer_config"] = optimizer_config(model.optimizer)
    return config


def _deserialize_loss(config):
    from . import losses as losses_module

    return losses_module.get(config)


def _deserialize_nested(fn, config):
    if config is None:
        return None
    if isinstance(config, str) or (isinstance(config, dict) and "class_name" in config):
        return fn(config)
    if isinstance(config, dict):
        return {k: _deserialize_nested(fn, v) for k, v in config.items()}
    if isinstance(config, (list, tuple)):
        return [_deserialize_nested(fn, v) for v in config]
    raise ValueError("Saved configuration not understood. Configuration should be a dictionary, string, tuple or "
                     f"list. Received: config={config}.")


def compile_arguments(config: dict) -> dict:
    """compile's arguments from a training config."""
    from . import optimizers as optimizers_module

    if config.get("weighted_metrics") is not None or config.get("sample_weight_mode") is not None:
        raise NotImplementedError("tf.keras.models.load_model of a model compiled with weighted_metrics or "
                                  "sample_weight_mode is not provided yet")
    metrics = config.get("metrics")
    return {"optimizer": optimizers_module.get(config["optimizer_config"]),
            "loss": _deserialize_nested(_deserialize_loss, config.get("loss")),
            "metrics": None if not metrics else _deserialize_nested(lambda m: m, metrics),
            "loss_weights": config.get("loss_weights")}


# --- save / load -------------------------------------------------------------------------------------------

def _check_savable(model):
    from .network import Sequential

    if not isinstance(model, Sequential) and not model._is_graph_network:
        raise NotImplementedError(_SUBCLASSED)
    if not model.inputs or not model.built:
        raise ValueError(f"Weights for model '{model.name}' have not yet been created. Weights are created when the "
                         "model is first called on inputs or `build()` is called with an `input_shape`.")


def _model_save_format(filepath, save_format) -> str:
    if save_format is not None:
        if save_format in ("h5", "hdf5"):
            return "h5"
        if save_format in ("keras", "keras_v3"):
            return "keras"
        if save_format in ("tf", "tensorflow"):
            return "tf"
        raise ValueError("Unknown `save_format` argument. Expected one of 'keras', 'tf', or 'h5'. Received: "
                         f"save_format={save_format}")
    if str(filepath).endswith(".keras"):
        return "keras"
    return "h5"  # (TF 1.x's default, whatever the path's suffix)


def write_model(f, model, include_optimizer=True):
    """Writes the model file's attributes and groups into the open HDF5 file `f`."""
    from .optimizers import TFOptimizer

    with registries.SharedObjects():
        config = {"class_name": class_name(model), "config": model.get_config()}
        training = training_config(model) if getattr(model, "_is_compiled", False) else None
    f.attrs["keras_version"] = saving.KERAS_VERSION
    f.attrs["backend"] = "tensorflow"
    f.attrs["model_config"] = to_json(config).encode("utf8")
    optimizer = getattr(model, "optimizer", None)
    if optimizer is not None and include_optimizer:
        if isinstance(optimizer, TFOptimizer):
            logging.warning(_TF_OPTIMIZER)
        elif getattr(model, "_is_compiled", False):
            f.attrs["training_config"] = to_json(training).encode("utf8")
    saving.save_weights_to_hdf5_group(f.create_group("model_weights"), model)
    if include_optimizer and optimizer is not None and not isinstance(optimizer, TFOptimizer):
        weights = optimizer.weights
        if weights:
            group = f.create_group("optimizer_weights")
            saving._save_subset(group, weights)


@tf_export("keras.models.save_model")
def save_model(model, filepath, overwrite=True, include_optimizer=True, save_format=None, signatures=None,
               options=None, save_traces=True):
    """Writes `model` (its config, weights and, with include_optimizer, its training config and optimizer
    state) to a Keras HDF5 model file, as tf_keras does in TF1 graph mode."""
    filepath = saving._path(filepath)
    save_format = _model_save_format(filepath, save_format)
    if save_format == "keras":
        raise NotImplementedError(
            f"tf.keras.Model.save({filepath!r}): tf_keras's zipped `.keras` format is not provided (TensorFlow "
            "cannot write it in graph mode either: 'numpy() is only available when eager execution is "
            "enabled.'); use a path ending in .h5 (or save_format='h5') for TensorFlow's HDF5 model files")
    if save_format == "tf":
        raise NotImplementedError(
            f"tf.keras.Model.save({filepath!r}, save_format='tf'): the SavedModel format is not provided through "
            "Keras yet; use a path ending in .h5 for TensorFlow's HDF5 model files")
    try:
        import h5py
    except ImportError:
        raise ImportError("`save_model()` using h5 format requires h5py. Could not import h5py.") from None
    warnings.warn("You are saving your model as an HDF5 file via `model.save()`. This file format is considered "
                  "legacy. We recommend using instead the native TF-Keras format, e.g. "
                  "`model.save('my_model.keras')`.", UserWarning, stacklevel=3)
    _check_savable(model)
    if not overwrite and os.path.isfile(filepath) and not saving.ask_to_proceed_with_overwrite(filepath):
        return
    folder = os.path.dirname(filepath)
    if folder and not os.path.exists(folder):
        os.makedirs(folder, exist_ok=True)
    saving._write_atomically(h5py, filepath, lambda f: write_model(f, model, include_optimizer))


def _read_config(f, name, filepath):
    value = f.attrs.get(name)
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8")
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
        value = value.decode("utf-8") if isinstance(value, bytes) else value
    if not isinstance(value, str):
        raise ValueError(f"The attribute `{name}` of the model file {filepath} is not a JSON string")
    try:
        return json.loads(value)
    except json.JSONDecodeError as error:
        raise ValueError(f"The attribute `{name}` of the model file {filepath} is not valid JSON: {error}") from None


def set_optimizer_weights(optimizer, values, name):
    params = optimizer.weights
    if len(params) != len(values):
        raise ValueError(f"You called `set_weights(weights)` on optimizer {name} with a  weight list of length "
                         f"{len(values)}, but the optimizer was expecting {len(params)} weights. Provided weights: "
                         f"{str(values)[:50]}...")
    pairs = []
    for p, w in zip(params, values):
        w = np.asarray(w)
        if tuple(p.shape.as_list()) != w.shape:
            raise ValueError(f"Optimizer weight shape {tuple(p.shape.as_list())} not compatible with provided weight "
                             f"shape {w.shape}.")
        pairs.append((p, w))
    K.batch_set_value(pairs)


def read_model(f, filepath, custom_objects=None, compile=True):  # noqa: A002 - TensorFlow's argument name
    config = _read_config(f, "model_config", filepath)
    if config is None:
        raise ValueError(f"No model config found in the file at {filepath}.")
    with registries.CustomObjectScope(custom_objects or {}):
        model = model_from_config(config)
        if "model_weights" not in f:
            raise ValueError(f"Unable to load the model from {filepath}: the file has no `model_weights` group")
        saving.load_weights_from_hdf5_group(saving._layer_group(f, "model_weights", filepath), model, filepath)
        if not compile:
            return model
        training = _read_config(f, "training_config", filepath)
        if training is None:
            logging.warning("No training configuration found in the save file, so the model was *not* compiled. "
                            "Compile it manually.")
            return model
        model.compile(**compile_arguments(training))
        if "optimizer_weights" in f:
            optimizer = model.optimizer
            optimizer._create_all_weights(model.trainable_weights)
            group = saving._layer_group(f, "optimizer_weights", filepath)
            values = saving._load_subset(group, filepath)
            try:
                set_optimizer_weights(optimizer, values, optimizer._name)
            except ValueError:
                logging.warning("Error in loading the saved optimizer state. As a result, your model is starting "
                                "with a freshly initialized optimizer.")
    return model


@tf_export("keras.models.load_model")
def load_model(filepath, custom_objects=None, compile=True, options=None, safe_mode=True):  # noqa: A002
    """The model of a Keras HDF5 model file, built in the default graph with its weights, compiled (with the
    optimizer's state) when the file has a training config and `compile` is True."""
    filepath = saving._path(filepath)
    if isinstance(filepath, str) and not os.path.exists(filepath):
        raise OSError(f"No file or directory found at {filepath}")
    if isinstance(filepath, str) and (os.path.isdir(filepath) or (
            not saving.is_hdf5_filepath(filepath) and not saving._is_hdf5_file(filepath))):
        raise NotImplementedError(f"tf.keras.models.load_model({filepath!r}): loading a SavedModel (or a zipped "
                                  "`.keras` file) is not provided yet; sessionflow reads TensorFlow's HDF5 model "
                                  "files")
    try:
        import h5py
    except ImportError:
        raise ImportError("`load_model()` using h5 format requires h5py. Could not import h5py.") from None
    with h5py.File(filepath, mode="r") as f:
        return read_model(f, filepath, custom_objects, compile)
