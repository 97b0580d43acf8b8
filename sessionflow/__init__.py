"""sessionflow: TensorFlow 1.x's graph-and-session programming model, in Python and NumPy.

`import sessionflow as tf` gives the TF1 namespace (`tf.Session`, `tf.Variable`, `tf.placeholder`,
...); `sessionflow.compat.v1` is the same namespace. `sessionflow run script.py` runs a TF1 script
with `import tensorflow` resolving here. This module only re-exports.
"""

from __future__ import annotations

import sys as _sys

__version__ = "0.1.0"  # sessionflow's own version; `tensorflow.__version__` under the alias is VERSION

# The TensorFlow API level sessionflow implements (tf.VERSION, tf.version.VERSION).
VERSION = "1.15.5"
GIT_VERSION = f"v{VERSION}-sessionflow-{__version__}"
COMPILER_VERSION = f"Python {_sys.version_info[0]}.{_sys.version_info[1]}.{_sys.version_info[2]}"
CXX11_ABI_FLAG = 0
MONOLITHIC_BUILD = 0

from .compat.contrib import contrib  # tf.contrib: imports tf-slim only when slim/layers/framework are used
from . import compat, explain, gradients as _gradients, ops as _ops, train as _train
from ._namespaces import install_exports as _install_exports, make_namespace as _make_namespace
from .framework.api import EXPORTS as _EXPORTS
from .framework import dtypes, errors
from .framework.dtypes import (DType, as_dtype, bfloat16, bool, complex64, complex128, double,  # noqa: A004
                               float16, float32, float64, half, int8, int16, int32, int64, resource, string,
                               uint8, uint16, uint32, uint64, variant)
from .framework.graph import (Graph, GraphKeys, Operation, Tensor, get_default_graph,
                              reset_default_graph)
from .framework.scopes import (add_to_collection, add_to_collections, colocate_with, container,
                               control_dependencies, device, get_collection, get_collection_ref,
                               name_scope, op_scope)
from .framework.seeds import get_seed, set_random_seed
from .framework.tensor_shape import Dimension, TensorShape, dimension_value
from .init_ops import (constant_initializer, glorot_normal_initializer, glorot_uniform_initializer,
                       ones_initializer, random_normal_initializer, random_uniform_initializer,
                       truncated_normal_initializer, variance_scaling_initializer, zeros_initializer)
from .ops.array import (boolean_mask, concat, expand_dims, fill, gather, identity, lin_space, linspace,
                        ones, ones_like, placeholder, placeholder_with_default, range, rank, reshape,
                        shape, size, stack, stop_gradient, zeros, zeros_like)
from .ops.array_slicing import strided_slice
from .ops.constant import constant, convert_to_tensor, is_tensor, register_tensor_conversion_function
from .ops.control_flow import group, no_op
from .ops.control_flow import tuple_ as tuple  # noqa: A004
from .ops.math import (abs, add, cast, ceil, div, div_no_nan, divide, equal, exp, floor, floordiv,  # noqa: A004
                       floormod, greater, greater_equal, less, less_equal, log, logical_and, logical_not,
                       logical_or, logical_xor, maximum, minimum, mod, multiply, negative, not_equal, pow,
                       realdiv, reciprocal, round, rsqrt, scalar_mul, sigmoid, sign, sqrt, square,
                       squared_difference, subtract, tanh, to_double, to_float, to_int32, to_int64, truediv,
                       truncatediv, truncatemod)
from .ops.matmul import matmul
from .ops.nn import relu
from .ops.random import (categorical, multinomial, random_normal, random_shuffle, random_uniform,
                         truncated_normal)
from .runtime.config import (ConfigProto, GPUOptions, GraphOptions, OptimizerOptions, RunMetadata,
                             RunOptions)
from .runtime.session import InteractiveSession, Session, get_default_session
from .variable_scope import (AUTO_REUSE, VariableScope, get_variable, get_variable_scope,
                             variable_op_scope, variable_scope)
from .variables import (Variable, VariableV1, all_variables, assert_variables_initialized, assign,
                        assign_add, assign_sub, disable_resource_variables, enable_resource_variables,
                        global_variables, global_variables_initializer, initialize_all_variables,
                        initialize_local_variables, initialize_variables, is_variable_initialized,
                        local_variables, local_variables_initializer, model_variables,
                        moving_average_variables, report_uninitialized_variables,
                        resource_variables_enabled, trainable_variables,
                        uninitialized_variables_initializer, variables_initializer)
from ._behaviour import (disable_control_flow_v2, disable_eager_execution, disable_tensor_equality,
                         disable_v2_behavior, disable_v2_tensorshape, enable_control_flow_v2,
                         enable_eager_execution, enable_tensor_equality, enable_v2_behavior,
                         enable_v2_tensorshape, executing_eagerly, logging)

newaxis = None
sub = subtract
mul = multiply
neg = negative
pack = stack

