"""Whole TF1 programs built with tf.keras in graph mode: layers called on placeholders and trained with
tf.train optimizers, Sequential and functional models, batch norm's updates, the backend helpers.
Each takes the `tf` module (TensorFlow's compat.v1 or sessionflow) and returns what it printed, as data;
tools/record_keras.py records TensorFlow's results in tests/keras_graph/goldens.json."""

from __future__ import annotations

import json

import numpy as np

from first_week.harness import registry

PROGRAMS, program = registry()


def _data(seed, *shape):
    return np.random.RandomState(seed).randn(*shape).astype(np.float32)


def _labels(seed, n, classes):
    return np.random.RandomState(seed).randint(0, classes, n).astype(np.int64)


def _names(variables):
    return [v.name for v in variables]


@program
def mlp_adam(tf):
    """An MLP of tf.keras.layers on a placeholder, with dropout fed the learning phase, trained 3 Adam steps."""
    K = tf.keras
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        x = tf.placeholder(tf.float32, [None, 6])
        y = tf.placeholder(tf.int64, [None])
        h = K.layers.Dense(16, activation="relu")(x)
        h = K.layers.Dropout(0.25)(h)
        h = K.layers.Dense(8, activation=tf.nn.tanh, kernel_initializer="he_normal")(h)
        logits = K.layers.Dense(3, name="logits")(h)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        train = tf.train.AdamOptimizer(0.01).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            feed = {x: _data(0, 10, 6), y: _labels(1, 10, 3), K.backend.learning_phase(): True}
            losses = [float(sess.run([loss, train], feed)[0]) for _ in range(3)]
            test_loss = float(sess.run(loss, {x: _data(0, 10, 6), y: _labels(1, 10, 3)}))
            return {"losses": losses, "test_loss": test_loss, "logits": logits.name,
                    "globals": _names(tf.global_variables()), "trainables": _names(tf.trainable_variables()),
                    "kernel": sess.run(tf.trainable_variables()[0])[:2]}


@program
def cnn_adam(tf):
    """A CNN of tf.keras.layers (conv, pooling, flatten, dense) with an L2 kernel regularizer, 3 Adam steps."""
    K = tf.keras
    with tf.Graph().as_default():
        tf.set_random_seed(2)
        x = tf.placeholder(tf.float32, [None, 8, 8, 1])
        y = tf.placeholder(tf.int64, [None])
        conv = K.layers.Conv2D(4, (3, 3), padding="same", activation="relu",
                               kernel_regularizer=K.regularizers.l2(0.01))
        h = conv(x)
        h = K.layers.MaxPooling2D((2, 2))(h)
        h = K.layers.Conv2D(6, 3, strides=1, activation="relu")(h)
        h = K.layers.AveragePooling2D()(h)
        h = K.layers.Flatten()(h)
        logits = K.layers.Dense(3)(h)
        xent = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        loss = xent + tf.add_n(conv.losses)
        train = tf.train.AdamOptimizer(0.01).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            feed = {x: _data(3, 5, 8, 8, 1), y: _labels(4, 5, 3)}
            losses = [float(sess.run([loss, train], feed)[0]) for _ in range(3)]
            return {"losses": losses, "globals": _names(tf.global_variables()),
                    "shapes": [h.shape.as_list(), logits.shape.as_list()],
                    "regularization": tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES) == [],
                    "conv_losses": len(conv.losses)}


@program
def sequential_model(tf):
    """tf.keras.Sequential with an input_shape: layers, weights, summary text, predict, and the model called
    on a new placeholder."""
    K = tf.keras
    with tf.Graph().as_default():
        tf.set_random_seed(3)
        model = K.Sequential([K.layers.Dense(5, input_shape=(3,), activation="tanh"),
                              K.layers.Dense(2, activation="softmax")])
        model.add(K.layers.Dense(1, use_bias=False, kernel_initializer="ones"))
        lines = []
        model.summary(print_fn=lines.append)
        x = tf.placeholder(tf.float32, [None, 3])
        y = model(x)
        session = K.backend.get_session()
        data = _data(5, 4, 3)
        return {"name": model.name, "layers": [l.name for l in model.layers],
                "inputs": [t.name for t in model.inputs], "outputs": [t.name for t in model.outputs],
                "weights": _names(model.weights), "trainable": _names(model.trainable_weights),
                "summary": lines, "predict": model.predict(data), "called": y.name,
                "called_value": session.run(y, {x: data}), "output_shape": list(model.output_shape)}


@program
def deferred_sequential(tf):
    """A Sequential without an input shape, built by its first call (its weights in its name scope)."""
    K = tf.keras
    with tf.Graph().as_default():
        tf.set_random_seed(4)
        model = K.Sequential()
        model.add(K.layers.Dense(4, activation="relu"))
        model.add(K.layers.Dense(2))
        x = tf.placeholder(tf.float32, [None, 3])
        y = model(x)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            return {"globals": _names(tf.global_variables()), "y": y.name,
                    "value": sess.run(y, {x: _data(6, 2, 3)}), "inputs": [t.name for t in model.inputs]}


