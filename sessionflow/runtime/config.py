"""Session configuration objects: `tf.ConfigProto`, `tf.RunOptions`, `tf.RunMetadata` and friends.

TF's versions are protocol buffers; these keep the fields TF1 programs set (and ignore the ones that
only matter for devices sessionflow does not have), with attribute access and keyword construction.
"""

from __future__ import annotations


# The process-wide thread settings (tf.config.threading): what a session uses when its ConfigProto's field is 0.
THREADS = {"intra_op_parallelism_threads": 0, "inter_op_parallelism_threads": 0}


def intra_op_threads(config) -> int:
    """The intra-op thread limit of a session made with `config`: its own setting, else the process's."""
    own = getattr(config, "intra_op_parallelism_threads", 0) if config is not None else 0
    return own or THREADS["intra_op_parallelism_threads"]


class _Message:
    """A small mutable record with defaults; unknown fields are accepted and kept, as TF1 code sets
    many device-only options that have no effect here."""

    _defaults: dict = {}

    def __init__(self, **fields):
        for name, value in self._defaults.items():
            setattr(self, name, value() if callable(value) else value)
        for name, value in fields.items():
            setattr(self, name, value)

    def __repr__(self):
        shown = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({shown})"


class GPUOptions(_Message):
    _defaults = dict(allow_growth=False, per_process_gpu_memory_fraction=0.0, visible_device_list="")


class OptimizerOptions(_Message):
    L1 = 0
    L0 = -1
    DEFAULT, OFF, ON_1, ON_2 = 0, -1, 1, 2  # GlobalJitLevel: ON_1/ON_2 run plans on XLA (runtime/backends/xla.py)
    _defaults = dict(opt_level=0, do_constant_folding=False, global_jit_level=0)


class GraphOptions(_Message):
    _defaults = dict(optimizer_options=OptimizerOptions, build_cost_model=0)


class ConfigProto(_Message):
    """`tf.ConfigProto`: `intra_op_parallelism_threads` is honoured (the most BLAS threads a matrix
    product of the session uses, runtime/blas.py; tf.multinomial's sampling, as in TF);
    `inter_op_parallelism_threads` has nothing to limit (ops run one at a time); placement and GPU
    options are accepted and have no effect."""

    _defaults = dict(intra_op_parallelism_threads=0, inter_op_parallelism_threads=0,
                     allow_soft_placement=False, log_device_placement=False, device_count=dict,
                     gpu_options=GPUOptions, graph_options=GraphOptions, operation_timeout_in_ms=0,
                     use_per_session_threads=False, isolate_session_state=False)


class RunOptions(_Message):
    """`tf.RunOptions`; `trace_level=FULL_TRACE` asks `Session.run` to fill RunMetadata.step_stats."""

    NO_TRACE = 0
    SOFTWARE_TRACE = 1
    HARDWARE_TRACE = 2
    FULL_TRACE = 3
    _defaults = dict(trace_level=0, timeout_in_ms=0, output_partition_graphs=False,
                     report_tensor_allocations_upon_oom=False)


class StepStats(_Message):
    _defaults = dict(dev_stats=list)


class RunMetadata(_Message):
    _defaults = dict(step_stats=StepStats, partition_graphs=list, cost_graph=None)


class DeviceAttributes:
    """What `Session.list_devices()` reports for each device."""

    def __init__(self, name: str, device_type: str, memory_limit_bytes: int):
        self.name = name
        self.device_type = device_type
        self.memory_limit_bytes = memory_limit_bytes

    def __repr__(self):
        return f"_DeviceAttributes({self.name}, {self.device_type}, {self.memory_limit_bytes})"
