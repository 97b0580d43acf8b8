"""What tf.keras provides and what it says it does not: names still missing raise sessionflow's
"not provided yet" AttributeError, Model's training loop a NotImplementedError naming the method."""

import pytest

import sessionflow as tf
from sessionflow._namespaces import NOT_YET


@pytest.mark.parametrize("path", ["layers.ConvLSTM2D", "optimizers.Adagrad", "callbacks.RemoteMonitor", "backend.rnn",
                                  "models.clone_model", "losses.Huber", "metrics.AUC"])
def test_a_missing_keras_name_says_it_is_not_provided_yet(path):
    space, _, name = f"keras.{path}".rpartition(".")
    module = tf
    for part in space.split("."):
        module = getattr(module, part)
    with pytest.raises(AttributeError, match=NOT_YET.split(" (")[0]) as info:
        getattr(module, name)
    assert f"tf.{space}.{name}" in str(info.value)


def test_what_the_training_loop_does_not_provide_yet_says_so():
    with tf.Graph().as_default():
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(2,))])
        with pytest.raises(RuntimeError, match="You must compile your model before training/testing"):
            model.fit([[1.0, 2.0]], [[1.0]])
        model.compile(optimizer="sgd", loss="mse")
        with pytest.raises(NotImplementedError, match=r"fit\(shuffle='batch'\) is not provided yet"):
            model.fit([[1.0, 2.0]], [[1.0]], shuffle="batch")
        with pytest.raises(AttributeError, match="'object' object has no attribute 'set_model'"):  # as tf_keras
            model.fit([[1.0, 2.0]], [[1.0]], callbacks=[object()])
        with pytest.raises(NotImplementedError, match="the SavedModel format is not provided through Keras yet"):
            model.save("w", save_format="tf")


def test_the_keras_momentum_update_op():
    """ResourceApplyKerasMomentum as TF's kernel: accum = accum * momentum - lr * grad; var += accum (Nesterov:
    var += accum * momentum - lr * grad)."""
    from sessionflow.ops import training

    for nesterov, expected in ((False, [1.2, 1.5]), (True, [0.96, 1.5])):  # TF 2.21 raw_ops values
        with tf.Graph().as_default():
            var = tf.Variable([1.0, 2.0], use_resource=True)
            accum = tf.Variable([0.5, -0.5], use_resource=True)
            update = training.ResourceApplyKerasMomentum(var._handle, accum._handle, tf.constant(0.1), tf.constant([2.0, 1.0]),
                                                         tf.constant(0.8), use_nesterov=nesterov)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                sess.run(update)
                assert sess.run(accum).tolist() == pytest.approx([0.2, -0.5])
                assert sess.run(var).tolist() == pytest.approx(expected)


def test_the_mnist_loader_is_still_served():
    from sessionflow.datasets import mnist

    assert tf.keras.datasets.mnist.load_data is mnist.load_data


def test_keras_updates_and_losses_stay_with_the_layer():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3])
        bn = tf.keras.layers.BatchNormalization()
        dense = tf.keras.layers.Dense(2, kernel_regularizer="l2")
        dense(bn(x))
        assert len(bn.updates) == 2 and tf.get_collection(tf.GraphKeys.UPDATE_OPS) == []
        assert tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES) == []
        assert [loss.name for loss in dense.losses] == ["dense/kernel/Regularizer/mul:0"]
        assert all(v.op.type == "VarHandleOp" for v in tf.global_variables())
        assert tf.keras.backend.learning_phase().name == "keras_learning_phase:0"
