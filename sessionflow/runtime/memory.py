"""How the NumPy runtime's large arrays are allocated.

Every kernel returns fresh NumPy arrays. Under glibc's default policy a block above the (dynamic) mmap
threshold is a fresh mapping each time, so each page of a kernel's output faults on its first write:
for the arrays of one convolution layer that is several milliseconds per run, as much as the
arithmetic (bench/bench_conv.py: 22 ms -> 14 ms per conv2d once buffers are reused). TensorFlow
avoids it with its own allocator, which keeps freed buffers for the next step. sessionflow asks glibc
for the same: blocks up to 1 GiB come from the heap (`M_MMAP_THRESHOLD`) and up to 1 GiB of freed
memory at the heap's top is kept rather than returned (`M_TRIM_THRESHOLD`), so a training loop reuses
warm buffers. It is applied once, when the first Session is created, only where the C library is
glibc; `SESSIONFLOW_MALLOC_TUNING=0` in the environment leaves the allocator alone.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading

_M_TRIM_THRESHOLD = -1   # glibc's mallopt parameter numbers (malloc.h)
_M_MMAP_THRESHOLD = -3
_LIMIT = 1 << 30

_lock = threading.Lock()
_applied: bool | None = None  # None: not tried yet; else whether glibc took the settings


def keep_large_buffers() -> bool:
    """Apply the allocation policy above (once per process); returns whether it is in effect."""
    global _applied
    with _lock:
        if _applied is None:
            _applied = _tune_glibc()
        return _applied


def _tune_glibc() -> bool:
    if os.environ.get("SESSIONFLOW_MALLOC_TUNING", "1") == "0" or not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl, ...)
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, _LIMIT)) and bool(mallopt(_M_TRIM_THRESHOLD, _LIMIT))
