"""TF 2.x object APIs that TensorFlow's tf.compat.v1 also runs in graph mode (type specs, GradientTape,
tf.function, tf.Module, variable creators, CriticalSection), built on sessionflow's graph."""

from . import critical_section, function, gradient_tape, module, type_spec, variable_creator  # noqa: F401
