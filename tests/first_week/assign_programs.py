"""`Variable.assign/assign_add/assign_sub(..., read_value=False)` return the update Operation, and
the functional tf.assign forms, for reference and resource variables, with TF's op names."""

from __future__ import annotations

from .harness import registry

PROGRAMS, program = registry()


def _kind(tf, value) -> str:
    if isinstance(value, tf.Operation):
        return "Operation"
    if isinstance(value, tf.Tensor):
        return "Tensor"
    return type(value).__name__


def _assignments(tf, use_resource):
    graph = tf.Graph()
    with graph.as_default():
        v = tf.Variable(1.0, name="v", use_resource=use_resource)
        records, runs = [], []
        for method, arg in (("assign", 5.0), ("assign_add", 2.0), ("assign_sub", 0.5)):
            op = getattr(v, method)(arg, read_value=False)
            named = getattr(v, method)(arg, read_value=False, name=f"my_{method}")
            records.append([method, _kind(tf, op), op.name, op.type, named.name, [t.name for t in op.inputs]])
            runs.append(op)
        with tf.Session() as sess:
            sess.run(v.initializer)
            values = []
            for op in runs:
                values.append([sess.run(op), sess.run(v)])
            read = v.assign(7.0)  # read_value=True: the new value
            values.append(sess.run(read))
        if not use_resource:
            records.append(["assign read", _kind(tf, read), read.name])
    return {"records": records, "values": values}


@program
def assign_read_value_reference(tf):
    return _assignments(tf, use_resource=False)


@program
def assign_read_value_resource(tf):
    return _assignments(tf, use_resource=True)


@program
def functional_assign_forms(tf):
    graph = tf.Graph()
    with graph.as_default():
        v = tf.Variable([1.0, 2.0], name="v")
        ops = [tf.assign(v, [3.0, 4.0]), tf.assign_add(v, [1.0, 1.0]), tf.assign_sub(v, [0.5, 0.5]),
               tf.assign(v, [0.0, 0.0], name="reset")]
        with tf.Session() as sess:
            sess.run(v.initializer)
            values = [sess.run(op) for op in ops]
    return {"ops": [[_kind(tf, op), op.name, op.op.type] for op in ops], "values": values}
