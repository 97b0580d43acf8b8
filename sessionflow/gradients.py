"""`tf.gradients`: symbolic reverse-mode differentiation, built as ops in the graph (as TF does).

It walks back from `ys` over the ops that lie between `xs` and `ys`, in reverse creation order
(creation order is topological), calling each op's gradient function — its OpDef's `grad`, or the
function registered with `tf.RegisterGradient` under the op's `_gradient_op_type` override — inside
a `gradients/<op name>_grad` name scope. Gradients reaching a tensor along several paths are summed.
"""

from __future__ import annotations

import enum
import inspect

from .framework import dtypes
from .framework.api import tf_export
from .framework.graph import GraphKeys, Operation, Tensor, get_default_graph
from .framework.registry import NOT_DIFFERENTIABLE
from .ops.constant import convert_to_tensor

_REGISTERED: dict[str, object] = {}


@tf_export("RegisterGradient")
class RegisterGradient:
    """`@tf.RegisterGradient("Name")` registers `fn(op, *grads)`; ops created under
    `graph.gradient_override_map({"OpType": "Name"})` use it instead of their own gradient."""

    def __init__(self, op_type: str):
        if not isinstance(op_type, str):
            raise TypeError("op_type must be a string")
        self._op_type = op_type

    def __call__(self, fn):
        if self._op_type in _REGISTERED:
            raise KeyError(f"Registering two gradient with name '{self._op_type}'!")
        _REGISTERED[self._op_type] = fn
        return fn


@tf_export("NoGradient", "NotDifferentiable")
def no_gradient(op_type: str):
    """Declares that ops registered under `op_type` (an override name) have no gradient."""
    _REGISTERED[op_type] = NOT_DIFFERENTIABLE


def _gradient_function(op: Operation):
    override = op.attrs.get("_gradient_op_type")
    if override is not None:
        try:
            return _REGISTERED[override]
        except KeyError:
            raise LookupError(f"No gradient defined for operation '{op.name}' (op type: {op.type}): "
                              f"no gradient registered under '{override}'") from None
    return op.opdef.grad


def _is_differentiable_dtype(dtype) -> bool:
    base = dtype.base_dtype
    return base.is_floating or base.is_complex or base in (dtypes.resource, dtypes.variant)


