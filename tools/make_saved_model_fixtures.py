"""Records the SavedModel fixtures with TensorFlow (run with TF's Python, from the repository root):

    python tools/make_saved_model_fixtures.py [--sessionflow-python .venv/bin/python]

- tests/saved_model/fixtures/tf_export/: tests/saved_model/saved_model_program.py's model saved by TF 1.x-style code
  (tf.compat.v1's SavedModelBuilder, reference variables), with its vocabulary asset;
- tests/saved_model/fixtures/served.json: what TF's loader serves from that export ("tf_export"), and from the
  same model saved by sessionflow ("sessionflow_export": written by the sessionflow Python in a temporary
  folder, then loaded and run here, in TF);
- tests/saved_model/fixtures/show_all.txt: `saved_model_cli show --all` of tf_export (what `sessionflow inspect`
  prints).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "saved_model", "fixtures")
sys.path.insert(0, os.path.join(ROOT, "tests", "saved_model"))

_SAVE_WITH_SESSIONFLOW = """
import sys
sys.path.insert(0, sys.argv[3])
import sessionflow as tf
import saved_model_program as model
model.save(tf, sys.argv[1], sys.argv[2])
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessionflow-python", default=os.path.join(ROOT, ".venv", "bin", "python"))
    args = parser.parse_args()
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import tensorflow.compat.v1 as tf
    import saved_model_program as model

    tf.disable_v2_behavior()
    os.makedirs(FIXTURES, exist_ok=True)
    vocab = os.path.join(FIXTURES, "vocab.txt")
    with open(vocab, "w") as f:
        f.write(model.VOCAB)
    export = os.path.join(FIXTURES, "tf_export")
    shutil.rmtree(export, ignore_errors=True)
    model.save(tf, export, vocab)
    served = {"tf_export": model.serve(tf, export)}
    with tempfile.TemporaryDirectory() as tmp:
        ours = os.path.join(tmp, "export")
        subprocess.run([args.sessionflow_python, "-c", _SAVE_WITH_SESSIONFLOW, ours, vocab,
                        os.path.join(ROOT, "tests", "saved_model")], check=True, cwd=ROOT)
        served["sessionflow_export"] = model.serve(tf, ours)
    cli = os.path.join(os.path.dirname(sys.executable), "saved_model_cli")
    shown = subprocess.run([cli, "show", "--all", "--dir", export], capture_output=True, text=True, check=True,
                           env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"))
    with open(os.path.join(FIXTURES, "show_all.txt"), "w") as f:
        f.write(shown.stdout.replace(export, "EXPORT_DIR"))
    with open(os.path.join(FIXTURES, "served.json"), "w") as f:
        json.dump(served, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", FIXTURES)


if __name__ == "__main__":
    main()
