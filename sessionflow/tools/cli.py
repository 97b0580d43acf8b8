"""The `sessionflow` command.

    sessionflow run [-v] SCRIPT [ARGS...]       run a TF1 script with `import tensorflow` aliased here
    sessionflow explain SCRIPT [OPTIONS] [-- ARGS...]
                                                run it and explain every sess.run call (tools/explain_report.py)
    sessionflow graph SCRIPT --output FILE [OPTIONS] [-- ARGS...]
                                                run it (or read a .pb/.pbtxt/.meta) and draw its graph
    sessionflow inspect CHECKPOINT [OPTIONS]    list a checkpoint's tensors (tools/inspect_checkpoint.py)
    sessionflow --version

Argument rules (options after SCRIPT, the script's arguments): tools/cli_args.py. Bad input is one
line on stderr and exit status 1; a failing script shows its own frames (tools/user_script.py).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap

from .cli_args import CommandError, check_output_path, check_runs_exist, parse_runs, split_script_args
from .user_script import GRAPH_FILE_SUFFIXES, check_script, execute, full_tracebacks, print_script_error, run_script

__all__ = ["main", "run_script"]

_ARGS_RULE = ("Options may come before or after SCRIPT. The script's own arguments go after `--`, or start at the "
              "first argument after SCRIPT that this command does not know:\n"
              "  sessionflow {command} train.py {example} --lr 0.1       (--lr 0.1 goes to train.py)\n"
              "  sessionflow {command} train.py {example} -- --run 7     (--run 7 goes to train.py)")
_TRACEBACK_NOTE = ("If the script fails, its traceback shows the script's frames, not sessionflow's; -v (or "
                   "SESSIONFLOW_TRACEBACK=full in the environment) shows them all.")


def _text(*paragraphs: str) -> str:
    """Help text: prose paragraphs wrapped to 88 columns; lines starting with two spaces kept as they are."""
    blocks = []
    for paragraph in "\n\n".join(paragraphs).split("\n\n"):
        lines = paragraph.split("\n")
        prose = [line for line in lines if not line.startswith("  ")]
        examples = [line for line in lines if line.startswith("  ")]
        blocks.append("\n".join([textwrap.fill(" ".join(prose), 88)] * bool(prose) + examples))
    return "\n\n".join(blocks)


def _run(options) -> int:
    check_script(options.script, "run")
    return execute(options.script, options.args, full_tracebacks(options.verbose))


def _run_traced(options, label: str):
    """Runs the script under an explain trace, with a progress indicator on a terminal.
    Returns (trace, exit status, the script's uncaught exception or None)."""
    from .. import explain
    from .progress import Progress

    script = options.script
    progress = Progress(f"{label} {os.path.basename(script)}")
    trace = explain.trace(base_dir=os.path.dirname(os.path.abspath(script)),
                          on_run=lambda record: progress.update(f"{record.index} sess.run calls"))
    trace.script = script
    status, failure = 0, None
    try:
        with trace:
            run_script(script, options.args)
    except SystemExit as e:
        status = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        if e.code is not None and not isinstance(e.code, int):
            failure = e
    except BaseException as e:  # noqa: BLE001 - the script's own error: reported after the command's output
        status, failure = 1, e
    finally:
        progress.close()
        sys.stdout.flush()
    return trace, status, failure


def _report_failure(failure, options, heading: str = "") -> None:
    if failure is None:
        return
    if heading:
        sys.stderr.write(heading)
    if isinstance(failure, SystemExit):
        sys.stderr.write(f"{failure.code}\n")
    else:
        print_script_error(failure, full_tracebacks(options.verbose))


def _explain(options) -> int:
    runs = parse_runs(options.run)
    for path, option in ((options.output, "--output"), (options.json, "--json")):
        if path:
            check_output_path(path, option)
    check_script(options.script, "explain")
    trace, status, failure = _run_traced(options, "explaining")
    try:
        check_runs_exist(runs, len(trace.runs))
    except CommandError:
        _report_failure(failure, options)
        raise
    report = trace.render(runs=options.run, match=options.match, all_ops=options.ops)
    if options.output:
        with open(options.output, "w", encoding="utf-8") as f:
            f.write(report)
    else:
        sys.stdout.write("\n" + report)
        sys.stdout.flush()
    if options.json:
        with open(options.json, "w", encoding="utf-8") as f:
            json.dump(trace.to_json(runs=options.run, match=options.match), f, indent=1)
    _report_failure(failure, options, "\nThe script raised (after the runs explained above):\n")
    return status


def _graph_from_file(path: str):
    """A Graph holding a saved GraphDef (.pb, .pbtxt) or MetaGraphDef (.meta), ops named as saved;
    CommandError saying which parse failed."""
    from ..framework import errors
    from ..framework.graph import Graph
    from ..io.graph_def import import_graph_def
    from ..io.meta_graph import import_meta_graph
    from .graph_file import read_graph_file

    message = read_graph_file(path)
    graph = Graph()
    try:
        with graph.as_default():
            if path.lower().endswith(".meta"):
                import_meta_graph(message)
            else:
                import_graph_def(message, name="")
    except (errors.OpError, ValueError, TypeError, KeyError) as e:
        text = e.message if isinstance(e, errors.OpError) else str(e)
        raise CommandError(f"can't import the graph of {path}: {' '.join(text.split())}") from None
    return graph


def _graph(options) -> int:
    from . import graph_render
    from .progress import Progress

    if options.output is None:
        raise _UsageError("the following arguments are required: --output/-o")
    try:
        fmt = graph_render.format_for(options.output)
    except ValueError as e:
        raise CommandError(str(e)) from None
    check_output_path(options.output, "--output")
    if fmt in ("svg", "png") and graph_render.dot_program() is None:
        raise CommandError(f"writing .{fmt} needs Graphviz's `dot` program, which is not installed "
                           "(apt-get install graphviz); .html and .dot need nothing")
    run = None
    if options.run is not None:
        if not options.run.strip().isdigit() or int(options.run) < 1:
            raise CommandError(f"--run {options.run}: expected one run number (runs are numbered from 1)")
        run = int(options.run)
    runs_json = None
    if options.trace:
        try:
            with open(options.trace, encoding="utf-8") as f:
                runs_json = graph_render.runs_from_json(json.load(f))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
            reason = e.strerror if isinstance(e, OSError) and e.strerror else "not an `explain --json` trace"
            raise CommandError(f"--trace {options.trace}: {reason}") from None
    if options.script.lower().endswith(GRAPH_FILE_SUFFIXES):
        if options.args:
            raise CommandError(f"unexpected argument {options.args[0]!r} after the graph file {options.script}")
        if run is not None and runs_json is None:
            raise CommandError(f"--run {run}: a saved graph has no runs (runs come from a script, or --trace)")
        graph, runs, status = _graph_from_file(options.script), [], 0
    else:
        check_script(options.script, "graph")
        trace, status, failure = _run_traced(options, "running")
        _report_failure(failure, options)
        if run is not None and runs_json is None:
            check_runs_exist([run], len(trace.runs))
        graph, runs = graph_render.graph_and_runs(trace, run if runs_json is None else None)
    if runs_json is not None:
        runs = runs_json
        if run is not None:
            check_runs_exist([run], len(runs))
    with Progress(f"drawing {os.path.basename(options.output)}") as progress:
        progress.update(f"{len(graph.get_operations())} ops")
        title = os.path.basename(options.script)
        try:
            graph_render.write(graph, options.output, fmt, runs=runs, highlight=run, title=title,
                               base_dir=os.path.dirname(os.path.abspath(options.script)))
        except (OSError, RuntimeError) as e:
            raise CommandError(f"can't write {options.output}: {getattr(e, 'strerror', None) or e}") from None
    print(f"sessionflow: wrote {options.output} ({len(graph.get_operations())} ops, {len(runs)} runs)",
          file=sys.stderr)
    return status


class _UsageError(Exception):
    """A usage error argparse did not catch: printed with the usage line, exit status 2."""


def _add_verbose(parser) -> None:
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="if the script fails, show every frame of its traceback, sessionflow's too")


