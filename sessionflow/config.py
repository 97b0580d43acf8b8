"""`tf.config` (tf.compat.v1.config) as TF 2.21 has it, for the one process sessionflow runs in.

Devices: the host CPU, plus JAX's accelerators when the XLA backend is chosen and JAX is importable
(runtime/backends/xla_select.py). Settings that have an effect here:
- `threading.set_intra_op_parallelism_threads`: the most BLAS threads a matrix product uses in sessions made
  afterwards without their own ConfigProto setting (runtime/config.py, runtime/blas.py);
- `optimizer.set_jit(True)`: plans run on XLA (`set_backend("xla")`) when JAX is there; `set_jit(False)` back
  to NumPy. `set_backend`/`get_backend` themselves are sessionflow's (not TF's) way to choose.
The other switches (memory growth, soft placement, device policy, TF32, MLIR bridge, ...) keep TF's state,
checks and errors and change nothing else: there is one device kind that matters, and no GPU allocator.
"""

from __future__ import annotations

import collections

from .framework import device_spec as _device_spec
from .framework.api import tf_export
from .runtime import config as _runtime_config
from .runtime.backends.xla_select import get_backend, set_backend

__all__ = ["get_backend", "set_backend"]

PhysicalDevice = tf_export("config.PhysicalDevice")(
    collections.namedtuple("PhysicalDevice", ["name", "device_type"]))
LogicalDevice = tf_export("config.LogicalDevice")(
    collections.namedtuple("LogicalDevice", ["name", "device_type"]))


@tf_export("config.LogicalDeviceConfiguration", "config.experimental.VirtualDeviceConfiguration")
class LogicalDeviceConfiguration(collections.namedtuple(
        "LogicalDeviceConfiguration", ["memory_limit", "experimental_priority", "experimental_device_ordinal"])):
    """How one logical device is made of a physical one (`set_logical_device_configuration`)."""

    def __new__(cls, memory_limit=None, experimental_priority=None, experimental_device_ordinal=None):
        return super().__new__(cls, memory_limit, experimental_priority, experimental_device_ordinal)


class _State:
    """The process's settings, as TF's eager context keeps them."""

    def __init__(self):
        self.visible: dict[str, list] = {}  # device type -> visible physical devices (unset: all)
        self.memory_growth: dict = {}
        self.logical: dict = {}  # physical device -> [LogicalDeviceConfiguration]
        self.soft_placement = False
        self.log_device_placement = False
        self.jit = ""
        self.experimental_options: dict = {}
        self.device_policy = "silent"
        self.synchronous = True
        self.tensor_float_32 = True
        self.mlir_bridge = False
        self.functions_run_eagerly = False


_state = _State()


def _accelerators() -> list[PhysicalDevice]:
    """JAX's GPUs/TPUs when the XLA backend is what sessions use (without importing JAX otherwise)."""
    from .runtime.backends import xla_select
    if xla_select.session_backend(None) == "numpy":
        return []
    from .runtime.backends.xla_devices import process_devices
    found = [d for d in process_devices() if d.device_type != "CPU"]
    return [PhysicalDevice(f"/physical_device:{d.device_type}:{d.index}", d.device_type) for d in found]


def _all_physical() -> list[PhysicalDevice]:
    return [PhysicalDevice("/physical_device:CPU:0", "CPU"), *_accelerators()]


def _check_device(device) -> None:
    if device not in _all_physical():
        raise ValueError(f"Unrecognized device: {device!r}")


@tf_export("config.list_physical_devices", "config.experimental.list_physical_devices")
def list_physical_devices(device_type=None) -> list:
    """The devices of this process (the CPU; JAX's accelerators under the XLA backend), of `device_type`."""
    return [d for d in _all_physical() if device_type is None or d.device_type == str(device_type).upper()]


def list_local_devices(session_config=None) -> list:
    """`tensorflow.python.client.device_lib.list_local_devices`: a DeviceAttributes proto for each device a
    session made with `session_config` would have (`name` as `/device:CPU:0`, TF's memory limits; the
    `incarnation`, random in TF, is random here too)."""
    import random

    from .io import protos
    from .runtime.backends import xla_devices, xla_select

    draw = random.SystemRandom()  # leaves the program's own random generators alone
    found = []
    for d in xla_devices.session_devices(xla_select.session_backend(None), session_config):
        attrs = protos.DeviceAttributes(name=f"/device:{d.device_type}:{d.index}", device_type=d.device_type,
                                        memory_limit=d.memory_limit, incarnation=draw.getrandbits(64),
                                        xla_global_id=-1)
        attrs.locality.SetInParent()
        if d.device_type != "CPU":
            attrs.locality.bus_id = 1
            attrs.physical_device_desc = f"device: {d.index}, name: {getattr(d.jax_device, 'device_kind', '')}"
        found.append(attrs)
    return found


@tf_export("config.get_visible_devices", "config.experimental.get_visible_devices")
def get_visible_devices(device_type=None) -> list:
    return [d for d in list_physical_devices(device_type) if d in _state.visible.get(d.device_type, [d])]


