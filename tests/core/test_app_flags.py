"""tf.app.run and tf.app.flags / tf.flags, as TF1 scripts use them (run through `sessionflow run`)."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SCRIPT = '''
import tensorflow as tf
flags = tf.app.flags
flags.DEFINE_integer("steps", 3, "number of steps")
flags.DEFINE_float("lr", 0.5, "learning rate")
flags.DEFINE_boolean("verbose", False, "talk")
flags.DEFINE_string("name", "x", "a name")
flags.DEFINE_enum("mode", "train", ["train", "eval"], "what to do")
FLAGS = flags.FLAGS

def main(argv):
    print(FLAGS.steps, FLAGS.lr, FLAGS.verbose, FLAGS.name, FLAGS.mode, argv[1:])
    return 3

if __name__ == "__main__":
    tf.app.run()
'''


def _run(tmp_path, *args):
    script = tmp_path / "flags_script.py"
    script.write_text(SCRIPT)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([ROOT, os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-m", "sessionflow", "run", str(script), *args], capture_output=True,
                          text=True, env=env, timeout=60)


def test_flags_parse_and_main_return_value_is_the_exit_status(tmp_path):
    done = _run(tmp_path, "--steps=7", "--lr", "0.1", "--verbose", "--mode=eval", "extra")
    assert done.stdout.strip() == "7 0.1 True x eval ['extra']"
    assert done.returncode == 3


def test_defaults_and_negated_booleans(tmp_path):
    done = _run(tmp_path, "--noverbose", "--name=abc")
    assert done.stdout.strip() == "3 0.5 False abc train []"


def test_bad_flag_values_fail_clearly(tmp_path):
    done = _run(tmp_path, "--steps=many")
    assert done.returncode != 0 and "--steps=many" in (done.stderr + done.stdout)
    done = _run(tmp_path, "--mode=dance")
    assert done.returncode != 0 and "train|eval" in (done.stderr + done.stdout)
