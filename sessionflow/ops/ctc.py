"""Connectionist temporal classification: CTCLoss (TF's forward-backward in log space; its second output is the
gradient with respect to the logits, which the op's gradient hands back), CTCGreedyDecoder and
CTCBeamSearchDecoder (ctc_beam.py holds TF's beam search), and the public functions over them: tf.nn.ctc_loss,
ctc_loss_v2 (blank_index, dense labels), the decoders, collapse_repeated and ctc_unique_labels."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor_shape import TensorShape
from .constant import convert_to_tensor
from .ctc_beam import beam_search

_FLOATS = (dtypes.float32, dtypes.float64)


def _invalid(message):
    return errors.InvalidArgumentError(None, None, message)


def _check_rank(tensor, rank, what, op_type):
    if tensor.shape.ndims is not None and tensor.shape.ndims != rank:
        raise ValueError(f"Shape must be rank {rank} but is rank {tensor.shape.ndims} for '{op_type}' ({what})")


def _label_rows(indices, values, batch):
    """The label sequence of each batch entry from a SparseTensor's indices/values (TF's ordering check)."""
    if indices.ndim != 2:
        raise _invalid("labels_indices is not a matrix")
    if values.ndim != 1:
        raise _invalid("labels_values is not a vector")
    if indices.shape[0] != values.shape[0]:
        raise _invalid("labels_indices and labels_values must contain the same number of rows, but saw shapes: "
                       f"[{indices.shape[0]},{indices.shape[1]}] vs. [{values.shape[0]}]")
    for i in range(1, len(indices)):
        if tuple(indices[i]) <= tuple(indices[i - 1]):
            raise _invalid(f"label SparseTensor is not valid: indices[{i}] = [{','.join(map(str, indices[i]))}] "
                           "is out of order. Many sparse ops require sorted indices.\n"
                           "    Use `tf.sparse.reorder` to create a correctly ordered copy.\n\n")
    rows = [[] for _ in range(batch)]
    for (b, _), v in zip(indices, values):
        if not 0 <= b < batch:
            raise _invalid(f"labels batch index must be between 0 and {batch - 1} but saw: {b}")
        rows[b].append(int(v))
    return rows


def _log_softmax_rows(x):
    """log of each row's softmax, computed as TF's CTC kernel does (probabilities first, in x's dtype)."""
    y = np.exp(x - x.max(axis=1, keepdims=True))
    y /= y.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore"):
        return y, np.log(y)


def _ctc_sequence(x, labels, merge, blank):
    """(loss, gradient) of one sequence: x [T, C] logits, labels without blanks."""
    t_len, num_classes = x.shape
    y, log_y = _log_softmax_rows(x)
    # a label outside [0, num_classes) has probability zero
    log_y = np.concatenate([log_y, np.full((t_len, 1), -np.inf, x.dtype)], axis=1)
    lp = np.full(2 * len(labels) + 1, blank)
    lp[1::2] = [v if v >= 0 else num_classes for v in labels]  # a negative label has probability zero
    u_len = len(lp)
    lp_col = np.where(lp == blank, blank, lp)
    stay = np.full(u_len, merge) | (lp == blank)  # (u, t-1) -> (u, t)
    skip = np.zeros(u_len, bool)  # (u-2, t-1) -> (u, t)
    skip[2:] = (lp[2:] != blank) & ~(merge & (lp[2:] == lp[:-2]))
    neg = np.array(-np.inf, x.dtype)
    alpha = np.full((t_len, u_len), neg)
    beta = np.full((t_len, u_len), neg)
    alpha[0, 0] = log_y[0, blank]
    if u_len > 1:
        alpha[0, 1] = log_y[0, lp[1]]
    u_index = np.arange(u_len)
    for t in range(1, t_len):
        prev = alpha[t - 1]
        total = np.where(stay, prev, neg)
        total[1:] = np.logaddexp(total[1:], prev[:-1])
        total[2:] = np.where(skip[2:], np.logaddexp(total[2:], prev[:-2]), total[2:])
        window = (u_index >= max(0, u_len - 2 * (t_len - t))) & (u_index < min(u_len, 2 * (t + 1)))
        alpha[t] = np.where(window, log_y[t, lp_col] + total, neg)
    beta[t_len - 1, max(0, u_len - 2):] = 0
    for t in range(t_len - 2, -1, -1):
        nxt = beta[t + 1] + log_y[t + 1, lp_col]
        total = np.where(stay, nxt, neg)
        total[:-1] = np.logaddexp(total[:-1], nxt[1:])
        total[:-2] = np.where(skip[2:], np.logaddexp(total[:-2], nxt[2:]), total[:-2])
        window = (u_index >= max(0, u_len - 2 * (t_len - t))) & (u_index < min(u_len, 2 * (t + 1)))
        beta[t] = np.where(window, total, neg)
    ab = alpha + beta
    log_pzx = np.logaddexp.reduce(ab[0])
    if log_pzx == -np.inf:
        return np.array(np.inf, x.dtype), y
    occupancy = np.full((t_len, num_classes + 1), neg)
    for u in range(u_len):
        occupancy[:, lp_col[u]] = np.logaddexp(occupancy[:, lp_col[u]], ab[:, u])
    return -log_pzx, y - np.exp(occupancy[:, :num_classes] - log_pzx)


def _non_null(labels, original, num_classes, b):
    """The labels before the first null label (>= num_classes - 1, the blank): TF drops a trailing run of null
    labels from the label sequence (they still count for the time it needs) and refuses a label after one."""
    kept = []
    for i, v in enumerate(labels):
        if v >= num_classes - 1:
            later = [w for w in labels[i:] if w < num_classes - 1]
            if later:
                raise _invalid("Saw a non-null label (index >= num_classes - 1) following a null label, batch: "
                               f"{b} num_classes: {num_classes} labels: {','.join(map(str, original))} labels seen "
                               f"so far: {','.join(map(str, kept))}")
            break
        kept.append(v)
    return kept


def _collapse(labels):
    return [v for i, v in enumerate(labels) if i == 0 or v != labels[i - 1]]


@op("CTCLoss", inputs=("inputs", "labels_indices", "labels_values", "sequence_length"),
    attrs=dict(preprocess_collapse_repeated=False, ctc_merge_repeated=True, ignore_longer_outputs_than_inputs=False))
class CTCLoss:
    """Negative log probability of each label sequence given [max_time, batch, num_classes] logits (blank: the
    last class), and the loss's gradient with respect to the logits."""

    def infer(inputs, labels_indices, labels_values, sequence_length, preprocess_collapse_repeated,
              ctc_merge_repeated, ignore_longer_outputs_than_inputs):
        if inputs.dtype.base_dtype not in _FLOATS:
            raise TypeError(f"Value passed to parameter 'inputs' has DataType {inputs.dtype.base_dtype.name} not in "
                            "list of allowed values: float32, float64")
        _check_rank(inputs, 3, "inputs", "CTCLoss")
        _check_rank(sequence_length, 1, "sequence_length", "CTCLoss")
        shape = inputs.shape if inputs.shape.ndims is not None else TensorShape([None] * 3)
        return [(inputs.dtype.base_dtype, TensorShape([shape[1]])), (inputs.dtype.base_dtype, shape)]

    def kernel(xp, inputs, labels_indices, labels_values, sequence_length, preprocess_collapse_repeated,
               ctc_merge_repeated, ignore_longer_outputs_than_inputs):
        if inputs.ndim != 3:
            raise _invalid("inputs is not a 3-Tensor")
        if sequence_length.ndim != 1:
            raise _invalid("sequence_length is not a vector")
        max_time, batch, num_classes = inputs.shape
        if sequence_length.shape[0] != batch:
            raise _invalid(f"len(sequence_length) != batch_size.  len(sequence_length):  {sequence_length.shape[0]} "
                           f"batch_size: {batch}")
        rows = _label_rows(np.asarray(labels_indices), np.asarray(labels_values), batch)
        loss = np.zeros(batch, inputs.dtype)
        grad = np.zeros(inputs.shape, inputs.dtype)
        for b in range(batch):
            if sequence_length[b] > max_time:
                raise _invalid(f"sequence_length({b}) <= {max_time}")
        for b in range(batch):
            labels = _collapse(rows[b]) if preprocess_collapse_repeated else rows[b]
            if not labels:
                raise _invalid(f"Labels length is zero in batch {b}")
            kept = _non_null(labels, rows[b], num_classes, b)
            seq_len = int(sequence_length[b])
            if len(labels) > seq_len:
                if ignore_longer_outputs_than_inputs:
                    continue
                raise _invalid(f"Not enough time for target transition sequence (required: {len(labels)}, available: "
                               f"{seq_len}){b}You can turn this error into a warning by using the flag "
                               "ignore_longer_outputs_than_inputs")
            loss[b], grad[:seq_len, b] = _ctc_sequence(np.asarray(inputs[:seq_len, b]), kept, ctc_merge_repeated,
                                                       num_classes - 1)
        return loss, grad

    def grad(op_, grad_loss, _):
        from .array import expand_dims
        from .legacy_versions import PreventGradient

        gradient = PreventGradient(op_.outputs[1], message="Currently there is no way to take the second  derivative "
                                   "of ctc_loss due to the fused implementation's interaction  with tf.gradients()")
        return [expand_dims(grad_loss, -1) * gradient, None, None, None]

    # float32 only: the second output is not a function the finite-difference check can differentiate
    samples = [((np.random.RandomState(0).randn(4, 2, 3).astype(np.float32), np.array([[0, 0], [0, 1], [1, 0]]),
                 np.array([0, 1, 1], np.int32), np.array([4, 3], np.int32)), {})]


def _sparse_outputs(sequences, batch):
    """(indices [n, 2], values [n], dense_shape [2]) int64 arrays of one label sequence per batch entry."""
    indices = [[b, i] for b, seq in enumerate(sequences) for i in range(len(seq))]
    values = [v for seq in sequences for v in seq]
    width = max([len(s) for s in sequences] + [0])
    return (np.array(indices, np.int64).reshape(-1, 2), np.array(values, np.int64),
            np.array([batch, width], np.int64))


def _decoder_infer(op_type, inputs, sequence_length, paths):
    if inputs.dtype.base_dtype not in _FLOATS:
        raise TypeError(f"Value passed to parameter 'inputs' has DataType {inputs.dtype.base_dtype.name} not in "
                        "list of allowed values: float32, float64")
    _check_rank(inputs, 3, "inputs", op_type)
    _check_rank(sequence_length, 1, "sequence_length", op_type)
    batch = inputs.shape[1] if inputs.shape.ndims is not None else None
    sparse = [(dtypes.int64, TensorShape([None, 2])), (dtypes.int64, TensorShape([None])),
              (dtypes.int64, TensorShape([2]))]
    return ([s for s in sparse for _ in range(paths)] if paths > 1 or op_type != "CTCGreedyDecoder" else sparse) + [
        (inputs.dtype.base_dtype, TensorShape([batch, paths]))]


def _check_decoder_inputs(inputs, sequence_length):
    if inputs.ndim != 3:
        raise _invalid("inputs is not a 3-Tensor")
    if sequence_length.ndim != 1:
        raise _invalid("sequence_length is not a vector")
    max_time, batch, _ = inputs.shape
    if sequence_length.shape[0] != batch:
        raise _invalid(f"len(sequence_length) != batch_size.  len(sequence_length):  {sequence_length.shape[0]} "
                       f"batch_size: {batch}")
    for b in range(batch):
        if sequence_length[b] > max_time:
            raise errors.FailedPreconditionError(None, None, f"sequence_length({b}) <= {max_time}")


@op("CTCGreedyDecoder", inputs=("inputs", "sequence_length"), attrs=dict(merge_repeated=False, blank_index=-1))
class CTCGreedyDecoder:
    """The best class at each step, blanks dropped (and repeats merged): a SparseTensor's three parts, and the
    negative sum of the chosen logits [batch, 1]."""

    def infer(inputs, sequence_length, merge_repeated, blank_index):
        return _decoder_infer("CTCGreedyDecoder", inputs, sequence_length, 1)

    def kernel(xp, inputs, sequence_length, merge_repeated, blank_index):
        _check_decoder_inputs(inputs, sequence_length)
        _, batch, num_classes = inputs.shape
        blank = blank_index + num_classes if blank_index < 0 else blank_index
        if not 0 <= blank < num_classes:
            raise _invalid(f"blank_index expected to be between {-num_classes} and {num_classes - 1} but was "
                           f"{blank_index}")
        log_prob = np.zeros((batch, 1), inputs.dtype)
        sequences = []
        for b in range(batch):
            steps = inputs[:int(sequence_length[b]), b]
            best = np.argmax(steps, axis=1)
            log_prob[b, 0] = -np.sum(steps.max(axis=1), dtype=inputs.dtype) if len(steps) else 0
            seq, prev = [], -1
            for c in best.tolist():
                if c != blank and not (merge_repeated and c == prev):
                    seq.append(c)
                prev = c
            sequences.append(seq)
        return (*_sparse_outputs(sequences, batch), log_prob)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.random.RandomState(1).randn(5, 2, 4).astype(np.float32), np.array([5, 3], np.int32)),
                dict(merge_repeated=True))]


