"""`tf.layers.conv1d`, `conv2d`, `conv2d_transpose` and their layer classes."""

from __future__ import annotations

from .. import init_ops
from ..framework.api import tf_export
from ..framework.tensor_shape import Dimension, TensorShape
from .base import Layer, op
from .core import add_activity_regularization, get_activation

_ZEROS = init_ops.zeros_initializer()



def normalize_tuple(value, n: int, name: str) -> tuple:
    if isinstance(value, int):
        return (value,) * n
    try:
        value = tuple(value)
    except TypeError:
        raise ValueError(f"The `{name}` argument must be a tuple of {n} integers. Received: {value}") from None
    if len(value) != n:
        raise ValueError(f"The `{name}` argument must be a tuple of {n} integers. Received: {value}")
    # a known Dimension is an integer (TF's check is int(v)): `kernel_size=inputs.shape[1:3]` under TF1 shapes
    value = tuple(v.value if isinstance(v, Dimension) and v.value is not None else v for v in value)
    bad = [v for v in value if not isinstance(v, int)]
    if bad:
        raise ValueError(f"The `{name}` argument must be a tuple of {n} integers. Received: {value} "
                         f"including element {bad[0]} of type {type(bad[0])}")
    return value


def normalize_padding(value: str) -> str:
    padding = value.lower()
    if padding not in ("valid", "same", "causal"):
        raise ValueError("The `padding` argument must be a list/tuple or one of \"valid\", \"same\" (or "
                         f"\"causal\", only for `Conv1D). Received: {padding}")
    return padding


def normalize_data_format(value) -> str:
    data_format = "channels_last" if value is None else value.lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError('The `data_format` argument must be one of "channels_first", "channels_last". '
                         f"Received: {value}")
    return data_format


def tf_data_format(data_format: str, ndim: int) -> str:
    last = data_format == "channels_last"
    return {3: "NWC" if last else "NCW", 4: "NHWC" if last else "NCHW", 5: "NDHWC" if last else "NCDHW"}[ndim]


def conv_output_length(length, filter_size, padding, stride, dilation=1):
    if length is None:
        return None
    dilated = filter_size + (filter_size - 1) * (dilation - 1)
    if padding in ("same", "causal"):
        out = length
    elif padding == "valid":
        out = length - dilated + 1
    else:
        out = length + dilated - 1
    return (out + stride - 1) // stride


