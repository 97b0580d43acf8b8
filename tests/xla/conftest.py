"""The XLA backend's tests: skipped as a whole where JAX is not installed (it is an optional extra)."""

from __future__ import annotations

import pytest

pytest.importorskip("jax")

import sessionflow as tf  # noqa: E402
from sessionflow.runtime.backends import xla_select  # noqa: E402


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    tf.disable_resource_variables()
    yield
    xla_select.set_backend(None)
    assert tf.get_default_session() is None, "test leaked a default session"
    tf.reset_default_graph()
