"""Whole TF1 training-loop programs (tests/monitored/monitored_programs) run on sessionflow and
compared with what TF 2.21 did with them (goldens.json, written by tools/record_monitored.py):
MonitoredTrainingSession with StopAtStepHook, CheckpointSaverHook (files, checkpoint state, saved
values), SummarySaverHook (event file steps and tags), LoggingTensorHook's lines, resuming from the
checkpoint; hooks' call order, feeds and fetches; NanTensorHook; TF's errors for misuse."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest

import sessionflow as tf

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
GOLDENS = json.loads((HERE / "goldens.json").read_text())

from monitored_programs import (
    evaluation_program,
    more_hooks,
    nan_and_order,
    supervisor_loop,
    train_and_resume,
    warm_start_program,
)


@pytest.fixture(autouse=True)
def _fresh():
    tf.reset_default_graph()
    tf.summary.FileWriterCache.clear()
    yield
    tf.summary.FileWriterCache.clear()
    tf.reset_default_graph()


def _no_stamp(names):
    return [re.sub(r"^events\.out\.tfevents\..*", "events", n) for n in names]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    tf.summary.FileWriterCache.clear()
    return train_and_resume.run(tf, "tensorflow", str(tmp_path_factory.mktemp("train")))


@pytest.mark.parametrize("key", sorted(GOLDENS["train_and_resume"]))
def test_train_and_resume_as_tf(trained, key):
    got, want = trained[key], GOLDENS["train_and_resume"][key]
    if key.startswith("files"):
        got, want = _no_stamp(got), _no_stamp(want)
    if key == "meta_op_types":  # TF can import the .meta files: op types of TF's own .meta or TF's registry
        from sessionflow.io.op_signatures import SIGNATURES

        assert "VariableV2" in got and not set(got) - set(want) - set(SIGNATURES)
    elif key in ("first_run", "checkpoint_w", "resumed_w"):
        np.testing.assert_allclose(np.array(got, float), np.array(want, float), rtol=1e-6)
    else:
        assert got == want


@pytest.fixture(scope="module")
def ordered(tmp_path_factory):
    return nan_and_order.run(tf, "tensorflow", str(tmp_path_factory.mktemp("order")))


@pytest.mark.parametrize("key", sorted(GOLDENS["nan_and_order"]))
def test_hooks_order_nan_and_errors_as_tf(ordered, key):
    assert ordered[key] == GOLDENS["nan_and_order"][key]


@pytest.fixture(scope="module")
def more(tmp_path_factory):
    tf.summary.FileWriterCache.clear()
    return more_hooks.run(tf, "tensorflow", str(tmp_path_factory.mktemp("more")))


@pytest.mark.parametrize("key", sorted(GOLDENS["more_hooks"]))
def test_more_hooks_as_tf(more, key):
    assert more[key] == GOLDENS["more_hooks"][key]


@pytest.fixture(scope="module")
def supervised(tmp_path_factory):
    return supervisor_loop.run(tf, "tensorflow", str(tmp_path_factory.mktemp("supervisor")))


@pytest.mark.parametrize("key", sorted(GOLDENS["supervisor_loop"]))
def test_supervisor_as_tf(supervised, key):
    if key == "restored":
        np.testing.assert_allclose(supervised[key], GOLDENS["supervisor_loop"][key], rtol=1e-6)
    else:
        assert supervised[key] == GOLDENS["supervisor_loop"][key]


@pytest.fixture(scope="module")
def warm_started(tmp_path_factory):
    tf.reset_default_graph()
    return warm_start_program.run(tf, "tensorflow", str(tmp_path_factory.mktemp("warm")))


@pytest.mark.parametrize("key", sorted(GOLDENS["warm_start_program"]))
def test_warm_start_as_tf(warm_started, key):
    assert warm_started[key] == GOLDENS["warm_start_program"][key]


def test_warm_start_with_a_vocabulary_says_it_is_not_provided(tmp_path):
    with tf.variable_scope("emb"):
        v = tf.get_variable("table", [3, 2])
    with tf.Session() as sess:
        sess.run(v.initializer)
        prefix = tf.train.Saver().save(sess, str(tmp_path / "m"))
    info = tf.train.VocabInfo(str(tmp_path / "new.txt"), 3, 0, str(tmp_path / "old.txt"))
    with pytest.raises(NotImplementedError, match="warm-starting emb/table with a VocabInfo"):
        tf.train.warm_start(prefix, var_name_to_vocab_info={"emb/table": info})


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory):
    tf.reset_default_graph()
    return evaluation_program.run(tf, "tensorflow", str(tmp_path_factory.mktemp("evaluation")))


@pytest.mark.parametrize("key", sorted(GOLDENS["evaluation_program"]))
def test_evaluation_loop_as_tf(evaluated, key):
    assert evaluated[key] == GOLDENS["evaluation_program"][key]
