"""Small TF1 programs over CTC (tf.nn.ctc_loss, ctc_loss_v2, the greedy and beam-search decoders,
collapse_repeated, ctc_unique_labels), run both by tools/record_nnmisc.py (on TensorFlow, which writes
tests/ops/goldens/ctc.json) and by tests/ops/test_ctc.py (on sessionflow). Inputs are random but seeded
(NumPy), so both sides see the same arrays."""

import numpy as np
import plainops_programs
from plainops_programs import run_error

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def _logits(shape, seed, dtype=np.float32):
    return np.random.RandomState(seed).randn(*shape).astype(dtype)


def _sparse(tf, rows, batch):
    """A SparseTensor of int32 label rows (a row per batch entry, possibly empty)."""
    indices = [[b, i] for b, row in enumerate(rows) for i in range(len(row))]
    values = [v for row in rows for v in row]
    width = max([len(r) for r in rows] + [1])
    return tf.SparseTensor(np.array(indices, np.int64).reshape(-1, 2), np.array(values, np.int32), [batch, width])


def _loss_and_grad(tf, run, labels, x, seq, **kw):
    logits = tf.constant(x)
    loss = tf.nn.ctc_loss(labels, logits, seq, **kw)
    batch = x.shape[1] if kw.get("time_major", True) else x.shape[0]
    grad, = tf.gradients(tf.reduce_sum(loss * tf.constant([1.0, 2.0, 0.5][:batch], x.dtype)), logits)
    return run(dict(loss=loss, grad=grad))


@case
def ctc_loss_classic(tf, run):
    x = _logits((7, 3, 5), 1)
    labels = _sparse(tf, [[0, 1, 2], [3, 3, 1], [2]], 3)
    out = _loss_and_grad(tf, run, labels, x, np.array([7, 6, 4], np.int32))
    loss = tf.nn.ctc_loss(labels, tf.constant(x), [7, 6, 4])
    return dict(out, names=[loss.op.name, loss.op.type, [t.name for t in loss.op.inputs]])


@case
def ctc_loss_options(tf, run):
    x = _logits((8, 3, 4), 2, np.float64)
    labels = _sparse(tf, [[0, 0, 1], [1, 1, 1], [2, 0, 0, 2]], 3)
    seq = np.array([8, 7, 8], np.int32)
    out = {}
    for collapse in (False, True):
        for merge in (False, True):
            out[f"collapse={collapse},merge={merge}"] = _loss_and_grad(
                tf, run, labels, x, seq, preprocess_collapse_repeated=collapse, ctc_merge_repeated=merge)
    return out


@case
def ctc_loss_batch_major_and_edges(tf, run):
    x = _logits((2, 5, 4), 3)
    labels = tf.SparseTensor(np.array([[0, 0], [0, 1], [1, 0]], np.int64), np.array([1, 1, 2], np.int32), [2, 2])
    out = _loss_and_grad(tf, run, labels, x, np.array([5, 3], np.int32), time_major=False)
    empty = tf.SparseTensor(np.array([[0, 0]], np.int64), np.array([1], np.int32), [2, 1])
    out["empty_label"] = run_error(run, tf.nn.ctc_loss(empty, tf.constant(x), [5, 3], time_major=False))
    impossible = _loss_and_grad(tf, run, _sparse(tf, [[1, 1, 2], [0]], 2), x.transpose(1, 0, 2),
                                np.array([3, 5], np.int32))
    return dict(out, impossible=impossible)


@case
def ctc_loss_ignore_longer(tf, run):
    x = _logits((4, 2, 4), 4)
    labels = _sparse(tf, [[0, 1, 2, 0, 1], [2, 1]], 2)
    seq = np.array([4, 4], np.int32)
    out = _loss_and_grad(tf, run, labels, x, seq, ignore_longer_outputs_than_inputs=True)
    return dict(out, error=run_error(run, tf.nn.ctc_loss(labels, tf.constant(x), seq)))


@case
def ctc_loss_errors(tf, run):
    x = tf.constant(_logits((3, 2, 4), 5))
    out = {}
    out["seq_too_long"] = run_error(run, tf.nn.ctc_loss(_sparse(tf, [[1], [0]], 2), x, [4, 3]))
    out["label_out_of_range"] = run_error(run, tf.nn.ctc_loss(_sparse(tf, [[5], [0]], 2), x, [3, 3]))
    unordered = tf.SparseTensor(np.array([[1, 0], [0, 0]], np.int64), np.array([1, 1], np.int32), [2, 1])
    out["unordered"] = run_error(run, tf.nn.ctc_loss(unordered, x, [3, 3]))
    try:
        tf.nn.ctc_loss(tf.constant([[1]]), x, [3, 3])
        out["dense_labels"] = "no error"
    except TypeError as e:
        out["dense_labels"] = str(e).split(" Received")[0]
    return out


