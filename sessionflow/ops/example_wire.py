"""A vectorised reader of serialized tf.train.Example protos, for ParseExampleV2 over large batches.

Protobuf's wire format is read for all records at once with NumPy: every varint, tag and length of the batch is
decoded by array operations, one step per nesting level and per feature (not per record). It accepts the
layout every protobuf runtime writes (one `features` field, map entries as key then value, packed float and
int64 lists) and returns None for anything else: another layout, a malformed or truncated record, a missing
required feature, a wrong type or count, a key given twice. The caller then takes example_decode's
per-record path, which raises TF's errors, so this reader never has to word one.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes

_KIND_OF = {dtypes.string: 1, dtypes.float32: 2, dtypes.int64: 3}


def _nz(mask) -> bool:
    """Whether any element of the array is nonzero."""
    return _count(mask) != 0


def _every(mask) -> bool:
    return _count(mask) == mask.size


try:  # the C function itself, without NumPy's Python-level dispatch (a third of this reader's calls)
    from numpy._core.multiarray import count_nonzero as _count
except ImportError:  # pragma: no cover - other NumPy layouts
    _count = np.count_nonzero


class _Bail(Exception):
    """The batch is not in the layout this reader handles."""


def _varint(buf: np.ndarray, pos: np.ndarray, end: np.ndarray):
    """The varints (tags, lengths: below 2**56) starting at `pos`, each ending before `end`: (values as int64,
    positions after them)."""
    if not len(pos):
        return pos.copy(), pos
    if _nz(pos >= end):
        raise _Bail
    value = buf[pos].astype(np.int64)
    more = value >= 0x80
    if not _nz(more):  # the common case: lengths and tags below 128
        return value, pos + 1
    value &= 0x7F
    cur = pos + 1
    second = buf[np.minimum(cur, len(buf) - 1)].astype(np.int64)
    if not _nz(more & (second >= 0x80)) and not _nz(more & (cur >= end)):  # below 16384: two bytes at most
        return value + np.where(more, second << 7, 0), cur + more
    last = len(buf) - 1
    for k in range(1, 8):
        if _nz(cur[more] >= end[more]):
            raise _Bail
        byte = buf[np.minimum(cur, last)].astype(np.int64)
        value += np.where(more, (byte & 0x7F) << (7 * k), 0)
        cur += more
        more &= byte >= 0x80
        if not _nz(more):
            return value, cur
    raise _Bail


def _delimited(buf, pos, end, tag):
    """Reads `tag, length` at `pos`: (start, stop) of the field's bytes, which must fit before `end`."""
    if not len(pos):
        return pos, pos
    if _nz(pos + 1 >= end) or _nz(buf[pos] != tag):
        raise _Bail
    length, start = _varint(buf, pos + 1, end)
    stop = start + length
    if _nz(stop > end):
        raise _Bail
    return start, stop


def _entries(buf, starts, ends):
    """Each record's map entries: (record index, entry start, entry stop) in wire order."""
    empty = starts == ends
    rec = np.flatnonzero(~empty)
    if len(rec) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    fstart, fstop = _delimited(buf, starts[rec], ends[rec], 0x0A)  # Example.features
    if _nz(fstop != ends[rec]):  # something after the features field
        raise _Bail
    cur, stop = fstart, fstop
    out_rec, out_start, out_stop = [], [], []
    ids = rec
    while len(ids):
        live = cur < stop
        n_live = _count(live)
        if n_live == 0:
            break
        if n_live != len(ids):
            ids, cur, stop = ids[live], cur[live], stop[live]
        s, e = _delimited(buf, cur, stop, 0x0A)  # Features.feature map entry
        out_rec.append(ids)
        out_start.append(s)
        out_stop.append(e)
        cur = e
    if not out_rec:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(out_rec), np.concatenate(out_start), np.concatenate(out_stop)


