"""Keras weight files in TensorFlow's HDF5 format: `Model.save_weights` / `Model.load_weights` for a path
ending in .h5, .hdf5 or .keras (or save_format 'h5'), as tf_keras 2.21 writes and reads them in graph mode.

The file (tf_keras's legacy weights format):

- root attributes `backend` ('tensorflow'), `keras_version` ('2.21.0') and `layer_names`: the name of every
  layer of `model.layers`, in order (weightless layers included);
- a group per layer (created in the order of the sorted layer names) with the attribute `weight_names`: the
  names of the layer's variables (`dense/kernel:0`), trainable ones first, then the non-trainable ones;
  each value is a dataset at `<layer>/<weight name>` (`dense/dense/kernel:0`), of the variable's dtype;
- a group `top_level_model_weights` for the weights a model holds itself (add_weight on a subclassed model).

An attribute list larger than HDF5's object-header limit (64512 bytes) is split into `<name>0`, `<name>1`, ...,
as tf_keras does. Loading matches the layers that have weights, in order, with the file's layers that have
weights (by_name=True: layers by name, each name's weights in order), with TensorFlow's errors and warnings.
A file is written to a temporary file beside the target and moved into place (`os.replace`), so a reader
never sees a partial file and a failed write leaves the old file as it was.

h5py reads and writes the files (the optional extra `h5`: `pip install 'sessionflow[h5]'`), imported only
when a weight file is used. TensorFlow's object-based checkpoint format (any other path) is not provided yet,
nor tf_keras's newer `.weights.h5` / zipped `.keras` format (which TensorFlow itself cannot write in graph mode).
"""

from __future__ import annotations

import os
import sys

import numpy as np

from .._behaviour import logging
from ..framework import errors
from ..io.gfile import temp_name
from . import backend_functions as K

