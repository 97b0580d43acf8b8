"""The TF 2.x summary helpers tf.compat.v1.summary keeps: SummaryDescription and get_summary_description (the
description attr of TF1's TensorSummary op), all_v2_summary_ops (the `_SUMMARY_V2` collection) and initialize
(which needs a TF 2.x default summary writer; sessionflow has none, so it raises TF's RuntimeError)."""

from __future__ import annotations

from google.protobuf import json_format

from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..io import protos

tf_export("summary.SummaryDescription")(protos.SummaryDescription)

_SUMMARY_V2_COLLECTION = "_SUMMARY_V2"


@tf_export("summary.get_summary_description")
def get_summary_description(node_def):
    """The SummaryDescription JSON in a TensorSummary NodeDef's `description` attr; ValueError for other ops."""
    if node_def.op != "TensorSummary":
        raise ValueError(f"Can't get_summary_description on {node_def.op}")
    text = node_def.attr["description"].s
    description = protos.SummaryDescription()
    json_format.Parse(text.decode() if isinstance(text, bytes) else text, description)
    return description


@tf_export("summary.all_v2_summary_ops")
def all_v2_summary_ops():
    """The default graph's TF 2.x-style summary ops (none are made by sessionflow's TF1 summaries)."""
    return get_default_graph().get_collection(_SUMMARY_V2_COLLECTION)


@tf_export("summary.initialize")
def initialize(graph=None, session=None):
    """TF's summary-writer initialization for graph mode: without a TF 2.x default writer it is an error."""
    raise RuntimeError("No default tf.contrib.summary.SummaryWriter found")
