"""Whole-model Keras files (Model.save / tf.keras.models.load_model) against TensorFlow 2.21 with tf_keras
(tools/record_keras_model_goldens.py): the configs sessionflow writes are TensorFlow's, the model files
TensorFlow wrote load and predict as they did there, sessionflow's files round-trip (same predictions, and the
next epoch's loss is TensorFlow's), and the options and errors are tf_keras's."""

import json
import logging
import os
import sys
import warnings

import numpy as np
import pytest

import sessionflow as tf

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from keras_graph import model_file_programs as programs

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


@pytest.fixture(scope="module")
def goldens():
    with open(os.path.join(DATA, "model_file_goldens.json")) as f:
        return json.load(f)


@pytest.fixture
def h5py():
    return pytest.importorskip("h5py")


@pytest.fixture(autouse=True)
def quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _close(got, expected, rtol=2e-4, atol=2e-5):
    if isinstance(expected, list) and len(expected) > 1 and np.ndim(expected[0]) > 1:  # several outputs
        assert len(got) == len(expected)
        for g, e in zip(got, expected):
            _close(g, e, rtol, atol)
        return
    np.testing.assert_allclose(np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64),
                               rtol=rtol, atol=atol)


def _histories_close(got, expected, rtol=2e-4, atol=2e-5):
    assert sorted(got) == sorted(expected)
    for key in expected:
        _close(got[key], expected[key], rtol, atol)


@pytest.mark.parametrize("name", sorted(programs.MODELS))
def test_train_save_load_resume_matches_tensorflow(h5py, tmp_path, goldens, name):
    got = json.loads(json.dumps(programs.train_and_save(tf, name, str(tmp_path)), default=float))
    expected = goldens["models"][name]
    for key in ("model_config", "training_config", "optimizer_weights", "layer_names", "groups", "attrs",
                "keras_version", "backend"):
        assert got["file"].get(key) == expected["file"].get(key), key
    # the loaded model predicts as the saved one did, and its next epoch (the optimizer's state restored) is
    # the one the saved model would have trained
    _close(got["loaded_predictions"], got["predictions"], rtol=1e-6, atol=1e-7)
    _histories_close(got["resumed"], got["continued"], rtol=1e-5, atol=1e-7)
    assert got["iterations_after_resume"] == expected["iterations_after_resume"]
    # and the numbers are TensorFlow's (training moves float rounding a little: RMSprop divides by small roots)
    _histories_close(got["first_epoch"], expected["first_epoch"])
    _close(got["predictions"], expected["predictions"], rtol=2e-3, atol=2e-4)
    _histories_close(got["resumed"], expected["resumed"], rtol=2e-3, atol=2e-4)


@pytest.mark.parametrize("name", sorted(programs.MODELS))
def test_loads_the_model_files_tensorflow_wrote(h5py, goldens, name):
    got = programs.load_and_continue(tf, name, os.path.join(DATA, f"{name}_model.h5"))
    expected = goldens["models"][name]
    _close(got["loaded_predictions"], expected["loaded_predictions"])
    _histories_close(json.loads(json.dumps(got["resumed"], default=float)), expected["resumed"])
    assert got["iterations_after_resume"] == expected["iterations_after_resume"]


@pytest.mark.parametrize("name", sorted(programs.CONFIG_ONLY))
def test_configs_are_tensorflows(goldens, name):
    got = programs.config_of(tf, name)
    assert got == goldens["configs"][name]


def test_config_round_trip_and_model_from_json(goldens):
    config = goldens["configs"]["odd_arguments"]
    with tf.Graph().as_default():
        m = tf.keras.models.model_from_json(json.dumps(config))
        assert json.loads(m.to_json()) == config
        again = tf.keras.models.model_from_config({"class_name": "Sequential", "config": m.get_config()})
        assert again.get_config() == m.get_config()
        dense = tf.keras.models.model_from_config({"class_name": "Dense", "config": {"units": 2}})
        assert isinstance(dense, tf.keras.layers.Dense) and dense.units == 2
        with pytest.raises(TypeError, match="expects a dictionary, not a list"):
            tf.keras.models.model_from_config([config])
        with pytest.raises(RuntimeError, match="has been removed due to security risk"):
            m.to_yaml()


def _small(tf, compile_with="adam"):
    m = tf.keras.Sequential([tf.keras.layers.Dense(2, input_shape=(3,), name="d1"),
                             tf.keras.layers.Dense(1, name="d2")])
    if compile_with is not None:
        m.compile(compile_with, "mse")
    return m


def _xy():
    rs = np.random.RandomState(0)
    return rs.rand(6, 3).astype(np.float32), rs.rand(6, 1).astype(np.float32)


