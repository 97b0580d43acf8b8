"""Partial runs: `Session.partial_run_setup(fetches, feeds)` and `Session.partial_run(handle, fetches, feed_dict)`.

One logical run spread over several calls, as TF executes it: each call feeds some of the declared feeds and
fetches some of the declared fetches, and every op runs at most once over all the calls (an assign on the way
to the first fetch does not run again for the second). A call runs only the ops its fetches need that no
earlier call ran, as a plan scoped to them (runtime/plan.py's `scope`): the values earlier calls computed
enter it as feeds, and what it computes is kept for later calls. Ops without inputs that only name a
variable or hold a constant are not "run" in this sense and are read again wherever needed. The handle is
gone once every declared feed has been fed and every declared fetch fetched, as in TF.

Partial runs execute on the NumPy interpreter whatever the session's backend (they are rare and short), and
not in graphs of TF 1.x control flow (Switch/Merge), which TF runs on its dataflow executor.
"""

from __future__ import annotations

import collections
import itertools
import threading

from ..framework import errors
from ..framework.graph import Tensor
from .backends.numpy import NumpyExecutable
from .plan import NeedsDataflow, build_plan

_NOT_SET_UP = "Must run 'setup' before performing partial runs!"
_COUNTER = itertools.count(1)


class PartialRun:
    """The state of one partial run: what was declared, fed, fetched and computed so far."""

    def __init__(self, fetches: list, feeds: list):
        self.fetches = list(dict.fromkeys(f for f in fetches if isinstance(f, Tensor)))  # in the order given
        self.feeds = list(dict.fromkeys(feeds))
        self.fed: set = set()
        self.fetched: set = set()
        self.values: dict = {}  # Tensor -> the value a call fed or computed
        self.ran: set = set()  # ops some call executed
        self.lock = threading.Lock()

    def done(self) -> bool:
        return len(self.fed) == len(self.feeds) and len(self.fetched) == len(self.fetches)


def handle_for(run: PartialRun) -> str:
    """A handle string in TF's shape: the feeds, the fetches and a counter."""
    return (f"{','.join(t.name for t in run.feeds)}->{','.join(t.name for t in run.fetches)}"
            f"//1/;{next(_COUNTER)}")


def _rerunnable(op) -> bool:
    """An op a later call may execute again: no inputs, and only a constant or a variable's reference."""
    opdef = op.opdef
    return not op.inputs and (opdef.ref_key is not None or (opdef.static_value is not None and not opdef.stateful))


def _ops_to_run(run: PartialRun, leaves: list, known: dict) -> list:
    """The ops `leaves` need that no call ran yet, in creation order, given the `known` values.
    InvalidArgumentError for a declared feed not fed yet that they need: the first one met walking back
    from the fetches breadth first, inputs in order, as TF names it."""
    pending = {t for t in run.feeds if t not in known}
    needed, queue = set(), collections.deque(t.op for t in leaves if t not in known)
    while queue:
        op = queue.popleft()
        if op in needed or op in run.ran:
            continue
        needed.add(op)
        for t in op.inputs:
            if t in pending:
                raise errors.InvalidArgumentError(
                    None, t.op, f"Fetch {t.name} can't be computed from the feeds that have been fed so far.")
            if t not in known:
                queue.append(t.op)
        queue.extend(c for c in op.control_inputs if c not in run.ran)
    return sorted(needed, key=lambda o: o._id)


def _check_new(tensors, declared, done, kind: str, past: str) -> None:
    """TF's InvalidArgumentError for a feed (fetch) the setup did not declare, or that an earlier call fed
    (fetched)."""
    for tensor in tensors:
        if tensor not in declared:
            raise errors.InvalidArgumentError(
                None, None, f"The {kind} {tensor.name} was not specified in partial_run_setup.")
        if tensor in done:
            raise errors.InvalidArgumentError(None, None, f"The {kind} {tensor.name} has already been {past}.")


def partial_run(session, run: PartialRun, leaves: list, feeds: dict) -> list:
    """Feeds `feeds`, computes the values of `leaves` (Tensors) and keeps what later calls may read."""
    _check_new(feeds, run.feeds, run.fed, "feed", "fed")
    _check_new(leaves, run.fetches, run.fetched, "fetch", "fetched")
    known = dict(run.values)
    known.update(feeds)
    ops = _ops_to_run(run, leaves, known)
    scope = set(ops)
    kept = [t for op in ops if not _rerunnable(op) for t in op.outputs]  # what later calls may read
    wanted = list(dict.fromkeys([t for t in leaves if t not in known] + kept))
    read = {t for op in ops for t in op.inputs}
    entering = {t: v for t, v in known.items() if t in read}
    try:
        plan = build_plan(wanted, entering, scope=scope)
    except NeedsDataflow as e:
        raise errors.UnimplementedError(None, None, "partial_run of a graph with TF 1.x control flow (Switch, "
                                                    "Merge) is not supported") from e
    values = dict(zip(wanted, NumpyExecutable(plan, session._store).run(entering) if wanted else ()))
    run.values.update(feeds)
    run.values.update(values)
    run.ran.update(op for op in ops if not _rerunnable(op))
    run.fed.update(feeds)
    run.fetched.update(leaves)
    return [run.values[t] for t in leaves]


def check_leaves(leaves) -> list:
    """The fetch leaves of a partial_run call: Tensors only (TF refuses target operations there)."""
    targets = [leaf for leaf in leaves if not isinstance(leaf, Tensor)]
    if targets:
        listed = ", ".join(f"<tf.Operation '{op.name}' type={op.type}>" for op in targets)
        raise RuntimeError(f"partial_run() requires empty `target_list`. Received: target_list=[{listed}] "
                           "(non-empty)")
    return list(leaves)


def not_set_up() -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(None, None, _NOT_SET_UP)
