"""TF1 image programs run twice: on real TensorFlow by tools/record_images.py (which writes
tests/images/goldens.json) and on sessionflow by tests/images/test_*.py, which compare. Each program takes
the `tf` module and returns JSON data: decoded pixels as digests (shape, dtype, SHA-256 of the bytes),
encoded bytes as hex, error messages as text, small float results as lists."""

from __future__ import annotations

import hashlib
import os

import numpy as np

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")

JPEGS = ("rgb420.jpg", "rgb444.jpg", "progressive.jpg", "gray.jpg", "q30_odd.jpg", "photo224.jpg", "cmyk.jpg")
PNGS = ("rgb.png", "rgba.png", "gray.png", "gray16.png", "rgb16.png", "palette.png", "interlaced.png",
        "interlaced16.png", "gray2bit.png", "rgba16_interlaced.png")
GIFS = ("one.gif", "anim.gif")
BMPS = ("rgb.bmp", "rgba.bmp", "gray.bmp", "topdown.bmp")


def fixture(name: str) -> bytes:
    with open(os.path.join(FIXTURES, name), "rb") as f:
        return f.read()


def digest(array) -> list:
    array = np.ascontiguousarray(array)
    return [list(array.shape), str(array.dtype), hashlib.sha256(array.tobytes()).hexdigest()[:32]]


def _kernel_message(message: str) -> str:
    """The kernel's own text: TF 2.x puts it after a `Node: 'name'` line in graph execution errors."""
    lines = message.split("\n")
    for i, line in enumerate(lines[:-1]):
        if line.startswith("Node: '"):
            return lines[i + 1]
    return lines[0]


def _run_all(tf, tensors: dict, feed=None) -> dict:
    """Runs each tensor on its own (so one failure does not hide the others); values as digests, failures as
    their error class and message."""
    out = {}
    with tf.Session() as sess:
        for key, tensor in tensors.items():
            try:
                value = sess.run(tensor, feed)
            except tf.errors.OpError as e:
                out[key] = [type(e).__name__, _kernel_message(e.message)]
                continue
            if isinstance(value, bytes):
                out[key] = value.hex()
            elif np.ndim(value) == 0 or np.asarray(value).size <= 4:
                out[key] = np.asarray(value).tolist()
            else:
                out[key] = digest(value)
    return out


def jpeg_decoding(tf) -> dict:
    """Every JPEG fixture under each decoding option TF has."""
    tensors = {}
    for name in JPEGS:
        data = tf.constant(fixture(name))
        for dct in ("", "INTEGER_ACCURATE"):
            for fancy in (True, False):
                for channels in (0, 1, 3):
                    for ratio in ((1, 2, 4, 8) if channels == 0 else (1, 8)):
                        tensors[f"{name}|{dct}|{fancy}|{channels}|{ratio}"] = tf.image.decode_jpeg(
                            data, channels=channels, ratio=ratio, fancy_upscaling=fancy, dct_method=dct)
        tensors[f"{name}|shape"] = tf.image.extract_jpeg_shape(data)
        tensors[f"{name}|crop"] = tf.image.decode_and_crop_jpeg(data, [3, 5, 11, 9])
        tensors[f"{name}|crop_edge"] = tf.image.decode_and_crop_jpeg(data, [16, 16, 13, 17], channels=3)
        tensors[f"{name}|image"] = tf.image.decode_image(data)
        tensors[f"{name}|image_float"] = tf.image.decode_image(data, dtype=tf.float32)
        tensors[f"{name}|gif_op"] = tf.image.decode_gif(data)
        tensors[f"{name}|png_op_u16"] = tf.image.decode_png(data, dtype=tf.uint16)
    return _run_all(tf, tensors)


