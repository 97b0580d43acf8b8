"""tf.train.Example parsing: the feature configurations (FixedLenFeature, VarLenFeature, FixedLenSequenceFeature),
the ParseExampleV2 op and tf.parse_example / tf.parse_single_example over it, as TF 2.21's graphs build them.

The kernel decodes each serialized Example with the protobuf runtime (io/protos.py: upb's C parser) through
`example_decode.decode_batch`, which also has a vectorised path for large batches; columns are assembled with
NumPy. Errors are TF's InvalidArgumentError texts, which differ between a batch (`Name: <unknown>, Key: a,
Index: 0.  ...`) and a single serialized Example (`Key: a.  ...`), as TF's two fast parsers word them.
"""

from __future__ import annotations

import re
from collections import namedtuple

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor_shape import TensorShape
from . import example_decode
from .constant import constant, convert_to_tensor

# --- feature configurations (TF's namedtuples) -----------------------------------------------------------------


@tf_export("io.VarLenFeature", "VarLenFeature")
class VarLenFeature(namedtuple("VarLenFeature", ["dtype"])):
    """Configuration for parsing a variable-length input feature (parsed into a SparseTensor)."""


@tf_export("io.FixedLenFeature", "FixedLenFeature")
class FixedLenFeature(namedtuple("FixedLenFeature", ["shape", "dtype", "default_value"])):
    """Configuration for parsing a fixed-length input feature (a dense Tensor of `shape`)."""

    def __new__(cls, shape, dtype, default_value=None):
        return super().__new__(cls, shape, dtype, default_value)


@tf_export("io.FixedLenSequenceFeature", "FixedLenSequenceFeature")
class FixedLenSequenceFeature(namedtuple("FixedLenSequenceFeature",
                                         ["shape", "dtype", "allow_missing", "default_value"])):
    """Configuration for parsing a variable-length sequence of fixed-shape values into a dense Tensor."""

    def __new__(cls, shape, dtype, allow_missing=False, default_value=None):
        return super().__new__(cls, shape, dtype, allow_missing, default_value)


@tf_export("io.SparseFeature", "SparseFeature")
class SparseFeature(namedtuple("SparseFeature", ["index_key", "value_key", "dtype", "size", "already_sorted"])):
    """Configuration for parsing a sparse input feature from an index feature (or several, one per dimension)
    and a value feature: a SparseTensor of dense shape `size`."""

    def __new__(cls, index_key, value_key, dtype, size, already_sorted=False):
        return super().__new__(cls, index_key, value_key, dtype, size, already_sorted)


ALLOWED = (dtypes.float32, dtypes.int64, dtypes.string)
_ALLOWED_TEXT = "float32, int64, string"


def check_feature_dtype(dtype, param: str):
    dtype = dtypes.as_dtype(dtype)
    if dtype not in ALLOWED:
        raise TypeError(f"Value passed to parameter '{param}' has DataType {dtype.name} not in list of allowed "
                        f"values: {_ALLOWED_TEXT}")
    return dtype


def _key_name(prefix: str, key: str) -> str:
    return prefix + re.sub(r"[^A-Za-z0-9_.\-/]", "_", key)


def dense_default(key: str, dtype, shape: TensorShape, default):
    """The default tensor TF passes for a dense feature: a padding scalar for a sequence feature (first dim
    unknown), else the default reshaped to the feature's shape (an empty constant when there is none)."""
    from .array import Reshape, reshape

    if shape.ndims and shape.dims[0].value is None:
        if default is None:
            return convert_to_tensor("" if dtype is dtypes.string else 0, dtype=dtype)
        value = convert_to_tensor(default, dtype=dtype, name=_key_name("padding_", key))
        with get_default_graph().name_scope("Reshape") as scope:  # TF converts the empty shape list twice
            constant([], dtype=dtypes.float32, name="shape")
            return Reshape(value, constant([], dtype=dtypes.int32, name="shape_1"), name=scope)
    if default is None:
        return constant([], dtype=dtype)
    value = convert_to_tensor(default, dtype=dtype, name=_key_name("key_", key))
    return reshape(value, shape.as_list())


