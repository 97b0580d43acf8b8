"""Makes `import tensorflow` (and `tensorflow.compat.v1`) resolve to sessionflow.

`tensorflow` is a thin module over the sessionflow namespace: the same objects under the same names
(`tf.Session is sessionflow.Session`), but it reports the TensorFlow API level sessionflow implements
(`tf.__version__ == "1.15.5"`, while `sessionflow.__version__` stays the package's own) and names
itself `tensorflow` in errors. Its names are sessionflow's, copied when it is made (a name added to
sessionflow later is found through its `__getattr__`); setting a name on it sets it on sessionflow
too, so `mock.patch("tensorflow.Session")` patches both.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import types

import sessionflow
from sessionflow._namespaces import NAMESPACES, NOT_YET, missing_attribute, tf1_names

_ALIASES = ("tensorflow", "tensorflow.compat.v1", "tensorflow.compat.v2")


class _AliasModule(types.ModuleType):
    """A module whose names are `target`'s (copied) plus its own; setting a name sets it on `target` too."""

    def __setattr__(self, name, value):
        if name not in self.__dict__.get("_alias_own", ()):
            setattr(self.__dict__["_alias_target"], name, value)
        super().__setattr__(name, value)

    def __delattr__(self, name):
        target = self.__dict__["_alias_target"]
        if name not in self.__dict__.get("_alias_own", ()) and hasattr(target, name):
            delattr(target, name)
        super().__delattr__(name)


def _alias_module(name: str, target: types.ModuleType, path: str, **own) -> _AliasModule:
    """The module `name` over `target` (the TF namespace at dotted `path`), with `own` names of its own."""
    module = _AliasModule(name, target.__doc__)
    own.update(__name__=name, __package__=name, __path__=[], __loader__=None,
               __spec__=importlib.machinery.ModuleSpec(name, None, is_package=True))
    refresh(module, target, own)

    def __getattr__(attr: str):  # PEP 562: only for names not copied
        try:
            return getattr(target, attr)
        except AttributeError:
            raise missing_attribute(module, path, attr) from None

    module.__dict__["__getattr__"] = __getattr__
    return module


def refresh(module: _AliasModule, target: types.ModuleType, own: dict | None = None) -> None:
    """Copies `target`'s names into `module` again (keeping the module's own)."""
    own = module.__dict__.get("_alias_own", {}) if own is None else own
    names = {k: v for k, v in vars(target).items() if k != "__getattr__"}
    names.update(own, _alias_target=target, _alias_own=own)
    getattr_hook = module.__dict__.get("__getattr__")
    module.__dict__.clear()
    module.__dict__.update(names)
    if getattr_hook is not None:
        module.__dict__["__getattr__"] = getattr_hook


_tensorflow: _AliasModule | None = None


def tensorflow_module() -> _AliasModule:
    """The `tensorflow` module object the alias installs (made on first use; refreshed on each call)."""
    global _tensorflow
    if _tensorflow is None:
        _tensorflow = _alias_module(
            "tensorflow", sessionflow, "", __version__=sessionflow.VERSION,
            __git_version__=sessionflow.GIT_VERSION, __compiler_version__=sessionflow.COMPILER_VERSION)
        compat = _alias_module("tensorflow.compat", sessionflow.compat, "compat", v1=_tensorflow, v2=_tensorflow)
        _tensorflow.__dict__["_alias_own"]["compat"] = compat
        _tensorflow.__dict__["compat"] = compat
    else:
        refresh(_tensorflow, sessionflow)
    return _tensorflow


class _TF1ModuleFinder:
    """Last on sys.meta_path: `import tensorflow.contrib...` (a TF1 module sessionflow lacks) raises a
    ModuleNotFoundError that says it is a TF1 API not provided yet, instead of a bare "No module named"."""

    @staticmethod
    def find_spec(fullname, path=None, target=None):
        if not fullname.startswith("tensorflow."):
            return
        dotted = fullname[len("tensorflow."):]
        found = sys.modules.get("tensorflow")
        for part in dotted.split("."):
            found = getattr(found, part, None) if part in getattr(found, "__dict__", {}) else None
        if found is None and dotted in tf1_names():
            raise ModuleNotFoundError(f"No module named {fullname!r}: tf.{dotted} {NOT_YET}", name=fullname)
        return


def install():
    """Aliases tensorflow, its compat modules and sub-namespaces (`tensorflow.nn`, ...) in sys.modules."""
    tf = tensorflow_module()
    for name in _ALIASES:
        sys.modules[name] = tf
    sys.modules["tensorflow.compat"] = tf.compat
    for name, module in NAMESPACES.items():
        for prefix in ("tensorflow", "tensorflow.compat.v1"):  # `import tensorflow.compat.v1.losses as losses`
            sys.modules[f"{prefix}.{name}"] = module
    for name in ("errors", "dtypes"):  # TF1 modules that are sessionflow modules, not namespaces
        sys.modules[f"tensorflow.{name}"] = getattr(sessionflow, name)
    if not any(isinstance(finder, _TF1ModuleFinder) for finder in sys.meta_path):
        sys.meta_path.append(_TF1ModuleFinder())
    _install_python_paths(tf)
    from .contrib import ContribFinder, contrib

    sys.modules["tensorflow.contrib"] = contrib
    if ContribFinder not in sys.meta_path:
        sys.meta_path.insert(0, ContribFinder)
    _alias_module_path("tensorflow.examples.tutorials.mnist.input_data", "sessionflow.datasets.mnist")


def _install_python_paths(tf: _AliasModule) -> None:
    """`tensorflow.python.*` (TF's internal modules, which TF1 code imports) served from python_paths.py by
    its finder, first on sys.meta_path; `tf.python` is the alias's own name, not set on sessionflow."""
    from .python_modules import PREFIX, CorePathFinder, PythonPathFinder

    for finder in (CorePathFinder, PythonPathFinder):
        if finder not in sys.meta_path:
            sys.meta_path.insert(0, finder)
    own = tf.__dict__["_alias_own"]
    own.setdefault("python", None)  # before the import machinery sets `tensorflow.python`
    own["python"] = tf.__dict__["python"] = importlib.import_module(PREFIX)


def _alias_module_path(name: str, target: str, parents: int | None = None) -> None:
    """Makes `import <name>` give the module `target`, creating empty parent packages as needed (at most
    `parents` of them: `import a.b.c` and `from a.b import c` need only `a.b`)."""
    module = importlib.import_module(target)
    sys.modules[name] = module
    parent, _, leaf = name.rpartition(".")
    while parent and parent not in sys.modules and parents != 0:
        package = types.ModuleType(parent)
        package.__path__ = []
        sys.modules[parent] = package
        parent, _, _ = parent.rpartition(".")
        parents = None if parents is None else parents - 1
    setattr(sys.modules[name.rpartition(".")[0]], leaf, module)
