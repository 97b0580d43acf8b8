"""3-D pooling ops (MaxPool3D, AvgPool3D and their gradient ops), the second-order max-pooling ops
MaxPoolGradGrad and MaxPool3DGradGrad, and the pooling wrappers built on the 2-D ops of `nn_pool2d`:
`tf.nn.max_pool1d`, `avg_pool1d`, `max_pool3d`, `avg_pool3d` and `tf.nn.pool`.

Kernels work in NDHWC (NCDHW is transposed in and out). A window view `[N, OD, OH, OW, C, KD, KH, KW]` of
the padded input is the one primitive, as `_windows` is for 2-D: max pooling pads with -inf (padding never
wins), average pooling divides by the number of unpadded elements, MaxPool3DGrad routes each gradient to
the first maximum of its window in (d, h, w) order (TF's tie rule). The GradGrad ops read `grad` at the
first element of each window equal to orig_output, in the same order (TF's tie rule for them too): they
are the adjoints of the Grad ops in `grad`, and TF differentiates both kinds with zeros for the pooled
tensors.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import op
from ..framework.tensor_shape import TensorShape
from .common import shape_str
from .constant import convert_to_tensor
from .nn_conv import _from_nhwc, _nhwc, _output_size, _sequence, _shape_arg, _shape_of
from .nn_conv import _pad as _pad2d
from .nn_conv import _windows as _windows2d
from .nn_norm import check_dtype
from .nn_pool2d import (_POOL_ATTRS, MaxPool, MaxPoolGrad, _lowest_finite, _max_pool_windows, _pool_infer,
                        _pool_samples, avg_pool, max_pool)

_POOL3D_ATTRS = dict(ksize=None, strides=None, padding="VALID", data_format="NDHWC")
_MAX3D_DTYPES = (dtypes.float16, dtypes.bfloat16, dtypes.float32)  # in the order TF's errors list them
_AVG3D_DTYPES = _MAX3D_DTYPES + (dtypes.float64,)
_REAL_DTYPES = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.uint8, dtypes.int16, dtypes.int8, dtypes.int64,
                dtypes.bfloat16, dtypes.uint16, dtypes.float16, dtypes.uint32, dtypes.uint64)  # TF's order


# --- geometry ------------------------------------------------------------------------------------

def _spatial(data_format: str) -> tuple[int, int, int]:
    return (2, 3, 4) if data_format == "NCDHW" else (1, 2, 3)


def _to_last(xp, x, data_format):
    return xp.transpose(x, (0, 2, 3, 4, 1)) if data_format == "NCDHW" else x


def _from_last(xp, x, data_format):
    return xp.transpose(x, (0, 4, 1, 2, 3)) if data_format == "NCDHW" else x


def _geometry(in_dhw, ksize, strides, padding, data_format):
    """(k, s, [(out, before, after)] * 3) of a 3-D pooling at run time; TF's error for a too-small input."""
    axes = _spatial(data_format)
    k, s = tuple(ksize[a] for a in axes), tuple(strides[a] for a in axes)
    if ksize[0] != 1 or strides[0] != 1:
        raise errors.InvalidArgumentError(None, None, "Pooling is not yet supported on the batch dimension.")
    try:
        geo = [_output_size(size, kk, ss, 1, padding) for size, kk, ss in zip(in_dhw, k, s)]
    except ValueError as e:
        raise errors.InvalidArgumentError(None, None, str(e).split(" for ")[0]) from None
    return k, s, geo


def _pad(xp, x, geo, value):
    pads = ((0, 0),) + tuple((before, after) for _, before, after in geo) + ((0, 0),)
    if any(p != (0, 0) for p in pads):
        return xp.pad(x, pads, constant_values=value)
    return x


def _windows(xp, x, k, s, out):
    """[N, OD, OH, OW, C, KD, KH, KW]: the window of every output element of padded NDHWC `x`."""
    stride_tricks = getattr(getattr(xp, "lib", None), "stride_tricks", None)
    if stride_tricks is not None:
        view = stride_tricks.sliding_window_view(x, k, axis=(1, 2, 3))
        return view[:, :(out[0] - 1) * s[0] + 1:s[0], :(out[1] - 1) * s[1] + 1:s[1], :(out[2] - 1) * s[2] + 1:s[2]]
    taps = [x[_tap_index(offset, s, out)] for offset in _offsets(k)]
    return xp.reshape(xp.stack(taps, -1), x.shape[:1] + tuple(out) + x.shape[4:] + tuple(k))


