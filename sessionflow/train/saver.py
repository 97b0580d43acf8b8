"""`tf.train.Saver` and the checkpoint utilities of `tf.train` (latest_checkpoint, NewCheckpointReader,
list_variables, load_variable, init_from_checkpoint, ...), over V2 tensor bundles.

The Saver builds TF's save/restore sub-graph (names as TF 2.21 emits them):

    save/filename/input, save/filename, save/Const      the prefix (fed; SaverDef.filename_tensor_name)
    save/SaveV2 (+ /tensor_names, /shape_and_slices)     writes every saved variable, sorted by name
    save/control_dependency                             the prefix, after SaveV2 (save_tensor_name)
    save/RestoreV2, save/Assign, save/Assign_1, ...     reads and assigns each variable
    save/restore_all                                    groups the assigns (restore_op_name)

so a restored variable is initialized, and a `.meta` graph naming these ops restores in TF too.

Save order (crash safety): tensor data and index (temporary files renamed into place), then the
`.meta` file (same), then the `checkpoint` state file (same), and only then old checkpoints beyond
`max_to_keep` are deleted. A failure at any step leaves every earlier checkpoint, and the state file
naming it, readable. (TF writes the `.meta` after the state file; here the state file is last.)

Killed saves leave no litter that accumulates (TF leaks it): after a successful save, the temporary files
(`*.tempstate*`, io/gfile.py) of this prefix's files and of the state file that earlier saves left are
removed, and with `max_to_keep` so are the checkpoints of this prefix a killed save orphaned: files named
`<prefix>-<step>.{index,data-*,<meta suffix>}` in the checkpoint's folder that the new state file does not
list and that are either incomplete (no `.index`: a save killed between its renames, a deletion killed midway)
or newer than every checkpoint the previous state file listed (written by a save killed before it updated
the state). Older complete ones (those `keep_checkpoint_every_n_hours` keeps, those a new Saver forgot) and
any other file are left alone. One Saver writes a prefix at a time.
"""

from __future__ import annotations

import glob
import logging
import os
import re
import time

from .._behaviour import logging as tf_logging
from ..framework import errors
from ..framework.api import tf_export
from ..framework.graph import GraphKeys, Tensor, get_default_graph
from ..io import checkpoint_bundle, gfile
from ..ops import control_flow, io_ops, state
from ..ops.array import Identity, placeholder_with_default
from ..variables import Variable, global_variables

_log = logging.getLogger("sessionflow.train.saver")  # sessionflow's own notes; TF's lines go to tf_logging

_STATE_FILENAME = "checkpoint"


def _protos():
    from ..io import protos

    return protos


# --- the variables a Saver saves ---------------------------------------------------------------

def _saveables(var_list) -> dict:
    """Checkpoint name -> Variable, from a list (names are the variables' op names) or a dict; the parts of a
    partitioned variable (PartitionedVariable, or Variables with a SaveSliceInfo) -> the list of its parts,
    saved as slices of one tensor named after the whole variable, as TF saves them."""
    if var_list is None:
        var_list = global_variables() + get_default_graph().get_collection(GraphKeys.SAVEABLE_OBJECTS)
    if isinstance(var_list, dict):
        items = [(name, part) for name, v in var_list.items() for part in _parts_of(v)]
    else:
        items = []
        for v in var_list:
            for part in _parts_of(v):
                if not isinstance(part, _SAVEABLE):
                    raise TypeError(f"Variable to save is not a Variable: {part}")
                info = part._save_slice_info
                items.append((part.op.name if info is None else info.full_name, part))
    result: dict = {}
    named_by_dict = isinstance(var_list, dict)
    for name, v in items:
        if not isinstance(v, _SAVEABLE):
            if named_by_dict:
                raise TypeError("names_to_saveables must be a dict mapping string names to Tensors/Variables. "
                                f"Not a variable: {v}")
            raise TypeError(f"Variable to save is not a Variable: {v}")
        if v._save_slice_info is not None:
            parts = result.setdefault(name, [])
            if not isinstance(parts, list):
                raise ValueError(f"At least two variables have the same name: {name}")
            if all(p is not v for p in parts):
                parts.append(v)
            continue
        if name in result:
            raise ValueError(f"At least two variables have the same name: {name}")
        result[name] = v
    if named_by_dict:  # one variable under two names (TF checks the names in sorted order)
        seen: list = []
        for name in sorted(result):
            for part in result[name] if isinstance(result[name], list) else [result[name]]:
                if any(part is s for s in seen):
                    raise ValueError(f"The same saveable will be restored with two names: {name}")
                seen.append(part)
    return result


