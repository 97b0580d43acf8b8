"""Blocking queue ops, timeouts, cancellation, and shutting down with queue-runner threads running."""

import os
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest

import sessionflow as tf


def _in_thread(fn):
    """Starts `fn` in a thread; returns (thread, outcomes list it appends its result or error to)."""
    outcomes = []

    def run():
        try:
            outcomes.append(fn())
        except Exception as e:  # noqa: BLE001 - the error is what the test looks at
            outcomes.append(e)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcomes


def test_dequeue_from_an_empty_queue_times_out_at_the_runs_deadline():
    with tf.Graph().as_default():
        q = tf.FIFOQueue(3, tf.float32)
        deq = q.dequeue()
        with tf.Session() as sess:
            start = time.monotonic()
            with pytest.raises(tf.errors.DeadlineExceededError, match="Timed out waiting for notification"):
                sess.run(deq, options=tf.RunOptions(timeout_in_ms=100))
            assert time.monotonic() - start < 5
            sess.run(q.enqueue(1.5))
            assert sess.run(deq) == 1.5  # the timed-out dequeue took nothing


def test_operation_timeout_applies_to_an_enqueue_into_a_full_queue():
    with tf.Graph().as_default():
        q = tf.FIFOQueue(1, tf.int32)
        enq = q.enqueue(7)
        with tf.Session(config=tf.ConfigProto(operation_timeout_in_ms=100)) as sess:
            sess.run(enq)
            with pytest.raises(tf.errors.DeadlineExceededError):
                sess.run(enq)
            assert sess.run(q.size()) == 1


def test_close_wakes_a_blocked_dequeue_with_out_of_range():
    with tf.Graph().as_default():
        q = tf.FIFOQueue(3, tf.float32)
        deq, close = q.dequeue(), q.close()  # ops are made here: each thread has its own default graph
        with tf.Session() as sess:
            thread, outcomes = _in_thread(lambda: sess.run(deq))
            time.sleep(0.2)
            assert thread.is_alive()
            sess.run(close)
            thread.join(5)
            assert not thread.is_alive()
            assert isinstance(outcomes[0], tf.errors.OutOfRangeError)
            assert "is closed and has insufficient elements (requested 1, current size 0)" in outcomes[0].message


def test_a_plain_close_waits_behind_a_blocked_enqueue_and_lets_it_finish():
    with tf.Graph().as_default():
        q = tf.FIFOQueue(1, tf.int32, shapes=[[]])
        enqueue_2, close = q.enqueue(2), q.close()
        with tf.Session() as sess:
            sess.run(q.enqueue(1))
            enqueuer, enqueued = _in_thread(lambda: sess.run(enqueue_2))
            time.sleep(0.1)
            closer, closed = _in_thread(lambda: sess.run(close))
            time.sleep(0.2)
            assert enqueuer.is_alive() and closer.is_alive()  # TF's close is an enqueue attempt: it waits its turn
            assert sess.run(q.dequeue()) == 1
            enqueuer.join(5)
            closer.join(5)
            assert enqueued == [None] and closed == [None]
            assert sess.run(q.dequeue_up_to(5)).tolist() == [2]
            assert sess.run(q.is_closed())


def test_session_close_cancels_blocked_enqueues_and_dequeues():
    with tf.Graph().as_default():
        full = tf.FIFOQueue(1, tf.int32, shapes=[[]])
        empty = tf.FIFOQueue(1, tf.int32, shapes=[[]])
        ops = [full.enqueue(1), empty.dequeue(), empty.dequeue_many(3)]
        sess = tf.Session()
        sess.run(full.enqueue(0))
        blocked = [_in_thread(lambda op=op: sess.run(op)) for op in ops]
        time.sleep(0.2)
        assert all(t.is_alive() for t, _ in blocked)
        start = time.monotonic()
        sess.close()
        for (thread, outcomes), what in zip(blocked, ("Enqueue", "Dequeue", "Dequeue")):
            thread.join(5)
            assert not thread.is_alive()
            assert isinstance(outcomes[0], tf.errors.CancelledError)
            assert outcomes[0].message == f"{what} operation was cancelled"  # TF's words
        assert time.monotonic() - start < 5


