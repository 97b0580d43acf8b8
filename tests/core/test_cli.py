"""`python -m sessionflow run SCRIPT`: the seed article's three TF1 programs run unchanged.

Expected output is what TensorFlow 2.21 prints for them (see shared/seed-examples/README.md):
re-running `tf.global_variables_initializer()` resets variables, and a random initial value is a
fresh draw every time.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = os.path.join(REPO_ROOT, "..", "shared", "seed-examples")


def _run(name: str) -> str:
    script = os.path.join(EXAMPLES, name)
    if not os.path.isfile(script):
        pytest.skip(f"{script} not found")
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO_ROOT + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run([sys.executable, "-m", "sessionflow", "run", script], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_example1_basic_init():
    assert _run("example1_basic_init.py").splitlines() == [
        "Value after first init: 1.0",
        "Value after second init: 1.0",
        "Value after explicit assignment: 2.0",
        "Value after init, following assignment: 1.0",
    ]


def test_example2_counter():
    assert _run("example2_counter.py").splitlines() == [
        "Initial Counter: 0",
        "Counter: 1",
        "Counter: 2",
        "Counter: 3",
        "Counter after second init: 0",
    ]


def test_example3_random_init_prints_four_different_vectors():
    text = _run("example3_random_init.py")
    labels = ["Random variable first init:", "Random variable second init:",
              "Random variable after assigning new random:", "Random variable init after assigning random:"]
    # NumPy may wrap a printed vector over two lines, so parse the whole output
    pattern = "".join(rf"{re.escape(label)} \[([^\]]*)\]\n" for label in labels)
    match = re.fullmatch(pattern, text)
    assert match, text
    vectors = []
    for body in match.groups():
        numbers = body.split()
        assert len(numbers) == 5, body
        vectors.append(tuple(float(x) for x in numbers))
    assert len(set(vectors)) == 4


def test_version_flag():
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO_ROOT + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run([sys.executable, "-m", "sessionflow", "--version"], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0
    assert proc.stdout.strip().startswith("sessionflow ")


def test_missing_script_fails():
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO_ROOT + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run([sys.executable, "-m", "sessionflow", "run", "no_such_script.py"], cwd=REPO_ROOT,
                          env=env, capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode != 0
    assert "no_such_script.py" in proc.stderr
