"""`tf.contrib.seq2seq` and `tf.contrib.legacy_seq2seq` as TF 1.15 has them, on sessionflow's cells,
`tf.while_loop` and TensorArrays. Imported only when a program touches one of them (compat/contrib.py):
its modules use the finished `sessionflow` namespace.

helpers.py (TrainingHelper, Greedy/Sample embedding helpers, scheduled sampling), decoders.py
(BasicDecoder, dynamic_decode), beam_search.py (BeamSearchDecoder, tile_batch, gather_tree),
attention.py (attention mechanisms, AttentionWrapper), loss.py (sequence_loss), legacy.py
(legacy_seq2seq).
"""

import types

from . import attention, beam_search, decoders, helpers, legacy, loss

_MODULES = (attention, beam_search, decoders, helpers, loss)


def _module(name, doc, sources):
    module = types.ModuleType(name, doc)
    module.__path__ = []  # a package: TF 1.x's deep paths under it import (compat/contrib.py)
    for source in sources:
        for export in source.__all__:
            setattr(module, export, getattr(source, export))
    return module


seq2seq = _module("tensorflow.contrib.seq2seq", "Ops for building neural network seq2seq decoders and losses.",
                  _MODULES)
legacy_seq2seq = _module("tensorflow.contrib.legacy_seq2seq", "Deprecated library for creating sequence-to-sequence "
                         "models in TensorFlow.", (legacy,))
