"""Suite-wide: `@pytest.mark.numpy_backend` pins a test to the NumPy interpreter whatever
SESSIONFLOW_BACKEND says, for tests of the interpreter's own machinery (BLAS thread sizing, step
fusion, checks XLA cannot make such as integer division by zero). The suite's XLA pass
(`SESSIONFLOW_BACKEND=xla`) runs every other test compiled.

The suite runs on the backend SESSIONFLOW_BACKEND names, NumPy when it names none (set here, so
subprocesses inherit it): sessionflow's own default, "auto", switches a plan to XLA whenever its
background compile finishes, which would make exact comparisons with TF's goldens depend on timing.
tests/xla/test_xla_default.py checks the default itself, in subprocesses without the variable."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SESSIONFLOW_BACKEND", "numpy")


def pytest_configure(config):
    config.addinivalue_line("markers", "numpy_backend: the test checks the NumPy interpreter itself (runs on it "
                                       "under any SESSIONFLOW_BACKEND)")


@pytest.fixture(autouse=True)
def _pinned_backend(request):
    if request.node.get_closest_marker("numpy_backend") is None:
        yield
        return
    from sessionflow.runtime.backends import xla_select

    xla_select.set_backend("numpy")
    yield
    xla_select.set_backend(None)
