"""TF's operator overloads on Tensor (and, through `install_operators`, Variable): `+`, `-`, `*`, `/`,
`//`, `%`, `**`, `@`, `&`, `|`, `^`, comparisons, negation, `abs` and `~`, each one op named as TF1
names it (`add`, `sub`, `mul`, `truediv`, ...)."""

from __future__ import annotations

from ..framework import dtypes
from ..framework.graph import Tensor, get_default_graph
from . import common
from .constant import convert_to_tensor
from .math import (BitwiseAnd, BitwiseOr, BitwiseXor, Invert, LogicalAnd, LogicalNot, LogicalOr, abs,  # noqa: A004
                   add, floordiv, floormod, greater, greater_equal, less, less_equal, logical_and, logical_not,
                   logical_or, multiply, negative, pow, subtract, truediv)
from .matmul import matmul


def _logic_or_bitwise(logical_op, bitwise_op, logical_xor=False):
    """`&`, `|`, `^`: logical ops on bools (named like the operator), bitwise ops on integers (named
    `<operator>/BitwiseAnd`), as TF's operators dispatch."""

    def fn(x, y, name):
        with get_default_graph().name_scope(name) as scope:
            x, y = common.convert_same_dtype(logical_op.type, (x, y), ("x", "y"))
            if x.dtype.base_dtype is not dtypes.bool:
                return bitwise_op(x, y)
            if logical_xor:
                return logical_and(logical_or(x, y), logical_not(logical_and(x, y)), name=scope)
            return logical_op(x, y, name=scope)

    return fn


def _invert(x):
    x = convert_to_tensor(x)
    if x.dtype.base_dtype is dtypes.bool:
        return LogicalNot(x, name="LogicalNot")
    with get_default_graph().name_scope("Invert") as scope:
        return Invert(x, name=scope)


# --- Tensor operator overloads (TF1 names the ops `add`, `sub`, `mul`, `truediv`, ...) -------------

def _operator_table():
    return {
        "add": (add, "add"), "sub": (subtract, "sub"), "mul": (multiply, "mul"),
        "truediv": (truediv, "truediv"), "floordiv": (floordiv, "floordiv"), "mod": (floormod, "mod"),
        "pow": (pow, "pow"), "matmul": (matmul, "matmul"),
        "and": (_logic_or_bitwise(LogicalAnd, BitwiseAnd), "and"),
        "or": (_logic_or_bitwise(LogicalOr, BitwiseOr), "or"),
        "xor": (_logic_or_bitwise(LogicalAnd, BitwiseXor, logical_xor=True), "xor"),
    }


def install_operators(cls, to_tensor=lambda v: v):
    """Gives `cls` (Tensor, Variable) TF's operator overloads; `to_tensor` reads the operand."""
    for dunder, (fn, op_name) in _operator_table().items():
        setattr(cls, f"__{dunder}__",
                lambda self, other, _f=fn, _n=op_name: _f(to_tensor(self), other, name=_n))
        setattr(cls, f"__r{dunder}__",
                lambda self, other, _f=fn, _n=op_name: _f(other, to_tensor(self), name=_n))
    cls.__div__ = cls.__truediv__
    cls.__lt__ = lambda self, other: less(to_tensor(self), other, name="Less")
    cls.__le__ = lambda self, other: less_equal(to_tensor(self), other, name="LessEqual")
    cls.__gt__ = lambda self, other: greater(to_tensor(self), other, name="Greater")
    cls.__ge__ = lambda self, other: greater_equal(to_tensor(self), other, name="GreaterEqual")
    cls.__neg__ = lambda self: negative(to_tensor(self), name="Neg")
    cls.__abs__ = lambda self: abs(to_tensor(self), name="Abs")
    cls.__invert__ = lambda self: _invert(to_tensor(self))


install_operators(Tensor)
