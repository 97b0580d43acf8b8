"""TF1 programs using the sparse ops (values, static shapes, gradients, TF's errors for bad input), run by
tools/record_sparse.py on TensorFlow and by tests/sparse/test_sparse_programs.py on sessionflow."""

import re

import numpy as np

from tests.sparse.sparse_programs import _plain, _shape


def _message(e) -> str:
    """An OpError's own message, without the node context TF adds around it."""
    message = e.message
    node = re.search(r"\nNode: '[^']*'\n", message)
    if node:
        message = message[node.end():]
    return message.split("\n\t [[")[0].strip()


def run_error(tf, build, feed=None):
    """What building then running `build()` raises: stage, type, message."""
    g = tf.Graph()
    with g.as_default():
        try:
            fetch = build()
        except (ValueError, TypeError) as e:
            return dict(stage="build", type=type(e).__name__, message=str(e))
        with tf.Session() as sess:
            try:
                sess.run(fetch, feed)
            except tf.errors.OpError as e:
                return dict(stage="run", type=type(e).__name__, message=_message(e))
    return dict(stage="none")


def _st(tf, indices, values, shape, dtype=None):
    values = np.asarray(values, dtype or np.float32)
    return tf.SparseTensor(np.asarray(indices, np.int64).reshape(-1, len(shape)), values, shape)


def _run(tf, fetches, feed=None):
    with tf.Session() as sess:
        return _plain(sess.run(fetches, feed))