def _gather(buf, start, length):
    """The bytes buf[start[i]:start[i]+length[i]] of every i, concatenated."""
    if not len(length):
        return np.zeros(0, np.uint8)
    first = int(length[0])
    if _every(length == first):  # one length for all (a fixed-size feature): a 2-D gather
        return buf[start[:, None] + np.arange(first)].reshape(-1)
    total = int(length.sum())
    offsets = np.repeat(start - np.concatenate(([0], np.cumsum(length)[:-1])), length)
    return buf[np.arange(total, dtype=np.int64) + offsets]


def _int64_values(buf, start, stop):
    """The packed varints of each [start, stop): (values as int64, count per region)."""
    length = stop - start
    data = _gather(buf, start, length)
    if len(data) == 0:
        return np.zeros(0, np.int64), np.zeros(len(start), np.int64)
    if _every(data < 0x80):  # every value below 128: one byte each
        return data.astype(np.int64), length
    ends = data < 0x80
    region_end = np.cumsum(length) - 1
    nonempty = length > 0
    if not _every(ends[region_end[nonempty]]):
        raise _Bail
    firsts = np.flatnonzero(np.concatenate(([True], ends[:-1])))
    group = np.cumsum(np.concatenate(([0], ends[:-1].astype(np.int64))))
    offset = np.arange(len(data), dtype=np.int64) - firsts[group]
    if _nz(offset > 9):
        raise _Bail
    parts = (data & 0x7F).astype(np.uint64) << (7 * offset).astype(np.uint64)
    values = np.bitwise_or.reduceat(parts, firsts).view(np.int64)
    counts = np.add.reduceat(ends.astype(np.int64), np.concatenate(([0], np.cumsum(length)[:-1]))[nonempty]) \
        if _nz(nonempty) else np.zeros(0, np.int64)
    per = np.zeros(len(start), np.int64)
    per[nonempty] = counts
    return values, per


def decode_columns(records: list, specs: list):
    """ParseExampleV2's columns for a batch (as example_decode.decode_batch gives them), or None."""
    try:
        return _decode(records, specs)
    except _Bail:
        return None


def _decode(records, specs):
    blob = b"".join(records)
    buf = np.frombuffer(blob, dtype=np.uint8)
    lengths = np.fromiter(map(len, records), dtype=np.int64, count=len(records))
    ends = np.cumsum(lengths)
    starts = ends - lengths
    n = len(records)
    rec, estart, estop = _entries(buf, starts, ends)
    kstart, kstop = _delimited(buf, estart, estop, 0x0A) if len(rec) else (estart, estop)
    vstart, vstop = _delimited(buf, kstop, estop, 0x12) if len(rec) else (estart, estop)
    if _nz(vstop != estop):
        raise _Bail
    klen = kstop - kstart
    if not specs:
        return []
    rows_of, hits = [], []
    for spec in specs:
        key = np.frombuffer(spec.key.encode("utf-8"), dtype=np.uint8)
        hit = np.flatnonzero(klen == len(key))
        if len(hit) and len(key):
            same = (buf[kstart[hit, None] + np.arange(len(key))] == key).all(axis=1)
            hit = hit[same]
        slot = np.full(n, -1, dtype=np.int64)
        slot[rec[hit]] = hit
        rows = np.flatnonzero(slot >= 0)
        if len(rows) != len(hit):  # a key given twice in a record
            raise _Bail
        rows_of.append(rows)
        hits.append(slot[rows])
    # every requested Feature at once: one field of the spec's kind, and for numbers one packed field in it
    spec_of = np.repeat(np.arange(len(specs)), [len(h) for h in hits])
    rows = np.concatenate(rows_of)
    hit = np.concatenate(hits)
    fstart, fstop = vstart[hit], vstop[hit]
    present = fstop > fstart  # an empty Feature has no kind: the feature counts as missing
    if not _every(present):
        spec_of, rows, fstart, fstop = spec_of[present], rows[present], fstart[present], fstop[present]
    tags = np.array([_KIND_OF[spec.dtype] << 3 | 2 for spec in specs], dtype=np.uint8)[spec_of]
    if _nz(buf[fstart] != tags):  # another kind: TF's error is the caller's
        raise _Bail
    length, lstart = _varint(buf, fstart + 1, fstop)
    lstop = lstart + length
    if _nz(lstop != fstop):
        raise _Bail
    pstart, pstop = lstart.copy(), lstart.copy()
    packed = np.flatnonzero((tags != 0x0A) & (lstop > lstart))
    if len(packed):
        s, e = _delimited(buf, lstart[packed], lstop[packed], 0x0A)
        if _nz(e != lstop[packed]):
            raise _Bail
        pstart[packed], pstop[packed] = s, e
    bounds = np.searchsorted(spec_of, np.arange(len(specs) + 1)).tolist()
    return [_column(buf, blob, spec, n, rows[a:b], lstart[a:b], lstop[a:b], pstart[a:b], pstop[a:b])
            for spec, a, b in zip(specs, bounds[:-1], bounds[1:])]


