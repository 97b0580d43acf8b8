"""TF1's distributed-runtime names: `tf.train.ClusterSpec` (a real description of a cluster, with TF's
ClusterDef/JobDef/ServerDef protos), `tf.train.replica_device_setter` (TF's device function: placement
strings only, since every op runs in this process), and `tf.train.Server`, which sessionflow cannot start:
constructing one raises UnimplementedError pointing to single-process sessions and sessionflow.distribute."""

from __future__ import annotations

from ..framework import errors
from ..framework.api import export_value, tf_export
from ..framework.device_spec import DeviceSpec
from ..io import protos

export_value(("train.ClusterDef",), protos.ClusterDef)
export_value(("train.JobDef",), protos.JobDef)
export_value(("train.ServerDef",), protos.ServerDef)


def _as_bytes(value, what: str) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    raise TypeError(f"{what} {value!r} must be bytes or unicode")


@tf_export("train.ClusterSpec")
class ClusterSpec:
    """A cluster as a set of jobs, each a set of tasks with network addresses:
    `ClusterSpec({"ps": ["ps0:2222"], "worker": {0: "w0:2222", 3: "w3:2222"}})`, or from a ClusterDef."""

    def __init__(self, cluster):
        if isinstance(cluster, dict):
            self._cluster_spec = {}
            for job_name, tasks in cluster.items():
                if isinstance(tasks, (list, tuple)):
                    job_tasks = dict(enumerate(tasks))
                elif isinstance(tasks, dict):
                    job_tasks = {int(i): task for i, task in tasks.items()}
                else:
                    raise TypeError(f"The tasks for job {job_name!r} must be a list or a dictionary from integers "
                                    "to strings.")
                self._cluster_spec[job_name] = job_tasks
            self._make_cluster_def()
        elif isinstance(cluster, (protos.ClusterDef, ClusterSpec)):
            cluster_def = cluster if isinstance(cluster, protos.ClusterDef) else cluster.as_cluster_def()
            self._cluster_def = protos.ClusterDef()
            self._cluster_def.MergeFrom(cluster_def)
            self._cluster_spec = {job.name: dict(job.tasks.items()) for job in self._cluster_def.job}
        else:
            raise TypeError("`cluster` must be a dictionary mapping one or more job names to lists of network "
                            "addresses, or a `ClusterDef` protocol buffer")

    def _make_cluster_def(self) -> None:
        self._cluster_def = protos.ClusterDef()
        for job_name, tasks in sorted(self._cluster_spec.items()):  # sorted: deterministic protos, as TF
            job = self._cluster_def.job.add()
            job.name = _as_bytes(job_name, "Job name")
            for index, address in sorted(tasks.items()):
                job.tasks[index] = _as_bytes(address, "Task address")

    def __bool__(self):
        return bool(self._cluster_spec)

    def __eq__(self, other):
        return self._cluster_spec == other

    def __ne__(self, other):
        return self._cluster_spec != other

    __hash__ = None

    def __repr__(self):
        shown = self.as_dict()
        return "ClusterSpec({" + ", ".join(f"{k!r}: {shown[k]!r}" for k in sorted(shown)) + "})"

    def as_dict(self) -> dict:
        """Job name -> list of addresses (a dict index -> address when the task indices have gaps)."""
        result = {}
        for job in self.jobs:
            indices = self.task_indices(job)
            if not indices:
                result[job] = {}
            elif max(indices) + 1 == len(indices):
                result[job] = self.job_tasks(job)
            else:
                result[job] = {i: self.task_address(job, i) for i in indices}
        return result

    def as_cluster_def(self):
        return self._cluster_def

    @property
    def jobs(self) -> list:
        return list(self._cluster_spec)

    def _job(self, job_name) -> dict:
        try:
            return self._cluster_spec[job_name]
        except KeyError:
            raise ValueError(f"No such job in cluster: {job_name!r}") from None

    def num_tasks(self, job_name) -> int:
        return len(self._job(job_name))

    def task_indices(self, job_name) -> list:
        return sorted(self._job(job_name))

    def task_address(self, job_name, task_index) -> str:
        job = self._job(job_name)
        try:
            return job[task_index]
        except KeyError:
            raise ValueError(f"No task with index {task_index!r} in job {job_name!r}") from None

    def job_tasks(self, job_name) -> list:
        """The addresses of `job_name`'s tasks by index (None where an index has no task)."""
        job = self._job(job_name)
        tasks = [None] * (max(job) + 1)
        for index, address in job.items():
            tasks[index] = address
        return tasks


