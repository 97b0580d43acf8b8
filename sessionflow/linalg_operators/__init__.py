"""tf.linalg's LinearOperator family: base.py (the base class and its generic algorithms), matrices.py
(operators given by entries) and structure.py (operators built from other operators)."""

from .base import LinearOperator
from .matrices import (LinearOperatorDiag, LinearOperatorFullMatrix, LinearOperatorHouseholder,
                       LinearOperatorIdentity, LinearOperatorLowerTriangular, LinearOperatorPermutation,
                       LinearOperatorScaledIdentity, LinearOperatorTridiag, LinearOperatorZeros)
from .structure import (LinearOperatorAdjoint, LinearOperatorBlockDiag, LinearOperatorBlockLowerTriangular,
                        LinearOperatorComposition, LinearOperatorInversion, LinearOperatorKronecker,
                        LinearOperatorLowRankUpdate)

__all__ = ["LinearOperator", "LinearOperatorAdjoint", "LinearOperatorBlockDiag",
           "LinearOperatorBlockLowerTriangular", "LinearOperatorComposition", "LinearOperatorDiag",
           "LinearOperatorFullMatrix", "LinearOperatorHouseholder", "LinearOperatorIdentity",
           "LinearOperatorInversion", "LinearOperatorKronecker", "LinearOperatorLowRankUpdate",
           "LinearOperatorLowerTriangular", "LinearOperatorPermutation", "LinearOperatorScaledIdentity",
           "LinearOperatorTridiag", "LinearOperatorZeros"]
