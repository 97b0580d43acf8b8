"""tf.contrib.opt's optimizers that run outside the graph: `ExternalOptimizerInterface` and its SciPy form,
`ScipyOptimizerInterface` (L-BFGS-B by default; the optimizer of choice of physics-informed networks and
other full-batch TF1 code).

At construction the interface builds, as TF 1.x does: the variables packed into one vector (each reshaped to
[-1], concatenated when there are several), the loss's gradients packed the same way (zeros for a variable
the loss does not reach), the same for each equality/inequality constraint, and per variable a placeholder and
an Assign that writes a new value back. `minimize(session, ...)` reads the packed variables, hands the external
optimizer functions of the packed vector that evaluate the loss and its gradient by feeding the candidate
values in place of the variables (the variables do not change while it searches), and finally assigns the
optimum to the variables. SciPy is imported only when minimize runs, as in TF.
"""

from __future__ import annotations

import logging

import numpy as np

import sessionflow as tf

_log = logging.getLogger("sessionflow")


def _static_shape(tensor) -> tuple[int, ...]:
    dims = tensor.get_shape().as_list()
    if dims is None or None in dims:
        raise ValueError(f"Shape of {tensor.name} must be fully defined for an external optimizer; got "
                         f"{tensor.get_shape()}")
    return tuple(dims)


def _pack(tensors):
    """One vector of `tensors`' values, in order (None for no tensors)."""
    if not tensors:
        return None
    if len(tensors) == 1:
        return tf.reshape(tensors[0], [-1])
    return tf.concat([tf.reshape(t, [-1]) for t in tensors], 0)


class ExternalOptimizerInterface:
    """Minimizes `loss` over `var_list` (default: the trainable variables) with an optimizer outside the graph,
    subject to `equalities` (tensors that must be 0), `inequalities` (tensors that must be >= 0) and
    `var_to_bounds` ({variable: (low, high)}, each broadcast to the variable's shape). Subclasses implement
    `_minimize`; the remaining keyword arguments are theirs."""

    def __init__(self, loss, var_list=None, equalities=None, inequalities=None, var_to_bounds=None,
                 **optimizer_kwargs):
        self._loss = loss
        self._equalities = list(equalities or [])
        self._inequalities = list(inequalities or [])
        self._vars = list(tf.trainable_variables() if var_list is None else var_list)
        if not self._vars:
            raise ValueError("No variables to optimize.")
        self._var_shapes = [_static_shape(v) for v in self._vars]
        self._packed_bounds = None
        if var_to_bounds is not None:
            low, high = [], []
            for var, shape in zip(self._vars, self._var_shapes):
                bound_low, bound_high = var_to_bounds.get(var, (-np.inf, np.inf))
                low.extend(np.broadcast_to(bound_low, shape).flat)
                high.extend(np.broadcast_to(bound_high, shape).flat)
            self._packed_bounds = list(zip(low, high))
        self._update_placeholders = [tf.placeholder(v.dtype.base_dtype) for v in self._vars]
        self._var_updates = [v.assign(tf.reshape(p, shape))
                             for v, p, shape in zip(self._vars, self._update_placeholders, self._var_shapes)]
        loss_grads = self._gradients(loss)
        equality_grads = [self._gradients(c) for c in self._equalities]
        inequality_grads = [self._gradients(c) for c in self._inequalities]
        self._packed_var = _pack(self._vars)
        self._packed_loss_grad = _pack(loss_grads)
        self._packed_equality_grads = [_pack(g) for g in equality_grads]
        self._packed_inequality_grads = [_pack(g) for g in inequality_grads]
        sizes = [int(np.prod(shape, dtype=np.int64)) for shape in self._var_shapes]
        ends = np.cumsum(sizes)
        self._packing_slices = [slice(int(end - size), int(end)) for size, end in zip(sizes, ends)]
        self.optimizer_kwargs = optimizer_kwargs

    def _gradients(self, tensor):
        grads = tf.gradients(tensor, self._vars)
        return [tf.zeros_like(v) if g is None else g for g, v in zip(grads, self._vars)]

    def minimize(self, session=None, feed_dict=None, fetches=None, step_callback=None, loss_callback=None,
                 **run_kwargs):
        """Runs the external optimizer from the variables' current values and assigns them the result.
        `fetches` are run with every loss evaluation and passed to `loss_callback`; `step_callback` gets the
        packed variables after each of the optimizer's steps."""
        session = session or tf.get_default_session()
        feed_dict = feed_dict or {}
        fetches = list(fetches or [])
        loss_callback = loss_callback or (lambda *values: None)
        step_callback = step_callback or (lambda xk: None)
        loss_grad_func = self._eval_func([self._loss, self._packed_loss_grad], session, feed_dict, fetches,
                                         loss_callback, run_kwargs)
        equality_funcs = [self._eval_func(c, session, feed_dict, fetches, None, run_kwargs)
                          for c in self._equalities]
        equality_grad_funcs = [self._eval_func(g, session, feed_dict, fetches, None, run_kwargs)
                               for g in self._packed_equality_grads]
        inequality_funcs = [self._eval_func(c, session, feed_dict, fetches, None, run_kwargs)
                            for c in self._inequalities]
        inequality_grad_funcs = [self._eval_func(g, session, feed_dict, fetches, None, run_kwargs)
                                 for g in self._packed_inequality_grads]
        initial = session.run(self._packed_var)
        packed = self._minimize(initial_val=initial, loss_grad_func=loss_grad_func, equality_funcs=equality_funcs,
                                equality_grad_funcs=equality_grad_funcs, inequality_funcs=inequality_funcs,
                                inequality_grad_funcs=inequality_grad_funcs, packed_bounds=self._packed_bounds,
                                step_callback=step_callback, optimizer_kwargs=self.optimizer_kwargs)
        values = [packed[s] for s in self._packing_slices]
        session.run(self._var_updates, feed_dict=dict(zip(self._update_placeholders, values)), **run_kwargs)

    def _eval_func(self, tensors, session, feed_dict, fetches, callback, run_kwargs):
        """A function of the packed vector x: `tensors` evaluated with x's pieces fed for the variables (a
        list for a list); `callback` gets the values of `fetches` from the same run."""
        listed = isinstance(tensors, list)
        tensors = tensors if listed else [tensors]
        count = len(tensors)

        def evaluate(x):
            feeds = {v: x[s].reshape(shape) for v, s, shape in zip(self._vars, self._packing_slices, self._var_shapes)}
            feeds.update(feed_dict)
            values = session.run(tensors + fetches, feed_dict=feeds, **run_kwargs)
            if callable(callback):
                callback(*values[count:])
            return values[:count] if listed else values[0]

        return evaluate

    def _minimize(self, initial_val, loss_grad_func, equality_funcs, equality_grad_funcs, inequality_funcs,
                  inequality_grad_funcs, packed_bounds, step_callback, optimizer_kwargs):
        """The packed variables' optimum, found from `initial_val` by the external optimizer."""
        raise NotImplementedError("ExternalOptimizerInterface._minimize is implemented by its subclasses")


