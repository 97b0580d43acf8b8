"""TF1 programs using tf.SparseTensor and the sparse ops, run both by tools/record_sparse.py (on TensorFlow)
and by tests/sparse/test_sparse_programs.py (on sessionflow). Each program takes the `tf` module and returns
a dict of plain values (lists, numbers, strings)."""

import re

import numpy as np


def _plain(value):
    """A fetched value as JSON: SparseTensorValues as dicts, arrays as lists (bytes as text)."""
    if hasattr(value, "_fields") and hasattr(value, "dense_shape"):
        return dict(kind=type(value).__name__, **{f: _plain(getattr(value, f)) for f in value._fields})
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "OS":
            return _plain(value.tolist())
        return dict(dtype=str(value.dtype), value=value.tolist())
    if isinstance(value, np.generic):
        return dict(dtype=str(value.dtype), value=value.item())
    return value


def _shape(shape):
    return None if shape.ndims is None else shape.as_list()


def _strip_name(message: str) -> str:
    """TF's runtime messages without the node context that differs between TF's versions."""
    return re.sub(r"\s*\[\[.*", "", message).strip()


def error(tf, build, feed=None):
    """What building then running `build()` raises: (stage, type, message)."""
    g = tf.Graph()
    with g.as_default():
        try:
            fetch = build()
        except (ValueError, TypeError, RuntimeError) as e:
            return dict(stage="build", type=type(e).__name__, message=str(e))
        with tf.Session() as sess:
            try:
                sess.run(fetch, feed(fetch) if feed else None)
            except tf.errors.OpError as e:
                lines = [line for line in e.message.split("\n") if line and line[0] not in " \t[\""]
                return dict(stage="run", type=type(e).__name__, message=_strip_name(lines[-1]))
            except (ValueError, TypeError) as e:
                return dict(stage="feed", type=type(e).__name__, message=str(e))
    return dict(stage="none")


def sparse_tensor_basics(tf):
    """SparseTensor construction, names, static shapes, fetching in structures, eval."""
    g = tf.Graph()
    out = {}
    with g.as_default():
        s = tf.SparseTensor([[0, 0], [1, 2]], [1.0, 2.0], [3, 4])
        out["names"] = [s.indices.name, s.values.name, s.dense_shape.name, s.op.name]
        out["dtypes"] = [s.indices.dtype.name, s.values.dtype.name, s.dense_shape.dtype.name, s.dtype.name]
        out["shape"] = _shape(s.get_shape())
        out["component_shapes"] = [_shape(s.indices.shape), _shape(s.values.shape), _shape(s.dense_shape.shape)]
        v = tf.SparseTensorValue([[0, 1]], [7], [2, 2])
        c = tf.convert_to_tensor_or_sparse_tensor(v)
        out["from_value"] = [type(c).__name__, c.values.dtype.name, c.indices.name, _shape(c.shape)]
        out["same"] = tf.convert_to_tensor_or_sparse_tensor(s) is s
        x = tf.placeholder(tf.int64, [2])
        out["shape_from_placeholder"] = _shape(tf.SparseTensor([[0, 0]], [1], x).get_shape())
        u = tf.placeholder(tf.int64, None)
        out["shape_from_unknown"] = _shape(tf.SparseTensor([[0, 0]], [1], u).get_shape())
        out["shape_with_minus_one"] = _shape(tf.SparseTensor([[0, 0]], [1], tf.constant([-1, 5], tf.int64)).shape)
        out["isinstance"] = [isinstance(s, tf.SparseTensor), isinstance(v, tf.SparseTensorValue),
                             isinstance(v, tuple), tf.sparse.SparseTensor is tf.SparseTensor]
        out["consumers_before"] = len(s.consumers())
        doubled = s.values * 2.0
        out["consumers_after"] = [op.name for op in s.consumers()]
        with tf.Session() as sess:
            out["fetch"] = _plain(sess.run(s))
            out["fetch_structure"] = _plain(sess.run({"a": [s, doubled], "b": (s.values, c)}))
            out["eval"] = _plain(s.eval())
    return out


