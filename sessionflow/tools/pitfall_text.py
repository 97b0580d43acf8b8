"""The words of `sessionflow.pitfalls`: each kind's title, what happened, what to do, and the one-paragraph
warning `sessionflow run` prints. Every function takes the Pitfall and `site((file, line)) -> str`, which
names places (relative to the script's directory)."""

from __future__ import annotations

# --- the words --------------------------------------------------------------------------------------

def _names(names, limit: int = 6) -> str:
    names = list(names)
    if len(names) > limit:
        names = names[:limit - 1] + [f"{len(names) - limit + 1} more"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _ops(types) -> str:
    unique = list(dict.fromkeys(types))
    shown = ", ".join(unique[:5]) + (", ..." if len(unique) > 5 else "")
    return f"{len(types)} op{'s' if len(types) != 1 else ''} ({shown})"


def _plural(items, one: str, many: str) -> str:
    return one if len(items) == 1 else many


def _growth_where(p, site) -> str:
    f = p.facts
    where = " and ".join(f"{site(s)} created {_ops(f['per_site'][s])}" for s in f["sites"])
    before, after = f["intervals"][-1]
    earlier = " and ".join(f"between runs {b} and {a}" for b, a in f["intervals"][:-1])
    pronoun = _plural(f["sites"], "it", "they")
    return f"{where} between runs {before} and {after}, as {pronoun} did {earlier}"


def _growth_text(p, site) -> list:
    f = p.facts
    history = [f["history"][s] for s in f["sites"]]
    times, total, last = max(h[0] for h in history), sum(h[1] for h in history), max(h[2] for h in history)
    lines = _plural(f["sites"], "that line", "those lines")
    return [(f"The graph grew while the program ran: {_growth_where(p, site)}. In all, {lines} created {total} ops "
             f"between runs, {times} times, up to run {last}. An op stays in the graph for good, so a graph that "
             "grows in a loop takes more memory with every iteration, and each sess.run of new ops is planned "
             "from scratch.")]


def _growth_warning(p, site) -> str:
    return f"the graph grows inside a loop: {_growth_where(p, site)}."


def _values_text(p) -> str:
    f = p.facts
    values = f["values"]
    if any(values[k] is None for k in f["variables"]):
        return (f"this reset {_plural(values, 'it', 'them')} to {_plural(values, 'its', 'their')} initial "
                f"value{'' if len(values) == 1 else 's'}")
    parts = []
    for k in f["variables"]:
        before, after, _, random = values[k]
        short = len(before) + len(after) <= 60
        if random:
            parts.append(f"{k} went from {before} to a new random initial value {after}" if short else
                         f"{k} got a new random initial value")
        else:
            parts.append(f"{k} went from {before} back to its initial value {after}" if short else
                         f"{k} went back to its initial value")
    return "; ".join(parts)


def _reset_head(p, site) -> str:
    f = p.facts
    spans = [f["values"][k][2] for k in f["variables"] if f["values"][k] is not None]
    if spans:
        first, last = min(s[0] for s in spans), max(s[1] for s in spans)
        by = f"run {first}" if first == last else f"runs {first} to {last}"
        changed = f"after {by} had changed {_plural(f['variables'], 'it', 'them')}"
    else:
        changed = f"after other runs had changed {_plural(f['variables'], 'it', 'them')}"
    initializers = _plural(f["variables"], "the initializer", "the initializers")
    return (f"run {p.runs[0]} (sess.run at {site(f['site'])}) ran {initializers} of {_names(f['variables'])} again "
            f"{changed}")


def _reset_text(p, site) -> list:
    f = p.facts
    used = (f" Run {p.runs[1]} (at {site(f['used_at'])}) then used the reset "
            f"{_plural(f['variables'], 'value', 'values')}: whatever the runs in between did to "
            f"{_plural(f['variables'], 'it', 'them')} (training steps, assignments, a restored checkpoint) was lost."
            ) if len(p.runs) > 1 else ""
    head = _reset_head(p, site)
    return [f"{head[0].upper()}{head[1:]}: {_values_text(p)}.{used}"]


def _reset_warning(p, site) -> str:
    f = p.facts
    them = _plural(f["variables"], "it", "them")
    return (f"{_reset_head(p, site)}, resetting {them} to {_plural(f['variables'], 'its', 'their')} initial "
            f"value{'' if len(f['variables']) == 1 else 's'}, and run {p.runs[1]} at {site(f['used_at'])} used {them}.")


def _redraw_text(p, site) -> list:
    f = p.facts
    names = _names(f["variables"])
    values = "; ".join(f"{k} went from {before} to {after}" for k, (before, after) in f["values"].items())
    return [(f"Run {p.runs[0]} (sess.run at {site(f['site'])}) ran the initializer of {names} again. Nothing had "
             f"changed {_plural(f['variables'], 'it', 'them')} since the last initialization, but the initial value "
             f"is random, and an initializer draws new random values every time it runs: {values}.")]


def _blocker_text(blockers, site) -> str:
    if not blockers:
        return "ops that pass no gradient"
    parts = []
    for op, why in blockers:
        made = f"made at {site(op.site)}" if op.site else "made by sessionflow"
        named = f"{op.name} ({made})" if op.name == op.type else f"{op.name} ({op.type}, {made})"
        if why == "stop_gradient":
            parts.append(f"tf.stop_gradient, {named}")
        elif why == "no_gradient":
            parts.append(f"{named}, which has no gradient")
        else:
            parts.append(f"{named}, whose output is {why.split(':', 1)[1]}: gradients do not flow through "
                         "integers")
    return " and ".join(parts)


def _issue_text(issue, site) -> str:
    key, var_op, reason, blockers = issue
    head = f"{key} (made at {site(var_op.site)})" if var_op.site else key
    return head + {
        "no_path": ": the loss does not depend on it, so its gradient is None.",
        "blocked": f": its gradient is None: the loss depends on it only through {_blocker_text(blockers, site)}.",
        "no_gradient": ": its gradient is None.",
        "var_list": ": the loss depends on it, but the var_list given to the optimizer leaves it out.",
        "not_trainable": ": the loss depends on it, but it was created with trainable=False, so the optimizer "
                         "leaves it out.",
    }[reason]


def _issue_short(issue, site) -> str:
    key, _, reason, blockers = issue
    if reason == "blocked" and blockers:
        op = blockers[0][0]
        return f"{key} (its gradient is None: it reaches the loss only through {op.type} at {site(op.site)})"
    return key + {"no_path": " (the loss does not depend on it)", "blocked": " (its gradient is None)",
                  "no_gradient": " (its gradient is None)", "var_list": " (left out of var_list)",
                  "not_trainable": " (trainable=False)"}[reason]


def _training_head(p, site) -> str:
    op = p.facts["op"]
    made = f", made at {site(op.site)}" if op.site else ""
    return f"the training op {op.name} ({op.type}{made})"


def _untrained_text(p, site) -> list:
    f = p.facts
    more = f" and {len(p.runs) - 1} later run{'s' if len(p.runs) > 2 else ''}" if len(p.runs) > 1 else ""
    issues = f["issues"]
    return [(f"Run {p.runs[0]} (sess.run at {site(f['site'])}){more} ran {_training_head(p, site)}, which never "
             f"changes {_plural(issues, 'this variable', f'these {len(issues)} variables')}:"),
            *("- " + _issue_text(issue, site) for issue in issues),
            ('TensorFlow raises "No gradients provided for any variable" only when no variable gets a gradient; '
             "otherwise it skips the others without a word.")]


def _untrained_warning(p, site) -> str:
    issues = "; ".join(_issue_short(issue, site) for issue in p.facts["issues"])
    return (f"{_training_head(p, site)}, run at {site(p.facts['site'])} (run {p.runs[0]}), never changes "
            f"{issues}. TensorFlow skips such variables silently.")


TITLES = {
    "graph_growth": "The graph grows inside a loop",
    "init_after_training": "An initializer ran again after other runs had changed its variables",
    "untrained_variable": "A training op never changes some variables",
    "init_redraw": "An initializer ran again and drew new random initial values",
}
TEXT = {"graph_growth": _growth_text, "init_after_training": _reset_text, "untrained_variable": _untrained_text,
         "init_redraw": _redraw_text}
WARNING = {"graph_growth": _growth_warning, "init_after_training": _reset_warning,
            "untrained_variable": _untrained_warning}
ADVICE = {
    "graph_growth": "Build every op once, before the loop, and only sess.run it inside: for example "
                    "increment = tf.assign(v, v + 1) before the loop and sess.run(increment) in it; make one "
                    "tf.train.Saver() before the loop too. Call tf.get_default_graph().finalize() once the graph is "
                    "built: creating an op after that raises an error at the line that does it.",
    "init_after_training": "Run the initializer once, before training. For variables created later, run "
                           "tf.variables_initializer([those variables]) rather than tf.global_variables_initializer(); "
                           "restore a checkpoint after initializing, not before.",
    "untrained_variable": "Compute the loss from every variable you mean to train, through ops that have gradients "
                          "(argmax, casts to integers, rounding and tf.stop_gradient pass none); give the optimizer "
                          "the var_list you mean; create a variable that should stay fixed with trainable=False.",
    "init_redraw": "Run the initializer once. An initial value drawn at random is drawn again each time its "
                   "initializer runs.",
}
SHORT_ADVICE = {
    "graph_growth": "Build ops once, before the loop, and only sess.run them inside; call "
                    "tf.get_default_graph().finalize() after building to catch this.",
    "init_after_training": "Run the initializer once, before training; for variables created later, run "
                           "tf.variables_initializer([...]) with just those.",
    "untrained_variable": "Check that the loss uses every variable you mean to train, through ops that have "
                          "gradients, and the optimizer's var_list.",
}
