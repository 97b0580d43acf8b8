"""`tf.image` functions TF builds from plain ops: total_variation, image_gradients, sobel_edges, psnr, ssim and
ssim_multiscale, in the order TF builds them."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from . import math as math_ops
from .constant import constant, convert_to_tensor
from .image_adjust import convert_image_dtype


@tf_export("image.total_variation")
def total_variation(images, name=None) -> Tensor:
    """Sum of absolute differences between neighbouring pixels (per image of a batch)."""
    from .reduction import reduce_sum

    with get_default_graph().name_scope(name or "total_variation"):
        images = convert_to_tensor(images, name="images")
        ndims = images.shape.ndims
        if ndims == 3:
            dif1, dif2, axis = images[1:, :, :] - images[:-1, :, :], images[:, 1:, :] - images[:, :-1, :], None
        elif ndims == 4:
            dif1 = images[:, 1:, :, :] - images[:, :-1, :, :]
            dif2 = images[:, :, 1:, :] - images[:, :, :-1, :]
            axis = [1, 2, 3]
        else:
            raise ValueError("'images' must be either 3 or 4-dimensional.")
        return reduce_sum(math_ops.abs(dif1), axis=axis) + reduce_sum(math_ops.abs(dif2), axis=axis)


@tf_export("image.image_gradients")
def image_gradients(image):
    """(dy, dx): forward differences along height and width, zero in the last row / column."""
    from .array import concat, reshape, shape, stack, zeros
    from .array_transform import unstack

    image = convert_to_tensor(image, name="image")
    if image.shape.ndims != 4:
        raise ValueError(f"image_gradients expects a 4D tensor [batch_size, h, w, d], not {image.shape}.")
    image_shape = shape(image)
    batch_size, height, width, depth = unstack(image_shape)
    dy = image[:, 1:, :, :] - image[:, :-1, :, :]
    dx = image[:, :, 1:, :] - image[:, :, :-1, :]
    dy = reshape(concat([dy, zeros(stack([batch_size, 1, width, depth]), image.dtype.base_dtype)], 1), image_shape)
    dx = reshape(concat([dx, zeros(stack([batch_size, height, 1, depth]), image.dtype.base_dtype)], 2), image_shape)
    return dy, dx


@tf_export("image.sobel_edges")
def sobel_edges(image) -> Tensor:
    """Vertical and horizontal Sobel responses of each channel, [batch, h, w, d, 2] (reflect-padded)."""
    from .array import concat, reshape, shape
    from .array_transform import pad, tile
    from .nn_depthwise import depthwise_conv2d

    image = convert_to_tensor(image, name="image")
    static_shape = image.shape
    image_shape = shape(image)
    kernels = np.array([[[-1, -2, -1], [0, 0, 0], [1, 2, 1]], [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]])
    kernels = np.expand_dims(np.transpose(kernels, (1, 2, 0)), -2)
    filters = tile(constant(kernels, dtype=image.dtype.base_dtype), [1, 1, image_shape[-1], 1], name="sobel_filters")
    padded = pad(image, [[0, 0], [1, 1], [1, 1], [0, 0]], mode="REFLECT")
    output = depthwise_conv2d(padded, filters, [1, 1, 1, 1], "VALID")
    output = reshape(output, shape=concat([image_shape, [2]], 0))
    if static_shape.ndims is not None:
        output.set_shape(list(static_shape.as_tuple()) + [2])
    return output


@tf_export("image.psnr")
def psnr(a, b, max_val, name=None) -> Tensor:
    """Peak signal-to-noise ratio between a and b (per image), in dB."""
    from .array import identity
    from .reduction import reduce_mean

    with get_default_graph().name_scope(name or "PSNR"):
        a, b = convert_to_tensor(a, name="a"), convert_to_tensor(b, name="b")
        if a.shape.ndims is not None and b.shape.ndims is not None and not a.shape.is_compatible_with(b.shape):
            raise ValueError(f"Shapes {a.shape} and {b.shape} are incompatible.")
        max_val = convert_image_dtype(math_ops.cast(max_val, a.dtype.base_dtype), dtypes.float32)
        a, b = convert_image_dtype(a, dtypes.float32), convert_image_dtype(b, dtypes.float32)
        mse = reduce_mean(math_ops.squared_difference(a, b), [-3, -2, -1])
        value = math_ops.subtract(20 * math_ops.log(max_val) / math_ops.log(10.0),
                                  np.float32(10 / np.log(10)) * math_ops.log(mse), name="psnr")
        return identity(value)


def _gaussian_window(size: Tensor, sigma: Tensor) -> Tensor:
    """TF's _fspecial_gauss: a [size, size, 1, 1] Gaussian window normalised by a softmax."""
    from .array import range as range_op
    from .array import reshape
    from .nn import softmax

    coords = math_ops.cast(range_op(size), sigma.dtype.base_dtype)
    coords -= math_ops.cast(size - 1, sigma.dtype.base_dtype) / 2.0
    g = math_ops.square(coords)
    g *= -0.5 / math_ops.square(sigma)
    g = reshape(g, shape=[1, -1]) + reshape(g, shape=[-1, 1])
    return reshape(softmax(reshape(g, shape=[1, -1])), shape=[size, size, 1, 1])