@op("CTCBeamSearchDecoder", inputs=("inputs", "sequence_length"),
    attrs=dict(beam_width=None, top_paths=None, merge_repeated=True))
class CTCBeamSearchDecoder:
    """TF's CTC beam search (blank: the last class): the `top_paths` best label sequences, each as a
    SparseTensor's three parts (all indices, then all values, then all shapes), and their log probabilities."""

    def infer(inputs, sequence_length, beam_width, top_paths, merge_repeated):
        if beam_width < 1:
            raise ValueError(f"Value for attr 'beam_width' of {beam_width} must be at least minimum 1")
        if top_paths < 1:
            raise ValueError(f"Value for attr 'top_paths' of {top_paths} must be at least minimum 1")
        specs = _decoder_infer("CTCBeamSearchDecoder", inputs, sequence_length, top_paths)
        return specs

    def kernel(xp, inputs, sequence_length, beam_width, top_paths, merge_repeated):
        _check_decoder_inputs(inputs, sequence_length)
        if top_paths > beam_width:
            raise _invalid("requested more paths than the beam width.")
        _, batch, _ = inputs.shape
        log_prob = np.zeros((batch, top_paths), inputs.dtype)
        paths = [[] for _ in range(top_paths)]
        for b in range(batch):
            found = beam_search(np.asarray(inputs[:int(sequence_length[b]), b]), beam_width, top_paths,
                                merge_repeated)
            for p, (labels, score) in enumerate(found):
                paths[p].append(labels)
                log_prob[b, p] = score
        parts = [_sparse_outputs(sequences, batch) for sequences in paths]
        return (*[p[0] for p in parts], *[p[1] for p in parts], *[p[2] for p in parts], log_prob)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.random.RandomState(2).randn(5, 2, 4).astype(np.float32), np.array([5, 3], np.int32)),
                dict(beam_width=3, top_paths=2))]