def values(tf):
    """Each sparse op's result on a small input, with the static shapes it gives."""
    g = tf.Graph()
    out, shapes = {}, {}
    with g.as_default():
        a = _st(tf, [[0, 1], [1, 0], [1, 2], [3, 3]], [1.5, -2.0, 3.0, 0.5], [4, 4])
        b = _st(tf, [[0, 0], [1, 0], [2, 1], [3, 3]], [1.0, 2.0, -1.0, -0.5], [4, 4])
        unordered = _st(tf, [[2, 1], [0, 3], [1, 1], [0, 0]], [1.0, 2.0, 3.0, 4.0], [3, 4])
        dense = tf.constant(np.arange(16, dtype=np.float32).reshape(4, 4) - 5.0)
        r = {}
        r["to_dense"] = tf.sparse.to_dense(a)
        r["to_dense_default"] = tf.sparse_tensor_to_dense(a, default_value=-1.0)
        r["to_dense_unvalidated"] = tf.sparse.to_dense(unordered, validate_indices=False)
        r["to_dense_strings"] = tf.sparse.to_dense(tf.SparseTensor([[0, 1], [1, 0]], ["x", "yy"], [2, 2]))
        r["from_dense"] = tf.sparse.from_dense(tf.constant([[0, 3, 0], [-1, 0, 2]]))
        r["reorder"] = tf.sparse_reorder(unordered)
        r["reshape"] = tf.sparse_reshape(a, [2, -1])
        r["reshape_3d"] = tf.sparse_reshape(a, [2, 2, 4])
        r["transpose"] = tf.sparse_transpose(unordered)
        r["transpose_perm"] = tf.sparse.transpose(_st(tf, [[0, 1, 2], [1, 0, 1]], [1.0, 2.0], [2, 3, 4]), [1, 2, 0])
        r["expand_dims"] = tf.sparse.expand_dims(a, 1)
        r["expand_dims_last"] = tf.sparse.expand_dims(a)
        r["eye"] = tf.sparse.eye(3, 4)
        r["retain"] = tf.sparse_retain(a, [True, False, True, False])
        r["reset_shape"] = tf.sparse_reset_shape(_st(tf, [[0, 1], [2, 0]], [1.0, 2.0], [5, 6]))
        r["reset_shape_given"] = tf.sparse_reset_shape(a, [5, 6])
        filled, empty = tf.sparse_fill_empty_rows(_st(tf, [[0, 1], [2, 0], [2, 2], [4, 1]], [1.0, 2.0, 3.0, 4.0],
                                                      [6, 3]), -1.0)
        r["fill_empty_rows"], r["empty_rows"] = filled, empty
        r["fill_empty_rows_unordered"] = tf.sparse_fill_empty_rows(unordered, 9.0)[0]
        r["add"] = tf.sparse_add(a, b)
        r["add_threshold"] = tf.sparse.add(a, _st(tf, [[0, 1], [1, 2]], [-1.4, 1.0], [4, 4]), threshold=0.2)
        r["add_dense"] = tf.sparse_add(dense, a)
        # unordered operands: TF merges them as if ordered, and so does sessionflow
        other = _st(tf, [[0, 3], [2, 1], [0, 0]], [5.0, -1.0, 2.0], [3, 4])
        r["add_unordered"] = tf.sparse_add(unordered, other)
        r["maximum_unordered"] = tf.sparse_maximum(unordered, other)
        r["reduce_sum_unordered"] = tf.sparse_reduce_sum(unordered, 0)
        r["reduce_max_sparse_unordered"] = tf.sparse_reduce_max_sparse(unordered, 1)
        r["softmax_unordered"] = tf.sparse_softmax(unordered)
        r["maximum"] = tf.sparse_maximum(a, b)
        r["minimum"] = tf.sparse.minimum(a, b)
        r["concat0"] = tf.sparse_concat(0, [a, b])
        r["concat1"] = tf.sparse.concat(1, [unordered, _st(tf, [[0, 0], [2, 1]], [5.0, 6.0], [3, 2])])
        r["concat_expand"] = tf.sparse_concat(1, [a, _st(tf, [[5, 0]], [7.0], [6, 1])], expand_nonconcat_dim=True)
        r["slice"] = tf.sparse_slice(a, [1, 0], [2, 3])
        r["slice_past_end"] = tf.sparse.slice(a, [2, 2], [5, 5])
        r["split"] = tf.sparse_split(sp_input=a, num_split=3, axis=1)
        r["split_rows"] = tf.sparse.split(sp_input=unordered, num_split=2, axis=0)
        r["reduce_sum"] = tf.sparse_reduce_sum(a)
        r["reduce_sum_1"] = tf.sparse_reduce_sum(a, 1)
        r["reduce_sum_keep"] = tf.sparse.reduce_sum(a, axis=0, keepdims=True)
        r["reduce_sum_neg"] = tf.sparse_reduce_sum(a, -1, keep_dims=True)
        r["reduce_max"] = tf.sparse_reduce_max(a, 1)
        r["reduce_max_all"] = tf.sparse.reduce_max(b)
        r["reduce_sum_sparse"] = tf.sparse_reduce_sum_sparse(a, 1)
        r["reduce_max_sparse"] = tf.sparse.reduce_max_sparse(b, 0, keepdims=True)
        r["softmax"] = tf.sparse_softmax(a)
        r["softmax_3d"] = tf.sparse.softmax(_st(tf, [[0, 0, 1], [0, 0, 2], [1, 1, 0]], [1.0, 3.0, -2.0], [2, 2, 3]))
        r["matmul"] = tf.sparse_tensor_dense_matmul(a, dense)
        for adj_a in (False, True):
            for adj_b in (False, True):
                r[f"matmul_{adj_a:d}{adj_b:d}"] = tf.sparse.sparse_dense_matmul(
                    a, dense[:, :3] if not adj_b else tf.transpose(dense[:, :3]), adjoint_a=adj_a, adjoint_b=adj_b)
        r["matmul_dense_sparse"] = tf.sparse.matmul(dense, a)
        r["matmul_int"] = tf.sparse_tensor_dense_matmul(_st(tf, [[0, 1]], [3], [2, 2], np.int32),
                                                        tf.constant([[1, 2], [3, 4]]))
        r["mul"] = a * tf.constant([1.0, 2.0, 3.0, 4.0])
        r["div"] = a / tf.constant([[2.0], [4.0], [8.0], [1.0]])
        r["div_int"] = _st(tf, [[0, 1], [1, 0]], [7, -7], [2, 2], np.int32) / 2
        r["merge"] = tf.sparse_merge(_st(tf, [[0, 0], [0, 1], [1, 0]], [4, 1, 2], [2, 3], np.int64),
                                     _st(tf, [[0, 0], [0, 1], [1, 0]], [0.5, 1.5, 2.5], [2, 3]), 5)
        r["to_indicator"] = tf.sparse_to_indicator(_st(tf, [[0, 0], [0, 1], [2, 0]], [3, 1, 0], [3, 2], np.int64), 4)
        masked = tf.sparse_mask(tf.IndexedSlices(tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]),
                                                 tf.constant([4, 0, 2]), tf.constant([5, 2])), [0, 9])
        r["mask"] = [masked.values, masked.indices, masked.dense_shape]
        hyp = tf.SparseTensor([[0, 0, 0], [0, 0, 1], [1, 0, 0], [1, 1, 0]], ["a", "b", "c", "x"], [2, 2, 2])
        truth = tf.SparseTensor([[0, 0, 0], [0, 1, 0], [1, 0, 0], [1, 0, 1], [1, 1, 0]], ["a", "b", "c", "d", "x"],
                                [2, 2, 2])
        r["edit_distance"] = tf.edit_distance(hyp, truth)
        r["edit_distance_raw"] = tf.edit_distance(hyp, truth, normalize=False)
        # TF reads the indices as ordered without checking: unordered runs overwrite earlier results
        for k, (h_idx, t_idx) in enumerate([([[1, 0], [0, 0], [1, 1]], [[0, 0], [1, 0]]),
                                             ([[0, 1], [0, 0]], [[0, 0], [0, 1]]),
                                             ([[0, 0], [1, 0]], [[0, 0], [0, 1], [1, 0]])]):
            h = _st(tf, h_idx, np.arange(len(h_idx)) % 3, [2, 2], np.int32)
            t = _st(tf, t_idx, np.arange(len(t_idx)) % 2 + 1, [3, 2], np.int32)
            r[f"edit_distance_unordered_{k}"] = tf.edit_distance(h, t)
            r[f"edit_distance_unordered_raw_{k}"] = tf.edit_distance(h, t, normalize=False)
        r["sparse_matmul"] = tf.sparse_matmul(tf.constant([[1.0, 0.0], [0.0, 2.0]]), tf.constant([[0.5, 1.0],
                                                                                                 [2.0, 0.0]]),
                                              transpose_b=True, a_is_sparse=True)
        for name, t in r.items():
            if isinstance(t, tf.SparseTensor) or isinstance(t, tf.Tensor):
                shapes[name] = _shape(t.shape)
        out = _run(tf, r)
    return dict(values=out, shapes=shapes)