def other_decoding(tf) -> dict:
    """PNG, GIF and BMP fixtures through every decoder and its channel/dtype options."""
    tensors = {}
    for name in PNGS:
        data = tf.constant(fixture(name))
        for channels in (0, 1, 2, 3, 4):
            for dtype in (tf.uint8, tf.uint16):
                tensors[f"{name}|{channels}|{dtype.name}"] = tf.image.decode_png(data, channels=channels, dtype=dtype)
        tensors[f"{name}|image_float"] = tf.image.decode_image(data, dtype=tf.float32)
        tensors[f"{name}|jpeg_op"] = tf.image.decode_jpeg(data)
    for name in GIFS:
        data = tf.constant(fixture(name))
        tensors[f"{name}|gif"] = tf.image.decode_gif(data)
        tensors[f"{name}|image"] = tf.image.decode_image(data)
        tensors[f"{name}|image_first"] = tf.image.decode_image(data, expand_animations=False)
        tensors[f"{name}|jpeg_op"] = tf.image.decode_jpeg(data)
    for name in BMPS:
        data = tf.constant(fixture(name))
        for channels in (0, 3, 4):
            tensors[f"{name}|{channels}"] = tf.image.decode_bmp(data, channels=channels)
        tensors[f"{name}|image"] = tf.image.decode_image(data)
        tensors[f"{name}|jpeg_op"] = tf.image.decode_jpeg(data)
    return _run_all(tf, tensors)


