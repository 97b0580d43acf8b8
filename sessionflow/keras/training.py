"""Model.compile / fit / evaluate / train_on_batch / test_on_batch in TF1 graph mode, as tf_keras's v1 training
loop runs them on NumPy arrays.

compile builds, for each output, a target placeholder (`dense_1_target`), the output's loss (the per-sample
loss reduced over the batch size, in the scope `loss/dense_1_loss`), the total loss (the weighted output
losses plus the layers' losses: regularizers, add_loss) and the metrics' per-batch sums and counts. The
first training call builds the update: the optimizer's weights and update in the scope
`training/<optimizer name>` and the layers' updates (batch norm's moving averages), run together with the
loss in one session run, the learning phase fed True.

What the loop reports is tf_keras's: an epoch's loss is the mean of the batch losses weighted by batch size;
a metric is a running mean over the epoch (its float32 total and count), reset when an epoch, an evaluation
or a single-batch call begins. fit returns a History (`history`, `epoch`, `params`); verbose=2 prints a
line per epoch, verbose=1 a progress bar's final state. fit and evaluate call their `callbacks`' hooks in
tf_keras's order (callbacks.py).
"""

from __future__ import annotations

import sys
import time

import numpy as np

from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..layers.base import op
from . import backend_functions as K
from . import losses as losses_module
from . import metrics as metrics_module
from . import optimizers as optimizers_module
from .callbacks import CallbackList, History


class _Metric:
    """A compiled metric: per-batch sum and count tensors, and the running float32 total and count."""

    def __init__(self, name, total, count):
        self.name, self.total, self.count = name, total, count
        self.reset()

    def reset(self):
        self.state = [np.float32(0), np.float32(0)]

    def update(self, total, count):
        self.state = [np.float32(self.state[0] + np.float32(total)), np.float32(self.state[1] + np.float32(count))]
        return self.result()

    def result(self):
        total, count = self.state
        return np.float32(0) if count == 0 else np.float32(total / count)


def _as_list(x):
    if x is None:
        return []
    return list(x) if isinstance(x, (list, tuple)) else [x]


def _standardize(data, tensors, what):
    arrays = [np.asarray(a) for a in _as_list(data)]
    if len(arrays) != len(tensors):
        raise ValueError(f"Error when checking model {what}: the list of Numpy arrays that you are passing to your "
                         f"model is not the size the model expected. Expected to see {len(tensors)} array(s), but "
                         f"instead got {len(arrays)} arrays.")
    out = []
    for a, t in zip(arrays, tensors):
        if a.ndim == 1 and t.shape.ndims is not None and t.shape.ndims > 1:
            a = np.expand_dims(a, 1)
        out.append(a)
    return out