def embeddings(tf):
    """embedding_lookup_sparse's combiners with and without weights, safe_embedding_lookup_sparse with
    invalid ids, empty rows, a default id and rank-3 ids."""
    g = tf.Graph()
    with g.as_default():
        params = tf.constant(np.arange(24, dtype=np.float32).reshape(8, 3) / 4.0 - 2.0)
        shards = [params[:3], params[3:6], params[6:]]
        ids = _st(tf, [[0, 0], [0, 1], [0, 2], [2, 0], [3, 0], [3, 1]], [1, 5, 1, 7, 0, 2], [4, 3], np.int64)
        weights = _st(tf, [[0, 0], [0, 1], [0, 2], [2, 0], [3, 0], [3, 1]], [0.5, 2.0, 1.0, -1.0, 3.0, 0.0], [4, 3])
        r = {}
        for combiner in ("sum", "mean", "sqrtn"):
            r[f"{combiner}"] = tf.nn.embedding_lookup_sparse(params, ids, None, combiner=combiner)
            r[f"{combiner}_weighted"] = tf.nn.embedding_lookup_sparse(params, ids, weights, combiner=combiner)
            r[f"{combiner}_shards"] = tf.nn.embedding_lookup_sparse(shards, ids, None, combiner=combiner)
            r[f"{combiner}_shards_div"] = tf.nn.embedding_lookup_sparse(shards, ids, weights, combiner=combiner,
                                                                        partition_strategy="div")
        r["max_norm"] = tf.nn.embedding_lookup_sparse(params, ids, None, max_norm=2.0)
        r["max_norm_weighted"] = tf.nn.embedding_lookup_sparse(params, ids, weights, combiner="sum", max_norm=1.5)
        r["fast_lookup"] = tf.nn.embedding_lookup_sparse(params, ids, weights, allow_fast_lookup=True)
        bad = _st(tf, [[0, 0], [0, 1], [1, 0], [3, 0]], [2, -1, -3, 4], [4, 2], np.int64)
        bad_weights = _st(tf, [[0, 0], [0, 1], [1, 0], [3, 0]], [1.5, 1.0, 2.0, -1.0], [4, 2])
        r["safe"] = tf.nn.safe_embedding_lookup_sparse(params, bad)
        r["safe_weighted"] = tf.nn.safe_embedding_lookup_sparse(params, bad, bad_weights)
        r["safe_sum"] = tf.nn.safe_embedding_lookup_sparse(params, bad, bad_weights, combiner="sum")
        r["safe_default"] = tf.nn.safe_embedding_lookup_sparse(params, bad, default_id=6)
        r["safe_shards"] = tf.nn.safe_embedding_lookup_sparse(shards, bad, combiner="sqrtn")
        rank3 = _st(tf, [[0, 0, 0], [0, 1, 0], [0, 1, 1], [1, 0, 0]], [3, 1, 2, 5], [2, 2, 2], np.int64)
        r["safe_rank3"] = tf.nn.safe_embedding_lookup_sparse(params, rank3)
        shapes = {k: _shape(v.shape) for k, v in r.items()}
        return dict(values=_run(tf, r), shapes=shapes)


def gradients(tf):
    """tf.gradients through the differentiable sparse ops (sparse results read as dense)."""
    g = tf.Graph()
    with g.as_default():
        v = tf.constant([1.5, -2.0, 3.0, 0.5])
        w = tf.constant([1.0, 2.0, -1.0, -0.5])
        idx_a = np.array([[0, 1], [1, 0], [1, 2], [3, 3]], np.int64)
        idx_b = np.array([[0, 0], [1, 0], [2, 1], [3, 3]], np.int64)
        a = tf.SparseTensor(idx_a, v, [4, 4])
        b = tf.SparseTensor(idx_b, w, [4, 4])
        dense = tf.constant(np.arange(16, dtype=np.float32).reshape(4, 4) / 3.0 - 2.0)
        weight = tf.constant(np.linspace(-1.0, 2.0, 16, dtype=np.float32).reshape(4, 4))
        losses = {}
        for adj_a in (False, True):
            for adj_b in (False, True):
                losses[f"matmul_{adj_a:d}{adj_b:d}"] = tf.sparse_tensor_dense_matmul(
                    a, dense, adjoint_a=adj_a, adjoint_b=adj_b) * weight
        losses["dense_add"] = tf.sparse_add(dense, a) * weight
        losses["mul"] = (a * dense[0]).values * tf.constant([1.0, 2.0, 3.0, 4.0])
        losses["div"] = (a / (dense[:, :1] + 3.0)).values * tf.constant([1.0, 2.0, 3.0, 4.0])
        losses["sparse_add"] = tf.sparse.to_dense(tf.sparse_add(a, b)) * weight
        unordered_a = tf.SparseTensor(idx_a[[2, 0, 3, 1]], v, [4, 4])
        losses["sparse_add_unordered"] = tf.sparse_add(unordered_a, b).values * tf.range(1.0, 9.0)[:7]
        losses["reduce_sum"] = tf.sparse_reduce_sum(a, 1) * tf.constant([1.0, 2.0, 3.0, 4.0])
        losses["reduce_sum_keep"] = tf.sparse_reduce_sum(a, 0, keepdims=True) * tf.constant([[1.0, 2.0, 3.0, 4.0]])
        losses["softmax"] = tf.sparse_softmax(a).values * tf.constant([1.0, -2.0, 3.0, 0.5])
        losses["slice"] = tf.sparse_slice(a, [1, 0], [3, 3]).values * tf.constant([2.0, -1.0])
        losses["fill"] = tf.sparse_fill_empty_rows(tf.SparseTensor(idx_a, v, [6, 4]),
                                                   tf.constant(0.25) * w[0])[0].values
        losses["reorder"] = tf.sparse_reorder(tf.SparseTensor(idx_a[::-1].copy(), v, [4, 4])).values * \
            tf.constant([1.0, 2.0, 3.0, 4.0])
        losses["to_dense"] = tf.sparse.to_dense(a, default_value=w[1]) * weight
        out = {}
        for name, loss in losses.items():
            grads = tf.gradients(tf.reduce_sum(loss), [v, w, dense])
            out[name] = [tf.convert_to_tensor(gr) if gr is not None else tf.constant("none") for gr in grads]
        params = tf.constant(np.arange(24, dtype=np.float32).reshape(8, 3) / 4.0 - 2.0)
        ids = tf.SparseTensor(np.array([[0, 0], [0, 1], [2, 0], [3, 0], [3, 1]], np.int64),
                              tf.constant([1, 5, 7, 1, 2], tf.int64), [4, 2])
        sw = tf.SparseTensor(ids.indices, tf.constant([0.5, 2.0, -1.0, 3.0, 1.0]), ids.dense_shape)
        for combiner in ("sum", "mean", "sqrtn"):
            for weighted in (False, True):
                e = tf.nn.embedding_lookup_sparse(params, ids, sw if weighted else None, combiner=combiner)
                grads = tf.gradients(tf.reduce_sum(e * tf.constant([1.0, -1.0, 2.0])), [params, sw.values])
                out[f"embedding_{combiner}_{weighted:d}"] = [
                    tf.convert_to_tensor(gr) if gr is not None else tf.constant("none") for gr in grads]
        return _run(tf, out)


