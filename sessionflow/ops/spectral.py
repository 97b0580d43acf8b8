"""Fourier transforms: TF's FFT ops (FFT/IFFT over the innermost 1, 2 or 3 axes, RFFT/IRFFT of real signals
with an `fft_length`, and the FFTND family over chosen axes), their kernels on `xp.fft`, shapes and gradients,
and the `tf.signal` / `tf.spectral` wrappers (`rfft` infers `fft_length` and pads as TF's does).

Gradients (TF's convention, see complex_ops): the adjoint of a complex FFT of size N is N times the inverse
transform, as TF's. RFFT's gradient is the exact adjoint of "crop/pad to fft_length, transform, keep the
non-negative frequencies": zero-pad the half spectrum, N times the inverse complex transform, the real part,
cropped or padded back to the input's shape (TF builds the same values from an IRFFT plus correction terms
for the dropped Hermitian half). IRFFT's is TF's: RFFT of the gradient, scaled by 1/N and by 2 on the bins
that stand for two. TF has no gradient for RFFT3D/IRFFT3D and the ND ops; sessionflow's are the same adjoints.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op, static_value
from ..framework.tensor_shape import TensorShape
from . import shape_fns
from .common import COMPLEX, check_dtype
from .constant import constant, convert_to_tensor

_REALS = (dtypes.float32, dtypes.float64)
_COMPLEX_OF = {dtypes.float32: dtypes.complex64, dtypes.float64: dtypes.complex128}
_REAL_OF = {v: k for k, v in _COMPLEX_OF.items()}

_rng = np.random.RandomState(7)
_C3 = _rng.uniform(-1, 1, (2, 3, 4)) + 1j * _rng.uniform(-1, 1, (2, 3, 4))
_R3 = _rng.uniform(-1, 1, (2, 3, 4))


def _ints(t: Tensor):
    v = static_value(t)
    return None if v is None else [int(x) for x in np.reshape(v, -1)]


def _empty_result(xp, shape, dtype):
    return xp.zeros(shape, dtype=dtype.as_numpy_dtype)


def _check_lengths(op_type: str, lengths, rank: int):
    if len(lengths) != rank:
        raise errors.InvalidArgumentError(None, None, f"fft_length must be length {rank} vectors")
    if any(n < 0 for n in lengths):
        raise errors.InvalidArgumentError(None, None, f"fft_length must be non-negative: {list(lengths)}")


# --- complex transforms over the innermost axes ------------------------------------------------

def _declare_complex(type_name: str, rank: int, inverse: bool):
    axes = tuple(range(-rank, 0))
    transform = "ifftn" if inverse else "fftn"

    def infer(input):
        check_dtype(type_name, "input", input, (dtypes.complex64, dtypes.complex128))
        shape_fns.with_rank_at_least(type_name, input.shape, rank)
        return input.dtype.base_dtype, input.shape

    def kernel(xp, input):
        if input.size == 0:
            return xp.zeros_like(input)
        return getattr(xp.fft, transform)(input, axes=axes).astype(input.dtype)

    def grad(op_, g):
        return (_scaled(REGISTRY_COMPLEX[(rank, not inverse)](g), g, rank, inverse),)

    samples = [((_C3,), {}), ((_C3.astype(np.complex64),), {})]
    return op(type_name, inputs=("input",), type_attrs={"Tcomplex": "input"})(
        type(type_name, (), dict(infer=infer, kernel=kernel, grad=grad, samples=samples,
                                 __doc__=f"{'Inverse ' if inverse else ''}{rank}-D discrete Fourier transform "
                                         f"over the innermost {rank} axes.")))


def _fft_size(t: Tensor, rank: int) -> Tensor:
    """The number of points of a transform over the innermost `rank` axes of `t` (int32 scalar)."""
    dims = t.shape.as_tuple()
    if dims is not None and None not in dims[-rank:]:
        return constant(int(np.prod(dims[-rank:], dtype=np.int64)), dtypes.int32)
    from .array import shape
    from .reduction import reduce_prod

    return reduce_prod(shape(t)[-rank:])


def _scaled(transformed: Tensor, g: Tensor, rank: int, divide: bool) -> Tensor:
    """`transformed` times the transform size N of `g` (divided by N when `divide`), as TF's FFT gradients."""
    from .math import cast, multiply, reciprocal

    size = _fft_size(g, rank)
    if divide:
        factor = cast(reciprocal(cast(size, g.dtype.real_dtype)), g.dtype)
    else:
        factor = cast(size, g.dtype)
    return multiply(transformed, factor)