def _column(buf, blob, spec, n, rows, lstart, lstop, pstart, pstop):
    """One spec's column from the lists [lstart, lstop) (their packed values at [pstart, pstop)) of the records
    in `rows` (sorted)."""
    if spec.dtype is dtypes.string:
        values, counts = _bytes_values(buf, blob, lstart, lstop)
    elif spec.dtype is dtypes.float32:
        size = pstop - pstart
        if _nz(size % 4):
            raise _Bail
        values = _gather(buf, pstart, size).view("<f4").astype(np.float32)
        counts = size // 4
    else:
        values, counts = _int64_values(buf, pstart, pstop)
    if spec.sparse:
        return _sparse(n, rows, values, counts)
    return _dense(n, spec, rows, values, counts)


def _bytes_values(buf, blob, lstart, lstop):
    cur, stop = lstart.copy(), lstop
    counts = np.zeros(len(lstart), np.int64)
    spans = []  # (region, start, stop) per value, in order
    ids = np.arange(len(lstart))
    while len(ids):
        live = cur[ids] < stop[ids]
        ids = ids[live]
        if not len(ids):
            break
        s, e = _delimited(buf, cur[ids], stop[ids], 0x0A)
        spans.append((ids, s, e))
        counts[ids] += 1
        cur[ids] = e
    if not spans:
        return np.zeros(0, dtype=object), counts
    region = np.concatenate([sp[0] for sp in spans])
    s = np.concatenate([sp[1] for sp in spans])
    e = np.concatenate([sp[2] for sp in spans])
    order = np.lexsort((s, region))
    values = np.empty(len(order), dtype=object)
    values[:] = [blob[a:b] for a, b in zip(s[order].tolist(), e[order].tolist())]
    return values, counts


def _sparse(n, rows, values, counts):
    per = np.zeros(n, np.int64)
    per[rows] = counts
    total = int(per.sum())
    row = np.repeat(np.arange(n, dtype=np.int64), per)
    col = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(per) - per, per)
    width = int(per.max()) if n else 0
    return np.stack([row, col], axis=1), values, np.array([n, width], dtype=np.int64)


def _dense(n, spec, rows, values, counts):
    dims = spec.dims
    np_type = object if spec.dtype is dtypes.string else spec.dtype.as_numpy_dtype
    default = spec.default
    if dims and dims[0] is None:
        rest = dims[1:]
        stride = int(np.prod(rest, dtype=np.int64)) if rest else 1
        if stride == 0 or _nz(counts % stride):
            raise _Bail
        steps = counts // stride
        width = int(steps.max()) if len(steps) else 0
        out = np.empty((n, width, *rest), dtype=np_type)
        out[...] = default.reshape(()) if default.size else (b"" if np_type is object else 0)
        flat = out.reshape(n, width * stride) if stride else out
        base = np.repeat(rows * width * stride, counts)
        within = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
        flat.reshape(-1)[base + within] = values
        return out
    size = int(np.prod(dims, dtype=np.int64))
    if _nz(counts != size):
        raise _Bail
    out = np.empty((n, *dims), dtype=np_type)
    if len(rows) != n:
        if default.size == 0 and size != 0:
            raise _Bail  # a required feature is missing
        missing = np.ones(n, dtype=bool)
        missing[rows] = False
        out[missing] = default.reshape(dims)
    if len(rows):
        out[rows] = values.reshape(len(rows), *dims)
    return out
