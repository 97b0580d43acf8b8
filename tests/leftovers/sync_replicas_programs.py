"""TF1 programs training with tf.train.SyncReplicasOptimizer in one process, run both by
tools/record_leftovers.py (on TensorFlow) and by tests/leftovers/test_sync_replicas.py (on sessionflow). Each
takes the `tf` module and returns a dict of plain (JSON) values.

In one process the values a worker sees are deterministic only from its second step on: the first token is
already in the queue, so the first step does not wait for the chief's update (TF behaves the same). After step
n >= 2 the variables hold update n - 1 and the chief waits for the next gradient."""

from __future__ import annotations

import threading
import time

STEPS = 12
TARGET = 5


def _model(tf):
    x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    y = tf.constant([[1.0], [2.0], [3.0]])
    w = tf.Variable([[0.1], [-0.2]], name="w")
    b = tf.Variable([0.0], name="b")
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
    return w, b, loss


def _values(sess, fetches):
    return [v.tolist() if hasattr(v, "tolist") else v for v in sess.run(fetches)]


def _text(value):
    return value.decode() if isinstance(value, bytes) else value  # sessionflow's get_attr gives str


def _message(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the programs record TF's errors
        return [type(e).__name__, str(e)]
    return None


def graph(tf):
    """The ops and attributes SyncReplicasOptimizer adds, and its errors."""
    out = {}
    with tf.Graph().as_default():
        _, _, loss = _model(tf)
        gs = tf.train.get_or_create_global_step()
        opt = tf.train.SyncReplicasOptimizer(tf.train.GradientDescentOptimizer(0.1), replicas_to_aggregate=3,
                                             total_num_replicas=2)
        out["before_apply"] = [_message(opt.get_chief_queue_runner), _message(opt.get_init_tokens_op)]
        before = {op.name for op in tf.get_default_graph().get_operations()}
        train_op = opt.minimize(loss, global_step=gs)
        ops = [op for op in tf.get_default_graph().get_operations() if op.name not in before]
        out["ops"] = [[op.name, op.type] for op in ops  # its own ops: gradients and boolean_mask are not its
                      if not op.name.startswith(("gradients/", "report_uninitialized_variables/"))]
        out["accumulators"] = [[op.name, _text(op.get_attr("shared_name")),
                                tf.TensorShape(op.get_attr("shape")).as_list(), _text(op.get_attr("reduction_type"))]
                               for op in ops if op.type.endswith("ConditionalAccumulator")]
        out["train_op"] = [train_op.name, train_op.op.type, [t.name for t in train_op.op.inputs]]
        out["chief_init_op"] = [opt.chief_init_op.name, sorted(i.name for i in opt.chief_init_op.control_inputs)]
        out["local_step_init_op"] = opt.local_step_init_op.name
        out["ready_for_local_init_op"] = opt.ready_for_local_init_op.name
        qr = opt.get_chief_queue_runner()
        out["queue_runner"] = [qr.queue.name, [op.name for op in qr.enqueue_ops], qr.close_op.name, qr.cancel_op.name]
        out["init_tokens"] = [opt.get_init_tokens_op().name, opt.get_init_tokens_op(1).name,
                              opt.get_init_tokens_op(5).name, _message(lambda: opt.get_init_tokens_op(0))]
        out["local_variables"] = [v.name for v in tf.local_variables()]
        out["slots"] = [opt.get_slot_names(), [v.name for v in opt.variables()]]
        out["errors"] = [
            _message(lambda: tf.train.SyncReplicasOptimizer(tf.train.GradientDescentOptimizer(0.1), 1)
                     .apply_gradients([])),
            _message(lambda: tf.train.SyncReplicasOptimizer(tf.train.GradientDescentOptimizer(0.1), 1)
                     .minimize(loss)),
        ]
        none = tf.train.SyncReplicasOptimizer(tf.train.GradientDescentOptimizer(0.1), 1, 3)
        none.minimize(loss, global_step=gs)
        out["no_tokens"] = none.get_init_tokens_op(0).name
        hook = tf.train.SyncReplicasOptimizer(tf.train.GradientDescentOptimizer(0.1), 1).make_session_run_hook(True)
        out["hook_before_apply"] = _message(hook.begin)
    return out


def one_worker(tf):
    """replicas_to_aggregate=1: step for step, the chief applies each step's gradient (Momentum)."""
    out = {}
    with tf.Graph().as_default():
        w, b, loss = _model(tf)
        gs = tf.train.get_or_create_global_step()
        opt = tf.train.SyncReplicasOptimizer(tf.train.MomentumOptimizer(0.01, 0.9), replicas_to_aggregate=1,
                                             total_num_replicas=1)
        train_op = opt.minimize(loss, global_step=gs)
        hook = opt.make_session_run_hook(is_chief=True)
        log = []
        with tf.train.MonitoredTrainingSession(is_chief=True, hooks=[hook], stop_grace_period_secs=1) as sess:
            first = sess.run([train_op, loss])
            out["first_step"] = [first[0].tolist(), first[1].tolist()]
            for _ in range(STEPS):
                token, _ = sess.run([train_op, loss])
                log.append([token.tolist()] + _values(sess, [gs, w, b, loss]))
        out["steps"] = log[1:]  # the second step's own loss races with the chief's first update
        out["second_step_token"] = log[0][0]
    return out


def two_workers(tf):
    """Two worker threads share one session, replicas_to_aggregate=2 (Adam): each update is the mean of two
    gradients of the same variables, so the variables go through plain Adam's values, one update at a time.

    No initial tokens: each worker's first gradient (local step 0) is the first update's, and from then on
    every token a worker holds names the global step its next gradient is taken at, so none is dropped.
    Workers stop once the global step reaches TARGET; closing the session ends a worker waiting for a token."""
    out = {}
    with tf.Graph().as_default():
        w, b, loss = _model(tf)
        gs = tf.train.get_or_create_global_step()
        opt = tf.train.SyncReplicasOptimizer(tf.train.AdamOptimizer(0.05), replicas_to_aggregate=2,
                                             total_num_replicas=2)
        train_op = opt.minimize(loss, global_step=gs)
        hook = opt.make_session_run_hook(is_chief=True, num_tokens=0)
        finished = threading.Event()
        with tf.train.MonitoredTrainingSession(is_chief=True, hooks=[hook], stop_grace_period_secs=1) as sess:
            def work():
                try:
                    while sess.run(gs) < TARGET:
                        sess.run(train_op)
                except Exception:  # noqa: BLE001, S110 - the session closed while this worker waited
                    pass
                finished.set()

            threads = [threading.Thread(target=work) for _ in range(2)]
            for t in threads:
                t.start()
            finished.wait()
            settled, last = 0, None
            while settled < 3:  # the chief may still be applying the last update
                now = _values(sess, [gs, w, b])
                settled = settled + 1 if now == last else 0
                last = now
                time.sleep(0.02)
            out["final"] = last
        for t in threads:
            t.join()
    with tf.Graph().as_default():  # the same model and optimizer, one update per step, for reference
        w, b, loss = _model(tf)
        gs = tf.train.get_or_create_global_step()
        train_op = tf.train.AdamOptimizer(0.05).minimize(loss, global_step=gs)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            out["trajectory"] = [_values(sess, [gs, w, b])]
            for _ in range(STEPS):
                sess.run(train_op)
                out["trajectory"].append(_values(sess, [gs, w, b]))
    return out


def sparse_one_worker(tf):
    """An embedding's IndexedSlices gradient goes through a SparseConditionalAccumulator (replicas_to_aggregate=1)."""
    with tf.Graph().as_default():
        table = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], name="table")
        rows = tf.gather(table, [2, 0, 2])
        loss = tf.reduce_sum(tf.square(rows - 1.0))
        gs = tf.train.get_or_create_global_step()
        opt = tf.train.SyncReplicasOptimizer(tf.train.GradientDescentOptimizer(0.1), replicas_to_aggregate=1)
        train_op = opt.minimize(loss, global_step=gs)
        accumulators = [op.type for op in tf.get_default_graph().get_operations() if "Accumulator" in op.type]
        log = []
        with tf.train.MonitoredTrainingSession(hooks=[opt.make_session_run_hook(True)],
                                               stop_grace_period_secs=1) as sess:
            for _ in range(6):
                sess.run(train_op)
                log.append(_values(sess, [gs, table, loss]))
        return {"accumulators": accumulators, "steps": log[1:]}


PROGRAMS = {"graph": graph, "one_worker": one_worker, "sparse_one_worker": sparse_one_worker,
            "two_workers": two_workers}
