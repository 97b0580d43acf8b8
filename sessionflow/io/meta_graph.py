"""MetaGraph interop: `tf.train.export_meta_graph` and `tf.train.import_meta_graph`.

A MetaGraphDef is the GraphDef plus a SaverDef and the graph's collections. Collections are written as TF
does: the variable collections TF registers a proto for (global variables, trainable, local, model, moving
average, metric, global_step) as serialized `VariableDef`s, queue runners and savers as their protos (all
bytes_list); any other collection by its first value's type: strings as bytes_list, ints as int64_list,
floats as float_list, packed Anys as any_list, anything else (tensors, operations, a variable elsewhere)
by name (node_list). Values without an encoding leave the collection out, and so do ops and tensors made
inside a control-flow sub-graph (the file holds them inside a function). On import, the registered
collections become Variable, QueueRunner and Saver objects again (so `tf.global_variables()` and
`tf.train.get_global_step()` work) and the returned Saver is built from the SaverDef
(`tf.train.Saver(saver_def=...)`, imported lazily), so `saver.restore(sess, prefix)` works.
Bad files raise `tf.errors.DataLossError` (missing ones NotFoundError), naming the file.
"""

from __future__ import annotations

from google.protobuf import any_pb2, text_format

from ..framework import graph as _graph
from ..framework.api import tf_export
from . import protos
from .gfile import atomic_write
from .graph_def import graph_def_of, import_graph_def, parse_graph_def, read_graph_def

__all__ = ["export_meta_graph", "import_meta_graph", "variable_def_of"]

META_GRAPH_VERSION = "v2.21.0"

# The collections TF registers a VariableDef proto function for: their members are written as serialized
# VariableDefs and read back as Variable objects. A variable in any other collection is written by name
# (node_list) and read back as its tensor, as TF does.
_VARIABLE_KEYS = ("variables", "trainable_variables", "moving_average_variables", "local_variables",
                  "model_variables", "global_step", "metric_variables")
_SAVERS = "savers"


def _is_variable(value) -> bool:
    return hasattr(value, "initializer") and hasattr(value, "_snapshot")


def variable_def_of(var, export_scope=None):
    """The VariableDef of a sessionflow Variable (names of its variable, initializer, snapshot, initial value)."""
    def strip(name):
        if export_scope and name.startswith(export_scope + "/"):
            return name[len(export_scope) + 1:]
        return name

    out = protos.VariableDef(variable_name=strip(var.name), initializer_name=strip(var.initializer.name),
                             snapshot_name=strip(var._snapshot.name), trainable=bool(var.trainable),
                             is_resource=bool(getattr(var, "_handle", None) is not None))
    initial = getattr(var, "_initial_value", None)
    if initial is not None:
        out.initial_value_name = strip(initial.name)
    info = getattr(var, "_save_slice_info", None)  # a part of a partitioned variable
    if info is not None:
        out.save_slice_info_def.MergeFrom(info.to_proto(export_scope=export_scope))
    return out


def _outside_subgraphs(value) -> bool:
    """False for a Tensor, Operation or Variable made inside a control-flow sub-graph: a file holds those
    inside a function, where no name reaches them (a batch-norm update op created in a cond branch)."""
    op = value if isinstance(value, _graph.Operation) else getattr(value, "op", None)
    return not isinstance(op, _graph.Operation) or op._ctx is None


def _collection_def(key, values):
    """A CollectionDef for a collection's values (those a file can name), or None when TF has no encoding
    for them. Keys with a proto of their own (variables, queue runners, savers) hold serialized protos;
    any other collection's encoding is chosen by its first value's type, as TF's: strings -> bytes_list,
    ints (bools too) -> int64_list, floats -> float_list, packed Anys -> any_list, anything else by name."""
    out = protos.CollectionDef()
    values = [v for v in values if _outside_subgraphs(v)]
    if not values:
        return None
    try:
        if key in _VARIABLE_KEYS:
            out.bytes_list.value.extend(variable_def_of(v).SerializeToString() for v in values)
        elif key == _graph.GraphKeys.QUEUE_RUNNERS:
            out.bytes_list.value.extend(p.SerializeToString() for p in (v.to_proto() for v in values)
                                        if p is not None)
        elif key == _SAVERS:
            out.bytes_list.value.extend(v.to_proto().SerializeToString() for v in values)
        elif isinstance(values[0], (bytes, str)):
            out.bytes_list.value.extend(v.encode() if isinstance(v, str) else v for v in values)
        elif isinstance(values[0], int):
            out.int64_list.value.extend(values)
        elif isinstance(values[0], float):
            out.float_list.value.extend(values)
        elif isinstance(values[0], any_pb2.Any) or type(values[0]).__name__ == "Any":
            for v in values:  # by bytes: protos' Any and google.protobuf's are classes of two descriptor pools
                out.any_list.value.add().MergeFromString(v.SerializeToString())
        else:
            out.node_list.value.extend(v.name for v in values)
    except (AttributeError, TypeError, ValueError):  # TF logs a warning and leaves the collection out
        return None
    return out


