"""`tf.contrib`: `slim`, `layers`, `framework`, `losses` and `metrics` are the real tf-slim package (`tf_slim`) running
on sessionflow.

TF 1.x's tf.contrib.slim/layers/framework live on as tf-slim, whose modules `import tensorflow.compat.v1` and
`tensorflow.python.*`. Nothing here imports `tf_slim` until a program first touches one of those three names; then
it is imported with `tensorflow` resolving to sessionflow's alias (python_modules.py serves its
`tensorflow.python.*` and `tensorflow.core.*` imports), whether or not the program installed the alias, and a real
TensorFlow in sys.modules is put back afterwards. tf.contrib.layers is tf_slim.layers plus the text helpers TF 1.x
had there and tf-slim dropped (embed_sequence, bow_encoder, ...: sessionflow/layers/contrib_text.py). tf-slim is the
optional extra `sessionflow[contrib]`: without it, touching them raises an ImportError naming the extra.
`tf.contrib.rnn` is sessionflow's own (sessionflow/rnn/contrib.py), so are `tf.contrib.data`
(sessionflow/data/contrib.py), `tf.contrib.lookup` (sessionflow/lookup/contrib.py), `tf.contrib.crf`
(sessionflow/rnn/crf.py) and `tf.contrib.training` (sessionflow/train/contrib.py: HParams, and tf-slim's training
helpers), `tf.contrib.util` (contrib_util.py) `tf.contrib.distributions` (sessionflow/distributions/contrib.py:
tf.distributions' classes) and `tf.contrib.opt` (sessionflow/train/contrib_opt.py: AdamW, MomentumW, LazyAdam), and
`tf.contrib.cudnn_rnn`'s CPU-compatible cells (sessionflow/rnn/cudnn.py), `tf.contrib.image`
(sessionflow/ops/image_contrib.py: transform, rotate, translate) and `tf.contrib.learn`'s preprocessing and datasets
(sessionflow/learn). Every other `tf.contrib.*` module says it is not
provided.

Under the alias, `import tensorflow.contrib.slim` (and TF 1.x's deep paths such as
`tensorflow.contrib.layers.python.layers.layers` or `tensorflow.contrib.framework.python.ops.arg_scope`) give
tf_slim's modules (ContribFinder).
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.machinery
import sys
import types

from .._namespaces import NOT_YET

EXTRA = "pip install 'sessionflow[contrib]'"
PREFIX = "tensorflow.contrib"

# TF 1.x's module paths under tensorflow.contrib -> tf_slim's module (longest prefix wins).
_PATHS = {
    "slim": "tf_slim",
    "slim.python.slim": "tf_slim",
    "slim.nets": "tf_slim.nets",
    "layers": "tf_slim.layers",
    "layers.python.layers": "tf_slim.layers",
    "layers.python.ops": "tf_slim.ops",
    "framework": "tf_slim.ops",
    "framework.python.ops": "tf_slim.ops",
    "losses": "tf_slim.losses",
    "metrics": "tf_slim.metrics",
}
# tf.contrib.framework's names that are sessionflow's own rather than tf-slim's (TF 1.x re-exported them).
_FRAMEWORK_OWN = dict(
    get_or_create_global_step="train", get_global_step="train", assert_or_get_global_step="train",
    create_global_step="train", list_variables="train", load_variable="train", load_checkpoint="train",
    init_from_checkpoint="train", nest="")
_SERVED = ("slim", "layers", "framework", "losses", "metrics")
# sessionflow's own contrib modules: name -> the sessionflow module that is it.
_OWN_MODULES = {"rnn": "sessionflow.rnn.contrib", "data": "sessionflow.data.contrib",
                "lookup": "sessionflow.lookup.contrib", "crf": "sessionflow.rnn.crf",
                "training": "sessionflow.train.contrib", "training.python.training": "sessionflow.train.contrib",
                "training.python.training.hparam": "sessionflow.train.hparams", "util": "sessionflow.compat.contrib_util",
                "distributions": "sessionflow.distributions.contrib", "opt": "sessionflow.train.contrib_opt",
                "cudnn_rnn": "sessionflow.rnn.cudnn", "image": "sessionflow.ops.image_contrib",
                "learn": "sessionflow.learn"}
# tf.contrib.learn's module paths (TF 1.x's short ones and those under learn.python.learn) -> sessionflow's.
for _path, _module in {"": "", ".preprocessing": ".preprocessing", ".datasets": ".datasets",
                       ".datasets.base": ".datasets.base", ".preprocessing.text": ".preprocessing.text",
                       ".preprocessing.categorical": ".preprocessing.categorical",
                       ".preprocessing.categorical_vocabulary": ".preprocessing.categorical_vocabulary"}.items():
    _OWN_MODULES["learn" + _path] = _OWN_MODULES["learn.python.learn" + _path] = "sessionflow.learn" + _module
_OWN_MODULES["learn.datasets.mnist"] = _OWN_MODULES["learn.python.learn.datasets.mnist"] = "sessionflow.datasets.mnist"
# sessionflow's own contrib modules (sessionflow/rnn/seq2seq): name -> attribute of that package.
_OWN = {"seq2seq": "seq2seq", "legacy_seq2seq": "legacy_seq2seq"}
# TF 1.x's module paths under them -> the sessionflow module (in sessionflow.rnn.seq2seq) that has those names.
_OWN_PATHS = {
    "seq2seq.python.ops.attention_wrapper": "attention", "seq2seq.python.ops.helper": "helpers",
    "seq2seq.python.ops.decoder": "decoders", "seq2seq.python.ops.basic_decoder": "decoders",
    "seq2seq.python.ops.beam_search_decoder": "beam_search", "seq2seq.python.ops.beam_search_ops": "beam_search",
    "seq2seq.python.ops.loss": "loss", "legacy_seq2seq.python.ops.seq2seq": "legacy",
}


@contextlib.contextmanager
def _tensorflow_is_sessionflow():
    """While open, `import tensorflow` is sessionflow's alias; afterwards sys.modules is as it was."""
    from . import alias

    if getattr(sys.modules.get("tensorflow"), "_alias_target", None) is sys.modules["sessionflow"]:
        yield
        return
    saved = {name: module for name, module in sys.modules.items()
             if name == "tensorflow" or name.startswith("tensorflow.")}
    for name in saved:
        del sys.modules[name]
    try:
        alias.install()
        yield
    finally:
        for name in [name for name in sys.modules if name == "tensorflow" or name.startswith("tensorflow.")]:
            del sys.modules[name]
        sys.modules.update(saved)