def test_closing_the_session_under_a_running_pipeline_ends_its_threads(tmp_path):
    """As in TF: the runner threads end at once and Coordinator.join raises their CancelledError."""
    (tmp_path / "x.txt").write_text("1\n2\n3\n")
    with tf.Graph().as_default():
        files = tf.train.string_input_producer([str(tmp_path / "x.txt")])
        _, line = tf.TextLineReader().read(files)
        batch = tf.train.shuffle_batch([line], 2, capacity=10, min_after_dequeue=3, seed=1)
        sess = tf.Session()
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        assert sess.run(batch).shape == (2,)
        sess.close()
        with pytest.raises(tf.errors.CancelledError):
            coord.join(threads, stop_grace_period_secs=5)
        assert not any(t.is_alive() for t in threads)


def test_many_producers_and_consumers_move_every_element_once():
    with tf.Graph().as_default():
        q = tf.FIFOQueue(8, tf.int32, shapes=[[]])
        value = tf.placeholder(tf.int32, [None])
        enq = q.enqueue_many([value])
        deq = q.dequeue_up_to(7)
        with tf.Session() as sess:
            def produce(base):
                for i in range(0, 200, 10):
                    sess.run(enq, {value: np.arange(base + i, base + i + 10)})

            received = []

            def consume():
                try:
                    while True:
                        received.extend(sess.run(deq).tolist())
                except tf.errors.OutOfRangeError:
                    pass

            producers = [threading.Thread(target=produce, args=(1000 * k,)) for k in range(4)]
            consumers = [threading.Thread(target=consume) for _ in range(3)]
            for t in producers + consumers:
                t.start()
            for t in producers:
                t.join(30)
            sess.run(q.close())
            for t in consumers:
                t.join(30)
            assert sorted(received) == sorted(1000 * k + i for k in range(4) for i in range(200))


def test_num_epochs_ends_with_out_of_range_and_needs_local_variables():
    with tf.Graph().as_default():
        value = tf.train.limit_epochs(tf.constant([1, 2]), num_epochs=2)
        with tf.Session() as sess:
            with pytest.raises(tf.errors.FailedPreconditionError, match="limit_epochs/epochs"):
                sess.run(value)
            sess.run(tf.local_variables_initializer())
            assert sess.run(value).tolist() == [1, 2]
            assert sess.run(value).tolist() == [1, 2]
            with pytest.raises(tf.errors.OutOfRangeError, match="Reached limit of 2"):
                sess.run(value)
    with pytest.raises(ValueError, match="num_epochs must be > 0 not 0"):
        tf.train.limit_epochs(tf.constant(1), num_epochs=0)


def test_coordinator_join_reraises_a_queue_runner_threads_error():
    with tf.Graph().as_default():
        q = tf.FIFOQueue(4, tf.float32, shapes=[[]])
        fed = tf.placeholder(tf.float32, [])  # never fed: the runner's enqueue fails
        tf.train.add_queue_runner(tf.train.QueueRunner(q, [q.enqueue(fed)]))
        with tf.Session() as sess:
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            assert coord.wait_for_stop(10)
            with pytest.raises(tf.errors.InvalidArgumentError, match="placeholder"):
                coord.join(threads)
            assert coord.joined


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # TF's runner re-raises
def test_queue_runner_without_a_coordinator_keeps_its_errors():
    with tf.Graph().as_default():
        q = tf.FIFOQueue(4, tf.float32, shapes=[[]])
        runner = tf.train.QueueRunner(q, [q.enqueue(tf.placeholder(tf.float32, []))])
        with tf.Session() as sess:
            threads = runner.create_threads(sess, start=True)
            assert [t.name for t in threads] == ["QueueRunnerThread-fifo_queue-fifo_queue_enqueue"]
            for t in threads:
                t.join(10)
            assert len(runner.exceptions_raised) == 1
            assert isinstance(runner.exceptions_raised[0], tf.errors.InvalidArgumentError)
        with pytest.raises(ValueError, match="Must provide queue and enqueue_ops"):
            tf.train.QueueRunner(None, [])
        with pytest.raises(TypeError, match="queue_closed_exception_types"):
            tf.train.QueueRunner(q, [q.enqueue(1.0)], queue_closed_exception_types=(ValueError,))


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # CancelledError, re-raised
def test_queue_runner_threads_start_once_per_session_and_end_when_the_session_closes():
    with tf.Graph().as_default():
        q = tf.FIFOQueue(2, tf.int32, shapes=[[]])
        runner = tf.train.QueueRunner(q, [q.enqueue(1)] * 2)
        tf.train.add_queue_runner(runner)
        sess = tf.Session()
        threads = tf.train.start_queue_runners(sess)  # no coordinator: CancelledError ends them at close
        assert len(threads) == 2 and all(t.daemon for t in threads)
        assert tf.train.start_queue_runners(sess) == []
        time.sleep(0.2)
        sess.close()
        for t in threads:
            t.join(5)
            assert not t.is_alive()


