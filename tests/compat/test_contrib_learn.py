"""tf.contrib.learn's preprocessing and datasets (sessionflow/learn), served as tf.contrib.learn.

TF 2.21 has no tf.contrib, so the expected values are derived by hand from TF 1.15's documented behaviour: the
vocabulary gives id 0 to "<UNK>" and ids from 1 in the order words are first seen; `min_frequency` keeps the
words counted more than that many times, renumbered by decreasing count (ties alphabetically); rows are cut or
zero-padded to `max_document_length`; save/restore is a pickle.
"""

from __future__ import annotations

import importlib.util
import os
import pickle

import numpy as np
import pytest
from compat_harness import PROGRAMS, assert_close, python

from sessionflow.learn import datasets, preprocessing


def test_the_default_tokenizer():
    # all-capital runs not followed by a lower-case letter, a capitalised word before a capital, else runs of
    # word characters, apostrophes and hyphens
    assert list(preprocessing.tokenizer(["NASA's CamelCase x-ray, don't HTTPServer", ""])) == [
        ["NASA", "'s", "Camel", "Case", "x-ray", "don't", "HTTP", "Server"], []]


def test_vocabulary_processor_ids_padding_and_truncation():
    processor = preprocessing.VocabularyProcessor(4)
    x = np.array(list(processor.fit_transform(["a b c a", "b d", "e f g h i"])))
    assert x.dtype == np.int64
    # first-seen ids a=1 b=2 c=3 d=4 e=5 ... i=9; "h i" are past the length of the third row
    assert x.tolist() == [[1, 2, 3, 1], [2, 4, 0, 0], [5, 6, 7, 8]]
    assert len(processor.vocabulary_) == 10  # nine words and <UNK>
    unseen = list(processor.transform(["i zz a"]))  # frozen after fit: unseen words are 0
    assert [row.tolist() for row in unseen] == [[9, 0, 1, 0]]
    assert len(processor.vocabulary_) == 10
    assert list(processor.reverse(unseen)) == ["i <UNK> a <UNK>"]
    assert processor.vocabulary_.reverse(3) == "c" and processor.vocabulary_.get("d") == 4


def test_min_frequency_keeps_words_counted_more_often_by_decreasing_count():
    processor = preprocessing.VocabularyProcessor(4, min_frequency=1)
    x = np.array(list(processor.fit_transform(["c b a a", "b a d", "e"])))
    # counts a=3 b=2 c=d=e=1: only a and b are counted more than once; a (3) comes first
    assert x.tolist() == [[0, 2, 1, 1], [2, 1, 0, 0], [0, 0, 0, 0]]
    assert len(processor.vocabulary_) == 3


def test_trim_orders_equal_counts_by_category_and_honours_max_frequency():
    vocabulary = preprocessing.CategoricalVocabulary()
    for word in ["z", "y", "z", "x", "w", "w", "w"]:
        vocabulary.add(word)
    assert [vocabulary.get(w) for w in "zyxw"] == [1, 2, 3, 4]
    vocabulary.trim(0)  # w=3, z=2, then the ties x, y in order
    assert [vocabulary.reverse(i) for i in range(5)] == ["<UNK>", "w", "z", "x", "y"]
    vocabulary.trim(0, max_frequency=3)  # w (3 times) is dropped
    assert [vocabulary.reverse(i) for i in range(4)] == ["<UNK>", "z", "x", "y"] and len(vocabulary) == 4
    vocabulary.freeze()
    assert vocabulary.get("new") == 0 and len(vocabulary) == 4
    vocabulary.freeze(False)
    assert vocabulary.get("new") == 4
    plain = preprocessing.CategoricalVocabulary(unknown_token="?", support_reverse=False)
    assert plain.get("?") == 0 and plain.get("a") == 1
    with pytest.raises(ValueError, match="support_reverse"):
        plain.reverse(1)


def test_save_and_restore_round_trip(tmp_path):
    processor = preprocessing.VocabularyProcessor(3, min_frequency=0)
    list(processor.fit_transform(["the cat", "the dog sat"]))
    path = str(tmp_path / "vocab")
    processor.save(path)
    with open(path, "rb") as f:
        assert isinstance(pickle.load(f), preprocessing.VocabularyProcessor)  # the file is a plain pickle
    restored = preprocessing.VocabularyProcessor.restore(path)
    assert restored.max_document_length == 3 and len(restored.vocabulary_) == 5
    assert [row.tolist() for row in restored.transform(["dog the bird cat"])] == [[3, 1, 0]]


