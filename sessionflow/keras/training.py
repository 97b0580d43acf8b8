"""Model.compile / fit / evaluate / train_on_batch / test_on_batch in TF1 graph mode, as tf_keras's v1 training
loop runs them on NumPy arrays.

compile builds, for each output, a target placeholder (`dense_1_target`), the output's loss (the per-sample
loss reduced over the batch size, in the scope `loss/dense_1_loss`), the total loss (the weighted output
losses plus the layers' losses: regularizers, add_loss) and the metrics' per-batch sums and counts. The
first training call builds the update: the optimizer's weights and update in the scope
`training/<optimizer name>` and the layers' updates (batch norm's moving averages), run together with the
loss in one session run, the learning phase fed True.

The batches come from NumPy arrays, a Python generator or a tf.keras.utils.Sequence (training_data.py).
Sample weights (`sample_weight`, `class_weight`, or a generator's third element) are fed to
`<output>_sample_weights` placeholders of a second build of the loss, made the first time a batch has
weights, as tf_keras builds its loss again then; a batch without weights runs the first build.

What the loop reports is tf_keras's: an epoch's training loss is the mean of the batch losses weighted by
batch size; an evaluation's is that too over arrays, and the plain mean of the batch losses over a
generator's steps; a metric is a running mean over the epoch (its float32 total and count), reset when an
epoch, an evaluation or a single-batch call begins. fit returns a History (`history`, `epoch`, `params`);
verbose=2 prints a line per epoch, verbose=1 a progress bar's final state; evaluate and predict print
nothing (tf_keras's v1 loop adds its progress bar to fit only). fit, evaluate and predict call their
`callbacks`' hooks in tf_keras's order (callbacks.py).
"""

from __future__ import annotations

import sys
import time
import warnings

import numpy as np

from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..layers.base import op
from . import backend_functions as K
from . import losses as losses_module
from . import metrics as metrics_module
from . import optimizers as optimizers_module
from . import training_data
from .callbacks import CallbackList, History


class _LossGraph:
    """One build of the compiled loss: the total, each output's loss, the sample-weight placeholders (None
    each when built without them) and, once a training batch has run with it, its training update."""

    def __init__(self, total, output_losses, sample_weights):
        self.total, self.output_losses, self.sample_weights = total, output_losses, sample_weights
        self.train_op = None


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


def _value_text(name, value):
    return f" - {name}:" + (f" {value:.4f}" if abs(value) > 1e-3 else f" {value:.4e}")