def deconv_output_length(length, filter_size, padding, output_padding=None, stride=0, dilation=1):
    if length is None:
        return None
    filter_size = filter_size + (filter_size - 1) * (dilation - 1)
    if output_padding is None:
        if padding == "valid":
            return length * stride + max(filter_size - stride, 0)
        if padding == "full":
            return length * stride - (stride + filter_size - 2)
        return length * stride
    pad = {"same": filter_size // 2, "valid": 0, "full": filter_size - 1}[padding]
    return (length - 1) * stride + filter_size - 2 * pad + output_padding


class _Conv(Layer):
    """N-D convolution (N = `rank`) plus bias and activation; `kernel` is kernel_size + [in, filters]."""

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format="channels_last",
                 dilation_rate=1, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=_ZEROS, kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True,
                 name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        self.rank = rank
        if isinstance(filters, float):
            filters = int(filters)
        if filters is not None and filters <= 0:
            raise ValueError("Invalid value for argument `filters`. Expected a strictly positive value. "
                             f"Received filters={filters}.")
        self.filters = filters
        self.kernel_size = normalize_tuple(kernel_size, rank, "kernel_size")
        self.strides = normalize_tuple(strides, rank, "strides")
        self.padding = normalize_padding(padding)
        self.data_format = normalize_data_format(data_format)
        self.dilation_rate = normalize_tuple(dilation_rate, rank, "dilation_rate")
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(f"`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: "
                             f"strides={self.strides} and dilation_rate={self.dilation_rate}")
        self.activation = get_activation(activation)
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer
        self.kernel_regularizer = kernel_regularizer
        self.bias_regularizer = bias_regularizer
        self.activity_regularizer = activity_regularizer
        self.kernel_constraint = kernel_constraint
        self.bias_constraint = bias_constraint

    def _channel_axis(self):
        return 1 if self.data_format == "channels_first" else -1

    def _input_channels(self, input_shape):
        input_shape = TensorShape(input_shape)
        if input_shape.ndims is not None and input_shape.ndims != self.rank + 2:
            raise ValueError(f'Input 0 of layer "{self.name}" is incompatible with the layer: expected '
                             f"min_ndim={self.rank + 2}, found ndim={input_shape.ndims}. Full shape received: "
                             f"{tuple(input_shape.as_list())}")
        channels = input_shape.as_list()[self._channel_axis()] if input_shape.ndims is not None else None
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. The input_shape received "
                             f"is {input_shape}, where axis {self._channel_axis()} (0-based) is the channel "
                             "dimension, which found to be `None`.")
        return channels

    def _kernel_shape(self, in_channels):
        return self.kernel_size + (in_channels, self.filters)

    def build(self, input_shape):
        in_channels = self._input_channels(input_shape)
        self.kernel = self.add_weight(name="kernel", shape=self._kernel_shape(in_channels),
                                      initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint, trainable=True, dtype=self._dtype)
        self._add_bias()
        self.built = True

    def _add_bias(self):
        """The `bias` weight of `filters` values (None without `use_bias`), as every conv layer makes it."""
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(name="bias", shape=(self.filters,), initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                                        trainable=True, dtype=self._dtype)

    def _convolve(self, inputs):
        """`tf.nn.convolution` named after the layer's class (Conv1D, Conv2D, Conv3D), as Keras calls it: a
        dilated one goes through space-to-batch."""
        fmt = tf_data_format(self.data_format, self.rank + 2)
        return op("nn.convolution")(inputs, self.kernel, strides=list(self.strides), padding=self.padding.upper(),
                                    dilations=list(self.dilation_rate), data_format=fmt, name=type(self).__name__)

    def call(self, inputs):
        if self.padding == "causal":
            pad = self.dilation_rate[0] * (self.kernel_size[0] - 1)
            paddings = [[0, 0], [pad, 0], [0, 0]] if self.data_format == "channels_last" else [[0, 0], [0, 0], [pad, 0]]
            inputs = op("pad")(inputs, paddings)
            saved, self.padding = self.padding, "valid"
            try:
                outputs = self._convolve(inputs)
            finally:
                self.padding = saved
        else:
            outputs = self._convolve(inputs)
        if self.use_bias:
            if self.rank == 1 and self.data_format == "channels_first":
                outputs = outputs + op("reshape")(self.bias, (1, self.filters, 1))
            else:
                outputs = op("nn.bias_add")(outputs, self.bias, data_format=tf_data_format(self.data_format,
                                                                                            self.rank + 2))
        if self.activation is not None:
            outputs = self.activation(outputs)
        add_activity_regularization(self, outputs)
        return outputs

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        spatial = dims[1:-1] if self.data_format == "channels_last" else dims[2:]
        out = [conv_output_length(n, k, self.padding, s, d)
               for n, k, s, d in zip(spatial, self.kernel_size, self.strides, self.dilation_rate)]
        if self.data_format == "channels_last":
            return TensorShape([dims[0], *out, self.filters])
        return TensorShape([dims[0], self.filters, *out])


@tf_export("layers.Conv1D")
class Conv1D(_Conv):
    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format="channels_last",
                 dilation_rate=1, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=_ZEROS, kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True,
                 name=None, **kwargs):
        super().__init__(1, filters, kernel_size, strides, padding, data_format, dilation_rate, activation, use_bias,
                         kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer,
                         activity_regularizer, kernel_constraint, bias_constraint, trainable, name, **kwargs)


@tf_export("layers.Conv2D")
class Conv2D(_Conv):
    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
                 dilation_rate=(1, 1), activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=_ZEROS, kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True,
                 name=None, **kwargs):
        super().__init__(2, filters, kernel_size, strides, padding, data_format, dilation_rate, activation, use_bias,
                         kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer,
                         activity_regularizer, kernel_constraint, bias_constraint, trainable, name, **kwargs)


