"""XLA-backend benchmark: one MLP training step and a trivial `sess.run`, on each engine.

    python bench/bench_xla.py                                   # sessionflow numpy/xla + hand-written JAX
    python bench/bench_xla.py --tf-python /root/tfenv/bin/python   # and TensorFlow 2.21 (compat.v1)
    python bench/bench_xla.py --example digits_cnn --tf-python ...  # an example program end to end

- mlp: 784-256-10, ReLU, sparse softmax cross-entropy, Adam, batch 128; one `sess.run(train_op, feed)`
  (random data). The hand-written JAX step is the same model and Adam update as one `jax.jit` function
  with the parameters and slots passed in and returned (donated), the usual way to write it in JAX.
- assign_add: `sess.run(v.assign_add(1.0))`, the smallest stateful run.

With `--example NAME`, examples/NAME.py runs end to end (interpreter start, imports, building, every
compile, training, printing) once per engine and round: `sessionflow run` under each backend, and the
same file under TensorFlow with `import tensorflow` bound to tensorflow.compat.v1. When TF's Python has
no scikit-learn, the digits data set and its split come from this interpreter's scikit-learn through a
small stand-in package on TF's path (the same arrays). The figure is the median wall time.

Engines: sessionflow on NumPy (SESSIONFLOW_BACKEND=numpy), sessionflow on XLA (SESSIONFLOW_BACKEND=xla),
sessionflow tiered (SESSIONFLOW_BACKEND=auto: measured once its background compile has settled),
TensorFlow (graph mode, `--tf-python`), JAX by hand. Each runs in its own subprocess, in turns (so all
see the same machine); a figure is the median over `--rounds` rounds of the median step time of a
round (after a warm-up that includes compiling, and a second of steps). Ratios are against TF and
against hand-written JAX.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

_MEASURE = r"""
import json, os, sys, time
import numpy as np
engine, steps = sys.argv[1], int(sys.argv[2])
rng = np.random.RandomState(0)
xs = rng.rand(128, 784).astype(np.float32); ys = rng.randint(0, 10, 128).astype(np.int64)