def test_restore_reads_a_file_tf1_wrote(tmp_path):
    processor = preprocessing.VocabularyProcessor(3)
    list(processor.fit_transform(["the cat", "the dog sat"]))
    # TF 1.x's pickle names its classes and tokenizer by TF's module paths
    data = pickle.dumps(processor, protocol=0).replace(
        b"sessionflow.learn.preprocessing.", b"tensorflow.contrib.learn.python.learn.preprocessing.")
    assert b"sessionflow" not in data
    (tmp_path / "vocab").write_bytes(data)
    restored = preprocessing.VocabularyProcessor.restore(str(tmp_path / "vocab"))
    assert type(restored) is preprocessing.VocabularyProcessor
    assert [row.tolist() for row in restored.transform(["sat on the cat"])] == [[4, 0, 1]]


def test_custom_tokenizer_fn_and_a_given_vocabulary():
    vocabulary = preprocessing.CategoricalVocabulary()
    processor = preprocessing.VocabularyProcessor(
        3, vocabulary=vocabulary, tokenizer_fn=lambda docs: (list(doc) for doc in docs))
    assert [row.tolist() for row in processor.fit_transform(["abca", "d"])] == [[1, 2, 3], [4, 0, 0]]
    assert processor.vocabulary_ is vocabulary


def test_byte_processor():
    processor = preprocessing.ByteProcessor(4)
    rows = list(processor.fit_transform(["h\u00e9llo", b"ab"]))
    assert [row.dtype for row in rows] == [np.uint8, np.uint8]
    assert [row.tolist() for row in rows] == [[104, 195, 169, 108], [97, 98, 0, 0]]
    assert list(processor.reverse(rows)) == ["h\u00e9l", "ab"]
    assert list(processor.reverse([np.array([195, 0, 0, 0], np.uint8)])) == [""]  # a cut character


def test_categorical_processor():
    x = [["a", "x"], ["b", float("nan")], ["a", "y"]]
    processor = preprocessing.CategoricalProcessor()
    assert [row.tolist() for row in processor.fit_transform(x)] == [[1, 1], [2, 0], [1, 2]]
    assert [row.tolist() for row in processor.transform([["c", "y"]])] == [[0, 2]]
    shared = preprocessing.CategoricalProcessor(share=True)
    assert [row.tolist() for row in shared.fit_transform(x)] == [[1, 2], [3, 0], [1, 4]]
    assert shared.vocabularies_[0] is shared.vocabularies_[1]
    frequent = preprocessing.CategoricalProcessor(min_frequency=1)
    assert [row.tolist() for row in frequent.fit_transform(x)] == [[1, 0], [0, 0], [1, 0]]


def test_csv_loaders(tmp_path):
    path = tmp_path / "iris_training.csv"
    path.write_text("3,2,setosa,versicolor\n1.5,2.0,0\n3.0,4.0,1\n5.0,6.5,2\n")
    found = datasets.base.load_csv_with_header(str(path), target_dtype=np.int32, features_dtype=np.float32)
    assert found.data.dtype == np.float32 and found.data.tolist() == [[1.5, 2.0], [3.0, 4.0], [5.0, 6.5]]
    assert found.target.dtype == np.int32 and found.target.tolist() == [0, 1, 2]
    path.write_text("7,1.5,2.0\n8,3.0,4.0\n")
    found = datasets.base.load_csv_without_header(str(path), target_dtype=np.int64, features_dtype=np.float64,
                                                  target_column=0)
    assert found.data.tolist() == [[1.5, 2.0], [3.0, 4.0]] and found.target.tolist() == [7, 8]
    assert datasets.base.Dataset._fields == ("data", "target")


def test_load_dataset(monkeypatch):
    from sessionflow.datasets import mnist

    monkeypatch.setattr(mnist, "read_data_sets", lambda train_dir: ("read", train_dir))
    assert datasets.load_dataset("mnist") == ("read", "MNIST-data")  # TF 1.x's folder
    with pytest.raises(ValueError, match="Name of dataset is not found: cifar"):
        datasets.load_dataset("cifar")
    with pytest.raises(NotImplementedError, match=r"load_dataset\('iris'\) is a TensorFlow 1.x API"):
        datasets.load_dataset("iris")


