"""Record the conditional-accumulator goldens from real TensorFlow.

    /root/tfenv/bin/python tools/record_accumulators.py

Runs every program of tests/queues/accumulator_programs.py on TF 2.21 (graph mode) and writes their results to
tests/queues/fixtures/accumulator_programs.json, which tests/queues/test_accumulators.py compares with
sessionflow's results for the same programs.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow.compat.v1 as tf  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "queues"))
from accumulator_programs import PROGRAMS  # noqa: E402

OUT = ROOT / "tests" / "queues" / "fixtures" / "accumulator_programs.json"


def main() -> None:
    tf.disable_eager_execution()
    results = {name: program(tf) for name, program in sorted(PROGRAMS.items())}
    OUT.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
