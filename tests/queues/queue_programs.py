"""TF1 programs using queues, readers and queue runners, run both by tools/record_queues.py (on
TensorFlow) and by tests/queues/test_queue_programs.py (on sessionflow). Each takes the `tf` module
and a fresh directory and returns a dict of plain (JSON) values. Every program is deterministic on
TF: single-threaded FIFO pipelines, or shuffle queues that only dequeue once they are closed."""

from __future__ import annotations

import gzip
import os
import re

import numpy as np


def message(e) -> str:
    """An error's own text, without TF 2.x's 'Graph execution error' wrapping and node suffixes."""
    lines = []
    for line in str(getattr(e, "message", e)).splitlines():
        if (line.startswith(("Graph execution error", "Detected at node", "Node: ", "\t [[", "  ")) or not line
                or line.startswith("[[")):
            continue
        lines.append(re.sub(r"'_\d+_", "'_N_", line))  # unnamed resources are numbered process-wide
    return "\n".join(lines)


def outcome(sess, fetch, **kwargs):
    """The fetched value (as lists), or [error class name, message]."""
    try:
        return _plain(sess.run(fetch, **kwargs))
    except Exception as e:  # noqa: BLE001 - the error is the result
        return [type(e).__name__, message(e)]


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, np.generic):
        return _plain(value.item())
    if isinstance(value, float):
        return round(value, 5)
    return value


def _relative(value, workdir):
    """`value` with the program's directory taken out of every string (the keys name files)."""
    if isinstance(value, dict):
        return {k: _relative(v, workdir) for k, v in value.items()}
    if isinstance(value, list):
        return [_relative(v, workdir) for v in value]
    if isinstance(value, str):
        return value.replace(workdir + os.sep, "")
    return value


def fifo_semantics(tf, workdir):
    """enqueue / enqueue_many / dequeue / dequeue_many / dequeue_up_to, sizes and closing, with TF's errors."""
    out = {}
    with tf.Graph().as_default():
        q = tf.FIFOQueue(5, [tf.int32, tf.string], shapes=[[2], []])
        enq = q.enqueue([[1, 2], "a"])
        enq_many = q.enqueue_many([[[3, 4], [5, 6], [7, 8]], ["b", "c", "d"]])
        deq = q.dequeue()
        deq_many = q.dequeue_many(2)
        deq_up_to = q.dequeue_up_to(3)
        bad_shape = q.enqueue_many([tf.placeholder(tf.int32), tf.placeholder(tf.string)])
        ph_x, ph_s = bad_shape.inputs[1], bad_shape.inputs[2]
        out["names"] = [enq.name, enq_many.name, deq[0].name, deq_many[0].name, deq_up_to[0].name,
                        q.close().name, q.size().name, q.is_closed().name, q.name]
        out["static_shapes"] = [t.shape.as_list() for t in deq + deq_many + deq_up_to]
        unnamed = tf.FIFOQueue(3, tf.float32)
        out["unknown_dequeue_many"] = unnamed.dequeue_many(2).shape.ndims
        named = tf.FIFOQueue(3, [tf.float32, tf.int32], names=["x", "y"])
        out["named_dequeue"] = sorted(named.dequeue().keys())
        with tf.Session() as sess:
            sess.run(enq)
            sess.run(enq_many)
            out["size"] = outcome(sess, q.size())
            out["dequeue"] = outcome(sess, deq)
            out["dequeue_many"] = outcome(sess, deq_many)
            out["bad_shape"] = outcome(sess, bad_shape, feed_dict={ph_x: [[1, 2, 3]], ph_s: ["z"]})
            out["bad_batch"] = outcome(sess, bad_shape, feed_dict={ph_x: [[1, 2], [3, 4]], ph_s: ["z"]})
            out["timeout_dequeue_many"] = outcome(sess, deq_many, options=tf.RunOptions(timeout_in_ms=50))
            out["after_timeout_size"] = outcome(sess, q.size())
            sess.run(enq)
            out["is_closed_before"] = outcome(sess, q.is_closed())
            sess.run(q.close())
            out["close_again"] = outcome(sess, q.close())
            out["is_closed_after"] = outcome(sess, q.is_closed())
            out["enqueue_closed"] = outcome(sess, enq)
            out["dequeue_up_to_closed"] = outcome(sess, deq_up_to)
            out["dequeue_up_to_empty"] = outcome(sess, deq_up_to)
            out["dequeue_closed"] = outcome(sess, deq)
            out["unnamed_dequeue_many"] = outcome(sess, unnamed.dequeue_many(1))
    return out


