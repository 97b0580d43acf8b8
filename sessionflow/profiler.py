"""`tf.profiler` as TF1 programs call it: `profile(graph, run_meta, cmd='scope', options=...)` with the options of
`ProfileOptionBuilder` (trainable_variables_parameter: the parameter count; float_operation: TF's FLOP
counts; time_and_memory: microseconds from a FULL_TRACE RunMetadata's step stats), printing TF's report and
returning TF's GraphNodeProto; `advise` and `write_op_log`.

The view is TF's 'scope' view: the graph's ops arranged by name (`dense/w` under `dense`). A node is shown when
its op is accounted (its types match `account_type_regexes`: `_trainable_variables` for variables that are
trained, else the op type) and its own statistic reaches the option's minimum; a name with no op of its own
(`dense`) is shown when something under it is, with `--` for its own value. FLOPs follow TF's registry:
only the op types below count, and only with fully known shapes.
"""

from __future__ import annotations

import copy
import re
import sys

from .framework.api import export_value, tf_export
from .framework.graph import GraphKeys, get_default_graph
from .io import protos

export_value(("profiler.GraphNodeProto",), protos.GraphNodeProto)
export_value(("profiler.MultiGraphNodeProto",), protos.MultiGraphNodeProto)
export_value(("profiler.AdviceProto",), protos.AdviceProto)
export_value(("profiler.OpLogProto",), protos.OpLogProto)

_BASE = dict(max_depth=10000,  # noqa: C408 - TF's option names as keywords
             min_bytes=0, min_micros=0, min_params=0, min_float_ops=0, min_occurrence=0,
             order_by="name", account_type_regexes=[".*"], start_name_regexes=[".*"], trim_name_regexes=[],
             show_name_regexes=[".*"], hide_name_regexes=[], account_displayed_op_only=True, select=["micros"],
             step=-1, output="stdout")


@tf_export("profiler.ProfileOptionBuilder")
class ProfileOptionBuilder:
    """Builds the options dict of `profile` (TF's keys and defaults)."""

    def __init__(self, options=None):
        self._options = copy.deepcopy(options if options is not None else _BASE)

    @staticmethod
    def trainable_variables_parameter() -> dict:
        options = copy.deepcopy(_BASE)
        options.update(account_type_regexes=["_trainable_variables"], select=["params"])
        return options

    @staticmethod
    def float_operation() -> dict:
        options = copy.deepcopy(_BASE)
        options.update(min_float_ops=1, order_by="float_ops", select=["float_ops"])
        return options

    @staticmethod
    def time_and_memory(min_micros=1, min_bytes=1, min_accelerator_micros=0, min_cpu_micros=0,
                        min_peak_bytes=0, min_residual_bytes=0, min_output_bytes=0) -> dict:
        return {"max_depth": 10000, "min_bytes": min_bytes, "min_peak_bytes": min_peak_bytes,
                "min_residual_bytes": min_residual_bytes, "min_output_bytes": min_output_bytes,
                "min_micros": min_micros, "min_accelerator_micros": min_accelerator_micros,
                "min_cpu_micros": min_cpu_micros, "min_params": 0, "min_float_ops": 0, "min_occurrence": 0,
                "order_by": "micros", "account_type_regexes": [".*"], "start_name_regexes": [".*"],
                "trim_name_regexes": [], "show_name_regexes": [".*"], "hide_name_regexes": [],
                "account_displayed_op_only": True, "select": ["micros", "bytes"], "step": -1, "output": "stdout"}

    def build(self) -> dict:
        return copy.deepcopy(self._options)

    def _set(self, **values) -> ProfileOptionBuilder:
        self._options.update(values)
        return self

    def with_max_depth(self, max_depth):
        return self._set(max_depth=max_depth)

    def with_min_memory(self, min_bytes=0, min_peak_bytes=0, min_residual_bytes=0, min_output_bytes=0):
        return self._set(min_bytes=min_bytes, min_peak_bytes=min_peak_bytes, min_residual_bytes=min_residual_bytes,
                         min_output_bytes=min_output_bytes)

    def with_min_execution_time(self, min_micros=0, min_accelerator_micros=0, min_cpu_micros=0):
        return self._set(min_micros=min_micros, min_accelerator_micros=min_accelerator_micros,
                         min_cpu_micros=min_cpu_micros)

    def with_min_parameters(self, min_params):
        return self._set(min_params=min_params)

    def with_min_occurrence(self, min_occurrence):
        return self._set(min_occurrence=min_occurrence)

    def with_min_float_operations(self, min_float_ops):
        return self._set(min_float_ops=min_float_ops)

    def with_accounted_types(self, account_type_regexes):
        return self._set(account_type_regexes=copy.copy(account_type_regexes))

    def with_node_names(self, start_name_regexes=None, show_name_regexes=None, hide_name_regexes=None,
                        trim_name_regexes=None):
        for key, value in (("start_name_regexes", start_name_regexes), ("show_name_regexes", show_name_regexes),
                           ("hide_name_regexes", hide_name_regexes), ("trim_name_regexes", trim_name_regexes)):
            if value is not None:
                self._options[key] = copy.copy(value)
        return self

    def account_displayed_op_only(self, is_true):
        return self._set(account_displayed_op_only=is_true)

    def with_empty_output(self):
        return self._set(output="none")

    def with_stdout_output(self):
        return self._set(output="stdout")

    def with_file_output(self, outfile):
        return self._set(output=f"file:outfile={outfile}")

    def with_timeline_output(self, timeline_file):
        return self._set(output=f"timeline:outfile={timeline_file}")

    def with_pprof_output(self, pprof_file):
        return self._set(output=f"pprof:outfile={pprof_file}")

    def order_by(self, attribute):
        return self._set(order_by=attribute)

    def select(self, attributes):
        return self._set(select=copy.copy(attributes))

    def with_step(self, step):
        return self._set(step=step)


