"""TF 2.x object APIs that TF 2.21's tf.compat.v1 runs in graph mode (specs, GradientTape, tf.function, Module,
random.Generator, session tensor handles, nn.experimental dropout), one section per family.

Each `section_*` function builds its own graph with `tf` (TF's compat.v1, or sessionflow) and returns a JSON
value. tools/record_tf2api.py runs them on TensorFlow and keeps tests/compat/goldens/tf2_graph_apis.json;
tests/compat/test_tf2_graph_apis.py runs each on sessionflow and compares.
"""

import json

import numpy as np


def _floats(a):
    return np.asarray(a, dtype=np.float64).round(5).tolist()


def _error(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the error's type is what is compared
        return type(e).__name__
    return None


def section_specs(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    s = tf.TensorSpec([None, 3], tf.float32, name="x")
    c = tf.constant([1, 2])
    tf.disable_control_flow_v2()
    disabled = tf.control_flow_v2_enabled()
    tf.enable_control_flow_v2()
    return dict(
        control_flow_v2=[disabled, tf.control_flow_v2_enabled()],
        eager_outside=tf.executing_eagerly_outside_functions(),
        symbolic=[tf.is_symbolic_tensor(x), tf.is_symbolic_tensor(1.0), tf.is_symbolic_tensor(np.ones(2))],
        spec=[repr(s), s.shape.as_list(), s.dtype.name, s.name],
        from_tensor=repr(tf.TensorSpec.from_tensor(x)),
        compatible=[s.is_compatible_with(x), s.is_compatible_with(c), s.is_compatible_with(tf.TensorSpec([4, 3])),
                    tf.TensorSpec([2], tf.int32).is_compatible_with(c)],
        equal=[tf.TensorSpec([2], tf.int32) == tf.TensorSpec([2], tf.int32),
               tf.TensorSpec([2], tf.int32) == tf.TensorSpec([3], tf.int32),
               hash(tf.TensorSpec([2], tf.int32)) == hash(tf.TensorSpec([2], tf.int32))],
        default_dtype=tf.TensorSpec([2]).dtype.name,
        subtype=[tf.TensorSpec([4, 3]).is_subtype_of(tf.TensorSpec([None, 3])),
                 tf.TensorSpec([None, 3]).is_subtype_of(tf.TensorSpec([4, 3]))],
        supertype=repr(tf.TensorSpec([4, 3]).most_specific_common_supertype([tf.TensorSpec([5, 3])])),
        from_value=[repr(tf.type_spec_from_value(x)), repr(tf.type_spec_from_value(c)),
                    repr(tf.type_spec_from_value(np.zeros([2, 2], np.float32)))],
        from_value_error=_error(lambda: tf.type_spec_from_value(object())),
        indexed_slices=repr(tf.IndexedSlicesSpec([3, 4], tf.float32)),
        none=repr(tf.NoneTensorSpec()),
        optional=repr(tf.OptionalSpec(tf.TensorSpec([], tf.int32))),
        subclass=[issubclass(tf.TensorSpec, tf.TypeSpec), issubclass(tf.IndexedSlicesSpec, tf.TypeSpec),
                  isinstance(tf.NoneTensorSpec(), tf.TypeSpec)],
        value_type=tf.TensorSpec([2]).value_type.__name__ in ("Tensor", "SymbolicTensor"),
    )


def section_gradient_tape(tf):
    v = tf.Variable([1.0, 2.0], name="v", use_resource=True)  # TF's tape watches resource variables only
    x = tf.constant([3.0, 4.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.reduce_sum(v * v * x)
        with tape.stop_recording():
            z = y * 3.0
        w = x * x
    dv, dx = tape.gradient(y, [v, x])
    dz = tape.gradient(z, x)
    dw = tape.gradient(w, x, output_gradients=tf.constant([1.0, 10.0]))
    watched = [u.name for u in tape.watched_variables()]
    with tf.GradientTape(watch_accessed_variables=False) as t2:
        y2 = tf.reduce_sum(v * 2.0)
    none_grad = t2.gradient(y2, v)
    with tf.GradientTape() as t3:
        t3.watch(x)
        m = tf.stack([x * x, x * 3.0])
    jac = t3.jacobian(m, x)
    xb = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    with tf.GradientTape() as t4:
        t4.watch(xb)
        yb = xb * xb * tf.constant([1.0, 2.0])
    bj = t4.batch_jacobian(yb, xb)
    with tf.GradientTape() as t5:
        t5.watch(x)
        y5 = x * 2.0
    t5.gradient(y5, x)
    twice = _error(lambda: t5.gradient(y5, x))
    with tf.GradientTape() as t6:
        t6.watch(x)
        y6 = tf.reduce_sum(v)
    unconnected = t6.gradient(y6, x) is None
    with tf.GradientTape() as t7:
        t7.watch(x)
        y7 = tf.reduce_sum(v)
    zero = t7.gradient(y7, x, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run(dict(dv=dv, dx=dx, dw=dw, jac=jac, bj=bj, zero=zero))
    return dict({k: _floats(a) for k, a in out.items()}, watched=watched, none_grad=none_grad is None,
                twice=twice, unconnected=unconnected, dz_none=dz is None)


def section_function(tf):
    calls = []

    @tf.function
    def affine(x, w):
        calls.append(1)
        return tf.matmul(x, w) + 1.0, tf.reduce_sum(w)

    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def double(x):
        return x * 2.0

    x = tf.constant([[1.0, 2.0]])
    w = tf.constant([[3.0], [4.0]])
    y, s = affine(x, w)
    y2, _ = affine(x, w)
    d = double(tf.constant([1.0, 2.0, 3.0]))
    bad_rank = _error(lambda: double(tf.constant([[1.0]])))
    bad_dtype = _error(lambda: double(tf.constant([1, 2])))
    v = tf.Variable(2.0, name="fv")

    @tf.function
    def uses_variable(a):
        return a * v

    g = tf.gradients(uses_variable(tf.constant(3.0)), v)[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run(dict(y=y, s=s, y2=y2, d=d, g=g))
    return dict({k: _floats(a) for k, a in out.items()}, bad_rank=bad_rank, bad_dtype=bad_dtype,
                y_shape=str(y.shape), d_shape=str(d.shape),
                has_python_function=hasattr(affine, "python_function"))


def section_function_helpers(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    passthrough = tf.grad_pass_through(lambda t: tf.round(t * 1.4))(x)
    g_pass = tf.gradients(tf.reduce_sum(passthrough * x), x)[0]

    def block(t):
        return tf.sin(t) * t

    rc = tf.recompute_grad(block)(x)
    g_rc = tf.gradients(tf.reduce_sum(rc), x)[0]
    batch = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    vm = tf.vectorized_map(lambda row: tf.reduce_sum(row * row) + row[0], batch)
    vm2 = tf.vectorized_map(lambda rows: (rows[0] * 2.0, rows[1] + 1.0), (batch, batch))

    def wrapped(a):
        return a * 3.0 + 1.0

    wf = tf.compat.v1.wrap_function(wrapped, [tf.TensorSpec([2], tf.float32)])
    wf_out = wf(tf.constant([1.0, 2.0]))
    with tf.Session() as sess:
        out = sess.run(dict(passthrough=passthrough, g_pass=g_pass, rc=rc, g_rc=g_rc, vm=vm, vm2=list(vm2),
                            wf=wf_out))
    return {k: _floats(a) for k, a in out.items()}


def section_creators_and_critical_section(tf):
    seen = []

    def creator(next_creator, **kwargs):
        seen.append(kwargs.get("name"))
        kwargs["trainable"] = False
        return next_creator(**kwargs)

    with tf.variable_creator_scope(creator):
        a = tf.Variable(1.0, name="a")
        b = tf.get_variable("b", [2], initializer=tf.zeros_initializer())
    c = tf.Variable(3.0, name="c")
    cs = tf.CriticalSection(name="cs")
    counter = tf.Variable(0.0, name="counter")
    bumped = cs.execute(lambda: counter.assign_add(1.0))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run(bumped)
        second = sess.run(bumped)
    return dict(seen=seen, trainable=[v.name for v in tf.trainable_variables()],
                all=[v.name for v in tf.global_variables()], values=[float(first), float(second)],
                created=[a.name, b.name, c.name])


def section_module(tf):
    class Dense(tf.Module):
        def __init__(self, n_in, n_out, name=None):
            super().__init__(name=name)
            with self.name_scope:
                self.w = tf.Variable(tf.ones([n_in, n_out]), name="w")
                self.b = tf.Variable(tf.zeros([n_out]), name="b", trainable=False)

        def __call__(self, x):
            return tf.matmul(x, self.w) + self.b

    class Model(tf.Module):
        def __init__(self):
            super().__init__(name="model")
            with self.name_scope:
                self.layers = [Dense(2, 3, name="first"), Dense(3, 1)]

        @tf.Module.with_name_scope
        def __call__(self, x):
            for layer in self.layers:
                x = layer(x)
            return x

    m = Model()
    y = m(tf.constant([[1.0, 2.0]]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        value = sess.run(y)
    return dict(name=m.name, scope=m.name_scope.name, y=_floats(value), y_name=y.name,
                variables=[v.name for v in m.variables], trainable=[v.name for v in m.trainable_variables],
                submodules=[s.name for s in m.submodules], sub_scope=m.layers[0].name_scope.name,
                bad_name=_error(lambda: tf.Module(name="not valid")))


def section_generator(tf):
    g = tf.random.Generator.from_seed(1234)
    n = g.normal([5])
    u = g.uniform([2, 3])
    ui = g.uniform([4], 0, 10, dtype=tf.int32)
    fi = g.uniform_full_int([2], tf.int64)
    tn = g.truncated_normal([3], mean=1.0, stddev=2.0)
    b = g.uniform([2], minval=-1.0, maxval=3.0, dtype=tf.float64)
    g2 = tf.random.Generator.from_key_counter(key=7, counter=[5, 0], alg="philox")
    k = g2.normal([3])
    skipped = g2.skip(10)
    states = [tf.random.create_rng_state(1234, "philox"), tf.random.create_rng_state(2 ** 70 + 5, 1),
              tf.random.create_rng_state([1, 2], tf.random.Algorithm.PHILOX)]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        s0 = sess.run(g.state)
        draws = {key: sess.run(t) for key, t in dict(n=n, u=u, ui=ui, fi=fi, tn=tn, b=b).items()}  # in order:
        # independent RngReadAndSkip ops of one run advance the state in an order TF does not fix
        s1 = sess.run(g.state)
        again = sess.run(n)
        k_draw = sess.run(k)
        sess.run(skipped)
        s2 = sess.run(g2.state)
        rng_states = sess.run(states)
    out = {key: (a.tolist() if a.dtype.kind == "i" else _floats(a)) for key, a in draws.items()}
    return dict(out, s0=s0.tolist(), s1=s1.tolist(), again=_floats(again), k=_floats(k_draw), s2=s2.tolist(),
                rng_states=[s.tolist() for s in rng_states], alg=int(g.algorithm),
                algorithms=[tf.random.Algorithm.PHILOX.value, tf.random.Algorithm.THREEFRY.value,
                            tf.random.Algorithm.AUTO_SELECT.value],
                state_dtype=g.state.dtype.name)


def section_session_handles(tf):
    a = tf.constant(10.0)
    b = tf.constant(5.0)
    c = tf.multiply(a, b)
    h = tf.get_session_handle(c)
    with tf.Session() as sess:
        handle = sess.run(h)
        holder, tensor = tf.get_session_tensor(handle.handle, tf.float32)
        d = tf.add(tensor, 1.0)
        fed_string = sess.run(d, {holder: handle.handle})
        value_holder = tf.placeholder(tf.float32, [])
        fed_object = sess.run(value_holder * 2.0, {value_holder: handle})
        evaluated = handle.eval()
        h2 = sess.run(tf.get_session_handle(d), {holder: handle.handle})
        chained = sess.run(tensor, {holder: h2.handle})
        del_holder, deleter = tf.delete_session_tensor(handle.handle)
        sess.run(deleter, {del_holder: handle.handle})
        gone = _error(lambda: sess.run(d, {holder: handle.handle}))
    return dict(fed_string=float(fed_string), fed_object=float(fed_object), evaluated=float(evaluated),
                chained=float(chained), gone=gone, handle=handle.handle, handle2=h2.handle, handle_type=type(handle.handle).__name__,
                holder=[holder.dtype.name, str(holder.shape)], tensor_dtype=tensor.dtype.name,
                handle_op=h.op.type)


def section_dropout(tf):
    x = tf.ones([4, 5])
    sd = tf.nn.experimental.stateless_dropout(x, rate=0.5, seed=[1, 2])
    sd_shape = tf.nn.experimental.stateless_dropout(x, rate=0.3, seed=[3, 4], noise_shape=[4, 1])
    gd = tf.nn.experimental.general_dropout(
        x, rate=0.4, uniform_sampler=lambda shape, dtype: tf.random.stateless_uniform(shape, [5, 6], dtype=dtype))
    same = tf.nn.experimental.stateless_dropout(x, rate=0.0, seed=[1, 2])
    with tf.Session() as sess:
        out = sess.run(dict(sd=sd, sd_shape=sd_shape, gd=gd, same=same))
    return dict({k: _floats(a) for k, a in out.items()},
                bad_rate=_error(lambda: tf.nn.experimental.stateless_dropout(x, rate=1.0, seed=[1, 2])))


SECTIONS = [name for name in dir() if name.startswith("section_")]


def run_all(tf):
    out = {}
    for name in SECTIONS:
        with tf.Graph().as_default():
            try:
                out[name] = globals()[name](tf)
            except Exception as e:  # noqa: BLE001 - a failing section is recorded, the others still run
                out[name] = {"error": f"{type(e).__name__}: {e}"}
    return out


if __name__ == "__main__":
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    tf.disable_resource_variables()
    print(json.dumps(run_all(tf)))