def partial_dequeue_many_restores(tf, workdir):
    """A dequeue_many that times out puts back what it took; closing with fewer elements than asked
    fails with the count it still needed."""
    out = {}
    with tf.Graph().as_default():
        q = tf.FIFOQueue(10, tf.int32, shapes=[[]])
        deq3 = q.dequeue_many(3)
        with tf.Session() as sess:
            sess.run(q.enqueue_many([[1, 2]]))
            out["timeout"] = outcome(sess, deq3, options=tf.RunOptions(timeout_in_ms=50))
            out["kept"] = outcome(sess, q.size())
            sess.run(q.close())
            out["closed_short"] = outcome(sess, deq3)
            out["rest"] = outcome(sess, q.dequeue_many(2))
    return out


def random_shuffle_order(tf, workdir):
    """RandomShuffleQueue's draw order for set seeds: op seed, graph seed, min_after_dequeue, a closed
    queue drained by dequeue_up_to."""
    out = {}
    cases = (("op_seed", None, 7, 0, None), ("graph_seed", 3, None, 4, None), ("both", 5, 11, 2, None),
             ("shared", 3, None, 1, "shq"))  # a graph seed and a shared name: seed2 from the name's MD5
    for label, graph_seed, op_seed, min_after, shared in cases:
        with tf.Graph().as_default():
            if graph_seed is not None:
                tf.set_random_seed(graph_seed)
            q = tf.RandomShuffleQueue(20, min_after, [tf.int32, tf.string], shapes=[[], []], seed=op_seed,
                                      shared_name=shared)
            fill = q.enqueue_many([list(range(12)), [f"s{i}" for i in range(12)]])
            with tf.Session() as sess:
                sess.run(fill)
                got = [outcome(sess, q.dequeue()) for _ in range(3)]
                got.append(outcome(sess, q.dequeue_many(3)))
                got.append(outcome(sess, q.dequeue_many(20), options=tf.RunOptions(timeout_in_ms=50)))
                sess.run(fill)
                sess.run(q.close())
                got.append(outcome(sess, q.dequeue_up_to(9)))
                got.append(outcome(sess, q.dequeue_many(20)))
                got.append(outcome(sess, q.dequeue_up_to(20)))
                got.append(outcome(sess, q.dequeue_up_to(20)))
        out[label] = got
    return out


def padding_and_priority(tf, workdir):
    """PaddingFIFOQueue pads each batch to its longest element; PriorityQueue dequeues the smallest
    priority first."""
    out = {}
    with tf.Graph().as_default():
        pq = tf.PaddingFIFOQueue(10, [tf.int32, tf.string], shapes=[[None, 2], [None]])
        x, s = tf.placeholder(tf.int32, [None, 2]), tf.placeholder(tf.string, [None])
        enq = pq.enqueue([x, s])
        loose = tf.placeholder(tf.int32)
        enq_loose = pq.enqueue([loose, ["q"]])
        batch = pq.dequeue_many(2)
        out["padding_static"] = [t.shape.as_list() for t in batch]
        prio = tf.PriorityQueue(10, [tf.string], shapes=[[]])
        out["priority_dtypes"] = [d.name for d in prio.dtypes]
        with tf.Session() as sess:
            sess.run(enq, {x: [[1, 2]], s: ["a", "bb"]})
            sess.run(enq, {x: [[3, 4], [5, 6], [7, 8]], s: []})
            out["padded"] = outcome(sess, batch)
            out["padding_bad_shape"] = outcome(sess, enq_loose, feed_dict={loose: np.zeros((1, 3), np.int32)})
            sess.run(prio.enqueue_many([[5, 1, 9, 3], ["five", "one", "nine", "three"]]))
            sess.run(prio.enqueue([2, "two"]))
            out["priority"] = [outcome(sess, prio.dequeue()) for _ in range(2)] + [outcome(sess, prio.dequeue_many(3))]
    return out


