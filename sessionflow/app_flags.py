"""`tf.app.run` and `tf.flags` / `tf.app.flags`: the command-line plumbing of TF1 scripts.

An absl-compatible subset, as TF re-exports absl.flags: `DEFINE_string/integer/float/boolean/bool/list/
spaceseplist/enum`, the `DEFINE_multi_*` flags (one value per occurrence), `DEFINE_alias`, number bounds, a
global `FLAGS` object parsed from `sys.argv` by `tf.app.run()` (unknown flags left in the arguments) or on
first access of a flag value (unknown flags are an error there, as TF's wrapper parses strictly), with
`--name=value`, `--name value`, `--flag` / `--noflag` for booleans, and `--help`. Bad values raise absl's
errors (`flags.Error` and its subclasses) with absl's messages.
"""

from __future__ import annotations

import csv
import logging
import sys
import types

from .framework.api import export_value, tf_export


class Error(Exception):
    """absl.flags.Error: the base of the flag errors."""


class IllegalFlagValueError(Error):
    """A flag's value does not parse, or breaks its bounds or choices."""


class UnrecognizedFlagError(Error):
    """A command-line flag nobody defined."""


class DuplicateFlagError(Error):
    """A flag name defined twice."""


class _Flag:
    """One defined flag: `name`, `default`, `help`, `value`, and `present` (how many times the last parse
    saw it)."""

    def __init__(self, name, default, help_text, parse, kind, multi=False):
        if multi:
            help_text = f"{help_text};\n    repeat this option to specify a list of values"  # absl's MultiFlag help
        self.name, self.help, self._parse, self.kind, self.multi = name, help_text, parse, kind, multi
        self.present = 0
        self.default = self.value = self._converted(default)
        self.using_default_value = True

    def _converted(self, value):
        if value is None:
            return None
        if self.multi:
            items = value if isinstance(value, (list, tuple)) else [value]
            return [self._converted_one(v) for v in items]
        return self._converted_one(value)

    def _converted_one(self, value):
        """A default as absl keeps it: text parsed, numbers converted and bound-checked."""
        if (isinstance(value, str) and self.kind != "string") or self.kind in ("int", "float"):
            return self._parse(value)
        return value

    def parse(self, text):
        values = self._parse(text)
        if self.multi:
            self.value = (self.value if self.present else []) + [values]
        else:
            self.value = values
        self.present += 1
        self.using_default_value = False

    def unparse(self):
        self.value, self.present, self.using_default_value = self.default, 0, True

    def __repr__(self):
        return f"<Flag --{self.name}={self.value!r}>"


class _FlagValues:
    """The defined flags and their values; attribute access gives a flag's value."""

    def __init__(self):
        object.__setattr__(self, "_flags", {})
        object.__setattr__(self, "_parsed", False)

    def _define(self, flag):
        flags = object.__getattribute__(self, "_flags")
        if flag.name in flags:
            raise DuplicateFlagError(f"The flag '{flag.name}' is defined twice.")
        flags[flag.name] = flag

    def __getattr__(self, name):
        flags = object.__getattribute__(self, "_flags")
        if name not in flags:
            raise AttributeError(name)
        if not object.__getattribute__(self, "_parsed"):
            self(sys.argv)  # TF's FLAGS wrapper: an implicit, strict parse of the command line
        return flags[name].value

    def __setattr__(self, name, value):
        flags = object.__getattribute__(self, "_flags")
        if name not in flags:
            raise AttributeError(name)
        flags[name].value = value
        flags[name].using_default_value = False

    def __getitem__(self, name):
        return object.__getattribute__(self, "_flags")[name]

    def __contains__(self, name):
        return name in object.__getattribute__(self, "_flags")

    def __iter__(self):
        return iter(list(object.__getattribute__(self, "_flags")))

    def __len__(self):
        return len(object.__getattribute__(self, "_flags"))

    def is_parsed(self) -> bool:
        return object.__getattribute__(self, "_parsed")

    def mark_as_parsed(self):
        object.__setattr__(self, "_parsed", True)

    def unparse_flags(self):
        for flag in object.__getattribute__(self, "_flags").values():
            flag.unparse()
        object.__setattr__(self, "_parsed", False)

    def flag_values_dict(self) -> dict:
        return {name: flag.value for name, flag in object.__getattribute__(self, "_flags").items()}

    def __call__(self, argv, known_only=False):
        """Parses `argv` (argv[0] is the program); returns the arguments that are not flags."""
        flags = object.__getattribute__(self, "_flags")
        rest, args = [argv[0]] if argv else [], list(argv[1:])
        while args:
            arg = args.pop(0)
            if arg == "--":
                rest.extend(args)
                break
            if not arg.startswith("-") or arg == "-":
                rest.append(arg)
                continue
            if arg in ("--help", "-h", "--helpfull"):
                print(self._usage(argv[0] if argv else "program"))
                sys.exit(0)
            name, has_value, value = arg.lstrip("-").partition("=")
            if name not in flags and name.startswith("no") and name[2:] in flags and flags[name[2:]].kind == "bool":
                if has_value:
                    raise ValueError(f"{arg} does not take an argument")
                flags[name[2:]].parse("false")
                continue
            if name not in flags:
                if known_only:
                    rest.append(arg)
                    continue
                raise UnrecognizedFlagError(f"Unknown command line flag '{name}'")
            flag = flags[name]
            if flag.kind == "bool" and not has_value:
                flag.parse("true")
                continue
            if not has_value:
                if not args:
                    raise Error(f"Missing value for flag {arg}")
                value = args.pop(0)
            try:
                flag.parse(value)
            except (ValueError, TypeError) as e:
                raise IllegalFlagValueError(f"flag --{name}={value}: {e}") from None
        object.__setattr__(self, "_parsed", True)
        for flag_values, name in _required:
            if flag_values is self and flags[name].value is None:
                raise IllegalFlagValueError(f"flag --{name}=None: Flag --{name} must have a value other than None.")
        return rest

    def _usage(self, program):
        lines = [f"usage: {program} [flags]", ""]
        for name, flag in sorted(object.__getattribute__(self, "_flags").items()):
            lines.append(f"  --{name}: {flag.help}\n    (default: {flag.default!r})")
        return "\n".join(lines)


