"""TF1 programs over fractional pooling (pooling sequences bit for bit with seeds), graph_util's
remove_training_nodes and tensor_shape_from_node_def_name, nondifferentiable_batch_function, and the summary
additions (audio, tensor_summary, SummaryDescription, get_summary_description, all_v2_summary_ops, initialize),
run both by tools/record_nnmisc.py (on TensorFlow: tests/ops/goldens/leftovers.json) and by
tests/ops/test_leftovers.py."""

import numpy as np
from plainops_programs import run_error

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


_X = np.random.RandomState(3).randn(2, 9, 11, 2).astype(np.float32)


@case
def fractional_pools(tf, run):
    out = {}
    x = tf.constant(_X)
    for pool in ("max", "avg"):
        fn = getattr(tf.nn, f"fractional_{pool}_pool")
        for ratio, pseudo, overlapping, seeds in (([1, 1.44, 1.73, 1], False, False, (7, 3)),
                                                  ([1, 1.44, 1.73, 1], True, False, (7, 3)),
                                                  ([1, 2.0, 1.5, 1], True, True, (1, 0)),
                                                  ([1, 1.2, 2.6, 1], False, True, (0, 12345)),
                                                  ([1, 3.0, 3.0, 1], False, False, (5, 5))):
            y, rows, cols = fn(x, ratio, pseudo_random=pseudo, overlapping=overlapping, deterministic=True,
                               seed=seeds[0], seed2=seeds[1])
            w = tf.constant(np.random.RandomState(4).randn(*y.shape.as_list()).astype(np.float32))
            grad = tf.gradients(tf.reduce_sum(y * w), x)[0]
            out[f"{pool},{ratio},{pseudo},{overlapping},{seeds}"] = run(dict(y=y, rows=rows, cols=cols, grad=grad))
    y, rows, cols = tf.nn.fractional_max_pool(x, [1, 1.5, 1.5, 1], name="fmp")
    out["names"] = [y.op.name, y.op.type, rows.name, y.shape.as_list(), rows.shape.as_list()]
    a, b = run(rows), run(rows)
    out["unseeded_shapes"] = [list(a.shape), list(b.shape), int(a[-1]), int(b[-1])]
    fixed = tf.nn.fractional_avg_pool(x, [1, 1.3, 1.7, 1], deterministic=True)[2]
    out["deterministic_unseeded_repeats"] = bool(np.array_equal(run(fixed), run(fixed)))
    seeded = tf.nn.fractional_max_pool(x, [1, 1.3, 1.7, 1], seed=3, seed2=4)[0]
    out["seeds_without_deterministic"] = run_error(run, seeded)
    return out


@case
def graph_utils(tf, run):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    a = tf.multiply(x, 2.0, name="a")
    checked = tf.check_numerics(a, "bad", name="check")
    i1 = tf.identity(a, name="i1")
    sg = tf.stop_gradient(i1, name="sg")
    with tf.control_dependencies([i1]):
        dep = tf.identity(sg, name="dep")
    y = tf.add_n([tf.identity(sg, name="i2"), dep, checked], name="y")
    tf.identity(y, name="out")
    graph_def = tf.get_default_graph().as_graph_def()
    out = {}
    with tf.Graph().as_default() as other:
        tf.identity(tf.check_numerics(tf.constant(1.0), "bad"), name="after_check")
        try:
            tf.graph_util.remove_training_nodes(other.as_graph_def())
        except IndexError as e:
            out["identity_of_check"] = type(e).__name__
    for protected in (None, ["out"], ["i2", "sg"]):
        pruned = tf.graph_util.remove_training_nodes(graph_def, protected_nodes=protected)
        out[str(protected)] = [[n.name, n.op, list(n.input)] for n in pruned.node]
        out[str(protected) + ",versions"] = pruned.HasField("versions")
    g = tf.get_default_graph()
    out["shapes"] = [tf.graph_util.tensor_shape_from_node_def_name(g, n).as_list() for n in ("x", "y:0", "i1")]
    return out


@case
def batch_function(tf, run):
    @tf.nondifferentiable_batch_function(1, 4, 1000)
    def double_plus(a, b):
        return a * 2.0 + b

    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    out = dict(value=run(double_plus(x, tf.ones([2, 2]))), doc=double_plus.__name__)
    try:
        double_plus(np.ones(2, np.float32), x)
    except ValueError as e:
        out["error"] = str(e).split(";")[0]
    return out


def _summary(tf, serialized):
    summary = tf.Summary()
    summary.ParseFromString(serialized)
    return summary


@case
def audio_summary(tf, run):
    t = np.linspace(0, 1, 40, dtype=np.float32)
    clips = np.stack([np.sin(2 * np.pi * 3 * t) * 1.2, np.cos(2 * np.pi * 5 * t) * 0.5,
                      np.linspace(-1, 1, 40, dtype=np.float32)])
    stereo = np.stack([clips[:2].T, clips[1:].T])
    out = {}
    for key, tensor, rate, max_outputs in (("mono", clips, 8000.0, 3), ("one", clips, 44100.4, 1),
                                          ("stereo", stereo, 16000, 2), ("few", clips[:1], 1.4, 5)):
        s = tf.summary.audio(key, tf.constant(tensor), rate, max_outputs=max_outputs, family="sound")
        parsed = _summary(tf, run(s))
        out[key] = dict(name=s.op.name, type=s.op.type, serialized=run(s).hex(),
                        tags=[v.tag for v in parsed.value],
                        audio=[[v.audio.sample_rate, v.audio.num_channels, v.audio.length_frames,
                                v.audio.content_type] for v in parsed.value])
    out["collection"] = len(tf.get_collection(tf.GraphKeys.SUMMARIES))
    return out


@case
def tensor_summaries(tf, run):
    out = {}
    metadata = tf.SummaryMetadata(display_name="shown")
    metadata.plugin_data.plugin_name = "custom"
    for key, value, kw in (("floats", np.arange(6.0, dtype=np.float32).reshape(2, 3), {}),
                           ("ints", np.array([1, -2, 3], np.int64), dict(summary_description="some ints")),
                           ("scalar", np.float64(2.5), dict(display_name="Scalar")),
                           ("bools", np.array([True, False]), dict(summary_metadata=metadata)),
                           ("strings", np.array([b"a", b"bc"]), dict(family="fam"))):
        s = tf.summary.tensor_summary(key, tf.constant(value), **kw)
        out[key] = dict(name=s.op.name, type=s.op.type, serialized=run(s).hex())
    description = tf.summary.SummaryDescription(type_hint="image")
    out["description"] = [description.type_hint, description.SerializeToString().hex()]
    node = tf.get_default_graph().as_graph_def().node[-1]
    try:
        tf.summary.get_summary_description(node)
    except ValueError as e:
        out["get_description_error"] = str(e)
    out["all_v2"] = tf.summary.all_v2_summary_ops()
    try:
        tf.summary.initialize(session=tf.Session())
    except RuntimeError as e:
        out["initialize"] = str(e)
    return out
