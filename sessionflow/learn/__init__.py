"""tf.contrib.learn (TF 1.x), in part: its `preprocessing` (VocabularyProcessor & co.) and `datasets` (MNIST,
CSV loaders), served as `tf.contrib.learn` by sessionflow/compat/contrib.py. Its estimators, Experiment,
RunConfig, monitors and graph_actions (tf.estimator's predecessor) are not provided: those names say so.
"""

from __future__ import annotations

from .._namespaces import partial_module_getattr
from . import datasets, preprocessing  # noqa: F401 - the served submodules

_TF1_NAMES = (
    "BaseEstimator", "Estimator", "Trainable", "Evaluable", "KMeansClustering", "ModeKeys", "ModelFnOps",
    "MetricSpec", "PredictionKey", "DNNClassifier", "DNNEstimator", "DNNRegressor", "DNNLinearCombinedRegressor",
    "DNNLinearCombinedEstimator", "DNNLinearCombinedClassifier", "DynamicRnnEstimator", "LinearClassifier",
    "LinearEstimator", "LinearRegressor", "LogisticRegressor", "StateSavingRnnEstimator", "SVM", "SKCompat", "Head",
    "multi_class_head", "multi_label_head", "binary_svm_head", "regression_head", "poisson_regression_head",
    "multi_head", "no_op_train_fn", "Experiment", "ExportStrategy", "TaskType", "NanLossDuringTrainingError",
    "RunConfig", "evaluate", "infer", "run_feeds", "run_n", "train", "extract_dask_data", "extract_dask_labels",
    "extract_pandas_data", "extract_pandas_labels", "extract_pandas_matrix", "infer_real_valued_columns_from_input",
    "infer_real_valued_columns_from_input_fn", "read_batch_examples", "read_batch_features",
    "read_batch_record_features", "read_keyed_batch_examples", "read_keyed_batch_examples_shared_queue",
    "read_keyed_batch_features", "read_keyed_batch_features_shared_queue", "InputFnOps", "ProblemType",
    "build_parsing_serving_input_fn", "make_export_strategy", "learn_runner", "monitors", "models", "ops", "utils",
    "graph_actions", "io", "estimators", "metric_spec", "basic_session_run_hooks", "evaluable", "trainable",
    "export_strategy", "experiment", "learn_io")
__getattr__ = partial_module_getattr("contrib.learn", _TF1_NAMES)
