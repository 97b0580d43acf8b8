"""The other stock hooks in one loop: CheckpointSaverListener's calls (a listener stopping training),
LoggingTensorHook by tensor names, with a formatter and at the end, StepCounterHook's
`global_step/sec`, SummarySaverHook with its own op and writer dir, ProfilerHook's timeline files and
run-metadata events, FinalOpsHook, GlobalStepWaiterHook with nothing to wait for."""

import os

from monitored_programs.common import capture_log, event_digest


def run(tf, logger_name, workdir):
    out = {}
    tf.reset_default_graph()
    step = tf.train.get_or_create_global_step()
    v = tf.Variable(1.0, name="v")
    tf.identity(v * 2.0, name="double")
    train = tf.group(tf.assign_add(v, 1.0), tf.assign_add(step, 1))
    only = tf.summary.scalar("only", v)
    calls = []

    class Listener(tf.train.CheckpointSaverListener):
        def begin(self):
            calls.append(["begin"])

        def before_save(self, session, global_step_value):
            calls.append(["before_save", int(global_step_value)])

        def after_save(self, session, global_step_value):
            calls.append(["after_save", int(global_step_value)])
            return global_step_value >= 4

        def end(self, session, global_step_value):
            calls.append(["end", int(global_step_value)])

    ckpt = os.path.join(workdir, "ckpt")
    sums = os.path.join(workdir, "sums")
    prof = os.path.join(workdir, "prof")
    os.makedirs(prof)
    final = tf.train.FinalOpsHook({"v": v, "step": step})
    hooks = [
        tf.train.CheckpointSaverHook(ckpt, save_steps=2, listeners=[Listener()],
                                     saver=tf.train.Saver(max_to_keep=2)),
        tf.train.LoggingTensorHook(["double", "v:0"], every_n_iter=3, at_end=True),
        tf.train.LoggingTensorHook({"v": v}, at_end=True, formatter=lambda d: "v is " + str(d["v"])),
        tf.train.StepCounterHook(every_n_steps=2, output_dir=sums),
        tf.train.SummarySaverHook(save_steps=3, output_dir=sums, summary_op=only),
        tf.train.ProfilerHook(save_steps=2, output_dir=prof),
        tf.train.GlobalStepWaiterHook(0),
        final,
    ]
    with capture_log(logger_name) as log:
        runs = 0
        with tf.train.SingularMonitoredSession(hooks=hooks) as sess:
            while not sess.should_stop():
                sess.run(train)
                runs += 1
    tf.summary.FileWriterCache.clear()  # flushes and closes the hooks' writers
    out["runs"] = runs
    out["listener"] = calls
    out["log"] = [m for m in log.messages(workdir) if "Calling" not in m]
    out["ckpt_files"] = sorted(f for f in os.listdir(ckpt) if not f.startswith("events."))
    out["ckpt_events"] = [event_digest(tf, os.path.join(ckpt, f)) for f in sorted(os.listdir(ckpt))
                          if f.startswith("events.")]
    digests = [event_digest(tf, os.path.join(sums, f)) for f in sorted(os.listdir(sums))]
    # (the steps these land at depend, on TF, on whether its threads read the global step before or after
    # the run's increment; train_and_resume records summary steps)
    out["summary_events"] = [[e[1:] for e in d if e[1] in ("summary", "session_log")] for d in digests]
    out["timelines"] = sorted(f for f in os.listdir(prof) if f.startswith("timeline"))
    out["profile_events"] = [[e for e in event_digest(tf, os.path.join(prof, f)) if e[1] == "tagged_run_metadata"]
                             for f in sorted(os.listdir(prof)) if f.startswith("events.")]
    out["final"] = {k: float(x) for k, x in final.final_ops_values.items()}
    return out