@case
def ctc_loss_v2_sparse_and_dense(tf, run):
    x = _logits((6, 2, 5), 6)
    logits = tf.constant(x)
    out = {}
    sp = _sparse(tf, [[1, 2, 2], [3]], 2)
    for blank in (0, -1, 2):
        loss = tf.nn.ctc_loss_v2(sp, logits, None, [6, 5], blank_index=blank)
        out[f"sparse_blank={blank}"] = run([loss, tf.gradients(loss, logits)[0]])
    dense = tf.constant([[1, 2, 2], [3, 0, 0]], tf.int32)  # blank 0: labels 1..4
    for blank in (0, -1):
        loss = tf.nn.ctc_loss_v2(dense, logits, [3, 1], [6, 5], blank_index=blank)
        out[f"dense_blank={blank}"] = run([loss, tf.gradients(loss, logits)[0]])
    batch_major = tf.nn.ctc_loss_v2(dense, tf.transpose(logits, [1, 0, 2]), [3, 1], [6, 5], logits_time_major=False)
    out["dense_batch_major"] = run(batch_major)
    unique = tf.nn.ctc_unique_labels(dense)
    out["dense_unique"] = run(tf.nn.ctc_loss_v2(dense, logits, [3, 1], [6, 5], unique=unique))
    try:
        tf.nn.ctc_loss_v2(sp, logits, None, [6, 5])
    except ValueError as e:
        out["sparse_without_blank"] = str(e)
    return out


@case
def ctc_greedy(tf, run):
    x = _logits((6, 3, 4), 7)
    x[2, 0] = x[1, 0]  # a repeated best class
    x[3, 0, 3] = 9.0  # a blank between repeats
    x[4, 0] = x[1, 0]
    out = {}
    for merge in (True, False):
        for blank in (-1, 0):
            (decoded,), neg = tf.nn.ctc_greedy_decoder(tf.constant(x), [6, 4, 0], merge_repeated=merge,
                                                       blank_index=blank)
            out[f"merge={merge},blank={blank}"] = run([decoded.indices, decoded.values, decoded.dense_shape, neg])
    return out


@case
def ctc_beam_search(tf, run):
    x = _logits((6, 3, 4), 8)
    x[:, 1] *= 0.2  # a flat distribution: many near paths
    out = {}
    for width, top, merge in ((1, 1, True), (3, 2, True), (3, 3, False), (10, 4, True), (10, 4, False)):
        decoded, logp = tf.nn.ctc_beam_search_decoder(tf.constant(x), [6, 5, 3], beam_width=width, top_paths=top,
                                                      merge_repeated=merge)
        out[f"width={width},top={top},merge={merge}"] = run(
            [[(d.indices, d.values, d.dense_shape) for d in decoded], logp])
    decoded, logp = tf.nn.ctc_beam_search_decoder_v2(tf.constant(x), [6, 5, 3], beam_width=5, top_paths=2)
    out["v2"] = run([[(d.indices, d.values, d.dense_shape) for d in decoded], logp])
    out["names"] = [decoded[0].indices.op.name, decoded[0].indices.op.type, logp.name]
    out["top_over_width"] = run_error(run, tf.nn.ctc_beam_search_decoder(tf.constant(x), [6, 5, 3], beam_width=2,
                                                                         top_paths=3)[1])
    return out


@case
def ctc_label_helpers(tf, run):
    labels = tf.constant([[1, 1, 2, 2, 1], [3, 4, 4, 0, 0], [5, 5, 5, 5, 5]])
    collapsed, lengths = tf.nn.collapse_repeated(labels, [5, 3, 4])
    unique_y, unique_idx = tf.nn.ctc_unique_labels(tf.constant([[3, 4, 4, 3, 0], [1, 1, 2, 0, 0]]))
    return run(dict(collapsed=collapsed, lengths=lengths, unique_y=unique_y, unique_idx=unique_idx))


@case
def ctc_decoder_edges(tf, run):
    x = tf.constant(_logits((4, 2, 3), 9))
    out = {}
    decoded, logp = tf.nn.ctc_beam_search_decoder(x, [0, 4], beam_width=3, top_paths=1)
    out["empty_sequence"] = run([decoded[0].indices, decoded[0].values, decoded[0].dense_shape, logp])
    out["fewer_leaves"] = run_error(run, tf.nn.ctc_beam_search_decoder(x, [0, 4], beam_width=3, top_paths=2)[1])
    out["greedy_bad_blank"] = run_error(run, tf.nn.ctc_greedy_decoder(x, [4, 4], blank_index=5)[1])
    out["greedy_seq_too_long"] = run_error(run, tf.nn.ctc_greedy_decoder(x, [5, 4])[1])
    out["loss_batch_mismatch"] = run_error(run, tf.nn.ctc_loss(_sparse(tf, [[1], [0]], 2), x,
                                                               tf.placeholder_with_default([4, 4, 4], [None])))
    return out


@case
def ctc_loss_null_labels(tf, run):
    """Labels >= num_classes - 1 (the blank and beyond) end a label sequence: TF drops them, still counts them
    for the time needed, and refuses a real label after one."""
    x = _logits((5, 1, 4), 3)
    out = {}
    # (a sequence of null labels only is left out: TF's kernel then reads outside its beta table)
    for labels in ([1, 3], [2, 5, 3], [1, 1, 3], [1, 3, 3, 3, 3, 3], [3, 1], [1, 5, -1]):
        key = ",".join(map(str, labels))
        try:
            out[key] = _loss_and_grad(tf, run, _sparse(tf, [labels], 1), x, np.array([5], np.int32))
        except Exception as e:  # noqa: BLE001 - the error is the recorded result
            out[key] = {"error": type(e).__name__, "message": plainops_programs.error_text(e)}
    return out
