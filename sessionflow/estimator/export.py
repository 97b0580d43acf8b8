"""`tf.estimator.export`: what a serving_input_receiver_fn returns (ServingInputReceiver,
TensorServingInputReceiver), the two stock receiver_fn builders, the ExportOutput kinds a model_fn may name
in `export_outputs`, and the SignatureDefs an export writes from them."""

from __future__ import annotations

import collections
import os
import time

from .._behaviour import logging
from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Tensor
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor_shape import TensorShape
from ..saved_model import constants as sm_constants
from ..saved_model import signatures

SINGLE_FEATURE_DEFAULT_NAME = "feature"
SINGLE_RECEIVER_DEFAULT_NAME = "input"
SINGLE_LABEL_DEFAULT_NAME = "label"
DEFAULT_SERVING_KEY = "serving_default"


def _check_tensor(tensor, name, label: str) -> None:
    if not isinstance(tensor, (Tensor, SparseTensor)):
        shown = f" {name}" if name else ""
        raise ValueError(f"{label}{shown} must be a Tensor, SparseTensor, or RaggedTensor.")  # noqa: TRY004 - TF's ValueError


def _wrap_and_check(tensors, label: str, default_name: str, allow_int_keys: bool = False) -> dict:
    if not isinstance(tensors, dict):
        tensors = {default_name: tensors}
    if not tensors:
        raise ValueError(f"{label}s must be defined.")
    for name, tensor in tensors.items():
        if not (isinstance(name, str) or (allow_int_keys and isinstance(name, int))):
            raise ValueError(f"{label} keys must be strings: {name}.")
        _check_tensor(tensor, name, label)
    return tensors


def _wrap_alternatives(alternatives) -> dict | None:
    if alternatives is None:
        return None
    if not isinstance(alternatives, dict):
        raise ValueError(f"receiver_tensors_alternatives must be a dict: {alternatives}.")  # noqa: TRY004 - TF's ValueError
    return {key: _wrap_and_check(value, "receiver_tensors_alternative", SINGLE_RECEIVER_DEFAULT_NAME)
            for key, value in alternatives.items()}


@tf_export("estimator.export.ServingInputReceiver")
class ServingInputReceiver(collections.namedtuple(
        "ServingInputReceiver", ["features", "receiver_tensors", "receiver_tensors_alternatives"])):
    """The features handed to the model_fn and the tensors a served request feeds. A single feature tensor
    becomes `{'feature': t}`, a single receiver tensor `{'input': t}`."""

    def __new__(cls, features, receiver_tensors, receiver_tensors_alternatives=None):
        features = _wrap_and_check(features, "feature", SINGLE_FEATURE_DEFAULT_NAME, allow_int_keys=True)
        receiver_tensors = _wrap_and_check(receiver_tensors, "receiver_tensor", SINGLE_RECEIVER_DEFAULT_NAME)
        return super().__new__(cls, features=features, receiver_tensors=receiver_tensors,
                               receiver_tensors_alternatives=_wrap_alternatives(receiver_tensors_alternatives))


@tf_export("estimator.export.TensorServingInputReceiver")
class TensorServingInputReceiver(collections.namedtuple(
        "TensorServingInputReceiver", ["features", "receiver_tensors", "receiver_tensors_alternatives"])):
    """As ServingInputReceiver, for a model_fn that takes one feature tensor rather than a dict."""

    def __new__(cls, features, receiver_tensors, receiver_tensors_alternatives=None):
        if features is None:
            raise ValueError("features must be defined.")
        _check_tensor(features, None, "feature")
        receiver = ServingInputReceiver(features, receiver_tensors, receiver_tensors_alternatives)
        return super().__new__(cls, features=receiver.features[SINGLE_FEATURE_DEFAULT_NAME],
                               receiver_tensors=receiver.receiver_tensors,
                               receiver_tensors_alternatives=receiver.receiver_tensors_alternatives)


