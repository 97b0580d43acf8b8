"""tf.train.SequenceExample parsing: the ParseSequenceExampleV2 op and tf.parse_single_sequence_example /
tf.io.parse_sequence_example over it, as TF 2.21's graphs build them. Context features decode as an Example's
features do (example_decode.py); feature lists become dense [time, ...] tensors with their lengths (padded per
batch) or SparseTensors indexed [time, position]."""

from __future__ import annotations

import numpy as np
from google.protobuf.message import DecodeError

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor_shape import TensorShape
from ..io import protos
from . import example_decode as ed
from .constant import constant, convert_to_tensor
from .parsing import (
    FixedLenFeature,
    FixedLenSequenceFeature,
    VarLenFeature,
    _batch_dims,
    check_feature_dtype,
    dense_default,
    sparse_specs,
)


def _invalid(message: str):
    return errors.InvalidArgumentError(None, None, message)


def _texts(array) -> list:
    return [ed.text(v) for v in np.asarray(array, dtype=object).reshape(-1)]


@op("ParseSequenceExampleV2",
    inputs=("serialized", "debug_name", "context_sparse_keys", "context_dense_keys", "context_ragged_keys",
            "feature_list_sparse_keys", "feature_list_dense_keys", "feature_list_ragged_keys",
            "feature_list_dense_missing_assumed_empty", "*context_dense_defaults"),
    attrs={"Ncontext_sparse": 0, "context_sparse_types": (), "context_ragged_value_types": (),
           "context_ragged_split_types": (), "context_dense_shapes": (), "Nfeature_list_sparse": 0,
           "Nfeature_list_dense": 0, "feature_list_dense_types": (), "feature_list_sparse_types": (),
           "feature_list_ragged_value_types": (), "feature_list_ragged_split_types": (),
           "feature_list_dense_shapes": ()},
    type_attrs={"Tcontext_dense": "[context_dense_defaults]"})
