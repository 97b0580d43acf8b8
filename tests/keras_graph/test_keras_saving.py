"""Keras weight files in TensorFlow's HDF5 format and ModelCheckpoint, against TensorFlow 2.21 with tf_keras
(tools/record_keras_h5_goldens.py): the files sessionflow writes have the layout and values of TensorFlow's
(saving_programs.py's scenarios, compared with data/saving_goldens.json), sessionflow loads the weight files
TensorFlow wrote (data/<model>.h5), and loading, saving and ModelCheckpoint say and do what tf_keras does."""

import json
import os
import sys

import numpy as np
import pytest

import sessionflow as tf

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from keras_graph import saving_programs

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def _goldens():
    with open(os.path.join(DATA, "saving_goldens.json")) as f:
        return json.load(f)


@pytest.fixture
def h5py():
    return pytest.importorskip("h5py")


@pytest.fixture(autouse=True)
def quiet_tensorflow_logger():
    """The scenarios capture the `tensorflow` logger's warnings themselves; nothing else needs to print them."""
    import logging

    logger = logging.getLogger("tensorflow")
    old = logger.level
    logger.setLevel(logging.WARNING)
    yield
    logger.setLevel(old)


@pytest.mark.parametrize("name", sorted(saving_programs.SCENARIOS))
def test_scenario_matches_tensorflow(h5py, tmp_path, name):
    got = json.loads(json.dumps(saving_programs.SCENARIOS[name](tf, str(tmp_path))))
    assert got == _goldens()[name]


def _built(name):
    model = saving_programs.MODELS[name](tf)
    return model, dict(zip((w.name for w in model.weights), model.get_weights()))


def _expected(name):
    with tf.Graph().as_default():
        return saving_programs.fill(tf, saving_programs.MODELS[name](tf))


@pytest.mark.parametrize("name", sorted(saving_programs.MODELS))
@pytest.mark.parametrize("by_name", [False, True])
def test_loads_the_weight_files_tensorflow_wrote(h5py, name, by_name):
    expected = _expected(name)
    with tf.Graph().as_default():
        model, before = _built(name)
        assert all(not np.array_equal(before[k], expected[k]) for k in expected)
        assert model.load_weights(os.path.join(DATA, f"{name}.h5"), by_name=by_name) is None
        got = dict(zip((w.name for w in model.weights), model.get_weights()))
    assert sorted(got) == sorted(expected)
    for key, value in expected.items():
        assert got[key].dtype == np.float32 and np.array_equal(got[key], value), key


@pytest.mark.parametrize("suffix, save_format", [(".h5", None), (".hdf5", None), (".keras", None), ("", "h5"),
                                                 ("", "HDF5 "), (".bin", "keras")])
def test_round_trip(h5py, tmp_path, suffix, save_format):
    path = tmp_path / f"weights{suffix}"
    with tf.Graph().as_default():
        model, _ = _built("functional")
        saved = saving_programs.fill(tf, model)
        model.save_weights(path, save_format=save_format)  # a PathLike, as TF accepts
        assert path.read_bytes()[:8] == b"\x89HDF\r\n\x1a\n"
        tf.keras.backend.batch_set_value([(w, np.zeros(w.shape.as_list(), np.float32)) for w in model.weights])
        model.load_weights(str(path))  # an HDF5 file whose name says nothing is read as one, as TF does
        got = dict(zip((w.name for w in model.weights), model.get_weights()))
    for key, value in saved.items():
        assert np.array_equal(got[key], value), key
    assert sorted(os.listdir(tmp_path)) == [path.name]


def test_a_float64_layer_is_stored_as_float64(h5py, tmp_path):
    with tf.Graph().as_default():
        model = tf.keras.Sequential([tf.keras.layers.Dense(2, input_shape=(3,), dtype="float64", name="d")])
        model.save_weights(str(tmp_path / "w.h5"))
        values = model.get_weights()
    with h5py.File(tmp_path / "w.h5", "r") as f:
        assert f["d/d/kernel:0"].dtype == np.float64 and np.array_equal(f["d/d/kernel:0"][()], values[0])


