"""TF's freeze_graph tool as a library (`from tensorflow.python.tools import freeze_graph`): a graph file
(GraphDef, MetaGraphDef or a SavedModel's) and a checkpoint in, a frozen GraphDef out, its variables
Consts holding the checkpoint's values (io/graph_util.py's convert_variables_to_constants).

As TF's tool does, the graph is imported into the caller's default graph (named as in the file) and restored
in a session on it; without a SaverDef or MetaGraphDef, every variable of the graph the checkpoint holds is
restored by its name. `restore_op_name` and `filename_tensor_name` are accepted and unused, as in TF 2.
"""

from __future__ import annotations

import os
import re

from google.protobuf import text_format

from . import protos

__all__ = ["freeze_graph", "freeze_graph_with_def_protos"]

_SAVER_V2 = 2  # SaverDef.V2


def _names(text: str) -> list[str]:
    """A comma-separated list of names (spaces ignored), as the tool's string arguments are."""
    return text.replace(" ", "").split(",")


def _read_proto(path: str, message, binary: bool, what: str):
    if not os.path.exists(path):
        raise IOError(f"Input {what} file '{path}' does not exist!")
    with open(path, "rb" if binary else "r") as f:
        if binary:
            message.ParseFromString(f.read())
        else:
            text_format.Merge(f.read(), message)
    return message


def _has_variables(graph) -> bool:
    return any(op.type.startswith("Variable") or op.type.endswith("VariableOp") for op in graph.get_operations())


def freeze_graph_with_def_protos(input_graph_def, input_saver_def, input_checkpoint, output_node_names,
                                 restore_op_name, filename_tensor_name, output_graph, clear_devices,
                                 initializer_nodes, variable_names_whitelist="", variable_names_denylist="",
                                 input_meta_graph_def=None, input_saved_model_dir=None, saved_model_tags=None,
                                 checkpoint_version=_SAVER_V2):
    """The frozen GraphDef of the given protos and checkpoint (also written to `output_graph` when given).
    `output_node_names`, `initializer_nodes` and the variable lists are comma-separated strings."""
    import sessionflow as tf

    from ..saved_model import loader

    del restore_op_name, filename_tensor_name
    if not input_saved_model_dir and not tf.train.checkpoint_exists(input_checkpoint):
        raise ValueError(f"Input checkpoint '{input_checkpoint}' doesn't exist!")
    if not output_node_names:
        raise ValueError("You need to supply the name of a node to --output_node_names.")
    if clear_devices:
        cleared = input_meta_graph_def.graph_def if input_meta_graph_def else input_graph_def
        for node in cleared.node if cleared else ():
            node.device = ""
    if input_graph_def:
        tf.import_graph_def(input_graph_def, name="")
    with tf.Session() as sess:
        if input_saver_def:
            tf.train.Saver(saver_def=input_saver_def, write_version=checkpoint_version).restore(
                sess, input_checkpoint)
        elif input_meta_graph_def:
            tf.train.import_meta_graph(input_meta_graph_def, clear_devices=True).restore(sess, input_checkpoint)
        elif input_saved_model_dir:
            loader.load(sess, saved_model_tags or [], input_saved_model_dir)
        else:
            graph = sess.graph
            partitioned = [t.name.split(":")[0] for op in graph.get_operations() for t in op.outputs
                           if re.search(r"/part_\d+/", t.name)]
            var_list, has_partitions = {}, False
            for key in tf.train.NewCheckpointReader(input_checkpoint).get_variable_to_shape_map():
                try:
                    var_list[key] = graph.get_tensor_by_name(key + ":0")
                except KeyError:
                    continue
                has_partitions = has_partitions or any(key in name for name in partitioned)
            try:
                saver = tf.train.Saver(var_list=var_list, write_version=checkpoint_version)
            except TypeError:
                if has_partitions:
                    raise ValueError("Models containing partition variables cannot be converted from checkpoint "
                                     "files. Please pass in a SavedModel using the flag --input_saved_model_dir.")
                if not _has_variables(graph):
                    raise ValueError("No variables were found in this model. It is likely the model was frozen "
                                     "previously. You cannot freeze a graph twice.")
                raise
            saver.restore(sess, input_checkpoint)
        if initializer_nodes and not input_saved_model_dir:
            sess.run(_names(initializer_nodes))
        graph_def = input_meta_graph_def.graph_def if input_meta_graph_def else input_graph_def
        output_graph_def = tf.graph_util.convert_variables_to_constants(
            sess, graph_def, _names(output_node_names),
            variable_names_whitelist=_names(variable_names_whitelist) if variable_names_whitelist else None,
            variable_names_blacklist=_names(variable_names_denylist) if variable_names_denylist else None)
    if output_graph:
        with open(output_graph, "wb") as f:
            f.write(output_graph_def.SerializeToString(deterministic=True))
    return output_graph_def


def freeze_graph(input_graph, input_saver, input_binary, input_checkpoint, output_node_names, restore_op_name,
                 filename_tensor_name, output_graph, clear_devices, initializer_nodes, variable_names_whitelist="",
                 variable_names_denylist="", input_meta_graph=None, input_saved_model_dir=None,
                 saved_model_tags="serve", checkpoint_version=_SAVER_V2):
    """freeze_graph_with_def_protos over files: `input_graph` (a GraphDef, binary when `input_binary`),
    `input_meta_graph` and `input_saver` (read the same way), or the MetaGraphDef of `input_saved_model_dir`
    tagged `saved_model_tags`."""
    from ..saved_model.loader import get_meta_graph_def

    input_graph_def = None
    if input_saved_model_dir:
        input_graph_def = get_meta_graph_def(input_saved_model_dir, saved_model_tags).graph_def
    elif input_graph:
        input_graph_def = _read_proto(input_graph, protos.GraphDef(), input_binary, "graph")
    input_meta_graph_def = None
    if input_meta_graph:
        input_meta_graph_def = _read_proto(input_meta_graph, protos.MetaGraphDef(), input_binary, "meta graph")
        print("Loaded meta graph file '" + input_meta_graph)
    input_saver_def = _read_proto(input_saver, protos.SaverDef(), input_binary, "saver") if input_saver else None
    return freeze_graph_with_def_protos(
        input_graph_def, input_saver_def, input_checkpoint, output_node_names, restore_op_name,
        filename_tensor_name, output_graph, clear_devices, initializer_nodes, variable_names_whitelist,
        variable_names_denylist, input_meta_graph_def, input_saved_model_dir,
        [tag for tag in _names(saved_model_tags) if tag], checkpoint_version=checkpoint_version)
