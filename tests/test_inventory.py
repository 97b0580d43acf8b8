"""The TF1 API inventory: every name of TensorFlow's `tf.compat.v1` (sessionflow/_tf1_names.txt, recorded from
TF 2.21 by tools/list_tf_names.py) is provided by sessionflow or listed, with its reason, in
tests/inventory_not_provided.py. A name that lands must leave the table, so the table stays the list of what is
missing. The core inventory (the top level and the sub-modules TF1 programs use) is measured against a floor that
only goes up."""

from __future__ import annotations

import os
import sys

import pytest

import sessionflow
from sessionflow import _namespaces

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from inventory_not_provided import IN_FLIGHT, NOT_PROVIDED, NOT_PROVIDED_BY_FAMILY  # noqa: E402

# The sub-modules of the core inventory (issue #12); a name with no dot is the top level.
CORE_MODULES = frozenset(
    "nn train layers losses metrics summary errors initializers random math linalg image io gfile graph_util dtypes "
    "debugging sparse strings bitwise saved_model sets manip spectral".split())

# The share of the core inventory provided today (present / all). Raise it as names land.
CORE_FLOOR = 0.96  # issue #12 asks for at least 0.95


def inventory() -> list[str]:
    return sorted(_namespaces.tf1_names())


def provided(dotted: str) -> bool:
    obj = sessionflow
    for part in dotted.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            return False
    return True


def listed(dotted: str) -> str | None:
    """The reason `dotted` is not provided, from its own entry or from a `module.*` entry above it."""
    if dotted in NOT_PROVIDED:
        return NOT_PROVIDED[dotted]
    parts = dotted.split(".")
    for i in range(len(parts) - 1, 0, -1):
        reason = NOT_PROVIDED.get(".".join(parts[:i]) + ".*")
        if reason is not None:
            return reason
    return None


def is_core(dotted: str) -> bool:
    return "." not in dotted or dotted.split(".")[0] in CORE_MODULES


def test_every_name_is_provided_or_listed_with_a_reason():
    unaccounted = [n for n in inventory() if not provided(n) and listed(n) is None]
    assert not unaccounted, (
        f"{len(unaccounted)} TF1 names are neither provided nor in tests/inventory_not_provided.py: {unaccounted}")


def test_listed_names_are_in_the_inventory_and_not_provided():
    names = set(inventory())
    unknown = [n for n in NOT_PROVIDED if n.removesuffix(".*") not in names]
    assert not unknown, f"not TF1 names (typo, or gone from the inventory): {unknown}"
    landed = [n for n in NOT_PROVIDED if not n.endswith(".*") and n not in IN_FLIGHT and provided(n)]
    assert not landed, f"provided now, take them out of tests/inventory_not_provided.py: {landed}"


def test_every_family_has_a_reason_and_names():
    for reason, names in NOT_PROVIDED_BY_FAMILY.items():
        assert reason.strip() and names, reason
    entries = [n for names in NOT_PROVIDED_BY_FAMILY.values() for n in names]
    assert len(entries) == len(set(entries)), "a name is listed in two families"


def test_missing_names_say_they_are_not_provided_yet():
    # A listed name raises the AttributeError that tells a TF1 API not provided yet from a typo.
    for dotted in ("RaggedTensor", "data.experimental.SqlDataset"):
        assert listed(dotted) is not None and not provided(dotted)
        parent, _, leaf = dotted.rpartition(".")
        module = sessionflow
        for part in parent.split(".") if parent else ():
            module = getattr(module, part, None)
        if module is None:  # the whole sub-module is missing: its own name says so
            continue
        with pytest.raises(AttributeError, match="sessionflow does not provide yet"):
            getattr(module, leaf)


def test_core_inventory_coverage():
    core = [n for n in inventory() if is_core(n)]
    present = sum(provided(n) for n in core)
    share = present / len(core)
    print(f"core inventory: {present}/{len(core)} provided ({share:.1%})")
    assert share >= CORE_FLOOR, f"core inventory coverage fell to {share:.1%} (floor {CORE_FLOOR:.0%})"
