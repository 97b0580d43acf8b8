"""`tensorflow.python.*` under the alias: a TF1 program importing TF's internal modules runs unmodified with
TF's results, every module TF1 code imports imports, and each name is the sessionflow object the table
(sessionflow/compat/python_paths.py) says, or an error saying sessionflow lacks it."""

from __future__ import annotations

import json

from compat_harness import ROOT, assert_close, facts, golden, python

import sessionflow as sf
from sessionflow.compat import python_helpers, python_modules
from sessionflow.compat.python_paths import MODULES, PACKAGES

INSTALL = "import json, sys\nfrom sessionflow.compat import alias\nalias.install()\n"

# The internal modules issue #12 lists, as TF1 code and tf-slim import them.
LISTED = {
    "framework": "ops dtypes tensor_shape constant_op graph_util sparse_tensor errors_impl random_seed test_util",
    "ops": "array_ops math_ops nn nn_ops init_ops variable_scope variables control_flow_ops state_ops random_ops "
           "check_ops gradients_impl standard_ops clip_ops embedding_ops sparse_ops data_flow_ops io_ops "
           "parsing_ops metrics summary_ops",
    "platform": "gfile tf_logging test",
    "training": "training_util saver optimizer gradient_descent moving_averages monitored_session "
                "basic_session_run_hooks session_run_hook input",
    "client": "session timeline",
    "util": "compat deprecation nest",
    "summary": "summary summary_iterator",
    "saved_model": "tag_constants signature_constants signature_def_utils builder loader utils simple_save main_op "
                   "constants loader_impl builder_impl",
}


def test_a_tf1_program_importing_tensorflow_python_runs_with_tfs_results():
    done = python("-m", "sessionflow", "run", "python_paths_program.py")
    assert done.returncode == 0, done.stderr
    assert_close(json.loads(done.stdout.splitlines()[-1]), golden("python_paths_program.json"))


def test_every_module_imports_with_from_import():
    listed = [(package, name) for package, names in LISTED.items() for name in names.split()]
    assert {f"{p}.{n}" for p, n in listed} <= set(MODULES)
    found = facts(INSTALL + f"""
failed = []
for package, name in {listed!r}:
    try:
        exec(f"from tensorflow.python.{{package}} import {{name}}")
    except Exception as e:
        failed.append(f"{{package}}.{{name}}: {{e!r}}")
for path in {sorted(MODULES)!r}:
    try:
        __import__(f"tensorflow.python.{{path}}")
    except Exception as e:
        failed.append(f"{{path}}: {{e!r}}")
module = sys.modules["tensorflow.python.ops.array_ops"]
import tensorflow
print(json.dumps(dict(failed=failed, kind=type(module).__name__, reached=tensorflow.python.ops.array_ops is module,
                      leaked="python" in vars(sys.modules["sessionflow"]))))
""")
    assert found["failed"] == []
    assert found["kind"] == "ServedModule" and found["reached"]
    assert not found["leaked"]  # `tensorflow.python` is the alias's own name, not set on sessionflow


def test_serving_code_finds_the_saved_model_api_in_tfs_modules():
    found = facts(INSTALL + """
import sessionflow as sf
from tensorflow.python.saved_model import tag_constants, signature_constants, signature_def_utils, builder, loader
from tensorflow.python.saved_model import utils, simple_save, loader_impl, constants
print(json.dumps(dict(
    same=[builder.SavedModelBuilder is sf.saved_model.builder.SavedModelBuilder, loader.load is sf.saved_model.loader.load,
          simple_save.simple_save is sf.saved_model.simple_save, utils.build_tensor_info is sf.saved_model.build_tensor_info,
          signature_def_utils.predict_signature_def is sf.saved_model.predict_signature_def,
          loader_impl.contains_saved_model is sf.saved_model.contains_saved_model],
    values=[tag_constants.SERVING, tag_constants.EVAL, signature_constants.DEFAULT_TRAIN_SIGNATURE_DEF_KEY,
            signature_constants.SUPERVISED_EVAL_METHOD_NAME, constants.SAVED_MODEL_FILENAME_CPB])))
""")
    assert found["same"] == [True] * 6
    # TF 2.21's values of these names
    assert found["values"] == ["serve", "eval", "train", "tensorflow/supervised/eval", "saved_model.cpb"]


