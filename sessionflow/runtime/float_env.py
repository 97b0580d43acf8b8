"""The floating-point environment a plan's kernels run in: TensorFlow's CPU kernels', not IEEE's defaults.

`enter()` sets it on the thread that runs a plan, `leave(token)` puts the caller's back. Two settings:

- NumPy's floating-point error state, "ignore": TF's kernels produce inf and NaN silently where NumPy would
  warn. NumPy 2 keeps that state in a context variable, set here directly (a tenth of `np.errstate`'s cost).
- Denormals flushed to zero. TF runs every CPU kernel with the processor's flush-to-zero and
  denormals-are-zero modes on (its executor and thread pools set them): a float result below the smallest
  normal number is 0 and a subnormal operand reads as 0. So `tf.exp(-100.0)` is 0.0 and `tf.log` of it -inf,
  where IEEE arithmetic gives 3.8e-44 and -99.98; a py_func's NumPy code sees the same modes. Copies and sign
  operations (identity, abs, negation) keep a subnormal, on TF as here. The modes are bits of the thread's
  floating-point environment (MXCSR's FTZ and DAZ on x86-64, FPCR's FZ on ARM64), read and written through
  the C library's fegetenv/fesetenv, whose environment layout is known here for Linux and macOS on both;
  elsewhere, or if the check on first use fails, denormals are kept (IEEE arithmetic).

A nested run (a cond branch or loop body run as a sub-plan, a py_func calling `sess.run`) finds the modes set
and leaves them to the run that set them, which restores the caller's environment whatever happens inside. A
plan with no float computation (`computes_floats`: a step counter's read, an iterator's next batch) does not
switch them: the switch costs a few microseconds a run.
The XLA backend needs none of this: XLA:CPU's compiled code flushes denormals itself.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import platform
import threading

import numpy as np

# (fenv_t's size in bytes, the byte offset of the 32-bit control word with the flush bits, those bits)
_LAYOUTS = {
    ("Linux", "x86_64"): (32, 28, 0x8040),  # glibc and musl: the x87 environment (28 bytes), then MXCSR;
                                            # FTZ is bit 15, DAZ bit 6
    ("Darwin", "x86_64"): (16, 4, 0x8040),  # x87 control and status words, MXCSR, reserved bytes
    ("Linux", "aarch64"): (8, 0, 1 << 24),  # FPCR, FPSR; FZ (bit 24) flushes operands and results
    ("Darwin", "arm64"): (16, 8, 1 << 24),  # FPSR, FPCR as 64-bit words (the low half first)
}


class _DenormalModes:
    """Sets and restores the flush bits of the calling thread's floating-point environment: three C calls a
    run, given the environment buffer as it is (no argument conversion)."""

    def __init__(self, libm, size: int, offset: int, bits: int):
        self._env_type = ctypes.c_uint32 * (size // 4)
        self._word = offset // 4
        self._bits = bits
        self._get = libm.fegetenv
        self._set = libm.fesetenv

    def buffer(self):
        """A buffer for one thread's saved environment."""
        return self._env_type()

    def flush(self, saved) -> bool:
        """Saves the thread's environment in `saved` and turns the flush bits on; False where they were
        already on (or the C library failed), so there is nothing to restore."""
        if self._get(saved) != 0:
            return False
        word = saved[self._word]
        if word & self._bits == self._bits:
            return False
        saved[self._word] = word | self._bits
        switched = self._set(saved) == 0
        saved[self._word] = word
        return switched

    def restore(self, saved):
        self._set(saved)

    def works(self) -> bool:
        """Whether the bits flush: a subnormal float32 times one is zero with them set, itself after."""
        tiny = np.array([1e-40], np.float32)
        saved = self.buffer()
        if not self.flush(saved):
            return False
        try:
            flushed = (tiny * np.float32(1.0))[0] == 0
        finally:
            self.restore(saved)
        return bool(flushed) and (tiny * np.float32(1.0))[0] != 0


