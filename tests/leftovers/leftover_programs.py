"""Every program tools/record_leftovers.py records, by name."""

from __future__ import annotations

import sync_replicas_programs

PROGRAMS = {f"sync_replicas.{name}": fn for name, fn in sync_replicas_programs.PROGRAMS.items()}
