"""Records what TensorFlow 2.21 + tf-slim do with tests/compat/programs/contrib_slim_program.py (a TF1 model
written with tf.contrib.layers / tf.contrib.framework; on TF 2.x those are the `tf_slim` package).

    /path/to/tf-venv/bin/pip install tf-slim
    /path/to/tf-venv/bin/python tools/record_contrib.py

The program prints one JSON object, kept as tests/compat/goldens/contrib_slim_program.json; sessionflow never
imports TensorFlow, tests/compat/test_contrib.py reads the JSON.
"""

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAM = os.path.join(ROOT, "tests", "compat", "programs", "contrib_slim_program.py")
GOLDEN = os.path.join(ROOT, "tests", "compat", "goldens", "contrib_slim_program.json")
ENV = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_USE_LEGACY_KERAS="1")


def record(program: str, golden: str, recorded_with) -> int:
    """Runs `program` with this (TensorFlow's) Python and keeps the JSON object it prints last in `golden`
    (atomically), with `recorded_with()` (called after the run: it may import TF) as `_recorded_with`."""
    done = subprocess.run([sys.executable, program], env=ENV, capture_output=True, text=True, timeout=600,
                          check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        return 1
    value = dict(json.loads(done.stdout.splitlines()[-1]), _recorded_with=recorded_with())
    with open(f"{golden}.tmp", "w", encoding="utf-8") as f:
        json.dump(value, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(f"{golden}.tmp", golden)
    print("wrote", golden)
    return 0


def _versions() -> str:
    from importlib.metadata import version

    import tensorflow as tf
    import tf_slim  # noqa: F401 - its version is recorded

    return f"tensorflow {tf.__version__}, tf-slim {version('tf-slim')}"


def main() -> int:
    return record(PROGRAM, GOLDEN, _versions)


if __name__ == "__main__":
    sys.exit(main())
