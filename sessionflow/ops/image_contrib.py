"""tf.contrib.image (TF 1.x), served by sessionflow/compat/contrib.py: transform, rotate, translate and the
transform helpers (angles/translations to projective transforms, compose_transforms, the flat <-> 3x3 matrix
conversions) over the ImageProjectiveTransformV2 op (image_transform.py). Its other functions say they are not
provided."""

from __future__ import annotations

from .._namespaces import partial_module_getattr

_IMAGE_DTYPES = ("uint8", "int32", "int64", "float16", "float32", "float64")
_TF1_NAMES = ("bipartite_match", "connected_components", "dense_image_warp", "interpolate_spline",
              "single_image_random_dot_stereograms", "sparse_image_warp", "ImageProjectiveTransform")


def _tf():
    import sessionflow

    return sessionflow


def _as_batch(images):
    """(4-D images, the rank they came in)."""
    if images.dtype.base_dtype.name not in _IMAGE_DTYPES:
        raise TypeError(f"Invalid dtype {images.dtype}.")
    rank = images.shape.ndims
    if rank is None:
        raise TypeError("image_or_images rank must be statically known")
    if rank == 2:
        return images[None, :, :, None], rank
    if rank == 3:
        return images[None, :, :, :], rank
    if rank == 4:
        return images, rank
    raise TypeError("Images should have rank between 2 and 4.")


def _as_given(output, rank):
    if rank == 2:
        return output[0, :, :, 0]
    if rank == 3:
        return output[0, :, :, :]
    return output


def transform(images, transforms, interpolation="NEAREST", output_shape=None, name=None):
    """Each image resampled through its projective transform [a0, a1, a2, b0, b1, b2, c0, c1] (one for all, or
    one per image): output (x, y) reads input ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k)."""
    tf = _tf()
    from ..framework.registry import static_value
    from .image_transform import ImageProjectiveTransformV2

    with tf.name_scope(name, "transform"):
        image_or_images = tf.convert_to_tensor(images, name="images")
        transform_or_transforms = tf.convert_to_tensor(transforms, name="transforms", dtype=tf.float32)
        batch, rank = _as_batch(image_or_images)
        if output_shape is None:
            output_shape = static_value(tf.shape(batch)[1:3])
            if output_shape is None:
                output_shape = tf.shape(batch)[1:3]
        output_shape = tf.convert_to_tensor(output_shape, tf.int32, name="output_shape")
        if not output_shape.get_shape().is_compatible_with([2]):
            raise ValueError("output_shape must be a 1-D Tensor of 2 elements: new_height, new_width")
        if transform_or_transforms.shape.ndims == 1:
            transforms = transform_or_transforms[None]
        elif transform_or_transforms.shape.ndims is None:
            raise TypeError("transform_or_transforms rank must be statically known")
        elif transform_or_transforms.shape.ndims == 2:
            transforms = transform_or_transforms
        else:
            raise TypeError("Transforms should have rank 1 or 2.")
        output = ImageProjectiveTransformV2(batch, transforms, output_shape, interpolation=interpolation.upper())
        return _as_given(output, rank)


def angles_to_projective_transforms(angles, image_height, image_width, name=None):
    """The transforms rotating images of the given size counterclockwise by `angles` (radians) about their
    centres."""
    tf = _tf()
    with tf.name_scope(name, "angles_to_projective_transforms"):
        angle_or_angles = tf.convert_to_tensor(angles, name="angles", dtype=tf.float32)
        if angle_or_angles.shape.ndims == 0:
            angles = angle_or_angles[None]
        elif angle_or_angles.shape.ndims == 1:
            angles = angle_or_angles
        else:
            raise TypeError("Angles should have rank 0 or 1.")
        cos, sin = tf.cos(angles), tf.sin(angles)
        x_offset = ((image_width - 1) - (cos * (image_width - 1) - sin * (image_height - 1))) / 2.0
        y_offset = ((image_height - 1) - (sin * (image_width - 1) + cos * (image_height - 1))) / 2.0
        num_angles = tf.shape(angles)[0]
        return tf.concat([cos[:, None], -sin[:, None], x_offset[:, None], sin[:, None], cos[:, None],
                          y_offset[:, None], tf.zeros((num_angles, 2), tf.float32)], axis=1)


