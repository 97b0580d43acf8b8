"""tf.constant / tf.convert_to_tensor of Python lists mixing strings and numbers, None, ragged or
array-holding lists, dicts and ranges: the dtype, shape and value TF gives, or TF's exception and
message (tests/first_week/conversion_programs.py, recorded by tools/record_first_week.py)."""

import os
import sys

import pytest

import sessionflow as tf

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from first_week import harness  # noqa: E402
from first_week.conversion_programs import VALUES, convert_every_way  # noqa: E402


@pytest.mark.parametrize("index", range(len(VALUES)), ids=[repr(v) for v in VALUES])
def test_conversion_matches_tensorflow(index):
    expected = harness.load_goldens()["python_lists_to_tensors"]
    assert len(expected) == len(VALUES)
    harness.assert_matches(harness.plain(convert_every_way(tf, VALUES[index])), expected[index])


def test_mixed_strings_and_numbers_are_tfs_type_error():
    for value in ([1, "a"], [1.0, "a"], [1, None]):
        for convert in (tf.constant, tf.convert_to_tensor):
            with pytest.raises(TypeError, match=r"^Failed to convert elements of .* to Tensor\. Consider casting "
                                                r"elements to a supported type\."):
                convert(value)
