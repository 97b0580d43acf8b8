"""Keras weight files (HDF5) and ModelCheckpoint, as programs run on TensorFlow 2.21 (tf_keras, graph mode) and
on sessionflow. Each model builder takes the `tf` module (TensorFlow's compat.v1 or sessionflow); `fill`
gives every weight a value computed from its name, so a test can tell which value went where. Each scenario
takes `tf` and a scratch folder and returns what happened as data (files written, their layout, messages
printed or logged, errors raised); tools/record_keras_h5_goldens.py records TensorFlow's results in
tests/keras_graph/data/saving_goldens.json and TensorFlow's weight files beside it."""

from __future__ import annotations

import contextlib
import io
import logging
import os

import numpy as np

MODELS: dict = {}
SCENARIOS: dict = {}


def model(fn):
    MODELS[fn.__name__] = fn
    return fn


def scenario(fn):
    SCENARIOS[fn.__name__] = fn
    return fn


# --- models ------------------------------------------------------------------------------------------------

@model
def sequential(tf, units=3):
    """Dense, batch norm (non-trainable moving statistics), a weightless Dropout, Dense."""
    K = tf.keras
    return K.Sequential([K.layers.Dense(units, input_shape=(2,), name="dense"),
                         K.layers.BatchNormalization(name="batch_normalization"),
                         K.layers.Dropout(0.5, name="dropout"), K.layers.Dense(1, name="dense_1")])


@model
def functional(tf):
    """An input layer, a nested Sequential (one group holding its layers' weights), a frozen layer whose
    kernel is non-trainable, a weightless merge."""
    K = tf.keras
    x = K.Input(shape=(4,), name="features")
    h = K.layers.Dense(3, activation="relu", name="hidden")(x)
    block = K.Sequential([K.layers.Dense(2, input_shape=(3,), name="inner_dense"),
                          K.layers.BatchNormalization(name="inner_bn")], name="block")
    b = block(h)
    f = K.layers.Dense(2, name="frozen", trainable=False)(b)
    merged = K.layers.Concatenate(name="merge")([b, f])
    out = K.layers.Dense(1, name="out")(merged)
    return K.Model(x, out, name="net")


@model
def subclassed(tf):
    """A subclassed model built by its first call: its layers' weights in its name scope (`sub/dense/kernel`),
    and a weight of its own (a scalar in the `top_level_model_weights` group)."""
    K = tf.keras

    class Sub(K.Model):
        def __init__(self):
            super().__init__(name="sub")
            self.dense = K.layers.Dense(2, name="dense")
            self.norm = K.layers.BatchNormalization(name="norm")
            self.scale = self.add_weight("scale", shape=(), initializer="ones")

        def call(self, x, training=None):
            return self.norm(self.dense(x), training=training) * self.scale

    m = Sub()
    m(tf.placeholder(tf.float32, [None, 3]))
    return m


def fill(tf, model):
    """Sets every weight of `model` to a value made from its name and shape (names are TF's, so the values
    are the same on both); returns {weight name: value}."""
    values = {}
    for w in model.weights:
        shape = tuple(w.shape.as_list())
        offset = sum(ord(c) for c in w.name) % 89 / 8.0
        values[w.name] = (offset + 0.25 * np.arange(int(np.prod(shape)))).reshape(shape).astype(np.float32)
    tf.keras.backend.batch_set_value([(w, values[w.name]) for w in model.weights])
    return values


# --- what a file holds -------------------------------------------------------------------------------------

def _attr(value):
    if isinstance(value, np.ndarray):
        return {"array": str(value.dtype), "values": [v.decode() if isinstance(v, bytes) else v
                                                      for v in value.tolist()]}
    if isinstance(value, bytes):
        return {"bytes": value.decode()}
    return {type(value).__name__: value}