def rotate(images, angles, interpolation="NEAREST", name=None):
    """Images rotated counterclockwise by `angles` (radians, one for all or one per image); empty corners are 0."""
    tf = _tf()
    with tf.name_scope(name, "rotate"):
        image_or_images = tf.convert_to_tensor(images)
        batch, rank = _as_batch(image_or_images)
        height = tf.cast(tf.shape(batch)[1], tf.float32)[None]
        width = tf.cast(tf.shape(batch)[2], tf.float32)[None]
        output = transform(batch, angles_to_projective_transforms(angles, height, width),
                           interpolation=interpolation)
        return _as_given(output, rank)


def translations_to_projective_transforms(translations, name=None):
    """The transforms shifting images by [dx, dy] (one pair, or one per image)."""
    tf = _tf()
    with tf.name_scope(name, "translations_to_projective_transforms"):
        translation_or_translations = tf.convert_to_tensor(translations, name="translations", dtype=tf.float32)
        if translation_or_translations.shape.ndims is None:
            raise TypeError("translation_or_translations rank must be statically known")
        if translation_or_translations.shape.ndims == 1:
            translations = translation_or_translations[None]
        elif translation_or_translations.shape.ndims == 2:
            translations = translation_or_translations
        else:
            raise TypeError("Translations should have rank 1 or 2.")
        num_translations = tf.shape(translations)[0]
        return tf.concat([tf.ones((num_translations, 1), tf.float32), tf.zeros((num_translations, 1), tf.float32),
                          -translations[:, 0, None], tf.zeros((num_translations, 1), tf.float32),
                          tf.ones((num_translations, 1), tf.float32), -translations[:, 1, None],
                          tf.zeros((num_translations, 2), tf.float32)], axis=1)


def translate(images, translations, interpolation="NEAREST", name=None):
    """Images shifted by `translations` [dx, dy]."""
    tf = _tf()
    with tf.name_scope(name, "translate"):
        return transform(images, translations_to_projective_transforms(translations), interpolation=interpolation)


def flat_transforms_to_matrices(transforms):
    """[n, 8] flat transforms -> [n, 3, 3] matrices (the implicit last entry 1)."""
    tf = _tf()
    with tf.name_scope("flat_transforms_to_matrices"):
        transforms = tf.convert_to_tensor(transforms, name="transforms")
        if transforms.shape.ndims not in (1, 2):
            raise ValueError("Transforms should be 1D or 2D, got: %s" % transforms)
        transforms = tf.reshape(transforms, tf.constant([-1, 8]))
        num_transforms = tf.shape(transforms)[0]
        return tf.reshape(tf.concat([transforms, tf.ones([num_transforms, 1])], axis=1), tf.constant([-1, 3, 3]))


def matrices_to_flat_transforms(transform_matrices):
    """[n, 3, 3] matrices -> [n, 8] flat transforms (each divided by its last entry)."""
    tf = _tf()
    with tf.name_scope("matrices_to_flat_transforms"):
        transform_matrices = tf.convert_to_tensor(transform_matrices, name="transform_matrices")
        if transform_matrices.shape.ndims not in (2, 3):
            raise ValueError("Matrices should be 2D or 3D, got: %s" % transform_matrices)
        transforms = tf.reshape(transform_matrices, tf.constant([-1, 9]))
        transforms /= transforms[:, 8:9]
        return transforms[:, :8]


def compose_transforms(*transforms):
    """One transform doing the given ones right to left (their matrices' product)."""
    tf = _tf()
    if not transforms:
        raise ValueError("No transforms given")
    with tf.name_scope("compose_transforms"):
        composed = flat_transforms_to_matrices(transforms[0])
        for tr in transforms[1:]:
            composed = tf.matmul(composed, flat_transforms_to_matrices(tr))
        return matrices_to_flat_transforms(composed)


__getattr__ = partial_module_getattr("contrib.image", _TF1_NAMES)