@program
def functional_model(tf):
    """The functional API: Input, a branch merged by concatenate and Add, Model(inputs, outputs), the model
    reused on a new placeholder, get_weights/set_weights."""
    K = tf.keras
    with tf.Graph().as_default():
        tf.set_random_seed(5)
        inp = K.Input(shape=(4,))
        a = K.layers.Dense(6, activation="relu")(inp)
        b = K.layers.Dense(6, activation=K.layers.LeakyReLU(0.2))(inp)
        merged = K.layers.concatenate([a, b])
        summed = K.layers.Add()([a, b])
        h = K.layers.Concatenate(axis=1)([merged, summed])
        out = K.layers.Dense(2, activation="sigmoid", name="out")(h)
        model = K.Model(inputs=inp, outputs=out)
        lines = []
        model.summary(print_fn=lines.append)
        x = tf.placeholder(tf.float32, [None, 4])
        y = model(x)
        session = K.backend.get_session()
        data = _data(7, 3, 4)
        first = session.run(y, {x: data})
        weights = model.get_weights()
        model.set_weights([w * 0.5 for w in weights])
        return {"name": model.name, "layers": [l.name for l in model.layers], "input": inp.name,
                "weights": _names(model.weights), "summary": lines, "y": y.name, "first": first,
                "halved": session.run(y, {x: data}), "predict": model.predict(data),
                "shapes": [list(w.shape) for w in weights]}


@program
def batch_norm_modes(tf):
    """BatchNormalization in training (updates from layer.updates, not UPDATE_OPS) and inference, on 2-D and
    4-D inputs, through the learning phase and an explicit `training`."""
    K = tf.keras
    with tf.Graph().as_default():
        tf.set_random_seed(6)
        x2 = tf.placeholder(tf.float32, [None, 3])
        x4 = tf.placeholder(tf.float32, [None, 4, 4, 2])
        bn2 = K.layers.BatchNormalization(momentum=0.9)
        bn4 = K.layers.BatchNormalization(epsilon=1e-3)
        y2 = bn2(x2)
        y4 = bn4(x4, training=True)
        updates = bn2.updates + bn4.updates
        d2, d4 = _data(8, 6, 3) * 2 + 1, _data(9, 3, 4, 4, 2) * 3 - 1
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            phase = K.backend.learning_phase()
            trained = [sess.run([y2, y4] + updates, {x2: d2, x4: d4, phase: True})[:2] for _ in range(2)]
            inference = sess.run(y2, {x2: d2})
            moving = sess.run(bn2.weights[2:] + bn4.weights[2:])
            return {"trained": trained, "inference": inference, "moving": moving,
                    "update_ops": tf.get_collection(tf.GraphKeys.UPDATE_OPS) == [], "n_updates": len(updates),
                    "weights": _names(bn2.weights + bn4.weights), "trainable": _names(bn4.trainable_weights)}


@program
def layer_zoo(tf):
    """The other layers on graph tensors: Embedding, Reshape, Conv1D, MaxPooling1D, Conv2DTranspose,
    ZeroPadding2D, UpSampling2D, global pooling, Activation, Lambda, Multiply."""
    K = tf.keras
    with tf.Graph().as_default():
        tf.set_random_seed(7)
        ids = tf.placeholder(tf.int32, [None, 5])
        emb = K.layers.Embedding(10, 4)(ids)
        seq = K.layers.Conv1D(3, 2, activation="relu")(emb)
        seq = K.layers.MaxPooling1D()(seq)
        pooled = K.layers.GlobalAveragePooling1D()(seq)
        img = K.layers.Reshape((2, 2, 1))(K.layers.Dense(4)(pooled))
        img = K.layers.ZeroPadding2D(1)(img)
        img = K.layers.UpSampling2D()(img)
        img = K.layers.Conv2DTranspose(2, 3, strides=2, padding="same")(img)
        gmax = K.layers.GlobalMaxPooling2D()(img)
        gavg = K.layers.GlobalAveragePooling2D()(img)
        act = K.layers.Activation("softplus")(gmax)
        lam = K.layers.Lambda(lambda t: t * 2.0 + 1.0)(gavg)
        out = K.layers.Multiply()([act, lam])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            feed = {ids: np.array([[1, 2, 3, 4, 5], [9, 0, 0, 2, 7]], np.int32)}
            values = sess.run([emb, seq, img, out], feed)
            return {"values": values, "globals": _names(tf.global_variables()),
                    "shapes": [t.shape.as_list() for t in (emb, seq, pooled, img, gmax, out)],
                    "names": [t.name for t in (emb, seq, img, gmax, act, lam, out)]}


