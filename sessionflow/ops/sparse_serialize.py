"""SparseTensors as strings: SerializeSparse (one SparseTensor -> 3 serialized TensorProtos), SerializeManySparse
(one row of 3 per entry of the first dimension) and DeserializeManySparse (the rows back, stacked), with TF's bytes:
each part is a TensorProto whose `tensor_content` holds the values (numbers little-endian; strings as TF encodes
a string list: every length as a varint, then the bytes)."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.sparse_tensor import SparseTensor
from ..io import protos
from . import shape_fns
from .constant import convert_to_tensor
from .sparse_ops import check_components, infer_components, invalid, shape_text, to_sparse, validate_ordered


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _as_bytes(value) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def encode(array: np.ndarray, dtype) -> bytes:
    """The serialized TensorProto of `array` as TF's Tensor::AsProtoTensorContent writes it."""
    proto = protos.TensorProto(dtype=dtype.as_datatype_enum)
    proto.tensor_shape.CopyFrom(protos.shape_to_proto(list(array.shape)))
    if array.size:
        if dtype is dtypes.string:
            items = [_as_bytes(v) for v in array.reshape(-1)]
            proto.tensor_content = b"".join(_varint(len(b)) for b in items) + b"".join(items)
        else:
            little_endian = np.dtype(dtype.as_numpy_dtype).newbyteorder("<")
            proto.tensor_content = np.ascontiguousarray(array, little_endian).tobytes()
    return proto.SerializeToString()


def _read_varint(data: bytes, at: int):
    value = shift = 0
    while True:
        if at >= len(data) or shift > 63:
            raise ValueError("truncated varint")
        byte = data[at]
        value |= (byte & 0x7F) << shift
        at += 1
        shift += 7
        if not byte & 0x80:
            return value, at


def decode(data: bytes):
    """(dtype, array) of a serialized TensorProto; InvalidArgumentError if it does not parse."""
    try:
        proto = protos.TensorProto.FromString(_as_bytes(data))
        if proto.dtype == protos.DT_INVALID:
            raise ValueError("no dtype")
        dtype = dtypes.as_dtype(proto.dtype)
        if dtype is dtypes.string and proto.tensor_content:
            dims = protos.proto_to_shape(proto.tensor_shape)
            count = int(np.prod(dims, dtype=np.int64))
            content, at, lengths = proto.tensor_content, 0, []
            for _ in range(count):
                n, at = _read_varint(content, at)
                lengths.append(n)
            items = []
            for n in lengths:
                items.append(content[at:at + n])
                at += n
            if at != len(content):
                raise ValueError("bad string content")
            return dtype, np.array(items + [b""] * (not items), dtype=object)[:count].reshape(dims)
        return dtype, protos.proto_to_ndarray(proto)
    except (ValueError, TypeError, KeyError, RuntimeError, errors.OpError):
        raise invalid("Could not parse serialized proto") from None
    except Exception as e:  # protobuf's DecodeError
        if type(e).__name__ == "DecodeError":
            raise invalid("Could not parse serialized proto") from None
        raise


def _check_out_type(out_type) -> None:
    if out_type is not dtypes.string:
        raise TypeError(f"out_type {out_type.name} is not supported by sessionflow: SparseTensors serialize to "
                        "tf.string only")


@op("SerializeSparse", inputs=("sparse_indices", "sparse_values", "sparse_shape"),
    attrs=dict(out_type=dtypes.string), type_attrs=dict(T="sparse_values"))
class SerializeSparse:
    """A [3] string tensor: the serialized indices, values and dense shape."""

    def infer(sparse_indices, sparse_values, sparse_shape, out_type):
        _check_out_type(out_type)
        infer_components("SerializeSparse", sparse_indices, sparse_values, sparse_shape)
        return dtypes.string, [3]

    def kernel(xp, sparse_indices, sparse_values, sparse_shape, out_type):
        check_components(sparse_indices, sparse_values, sparse_shape)
        dtype = dtypes.string if sparse_values.dtype == object else dtypes.as_dtype(sparse_values.dtype)
        return np.array([encode(np.asarray(sparse_indices, np.int64), dtypes.int64), encode(sparse_values, dtype),
                         encode(np.asarray(sparse_shape, np.int64), dtypes.int64)], dtype=object)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([[0, 1]], np.int64), np.array([1.5]), np.array([2, 2], np.int64)), {})]


@op("SerializeManySparse", inputs=("sparse_indices", "sparse_values", "sparse_shape"),
    attrs=dict(out_type=dtypes.string), type_attrs=dict(T="sparse_values"))