class _VariableOutput:
    """A reference variable given to a Saver as its VariableV2 op's output tensor, as TF accepts it (a graph
    imported from a GraphDef has such tensors and no Variable objects): what the Saver reads of a Variable."""

    _save_slice_info = None
    _handle = None

    def __init__(self, tensor: Tensor):
        self._tensor = tensor
        self.op, self.name, self.dtype, self.shape = tensor.op, tensor.name, tensor.dtype, tensor.shape

    @property
    def device(self) -> str:
        return self.op.device

    def _ref(self) -> Tensor:
        return self._tensor


_SAVEABLE = (Variable, _VariableOutput)


def _parts_of(v) -> list:
    if isinstance(v, Tensor) and v.op.type in ("VariableV2", "Variable") and v.dtype._is_ref_dtype:
        return [_VariableOutput(v)]
    return list(v) if hasattr(v, "_get_variable_list") else [v]


def _save_specs(saveables: dict) -> list:
    """(checkpoint name, slice spec, variable) per saved tensor: names sorted, a partitioned variable's parts in
    their order."""
    specs = []
    for name in sorted(saveables):
        v = saveables[name]
        for part in v if isinstance(v, list) else [v]:
            specs.append((name, "" if part._save_slice_info is None else part._save_slice_info.spec, part))
    return specs


def _by_device(specs: list) -> list:
    """TF's `_GroupByDevices`: the save specs grouped by their variable's device, groups in device order (a
    sharded Saver writes one shard per group)."""
    groups: dict = {}
    for spec in specs:
        groups.setdefault(spec[2].device, []).append(spec)
    return sorted(groups.items())


def _cpu0(device: str) -> str:
    """TF's `set_cpu0`: `device` with its device type and index replaced by CPU:0 (job, replica, task kept)."""
    from ..framework.device_spec import DeviceSpec

    return DeviceSpec.from_string(device or "").replace(device_type="CPU", device_index=0).to_string()


def _sharded_save(graph, prefix: Tensor, shards: list) -> Tensor:
    """TF's sharded save sub-graph: per device group of `shards` ((device, [(name, slice spec, variable,
    saved tensor)]) pairs), a SaveV2 writes
    shard i under `<prefix>_temp/part-0000i-of-0000N` on that device's host CPU; MergeV2Checkpoints then makes
    them one bundle at `<prefix>` (data files `-0000i-of-0000N`) and removes the temporary folder. Returns
    the save tensor (the prefix, once all ran). Its op names are TF's, so a SaverDef written here or by TF
    runs in either."""
    from ..ops import array, array_index, strings_regex
    from ..ops import constant as constant_ops
    from ..ops.strings import string_join

    with graph.device("CPU"):
        is_s3 = strings_regex.regex_full_match(prefix, "^s3://.*", name="StaticRegexFullMatch")
        suffix = array_index.Select(is_s3, constant_ops.constant(".part", name="Const_1"),
                                    constant_ops.constant("_temp/part", name="Const_2"), name="Select")
        temp = string_join([prefix, suffix], name="StringJoin")
    num_shards = constant_ops.constant(len(shards), name="num_shards")
    shard_prefixes, saved = [], []
    for i, (device, specs) in enumerate(shards):
        with graph.device(_cpu0(device)):
            with graph.name_scope("ShardedFilename") as scope:
                shard = constant_ops.constant(i, name="shard")
                shard_prefix = io_ops.ShardedFilename(temp, shard, num_shards, name=scope)
            save_op = io_ops.save_v2(shard_prefix, [s[0] for s in specs], [s[1] for s in specs],
                                     [s[3] for s in specs], name="SaveV2")
            shard_prefixes.append(shard_prefix)
            saved.append(control_flow.with_dependencies([save_op], shard_prefix, name="control_dependency"))
    with graph.control_dependencies(saved), graph.device(_cpu0(shards[-1][0])):
        with graph.name_scope("MergeV2Checkpoints") as scope:
            prefixes = array.stack(shard_prefixes, name="checkpoint_prefixes")
            merge = io_ops.MergeV2Checkpoints(prefixes, prefix, delete_old_dirs=True, name=scope)
        with graph.control_dependencies([merge]):
            return Identity(prefix, name="Identity")


def _restore_ops(graph, prefix: Tensor, specs: list, name: str):
    """TF's restore of `specs`: one RestoreV2 (on the host's CPU:0, as TF's bulk restore places it) and an
    assignment per variable, grouped as `name`."""
    with graph.device("cpu:0"):
        restored = io_ops.restore_v2(prefix, [s[0] for s in specs], [s[1] for s in specs],
                                     [s[2].dtype.base_dtype for s in specs], name="RestoreV2")
    assigns = []
    for (_, _, v, *_), value in zip(specs, restored):
        if v.shape.is_fully_defined():
            value.set_shape(v.shape)
        assigns.append(_restore_into(v, value))
    return control_flow.group(*assigns, name=name)


