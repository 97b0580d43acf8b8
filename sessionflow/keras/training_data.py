"""Where Model.fit / evaluate / predict get their batches, as tf_keras's v1 loops get them: NumPy arrays cut
into batches of `batch_size` (samples counted), or a Python generator / tf.keras.utils.Sequence giving one
batch per step (steps counted).

tf_keras reads a generator or Sequence through an enqueuer thread (`workers=1`, the default) that runs
ahead of the training loop; sessionflow reads it on the calling thread, in the same order, so the batches
are the same (`workers`, `max_queue_size` and `use_multiprocessing` are accepted and change nothing). A
Sequence is read as the enqueuer reads it: pass after pass, each pass's order shuffled with Python's
`random` when `shuffle` is set (fit's default), and its `on_epoch_end` called when a pass has been read
and the next batch is wanted (so not after the last pass of a fit, as with tf_keras's enqueuer, which is
stopped by then); with `workers=0` it is read in order, pass after pass, with no `on_epoch_end`, as tf_keras
reads it then.
"""

from __future__ import annotations

import inspect
import random
import typing

import numpy as np

from .._behaviour import logging
from ..framework.api import tf_export


@tf_export("keras.utils.Sequence")
class Sequence:
    """The base of a data set read by index: `__getitem__(index)` gives batch `index` and `__len__` the number
    of batches; fit calls `on_epoch_end` between passes."""

    def __getitem__(self, index):
        raise NotImplementedError

    def __len__(self):
        raise NotImplementedError

    def on_epoch_end(self):
        """Called between passes over the data (by fit, evaluate and predict)."""

    def __iter__(self):
        for index in range(len(self)):
            yield self[index]


def is_generator_like(data) -> bool:
    """Whether `data` gives its batches itself: a generator, an iterator, or a Sequence."""
    return inspect.isgenerator(data) or isinstance(data, (Sequence, typing.Iterator))


def _as_arrays(data):
    if data is None:
        return []
    return [np.asarray(a) for a in (data if isinstance(data, (list, tuple)) else [data])]


class Arrays:
    """NumPy inputs, targets and sample weights cut into batches (samples counted)."""

    use_steps = False

    def __init__(self, xs, ys, weights=None):
        self.xs, self.ys, self.weights = xs, ys, weights
        self.count = len(xs[0]) if xs else 0

    def epoch(self, batch_size, shuffle):
        """One pass: batches of (inputs, targets, sample weights or None) in order, or in an order drawn from
        NumPy's global generator when `shuffle`."""
        index = np.arange(self.count)
        if shuffle:
            np.random.shuffle(index)
        for start in range(0, self.count, batch_size):
            ids = index[start:start + batch_size]
            yield ([x[ids] for x in self.xs], [y[ids] for y in self.ys],
                   None if self.weights is None else [w[ids] for w in self.weights])


class Stream:
    """A generator's or Sequence's batches, `steps` per epoch (steps counted). A batch is `x`, `(x,)`,
    `(x, y)` or `(x, y, sample_weight)`."""

    use_steps = True

    def __init__(self, data, steps, shuffle=False, workers=1, epochs=1):
        self.steps = self.count = steps
        self.epochs = epochs
        self.exhausted = False
        if isinstance(data, Sequence):
            self._next = _sequence_stream(data, shuffle and workers > 0, workers > 0).__next__
        else:
            self._next = iter(data).__next__

    def warn_exhausted(self, steps_name):
        """tf_keras's warning when the stream ended before an epoch's steps were read (the loop then stops)."""
        logging.warning("Your dataset iterator ran out of data; interrupting training. Make sure that your iterator "
                        "can generate at least `%s * epochs` batches (in this case, %d batches). You may need touse "
                        "the repeat() function when building your dataset.", steps_name, self.steps * self.epochs)

    def epoch(self, batch_size=None, shuffle=None):
        """The next `steps` batches of the stream; fewer (and `exhausted` set) if it ends first."""
        for _ in range(self.steps):
            try:
                batch = self._next()
            except StopIteration:
                self.exhausted = True
                return
            yield unpack(batch)


def _sequence_stream(sequence, shuffle, call_epoch_end):
    order = list(range(len(sequence)))
    while True:
        if shuffle:  # (the order of the pass before, shuffled again in place, as tf_keras's enqueuer does)
            random.shuffle(order)
        for index in order:
            yield sequence[index]
        if call_epoch_end:
            sequence.on_epoch_end()


def unpack(batch):
    """A generator's batch as (inputs, targets, sample weights or None), each a list of arrays."""
    if not isinstance(batch, tuple):
        batch = (batch,)
    if len(batch) not in (1, 2, 3):
        raise ValueError("Output of generator should be a tuple of 1 or 2 or 3 elements: (input,) or (input, target) "
                         f"or (input, target, sample_weights). Received {batch}")
    xs, ys = _as_arrays(batch[0]), _as_arrays(batch[1] if len(batch) > 1 else None)
    weights = _as_arrays(batch[2]) if len(batch) > 2 and batch[2] is not None else None
    return xs, ys, weights


def check_no_batch_size(data, batch_size):
    if batch_size is not None:
        raise ValueError("The `batch_size` argument must not be specified for the given input type. Received input: "
                         f"{data}, batch_size: {batch_size}")


def steps_of(data, steps, name):
    """The steps per epoch of a generator or Sequence: `steps`, else a Sequence's length; TF's error when a
    generator has neither."""
    if steps is None:
        if isinstance(data, Sequence):
            return len(data)
        raise ValueError(f"Please specify the number of steps via the `{name}` argument.")
    return int(steps)
