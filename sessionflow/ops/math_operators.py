"""TF's operator overloads on Tensor (and, through `install_operators`, Variable): `+`, `-`, `*`, `/`,
`//`, `%`, `**`, `@`, `&`, `|`, `^`, comparisons, negation, `abs` and `~`, each one op named as TF1
names it (`add`, `sub`, `mul`, `truediv`, ...)."""

from __future__ import annotations

from ..framework.graph import Tensor
from .math import (abs, add, floordiv, floormod, greater, greater_equal, less, less_equal, logical_and,  # noqa: A004
                   logical_not, logical_or, logical_xor, multiply, negative, pow, subtract, truediv)
from .matmul import matmul


# --- Tensor operator overloads (TF1 names the ops `add`, `sub`, `mul`, `truediv`, ...) -------------

def _operator_table():
    return {
        "add": (add, "add"), "sub": (subtract, "sub"), "mul": (multiply, "mul"),
        "truediv": (truediv, "truediv"), "floordiv": (floordiv, "floordiv"), "mod": (floormod, "mod"),
        "pow": (pow, "pow"), "matmul": (matmul, "matmul"),
        "and": (logical_and, "and"), "or": (logical_or, "or"), "xor": (logical_xor, "xor"),
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
    cls.__invert__ = lambda self: logical_not(to_tensor(self), name="LogicalNot")


install_operators(Tensor)
