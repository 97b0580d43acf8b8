"""tf.keras.initializers, activations, regularizers and constraints: the objects Keras layers take by name
(`"glorot_uniform"`, `"relu"`, `"l2"`) or as objects, and their `get` functions.

In TF1 graph mode Keras's initializers are TF 1.x's (`init_ops`): `"glorot_uniform"` is
`tf.glorot_uniform_initializer()`, so a seeded program draws the same numbers through tf.layers or
tf.keras.layers. Keras's own defaults differ only where Keras says so (`"uniform"` and `"normal"` draw
from +-0.05 and with stddev 0.05).
"""

from __future__ import annotations

from .. import init_ops
from ..framework import dtypes
from ..framework.api import tf_export
from ..layers.base import op

# --- initializers ------------------------------------------------------------------------------


@tf_export("keras.initializers.RandomUniform", "keras.initializers.uniform", "keras.initializers.random_uniform")
class RandomUniform(init_ops.RandomUniform):
    def __init__(self, minval=-0.05, maxval=0.05, seed=None, dtype=dtypes.float32):
        super().__init__(minval=minval, maxval=maxval, seed=seed, dtype=dtype)


@tf_export("keras.initializers.RandomNormal", "keras.initializers.normal", "keras.initializers.random_normal")
class RandomNormal(init_ops.RandomNormal):
    def __init__(self, mean=0.0, stddev=0.05, seed=None, dtype=dtypes.float32):
        super().__init__(mean=mean, stddev=stddev, seed=seed, dtype=dtype)


@tf_export("keras.initializers.TruncatedNormal", "keras.initializers.truncated_normal")
class TruncatedNormal(init_ops.TruncatedNormal):
    def __init__(self, mean=0.0, stddev=0.05, seed=None, dtype=dtypes.float32):
        super().__init__(mean=mean, stddev=stddev, seed=seed, dtype=dtype)


def _scaling(public: str, scale: float, distribution: str):
    def __init__(self, seed=None):
        init_ops.VarianceScaling.__init__(self, scale=scale, mode="fan_in", distribution=distribution, seed=seed)

    cls = type(public, (init_ops.VarianceScaling,), {"__init__": __init__,
                                                     "get_config": lambda self: {"seed": self.seed}})
    snake = {"HeNormal": "he_normal", "HeUniform": "he_uniform", "LecunNormal": "lecun_normal",
             "LecunUniform": "lecun_uniform"}[public]
    return tf_export(f"keras.initializers.{public}", f"keras.initializers.{snake}")(cls)


HeNormal = _scaling("HeNormal", 2.0, "truncated_normal")
HeUniform = _scaling("HeUniform", 2.0, "uniform")
LecunNormal = _scaling("LecunNormal", 1.0, "truncated_normal")
LecunUniform = _scaling("LecunUniform", 1.0, "uniform")

_INITIALIZERS = {
    "zeros": init_ops.Zeros, "Zeros": init_ops.Zeros, "ones": init_ops.Ones, "Ones": init_ops.Ones,
    "constant": init_ops.Constant, "Constant": init_ops.Constant,
    "uniform": RandomUniform, "random_uniform": RandomUniform, "RandomUniform": RandomUniform,
    "normal": RandomNormal, "random_normal": RandomNormal, "RandomNormal": RandomNormal,
    "truncated_normal": TruncatedNormal, "TruncatedNormal": TruncatedNormal,
    "glorot_uniform": init_ops.GlorotUniform, "GlorotUniform": init_ops.GlorotUniform,
    "glorot_normal": init_ops.GlorotNormal, "GlorotNormal": init_ops.GlorotNormal,
    "he_normal": HeNormal, "HeNormal": HeNormal, "he_uniform": HeUniform, "HeUniform": HeUniform,
    "lecun_normal": LecunNormal, "LecunNormal": LecunNormal, "lecun_uniform": LecunUniform,
    "LecunUniform": LecunUniform, "orthogonal": init_ops.Orthogonal, "Orthogonal": init_ops.Orthogonal,
    "identity": init_ops.Identity, "Identity": init_ops.Identity,
    "variance_scaling": init_ops.VarianceScaling, "VarianceScaling": init_ops.VarianceScaling,
}
for _name, _cls in (("Zeros", init_ops.Zeros), ("zeros", init_ops.Zeros), ("Ones", init_ops.Ones),
                    ("ones", init_ops.Ones), ("Constant", init_ops.Constant), ("constant", init_ops.Constant),
                    ("GlorotUniform", init_ops.GlorotUniform), ("glorot_uniform", init_ops.GlorotUniform),
                    ("GlorotNormal", init_ops.GlorotNormal), ("glorot_normal", init_ops.GlorotNormal),
                    ("Orthogonal", init_ops.Orthogonal), ("orthogonal", init_ops.Orthogonal),
                    ("Identity", init_ops.Identity), ("identity", init_ops.Identity),
                    ("VarianceScaling", init_ops.VarianceScaling), ("Initializer", init_ops.Initializer)):
    tf_export(f"keras.initializers.{_name}")(_cls)


