"""tf.function, wrap_function, grad_pass_through, recompute_grad and vectorized_map in graph mode.

TF builds a tf.function's body as a FunctionDef called by a (Stateful)PartitionedCall op; sessionflow builds the
body into the calling graph, inside a name scope named after the function: the results, and their gradients, are
the same. AutoGraph is not applied: Python `if`/`while` on a tensor inside the body raises TF's
OperatorNotAllowedInGraphError (use tf.cond / tf.while_loop)."""

from __future__ import annotations

import functools

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..ops.constant import convert_to_tensor
from ..ops.structure import flatten, pack_sequence_as
from .type_spec import TensorSpec


def _check_signature(fname: str, signature, args):
    """The arguments as tensors of `signature` (TF's TypeError when one does not fit)."""
    flat_specs = flatten(signature)
    flat_args = flatten(list(args))
    if len(flat_args) != len(flat_specs):
        raise TypeError(f"{fname}() takes {len(flat_specs)} positional arguments as specified by the "
                        f"input_signature but {len(flat_args)} were given")
    out = []
    for i, (spec, arg) in enumerate(zip(flat_specs, flat_args)):
        try:
            t = convert_to_tensor(arg, dtype=spec.dtype)
        except (TypeError, ValueError):
            t = None
        if t is None or t.dtype.base_dtype is not spec.dtype or not spec.shape.is_compatible_with(t.shape):
            raise TypeError(f"Binding inputs to tf.function failed due to `Can not cast {arg!r} to {spec!r}`. "
                            f"Received args: {tuple(args)}")
        out.append(t)
    return pack_sequence_as(list(signature), out)


class Function:
    """A tf.function in graph mode: each call builds `python_function`'s ops into the default graph."""

    def __init__(self, python_function, name, input_signature=None, jit_compile=None, reduce_retracing=False,
                 autograph=True, experimental_attributes=None):
        self._python_function = python_function
        self._name = name
        self._input_signature = None if input_signature is None else list(input_signature)
        functools.update_wrapper(self, python_function)

    python_function = property(lambda self: self._python_function)
    input_signature = property(lambda self: None if self._input_signature is None else tuple(self._input_signature))
    name = property(lambda self: self._name)

    def __get__(self, instance, owner):
        if instance is None:
            return self
        bound = functools.partial(self.__call__, instance)
        return bound

    def __call__(self, *args, **kwargs):
        if self._input_signature is not None:
            if kwargs:
                args = args + tuple(kwargs.values())
                kwargs = {}
            leading = ()
            if len(args) > len(flatten(self._input_signature)) and not isinstance(args[0], Tensor):
                leading, args = args[:1], args[1:]  # a method's `self`
            args = (*leading, *_check_signature(self._name, self._input_signature, args))
        with get_default_graph().name_scope(self._name):
            return self._python_function(*args, **kwargs)

    def get_concrete_function(self, *args, **kwargs):
        """A callable for these argument types (sessionflow builds the body on each call)."""
        return functools.partial(self.__call__)


@tf_export("function")
def function(func=None, input_signature=None, autograph=True, experimental_implements=None,
             experimental_autograph_options=None, experimental_relax_shapes=None, experimental_compile=None,
             reduce_retracing=False, jit_compile=None, experimental_follow_type_hints=None,
             experimental_attributes=None):
    """`@tf.function` in graph mode (see the module docstring: the body is built in place, AutoGraph is not
    applied, `input_signature` checks and converts the arguments)."""
    def decorate(f):
        return Function(f, getattr(f, "__name__", "function"), input_signature=input_signature)

    return decorate if func is None else decorate(func)


class WrappedFunction:
    """What tf.compat.v1.wrap_function returns: calling it builds `fn` on the given tensors."""

    def __init__(self, fn, signature, name):
        self._fn = fn
        self._signature = signature
        self._name = name

    def __call__(self, *args):
        if self._signature is not None:
            args = _check_signature(self._name, self._signature, args)
        with get_default_graph().name_scope(self._name):
            return self._fn(*args)


@tf_export("wrap_function")
def wrap_function(fn, signature, name=None):
    """A callable over tensors matching `signature` (a list of TensorSpecs); each call builds `fn`'s ops."""
    if signature is not None:
        signature = [s if isinstance(s, TensorSpec) else TensorSpec.from_spec(s) for s in flatten(signature)]
    return WrappedFunction(fn, signature, name or getattr(fn, "__name__", "wrapped_function"))


@tf_export("grad_pass_through")
def grad_pass_through(f):
    """`f` forward; its gradient with respect to the input is the incoming gradient unchanged (as if `f` were
    the identity), e.g. to train through a quantization or an assignment."""
    from ..gradients import custom_gradient

    @functools.wraps(f)
    def wrapped(x):
        @custom_gradient
        def pass_through(t):
            return f(t), lambda dy: dy

        return pass_through(x)

    return wrapped


@tf_export("recompute_grad")
def recompute_grad(f):
    """`f` with TF's gradient-checkpointing contract: the values and gradients are `f`'s. (TF recomputes the
    forward pass in the backward pass to save memory; sessionflow's gradient reads the forward's values.)"""
    @functools.wraps(f)
    def wrapped(*args, **kwargs):
        return f(*args, **kwargs)

    return wrapped


@tf_export("vectorized_map")
def vectorized_map(fn, elems, fallback_to_while_loop=True, warn=True):
    """`fn` applied to each slice of `elems` along axis 0, results stacked: TF vectorizes it (pfor), sessionflow
    runs it as map_fn's loop; the values are the same."""
    from ..ops.higher_order import map_fn

    flat = [convert_to_tensor(e) for e in flatten(elems)]
    with get_default_graph().name_scope("vectorized_map_signature"):
        probe = fn(pack_sequence_as(elems, [e[0] for e in flat]))
    signature = pack_sequence_as(probe, [TensorSpec(None, convert_to_tensor(p).dtype) for p in flatten(probe)])
    dtype = pack_sequence_as(probe, [dtypes.as_dtype(s.dtype) for s in flatten(signature)])
    return map_fn(fn, pack_sequence_as(elems, flat), dtype=dtype, name="loop_body")
