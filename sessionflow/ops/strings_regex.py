"""Regular expressions over strings: RegexReplace / StaticRegexReplace and RegexFullMatch /
StaticRegexFullMatch (the Static forms when the pattern is a Python string, as TF builds them).

TF uses RE2; sessionflow translates RE2 syntax to Python's `re`: POSIX classes inside brackets
(`[[:upper:]]`), `\\z` (end of text) and `\\C` (any byte) are rewritten, and rewrites use RE2's `\\0`..`\\9`
and `\\\\`. Differences that remain: Python's `re` backtracks where RE2 is linear-time, has no `\\pN` Unicode
classes, and reports a bad pattern with its own wording after TF's `Invalid pattern: <pattern>, error:`.
Matching is on the UTF-8 text (invalid bytes kept as they are)."""

from __future__ import annotations

import functools
import re

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor
from ..framework.registry import NOT_DIFFERENTIABLE, op
from .strings_common import as_text, map_strings, require_string, string_tensor, text_bytes

_POSIX = {"alnum": "0-9A-Za-z", "alpha": "A-Za-z", "ascii": "\\x00-\\x7f", "blank": "\\t ",
          "cntrl": "\\x00-\\x1f\\x7f", "digit": "0-9", "graph": "!-~", "lower": "a-z", "print": " -~",
          "punct": "!-/:-@\\[-`{-~", "space": "\\t\\n\\v\\f\\r ", "upper": "A-Z", "word": "0-9A-Za-z_",
          "xdigit": "0-9A-Fa-f"}
_S = np.array([b"hello world", b"foo"], dtype=object)


@functools.lru_cache(maxsize=256)
def compile_re2(pattern: str):
    """`pattern` (RE2 syntax) compiled by Python's `re`; InvalidArgumentError as TF reports a bad pattern."""
    translated = re.sub(r"\[:(\^?)(\w+):\]", lambda m: _posix(m, pattern), pattern)
    translated = translated.replace("\\z", "\\Z").replace("\\C", ".")
    try:
        return re.compile(translated, re.DOTALL if "(?s)" in pattern else 0)
    except re.error as e:
        raise errors.InvalidArgumentError(None, None, f"Invalid pattern: {pattern}, error: {e}") from None


def _posix(match, pattern: str) -> str:
    negated, name = match.groups()
    if name not in _POSIX:
        raise errors.InvalidArgumentError(
            None, None, f"Invalid pattern: {pattern}, error: invalid character class range: [:{name}:]")
    if negated:
        raise errors.InvalidArgumentError(
            None, None, f"Invalid pattern: {pattern}, error: negated POSIX classes are not supported by sessionflow")
    return _POSIX[name]


@functools.lru_cache(maxsize=256)
def _rewriter(rewrite: str, groups: int):
    """RE2's rewrite string as a function of a match: `\\N` is group N (0: the whole match), `\\\\` a backslash."""
    pieces = []
    i = 0
    while i < len(rewrite):
        c = rewrite[i]
        if c != "\\":
            pieces.append(c)
            i += 1
            continue
        nxt = rewrite[i + 1] if i + 1 < len(rewrite) else ""
        if nxt == "\\":
            pieces.append("\\")
        elif nxt.isdigit() and int(nxt) <= groups:
            pieces.append(int(nxt))
        else:
            raise errors.InvalidArgumentError(None, None, f"Invalid rewrite pattern: {rewrite}")
        i += 2

    def expand(m):
        return "".join(p if isinstance(p, str) else (m.group(p) or "") for p in pieces)

    return expand


def _replace(strings, pattern: str, rewrite: str, replace_global: bool):
    regex = compile_re2(pattern)
    expand = _rewriter(rewrite, regex.groups)
    count = 0 if replace_global else 1
    return map_strings(lambda s: text_bytes(regex.sub(expand, as_text(s), count=count)), strings)


def _full_match(strings, pattern: str):
    regex = compile_re2(pattern)
    return map_strings(lambda s: regex.fullmatch(as_text(s)) is not None, strings, bool)