def test_a_topological_load_with_another_shape_fails_as_the_assignment_in_tensorflow(h5py, tmp_path):
    path = str(tmp_path / "w.h5")
    with tf.Graph().as_default():
        saving_programs.sequential(tf).save_weights(path)
    with tf.Graph().as_default():
        model = saving_programs.sequential(tf, units=4)
        before = model.get_weights()
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"^Trying to assign to variable with tensor with "
                                                                 r"wrong shape\. Expected \[2,4\] got \[2,3\]$"):
            model.load_weights(path)
        assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))  # nothing assigned


def test_unbuilt_models_say_so(h5py, tmp_path):
    with tf.Graph().as_default():
        model = tf.keras.Sequential([tf.keras.layers.Dense(2)])
        with pytest.raises(ValueError, match=r"^Weights for model 'sequential' have not yet been created\. Weights "
                                             r"are created when the model is first called on inputs or `build\(\)` is "
                                             r"called with an `input_shape`\.$"):
            model.save_weights(str(tmp_path / "w.h5"))
        with pytest.raises(ValueError, match=r"^Unable to load weights saved in HDF5 format into a subclassed Model "
                                             r"which has not created its variables yet\. Call the Model first, then "
                                             r"load the weights\.$"):
            model.load_weights(str(tmp_path / "w.h5"))


def test_the_formats_not_provided_say_so(h5py, tmp_path):
    with tf.Graph().as_default():
        model = saving_programs.sequential(tf)
        for call in (lambda: model.save_weights(str(tmp_path / "ckpt")),
                     lambda: model.save_weights(str(tmp_path / "ckpt.h5x"), save_format="tf"),
                     lambda: model.load_weights(str(tmp_path / "ckpt"))):
            with pytest.raises(NotImplementedError, match="TensorFlow's checkpoint format .* use a path ending in .h5"):
                call()
        (tmp_path / "old").write_bytes(b"not hdf5")  # neither a checkpoint nor an HDF5 file: TF's checkpoint reader
        with pytest.raises(NotImplementedError, match="TensorFlow's checkpoint format"):
            model.load_weights(str(tmp_path / "old"))
        for call in (lambda: model.save_weights(str(tmp_path / "w.weights.h5")),
                     lambda: model.load_weights(str(tmp_path / "w.weights.h5"))):
            with pytest.raises(NotImplementedError, match=r"`\.weights\.h5` / zipped `\.keras` weights format"):
                call()
        with pytest.raises(NotImplementedError, match=r"zipped `\.keras` format is not provided"):
            model.save(str(tmp_path / "m.keras"))
    assert os.listdir(tmp_path) == ["old"]


