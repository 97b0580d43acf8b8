"""A MonitoredTrainingSession training loop (StopAtStepHook, checkpoints every 3 steps, summaries every
2, LoggingTensorHook every 2 iterations), then a second MonitoredTrainingSession resuming from its
checkpoint. Runs on TF (tools/record_monitored.py) and on sessionflow (tests/monitored)."""

import os

from monitored_programs.common import capture_log, event_digest


def _build(tf):
    tf.reset_default_graph()
    step = tf.train.get_or_create_global_step()
    w = tf.Variable([2.0, -1.0], name="w")
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]], name="x")
    loss = tf.reduce_mean(tf.square(tf.matmul(x, tf.reshape(w, [2, 1])) - 1.0), name="loss")
    tf.summary.scalar("loss", loss)
    tf.summary.histogram("w", w)
    train = tf.train.GradientDescentOptimizer(0.01).minimize(loss, global_step=step)
    return step, w, loss, train


def run(tf, logger_name, workdir):
    out = {}
    ckpt = os.path.join(workdir, "ckpt")
    step, w, loss, train = _build(tf)
    with capture_log(logger_name) as log:
        hooks = [tf.train.StopAtStepHook(last_step=7),
                 tf.train.LoggingTensorHook({"loss": loss, "step": step}, every_n_iter=2)]
        seen = []
        with tf.train.MonitoredTrainingSession(checkpoint_dir=ckpt, save_checkpoint_steps=3, save_summaries_steps=2,
                                               log_step_count_steps=None, hooks=hooks) as sess:
            while not sess.should_stop():
                _, s, l = sess.run([train, step, loss])
                seen.append([int(s), float(l)])
        out["first_run"] = seen
        out["graph_finalized_after_close"] = tf.get_default_graph().finalized
    out["first_log"] = log.messages(workdir)
    out["files_after_first"] = sorted("events" if f.startswith("events.") else f for f in os.listdir(ckpt))
    state = tf.train.get_checkpoint_state(ckpt)
    out["state"] = [os.path.basename(state.model_checkpoint_path)] + \
        [os.path.basename(p) for p in state.all_model_checkpoint_paths]
    with open(os.path.join(ckpt, "model.ckpt-7.meta"), "rb") as f:
        meta = tf.MetaGraphDef.FromString(f.read())
    out["meta_op_types"] = sorted({node.op for node in meta.graph_def.node})
    reader = tf.train.NewCheckpointReader(tf.train.latest_checkpoint(ckpt))
    out["checkpoint_w"] = reader.get_tensor("w").tolist()
    out["checkpoint_step"] = int(reader.get_tensor("global_step"))

    step, w, loss, train = _build(tf)
    with capture_log(logger_name) as log, \
            tf.train.MonitoredTrainingSession(checkpoint_dir=ckpt, save_checkpoint_steps=3, save_summaries_steps=2,
                                              log_step_count_steps=None,
                                              hooks=[tf.train.StopAtStepHook(num_steps=3)]) as sess:
        out["resumed_step"] = int(sess.run(step))
        out["resumed_w"] = sess.run(w).tolist()
        seen = []
        while not sess.should_stop():
            _, s = sess.run([train, step])
            seen.append(int(s))
        out["second_run"] = seen
    out["second_log"] = log.messages(workdir)
    out["files_after_second"] = sorted(f for f in os.listdir(ckpt) if not f.startswith("events."))
    events = sorted(f for f in os.listdir(ckpt) if f.startswith("events."))
    out["event_files"] = len(events)
    out["events"] = [event_digest(tf, os.path.join(ckpt, f)) for f in events]
    return out
