"""TF1 tf.data programs run on both sessionflow and TensorFlow: each is `program(tf, workdir)` and
returns plain values (lists, numbers, strings). tools/record_data.py records TF's results in
goldens/data.json; test_data_programs.py checks sessionflow's against them."""

from __future__ import annotations

import collections
import os

import numpy as np

PROGRAMS = {}


def program(fn):
    PROGRAMS[fn.__name__] = fn
    return fn


def drain(tf, sess, tensor, limit=10000):
    """Every value `tensor` gives until OutOfRangeError."""
    out = []
    for _ in range(limit):
        try:
            out.append(sess.run(tensor))
        except tf.errors.OutOfRangeError:
            return out
    raise AssertionError("the dataset did not end")


def plain(value):
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, np.generic):
        return plain(value.item())
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value


# --- shuffle: TF's element order -------------------------------------------------------------------
def _shuffle_orders(tf, n, buffer_size, seed, reshuffle, epochs, graph_seed=None, inits=2):
    graph = tf.Graph()
    with graph.as_default():
        if graph_seed is not None:
            tf.set_random_seed(graph_seed)
        ds = tf.data.Dataset.range(n).shuffle(buffer_size, seed=seed, reshuffle_each_iteration=reshuffle)
        ds = ds.repeat(epochs)
        it = tf.data.make_initializable_iterator(ds)
        nx = it.get_next()
        with tf.Session() as sess:
            runs = []
            for _ in range(inits):
                sess.run(it.initializer)
                runs.append(drain(tf, sess, nx))
    return plain(runs)


@program
def shuffle_seeds(tf, workdir):
    cases = [(10, 4, 7, True, 2), (10, 4, 7, False, 2), (20, 20, 1, True, 3), (25, 3, 123456789, True, 1),
             (7, 100, 42, True, 2), (30, 8, 0, True, 2), (16, 1, 5, True, 1), (50, 10, 2 ** 40 + 3, False, 3)]
    return {f"n{n}_b{b}_s{s}_r{int(r)}_e{e}": _shuffle_orders(tf, n, b, s, r, e) for n, b, s, r, e in cases}


@program
def shuffle_graph_seed(tf, workdir):
    return {"graph_seed_only": _shuffle_orders(tf, 12, 5, None, True, 2, graph_seed=3),
            "graph_and_op_seed": _shuffle_orders(tf, 12, 5, 9, True, 1, graph_seed=11)}


@program
def shuffle_and_repeat(tf, workdir):
    out = {}
    for n, b, count, seed in [(5, 3, 3, 1), (10, 4, 2, 8), (4, 10, 4, 5), (6, 2, 3, 77)]:
        graph = tf.Graph()
        with graph.as_default():
            ds = tf.data.Dataset.range(n).apply(tf.data.experimental.shuffle_and_repeat(b, count, seed=seed))
            nx = tf.data.make_one_shot_iterator(ds).get_next()
            with tf.Session() as sess:
                out[f"{n}_{b}_{count}_{seed}"] = plain(drain(tf, sess, nx))
    return out


@program
def repeat_then_shuffle(tf, workdir):
    graph = tf.Graph()
    with graph.as_default():
        ds = tf.data.Dataset.range(6).repeat(3).shuffle(5, seed=4).batch(4)
        nx = tf.data.make_one_shot_iterator(ds).get_next()
        with tf.Session() as sess:
            return plain(drain(tf, sess, nx))


