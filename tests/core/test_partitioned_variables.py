"""Partitioned variables on sessionflow give what TensorFlow 2.21 gave: the programs of
tests/core/partitioned_programs.py (recorded by tools/record_nnmisc.py: part names, shapes, slice specs, values,
partitioners' choices, errors, embedding lookups, training, and Saver checkpoints holding one tensor per
partitioned variable), and a checkpoint's index entries byte for byte against one TF wrote
(tests/core/fixtures/partitioned_ckpt)."""

from __future__ import annotations

import json
import os
import sys

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.io import checkpoint_bundle, protos

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "ops"))
import partitioned_programs  # noqa: E402
import plainops_programs  # noqa: E402
from test_plainops import assert_same  # noqa: E402

with open(os.path.join(HERE, "goldens", "partitioned.json")) as f:
    GOLDENS = json.load(f)
FIXTURE = os.path.join(HERE, "fixtures", "partitioned_ckpt", "model")


@pytest.mark.parametrize("name", sorted(partitioned_programs.CASES))
def test_program_matches_tf(name):
    assert name in GOLDENS, f"{name}: run tools/record_nnmisc.py partitioned"
    got = plainops_programs.evaluate(tf, partitioned_programs.CASES[name])
    if name == "get_variable_partitioned":  # seeded glorot draws of each part (fans of the full shape): bit for bit
        assert_same(got["values"], GOLDENS[name]["values"], f"{name}.values", exact=True)
    assert_same(got, GOLDENS[name], name)


def _index(prefix):
    with open(checkpoint_bundle.index_filename(prefix), "rb") as f:
        table = checkpoint_bundle.parse_table(f.read())
    return [(key, protos.BundleEntryProto.FromString(value)) for key, value in table[1:]]


def test_checkpoint_entries_are_tfs(tmp_path):
    """The index TF writes for the fixture's variables (slice keys, the full entry's TensorSliceProtos, offsets
    in the order tensors are added, CRCs) and the data file are what sessionflow writes."""
    tf.get_variable("w", initializer=tf.constant(np.arange(30.0, dtype=np.float32).reshape(10, 3)),
                    partitioner=tf.fixed_size_partitioner(3))
    tf.get_variable("b", initializer=tf.constant([1.0, 2.0]))
    tf.get_variable("one", initializer=tf.constant([[5, 6]]), partitioner=tf.fixed_size_partitioner(2))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = tf.train.Saver().save(sess, str(tmp_path / "model"), write_meta_graph=False, write_state=False)
    ours, theirs = _index(path), _index(FIXTURE)
    assert [k for k, _ in ours] == [k for k, _ in theirs]
    assert [e.SerializeToString() for _, e in ours] == [e.SerializeToString() for _, e in theirs]
    with open(checkpoint_bundle.data_filename(path), "rb") as a, open(checkpoint_bundle.data_filename(FIXTURE),
                                                                      "rb") as b:
        assert a.read() == b.read()


def test_tf_checkpoint_restores_into_parts_and_whole():
    w = tf.get_variable("w", [10, 3], partitioner=tf.fixed_size_partitioner(4))
    with tf.Session() as sess:
        tf.train.Saver([w]).restore(sess, FIXTURE)
        parts = sess.run(list(w))
        whole = sess.run(w.as_tensor())
    np.testing.assert_array_equal(whole, np.arange(30.0).reshape(10, 3))
    assert [p.shape for p in parts] == [(3, 3), (3, 3), (2, 3), (2, 3)]
    np.testing.assert_array_equal(tf.train.load_variable(FIXTURE, "w"), whole)


def test_restore_slice_of_wrong_full_shape_is_an_error():
    w = tf.get_variable("w", [12, 3], partitioner=tf.fixed_size_partitioner(2))
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match="does not match"):
        tf.train.Saver(list(w)).restore(sess, FIXTURE)