class ScipyOptimizerInterface(ExternalOptimizerInterface):
    """`scipy.optimize.minimize` over the packed variables: `method` (default 'L-BFGS-B'), `options` and
    SciPy's other arguments are given as keyword arguments; the gradient comes from the graph (jac=True),
    constraints from equalities/inequalities and bounds from var_to_bounds."""

    _DEFAULT_METHOD = "L-BFGS-B"

    def _minimize(self, initial_val, loss_grad_func, equality_funcs, equality_grad_funcs, inequality_funcs,
                  inequality_grad_funcs, packed_bounds, step_callback, optimizer_kwargs):
        def loss_and_float64_grad(x):  # SciPy's L-BFGS-B takes the gradient, and its SLSQP everything, as doubles
            loss, grad = loss_grad_func(x)
            return np.float64(loss), grad.astype("float64")

        def float64(func):  # current SciPy's SLSQP takes only doubles (TF 1.15's SciPy took float32 as well)
            return lambda x: np.asarray(func(x), np.float64)

        kwargs = dict(optimizer_kwargs)
        method = kwargs.pop("method", self._DEFAULT_METHOD)
        constraints = ([{"type": "eq", "fun": float64(f), "jac": float64(g)}
                        for f, g in zip(equality_funcs, equality_grad_funcs)]
                       + [{"type": "ineq", "fun": float64(f), "jac": float64(g)}
                          for f, g in zip(inequality_funcs, inequality_grad_funcs)])
        fixed = {"jac": True, "callback": step_callback, "method": method, "constraints": constraints,
                 "bounds": packed_bounds}
        for key in fixed:
            if key in kwargs:
                if key == "bounds":
                    raise ValueError("Bounds must be set using the var_to_bounds argument")
                raise ValueError(f"Optimizer keyword arg '{key}' is set automatically and cannot be injected "
                                 f"manually")
        fixed.update(kwargs)
        try:
            import scipy.optimize
        except ImportError as e:
            raise ImportError("ScipyOptimizerInterface needs SciPy: pip install scipy") from e
        result = scipy.optimize.minimize(loss_and_float64_grad, np.asarray(initial_val, np.float64), **fixed)
        lines, args = ["Optimization terminated with:", "  Message: %s", "  Objective function value: %f"], \
            [result.message, result.fun]
        for attr, line in (("nit", "  Number of iterations: %d"), ("nfev", "  Number of functions evaluations: %d")):
            if hasattr(result, attr):
                lines.append(line)
                args.append(getattr(result, attr))
        _log.info("\n".join(lines), *args)
        return result["x"]
