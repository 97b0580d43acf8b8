"""TF1 programs over dilation2d/erosion2d (and their gradients), extract_volume_patches (and its gradient),
extract_glimpse (TF1's op, and ExtractGlimpseV2's noise modes) and ssim_multiscale, run both by
tools/record_nnmisc.py (on TensorFlow: tests/images/goldens_morphology.json) and by
tests/images/test_morphology_glimpse.py."""

import numpy as np

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def _rand(shape, seed, dtype=np.float32):
    return np.random.RandomState(seed).randn(*shape).astype(dtype)


@case
def dilation_erosion(tf, run):
    out = {}
    x = tf.constant(_rand((2, 6, 7, 3), 1))
    f = tf.constant(_rand((3, 2, 3), 2))
    for strides, rates, padding in (([1, 1, 1, 1], [1, 1, 1, 1], "SAME"), ([1, 2, 1, 1], [1, 1, 2, 1], "VALID"),
                                    ([1, 2, 3, 1], [1, 2, 1, 1], "SAME")):
        key = f"{strides[1:3]},{rates[1:3]},{padding}"
        d = tf.nn.dilation2d(x, f, strides, rates, padding)
        e = tf.nn.erosion2d(x, f, strides, rates, padding)
        w = tf.constant(_rand(d.shape.as_list(), 3))
        grads = tf.gradients(tf.reduce_sum(d * w) + tf.reduce_sum(e * w), [x, f])
        out[key] = dict(d=d, e=e, gx=grads[0], gf=grads[1])
    shapes = {key: value["d"].shape.as_list() for key, value in out.items()}
    out = run(out)
    out["shapes"] = shapes
    d = tf.nn.dilation2d(x, f, [1, 1, 1, 1], [1, 1, 1, 1], "SAME", name="dil")
    e = tf.nn.erosion2d(x, f, [1, 1, 1, 1], [1, 1, 1, 1], "SAME")
    out["names"] = [d.op.name, d.op.type, e.op.name, e.op.inputs[0].op.name, e.op.inputs[0].op.type]
    return out


@case
def dilation_errors(tf, run):
    out = {}
    for key, make in (("depth", lambda: tf.nn.dilation2d(tf.zeros([1, 4, 4, 2]), tf.zeros([2, 2, 3]), [1, 1, 1, 1],
                                                          [1, 1, 1, 1], "SAME")),
                      ("rank", lambda: tf.nn.dilation2d(tf.zeros([4, 4, 2]), tf.zeros([2, 2, 2]), [1, 1, 1, 1],
                                                         [1, 1, 1, 1], "SAME"))):
        try:
            make()
            out[key] = "no error"
        except ValueError as e:
            out[key] = type(e).__name__
    return out


@case
def volume_patches(tf, run):
    out = {}
    x = tf.constant(_rand((2, 4, 5, 3, 2), 4))
    for ksizes, strides, padding in (([1, 2, 2, 2, 1], [1, 1, 1, 1, 1], "VALID"),
                                     ([1, 3, 2, 1, 1], [1, 2, 2, 1, 1], "SAME"),
                                     ([1, 1, 3, 3, 1], [1, 1, 3, 2, 1], "SAME")):
        p = tf.extract_volume_patches(x, ksizes, strides, padding)
        w = tf.constant(_rand(p.shape.as_list(), 5))
        out[f"{ksizes[1:4]},{strides[1:4]},{padding}"] = dict(p=p, g=tf.gradients(tf.reduce_sum(p * w), x)[0])
    shapes = {key: value["p"].shape.as_list() for key, value in out.items()}
    out = run(out)
    out["shapes"] = shapes
    out["name"] = tf.extract_volume_patches(x, [1, 1, 1, 1, 1], [1, 1, 1, 1, 1], "SAME").op.name
    return out


def _glimpse_v2(tf, x, size, offsets, **kw):
    raw = getattr(tf, "raw_ops", None)
    if raw is not None:
        return raw.ExtractGlimpseV2(input=x, size=size, offsets=offsets, uniform_noise=False, **kw)
    from sessionflow.ops.image_glimpse import extract_glimpse_v2

    return extract_glimpse_v2(x, size, offsets, **kw)


_OFFSETS = [[-1.0, 0.9], [0.2, -0.3], [0.0, 0.0], [0.5, 0.5]]


