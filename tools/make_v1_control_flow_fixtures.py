"""Records, with real TensorFlow, the fixtures of tests/v1_control_flow: graphs whose control flow is TF 1.x's
dataflow ops (Switch/Merge, as `tf.compat.v1.disable_control_flow_v2()` builds `tf.cond`). Run with the TF venv
(never imported by the test suite):

    TF_USE_LEGACY_KERAS=1 /root/tfenv/bin/python tools/make_v1_control_flow_fixtures.py

Writes tests/v1_control_flow/fixtures/:
- cnn_cond_frozen.pb: a small CNN (conv, tf.layers batch normalization and dropout, both switched by an
  `is_training` tensor, so each is a v1 cond) frozen by `convert_variables_to_constants`;
- conds.pb: hand-written conds: nested, a branch with a random op, a constant branch (its Const hangs off the
  pivot by a control edge), a Merge of two Switches of different predicates;
- loops.pb: v1 while loops: with a cond and a TensorArray in the body, nested, inside a cond;
- rnn_frozen.pb, rnn_model.meta/.index/.data-00000-of-00001: a dynamic_rnn LSTM classifier, frozen, and as
  MetaGraph (with its gradient-descent train op: TF 1.x loop gradients, which keep forward values in stacks)
  and untrained checkpoint;
- refs.meta: reference variables under v1 control flow (an assignment in a cond's branch, one in a loop body);
- expected.npz: the inputs, TF's outputs for each predicate, and the message TF gives for fetching a tensor of the
  branch not taken.
"""

from __future__ import annotations

import os

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FIXTURES = os.path.join(ROOT, "tests", "v1_control_flow", "fixtures")

CNN_OUTPUTS = ["logits:0", "probs:0"]
CONDS_OUTPUTS = ["nested:0", "noisy:0", "const_branch:0", "two_preds:0", "after:0"]
LOOPS_OUTPUTS = ["count:0", "total:0", "collected:0", "outer_sum:0", "in_cond:0"]


def cnn_graph(tf):
    """The CNN's frozen GraphDef and the names of its inputs."""
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(7)
        x = tf.placeholder(tf.float32, [None, 8, 8, 2], name="x")
        training = tf.placeholder_with_default(False, [], name="is_training")
        h = tf.layers.conv2d(x, 4, 3, padding="same", name="conv")
        h = tf.layers.batch_normalization(h, training=training, name="bn")
        h = tf.nn.relu(h)
        h = tf.layers.max_pooling2d(h, 2, 2)
        h = tf.layers.flatten(h)
        h = tf.layers.dropout(h, rate=0.5, training=training, seed=3)
        logits = tf.identity(tf.layers.dense(h, 3, name="dense"), name="logits")
        tf.nn.softmax(logits, name="probs")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            # non-trivial moving statistics, so inference and training differ
            for v in tf.global_variables():
                if "moving" in v.name:
                    sess.run(v.assign(np.linspace(0.5, 1.5, v.shape[0]).astype(np.float32)))
            frozen = tf.graph_util.convert_variables_to_constants(sess, graph.as_graph_def(), ["logits", "probs"])
    return frozen


def conds_graph(tf):
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [3], name="x")
        p = tf.placeholder(tf.bool, [], name="p")
        q = tf.placeholder(tf.bool, [], name="q")
        inner = lambda: tf.cond(q, lambda: x * 3.0, lambda: x - 1.0)
        tf.identity(tf.cond(p, inner, lambda: tf.exp(x)), name="nested")
        noise = lambda: x + tf.random_uniform([3], seed=5)
        tf.identity(tf.cond(p, noise, lambda: x), name="noisy")
        tf.identity(tf.cond(p, lambda: tf.constant([1.0, 2.0, 3.0]), lambda: x * 0.5), name="const_branch")
        a = tf.cond(p, lambda: x + 10.0, lambda: x)
        b = tf.cond(q, lambda: a * 2.0, lambda: a)
        tf.identity(b, name="two_preds")
        tf.identity(a + b, name="after")
        tf.identity(x * 7.0, name="unrelated")
    return graph.as_graph_def()


