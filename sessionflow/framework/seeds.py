"""Graph-level and op-level random seeds, resolved exactly as TensorFlow 1.x resolves them.

See shared/spec/random.md section 2: `get_seed(op_seed)` gives the `(seed, seed2)` attrs of a random
op from the graph seed (`tf.set_random_seed`) and the op's own seed, using a per-graph counter when
only the graph seed is set.
"""

from __future__ import annotations

import contextlib

from .graph import get_default_graph

DEFAULT_GRAPH_SEED = 87654321
_MAXINT32 = 2**31 - 1


def _truncate(seed: int) -> int:
    return int(seed) % _MAXINT32


def set_random_seed(seed):
    """Sets the graph-level seed of the default graph (`None` clears it)."""
    get_default_graph().seed = seed


def get_seed(op_seed, advance=True):
    """The (seed, seed2) pair for a random op created now in the default graph; (None, None) when
    neither seed is set, which makes the kernel seed itself non-deterministically. `advance=False`
    reads the pair without taking an op seed from the graph's counter (for code that is not an op,
    such as the MNIST tutorial loader, which must not shift the seeds of the ops made after it)."""
    graph = get_default_graph()
    graph_seed = graph.seed
    if graph_seed is not None:
        if op_seed is None:
            op_seed = graph._seed_counter
            if advance:
                graph._seed_counter += 1
        seeds = (_truncate(graph_seed), _truncate(op_seed))
    elif op_seed is not None:
        seeds = (DEFAULT_GRAPH_SEED, _truncate(op_seed))
    else:
        return None, None
    if seeds == (0, 0):
        return 0, _MAXINT32
    return seeds


@contextlib.contextmanager
def function_op_seeds(graph):
    """Op seeds inside a function: TF builds each cond branch, a loop's cond and its body, and a
    dataset function in a graph of its own, whose counter of op seeds starts at 0; the enclosing
    graph's counter is where it was afterwards (ops made in the function do not advance it)."""
    outer = graph._outer_seed_counters
    outer.append(graph._seed_counter)
    graph._seed_counter = 0
    try:
        yield
    finally:
        graph._seed_counter = outer.pop()


@contextlib.contextmanager
def graph_op_seeds(graph):
    """Op seeds of ops lifted out of every function being built (tf.init_scope: variable initializers made
    in a loop body or a cond branch): TF builds them in the outermost graph, from its counter."""
    outer = graph._outer_seed_counters
    if not outer:
        yield
        return
    inner, graph._seed_counter = graph._seed_counter, outer[0]
    try:
        yield
    finally:
        outer[0], graph._seed_counter = graph._seed_counter, inner
