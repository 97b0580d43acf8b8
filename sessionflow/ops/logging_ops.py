"""Assertions and printing: Assert, Print (tf.Print), StringFormat + PrintV2 (tf.print), and the
`tf.assert_*` / `tf.debugging.assert_*` checks built on Assert.

Assert, Print and PrintV2 are stateful: they run every time they are reached and are never folded.
Values are rendered as TF's C++ runtime renders them: `[1 2 3...]` (Assert/Print, `summarize` entries)
and NumPy-like `[0 1 2 ... 7 8 9]` (tf.print).
"""

from __future__ import annotations

import sys

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from . import math
from .common import deferred_check
from .constant import constant, convert_to_tensor
from .reduction import reduce_all

_STREAMS = {"stdout": lambda: sys.stdout, "stderr": lambda: sys.stderr}


# --- rendering -------------------------------------------------------------------------------

_C_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "'": "\\'", "\\": "\\\\"}


def _c_escape(text: str) -> str:
    """absl's `Utf8SafeCEscape`: C escapes for quotes, backslash, \\n \\r \\t; octal for other control bytes."""
    return "".join(_C_ESCAPES.get(c, f"\\{ord(c):03o}" if ord(c) < 0x20 or ord(c) == 0x7F else c) for c in text)


def _element(value, quote_strings=False) -> str:
    """One element as TF prints it: shortest float form (%g-style), bools as 1/0, strings C-escaped."""
    if isinstance(value, (bytes, np.bytes_)):
        value = value.decode("utf-8", "replace")
    if isinstance(value, str):
        return f'"{_c_escape(value)}"' if quote_strings else _c_escape(value)
    if isinstance(value, (bool, np.bool_)):
        return "1" if value else "0"
    if isinstance(value, np.floating):
        short, long = (6, 9) if value.dtype.itemsize <= 4 else (15, 17)
        text = f"{float(value):.{short}g}"
        if value.dtype.type(text) != value and not np.isnan(value):
            text = f"{float(value):.{long}g}"
        return {"inf": "inf", "-inf": "-inf", "nan": "nan"}.get(text, text)
    return str(value)


def summarize_v1(value, limit: int) -> str:
    """TF's Tensor::SummarizeValue: the first `limit` entries (all when limit < 0), '...' if cut."""
    array = np.asarray(value)
    total = array.size
    limit = total if limit < 0 else min(limit, total)
    flat = array.reshape(-1)
    if array.ndim == 0:
        text = " ".join(_element(v) for v in flat[:limit])
        return text + ("..." if total > limit else "")
    out, index = [], [0]

    def one_dim(dim):
        if index[0] >= limit:
            return
        count = array.shape[dim]
        if dim == array.ndim - 1:
            for i in range(count):
                if index[0] >= limit:
                    if dim != 0:
                        out.append("...")
                    return
                if i > 0:
                    out.append(" ")
                out.append(_element(flat[index[0]]))
                index[0] += 1
            return
        for _ in range(count):
            opened = index[0] < limit
            if opened:
                out.append("[")
            one_dim(dim + 1)
            if index[0] < limit or opened:
                out.append("]")

    one_dim(0)
    return "".join(out) + ("..." if total > limit else "")


def summarize_v2(value, summarize: int) -> str:
    """tf.print's rendering: NumPy-like nesting; dimensions longer than 2*summarize show both ends."""
    array = np.asarray(value)

    def render(a, indent):
        a = np.asarray(a, dtype=object) if isinstance(a, (bytes, str)) else a  # one element of a string array
        if a.ndim == 0:
            return _element(a.item() if a.dtype == object else a[()], quote_strings=True)
        n = a.shape[0]
        if 0 <= summarize and 2 * summarize < n:
            parts = [render(a[i], indent + 1) for i in range(summarize)] + ["..."] + \
                    [render(a[i], indent + 1) for i in range(n - summarize, n)]
        else:
            parts = [render(a[i], indent + 1) for i in range(n)]
        separator = " " if a.ndim == 1 else "\n" * (a.ndim - 1) + " " * (indent + 1)  # NumPy: blank lines between blocks
        return "[" + separator.join(parts) + "]"

    return render(array, 0)


