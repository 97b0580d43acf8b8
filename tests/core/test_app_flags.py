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


MORE = '''
import sys
import tensorflow.compat.v1 as tf
f = tf.app.flags
f.DEFINE_multi_string("s", None, "s")
f.DEFINE_multi_integer("i", 3, "i", lower_bound=0)
f.DEFINE_multi_float("fl", [1.5, 2.5], "f")
f.DEFINE_multi_enum("e", ["a"], ["a", "b"], "e")
f.DEFINE_spaceseplist("sp", "x y", "sp")
f.DEFINE_list("l", "a, b", "l")
f.DEFINE_integer("n", 4, "n", lower_bound=1)
f.DEFINE_float("x", 1, "x", upper_bound=2)
f.DEFINE_integer("m", 4, "m", lower_bound=2, upper_bound=5)
f.DEFINE_boolean("b", False, "b")
f.DEFINE_alias("num", "n")
FLAGS = f.FLAGS
print(FLAGS.is_parsed())
rest = FLAGS(["prog", "--s=a,b", "--s", "c", "--e=b", "--e=a", "--num=7", "--sp=p  q", "pos"])
print(rest, FLAGS.is_parsed())
print(FLAGS.s, FLAGS.i, FLAGS.fl, FLAGS.e, FLAGS.sp, FLAGS.l, FLAGS.n, FLAGS.num, repr(FLAGS.x))
print(FLAGS["n"].value, FLAGS["n"].default, FLAGS["n"].present, FLAGS["i"].present)
for bad in (["p", "--i=-1"], ["p", "--e=c"], ["p", "--n=0"], ["p", "--n=many"], ["p", "--x=3"], ["p", "--b=maybe"],
            ["p", "--zz=1"], ["p", "--n"], ["p", "--m=9"], ["p", "--nob=1"]):
    try:
        FLAGS(bad)
        print("parsed", bad)
    except Exception as ex:
        print(type(ex).__name__, "|", ex, isinstance(ex, f.Error))
for define in (lambda: f.DEFINE_integer("n", 4, "n"), lambda: f.DEFINE_integer("q", 0, "q", lower_bound=1)):
    try:
        define()
    except f.Error as ex:
        print(type(ex).__name__, "|", str(ex).split(" First from")[0])
FLAGS.unparse_flags()
sys.argv = ["prog", "-f", "kernel.json"]
try:
    FLAGS.n
except f.UnrecognizedFlagError as ex:
    print("implicit parse:", ex)
'''

# What TensorFlow 2.21 (absl.flags under tf.app.flags) prints for MORE.
MORE_TF = """False
['prog', 'pos'] True
['a,b', 'c'] [3] [1.5, 2.5] ['b', 'a'] ['p', 'q'] ['a', 'b'] 7 7 1.0
7 4 1 0
IllegalFlagValueError | flag --i=-1: -1 is not a non-negative integer True
IllegalFlagValueError | flag --e=c: value should be one of <a|b> True
IllegalFlagValueError | flag --n=0: 0 is not a positive integer True
IllegalFlagValueError | flag --n=many: invalid literal for int() with base 10: 'many' True
IllegalFlagValueError | flag --x=3: 3.0 is not number <= 2 True
IllegalFlagValueError | flag --b=maybe: ('Non-boolean argument to boolean flag', 'maybe') True
UnrecognizedFlagError | Unknown command line flag 'zz' True
Error | Missing value for flag --n True
IllegalFlagValueError | flag --m=9: 9 is not an integer in the range [2, 5] True
ValueError | --nob=1 does not take an argument False
DuplicateFlagError | The flag 'n' is defined twice.
IllegalFlagValueError | flag --q=0: 0 is not a positive integer
implicit parse: Unknown command line flag 'f'
"""


def test_multi_alias_bounded_flags_and_absl_errors(tmp_path):
    script = tmp_path / "more_flags.py"
    script.write_text(MORE)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([ROOT, os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-m", "sessionflow", "run", str(script)], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == MORE_TF


def test_app_run_shows_info_logs_and_raises_flag_errors(tmp_path):
    script = tmp_path / "run_flags.py"
    script.write_text('''
import tensorflow.compat.v1 as tf
tf.app.flags.DEFINE_integer("steps", 3, "steps", lower_bound=1)
def main(argv):
    print("verbosity", tf.logging.get_verbosity(), tf.app.flags.FLAGS.steps, argv[1:])
    tf.logging.info("info in main")
tf.app.run(main)
''')
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([ROOT, os.environ.get("PYTHONPATH", "")]))
    run = lambda *args: subprocess.run([sys.executable, "-m", "sessionflow", "run", str(script), *args],  # noqa: E731
                                       capture_output=True, text=True, env=env, timeout=60)
    done = run("--steps=2", "--other=1", "y")
    # TF 2.21: absl's app sets the root logger to INFO once flags are parsed
    assert done.returncode == 0 and done.stdout == "verbosity 20 2 ['--other=1', 'y']\n", done.stderr
    assert "INFO:tensorflow:info in main" in done.stderr.splitlines()
    done = run("--steps=0")
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1].endswith("IllegalFlagValueError: flag --steps=0: 0 is not a positive integer")
