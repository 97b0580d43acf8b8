"""`tf.raw_ops`: every op type of sessionflow's registry as a function `tf.raw_ops.<OpType>(**inputs_and_attrs,
name=None)`, made on first use from the op's declaration. As in TF the arguments are keyword-only; an input
given as a Python value is converted to a tensor (inputs that share a type take the first tensor's dtype)."""

from __future__ import annotations

import functools

from .framework.graph import Tensor
from .framework.registry import REGISTRY


def _same_type_groups(opdef) -> dict:
    """Input name -> the first input name of its type attr, from TF's signature of the op when known."""
    from .io.op_signatures import SIGNATURES
    key = SIGNATURES.get(opdef.type)
    if key is None:
        return {}
    inputs = [part.strip() for part in key[0].split("->")[0].split(",") if part.strip()]
    first: dict = {}
    groups = {}
    for entry in inputs:
        name, _, type_attr = entry.partition(":")
        if name in opdef.inputs:
            groups[name] = first.setdefault(type_attr, name)
    return groups


def _make(op_type: str):
    opdef = REGISTRY[op_type]
    names = list(opdef.inputs) + list(opdef.attrs)
    groups = _same_type_groups(opdef)
    py_name = op_type

    @functools.wraps(lambda **kwargs: None)
    def raw_op(*args, **kwargs):
        if args:
            raise TypeError(f"{py_name} only takes keyword args (possible keys: {names + ['name']}). Please pass "
                            "these args as kwargs instead.")
        from .ops.constant import convert_to_tensor
        name = kwargs.pop("name", None)
        unknown = [k for k in kwargs if k not in names]
        if unknown:
            raise TypeError(f"{py_name}() got an unexpected keyword argument '{unknown[0]}'")
        missing = [n for n in opdef.inputs if n not in kwargs]
        if missing:
            raise TypeError(f"{py_name}() missing {len(missing)} required keyword argument"
                            f"{'s' if len(missing) > 1 else ''}: {', '.join(map(repr, missing))}")
        inputs = []
        for input_name, variadic in zip(opdef.inputs, opdef.variadic):
            value = kwargs[input_name]
            leader = kwargs.get(groups.get(input_name, input_name))
            dtype = leader.dtype.base_dtype if isinstance(leader, Tensor) else None
            if variadic:
                inputs.append([convert_to_tensor(v, dtype=dtype) for v in value])
            else:
                inputs.append(convert_to_tensor(value, dtype=dtype))
        attrs = {k: kwargs[k] for k in opdef.attrs if k in kwargs}
        return opdef(*inputs, name=name, **attrs)

    raw_op.__name__ = raw_op.__qualname__ = op_type
    raw_op.__doc__ = opdef.doc or f"The {op_type} op (inputs: {', '.join(opdef.inputs) or 'none'})."
    return raw_op


def __getattr__(name: str):
    if name in REGISTRY and not name.startswith("_"):
        fn = _make(name)
        globals()[name] = fn
        return fn
    raise AttributeError(f"module 'sessionflow.raw_ops' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(REGISTRY))