# --- transformations ---------------------------------------------------------------------------------
@program
def transformations(tf, workdir):
    D = tf.data.Dataset
    pipelines = {
        "map_filter_batch": D.range(10).map(lambda x: x * 2).filter(lambda x: x % 3 > 0).batch(3),
        "batch_drop": D.range(10).batch(4, drop_remainder=True),
        "take_skip": D.range(10).skip(2).take(5),
        "take_all": D.range(4).take(-1),
        "shard": D.range(10).shard(3, 1),
        "zip": D.zip((D.range(5), D.range(10, 13))),
        "concatenate": D.range(3).concatenate(D.range(7, 9)),
        "enumerate": D.from_tensor_slices([b"a", b"b", b"c"]).enumerate(start=5),
        "flat_map": D.range(4).flat_map(lambda x: D.from_tensors(x).repeat(x)),
        "interleave": D.range(1, 4).interleave(lambda x: D.from_tensors(x).repeat(4), cycle_length=2,
                                              block_length=3),
        "interleave_short": D.from_tensor_slices(np.array([3, 1, 4, 2], np.int64)).interleave(
            lambda x: D.range(x), cycle_length=3, block_length=1),
        "unbatch": D.range(7).batch(3).unbatch(),
        "padded_batch": D.range(1, 6).map(lambda x: tf.fill([x], x)).padded_batch(2, padded_shapes=[None]),
        "padded_batch_fixed": D.range(1, 4).map(lambda x: tf.fill([x], x)).padded_batch(
            2, padded_shapes=[5], padding_values=tf.constant(-1, tf.int64)),
        "window": D.range(7).window(3, shift=2, drop_remainder=True).flat_map(lambda w: w.batch(3)),
        "window_partial": D.range(5).window(2, shift=3).flat_map(lambda w: w.batch(2)),
        "cache": D.range(4).map(lambda x: x + 1).cache().repeat(2),
        "prefetch": D.range(6).map(lambda x: x * x).prefetch(2),
        "map_parallel": D.range(20).map(lambda x: x * 3, num_parallel_calls=4).batch(7),
        "map_and_batch": D.range(9).apply(tf.data.experimental.map_and_batch(lambda x: x + 10, 4)),
        "from_tensors": D.from_tensors([1, 2, 3]).repeat(2),
        "range_step": D.range(10, 2, -3),
        "apply_unbatch": D.from_tensors([[1, 2], [3, 4]]).apply(tf.data.experimental.unbatch()),
        "dict_map": D.from_tensor_slices({"a": [1, 2], "b": [3.5, 4.5]}).map(lambda d: d["a"] * 2 + tf.cast(
            d["b"], tf.int32)),
    }
    out = {}
    with tf.Session() as sess:
        for name, ds in pipelines.items():
            out[name] = plain(drain(tf, sess, tf.data.make_one_shot_iterator(ds).get_next()))
    return out


@program
def structures(tf, workdir):
    Point = collections.namedtuple("Point", ["x", "y"])
    ds = tf.data.Dataset.from_tensor_slices(({"img": np.zeros((4, 2, 3), np.float32), "id": [1, 2, 3, 4]},
                                             Point(np.arange(4.0), [b"a", b"b", b"c", b"d"])))
    batched = ds.batch(2, drop_remainder=True)
    it = tf.data.make_one_shot_iterator(batched)
    nx = it.get_next()
    out = {
        "types": repr(tf.data.get_output_types(ds)),
        "shapes": [str(s) for s in tf.nest.flatten(tf.data.get_output_shapes(batched))],
        "keys": list(tf.data.get_output_shapes(batched)[0]),
        "next_shapes": [str(t.shape) for t in tf.nest.flatten(nx)],
        "next_names": [t.name for t in tf.nest.flatten(nx)],
        "next_type": type(nx[1]).__name__,
        "classes": [c.__name__ for c in tf.nest.flatten(tf.data.get_output_classes(ds))],
    }
    with tf.Session() as sess:
        first = sess.run(nx)
    out["first"] = plain([first[0]["id"], first[1].x, first[1].y])
    return out