@program
def backend_helpers(tf):
    """tf.keras.backend as TF1 code uses it: session, learning phase, values, K.function, names."""
    K = tf.keras.backend
    with tf.Graph().as_default():
        tf.set_random_seed(8)
        x = K.placeholder(shape=(None, 3))
        v = K.variable(np.arange(6, dtype=np.float32).reshape(2, 3), name="v")
        layer = tf.keras.layers.Dense(2, kernel_initializer="ones", bias_initializer=tf.constant_initializer(0.5))
        y = layer(x)
        f = K.function([x], [y])
        result = {"floatx": K.floatx(), "epsilon": K.epsilon(), "int_shape": list(K.int_shape(x)),
                  "v_shape": list(K.int_shape(v)), "eval": K.eval(v), "f": f([np.ones((2, 3), np.float32)])}
        K.set_value(v, np.ones((2, 3)))
        result["after_set"] = K.get_value(v)
        result["batch"] = K.batch_get_value([v, layer.bias])
        result["phase"] = K.learning_phase().name
        result["weights"] = [w.tolist() for w in layer.get_weights()]
        result["names"] = [tf.keras.layers.Dense(1).name, tf.keras.layers.Dense(1, name="mine").name,
                           tf.keras.layers.Dense(1).name, tf.keras.layers.Conv2D(1, 1).name]
        return result


def _fit_text(run):
    """What `run()` printed, with tf_keras's timings (seconds, ms/epoch, us/sample) masked."""
    import contextlib
    import io
    import re

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = run()
    text = re.sub(r"\d+(\.\d+)?(s|ms|us)(/(epoch|sample|step))?\b", "T", out.getvalue())
    return result, [line.rstrip() for line in text.splitlines()]


@program
def fit_mlp_adam(tf):
    """A seeded Sequential MLP compiled with 'adam', sparse_categorical_crossentropy and accuracy, fit for 3
    epochs (shuffle=False, validation_data, verbose=2), then evaluate, predict, train/test_on_batch."""
    K = tf.keras
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        x, y = _data(10, 20, 6), _labels(11, 20, 3)
        model = K.Sequential([K.layers.Dense(8, activation="relu", input_shape=(6,)),
                              K.layers.Dense(3, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        history, lines = _fit_text(lambda: model.fit(x, y, batch_size=8, epochs=3, verbose=2, shuffle=False,
                                                     validation_data=(x[:5], y[:5])))
        quiet, silent = _fit_text(lambda: model.evaluate(x, y, verbose=0))
        return {"history": history.history, "epoch": history.epoch, "params": sorted(history.params.items()),
                "printed": lines, "evaluate": quiet, "evaluate_printed": silent, "metrics": model.metrics_names,
                "globals": _names(tf.global_variables()), "predict": model.predict(x[:4]),
                "train_on_batch": model.train_on_batch(x[:4], y[:4]), "test_on_batch": model.test_on_batch(x, y),
                "predict_on_batch": model.predict_on_batch(x[:2])}


@program
def fit_regression_train_optimizer(tf):
    """A functional regression (tanh with an l2 regularizer, batch norm) compiled with a tf.train optimizer,
    mse and 'mae', fit with validation_split: its losses, the moving statistics, evaluate."""
    K = tf.keras
    with tf.Graph().as_default():
        tf.set_random_seed(2)
        x = _data(12, 20, 4)
        y = x.sum(1, keepdims=True) * 0.5
        inp = K.Input(shape=(4,))
        h = K.layers.Dense(6, activation="tanh", kernel_regularizer=K.regularizers.l2(0.01))(inp)
        bn = K.layers.BatchNormalization()
        out = K.layers.Dense(1)(bn(h))
        model = K.Model(inp, out)
        model.compile(tf.train.GradientDescentOptimizer(0.05), loss="mse", metrics=["mae"])
        history = model.fit(x, y, batch_size=6, epochs=2, verbose=0, shuffle=False, validation_split=0.25)
        session = K.backend.get_session()
        return {"history": history.history, "metrics": model.metrics_names,
                "globals": _names(tf.global_variables()), "moving": session.run(bn.weights[2:]),
                "evaluate": model.evaluate(x, y, batch_size=7, verbose=0),
                "train_on_batch": model.train_on_batch(x[:4], y[:4])}


@program
def fit_optimizers_and_losses(tf):
    """'rmsprop' with binary_crossentropy and shuffled batches (NumPy's global seed), Keras's SGD with
    momentum and categorical_crossentropy on to_categorical labels, Adam from logits with a loss object,
    and tf.keras.losses' functions and classes on constants."""
    K = tf.keras
    with tf.Graph().as_default():
        tf.set_random_seed(3)
        x = _data(13, 20, 4)
        m1 = K.Sequential([K.layers.Dense(2, input_shape=(4,), activation="sigmoid")])
        m1.compile("rmsprop", "binary_crossentropy", metrics=["accuracy", "acc"])
        np.random.seed(3)
        h1 = m1.fit(x, (x[:, :2] > 0).astype(np.float32), epochs=2, batch_size=5, verbose=0)
        m2 = K.Sequential([K.layers.Dense(3, input_shape=(4,), activation="softmax")])
        m2.compile(K.optimizers.SGD(0.1, momentum=0.9, nesterov=True), "categorical_crossentropy",
                   metrics=["accuracy"])
        onehot = K.utils.to_categorical(np.arange(20) % 3)
        h2 = m2.fit(x, onehot, epochs=2, batch_size=5, verbose=0, shuffle=False)
        m3 = K.Sequential([K.layers.Dense(5, input_shape=(4,), activation="relu"), K.layers.Dense(3)])
        m3.compile(K.optimizers.Adam(0.01), K.losses.SparseCategoricalCrossentropy(from_logits=True),
                   metrics=["acc"])
        h3 = m3.fit(x, np.arange(20) % 3, epochs=3, batch_size=7, verbose=0, shuffle=False)
        m4 = K.Sequential([K.layers.Dense(2, input_shape=(4,))])
        m4.compile(K.optimizers.RMSprop(0.01, momentum=0.5), K.losses.MeanAbsoluteError(), metrics=["mse"])
        h4 = m4.fit(x, x[:, 1:3], epochs=2, batch_size=10, verbose=0, shuffle=False)
        yt = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], np.float32)
        yp = np.array([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]], np.float32)
        L = K.losses
        values = [L.mean_squared_error(yt, yp), L.mse(yt, yp), L.mean_absolute_error(yt, yp),
                  L.categorical_crossentropy(yt, yp), L.categorical_crossentropy(yt, yp, from_logits=True),
                  L.sparse_categorical_crossentropy(np.array([1, 0]), yp),
                  L.binary_crossentropy(yt, yp), L.binary_crossentropy(yt, yp, from_logits=True),
                  L.MeanSquaredError()(yt, yp), L.CategoricalCrossentropy(label_smoothing=0.1)(yt, yp),
                  L.BinaryCrossentropy(from_logits=True)(yt, yp),
                  L.SparseCategoricalCrossentropy(reduction="sum")(np.array([1, 0]), yp),
                  L.MeanAbsoluteError()(yt, yp, sample_weight=np.array([1.0, 3.0], np.float32))]
        session = K.backend.get_session()
        return {"h1": h1.history, "h2": h2.history, "h3": h3.history, "h4": h4.history,
                "metrics": [m.metrics_names for m in (m1, m2, m3, m4)], "globals": _names(tf.global_variables()),
                "losses": session.run(values), "to_categorical": [K.utils.to_categorical([[1], [2]], 4),
                                                                  K.utils.to_categorical([1, 2], dtype="int32")]}