# --- custom objects ----------------------------------------------------------------------------------

_GLOBAL_CUSTOM_OBJECTS: dict = {}
_SCOPED_CUSTOM_OBJECTS: list = []  # the dicts of the custom_object_scope blocks entered, innermost last


def custom_objects() -> dict:
    """The names user objects are known by: the global ones, then those of the scopes entered."""
    found = dict(_GLOBAL_CUSTOM_OBJECTS)
    for scope in _SCOPED_CUSTOM_OBJECTS:
        found.update(scope)
    return found


@tf_export("keras.utils.CustomObjectScope", "keras.utils.custom_object_scope")
class CustomObjectScope:
    """`with custom_object_scope({"Foo": Foo}):` makes user classes and functions known by name to the
    deserializing functions (load_model, model_from_json, the `get` functions) inside the block."""

    def __init__(self, *args):
        self.custom_objects = args
        self._entered = []

    def __enter__(self):
        for objects in self.custom_objects:
            _SCOPED_CUSTOM_OBJECTS.append(dict(objects or {}))
            self._entered.append(_SCOPED_CUSTOM_OBJECTS[-1])
        return self

    def __exit__(self, *exc):
        for objects in self._entered:
            _SCOPED_CUSTOM_OBJECTS.remove(objects)
        self._entered = []


@tf_export("keras.utils.get_custom_objects")
def get_custom_objects() -> dict:
    """The global dict of custom objects (edit it to register objects by name)."""
    return _GLOBAL_CUSTOM_OBJECTS


def _custom(name):
    return custom_objects().get(name) if isinstance(name, str) else None


def _unknown(kind: str, identifier) -> ValueError:
    return ValueError(f"Unknown {kind}: '{identifier}'. Please ensure you are using a "
                      "`keras.utils.custom_object_scope` and that this object is included in the scope. See "
                      "https://www.tensorflow.org/guide/keras/save_and_serialize#registering_the_custom_object "
                      "for details.")


def _from_config(table: dict, kind: str, identifier: dict):
    name = identifier.get("class_name")
    cls = _custom(name) or table.get(name)
    if cls is None:
        raise _unknown(kind, name)
    config = identifier.get("config", {})
    if hasattr(cls, "from_config"):
        return cls.from_config(config)
    return cls(**config)


