"""Reference variables under TF 1.x control flow (refs.meta, recorded with TF): an assignment in a cond's branch
(RefSwitch) runs only when the branch is taken, an assignment in a loop body (RefEnter) once per iteration, and
reads through Switch/Enter see the variable as TF's aliasing tensors do."""

import os

import numpy as np

import sessionflow as tf

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
EXPECTED = np.load(os.path.join(FIXTURES, "expected.npz"))


def test_assignments_in_v1_conds_and_loops_give_tfs_values():
    with tf.Graph().as_default() as graph:
        tf.train.import_meta_graph(os.path.join(FIXTURES, "refs.meta"))
        assert {"RefSwitch", "RefEnter"} <= {op.type for op in graph.get_operations()}
        with tf.Session() as sess:
            sess.run("init")
            for step, (p, n) in enumerate([(False, 2), (True, 3), (False, 0), (True, 1)]):
                values = sess.run(["branch:0", "looped:0"], {"p:0": p, "n:0": n}) + sess.run(["v:0", "total:0"])
                for name, value in zip(["branch", "looped", "v", "total"], values):
                    np.testing.assert_allclose(value, EXPECTED[f"refs/{step}/{name}"], err_msg=f"{step} {name}")
