"""The TF1 tutorials' MNIST programs run unmodified under `sessionflow run` on a small synthetic MNIST folder, and
every TF path to the loader resolves to it (while the rest of tf.contrib and tf.keras still says it is missing)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from idx_files import FILES, write_mnist

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NOT_YET = "is a TensorFlow 1.x API that sessionflow does not provide yet (see README: Not supported yet)"

# "MNIST For ML Beginners", as the TF 1.x tutorial wrote it.
BEGINNERS = """\
from tensorflow.examples.tutorials.mnist import input_data
mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)

import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 784])
W = tf.Variable(tf.zeros([784, 10]))
b = tf.Variable(tf.zeros([10]))
y = tf.nn.softmax(tf.matmul(x, W) + b)
y_ = tf.placeholder(tf.float32, [None, 10])
cross_entropy = tf.reduce_mean(-tf.reduce_sum(y_ * tf.log(y), reduction_indices=[1]))
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)

sess = tf.InteractiveSession()
tf.global_variables_initializer().run()
for _ in range(1000):
  batch_xs, batch_ys = mnist.train.next_batch(100)
  sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})

correct_prediction = tf.equal(tf.argmax(y,1), tf.argmax(y_,1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
print(sess.run(accuracy, feed_dict={x: mnist.test.images, y_: mnist.test.labels}))
"""

# tensorflow/examples/tutorials/mnist/mnist_softmax.py of TF 1.x (flags, tf.app.run, logits loss).
SOFTMAX = """\
import argparse
import sys

from tensorflow.examples.tutorials.mnist import input_data

import tensorflow as tf

FLAGS = None


def main(_):
  mnist = input_data.read_data_sets(FLAGS.data_dir, one_hot=True)
  x = tf.placeholder(tf.float32, [None, 784])
  W = tf.Variable(tf.zeros([784, 10]))
  b = tf.Variable(tf.zeros([10]))
  y = tf.matmul(x, W) + b
  y_ = tf.placeholder(tf.float32, [None, 10])
  cross_entropy = tf.reduce_mean(
      tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
  train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)

  sess = tf.InteractiveSession()
  tf.global_variables_initializer().run()
  for _ in range(1000):
    batch_xs, batch_ys = mnist.train.next_batch(100)
    sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})

  correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
  accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
  print(sess.run(accuracy, feed_dict={x: mnist.test.images,
                                      y_: mnist.test.labels}))
  print(mnist.train.epochs_completed)

if __name__ == '__main__':
  parser = argparse.ArgumentParser()
  parser.add_argument('--data_dir', type=str, default='/tmp/tensorflow/mnist/input_data',
                      help='Directory for storing input data')
  FLAGS, unparsed = parser.parse_known_args()
  tf.app.run(main=main, argv=[sys.argv[0]] + unparsed)
"""

PATHS = """\
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data
import tensorflow.examples.tutorials.mnist.input_data as input_data_2
from tensorflow.contrib.learn.python.learn.datasets.mnist import read_data_sets, DataSet
from tensorflow.contrib.learn.python.learn.datasets import mnist as contrib_mnist
import tensorflow.contrib.learn.datasets.mnist
from tensorflow.contrib.learn.datasets import mnist as contrib_mnist_2
from tensorflow.keras.datasets import mnist as keras_mnist
import tensorflow.compat.v1 as tf1
print(input_data_2 is input_data, contrib_mnist is input_data, contrib_mnist_2 is input_data,
      read_data_sets is input_data.read_data_sets, DataSet is input_data.DataSet,
      keras_mnist.load_data is tf.keras.datasets.mnist.load_data is tf1.keras.datasets.mnist.load_data,
      tf.keras.datasets.cifar10.load_data is tf1.keras.datasets.cifar10.load_data)
for expr in ("tf.contrib.keras", "tf.keras.callbacks.RemoteMonitor"):
    try:
        eval(expr)
    except AttributeError as e:
        print(e)
for module in ("tensorflow.contrib.keras",):
    try:
        __import__(module)
    except ImportError as e:
        print(e)
"""


def run(script: str, folder, *args) -> subprocess.CompletedProcess:
    (folder / "script.py").write_text(script)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([ROOT, os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-m", "sessionflow", "run", "script.py", *args], capture_output=True,
                          text=True, cwd=folder, env=env, timeout=300, check=False)


@pytest.mark.parametrize("program, args", [(BEGINNERS, ()), (SOFTMAX, ("--data_dir", "MNIST_data/"))],
                         ids=["beginners", "mnist_softmax"])
def test_the_tutorial_trains_on_a_synthetic_folder(tmp_path, program, args):
    write_mnist(tmp_path / "MNIST_data", train=5600, test=300)  # 5000 go to validation, as TF's default
    done = run(program, tmp_path, *args)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:4] == [f"Extracting MNIST_data/{name}" for name in FILES]
    assert float(lines[4]) >= 0.95, done.stdout  # the synthetic digits are easy: it learned
    if program is SOFTMAX:
        assert lines[5] == str(1000 * 100 // 600)  # 100,000 examples taken from 600: 166 epochs completed
    assert done.stderr == ""


def test_every_tf_path_to_the_loader(tmp_path):
    done = run(PATHS, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "True True True True True True True",
        f"module 'tensorflow.contrib' has no attribute 'keras': tf.contrib.keras {NOT_YET}",
        f"module 'tensorflow.keras.callbacks' has no attribute 'RemoteMonitor': "
        f"tf.keras.callbacks.RemoteMonitor {NOT_YET}",
        f"No module named 'tensorflow.contrib.keras': tf.contrib.keras {NOT_YET}",
    ]


def test_a_missing_folder_offline_fails_with_the_message(tmp_path):
    script = ("import urllib.request\n"
              "def offline(*args, **kwargs):\n"
              "    raise OSError('Network is unreachable')\n"
              "urllib.request.urlopen = offline\n" + BEGINNERS)
    done = run(script, tmp_path)
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert re.fullmatch(r"sessionflow\.datasets\.download\.DownloadError: Could not download https://\S+/"
                        r"train-images-idx3-ubyte\.gz: Network is unreachable\. read_data_sets reads the four MNIST "
                        r"files .* and all four are missing there\. Without a network, download them from \S+ "
                        rf"elsewhere and put them in {re.escape(str(tmp_path / 'MNIST_data'))}\.", last), last
    assert not os.path.exists(tmp_path / "MNIST_data") or os.listdir(tmp_path / "MNIST_data") == []