def cancel_pending_enqueues(tf, workdir):
    """An enqueue blocked on a full queue ends when the queue is closed with cancel_pending_enqueues
    (CancelledError); a plain close lets the queue drain."""
    import threading

    out = {}
    with tf.Graph().as_default():
        q = tf.FIFOQueue(2, tf.int32, shapes=[[]])
        fill = q.enqueue_many([[1, 2]])
        blocked = q.enqueue(3)
        with tf.Session() as sess:
            sess.run(fill)
            results = []
            thread = threading.Thread(target=lambda: results.append(outcome(sess, blocked)))
            thread.start()
            thread.join(0.3)
            out["still_blocked"] = thread.is_alive()
            sess.run(q.close(cancel_pending_enqueues=True))
            thread.join(10)
            out["blocked_enqueue"] = results
            out["drained"] = outcome(sess, q.dequeue_up_to(5))
    return out


def readers(tf, workdir):
    """Each reader's keys and values over two files, read and read_up_to, its counters, and reset."""
    out = {}
    text = [os.path.join(workdir, "a.txt"), os.path.join(workdir, "b.txt")]
    with open(text[0], "wb") as f:
        f.write(b"header\nfirst\r\nsecond\n\nlast-without-newline")
    with open(text[1], "wb") as f:
        f.write(b"header\nonly\n")
    fixed = os.path.join(workdir, "fixed.bin")
    with open(fixed, "wb") as f:
        f.write(b"HH" + bytes(range(65, 65 + 17)) + b"FFF")
    packed = os.path.join(workdir, "fixed.bin.gz")
    with gzip.open(packed, "wb") as f:
        f.write(b"HH" + bytes(range(65, 65 + 17)) + b"FFF")
    records = os.path.join(workdir, "r.tfrecord")
    with tf.python_io.TFRecordWriter(records) as writer:
        for r in (b"alpha", b"", b"gamma-gamma"):
            writer.write(r)

    def run_reader(reader, files, steps, epochs=1):
        with tf.Session() as sess:
            q = tf.FIFOQueue(10, tf.string)
            sess.run(q.enqueue_many([files * epochs]))
            sess.run(q.close())
            key, value = reader.read(q)
            keys, values = reader.read_up_to(q, 3)
            got = [outcome(sess, [key, value]) if step == "read" else outcome(sess, [keys, values])
                   for step in steps]
            got.append(outcome(sess, [reader.num_records_produced(), reader.num_work_units_completed()]))
            return got

    with tf.Graph().as_default():
        r = tf.TextLineReader(skip_header_lines=1)
        out["text_names"] = [r.reader_ref.op.name, r.read(tf.FIFOQueue(1, tf.string)).key.name]
        out["text"] = run_reader(r, text, ["read", "read", "up_to", "read", "up_to", "read"])
    with tf.Graph().as_default():
        out["text_no_header"] = run_reader(tf.TextLineReader(), text[1:], ["read", "read", "read"])
    with tf.Graph().as_default():
        out["fixed"] = run_reader(tf.FixedLengthRecordReader(4, header_bytes=2, footer_bytes=3), [fixed],
                                  ["read", "up_to", "up_to"])
    with tf.Graph().as_default():
        out["fixed_hop"] = run_reader(tf.FixedLengthRecordReader(5, header_bytes=2, footer_bytes=3, hop_bytes=3),
                                      [fixed], ["up_to", "up_to", "up_to", "read"])
    with tf.Graph().as_default():
        out["fixed_gzip"] = run_reader(tf.FixedLengthRecordReader(5, header_bytes=2, footer_bytes=3, hop_bytes=4,
                                                                  encoding="GZIP"), [packed], ["up_to", "up_to"])
    with tf.Graph().as_default():
        out["tfrecord"] = run_reader(tf.TFRecordReader(), [records], ["read", "up_to", "read"], epochs=2)
    with tf.Graph().as_default():
        out["whole_file"] = run_reader(tf.WholeFileReader(), [text[1], fixed], ["read", "up_to", "read"])
    with tf.Graph().as_default():
        out["identity"] = run_reader(tf.IdentityReader(), ["w1", "w2", "w3"], ["up_to", "read", "read"])
    with tf.Graph().as_default():
        reader = tf.IdentityReader()
        q = tf.FIFOQueue(10, tf.string)
        key = reader.read(q).key
        state = reader.serialize_state()
        with tf.Session() as sess:
            sess.run(q.enqueue_many([["u1", "u2", "u3"]]))
            sess.run(key)
            saved = sess.run(state)
            out["identity_state"] = saved.hex()
            sess.run(key)
            sess.run(reader.restore_state(saved))
            out["restored_counts"] = outcome(sess, [reader.num_records_produced(), reader.num_work_units_completed()])
            sess.run(reader.reset())
            out["reset_counts"] = outcome(sess, [reader.num_records_produced(), reader.num_work_units_completed()])
            out["text_state"] = outcome(sess, tf.TextLineReader().serialize_state())
    with tf.Graph().as_default():
        q = tf.FIFOQueue(10, tf.string)
        key = tf.TextLineReader().read(q).key
        with tf.Session() as sess:
            sess.run(q.enqueue(os.path.join(workdir, "missing.txt")))
            out["missing_file"] = outcome(sess, key)
    return _relative(out, workdir)


