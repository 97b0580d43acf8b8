"""The `sessionflow` command.

    sessionflow run SCRIPT [ARGS...]        run a TF1 script with `import tensorflow` aliased here
    sessionflow explain [OPTIONS] SCRIPT [ARGS...]
                                            run it and explain every sess.run call (tools/explain_report.py)
    sessionflow graph --output FILE [OPTIONS] SCRIPT [ARGS...]
                                            run it and draw its graph (.html, .dot, .svg, .png)
    sessionflow --version

Options come before SCRIPT; everything after SCRIPT is passed to the script.
"""

from __future__ import annotations

import argparse
import json
import os
import runpy
import sys
import traceback


def run_script(script: str, args: list[str]) -> None:
    """Runs a TF1 script as `__main__` with `import tensorflow` resolving to sessionflow."""
    from ..compat import alias

    if not os.path.isfile(script):
        raise SystemExit(f"sessionflow: can't open file {script!r}: no such file")
    alias.install()
    sys.argv = [script, *args]
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    runpy.run_path(script, run_name="__main__")


def _run_traced(script: str, args: list[str], label: str):
    """Runs `script` under an explain trace, with a progress indicator on a terminal.
    Returns (trace, exit status, formatted traceback of an uncaught exception or None)."""
    from .. import explain
    from .progress import Progress

    if not os.path.isfile(script):
        raise SystemExit(f"sessionflow: can't open file {script!r}: no such file")
    progress = Progress(f"{label} {os.path.basename(script)}")
    trace = explain.trace(base_dir=os.path.dirname(os.path.abspath(script)),
                          on_run=lambda record: progress.update(f"{record.index} sess.run calls"))
    trace.script = script
    status, failure = 0, None
    try:
        with trace:
            run_script(script, args)
    except SystemExit as e:
        status = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        if e.code is not None and not isinstance(e.code, int):
            failure = f"{e.code}\n"
    except BaseException:  # noqa: BLE001 - the script's own error: reported after the explanation
        status = 1
        failure = traceback.format_exc()
    finally:
        progress.close()
        sys.stdout.flush()
    return trace, status, failure


def _explain(options) -> int:
    trace, status, failure = _run_traced(options.script, options.args, "explaining")
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
    if failure:
        sys.stderr.write(f"\nThe script raised (after the runs explained above):\n{failure}")
    return status


_GRAPH_FILE_SUFFIXES = (".pb", ".pbtxt", ".meta")


def _graph_from_file(path: str):
    """A Graph holding a saved GraphDef (.pb, .pbtxt) or MetaGraphDef (.meta), ops named as saved."""
    from ..framework.graph import Graph
    from ..io.graph_def import import_graph_def, read_graph_def
    from ..io.meta_graph import import_meta_graph

    graph = Graph()
    with graph.as_default():
        if path.endswith(".meta"):
            import_meta_graph(path)
        else:
            import_graph_def(read_graph_def(path), name="")
    return graph


def _graph(options) -> int:
    from . import graph_render
    from .progress import Progress

    fmt = graph_render.format_for(options.output)
    if options.script.endswith(_GRAPH_FILE_SUFFIXES):
        graph, runs, status = _graph_from_file(options.script), [], 0
    else:
        trace, status, failure = _run_traced(options.script, options.args, "running")
        if failure:
            sys.stderr.write(failure)
        graph, runs = graph_render.graph_and_runs(trace, options.run)
    if options.trace:
        with open(options.trace, encoding="utf-8") as f:
            runs = graph_render.runs_from_json(json.load(f))
    highlight = options.run if options.run is not None else None
    with Progress(f"drawing {os.path.basename(options.output)}") as progress:
        progress.update(f"{len(graph.get_operations())} ops")
        title = os.path.basename(options.script)
        graph_render.write(graph, options.output, fmt, runs=runs, highlight=highlight, title=title,
                           base_dir=os.path.dirname(os.path.abspath(options.script)))
    print(f"sessionflow: wrote {options.output} ({len(graph.get_operations())} ops, {len(runs)} runs)",
          file=sys.stderr)
    return status


def _take_trailing_output(options, parser) -> None:
    """`sessionflow graph model.pb --output g.html` works too: --output may follow a graph file (for a
    script, everything after it belongs to the script)."""
    args = options.args
    if options.output is None and options.script.endswith(_GRAPH_FILE_SUFFIXES):
        for flag in ("--output", "-o"):
            if flag in args[:-1]:
                i = args.index(flag)
                options.output = args[i + 1]
                options.args = args[:i] + args[i + 2:]
                break
    if options.output is None:
        parser.error("the following arguments are required: --output/-o")


def _parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="sessionflow", description="Run TensorFlow 1.x programs on sessionflow.")
    parser.add_argument("--version", action="version", version=f"sessionflow {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser("run", help="run a TF1 script with `import tensorflow` aliased to sessionflow")
    run.add_argument("script", help="the Python script to run")
    run.add_argument("args", nargs=argparse.REMAINDER, help="arguments passed to the script")

    explain = commands.add_parser(
        "explain", help="run a TF1 script and explain what every sess.run call did",
        description="Runs SCRIPT (as `sessionflow run` does), then prints, for every sess.run call: where it "
                    "was made, what it fetched and fed, the ops that executed in order, and every variable "
                    "it set, from what value to what value, and by which op. Options go before SCRIPT.")
    explain.add_argument("--run", action="append", metavar="N",
                         help="explain only run N (numbered from 1; '2-5' and '1,4' work; repeatable)")
    explain.add_argument("--match", metavar="TEXT",
                         help="explain only runs whose call line, ops or variables mention TEXT")
    explain.add_argument("--ops", action="store_true", help="list every executed op, even in long runs")
    explain.add_argument("--json", metavar="FILE", help="also write the trace as JSON to FILE")
    explain.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
    explain.add_argument("script", help="the Python script to run")
    explain.add_argument("args", nargs=argparse.REMAINDER, help="arguments passed to the script")

    graph = commands.add_parser(
        "graph", help="draw the graph of a TF1 script or a saved .pb/.pbtxt/.meta (HTML, DOT, SVG or PNG)",
        description="Runs SCRIPT and writes a picture of the graph its sessions ran. .html is a self-contained "
                    "interactive page (name scopes collapse and expand; hover for types, shapes and dtypes; "
                    "pick a run to highlight its ops); .dot is Graphviz; .svg/.png need Graphviz's `dot`.")
    graph.add_argument("--output", "-o", metavar="FILE",
                       help="the file to write: .html, .dot, .svg or .png")
    graph.add_argument("--run", type=int, metavar="N", help="highlight the ops of run N (and draw its graph)")
    graph.add_argument("--trace", metavar="FILE", help="runs to offer for highlighting, from `explain --json`")
    graph.add_argument("script", help="the Python script to run, or a GraphDef (.pb, .pbtxt) or MetaGraphDef (.meta)")
    graph.add_argument("args", nargs=argparse.REMAINDER, help="arguments passed to the script")

    from .inspect_checkpoint import add_inspect_command

    add_inspect_command(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    options = parser.parse_args(argv)
    if options.command == "run":
        run_script(options.script, options.args)
        return 0
    if options.command == "explain":
        return _explain(options)
    if options.command == "graph":
        _take_trailing_output(options, parser)
        try:
            return _graph(options)
        except (ValueError, RuntimeError) as e:
            parser.error(str(e))
    if options.command == "inspect":
        return options.run(options)
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
