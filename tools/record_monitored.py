"""Records what TF does with the programs of tests/monitored/monitored_programs (MonitoredTrainingSession,
hooks, checkpoints, summaries) as tests/monitored/goldens.json. Run with the TF oracle's Python:

    TF_USE_LEGACY_KERAS=1 /root/tfenv/bin/python tools/record_monitored.py
"""

import importlib
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.join(HERE, "..", "tests", "monitored")
PROGRAMS = ["train_and_resume", "nan_and_order", "more_hooks", "supervisor_loop", "warm_start_program", "evaluation_program"]


def main():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    tf.disable_resource_variables()
    sys.path.insert(0, TESTS)
    goldens = {}
    for name in PROGRAMS:
        module = importlib.import_module(f"monitored_programs.{name}")
        with tempfile.TemporaryDirectory() as workdir:
            goldens[name] = module.run(tf, "tensorflow", workdir)
    with open(os.path.join(TESTS, "goldens.json"), "w") as f:
        json.dump(goldens, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", os.path.join(TESTS, "goldens.json"))


if __name__ == "__main__":
    main()