def median_us(fn, n):
    warm_until = time.perf_counter() + 1.0  # a second of runs first, the same for every engine, so that
    while time.perf_counter() < warm_until:  # no engine is timed in its first moments after compiling
        fn()
    times = []
    for _ in range(n):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    times.sort()
    return times[len(times) // 2] * 1e6

out = {}
if engine == "jax":
    import jax, jax.numpy as jnp
    def init():
        k = rng.randn
        return [jnp.asarray(k(784, 256).astype(np.float32) * 0.05), jnp.zeros(256, jnp.float32),
                jnp.asarray(k(256, 10).astype(np.float32) * 0.05), jnp.zeros(10, jnp.float32)]
    def loss_fn(p, x, y):
        h = jax.nn.relu(x @ p[0] + p[1]); logits = h @ p[2] + p[3]
        return -jnp.mean(jnp.take_along_axis(jax.nn.log_softmax(logits), y[:, None], 1))
    def step(p, m, v, t, x, y):
        g = jax.grad(loss_fn)(p, x, y)
        t = t + 1
        lr = 1e-3 * jnp.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
        m = [a + (b - a) * 0.1 for a, b in zip(m, g)]
        v = [a + (b * b - a) * 0.001 for a, b in zip(v, g)]
        p = [w - lr * a / (jnp.sqrt(b) + 1e-8) for w, a, b in zip(p, m, v)]
        return p, m, v, t
    step = jax.jit(step, donate_argnums=(0, 1, 2))
    state = [init(), [jnp.zeros_like(a) for a in init()], [jnp.zeros_like(a) for a in init()], jnp.float32(0)]
    def run():
        state[:] = step(*state, xs, ys)
        jax.block_until_ready(state[0])
    run()
    out["mlp"] = median_us(run, steps)
    c = [jnp.float32(0)]
    add = jax.jit(lambda v: v + 1.0, donate_argnums=0)
    def bump():
        c[0] = add(c[0]); jax.block_until_ready(c[0])
    bump()
    out["assign_add"] = median_us(bump, steps * 10)
else:
    if engine == "tf":
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
    else:
        os.environ["SESSIONFLOW_BACKEND"] = engine
        import sessionflow as tf
    x = tf.placeholder(tf.float32, [None, 784]); y = tf.placeholder(tf.int64, [None])
    w1 = tf.Variable(rng.randn(784, 256).astype(np.float32) * 0.05); b1 = tf.Variable(np.zeros(256, np.float32))
    w2 = tf.Variable(rng.randn(256, 10).astype(np.float32) * 0.05); b2 = tf.Variable(np.zeros(10, np.float32))
    logits = tf.matmul(tf.nn.relu(tf.matmul(x, w1) + b1), w2) + b2
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    train = tf.train.AdamOptimizer(1e-3).minimize(loss)
    c = tf.Variable(0.0); bump = c.assign_add(1.0)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        feed = {x: xs, y: ys}
        def settle(fn, leaves, feeds):  # "auto": run until it is decided where the plan runs (compile, trials)
            fn()
            deadline = time.monotonic() + 60
            while engine == "auto" and time.monotonic() < deadline:
                e = sess._executable(leaves, feeds)
                if e.reason is not None or (e.backend == "xla" and not e._trials):
                    break
                fn()
        for _ in range(3):
            sess.run(train, feed)
        settle(lambda: sess.run(train, feed), (train,), feed)
        out["mlp"] = median_us(lambda: sess.run(train, feed), steps)
        for _ in range(3):
            sess.run(bump)
        settle(lambda: sess.run(bump), (bump,), {})
        out["assign_add"] = median_us(lambda: sess.run(bump), steps * 10)
print(json.dumps(out))
"""

ENGINES = ("numpy", "xla", "auto", "tf", "jax")
_RATIOS = (("xla", "tf"), ("xla", "jax"), ("auto", "tf"), ("auto", "jax"), ("numpy", "tf"))


_TF_EXAMPLE = r"""
import sys, tensorflow.compat.v1 as tf
tf.disable_eager_execution()
sys.modules["tensorflow"] = tf
sys.argv = [sys.argv[1]]
exec(compile(open(sys.argv[0]).read(), sys.argv[0], "exec"), {"__name__": "__main__"})
"""

_SKLEARN_STANDIN = {
    "__init__.py": "",
    "datasets.py": "import numpy as np, os, types\n"
                   "def load_digits():\n"
                   "    d = np.load(os.path.join(os.path.dirname(__file__), 'digits.npz'))\n"
                   "    return types.SimpleNamespace(images=d['images'], target=d['target'])\n",
    "model_selection.py": "import numpy as np, os\n"
                          "def train_test_split(*arrays, **kwargs):  # the split scikit-learn made (test_size=0.25, random_state=0)\n"
                          "    d = np.load(os.path.join(os.path.dirname(__file__), 'digits.npz'))\n"
                          "    return [d[k] for k in ('x_train', 'x_test', 'y_train', 'y_test')]\n",
}


def _sklearn_standin(tf_python: str, env: dict) -> dict:
    """TF's environment, with a scikit-learn stand-in on its path when it has none."""
    if subprocess.run([tf_python, "-c", "import sklearn"], capture_output=True).returncode == 0:
        return env
    import tempfile

    import numpy as np
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    root = tempfile.mkdtemp(prefix="bench-sklearn-")
    os.makedirs(os.path.join(root, "sklearn"))
    for name, text in _SKLEARN_STANDIN.items():
        with open(os.path.join(root, "sklearn", name), "w") as f:
            f.write(text)
    digits = load_digits()
    images = digits.images.astype(np.float32)[..., np.newaxis] / 16.0
    x_train, x_test, y_train, y_test = train_test_split(images, digits.target, test_size=0.25, random_state=0)
    np.savez(os.path.join(root, "sklearn", "digits.npz"), images=digits.images, target=digits.target,
             x_train=x_train, x_test=x_test, y_train=y_train, y_test=y_test)
    return dict(env, PYTHONPATH=root + os.pathsep + env.get("PYTHONPATH", ""))


def run_example(name: str, tf_python: str | None, rounds: int, env: dict):
    """examples/NAME.py end to end under each engine: median wall seconds, and TF's ratio."""
    import time

    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join(here, "examples", name + ".py")
    tf_env = _sklearn_standin(tf_python, dict(env, TF_CPP_MIN_LOG_LEVEL="3")) if tf_python else None
    engines = ["numpy", "xla", "auto"] + (["tf"] if tf_python else [])
    walls = {e: [] for e in engines}
    outputs = {}
    for _ in range(rounds):
        for engine in engines:
            if engine == "tf":
                command, run_env = [tf_python, "-c", _TF_EXAMPLE, path], tf_env
            else:
                command, run_env = [sys.executable, "-m", "sessionflow", "run", path], dict(env, SESSIONFLOW_BACKEND=engine)
            start = time.perf_counter()
            done = subprocess.run(command, env=run_env, capture_output=True, text=True)
            walls[engine].append(time.perf_counter() - start)
            if done.returncode != 0:
                print(f"{engine}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
            outputs[engine] = done.stdout.strip().splitlines()[-1:] if done.stdout.strip() else []
    print(f"examples/{name}.py end to end, median of {rounds} rounds, {os.cpu_count()} CPUs")
    for engine in engines:
        med = statistics.median(walls[engine])
        ratio = f"{med / statistics.median(walls['tf']):.2f}x TF" if "tf" in walls else ""
        print(f"{engine:>6} {med:8.2f} s {ratio:>10}   {' '.join(outputs[engine])}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tf-python", default=os.environ.get("SESSIONFLOW_BENCH_TF_PYTHON"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--example", help="run examples/EXAMPLE.py end to end instead (e.g. digits_cnn)")
    args = parser.parse_args(argv)
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=here + os.pathsep + os.environ.get("PYTHONPATH", ""))
    if args.example:
        return run_example(args.example, args.tf_python, args.rounds, env)
    results = {e: {} for e in ENGINES}
    for _ in range(args.rounds):
        for engine in ENGINES:
            python = args.tf_python if engine == "tf" else sys.executable
            if python is None:
                continue
            done = subprocess.run([python, "-c", _MEASURE, engine, str(args.steps)], env=env,
                                  capture_output=True, text=True)
            if done.returncode != 0:
                print(f"{engine}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
                continue
            for name, us in json.loads(done.stdout.strip().splitlines()[-1]).items():
                results[engine].setdefault(name, []).append(us)
    print(f"{'benchmark':<12}" + "".join(f"{e:>12}" for e in ENGINES) + "".join(f"{a}/{b}".rjust(9) for a, b in _RATIOS))
    for name in ("mlp", "assign_add"):
        med = {e: statistics.median(results[e][name]) if results[e].get(name) else None for e in ENGINES}
        row = f"{name:<12}" + "".join(f"{med[e]:>10.1f}us" if med[e] else f"{'-':>12}" for e in ENGINES)
        for a, b in _RATIOS:
            row += f"{med[a] / med[b]:>9.2f}" if med[a] and med[b] else f"{'-':>9}"
        print(row)


if __name__ == "__main__":
    main()
