"""TF 1.x's Supervisor: managed_session initializes, writes graph.pbtxt and the graph events, starts
the checkpoint service (its first save when the session starts), a training loop until should_stop;
a second Supervisor restores from the logdir; an exception inside managed_session is re-raised after
the services stop, and OutOfRangeError ends it cleanly."""

import os
import time

from monitored_programs.common import capture_log, event_digest


def _build(tf):
    tf.reset_default_graph()
    step = tf.train.get_or_create_global_step()
    w = tf.Variable(4.0, name="w")
    loss = tf.square(w, name="loss")
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=step)
    return step, w, train


def _wait_for(path):
    deadline = time.time() + 60
    while not os.path.exists(path) and time.time() < deadline:
        time.sleep(0.01)


def run(tf, logger_name, workdir):
    out = {}
    logdir = os.path.join(workdir, "logdir")
    step, w, train = _build(tf)
    with capture_log(logger_name) as log:
        sv = tf.train.Supervisor(logdir=logdir, save_summaries_secs=0, save_model_secs=3600)
        out["finalized"] = tf.get_default_graph().finalized
        out["collections"] = [len(tf.get_collection(k)) for k in (tf.GraphKeys.READY_OP, tf.GraphKeys.INIT_OP,
                                                                   tf.GraphKeys.LOCAL_INIT_OP, tf.GraphKeys.SAVERS,
                                                                   tf.GraphKeys.GLOBAL_STEP)]
        out["save_path"] = os.path.relpath(sv.save_path, workdir)
        with sv.managed_session() as sess:
            _wait_for(os.path.join(logdir, "checkpoint"))
            values = []
            while not sv.should_stop():
                _, s = sess.run([train, step])
                values.append(int(s))
                if s >= 5:
                    sv.request_stop()
            sv.saver.save(sess, sv.save_path, global_step=step)
    out["steps"] = values
    out["log"] = [m for m in log.messages(workdir) if "Saving checkpoint" in m]
    out["files"] = sorted("events" if f.startswith("events.") else f for f in os.listdir(logdir))
    out["events"] = [[[e[0] if e[1] != "session_log" or e[2][0] != 3 else "<step>", e[1], e[2]] for e in
                      event_digest(tf, os.path.join(logdir, f))]
                     for f in sorted(os.listdir(logdir)) if f.startswith("events.")]

    step, w, train = _build(tf)
    sv = tf.train.Supervisor(logdir=logdir, save_summaries_secs=0, save_model_secs=0)
    with sv.managed_session() as sess:
        out["restored"] = [int(sess.run(step)), float(sess.run(w))]
    try:
        with sv.managed_session() as sess:
            raise ValueError("inside")
    except ValueError as e:
        out["reraised"] = str(e)
    with sv.managed_session() as sess:
        raise tf.errors.OutOfRangeError(None, None, "end of input")
    out["after_out_of_range"] = sv.should_stop()
    return out