class SerializeManySparse:
    """An [N, 3] string tensor: for each entry of the first dimension (N = dense_shape[0]), its SparseTensor
    of one rank less, serialized. Indices must be ordered."""

    def infer(sparse_indices, sparse_values, sparse_shape, out_type):
        _check_out_type(out_type)
        infer_components("SerializeManySparse", sparse_indices, sparse_values, sparse_shape)
        return dtypes.string, [None, 3]

    def kernel(xp, sparse_indices, sparse_values, sparse_shape, out_type):
        check_components(sparse_indices, sparse_values, sparse_shape)
        dims = [int(d) for d in sparse_shape]
        if len(dims) < 2:
            raise invalid(f"Rank of input SparseTensor should be > 1, but saw rank: {len(dims)}")
        validate_ordered(sparse_indices, dims)
        dtype = dtypes.string if sparse_values.dtype == object else dtypes.as_dtype(sparse_values.dtype)
        coords = np.asarray(sparse_indices, np.int64)
        sub_shape = encode(np.asarray(dims[1:], np.int64), dtypes.int64)
        out = np.empty((dims[0], 3), dtype=object)
        for b in range(dims[0]):
            rows = coords[:, 0] == b
            out[b] = [encode(coords[rows][:, 1:], dtypes.int64), encode(sparse_values[rows], dtype), sub_shape]
        return out

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([[0, 1], [2, 0]], np.int64), np.array([1.5, 2.0]), np.array([3, 2], np.int64)), {})]


@op("DeserializeManySparse", inputs=("serialized_sparse",), attrs=dict(dtype=None), type_attrs={})
class DeserializeManySparse:
    """(indices, values, dense_shape): the [N, 3] serialized SparseTensors stacked along a new first dimension
    (the other dimensions the largest of theirs)."""

    def infer(serialized_sparse, dtype):
        dims = shape_fns.with_rank("DeserializeManySparse", serialized_sparse.shape, 2).as_list()
        shape_fns.merge_dim("DeserializeManySparse", dims[1], 3)
        return [(dtypes.int64, [None, None]), (dtype, [None]), (dtypes.int64, [None])]

    def kernel(xp, serialized_sparse, dtype):
        if serialized_sparse.ndim != 2 or serialized_sparse.shape[1] != 3:
            raise invalid(f"Serialized sparse should be a matrix with 3 columns but received shape "
                          f"{shape_text(serialized_sparse.shape)}")
        n = serialized_sparse.shape[0]
        if n == 0:
            raise invalid("Serialized sparse should have at least one SparseTensor")
        parts, rank = [], None
        for i in range(n):
            _, indices = decode(serialized_sparse[i, 0])
            values_dtype, values = decode(serialized_sparse[i, 1])
            _, shape = decode(serialized_sparse[i, 2])
            if values_dtype != dtype:
                raise invalid(f"Requested SparseTensor of type {_type_name(dtype)} but SparseTensor[{i}].values.dtype()"
                              f" == {_type_name(values_dtype)}")
            check_components(indices, values, shape)
            if rank is None:
                rank = shape.shape[0]
            elif shape.shape[0] != rank:
                raise invalid(f"Inconsistent shape across SparseTensors: rank prior to SparseTensor[{i}] was: {rank} "
                              f"but rank of SparseTensor[{i}] is: {shape.shape[0]}")
            parts.append((indices.astype(np.int64), values, shape.astype(np.int64)))
        out_shape = np.max(np.stack([p[2] for p in parts]), axis=0) if rank else np.zeros(0, np.int64)
        indices = np.concatenate([np.concatenate([np.full((p[0].shape[0], 1), i, np.int64), p[0]], 1)
                                  for i, p in enumerate(parts)], 0)
        values = np.concatenate([p[1] for p in parts], 0)
        return indices, values.astype(values.dtype), np.concatenate([[n], out_shape]).astype(np.int64)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([[encode(np.array([[1]], np.int64), dtypes.int64), encode(np.array([2.5]), dtypes.float64),
                            encode(np.array([3], np.int64), dtypes.int64)]], dtype=object),),
                dict(dtype=dtypes.float64))]


def _type_name(dtype) -> str:
    return {dtypes.float32: "float", dtypes.float64: "double", dtypes.string: "string"}.get(dtype, dtype.name)


@tf_export("io.serialize_sparse", "serialize_sparse")
def serialize_sparse(sp_input, name=None, out_type=dtypes.string):
    """`sp_input` as a [3] string tensor of serialized TensorProtos (indices, values, dense_shape)."""
    sp_input = to_sparse(sp_input)
    return SerializeSparse(sp_input.indices, sp_input.values, sp_input.dense_shape,
                           out_type=dtypes.as_dtype(out_type), name=name or "SerializeSparse")


@tf_export("io.serialize_many_sparse", "serialize_many_sparse")
def serialize_many_sparse(sp_input, name=None, out_type=dtypes.string):
    """An [N, 3] string tensor: each entry of `sp_input`'s first dimension serialized on its own."""
    sp_input = to_sparse(sp_input)
    return SerializeManySparse(sp_input.indices, sp_input.values, sp_input.dense_shape,
                               out_type=dtypes.as_dtype(out_type), name=name or "SerializeManySparse")


@tf_export("io.deserialize_many_sparse", "deserialize_many_sparse")
def deserialize_many_sparse(serialized_sparse, dtype, rank=None, name=None) -> SparseTensor:
    """The SparseTensor of the [N, 3] serialized rows stacked (of `dtype`; `rank` counts the new first
    dimension)."""
    serialized_sparse = convert_to_tensor(serialized_sparse)
    indices, values, shape = DeserializeManySparse(serialized_sparse, dtype=dtypes.as_dtype(dtype),
                                                   name=name or "DeserializeManySparse")
    indices.set_shape([None, rank])
    shape.set_shape([rank])
    return SparseTensor(indices, values, shape)

