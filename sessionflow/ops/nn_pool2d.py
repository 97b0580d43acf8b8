"""2-D pooling ops (`tf.nn.max_pool`, `tf.nn.avg_pool`) and their gradient ops.

Kernels work in NHWC (NCHW is transposed in and out). Max pooling reads each window tap as one slice of
the padded input, or of a reshape when the windows tile it (`_window_taps`), and follows TF's CPU kernels: the
maximum starts from the type's lowest finite value and a tap replaces it only when greater, so NaN never
wins and a window of -inf gives the lowest finite value; its gradient goes to each window's first tap,
replaced by every later tap greater than the one held (`_first_max`), and is computed from `orig_input`
alone (TF ignores the values of `orig_output`). Average pooling works over `nn_conv._windows`, the strided
view of the padded input, and divides by the number of unpadded elements.
The second-order op MaxPoolGradGrad and the 1-D/3-D pooling live in `nn_pool`.
"""

from __future__ import annotations

import ml_dtypes
import numpy as np

from ..framework import errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import op
from ..framework.tensor_shape import TensorShape
from .common import FLOATS, check_dtype, shape_str, stored, traced_jax
from .constant import convert_to_tensor
from .nn_conv import (_F64, _channel, _check_4, _check_format, _crop, _from_nhwc, _hw, _nhwc, _nhwc_shape,
                      _output_size, _pad, _placed_sum, _rank4, _scatter_taps, _sequence, _shape_arg, _shape_of, _windows)

_POOL_ATTRS = dict(ksize=None, strides=None, padding="VALID", data_format="NHWC")


def _pool_geometry(in_shape, ksize, strides, padding, data_format):
    h, w = _hw(data_format)
    k, s = (ksize[h], ksize[w]), (strides[h], strides[w])
    try:
        oh = _output_size(in_shape[1], k[0], s[0], 1, padding)
        ow = _output_size(in_shape[2], k[1], s[1], 1, padding)
    except ValueError as e:
        raise errors.InvalidArgumentError(None, None, str(e).split(" for ")[0]) from None
    return k, s, oh, ow


def _pool_infer(op_type, value, ksize, strides, padding, data_format):
    check_dtype(op_type, "input", value, FLOATS)
    if padding not in ("SAME", "VALID"):
        raise ValueError(f"Attr 'padding' of '{op_type}' Op passed string '{padding}' not in: \"SAME\", \"VALID\".")
    ksize, strides = _check_4(op_type, "ksize", ksize), _check_4(op_type, "stride", strides)
    c = _channel(data_format)
    if ksize[0] != 1 or strides[0] != 1 or ksize[c] != 1 or strides[c] != 1:
        raise ValueError("Pooling is not yet supported on the batch or depth dimensions.")
    shapes = shape_str(value.shape)
    dims = _rank4(op_type, value, shapes)
    h, w = _hw(data_format)
    oh = _output_size(dims[h], ksize[h], strides[h], 1, padding, op_type=op_type, shapes=shapes)
    ow = _output_size(dims[w], ksize[w], strides[w], 1, padding, op_type=op_type, shapes=shapes)
    out = list(dims)
    out[h], out[w] = oh[0], ow[0]
    return value.dtype.base_dtype, TensorShape(out)


def _lowest(xp, dtype):
    """The padding of max pooling: a value no element loses to (a padding tap is never taken: `_first_max`)."""
    return -xp.inf if dtype.kind == "f" else xp.iinfo(dtype).min


def _lowest_finite(dtype):
    """Where TF's max pooling starts each window (Eigen's NumTraits<T>::lowest()): -inf and NaN lose to it."""
    return (ml_dtypes.finfo(dtype) if dtype.kind in "fV" else np.iinfo(dtype)).min


def _window_max(xp, taps, dtype):
    """The max pooling of windows given as their taps' slices, in TF's CPU rule: from the lowest finite value,
    each tap taken only where greater than the value held (NaN never is; an equal tap keeps the first, its
    sign included). NumPy's fmax(tap, held) gives that rule (it returns its second argument on ties and
    against NaN); traced, it is a compare and select."""
    traced = traced_jax(xp) is not None
    best = np.asarray(_lowest_finite(dtype), dtype)
    for tap in taps:
        best = xp.where(tap > best, tap, best) if traced else np.fmax(tap, best)
    return best


