"""Runs tf-slim's own test suite (its *_test.py files ship in the tf-slim wheel) on sessionflow, or on TensorFlow
for the baseline, and prints pass/fail per file.

    python tools/run_tf_slim_tests.py                      # on sessionflow (tf-slim installed: '.[contrib]')
    /path/to/tf-venv/bin/python tools/run_tf_slim_tests.py --tensorflow   # the baseline (TF 2.21 + tf-slim)

Each test file runs in its own process (unittest's loader and runner over the imported module, so per-test
results are known), with a time limit. On sessionflow `tensorflow` is sessionflow's alias; on TensorFlow it is
`tensorflow.compat.v1` as tf-slim expects, with TF_USE_LEGACY_KERAS=1 and TF 2.21's missing
`tf_keras.legacy_tf_layers` module pointed at `tf_keras.src.legacy_tf_layers` (TF's normalization layers load it).
`--write FILE` keeps the per-file table, each test's outcome and each failure's exception line as JSON
(tools/tf_slim_results/ holds both runs; naming some test files updates theirs in an existing FILE);
`--compare FILE` reports how many of the tests that pass there pass here; `--require 0.9` with it makes the run
fail below that share (.ci/run's third step).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

_WORKER = r"""
import json, os, sys, traceback, unittest, importlib
module_name, backend = sys.argv[1], sys.argv[2]
if backend == "sessionflow":
    from sessionflow.compat import alias
    alias.install()
else:
    import tf_keras.src.legacy_tf_layers
    sys.modules.setdefault("tf_keras.legacy_tf_layers", tf_keras.src.legacy_tf_layers)
    import tensorflow.compat.v1 as tf
    tf.disable_eager_execution()
outcome, reasons = {}, {}

def reason(err):
    line = traceback.format_exception_only(err[0], err[1])[-1].strip().replace(os.getcwd() + os.sep, "")
    return " ".join(line.split())[:300]  # paths relative to the repository (the worker runs there)

try:
    module = importlib.import_module(module_name)
    suite = unittest.defaultTestLoader.loadTestsFromModule(module)
except Exception as e:
    print("\n@@RESULT@@" + json.dumps({"import_error": f"{type(e).__name__}: {e}"[:500]}))
    sys.exit(0)

class Result(unittest.TextTestResult):
    def addSuccess(self, test):
        super().addSuccess(test); outcome[test.id()] = "pass"
    def addFailure(self, test, err):
        super().addFailure(test, err); outcome[test.id()] = "fail"; reasons[test.id()] = reason(err)
    def addError(self, test, err):
        super().addError(test, err); outcome[test.id()] = "error"; reasons[test.id()] = reason(err)
    def addSkip(self, test, reason):
        super().addSkip(test, reason); outcome[test.id()] = "skip"
    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err); outcome[test.id()] = "pass"
    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test); outcome[test.id()] = "fail"

unittest.TextTestRunner(stream=sys.stderr, verbosity=0, resultclass=Result).run(suite)
print("\n@@RESULT@@" + json.dumps({"tests": outcome, "reasons": reasons}))
"""


def test_modules() -> list[str]:
    """tf_slim's test modules (`tf_slim.layers.layers_test`, ...), found next to the installed package."""
    import importlib.util

    spec = importlib.util.find_spec("tf_slim")
    if spec is None:
        sys.exit("tf-slim is not installed (pip install '.[contrib]')")
    base = os.path.dirname(spec.origin)
    found = []
    for folder, _, files in os.walk(base):
        for name in files:
            if name.endswith("_test.py"):
                relative = os.path.relpath(os.path.join(folder, name[:-3]), os.path.dirname(base))
                found.append(relative.replace(os.sep, "."))
    return sorted(found)


def run_file(module: str, backend: str, timeout: float) -> dict:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_USE_LEGACY_KERAS="1", CUDA_VISIBLE_DEVICES="")
    # as tests/conftest.py does: the NumPy interpreter unless a backend is named, so a background XLA compile
    # finishing at a random moment ("auto", the default where JAX is installed) cannot change a test's result
    env.setdefault("SESSIONFLOW_BACKEND", "numpy")
    env["PYTHONPATH"] = os.pathsep.join([ROOT, env.get("PYTHONPATH", "")])
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-c", _WORKER, module, backend], capture_output=True, text=True,
                              timeout=timeout, env=env, cwd=ROOT, check=False)
    except subprocess.TimeoutExpired:
        return {"timeout": timeout, "seconds": round(time.monotonic() - started, 1)}
    seconds = round(time.monotonic() - started, 1)
    marker = done.stdout.rfind("@@RESULT@@")
    if marker < 0:
        return {"crash": (done.stderr or done.stdout)[-500:], "seconds": seconds}
    return dict(json.loads(done.stdout[marker + len("@@RESULT@@"):].strip()), seconds=seconds)


def summary(result: dict) -> dict:
    tests = result.get("tests", {})
    counts = {kind: sum(1 for v in tests.values() if v == kind) for kind in ("pass", "fail", "error", "skip")}
    counts["status"] = ("import error" if "import_error" in result else "timeout" if "timeout" in result
                        else "crash" if "crash" in result else "ran")
    return counts


