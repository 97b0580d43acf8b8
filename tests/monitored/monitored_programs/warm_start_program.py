"""tf.train.warm_start: a model saved once, then a new graph whose chosen variables start from it
(by scope regex, by list, renamed), the others from their own initializers; TF's errors for misuse."""

import os


def _error(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the program records what TF raises
        return [type(e).__name__, str(e).split("  Here is")[0]]
    return None


def _model(tf, scale):
    with tf.variable_scope("dense"):
        w = tf.get_variable("kernel", initializer=tf.constant([[1.0, 2.0], [3.0, 4.0]]) * scale)
        b = tf.get_variable("bias", initializer=tf.constant([0.5, -0.5]) * scale)
    with tf.variable_scope("other"):
        o = tf.get_variable("v", initializer=tf.constant(7.0) * scale)
    fixed = tf.get_variable("fixed", initializer=tf.constant(1.5) * scale, trainable=False)
    return [w, b, o, fixed]


def run(tf, logger_name, workdir):
    out = {}
    tf.reset_default_graph()
    _model(tf, 1.0)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        prefix = tf.train.Saver().save(sess, os.path.join(workdir, "model"))

    def fresh(**kwargs):
        tf.reset_default_graph()
        variables = _model(tf, 10.0)
        tf.train.warm_start(prefix, **kwargs)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            return [sess.run(v).tolist() for v in variables]

    out["all_trainable"] = fresh()
    out["scope_regex"] = fresh(vars_to_warm_start="dense/.*")
    out["scope_list"] = fresh(vars_to_warm_start=["other", "fixed"])
    tf.reset_default_graph()
    variables = _model(tf, 10.0)
    tf.train.warm_start(workdir, vars_to_warm_start=[variables[2]], var_name_to_prev_var_name={"other/v": "fixed"})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out["renamed_from_directory"] = [sess.run(v).tolist() for v in variables]
    tf.reset_default_graph()
    _model(tf, 10.0)
    out["bad_type"] = _error(lambda: tf.train.warm_start(prefix, vars_to_warm_start=3))
    out["unused_rename"] = _error(lambda: tf.train.warm_start(prefix, var_name_to_prev_var_name={"nope": "x"}))
    out["vocab_axis"] = _error(lambda: tf.train.VocabInfo("a", 2, 0, "b", axis=2))
    out["vocab_fields"] = list(tf.train.VocabInfo("a", 2, 1, "b")._fields)
    return out
