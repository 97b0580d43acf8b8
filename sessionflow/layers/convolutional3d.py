"""`tf.layers.Conv3D` / `conv3d`, `Conv3DTranspose` / `conv3d_transpose`, `MaxPooling3D` / `AveragePooling3D`
(`max_pooling3d`, `average_pooling3d`) over tf.nn.conv3d, conv3d_transpose, max_pool3d and avg_pool3d; and
`SeparableConv2D` / `separable_conv2d` and `SeparableConv1D` / `separable_conv1d` over tf.nn.separable_conv2d."""

from __future__ import annotations

from ..framework.api import tf_export
from ..framework.tensor_shape import TensorShape
from .base import op
from .convolutional import _ZEROS, _Conv, _conv_layer, deconv_output_length, tf_data_format
from .pooling import _Pooling


@tf_export("layers.Conv3D")
class Conv3D(_Conv):
    def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding="valid", data_format="channels_last",
                 dilation_rate=(1, 1, 1), activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=_ZEROS, kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True,
                 name=None, **kwargs):
        super().__init__(3, filters, kernel_size, strides, padding, data_format, dilation_rate, activation, use_bias,
                         kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer,
                         activity_regularizer, kernel_constraint, bias_constraint, trainable, name, **kwargs)


@tf_export("layers.conv3d")
def conv3d(inputs, filters, kernel_size, strides=(1, 1, 1), padding="valid", data_format="channels_last",
           dilation_rate=(1, 1, 1), activation=None, use_bias=True, kernel_initializer=None,
           bias_initializer=_ZEROS, kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
           kernel_constraint=None, bias_constraint=None, trainable=True, name=None, reuse=None):
    """Functional `Conv3D`: creates `<name or conv3d>/kernel` [kd, kh, kw, in, filters] and `/bias`."""
    return _conv_layer(Conv3D, inputs, name, reuse, filters=filters, kernel_size=kernel_size, strides=strides,
                       padding=padding, data_format=data_format, dilation_rate=dilation_rate, activation=activation,
                       use_bias=use_bias, kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                       kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                       activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                       bias_constraint=bias_constraint, trainable=trainable)


@tf_export("layers.Conv3DTranspose")
class Conv3DTranspose(Conv3D):
    """Transposed 3-D convolution; `kernel` is kernel_size + [filters, in]."""

    def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding="valid", data_format="channels_last",
                 activation=None, use_bias=True, kernel_initializer=None, bias_initializer=_ZEROS,
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, trainable=True, name=None, **kwargs):
        super().__init__(filters, kernel_size, strides, padding, data_format, (1, 1, 1), activation, use_bias,
                         kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer,
                         activity_regularizer, kernel_constraint, bias_constraint, trainable, name, **kwargs)

    def _kernel_shape(self, in_channels):
        return self.kernel_size + (self.filters, in_channels)

    def _spatial_axes(self):
        return (2, 3, 4) if self.data_format == "channels_first" else (1, 2, 3)

    def _convolve(self, inputs):
        dims = inputs.shape.as_list() if inputs.shape.ndims is not None else [None] * 5
        shape = op("shape")(inputs)
        out = []
        for axis, k, s in zip(self._spatial_axes(), self.kernel_size, self.strides):
            if dims[axis] is None:
                out.append(shape[axis] * s + max(k - s, 0) if self.padding == "valid" else shape[axis] * s)
            else:
                out.append(deconv_output_length(dims[axis], k, self.padding, stride=s))
        if self.data_format == "channels_first":
            output_shape, strides = [shape[0], self.filters, *out], [1, 1, *self.strides]
        else:
            output_shape, strides = [shape[0], *out, self.filters], [1, *self.strides, 1]
        outputs = op("nn.conv3d_transpose")(inputs, self.kernel, op("stack")(output_shape), strides,
                                            padding=self.padding.upper(),
                                            data_format=tf_data_format(self.data_format, 5))
        outputs.set_shape(self.compute_output_shape(inputs.shape))
        return outputs

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        dims[1 if self.data_format == "channels_first" else 4] = self.filters
        for axis, k, s in zip(self._spatial_axes(), self.kernel_size, self.strides):
            dims[axis] = deconv_output_length(dims[axis], k, self.padding, stride=s)
        return TensorShape(dims)