# --- ops -------------------------------------------------------------------------------------

@op("Assert", inputs=("condition", "*data"), attrs=dict(summarize=3), stateful=True, type_attrs=dict(T="[data]"))
class Assert:
    """Raises InvalidArgumentError("assertion failed: [d0] [d1] ...") when the scalar `condition` is false."""

    def infer(condition, *data, summarize):
        if condition.dtype.base_dtype is not dtypes.bool:
            raise TypeError(f"Input 'condition' of 'Assert' Op has type {condition.dtype.base_dtype.name} that "
                            "does not match expected type of bool.")
        return []

    def kernel(ctx, xp, condition, *data, summarize):
        if deferred_check(xp, xp.logical_not(xp.all(condition))):  # traced: a false condition reruns on NumPy
            return None
        if not bool(xp.all(condition)):
            rendered = " ".join(f"[{summarize_v1(d, summarize)}]" for d in data)
            raise errors.InvalidArgumentError(None, None, f"assertion failed: {rendered}")

    grad = NOT_DIFFERENTIABLE


@op("Print", inputs=("input", "*data"), attrs=dict(message="", first_n=-1, summarize=3), stateful=True,
    type_attrs=dict(T="input", U="[data]"))
class Print:
    """Its input; writes `message` followed by `[data_i]` for each data tensor to stderr when it runs."""

    def infer(input, *data, message, first_n, summarize):
        return input.dtype.base_dtype, input.shape

    def kernel(ctx, xp, input, *data, message, first_n, summarize):
        if first_n >= 0:
            state = ctx.op_state
            count = state.get("printed", 0)
            if count >= first_n:
                return input
            state["printed"] = count + 1
        rendered = "".join(f"[{summarize_v1(d, summarize)}]" for d in data)
        sys.stderr.write(f"{message}{rendered}\n")
        sys.stderr.flush()
        return input

    def grad(op_, grad):
        return (grad,) + (None,) * (len(op_.inputs) - 1)


@op("StringFormat", inputs=("*inputs",), attrs=dict(template="%s", placeholder="%s", summarize=3),
    type_attrs=dict(T="[inputs]"))
class StringFormat:
    """A scalar string: `template` with each `placeholder` replaced by the next input, rendered as tf.print does."""

    def infer(*inputs, template, placeholder, summarize):
        if template.count(placeholder) != len(inputs):
            raise ValueError(f"num placeholders in template and num inputs must match: {template.count(placeholder)}"
                             f" vs. {len(inputs)}")
        return dtypes.string, []

    def kernel(xp, *inputs, template, placeholder, summarize):
        pieces = template.split(placeholder)
        out = [pieces[0]]
        for value, piece in zip(inputs, pieces[1:]):
            out.append(summarize_v2(value, summarize))
            out.append(piece)
        return np.array("".join(out).encode("utf-8"), dtype=object)

    grad = NOT_DIFFERENTIABLE
    samples = [(([np.arange(10, dtype=np.int32), np.array(1.5, np.float32)],),
                dict(template="a {} b {}", placeholder="{}", summarize=3))]


@op("PrintV2", inputs=("input",), attrs=dict(output_stream="stderr", end="\n"), stateful=True, type_attrs={})
class PrintV2:
    """Writes its scalar string input and `end` to `output_stream` ("stderr", "stdout") when it runs."""

    def infer(input, output_stream, end):
        if input.dtype.base_dtype is not dtypes.string:
            raise TypeError(f"Input 'input' of 'PrintV2' Op has type {input.dtype.base_dtype.name} that does not "
                            "match expected type of string.")
        return []

    def kernel(ctx, xp, input, output_stream, end):
        stream = _STREAMS.get(output_stream, _STREAMS["stderr"])()
        text = input.item() if hasattr(input, "item") else input
        stream.write((text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)) + end)
        stream.flush()

    grad = NOT_DIFFERENTIABLE


