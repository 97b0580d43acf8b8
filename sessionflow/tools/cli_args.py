"""The `sessionflow` command line's argument rules, and the checks made before a script runs.

`explain` and `graph` take their options before or after SCRIPT. The script's own arguments start
after `--`, or at the first argument after SCRIPT that the command does not know:

    sessionflow explain train.py --run 3 --lr 0.1      # --run 3 for explain; --lr 0.1 for train.py
    sessionflow explain train.py --run 3 -- --run 7    # --run 7 for train.py

`run` passes everything after SCRIPT to the script. Bad input raises `CommandError`: one line,
printed by the CLI as `sessionflow COMMAND: message` with exit status 1.
"""

from __future__ import annotations

import argparse
import os

SCRIPT_COMMANDS = ("run", "explain", "graph")


class CommandError(Exception):
    """Bad input to a `sessionflow` command, said in one line (exit status 1)."""


def _arity(parser: argparse.ArgumentParser, token: str, abbreviations: bool) -> int | None:
    """How many arguments follow `token` as its value if it is one of `parser`'s options, else None.
    `--opt=value` and `-oVALUE` carry their value; `abbreviations` allows unique prefixes of long options
    (as argparse does)."""
    if not token.startswith("-") or token in ("-", "--"):
        return None
    options = parser._option_string_actions  # argparse's table of option strings
    name, eq, _ = token.partition("=")
    action = options.get(name)
    if action is None and abbreviations and token.startswith("--"):
        matches = {options[o] for o in options if o.startswith(name)}
        action = matches.pop() if len(matches) == 1 else None
    if action is None and not token.startswith("--") and len(token) > 2:
        action = options.get(token[:2])  # -oFILE
        if action is not None and action.nargs != 0:
            return 0
        return None
    if action is None:
        return None
    return 0 if eq or action.nargs == 0 else 1


def split_script_args(argv: list[str], commands: dict) -> tuple[list[str], list[str]]:
    """(the arguments for argparse, the script's arguments) of a `sessionflow` command line.

    `commands` maps a command name to its sub-parser. For `run`, every argument after SCRIPT is the
    script's. For `explain` and `graph`, options of the command may follow SCRIPT; the script's own
    arguments begin after `--` or at the first argument after SCRIPT the command does not know."""
    index = next((i for i, token in enumerate(argv) if not token.startswith("-")), None)
    if index is None or argv[index] not in SCRIPT_COMMANDS:
        return argv, []
    command, parser = argv[index], commands[argv[index]]
    ours, script, rest = list(argv[:index + 1]), None, []
    i = index + 1
    while i < len(argv):
        token = argv[i]
        if token == "--":
            if script is None and i + 1 < len(argv):
                script, rest = argv[i + 1], argv[i + 2:]
            else:
                rest = argv[i + 1:]
            break
        arity = _arity(parser, token, abbreviations=script is None)
        if arity is None:
            if script is None and (not token.startswith("-") or token == "-"):
                script = token
                i += 1
                if command == "run":
                    rest = argv[i:]
                    break
                continue
            if script is None:  # an unknown option before SCRIPT: argparse reports it
                ours.append(token)
                i += 1
                continue
            rest = argv[i:]
            break
        ours.extend(argv[i:i + 1 + arity])
        i += 1 + arity
    if script is not None:
        ours += ["--", script] if script.startswith("-") else [script]
    return ours, rest


# --- checks made before the script runs ---------------------------------------------------------

def check_output_path(path: str, option: str) -> None:
    """CommandError unless a file can be written at `path` (its folder exists; it is not a folder)."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise CommandError(f"{option} {path}: is a directory, not a file")
    if not os.path.isdir(folder):
        raise CommandError(f"{option} {path}: the folder {os.path.dirname(path) or folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise CommandError(f"{option} {path}: the folder {os.path.dirname(path) or folder} is not writable")


_RUN_SPEC_HELP = "expected a run number (3), a range (2-5) or a list (1,4); runs are numbered from 1"


def parse_runs(specs) -> list[int]:
    """The run numbers of `--run` values ('3', '2-5', '1,4'); CommandError for anything else."""
    from .explain_report import parse_run_spec

    numbers: list[int] = []
    for spec in specs or ():
        try:
            parsed = parse_run_spec(spec)
        except ValueError:
            raise CommandError(f"--run {spec}: {_RUN_SPEC_HELP}") from None
        if not parsed or min(parsed) < 1:
            raise CommandError(f"--run {spec}: {_RUN_SPEC_HELP}")
        numbers += parsed
    return numbers


def check_runs_exist(wanted, made: int) -> None:
    """CommandError naming the runs in `wanted` that a script which made `made` runs did not make."""
    missing = sorted({n for n in wanted if n > made})
    if not missing:
        return
    shown = str(missing[0]) if len(missing) == 1 else (
        f"{missing[0]}-{missing[-1]}" if missing[-1] - missing[0] == len(missing) - 1
        else ",".join(map(str, missing)))
    runs = f"{made} run" + ("" if made == 1 else "s")
    raise CommandError(f"no run {shown}: the script made {runs}")
