"""Records tests/ops/goldens/tensor_array.json: the programs of tests/ops/tensor_array_programs.py run on
real TensorFlow in TF1 graph mode with control flow v1 (so tf.TensorArray is the TensorArrayV3 op family).

    /root/tfenv/bin/python tools/record_tensor_array.py
"""

import json
import os
import sys

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
tf.disable_resource_variables()

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "ops"))
import tensor_array_programs  # noqa: E402


def main():
    goldens = {name: program(tf) for name, program in tensor_array_programs.PROGRAMS.items()}
    g = tf.Graph()
    with g.as_default():  # the NodeDefs of one loop's TensorArray ops, for export checks
        ta = tf.TensorArray(tf.float32, size=3, element_shape=[2])
        ta = ta.unstack(tf.ones([3, 2])).write(0, [1.0, 2.0])
        tb = ta.grad("gradients")
        ta.stack(), ta.concat(), ta.read(1), ta.size(), ta.close(), tb.flow
        tf.TensorArray(tf.float32, size=2, infer_shape=False).split([1.0, 2.0, 3.0], [1, 2])
        nodes = {}
        for node in g.as_graph_def().node:
            if node.op.startswith("TensorArray") and node.op not in nodes:
                nodes[node.op] = dict(inputs=len(node.input), attrs=sorted(node.attr))
    goldens["node_defs"] = nodes
    path = os.path.join(ROOT, "tests", "ops", "goldens", "tensor_array.json")
    with open(path, "w") as f:
        json.dump(goldens, f, indent=1, sort_keys=True)
    print("wrote", path)


if __name__ == "__main__":
    main()
