"""`sessionflow inspect CHECKPOINT [--tensor NAME] [--all] [--names]`: what TF's inspect_checkpoint prints.

CHECKPOINT is a checkpoint prefix (`run/model-20`) or a directory holding a `checkpoint` state file.
Without options: one line per tensor, `name (DT_FLOAT) [3,2]`. `--tensor NAME`: that tensor's value.
`--all`: every tensor's name and value. `--names`: every tensor's name. Values are printed with NumPy.

Wiring for the CLI (sessionflow/tools/cli.py): `add_inspect_command(subparsers)` declares the
subcommand, `run_inspect(options) -> exit status` runs it.
"""

from __future__ import annotations

import sys

import numpy as np

from ..framework import errors


def add_inspect_command(subparsers):
    """Adds the `inspect` subcommand to an argparse subparsers object; returns its parser."""
    parser = subparsers.add_parser("inspect", help="list the tensors of a checkpoint, or print their values",
                                   description=__doc__.split("\n\n")[1])
    parser.add_argument("checkpoint", help="checkpoint prefix, or a directory with a `checkpoint` file")
    parser.add_argument("--tensor", metavar="NAME", help="print this tensor's value")
    parser.add_argument("--all", action="store_true", help="print every tensor's name and value")
    parser.add_argument("--names", action="store_true", help="print every tensor's name")
    parser.set_defaults(run=run_inspect)
    return parser


def inspect_checkpoint(checkpoint: str, tensor_name: str | None = None, all_tensors: bool = False,
                       all_tensor_names: bool = False, out=None) -> None:
    """Prints a checkpoint's contents to `out` (stdout) as TF's print_tensors_in_checkpoint_file does."""
    from ..train.saver import load_checkpoint

    out = out or sys.stdout
    reader = load_checkpoint(checkpoint)
    with np.printoptions(threshold=sys.maxsize if all_tensors else 1000):
        if all_tensors or all_tensor_names:
            for key in sorted(reader.get_variable_to_shape_map()):
                print("tensor_name: ", key, file=out)
                if all_tensors:
                    print(reader.get_tensor(key), file=out)
        elif not tensor_name:
            print(reader.debug_string().decode("utf-8"), file=out)
        else:
            print("tensor_name: ", tensor_name, file=out)
            print(reader.get_tensor(tensor_name), file=out)


def run_inspect(options) -> int:
    """Runs `sessionflow inspect` for parsed `options`; returns the process exit status."""
    try:
        inspect_checkpoint(options.checkpoint, options.tensor, options.all, options.names)
    except (errors.OpError, ValueError) as e:
        message = e.message if isinstance(e, errors.OpError) else str(e)
        print(f"sessionflow inspect: {message}", file=sys.stderr)
        if "corrupt" in message.lower() or isinstance(e, errors.DataLossError):
            print("It is probably not a V2 checkpoint, or the files are damaged.", file=sys.stderr)
        return 1
    return 0