def _on_sessionflow(module: types.ModuleType) -> bool:
    from .python_modules import ServedModule

    return isinstance(getattr(module, "ops", None), ServedModule)


def import_tf_slim(name: str = "tf_slim") -> types.ModuleType:
    """tf_slim's module `name`, imported on sessionflow (ImportError naming the extra when tf-slim is missing)."""
    loaded = sys.modules.get("tf_slim.layers.layers")
    if loaded is not None and not _on_sessionflow(loaded):
        raise ImportError("tf_slim was imported on another TensorFlow before sessionflow's tf.contrib: import "
                          "it only through sessionflow (or under `sessionflow run`)")
    try:
        with _tensorflow_is_sessionflow():
            importlib.import_module("tf_slim")
            return importlib.import_module(name)
    except ModuleNotFoundError as e:
        if e.name not in ("tf_slim", "six", "absl"):
            raise
        raise ImportError(f"tf.contrib.slim, tf.contrib.layers and tf.contrib.framework are the tf-slim package, "
                          f"which is not installed: {EXTRA}", name=e.name) from None


def _framework() -> types.ModuleType:
    """tf.contrib.framework: tf_slim's arg_scope and variables modules, plus sessionflow's global-step and
    checkpoint functions that TF 1.x re-exported there."""
    import sessionflow

    module = ContribModule(f"{PREFIX}.framework")
    module.__path__ = []
    for source in ("tf_slim.ops.arg_scope", "tf_slim.ops.variables"):
        lib = import_tf_slim(source)
        module.__dict__.update({k: v for k, v in vars(lib).items() if not k.startswith("_") and k != "absolute_import"
                                and k not in ("division", "print_function") and not isinstance(v, types.ModuleType)})
    for name, where in _FRAMEWORK_OWN.items():
        owner = getattr(sessionflow, where) if where else sessionflow
        if name in dir(owner):
            module.__dict__[name] = getattr(owner, name)
    return module


# tf.contrib.layers' names that tf-slim dropped and sessionflow provides (sessionflow/layers/contrib_text.py).
_LAYERS_OWN = ("embed_sequence", "bow_encoder", "embedding_lookup_unique", "safe_embedding_lookup_sparse",
               "dense_to_sparse_tensor")