def _libm():
    """The C library's fegetenv/fesetenv: already loaded in the interpreter (found without a search), or libm;
    called holding the GIL (PyDLL): they return at once, so releasing and retaking it would only cost time."""
    try:
        process = ctypes.PyDLL(None)
        process.fegetenv  # noqa: B018 - present where libm is loaded, as it is beside NumPy
        return process
    except (OSError, AttributeError, TypeError):
        name = ctypes.util.find_library("m")
        return ctypes.PyDLL(name) if name else None


def _denormal_modes():
    layout = _LAYOUTS.get((platform.system(), platform.machine()))
    if layout is None:
        return None
    try:
        libm = _libm()
        modes = None if libm is None else _DenormalModes(libm, *layout)
        return modes if modes is not None and modes.works() else None
    except (OSError, AttributeError):
        return None


_MODES = _denormal_modes()


class _ErrstateVar:
    """NumPy 1.x: `np.errstate` behind the set/reset interface of NumPy 2's error-state variable."""

    def set(self, _):
        state = np.errstate(all="ignore")
        state.__enter__()
        return state

    def reset(self, state):
        state.__exit__(None, None, None)


try:  # NumPy 2 keeps the floating-point error state in a context variable: set it for the run directly
    from numpy._core._ufunc_config import _extobj_contextvar as _FLOAT_ERRORS
    from numpy._core.umath import _make_extobj

    _IGNORE_FLOAT_ERRORS = _make_extobj(all="ignore")
except (ImportError, AttributeError):
    _FLOAT_ERRORS, _IGNORE_FLOAT_ERRORS = _ErrstateVar(), None


class _Thread(threading.local):
    flushing = False  # whether a run on this thread turned the flush bits on (and will restore `saved`)

    def __init__(self):
        self.saved = _MODES.buffer() if _MODES is not None else None  # the caller's environment


_THREAD = _Thread()


def _plain_enter(flush=True):
    return _FLOAT_ERRORS.set(_IGNORE_FLOAT_ERRORS)


def _plain_leave(token):
    _FLOAT_ERRORS.reset(token)


def _flushing(modes):
    """enter/leave with the denormal modes: the first run on a thread that needs them switches them on, and
    back when it ends; runs nested in it find them on."""
    thread, errors, ignore = _THREAD, _FLOAT_ERRORS, _IGNORE_FLOAT_ERRORS
    flush_bits, restore = modes.flush, modes.restore

    def enter(flush=True):
        if flush and not thread.flushing and flush_bits(thread.saved):
            thread.flushing = True
            return errors.set(ignore), True
        return errors.set(ignore), False

    def leave(token):
        errors.reset(token[0])
        if token[1]:
            thread.flushing = False
            restore(thread.saved)

    return enter, leave


enter, leave = (_plain_enter, _plain_leave) if _MODES is None else _flushing(_MODES)
enter.__doc__ = ("Sets TF's floating-point environment on this thread for a run (`flush`: with denormals flushed; a "
                 "plan that computes no floats skips that switch); returns the token `leave` takes.")
leave.__doc__ = "Puts back the environment `enter` found."

# Ops that compute nothing on float values: they move, store or name them (a plan of only these, or of ops on
# integers, bools and strings, needs no flushing: a step counter's read, an iterator's next batch).
_MOVES_ONLY = frozenset(("Identity", "StopGradient", "NoOp", "Const", "Placeholder", "PlaceholderWithDefault",
                         "VariableV2", "VarHandleOp", "ReadVariableOp", "Assign", "AssignVariableOp", "Reshape",
                         "Shape", "IteratorGetNext", "IsVariableInitialized"))


def computes_floats(ops) -> bool:
    """Whether any of `ops` computes on float or complex values (so a run of them flushes denormals)."""
    for op in ops:
        if op.type in _MOVES_ONLY:
            continue
        for t in (*op.inputs, *op.outputs):
            dtype = t.dtype.base_dtype
            if dtype.is_floating or dtype.is_complex:
                return True
    return False


def flushes_denormals() -> bool:
    """Whether runs on the NumPy backend flush denormals to zero on this platform, as TF does."""
    return _MODES is not None
