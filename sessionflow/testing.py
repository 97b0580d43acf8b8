"""`tf.test`: TensorFlow's TestCase for graph-mode tests, `tf.test.main`, the device queries (no GPU here),
and the gradient checker (`compute_gradient`, `compute_gradient_error`; gradient_checker.py). The
`test_util` decorators (`run_in_graph_and_eager_modes`, `run_deprecated_v1`, ...) are here too: sessionflow
runs in graph mode only, so they run the test once, in graph mode, as TF does with eager execution off.

`tensorflow.python.platform.test` and `tensorflow.python.framework.test_util` are served from this module
(sessionflow/compat/python_paths.py). `python -m pytest -p sessionflow.testing` runs TF1 test files with
`import tensorflow` aliased to sessionflow (`pytest_configure` below); `sessionflow run test_x.py` runs one
that ends in `tf.test.main()`.
"""

from __future__ import annotations

import atexit
import collections.abc
import contextlib
import functools
import random
import re
import shutil
import tempfile
import unittest

import numpy as np

from ._namespaces import make_namespace, missing_attribute
from .framework import errors
from .framework.graph import Tensor, get_default_graph, reset_default_graph
from .framework.seeds import DEFAULT_GRAPH_SEED, set_random_seed
from .gradient_checker import compute_gradient, compute_gradient_error
from .runtime.session import Session, get_default_session

__unittest = True  # unittest leaves this module's frames out of a failing test's traceback


def _is_graph_value(x) -> bool:
    """A Tensor or a Variable: something `evaluate` runs (TF's `tensor_util.is_tf_type`)."""
    from .variables import Variable

    return isinstance(x, (Tensor, Variable))


def _where(condition):
    """`np.where` of a condition, with a 0-d condition treated as one element."""
    return np.where(np.atleast_1d(condition))