def test_the_helpers_real_code_calls_are_sessionflows_objects():
    found = facts(INSTALL + """
import sessionflow as sf
from tensorflow.python.framework import ops, tensor_shape, constant_op, random_seed, errors_impl, dtypes
from tensorflow.python.ops import array_ops, variables, variable_scope, control_flow_ops, nn, math_ops, state_ops
from tensorflow.python.util import nest, compat, deprecation
from tensorflow.python.platform import tf_logging, test, gfile
from tensorflow.python.framework import test_util
from tensorflow.python.training import saver, gradient_descent, training_util
from tensorflow.python.client import session, timeline
pairs = dict(
    convert_to_tensor=ops.convert_to_tensor is sf.convert_to_tensor, name_scope=ops.name_scope is sf.name_scope,
    get_collection=ops.get_collection is sf.get_collection,
    add_to_collections=ops.add_to_collections is sf.add_to_collections,
    Graph=ops.Graph is sf.Graph, Tensor=ops.Tensor is sf.Tensor, Operation=ops.Operation is sf.Operation,
    get_default_graph=ops.get_default_graph is sf.get_default_graph,
    RegisterGradient=ops.RegisterGradient is sf.RegisterGradient,
    control_dependencies=ops.control_dependencies is sf.control_dependencies, GraphKeys=ops.GraphKeys is sf.GraphKeys,
    IndexedSlices=ops.IndexedSlices is sf.IndexedSlices,
    scalar=tensor_shape.scalar() == sf.TensorShape([]), TensorShape=tensor_shape.TensorShape is sf.TensorShape,
    dimension_value=tensor_shape.dimension_value is sf.dimension_value,
    vector=tensor_shape.vector(3).as_list() == [3], matrix=tensor_shape.matrix(2, None).as_list() == [2, None],
    shape_internal=array_ops.shape_internal is not None, stack=array_ops.stack is sf.stack,
    VariableV1=variables.VariableV1 is sf.VariableV1, Variable=variables.Variable is sf.Variable,
    VariableAggregation=variables.VariableAggregation is sf.VariableAggregation,
    get_variable=variable_scope.get_variable is sf.get_variable, cond=control_flow_ops.cond is sf.cond,
    while_loop=control_flow_ops.while_loop is sf.while_loop, case=control_flow_ops.case is sf.case,
    Assert=control_flow_ops.Assert is sf.Assert, relu=nn.relu is sf.nn.relu, matmul=math_ops.matmul is sf.matmul,
    assign=state_ops.assign is sf.assign, constant=constant_op.constant is sf.constant,
    set_random_seed=random_seed.set_random_seed is sf.set_random_seed, seed=random_seed.DEFAULT_GRAPH_SEED == 87654321,
    OpError=errors_impl.OpError is sf.errors.OpError, float32=dtypes.float32 is sf.float32,
    flatten=nest.flatten is sf.nest.flatten, map_structure=nest.map_structure is sf.nest.map_structure,
    pack_sequence_as=nest.pack_sequence_as is sf.nest.pack_sequence_as,
    is_sequence=nest.is_sequence is sf.nest.is_nested,
    as_bytes=compat.as_bytes is sf.compat.as_bytes, as_text=compat.as_text is sf.compat.as_text,
    as_str=compat.as_str is sf.compat.as_str, info=tf_logging.info == sf.logging.info,
    TestCase=test.TestCase is sf.test.TestCase, main=test.main is sf.test.main,
    TensorFlowTestCase=test_util.TensorFlowTestCase is sf.test.TestCase, GFile=gfile.GFile is sf.gfile.GFile,
    Saver=saver.Saver is sf.train.Saver,
    sgd=gradient_descent.GradientDescentOptimizer is sf.train.GradientDescentOptimizer,
    global_step=training_util.get_or_create_global_step is sf.train.get_or_create_global_step,
    Session=session.Session is sf.Session, Timeline=timeline.Timeline is sf.timeline.Timeline,
)
kept = deprecation.deprecated("2020-01-01", "gone")(len)
pairs["deprecated"] = kept is len and deprecation.deprecated_args(None, "x", "dim")(len) is len
print(json.dumps(pairs))
""")
    assert [name for name, same in found.items() if not same] == []