@tf_export("keras.initializers.get")
def get_initializer(identifier):
    """None, an initializer object or callable, a name (`"he_normal"`) or a config dict."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        return _from_config(_INITIALIZERS, "initializer", identifier)
    if isinstance(identifier, str):
        if _custom(identifier) is not None:
            found = _custom(identifier)
            return found() if isinstance(found, type) else found
        if identifier not in _INITIALIZERS:
            raise _unknown("initializer", identifier)
        return _INITIALIZERS[identifier]()
    if isinstance(identifier, type):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret initializer identifier: {identifier}")


# --- activations -------------------------------------------------------------------------------

def _relu(x, alpha=0.0, max_value=None, threshold=0.0):
    if alpha != 0.0 or max_value is not None or threshold != 0.0:
        if threshold != 0.0 or (max_value is not None and max_value != 6.0):
            raise NotImplementedError("tf.keras.activations.relu with a threshold or a max_value other than 6 is "
                                      "not provided yet")
        if max_value is None:
            return op("nn.leaky_relu")(x, alpha=alpha)
        if alpha != 0.0:
            raise NotImplementedError("tf.keras.activations.relu with both alpha and max_value is not provided yet")
        return op("nn.relu6")(x)
    return op("nn.relu")(x)


def _softmax(x, axis=-1):
    if x.shape.ndims is not None and x.shape.ndims <= 1:
        raise ValueError(f"Cannot apply softmax to a tensor that is 1D. Received input: {x}")
    return op("nn.softmax")(x, axis=axis)


def _hard_sigmoid(x):
    point_two = op("convert_to_tensor")(0.2, dtype=x.dtype)
    point_five = op("convert_to_tensor")(0.5, dtype=x.dtype)
    return op("clip_by_value")(x * point_two + point_five, 0.0, 1.0)


def _linear(x):
    return x


_ACTIVATIONS = {
    "relu": _relu, "softmax": _softmax, "linear": _linear,
    "sigmoid": lambda x: op("sigmoid")(x), "tanh": lambda x: op("tanh")(x),
    "elu": lambda x, alpha=1.0: op("nn.elu")(x) if alpha == 1 else op("where")(x > 0, op("nn.elu")(x),
                                                                                 alpha * op("nn.elu")(x)),
    "selu": lambda x: op("nn.selu")(x), "softplus": lambda x: op("nn.softplus")(x),
    "softsign": lambda x: op("nn.softsign")(x), "exponential": lambda x: op("exp")(x),
    "hard_sigmoid": _hard_sigmoid, "swish": lambda x: op("nn.silu")(x),
}
for _name, _fn in _ACTIVATIONS.items():
    _fn.__name__ = _name
    tf_export(f"keras.activations.{_name}")(_fn)


@tf_export("keras.activations.get")
def get_activation(identifier):
    """The activation function for `identifier`: None is linear, a name is looked up, a callable is itself."""
    if identifier is None:
        return _linear
    if isinstance(identifier, dict):  # (how a config may hold an activation layer's function)
        identifier = identifier.get("config", {}).get("name", identifier.get("class_name"))
    if isinstance(identifier, str):
        if _custom(identifier) is not None:
            return _custom(identifier)
        if identifier not in _ACTIVATIONS:
            raise _unknown("activation function", identifier)
        return _ACTIVATIONS[identifier]
    if callable(identifier):
        return identifier
    raise TypeError(f"Could not interpret activation function identifier: {identifier}")


def activation_for_layer(identifier):
    """An activation as the shared layers take it: None where Keras would apply `linear`."""
    fn = get_activation(identifier)
    return None if fn is _linear else fn


@tf_export("keras.activations.serialize")
def serialize_activation(activation):
    """An activation's name in a config: None (the shared layers' linear) is 'linear'."""
    if activation is None:
        return "linear"
    return getattr(activation, "__name__", activation)


# --- regularizers ------------------------------------------------------------------------------

@tf_export("keras.regularizers.Regularizer")
class Regularizer:
    def __call__(self, x):
        return 0.0

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


@tf_export("keras.regularizers.L1L2")
class L1L2(Regularizer):
    """`l1 * sum(|x|) + l2 * sum(x**2)`; the factors are float32 (Keras's floatx) values."""

    def __init__(self, l1=0.0, l2=0.0):
        import numpy as np

        self.l1 = np.float32(0.0 if l1 is None else l1)
        self.l2 = np.float32(0.0 if l2 is None else l2)

    def __call__(self, x):
        regularization = op("constant")(0.0, dtype=x.dtype)
        if self.l1:
            regularization += self.l1 * op("reduce_sum")(op("abs")(x))
        if self.l2:
            regularization += self.l2 * op("reduce_sum")(op("square")(x))
        return regularization

    def get_config(self):
        return {"l1": float(self.l1), "l2": float(self.l2)}


@tf_export("keras.regularizers.L1", "keras.regularizers.l1")
class L1(Regularizer):
    def __init__(self, l1=0.01, **kwargs):
        import numpy as np

        l1 = kwargs.pop("l", l1)
        self.l1 = np.float32(0.01 if l1 is None else l1)

    def __call__(self, x):
        return self.l1 * op("reduce_sum")(op("abs")(x))

    def get_config(self):
        return {"l1": float(self.l1)}


@tf_export("keras.regularizers.L2", "keras.regularizers.l2")
class L2(Regularizer):
    def __init__(self, l2=0.01, **kwargs):
        import numpy as np

        l2 = kwargs.pop("l", l2)
        self.l2 = np.float32(0.01 if l2 is None else l2)

    def __call__(self, x):
        return self.l2 * op("reduce_sum")(op("square")(x))

    def get_config(self):
        return {"l2": float(self.l2)}


@tf_export("keras.regularizers.l1_l2")
def l1_l2(l1=0.01, l2=0.01):
    return L1L2(l1=l1, l2=l2)


_REGULARIZERS = {"l1": L1, "L1": L1, "l2": L2, "L2": L2, "l1_l2": l1_l2, "L1L2": L1L2}


@tf_export("keras.regularizers.get")
def get_regularizer(identifier):
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        return _from_config(_REGULARIZERS, "regularizer", identifier)
    if isinstance(identifier, str):
        if _custom(identifier) is not None:
            found = _custom(identifier)
            return found() if isinstance(found, type) else found
        if identifier not in _REGULARIZERS:
            raise _unknown("regularizer", identifier)
        return _REGULARIZERS[identifier]()
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret regularizer identifier: {identifier}")


# --- constraints -------------------------------------------------------------------------------

@tf_export("keras.constraints.Constraint")
class Constraint:
    def __call__(self, w):
        return w

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


@tf_export("keras.constraints.MaxNorm", "keras.constraints.max_norm")
class MaxNorm(Constraint):
    def __init__(self, max_value=2, axis=0):
        self.max_value, self.axis = max_value, axis

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}

    def __call__(self, w):
        norms = op("sqrt")(op("reduce_sum")(op("square")(w), axis=self.axis, keepdims=True))
        desired = op("clip_by_value")(norms, 0, self.max_value)
        return w * (desired / (1e-7 + norms))


