# tf.einsum with three or more operands: TF contracts them pairwise in the order opt_einsum's path picks
# (greedy by default) from the static shapes, one Einsum op per step; the rounding follows that order.
import numpy as np
import tensorflow as tf

r = np.random.RandomState(0)


def c(*shape):
    return tf.constant(r.randn(*shape).astype("float32"))


cases = [
    ("ij,jk,kl->il", [c(2, 3), c(3, 4), c(4, 5)], {}),
    ("ij,jk,kl,lm->im", [c(20, 3), c(3, 40), c(40, 5), c(5, 6)], {}),
    ("...ij,...jk,...kl->...il", [c(2, 2, 3), c(2, 3, 4), c(2, 4, 5)], {}),
    ("bij,bjk,bk->bi", [c(4, 2, 3), c(4, 3, 5), c(4, 5)], {}),
    ("i,i,i", [c(5), c(5), c(5)], {}),
    ("ab,bc,cd", [tf.placeholder(tf.float32, [None, 3]), c(3, 4), c(4, 6)], {}),
    ("ij,jk,kl->il", [c(2, 3), c(3, 4), c(4, 5)], {"optimize": "optimal"}),
    ("ij,jk,kl->il", [c(2, 3), c(3, 4), c(4, 5)], {"name": "chain"}),
]
feeds, outs = {}, []
for equation, operands, kwargs in cases:
    before = len(tf.get_default_graph().get_operations())
    e = tf.einsum(equation, *operands, **kwargs)
    steps = [op for op in tf.get_default_graph().get_operations()[before:] if op.type == "Einsum"]
    print(equation, kwargs, [(op.name, op.get_attr("equation").decode()) for op in steps], e.shape)
    for t in operands:
        if t.op.type == "Placeholder":
            feeds[t] = r.randn(7, 3).astype("float32")
    outs.append(e)
with tf.Session() as sess:
    for value in sess.run(outs, feeds):
        print(np.round(np.asarray(value, dtype=np.float64).ravel()[:8], 4).tolist())
