"""`sessionflow inspect CHECKPOINT [--tensor NAME] [--all] [--names]`: what TF's inspect_checkpoint prints
(and for a SavedModel folder, what `saved_model_cli show --all` prints: tools/inspect_saved_model.py).

CHECKPOINT is a checkpoint prefix (`run/model-20`) or a directory holding a `checkpoint` state file
(not `model-20.index` or `model-20.data-00000-of-00001`: those are files of the checkpoint `model-20`).
Without options: one line per tensor, `name (DT_FLOAT) [3,2]`. `--tensor NAME`: that tensor's value.
`--all`: every tensor's name and value. `--names`: every tensor's name. Values are printed with NumPy.

Wiring for the CLI (sessionflow/tools/cli.py): `add_inspect_command(subparsers)` declares the
subcommand, `run_inspect(options) -> exit status` runs it.
"""

from __future__ import annotations

import glob
import os
import re
import sys

import numpy as np
from google.protobuf import text_format

from ..framework import errors


def add_inspect_command(subparsers):
    """Adds the `inspect` subcommand to an argparse subparsers object; returns its parser."""
    parser = subparsers.add_parser("inspect", help="list the tensors of a checkpoint, or print their values; "
                                                   "show a SavedModel's signatures",
                                   description=__doc__.split("\n\n")[1])
    parser.add_argument("checkpoint", help="checkpoint prefix, a directory with a `checkpoint` file, or a "
                                           "SavedModel folder")
    parser.add_argument("--tensor", metavar="NAME", help="print this tensor's value")
    parser.add_argument("--all", action="store_true", help="print every tensor's name and value")
    parser.add_argument("--names", action="store_true", help="print every tensor's name")
    parser.set_defaults(run=run_inspect)
    return parser


_CHECKPOINT_PART = re.compile(r"\.(index|meta|data-\d{5}-of-\d{5})$")


def checkpoint_prefix(path: str) -> str:
    """The checkpoint prefix `path` names (a prefix, or a directory whose `checkpoint` state file names
    one); ValueError saying plainly what is wrong otherwise."""
    from ..io import protos
    from ..io.checkpoint_bundle import index_filename

    part = _CHECKPOINT_PART.search(path)
    if part and not os.path.exists(index_filename(path)):
        prefix = path[:part.start()]
        what = "the graph (MetaGraphDef) of" if part.group(1) == "meta" else "one file of"
        raise ValueError(f"{path} is {what} the checkpoint {prefix}: give the checkpoint's prefix, "
                         f"as in: sessionflow inspect {prefix}")
    if not os.path.isdir(path):
        return path  # a missing prefix gets TF's NotFoundError from the reader
    state_file = os.path.join(path, "checkpoint")
    try:
        with open(state_file, encoding="utf-8") as f:
            state = text_format.Parse(f.read(1 << 20), protos.CheckpointState())
    except FileNotFoundError:
        found = sorted(glob.glob(os.path.join(glob.escape(path), "*.index")), key=os.path.getmtime)
        hint = f"; it holds the checkpoint {found[-1][:-len('.index')]}" if found else ""
        raise ValueError(f"{path} has no `checkpoint` state file naming its latest checkpoint{hint}") from None
    except (OSError, UnicodeDecodeError, text_format.ParseError) as e:
        raise ValueError(f"{state_file} can't be read as a checkpoint state file: {e}") from None
    if not state.model_checkpoint_path:
        raise ValueError(f"{state_file} names no checkpoint (its model_checkpoint_path is empty)")
    prefix = state.model_checkpoint_path
    if not os.path.isabs(prefix):
        prefix = os.path.join(path, prefix)
    if not os.path.exists(index_filename(prefix)):
        raise ValueError(f"{state_file} names the checkpoint {prefix}, which is missing "
                         f"(there is no {index_filename(prefix)})")
    return prefix


