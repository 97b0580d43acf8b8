"""Nested structures of tensors, as TF's `nest` module treats them (`tf.nest`, and control flow).

A structure is a leaf, or a list, tuple, namedtuple or dict of structures; dicts are visited in
sorted key order. `assert_same_structure` raises TF's errors, with TF's text: ValueError when the
nesting or the number of elements differs, TypeError when two sequences have different types.
"""

from __future__ import annotations

from ..framework.api import tf_export


@tf_export("nest.is_nested")
def is_nested(value) -> bool:
    """Whether `value` is a list, tuple (namedtuples included) or dict."""
    return isinstance(value, (list, tuple, dict))


def _children(value) -> list:
    return [value[key] for key in sorted(value)] if isinstance(value, dict) else list(value)


@tf_export("nest.flatten")
def flatten(structure, expand_composites=False) -> list:
    """The leaves of `structure`, depth first (dicts in sorted key order)."""
    if not is_nested(structure):
        return [structure]
    return [leaf for child in _children(structure) for leaf in flatten(child)]


def flatten_dict_items(dictionary) -> dict:
    """`dictionary` with each nested key replaced by its leaves, each mapped to the value's leaf at the
    same place (TF's `nest.flatten_dict_items`, which Session.run applies to a feed_dict: one key may
    feed a whole state tuple). ValueError when a key's and its value's leaf counts differ, or when a key
    comes twice."""
    if not isinstance(dictionary, dict):
        raise TypeError("input must be a dictionary")
    flat = {}
    for key, value in dictionary.items():
        if is_nested(key):
            keys, values = flatten(key), flatten(value)
            if len(keys) != len(values):
                raise ValueError(f"Could not flatten dictionary. Key had {len(keys)} elements, but value had "
                                 f"{len(values)} elements. Key: {keys}, value: {values}.")
        else:
            keys, values = [key], [value]
        for leaf, part in zip(keys, values):
            if leaf in flat:
                raise ValueError(f"Cannot flatten dict because this key is not unique: {leaf}")
            flat[leaf] = part
    return flat


@tf_export("nest.pack_sequence_as")
def pack_sequence_as(structure, flat_sequence, expand_composites=False):
    """`flat_sequence`'s items placed in the nesting of `structure` (same sequence types, namedtuples
    kept); ValueError when the counts differ."""
    flat = list(flat_sequence)
    if len(flat) != len(flatten(structure)):
        raise ValueError(f"Could not pack sequence. Structure had {len(flatten(structure))} atoms, but "
                         f"flat_sequence had {len(flat)} items. Structure: {structure}, flat_sequence: {flat}.")
    items = iter(flat)

    def build(s):
        if isinstance(s, dict):
            return type(s)((key, build(s[key])) for key in sorted(s))
        if isinstance(s, (list, tuple)):
            children = [build(child) for child in s]
            return type(s)(*children) if hasattr(s, "_fields") else type(s)(children)
        return next(items)

    return build(structure)


def _describe(value) -> str:
    kind = "SymbolicTensor" if type(value).__name__ == "Tensor" else type(value).__name__
    return f"type={kind} str={value}"


def _shape_of(value) -> str:
    """The skeleton TF prints under "Entire ... structure": leaves as dots."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key!r}: {_shape_of(value[key])}" for key in sorted(value)) + "}"
    if isinstance(value, (list, tuple)):
        inner = ", ".join(_shape_of(child) for child in value)
        if hasattr(value, "_fields"):
            return f"{type(value).__name__}({inner})"
        return f"[{inner}]" if isinstance(value, list) else f"({inner}{',' if len(value) == 1 else ''})"
    return "."


def _difference(first, second, check_types: bool):
    """(exception type, TF's "More specifically" sentence) for the first difference, or None."""
    if is_nested(first) != is_nested(second):
        nested, leaf = (first, second) if is_nested(first) else (second, first)
        return ValueError, f'Substructure "{_describe(nested)}" is a sequence, while substructure ' \
                           f'"{_describe(leaf)}" is not'
    if not is_nested(first):
        return None
    if check_types and type(first) is not type(second):
        kind = "namedtuples" if hasattr(first, "_fields") or not isinstance(first, dict) else "dicts"
        return TypeError, (f"The two {kind} don't have the same sequence type. First structure "
                           f"{_describe(first)} has type {type(first).__name__}, while second structure "
                           f"{_describe(second)} has type {type(second).__name__}")
    if isinstance(first, dict) and isinstance(second, dict) and sorted(first) != sorted(second):
        return ValueError, (f"The two dictionaries don't have the same set of keys. First structure has keys "
                            f"{sorted(first)}, while second structure has keys {sorted(second)}.")
    if len(first) != len(second):
        return ValueError, ("The two structures don't have the same number of elements. First structure: "
                            f"{_describe(first)}. Second structure: {_describe(second)}")
    for a, b in zip(_children(first), _children(second)):
        found = _difference(a, b, check_types)
        if found is not None:
            return found
    return None


@tf_export("nest.assert_same_structure")
def assert_same_structure(first, second, check_types: bool = True, expand_composites=False) -> None:
    """Raises TF's ValueError/TypeError when `first` and `second` are not nested alike."""
    found = _difference(first, second, check_types)
    if found is None:
        return
    error, detail = found
    raise error("The two structures don't have the same nested structure.\n\n"
                f"First structure: {_describe(first)}\n\nSecond structure: {_describe(second)}\n\n"
                f"More specifically: {detail}\nEntire first structure:\n{_shape_of(first)}\n"
                f"Entire second structure:\n{_shape_of(second)}")


def same_structure(first, second) -> bool:
    """Whether the two are nested alike, ignoring list/tuple differences."""
    if isinstance(first, dict) and isinstance(second, dict):
        return sorted(first) == sorted(second) and all(same_structure(first[k], second[k]) for k in first)
    if isinstance(first, (list, tuple)) and isinstance(second, (list, tuple)):
        return len(first) == len(second) and all(same_structure(a, b) for a, b in zip(first, second))
    return not is_nested(first) and not is_nested(second)


@tf_export("nest.map_structure")
def map_structure(func, *structure, **kwargs):
    """`func` applied to the leaves at the same place in each of the (alike nested) structures."""
    check_types = kwargs.pop("check_types", True)
    kwargs.pop("expand_composites", None)
    if kwargs:
        raise ValueError(f"Only valid keyword arguments are `check_types` and `expand_composites`, not: "
                         f"`{', '.join(kwargs)}`")
    if not structure:
        raise ValueError("Must provide at least one structure")
    for other in structure[1:]:
        assert_same_structure(structure[0], other, check_types=check_types)
    leaves = [flatten(s) for s in structure]
    return pack_sequence_as(structure[0], [func(*args) for args in zip(*leaves)])