def _parser() -> tuple[argparse.ArgumentParser, dict]:
    from .. import VERSION, __version__
    from .inspect_checkpoint import add_inspect_command

    parser = argparse.ArgumentParser(
        prog="sessionflow", description="Run TensorFlow 1.x programs on sessionflow.")
    parser.add_argument("--version", action="version",
                        version=f"sessionflow {__version__} (the TensorFlow {VERSION} API)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    raw = argparse.RawDescriptionHelpFormatter

    run = commands.add_parser(
        "run", help="run a TF1 script with `import tensorflow` aliased to sessionflow",
        usage="sessionflow run [-h] [-v] SCRIPT [ARGS...]", formatter_class=raw,
        description=_text("Runs SCRIPT with `import tensorflow` resolving to sessionflow. Everything after "
                          "SCRIPT is passed to the script.", _TRACEBACK_NOTE))
    _add_verbose(run)
    run.add_argument("script", metavar="SCRIPT", help="the Python script to run")

    explain = commands.add_parser(
        "explain", help="run a TF1 script and explain what every sess.run call did", formatter_class=raw,
        usage="sessionflow explain [OPTIONS] SCRIPT [OPTIONS] [--] [ARGS...]",
        description=_text("Runs SCRIPT (as `sessionflow run` does), then prints, for every sess.run call: "
                          "where it was made, what it fetched and fed, the ops that executed in order, and "
                          "every variable it set, from what value to what value, and by which op.",
                          _ARGS_RULE.format(command="explain", example="--run 3"), _TRACEBACK_NOTE))
    explain.add_argument("--run", action="append", metavar="N",
                         help="explain only run N (numbered from 1; '2-5' and '1,4' work; repeatable)")
    explain.add_argument("--match", metavar="TEXT",
                         help="explain only runs whose call line, ops or variables mention TEXT")
    explain.add_argument("--ops", action="store_true", help="list every executed op, even in long runs")
    explain.add_argument("--json", metavar="FILE", help="also write the trace as JSON to FILE")
    explain.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
    _add_verbose(explain)
    explain.add_argument("script", metavar="SCRIPT", help="the Python script to run")

    graph = commands.add_parser(
        "graph", help="draw the graph of a TF1 script or a saved .pb/.pbtxt/.meta (HTML, DOT, SVG or PNG)",
        usage="sessionflow graph [OPTIONS] SCRIPT --output FILE [OPTIONS] [--] [ARGS...]", formatter_class=raw,
        description=_text("Runs SCRIPT and writes a picture of the graph its sessions ran. .html is a "
                          "self-contained interactive page (name scopes collapse and expand; hover for types, "
                          "shapes and dtypes; pick a run to highlight its ops); .dot is Graphviz; .svg/.png need "
                          "Graphviz's `dot`. SCRIPT may also be a saved GraphDef (.pb, .pbtxt) or MetaGraphDef "
                          "(.meta).", _ARGS_RULE.format(command="graph", example="-o g.html"), _TRACEBACK_NOTE))
    graph.add_argument("--output", "-o", metavar="FILE",
                       help="the file to write: .html, .dot, .svg or .png (required)")
    graph.add_argument("--run", metavar="N", help="highlight the ops of run N (and draw its graph)")
    graph.add_argument("--trace", metavar="FILE", help="runs to offer for highlighting, from `explain --json`")
    _add_verbose(graph)
    graph.add_argument("script", metavar="SCRIPT",
                       help="the Python script to run, or a GraphDef (.pb, .pbtxt) or MetaGraphDef (.meta)")

    inspect = add_inspect_command(commands)
    return parser, {"run": run, "explain": explain, "graph": graph, "inspect": inspect}


_COMMANDS = {"run": _run, "explain": _explain, "graph": _graph}


def main(argv: list[str] | None = None) -> int:
    """The `sessionflow` command; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser, commands = _parser()
    ours, script_args = split_script_args(argv, commands)
    options = parser.parse_args(ours)
    if options.command is None:
        parser.print_help()
        return 2
    if options.command == "inspect":
        return options.run(options)
    options.args = script_args
    try:
        return _COMMANDS[options.command](options)
    except _UsageError as e:
        commands[options.command].error(str(e))
    except CommandError as e:
        print(f"sessionflow {options.command}: {' '.join(str(e).split())}", file=sys.stderr)
        return 1
    except SyntaxError as e:  # the script's own, found before it ran
        print_script_error(e, full_tracebacks(options.verbose))
        return 1


if __name__ == "__main__":
    sys.exit(main())
