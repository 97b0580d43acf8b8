"""tf.contrib.util (TF 1.x), served by sessionflow/compat/contrib.py: tensor_util's constant_value, make_tensor_proto
and make_ndarray under their contrib names. ops_used_by_graph_def and stripped_op_list_for_graph say they are not
provided."""

from __future__ import annotations

from .._namespaces import partial_module_getattr
from ..io.protos import proto_to_ndarray as make_ndarray  # noqa: F401 - re-exports
from ..io.protos import tensor_to_proto as make_tensor_proto  # noqa: F401
from .python_helpers import constant_value  # noqa: F401 - re-exports

_TF1_NAMES = ("ops_used_by_graph_def", "stripped_op_list_for_graph")


__getattr__ = partial_module_getattr("contrib.util", _TF1_NAMES)
