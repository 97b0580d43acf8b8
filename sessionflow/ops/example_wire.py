"""A vectorised reader of serialized tf.train.Example protos, for ParseExampleV2 over large batches.

Protobuf's wire format is read for all records at once with NumPy: every varint, tag and length of the batch is
decoded by array operations, one step per nesting level and per feature (not per record). It accepts the
layout every protobuf runtime writes (one `features` field, map entries as key then value, packed float and
int64 lists) and returns None for anything else: another layout, a malformed or truncated record, a missing
required feature, a wrong type or count, a key given twice. The caller then takes example_decode's
per-record path, which raises TF's errors, so this reader never has to word one.

Batches whose records all hold the same keys in the same order (the common case: one writer) take a faster
path first (`_decode_uniform`): the entries of every record are found entry by entry, the keys of the whole
batch checked in one comparison, and the work per feature done once for all records; any other batch goes on
to the general reader (`_decode`), which matches keys per feature.
"""

from __future__ import annotations

import math

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


# A length that follows a one-byte tag is read from the two bytes after the tag (a 16-bit view of the batch,
# `words`) through tables: for a field `tag, length, payload` whose tag is at p, its payload starts at
# p + _SIZE[v] and ends at p + _SPAN[v], v = words[p]. A length of three bytes or more has a size of _FAR.
_FAR = 1 << 40
_PAD = bytes(8)


def _varint_tables():
    v = np.arange(1 << 16, dtype=np.int64)
    low, high = v & 0xFF, v >> 8
    one, two = low < 0x80, (low >= 0x80) & (high < 0x80)
    size = np.where(one, 1, np.where(two, 2, _FAR))
    value = np.where(one, low, np.where(two, (low & 0x7F) | (high << 7), 0))
    return size + 1, size + value + 1


_SIZE, _SPAN = _varint_tables()


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


def _delimited(buf, words, pos, end, tag):
    """Reads `tag, length` at `pos`: (start, stop) of the field's bytes, which must fit before `end`."""
    if not len(pos):
        return pos, pos
    if _nz(buf[pos] != tag):
        raise _Bail
    return _payload(buf, words, pos, end)


def _payload(buf, words, pos, end):
    """(start, stop) of the payload of the length-delimited fields whose tags (one byte) are at `pos`, which must
    end by `end`. The length is read through the tables below (`words`: the batch's 16-bit view after the tag),
    or by `_varint` when one has three bytes or more."""
    v = words[pos]
    size = _SIZE[v]
    if _nz(size > 3):
        if _nz(pos + 1 >= end):
            raise _Bail
        length, start = _varint(buf, pos + 1, end)
        stop = start + length
    else:
        start, stop = pos + size, pos + _SPAN[v]
    if _nz(stop > end):  # also a tag at or past `end`: stop >= pos + 2
        raise _Bail
    return start, stop


def _entries(buf, words, starts, ends):
    """Each record's map entries: (record index, entry start, entry stop) in wire order."""
    empty = starts == ends
    rec = np.flatnonzero(~empty)
    if len(rec) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    fstart, fstop = _delimited(buf, words, starts[rec], ends[rec], 0x0A)  # Example.features
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
        s, e = _delimited(buf, words, cur, stop, 0x0A)  # Features.feature map entry
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
    if _every(length == first):  # one length for all (a fixed-size feature): rows of a window view
        return _window(buf, first)[start].reshape(-1)
    total = int(length.sum())
    offsets = np.repeat(start - np.concatenate(([0], np.cumsum(length)[:-1])), length)
    return buf[np.arange(total, dtype=np.int64) + offsets]


def _window(buf, size: int) -> np.ndarray:
    """A read-only view whose row i is buf[i:i+size]: indexing its rows copies each run of bytes at once (a
    2-D gather of single bytes is ten times slower)."""
    if size > len(buf):
        raise _Bail
    return np.ndarray((len(buf) - size + 1, size), dtype=np.uint8, buffer=buf, strides=(1, 1))


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