def _tap_index(offset, s, out):
    """The index of the elements window tap `offset` reads, one per output element."""
    return (slice(None),) + tuple(slice(o, o + (n - 1) * st + 1, st) for o, st, n in zip(offset, s, out))


def _crop(x, geo, in_dhw):
    return x[(slice(None),) + tuple(slice(before, before + size) for (_, before, _), size in zip(geo, in_dhw))]


def _scatter_add(xp, result, index, value):
    if hasattr(result, "at"):
        return result.at[index].add(value)
    result[index] += value
    return result


def _offsets(k):
    return [(a, b, c) for a in range(k[0]) for b in range(k[1]) for c in range(k[2])]


def _avg_counts(xp, in_dhw, k, s, geo, dtype):
    ones = _pad(xp, xp.ones((1,) + tuple(in_dhw) + (1,), dtype=dtype), geo, 0)
    return xp.sum(_windows(xp, ones, k, s, [g[0] for g in geo]), axis=(5, 6, 7))


# --- graph-time inference ------------------------------------------------------------------------

def _pool3d_infer(op_type, value, ksize, strides, padding, data_format, allowed, param="input"):
    check_dtype(op_type, param, value, allowed)
    if padding not in ("SAME", "VALID"):
        raise ValueError(f"Attr 'padding' of '{op_type}' Op passed string '{padding}' not in: \"SAME\", \"VALID\".")
    if data_format not in ("NDHWC", "NCDHW"):
        raise ValueError(f"Attr 'data_format' of '{op_type}' Op passed string '{data_format}' not in: \"NDHWC\", "
                         f"\"NCDHW\".")
    if len(ksize) != 5 or len(strides) != 5:
        raise ValueError(f"Sliding window {'ksize' if len(ksize) != 5 else 'strides'} field must specify 5 "
                         f"dimensions")
    shapes = shape_str(value.shape)
    dims = value.shape.as_tuple()
    if dims is None:
        return value.dtype.base_dtype, TensorShape([None] * 5)
    if len(dims) != 5:
        raise ValueError(f"Shape must be rank 5 but is rank {len(dims)} for '{op_type}' with input shapes: "
                         f"{shapes}.")
    out = list(dims)
    for a in _spatial(data_format):
        out[a] = _output_size(dims[a], ksize[a], strides[a], 1, padding, op_type=op_type, shapes=shapes)[0]
    return value.dtype.base_dtype, TensorShape(out)


def _pool3d_samples(dtype=np.float64):
    x = np.random.RandomState(21).permutation(2 * 3 * 4 * 3 * 2).reshape(2, 3, 4, 3, 2).astype(dtype) / 10
    return [((x,), dict(ksize=[1, 2, 2, 2, 1], strides=[1, 2, 2, 2, 1], padding="SAME", data_format="NDHWC")),
            ((x,), dict(ksize=[1, 2, 3, 2, 1], strides=[1, 1, 1, 1, 1], padding="VALID", data_format="NDHWC")),
            ((np.transpose(x, (0, 4, 1, 2, 3)).copy(),),
             dict(ksize=[1, 1, 2, 1, 2], strides=[1, 1, 1, 2, 1], padding="SAME", data_format="NCDHW"))]


# --- ops -----------------------------------------------------------------------------------------

def _max_pool3d(xp, input, ksize, strides, padding, data_format, fill=None):
    """(NDHWC input, window, strides, geometry, windows padded with `fill`: by default -inf, which matches
    no pooled value)."""
    x = _to_last(xp, input, data_format)
    k, s, geo = _geometry(x.shape[1:4], ksize, strides, padding, data_format)
    if fill is None:
        fill = -xp.inf if x.dtype.kind == "f" else xp.iinfo(x.dtype).min
    return x, k, s, geo, _windows(xp, _pad(xp, x, geo, fill), k, s, [g[0] for g in geo])


