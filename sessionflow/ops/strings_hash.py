"""Hashing strings into buckets with TF's hash functions, bit for bit: StringToHashBucket (TF's legacy
`Hash64`, MurmurHash64A seeded with 0xDECAFCAFFE), StringToHashBucketFast (`Fingerprint64`, FarmHash),
StringToHashBucketStrong (SipHash-2-4 keyed by two 64-bit integers) and Fingerprint (farmhash64 rows as
8 little-endian bytes)."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.fingerprint import fingerprint64
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.scopes import name_scope
from ..framework.tensor_shape import TensorShape
from .constant import convert_to_tensor
from .strings_common import as_bytes, check_minimum, map_strings, require_string, string_tensor

_MASK = (1 << 64) - 1
_S = np.array([b"hello", b"", b"a longer string of text"], dtype=object)


def hash64(data: bytes, seed: int = 0xDECAFCAFFE) -> int:
    """TF's `Hash64` (tensorflow/core/lib/hash): MurmurHash64A over little-endian 8-byte words."""
    m, r = 0xC6A4A7935BD1E995, 47
    n = len(data)
    h = (seed ^ (n * m)) & _MASK
    whole = n - n % 8
    for i in range(0, whole, 8):
        k = (int.from_bytes(data[i:i + 8], "little") * m) & _MASK
        k ^= k >> r
        k = (k * m) & _MASK
        h = ((h ^ k) * m) & _MASK
    if n % 8:
        h = ((h ^ int.from_bytes(data[whole:], "little")) * m) & _MASK
    h ^= h >> r
    h = (h * m) & _MASK
    return h ^ (h >> r)


def _rotl(x: int, b: int) -> int:
    return ((x << b) | (x >> (64 - b))) & _MASK


def siphash(k0: int, k1: int, data: bytes) -> int:
    """SipHash-2-4 of `data` under the 128-bit key (k0, k1) (highwayhash's SipHash, which TF uses)."""
    v0 = k0 ^ 0x736F6D6570736575
    v1 = k1 ^ 0x646F72616E646F6D
    v2 = k0 ^ 0x6C7967656E657261
    v3 = k1 ^ 0x7465646279746573

    def rounds(v0, v1, v2, v3, count):
        for _ in range(count):
            v0 = (v0 + v1) & _MASK
            v1 = _rotl(v1, 13) ^ v0
            v0 = _rotl(v0, 32)
            v2 = (v2 + v3) & _MASK
            v3 = _rotl(v3, 16) ^ v2
            v0 = (v0 + v3) & _MASK
            v3 = _rotl(v3, 21) ^ v0
            v2 = (v2 + v1) & _MASK
            v1 = _rotl(v1, 17) ^ v2
            v2 = _rotl(v2, 32)
        return v0, v1, v2, v3

    n = len(data)
    whole = n - n % 8
    for i in range(0, whole, 8):
        m = int.from_bytes(data[i:i + 8], "little")
        v3 ^= m
        v0, v1, v2, v3 = rounds(v0, v1, v2, v3, 2)
        v0 ^= m
    last = ((n & 0xFF) << 56) | int.from_bytes(data[whole:], "little")
    v3 ^= last
    v0, v1, v2, v3 = rounds(v0, v1, v2, v3, 2)
    v0 ^= last
    v2 ^= 0xFF
    v0, v1, v2, v3 = rounds(v0, v1, v2, v3, 4)
    return v0 ^ v1 ^ v2 ^ v3


def _bucket_op(type_name: str, hash_fn, doc: str, extra_attrs=None):
    extra = dict(extra_attrs or {})

    def infer(string_tensor, num_buckets, **attrs):
        require_string(type_name, "input" if type_name != "StringToHashBucket" else "string_tensor", string_tensor)
        check_minimum(type_name, "num_buckets", num_buckets, 1)
        return dtypes.int64, string_tensor.shape

    def kernel(xp, string_tensor, num_buckets, **attrs):
        fn = hash_fn(**attrs)
        return map_strings(lambda s: fn(s) % num_buckets, string_tensor, object).astype(np.int64)

    body = {"infer": infer, "kernel": kernel, "grad": NOT_DIFFERENTIABLE, "__doc__": doc,
            "samples": [((_S,), {"num_buckets": 10, **({"key": (1, 2)} if extra else {})})]}
    return op(type_name, inputs=("string_tensor" if type_name == "StringToHashBucket" else "input",),
              attrs={"num_buckets": None, **extra}, type_attrs={})(type(type_name, (), body))