def _ctc_loss_op(inputs, labels_indices, labels_values, sequence_length, **attrs):
    """The CTCLoss op, its inputs converted under its name as TF's generated wrapper does."""
    with get_default_graph().name_scope("CTCLoss") as scope:
        return CTCLoss(inputs, labels_indices, labels_values,
                       convert_to_tensor(sequence_length, dtypes.int32, name="sequence_length"), name=scope, **attrs)


@tf_export("nn.ctc_loss")
def ctc_loss(labels, inputs=None, sequence_length=None, preprocess_collapse_repeated=False, ctc_merge_repeated=True,
             ignore_longer_outputs_than_inputs=False, time_major=True, logits=None):
    """CTC loss of SparseTensor `labels` given logits [max_time, batch, num_classes] (blank: the last class)."""
    from .array_transform import transpose
    from .math import cast

    if not isinstance(labels, SparseTensor):
        raise TypeError("Expected argument `labels` to be a SparseTensor. "
                        f"Received labels={labels} of type: {type(labels).__name__}")
    if inputs is not None and logits is not None:
        raise ValueError("Cannot specify both 'logits' and 'inputs'")
    inputs = convert_to_tensor(inputs if logits is None else logits, name="logits")
    if not time_major:
        inputs = transpose(inputs, [1, 0, 2])
    orig_dtype = inputs.dtype.base_dtype
    if orig_dtype in (dtypes.float16, dtypes.bfloat16):
        inputs = cast(inputs, dtypes.float32)
    loss, _ = _ctc_loss_op(inputs, labels.indices, labels.values, sequence_length,
                           preprocess_collapse_repeated=bool(preprocess_collapse_repeated),
                           ctc_merge_repeated=bool(ctc_merge_repeated),
                           ignore_longer_outputs_than_inputs=bool(ignore_longer_outputs_than_inputs))
    return cast(loss, orig_dtype) if orig_dtype in (dtypes.float16, dtypes.bfloat16) else loss


