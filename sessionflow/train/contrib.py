"""tf.contrib.training (TF 1.x), served by sessionflow/compat/contrib.py: HParams (train/hparams.py) and, from the
tf-slim package (the `contrib` extra), the training-loop helpers TF 1.15 kept there (create_train_op, train,
add_gradients_summaries, clip_gradient_norms, multiply_gradients) and evaluation helpers (checkpoints_iterator,
wait_for_new_checkpoint, evaluate_repeatedly, SummaryAtEndHook; evaluate_once, StopAfterNEvalsHook and
get_or_create_eval_step are sessionflow's, train/evaluation.py). Its queue-based batching and sampling functions say
they are not provided."""

from __future__ import annotations

from .._namespaces import partial_module_error
from . import hparams as hparam  # noqa: F401 - TF 1.x's module path contrib/training/python/training/hparam
from .evaluation import StopAfterNEvalsHook, evaluate_once, get_or_create_eval_step  # noqa: F401 - re-exports
from .hparams import HParams, parse_values  # noqa: F401 - re-exports

__path__ = []  # a package, for TF 1.x's deep path tensorflow.contrib.training.python.training.hparam
# tf-slim module -> the names tf.contrib.training takes from it
_SLIM = {"tf_slim.training.training": ("create_train_op", "train", "add_gradients_summaries", "clip_gradient_norms",
                                       "multiply_gradients"),
         "tf_slim.training.evaluation": ("checkpoints_iterator", "wait_for_new_checkpoint", "evaluate_repeatedly",
                                         "SummaryAtEndHook")}
_TF1_NAMES = ("FeedingQueueRunner", "GreedyLoadBalancingStrategy", "NextQueuedSequenceBatch",
              "SequenceQueueingStateSaver", "batch_sequences_with_states", "bucket", "bucket_by_sequence_length",
              "byte_size_load_fn", "rejection_sample", "resample_at_rate", "stratified_sample", "weighted_resample",
              "python_input", "HParamDef", "CheckpointInputPipelineHook")

_missing = partial_module_error("contrib.training", _TF1_NAMES)


def __getattr__(name: str):
    for module, names in _SLIM.items():
        if name in names:
            from ..compat.contrib import import_tf_slim

            found = getattr(import_tf_slim(module), name)
            globals()[name] = found
            return found
    raise _missing(name)


__all__ = ["HParams", "StopAfterNEvalsHook", "evaluate_once", "get_or_create_eval_step", "parse_values",
           *(name for names in _SLIM.values() for name in names)]
