"""The user's script, for the CLI: is it Python, run it as `__main__` with `import tensorflow`
aliased to sessionflow, and show its errors as Python would, without sessionflow's own frames.

A failing script's traceback keeps the script's frames (and those of the libraries it calls) and
drops the frames of the sessionflow package and of runpy, which say nothing about the script; the
exception's type and message are unchanged. `SESSIONFLOW_TRACEBACK=full` in the environment (or
the command's `-v`) shows every frame.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import runpy
import sys
import tokenize

from .cli_args import CommandError

GRAPH_FILE_SUFFIXES = (".pb", ".pbtxt", ".meta")
_CHECKPOINT_FILE = re.compile(r"\.(index|data-\d{5}-of-\d{5})$")
_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def check_script(path: str, command: str) -> None:
    """CommandError unless `path` is a readable Python script; a `.py` file's SyntaxError is raised as it
    is (the script's own error, shown as Python shows it). Nothing of the script runs."""
    if not os.path.exists(path):
        raise CommandError(f"can't open file {path!r}: no such file")
    if os.path.isdir(path):
        raise CommandError(f"{path} is a directory, not a Python script")
    if not os.path.isfile(path):
        raise CommandError(f"{path} is not a regular file, not a Python script")
    lower = path.lower()
    if lower.endswith(GRAPH_FILE_SUFFIXES):
        hint = "" if command == "graph" else f" (to draw it: sessionflow graph {path} --output graph.html)"
        raise CommandError(f"{path} is a saved graph, not a Python script{hint}")
    checkpoint_part = _CHECKPOINT_FILE.search(path)
    if checkpoint_part:
        prefix = path[:checkpoint_part.start()]
        raise CommandError(f"{path} is part of a checkpoint, not a Python script "
                           f"(to list it: sessionflow inspect {prefix})")
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise CommandError(f"can't open file {path!r}: {e.strerror}") from None
    if b"\0" in data:
        raise CommandError(f"{path} is not a Python script: it is a binary file")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        source = data.decode(encoding)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        raise CommandError(f"{path} is not a Python script: it is not text in UTF-8 "
                           "(or in the encoding it declares)") from None
    try:
        compile(source, path, "exec", dont_inherit=True)
    except SyntaxError as e:
        if os.path.splitext(lower)[1] in (".py", ".pyw", ""):
            raise
        raise CommandError(f"{path} is not a Python script (line {e.lineno}: {e.msg})") from None


def run_script(script: str, args: list[str]) -> None:
    """Runs a TF1 script as `__main__` with `import tensorflow` resolving to sessionflow."""
    from .. import pitfalls
    from ..compat import alias

    alias.install()
    sys.argv = [script, *args]
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    with pitfalls.warnings_while_running(script):  # each pitfall kind once on stderr; SESSIONFLOW_WARNINGS=0: off
        runpy.run_path(script, run_name="__main__")


def full_tracebacks(verbose: bool = False) -> bool:
    """Whether a script's error shows sessionflow's frames too (`-v`, or SESSIONFLOW_TRACEBACK=full)."""
    return verbose or os.environ.get("SESSIONFLOW_TRACEBACK", "").lower() == "full"


def _internal(filename: str) -> bool:
    return (filename.startswith(_PACKAGE_DIR) or filename == "<frozen runpy>"
            or os.path.basename(filename) == "runpy.py")


def _user_frames(tb):
    """`tb` relinked to skip internal frames (a traceback's links are writable); None if none is left."""
    kept = []
    while tb is not None:
        if not _internal(tb.tb_frame.f_code.co_filename):
            kept.append(tb)
        tb = tb.tb_next
    for frame, following in itertools.pairwise(kept):
        frame.tb_next = following
    if kept:
        kept[-1].tb_next = None
    return kept[0] if kept else None


def _strip(exc: BaseException, seen: set) -> None:
    if exc is None or id(exc) in seen:
        return
    seen.add(id(exc))
    exc.__traceback__ = _user_frames(exc.__traceback__)
    _strip(exc.__cause__, seen)
    _strip(exc.__context__, seen)
    for inner in getattr(exc, "exceptions", ()):  # an ExceptionGroup's members
        if isinstance(inner, BaseException):
            _strip(inner, seen)


def print_script_error(exc: BaseException, full: bool = False) -> None:
    """Prints the script's uncaught exception as Python does (through sys.excepthook, so Python's
    "Did you mean" hints stay), without sessionflow's and runpy's frames unless `full`."""
    sys.stdout.flush()
    if not full:
        _strip(exc, set())
    sys.excepthook(type(exc), exc, exc.__traceback__)
    sys.stderr.flush()


def execute(script: str, args: list[str], full: bool = False) -> int:
    """Runs the script and returns the exit status: 0, or 1 after printing its uncaught exception
    (130 for Ctrl-C). The script's SystemExit passes through with its code."""
    try:
        run_script(script, args)
    except SystemExit:
        raise
    except BaseException as e:  # noqa: BLE001 - the script's own error, reported as Python would
        print_script_error(e, full)
        return 130 if isinstance(e, KeyboardInterrupt) else 1
    return 0