def _print_progress(verbose, source, start, names, logs, progress=None):
    """tf_keras's Progbar at the end of an epoch: verbose=2 its one line, verbose=1 the bar's final state.
    Counting steps, the bar (verbose=1) also averages each batch's index and size over the steps, and the loss
    over the batch losses and, as one more step, the epoch's loss (`progress`: (batch, size, loss) a step)."""
    elapsed = time.time() - start
    count = source.count
    unit = "step" if source.use_steps else "sample"
    digits = int(np.log10(count)) + 1 if count else 1
    counted = ("%" + str(digits) + "d/%d") % (count, count)
    if verbose == 2:
        line = counted + f" - {elapsed:.0f}s" + "".join(_value_text(n, logs[n]) for n in names if n in logs)
        line += " -" + _format_time(elapsed, "epoch") + " -" + _format_time(elapsed / max(count, 1), unit)
    else:
        line = counted + " [" + "=" * 30 + "]" + f" - {elapsed:.0f}s" + _format_time(elapsed / max(count, 1), unit)
        values = dict(logs)
        if progress:
            steps = len(progress)
            line += _value_text("batch", sum(p[0] for p in progress) / steps)
            line += _value_text("size", sum(p[1] for p in progress) / steps)
            values["loss"] = (sum(p[2] for p in progress) + logs["loss"]) / (steps + 1)
        line += "".join(_value_text(n, values[n]) for n in names if n in values)
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
        self._compile_args = {"loss": loss, "metrics": metrics or [], "loss_weights": loss_weights}
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
        self.loss_weights = loss_weights
        self._loss_weight_values = weights
        graph = get_default_graph()
        self._targets = [K.placeholder(ndim=t.shape.ndims, dtype=t.dtype.base_dtype, name=f"{n}_target")
                         for t, n in zip(outputs, names)]
        self._compiled_metrics = self._build_metrics(metrics, outputs, names, graph)
        # the loss without sample weights; with them (sample_weight, class_weight) it is built again, as
        # tf_keras builds it again, the first time a batch has weights (`_loss_graph`)
        self._loss_graphs = {False: self._build_loss(False)}
        self.total_loss = self._loss_graphs[False].total
        # several outputs: each output's loss is also reported, a running mean over the batches
        self._output_loss_metrics = [_Metric(f"{n}_loss", None, None) for n in names] if len(outputs) > 1 else []
        self.metrics_names = ["loss"] + [m.name for m in self._output_loss_metrics + self._compiled_metrics]
        self._is_compiled = True

    def _build_loss(self, weighted):
        """The total loss and each output's loss: without sample weights, or weighted by per-output sample
        weights fed to `<output>_sample_weights` placeholders (1.0 by default)."""
        graph = get_default_graph()
        sample_weights = [None] * len(self.outputs)
        if weighted:
            sample_weights = [op("placeholder_with_default")(op("constant")([1.0], dtype=K.floatx()), shape=[None],
                                                             name=f"{name}_sample_weights")
                              for name in self.output_names]
        with graph.name_scope("loss"):
            total = None
            output_losses = []
            for target, output, name, fn, weight, sample_weight in zip(
                    self._targets, self.outputs, self.output_names, self.loss_functions, self._loss_weight_values,
                    sample_weights):
                with graph.name_scope(f"{name}_loss"):
                    output_loss = self._output_loss(fn, target, output, sample_weight)
                output_losses.append(output_loss)
                weighted_loss = weight * output_loss
                total = weighted_loss if total is None else total + weighted_loss
            layer_losses = self.losses
            if layer_losses:
                total = total + op("add_n")(layer_losses)
        return _LossGraph(total, output_losses, sample_weights)

    def _loss_graph(self, weighted):
        graph = self._loss_graphs.get(weighted)
        if graph is None:
            graph = self._loss_graphs[weighted] = self._build_loss(weighted)
        self.total_loss = graph.total
        return graph

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
    def _output_loss(fn, target, output, sample_weight=None):
        if isinstance(fn, losses_module.Loss):
            values = fn.call(target, output)
            reduction = "sum_over_batch_size" if fn.reduction == "auto" else fn.reduction
        else:
            values = fn(target, output)
            reduction = "sum_over_batch_size"
        if sample_weight is not None and values.shape.ndims is not None and values.shape.ndims > 1:
            sample_weight = op("reshape")(sample_weight, [-1] + [1] * (values.shape.ndims - 1))
        return losses_module.reduce_weighted(values, sample_weight, reduction)

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
    def _make_train_op(self, loss_graph=None):
        """The training update of `loss_graph` (the loss without sample weights by default): the optimizer's
        update in `training/<optimizer name>` and the layers' updates, built the first time it is wanted."""
        loss_graph = loss_graph or self._loss_graph(False)
        if loss_graph.train_op is None:
            graph = get_default_graph()
            with graph.name_scope("training"):
                with graph.name_scope(type(self.optimizer).__name__ if isinstance(
                        self.optimizer, optimizers_module.TFOptimizer) else self.optimizer._name):
                    updates = self.optimizer.get_updates(loss=loss_graph.total, params=self.trainable_weights)
            updates = updates + _updates_for(list(self.updates), self.inputs)
            with graph.name_scope("training"):
                loss_graph.train_op = op("group")(*updates)
        return loss_graph.train_op

    def _run_batch(self, xs, ys, weights, train):
        """One session run of a batch: its loss, then each metric's running value (the output losses first
        when the model has several outputs). `weights`: a sample-weight array per output, or None."""
        loss_graph = self._loss_graph(weights is not None)
        feed = {t: v for t, v in zip(self.inputs, xs)}
        feed.update({t: v for t, v in zip(self._targets, ys)})
        if weights is not None:
            feed.update(zip(loss_graph.sample_weights, weights))
        several = len(loss_graph.output_losses) > 1
        fetches = [loss_graph.total] + (list(loss_graph.output_losses) if several else [])
        for metric in self._compiled_metrics:
            fetches += [metric.total] if metric.count is None else [metric.total, metric.count]
        if train:
            phase = K.learning_phase()
            if not isinstance(phase, int):
                feed[phase] = True
            fetches.append(self._make_train_op(loss_graph))
        values = K.get_session().run(fetches, feed_dict=feed)
        results, at = [values[0]], 1
        if several:
            results += [metric.update(value, 1.0) for metric, value in
                        zip(self._output_loss_metrics, values[1:1 + len(self._output_loss_metrics)])]
            at += len(self._output_loss_metrics)
        for metric in self._compiled_metrics:
            if metric.count is None:
                results.append(metric.update(values[at], 1.0))
                at += 1
            else:
                results.append(metric.update(values[at], values[at + 1]))
                at += 2
        return results

    def reset_metrics(self):
        for metric in getattr(self, "_output_loss_metrics", []) + getattr(self, "_compiled_metrics", []):
            metric.reset()

    def _sample_weights(self, ys, sample_weight, class_weight):
        """tf_keras's per-output sample weights from `sample_weight` and `class_weight` (multiplied when both
        are given; ones for an output given neither while another is weighted), or None for none at all."""
        names = self.output_names
        per_output = [_weights_for(y, sw, cw) for y, sw, cw in zip(
            ys, _per_output_weights(sample_weight, names, "sample_weight"),
            _per_output_weights(class_weight, names, "class_weight"))]
        if all(w is None for w in per_output):
            return None
        return [np.ones(len(y), K.floatx()) if w is None else w for y, w in zip(ys, per_output)]

    def _epoch(self, source, batch_size, shuffle, train, callbacks, steps_name=None, progress=None):
        """One pass over `source`'s batches (training_data.py): the loss and the metrics' running values.
        `callbacks` (a CallbackList) hear each batch begin and end; a training pass ends after the batch in
        which one of them set `stop_training`. The loss is tf_keras's: in training the batch losses weighted
        by batch size (its BaseLogger), in evaluation weighted by batch size when samples are counted and the
        plain mean over the steps when steps are (its aggregator). `progress` collects (batch, size, loss)."""
        self.reset_metrics()
        total, seen, results = 0.0, 0, None
        begin, end_hook = ("on_train_batch_begin", "on_train_batch_end") if train else \
            ("on_test_batch_begin", "on_test_batch_end")
        for batch, (xs, ys, weights) in enumerate(source.epoch(batch_size, shuffle)):
            xs, ys = self._checked_inputs(xs, ys)
            if weights is not None or getattr(source, "class_weight", None) is not None:
                weights = self._sample_weights(ys, weights, getattr(source, "class_weight", None))
            size = len(xs[0])
            logs = {"batch": batch, "size": size}
            callbacks.call(begin, batch, logs)
            results = self._run_batch(xs, ys, weights, train)
            loss = float(results[0])
            total += loss if source.use_steps and not train else loss * size
            seen += size
            if progress is not None:
                progress.append((batch, size, loss))
            logs.update((name, float(value)) for name, value in zip(self.metrics_names, results))
            callbacks.call(end_hook, batch, logs)
            if train and self.stop_training:
                break
        if getattr(source, "exhausted", False):
            source.warn_exhausted(steps_name)
            self.stop_training = True
        if results is None:
            raise ValueError("Empty training data." if source.use_steps else
                             "Expect x to be a non-empty array or dataset.")
        total /= seen if train else source.count
        return [total] + [float(r) for r in results[1:]]

    def _checked_inputs(self, xs, ys):
        return _standardize(xs, self.inputs, "input"), _standardize(ys, self._targets, "target")

    # --- the public loop ------------------------------------------------------------------------
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose=1, callbacks=None, validation_split=0.0,
            validation_data=None, shuffle=True, class_weight=None, sample_weight=None, initial_epoch=0,
            steps_per_epoch=None, validation_steps=None, validation_freq=1, max_queue_size=10, workers=1,
            use_multiprocessing=False, **kwargs):
        """Trains for `epochs` passes over NumPy arrays (`x`, `y`, `batch_size` rows a step) or over a Python
        generator or tf.keras.utils.Sequence of batches (`steps_per_epoch` a pass), as tf_keras's v1 loops."""
        self._check_compiled("fit")
        kwargs.pop("nb_epoch", None)
        if kwargs:
            raise TypeError(f"Unrecognized keyword arguments: {kwargs}")
        if shuffle == "batch":
            raise NotImplementedError("tf.keras.Model.fit(shuffle='batch') is not provided yet")
        if training_data.is_generator_like(x):
            _check_generator_arguments(x, y, sample_weight, validation_split, batch_size)
            source = training_data.Stream(x, training_data.steps_of(x, steps_per_epoch, "steps_per_epoch"),
                                          shuffle, workers, epochs - initial_epoch)
        else:
            if steps_per_epoch is not None:
                raise NotImplementedError("tf.keras.Model.fit(steps_per_epoch=...) on arrays is not provided yet")
            batch_size = batch_size or 32
            xs = _standardize(x, self.inputs, "input")
            ys = _standardize(y, self._targets, "target")
            weights = self._sample_weights(ys, sample_weight, class_weight)
            if validation_data is None and validation_split and 0.0 < validation_split < 1.0:
                split_at = int(len(xs[0]) * (1.0 - validation_split))
                validation_data = ([a[split_at:] for a in xs], [a[split_at:] for a in ys]) + \
                    (() if weights is None else ([w[split_at:] for w in weights],))
                xs, ys = [a[:split_at] for a in xs], [a[:split_at] for a in ys]
                weights = None if weights is None else [w[:split_at] for w in weights]
            source = training_data.Arrays(xs, ys, weights)
        source.class_weight = class_weight if source.use_steps else None
        val = self._validation_source(validation_data, validation_steps, workers) \
            if validation_data is not None else None
        names = list(self.metrics_names)
        if val is not None:
            names += ["val_" + n for n in self.metrics_names]
        history = self.history = History()
        # History last: it keeps what the others add to an epoch's logs (ReduceLROnPlateau's `lr`), as in tf_keras
        hooks = CallbackList(list(callbacks or []) + [history], self, batch_size=None if source.use_steps else
                             batch_size, samples=source.count, verbose=verbose, epochs=epochs,
                             do_validation=val is not None, metrics=names, steps=source.steps if source.use_steps
                             else None)
        self.stop_training = False
        if verbose and not source.use_steps:
            if val is not None and not val.use_steps:
                print(f"Train on {source.count} samples, validate on {val.count} samples")
            else:
                print(f"Train on {source.count} samples")
        if not source.use_steps:  # (built before the callbacks start, as tf_keras's array loop builds it; its
            # generator loop builds it at the first batch)
            self._make_train_op(self._loss_graph(source.weights is not None))
        hooks.call("on_train_begin", {})
        last_batch_size = batch_size
        for epoch in range(initial_epoch, epochs):
            if self.stop_training:  # (a generator that ran out of batches in the epoch before)
                break
            if verbose and epochs > 1:
                print(f"Epoch {epoch + 1}/{epochs}")
            start = time.time()
            hooks.call("on_epoch_begin", epoch, {})
            progress = [] if source.use_steps else None
            results = self._epoch(source, batch_size, shuffle, True, hooks, "steps_per_epoch", progress)
            logs = dict(zip(self.metrics_names, results))
            if source.use_steps and progress:
                last_batch_size = progress[-1][1]
            if val is not None and (epoch + 1) % validation_freq == 0 and not self.stop_training:
                if isinstance(validation_data, training_data.Sequence):  # read from its start each time
                    val = self._validation_source(validation_data, validation_steps, workers)
                hooks.call("on_test_begin", {})
                # tf_keras's validation pass over arrays shuffles its samples too (whatever `shuffle` says) when
                # the training data are arrays: the order only moves float sums, but the draw moves NumPy's
                # generator for the next epochs' shuffles. After a generator's epoch it reads them in order, in
                # batches of the epoch's last batch size.
                val_results = self._epoch(val, batch_size if not source.use_steps else last_batch_size,
                                          not source.use_steps, False, hooks, "validation_steps")
                hooks.call("on_test_end", {})
                logs.update({"val_" + n: v for n, v in zip(self.metrics_names, val_results)})
            if verbose:
                _print_progress(verbose, source, start, names, logs, progress if verbose == 1 else None)
            hooks.call("on_epoch_end", epoch, logs)
        hooks.call("on_train_end", {})
        return history

    def _validation_source(self, data, steps, workers):
        if training_data.is_generator_like(data):
            if steps is None and not isinstance(data, training_data.Sequence):
                raise ValueError("Please specify the `validation_steps` argument.")
            return training_data.Stream(data, training_data.steps_of(data, steps, "validation_steps"), False,
                                        workers)
        if not isinstance(data, (list, tuple)) or len(data) not in (2, 3):
            raise ValueError("When passing a `validation_data` argument, it must contain either 2 items (x_val, "
                             "y_val), or 3 items (x_val, y_val, val_sample_weights), or alternatively it could be "
                             f"a dataset or a dataset or a dataset iterator. However we received `validation_data="
                             f"{data}`")
        xs = _standardize(data[0], self.inputs, "input")
        ys = _standardize(data[1], self._targets, "target")
        weights = self._sample_weights(ys, data[2], None) if len(data) == 3 else None
        return training_data.Arrays(xs, ys, weights)

    def fit_generator(self, generator, steps_per_epoch=None, epochs=1, verbose=1, callbacks=None,
                      validation_data=None, validation_steps=None, validation_freq=1, class_weight=None,
                      max_queue_size=10, workers=1, use_multiprocessing=False, shuffle=True, initial_epoch=0):
        """fit over a generator or Sequence (deprecated in tf_keras, which warns so)."""
        warnings.warn("`model.fit_generator` is deprecated and will be removed in a future version. Please use "
                      "`Model.fit`, which supports generators.", stacklevel=2)
        return self.fit(generator, steps_per_epoch=steps_per_epoch, epochs=epochs, verbose=verbose,
                        callbacks=callbacks, validation_data=validation_data, validation_steps=validation_steps,
                        validation_freq=validation_freq, class_weight=class_weight, max_queue_size=max_queue_size,
                        workers=workers, use_multiprocessing=use_multiprocessing, shuffle=shuffle,
                        initial_epoch=initial_epoch)

    def evaluate(self, x=None, y=None, batch_size=None, verbose=1, sample_weight=None, steps=None, callbacks=None,
                 max_queue_size=10, workers=1, use_multiprocessing=False, **kwargs):
        """The loss and metrics over arrays or a generator / Sequence (`steps` batches). Prints nothing, whatever
        `verbose` says, as tf_keras's v1 loop (it adds a progress bar to fit only)."""
        self._check_compiled("evaluate")
        if kwargs:
            raise TypeError(f"Invalid keyword arguments: {kwargs}")
        if training_data.is_generator_like(x):
            _check_generator_arguments(x, y, sample_weight, None, batch_size)
            source = training_data.Stream(x, training_data.steps_of(x, steps, "steps"), False, workers)
        else:
            if steps is not None:
                raise NotImplementedError("tf.keras.Model.evaluate(steps=...) on arrays is not provided yet")
            xs = _standardize(x, self.inputs, "input")
            ys = _standardize(y, self._targets, "target")
            source = training_data.Arrays(xs, ys, self._sample_weights(ys, sample_weight, None))
        batch_size = batch_size or 32
        hooks = CallbackList(callbacks, self, batch_size=None if source.use_steps else batch_size,
                             samples=source.count, verbose=verbose, metrics=self.metrics_names,
                             steps=source.steps if source.use_steps else None)
        hooks.call("on_test_begin", {})
        results = self._epoch(source, batch_size, False, False, hooks, "steps")
        hooks.call("on_test_end", {})
        return _one_or_list([np.float32(r) for r in results])

    def evaluate_generator(self, generator, steps=None, callbacks=None, max_queue_size=10, workers=1,
                           use_multiprocessing=False, verbose=0):
        """evaluate over a generator or Sequence (deprecated in tf_keras, which warns so)."""
        warnings.warn("`Model.evaluate_generator` is deprecated and will be removed in a future version. Please use "
                      "`Model.evaluate`, which supports generators.", stacklevel=2)
        return self.evaluate(generator, steps=steps, callbacks=callbacks, max_queue_size=max_queue_size,
                             workers=workers, use_multiprocessing=use_multiprocessing, verbose=verbose)

    def predict_generator(self, generator, steps=None, callbacks=None, max_queue_size=10, workers=1,
                          use_multiprocessing=False, verbose=0):
        """predict over a generator or Sequence (deprecated in tf_keras, which warns so)."""
        warnings.warn("`Model.predict_generator` is deprecated and will be removed in a future version. Please use "
                      "`Model.predict`, which supports generators.", stacklevel=2)
        return self.predict(generator, steps=steps, callbacks=callbacks, max_queue_size=max_queue_size,
                            workers=workers, use_multiprocessing=use_multiprocessing, verbose=verbose)

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, reset_metrics=True,
                       return_dict=False):
        return self._on_batch(x, y, True, sample_weight, class_weight, reset_metrics, return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, reset_metrics=True, return_dict=False):
        return self._on_batch(x, y, False, sample_weight, None, reset_metrics, return_dict)

    def _on_batch(self, x, y, train, sample_weight, class_weight, reset_metrics, return_dict):
        self._check_compiled("train_on_batch" if train else "test_on_batch")
        xs = _standardize(x, self.inputs, "input")
        ys = _standardize(y, self._targets, "target")
        outs = self._run_batch(xs, ys, self._sample_weights(ys, sample_weight, class_weight), train)
        if reset_metrics:
            self.reset_metrics()
        outs = [np.float32(o) for o in outs]
        if return_dict:
            return dict(zip(self.metrics_names, outs))
        return _one_or_list(outs)


