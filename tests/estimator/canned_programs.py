"""Whole TF1 programs over the canned estimators, each a function of the `tf` module (sessionflow, or TF's
compat.v1 when tools/record_canned_estimators.py records them): train a few seeded steps, evaluate, predict.
Each returns the loss of every step, the checkpoint's variable names and shapes, the evaluate dict and the first
predictions, so the test compares names and numbers with TF's."""

from __future__ import annotations

import shutil
import tempfile

import numpy as np


def _record_losses(tf):
    class Losses(tf.train.SessionRunHook):
        def __init__(self):
            self.values = []

        def before_run(self, run_context):
            return tf.train.SessionRunArgs(tf.get_collection(tf.GraphKeys.LOSSES)[-1])

        def after_run(self, run_context, run_values):
            self.values.append(float(run_values.results))

    return Losses()


def _plain(value):
    value = np.asarray(value)
    if value.dtype.kind in "SO":
        return [v.decode() if isinstance(v, bytes) else str(v) for v in value.ravel().tolist()]
    return value.astype(np.float64).ravel().tolist() if value.dtype.kind == "f" else value.ravel().tolist()


def _run(tf, make, train_input_fn, eval_input_fn, predict_input_fn, steps):
    model_dir = tempfile.mkdtemp()
    try:
        estimator = make(model_dir, tf.estimator.RunConfig(tf_random_seed=5))
        losses = _record_losses(tf)
        estimator.train(train_input_fn, steps=steps, hooks=[losses])
        variables = [[name, list(shape)] for name, shape in tf.train.list_variables(model_dir)]
        metrics = {key: _plain(value) for key, value in estimator.evaluate(eval_input_fn).items()}
        predictions = [{key: _plain(value) for key, value in p.items()}
                       for p in estimator.predict(predict_input_fn)]
        return {"losses": losses.values, "variables": variables, "metrics": metrics, "predictions": predictions}
    finally:
        shutil.rmtree(model_dir, ignore_errors=True)


# --- the iris program of TF's getting-started guide (premade_estimator.py), on a small made-up data set -----------
IRIS_COLUMNS = ["SepalLength", "SepalWidth", "PetalLength", "PetalWidth"]


def _iris():
    rng = np.random.RandomState(0)
    x = (rng.rand(60, 4) * 4).astype(np.float32)
    y = ((x[:, 0] + x[:, 2] > 4).astype(np.int32) + (x[:, 1] > 2).astype(np.int32))
    return {c: x[:, i] for i, c in enumerate(IRIS_COLUMNS)}, y


def iris_dnn_classifier(tf):
    features, labels = _iris()

    def train_input_fn():
        return tf.data.Dataset.from_tensor_slices((dict(features), labels)).repeat().batch(16)

    def eval_input_fn():
        return tf.data.Dataset.from_tensor_slices((dict(features), labels)).batch(16)

    def predict_input_fn():
        return tf.data.Dataset.from_tensor_slices({c: features[c][:3] for c in IRIS_COLUMNS}).batch(16)

    columns = [tf.feature_column.numeric_column(key=c) for c in IRIS_COLUMNS]
    return _run(tf, lambda d, config: tf.estimator.DNNClassifier(feature_columns=columns, hidden_units=[10, 10],
                                                                 n_classes=3, model_dir=d, config=config),
                train_input_fn, eval_input_fn, predict_input_fn, steps=20)


# --- a census-like LinearClassifier (TF's wide tutorial): numeric, bucketized, vocabulary, hashed, crossed -------
def _census():
    rng = np.random.RandomState(1)
    n = 48
    age = rng.randint(18, 70, n).astype(np.float32)
    hours = rng.randint(10, 60, n).astype(np.float32)
    education = np.array(["Bachelors", "HS-grad", "Masters", "Doctorate"])[rng.randint(0, 4, n)]
    occupation = np.array(["Tech", "Sales", "Exec", "Craft", "Other"])[rng.randint(0, 5, n)]
    labels = ((age > 40) & (hours > 35) | (education == "Doctorate")).astype(np.int64)
    return {"age": age, "hours_per_week": hours, "education": education, "occupation": occupation}, labels


def _census_columns(tf):
    fc = tf.feature_column
    return [fc.numeric_column("hours_per_week"),
            fc.bucketized_column(fc.numeric_column("age"), boundaries=[25, 30, 35, 40, 45, 50, 55, 60, 65]),
            fc.categorical_column_with_vocabulary_list("education", ["Bachelors", "HS-grad", "Masters", "Doctorate"]),
            fc.categorical_column_with_hash_bucket("occupation", hash_bucket_size=20),
            fc.crossed_column(["education", "occupation"], hash_bucket_size=50)]


def _census_program(tf, make, steps=12):
    features, labels = _census()

    def input_fn(epochs):
        return tf.estimator.inputs.numpy_input_fn(features, labels, batch_size=12, num_epochs=epochs, shuffle=False)

    first = tf.estimator.inputs.numpy_input_fn({k: v[:2] for k, v in features.items()}, shuffle=False)
    return _run(tf, make, input_fn(None), input_fn(1), first, steps)


def census_linear_classifier(tf):
    columns = _census_columns(tf)
    return _census_program(tf, lambda d, config: tf.estimator.LinearClassifier(feature_columns=columns, model_dir=d,
                                                                               config=config))


