"""Record the TFRecord goldens from real TensorFlow.

Usage (with the Python of a venv that has TensorFlow installed; sessionflow never imports it):

    /root/tfenv/bin/python tools/record_tfrecord.py

Writes, under tests/io/fixtures/tfrecord/:

* ``<name>.tfrecord`` for each case of tests/io/tfrecord_cases.WRITES: the file TF's ``tf.io.TFRecordWriter``
  wrote for those records, options and flushes (tests/io/test_tfrecord.py writes the same with sessionflow
  and compares the bytes, and reads these back);
* ``reading.json``: for each damaged file of ``tfrecord_cases.damaged``, what ``tf.io.tf_record_iterator``
  returned: the records it yielded (their lengths) and the error it ended with (class and message).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow.compat.v1 as tf

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "io" / "fixtures" / "tfrecord"
sys.path.insert(0, str(ROOT / "tests" / "io"))
from tfrecord_cases import WRITES, damaged


def _write_fixtures() -> dict:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, (options, steps) in WRITES.items():
        path = FIXTURES / f"{name}.tfrecord"
        with tf.io.TFRecordWriter(str(path), tf.io.TFRecordOptions(**options)) as writer:
            for step in steps:
                if step == "flush":
                    writer.flush()
                else:
                    writer.write(step)
        files[name] = path.read_bytes()
    return files


def _read(path: str, compression: str) -> dict:
    lengths = []
    try:
        for record in tf.io.tf_record_iterator(path, tf.io.TFRecordOptions(compression)):
            lengths.append(len(record))
    except tf.errors.OpError as error:
        return {"lengths": lengths, "error": [type(error).__name__, error.message]}
    return {"lengths": lengths, "error": None}


def main() -> None:
    files = _write_fixtures()
    reading = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "damaged.tfrecord")
        for name, (compression, data) in damaged(files).items():
            with open(path, "wb") as f:
                f.write(data)
            reading[name] = _read(path, compression)
    (FIXTURES / "reading.json").write_text(json.dumps(reading, indent=0, sort_keys=True) + "\n")
    print(f"wrote {len(files)} files and {len(reading)} readings under {FIXTURES}")


if __name__ == "__main__":
    main()
