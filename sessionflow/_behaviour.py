"""TF's behaviour switches. sessionflow always has TF1 graph-mode behaviour, so they are accepted
and change nothing (except the resource-variable default, see `variables`)."""

from __future__ import annotations

import logging as _py_logging
import sys
import threading
import types

from .variables import disable_resource_variables, enable_resource_variables


def executing_eagerly() -> bool:
    return False


def disable_eager_execution():
    """Graph mode is the only mode; nothing to do."""


def enable_eager_execution(config=None, device_policy=None, execution_mode=None):
    raise NotImplementedError("sessionflow implements TF1 graph mode only; eager execution is not available")


def disable_v2_behavior():
    """TF1 behaviour: reference variables by default."""
    disable_resource_variables()
    disable_control_flow_v2()


def enable_v2_behavior():
    """TF2 graph-mode behaviour that sessionflow has: resource variables by default."""
    enable_resource_variables()
    enable_control_flow_v2()


def _nothing(*args, **kwargs):
    return None


_control_flow_v2 = [True]  # what tf.control_flow_v2_enabled reports; tf.cond/while_loop build If/While either way


def disable_control_flow_v2():
    _control_flow_v2[0] = False


def enable_control_flow_v2():
    _control_flow_v2[0] = True


def control_flow_v2() -> bool:
    return _control_flow_v2[0]


disable_tensor_equality = enable_tensor_equality = _nothing
disable_v2_tensorshape = enable_v2_tensorshape = _nothing


# --- tf.logging: TF's `tensorflow` Python logger ----------------------------------------------------------

_logger = _py_logging.getLogger("tensorflow")
_handler_lock = threading.Lock()
_handler_decided = []


def get_logger() -> _py_logging.Logger:
    """The `tensorflow` logger, set up as TF sets it up on first use: unless the root logger already has
    handlers, it gets a handler printing `LEVEL:tensorflow:message` on stderr (on stdout, and from INFO up,
    in an interactive interpreter)."""
    if not _handler_decided:
        with _handler_lock:
            if not _handler_decided:
                if not _py_logging.getLogger().handlers:
                    interactive = hasattr(sys, "ps1") or bool(sys.flags.interactive)
                    if interactive:
                        _logger.setLevel(_py_logging.INFO)
                    handler = _py_logging.StreamHandler(sys.stdout if interactive else sys.stderr)
                    handler.setFormatter(_py_logging.Formatter(_py_logging.BASIC_FORMAT, None))
                    _logger.addHandler(handler)
                _handler_decided.append(True)
    return _logger


def _log(level, msg, *args, **kwargs):
    get_logger().log(level, msg, *args, **kwargs)


def _at(level):
    def log(msg, *args, **kwargs):
        get_logger().log(level, msg, *args, **kwargs)
    return log


def log_if(level, msg, condition, *args):
    if condition:
        get_logger().log(level, msg, *args)


_log_counts: dict = {}
_log_counts_lock = threading.Lock()


def _count_from_caller() -> int:
    """The count of earlier log_every_n/log_first_n calls with this call's key, TF's: the first frame above
    the calling one that is in another file than it (so every call at a script's top level shares one count;
    `<unknown>` when there is no such frame)."""
    frame = sys._getframe(2)
    home = frame.f_code.co_filename
    frame = frame.f_back
    while frame is not None and frame.f_code.co_filename == home:
        frame = frame.f_back
    key = ("<unknown>", 0) if frame is None else (frame.f_code.co_filename, frame.f_lineno)
    with _log_counts_lock:
        count = _log_counts.get(key, 0)
        _log_counts[key] = count + 1
    return count


def log_every_n(level, msg, n, *args):
    """Logs `msg` on the first call with this key (see _count_from_caller) and every `n`th call after it."""
    log_if(level, msg, _count_from_caller() % n == 0, *args)


def log_first_n(level, msg, n, *args):
    """Logs `msg` on the first `n` calls with this key (see _count_from_caller)."""
    log_if(level, msg, _count_from_caller() < n, *args)


def flush():
    raise NotImplementedError()  # TF's tf.logging.flush


def _set_verbosity(v):
    get_logger().setLevel(v)


def _get_verbosity():
    return get_logger().getEffectiveLevel()


logging = types.SimpleNamespace(
    DEBUG=_py_logging.DEBUG, INFO=_py_logging.INFO, WARN=_py_logging.WARNING, WARNING=_py_logging.WARNING,
    ERROR=_py_logging.ERROR, FATAL=_py_logging.FATAL, set_verbosity=_set_verbosity, get_verbosity=_get_verbosity,
    debug=_at(_py_logging.DEBUG), info=_at(_py_logging.INFO), warning=_at(_py_logging.WARNING),
    warn=_at(_py_logging.WARNING), error=_at(_py_logging.ERROR), fatal=_at(_py_logging.FATAL),
    log=_log, vlog=_log, log_if=log_if, log_every_n=log_every_n, log_first_n=log_first_n, flush=flush,
    TaskLevelStatusMessage=_at(_py_logging.ERROR), get_logger=get_logger)
