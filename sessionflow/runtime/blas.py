"""How many threads NumPy's BLAS uses for each matrix product the NumPy backend computes.

OpenBLAS (the BLAS NumPy ships) starts one thread per core and splits every product above a small
size over all of them; its idle threads then spin for about 0.1 s waiting for more. On a machine
where other processes run, the product waits for its slowest, descheduled thread and the spinning
threads take the cores the rest of the step needs: a training step becomes 5-15x slower
(bench/bench_train.py --loaded). TensorFlow sizes each op's parallelism from its cost instead, and
so does sessionflow, for matrix products (`matmul` of the kernels' array namespace: MatMul,
BatchMatMul, the im2col products of convolutions):

- a product of W multiply-adds gets one thread per `WORK_PER_THREAD` of them (about 50 us of one
  core's work), so small products run on the calling thread and never wake the pool;
- no more threads than the cores other processes leave free: how busy this process's CPUs were
  lately, less its own CPU time, read from /proc/stat at most every 0.25 s and only when a product
  is big enough to want a second thread (the first estimate 0.05 s after a session binds kernels);
- no more than the session's `ConfigProto(intra_op_parallelism_threads=...)`, the library's own
  pool size (OPENBLAS_NUM_THREADS) or SESSIONFLOW_BLAS_THREADS=N.

The count is set through OpenBLAS's `openblas_set_num_threads` (found with ctypes in the loaded
library) only when it changes, and the previous count is put back when a run ends, so NumPy code
outside sessionflow keeps its own setting. Other BLAS calls of kernels (linalg, einsum) are not
sized: they run with the count in effect. Where the BLAS is not OpenBLAS (MKL, Accelerate), or with
SESSIONFLOW_BLAS_THREADS=off, the library is left alone.
"""

from __future__ import annotations

import ctypes
import os
import threading
import time
import types

import numpy as np

WORK_PER_THREAD = 1 << 21   # multiply-adds one more thread must get for the split to pay (bench: >= 1.6x)
_PARALLEL_WORK = 2 * WORK_PER_THREAD  # the smallest product that may get two threads
_SAMPLE_SECONDS = 0.25      # how often the CPU use of other processes is read again
_FIRST_SAMPLE_SECONDS = 0.05  # the first estimate comes sooner (until then all cores count as free)
_SETTING = "SESSIONFLOW_BLAS_THREADS"
_np_matmul = np.matmul
changed = False  # whether a run changed the thread count: end_run() puts it back


class OpenBlas:
    """The loaded OpenBLAS's thread count: `use(n)` sets it; `current` is the last count set."""

    __slots__ = ("_get", "_set", "current", "pool", "saved")

    def __init__(self, set_fn, get_fn):
        self._set, self._get = set_fn, get_fn
        self.pool = max(1, int(get_fn()))  # the threads it started with: never asked for more
        self.current = self.pool
        self.saved = None  # the count to put back at the end of the run that changed it

    def use(self, n: int) -> None:
        global changed
        if self.saved is None:
            self.saved = self.current
            changed = True
        self._set(n)
        self.current = n

    def restore(self) -> None:
        global changed
        saved, self.saved = self.saved, None
        changed = False
        if saved is not None and saved != self.current:
            self._set(saved)
            self.current = saved


def _openblas_from_maps() -> OpenBlas | None:
    """OpenBLAS among the libraries this process has loaded (Linux: /proc/self/maps)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {fields[5].strip() for fields in (line.split(None, 5) for line in maps)
                     if len(fields) == 6 and "openblas" in fields[5].lower()}
    except OSError:
        return None
    for path in sorted(paths, key=lambda p: ("numpy" not in p, p)):  # NumPy's own (numpy.libs/) first
        try:
            lib = ctypes.CDLL(path, mode=getattr(os, "RTLD_NOLOAD", 0))
        except OSError:
            continue
        for prefix in ("openblas", "scipy_openblas"):  # NumPy's wheels: scipy_openblas_*64_
            for suffix in ("", "64_", "_64"):
                set_fn = getattr(lib, f"{prefix}_set_num_threads{suffix}", None)
                get_fn = getattr(lib, f"{prefix}_get_num_threads{suffix}", None)
                if set_fn is not None and get_fn is not None:
                    set_fn.argtypes, set_fn.restype = (ctypes.c_int,), None
                    get_fn.argtypes, get_fn.restype = (), ctypes.c_int
                    return OpenBlas(set_fn, get_fn)
    return None


def _openblas_from_threadpoolctl() -> OpenBlas | None:
    """OpenBLAS through threadpoolctl, when it is installed (platforms without /proc)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    found = ThreadpoolController().select(internal_api="openblas").lib_controllers
    if not found:
        return None
    # NumPy's own first, as from the maps: SciPy (and others) may load an OpenBLAS of their own
    lib = min(found, key=lambda c: "numpy" not in str(getattr(c, "filepath", "")))
    return OpenBlas(lib.set_num_threads, lib.get_num_threads)


_lock = threading.Lock()
_library: list = []  # [OpenBlas or None] once looked for


def library() -> OpenBlas | None:
    """NumPy's OpenBLAS, or None when there is none to control (or SESSIONFLOW_BLAS_THREADS=off)."""
    if not _library:
        with _lock:
            if not _library:
                found = None
                if os.environ.get(_SETTING, "").strip().lower() not in ("off", "0"):
                    found = _openblas_from_maps() or _openblas_from_threadpoolctl()
                _library.append(found)
    return _library[0]