def census_linear_classifier_default_ftrl(tf):
    """optimizer=None: FTRL at min(0.2, 1/sqrt(5 columns))."""
    columns = _census_columns(tf)
    return _census_program(tf, lambda d, config: tf.estimator.LinearClassifier(
        feature_columns=columns, model_dir=d, config=config, optimizer=None), steps=6)


def census_wide_and_deep(tf):
    """The wide & deep tutorial's shape: crossed and sparse columns linear, embeddings and numbers deep."""
    fc = tf.feature_column
    columns = _census_columns(tf)
    deep = [columns[0], fc.embedding_column(columns[2], dimension=3), fc.indicator_column(columns[3])]
    return _census_program(tf, lambda d, config: tf.estimator.DNNLinearCombinedClassifier(
        linear_feature_columns=columns[1:], dnn_feature_columns=deep, dnn_hidden_units=[8, 4], model_dir=d,
        config=config), steps=8)


# --- housing-like regressions -------------------------------------------------------------------------------------
def _housing():
    rng = np.random.RandomState(2)
    n = 40
    rooms = (rng.rand(n) * 3).astype(np.float32)
    age = rng.rand(n).astype(np.float32)
    district = np.array(["a", "b", "c"])[rng.randint(0, 3, n)]
    price = (2 * rooms - age + (district == "b") * 1.5 + rng.randn(n) * 0.1).astype(np.float32)
    weight = (rng.rand(n) + 0.5).astype(np.float32)
    return {"rooms": rooms, "age": age, "district": district, "weight": weight}, price


def _housing_program(tf, make, labels_of=None, steps=8):
    features, price = _housing()
    labels = price if labels_of is None else labels_of(features, price)

    def input_fn(epochs):
        return tf.estimator.inputs.numpy_input_fn(features, labels, batch_size=10, num_epochs=epochs, shuffle=False)

    first = tf.estimator.inputs.numpy_input_fn({k: v[:2] for k, v in features.items()}, shuffle=False)
    return _run(tf, make, input_fn(None), input_fn(1), first, steps)


def _housing_columns(tf):
    fc = tf.feature_column
    district = fc.categorical_column_with_vocabulary_list("district", ["a", "b", "c"])
    return [fc.numeric_column("rooms"), fc.numeric_column("age")], district


def housing_dnn_regressor(tf):
    numeric, district = _housing_columns(tf)
    columns = numeric + [tf.feature_column.indicator_column(district)]
    return _housing_program(tf, lambda d, config: tf.estimator.DNNRegressor(
        hidden_units=[8, 4], feature_columns=columns, model_dir=d, config=config, optimizer="Adam"))


def housing_linear_regressor(tf):
    numeric, district = _housing_columns(tf)
    return _housing_program(tf, lambda d, config: tf.estimator.LinearRegressor(
        feature_columns=numeric + [district], model_dir=d, config=config, weight_column="weight",
        optimizer=tf.train.GradientDescentOptimizer(0.01)))


def housing_wide_and_deep_regressor(tf):
    numeric, district = _housing_columns(tf)
    return _housing_program(tf, lambda d, config: tf.estimator.DNNLinearCombinedRegressor(
        linear_feature_columns=[district] + numeric, dnn_feature_columns=numeric, dnn_hidden_units=[5, 3],
        dnn_optimizer="RMSProp", model_dir=d, config=config))


def housing_batch_norm_regressor(tf):
    """batch_norm=True: each hidden layer's batch normalization (its moving statistics unpartitioned, updated by
    the train op)."""
    numeric, _ = _housing_columns(tf)
    return _housing_program(tf, lambda d, config: tf.estimator.DNNRegressor(
        hidden_units=[6, 3], feature_columns=numeric, model_dir=d, config=config, batch_norm=True), steps=6)


def label_vocabulary_dropout_classifier(tf):
    """String labels through label_vocabulary, example weights, dropout, and an optimizer given as a callable."""
    numeric, _ = _housing_columns(tf)
    return _housing_program(tf, lambda d, config: tf.estimator.DNNClassifier(
        hidden_units=[4], feature_columns=numeric, label_vocabulary=["no", "yes"], weight_column="weight",
        dropout=0.3, model_dir=d, config=config, optimizer=lambda: tf.train.MomentumOptimizer(0.05, 0.9)),
        labels_of=lambda features, price: np.array(["no", "yes"])[(price > 2).astype(int)])


def baseline_classifier(tf):
    return _housing_program(tf, lambda d, config: tf.estimator.BaselineClassifier(n_classes=3, model_dir=d,
                                                                                  config=config),
                            labels_of=lambda f, price: ((price > 2).astype(np.int64) + (f["age"] > 0.5)))


def baseline_regressor(tf):
    return _housing_program(tf, lambda d, config: tf.estimator.BaselineRegressor(model_dir=d, config=config))


PROGRAMS = {f.__name__: f for f in (
    iris_dnn_classifier, census_linear_classifier, census_linear_classifier_default_ftrl, census_wide_and_deep,
    housing_dnn_regressor, housing_batch_norm_regressor, housing_linear_regressor, housing_wide_and_deep_regressor,
    label_vocabulary_dropout_classifier, baseline_classifier, baseline_regressor)}