FFT = _declare_complex("FFT", 1, False)
IFFT = _declare_complex("IFFT", 1, True)
FFT2D = _declare_complex("FFT2D", 2, False)
IFFT2D = _declare_complex("IFFT2D", 2, True)
FFT3D = _declare_complex("FFT3D", 3, False)
IFFT3D = _declare_complex("IFFT3D", 3, True)
REGISTRY_COMPLEX = {(1, False): FFT, (1, True): IFFT, (2, False): FFT2D, (2, True): IFFT2D, (3, False): FFT3D,
                    (3, True): IFFT3D}


# --- real transforms ---------------------------------------------------------------------------

def _rfft_shape(op_type, input, fft_length, rank, inverse):
    """TF's RFFT/IRFFT shape function: input of rank >= `rank`, fft_length a vector of `rank` entries; the
    innermost dims become fft_length (the last one fft_length//2 + 1 for RFFT)."""
    shape = shape_fns.with_rank_at_least(op_type, input.shape, rank)
    shape_fns.with_rank(op_type, fft_length.shape, 1)
    n = fft_length.shape.as_tuple()
    if n is not None and n[0] is not None and n[0] != rank:
        raise ValueError(f"Dimension must be {rank} but is {n[0]} for '{op_type}'")
    lengths = _ints(fft_length)
    if shape.ndims is None:
        return TensorShape(None)
    outer = list(shape.as_tuple()[:-rank])
    if lengths is None:
        return TensorShape(outer + [None] * rank)
    inner = list(lengths)
    if not inverse:
        inner[-1] = inner[-1] // 2 + 1
    return TensorShape(outer + inner)


