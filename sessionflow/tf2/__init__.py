"""TF 2.x object APIs that TensorFlow's tf.compat.v1 also runs in graph mode (type specs, GradientTape,
tf.function, tf.Module, variable creators, CriticalSection), built on sessionflow's graph."""

from . import gradient_tape, type_spec  # noqa: F401