@tf_export("estimator.export.build_parsing_serving_input_receiver_fn")
def build_parsing_serving_input_receiver_fn(feature_spec, default_batch_size=None):
    """A receiver_fn taking serialized tf.Example protos (`input_example_tensor`, key 'examples') and parsing
    them with `feature_spec`."""
    from ..ops.array import placeholder
    from ..ops.parsing import parse_example

    def serving_input_receiver_fn():
        serialized = placeholder(dtype=dtypes.string, shape=[default_batch_size], name="input_example_tensor")
        return ServingInputReceiver(parse_example(serialized, feature_spec), {"examples": serialized})

    return serving_input_receiver_fn


def _placeholders_like(features, default_batch_size):
    from ..ops.array import placeholder

    def like(name, tensor):
        dims = tensor.shape.as_list() if tensor.shape.ndims is not None else None
        if dims:
            dims[0] = default_batch_size
        return placeholder(dtype=tensor.dtype, shape=TensorShape(dims), name=name)

    if isinstance(features, dict):
        return {name: like(name, tensor) for name, tensor in features.items()}
    return like("input", features)


@tf_export("estimator.export.build_raw_serving_input_receiver_fn")
def build_raw_serving_input_receiver_fn(features, default_batch_size=None):
    """A receiver_fn feeding the features directly: one placeholder per feature (named after it), shaped as
    the feature with batch size `default_batch_size`."""

    def serving_input_receiver_fn():
        receivers = _placeholders_like(features, default_batch_size)
        if isinstance(receivers, dict):
            return ServingInputReceiver(receivers, dict(receivers))
        return TensorServingInputReceiver(receivers, receivers)

    return serving_input_receiver_fn


@tf_export("estimator.export.ExportOutput")
class ExportOutput:
    """One output of an exported model: `as_signature_def(receiver_tensors)` makes its SignatureDef."""

    def as_signature_def(self, receiver_tensors):
        raise NotImplementedError


def _single_string_input(receiver_tensors, kind: str):
    if len(receiver_tensors) != 1:
        raise ValueError(f"{kind} input must be a single string Tensor; got {receiver_tensors}")
    (_, examples), = receiver_tensors.items()
    if examples.dtype.base_dtype != dtypes.string:
        raise ValueError(f"{kind} input must be a single string Tensor; got {receiver_tensors}")
    return examples


@tf_export("estimator.export.ClassificationOutput")
class ClassificationOutput(ExportOutput):
    """Float `scores` and/or string `classes`, served by the Classify API (one string input)."""

    def __init__(self, scores=None, classes=None):
        if scores is not None and not (isinstance(scores, Tensor) and scores.dtype.is_floating):
            raise ValueError(f"Classification scores must be a float32 Tensor; got {scores}")
        if classes is not None and not (isinstance(classes, Tensor) and classes.dtype.base_dtype == dtypes.string):
            raise ValueError(f"Classification classes must be a string Tensor; got {classes}")
        if scores is None and classes is None:
            raise ValueError("At least one of scores and classes must be set.")
        self._scores, self._classes = scores, classes

    scores = property(lambda self: self._scores)
    classes = property(lambda self: self._classes)

    def as_signature_def(self, receiver_tensors):
        examples = _single_string_input(receiver_tensors, "Classification")
        return signatures.classification_signature_def(examples, self._classes, self._scores)


@tf_export("estimator.export.RegressionOutput")
class RegressionOutput(ExportOutput):
    """One float `value` per example, served by the Regress API (one string input)."""

    def __init__(self, value):
        if not (isinstance(value, Tensor) and value.dtype.is_floating):
            raise ValueError(f"Regression output value must be a float32 Tensor; got {value}")
        self._value = value

    value = property(lambda self: self._value)

    def as_signature_def(self, receiver_tensors):
        examples = _single_string_input(receiver_tensors, "Regression")
        return signatures.regression_signature_def(examples, self._value)


@tf_export("estimator.export.PredictOutput")
class PredictOutput(ExportOutput):
    """Any named tensors (a single tensor is named 'output'), served by the Predict API."""

    def __init__(self, outputs):
        if not isinstance(outputs, dict):
            outputs = {"output": outputs}
        for key, value in outputs.items():
            if not isinstance(key, str):
                raise ValueError(f"Prediction output key must be a string; got {key}.")  # noqa: TRY004 - TF's ValueError
            if not isinstance(value, Tensor):
                raise ValueError(f"Prediction output value must be a Tensor; got {value}.")  # noqa: TRY004 - TF's ValueError
        self._outputs = outputs

    outputs = property(lambda self: self._outputs)

    def as_signature_def(self, receiver_tensors):
        return signatures.predict_signature_def(receiver_tensors, self._outputs)


