"""TF's CTC beam search (the CTCBeamSearchDecoder kernel, blank: the last class), step by step as TF runs it:
a tree of prefixes whose nodes persist for the whole sequence, each with its probabilities of ending in a blank
and in its label; at each step every prefix of the beam is rescored (log softmax of the logits) and its children
compete for the `beam_width` places; a prefix pushed out of the beam is reset and may come back as a child.
`merge_repeated` only merges repeated labels of the paths returned, as in TF."""

from __future__ import annotations

import numpy as np


class _Probs:
    __slots__ = ("blank", "label", "total")

    def __init__(self, zero):
        self.total = self.blank = self.label = zero


class _Entry:
    __slots__ = ("children", "label", "newp", "oldp", "parent")

    def __init__(self, parent, label, zero):
        self.parent, self.label = parent, label
        self.newp, self.oldp = _Probs(zero), _Probs(zero)
        self.children = None

    def active(self, zero) -> bool:
        return self.newp.total != zero

    def labels(self, merge_repeated: bool) -> list:
        out, prev, node = [], -1, self
        while node.parent is not None:
            if not merge_repeated or node.label != prev:
                out.append(node.label)
            prev, node = node.label, node.parent
        return out[::-1]


class _Beam:
    """TF's TopN of beam entries by total probability: at most `limit`; a newcomer that does not beat the worst
    is not kept."""

    def __init__(self, limit):
        self.limit, self.items = limit, []

    def push(self, entry):
        if len(self.items) < self.limit:
            self.items.append(entry)
            return
        worst = min(range(len(self.items)), key=lambda i: self.items[i].newp.total)
        if entry.newp.total > self.items[worst].newp.total:
            self.items[worst] = entry

    def bottom(self):
        return min(self.items, key=lambda e: e.newp.total)

    def extract(self) -> list:
        return sorted(self.items, key=lambda e: -e.newp.total)


def _log_sum_exp(a, b, zero):
    if a == zero:
        return b
    if b == zero:
        return a
    return np.logaddexp(a, b)


def beam_search(logits, beam_width: int, top_paths: int, merge_repeated: bool):
    """[(labels, log probability)] of the `top_paths` best prefixes after running the beam over `logits`
    [time, num_classes]."""
    dtype = logits.dtype.type
    zero = dtype(-np.inf)
    num_classes = logits.shape[1]
    blank = num_classes - 1
    root = _Entry(None, -1, zero)
    root.newp.total = root.newp.blank = dtype(0)
    leaves = _Beam(beam_width)
    leaves.push(root)
    for row in logits:
        shifted = row - row.max()
        scores = shifted - np.log(np.sum(np.exp(shifted)))  # log softmax
        branches = leaves.extract()
        leaves = _Beam(beam_width)
        for b in branches:
            b.oldp.total, b.oldp.blank, b.oldp.label = b.newp.total, b.newp.blank, b.newp.label
        for b in branches:
            if b.parent is not None:
                if b.parent.active(zero):
                    previous = b.parent.oldp.blank if b.label == b.parent.label else b.parent.oldp.total
                    b.newp.label = _log_sum_exp(b.newp.label, previous, zero)
                b.newp.label = dtype(b.newp.label + scores[b.label])
            b.newp.blank = dtype(b.oldp.total + scores[blank])
            b.newp.total = _log_sum_exp(b.newp.blank, b.newp.label, zero)
            leaves.push(b)

        def candidate(total, leaves=leaves):
            return total > zero and (len(leaves.items) < beam_width or total > leaves.bottom().newp.total)

        for b in branches:
            if not candidate(b.oldp.total):
                continue
            if b.children is None:
                b.children = [_Entry(b, label, zero) for label in range(num_classes - 1)]
            for c in b.children:
                if c.active(zero):
                    continue
                c.newp.blank = zero
                previous = b.oldp.blank if c.label == b.label else b.oldp.total
                c.newp.label = dtype(scores[c.label] + previous)
                c.newp.total = c.newp.label
                if candidate(c.newp.total):
                    if len(leaves.items) == beam_width:  # the bottom leaves the beam: it may come back later
                        leaves.bottom().newp = _Probs(zero)
                    leaves.push(c)
                else:
                    c.oldp, c.newp = _Probs(zero), _Probs(zero)
    best = leaves.extract()
    if top_paths > len(best):
        from ..framework import errors

        raise errors.InvalidArgumentError(None, None, "Less leaves in the beam search than requested.")
    return [(e.labels(merge_repeated), e.newp.total) for e in best[:top_paths]]