# --- public wrappers -------------------------------------------------------------------------

def _data_tensors(data, prefix):
    return [d if isinstance(d, Tensor) else convert_to_tensor(d, name=f"{prefix}_{i}") for i, d in enumerate(data)]


@tf_export("Assert", "debugging.Assert")
def Assert_(condition, data, summarize=None, name=None):
    """An op raising InvalidArgumentError with `data` (the first `summarize` entries of each) when
    `condition` is false at run time."""
    with get_default_graph().name_scope(name or "Assert"):
        # TF converts the data once in the outer scope (unused `Const`s, which TF's graphs hold) to
        # choose how to guard the assertion, then the op converts them again as its own inputs.
        for d in data:
            if not isinstance(d, Tensor):
                convert_to_tensor(d)
        condition = convert_to_tensor(condition, name="Condition")
        with get_default_graph().name_scope("Assert") as scope:
            tensors = _data_tensors(data, "data")
            return Assert(condition, tensors, summarize=3 if summarize is None else summarize, name=scope)


@tf_export("Print")
def Print_(input_, data, message=None, first_n=None, summarize=None, name=None):
    """`input_`, which prints `message` and `data` to stderr whenever it is computed."""
    with get_default_graph().name_scope(name or "Print") as scope:
        input_ = convert_to_tensor(input_, name="input")
        tensors = _data_tensors(data, "data")
        return Print(input_, tensors, message=message or "", first_n=-1 if first_n is None else first_n,
                     summarize=3 if summarize is None else summarize, name=scope)


def _stream_name(stream) -> str:
    if stream is sys.stdout or stream == "stdout":
        return "stdout"
    if stream is sys.stderr or stream == "stderr":
        return "stderr"
    if isinstance(stream, str):
        return stream
    raise ValueError(f"Unsupported output stream, logging level, or file.{stream!r}. Supported streams are "
                     "sys.stdout, sys.stderr, tf.logging.info, tf.logging.warning, tf.logging.error.")


@tf_export("print")
def print_(*inputs, output_stream=sys.stderr, summarize=3, sep=" ", end="\n", name=None):
    """An op printing `inputs` (tensors rendered NumPy-style, Python strings as they are) joined by `sep`."""
    tensors, parts = [], []

    def template_of(value):
        if isinstance(value, Tensor) or hasattr(value, "_as_graph_element"):
            tensors.append(convert_to_tensor(value))
            return "{}"
        if isinstance(value, str):
            return value
        if isinstance(value, dict):
            return "{" + ", ".join(f"{k!r}: {template_of(v)}" for k, v in value.items()) + "}"
        if isinstance(value, (list, tuple)):
            inner = ", ".join(template_of(v) for v in value)
            return f"[{inner}]" if isinstance(value, list) else f"({inner})"
        return str(value)

    for value in inputs:
        parts.append(template_of(value))
    formatted = StringFormat(tensors, template=sep.join(parts), placeholder="{}", summarize=summarize)
    return PrintV2(formatted, output_stream=_stream_name(output_stream), end=end, name=name or "PrintV2")


# --- assertions ------------------------------------------------------------------------------

def _assert_static(condition, data):
    if not condition:
        lines = []
        for d in data:
            value = static_value(d) if isinstance(d, Tensor) else None
            if isinstance(d, Tensor):
                lines.append(str(d) if value is None else str(value.astype(str) if value.dtype == object else value))
            else:
                lines.append(str(d))
        raise errors.InvalidArgumentError(None, None, "\n".join(lines))


def _binary_assert(sym, opname, op_func, static_func, x, y, data, summarize, message, name, scoped_twice=False):
    graph = get_default_graph()
    if name is None and scoped_twice:
        graph.unique_name(opname)  # TF's assert_equal takes one scope name before the one it uses
    with graph.name_scope(name or opname):
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y", dtype=x.dtype.base_dtype)
        if data is None:
            data = [f"Condition x {sym} y did not hold element-wise:", f"x ({x.name}) = ", x, f"y ({y.name}) = ", y]
        if message is not None:
            data = [message] + list(data)
        condition = reduce_all(op_func(x, y))
        from ..compat.python_helpers import constant_value  # TF's rules for what is known while building

        xs, ys = constant_value(x), constant_value(y)
        if xs is not None and ys is not None:
            _assert_static(np.all(static_func(xs, ys)), data)
        return Assert_(condition, data, summarize=summarize)


