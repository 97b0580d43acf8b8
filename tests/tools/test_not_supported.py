"""A TF1 API sessionflow does not provide yet says so (and README's "Not supported yet" list stays true);
a name TensorFlow never had gets Python's plain AttributeError, with its "Did you mean" hint."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from cli_helpers import ROOT, sessionflow

import sessionflow as tf
from sessionflow._namespaces import tf1_names

NOT_YET = "is a TensorFlow 1.x API that sessionflow does not provide yet (see README: Not supported yet)"


def _readme_section() -> str:
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        text = f.read()
    return text.split("## Not supported yet", 1)[1].split("\n## ", 1)[0]


README_NAMES = sorted(set(re.findall(r"`tf\.([A-Za-z_][\w.]*)`", _readme_section())))


def test_readme_lists_names():
    assert {"lite",
            "saved_model.save"} <= set(README_NAMES)


@pytest.mark.parametrize("name", README_NAMES)
def test_each_name_readme_lists_is_missing_and_says_so(name):
    parent, _, leaf = name.rpartition(".")
    module = tf
    for part in parent.split(".") if parent else []:
        module = getattr(module, part)
    with pytest.raises(AttributeError) as caught:
        getattr(module, leaf)
    assert str(caught.value).endswith(f": tf.{name} {NOT_YET}"), (
        f"README lists tf.{name} as not supported yet; if sessionflow has it now, take it off the list")


def test_the_other_readme_claims():
    section = _readme_section()
    assert "XLA" in section and "queues and readers" in section
    from sessionflow.runtime.backends import xla

    assert not xla._traceable_stateful("QueueEnqueueV2")


def test_a_typo_gets_the_plain_error_with_a_hint():
    with pytest.raises(AttributeError) as caught:
        tf.Sesion  # noqa: B018
    assert str(caught.value) == "module 'sessionflow' has no attribute 'Sesion'"
    assert caught.value.name == "Sesion" and caught.value.obj is tf  # Python's traceback then suggests 'Session'
    with pytest.raises(AttributeError) as caught:
        tf.nn.relux  # noqa: B018
    assert str(caught.value) == "module 'sessionflow.nn' has no attribute 'relux'"
    assert not hasattr(tf, "__wrapped__") and not hasattr(tf.train, "_private")


def test_a_sub_namespace_names_the_tf1_symbol():
    with pytest.raises(AttributeError, match=re.escape(f"module 'sessionflow.train' has no attribute 'sdca_optimizer': "
                                                       f"tf.train.sdca_optimizer {NOT_YET}")):
        tf.train.sdca_optimizer  # noqa: B018
    from sessionflow.train import saver  # a package namespace still imports its submodules

    assert saver.Saver is tf.train.Saver


ALIASED = """\
import tensorflow as tf
for expr in ("tf.contrib.keras", "tf.train.sdca_optimizer", "tf.Sesion"):
    try:
        eval(expr)
    except AttributeError as e:
        print(e)
try:
    import tensorflow.contrib.keras as keras
except ImportError as e:
    print(type(e).__name__, e)
"""


def test_under_the_alias_the_module_is_tensorflow(tmp_path):
    (tmp_path / "script.py").write_text(ALIASED)
    done = sessionflow("run", "script.py", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"module 'tensorflow.contrib' has no attribute 'keras': tf.contrib.keras {NOT_YET}",
        f"module 'tensorflow.train' has no attribute 'sdca_optimizer': tf.train.sdca_optimizer {NOT_YET}",
        "module 'tensorflow' has no attribute 'Sesion'",
        f"ModuleNotFoundError No module named 'tensorflow.contrib.keras': tf.contrib.keras {NOT_YET}",
    ]


def test_the_names_file_loads_only_when_a_name_is_missing():
    code = ("import sessionflow, sessionflow._namespaces as n; print(n._tf1_names is None); "
            "sessionflow.Session; sessionflow.nn.relu; print(n._tf1_names is None); "
            "hasattr(sessionflow, 'lite'); print(n._tf1_names is None)")
    env = dict(os.environ, PYTHONPATH=ROOT)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120,
                          check=True)
    assert done.stdout.split() == ["True", "True", "False"]


def test_the_names_file_is_one_dotted_name_a_line():
    path = os.path.join(ROOT, "sessionflow", "_tf1_names.txt")
    with open(path, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f if not line.startswith("#")]
    assert len(lines) == len(set(lines)) > 2000
    assert all(re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", line) for line in lines)
    assert {"Session", "nn.relu", "nn.rnn_cell.LSTMCell", "train.Saver", "contrib", "estimator"} <= tf1_names()
