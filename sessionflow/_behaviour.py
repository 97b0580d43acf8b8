"""TF's behaviour switches. sessionflow always has TF1 graph-mode behaviour, so they are accepted
and change nothing (except the resource-variable default, see `variables`)."""

from __future__ import annotations

import logging as _py_logging
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


def _set_verbosity(level):
    _py_logging.getLogger("sessionflow").setLevel(level)


_logger = _py_logging.getLogger("sessionflow")
logging = types.SimpleNamespace(
    DEBUG=_py_logging.DEBUG, INFO=_py_logging.INFO, WARN=_py_logging.WARNING, WARNING=_py_logging.WARNING,
    ERROR=_py_logging.ERROR, FATAL=_py_logging.FATAL, set_verbosity=_set_verbosity,
    get_verbosity=_logger.getEffectiveLevel, info=_logger.info, warning=_logger.warning, warn=_logger.warning,
    error=_logger.error, debug=_logger.debug, fatal=_logger.critical, log=_logger.log)