class ParseSequenceExampleV2:
    """Parses a vector (or a scalar) of serialized SequenceExamples: context features and feature lists."""

    def infer(serialized, debug_name, context_sparse_keys, context_dense_keys, context_ragged_keys,
              feature_list_sparse_keys, feature_list_dense_keys, feature_list_ragged_keys,
              feature_list_dense_missing_assumed_empty, *context_dense_defaults, Ncontext_sparse,
              context_sparse_types, context_ragged_value_types, context_ragged_split_types, context_dense_shapes,
              Nfeature_list_sparse, Nfeature_list_dense, feature_list_dense_types, feature_list_sparse_types,
              feature_list_ragged_value_types, feature_list_ragged_split_types, feature_list_dense_shapes):
        batch = _batch_dims("ParseSequenceExampleV2", serialized)
        if context_ragged_value_types or feature_list_ragged_value_types:
            raise ValueError("ParseSequenceExampleV2: ragged features are not supported by sessionflow")
        specs = sparse_specs(batch, context_sparse_types)
        for default, shape in zip(context_dense_defaults, context_dense_shapes):
            specs.append((default.dtype.base_dtype, batch + TensorShape(shape).as_list()))
        specs += sparse_specs(batch + [None], feature_list_sparse_types)
        for dtype, shape in zip(feature_list_dense_types, feature_list_dense_shapes):
            specs.append((dtype, batch + [None] + TensorShape(shape).as_list()))
        specs += [(dtypes.int64, batch)] * len(feature_list_dense_types)
        return specs

    def kernel(xp, serialized, debug_name, context_sparse_keys, context_dense_keys, context_ragged_keys,
               feature_list_sparse_keys, feature_list_dense_keys, feature_list_ragged_keys,
               feature_list_dense_missing_assumed_empty, *context_dense_defaults, Ncontext_sparse,
               context_sparse_types, context_ragged_value_types, context_ragged_split_types, context_dense_shapes,
               Nfeature_list_sparse, Nfeature_list_dense, feature_list_dense_types, feature_list_sparse_types,
               feature_list_ragged_value_types, feature_list_ragged_split_types, feature_list_dense_shapes):
        single = np.ndim(serialized) == 0
        records = [ed.as_record(r) for r in ([serialized] if single else np.asarray(serialized, object).ravel())]
        names = _texts(debug_name)
        parsed = [_parse(r, names, i) for i, r in enumerate(records)]
        context_specs = [ed.Spec(k, t, None, None, sparse=True)
                         for k, t in zip(_texts(context_sparse_keys), context_sparse_types)]
        for key, default, shape in zip(_texts(context_dense_keys), context_dense_defaults, context_dense_shapes):
            context_specs.append(ed.Spec(key, ed.dtype_of(default), TensorShape(shape).as_list(),
                                         np.asarray(default)))
        columns = ed.decode_feature_maps([p.context.feature for p in parsed], context_specs, names, single)
        sparse_ctx, dense_ctx = columns[:Ncontext_sparse], columns[Ncontext_sparse:]
        lists = [p.feature_lists.feature_list for p in parsed]
        sparse_fl = [_sparse_list(lists, k, t, names, single)
                     for k, t in zip(_texts(feature_list_sparse_keys), feature_list_sparse_types)]
        allowed = np.asarray(feature_list_dense_missing_assumed_empty, dtype=bool).reshape(-1)
        dense_fl = [_dense_list(lists, k, t, TensorShape(s).as_list(), bool(allowed[j]) if j < len(allowed)
                                else False, names, single)
                    for j, (k, t, s) in enumerate(zip(_texts(feature_list_dense_keys), feature_list_dense_types,
                                                      feature_list_dense_shapes))]
        outputs = ([c[0] for c in sparse_ctx] + [c[1] for c in sparse_ctx] + [c[2] for c in sparse_ctx]
                   + dense_ctx + [c[0] for c in sparse_fl] + [c[1] for c in sparse_fl] + [c[2] for c in sparse_fl]
                   + [d[0] for d in dense_fl] + [d[1] for d in dense_fl])
        return tuple(outputs) if len(outputs) != 1 else outputs[0]

    grad = NOT_DIFFERENTIABLE
    samples = (((np.array([bytes.fromhex("0a0c0a0a0a016312051a030a0101121f0a1d0a016612180a0812060a040000803f0a0c120a"
                                         "0a080000004000004040")], dtype=object),
                 np.array([], dtype=object), np.array([], dtype=object), np.array([b"c"], dtype=object),
                 np.array([], dtype=object), np.array([b"f"], dtype=object), np.array([], dtype=object),
                 np.array([], dtype=object), np.array([], dtype=bool), [np.array([0], np.int64)]),
                {"Ncontext_sparse": 0, "context_sparse_types": [], "context_ragged_value_types": [],
                 "context_ragged_split_types": [], "context_dense_shapes": [TensorShape([])],
                 "Nfeature_list_sparse": 1, "Nfeature_list_dense": 0, "feature_list_dense_types": [],
                 "feature_list_sparse_types": [dtypes.float32], "feature_list_ragged_value_types": [],
                 "feature_list_ragged_split_types": [], "feature_list_dense_shapes": []}),)


def _parse(record: bytes, names: list, i: int):
    try:
        return protos.SequenceExample.FromString(record)
    except (DecodeError, RuntimeError, ValueError):
        name = names[i] if i < len(names) else "<unknown>"
        raise _invalid(f"Invalid protocol message input, example id: {name}") from None


def _name(names, i):
    return names[i] if i < len(names) else "<unknown>"