# --- FLOPs: TF's registry (python/profiler/internal/flops_registry.py and the ops' own registrations) --------

def _count(shape):
    return shape.num_elements() if shape.is_fully_defined() else None


def _unary(per_element):
    return lambda op: None if _count(op.inputs[0].shape) is None else _count(op.inputs[0].shape) * per_element


def _binary(per_element):
    return lambda op: None if _count(op.outputs[0].shape) is None else _count(op.outputs[0].shape) * per_element


def _reduction(reduce_flops, finalize_flops):
    def flops(op):
        n_in, n_out = _count(op.inputs[0].shape), _count(op.outputs[0].shape)
        if n_in is None or n_out is None:
            return None
        return n_in * reduce_flops + n_out * (finalize_flops - reduce_flops)
    return flops


def _matmul(op):
    a, out = op.inputs[0].shape, op.outputs[0].shape
    if not (a.is_fully_defined() and out.is_fully_defined()):
        return None
    dims = a.as_list()
    transposed = op.get_attr("transpose_a" if op.type == "MatMul" else "adj_x")
    k = dims[-2] if transposed else dims[-1]
    return 2 * k * out.num_elements()


def _add_n(op):
    n = _count(op.inputs[0].shape)
    return None if n is None else n * (len(op.inputs) - 1)


def _conv2d(op):
    filt, out = op.inputs[1].shape, op.outputs[0].shape
    if not (filt.is_fully_defined() and out.is_fully_defined()):
        return None
    h, w, depth, _ = filt.as_list()
    return 2 * out.num_elements() * h * w * depth


def _pool(op):
    out = op.outputs[0].shape
    if not out.is_fully_defined():
        return None
    ksize = op.get_attr("ksize")
    area = 1
    for k in ksize:
        area *= k
    return area * out.num_elements()


FLOPS = {name: _unary(1) for name in ("Reciprocal", "Square", "Log", "Neg", "AssignSub", "AssignAdd")}
FLOPS.update({name: _binary(1) for name in (
    "Add", "AddV2", "Sub", "Mul", "RealDiv", "Maximum", "Minimum", "Pow", "GreaterEqual", "Greater", "LessEqual",
    "Less", "Equal", "NotEqual")})
FLOPS.update(Rsqrt=_unary(2), Softmax=_unary(5), RsqrtGrad=_binary(4), SquaredDifference=_binary(2),
             L2Loss=lambda op: None if _count(op.inputs[0].shape) is None else _count(op.inputs[0].shape) * 3 - 1,
             Mean=_reduction(1, 1), Sum=_reduction(1, 0), ArgMax=_reduction(1, 0), ArgMin=_reduction(1, 0),
             BiasAddGrad=_reduction(1, 0), AddN=_add_n, MatMul=_matmul, BatchMatMul=_matmul, BatchMatMulV2=_matmul,
             BatchMatMulV3=_matmul, BiasAdd=lambda op: _count(op.inputs[0].shape), Conv2D=_conv2d,
             AvgPool=_pool, MaxPool=_pool)