def layout(path):
    """The groups, datasets (dtype, shape, values), attributes (with their HDF5 string types) of an HDF5 file,
    in h5py's visiting order."""
    import h5py

    def attrs(obj):
        found = {}
        for key in obj.attrs:
            stored = obj.attrs.get_id(key).dtype
            info = h5py.check_string_dtype(stored)
            found[key] = dict(_attr(obj.attrs[key]), stored=str(stored),
                              string=None if info is None else [info.encoding, info.length])
        return found

    items = []
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            entry = {"name": name, "kind": type(obj).__name__, "attrs": attrs(obj)}
            if isinstance(obj, h5py.Dataset):
                entry.update(dtype=str(obj.dtype), shape=list(obj.shape), chunks=obj.chunks,
                             compression=obj.compression, values=np.asarray(obj[()]).ravel().tolist())
            items.append(entry)

        root = {"attrs": attrs(f)}
        f.visititems(visit)
    return {"root": root, "items": items}


# --- scenarios ---------------------------------------------------------------------------------------------

@contextlib.contextmanager
def _captured():
    """What is printed to stdout and logged to the `tensorflow` logger inside the block."""
    records = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(f"{record.levelname}: {record.getMessage()}")
    logger = logging.getLogger("tensorflow")
    logger.addHandler(handler)
    out = io.StringIO()
    seen = {"stdout": out, "logged": records}
    try:
        with contextlib.redirect_stdout(out):
            yield seen
    finally:
        logger.removeHandler(handler)


def _attempt(fn):
    try:
        result = fn()
    except Exception as e:  # noqa: BLE001 - the error is the result
        return {"error": type(e).__name__, "message": str(e)}
    return {"ok": None if result is None else str(result)}


@scenario
def saved_layouts(tf, folder):
    """The files save_weights writes for each model."""
    found = {}
    for name, build in sorted(MODELS.items()):
        with tf.Graph().as_default():
            m = build(tf)
            fill(tf, m)
            path = os.path.join(folder, f"{name}.h5")
            m.save_weights(path)
            found[name] = layout(path)
    return found


@scenario
def load_errors(tf, folder):
    """Loading into a model that does not match the file: TF's errors, by_name and skip_mismatch's warnings,
    which weights were loaded."""
    K = tf.keras
    path = os.path.join(folder, "w.h5")
    with tf.Graph().as_default():
        m = sequential(tf)
        fill(tf, m)
        m.save_weights(path)
    results = {}

    def run(label, build, **kwargs):
        with tf.Graph().as_default():
            target = build()
            before = {w.name: v for w, v in zip(target.weights, target.get_weights())}
            with _captured() as seen:
                outcome = _attempt(lambda: target.load_weights(path, **kwargs))
            after = {w.name: v for w, v in zip(target.weights, target.get_weights())}
            loaded = sorted(n for n in after if after[n].shape != before[n].shape
                            or not np.array_equal(after[n], before[n]))
            results[label] = dict(outcome, printed=seen["stdout"].getvalue(), logged=seen["logged"], loaded=loaded)

    run("same", lambda: sequential(tf))
    run("same_by_name", lambda: sequential(tf), by_name=True)
    run("layer_count", lambda: K.Sequential([K.layers.Dense(3, input_shape=(2,))]))
    run("weight_count", lambda: K.Sequential([K.layers.Dense(3, input_shape=(2,), use_bias=False),
                                              K.layers.BatchNormalization(), K.layers.Dense(1)]))
    run("weight_count_by_name", lambda: K.Sequential([K.layers.Dense(3, input_shape=(2,), name="dense"),
                                                      K.layers.BatchNormalization(name="batch_normalization",
                                                                                  center=False),
                                                      K.layers.Dense(1, name="dense_1")]), by_name=True)
    run("weight_count_skip", lambda: K.Sequential([K.layers.Dense(3, input_shape=(2,), name="dense"),
                                                   K.layers.BatchNormalization(name="batch_normalization",
                                                                               center=False),
                                                   K.layers.Dense(1, name="dense_1")]),
        by_name=True, skip_mismatch=True)
    run("shape_by_name", lambda: sequential(tf, units=4), by_name=True)
    run("shape_skip", lambda: sequential(tf, units=4), by_name=True, skip_mismatch=True)
    run("skip_without_by_name", lambda: sequential(tf), skip_mismatch=True)
    run("other_names_by_name", lambda: K.Sequential([K.layers.Dense(3, input_shape=(2,), name="x"),
                                                     K.layers.Dense(1, name="dense_1")]), by_name=True)
    run("weightless_layers_ignored", lambda: K.Sequential([K.layers.Dense(3, input_shape=(2,), name="d"),
                                                           K.layers.Activation("relu"),
                                                           K.layers.BatchNormalization(name="bn"),
                                                           K.layers.Dense(1, name="e")]))
    return results