def _list_values(feature_list, key, dtype, names, i) -> list:
    """Each time step's values (None for a step without a kind set)."""
    steps = []
    for t, feature in enumerate(feature_list.feature):
        kind = feature.WhichOneof("kind")
        if kind is None:
            steps.append(None)
            continue
        if kind != ed.KIND[dtype]:
            raise _invalid(f"Name: {_name(names, i)}, Feature list: {key}, Index: {t}.  Data types don't match. "
                           f"Expected type: {ed.TYPE_NAME[ed.KIND[dtype]]}")
        values = getattr(feature, kind).value
        steps.append(list(values) if dtype is dtypes.string else np.fromiter(values, dtype=ed.NUMPY[dtype], count=len(values)))
    return steps


def _sparse_list(lists, key, dtype, names, single):
    rows, values, widths, lengths = [], [], [], []
    for i, fmap in enumerate(lists):
        steps = _list_values(fmap[key], key, dtype, names, i) if key in fmap else []
        lengths.append(len(steps))
        for t, step in enumerate(steps):
            n = 0 if step is None else len(step)
            widths.append(n)
            rows.extend((i, t, j) for j in range(n))
            if n:
                values.extend(step)
    index = np.array(rows, dtype=np.int64).reshape(-1, 3)
    out = np.empty(len(values), dtype=object) if dtype is dtypes.string else np.array(values, ed.NUMPY[dtype])
    if dtype is dtypes.string:
        out[:] = values
    width = max(widths, default=0)
    if single:
        return index[:, 1:], out, np.array([lengths[0], width], dtype=np.int64)
    return index, out, np.array([len(lists), max(lengths, default=0), width], dtype=np.int64)


def _dense_list(lists, key, dtype, dims, missing_ok, names, single):
    stride = int(np.prod(dims, dtype=np.int64)) if dims else 1
    np_type = ed.NUMPY[dtype]
    per_record = []
    for i, fmap in enumerate(lists):
        if key not in fmap:
            if not missing_ok:
                raise _invalid(f"Name: {_name(names, i)}, Feature list '{key}' is required but could not be found.  "
                               "Did you mean to include it in feature_list_dense_missing_assumed_empty or "
                               "feature_list_dense_defaults?")
            per_record.append(np.zeros((0, *dims), dtype=np_type))
            continue
        steps = _list_values(fmap[key], key, dtype, names, i)
        flat = [v for step in steps if step is not None for v in step]
        if len(flat) != len(steps) * stride:
            shape = "[" + ",".join(["?"] + [str(d) for d in dims]) + "]"
            raise _invalid(f"Feature list '{key}' has an unexpected number of values.  Total values size: "
                           f"{len(flat)} is not consistent with output shape: {shape}")
        per_record.append(np.asarray(flat, dtype=np_type).reshape(len(steps), *dims))
    lengths = np.array([len(r) for r in per_record], dtype=np.int64)
    if single:
        return per_record[0], lengths[0]
    out = np.zeros((len(per_record), int(lengths.max(initial=0)), *dims), dtype=np_type)
    if np_type is object:
        out[...] = b""
    for i, r in enumerate(per_record):
        out[i, :len(r)] = r
    return out, lengths


def _split(features: dict | None, sequence: bool):
    sparse, dense = [], []
    for key in sorted(features or {}):
        feature = features[key]
        if isinstance(feature, VarLenFeature):
            sparse.append((key, check_feature_dtype(feature.dtype, "sparse_types"), feature))
        elif isinstance(feature, FixedLenSequenceFeature if sequence else FixedLenFeature):
            dense.append((key, check_feature_dtype(feature.dtype, "dense_defaults"), feature))
        else:
            where = "sequence_features" if sequence else "context_features"
            raise ValueError(  # noqa: TRY004 - TF raises ValueError
                f"Unsupported feature type in {where}: {type(feature).__name__} for key {key}")
    return sparse, dense


