"""What goes inside summary values beyond plain fields: TF's default-bucket histogram (image summaries
encode their PNGs with ops/image_png.py, TF's encoder). The messages themselves are sessionflow.io.protos'."""

from __future__ import annotations


import numpy as np

from ..io import protos

DBL_MAX = 1.7976931348623157e308

# --- histograms (TF's HistogramSummary) --------------------------------------------------------

def _default_bucket_limits() -> list[float]:
    positive, v = [], 1e-12
    while v < 1e20:
        positive.append(v)
        v *= 1.1
    positive.append(DBL_MAX)
    return [-x for x in reversed(positive)] + [0.0] + positive


DEFAULT_BUCKET_LIMITS = tuple(_default_bucket_limits())
_LIMITS = np.array(DEFAULT_BUCKET_LIMITS)


def histogram(values) -> protos.HistogramProto:
    """The `HistogramProto` TF's HistogramSummary builds from `values` (finite, any shape; accumulated
    as doubles in order from 0.0, as TF's `Histogram::Add` does): TF's default bucket limits, each run
    of empty buckets collapsed into the last limit of the run."""
    x = np.asarray(values, dtype=np.float64).reshape(-1)
    counts = np.bincount(np.searchsorted(_LIMITS, x, side="right"), minlength=len(_LIMITS))
    if x.size:
        # The first value equal to the extreme, as TF's strict `<`/`>` updates keep (the sign of a zero
        # is serialized); sums start at +0.0 as TF's do, so an all -0.0 input sums to +0.0.
        low, high = float(x[x.argmin()]), float(x[x.argmax()])
        total, squares = float(np.cumsum(x)[-1]) + 0.0, float(np.cumsum(x * x)[-1])
    else:
        low, high, total, squares = DBL_MAX, -DBL_MAX, 0.0, 0.0
    bucket_limit, bucket = [], []
    nonzero = np.flatnonzero(counts).tolist()
    i, n = 0, len(_LIMITS)
    for j in nonzero + [n]:
        if j > i:  # the empty run i..j-1, shown at its last limit
            bucket_limit.append(DEFAULT_BUCKET_LIMITS[j - 1])
            bucket.append(0.0)
        if j < n:
            bucket_limit.append(DEFAULT_BUCKET_LIMITS[j])
            bucket.append(float(counts[j]))
        i = j + 1
    return protos.HistogramProto(min=low, max=high, num=float(x.size), sum=total, sum_squares=squares,
                                 bucket_limit=bucket_limit, bucket=bucket)