def _as_list(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _as_x_tensor(x, graph):
    if isinstance(x, Tensor):
        return x
    ref = getattr(x, "_ref", None)
    if ref is not None:  # a variable: differentiate with respect to the variable itself
        handle = getattr(x, "_handle", None)
        return handle if handle is not None else ref()
    return convert_to_tensor(x, name="x")  # a Python value: a new constant, which nothing depends on


def _between_ops(ys, xs, stop_ops):
    """Ops on some path from an x to a y (the only ones whose gradients are needed)."""
    from_xs = set()
    frontier = [op for x in xs for op in x.consumers()]
    while frontier:
        op = frontier.pop()
        if op in from_xs:
            continue
        from_xs.add(op)
        for out in op.outputs:
            frontier.extend(out.consumers())
    between = set()
    frontier = [y.op for y in ys]
    while frontier:
        op = frontier.pop()
        if op in between or op not in from_xs:
            continue
        between.add(op)
        if op in stop_ops:
            continue
        frontier.extend(t.op for t in op.inputs)
    return between


def _aggregate(grads):
    grads = [g for g in grads if g is not None]
    if not grads:
        return None
    if len(grads) == 1:
        return grads[0]
    from .ops.indexed_slices import aggregate

    return aggregate(grads)


@tf_export("UnconnectedGradients")
class UnconnectedGradients(enum.Enum):
    """What `tf.gradients` returns for an x that y does not depend on: None (`NONE`) or zeros shaped as x
    (`ZERO`)."""

    NONE = "none"
    ZERO = "zero"


@tf_export("gradients")
def gradients(ys, xs, grad_ys=None, name="gradients", colocate_gradients_with_ops=False,
              gate_gradients=False, aggregation_method=None, stop_gradients=None,
              unconnected_gradients="none"):
    """d(sum(ys))/d(x) for each x in `xs`; None for an x that `ys` does not depend on."""
    try:
        unconnected_gradients = UnconnectedGradients(unconnected_gradients)
    except ValueError:
        raise ValueError(f"Unknown value for unconnected_gradients: '{unconnected_gradients}'") from None
    graph = get_default_graph()
    ys = [convert_to_tensor(y) for y in _as_list(ys)]
    xs_in = _as_list(xs)
    for x in xs_in:
        if x is None:
            raise TypeError("Tensors in list passed to 'xs' cannot be None")
    xs = [_as_x_tensor(x, graph) for x in xs_in]
    for t in ys + xs:
        if t.graph is not graph:
            raise ValueError(f"Tensor {t} must be from the same graph as the default graph.")
    grad_ys = _as_list(grad_ys) if grad_ys is not None else [None] * len(ys)
    if len(grad_ys) != len(ys):
        raise ValueError(f"Passed {len(grad_ys)} grad_ys for {len(ys)} ys")
    stop_ops = {_as_x_tensor(s, graph).op if not isinstance(s, Operation) else s
                for s in _as_list(stop_gradients or [])}

    with graph.name_scope(name):
        pending: dict[Tensor, list] = {}
        for i, (y, gy) in enumerate(zip(ys, grad_ys)):
            if not _is_differentiable_dtype(y.dtype):
                continue  # an integer y has no gradient: every x gets None from it, as in TF
            if gy is None:
                from .ops.array import ones, shape

                gy = ones(shape(y), dtype=y.dtype.base_dtype, name=f"grad_ys_{i}")
            else:
                gy = convert_to_tensor(gy, dtype=y.dtype.base_dtype, name=f"grad_ys_{i}")
            pending.setdefault(y, []).append(gy)

        between = _between_ops(ys, xs, stop_ops)
        wanted = set(xs)
        for op in sorted(between, key=lambda o: o._id, reverse=True):
            out_grads = [_aggregate(pending.get(t, [])) for t in op.outputs]
            if all(g is None for g in out_grads) or op in stop_ops:
                continue
            fn = _gradient_function(op)
            if fn is NOT_DIFFERENTIABLE:
                continue
            if fn is None:
                raise LookupError(f"No gradient defined for operation '{op.name}' (op type: {op.type}). "
                                  "In general every operation must have an associated `@tf.RegisterGradient` "
                                  "for correct autodiff.")
            out_grads = [g if g is not None or not _is_differentiable_dtype(t.dtype) or t.dtype.base_dtype is
                         dtypes.variant else _zeros_for(t) for g, t in zip(out_grads, op.outputs)]
            with graph.name_scope(op.name + "_grad"):
                in_grads = fn(op, *out_grads)
                in_grads = _as_list(in_grads) if in_grads is not None else [None] * len(op.inputs)
                if len(in_grads) != len(op.inputs):
                    raise ValueError(f"Num gradients {len(in_grads)} generated for op {op.name} do not match "
                                     f"num inputs {len(op.inputs)}")
                used = [g is not None and _is_differentiable_dtype(t.dtype) and (t.op in between or t in wanted)
                        for t, g in zip(op.inputs, in_grads)]  # the input gradients something reads
                if gate_gradients and sum(g is not None for g in in_grads) > 1:
                    from .ops.control_flow import gated

                    # an op's input gradients are all ready before any is used (those nothing reads are not
                    # waited for: TF computes them, here they are not computed)
                    in_grads = gated(in_grads, [g for g, read in zip(in_grads, used) if read])
            for t, g, read in zip(op.inputs, in_grads, used):
                if read:
                    pending.setdefault(t, []).append(g)

        result = []
        for x in xs:
            g = _aggregate(pending.get(x, []))
            if g is None and unconnected_gradients is UnconnectedGradients.ZERO:
                from .ops.array import zeros_like

                g = zeros_like(x)
            result.append(g)
    return result


def _zeros_for(t: Tensor):
    from .ops.array import zeros_like

    zeros = zeros_like(t)
    zeros._is_zeros_tensor = True  # as TF marks it: gradient functions may skip terms that it would zero
    return zeros


@tf_export("hessians")
def hessians(ys, xs, name="hessians", colocate_gradients_with_ops=False, gate_gradients=False,
             aggregation_method=None):
    """For each x in `xs`, the matrix of second derivatives of sum(ys), shaped `x.shape + x.shape`. As in TF,
    one tf.while_loop per x: iteration j writes the gradient of the j-th entry of the flattened first
    gradient into a TensorArray, so x's shape may be known only when the graph runs (a PINN's `[None, 1]`
    points). TF opens no name scope (`name` is unused), and an x that sum(ys) does not depend on, or a second
    derivative that does not depend on x, fails as TF's: None reaches reshape or TensorArray.write."""
    from .ops.array import concat, reshape, shape, size
    from .ops.constant import constant
    from .ops.loops import while_loop
    from .ops.tensor_array import TensorArray

    del name  # TF's hessians takes it and never uses it
    graph = get_default_graph()
    options = dict(colocate_gradients_with_ops=colocate_gradients_with_ops, gate_gradients=gate_gradients,
                   aggregation_method=aggregation_method)
    xs = [_as_x_tensor(x, graph) for x in _as_list(xs)]
    result = []
    for x, g in zip(xs, gradients(ys, xs, **options)):
        flat = reshape(g, [-1])
        n = size(x)

        def row(j, rows, flat=flat, x=x):
            return j + 1, rows.write(j, gradients(flat[j], x, **options)[0])

        _, rows = while_loop(lambda j, _: j < n, row, [constant(0, dtypes.int32), TensorArray(x.dtype, n)])
        dims = shape(x)
        result.append(reshape(rows.stack(), concat((dims, dims), 0)))
    return result


_custom_gradient_count = [0]
_VARIABLE_OPS = frozenset({"VariableV2", "VarHandleOp"})


def _variables_used(graph, ys, xs) -> list:
    """The global variables whose ops the ys were computed from (not through the xs), by name: what TF's
    custom_gradient passes its grad_fn as `variables`."""
    stop = {id(x) for x in xs}
    seen, names, frontier = set(), set(), [y.op for y in ys]
    while frontier:
        op = frontier.pop()
        if id(op) in seen:
            continue
        seen.add(id(op))
        if op.type in _VARIABLE_OPS:
            names.add(op.name)
        frontier.extend(t.op for t in op.inputs if id(t) not in stop)
    found = [v for v in graph.get_collection(GraphKeys.GLOBAL_VARIABLES) if v.op.name in names]
    return sorted(found, key=lambda v: v.name)


@tf_export("custom_gradient")
def custom_gradient(f):
    """Decorates `f(*xs) -> (ys, grad_fn)`: the result behaves as `ys`, and its gradient with respect
    to the xs is `grad_fn(*dys)` instead of the gradient of the ops f built."""
    import functools

    @functools.wraps(f)
    def wrapped(*args):
        from .framework.api import EXPORTS

        graph = get_default_graph()
        xs = [convert_to_tensor(a) for a in args]
        ys, grad_fn = f(*xs)
        flat_ys = _as_list(ys)
        variables = _variables_used(graph, flat_ys, xs)
        spec = inspect.getfullargspec(grad_fn)
        if variables and not ("variables" in spec.args or "variables" in spec.kwonlyargs or spec.varkw):
            raise TypeError("@tf.custom_gradient grad_fn must accept keyword argument 'variables', since function "
                            f"uses variables: {variables}")
        _custom_gradient_count[0] += 1
        gradient_name = f"CustomGradient-{_custom_gradient_count[0]}"

        def identity_n_grad(op, *dys):
            var_grads = []
            if variables:  # TF's contract: grad_fn(*dys, variables=...) -> (input grads, variable grads)
                x_grads, var_grads = grad_fn(*dys[:len(flat_ys)], variables=variables)
                var_grads = list(var_grads)
                if len(var_grads) != len(variables):
                    raise ValueError("Must return gradient for each variable from @custom_gradient grad_fn.")
            else:
                x_grads = grad_fn(*dys[:len(flat_ys)])
            x_grads = _as_list(x_grads)
            if len(x_grads) != len(xs):
                raise ValueError(f"custom_gradient function expected to return {len(xs)} gradients, "
                                 f"but returned {len(x_grads)} instead.")
            return [None] * len(flat_ys) + x_grads + var_grads

        RegisterGradient(gradient_name)(identity_n_grad)
        with graph.gradient_override_map({"IdentityN": gradient_name}):
            outputs = EXPORTS["identity_n"](flat_ys + xs + [v.value() for v in variables])
        outputs = list(outputs)[:len(flat_ys)]
        return outputs if isinstance(ys, (list, tuple)) else outputs[0]

    return wrapped