def batch_of(records: list):
    """The records joined (`blob`), as bytes (`buf`, 8 zero bytes past the end, so that reading two bytes at any
    position stays inside) and as the 16-bit words after each byte (`words`), with each record's start and end."""
    if isinstance(records, np.ndarray):  # a list iterates faster than an object array
        records = records.tolist()
    blob = b"".join(records)
    lengths = np.fromiter(map(len, records), dtype=np.int64, count=len(records))
    ends = np.cumsum(lengths)
    padded = blob + _PAD
    buf = np.frombuffer(padded, dtype=np.uint8)
    words = np.ndarray((len(padded) - 2,), dtype="<u2", buffer=padded, offset=1, strides=(1,))
    return blob, buf, words, ends - lengths, ends


def decode_columns(records: list, specs: list):
    """ParseExampleV2's columns for a batch (as example_decode.decode_batch gives them), or None."""
    blob, buf, words, starts, ends = batch_of(records)
    if len(records) and specs:
        try:
            columns = _decode_uniform(blob, buf, words, starts, ends, specs)
        except (_Bail, IndexError, ValueError):  # positions past the batch, or bad ones: the general reader's
            columns = None
        if columns is not None:
            return columns
    try:
        return _decode(blob, buf, words, starts, ends, specs)
    except _Bail:
        return None


def _decode(blob, buf, words, starts, ends, specs):
    n = len(starts)
    rec, estart, estop = _entries(buf, words, starts, ends)
    kstart, kstop = _delimited(buf, words, estart, estop, 0x0A) if len(rec) else (estart, estop)
    vstart, vstop = _delimited(buf, words, kstop, estop, 0x12) if len(rec) else (estart, estop)
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
            same = (_window(buf, len(key))[kstart[hit]] == key).all(axis=1)
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
    lstart, lstop = _payload(buf, words, fstart, fstop)
    if _nz(lstop != fstop):
        raise _Bail
    pstart, pstop = lstart.copy(), lstart.copy()
    packed = np.flatnonzero((tags != 0x0A) & (lstop > lstart))
    if len(packed):
        s, e = _delimited(buf, words, lstart[packed], lstop[packed], 0x0A)
        if _nz(e != lstop[packed]):
            raise _Bail
        pstart[packed], pstop[packed] = s, e
    bounds = np.searchsorted(spec_of, np.arange(len(specs) + 1)).tolist()
    return [_column(buf, words, blob, spec, n, rows[a:b], lstart[a:b], lstop[a:b], pstart[a:b], pstop[a:b])
            for spec, a, b in zip(specs, bounds[:-1], bounds[1:])]


def _column(buf, words, blob, spec, n, rows, lstart, lstop, pstart, pstop):
    """One spec's column from the lists [lstart, lstop) (their packed values at [pstart, pstop)) of the records
    in `rows` (sorted)."""
    if spec.dtype is dtypes.string:
        values, counts = _bytes_values(buf, words, blob, lstart, lstop)
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


def _bytes_values(buf, words, blob, lstart, lstop):
    cur, stop = lstart.copy(), lstop
    counts = np.zeros(len(lstart), np.int64)
    spans = []  # (region, start, stop) per value, in order
    ids = np.arange(len(lstart))
    while len(ids):
        live = cur[ids] < stop[ids]
        ids = ids[live]
        if not len(ids):
            break
        s, e = _delimited(buf, words, cur[ids], stop[ids], 0x0A)
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
        stride = math.prod(rest)
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
    size = math.prod(dims)
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


# --- the uniform layout: every record holds the same feature keys in the same order ---------------------------
# A batch written by one program usually has it. Then the entries of all records are found together, one step per
# entry (not per nesting level and record), and one comparison checks every key of the batch. A length of three
# bytes or more (a field of 16 KiB or more) gives a span that sends the next position out of the buffer (an
# IndexError) or past its record, so the batch goes to the general reader above.

_TAG = {dtypes.string: 0x0A, dtypes.float32: 0x12, dtypes.int64: 0x1A}


