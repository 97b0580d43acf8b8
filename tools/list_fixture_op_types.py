"""Lists every op type the graph files under tests/ use (GraphDefs .pb/.pbtxt, MetaGraphs .meta, SavedModels'
saved_model.pb, function libraries included) and checks that sessionflow registers each one:

    python tools/list_fixture_op_types.py            # one line per op type: the type, how many files use it
    python tools/list_fixture_op_types.py --check    # exit status 1 and the missing types if any is unregistered

The fixtures are TF 1.x-style and TF 2.21 graphs recorded from TensorFlow (v1 control flow, frozen models,
queue pipelines, SavedModels), so this is the list of op versions a TF-written model file may hold that
sessionflow has been shown to import. tests/io/test_fixture_op_types.py runs the check.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_SUFFIXES = (".pb", ".pbtxt", ".meta")


def graph_files(root: str = os.path.join(ROOT, "tests")) -> list[str]:
    found = []
    for folder, _, names in os.walk(root):
        found += [os.path.join(folder, n) for n in names if n.endswith(_SUFFIXES)]
    return sorted(found)


def _graph_defs(path: str):
    """The GraphDefs a file holds (one, or one per MetaGraphDef of a SavedModel)."""
    from google.protobuf import text_format
    from google.protobuf.message import DecodeError

    from sessionflow.io import protos

    with open(path, "rb") as f:
        data = f.read()
    kinds = [protos.SavedModel, protos.MetaGraphDef, protos.GraphDef] if os.path.basename(path).startswith(
        "saved_model") else [protos.MetaGraphDef, protos.GraphDef] if path.endswith(".meta") else [protos.GraphDef]
    for kind in kinds:
        message = kind()
        try:
            if path.endswith(".pbtxt"):
                text_format.Parse(data.decode("utf-8"), message, allow_unknown_field=True)
            else:
                message.ParseFromString(data)
        except (DecodeError, text_format.ParseError, UnicodeDecodeError):
            continue
        if isinstance(message, protos.SavedModel):
            return [m.graph_def for m in message.meta_graphs]
        if isinstance(message, protos.MetaGraphDef):
            return [message.graph_def]
        return [message]
    raise ValueError(f"{path}: not a GraphDef, MetaGraphDef or SavedModel")


def op_types(paths) -> dict[str, set]:
    """{op type: the files that use it}."""
    used = collections.defaultdict(set)
    for path in paths:
        for graph in _graph_defs(path):
            nodes = list(graph.node)
            for function in graph.library.function:
                nodes += list(function.node_def)
            for node in nodes:
                used[node.op].add(os.path.relpath(path, ROOT))
    return dict(used)


def unregistered(used: dict) -> list[str]:
    import sessionflow  # noqa: F401 - registers every op
    from sessionflow.framework.registry import REGISTRY
    from sessionflow.io.graph_def import IMPORTED_AS

    return sorted(t for t in used if IMPORTED_AS.get(t, t) not in REGISTRY)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if an op type is not registered")
    args = parser.parse_args()
    sys.path.insert(0, ROOT)
    used = op_types(graph_files())
    missing = unregistered(used)
    if args.check:
        for name in missing:
            print(f"unregistered: {name} (in {', '.join(sorted(used[name]))})")
        return 1 if missing else 0
    for name in sorted(used):
        print(f"{name:40s} {len(used[name]):3d} file(s){'   NOT REGISTERED' if name in missing else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