def _saved_tensor(v: Variable) -> Tensor:
    return v._ref() if v._handle is None else v.value()


def _restore_into(v: Variable, value: Tensor):
    """An op assigning a restored `value` to `v` (Assign for reference variables, AssignVariableOp
    behind an Identity for resource variables, as TF builds them)."""
    if v._handle is None:
        return state.Assign(v._ref(), value, validate_shape=v.shape.is_fully_defined(), use_locking=True,
                            name="Assign").op
    value = Identity(value, name="Identity")
    return state.AssignVariableOp(v._handle, value, dtype=v.dtype.base_dtype, name="AssignVariableOp")


def _restore_error(error, cause: str):
    """The restore op's error, of its class and op, with TF's explanation before its message."""
    return type(error)(error.node_def, error.op,
                       f"Restoring from checkpoint failed. This is most likely due to {cause} from the checkpoint. "
                       "Please ensure that you have not altered the graph expected based on the checkpoint. "
                       f"Original error:\n\n{error.message}")


@tf_export("train.Saver")
class Saver:
    """Saves and restores variables as V2 checkpoints (`.index` + `.data-00000-of-00001` + `.meta`).

    `var_list`: None (all global and saveable variables), a list of Variables (saved under their op
    names) or a dict checkpoint name -> Variable. `max_to_keep` newest checkpoints are kept (None or 0:
    all); additionally one checkpoint per `keep_checkpoint_every_n_hours` is never deleted.
    `saver_def` rebuilds a Saver over an existing sub-graph (what `import_meta_graph` does).
    """

    def __init__(self, var_list=None, reshape=False, sharded=False, max_to_keep=5,
                 keep_checkpoint_every_n_hours=10000.0, name=None, restore_sequentially=False, saver_def=None,
                 builder=None, defer_build=False, allow_empty=False, write_version=2, pad_step_number=False,
                 save_relative_paths=False, filename=None):
        if write_version != 2 and saver_def is None:
            raise NotImplementedError("only V2 checkpoints (write_version=tf.train.SaverDef.V2) are supported")
        self._var_list = var_list
        self._sharded = sharded
        self._max_to_keep = max_to_keep
        self._keep_hours = keep_checkpoint_every_n_hours
        self._name = name
        self._allow_empty = allow_empty
        self._pad_step_number = pad_step_number
        self._save_relative_paths = save_relative_paths
        self._filename = filename
        self._is_built = False
        self._is_empty = False
        self._graph = get_default_graph() if saver_def is not None else None
        self._saveables: dict[str, Variable] = {}
        self._last_checkpoints: list[tuple[str, float]] = []
        self._checkpoints_to_be_deleted: list[tuple[str, float]] = []
        self.saver_def = saver_def
        if saver_def is not None:
            self._check_saver_def(saver_def)
            self._max_to_keep = saver_def.max_to_keep
            self._keep_hours = saver_def.keep_checkpoint_every_n_hours
            self._is_built = True
        elif not defer_build:
            self.build()
        self._next_checkpoint_time = time.time() + (self._keep_hours or 0) * 3600

    # --- building --------------------------------------------------------------------------
    def build(self):
        """Builds the save/restore sub-graph (once)."""
        if self._is_built:
            return
        self._is_built = True
        self._saveables = _saveables(self._var_list)
        if not self._saveables:
            if self._allow_empty:
                self._is_empty = True
                return
            raise ValueError("No variables to save")
        graph = self._graph = get_default_graph()
        specs = _save_specs(self._saveables)
        names, slices, variables = [s[0] for s in specs], [s[1] for s in specs], [s[2] for s in specs]
        with graph.name_scope(self._name or "save") as scope:
            filename = placeholder_with_default(self._filename or "model", shape=[], name="filename")
            prefix = placeholder_with_default(filename, shape=[], name="Const")
            tensors = [_saved_tensor(v) for v in variables]
            if self._sharded:
                shards = _by_device([spec + (t,) for spec, t in zip(specs, tensors)])
                save_tensor = _sharded_save(graph, prefix, shards)
                restores = []
                for device, shard_specs in shards:  # one restore per shard, on its device, as TF's
                    with graph.device(device):
                        restores.append(_restore_ops(graph, prefix, shard_specs, "restore_shard"))
                restore_op = control_flow.group(*restores, name="restore_all")
            else:
                save_op = io_ops.save_v2(prefix, names, slices, tensors, name="SaveV2")
                save_tensor = control_flow.with_dependencies([save_op], prefix, name="control_dependency")
                restore_op = _restore_ops(graph, prefix, specs, "restore_all")
        del scope
        protos = _protos()
        self.saver_def = protos.SaverDef(
            filename_tensor_name=prefix.name, save_tensor_name=save_tensor.name, restore_op_name=restore_op.name,
            max_to_keep=self._max_to_keep or 0, sharded=self._sharded,
            keep_checkpoint_every_n_hours=self._keep_hours, version=protos.SaverDef.V2)

    def _check_saver_def(self, saver_def):
        if saver_def.version not in (0, 2) and saver_def.version != _protos().SaverDef.V2:
            raise NotImplementedError("only V2 checkpoints are supported")
        graph = get_default_graph()
        for tensor_name in (saver_def.filename_tensor_name, saver_def.save_tensor_name):
            graph.get_tensor_by_name(tensor_name)
        graph.get_operation_by_name(saver_def.restore_op_name)

    def as_saver_def(self):
        """The SaverDef naming this Saver's filename tensor, save tensor and restore op."""
        return self.saver_def

    def to_proto(self, export_scope=None):
        return self.saver_def

    @staticmethod
    def from_proto(saver_def, import_scope=None):
        return Saver(saver_def=saver_def, name=import_scope)

    # --- bookkeeping of recent checkpoints ---------------------------------------------------
    @property
    def last_checkpoints(self) -> list:
        """Prefixes of the checkpoints not yet deleted, oldest first."""
        return [path for path, _ in self._last_checkpoints]

    def set_last_checkpoints(self, last_checkpoints):
        if not isinstance(last_checkpoints, list):
            raise TypeError(f"last_checkpoints must be a list: {last_checkpoints!r}")
        self._last_checkpoints = [(path, None) for path in last_checkpoints]

    def set_last_checkpoints_with_time(self, last_checkpoints_with_time):
        """Sets the (prefix, timestamp) list used to decide which checkpoints to delete."""
        if not isinstance(last_checkpoints_with_time, list):
            raise TypeError(f"last_checkpoints_with_time must be a list: {last_checkpoints_with_time!r}")
        self._last_checkpoints = [(path, stamp) for path, stamp in last_checkpoints_with_time]

    def recover_last_checkpoints(self, checkpoint_paths):
        """Adopts existing checkpoints (e.g. after a restart), timestamped by their files' mtimes."""
        checkpoint_paths = list(checkpoint_paths)
        mtimes = get_checkpoint_mtimes(checkpoint_paths)
        self.set_last_checkpoints_with_time(list(zip(checkpoint_paths, mtimes)))

    def _recorded(self, path: str):
        """(kept, to delete) after adding checkpoint `path`: the bookkeeping `save` commits once the
        state file naming the kept checkpoints is written."""
        if not self._max_to_keep:
            return self._last_checkpoints, []
        kept = [p for p in self._last_checkpoints if p[0] != path] + [(path, time.time())]
        excess = max(0, len(kept) - self._max_to_keep)
        return kept[excess:], kept[:excess]

    def _delete_old(self, meta_graph_suffix: str):
        """Deletes the expired checkpoints, except one per `keep_checkpoint_every_n_hours`; each leaves the list
        only once it is gone, so a deletion cut short is tried again by the next save."""
        while self._checkpoints_to_be_deleted:
            path, stamp = self._checkpoints_to_be_deleted[0]
            if stamp is not None and stamp > self._next_checkpoint_time:
                self._next_checkpoint_time += self._keep_hours * 3600
            else:
                remove_checkpoint(path, meta_graph_suffix=meta_graph_suffix)
            self._checkpoints_to_be_deleted.pop(0)

    # --- saving and restoring ---------------------------------------------------------------
    def save(self, sess, save_path, global_step=None, latest_filename=None, meta_graph_suffix="meta",
             write_meta_graph=True, write_state=True, strip_default_attrs=False, save_debug_info=False):
        """Saves the variables' current values in `sess` at `save_path` (suffixed `-<global_step>`);
        returns the checkpoint prefix. Writes the `.meta` graph and the `checkpoint` state file (in the
        prefix's directory, named `latest_filename`) unless told not to."""
        if not self._is_built:
            raise RuntimeError("`build()` should be called before save if defer_build==True")
        latest_filename = latest_filename or _STATE_FILENAME
        if os.path.split(latest_filename)[0]:
            raise ValueError("'latest_filename' must not contain path components")
        save_path = os.fspath(save_path)
        if global_step is not None:
            if not isinstance(global_step, int):
                global_step = int(sess.run(global_step))
            prefix = f"{save_path}-{global_step:08d}" if self._pad_step_number else f"{save_path}-{global_step}"
        else:
            prefix = save_path
        save_dir = os.path.dirname(save_path)
        if self._is_empty:
            return None
        started_ns = time.time_ns()
        previous = _listed_checkpoints(save_dir, latest_filename) if write_state and self._max_to_keep else None
        path = sess.run(self.saver_def.save_tensor_name, {self.saver_def.filename_tensor_name: prefix})
        path = path.item() if hasattr(path, "item") else path
        path = path.decode() if isinstance(path, bytes) else str(path)
        if write_meta_graph:
            self.export_meta_graph(f"{prefix}.{meta_graph_suffix}", strip_default_attrs=strip_default_attrs)
        if write_state:
            kept, expired = self._recorded(path)
            update_checkpoint_state(save_dir, path, [p for p, _ in kept], latest_filename,
                                    save_relative_paths=self._save_relative_paths)
            self._last_checkpoints = kept
            self._checkpoints_to_be_deleted.extend(expired)
            self._delete_old(meta_graph_suffix)
        names = _PrefixFiles(save_path, meta_graph_suffix)
        _remove(gfile.stale_temps(save_dir, lambda name: names.owns(name) or (write_state and name == latest_filename),
                                  started_ns), "left by an interrupted save")
        if previous is not None and global_step is not None:
            _remove(names.orphans(path, [p for p, _ in self._last_checkpoints], previous),
                    "orphaned by an interrupted save")
        return path

    def restore(self, sess, save_path):
        """Assigns every saved variable its value from the checkpoint at `save_path` (a prefix).
        ValueError if no checkpoint is there; NotFoundError for a missing key; InvalidArgumentError
        for a shape or dtype mismatch; DataLossError for a damaged checkpoint."""
        if self._is_empty:
            return
        if save_path is None:
            raise ValueError("Can't load save_path when it is None.")
        save_path = os.fspath(save_path)
        if not checkpoint_exists(save_path):
            raise ValueError(f"The passed save_path is not a valid checkpoint: {save_path}")
        tf_logging.info("Restoring parameters from %s", save_path)
        try:
            sess.run(self.saver_def.restore_op_name, {self.saver_def.filename_tensor_name: save_path})
        except errors.NotFoundError as e:  # the file is there (checked above): a key the graph wants is not
            raise _restore_error(e, "a Variable name or other graph key that is missing") from None
        except errors.InvalidArgumentError as e:
            raise _restore_error(e, "a mismatch between the current graph and the graph") from None

    def export_meta_graph(self, filename=None, collection_list=None, as_text=False, export_scope=None,
                          clear_devices=False, clear_extraneous_savers=False, strip_default_attrs=False,
                          save_debug_info=False):
        """Writes the graph with this Saver's SaverDef as a binary MetaGraphDef at `filename` (atomically);
        returns the MetaGraphDef. Needs sessionflow/io/meta_graph.py."""
        try:
            from ..io.meta_graph import export_meta_graph
        except ImportError:
            _log.warning("not writing %s: MetaGraph export (sessionflow.io.meta_graph) is not available", filename)
            return None
        meta = export_meta_graph(filename=None, graph=self._graph or get_default_graph(), saver_def=self.saver_def,
                                 collection_list=collection_list, clear_devices=clear_devices,
                                 strip_default_attrs=strip_default_attrs)
        if filename:
            if as_text:
                from google.protobuf import text_format

                data = text_format.MessageToString(meta).encode()
            else:
                data = meta.SerializeToString()
            checkpoint_bundle.atomic_write(filename, data)
        return meta


