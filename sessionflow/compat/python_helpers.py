"""TensorFlow's internal helpers that TF1 code calls through `tensorflow.python.*` and sessionflow's public
API has no name for (python_paths.py says which module path each one is served under): graph helpers of
`ops`, TF 1.x's `tensor_shape.scalar/vector/matrix`, `tensor_util.constant_value`, the `deprecation`
decorators (no-ops that keep the function), `tf_decorator`, `all_util` and `tf_export` (`tf_logging` is
`tf.logging` itself). Each follows TF's contract, over sessionflow's own objects.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import numbers
import os
import re
import sys
from collections import namedtuple

import numpy as np

from ..framework.graph import Tensor, get_default_graph
from ..framework.tensor_shape import Dimension, TensorShape
from ..framework.tensor_util import constant_value, constant_value_as_shape  # noqa: F401 - served as TF's


def true(*_args, **_kwargs) -> bool:
    return True


def false(*_args, **_kwargs) -> bool:
    return False


@contextlib.contextmanager
def graph_mode():
    """`context.graph_mode()`: sessionflow is always in graph mode."""
    yield


# framework.ops

def convert_n_to_tensor(values, dtype=None, name=None, preferred_dtype=None, as_ref=False) -> list:
    """Each of `values` converted to a Tensor (named `name_0`, `name_1`, ... when `name` is given)."""
    from ..ops.constant import convert_to_tensor

    if not isinstance(values, (list, tuple)):
        raise TypeError("values must be a sequence.")
    return [convert_to_tensor(value, dtype=dtype, name=None if name is None else f"{name}_{i}",
                              preferred_dtype=preferred_dtype, as_ref=as_ref)
            for i, value in enumerate(values)]


def convert_to_tensor_or_indexed_slices(value, dtype=None, name=None, as_ref=False):
    """An IndexedSlices stays one (its dtype checked); anything else becomes a Tensor."""
    from ..ops.constant import convert_to_tensor
    from ..ops.indexed_slices import IndexedSlices

    if isinstance(value, IndexedSlices):
        if dtype is not None and not value.dtype.is_compatible_with(dtype):
            raise ValueError(f"Tensor conversion requested dtype {dtype.name} for Tensor with dtype "
                             f"{value.dtype.name}: {value!r}")
        return value
    return convert_to_tensor(value, dtype=dtype, name=name, as_ref=as_ref)


def get_name_scope() -> str:
    """The current name scope of the default graph (`''` at the top)."""
    return get_default_graph().get_name_scope()


def get_all_collection_keys() -> list:
    return get_default_graph().get_all_collection_keys()


def get_graph_from_inputs(op_input_list, graph=None):
    """TF's `ops._get_graph_from_inputs`: the graph the graph elements among `op_input_list` belong to (all
    must share one, and `graph` if given), else `graph`, else the default graph."""
    if graph is not None and not hasattr(graph, "as_graph_def"):
        raise TypeError(f"Input graph needs to be a Graph: {graph}")
    original = None
    for element in op_input_list:
        owner = getattr(element, "graph", None)
        if owner is None or not hasattr(owner, "as_graph_def"):
            continue
        if graph is None:
            original, graph = element, owner
        elif original is not None:
            if owner is not graph:
                raise ValueError(f"{element} must be from the same graph as {original} (graphs are {owner} and "
                                 f"{graph}).")
        elif owner is not graph:
            raise ValueError(f"{element} is not from the passed-in graph.")
    return graph if graph is not None else get_default_graph()


def prepend_name_scope(name: str, import_scope: str | None) -> str:
    """`name` (an op or tensor name, `^` for a control input kept in front) under `import_scope`."""
    if not import_scope:
        return name
    if name.startswith("^"):
        return "^" + prepend_name_scope(name[1:], import_scope)
    if name.startswith("loc:@"):
        return "loc:@" + prepend_name_scope(name[5:], import_scope)
    return f"{import_scope.rstrip('/')}/{name}"


def strip_name_scope(name: str, export_scope: str | None) -> str:
    """`name` without a leading `export_scope/` (kept as it is when it does not start with it)."""
    if not export_scope:
        return name
    prefix = export_scope.rstrip("/") + "/"
    return re.sub(r"([\^]|loc:@|^)" + re.escape(prefix), r"\1", name, count=1)


# framework.tensor_shape (TF 1.x names)

def vector(length) -> TensorShape:
    return TensorShape([length])


def matrix(rows, cols) -> TensorShape:
    return TensorShape([rows, cols])


def dimension_at_index(shape, index) -> Dimension:
    """`shape[index]` as a Dimension; an unknown Dimension when the rank of `shape` is unknown."""
    shape = TensorShape(shape) if not isinstance(shape, TensorShape) else shape
    if shape.rank is None:
        return Dimension(None)
    value = shape.as_list()[index]
    return value if isinstance(value, Dimension) else Dimension(value)


# framework.tensor_util, framework.constant_op

def is_constant(tensor_or_op) -> bool:
    op = tensor_or_op.op if isinstance(tensor_or_op, Tensor) else tensor_or_op
    return op.type == "Const"


# ops.array_ops

def shape_internal(input, name=None, optimize=True, out_type=None):  # noqa: A002 - TF's argument name
    from .. import shape
    from ..framework import dtypes

    del optimize
    return shape(input, name=name, out_type=dtypes.int32 if out_type is None else out_type)


def size_internal(input, name=None, optimize=True, out_type=None):  # noqa: A002
    from .. import size
    from ..framework import dtypes

    del optimize
    return size(input, name=name, out_type=dtypes.int32 if out_type is None else out_type)


def rank_internal(input, name=None, optimize=True):  # noqa: A002
    from .. import rank

    del optimize
    return rank(input, name=name)


# util.deprecation: sessionflow keeps the function and says nothing

def deprecated(date, instructions, warn_once=True):
    del date, instructions, warn_once
    return _keep


def deprecated_args(date, instructions, *deprecated_arg_names_or_tuples, **kwargs):
    del date, instructions, deprecated_arg_names_or_tuples, kwargs
    return _keep


def deprecated_arg_values(date, instructions, warn_once=True, **deprecated_kwargs):
    del date, instructions, warn_once, deprecated_kwargs
    return _keep


def deprecated_endpoints(*args):
    del args
    return _keep


def deprecated_alias(deprecated_name, name, func_or_class, warn_once=True):
    del deprecated_name, name, warn_once
    return func_or_class


def deprecated_argument_lookup(new_name, new_value, old_name, old_value):
    """The value given under the new or the old argument name; ValueError when both are given."""
    if old_value is not None:
        if new_value is not None:
            raise ValueError(f"Cannot specify both '{old_name}' and '{new_name}'.")
        return old_value
    return new_value


def rewrite_argument_docstring(old_doc, old_argument, new_argument):
    if old_doc is None:
        return None
    return old_doc.replace(f"`{old_argument}`", f"`{new_argument}`").replace(
        f"{old_argument}:", f"{new_argument}:")


@contextlib.contextmanager
def silence():
    yield


class DeprecatedNamesAlreadySetError(Exception):
    """Raised by TF when deprecated names are set twice; kept for code that catches it."""


def _keep(func):
    return func


# util.tf_decorator, util.tf_inspect, util.all_util, util.tf_export

def make_decorator(target, decorator_func, decorator_name=None, decorator_doc="", decorator_argspec=None):
    """`decorator_func` dressed as `target` (name, doc, module, `__wrapped__`), as TF's make_decorator."""
    del decorator_name, decorator_argspec
    functools.update_wrapper(decorator_func, target)
    if decorator_doc:
        decorator_func.__doc__ = decorator_doc
    return decorator_func