FLAGS = _FlagValues()


def _parse_bool(text) -> bool:
    if isinstance(text, bool):
        return text
    lowered = str(text).lower()
    if lowered in ("true", "t", "1"):
        return True
    if lowered in ("false", "f", "0"):
        return False
    raise ValueError("Non-boolean argument to boolean flag", text)


def _parse_list(text) -> list:
    if not isinstance(text, str):
        return list(text)
    if not text:
        return []
    return [item.strip() for item in next(csv.reader([text], strict=True))]


def _parse_spaceseplist(text) -> list:
    return text.split() if isinstance(text, str) else list(text)


def _number(kind, convert, lower_bound, upper_bound):
    """A parser of `convert`ed numbers within the bounds; absl's wording of what the value is not."""
    noun = "integer" if kind == "int" else "number"
    if lower_bound is not None and upper_bound is not None:
        wanted = f"{'an integer' if kind == 'int' else 'a number'} in the range [{lower_bound}, {upper_bound}]"
    elif lower_bound == 1:
        wanted = f"a positive {noun}"
    elif upper_bound == -1:
        wanted = f"a negative {noun}"
    elif lower_bound == 0:
        wanted = f"a non-negative {noun}"
    elif upper_bound == 0:
        wanted = f"a non-positive {noun}"
    elif upper_bound is not None:
        wanted = f"{noun} <= {upper_bound}"
    elif lower_bound is not None:
        wanted = f"{noun} >= {lower_bound}"
    else:
        wanted = None

    def parse(text):
        value = convert(text)
        if wanted is not None and ((lower_bound is not None and value < lower_bound)
                                   or (upper_bound is not None and value > upper_bound)):
            raise ValueError(f"{value} is not {wanted}")
        return value

    return parse


def _enum(enum_values):
    def parse(text):
        if text not in enum_values:
            raise ValueError(f"value should be one of <{'|'.join(enum_values)}>")
        return text

    return parse


def _define(flag_values, name, default, help_text, parse, kind, multi=False):
    try:
        flag = _Flag(name, default, help_text, parse, kind, multi)
    except (ValueError, TypeError) as e:
        raise IllegalFlagValueError(f"flag --{name}={default}: {e}") from None
    flag_values._define(flag)


def _default(default, kwargs):
    """TF's DEFINE_string/boolean/float/integer also take the default as `default_value`."""
    return kwargs.pop("default_value") if default is None and "default_value" in kwargs else default


def DEFINE_string(name, default=None, help=None, flag_values=FLAGS, **kwargs):  # noqa: A002, N802 - absl's names
    _define(flag_values, name, _default(default, kwargs), help, str, "string")


def DEFINE_integer(name, default=None, help=None, lower_bound=None, upper_bound=None,  # noqa: A002, N802
                   flag_values=FLAGS, **kwargs):
    _define(flag_values, name, _default(default, kwargs), help, _number("int", int, lower_bound, upper_bound), "int")


def DEFINE_float(name, default=None, help=None, lower_bound=None, upper_bound=None,  # noqa: A002, N802
                 flag_values=FLAGS, **kwargs):
    _define(flag_values, name, _default(default, kwargs), help, _number("float", float, lower_bound, upper_bound),
            "float")


