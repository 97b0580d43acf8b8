"""`tf.saved_model` as TF 1.x has it: SavedModelBuilder/simple_save write a SavedModel folder (builder.py),
loader.load reads one into a session (loader.py), with TensorInfo/SignatureDef helpers (signatures.py), the
init op helpers (main_op.py) and TF's constants (constants.py)."""

from . import builder, constants, loader, main_op, signatures  # noqa: F401 - registers the tf.saved_model names