def _scalar_text(value, what: str) -> str:
    value = np.asarray(value, dtype=object)
    if value.ndim:
        raise errors.InvalidArgumentError(None, None, f"{what} must be scalar, but received {list(value.shape)}")
    return as_text(value.item())


@op("RegexReplace", inputs=("input", "pattern", "rewrite"), attrs={"replace_global": True}, type_attrs={})
class RegexReplace:
    """Replaces the matches of `pattern` (a scalar tensor) in each string by `rewrite`."""

    def infer(input, pattern, rewrite, replace_global):
        for name, t in (("input", input), ("pattern", pattern), ("rewrite", rewrite)):
            require_string("RegexReplace", name, t)
        return dtypes.string, input.shape

    def kernel(xp, input, pattern, rewrite, replace_global):
        return _replace(input, _scalar_text(pattern, "Pattern"), _scalar_text(rewrite, "Rewrite"), replace_global)

    grad = NOT_DIFFERENTIABLE
    samples = [((_S, np.array(b"o", dtype=object), np.array(b"0", dtype=object)), {})]


@op("StaticRegexReplace", inputs=("input",), attrs={"pattern": None, "rewrite": None, "replace_global": True},
    type_attrs={})
class StaticRegexReplace:
    """RegexReplace with the pattern and rewrite as attrs."""

    def infer(input, pattern, rewrite, replace_global):
        require_string("StaticRegexReplace", "input", input)
        return dtypes.string, input.shape

    def kernel(xp, input, pattern, rewrite, replace_global):
        return _replace(input, pattern, rewrite, replace_global)

    grad = NOT_DIFFERENTIABLE
    samples = [((_S,), {"pattern": r"(\w+) (\w+)", "rewrite": r"\2 \1"})]


@op("RegexFullMatch", inputs=("input", "pattern"), type_attrs={})
class RegexFullMatch:
    """Whether each string matches `pattern` (a scalar tensor) as a whole."""

    def infer(input, pattern):
        require_string("RegexFullMatch", "input", input)
        require_string("RegexFullMatch", "pattern", pattern)
        return dtypes.bool, input.shape

    def kernel(xp, input, pattern):
        return _full_match(input, _scalar_text(pattern, "Pattern"))

    grad = NOT_DIFFERENTIABLE
    samples = [((_S, np.array(b"f.*", dtype=object)), {})]


@op("StaticRegexFullMatch", inputs=("input",), attrs={"pattern": None}, type_attrs={})
class StaticRegexFullMatch:
    """RegexFullMatch with the pattern as an attr."""

    def infer(input, pattern):
        require_string("StaticRegexFullMatch", "input", input)
        return dtypes.bool, input.shape

    def kernel(xp, input, pattern):
        return _full_match(input, pattern)

    grad = NOT_DIFFERENTIABLE
    samples = [((_S,), {"pattern": "[a-z ]+"})]


def _is_static(value) -> bool:
    return isinstance(value, (str, bytes)) and not isinstance(value, Tensor)


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


@tf_export("regex_replace", "strings.regex_replace")
def regex_replace(input, pattern, rewrite, replace_global=True, name=None):
    """Replaces the matches of `pattern` in each string of `input` by `rewrite` (RE2 syntax, `\\1` groups)."""
    if _is_static(pattern) and _is_static(rewrite):
        return StaticRegexReplace(string_tensor(input), pattern=_text(pattern), rewrite=_text(rewrite),
                                  replace_global=replace_global, name=name)
    return RegexReplace(string_tensor(input), string_tensor(pattern), string_tensor(rewrite),
                        replace_global=replace_global, name=name)


@tf_export("strings.regex_full_match")
def regex_full_match(input, pattern, name=None):
    """Whether each string of `input` matches `pattern` (RE2 syntax) as a whole."""
    if _is_static(pattern):
        return StaticRegexFullMatch(string_tensor(input), pattern=_text(pattern), name=name)
    return RegexFullMatch(string_tensor(input), string_tensor(pattern), name=name)