@tf_export("keras.constraints.NonNeg", "keras.constraints.non_neg")
class NonNeg(Constraint):
    def __call__(self, w):
        return w * op("cast")(op("greater_equal")(w, 0.0), w.dtype)


@tf_export("keras.constraints.UnitNorm", "keras.constraints.unit_norm")
class UnitNorm(Constraint):
    def __init__(self, axis=0):
        self.axis = axis

    def get_config(self):
        return {"axis": self.axis}

    def __call__(self, w):
        return w / (1e-7 + op("sqrt")(op("reduce_sum")(op("square")(w), axis=self.axis, keepdims=True)))


_CONSTRAINTS = {"max_norm": MaxNorm, "MaxNorm": MaxNorm, "non_neg": NonNeg, "NonNeg": NonNeg,
                "unit_norm": UnitNorm, "UnitNorm": UnitNorm}


@tf_export("keras.constraints.get")
def get_constraint(identifier):
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        return _from_config(_CONSTRAINTS, "constraint", identifier)
    if isinstance(identifier, str):
        if _custom(identifier) is not None:
            found = _custom(identifier)
            return found() if isinstance(found, type) else found
        if identifier not in _CONSTRAINTS:
            raise _unknown("constraint", identifier)
        return _CONSTRAINTS[identifier]()
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret constraint identifier: {identifier}")


def resolve_argument(key: str, value):
    """A Keras layer argument as the shared tf.layers code takes it: names become objects."""
    if key == "activation":
        return activation_for_layer(value)
    if key.endswith("_initializer"):
        return get_initializer(value)
    if key.endswith("_regularizer"):
        return get_regularizer(value)
    if key.endswith("_constraint"):
        return get_constraint(value)
    return value


# --- serialization -------------------------------------------------------------------------------------

def _initializer_config(obj) -> dict:
    """An initializer's config as tf_keras writes it in graph mode (TF 1.x's init_ops configs)."""
    name = type(obj).__name__
    dtype = getattr(getattr(obj, "dtype", None), "name", "float32")
    if name in ("GlorotUniform", "GlorotNormal"):
        return {"seed": obj.seed, "dtype": dtype}
    if name == "Identity":
        return {"gain": obj.gain, "dtype": dtype}
    config = obj.get_config()
    if name == "Constant" and hasattr(config.get("value"), "tolist"):
        config = dict(config, value=config["value"].tolist())
    return config


_SHARING: list = []  # the scopes of the saves in progress: objects serialized so far, with their configs and ids


class SharedObjects:
    """While a model file's configs are made: each object serialized gets an id (in the order their configs
    are made), and one serialized twice gets `shared_object_id` in its config (the same dict each time), as
    tf_keras's SharedObjectSavingScope writes them."""

    def __enter__(self):
        _SHARING.append({"seen": {}, "next": 0, "objects": []})
        return self

    def __exit__(self, *exc):
        _SHARING.pop()


def shared(obj, base_config: dict) -> dict:
    if not _SHARING:
        return base_config
    scope = _SHARING[-1]
    found = scope["seen"].get(id(obj))
    if found is not None:
        config, object_id = found
        config.setdefault("shared_object_id", object_id)
        return config
    scope["seen"][id(obj)] = (base_config, scope["next"])
    scope["objects"].append(obj)  # (keeps the id of the object from being reused while the scope lasts)
    scope["next"] += 1
    return base_config


def serialize(obj):
    """`{"class_name": ..., "config": ...}` of an initializer, regularizer or constraint (None: None; a
    plain function: its name), as tf_keras's serialize_keras_object writes them in a model's config."""
    if obj is None:
        return None
    if isinstance(obj, (str, int, float, bool)):
        return obj
    if isinstance(obj, init_ops.Initializer):
        return shared(obj, {"class_name": type(obj).__name__, "config": _initializer_config(obj)})
    if hasattr(obj, "get_config"):
        return shared(obj, {"class_name": type(obj).__name__, "config": obj.get_config()})
    if callable(obj) and hasattr(obj, "__name__"):
        return obj.__name__
    raise ValueError(f"Cannot serialize {obj!r} since it doesn't implement `get_config()`.")


tf_export("keras.initializers.serialize", "keras.regularizers.serialize", "keras.constraints.serialize",
          "keras.utils.serialize_keras_object")(serialize)
