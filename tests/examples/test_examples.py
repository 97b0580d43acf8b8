"""The example programs run unmodified through `sessionflow run` and do what they say."""

import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = os.path.join(ROOT, "examples")


def run_example(name: str) -> str:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([ROOT, os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-m", "sessionflow", "run", os.path.join(EXAMPLES, name)],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_initializer_semantics_demo():
    out = run_example("initializer_semantics.py")
    assert "counter after 3 increments: 3" in out
    assert "counter after re-running the initializer: 0" in out
    first = re.search(r"weights after the first init: +(\[.*?\])", out, re.S).group(1)
    second = re.search(r"weights after the second init: +(\[.*?\])", out, re.S).group(1)
    fresh = re.search(r"first init in a new session: +(\[.*?\])", out, re.S).group(1)
    assert first != second and first == fresh
    assert "counter after init-once, increment, init-once: 1" in out


@pytest.mark.parametrize("name, minimum", [("digits_softmax.py", 0.90), ("digits_mlp.py", 0.95),
                                           ("digits_cnn.py", 0.95)])
def test_digits_examples_learn(name, minimum):
    pytest.importorskip("sklearn")
    out = run_example(name)
    accuracy = float(re.search(r"test accuracy: ([0-9.]+)", out).group(1))
    assert accuracy >= minimum, out