def _write_examples(tf, workdir, n_files=3, per_file=8):
    files = []
    rng = np.random.RandomState(0)
    for f in range(n_files):
        path = os.path.join(workdir, f"data-{f}.tfrecord")
        with tf.python_io.TFRecordWriter(path) as writer:
            for i in range(per_file):
                x = rng.uniform(-1, 1, size=4).astype(np.float32)
                y = np.float32(x @ np.array([0.5, -1.0, 2.0, 0.25], np.float32) + 0.1)
                example = tf.train.Example(features=tf.train.Features(feature={
                    "x": tf.train.Feature(float_list=tf.train.FloatList(value=x.tolist())),
                    "y": tf.train.Feature(float_list=tf.train.FloatList(value=[float(y)])),
                    "id": tf.train.Feature(int64_list=tf.train.Int64List(value=[f * 100 + i]))}))
                writer.write(example.SerializeToString())
        files.append(path)
    return files


def _linear_model(tf, x, y):
    w = tf.get_variable("w", [4, 1], initializer=tf.zeros_initializer())
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - tf.expand_dims(y, 1)))
    return loss, tf.train.GradientDescentOptimizer(0.1).minimize(loss)


def _pipeline_names(tf, graph):
    prefixes = ("input_producer", "shuffle_batch", "batch", "ReaderReadV2", "TFRecordReaderV2", "TextLineReaderV2")
    # tf.Assert's own internals are left out: TF's makes one more Const than its data
    return sorted(f"{op.name}:{op.type}" for op in graph.get_operations()
                  if op.name.startswith(prefixes) and not op.name.startswith("input_producer/Assert/"))


def tfrecord_shuffle_batch_training(tf, workdir):
    """string_input_producer -> TFRecordReader -> parse_single_example -> shuffle_batch(seed) ->
    Coordinator + start_queue_runners, training until the one epoch runs out. All 24 records fit under
    min_after_dequeue, so each dequeue waits for the closed queue: the batches are TF's exactly."""
    files = _write_examples(tf, workdir)
    out = {}
    with tf.Graph().as_default() as graph:
        filenames = tf.train.string_input_producer(files, num_epochs=1, shuffle=True, seed=7)
        key, serialized = tf.TFRecordReader().read(filenames)
        features = tf.parse_single_example(serialized, {
            "x": tf.FixedLenFeature([4], tf.float32), "y": tf.FixedLenFeature([], tf.float32),
            "id": tf.FixedLenFeature([], tf.int64)})
        keys, ids, x, y = tf.train.shuffle_batch([key, features["id"], features["x"], features["y"]], batch_size=5,
                                                 capacity=40, min_after_dequeue=30, num_threads=1, seed=11)
        loss, train = _linear_model(tf, x, y)
        out["names"] = _pipeline_names(tf, graph)
        out["static_shapes"] = [t.shape.as_list() for t in (keys, ids, x, y)]
        out["local_variables"] = [v.name for v in tf.local_variables()]
        out["queue_runners"] = [qr.name for qr in tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)]
        out["summaries"] = [s.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES)]
        with tf.Session() as sess:
            sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            batches, losses = [], []
            try:
                while not coord.should_stop():
                    k, i, step_loss, _ = sess.run([keys, ids, loss, train])
                    batches.append([[v.decode().rsplit("/", 1)[-1] for v in k], i.tolist()])
                    losses.append(round(float(step_loss), 5))
            except tf.errors.OutOfRangeError as e:
                out["end"] = message(e)
            finally:
                coord.request_stop()
            coord.join(threads)
            out["threads_alive"] = sum(t.is_alive() for t in threads)
            out["batches"] = batches
            out["losses"] = losses
            out["w"] = _plain(sess.run(tf.trainable_variables()))
    return out