def test_a_name_tf_has_but_sessionflow_lacks_says_so():
    found = facts(INSTALL + """
out = {}
from tensorflow.python.ops import array_ops
for name in ("quantize_and_dequantize", "no_such_function"):
    try:
        getattr(array_ops, name)
    except AttributeError as e:
        out[name] = [str(e), e.name if hasattr(e, "name") else None]
try:
    from tensorflow.python.ops import gen_array_ops
except ImportError as e:
    out["module"] = [type(e).__name__, str(e)]
try:
    from tensorflow.python.ops.array_ops import quantize_and_dequantize
except ImportError as e:
    out["from_import"] = str(e)
print(json.dumps(out))
""")
    missing, typo = found["quantize_and_dequantize"], found["no_such_function"]
    assert missing[0] == ("module 'tensorflow.python.ops.array_ops' has no attribute 'quantize_and_dequantize': "
                          f"tensorflow.python.ops.array_ops.quantize_and_dequantize {sf._namespaces.NOT_YET}")
    assert typo[0] == "module 'tensorflow.python.ops.array_ops' has no attribute 'no_such_function'"
    assert found["module"][0] == "ModuleNotFoundError"
    assert "tensorflow.python.ops.gen_array_ops" in found["module"][1] and sf._namespaces.NOT_YET in found["module"][1]
    assert "cannot import name 'quantize_and_dequantize'" in found["from_import"]


def test_served_modules_can_be_patched_and_are_left_alone_without_the_alias():
    found = facts(INSTALL + """
from unittest import mock
from tensorflow.python.ops import math_ops
original = math_ops.matmul
with mock.patch("tensorflow.python.ops.math_ops.matmul") as fake:
    patched = math_ops.matmul is fake
restored = math_ops.matmul is original
print(json.dumps(dict(patched=patched, restored=restored)))
""")
    assert found == {"patched": True, "restored": True}
    done = python(source="import sessionflow\nimport tensorflow.python.framework.ops")
    assert done.returncode == 1 and "No module named 'tensorflow'" in done.stderr


def test_the_table_and_the_recorded_names_agree():
    for path, served in MODULES.items():
        assert path not in PACKAGES, path
        for dotted in served.extras.values():
            assert python_modules._load(dotted) is not None, (path, dotted)
    assert {"", "framework", "ops", "ops.losses", "summary.writer", "lib.io"} <= PACKAGES
    with open(f"{ROOT}/sessionflow/compat/_tf_python_names.txt", encoding="utf-8") as f:
        recorded = {line.partition(":")[0] for line in f if not line.startswith("#")}
    assert recorded == set(MODULES)  # rerun tools/list_tf_python_names.py after changing the table
    assert {"convert_to_tensor", "Graph", "name_scope"} <= python_modules.tf_names("framework.ops")


def test_helpers_follow_tfs_contracts():
    assert python_helpers.deprecated_alias("old", "new", len) is len
    assert python_helpers.getargspec(lambda a, b=1, *c, **d: None) == (["a", "b"], "c", "d", (1,))
    with sf.Graph().as_default():
        t = sf.constant([1.0, 2.0])
        assert python_helpers.is_constant(t) and not python_helpers.is_constant(t * 2)
        assert python_helpers.dimension_at_index(sf.TensorShape([3, None]), 1).value is None
        assert python_helpers.dimension_at_index(sf.TensorShape(None), 4).value is None
        assert python_helpers.convert_to_tensor_or_indexed_slices([1.0]).dtype == sf.float32
        assert [t.dtype for t in python_helpers.convert_n_to_tensor([1, 2.0])] == [sf.int32, sf.float32]
        assert python_helpers.shape_internal(t, optimize=False).dtype == sf.int32


def test_layers_modules_hold_tfs_long_class_names():
    """TF's tensorflow.python.layers modules hold each class under its long name too (tf-slim's separable_conv2d
    builds `convolutional.SeparableConvolution2D`); they are sessionflow's tf.layers classes."""
    found = facts(INSTALL + """
import sessionflow as sf
from tensorflow.python.layers import convolutional, pooling
pairs = dict(
    sep2=convolutional.SeparableConvolution2D is sf.layers.SeparableConv2D,
    sep1=convolutional.SeparableConvolution1D is sf.layers.SeparableConv1D,
    conv3=convolutional.Convolution3D is sf.layers.Conv3D,
    deconv3=convolutional.Deconvolution3D is convolutional.Conv3DTranspose is sf.layers.Conv3DTranspose,
    conv2=convolutional.Convolution2D is sf.layers.Conv2D, fn=convolutional.conv3d is sf.layers.conv3d,
    max3=pooling.MaxPool3D is sf.layers.MaxPooling3D, avg3=pooling.AvgPool3D is sf.layers.AveragePooling3D)
print(json.dumps(pairs))
""")
    assert found == dict.fromkeys(found, True) and len(found) == 8