def _declare_real(type_name: str, rank: int, inverse: bool):
    axes = tuple(range(-rank, 0))

    if inverse:
        attrs, type_attrs = dict(Treal=dtypes.float32), {"Tcomplex": "input"}

        def infer(input, fft_length, Treal):
            check_dtype(type_name, "input", input, (dtypes.complex64, dtypes.complex128))
            check_dtype(type_name, "fft_length", fft_length, (dtypes.int32,))
            return Treal, _rfft_shape(type_name, input, fft_length, rank, True)

        def kernel(xp, input, fft_length, Treal):
            lengths = [int(n) for n in np.reshape(fft_length, -1)]
            _check_lengths(type_name, lengths, rank)
            out_shape = input.shape[:-rank] + tuple(lengths)
            if input.size == 0 or 0 in lengths:
                return _empty_result(xp, out_shape, Treal)
            return xp.fft.irfftn(input, s=lengths, axes=axes).astype(Treal.as_numpy_dtype)

        def grad(op_, g):
            return _irfft_grad(op_, g, rank), None
    else:
        attrs, type_attrs = dict(Tcomplex=dtypes.complex64), {"Treal": "input"}

        def infer(input, fft_length, Tcomplex):
            check_dtype(type_name, "input", input, _REALS)
            check_dtype(type_name, "fft_length", fft_length, (dtypes.int32,))
            return Tcomplex, _rfft_shape(type_name, input, fft_length, rank, False)

        def kernel(xp, input, fft_length, Tcomplex):
            lengths = [int(n) for n in np.reshape(fft_length, -1)]
            _check_lengths(type_name, lengths, rank)
            out_shape = input.shape[:-rank] + tuple(lengths[:-1]) + (lengths[-1] // 2 + 1,)
            if input.size == 0 or 0 in lengths:
                return _empty_result(xp, out_shape, Tcomplex)
            return xp.fft.rfftn(input, s=lengths, axes=axes).astype(Tcomplex.as_numpy_dtype)

        def grad(op_, g):
            return _rfft_grad(op_, g, rank), None

    if inverse:
        spec = _C3[..., :3]
        samples = [((spec, np.array([3, 4][-rank:] if rank < 3 else [2, 3, 4], np.int32)), dict(Treal=dtypes.float64)),
                   ((spec, np.array([2, 5, 5][-rank:], np.int32)), dict(Treal=dtypes.float64)),
                   ((spec.astype(np.complex64), np.array([3, 3, 4][-rank:], np.int32)), dict(Treal=dtypes.float32))]
    else:
        samples = [((_R3, np.array([2, 3, 4][-rank:], np.int32)), dict(Tcomplex=dtypes.complex128)),
                   ((_R3, np.array([3, 2, 5][-rank:], np.int32)), dict(Tcomplex=dtypes.complex128)),
                   ((_R3.astype(np.float32), np.array([2, 3, 3][-rank:], np.int32)), dict(Tcomplex=dtypes.complex64))]
    doc = f"{'Inverse ' if inverse else ''}{rank}-D real-valued Fourier transform over the innermost {rank} axes."
    return op(type_name, inputs=("input", "fft_length"), attrs=attrs, type_attrs=type_attrs)(
        type(type_name, (), dict(infer=infer, kernel=kernel, grad=grad, samples=samples, __doc__=doc)))


def _fit_inner(t: Tensor, like: Tensor, axes) -> Tensor:
    """`t` cropped or zero-padded along `axes` (non-negative) to `like`'s sizes there (other dims as they are)."""
    from .array import shape as shape_of, stack, zeros
    from .array_transform import pad, slice as slice_
    from .math import maximum, minimum, subtract

    ts, ls = t.shape.as_tuple(), like.shape.as_tuple()
    if ts is None or ls is None:
        return t
    rank = len(ts)
    if all(ts[a] is not None and ts[a] == ls[a] for a in axes):
        return t
    if all(ts[a] is not None and ls[a] is not None for a in axes):
        if any(ts[a] > ls[a] for a in axes):
            t = slice_(t, [0] * rank, [min(ts[a], ls[a]) if a in axes else -1 for a in range(rank)])
        if any(ts[a] < ls[a] for a in axes):
            t = pad(t, [[0, max(ls[a] - ts[a], 0) if a in axes else 0] for a in range(rank)])
        return t
    st, sl = shape_of(t), shape_of(like)
    sizes = stack([minimum(st[a], sl[a]) if a in axes else constant(-1) for a in range(rank)])
    t = slice_(t, zeros([rank], dtypes.int32), sizes)
    after = stack([maximum(subtract(sl[a], st[a]), 0) if a in axes else constant(0) for a in range(rank)])
    return pad(t, stack([zeros([rank], dtypes.int32), after], axis=1))


def _rfft_grad(op_, g, rank):
    """The adjoint of RFFT*: zero-pad the half spectrum to fft_length, N * inverse complex transform, real part,
    cropped or padded back to the input."""
    from .array import concat, stack, zeros
    from .array_transform import pad
    from .complex_ops import real
    from .math import subtract, floordiv

    x, fft_length = op_.inputs
    ndims = g.shape.ndims
    lengths = _ints(fft_length)
    if lengths is not None:
        missing = lengths[-1] - (lengths[-1] // 2 + 1)
        full = pad(g, [[0, 0]] * (ndims - 1) + [[0, missing]]) if missing else g
    else:
        last = fft_length[-1]
        missing = subtract(last, floordiv(last, 2) + 1)
        paddings = concat([zeros([ndims - 1, 2], dtypes.int32),
                           stack([stack([constant(0), missing])])], 0)
        full = pad(g, paddings)
    spatial = _scaled(REGISTRY_COMPLEX[(rank, True)](full), full, rank, False)
    axes = list(range(ndims - rank, ndims))
    return _fit_inner(real(spatial), x, axes)


def _irfft_grad(op_, g, rank):
    """TF's IRFFT gradient: RFFT of the gradient (the same fft_length) times mask / N, where the mask doubles the
    bins that stand for two (all but the first, and the last when fft_length is even); fitted to the input."""
    from .array import concat, ones
    from .math import cast, floormod, multiply, reciprocal, subtract

    x, fft_length = op_.inputs
    real_dtype = g.dtype.base_dtype
    complex_dtype = _COMPLEX_OF[real_dtype]
    lengths = _ints(fft_length)
    spectrum = REGISTRY_REAL[(rank, False)](g, fft_length, Tcomplex=complex_dtype)
    if lengths is not None:
        bins = lengths[-1] // 2 + 1
        mask_np = np.full(bins, 2.0)
        mask_np[0] = 1.0
        if lengths[-1] % 2 == 0:
            mask_np[-1] = 1.0
        size = float(np.prod(lengths, dtype=np.float64))
        mask = constant((mask_np / size).astype(complex_dtype.as_numpy_dtype))
    else:
        is_odd = floormod(fft_length[-1], 2)
        bins = fft_length[-1] // 2 + 1
        halves = concat([constant([1.0], real_dtype), 2.0 * ones([bins - 2 + is_odd], real_dtype),
                         ones([subtract(1, is_odd)], real_dtype)], 0)
        from .reduction import reduce_prod

        rsize = reciprocal(cast(reduce_prod(fft_length), real_dtype))
        mask = cast(multiply(halves, rsize), complex_dtype)
    out = multiply(spectrum, mask)
    ndims = g.shape.ndims
    return _fit_inner(out, x, list(range(ndims - rank, ndims)))


RFFT = _declare_real("RFFT", 1, False)
IRFFT = _declare_real("IRFFT", 1, True)
RFFT2D = _declare_real("RFFT2D", 2, False)
IRFFT2D = _declare_real("IRFFT2D", 2, True)
RFFT3D = _declare_real("RFFT3D", 3, False)
IRFFT3D = _declare_real("IRFFT3D", 3, True)
REGISTRY_REAL = {(1, False): RFFT, (1, True): IRFFT, (2, False): RFFT2D, (2, True): IRFFT2D, (3, False): RFFT3D,
                 (3, True): IRFFT3D}


# --- public wrappers -------------------------------------------------------------------------

def _complex_wrapper(opdef, default_name: str, *names: str):
    def fn(input, name=None):  # noqa: A002 - TF's argument name
        with get_default_graph().name_scope(name or default_name) as scope:
            return opdef(convert_to_tensor(input, name="input"), name=scope)

    fn.__name__ = fn.__qualname__ = default_name.lower()
    fn.__doc__ = f"`tf.signal.{fn.__name__}`: the {opdef.type} op."
    return tf_export(*names)(fn)


fft = _complex_wrapper(FFT, "FFT", "signal.fft", "spectral.fft", "fft")
ifft = _complex_wrapper(IFFT, "IFFT", "signal.ifft", "spectral.ifft", "ifft")
fft2d = _complex_wrapper(FFT2D, "FFT2D", "signal.fft2d", "spectral.fft2d", "fft2d")
ifft2d = _complex_wrapper(IFFT2D, "IFFT2D", "signal.ifft2d", "spectral.ifft2d", "ifft2d")
fft3d = _complex_wrapper(FFT3D, "FFT3D", "signal.fft3d", "spectral.fft3d", "fft3d")
ifft3d = _complex_wrapper(IFFT3D, "IFFT3D", "signal.ifft3d", "spectral.ifft3d", "ifft3d")


def _infer_length(input: Tensor, rank: int, inverse: bool) -> Tensor:
    dims = input.shape.as_tuple()[-rank:]
    if None in dims:
        from .array import shape

        inner = shape(input)[-rank:]
        if not inverse:
            return inner
        from .array import concat
        from .math import maximum

        return concat([inner[:-1], maximum(0, 2 * (inner[-1:] - 1))], 0)
    dims = list(dims)
    if inverse and dims:
        dims[-1] = max(0, 2 * (dims[-1] - 1))
    return convert_to_tensor(dims, dtypes.int32)


def _pad_to_length(input: Tensor, rank: int, fft_length: Tensor, inverse: bool) -> Tensor:
    """TF's `_maybe_pad_for_rfft`: zero-pads the innermost `rank` dims up to fft_length (fft_length // 2 + 1 for
    the last dim of an inverse transform's input); the op itself crops what is longer."""
    from .array_transform import pad

    dims = input.shape.as_tuple()
    if dims is not None and 0 in dims:
        return input
    lengths = _ints(fft_length)
    if lengths is not None and dims is not None and None not in dims[-len(lengths):]:
        want = list(lengths)
        if inverse and want:
            want[-1] = want[-1] // 2 + 1
        inner = dims[-len(want):] if want else ()
        pads = [[0, max(w - d, 0)] for w, d in zip(want, inner)]
        if any(p for _, p in pads):
            return pad(input, [[0, 0]] * max(len(dims) - len(want), 0) + pads)
        return input
    from .array import concat, rank as rank_of, shape, stack, zeros, zeros_like
    from .math import maximum

    outer = zeros([maximum(0, rank_of(input) - rank)], fft_length.dtype)
    if inverse:
        fft_length = concat([fft_length[:-1], fft_length[-1:] // 2 + 1], 0)
    paddings = concat([outer, maximum(0, fft_length - shape(input)[-rank:])], 0)
    return pad(input, stack([zeros_like(paddings), paddings], axis=1))


def _real_wrapper(opdef, rank: int, inverse: bool, default_name: str, *names: str):
    def fn(input_tensor, fft_length=None, name=None):
        with get_default_graph().name_scope(name or default_name) as scope:
            if inverse:
                x = convert_to_tensor(input_tensor, preferred_dtype=dtypes.complex64)
                shape_fns.with_rank_at_least(opdef.type, x.shape, rank)
                if x.dtype.base_dtype not in COMPLEX:
                    raise ValueError(f"IRFFT requires tf.complex64 or tf.complex128 inputs, got: {x}")
            else:
                x = convert_to_tensor(input_tensor, preferred_dtype=dtypes.float32)
                if x.dtype.base_dtype not in _REALS:
                    raise ValueError(f"RFFT requires tf.float32 or tf.float64 inputs, got: {x}")
                shape_fns.with_rank_at_least(opdef.type, x.shape, rank)
            if fft_length is None:
                fft_length = _infer_length(x, rank, inverse)
            else:
                fft_length = convert_to_tensor(fft_length, dtypes.int32)
            x = _pad_to_length(x, rank, fft_length, inverse)
            lengths = _ints(fft_length)
            if lengths is not None:
                fft_length = constant(np.asarray(lengths, np.int32), name="fft_length")
            if inverse:
                return opdef(x, fft_length, Treal=_REAL_OF[x.dtype.base_dtype], name=scope)
            return opdef(x, fft_length, Tcomplex=_COMPLEX_OF[x.dtype.base_dtype], name=scope)

    fn.__name__ = fn.__qualname__ = default_name
    fn.__doc__ = f"`tf.signal.{default_name}`: {opdef.type}, `fft_length` inferred from the input when None."
    return tf_export(*names)(fn)


rfft = _real_wrapper(RFFT, 1, False, "rfft", "signal.rfft", "spectral.rfft")
irfft = _real_wrapper(IRFFT, 1, True, "irfft", "signal.irfft", "spectral.irfft")
rfft2d = _real_wrapper(RFFT2D, 2, False, "rfft2d", "signal.rfft2d", "spectral.rfft2d")
irfft2d = _real_wrapper(IRFFT2D, 2, True, "irfft2d", "signal.irfft2d", "spectral.irfft2d")
rfft3d = _real_wrapper(RFFT3D, 3, False, "rfft3d", "signal.rfft3d", "spectral.rfft3d")
irfft3d = _real_wrapper(IRFFT3D, 3, True, "irfft3d", "signal.irfft3d", "spectral.irfft3d")


# --- transforms over chosen axes (FFTND & co.) -----------------------------------------------
# TF registers these ops' kernels for GPUs only (a CPU session says "No OpKernel was registered"); sessionflow
# runs them with xp.fft. TF defines no gradient for them, and neither does sessionflow (tf.gradients raises
# TF's LookupError).

def _nd_shape(op_type, input, fft_length, axes, mode):
    shape_fns.with_rank(op_type, fft_length.shape, 1)
    shape_fns.with_rank(op_type, axes.shape, 1)
    dims, lengths, ax = input.shape.as_tuple(), _ints(fft_length), _ints(axes)
    if dims is None:
        return TensorShape(None)
    if lengths is None or ax is None or len(lengths) not in (len(ax), len(dims)):
        return TensorShape([None] * len(dims))
    out = list(dims)
    for n, a in _pairs(lengths, ax, len(dims)):
        out[a] = n
    if mode == "rfft" and ax:
        out[ax[-1]] = lengths[-1] // 2 + 1
    return TensorShape(out)


def _pairs(lengths, axes, rank):
    """(length, axis) per transformed axis: fft_length pairs with axes, or (as the wrappers' default, the whole
    input's shape) is indexed by axis."""
    axes = [a + rank if a < 0 else a for a in axes]
    if len(lengths) == len(axes):
        return list(zip(lengths, axes))
    return [(lengths[a], a) for a in axes]


def _no_gradient(op_, *grads):
    raise LookupError(
        f"No gradient defined for operation'{op_.name}' (op type: {op_.type}). In general every operation must have "
        "an associated `@tf.RegisterGradient` for correct autodiff, which this op is lacking. If you want to pretend "
        "this operation is a constant in your program, you may insert `tf.stop_gradient`. This can be useful to "
        "silence the error in cases where you know gradients are not needed, e.g. the forward pass of "
        "tf.custom_gradient. Please see more details in https://www.tensorflow.org/api_docs/python/tf/custom_gradient.")


def _declare_nd(type_name: str, mode: str):
    transform = {"fft": "fftn", "ifft": "ifftn", "rfft": "rfftn", "irfft": "irfftn"}[mode]
    takes_complex = mode != "rfft"
    out_attr = {"rfft": "Tcomplex", "irfft": "Treal"}.get(mode)
    attrs = {out_attr: dtypes.complex64 if mode == "rfft" else dtypes.float32} if out_attr else {}
    type_attrs = {"Treal": "input"} if mode == "rfft" else {"Tcomplex": "input"}

    def infer(input, fft_length, axes, **attr):
        check_dtype(type_name, "input", input, (dtypes.complex64, dtypes.complex128) if takes_complex else _REALS)
        dtype = attr[out_attr] if out_attr else input.dtype.base_dtype
        return dtype, _nd_shape(type_name, input, fft_length, axes, mode)

    def kernel(xp, input, fft_length, axes, **attr):
        lengths, ax = [int(n) for n in np.reshape(fft_length, -1)], [int(a) for a in np.reshape(axes, -1)]
        if len(lengths) not in (len(ax), input.ndim):
            raise errors.InvalidArgumentError(None, None, "fft_length and axes must have the same number of entries")
        dtype = attr[out_attr] if out_attr else dtypes.as_dtype(input.dtype)
        if not ax:
            return input.astype(dtype.as_numpy_dtype)
        pairs = _pairs(lengths, ax, input.ndim)
        return getattr(xp.fft, transform)(input, s=[n for n, _ in pairs], axes=[a for _, a in pairs]).astype(dtype.as_numpy_dtype)

    sample_attrs = {out_attr: dtypes.complex128 if mode == "rfft" else dtypes.float64} if out_attr else {}
    data = _C3 if takes_complex else _R3
    samples = [((data, np.array([3, 4], np.int32), np.array([1, 2], np.int32)), sample_attrs),
               ((data, np.array([2, 6], np.int32), np.array([0, 2], np.int32)), sample_attrs)]
    doc = f"TF's {type_name}: the {transform} transform over `axes`, each cropped or padded to `fft_length`."
    return op(type_name, inputs=("input", "fft_length", "axes"), attrs=attrs, type_attrs=type_attrs)(
        type(type_name, (), dict(infer=infer, kernel=kernel, grad=_no_gradient, samples=samples, __doc__=doc)))


FFTND = _declare_nd("FFTND", "fft")
IFFTND = _declare_nd("IFFTND", "ifft")
RFFTND = _declare_nd("RFFTND", "rfft")
IRFFTND = _declare_nd("IRFFTND", "irfft")


def _nd_wrapper(opdef, mode: str, default_name: str, *names: str):
    inverse = mode in ("ifft", "irfft")

    def fn(input_tensor, fft_length=None, axes=None, norm=None, name=None):
        with get_default_graph().name_scope(name or default_name) as scope:
            from .math import cast, multiply, realdiv

            x = convert_to_tensor(input_tensor, preferred_dtype=dtypes.float32 if mode == "rfft" else dtypes.complex64)
            ndims = x.shape.ndims
            axes_t = convert_to_tensor(np.arange(ndims) if axes is None else axes, dtypes.int32)
            rank = axes_t.shape.as_tuple()[0]
            if mode == "rfft" and x.dtype.base_dtype not in _REALS:
                raise ValueError(f"RFFT requires tf.float32 or tf.float64 inputs, got: {x}")
            if mode == "irfft" and x.dtype.base_dtype not in COMPLEX:
                raise ValueError(f"IRFFT requires tf.complex64 or tf.complex128 inputs, got: {x}")
            shape_fns.with_rank_at_least(opdef.type, x.shape, rank)
            inferred = fft_length is None
            if fft_length is None:
                dims = list(x.shape.as_tuple())
                if mode == "irfft":
                    dims[-1] = max(0, 2 * (dims[-1] - 1))
                    fft_length = convert_to_tensor(dims, dtypes.int32)
                else:
                    from .array import shape

                    fft_length = shape(x)[-ndims:]
            else:
                fft_length = convert_to_tensor(fft_length, dtypes.int32)
            x = _pad_to_length(x, rank, fft_length, mode == "irfft")
            lengths = _ints(fft_length)
            if lengths is not None and not (inferred and mode != "irfft"):  # TF folds all but shape(x)[-n:]
                fft_length = constant(np.asarray(lengths, np.int32))
            if norm not in (None, "backward"):
                n = float(np.prod(lengths, dtype=np.float64))
                scale = n if norm == "forward" else np.sqrt(n)
                factor = cast(scale, x.dtype)
                x = multiply(x, factor) if inverse else realdiv(x, factor)
            if mode == "rfft":
                return opdef(x, fft_length, axes_t, Tcomplex=_COMPLEX_OF[x.dtype.base_dtype], name=scope)
            if mode == "irfft":
                return opdef(x, fft_length, axes_t, Treal=_REAL_OF[x.dtype.base_dtype], name=scope)
            return opdef(x, fft_length, axes_t, name=scope)

    fn.__name__ = fn.__qualname__ = default_name
    fn.__doc__ = f"`tf.signal.{default_name}`: {opdef.type} over `axes` (default: all), TF's `norm` scaling."
    return tf_export(*names)(fn)


fftnd = _nd_wrapper(FFTND, "fft", "fftnd", "signal.fftnd", "fftnd")
ifftnd = _nd_wrapper(IFFTND, "ifft", "ifftnd", "signal.ifftnd", "ifftnd")
rfftnd = _nd_wrapper(RFFTND, "rfft", "rfftnd", "signal.rfftnd", "rfftnd")
irfftnd = _nd_wrapper(IRFFTND, "irfft", "irfftnd", "signal.irfftnd", "irfftnd")