def _binary_assert_fn(sym, opname, op_func, static_func, scoped_twice=False):
    def fn(x, y, data=None, summarize=None, message=None, name=None):
        return _binary_assert(sym, opname, op_func, static_func, x, y, data, summarize, message, name, scoped_twice)

    fn.__name__ = opname
    fn.__doc__ = f"An Assert op checking `x {sym} y` element-wise; raises at build time when both are constant."
    return tf_export(opname, f"debugging.{opname}")(fn)


assert_equal = _binary_assert_fn("==", "assert_equal", math.equal, np.equal, scoped_twice=True)
assert_none_equal = _binary_assert_fn("!=", "assert_none_equal", math.not_equal, np.not_equal)
assert_less = _binary_assert_fn("<", "assert_less", math.less, np.less)
assert_less_equal = _binary_assert_fn("<=", "assert_less_equal", math.less_equal, np.less_equal)
assert_greater = _binary_assert_fn(">", "assert_greater", math.greater, np.greater)
assert_greater_equal = _binary_assert_fn(">=", "assert_greater_equal", math.greater_equal, np.greater_equal)


def _unary_assert_fn(opname, sym, binary, zero_on_left):
    def fn(x, data=None, summarize=None, message=None, name=None):
        with get_default_graph().name_scope(name or opname):
            x = convert_to_tensor(x, name="x")
            if data is None:
                data = [f"{message}.  " if message else "", f"Condition x {sym} did not hold element-wise:",
                        f"x ({x.name}) = ", x]  # TF's _message_prefix: "<message>.  "
            zero = constant(0, dtype=x.dtype.base_dtype)
            args = (zero, x) if zero_on_left else (x, zero)
            return binary(*args, data=data, summarize=summarize)

    fn.__name__ = opname
    fn.__doc__ = f"An Assert op checking `x {sym}` element-wise."
    return tf_export(opname, f"debugging.{opname}")(fn)


assert_positive = _unary_assert_fn("assert_positive", "> 0", assert_less, True)
assert_negative = _unary_assert_fn("assert_negative", "< 0", assert_less, False)
assert_non_negative = _unary_assert_fn("assert_non_negative", ">= 0", assert_less_equal, True)
assert_non_positive = _unary_assert_fn("assert_non_positive", "<= 0", assert_less_equal, False)


def _static_rank_assert(x, rank, message, name, opname, ok, relation):
    with get_default_graph().name_scope(name or opname) as scope:
        x = convert_to_tensor(x, name="x")
        rank_value = static_value(convert_to_tensor(rank, name="rank", dtype=dtypes.int32))
        if rank_value is None:
            raise ValueError(f"{opname} requires a statically known rank in sessionflow")
        actual = x.shape.ndims
        prefix = f"{message} " if message else ""
        if actual is not None:
            if not ok(actual, int(rank_value)):
                raise ValueError(f"{prefix}Tensor {x.name} must have rank {relation}{int(rank_value)}.  "
                                 f"Received rank {actual}, shape {x.shape}")
            from .control_flow import no_op

            return no_op(name=scope)
        raise ValueError(f"{opname} of a tensor of unknown rank is not supported in sessionflow yet")


@tf_export("assert_rank", "debugging.assert_rank")
def assert_rank(x, rank, data=None, summarize=None, message=None, name=None):
    """Checks the rank of `x` (statically; raises ValueError at build time when it differs)."""
    return _static_rank_assert(x, rank, message, name, "assert_rank", lambda a, r: a == r, "")


