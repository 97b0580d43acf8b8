"""tf.keras.callbacks as tf_keras's v1 training loop calls them: `Callback` and its hooks, `History` (what fit
returns), `EarlyStopping`, `ReduceLROnPlateau`, `LearningRateScheduler`, `CSVLogger`, `ModelCheckpoint` (HDF5 weight
files), `TensorBoard` (TF 1.x's: scalars and the graph through a FileWriter), `LambdaCallback` and
`TerminateOnNaN`.

fit calls, in order: on_train_begin; per epoch on_epoch_begin, per batch on_train_batch_begin (logs `batch`,
`size`) and on_train_batch_end (adding the batch's loss and the metrics' running values), the validation pass
(on_test_begin, on_test_batch_begin / _end per batch, on_test_end), on_epoch_end (the epoch's logs, `val_`
ones included); on_train_end. evaluate calls the test hooks, predict the predict hooks (a batch's end logs
hold its `outputs`). A callback that sets `model.stop_training` ends
training after the batch it set it in. The batch hooks of training default to `on_batch_begin` /
`on_batch_end`, as in tf_keras.
"""

from __future__ import annotations

import csv
import os
import re
import sys

import numpy as np

from .._behaviour import logging
from ..framework.api import tf_export
from ..framework.graph import Tensor
from ..io import protos
from ..summary.writer import FileWriter
from . import backend_functions as K


@tf_export("keras.callbacks.Callback")
class Callback:
    """A set of hooks fit and evaluate call; `model` and `params` are set before the first."""

    def __init__(self):
        self.validation_data = None
        self.model = None
        self.params = None

    def set_params(self, params):
        self.params = params

    def set_model(self, model):
        self.model = model

    def on_batch_begin(self, batch, logs=None):
        """A training batch begins (what on_train_batch_begin calls unless overridden)."""

    def on_batch_end(self, batch, logs=None):
        """A training batch ended (what on_train_batch_end calls unless overridden)."""

    def on_epoch_begin(self, epoch, logs=None):
        pass

    def on_epoch_end(self, epoch, logs=None):
        pass

    def on_train_batch_begin(self, batch, logs=None):
        self.on_batch_begin(batch, logs=logs)

    def on_train_batch_end(self, batch, logs=None):
        self.on_batch_end(batch, logs=logs)

    def on_test_batch_begin(self, batch, logs=None):
        pass

    def on_test_batch_end(self, batch, logs=None):
        pass

    def on_predict_batch_begin(self, batch, logs=None):
        pass

    def on_predict_batch_end(self, batch, logs=None):
        pass

    def on_train_begin(self, logs=None):
        pass

    def on_train_end(self, logs=None):
        pass

    def on_test_begin(self, logs=None):
        pass

    def on_test_end(self, logs=None):
        pass

    def on_predict_begin(self, logs=None):
        pass

    def on_predict_end(self, logs=None):
        pass


class CallbackList:
    """The callbacks of one fit, evaluate or predict call (maybe none), each hook called on every callback in
    order; each callback gets the call's `params` (tf_keras's keys) and the model first."""

    def __init__(self, callbacks, model, *, batch_size, samples, verbose, epochs=1, do_validation=False,
                 metrics=(), steps=None):
        self.callbacks = list(callbacks or [])
        self.model = model
        params = {"batch_size": batch_size, "epochs": epochs, "steps": steps, "samples": samples, "verbose": verbose,
                  "do_validation": do_validation, "metrics": list(metrics)}
        for callback in self.callbacks:  # (duck-typed: any object with the hooks, as in tf_keras)
            callback.set_model(model)
            callback.set_params(params)

    def call(self, hook: str, *args):
        for callback in self.callbacks:
            getattr(callback, hook)(*args)