@scenario
def save_errors(tf, folder):
    """save_weights' argument errors."""
    results = {}
    with tf.Graph().as_default():
        m = sequential(tf)
        results["unknown_format"] = _attempt(lambda: m.save_weights(os.path.join(folder, "a.h5"),
                                                                    save_format="pickle"))
        results["tf_format_on_h5_path"] = _attempt(lambda: m.save_weights("a.h5", save_format="tf"))
        os.makedirs(os.path.join(folder, "adir.h5"))
        results["directory"] = _attempt(lambda: m.save_weights(os.path.join(folder, "adir.h5")))["error"]
        results["missing_folder"] = _attempt(lambda: m.save_weights(os.path.join(folder, "no", "a.h5")))["error"]
    return results


@scenario
def overwrite_prompt(tf, folder):
    """overwrite=False on an existing file asks on stdin ("n" keeps the file, "y" writes it)."""
    import builtins

    path = os.path.join(folder, "w.h5")
    results = {}
    with tf.Graph().as_default():
        m = sequential(tf)
        m.save_weights(path)
        for label, answers in (("no", ["maybe", "n"]), ("yes", [" Y "])):
            asked, replies = [], iter(answers)

            def fake_input(prompt="", asked=asked, replies=replies):
                asked.append(prompt)
                return next(replies)

            original, builtins.input = builtins.input, fake_input
            os.utime(path, (1, 1))
            try:
                with _captured() as seen:
                    outcome = _attempt(lambda: m.save_weights(path, overwrite=False))
            finally:
                builtins.input = original
            results[label] = dict(outcome, asked=[a.replace(folder, "<folder>") for a in asked],
                                  printed=seen["stdout"].getvalue(),
                                  written=os.path.getmtime(path) != 1)
    return results


def _drive(tf, folder, epochs_logs, batches=0, **kwargs):
    """A ModelCheckpoint driven by hand through epochs (and, when `batches`, their training batches), as the
    training loop calls it: the files it wrote, what it printed and logged."""
    K = tf.keras
    with tf.Graph().as_default():
        m = sequential(tf)
        kwargs["filepath"] = os.path.join(folder, kwargs["filepath"])
        with _captured() as seen:
            callback = K.callbacks.ModelCheckpoint(**kwargs)
            callback.set_model(m)
            callback.on_train_begin({})
            for epoch, logs in enumerate(epochs_logs):
                callback.on_epoch_begin(epoch, {})
                for batch in range(batches):
                    callback.on_train_batch_begin(batch, {"batch": batch, "size": 2})
                    callback.on_train_batch_end(batch, {"batch": batch, "size": 2, "loss": 0.5 - 0.01 * batch})
                callback.on_epoch_end(epoch, dict(logs))
            callback.on_train_end({})
        printed = seen["stdout"].getvalue().replace(folder, "<folder>")
        return {"files": sorted(os.path.relpath(os.path.join(d, f), folder) for d, _, fs in os.walk(folder)
                                for f in fs),
                "printed": printed, "logged": [line.replace(folder, "<folder>") for line in seen["logged"]]}


def _fresh(folder, name):
    path = os.path.join(folder, name)
    os.makedirs(path)
    return path