def sparse_placeholders(tf):
    """sparse_placeholder's names and shapes, and feeding it a SparseTensorValue, a tuple or its parts."""
    g = tf.Graph()
    out = {}
    with g.as_default():
        p = tf.sparse_placeholder(tf.float32)
        named = tf.sparse_placeholder(tf.float32, shape=[3, 4], name="sp")
        partial = tf.sparse_placeholder(tf.int64, shape=[None, 4])
        from_tensor = tf.sparse_placeholder(tf.float32, shape=tf.constant([2, 3], tf.int64))
        unknown = tf.sparse_placeholder(tf.float32, shape=[None, None], name="q")
        for key, sp in dict(p=p, named=named, partial=partial, from_tensor=from_tensor, unknown=unknown).items():
            out[key] = dict(names=[sp.indices.name, sp.values.name, sp.dense_shape.name],
                            types=[sp.indices.op.type, sp.values.op.type, sp.dense_shape.op.type],
                            shapes=[_shape(sp.indices.shape), _shape(sp.values.shape), _shape(sp.dense_shape.shape)],
                            shape=_shape(sp.shape))
        out["ops"] = [[op.name, op.type] for op in g.get_operations()]
        with tf.Session() as sess:
            out["feed_tuple"] = _plain(sess.run(p, {p: ([[0, 1]], [5.0], [2, 2])}))
            out["feed_value"] = _plain(sess.run([p.values, p], {p: tf.SparseTensorValue([[0, 1], [1, 1]], [5.0, 6.0],
                                                                                          [2, 3])}))
            out["feed_parts"] = _plain(sess.run(p, {p.values: [3.0], p.indices: [[1, 1]], p.dense_shape: [2, 2]}))
            out["default_shape"] = _plain(sess.run(named, {named: ([[0, 1]], [5.0], [3, 4])}))
            out["default_shape_not_fed"] = _plain(sess.run(named, {named.indices: [[2, 3]], named.values: [1.5]}))
    return out


def basic_errors(tf):
    out = {}
    out["convert_to_tensor"] = error(tf, lambda: tf.convert_to_tensor(tf.SparseTensor([[0]], [1.0], [2])))
    out["dense_op"] = error(tf, lambda: tf.add(tf.SparseTensor([[0]], [1.0], [2]), 1.0))
    out["float_shape"] = error(tf, lambda: tf.SparseTensor([[0, 0], [1, 2]], [1.0, 2.0], [3, 4.5]))
    out["indices_rank"] = error(tf, lambda: tf.SparseTensor([0, 1], [1.0, 2.0], [3]))
    out["values_rank"] = error(tf, lambda: tf.SparseTensor([[0, 0]], [[1.0, 2.0]], [3, 4]))
    out["count_mismatch"] = error(tf, lambda: tf.SparseTensor([[0, 0], [1, 1]], [1.0, 2.0, 3.0], [3, 4]))
    out["rank_mismatch"] = error(tf, lambda: tf.SparseTensor([[0, 0], [1, 1]], [1.0, 2.0], [3, 4, 5]))
    out["from_value_type"] = error(tf, lambda: tf.SparseTensor.from_value([1, 2]))
    out["dtype_mismatch"] = error(tf, lambda: tf.convert_to_tensor_or_sparse_tensor(
        tf.SparseTensor([[0]], [1.0], [2]), dtype=tf.int32))

    def feed_scalar(sp):
        return {sp: [1.0]}

    out["feed_too_few"] = error(tf, lambda: tf.sparse_placeholder(tf.float32), feed_scalar)
    out["feed_pair"] = error(tf, lambda: tf.sparse_placeholder(tf.float32), lambda sp: {sp: ([[0, 1]], [1.0])})
    return out


def sparse_tensor_spec(tf):
    """tf.SparseTensorSpec: shape, dtype, equality, compatibility, from_value, the common supertype."""
    g = tf.Graph()
    with g.as_default():
        s = tf.SparseTensorSpec([None, 3], tf.float32)
        same, other = tf.SparseTensorSpec([None, 3], tf.float32), tf.SparseTensorSpec([2, 3], tf.float32)
        st = tf.SparseTensor([[0, 0]], [1.0], [2, 3])
        from_value = tf.SparseTensorSpec.from_value(st)
        common = s.most_specific_compatible_type(other)
        unknown = tf.SparseTensorSpec()
        return dict(shape=_shape(s.shape), dtype=s.dtype.name, value_type=s.value_type is tf.SparseTensor,
                    equal=[s == same, s == other, s != other, hash(s) == hash(same),
                           unknown == tf.SparseTensorSpec()],
                    compatible=[s.is_compatible_with(other), s.is_compatible_with(tf.SparseTensorSpec([2, 3],
                                                                                                     tf.int32)),
                                s.is_compatible_with(st), other.is_compatible_with(s)],
                    from_value=[_shape(from_value.shape), from_value.dtype.name],
                    common=[_shape(common.shape), common.dtype.name],
                    unknown=[_shape(unknown.shape), unknown.dtype.name])


PROGRAMS = dict(sparse_tensor_basics=sparse_tensor_basics, sparse_placeholders=sparse_placeholders,
                basic_errors=basic_errors, sparse_tensor_spec=sparse_tensor_spec)
