"""Records what TensorFlow 2.21 does with tests/compat/programs/tf_slim_internals_program.py (TF 1.x behaviours and
`tensorflow.python.*` internals tf-slim's code and tests rely on, one case each).

    /path/to/tf-venv/bin/python tools/record_tf_slim_internals.py

The program prints one JSON object, kept as tests/compat/goldens/tf_slim_internals_program.json; sessionflow never
imports TensorFlow, tests/compat/test_tf_slim_internals.py reads the JSON.
"""

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAM = os.path.join(ROOT, "tests", "compat", "programs", "tf_slim_internals_program.py")
GOLDEN = os.path.join(ROOT, "tests", "compat", "goldens", "tf_slim_internals_program.json")
ENV = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_USE_LEGACY_KERAS="1")


def main() -> int:
    done = subprocess.run([sys.executable, PROGRAM], env=ENV, capture_output=True, text=True, timeout=600,
                          check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        return 1
    import tensorflow as tf

    value = dict(json.loads(done.stdout.splitlines()[-1]), _recorded_with=f"tensorflow {tf.__version__}")
    with open(f"{GOLDEN}.tmp", "w", encoding="utf-8") as f:
        json.dump(value, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(f"{GOLDEN}.tmp", GOLDEN)
    print("wrote", GOLDEN)
    return 0


if __name__ == "__main__":
    sys.exit(main())