@tf_export("layers.conv3d_transpose")
def conv3d_transpose(inputs, filters, kernel_size, strides=(1, 1, 1), padding="valid", data_format="channels_last",
                     activation=None, use_bias=True, kernel_initializer=None, bias_initializer=_ZEROS,
                     kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                     kernel_constraint=None, bias_constraint=None, trainable=True, name=None, reuse=None):
    """Functional `Conv3DTranspose`: `kernel` is [kd, kh, kw, filters, in]."""
    return _conv_layer(Conv3DTranspose, inputs, name, reuse, filters=filters, kernel_size=kernel_size,
                       strides=strides, padding=padding, data_format=data_format, activation=activation,
                       use_bias=use_bias, kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                       kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                       activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                       bias_constraint=bias_constraint, trainable=trainable)


class _Pooling3D(_Pooling):
    def call(self, inputs):
        last = self.data_format == "channels_last"
        ksize = [1, *self.pool_size, 1] if last else [1, 1, *self.pool_size]
        strides = [1, *self.strides, 1] if last else [1, 1, *self.strides]
        return op(self.pool_function)(inputs, ksize=ksize, strides=strides, padding=self.padding.upper(),
                                      data_format="NDHWC" if last else "NCDHW")


def _pool3d_class(public, function):
    def __init__(self, pool_size, strides, padding="valid", data_format="channels_last", name=None, **kwargs):
        _Pooling.__init__(self, 3, function, pool_size, strides, padding, data_format, name, **kwargs)

    cls = type(public, (_Pooling3D,), {"__init__": __init__, "__doc__": f"`tf.layers.{public}`."})
    return tf_export(f"layers.{public}")(cls)


MaxPooling3D = _pool3d_class("MaxPooling3D", "nn.max_pool3d")
AveragePooling3D = _pool3d_class("AveragePooling3D", "nn.avg_pool3d")


@tf_export("layers.max_pooling3d")
def max_pooling3d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    return MaxPooling3D(pool_size, strides, padding=padding, data_format=data_format, name=name)(inputs)


@tf_export("layers.average_pooling3d")
def average_pooling3d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    return AveragePooling3D(pool_size, strides, padding=padding, data_format=data_format, name=name)(inputs)


