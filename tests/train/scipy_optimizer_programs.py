"""TF1 programs that train with tf.contrib.opt.ScipyOptimizerInterface, as physics-informed networks and other
full-batch code do. Each takes `tf` and the interface class: sessionflow's tf.contrib.opt.ScipyOptimizerInterface
in the tests, and in tools/record_scipy_optimizer.py (TF 2.21 has no tf.contrib) a stand-in built from core TF ops
the way TF 1.15's interface builds its graph, so the recorded losses are TF's arithmetic along SciPy's path."""

import numpy as np


def pinn_lbfgs(tf, Interface):
    """Raissi-style PINN for u'' = -pi^2 sin(pi x) on [-1, 1] with u(+-1) = 0: a tanh MLP (Xavier init by hand),
    second derivatives by tf.gradients, L-BFGS-B with PINN-code options, every loss reported by loss_callback."""
    tf.reset_default_graph()
    tf.set_random_seed(1)
    rng = np.random.RandomState(0)
    x_f = np.linspace(-1, 1, 40)[:, None].astype(np.float32)
    x_b = np.array([[-1.0], [1.0]], np.float32)
    layers = [1, 10, 10, 1]
    weights, biases = [], []
    for n_in, n_out in zip(layers[:-1], layers[1:]):
        std = np.sqrt(2.0 / (n_in + n_out))
        weights.append(tf.Variable(tf.truncated_normal([n_in, n_out], stddev=std), dtype=tf.float32))
        biases.append(tf.Variable(tf.zeros([1, n_out], dtype=tf.float32), dtype=tf.float32))

    def net(x):
        h = x
        for w, b in zip(weights[:-1], biases[:-1]):
            h = tf.tanh(tf.add(tf.matmul(h, w), b))
        return tf.add(tf.matmul(h, weights[-1]), biases[-1])

    x_f_tf = tf.placeholder(tf.float32, [None, 1])
    x_b_tf = tf.placeholder(tf.float32, [None, 1])
    u = net(x_f_tf)
    u_x = tf.gradients(u, x_f_tf)[0]
    u_xx = tf.gradients(u_x, x_f_tf)[0]
    f = u_xx + np.pi ** 2 * tf.sin(np.pi * x_f_tf)
    loss = tf.reduce_mean(tf.square(net(x_b_tf))) + tf.reduce_mean(tf.square(f))
    optimizer = Interface(loss, method="L-BFGS-B",
                          options={"maxiter": 40, "maxfun": 60, "maxcor": 50, "maxls": 50,
                                   "ftol": 1.0 * np.finfo(float).eps})
    losses = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        feed = {x_f_tf: x_f, x_b_tf: x_b}
        first = float(sess.run(loss, feed))
        optimizer.minimize(sess, feed_dict=feed, fetches=[loss], loss_callback=lambda l: losses.append(float(l)))
        final = float(sess.run(loss, feed))
        u_mid = sess.run(u, {x_f_tf: np.array([[0.5]], np.float32)}).tolist()
    del rng
    return {"first": first, "losses": losses, "final": final, "u_at_half": u_mid}


def bounded_and_constrained(tf, Interface):
    """The interface's own examples: L-BFGS-B with var_to_bounds, then SLSQP with an equality and an
    inequality constraint; step_callback sees the packed variables."""
    tf.reset_default_graph()
    vector = tf.Variable([7.0, 7.0], name="vector")
    scalar = tf.Variable(3.0, name="scalar")
    loss = tf.reduce_sum(tf.square(vector - [1.0, -2.0])) + tf.square(scalar + 1.0)
    bounded = Interface(loss, var_to_bounds={vector: ([2.0, -5.0], np.inf), scalar: (0.0, 4.0)},
                        options={"maxiter": 100})
    steps = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        bounded.minimize(sess, step_callback=lambda xk: steps.append(np.asarray(xk).tolist()))
        after_bounds = sess.run([vector, scalar])
        sess.run(tf.global_variables_initializer())
        constrained = Interface(tf.reduce_sum(tf.square(vector)), var_list=[vector],
                                equalities=[vector[0] + vector[1] - 1.0], inequalities=[vector[0] - 2.0],
                                method="SLSQP", options={"maxiter": 50})
        constrained.minimize(sess)
        after_constraints = sess.run(vector)
    return {"bounded": [np.asarray(v).tolist() for v in after_bounds], "steps": steps,
            "constrained": np.asarray(after_constraints).tolist()}


PROGRAMS = {"pinn_lbfgs": pinn_lbfgs, "bounded_and_constrained": bounded_and_constrained}