def _num_classes(logits):
    from .array import shape

    dim = logits.shape.as_list()[2] if logits.shape.ndims is not None else None
    return dim if dim is not None else shape(logits)[2]


@tf_export("nn.ctc_loss_v2")
def ctc_loss_v2(labels, logits, label_length, logit_length, logits_time_major=True, unique=None, blank_index=None,
                name=None):
    """CTC loss of SparseTensor labels (blank_index required) or dense zero-padded labels with `label_length`
    (blank 0 by default); `unique` (from ctc_unique_labels) changes nothing on the CPU."""
    from .array import concat
    from .array_index import where
    from .array_transform import transpose
    from .math import cast, less

    if isinstance(labels, SparseTensor):
        if blank_index is None:
            raise ValueError("Argument `blank_index` must be provided when labels is a SparseTensor.")
        logits = convert_to_tensor(logits, name="logits")
        num_classes = _num_classes(logits)
        if blank_index < 0:
            blank_index += num_classes
        if blank_index != num_classes - 1:
            logits = concat([logits[:, :, :blank_index], logits[:, :, blank_index + 1:],
                             logits[:, :, blank_index:blank_index + 1]], axis=2)
            labels = SparseTensor(labels.indices, where(less(labels.values, blank_index), labels.values,
                                                        labels.values - 1), labels.dense_shape)
        return ctc_loss(labels=labels, inputs=logits, sequence_length=logit_length, time_major=logits_time_major)
    blank_index = 0 if blank_index is None else blank_index
    with get_default_graph().name_scope(name or "ctc_loss_dense"):
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels")
        label_length = convert_to_tensor(label_length, name="label_length")
        logit_length = convert_to_tensor(logit_length, name="logit_length")
        if not logits_time_major:
            logits = transpose(logits, perm=[1, 0, 2])
        num_classes = _num_classes(logits)
        if blank_index < 0:
            blank_index += num_classes
        if blank_index != num_classes - 1:  # the op's blank is the last class
            logits = concat([logits[:, :, :blank_index], logits[:, :, blank_index + 1:],
                             logits[:, :, blank_index:blank_index + 1]], axis=2)
            labels = where(less(labels, blank_index), labels, labels - 1)
        sparse = _dense_labels_to_sparse(cast(labels, dtypes.int32), label_length)
        loss, _ = _ctc_loss_op(logits, sparse.indices, sparse.values, cast(logit_length, dtypes.int32))
        return loss