@op("MaxPool3DGrad", inputs=("orig_input", "orig_output", "grad"), attrs=_POOL3D_ATTRS,
    type_attrs=dict(T="grad", TInput="orig_input"))
class MaxPool3DGrad:
    """Routes each output gradient to the first maximum of its window (TF's tie rule)."""

    def infer(orig_input, orig_output, grad, ksize, strides, padding, data_format):
        return grad.dtype.base_dtype, orig_input.shape

    def kernel(xp, orig_input, orig_output, grad, ksize, strides, padding, data_format):
        x, k, s, geo, win = _max_pool3d(xp, orig_input, ksize, strides, padding, data_format)
        out, g = _to_last(xp, orig_output, data_format), _to_last(xp, grad, data_format)
        shape = (x.shape[0],) + tuple(size + before + after for size, (_, before, after) in zip(x.shape[1:4], geo))
        dx = xp.zeros(shape + x.shape[4:], dtype=g.dtype)
        routed = xp.zeros(out.shape, dtype=bool)
        for offset in _offsets(k):  # in TF's order: each window's first maximum takes the gradient
            hit = (win[(Ellipsis,) + offset] == out) & ~routed
            routed = routed | hit
            dx = _scatter_add(xp, dx, _tap_index(offset, s, [gg[0] for gg in geo]), xp.where(hit, g, 0))
        return _from_last(xp, _crop(dx, geo, x.shape[1:4]), data_format)

    def grad(op_, g):
        """TF's rule: zeros for orig_input and orig_output, MaxPool3DGradGrad for grad."""
        from .array import zeros_like

        x, y, _ = op_.inputs
        return zeros_like(x), zeros_like(y), MaxPool3DGradGrad(x, y, g, **op_.attrs)


@op("MaxPool3D", inputs=("input",), attrs=_POOL3D_ATTRS)
class MaxPool3D:
    """Maximum over each 3-D pooling window as TF's CPU kernel reduces it (Eigen's max reducer): the taps in
    (d, h, w) order, padding counted as the lowest finite value, each tap replacing the value held unless
    it is smaller. So a NaN wins only when no tap follows it (then any tap does, padding included), and of
    equal values the last stays (+0 then -0 gives -0), unlike 2-D MaxPool's rule (`nn_pool2d._window_max`).
    Checked against TF 2.21 (tests/ops/test_nn_pool.py)."""

    def infer(input, ksize, strides, padding, data_format):
        return _pool3d_infer("MaxPool3D", input, ksize, strides, padding, data_format, _MAX3D_DTYPES)

    def kernel(xp, input, ksize, strides, padding, data_format):
        win = _max_pool3d(xp, input, ksize, strides, padding, data_format, _lowest_finite(input.dtype))[4]
        taps = [win[(Ellipsis,) + offset] for offset in _offsets(win.shape[5:])]
        best = taps[0]
        for tap in taps[1:]:
            best = xp.where(tap < best, best, tap)
        return _from_last(xp, best, data_format)

    def grad(op_, g):
        return MaxPool3DGrad(op_.inputs[0], op_.outputs[0], g, **{k: op_.attrs[k] for k in _POOL3D_ATTRS})

    samples = _pool3d_samples(np.float32)


def _with_output(samples, opdef):
    return tuple(((x, opdef.kernel(np, x, **attrs), np.ones_like(opdef.kernel(np, x, **attrs))), attrs)
                 for (x,), attrs in samples)


MaxPool3DGrad.samples = _with_output(_pool3d_samples(np.float32), MaxPool3D)