def corrupt_inputs() -> dict:
    """Damaged and foreign inputs: each decoder's InvalidArgumentError must be TF's."""
    jpeg, png, gif, bmp = fixture("rgb420.jpg"), fixture("rgb.png"), fixture("anim.gif"), fixture("rgb.bmp")
    bad_crc = bytearray(png)
    bad_crc[40] ^= 1
    return {"empty": b"", "junk": b"hello world, not an image", "jpeg_half": jpeg[:len(jpeg) // 2],
            "jpeg_header_only": jpeg[:100], "jpeg_no_eoi": jpeg[:-2], "png_half": png[:len(png) // 2],
            "png_bad_crc": bytes(bad_crc), "png_header_only": png[:20], "gif_header_only": b"GIF89a\x05\x00",
            "gif_half": gif[:len(gif) // 2], "bmp_short": b"BM\x00\x00", "bmp_half": bmp[:len(bmp) // 2],
            "jpeg_ok": jpeg, "gif_ok": gif, "bmp_ok": bmp}


def corrupt_decoding(tf) -> dict:
    contents = tf.placeholder(tf.string, [])
    ops = {"jpeg": tf.image.decode_jpeg(contents), "png": tf.image.decode_png(contents),
           "gif": tf.image.decode_gif(contents), "bmp": tf.image.decode_bmp(contents),
           "image": tf.image.decode_image(contents), "shape": tf.image.extract_jpeg_shape(contents),
           "crop": tf.image.decode_and_crop_jpeg(contents, [0, 0, 5, 5]), "is_jpeg": tf.image.is_jpeg(contents),
           "crop_outside": tf.image.decode_and_crop_jpeg(contents, [30, 0, 10, 5]),
           "jpeg_4_channels": tf.image.decode_jpeg(contents, channels=4),
           "gif_as_1_channel": tf.image.decode_image(contents, channels=1)}
    out = {}
    for key, data in corrupt_inputs().items():
        result = _run_all(tf, ops, {contents: data})
        out.update({f"{key}|{op}": value for op, value in result.items()})
    # TF hangs on a JPEG cut inside its header when asked to recover (b"\xff\xd8\xff"), so the recovering
    # decoder sees only a truncated body.
    recover = tf.image.decode_jpeg(contents, try_recover_truncated=True, acceptable_fraction=0.5)
    jpeg = fixture("photo224.jpg")
    out.update({f"recover|{k}": v for k, v in _run_all(tf, {"half": recover}, {contents: jpeg[:len(jpeg) // 2]}).items()})
    return out


def encoding(tf) -> dict:
    """EncodeJpeg/EncodePng bytes for decoded fixtures under each option."""
    rgb = tf.image.decode_png(tf.constant(fixture("rgb.png")), channels=3)
    gray = tf.image.decode_png(tf.constant(fixture("gray.png")), channels=1)
    rgba = tf.image.decode_png(tf.constant(fixture("rgba.png")), channels=4)
    photo = tf.image.decode_jpeg(tf.constant(fixture("photo224.jpg")))
    deep = tf.image.decode_png(tf.constant(fixture("rgb16.png")), dtype=tf.uint16)
    tensors = {
        "jpeg_default": tf.image.encode_jpeg(rgb), "jpeg_q30": tf.image.encode_jpeg(rgb, quality=30),
        "jpeg_progressive": tf.image.encode_jpeg(rgb, progressive=True),
        "jpeg_optimize": tf.image.encode_jpeg(rgb, optimize_size=True),
        "jpeg_444": tf.image.encode_jpeg(rgb, chroma_downsampling=False),
        "jpeg_cm": tf.image.encode_jpeg(rgb, density_unit="cm", x_density=20, y_density=40),
        "jpeg_xmp": tf.image.encode_jpeg(rgb, xmp_metadata="<x:xmpmeta/>"),
        "jpeg_gray": tf.image.encode_jpeg(gray), "jpeg_gray_fmt": tf.image.encode_jpeg(gray, format="grayscale"),
        "jpeg_rgba": tf.image.encode_jpeg(rgba), "jpeg_photo": tf.image.encode_jpeg(photo, quality=80),
        "png_rgb": tf.image.encode_png(rgb), "png_gray": tf.image.encode_png(gray),
        "png_rgba": tf.image.encode_png(rgba), "png_photo": tf.image.encode_png(photo),
        "png_photo_c0": tf.image.encode_png(photo, compression=0),
        "png_photo_c1": tf.image.encode_png(photo, compression=1),
        "png_photo_c9": tf.image.encode_png(photo, compression=9), "png_deep": tf.image.encode_png(deep),
    }
    out = _run_all(tf, tensors)
    return {k: (hashlib.sha256(bytes.fromhex(v)).hexdigest()[:32] if isinstance(v, str) and len(v) > 2000 else v)
            for k, v in out.items()}


CODEC_PROGRAMS = {"jpeg_decoding": jpeg_decoding, "other_decoding": other_decoding,
                  "corrupt_decoding": corrupt_decoding, "encoding": encoding}


def _floats(value) -> list:
    return np.asarray(value, np.float64).round(6).reshape(-1).tolist()


def adjustments(tf) -> dict:
    """The colour ops on a decoded photo crop, uint8 and float32: digests (TF's kernels, bit for bit)."""
    photo = tf.image.decode_jpeg(tf.constant(fixture("photo224.jpg")))[40:64, 100:130]
    flt = tf.image.convert_image_dtype(photo, tf.float32)
    tensors = {}
    for label, image in (("u8", photo), ("f32", flt)):
        tensors.update({
            f"brightness|{label}": tf.image.adjust_brightness(image, 0.15),
            f"brightness_neg|{label}": tf.image.adjust_brightness(image, -0.3),
            f"contrast|{label}": tf.image.adjust_contrast(image, 1.7),
            f"contrast_low|{label}": tf.image.adjust_contrast(image, 0.3),
            f"saturation|{label}": tf.image.adjust_saturation(image, 0.4),
            f"saturation_up|{label}": tf.image.adjust_saturation(image, 2.5),
            f"hue|{label}": tf.image.adjust_hue(image, 0.3),
            f"hue_neg|{label}": tf.image.adjust_hue(image, -0.45),
            f"crop_or_pad|{label}": tf.image.resize_image_with_crop_or_pad(image, 30, 20),
            f"central_crop|{label}": tf.image.central_crop(image, 0.6),
        })
    tensors.update({
        "hsv": tf.image.rgb_to_hsv(flt), "hsv_back": tf.image.hsv_to_rgb(tf.image.rgb_to_hsv(flt)),
        "gray_to_rgb": tf.image.grayscale_to_rgb(tf.image.rgb_to_grayscale(photo)),
        "gamma": tf.image.adjust_gamma(photo, 0.7, 1.1), "gray": tf.image.rgb_to_grayscale(photo),
        "jpeg_q25": tf.image.adjust_jpeg_quality(photo, 25),
        "jpeg_q70_accurate": tf.image.adjust_jpeg_quality(flt, tf.constant(70), dct_method="INTEGER_ACCURATE"),
        "to_u16": tf.image.convert_image_dtype(photo, tf.uint16),
        "to_i8": tf.image.convert_image_dtype(photo, tf.int8),
        "to_f64": tf.image.convert_image_dtype(photo, tf.float64),
        "f_to_u8_sat": tf.image.convert_image_dtype(flt * 1.3 - 0.1, tf.uint8, saturate=True),
        "f_to_u8": tf.image.convert_image_dtype(flt * 0.9, tf.uint8),
        "contrast_batch": tf.image.adjust_contrast(tf.stack([flt, flt * 0.5]), 1.3),
    })
    return _run_all(tf, tensors)


def standardization(tf) -> dict:
    """Reductions, matrix products and powers in float32: compared to TF within rounding (summation order,
    libm's powf)."""
    photo = tf.image.decode_jpeg(tf.constant(fixture("photo224.jpg")))[40:52, 100:110]
    flt = tf.image.convert_image_dtype(photo, tf.float32)
    tensors = {"standardized": tf.image.per_image_standardization(photo),
               "standardized_batch": tf.image.per_image_standardization(tf.stack([flt, flt * flt])),
               "yiq": tf.image.rgb_to_yiq(flt), "yuv_back": tf.image.yuv_to_rgb(tf.image.rgb_to_yuv(flt)),
               "gray_float": tf.image.rgb_to_grayscale(flt), "gamma_float": tf.image.adjust_gamma(flt, 0.7, 1.1),
               "total_variation": tf.image.total_variation(flt),
               "total_variation_batch": tf.image.total_variation(tf.stack([flt, flt[::-1] * 0.5])),
               "image_gradients": tf.stack(tf.image.image_gradients(flt[None])),
               "sobel": tf.image.sobel_edges(flt[None]),
               "psnr": tf.image.psnr(photo, tf.image.adjust_brightness(photo, 0.05), 255),
               "psnr_float": tf.image.psnr(flt, flt * 0.9, 1.0),
               "ssim": tf.image.ssim(photo, tf.image.adjust_contrast(photo, 1.3), 255, filter_size=7),
               "ssim_batch_map": tf.image.ssim(tf.stack([flt, flt]), tf.stack([flt * 0.8, flt ** 2]), 1.0,
                                               filter_size=5, return_index_map=True),
               "hsv_gradient": tf.gradients(tf.reduce_sum(tf.image.rgb_to_hsv(flt) * [0.3, -1.2, 2.0]), flt)[0]}
    with tf.Session() as sess:
        return {k: _floats(v) for k, v in sess.run(tensors).items()}


def random_augmentations(tf) -> dict:
    """Seeded random augmentations, three runs each (each run draws anew): TF's draws, so TF's pixels."""
    tf.set_random_seed(1234)
    photo = tf.image.decode_jpeg(tf.constant(fixture("photo224.jpg")))[:40, :48]
    batch = tf.stack([photo, photo[::-1], photo[:, ::-1]])
    tensors = {
        "flip_lr": tf.image.random_flip_left_right(photo, seed=3),
        "flip_ud": tf.image.random_flip_up_down(photo),
        "flip_lr_batch": tf.image.random_flip_left_right(batch, seed=5),
        "flip_ud_batch": tf.image.random_flip_up_down(batch, seed=6),
        "crop": tf.image.random_crop(photo, [17, 23, 3], seed=7),
        "crop_batch": tf.random_crop(batch, [2, 11, 13, 3]),
        "brightness": tf.image.random_brightness(photo, 0.3, seed=8),
        "contrast": tf.image.random_contrast(photo, 0.5, 1.5, seed=9),
        "saturation": tf.image.random_saturation(photo, 0.2, 1.8, seed=10),
        "hue": tf.image.random_hue(photo, 0.4, seed=11),
        "jpeg_quality": tf.image.random_jpeg_quality(photo, 20, 90, seed=12),
        "jpeg_quality_float": tf.image.random_jpeg_quality(tf.image.convert_image_dtype(photo, tf.float32), 5, 60),
    }
    out = {}
    with tf.Session() as sess:
        for step in range(3):
            for key, value in sess.run(tensors).items():
                out[f"{key}|{step}"] = digest(value)
    return out


def augmented_training_batch(tf) -> dict:
    """A whole TF1 input program: JPEG files read -> decode -> seeded random crop / flip / brightness -> resize ->
    batch -> a tiny conv net. The batch must be TF's bit for bit; the net's outputs within float32 rounding."""
    tf.set_random_seed(42)
    images = []
    for name in ("photo224.jpg", "rgb420.jpg", "progressive.jpg", "q30_odd.jpg"):
        image = tf.image.decode_jpeg(tf.read_file(os.path.join(FIXTURES, name)), channels=3)
        image = tf.image.random_crop(image, [28, 28, 3], seed=1)
        image = tf.image.random_flip_left_right(image, seed=2)
        image = tf.image.convert_image_dtype(image, tf.float32)
        image = tf.image.random_brightness(image, 0.2, seed=3)
        image = tf.clip_by_value(image, 0.0, 1.0)
        images.append(tf.image.resize_images(image, [16, 16]))
    batch = tf.stack(images)
    rng = np.random.RandomState(0)
    kernel = tf.constant(rng.normal(0, 0.3, (3, 3, 3, 4)).astype(np.float32))
    dense = tf.constant(rng.normal(0, 0.1, (8 * 8 * 4, 5)).astype(np.float32))
    features = tf.nn.relu(tf.nn.conv2d(batch, kernel, [1, 1, 1, 1], "SAME"))
    pooled = tf.nn.max_pool(features, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    logits = tf.matmul(tf.reshape(pooled, [4, -1]), dense)
    out = {}
    with tf.Session() as sess:
        for step in range(2):
            pixels, values = sess.run([batch, logits])
            out[f"batch|{step}"] = digest(pixels)
            out[f"logits|{step}"] = _floats(values)
    return out


PROGRAMS = {"adjustments": adjustments, "standardization": standardization,
            "random_augmentations": random_augmentations, "augmented_training_batch": augmented_training_batch}


def boxes(tf) -> dict:
    """NMS (V3, V4 padded, V5 soft, overlaps), crop_and_resize and its gradients, drawn boxes, and seeded
    sample_distorted_bounding_box (three runs each)."""
    rng = np.random.RandomState(7)
    corners = rng.uniform(0, 1, (40, 2, 2)).astype(np.float32)
    boxes_ = np.concatenate([corners.min(1), corners.max(1)], axis=1)[:, [0, 1, 2, 3]]
    boxes_ = np.round(boxes_ * 32) / 32  # exact coordinates: ties and touching edges happen
    scores = np.round(rng.uniform(0, 1, 40) * 16).astype(np.float32) / 16  # repeated scores: tie order
    overlaps = rng.uniform(0, 1, (40, 40)).astype(np.float32)
    class_scores = (np.round(rng.uniform(0, 1, (2, 20, 3)) * 8) / 8).astype(np.float32)
    image = tf.image.convert_image_dtype(tf.image.decode_jpeg(tf.constant(fixture("photo224.jpg")))[:30, :40],
                                         tf.float32)
    batch = tf.stack([image, image[::-1]])
    crop_boxes = tf.constant([[0.1, 0.2, 0.7, 0.9], [-0.2, 0.1, 0.5, 1.2], [0.5, 0.5, 0.5, 0.5],
                              [0.9, 0.8, 0.2, 0.1]], tf.float32)
    crop_index = tf.constant([0, 1, 1, 0])
    crops = tf.image.crop_and_resize(batch, crop_boxes, crop_index, [7, 9], extrapolation_value=-1.0)
    nearest = tf.image.crop_and_resize(batch, crop_boxes, crop_index, [5, 6], method="nearest")
    grad_image, grad_boxes = tf.gradients(tf.reduce_sum(crops * tf.linspace(0.0, 1.0, 3)), [batch, crop_boxes])
    draw_boxes = tf.constant([[[0.1, 0.2, 0.6, 0.7], [-0.1, 0.5, 0.4, 1.2], [0.7, 0.7, 0.6, 0.9]]] * 2)
    tensors = {
        "nms": tf.image.non_max_suppression(boxes_, scores, 12, 0.3),
        "nms_score": tf.image.non_max_suppression(boxes_, scores, 40, 0.5, score_threshold=0.4),
        "soft": tf.image.non_max_suppression_with_scores(boxes_, scores, 10, 0.5, 0.1, soft_nms_sigma=0.5),
        "overlaps": tf.image.non_max_suppression_overlaps(overlaps, scores, 9, 0.6, 0.1),
        "combined": tf.image.combined_non_max_suppression(
            np.stack([boxes_[:20], boxes_[20:]])[:, :, None], class_scores, 4, 10, 0.4, 0.2),
        "combined_per_class_boxes": tf.image.combined_non_max_suppression(
            np.stack([boxes_[:20], boxes_[20:]])[:, :, None].repeat(3, 2) * np.array([1.0, 1.1, 0.9])[:, None],
            class_scores, 3, 20,
            0.5, pad_per_class=True, clip_boxes=False),
        "crops": crops, "nearest": nearest, "grad_image": grad_image, "grad_boxes": grad_boxes,
        "draw": tf.image.draw_bounding_boxes(batch, draw_boxes),
        "draw_colors": tf.image.draw_bounding_boxes(batch, draw_boxes, colors=[[0.2, 0.4, 0.6, 1.0],
                                                                               [1.0, 0.0, 0.5, 1.0]]),
    }
    out = {}
    with tf.Session() as sess:
        for key, value in sess.run(tensors).items():
            if key.startswith("grad"):
                out[key] = _floats(np.asarray(value).sum(axis=tuple(range(1, np.ndim(value)))))
            elif isinstance(value, tuple):
                out[key] = [np.asarray(v).round(6).tolist() for v in value]
            elif np.asarray(value).dtype.kind == "i":
                out[key] = np.asarray(value).tolist()
            else:
                out[key] = digest(value)
    return out


def distorted_boxes(tf) -> dict:
    """Seeded SampleDistortedBoundingBox(V2) proposals, three runs of each configuration."""
    given = tf.constant([[[0.1, 0.2, 0.6, 0.7], [0.5, 0.5, 0.9, 0.95]]])
    tensors = {
        "default": tf.image.sample_distorted_bounding_box([224, 224, 3], given, seed=3),
        "both_seeds": tf.image.sample_distorted_bounding_box([100, 120, 3], given, seed=3, seed2=9),
        "inception": tf.image.sample_distorted_bounding_box(
            [375, 500, 3], given, seed=11, min_object_covered=0.1, aspect_ratio_range=[0.75, 1.33],
            area_range=[0.05, 1.0], max_attempts=100),
        "tight": tf.image.sample_distorted_bounding_box([50, 60, 3], given, seed=5, min_object_covered=0.9,
                                                        aspect_ratio_range=[0.5, 2.0], area_range=[0.1, 0.3],
                                                        max_attempts=7),
        "no_boxes": tf.image.sample_distorted_bounding_box(tf.constant([31, 47, 3], tf.int64),
                                                           tf.zeros([1, 0, 4]), seed=17,
                                                           use_image_if_no_bounding_boxes=True),
    }
    out = {}
    with tf.Session() as sess:
        for step in range(3):
            for key, (begin, size, box) in sess.run(tensors).items():
                out[f"{key}|{step}"] = [begin.tolist(), size.tolist(), np.asarray(box).reshape(-1).tolist()]
    return out


PROGRAMS.update(boxes=boxes, distorted_boxes=distorted_boxes)