class ParseParams:
    """The features split as TF's ParseOpParams does: sparse (VarLen) and dense (FixedLen and FixedLenSequence)
    keys, each sorted."""

    def __init__(self, features: dict, allow_sequence: bool = True):
        if not features:
            raise ValueError(f"Argument `features` cannot be None or falsy. Got {features}")
        self.sparse_keys, self.sparse_types = [], []
        self.dense_keys, self.dense_types, self.dense_shapes, self.dense_defaults = [], [], [], {}
        self.dense_missing_empty = []
        self.sparse_features = {k: f for k, f in features.items() if isinstance(f, SparseFeature)}
        varlen = {k: f for k, f in features.items() if not isinstance(f, SparseFeature)}
        for feature in self.sparse_features.values():  # their index and value keys are parsed as VarLen features
            for index_key in [feature.index_key] if isinstance(feature.index_key, str) else feature.index_key:
                varlen.setdefault(index_key, VarLenFeature(dtypes.int64))
            varlen.setdefault(feature.value_key, VarLenFeature(feature.dtype))
        for key in sorted(varlen):
            feature = varlen[key]
            if isinstance(feature, VarLenFeature):
                self.sparse_keys.append(key)
                self.sparse_types.append(check_feature_dtype(feature.dtype, "sparse_types"))
            elif isinstance(feature, FixedLenFeature):
                self.dense_keys.append(key)
                self.dense_types.append(check_feature_dtype(feature.dtype, "dense_defaults"))
                self.dense_shapes.append(TensorShape(feature.shape))
                self.dense_defaults[key] = feature.default_value
            elif isinstance(feature, FixedLenSequenceFeature):
                if not allow_sequence and not feature.allow_missing:
                    raise ValueError("Unsupported: FixedLenSequenceFeature requires allow_missing to be True.")
                self.dense_keys.append(key)
                self.dense_types.append(check_feature_dtype(feature.dtype, "dense_defaults"))
                self.dense_shapes.append(TensorShape([None] + list(TensorShape(feature.shape).as_list())))
                self.dense_defaults[key] = feature.default_value
                if feature.allow_missing:
                    self.dense_missing_empty.append(key)
            else:
                raise ValueError(f"Unsupported feature type: {type(feature).__name__}")  # noqa: TRY004 - TF's

    def defaults(self) -> list:
        return [dense_default(k, t, s, self.dense_defaults.get(k))
                for k, t, s in zip(self.dense_keys, self.dense_types, self.dense_shapes)]


# --- ParseExampleV2 ----------------------------------------------------------------------------------------------


def _batch_dims(op_type: str, serialized) -> list:
    shape = serialized.shape
    if shape.ndims is not None and shape.ndims > 1:
        raise ValueError(f"Shape must be at most rank 1 but is rank {shape.ndims} for '{op_type}'")
    if shape.ndims is None:
        return [None]
    return shape.as_list()


def sparse_specs(batch: list, types) -> list:
    n = len(types)
    rank = len(batch) + 1
    return ([(dtypes.int64, [None, rank])] * n + [(t, [None]) for t in types] + [(dtypes.int64, [rank])] * n)


@op("ParseExampleV2", inputs=("serialized", "names", "sparse_keys", "dense_keys", "ragged_keys", "*dense_defaults"),
    attrs={"num_sparse": 0, "sparse_types": (), "ragged_value_types": (), "ragged_split_types": (),
           "dense_shapes": ()},
    type_attrs={"Tdense": "[dense_defaults]"})
class ParseExampleV2:
    """Parses a vector (or a scalar) of serialized Examples into sparse and dense tensors."""

    def infer(serialized, names, sparse_keys, dense_keys, ragged_keys, *dense_defaults, num_sparse, sparse_types,
              ragged_value_types, ragged_split_types, dense_shapes):
        batch = _batch_dims("ParseExampleV2", serialized)
        if ragged_value_types:
            raise ValueError("ParseExampleV2: ragged features are not supported by sessionflow")
        specs = sparse_specs(batch, sparse_types)
        for default, shape in zip(dense_defaults, dense_shapes):
            specs.append((default.dtype.base_dtype, batch + TensorShape(shape).as_list()))
        return specs

    def kernel(xp, serialized, names, sparse_keys, dense_keys, ragged_keys, *dense_defaults, num_sparse,
               sparse_types, ragged_value_types, ragged_split_types, dense_shapes):
        single = np.ndim(serialized) == 0
        records = [serialized] if single else np.asarray(serialized, dtype=object).reshape(-1)
        names = [example_decode.text(n) for n in np.asarray(names, dtype=object).reshape(-1)] if np.size(names) \
            else []
        specs = _specs(sparse_keys, dense_keys, dense_defaults, sparse_types, dense_shapes)
        columns = example_decode.decode_batch(records, specs, names, single)
        outputs = [c[0] for c in columns[:num_sparse]] + [c[1] for c in columns[:num_sparse]] + \
            [c[2] for c in columns[:num_sparse]] + columns[num_sparse:]
        return tuple(outputs) if len(outputs) != 1 else outputs[0]

    grad = NOT_DIFFERENTIABLE
    samples = (((np.array([bytes.fromhex("0a270a120a0174120d1a0b0a090102030405060708090a110a0178120c120a0a080000803f"
                                         "00000040"), b""], dtype=object),
                 np.array([], dtype=object), np.array([b"t"], dtype=object), np.array([b"x"], dtype=object),
                 np.array([], dtype=object), [np.array([5.0, 6.0], np.float32)]),
                {"num_sparse": 1, "sparse_types": [dtypes.int64], "ragged_value_types": [], "ragged_split_types": [],
                 "dense_shapes": [TensorShape([2])]}),)


_SPECS: dict = {}  # the specs of recent kernel calls, by the identity of their inputs (see _specs)


