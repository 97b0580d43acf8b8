"""Records TensorFlow's results for tests/train/test_external_optimizer.py.

    /root/tfenv/bin/python tools/record_scipy_optimizer.py

TF 2.21 has no tf.contrib, so tf.contrib.opt.ScipyOptimizerInterface cannot run there. The programs of
tests/train/scipy_optimizer_programs.py run instead with sessionflow's interface class (its module's source,
sessionflow/train/external_optimizer.py) executed over TensorFlow's compat.v1 API: the same graph TF 1.15's
interface builds (packed variables and gradients, feeds in place of the variables, Assigns of the result), so
the losses SciPy sees are TensorFlow's kernels' values. Writes tests/train/goldens/scipy_optimizer.json.
"""

import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "train"))

import scipy_optimizer_programs as programs
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def interface_on_tensorflow():
    path = os.path.join(ROOT, "sessionflow", "train", "external_optimizer.py")
    with open(path) as f:
        source = f.read()
    assert "import sessionflow as tf\n" in source
    namespace = {"__name__": "external_optimizer_on_tf", "tf": tf}
    exec(compile(source.replace("import sessionflow as tf\n", ""), path, "exec"), namespace)  # noqa: S102
    return namespace["ScipyOptimizerInterface"]


def main():
    interface = interface_on_tensorflow()
    goldens = {name: program(tf, interface) for name, program in programs.PROGRAMS.items()}
    goldens["_recorded_with"] = f"tensorflow {tf.__version__}"
    out = os.path.join(ROOT, "tests", "train", "goldens", "scipy_optimizer.json")
    with open(out + ".tmp", "w") as f:
        json.dump(goldens, f, indent=1)
        f.write("\n")
    os.replace(out + ".tmp", out)
    print("wrote", out)


if __name__ == "__main__":
    main()
