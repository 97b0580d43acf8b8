"""tf.keras.callbacks in the v1 training loop: the hooks fit and evaluate call and their logs, History,
EarlyStopping (patience, restore_best_weights), LambdaCallback, TerminateOnNaN and a callback stopping
training mid-epoch. The expected values are what tf_keras 2.21 (TF_USE_LEGACY_KERAS=1, graph mode) prints
for the same programs."""

import numpy as np
import pytest

import sessionflow as tf


@pytest.fixture(autouse=True)
def graph():
    with tf.Graph().as_default() as g:
        yield g


def _data():
    rng = np.random.RandomState(0)
    return rng.rand(20, 3).astype(np.float32), rng.rand(20, 1).astype(np.float32)


def _model(lr=0.1, metrics=None, ones=False):
    init = {"kernel_initializer": "ones", "bias_initializer": "zeros"} if ones else {}
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(3,), **init)])
    model.compile(optimizer=tf.keras.optimizers.SGD(lr), loss="mse", metrics=metrics)
    return model


class _Recorder(tf.keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.calls = []

    def __getattribute__(self, name):
        if name.startswith("on_"):
            calls = object.__getattribute__(self, "calls")

            def hook(*args):
                calls.append((name,) + tuple(sorted(a) if isinstance(a, dict) else a for a in args))
            return hook
        return object.__getattribute__(self, name)


def test_fit_calls_the_hooks_in_tf_keras_order_with_their_logs():
    x, y = _data()
    model, recorder = _model(metrics=["mse"]), _Recorder()
    history = model.fit(x, y, batch_size=8, epochs=2, verbose=0, callbacks=[recorder], validation_split=0.25,
                        shuffle=False)
    metrics = ["loss", "mean_squared_error"]
    batch, epoch = ["batch", "size"], metrics + ["val_" + m for m in metrics]

    def one_epoch(e):
        return [("on_epoch_begin", e, []),
                ("on_train_batch_begin", 0, batch), ("on_train_batch_end", 0, sorted(batch + metrics)),
                ("on_train_batch_begin", 1, batch), ("on_train_batch_end", 1, sorted(batch + metrics)),
                ("on_test_begin", []), ("on_test_batch_begin", 0, batch),
                ("on_test_batch_end", 0, sorted(batch + metrics)), ("on_test_end", []), ("on_epoch_end", e, sorted(epoch))]

    assert recorder.calls == [("on_train_begin", [])] + one_epoch(0) + one_epoch(1) + [("on_train_end", [])]
    assert recorder.model is model and model.history is history
    assert recorder.params == {"batch_size": 8, "epochs": 2, "steps": None, "samples": 15, "verbose": 0,
                               "do_validation": True, "metrics": epoch}
    assert history.epoch == [0, 1] and sorted(history.history) == sorted(epoch)


def test_batch_logs_hold_the_batch_loss_and_the_metrics_running_values():
    x, y = _data()
    model, seen = _model(metrics=["mae"]), []
    logger = tf.keras.callbacks.LambdaCallback(on_batch_end=lambda b, logs: seen.append(dict(logs)))
    history = model.fit(x, y, batch_size=8, epochs=1, verbose=0, callbacks=[logger], shuffle=False)
    assert [(d["batch"], d["size"]) for d in seen] == [(0, 8), (1, 8), (2, 4)]
    epoch_loss = sum(d["loss"] * d["size"] for d in seen) / 20
    np.testing.assert_allclose(history.history["loss"][0], epoch_loss, rtol=1e-6)
    assert history.history["mean_absolute_error"][0] == seen[-1]["mean_absolute_error"]  # the running mean


def test_early_stopping_waits_for_its_patience_then_stops():
    x, y = _data()
    model = _model()
    stop = tf.keras.callbacks.EarlyStopping(monitor="loss", min_delta=10.0, patience=2)
    history = model.fit(x, y, batch_size=8, epochs=10, verbose=0, callbacks=[stop])
    assert (history.epoch, stop.stopped_epoch, stop.wait, model.stop_training) == ([0, 1, 2], 2, 2, True)
    assert stop.monitor_op is np.less and stop.min_delta == -10.0
    assert tf.keras.callbacks.EarlyStopping(monitor="val_acc").monitor_op is np.greater


def test_early_stopping_restores_the_best_epochs_weights(capsys):
    x, y = _data()
    model = _model(lr=1.2, ones=True)  # a learning rate that diverges after the first step
    stop = tf.keras.callbacks.EarlyStopping(monitor="loss", patience=1, restore_best_weights=True, verbose=1)
    history = model.fit(x, y, batch_size=20, epochs=10, verbose=0, callbacks=[stop], shuffle=False)
    np.testing.assert_allclose(history.history["loss"], [1.5658, 16.5054], atol=1e-4)  # tf_keras's losses
    assert (stop.stopped_epoch, stop.best_epoch) == (1, 0)
    np.testing.assert_allclose(model.get_weights()[0].ravel(), [-0.5425, -0.5893, -0.5808], atol=1e-4)
    out = capsys.readouterr().out
    assert "Epoch 2: early stopping\nRestoring model weights from the end of the best epoch: 1.\n" in out


def test_restore_best_weights_also_restores_when_training_runs_to_its_end():
    x, y = _data()
    model = _model(lr=1.2, ones=True)
    stop = tf.keras.callbacks.EarlyStopping(monitor="loss", patience=5, restore_best_weights=True)
    model.fit(x, y, batch_size=20, epochs=3, verbose=0, callbacks=[stop], shuffle=False)
    assert (stop.stopped_epoch, stop.best_epoch) == (0, 0)  # it never stopped, and still restored
    np.testing.assert_allclose(model.get_weights()[0].ravel(), [-0.5425, -0.5893, -0.5808], atol=1e-4)


def test_a_callback_stopping_mid_epoch_ends_training_after_that_batch():
    x, y = _data()
    seen = []

    class Stop(tf.keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            seen.append(("batch", batch))
            if batch == 1:
                self.model.stop_training = True

        def on_test_begin(self, logs=None):
            seen.append(("test",))

        def on_epoch_end(self, epoch, logs=None):
            seen.append(("epoch", epoch, sorted(logs)))

    history = _model().fit(x, y, batch_size=4, epochs=3, verbose=0, callbacks=[Stop()], validation_split=0.2,
                           shuffle=False)
    assert seen == [("batch", 0), ("batch", 1), ("epoch", 0, ["loss"])]  # no validation pass once stopped
    assert history.epoch == [0]


def test_terminate_on_nan_and_lambda_callback(capsys):
    x, y = _data()
    x[5] = np.nan
    model = _model()
    history = model.fit(x, y, batch_size=4, epochs=3, verbose=0, callbacks=[tf.keras.callbacks.TerminateOnNaN()],
                        shuffle=False)
    assert history.epoch == [0] and np.isnan(history.history["loss"][0])
    assert "Batch 1: Invalid loss, terminating training" in capsys.readouterr().out
    calls = []
    hooks = tf.keras.callbacks.LambdaCallback(on_epoch_end=lambda e, logs: calls.append(e),
                                              on_train_end=lambda logs: calls.append("end"))
    _model().fit(*_data(), batch_size=10, epochs=2, verbose=0, callbacks=[hooks])
    assert calls == [0, 1, "end"]


def test_evaluate_calls_the_test_hooks():
    x, y = _data()
    seen = []

    class Seen(tf.keras.callbacks.Callback):
        def on_test_batch_end(self, batch, logs=None):
            seen.append((batch, sorted(logs)))

        def on_test_end(self, logs=None):
            seen.append("end")

    loss = _model().evaluate(x, y, batch_size=8, verbose=0, callbacks=[Seen()])
    assert seen == [(0, ["batch", "loss", "size"]), (1, ["batch", "loss", "size"]), (2, ["batch", "loss", "size"]),
                    "end"]
    assert np.isfinite(loss)


def test_reduce_lr_on_plateau_halves_the_rate_down_to_its_floor(capsys):
    x, y = _data()
    model = _model(lr=0.05, ones=True)
    assert tf.keras.backend.get_value(model.optimizer.lr) == np.float32(0.05)
    plateau = tf.keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1, min_delta=10.0, verbose=1,
                                                   cooldown=1, min_lr=0.01)
    history = model.fit(x, y, batch_size=10, epochs=6, verbose=0, callbacks=[plateau], validation_split=0.5,
                        shuffle=False)
    # tf_keras's: History comes after the user's callbacks, so it keeps the `lr` they add to the logs
    assert sorted(history.history) == ["loss", "lr", "val_loss"]
    np.testing.assert_allclose(history.history["lr"], [0.05, 0.05, 0.025, 0.0125, 0.01, 0.01], rtol=1e-6)
    assert (plateau.wait, plateau.cooldown_counter) == (2, 0)
    assert capsys.readouterr().out == (
        "\nEpoch 2: ReduceLROnPlateau reducing learning rate to 0.02500000037252903.\n"
        "\nEpoch 3: ReduceLROnPlateau reducing learning rate to 0.012500000186264515.\n"
        "\nEpoch 4: ReduceLROnPlateau reducing learning rate to 0.01.\n")
    with pytest.raises(ValueError, match="does not support a factor >= 1.0. Got 1.5"):
        tf.keras.callbacks.ReduceLROnPlateau(factor=1.5)


def test_csv_logger_writes_tf_keras_rows(tmp_path):
    x, y = _data()
    model = _model(lr=0.05, metrics=["mae"], ones=True)
    path = tmp_path / "log.csv"
    model.fit(x, y, batch_size=10, epochs=3, verbose=0, callbacks=[tf.keras.callbacks.CSVLogger(path)],
              validation_split=0.5, shuffle=False)
    text = path.read_bytes().decode()
    lines = text.split("\r\n")  # csv's excel dialect, as tf_keras writes it
    assert lines[0] == "epoch,loss,mean_absolute_error,val_loss,val_mean_absolute_error" and lines[-1] == ""
    assert [line.split(",")[0] for line in lines[1:-1]] == ["0", "1", "2"]
    np.testing.assert_allclose([float(v) for v in lines[1].split(",")[1:]],  # tf_keras's first row
                               [2.273834228515625, 1.3952306509017944, 0.4553712010383606, 0.6322640180587769],
                               rtol=1e-6)
    other = tmp_path / "log2.csv"
    model.fit(x, y, batch_size=10, epochs=1, verbose=0, callbacks=[tf.keras.callbacks.CSVLogger(other, ";")])
    model.fit(x, y, batch_size=10, epochs=2, verbose=0,
              callbacks=[tf.keras.callbacks.CSVLogger(other, separator=";", append=True)])
    rows = other.read_text().splitlines()
    assert rows[0] == "epoch;loss;mean_absolute_error;val_loss;val_mean_absolute_error"
    assert [r.split(";")[0] for r in rows[1:]] == ["0", "0", "1"]
    assert rows[1].endswith(";NA;NA")  # no validation: its val_ columns say so


def test_learning_rate_scheduler_sets_each_epochs_rate(capsys):
    x, y = _data()
    model = _model(lr=0.05, ones=True)
    halve = tf.keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5 if epoch else lr, verbose=1)
    history = model.fit(x, y, batch_size=10, epochs=3, verbose=0, shuffle=False, callbacks=[halve])
    np.testing.assert_allclose(history.history["lr"], [0.05, 0.025, 0.0125], rtol=1e-6)
    np.testing.assert_allclose(history.history["loss"], [1.3646, 0.7427, 0.5708], atol=1e-4)  # tf_keras's
    assert capsys.readouterr().out == (
        "\nEpoch 1: LearningRateScheduler setting learning rate to 0.05000000074505806.\n"
        "\nEpoch 2: LearningRateScheduler setting learning rate to 0.02500000037252903.\n"
        "\nEpoch 3: LearningRateScheduler setting learning rate to 0.012500000186264515.\n")
    older = tf.keras.callbacks.LearningRateScheduler(lambda epoch: 0.01 * (epoch + 1))  # schedule(epoch)
    history = model.fit(x, y, batch_size=10, epochs=2, verbose=0, callbacks=[older])
    np.testing.assert_allclose(history.history["lr"], [0.01, 0.02], rtol=1e-6)
    with pytest.raises(ValueError, match='The output of the "schedule" function should be float. Got: x'):
        model.fit(x, y, epochs=1, verbose=0, callbacks=[tf.keras.callbacks.LearningRateScheduler(lambda e, lr: "x")])