def text_batch_steady_state(tf, workdir):
    """An endless producer (string_input_producer without num_epochs, shuffled by seed) -> TextLineReader
    -> decode_csv -> batch: one thread filling a FIFO queue, so the batches are TF's; after a few steps
    the coordinator stops the threads, which are blocked on full queues, and join returns cleanly."""
    files = []
    for f in range(3):
        path = os.path.join(workdir, f"part-{f}.csv")
        with open(path, "w") as fh:
            fh.write("a,b,label\n")
            for i in range(4):
                fh.write(f"{f + i * 0.5},{f - i},{f * 10 + i}\n")
        files.append(path)
    out = {}
    with tf.Graph().as_default() as graph:
        filenames = tf.train.string_input_producer(files, shuffle=True, seed=5, capacity=4)
        _, line = tf.TextLineReader(skip_header_lines=1).read(filenames)
        a, b, label = tf.decode_csv(line, [[0.0], [0.0], [0]])
        xs, labels = tf.train.batch([tf.stack([a, b]), label], batch_size=3, capacity=6)
        out["names"] = _pipeline_names(tf, graph)
        with tf.Session() as sess:
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            out["thread_names"] = sorted(t.name for t in threads)
            out["batches"] = [_plain(sess.run([xs, labels])) for _ in range(7)]
            coord.request_stop()
            coord.join(threads, stop_grace_period_secs=10)
            out["threads_alive"] = sum(t.is_alive() for t in threads)
    return out


def slice_producer_epochs(tf, workdir):
    """slice_input_producer(shuffle, seed, num_epochs=2) -> batch(allow_smaller_final_batch): the rows of
    each epoch in TF's shuffled order, then OutOfRangeError after the short final batch."""
    out = {}
    with tf.Graph().as_default():
        features = tf.constant(np.arange(14, dtype=np.float32).reshape(7, 2))
        labels = tf.constant([f"row{i}" for i in range(7)])
        row, name = tf.train.slice_input_producer([features, labels], num_epochs=2, shuffle=True, seed=9)
        batch = tf.train.batch([row, name], batch_size=4, allow_smaller_final_batch=True)
        out["local_variables"] = [v.name for v in tf.local_variables()]
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            batches = []
            try:
                for _ in range(10):
                    batches.append(_plain(sess.run(batch)))
            except tf.errors.OutOfRangeError as e:
                out["end"] = message(e)
            coord.request_stop()
            coord.join(threads)
            out["batches"] = batches
    return out