@program
def iterators(tf, workdir):
    x = tf.placeholder(tf.float32, [None])
    ds = tf.data.Dataset.from_tensor_slices(x).map(lambda v: v * 10.0)
    it = ds.make_initializable_iterator()
    nx = it.get_next()
    out = {}
    with tf.Session() as sess:
        try:
            sess.run(nx)
        except tf.errors.FailedPreconditionError as e:
            out["uninitialized"] = "GetNext() failed because the iterator has not been initialized" in e.message
        sess.run(it.initializer, {x: [1.0, 2.0]})
        out["first"] = plain(drain(tf, sess, nx))
        sess.run(it.initializer, {x: [5.0, 6.0, 7.0]})
        out["second"] = plain([sess.run(nx)])
        sess.run(it.initializer, {x: [8.0]})
        out["restarted"] = plain(drain(tf, sess, nx))
    # Reinitializable: one iterator, two datasets of one structure.
    train = tf.data.Dataset.range(5)
    valid = tf.data.Dataset.range(100, 103)
    reinit = tf.data.Iterator.from_structure(tf.data.get_output_types(train), tf.data.get_output_shapes(train))
    nr = reinit.get_next()
    init_train, init_valid = reinit.make_initializer(train), reinit.make_initializer(valid)
    # Feedable: a string handle chooses the iterator.
    handle = tf.placeholder(tf.string, [])
    feedable = tf.data.Iterator.from_string_handle(handle, tf.int64, tf.TensorShape([]))
    nf = feedable.get_next()
    a = tf.data.make_one_shot_iterator(tf.data.Dataset.range(3).repeat())
    b = tf.data.make_one_shot_iterator(tf.data.Dataset.range(50, 60))
    with tf.Session() as sess:
        sess.run(init_train)
        out["reinit_train"] = plain(drain(tf, sess, nr))
        sess.run(init_valid)
        out["reinit_valid"] = plain(drain(tf, sess, nr))
        ha, hb = sess.run([a.string_handle(), b.string_handle()])
        out["feedable"] = plain([sess.run(nf, {handle: h}) for h in (ha, ha, hb, ha, hb)])
    out["names"] = [init_train.name, init_valid.name, nr.name, nf.name, it.initializer.name]
    return out


@program
def map_errors(tf, workdir):
    ds = tf.data.Dataset.from_tensor_slices([1.0, -1.0, 2.0]).map(
        lambda v: tf.debugging.check_numerics(tf.sqrt(v), "bad sqrt"))
    nx = tf.data.make_one_shot_iterator(ds).get_next()
    out = {}
    with tf.Session() as sess:
        out["first"] = plain(sess.run(nx))
        try:
            sess.run(nx)
        except tf.errors.InvalidArgumentError as e:
            out["error"] = [type(e).__name__, "bad sqrt" in e.message]
        out["after_error"] = plain(drain(tf, sess, nx))
    return out


@program
def text_and_fixed_length(tf, workdir):
    text = os.path.join(workdir, "lines.txt")
    with open(text, "wb") as f:
        f.write(b"first line\nsecond\r\n\nlast without newline")
    other = os.path.join(workdir, "more.txt")
    with open(other, "wb") as f:
        f.write(b"x\ny\n")
    fixed = os.path.join(workdir, "fixed.bin")
    with open(fixed, "wb") as f:
        f.write(b"HH" + bytes(range(12)) + b"F")
    lines = tf.data.TextLineDataset([text, other])
    par = tf.data.TextLineDataset([text, other], num_parallel_reads=2)
    records = tf.data.FixedLengthRecordDataset(fixed, 4, header_bytes=2, footer_bytes=1)
    out = {}
    with tf.Session() as sess:
        out["lines"] = plain(drain(tf, sess, tf.data.make_one_shot_iterator(lines).get_next()))
        out["parallel"] = plain(drain(tf, sess, tf.data.make_one_shot_iterator(par).get_next()))
        out["fixed"] = plain(drain(tf, sess, tf.data.make_one_shot_iterator(records).get_next()))
    return out