@op("AvgPool3DGrad", inputs=("orig_input_shape", "grad"), attrs=_POOL3D_ATTRS, type_attrs=dict(T="grad"))
class AvgPool3DGrad:
    """Spreads each output gradient evenly over the unpadded elements of its window."""

    def infer(orig_input_shape, grad, ksize, strides, padding, data_format):
        return grad.dtype.base_dtype, TensorShape(list(_shape_arg(orig_input_shape, 5)))

    def kernel(xp, orig_input_shape, grad, ksize, strides, padding, data_format):
        sizes = [int(v) for v in orig_input_shape]
        n, dhw, c = sizes[0], (sizes[2:] if data_format == "NCDHW" else sizes[1:4]), (
            sizes[1] if data_format == "NCDHW" else sizes[4])
        k, s, geo = _geometry(dhw, ksize, strides, padding, data_format)
        out = [g[0] for g in geo]
        g = _to_last(xp, grad, data_format) / _avg_counts(xp, dhw, k, s, geo, grad.dtype)
        shape = (n,) + tuple(size + before + after for size, (_, before, after) in zip(dhw, geo)) + (c,)
        dx = xp.zeros(shape, dtype=grad.dtype)
        for offset in _offsets(k):
            dx = _scatter_add(xp, dx, _tap_index(offset, s, out), g)
        return _from_last(xp, _crop(dx, geo, dhw), data_format)

    def grad(op_, g):
        return None, AvgPool3D(g, **{k: op_.attrs[k] for k in _POOL3D_ATTRS})


@op("AvgPool3D", inputs=("input",), attrs=_POOL3D_ATTRS)
class AvgPool3D:
    """Mean over each 3-D pooling window, counting only unpadded elements."""

    def infer(input, ksize, strides, padding, data_format):
        return _pool3d_infer("AvgPool3D", input, ksize, strides, padding, data_format, _AVG3D_DTYPES)

    def kernel(xp, input, ksize, strides, padding, data_format):
        x = _to_last(xp, input, data_format)
        k, s, geo = _geometry(x.shape[1:4], ksize, strides, padding, data_format)
        win = _windows(xp, _pad(xp, x, geo, 0), k, s, [g[0] for g in geo])
        out = xp.sum(win, axis=(5, 6, 7)) / _avg_counts(xp, x.shape[1:4], k, s, geo, x.dtype)
        return _from_last(xp, out.astype(x.dtype), data_format)

    def grad(op_, g):
        return AvgPool3DGrad(_shape_of(op_.inputs[0]), g, **{k: op_.attrs[k] for k in _POOL3D_ATTRS})

    samples = _pool3d_samples()


AvgPool3DGrad.samples = tuple(((np.array(x.shape, np.int32), np.ones_like(AvgPool3D.kernel(np, x, **attrs))), attrs)
                              for (x,), attrs in _pool3d_samples())


# --- second-order max pooling ---------------------------------------------------------------------

def _first_max_pick(xp, win, grad_win, out, taps):
    """For each output element: `grad_win` at the first tap of `win` (the last `taps` axes, in row-major
    order) equal to `out`, or 0 where none is."""
    flat = win.shape[:win.ndim - taps] + (-1,)
    win, grad_win = xp.reshape(win, flat), xp.reshape(grad_win, flat)
    hit = win == out[..., None]
    picked = xp.take_along_axis(grad_win, xp.argmax(hit, axis=-1)[..., None], axis=-1)[..., 0]
    return xp.where(xp.any(hit, axis=-1), picked, xp.zeros_like(picked))


def _check_same_dtypes(op_type, orig_input, orig_output, grad):
    for name, t in (("orig_output", orig_output), ("grad", grad)):
        if t.dtype.base_dtype is not orig_input.dtype.base_dtype:
            raise TypeError(f"Input '{name}' of '{op_type}' Op has type {t.dtype.base_dtype.name} that does not "
                            f"match type {orig_input.dtype.base_dtype.name} of argument 'orig_input'.")


def _grad_grad_samples(pool_samples, pool_opdef):
    rng = np.random.RandomState(8)
    return tuple(((x, pool_opdef.kernel(np, x, **attrs), rng.uniform(-1, 1, x.shape).astype(x.dtype)), attrs)
                 for (x,), attrs in pool_samples)