def _parse_sequence_raw(serialized, context_features, sequence_features, example_names, name):
    if not (context_features or sequence_features):
        raise ValueError("Must provide at least one context_feature or sequence_feature")
    ctx_sparse, ctx_dense = _split(context_features, sequence=False)
    fl_sparse, fl_dense = _split(sequence_features, sequence=True)
    defaults = [dense_default(k, t, TensorShape(f.shape), f.default_value) for k, t, f in ctx_dense]
    serialized = convert_to_tensor(serialized, dtype=dtypes.string, name="serialized")
    string = dtypes.string
    with get_default_graph().name_scope("ParseSequenceExampleV2" if name is None else name) as scope:
        keys = [constant([] if example_names is None else example_names, dtype=string, name="debug_name"),
                constant([k for k, _, _ in ctx_sparse], dtype=string, name="context_sparse_keys"),
                constant([k for k, _, _ in ctx_dense], dtype=string, name="context_dense_keys"),
                constant([], dtype=string, name="context_ragged_keys"),
                constant([k for k, _, _ in fl_sparse], dtype=string, name="feature_list_sparse_keys"),
                constant([k for k, _, _ in fl_dense], dtype=string, name="feature_list_dense_keys"),
                constant([], dtype=string, name="feature_list_ragged_keys"),
                constant([bool(f.allow_missing) for _, _, f in fl_dense], dtype=dtypes.bool,
                         name="feature_list_dense_missing_assumed_empty")]
    outputs = ParseSequenceExampleV2(
        serialized, *keys, defaults, Ncontext_sparse=len(ctx_sparse), context_sparse_types=[t for _, t, _ in ctx_sparse],
        context_ragged_value_types=[], context_ragged_split_types=[],
        context_dense_shapes=[TensorShape(f.shape) for _, _, f in ctx_dense], Nfeature_list_sparse=len(fl_sparse),
        Nfeature_list_dense=len(fl_dense), feature_list_dense_types=[t for _, t, _ in fl_dense],
        feature_list_sparse_types=[t for _, t, _ in fl_sparse], feature_list_ragged_value_types=[],
        feature_list_ragged_split_types=[], feature_list_dense_shapes=[TensorShape(f.shape) for _, _, f in fl_dense],
        name=scope)
    outputs = list(outputs) if isinstance(outputs, (tuple, list)) else [outputs]
    n = len(ctx_sparse)
    context = {k: SparseTensor(outputs[i], outputs[n + i], outputs[2 * n + i]) for i, (k, _, _) in enumerate(ctx_sparse)}
    at = 3 * n
    context.update({k: outputs[at + i] for i, (k, _, _) in enumerate(ctx_dense)})
    at += len(ctx_dense)
    m = len(fl_sparse)
    lists = {k: SparseTensor(outputs[at + i], outputs[at + m + i], outputs[at + 2 * m + i])
             for i, (k, _, _) in enumerate(fl_sparse)}
    at += 3 * m
    lists.update({k: outputs[at + i] for i, (k, _, _) in enumerate(fl_dense)})
    at += len(fl_dense)
    lengths = {k: outputs[at + i] for i, (k, _, _) in enumerate(fl_dense)}
    return context, lists, lengths


@tf_export("io.parse_single_sequence_example", "parse_single_sequence_example")
def parse_single_sequence_example(serialized, context_features=None, sequence_features=None, example_name=None,
                                  name=None):
    """Parses one serialized SequenceExample: (context dict, feature-list dict)."""
    graph = get_default_graph()
    with graph.name_scope(name or "ParseSingleSequenceExample"), graph.name_scope("ParseSequenceExample"):
        context, lists, _ = _parse_sequence_raw(serialized, context_features, sequence_features,
                                                None if example_name is None else [example_name], None)
    return context, lists


@tf_export("io.parse_sequence_example")
def parse_sequence_example(serialized, context_features=None, sequence_features=None, example_names=None,
                           name=None):
    """Parses a batch of serialized SequenceExamples: (context, feature lists, feature-list lengths)."""
    graph = get_default_graph()
    with graph.name_scope(name or "ParseSequenceExample"), graph.name_scope("ParseSequenceExample"):
        return _parse_sequence_raw(serialized, context_features, sequence_features, example_names, None)
