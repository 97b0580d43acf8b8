"""Iterator resources and threads: closing a session with prefetch and parallel-map threads running
never hangs and stops them; re-initializing stops the old iteration's threads; errors inside map
functions surface as TF's errors; graph-construction errors are TF's."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

import sessionflow as tf


def _threads(prefix):
    return [t for t in threading.enumerate() if t.name.startswith(prefix) and t.is_alive()]


def _wait_until(predicate, seconds=5.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def _slow(x):
    time.sleep(0.01)
    return x


def test_close_with_prefetch_and_parallel_map_running_does_not_hang():
    ds = tf.data.Dataset.range(10 ** 9).map(lambda x: tf.py_func(_slow, [x], tf.int64), num_parallel_calls=2)
    nx = tf.data.make_one_shot_iterator(ds.prefetch(4)).get_next()
    sess = tf.Session()
    assert sess.run(nx) == 0
    assert _threads("sessionflow-prefetch")
    start = time.monotonic()
    sess.close()
    assert time.monotonic() - start < 0.5
    assert _wait_until(lambda: not _threads("sessionflow-prefetch"))
    assert _wait_until(lambda: not _threads("sessionflow-map"))


def test_a_run_waiting_on_prefetch_is_cancelled_by_close():
    def never(x):
        time.sleep(1)
        return x

    ds = tf.data.Dataset.range(3).map(lambda x: tf.py_func(never, [x], tf.int64)).prefetch(1)
    nx = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    caught = []

    def consume():
        try:
            sess.run(nx)
        except tf.errors.CancelledError as e:
            caught.append(e)

    consumer = threading.Thread(target=consume)
    consumer.start()
    time.sleep(0.2)
    sess.close()
    consumer.join(5)
    assert not consumer.is_alive() and caught


def test_reinitializing_stops_the_previous_prefetch_thread():
    x = tf.placeholder(tf.int64, [None])
    it = tf.data.Dataset.from_tensor_slices(x).repeat().prefetch(2).make_initializable_iterator()
    nx = it.get_next()
    with tf.Session() as sess:
        before = set(_threads("sessionflow-prefetch"))
        sess.run(it.initializer, {x: [1, 2]})
        assert sess.run(nx) == 1
        (first,) = set(_threads("sessionflow-prefetch")) - before
        sess.run(it.initializer, {x: [7]})
        assert [sess.run(nx) for _ in range(3)] == [7, 7, 7]
        assert _wait_until(lambda: not first.is_alive())


def _fails_on_two(x):
    if x == 2:
        raise ValueError("two is not welcome")
    return x


def test_error_in_a_map_function_is_invalid_argument():
    ds = tf.data.Dataset.range(4).map(lambda x: tf.py_func(_fails_on_two, [x], tf.int64))
    nx = tf.data.make_one_shot_iterator(ds).get_next()
    with tf.Session() as sess:
        assert [sess.run(nx), sess.run(nx)] == [0, 1]
        with pytest.raises(tf.errors.InvalidArgumentError, match="two is not welcome"):
            sess.run(nx)


@pytest.mark.parametrize("parallel", [None, 2])
def test_ignore_errors_skips_the_failing_elements(parallel):
    ds = tf.data.Dataset.range(5).map(lambda x: tf.py_func(_fails_on_two, [x], tf.int64),
                                      num_parallel_calls=parallel)
    nx = tf.data.make_one_shot_iterator(ds.apply(tf.data.experimental.ignore_errors())).get_next()
    with tf.Session() as sess:
        got = []
        with pytest.raises(tf.errors.OutOfRangeError):
            while True:
                got.append(int(sess.run(nx)))
    assert got == [0, 1, 3, 4]


def test_parallel_map_keeps_the_order():
    def jitter(x):
        time.sleep(0.002 * (x % 3))
        return x * 2

    ds = tf.data.Dataset.range(30).map(lambda x: tf.py_func(jitter, [x], tf.int64), num_parallel_calls=4)
    nx = tf.data.make_one_shot_iterator(ds.batch(30)).get_next()
    with tf.Session() as sess:
        assert sess.run(nx).tolist() == list(range(0, 60, 2))


def test_two_sessions_iterate_independently():
    nx = tf.data.make_one_shot_iterator(tf.data.Dataset.range(3)).get_next()
    with tf.Session() as a, tf.Session() as b:
        assert [a.run(nx), a.run(nx), b.run(nx), a.run(nx), b.run(nx)] == [0, 1, 0, 2, 1]


def test_one_shot_iterator_cannot_capture_a_placeholder():
    x = tf.placeholder(tf.float32, [None])
    with pytest.raises(ValueError, match="Cannot capture a placeholder"):
        tf.data.make_one_shot_iterator(tf.data.Dataset.from_tensor_slices(x))


def test_make_initializer_checks_the_structure():
    it = tf.data.Iterator.from_structure(tf.int64, tf.TensorShape([]))
    with pytest.raises(TypeError, match="Expected output types"):
        it.make_initializer(tf.data.Dataset.from_tensor_slices([1.0]))
    with pytest.raises(ValueError, match="does not have an initializer"):
        it.initializer  # noqa: B018


def test_filter_predicate_must_return_a_scalar_bool():
    with pytest.raises(ValueError, match="must return a `tf.bool` scalar tensor"):
        tf.data.Dataset.range(3).filter(lambda x: x + 1)


def test_static_shapes_of_batches():
    ds = tf.data.Dataset.from_tensor_slices(np.zeros((10, 3), np.float32))
    assert ds.batch(4).output_shapes.as_list() == [None, 3]
    assert ds.batch(4, drop_remainder=True).output_shapes.as_list() == [4, 3]
    nx = tf.data.make_one_shot_iterator(ds.batch(4, drop_remainder=True)).get_next()
    assert nx.shape.as_list() == [4, 3] and nx.dtype == tf.float32


def test_from_generator_checks_what_it_yields():
    def gen():
        yield [1.0, 2.0]
        yield [1.0]

    ds = tf.data.Dataset.from_generator(gen, tf.float32, tf.TensorShape([2]))
    nx = tf.data.make_one_shot_iterator(ds).get_next()
    with tf.Session() as sess:
        assert sess.run(nx).tolist() == [1.0, 2.0]
        with pytest.raises(tf.errors.InvalidArgumentError, match="shape"):
            sess.run(nx)


def test_missing_file_is_not_found(tmp_path):
    nx = tf.data.make_one_shot_iterator(tf.data.TFRecordDataset(str(tmp_path / "none.tfrecord"))).get_next()
    with tf.Session() as sess, pytest.raises(tf.errors.NotFoundError):
        sess.run(nx)


def test_corrupt_tfrecord_is_data_loss(tmp_path):
    path = str(tmp_path / "bad.tfrecord")
    with tf.io.TFRecordWriter(path) as w:
        w.write(b"hello world")
    with open(path, "rb") as f:
        data = bytearray(f.read())
    data[14] ^= 0xFF
    with open(path, "wb") as f:
        f.write(bytes(data))
    nx = tf.data.make_one_shot_iterator(tf.data.TFRecordDataset(path)).get_next()
    with tf.Session() as sess, pytest.raises(tf.errors.DataLossError):
        sess.run(nx)


def test_cache_to_a_file_is_read_back(tmp_path):
    calls = []

    def count(x):
        calls.append(int(x))
        return x

    prefix = str(tmp_path / "cache")
    ds = tf.data.Dataset.range(3).map(lambda x: tf.py_func(count, [x], tf.int64)).cache(prefix)
    for _ in range(2):
        nx = tf.data.make_one_shot_iterator(ds).get_next()
        with tf.Session() as sess:
            assert [int(sess.run(nx)) for _ in range(3)] == [0, 1, 2]
            with pytest.raises(tf.errors.OutOfRangeError):
                sess.run(nx)
    assert calls == [0, 1, 2]


def test_parallel_map_runs_calls_at_the_same_time():
    # Two calls must meet at the barrier: with num_parallel_calls=2 both run at once (a sequential map
    # would time out there and fail the run).
    barrier = threading.Barrier(2, timeout=10)

    def meet(x):
        barrier.wait()
        return x

    ds = tf.data.Dataset.range(6).map(lambda x: tf.py_func(meet, [x], tf.int64), num_parallel_calls=2)
    nx = tf.data.make_one_shot_iterator(ds.batch(6)).get_next()
    with tf.Session() as sess:
        assert sess.run(nx).tolist() == list(range(6))


def test_map_goes_on_after_a_failing_element():
    ds = tf.data.Dataset.range(5).map(lambda x: tf.py_func(_fails_on_two, [x], tf.int64), num_parallel_calls=2)
    nx = tf.data.make_one_shot_iterator(ds).get_next()
    got = []
    with tf.Session() as sess:
        for _ in range(5):
            try:
                got.append(int(sess.run(nx)))
            except tf.errors.InvalidArgumentError:
                got.append("error")
        with pytest.raises(tf.errors.OutOfRangeError):
            sess.run(nx)
    assert got == [0, 1, "error", 3, 4]


def test_contrib_data_transformations():
    ds = tf.data.Dataset.range(7).apply(tf.contrib.data.batch_and_drop_remainder(3))
    assert ds.output_shapes.as_list() == [3]
    ds = ds.apply(tf.contrib.data.unbatch()).apply(tf.contrib.data.map_and_batch(lambda x: x * 2, 4))
    nx = tf.data.make_one_shot_iterator(ds).get_next()
    with tf.Session() as sess:
        assert sess.run(nx).tolist() == [0, 2, 4, 6]
        assert sess.run(nx).tolist() == [8, 10]


@pytest.mark.parametrize("one_shot", [False, True])
def test_pipeline_survives_a_meta_graph_round_trip(tmp_path, one_shot):
    # The functions of dataset ops (and a one-shot iterator's factory) are written as library functions.
    ds = tf.data.Dataset.range(10).map(lambda x: x * 3).filter(lambda x: x % 2 > 0).shuffle(4, seed=1).batch(2)
    it = tf.data.make_one_shot_iterator(ds) if one_shot else tf.data.make_initializable_iterator(ds)
    tf.add_to_collection("next", it.get_next())
    if not one_shot:
        tf.add_to_collection("init", it.initializer)
    path = str(tmp_path / "pipeline.meta")
    tf.train.export_meta_graph(path)
    with tf.Session() as sess:
        if not one_shot:
            sess.run(it.initializer)
        expected = [sess.run(it.get_next()).tolist() for _ in range(2)]
    tf.reset_default_graph()
    tf.train.import_meta_graph(path)
    nx = tf.get_collection("next")[0]
    with tf.Session() as sess:
        if not one_shot:
            sess.run(tf.get_collection("init")[0])
        assert [sess.run(nx).tolist() for _ in range(2)] == expected


def test_parallel_interleave_reads_its_datasets_at_the_same_time():
    # Each inner dataset's map waits for the other's at the barrier: only threads reading both at once
    # get past it. The order stays TF's deterministic interleave order.
    barrier = threading.Barrier(2, timeout=10)

    def meet(x):
        barrier.wait()
        return x

    def inner(x):
        return tf.data.Dataset.from_tensors(x).map(lambda v: tf.py_func(meet, [v], tf.int64)).concatenate(
            tf.data.Dataset.from_tensors(x + 10))

    ds = tf.data.Dataset.range(4).interleave(inner, cycle_length=2, block_length=1, num_parallel_calls=2)
    nx = tf.data.make_one_shot_iterator(ds.batch(8)).get_next()
    with tf.Session() as sess:
        assert sess.run(nx).tolist() == [0, 1, 10, 11, 2, 3, 12, 13]


def test_initializing_again_releases_a_get_next_waiting_on_prefetch():
    release = threading.Event()

    def slow(x):
        release.wait(10)
        return x

    x = tf.placeholder(tf.int64, [None])
    ds = tf.data.Dataset.from_tensor_slices(x).map(lambda v: tf.py_func(slow, [v], tf.int64)).prefetch(1)
    it = tf.data.make_initializable_iterator(ds)
    nx = it.get_next()
    with tf.Session() as sess:
        sess.run(it.initializer, {x: [1, 2]})
        caught = []

        def consume():
            try:
                sess.run(nx)
            except tf.errors.CancelledError as e:
                caught.append(e)

        consumer = threading.Thread(target=consume)
        consumer.start()
        time.sleep(0.2)
        sess.run(it.initializer, {x: [5]})  # must not wait for the blocked get_next
        consumer.join(5)
        assert not consumer.is_alive() and caught
        release.set()
        assert sess.run(nx) == 5


def test_zip_padded_batch_and_group_by_window_survive_a_meta_graph_round_trip(tmp_path):
    D = tf.data.Dataset
    modulus = tf.constant(2, tf.int64)
    ds = D.zip((D.range(5), D.range(10, 15))).map(lambda a, b: tf.fill([a + 1], b)).padded_batch(2, [None])
    ds = ds.apply(tf.data.experimental.group_by_window(
        lambda x: tf.cast(tf.shape(x)[1], tf.int64) % modulus, lambda k, w: w.map(lambda b: b + k), window_size=2))
    nx = tf.data.make_one_shot_iterator(ds).get_next()
    tf.add_to_collection("next", nx)
    with tf.Session() as sess:
        expected = [sess.run(nx).tolist() for _ in range(3)]
    path = str(tmp_path / "pipeline.meta")
    tf.train.export_meta_graph(path)
    tf.reset_default_graph()
    tf.train.import_meta_graph(path)
    with tf.Session() as sess:
        assert [sess.run(tf.get_collection("next")[0]).tolist() for _ in range(3)] == expected


def test_padded_batch_of_strings_holds_bytes_not_scalar_arrays():
    # TF 2.21 prints array([b'a', b'bb'], dtype=object) and array([[b'x', b''], [b'y', b'z']], dtype=object).
    D = tf.data.Dataset
    scalars = tf.data.make_one_shot_iterator(D.from_tensor_slices(["a", "bb", "ccc"]).padded_batch(2, [])).get_next()
    vectors = tf.data.make_one_shot_iterator(
        D.from_tensor_slices(["x", "y z"]).map(lambda s: tf.string_split([s]).values).padded_batch(2, [None])
    ).get_next()
    with tf.Session() as sess:
        first = sess.run(scalars)
        padded = sess.run(vectors)
    assert first.dtype == object and [type(b) for b in first] == [bytes, bytes]
    assert first.tolist() == [b"a", b"bb"]
    assert all(type(b) is bytes for b in padded.ravel())
    assert padded.tolist() == [[b"x", b""], [b"y", b"z"]]


def test_one_shot_iterator_takes_an_op_seed_from_the_graph():
    # TF builds the dataset factory function of a one-shot iterator with a seed of its own, so a random op made
    # after it gets the graph's next op seed (TF 2.21: a seeded normal draw after one is seed2 1, not 0); an
    # initializable iterator takes none.
    tf.set_random_seed(1)
    tf.data.Dataset.range(4).make_one_shot_iterator().get_next()
    tf.data.Dataset.range(4).make_initializable_iterator().get_next()
    draw = tf.random_normal([3])
    normal = tf.get_default_graph().get_operation_by_name("random_normal/RandomStandardNormal")
    assert (normal.get_attr("seed"), normal.get_attr("seed2")) == (1, 1)
    with tf.Session() as sess:
        # TF 2.21's values for this program
        np.testing.assert_allclose(sess.run(draw), [0.28183, 2.38783, 2.2804], rtol=1e-4)


def test_get_single_element_takes_no_op_seed():
    # TF's DatasetToSingleElement builds no dataset factory function: the next random op gets op seed 0
    tf.set_random_seed(1)
    tf.data.experimental.get_single_element(tf.data.Dataset.range(1))
    tf.random_normal([2])
    normal = tf.get_default_graph().get_operation_by_name("random_normal/RandomStandardNormal")
    assert normal.get_attr("seed2") == 0
