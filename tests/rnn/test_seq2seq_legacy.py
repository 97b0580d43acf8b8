"""tf.contrib.legacy_seq2seq against recorded reference output.

Where the reference comes from: legacy_seq2seq is plain Python over cells in TF 1.15, and TF 2.21 has
neither it nor contrib's core_rnn_cell, so tools/record_seq2seq.py (`legacy_reference`) writes TF 1.15's
embedding_attention_seq2seq out step by step with TF 2.21's ops, its variables named as TF 1.15 names
them, and records outputs, gradients, greedy decoding (feed_previous) and three training steps into
tests/rnn/goldens/seq2seq_legacy.npz. Here the same model is built with the legacy_seq2seq API.
"""

import os

import numpy as np
import pytest

import sessionflow as tf

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "goldens", "seq2seq_legacy.npz")
LV_ENC, LV_DEC, LE, LH, HEADS = 6, 7, 3, 4, 2


@pytest.fixture(scope="module")
def golden():
    return dict(np.load(GOLDEN))


def _build(g, feed_previous):
    legacy = tf.contrib.legacy_seq2seq
    enc = [tf.constant(x) for x in g["encoder"]]
    dec = [tf.constant(x) for x in g["decoder"]]
    outputs, state = legacy.embedding_attention_seq2seq(enc, dec, tf.nn.rnn_cell.BasicLSTMCell(LH), LV_ENC, LV_DEC,
                                                        LE, num_heads=HEADS, feed_previous=feed_previous)
    return outputs, state


def _assign(session, g):
    for v in tf.global_variables():
        session.run(v.assign(g["weight:" + v.name[:-2]]))


