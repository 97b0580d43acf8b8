"""`tf.train`: optimizers, global step, learning-rate schedules. Modules export their public names
with `@tf_export("train.<name>")`; importing this package registers them."""

import importlib as _importlib
import pkgutil as _pkgutil

for _module in _pkgutil.iter_modules(__path__):
    _importlib.import_module(f"{__name__}.{_module.name}")