@program
def tfrecord_files(tf, workdir):
    paths = []
    for k, compression in enumerate(["", "GZIP", "ZLIB"]):
        path = os.path.join(workdir, f"r{k}.tfrecord")
        options = tf.python_io.TFRecordOptions(getattr(tf.python_io.TFRecordCompressionType,
                                                       compression or "NONE"))
        with tf.python_io.TFRecordWriter(path, options) as w:
            for i in range(4):
                w.write(f"{compression}-{i}".encode() * (i + 1))
        paths.append((path, compression))
    out = {}
    with tf.Session() as sess:
        for path, compression in paths:
            ds = tf.data.TFRecordDataset(path, compression_type=compression, buffer_size=7)
            out[compression or "none"] = plain(drain(tf, sess, tf.data.make_one_shot_iterator(ds).get_next()))
        plain_paths = [paths[0][0], paths[0][0]]
        ds = tf.data.TFRecordDataset(plain_paths, num_parallel_reads=2).batch(3)
        out["parallel_batched"] = plain(drain(tf, sess, tf.data.make_one_shot_iterator(ds).get_next()))
    return out


@program
def csv_files(tf, workdir):
    path = os.path.join(workdir, "data.csv")
    with open(path, "w") as f:
        f.write("a,b,c\n1,2.5,x\n3,,\"y,z\"\n5,6.25,w\n")
    ds = tf.data.experimental.CsvDataset(path, [tf.int32, 0.5, "dflt"], header=True)
    sel = tf.data.experimental.CsvDataset(path, [0.0, "q"], header=True, select_cols=[1, 2])
    with tf.Session() as sess:
        return {"all": plain(drain(tf, sess, tf.data.make_one_shot_iterator(ds).get_next())),
                "selected": plain(drain(tf, sess, tf.data.make_one_shot_iterator(sel).get_next()))}


@program
def generator_source(tf, workdir):
    def gen():
        for i in range(4):
            yield i, [float(i)] * i

    ds = tf.data.Dataset.from_generator(gen, (tf.int64, tf.float32), (tf.TensorShape([]), tf.TensorShape([None])))
    ds = ds.padded_batch(2, padded_shapes=([], [None]))
    with tf.Session() as sess:
        return plain(drain(tf, sess, tf.data.make_one_shot_iterator(ds).get_next()))


# --- a whole program: files -> parse -> shuffle -> batch -> repeat -> training ---------------------------
def _training_records(workdir, tf):
    """Two TFRecord files of fixed-width text records "+x.xxxxx+x.xxxxx+x.xxxxx+y.yyyyy"."""
    rng = np.random.RandomState(0)
    w = np.array([1.5, -2.0, 0.5])
    paths = []
    for k in range(2):
        path = os.path.join(workdir, f"train{k}.tfrecord")
        with tf.python_io.TFRecordWriter(path) as writer:
            for _ in range(24):
                x = rng.uniform(-1, 1, 3)
                y = x @ w + 0.25
                writer.write("".join(f"{v:+8.5f}" for v in list(x) + [y]).encode())
        paths.append(path)
    return paths


def _train(tf, make_dataset):
    tf.set_random_seed(1)
    ds = make_dataset()
    it = tf.data.make_one_shot_iterator(ds)
    x, y = it.get_next()
    w = tf.Variable(tf.zeros([3, 1]), name="w")
    b = tf.Variable(0.0, name="b")
    pred = tf.squeeze(tf.matmul(x, w), 1) + b
    loss = tf.reduce_mean(tf.square(pred - y))
    step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    losses, firsts = [], []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        while True:
            try:
                xv, lv, _ = sess.run([x, loss, step])
            except tf.errors.OutOfRangeError:
                break
            losses.append(float(lv))
            firsts.append(plain(xv[0]))
        final = sess.run([w, b])
    return {"steps": len(losses), "losses": losses, "first_rows": firsts, "final": plain(final)}


@program
def training_from_tfrecords(tf, workdir):
    paths = _training_records(workdir, tf)

    def parse(record):
        fields = [tf.strings.to_number(tf.strings.substr(record, 8 * i, 8)) for i in range(4)]
        return tf.stack(fields[:3]), fields[3]

    return _train(tf, lambda: tf.data.TFRecordDataset(paths).map(parse, num_parallel_calls=2)
                  .shuffle(16, seed=3).batch(10).repeat(3))


