"""The import hook that serves `tensorflow.python.*` while the `tensorflow` alias is installed.

`PythonPathFinder` (put on sys.meta_path by sessionflow/compat/alias.py) answers `import
tensorflow.python.<path>` for the paths of python_paths.MODULES and their parent packages. A served module
is empty when made: a name is looked up on first use (`ServedModule.__getattr__`), by python_paths'
rules, and kept in the module, so `mock.patch` of it works as on any module. A path TF has but the table
lacks is a ModuleNotFoundError saying sessionflow does not provide it yet, `from ... import` included
(`except ImportError` still catches it).
"""

from __future__ import annotations

import importlib
import importlib.machinery
import os
import sys
import types

from .._namespaces import NOT_YET
from .python_paths import CORE, CORE_PACKAGES, MODULES, PACKAGES

PREFIX = "tensorflow.python"
CORE_PREFIX = "tensorflow.core"
_NAMES_FILE = os.path.join(os.path.dirname(__file__), "_tf_python_names.txt")
_tf_names: dict[str, frozenset] | None = None


def tf_names(path: str) -> frozenset:
    """TF's public names in `tensorflow.python.<path>` (_tf_python_names.txt, read on first use)."""
    global _tf_names
    if _tf_names is None:
        _tf_names = {}
        with open(_NAMES_FILE, encoding="utf-8") as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    module, _, names = line.partition(":")
                    _tf_names[module.strip()] = frozenset(names.split())
    return _tf_names.get(path, frozenset())


def _load(dotted: str):
    """The object named `module` or `module:attribute.attribute` (None where it does not exist)."""
    module_name, _, attributes = dotted.partition(":")
    try:
        found = importlib.import_module(module_name)
        for attribute in filter(None, attributes.split(".")):
            found = getattr(found, attribute)
    except (ImportError, AttributeError):
        return None
    return found


_MISSING = object()


def resolve(path: str, name: str):
    """The object that `tensorflow.python.<path>.<name>` means; AttributeError where there is none (saying
    "not provided yet" when TF's module has the name)."""
    served = MODULES[path]
    if name in served.extras:
        found = _load(served.extras[name])
        if found is not None:
            return found
    elif name in tf_names(path):
        for source in served.sources:
            found = getattr(_load(source), name, _MISSING)
            if found is not _MISSING:
                return found
    else:
        return _MISSING
    raise AttributeError(f"module '{PREFIX}.{path}' has no attribute {name!r}: {PREFIX}.{path}.{name} {NOT_YET}")


class ServedModule(types.ModuleType):
    """`tensorflow.python.<path>` for a path of python_paths.MODULES: names resolved on first use."""

    def __getattr__(self, name: str):
        path = self.__name__[len(PREFIX) + 1:]
        found = resolve(path, name)
        if found is _MISSING:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}", name=name, obj=self)
        setattr(self, name, found)
        return found

    def __dir__(self):
        path = self.__name__[len(PREFIX) + 1:]
        served = MODULES[path]
        return sorted(set(super().__dir__()) | set(served.extras) | tf_names(path))


class ServedPackage(types.ModuleType):
    """A parent package (`tensorflow.python.ops`): its served sub-modules are imported on first use."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        child = f"{self.__name__}.{name}"
        path = child[len(PREFIX) + 1:]
        if path in MODULES or path in PACKAGES:
            return importlib.import_module(child)
        raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}", name=name, obj=self)


class PythonPathFinder:
    """A meta-path finder and loader for `tensorflow.python...`, active while `tensorflow` is sessionflow's
    alias module (so a real TensorFlow, if one is imported instead, is left alone)."""

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        if not (fullname == PREFIX or fullname.startswith(PREFIX + ".")) or not _aliased():
            return None
        served = fullname[len(PREFIX) + 1:]
        if served not in MODULES and served not in PACKAGES:
            # name=None: with the module's name, `from package import module` would drop this message
            raise ModuleNotFoundError(f"No module named {fullname!r}: {fullname} {NOT_YET}", name=None)
        return importlib.machinery.ModuleSpec(fullname, cls, is_package=served in PACKAGES)

    @staticmethod
    def create_module(spec):
        kind = ServedPackage if spec.submodule_search_locations is not None else ServedModule
        return kind(spec.name, f"sessionflow's `{spec.name}` (see sessionflow/compat/python_paths.py).")

    @staticmethod
    def exec_module(module):
        return None


class CoreModule(types.ModuleType):
    """`tensorflow.core.<path>` (a generated protobuf module): python_paths.CORE's names, looked up on first use."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        path = self.__name__[len(CORE_PREFIX) + 1:]
        dotted = CORE.get(path, {}).get(name)
        found = None if dotted is None else _load(dotted)
        if found is None:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}: {self.__name__}.{name} "
                                 f"{NOT_YET}", name=name, obj=self)
        setattr(self, name, found)
        return found

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(CORE.get(self.__name__[len(CORE_PREFIX) + 1:], ())))


class CorePathFinder:
    """A meta-path finder and loader for `tensorflow.core...` (TF's protobuf modules), active while the alias is."""

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        if not (fullname == CORE_PREFIX or fullname.startswith(CORE_PREFIX + ".")) or not _aliased():
            return None
        served = fullname[len(CORE_PREFIX) + 1:]
        if served not in CORE and served not in CORE_PACKAGES:
            raise ModuleNotFoundError(f"No module named {fullname!r}: {fullname} {NOT_YET}", name=None)
        return importlib.machinery.ModuleSpec(fullname, cls, is_package=served in CORE_PACKAGES)

    @staticmethod
    def create_module(spec):
        return CoreModule(spec.name, f"sessionflow's `{spec.name}` (see sessionflow/compat/python_paths.py).")

    @staticmethod
    def exec_module(module):
        return None


def _aliased() -> bool:
    import sessionflow

    return getattr(sys.modules.get("tensorflow"), "_alias_target", None) is sessionflow
