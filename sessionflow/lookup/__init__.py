"""Lookup tables: `tf.lookup` (names exported from tables.py) and `tf.contrib.lookup` (contrib.py)."""

from __future__ import annotations

from . import tables  # noqa: F401 - registers the tf.lookup names
