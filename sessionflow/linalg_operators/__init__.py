"""tf.linalg's LinearOperator family: base.py (the base class and its generic algorithms), matrices.py
(operators given by entries),
constant_diagonal.py (Identity, ScaledIdentity, Zeros) and structure.py (operators built from other operators)."""

from .base import LinearOperator
from .constant_diagonal import LinearOperatorIdentity, LinearOperatorScaledIdentity, LinearOperatorZeros
from .matrices import (LinearOperatorDiag, LinearOperatorFullMatrix, LinearOperatorHouseholder,
                       LinearOperatorLowerTriangular, LinearOperatorPermutation, LinearOperatorTridiag)
from .structure import (LinearOperatorAdjoint, LinearOperatorBlockDiag, LinearOperatorBlockLowerTriangular,
                        LinearOperatorComposition, LinearOperatorInversion, LinearOperatorKronecker,
                        LinearOperatorLowRankUpdate)

__all__ = ["LinearOperator", "LinearOperatorAdjoint", "LinearOperatorBlockDiag",
           "LinearOperatorBlockLowerTriangular", "LinearOperatorComposition", "LinearOperatorDiag",
           "LinearOperatorFullMatrix", "LinearOperatorHouseholder", "LinearOperatorIdentity",
           "LinearOperatorInversion", "LinearOperatorKronecker", "LinearOperatorLowRankUpdate",
           "LinearOperatorLowerTriangular", "LinearOperatorPermutation", "LinearOperatorScaledIdentity",
           "LinearOperatorTridiag", "LinearOperatorZeros"]