KERAS_VERSION = "2.21.0"  # the tf_keras release whose files these are
HDF5_OBJECT_HEADER_LIMIT = 64512  # bytes an HDF5 attribute may hold (tf_keras's limit)
_HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
_CONV_LAYERS = ("Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "ConvLSTM2D")


def _h5py(what: str):
    """The h5py module, or tf_keras's ImportError for `what` ('save_weights' or 'load_weights')."""
    try:
        import h5py
    except ImportError:
        if what == "save_weights":
            raise ImportError("`save_weights` requires h5py when saving in hdf5, but h5py is not available. Try "
                              "installing h5py package.") from None
        raise ImportError("`load_weights` requires h5py package when loading weights from HDF5. Try installing "
                          "h5py.") from None
    return h5py


def is_hdf5_filepath(filepath) -> bool:
    return isinstance(filepath, str) and filepath.endswith((".h5", ".keras", ".hdf5"))


def _path(filepath):
    return os.fspath(filepath) if isinstance(filepath, os.PathLike) else filepath


def _tf_format_not_provided(method: str, filepath):
    return NotImplementedError(
        f"tf.keras.Model.{method} in TensorFlow's checkpoint format (the path {filepath!r} does not end in .h5, "
        ".hdf5 or .keras) is not provided yet: sessionflow writes and reads Keras weight files in TensorFlow's "
        "HDF5 format; use a path ending in .h5")


def _newer_format_not_provided(method: str, filepath):
    return NotImplementedError(
        f"tf.keras.Model.{method}({filepath!r}): tf_keras's `.weights.h5` / zipped `.keras` weights format is not "
        "provided (TensorFlow cannot write it in graph mode either: 'numpy() is only available when eager "
        "execution is enabled.'); use a path ending in .h5 for TensorFlow's HDF5 weight files")


def ask_to_proceed_with_overwrite(filepath) -> bool:
    """Asks on stdin whether to overwrite `filepath` (tf_keras's prompt): True for "y", False for "n"."""
    answer = input(f"[WARNING] {filepath} already exists - overwrite? [y/n]").strip().lower()
    while answer not in ("y", "n"):
        answer = input('Enter "y" (overwrite) or "n" (cancel).').strip().lower()
    if answer == "n":
        return False
    sys.stdout.write("[TIP] Next time specify overwrite=True!\n")
    sys.stdout.flush()
    return True


def _assert_weights_created(model):
    from .network import Model

    if "build" in type(model).__dict__ and type(model) is not Model and not model.built:
        raise ValueError(f"Weights for model '{model.name}' have not yet been created. Weights are created when the "
                         "model is first called on inputs or `build()` is called with an `input_shape`.")


def legacy_weights(layer) -> list:
    """The weights of `layer` in the order the HDF5 format keeps them: trainable, then non-trainable."""
    return list(layer.trainable_weights) + list(layer.non_trainable_weights)


def _own_weights(model) -> list:
    """The weights a model holds itself (not through its layers)."""
    return list(model._trainable_weights) + list(model._non_trainable_weights)


# --- attributes --------------------------------------------------------------------------------------------

def save_attributes(group, name: str, data: list):
    """Stores a list of byte strings as the attribute `name` of `group`, split into `name0`, `name1`, ...
    when it exceeds HDF5's object-header limit (tf_keras's rule)."""
    too_large = [x for x in data if len(x) > HDF5_OBJECT_HEADER_LIMIT]
    if too_large:
        raise RuntimeError("The following attributes cannot be saved to HDF5 file because they are larger than "
                           f"{HDF5_OBJECT_HEADER_LIMIT} bytes: {too_large}")
    array = np.asarray(data)
    chunks = 1
    parts = np.array_split(array, chunks)
    while any(part.nbytes > HDF5_OBJECT_HEADER_LIMIT for part in parts):
        chunks += 1
        parts = np.array_split(array, chunks)
    if chunks > 1:
        for index, part in enumerate(parts):
            group.attrs[f"{name}{index}"] = part
    else:
        group.attrs[name] = data


def load_attributes(group, name: str, filepath) -> list:
    """The list attribute `name` of `group` (joined from `name0`, `name1`, ... when split), as strings;
    missing: an empty list."""
    if name in group.attrs:
        parts = [group.attrs[name]]
    else:
        parts, index = [], 0
        while f"{name}{index}" in group.attrs:
            parts.append(group.attrs[f"{name}{index}"])
            index += 1
    found = []
    for part in parts:
        values = np.asarray(part)
        if values.ndim != 1:
            raise ValueError(f"Unable to load weights from {filepath}: the attribute `{name}` of "
                             f"{group.name!r} is not a list of names (got {values!r})")
        for value in values.tolist():
            if isinstance(value, bytes):
                value = value.decode("utf8")
            if not isinstance(value, str):
                raise ValueError(f"Unable to load weights from {filepath}: the attribute `{name}` of "  # noqa: TRY004
                                 f"{group.name!r} holds a non-name {value!r}")
            found.append(value)
    return found


# --- saving ------------------------------------------------------------------------------------------------

def _save_subset(group, weights):
    values = K.batch_get_value(weights)
    names = [w.name.encode("utf8") for w in weights]
    save_attributes(group, "weight_names", names)
    for name, value in zip(names, values):
        value = np.asarray(value)
        dataset = group.create_dataset(name, value.shape, dtype=value.dtype)
        if not value.shape:
            dataset[()] = value
        else:
            dataset[:] = value


def save_weights_to_hdf5_group(f, model):
    """Writes `model`'s weights into the HDF5 group (or file) `f` in tf_keras's layout."""
    save_attributes(f, "layer_names", [layer.name.encode("utf8") for layer in model.layers])
    f.attrs["backend"] = b"tensorflow"
    f.attrs["keras_version"] = KERAS_VERSION.encode("utf8")
    for layer in sorted(model.layers, key=lambda layer: layer.name):
        _save_subset(f.create_group(layer.name), legacy_weights(layer))
    _save_subset(f.create_group("top_level_model_weights"), _own_weights(model))


def _write_atomically(h5py, filepath, write):
    """Runs write(h5py.File) on a temporary file beside `filepath`, synced, then moves it into place."""
    temp = temp_name(filepath)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    os.close(fd)
    try:
        with h5py.File(temp, "w") as f:
            write(f)
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, filepath)
    except BaseException:
        if os.path.lexists(temp):
            os.remove(temp)
        raise


def _save_format(filepath, save_format) -> str:
    filepath_is_h5 = is_hdf5_filepath(filepath)
    if save_format is None:
        save_format = "h5" if filepath_is_h5 else "tf"
    else:
        user_format = str(save_format).lower().strip()
        if user_format in ("tensorflow", "tf"):
            save_format = "tf"
        elif user_format in ("hdf5", "h5", "keras"):
            save_format = "h5"
        else:
            raise ValueError(f"Unknown format. Received: `save_format`={save_format}. Was expecting one of "
                             '{"tf", "h5"}.')
    if save_format == "tf" and filepath_is_h5:
        raise ValueError(f'save_weights got save_format="tf"/"tensorflow", but the filepath ({filepath}) looks like '
                         'an HDF5 file. Omit the ".h5"/".keras" when saving in TensorFlow format.')
    return save_format


