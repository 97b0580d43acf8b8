"""Feature crosses: `tf.sparse.cross` (SparseCrossV2: joined strings) and `tf.sparse.cross_hashed`
(SparseCross with hashed_output: TF's FingerprintCat64 chain). Row b of the result holds every combination
of one feature of row b from each input, sparse inputs first, the last input varying fastest."""

from __future__ import annotations

import itertools

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.fingerprint import fingerprint64
from ..framework.graph import Tensor
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.sparse_tensor import SparseTensor
from . import math
from .constant import convert_to_tensor
from .sparse_ops import invalid, shape_text

_MASK = (1 << 64) - 1
_MUL = 0xC6A4A7935BD1E995
_DEFAULT_HASH_KEY = 0xDECAFCAFFE


def _shift_mix(v: int) -> int:
    return v ^ (v >> 47)


def fingerprint_cat64(fp1: int, fp2: int) -> int:
    """TF's FingerprintCat64: two 64-bit fingerprints combined into one."""
    result = (fp1 ^ _MUL) & _MASK
    result ^= (_shift_mix((fp2 * _MUL) & _MASK) * _MUL) & _MASK
    result = (result * _MUL) & _MASK
    result = (_shift_mix(result) * _MUL) & _MASK
    return _shift_mix(result)


def _columns(n_sparse, parts):
    """Per input, a function row -> its features in that row (sparse inputs, then dense), and the batch size.
    `parts` are the 3 * n_sparse sparse components, then the dense inputs."""
    indices, values, shapes, dense = (parts[:n_sparse], parts[n_sparse:2 * n_sparse],
                                      parts[2 * n_sparse:3 * n_sparse], parts[3 * n_sparse:])
    batch = None
    columns = []
    for i, (ind, val, shp) in enumerate(zip(indices, values, shapes)):
        if ind.ndim != 2:
            raise invalid(f"Input indices should be a matrix but received shape {shape_text(ind.shape)} at "
                          f"position {i}")
        if val.ndim != 1:
            raise invalid(f"Input values should be a vector but received shape {shape_text(val.shape)} at "
                          f"position {i}")
        if shp.ndim != 1 or shp.shape[0] != 2:
            raise invalid(f"Input shapes should be a vector of size 2 but received shape {shape_text(shp.shape)} at "
                          f"position {i}")
        size = int(shp[0])
        if batch is not None and size != batch:
            raise invalid(f"Expected batch size {batch} got {size}")
        batch = size
        rows = ind[:, 0].astype(np.int64)
        columns.append(lambda b, rows=rows, val=val: list(val[rows == b]))
    for i, d in enumerate(dense):
        if d.ndim != 2:
            raise invalid(f"Dense inputs should be a matrix but received shape {shape_text(d.shape)} at position {i}")
        if batch is not None and d.shape[0] != batch:
            raise invalid(f"Expected batch size {batch} got {d.shape[0]}")
        batch = d.shape[0]
        columns.append(lambda b, d=d: list(d[b]))
    return columns, batch or 0


def _cross(columns, batch, combine, out_dtype):
    rows, values, widest = [], [], 0
    for b in range(batch):
        features = [c(b) for c in columns]
        crossed = [combine(combo) for combo in itertools.product(*features)] if all(features) else []
        widest = max(widest, len(crossed))
        rows.extend([b, k] for k in range(len(crossed)))
        values.extend(crossed)
    out_values = np.array(values, dtype=object) if out_dtype is dtypes.string else np.asarray(values, np.int64)
    return (np.asarray(rows, np.int64).reshape(len(rows), 2), out_values.reshape(len(values)),
            np.asarray([batch, widest], np.int64))


def _text(value) -> bytes:
    return value if isinstance(value, bytes) else str(int(value)).encode()


@op("SparseCrossV2", inputs=("*indices", "*values", "*shapes", "*dense_inputs", "sep"),
    attrs=dict(N=None), type_attrs=dict(sparse_types="[values]", dense_types="[dense_inputs]"))
class SparseCrossV2:
    """(indices, values, shape): each row's crosses as strings joined by `sep` (integers as decimal text)."""

    def infer(*parts, N):
        return [(dtypes.int64, [None, 2]), (dtypes.string, [None]), (dtypes.int64, [2])]

    def kernel(xp, *parts, N):
        sep = parts[-1]
        if np.ndim(sep) != 0:
            raise invalid(f"sep must be a scalar, got shape {shape_text(np.shape(sep))}")
        sep = sep.item() if hasattr(sep, "item") else sep
        sep = sep.encode() if isinstance(sep, str) else bytes(sep)
        columns, batch = _columns(N, parts[:-1])
        return _cross(columns, batch, lambda combo: sep.join(_text(v) for v in combo), dtypes.string)

    grad = NOT_DIFFERENTIABLE
    samples = [(([np.array([[0, 0], [1, 0], [1, 1]], np.int64)], [np.array([b"a", b"b", b"c"], dtype=object)],
                 [np.array([2, 2], np.int64)], [np.array([[b"f"], [b"g"]], dtype=object)],
                 np.array(b"_X_", dtype=object)), dict(N=1))]