def test_tf1_module_paths_under_the_alias(tmp_path):
    (tmp_path / "script.py").write_text("""
import tensorflow as tf
from tensorflow.contrib import learn
from tensorflow.contrib.learn import preprocessing
from tensorflow.contrib.learn.python.learn.preprocessing import text
import tensorflow.contrib.learn.python.learn.preprocessing.categorical_vocabulary as cv
from tensorflow.contrib.learn.python.learn.datasets import base
from tensorflow.contrib.learn.datasets import mnist
from tensorflow.contrib.learn.python.learn.datasets import mnist as mnist_2
import tensorflow.contrib.learn.datasets.mnist
from tensorflow.examples.tutorials.mnist import input_data
print(learn is tf.contrib.learn, preprocessing is learn.preprocessing,
      text.VocabularyProcessor is tf.contrib.learn.preprocessing.VocabularyProcessor,
      cv.CategoricalVocabulary is learn.preprocessing.CategoricalVocabulary, base is learn.datasets.base,
      mnist is mnist_2 is input_data is tensorflow.contrib.learn.datasets.mnist,
      tf.contrib.learn.datasets.mnist.read_data_sets is input_data.read_data_sets, base.Datasets is mnist.Datasets)
try:
    learn.DNNClassifier
except AttributeError as e:
    print(e)
""")
    done = python("-m", "sessionflow", "run", "script.py", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "True True True True True True True True",
        ("module 'tensorflow.contrib.learn' has no attribute 'DNNClassifier': tf.contrib.learn.DNNClassifier is a "
         "TensorFlow 1.x API that sessionflow does not provide yet (see README: Not supported yet)")]


# TF 2.21's output for text_cnn_program.py, run there with TF 1.15's VocabularyProcessor (the same ids): the
# losses of the 9 training steps and the 2 dev evaluations, and the restored model's predictions and scores.
TF_TRAIN_LOSSES = [1.135758, 0.816967, 0.5267, 1.100661, 0.693792, 0.648969, 0.748222, 0.775252, 0.901781]
TF_DEV_LOSSES = [0.812353, 0.809754]
TF_SCORES = [[0.118118, 0.559396], [0.244548, 0.316441]]
TF_VARIABLES = [
    'W/Adam:0', 'W/Adam_1:0', 'W:0', 'beta1_power:0', 'beta2_power:0', 'conv-maxpool-2/W/Adam:0',
    'conv-maxpool-2/W/Adam_1:0', 'conv-maxpool-2/W:0', 'conv-maxpool-2/b/Adam:0', 'conv-maxpool-2/b/Adam_1:0',
    'conv-maxpool-2/b:0', 'conv-maxpool-3/W/Adam:0', 'conv-maxpool-3/W/Adam_1:0', 'conv-maxpool-3/W:0',
    'conv-maxpool-3/b/Adam:0', 'conv-maxpool-3/b/Adam_1:0', 'conv-maxpool-3/b:0', 'embedding/W/Adam:0',
    'embedding/W/Adam_1:0', 'embedding/W:0', 'global_step:0', 'output/b/Adam:0', 'output/b/Adam_1:0', 'output/b:0',
]


@pytest.mark.skipif(importlib.util.find_spec("tf_slim") is None,
                    reason="the program's xavier_initializer is tf.contrib.layers': the optional extra `contrib`")
def test_the_text_cnn_program_end_to_end(tmp_path):
    done = python("-m", "sessionflow", "run", os.path.join(PROGRAMS, "text_cnn_program.py"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    import json

    found = json.loads(done.stdout.splitlines()[-1])
    # clean_str's words in first-seen order; the longest review (10 words) sets the length
    assert found["x"][:3] == [[1, 2, 3, 4, 5, 6, 7, 8, 9, 0], [10, 11, 12, 13, 14, 15, 16, 17, 0, 0],
                              [18, 19, 8, 1, 20, 21, 0, 0, 0, 0]]
    assert found["x"][10] == [50, 50, 50, 0, 0, 0, 0, 0, 0, 0]  # "boring , boring , boring"
    assert found["vocabulary_size"] == 67
    assert found["x_test"] == [[1, 7, 8, 9, 4, 0, 0, 0, 0, 0], [50, 0, 0, 0, 0, 0, 0, 0, 0, 0]]
    assert_close(found["train_losses"], TF_TRAIN_LOSSES, tol=2e-5)
    assert_close(found["dev_losses"], TF_DEV_LOSSES, tol=2e-5)
    assert found["predictions"] == [1, 1]
    assert_close(found["scores"], TF_SCORES, tol=2e-5)
    assert found["variables"] == TF_VARIABLES
