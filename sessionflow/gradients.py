"""`tf.gradients`: symbolic reverse-mode differentiation, built as ops in the graph (as TF does).

It walks back from `ys` over the ops that lie between `xs` and `ys` in TF's order (the ys' ops first, then
each op once every op on the path that reads its outputs has been visited), calling each op's gradient
function — its OpDef's `grad`, or the function registered with `tf.RegisterGradient` under the op's
`_gradient_op_type` override — inside a `gradients/<op name>_grad` name scope. Gradients reaching a
tensor along several paths are summed.
"""

from __future__ import annotations

import contextlib
import enum
import inspect

from .framework import dtypes
from .framework.api import tf_export
from .framework.graph import GraphKeys, Operation, Tensor, get_default_graph
from .framework.registry import NOT_DIFFERENTIABLE
from .ops.constant import convert_to_tensor
from .ops.misc import AggregationMethod

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
        _register(self._op_type, fn, fn)
        return fn


_WHERE: dict[str, str] = {}


def _register(op_type: str, fn, origin) -> None:
    """TF's gradient registry: a name registers once; the KeyError names where it was registered first."""
    if op_type in _REGISTERED:
        raise KeyError(f"Registering two gradient with name '{op_type}'! "
                       f"(Previous registration was in {_WHERE[op_type]})")
    code = getattr(origin, "__code__", None)
    _WHERE[op_type] = (f"{origin.__name__} {code.co_filename}:{code.co_firstlineno}" if code is not None
                       else "<unknown>")
    _REGISTERED[op_type] = fn


@tf_export("NoGradient", "NotDifferentiable")
def no_gradient(op_type: str):
    """Declares that ops registered under `op_type` (an override name) have no gradient; a name registers
    once, as with RegisterGradient."""
    if not isinstance(op_type, str):
        raise TypeError("op_type must be a string")
    _register(op_type, NOT_DIFFERENTIABLE, no_gradient)


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
    """Ops on some path from an x to a y (the only ones whose gradients are needed). The xs' own ops are
    among them where a y depends on the x (as in TF: their gradients are summed when they are reached)."""
    from_xs = set()
    frontier = [x.op for x in xs]
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


_AGGREGATION_METHODS = [AggregationMethod.ADD_N, AggregationMethod.EXPERIMENTAL_TREE,
                        AggregationMethod.EXPERIMENTAL_ACCUMULATE_N]


def _aggregate(grads, method=AggregationMethod.ADD_N, op=None):
    grads = [g for g in grads if g is not None]
    if not grads:
        return None
    if len(grads) == 1:
        return grads[0]
    from .ops.indexed_slices import aggregate

    if method != AggregationMethod.ADD_N and op is not None and all(isinstance(g, Tensor) for g in grads):
        from .ops.math_extra import add_n

        with op.graph.name_scope(op.name + "_gradient_sum"):
            total = grads[0]
            for g in grads[1:]:
                total = add_n([total, g])
        return total
    return aggregate(grads)


def _colocated(graph, op, colocate: bool):
    """`colocate_gradients_with_ops`: the gradient ops of `op` are built colocated with it."""
    return graph.colocate_with(op) if colocate else contextlib.nullcontext()


