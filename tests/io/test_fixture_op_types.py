"""Every op type in the graph files recorded from TensorFlow under tests/ (TF 1.x-style v1 control flow, frozen
models, queue pipelines, SavedModels: tools/list_fixture_op_types.py) is one sessionflow registers."""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import list_fixture_op_types as listing  # noqa: E402


def test_every_op_type_of_the_fixtures_is_registered():
    files = listing.graph_files()
    assert any(f.endswith("saved_model.pb") for f in files) and any(f.endswith(".meta") for f in files)
    used = listing.op_types(files)
    assert {"Switch", "Merge", "Enter", "Exit", "NextIteration", "FusedBatchNormV3"} <= set(used)
    assert listing.unregistered(used) == []