@tf_export("assert_rank_at_least", "debugging.assert_rank_at_least")
def assert_rank_at_least(x, rank, data=None, summarize=None, message=None, name=None):
    """Checks that `x` has at least `rank` dimensions (statically)."""
    return _static_rank_assert(x, rank, message, name, "assert_rank_at_least", lambda a, r: a >= r, "at least ")


@tf_export("assert_type", "debugging.assert_type")
def assert_type(tensor, tf_type, message=None, name=None):
    """Raises TypeError at build time unless `tensor` has dtype `tf_type`; returns a no-op."""
    tf_type = dtypes.as_dtype(tf_type)
    with get_default_graph().name_scope(name or "assert_type") as scope:
        tensor = convert_to_tensor(tensor, name="tensor")
        if tensor.dtype.base_dtype is not tf_type.base_dtype:
            prefix = f"{message} " if message else ""
            raise TypeError(f"{prefix}{tensor.name} must be of type {tf_type!r}; got {tensor.dtype!r}")
        from .control_flow import no_op

        return no_op(name=scope)


@tf_export("is_non_decreasing", "math.is_non_decreasing", "debugging.is_non_decreasing")
def is_non_decreasing(x, name=None):
    """True when each element of flattened `x` is >= the one before it."""
    from .array import reshape

    with get_default_graph().name_scope(name or "is_non_decreasing"):
        flat = reshape(convert_to_tensor(x, name="x"), [-1])
        return reduce_all(math.less_equal(flat[:-1], flat[1:]))


@tf_export("is_strictly_increasing", "math.is_strictly_increasing", "debugging.is_strictly_increasing")
def is_strictly_increasing(x, name=None):
    """True when each element of flattened `x` is > the one before it."""
    from .array import reshape

    with get_default_graph().name_scope(name or "is_strictly_increasing"):
        flat = reshape(convert_to_tensor(x, name="x"), [-1])
        return reduce_all(math.less(flat[:-1], flat[1:]))


# --- assert_shapes ---------------------------------------------------------------------------

def _any_rank(symbol) -> bool:
    return symbol is Ellipsis or (isinstance(symbol, str) and symbol == "*")


def _explicit_size(symbol) -> int | None:
    """The size a symbol states outright (an int, or a string such as "3"), else None (TF's `_has_known_value`)."""
    if symbol is None:
        return None
    try:
        return int(symbol)
    except (ValueError, TypeError):
        return None


def _shape_rank_check(x: Tensor, innermost: bool, rank: int, data, summarize, prefix: str, name):
    """assert_shapes's rank check for one tensor: None when any rank will do, a no-op when the static rank
    satisfies it (ValueError when it does not), else an Assert on the run-time rank."""
    from .array import rank as rank_of
    from .array import shape as shape_of
    from .control_flow import no_op

    if innermost and rank in (0, 1):
        return None
    kind = "assert_rank_at_least" if innermost else "assert_rank_in" if rank in (0, 1) else "assert_rank"
    wanted = f"at least {rank}" if innermost else "in (0, 1)" if rank in (0, 1) else str(rank)
    with get_default_graph().name_scope(name or kind):
        actual = x.shape.ndims
        if actual is not None:
            ok = actual >= rank if innermost else actual in (0, 1) if rank in (0, 1) else actual == rank
            if not ok:
                raise ValueError(f"{prefix}Tensor {x.name} must have rank {wanted}.  Received rank {actual}, "
                                 f"shape {x.shape}")
            return no_op(name="static_checks_determined_all_ok")
        r = rank_of(x)
        if innermost:
            condition, values = math.greater_equal(r, rank), [rank]
        elif rank in (0, 1):
            condition, values = math.logical_or(math.equal(r, 0), math.equal(r, 1)), [0, 1]
        else:
            condition, values = math.equal(r, rank), [rank]
        text = f"Tensor {x.name} must have rank{' at least' if innermost else ' in' if rank in (0, 1) else ''}"
        if data is None:
            data = [prefix, text, *values, "Received shape: ", shape_of(x)]
        return Assert_(condition, data, summarize=summarize)


