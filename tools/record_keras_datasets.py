"""Records tests/datasets/keras_datasets_goldens.json: TensorFlow's `tf.keras.datasets` loaders (tf_keras)
run on the small synthetic files of tests/datasets/keras_synthetic.py, placed in a temporary Keras cache.

There is no network here and the synthetic files are not the published ones, so in this script only
tf_keras's hash check is replaced by one that accepts every file, and its download by one that fails: the
loaders read the cached files exactly as they would read the real ones.

    TF_USE_LEGACY_KERAS=1 /root/tfenv/bin/python tools/record_keras_datasets.py
"""

import importlib
import json
import os
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "datasets"))
import keras_synthetic

GOLDENS = os.path.join(ROOT, "tests", "datasets", "keras_datasets_goldens.json")


def main() -> None:
    home = tempfile.mkdtemp(prefix="keras-datasets-home-")
    os.environ["HOME"] = home  # before tf_keras is imported: it creates ~/.keras then
    os.environ.pop("KERAS_HOME", None)
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    from tf_keras.src import backend
    from tf_keras.src.utils import data_utils

    def no_download(url, *args, **kwargs):
        raise AssertionError(f"tried to download {url}")

    data_utils.validate_file = lambda *args, **kwargs: True
    data_utils.urlretrieve = no_download

    cache = os.path.join(home, "cache")
    keras_synthetic.write(os.path.join(cache, "datasets"))
    keras_synthetic.write(os.path.join(home, ".keras", "datasets"))  # get_word_index takes no cache_dir
    results = {}
    for case, module_name, function, kwargs in keras_synthetic.CASES:
        module = importlib.import_module(f"tf_keras.src.datasets.{module_name}")
        kwargs = dict(kwargs)
        channels_first = kwargs.pop("channels_first", False)
        if function == "load_data":
            kwargs["cache_dir"] = cache
        backend.set_image_data_format("channels_first" if channels_first else "channels_last")
        try:
            results[case] = keras_synthetic.describe(getattr(module, function)(**kwargs))
        except Exception as e:  # noqa: BLE001 - the error is the recorded result
            results[case] = keras_synthetic.describe_error(e, cache)
        finally:
            backend.set_image_data_format("channels_last")
        print(case, str(results[case])[:100])
    with open(GOLDENS, "w") as f:
        json.dump(results, f, indent=None, separators=(",", ":"), sort_keys=True)
        f.write("\n")
    print(f"wrote {GOLDENS} ({os.path.getsize(GOLDENS)} bytes)")


if __name__ == "__main__":
    main()