@program
def training_from_tensor_slices(tf, workdir):
    rng = np.random.RandomState(1)
    features = rng.uniform(-1, 1, (40, 3)).astype(np.float32)
    labels = (features @ np.array([0.5, 1.0, -1.0], np.float32) - 0.5).astype(np.float32)

    def make():
        ds = tf.data.Dataset.from_tensor_slices({"x": features, "y": labels})
        return ds.map(lambda d: (d["x"] * 2.0, d["y"])).shuffle(25, seed=7).batch(8).repeat(2).prefetch(2)

    return _train(tf, make)


def _example_records(workdir, tf):
    """Two TFRecord files of tf.train.Example protos: "x" (3 floats), "y" (a float), "id" (an int64)."""
    rng = np.random.RandomState(2)
    w = np.array([-1.0, 0.5, 2.0])
    paths = []
    for k in range(2):
        path = os.path.join(workdir, f"examples{k}.tfrecord")
        with tf.python_io.TFRecordWriter(path) as writer:
            for i in range(20):
                x = rng.uniform(-1, 1, 3).astype(np.float32)
                feature = {"x": tf.train.Feature(float_list=tf.train.FloatList(value=x.tolist())),
                           "y": tf.train.Feature(float_list=tf.train.FloatList(value=[float(x @ w) - 0.75])),
                           "id": tf.train.Feature(int64_list=tf.train.Int64List(value=[100 * k + i]))}
                writer.write(tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString())
        paths.append(path)
    return paths


def _feature_spec(tf):
    return {"x": tf.FixedLenFeature([3], tf.float32), "y": tf.FixedLenFeature([], tf.float32),
            "id": tf.FixedLenFeature([], tf.int64)}


@program
def training_from_examples(tf, workdir):
    """TFRecordDataset -> map(parse_single_example) -> shuffle(seed) -> batch -> repeat, trained until
    OutOfRangeError; the ids of every batch are recorded too."""
    paths = _example_records(workdir, tf)
    ids = []

    def make():
        def parse(record):
            parsed = tf.parse_single_example(record, _feature_spec(tf))
            return parsed["x"], parsed["y"]

        return tf.data.TFRecordDataset(paths).map(parse).shuffle(12, seed=5).batch(8).repeat(2)

    result = _train(tf, make)
    graph = tf.Graph()
    with graph.as_default():
        ds = tf.data.TFRecordDataset(paths).map(lambda r: tf.parse_single_example(r, _feature_spec(tf))["id"])
        nx = tf.data.make_one_shot_iterator(ds.shuffle(12, seed=5).batch(8).repeat(2)).get_next()
        with tf.Session() as sess:
            ids = plain(drain(tf, sess, nx))
    result["ids"] = ids
    return result


@program
def batched_parse_example(tf, workdir):
    """TFRecordDataset -> batch -> map(parse_example), the fast form: the parsed batches."""
    paths = _example_records(workdir, tf)
    ds = tf.data.TFRecordDataset(paths).batch(16).map(lambda s: tf.parse_example(s, _feature_spec(tf)))
    nx = tf.data.make_one_shot_iterator(ds).get_next()
    out = {"shapes": {k: v.shape.as_list() for k, v in nx.items()}}
    with tf.Session() as sess:
        out["batches"] = plain(drain(tf, sess, nx))
    return out