# --- the litter of interrupted saves --------------------------------------------------------------

class _PrefixFiles:
    """The file names a Saver writes for `save_path` (`<base>[-<step>].{index,data-*,<meta suffix>}` in its
    folder), and which of them interrupted saves orphaned (see the module docstring)."""

    def __init__(self, save_path: str, meta_graph_suffix: str):
        self.directory = os.path.dirname(save_path)
        self._pattern = re.compile(re.escape(os.path.basename(save_path)) + r"(?:-(\d+))?\.(?:index|"
                                   r"data-\d{5}-of-\d{5}|" + re.escape(meta_graph_suffix) + ")")

    def owns(self, name: str) -> bool:
        return self._pattern.fullmatch(name) is not None

    def _step(self, prefix: str):
        """The step of a checkpoint prefix of this Saver's (None for any other prefix)."""
        match = self._pattern.fullmatch(os.path.basename(prefix) + ".index")
        if match is None or match.group(1) is None:
            return None
        same_folder = os.path.abspath(os.path.dirname(prefix)) == os.path.abspath(self.directory)
        return int(match.group(1)) if same_folder else None

    def orphans(self, saved: str, kept: list, previous: list) -> list:
        """Paths of the files of this prefix's stepped checkpoints other than `saved` and `kept` that are
        incomplete or newer than each checkpoint `previous` (the state file before this save) listed."""
        try:
            names = set(os.listdir(self.directory or "."))
        except OSError:
            return []
        listed = {os.path.abspath(p) for p in [saved, *kept]}
        recorded = [step for step in map(self._step, previous) if step is not None]
        by_prefix: dict[str, list] = {}
        for name in names:
            match = self._pattern.fullmatch(name)
            if match is not None and match.group(1) is not None:
                by_prefix.setdefault(name[:match.end(1)], []).append(name)
        found = []
        for prefix, files in by_prefix.items():
            if os.path.abspath(os.path.join(self.directory, prefix)) in listed:
                continue
            step = int(prefix.rsplit("-", 1)[1])
            if prefix + ".index" not in names or (recorded and step > max(recorded)):
                found += [os.path.join(self.directory, name) for name in files]
        return sorted(found)