def _first_max(xp, taps, valid, index_dtype):
    """TF's MaxPoolGrad choice of tap in each window: the first tap that is not padding, then every later one
    greater than the value held (a NaN first tap keeps its window; later NaN taps are never taken; the first
    of equal maxima stays). `taps`: the windows' tap slices in row-major tap order; `valid`: per tap, a
    static boolean mask (broadcasting against a slice) of the windows where that tap is inside the input.
    Returns the chosen tap numbers, as `index_dtype`."""
    best = taps[0]
    first = xp.zeros(best.shape, index_dtype)
    have = valid[0]  # static: the windows where a tap is held already
    # NumPy's where() is slow on the irregular masks these comparisons make (about 4 ns an element, against
    # 0.1 for arithmetic), so without traced values the choice is arithmetic: `first` moves by take * (t -
    # first), and `best` is the larger of the two, which is the tap taken wherever take is set and needs no
    # mask unless a later tap is NaN (np.maximum would hold the NaN; -0 against +0 does not matter: only
    # comparisons read `best`)
    arithmetic = traced_jax(xp) is None and not any(np.isnan(tap).any() for tap in taps[1:]
                                                     if tap.dtype.kind in "fV")
    for t in range(1, len(taps)):
        take = best < taps[t]
        if not have.all():
            take = take | ~have
        if not valid[t].all():
            take = take & valid[t]
        if arithmetic:
            first = first + take.view(np.int8).astype(index_dtype, copy=False) * (index_dtype(t) - first)
            best = np.maximum(best, taps[t]) if have.all() and valid[t].all() else np.where(take, taps[t], best)
        else:
            best = xp.where(take, taps[t], best)
            first = xp.where(take, index_dtype(t), first)
        have = have | valid[t]
    return first


def _tap_rows_inside(size, out, before, stride, offset):
    """For each output row (or column) of a window, whether its tap at `offset` reads inside an input of
    `size` padded by `before`."""
    rows = np.arange(out) * stride + offset - before
    return (rows >= 0) & (rows < size)


def _valid_taps(in_shape, k, s, oh, ow):
    """`_first_max`'s masks for windows over an NHWC input: per tap (row-major), [1, OH, OW, 1] booleans."""
    return [(_tap_rows_inside(in_shape[1], oh[0], oh[1], s[0], a)[:, None]
             & _tap_rows_inside(in_shape[2], ow[0], ow[1], s[1], b)[None, :])[None, :, :, None]
            for a in range(k[0]) for b in range(k[1])]


def _index_dtype(taps: int):
    return np.int8 if taps < 127 else np.int32  # compared as narrow integers: 1.7x faster than floats


def _window_taps(xp, x, k, s, oh, ow, contiguous=False):
    """The windows of NHWC `x` as one slice per tap ([N, OH, OW, C] each, in row-major tap order), and the
    reshape they are views of when the windows tile `x` (`_tiles`), else None: then they are strided views
    of `x` padded with `_lowest`. `contiguous`: tiling windows' taps are copied out contiguous on NumPy, for
    code that only compares them (NumPy's vector loops, which contiguous taps reach, may keep the other of two
    equal signed zeros in np.fmax than its element loops do)."""
    fill = _lowest(xp, x.dtype)
    tiles = _tiles(xp, x, k, s, oh, ow, fill)
    if tiles is not None:
        if contiguous and traced_jax(xp) is None:  # one copy with the taps outermost: NumPy's loops over a
            # tap's strided view run C elements at a time, 3x slower for C = 16
            taps = np.ascontiguousarray(np.moveaxis(tiles, (2, 4), (0, 1)))
            return [taps[a, b] for a in range(k[0]) for b in range(k[1])], tiles
        return [tiles[:, :, a, :, b, :] for a in range(k[0]) for b in range(k[1])], tiles
    padded = _pad(xp, x, oh, ow, fill)
    return [padded[:, a:a + (oh[0] - 1) * s[0] + 1:s[0], b:b + (ow[0] - 1) * s[1] + 1:s[1], :]
            for a in range(k[0]) for b in range(k[1])], None


def _untiled(xp, dx, in_shape, oh, ow):
    """A gradient over tiling windows ([N, OH, KH, OW, KW, C]) as the input's [N, H, W, C]: the padding
    cropped, and +0 for VALID's ragged edge, which no window reads."""
    n, out_h, kh, out_w, kw, c = dx.shape
    dx = xp.reshape(dx, (n, out_h * kh, out_w * kw, c))
    top, left = oh[1], ow[1]
    dx = dx[:, top:top + in_shape[1], left:left + in_shape[2], :]
    missing_h, missing_w = in_shape[1] - dx.shape[1], in_shape[2] - dx.shape[2]
    if missing_h or missing_w:
        dx = xp.pad(dx, ((0, 0), (0, missing_h), (0, missing_w), (0, 0)))
    return dx