class _Layout:
    """A key sequence's constants: `count` entries, each entry's index by key (-1 for a key given twice), and
    for the one comparison of all keys: the entry (`kcol`) and offset (`koff`) of each byte of the key regions
    `0x0A, key length, key, 0x12` and those bytes (`kbytes`); `qoff` is the offset of each value's tag."""

    __slots__ = ("count", "index", "kcol", "koff", "kbytes", "qoff", "plans")

    def __init__(self, keys):
        self.count = len(keys)
        self.plans = {}  # id(specs) -> (specs, _Plan)
        self.index = {}
        for j, key in enumerate(keys):
            self.index[key] = -1 if key in self.index else j
        regions = [b"\x0a" + bytes([len(k)]) + k + b"\x12" for k in keys]
        self.kcol = np.repeat(np.arange(len(keys)), [len(r) for r in regions])
        self.koff = np.concatenate([np.arange(len(r)) for r in regions])[:, None]
        self.kbytes = np.frombuffer(b"".join(regions), dtype=np.uint8)[:, None]
        self.qoff = np.array([len(r) - 1 for r in regions], dtype=np.int64)[:, None]

    def plan(self, specs) -> "_Plan":
        """The _Plan of `specs` (remembered per specs list: the kernel keeps one per op)."""
        entry = self.plans.get(id(specs))
        if entry is not None and entry[0] is specs:
            return entry[1]
        if len(self.plans) >= 16:
            self.plans.clear()
        plan = _Plan(self, specs)
        self.plans[id(specs)] = (specs, plan)  # holding `specs` keeps its id from being reused
        return plan


class _Plan:
    """What a list of specs needs of a layout: each spec's entry (`cols`: None when absent), the present
    entries (`present`) with their Features' tags (`tags`), the rows of the numeric ones among them (`numeric`),
    and each spec's dense dims and value count (`dims`, `size`: None and -1 for sparse and sequence specs)."""

    __slots__ = ("cols", "dims", "numeric", "present", "size", "tags")

    def __init__(self, layout, specs):
        self.cols = [layout.index.get(spec.key.encode("utf-8")) for spec in specs]
        self.present = [j for j in self.cols if j is not None]
        kinds = [spec.dtype for spec, j in zip(specs, self.cols) if j is not None]
        self.tags = np.array([[_TAG[kind]] for kind in kinds], dtype=np.uint8)
        self.numeric = [i for i, kind in enumerate(kinds) if kind is not dtypes.string]
        self.dims = [None if spec.sparse or (spec.dims and spec.dims[0] is None) else list(spec.dims)
                     for spec in specs]
        self.size = [-1 if dims is None else math.prod(dims) for dims in self.dims]


_LAYOUTS: dict = {}


def _short_varint(blob: bytes, p: int):
    b = blob[p]
    if b < 0x80:
        return b, p + 1
    c = blob[p + 1]
    if c >= 0x80:
        raise _Bail
    return (b & 0x7F) | c << 7, p + 2


def _layout(blob: bytes, start: int, end: int) -> _Layout:
    """The first record's key sequence (its layout checked only as far as reading the keys needs: the batch
    checks then cover it)."""
    if end - start < 2 or blob[start] != 0x0A:
        raise _Bail
    _, p = _short_varint(blob, start + 1)
    keys = []
    while p < end:
        length, c = _short_varint(blob, p + 1)
        klen = blob[c + 1]
        if blob[c] != 0x0A or klen >= 0x80 or blob[c + 2 + klen] != 0x12:
            raise _Bail
        keys.append(blob[c + 2:c + 2 + klen])
        p = c + length
    if not keys:
        raise _Bail
    keys = tuple(keys)
    layout = _LAYOUTS.get(keys)
    if layout is None:
        if len(_LAYOUTS) >= 64:
            _LAYOUTS.clear()
        layout = _LAYOUTS[keys] = _Layout(keys)
    return layout


def _decode_uniform(blob, buf, words, starts, ends, specs):
    n = len(starts)
    layout = _layout(blob, int(starts[0]), int(ends[0]))
    if not _every(buf[starts] == 0x0A):  # Example.features, the whole record
        raise _Bail
    v = words[starts]
    if _nz(starts + _SPAN[v] != ends):
        raise _Bail
    pos = starts + _SIZE[v]
    entry = np.empty((layout.count, n), dtype=np.int64)  # each map entry's position, entry by entry
    for j in range(layout.count):
        entry[j] = pos
        pos = pos + _SPAN[words[pos]]
    if _nz(pos != ends) or not _every(buf[entry] == 0x0A):
        raise _Bail
    content = entry + _SIZE[words[entry]]
    if not _every(buf[content[layout.kcol] + layout.koff] == layout.kbytes):  # every record's keys are the first's
        raise _Bail
    at = content + layout.qoff
    v = words[at]
    fstart, fstop = at + _SIZE[v], at + _SPAN[v]  # each value (a Feature) ends its entry
    if _nz(fstop[:-1] != entry[1:]) or _nz(fstop[-1] != ends):
        raise _Bail
    plan = layout.plan(specs)
    present, numeric = plan.present, plan.numeric
    data_of: dict = {}
    if -1 in present:  # a requested key given twice
        raise _Bail
    if present:
        lstart, lstop = fstart[present], fstop[present]  # each Feature: one list of the spec's kind
        if not _every(buf[lstart] == plan.tags):
            raise _Bail
        v = words[lstart]
        if _nz(lstart + _SPAN[v] != lstop):
            raise _Bail
        lstart = lstart + _SIZE[v]
        if numeric:  # the packed data of every numeric list at once
            data = _packed(buf, words, lstart[numeric], lstop[numeric])
            data_of = dict(zip(numeric, data))
    out, i = [], 0
    for spec, j, dims, size in zip(specs, plan.cols, plan.dims, plan.size):
        if j is None:
            out.append(_absent(n, spec))
        else:
            out.append(_uniform_column(buf, words, blob, spec, n, dims, size, lstart[i], lstop[i],
                                       data_of.get(i)))
            i += 1
    return out