def errors(tf):
    """TF's errors for bad input: unordered and out-of-bounds indices, rank and shape mismatches."""
    out = {}
    out["to_dense_unordered"] = run_error(tf, lambda: tf.sparse.to_dense(_st(tf, [[1, 0], [0, 0]], [1, 2], [2, 2])))
    out["to_dense_repeated"] = run_error(tf, lambda: tf.sparse.to_dense(_st(tf, [[1, 0], [1, 0]], [1, 2], [2, 2])))
    out["to_dense_out_of_bounds"] = run_error(tf, lambda: tf.sparse.to_dense(_st(tf, [[0, 0], [2, 0]], [1, 2],
                                                                                 [2, 2])))
    out["matmul_inner"] = run_error(tf, lambda: tf.sparse_tensor_dense_matmul(
        _st(tf, [[0, 0]], [1], [2, 3]), tf.placeholder_with_default(np.ones((2, 2), np.float32), [None, None])))
    out["matmul_static_inner"] = run_error(tf, lambda: tf.sparse_tensor_dense_matmul(
        _st(tf, [[0, 0]], [1], [2, 3]), tf.ones([2, 2])))
    out["matmul_k_bounds"] = run_error(tf, lambda: tf.sparse_tensor_dense_matmul(
        _st(tf, [[0, 5]], [1], [2, 3]), tf.ones([3, 2])))
    out["matmul_m_bounds"] = run_error(tf, lambda: tf.sparse_tensor_dense_matmul(
        _st(tf, [[4, 1]], [1], [2, 3]), tf.ones([3, 2])))
    out["matmul_rank3"] = run_error(tf, lambda: tf.sparse_tensor_dense_matmul(
        _st(tf, [[0, 0, 0]], [1], [2, 3, 1]), tf.ones([3, 2])))
    out["matmul_dtype"] = run_error(tf, lambda: tf.sparse_tensor_dense_matmul(
        _st(tf, [[0, 0]], [1], [2, 3]), tf.ones([3, 2], tf.float64)))
    out["add_ranks"] = run_error(tf, lambda: tf.sparse_add(_st(tf, [[0, 0]], [1], [2, 3]),
                                                           _st(tf, [[0, 0, 0]], [1], [2, 3, 1])).values)
    out["add_shapes"] = run_error(tf, lambda: tf.sparse_add(
        _st(tf, [[0, 0]], [1], [2, 3]), tf.SparseTensor([[0, 0]], [1.0], tf.placeholder_with_default(
            np.array([2, 4], np.int64), [2]))).values)
    out["add_static_shapes"] = run_error(tf, lambda: tf.sparse_add(_st(tf, [[0, 0]], [1], [2, 3]),
                                                                   _st(tf, [[0, 0]], [1], [2, 4])).values)
    out["add_dense_shape"] = run_error(tf, lambda: tf.sparse_add(_st(tf, [[0, 0]], [1], [2, 3]), tf.ones([3, 3])))
    out["add_not_sparse"] = run_error(tf, lambda: tf.sparse_add(tf.ones([2]), tf.ones([2])))
    out["reshape_size"] = run_error(tf, lambda: tf.sparse_reshape(_st(tf, [[0, 0]], [1], [2, 3]), [4, 2]).indices)
    out["reshape_runtime_size"] = run_error(tf, lambda: tf.sparse_reshape(
        _st(tf, [[0, 0]], [1], [2, 3]), tf.placeholder_with_default(np.array([4, 2], np.int64), [2])).indices)
    out["reshape_two_unknown"] = run_error(tf, lambda: tf.sparse_reshape(_st(tf, [[0, 0]], [1], [2, 3]),
                                                                         [-1, -1]).indices)
    out["reshape_runtime_multiple"] = run_error(tf, lambda: tf.sparse_reshape(
        _st(tf, [[0, 0]], [1], [2, 3]), tf.placeholder_with_default(np.array([4, -1], np.int64), [2])).indices)
    out["concat_shapes"] = run_error(tf, lambda: tf.sparse_concat(1, [_st(tf, [[0, 0]], [1], [2, 3]),
                                                                      _st(tf, [[0, 0]], [1], [3, 3])]).indices)
    unknown_rank = lambda: tf.SparseTensor([[0, 0]], [1.0], tf.placeholder_with_default(
        np.array([2, 3], np.int64), [None]))
    out["concat_axis"] = run_error(tf, lambda: tf.sparse_concat(2, [unknown_rank(), unknown_rank()]).indices)
    out["split_too_many"] = run_error(tf, lambda: tf.sparse_split(sp_input=_st(tf, [[0, 0]], [1], [2, 3]),
                                                                  num_split=3, axis=0)[0].indices)
    out["split_axis"] = run_error(tf, lambda: tf.sparse_split(sp_input=_st(tf, [[0, 0]], [1], [2, 3]),
                                                              num_split=1, axis=2)[0].indices)
    out["split_positional"] = run_error(tf, lambda: tf.sparse_split(1, _st(tf, [[0, 0]], [1], [2, 3]), 1))
    out["slice_length"] = run_error(tf, lambda: tf.sparse_slice(_st(tf, [[0, 0]], [1], [2, 3]), [0], [1, 1]).indices)
    out["softmax_rank1"] = run_error(tf, lambda: tf.sparse_softmax(_st(tf, [[0]], [1], [3])).values)
    out["reduce_axis"] = run_error(tf, lambda: tf.sparse_reduce_sum(_st(tf, [[0, 0]], [1], [2, 3]), 2))
    out["reduce_runtime_axis"] = run_error(tf, lambda: tf.sparse_reduce_sum(
        _st(tf, [[0, 0]], [1], [2, 3]), tf.placeholder_with_default(5, [])))
    out["cwise_broadcast"] = run_error(tf, lambda: (_st(tf, [[0, 0]], [1], [2, 3]) * tf.ones([4])).values)
    out["cwise_bounds"] = run_error(tf, lambda: (_st(tf, [[0, 7]], [1], [2, 3]) * tf.ones([3])).values)
    out["fill_row_bounds"] = run_error(tf, lambda: tf.sparse_fill_empty_rows(_st(tf, [[0, 0], [5, 0]], [1, 2],
                                                                                 [2, 3]), 0.0)[0].values)
    out["dense_add_bounds"] = run_error(tf, lambda: tf.sparse_add(tf.ones([2, 3]), _st(tf, [[1, 4]], [1], [2, 3])))
    out["edit_distance_unordered"] = run_error(tf, lambda: tf.edit_distance(
        _st(tf, [[1, 0], [0, 0]], [1, 2], [2, 2]), _st(tf, [[0, 0]], [1], [2, 2])))
    out["edit_distance_out_of_bounds"] = run_error(tf, lambda: tf.edit_distance(
        _st(tf, [[3, 0]], [1], [2, 2]), _st(tf, [[0, 0]], [1], [2, 2])))
    out["edit_distance_rank"] = run_error(tf, lambda: tf.edit_distance(
        _st(tf, [[1, 0, 0]], [1], [2, 2, 1]), tf.SparseTensor([[0, 0]], [1.0], tf.placeholder_with_default(
            np.array([2, 2], np.int64), [2]))))
    out["edit_distance_type"] = run_error(tf, lambda: tf.edit_distance(tf.ones([2]), _st(tf, [[0, 0]], [1], [2, 2])))
    out["not_sparse"] = run_error(tf, lambda: tf.sparse_reorder(tf.ones([2])))
    out["maximum_shapes"] = run_error(tf, lambda: tf.sparse_maximum(
        _st(tf, [[0, 0]], [1], [2, 3]), tf.SparseTensor([[0, 0]], [1.0], tf.placeholder_with_default(
            np.array([2, 4], np.int64), [2]))).values)
    out["embedding_combiner"] = run_error(tf, lambda: tf.nn.embedding_lookup_sparse(
        tf.ones([3, 2]), _st(tf, [[0, 0]], [1], [2, 2], np.int64), None, combiner="max"))
    out["embedding_ids_type"] = run_error(tf, lambda: tf.nn.embedding_lookup_sparse(tf.ones([3, 2]), [1, 2], None))
    out["reset_shape_smaller"] = run_error(tf, lambda: tf.sparse_reset_shape(_st(tf, [[0, 0]], [1], [2, 3]),
                                                                             [1, 3]).dense_shape)
    out["retain_length"] = run_error(tf, lambda: tf.sparse_retain(_st(tf, [[0, 0], [1, 1]], [1, 2], [2, 3]),
                                                                  [True]).values)
    return out


