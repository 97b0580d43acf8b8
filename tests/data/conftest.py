"""Shared setup for the tf.data tests: a fresh default graph for each test."""

from __future__ import annotations

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import sessionflow as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield
    assert tf.get_default_session() is None, "test leaked a default session"
    tf.reset_default_graph()