def _events(log_dir):
    import glob
    import os

    files = glob.glob(os.path.join(str(log_dir), "events.out.tfevents.*"))
    assert len(files) == 1
    out = []
    for event in tf.train.summary_iterator(files[0]):
        kind = event.WhichOneof("what")
        out.append((event.step, [(v.tag, round(v.simple_value, 4)) for v in event.summary.value]
                    if kind == "summary" else kind))
    return out


def test_tensorboard_writes_tf1s_epoch_and_batch_scalars(tmp_path):
    x, y = _data()
    model = _model(lr=0.05, metrics=["mae"], ones=True)
    board = tf.keras.callbacks.TensorBoard
    model.fit(x, y, batch_size=10, epochs=2, verbose=0, shuffle=False, validation_split=0.5,
              callbacks=[board(log_dir=tmp_path / "a")])
    model.fit(x, y, batch_size=4, epochs=1, verbose=0, shuffle=False,
              callbacks=[board(log_dir=tmp_path / "b", update_freq="batch", write_graph=False)])
    model.fit(x, y, batch_size=4, epochs=2, verbose=0, shuffle=False,
              callbacks=[board(log_dir=tmp_path / "c", update_freq=8, write_graph=False)])
    # what TF 1.x's TensorBoard callback (tf_keras 2.21's callbacks_v1) writes for the same program
    assert _events(tmp_path / "a") == [
        (0, "file_version"), (0, "graph_def"), (0, "meta_graph_def"),
        (0, [("epoch_loss", 2.2738)]), (0, [("epoch_mean_absolute_error", 1.3952)]),
        (0, [("epoch_val_loss", 0.4554)]), (0, [("epoch_val_mean_absolute_error", 0.6323)]),
        (1, [("epoch_loss", 1.4933)]), (1, [("epoch_mean_absolute_error", 1.131)]),
        (1, [("epoch_val_loss", 0.234)]), (1, [("epoch_val_mean_absolute_error", 0.4256)])]
    batches = [(1.1102, 1.0518), (0.6105, 0.8563), (0.3034, 0.7204), (0.0309, 0.5791), (0.0886, 0.5075)]
    want = [(0, "file_version")]
    for step, (loss, mae) in enumerate(batches):
        want += [(step, [("batch_loss", loss)]), (step, [("batch_mean_absolute_error", mae)])]
    want += [(20, [("epoch_loss", 0.4287)]), (20, [("epoch_mean_absolute_error", 0.5075)])]
    assert _events(tmp_path / "b") == want
    assert [(step, tags[0][0]) for step, tags in _events(tmp_path / "c")[1:]] == [  # every 8 samples; step: seen
        (1, "batch_loss"), (1, "batch_mean_absolute_error"), (3, "batch_loss"), (3, "batch_mean_absolute_error"),
        (20, "epoch_loss"), (20, "epoch_mean_absolute_error"), (5, "batch_loss"), (5, "batch_mean_absolute_error"),
        (7, "batch_loss"), (7, "batch_mean_absolute_error"), (9, "batch_loss"), (9, "batch_mean_absolute_error"),
        (40, "epoch_loss"), (40, "epoch_mean_absolute_error")]
    with pytest.raises(NotImplementedError, match=r"TensorBoard\(histogram_freq=...\) is not provided yet"):
        board(histogram_freq=1)