class TestCase(unittest.TestCase):
    """TF's `tf.test.TestCase` in graph mode: each test starts in a fresh default graph whose random seed
    is TF's default test seed (87654321, so random ops draw what they draw in TF's tests), Python's and
    NumPy's generators seeded the same way; `cached_session()` is one session per test, closed after it."""

    _set_default_seed = True

    def __init__(self, methodName: str = "runTest"):
        super().__init__(methodName)
        self._cached_session = None
        self._cached_graph = None
        self._cached_config = None
        self._tempdir = None

    def setUp(self):
        super().setUp()
        self._clear_cached_session()
        random.seed(DEFAULT_GRAPH_SEED)
        np.random.seed(DEFAULT_GRAPH_SEED)
        reset_default_graph()
        if self._set_default_seed:
            set_random_seed(DEFAULT_GRAPH_SEED)
        if self.id().endswith(".test_session"):  # the session helper itself, collected because of its name
            self.skipTest("Not a test.")

    def tearDown(self):
        self._clear_cached_session()
        super().tearDown()

    def _clear_cached_session(self):
        if self._cached_session is not None:
            self._cached_session.close()
            self._cached_session = None

    def get_temp_dir(self) -> str:
        """A temporary directory for this test: the same one for every call within the test."""
        if not self._tempdir:
            self._tempdir = tempfile.mkdtemp(dir=get_temp_dir())
        return self._tempdir

    # Sessions

    @contextlib.contextmanager
    def session(self, graph=None, config=None, use_gpu=True, force_gpu=False):
        """A new Session (on `graph`, else the default graph), its graph and itself the defaults while open."""
        with Session(graph=graph, config=config) as sess:
            with self._as_defaults(sess, use_gpu, force_gpu):
                yield sess

    @contextlib.contextmanager
    def cached_session(self, graph=None, config=None, use_gpu=True, force_gpu=False):
        """The test's one Session, made on first use and closed after the test; asking again with another
        `graph` or `config` is a ValueError, as in TF."""
        sess = self._get_cached_session(graph, config, check_args=True)
        with self._as_defaults(sess, use_gpu, force_gpu):
            yield sess

    @contextlib.contextmanager
    def test_session(self, graph=None, config=None, use_gpu=True, force_gpu=False):
        """TF's deprecated name for `cached_session` (a new session when `graph` is given)."""
        if self.id().endswith(".test_session"):
            self.skipTest('Tests that have the name "test_session" are automatically skipped by TensorFlow '
                          "test fixture, as the name is reserved for creating sessions within tests. Please "
                          "rename your test if you have a test with this name.")
        if graph is None:
            sess = self._get_cached_session(graph, config, check_args=False)
            with self._as_defaults(sess, use_gpu, force_gpu):
                yield sess
        else:
            with self.session(graph, config, use_gpu, force_gpu) as sess:
                yield sess

    def _get_cached_session(self, graph, config, check_args: bool):
        if self._cached_session is None:
            self._cached_session = Session(graph=graph, config=config)
            self._cached_graph, self._cached_config = graph, config
            return self._cached_session
        for what, cached, given in (("graph", self._cached_graph, graph), ("config", self._cached_config, config)):
            if check_args and cached is not given:
                raise ValueError(f"The {what} used to get the cached session is different than the one that was "
                                 "used to create the session. Maybe create a new session with self.session()")
        return self._cached_session

    @contextlib.contextmanager
    def _as_defaults(self, sess, use_gpu, force_gpu):
        with sess.graph.as_default(), sess.as_default():
            if force_gpu:
                with sess.graph.device("/device:GPU:0"):
                    yield sess
            elif use_gpu:
                yield sess
            else:
                with sess.graph.device("/device:CPU:0"):
                    yield sess

    def evaluate(self, tensors):
        """The values of `tensors` (a Tensor or a nested structure of them) from one run of the default
        session, or of the test's cached session when none is the default."""
        sess = get_default_session()
        if sess is not None:
            return sess.run(tensors)
        with self.test_session() as sess:
            return sess.run(tensors)

    def _get_ndarray(self, a):
        if _is_graph_value(a):
            a = self.evaluate(a)
        if isinstance(a, np.ndarray):
            return a
        try:
            return np.array(a)
        except ValueError as e:
            if "inhomogeneous shape" in str(e):
                return np.array(a, dtype=object)
            raise

    def evaluate_if_both_tensors(self, a, b):
        """(a, b), both evaluated in one run when both are graph values."""
        if _is_graph_value(a) and _is_graph_value(b):
            return tuple(self.evaluate([a, b]))
        return a, b

    # Value assertions (what passes and fails is TF's; the messages are close to TF's)

    def assertAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):
        """`a` and `b` (arrays, Tensors, or nested dicts/lists/tuples/namedtuples of them) are elementwise within
        `atol + rtol * abs(b)`, with the same shapes; NaNs match NaNs."""
        self._assert_all_close_recursive(a, b, rtol, atol, [], msg)

    def _assert_all_close_recursive(self, a, b, rtol, atol, path, msg):
        where = "".join(f"[{p}]" for p in path)
        msg = msg or ""
        if hasattr(a, "_asdict"):
            a = a._asdict()
        if hasattr(b, "_asdict"):
            b = b._asdict()
        a_is_dict = isinstance(a, collections.abc.Mapping)
        if a_is_dict != isinstance(b, collections.abc.Mapping):
            raise ValueError(f"Can't compare dict to non-dict, a{where} vs b{where}. {msg}")
        mismatch = f"Mismatched value: a{where} is different from b{where}. {msg}"
        if a_is_dict:
            self.assertCountEqual(a.keys(), b.keys(), msg=f"mismatched keys: a{where} has keys {a.keys()}, but "
                                                          f"b{where} has keys {b.keys()}. {msg}")
            for key in a:
                self._assert_all_close_recursive(a[key], b[key], rtol, atol, path + [key], msg)
        elif isinstance(a, (list, tuple)):
            try:
                a, b = self.evaluate_if_both_tensors(a, b)
                self._assert_array_like_all_close(self._get_ndarray(a), self._get_ndarray(b), rtol, atol, mismatch)
            except (ValueError, TypeError, NotImplementedError):
                if len(a) != len(b):
                    raise ValueError(f"Mismatched length: a{where} has {len(a)} items, but b{where} has {len(b)} "
                                     f"items. {msg}") from None
                for i, (a_item, b_item) in enumerate(zip(a, b)):
                    self._assert_all_close_recursive(a_item, b_item, rtol, atol, path + [str(i)], msg)
        else:
            try:
                self._assert_array_like_all_close(a, b, rtol, atol, mismatch)
            except TypeError as e:
                e.args = (f"{e.args[0]} : Error: a{where} has {type(a)}, but b{where} has {type(b)}. {msg}",
                          *e.args[1:])
                raise

    def _assert_array_like_all_close(self, a, b, rtol, atol, msg):
        a, b = self.evaluate_if_both_tensors(a, b)
        a, b = self._get_ndarray(a), self._get_ndarray(b)
        self.assertEqual(a.shape, b.shape, f"Shape mismatch: expected {a.shape}, got {b.shape}.")
        if np.allclose(a, b, rtol=rtol, atol=atol):
            return
        bad = np.logical_or(np.abs(a - b) > atol + rtol * np.abs(b), np.isnan(a) != np.isnan(b))
        x, y = (a[_where(bad)], b[_where(bad)]) if a.ndim else (a, b)
        lines = [msg, f"not close where = {_where(bad)}", f"not close lhs = {x}", f"not close rhs = {y}",
                 f"not close dif = {np.abs(x - y)}", f"not close tol = {atol + rtol * np.abs(y)}",
                 f"dtype = {a.dtype}, shape = {a.shape}"]
        np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, err_msg="\n".join(lines), equal_nan=True)

    def assertAllCloseAccordingToType(self, a, b, rtol=1e-6, atol=1e-6, float_rtol=1e-6, float_atol=1e-6,
                                      half_rtol=1e-3, half_atol=1e-3, bfloat16_rtol=1e-2, bfloat16_atol=1e-2,
                                      msg=None):
        """assertAllClose with tolerances widened to the narrowest float type of `a` and `b`."""
        a, b = self.evaluate_if_both_tensors(a, b)
        a, b = self._get_ndarray(a), self._get_ndarray(b)
        kinds = {a.dtype, b.dtype}
        if kinds & {np.dtype(np.float32), np.dtype(np.complex64)}:
            rtol, atol = max(rtol, float_rtol), max(atol, float_atol)
        if np.dtype(np.float16) in kinds:
            rtol, atol = max(rtol, half_rtol), max(atol, half_atol)
        if any(k.name == "bfloat16" for k in kinds):
            rtol, atol = max(rtol, bfloat16_rtol), max(atol, bfloat16_atol)
        self.assertAllClose(a, b, rtol=rtol, atol=atol, msg=msg)

    def assertNotAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):
        try:
            self.assertAllClose(a, b, rtol=rtol, atol=atol, msg=msg)
        except AssertionError:
            return
        raise AssertionError(f"The two values are close at all elements. {msg or ''}")

    def assertAllEqual(self, a, b, msg=None):
        """`a` and `b` have the same shape and equal elements (NaNs equal NaNs in floating arrays)."""
        msg = msg or ""
        a, b = self.evaluate_if_both_tensors(a, b)
        a, b = self._get_ndarray(a), self._get_ndarray(b)
        contents = f" Contents: {b!r}. \n{msg}." if b.ndim <= 3 or b.size < 500 else f" {msg}"
        self.assertEqual(a.shape, b.shape, f"Shape mismatch: expected {a.shape}, got {b.shape}.{contents}")
        same = a == b
        if a.dtype.kind == "f":
            same = np.logical_or(same, np.logical_and(np.isnan(a), np.isnan(b)))
        if np.all(same):
            return
        lines = [msg]
        if a.ndim:
            diff = np.logical_not(same)
            lines += [f"not equal where = {_where(diff)}", f"not equal lhs = {a[_where(diff)]!r}",
                      f"not equal rhs = {b[_where(diff)]!r}"]
        else:
            lines += [f"not equal lhs = {a!r}", f"not equal rhs = {b!r}"]
        if a.dtype.kind != b.dtype.kind and {a.dtype.kind, b.dtype.kind} <= {"U", "S", "O"}:
            a, b = (np.array([item.encode("utf-8") if isinstance(item, str) else item for item in x.flat])
                    for x in (a, b))
        np.testing.assert_array_equal(a, b, err_msg="\n".join(lines))

    def assertNotAllEqual(self, a, b, msg=None):
        try:
            self.assertAllEqual(a, b)
        except AssertionError:
            return
        raise AssertionError(f"The two values are equal at all elements. {msg or ''}")

    def assertAllGreater(self, a, comparison_target):
        a, comparison_target = self.evaluate_if_both_tensors(a, comparison_target)
        self.assertGreater(np.min(self._get_ndarray(a)), comparison_target)

    def assertAllLess(self, a, comparison_target):
        a, comparison_target = self.evaluate_if_both_tensors(a, comparison_target)
        self.assertLess(np.max(self._get_ndarray(a)), comparison_target)

    def assertAllGreaterEqual(self, a, comparison_target):
        a, comparison_target = self.evaluate_if_both_tensors(a, comparison_target)
        self.assertGreaterEqual(np.min(self._get_ndarray(a)), comparison_target)

    def assertAllLessEqual(self, a, comparison_target):
        a, comparison_target = self.evaluate_if_both_tensors(a, comparison_target)
        self.assertLessEqual(np.max(self._get_ndarray(a)), comparison_target)

    def assertAllInRange(self, target, lower_bound, upper_bound, open_lower_bound=False, open_upper_bound=False):
        """Every element of `target` (integer or floating, no NaN) lies within the bounds."""
        target = self._get_ndarray(target)
        if not (np.issubdtype(target.dtype, np.floating) or np.issubdtype(target.dtype, np.integer)):
            raise AssertionError(f"The value of {target} does not have an ordered numeric type, instead it has "
                                 f"type: {target.dtype}")
        nans = _where(np.isnan(target))
        if np.size(nans):
            raise AssertionError(f"{len(nans[0])} of the {np.size(target)} element(s) are NaN. Subscripts(s) and "
                                 f"value(s) of the NaN element(s):\n" + _subscripts(nans, target))
        shown = f"{'(' if open_lower_bound else '['}{lower_bound}, {upper_bound}{')' if open_upper_bound else ']'}"
        below = np.less_equal(target, lower_bound) if open_lower_bound else np.less(target, lower_bound)
        above = np.greater_equal(target, upper_bound) if open_upper_bound else np.greater(target, upper_bound)
        outside = _where(np.logical_or(below, above))
        if np.size(outside):
            raise AssertionError(f"{len(outside[0])} of the {np.size(target)} element(s) are outside the range "
                                 f"{shown}. Subscript(s) and value(s) of the offending elements:\n"
                                 + _subscripts(outside, target))

    def assertAllInSet(self, target, expected_set):
        target = self._get_ndarray(target)
        diff = np.setdiff1d(target.flatten(), list(expected_set))
        if np.size(diff):
            raise AssertionError(f"{np.size(diff)} unique element(s) are not in the set {expected_set}: {diff}")

    def assertDTypeEqual(self, target, expected_dtype):
        self.assertEqual(self._get_ndarray(target).dtype, expected_dtype)

    def assertShapeEqual(self, input_a, input_b, msg=None):
        """Two NumPy arrays / Tensors have the same shape (a Tensor's static shape)."""
        shapes = []
        for label, value in (("input_a", input_a), ("input_b", input_b)):
            if not isinstance(value, (np.ndarray, np.generic, Tensor)):
                raise TypeError(f"{label} must be a Numpy ndarray, Numpy scalar, or a Tensor.Instead received "
                                f"{type(value)}")
            shapes.append(value.get_shape().as_list() if isinstance(value, Tensor) else value.shape)
        self.assertAllEqual(shapes[0], shapes[1], msg=msg)

    def assertNear(self, f1, f2, err, msg=None):
        self.assertTrue(f1 == f2 or abs(f1 - f2) <= err,
                        f"{f1:f} != {f2:f} +/- {err:f}{f' ({msg})' if msg is not None else ''}")

    def assertArrayNear(self, farray1, farray2, err, msg=None):
        self.assertEqual(len(farray1), len(farray2), msg=msg)
        for f1, f2 in zip(farray1, farray2):
            self.assertNear(float(f1), float(f2), err, msg=msg)

    def assertNDArrayNear(self, ndarray1, ndarray2, err, msg=None):
        self.assertTrue(np.linalg.norm(ndarray1 - ndarray2) <= err, msg=msg)

    def assertStartsWith(self, actual, expected_start, msg=None):
        if not actual.startswith(expected_start):
            self.fail(f"{actual!r} does not start with {expected_start!r} {msg or ''}")

    def assertDeviceEqual(self, device1, device2, msg=None):
        self.assertEqual(device1, device2, f"Devices {device1} and {device2} are not equal. {msg}")

    # Errors

    @contextlib.contextmanager
    def assertRaisesWithPredicateMatch(self, exception_type, expected_err_re_or_predicate):
        """The block raises `exception_type` and the predicate holds for it (a regular expression is
        searched in the message, an OpError's followed by `Caused by: <op name>`)."""
        if callable(expected_err_re_or_predicate):
            predicate = expected_err_re_or_predicate
        else:
            def predicate(e):
                if isinstance(e, errors.OpError):
                    text = e.message + (f"\nCaused by: {e.op.name}" if e.op is not None else "")
                else:
                    text = str(e)
                return re.search(expected_err_re_or_predicate, text)
        try:
            yield
            self.fail(f"{exception_type.__name__} not raised")
        except Exception as e:  # noqa: BLE001 - TF turns any other exception into the failure
            if not isinstance(e, exception_type) or not predicate(e):
                raise AssertionError(f"Exception of type {type(e)}: {e}") from e

    def assertRaisesOpError(self, expected_err_re_or_predicate):
        return self.assertRaisesWithPredicateMatch(errors.OpError, expected_err_re_or_predicate)

    def assertRaisesIncompatibleShapesError(self, exception_type=errors.InvalidArgumentError):
        return self.assertRaisesWithPredicateMatch(
            exception_type, r"Incompatible shapes|Dimensions must be equal|required broadcastable shapes")

    # absltest's helpers, which TF's TestCase inherits

    def assertItemsEqual(self, first, second, msg=None):
        self.assertCountEqual(first, second, msg=msg)

    def assertLen(self, container, expected_len, msg=None):
        if len(container) != expected_len:
            self.fail(f"{container!r} has length of {len(container)}, expected {expected_len}. {msg or ''}")

    def assertEmpty(self, container, msg=None):
        if len(container):
            self.fail(f"{container!r} has length of {len(container)}. {msg or ''}")

    def assertNotEmpty(self, container, msg=None):
        if not len(container):
            self.fail(f"{container!r} has length of 0. {msg or ''}")

    def assertSameElements(self, expected_seq, actual_seq, msg=None):
        self.assertEqual(set(expected_seq), set(actual_seq), msg=msg)

    def assertBetween(self, value, minv, maxv, msg=None):
        if not minv <= value <= maxv:
            self.fail(f"{value!r} is not between {minv!r} and {maxv!r}. {msg or ''}")


