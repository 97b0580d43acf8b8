"""TensorInfo and SignatureDef helpers: `tf.saved_model.utils` and `tf.saved_model.signature_def_utils`, with
TF's validation and messages."""

from __future__ import annotations

from ..framework import errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.sparse_tensor import SparseTensor
from ..io import protos
from . import constants


def _scoped(name: str, import_scope) -> str:
    return f"{import_scope}/{name}" if import_scope else name


@tf_export("saved_model.build_tensor_info", "saved_model.utils.build_tensor_info")
def build_tensor_info(tensor):
    """The TensorInfo of a Tensor (its name, dtype and static shape) or of a SparseTensor (the names of its
    indices, values and dense_shape tensors)."""
    info = protos.TensorInfo(dtype=tensor.dtype.base_dtype.as_datatype_enum)
    info.tensor_shape.CopyFrom(protos.shape_to_proto(tensor.get_shape()))
    if isinstance(tensor, SparseTensor):
        info.coo_sparse.values_tensor_name = tensor.values.name
        info.coo_sparse.indices_tensor_name = tensor.indices.name
        info.coo_sparse.dense_shape_tensor_name = tensor.dense_shape.name
    else:
        info.name = tensor.name
    return info


@tf_export("saved_model.get_tensor_from_tensor_info", "saved_model.utils.get_tensor_from_tensor_info")
def get_tensor_from_tensor_info(tensor_info, graph=None, import_scope=None):
    """The Tensor or SparseTensor a TensorInfo names, looked up in `graph` (default graph) under `import_scope`."""
    graph = graph or get_default_graph()

    def tensor(name):
        return graph.get_tensor_by_name(_scoped(name, import_scope))

    encoding = tensor_info.WhichOneof("encoding")
    if encoding == "name":
        return tensor(tensor_info.name)
    if encoding == "coo_sparse":
        sparse = tensor_info.coo_sparse
        return SparseTensor(tensor(sparse.indices_tensor_name), tensor(sparse.values_tensor_name),
                            tensor(sparse.dense_shape_tensor_name))
    raise ValueError(f"Invalid TensorInfo.encoding: {encoding}. Expected `coo_sparse`, `composite_tensor`, or "
                     "`name` for a dense tensor.")


@tf_export("saved_model.build_signature_def", "saved_model.signature_def_utils.build_signature_def")
def build_signature_def(inputs=None, outputs=None, method_name=None, defaults=None):
    """A SignatureDef from dicts of TensorInfos (`inputs`, `outputs`) and a method name."""
    signature = protos.SignatureDef()
    for key, info in (inputs or {}).items():
        signature.inputs[key].CopyFrom(info)
    for key, info in (outputs or {}).items():
        signature.outputs[key].CopyFrom(info)
    if method_name is not None:
        signature.method_name = method_name
    if defaults is not None:
        for key, value in defaults.items():
            if key not in signature.inputs:
                raise ValueError(f"Default value for input '{key}' is not in the inputs of the signature.")
            signature.defaults[key].CopyFrom(protos.tensor_to_proto(value))
    return signature


@tf_export("saved_model.regression_signature_def", "saved_model.signature_def_utils.regression_signature_def")
def regression_signature_def(examples, predictions):
    """The regression SignatureDef: serialized tf.Examples in, float predictions out."""
    if examples is None:
        raise ValueError("Regression `examples` cannot be None.")
    if not _is_tensor(examples):
        raise ValueError(f"Expected regression `examples` to be of type Tensor. Found `examples` of type "
                         f"{type(examples)}.")
    if predictions is None:
        raise ValueError("Regression `predictions` cannot be None.")
    inputs = build_tensor_info(examples)
    if inputs.dtype != protos.DT_STRING:
        raise ValueError(f"Regression input tensors must be of type string. Found tensors with type {inputs.dtype}.")
    outputs = build_tensor_info(predictions)
    if outputs.dtype != protos.DT_FLOAT:
        raise ValueError(f"Regression output tensors must be of type float. Found tensors with type {outputs.dtype}.")
    return build_signature_def({constants.REGRESS_INPUTS: inputs}, {constants.REGRESS_OUTPUTS: outputs},
                               constants.REGRESS_METHOD_NAME)


@tf_export("saved_model.classification_signature_def",
           "saved_model.signature_def_utils.classification_signature_def")