def test_include_optimizer_false_and_compile_false(h5py, tmp_path, caplog):
    x, y = _xy()
    path = str(tmp_path / "m.h5")
    with tf.Graph().as_default():
        m = _small(tf)
        m.fit(x, y, verbose=0)
        m.save(path, include_optimizer=False)
        expected = m.predict(x)
    with h5py.File(path, "r") as f:
        assert sorted(f.attrs) == ["backend", "keras_version", "model_config"]
        assert sorted(f) == ["model_weights"]
    with tf.Graph().as_default(), caplog.at_level(logging.WARNING, logger="tensorflow"):
        loaded = tf.keras.models.load_model(path)
        assert not getattr(loaded, "_is_compiled", False)
        np.testing.assert_allclose(loaded.predict(x), expected, rtol=1e-6)
    assert "No training configuration found in the save file, so the model was *not* compiled." in caplog.text
    path2 = str(tmp_path / "m2.h5")
    with tf.Graph().as_default():
        m = _small(tf)
        m.fit(x, y, verbose=0)
        tf.keras.models.save_model(m, path2)
    caplog.clear()
    with tf.Graph().as_default(), caplog.at_level(logging.WARNING, logger="tensorflow"):
        loaded = tf.keras.models.load_model(path2, compile=False)
        assert not getattr(loaded, "_is_compiled", False)
    assert caplog.text == ""


def test_a_tf_train_optimizer_is_not_saved(h5py, tmp_path, caplog):
    x, y = _xy()
    path = str(tmp_path / "m.h5")
    with tf.Graph().as_default(), caplog.at_level(logging.WARNING, logger="tensorflow"):
        m = _small(tf, tf.train.AdamOptimizer(0.01))
        m.fit(x, y, verbose=0)
        m.save(path)
    assert "TensorFlow optimizers do not make it possible to access optimizer attributes" in caplog.text
    with h5py.File(path, "r") as f:
        assert sorted(f.attrs) == ["backend", "keras_version", "model_config"]
        assert sorted(f) == ["model_weights"]


def test_optimizer_weights_are_iter_and_slots():
    x, y = _xy()
    with tf.Graph().as_default():
        m = _small(tf, tf.keras.optimizers.RMSprop(momentum=0.5, centered=True))
        m.fit(x, y, verbose=0)
        names = [w.name for w in m.optimizer.weights]
        assert names == ["training/RMSprop/iter:0", "training/RMSprop/d1/kernel/rms:0", "training/RMSprop/d1/bias/rms:0",
                         "training/RMSprop/d2/kernel/rms:0", "training/RMSprop/d2/bias/rms:0",
                         "training/RMSprop/d1/kernel/momentum:0", "training/RMSprop/d1/bias/momentum:0",
                         "training/RMSprop/d2/kernel/momentum:0", "training/RMSprop/d2/bias/momentum:0",
                         "training/RMSprop/d1/kernel/mg:0", "training/RMSprop/d1/bias/mg:0",
                         "training/RMSprop/d2/kernel/mg:0", "training/RMSprop/d2/bias/mg:0"]
        assert m.optimizer.get_config() == {"name": "RMSprop", "learning_rate": 0.0010000000474974513, "decay": 0.0,
                                            "rho": 0.8999999761581421, "momentum": 0.5, "epsilon": 1e-07,
                                            "centered": True}
        with pytest.raises(ValueError, match="You called `set_weights\\(weights\\)` on optimizer RMSprop with a  "
                                             "weight list of length 1, but the optimizer was expecting 13 weights"):
            m.optimizer.set_weights([np.int64(3)])


class Scale(tf.keras.layers.Layer):
    """A user layer with its own argument and get_config."""

    def __init__(self, k=2.0, **kwargs):
        super().__init__(**kwargs)
        self.k = k

    def call(self, x):
        return x * self.k

    def get_config(self):
        config = super().get_config()
        config["k"] = self.k
        return config


class Plain(tf.keras.layers.Layer):
    def __init__(self, factor, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, x):
        return x * self.factor


def test_custom_objects_and_unknown_layers(h5py, tmp_path):
    path = str(tmp_path / "custom.h5")
    x, _ = _xy()
    with tf.Graph().as_default():
        m = tf.keras.Sequential([tf.keras.layers.Dense(2, input_shape=(3,)), Scale(3.0), Plain(0.5)])
        config = json.loads(m.to_json())["config"]["layers"]
        assert config[2] == {"class_name": "Scale", "config": {"name": "scale", "trainable": True,
                                                               "dtype": "float32", "k": 3.0}}
        assert config[3]["config"] == {"name": "plain", "trainable": True, "dtype": "float32", "factor": 0.5}
        m.save(path)
        expected = m.predict(x)
    with tf.Graph().as_default():
        with pytest.raises(ValueError) as error:
            tf.keras.models.load_model(path)
        assert str(error.value) == (
            "Unknown layer: 'Scale'. Please ensure you are using a `keras.utils.custom_object_scope` and that this "
            "object is included in the scope. See https://www.tensorflow.org/guide/keras/save_and_serialize"
            "#registering_the_custom_object for details.")
    with tf.Graph().as_default():
        loaded = tf.keras.models.load_model(path, custom_objects={"Scale": Scale, "Plain": Plain})
        assert loaded.layers[1].k == 3.0 and loaded.layers[2].factor == 0.5
        np.testing.assert_allclose(loaded.predict(x), expected, rtol=1e-6)
    with tf.Graph().as_default(), tf.keras.utils.custom_object_scope({"Scale": Scale, "Plain": Plain}):
        assert tf.keras.models.load_model(path).layers[1].k == 3.0


