"""tf.logging is TF's `tensorflow` logger: `LEVEL:tensorflow:message` lines on stderr from its first use,
verbosity shared with tf.get_logger(), and TF 1.x's log_every_n / log_first_n / log_if / vlog.

Each case runs a script in a fresh interpreter (pytest configures the root logger, and TF only adds its
handler where the root logger has none); the expected lines are what TensorFlow 2.21 prints for it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _run(tmp_path, source):
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(source))
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO_ROOT + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "sessionflow", "run", str(script)], cwd=str(tmp_path), env=env,
                          capture_output=True, text=True, timeout=60, check=False)


def test_tf_logging_prints_tf_lines_at_the_chosen_verbosity(tmp_path):
    done = _run(tmp_path, """
        import tensorflow.compat.v1 as tf
        print(tf.logging.get_verbosity())
        tf.logging.warning("w %d", 1)
        tf.logging.info("hidden")
        tf.logging.set_verbosity(tf.logging.INFO)
        tf.logging.info("shown %s", "x")
        for i in range(5):
            tf.logging.log_every_n(tf.logging.INFO, "every %d", 2, i)
        for i in range(5):
            tf.logging.log_first_n(tf.logging.WARN, "first %d", 2, i)  # shares the top level's count: silent
        def helper(i):
            tf.logging.log_first_n(tf.logging.WARN, "helper %d", 9, i)
        helper(0)
        tf.logging.log_if(tf.logging.ERROR, "if %s", False, 1)
        tf.logging.vlog(tf.logging.ERROR, "v")
        tf.logging.TaskLevelStatusMessage("status")
        tf.get_logger().setLevel(tf.logging.ERROR)
        tf.logging.warning("gone")
        print(tf.logging.get_verbosity())
        try:
            tf.logging.flush()
        except NotImplementedError:
            print("flush: NotImplementedError")
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["30", "40", "flush: NotImplementedError"]
    assert done.stderr.splitlines() == [
        "WARNING:tensorflow:w 1",
        "INFO:tensorflow:shown x",
        "INFO:tensorflow:every 0",
        "INFO:tensorflow:every 2",
        "INFO:tensorflow:every 4",
        "ERROR:tensorflow:v",
        "ERROR:tensorflow:status",
    ]


def test_hooks_log_through_tf_logging(tmp_path):
    done = _run(tmp_path, """
        import tensorflow.compat.v1 as tf
        tf.logging.set_verbosity(tf.logging.INFO)
        step = tf.train.get_or_create_global_step()
        train = tf.assign_add(step, 1)
        hooks = [tf.train.StopAtStepHook(last_step=3),
                 tf.train.LoggingTensorHook({"step": step}, every_n_iter=2)]
        with tf.train.MonitoredTrainingSession(hooks=hooks) as sess:
            while not sess.should_stop():
                sess.run(train)
    """)
    assert done.returncode == 0, done.stderr
    lines = [line.split(" (")[0] for line in done.stderr.splitlines()]
    assert lines == [
        "INFO:tensorflow:Graph was finalized.",
        "INFO:tensorflow:Running local_init_op.",
        "INFO:tensorflow:Done running local_init_op.",
        "INFO:tensorflow:step = 1",
        "INFO:tensorflow:step = 3",
    ]


def test_a_configured_root_logger_gets_the_lines_instead(tmp_path):
    done = _run(tmp_path, """
        import logging, sys
        logging.basicConfig(stream=sys.stdout, format="root|%(name)s|%(message)s")
        import tensorflow.compat.v1 as tf
        tf.logging.warning("once")
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["root|tensorflow|once"] and done.stderr == ""


def test_saver_restore_says_what_it_restores(tmp_path, caplog):
    import logging

    import sessionflow as tf

    with tf.Graph().as_default():
        v = tf.Variable(2.0, name="v")
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(v.initializer)
            path = saver.save(sess, str(tmp_path / "model"))
            with caplog.at_level(logging.INFO, logger="tensorflow"):
                saver.restore(sess, path)
    # TF 2.21 logs INFO:tensorflow:Restoring parameters from <prefix>
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("tensorflow", "INFO", f"Restoring parameters from {path}")]