@case
def glimpse(tf, run):
    x = tf.constant(np.arange(4 * 7 * 8 * 2, dtype=np.float32).reshape(4, 7, 8, 2))
    out = {}
    for centered in (True, False):
        for normalized in (True, False):
            offsets = _OFFSETS if normalized else [[-2.0, 5.5], [1.7, -0.6], [3.0, 3.0], [6.2, 0.4]]
            key = f"centered={centered},normalized={normalized}"
            out[key] = _glimpse_v2(tf, x, [3, 4], offsets, centered=centered, normalized=normalized, noise="zero")
            v1 = tf.image.extract_glimpse(x, [3, 4], offsets, centered=centered, normalized=normalized)
            out[key + ",v1"] = v1
    out = run(out)
    out["name"] = tf.image.extract_glimpse(x, [2, 2], _OFFSETS).op.type
    return out


@case
def glimpse_noise(tf, run):
    """Noise is random: only its range (uniform) and what is copied from the image are compared."""
    x = tf.constant(np.arange(2 * 5 * 6 * 2, dtype=np.float32).reshape(2, 5, 6, 2))
    out = {}
    for noise in ("uniform", "gaussian"):
        g = run(_glimpse_v2(tf, x, [4, 4], [[-1.0, -1.0], [0.9, 0.9]], noise=noise))
        out[noise] = dict(copied=[g[0, 2:, 2:], g[1, :2, :2]], shape=list(g.shape))
        if noise == "uniform":
            out[noise]["in_range"] = bool(np.all((g >= 0) & (g <= 119)))
    return out


@case
def ssim_multiscale(tf, run):
    rng = np.random.RandomState(6)
    a = rng.rand(2, 176, 180, 3).astype(np.float32)
    b = np.clip(a + 0.1 * rng.randn(2, 176, 180, 3), 0, 1).astype(np.float32)
    img1, img2 = tf.constant(a), tf.constant(b)
    out = dict(default=tf.image.ssim_multiscale(img1, img2, 1.0),
               weights=tf.image.ssim_multiscale(img1, img2, 1.0, power_factors=(0.5, 0.25, 0.25), filter_size=5),
               odd=tf.image.ssim_multiscale(img1[:, :45, :37], img2[:, :45, :37], 1.0, power_factors=(0.3, 0.7),
                                            filter_size=7, filter_sigma=1.0),
               uint8=tf.image.ssim_multiscale(tf.constant((a * 255).astype(np.uint8)),
                                              tf.constant((b * 255).astype(np.uint8)), 255, power_factors=(1.0, 1.0)))
    return run(out)


def _boxes(n, seed):
    rng = np.random.RandomState(seed)
    corner = rng.uniform(0, 8, (n, 2))
    size = rng.uniform(0.5, 4, (n, 2))
    return np.concatenate([corner, corner + size], axis=1).astype(np.float32)


@case
def nms_padded(tf, run):
    boxes = _boxes(30, 7)
    scores = np.random.RandomState(8).rand(30).astype(np.float32)
    scores[5] = scores[9]  # a tie: the lower index first
    out = {}
    for key, kw in (("plain", dict(max_output_size=10)),
                    ("padded", dict(max_output_size=40, pad_to_max_output_size=True)),
                    ("threshold", dict(max_output_size=12, iou_threshold=0.2, score_threshold=0.3,
                                       pad_to_max_output_size=True)),
                    ("small_tiles", dict(max_output_size=8, iou_threshold=0.3, tile_size=4)),
                    ("flipped", dict(max_output_size=10, iou_threshold=0.4))):
        b = boxes[:, [2, 3, 0, 1]] if key == "flipped" else boxes
        idx, num = tf.image.non_max_suppression_padded(tf.constant(b), tf.constant(scores), **kw)
        out[key] = dict(idx=idx, num=num)
    batched = np.stack([boxes, _boxes(30, 9)])
    batch_scores = np.stack([scores, np.random.RandomState(10).rand(30).astype(np.float32)])
    idx, num = tf.image.non_max_suppression_padded(tf.constant(batched), tf.constant(batch_scores), 6,
                                                   iou_threshold=0.35, pad_to_max_output_size=True, tile_size=8)
    out["batched"] = dict(idx=idx, num=num)
    out = run(out)
    try:
        tf.image.non_max_suppression_padded(tf.constant(batched), tf.constant(batch_scores), 6)
    except ValueError as e:
        out["unpadded_batch"] = str(e)
    return out
