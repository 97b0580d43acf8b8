"""Record the goldens of SyncReplicasOptimizer, check numerics and the device helpers from real TensorFlow.

    /root/tfenv/bin/python tools/record_leftovers.py

Runs every program of tests/leftovers/*_programs.py on TF 2.21 (graph mode, reference variables) and writes
their results to tests/leftovers/goldens.json, which the tests in tests/leftovers compare with sessionflow's
results for the same programs.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow.compat.v1 as tf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "leftovers"))
import leftover_programs

OUT = ROOT / "tests" / "leftovers" / "goldens.json"


def main() -> None:
    tf.disable_eager_execution()
    tf.disable_resource_variables()
    results = {name: program(tf) for name, program in sorted(leftover_programs.PROGRAMS.items())}
    OUT.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