def _absent(n, spec):
    """The column of a feature no record has."""
    none = np.zeros(0, np.int64)
    values = np.zeros(0, dtype=object if spec.dtype is dtypes.string else spec.dtype.as_numpy_dtype)
    if spec.sparse:
        return _sparse(n, none, values, none)
    return _dense(n, spec, none, values, none)


def _packed(buf, words, start, stop):
    """The data of the packed field in each numeric list [start, stop) (an empty list has none)."""
    v = words[start]
    full = start != stop
    if _every(full):
        if not _every(buf[start] == 0x0A) or _nz(start + _SPAN[v] != stop):
            raise _Bail
        return start + _SIZE[v]
    if _nz(full & ((buf[start] != 0x0A) | (start + _SPAN[v] != stop))):
        raise _Bail
    return np.where(full, start + _SIZE[v], start)


def _uniform_column(buf, words, blob, spec, n, dims, size, lstart, lstop, start):
    """One spec's column from every record's list [lstart, lstop) of the spec's kind (a numeric list's packed
    data starting at `start`); `dims` and `size` as _Plan has them."""
    if spec.dtype is dtypes.string:
        if size == 1:  # one value each: `0x0A, length, bytes` fills the list
            v = words[lstart]
            if not _every(buf[lstart] == 0x0A) or _nz(lstart + _SPAN[v] != lstop):
                raise _Bail
            values = np.fromiter([blob[a:b] for a, b in zip((lstart + _SIZE[v]).tolist(), lstop.tolist())],
                                 dtype=object, count=n)
            return values.reshape(n, *dims)
        values, counts = _bytes_values(buf, words, blob, lstart, lstop)
    else:
        length = lstop - start
        if spec.dtype is dtypes.float32:
            if size > 0 and _every(length == 4 * size):
                return _window(buf, 4 * size)[start].view("<f4").astype(np.float32, copy=False).reshape(n, *dims)
            if _nz(length % 4):
                raise _Bail
            values = _gather(buf, start, length).view("<f4").astype(np.float32)
            counts = length // 4
        else:
            if size > 0 and _every(length == size):  # one byte each: values below 128
                data = buf[start] if size == 1 else _window(buf, size)[start]
                if _every(data < 0x80):
                    return data.astype(np.int64).reshape(n, *dims)
            elif spec.sparse:
                column = _small_sparse(buf, n, start, length)
                if column is not None:
                    return column
            values, counts = _int64_values(buf, start, lstop)
    rows = np.arange(n, dtype=np.int64)
    if spec.sparse:
        return _sparse(n, rows, values, counts)
    return _dense(n, spec, rows, values, counts)


def _small_sparse(buf, n, start, length):
    """A VarLenFeature's (indices, values, dense_shape) from the packed int64 data [start, start+length) of every
    record, when each value is below 128 (one byte each); else None."""
    total = int(length.sum())
    row = np.repeat(np.arange(n, dtype=np.int64), length)
    col = np.arange(total, dtype=np.int64) - (np.cumsum(length) - length)[row]
    data = buf[start[row] + col]
    if not _every(data < 0x80):
        return None
    indices = np.empty((total, 2), dtype=np.int64)
    indices[:, 0] = row
    indices[:, 1] = col
    return indices, data.astype(np.int64), np.array([n, length.max()], dtype=np.int64)
