"""Under `sessionflow run`, `import tensorflow` reports the TF 1.x API level sessionflow implements
("1.15.5") while `sessionflow.__version__` stays the package's own; the alias keeps every object's identity."""

from __future__ import annotations

import json
import os

from cli_helpers import ROOT, sessionflow

import sessionflow as sf

FACTS = """\
import json, unittest.mock, importlib.util
import tensorflow as tf
import tensorflow.compat.v1 as tf1
import tensorflow.nn
import tensorflow.errors
import sessionflow
facts = dict(
    version=tf.__version__, VERSION=tf.VERSION, version_VERSION=tf.version.VERSION,
    compat_v1=tf.compat.v1.__version__, imported_v1=tf1.__version__, sessionflow=sessionflow.__version__,
    GIT_VERSION=tf.GIT_VERSION, version_GIT_VERSION=tf.version.GIT_VERSION, COMPILER_VERSION=tf.COMPILER_VERSION,
    GRAPH_DEF_VERSION=tf.GRAPH_DEF_VERSION, git=tf.__git_version__,
    startswith_1=tf.__version__.startswith("1."),
    at_least_1_4=tuple(int(p) for p in tf.__version__.split(".")[:2]) >= (1, 4),
    same_objects=[tf.Session is sessionflow.Session, tf1.Variable is sessionflow.Variable,
                  tf.compat.v1.placeholder is sessionflow.placeholder, tf.nn is sessionflow.nn,
                  tensorflow.nn.relu is sessionflow.nn.relu, tf.errors is sessionflow.errors,
                  tf.train.Saver is sessionflow.train.Saver, tf.compat.v1 is tf],
    name=tf.__name__, spec=importlib.util.find_spec("tensorflow").name,
)
with unittest.mock.patch("tensorflow.Session") as fake:
    facts["patched_both"] = tf.Session is fake and sessionflow.Session is fake
facts["restored"] = tf.Session is sessionflow.Session and sessionflow.Session.__name__ == "Session"
x = tf.placeholder(tf.float32, [2])
with tf.Session() as sess:
    facts["runs"] = sess.run(x * 2, {x: [1.0, 2.0]}).tolist()
print(json.dumps(facts))
"""


def test_tensorflow_reports_the_tf1_api_level(tmp_path):
    (tmp_path / "facts.py").write_text(FACTS)
    done = sessionflow("run", "facts.py", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    facts = json.loads(done.stdout)
    assert facts["version"] == facts["VERSION"] == facts["version_VERSION"] == "1.15.5"
    assert facts["compat_v1"] == facts["imported_v1"] == "1.15.5"
    assert facts["sessionflow"] == "0.1.0"
    assert facts["GIT_VERSION"] == facts["version_GIT_VERSION"] == facts["git"]
    assert facts["GIT_VERSION"].startswith("v1.15.5-")
    assert facts["COMPILER_VERSION"] and isinstance(facts["GRAPH_DEF_VERSION"], int)
    assert facts["startswith_1"] and facts["at_least_1_4"]
    assert facts["same_objects"] == [True] * 8
    assert facts["name"] == facts["spec"] == "tensorflow"
    assert facts["patched_both"] and facts["restored"]
    assert facts["runs"] == [2.0, 4.0]


def test_sessionflow_keeps_its_own_version():
    assert sf.__version__ == "0.1.0"
    assert sf.VERSION == sf.version.VERSION == "1.15.5"
    with open(os.path.join(ROOT, "pyproject.toml"), encoding="utf-8") as f:
        assert f'version = "{sf.__version__}"' in f.read()


def test_every_version_name_tf1_has_is_there():
    from sessionflow._namespaces import tf1_names

    top = ("VERSION", "GIT_VERSION", "COMPILER_VERSION", "CXX11_ABI_FLAG", "MONOLITHIC_BUILD")
    wanted = sorted(n for n in tf1_names() if n.startswith(("version.", "GRAPH_DEF_VERSION")) or n in top)
    assert "version.GIT_VERSION" in wanted and "GRAPH_DEF_VERSION_MIN_CONSUMER" in wanted
    for name in wanted:
        obj = sf
        for part in name.split("."):
            obj = getattr(obj, part)
        assert isinstance(obj, (str, int)), name