def _dimension_size(x: Tensor, dim: int, innermost: bool, n_symbols: int):
    """Dimension `dim` of `x` (a scalar counts as shape [1]): an int when static, else a Tensor."""
    from .array import concat
    from .array import shape as shape_of
    from .array import size as size_of

    dims = x.shape.as_tuple()
    if dims is not None:
        dims = dims or (1,)
        if dims[dim] is not None:
            return dims[dim]
        return shape_of(x)[dim]
    if innermost:  # counted from the end; a leading 1 stands for a scalar's one dimension
        return concat([constant([1]), shape_of(x)], 0)[dim]
    if n_symbols == 1:  # rank 0 or 1 (checked): the number of elements
        return size_of(x)
    return shape_of(x)[dim]


@tf_export("debugging.assert_shapes")
def assert_shapes(shapes, data=None, summarize=None, message=None, name=None):
    """Checks shapes and shared dimension sizes: `shapes` maps tensors (a dict, or (tensor, shape) pairs) to
    symbolic shapes whose entries are names (equal names mean equal sizes across tensors), sizes, None or
    "." (any size), with a leading `...` or "*" for any number of outer dimensions. What is known while
    building the graph is checked then (ValueError); the rest by Asserts that raise InvalidArgumentError at
    run time. Returns the op grouping the checks."""
    from .array import shape as shape_of
    from .control_flow import group

    graph = get_default_graph()
    if isinstance(shapes, dict):
        shapes = shapes.items()
    prefix = f"{message}.  " if message else ""
    with graph.name_scope(name or "assert_shapes"):
        entries = []
        for x, spec in [(convert_to_tensor(x), s) for x, s in shapes if s is not None]:
            if not (hasattr(spec, "__iter__") or hasattr(spec, "__getitem__")):
                raise ValueError(f"{prefix}Tensor {x.name}.  Specified shape must be an iterable.  An iterable has "
                                 f"the attribute `__iter__` or `__getitem__`.  Received specified shape: {spec}")
            spec = tuple(spec)
            for i, symbol in enumerate(spec):
                if _any_rank(symbol) and i != 0:
                    raise ValueError(f"{prefix}Tensor {x.name} specified shape index {i}.  Symbol `...` or `*` for a "
                                     "variable number of unspecified dimensions is only allowed as the first entry")
            innermost = bool(spec) and _any_rank(spec[0])
            entries.append((x, innermost, (spec[1:] if innermost else spec) or (1,)))
        rank_checks = [_shape_rank_check(x, innermost, len(symbols), data, summarize, prefix, name)
                       for x, innermost, symbols in entries]
        rank_checks = [c for c in rank_checks if c is not None]
        size_checks, specified = [], {}
        for x, innermost, symbols in entries:
            for i, symbol in enumerate(symbols):
                if symbol is None or (isinstance(symbol, str) and symbol == "."):
                    continue
                dim = i - len(symbols) if innermost else i
                with graph.control_dependencies(rank_checks):  # slice dynamic shapes only once ranks are checked
                    actual = _dimension_size(x, dim, innermost, len(symbols))
                size = _explicit_size(symbol)
                if size is None and symbol not in specified:
                    specified[symbol] = (actual, x, dim)
                    continue
                if size is not None:
                    how = "Specified explicitly"
                else:
                    size, by, at = specified[symbol]
                    how = f"Specified by tensor {by.name} dimension {at}"
                if isinstance(actual, int) and isinstance(size, int):
                    if actual != size:
                        raise ValueError(f"{prefix}{how}.  Tensor {x.name} dimension {dim} must have size {size}.  "
                                         f"Received size {actual}, shape {x.shape}")
                    continue
                condition = math.equal(convert_to_tensor(actual), convert_to_tensor(size))
                check_data = data if data is not None else [
                    prefix, how, f"Tensor {x.name} dimension", dim, "must have size", size, "Received shape: ",
                    shape_of(x)]
                size_checks.append(Assert_(condition, check_data, summarize=summarize))
    with graph.control_dependencies(rank_checks):
        return group(*size_checks)
