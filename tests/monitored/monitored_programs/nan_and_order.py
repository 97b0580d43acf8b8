"""Hooks' call order and what they see, hooks' feeds merged with the caller's, an input pipeline's end
closing the loop, FinalOpsHook, NanTensorHook raising or stopping, and TF's errors for misuse."""

from monitored_programs.common import capture_log


def _error(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the program records what TF raises
        return [type(e).__name__, str(e)]
    return None


def _recorder(tf, calls, name, fetch=None, feed=None, stop_at=None):
    class Recorder(tf.train.SessionRunHook):
        def begin(self):
            calls.append([name, "begin"])

        def after_create_session(self, session, coord):
            calls.append([name, "after_create_session", type(coord).__name__])

        def before_run(self, run_context):
            args = run_context.original_args
            calls.append([name, "before_run", sorted(args.feed_dict or {}) != [], args.fetches is not None])
            if fetch is None and feed is None:
                return None
            return tf.train.SessionRunArgs(fetch, feed_dict=feed)

        def after_run(self, run_context, run_values):
            results = run_values.results
            calls.append([name, "after_run", None if results is None else float(results)])
            if stop_at is not None and results is not None and results >= stop_at:
                run_context.request_stop()

        def end(self, session):
            calls.append([name, "end"])

    return Recorder()


def run(tf, logger_name, workdir):
    out = {}
    tf.reset_default_graph()
    a = tf.placeholder(tf.float32, [], name="a")
    b = tf.placeholder_with_default(10.0, [], name="b")
    counter = tf.Variable(0.0, name="counter")
    total = a + b
    bump = tf.assign_add(counter, total)
    calls = []
    hooks = [_recorder(tf, calls, "first", fetch=counter), _recorder(tf, calls, "second", feed={b: 1.0}, stop_at=None),
             _recorder(tf, calls, "third", fetch=bump, stop_at=20.0)]
    with tf.train.MonitoredSession(hooks=hooks) as sess:
        values = []
        while not sess.should_stop():
            values.append(float(sess.run(total, feed_dict={a: 2.0})))
        out["after_stop"] = _error(lambda: sess.run(a, feed_dict={a: 1.0}))
    out["calls"] = calls
    out["values"] = values

    tf.reset_default_graph()
    a = tf.placeholder(tf.float32, [], name="a")
    double = a * 2.0
    feeder = tf.train.FeedFnHook(lambda: {a: 3.0})
    with tf.train.MonitoredSession(hooks=[feeder]) as sess:
        out["fed_by_hook"] = float(sess.run(double))
        out["fed_twice"] = _error(lambda: sess.run(a, feed_dict={a: 1.0}))

    # an input pipeline's end ends the loop; FinalOpsHook runs its ops at the end
    tf.reset_default_graph()
    total = tf.Variable(0, dtype=tf.int64, name="total")
    element = tf.data.Dataset.range(5).make_one_shot_iterator().get_next()
    add = tf.assign_add(total, element)
    final = tf.train.FinalOpsHook(total * 10)
    steps = 0
    with tf.train.SingularMonitoredSession(hooks=[final]) as sess:
        out["raw_session_type"] = type(sess.raw_session()).__name__
        while not sess.should_stop():
            sess.run(add)
            steps += 1
    out["pipeline_steps"] = steps
    out["final_ops_values"] = int(final.final_ops_values)

    # NanTensorHook
    tf.reset_default_graph()
    step = tf.train.get_or_create_global_step()
    x = tf.Variable(1.0, name="x")
    loss = tf.log(x - 2.0 + tf.cast(step, tf.float32), name="loss")  # log(-1): NaN at step 0
    train = tf.assign_add(step, 1)
    with capture_log(logger_name) as log:
        def diverge():
            with tf.train.MonitoredTrainingSession(hooks=[tf.train.NanTensorHook(loss)]) as sess:
                while not sess.should_stop():
                    sess.run(train)
        out["nan_error"] = _error(diverge)
        steps = []
        with tf.train.MonitoredTrainingSession(hooks=[tf.train.NanTensorHook(loss, fail_on_nan_loss=False)]) as sess:
            while not sess.should_stop():
                steps.append(int(sess.run(train)))
        out["nan_stop_steps"] = steps
    out["nan_log"] = log.messages(workdir)
    out["nan_error_class"] = tf.train.NanLossDuringTrainingError.__mro__[1].__name__

    # misuse
    out["stop_hook_both"] = _error(lambda: tf.train.StopAtStepHook(num_steps=1, last_step=2))
    out["stop_hook_none"] = _error(lambda: tf.train.StopAtStepHook())
    out["logging_hook_none"] = _error(lambda: tf.train.LoggingTensorHook(["loss"]))
    out["logging_hook_zero"] = _error(lambda: tf.train.LoggingTensorHook(["loss"], every_n_iter=0))
    out["timer_none"] = _error(lambda: tf.train.SecondOrStepTimer())
    out["timer_both"] = _error(lambda: tf.train.SecondOrStepTimer(every_secs=1, every_steps=1))
    out["summary_hook_none"] = _error(lambda: tf.train.SummarySaverHook(save_steps=1))
    out["scaffold_copy"] = _error(lambda: tf.train.Scaffold(copy_from_scaffold=1))
    tf.reset_default_graph()
    tf.Variable(1.0)
    out["no_global_step"] = _error(lambda: tf.train.MonitoredSession(hooks=[tf.train.StopAtStepHook(num_steps=1)]))
    out["finalized_after_failed_begin"] = tf.get_default_graph().finalized
    tf.reset_default_graph()
    tf.Variable(1.0, name="v")
    out["not_ready"] = _error(lambda: tf.train.MonitoredSession(
        session_creator=tf.train.ChiefSessionCreator(scaffold=tf.train.Scaffold(init_op=tf.no_op()))))
    return out
