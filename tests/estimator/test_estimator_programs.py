"""Whole TF1-style estimator programs checked against the same model written as a plain Session loop (same seeds,
so the losses must be equal bit for bit), plus the files the estimator writes, named as TF 1.15 names them."""

from __future__ import annotations

import logging
import os

import numpy as np
import pytest

import sessionflow as tf

from . import programs as p


def _config(**changes):
    return tf.estimator.RunConfig(tf_random_seed=p.SEED, log_step_count_steps=50, **changes)


def _estimator(model_dir, **changes):
    return tf.estimator.Estimator(p.model_fn, model_dir=str(model_dir), config=_config(**changes),
                                  params={"learning_rate": p.LEARNING_RATE})


def _events(folder):
    """{tag: [(step, value)]} of every event file in `folder`."""
    found = {}
    for name in sorted(os.listdir(folder)):
        if not name.startswith("events.out.tfevents."):
            continue
        for event in tf.train.summary_iterator(os.path.join(folder, name)):
            for value in event.summary.value:
                kind = value.WhichOneof("value")
                shown = value.simple_value if kind == "simple_value" else value.tensor.string_val[0].decode()
                found.setdefault(value.tag, []).append((event.step, shown))
    return found


@pytest.fixture(autouse=True)
def _fresh_writers():
    yield
    tf.summary.FileWriterCache.clear()


def test_train_gives_the_plain_session_losses_and_tf_files(tmp_path, caplog):
    recorder = p.LossRecorder()
    estimator = _estimator(tmp_path)
    with caplog.at_level(logging.INFO, logger="tensorflow"):
        assert estimator.train(p.train_input_fn, hooks=[recorder], steps=200) is estimator
    expected, variables = p.plain_session_losses([200])
    assert len(recorder.losses) == 200
    np.testing.assert_array_equal(recorder.losses, expected)
    for name, value in variables.items():
        np.testing.assert_array_equal(estimator.get_variable_value(name), value)
    assert estimator.get_variable_value("global_step") == 200
    assert sorted(estimator.get_variable_names()) == sorted(variables)
    assert estimator.latest_checkpoint() == str(tmp_path / "model.ckpt-200")
    names = set(os.listdir(tmp_path))
    for step in (0, 200):
        assert {f"model.ckpt-{step}.index", f"model.ckpt-{step}.meta",
                f"model.ckpt-{step}.data-00000-of-00001"} <= names
    assert {"checkpoint", "graph.pbtxt"} <= names
    events = _events(tmp_path)
    # the 'loss' summary of each summary step (every 100 steps, as MonitoredTrainingSession's SummarySaverHook
    # counts them) holds the loss of the run that reached that global step
    steps = [step for step, _ in events["loss"]]
    assert steps[0] == 1 and len(steps) == 3
    np.testing.assert_array_equal([v for _, v in events["loss"]], np.float32([expected[s - 1] for s in steps]))
    assert len(events["global_step/sec"]) == 3  # log_step_count_steps=50
    lines = [r.getMessage() for r in caplog.records]
    assert f"loss = {expected[0]!s}, step = 1" in lines
    assert any(line.startswith(f"loss = {expected[50]!s}, step = 51 (") for line in lines)
    assert sum(line.startswith("global_step/sec: ") for line in lines) == 3
    assert f"Loss for final step: {expected[-1]!s}." in lines
    assert f"Saving checkpoints for 200 into {tmp_path / 'model.ckpt'}." in lines


def test_restart_continues_from_the_checkpoint(tmp_path, caplog):
    first, second = p.LossRecorder(), p.LossRecorder()
    _estimator(tmp_path).train(p.train_input_fn, hooks=[first], steps=100)
    restarted = _estimator(tmp_path)
    restarted.train(p.train_input_fn, hooks=[second], max_steps=150)
    expected, variables = p.plain_session_losses([100, 50])
    np.testing.assert_array_equal(first.losses + second.losses, expected)
    for name, value in variables.items():
        np.testing.assert_array_equal(restarted.get_variable_value(name), value)
    with caplog.at_level(logging.INFO, logger="tensorflow"):
        restarted.train(p.train_input_fn, max_steps=150)
    assert "Skipping training since max_steps has already saved." in [r.getMessage() for r in caplog.records]
    assert restarted.get_variable_value("global_step") == 150