@program
def random_ops_in_map_functions(tf, workdir):
    """Random ops inside dataset functions: op seeds counted from 0 inside each function (its own graph
    in TF), streams that go on across epochs of one iteration and start over when the iterator is
    initialized again."""
    tf.set_random_seed(7)
    r0 = tf.random_uniform([])
    ds = tf.data.Dataset.range(3).map(lambda x: tf.cast(x, tf.float32) + tf.random_uniform([], seed=3))
    ds2 = tf.data.Dataset.range(2).map(lambda x: tf.random_uniform([]))
    it = tf.data.make_initializable_iterator(ds)
    nx = it.get_next()
    it2 = tf.data.make_initializable_iterator(ds2.repeat(2))
    nx2 = it2.get_next()
    r1 = tf.random_uniform([])
    out = {}
    with tf.Session() as sess:
        for k in range(2):
            sess.run(it.initializer)
            out[f"init{k}"] = plain([sess.run(nx) for _ in range(3)])
        sess.run(it2.initializer)
        out["repeated"] = plain([sess.run(nx2) for _ in range(4)])
        out["outer"] = plain(sess.run([r0, r1]))
    return out


@program
def sparse_elements(tf, workdir):
    """SparseTensor components: sliced, made by a map (VarLenFeature parsing), batched, unbatched and
    passed to map functions; get_next gives SparseTensors with TF's static shapes."""
    path = os.path.join(workdir, "var.tfrecord")
    with tf.python_io.TFRecordWriter(path) as writer:
        for i in range(5):
            feature = {"tokens": tf.train.Feature(int64_list=tf.train.Int64List(value=list(range(i, 2 * i)))),
                       "label": tf.train.Feature(float_list=tf.train.FloatList(value=[i / 2]))}
            writer.write(tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString())
    spec = {"tokens": tf.VarLenFeature(tf.int64), "label": tf.FixedLenFeature([], tf.float32)}
    parsed = tf.data.TFRecordDataset(path).map(lambda r: tf.parse_single_example(r, spec))
    batched = parsed.batch(2)
    sums = parsed.map(lambda d: tf.reduce_sum(d["tokens"].values) + tf.cast(d["label"], tf.int64))
    sliced = tf.data.Dataset.from_tensor_slices(tf.SparseTensorValue([[0, 0], [1, 2], [3, 1]], [1.0, 2.0, 3.0],
                                                                     [4, 3]))
    rebatched = sliced.batch(3).unbatch()
    out = {"batched_shape": batched.output_shapes["tokens"].as_list(),
           "classes": [c.__name__ for c in tf.nest.flatten(tf.data.get_output_classes(batched))]}
    nb = tf.data.make_one_shot_iterator(batched).get_next()
    out["next_shape"] = nb["tokens"].shape.as_list()
    with tf.Session() as sess:
        out["batches"] = [plain([v["tokens"].indices, v["tokens"].values, v["tokens"].dense_shape, v["label"]])
                          for v in drain(tf, sess, nb)]
        out["sums"] = plain(drain(tf, sess, tf.data.make_one_shot_iterator(sums).get_next()))
        out["sliced"] = [plain(list(v)) for v in drain(tf, sess, tf.data.make_one_shot_iterator(sliced).get_next())]
        out["rebatched"] = [plain(list(v)) for v in drain(tf, sess,
                                                         tf.data.make_one_shot_iterator(rebatched).get_next())]
    return out


@program
def graph_names(tf, workdir):
    """The ops a pipeline adds to the graph (outside its functions' own graphs): TF's names and types."""
    path = os.path.join(workdir, "a.txt")
    with open(path, "w") as f:
        f.write("x\n")
    D = tf.data.Dataset
    ds = D.from_tensor_slices(({"a": [1.0, 2.0]}, [3, 4])).map(lambda d, y: (d["a"], y))
    ds = ds.shuffle(5, seed=2).repeat(2).batch(2, drop_remainder=True).prefetch(1)
    it = tf.data.make_initializable_iterator(ds)
    nx = it.get_next()
    one = tf.data.make_one_shot_iterator(D.range(3).shuffle(2).skip(1).take(1).cache())
    one.get_next()
    files = tf.data.TextLineDataset([path]).filter(lambda s: tf.strings.length(s) > 0)
    tf.data.make_one_shot_iterator(files.padded_batch(2, padded_shapes=[])).get_next()
    tf.data.make_one_shot_iterator(D.list_files(os.path.join(workdir, "*.txt"), shuffle=False)).get_next()
    handle = tf.placeholder(tf.string, [])
    feedable = tf.data.Iterator.from_string_handle(handle, tf.data.get_output_types(ds),
                                                   tf.data.get_output_shapes(ds))
    feedable.get_next()
    after = tf.constant(1.0) + tf.random_uniform([])
    # Ops of dataset functions are in the functions' graphs in TF (sessionflow scopes them "Dataset_...");
    # tf.reduce_join's inner names are the strings module's business.
    ops = [(op.name, op.type) for op in tf.get_default_graph().get_operations()
           if not op.name.startswith(("Dataset_", "list_files/ReduceJoin"))]
    return {"ops": ops, "next": [t.name for t in nx], "after": after.name}


