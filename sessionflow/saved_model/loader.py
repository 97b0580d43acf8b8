"""`tf.saved_model.loader.load`: a SavedModel's MetaGraphDef for a tag set imported into a session's graph,
its variables restored, its init op run with the asset paths fed — as TF 1.x's loader does."""

from __future__ import annotations

import os

from google.protobuf import text_format
from google.protobuf.message import DecodeError

from ..framework import errors
from ..framework.api import tf_export
from ..io import protos
from . import constants
from .signatures import load_op_from_signature_def


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise OSError(f"Cannot read file {path}: {e.strerror or e}.") from e


@tf_export("saved_model.loader.maybe_saved_model_directory", "saved_model.maybe_saved_model_directory",
           "saved_model.contains_saved_model")
def maybe_saved_model_directory(export_dir) -> bool:
    """Whether `export_dir` holds a saved_model.pb or saved_model.pbtxt (not that it loads)."""
    export_dir = os.fspath(export_dir)
    return any(os.path.exists(os.path.join(export_dir, name))
               for name in (constants.SAVED_MODEL_FILENAME_PBTXT, constants.SAVED_MODEL_FILENAME_PB))


contains_saved_model = maybe_saved_model_directory  # loader_impl's name for it


def parse_saved_model(export_dir):
    """The SavedModel proto of `export_dir` (binary preferred over text); IOError as TF when it is missing or
    cannot be parsed."""
    export_dir = os.fspath(export_dir)
    pb = os.path.join(export_dir, constants.SAVED_MODEL_FILENAME_PB)
    pbtxt = os.path.join(export_dir, constants.SAVED_MODEL_FILENAME_PBTXT)
    saved_model = protos.SavedModel()
    if os.path.exists(pb):
        try:
            saved_model.ParseFromString(_read(pb))
        except DecodeError as e:
            raise OSError(f"Cannot parse file {pb}: {e}.") from e
    elif os.path.exists(pbtxt):
        try:
            text_format.Parse(_read(pbtxt).decode("utf-8"), saved_model)
        except (text_format.ParseError, UnicodeDecodeError) as e:
            raise OSError(f"Cannot parse file {pbtxt}: {e}.") from e
    else:
        raise OSError(f"SavedModel file does not exist at: {export_dir}{os.path.sep}"
                      f"{{{constants.SAVED_MODEL_FILENAME_PBTXT}|{constants.SAVED_MODEL_FILENAME_PB}}}")
    return saved_model


def read_saved_model(saved_model_dir):
    """tools/saved_model_utils' reader: the SavedModel proto of `saved_model_dir`; IOError when there is none."""
    if not maybe_saved_model_directory(saved_model_dir):
        raise IOError(f"SavedModel file does not exist at: {saved_model_dir}")
    return parse_saved_model(saved_model_dir)


def get_saved_model_tag_sets(saved_model_dir) -> list:
    """The tags of each MetaGraphDef of the SavedModel, a list per graph."""
    return [list(meta_graph.meta_info_def.tags) for meta_graph in read_saved_model(saved_model_dir).meta_graphs]


def get_meta_graph_def(saved_model_dir, tag_set: str):
    """The MetaGraphDef tagged exactly `tag_set` (comma-separated; empty tags ignored); RuntimeError listing the
    tag-sets there are otherwise."""
    wanted = {tag for tag in tag_set.split(",") if tag}
    valid = []
    for meta_graph in read_saved_model(saved_model_dir).meta_graphs:
        tags = set(meta_graph.meta_info_def.tags)
        if tags == wanted:
            return meta_graph
        valid.append(",".join(tags))
    raise RuntimeError(f"MetaGraphDef associated with tag-set {tag_set} could not be found in the SavedModel. "
                       f"Please use one of the following tag-sets: {valid}")