@tf_export("config.set_visible_devices", "config.experimental.set_visible_devices")
def set_visible_devices(devices, device_type=None) -> None:
    """Limits the devices of `device_type` (every type when None) to `devices`."""
    devices = [devices] if isinstance(devices, PhysicalDevice) else list(devices)
    for device in devices:
        _check_device(device)
    kinds = {device_type.upper()} if device_type is not None else {d.device_type for d in _all_physical()}
    for kind in kinds:
        _state.visible[kind] = [d for d in devices if d.device_type == kind]


@tf_export("config.list_logical_devices", "config.experimental.list_logical_devices")
def list_logical_devices(device_type=None) -> list:
    """The devices ops may be placed on: one per visible physical device, or as many as its logical
    configuration says (`/device:CPU:0`, ...)."""
    found = []
    for kind in dict.fromkeys(d.device_type for d in get_visible_devices(device_type)):
        count = sum(len(_state.logical.get(d) or [None]) for d in get_visible_devices(kind))
        found += [LogicalDevice(f"/device:{kind}:{i}", kind) for i in range(count)]
    return found


@tf_export("config.get_logical_device_configuration", "config.experimental.get_virtual_device_configuration")
def get_logical_device_configuration(device):
    _check_device(device)
    return _state.logical.get(device)


@tf_export("config.set_logical_device_configuration", "config.experimental.set_virtual_device_configuration")
def set_logical_device_configuration(device, logical_devices) -> None:
    """Splits `device` into len(logical_devices) logical devices (names only: ops all run on the host)."""
    _check_device(device)
    _state.logical[device] = None if logical_devices is None else list(logical_devices)


@tf_export("config.experimental.set_memory_growth")
def set_memory_growth(device, enable: bool) -> None:
    """As TF: a GPU's allocator grows on demand; a CPU has no such switch (ValueError, as in TF)."""
    _check_device(device)
    if device.device_type == "CPU":
        raise ValueError("Cannot set memory growth on non-GPU and non-Pluggable devices")
    _state.memory_growth[device] = bool(enable)


@tf_export("config.experimental.get_memory_growth")
def get_memory_growth(device):
    _check_device(device)
    if device.device_type == "CPU":
        raise KeyError(device)  # TF keeps the setting for GPUs only
    return _state.memory_growth.get(device)


def _device_name(device: str) -> str:
    spec = _device_spec.DeviceSpec.from_string(device if "/" in device else f"/{device}")
    if spec.device_type is None:
        raise ValueError(f"Failed parsing device name: '{device}'")
    name = f"/device:{spec.device_type}:{spec.device_index or 0}"
    if name not in {d.name for d in list_logical_devices()}:
        raise ValueError(f"No matching devices found for '{device}'")
    return name


@tf_export("config.experimental.get_memory_info")
def get_memory_info(device: str) -> dict:
    """TF reports {'current', 'peak'} bytes of its allocator; NumPy's memory is not tracked: zeros."""
    _device_name(device)
    return {"current": 0, "peak": 0}


@tf_export("config.experimental.get_memory_usage")
def get_memory_usage(device: str) -> int:
    return get_memory_info(device)["current"]


@tf_export("config.experimental.reset_memory_stats")
def reset_memory_stats(device: str) -> None:
    _device_name(device)


@tf_export("config.experimental.get_device_details")
def get_device_details(device) -> dict:
    """TF's details ({'device_name', 'compute_capability'} for a GPU); a CPU has none."""
    _check_device(device)
    return {}


@tf_export("config.get_soft_device_placement")
def get_soft_device_placement() -> bool:
    return _state.soft_placement


@tf_export("config.set_soft_device_placement")
def set_soft_device_placement(enabled: bool) -> None:
    _state.soft_placement = bool(enabled)


@tf_export("debugging.get_log_device_placement")
def get_log_device_placement() -> bool:
    return _state.log_device_placement


@tf_export("debugging.set_log_device_placement")
def set_log_device_placement(enabled: bool) -> None:
    _state.log_device_placement = bool(enabled)


_DEVICE_POLICIES = (None, "silent", "silent_for_int32", "warn", "explicit")


@tf_export("config.experimental.get_device_policy")
def get_device_policy() -> str:
    return _state.device_policy


@tf_export("config.experimental.set_device_policy")
def set_device_policy(device_policy) -> None:
    if device_policy not in _DEVICE_POLICIES:
        raise ValueError(f"Invalid argument `device_policy`: {device_policy!r}. Please refer to "
                         "https://www.tensorflow.org/api_docs/python/tf/config/experimental/set_device_policy for "
                         "valid `device_policy` arguments.")
    _state.device_policy = device_policy or "silent"


@tf_export("config.experimental.get_synchronous_execution")
def get_synchronous_execution() -> bool:
    return _state.synchronous


@tf_export("config.experimental.set_synchronous_execution")
def set_synchronous_execution(enable: bool) -> None:
    _state.synchronous = bool(enable)


@tf_export("config.experimental.tensor_float_32_execution_enabled")
def tensor_float_32_execution_enabled() -> bool:
    return _state.tensor_float_32