math = _make_namespace("math", dict(
    abs=abs, add=add, ceil=ceil, divide=divide, equal=equal, exp=exp, floor=floor, floordiv=floordiv,
    floormod=floormod, greater=greater, greater_equal=greater_equal, less=less, less_equal=less_equal,
    log=log, logical_and=logical_and, logical_not=logical_not, logical_or=logical_or,
    logical_xor=logical_xor, maximum=maximum, minimum=minimum, mod=mod, multiply=multiply,
    negative=negative, not_equal=not_equal, pow=pow, reciprocal=reciprocal, round=round, rsqrt=rsqrt,
    sigmoid=sigmoid, sign=sign, sqrt=sqrt, square=square, squared_difference=squared_difference,
    subtract=subtract, tanh=tanh, truediv=truediv, divide_no_nan=div_no_nan, truncatediv=truncatediv,
    truncatemod=truncatemod, scalar_mul=scalar_mul, realdiv=realdiv))
random = _make_namespace("random", dict(
    normal=random_normal, uniform=random_uniform, truncated_normal=truncated_normal,
    shuffle=random_shuffle, multinomial=multinomial, set_random_seed=set_random_seed, get_seed=get_seed,
    categorical=categorical))
initializers = _make_namespace("initializers", dict(
    zeros=zeros_initializer, ones=ones_initializer, constant=constant_initializer,
    random_normal=random_normal_initializer, random_uniform=random_uniform_initializer,
    truncated_normal=truncated_normal_initializer, variance_scaling=variance_scaling_initializer,
    glorot_uniform=glorot_uniform_initializer, glorot_normal=glorot_normal_initializer,
    global_variables=global_variables_initializer, local_variables=local_variables_initializer,
    variables=variables_initializer))
linalg = _make_namespace("linalg", dict(matmul=matmul))
nn = _make_namespace("nn", dict(sigmoid=sigmoid, tanh=tanh, relu=relu))

from . import app_flags as _app_flags, io as _io, layers as _layers, losses as _losses, metrics as _metrics  # noqa: E402,F401,E501
from . import datasets as _datasets  # noqa: E402,F401 - tf.keras.datasets.mnist
from . import keras as _keras  # noqa: E402,F401 - tf.keras (layers, backend, Model, Sequential)
from . import rnn as _rnn  # noqa: E402,F401 - tf.nn.rnn_cell, tf.nn.dynamic_rnn
from . import lookup as _lookup  # noqa: E402,F401 - tf.lookup, tf.contrib.lookup, tf.tables_initializer
from . import data as _data  # noqa: E402,F401 - tf.data
from . import saved_model as _saved_model  # noqa: E402,F401 - tf.saved_model (TF 1.x's builder and loader)
from . import distribute as _distribute  # noqa: E402,F401 - tf.distribute (the default strategy only)
from . import tf2 as _tf2  # noqa: E402,F401 - TF 2.x object APIs in graph mode (TensorSpec, GradientTape, function)
from . import linalg_operators as _linalg_operators  # noqa: E402,F401 - tf.linalg.LinearOperator*
from . import config as _config_module  # noqa: E402,F401 - tf.config, tf.DeviceSpec
from . import profiler as _profiler, platform_modules as _platform_modules, raw_ops  # noqa: E402,F401 - tf.profiler, tf.sysconfig, tf.raw_ops, ...
from . import distributions as _distributions  # noqa: E402,F401 - tf.distributions (TF 1.x's probability distributions)
from . import partitioned_variables as _partitioned_variables  # noqa: E402,F401 - get_variable(partitioner=...)
from . import estimator as _estimator  # noqa: E402,F401 - tf.estimator (the model_fn core)
from . import feature_column as _feature_column  # noqa: E402,F401 - tf.feature_column (TF1's input_layer, linear_model)

from .testing import namespace as test  # noqa: E402 - tf.test
from .io.graph_def import PRODUCER as GRAPH_DEF_VERSION  # noqa: E402 - the producer of the GraphDefs written here

GRAPH_DEF_VERSION_MIN_CONSUMER = 0
GRAPH_DEF_VERSION_MIN_PRODUCER = 0
version = _make_namespace("version", dict(
    VERSION=VERSION, GIT_VERSION=GIT_VERSION, COMPILER_VERSION=COMPILER_VERSION, GRAPH_DEF_VERSION=GRAPH_DEF_VERSION,
    GRAPH_DEF_VERSION_MIN_CONSUMER=GRAPH_DEF_VERSION_MIN_CONSUMER,
    GRAPH_DEF_VERSION_MIN_PRODUCER=GRAPH_DEF_VERSION_MIN_PRODUCER))

_install_exports(globals(), _EXPORTS)
compat._install_v1()


def __getattr__(name: str):
    """Only for names the namespace lacks: a TF1 API not provided yet says so (see _namespaces.py)."""
    from ._namespaces import missing_attribute

    raise missing_attribute(_sys.modules[__name__], "", name)
