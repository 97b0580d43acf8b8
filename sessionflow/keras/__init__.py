"""`tf.keras` as TF1 programs use it in graph mode (tf_keras's v1 behaviour): layers called on graph
tensors (keras_layers.py over the shared tf.layers code, base_layer.py: Keras's naming and weight policy),
tf.keras.backend (backend_functions.py: session, learning phase, values), initializers / activations /
regularizers / constraints (registries.py), Input, the functional Model and Sequential (network.py), their
compile / fit / evaluate over arrays, generators and tf.keras.utils.Sequence (training.py, training_data.py)
with tf.keras.losses, tf.keras.metrics' functions and the legacy optimizers SGD / Adam / RMSprop (losses.py,
metrics.py, optimizers.py), the callbacks Callback, History, EarlyStopping, ReduceLROnPlateau,
LearningRateScheduler, CSVLogger, ModelCheckpoint, TensorBoard, LambdaCallback and TerminateOnNaN
(callbacks.py), Model.save_weights / load_weights in TensorFlow's HDF5 weight-file format (saving.py, through
h5py), Model.save / tf.keras.models.load_model with the model configs (model_files.py), tf.keras.utils.to_categorical, tf.keras.preprocessing.sequence and .text (preprocessing.py) and .image
(image_preprocessing.py: ImageDataGenerator and its iterators), and
tf.keras.datasets (sessionflow/datasets). Any other public
name under tf.keras raises an AttributeError saying it is not provided yet.
"""

from __future__ import annotations

from .._namespaces import NAMESPACES, NOT_YET, make_namespace, missing_attribute
from ..datasets import mnist as _mnist  # noqa: F401 - registers tf.keras.datasets.mnist.load_data
from . import (  # noqa: F401
    backend_functions,
    base_layer,
    callbacks,
    image_preprocessing,
    keras_layers,
    losses,
    metrics,
    network,
    optimizers,
    preprocessing,
    recurrent,
    registries,
    training,
    training_data,
)

NAMESPACE_PATHS = ("keras", "keras.datasets", "keras.layers", "keras.backend", "keras.initializers",
                   "keras.activations", "keras.regularizers", "keras.constraints", "keras.models", "keras.losses",
                   "keras.metrics", "keras.optimizers", "keras.optimizers.legacy", "keras.utils", "keras.callbacks",
                   "keras.preprocessing", "keras.preprocessing.sequence", "keras.preprocessing.text",
                   "keras.preprocessing.image")


def _keras_getattr(path: str):
    def __getattr__(name: str):
        error = missing_attribute(NAMESPACES[path], path, name)
        if name.startswith("_") or NOT_YET in str(error):
            raise error
        raise AttributeError(f"{error}: tf.{path}.{name} {NOT_YET}")

    return __getattr__


for _path in NAMESPACE_PATHS:
    make_namespace(_path, {"__getattr__": _keras_getattr(_path)})