def save_weights(model, filepath, overwrite=True, save_format=None, options=None):
    """Model.save_weights: the HDF5 weight file of `model` at `filepath` (see the module's docstring)."""
    del options  # TensorFlow's checkpoint options do not apply to HDF5 files
    _assert_weights_created(model)
    filepath = _path(filepath)
    if isinstance(filepath, str) and filepath.endswith(".weights.h5"):
        raise _newer_format_not_provided("save_weights", filepath)
    if _save_format(filepath, save_format) == "tf":
        raise _tf_format_not_provided("save_weights", filepath)
    h5py = _h5py("save_weights")
    if not overwrite and os.path.isfile(filepath) and not ask_to_proceed_with_overwrite(filepath):
        return
    _write_atomically(h5py, filepath, lambda f: save_weights_to_hdf5_group(f, model))


# --- loading -----------------------------------------------------------------------------------------------

def _is_hdf5_file(filepath) -> bool:
    try:
        with open(filepath, "rb") as f:
            return f.read(len(_HDF5_SIGNATURE)) == _HDF5_SIGNATURE
    except OSError:
        return False


def _load_subset(group, filepath) -> list:
    h5py = sys.modules["h5py"]
    values = []
    for name in load_attributes(group, "weight_names", filepath):
        dataset = group[name]
        if not isinstance(dataset, h5py.Dataset):
            raise ValueError(f"Unable to load weights from {filepath}: {dataset.name!r} is not a dataset")  # noqa: TRY004
        values.append(np.asarray(dataset[()]))
    return values


def _layer_group(f, name, filepath):
    h5py = sys.modules["h5py"]
    group = f[name]
    if not isinstance(group, h5py.Group):
        raise ValueError(f"Unable to load weights from {filepath}: {group.name!r} is not a group")  # noqa: TRY004
    return group


def _preprocess(layer, values) -> list:
    """tf_keras's conversion of a file's values for a layer, where it applies to a TF 2 file: a convolution
    kernel stored in the channels-first order of old Keras files is transposed to TensorFlow's."""
    if type(layer).__name__ in _CONV_LAYERS and values and tuple(layer.weights[0].shape.as_list()) != values[0].shape:
        values = list(values)
        values[0] = np.transpose(values[0], (3, 2, 0, 1))
        if type(layer).__name__ == "ConvLSTM2D":
            values[1] = np.transpose(values[1], (3, 2, 0, 1))
    return values


def _shape(variable) -> tuple:
    return tuple(variable.shape.as_list())


def _assign(pairs):
    """Sets each variable to its value; TensorFlow's run-time error (and nothing assigned) if a shape differs."""
    for variable, value in pairs:
        value = np.asarray(value)
        if _shape(variable) != value.shape:
            expected = ",".join(str(d) for d in _shape(variable))
            got = ",".join(str(d) for d in value.shape)
            raise errors.InvalidArgumentError(None, None, "Trying to assign to variable with tensor with wrong "
                                              f"shape. Expected [{expected}] got [{got}]")
    K.batch_set_value(pairs)


def load_weights_from_hdf5_group(f, model, filepath):
    """Topological loading: the model's layers that have weights take the file's layers that have weights,
    in order."""
    layers = [layer for layer in model.layers if legacy_weights(layer)]
    names = [name for name in load_attributes(f, "layer_names", filepath)
             if load_attributes(_layer_group(f, name, filepath), "weight_names", filepath)]
    if len(names) != len(layers):
        raise ValueError("Layer count mismatch when loading weights from file. "
                         f"Model expected {len(layers)} layers, found {len(names)} saved layers.")
    pairs = []
    for k, (name, layer) in enumerate(zip(names, layers)):
        weights = legacy_weights(layer)
        values = _preprocess(layer, _load_subset(f[name], filepath))
        if len(values) != len(weights):
            raise ValueError(f"Weight count mismatch for layer #{k} (named {layer.name} in the current model, {name} "
                             f"in the save file). Layer expects {len(weights)} weight(s). Received {len(values)} "
                             "saved weight(s)")
        pairs += zip(weights, values)
    if "top_level_model_weights" in f:
        weights = _own_weights(model)
        values = _load_subset(_layer_group(f, "top_level_model_weights", filepath), filepath)
        if len(values) != len(weights):
            raise ValueError("Weight count mismatch for top-level weights when loading weights from file. "
                             f"Model expects {len(weights)} top-level weight(s). Received {len(values)} saved "
                             "top-level weight(s)")
        pairs += zip(weights, values)
    _assign(pairs)