class SavedModelLoader:
    """A SavedModel folder, parsed: find a MetaGraphDef by tags, import it, restore variables, run init ops."""

    def __init__(self, export_dir):
        self._export_dir = os.fsdecode(export_dir)  # TF takes str or bytes (export_saved_model returns bytes)
        self._variables_path = os.path.join(self._export_dir, constants.VARIABLES_DIRECTORY,
                                            constants.VARIABLES_FILENAME)
        self._saved_model = parse_saved_model(self._export_dir)

    @property
    def export_dir(self):
        return self._export_dir

    @property
    def variables_path(self):
        return self._variables_path

    @property
    def saved_model(self):
        return self._saved_model

    def get_meta_graph_def_from_tags(self, tags):
        available = []
        for meta_graph_def in self._saved_model.meta_graphs:
            found = set(meta_graph_def.meta_info_def.tags)
            available.append(found)
            if found == set(tags):
                return meta_graph_def
        raise RuntimeError(
            f"MetaGraphDef associated with tags {str(tags).strip('[]')} could not be found in SavedModel, with "
            f"available tags '{available}'. To inspect available tag-sets in the SavedModel, please use the "
            "SavedModel CLI: `saved_model_cli`.")

    def load_graph(self, graph, tags, import_scope=None, **saver_kwargs):
        """Imports the tagged MetaGraphDef into `graph`; returns (its Saver or None, None)."""
        from ..io.meta_graph import import_meta_graph

        meta_graph_def = self.get_meta_graph_def_from_tags(tags)
        with graph.as_default():
            return import_meta_graph(meta_graph_def, import_scope=import_scope, **saver_kwargs), None

    def restore_variables(self, sess, saver, import_scope=None):
        from ..train.saver import Saver
        from ..variables import global_variables

        with sess.graph.as_default():
            if saver is None and not global_variables(scope=import_scope):
                return  # no variables: nothing to restore
            if not isinstance(saver, Saver):
                raise ValueError("No tf.train.Saver object was passed to the function "
                                 "`SavedModelLoader.restore_variables`. Since there are variables in the graph, a "
                                 "saver is required.")
            saver.restore(sess, self._variables_path)

    def run_init_ops(self, sess, tags, import_scope=None):
        meta_graph_def = self.get_meta_graph_def_from_tags(tags)
        with sess.graph.as_default():
            assets = get_asset_tensors(self._export_dir, meta_graph_def, import_scope)
            init_op = get_init_op(meta_graph_def, import_scope)
            if init_op is not None:
                sess.run(fetches=[init_op], feed_dict=assets)

    def load(self, sess, tags, import_scope=None, **saver_kwargs):
        with sess.graph.as_default():
            saver, _ = self.load_graph(sess.graph, tags, import_scope, **saver_kwargs)
            self.restore_variables(sess, saver, import_scope)
            self.run_init_ops(sess, tags, import_scope)
        return self.get_meta_graph_def_from_tags(tags)


def get_asset_tensors(export_dir, meta_graph_def, import_scope=None) -> dict:
    """{asset tensor name: the asset's path in this export's assets/ folder}, the feeds of the init op."""
    asset_protos = list(meta_graph_def.asset_file_def)
    if not asset_protos and constants.ASSETS_KEY in meta_graph_def.collection_def:
        for packed in meta_graph_def.collection_def[constants.ASSETS_KEY].any_list.value:
            asset = protos.AssetFileDef()
            if not packed.Unpack(asset):
                raise errors.DataLossError(None, None, f"an entry of collection {constants.ASSETS_KEY} is not an "
                                                       f"AssetFileDef but {packed.type_url}")
            asset_protos.append(asset)
    folder = os.path.join(export_dir, constants.ASSETS_DIRECTORY)
    return {(f"{import_scope}/{a.tensor_info.name}" if import_scope else a.tensor_info.name):
            os.path.join(folder, a.filename) for a in asset_protos}


def get_init_op(meta_graph_def, import_scope=None):
    """The op the loader runs after restoring: the init-op signature's, else the main op's or the legacy init
    op's collection (exactly one op)."""
    from ..framework.graph import get_default_graph

    if constants.INIT_OP_SIGNATURE_KEY in meta_graph_def.signature_def:
        return load_op_from_signature_def(meta_graph_def.signature_def[constants.INIT_OP_SIGNATURE_KEY],
                                          constants.INIT_OP_SIGNATURE_KEY, import_scope)
    for key in (constants.MAIN_OP_KEY, constants.LEGACY_INIT_OP_KEY):
        if key in meta_graph_def.collection_def:
            names = meta_graph_def.collection_def[key].node_list.value
            if len(names) != 1:
                raise RuntimeError(f"Expected exactly one SavedModel init op. Found {len(names)}: {list(names)}.")
            return get_default_graph().get_collection(key)[0]
    return None


@tf_export("saved_model.loader.load", "saved_model.load")
def load(sess, tags, export_dir, import_scope=None, **saver_kwargs):
    """Loads the MetaGraphDef tagged `tags` of the SavedModel at `export_dir` into `sess` (graph, variables,
    init op); returns that MetaGraphDef."""
    return SavedModelLoader(export_dir).load(sess, tags, import_scope, **saver_kwargs)