@program
def list_files(tf, workdir):
    for name in ["b.txt", "a.txt", "c.txt", "d.dat", "e.txt"]:
        with open(os.path.join(workdir, name), "w") as f:
            f.write(name)
    pattern = os.path.join(workdir, "*.txt")
    out = {}
    with tf.Session() as sess:
        for label, ds in [("sorted", tf.data.Dataset.list_files(pattern, shuffle=False)),
                          ("seeded", tf.data.Dataset.list_files(pattern, seed=4))]:
            out[label] = [os.path.basename(p.decode()) for p in drain(tf, sess,
                                                                         tf.data.make_one_shot_iterator(ds).get_next())]
        none = tf.data.make_one_shot_iterator(tf.data.Dataset.list_files(os.path.join(workdir, "*.none"))).get_next()
        try:
            sess.run(none)
        except tf.errors.OpError as e:
            out["no_match"] = type(e).__name__
    return out


@program
def make_csv_dataset(tf, workdir):
    path = os.path.join(workdir, "table.csv")
    with open(path, "w") as f:
        f.write("name,count,score,label\n")
        f.writelines(f"item{i},{i * 3},{i / 4},{i % 2}\n" for i in range(7))
    ds = tf.data.experimental.make_csv_dataset(path, batch_size=3, label_name="label", num_epochs=1, shuffle=False)
    features, label = tf.data.make_one_shot_iterator(ds).get_next()
    out = {"types": {k: v.dtype.name for k, v in features.items()}, "label_type": label.dtype.name,
           "keys": list(features)}
    with tf.Session() as sess:
        out["batches"] = plain(drain(tf, sess, (features, label)))
    return out


@program
def experimental_selection(tf, workdir):
    D = tf.data.Dataset
    out = {}
    with tf.Session() as sess:
        for label, ds in [
                ("take_while", D.range(10).apply(tf.data.experimental.take_while(lambda x: x < 4))),
                ("unique", D.from_tensor_slices([1, 2, 1, 3, 2, 5]).apply(tf.data.experimental.unique())),
                ("unique_strings", D.from_tensor_slices([b"a", b"b", b"a"]).apply(tf.data.experimental.unique())),
                ("choose", tf.data.experimental.choose_from_datasets(
                    [D.range(3), D.range(10, 12)],
                    D.from_tensor_slices(tf.constant([0, 1, 1, 1, 0, 0, 0, 1], tf.int64))))]:
            out[label] = plain(drain(tf, sess, tf.data.make_one_shot_iterator(ds).get_next()))
        it = tf.data.make_one_shot_iterator(D.from_tensor_slices(({"a": [1, 2]}, [0.5, 1.5])))
        optional = tf.data.experimental.get_next_as_optional(it)
        has, value = optional.has_value(), optional.get_value()
        out["optional"] = [plain(sess.run(has))]
        out["optional_value"] = plain(sess.run(value))
        seen = []
        for _ in range(3):
            present = sess.run(has)
            seen.append(bool(present))
        out["optional_after"] = seen
        out["optional_names"] = [has.name, value[1].name]
    return out