def gradient_errors(tf):
    """The sparse ops TF gives no gradient: the error tf.gradients raises through them. (SparseSparseMaximum's
    gradient function fails in TF 2.21 with a TypeError about its own arguments, so it is not compared; ours
    raises the NotImplementedError TF means to.)"""
    def attempt(build):
        g = tf.Graph()
        with g.as_default():
            v = tf.constant([1.0, 2.0])
            try:
                grads = tf.gradients(build(v), v)
            except (LookupError, NotImplementedError, TypeError, ValueError) as e:
                return dict(type=type(e).__name__, message=str(e))
            return dict(type="none", none=grads[0] is None)

    sp = lambda tf, v: tf.SparseTensor(np.array([[0, 0], [1, 1]], np.int64), v, [2, 2])
    return dict(
        reduce_max=attempt(lambda v: tf.sparse_reduce_max(sp(tf, v), 1)),
        concat=attempt(lambda v: tf.sparse_concat(0, [sp(tf, v), sp(tf, v)]).values),
        reduce_sum_sparse=attempt(lambda v: tf.sparse_reduce_sum_sparse(sp(tf, v), 1).values),
    )




def node_defs(tf):
    """The NodeDef of each sparse op type in a small graph: its number of inputs and its attr names, so a
    GraphDef written by sessionflow imports into TensorFlow."""
    g = tf.Graph()
    with g.as_default():
        sp = tf.sparse_placeholder(tf.float32, name="sp")
        ids = tf.sparse_placeholder(tf.int64, name="ids")
        tf.sparse_tensor_dense_matmul(sp, tf.ones([4, 2]))
        tf.sparse_reduce_sum(tf.sparse_reorder(sp), 1)
        tf.sparse_reduce_max(sp, 1)
        tf.sparse_reduce_sum_sparse(sp, 1)
        tf.sparse_reduce_max_sparse(sp, 1)
        tf.sparse_concat(0, [sp, sp])
        tf.sparse_split(sp_input=sp, num_split=2, axis=1)
        tf.edit_distance(sp, sp)
        tf.sparse_reshape(sp, [-1])
        tf.sparse.to_dense(sp)
        tf.sparse_add(tf.ones([3, 4]), sp)
        tf.sparse_maximum(sp, sp)
        tf.sparse_minimum(sp, sp)
        tf.sparse_matmul(tf.ones([2, 2]), tf.ones([2, 2]))
        tf.deserialize_many_sparse(tf.serialize_many_sparse(sp), tf.float32)
        tf.serialize_sparse(sp)
        tf.sparse.cross([ids, tf.constant([["a"], ["b"]])])
        tf.sparse.cross_hashed([ids, tf.constant([[1], [2]])], num_buckets=5)
        loss = (tf.reduce_sum(tf.sparse_tensor_dense_matmul(sp, tf.ones([4, 2])))
                + tf.reduce_sum(tf.sparse_slice(sp, [0, 0], [2, 2]).values)
                + tf.reduce_sum(tf.sparse_add(sp, sp).values)
                + tf.reduce_sum(tf.sparse_fill_empty_rows(sp, 1.0)[0].values)
                + tf.reduce_sum(tf.sparse_softmax(sp).values)
                + tf.reduce_sum((sp * tf.ones([4])).values) + tf.reduce_sum((sp / tf.ones([4])).values)
                + tf.reduce_sum(tf.nn.embedding_lookup_sparse(tf.ones([5, 2]), ids, None)))
        tf.gradients(loss, [sp.values])
    nodes = {}
    for node in g.as_graph_def().node:
        if node.op.startswith(("Sparse", "EditDistance", "Serialize", "Deserialize")) and node.op not in nodes:
            nodes[node.op] = dict(inputs=len(node.input), attrs=sorted(a for a in node.attr if not a.startswith("_")))
    return nodes


