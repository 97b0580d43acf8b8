"""Records tests/compat/goldens/config_programs.json: the cases of tests/compat/programs/config_programs.py run
on real TensorFlow in TF1 graph mode (reference variables), each in a fresh process since tf.config's
settings belong to the process.

    /root/tfenv/bin/python tools/record_config.py [CASE ...]   (only the cases named, the others kept)
"""

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = os.path.join(ROOT, "tests", "compat", "programs")

RUN_CASE = """
import sys
sys.path.insert(0, {programs!r})
import tensorflow.compat.v1 as tf
tf.disable_eager_execution()
tf.disable_resource_variables()
import config_programs
config_programs.main({case!r}, tf)
"""


def main():
    sys.path.insert(0, PROGRAMS)
    import config_programs
    import tensorflow as real_tf

    path = os.path.join(ROOT, "tests", "compat", "goldens", "config_programs.json")
    goldens = {"_recorded_with": f"TensorFlow {real_tf.__version__}"}
    chosen = sys.argv[1:] or list(config_programs.CASES)  # cases named on the command line: re-record only those
    if sys.argv[1:]:
        with open(path) as f:
            goldens = dict(json.load(f), _recorded_with=goldens["_recorded_with"])
    for case in chosen:
        done = subprocess.run([sys.executable, "-c", RUN_CASE.format(programs=PROGRAMS, case=case)],
                              capture_output=True, text=True, check=True,
                              env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES=""))
        goldens[case] = json.loads(done.stdout.splitlines()[-1])
        print(case, "ok")
    with open(path, "w") as f:
        json.dump(goldens, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
