"""Records TensorFlow's whole-model Keras files (HDF5) for the model-file tests.

    TF_USE_LEGACY_KERAS=1 /root/tfenv/bin/python tools/record_keras_model_goldens.py

Runs tests/keras_graph/model_file_programs.py on TensorFlow 2.21's compat.v1 with tf_keras
(`disable_v2_behavior()`): each model of MODELS is trained for an epoch, saved with `model.save`, loaded in a
fresh graph and trained on; the results go to tests/keras_graph/data/model_file_goldens.json and the files
TensorFlow wrote to tests/keras_graph/data/<model>_model.h5. CONFIG_ONLY models give their `to_json` configs.
A sessionflow-written file can be checked the other way with `--load PATH MODEL` (prints TensorFlow's
predictions and next-epoch history for it). sessionflow never imports TensorFlow; the tests read these files.
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
from keras_graph import model_file_programs as programs

DATA = os.path.join(ROOT, "tests", "keras_graph", "data")


def _quiet():
    warnings.simplefilter("ignore")
    tf.disable_v2_behavior()
    tf.get_logger().setLevel(logging.ERROR)


def main():
    _quiet()
    if len(sys.argv) == 4 and sys.argv[1] == "--load":
        print(json.dumps(programs.load_and_continue(tf, sys.argv[3], sys.argv[2])))
        return
    results = {"models": {}, "configs": {}}
    folder = tempfile.mkdtemp()
    try:
        for name in sorted(programs.MODELS):
            results["models"][name] = programs.train_and_save(tf, name, folder)
            shutil.copy(os.path.join(folder, f"{name}_model.h5"), os.path.join(DATA, f"{name}_model.h5"))
            print("recorded", name)
    finally:
        shutil.rmtree(folder)
    for name in sorted(programs.CONFIG_ONLY):
        results["configs"][name] = programs.config_of(tf, name)
    import tf_keras

    results["_recorded_with"] = f"tensorflow {tf.__version__}, tf_keras {tf_keras.__version__}"
    path = os.path.join(DATA, "model_file_goldens.json")
    with open(path + ".tmp", "w") as f:
        json.dump(results, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(path + ".tmp", path)
    print("wrote", path)


if __name__ == "__main__":
    main()
