"""`sessionflow inspect EXPORT_DIR`: a SavedModel's tag sets, signatures and ops, printed as TensorFlow's
`saved_model_cli show --all --dir EXPORT_DIR` prints them (the op set sorted, where TF prints a Python set
in hash order)."""

from __future__ import annotations

import sys


def _dtype_name(enum: int) -> str:
    from ..io import protos

    return protos.DataType.Name(enum)


def _tensor_info_lines(info, indent: str) -> list[str]:
    shape = info.tensor_shape
    dims = "unknown_rank" if shape.unknown_rank else "(" + ", ".join(str(d.size) for d in shape.dim) + ")"
    return [f"{indent}    dtype: {_dtype_name(info.dtype)}", f"{indent}    shape: {dims}", f"{indent}    name: {info.name}"]


def _ops(meta_graph_def) -> list[str]:
    names = {node.op for node in meta_graph_def.graph_def.node}
    for function in meta_graph_def.graph_def.library.function:
        names.update(node.op for node in function.node_def)
    return sorted(names)


def show_all(export_dir: str, out=None) -> None:
    """Prints every MetaGraphDef of the SavedModel at `export_dir` (sorted by tags) with its signatures."""
    from ..saved_model.loader import parse_saved_model

    out = out or sys.stdout
    saved_model = parse_saved_model(export_dir)
    for meta in sorted(saved_model.meta_graphs, key=lambda m: list(m.meta_info_def.tags)):
        tags = list(meta.meta_info_def.tags)
        print(f"\nMetaGraphDef with tag-set: '{', '.join(tags)}' contains the following SignatureDefs:", file=out)
        for key in sorted(meta.signature_def):
            signature = meta.signature_def[key]
            lines = [f"\nsignature_def['{key}']:",
                     "  The given SavedModel SignatureDef contains the following input(s):"]
            for name, info in sorted(signature.inputs.items()):
                lines.append(f"    inputs['{name}'] tensor_info:")
                lines += _tensor_info_lines(info, "    ")
            lines.append("  The given SavedModel SignatureDef contains the following output(s):")
            for name, info in sorted(signature.outputs.items()):
                lines.append(f"    outputs['{name}'] tensor_info:")
                lines += _tensor_info_lines(info, "    ")
            lines.append(f"  Method name is: {signature.method_name}")
            print("\n".join(lines), file=out)
        ops = "{" + ", ".join(repr(name) for name in _ops(meta)) + "}"
        print(f"The MetaGraph with tag set {tags} contains the following ops: {ops}", file=out)
