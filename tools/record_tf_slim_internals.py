"""Records what TensorFlow 2.21 does with tests/compat/programs/tf_slim_internals_program.py (TF 1.x behaviours and
`tensorflow.python.*` internals tf-slim's code and tests rely on, one case each).

    /path/to/tf-venv/bin/python tools/record_tf_slim_internals.py

The program prints one JSON object, kept as tests/compat/goldens/tf_slim_internals_program.json; sessionflow never
imports TensorFlow, tests/compat/test_tf_slim_internals.py reads the JSON.
"""

import os
import sys

from record_contrib import record  # the same run-and-keep step as the contrib program's recorder

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAM = os.path.join(ROOT, "tests", "compat", "programs", "tf_slim_internals_program.py")
GOLDEN = os.path.join(ROOT, "tests", "compat", "goldens", "tf_slim_internals_program.json")


def _version() -> str:
    import tensorflow as tf

    return f"tensorflow {tf.__version__}"


def main() -> int:
    return record(PROGRAM, GOLDEN, _version)


if __name__ == "__main__":
    sys.exit(main())
