"""An MLP trained 20 steps with data_parallel(Adam) and with plain Adam in one process; prints JSON (the losses,
the mesh, the feeds' shardings, whether the compiled step all-reduces). Run by tests/xla/test_distribute.py
under XLA_FLAGS=--xla_force_host_platform_device_count=4 SESSIONFLOW_BACKEND=xla."""
import json, sys
import numpy as np
import jax
import sessionflow.runtime.backends.xla as X
import sessionflow as tf
from sessionflow.distribute import data_parallel
from sessionflow.runtime.backends.xla_cache import shape_key

def train(parallel, batch=64, steps=20):
    tf.reset_default_graph()
    rng = np.random.RandomState(0)
    x = tf.placeholder(tf.float32, [None, 32], name="x")
    y = tf.placeholder(tf.int64, [None], name="y")
    w1 = tf.Variable(rng.randn(32, 64).astype(np.float32) * 0.2)
    b1 = tf.Variable(np.zeros(64, np.float32))
    w2 = tf.Variable(rng.randn(64, 10).astype(np.float32) * 0.2)
    logits = tf.matmul(tf.nn.relu(tf.matmul(x, w1) + b1), w2)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    opt = tf.train.AdamOptimizer(0.01)
    train_op = (data_parallel(opt) if parallel else opt).minimize(loss)
    xs, ys = rng.rand(batch, 32).astype(np.float32), rng.randint(0, 10, batch)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = [float(sess.run([loss, train_op], {x: xs, y: ys})[0]) for _ in range(steps)]
        odd = float(sess.run([loss, train_op], {x: xs[:6], y: ys[:6]})[0])
        ex = [e for e in sess._executables.values() if getattr(e, "placement", None) is not None]
        info = {}
        if ex:
            e = ex[0]
            fed = [np.zeros((batch, 32), np.float32) if t.name == "x:0" else np.zeros(batch, np.int64) for t in e._feeds]
            fn = e._shapes.get(shape_key(fed))  # the compiled form of the full batch's shapes
            info["mesh"] = int(fn.mesh.devices.size)
            info["shardings"] = [str(s.spec) for s in fn.shardings(fed)]
            info["backend"] = e.backend
            vals = sess._store.values
            state = e._state()  # the variables as a run passes them (small ones packed)
            with X._x64():
                hlo = fn.jitted(fed).lower(fed, state).compile().as_text()
            info["all_reduce"] = "all-reduce" in hlo
            held = [a for k, (view, a) in sess._device_values.items() if vals.get(k) is view]
            held += [a for _, a in e._pack_held.values()]  # the packed small variables' buffers
            info["var_sharding"] = sorted({str(a.sharding.spec) for a in held})
    return losses, odd, info

a = train(False); b = train(True)
print(json.dumps({"devices": len(jax.devices()), "plain": a[0], "plain_odd": a[1], "dp": b[0], "dp_odd": b[1], "info": b[2]}))
