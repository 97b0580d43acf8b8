"""tf.contrib.training.HParams and parse_values as TF 1.15 had them (TF 2.21 dropped tf.contrib; the expected
values and messages are TF 1.15's documented behaviour: its typed casts, `name=value` grammar and errors)."""

import os
import subprocess
import sys

import pytest

import sessionflow as tf


def make():
    return tf.contrib.training.HParams(learning_rate=0.1, num_hidden_units=100, activations=["relu", "tanh"],
                                       use_bn=True, name="m", opt=None)


def test_parse_casts_to_each_hyperparameters_type():
    hp = make().parse("learning_rate=0.3,num_hidden_units=7,activations=[relu,sigmoid],use_bn=false")
    assert (hp.learning_rate, hp.num_hidden_units, hp.activations, hp.use_bn) == (0.3, 7, ["relu", "sigmoid"], False)
    assert str(hp) == ("learning_rate=0.3,num_hidden_units=7,activations=['relu', 'sigmoid'],use_bn=False,name=m,"
                       "opt=None")
    assert repr(hp) == ("HParams([('activations', ['relu', 'sigmoid']), ('learning_rate', 0.3), ('name', 'm'), "
                        "('num_hidden_units', 7), ('opt', None), ('use_bn', False)])")
    assert hp.to_json(sort_keys=True) == ('{"activations": ["relu", "sigmoid"], "learning_rate": 0.3, "name": "m", '
                                          '"num_hidden_units": 7, "opt": null, "use_bn": false}')
    hp.set_hparam("learning_rate", 2)  # an int becomes the float it replaces
    assert hp.learning_rate == 2.0 and isinstance(hp.learning_rate, float)
    hp.set_hparam("opt", "adam")  # a hyperparameter first given as None takes any value
    assert hp.opt == "adam"
    hp.add_hparam("dropout", 0.5)
    hp.parse_json('{"dropout": 0.25}')
    assert hp.dropout == 0.25 and "dropout" in hp and hp.get("nope", 3) == 3
    assert tf.contrib.training.parse_values("a=1,b=[2, 3],c[1]=4", {"a": int, "b": int, "c": float}) == {
        "a": 1, "b": [2, 3], "c": {1: 4.0}}
    assert tf.contrib.training.parse_values("use=1,x=2", {"use": bool}, ignore_unknown=True) == {"use": True}


@pytest.mark.parametrize("values, message", [
    ("num_hidden_units=0.5", "Could not parse hparam 'num_hidden_units' of type 'int' with value '0.5' in "
                             "num_hidden_units=0.5"),
    ("foo=1", "Unknown hyperparameter type for foo"),
    ("use_bn=x", "Could not parse hparam 'use_bn' of type 'bool' with value 'x' in use_bn=x"),
    ("num_hidden_units=1,num_hidden_units=2", "Multiple assignments to variable 'num_hidden_units' in "
                                              "num_hidden_units=1,num_hidden_units=2"),
    ("a b", "Malformed hyperparameter value: a b"),
])
def test_parse_errors(values, message):
    with pytest.raises(ValueError) as e:
        make().parse(values)
    assert str(e.value) == message


def test_set_add_and_get_errors():
    hp = make()
    cases = [
        (lambda: hp.set_hparam("num_hidden_units", 1.5),
         "Could not cast hparam 'num_hidden_units' of type '<class 'int'>' from value 1.5"),
        (lambda: hp.set_hparam("learning_rate", "0.1"),
         "Could not cast hparam 'learning_rate' of type '<class 'float'>' from value '0.1'"),
        (lambda: hp.set_hparam("use_bn", 1), "Could not cast hparam 'use_bn' of type '<class 'bool'>' from value 1"),
        (lambda: hp.set_hparam("activations", "relu"), "Must pass a list for multi-valued parameter: activations."),
        (lambda: hp.set_hparam("use_bn", [True]), "Must not pass a list for single-valued parameter: use_bn"),
        (lambda: hp.add_hparam("values", 1), "Hyperparameter name is reserved: values"),
        (lambda: hp.add_hparam("layers", []), "Multi-valued hyperparameters cannot be empty: layers"),
        (lambda: hp.get("num_hidden_units", "x"),
         "Hparam 'num_hidden_units' of type '<class 'int'>' is incompatible with default=x. Could not cast hparam "
         "'num_hidden_units' of type '<class 'int'>' from value 'x'"),
    ]
    for call, message in cases:
        with pytest.raises(ValueError) as e:
            call()
        assert str(e.value) == message


def test_tf1_import_paths_under_the_alias(tmp_path):
    (tmp_path / "script.py").write_text(
        "import tensorflow as tf\n"
        "from tensorflow.contrib.training import HParams\n"
        "from tensorflow.contrib.training.python.training import hparam\n"
        "from tensorflow.contrib.training.python.training.hparam import parse_values\n"
        "print(HParams is hparam.HParams is tf.contrib.training.HParams, parse_values is hparam.parse_values)\n"
        "try:\n"
        "    tf.contrib.training.batch_sequences_with_states\n"
        "except AttributeError as e:\n"
        "    print(e)\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [os.path.dirname(os.path.dirname(tf.__file__)),
                                                                      os.environ.get("PYTHONPATH")])))
    done = subprocess.run([sys.executable, "-m", "sessionflow", "run", "script.py"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "True True",
        "module 'tensorflow.contrib.training' has no attribute 'batch_sequences_with_states': "
        "tf.contrib.training.batch_sequences_with_states is a TensorFlow 1.x API that sessionflow does not provide "
        "yet (see README: Not supported yet)"]
