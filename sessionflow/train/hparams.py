"""`tf.contrib.training.HParams`: TF 1.x's hyperparameter container and its `name=value,...` parser.

Each hyperparameter is an attribute with a type fixed when it is added (a list's type is its first element's);
`set_hparam`, `parse` and `override_from_dict` cast new values to that type only where TF's rules allow it (an int
becomes a float, never the reverse; no string <-> number; no bool <-> number), with TF's error messages. `parse`
reads `a=1,b=[2,3],c[1]=4` against the types (`parse_values`), booleans from true/True/false/False or an integer.
HParamDef protos (`to_proto`, `from_proto`, `hparam_def=`) are not provided.
"""

from __future__ import annotations

import json
import numbers
import re

from .._namespaces import NOT_YET

PARAM_RE = re.compile(r"""
  (?P<name>[a-zA-Z][\w\.]*)     # the name: "var" or "x.y"
  (\[\s*(?P<index>\d+)\s*\])?   # an optional index: "[1]"
  \s*=\s*
  ((?P<val>[^,\[]*)             # one value
   |
   \[(?P<vals>[^\]]*)\])        # or a bracketed list of values
  ($|,\s*)""", re.VERBOSE)


def _parse_fail(name, var_type, value, values):
    raise ValueError(f"Could not parse hparam '{name}' of type '{var_type.__name__}' with value '{value}' in {values}")


def _reuse_fail(name, values):
    raise ValueError(f"Multiple assignments to variable '{name}' in {values}")


def _scalar(name, parse, var_type, groups, values, results):
    try:
        parsed = parse(groups["val"])
    except ValueError:
        _parse_fail(name, var_type, groups["val"], values)
    if not groups["index"]:
        if name in results:
            _reuse_fail(name, values)
        results[name] = parsed
        return
    if name in results:
        if not isinstance(results.get(name), dict):  # already given as a whole value
            _reuse_fail(name, values)
    else:
        results[name] = {}
    index = int(groups["index"])
    if index in results[name]:
        _reuse_fail(f"{name}[{index}]", values)
    results[name][index] = parsed


def _list(name, parse, var_type, groups, values, results):
    if groups["index"] is not None:
        raise ValueError("Assignment of a list to a list index.")
    elements = [e for e in re.split("[ ,]", groups["vals"]) if e]
    if name in results:
        _reuse_fail(name, values)
    try:
        results[name] = [parse(e) for e in elements]
    except ValueError:
        _parse_fail(name, var_type, groups["vals"], values)


def parse_values(values, type_map, ignore_unknown=False):
    """`name=value,...` (a value may be `[a,b]`, a name `name[i]`) parsed against `type_map` (name -> type): a
    dict of name -> value, list, or {index: value}."""
    results = {}
    pos = 0
    while pos < len(values):
        match = PARAM_RE.match(values, pos)
        if not match:
            raise ValueError(f"Malformed hyperparameter value: {values[pos:]}")
        pos = match.end()
        groups = match.groupdict()
        name = groups["name"]
        if name not in type_map:
            if ignore_unknown:
                continue
            raise ValueError(f"Unknown hyperparameter type for {name}")
        var_type = type_map[name]
        if var_type == bool:
            def parse(value, name=name):
                if value in ("true", "True"):
                    return True
                if value in ("false", "False"):
                    return False
                try:
                    return bool(int(value))
                except ValueError:
                    _parse_fail(name, bool, value, values)
        else:
            parse = var_type
        if groups["val"] is not None:
            _scalar(name, parse, var_type, groups, values, results)
        elif groups["vals"] is not None:
            _list(name, parse, var_type, groups, values, results)
        else:
            _parse_fail(name, var_type, "", values)
    return results


def _cast_to_type_if_compatible(name, param_type, value):
    """`value` as `param_type`, or TF's ValueError where the conversion would change its kind."""
    fail = f"Could not cast hparam '{name}' of type '{param_type}' from value {value!r}"
    if issubclass(param_type, type(None)):  # a hyperparameter first given as None takes anything
        return value
    if issubclass(param_type, (str, bytes)) and not isinstance(value, (str, bytes)):
        raise ValueError(fail)
    if issubclass(param_type, bool) != isinstance(value, bool):
        raise ValueError(fail)
    if issubclass(param_type, numbers.Integral) and not isinstance(value, numbers.Integral):
        raise ValueError(fail)
    if issubclass(param_type, numbers.Number) and not isinstance(value, numbers.Number):
        raise ValueError(fail)
    return param_type(value)