def _strong(key):
    if len(key) != 2:
        raise errors.InvalidArgumentError(None, None, "Key must have 2 elements")
    k0, k1 = (int(k) & _MASK for k in key)
    return lambda s: siphash(k0, k1, s)


StringToHashBucket = _bucket_op("StringToHashBucket", lambda: hash64,
                                "Each string's bucket: TF's Hash64 modulo num_buckets (tf.string_to_hash_bucket).")
StringToHashBucketFast = _bucket_op("StringToHashBucketFast", lambda: fingerprint64,
                                    "Each string's bucket: Fingerprint64 (FarmHash) modulo num_buckets.")
StringToHashBucketStrong = _bucket_op("StringToHashBucketStrong", _strong,
                                      "Each string's bucket: SipHash-2-4 under `key` modulo num_buckets.",
                                      extra_attrs={"key": None})


@tf_export("string_to_hash_bucket", "strings.to_hash_bucket")
def string_to_hash_bucket(string_tensor=None, num_buckets=None, name=None, input=None):
    value = string_tensor if string_tensor is not None else input
    return StringToHashBucket(_strings(value), num_buckets=num_buckets, name=name)


def _strings(value):
    return string_tensor(value)


@tf_export("string_to_hash_bucket_fast", "strings.to_hash_bucket_fast")
def string_to_hash_bucket_fast(input, num_buckets, name=None):
    return StringToHashBucketFast(_strings(input), num_buckets=num_buckets, name=name)


@tf_export("string_to_hash_bucket_strong", "strings.to_hash_bucket_strong")
def string_to_hash_bucket_strong(input, num_buckets, key, name=None):
    return StringToHashBucketStrong(_strings(input), num_buckets=num_buckets, key=tuple(int(k) for k in key),
                                    name=name)


@op("Fingerprint", inputs=("data", "method"), type_attrs={"T": "data"})
class Fingerprint:
    """Each row of `data` (its first dimension) fingerprinted with farmhash64: uint8 [rows, 8]. A string row of
    one string hashes its bytes; a longer row hashes the concatenated fingerprints of its strings."""

    def infer(data, method):
        require_string("Fingerprint", "method", method)
        dims = data.shape.as_tuple()
        if dims is not None and len(dims) == 0:
            raise ValueError("Shape must be at least rank 1 but is rank 0 for 'Fingerprint'")
        return dtypes.uint8, TensorShape([None if dims is None else dims[0], 8])

    def kernel(xp, data, method):
        if as_bytes(method) != b"farmhash64":
            raise errors.InvalidArgumentError(
                None, None, f"Unsupported fingerprint method: {as_bytes(method).decode('utf-8', 'replace')}")
        array = np.asarray(data)
        rows = array.reshape(array.shape[0], -1) if array.size else array.reshape(array.shape[0], 0)
        out = np.zeros((array.shape[0], 8), np.uint8)
        for i, row in enumerate(rows):
            if array.dtype == object:
                if row.size == 1:
                    digest = fingerprint64(as_bytes(row[0]))
                else:
                    digest = fingerprint64(b"".join(fingerprint64(as_bytes(s)).to_bytes(8, "little") for s in row))
            else:
                digest = fingerprint64(np.ascontiguousarray(row).tobytes())
            out[i] = np.frombuffer(digest.to_bytes(8, "little"), np.uint8)
        return out

    grad = NOT_DIFFERENTIABLE
    samples = [((_S, np.array(b"farmhash64", dtype=object)), {}),
               ((np.array([[1, 2], [3, 4]], np.int32), np.array(b"farmhash64", dtype=object)), {})]


@tf_export("fingerprint")
def fingerprint(data, method="farmhash64", name=None):
    """Fingerprints of the rows of `data` (uint8 [rows, 8]), TF's farmhash64."""
    with name_scope(name, "Fingerprint", [data]) as scope:
        return Fingerprint(convert_to_tensor(data, name="data"), string_tensor(method, name="method"), name=scope)
