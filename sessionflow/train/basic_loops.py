"""Loops around training and checkpoints: `tf.train.basic_train_loop` (steps until the supervisor
says stop, starting over after AbortedError) and `tf.train.checkpoints_iterator` (each new checkpoint
of a directory as it appears, for evaluation loops)."""

from __future__ import annotations

import time

from .._behaviour import logging
from ..framework import errors
from ..framework.api import tf_export
from .saver import latest_checkpoint


@tf_export("train.basic_train_loop")
def basic_train_loop(supervisor, train_step_fn, args=None, kwargs=None, master=""):
    """Calls `train_step_fn(sess, *args, **kwargs)` inside `supervisor.managed_session(master)` until
    `supervisor.should_stop()`; an AbortedError starts a new managed session."""
    args = list(args or [])
    kwargs = dict(kwargs or {})
    should_retry = True
    while should_retry:
        try:
            should_retry = False
            with supervisor.managed_session(master) as sess:
                while not supervisor.should_stop():
                    train_step_fn(sess, *args, **kwargs)
        except errors.AbortedError:
            should_retry = True


def wait_for_new_checkpoint(checkpoint_dir, last_checkpoint=None, seconds_to_sleep=1, timeout=None):
    """The newest checkpoint of `checkpoint_dir` once it differs from `last_checkpoint`; None after `timeout`."""
    logging.info("Waiting for new checkpoint at %s", checkpoint_dir)
    stop_time = time.time() + timeout if timeout is not None else None
    while True:
        path = latest_checkpoint(checkpoint_dir)
        if path is not None and path != last_checkpoint:
            logging.info("Found new checkpoint at %s", path)
            return path
        if stop_time is not None and time.time() + seconds_to_sleep > stop_time:
            return None
        time.sleep(seconds_to_sleep)


@tf_export("train.checkpoints_iterator")
def checkpoints_iterator(checkpoint_dir, min_interval_secs=0, timeout=None, timeout_fn=None):
    """Yields each new checkpoint prefix of `checkpoint_dir`, at most one per `min_interval_secs`. When
    none comes within `timeout` seconds it stops, unless `timeout_fn()` returns False (keep waiting)."""
    path = None
    while True:
        new_path = wait_for_new_checkpoint(checkpoint_dir, path, timeout=timeout)
        if new_path is None:
            if not timeout_fn:
                logging.info("Timed-out waiting for a checkpoint.")
                return
            if timeout_fn():
                return
            continue
        started = time.time()
        path = new_path
        yield path
        wait = started + min_interval_secs - time.time()
        if wait > 0:
            time.sleep(wait)
