"""Records what TensorFlow does with the programs of tests/compat/programs/ (TF1 code that imports
`tensorflow.python.*`, and a tf.test.TestCase file).

    /path/to/tf-venv/bin/python tools/record_python_paths.py

Each program runs unmodified under this Python (TensorFlow 2.21) in a subprocess:
`python_paths_program.py` prints one JSON object, kept as tests/compat/goldens/python_paths_program.json;
`model_tests.py` runs its tests with `tf.test.main()`, and how many ran, failed and were skipped is kept as
tests/compat/goldens/model_tests.json. sessionflow never imports TensorFlow; tests/compat/ reads the JSON.
"""

import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = os.path.join(ROOT, "tests", "compat", "programs")
GOLDENS = os.path.join(ROOT, "tests", "compat", "goldens")
ENV = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_USE_LEGACY_KERAS="1")


def run(program: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, program], cwd=PROGRAMS, env=ENV, capture_output=True, text=True,
                          timeout=600, check=False)


def unittest_counts(stderr: str) -> dict:
    """{"ran", "failures", "errors", "skipped"} from unittest's closing lines."""
    counts = {"ran": int(re.search(r"^Ran (\d+) tests?", stderr, re.M).group(1))}
    for key in ("failures", "errors", "skipped"):
        found = re.search(rf"{key}=(\d+)", stderr.splitlines()[-1])
        counts[key] = int(found.group(1)) if found else 0
    return counts


def write(name: str, value: dict) -> None:
    import tensorflow as tf

    value = dict(value, _recorded_with=f"tensorflow {tf.__version__}")
    path = os.path.join(GOLDENS, name)
    with open(f"{path}.tmp", "w", encoding="utf-8") as f:
        json.dump(value, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(f"{path}.tmp", path)
    print("wrote", path)


def main() -> int:
    os.makedirs(GOLDENS, exist_ok=True)
    done = run("python_paths_program.py")
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        return 1
    write("python_paths_program.json", json.loads(done.stdout.splitlines()[-1]))
    done = run("model_tests.py")
    write("model_tests.json", unittest_counts(done.stderr))
    return 0


if __name__ == "__main__":
    sys.exit(main())
