"""Devices: what a session reports (`sess.list_devices()`, tf.test.is_gpu_available), where each plan runs,
and data-parallel plans sharded over a mesh of the local devices.

A NumPy session has one device, CPU:0. A session on the XLA backend has JAX's local devices (imported only
when asked): its CPUs (several when XLA_FLAGS=--xla_force_host_platform_device_count=N) and GPUs/TPUs, named
as TF names them (`/job:localhost/replica:0/task:0/device:GPU:0`); `ConfigProto(device_count={'GPU': 0})`
hides the GPUs of that session, and `device_count={'CPU': N}` gives it N CPU devices, as TF does on either
backend (those beyond JAX's CPUs run on its first). The default device is JAX's default (a GPU where there is one).

Placement, as TF's placer does it once per op of the graph (on the first run that needs it): an op that asks
for a device type/index the session lacks raises TF's InvalidArgumentError ("Cannot assign a device for
operation ...") unless `allow_soft_placement` is set, which puts it on the default device. Only the device
type and index are checked: `/job:ps/task:0` (replica_device_setter) names a job of a cluster sessionflow does
not have and runs in this process. A compiled plan is one computation on one device: the device most of its
ops were placed on (`XlaExecutable.placement`); `log_device_placement=True` prints each op of a plan, when
the plan is first built, with that device (CPU:0 for a plan that runs on NumPy), in TF's format and order.

Data parallelism (sessionflow.distribute.data_parallel): a plan holding an op marked with
`mark_data_parallel` runs with every fed array of rank >= 1 whose first dimension the device count divides
split along that dimension over a Mesh('batch') of the default platform's devices, and everything else
(variables, other feeds, the outputs) replicated; XLA adds the all-reduces, so the numbers are one device's
to rounding. A feed the count does not divide (a last, smaller batch) stays whole: the step is then
replicated, same results, no split.
"""

from __future__ import annotations

import collections
import functools

from ...framework import errors
from ...framework.device_spec import DeviceSpec

PREFIX = "/job:localhost/replica:0/task:0/device:"
CPU_MEMORY = 268435456  # what TF reports as a CPU's memory limit

Device = collections.namedtuple("Device", ["name", "device_type", "index", "jax_device", "memory_limit"])
_MARK = "_sessionflow_data_parallel"  # graph attribute: the ops whose plans run data-parallel
# Placement before the session's devices are known (JAX not imported yet: a plan that may compile later, on
# "auto"): an op without a device goes to the default one, an op asking for CPU:0 (always there) to CPU:0,
# which becomes a JAX device only when the plan compiles (`LATER_CPU`); anything else loads the devices.
_UNKNOWN_DEFAULT = Device(PREFIX + "CPU:0", "CPU", 0, None, CPU_MEMORY)
_UNKNOWN_CPU0 = Device(PREFIX + "CPU:0", "CPU", 0, None, CPU_MEMORY)
LATER_CPU = "CPU:0"  # an XlaExecutable.placement: JAX's first CPU device, looked up when the plan compiles


def import_jax():
    """The `jax` module, imported on first use with NumPy's global generator left where the program had it:
    importing JAX draws from `numpy.random` (default arguments of its cluster-detection module), and a
    program that seeded NumPy for its data expects the draws TF gives it, whose import came before its seed."""
    import sys

    loaded = sys.modules.get("jax")
    if loaded is not None and hasattr(loaded, "numpy"):
        return loaded
    import numpy as np

    state = np.random.get_state()
    try:
        import jax
        import jax.numpy  # noqa: F401
    finally:
        np.random.set_state(state)
    return jax


@functools.lru_cache(maxsize=None)
def _jax_devices() -> tuple:
    """((device type, [jax devices]), ...) of this process, CPU first; JAX is imported here."""
    jax = import_jax()

    found = [("CPU", tuple(jax.local_devices(backend="cpu")))]
    for kind in ("gpu", "tpu"):
        try:
            devices = tuple(jax.local_devices(backend=kind))
        except RuntimeError:  # no such platform
            continue
        if devices:
            found.append((kind.upper(), devices))
    return tuple(found)


def _memory(device) -> int:
    try:
        return int((device.memory_stats() or {}).get("bytes_limit", 0))
    except Exception:  # a platform without memory statistics
        return 0


def cpu_count(config):
    """How many CPU devices ConfigProto `config`'s device_count asks for (None: as many as there are); TF's
    NotFoundError for none, which a session is refused on."""
    counts = getattr(config, "device_count", None) if config is not None else None
    cpus = (counts or {}).get("CPU", (counts or {}).get("cpu"))
    if cpus is not None and int(cpus) <= 0:
        raise errors.NotFoundError(None, None, "No CPU devices are available in this process")
    return None if cpus is None else int(cpus)


