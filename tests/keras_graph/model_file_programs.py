"""Whole-model Keras files (HDF5), as programs run on TensorFlow 2.21 (tf_keras, graph mode) and on sessionflow.
Each model builder takes the `tf` module (TensorFlow's compat.v1 or sessionflow) and returns a compiled model
whose weights `fill` sets from their names, so both sides start from the same numbers. `train_and_save` trains
it for an epoch on fixed data, saves it and reads it back in a fresh graph; what it returns (the configs in the
file, the optimizer weights' names, predictions, the loss of the next epoch after loading) is recorded from
TensorFlow by tools/record_keras_model_goldens.py in data/model_file_goldens.json, and the files TensorFlow
wrote are kept as data/<model>_model.h5."""

from __future__ import annotations

import json
import os

import numpy as np

MODELS: dict = {}
CONFIG_ONLY: dict = {}


def model(fn):
    MODELS[fn.__name__] = fn
    return fn


def config_only(fn):
    CONFIG_ONLY[fn.__name__] = fn
    return fn


def fill(tf, m):
    """Sets every weight to small values made from its name and shape (the same on both sides)."""
    pairs = []
    for w in m.weights:
        shape = tuple(w.shape.as_list())
        offset = sum(ord(c) for c in w.name) % 89 / 7.0
        value = 0.3 * np.sin(0.7 * np.arange(int(np.prod(shape))) + offset)
        if "moving_variance" in w.name:
            value = 1.0 + np.abs(value)
        pairs.append((w, value.reshape(shape).astype(w.dtype.base_dtype.as_numpy_dtype)))
    tf.keras.backend.batch_set_value(pairs)


def _data(seed, *shapes, ints=None):
    rs = np.random.RandomState(seed)
    found = [rs.rand(*s).astype(np.float32) for s in shapes]
    return found


@model
def dense_sequential(tf):
    """Dense layers with an activation, batch norm; Adam, mse and the accuracy metric."""
    K = tf.keras
    m = K.Sequential([K.layers.Dense(4, input_shape=(3,), activation="relu"),
                      K.layers.BatchNormalization(), K.layers.Dense(2, activation="tanh"), K.layers.Dense(1)])
    m.compile("adam", "mse", metrics=["accuracy"])
    x, y = _data(1, (16, 3), (16, 1))
    return m, [x], [y]


@model
def functional_two_outputs(tf):
    """A functional model with a nested Sequential, a frozen layer, a merge and two outputs; SGD with momentum,
    a Loss object, per-output metrics and loss weights."""
    K = tf.keras
    x = K.Input(shape=(4,), name="features")
    h = K.layers.Dense(3, activation="relu", name="hidden")(x)
    block = K.Sequential([K.layers.Dense(2, input_shape=(3,), name="inner_dense"),
                          K.layers.BatchNormalization(name="inner_bn")], name="block")
    b = block(h)
    f = K.layers.Dense(2, name="frozen", trainable=False)(b)
    merged = K.layers.Concatenate(name="merge")([b, f])
    out = K.layers.Dense(1, name="out")(merged)
    out2 = K.layers.Dense(2, name="out2", activation="softmax")(h)
    m = K.Model(x, [out, out2], name="net")
    m.compile(K.optimizers.SGD(0.1, momentum=0.9),
              loss=["mse", K.losses.CategoricalCrossentropy(from_logits=False)],
              metrics={"out": "mae", "out2": ["acc"]}, loss_weights=[1.0, 0.5])
    x1, y1, y2 = _data(2, (12, 4), (12, 1), (12, 2))
    y2 = np.eye(2, dtype=np.float32)[(y2[:, 0] > 0.5).astype(int)]
    return m, [x1], [y1, y2]


@model
def convolutional(tf):
    """Convolutions, pooling, padding, upsampling, activations as layers; RMSprop, categorical cross-entropy."""
    K = tf.keras
    L = K.layers
    m = K.Sequential([
        L.Conv2D(3, 3, padding="same", input_shape=(6, 6, 2), kernel_regularizer="l2"),
        L.LeakyReLU(), L.MaxPooling2D(), L.ZeroPadding2D(1), L.Conv2DTranspose(2, 2, strides=2),
        L.BatchNormalization(), L.Activation("relu"), L.AveragePooling2D((2, 2), strides=1, padding="same"),
        L.UpSampling2D(), L.ReLU(max_value=6.0), L.GlobalAveragePooling2D(), L.Dense(3), L.Softmax()])
    m.compile(K.optimizers.RMSprop(0.01), "categorical_crossentropy", metrics=["accuracy"])
    x, y = _data(3, (8, 6, 6, 2), (8, 3))
    y = np.eye(3, dtype=np.float32)[np.argmax(y, 1)]
    return m, [x], [y]


