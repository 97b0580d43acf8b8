"""A TF1 program of tf.distributions, run by tools/record_distributions.py on TensorFlow and by
tests/test_distributions.py on sessionflow: every method of each distribution on a few parameter sets, seeded
samples (graph seed, op seed, both), KL divergences, reparameterized gradients and the errors of invalid arguments
with validate_args=True. Returns plain (JSON) values; an error is [class, first line of its message]."""

from __future__ import annotations

import numpy as np

F32 = np.float32

# (class name, constructor kwargs, values to evaluate the distribution at)
CASES = [
    ("Normal", dict(loc=[0.0, 1.5, -2.0], scale=[1.0, 0.5, 3.0]), [[-1.0, 1.5, 20.0], [0.3, -9.0, -2.0]]),
    ("Normal", dict(loc=F32(0.25), scale=[[2.0], [0.1]]), [-0.5, 0.25, 7.0]),
    ("Normal", dict(loc=np.array([1.0, -1.0]), scale=np.array(2.0)), [[0.0, -30.0]]),
    ("Laplace", dict(loc=[0.0, 2.0], scale=[1.0, 0.25]), [[-1.0, 2.5], [3.0, -40.0]]),
    ("Uniform", dict(low=[0.0, -1.0], high=[1.0, 3.0]), [[-0.5, 0.0], [0.5, 2.9], [1.0, 3.0]]),
    ("Uniform", dict(), [0.1, 0.9]),
    ("Gamma", dict(concentration=[0.5, 1.0, 3.0], rate=[1.0, 2.0, 0.5]), [[0.1, 1.0, 7.0]]),
    ("Exponential", dict(rate=[0.5, 2.0]), [[0.1, 1.0], [3.0, 0.0]]),
    ("StudentT", dict(df=[0.5, 1.5, 3.0, 10.0], loc=[0.0, 1.0, -1.0, 2.0], scale=[1.0, 2.0, 0.5, 1.0]),
     [[0.5, 1.0, -3.0, 2.5]]),
    ("Beta", dict(concentration1=[0.5, 2.0, 3.0], concentration0=[[1.0], [4.0]]), [[0.2, 0.5, 0.99]]),
    ("Bernoulli", dict(probs=[0.2, 0.5, 0.9]), [[0, 1, 1], [1, 0, 0]]),
    ("Bernoulli", dict(logits=[[-1.0], [2.0]]), [0, 1]),
    ("Categorical", dict(logits=[[1.0, 2.0, 3.0], [0.0, 0.0, -1.0]]), [[0, 2], [1, 1]]),
    ("Categorical", dict(probs=[0.1, 0.6, 0.3]), [[0, 1, 2]]),
    ("Categorical", dict(logits=np.zeros((2, 2, 4)), dtype="int64"), [[[3, 0], [1, 2]]]),
    ("StudentT", dict(df=[0.5, 1.5, 3.0, 10.0], loc=[0.0, 1.0, -1.0, 2.0], scale=[1.0, -2.0, 0.5, 1.0]),
     [0.5, 1.0, -3.0, 2.5]),
    ("Beta", dict(concentration1=[0.5, 2.0, 3.0], concentration0=[1.0, 4.0, 0.5]), [0.2, 0.5, 0.99]),
    ("Gamma", dict(concentration=[[0.5], [4.0]], rate=[1.0, 2.0]), [0.0, 3.0]),
    ("Dirichlet", dict(concentration=[[1.0, 2.0, 3.0], [0.5, 0.5, 4.0]]), [[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]),
    ("Dirichlet", dict(concentration=np.array([2.0, 3.0])), [[0.4, 0.6]]),
    ("DirichletMultinomial", dict(total_count=4.0, concentration=[[1.0, 2.0, 3.0], [0.3, 0.3, 0.3]]),
     [[1.0, 1.0, 2.0], [0.0, 4.0, 0.0]]),
    ("DirichletMultinomial", dict(total_count=[[4.0], [6.0]], concentration=[1.0, 2.0, 3.0]), [[1.0, 1.0, 2.0]]),
    # Multinomial last: its map_fn adds a different number of ops to the graph than TF's while_v2, which would
    # shift the op-count seeds of the seed-less samples after it.
    ("Multinomial", dict(total_count=5.0, probs=[[0.2, 0.3, 0.5], [0.6, 0.2, 0.2]]),
     [[1.0, 2.0, 2.0], [5.0, 0.0, 0.0]]),
    ("Multinomial", dict(total_count=[3.0, 4.0], logits=[0.0, 1.0, -1.0, 0.5]), [[1.0, 1.0, 0.0, 1.0]]),
    ("Multinomial", dict(total_count=[6.0], logits=[[0.0, 1.0, -1.0, 0.5]]), [[1.0, 1.0, 0.0, 4.0]]),
]

METHODS = ["mean", "mode", "stddev", "variance", "entropy", "covariance"]
VALUE_METHODS = ["log_prob", "prob", "cdf", "log_cdf", "survival_function", "log_survival_function"]


def _error(e) -> list:
    text = str(getattr(e, "message", e))
    lines = [line for line in text.splitlines() if line.strip() and "[[" not in line
             and not line.startswith(("Graph execution error", "Detected at", "Node:", "\t", "  "))]
    return [type(e).__name__, lines[0] if lines else ""]


def _plain(value):
    value = np.asarray(value)
    if value.dtype.kind == "f":
        return {"f": value.astype(np.float64).tolist(), "dtype": str(value.dtype)}
    return {"v": value.tolist(), "dtype": str(value.dtype)}


def _shape(shape):
    return None if shape.ndims is None else [d if isinstance(d, int) or d is None else d.value
                                             for d in shape.as_list()]


def _build(tf, name, kwargs):
    kwargs = dict(kwargs)
    if "dtype" in kwargs:
        kwargs["dtype"] = getattr(tf, kwargs["dtype"])
    return getattr(tf.distributions, name)(**kwargs)


def _methods(tf, out):
    with tf.Graph().as_default():
        fetches, static = {}, {}
        for i, (name, kwargs, values) in enumerate(CASES):
            key = f"{i}_{name}"
            d = _build(tf, name, kwargs)
            static[key] = dict(batch_shape=_shape(d.batch_shape), event_shape=_shape(d.event_shape),
                               dtype=d.dtype.name, name=d.name, reparameterized=repr(d.reparameterization_type),
                               parameters=sorted(d.parameters), validate_args=d.validate_args,
                               allow_nan_stats=d.allow_nan_stats)
            fetches[f"{key}/batch_shape_tensor"] = d.batch_shape_tensor()
            fetches[f"{key}/event_shape_tensor"] = d.event_shape_tensor()
            for method in METHODS + VALUE_METHODS:
                try:
                    fn = getattr(d, method)
                    t = fn(values) if method in VALUE_METHODS else fn()
                except (NotImplementedError, TypeError, ValueError) as e:
                    static[f"{key}/{method}"] = _error(e)
                    continue
                static[f"{key}/{method}/shape"] = _shape(t.shape)
                fetches[f"{key}/{method}"] = t
        with tf.Session() as sess:
            got = sess.run(fetches)
        out["static"] = static
        out["methods"] = {k: _plain(v) for k, v in got.items()}
        d = tf.distributions.Normal(0.0, 1.0)
        out["normal_quantile"] = _plain(tf.Session().run(d.quantile([1e-30, 0.01, 0.3, 0.5, 0.95, 1.0 - 1e-7])))


def _samples(tf, out):
    samples = {}
    for graph_seed in (None, 11):
        with tf.Graph().as_default():
            if graph_seed is not None:
                tf.set_random_seed(graph_seed)
            fetches = {}
            for i, (name, kwargs, _) in enumerate(CASES):
                d = _build(tf, name, kwargs)
                if name == "Multinomial" and d.batch_shape.num_elements() != 1:
                    continue  # TF draws for the batch members in parallel map_fn iterations: in a racy order
                for j, (shape, seed) in enumerate((((), 7), (3, 7), ([2, 3], 1234), (4, None))):
                    if graph_seed is None and seed is None:
                        continue
                    if name == "Multinomial" and seed is None:
                        continue  # its op seed would count the ops of TF's while_v2 body graph
                    try:
                        s = d.sample(shape, seed=seed)
                    except ValueError as e:  # a batch of total_counts cannot be sampled (TF's op needs one)
                        samples[f"{graph_seed}/{i}_{name}/{j}"] = type(e).__name__
                        continue
                    samples[f"{graph_seed}/{i}_{name}/{j}/shape"] = _shape(s.shape)
                    fetches[f"{graph_seed}/{i}_{name}/{j}"] = s
            with tf.Session() as sess:
                got = sess.run(fetches)
            samples.update({k: _plain(v) for k, v in got.items()})
    with tf.Graph().as_default():  # unknown batch shape and a sample shape fed at run time
        loc = tf.placeholder(tf.float32, [None])
        n = tf.placeholder(tf.int32, [])
        d = tf.distributions.Normal(loc, 1.0)
        fed = d.sample(n, seed=3)
        cat = tf.distributions.Categorical(logits=tf.placeholder_with_default([[0.0, 1.0, 2.0]], [None, 3]))
        cat_sample = cat.sample([2, 2], seed=4)
        samples["fed/shape"] = [_shape(fed.shape), _shape(cat_sample.shape), _shape(d.batch_shape)]
        with tf.Session() as sess:
            samples["fed"] = _plain(sess.run(fed, {loc: [0.0, 10.0], n: 2}))
            samples["fed_cat"] = _plain(sess.run(cat_sample))
            samples["fed_batch_shape"] = _plain(sess.run(d.batch_shape_tensor(), {loc: [1.0, 2.0, 3.0]}))
    out["samples"] = samples


def _kl_and_gradients(tf, out):
    with tf.Graph().as_default():
        tf.set_random_seed(5)
        kl = {
            "normal": tf.distributions.kl_divergence(tf.distributions.Normal([0.0, 1.0], [1.0, 2.0]),
                                                     tf.distributions.Normal(0.5, [0.5, 3.0])),
            "bernoulli": tf.distributions.kl_divergence(tf.distributions.Bernoulli(probs=[0.1, 0.5]),
                                                        tf.distributions.Bernoulli(logits=[0.0, 3.0])),
            "categorical": tf.distributions.kl_divergence(
                tf.distributions.Categorical(logits=[[0.0, 1.0, 2.0], [1.0, 1.0, 1.0]]),
                tf.distributions.Categorical(probs=[0.2, 0.3, 0.5])),
            "beta": tf.distributions.kl_divergence(tf.distributions.Beta([1.0, 2.0], [3.0, 0.5]),
                                                   tf.distributions.Beta(2.0, 2.0)),
            "gamma": tf.distributions.kl_divergence(tf.distributions.Gamma([1.0, 2.0], [1.0, 0.5]),
                                                    tf.distributions.Gamma(3.0, 2.0)),
            "exponential_gamma": tf.distributions.kl_divergence(tf.distributions.Exponential([1.0, 3.0]),
                                                                tf.distributions.Gamma(2.0, 2.0)),
            "dirichlet": tf.distributions.kl_divergence(
                tf.distributions.Dirichlet([[1.0, 2.0, 3.0], [0.5, 0.5, 4.0]]),
                tf.distributions.Dirichlet([1.0, 1.0, 1.0])),
            "method": tf.distributions.Normal(1.0, 2.0).kl_divergence(tf.distributions.Normal(0.0, 1.0)),
            "cross_entropy": tf.distributions.Normal(1.0, 2.0).cross_entropy(tf.distributions.Normal(0.0, 1.0)),
        }
        errors = {}
        try:
            tf.distributions.kl_divergence(tf.distributions.Normal(0.0, 1.0), tf.distributions.Uniform())
        except NotImplementedError as e:
            errors["unregistered"] = _error(e)
        try:
            tf.distributions.RegisterKL(tf.distributions.Normal, tf.distributions.Normal)(lambda a, b, name=None: 0)
        except ValueError as e:
            errors["registered_twice"] = _error(e).__getitem__(0)
        try:
            tf.distributions.RegisterKL(tf.distributions.Normal, tf.distributions.Normal)(3)
        except TypeError as e:
            errors["not_callable"] = _error(e)

        class MyNormal(tf.distributions.Normal):
            pass

        @tf.distributions.RegisterKL(MyNormal, tf.distributions.Uniform)
        def _kl(a, b, name=None):  # noqa: ARG001
            return a.loc * 0.0 + 42.0

        kl["registered_subclass"] = tf.distributions.kl_divergence(MyNormal(1.0, 1.0), tf.distributions.Uniform())
        kl["inherited"] = tf.distributions.kl_divergence(MyNormal(1.0, 1.0), tf.distributions.Normal(0.0, 2.0))
        nan_checked = tf.distributions.kl_divergence(tf.distributions.Normal([0.0, np.nan], 1.0),
                                                     tf.distributions.Normal(0.0, 1.0), allow_nan_stats=False)
        loc, scale = tf.constant([0.5, -1.0]), tf.constant([2.0, 0.5])
        d = tf.distributions.Normal(loc, scale)
        s = d.sample(3, seed=9)
        u = tf.distributions.Uniform(loc, loc + scale)
        grads = {"normal_sample": tf.gradients(tf.reduce_sum(s * s), [loc, scale]),
                 "normal_log_prob": tf.gradients(tf.reduce_sum(d.log_prob([1.0, 1.0])), [loc, scale]),
                 "uniform_sample": tf.gradients(tf.reduce_sum(u.sample(2, seed=2)), [loc, scale]),
                 "kl": tf.gradients(tf.reduce_sum(tf.distributions.kl_divergence(d, tf.distributions.Normal(
                     0.0, 1.0))), [loc, scale])}
        with tf.Session() as sess:
            got_kl, got_grads = sess.run([kl, grads])
            try:
                sess.run(nan_checked)
                errors["nan_kl"] = "no error"
            except tf.errors.OpError as e:
                errors["nan_kl"] = _error(e)
        out["kl"] = {k: _plain(v) for k, v in got_kl.items()}
        out["gradients"] = {k: [_plain(g) for g in v] for k, v in got_grads.items()}
        out["kl_errors"] = errors
        out["reparameterization"] = [repr(tf.distributions.FULLY_REPARAMETERIZED),
                                     repr(tf.distributions.NOT_REPARAMETERIZED),
                                     tf.distributions.Normal(0.0, 1.0).reparameterization_type
                                     == tf.distributions.FULLY_REPARAMETERIZED,
                                     tf.distributions.Bernoulli(probs=0.5).reparameterization_type
                                     == tf.distributions.FULLY_REPARAMETERIZED]


def _validation(tf, out):
    cases = {
        "normal_scale": lambda: tf.distributions.Normal(0.0, [1.0, -1.0], validate_args=True).mean(),
        "laplace_scale": lambda: tf.distributions.Laplace(0.0, 0.0, validate_args=True).mean(),
        "uniform_order": lambda: tf.distributions.Uniform(1.0, [2.0, 0.5], validate_args=True).mean(),
        "gamma_concentration": lambda: tf.distributions.Gamma(-1.0, 1.0, validate_args=True).mean(),
        "gamma_log_prob": lambda: tf.distributions.Gamma(1.0, 1.0, validate_args=True).log_prob(-2.0),
        "bernoulli_probs": lambda: tf.distributions.Bernoulli(probs=[0.5, 1.5], validate_args=True).mean(),
        "bernoulli_negative": lambda: tf.distributions.Bernoulli(probs=-0.5, validate_args=True).mean(),
        "bernoulli_event": lambda: tf.distributions.Bernoulli(probs=0.5, validate_args=True).log_prob(0.5),
        "categorical_sum": lambda: tf.distributions.Categorical(probs=[0.5, 0.6], validate_args=True).entropy(),
        "normal_scale_at_run_time": lambda: tf.distributions.Normal(
            0.0, tf.placeholder_with_default([1.0, -1.0], [2]), validate_args=True).mean(),
        "bernoulli_probs_at_run_time": lambda: tf.distributions.Bernoulli(
            probs=tf.placeholder_with_default([0.5, 1.5], [None]), validate_args=True).sample(seed=2),
        "categorical_event": lambda: tf.distributions.Categorical(logits=[0.0, 1.0],
                                                                  validate_args=True).log_prob(-1),
        "categorical_one_event": lambda: tf.distributions.Categorical(logits=[1.0], validate_args=True),
        "categorical_scalar": lambda: tf.distributions.Categorical(logits=1.0),
        "both_params": lambda: tf.distributions.Bernoulli(logits=1.0, probs=0.5),
        "no_params": lambda: tf.distributions.Categorical(),
        "integer_logits": lambda: tf.distributions.Bernoulli(logits=[1, 2]),
        "mixed_dtypes": lambda: tf.distributions.Normal(np.float64(0.0), F32(1.0)),
        "gamma_mode": lambda: tf.distributions.Gamma([0.5, 2.0], 1.0, allow_nan_stats=False).mode(),
        "gamma_nan_mode": lambda: tf.distributions.Gamma([0.5, 2.0], 1.0).mode(),
        "beta_concentration": lambda: tf.distributions.Beta(-1.0, 1.0, validate_args=True).mean(),
        "beta_sample": lambda: tf.distributions.Beta(2.0, 1.0, validate_args=True).log_prob(1.5),
        "beta_mode": lambda: tf.distributions.Beta([0.5, 2.0], 2.0, allow_nan_stats=False).mode(),
        "student_t_df": lambda: tf.distributions.StudentT(-1.0, 0.0, 1.0, validate_args=True).mode(),
        "student_t_variance": lambda: tf.distributions.StudentT([0.5, 3.0], 0.0, 1.0,
                                                                allow_nan_stats=False).variance(),
        "dirichlet_concentration": lambda: tf.distributions.Dirichlet([1.0, -1.0], validate_args=True).mean(),
        "dirichlet_one_event": lambda: tf.distributions.Dirichlet([1.0], validate_args=True).mean(),
        "dirichlet_sample_sum": lambda: tf.distributions.Dirichlet([1.0, 2.0], validate_args=True).log_prob(
            [0.5, 0.6]),
        "dirichlet_mode": lambda: tf.distributions.Dirichlet([0.5, 2.0], allow_nan_stats=False).mode(),
        "multinomial_fractional_count": lambda: tf.distributions.Multinomial(
            2.5, probs=[0.5, 0.5], validate_args=True).mean(),
        "multinomial_counts_sum": lambda: tf.distributions.Multinomial(
            3.0, probs=[0.5, 0.5], validate_args=True).log_prob([1.0, 1.0]),
        "multinomial_negative_count": lambda: tf.distributions.Multinomial(
            3.0, probs=[0.5, 0.5], validate_args=True).log_prob([4.0, -1.0]),
        "dirichlet_multinomial_concentration": lambda: tf.distributions.DirichletMultinomial(
            2.0, [1.0, 0.0], validate_args=True).mean(),
        "dirichlet_multinomial_counts_sum": lambda: tf.distributions.DirichletMultinomial(
            2.0, [1.0, 1.0], validate_args=True).log_prob([2.0, 1.0]),
        "dirichlet_multinomial_one_event": lambda: tf.distributions.DirichletMultinomial(
            2.0, [1.0], validate_args=True),
        "valid": lambda: tf.distributions.Normal(0.0, [1.0, 2.0], validate_args=True).sample(seed=1),
    }
    errors = {}
    for key, build in sorted(cases.items()):
        with tf.Graph().as_default():
            tf.set_random_seed(1)
            try:
                t = build()
            except (ValueError, TypeError, NotImplementedError, tf.errors.OpError) as e:
                errors[key] = ["graph"] + _error(e)
                continue
            if not isinstance(t, tf.Tensor):
                errors[key] = "built"
                continue
            try:
                with tf.Session() as sess:
                    errors[key] = _plain(sess.run(t))
            except tf.errors.OpError as e:
                errors[key] = ["run"] + _error(e)
    out["validation"] = errors


def run(tf):
    out = {}
    _methods(tf, out)
    _samples(tf, out)
    _kl_and_gradients(tf, out)
    _validation(tf, out)
    return out