def _ssim_per_channel(img1: Tensor, img2: Tensor, max_val, filter_size, filter_sigma, k1, k2,
                      return_index_map=False):
    """TF's _ssim_per_channel: (SSIM, contrast-structure) of float32 images per channel (averaged over height and
    width unless `return_index_map`), with TF's checks that the images are at least the filter's size."""
    from .array import concat, identity, reshape, shape
    from .array_identity import shape_n
    from .array_transform import tile
    from .control_flow import with_dependencies
    from .logging_ops import Assert_
    from .nn_depthwise import depthwise_conv2d
    from .reduction import reduce_all, reduce_mean

    size = constant(filter_size, dtype=dtypes.int32)
    sigma = constant(filter_sigma, dtype=img1.dtype.base_dtype)
    shape1, shape2 = shape_n([img1, img2])
    checks = [Assert_(reduce_all(math_ops.greater_equal(s[-3:-1], size)), [s, size], summarize=8)
              for s in (shape1, shape2)]
    img1 = with_dependencies(checks, identity(img1))
    kernel = tile(_gaussian_window(size, sigma), multiples=[1, 1, shape1[-1], 1])

    def reducer(x):
        dims = shape(x)
        flat = reshape(x, shape=concat([[-1], dims[-3:]], 0))
        y = depthwise_conv2d(flat, kernel, strides=[1, 1, 1, 1], padding="VALID")
        return reshape(y, concat([dims[:-3], shape(y)[1:]], 0))

    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    mean0, mean1 = reducer(img1), reducer(img2)
    num0 = mean0 * mean1 * 2.0
    den0 = math_ops.square(mean0) + math_ops.square(mean1)
    luminance = (num0 + c1) / (den0 + c1)
    num1 = reducer(img1 * img2) * 2.0
    den1 = reducer(math_ops.square(img1) + math_ops.square(img2))
    c2 *= 1.0
    cs = (num1 - num0 + c2) / (den1 - den0 + c2)
    if return_index_map:
        return luminance * cs, cs
    axes = constant([-3, -2], dtype=dtypes.int32)
    return reduce_mean(luminance * cs, axes), reduce_mean(cs, axes)


def _compatible_images(img1: Tensor, img2: Tensor):
    """TF's _verify_compatible_image_shapes: (shape1, shape2, run-time checks) of two image batches."""
    from .array import size as size_op
    from .array_identity import shape_n
    from .logging_ops import Assert_
    from .reduction import reduce_all

    static1, static2 = img1.shape.with_rank_at_least(3), img2.shape.with_rank_at_least(3)
    static1[-3:].assert_is_compatible_with(static2[-3:])
    if static1.ndims is not None and static2.ndims is not None:
        for d1, d2 in zip(reversed(static1.dims[:-3]), reversed(static2.dims[:-3])):
            if not (d1 == 1 or d2 == 1 or d1.is_compatible_with(d2)):
                raise ValueError(f"Two images are not compatible: {static1} and {static2}")
    shape1, shape2 = shape_n([img1, img2])
    checks = [Assert_(math_ops.greater_equal(size_op(shape1), 3), [shape1, shape2], summarize=10),
              Assert_(reduce_all(math_ops.equal(shape1[-3:], shape2[-3:])), [shape1, shape2], summarize=10)]
    return shape1, shape2, checks