def remaining_failures(results: dict, baseline: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    """The tests that pass in `baseline` and not in `results`, grouped by their exception line (numbers and
    quoted names blurred so that one cause is one group), largest group first: [(cause, [(test, reason)])]."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for module, result in results.items():
        passing = baseline.get(module, {}).get("tests", {})
        for test, outcome in passing.items():
            if outcome != "pass" or result.get("tests", {}).get(test) == "pass":
                continue
            reason = (result.get("reasons", {}).get(test) or result.get("import_error")
                      or ("timed out" if "timeout" in result else "crashed" if "crash" in result else "not run"))
            cause = re.sub(r"\d+", "N", re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", reason))[:110]
            groups.setdefault(cause, []).append((test, reason))
    return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))


def write_failures(path: str, groups, passing: int, total: int) -> None:
    """A Markdown list of every remaining failure (a test that passes on TF 2.21), by cause."""
    lines = ["# tf-slim tests that pass on TensorFlow 2.21 and not on sessionflow", "",
             (f"Written by tools/run_tf_slim_tests.py --failures: {passing} of the {total} tests that pass on TF "
              f"2.21 pass on sessionflow ({passing / max(total, 1):.1%}); the other {total - passing}, grouped by "
              "the exception they end with:"), ""]
    for cause, tests in groups:
        lines.append(f"## {len(tests)} × {cause}")
        lines.append("")
        lines.extend(f"- `{test}`: {reason}" for test, reason in tests)
        lines.append("")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tensorflow", action="store_true", help="run on TensorFlow (the baseline)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per test file")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--write", help="keep the results as JSON here")
    parser.add_argument("--compare", help="a results JSON (the baseline): how many of its passing tests pass here")
    parser.add_argument("--failures", help="with --compare: write every test that passes there and not here, "
                                           "grouped by cause, as Markdown to this file")
    parser.add_argument("--require", type=float, metavar="SHARE",
                        help="with --compare: exit with status 1 when less than SHARE (0-1) of its passing tests "
                             "pass here (CI uses 0.9)")
    parser.add_argument("modules", nargs="*", help="only these test modules (default: all of tf-slim's)")
    args = parser.parse_args(argv)
    backend = "tensorflow" if args.tensorflow else "sessionflow"
    status = 0
    modules = args.modules or test_modules()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = dict(zip(modules, pool.map(lambda m: run_file(m, backend, args.timeout), modules)))
    print(f"{'file':45s} {'pass':>5s} {'fail':>5s} {'error':>5s} {'skip':>5s}  status")
    total = dict.fromkeys(("pass", "fail", "error", "skip"), 0)
    for module, result in results.items():
        counts = summary(result)
        for key in total:
            total[key] += counts[key]
        print(f"{module:45s} {counts['pass']:5d} {counts['fail']:5d} {counts['error']:5d} {counts['skip']:5d}  "
              f"{counts['status']} ({result['seconds']} s)")
    ran = sum(total.values())
    print(f"{'total':45s} {total['pass']:5d} {total['fail']:5d} {total['error']:5d} {total['skip']:5d}  "
          f"({total['pass'] / max(ran, 1):.1%} of {ran} tests that ran pass)")
    if args.compare:
        with open(args.compare, encoding="utf-8") as f:
            baseline = json.load(f)["results"]
        passing = {(m, t) for m, r in baseline.items() for t, v in r.get("tests", {}).items() if v == "pass"}
        here = {(m, t) for m, r in results.items() for t, v in r.get("tests", {}).items() if v == "pass"}
        print(f"{len(passing & here)} of the {len(passing)} tests that pass in {args.compare} pass here "
              f"({len(passing & here) / max(len(passing), 1):.1%})")
        groups = remaining_failures(results, baseline)
        print("the most common causes of the others:")
        for cause, tests in groups[:10]:
            print(f"  {len(tests):4d}  {cause}")
        if args.failures:
            write_failures(args.failures, groups, len(passing & here), len(passing))
        share = len(passing & here) / max(len(passing), 1)
        if args.require is not None and share < args.require:
            print(f"FAILED: {share:.1%} of the tests that pass on the baseline pass here; at least "
                  f"{args.require:.0%} are required")
            status = 1
    if args.write:
        import importlib.metadata

        kept = {}
        if args.modules and os.path.exists(args.write):  # a rerun of some files updates theirs, keeps the rest
            with open(args.write, encoding="utf-8") as f:
                kept = json.load(f)["results"]
        kept.update(results)
        total = dict.fromkeys(total, 0)
        for result in kept.values():
            counts = summary(result)
            for key in total:
                total[key] += counts[key]
        record = {"backend": backend, "tf_slim": importlib.metadata.version("tf-slim"),
                  "totals": total, "results": kept}
        if args.tensorflow:
            import tensorflow

            record["tensorflow"] = tensorflow.__version__
        with open(args.write, "w", encoding="utf-8") as f:
            json.dump(record, f, indent=1, sort_keys=True)
            f.write("\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
