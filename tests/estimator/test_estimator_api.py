"""tf.estimator's pieces one by one: numpy_input_fn's batches (TF's queue semantics), EstimatorSpec's, RunConfig's
and the Estimator's checks with TF 1.x's errors, the serving receivers, and the names not provided yet."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf


def _batches(input_fn, count=None):
    with tf.Graph().as_default():
        result = input_fn()
        out = []
        with tf.Session() as sess:
            try:
                while count is None or len(out) < count:
                    out.append(sess.run(result))
            except tf.errors.OutOfRangeError:
                pass
        return out


def test_numpy_input_fn_batches_as_tf_queues_give_them():
    x = {"b": np.arange(5.0), "a": np.arange(10, 15)}
    y = np.arange(-5, 0)
    # num_epochs=1: dequeue_up_to, a last smaller batch, then the end of input
    batches = _batches(tf.estimator.inputs.numpy_input_fn(x, y, batch_size=2, shuffle=False, num_epochs=1))
    assert [len(labels) for _, labels in batches] == [2, 2, 1]
    np.testing.assert_array_equal(np.concatenate([f["a"] for f, _ in batches]), x["a"])
    np.testing.assert_array_equal(np.concatenate([f["b"] for f, _ in batches]), x["b"])
    assert batches[0][0]["b"].dtype == np.float64 and batches[0][0]["a"].dtype == np.int64
    # num_epochs=2: epochs run on into one another within a batch
    batches = _batches(tf.estimator.inputs.numpy_input_fn(x, y, batch_size=3, shuffle=False, num_epochs=2))
    assert [labels.tolist() for _, labels in batches] == [[-5, -4, -3], [-2, -1, -5], [-4, -3, -2], [-1]]
    # num_epochs=None: full batches forever, with a static batch size
    with tf.Graph().as_default():
        features = tf.estimator.inputs.numpy_input_fn(np.arange(6.0), batch_size=4, shuffle=False, num_epochs=None)()
        assert isinstance(features, tf.Tensor) and features.shape.as_list() == [4]
    first = _batches(tf.estimator.inputs.numpy_input_fn(np.arange(6.0), batch_size=4, shuffle=False,
                                                        num_epochs=None), count=3)
    np.testing.assert_array_equal(first, [[0, 1, 2, 3], [4, 5, 0, 1], [2, 3, 4, 5]])
    # shuffle=True: every row once per epoch, in a shuffled order
    shuffled = _batches(tf.estimator.inputs.numpy_input_fn(np.arange(50), batch_size=50, shuffle=True))
    assert sorted(shuffled[0]) == list(range(50)) and list(shuffled[0]) != list(range(50))
    # a dict of labels stays a dict
    (_, labels), = _batches(tf.estimator.inputs.numpy_input_fn({"x": np.ones(2)}, {"t": np.zeros(2)},
                                                              shuffle=False))
    assert set(labels) == {"t"}


def test_numpy_input_fn_errors():
    with pytest.raises(ValueError, match="shuffle must be provided and explicitly set as boolean"):
        tf.estimator.inputs.numpy_input_fn({"x": np.ones(3)})
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Length of tensors in x and y is mismatched"):
            tf.estimator.inputs.numpy_input_fn({"x": np.ones(3)}, np.ones(4), shuffle=False)()
        with pytest.raises(ValueError, match="duplicate keys are found in both x and y"):
            tf.estimator.inputs.numpy_input_fn({"x": np.ones(3)}, {"x": np.ones(3)}, shuffle=False)()
        with pytest.raises(ValueError, match="x cannot be an empty dict"):
            tf.estimator.inputs.numpy_input_fn({}, shuffle=False)()
        with pytest.raises(TypeError, match="x must be a dict or array"):
            tf.estimator.inputs.numpy_input_fn("rows", shuffle=False)()


def _spec_graph():
    x = tf.constant([[1.0], [2.0]])
    v = tf.Variable(1.0)
    loss = tf.reduce_mean(x * v)
    return x, loss, v.assign_add(1.0)


def test_estimator_spec_checks_as_tf():
    modes = tf.estimator.ModeKeys
    assert (modes.TRAIN, modes.EVAL, modes.PREDICT) == ("train", "eval", "infer")
    with tf.Graph().as_default():
        x, loss, train_op = _spec_graph()
        with pytest.raises(ValueError, match="Missing train_op."):
            tf.estimator.EstimatorSpec(modes.TRAIN, loss=loss)
        with pytest.raises(ValueError, match="Missing loss."):
            tf.estimator.EstimatorSpec(modes.EVAL)
        with pytest.raises(ValueError, match="Missing predictions."):
            tf.estimator.EstimatorSpec(modes.PREDICT)
        with pytest.raises(ValueError, match="Loss must be scalar"):
            tf.estimator.EstimatorSpec(modes.EVAL, loss=x)
        with pytest.raises(TypeError, match="loss must be Tensor"):
            tf.estimator.EstimatorSpec(modes.EVAL, loss=1.0)
        with pytest.raises(TypeError, match=r"Values of eval_metric_ops must be \(metric_value, update_op\) tuples"):
            tf.estimator.EstimatorSpec(modes.EVAL, loss=loss, eval_metric_ops={"m": loss})
        with pytest.raises(TypeError, match="All hooks must be SessionRunHook instances"):
            tf.estimator.EstimatorSpec(modes.TRAIN, loss=loss, train_op=train_op, training_hooks=[object()])
        spec = tf.estimator.EstimatorSpec(modes.EVAL, loss=tf.reshape(loss, [1, 1]))
        assert spec.loss.shape.ndims == 0 and spec.predictions == {} and spec.eval_metric_ops == {}
        assert isinstance(spec.scaffold, tf.train.Scaffold)
        predict = tf.estimator.EstimatorSpec(modes.PREDICT, predictions=x)
        assert set(predict.export_outputs) == {"serving_default"}
        assert isinstance(predict.export_outputs["serving_default"], tf.estimator.export.PredictOutput)
        with pytest.raises(ValueError, match="mode of EstimatorSpec cannot be changed"):
            spec._replace(mode=modes.TRAIN)
    with tf.Graph().as_default():
        other = tf.constant(1.0)
    with tf.Graph().as_default(), pytest.raises(ValueError, match='loss with "Const:0" must be from the default graph'):
        tf.estimator.EstimatorSpec(modes.EVAL, loss=other)


def test_run_config_defaults_checks_and_replace():
    config = tf.estimator.RunConfig()
    assert (config.save_checkpoints_secs, config.save_checkpoints_steps, config.save_summary_steps,
            config.keep_checkpoint_max, config.log_step_count_steps) == (600, None, 100, 5, 100)
    assert config.is_chief and config.num_worker_replicas == 1 and config.task_type == "worker"
    steps = config.replace(save_checkpoints_steps=10)
    assert (steps.save_checkpoints_steps, steps.save_checkpoints_secs) == (10, None)
    with pytest.raises(ValueError, match="cannot be both set"):
        tf.estimator.RunConfig(save_checkpoints_steps=1, save_checkpoints_secs=1)
    with pytest.raises(ValueError, match="tf_random_seed must be integer."):
        tf.estimator.RunConfig(tf_random_seed=1.5)
    with pytest.raises(ValueError, match="save_summary_steps should be >= 0"):
        tf.estimator.RunConfig(save_summary_steps=-1)
    with pytest.raises(ValueError, match="is not allowed to be replace"):
        config.replace(is_chief=False)


def test_estimator_checks_its_arguments(tmp_path):
    def model_fn(features, mode):
        return tf.estimator.EstimatorSpec(mode, predictions=features)

    with pytest.raises(ValueError, match="does not include params argument, but params"):
        tf.estimator.Estimator(model_fn, model_dir=str(tmp_path), params={"a": 1})
    with pytest.raises(ValueError, match="must include features argument"):
        tf.estimator.Estimator(lambda x, mode: None, model_dir=str(tmp_path))
    with pytest.raises(ValueError, match="`model_dir` are set both in constructor and `RunConfig`"):
        tf.estimator.Estimator(model_fn, model_dir=str(tmp_path), config=tf.estimator.RunConfig(model_dir="/elsewhere"))
    estimator = tf.estimator.Estimator(model_fn, config=tf.estimator.RunConfig(model_dir=str(tmp_path)))
    assert estimator.model_dir == str(tmp_path) and estimator.config.session_config is not None
    assert estimator.eval_dir() == str(tmp_path / "eval") and estimator.eval_dir("x") == str(tmp_path / "eval_x")
    with pytest.raises(ValueError, match="Can not provide both steps and max_steps."):
        estimator.train(lambda: None, steps=1, max_steps=2)
    with pytest.raises(ValueError, match="Must specify steps > 0, given: 0"):
        estimator.train(lambda: None, steps=0)
    with pytest.raises(TypeError, match="Hooks must be a SessionRunHook"):
        estimator.train(lambda: None, hooks=[1])
    with pytest.raises(ValueError, match="Could not find trained model in model_dir"):
        estimator.get_variable_value("w")
    with pytest.raises(ValueError, match="model_fn does not take labels, but input_fn returns labels."):
        estimator.train(lambda: ({"x": tf.constant([1.0])}, tf.constant([1.0])), steps=1)
    with pytest.raises(ValueError, match="Couldn't find trained model at"):
        estimator.export_saved_model(str(tmp_path / "export"), lambda: None)
    with pytest.raises(ValueError, match="There should be a CheckpointSaverHook to use saving_listeners"):
        no_saves = tf.estimator.Estimator(
            lambda features, mode: tf.estimator.EstimatorSpec(
                mode, loss=tf.reduce_sum(features), train_op=tf.train.get_global_step().assign_add(1)),
            config=tf.estimator.RunConfig(model_dir=str(tmp_path / "n"), save_checkpoints_secs=None))
        no_saves.train(lambda: tf.constant([1.0]), steps=1, saving_listeners=[tf.train.CheckpointSaverListener()])


def test_train_and_evaluate_specs_check_as_tf():
    with pytest.raises(TypeError, match="`input_fn` must be callable"):
        tf.estimator.TrainSpec(input_fn=1)
    with pytest.raises(ValueError, match="Must specify max_steps > 0, given: 0"):
        tf.estimator.TrainSpec(lambda: None, max_steps=0)
    with pytest.raises(ValueError, match="Must specify steps > 0, given: -1"):
        tf.estimator.EvalSpec(lambda: None, steps=-1)
    with pytest.raises(ValueError, match="Must specify throttle_secs >= 0"):
        tf.estimator.EvalSpec(lambda: None, throttle_secs=-1)
    spec = tf.estimator.EvalSpec(lambda: None)
    assert (spec.steps, spec.start_delay_secs, spec.throttle_secs, spec.exporters) == (100, 120, 600, ())
    with pytest.raises(TypeError, match="`estimator` must have type `tf.estimator.Estimator`"):
        tf.estimator.train_and_evaluate(object(), tf.estimator.TrainSpec(lambda: None), spec)


def test_serving_receivers():
    with tf.Graph().as_default():
        t = tf.placeholder(tf.float32, [None, 2], name="t")
        receiver = tf.estimator.export.ServingInputReceiver(t, t)
        assert receiver.features == {"feature": t} and receiver.receiver_tensors == {"input": t}
        assert tf.estimator.export.TensorServingInputReceiver(t, t).features is t
        with pytest.raises(ValueError, match="feature must be a Tensor, SparseTensor, or RaggedTensor"):
            tf.estimator.export.ServingInputReceiver({"feature": 1}, t)
        with pytest.raises(ValueError, match="receiver_tensor keys must be strings: 3."):
            tf.estimator.export.ServingInputReceiver(t, {3: t})
        parsing = tf.estimator.export.build_parsing_serving_input_receiver_fn(
            {"v": tf.FixedLenFeature([2], tf.float32)})()
        examples = parsing.receiver_tensors["examples"]
        assert examples.op.name == "input_example_tensor" and examples.dtype == tf.string
        assert parsing.features["v"].shape.as_list() == [None, 2]
        raw = tf.estimator.export.build_raw_serving_input_receiver_fn({"a": t}, default_batch_size=3)()
        assert raw.receiver_tensors["a"].shape.as_list() == [3, 2] and raw.features["a"].op.name == "a"
        with pytest.raises(ValueError, match="Regression output value must be a float32 Tensor"):
            tf.estimator.export.RegressionOutput(tf.constant([1]))
        with pytest.raises(ValueError, match="At least one of scores and classes must be set."):
            tf.estimator.export.ClassificationOutput()


def test_missing_estimators_say_why():
    with pytest.raises(AttributeError, match="BoostedTrees\\* resource ops"):
        tf.estimator.BoostedTreesClassifier  # noqa: B018
    assert issubclass(tf.estimator.DNNClassifier, tf.estimator.Estimator)
    with pytest.raises(AttributeError, match="has no attribute 'Estimtor'"):
        tf.estimator.Estimtor  # noqa: B018
    assert tf.estimator.LoggingTensorHook is tf.train.LoggingTensorHook
    assert tf.compat.v1.estimator.Estimator is tf.estimator.Estimator


@pytest.mark.parametrize("shuffle", [False, True])
def test_numpy_input_fn_takes_the_op_seeds_of_tfs_queue(shuffle):
    # TF 1.x's numpy_input_fn fills a FIFOQueue (no op seed) or, shuffling, a RandomShuffleQueue (one op seed from
    # the graph's counter), so a random op made after it is seeded as it is in TF
    with tf.Graph().as_default() as graph:
        tf.set_random_seed(1)
        tf.estimator.inputs.numpy_input_fn({"x": np.arange(8.0)}, batch_size=2, shuffle=shuffle)()
        tf.random_normal([2])
        normal = graph.get_operation_by_name("random_normal/RandomStandardNormal")
        assert normal.get_attr("seed2") == int(shuffle)