@tf_export("config.experimental.enable_tensor_float_32_execution")
def enable_tensor_float_32_execution(enabled: bool) -> None:
    _state.tensor_float_32 = bool(enabled)


@tf_export("config.experimental.enable_mlir_bridge")
def enable_mlir_bridge() -> None:
    _state.mlir_bridge = True


@tf_export("config.experimental.disable_mlir_bridge")
def disable_mlir_bridge() -> None:
    _state.mlir_bridge = False


@tf_export("config.functions_run_eagerly", "config.experimental_functions_run_eagerly")
def functions_run_eagerly() -> bool:
    return _state.functions_run_eagerly


@tf_export("config.run_functions_eagerly", "config.experimental_run_functions_eagerly")
def run_functions_eagerly(run_eagerly: bool) -> None:
    _state.functions_run_eagerly = bool(run_eagerly)


@tf_export("config.experimental_connect_to_cluster")
def experimental_connect_to_cluster(cluster_spec_or_resolver, job_name="localhost", task_index=0, protocol=None,
                                    make_master_device_default=True, cluster_device_filters=None) -> None:
    raise ValueError("`tf.config.experimental_connect_to_cluster` can only be called in eager mode.")


@tf_export("config.experimental_connect_to_host")
def experimental_connect_to_host(remote_host=None, job_name="worker") -> None:
    raise ValueError("`tf.config.experimental_connect_to_cluster` can only be called in eager mode.")


@tf_export("config.experimental.ClusterDeviceFilters")
class ClusterDeviceFilters:
    """Which devices each task of a cluster may see (`set_device_filters(job, task, filters)`)."""

    def __init__(self):
        self._filters: dict = {}

    def set_device_filters(self, job_name: str, task_index: int, device_filters) -> None:
        self._filters.setdefault(job_name, {})[int(task_index)] = [str(f) for f in device_filters]


# --- threads ----------------------------------------------------------------------------------

@tf_export("config.threading.get_intra_op_parallelism_threads")
def get_intra_op_parallelism_threads() -> int:
    return _runtime_config.THREADS["intra_op_parallelism_threads"]


@tf_export("config.threading.set_intra_op_parallelism_threads")
def set_intra_op_parallelism_threads(num_threads: int) -> None:
    """The most threads one op (a matrix product, multinomial sampling) uses in sessions made afterwards
    whose ConfigProto does not say (0: sessionflow's choice, from the cores others leave free)."""
    _runtime_config.THREADS["intra_op_parallelism_threads"] = int(num_threads)


@tf_export("config.threading.get_inter_op_parallelism_threads")
def get_inter_op_parallelism_threads() -> int:
    return _runtime_config.THREADS["inter_op_parallelism_threads"]


@tf_export("config.threading.set_inter_op_parallelism_threads")
def set_inter_op_parallelism_threads(num_threads: int) -> None:
    """Kept as TF keeps it; as with ConfigProto's field it limits nothing (a plan runs its ops one at a time)."""
    _runtime_config.THREADS["inter_op_parallelism_threads"] = int(num_threads)


# --- the graph optimizer and XLA ------------------------------------------------------------------

@tf_export("config.optimizer.get_jit")
def get_jit() -> str:
    """'autoclustering' when plans run on XLA (set_jit(True), or the XLA backend chosen), else ''."""
    return "autoclustering" if _state.jit or get_backend() == "xla" else ""


@tf_export("config.optimizer.set_jit")
def set_jit(enabled) -> None:
    """TF's XLA switch: True (or 'autoclustering') runs sessions' plans on XLA when JAX is importable;
    False runs them on NumPy."""
    from .runtime.backends.xla import AVAILABLE
    _state.jit = "autoclustering" if enabled else ""
    if not enabled:
        set_backend("numpy")
    elif AVAILABLE:
        set_backend("xla")


_DEFAULT_OPTIONS = ("disable_model_pruning", "disable_meta_optimizer")


@tf_export("config.optimizer.get_experimental_options")
def get_experimental_options() -> dict:
    options = {k: v for k, v in _state.experimental_options.items() if k not in _DEFAULT_OPTIONS}
    for key in _DEFAULT_OPTIONS:
        options[key] = _state.experimental_options.get(key, False)
    return options


@tf_export("config.optimizer.set_experimental_options")
def set_experimental_options(options: dict) -> None:
    """Grappler's switches: kept and reported (sessionflow's own rewrites are always on)."""
    _state.experimental_options.update(options)


# --- tf.debugging's traceback switch: sessionflow's tracebacks show the user's frames (tools/user_script.py) ---

_traceback_filtering = [True]


@tf_export("debugging.is_traceback_filtering_enabled")
def is_traceback_filtering_enabled() -> bool:
    return _traceback_filtering[0]


@tf_export("debugging.enable_traceback_filtering")
def enable_traceback_filtering() -> None:
    _traceback_filtering[0] = True


@tf_export("debugging.disable_traceback_filtering")
def disable_traceback_filtering() -> None:
    _traceback_filtering[0] = False