@program
def experimental_grouping(tf, workdir):
    D = tf.data.Dataset
    E = tf.data.experimental
    lengths = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]
    sequences = D.from_tensor_slices(tf.constant(lengths, tf.int64)).map(lambda n: tf.range(n) + n * 10)
    pipelines = {
        "scan": D.range(8).apply(E.scan(tf.constant(0, tf.int64), lambda s, x: (s + x, s * 10))),
        "scan_tuple_state": D.range(5).apply(E.scan((tf.constant(1, tf.int64), tf.constant(0.5)),
                                                    lambda s, x: ((s[0] * 2, s[1] + 1.0), s[0] + x))),
        "counter": E.Counter(3, 2).take(4),
        "group_by_window": D.range(10).apply(E.group_by_window(lambda x: x % 3, lambda k, w: w.batch(2),
                                                               window_size=2)),
        "group_by_window_sizes": D.range(12).apply(E.group_by_window(
            lambda x: x % 2, lambda k, w: w.batch(5).map(lambda b: tf.reduce_sum(b) + k * 100),
            window_size_func=lambda k: k + 2)),
        "bucket_by_sequence_length": sequences.apply(E.bucket_by_sequence_length(
            lambda s: tf.shape(s)[0], [3, 5], [2, 2, 3])),
    }
    out = {}
    with tf.Session() as sess:
        for label, ds in pipelines.items():
            out[label] = plain(drain(tf, sess, tf.data.make_one_shot_iterator(ds).get_next()))
    return out


# --- pipelines written by sessionflow and run by TF (tools/record_data.py --check-graphs) ------------------
def _exported_pipelines(tf, workdir):
    """Pipelines whose GraphDef sessionflow writes for TF to import: name -> (initializer or None, next)."""
    path = os.path.join(workdir, "var.tfrecord")
    with tf.python_io.TFRecordWriter(path) as writer:
        for i in range(60):
            writer.write(b"x" * ((i * 7) % 23))
    D = tf.data.Dataset
    lengths = tf.data.TFRecordDataset([path, path], num_parallel_reads=2).map(lambda r: tf.strings.length(r))
    mixed = lengths.filter(lambda n: n % 2 > 0).shuffle(8, seed=3).padded_batch(4, padded_shapes=[])
    mixed = mixed.interleave(lambda b: D.from_tensor_slices(b), cycle_length=2, block_length=2).batch(5).prefetch(1)
    it = tf.data.make_initializable_iterator(mixed)
    structured = D.from_tensor_slices(({"a": np.arange(6.0, dtype=np.float32)}, np.arange(6))).map(
        lambda d, y: (d["a"] * 2.0, y + 1)).apply(tf.data.experimental.shuffle_and_repeat(4, 2, seed=9)).batch(4)
    grouped = D.range(10).apply(tf.data.experimental.group_by_window(lambda x: x % 3, lambda k, w: w.batch(2), 2))
    return {"files": (it.initializer, it.get_next()),
            "structured": (None, tf.data.make_one_shot_iterator(structured).get_next()),
            "grouped": (None, tf.data.make_one_shot_iterator(grouped).get_next())}


def write_exported_pipelines(tf, workdir):
    """Writes each pipeline's GraphDef (`<name>.pb`) and what sessionflow iterates from it (`<name>.json`)."""
    import json

    for name in ("files", "structured", "grouped"):
        graph = tf.Graph()
        with graph.as_default():
            init, nxt = _exported_pipelines(tf, workdir)[name]
            flat = tf.nest.flatten(nxt)
            with open(os.path.join(workdir, f"{name}.pb"), "wb") as f:
                f.write(graph.as_graph_def().SerializeToString())
            with tf.Session() as sess:
                if init is not None:
                    sess.run(init)
                values = plain(drain(tf, sess, flat))
            with open(os.path.join(workdir, f"{name}.json"), "w") as f:
                json.dump({"init": init.name if init is not None else None, "next": [t.name for t in flat],
                           "values": values}, f)