def test_subclassed_and_unbuilt_models_cannot_be_saved(h5py, tmp_path):
    class Sub(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.d = tf.keras.layers.Dense(2)

        def call(self, x):
            return self.d(x)

    with tf.Graph().as_default():
        s = Sub()
        s(tf.placeholder(tf.float32, [None, 3]))
        assert s.get_config() == {}
        with pytest.raises(NotImplementedError, match="Saving the model to HDF5 format requires the model to be a "
                                                      "Functional model or a Sequential model"):
            s.save(str(tmp_path / "sub.h5"))
        with pytest.raises(ValueError, match="Weights for model 'sequential' have not yet been created"):
            tf.keras.Sequential([tf.keras.layers.Dense(2)]).save(str(tmp_path / "u.h5"))
    assert os.listdir(tmp_path) == []


def test_damaged_and_missing_files(h5py, tmp_path):
    good = str(tmp_path / "good.h5")
    with tf.Graph().as_default():
        _small(tf).save(good)
    missing = str(tmp_path / "missing.h5")
    with pytest.raises(OSError, match="No file or directory found at"):
        tf.keras.models.load_model(missing)
    junk = tmp_path / "junk.h5"
    junk.write_bytes(b"not an hdf5 file at all")
    with pytest.raises(OSError):
        tf.keras.models.load_model(str(junk))
    data = open(good, "rb").read()
    truncated = tmp_path / "truncated.h5"
    truncated.write_bytes(data[:len(data) // 2])
    with tf.Graph().as_default(), pytest.raises(OSError):
        tf.keras.models.load_model(str(truncated))
    weights_only = str(tmp_path / "weights.h5")
    with tf.Graph().as_default():
        _small(tf).save_weights(weights_only)
    with tf.Graph().as_default(), pytest.raises(ValueError, match="No model config found in the file at"):
        tf.keras.models.load_model(weights_only)
    bad_json = str(tmp_path / "bad.h5")
    with h5py.File(bad_json, "w") as f:
        f.attrs["model_config"] = b'{"class_name": "Sequential", "config": '
    with tf.Graph().as_default(), pytest.raises(ValueError, match="is not valid JSON"):
        tf.keras.models.load_model(bad_json)
    no_weights = str(tmp_path / "noweights.h5")
    with h5py.File(good, "r") as src, h5py.File(no_weights, "w") as f:
        f.attrs["model_config"] = src.attrs["model_config"]
    with tf.Graph().as_default(), pytest.raises(ValueError, match="has no `model_weights` group"):
        tf.keras.models.load_model(no_weights)


def test_formats_and_atomic_writes(h5py, tmp_path):
    with tf.Graph().as_default():
        m = _small(tf)
        m.save(str(tmp_path / "plain"))  # TF 1.x writes HDF5 whatever the suffix
        assert h5py.is_hdf5(str(tmp_path / "plain"))
        m.save(tmp_path / "other.keras", save_format="h5")
        assert h5py.is_hdf5(str(tmp_path / "other.keras"))
        with pytest.raises(NotImplementedError, match="zipped `.keras` format is not provided"):
            m.save(str(tmp_path / "m.keras"))
        with pytest.raises(NotImplementedError, match="SavedModel format is not provided"):
            m.save(str(tmp_path / "saved"), save_format="tf")
        with pytest.raises(ValueError, match="Unknown `save_format` argument"):
            m.save(str(tmp_path / "x.h5"), save_format="zip")
    assert sorted(os.listdir(tmp_path)) == ["other.keras", "plain"]
    with tf.Graph().as_default():
        assert tf.keras.models.load_model(str(tmp_path / "plain")).layers[0].name == "d1"


def test_model_checkpoint_saves_whole_models(h5py, tmp_path):
    x, y = _xy()
    pattern = str(tmp_path / "ckpt-{epoch:02d}.h5")
    with tf.Graph().as_default():
        m = _small(tf)
        m.fit(x, y, epochs=2, verbose=0, callbacks=[tf.keras.callbacks.ModelCheckpoint(pattern)])
        expected = m.predict(x)
    assert sorted(os.listdir(tmp_path)) == ["ckpt-01.h5", "ckpt-02.h5"]
    with h5py.File(str(tmp_path / "ckpt-02.h5"), "r") as f:
        assert sorted(f) == ["model_weights", "optimizer_weights"]
    with tf.Graph().as_default():
        loaded = tf.keras.models.load_model(str(tmp_path / "ckpt-02.h5"))
        np.testing.assert_allclose(loaded.predict(x), expected, rtol=1e-6)
        assert int(tf.keras.backend.get_value(loaded.optimizer.iterations)) == 2