TensorFlowTestCase = TestCase


def _subscripts(subscripts, value, limit: int = 10) -> str:
    if np.ndim(value) == 0:
        return f"  [0] : {value}"
    rows = np.transpose(subscripts)
    lines = [f"  {row} : {value[tuple(row)]}" for row in rows[:limit]]
    return "\n".join(lines + (["  ..."] if len(rows) > limit else []))


# tf.test functions

def main(argv=None):
    """Runs the tests of `__main__` (unittest's runner) and exits with its status, as `tf.test.main`."""
    unittest.main(module="__main__", argv=argv if argv is None else list(argv))


_temp_dir: str | None = None


def get_temp_dir() -> str:
    """A temporary directory for this process's tests, removed when the process exits."""
    global _temp_dir
    if _temp_dir is None:
        _temp_dir = tempfile.mkdtemp(prefix="sessionflow_test_")
        atexit.register(shutil.rmtree, _temp_dir, ignore_errors=True)
    return _temp_dir


def is_gpu_available(cuda_only=False, min_cuda_compute_capability=None) -> bool:
    """Whether sessions made now have a GPU: JAX's, under the XLA backend (runtime/backends/xla_devices.py)."""
    del cuda_only, min_cuda_compute_capability
    return bool(gpu_device_name())


def gpu_device_name() -> str:
    """'/device:GPU:0' when sessions made now have a GPU, else ''."""
    from .runtime.backends.xla_devices import process_devices
    gpus = [d for d in process_devices() if d.device_type == "GPU"]
    return f"/device:GPU:{gpus[0].index}" if gpus else ""