@tf_export("layers.SeparableConv2D")
class SeparableConv2D(_Conv):
    """Depthwise then pointwise 2-D convolution: `depthwise_kernel` kernel_size + [in, depth_multiplier],
    `pointwise_kernel` [1, 1, in * depth_multiplier, filters], then the bias."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
                 dilation_rate=(1, 1), depth_multiplier=1, activation=None, use_bias=True,
                 depthwise_initializer=None, pointwise_initializer=None, bias_initializer=_ZEROS,
                 depthwise_regularizer=None, pointwise_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None,
                 trainable=True, name=None, **kwargs):
        super().__init__(2, filters, kernel_size, strides, padding, data_format, dilation_rate, activation, use_bias,
                         None, bias_initializer, None, bias_regularizer, activity_regularizer, None,
                         bias_constraint, trainable, name, **kwargs)
        self.depth_multiplier = depth_multiplier
        self.depthwise_initializer, self.pointwise_initializer = depthwise_initializer, pointwise_initializer
        self.depthwise_regularizer, self.pointwise_regularizer = depthwise_regularizer, pointwise_regularizer
        self.depthwise_constraint, self.pointwise_constraint = depthwise_constraint, pointwise_constraint

    def build(self, input_shape):
        in_channels = self._input_channels(input_shape)
        self.depthwise_kernel = self.add_weight(
            name="depthwise_kernel", shape=self.kernel_size + (in_channels, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint, trainable=True, dtype=self._dtype)
        self.pointwise_kernel = self.add_weight(
            name="pointwise_kernel", shape=(1,) * self.rank + (self.depth_multiplier * in_channels, self.filters),
            initializer=self.pointwise_initializer, regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint, trainable=True, dtype=self._dtype)
        self._add_bias()
        self.built = True

    def _convolve(self, inputs):
        last = self.data_format == "channels_last"
        strides = (1,) + self.strides + (1,) if last else (1, 1) + self.strides
        return op("nn.separable_conv2d")(inputs, self.depthwise_kernel, self.pointwise_kernel, strides=strides,
                                         padding=self.padding.upper(), rate=self.dilation_rate,
                                         data_format=tf_data_format(self.data_format, 4))


@tf_export("layers.separable_conv2d")
def separable_conv2d(inputs, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
                     dilation_rate=(1, 1), depth_multiplier=1, activation=None, use_bias=True,
                     depthwise_initializer=None, pointwise_initializer=None, bias_initializer=_ZEROS,
                     depthwise_regularizer=None, pointwise_regularizer=None, bias_regularizer=None,
                     activity_regularizer=None, depthwise_constraint=None, pointwise_constraint=None,
                     bias_constraint=None, trainable=True, name=None, reuse=None):
    """Functional `SeparableConv2D`."""
    return SeparableConv2D(filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
                           data_format=data_format, dilation_rate=dilation_rate, depth_multiplier=depth_multiplier,
                           activation=activation, use_bias=use_bias, depthwise_initializer=depthwise_initializer,
                           pointwise_initializer=pointwise_initializer, bias_initializer=bias_initializer,
                           depthwise_regularizer=depthwise_regularizer, pointwise_regularizer=pointwise_regularizer,
                           bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                           depthwise_constraint=depthwise_constraint, pointwise_constraint=pointwise_constraint,
                           bias_constraint=bias_constraint, trainable=trainable, name=name, _scope=name,
                           _reuse=reuse)(inputs)


@tf_export("layers.SeparableConv1D")
class SeparableConv1D(SeparableConv2D):
    """Depthwise then pointwise 1-D convolution, run as the 2-D one over an inserted unit axis (TF's way:
    bias added in 2-D, then the axis squeezed out)."""

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format="channels_last",
                 dilation_rate=1, depth_multiplier=1, activation=None, use_bias=True, depthwise_initializer=None,
                 pointwise_initializer=None, bias_initializer=_ZEROS, depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None, trainable=True,
                 name=None, **kwargs):
        super().__init__(filters, kernel_size, strides, padding, data_format, dilation_rate, depth_multiplier,
                         activation, use_bias, depthwise_initializer, pointwise_initializer, bias_initializer,
                         depthwise_regularizer, pointwise_regularizer, bias_regularizer, activity_regularizer,
                         depthwise_constraint, pointwise_constraint, bias_constraint, trainable, name, **kwargs)
        from .convolutional import normalize_tuple

        self.rank = 1
        self.kernel_size = normalize_tuple(kernel_size, 1, "kernel_size")
        self.strides = normalize_tuple(strides, 1, "strides")
        self.dilation_rate = normalize_tuple(dilation_rate, 1, "dilation_rate")

    def call(self, inputs):
        from .core import add_activity_regularization

        last = self.data_format == "channels_last"
        strides = (1,) + self.strides * 2 + (1,) if last else (1, 1) + self.strides * 2
        axis = 1 if last else 2
        inputs = op("expand_dims")(inputs, axis)
        depthwise = op("expand_dims")(self.depthwise_kernel, 0)
        pointwise = op("expand_dims")(self.pointwise_kernel, 0)
        outputs = op("nn.separable_conv2d")(inputs, depthwise, pointwise, strides=strides,
                                            padding=self.padding.upper(), rate=(1,) + self.dilation_rate,
                                            data_format=tf_data_format(self.data_format, 4))
        if self.use_bias:
            outputs = op("nn.bias_add")(outputs, self.bias, data_format=tf_data_format(self.data_format, 4))
        outputs = op("squeeze")(outputs, [axis])
        if self.activation is not None:
            outputs = self.activation(outputs)
        add_activity_regularization(self, outputs)
        return outputs


@tf_export("layers.separable_conv1d")
def separable_conv1d(inputs, filters, kernel_size, strides=1, padding="valid", data_format="channels_last",
                     dilation_rate=1, depth_multiplier=1, activation=None, use_bias=True, depthwise_initializer=None,
                     pointwise_initializer=None, bias_initializer=_ZEROS, depthwise_regularizer=None,
                     pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                     depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None, trainable=True,
                     name=None, reuse=None):
    """Functional `SeparableConv1D`."""
    return SeparableConv1D(filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
                           data_format=data_format, dilation_rate=dilation_rate, depth_multiplier=depth_multiplier,
                           activation=activation, use_bias=use_bias, depthwise_initializer=depthwise_initializer,
                           pointwise_initializer=pointwise_initializer, bias_initializer=bias_initializer,
                           depthwise_regularizer=depthwise_regularizer, pointwise_regularizer=pointwise_regularizer,
                           bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                           depthwise_constraint=depthwise_constraint, pointwise_constraint=pointwise_constraint,
                           bias_constraint=bias_constraint, trainable=trainable, name=name, _scope=name,
                           _reuse=reuse)(inputs)
