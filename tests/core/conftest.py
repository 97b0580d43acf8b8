"""Shared setup for the core-engine tests.

Every test starts on a fresh default graph with no default session, so names like `Const_1` and
collection contents are predictable. Expected values marked "recorded from TF 2.21" were obtained
by running the same snippet on TensorFlow 2.21 (`tensorflow.compat.v1`, `disable_v2_behavior()`);
TensorFlow itself is never imported here.
"""

from __future__ import annotations

import os
import sys

import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)

import sessionflow as tf  # noqa: E402 - after the path set-up above


@pytest.fixture(autouse=True)
def fresh_graph():
    """A new, empty default graph for each test; checks the test left no default session behind."""
    tf.reset_default_graph()
    tf.disable_resource_variables()
    yield
    assert tf.get_default_session() is None, "test leaked a default session"
    tf.reset_default_graph()


@pytest.fixture
def sess():
    """A session on the (fresh) default graph, closed afterwards."""
    s = tf.Session()
    yield s
    s.close()