def is_built_with_cuda() -> bool:
    return False


is_built_with_gpu_support = is_built_with_rocm = is_built_with_xla = is_built_with_cuda
IsGoogleCudaEnabled = IsBuiltWithROCm = IsBuiltWithXLA = IsBuiltWithNvcc = IsMklEnabled = is_built_with_cuda


def disable_with_predicate(pred, skip_message):
    """A test-method decorator: the test is skipped with `skip_message` when `pred()` is true."""

    def decorator(func):
        @functools.wraps(func)
        def wrapper(self, *args, **kwargs):
            if pred():
                self.skipTest(skip_message)
            return func(self, *args, **kwargs)

        return wrapper

    return decorator


# test_util's mode decorators: sessionflow has graph mode only

def _optional_func_decorator(make):
    """A decorator usable bare (`@d`) or called (`@d()`, `@d(reason)`), built by `make(func, *args, **kwargs)`."""

    def decorator(func=None, *args, **kwargs):
        if callable(func) and not isinstance(func, str):
            return make(func, *args, **kwargs)
        return lambda f: make(f, *(() if func is None else (func,)), *args, **kwargs)

    return decorator


def _in_graph_with_session(func, config=None, use_gpu=True, assert_no_eager_garbage=False, **_):
    """The test, run once in graph mode with the test's cached session the default (TF's graph half)."""
    del assert_no_eager_garbage
    if isinstance(func, type):
        return run_all_in_graph_and_eager_modes(func)

    @functools.wraps(func)
    def decorated(self, *args, **kwargs):
        with self.test_session(use_gpu=use_gpu, config=config):
            return func(self, *args, **kwargs)

    return decorated