def test_evaluate_and_predict_use_the_latest_checkpoint(tmp_path):
    estimator = _estimator(tmp_path)
    estimator.train(p.dataset_input_fn, steps=60)
    _, variables = p.plain_session_losses([60], input_fn=p.dataset_input_fn)
    loss, mae = p.plain_session_eval(variables)
    results = estimator.evaluate(p.eval_input_fn)
    assert set(results) == {"loss", "mae", "global_step"}
    assert results["global_step"] == 60
    np.testing.assert_allclose(results["loss"], loss, rtol=1e-6)
    np.testing.assert_allclose(results["mae"], mae, rtol=1e-6)
    named = estimator.evaluate(p.eval_input_fn, steps=2, name="two")
    assert named["global_step"] == 60 and named["loss"] != results["loss"]
    eval_events = _events(tmp_path / "eval")
    assert set(eval_events) == {"loss", "mae", "checkpoint_path"}
    assert eval_events["loss"] == [(60, pytest.approx(float(results["loss"])))]
    assert eval_events["checkpoint_path"] == [(60, str(tmp_path / "model.ckpt-60"))]
    assert os.listdir(tmp_path / "eval_two")

    x, _ = p.data()
    predict_fn = tf.estimator.inputs.numpy_input_fn({"x": x[:5]}, batch_size=2, shuffle=False)
    single = list(estimator.predict(predict_fn))
    assert len(single) == 5 and set(single[0]) == {"x", "y"}
    np.testing.assert_array_equal([s["x"] for s in single], x[:5])
    batches = list(estimator.predict(predict_fn, predict_keys=["y"], yield_single_examples=False))
    assert [b["y"].shape for b in batches] == [(2, 1), (2, 1), (1, 1)] and set(batches[0]) == {"y"}
    np.testing.assert_array_equal(np.concatenate([b["y"] for b in batches]), [s["y"] for s in single])
    with tf.Graph().as_default():  # the prediction is the plain model with the checkpoint's weights
        prediction, _, _ = p.build_model({"x": tf.constant(x[:5])}, None, tf.estimator.ModeKeys.PREDICT, {})
        with tf.Session() as sess:
            tf.train.Saver().restore(sess, estimator.latest_checkpoint())
            np.testing.assert_allclose(sess.run(prediction), [s["y"] for s in single], rtol=1e-6)


def test_train_and_evaluate_evaluates_after_checkpoints(tmp_path):
    estimator = _estimator(tmp_path, save_checkpoints_steps=50)
    train_spec = tf.estimator.TrainSpec(p.train_input_fn, max_steps=120)
    exporter = tf.estimator.FinalExporter("final", tf.estimator.export.build_raw_serving_input_receiver_fn(
        {"x": tf.placeholder(tf.float32, [None, 3])}))
    eval_spec = tf.estimator.EvalSpec(p.eval_input_fn, steps=None, exporters=exporter, throttle_secs=10 ** 6)
    metrics, exports = tf.estimator.train_and_evaluate(estimator, train_spec, eval_spec)
    _, variables = p.plain_session_losses([120])
    loss, mae = p.plain_session_eval(variables)
    assert metrics["global_step"] == 120
    # rtol 1e-5: under the XLA backend the two programs' plans are compiled apart and round differently
    np.testing.assert_allclose([metrics["loss"], metrics["mae"]], [loss, mae], rtol=1e-5)
    # the first checkpoint after step 0 is evaluated, later ones wait for throttle_secs, the last one always
    assert [step for step, _ in _events(tmp_path / "eval")["loss"]] == [50, 120]
    assert len(exports) == 1 and os.path.isfile(os.path.join(exports[0], b"saved_model.pb"))
    assert os.path.dirname(exports[0]) == os.fsencode(tmp_path / "export" / "final")


def test_export_then_load_with_the_saved_model_loader(tmp_path):
    estimator = _estimator(tmp_path / "model")
    estimator.train(p.train_input_fn, steps=30)
    receiver_fn = tf.estimator.export.build_raw_serving_input_receiver_fn(
        {"x": tf.placeholder(tf.float32, [7, 3])})
    export_dir = estimator.export_saved_model(str(tmp_path / "export"), receiver_fn)
    assert isinstance(export_dir, bytes) and os.path.basename(export_dir).isdigit()
    assert sorted(os.listdir(os.fsdecode(export_dir))) == ["saved_model.pb", "variables"]
    x, _ = p.data()
    expected = [s["y"] for s in estimator.predict(
        tf.estimator.inputs.numpy_input_fn({"x": x[:4]}, batch_size=4, shuffle=False))]
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING], export_dir)
        signature = meta.signature_def["serving_default"]
        assert signature.method_name == "tensorflow/serving/predict"
        assert set(signature.inputs) == {"x"} and set(signature.outputs) == {"x", "y"}
        assert signature.inputs["x"].tensor_shape.dim[0].size == -1  # the batch size is left open
        y = sess.run(signature.outputs["y"].name, {signature.inputs["x"].name: x[:4]})
    np.testing.assert_allclose(y, expected, rtol=1e-6)