def classification_signature_def(examples, classes, scores):
    """The classification SignatureDef: serialized tf.Examples in; string classes and/or float scores out."""
    if examples is None:
        raise ValueError("Classification `examples` cannot be None.")
    if not _is_tensor(examples):
        raise ValueError(f"Classification `examples` must be a string Tensor. Found `examples` of type "
                         f"{type(examples)}.")
    if classes is None and scores is None:
        raise ValueError("Classification `classes` and `scores` cannot both be None.")
    inputs = build_tensor_info(examples)
    if inputs.dtype != protos.DT_STRING:
        raise ValueError(f"Classification input tensors must be of type string. Found tensors of type {inputs.dtype}")
    outputs = {}
    if classes is not None:
        info = build_tensor_info(classes)
        if info.dtype != protos.DT_STRING:
            raise ValueError(f"Classification classes must be of type string Tensor. Found tensors of type "
                             f"{info.dtype}.`")
        outputs[constants.CLASSIFY_OUTPUT_CLASSES] = info
    if scores is not None:
        info = build_tensor_info(scores)
        if info.dtype != protos.DT_FLOAT:
            raise ValueError("Classification scores must be a float Tensor.")
        outputs[constants.CLASSIFY_OUTPUT_SCORES] = info
    return build_signature_def({constants.CLASSIFY_INPUTS: inputs}, outputs, constants.CLASSIFY_METHOD_NAME)


@tf_export("saved_model.predict_signature_def", "saved_model.signature_def_utils.predict_signature_def")
def predict_signature_def(inputs, outputs):
    """The predict SignatureDef over dicts of named input and output tensors."""
    if inputs is None or not inputs:
        raise ValueError("Prediction `inputs` cannot be None or empty.")
    if outputs is None or not outputs:
        raise ValueError("Prediction `outputs` cannot be None or empty.")
    return build_signature_def({k: build_tensor_info(t) for k, t in inputs.items()},
                               {k: build_tensor_info(t) for k, t in outputs.items()}, constants.PREDICT_METHOD_NAME)


@tf_export("saved_model.is_valid_signature", "saved_model.signature_def_utils.is_valid_signature")
def is_valid_signature(signature_def) -> bool:
    """Whether a SignatureDef is a well-formed predict, classify or regress signature."""
    if signature_def is None:
        return False
    method = signature_def.method_name
    ins, outs = signature_def.inputs, signature_def.outputs
    if method == constants.PREDICT_METHOD_NAME:
        return bool(ins) and bool(outs)
    if method == constants.REGRESS_METHOD_NAME:
        return (set(ins) == {constants.REGRESS_INPUTS} and set(outs) == {constants.REGRESS_OUTPUTS}
                and ins[constants.REGRESS_INPUTS].dtype == protos.DT_STRING
                and outs[constants.REGRESS_OUTPUTS].dtype == protos.DT_FLOAT)
    if method == constants.CLASSIFY_METHOD_NAME:
        if set(ins) != {constants.CLASSIFY_INPUTS} or ins[constants.CLASSIFY_INPUTS].dtype != protos.DT_STRING:
            return False
        allowed = {constants.CLASSIFY_OUTPUT_CLASSES: protos.DT_STRING, constants.CLASSIFY_OUTPUT_SCORES: protos.DT_FLOAT}
        return bool(outs) and all(key in allowed and info.dtype == allowed[key] for key, info in outs.items())
    return False


def op_signature_def(op, key):
    """The SignatureDef TF writes to point at an op (the init op under INIT_OP_SIGNATURE_KEY)."""
    info = protos.TensorInfo(dtype=protos.DT_INVALID, name=op.name)
    info.tensor_shape.unknown_rank = True
    return build_signature_def(outputs={key: info})


def load_op_from_signature_def(signature_def, key, import_scope=None):
    """The op a SignatureDef written by `op_signature_def` names."""
    tensor_info = signature_def.outputs.get(key)
    if tensor_info is None:
        raise errors.NotFoundError(None, None, f"The key \"{key}\" could not be found in the signature def. "
                                               f"Signature: {signature_def}")
    return get_default_graph().as_graph_element(_scoped(tensor_info.name, import_scope))


def _is_tensor(value) -> bool:
    from ..framework.graph import Tensor

    return isinstance(value, (Tensor, SparseTensor))