def _listed_checkpoints(save_dir: str, latest_filename: str) -> list:
    """The checkpoint prefixes the state file in `save_dir` lists; [] without a readable one."""
    try:
        state = get_checkpoint_state(save_dir, latest_filename)
    except ValueError:
        return []
    if state is None:
        return []
    return [*state.all_model_checkpoint_paths, state.model_checkpoint_path]


def _remove(paths: list, why: str) -> None:
    for path in paths:
        try:
            os.remove(path)
            _log.info("Removed %s, %s", path, why)
        except FileNotFoundError:
            pass
        except OSError as e:
            _log.warning("Ignoring: could not remove %s (%s): %s", path, why, e)


# --- checkpoint files ---------------------------------------------------------------------------

@tf_export("train.checkpoint_exists")
def checkpoint_exists(checkpoint_prefix) -> bool:
    """Whether a checkpoint (its `.index` file, or a V1 file of that name) exists at the prefix."""
    checkpoint_prefix = os.fspath(checkpoint_prefix)
    if glob.glob(checkpoint_bundle.index_filename(checkpoint_prefix)):
        return True
    return bool(glob.glob(checkpoint_prefix)) and not os.path.isdir(checkpoint_prefix)


@tf_export("train.get_checkpoint_mtimes")
def get_checkpoint_mtimes(checkpoint_prefixes) -> list:
    """The modification time of each checkpoint's index file (checkpoints not found are skipped)."""
    times = []
    for prefix in checkpoint_prefixes:
        for path in (checkpoint_bundle.index_filename(prefix), prefix):
            try:
                times.append(os.stat(path).st_mtime)
                break
            except OSError:
                continue
    return times