def session_devices(backend: str, config=None) -> list:
    """The devices of a session running on `backend` ('numpy', 'xla', 'auto') with ConfigProto `config`."""
    counts = dict(getattr(config, "device_count", None) or {}) if config is not None else {}
    cpus = cpu_count(config)
    if backend == "numpy":
        return [Device(f"{PREFIX}CPU:{i}", "CPU", i, None, CPU_MEMORY) for i in range(cpus or 1)]
    out = []
    for kind, devices in _jax_devices():
        limit = counts.get(kind, counts.get(kind.lower()))
        if kind == "CPU" and cpus is not None:
            # TF makes as many CPU devices as device_count asks, all on this host's processors: those
            # beyond JAX's CPU devices run on its first one.
            devices = tuple(devices[:cpus]) + (devices[0],) * max(cpus - len(devices), 0)
        elif limit is not None:
            devices = devices[:max(int(limit), 0)]
        out += [Device(f"{PREFIX}{kind}:{i}", kind, i, d, CPU_MEMORY if kind == "CPU" else _memory(d))
                for i, d in enumerate(devices)]
    return out


def default_device(devices: list):
    """JAX's default platform's first device among `devices` (a GPU before the CPU), else CPU:0."""
    accelerators = [d for d in devices if d.device_type != "CPU"]
    if accelerators:
        jax = import_jax()
        if jax.default_backend() != "cpu":
            return accelerators[0]
    return devices[0]


def process_devices() -> list:
    """The devices sessions made now would have (`tf.test.is_gpu_available`, `gpu_device_name`)."""
    from .xla_select import session_backend
    return session_devices(session_backend(None))


# --- placement ---------------------------------------------------------------------------------------

def _generator(op) -> bool:
    """TF's placer places these ('generators': no inputs, one non-reference output) after the others."""
    return not op.inputs and len(op.outputs) == 1 and not op.outputs[0].dtype._is_ref_dtype


def placer_order(ops) -> list:
    ops = list(ops)
    return [op for op in ops if not _generator(op)] + [op for op in ops if _generator(op)]


class _Placer:
    """A session's placement: the graph's ops checked so far, and those whose placement it logged."""

    def __init__(self, session):
        self._session = session
        self._devices = None
        config = session._config
        self.soft = bool(getattr(config, "allow_soft_placement", False)) if config is not None else False
        self.log = bool(getattr(config, "log_device_placement", False)) if config is not None else False
        self.restricted = bool(getattr(config, "device_count", None)) if config is not None else False
        self.checked = 0
        self.logged: set = set()

    def _load(self):
        """The session's devices, found when first needed (JAX is imported then, not for every session)."""
        session = self._session
        self._devices = session_devices(session._backend, session._config)
        self._default = default_device(self._devices)
        self._by_name = {(d.device_type, d.index): d for d in self._devices}

    @property
    def devices(self) -> list:
        if self._devices is None:
            self._load()
        return self._devices

    @property
    def default(self):
        if self._devices is None:
            self._load()
        return self._default

    def assigned(self, op):
        """The device `op` is placed on; TF's InvalidArgumentError when it cannot be and placement is hard.
        Until the session's devices are needed (a log, a device_count, a device other than CPU:0), the
        default and CPU:0 are answered without importing JAX."""
        lazy = self._devices is None and not self.log and not self.restricted
        if not op.device:
            return _UNKNOWN_DEFAULT if lazy else self.default
        spec = DeviceSpec.from_string(op.device)
        if spec.device_type is None:
            return _UNKNOWN_DEFAULT if lazy else self.default
        if lazy and spec.device_type.upper() == "CPU" and (spec.device_index or 0) == 0:
            return _UNKNOWN_CPU0
        self.devices  # noqa: B018 - loads _by_name
        found = self._by_name.get((spec.device_type.upper(), spec.device_index or 0))
        if found is not None:
            return found
        if self.soft:
            return self.default
        names = ", ".join(d.name for d in self.devices)
        raise errors.InvalidArgumentError(
            None, op, f"Cannot assign a device for operation {op.name}: {{{{node {op.name}}}}} was explicitly "
                      f"assigned to {op.device} but available devices are [ {names} ]. Make sure the device "
                      "specification refers to a valid device.")

    def check_graph(self, graph):
        """TF places the whole graph, not only what a run needs: the ops added since the last check."""
        ops = graph.get_operations()
        if len(ops) > self.checked:
            for op in placer_order(ops[self.checked:]):
                if op.device:
                    self.assigned(op)
            self.checked = len(ops)