def serialization(tf):
    """serialize_sparse / serialize_many_sparse bytes (base64) and deserialize_many_sparse round trips, with
    TF's errors for mismatched dtypes, ranks and unparsable strings."""
    import base64

    def b64(array):
        return [base64.b64encode(x).decode() for x in np.asarray(array, dtype=object).reshape(-1)]

    g = tf.Graph()
    with g.as_default():
        st = _st(tf, [[0, 1], [2, 0], [2, 3]], [1.5, 2.0, -1.0], [4, 5])
        strings = tf.SparseTensor([[0, 1], [2, 0], [2, 1]], ["ab", "", "c" * 200], [3, 2])
        ints = _st(tf, [[0, 0, 1], [1, 1, 0]], [7, -3], [2, 2, 2], np.int64)
        one, many, many_str = tf.serialize_sparse(st), tf.serialize_many_sparse(st), tf.serialize_many_sparse(strings)
        many_int = tf.io.serialize_many_sparse(ints)
        back = tf.deserialize_many_sparse(many, tf.float32)
        back_str = tf.io.deserialize_many_sparse(many_str, tf.string, rank=2)
        back_int = tf.deserialize_many_sparse(many_int, tf.int64, rank=3)
        mixed = tf.deserialize_many_sparse(tf.stack([tf.serialize_sparse(_st(tf, [[0, 2]], [1.0], [1, 3])),
                                                     tf.serialize_sparse(_st(tf, [[4, 0]], [2.0], [5, 1]))]),
                                           tf.float32)
        shapes = dict(one=_shape(one.shape), many=_shape(many.shape), back=_shape(back.shape),
                      back_indices=_shape(back.indices.shape), back_str=_shape(back_str.shape),
                      back_str_indices=_shape(back_str.indices.shape), back_int=_shape(back_int.dense_shape.shape))
        with tf.Session() as sess:
            r = sess.run(dict(one=one, many=many, many_str=many_str, many_int=many_int))
            out = {k: b64(v) for k, v in r.items()}
            out.update(_plain(sess.run(dict(back=back, back_str=back_str, back_int=back_int, mixed=mixed))))
    out["shapes"] = shapes
    out["wrong_dtype"] = run_error(tf, lambda: tf.deserialize_many_sparse(
        tf.serialize_many_sparse(_st(tf, [[0, 0]], [1], [1, 1])), tf.int32).values)
    out["mixed_dtypes"] = run_error(tf, lambda: tf.deserialize_many_sparse(tf.stack([
        tf.serialize_sparse(_st(tf, [[0, 0]], [1], [1, 1])),
        tf.serialize_sparse(tf.SparseTensor([[0, 0]], ["a"], [1, 1]))]), tf.float32).values)
    out["mixed_ranks"] = run_error(tf, lambda: tf.deserialize_many_sparse(tf.stack([
        tf.serialize_sparse(_st(tf, [[0, 0]], [1], [1, 1])),
        tf.serialize_sparse(_st(tf, [[0, 0, 0]], [1], [1, 1, 1]))]), tf.float32).values)
    out["unparsable"] = run_error(tf, lambda: tf.deserialize_many_sparse(tf.constant([["a", "b", "c"]]),
                                                                         tf.int32).values)
    out["unordered"] = run_error(tf, lambda: tf.serialize_many_sparse(_st(tf, [[2, 1], [0, 0]], [1, 2], [3, 2])))
    out["rank_one"] = run_error(tf, lambda: tf.serialize_many_sparse(_st(tf, [[2]], [1], [3])))
    out["vector_input"] = run_error(tf, lambda: tf.deserialize_many_sparse(tf.constant(["a", "b", "c"]),
                                                                           tf.int32).values)
    return out