def loops_graph(tf):
    """v1 while loops: a counter loop with a cond in its body and a TensorArray written per step, a loop
    nested in a loop, and a loop inside a cond (run with the branch taken and not)."""
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [3], name="x")
        n = tf.placeholder(tf.int32, [], name="n")
        p = tf.placeholder(tf.bool, [], name="p")
        ta = tf.TensorArray(tf.float32, size=n)

        def body(i, acc, ta):
            step = tf.cond(tf.equal(i % 2, 0), lambda: acc * 2.0, lambda: acc + x)
            return i + 1, step, ta.write(i, step)

        i, acc, ta = tf.while_loop(lambda i, acc, ta: i < n, body, [tf.constant(0), x, ta])
        tf.identity(i, name="count")
        tf.identity(tf.reduce_sum(acc), name="total")
        tf.identity(ta.stack(), name="collected")

        def outer(j, s):
            inner = tf.while_loop(lambda k, t: k < j, lambda k, t: (k + 1, t + tf.cast(k, tf.float32)),
                                  [tf.constant(0), s])
            return j + 1, inner[1]

        tf.identity(tf.while_loop(lambda j, s: j < n, outer, [tf.constant(0), tf.constant(0.0)])[1],
                    name="outer_sum")
        looped = lambda: tf.while_loop(lambda k, v: k < n, lambda k, v: (k + 1, v * 1.5), [0, x])[1]
        tf.identity(tf.cond(p, looped, lambda: x - 1.0), name="in_cond")
    return graph.as_graph_def()


def rnn_model(tf, prefix, rng):
    """A dynamic_rnn LSTM classifier trained by gradient descent (TF 1.x loop gradients: stacks). Saves its
    MetaGraph and untrained checkpoint to `prefix`; returns (frozen GraphDef, inputs, logits, losses per step)."""
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(11)
        x = tf.placeholder(tf.float32, [None, 5, 3], name="x")
        lengths = tf.placeholder(tf.int32, [None], name="lengths")
        labels = tf.placeholder(tf.int32, [None], name="labels")
        cell = tf.nn.rnn_cell.LSTMCell(6)
        _, state = tf.nn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float32)
        logits = tf.identity(tf.layers.dense(state.h, 3, name="out"), name="logits")
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits),
                              name="loss")
        train = tf.train.GradientDescentOptimizer(0.5).minimize(loss, name="train")
        tf.add_to_collection("train_op", train)
        inputs = {"x:0": rng.randn(4, 5, 3).astype(np.float32), "lengths:0": np.array([5, 3, 1, 4], np.int32),
                  "labels:0": np.array([0, 2, 1, 2], np.int32)}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.train.Saver().save(sess, prefix)
            frozen = tf.graph_util.convert_variables_to_constants(sess, graph.as_graph_def(), ["logits"])
            logits_value = sess.run(logits, inputs)
            losses = [sess.run([loss, train], inputs)[0] for _ in range(3)]
            losses.append(sess.run(loss, inputs))
    return frozen, inputs, logits_value, np.array(losses)


def refs_model(tf, prefix):
    """Reference variables under v1 control flow: a cond that assigns in one branch (RefSwitch) and a while loop
    that adds to a variable each iteration (RefEnter). Writes `prefix`.meta; returns {name: value} for runs of it."""
    graph = tf.Graph()
    results = {}
    with graph.as_default():
        v = tf.Variable(1.0, name="v")
        total = tf.Variable(0.0, name="total")
        p = tf.placeholder(tf.bool, [], name="p")
        n = tf.placeholder(tf.int32, [], name="n")
        tf.identity(tf.cond(p, lambda: tf.assign_add(v, 10.0), lambda: v * 2.0), name="branch")

        def body(i, acc):
            with tf.control_dependencies([tf.assign_add(total, tf.cast(i, tf.float32))]):
                return i + 1, acc + v

        tf.identity(tf.while_loop(lambda i, acc: i < n, body, [0, 0.0])[1], name="looped")
        tf.variables_initializer([v, total], name="init")
        tf.train.export_meta_graph(prefix + ".meta")
        with tf.Session() as sess:
            sess.run("init")
            for step, (p_value, n_value) in enumerate([(False, 2), (True, 3), (False, 0), (True, 1)]):
                values = sess.run(["branch:0", "looped:0"], {p: p_value, n: n_value})
                values += sess.run([v, total])
                for name, value in zip(["branch", "looped", "v", "total"], values):
                    results[f"refs/{step}/{name}"] = value
    return results


