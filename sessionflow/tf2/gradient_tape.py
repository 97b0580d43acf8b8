"""tf.GradientTape in graph mode: the tape notes which ops are created while it records, and `gradient`
builds tf.gradients over those ops only (ops made outside it, or under `stop_recording`, pass no gradient).

As in TF, a source gets a gradient only when it is watched: tensors through `watch`, variables through
`watch` or, with `watch_accessed_variables=True`, by being read by a recorded op. sessionflow's tape also
accepts reference variables (TF's graph-mode tape takes resource variables only)."""

from __future__ import annotations

import contextlib

from ..framework.api import tf_export
from ..framework.graph import GraphKeys, Tensor, get_default_graph
from ..gradients import UnconnectedGradients, gradients
from ..ops.structure import flatten, pack_sequence_as


def _variables_of(graph) -> list:
    seen, out = set(), []
    for key in (GraphKeys.GLOBAL_VARIABLES, GraphKeys.LOCAL_VARIABLES, "_tape_variables"):
        for v in graph.get_collection(key):
            if id(v) not in seen:
                seen.add(id(v))
                out.append(v)
    return out


def _is_variable(x) -> bool:
    from ..variables import Variable

    return isinstance(x, Variable)


def _variable_tensors(v) -> set:
    return {t for t in (getattr(v, "_variable", None), getattr(v, "_snapshot", None), getattr(v, "_handle", None))
            if t is not None}