@tf_export("keras.callbacks.History")
class History(Callback):
    """What fit returns (also `model.history`): `history` (name -> a value per epoch), `epoch`, `params`."""

    def __init__(self):
        super().__init__()
        self.history: dict = {}
        self.epoch: list = []

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for name, value in (logs or {}).items():
            self.history.setdefault(name, []).append(value)


@tf_export("keras.callbacks.EarlyStopping")
class EarlyStopping(Callback):
    """Stops training once `monitor` has not improved by more than `min_delta` for `patience` epochs (never
    at the first epoch, nor before `start_from_epoch`); with `restore_best_weights`, training ends (stopped
    or not) with the weights of the best epoch. mode 'auto' maximizes a monitor named like an accuracy or AUC
    and minimizes any other."""

    def __init__(self, monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto", baseline=None,
                 restore_best_weights=False, start_from_epoch=0):
        super().__init__()
        self.monitor = monitor
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.min_delta = abs(min_delta)
        self.wait = 0
        self.stopped_epoch = 0
        self.restore_best_weights = restore_best_weights
        self.best_weights = None
        self.start_from_epoch = start_from_epoch
        if mode not in ("auto", "min", "max"):
            print(f"EarlyStopping mode {mode} is unknown, fallback to auto mode.")
            mode = "auto"
        if mode == "max" or (mode == "auto" and monitor.endswith(("acc", "accuracy", "auc"))):
            self.monitor_op = np.greater
        else:
            self.monitor_op = np.less
            self.min_delta *= -1

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = np.inf if self.monitor_op is np.less else -np.inf
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch, logs=None):
        current = (logs or {}).get(self.monitor)
        if current is None:
            logging.warning("Early stopping conditioned on metric `%s` which is not available. Available metrics "
                            "are: %s", self.monitor, ",".join(list((logs or {}).keys())))
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:  # kept even if it never improves
            self.best_weights = self.model.get_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print(f"Restoring model weights from the end of the best epoch: {self.best_epoch + 1}.")
            self.model.set_weights(self.best_weights)

    def _is_improvement(self, value, reference):
        return self.monitor_op(value - self.min_delta, reference)