def _updates_for(updates, inputs) -> list:
    """The layers' updates that the model's inputs can feed: a nested model's layers also hold the updates of
    the call that built it on its own inputs, which tf_keras leaves out of the outer model's training."""
    fed = {id(t.op) for t in inputs}
    kept = []
    for update in updates:
        start = update.op if hasattr(update, "op") and not hasattr(update, "control_inputs") else update
        seen, stack, ok = set(), [start], True
        while stack and ok:
            op_ = stack.pop()
            if id(op_) in seen or id(op_) in fed:
                continue
            seen.add(id(op_))
            if op_.type == "Placeholder" and "keras_learning_phase" not in op_.name:
                ok = False
                break
            stack.extend(t.op for t in op_.inputs)
            stack.extend(getattr(op_, "control_inputs", []))
        if ok:
            kept.append(update)
    return kept


def _check_generator_arguments(data, y, sample_weight, validation_split, batch_size):
    """tf_keras's errors for arguments that a generator or Sequence gives itself."""
    training_data.check_no_batch_size(data, batch_size)
    if y is not None:
        raise ValueError("`y` argument is not supported when data isa generator or Sequence instance. Instead pass "
                         "targets as the second element of the generator.")
    if sample_weight is not None:
        raise ValueError("`sample_weight` argument is not supported when data isa generator or Sequence instance. "
                         "Instead pass sample weights as the third element of the generator.")
    if validation_split:
        raise ValueError("If your data is in the form of a Python generator, you cannot use `validation_split`.")