@tf_export("train.export_meta_graph")
def export_meta_graph(filename=None, meta_info_def=None, graph_def=None, saver_def=None, collection_list=None,
                      as_text=False, graph=None, export_scope=None, clear_devices=False,
                      clear_extraneous_savers=False, strip_default_attrs=False, save_debug_info=False, **kwargs):
    """Builds the MetaGraphDef of `graph` (default graph) and, when `filename` is given, writes it atomically
    (binary, or text when `as_text`); returns it."""
    del export_scope, clear_extraneous_savers, strip_default_attrs, save_debug_info, kwargs
    graph = graph or _graph.get_default_graph()
    meta = protos.MetaGraphDef()
    if meta_info_def is not None:
        meta.meta_info_def.CopyFrom(meta_info_def)
    meta.meta_info_def.meta_graph_version = meta.meta_info_def.meta_graph_version or META_GRAPH_VERSION
    meta.graph_def.CopyFrom(graph_def if graph_def is not None else graph_def_of(graph))
    if clear_devices:
        for node in meta.graph_def.node:
            node.device = ""
    if saver_def is not None:
        meta.saver_def.CopyFrom(saver_def)
    keys = graph.get_all_collection_keys() if collection_list is None else collection_list
    for key in sorted(keys):
        encoded = _collection_def(key, graph.get_collection(key))
        if encoded is not None:
            meta.collection_def[key].CopyFrom(encoded)
    if filename:
        data = text_format.MessageToString(meta).encode() if as_text else meta.SerializeToString(deterministic=True)
        atomic_write(filename, data)
    return meta


def _scoped(name: str, scope: str) -> str:
    return f"{scope}/{name}" if scope else name


def _variable_from_def(graph, vdef, scope):
    """A Variable object over the imported ops a VariableDef names."""
    from ..variables import Variable

    return Variable(variable_def=vdef, import_scope=scope)


def _saver_from_def(saver_def, scope):
    """A Saver over the imported save/restore ops a SaverDef names (under the import scope)."""
    from ..train.saver import Saver

    scoped = protos.SaverDef()
    scoped.CopyFrom(saver_def)
    if scope:
        for field in ("filename_tensor_name", "save_tensor_name", "restore_op_name"):
            setattr(scoped, field, _scoped(getattr(scoped, field), scope))
    return Saver(saver_def=scoped)


def _read_meta(meta_graph_or_file):
    if isinstance(meta_graph_or_file, protos.MetaGraphDef):
        return meta_graph_or_file
    if isinstance(meta_graph_or_file, bytes):
        return parse_graph_def(meta_graph_or_file, "<bytes>", protos.MetaGraphDef)
    return read_graph_def(meta_graph_or_file, protos.MetaGraphDef)


@tf_export("train.import_meta_graph")
def import_meta_graph(meta_graph_or_file, clear_devices=False, import_scope=None, **kwargs):
    """Imports a MetaGraphDef (proto, bytes or file path) into the default graph under `import_scope`,
    restores its collections, and returns a Saver built from its SaverDef (a fresh Saver over the imported
    variables when there is no SaverDef, None when there are no variables either)."""
    del kwargs
    meta = _read_meta(meta_graph_or_file)
    scope = import_scope or ""
    graph_def = meta.graph_def
    if clear_devices:
        graph_def = protos.GraphDef()
        graph_def.CopyFrom(meta.graph_def)
        for node in graph_def.node:
            node.device = ""
    import_graph_def(graph_def, name=scope)
    graph = _graph.get_default_graph()
    variables: dict[str, object] = {}
    for key in sorted(meta.collection_def):
        col = meta.collection_def[key]
        kind = col.WhichOneof("kind")
        try:
            if kind == "bytes_list" and key in _VARIABLE_KEYS:
                for raw in col.bytes_list.value:
                    vdef = parse_graph_def(raw, f"collection {key!r}", protos.VariableDef)
                    if vdef.variable_name not in variables:
                        variables[vdef.variable_name] = _variable_from_def(graph, vdef, scope)
                    graph.add_to_collection(key, variables[vdef.variable_name])
            elif kind == "bytes_list" and key == _graph.GraphKeys.QUEUE_RUNNERS:
                from ..train.queue_runner import QueueRunner

                for raw in col.bytes_list.value:
                    qr_def = parse_graph_def(raw, f"collection {key!r}", protos.QueueRunnerDef)
                    graph.add_to_collection(key, QueueRunner.from_proto(qr_def, import_scope=import_scope))
            elif kind == "bytes_list" and key == _SAVERS:
                for raw in col.bytes_list.value:
                    saver_def = parse_graph_def(raw, f"collection {key!r}", protos.SaverDef)
                    graph.add_to_collection(key, _saver_from_def(saver_def, scope))
            elif kind == "node_list":
                for name in col.node_list.value:
                    graph.add_to_collection(key, graph.as_graph_element(_scoped(name, scope)))
            elif kind == "any_list":
                for value in col.any_list.value:
                    graph.add_to_collection(key, any_pb2.Any.FromString(value.SerializeToString()))
            elif kind in ("int64_list", "float_list", "bytes_list") and key != "savers":
                for value in getattr(col, kind).value:
                    graph.add_to_collection(key, value)
        except (KeyError, ValueError, TypeError) as e:
            raise ValueError(f"import_meta_graph: collection {key!r} names elements not in the graph: {e}") from e
    from ..train.saver import Saver

    if meta.HasField("saver_def"):
        return _saver_from_def(meta.saver_def, scope)
    # TF saves only global variables: a graph with local ones alone (num_epochs counters) gets no Saver
    return Saver() if graph.get_collection(_graph.GraphKeys.GLOBAL_VARIABLES, import_scope) else None
