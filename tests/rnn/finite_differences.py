"""What the RNN and seq2seq gradient tables share: the float64 tensors of a nested result, and a central
difference of a loss in one element of a variable or of a fed input."""


def flat(value):
    """The tensors of a nested list/tuple result, in order."""
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in flat(v)]
    return [value]


def numeric(session, loss, target, value, feed, index, delta=1e-6):
    """d loss / d target[index] by central differences, setting `target` (a variable, or the fed input)."""
    results = []
    for sign in (1, -1):
        moved = value.copy()
        moved.flat[index] += sign * delta
        if target in feed:
            results.append(session.run(loss, {**feed, target: moved}))
        else:
            target.load(moved, session)
            results.append(session.run(loss, feed))
    if target not in feed:
        target.load(value, session)
    return (results[0] - results[1]) / (2 * delta)