def _unchanged(func, *args, **kwargs):
    del args, kwargs
    return func


def _skipped(reason):
    def make(func, *args, **kwargs):
        del args, kwargs
        return unittest.skip(reason)(func)

    return make


run_in_graph_and_eager_modes = _optional_func_decorator(_in_graph_with_session)
run_deprecated_v1 = deprecated_graph_mode_only = _optional_func_decorator(_unchanged)
run_v2_only = _optional_func_decorator(_skipped("Test is only compatible with v2"))
run_gpu_only = run_cuda_only = _optional_func_decorator(_skipped("Test requires GPU"))
also_run_as_tf_function = build_as_function_and_v1_graph = _optional_func_decorator(_unchanged)
run_all_in_deprecated_graph_mode_only = with_control_flow_v2 = with_eager_op_as_function = _unchanged
run_without_tensor_float_32 = run_all_without_tensor_float_32 = _optional_func_decorator(_unchanged)


def run_v1_only(reason, func=None):
    """Runs the test: sessionflow is TF 1.x."""
    del reason
    return _unchanged if func is None else func


def _reason_decorator(reason=None, *args, **kwargs):
    """`@disable_xla("reason")`, `@disable_control_flow_v2("reason")`: nothing to disable here."""
    del reason, args, kwargs
    return _unchanged


