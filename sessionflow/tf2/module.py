"""tf.Module: a named container of variables and sub-modules, found by walking its attributes.

The module's name scope is made unique when the module is built (`model/`, then `model_1/`), and re-entered by
`with self.name_scope:` and methods decorated with `tf.Module.with_name_scope`."""

from __future__ import annotations

import functools
import re

from ..framework.api import tf_export
from ..framework.graph import get_default_graph

_VALID_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-/]*$")


def _snake_case(name: str) -> str:
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def _leaves(value, seen):
    """The values inside `value` (lists, tuples, dicts by sorted key), depth first."""
    if isinstance(value, (list, tuple)):
        for v in value:
            yield from _leaves(v, seen)
    elif isinstance(value, dict):
        for key in sorted(value, key=str):
            yield from _leaves(value[key], seen)
    else:
        yield value


class _ModuleNameScope:
    """Re-enters a module's name scope (its absolute name) each time it is used in a `with`."""

    def __init__(self, scope_name: str):
        self._scope_name = scope_name
        self._open = []

    name = property(lambda self: self._scope_name)

    def __enter__(self):
        scope = get_default_graph().name_scope(self._scope_name)
        self._open.append(scope)
        return scope.__enter__()

    def __exit__(self, *exc):
        return self._open.pop().__exit__(*exc)


@tf_export("Module")
class Module:
    """Base class of models and layers: `variables`, `trainable_variables`, `submodules`, a name scope."""

    _TF_MODULE_IGNORED_PROPERTIES = frozenset()

    def __init__(self, name=None):
        if name is None:
            name = _snake_case(type(self).__name__)
        elif not _VALID_NAME.match(name):
            raise ValueError(f"{name!r} is not a valid module name. Module names must be valid Python "
                             "identifiers (e.g. a valid class name).")
        self._name = name
        with get_default_graph().name_scope(name) as scope:
            self._name_scope = _ModuleNameScope(scope)

    name = property(lambda self: self._name)
    name_scope = property(lambda self: self._name_scope)

    def _flatten(self, predicate, recursive=True):
        out, seen, queue = [], {id(self)}, [self]
        while queue:
            module = queue.pop(0)
            found = []
            attrs = vars(module)
            for key in sorted(attrs):
                if key in module._TF_MODULE_IGNORED_PROPERTIES or key == "_name_scope":
                    continue
                for leaf in _leaves(attrs[key], seen):
                    if predicate(leaf) and all(leaf is not o for o in out):
                        out.append(leaf)
                    if isinstance(leaf, Module) and id(leaf) not in seen:
                        seen.add(id(leaf))
                        found.append(leaf)
            if recursive:
                queue.extend(found)
        return tuple(out)

    @property
    def variables(self) -> tuple:
        from ..variables import Variable

        return self._flatten(lambda v: isinstance(v, Variable))

    @property
    def trainable_variables(self) -> tuple:
        from ..variables import Variable

        return self._flatten(lambda v: isinstance(v, Variable) and v.trainable)

    @property
    def non_trainable_variables(self) -> tuple:
        from ..variables import Variable

        return self._flatten(lambda v: isinstance(v, Variable) and not v.trainable)

    @property
    def submodules(self) -> tuple:
        return self._flatten(lambda m: isinstance(m, Module))

    @classmethod
    def with_name_scope(cls, method):
        """Decorates a method to run inside its module's name scope."""
        @functools.wraps(method)
        def scoped(self, *args, **kwargs):
            with self.name_scope:
                return method(self, *args, **kwargs)

        return scoped

    def __repr__(self) -> str:
        return f"<{type(self).__module__}.{type(self).__name__} object at {hex(id(self))}>"
