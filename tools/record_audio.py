"""Record the WAV goldens from real TensorFlow.

    /root/tfenv/bin/python tools/record_audio.py

Runs tests/ops/audio_program.py on TF 2.21 (graph mode) and writes tests/ops/goldens/audio.json, which
tests/ops/test_audio.py compares with sessionflow's results for the same program.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow.compat.v1 as tf  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "ops"))
from audio_program import run  # noqa: E402

OUT = ROOT / "tests" / "ops" / "goldens" / "audio.json"

if __name__ == "__main__":
    tf.disable_eager_execution()
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(run(tf), indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT}")
