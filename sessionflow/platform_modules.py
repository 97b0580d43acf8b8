"""The small top-level modules of tf.compat.v1: `sysconfig` (sessionflow's own build facts), `resource_loader`,
`autograph` (graph code runs as written: no conversion), `types`, and the accelerator modules `tpu`, `mlir`,
`xla` and `experimental` (what has a meaning in one process on the host works; what needs a TPU or TF's MLIR
tool chain raises an error that says so)."""

from __future__ import annotations

import contextlib
import enum
import inspect
import os
import sys
import typing

import numpy as np

from .framework import errors
from .framework.api import export_value, tf_export

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))

# --- sysconfig: sessionflow is pure Python, so there are no headers or libraries to build against ---------

export_value(("sysconfig.CXX11_ABI_FLAG",), 0)
export_value(("sysconfig.MONOLITHIC_BUILD",), 0)
export_value(("sysconfig.CXX_VERSION",), 0)  # no C++ part


@tf_export("sysconfig.get_include")
def get_include() -> str:
    """Where TF's C++ headers would be; sessionflow ships none (the directory does not exist)."""
    return os.path.join(_PACKAGE_DIR, "include")


@tf_export("sysconfig.get_lib")
def get_lib() -> str:
    return _PACKAGE_DIR


@tf_export("sysconfig.get_compile_flags")
def get_compile_flags() -> list:
    """No flags: there is no C++ library to compile custom ops against (tf.load_op_library is not provided)."""
    return []


@tf_export("sysconfig.get_link_flags")
def get_link_flags() -> list:
    return []


@tf_export("sysconfig.get_build_info")
def get_build_info() -> dict:
    return {"is_cuda_build": False, "is_rocm_build": False, "is_tensorrt_build": False}


# --- resource_loader ---------------------------------------------------------------------------------

def _caller_dir(depth: int = 2) -> str:
    return os.path.dirname(inspect.getfile(sys._getframe(depth)))


@tf_export("resource_loader.get_data_files_path")
def get_data_files_path() -> str:
    """The directory of the calling script's file."""
    return _caller_dir()


@tf_export("resource_loader.get_root_dir_with_all_resources")
def get_root_dir_with_all_resources() -> str:
    return _PACKAGE_DIR


@tf_export("resource_loader.get_path_to_datafile")
def get_path_to_datafile(path: str) -> str:
    """`path` relative to the calling script's directory."""
    return os.path.join(_caller_dir(), path)


@tf_export("resource_loader.load_resource")
def load_resource(path: str) -> bytes:
    """The bytes of `path`, relative to sessionflow's package directory (TF: its own); FileNotFoundError if absent."""
    with open(os.path.join(_PACKAGE_DIR, path), "rb") as f:
        return f.read()


@tf_export("resource_loader.readahead_file_path")
def readahead_file_path(path: str, readahead: str = "128M") -> str:
    return path


# --- autograph: TF1 graph code calls Python functions as they are written ------------------------------

@tf_export("autograph.experimental.Feature")
class Feature(enum.Enum):
    ALL = "ALL"
    AUTO_CONTROL_DEPS = "AUTO_CONTROL_DEPS"
    ASSERT_STATEMENTS = "ASSERT_STATEMENTS"
    BUILTIN_FUNCTIONS = "BUILTIN_FUNCTIONS"
    EQUALITY_OPERATORS = "EQUALITY_OPERATORS"
    LISTS = "LISTS"
    NAME_SCOPES = "NAME_SCOPES"


_verbosity = [0]


@tf_export("autograph.to_graph")
def to_graph(entity, recursive=True, arg_values=None, arg_types=None, experimental_optional_features=None):
    """`entity` itself: no conversion happens in sessionflow (TF rewrites Python control flow into tf.cond and
    tf.while_loop; here use those explicitly). Calling it builds the same ops TF's converted function builds
    for code without data-dependent Python control flow."""
    if not callable(entity):
        raise ValueError(f"Expected a Python function or class, got {entity!r}")  # noqa: TRY004 - TF's error
    return entity


@tf_export("autograph.to_code")
def to_code(entity, recursive=True, arg_values=None, arg_types=None, indentation="  ",
            experimental_optional_features=None) -> str:
    """The source of `entity` as written (TF returns its converted source; sessionflow converts nothing)."""
    return inspect.getsource(entity)


@tf_export("autograph.experimental.do_not_convert")
def do_not_convert(func=None):
    """Marks `func` as not to be converted; as a decorator with or without parentheses. Returns it as is."""
    if func is None:
        return do_not_convert
    return func


@tf_export("autograph.set_verbosity")
def set_verbosity(level, alsologtostdout=False) -> None:
    _verbosity[0] = int(level)


@tf_export("autograph.trace")
def trace(*args) -> None:
    """Prints its arguments (TF's autograph tracing print)."""
    print(*args)


@tf_export("autograph.experimental.set_loop_options")
def set_loop_options(parallel_iterations=None, swap_memory=None, maximum_iterations=None, shape_invariants=None):
    """A no-op outside code autograph converts, as in TF."""