def batch_variants(tf, workdir):
    """maybe_batch with a per-element and a per-row keep_input, dynamic_pad, dict inputs, enqueue_many,
    and batch_join / shuffle_batch_join (compared as sets: their threads interleave)."""
    out = {}

    def drain(sess, fetch, limit):
        got = []
        try:
            for _ in range(limit):
                got.append(_plain(sess.run(fetch)))
        except tf.errors.OutOfRangeError:
            got.append("OutOfRangeError")  # its counts depend on whether the last dequeue began before the close
        return got

    def run(fetch, limit=20):
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            got = drain(sess, fetch, limit)
            coord.request_stop()
            coord.join(threads)
        return got

    with tf.Graph().as_default():
        n = tf.train.range_input_producer(10, num_epochs=1, shuffle=False).dequeue()
        kept = tf.train.maybe_batch([n, tf.strings.as_string(n)], tf.equal(n % 3, 0), 2,
                                    allow_smaller_final_batch=True)
        out["maybe_batch"] = run(kept)
    with tf.Graph().as_default():
        rows = tf.train.limit_epochs(tf.reshape(tf.range(12), [6, 2]), num_epochs=2)
        keep = tf.constant([True, False, True, True, False, True])
        out["maybe_batch_many"] = run(tf.train.maybe_batch([rows], keep, 3, enqueue_many=True))
    with tf.Graph().as_default():
        n = tf.train.range_input_producer(5, num_epochs=1, shuffle=False).dequeue()
        seq = tf.range(n + 1)
        batch = tf.train.batch({"seq": seq, "len": n + 1}, 2, dynamic_pad=True, allow_smaller_final_batch=True)
        out["dynamic_pad_shapes"] = sorted([k, v.shape.as_list()] for k, v in batch.items())
        out["dynamic_pad"] = run(batch)
    with tf.Graph().as_default():
        lists = [[tf.train.range_input_producer(4, num_epochs=1, shuffle=False, name=f"src{i}").dequeue() * 10 + i]
                 for i in range(2)]
        joined = tf.train.batch_join(lists, 1)
        out["batch_join"] = sorted(str(v) for v in run(joined))
    with tf.Graph().as_default():
        lists = [[tf.train.range_input_producer(4, num_epochs=1, shuffle=False, name=f"src{i}").dequeue() * 10 + i]
                 for i in range(3)]
        joined = tf.train.shuffle_batch_join(lists, 1, capacity=20, min_after_dequeue=2, seed=1)
        out["shuffle_batch_join"] = sorted(str(v) for v in run(joined))
    return out


def match_filenames(tf, workdir):
    """match_filenames_once (a local variable) feeding string_input_producer and a WholeFileReader."""
    for name in ("b.txt", "a.txt", "c.dat"):
        with open(os.path.join(workdir, name), "w") as f:
            f.write(name.upper())
    out = {}
    with tf.Graph().as_default():
        files = tf.train.match_filenames_once(os.path.join(workdir, "*.txt"))
        key, value = tf.WholeFileReader().read(tf.train.string_input_producer(files, num_epochs=1, shuffle=False))
        out["local_variables"] = [v.name for v in tf.local_variables()]
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            got = []
            try:
                while True:
                    got.append(_plain(sess.run([key, value])))
            except tf.errors.OutOfRangeError:
                pass
            coord.request_stop()
            coord.join(threads)
        out["read"] = _relative(got, workdir)
    return out


def graph_file(tf, workdir):
    """A graph of queue and reader ops (TF's V2 op types, attrs and names): the nodes it has, and what
    its fill / take / read ops give. tools/record_queues.py also writes TF's GraphDef of it, which the
    test imports into sessionflow and runs."""
    text = os.path.join(workdir, "lines.txt")
    with open(text, "wb") as f:
        f.write(b"header\nA\nB\n")
    graph = tf.Graph()
    with graph.as_default():
        q = tf.RandomShuffleQueue(10, 2, [tf.int32, tf.string], shapes=[[], []], seed=4, name="rsq")
        q.enqueue_many([[1, 2, 3, 4, 5], ["a", "b", "c", "d", "e"]], name="fill")
        q.dequeue_many(3, name="take")
        files = tf.FIFOQueue(5, tf.string, name="files")
        tf.TextLineReader(skip_header_lines=1, name="lines").read(files, name="read")
        path = tf.placeholder(tf.string, [None], name="path")
        files.enqueue_many([path], name="fenq")
    return graph, dict(nodes=sorted(f"{n.name}:{n.op}" for n in graph.as_graph_def().node
                                    if not n.name.startswith(("fill/", "path"))),
                       results=run_graph_file(tf, graph, text))