def inspect_checkpoint(checkpoint: str, tensor_name: str | None = None, all_tensors: bool = False,
                       all_tensor_names: bool = False, out=None) -> None:
    """Prints a checkpoint's contents to `out` (stdout) as TF's print_tensors_in_checkpoint_file does."""
    from ..train.saver import load_checkpoint

    out = out or sys.stdout
    reader = load_checkpoint(checkpoint_prefix(checkpoint))
    with np.printoptions(threshold=sys.maxsize if all_tensors else 1000):
        if all_tensors or all_tensor_names:
            for key in sorted(reader.get_variable_to_shape_map()):
                print("tensor_name: ", key, file=out)
                if all_tensors:
                    print(reader.get_tensor(key), file=out)
        elif not tensor_name:
            print(reader.debug_string().decode("utf-8"), file=out)
        else:
            value = reader.get_tensor(tensor_name)
            print("tensor_name: ", tensor_name, file=out)
            print(value, file=out)


def _count_params(reader, exclude_pattern: str = "") -> int:
    shapes = reader.get_variable_to_shape_map()
    if exclude_pattern:
        pattern = re.compile(exclude_pattern)
        excluded = [name for name in shapes if pattern.search(name)]
        print("# Excluding %d tensors (%d params) that match %s when counting." % (
            len(excluded), sum(int(np.prod(shapes[name])) for name in excluded), exclude_pattern))
        shapes = {name: shape for name, shape in shapes.items() if name not in excluded}
    return sum(int(np.prod(shape)) for shape in shapes.values())


def print_tensors_in_checkpoint_file(file_name, tensor_name, all_tensors, all_tensor_names=False,
                                     count_exclude_pattern=""):
    """TF 2's tools/inspect_checkpoint function: prints to stdout `tensor: name (dtype) shape` lines (with
    values for `all_tensors`, or for `tensor_name` alone), else the reader's debug string, then the parameter
    count; an error is printed, not raised."""
    from ..train.saver import NewCheckpointReader

    try:
        reader = NewCheckpointReader(file_name)
        shapes, kinds = reader.get_variable_to_shape_map(), reader.get_variable_to_dtype_map()
        if all_tensors or all_tensor_names:
            for key in sorted(shapes):
                print("tensor: %s (%s) %s" % (key, kinds[key].name, shapes[key]))
                if all_tensors:
                    print(reader.get_tensor(key))
        elif not tensor_name:
            print(reader.debug_string().decode("utf-8", errors="ignore"))
        else:
            if not reader.has_tensor(tensor_name):
                print("Tensor %s not found in checkpoint" % tensor_name)
                return
            print("tensor: %s (%s) %s" % (tensor_name, kinds[tensor_name].name, shapes[tensor_name]))
            print(reader.get_tensor(tensor_name))
        print("# Total number of params: %d" % _count_params(reader, count_exclude_pattern))
    except Exception as e:  # noqa: BLE001 - the tool prints whatever went wrong
        print(str(e))
        if "Data loss" in str(e) and any(part in file_name for part in (".index", ".meta", ".data")):
            print("\nIt's likely that this is a V2 checkpoint and you need to provide the filename\n*prefix*.  "
                  "Try removing the '.' and extension.  Try:\ninspect checkpoint --file_name = "
                  + ".".join(file_name.split(".")[:-1]))


def run_inspect(options) -> int:
    """Runs `sessionflow inspect` for parsed `options`; returns the process exit status. A SavedModel folder
    is shown as `saved_model_cli show --all` shows it (tools/inspect_saved_model.py)."""
    from ..saved_model.loader import maybe_saved_model_directory

    try:
        if os.path.isdir(options.checkpoint) and maybe_saved_model_directory(options.checkpoint):
            from .inspect_saved_model import show_all

            show_all(options.checkpoint)
            return 0
        inspect_checkpoint(options.checkpoint, options.tensor, options.all, options.names)
    except (errors.OpError, ValueError, OSError) as e:
        message = e.message if isinstance(e, errors.OpError) else str(e)
        if "corrupt" in message.lower() or isinstance(e, errors.DataLossError):
            message += " (it is probably not a V2 checkpoint, or its files are damaged)"
        print(f"sessionflow inspect: {' '.join(message.split())}", file=sys.stderr)
        return 1
    return 0
