"""Public TF names, declared beside what they name.

    @tf_export("reduce_sum", "math.reduce_sum")
    def reduce_sum(...): ...

records the function under `tf.reduce_sum` and `tf.math.reduce_sum`. `sessionflow/__init__.py`
installs every recorded name into the TF1 namespace and its sub-namespaces (`tf.math`, `tf.nn`, ...),
so adding an op never means editing the namespace module.
"""

from __future__ import annotations

EXPORTS: dict[str, object] = {}


def tf_export(*names: str):
    """Decorator recording `obj` under each public name (`"name"` or `"namespace.name"`)."""

    def record(obj):
        for name in names:
            if name in EXPORTS and EXPORTS[name] is not obj:
                raise ValueError(f"tf.{name} is exported twice")
            EXPORTS[name] = obj
        return obj

    return record


def export_value(names, value):
    """Records a non-decorable value (a constant, an alias) under public names."""
    tf_export(*names)(value)
