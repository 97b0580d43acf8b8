"""TensorFlow's dtypes: `tf.float32`, `tf.as_dtype`, and the Python-value conversion rules."""

from __future__ import annotations

import builtins

import ml_dtypes
import numpy as np

__all__ = ["DType", "as_dtype"]


class DType:
    """A TensorFlow element type. Instances are interned: compare with `==` or `is`.

    `float32_ref` and friends are the reference types of TF1 variables; `base_dtype` strips the ref.
    """

    __slots__ = ("_name", "_enum", "_np", "_is_ref", "_base")

    def __init__(self, name: str, enum: int, np_type, is_ref: bool = False, base: "DType | None" = None):
        self._name = name
        self._enum = enum
        self._np = np_type
        self._is_ref = is_ref
        self._base = base if base is not None else self

    # --- identity -------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._name

    @property
    def as_datatype_enum(self) -> int:
        return self._enum

    @property
    def as_numpy_dtype(self):
        return self._np

    @property
    def base_dtype(self) -> "DType":
        return self._base

    @property
    def real_dtype(self) -> "DType":
        base = self._base
        if base is complex64:
            return float32
        if base is complex128:
            return float64
        return base

    @property
    def _is_ref_dtype(self) -> bool:
        return self._is_ref

    @property
    def _as_ref(self) -> "DType":
        return self if self._is_ref else _REF_OF[self]

    # --- kinds ----------------------------------------------------------------------------
    @property
    def is_floating(self) -> bool:
        return self._base in _FLOATING

    @property
    def is_integer(self) -> bool:
        return self._base in _INTEGERS

    @property
    def is_unsigned(self) -> bool:
        return self._base in (uint8, uint16, uint32, uint64, uint4, uint2)

    @property
    def is_complex(self) -> bool:
        return self._base in (complex64, complex128)

    @property
    def is_bool(self) -> bool:
        return self._base is bool

    @property
    def is_numpy_compatible(self) -> bool:
        return self._base not in (resource, variant)

    @property
    def is_quantized(self) -> bool:
        return self._base in _QUANTIZED

    @property
    def size(self) -> int:
        if self._np is None or self._base is string:
            return 1
        return np.dtype(self._np).itemsize

    def _limit(self, which: str):
        if self.is_floating:
            return getattr(ml_dtypes.finfo(self._np), which)
        if self.is_integer:
            return int(getattr(ml_dtypes.iinfo(self._np), which))
        kind = "quantized type" if self.is_quantized else "type"
        raise TypeError(f"Cannot find {'minimum' if which == 'min' else 'maximum'} value of {self} with {kind} "
                        f"{self._base}.")

    @property
    def min(self):
        """The lowest value (a NumPy scalar for floats, an int for integers); TypeError otherwise."""
        return self._limit("min")

    @property
    def max(self):
        """The highest value (a NumPy scalar for floats, an int for integers); TypeError otherwise."""
        return self._limit("max")

    @property
    def limits(self):
        return self.min, self.max

    def is_compatible_with(self, other) -> bool:
        other = as_dtype(other)
        return self._enum == other._enum or self._enum == other.base_dtype._enum

    # --- protocol -------------------------------------------------------------------------
    def __eq__(self, other):
        if other is None:
            return False
        if isinstance(other, DType):
            return self is other
        try:
            return self is as_dtype(other)
        except TypeError:
            return False

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return self._enum

    def __reduce__(self):
        return as_dtype, (self._name,)

    def __repr__(self):
        return f"tf.{self._name}"

    def __str__(self):
        return f"<dtype: '{self._name}'>"


def _make(name, enum, np_type):
    return DType(name, enum, np_type)


float16 = _make("float16", 19, np.float16)
half = float16
float32 = _make("float32", 1, np.float32)
float64 = _make("float64", 2, np.float64)
double = float64
bfloat16 = _make("bfloat16", 14, ml_dtypes.bfloat16)
int8 = _make("int8", 6, np.int8)
int16 = _make("int16", 5, np.int16)
int32 = _make("int32", 3, np.int32)
int64 = _make("int64", 9, np.int64)
uint8 = _make("uint8", 4, np.uint8)
uint16 = _make("uint16", 17, np.uint16)
uint32 = _make("uint32", 22, np.uint32)
uint64 = _make("uint64", 23, np.uint64)
bool = _make("bool", 10, np.bool_)  # noqa: A001 - TF's public name
string = _make("string", 7, np.object_)
complex64 = _make("complex64", 8, np.complex64)
complex128 = _make("complex128", 18, np.complex128)
resource = _make("resource", 20, np.object_)
variant = _make("variant", 21, np.object_)

# Quantized types: TF's NumPy types are one-field structured dtypes; their tensors are held (and fetched) as
# arrays of the plain integer type (`storage_numpy_dtype`), as TF's session returns them.
qint8 = _make("qint8", 11, np.dtype([("qint8", np.int8)]))
quint8 = _make("quint8", 12, np.dtype([("quint8", np.uint8)]))
qint16 = _make("qint16", 15, np.dtype([("qint16", np.int16)]))
quint16 = _make("quint16", 16, np.dtype([("quint16", np.uint16)]))
qint32 = _make("qint32", 13, np.dtype([("qint32", np.int32)]))

