"""The `sessionflow` command: `sessionflow run SCRIPT [ARGS...]`, `sessionflow --version`."""

from __future__ import annotations

import argparse
import os
import runpy
import sys


def run_script(script: str, args: list[str]) -> None:
    """Runs a TF1 script as `__main__` with `import tensorflow` resolving to sessionflow."""
    from ..compat import alias

    if not os.path.isfile(script):
        raise SystemExit(f"sessionflow: can't open file {script!r}: no such file")
    alias.install()
    sys.argv = [script, *args]
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    runpy.run_path(script, run_name="__main__")


def _parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="sessionflow", description="Run TensorFlow 1.x programs on sessionflow.")
    parser.add_argument("--version", action="version", version=f"sessionflow {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser("run", help="run a TF1 script with `import tensorflow` aliased to sessionflow")
    run.add_argument("script", help="the Python script to run")
    run.add_argument("args", nargs=argparse.REMAINDER, help="arguments passed to the script")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    options = parser.parse_args(argv)
    if options.command == "run":
        run_script(options.script, options.args)
        return 0
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