def load_weights_from_hdf5_group_by_name(f, model, filepath, skip_mismatch=False):
    """Loading by name: each of the file's layers gives its weights, in order, to the model's layers of that
    name; with skip_mismatch, a layer whose weight count differs, or a weight whose shape does, is skipped
    with a warning."""
    index: dict = {}
    for layer in model.layers:
        if layer.name:
            index.setdefault(layer.name, []).append(layer)
    pairs = []
    for k, name in enumerate(load_attributes(f, "layer_names", filepath)):
        values = _load_subset(_layer_group(f, name, filepath), filepath)
        for layer in index.get(name, []):
            weights = legacy_weights(layer)
            values = _preprocess(layer, values)
            if len(values) != len(weights):
                if skip_mismatch:
                    logging.warning(f"Skipping loading of weights for layer #{k} (named {layer.name}) due to mismatch "
                                    f"in number of weights. Layer expects {len(weights)} weight(s). Received "
                                    f"{len(values)} saved weight(s)")
                    continue
                raise ValueError(f"Weight count mismatch for layer #{k} (named {layer.name}). Layer expects "
                                 f"{len(weights)} weight(s). Received {len(values)} saved weight(s)")
            for weight, value in zip(weights, values):
                if _shape(weight) != value.shape:
                    text = (f"for weight {weight.name}. Weight expects shape {_shape(weight)}. Received saved weight "
                            f"with shape {value.shape}")
                    if skip_mismatch:
                        logging.warning(f"Skipping loading weights for layer #{k} (named {layer.name}) due to "
                                        f"mismatch in shape {text}")
                        continue
                    raise ValueError(f"Shape mismatch in layer #{k} (named {layer.name}) {text}")
                pairs.append((weight, value))
    if "top_level_model_weights" in f:
        weights = _own_weights(model)
        values = _load_subset(_layer_group(f, "top_level_model_weights", filepath), filepath)
        if len(values) != len(weights):
            if not skip_mismatch:
                raise ValueError("Weight count mismatch for top-level weights of model. Model expects "
                                 f"{len(weights)} top-level weight(s). Received {len(values)} saved top-level "
                                 "weight(s)")
            logging.warning("Skipping loading top-level weights for model due to mismatch in number of weights. "
                            f"Model expects {len(weights)} top-level weight(s). Received {len(values)} saved "
                            "top-level weight(s)")
        else:
            for weight, value in zip(weights, values):
                if _shape(weight) != value.shape:
                    text = (f"weight {weight.name}. Weight expects shape {_shape(weight)}. Received saved weight "
                            f"with shape {value.shape}")
                    if not skip_mismatch:
                        raise ValueError(f"Shape mismatch in model for top-level {text}")
                    logging.warning(f"Skipping loading top-level weight for model due to mismatch in shape for {text}")
                else:
                    pairs.append((weight, value))
    K.batch_set_value(pairs)


def load_weights(model, filepath, by_name=False, skip_mismatch=False, options=None):
    """Model.load_weights from an HDF5 weight file (see the module's docstring); returns None, as TensorFlow
    does for HDF5 files."""
    del options  # TensorFlow's checkpoint options do not apply to HDF5 files
    if skip_mismatch and not by_name:
        raise ValueError("When calling model.load_weights, skip_mismatch can only be set to True when by_name is "
                         "True.")
    filepath = _path(filepath)
    if isinstance(filepath, str) and (filepath.endswith(".weights.h5") or (
            filepath.endswith(".keras") and _is_zip(filepath))):
        raise _newer_format_not_provided("load_weights", filepath)
    # TensorFlow reads a path that is not named like an HDF5 file as a checkpoint when one is there, and as an
    # HDF5 file otherwise
    if not is_hdf5_filepath(filepath) and (os.path.exists(f"{filepath}.index") or not _is_hdf5_file(filepath)):
        raise _tf_format_not_provided("load_weights", filepath)
    h5py = _h5py("load_weights")
    if not getattr(model, "_is_graph_network", False) and not model.built:
        raise ValueError("Unable to load weights saved in HDF5 format into a subclassed Model which has not created "
                         "its variables yet. Call the Model first, then load the weights.")
    _assert_weights_created(model)
    with h5py.File(filepath, "r") as f:
        group = f
        if "layer_names" not in f.attrs and "model_weights" in f:
            group = _layer_group(f, "model_weights", filepath)
        if by_name:
            load_weights_from_hdf5_group_by_name(group, model, filepath, skip_mismatch)
        else:
            load_weights_from_hdf5_group(group, model, filepath)


def _is_zip(filepath) -> bool:
    import zipfile

    try:
        return zipfile.is_zipfile(filepath)
    except OSError:
        return False
