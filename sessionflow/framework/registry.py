"""The op registry: one `OpDef` per TensorFlow op type, the single place an op is declared.

An op family module declares each op type once:

    @op("MatMul", inputs=("a", "b"), attrs=dict(transpose_a=False, transpose_b=False))
    class MatMul:
        def infer(a, b, transpose_a, transpose_b): ...   # input Tensors in, (dtype, shape) out
        def kernel(xp, a, b, transpose_a, transpose_b): ...
        def grad(op, g): ...

and gets back an `OpDef`, which is callable: `MatMul(a, b, transpose_a=True, name="mm")` creates the
Operation in the default graph and returns its output Tensor (a tuple for multi-output ops, the
Operation itself for ops without outputs).

Contracts:
- `infer(*inputs, **attrs)` receives the input Tensors (use `.dtype`, `.shape`, `static_value(t)`)
  and returns `(dtype, shape)` for one output or a list of them; it raises TF's graph-construction
  errors (ValueError/TypeError).
- `kernel(xp, *arrays, **attrs)` is pure. Stateful ops (`stateful=True`) get a context first:
  `kernel(ctx, xp, *arrays, **attrs)`; see `sessionflow.runtime.state.OpContext`.
- inputs named with a leading `*` are variadic (a list at the call, flattened in `op.inputs`).
- `ref_inputs` names inputs that take a variable itself (TF's ref inputs): the kernel receives the
  variable's key, and the variable's op does not have to run first. An op whose output can feed a
  ref input declares `ref_key(op) -> key` (VariableV2 and the Assign family).
- reading a reference variable is deferred to the reader: a consumer of a VariableV2 output sees the
  value the variable holds when the consumer runs (TF's buffer aliasing). `forwards_ref=True` marks
  ops that pass such a reference through unchanged (Identity, e.g. the `v/read` snapshot).
- `dataflow=True` marks TF 1.x's control-flow primitives (Switch, Merge, Enter, ...; ops/control_flow_v1.py):
  they have no kernel; a run that needs one executes on runtime/dataflow.py instead of a plan's step list.
- `grad(op, *grads)` is used by tf.gradients; `NOT_DIFFERENTIABLE` marks ops without one.
- `type_attrs` (GraphDef interop) names the attrs TF's NodeDef carries that sessionflow derives from the
  inputs: `{"T": "x"}` is the dtype of input `x` (the first tensor of a variadic input), `"#values"` the
  number of tensors in variadic input `values`, `"[data]"` the list of their dtypes; a value of None marks
  one of this op's own attrs as sessionflow-only (left out of NodeDefs); any other value that is not a str
  (bool, int, bytes, DType, list) is the fixed value of a TF attr sessionflow does not model (MatMul's
  `grad_a=False`). Undeclared (None), the rule is TF's most common signature: `{"T": <first input>}` for ops
  with inputs, nothing otherwise. See `tf_type_attrs`.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

__all__ = ["OpDef", "op", "REGISTRY", "NOT_DIFFERENTIABLE", "get_opdef", "static_value"]

NOT_DIFFERENTIABLE = "not differentiable"

REGISTRY: dict[str, "OpDef"] = {}


class OpDef:
    """Everything about one op type: signature, inference, kernel, gradient, flags."""

    __slots__ = ("type", "inputs", "attrs", "infer", "kernel", "grad", "stateful", "ref_inputs",
                 "variadic", "foldable", "static_value", "ref_key", "forwards_ref", "samples", "doc",
                 "type_attrs", "dataflow", "optimized", "tf_nodes")

    def __init__(self, type_name: str, inputs=(), attrs=None, *, infer: Callable, kernel: Callable | None,
                 grad=None, stateful=False, ref_inputs=(), foldable=None, static_value=None, ref_key=None,
                 forwards_ref=False, samples=(), doc="", type_attrs=None, dataflow=False):
        self.type = type_name
        self.inputs = tuple(n.lstrip("*") for n in inputs)
        self.variadic = tuple(n.startswith("*") for n in inputs)
        self.attrs = dict(attrs or {})
        self.infer = infer
        self.kernel = kernel
        self.grad = grad
        self.stateful = stateful
        self.ref_inputs = tuple(self.inputs.index(n) for n in ref_inputs)
        self.foldable = (not stateful) if foldable is None else foldable
        self.static_value = static_value
        self.ref_key = ref_key
        self.forwards_ref = forwards_ref
        self.samples = tuple(samples)
        self.doc = doc
        self.type_attrs = None if type_attrs is None else dict(type_attrs)
        self.dataflow = dataflow
        # optimized(op, fed) -> the kernel TF's graph optimizer (grappler) leaves for `op` in a run where the
        # tensors `fed` are fed, given its constant inputs, or None (then `kernel`). The NumPy backend binds
        # it; XLA makes such rewrites itself. Set by the op's module after declaring it.
        self.optimized = None
        # tf_nodes(op, node) -> the NodeDefs a GraphDef spells `op` with (its own NodeDef `node` given), for
        # a sessionflow op TF has no type for, so TF can load the file; None: `node` itself.
        self.tf_nodes = None

    def __repr__(self):
        return f"<OpDef {self.type}>"

    def tf_type_attrs(self) -> dict:
        """TF attr name -> how sessionflow derives it (see the module docstring), with the default rule applied."""
        if self.type_attrs is not None:
            return self.type_attrs
        return {"T": self.inputs[0]} if self.inputs else {}

    def __call__(self, *inputs, name=None, **attrs):
        """Creates an op of this type in the default graph; returns its output(s)."""
        return _graph_module.get_default_graph().create_op(self, inputs, attrs, name).result()


def op(type_name: str, inputs=(), attrs=None, **flags):
    """Class decorator declaring an op type; the class body supplies infer/kernel/grad/samples."""

    def register(cls) -> OpDef:
        body = vars(cls)
        opdef = OpDef(type_name, inputs, attrs, infer=body["infer"], kernel=body.get("kernel"),
                      grad=body.get("grad"), static_value=body.get("static_value"), ref_key=body.get("ref_key"),
                      samples=body.get("samples", ()), doc=cls.__doc__ or "", **flags)
        if type_name in REGISTRY:
            raise ValueError(f"Op type {type_name!r} is declared twice")
        REGISTRY[type_name] = opdef
        return opdef

    return register


def get_opdef(type_name: str) -> OpDef:
    try:
        return REGISTRY[type_name]
    except KeyError:
        raise LookupError(f"No op type {type_name!r} is registered in sessionflow") from None


def static_value(tensor, _depth: int = 0):
    """The value of `tensor` when it is known while building the graph (TF's `constant_value`), else
    None. Used by shape inference, e.g. `reshape(x, [2, -1])` has a static shape."""
    op_ = tensor.op
    opdef = op_.opdef
    if opdef.static_value is not None:
        return opdef.static_value(op_, tensor.value_index)
    if not opdef.foldable or opdef.kernel is None or _depth > 32 or not op_.inputs:
        return None
    values = []
    for t in op_.inputs:
        v = static_value(t, _depth + 1)
        if v is None or getattr(v, "size", 1) > _MAX_FOLD_SIZE:
            return None
        values.append(v)
    try:
        with np.errstate(all="ignore"):  # folding warns no more than TF's kernels do at run time
            out = opdef.kernel(np, *values, **op_.attrs)
    except Exception:  # a value that fails here fails at run time, with TF's error
        return None
    if isinstance(out, tuple):
        out = out[tensor.value_index]
    return np.asarray(out)


_MAX_FOLD_SIZE = 4096


from . import graph as _graph_module  # noqa: E402 - graph imports nothing from here at import time