@tf_export("train.remove_checkpoint")
def remove_checkpoint(checkpoint_prefix, checkpoint_format_version=2, meta_graph_suffix="meta"):
    """Deletes a checkpoint's index, data and meta files (missing ones are ignored)."""
    pattern = glob.escape(checkpoint_prefix)
    paths = [checkpoint_bundle.index_filename(checkpoint_prefix), f"{checkpoint_prefix}.{meta_graph_suffix}"]
    paths += glob.glob(pattern + ".data-?????-of-?????")
    for path in paths:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass
        except OSError as e:
            _log.warning("Ignoring: could not remove %s: %s", path, e)


def _state_path(checkpoint_dir, latest_filename) -> str:
    return os.path.join(os.fspath(checkpoint_dir), latest_filename or _STATE_FILENAME)


@tf_export("train.generate_checkpoint_state_proto")
def generate_checkpoint_state_proto(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None,
                                    all_model_checkpoint_timestamps=None, last_preserved_timestamp=None):
    """A CheckpointState; paths are made relative to `save_dir` when `save_dir` is relative, and the
    latest path is appended to `all_model_checkpoint_paths` if it is not last there."""
    paths = list(all_model_checkpoint_paths or [])
    if not paths or paths[-1] != model_checkpoint_path:
        paths.append(model_checkpoint_path)
    if not os.path.isabs(save_dir):
        if not os.path.isabs(model_checkpoint_path):
            model_checkpoint_path = os.path.relpath(model_checkpoint_path, save_dir)
        paths = [p if os.path.isabs(p) else os.path.relpath(p, save_dir) for p in paths]
    state = _protos().CheckpointState(model_checkpoint_path=model_checkpoint_path,
                                      all_model_checkpoint_paths=paths)
    if all_model_checkpoint_timestamps:
        state.all_model_checkpoint_timestamps.extend(all_model_checkpoint_timestamps)
    if last_preserved_timestamp:
        state.last_preserved_timestamp = last_preserved_timestamp
    return state


@tf_export("train.update_checkpoint_state")
def update_checkpoint_state(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None,
                            latest_filename=None, all_model_checkpoint_timestamps=None,
                            last_preserved_timestamp=None, save_relative_paths=False):
    """Writes the text-format `checkpoint` state file in `save_dir` (atomically)."""
    from google.protobuf import text_format

    save_dir = os.fspath(save_dir)
    path = _state_path(save_dir, latest_filename)
    if save_relative_paths:
        def relative(p):
            return os.path.relpath(p, save_dir) if os.path.isabs(p) else p
        model_checkpoint_path = relative(model_checkpoint_path)
        all_model_checkpoint_paths = [relative(p) for p in all_model_checkpoint_paths or []]
    state = generate_checkpoint_state_proto(save_dir, model_checkpoint_path, all_model_checkpoint_paths,
                                            all_model_checkpoint_timestamps, last_preserved_timestamp)
    if os.path.normpath(path) == os.path.normpath(model_checkpoint_path):
        raise RuntimeError(f"Save path '{model_checkpoint_path}' conflicts with path used for checkpoint state. "
                           "Please use a different save path.")
    checkpoint_bundle.atomic_write(path, text_format.MessageToString(state).encode())


