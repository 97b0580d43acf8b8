"""Suite-wide: `@pytest.mark.numpy_backend` pins a test to the NumPy interpreter whatever
SESSIONFLOW_BACKEND says, for tests of the interpreter's own machinery (BLAS thread sizing, step
fusion, checks XLA cannot make such as integer division by zero). The suite's XLA pass
(`SESSIONFLOW_BACKEND=xla`) runs every other test compiled."""

from __future__ import annotations

import pytest


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
