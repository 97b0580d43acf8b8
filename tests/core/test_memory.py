"""The runtime's allocation policy (sessionflow/runtime/memory.py)."""

import subprocess
import sys

import pytest

from sessionflow.runtime import memory

_PROBE = ("import sessionflow as tf; from sessionflow.runtime import memory; "
          "tf.Session(); print(memory.keep_large_buffers())")


def _probe(env_value):
    env = {"PATH": "", "SESSIONFLOW_MALLOC_TUNING": env_value} if env_value is not None else {"PATH": ""}
    result = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                            env={**env, "PYTHONPATH": ":".join(sys.path)}, check=True)
    return result.stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the policy is glibc's mallopt")
def test_a_session_keeps_large_buffers_on_glibc():
    assert _probe(None) in ("True", "False")  # False only where the C library is not glibc
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        pytest.skip("not glibc")
    assert _probe(None) == "True"


def test_the_environment_switch_leaves_the_allocator_alone():
    assert _probe("0") == "False"


def test_applied_once_and_idempotent():
    first = memory.keep_large_buffers()
    assert memory.keep_large_buffers() is first