def test_fits_validation_pass_draws_its_shuffle_as_tf_keras_does():
    """tf_keras's v1 loop shuffles the validation samples too, so the next epochs' training shuffles come
    later in NumPy's stream: with validation and shuffling, every epoch after the first depends on it."""
    tf.set_random_seed(1)
    np.random.seed(1)
    rng = np.random.RandomState(0)
    centers, labels = rng.randn(4, 8) * 2, rng.randint(0, 4, 400)
    data = (centers[labels] + rng.randn(400, 8)).astype(np.float32)
    model = tf.keras.models.Sequential([tf.keras.layers.Dense(16, activation="relu", input_shape=(8,)),
                                        tf.keras.layers.Dense(4, activation="softmax")])
    model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(data, labels, batch_size=32, epochs=4, validation_split=0.25, verbose=0)
    np.testing.assert_allclose(history.history["val_loss"], [0.6885, 0.2909, 0.1728, 0.0972], atol=1e-4)  # TF's
    np.testing.assert_allclose(model.evaluate(data, labels, verbose=0), [0.0986, 0.9825], atol=1e-4)


def test_predict_calls_the_predict_hooks_with_each_batchs_outputs():
    x = np.arange(30, dtype=np.float32).reshape(10, 3)
    model = tf.keras.Sequential([tf.keras.layers.Dense(2, input_shape=(3,), kernel_initializer="ones")])
    seen = []

    class Seen(tf.keras.callbacks.Callback):
        def on_predict_begin(self, logs=None):
            seen.append(("begin", logs))

        def on_predict_batch_begin(self, batch, logs=None):
            seen.append(("batch_begin", batch, sorted(logs)))

        def on_predict_batch_end(self, batch, logs=None):
            seen.append(("batch_end", batch, sorted(logs), [np.shape(o) for o in logs["outputs"]]))

        def on_predict_end(self, logs=None):
            seen.append(("end", logs))

    out = model.predict(x, batch_size=4, callbacks=[Seen()])
    assert out.shape == (10, 2)
    assert seen == [("begin", {})] + [  # tf_keras's sequence for the same call
        hook for batch, rows in enumerate((4, 4, 2))
        for hook in (("batch_begin", batch, ["batch", "size"]),
                     ("batch_end", batch, ["batch", "outputs", "size"], [(rows, 2)]))] + [("end", {})]
