"""Fuzzing the SavedModel loader (bounded): a TF-written export whose saved_model.pb, variables index or data file
has bytes flipped, cut or appended loads and serves, or raises one of the errors TF's loader raises (OSError for
an unparsable saved_model.pb, RuntimeError for a tag set it lacks, ValueError/TypeError for a graph or signature
that does not fit, a tf.errors exception for damaged checkpoint files or graph contents); never another
exception, a crash or a hang."""

import os
import shutil
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sessionflow as tf

sys.path.insert(0, os.path.dirname(__file__))
import saved_model_program as model  # noqa: E402

EXPORT = os.path.join(os.path.dirname(__file__), "fixtures", "tf_export")
FILES = ["saved_model.pb", os.path.join("variables", "variables.index"),
         os.path.join("variables", "variables.data-00000-of-00001")]
_EXPECTED = (OSError, RuntimeError, ValueError, TypeError, KeyError, tf.errors.OpError)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(which=st.sampled_from(FILES), edits=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=4),
       cut=st.one_of(st.none(), st.floats(0, 1)), tail=st.binary(max_size=8))
def test_damaged_exports_load_or_raise_tfs_kinds_of_error(tmp_path_factory, which, edits, cut, tail):
    export = tmp_path_factory.mktemp("fuzz") / "export"
    shutil.copytree(EXPORT, export)
    path = export / which
    data = bytearray(path.read_bytes())
    for where, value in edits:
        if data:
            data[min(int(where * len(data)), len(data) - 1)] = value
    if cut is not None:
        data = data[:int(cut * len(data))]
    path.write_bytes(bytes(data) + tail)
    try:
        model.serve(tf, str(export))
    except _EXPECTED:
        pass