class HParams:
    """Hyperparameters as attributes: `HParams(learning_rate=0.1, layers=[64, 32])`, `hparams.parse("...")`."""

    _HAS_DYNAMIC_ATTRIBUTES = True

    def __init__(self, hparam_def=None, model_structure=None, **kwargs):
        self._hparam_types = {}
        self._model_structure = model_structure
        if hparam_def:
            raise NotImplementedError(f"HParams(hparam_def=...) (an HParamDef proto) {NOT_YET}")
        for name, value in kwargs.items():
            self.add_hparam(name, value)

    def add_hparam(self, name, value):
        if getattr(self, name, None) is not None:
            raise ValueError(f"Hyperparameter name is reserved: {name}")
        if isinstance(value, (list, tuple)):
            if not value:
                raise ValueError(f"Multi-valued hyperparameters cannot be empty: {name}")
            self._hparam_types[name] = (type(value[0]), True)
        else:
            self._hparam_types[name] = (type(value), False)
        setattr(self, name, value)

    def set_hparam(self, name, value):
        param_type, is_list = self._hparam_types[name]
        if isinstance(value, list):
            if not is_list:
                raise ValueError(f"Must not pass a list for single-valued parameter: {name}")
            setattr(self, name, [_cast_to_type_if_compatible(name, param_type, v) for v in value])
        else:
            if is_list:
                raise ValueError(f"Must pass a list for multi-valued parameter: {name}.")
            setattr(self, name, _cast_to_type_if_compatible(name, param_type, value))

    def del_hparam(self, name):
        if hasattr(self, name):
            delattr(self, name)
            del self._hparam_types[name]

    def parse(self, values):
        type_map = {name: param_type for name, (param_type, _) in self._hparam_types.items()}
        return self.override_from_dict(parse_values(values, type_map))

    def override_from_dict(self, values_dict):
        for name, value in values_dict.items():
            self.set_hparam(name, value)
        return self

    def set_model_structure(self, model_structure):
        self._model_structure = model_structure

    def get_model_structure(self):
        return self._model_structure

    def to_json(self, indent=None, separators=None, sort_keys=False):
        def without_callables(x):
            if isinstance(x, dict):
                return {k: without_callables(v) for k, v in x.items() if not callable(v)}
            if isinstance(x, list):
                return [without_callables(i) for i in x if not callable(i)]
            return x

        return json.dumps(without_callables(self.values()), indent=indent, separators=separators, sort_keys=sort_keys)

    def parse_json(self, values_json):
        return self.override_from_dict(json.loads(values_json))

    def values(self):
        return {name: getattr(self, name) for name in self._hparam_types}

    def get(self, key, default=None):
        if key not in self._hparam_types:
            return default
        if default is not None:
            param_type, is_list = self._hparam_types[key]
            type_str = f"list<{param_type}>" if is_list else str(param_type)
            fail = f"Hparam '{key}' of type '{type_str}' is incompatible with default={default}"
            if is_list != isinstance(default, list):
                raise ValueError(fail)
            try:
                for value in (default if is_list else [default]):
                    _cast_to_type_if_compatible(key, param_type, value)
            except ValueError as e:
                raise ValueError(f"{fail}. {e}") from None
        return getattr(self, key)

    def to_proto(self, export_scope=None):
        raise NotImplementedError(f"HParams.to_proto (an HParamDef proto) {NOT_YET}")

    @staticmethod
    def from_proto(hparam_def, import_scope=None):
        raise NotImplementedError(f"HParams.from_proto (an HParamDef proto) {NOT_YET}")

    def __contains__(self, key):
        return key in self._hparam_types

    def __str__(self):
        values = self.values()
        return ",".join(f"{key}={values[key]}" for key in values)

    def __repr__(self):
        return f"{type(self).__name__}({sorted(self.values().items())})"