@program
def fit_generators(tf):
    """fit and fit_generator over a Python generator whose batches differ in size (validated on arrays, and on
    a generator with class_weight), evaluate / predict and their _generator forms, a tf.keras.utils.Sequence
    read in an order shuffled by Python's seeded `random` (on_epoch_end between passes) and in order with
    workers=0, and what verbose=2 prints counting steps. (tf_keras's enqueuer thread reads a generator ahead of
    the loop, so how many batches a generator gave is not recorded.)"""
    import random

    K = tf.keras
    with tf.Graph().as_default():
        tf.set_random_seed(4)
        x, y = _data(20, 20, 6), _labels(21, 20, 3)
        model = K.Sequential([K.layers.Dense(8, activation="relu", input_shape=(6,)),
                              K.layers.Dense(3, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        def batches():
            i = 0
            while True:
                start = (i * 7) % 20
                yield x[start:start + 7], y[start:start + 7]
                i += 1

        ends = []

        class Batches(K.utils.Sequence):
            def __len__(self):
                return 3

            def __getitem__(self, index):
                return x[index * 6:(index + 1) * 6], y[index * 6:(index + 1) * 6]

            def on_epoch_end(self):
                ends.append(len(ends))

        h1, p1 = _fit_text(lambda: model.fit_generator(batches(), steps_per_epoch=3, epochs=2, verbose=2,
                                                       validation_data=(x[:5], y[:5])))
        h2, p2 = _fit_text(lambda: model.fit(batches(), steps_per_epoch=2, epochs=2, verbose=2,
                                             validation_data=Batches(), validation_steps=2,
                                             class_weight={0: 1.0, 1: 2.0, 2: 0.5}))
        random.seed(7)
        h3, p3 = _fit_text(lambda: model.fit(Batches(), epochs=3, verbose=2))
        h4 = model.fit(Batches(), epochs=2, verbose=0, workers=0)
        evaluated = [model.evaluate_generator(batches(), steps=3), model.evaluate(Batches(), verbose=0),
                     model.evaluate(batches(), steps=2, verbose=0)]
        predicted = [model.predict_generator(batches(), steps=2), model.predict(Batches()),
                     model.predict(iter([x[:3], x[3:4]]), steps=2)]
        return {"h1": [h1.history, sorted(h1.params.items())], "printed1": p1, "h2": h2.history, "printed2": p2,
                "h3": h3.history, "printed3": p3, "h4": h4.history, "ends": ends, "evaluated": evaluated,
                "predicted": predicted, "random_after": random.random()}


@program
def fit_sample_and_class_weights(tf):
    """sample_weight and class_weight (each, and both multiplied) in fit, with weighted validation data and a
    validation split, evaluate, train_on_batch and test_on_batch; unweighted runs between and after; a
    two-output model weighted per output by name. (tf_keras's test_on_batch with weights after an unweighted
    evaluate reuses its unweighted test function and returns the unweighted loss; sessionflow weighs it, so
    that case is left out.)"""
    K = tf.keras
    with tf.Graph().as_default():
        tf.set_random_seed(5)
        x, y = _data(22, 20, 5), _labels(23, 20, 3)
        weights = np.linspace(0.2, 2.0, 20).astype(np.float32)
        classes = {0: 1.0, 1: 3.0, 2: 0.5}
        model = K.Sequential([K.layers.Dense(6, activation="tanh", input_shape=(5,)),
                              K.layers.Dense(3, activation="softmax")])
        model.compile(K.optimizers.SGD(0.1), "sparse_categorical_crossentropy", metrics=["acc"])
        h1 = model.fit(x, y, batch_size=6, epochs=2, verbose=0, shuffle=False, sample_weight=weights,
                       validation_data=(x[:6], y[:6], weights[:6]))
        tested = model.test_on_batch(x[:5], y[:5], sample_weight=weights[:5])
        h2 = model.fit(x, y, batch_size=6, verbose=0, shuffle=False, class_weight=classes)
        h3 = model.fit(x, y, batch_size=6, verbose=0, shuffle=False, class_weight=classes, sample_weight=weights,
                       validation_split=0.25)
        evaluated = [model.evaluate(x, y, batch_size=7, verbose=0, sample_weight=weights),
                     model.evaluate(x, y, batch_size=7, verbose=0)]
        on_batch = [model.train_on_batch(x[:5], y[:5], sample_weight=weights[:5]),
                    model.train_on_batch(x[:5], y[:5], class_weight=classes),
                    model.train_on_batch(x[:5], y[:5])]
        h4 = model.fit(x, y, batch_size=6, verbose=0, shuffle=False)
        inp = K.Input(shape=(5,))
        h = K.layers.Dense(4, activation="relu")(inp)
        a = K.layers.Dense(3, activation="softmax", name="a")(h)
        b = K.layers.Dense(1, name="b")(h)
        two = K.Model(inp, [a, b])
        two.compile("adam", ["sparse_categorical_crossentropy", "mse"], loss_weights=[1.0, 0.5], metrics=["mae"])
        h5 = two.fit(x, [y, x[:, :1]], batch_size=8, epochs=2, verbose=0, shuffle=False,
                     sample_weight={"a": weights, "b": weights[::-1]}, class_weight={"a": classes})
        return {"h1": h1.history, "tested": tested, "h2": h2.history, "h3": h3.history, "evaluated": evaluated,
                "on_batch": on_batch,
                "h4": h4.history, "h5": h5.history, "two_metrics": two.metrics_names,
                "two_evaluated": two.evaluate(x, [y, x[:, :1]], verbose=0, sample_weight=[weights, None])}


def _tables_parsed(tokenizer_json):
    """A Tokenizer's JSON with its tables parsed and sorted (word_docs' order follows a set's: it changes with
    Python's string hashing, in TF too)."""
    config = dict(tokenizer_json["config"])
    for name in ("word_counts", "word_docs", "index_docs", "index_word", "word_index"):
        config[name] = sorted(json.loads(config[name]).items())
    return {"class_name": tokenizer_json["class_name"], "config": config}


@program
def preprocessing_text_and_sequences(tf):
    """tf.keras.preprocessing: the Tokenizer (word counts, index, oov token, num_words, char level, the four
    matrix modes, JSON round trip), text_to_word_sequence, hashing_trick with md5, pad_sequences' paddings,
    truncations, dtypes and errors, TimeseriesGenerator's batches, skipgrams with a seed, the sampling table."""
    import random

    P = tf.keras.preprocessing
    texts = ["The cat sat on the mat.", "The dog ate my homework!", "A cat, a dog; the end?", "cat cat DOG"]
    tok = P.text.Tokenizer(num_words=6, oov_token="<oov>")
    tok.fit_on_texts(texts)
    sequences = tok.texts_to_sequences(texts + ["unseen words and the cat"])
    plain = P.text.Tokenizer()
    plain.fit_on_texts(texts)
    chars = P.text.Tokenizer(char_level=True, lower=False)
    chars.fit_on_texts(["abcab", "bcd"])
    again = P.text.tokenizer_from_json(tok.to_json())
    pad = P.sequence.pad_sequences
    ragged = [[1], [2, 3], [4, 5, 6], []]
    errors = []
    for call in (lambda: pad(ragged, padding="middle"), lambda: pad(ragged, truncating="x", maxlen=1),
                 lambda: pad([[1], 2]), lambda: pad(["a", "b"], value="x"), lambda: pad([[[1, 2]], [[1]]])):
        try:
            call()
        except ValueError as error:
            errors.append(str(error))
    series = P.sequence.TimeseriesGenerator(np.arange(20).reshape(10, 2), np.arange(10), length=3,
                                            sampling_rate=2, stride=2, batch_size=2)
    random.seed(11)
    couples, labels = P.sequence.skipgrams([1, 2, 3, 0, 4, 2], vocabulary_size=6, window_size=2, seed=5)
    return {"word_index": sorted(tok.word_index.items()), "word_counts": list(tok.word_counts.items()),
            "word_docs": sorted(tok.word_docs.items()), "index_docs": sorted(tok.index_docs.items()),
            "sequences": sequences, "texts": tok.sequences_to_texts(sequences),
            "matrices": [plain.texts_to_matrix(texts, mode=m) for m in ("binary", "count", "freq", "tfidf")],
            "plain_sequences": plain.texts_to_sequences(texts), "chars": chars.texts_to_sequences(["abz", "dd"]),
            "json": _tables_parsed(json.loads(tok.to_json())), "again": again.texts_to_sequences(texts),
            "again_index": sorted(again.index_word.items()),
            "words": P.text.text_to_word_sequence("Hello, World! it's\tme", split=" "),
            "md5": P.text.hashing_trick("the cat the hat", 7, hash_function="md5"),
            "pads": [pad(ragged), pad(ragged, maxlen=2), pad(ragged, padding="post", truncating="post", maxlen=2),
                     pad(ragged, value=-1.5, dtype="float32"), pad([["a"], ["b", "c"]], dtype=object, value="")],
            "pad_errors": errors, "pad_utils": tf.keras.utils.pad_sequences([[7, 8, 9]], maxlen=5),
            "series": [len(series)] + [list(batch) for batch in series], "series_config": series.get_config(),
            "skipgrams": [couples, labels], "sampling": P.sequence.make_sampling_table(6)}


def _images(seed, n, height, width, channels):
    """Small random images with values in [0, 255]."""
    return (np.random.RandomState(seed).rand(n, height, width, channels) * 255).astype(np.float32)


def _errors(*calls):
    """The messages of the errors the calls raise, in order."""
    messages = []
    for call in calls:
        try:
            call()
            messages.append(None)
        except (ValueError, TypeError) as error:
            messages.append(str(error))
    return messages


@program
def image_flow_seeded_transforms(tf):
    """tf.keras.preprocessing.image: a seeded flow() through every random transform (rotation, shifts as float,
    int and list, shear, zoom, channel shift, brightness, flips, constant fill, rescale) read with next() past a
    pass and by index; random_transform with a seed, the random_* helpers under a seeded NumPy, apply_transform
    and apply_affine_transform on channels-first images, the fill modes and interpolation orders."""
    I = tf.keras.preprocessing.image
    x, y = _images(30, 5, 6, 7, 3), np.arange(5)
    datagen = I.ImageDataGenerator(rotation_range=25, width_shift_range=0.2, height_shift_range=[1, 2],
                                   shear_range=15, zoom_range=[0.8, 1.3], channel_shift_range=20.0,
                                   brightness_range=(0.6, 1.4), horizontal_flip=True, vertical_flip=True,
                                   fill_mode="constant", cval=7.0, rescale=1 / 255.0)
    flow = datagen.flow(x, y, batch_size=2, seed=11)
    walked = [next(flow) for _ in range(4)]
    indexed = [flow[1], flow[0]]
    int_shift = I.ImageDataGenerator(width_shift_range=2, height_shift_range=0.3, fill_mode="wrap",
                                     interpolation_order=0)
    params = int_shift.get_random_transform((6, 7, 3), seed=5)
    first = datagen.random_transform(x[0], seed=3)
    np.random.seed(4)
    helpers = [I.random_rotation(x[1], 30, row_axis=0, col_axis=1, channel_axis=2, fill_mode="reflect"),
               I.random_shift(x[1], 0.2, 0.3, row_axis=0, col_axis=1, channel_axis=2),
               I.random_shear(x[1], 20, row_axis=0, col_axis=1, channel_axis=2, interpolation_order=3),
               I.random_zoom(x[1], (0.7, 1.2), row_axis=0, col_axis=1, channel_axis=2, fill_mode="nearest"),
               I.random_channel_shift(x[1], 30.0, channel_axis=2), I.random_brightness(x[1], (0.5, 1.5))]
    channels_first = np.transpose(x[2], (2, 0, 1))
    first_format = I.ImageDataGenerator(data_format="channels_first", rotation_range=40, zoom_range=0.3)
    applied = [first_format.apply_transform(channels_first, {"theta": 30, "tx": 1.5, "zx": 0.9, "zy": 1.1,
                                                             "flip_horizontal": True}),
               I.apply_affine_transform(channels_first, theta=15, ty=-2, shear=10, fill_mode="constant", cval=1.0),
               I.apply_channel_shift(channels_first, -40.0, channel_axis=0),
               I.apply_brightness_shift(x[3], 1.3, scale=False), first_format.random_transform(channels_first, 8)]
    errors = _errors(lambda: I.ImageDataGenerator(zoom_range=[1, 2, 3]),
                     lambda: I.ImageDataGenerator(brightness_range=0.5),
                     lambda: I.ImageDataGenerator(data_format="nhwc"),
                     lambda: I.ImageDataGenerator(validation_split=1.5),
                     lambda: I.apply_affine_transform(x[0], theta=5, row_axis=0, col_axis=0),
                     lambda: I.apply_affine_transform(x[0], theta=5, row_axis=1, col_axis=2, channel_axis=3),
                     lambda: I.apply_affine_transform(x[:2], theta=5),
                     lambda: I.apply_affine_transform(x[0], theta=5, row_axis=0, col_axis=2, channel_axis=1),
                     lambda: I.random_zoom(x[0], (1,)), lambda: flow[3])
    return {"walked": walked, "indexed": indexed, "len": len(flow), "seen": flow.total_batches_seen,
            "params": sorted((k, v) for k, v in params.items()), "first": first, "helpers": helpers,
            "applied": applied, "errors": errors}


@program
def image_standardize_after_fit(tf):
    """ImageDataGenerator.fit's featurewise mean and std (with rescale, and on augmented rounds with a seed),
    standardize with them, per-sample centring and scaling, a preprocessing_function, ZCA whitening, channels
    first, and flow() batches normalized by the fitted statistics."""
    I = tf.keras.preprocessing.image
    x = _images(31, 6, 4, 5, 3)
    featurewise = I.ImageDataGenerator(featurewise_center=True, featurewise_std_normalization=True, rescale=0.5)
    featurewise.fit(x)
    augmented = I.ImageDataGenerator(featurewise_center=True, featurewise_std_normalization=True,
                                     rotation_range=10, horizontal_flip=True)
    augmented.fit(x, augment=True, rounds=2, seed=9)
    samplewise = I.ImageDataGenerator(samplewise_std_normalization=True,
                                      preprocessing_function=lambda image: image * 2.0 + 1.0)
    zca = I.ImageDataGenerator(zca_whitening=True, zca_epsilon=0.1)
    zca.fit(x)
    first = I.ImageDataGenerator(featurewise_center=True, featurewise_std_normalization=True,
                                 data_format="channels_first")
    x_first = np.transpose(x, (0, 3, 1, 2))
    first.fit(x_first)
    flowed = featurewise.flow(x, batch_size=4, shuffle=False)
    flowed = [next(flowed) for _ in range(3)]
    return {"mean": featurewise.mean, "std": featurewise.std, "flags": [featurewise.featurewise_center,
                                                                           samplewise.samplewise_center,
                                                                           zca.featurewise_center],
            "standardized": featurewise.standardize(np.copy(x[0])),
            "augmented_stats": [augmented.mean, augmented.std],
            "samplewise": samplewise.standardize(np.copy(x[1])), "zca_matrix_corner": zca.zca_whitening_matrix[:4, :4],
            "zca": zca.standardize(np.copy(x[2]))[:2], "first_stats": [first.mean, first.std],
            "first": first.standardize(np.copy(x_first[3])), "flowed": flowed,
            "errors": _errors(lambda: featurewise.fit(x[0]))}


@program
def image_flow_subsets_and_weights(tf):
    """flow() with validation_split's 'training' and 'validation' subsets, sample_weight, extra input arrays
    (x as a tuple), no labels, an unshuffled pass and its errors."""
    I = tf.keras.preprocessing.image
    x, y = _images(32, 8, 3, 3, 1), np.array([0, 1, 0, 1, 1, 0, 1, 0])
    weights = np.linspace(0.5, 2.0, 8)
    datagen = I.ImageDataGenerator(validation_split=0.25, horizontal_flip=True)
    training = datagen.flow(x, y, batch_size=3, sample_weight=weights, subset="training", seed=2)
    validation = datagen.flow(x, y, batch_size=3, subset="validation", shuffle=False)
    extra = datagen.flow((x, [np.arange(8), np.arange(8) * 10.0]), y, batch_size=4, seed=1)
    single_extra = datagen.flow((x, np.arange(8)), batch_size=5, shuffle=False)
    unlabelled = datagen.flow(x, batch_size=8, shuffle=False)
    errors = _errors(lambda: datagen.flow(x, y[:5]), lambda: datagen.flow(x, y, sample_weight=weights[:3]),
                     lambda: datagen.flow(x, y, subset="test"), lambda: datagen.flow(x[0], y[:3]),
                     lambda: datagen.flow(x, np.arange(8), subset="training"),
                     lambda: datagen.flow((x, [np.arange(3)]), y))
    return {"training": [len(training), training[0], training[1], next(training), next(training)],
            "validation": [len(validation), next(validation), validation[0]],
            "extra": [next(extra), next(extra)], "single_extra": single_extra[1], "unlabelled": unlabelled[0],
            "ignored": len(datagen.flow(x, np.arange(8), subset="training", ignore_class_split=True)),
            "errors": errors}


def _write_image_tree(directory, I):
    """A tiny image directory: classes 'cat' (3 RGB PNGs of 5x6) and 'dog' (2 PNGs, one grayscale, one RGBA, in a
    nested folder) plus files that are not images, written with save_img."""
    import os

    rng = np.random.RandomState(33)
    for name in ("cat", "dog", os.path.join("dog", "more")):
        os.makedirs(os.path.join(directory, name))
    for i in range(3):
        I.save_img(os.path.join(directory, "cat", f"c{i}.png"), rng.randint(0, 256, (5, 6, 3)), scale=False)
    I.save_img(os.path.join(directory, "dog", "d0.png"), rng.randint(0, 256, (5, 6, 1)), scale=False)
    I.save_img(os.path.join(directory, "dog", "more", "d1.png"), rng.randint(0, 256, (6, 5, 4)), scale=False)
    with open(os.path.join(directory, "dog", "notes.txt"), "w") as f:
        f.write("not an image")


@program
def image_flow_from_directory(tf):
    """flow_from_directory over a tiny directory of PNGs: target_size with nearest and bilinear resizing,
    keep_aspect_ratio, each class_mode, color modes, classes given, validation subsets, a seeded augmented
    pass; load_img / img_to_array / array_to_img / save_img on their own."""
    import os
    import tempfile

    I = tf.keras.preprocessing.image
    with tempfile.TemporaryDirectory() as directory:
        _write_image_tree(directory, I)
        plain = I.ImageDataGenerator()
        modes = {}
        for mode in ("categorical", "binary", "sparse", "input", None):
            iterator = plain.flow_from_directory(directory, target_size=(4, 3), class_mode=mode, batch_size=3,
                                                 shuffle=False)
            modes[str(mode)] = [iterator[0], iterator[1]]
        listing = plain.flow_from_directory(directory, target_size=(4, 4), batch_size=2, seed=4)
        gray = plain.flow_from_directory(directory, target_size=(3, 3), color_mode="grayscale", batch_size=5,
                                         shuffle=False, interpolation="bilinear", classes=["dog", "cat"])
        rgba = plain.flow_from_directory(directory, target_size=(4, 2), color_mode="rgba", batch_size=5,
                                         shuffle=False, keep_aspect_ratio=True, interpolation="bicubic")
        split = I.ImageDataGenerator(validation_split=0.5, rescale=1 / 255.0, rotation_range=30, zoom_range=0.2)
        training = split.flow_from_directory(directory, target_size=(4, 4), subset="training", seed=6,
                                             class_mode="binary", batch_size=2)
        validation = split.flow_from_directory(directory, target_size=(4, 4), subset="validation",
                                               class_mode="sparse", shuffle=False)
        path = os.path.join(directory, "cat", "c1.png")
        image = I.load_img(path)
        array = I.img_to_array(image)
        back = I.array_to_img(array * 0.5)
        first = I.img_to_array(I.load_img(path, color_mode="grayscale", target_size=(2, 2),
                                          interpolation="lanczos"), data_format="channels_first")
        errors = _errors(lambda: plain.flow_from_directory(directory, class_mode="multi"),
                         lambda: plain.flow_from_directory(directory, color_mode="cmyk"),
                         lambda: split.flow_from_directory(directory, subset="all"),
                         lambda: I.load_img(path, target_size=(2, 2), interpolation="cubic"),
                         lambda: I.load_img(path, color_mode="hsv"), lambda: I.load_img(3),
                         lambda: I.array_to_img(np.zeros((2, 2))), lambda: I.array_to_img(np.zeros((2, 2, 2))),
                         lambda: I.img_to_array(image, data_format="nhwc"))
        errors[0] = errors[0].split("{")[0]  # (the allowed modes are a set: their order follows string hashing)
        return {"modes": modes,
                "listing": [listing.filenames, listing.classes, listing.class_indices, listing.samples,
                            listing.num_classes, listing.image_shape, next(listing), next(listing), next(listing),
                            listing.filepaths == [os.path.join(directory, f) for f in listing.filenames]],
                "gray": [gray.class_indices, gray.classes, gray[0]], "rgba": rgba[0],
                "training": [training.filenames, next(training), training[0]],
                "validation": [validation.filenames, validation[0]],
                "image": [image.mode, image.size, array, back.mode, np.asarray(back), first],
                "errors": errors}


@program
def image_fit_generator(tf):
    """A small CNN trained 2 epochs by fit_generator on a seeded, augmented flow(), then by fit on the same kind
    of iterator (its pass order shuffled by Python's seeded `random`) with validation on an unaugmented one, and
    evaluated on a flow_from_directory iterator: the losses are TensorFlow's."""
    import random
    import tempfile

    K = tf.keras
    I = K.preprocessing.image
    x, y = _images(34, 10, 5, 6, 3), np.array([0, 1, 1, 0, 1, 0, 0, 1, 1, 0])
    with tf.Graph().as_default():
        tf.set_random_seed(9)
        model = K.Sequential([K.layers.Conv2D(2, 3, activation="relu", input_shape=(5, 6, 3)),
                              K.layers.Flatten(), K.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer=K.optimizers.SGD(0.05), loss="binary_crossentropy", metrics=["accuracy"])
        datagen = I.ImageDataGenerator(rescale=1 / 255.0, rotation_range=20, width_shift_range=0.1,
                                       horizontal_flip=True)
        # validated and evaluated without random draws: tf_keras's enqueuer thread may be drawing for the next
        # epoch while those batches are read
        plain = I.ImageDataGenerator(rescale=1 / 255.0)
        initial = model.predict(x[:2])
        random.seed(4)
        h1 = model.fit_generator(datagen.flow(x, y, batch_size=4, seed=3), steps_per_epoch=3, epochs=2, verbose=0)
        random.seed(5)
        h2 = model.fit(datagen.flow(x, y, batch_size=3, seed=8), epochs=2, verbose=0,
                       validation_data=plain.flow(x[:4], y[:4], batch_size=2, shuffle=False))
        with tempfile.TemporaryDirectory() as directory:
            _write_image_tree(directory, I)
            tree = plain.flow_from_directory(directory, target_size=(5, 6), class_mode="binary", batch_size=2,
                                               shuffle=False)
            evaluated = model.evaluate(tree, verbose=0)
            predicted = model.predict(tree)
        return {"initial": initial, "h1": h1.history, "h2": h2.history, "evaluated": evaluated, "predicted": predicted}
