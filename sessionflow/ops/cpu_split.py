"""Splitting one big NumPy kernel over the CPU cores.

NumPy runs element-wise work (copies, adds) on one core, and its BLAS parallelises each matrix
product internally, paying a thread hand-off per call. A kernel made of many mid-sized steps (the
im2col blocks and products of a convolution) runs faster when each core takes a contiguous share of
the batch and runs it start to finish with a single-threaded BLAS: the copies run in parallel too,
and no product waits on another core.

`split_over_cores(n, work, flops)` does that: it calls `work(begin, end)` on disjoint ranges covering
`[0, n)`, one per core, while BLAS is held to one thread (through threadpoolctl; the previous
setting is restored when the last concurrent split ends). Small jobs, one-core machines, and
processes whose BLAS threadpoolctl cannot control run `work(0, n)` directly. Work functions must
write disjoint outputs; an exception raised by any part is raised to the caller after every part
has finished.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

# A part must carry at least this many floating-point operations to be worth a thread hand-off.
_MIN_FLOPS_PER_PART = 2e7

_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None
_controller = None          # threadpoolctl.ThreadpoolController, or False when BLAS is not controllable
_limited = 0                # splits now running with BLAS held to one thread
_restore = None             # the limiter whose exit restores BLAS's own thread count
_inside = threading.local()  # .active: this thread is running a part (a nested split runs inline)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _blas_controller():
    global _controller
    if _controller is None:
        try:
            from threadpoolctl import ThreadpoolController

            controller = ThreadpoolController()
            _controller = controller if controller.select(user_api="blas").lib_controllers else False
        except Exception:   # not installed, or it could not inspect this process's libraries
            _controller = False
    return _controller


def _hold_blas_to_one_thread() -> None:
    global _limited, _restore
    with _lock:
        if _limited == 0:
            _restore = _controller.limit(limits=1, user_api="blas")
        _limited += 1


def _release_blas() -> None:
    global _limited, _restore
    with _lock:
        _limited -= 1
        if _limited == 0:
            _restore.restore_original_limits()
            _restore = None


def _executor(workers: int) -> ThreadPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sessionflow-kernel")
        return _pool


def split_over_cores(n: int, work: Callable[[int, int], None], flops: float) -> None:
    """Run `work(b, e)` over contiguous ranges covering [0, n), one range per core when `flops`
    (the job's total) makes that worthwhile; otherwise `work(0, n)` in the calling thread."""
    parts = min(_cores(), n, int(flops // _MIN_FLOPS_PER_PART))
    if parts <= 1 or getattr(_inside, "active", False) or not _blas_controller():
        work(0, n)
        return
    bounds = [n * p // parts for p in range(parts + 1)]
    pool = _executor(_cores() - 1)
    _hold_blas_to_one_thread()
    try:
        futures = [pool.submit(_part, work, bounds[p], bounds[p + 1]) for p in range(1, parts)]
        first_error = None
        try:
            _part(work, bounds[0], bounds[1])
        except BaseException as error:  # finish the other parts before raising: they write shared outputs
            first_error = error
        for future in futures:
            try:
                future.result()
            except BaseException as error:
                first_error = first_error or error
        if first_error is not None:
            raise first_error
    finally:
        _release_blas()


def _part(work: Callable[[int, int], None], begin: int, end: int) -> None:
    _inside.active = True
    try:
        work(begin, end)
    finally:
        _inside.active = False