@op("MaxPoolGradGrad", inputs=("orig_input", "orig_output", "grad"), attrs=_POOL_ATTRS)
class MaxPoolGradGrad:
    """Second-order max pooling: `grad` (shaped like orig_input) read at each window's first maximum,
    shaped like orig_output."""

    def infer(orig_input, orig_output, grad, ksize, strides, padding, data_format):
        _check_same_dtypes("MaxPoolGradGrad", orig_input, orig_output, grad)
        dtype, shape = _pool_infer("MaxPoolGradGrad", orig_input, ksize, strides, padding, data_format)
        return dtype, shape.merge_with(orig_output.shape)

    def kernel(xp, orig_input, orig_output, grad, ksize, strides, padding, data_format):
        win, k, s, oh, ow = _max_pool_windows(xp, _nhwc(xp, orig_input, data_format), ksize, strides, padding,
                                              data_format)
        grad_win = _windows2d(xp, _pad2d(xp, _nhwc(xp, grad, data_format), oh, ow), k, s, (1, 1), (oh[0], ow[0]))
        out = _first_max_pick(xp, win, grad_win, _nhwc(xp, orig_output, data_format), 2)
        return _from_nhwc(xp, out, data_format)

    def grad(op_, g):
        """TF's rule: zeros for orig_input and orig_output, MaxPoolGrad for grad."""
        from .array import zeros_like

        x, y, _ = op_.inputs
        return zeros_like(x), zeros_like(y), MaxPoolGrad(x, y, g, **op_.attrs)

    samples = _grad_grad_samples(_pool_samples(), MaxPool)


@op("MaxPool3DGradGrad", inputs=("orig_input", "orig_output", "grad"), attrs=_POOL3D_ATTRS)
class MaxPool3DGradGrad:
    """Second-order 3-D max pooling: `grad` (shaped like orig_input) read at each window's first maximum
    in (d, h, w) order, shaped like orig_output."""

    def infer(orig_input, orig_output, grad, ksize, strides, padding, data_format):
        _check_same_dtypes("MaxPool3DGradGrad", orig_input, orig_output, grad)
        dtype, shape = _pool3d_infer("MaxPool3DGradGrad", orig_input, ksize, strides, padding, data_format,
                                     _REAL_DTYPES, param="orig_input")
        return dtype, shape.merge_with(orig_output.shape)

    def kernel(xp, orig_input, orig_output, grad, ksize, strides, padding, data_format):
        _, k, s, geo, win = _max_pool3d(xp, orig_input, ksize, strides, padding, data_format)
        grad_win = _windows(xp, _pad(xp, _to_last(xp, grad, data_format), geo, 0), k, s, [g[0] for g in geo])
        out = _first_max_pick(xp, win, grad_win, _to_last(xp, orig_output, data_format), 3)
        return _from_last(xp, out, data_format)

    def grad(op_, g):
        """TF's rule: zeros for orig_input and orig_output, MaxPool3DGrad for grad."""
        from .array import zeros_like

        x, y, _ = op_.inputs
        return zeros_like(x), zeros_like(y), MaxPool3DGrad(x, y, g, **op_.attrs)

    samples = _grad_grad_samples(_pool3d_samples() + _pool3d_samples(np.float32)[:1], MaxPool3D)


# --- public wrappers -----------------------------------------------------------------------------

def _pool3d_wrapper(opdef, default_name, public_name):
    def fn(input, ksize, strides, padding, data_format="NDHWC", name=None):
        if data_format is None:
            data_format = "NDHWC"
        channel = 1 if data_format.startswith("NC") else 4
        with get_default_graph().name_scope(name or default_name) as scope:
            input = convert_to_tensor(input, name="input")
            return opdef(input, ksize=_sequence(ksize, 3, channel, "ksize"),
                         strides=_sequence(strides, 3, channel, "strides"), padding=padding, data_format=data_format,
                         name=scope)

    fn.__name__ = fn.__qualname__ = public_name.rpartition(".")[2]
    fn.__doc__ = f"`tf.{public_name}` (input, ksize, strides, padding, data_format='NDHWC', name)."
    return tf_export(public_name)(fn)


max_pool3d = _pool3d_wrapper(MaxPool3D, "MaxPool3D", "nn.max_pool3d")
avg_pool3d = _pool3d_wrapper(AvgPool3D, "AvgPool3D", "nn.avg_pool3d")