def DEFINE_boolean(name, default=None, help=None, flag_values=FLAGS, **kwargs):  # noqa: A002, N802
    _define(flag_values, name, _default(default, kwargs), help, _parse_bool, "bool")


DEFINE_bool = DEFINE_boolean


def DEFINE_list(name, default, help=None, flag_values=FLAGS, **kwargs):  # noqa: A002, N802
    _define(flag_values, name, default, help, _parse_list, "list")


def DEFINE_spaceseplist(name, default, help=None, comma_compat=False, flag_values=FLAGS, **kwargs):  # noqa: A002,N802
    parse = (lambda t: _parse_spaceseplist(t.replace(",", " ") if isinstance(t, str) else t)) if comma_compat \
        else _parse_spaceseplist
    _define(flag_values, name, default, help, parse, "list")


def DEFINE_enum(name, default, enum_values, help=None, flag_values=FLAGS, **kwargs):  # noqa: A002, N802
    _define(flag_values, name, default, help, _enum(enum_values), "enum")


def DEFINE_multi_string(name, default, help=None, flag_values=FLAGS, **kwargs):  # noqa: A002, N802
    _define(flag_values, name, default, help, str, "string", multi=True)


def DEFINE_multi_integer(name, default, help=None, lower_bound=None, upper_bound=None,  # noqa: A002, N802
                         flag_values=FLAGS, **kwargs):
    _define(flag_values, name, default, help, _number("int", int, lower_bound, upper_bound), "int", multi=True)


def DEFINE_multi_float(name, default, help=None, lower_bound=None, upper_bound=None,  # noqa: A002, N802
                       flag_values=FLAGS, **kwargs):
    _define(flag_values, name, default, help, _number("float", float, lower_bound, upper_bound), "float",
            multi=True)


def DEFINE_multi_enum(name, default, enum_values, help=None, flag_values=FLAGS, **kwargs):  # noqa: A002, N802
    _define(flag_values, name, default, help, _enum(enum_values), "enum", multi=True)


def DEFINE_alias(name, original_name, flag_values=FLAGS, module_name=None):  # noqa: N802
    """`name` as a second name of the flag `original_name`: the same value, set and read through either."""
    flags = object.__getattribute__(flag_values, "_flags")
    if original_name not in flags:
        raise Error(f"Flag {original_name} does not exist.")
    if name in flags:
        raise DuplicateFlagError(f"The flag '{name}' is defined twice.")
    flags[name] = flags[original_name]


def mark_flag_as_required(flag_name, flag_values=FLAGS):
    """Parsing the command line then fails while the flag is still None."""
    _required.append((flag_values, flag_name))


def mark_flags_as_required(flag_names, flag_values=FLAGS):
    for name in flag_names:
        mark_flag_as_required(name, flag_values)


_required: list = []


def run(main=None, argv=None):
    """Parses flags from `argv` (default sys.argv; unknown flags stay in it), calls `main(remaining_argv)`
    (default: the caller's `__main__.main`) and exits with its return value, as `tf.app.run` does. A flag
    error propagates (TF's parser replaces absl's, which would print it). As absl's app does once flags are
    parsed, the root logger's level becomes INFO, so tf.logging's INFO lines show from there on."""
    argv = sys.argv if argv is None else argv
    if main is None:
        main = sys.modules["__main__"].main
    remaining = FLAGS(argv, known_only=True)
    logging.getLogger().setLevel(logging.INFO)
    sys.exit(main(remaining))


flags = types.SimpleNamespace(
    FLAGS=FLAGS, DEFINE_string=DEFINE_string, DEFINE_integer=DEFINE_integer, DEFINE_float=DEFINE_float,
    DEFINE_boolean=DEFINE_boolean, DEFINE_bool=DEFINE_bool, DEFINE_list=DEFINE_list,
    DEFINE_spaceseplist=DEFINE_spaceseplist, DEFINE_enum=DEFINE_enum, DEFINE_multi_string=DEFINE_multi_string,
    DEFINE_multi_integer=DEFINE_multi_integer, DEFINE_multi_float=DEFINE_multi_float,
    DEFINE_multi_enum=DEFINE_multi_enum, DEFINE_alias=DEFINE_alias, mark_flag_as_required=mark_flag_as_required,
    mark_flags_as_required=mark_flags_as_required, Error=Error, IllegalFlagValueError=IllegalFlagValueError,
    UnrecognizedFlagError=UnrecognizedFlagError, DuplicateFlagError=DuplicateFlagError, FlagValues=_FlagValues)
export_value(["flags", "app.flags"], flags)
tf_export("app.run")(run)
