"""tf.test: a TestCase file written as users write them passes and fails as on TensorFlow, run with
`sessionflow run` (tf.test.main) and with `python -m pytest -p sessionflow.testing`; the module functions,
decorators and the gradient checker."""

from __future__ import annotations

import os
import re
import unittest

import numpy as np
import pytest
from compat_harness import golden, python

import sessionflow as sf
from sessionflow import testing


def _unittest_counts(stderr: str) -> dict:
    last = stderr.strip().splitlines()[-1]
    counts = {"ran": int(re.search(r"^Ran (\d+) tests?", stderr, re.M).group(1))}
    for key in ("failures", "errors", "skipped"):
        found = re.search(rf"{key}=(\d+)", last)
        counts[key] = int(found.group(1)) if found else 0
    return counts


def test_a_testcase_file_runs_with_sessionflow_run_as_on_tf():
    done = python("-m", "sessionflow", "run", "model_tests.py")
    assert done.returncode == 0, done.stderr
    assert _unittest_counts(done.stderr) == golden("model_tests.json")


def test_a_testcase_file_runs_with_pytest_under_the_alias():
    done = python("-m", "pytest", "-p", "sessionflow.testing", "-p", "no:cacheprovider", "model_tests.py")
    assert done.returncode == 0, done.stdout + done.stderr
    expected = golden("model_tests.json")
    summary = done.stdout.strip().splitlines()[-1]
    assert f"{expected['ran'] - expected['skipped']} passed" in summary and f"{expected['skipped']} skipped" in summary


def test_a_failing_test_fails_under_sessionflow_run(tmp_path):
    (tmp_path / "failing_tests.py").write_text(
        "import tensorflow as tf\n\n"
        "class T(tf.test.TestCase):\n"
        "    def test_close(self):\n"
        "        self.assertAllClose([1.0, 2.0], tf.constant([1.0, 2.5]))\n\n"
        "if __name__ == '__main__':\n    tf.test.main()\n")
    done = python("-m", "sessionflow", "run", "failing_tests.py", cwd=str(tmp_path))
    assert done.returncode == 1
    assert "not close where = (array([1]),)" in done.stderr
    assert "FAILED (failures=1, skipped=1)" in done.stderr  # test_session: skipped, as in TF
    assert "sessionflow/testing.py" not in done.stderr  # unittest leaves the assertion's own frames out


class _Probe(testing.TestCase):
    __test__ = False  # run by the tests below, not collected on its own

    def test_graph(self):
        self.graph = sf.get_default_graph()
        self.seed = self.graph.seed
        self.cached = None
        with self.cached_session() as sess:
            self.cached = sess

    def test_session(self):
        raise AssertionError("the session helper is not a test")


def _run(*names) -> unittest.TestResult:
    result = unittest.TestResult()
    unittest.TestSuite(_Probe(name) for name in names).run(result)
    return result


def test_each_test_gets_a_fresh_seeded_graph_and_its_session_is_closed():
    outer = sf.get_default_graph()
    first, second = _Probe("test_graph"), _Probe("test_graph")
    result = unittest.TestResult()
    unittest.TestSuite([first, second]).run(result)
    assert result.wasSuccessful()
    assert first.graph is not second.graph and first.graph is not outer
    assert first.seed == second.seed == 87654321
    assert first.cached._closed and first._cached_session is None
    with pytest.raises(RuntimeError):
        first.cached.run(sf.constant(1))


def test_the_test_session_helper_is_skipped_not_run():
    result = _run("test_session")
    assert len(result.skipped) == 1 and result.skipped[0][1] == "Not a test." and not result.failures


def test_mode_decorators_run_once_in_graph_mode_or_skip():
    calls = []

    class Case(testing.TestCase):
        @testing.run_in_graph_and_eager_modes
        def test_graph_and_eager(self):
            calls.append(sf.get_default_session() is not None)

        @testing.run_in_graph_and_eager_modes(use_gpu=False)
        def test_graph_and_eager_called(self):
            calls.append("called")

        @testing.run_deprecated_v1
        def test_v1(self):
            calls.append("v1")

        @testing.run_v1_only("reason")
        def test_v1_only(self):
            calls.append("v1 only")

        @testing.run_v2_only
        def test_v2_only(self):
            calls.append("never")

        @testing.run_gpu_only
        def test_gpu(self):
            calls.append("never")

        @testing.disable_xla("no XLA")
        def test_xla(self):
            calls.append("xla")

    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(Case).run(result)
    assert result.wasSuccessful() and len(result.skipped) == 3  # v2 only, GPU only, and test_session
    assert sorted(map(str, calls)) == sorted(["True", "called", "v1", "v1 only", "xla"])


def test_module_functions():
    assert sf.test.is_gpu_available() is False and sf.test.is_gpu_available(cuda_only=True) is False
    assert sf.test.gpu_device_name() == "" and not sf.test.is_built_with_cuda()
    assert os.path.isdir(sf.test.get_temp_dir()) and sf.test.get_temp_dir() == sf.test.get_temp_dir()
    import unittest.mock

    assert sf.test.mock is unittest.mock
    assert sf.compat.v1.test.TestCase is testing.TestCase
    with pytest.raises(AttributeError, match="tf.test.create_local_cluster is a TensorFlow 1.x API"):
        sf.test.create_local_cluster  # noqa: B018


def test_compute_gradient_matches_the_analytic_jacobian():
    with sf.Graph().as_default(), sf.Session() as sess:
        x = sf.placeholder(sf.float64, [3])
        w = sf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], dtype=sf.float64)
        y = sf.tanh(sf.matmul(x[None, :], w))[0]
        x0 = np.array([0.1, -0.2, 0.3])
        theoretical, numerical = sf.test.compute_gradient(x, [3], y, [2], x_init_value=x0)
        analytic = w.eval() * (1 - np.tanh(x0 @ w.eval()) ** 2)
        np.testing.assert_allclose(theoretical, analytic, rtol=1e-12)
        np.testing.assert_allclose(numerical, analytic, atol=1e-4)  # central differences, delta 1e-3
        assert sess is sf.get_default_session()
        pairs = sf.test.compute_gradient([x], [[3]], y, [2], x_init_value=[x0])
        assert len(pairs) == 1 and np.allclose(pairs[0][0], analytic)
        assert 0 < sf.test.compute_gradient_error(x, [3], y, [2], x_init_value=x0) < 1e-4
        with pytest.raises(AssertionError, match="Don't support type int32 for x"):
            sf.test.compute_gradient(sf.placeholder(sf.int32, [2]), [2], y, [2])