@tf_export("GradientTape")
class GradientTape:
    """Records the ops built inside `with tf.GradientTape() as tape:`; `tape.gradient(target, sources)`."""

    def __init__(self, persistent: bool = False, watch_accessed_variables: bool = True):
        self._persistent = persistent
        self._watch_accessed_variables = watch_accessed_variables
        self._graph = None
        self._ranges: list[list[int]] = []  # [start, end) op ids recorded; end None while open
        self._watched_tensors: list[Tensor] = []
        self._watched_variables: list = []
        self._used = False
        self._recording = False

    def __enter__(self):
        self._graph = get_default_graph()
        self._push()
        return self

    def __exit__(self, *exc):
        if self._recording:
            self._pop()

    def _push(self):
        self._ranges.append([self._graph.version, None])
        self._recording = True

    def _pop(self):
        self._ranges[-1][1] = self._graph.version
        self._recording = False

    @contextlib.contextmanager
    def stop_recording(self):
        """Ops built inside are not recorded (no gradient flows through them)."""
        if not self._recording:
            raise ValueError("Tape must be recording when the stop_recording context is entered")
        self._pop()
        try:
            yield
        finally:
            self._push()

    def reset(self):
        """Forgets what was recorded; the tape records from here on."""
        self._ranges = [[self._graph.version, None]] if self._recording else []
        self._watched_tensors, self._watched_variables = [], []

    def watch(self, tensor):
        """Marks tensors (or variables, or a structure of them) as sources whose gradients are wanted."""
        for t in flatten(tensor):
            if _is_variable(t):
                if all(t is not v for v in self._watched_variables):
                    self._watched_variables.append(t)
            elif isinstance(t, Tensor):
                if not t.dtype.is_floating and not t.dtype.is_complex:
                    continue  # as TF (which logs a warning): only floating tensors are watched
                self._watched_tensors.append(t)
            else:
                raise ValueError(f"Passed in object {t} of type '{type(t).__name__}', not tf.Tensor or "
                                 "tf.Variable or ExtensionType.")

    @contextlib.contextmanager
    def _also_record(self):
        """Records the ops built inside (the slices jacobian takes of a target), recording or not."""
        start = self._graph.version
        try:
            yield
        finally:
            self._ranges.insert(0, [start, self._graph.version])

    def _recorded(self, op) -> bool:
        return any(start <= op._id and (end is None or op._id < end) for start, end in self._ranges)

    def watched_variables(self) -> tuple:
        """The variables watched explicitly, then those recorded ops read (first read first)."""
        out = list(self._watched_variables)
        if self._watch_accessed_variables and self._graph is not None:
            owners = {}
            for v in _variables_of(self._graph):
                for t in _variable_tensors(v):
                    owners.setdefault(t, v)
            for op in self._graph.get_operations():
                if not self._recorded(op):
                    continue
                for t in op.inputs:
                    v = owners.get(t)
                    if v is not None and all(v is not w for w in out):
                        out.append(v)
        return tuple(out)

    def _is_watched(self, source, variables) -> bool:
        if _is_variable(source):
            return any(source is v for v in variables)
        return any(source is t for t in self._watched_tensors)

    def gradient(self, target, sources, output_gradients=None, unconnected_gradients=UnconnectedGradients.NONE):
        """d(target)/d(source) for each source (a structure like `sources`), through the recorded ops only."""
        if self._graph is None:
            raise RuntimeError("A GradientTape must be entered (`with tf.GradientTape() as tape:`) before "
                               "computing gradients.")
        if self._used and not self._persistent:
            raise RuntimeError("A non-persistent GradientTape can only be used to compute one set of gradients "
                               "(or jacobians)")
        self._used = True
        flat_sources = flatten(sources)
        targets = flatten(target)
        variables = self.watched_variables()
        watched = [s for s in flat_sources if self._is_watched(s, variables)]
        unconnected = UnconnectedGradients(unconnected_gradients)
        results = {}
        if watched:
            blocked = [op for op in self._graph.get_operations()
                       if not self._recorded(op) and op.type not in ("VariableV2", "VarHandleOp")
                       and not any(t in op.outputs for s in watched for t in _source_tensors(s))]
            grads = gradients(targets, watched, grad_ys=None if output_gradients is None else flatten(
                output_gradients), stop_gradients=blocked, unconnected_gradients=unconnected)
            results = {id(s): g for s, g in zip(watched, grads)}
        out = []
        for s in flat_sources:
            g = results.get(id(s))
            if g is None and unconnected is UnconnectedGradients.ZERO:
                from ..ops.array import zeros_like

                g = zeros_like(s.value() if _is_variable(s) else s)
            out.append(g)
        return pack_sequence_as(sources, out)

    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE, parallel_iterations=None,
                 experimental_use_pfor=True):
        """The full Jacobian: shape target.shape + source.shape (target's size must be known statically)."""
        from ..ops.array import reshape, stack

        target = _as_tensor(target)
        size = target.shape.num_elements()
        if size is None:
            raise ValueError(f"sessionflow computes GradientTape.jacobian for a target of known size only, got "
                             f"{target.shape}")
        flat_sources = flatten(sources)
        with self._also_record():
            flat_target = reshape(target, [-1])
            elements = [flat_target[i] for i in range(size)]
        rows = [self._element_gradients(e, flat_sources, unconnected_gradients) for e in elements]
        self._used = True
        out = []
        for j, s in enumerate(flat_sources):
            column = [row[j] for row in rows]
            if any(g is None for g in column):
                out.append(None)
                continue
            out.append(reshape(stack(column), target.shape.concatenate(_as_tensor(s).shape).as_list()))
        return pack_sequence_as(sources, out)

    def batch_jacobian(self, target, source, unconnected_gradients=UnconnectedGradients.NONE,
                       parallel_iterations=None, experimental_use_pfor=True):
        """Per-example Jacobians: [batch] + target.shape[1:] + source.shape[1:] (rows are independent)."""
        from ..ops.array import reshape, stack

        target = _as_tensor(target)
        inner = target.shape[1:].num_elements()
        batch = target.shape.as_tuple()[0]
        if inner is None:
            raise ValueError(f"sessionflow computes GradientTape.batch_jacobian for a target of known shape past "
                             f"the batch only, got {target.shape}")
        from ..ops.reduction import reduce_sum

        with self._also_record():
            rows = reshape(target, [-1 if batch is None else batch, inner])
            sums = [reduce_sum(rows[:, j]) for j in range(inner)]
        columns = [self._element_gradients(e, [source], unconnected_gradients)[0] for e in sums]
        self._used = True
        if any(g is None for g in columns):
            return None
        src_shape = _as_tensor(source).shape
        result = stack(columns, axis=1)
        return reshape(result, [-1 if batch is None else batch] + target.shape[1:].as_list()
                       + src_shape[1:].as_list())

    def _element_gradients(self, element, sources, unconnected_gradients):
        persistent, self._persistent = self._persistent, True
        try:
            return self.gradient(element, sources, unconnected_gradients=unconnected_gradients)
        finally:
            self._persistent = persistent


def _as_tensor(x):
    return x.value() if _is_variable(x) else x


def _source_tensors(s) -> set:
    return _variable_tensors(s) if _is_variable(s) else {s}