def test_embedding_lookup_sparse_takes_a_partitioned_variable_as_its_shards():
    """embedding_lookup_sparse and safe_embedding_lookup_sparse look a PartitionedVariable up part by part, as
    embedding_lookup does: with the default "mod" strategy id i is row i // 3 of part i % 3, and each part's
    gradient is the rows it gave (an IndexedSlices)."""
    with tf.Graph().as_default():
        with tf.variable_scope("emb", partitioner=tf.fixed_size_partitioner(3)):
            table = tf.get_variable("table", [11, 2])
        parts = [np.arange(p.shape.as_list()[0] * 2, dtype=np.float32).reshape(-1, 2) + 10 * k for k, p in enumerate(table)]
        ids = [[1, 3], [10], [2, 2, 7]]
        sp = tf.SparseTensor([[r, c] for r, row in enumerate(ids) for c in range(len(row))],
                             tf.constant([i for row in ids for i in row], tf.int64), [3, 3])
        summed = tf.nn.embedding_lookup_sparse(table, sp, None, combiner="sum")
        by_div = tf.nn.embedding_lookup_sparse(table, sp, None, combiner="sum", partition_strategy="div")
        safe = tf.nn.safe_embedding_lookup_sparse(table, sp, combiner="sum", partition_strategy="mod")
        grads = tf.gradients(summed, list(table))
        with tf.Session() as s:
            for p, value in zip(table, parts):
                s.run(p.assign(value))
            got, got_div, got_safe = s.run([summed, by_div, safe])
    mod_rows = np.stack([parts[i % 3][i // 3] for i in range(11)])
    div_rows = np.concatenate(parts)
    np.testing.assert_array_equal(got, [mod_rows[row].sum(0) for row in ids])
    np.testing.assert_array_equal(got_safe, got)
    np.testing.assert_array_equal(got_div, [div_rows[row].sum(0) for row in ids])
    assert all(isinstance(g, tf.IndexedSlices) for g in grads)


def test_inner_scopes_inherit_the_partitioner():
    """As in TF, a scope opened inside one with a partitioner (by name, or re-entered by object) partitions its
    variables too. TF 2.21 names the parts `outer/inner/w/part_0`, `outer/inner/w/part_1` and likewise for u."""
    with tf.variable_scope("outer", partitioner=tf.fixed_size_partitioner(2)):
        with tf.variable_scope("inner") as scope:
            w = tf.get_variable("w", [4, 3])
        assert scope.partitioner is not None
        with tf.variable_scope(scope):
            u = tf.get_variable("u", [4, 3])
    assert [p.name for p in w] == ["outer/inner/w/part_0:0", "outer/inner/w/part_1:0"]
    assert [p.name for p in u] == ["outer/inner/u/part_0:0", "outer/inner/u/part_1:0"]


def test_slots_of_parts_are_saved_as_parts_of_the_slot(tmp_path):
    """An optimizer applied inside a variable scope puts its slots in that scope, and a part's slot is saved as
    that part of the full slot, under the name TF's slot_creator derives (TF 2.21's checkpoint of this program:
    dnn/h/kernel, dnn/h/kernel/t_0/Adagrad, ... (TF 2.15 wrote it, tf.layers there); graph names dnn/dnn/h/kernel/part_0/Adagrad)."""
    gs = tf.train.get_or_create_global_step()
    with tf.variable_scope("dnn", partitioner=tf.min_max_variable_partitioner(max_partitions=0)):
        with tf.variable_scope("h") as scope:
            layer = tf.layers.Dense(3, name=scope, _scope=scope)
        loss = tf.reduce_sum(layer(tf.ones([2, 4])))
        train = tf.train.AdagradOptimizer(0.05).minimize(loss, global_step=gs)
    names = [v.op.name for v in tf.global_variables()]
    assert names == ["global_step", "dnn/h/kernel/part_0", "dnn/h/bias/part_0", "dnn/dnn/h/kernel/part_0/Adagrad",
                     "dnn/dnn/h/bias/part_0/Adagrad"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        tf.train.Saver().save(sess, str(tmp_path / "m"))
    assert tf.train.list_variables(str(tmp_path)) == [
        ("dnn/h/bias", [3]), ("dnn/h/bias/t_0/Adagrad", [3]), ("dnn/h/kernel", [4, 3]),
        ("dnn/h/kernel/t_0/Adagrad", [4, 3]), ("global_step", [])]


def test_optimizer_variables_take_the_callers_scopes():
    """TF 2.21: Adam's beta powers are made in the caller's name scope, its slots in the caller's variable
    scope."""
    w = tf.get_variable("w", [2], initializer=tf.ones_initializer())
    loss = tf.reduce_sum(w * w)
    with tf.name_scope("train"):
        tf.train.AdamOptimizer(0.1).minimize(loss)
    with tf.variable_scope("vs"):
        tf.train.AdamOptimizer(0.1).minimize(loss)
    assert [v.name for v in tf.global_variables()] == [
        "w:0", "train/beta1_power:0", "train/beta2_power:0", "w/Adam:0", "w/Adam_1:0", "vs/beta1_power:0",
        "vs/beta2_power:0", "vs/w/Adam:0", "vs/w/Adam_1:0"]
