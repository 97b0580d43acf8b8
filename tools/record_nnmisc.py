"""Records the goldens of CTC, the at_k metrics, the morphology/patch/glimpse image ops, partitioned variables
and the remaining plain ops (issue #12): each programs module below run on real TensorFlow in TF1 graph mode
(reference variables), its results written beside its test as JSON.

    /root/tfenv/bin/python tools/record_nnmisc.py [NAME ...]    # NAME: ctc, metrics_at_k, ..., partitioned_checkpoint
"""

import importlib
import json
import os
import sys

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
import tensorflow.compat.v1 as tf  # noqa: E402

tf.disable_v2_behavior()
tf.disable_resource_variables()

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "ops"))
import plainops_programs  # noqa: E402

# name -> (folder of the programs module, module, golden file)
PROGRAMS = {
    "ctc": ("tests/ops", "ctc_programs", "tests/ops/goldens/ctc.json"),
    "metrics_at_k": ("tests", "metrics_at_k_programs", "tests/goldens/metrics_at_k.json"),
    "partitioned": ("tests/core", "partitioned_programs", "tests/core/goldens/partitioned.json"),
    "morphology": ("tests/images", "morphology_programs", "tests/images/goldens_morphology.json"),
    "leftovers": ("tests/ops", "leftover_programs", "tests/ops/goldens/leftovers.json"),
}


def record_partitioned_checkpoint():
    """tests/core/fixtures/partitioned_ckpt/: the checkpoint TF writes for a partitioned variable `w` (3 parts),
    a one-part `one` and a plain `b` (the tests compare sessionflow's bundle entries with it)."""
    import numpy as np

    folder = os.path.join(ROOT, "tests", "core", "fixtures", "partitioned_ckpt")
    os.makedirs(folder, exist_ok=True)
    with tf.Graph().as_default(), tf.Session() as sess:
        tf.get_variable("w", initializer=tf.constant(np.arange(30.0, dtype=np.float32).reshape(10, 3)),
                        partitioner=tf.fixed_size_partitioner(3))
        tf.get_variable("b", initializer=tf.constant([1.0, 2.0]))
        tf.get_variable("one", initializer=tf.constant([[5, 6]]), partitioner=tf.fixed_size_partitioner(2))
        sess.run(tf.global_variables_initializer())
        tf.train.Saver().save(sess, os.path.join(folder, "model"), write_meta_graph=False, write_state=False)
    print("wrote", folder)


def record(name):
    folder, module, golden = PROGRAMS[name]
    sys.path.insert(0, os.path.join(ROOT, folder))
    programs = importlib.import_module(module)
    evaluate = getattr(programs, "evaluate", plainops_programs.evaluate)
    goldens = {case: evaluate(tf, fn) for case, fn in programs.CASES.items()}
    path = os.path.join(ROOT, golden)
    with open(path, "w") as f:
        json.dump(goldens, f, indent=1, sort_keys=True)
    print("wrote", path)


if __name__ == "__main__":
    for name in sys.argv[1:] or [*PROGRAMS, "partitioned_checkpoint"]:
        if name == "partitioned_checkpoint":
            record_partitioned_checkpoint()
        else:
            record(name)
