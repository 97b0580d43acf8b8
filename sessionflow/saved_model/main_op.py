"""`tf.saved_model.main_op`: the init op a SavedModel's loader runs after restoring variables."""

from __future__ import annotations

from ..framework.api import tf_export
from ..framework.graph import get_default_graph


@tf_export("saved_model.main_op.main_op")
def main_op():
    """A group of the global and local variables' initializers and the tables' initializer."""
    from ..lookup.tables import tables_initializer
    from ..ops.control_flow import group
    from ..variables import global_variables_initializer, local_variables_initializer

    return group(global_variables_initializer(), local_variables_initializer(), tables_initializer())


@tf_export("saved_model.main_op_with_restore", "saved_model.main_op.main_op_with_restore")
def main_op_with_restore(restore_op_name):
    """`main_op()`, then the op named `restore_op_name`."""
    from ..ops.control_flow import group

    graph = get_default_graph()
    restore = graph.as_graph_element(restore_op_name) if isinstance(restore_op_name, str) else restore_op_name
    with graph.control_dependencies([main_op()]):
        return group(restore)