def unwrap(maybe_tf_decorator):
    """(decorators, target): sessionflow's decorators are plain functions, so the list is empty and the
    target is what `__wrapped__` links lead to."""
    return [], inspect.unwrap(maybe_tf_decorator)


ArgSpec = namedtuple("ArgSpec", ["args", "varargs", "keywords", "defaults"])


def getargspec(obj) -> ArgSpec:
    """TF's `tf_inspect.getargspec` (Python 3 has no `inspect.getargspec`): keyword-only arguments are an error."""
    spec = inspect.getfullargspec(obj)
    if spec.kwonlyargs or spec.annotations and set(spec.annotations) - {"return"} - set(spec.args):
        raise ValueError("Function has keyword-only parameters or annotations, use inspect.signature() API "
                         "which can support them")
    return ArgSpec(spec.args, spec.varargs, spec.varkw, spec.defaults)


def remove_undocumented(module_name, allowed_exception_list=None, doc_string_modules=None):
    del module_name, allowed_exception_list, doc_string_modules


def reveal_undocumented(symbol_name, target_module=None):
    del symbol_name, target_module


def make_all(module_name, doc_string_modules=None) -> list:
    del doc_string_modules
    return sorted(name for name in vars(sys.modules[module_name]) if not name.startswith("_"))