def _routed_to_tiles(xp, first, g, tiles_shape, in_shape, oh, ow):
    """MaxPoolGrad over tiling windows: each output gradient goes to its window's tap `first`. Windows do
    not overlap, so each tap's slice of the result is written once."""
    kw = tiles_shape[4]
    dx = xp.empty(tiles_shape, dtype=g.dtype)  # every tap's slice is written below
    zero = g.dtype.type(0)
    finite = bool(np.isfinite(np.sum(g, dtype=np.float64)))  # g * False is NaN for an infinite or NaN g
    for t in range(tiles_shape[2] * kw):
        hit = first == t
        # 0 + g where routed, +0 elsewhere, as TF's accumulation
        dx[:, :, t // kw, :, t % kw, :] = (g * hit if finite else xp.where(hit, g, zero)) + zero
    return _untiled(xp, dx, in_shape, oh, ow)


def _routed_to_windows(xp, first, g, in_shape, k, s, oh, ow):
    """MaxPoolGrad over overlapping windows: each window's gradient added where its tap `first` reads, the
    taps in TF's order."""
    dx = xp.zeros((in_shape[0], in_shape[1] + oh[1] + oh[2], in_shape[2] + ow[1] + ow[2], in_shape[3]),
                  dtype=g.dtype)
    zero = g.dtype.type(0)
    for t in range(k[0] * k[1]):
        a, b = divmod(t, k[1])
        dx[:, a:a + s[0] * oh[0]:s[0], b:b + s[1] * ow[0]:s[1], :] += xp.where(first == t, g, zero)
    return _crop(dx, oh, ow, in_shape[1], in_shape[2])


def _routed_traced(jax, xp, first, g, in_shape, k, s, oh, ow):
    """MaxPoolGrad traced over overlapping windows: each tap's gradients (where it is its window's `first`)
    placed where it reads (`_placed_sum`), so nothing is written in place."""
    padded_shape = (in_shape[0], in_shape[1] + oh[1] + oh[2], in_shape[2] + ow[1] + ow[2], in_shape[3])
    zero = xp.zeros((), g.dtype)
    taps = [[xp.where(first == a * k[1] + b, g, zero) for b in range(k[1])]  # not g * hit: a NaN g stays put
            for a in range(k[0])]
    dx = _placed_sum(jax, taps, padded_shape, s, (1, 1), g.dtype) + zero
    return _crop(dx, oh, ow, in_shape[1], in_shape[2])


def _routed_tiles_traced(xp, first, g, tiles_shape, in_shape, oh, ow):
    """Traced MaxPoolGrad over tiling windows (`_tiles`): with each window's tap `first` found at the pooled
    size, every input position takes its window's gradient where it is that tap, in one elementwise pass
    over broadcasts.

    The tap numbers are `stored`: XLA:CPU would otherwise recompute each window's comparisons (and the bias,
    ReLU or tap-sum convolution that made the pooled input) at every one of its taps.
    For 2x2/2 pooling with its ReLU gradient, 64x28x28x32 takes 0.50 ms and 32x28x28x16 0.18, against 1.03
    and 0.28 for stacking each tap's routed gradients, and 0.80 and 0.24 for the index recomputed.
    Unrouted positions are +0, and a routed -0 too, as TF's accumulation into zeros gives."""
    kh, kw = tiles_shape[2], tiles_shape[4]
    first = stored(xp, first.astype(np.float32)).astype(first.dtype)
    position = xp.reshape(xp.arange(kh * kw, dtype=first.dtype), (1, 1, kh, 1, kw, 1))
    zero = xp.zeros((), g.dtype)
    routed = xp.where(g != zero, g, zero)  # -0 becomes +0 (XLA simplifies g + 0 to g)
    dx = xp.where(position == first[:, :, None, :, None, :], routed[:, :, None, :, None, :], zero)
    return _untiled(xp, dx, in_shape, oh, ow)


def _max_pool_windows(xp, x, ksize, strides, padding, data_format):
    k, s, oh, ow = _pool_geometry(x.shape, ksize, strides, padding, data_format)
    fill = _lowest(xp, x.dtype)
    win = _windows(xp, _pad(xp, x, oh, ow, fill), k, s, (1, 1), (oh[0], ow[0]))
    return win, k, s, oh, ow


def _tiles(xp, x, k, s, oh, ow, fill):
    """[N, OH, KH, OW, KW, C]: the windows of NHWC `x` as a reshape, when they tile it (stride equal to
    the window: the usual 2x2/2 pooling), else None. Reshaped windows reduce over contiguous memory,
    several times faster than over the strided view of `_windows`."""
    if s != k:
        return None
    (out_h, top, bottom), (out_w, left, right) = oh, ow
    x = _pad(xp, x, oh, ow, fill)
    x = x[:, :out_h * k[0], :out_w * k[1], :]  # VALID pooling leaves a ragged edge out
    return xp.reshape(x, (x.shape[0], out_h, k[0], out_w, k[1], x.shape[3]))


def _pool_samples():
    x = np.random.RandomState(5).permutation(2 * 5 * 5 * 2).reshape(2, 5, 5, 2).astype(_F64) / 10
    return [((x,), dict(ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME", data_format="NHWC")),
            ((x,), dict(ksize=[1, 3, 3, 1], strides=[1, 1, 1, 1], padding="VALID", data_format="NHWC")),
            ((np.transpose(x, (0, 3, 1, 2)).copy(),), dict(ksize=[1, 1, 3, 2], strides=[1, 1, 2, 1], padding="SAME",
                                                           data_format="NCHW")),
            ((x.astype(np.float32),), dict(ksize=[1, 2, 2, 1], strides=[1, 1, 1, 1], padding="SAME",
                                           data_format="NHWC"))]


@op("MaxPoolGrad", inputs=("orig_input", "orig_output", "grad"), attrs=_POOL_ATTRS)
class MaxPoolGrad:
    """Routes each output gradient to its window's maximum as TF's CPU kernel chooses it (`_first_max`)."""

    def infer(orig_input, orig_output, grad, ksize, strides, padding, data_format):
        return orig_input.dtype.base_dtype, orig_input.shape

    def kernel(xp, orig_input, orig_output, grad, ksize, strides, padding, data_format):
        x = _nhwc(xp, orig_input, data_format)  # orig_output's values are not read, as in TF
        g = _nhwc(xp, grad, data_format)
        k, s, oh, ow = _pool_geometry(x.shape, ksize, strides, padding, data_format)
        taps, tiles = _window_taps(xp, x, k, s, oh, ow, contiguous=True)
        first = _first_max(xp, taps, _valid_taps(x.shape, k, s, oh, ow), _index_dtype(len(taps)))
        jax = traced_jax(xp)
        if tiles is not None:
            route = _routed_to_tiles if jax is None else _routed_tiles_traced
            return _from_nhwc(xp, route(xp, first, g, tiles.shape, x.shape, oh, ow), data_format)
        if jax is not None:
            return _from_nhwc(xp, _routed_traced(jax, xp, first, g, x.shape, k, s, oh, ow), data_format)
        return _from_nhwc(xp, _routed_to_windows(xp, first, g, x.shape, k, s, oh, ow), data_format)

    def grad(op_, g):
        """TF's rule: zeros for orig_input and orig_output, MaxPoolGradGrad (in nn_pool) for grad."""
        from .array import zeros_like
        from .nn_pool import MaxPoolGradGrad
        x, y, _ = op_.inputs
        return zeros_like(x), zeros_like(y), MaxPoolGradGrad(x, y, g, **op_.attrs)


@op("MaxPool", inputs=("input",), attrs=_POOL_ATTRS)
class MaxPool:
    """Maximum over each pooling window, in TF's rule (`_window_max`; padding never wins).

    Traced, the pooled value is `stored`. Its consumers are the next layer, MaxPoolGrad's comparisons and,
    when the next layer is a convolution, the transposed copy its filter gradient reads; XLA:CPU would
    compute every window's maximum (and the ReLU, bias and tap-sum convolution under it) again in each,
    and in a transposed copy with reads far apart in memory. Stored, a training step of bench_train's
    CNN takes 0.83x the time, CNN 2's 0.89x, the RGB CNN's 0.85x, LeNet-5's 0.94x, Deep MNIST's 0.97x.
    """

    def infer(input, ksize, strides, padding, data_format):
        return _pool_infer("MaxPool", input, ksize, strides, padding, data_format)

    def kernel(xp, input, ksize, strides, padding, data_format):
        x = _nhwc(xp, input, data_format)
        k, s, oh, ow = _pool_geometry(x.shape, ksize, strides, padding, data_format)
        taps = _window_taps(xp, x, k, s, oh, ow)[0]
        return _from_nhwc(xp, stored(xp, _window_max(xp, taps, x.dtype)), data_format)

    def grad(op_, g):
        attrs = {k: op_.attrs[k] for k in _POOL_ATTRS}
        return MaxPoolGrad(op_.inputs[0], op_.outputs[0], g, **attrs)

    samples = _pool_samples()


MaxPoolGrad.samples = tuple(((x, MaxPool.kernel(np, x, **attrs), np.ones_like(MaxPool.kernel(np, x, **attrs))), attrs)
                            for (x,), attrs in _pool_samples()[:3])


def _avg_counts(xp, in_hw, k, s, oh, ow, dtype):
    ones = xp.ones((1, in_hw[0], in_hw[1], 1), dtype=dtype)
    win = _windows(xp, _pad(xp, ones, oh, ow), k, s, (1, 1), (oh[0], ow[0]))
    return xp.sum(win, axis=(4, 5))


@op("AvgPoolGrad", inputs=("orig_input_shape", "grad"), attrs=_POOL_ATTRS, type_attrs=dict(T="grad"))
class AvgPoolGrad:
    """Spreads each output gradient evenly over the unpadded elements of its window."""

    def infer(orig_input_shape, grad, ksize, strides, padding, data_format):
        return grad.dtype.base_dtype, TensorShape(list(_shape_arg(orig_input_shape)))

    def kernel(xp, orig_input_shape, grad, ksize, strides, padding, data_format):
        n, in_h, in_w, c = _nhwc_shape(orig_input_shape, data_format)
        k, s, oh, ow = _pool_geometry((n, in_h, in_w, c), ksize, strides, padding, data_format)
        g = _nhwc(xp, grad, data_format) / _avg_counts(xp, (in_h, in_w), k, s, oh, ow, grad.dtype)
        taps = xp.broadcast_to(g[:, :, :, None, None, :], (n, oh[0], ow[0], k[0], k[1], c))
        padded = (n, in_h + oh[1] + oh[2], in_w + ow[1] + ow[2], c)
        dx = _scatter_taps(xp, taps, padded, k, s, (1, 1), (oh[0], ow[0]), grad.dtype)
        return _from_nhwc(xp, _crop(dx, oh, ow, in_h, in_w), data_format)

    def grad(op_, g):
        return None, AvgPool(g, **{k: op_.attrs[k] for k in _POOL_ATTRS})


@op("AvgPool", inputs=("value",), attrs=_POOL_ATTRS)
class AvgPool:
    """Mean over each pooling window, counting only unpadded elements."""

    def infer(value, ksize, strides, padding, data_format):
        return _pool_infer("AvgPool", value, ksize, strides, padding, data_format)

    def kernel(xp, value, ksize, strides, padding, data_format):
        x = _nhwc(xp, value, data_format)
        k, s, oh, ow = _pool_geometry(x.shape, ksize, strides, padding, data_format)
        win = _windows(xp, _pad(xp, x, oh, ow), k, s, (1, 1), (oh[0], ow[0]))
        out = xp.sum(win, axis=(4, 5)) / _avg_counts(xp, x.shape[1:3], k, s, oh, ow, x.dtype)
        return _from_nhwc(xp, out.astype(x.dtype), data_format)

    def grad(op_, g):
        return AvgPoolGrad(_shape_of(op_.inputs[0]), g, **{k: op_.attrs[k] for k in _POOL_ATTRS})

    samples = _pool_samples()


AvgPoolGrad.samples = tuple(((np.array(x.shape, np.int32), np.ones_like(AvgPool.kernel(np, x, **attrs))), attrs)
                            for (x,), attrs in _pool_samples()[:3])



def _pool_wrapper(opdef, default_name, public_names):
    def fn(value=None, ksize=None, strides=None, padding=None, data_format="NHWC", name=None, input=None):
        value = input if value is None else value
        data_format = _check_format(data_format)
        channel = _channel(data_format)
        with get_default_graph().name_scope(name or default_name) as scope:
            value = convert_to_tensor(value, name="input")
            return opdef(value, ksize=_sequence(ksize, 2, channel, "ksize"),
                         strides=_sequence(strides, 2, channel, "strides"), padding=padding,
                         data_format=data_format, name=scope)

    fn.__name__ = fn.__qualname__ = public_names[0].rpartition(".")[2]
    fn.__doc__ = f"`tf.{public_names[0]}` (TF1 signature: value, ksize, strides, padding, data_format, name)."
    return tf_export(*public_names)(fn)


max_pool = _pool_wrapper(MaxPool, "MaxPool", ("nn.max_pool",))
avg_pool = _pool_wrapper(AvgPool, "AvgPool", ("nn.avg_pool",))