def sets(tf):
    """tf.sets over dense and sparse groups: values, static shapes, and TF's errors."""
    g = tf.Graph()
    with g.as_default():
        a = tf.constant([[[1, 2], [3, 3]], [[5, 6], [7, 8]]])
        b = tf.constant([[[2, 9], [3, 4]], [[6, 5], [1, 1]]])
        sb = _st(tf, [[0, 0, 0], [0, 1, 0], [0, 1, 1], [1, 1, 0]], [2, 3, 4, 7], [2, 2, 2], np.int32)
        sa = _st(tf, [[0, 0, 0], [0, 0, 1], [1, 0, 0]], [1, 1, 5], [2, 2, 2], np.int32)
        r = dict(i=tf.sets.set_intersection(a, b), u=tf.sets.union(a, b), d=tf.sets.difference(a, b),
                 d2=tf.sets.set_difference(a, b, aminusb=False), ids=tf.sets.intersection(a, sb),
                 uds=tf.sets.union(sb, a), dds=tf.sets.difference(sb, a), dsd=tf.sets.set_difference(a, sb),
                 iss=tf.sets.intersection(sa, sb), uss=tf.sets.set_union(sa, sb), dss=tf.sets.difference(sa, sb),
                 size=tf.sets.set_size(sb), size2=tf.sets.size(sa),
                 strings=tf.sets.union(tf.constant([["a", "b"], ["c", "c"]]), tf.constant([["b", "z"], ["c", "d"]])),
                 int64=tf.sets.intersection(tf.constant([[4, 1, 4]], tf.int64), tf.constant([[4, 4, 2]], tf.int64)))
        shapes = {k: _shape(v.shape) for k, v in r.items()}
        shapes.update({k + "_indices": _shape(v.indices.shape) for k, v in r.items() if hasattr(v, "indices")})
        out = dict(values=_run(tf, r), shapes=shapes)
    float_error = run_error(tf, lambda: tf.sets.union(tf.constant([1.0]), tf.constant([2.0])))
    out["float"] = [float_error["type"], float_error["message"].split(" not in ")[0]]
    out["sparse_dense_size"] = run_error(tf, lambda: tf.sets.size(tf.constant([[1, 2]])))
    out["types"] = run_error(tf, lambda: tf.sets.union(tf.constant([[1]]), tf.constant([[2]], tf.int64)).values)
    out["unordered_size"] = run_error(tf, lambda: tf.sets.size(_st(tf, [[1, 0], [0, 0]], [1, 2], [2, 2], np.int32)))
    out["unordered"] = run_error(tf, lambda: tf.sets.union(_st(tf, [[1, 0], [0, 0]], [1, 2], [2, 2], np.int32),
                                                           tf.constant([[1], [2]])).values)
    out["rank"] = run_error(tf, lambda: tf.sets.union(tf.ones([2, 2, 2], tf.int32), tf.constant([[1]])).values)
    out["prefix"] = run_error(tf, lambda: tf.sets.union(tf.constant([[1, 2]]), tf.constant([[1], [2]])).values)
    out["scalar"] = run_error(tf, lambda: tf.sets.union(tf.constant(1), tf.constant(2)).values)
    out["runtime_groups"] = run_error(tf, lambda: tf.sets.union(
        tf.placeholder_with_default([[1, 2]], [None, None]),
        tf.placeholder_with_default([[1], [2]], [None, None])).values)
    out["sparse_groups"] = run_error(tf, lambda: tf.sets.union(_st(tf, [[0, 0]], [1], [2, 2], np.int32),
                                                               _st(tf, [[0, 0]], [1], [3, 2], np.int32)).values)
    return out


def _map_functions(tf):
    """TF's private sparse_ops helpers that keep SparseTensors in a map (sessionflow.ops.sparse_maps here)."""
    if tf.__name__.startswith("tensorflow"):
        from tensorflow.python.ops import sparse_ops as module

        return (module._add_sparse_to_tensors_map, module._add_many_sparse_to_tensors_map,
                module._take_many_sparse_from_tensors_map)
    from sessionflow.ops import sparse_maps as module

    return (module.add_sparse_to_tensors_map, module.add_many_sparse_to_tensors_map,
            module.take_many_sparse_from_tensors_map)


