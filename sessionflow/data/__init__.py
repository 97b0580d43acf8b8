"""tf.data in graph mode, TF1 style: datasets are ops in the graph (dataset.py), their values describe
the elements (values.py and the *_ops.py modules), iterators are session resources (iterator_ops.py).

Importing the package registers the dataset ops and exports `tf.data.*`."""

from __future__ import annotations

from ..framework.api import tf_export
from . import (  # noqa: F401
               experimental,
               grouping_ops,
               iterator,
               order_ops,
               reader_ops,
               readers,
               selection_ops,
               source_ops,
               transform_ops,
)
from .dataset import AUTOTUNE, DatasetV1, DatasetV2
from .iterator import (
               Iterator,
               get_output_classes,
               get_output_shapes,
               get_output_types,
               make_initializable_iterator,
               make_one_shot_iterator,
)
from .readers import CsvDataset, FixedLengthRecordDataset, Options, TextLineDataset, TFRecordDataset

Dataset = DatasetV1
INFINITE_CARDINALITY = experimental.INFINITE_CARDINALITY
UNKNOWN_CARDINALITY = experimental.UNKNOWN_CARDINALITY
tf_export("data.Iterator")(Iterator)
tf_export("data.INFINITE_CARDINALITY", "data.experimental.INFINITE_CARDINALITY")(INFINITE_CARDINALITY)
tf_export("data.UNKNOWN_CARDINALITY", "data.experimental.UNKNOWN_CARDINALITY")(UNKNOWN_CARDINALITY)

__all__ = ["AUTOTUNE", "CsvDataset", "Dataset", "DatasetV2", "FixedLengthRecordDataset", "Iterator", "Options",
           "TFRecordDataset", "TextLineDataset", "get_output_classes", "get_output_shapes", "get_output_types",
           "make_initializable_iterator", "make_one_shot_iterator"]
