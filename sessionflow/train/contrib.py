"""tf.contrib.training (TF 1.x), served by sessionflow/compat/contrib.py: HParams (train/hparams.py) and, from the
tf-slim package (the `contrib` extra), the training-loop helpers TF 1.15 kept there (create_train_op, train,
add_gradients_summaries, clip_gradient_norms, multiply_gradients). Its queue-based batching and sampling
functions say they are not provided."""

from __future__ import annotations

from .._namespaces import NOT_YET
from . import hparams as hparam  # noqa: F401 - TF 1.x's module path contrib/training/python/training/hparam
from .hparams import HParams, parse_values  # noqa: F401 - re-exports

__path__ = []  # a package, for TF 1.x's deep path tensorflow.contrib.training.python.training.hparam
_SLIM = ("create_train_op", "train", "add_gradients_summaries", "clip_gradient_norms", "multiply_gradients")
_TF1_NAMES = ("FeedingQueueRunner", "GreedyLoadBalancingStrategy", "NextQueuedSequenceBatch", "SequenceQueueingStateSaver",
              "StopAfterNEvalsHook", "SummaryAtEndHook", "batch_sequences_with_states", "bucket",
              "bucket_by_sequence_length", "byte_size_load_fn", "checkpoints_iterator", "evaluate_once",
              "evaluate_repeatedly", "get_or_create_eval_step", "rejection_sample", "resample_at_rate",
              "stratified_sample", "wait_for_new_checkpoint", "weighted_resample", "python_input",
              "HParamDef", "CheckpointInputPipelineHook")


def __getattr__(name: str):
    if name in _SLIM:
        from ..compat.contrib import import_tf_slim

        found = getattr(import_tf_slim("tf_slim.training.training"), name)
        globals()[name] = found
        return found
    if name in _TF1_NAMES:
        raise AttributeError(f"module 'tensorflow.contrib.training' has no attribute {name!r}: "
                             f"tf.contrib.training.{name} {NOT_YET}", name=name)
    raise AttributeError(f"module 'tensorflow.contrib.training' has no attribute {name!r}", name=name)


__all__ = ["HParams", "parse_values", *_SLIM]
