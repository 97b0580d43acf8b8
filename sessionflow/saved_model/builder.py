"""`tf.saved_model.builder.SavedModelBuilder` and `tf.saved_model.simple_save`: a SavedModel folder as TF 1.x
writes it.

    export_dir/
      saved_model.pb            SavedModel proto: schema version 1 and one MetaGraphDef per tag set
      variables/variables.index, variables.data-00000-of-00001    the variables, a V2 checkpoint
      assets/                   copies of the files the graph names in its assets collection

The variables are written by a sharded Saver (TF's default here; one shard), whose SaverDef the MetaGraphDef
carries, so TF's loader restores them; the init op goes into the `saved_model_main_op` collection; asset files
into the `saved_model_assets` collection as packed AssetFileDefs. Nothing is written to `saved_model.pb` until
`save()`, which writes it atomically.
"""

from __future__ import annotations

import filecmp
import os
import shutil

from google.protobuf import any_pb2, text_format

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import GraphKeys, Operation, Tensor, get_default_graph
from ..framework.registry import static_value
from ..io import protos
from ..io.checkpoint_bundle import atomic_write
from . import constants


def _variables_path(export_dir: str) -> str:
    return os.path.join(export_dir, constants.VARIABLES_DIRECTORY, constants.VARIABLES_FILENAME)


@tf_export("saved_model.Builder", "saved_model.builder.SavedModelBuilder")
class SavedModelBuilder:
    """Builds a SavedModel: the first MetaGraphDef with its variables (`add_meta_graph_and_variables`), more
    MetaGraphDefs over the same variables (`add_meta_graph`), then `save()`."""

    def __init__(self, export_dir):
        export_dir = os.fsdecode(export_dir)
        self._saved_model = protos.SavedModel(saved_model_schema_version=constants.SAVED_MODEL_SCHEMA_VERSION)
        self._export_dir = export_dir
        if os.path.exists(export_dir):
            if os.listdir(export_dir):
                raise AssertionError(
                    f"Export directory {export_dir} already exists, and isn't empty. Please choose a different "
                    "export directory, or delete all the contents of the specified directory.")
        else:
            os.makedirs(export_dir)
        self._has_saved_variables = False
        self._saved_asset_files: set = set()

    # --- adding MetaGraphDefs -------------------------------------------------------------------------------
    def add_meta_graph_and_variables(self, sess, tags, signature_def_map=None, assets_collection=None,
                                     legacy_init_op=None, clear_devices=False, main_op=None,
                                     strip_default_attrs=False, saver=None):
        """Saves the session's variables and adds the graph as a MetaGraphDef tagged `tags`."""
        if self._has_saved_variables:
            raise AssertionError("Graph state including variables and assets has already been saved. Please invoke "
                                 "`add_meta_graph()` instead.")
        signature_def_map = signature_def_map or {}
        self._validate_signature_def_map(signature_def_map)
        self._add_collections(assets_collection, main_op or legacy_init_op)
        os.makedirs(os.path.join(self._export_dir, constants.VARIABLES_DIRECTORY), exist_ok=True)
        saver = self._maybe_create_saver(saver)
        saver.save(sess, _variables_path(self._export_dir), write_meta_graph=False, write_state=False)
        meta_graph_def = saver.export_meta_graph(clear_devices=clear_devices, strip_default_attrs=strip_default_attrs)
        self._tag_and_add_meta_graph(meta_graph_def, tags, signature_def_map)
        self._has_saved_variables = True

    def add_meta_graph(self, tags, signature_def_map=None, assets_collection=None, legacy_init_op=None,
                       clear_devices=False, main_op=None, strip_default_attrs=False, saver=None):
        """Adds the current graph as another MetaGraphDef tagged `tags`, over the variables already saved."""
        if not self._has_saved_variables:
            raise AssertionError("Graph state including variables and assets has not been saved yet. Please invoke "
                                 "`add_meta_graph_and_variables()` first.")
        signature_def_map = signature_def_map or {}
        self._validate_signature_def_map(signature_def_map)
        self._add_collections(assets_collection, main_op or legacy_init_op)
        saver = self._maybe_create_saver(saver)
        meta_graph_def = saver.export_meta_graph(clear_devices=clear_devices, strip_default_attrs=strip_default_attrs)
        self._tag_and_add_meta_graph(meta_graph_def, tags, signature_def_map)

    def save(self, as_text=False):
        """Writes saved_model.pb (or saved_model.pbtxt with `as_text`) atomically; returns its path (bytes, as TF)."""
        os.makedirs(self._export_dir, exist_ok=True)
        if as_text:
            path = os.path.join(self._export_dir, constants.SAVED_MODEL_FILENAME_PBTXT)
            atomic_write(path, text_format.MessageToString(self._saved_model).encode())
        else:
            path = os.path.join(self._export_dir, constants.SAVED_MODEL_FILENAME_PB)
            atomic_write(path, self._saved_model.SerializeToString(deterministic=True))
        return path.encode()

    # --- parts ----------------------------------------------------------------------------------------------
    def _maybe_create_saver(self, saver=None):
        if saver:
            return saver
        from ..train.saver import Saver

        return Saver(sharded=True, allow_empty=True)  # every global and saveable variable

    def _tag_and_add_meta_graph(self, meta_graph_def, tags, signature_def_map):
        for tag in tags or []:
            meta_graph_def.meta_info_def.tags.append(tag)
        for key, signature in signature_def_map.items():
            meta_graph_def.signature_def[key].CopyFrom(signature)
        self._saved_model.meta_graphs.add().CopyFrom(meta_graph_def)

    def _validate_tensor_info(self, tensor_info):
        if tensor_info is None:
            raise AssertionError("All TensorInfo protos used in the SignatureDefs must have the name and dtype "
                                 "fields set.")
        encoding = tensor_info.WhichOneof("encoding")
        if encoding is None:
            raise AssertionError(f"Invalid `tensor_info`: {tensor_info}. All TensorInfo protos used in the "
                                 "SignatureDefs must have one of the 'encoding' fields (e.g., name or coo_sparse) "
                                 "set.")
        if tensor_info.dtype == protos.DT_INVALID:
            raise AssertionError(f"Invalid `tensor_info`: {tensor_info}. All TensorInfo protos used in the "
                                 "SignatureDefs must have the dtype field set.")

    def _validate_signature_def_map(self, signature_def_map):
        for key, signature in signature_def_map.items():
            for info in list(signature.inputs.values()) + list(signature.outputs.values()):
                self._validate_tensor_info(info)
            del key
        for reserved in (constants.INIT_OP_SIGNATURE_KEY, constants.TRAIN_OP_SIGNATURE_KEY):
            if reserved in signature_def_map:
                raise KeyError(f"SignatureDef map key \"{reserved}\" is reserved for initialization. Please use a "
                               "different key.")

    def _add_collections(self, assets_collection, main_op):
        self._save_and_write_assets(assets_collection)
        if main_op is None:
            return
        if not isinstance(main_op, Operation):
            raise TypeError(f"Expected {main_op} to be an Operation but got type {type(main_op)} instead.")
        graph = get_default_graph()
        for key in (constants.MAIN_OP_KEY, constants.LEGACY_INIT_OP_KEY):
            if graph.get_collection(key):
                raise ValueError(f"Graph already contains one or more main ops under the collection {key}.")
        graph.add_to_collection(constants.MAIN_OP_KEY, main_op)

    def _save_and_write_assets(self, assets_collection):
        """Adds each asset path tensor to the assets collection (as TF's packed AssetFileDef) and copies the
        files into assets/ (same-named different files get `name_1`, `name_2`, ...)."""
        if assets_collection is None:
            return
        names: dict = {}
        graph = get_default_graph()
        for tensor in assets_collection:
            source = _asset_path(tensor)
            name = _unique_asset_name(source, names)
            asset = protos.AssetFileDef(filename=name)
            asset.tensor_info.name = tensor.name
            packed = any_pb2.Any()
            packed.Pack(asset)
            graph.add_to_collection(constants.ASSETS_KEY, packed)
            names[name] = source
        if not names:
            return
        folder = os.path.join(self._export_dir, constants.ASSETS_DIRECTORY)
        os.makedirs(folder, exist_ok=True)
        for name, source in names.items():
            target = os.path.join(folder, name)
            if os.path.exists(source) and source != target and target not in self._saved_asset_files:
                shutil.copyfile(source, target)
                self._saved_asset_files.add(target)