def get_export_outputs(export_outputs, predictions) -> dict:
    """A PREDICT spec's export outputs: the given dict (one entry also serves as the default signature), or
    one PredictOutput of the predictions under 'serving_default'."""
    if export_outputs is None:
        return {DEFAULT_SERVING_KEY: PredictOutput(predictions)}
    if not isinstance(export_outputs, dict):
        raise TypeError(f"export_outputs must be dict, given: {export_outputs}")
    for value in export_outputs.values():
        if not isinstance(value, ExportOutput):
            raise TypeError(f"Values in export_outputs must be ExportOutput objects. Given: {export_outputs}")
    export_outputs = dict(export_outputs)
    if len(export_outputs) == 1:
        (_, value), = export_outputs.items()
        export_outputs.setdefault(DEFAULT_SERVING_KEY, value)
    elif DEFAULT_SERVING_KEY not in export_outputs:
        raise ValueError("Multiple export_outputs were provided, but none of them is specified as the default.  Do "
                         "this by naming one of them with signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY.")
    return export_outputs


_FRIENDLY_METHOD_NAMES = {sm_constants.CLASSIFY_METHOD_NAME: "Classify", sm_constants.REGRESS_METHOD_NAME: "Regress",
                          sm_constants.PREDICT_METHOD_NAME: "Predict"}


def build_all_signature_defs(receiver_tensors, export_outputs, receiver_tensors_alternatives=None) -> dict:
    """One SignatureDef per export output (and per receiver alternative, named `<alt>:<output>`); an output
    that cannot serve these inputs is left out and logged, as TF does."""
    if not isinstance(receiver_tensors, dict):
        receiver_tensors = {SINGLE_RECEIVER_DEFAULT_NAME: receiver_tensors}
    if export_outputs is None or not isinstance(export_outputs, dict):
        raise ValueError(f"export_outputs must be a dict and not{type(export_outputs)}")
    included, excluded = {}, {}
    groups = [(None, receiver_tensors)] + sorted((receiver_tensors_alternatives or {}).items())
    for alternative, tensors in groups:
        for key, output in export_outputs.items():
            name = f"{key or 'None'}" if alternative is None else f"{alternative}:{key or 'None'}"
            try:
                included[name] = output.as_signature_def(tensors)
            except ValueError as e:
                excluded[name] = str(e)
    by_method = {method: [] for method in _FRIENDLY_METHOD_NAMES}
    for name, signature in included.items():
        by_method.setdefault(signature.method_name, []).append(name)
    for method, names in by_method.items():
        logging.info("Signatures INCLUDED in export for {}: {}".format(
            _FRIENDLY_METHOD_NAMES.get(method, method), names if names else "None"))
    if excluded:
        logging.info("Signatures EXCLUDED from export because they cannot be be served via TensorFlow Serving APIs:")
        for name, message in excluded.items():
            logging.info(f"'{name}' : {message}")
    if not included:
        logging.warning("Export includes no signatures!")
    elif DEFAULT_SERVING_KEY not in included:
        logging.warning("Export includes no default signature!")
    return {k: v for k, v in included.items() if signatures.is_valid_signature(v)}


def get_timestamped_export_dir(export_dir_base) -> bytes:
    """`export_dir_base/<unix seconds>` (bytes, as TF returns it), waiting for the next second while it
    exists."""
    base = os.fsencode(export_dir_base)
    for _ in range(10):
        path = os.path.join(base, str(int(time.time())).encode())
        if not os.path.exists(path):
            return path
        time.sleep(1)
    raise RuntimeError("Failed to obtain a unique export directory name after 10 attempts.")


def get_temp_export_dir(timestamped_export_dir: bytes) -> bytes:
    head, tail = os.path.split(timestamped_export_dir)
    return os.path.join(head, b"temp-" + tail)
