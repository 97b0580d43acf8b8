"""TensorFlow file formats: protos, GraphDef/MetaGraph interop, gfile.

Importing this package registers its public TF names (`tf.GraphDef`, `tf.import_graph_def`,
`tf.train.write_graph`, `tf.train.export_meta_graph`, `tf.graph_util.*`, `tf.gfile.*`).
"""

from . import gfile, graph_def, graph_util, meta_graph, protos, tfrecord  # noqa: F401
