"""The optimizer a canned estimator trains with: an instance, a callable making one, or one of TF's names."""

from __future__ import annotations


def _classes():
    from ...train import optimizers

    return {"Adagrad": optimizers.AdagradOptimizer, "Adam": optimizers.AdamOptimizer,
            "Ftrl": optimizers.FtrlOptimizer, "RMSProp": optimizers.RMSPropOptimizer,
            "SGD": optimizers.GradientDescentOptimizer}


def get_optimizer_instance(opt, learning_rate=None):
    """`opt` as a tf.train.Optimizer: a name ('Adagrad', 'Adam', 'Ftrl', 'RMSProp', 'SGD') made with
    `learning_rate`, a callable called, or an instance as it is."""
    from ...train.optimizer import Optimizer

    if isinstance(opt, str):
        classes = _classes()
        if opt in classes:
            if not learning_rate:
                raise ValueError("learning_rate must be specified when opt is string.")
            return classes[opt](learning_rate=learning_rate)
        raise ValueError(f"Unsupported optimizer name: {opt}. Supported names are: {tuple(sorted(classes))}")
    if callable(opt):
        opt = opt()
    if not isinstance(opt, Optimizer):
        raise ValueError(f"The given object is not an Optimizer instance. Given: {opt}")
    return opt
