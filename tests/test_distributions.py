"""tf.distributions (sessionflow/distributions/) against TF 2.21's recorded program (tests/distributions_program.py,
tests/goldens/distributions.json, tools/record_distributions.py): method values, static shapes, seeded samples,
KL divergences, reparameterized gradients and the errors of invalid arguments."""

import json
import os
import sys

import numpy as np
import pytest

import sessionflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from distributions_program import run  # noqa: E402

with open(os.path.join(HERE, "goldens", "distributions.json")) as _f:
    RECORDED = json.load(_f)

GOT = {}


def _got():
    if not GOT:
        GOT.update(json.loads(json.dumps(run(tf))))
    return GOT


def _same(got, want, path, rtol):
    """Equal structures; floats within `rtol` (transcendental functions may differ from Eigen's in the last
    bits), NaN and infinities where TF has them; everything else exactly."""
    if isinstance(want, dict) and "f" in want:
        assert isinstance(got, dict) and got.get("dtype") == want["dtype"], path
        g, w = np.array(got["f"], dtype=float), np.array(want["f"], dtype=float)
        assert g.shape == w.shape, path
        np.testing.assert_allclose(g, w, rtol=rtol, atol=rtol * 0.5, equal_nan=True, err_msg=path)
    elif isinstance(want, dict):
        assert isinstance(got, dict) and got.keys() == want.keys(), (path, sorted(set(got) ^ set(want)))
        for key in want:
            _same(got[key], want[key], f"{path}/{key}", rtol)
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), (path, got, want)
        for i, (g, w) in enumerate(zip(got, want)):
            _same(g, w, f"{path}[{i}]", rtol)
    else:
        assert got == want, (path, got, want)


@pytest.mark.parametrize("section", ["static", "methods", "normal_quantile", "kl", "kl_errors", "gradients",
                                     "reparameterization", "validation"])
def test_the_program_gives_tensorflows_values_and_errors(section):
    _same(_got()[section], RECORDED[section], section, rtol=2e-6)


def test_seeded_samples_are_tensorflows_draws():
    """Every sample of the program (op seed, graph seed, both) equals TF's: the same random op, seed and
    arithmetic. Exponential, Laplace, StudentT, Beta and Dirichlet pass their draws through log, rsqrt or a ratio, hence the ulp tolerance."""
    got, want = _got()["samples"], RECORDED["samples"]
    assert got.keys() == want.keys()
    for key in want:
        exact = not any(name in key for name in ("Exponential", "Laplace", "StudentT", "Beta", "/Dirichlet/"))
        if exact and isinstance(want[key], dict):
            assert got[key] == want[key], key
        else:
            _same(got[key], want[key], key, rtol=1e-6)


def test_reparameterized_normal_sample_has_the_formula_gradient():
    with tf.Graph().as_default():
        loc, scale = tf.constant([0.5, -1.0]), tf.constant([2.0, 0.5])
        d = tf.distributions.Normal(loc, scale)
        s = d.sample(4, seed=3)
        g_loc, g_scale = tf.gradients(tf.reduce_sum(s), [loc, scale])
        eps = (s - loc) / scale
        with tf.Session() as sess:
            got_loc, got_scale, want_scale = sess.run([g_loc, g_scale, tf.reduce_sum(eps, 0)])
    assert np.array_equal(got_loc, [4.0, 4.0])
    np.testing.assert_allclose(got_scale, want_scale, rtol=1e-6)


def test_a_subclass_overrides_only_its_formulas():
    class Shifted(tf.distributions.Distribution):
        def __init__(self, shift):
            with tf.name_scope("Shifted") as name:
                self._shift = tf.convert_to_tensor(shift, name="shift")
            super().__init__(dtype=tf.float32, reparameterization_type=tf.distributions.NOT_REPARAMETERIZED,
                             validate_args=False, allow_nan_stats=True, graph_parents=[self._shift], name=name)

        def _log_prob(self, x):
            return -tf.abs(x - self._shift)

        def _variance(self):
            return self._shift * 4.0

    with tf.Graph().as_default():
        d = Shifted(1.0)
        prob, stddev = d.prob(3.0), d.stddev()
        with pytest.raises(NotImplementedError, match="entropy is not implemented: Shifted"):
            d.entropy()
        with tf.Session() as sess:
            assert sess.run([prob, stddev]) == [np.float32(np.exp(-2.0)), 2.0]
        assert prob.name.startswith("Shifted/prob/")


def test_multinomial_batch_members_draw_in_turn():
    """TF samples a batch of Multinomials with one multinomial op in map_fn, whose iterations may run in parallel
    (so TF's own draws for a batch vary between runs); sessionflow runs them in order: the first member gets the
    draws a batch of one gets with the same seeds, and every sample counts `total_count` draws."""
    logits = [[0.0, 1.0, -1.0], [2.0, 0.0, 0.0]]
    with tf.Graph().as_default():
        tf.set_random_seed(4)
        batch = tf.distributions.Multinomial(6.0, logits=logits).sample(3, seed=2)
        first = tf.distributions.Multinomial(6.0, logits=logits[:1]).sample(3, seed=2)
        assert batch.shape.as_list() == [3, 2, 3]
        with tf.Session() as sess:
            got_batch, got_first = sess.run([batch, first])
    assert np.array_equal(got_batch[:, :1], got_first)
    assert np.array_equal(got_batch.sum(-1), np.full((3, 2), 6.0))
    assert not np.array_equal(got_batch[:, 0], got_batch[:, 1])


def test_contrib_distributions_are_tf_distributions():
    contrib = tf.contrib.distributions
    assert contrib.Normal is tf.distributions.Normal and contrib.kl_divergence is tf.distributions.kl_divergence
    with tf.Graph().as_default():
        q = contrib.Normal(loc=[0.5, -1.0], scale=[2.0, 0.5])
        kl = contrib.kl_divergence(q, contrib.Normal(loc=0.0, scale=1.0))
        with tf.Session() as sess:
            # TF 2.21's tf.distributions output
            np.testing.assert_allclose(sess.run(kl), [0.9318528175354004, 0.8181471824645996], rtol=1e-6)
    with pytest.raises(AttributeError, match="tf.contrib.distributions.MultivariateNormalDiag is a TensorFlow 1.x"):
        contrib.MultivariateNormalDiag
