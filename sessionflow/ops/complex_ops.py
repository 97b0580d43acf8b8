"""Complex numbers: Complex, Real, Imag, Angle, Conj, ComplexAbs and ConjugateTranspose, with `tf.complex`,
`tf.real`, `tf.imag`, `tf.angle`, `tf.conj` and their `tf.math` names.

Gradients follow TF's convention for a real loss L of a complex z = x + iy: the gradient is
dL/dx + i dL/dy, and a complex output's incoming gradient has the same form. Under it the gradient of a
holomorphic f is `g * conj(f'(z))`, which is why TF's (and sessionflow's) gradients of Mul, Exp, MatMul, ...
multiply by conjugates: `conj` below returns a real tensor itself, so real graphs are unchanged.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op
from .common import COMPLEX, broadcast_shape, check_dtype
from .constant import convert_to_tensor

_REAL_OF = {dtypes.complex64: dtypes.float32, dtypes.complex128: dtypes.float64}
_COMPLEX_OF = {dtypes.float32: dtypes.complex64, dtypes.float64: dtypes.complex128}
_PARTS = (dtypes.float32, dtypes.float64)  # the `T` of Complex: TF's {float, double}

_Z = np.array([[0.5 - 1.25j, -2.0 + 0.75j], [1.5 + 0.5j, -0.25 - 1.0j]])
_COMPLEX_SAMPLES = [((_Z,), {}), ((np.array([3 - 4j, 0.5j], np.complex64),), {})]


def _real_part_samples(out):
    return [((_Z,), dict(Tout=dtypes.float64)),
            ((np.array([3 - 4j, 0.5j], np.complex64),), dict(Tout=dtypes.float32))] if out else _COMPLEX_SAMPLES


def _check_tout(op_type: str, x: Tensor, Tout) -> None:
    want = _REAL_OF[x.dtype.base_dtype]
    if Tout is not want:
        raise TypeError(f"{op_type}: Tout {getattr(Tout, 'name', Tout)} does not match input type "
                        f"{x.dtype.base_dtype.name} (it must be {want.name})")


@op("Complex", inputs=("real", "imag"), attrs=dict(Tout=dtypes.complex64), type_attrs=dict(T="real"))
class Complex:
    """real + i * imag, broadcasting."""

    def infer(real, imag, Tout):
        check_dtype("Complex", "real", real, _PARTS)
        if imag.dtype.base_dtype is not real.dtype.base_dtype:
            raise TypeError(f"Input 'imag' of 'Complex' Op has type {imag.dtype.base_dtype.name} that does not "
                            f"match type {real.dtype.base_dtype.name} of argument 'real'.")
        if Tout is not _COMPLEX_OF[real.dtype.base_dtype]:
            raise TypeError(f"Complex: Tout {Tout.name} does not match input type {real.dtype.base_dtype.name}")
        return Tout, broadcast_shape("Complex", real.shape, imag.shape)

    def kernel(xp, real, imag, Tout):
        out = xp.empty(xp.broadcast_shapes(real.shape, imag.shape), dtype=Tout.as_numpy_dtype)
        out.real = real
        out.imag = imag
        return out

    def grad(op_, g):
        from .math import _binary_grads

        return _binary_grads(op_, real(g), imag(g))

    samples = [((np.array([[0.5, -1.0], [2.0, 0.25]]), np.array([1.5, -0.75])), dict(Tout=dtypes.complex128)),
               ((np.array(1.0, np.float32), np.array([2.0, -3.0], np.float32)), dict(Tout=dtypes.complex64))]


@op("Real", inputs=("input",), attrs=dict(Tout=dtypes.float32))
class Real:
    """The real part."""

    def infer(input, Tout):
        check_dtype("Real", "input", input, COMPLEX)
        _check_tout("Real", input, Tout)
        return Tout, input.shape

    def kernel(xp, input, Tout):
        return xp.ascontiguousarray(xp.real(input))

    def grad(op_, g):
        return (complex(g, _zero_like(g)),)

    samples = _real_part_samples(True)


@op("Imag", inputs=("input",), attrs=dict(Tout=dtypes.float32))
class Imag:
    """The imaginary part."""

    def infer(input, Tout):
        check_dtype("Imag", "input", input, COMPLEX)
        _check_tout("Imag", input, Tout)
        return Tout, input.shape

    def kernel(xp, input, Tout):
        return xp.ascontiguousarray(xp.imag(input))

    def grad(op_, g):
        return (complex(_zero_like(g), g),)

    samples = _real_part_samples(True)


@op("Angle", inputs=("input",), attrs=dict(Tout=dtypes.float32))
class Angle:
    """The argument atan2(imag, real), in (-pi, pi]."""

    def infer(input, Tout):
        check_dtype("Angle", "input", input, COMPLEX)
        _check_tout("Angle", input, Tout)
        return Tout, input.shape

    def kernel(xp, input, Tout):
        return xp.angle(input).astype(Tout.as_numpy_dtype)

    def grad(op_, g):
        # d angle = (x dy - y dx) / |z|^2, written as TF does: -g / (imag + i real)
        from .math import multiply, negative, reciprocal

        z = op_.inputs[0]
        with get_default_graph().control_dependencies([g]):
            inv = reciprocal(complex(imag(z), real(z)))
            return (negative(multiply(complex(g, _zero_like(g)), inv)),)

    samples = _real_part_samples(True)


@op("ComplexAbs", inputs=("x",), attrs=dict(Tout=dtypes.float32))
class ComplexAbs:
    """|x| of a complex tensor (`tf.abs` of complex input)."""

    def infer(x, Tout):
        check_dtype("ComplexAbs", "x", x, COMPLEX)
        _check_tout("ComplexAbs", x, Tout)
        return Tout, x.shape

    def kernel(xp, x, Tout):
        return xp.abs(x).astype(Tout.as_numpy_dtype)

    def grad(op_, g):
        from .math import div_no_nan, multiply

        out = op_.outputs[0]
        return (div_no_nan(multiply(complex(g, _zero_like(g)), op_.inputs[0]), complex(out, _zero_like(out))),)

    samples = _real_part_samples(True)


@op("Conj", inputs=("input",))
class Conj:
    """The complex conjugate."""

    def infer(input):
        check_dtype("Conj", "input", input, COMPLEX | {dtypes.variant})
        return input.dtype.base_dtype, input.shape

    def kernel(xp, input):
        return xp.conj(input)

    def grad(op_, g):
        return (conj(g),)

    samples = _COMPLEX_SAMPLES


@op("ConjugateTranspose", inputs=("x", "perm"), type_attrs=dict(T="x", Tperm="perm"))
class ConjugateTranspose:
    """conj(transpose(x, perm)): `tf.transpose(x, conjugate=True)` of a complex tensor."""

    def infer(x, perm):
        from .array_transform import Transpose

        return Transpose.infer(x, perm)

    def kernel(xp, x, perm):
        from .array_transform import Transpose

        return xp.conj(Transpose.kernel(xp, x, perm))

    def grad(op_, g):
        from .array_transform import InvertPermutation

        return ConjugateTranspose(g, InvertPermutation(op_.inputs[1])), None

    samples = [((_Z, np.array([1, 0], np.int32)), {}),
               ((np.arange(6.0).reshape(1, 2, 3) * (1 + 1j), np.array([2, 0, 1], np.int32)), {})]


def _zero_like(t: Tensor) -> Tensor:
    return convert_to_tensor(0, dtype=t.dtype.base_dtype)


# --- public wrappers -------------------------------------------------------------------------

@tf_export("dtypes.complex", "complex")
def complex(real, imag, name=None) -> Tensor:  # noqa: A001 - TF's public name
    """`tf.complex`: real + i * imag; float32 parts give complex64, float64 parts complex128."""
    real = convert_to_tensor(real, name="real")
    imag = convert_to_tensor(imag, name="imag")
    with get_default_graph().name_scope(name or "Complex") as scope:
        pair = (real.dtype.base_dtype, imag.dtype.base_dtype)
        if pair not in ((dtypes.float32, dtypes.float32), (dtypes.float64, dtypes.float64)):
            raise TypeError(f"The `real` and `imag` components have incorrect types: {pair[0].name} {pair[1].name}. "
                            f"They must be consistent, and one of [tf.float32, tf.float64]")
        return Complex(real, imag, Tout=_COMPLEX_OF[pair[0]], name=scope)


@tf_export("math.real", "real")
def real(input, name=None) -> Tensor:  # noqa: A002 - TF's argument name
    """`tf.math.real`: the real part; a real tensor is returned as it is."""
    with get_default_graph().name_scope(name or "Real") as scope:
        input = convert_to_tensor(input, name="input")
        if input.dtype.is_complex:
            return Real(input, Tout=_REAL_OF[input.dtype.base_dtype], name=scope)
        return input


@tf_export("math.imag", "imag")
def imag(input, name=None) -> Tensor:  # noqa: A002
    """`tf.math.imag`: the imaginary part; zeros for a real tensor."""
    with get_default_graph().name_scope(name or "Imag") as scope:
        input = convert_to_tensor(input, name="input")
        if input.dtype.is_complex:
            return Imag(input, Tout=_REAL_OF[input.dtype.base_dtype], name=scope)
        from .array import zeros_like

        return zeros_like(input, name=scope)


@tf_export("math.angle", "angle")
def angle(input, name=None) -> Tensor:  # noqa: A002
    """`tf.math.angle`: the argument of a complex tensor; pi where a real tensor is negative, else 0."""
    with get_default_graph().name_scope(name or "Angle") as scope:
        input = convert_to_tensor(input, name="input")
        if input.dtype.is_complex:
            return Angle(input, Tout=_REAL_OF[input.dtype.base_dtype], name=scope)
        from .array import ones_like, zeros_like
        from .array_index import where
        from .math import less, multiply

        return where(less(input, _zero_like(input)), multiply(np.pi, ones_like(input)), zeros_like(input),
                     name=scope)


@tf_export("math.conj", "conj")
def conj(x, name=None) -> Tensor:
    """`tf.math.conj`: the complex conjugate; a real tensor is returned as it is (no op)."""
    if isinstance(x, Tensor):
        dtype = x.dtype.base_dtype
        if dtype.is_complex or dtype is dtypes.variant:
            with get_default_graph().name_scope(name or "Conj") as scope:
                return Conj(x, name=scope)
        if dtype.is_floating or dtype.is_integer or dtype is dtypes.bool:
            return x
        raise TypeError(f"Expected numeric or variant tensor, got dtype {dtype!r}.")
    with get_default_graph().name_scope(name or "Conj") as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype.is_complex:
            return Conj(x, name=scope)
        if x.dtype.base_dtype is dtypes.string:
            raise TypeError(f"Expected numeric or variant tensor, got dtype {x.dtype.base_dtype!r}.")
        return x


def complex_abs(x: Tensor, name) -> Tensor:
    """ComplexAbs of a complex tensor, for `tf.abs`."""
    return ComplexAbs(x, Tout=_REAL_OF[x.dtype.base_dtype], name=name)


def real_dtype(dtype) -> dtypes.DType:
    return _REAL_OF[dtypes.as_dtype(dtype).base_dtype]


def complex_dtype(dtype) -> dtypes.DType:
    return _COMPLEX_OF[dtypes.as_dtype(dtype).base_dtype]
