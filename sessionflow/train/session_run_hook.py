"""The hook interface of the TF1 training loop (`tf.train.SessionRunHook`) and the records a
MonitoredSession passes to hooks around each `run` (`SessionRunArgs`, `SessionRunContext`,
`SessionRunValues`). MonitoredSession itself is in monitored_session.py; the stock hooks in
basic_hooks.py."""

from __future__ import annotations

import collections

from ..framework.api import tf_export


@tf_export("train.SessionRunHook")
class SessionRunHook:
    """Extends `MonitoredSession.run()`. The session calls, in this order: `begin()` once before the
    session exists (the graph may still change), `after_create_session(session, coord)` once the
    session is created and initialized (and after each re-creation), then around every `run`
    `before_run(run_context)` (may return `SessionRunArgs` to add fetches, feeds or options) and
    `after_run(run_context, run_values)`, and `end(session)` when the session closes normally."""

    def begin(self):
        pass

    def after_create_session(self, session, coord):
        pass

    def before_run(self, run_context):
        return None

    def after_run(self, run_context, run_values):
        pass

    def end(self, session):
        pass


@tf_export("train.SessionRunArgs")
class SessionRunArgs(collections.namedtuple("SessionRunArgs", ["fetches", "feed_dict", "options"])):
    """What a hook adds to a `run`: fetches (any structure Session.run takes), a feed_dict, RunOptions."""

    def __new__(cls, fetches, feed_dict=None, options=None):
        return super().__new__(cls, fetches, feed_dict, options)


@tf_export("train.SessionRunContext")
class SessionRunContext:
    """The caller's `run` arguments and the session, handed to each hook's before_run/after_run; a hook
    asks the loop to end with `request_stop()`."""

    def __init__(self, original_args, session):
        self._original_args = original_args
        self._session = session
        self._stop_requested = False

    @property
    def original_args(self):
        return self._original_args

    @property
    def session(self):
        return self._session

    @property
    def stop_requested(self):
        return self._stop_requested

    def request_stop(self):
        self._stop_requested = True


@tf_export("train.SessionRunValues")
class SessionRunValues(collections.namedtuple("SessionRunValues", ["results", "options", "run_metadata"])):
    """What a hook gets back: the values of the fetches it asked for, the run's options and metadata."""