def run(tf, graph_def, feeds, fetches):
    graph = tf.Graph()
    with graph.as_default():
        tf.import_graph_def(graph_def, name="")
        with tf.Session() as sess:
            return sess.run(fetches, feeds)


def dead_fetch_message(tf, graph_def, feeds, fetch):
    graph = tf.Graph()
    with graph.as_default():
        tf.import_graph_def(graph_def, name="")
        with tf.Session() as sess:
            try:
                sess.run(fetch, feeds)
            except tf.errors.OpError as e:
                return type(e).__name__, [line for line in e.message.split("\n") if line.strip()][-1]
    return None, None


def main():
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    tf.disable_v2_behavior()
    tf.disable_control_flow_v2()
    tf.disable_resource_variables()
    os.makedirs(FIXTURES, exist_ok=True)
    expected = {}
    rng = np.random.RandomState(0)

    cnn = cnn_graph(tf)
    ops = sorted({n.op for n in cnn.node})
    assert "Switch" in ops and "Merge" in ops, ops
    with open(os.path.join(FIXTURES, "cnn_cond_frozen.pb"), "wb") as f:
        f.write(cnn.SerializeToString())
    cnn_x = rng.randn(4, 8, 8, 2).astype(np.float32)
    expected["cnn/x"] = cnn_x
    for training in (False, True):
        values = run(tf, cnn, {"x:0": cnn_x, "is_training:0": training}, CNN_OUTPUTS)
        for name, value in zip(CNN_OUTPUTS, values):
            expected[f"cnn/{int(training)}/{name}"] = value
    values = run(tf, cnn, {"x:0": cnn_x}, CNN_OUTPUTS)  # the default: inference
    for name, value in zip(CNN_OUTPUTS, values):
        expected[f"cnn/default/{name}"] = value

    conds = conds_graph(tf)
    with open(os.path.join(FIXTURES, "conds.pb"), "wb") as f:
        f.write(conds.SerializeToString())
    x = np.array([0.5, -1.0, 2.0], np.float32)
    expected["conds/x"] = x
    for p in (False, True):
        for q in (False, True):
            values = run(tf, conds, {"x:0": x, "p:0": p, "q:0": q}, CONDS_OUTPUTS)
            for name, value in zip(CONDS_OUTPUTS, values):
                expected[f"conds/{int(p)}{int(q)}/{name}"] = value
    # a tensor of the branch not taken (cond's true branch: `mul` under cond_2 is x * 0.5 in the false branch)
    dead = next(n.name for n in conds.node if n.op == "Mul" and n.name.startswith("cond_2/"))
    kind, message = dead_fetch_message(tf, conds, {"x:0": x, "p:0": True, "q:0": False}, dead + ":0")
    expected["conds/dead_fetch"] = np.array([dead + ":0", kind, message])
    loops = loops_graph(tf)
    with open(os.path.join(FIXTURES, "loops.pb"), "wb") as f:
        f.write(loops.SerializeToString())
    for n in (0, 1, 4):
        for p in (False, True):
            values = run(tf, loops, {"x:0": x, "n:0": n, "p:0": p}, LOOPS_OUTPUTS)
            for name, value in zip(LOOPS_OUTPUTS, values):
                expected[f"loops/{n}{int(p)}/{name}"] = value
    frozen, inputs, logits, losses = rnn_model(tf, os.path.join(FIXTURES, "rnn_model"), rng)
    with open(os.path.join(FIXTURES, "rnn_frozen.pb"), "wb") as f:
        f.write(frozen.SerializeToString())
    for name, value in inputs.items():
        expected[f"rnn/{name}"] = value
    expected["rnn/logits"], expected["rnn/losses"] = logits, losses
    os.remove(os.path.join(FIXTURES, "checkpoint"))
    expected.update(refs_model(tf, os.path.join(FIXTURES, "refs")))
    np.savez(os.path.join(FIXTURES, "expected.npz"), **expected)
    print("ops in cnn:", ops)
    print("dead fetch:", dead, kind, message)


if __name__ == "__main__":
    main()