_MAX_STATE_FILE = 1 << 24


@tf_export("train.get_checkpoint_state")
def get_checkpoint_state(checkpoint_dir, latest_filename=None):
    """The CheckpointState in `checkpoint_dir`'s state file, relative paths joined to the directory;
    None when the file is missing or unreadable (TF logs and ignores it)."""
    from google.protobuf import text_format

    checkpoint_dir = os.fspath(checkpoint_dir)
    path = _state_path(checkpoint_dir, latest_filename)
    try:
        with open(path, "rb") as f:
            raw = f.read(_MAX_STATE_FILE + 1)
    except OSError:
        return None
    try:
        if len(raw) > _MAX_STATE_FILE:
            raise ValueError("state file too large")
        state = text_format.Parse(raw.decode("utf-8"), _protos().CheckpointState())
    except (text_format.ParseError, UnicodeDecodeError, ValueError) as e:
        _log.warning("%s: %s: checkpoint state ignored", path, e)
        return None
    if not state.model_checkpoint_path:
        raise ValueError(f"Invalid checkpoint state loaded from {checkpoint_dir}")
    if not os.path.isabs(state.model_checkpoint_path):
        state.model_checkpoint_path = os.path.join(checkpoint_dir, state.model_checkpoint_path)
    for i, p in enumerate(state.all_model_checkpoint_paths):
        if not os.path.isabs(p):
            state.all_model_checkpoint_paths[i] = os.path.join(checkpoint_dir, p)
    return state


@tf_export("train.latest_checkpoint")
def latest_checkpoint(checkpoint_dir, latest_filename=None):
    """The prefix of the newest checkpoint named by `checkpoint_dir`'s state file, or None."""
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state and state.model_checkpoint_path:
        if checkpoint_exists(state.model_checkpoint_path):
            return state.model_checkpoint_path
        tf_logging.error("Couldn't match files for checkpoint %s", state.model_checkpoint_path)
    return None


# --- reading checkpoints -------------------------------------------------------------------------

class CheckpointReader:
    """What `tf.train.NewCheckpointReader` returns: the tensors of one checkpoint, by name."""

    def __init__(self, prefix: str):
        prefix = os.fspath(prefix)
        if not os.path.exists(checkpoint_bundle.index_filename(prefix)):
            raise errors.NotFoundError(None, None, "Unsuccessful TensorSliceReader constructor: Failed to find any "
                                                   f"matching files for {prefix}")
        self._bundle = checkpoint_bundle.BundleReader(prefix)
        self._names = [n for n in self._bundle.entries if not n.startswith("\x00")]

    def has_tensor(self, name: str) -> bool:
        return name in self._names

    def get_tensor(self, name: str):
        """The tensor's value: a NumPy array, a NumPy scalar for a scalar (bytes for a string), as TF's
        reader returns them. NotFoundError when absent."""
        if name not in self._bundle.entries or name.startswith("\x00"):
            raise errors.NotFoundError(None, None, f"Key {name} not found in checkpoint")
        value = self._bundle.get_tensor(name)
        return value[()] if value.ndim == 0 else value

    def get_variable_to_shape_map(self) -> dict:
        return {n: list(self._bundle.entries[n].shape) for n in self._names}

    def get_variable_to_dtype_map(self) -> dict:
        return {n: self._bundle.entries[n].dtype for n in self._names}

    def debug_string(self) -> bytes:
        """One line per tensor: `name (DT_FLOAT) [3,2]`."""
        lines = []
        for n in self._names:
            entry = self._bundle.entries[n]
            dims = ",".join(str(d) for d in entry.shape)
            lines.append(f"{n} ({_protos().DataType.Name(entry.dtype.as_datatype_enum)}) [{dims}]\n")
        return "".join(lines).encode()


@tf_export("train.NewCheckpointReader")
def NewCheckpointReader(filepattern) -> CheckpointReader:
    return CheckpointReader(filepattern)


def _checkpoint_prefix(ckpt_dir_or_file) -> str:
    ckpt_dir_or_file = os.fspath(ckpt_dir_or_file)
    if os.path.isdir(ckpt_dir_or_file):
        found = latest_checkpoint(ckpt_dir_or_file)
        if found is None:
            raise ValueError(f"Couldn't find 'checkpoint' file or checkpoints in given directory {ckpt_dir_or_file}")
        return found
    return ckpt_dir_or_file