def _pool1d(pool2d, default_name, public_name):
    def fn(input, ksize, strides, padding, data_format="NWC", name=None):
        from .array import expand_dims
        from .array_transform import squeeze

        if data_format is None:
            data_format = "NWC"
        channel = 1 if data_format.startswith("NC") else 2  # as in TF, any format but NWC pools as NCW
        ksize = [1] + _sequence(ksize, 1, channel, "ksize")
        strides = [1] + _sequence(strides, 1, channel, "strides")
        expanding = 1 if data_format == "NWC" else 2
        with get_default_graph().name_scope(name or default_name) as scope:
            input = expand_dims(convert_to_tensor(input, name="input"), expanding)
            result = pool2d(input, ksize, strides, padding, data_format="NHWC" if data_format == "NWC" else "NCHW",
                            name=scope)
            return squeeze(result, [expanding])

    fn.__name__ = fn.__qualname__ = public_name.rpartition(".")[2]
    fn.__doc__ = f"`tf.{public_name}`: the 2-D op over an inserted unit height axis (ExpandDims, pool, Squeeze)."
    return tf_export(public_name)(fn)


max_pool1d = _pool1d(max_pool, "MaxPool1d", "nn.max_pool1d")
avg_pool1d = _pool1d(avg_pool, "AvgPool1D", "nn.avg_pool1d")


@tf_export("nn.pool")
def pool(input, window_shape, pooling_type, padding, dilation_rate=None, strides=None, name=None, data_format=None,
         dilations=None):
    """`tf.nn.pool` (TF1 signature) for 1-3 spatial dimensions; dilation rates other than 1 are not supported."""
    from .array import expand_dims
    from .array_transform import squeeze

    dilation_rate = dilations if dilation_rate is None else dilation_rate
    with get_default_graph().name_scope(name or f"{pooling_type.lower()}_pool") as scope:
        input = convert_to_tensor(input, name="input")
        n = len(window_shape)
        if not 1 <= n <= 3:
            raise ValueError(f"`len(window_shape)` must be 1, 2, or 3. Received: window_shape={window_shape} of "
                             f"length {n}")
        rank = input.shape.rank
        if rank is not None and rank != n + 2:
            raise ValueError(f"Shape {input.shape} must have rank {n + 2}")
        strides = [1] * n if strides is None else [int(v) for v in strides]
        dilation_rate = [1] * n if dilation_rate is None else [int(v) for v in dilation_rate]
        if len(strides) != n or len(dilation_rate) != n:
            raise ValueError(f"len(strides)={len(strides)} and len(dilation_rate)={len(dilation_rate)} must equal "
                             f"len(window_shape)={n}")
        if any(d > 1 for d in dilation_rate):
            if padding == "SAME":
                raise ValueError(f"pooling with 'SAME' padding is not implemented for `dilation_rate` > 1. Received: "
                                 f"padding={padding} and dilation_rate={np.array(dilation_rate)}")
            raise NotImplementedError("tf.nn.pool with dilation_rate > 1 (space_to_batch) is not supported yet")
        if any(s > w for s, w in zip(strides, window_shape)):
            raise ValueError("`strides` > `window_shape` not supported due to inconsistency between CPU and GPU "
                             f"implementations. Received: strides={np.array(strides)} and "
                             f"window_shape={list(window_shape)}")
        ops = {("MAX", 1): max_pool, ("MAX", 2): max_pool, ("MAX", 3): max_pool3d,
               ("AVG", 1): avg_pool, ("AVG", 2): avg_pool, ("AVG", 3): avg_pool3d}
        if (pooling_type, n) not in ops:
            raise ValueError(f"{n}-D {pooling_type} pooling is not supported.")
        channels_first = data_format is not None and data_format.startswith("NC")
        window = ([1, 1] + list(window_shape)) if channels_first else ([1] + list(window_shape) + [1])
        steps = ([1, 1] + strides) if channels_first else ([1] + strides + [1])
        spatial = 2 if channels_first else 1
        if n == 1:
            if data_format not in (None, "NWC", "NCW"):
                raise ValueError(f"data_format must be either 'NWC' or 'NCW'. Received: data_format={data_format}")
            input = expand_dims(input, spatial)
            result = ops[pooling_type, n](input, [1] + window, [1] + steps, padding, name=scope,
                                         data_format="NCHW" if channels_first else "NHWC")
            return squeeze(result, [spatial])
        kwargs = {} if data_format is None else dict(data_format=data_format)
        return ops[pooling_type, n](input, window, steps, padding, name=scope, **kwargs)