class _LayersModule(types.ModuleType):
    """tf.contrib.layers: tf_slim.layers (its names are tf-slim's own objects) plus _LAYERS_OWN."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._slim, name)

    def __dir__(self):
        return sorted(set(dir(self._slim)) | set(self.__dict__))


def _layers() -> types.ModuleType:
    from ..layers import contrib_text

    slim_layers = import_tf_slim("tf_slim.layers")
    module = _LayersModule(f"{PREFIX}.layers", slim_layers.__doc__)
    module.__path__ = []
    module._slim = slim_layers
    for name in _LAYERS_OWN:
        setattr(module, name, getattr(contrib_text, name))
    return module


class ContribModule(types.ModuleType):
    """`tf.contrib` (and `tf.contrib.framework`): served names made on first use."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        dotted = self.__name__.replace(PREFIX, "contrib", 1)
        if self.__name__ == PREFIX and name in _OWN_MODULES:
            found = importlib.import_module(_OWN_MODULES[name])
            setattr(self, name, found)
            return found
        if self.__name__ == PREFIX and name in _OWN:
            found = getattr(importlib.import_module("sessionflow.rnn.seq2seq"), _OWN[name])
            setattr(self, name, found)
            return found
        if self.__name__ == PREFIX and name in _SERVED:
            found = (_framework() if name == "framework" else _layers() if name == "layers"
                     else import_tf_slim(_PATHS[name]))
            setattr(self, name, found)
            return found
        raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}: tf.{dotted}.{name} {NOT_YET}",
                             name=name, obj=self)


contrib = ContribModule(PREFIX, __doc__)
contrib.__path__ = []


class ContribFinder:
    """Under the alias, `import tensorflow.contrib.<path>` for TF 1.x's slim/layers/framework paths: tf_slim's
    modules; any other contrib module is a ModuleNotFoundError saying it is not provided."""

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        if not fullname.startswith(PREFIX + ".") or not _aliased():
            return None
        path = fullname[len(PREFIX) + 1:]
        if path in _OWN_MODULES:
            return importlib.machinery.ModuleSpec(fullname, cls)
        if any(p.startswith(path + ".") for p in _OWN_MODULES):  # `training.python`: a package
            return importlib.machinery.ModuleSpec(fullname, cls, is_package=True)
        if path in _OWN or any(p == path or p.startswith(path + ".") for p in _OWN_PATHS):
            return importlib.machinery.ModuleSpec(fullname, cls, is_package=path not in _OWN_PATHS)
        if not any(path == prefix or path.startswith(prefix + ".") for prefix in _PATHS):
            raise ModuleNotFoundError(f"No module named {fullname!r}: tf.contrib.{path} {NOT_YET}", name=None)
        return importlib.machinery.ModuleSpec(fullname, cls, is_package=True)

    @staticmethod
    def create_module(spec):
        return types.ModuleType(spec.name)  # replaced by the served module in exec_module

    @staticmethod
    def exec_module(module):
        path = module.__name__[len(PREFIX) + 1:]
        if path in _OWN_MODULES:
            sys.modules[module.__name__] = importlib.import_module(_OWN_MODULES[path])
            return
        if any(p.startswith(path + ".") for p in _OWN_MODULES):
            module.__path__ = []
            return
        if path in _OWN:
            sys.modules[module.__name__] = getattr(contrib, path)
            return
        if path in _OWN_PATHS:
            sys.modules[module.__name__] = importlib.import_module(f"sessionflow.rnn.seq2seq.{_OWN_PATHS[path]}")
            return
        if any(p.startswith(path + ".") for p in _OWN_PATHS):  # `seq2seq.python`, `seq2seq.python.ops`: packages
            module.__path__ = []
            return
        if path in ("framework", "layers"):
            sys.modules[module.__name__] = getattr(contrib, path)
            return
        if path not in _PATHS and any(prefix.startswith(path + ".") for prefix in _PATHS):  # `slim.python`, `layers.python`: a package
            module.__path__ = []
            return
        for prefix in sorted(_PATHS, key=len, reverse=True):
            if path == prefix or path.startswith(prefix + "."):
                sys.modules[module.__name__] = import_tf_slim(_PATHS[prefix] + path[len(prefix):])
                return


def _aliased() -> bool:
    return getattr(sys.modules.get("tensorflow"), "_alias_target", None) is sys.modules.get("sessionflow")