def test_embedding_attention_seq2seq_follows_the_reference(golden):
    weights = sorted(k[len("weight:"):] for k in golden if k.startswith("weight:"))
    with tf.Graph().as_default():
        outputs, state = _build(golden, feed_previous=False)
        assert sorted(v.name[:-2] for v in tf.global_variables()) == weights
        targets = [tf.constant(x) for x in golden["targets"]]
        mask = [tf.constant(x) for x in golden["mask"]]
        legacy = tf.contrib.legacy_seq2seq
        per_example = legacy.sequence_loss_by_example(outputs, targets, mask)
        loss = legacy.sequence_loss(outputs, targets, mask)
        variables = tf.trainable_variables()
        grads = tf.gradients(loss, variables)
        with tf.control_dependencies([getattr(g, "values", g) for g in grads]):  # as recorded (TF's updates race)
            train = tf.train.GradientDescentOptimizer(0.5).apply_gradients(zip(grads, variables))
        with tf.Session() as s:
            _assign(s, golden)
            got_outputs, got_c, got_h, got_per_example = s.run([tf.stack(outputs), state.c, state.h, per_example])
            got_grads = s.run([tf.convert_to_tensor(x) for x in grads])
            losses = [s.run([loss, train])[0] for _ in range(3)]
    np.testing.assert_allclose(got_outputs, golden["outputs"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_c, golden["state_c"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_h, golden["state_h"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_per_example, golden["per_example"], rtol=1e-5)
    for v, grad in zip(variables, got_grads):
        np.testing.assert_allclose(grad, golden["grad:" + v.name[:-2]], rtol=1e-4, atol=1e-6, err_msg=v.name)
    np.testing.assert_allclose(losses, golden["losses"], rtol=0, atol=1e-5)


def test_feed_previous_decodes_greedily_as_the_reference(golden):
    with tf.Graph().as_default():
        outputs, _ = _build(golden, feed_previous=True)
        with tf.Session() as s:
            _assign(s, golden)
            got = s.run(tf.stack(outputs))
    np.testing.assert_allclose(got, golden["greedy"], rtol=1e-5, atol=1e-6)


def test_feed_previous_as_a_tensor_picks_a_decoder_at_run_time(golden):
    with tf.Graph().as_default():
        feed = tf.placeholder(tf.bool, [])
        outputs, _ = _build(golden, feed_previous=feed)
        with tf.Session() as s:
            _assign(s, golden)
            teacher, greedy = (s.run(tf.stack(outputs), {feed: f}) for f in (False, True))
    np.testing.assert_allclose(teacher, golden["outputs"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(greedy, golden["greedy"], rtol=1e-5, atol=1e-6)


def _assign_prefixed(session, g, prefix):
    for v in tf.global_variables():
        session.run(v.assign(g[prefix + v.name[:-2]]))


def test_model_with_buckets_over_embedding_rnn_seq2seq_follows_the_reference(golden):
    legacy = tf.contrib.legacy_seq2seq
    buckets = ((2, 2), (4, 3))
    weights = sorted(k[len("bucket_weight:"):] for k in golden if k.startswith("bucket_weight:"))
    with tf.Graph().as_default():
        enc = [tf.constant(x) for x in golden["encoder"]]
        dec = [tf.constant(x) for x in golden["decoder"]]
        targets = [tf.constant(x) for x in golden["targets"]]
        mask = [tf.constant(x) for x in golden["mask"]]
        outputs, losses = legacy.model_with_buckets(  # a cell per bucket, as TF needs (it deep-copies the cell)
            enc, dec, targets, mask, buckets,
            lambda x, y: legacy.embedding_rnn_seq2seq(x, y, tf.nn.rnn_cell.BasicLSTMCell(LH), LV_ENC, LV_DEC, LE))
        assert sorted(v.name[:-2] for v in tf.global_variables()) == weights  # one set, shared by the buckets
        with tf.variable_scope(tf.get_variable_scope(), reuse=True):
            greedy, _ = legacy.embedding_rnn_seq2seq(enc, dec, tf.nn.rnn_cell.BasicLSTMCell(LH), LV_ENC, LV_DEC, LE,
                                                     feed_previous=True)
        with tf.Session() as s:
            _assign_prefixed(s, golden, "bucket_weight:")
            got_outputs, got_losses, got_greedy = s.run([[tf.stack(o) for o in outputs], losses, tf.stack(greedy)])
    for j, got in enumerate(got_outputs):
        assert got.shape[0] == buckets[j][1]
        np.testing.assert_allclose(got, golden[f"bucket_outputs_{j}"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_losses, golden["bucket_losses"], rtol=1e-5)
    np.testing.assert_allclose(got_greedy, golden["bucket_greedy"], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("kind", ["basic", "tied"])
def test_basic_and_tied_rnn_seq2seq_follow_the_reference(golden, kind):
    legacy = tf.contrib.legacy_seq2seq
    table = golden["basic_table"]
    with tf.Graph().as_default():
        enc = [tf.constant(table[x]) for x in golden["encoder"]]
        dec = [tf.constant(table[x]) for x in golden["decoder"]]
        build = legacy.basic_rnn_seq2seq if kind == "basic" else legacy.tied_rnn_seq2seq
        outputs, state = build(enc, dec, tf.nn.rnn_cell.BasicLSTMCell(LH))
        names = sorted(v.name[:-2] for v in tf.global_variables())
        with tf.Session() as s:
            _assign_prefixed(s, golden, "basic_weight:")
            got, c, h = s.run([tf.stack(outputs), state.c, state.h])
    want_names = {"basic": ["basic_rnn_seq2seq/rnn/basic_lstm_cell/bias", "basic_rnn_seq2seq/rnn/basic_lstm_cell/kernel",
                            "basic_rnn_seq2seq/rnn_decoder/basic_lstm_cell/bias",
                            "basic_rnn_seq2seq/rnn_decoder/basic_lstm_cell/kernel"],
                  "tied": ["combined_tied_rnn_seq2seq/tied_rnn_seq2seq/basic_lstm_cell/bias",
                           "combined_tied_rnn_seq2seq/tied_rnn_seq2seq/basic_lstm_cell/kernel"]}
    assert names == want_names[kind]
    np.testing.assert_allclose(got, golden[f"{kind}_outputs"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(c, golden[f"{kind}_state_c"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(h, golden[f"{kind}_state_h"], rtol=1e-5, atol=1e-6)


def test_one2many_rnn_seq2seq_decodes_each_task_as_embedding_rnn_seq2seq(golden):
    """One encoder and a decoder per task: with embedding_rnn_seq2seq's recorded weights under its names,
    each task's outputs are that model's."""
    legacy = tf.contrib.legacy_seq2seq
    rename = {"embedding_rnn_seq2seq/embedding_rnn_decoder/": "one2many_rnn_seq2seq/one2many_decoder_{}/"
              "embedding_rnn_decoder/", "embedding_rnn_seq2seq/rnn/": "one2many_rnn_seq2seq/rnn/"}
    with tf.Graph().as_default():
        enc = [tf.constant(x) for x in golden["encoder"]]
        dec = [tf.constant(x) for x in golden["decoder"]]
        outputs, states = legacy.one2many_rnn_seq2seq(
            enc, {"a": dec, "b": dec}, tf.nn.rnn_cell.BasicLSTMCell(LH),
            {"a": tf.nn.rnn_cell.BasicLSTMCell(LH), "b": tf.nn.rnn_cell.BasicLSTMCell(LH)}, LV_ENC,
            {"a": LV_DEC, "b": LV_DEC}, LE)
        want_names = []
        with tf.Session() as s:
            for key in golden:
                if not key.startswith("bucket_weight:"):
                    continue
                name = key[len("bucket_weight:"):]
                for old, new in rename.items():
                    if name.startswith(old):
                        for task in ("a", "b") if "{}" in new else ("",):
                            want_names.append(new.format(task) + name[len(old):])
            names = sorted(v.name[:-2] for v in tf.global_variables())
            for v in tf.global_variables():
                source = v.name[:-2].replace("one2many_rnn_seq2seq/rnn/", "embedding_rnn_seq2seq/rnn/")
                for task in ("a", "b"):
                    source = source.replace(f"one2many_rnn_seq2seq/one2many_decoder_{task}/",
                                            "embedding_rnn_seq2seq/")
                s.run(v.assign(golden["bucket_weight:" + source]))
            got = s.run({task: tf.stack(out) for task, out in outputs.items()})
    assert names == sorted(want_names) and set(states) == {"a", "b"}
    for task in ("a", "b"):
        np.testing.assert_allclose(got[task], golden["bucket_outputs_1"], rtol=1e-5, atol=1e-6)


def test_embedding_tied_rnn_seq2seq_shares_one_embedding_and_cell():
    legacy = tf.contrib.legacy_seq2seq
    rs = np.random.RandomState(0)
    with tf.Graph().as_default():
        tf.set_random_seed(2)
        enc = [tf.constant(rs.randint(0, LV_DEC, 3).astype(np.int32)) for _ in range(4)]
        dec = [tf.constant(rs.randint(0, LV_DEC, 3).astype(np.int32)) for _ in range(3)]
        feed = tf.placeholder(tf.bool, [])
        outputs, state = legacy.embedding_tied_rnn_seq2seq(enc, dec, tf.nn.rnn_cell.BasicLSTMCell(LH), LV_DEC, LE,
                                                           feed_previous=feed)
        names = sorted(v.name[:-2] for v in tf.global_variables())
        with tf.variable_scope(tf.get_variable_scope(), reuse=True):
            teacher, _ = legacy.embedding_tied_rnn_seq2seq(enc, dec, tf.nn.rnn_cell.BasicLSTMCell(LH), LV_DEC, LE)
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            by_tensor, by_bool = s.run([tf.stack(outputs), tf.stack(teacher)], {feed: False})
    prefix = "embedding_tied_rnn_seq2seq/combined_tied_rnn_seq2seq/tied_rnn_seq2seq/output_projection_wrapper/"
    assert names == sorted(["embedding_tied_rnn_seq2seq/embedding", prefix + "basic_lstm_cell/bias",
                            prefix + "basic_lstm_cell/kernel", prefix + "bias", prefix + "kernel"])
    assert isinstance(state, tf.nn.rnn_cell.LSTMStateTuple)
    np.testing.assert_allclose(by_tensor, by_bool, rtol=1e-6)