@tf_export("keras.callbacks.ReduceLROnPlateau")
class ReduceLROnPlateau(Callback):
    """Multiplies the optimizer's learning rate by `factor` (not below `min_lr`) once `monitor` has not
    improved by more than `min_delta` for `patience` epochs, then waits `cooldown` epochs; each epoch's logs
    get the learning rate as `lr`. mode 'auto' maximizes a monitor whose name contains "acc"."""

    def __init__(self, monitor="val_loss", factor=0.1, patience=10, verbose=0, mode="auto", min_delta=1e-4,
                 cooldown=0, min_lr=0, **kwargs):
        super().__init__()
        if factor >= 1.0:
            raise ValueError(f"ReduceLROnPlateau does not support a factor >= 1.0. Got {factor}")
        if "epsilon" in kwargs:
            min_delta = kwargs.pop("epsilon")
            logging.warning("`epsilon` argument is deprecated and will be removed, use `min_delta` instead.")
        self.monitor = monitor
        self.factor = factor
        self.min_lr = min_lr
        self.min_delta = min_delta
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.mode = mode
        self._reset()

    def _reset(self):
        if self.mode not in ("auto", "min", "max"):
            logging.warning("Learning rate reduction mode %s is unknown, fallback to auto mode.", self.mode)
            self.mode = "auto"
        self._maximize = self.mode == "max" or (self.mode == "auto" and "acc" in self.monitor)
        self.best = -np.inf if self._maximize else np.inf
        self.cooldown_counter = 0
        self.wait = 0

    def monitor_op(self, value, best):
        """Whether `value` improves on `best` by more than min_delta."""
        if self._maximize:
            return np.greater(value, best + self.min_delta)
        return np.less(value, best - self.min_delta)

    def in_cooldown(self) -> bool:
        return self.cooldown_counter > 0

    def on_train_begin(self, logs=None):
        self._reset()

    def on_epoch_end(self, epoch, logs=None):
        logs = logs if logs is not None else {}
        logs["lr"] = K.get_value(self.model.optimizer.lr)
        current = logs.get(self.monitor)
        if current is None:
            logging.warning("Learning rate reduction is conditioned on metric `%s` which is not available. "
                            "Available metrics are: %s", self.monitor, ",".join(list(logs.keys())))
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self.monitor_op(current, self.best):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience:
                old_lr = K.get_value(self.model.optimizer.lr)
                if old_lr > np.float32(self.min_lr):
                    new_lr = max(float(old_lr) * self.factor, self.min_lr)
                    K.set_value(self.model.optimizer.lr, new_lr)
                    if self.verbose > 0:
                        print(f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {new_lr}.")
                    self.cooldown_counter = self.cooldown
                    self.wait = 0


@tf_export("keras.callbacks.LearningRateScheduler")
class LearningRateScheduler(Callback):
    """Sets the optimizer's learning rate at each epoch's beginning to `schedule(epoch, lr)` (or
    `schedule(epoch)`, the older form, when the function takes one argument); each epoch's logs get it as
    `lr`."""

    def __init__(self, schedule, verbose=0):
        super().__init__()
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        optimizer = self.model.optimizer
        if not hasattr(optimizer, "lr"):
            raise ValueError('Optimizer must have a "lr" attribute.')
        try:
            lr = self.schedule(epoch, float(K.get_value(optimizer.lr)))
        except TypeError:  # the older form: schedule(epoch)
            lr = self.schedule(epoch)
        if isinstance(lr, Tensor):
            if not lr.dtype.is_floating:
                raise ValueError(f"The dtype of `lr` Tensor should be float. Got: {lr.dtype}")
        elif not isinstance(lr, (float, np.float32, np.float64)):
            raise ValueError(f'The output of the "schedule" function should be float. Got: {lr}')  # noqa: TRY004 (TF's error)
        K.set_value(optimizer.lr, K.get_value(lr))
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {lr}.")

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["lr"] = K.get_value(self.model.optimizer.lr)


@tf_export("keras.callbacks.CSVLogger")
class CSVLogger(Callback):
    """Writes each epoch's logs as a row of a CSV file (`epoch` and the logs' names, sorted, with their `val_`
    names when the first epoch had none; "NA" for a value an epoch lacks). `append` adds to an existing file
    (its header only when the file is empty)."""

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.sep = separator
        self.filename = os.fspath(filename)
        self.append = append
        self.writer = None
        self.keys = None
        self.append_header = True
        self.csv_file = None

    def on_train_begin(self, logs=None):
        if self.append and os.path.exists(self.filename):
            with open(self.filename, encoding="utf-8") as f:
                self.append_header = not f.readline()
        # open from the first epoch to the end of training (closed by on_train_end)
        self.csv_file = open(self.filename, "a" if self.append else "w", encoding="utf-8", newline="")  # noqa: SIM115

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs)
            if not any(key.startswith("val_") for key in self.keys):
                self.keys += ["val_" + key for key in self.keys]
        if self.writer is None:
            dialect = type("Dialect", (csv.excel,), {"delimiter": self.sep})
            self.writer = csv.DictWriter(self.csv_file, fieldnames=["epoch"] + self.keys, dialect=dialect)
            if self.append_header:
                self.writer.writeheader()
        row = {"epoch": epoch}
        row.update((key, _csv_value(logs.get(key, "NA"))) for key in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        self.csv_file.close()
        self.writer = None


def _csv_value(value):
    """A log's value as CSVLogger writes it: a sequence (not a string, not a 0-d array) as "[a, b, ...]"."""
    if isinstance(value, str) or (isinstance(value, np.ndarray) and value.ndim == 0):
        return value
    if hasattr(value, "__iter__"):
        return f"\"[{', '.join(map(str, value))}]\""
    return value


@tf_export("keras.callbacks.ModelCheckpoint")
class ModelCheckpoint(Callback):
    """Saves the model (save_weights_only: its weights, `model.save_weights`) at the end of each epoch, or every
    `save_freq` training batches, to `filepath` formatted with the epoch (from 1) and the logs
    (`weights.{epoch:02d}-{val_loss:.2f}.hdf5`; at a batch, the batch logs, whose `batch` counts from 0).
    save_best_only saves only when `monitor` improves on the best value so far (`initial_value_threshold` to
    start from): mode 'min' or 'max', or 'auto', which maximizes a monitor named like an accuracy ('acc' in it,
    or 'fmeasure...') and minimizes any other. `period` (deprecated) saves every that many epochs. Messages,
    warnings and errors are tf_keras's. Weight files are the HDF5 files of keras/saving.py; whole-model
    files (`model.save`: config, weights, training config, optimizer state) those of keras/model_files.py."""

    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False, save_weights_only=False,
                 mode="auto", save_freq="epoch", options=None, initial_value_threshold=None, **kwargs):
        super().__init__()
        self.monitor = monitor
        self.verbose = verbose
        self.filepath = os.fspath(filepath) if isinstance(filepath, os.PathLike) else filepath
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.save_freq = save_freq
        self.epochs_since_last_save = 0
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = -1
        self._current_epoch = 0
        self.best = initial_value_threshold
        # TensorFlow's CheckpointOptions / SaveOptions: sessionflow has neither, so only None is accepted
        if save_weights_only:
            if options is not None and type(options).__name__ != "CheckpointOptions":
                raise TypeError("If save_weights_only is True, then `options` must be either None or a "
                                f"tf.train.CheckpointOptions. Got {options}.")
        else:
            if filepath and str(self.filepath).endswith(".keras") and options is not None:
                raise ValueError("The native TF-Keras format does not support the `options` argument. Please "
                                 "remove the `options` argument, or use the SavedModel format by removing the "
                                 "`.keras` extension from the model filepath.")
            if options is not None and type(options).__name__ != "SaveOptions":
                raise TypeError("If save_weights_only is False, then `options` must be either None or a "
                                f"tf.saved_model.SaveOptions. Got {options}.")
        self._options = options
        if "load_weights_on_restart" in kwargs:
            self.load_weights_on_restart = kwargs["load_weights_on_restart"]
            logging.warning("`load_weights_on_restart` argument is deprecated. Please use `model.load_weights()` for "
                            "loading weights before the start of `model.fit()`.")
        else:
            self.load_weights_on_restart = False
        if "period" in kwargs:
            self.period = kwargs["period"]
            logging.warning("`period` argument is deprecated. Please use `save_freq` to specify the frequency in "
                            "number of batches seen.")
        else:
            self.period = 1
        if mode not in ("auto", "min", "max"):
            logging.warning("ModelCheckpoint mode %s is unknown, fallback to auto mode.", mode)
            mode = "auto"
        if mode == "max" or (mode == "auto" and ("acc" in self.monitor or self.monitor.startswith("fmeasure"))):
            self.monitor_op = np.greater
            if self.best is None:
                self.best = -np.inf
        else:
            self.monitor_op = np.less
            if self.best is None:
                self.best = np.inf
        if self.save_freq != "epoch" and not isinstance(self.save_freq, int):
            raise ValueError(f"Unrecognized save_freq: {self.save_freq}. Expected save_freq are \"epoch\" or "
                             "integer")

    def on_train_begin(self, logs=None):
        if self.load_weights_on_restart:
            path = self._most_recently_modified_file_matching(self.filepath)
            if path is not None and os.path.exists(path):
                try:
                    self.model.load_weights(path)
                except (OSError, ValueError) as e:
                    raise ValueError(f"Error loading file from {path}. Reason: {e}") from e

    def on_train_batch_end(self, batch, logs=None):
        if self._should_save_on_batch(batch):
            self._save_model(epoch=self._current_epoch, batch=batch, logs=logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_epoch_end(self, epoch, logs=None):
        self.epochs_since_last_save += 1
        if self.save_freq == "epoch":
            self._save_model(epoch=epoch, batch=None, logs=logs)

    def _should_save_on_batch(self, batch) -> bool:
        if self.save_freq == "epoch":
            return False
        if batch <= self._last_batch_seen:  # a new epoch
            added = batch + 1
        else:
            added = batch - self._last_batch_seen
        self._batches_seen_since_last_saving += added
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

    def _save_model(self, epoch, batch, logs):
        logs = logs or {}
        if not isinstance(self.save_freq, int) and self.epochs_since_last_save < self.period:
            return
        logs = {k: (v.item() if isinstance(v, np.generic) or (isinstance(v, np.ndarray) and v.ndim == 0) else v)
                for k, v in logs.items()}
        self.epochs_since_last_save = 0
        filepath = self._get_file_path(epoch, batch, logs)
        dirname = os.path.dirname(filepath)
        if dirname and not os.path.exists(dirname):
            os.makedirs(dirname, exist_ok=True)
        try:
            if self.save_best_only:
                current = logs.get(self.monitor)
                if current is None:
                    logging.warning("Can save best model only with %s available, skipping.", self.monitor)
                elif self.monitor_op(current, self.best):
                    if self.verbose > 0:
                        _print_msg(f"\nEpoch {epoch + 1}: {self.monitor} improved from {self.best:.5f} to "
                                   f"{current:.5f}, saving model to {filepath}")
                    self.best = current
                    self._save_handler(filepath)
                elif self.verbose > 0:
                    _print_msg(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {self.best:.5f}")
            else:
                if self.verbose > 0:
                    _print_msg(f"\nEpoch {epoch + 1}: saving model to {filepath}")
                self._save_handler(filepath)
        except IsADirectoryError:
            raise OSError("Please specify a non-directory filepath for ModelCheckpoint. Filepath used is an "
                          f"existing directory: {filepath}") from None

    def _save_handler(self, filepath):
        if self.save_weights_only:
            if filepath.endswith(".weights.h5"):
                self.model.save_weights(filepath, overwrite=True)
            else:
                self.model.save_weights(filepath, overwrite=True, options=self._options)
        elif filepath.endswith(".keras"):
            self.model.save(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True, options=self._options)

    def _get_file_path(self, epoch, batch, logs) -> str:
        try:
            if batch is None or "batch" in logs:
                return self.filepath.format(epoch=epoch + 1, **logs)
            return self.filepath.format(epoch=epoch + 1, batch=batch + 1, **logs)
        except KeyError as e:
            raise KeyError(f'Failed to format this callback filepath: "{self.filepath}". Reason: {e}') from None

    def _most_recently_modified_file_matching(self, pattern):
        """The newest file whose name matches `pattern` with its `{...}` fields as wildcards (of those written
        at the same time, the largest name), as tf_keras picks it for load_weights_on_restart."""
        dir_name = os.path.dirname(pattern)
        regex = "^" + re.sub(r"{.*}", r".*", os.path.basename(pattern)) + "$"
        latest_time, latest, ties, largest = 0, None, 0, None
        if os.path.exists(dir_name or "."):
            for name in os.listdir(dir_name or "."):
                if re.match(regex, name):
                    path = os.path.join(dir_name, name)
                    mtime = os.path.getmtime(path)
                    if largest is None or path > largest:
                        largest = path
                    if mtime > latest_time:
                        latest_time, latest, ties = mtime, path, 1
                    elif mtime == latest_time:
                        ties += 1
        return latest if ties == 1 else largest


def _print_msg(message):
    """tf_keras's io_utils.print_msg with interactive logging on: the message and a newline on stdout."""
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


@tf_export("keras.callbacks.TensorBoard")
class TensorBoard(Callback):
    """TF 1.x's TensorBoard callback: a FileWriter in `log_dir` (with the Keras graph and its MetaGraph when
    `write_graph`) that gets each epoch's logs as scalars `epoch_<name>` (step: the epoch; with a numeric or
    'batch' `update_freq`, the samples seen), and with `update_freq` 'batch' or a number of samples, the
    training batches' logs as `batch_<name>` (step: the batches seen) each time that many samples went by.
    Weight histograms, gradients, images and embeddings (histogram_freq, write_grads, write_images,
    embeddings_freq) are not provided yet; there is no profiler to start (profile_batch is ignored)."""

    def __init__(self, log_dir="./logs", histogram_freq=0, batch_size=32, write_graph=True, write_grads=False,
                 write_images=False, embeddings_freq=0, embeddings_layer_names=None, embeddings_metadata=None,
                 embeddings_data=None, update_freq="epoch", profile_batch=2):
        super().__init__()
        for name, value in (("histogram_freq", histogram_freq), ("write_grads", write_grads),
                            ("write_images", write_images), ("embeddings_freq", embeddings_freq)):
            if value:
                raise NotImplementedError(f"tf.keras.callbacks.TensorBoard({name}=...) is not provided yet")
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq = histogram_freq
        self.batch_size = batch_size
        self.write_graph = write_graph
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self.writer = None
        self._total_batches_seen = 0
        self._samples_seen = 0
        self._samples_seen_at_last_write = 0

    def set_model(self, model):
        self.model = model
        self.writer = FileWriter(self.log_dir, K.get_graph() if self.write_graph else None)

    def _write_scalars(self, step, logs):
        for name, value in logs.items():
            summary = protos.Summary()
            summary.value.add(tag=name, simple_value=float(np.asarray(value).item()))
            self.writer.add_summary(summary, step)
        self.writer.flush()

    def on_batch_end(self, batch, logs=None):
        logs = logs or {}
        self._samples_seen += logs.get("size", 1)
        if self.update_freq != "epoch" and self._samples_seen - self._samples_seen_at_last_write >= self.update_freq:
            self._write_scalars(self._total_batches_seen, {"batch_" + k: v for k, v in logs.items()
                                                           if k not in ("batch", "size", "num_steps")})
            self._samples_seen_at_last_write = self._samples_seen
        self._total_batches_seen += 1

    def on_epoch_end(self, epoch, logs=None):
        logs = {"epoch_" + k: v for k, v in (logs or {}).items() if k not in ("batch", "size", "num_steps")}
        self._write_scalars(epoch if self.update_freq == "epoch" else self._samples_seen, logs)

    def on_train_end(self, logs=None):
        self.writer.close()


@tf_export("keras.callbacks.LambdaCallback")
class LambdaCallback(Callback):
    """A callback made of functions: on_epoch_begin/_end(epoch, logs), on_batch_begin/_end(batch, logs),
    on_train_begin/_end(logs); any other hook given by name as a keyword."""

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_batch_begin=None, on_batch_end=None,
                 on_train_begin=None, on_train_end=None, **kwargs):
        super().__init__()
        self.__dict__.update(kwargs)
        for name, fn in (("on_epoch_begin", on_epoch_begin), ("on_epoch_end", on_epoch_end),
                         ("on_batch_begin", on_batch_begin), ("on_batch_end", on_batch_end),
                         ("on_train_begin", on_train_begin), ("on_train_end", on_train_end)):
            if fn is not None:
                setattr(self, name, fn)


@tf_export("keras.callbacks.TerminateOnNaN")
class TerminateOnNaN(Callback):
    """Stops training at the first batch whose loss is NaN or infinite."""

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is not None and (np.isnan(loss) or np.isinf(loss)):
            print(f"Batch {batch}: Invalid loss, terminating training")
            self.model.stop_training = True
