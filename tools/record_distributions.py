"""Record the tf.distributions goldens from real TensorFlow.

    /root/tfenv/bin/python tools/record_distributions.py

Runs tests/distributions_program.py with TF 2.21's `tf.compat.v1.distributions` (graph mode) and writes
tests/goldens/distributions.json, which tests/test_distributions.py compares with sessionflow's results.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow.compat.v1 as tf  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from distributions_program import run  # noqa: E402

OUT = ROOT / "tests" / "goldens" / "distributions.json"

if __name__ == "__main__":
    tf.disable_eager_execution()
    tf.logging.set_verbosity(tf.logging.ERROR)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(run(tf), indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT}")
