"""Every program tools/record_leftovers.py records, by name."""

from __future__ import annotations

import device_programs
import sync_replicas_programs

PROGRAMS = {f"{family}.{name}": fn for family, module in (("sync_replicas", sync_replicas_programs),
                                                         ("device", device_programs))
            for name, fn in module.PROGRAMS.items()}