def _setting_cap() -> int | None:
    value = os.environ.get(_SETTING, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


class FreeCores:
    """How many of this process's CPUs other processes left free lately: `cores` less their recent
    use, which is the busy time /proc/stat reports for those CPUs less this process's CPU time,
    over the time since the previous reading (taken again once `_SAMPLE_SECONDS` have passed; the
    first reading is taken when a session binds its kernels, and the first estimate 0.05 s later)."""

    def __init__(self, stat_path: str = "/proc/stat", cpus=None):
        self._path = stat_path
        if cpus is None:
            cpus = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else range(os.cpu_count() or 1)
        self._names = {f"cpu{c}" for c in cpus}
        self.cores = min(len(self._names), _cgroup_cores() or len(self._names))
        self._tick = 1.0 / os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 0.01
        self._last = None  # (monotonic time, busy seconds of our CPUs, this process's CPU seconds)
        self.free = self.cores
        self.estimated = False  # whether `free` comes from a reading yet

    def start(self) -> None:
        """Takes the first reading, if none was taken yet (so the first big product has an estimate)."""
        if self._last is None:
            self.update(time.monotonic(), self.busy_seconds(), time.process_time())

    def __call__(self) -> int:
        now = time.monotonic()
        last = self._last
        if last is None or now - last[0] >= (_SAMPLE_SECONDS if self.estimated else _FIRST_SAMPLE_SECONDS):
            self.update(now, self.busy_seconds(), time.process_time())
        return self.free

    def update(self, now: float, busy: float | None, own: float) -> int:
        """Takes a reading: `busy` CPU seconds of our CPUs (None: unknown, the cores are assumed
        free) and `own`, this process's CPU seconds, at time `now`; returns the new `free`."""
        last, self._last = self._last, (now, busy, own)
        if busy is not None and last is not None and last[1] is not None and now > last[0]:
            others = ((busy - last[1]) - (own - last[2])) / (now - last[0])
            self.free = max(1, min(self.cores, int(self.cores - others + 0.25)))
            self.estimated = True
        return self.free

    def busy_seconds(self) -> float | None:
        """CPU seconds our CPUs have spent busy since boot (all but idle and iowait), per /proc/stat."""
        try:
            with open(self._path, "rb") as f:
                text = f.read().decode("ascii", "replace")
        except OSError:
            return None
        ticks = 0
        for line in text.splitlines():
            fields = line.split()
            if fields and fields[0] in self._names:
                values = [int(v) for v in fields[1:9]]  # user nice system idle iowait irq softirq steal
                ticks += sum(values) - values[3] - values[4]
        return ticks * self._tick


def _cgroup_cores() -> int | None:
    """The CPU quota of this process's cgroup (v2 `cpu.max`), rounded up to whole cores."""
    try:
        with open("/sys/fs/cgroup/cpu.max") as f:
            quota, period = f.read().split()[:2]
    except (OSError, ValueError):
        return None
    if quota == "max":
        return None
    return max(1, -(-int(quota) // int(period)))


free_cores = FreeCores()


def threads_for(work: int, limit: int) -> int:
    """The threads a matrix product of `work` multiply-adds gets: one per WORK_PER_THREAD, at most
    `limit`, and (asked only when more than one would do) at most the cores others leave free."""
    wanted = work // WORK_PER_THREAD
    if wanted <= 1 or limit <= 1:
        return 1
    return max(1, min(wanted, limit, free_cores()))


def sized_matmul(limit: int):
    """`numpy.matmul` that first sets the BLAS threads for the product (at most `limit`)."""
    lib = library()
    if lib is None:
        return _np_matmul
    cap = _setting_cap()
    limit = max(1, min(limit, lib.pool, cap or limit))

    def matmul(a, b, out=None, **kwargs):
        try:
            sa, sb = a.shape, b.shape
        except AttributeError:  # not arrays: NumPy converts them (one thread)
            sa = sb = ()
        if len(sa) == 2 and len(sb) == 2:
            work = sa[0] * sa[1] * sb[1]  # multiply-adds
        elif len(sa) > 1 and len(sb) > 1:  # batch dimensions included, whichever operand broadcasts
            work = max(a.size * sb[-1], b.size * sa[-2])
        else:
            work = 0
        n = 1 if work < _PARALLEL_WORK else threads_for(work, limit)
        if n != lib.current:
            lib.use(n)
        if out is None and not kwargs:
            return _np_matmul(a, b)
        return _np_matmul(a, b, out=out, **kwargs)

    return matmul


def end_run() -> None:
    """Puts back the thread count a run changed (called when a plan's run ends, if `changed`)."""
    lib = _library[0] if _library else None
    if lib is not None:
        lib.restore()


_namespaces: dict = {}


def array_namespace(limit: int):
    """NumPy as the NumPy backend's kernels see it: numpy's names, with `matmul` sized by this policy
    for a session allowed `limit` threads (its intra_op_parallelism_threads). One per limit."""
    xp = _namespaces.get(limit)
    if xp is None:
        xp = types.ModuleType("numpy")
        xp.__dict__.update((k, v) for k, v in vars(np).items() if not k.startswith("__"))
        xp.__getattr__ = lambda name: getattr(np, name)  # NumPy's lazily loaded submodules
        xp.matmul = sized_matmul(limit)
        if xp.matmul is not _np_matmul:
            free_cores.start()
        xp = _namespaces.setdefault(limit, xp)
    return xp