def tf_export(*api_names, **kwargs):
    """TF's API-export decorator factory: the decorated object is returned unchanged."""
    del api_names, kwargs
    return _keep


# util.compat beyond tf.compat

integral_types = (numbers.Integral, np.integer)
real_types = (numbers.Real, np.integer, np.floating)
complex_types = (numbers.Complex, np.number)
bytes_or_text_types = (bytes, str)


def path_to_str(path):
    """An `os.PathLike` as its string; anything else as it is."""
    return os.fspath(path) if isinstance(path, os.PathLike) else path


def path_to_bytes(path):
    return os.fsencode(path) if isinstance(path, os.PathLike) else path


# lib.io.file_io beyond tf.gfile

def read_file_to_string(filename, binary_mode=False):
    from ..io.gfile import GFile

    with GFile(filename, mode="rb" if binary_mode else "r") as f:
        return f.read()


def write_string_to_file(filename, file_content):
    from ..io.gfile import GFile

    with GFile(filename, mode="w") as f:
        f.write(file_content)


def get_or_create_eval_step():
    """`evaluation._get_or_create_eval_step`: the int64 counter of evaluation runs, a local variable named
    `eval_step` kept in the EVAL_STEP collection (TF's)."""
    from .. import variables as _variables
    from ..framework import dtypes
    from ..init_ops import zeros_initializer
    from ..variable_scope import get_variable

    graph = get_default_graph()
    found = graph.get_collection(_variables.GraphKeys.EVAL_STEP)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise ValueError("Multiple tensors added to tf.GraphKeys.EVAL_STEP")
    return get_variable("eval_step", shape=[], dtype=dtypes.int64, initializer=zeros_initializer(), trainable=False,
                        collections=[_variables.GraphKeys.LOCAL_VARIABLES, _variables.GraphKeys.EVAL_STEP])


# ops.metrics_impl

def aggregate_variable(v, collections):
    """`metrics_impl._aggregate_variable`: the metric variable's value read (an Identity, as TF's default
    strategy reads it), added to `collections`."""
    from ..ops.array import identity

    value = identity(v)
    if collections:
        get_default_graph().add_to_collections(collections, value)
    return value


def safe_scalar_div(numerator, denominator, name):
    """`metrics_impl._safe_scalar_div`: numerator / denominator, 0 where the denominator is 0 (scalars)."""
    from .. import div_no_nan

    numerator.shape.with_rank_at_most(1)
    denominator.shape.with_rank_at_most(1)
    return div_no_nan(numerator, denominator, name=name)


def confusion_matrix_at_thresholds(labels, predictions, thresholds, weights=None, includes=None):
    """`metrics_impl._confusion_matrix_at_thresholds`: local tp/fn/tn/fp counts (those in `includes`, all four
    when None) at each threshold, as (values, update_ops) dicts keyed 'tp', 'fn', 'tn', 'fp'."""
    from .. import metrics

    if includes is None:
        return metrics._confusion_at_thresholds(labels, predictions, thresholds, weights)
    return metrics._confusion_at_thresholds(labels, predictions, thresholds, weights, includes=tuple(includes))


# ops.weights_broadcast_ops

_NOT_BROADCASTABLE = "weights can not be broadcast to values."