def _dense_labels_to_sparse(dense, length) -> SparseTensor:
    """The first length[b] labels of each row of `dense` as a SparseTensor."""
    from .array import reshape, shape, size, stack
    from .array_index import sequence_mask
    from .array_slicing import boolean_mask
    from .array_slicing import range as range_op
    from .math import cast

    flat = reshape(dense, [-1])
    mask = reshape(sequence_mask(length, maxlen=shape(dense)[1]), [-1])
    positions = boolean_mask(range_op(cast(size(flat), dtypes.int64)), mask)
    width = cast(shape(dense)[1], dtypes.int64)
    indices = stack([positions // width, positions % width], axis=1)
    return SparseTensor(indices, boolean_mask(flat, mask), cast(shape(dense), dtypes.int64))


@tf_export("nn.ctc_greedy_decoder")
def ctc_greedy_decoder(inputs, sequence_length, merge_repeated=True, blank_index=None):
    """([SparseTensor of the decoded labels], negative sum of the best logits [batch, 1])."""
    blank_index = -1 if blank_index is None else blank_index
    with get_default_graph().name_scope("CTCGreedyDecoder") as scope:
        ix, values, shape, log_prob = CTCGreedyDecoder(
            convert_to_tensor(inputs, name="inputs"), convert_to_tensor(sequence_length, dtypes.int32,
                                                                        name="sequence_length"),
            merge_repeated=bool(merge_repeated), blank_index=int(blank_index), name=scope)
    return [SparseTensor(ix, values, shape)], log_prob


@tf_export("nn.ctc_beam_search_decoder")
def ctc_beam_search_decoder(inputs, sequence_length, beam_width=100, top_paths=1, merge_repeated=True):
    """([top_paths SparseTensors], log probabilities [batch, top_paths]) of TF's CTC beam search."""
    with get_default_graph().name_scope("CTCBeamSearchDecoder") as scope:
        outs = CTCBeamSearchDecoder(convert_to_tensor(inputs, name="inputs"),
                                    convert_to_tensor(sequence_length, dtypes.int32, name="sequence_length"),
                                    beam_width=int(beam_width), top_paths=int(top_paths),
                                    merge_repeated=bool(merge_repeated), name=scope)
    n = int(top_paths)
    decoded = [SparseTensor(outs[i], outs[n + i], outs[2 * n + i]) for i in range(n)]
    return decoded, outs[-1]


@tf_export("nn.ctc_beam_search_decoder_v2")
def ctc_beam_search_decoder_v2(inputs, sequence_length, beam_width=100, top_paths=1):
    """ctc_beam_search_decoder without merging repeated labels (TF 2.x's tf.nn.ctc_beam_search_decoder)."""
    return ctc_beam_search_decoder(inputs, sequence_length=sequence_length, beam_width=beam_width,
                                   top_paths=top_paths, merge_repeated=False)


def _dim(tensor, i):
    from .array import shape

    value = tensor.shape.as_list()[i] if tensor.shape.ndims is not None else None
    return value if value is not None else shape(tensor)[i]


@tf_export("nn.collapse_repeated")
def collapse_repeated(labels, seq_length, name=None):
    """(labels with each run of a repeated label merged, zero-padded; their new lengths)."""
    from .array import concat, expand_dims, ones_like, reshape, shape
    from .array_index import scatter_nd, sequence_mask
    from .array_slicing import boolean_mask
    from .array_slicing import range as range_op
    from .math import cast, logical_and, not_equal
    from .reduction import reduce_max, reduce_sum

    with get_default_graph().name_scope(name or "collapse_repeated_labels"):
        labels = convert_to_tensor(labels, name="labels")
        seq_length = convert_to_tensor(seq_length, name="seq_length")
        label_mask = concat([ones_like(labels[:, :1], dtypes.bool), not_equal(labels[:, 1:], labels[:, :-1])], axis=1)
        label_mask = logical_and(label_mask, sequence_mask(seq_length, maxlen=_dim(labels, 1)))
        new_seq_len = reduce_sum(cast(label_mask, dtypes.int32), axis=1)
        new_maxlen = reduce_max(new_seq_len)
        idx_mask = reshape(sequence_mask(new_seq_len, maxlen=new_maxlen), [-1])
        idx = range_op(_dim(idx_mask, 0))
        flat = scatter_nd(indices=expand_dims(boolean_mask(idx, idx_mask), axis=1),
                          updates=boolean_mask(reshape(labels, [-1]), reshape(label_mask, [-1])),
                          shape=shape(idx_mask))
        return reshape(flat, [_dim(labels, 0), new_maxlen]), cast(new_seq_len, seq_length.dtype.base_dtype)


@tf_export("nn.ctc_unique_labels")
def ctc_unique_labels(labels, name=None):
    """(each row's unique labels in first-seen order, zero-padded, as int64; each label's index among them)."""
    from .array_transform import pad
    from .higher_order import map_fn
    from .math import cast
    from .segment import unique

    with get_default_graph().name_scope(name or "ctc_unique_labels"):
        labels = convert_to_tensor(labels, name="labels")

        def _unique(x):
            y, idx = unique(x)
            return [cast(pad(y, [[0, _dim(idx, 0) - _dim(y, 0)]]), dtypes.int64), idx]

        return map_fn(_unique, labels, dtype=[dtypes.int64, dtypes.int32])
