"""The session's resources (queues, iterators, tables live here) and blocking kernels' waits."""

import threading
import time
import types

import pytest

import sessionflow as tf
from sessionflow.runtime.state import OpContext, VariableStore, run_deadline


def _context(store, name="op"):
    return OpContext(store, types.SimpleNamespace(name=name, attrs={}))


class _Cancellable:
    def __init__(self):
        self.cancelled = False

    def cancel(self):
        self.cancelled = True


def test_a_resource_is_made_once_even_when_threads_race():
    store = VariableStore()
    made = []

    def make():
        made.append(1)
        time.sleep(0.01)
        return object()

    found = []
    threads = [threading.Thread(target=lambda: found.append(_context(store).resource("q", make)))
               for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(made) == 1 and len({id(r) for r in found}) == 1


def test_a_missing_resource_is_not_found_and_deleting_cancels_it():
    store = VariableStore()
    ctx = _context(store)
    with pytest.raises(tf.errors.NotFoundError, match="Resource localhost/table does not exist"):
        ctx.resource("table")
    queue = ctx.resource("queue", _Cancellable)
    ctx.delete_resource("queue")
    assert queue.cancelled
    with pytest.raises(tf.errors.NotFoundError):
        ctx.delete_resource("queue")


def test_wait_until_gives_up_at_the_runs_deadline():
    ctx = _context(VariableStore())
    condition = threading.Condition()
    start = time.monotonic()
    with condition, run_deadline(60):
        with pytest.raises(tf.errors.DeadlineExceededError, match="Timed out waiting for notification"):
            ctx.wait_until(condition, lambda: False)
    assert time.monotonic() - start < 5


def test_closing_the_store_cancels_resources_and_wakes_waiters():
    store = VariableStore()
    ctx = _context(store)
    resource = ctx.resource("queue", _Cancellable)
    condition = threading.Condition()
    outcome = []

    def wait():
        with condition:
            try:
                ctx.wait_until(condition, lambda: False)
            except tf.errors.CancelledError as e:
                outcome.append(e)

    waiter = threading.Thread(target=wait)
    waiter.start()
    time.sleep(0.05)
    store.close()
    waiter.join(5)
    assert not waiter.is_alive() and len(outcome) == 1 and resource.cancelled
    assert store.resources == {}


def test_session_close_cancels_its_resources():
    sess = tf.Session(graph=tf.Graph())
    resource = _context(sess._store).resource("queue", _Cancellable)
    sess.close()
    assert resource.cancelled
