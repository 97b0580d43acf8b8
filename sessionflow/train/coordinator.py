"""`tf.train.Coordinator` and `tf.train.LooperThread`: stopping a set of threads together and
re-raising, in the joining thread, the first exception one of them reported (TF's behaviour)."""

from __future__ import annotations

import contextlib
import sys
import threading
import time

from ..framework import errors
from ..framework.api import tf_export
from .._behaviour import logging


@tf_export("train.Coordinator")
class Coordinator:
    """Threads call `should_stop()` in their loops; any of them may `request_stop(ex)`; `join()` waits
    for them (a grace period after the stop request) and raises the first reported exception.
    Exceptions of `clean_stop_exception_types` (OutOfRangeError by default) stop without an error."""

    def __init__(self, clean_stop_exception_types=None):
        if clean_stop_exception_types is None:
            clean_stop_exception_types = (errors.OutOfRangeError,)
        self._clean_stop_exception_types = tuple(clean_stop_exception_types)
        self._lock = threading.Lock()
        self._stop_event = threading.Event()
        self._exc_info_to_raise = None
        self._joined = False
        self._registered_threads: set = set()

    def _filter_exception(self, ex):
        error = ex[1] if isinstance(ex, tuple) else ex
        return None if isinstance(error, self._clean_stop_exception_types) else ex

    def request_stop(self, ex=None):
        """Asks the threads to stop. `ex` (an exception or an exc_info tuple) is kept for `join()` when it
        is the first one reported; after `join()`, reporting one raises it at once."""
        with self._lock:
            ex = self._filter_exception(ex)
            if self._joined:
                if isinstance(ex, tuple):
                    raise ex[1]
                if ex is not None:
                    raise ex
            if self._stop_event.is_set():
                return
            if ex and self._exc_info_to_raise is None:
                if isinstance(ex, tuple):
                    logging.info("Error reported to Coordinator: %s", ex[1])
                    self._exc_info_to_raise = ex
                else:
                    logging.info("Error reported to Coordinator: %s, %s", type(ex), ex)
                    info = sys.exc_info()
                    self._exc_info_to_raise = info if info[1] is ex else (type(ex), ex, ex.__traceback__)
            self._stop_event.set()

    def clear_stop(self):
        """Forgets the stop request and the reported exception (threads may be started again)."""
        with self._lock:
            self._joined = False
            self._exc_info_to_raise = None
            self._stop_event.clear()

    def should_stop(self) -> bool:
        return self._stop_event.is_set()

    @contextlib.contextmanager
    def stop_on_exception(self):
        """A context manager reporting any exception raised inside it with `request_stop`."""
        try:
            yield
        except BaseException:
            self.request_stop(ex=sys.exc_info())

    def wait_for_stop(self, timeout=None) -> bool:
        """Waits until a stop is requested (at most `timeout` seconds); whether it was."""
        return self._stop_event.wait(timeout)

    def register_thread(self, thread) -> None:
        """Adds a thread that `join()` waits for."""
        with self._lock:
            self._registered_threads.add(thread)

    def join(self, threads=None, stop_grace_period_secs=120, ignore_live_threads=False):
        """Waits for the registered threads and `threads`: until they end or a stop is requested, then
        up to `stop_grace_period_secs` more. Raises the first reported exception; else, for threads still
        alive, RuntimeError (or only logs them with `ignore_live_threads`)."""
        with self._lock:
            threads = list(self._registered_threads if threads is None
                           else self._registered_threads.union(set(threads)))
        while any(t.is_alive() for t in threads) and not self.wait_for_stop(1.0):
            pass
        wait = 0.001
        while any(t.is_alive() for t in threads) and stop_grace_period_secs >= 0.0:
            time.sleep(wait)
            stop_grace_period_secs -= wait
            wait = max(min(2 * wait, stop_grace_period_secs), 0.001)
        stragglers = [t.name for t in threads if t.is_alive()]
        with self._lock:
            self._joined = True
            self._registered_threads = set()
            if self._exc_info_to_raise:
                raise self._exc_info_to_raise[1]
            if stragglers:
                if ignore_live_threads:
                    logging.info("Coordinator stopped with threads still running: %s", " ".join(stragglers))
                else:
                    raise RuntimeError(f"Coordinator stopped with threads still running: {' '.join(stragglers)}")

    @property
    def joined(self) -> bool:
        return self._joined

    def raise_requested_exception(self):
        """Raises the reported exception, if there is one."""
        with self._lock:
            if self._exc_info_to_raise:
                raise self._exc_info_to_raise[1]


@tf_export("train.LooperThread")
class LooperThread(threading.Thread):
    """A daemon thread calling `run_loop()` (or `target`) repeatedly, every `timer_interval_secs` or
    back to back when None, until the coordinator stops; exceptions are reported to it."""

    def __init__(self, coord, timer_interval_secs, target=None, args=None, kwargs=None):
        if not isinstance(coord, Coordinator):
            raise ValueError(f"'coord' argument must be a Coordinator: {coord}")
        super().__init__()
        self.daemon = True
        self._coord = coord
        self._timer_interval_secs = timer_interval_secs
        self._target = target
        if self._target:
            self._args = args or ()
            self._kwargs = kwargs or {}
        elif args or kwargs:
            raise ValueError("'args' and 'kwargs' argument require that you also pass 'target'")
        self._coord.register_thread(self)

    @staticmethod
    def loop(coord, timer_interval_secs, target, args=None, kwargs=None):
        """Starts a LooperThread calling `target(*args, **kwargs)`; returns it."""
        looper = LooperThread(coord, timer_interval_secs, target=target, args=args, kwargs=kwargs)
        looper.start()
        return looper

    def run(self):
        with self._coord.stop_on_exception():
            self.start_loop()
            if self._timer_interval_secs is None:
                while not self._coord.should_stop():
                    self.run_loop()
            else:
                next_time = time.time()
                while not self._coord.wait_for_stop(next_time - time.time()):
                    next_time += self._timer_interval_secs
                    self.run_loop()
            self.stop_loop()

    def start_loop(self):
        """Called once when the thread starts."""

    def stop_loop(self):
        """Called once when the loop ends."""

    def run_loop(self):
        if self._target:
            self._target(*self._args, **self._kwargs)