def _grad_ys(ys, grad_ys, colocate=False):
    """TF's initial gradients: ones shaped as y where none is given; a given one is checked against y's
    type (not converted to it) and passed on through an Identity `grad_ys_<i>`."""
    from .ops.array import identity, ones, shape
    from .ops.indexed_slices import IndexedSlices

    result = []
    for i, (y, gy) in enumerate(zip(ys, grad_ys)):
        if gy is None:
            if y.dtype.is_complex:
                raise TypeError(f"Gradients of complex tensors ({y}) must set grad_ys (y.dtype = {y.dtype.name})")
            with _colocated(y.graph, y.op, colocate):
                result.append(ones(shape(y), dtype=y.dtype.base_dtype, name=f"grad_ys_{i}"))
            continue
        if not isinstance(gy, IndexedSlices):
            gy = convert_to_tensor(gy, name=f"grad_y_{i}")
        kind = gy.dtype.base_dtype
        if y.dtype.is_floating or y.dtype.is_integer:
            if not kind.is_floating and not kind.is_integer:
                raise TypeError(f"Gradient type {kind.name} generated for real or integer-valued tensor {y} with "
                                f"type {y.dtype.name} must be real or integer")
        elif y.dtype.is_complex:
            if not kind.is_complex:
                raise TypeError(f"Gradient type {kind.name} generated for complex-valued tensor {y} with type "
                                f"{y.dtype.name} must be real")
        elif y.dtype.base_dtype is dtypes.variant:
            if kind is not dtypes.variant:
                raise TypeError(f"Gradient type {kind.name} generated for variant tensor {y} with type "
                                f"{y.dtype.name} must be variant")
        elif y.dtype.base_dtype is dtypes.resource:
            if kind is dtypes.resource:
                raise TypeError(f"Input gradient {gy} for resource tensor {y} should not be a resource")
        else:
            raise TypeError(f"Tensor {y} with type {y.dtype.name} must be numeric to obtain a default gradient")
        if isinstance(gy, IndexedSlices):
            shape_t = gy.dense_shape
            result.append(IndexedSlices(
                identity(gy.values, name=f"grad_ys_{i}_values"), identity(gy.indices, name=f"grad_ys_{i}_indices"),
                identity(shape_t, name=f"grad_ys_{i}_shape") if isinstance(shape_t, Tensor) else shape_t))
        else:
            result.append(identity(gy, name=f"grad_ys_{i}"))
    return result


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
    """d(sum(ys))/d(x) for each x in `xs`; None for an x that `ys` does not depend on.

    Ops are visited as TF visits them (so the gradient ops are created, and numbered, in TF's order):
    first the ys' ops, then each op once every op on the path that reads its outputs has been visited."""
    import collections

    try:
        unconnected_gradients = UnconnectedGradients(unconnected_gradients)
    except ValueError:
        raise ValueError(f"Unknown value for unconnected_gradients: '{unconnected_gradients}'") from None
    from .compat.python_helpers import get_graph_from_inputs

    ys, xs_in = _as_list(ys), _as_list(xs)
    for x in xs_in:
        if x is None:
            raise TypeError("Tensors in list passed to 'xs' cannot be None")
    grad_ys = _as_list(grad_ys) if grad_ys is not None else [None] * len(ys)
    # as TF: the graph is the one all of ys, xs, stop_gradients and grad_ys belong to (TF's error otherwise)
    graph = get_graph_from_inputs(ys + xs_in + _as_list(stop_gradients or []) + grad_ys)
    if graph is not get_default_graph():
        with graph.as_default():
            return gradients(ys, xs_in, grad_ys, name, colocate_gradients_with_ops, gate_gradients,
                             aggregation_method, stop_gradients, unconnected_gradients)
    ys = [convert_to_tensor(y) for y in ys]
    xs = [_as_x_tensor(x, graph) for x in xs_in]
    if len(grad_ys) != len(ys):
        raise ValueError(f"Length mismatch. Passed {len(grad_ys)} grad_ys for {len(ys)} ys")
    if aggregation_method is None:
        aggregation_method = AggregationMethod.DEFAULT
    if aggregation_method not in _AGGREGATION_METHODS:
        raise ValueError(f"Invalid `aggregation_method` specified {aggregation_method}. "
                         f"Accepted values are {_AGGREGATION_METHODS}.")
    stop_ops = {_as_x_tensor(s, graph).op if not isinstance(s, Operation) else s
                for s in _as_list(stop_gradients or [])}

    with graph.name_scope(name):
        pending: dict[Tensor, list] = {}
        for y, gy in zip(ys, _grad_ys(ys, grad_ys, colocate_gradients_with_ops)):
            if not _is_differentiable_dtype(y.dtype):
                continue  # an integer y has no gradient: every x gets None from it, as in TF
            pending.setdefault(y, []).append(gy)

        between = _between_ops(ys, xs, stop_ops)
        wanted = set(xs)
        readers = collections.Counter(t.op for op in between for t in op.inputs if t.op in between)
        # an x's op with no input on the path only sums its gradients (TF's stop ops)
        stop_ops = stop_ops | {x.op for x in xs if not any(t.op in between for t in x.op.inputs)}
        queue = collections.deque()
        for y in ys:
            if y.op in between and readers[y.op] == 0 and y.op not in queue:
                queue.append(y.op)
        while queue:
            op = queue.popleft()
            with _colocated(graph, op, colocate_gradients_with_ops):
                _backprop_op(graph, op, pending, between, wanted, stop_ops, gate_gradients, aggregation_method)
            for t in op.inputs:
                if t.op in between:
                    readers[t.op] -= 1
                    if readers[t.op] == 0:
                        queue.append(t.op)

    result = []
    for x in xs:
        with _colocated(graph, x.op, colocate_gradients_with_ops):
            g = _aggregate(pending.get(x, []), aggregation_method, x.op)
        if g is None and unconnected_gradients is UnconnectedGradients.ZERO:
            from .ops.array import zeros_like

            g = zeros_like(x)
        result.append(g)
    return result


def _backprop_op(graph, op, pending, between, wanted, stop_ops, gate_gradients, aggregation_method):
    """Sums the gradients reaching `op`'s outputs and adds its input gradients to `pending`."""
    out_grads = []
    for t in op.outputs:
        g = _aggregate(pending.get(t, []), aggregation_method, op)
        if g is not None:
            pending[t] = [g]
        out_grads.append(g)
    if all(g is None for g in out_grads) or op in stop_ops:
        return
    fn = _gradient_function(op)
    if fn is NOT_DIFFERENTIABLE:
        return
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
            with graph.device(None), graph.colocate_with(None, ignore_existing=True):
                in_grads = gated(in_grads, [g for g, read in zip(in_grads, used) if read])
    for i, (t, g, read) in enumerate(zip(op.inputs, in_grads, used)):
        if isinstance(g, Tensor) and t.dtype.base_dtype is not dtypes.resource:
            try:  # as TF: an input's gradient has (at least) the input's static shape
                g.set_shape(t.shape)
            except ValueError:
                raise ValueError("Incompatible shapes between op input and calculated input gradient. Forward "
                                 f"operation: {op.name}. Input index: {i}. Original input shape: {t.shape}. "
                                 f"Calculated input gradient shape: {g.shape}") from None
        if read:
            pending.setdefault(t, []).append(g)


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
        if any(isinstance(y, Tensor) for y in flat_ys):
            from .ops.array import identity

            # TF's custom_gradient looks for the variables used from an Identity of each result, which it
            # leaves in the graph (and so takes the names `Identity`, `Identity_1`, ... in the scope)
            for y in flat_ys:
                identity(y)
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