def assert_broadcastable(weights, values):
    """`weights_broadcast_ops.assert_broadcastable`: weights are a scalar, or of values' rank with each dimension
    1 or equal. Known shapes are checked now (ValueError, or a NoOp when they fit); otherwise an Assert op that
    fails the run with InvalidArgumentError, as TF builds it."""
    import sessionflow as tf

    graph = get_default_graph()
    with graph.name_scope("assert_broadcastable") as scope:
        with graph.name_scope("weights") as weights_scope:
            weights = tf.convert_to_tensor(weights, name=weights_scope)
            weights_shape = tf.shape(weights, name="shape")
            weights_rank = tf.rank(weights, name="rank")
        weights_rank_static = constant_value(weights_rank)
        with graph.name_scope("values") as values_scope:
            values = tf.convert_to_tensor(values, name=values_scope)
            values_shape = tf.shape(values, name="shape")
            values_rank = tf.rank(values, name="rank")
        values_rank_static = constant_value(values_rank)
        if weights_rank_static is not None and values_rank_static is not None:
            if weights_rank_static == 0:
                return tf.no_op(name="static_scalar_check_success")
            if weights_rank_static != values_rank_static:
                raise ValueError(f"{_NOT_BROADCASTABLE} values.rank={values_rank_static}. weights.rank="
                                 f"{weights_rank_static}. values.shape={values.shape}. weights.shape="
                                 f"{weights.shape}. Received weights={weights}, values={values}")
            weights_shape_static = constant_value(weights_shape)
            values_shape_static = constant_value(values_shape)
            if weights_shape_static is not None and values_shape_static is not None:
                for i in range(len(values_shape_static)):
                    if weights_shape_static[i] not in (1, values_shape_static[i]):
                        raise ValueError(f"{_NOT_BROADCASTABLE} Mismatch at dim {i}. values.shape="
                                         f"{values_shape_static}, weights.shape={weights_shape_static}. Received "
                                         f"weights={weights}, values={values}")
                return tf.no_op(name="static_dims_check_success")

        def valid_dims():
            with graph.name_scope("has_invalid_dims") as dims_scope:
                values_2d = tf.expand_dims(values_shape, -1)
                valid = tf.concat((values_2d, tf.ones_like(values_2d)), axis=1)
                invalid = tf.sets.set_difference(tf.expand_dims(weights_shape, -1), valid)
                return tf.equal(0, tf.size(invalid.values, name="num_invalid_dims"), name=dims_scope)

        def valid_nonscalar_shape():
            with graph.name_scope("has_valid_nonscalar_shape") as shape_scope:
                same_rank = tf.equal(values_rank, weights_rank, name="is_same_rank")
                return tf.cond(same_rank, valid_dims, lambda: same_rank, name=shape_scope)

        is_scalar = tf.equal(0, weights_rank, name="is_scalar")
        data = (_NOT_BROADCASTABLE, "weights.shape=", weights.name, weights_shape, "values.shape=", values.name,
                values_shape, "is_scalar=", is_scalar)
        is_valid = tf.cond(is_scalar, lambda: is_scalar, valid_nonscalar_shape, name="is_valid_shape")
        return tf.Assert(is_valid, data, name=scope)


def broadcast_weights(weights, values):
    """`weights_broadcast_ops.broadcast_weights`: `weights` (of `values`' dtype) broadcast to `values`' shape,
    after `assert_broadcastable`; weights already of values' known shape are returned as they are."""
    import sessionflow as tf

    with get_default_graph().name_scope("broadcast_weights") as scope:
        values = tf.convert_to_tensor(values, name="values")
        weights = tf.convert_to_tensor(weights, dtype=values.dtype.base_dtype, name="weights")
        if (weights.shape.is_fully_defined() and values.shape.is_fully_defined()
                and weights.shape.is_compatible_with(values.shape)):
            return weights
        with tf.control_dependencies((assert_broadcastable(weights, values),)):
            return tf.multiply(weights, tf.ones_like(values), name=scope)


def __getattr__(name):
    if name == "SessionRunHook":  # the hook interface lives with MonitoredSession (train/session_run_hook.py)
        from ..train.session_run_hook import SessionRunHook

        return SessionRunHook
    if name in ("StopAfterNEvalsHook", "evaluate_once"):  # TF's evaluation loop: train/evaluation.py
        from ..train import evaluation

        return getattr(evaluation, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