@op("SparseCross", inputs=("*indices", "*values", "*shapes", "*dense_inputs"),
    attrs=dict(N=None, hashed_output=False, num_buckets=0, hash_key=_DEFAULT_HASH_KEY,
               out_type=dtypes.string, internal_type=dtypes.string),
    type_attrs=dict(sparse_types="[values]", dense_types="[dense_inputs]"))
class SparseCross:
    """(indices, values, shape): each row's crosses, hashed (`hashed_output`: TF's FingerprintCat64 chain
    from `hash_key`, modulo `num_buckets`) or joined with "_X_"."""

    def infer(*parts, N, hashed_output, num_buckets, hash_key, out_type, internal_type):
        return [(dtypes.int64, [None, 2]), (out_type, [None]), (dtypes.int64, [2])]

    def kernel(xp, *parts, N, hashed_output, num_buckets, hash_key, out_type, internal_type):
        columns, batch = _columns(N, parts)
        if not hashed_output:
            return _cross(columns, batch, lambda combo: b"_X_".join(_text(v) for v in combo), dtypes.string)

        def feature_hash(value) -> int:
            return fingerprint64(value) if isinstance(value, bytes) else int(value) & _MASK

        def combine(combo) -> int:
            hashed = hash_key & _MASK
            for value in combo:
                hashed = fingerprint_cat64(hashed, feature_hash(value))
            result = hashed % num_buckets if num_buckets > 0 else hashed % ((1 << 63) - 1)
            return result if result < (1 << 63) else result - (1 << 64)

        return _cross(columns, batch, combine, dtypes.int64)

    grad = NOT_DIFFERENTIABLE
    samples = [(([np.array([[0, 0], [1, 0]], np.int64)], [np.array([3, 4], np.int64)], [np.array([2, 1], np.int64)],
                 [np.array([[5], [6]], np.int64)]),
                dict(N=1, hashed_output=True, num_buckets=10, out_type=dtypes.int64,
                     internal_type=dtypes.int64))]


def _split_inputs(inputs, type_message):
    """(sparse inputs, their values and the dense inputs with integers as int64, whether any is integer)."""
    if not isinstance(inputs, (tuple, list)):
        raise TypeError("Inputs must be a list")
    if not all(isinstance(i, (SparseTensor, Tensor)) for i in inputs):
        raise TypeError(type_message)
    sparse = [i for i in inputs if isinstance(i, SparseTensor)]
    values = [s.values for s in sparse]
    dense = [i for i in inputs if not isinstance(i, SparseTensor)]
    integer = False
    for group in (values, dense):
        for i, t in enumerate(group):
            if t.dtype.base_dtype is not dtypes.string:
                group[i], integer = math.cast(t, dtypes.int64), True
    return sparse, values, dense, integer


@tf_export("sparse.cross")
def sparse_cross(inputs, name=None, separator=None) -> SparseTensor:
    """The string crosses of the features of each row of `inputs` (SparseTensors and dense [batch, k]
    tensors), joined with `separator` ("_X_")."""
    sparse, values, dense, _ = _split_inputs(inputs, "All inputs must be Tensor or SparseTensor.")
    separator = convert_to_tensor("_X_" if separator is None else separator, dtypes.string)
    parts = ([s.indices for s in sparse], values, [s.dense_shape for s in sparse], dense)
    indices, values, shape = SparseCrossV2(*parts, separator, N=len(sparse), name=name)
    return SparseTensor(indices, values, shape)


@tf_export("sparse.cross_hashed")
def sparse_cross_hashed(inputs, num_buckets=0, hash_key=None, name=None) -> SparseTensor:
    """The hashed crosses of the features of each row of `inputs` (int64, in [0, num_buckets) when given)."""
    sparse, values, dense, integer = _split_inputs(inputs, "All inputs must be SparseTensors")
    internal = dtypes.int64 if integer else dtypes.string
    parts = ([s.indices for s in sparse], values, [s.dense_shape for s in sparse], dense)
    indices, out, shape = SparseCross(*parts, N=len(sparse), hashed_output=True,
                                      num_buckets=int(num_buckets), hash_key=hash_key or _DEFAULT_HASH_KEY,
                                      out_type=dtypes.int64, internal_type=internal, name=name)
    return SparseTensor(indices, out, shape)
