"""decode_jpeg of a 224x224 photo (tests/images/fixtures/photo224.jpg), sessionflow vs TensorFlow 2.21 (compat.v1),
in the same run: the JPEG bytes are fed through a placeholder into decode_jpeg (TF's defaults: fast IDCT, fancy
upsampling) and the median of repeated Session.run calls is printed for each, with the ratio.

TF needs its own interpreter when it lacks sessionflow's codec packages: give it with --tf-python (or
TF_PYTHON); the TF side then runs in a child process from this one, on the same bytes.

    .venv/bin/python bench/bench_images.py --tf-python /path/to/tf/bin/python
"""

from __future__ import annotations

import argparse
import inspect
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PHOTO = os.path.join(ROOT, "tests", "images", "fixtures", "photo224.jpg")
REPEATS = 200


def measure(tf, path: str, repeats: int) -> float:
    """Median milliseconds of Session.run(decode_jpeg) on the file's bytes fed to a placeholder."""
    with open(path, "rb") as f:
        data = f.read()
    graph = tf.Graph()
    with graph.as_default():
        contents = tf.placeholder(tf.string, [])
        image = tf.image.decode_jpeg(contents)
        with tf.Session(graph=graph) as sess:
            for _ in range(5):
                sess.run(image, {contents: data})
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                sess.run(image, {contents: data})
                times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def _tf_ms(python: str) -> float:
    code = ("import os, statistics, time\nos.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')\n"
            + inspect.getsource(measure)
            + "import tensorflow.compat.v1 as tf\ntf.disable_eager_execution()\n"
            + f"print(measure(tf, {PHOTO!r}, {REPEATS}))\n")
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tf-python", default=os.environ.get("TF_PYTHON"),
                        help="an interpreter with TensorFlow (default: $TF_PYTHON; without it TF is not timed)")
    args = parser.parse_args()
    sys.path.insert(0, ROOT)
    import sessionflow as sf

    ours = measure(sf, PHOTO, REPEATS)
    print(f"decode_jpeg 224x224, median of {REPEATS} runs")
    print(f"  sessionflow  {ours:7.3f} ms")
    if not args.tf_python:
        print("  tensorflow   (not timed: pass --tf-python)")
        return
    theirs = _tf_ms(args.tf_python)
    print(f"  tensorflow   {theirs:7.3f} ms")
    print(f"  ratio sessionflow / TF: {ours / theirs:.2f}")


if __name__ == "__main__":
    main()