@model
def sequences(tf):
    """Embedding, 1-D convolution and pooling, LSTM, Bidirectional GRU, TimeDistributed Dense, SimpleRNN, a
    stacked RNN, the merge layers, Reshape and Flatten; plain SGD and mse."""
    K = tf.keras
    L = K.layers
    ids = K.Input(shape=(6,), dtype="int32", name="ids")
    e = L.Embedding(10, 4, input_length=6)(ids)
    c = L.Conv1D(4, 2, padding="same", activation="tanh")(e)
    c = L.AveragePooling1D(pool_size=1)(L.MaxPooling1D(pool_size=2, strides=1, padding="same")(c))
    a = L.LSTM(3, return_sequences=True)(c)
    b = L.Bidirectional(L.GRU(2, return_sequences=True), merge_mode="sum")(c)
    t = L.TimeDistributed(L.Dense(3))(b)
    s = L.SimpleRNN(3, return_sequences=True, activation="relu")(e)
    r = L.RNN([L.LSTMCell(3), L.GRUCell(3)], return_sequences=True)(e)
    merged = [L.Add()([a, t]), L.Subtract()([a, s]), L.Multiply()([t, r]), L.Average()([a, r]),
              L.Maximum()([s, t]), L.Minimum()([a, s])]
    h = L.Concatenate(axis=-1)(merged)
    h = L.Flatten()(L.Reshape((6, 18))(h))
    g = L.GlobalMaxPooling1D()(c)
    g2 = L.GlobalAveragePooling1D()(c)
    out = L.Dense(1)(L.Concatenate()([h, g, g2]))
    m = K.Model(ids, out)
    m.compile("sgd", K.losses.mean_squared_error)
    ids_data = np.random.RandomState(4).randint(0, 10, size=(10, 6)).astype(np.int32)
    (y,) = _data(5, (10, 1))
    return m, [ids_data], [y]


@config_only
def odd_arguments(tf):
    """Configs of arguments the trained models leave at their defaults: initializers, regularizers,
    constraints, Dropout, 1-D pooling strides, LSTM/GRU options (not trained: Dropout is random)."""
    K = tf.keras
    L = K.layers
    m = K.Sequential([
        L.Dense(3, input_shape=(4,), kernel_initializer=K.initializers.RandomNormal(stddev=0.1),
                bias_initializer=K.initializers.Constant(0.5), kernel_regularizer=K.regularizers.l2(0.01),
                bias_constraint=K.constraints.NonNeg(), activity_regularizer=K.regularizers.l1_l2(0.1, 0.2),
                kernel_constraint=K.constraints.MaxNorm(3)),
        L.Dropout(0.2, seed=3), L.Dense(2, kernel_initializer="he_normal", use_bias=False,
                                        kernel_constraint="unit_norm"),
        L.Reshape((2, 1)),
        L.LSTM(2, return_sequences=True, go_backwards=True, unit_forget_bias=False,
               recurrent_initializer="glorot_normal", kernel_initializer="lecun_uniform"),
        L.GRU(2, reset_after=True, recurrent_activation="sigmoid", return_sequences=True),
        L.Bidirectional(L.SimpleRNN(2), merge_mode="concat"),
        L.Dense(1, kernel_initializer=K.initializers.VarianceScaling(2.0, "fan_out"),
                bias_initializer="ones", activation="sigmoid")])
    return m


def _predict(m, xs):
    return m.predict(xs if len(xs) > 1 else xs[0], batch_size=4)


def _as_list(value):
    return [np.asarray(v).tolist() for v in (value if isinstance(value, list) else [value])]


def file_summary(path):
    """The parsed configs and the group names of a model file."""
    import h5py

    with h5py.File(path, "r") as f:
        attrs = {k: (f.attrs[k].decode() if isinstance(f.attrs[k], bytes) else f.attrs[k]) for k in f.attrs}
        found = {"attrs": sorted(attrs), "keras_version": attrs.get("keras_version"),
                 "backend": attrs.get("backend"), "model_config": json.loads(attrs["model_config"]),
                 "training_config": json.loads(attrs["training_config"]) if "training_config" in attrs else None,
                 "groups": sorted(f.keys())}
        if "optimizer_weights" in f:
            found["optimizer_weights"] = [n.decode() if isinstance(n, bytes) else n
                                          for n in f["optimizer_weights"].attrs["weight_names"]]
        found["layer_names"] = [n.decode() if isinstance(n, bytes) else n
                                for n in f["model_weights"].attrs["layer_names"]]
    return found


def train_and_save(tf, name, folder):
    """Builds, fills and trains the model for an epoch, saves it to <folder>/<name>_model.h5, then loads it in a
    fresh graph and trains an epoch more; returns what the file holds and what happened."""
    path = os.path.join(folder, f"{name}_model.h5")
    with tf.Graph().as_default():
        m, xs, ys = MODELS[name](tf)
        fill(tf, m)
        first = m.fit(xs if len(xs) > 1 else xs[0], ys if len(ys) > 1 else ys[0], batch_size=4, epochs=1,
                      shuffle=False, verbose=0).history
        before = _predict(m, xs)
        m.save(path)
        expected_next = m.fit(xs if len(xs) > 1 else xs[0], ys if len(ys) > 1 else ys[0], batch_size=4,
                              epochs=1, shuffle=False, verbose=0).history
    result = {"first_epoch": first, "predictions": _as_list(before), "continued": expected_next,
              "file": file_summary(path)}
    result.update(load_and_continue(tf, name, path))
    return result


def load_and_continue(tf, name, path):
    """Loads a model file in a fresh graph: its predictions and the history of one more epoch."""
    with tf.Graph().as_default():
        _, xs, ys = MODELS[name](tf)
    with tf.Graph().as_default():
        loaded = tf.keras.models.load_model(path)
        after = _predict(loaded, xs)
        resumed = loaded.fit(xs if len(xs) > 1 else xs[0], ys if len(ys) > 1 else ys[0], batch_size=4, epochs=1,
                             shuffle=False, verbose=0).history
        iterations = int(tf.keras.backend.get_value(loaded.optimizer.iterations))
    return {"loaded_predictions": _as_list(after), "resumed": resumed, "iterations_after_resume": iterations}


def config_of(tf, name):
    with tf.Graph().as_default():
        m = CONFIG_ONLY[name](tf)
        return json.loads(m.to_json())
