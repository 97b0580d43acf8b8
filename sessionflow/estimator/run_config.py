"""`tf.estimator.RunConfig`: where an Estimator writes and how often it saves, summarizes and logs. sessionflow
runs locally only: the cluster fields have TF's values for a single local worker (TF_CONFIG is not read)."""

from __future__ import annotations

from ..framework.api import tf_export
from ..runtime.config import ConfigProto

_USE_DEFAULT = object()
_REPLACEABLE = ("model_dir", "tf_random_seed", "save_summary_steps", "save_checkpoints_steps",
                "save_checkpoints_secs", "session_config", "keep_checkpoint_max", "keep_checkpoint_every_n_hours",
                "log_step_count_steps", "train_distribute", "device_fn", "protocol", "eval_distribute",
                "experimental_distribute", "experimental_max_worker_delay_secs", "session_creation_timeout_secs",
                "checkpoint_save_graph_def")


def default_session_config() -> ConfigProto:
    """The session config an Estimator uses when RunConfig gives none (TF: soft placement allowed)."""
    return ConfigProto(allow_soft_placement=True)


def _check(name: str, value, holds, message: str) -> None:
    if value is not None and not holds(value):
        raise ValueError(message)


@tf_export("estimator.RunConfig")
class RunConfig:
    """Read-only settings of an Estimator's runs; `replace(**changes)` makes a changed copy. With neither
    `save_checkpoints_steps` nor `save_checkpoints_secs`, checkpoints are saved every 600 seconds."""

    def __init__(self, model_dir=None, tf_random_seed=None, save_summary_steps=100,
                 save_checkpoints_steps=_USE_DEFAULT, save_checkpoints_secs=_USE_DEFAULT, session_config=None,
                 keep_checkpoint_max=5, keep_checkpoint_every_n_hours=10000, log_step_count_steps=100,
                 train_distribute=None, device_fn=None, protocol=None, eval_distribute=None,
                 experimental_distribute=None, experimental_max_worker_delay_secs=None,
                 session_creation_timeout_secs=7200, checkpoint_save_graph_def=True):
        if save_checkpoints_steps is _USE_DEFAULT and save_checkpoints_secs is _USE_DEFAULT:
            save_checkpoints_steps, save_checkpoints_secs = None, 600
        elif save_checkpoints_secs is _USE_DEFAULT:
            save_checkpoints_secs = None
        elif save_checkpoints_steps is _USE_DEFAULT:
            save_checkpoints_steps = None
        elif save_checkpoints_steps is not None and save_checkpoints_secs is not None:
            raise ValueError("`save_checkpoints_steps` and `save_checkpoints_secs` cannot be both set.")
        _check("model_dir", model_dir, lambda v: isinstance(v, str) and v, "model_dir should be non-empty")
        _check("save_summary_steps", save_summary_steps, lambda v: v >= 0, "save_summary_steps should be >= 0")
        _check("save_checkpoints_steps", save_checkpoints_steps, lambda v: v >= 0,
               "save_checkpoints_steps should be >= 0")
        _check("save_checkpoints_secs", save_checkpoints_secs, lambda v: v >= 0,
               "save_checkpoints_secs should be >= 0")
        _check("session_config", session_config, lambda v: isinstance(v, ConfigProto),
               "session_config must be instance of ConfigProto")
        _check("keep_checkpoint_max", keep_checkpoint_max, lambda v: v >= 0, "keep_checkpoint_max should be >= 0")
        _check("keep_checkpoint_every_n_hours", keep_checkpoint_every_n_hours, lambda v: v > 0,
               "keep_checkpoint_every_n_hours should be > 0")
        _check("log_step_count_steps", log_step_count_steps, lambda v: v >= 0, "log_step_count_steps should be >= 0")
        _check("tf_random_seed", tf_random_seed, lambda v: isinstance(v, int) and not isinstance(v, bool),
               "tf_random_seed must be integer.")
        _check("session_creation_timeout_secs", session_creation_timeout_secs, lambda v: v > 0,
               "session_creation_timeout_secs should be > 0")
        self._model_dir = model_dir
        self._tf_random_seed = tf_random_seed
        self._save_summary_steps = save_summary_steps
        self._save_checkpoints_steps = save_checkpoints_steps
        self._save_checkpoints_secs = save_checkpoints_secs
        self._session_config = session_config
        self._keep_checkpoint_max = keep_checkpoint_max
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._log_step_count_steps = log_step_count_steps
        self._train_distribute = train_distribute
        self._device_fn = device_fn
        self._protocol = protocol
        self._eval_distribute = eval_distribute
        self._experimental_distribute = experimental_distribute
        self._experimental_max_worker_delay_secs = experimental_max_worker_delay_secs
        self._session_creation_timeout_secs = session_creation_timeout_secs
        self._checkpoint_save_graph_def = checkpoint_save_graph_def
        self._service = None
        self._cluster_spec = None
        self._task_type = "worker"
        self._task_id = 0
        self._global_id_in_cluster = 0
        self._master = ""
        self._evaluation_master = ""
        self._is_chief = True
        self._num_ps_replicas = 0
        self._num_worker_replicas = 1

    def replace(self, **kwargs) -> RunConfig:
        """A copy with the named settings changed (only the constructor's settings can be)."""
        for key in kwargs:
            if key not in _REPLACEABLE:
                raise ValueError(f"{key} is not allowed to be replace, or it does not exist.")
        settings = {key: getattr(self, f"_{key}") for key in _REPLACEABLE}
        settings.update(kwargs)
        steps, secs = settings["save_checkpoints_steps"], settings["save_checkpoints_secs"]
        if "save_checkpoints_steps" in kwargs and steps is not None and "save_checkpoints_secs" not in kwargs:
            settings["save_checkpoints_secs"] = None
        elif "save_checkpoints_secs" in kwargs and secs is not None and "save_checkpoints_steps" not in kwargs:
            settings["save_checkpoints_steps"] = None
        return RunConfig(**settings)

    def __repr__(self):
        return f"<RunConfig {vars(self)}>"


def _read_only(name: str):
    return property(lambda self: getattr(self, f"_{name}"))


for _name in _REPLACEABLE + ("service", "cluster_spec", "task_type", "task_id", "global_id_in_cluster", "master",
                             "evaluation_master", "is_chief", "num_ps_replicas", "num_worker_replicas"):
    setattr(RunConfig, _name, _read_only(_name))