def test_damaged_files_give_clear_errors(h5py, tmp_path):
    path = str(tmp_path / "w.h5")
    with tf.Graph().as_default():
        model = saving_programs.sequential(tf)
        model.save_weights(path)
        data = (tmp_path / "w.h5").read_bytes()

        def damaged(name, content=None, edit=None):
            target = str(tmp_path / name)
            with open(target, "wb") as f:
                f.write(data if content is None else content)
            if edit is not None:
                with h5py.File(target, "a") as f:
                    edit(f)
            return target

        with pytest.raises(FileNotFoundError, match="No such file or directory"):
            model.load_weights(str(tmp_path / "missing.h5"))
        with pytest.raises(OSError, match="truncated file"):  # h5py's words, as TF raises them
            model.load_weights(damaged("half.h5", data[:len(data) // 2]))
        for name, content in (("empty.h5", b""), ("text.h5", b"weights" * 40)):
            with pytest.raises(OSError, match="file signature not found"):
                model.load_weights(damaged(name, content))
        os.makedirs(tmp_path / "folder.h5")
        with pytest.raises(IsADirectoryError):
            model.load_weights(str(tmp_path / "folder.h5"))
        with pytest.raises(KeyError, match="object 'kernel:0' doesn't exist"):
            model.load_weights(damaged("no_kernel.h5", edit=lambda f: f.__delitem__("dense/dense/kernel:0")))
        with pytest.raises(KeyError, match="object 'dense' doesn't exist"):
            model.load_weights(damaged("no_group.h5", edit=lambda f: f.__delitem__("dense")))

        def weight_names_to_group(f):
            f["dense"].attrs["weight_names"] = [b"dense", b"dense/bias:0"]

        with pytest.raises(ValueError, match=r"w_group\.h5: '/dense/dense' is not a dataset"):
            model.load_weights(damaged("w_group.h5", edit=weight_names_to_group))

        def numeric_layer_names(f):
            f.attrs["layer_names"] = np.array([1, 2, 3])

        with pytest.raises(ValueError, match=r"the attribute `layer_names` of '/' holds a non-name 1"):
            model.load_weights(damaged("numbers.h5", edit=numeric_layer_names))
        with pytest.raises(ValueError, match=r"^Layer count mismatch .* Model expected 3 layers, found 0 saved"):
            model.load_weights(damaged("blank.h5", edit=lambda f: f.attrs.__delitem__("layer_names")))


def test_a_failed_write_leaves_no_file_and_keeps_the_old_one(h5py, tmp_path, monkeypatch):
    from sessionflow.keras import saving

    path = tmp_path / "w.h5"
    with tf.Graph().as_default():
        model = saving_programs.sequential(tf)
        real = saving._save_subset
        calls = []

        def failing(group, weights):
            calls.append(group.name)
            if len(calls) == 3:
                raise RuntimeError("disk full")
            real(group, weights)

        monkeypatch.setattr(saving, "_save_subset", failing)
        with pytest.raises(RuntimeError, match="disk full"):
            model.save_weights(str(path))
        assert os.listdir(tmp_path) == []
        monkeypatch.setattr(saving, "_save_subset", real)
        model.save_weights(str(path))
        old = path.read_bytes()
        calls.clear()
        monkeypatch.setattr(saving, "_save_subset", failing)
        with pytest.raises(RuntimeError, match="disk full"):
            model.save_weights(str(path))
        assert os.listdir(tmp_path) == ["w.h5"] and path.read_bytes() == old
        with pytest.raises(FileNotFoundError):
            model.save_weights(str(tmp_path / "no" / "w.h5"))
        assert os.listdir(tmp_path) == ["w.h5"]


def test_long_attribute_lists_are_split_as_tf_keras_splits_them(h5py, tmp_path):
    from sessionflow.keras import saving

    names = [f"layer_{i:03d}_".encode() + b"x" * 200 for i in range(400)]  # 400 * 212 bytes: 2 parts
    with h5py.File(tmp_path / "a.h5", "w") as f:
        saving.save_attributes(f, "layer_names", names)
        saving.save_attributes(f, "short", [b"a", b"b"])
    with h5py.File(tmp_path / "a.h5", "r") as f:
        assert sorted(f.attrs) == ["layer_names0", "layer_names1", "short"]
        assert saving.load_attributes(f, "layer_names", "a.h5") == [n.decode() for n in names]
        assert saving.load_attributes(f, "short", "a.h5") == ["a", "b"]
        assert saving.load_attributes(f, "absent", "a.h5") == []
    with pytest.raises(RuntimeError, match="larger than 64512 bytes"), h5py.File(tmp_path / "b.h5", "w") as f:
        saving.save_attributes(f, "layer_names", [b"x" * 70000])


def test_without_h5py_the_methods_raise_tf_keras_import_errors(tmp_path, monkeypatch):
    with tf.Graph().as_default():
        model = saving_programs.sequential(tf)
        monkeypatch.setitem(sys.modules, "h5py", None)  # `import h5py` now raises ImportError
        with pytest.raises(ImportError, match=r"^`save_weights` requires h5py when saving in hdf5, but h5py is not "
                                              r"available\. Try installing h5py package\.$"):
            model.save_weights(str(tmp_path / "w.h5"))
        (tmp_path / "w.h5").write_bytes(b"")
        with pytest.raises(ImportError, match=r"^`load_weights` requires h5py package when loading weights from HDF5\. "
                                              r"Try installing h5py\.$"):
            model.load_weights(str(tmp_path / "w.h5"))


# --- ModelCheckpoint in fit -----------------------------------------------------------------------------------

def _data():
    rng = np.random.RandomState(0)
    return rng.rand(20, 2).astype(np.float32), rng.rand(20, 1).astype(np.float32)


def test_model_checkpoint_in_fit(h5py, tmp_path, capsys):
    x, y = _data()
    with tf.Graph().as_default():
        model = saving_programs.sequential(tf)
        model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
        every = tf.keras.callbacks.ModelCheckpoint(str(tmp_path / "w.{epoch:02d}-{loss:.2f}.h5"),
                                                   save_weights_only=True, verbose=1)
        batches = tf.keras.callbacks.ModelCheckpoint(str(tmp_path / "b" / "e{epoch}-{batch}.h5"),
                                                     save_weights_only=True, save_freq=4)
        best = tf.keras.callbacks.ModelCheckpoint(str(tmp_path / "best.h5"), save_weights_only=True,
                                                  save_best_only=True, monitor="val_loss")
        history = model.fit(x, y, batch_size=5, epochs=3, verbose=0, shuffle=False, validation_split=0.2,
                            callbacks=[every, batches, best])
        final = model.get_weights()
    printed = capsys.readouterr().out
    losses = history.history["loss"]
    names = [f"w.{e + 1:02d}-{loss:.2f}.h5" for e, loss in enumerate(losses)]
    assert printed == "".join(f"\nEpoch {e + 1}: saving model to {tmp_path / n}\n" for e, n in enumerate(names))
    assert sorted(os.listdir(tmp_path)) == sorted(names + ["b", "best.h5"])
    # 4 batches an epoch (16 training samples): saved after every 4th batch seen, named by the batch logs
    assert sorted(os.listdir(tmp_path / "b")) == ["e1-3.h5", "e2-3.h5", "e3-3.h5"]
    with tf.Graph().as_default():
        model = saving_programs.sequential(tf)
        model.load_weights(str(tmp_path / names[-1]))
        assert all(np.array_equal(a, b) for a, b in zip(model.get_weights(), final))
    assert best.best == min(history.history["val_loss"])


def test_model_checkpoint_of_the_whole_model_writes_a_model_file(h5py, tmp_path):
    x, y = _data()
    with tf.Graph().as_default():
        model = saving_programs.sequential(tf)
        model.compile(optimizer="sgd", loss="mse")
        callback = tf.keras.callbacks.ModelCheckpoint(str(tmp_path / "m.h5"))
        model.fit(x, y, epochs=1, verbose=0, callbacks=[callback])
    with h5py.File(str(tmp_path / "m.h5"), "r") as f:  # (plain SGD has only `iter`)
        assert sorted(f.attrs) == ["backend", "keras_version", "model_config", "training_config"]
        assert sorted(f) == ["model_weights", "optimizer_weights"]
        with pytest.raises(TypeError, match=r"`options` must be either None or a tf\.train\.CheckpointOptions"):
            tf.keras.callbacks.ModelCheckpoint("w.h5", save_weights_only=True, options={"x": 1})


def test_model_checkpoint_load_weights_on_restart(h5py, tmp_path):
    with tf.Graph().as_default():
        model = saving_programs.sequential(tf)
        saved = saving_programs.fill(tf, model)
        model.save_weights(str(tmp_path / "w3.h5"))
        os.utime(tmp_path / "w3.h5", (1000, 1000))
        (tmp_path / "w1.h5").write_bytes(b"")  # older
        os.utime(tmp_path / "w1.h5", (10, 10))
    with tf.Graph().as_default():
        model = saving_programs.sequential(tf)
        callback = tf.keras.callbacks.ModelCheckpoint(str(tmp_path / "w{epoch}.h5"), load_weights_on_restart=True)
        callback.set_model(model)
        callback.on_train_begin({})
        got = dict(zip((w.name for w in model.weights), model.get_weights()))
    assert all(np.array_equal(got[k], v) for k, v in saved.items())