def _specs(sparse_keys, dense_keys, dense_defaults, sparse_types, dense_shapes) -> list:
    """ParseExampleV2's example_decode.Specs. They are remembered by the identity of the inputs they come from
    when those are read-only arrays (constants: the same objects on every run of the op), so the decoder's own
    per-layout plans, keyed by the specs list, are found again; the entry holds the inputs, so no id is reused
    while it lives."""
    inputs = (sparse_keys, dense_keys, sparse_types, dense_shapes, *dense_defaults)
    key = tuple(map(id, inputs))
    entry = _SPECS.get(key)
    if entry is not None and all(a is b for a, b in zip(entry[0], inputs)):
        return entry[1]
    sparse = [example_decode.text(k) for k in np.asarray(sparse_keys, dtype=object).reshape(-1)]
    dense = [example_decode.text(k) for k in np.asarray(dense_keys, dtype=object).reshape(-1)]
    specs = [example_decode.Spec(k, t, None, None, sparse=True) for k, t in zip(sparse, sparse_types)]
    for key_, default, shape in zip(dense, dense_defaults, dense_shapes):
        dims = TensorShape(shape).as_list()
        specs.append(example_decode.Spec(key_, example_decode.dtype_of(default), dims, np.asarray(default)))
    arrays = (sparse_keys, dense_keys, *dense_defaults)
    if all(isinstance(a, np.ndarray) and not a.flags.writeable for a in arrays):
        if len(_SPECS) >= 64:
            _SPECS.clear()
        _SPECS[key] = (inputs, specs)
    return specs


def _parse_example_raw(serialized, params: ParseParams, example_names, name):
    """ParseExampleV2 on `serialized` (a vector or a scalar): {key: Tensor or SparseTensor}."""
    defaults = params.defaults()
    serialized = convert_to_tensor(serialized, dtype=dtypes.string, name="serialized")
    with get_default_graph().name_scope("ParseExampleV2" if name is None else name) as scope:
        names = constant([] if example_names is None else example_names, dtype=dtypes.string, name="names")
        sparse_keys = constant(params.sparse_keys, dtype=dtypes.string, name="sparse_keys")
        dense_keys = constant(params.dense_keys, dtype=dtypes.string, name="dense_keys")
        ragged_keys = constant([], dtype=dtypes.string, name="ragged_keys")
    outputs = ParseExampleV2(serialized, names, sparse_keys, dense_keys, ragged_keys, defaults,
                             num_sparse=len(params.sparse_keys), sparse_types=list(params.sparse_types),
                             ragged_value_types=[], ragged_split_types=[],
                             dense_shapes=list(params.dense_shapes), name=scope)
    outputs = list(outputs) if isinstance(outputs, (tuple, list)) else [outputs]
    n = len(params.sparse_keys)
    result = {}
    for i, key in enumerate(params.sparse_keys):
        result[key] = SparseTensor(outputs[i], outputs[n + i], outputs[2 * n + i])
    for i, key in enumerate(params.dense_keys):
        result[key] = outputs[3 * n + i]
    return result


@tf_export("io.parse_example", "parse_example")
def parse_example(serialized, features, name=None, example_names=None):
    """Parses a batch of serialized Example protos into a dict of Tensors (FixedLen, FixedLenSequence features)
    and SparseTensors (VarLen features), with TF's op names and static shapes."""
    params = ParseParams(features, allow_sequence=False)
    with get_default_graph().name_scope(name or "ParseExample"):
        result = _parse_example_raw(serialized, params, example_names, name)
    return _merge_sparse_features(result, features, params.sparse_features)


def _merge_sparse_features(result: dict, features: dict, sparse_features: dict) -> dict:
    """Each SparseFeature's SparseTensor from its index and value features (TF's sparse_merge), which leave the
    result unless they were asked for themselves."""
    from .sparse_ops import sparse_merge

    for key in sorted(sparse_features):
        feature = sparse_features[key]
        index_keys = [feature.index_key] if isinstance(feature.index_key, str) else list(feature.index_key)
        sizes = [feature.size] if isinstance(feature.index_key, str) else list(feature.size)
        ids = [result[k] for k in index_keys]
        result[key] = sparse_merge(ids if len(ids) > 1 else ids[0], result[feature.value_key],
                                   sizes if len(sizes) > 1 else sizes[0], already_sorted=feature.already_sorted)
    for key in {k for f in sparse_features.values() for k in
                ([f.index_key] if isinstance(f.index_key, str) else list(f.index_key)) + [f.value_key]}:
        if key not in features:
            result.pop(key, None)
    return result


@tf_export("io.parse_single_example", "parse_single_example")
def parse_single_example(serialized, features, name=None, example_names=None):
    """Parses one serialized Example (a scalar string) into a dict of Tensors and SparseTensors."""
    if not features:
        raise ValueError(f"Invalid argument: features cannot be None or falsy. Got {features}")
    with get_default_graph().name_scope(name or "ParseSingleExample"):
        return parse_example(serialized, features, example_names=example_names)
