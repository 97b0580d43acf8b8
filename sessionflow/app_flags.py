"""`tf.app.run` and `tf.flags` / `tf.app.flags`: the command-line plumbing of TF1 scripts.

A small absl-compatible subset: `DEFINE_string/integer/float/boolean/bool/list/enum`, a global
`FLAGS` object parsed from `sys.argv` by `tf.app.run()` (or on first access of a flag value), with
`--name=value`, `--name value`, `--flag` / `--noflag` for booleans, and `--help`.
"""

from __future__ import annotations

import sys
import types

from .framework.api import export_value, tf_export


class _FlagValues:
    """The defined flags and their values; attribute access gives a flag's value."""

    def __init__(self):
        object.__setattr__(self, "_flags", {})
        object.__setattr__(self, "_parsed", False)

    def _define(self, name, default, help_text, parse, kind):
        flags = object.__getattribute__(self, "_flags")
        if name in flags:
            raise ValueError(f"Flag --{name} is defined twice.")
        flags[name] = {"value": default, "default": default, "help": help_text, "parse": parse, "kind": kind}

    def __getattr__(self, name):
        flags = object.__getattribute__(self, "_flags")
        if name not in flags:
            raise AttributeError(f"Unknown command line flag '{name}'")
        if not object.__getattribute__(self, "_parsed"):
            self(sys.argv, known_only=True)
        return flags[name]["value"]

    def __setattr__(self, name, value):
        flags = object.__getattribute__(self, "_flags")
        if name not in flags:
            raise AttributeError(f"Unknown command line flag '{name}'")
        flags[name]["value"] = value

    def __contains__(self, name):
        return name in object.__getattribute__(self, "_flags")

    def flag_values_dict(self) -> dict:
        return {name: self.__getattr__(name) for name in object.__getattribute__(self, "_flags")}

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
            if name not in flags and name.startswith("no") and flags.get(name[2:], {}).get("kind") == "bool":
                flags[name[2:]]["value"] = False
                continue
            if name not in flags:
                if known_only:
                    rest.append(arg)
                    continue
                raise SystemExit(f"FATAL Flags parsing error: Unknown command line flag '{name}'")
            spec = flags[name]
            if spec["kind"] == "bool" and not has_value:
                spec["value"] = True
                continue
            if not has_value:
                if not args:
                    raise SystemExit(f"FATAL Flags parsing error: flag --{name}=... needs a value")
                value = args.pop(0)
            try:
                spec["value"] = spec["parse"](value)
            except ValueError as e:
                raise SystemExit(f"FATAL Flags parsing error: flag --{name}={value}: {e}") from None
        object.__setattr__(self, "_parsed", True)
        return rest

    def _usage(self, program):
        lines = [f"usage: {program} [flags]", ""]
        for name, spec in sorted(object.__getattribute__(self, "_flags").items()):
            lines.append(f"  --{name}: {spec['help']}\n    (default: {spec['default']!r})")
        return "\n".join(lines)


FLAGS = _FlagValues()


def _parse_bool(text: str) -> bool:
    lowered = text.lower()
    if lowered in ("true", "t", "1", "yes"):
        return True
    if lowered in ("false", "f", "0", "no"):
        return False
    raise ValueError(f"not a boolean: {text!r}")


def _parse_list(text: str) -> list:
    return [item for item in text.split(",") if item] if isinstance(text, str) else list(text)


def DEFINE_string(name, default, help=None, flag_values=FLAGS, **kwargs):  # noqa: A002, N802 - absl's names
    flag_values._define(name, default, help, str, "string")


def DEFINE_integer(name, default, help=None, flag_values=FLAGS, **kwargs):  # noqa: A002, N802
    flag_values._define(name, default, help, int, "int")


def DEFINE_float(name, default, help=None, flag_values=FLAGS, **kwargs):  # noqa: A002, N802
    flag_values._define(name, default, help, float, "float")


def DEFINE_boolean(name, default, help=None, flag_values=FLAGS, **kwargs):  # noqa: A002, N802
    flag_values._define(name, default, help, _parse_bool, "bool")


DEFINE_bool = DEFINE_boolean


def DEFINE_list(name, default, help=None, flag_values=FLAGS, **kwargs):  # noqa: A002, N802
    flag_values._define(name, _parse_list(default) if default is not None else None, help, _parse_list, "list")


def DEFINE_enum(name, default, enum_values, help=None, flag_values=FLAGS, **kwargs):  # noqa: A002, N802
    def parse(text):
        if text not in enum_values:
            raise ValueError(f"value should be one of <{'|'.join(enum_values)}>")
        return text

    flag_values._define(name, default, help, parse, "enum")


def run(main=None, argv=None):
    """Parses flags from `argv` (default sys.argv), calls `main(remaining_argv)` (default: the
    caller's `__main__.main`) and exits with its return value, as `tf.app.run` does."""
    argv = sys.argv if argv is None else argv
    remaining = FLAGS(argv, known_only=True)
    if main is None:
        main = sys.modules["__main__"].main
    sys.exit(main(remaining))


flags = types.SimpleNamespace(
    FLAGS=FLAGS, DEFINE_string=DEFINE_string, DEFINE_integer=DEFINE_integer, DEFINE_float=DEFINE_float,
    DEFINE_boolean=DEFINE_boolean, DEFINE_bool=DEFINE_bool, DEFINE_list=DEFINE_list, DEFINE_enum=DEFINE_enum)
export_value(["flags", "app.flags"], flags)
tf_export("app.run")(run)