@tf_export("train.load_checkpoint")
def load_checkpoint(ckpt_dir_or_file) -> CheckpointReader:
    """A CheckpointReader for a checkpoint prefix, or for the latest checkpoint in a directory."""
    return CheckpointReader(_checkpoint_prefix(ckpt_dir_or_file))


@tf_export("train.list_variables")
def list_variables(ckpt_dir_or_file) -> list:
    """Sorted [(name, shape)] of the checkpoint's tensors."""
    return sorted(load_checkpoint(ckpt_dir_or_file).get_variable_to_shape_map().items())


@tf_export("train.load_variable")
def load_variable(ckpt_dir_or_file, name: str):
    """The value of tensor `name` (a trailing `:0` is ignored)."""
    name = name.removesuffix(":0")
    return load_checkpoint(ckpt_dir_or_file).get_tensor(name)


# --- init_from_checkpoint ----------------------------------------------------------------------

def _set_checkpoint_initializer(variable: Variable, prefix: str, tensor_name: str):
    """Replaces `variable`'s initializer with an assignment of the checkpoint's tensor."""
    graph = get_default_graph()
    with graph.device(variable.device), graph.device("/cpu:0"):  # as TF: the restore runs on the host
        value = io_ops.restore_v2(prefix, [tensor_name], [""], [variable.dtype.base_dtype],
                                  name="checkpoint_initializer")[0]
    if variable.shape.is_fully_defined():
        value.set_shape(variable.shape)
    if variable._handle is None:
        init_op = state.Assign(variable._ref(), value, validate_shape=True, use_locking=True, name="Assign").op
    else:
        init_op = state.AssignVariableOp(variable._handle, value, dtype=variable.dtype.base_dtype,
                                         name="AssignVariableOp")
    variable._initializer_op = init_op
    variable._initial_value = value


def _check_and_set(variable, prefix, tensor_name, shapes, ckpt_dir_or_file):
    if tensor_name not in shapes:
        raise ValueError(f"Tensor {tensor_name} is not found in {ckpt_dir_or_file} checkpoint "
                         f"{ {k: v for k, v in sorted(shapes.items())} }")
    if not variable.shape.is_compatible_with(shapes[tensor_name]):
        raise ValueError(f"Shape of variable {variable.name} ({variable.shape}) doesn't match with shape of tensor "
                         f"{tensor_name} ({shapes[tensor_name]}) from checkpoint reader.")
    _set_checkpoint_initializer(variable, prefix, tensor_name)


@tf_export("train.init_from_checkpoint")
def init_from_checkpoint(ckpt_dir_or_file, assignment_map):
    """Makes variables initialize from a checkpoint instead of their initial values.

    `assignment_map` maps checkpoint names to current ones: `'ckpt/var': 'new/var'` or a Variable,
    `'ckpt_scope/': 'new_scope/'` (every `get_variable` variable under the scope), `'/': 'new_scope/'`
    (checkpoint root). Raises ValueError for missing tensors or mismatched shapes, as TF does."""
    from ..variable_scope import _get_default_variable_store

    prefix = _checkpoint_prefix(ckpt_dir_or_file)
    shapes = CheckpointReader(prefix).get_variable_to_shape_map()
    store_vars = _get_default_variable_store().vars
    items = assignment_map.items() if isinstance(assignment_map, dict) else assignment_map
    for tensor_name, current in sorted(items, key=lambda item: item[0]):
        if isinstance(current, (list, tuple)) and current and all(isinstance(v, Variable) for v in current):
            raise NotImplementedError("init_from_checkpoint of partitioned variables is not supported")
        var = current if isinstance(current, Variable) else store_vars.get(current)
        if var is not None:
            _check_and_set(var, prefix, tensor_name, shapes, ckpt_dir_or_file)
            continue
        scopes = current[:current.rindex("/")] if "/" in current else ""
        if not tensor_name.endswith("/"):
            raise ValueError(f"Assignment map with scope only name {scopes} should map to scope only "
                             f"{tensor_name}. Should be 'scope/': 'other_scope/'.")
        for var_name in sorted(n for n in store_vars if not scopes or n.startswith(scopes + "/")):
            full_name = var_name[len(scopes):]
            if current != "/":
                full_name = full_name[1:]
            if tensor_name != "/":
                full_name = tensor_name + full_name
            full_name = full_name.rstrip("/") if full_name.endswith("/") else full_name
            if full_name not in shapes:
                raise ValueError(f"Tensor {full_name} ({var_name[len(scopes) + 1:]} in {tensor_name}) is not found "
                                 f"in {ckpt_dir_or_file} checkpoint")
            _check_and_set(store_vars[var_name], prefix, full_name, shapes, ckpt_dir_or_file)

