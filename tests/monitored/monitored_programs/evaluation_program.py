"""TF's evaluation loop (tensorflow.python.training.evaluation, what tf-slim's evaluation calls):
restore a checkpoint, run streaming-metric updates until _StopAfterNEvalsHook, return final values;
and an input pipeline that ends before the hook does."""

import os

from monitored_programs.common import capture_log


def _evaluation(tf):
    if tf.__name__.startswith("tensorflow"):
        from tensorflow.python.training import evaluation

        return evaluation
    import types

    from sessionflow.train import evaluation  # what tensorflow.python.training.evaluation serves (a test says so)

    return types.SimpleNamespace(_evaluate_once=evaluation.evaluate_once,
                                 _StopAfterNEvalsHook=evaluation.StopAfterNEvalsHook,
                                 _get_or_create_eval_step=evaluation.get_or_create_eval_step)


def run(tf, logger_name, workdir):
    evaluation = _evaluation(tf)
    out = {}
    tf.reset_default_graph()
    w = tf.Variable(3.0, name="w")
    with tf.Session() as sess:
        sess.run(w.initializer)
        prefix = tf.train.Saver().save(sess, os.path.join(workdir, "model"))

    tf.reset_default_graph()
    w = tf.Variable(0.0, name="w")
    x = tf.data.Dataset.range(10).map(lambda i: tf.cast(i, tf.float32)).make_one_shot_iterator().get_next()
    mean, update = tf.metrics.mean(w * x)
    with capture_log(logger_name) as log:
        final = evaluation._evaluate_once(prefix, eval_ops=update, final_ops={"mean": mean, "w": w},
                                          hooks=[evaluation._StopAfterNEvalsHook(4)])
    out["stopped_after_4"] = {k: float(v) for k, v in final.items()}
    out["log"] = [m for m in log.records if m.startswith("Evaluation")]

    tf.reset_default_graph()
    w = tf.Variable(0.0, name="w")
    x = tf.data.Dataset.range(3).map(lambda i: tf.cast(i, tf.float32)).make_one_shot_iterator().get_next()
    total, update = tf.metrics.mean(w * x)
    final = evaluation._evaluate_once(prefix, eval_ops=[update], final_ops=total,
                                      hooks=[evaluation._StopAfterNEvalsHook(None, log_progress=False)])
    out["input_ended"] = float(final)
    tf.reset_default_graph()
    out["eval_step_name"] = evaluation._get_or_create_eval_step().op.name
    return out
