"""Model.fit / evaluate / predict over Python generators and tf.keras.utils.Sequence, and sample / class weights:
tf_keras 2.21's errors, warnings and printed lines (the literal values were printed by TensorFlow 2.21 with
tf_keras, compat.v1 graph mode, on the same programs). Whole programs against recorded goldens are in
keras_programs.py (fit_generators, fit_sample_and_class_weights)."""

import contextlib
import io
import re

import numpy as np
import pytest

import sessionflow as tf


def _model(seed=1, loss="sparse_categorical_crossentropy"):
    tf.set_random_seed(seed)
    model = tf.keras.Sequential([tf.keras.layers.Dense(2, input_shape=(3,), activation="softmax")])
    model.compile(tf.keras.optimizers.SGD(0.0), loss, metrics=["acc"])
    return model


_X = np.arange(24, dtype=np.float32).reshape(8, 3) / 10
_Y = np.arange(8) % 2


def _four():
    for i in range(4):
        yield _X[2 * i:2 * i + 2], _Y[2 * i:2 * i + 2]


def test_a_generator_that_runs_out_stops_training_with_tfs_warning(caplog):
    with tf.Graph().as_default():
        model = _model()
        history = model.fit(_four(), steps_per_epoch=3, epochs=3, verbose=0)
        # TF: the second epoch ends after its one batch, its loss that batch's; no third epoch
        assert history.epoch == [0, 1]
        np.testing.assert_allclose(history.history["loss"], [1.2145619789759319, 2.2320351600646973], rtol=1e-6)
        assert history.history["acc"] == pytest.approx([0.3333333432674408, 0.5])
        assert "ran out of data; interrupting training. Make sure that your iterator can generate at least " \
               "`steps_per_epoch * epochs` batches (in this case, 9 batches)" in caplog.text
        caplog.clear()
        # evaluate counting steps divides by the steps asked for, as tf_keras's aggregator does
        np.testing.assert_allclose(model.evaluate(_four(), steps=6, verbose=0), [0.97928685, 0.375], rtol=1e-6)
        assert "`steps * epochs` batches (in this case, 6 batches)" in caplog.text
        caplog.clear()
        assert model.predict(_four(), steps=6).shape == (8, 2)
        assert "(in this case, 6 batches)" in caplog.text


def test_generator_arguments_get_tfs_errors():
    with tf.Graph().as_default():
        model = _model()

        def bad():
            yield (_X, _Y, None, None)

        with pytest.raises(ValueError, match=r"Output of generator should be a tuple of 1 or 2 or 3 elements: "
                                             r"\(input,\) or \(input, target\) or \(input, target, sample_weights\)"):
            model.fit(bad(), steps_per_epoch=1, verbose=0)
        with pytest.raises(ValueError, match="Please specify the number of steps via the `steps_per_epoch` argument."):
            model.fit(_four(), verbose=0)
        with pytest.raises(ValueError, match="Please specify the number of steps via the `steps` argument."):
            model.evaluate(_four(), verbose=0)
        with pytest.raises(ValueError, match="Please specify the `validation_steps` argument."):
            model.fit(_four(), steps_per_epoch=1, validation_data=_four(), verbose=0)
        with pytest.raises(ValueError, match="`y` argument is not supported when data isa generator or Sequence "
                                             "instance. Instead pass targets as the second element"):
            model.fit(_four(), np.ones(3), steps_per_epoch=1, verbose=0)
        with pytest.raises(ValueError, match="The `batch_size` argument must not be specified for the given input "
                                             "type. Received input: <generator object _four at"):
            model.fit(_four(), steps_per_epoch=1, batch_size=3, verbose=0)
        with pytest.raises(ValueError, match="you cannot use `validation_split`"):
            model.fit(_four(), steps_per_epoch=1, validation_split=0.5, verbose=0)


def test_weight_arguments_get_tfs_errors():
    with tf.Graph().as_default():
        model = _model()
        with pytest.raises(ValueError, match=re.escape("`class_weight` must contain all classes in the data. The "
                                                       "classes {np.int64(1)} exist in the data but not in "
                                                       "`class_weight`.")):
            model.fit(_X, _Y, class_weight={0: 1.0}, verbose=0)
        with pytest.raises(ValueError, match=re.escape("Found a sample_weight array with shape (8, 2). In order to "
                                                       "use timestep-wise sample weights")):
            model.fit(_X, _Y, sample_weight=np.ones((8, 2)), verbose=0)
        with pytest.raises(ValueError, match=re.escape("Found a sample_weight array with shape (5,) for an input "
                                                       "with shape (8, 1). sample_weight cannot be broadcast.")):
            model.fit(_X, _Y, sample_weight=np.ones(5), verbose=0)


def test_the_progress_bar_counting_steps_prints_tfs_final_line():
    """verbose=1 over a generator: the bar averages the batches' indices and sizes, and the loss over the batch
    losses plus the epoch's loss as one more step (the accuracy is its last value), as TF printed it."""
    rs = np.random.RandomState(10)
    x = rs.randn(20, 6).astype(np.float32)
    y = rs.randint(0, 3, 20)
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        model = tf.keras.Sequential([tf.keras.layers.Dense(8, activation="relu", input_shape=(6,)),
                                     tf.keras.layers.Dense(3, activation="softmax")])
        model.compile(optimizer=tf.keras.optimizers.SGD(0.0), loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])

        def batches():
            while True:
                yield x[:10], y[:10]
                yield x[10:12], y[10:12]
                yield x[12:15], y[12:15]

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            model.fit(batches(), steps_per_epoch=3, epochs=1, verbose=1)
            model.evaluate(x, y, verbose=1)  # tf_keras's v1 loop prints nothing here
            model.predict(x, verbose=1)
    lines = [re.sub(r" - \d+s \d+(ms|us)?/step", " - T T/step", line) for line in out.getvalue().splitlines()]
    assert lines == ["3/3 [==============================] - T T/step - batch: 1.0000 - size: 5.0000 - loss: "
                     "1.2046 - acc: 0.3333"]


def test_a_sequence_read_with_workers_0_is_read_in_order_without_on_epoch_end():
    ends, read = [], []

    class Batches(tf.keras.utils.Sequence):
        def __len__(self):
            return 2

        def __getitem__(self, index):
            read.append(index)
            return _X[index * 4:(index + 1) * 4], _Y[index * 4:(index + 1) * 4]

        def on_epoch_end(self):
            ends.append(True)

    with tf.Graph().as_default():
        model = _model()
        model.fit(Batches(), epochs=3, verbose=0, workers=0)
        assert read == [0, 1] * 3 and ends == []
        del read[:]
        model.fit(Batches(), epochs=3, verbose=0, shuffle=False)
        assert read == [0, 1] * 3 and ends == [True, True]  # between passes, not after the last
        assert [list(batch[1]) for batch in Batches()] == [[0, 1, 0, 1], [0, 1, 0, 1]]