def test_coordinator_api():
    coord = tf.train.Coordinator()
    assert not coord.should_stop()
    coord.request_stop(tf.errors.OutOfRangeError(None, None, "end of data"))  # a clean stop
    assert coord.should_stop()
    coord.join([])
    coord.clear_stop()
    assert not coord.should_stop() and not coord.joined
    with coord.stop_on_exception():
        raise RuntimeError("boom")
    with pytest.raises(RuntimeError, match="boom"):
        coord.raise_requested_exception()
    with pytest.raises(RuntimeError, match="boom"):
        coord.join()
    with pytest.raises(ValueError, match="after join"):
        coord.request_stop(ValueError("after join"))  # reported after join: raised at once

    coord = tf.train.Coordinator()
    ticks = []
    looper = tf.train.LooperThread.loop(coord, 0.01, target=ticks.append, args=(1,))
    deadline = time.monotonic() + 10
    while len(ticks) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    coord.request_stop()
    coord.join([looper])
    assert len(ticks) >= 2 and not looper.is_alive()

    coord = tf.train.Coordinator()
    stuck = threading.Thread(target=time.sleep, args=(2,), daemon=True)
    stuck.start()
    coord.request_stop()
    with pytest.raises(RuntimeError, match="Coordinator stopped with threads still running"):
        coord.join([stuck], stop_grace_period_secs=0.05)


def test_the_interpreter_exits_with_runner_threads_blocked(tmp_path):
    """Daemon queue-runner threads blocked on full queues never hold the interpreter's exit."""
    script = tmp_path / "exit_with_threads.py"
    script.write_text(textwrap.dedent("""
        import sessionflow as tf
        q = tf.FIFOQueue(2, tf.float32, shapes=[[]])
        batch = tf.train.batch([tf.train.range_input_producer(100).dequeue()], 3, capacity=3)
        sess = tf.Session()
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        print(sess.run(batch).shape)
        # no request_stop, no close: the threads are blocked on full queues when the script ends
    """))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(3,)"


def test_from_list_selects_a_queue_at_run_time():
    with tf.Graph().as_default():
        queues = [tf.FIFOQueue(3, tf.int32, shapes=[[]]) for _ in range(3)]
        index = tf.placeholder(tf.int32, [])
        chosen = tf.QueueBase.from_list(index, queues)
        with tf.Session() as sess:
            for i in range(3):
                sess.run(chosen.enqueue(10 * i), {index: i})
            assert [sess.run(q.size()) for q in queues] == [1, 1, 1]
            assert sess.run(chosen.dequeue(), {index: 2}) == 20
    with pytest.raises(TypeError, match="A list of queues expected"):
        tf.QueueBase.from_list(0, [])


def test_queue_argument_errors():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="All shapes must be fully defined"):
            tf.FIFOQueue(3, tf.float32, shapes=[[None]])
        with pytest.raises(ValueError, match="a list of shapes must be provided"):
            tf.PaddingFIFOQueue(3, tf.float32, shapes=None)
        with pytest.raises(ValueError, match="List of names must have the same length"):
            tf.FIFOQueue(3, [tf.float32], names=["a", "b"])
        q = tf.FIFOQueue(3, tf.float32, shapes=[[2]])
        with pytest.raises(ValueError):
            q.enqueue([[1.0, 2.0, 3.0]])
        with pytest.raises(ValueError, match="capacity 5 must be bigger than min_after_dequeue 5"):
            tf.train.shuffle_batch([tf.constant(1)], 2, capacity=5, min_after_dequeue=5)
        with pytest.raises(ValueError, match="requires a non-null input tensor"):
            tf.train.string_input_producer([])
