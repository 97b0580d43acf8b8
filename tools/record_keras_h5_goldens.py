"""Records TensorFlow's Keras weight files (HDF5) and ModelCheckpoint behaviour for the saving tests.

    TF_USE_LEGACY_KERAS=1 /root/tfenv/bin/python tools/record_keras_h5_goldens.py

Runs every scenario of tests/keras_graph/saving_programs.py on TensorFlow 2.21's compat.v1 with tf_keras
(`disable_v2_behavior()`) in a scratch folder and writes their results to
tests/keras_graph/data/saving_goldens.json; the weight files TensorFlow wrote for each model of
saving_programs.MODELS (weights set by `fill`) are copied to tests/keras_graph/data/<model>.h5, for the tests
to load into sessionflow's models. sessionflow never imports TensorFlow; the tests read these files.
"""

import json
import logging
import os
import shutil
import sys
import tempfile
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["TF_USE_LEGACY_KERAS"] = "1"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests"))

import tensorflow.compat.v1 as tf
from keras_graph import saving_programs

DATA = os.path.join(ROOT, "tests", "keras_graph", "data")


def main():
    warnings.simplefilter("ignore")
    tf.disable_v2_behavior()
    tf.get_logger().setLevel(logging.WARNING)
    tf.get_logger().propagate = False  # the scenarios' own handler hears the warnings; nothing else prints them
    for handler in list(tf.get_logger().handlers):
        tf.get_logger().removeHandler(handler)
    os.makedirs(DATA, exist_ok=True)
    results = {}
    for name, run in sorted(saving_programs.SCENARIOS.items()):
        folder = tempfile.mkdtemp()
        try:
            results[name] = run(tf, folder)
            if name == "saved_layouts":
                for model in saving_programs.MODELS:
                    shutil.copy(os.path.join(folder, f"{model}.h5"), os.path.join(DATA, f"{model}.h5"))
        finally:
            shutil.rmtree(folder)
        print("recorded", name)
    import tf_keras

    results["_recorded_with"] = f"tensorflow {tf.__version__}, tf_keras {tf_keras.__version__}"
    path = os.path.join(DATA, "saving_goldens.json")
    with open(path + ".tmp", "w") as f:
        json.dump(results, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(path + ".tmp", path)
    print("wrote", path)


if __name__ == "__main__":
    main()