def _asset_path(tensor) -> str:
    """The file a constant scalar string tensor names (TF's checks and messages)."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"Asset path tensor {tensor} must be a Tensor.")
    if tensor.op.type != "Const":
        raise TypeError(f"Asset path tensor {tensor} must be of type constant.Has type {tensor.op.type} instead.")
    if tensor.dtype.base_dtype is not dtypes.string:
        raise TypeError(f"Asset path tensor {tensor}` must be of dtype string.Has type {tensor.dtype} instead.")
    value = static_value(tensor)
    if value is None or getattr(value, "size", 1) != 1:
        raise TypeError(f"Asset path tensor {tensor} must be a scalar.")
    value = value.reshape(-1)[0] if hasattr(value, "reshape") else value
    path = value.decode() if isinstance(value, bytes) else str(value)
    if not path:
        raise ValueError(f"Asset filepath tensor {tensor} in is invalid.")
    return path


def _unique_asset_name(source: str, names: dict) -> str:
    name = os.path.basename(source)
    if name not in names or names[name] == source:
        return name
    if os.path.exists(source) and os.path.exists(names[name]) and filecmp.cmp(source, names[name], shallow=False):
        return name
    unique, i = name, 1
    while unique in names:
        unique = f"{name}_{i}"
        i += 1
    return unique


@tf_export("saved_model.simple_save")
def simple_save(session, export_dir, inputs, outputs, legacy_init_op=None):
    """A SavedModel for serving: one MetaGraphDef tagged "serve" with a predict signature under
    "serving_default" over `inputs`/`outputs` (dicts of tensors), the graph's ASSET_FILEPATHS as assets."""
    from .signatures import predict_signature_def

    # the signature first: bad inputs/outputs are reported before the export directory is looked at, as in TF
    signature_def_map = {constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY: predict_signature_def(inputs, outputs)}
    builder = SavedModelBuilder(export_dir)
    builder.add_meta_graph_and_variables(
        session, tags=[constants.SERVING], signature_def_map=signature_def_map,
        assets_collection=get_default_graph().get_collection(GraphKeys.ASSET_FILEPATHS),
        main_op=legacy_init_op, clear_devices=True)
    builder.save()