LOSSES = [{"loss": 0.9, "val_loss": 0.8, "acc": 0.5, "val_acc": 0.4},
          {"loss": 0.7, "val_loss": 0.85, "acc": 0.6, "val_acc": 0.55},
          {"loss": 0.5, "val_loss": 0.6, "acc": 0.7, "val_acc": 0.5},
          {"loss": 0.4, "val_loss": 0.6, "acc": 0.8, "val_acc": 0.7}]


@scenario
def checkpoints(tf, folder):
    """ModelCheckpoint: file names formatted with the epoch and the logs, save_best_only with each mode, the
    verbose messages, a missing monitor, save_freq in batches, period, weight-file contents."""
    results = {}
    h5 = {"save_weights_only": True}
    results["every_epoch"] = _drive(tf, _fresh(folder, "a"), LOSSES, verbose=1,
                                    filepath="weights.{epoch:02d}-{val_loss:.2f}.hdf5", **h5)
    results["best_val_loss"] = _drive(tf, _fresh(folder, "b"), LOSSES, verbose=1, save_best_only=True,
                                      filepath="best.{epoch:02d}.h5", **h5)
    results["best_auto_acc"] = _drive(tf, _fresh(folder, "c"), LOSSES, verbose=1, save_best_only=True,
                                      monitor="val_acc", filepath="acc{epoch}.h5", **h5)
    results["best_max_loss"] = _drive(tf, _fresh(folder, "d"), LOSSES, verbose=1, save_best_only=True,
                                      mode="max", filepath="max{epoch}.h5", **h5)
    results["unknown_mode"] = _drive(tf, _fresh(folder, "e"), LOSSES[:2], save_best_only=True, mode="big",
                                     monitor="loss", filepath="m{epoch}.h5", **h5)
    results["missing_monitor"] = _drive(tf, _fresh(folder, "f"), LOSSES[:2], verbose=1, save_best_only=True,
                                        monitor="val_auc", filepath="x{epoch}.h5", **h5)
    results["threshold"] = _drive(tf, _fresh(folder, "g"), LOSSES, verbose=1, save_best_only=True,
                                  initial_value_threshold=0.7, filepath="t{epoch}.h5", **h5)
    results["save_freq"] = _drive(tf, _fresh(folder, "h"), LOSSES[:2], batches=5, verbose=1, save_freq=3,
                                  filepath="e{epoch}-b{batch}.h5", **h5)
    results["period"] = _drive(tf, _fresh(folder, "i"), LOSSES, verbose=1, period=2, filepath="p{epoch}.h5", **h5)
    results["subfolder"] = _drive(tf, _fresh(folder, "j"), LOSSES[:1], filepath="sub/dir/w{epoch}.h5", **h5)
    results["missing_key"] = _attempt(lambda: _drive(tf, _fresh(folder, "k"), LOSSES[:1],
                                                     filepath="w{epoch}-{val_mae}.h5", **h5))
    results["missing_key"]["message"] = results["missing_key"]["message"].replace(folder, "<folder>")
    directory = _fresh(folder, "l")
    os.makedirs(os.path.join(directory, "w1.h5"))
    results["directory"] = _attempt(lambda: _drive(tf, directory, LOSSES[:1], filepath="w{epoch}.h5", **h5))
    results["directory"]["message"] = results["directory"]["message"].replace(folder, "<folder>")
    results["bad_save_freq"] = _attempt(lambda: tf.keras.callbacks.ModelCheckpoint("w.h5", save_freq="batch"))
    # the file each epoch wrote holds the weights of that moment
    path = os.path.join(folder, "content.h5")
    with tf.Graph().as_default():
        m = sequential(tf)
        values = fill(tf, m)
        callback = tf.keras.callbacks.ModelCheckpoint(path, save_weights_only=True)
        callback.set_model(m)
        callback.on_epoch_begin(0, {})
        callback.on_epoch_end(0, {})
    results["content"] = layout(path)["items"][0]["attrs"]["weight_names"]["values"] == [
        "batch_normalization/gamma:0", "batch_normalization/beta:0", "batch_normalization/moving_mean:0",
        "batch_normalization/moving_variance:0"] and bool(values)
    return results
