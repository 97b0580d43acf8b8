"""tf.contrib.slim/layers/framework: the real tf-slim package running on sessionflow (sessionflow/compat/contrib.py).

The model program is checked against TF 2.21 + tf-slim's recorded results (tools/record_contrib.py). Tests that
need tf-slim skip when the `contrib` extra is not installed; the error without it is tested by hiding it.
"""

from __future__ import annotations

import importlib.util
import os

import pytest
from compat_harness import PROGRAMS, assert_close, facts, golden, python

HAVE_SLIM = importlib.util.find_spec("tf_slim") is not None and importlib.util.find_spec("six") is not None
needs_slim = pytest.mark.skipif(not HAVE_SLIM, reason="tf-slim (pip install 'sessionflow[contrib]') not installed")
NAMES = ("update_ops", "regularization_losses", "logits_name")  # op names: see test_op_names_are_tfs


def _run_program() -> dict:
    done = python("-m", "sessionflow", "run", os.path.join(PROGRAMS, "contrib_slim_program.py"))
    assert done.returncode == 0, done.stderr
    import json

    return json.loads(done.stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def program():
    return _run_program()


@needs_slim
def test_a_slim_model_has_tfs_variables_and_numbers(program):
    expected, program = golden("contrib_slim_program.json"), dict(program)  # the fixture is shared
    for key in NAMES:
        expected.pop(key), program.pop(key)
    # Conv/weights, Conv/BatchNorm/moving_mean, fully_connected/biases...: TF's names, so TF 1.x checkpoints restore
    assert program["global_variables"] == expected["global_variables"]
    assert_close(program, expected, tol=2e-5)


@needs_slim
def test_op_names_are_tfs(program):
    expected = golden("contrib_slim_program.json")
    assert {key: program[key] for key in NAMES} == {key: expected[key] for key in NAMES}


@needs_slim
def test_tf_slim_loads_only_when_contrib_is_touched_and_never_a_real_tensorflow():
    found = facts("""
import json, sys
import sessionflow as tf
before = "tf_slim" in sys.modules
real = type(sys)("tensorflow")  # stands for a real TensorFlow the program imported itself
sys.modules["tensorflow"] = real
layers = tf.contrib.layers
from tf_slim.layers import layers as lib
print(json.dumps(dict(before=before, after="tf_slim" in sys.modules, kept=sys.modules["tensorflow"] is real,
                      same=layers.fully_connected is lib.fully_connected, ops=lib.ops.__name__,
                      framework=tf.contrib.framework.arg_scope is tf.contrib.slim.arg_scope,
                      global_step=tf.contrib.framework.get_or_create_global_step is tf.train.get_or_create_global_step)))
""")
    assert found == dict(before=False, after=True, kept=True, same=True, ops="tensorflow.python.framework.ops",
                         framework=True, global_step=True)


@needs_slim
def test_tf1_module_paths_under_the_alias(tmp_path):
    (tmp_path / "script.py").write_text("""
import tensorflow as tf
import tensorflow.contrib.slim as slim
from tensorflow.contrib.layers import fully_connected, xavier_initializer, l2_regularizer, optimize_loss
from tensorflow.contrib.framework import arg_scope, get_variables_to_restore
from tensorflow.contrib.framework.python.ops import arg_scope as arg_scope_module
from tensorflow.contrib.layers.python.layers import layers as layers_module
from tensorflow.contrib.learn.datasets import mnist
from tensorflow.core.protobuf import saver_pb2, config_pb2
print(slim.fully_connected is fully_connected is layers_module.fully_connected is tf.contrib.layers.fully_connected)
print(arg_scope is arg_scope_module.arg_scope is slim.arg_scope)
print(saver_pb2.SaverDef.V1, config_pb2.RunOptions is tf.RunOptions)
from tensorflow.contrib.data import shuffle_and_repeat
print(shuffle_and_repeat is tf.contrib.data.shuffle_and_repeat is tf.data.experimental.shuffle_and_repeat)
for name in ("tensorflow.contrib.keras",):
    try:
        __import__(name)
    except ImportError as e:
        print(type(e).__name__, e)
try:
    tf.contrib.keras
except AttributeError as e:
    print(e)
""")
    done = python("-m", "sessionflow", "run", "script.py", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    not_yet = "is a TensorFlow 1.x API that sessionflow does not provide yet (see README: Not supported yet)"
    assert done.stdout.splitlines() == ["True", "True", "1 True", "True"] + [
        f"ModuleNotFoundError No module named 'tensorflow.contrib.{name}': tf.contrib.{name} {not_yet}"
        for name in ("keras",)] + [
        f"module 'tensorflow.contrib' has no attribute 'keras': tf.contrib.keras {not_yet}"]


def test_without_the_extra_the_error_names_it():
    found = facts("""
import json, sys
sys.modules["tf_slim"] = None  # as if tf-slim were not installed
import sessionflow as tf
errors = []
try:
    tf.contrib.slim
except ImportError as e:
    errors.append(str(e))
from sessionflow.compat import alias
alias.install()
try:
    import tensorflow.contrib.layers
except ImportError as e:
    errors.append(str(e))
print(json.dumps(errors))
""")
    message = ("tf.contrib.slim, tf.contrib.layers and tf.contrib.framework are the tf-slim package, which is not "
               "installed: pip install 'sessionflow[contrib]'")
    assert found == [message, message]


@needs_slim
def test_tf_slims_readers_build_on_tf_reader_base():
    found = facts("""
import json
import sessionflow as tf
base = tf.contrib.slim.parallel_reader.io_ops.ReaderBase
print(json.dumps(base is tf.ReaderBase))
""")
    assert found is True


@needs_slim
def test_batch_norm_on_a_matrix_with_a_training_placeholder():
    # tf-slim's fused and inline batch norms reset the scope's partitioner (VariableScope.set_partitioner) before
    # making the moving statistics; the numbers are TF 2.21 + tf-slim's
    found = facts("""
import json
import numpy as np
import sessionflow as tf
layers = tf.contrib.layers
x = tf.placeholder(tf.float32, [None, 3])
training = tf.placeholder(tf.bool, [])
fused = layers.batch_norm(x, is_training=training, decay=0.5, scope="fused")
inline = layers.batch_norm(x, is_training=training, decay=0.5, updates_collections=None, fused=False, scope="inline")
updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
data = np.array([[1., 2., 3.], [3., 2., 0.], [5., 8., 6.], [-1., 0., 3.]], np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run([fused, inline] + updates, {x: data, training: True})
    stats = sess.run([v for v in tf.global_variables() if "moving" in v.name])
    test = sess.run([fused, inline], {x: data[:2], training: False})
print(json.dumps(dict(stats=[s.tolist() for s in stats], test=[t.tolist() for t in test], n_updates=len(updates))))
""")
    assert found["n_updates"] == 2
    assert_close(found["stats"], [[1.0, 1.5, 1.5], [3.83333, 6.5, 3.5], [1.0, 1.5, 1.5], [3.0, 5.0, 2.75]], tol=1e-5)
    assert_close(found["test"], [[[0.0, 0.1961, 0.80167], [1.02137, 0.1961, -0.80167]],
                                 [[0.0, 0.22358, 0.90437], [1.15451, 0.22358, -0.90437]]], tol=2e-5)


@needs_slim
def test_contrib_metrics_and_losses_are_tf_slims_with_tfs_numbers():
    # tf.contrib.metrics' streaming_* and tf.contrib.losses (tf-slim's) against TF 2.21's tf.metrics / tf.losses
    # on the same batch (TF 2.21's output): values and the metrics' local variable names
    found = facts("""
import json
import numpy as np
import sessionflow as tf
rng = np.random.RandomState(0)
n = 8
labels, preds, scores = rng.randint(0, 2, n), rng.randint(0, 2, n), rng.rand(n).astype(np.float32)
vals, tv = rng.randn(n, 3).astype(np.float32), rng.randn(n, 3).astype(np.float32)
labels, preds, scores, vals, tv = (tf.constant(a) for a in (labels, preds, scores, vals, tv))
M, L = tf.contrib.metrics, tf.contrib.losses
m = dict(acc=M.streaming_accuracy(preds, labels), prec=M.streaming_precision(preds, labels),
         rec=M.streaming_recall(preds, labels), auc=M.streaming_auc(scores, labels), mean=M.streaming_mean(scores),
         mae=M.streaming_mean_absolute_error(vals, tv), iou=M.streaming_mean_iou(preds, labels, 3))
losses = [L.log_loss(tf.sigmoid(scores), tf.cast(labels, tf.float32)),
          tf.reduce_mean(L.hinge_loss(scores, tf.cast(labels, tf.float32))),
          L.sigmoid_cross_entropy(vals, tf.one_hot(labels, 3), label_smoothing=0.1),
          L.softmax_cross_entropy(vals, tf.one_hot(labels, 3), label_smoothing=0.1),
          L.cosine_distance(tf.nn.l2_normalize(vals, 1), tf.nn.l2_normalize(tv, 1), dim=1)]
with tf.Session() as s:
    s.run(tf.local_variables_initializer())
    s.run([u for _, u in m.values()])
    out = {k: float(s.run(v)) for k, (v, _) in m.items()}
    out["losses"] = [float(x) for x in s.run(losses)]
out["locals"] = sorted(v.op.name for v in tf.local_variables())
print(json.dumps(out))
""")
    expected = dict(acc=0.5, auc=0.25, iou=0.314286, mae=1.495667, mean=0.539941, prec=0.75, rec=0.5)
    for name, value in expected.items():
        assert abs(found[name] - value) < 2e-6, name
    assert all(abs(a - b) < 2e-6 for a, b in zip(found["losses"], [0.657987, 0.833198, 0.905097, 1.610189, 1.627548]))
    assert found["locals"] == [
        "accuracy/count", "accuracy/total", "auc/false_negatives", "auc/false_positives", "auc/true_negatives",
        "auc/true_positives", "mean/count", "mean/total", "mean_absolute_error/count", "mean_absolute_error/total",
        "mean_iou/total_confusion_matrix", "precision/false_positives/count", "precision/true_positives/count",
        "recall/false_negatives/count", "recall/true_positives/count"]



@needs_slim
def test_contrib_training_serves_the_evaluation_helpers():
    """tf.contrib.training's evaluation loop names (TF 1.15 kept them there): sessionflow's evaluate_once family,
    tf-slim's checkpoint iterators and SummaryAtEndHook."""
    import sessionflow
    from sessionflow.train import evaluation

    training = sessionflow.contrib.training
    assert training.evaluate_once is evaluation.evaluate_once
    assert training.StopAfterNEvalsHook is evaluation.StopAfterNEvalsHook
    assert training.get_or_create_eval_step is evaluation.get_or_create_eval_step
    assert training.checkpoints_iterator.__module__ == "tf_slim.training.evaluation"
    assert training.SummaryAtEndHook.__module__ == "tf_slim.training.evaluation"
    with pytest.raises(AttributeError, match="does not provide yet"):
        training.bucket_by_sequence_length


@needs_slim
def test_contrib_layers_text_encoders_tf_slim_dropped():
    # embed_sequence, bow_encoder, embedding_lookup_unique and dense_to_sparse_tensor were tf.contrib.layers'
    # own (tf-slim lacks them). The expected names and numbers are TF 2.21's for the same graph written out with
    # TF's ops (model variables from get_variable with MODEL_VARIABLES, contrib's scopes and op names).
    found = facts("""
import json
import numpy as np
from sessionflow.compat import alias
alias.install()
import tensorflow as tf
from tensorflow.contrib.layers import embed_sequence
tf.set_random_seed(3)
ids = tf.constant([[1, 4, 0, 0], [3, 3, 2, 0], [0, 0, 0, 0]])
enc = embed_sequence(ids, vocab_size=6, embed_dim=3)
enc2 = tf.contrib.layers.embed_sequence(ids, scope="EmbedSequence", reuse=True)
uq = tf.contrib.layers.embed_sequence(ids, 6, 3, unique=True, scope="uq")
bow = tf.contrib.layers.bow_encoder(ids, 6, 3)
bow_d = tf.contrib.layers.bow_encoder(ids, 6, 3, sparse_lookup=False, scope="bd")
sp = tf.contrib.layers.dense_to_sparse_tensor(ids)
names = [enc.name, enc2.name, uq.name, str(uq.shape), bow.name, str(bow.shape), bow_d.name, sp.indices.name,
         sp.values.name] + [v.name for v in tf.get_collection(tf.GraphKeys.MODEL_VARIABLES)]
loss = tf.reduce_sum(enc * enc2) + tf.reduce_sum(uq ** 2) + tf.reduce_sum(bow ** 2) + tf.reduce_sum(bow_d)
train = tf.train.AdagradOptimizer(0.5).minimize(loss)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    e, u, b, bd, st = s.run([enc, uq, bow, bow_d, sp])
    losses = [float(s.run([train, loss])[1]) for _ in range(3)]
print(json.dumps(dict(names=names, enc=e[1].tolist(), uq=u[1].tolist(), bow=b.tolist(), bow_d=bd.tolist(),
                      sparse=[st.indices.tolist(), st.values.tolist(), st.dense_shape.tolist()], losses=losses)))
""")
    assert found["names"] == [
        "EmbedSequence/embedding_lookup/Identity:0", "EmbedSequence_1/embedding_lookup/Identity:0",
        "uq/EmbeddingLookupUnique/Reshape_1:0", "(3, 4, 3)", "bow_encoder/embedding_lookup/Reshape_1:0", "(3, 3)",
        "bd/Mean:0", "DenseToSparseTensor/indices:0", "DenseToSparseTensor/values:0",
        "EmbedSequence/embeddings:0", "uq/embeddings:0", "bow_encoder/embeddings:0", "bd/embeddings:0"]
    assert_close(found["enc"], [[-0.65477, 0.64033, 0.45898], [-0.65477, 0.64033, 0.45898],
                                [0.62822, -0.56617, -0.20022], [-0.60851, 0.51389, 0.64967]], tol=2e-5)
    assert_close(found["uq"], [[0.66944, -0.47651, -0.75624], [0.66944, -0.47651, -0.75624],
                               [-0.28693, -0.21383, -0.08595], [0.45408, 0.00864, 0.20418]], tol=2e-5)
    # 0 is padding for the sparse lookup: the last row (all 0) gets id 0's embedding
    assert_close(found["bow"], [[-0.01015, 0.01299, 0.22986], [0.07104, 0.33882, -0.4989],
                                [0.57315, -0.57892, -0.55134]], tol=2e-5)
    assert_close(found["bow_d"], [[-0.31914, 0.41003, -0.09518], [0.06178, 0.48384, -0.02173],
                                  [-0.45203, 0.27441, 0.34247]], tol=2e-5)
    assert found["sparse"] == [[[0, 0], [0, 1], [1, 0], [1, 1], [1, 2]], [1, 4, 3, 3, 2], [3, 4]]
    assert_close(found["losses"], [19.352955, -1.3564708, -5.1161475], tol=2e-5)