_MSSSIM_WEIGHTS = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)


@tf_export("image.ssim_multiscale")
def ssim_multiscale(img1, img2, max_val, power_factors=_MSSSIM_WEIGHTS, filter_size=11, filter_sigma=1.5, k1=0.01,
                    k2=0.03) -> Tensor:
    """Multi-scale SSIM: contrast-structure at each of len(power_factors) scales (each half the size of the last,
    SYMMETRIC-padded to even sizes) and SSIM at the last, combined as a weighted geometric mean per image."""
    from .array import concat, expand_dims, identity, reshape, stack
    from .array_identity import shape_n
    from .array_transform import pad
    from .control_flow import with_dependencies
    from .functional import cond
    from .nn import relu
    from .nn_pool2d import avg_pool
    from .reduction import reduce_any, reduce_mean, reduce_prod

    graph = get_default_graph()
    with graph.name_scope("MS-SSIM"):
        img1, img2 = convert_to_tensor(img1, name="img1"), convert_to_tensor(img2, name="img2")
        shape1, shape2, checks = _compatible_images(img1, img2)
        img1 = with_dependencies(checks, identity(img1))
        max_val = convert_image_dtype(math_ops.cast(max_val, img1.dtype.base_dtype), dtypes.float32)
        imgs = [convert_image_dtype(img1, dtypes.float32), convert_image_dtype(img2, dtypes.float32)]
        heads, tails = [s[:-3] for s in (shape1, shape2)], [s[-3:] for s in (shape1, shape2)]
        divisor = [1, 2, 2, 1]
        divisor_tensor = constant(divisor[1:], dtype=dtypes.int32)

        def do_pad(images, remainder):
            padding = pad(expand_dims(remainder, -1), [[1, 0], [1, 0]])
            return [pad(x, padding, mode="SYMMETRIC") for x in images]

        mcs = []
        for k in range(len(power_factors)):
            with graph.name_scope(f"Scale{k}"):
                if k > 0:
                    flat = [reshape(x, concat([[-1], t], 0)) for x, t in zip(imgs, tails)]
                    remainder = tails[0] % divisor_tensor
                    need_padding = reduce_any(math_ops.not_equal(remainder, 0))
                    padded = cond(need_padding, lambda: do_pad(flat, remainder), lambda: flat)
                    down = [avg_pool(x, ksize=divisor, strides=divisor, padding="VALID") for x in padded]
                    tails = [x[1:] for x in shape_n(down)]
                    imgs = [reshape(x, concat([h, t], 0)) for x, h, t in zip(down, heads, tails)]
                ssim_per_channel, cs = _ssim_per_channel(*imgs, max_val=max_val, filter_size=filter_size,
                                                         filter_sigma=filter_sigma, k1=k1, k2=k2)
                mcs.append(relu(cs))
        mcs.pop()
        mcs_and_ssim = stack(mcs + [relu(ssim_per_channel)], axis=-1)
        ms_ssim = reduce_prod(math_ops.pow(mcs_and_ssim, power_factors), [-1])
        return reduce_mean(ms_ssim, [-1])


@tf_export("image.ssim")
def ssim(img1, img2, max_val, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03, return_index_map=False) -> Tensor:
    """Structural similarity of two images (per image of a batch), TF's Gaussian-window formulation."""
    from .reduction import reduce_mean

    with get_default_graph().name_scope("SSIM"):
        img1, img2 = convert_to_tensor(img1, name="img1"), convert_to_tensor(img2, name="img2")
        if (img1.shape.ndims is not None and img2.shape.ndims is not None
                and not img1.shape.is_compatible_with(img2.shape)):
            raise ValueError(f"Shapes {img1.shape} and {img2.shape} are incompatible.")
        max_val = convert_image_dtype(math_ops.cast(max_val, img1.dtype.base_dtype), dtypes.float32)
        img1, img2 = convert_image_dtype(img1, dtypes.float32), convert_image_dtype(img2, dtypes.float32)
        per_channel, _ = _ssim_per_channel(img1, img2, max_val, filter_size, filter_sigma, k1, k2, return_index_map)
        return reduce_mean(per_channel, [-1])