# The 8-, 4- and 2-bit types of tf.dtypes.experimental: NumPy types from ml_dtypes, as TF's.
float8_e5m2 = _make("float8_e5m2", 24, ml_dtypes.float8_e5m2)
float8_e4m3fn = _make("float8_e4m3fn", 25, ml_dtypes.float8_e4m3fn)
float8_e4m3fnuz = _make("float8_e4m3fnuz", 26, ml_dtypes.float8_e4m3fnuz)
float8_e4m3b11fnuz = _make("float8_e4m3b11fnuz", 27, ml_dtypes.float8_e4m3b11fnuz)
float8_e5m2fnuz = _make("float8_e5m2fnuz", 28, ml_dtypes.float8_e5m2fnuz)
int4 = _make("int4", 29, ml_dtypes.int4)
uint4 = _make("uint4", 30, ml_dtypes.uint4)
int2 = _make("int2", 31, ml_dtypes.int2)
uint2 = _make("uint2", 32, ml_dtypes.uint2)
float4_e2m1fn = _make("float4_e2m1fn", 33, ml_dtypes.float4_e2m1fn)

_LOW_BIT = (float8_e5m2, float8_e4m3fn, float8_e4m3fnuz, float8_e4m3b11fnuz, float8_e5m2fnuz, int4, uint4, int2,
            uint2, float4_e2m1fn)
_FLOATING = (float16, float32, float64, bfloat16, float8_e5m2, float8_e4m3fn, float8_e4m3fnuz, float8_e4m3b11fnuz,
             float8_e5m2fnuz, float4_e2m1fn)
_INTEGERS = (int8, int16, int32, int64, uint8, uint16, uint32, uint64, int4, uint4, int2, uint2)
_QUANTIZED = (qint8, quint8, qint16, quint16, qint32)
_ALL = (float16, float32, float64, bfloat16, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
        bool, string, complex64, complex128, resource, variant) + _QUANTIZED + _LOW_BIT

_REF_OF: dict[DType, DType] = {}
for _d in _ALL:
    _ref = DType(_d.name + "_ref", _d.as_datatype_enum + 100, _d.as_numpy_dtype, is_ref=True, base=_d)
    _REF_OF[_d] = _ref
    globals()[_d.name + "_ref"] = _ref

_BY_NAME = {d.name: d for d in _ALL}
_BY_NAME.update({r.name: r for r in _REF_OF.values()})
_BY_NAME.update(half=float16, double=float64, float=float32)
_BY_ENUM = {d.as_datatype_enum: d for d in _BY_NAME.values()}
_BY_NP = {np.dtype(d.as_numpy_dtype): d for d in _ALL
          if d.as_numpy_dtype is not None and d not in (resource, variant)}
_BY_NP[np.dtype(np.str_)] = string
_BY_NP[np.dtype(np.bytes_)] = string

_PY_TYPES = {float: float32, int: int32, complex: complex128, str: string, bytes: string}

QUANTIZED_DTYPES = frozenset(_QUANTIZED + tuple(_REF_OF[d] for d in _QUANTIZED))


def storage_numpy_dtype(dtype: DType) -> np.dtype:
    """The NumPy dtype of the arrays holding `dtype`'s tensors: the plain integer type of a quantized type
    (`as_numpy_dtype` is TF's structured dtype), the NumPy type of any other."""
    npd = np.dtype(dtype.as_numpy_dtype)
    return npd[0] if npd.names else npd



def as_dtype(type_value) -> DType:
    """Converts a DType, name, enum, NumPy dtype or Python type to a `DType` (TypeError otherwise)."""
    if isinstance(type_value, DType):
        return type_value
    if isinstance(type_value, str):
        found = _BY_NAME.get(type_value)
        if found is not None:
            return found
    elif type(type_value) is int:
        found = _BY_ENUM.get(type_value)
        if found is not None:
            return found
    if type_value is builtins.bool:
        return bool
    if isinstance(type_value, type) and type_value in _PY_TYPES:
        return _PY_TYPES[type_value]
    try:
        npd = np.dtype(type_value)
    except (TypeError, ValueError):
        npd = None
    if npd is not None:
        if npd.kind in "US":
            return string
        found = _BY_NP.get(npd)
        if found is not None:
            return found
    raise TypeError(f"Cannot convert value {type_value!r} to a TensorFlow DType.")


def _export():
    from .api import export_value

    for d in _QUANTIZED:
        export_value((d.name, f"dtypes.{d.name}"), d)
    export_value(("QUANTIZED_DTYPES", "dtypes.QUANTIZED_DTYPES"), QUANTIZED_DTYPES)
    for d in _LOW_BIT:
        export_value((f"dtypes.experimental.{d.name}",), d)


_export()