# --- the scope view ---------------------------------------------------------------------------------------

class _Node:
    __slots__ = ("children", "count", "name", "op", "shown", "total", "value")

    def __init__(self, name, op=None):
        self.name, self.op, self.value, self.shown, self.children = name, op, 0, False, {}


def _stats(graph, select):
    """op name -> (own value, accounted types) for the selected statistic."""
    trainable = {v.op.name for v in graph.get_collection(GraphKeys.TRAINABLE_VARIABLES)}
    values, incomplete = {}, 0
    for op in graph.get_operations():
        types = {op.type} | ({"_trainable_variables"} if op.name in trainable else set())
        if select == "params":
            shape = op.outputs[0].shape if op.name in trainable and op.outputs else None
            value = _count(shape) or 0 if shape is not None else 0
        else:
            rule = FLOPS.get(op.type)
            value = rule(op) if rule is not None else 0
            if value is None:
                incomplete += 1
                value = 0
        values[op.name] = (value, types)
    return values, incomplete


def _build_tree(graph, options, select):
    values, incomplete = _stats(graph, select)
    root = _Node("_TFProfRoot")
    minimum = options.get("min_params" if select == "params" else "min_float_ops", 0)
    accounted = [re.compile(r) for r in options.get("account_type_regexes", [".*"])]
    for name, (value, types) in values.items():
        node = root
        parts = name.split("/")
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            node = node.children.setdefault(prefix, _Node(prefix))
        node.op = name
        node.value = value
        node.shown = any(r.fullmatch(t) for r in accounted for t in types) and value >= minimum
    return root, incomplete, minimum


def _collapse(node, minimum):
    """The displayed nodes under `node` (hidden ones pass their displayed children up)."""
    shown = []
    for child in node.children.values():
        kids = _collapse(child, minimum)
        visible = child.shown if child.op is not None else (bool(kids) and minimum <= 0)
        if visible:
            child.children = {k.name: k for k in kids}
            shown.append(child)
        else:
            shown.extend(kids)
    return shown


def _finish(node):
    node.total = node.value + sum(_finish(c) for c in node.children.values())
    node.count = 1 + sum(c.count for c in node.children.values())
    return node.total


def _ordered(node, order_by):
    kids = list(node.children.values())
    if order_by in ("float_ops", "params"):
        return sorted(kids, key=lambda n: (-n.total, n.name))
    return sorted(kids, key=lambda n: n.name)


def _to_proto(node, graph, select, order_by, root=False):
    proto = protos.GraphNodeProto(name=node.name)
    if select == "params":
        proto.parameters, proto.total_parameters = node.value, node.total
    else:
        proto.float_ops, proto.total_float_ops = node.value, node.total
        if node.op is not None and not root:
            for i, t in enumerate(graph.get_operation_by_name(node.op).inputs):
                if t.shape.is_fully_defined():
                    proto.input_shapes[i].CopyFrom(protos.shape_to_proto(t.shape))
    for child in _ordered(node, order_by):
        proto.children.add().CopyFrom(_to_proto(child, graph, select, order_by))
    proto.total_definition_count = node.count
    return proto


def _number(n: int) -> str:
    """tfprof's short numbers: 12, 1.23k, 4.50m, 2.00b."""
    if n < 1000:
        return str(n)
    for scale, unit in ((1e9, "b"), (1e6, "m"), (1e3, "k")):
        if n >= scale:
            return f"{n / scale:.2f}{unit}"
    return str(n)


_OPTION_LINES = ("max_depth", "min_bytes", "min_peak_bytes", "min_residual_bytes", "min_output_bytes", "min_micros",
                 "min_accelerator_micros", "min_cpu_micros", "min_params", "min_float_ops", "min_occurrence",
                 "step", "order_by", "account_type_regexes", "start_name_regexes", "trim_name_regexes",
                 "show_name_regexes", "hide_name_regexes", "account_displayed_op_only", "select", "output")

_DOCS = {"params": "param: Number of parameters (in the Variable).",
         "float_ops": "flops: Number of float operations. Note: Please read the implementation for the math "
                      "behind it."}


