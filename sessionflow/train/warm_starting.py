"""`tf.train.warm_start`: makes variables initialize from another run's checkpoint (the variables
chosen by a scope regex, a list of scopes or of Variables; renamed through
`var_name_to_prev_var_name`), through init_from_checkpoint (train/saver.py). `tf.train.VocabInfo` is
TF's record; remapping a vocabulary's rows (TF's GenerateVocabRemap and LoadAndRemapMatrix ops) is
not provided, and warm_start says so when asked."""

from __future__ import annotations

import collections

from .._behaviour import logging
from ..framework.api import tf_export
from ..framework.graph import GraphKeys, get_default_graph
from ..variables import Variable
from .saver import init_from_checkpoint


@tf_export("train.VocabInfo")
class VocabInfo(collections.namedtuple("VocabInfo", ["new_vocab", "new_vocab_size", "num_oov_buckets", "old_vocab",
                                                     "old_vocab_size", "backup_initializer", "axis"])):
    """How to warm-start an embedding whose vocabulary changed (the vocabulary files, sizes, OOV buckets)."""

    def __new__(cls, new_vocab, new_vocab_size, num_oov_buckets, old_vocab, old_vocab_size=-1,
                backup_initializer=None, axis=0):
        if axis not in (0, 1):
            raise ValueError(f"The only supported values for the axis argument are 0 and 1.  Provided axis: {axis}")
        return super().__new__(cls, new_vocab, new_vocab_size, num_oov_buckets, old_vocab, old_vocab_size,
                               backup_initializer, axis)


def _grouped_variables(vars_to_warm_start):
    graph = get_default_graph()
    if isinstance(vars_to_warm_start, str) or vars_to_warm_start is None:
        logging.info("Warm-starting variables only in TRAINABLE_VARIABLES.")
        variables = graph.get_collection(GraphKeys.TRAINABLE_VARIABLES, scope=vars_to_warm_start)
    elif isinstance(vars_to_warm_start, list):
        if all(isinstance(v, str) for v in vars_to_warm_start):
            variables = [v for scope in vars_to_warm_start for v in graph.get_collection(GraphKeys.GLOBAL_VARIABLES,
                                                                                          scope=scope)]
        elif all(isinstance(v, Variable) for v in vars_to_warm_start):
            variables = vars_to_warm_start
        else:
            raise ValueError("If `vars_to_warm_start` is a list, it must be all `Variable` or all `str`.  Given types "
                             f"are {[type(v) for v in vars_to_warm_start]}")
    else:
        raise ValueError(f"`vars_to_warm_start must be a `list` or `str`.  Given type is {type(vars_to_warm_start)}")
    grouped = {}
    for v in variables:
        grouped.setdefault(v.op.name, []).append(v)
    return grouped


@tf_export("train.warm_start")
def warm_start(ckpt_to_initialize_from, vars_to_warm_start=".*", var_name_to_vocab_info=None,
               var_name_to_prev_var_name=None):
    """Makes the chosen variables' initializers load their values from `ckpt_to_initialize_from` (a
    checkpoint prefix or directory); call it before the session initializes them."""
    logging.info(f"Warm-starting from: {ckpt_to_initialize_from}")
    grouped = _grouped_variables(vars_to_warm_start)
    vocab_infos = dict(var_name_to_vocab_info or {})
    renames = dict(var_name_to_prev_var_name or {})
    used_renames, used_vocabs = set(), set()
    count = 0
    pending = {}
    for name, variables in grouped.items():
        previous = renames.get(name)
        if previous:
            used_renames.add(name)
        if vocab_infos.get(name):
            used_vocabs.add(name)
            raise NotImplementedError(
                f"warm-starting {name} with a VocabInfo (remapping vocabulary rows) is not provided by sessionflow")
        if not vars_to_warm_start:
            continue
        count += 1
        var = variables[0]
        key = previous or name
        if key in pending:  # one checkpoint tensor for two variables: flush what is gathered first
            init_from_checkpoint(ckpt_to_initialize_from, pending)
            pending.clear()
        pending[key] = var
    if pending:
        init_from_checkpoint(ckpt_to_initialize_from, pending)
    logging.info("Warm-started %d variables.", count)
    unused = set(renames) - used_renames
    if unused:
        raise ValueError(f"You provided the following variables in var_name_to_prev_var_name that were not used: "
                         f"{unused}.  Perhaps you misspelled them?  Here is the list of viable variable names: "
                         f"{grouped.keys()}")
    unused = set(vocab_infos) - used_vocabs
    if unused:
        raise ValueError(f"You provided the following variables in var_name_to_vocab_info that were not used: "
                         f"{unused}.  Perhaps you misspelled them?  Here is the list of viable variable names: "
                         f"{grouped.keys()}")