def run_graph_file(tf, graph, text):
    with tf.Session(graph=graph) as sess:
        sess.run("fill")
        taken = _plain(sess.run(["take:0", "take:1"]))
        sess.run("fenq", {"path:0": [text]})
        read = _plain(sess.run(["read:0", "read:1"]))
    return [taken, [read[0].rsplit(os.sep, 1)[-1], read[1]]]


def sparse_batching(tf, workdir):
    """SparseTensors through batch queues, as TF stores them (handles into a map): VarLenFeature tokens
    parsed from TFRecords and batched with a dense label, and a SparseTensor batched with enqueue_many."""
    path = os.path.join(workdir, "tokens.tfrecord")
    with tf.python_io.TFRecordWriter(path) as writer:
        for i in range(5):
            example = tf.train.Example(features=tf.train.Features(feature={
                "tokens": tf.train.Feature(int64_list=tf.train.Int64List(value=list(range(i, 2 * i)))),
                "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[i]))}))
            writer.write(example.SerializeToString())

    def drain(fetch):
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            got = []
            try:
                for _ in range(10):
                    got.append(_plain([list(v) if type(v).__name__ == "SparseTensorValue" else v
                                       for v in sess.run(fetch)]))
            except tf.errors.OutOfRangeError:
                got.append("OutOfRangeError")
            coord.request_stop()
            coord.join(threads)
        return got

    out = {}
    with tf.Graph().as_default():
        _, serialized = tf.TFRecordReader().read(tf.train.string_input_producer([path], num_epochs=1, shuffle=False))
        parsed = tf.parse_single_example(serialized, {"tokens": tf.VarLenFeature(tf.int64),
                                                      "label": tf.FixedLenFeature([], tf.int64)})
        tokens, label = tf.train.batch([parsed["tokens"], parsed["label"]], 2, allow_smaller_final_batch=True)
        out["parsed_static"] = [tokens.indices.shape.as_list(), tokens.dense_shape.shape.as_list(),
                                label.shape.as_list()]
        out["parsed"] = drain([tokens, label])
    with tf.Graph().as_default():
        sparse = tf.SparseTensor(indices=[[0, 0], [1, 2], [2, 1], [2, 3]], values=[1.5, 2.5, 3.5, 4.5],
                                 dense_shape=[3, 4])
        batch = tf.train.batch([tf.train.limit_epochs(tf.constant([7, 8, 9]), 1), sparse], 2, enqueue_many=True,
                               allow_smaller_final_batch=True)
        out["many"] = drain(batch)
    return out


def build_meta_graph_pipeline(tf):
    """A graph whose queue runners must come back from a MetaGraph: relative file names (run it in a
    directory holding lines-0.txt and lines-1.txt) -> TextLineReader -> batch of 2."""
    graph = tf.Graph()
    with graph.as_default():
        files = tf.train.string_input_producer(["lines-0.txt", "lines-1.txt"], num_epochs=1, shuffle=False)
        _, line = tf.TextLineReader().read(files)
        tf.identity(tf.train.batch([line], 2, allow_smaller_final_batch=True), name="lines_batch")
    return graph


def write_meta_graph_inputs(workdir):
    for i in range(2):
        with open(os.path.join(workdir, f"lines-{i}.txt"), "w") as f:
            f.write("".join(f"file{i} line{j}\n" for j in range(3)))


def run_meta_graph_pipeline(tf, graph):
    """Starts the graph's queue runners (from its collection) and reads every batch."""
    with graph.as_default(), tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        got = []
        try:
            while True:
                got.append(_plain(sess.run("lines_batch:0")))
        except tf.errors.OutOfRangeError:
            pass
        coord.request_stop()
        coord.join(threads)
        runners = [[qr.name, [op.name for op in qr.enqueue_ops], qr.close_op.name, qr.cancel_op.name,
                    [t.__name__ for t in qr.queue_closed_exception_types]]
                   for qr in tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)]
    return dict(batches=got, runners=runners)


PROGRAMS = {f.__name__: f for f in (fifo_semantics, partial_dequeue_many_restores, random_shuffle_order,
                                    padding_and_priority, cancel_pending_enqueues, readers,
                                    tfrecord_shuffle_batch_training, text_batch_steady_state, slice_producer_epochs,
                                    batch_variants, match_filenames, sparse_batching)}