@tf_export("layers.Conv2DTranspose")
class Conv2DTranspose(Conv2D):
    """Transposed 2-D convolution; `kernel` is kernel_size + [filters, in]."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
                 activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=_ZEROS, kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True,
                 name=None, **kwargs):
        super().__init__(filters, kernel_size, strides, padding, data_format, (1, 1), activation, use_bias,
                         kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer,
                         activity_regularizer, kernel_constraint, bias_constraint, trainable, name, **kwargs)

    def _kernel_shape(self, in_channels):
        return self.kernel_size + (self.filters, in_channels)

    def _out_spatial(self, inputs):
        h_axis, w_axis = (2, 3) if self.data_format == "channels_first" else (1, 2)
        dims = inputs.shape.as_list() if inputs.shape.ndims is not None else [None] * 4
        shape = op("shape")(inputs)
        out = []
        for axis, k, s, d in zip((h_axis, w_axis), self.kernel_size, self.strides, self.dilation_rate):
            size = dims[axis]
            if size is None:
                k_eff = k + (k - 1) * (d - 1)
                size_t = shape[axis]
                out.append(size_t * s + max(k_eff - s, 0) if self.padding == "valid" else size_t * s)
            else:
                out.append(deconv_output_length(size, k, self.padding, stride=s, dilation=d))
        return shape[0], out

    def _convolve(self, inputs):
        batch, (out_h, out_w) = self._out_spatial(inputs)
        if self.data_format == "channels_first":
            output_shape = [batch, self.filters, out_h, out_w]
            strides = [1, 1, *self.strides]
        else:
            output_shape = [batch, out_h, out_w, self.filters]
            strides = [1, *self.strides, 1]
        outputs = op("nn.conv2d_transpose")(inputs, self.kernel, op("stack")(output_shape), strides,
                                            padding=self.padding.upper(),
                                            data_format=tf_data_format(self.data_format, 4))
        outputs.set_shape(self.compute_output_shape(inputs.shape))
        return outputs

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        h_axis, w_axis, c_axis = (2, 3, 1) if self.data_format == "channels_first" else (1, 2, 3)
        dims[c_axis] = self.filters
        for axis, k, s, d in zip((h_axis, w_axis), self.kernel_size, self.strides, self.dilation_rate):
            dims[axis] = deconv_output_length(dims[axis], k, self.padding, stride=s, dilation=d)
        return TensorShape(dims)


def _conv_layer(cls, inputs, name, reuse, **kw):
    return cls(name=name, _scope=name, _reuse=reuse, **kw)(inputs)


@tf_export("layers.conv1d")
def conv1d(inputs, filters, kernel_size, strides=1, padding="valid", data_format="channels_last", dilation_rate=1,
           activation=None, use_bias=True, kernel_initializer=None, bias_initializer=_ZEROS,
           kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
           bias_constraint=None, trainable=True, name=None, reuse=None):
    """Functional `Conv1D`."""
    return _conv_layer(Conv1D, inputs, name, reuse, filters=filters, kernel_size=kernel_size, strides=strides,
                       padding=padding, data_format=data_format, dilation_rate=dilation_rate, activation=activation,
                       use_bias=use_bias, kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                       kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                       activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                       bias_constraint=bias_constraint, trainable=trainable)


@tf_export("layers.conv2d")
def conv2d(inputs, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
           dilation_rate=(1, 1), activation=None, use_bias=True, kernel_initializer=None,
           bias_initializer=_ZEROS, kernel_regularizer=None, bias_regularizer=None,
           activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
           reuse=None):
    """Functional `Conv2D`: creates `<name or conv2d>/kernel` [kh, kw, in, filters] and `/bias`."""
    return _conv_layer(Conv2D, inputs, name, reuse, filters=filters, kernel_size=kernel_size, strides=strides,
                       padding=padding, data_format=data_format, dilation_rate=dilation_rate, activation=activation,
                       use_bias=use_bias, kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                       kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                       activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                       bias_constraint=bias_constraint, trainable=trainable)


@tf_export("layers.conv2d_transpose")
def conv2d_transpose(inputs, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
                     activation=None, use_bias=True, kernel_initializer=None,
                     bias_initializer=_ZEROS, kernel_regularizer=None, bias_regularizer=None,
                     activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True,
                     name=None, reuse=None):
    """Functional `Conv2DTranspose`: `kernel` is [kh, kw, filters, in]."""
    return _conv_layer(Conv2DTranspose, inputs, name, reuse, filters=filters, kernel_size=kernel_size,
                       strides=strides, padding=padding, data_format=data_format, activation=activation,
                       use_bias=use_bias, kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                       kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                       activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                       bias_constraint=bias_constraint, trainable=trainable)