disable_xla = disable_control_flow_v2 = disable_tfrt = disable_mlir_bridge = _reason_decorator
enable_control_flow_v2 = _unchanged


def run_all_in_graph_and_eager_modes(cls):
    """Every `test*` method of `cls` run as `run_in_graph_and_eager_modes` runs one."""
    for name in dir(cls):
        if name.startswith(unittest.TestLoader.testMethodPrefix) and name != "test_session":
            method = getattr(cls, name)
            if callable(method):
                setattr(cls, name, _in_graph_with_session(method))
    return cls


def for_all_test_methods(decorator, *args, **kwargs):
    """A class decorator applying `decorator(*args, **kwargs)` to each `test*` method."""

    def all_methods(cls):
        for name, value in list(vars(cls).items()):
            if callable(value) and name.startswith(unittest.TestLoader.testMethodPrefix) and name != "test_session":
                setattr(cls, name, decorator(*args, **kwargs)(value))
        return cls

    return all_methods


def skip_if(condition):
    """A test-method decorator: skipped when `condition` (or `condition()`) is true."""

    def decorator(func):
        @functools.wraps(func)
        def wrapper(self, *args, **kwargs):
            if condition() if callable(condition) else condition:
                self.skipTest("Skipped because condition is true")
            return func(self, *args, **kwargs)

        return wrapper

    return decorator


@contextlib.contextmanager
def use_gpu():
    yield


@contextlib.contextmanager
def force_cpu():
    with get_default_graph().device("/device:CPU:0"):
        yield


@contextlib.contextmanager
def device(use_gpu):  # noqa: ARG001 - TF's signature
    yield


def is_xla_enabled() -> bool:
    return False


# tf.test, with `mock` (unittest.mock) imported on first use

namespace = make_namespace("test", dict(
    TestCase=TestCase, main=main, get_temp_dir=get_temp_dir, is_gpu_available=is_gpu_available,
    gpu_device_name=gpu_device_name, is_built_with_cuda=is_built_with_cuda,
    is_built_with_gpu_support=is_built_with_gpu_support, is_built_with_rocm=is_built_with_rocm,
    is_built_with_xla=is_built_with_xla, compute_gradient=compute_gradient,
    compute_gradient_error=compute_gradient_error, disable_with_predicate=disable_with_predicate,
    with_eager_op_as_function=with_eager_op_as_function))


def _test_getattr(name: str):
    if name == "mock":
        import unittest.mock

        namespace.mock = unittest.mock
        return unittest.mock
    raise missing_attribute(namespace, "test", name)


namespace.__getattr__ = _test_getattr


def pytest_configure(config):
    """With `python -m pytest -p sessionflow.testing`: `import tensorflow` in the tests is sessionflow."""
    del config
    from .compat import alias

    alias.install()