def _report(root, graph, options, select) -> str:
    lines = ["", "=========================Options============================="]
    for key in _OPTION_LINES:
        value = options.get(key, 0)
        if isinstance(value, list):
            value = ",".join(value)
        elif isinstance(value, bool):
            value = "true" if value else "false"
        lines.append(f"-{key:<27}{value}" + (":" if key == "output" else ""))
    lines += ["", "==================Model Analysis Report======================", "", "", "Doc:",
              ("scope: The nodes in the model graph are organized by their names, which is hierarchical like "
               "filesystem."), _DOCS[select], "", "Profile:",
              f"node name | # {'parameters' if select == 'params' else 'float_ops'}"]
    unit = "params" if select == "params" else "flops"

    def walk(node, depth):
        own = "--" if node.op is None or depth == 0 else _number(node.value)
        shape = ""
        if select == "params" and node.op is not None and depth:
            dims = graph.get_operation_by_name(node.op).outputs[0].shape.as_list()
            shape = "x".join(str(d) for d in dims) + ", "
        lines.append(f"{'  ' * depth}{node.name} ({shape}{own}/{_number(node.total)} {unit})")
        for child in _ordered(node, options.get("order_by", "name")):
            walk(child, depth + 1)

    walk(root, 0)
    lines += ["", "======================End of Report=========================="]
    return "\n".join(lines)


@tf_export("profiler.profile")
def profile(graph=None, run_meta=None, op_log=None, cmd="scope", options=_BASE):
    """TF's profile of `graph` (default graph): a GraphNodeProto of the scope view for the options' selected
    statistic ('params' or 'float_ops'), printed as TF's report when options['output'] is 'stdout'."""
    graph = graph if graph is not None else get_default_graph()
    if cmd != "scope":
        raise ValueError(f"sessionflow's tf.profiler.profile has the 'scope' view only, not {cmd!r}")
    selected = [s for s in options.get("select", []) if s in ("params", "float_ops")]
    if not selected:
        raise ValueError("sessionflow's tf.profiler.profile reports 'params' and 'float_ops' (select one of them); "
                         "for run times use sessionflow explain or tf.RunMetadata's step stats")
    select = selected[0]
    root, incomplete, minimum = _build_tree(graph, options, select)
    root.children = {n.name: n for n in _collapse(root, minimum)}
    _finish(root)
    if select == "float_ops" and incomplete:
        print(f"{incomplete} ops no flops stats due to incomplete shapes.", file=sys.stderr)
    if options.get("output", "stdout") == "stdout":
        print(_report(root, graph, options, select))
    return _to_proto(root, graph, select, options.get("order_by", "name"), root=True)


@tf_export("profiler.advise")
def advise(graph=None, run_meta=None, options=None):
    """TF's advisor report. sessionflow runs no checkers (they read accelerator and op-placement data), so
    the AdviceProto is empty."""
    return protos.AdviceProto()


@tf_export("profiler.write_op_log")
def write_op_log(graph, log_dir, op_log=None, run_meta=None, add_trace=True):
    """Writes `tfprof_log.pb` (an OpLogProto of the graph's ops and their types) into `log_dir`."""
    import os

    from .io import gfile
    log = protos.OpLogProto()
    if op_log is not None:
        log.CopyFrom(op_log)
    trainable = {v.op.name for v in graph.get_collection(GraphKeys.TRAINABLE_VARIABLES)}
    for name in trainable:
        log.log_entries.add(name=name, types=["_trainable_variables"])
    gfile.MakeDirs(log_dir)
    with gfile.GFile(os.path.join(log_dir, "tfprof_log.pb"), "wb") as f:
        f.write(log.SerializeToString())


@tf_export("profiler.Profiler")
class Profiler:
    """TF's multi-step profiler: `add_step(step, run_meta)` then `profile_name_scope(options)` and friends,
    over the graph's scope view (the statistic the options select)."""

    def __init__(self, graph=None, op_log=None):
        self._graph = graph if graph is not None else get_default_graph()

    def add_step(self, step, run_meta):
        return {}

    def profile_name_scope(self, options):
        return profile(self._graph, options=options)

    profile_graph = profile_name_scope

    def profile_operations(self, options):
        raise ValueError("sessionflow's tf.profiler has the scope view only (profile_name_scope)")

    profile_python = profile_operations

    def advise(self, options):
        return advise(self._graph, options=options)

    def serialize_to_string(self) -> bytes:
        return b""