# --- types ----------------------------------------------------------------------------------------

class FunctionType(inspect.Signature):
    """TF's signature type of a polymorphic function (an inspect.Signature)."""


export_value(("types.experimental.FunctionType",), FunctionType)


def _tensor_like():
    from .framework.graph import Tensor
    return typing.Union[Tensor, int,  # noqa: UP007 - a runtime value, as TF's
                         float, bool, str, bytes, complex, tuple, list, np.ndarray, np.generic]


export_value(("types.experimental.TensorLike",), _tensor_like())

# --- tpu: there is no TPU ---------------------------------------------------------------------------

_NO_TPU = ("tf.tpu.{name} needs a TPU system, and sessionflow runs on the host (NumPy) or on JAX's devices "
           "through the XLA backend: there is no TPU to use. Build the model without tf.tpu; for several "
           "devices use sessionflow.distribute.")


def _no_tpu(name: str):
    def raises(*args, **kwargs):
        raise errors.NotFoundError(None, None, _NO_TPU.format(name=name))

    raises.__name__ = raises.__qualname__ = name.rpartition(".")[2]
    raises.__doc__ = f"Raises NotFoundError: {_NO_TPU.format(name=name)}"
    return raises


for _name in ("initialize_system", "shutdown_system", "rewrite", "replicate", "shard", "batch_parallel",
              "outside_compilation", "cross_replica_sum", "bfloat16_scope", "CrossShardOptimizer",
              "experimental.initialize_tpu_system", "experimental.shutdown_tpu_system",
              "experimental.embedding_column", "experimental.shared_embedding_columns",
              "experimental.DeviceAssignment", "experimental.Topology", "experimental.TPUSystemMetadata"):
    export_value((f"tpu.{_name}",), _no_tpu(_name))


@tf_export("tpu.core")
def core(num: int) -> str:
    """The device name of TPU core `num` of a replica (a name only)."""
    return f"device:TPU_REPLICATED_CORE:{num}"


@tf_export("tpu.PaddingSpec")
class PaddingSpec(enum.IntEnum):
    AUTO = 0
    POWER_OF_TWO = 1


@tf_export("tpu.XLAOptions")
class XLAOptions(typing.NamedTuple):
    use_spmd_for_xla_partitioning: bool = True
    enable_xla_dynamic_padder: bool = True


@tf_export("tpu.experimental.DeviceOrderMode")
class DeviceOrderMode(enum.IntEnum):
    AUTO = 0
    RING = 1
    MESH = 2


@tf_export("tpu.experimental.HardwareFeature")
class HardwareFeature:
    def __init__(self, tpu_hardware_feature_proto=None):
        raise errors.NotFoundError(None, None, _NO_TPU.format(name="experimental.HardwareFeature"))


# --- mlir and xla ----------------------------------------------------------------------------------

_NO_MLIR = ("tf.mlir.experimental.{name} runs TensorFlow's MLIR converter, which is part of TF's C++ build; "
            "sessionflow has none (its XLA backend compiles plans through JAX).")


def _no_mlir(name: str):
    def raises(*args, **kwargs):
        raise errors.UnimplementedError(None, None, _NO_MLIR.format(name=name))

    raises.__name__ = raises.__qualname__ = name
    return raises


for _name in ("convert_function", "convert_graph_def", "convert_saved_model", "convert_saved_model_v1",
              "run_pass_pipeline", "tflite_to_tosa_bytecode", "write_bytecode"):
    export_value((f"mlir.experimental.{_name}",), _no_mlir(_name))


@tf_export("xla.experimental.jit_scope")
@contextlib.contextmanager
def jit_scope(compile_ops=True, separate_compiled_gradients=False):
    """TF1's XLA clustering hint. sessionflow compiles whole plans (tf.config.optimizer.set_jit(True) or
    SESSIONFLOW_BACKEND=xla), so the scope marks nothing; the ops in it are built as usual."""
    yield


@tf_export("xla.experimental.compile")
def compile(computation, inputs=None):
    """TF's eager-era XLA compile of `computation(*inputs)`; in graph code it builds the computation as is
    (the XLA backend compiles the plans that run it). Returns the outputs as a list, as TF does."""
    outputs = computation(*(inputs or []))
    if outputs is None:
        return []
    return list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]


# --- experimental ------------------------------------------------------------------------------------

@tf_export("experimental.async_scope")
@contextlib.contextmanager
def async_scope():
    """Ops run synchronously in sessionflow: the scope changes nothing."""
    yield


@tf_export("experimental.async_clear_error")
def async_clear_error() -> None:
    """Nothing to clear: sessionflow has no asynchronous executor."""


@tf_export("experimental.function_executor_type")
@contextlib.contextmanager
def function_executor_type(executor_type):
    yield


_output_all_intermediates = [None]


@tf_export("experimental.output_all_intermediates")
def output_all_intermediates(state) -> None:
    """TF's switch for If/While's saved intermediates; sessionflow's control flow always saves what its
    gradients read (docs/ARCHITECTURE.md: Control flow). Kept for programs that set it."""
    _output_all_intermediates[0] = state
