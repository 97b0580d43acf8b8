"""Why does re-running tf.global_variables_initializer() reset my variables? Ask `explain`.

Run:  sessionflow run examples/why_reinit.py     (or: python3 examples/why_reinit.py)
For every sess.run of any TF1 script:  sessionflow explain SCRIPT

`tf.global_variables_initializer()` is a group of each variable's initializer, an Assign of its
initial value. A sess.run executes the ops it is asked for every time, so running the initializer
again re-executes each Assign: the variable goes back to its initial value, and an initial value
drawn by a random op is drawn anew. `tf.uninitialized_variables_initializer()` is the
initialize-once initializer: it sets only the variables that have no value yet in the session.
"""
import sessionflow as tf
from sessionflow import explain

tf.set_random_seed(42)  # seeded: the printed numbers are the same on every run

counter = tf.Variable(0, name="counter")
weights = tf.Variable(tf.random_normal([3]), name="weights")
increment = counter.assign_add(1)
init = tf.global_variables_initializer()
init_once = tf.uninitialized_variables_initializer()

print("1. Re-running tf.global_variables_initializer() re-executes each variable's Assign")
with explain.trace() as trace, tf.Session() as sess:
    sess.run(init)
    sess.run(increment)
    sess.run(increment)
    sess.run(init)  # the question: does this change anything?

again = trace.runs[-1]
print("   ops the second init executed:", ", ".join(step.name for step in again.executed))
for name, change in again.changed.items():
    print(f"   {name}: {change.before_summary} -> {change.after_summary}, set by "
          f"{', '.join(op.name for op in change.ops)}" +
          (f" (new random values from {', '.join(change.random_ops)})" if change.random_ops else ""))
print()
print(trace.render(runs=[again.index], primer=False))

print("2. tf.uninitialized_variables_initializer() initializes only once")
with explain.trace() as trace, tf.Session() as sess:
    sess.run(init_once)
    sess.run(increment)
    sess.run(init_once)  # counter has a value now: left alone
    print("   counter after init-once, increment, init-once:", sess.run(counter))

again = trace.runs[2]
print("   variables the second init-once changed:", sorted(again.changed) or "none")
print()
print(trace.render(runs=[again.index], primer=False))