def _per_output_weights(weights, names, kind):
    """`sample_weight` or `class_weight` as one entry per output (tf_keras's
    standardize_sample_or_class_weights)."""
    if weights is None or (isinstance(weights, (list, tuple)) and len(weights) == 0):
        return [None] * len(names)
    if len(names) == 1:
        if isinstance(weights, (list, tuple)) and len(weights) == 1:
            return list(weights)
        if isinstance(weights, dict) and names[0] in weights:
            return [weights[names[0]]]
        return [weights]
    if isinstance(weights, (list, tuple)):
        if len(weights) != len(names):
            raise ValueError(f"Provided `{kind}` was a list of {len(weights)} elements, but the model has "
                             f"{len(names)} outputs. You should provide one `{kind}`array per model output.")
        return list(weights)
    if isinstance(weights, dict):
        unknown = [key for key in weights if key not in names]
        if unknown:
            raise ValueError(f"Unknown entries in {kind} dictionary: {unknown}. Only expected following keys: "
                             f"{names}")
        return [weights.get(name) for name in names]
    raise TypeError(f"The model has multiple outputs, so `{kind}` should be either a list or a dict. Provided "
                    f"`{kind}` type not understood: {weights}")


def _weights_for(y, sample_weight, class_weight):
    """One output's sample weights (tf_keras's standardize_weights, sample-wise): `sample_weight` (1-D, one per
    sample) times the weights `class_weight` gives each sample's class, or None when neither is given."""
    if sample_weight is not None:
        sample_weight = np.asarray(sample_weight)
        if sample_weight.ndim != 1:
            raise ValueError(f"Found a sample_weight array with shape {sample_weight.shape}. In order to use "
                             "timestep-wise sample weights, you should specify sample_weight_mode=\"temporal\" in "
                             "compile(); founssd \"None\" instead. If you just mean to use sample-wise weights, "
                             "make sure your sample_weight array is 1D.")
        if y.shape[:1] != sample_weight.shape:
            raise ValueError(f"Found a sample_weight array with shape {sample_weight.shape} for an input with shape "
                             f"{y.shape}. sample_weight cannot be broadcast.")
    class_sample_weight = None
    if isinstance(class_weight, dict):
        if y.ndim > 2:
            raise ValueError("`class_weight` not supported for 3+ dimensional targets.")
        classes = y
        if y.ndim == 2:
            classes = np.argmax(y, axis=1) if y.shape[1] > 1 else np.reshape(y, y.shape[0])
        class_sample_weight = np.asarray([class_weight[c] for c in classes if c in class_weight])
        if len(class_sample_weight) != len(classes):
            missing = set(classes) - set(class_weight)
            raise ValueError(f"`class_weight` must contain all classes in the data. The classes {missing} exist in "
                             "the data but not in `class_weight`.")
    if class_sample_weight is not None and sample_weight is not None:
        return class_sample_weight * sample_weight
    return sample_weight if sample_weight is not None else class_sample_weight


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