def _batches(size, batch_size):
    return [(i * batch_size, min(size, (i + 1) * batch_size)) for i in range((size + batch_size - 1) // batch_size)]


def _format_time(seconds, unit):
    if seconds >= 1 or seconds == 0:
        return f" {seconds:.0f}s/{unit}"
    if seconds >= 1e-3:
        return f" {seconds * 1000:.0f}ms/{unit}"
    return f" {seconds * 1e6:.0f}us/{unit}"


def _values_text(logs, names):
    text = ""
    for name in names:
        if name in logs:
            value = logs[name]
            text += f" - {name}:" + (f" {value:.4f}" if value > 1e-3 else f" {value:.4e}")
    return text


def _print_progress(verbose, count, start, names, logs):
    """tf_keras's Progbar at the end of an epoch: verbose=2 its one line, verbose=1 the bar's final state."""
    now = time.time()
    elapsed = now - start
    digits = int(np.log10(count)) + 1 if count else 1
    counted = ("%" + str(digits) + "d/%d") % (count, count)
    if verbose == 2:
        line = counted + f" - {elapsed:.0f}s" + _values_text(logs, names)
        line += " -" + _format_time(elapsed, "epoch") + " -" + _format_time(elapsed / max(count, 1), "sample")
    else:
        line = counted + " [" + "=" * 30 + "]" + f" - {elapsed:.0f}s" + _format_time(elapsed / max(count, 1),
                                                                                     "sample")
        line += _values_text(logs, names)
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class TrainingMixin:
    """compile and the training loop of tf.keras.Model."""

    # --- compile --------------------------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, metrics=None, loss_weights=None, sample_weight_mode=None,
                weighted_metrics=None, target_tensors=None, **kwargs):
        if kwargs.pop("run_eagerly", None):
            raise ValueError("Session keyword arguments are not supported when `run_eagerly=True`.")
        kwargs.pop("distribute", None)
        if kwargs:
            raise TypeError(f"Invalid keyword argument(s) in `compile()`: {tuple(kwargs)}. Valid keyword arguments "
                            "include \"cloning\", \"experimental_run_tf_function\", \"distribute\", \"target_tensors\","
                            " or \"sample_weight_mode\".")
        for name, value in (("sample_weight_mode", sample_weight_mode), ("weighted_metrics", weighted_metrics),
                            ("target_tensors", target_tensors)):
            if value is not None:
                raise NotImplementedError(f"tf.keras.Model.compile({name}=...) is not provided yet")
        if not self.outputs:
            raise NotImplementedError("compile() of a model that was never built on an input (a Sequential without "
                                      "an input shape) is not provided yet")
        self.optimizer = optimizers_module.get(optimizer)
        outputs = list(self.outputs)
        names = [self._output_name(t) for t in outputs]
        self.output_names = names
        loss_fns = self._per_output(loss, names, "loss")
        if any(fn is None for fn in loss_fns):
            raise NotImplementedError("compile() without a loss for every output is not provided yet")
        weights = self._per_output(loss_weights, names, "loss_weights") if loss_weights is not None else \
            [1.0] * len(outputs)
        self.loss = loss
        self.loss_functions = [losses_module.get(fn) for fn in loss_fns]
        graph = get_default_graph()
        self._targets = [K.placeholder(ndim=t.shape.ndims, dtype=t.dtype.base_dtype, name=f"{n}_target")
                         for t, n in zip(outputs, names)]
        self._compiled_metrics = self._build_metrics(metrics, outputs, names, graph)
        with graph.name_scope("loss"):
            total = None
            output_losses = []
            for target, output, name, fn, weight in zip(self._targets, outputs, names, self.loss_functions,
                                                        weights):
                with graph.name_scope(f"{name}_loss"):
                    output_loss = self._output_loss(fn, target, output)
                output_losses.append(output_loss)
                weighted = weight * output_loss
                total = weighted if total is None else total + weighted
            layer_losses = self.losses
            if layer_losses:
                total = total + op("add_n")(layer_losses)
        self.total_loss = total
        if len(outputs) > 1:
            losses_as_metrics = [_Metric(f"{n}_loss", l, None) for n, l in zip(names, output_losses)]
            self._compiled_metrics = losses_as_metrics + self._compiled_metrics
        self.metrics_names = ["loss"] + [m.name for m in self._compiled_metrics]
        self._train_op = None
        self._is_compiled = True

    @staticmethod
    def _output_name(tensor):
        history = getattr(tensor, "_keras_history", None)
        return history[0].name if history is not None else tensor.op.name

    @staticmethod
    def _per_output(value, names, what):
        if isinstance(value, dict):
            unknown = set(value) - set(names)
            if unknown:
                raise ValueError(f"Unknown entries in {what} dictionary: {sorted(unknown)}. Only expected following "
                                 f"keys: {names}")
            return [value.get(n) for n in names]
        if isinstance(value, (list, tuple)):
            if len(value) != len(names):
                raise ValueError(f"When passing a list as {what}, it should have one entry per model outputs. The "
                                 f"model has {len(names)} outputs, but you passed {what}={value}")
            return list(value)
        return [value] * len(names)

    @staticmethod
    def _output_loss(fn, target, output):
        if isinstance(fn, losses_module.Loss):
            values = fn.call(target, output)
            reduction = "sum_over_batch_size" if fn.reduction == "auto" else fn.reduction
        else:
            values = fn(target, output)
            reduction = "sum_over_batch_size"
        return losses_module.reduce_weighted(values, None, reduction)

    def _build_metrics(self, metrics, outputs, names, graph):
        if metrics is None:
            return []
        if isinstance(metrics, dict):
            per_output = [_as_list(metrics.get(n)) for n in names]
        elif isinstance(metrics, (list, tuple)) and metrics and all(isinstance(m, (list, tuple)) for m in metrics):
            per_output = [list(m) for m in metrics]
        else:
            per_output = [_as_list(metrics)] * len(outputs)
        found = []
        for target, output, name, loss, wanted in zip(self._targets, outputs, names, self.loss_functions,
                                                      per_output):
            seen = set()
            for metric in wanted:
                metric_name, fn = metrics_module.for_compile(metric, loss, output)
                if len(outputs) > 1:
                    metric_name = f"{name}_{metric_name}"
                if metric_name in seen:
                    continue
                seen.add(metric_name)
                with graph.name_scope(f"metrics/{metric_name}"):
                    values = op("cast")(fn(target, output), K.floatx())
                    total = op("reduce_sum")(values)
                    count = op("cast")(op("size")(values), K.floatx())
                found.append(_Metric(metric_name, total, count))
        return found

    def _check_compiled(self, method):
        if not getattr(self, "_is_compiled", False):
            raise RuntimeError("You must compile your model before training/testing. Use `model.compile(optimizer, "
                               "loss)`.")

    # --- the step functions ---------------------------------------------------------------------
    def _make_train_op(self):
        if self._train_op is not None:
            return self._train_op
        graph = get_default_graph()
        with graph.name_scope("training"):
            with graph.name_scope(type(self.optimizer).__name__ if isinstance(
                    self.optimizer, optimizers_module.TFOptimizer) else self.optimizer._name):
                updates = self.optimizer.get_updates(loss=self.total_loss, params=self.trainable_weights)
        updates = updates + list(self.updates)
        with graph.name_scope("training"):
            self._train_op = op("group")(*updates)
        return self._train_op

    def _metric_fetches(self):
        fetches = []
        for metric in self._compiled_metrics:
            fetches.append(metric.total)
            if metric.count is not None:
                fetches.append(metric.count)
        return fetches

    def _run_batch(self, xs, ys, train):
        session = K.get_session()
        feed = {t: v for t, v in zip(self.inputs, xs)}
        feed.update({t: v for t, v in zip(self._targets, ys)})
        fetches = [self.total_loss] + self._metric_fetches()
        if train:
            phase = K.learning_phase()
            if not isinstance(phase, int):
                feed[phase] = True
            fetches.append(self._make_train_op())
            session = K.get_session()
        values = session.run(fetches, feed_dict=feed)
        results, at = [values[0]], 1
        for metric in self._compiled_metrics:
            if metric.count is None:
                results.append(metric.update(values[at], 1.0))
                at += 1
            else:
                results.append(metric.update(values[at], values[at + 1]))
                at += 2
        return results

    def reset_metrics(self):
        for metric in getattr(self, "_compiled_metrics", []):
            metric.reset()

    def _loop(self, xs, ys, batch_size, train, index, callbacks):
        """One pass over the data in batches: the loss weighted by batch size, the metrics' running values.
        `callbacks` (a CallbackList) hear each batch begin and end; a training pass ends after the batch in
        which one of them set `stop_training`."""
        size = len(xs[0])
        index = np.arange(size) if index is None else index
        self.reset_metrics()
        results = None
        begin, end_hook = ("on_train_batch_begin", "on_train_batch_end") if train else \
            ("on_test_batch_begin", "on_test_batch_end")
        for batch, (start, end) in enumerate(_batches(size, batch_size)):
            ids = index[start:end]
            logs = {"batch": batch, "size": end - start}
            callbacks.call(begin, batch, logs)
            outs = self._run_batch([x[ids] for x in xs], [y[ids] for y in ys], train)
            if results is None:
                results = [0.0] * len(outs)
            results[0] += float(outs[0]) * (end - start)
            results[1:] = outs[1:]
            logs.update(zip(self.metrics_names, outs))
            callbacks.call(end_hook, batch, logs)
            if train and self.stop_training:
                break
        if results is None:
            raise ValueError("Expect x to be a non-empty array or dataset.")
        results[0] /= size
        return [results[0]] + [float(r) for r in results[1:]]

    # --- the public loop ------------------------------------------------------------------------
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose=1, callbacks=None, validation_split=0.0,
            validation_data=None, shuffle=True, class_weight=None, sample_weight=None, initial_epoch=0,
            steps_per_epoch=None, validation_steps=None, validation_freq=1, **kwargs):
        self._check_compiled("fit")
        for name, value in (("class_weight", class_weight),
                            ("sample_weight", sample_weight), ("steps_per_epoch", steps_per_epoch)):
            if value is not None:
                raise NotImplementedError(f"tf.keras.Model.fit({name}=...) is not provided yet")
        if kwargs:
            raise TypeError(f"Unrecognized keyword arguments: {kwargs}")
        if shuffle == "batch":
            raise NotImplementedError("tf.keras.Model.fit(shuffle='batch') is not provided yet")
        batch_size = batch_size or 32
        xs = _standardize(x, self.inputs, "input")
        ys = _standardize(y, self._targets, "target")
        val = None
        if validation_data is not None:
            if len(validation_data) == 3:
                raise NotImplementedError("validation_data with sample weights is not provided yet")
            val = (_standardize(validation_data[0], self.inputs, "input"),
                   _standardize(validation_data[1], self._targets, "target"))
        elif validation_split and 0.0 < validation_split < 1.0:
            split_at = int(len(xs[0]) * (1.0 - validation_split))
            val = ([a[split_at:] for a in xs], [a[split_at:] for a in ys])
            xs, ys = [a[:split_at] for a in xs], [a[:split_at] for a in ys]
        size = len(xs[0])
        names = list(self.metrics_names)
        if val is not None:
            names += ["val_" + n for n in self.metrics_names]
        history = self.history = History()
        # History last: it keeps what the others add to an epoch's logs (ReduceLROnPlateau's `lr`), as in tf_keras
        hooks = CallbackList(list(callbacks or []) + [history], self, batch_size=batch_size, samples=size,
                             verbose=verbose, epochs=epochs, do_validation=val is not None, metrics=names)
        self.stop_training = False
        if verbose:
            if val is not None:
                print(f"Train on {size} samples, validate on {len(val[0][0])} samples")
            else:
                print(f"Train on {size} samples")
        self._make_train_op()
        hooks.call("on_train_begin", {})
        for epoch in range(initial_epoch, epochs):
            if verbose and epochs > 1:
                print(f"Epoch {epoch + 1}/{epochs}")
            start = time.time()
            hooks.call("on_epoch_begin", epoch, {})
            index = np.arange(size)
            if shuffle:
                np.random.shuffle(index)
            results = self._loop(xs, ys, batch_size, True, index, hooks)
            logs = dict(zip(self.metrics_names, results))
            if val is not None and (epoch + 1) % validation_freq == 0 and not self.stop_training:
                hooks.call("on_test_begin", {})
                # tf_keras's validation pass shuffles its samples too (whatever `shuffle` says): the order
                # only moves float sums, but the draw moves NumPy's generator for the next epochs' shuffles
                val_index = np.arange(len(val[0][0]))
                np.random.shuffle(val_index)
                val_results = self._loop(val[0], val[1], batch_size, False, val_index, hooks)
                hooks.call("on_test_end", {})
                logs.update({"val_" + n: v for n, v in zip(self.metrics_names, val_results)})
            if verbose:
                _print_progress(verbose, size, start, names, logs)
            hooks.call("on_epoch_end", epoch, logs)
            if self.stop_training:
                break
        hooks.call("on_train_end", {})
        return history

    def evaluate(self, x=None, y=None, batch_size=None, verbose=1, sample_weight=None, steps=None, callbacks=None,
                 **kwargs):
        self._check_compiled("evaluate")
        if sample_weight is not None or steps is not None:
            raise NotImplementedError("tf.keras.Model.evaluate(sample_weight / steps) is not provided yet")
        xs = _standardize(x, self.inputs, "input")
        ys = _standardize(y, self._targets, "target")
        start = time.time()
        hooks = CallbackList(callbacks, self, batch_size=batch_size or 32, samples=len(xs[0]), verbose=verbose,
                             metrics=self.metrics_names)
        hooks.call("on_test_begin", {})
        results = self._loop(xs, ys, batch_size or 32, False, None, hooks)
        hooks.call("on_test_end", {})
        if verbose:
            _print_progress(1, len(xs[0]), start, self.metrics_names, dict(zip(self.metrics_names, results)))
        return _one_or_list([np.float32(r) for r in results])

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, reset_metrics=True,
                       return_dict=False):
        return self._on_batch(x, y, True, sample_weight, class_weight, reset_metrics, return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, reset_metrics=True, return_dict=False):
        return self._on_batch(x, y, False, sample_weight, None, reset_metrics, return_dict)

    def _on_batch(self, x, y, train, sample_weight, class_weight, reset_metrics, return_dict):
        self._check_compiled("train_on_batch" if train else "test_on_batch")
        if sample_weight is not None or class_weight is not None:
            raise NotImplementedError("sample_weight / class_weight in train_on_batch / test_on_batch are not "
                                      "provided yet")
        xs = _standardize(x, self.inputs, "input")
        ys = _standardize(y, self._targets, "target")
        outs = self._run_batch(xs, ys, train)
        if reset_metrics:
            self.reset_metrics()
        outs = [np.float32(o) for o in outs]
        if return_dict:
            return dict(zip(self.metrics_names, outs))
        return _one_or_list(outs)


def _one_or_list(values):
    return values[0] if len(values) == 1 else values


@tf_export("keras.utils.to_categorical")
def to_categorical(y, num_classes=None, dtype="float32"):
    """One-hot rows for integer class labels (a trailing axis of size 1 is dropped, as tf_keras does)."""
    y = np.array(y, dtype="int")
    input_shape = y.shape
    if input_shape and input_shape[-1] == 1 and len(input_shape) > 1:
        input_shape = tuple(input_shape[:-1])
    y = y.ravel()
    if not num_classes:
        num_classes = np.max(y) + 1
    n = y.shape[0]
    categorical = np.zeros((n, num_classes), dtype=dtype)
    categorical[np.arange(n), y] = 1
    return np.reshape(categorical, input_shape + (num_classes,))

