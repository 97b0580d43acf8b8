"""tf.contrib.opt.ScipyOptimizerInterface / ExternalOptimizerInterface: SciPy's minimizers over the packed
variables, as TF 1.x runs them (feeds in place of the variables while searching, one Assign per variable at
the end). The programs are in scipy_optimizer_programs.py; TensorFlow's results (its kernels along SciPy's
path) were recorded by tools/record_scipy_optimizer.py into goldens/scipy_optimizer.json."""

import json
import os
import sys

import numpy as np
import pytest

import sessionflow as tf

pytest.importorskip("scipy.optimize")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scipy_optimizer_programs as programs

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "goldens", "scipy_optimizer.json")) as f:
    GOLDENS = json.load(f)


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


def test_bounds_and_constraints_reach_tensorflows_optimum_step_by_step():
    got = json.loads(json.dumps(programs.bounded_and_constrained(tf, tf.contrib.opt.ScipyOptimizerInterface)))
    assert got == GOLDENS["bounded_and_constrained"]


def test_a_pinn_trains_with_lbfgs_as_on_tensorflow():
    """L-BFGS-B follows the float32 losses and gradients closely; where they differ in the last bits its path
    drifts, so the early losses are compared tightly and the end point by what it solved."""
    want = GOLDENS["pinn_lbfgs"]
    got = programs.pinn_lbfgs(tf, tf.contrib.opt.ScipyOptimizerInterface)
    assert got["first"] == pytest.approx(want["first"], rel=1e-6)
    assert got["losses"][:5] == pytest.approx(want["losses"][:5], rel=1e-5)
    assert len(got["losses"]) == pytest.approx(len(want["losses"]), abs=3)  # maxiter 40 / maxfun 60
    assert got["final"] < 0.01 and want["final"] < 0.01  # from ~47.5
    assert got["u_at_half"][0][0] == pytest.approx(want["u_at_half"][0][0], abs=0.01)  # u(0.5) = sin(pi/2) = 1


def test_the_candidates_are_fed_in_place_of_the_variables_which_take_the_result_at_the_end():
    v = tf.Variable([3.0, -4.0])
    loss = tf.reduce_sum(tf.square(v - 1.0))
    seen = []
    opt = tf.contrib.opt.ScipyOptimizerInterface(loss, options={"maxiter": 20})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        opt.minimize(sess, fetches=[v], loss_callback=lambda value: seen.append(value.copy()))
        assert seen[0].tolist() == [3.0, -4.0] and len(seen) > 1  # fetching v gives the candidate fed for it
        np.testing.assert_allclose(seen[-1], [1.0, 1.0], atol=1e-5)
        np.testing.assert_allclose(sess.run(v), [1.0, 1.0], atol=1e-5)


def test_bad_arguments_get_tensorflows_errors():
    v = tf.Variable(1.0)
    with pytest.raises(ValueError, match="Bounds must be set using the var_to_bounds argument"):
        opt = tf.contrib.opt.ScipyOptimizerInterface(tf.square(v), bounds=[(0, 1)])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            opt.minimize(sess)
    with pytest.raises(ValueError, match="Optimizer keyword arg 'jac' is set automatically"):
        opt = tf.contrib.opt.ScipyOptimizerInterface(tf.square(v), jac=False)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            opt.minimize(sess)
    tf.reset_default_graph()
    with pytest.raises(ValueError, match="No variables to optimize"):
        tf.contrib.opt.ScipyOptimizerInterface(tf.constant(1.0))
