"""`tf.test.compute_gradient` / `compute_gradient_error` (TF 1.x's gradient checker): the Jacobian of `y`
with respect to `x` from the graph's gradients (one run per element of `y`, feeding a one-hot `dy`) and
from central differences (two runs per element of `x`), both in the default session.

Jacobians are `(x.size, y.size)` arrays in `x`'s dtype: entry `[i, j]` is dy_j / dx_i. `x` is fed, so it is
a placeholder or any feedable tensor; its value is `x_init_value`, else NumPy's uniform draw in [0, 1).
"""

from __future__ import annotations

import numpy as np

from .framework import dtypes
from .runtime.session import get_default_session

_ALLOWED = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.complex64, dtypes.complex128)


def _feeds(extra_feed_dict, feeds):
    return {**extra_feed_dict, **feeds} if extra_feed_dict else feeds


def _theoretical_jacobian(x, x_shape, x_data, dy, dy_shape, dx, extra_feed_dict):
    from .ops.indexed_slices import IndexedSlices

    x_size = int(np.prod(x_shape, dtype=np.int64))
    row_size = int(np.prod(x_shape[1:], dtype=np.int64))
    dy_size = int(np.prod(dy_shape, dtype=np.int64))
    jacobian = np.zeros((x_size, dy_size), dtype=x.dtype.real_dtype.as_numpy_dtype)
    dy_data = np.zeros(dy_shape, dtype=dy.dtype.as_numpy_dtype)
    dy_flat = dy_data.reshape(-1)
    sess = get_default_session()
    for col in range(dy_size):
        dy_flat[col] = 1
        feeds = _feeds(extra_feed_dict, {x: x_data, dy: dy_data})
        if isinstance(dx, IndexedSlices):
            indices, values = sess.run([dx.indices, dx.values], feed_dict=feeds)
            for i, v in zip(indices, values):
                jacobian[i * row_size:(i + 1) * row_size, col] += v.reshape(-1)
        else:
            jacobian[:, col] = sess.run(dx, feed_dict=feeds).reshape(-1)
        dy_flat[col] = 0
    if not dy_size:
        backprop = sess.run(dx, feed_dict=_feeds(extra_feed_dict, {x: x_data, dy: dy_data}))
        if backprop.shape != x_data.shape:
            raise ValueError(f"Empty gradient has wrong shape: expected {x_data.shape}, got {backprop.shape}")
        if np.any(backprop):
            raise ValueError("Empty tensor with nonzero gradients")
    return jacobian


def _numeric_jacobian(x, x_shape, x_data, y, y_shape, delta, extra_feed_dict):
    x_dtype = x.dtype.real_dtype.as_numpy_dtype
    y_dtype = y.dtype.real_dtype.as_numpy_dtype
    x_data = np.asarray(x_data, dtype=x.dtype.as_numpy_dtype)
    scale = np.asarray(2 * delta, dtype=y_dtype)[()]
    x_size = int(np.prod(x_shape, dtype=np.int64))
    jacobian = np.zeros((x_size, int(np.prod(y_shape, dtype=np.int64))), dtype=x_dtype)
    sess = get_default_session()
    for row in range(x_size):
        x_pos, x_neg = x_data.copy(), x_data.copy()
        x_pos.reshape(-1)[row] += delta
        x_neg.reshape(-1)[row] -= delta
        y_pos = sess.run(y, feed_dict=_feeds(extra_feed_dict, {x: x_pos}))
        y_neg = sess.run(y, feed_dict=_feeds(extra_feed_dict, {x: x_neg}))
        jacobian[row, :] = ((y_pos - y_neg) / scale).reshape(-1)
    return jacobian


def _dx_and_dy(x, y, y_shape):
    from .gradients import gradients
    from .ops.array import identity
    from .ops.constant import constant

    with x.graph.as_default():
        dy_orig = constant(1.0, shape=y_shape, dtype=y.dtype)
        dy = identity(dy_orig)
    grads = gradients(y, x, dy)
    if len(grads) != 1:
        raise ValueError(f"Expected one gradient, got {len(grads)}")
    return grads[0], dy_orig


def _one_gradient(x, x_shape, dx, y, y_shape, dy, x_init_value, delta, extra_feed_dict):
    for what, tensor in (("x", x), ("y", y)):
        if tensor.dtype.base_dtype not in _ALLOWED:
            raise AssertionError(f"Don't support type {tensor.dtype.base_dtype.name} for {what}")
    if x.dtype.is_complex or y.dtype.is_complex:
        raise NotImplementedError("compute_gradient of complex tensors is not supported by sessionflow yet")
    if x_init_value is not None:
        if list(x_shape) != list(x_init_value.shape):
            raise AssertionError(f"x_shape = {x_shape}, init_data shape = {list(x_init_value.shape)}")
        x_data = x_init_value
    else:
        x_data = np.random.random_sample(x_shape).astype(x.dtype.as_numpy_dtype)
    return (_theoretical_jacobian(x, x_shape, x_data, dy, y_shape, dx, extra_feed_dict),
            _numeric_jacobian(x, x_shape, x_data, y, y_shape, delta, extra_feed_dict))


def compute_gradient(x, x_shape, y, y_shape, x_init_value=None, delta=1e-3, init_targets=None,
                     extra_feed_dict=None):
    """(theoretical, numerical) Jacobians of `y` with respect to `x`; for a list `x` (with lists of shapes
    and initial values), a list of such pairs. `init_targets` are run first."""
    extra_feed_dict = extra_feed_dict or {}
    if isinstance(x, list):
        pairs = [_dx_and_dy(xi, y, y_shape) for xi in x]
        _run_init(init_targets)
        inits = x_init_value if x_init_value is not None else [None] * len(x)
        return [_one_gradient(xi, shape, dx, y, y_shape, dy, init, delta, extra_feed_dict)
                for xi, shape, (dx, dy), init in zip(x, x_shape, pairs, inits)]
    _run_init(init_targets)
    dx, dy = _dx_and_dy(x, y, y_shape)
    return _one_gradient(x, x_shape, dx, y, y_shape, dy, x_init_value, delta, extra_feed_dict)


def compute_gradient_error(x, x_shape, y, y_shape, x_init_value=None, delta=1e-3, init_targets=None,
                           extra_feed_dict=None):
    """The largest absolute difference between the theoretical and numerical Jacobians."""
    grads = compute_gradient(x, x_shape, y, y_shape, x_init_value, delta, init_targets,
                             extra_feed_dict=extra_feed_dict)
    if isinstance(grads, tuple):
        grads = [grads]
    error = 0
    for theoretical, numerical in grads:
        if theoretical.size or numerical.size:
            error = np.maximum(error, np.fabs(theoretical - numerical).max())
    return error


def _run_init(init_targets) -> None:
    if init_targets is not None:
        if not isinstance(init_targets, (list, tuple)):
            raise AssertionError("init_targets must be a list or tuple")
        for init in init_targets:
            init.run()
