"""tf.ConditionalAccumulator and tf.SparseConditionalAccumulator (sessionflow/ops/accumulators.py): TF1 programs
give TF's recorded results (tests/queues/fixtures/accumulator_programs.json, from tools/record_accumulators.py),
and a waiting take_grad ends when the session closes."""

import json
import os
import sys
import threading
import time

import pytest

import sessionflow as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from accumulator_programs import PROGRAMS  # noqa: E402

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "accumulator_programs.json")) as _f:
    RECORDED = json.load(_f)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_matches_tensorflow(name):
    assert PROGRAMS[name](tf) == RECORDED[name]


def test_a_waiting_take_ends_with_cancelled_when_the_session_closes():
    with tf.Graph().as_default():
        acc = tf.ConditionalAccumulator(tf.float32, shape=[])
        take = acc.take_grad(1)
        sess = tf.Session()
        sess.run(acc.num_accumulated())  # the accumulator exists
        caught = []

        def wait():
            try:
                sess.run(take)
            except tf.errors.CancelledError as e:
                caught.append(e)

        waiter = threading.Thread(target=wait)
        waiter.start()
        waiter.join(0.2)
        sess.close()
        waiter.join(10)
        assert not waiter.is_alive() and len(caught) == 1


def test_takers_are_served_in_arrival_order_and_float_dtypes_only():
    with tf.Graph().as_default():
        acc = tf.ConditionalAccumulator(tf.float32, shape=[])
        first, second = acc.take_grad(2), acc.take_grad(1)
        with tf.Session() as sess:
            got = {}
            t1 = threading.Thread(target=lambda: got.update(first=float(sess.run(first))))
            t1.start()
            time.sleep(0.1)  # the first taker waits for two gradients
            t2 = threading.Thread(target=lambda: got.update(second=float(sess.run(second))))
            t2.start()
            time.sleep(0.1)
            sess.run(acc.apply_grad(1.0))  # one gradient: the second taker must not jump the queue
            time.sleep(0.1)
            assert got == {}
            sess.run(acc.apply_grad(3.0))
            t1.join(10)
            sess.run(acc.apply_grad(5.0, local_step=1))
            t2.join(10)
            assert got == {"first": 2.0, "second": 5.0}
        integer = tf.ConditionalAccumulator(tf.int32)
        with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match="No OpKernel"):
            sess.run(integer.num_accumulated())