def sparse_maps(tf):
    """SparseTensors stored as int64 handles (TF's way through queues) and taken back: handle numbering,
    stacking, removal on take, a trip through a FIFOQueue, and TF's errors."""
    add, add_many, take = _map_functions(tf)
    g = tf.Graph()
    with g.as_default():
        st = _st(tf, [[0, 1], [2, 0], [2, 3]], [1.5, 2.0, -1.0], [4, 5])
        one, many = add(st), add_many(st)
        taken = take(many.op, many, rank=2)
        shared = [add(_st(tf, [[0], [3]], [7.0, 8.0], [5]), shared_name="m"), add(_st(tf, [[1]], [9.0], [3]),
                                                                                   shared_name="m")]
        taken_shared = take(shared[0].op, tf.stack(shared))
        queue = tf.FIFOQueue(10, [tf.int64], shapes=[[]])
        sp = tf.sparse_placeholder(tf.string, shape=[None, 3])
        handles = add_many(sp, shared_name="queue_map")
        enqueue = queue.enqueue_many([handles])
        dequeued = take(handles.op, queue.dequeue_many(3), rank=2)
        out = dict(shapes=[_shape(one.shape), _shape(many.shape), _shape(taken.indices.shape),
                           _shape(taken.dense_shape.shape), _shape(taken.shape), _shape(taken_shared.shape)])
        with tf.Session() as sess:
            out["handles"] = [_plain(sess.run([one, many])) for _ in range(2)]
            out["taken"] = _plain(sess.run(taken))
            try:
                sess.run(taken, {many: [1, 2, 99, 3]})
            except tf.errors.OpError as e:
                out["missing"] = [type(e).__name__, _message(e)]
            try:
                sess.run(taken, {many: [3]})
            except tf.errors.OpError as e:
                out["taken_before_missing"] = [type(e).__name__, _message(e)]
            out["shared"] = _plain(sess.run(taken_shared))
            sess.run(enqueue, {sp: ([[0, 0], [1, 2], [3, 1]], ["a", "bc", "d"], [4, 3])})
            out["through_queue"] = _plain(sess.run(dequeued))
    out["unordered"] = run_error(tf, lambda: add_many(_st(tf, [[2, 1], [0, 0]], [1, 2], [3, 2])))
    out["rank_one"] = run_error(tf, lambda: add_many(_st(tf, [[2]], [1], [3])))
    out["not_a_map"] = run_error(tf, lambda: take(tf.no_op(), tf.constant([0], tf.int64)))
    return out


def crosses(tf):
    """tf.sparse.cross (strings, a separator, integer features) and cross_hashed (TF's fingerprints, buckets,
    a hash key), sparse inputs crossed before dense ones."""
    g = tf.Graph()
    with g.as_default():
        a = tf.SparseTensor([[0, 0], [1, 0], [1, 1]], ["a", "b", "c"], [2, 2])
        b = _st(tf, [[0, 0], [1, 0], [1, 1]], [4, 5, 6], [2, 3], np.int64)
        small = _st(tf, [[0, 0], [1, 0], [1, 1]], [4, -5, 6], [2, 3], np.int32)
        empty_row = tf.SparseTensor([[1, 0]], ["z"], [2, 1])
        d, di = tf.constant([["f"], ["g"]]), tf.constant([[7, 8], [9, 10]])
        r = dict(c1=tf.sparse.cross([a, b, d]), c2=tf.sparse.cross([d, a], separator="#"), c3=tf.sparse.cross([b, di]),
                 c4=tf.sparse.cross([a, empty_row]),
                 h1=tf.sparse.cross_hashed([a, b, d]), h2=tf.sparse.cross_hashed([a, d], num_buckets=100),
                 h3=tf.sparse.cross_hashed([b, di], hash_key=5), h4=tf.sparse.cross_hashed([a], num_buckets=10),
                 h5=tf.sparse.cross_hashed([small, empty_row], num_buckets=1000))
        out = dict(values=_run(tf, r), shapes={k: _shape(v.shape) for k, v in r.items()})
    out["not_list"] = run_error(tf, lambda: tf.sparse.cross(tf.constant([["a"]])))
    out["not_tensor"] = run_error(tf, lambda: tf.sparse.cross([[["a"]]]))
    return out


def bincount(tf):
    """tf.sparse.bincount of dense and sparse values: over everything or per row, weights, minlength,
    maxlength, binary output, and TF's errors."""
    g = tf.Graph()
    with g.as_default():
        v = tf.constant([[1, 3, 3], [2, 0, 3]], tf.int64)
        sp = _st(tf, [[0, 0], [0, 2], [1, 1]], [4, 4, 1], [2, 3], np.int64)
        w = tf.constant([[0.5, 1.0, 2.0], [1.0, 1.0, 1.0]])
        sw = tf.SparseTensor(sp.indices, [0.25, 2.0, 3.0], sp.dense_shape)
        r = dict(a=tf.sparse.bincount(v), b=tf.sparse.bincount(v, axis=-1), c=tf.sparse.bincount(v, weights=w, axis=-1),
                 d=tf.sparse.bincount(v, minlength=6), e=tf.sparse.bincount(v, maxlength=3, axis=-1),
                 f=tf.sparse.bincount(sp), g=tf.sparse.bincount(sp, axis=-1, binary_output=True),
                 h=tf.sparse.bincount(tf.constant([1, 1, 2])),
                 i=tf.sparse.bincount(tf.constant([[1, 1, 2]]), axis=-1, minlength=2),
                 j=tf.sparse.bincount(sp, weights=sw, axis=-1), k=tf.sparse.bincount(sp, weights=sw))
        out = dict(values=_run(tf, r), shapes={k: [_shape(x.shape), _shape(x.indices.shape), x.values.dtype.name]
                                               for k, x in r.items()})
    out["axis"] = run_error(tf, lambda: tf.sparse.bincount(tf.constant([1]), axis=1))
    out["exclusive"] = run_error(tf, lambda: tf.sparse.bincount(tf.constant([1]), weights=[1.0], binary_output=True))
    out["negative"] = run_error(tf, lambda: tf.sparse.bincount(tf.constant([-1, 2])).values)
    out["float"] = run_error(tf, lambda: tf.sparse.bincount(tf.constant([1.5])))
    return out


PROGRAMS = dict(op_values=values, op_embeddings=embeddings, op_gradients=gradients, op_errors=errors,
                op_gradient_errors=gradient_errors, node_defs=node_defs, serialization=serialization,
                sets=sets, sparse_maps=sparse_maps, crosses=crosses, bincount=bincount)