_SERVER_MESSAGE = (
    "tf.train.Server starts a TensorFlow server of a distributed (multi-process) runtime, which sessionflow does not "
    "have: it runs a graph in one process. Use tf.Session() (target '') without a server; to train over several "
    "local devices wrap the optimizer with sessionflow.distribute.data_parallel(optimizer) (data-parallel through "
    "JAX on the XLA backend; see docs/distribute.md).")


@tf_export("train.Server")
class Server:
    """TF's in-process gRPC server. sessionflow has no distributed runtime: constructing one raises
    UnimplementedError (TF's error class) that says what to use instead."""

    def __init__(self, server_or_cluster_def, job_name=None, task_index=None, protocol=None, config=None,
                 start=True):
        raise errors.UnimplementedError(None, None, _SERVER_MESSAGE)

    @staticmethod
    def create_local_server(config=None, start=True):
        raise errors.UnimplementedError(None, None, _SERVER_MESSAGE)


# The op types replica_device_setter places on parameter servers (TF's STANDARD_PS_OPS).
STANDARD_PS_OPS = (
    "Variable", "VariableV2", "AutoReloadVariable", "MutableHashTable", "MutableHashTableV2",
    "MutableHashTableOfTensors", "MutableHashTableOfTensorsV2", "MutableDenseHashTable", "MutableDenseHashTableV2",
    "VarHandleOp", "BoostedTreesEnsembleResourceHandleOp", "BoostedTreesQuantileStreamResourceHandleOp",
    "ResourceConditionalAccumulator", "DecisionTreeResource")


class _RoundRobinStrategy:
    def __init__(self, num_tasks: int):
        self._num_tasks = num_tasks
        self._next_task = 0

    def __call__(self, unused_op) -> int:
        task = self._next_task
        self._next_task = (task + 1) % self._num_tasks
        return task


class _ReplicaDeviceChooser:
    def __init__(self, ps_tasks, ps_device, worker_device, merge_devices, ps_ops, ps_strategy):
        self._ps_tasks = ps_tasks
        self._ps_device = ps_device
        self._worker_device = worker_device
        self._merge_devices = merge_devices
        self._ps_ops = ps_ops
        self._ps_strategy = ps_strategy

    def device_function(self, op) -> str:
        """The device TF would give `op` (an Operation or NodeDef): variables round-robin over the ps tasks,
        everything else the worker device, merged with the op's own device."""
        if not self._merge_devices and op.device:
            return op.device
        current = DeviceSpec.from_string(op.device or "")
        op_type = op.type if hasattr(op, "type") else op.op
        if self._ps_tasks and self._ps_device and op_type in self._ps_ops:
            ps_device = DeviceSpec.from_string(self._ps_device)
            if ps_device.job and (not current.job or current.job == ps_device.job):
                ps_device = ps_device.replace(task=self._ps_strategy(op))
            return ps_device.make_merged_spec(current).to_string()
        return DeviceSpec.from_string(self._worker_device or "").make_merged_spec(current).to_string()


@tf_export("train.replica_device_setter")
def replica_device_setter(ps_tasks=0, ps_device="/job:ps", worker_device="/job:worker", merge_devices=True,
                          cluster=None, ps_ops=None, ps_strategy=None):
    """TF's device function for between-graph replication (None when there are no ps tasks). Under
    `tf.device(...)` it names devices only: sessionflow runs every op in this process, so the program runs."""
    if cluster is not None:
        spec = (cluster if isinstance(cluster, ClusterSpec) else ClusterSpec(cluster)).as_dict()
        ps_job_name = DeviceSpec.from_string(ps_device).job
        if ps_job_name not in spec or spec[ps_job_name] is None:
            return None
        ps_tasks = len(spec[ps_job_name])
    if ps_tasks == 0:
        return None
    if ps_ops is None:
        ps_ops = list(STANDARD_PS_OPS)
    if ps_strategy is None:
        ps_strategy = _RoundRobinStrategy(ps_tasks)
    if not callable(ps_strategy):
        raise TypeError("ps_strategy must be callable")
    return _ReplicaDeviceChooser(ps_tasks, ps_device, worker_device, merge_devices, ps_ops,
                                 ps_strategy).device_function