def place(session, plan, executable) -> None:
    """Checks the graph's placement, chooses where `plan` (just built) runs and logs it when asked."""
    placer = session.__dict__.get("_placer")
    if placer is None:
        placer = session._placer = _Placer(session)
    placer.check_graph(session.graph)
    if plan is None:
        return
    compiled = getattr(executable, "reason", "numpy") is None  # an XlaExecutable that may compile
    explicit = any(_asks_type(step.op) for step in plan.steps)
    marked = plan.ops and plan.ops[0].graph.__dict__.get(_MARK)
    marked = bool(marked) and any(op in marked for op in plan.ops)
    shown = None
    if compiled and (explicit or marked or placer.log or placer.restricted):
        votes = collections.Counter(placer.assigned(step.op) for step in plan.steps)
        device = votes.most_common(1)[0][0] if votes else placer.default
        mesh = _mesh(placer, device) if marked else None
        if mesh is not None:
            executable.placement = mesh
            shown = ", ".join(d.name for d in _mesh_devices(placer, device))
        elif device is _UNKNOWN_CPU0:
            executable.placement = LATER_CPU
        else:
            if device.jax_device is not None and device.jax_device != _jax_default():
                executable.placement = device.jax_device
            shown = device.name
    if placer.log:
        shown = shown or PREFIX + "CPU:0"
        lines = [f"{op.name}: ({op.type}): {shown}" for op in placer_order(plan.ops) if op not in placer.logged]
        placer.logged.update(plan.ops)
        if lines:
            print("\n".join(lines), flush=True)


def _asks_type(op) -> bool:
    return bool(op.device) and DeviceSpec.from_string(op.device).device_type is not None


def _jax_default():
    jax = import_jax()
    return jax.devices()[0]


# --- data parallelism ----------------------------------------------------------------------------------

def mark_data_parallel(op) -> None:
    """Plans that run `op` (a train op of sessionflow.distribute.data_parallel) shard their feeds."""
    op.graph.__dict__.setdefault(_MARK, set()).add(op)


def _mesh_devices(placer, device) -> list:
    """The session's devices of `device`'s type, one per JAX device (the CPU devices a device_count adds
    beyond JAX's share its first one)."""
    found = {}
    for d in placer.devices:
        if d.device_type == device.device_type:
            found.setdefault(d.jax_device, d)
    return list(found.values())


def _mesh(placer, device):
    devices = _mesh_devices(placer, device)
    if len(devices) < 2:
        return None  # one device: the plain optimizer's plan
    import numpy as np
    from jax.sharding import Mesh
    return Mesh(np.array([d.jax_device for d in devices]), ("batch",))


class _Sharded:
    """The plan's computation over a mesh: `fn(fed, state)` with each divisible feed split on 'batch'."""

    def __init__(self, fn, mesh, options=None):
        jax = import_jax()
        from jax.sharding import NamedSharding, PartitionSpec

        self._jax = jax
        self._fn = fn
        self.mesh = mesh
        self._count = mesh.devices.size
        self._split = NamedSharding(mesh, PartitionSpec("batch"))
        self._whole = NamedSharding(mesh, PartitionSpec())
        self._compiled: dict = {}
        self._options = options

    def shardings(self, fed) -> list:
        count = self._count
        return [self._split if getattr(x, "ndim", 0) >= 1 and x.shape[0] and x.shape[0] % count == 0
                else self._whole for x in fed]

    def jitted(self, fed):
        shardings = self.shardings(fed)
        key = tuple(s is self._split for s in shardings)
        fn = self._compiled.get(key)
        if fn is None:
            fn = self._compiled[key] = self._jax.jit(self._fn, in_shardings=(shardings, self._whole),
                                                     out_shardings=self._whole, compiler_options=self._options)
        return fn

    def __call__(self, fed, state):
        return self.jitted(fed)(fed, state)


def jit(fn, placement, options=None):
    """`jax.jit(fn)` for a plan placed on `placement`: None (JAX's default device), a JAX device, or a Mesh
    (data-parallel); compiled with XLA compiler `options` where given."""
    jax = import_jax()
    options = options or None
    if isinstance(placement, str):  # LATER_CPU: CPU:0, asked for before the devices were known
        placement = None if jax.default_backend() == "cpu" else jax.local_devices(backend="cpu")[0]
    if placement is None:
        return jax.jit(fn, compiler_options=options)
    if hasattr(placement, "axis_names"):
        return _Sharded(fn, placement, options)
    from jax.sharding import SingleDeviceSharding
    return jax.jit(fn, in_shardings=SingleDeviceSharding(placement), compiler_options=options)


_ACCEPTED: dict = {}  # compiler options (as a sorted tuple) -> whether this jaxlib's XLA takes them


def compiles_for_cpu(placement, options: dict) -> bool:
    """Whether a plan placed on `placement` compiles for the CPU, with XLA:CPU `options` that this jaxlib
    accepts (checked once per set of options on a one-element computation: an option an XLA release
    renamed or dropped is left out rather than failing the plan's compile)."""
    jax = import_jax()
    if isinstance(placement, str):  # LATER_CPU
        devices = ()
    elif placement is None:
        devices = jax.devices()[:1]
    elif hasattr(placement, "axis_names"):
        devices = placement.devices.flat
    else:
        devices = (placement,)
    if any(d.platform != "cpu" for d in devices):
        return False
    key = tuple(sorted(options.items()))
    if key not in _ACCEPTED:
        try:
            jax.jit(lambda x: x + 1, compiler_options=options).lower(0.0).compile()
            _ACCEPTED[key] = True
        except Exception:  # XLA's INVALID_ARGUMENT for an unknown option or value
            _ACCEPTED[key] = False
    return _ACCEPTED[key]
