"""Rendering `sessionflow.explain` traces: a plain-text report for people, and JSON for programs.

The text is written for a reader who has never seen a dataflow graph: each `sess.run` call is one
block saying where it was called, what it asked for, which ops ran, which variables they set (from
what, to what) and, in words, why. A history of every variable closes the report, so "why did my
variable go back to 1.0?" is answered by reading one line.
"""

from __future__ import annotations

import os
import textwrap

from ..explain import RANDOM_OP_TYPES, random_ancestors, variable_initializers

WIDTH = 100
LONG_RUN = 30  # runs with more executed ops than this are collapsed by name scope (unless all_ops)
MAX_GROUP_LINES = 40
REPEAT_COLLAPSE = 3  # this many identical consecutive runs or more are shown as first, "...", last
VARIABLE_TYPES = ("VariableV2", "VarHandleOp")

PRIMER = """\
How to read this: a TensorFlow 1.x program first builds a graph of operations ("ops"); building
runs nothing. Each sess.run(...) call then executes the ops needed to compute what it was asked
for ("fetched"), every time it is called: nothing is cached between calls. A variable keeps its
value between calls until an op (an Assign, or a variable's initializer) sets it. Each block below
is one sess.run call, in the order the program made them."""


# --- selection ----------------------------------------------------------------------------------

def parse_run_spec(spec: str) -> list:
    """'3' -> [3]; '2-5' -> [2, 3, 4, 5]; '1,4' -> [1, 4]."""
    numbers = []
    for part in str(spec).split(","):
        part = part.strip()
        if "-" in part[1:]:
            low, high = part.split("-", 1)
            numbers.extend(range(int(low), int(high) + 1))
        elif part:
            numbers.append(int(part))
    return numbers


def _mentions(record, text: str) -> bool:
    text = text.lower()
    names = [record.source, *(f.name for f in record.fetched), *(f.tensor.name for f in record.fed),
             *(s.op.name for s in record.executed), *record.written]
    if record.site:
        names.append(f"{os.path.basename(record.site[0])}:{record.site[1]}")
    if record.error is not None:
        names.append(record.error.message)
    return any(text in name.lower() for name in names)


def select(records, runs=None, match=None) -> list:
    """The records numbered in `runs` (ints or specs like '2-5') and mentioning `match`."""
    chosen = list(records)
    if runs:
        wanted = set()
        for spec in ([runs] if isinstance(runs, (int, str)) else runs):
            wanted.update(parse_run_spec(spec) if isinstance(spec, str) else [int(spec)])
        chosen = [r for r in chosen if r.index in wanted]
    if match:
        chosen = [r for r in chosen if _mentions(r, match)]
    return chosen


# --- naming things ------------------------------------------------------------------------------

class _Namer:
    """Sites relative to the trace's base directory, and facts about a graph (initializers...)."""

    def __init__(self, base_dir: str):
        self.base_dir = base_dir
        self._graphs: dict = {}

    def site(self, site) -> str:
        if not site:
            return "an unknown place"
        filename, line = site
        try:
            relative = os.path.relpath(filename, self.base_dir)
        except ValueError:
            relative = filename
        if relative.startswith(".."):
            relative = filename
        return f"{relative}:{line}"

    def made_at(self, op) -> str:
        return f"made at {self.site(op.site)}" if op.site else "made by sessionflow"

    def initializers(self, graph) -> dict:
        facts = self._graphs.get(graph)
        if facts is None:
            facts = self._graphs[graph] = variable_initializers(graph)
        return facts

    def variable_of_read(self, op):
        """The variable a tensor of `op` is (VariableV2 itself, or its read/Identity), else None."""
        if op.type in VARIABLE_TYPES:
            return op.name
        if op.type in ("Identity", "ReadVariableOp") and op.inputs and op.inputs[0].op.type in VARIABLE_TYPES:
            return op.inputs[0].op.name
        return None

    def variable_site(self, graph, key: str) -> str:
        try:
            op = graph.get_operation_by_name(key)
        except (KeyError, ValueError):
            return ""
        return self.site(op.site) if op.site else ""


def _tensor_spec(tensor) -> str:
    dtype = tensor.dtype.base_dtype.name
    shape = tensor.shape
    dims = getattr(shape, "dims", None)
    if dims is not None and len(dims) == 0:
        return f"{dtype} scalar"
    return f"{dtype}, shape {shape}"


def _wrap(text: str, indent: str = "", hanging: str = " " * 14) -> list:
    """`text` wrapped at WIDTH; continuation lines are indented by `hanging`."""
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=hanging,
                         break_long_words=False, break_on_hyphens=False) or [indent]


def _label(text: str, width: int = 10) -> str:
    return "  " + text.ljust(width) + "  "


# --- one run ------------------------------------------------------------------------------------

def _initializer_group(record, namer):
    """For a fetched op that groups variable initializers: (kind, variable names), else None."""
    inits = namer.initializers(record.graph)
    for fetched in record.fetched:
        element = fetched.element
        if not fetched.is_operation or element.type != "NoOp" or not element.control_inputs:
            continue
        controls = element.control_inputs
        if all(c.name in inits for c in controls):
            return element, "all", [inits[c.name] for c in controls]
        if all(c.type == "InitializeIfNeeded" for c in controls):
            return element, "once", [c.inputs[0].op.name for c in controls if c.inputs]
    return None


def _fetched_lines(record, namer) -> list:
    if not record.fetched:
        return [_label("Fetched") + "nothing"]
    lines = []
    for i, fetched in enumerate(record.fetched):
        element = fetched.element
        head = _label("Fetched" if i == 0 else "")
        if fetched.is_operation:
            text = (f"{element.name}: an op ({element.type}, {namer.made_at(element)}); "
                    "running an op returns None")
        else:
            variable = namer.variable_of_read(element.op)
            if variable is not None:
                text = f"{element.name}: the value of the variable {variable} ({_tensor_spec(element)})"
            else:
                text = (f"{element.name}: output {element.value_index} of {element.op.name} "
                        f"({element.op.type}, {namer.made_at(element.op)}; {_tensor_spec(element)})")
            if record.finished and record.error is None:
                text += f" -> returned {fetched.summary}"
        lines += _wrap(head + text, "")
    return lines


def _fed_lines(record) -> list:
    if not record.fed:
        return [_label("Fed") + "nothing"]
    lines = []
    for i, fed in enumerate(record.fed):
        lines += _wrap(_label("Fed" if i == 0 else "") + f"{fed.tensor.name} <- {fed.summary}", "")
    return lines


def _notes(record) -> dict:
    """Step index -> notes ('set v', 'drew new random values')."""
    notes: dict = {}
    for w in record.writes:
        text = f"set {w.variable}"
        if text not in notes.setdefault(w.step, []):
            notes[w.step].append(text)
    drew = set(record.drew)
    for i, step in enumerate(record.executed):
        if step.op in drew and step.op.type in RANDOM_OP_TYPES:
            notes.setdefault(i, []).append("drew new random values")
    return notes


def _scope(name: str) -> str:
    return name.split("/", 1)[0]


def _op_line(number: int, op, namer, notes, width: tuple) -> str:
    note = ("   " + ", ".join(notes)) if notes else ""
    return f"    {number:>4}. {op.name.ljust(width[0])}  {op.type.ljust(width[1])}  {namer.made_at(op)}{note}"


def _executed_lines(record, namer, all_ops: bool) -> list:
    steps = record.executed
    failing = record.error.op if record.error is not None else None
    shown_ops = [s.op for s in steps] + ([failing] if failing is not None else [])
    width = (min(40, max((len(op.name) for op in shown_ops), default=0)),
             min(22, max((len(op.type) for op in shown_ops), default=0)))
    if not steps:
        lines = [_label("Executed") + "no ops" + (" (reading a variable's value needs no computation)"
                                                  if record.fetched and not record.error else "")]
        if failing is not None:
            lines.append(_op_line(1, failing, namer, ["FAILED here, before it could finish"], width))
        return lines
    notes = _notes(record)
    count = f"{len(steps)} op{'s' if len(steps) != 1 else ''}"
    lines = [_label("Executed") + f"{count}, in this order:"]
    if len(steps) <= LONG_RUN:
        lines += [_op_line(i + 1, s.op, namer, notes.get(i), width) for i, s in enumerate(steps)]
    else:
        groups = []  # [scope, first index, last index]
        for i, step in enumerate(steps):
            key = _scope(step.op.name)
            if groups and groups[-1][0] == key:
                groups[-1][2] = i
            else:
                groups.append([key, i, i])
        if all_ops:
            for key, first, last in groups:
                if last > first:
                    lines.append(f"      {key}/  ({last - first + 1} ops)")
                lines += [_op_line(i + 1, steps[i].op, namer, notes.get(i), width) for i in range(first, last + 1)]
        else:
            rendered = [_group_line(key, first, last, steps, notes, namer, width) for key, first, last in groups]
            if len(rendered) > MAX_GROUP_LINES:
                head, tail = rendered[:MAX_GROUP_LINES - 10], rendered[-10:]
                hidden = groups[len(head):len(groups) - 10]
                hidden_ops = sum(last - first + 1 for _, first, last in hidden)
                rendered = head + [f"            ... {len(hidden)} more groups ({hidden_ops} ops) ..."] + tail
            lines += rendered
            lines.append("            (ops grouped by name scope; `--ops` lists every op)")
    if failing is not None and all(s.op is not failing for s in steps[-1:]):
        lines.append(_op_line(len(steps) + 1, failing, namer, ["FAILED here, before it could finish"], width))
    return lines


def _group_line(key, first, last, steps, notes, namer, width) -> str:
    if first == last:
        return _op_line(first + 1, steps[first].op, namer, notes.get(first), width)
    types: dict = {}
    for step in steps[first:last + 1]:
        types[step.op.type] = types.get(step.op.type, 0) + 1
    shown = ", ".join(f"{t} x{n}" if n > 1 else t for t, n in list(types.items())[:6])
    if len(types) > 6:
        shown += ", ..."
    group_notes = []
    for i in range(first, last + 1):
        for note in notes.get(i, ()):
            if note not in group_notes:
                group_notes.append(note)
    note = ("   " + ", ".join(group_notes)) if group_notes else ""
    numbers = f"{first + 1}-{last + 1}"
    return f"    {numbers:>9}  {(key + '/').ljust(width[0])}  {last - first + 1} ops ({shown}){note}"


def _variable_lines(record) -> list:
    if not record.writes:
        return [_label("Variables") + "none set (this run changed no variable)"]
    lines = []
    by_variable: dict = {}
    for w in record.writes:
        by_variable.setdefault(w.variable, []).append(w)
    width = max(len(v) for v in by_variable)
    for i, (variable, ws) in enumerate(by_variable.items()):
        first, last = ws[0], ws[-1]
        writers = list(dict.fromkeys(w.op.name for w in ws))
        times = f", {len(ws)} writes" if len(ws) > 1 else ""
        same = "   (the same value it already had)" if all(w.same for w in ws) else ""
        text = (f"{variable.ljust(width)}  {first.before_summary} -> {last.after_summary}   "
                f"set by {', '.join(writers)}{times}{same}")
        lines += _wrap(_label("Variables" if i == 0 else "") + text, "")
    return lines


def _describe_writer(op, variable, inits, namer) -> str:
    if inits.get(op.name) == variable:
        return f"{op.name}, the initializer of {variable},"
    return f"{op.name} (the {op.type} op {namer.made_at(op)})"


def _in_words(record, namer) -> list:
    sentences = []
    inits = namer.initializers(record.graph)
    group = _initializer_group(record, namer)
    if group is not None:
        element, kind, variables = group
        names = ", ".join(variables)
        if kind == "all":
            what = (f"the initializer op of each of its {len(variables)} variables ({names}), so running it runs "
                    "every one of them again" if len(variables) != 1 else
                    f"the initializer op of its one variable, {names}, so running it runs that initializer again")
            sentences.append(
                f"{element.name} ({namer.made_at(element)}) is a variables initializer such as "
                f"tf.global_variables_initializer(): a group of {what}, every time.")
        else:
            sentences.append(
                f"{element.name} ({namer.made_at(element)}) is tf.uninitialized_variables_initializer(): it sets "
                f"only the variables ({names}) that have no value yet in this session.")
    drawn = {op.name for op in record.drew}
    by_variable: dict = {}
    for w in record.writes:
        by_variable.setdefault(w.variable, []).append(w)
    for variable, ws in by_variable.items():
        first, last = ws[0], ws[-1]
        writer = last.op
        who = _describe_writer(writer, variable, inits, namer)
        randoms = [r for r in random_ancestors(writer) if r in drawn]
        random_note = (f" These are new random numbers, drawn just now by {', '.join(randoms)}: a random op "
                       "draws new numbers every time it runs.") if randoms else ""
        times = f" ({len(ws)} times in this run)" if len(ws) > 1 else ""
        is_init = inits.get(writer.name) == variable
        value = last.after_summary
        if len(value) > 48 or len(first.before_summary) > 48:  # large tensors: the Variables lines show them
            state = "no value" if first.before_summary == "(no value)" else "its previous value"
            sentences.append(f"{who} set {variable}{times} to new values (from {state}; see Variables above)."
                             f"{random_note}")
            continue
        if first.before_summary == "(no value)":
            target = "its initial value" if is_init else ""
            sentences.append(f"{who} set {variable}{times} to {target + ' ' if target else ''}{value} "
                             f"(it had no value before).{random_note}")
        elif all(w.same for w in ws):
            what = "its initial value " if is_init else ""
            sentences.append(f"{who} set {variable}{times} to {what}{value} again: it already was {value}, so its "
                             f"value did not change, but the op did run.{random_note}")
        elif is_init and not randoms:
            sentences.append(f"{who} set {variable}{times} from {first.before_summary} back to its initial value "
                             f"{value}: running an initializer again resets its variable.")
        elif is_init:
            sentences.append(f"{who} set {variable}{times} from {first.before_summary} to a NEW random initial value "
                             f"{value}.{random_note}")
        else:
            sentences.append(f"{who} set {variable}{times} from {first.before_summary} to {value}.{random_note}")
    written = set(by_variable)
    for step in record.executed:
        op = step.op
        if op.type == "InitializeIfNeeded" and op.inputs:
            variable = op.inputs[0].op.name
            if variable not in written:
                sentences.append(f"{op.name} left {variable} alone: it already had a value in this session.")
    unexplained = [op.name for op in record.drew if op.type in RANDOM_OP_TYPES and
                   not any(op.name in random_ancestors(ws[-1].op) for ws in by_variable.values())]
    if unexplained:
        sentences.append(f"{', '.join(unexplained)} drew new random numbers"
                         + (", but no variable took them." if record.executed else "."))
    if record.error is not None:
        op = record.error.op
        where = f" at {op.name} ({op.type}, {namer.made_at(op)})" if op is not None else ""
        sentences.append(f"The run stopped{where} with {record.error.type}: {record.error.message}.")
        if "uninitialized" in record.error.message:
            sentences.append("A variable has no value in a session until an op sets it there, usually its "
                             "initializer (sess.run(tf.global_variables_initializer())).")
    elif not record.executed and record.fetched and not record.writes:
        values = [f"{namer.variable_of_read(f.element.op)} = {f.summary}" for f in record.fetched
                  if not f.is_operation and namer.variable_of_read(f.element.op)]
        if values:
            sentences.append("Reading a variable runs no op: the run returned the current value "
                             f"({'; '.join(values)}).")
    elif not record.writes and record.executed:
        sentences.append("No variable was set.")
    if record.backend:
        sentences.append(record.backend[0].upper() + record.backend[1:] + ".")
    lines = []
    for i, sentence in enumerate(sentences):
        lines += _wrap(_label("In words" if i == 0 else "") + sentence, "")
    return lines


def render_run(record, namer, all_ops: bool = False) -> list:
    site = namer.site(record.site)
    status = "" if record.error is None else "   FAILED"
    lines = [f"== Run {record.index}: sess.run at {site} (session {record.session}){status} ".ljust(WIDTH, "=")]
    if record.source:
        lines.append(f"    {record.source}")
    lines += _fetched_lines(record, namer)
    lines += _fed_lines(record)
    lines += _executed_lines(record, namer, all_ops)
    lines += _variable_lines(record)
    if record.error is not None:
        lines += _wrap(_label("FAILED") + f"{record.error.type}: {record.error.message}", "")
        op = record.error.op
        if op is not None:
            lines.append(_label("") + f"failing op: {op.name} ({op.type}), {namer.made_at(op)}")
    lines += _in_words(record, namer)
    return lines


# --- the whole report ---------------------------------------------------------------------------

def _signature(record):
    return (record.site, record.session, tuple(s.op.name for s in record.executed), record.error is None)


def _collapsed(records) -> list:
    """Items: a record, or ('repeat', first, last, count) for the middle of identical runs."""
    items, i = [], 0
    while i < len(records):
        j = i
        while j + 1 < len(records) and _signature(records[j + 1]) == _signature(records[i]) and \
                records[j + 1].index == records[j].index + 1:
            j += 1
        if j - i + 1 >= REPEAT_COLLAPSE:
            items += [records[i], ("repeat", records[i + 1], records[j - 1], j - i - 1), records[j]]
        else:
            items += records[i:j + 1]
        i = j + 1
    return items


def _history_lines(records, namer) -> list:
    histories: dict = {}
    for record in records:
        inits = namer.initializers(record.graph)
        for w in record.writes:
            histories.setdefault((record.session, w.variable, record.graph), []).append((record, w, inits))
    if not histories:
        return []
    lines = ["", "== What happened to each variable ".ljust(WIDTH, "=")]
    for (session, variable, graph), entries in histories.items():
        where = namer.variable_site(graph, variable)
        lines.append(f"  {variable}" + (f" (made at {where})" if where else "") + f", in session {session}:")
        seen_values = []
        shown = entries if len(entries) <= 14 else entries[:6] + [None] + entries[-6:]
        for entry in shown:
            if entry is None:
                lines.append(f"      ... {len(entries) - 12} more writes ...")
                continue
            record, w, inits = entry
            by = (f"by {w.op.name} (its initializer)" if inits.get(w.op.name) == variable
                  else f"by {w.op.name} (the {w.op.type} op {namer.made_at(w.op)})")
            mark = ""
            if w.same:
                mark = "   (the same value again)"
            elif w.after_summary in seen_values:
                mark = f"   <- back to {w.after_summary}"
            seen_values.append(w.after_summary)
            lines.append(f"    run {record.index:<3} at {namer.site(record.site)}:  {w.after_summary}, set {by}{mark}")
    return lines


def _pitfall_lines(pitfalls, namer) -> list:
    """The "Watch out" section: every pitfall of the whole trace, whichever runs are shown."""
    if not pitfalls:
        return []
    lines = ["", "== Watch out ".ljust(WIDTH, "=")]
    for number, pitfall in enumerate(pitfalls, 1):
        note = " (a note)" if pitfall.severity == "note" else ""
        lines.append(f"  {number}. {pitfall.title()}{note}")
        for paragraph in pitfall.text(namer.site):
            if paragraph.startswith("- "):
                lines += _wrap(paragraph, "       ", "         ")
            else:
                lines += _wrap(paragraph, "     ", "     ")
        lines += _wrap("What to do: " + pitfall.advice(), "     ", "     ")
    return lines


def render(trace, records, all_ops: bool = False, primer: bool = True) -> str:
    """The report for `records` of `trace` (`primer`: start with the how-to-read paragraph); the
    pitfalls are those of the whole trace."""
    namer = _Namer(trace.base_dir)
    title = "sessionflow explain" + (f": {os.path.basename(trace.script)}" if trace.script else "")
    total = len(trace.runs)
    shown = f"{len(records)} of {total}" if len(records) != total else f"{total}"
    lines = [title, f"{shown} sess.run call{'s' if total != 1 else ''} recorded."]
    pitfalls = trace.pitfalls
    if pitfalls:
        lines.append(f"{len(pitfalls)} thing{'s' if len(pitfalls) != 1 else ''} to watch out for: see "
                     "\"Watch out\" at the end.")
    if primer:
        lines += ["", *PRIMER.splitlines()]
    for item in _collapsed(records):
        lines.append("")
        if isinstance(item, tuple):
            _, first, last, count = item
            lines.append(f"   ... runs {first.index} to {last.index}: the same sess.run call {count} more times, "
                         f"executing the same {len(first.executed)} ops each time ...")
        else:
            lines += render_run(item, namer, all_ops)
    lines += _history_lines(records, namer)
    lines += _pitfall_lines(pitfalls, namer)
    return "\n".join(line.rstrip() for line in lines) + "\n"


# --- JSON ---------------------------------------------------------------------------------------

def _value_json(value, summary: str) -> dict:
    import numpy as np

    result = {"summary": summary}
    if value is not None:
        array = np.asarray(value)
        result["dtype"] = array.dtype.name
        result["shape"] = list(array.shape)
        if array.size <= 100 and array.dtype.kind in "biufc":
            result["value"] = (array.real if array.dtype.kind == "c" else array).tolist()
    return result


def _op_json(op, namer) -> dict:
    return {"name": op.name, "type": op.type, "site": namer.site(op.site) if op.site else None}


def _pitfall_json(pitfall, namer) -> dict:
    facts = pitfall.facts
    result = {"kind": pitfall.kind, "severity": pitfall.severity, "title": pitfall.title(), "runs": pitfall.runs,
              "text": pitfall.text(namer.site), "advice": pitfall.advice()}
    if pitfall.kind == "graph_growth":
        result.update(sites=[namer.site(s) for s in facts["sites"]], ops=facts["ops"],
                      per_iteration={namer.site(s): types for s, types in facts["per_site"].items()},
                      intervals=[list(i) for i in facts["intervals"]], times=facts["times"], total=facts["total"])
    elif pitfall.kind in ("init_after_training", "init_redraw"):
        result.update(site=namer.site(facts["site"]), variables=facts["variables"],
                      values={k: None if v is None else {"before": v[0], "after": v[1]}
                              for k, v in facts["values"].items()})
        if "used_at" in facts:
            result["used_at"] = namer.site(facts["used_at"])
    else:
        result.update(site=namer.site(facts["site"]), training_op=_op_json(facts["op"], namer),
                      variables=[{"name": key, "site": namer.site(op.site) if op.site else None, "reason": reason,
                                  "through": [_op_json(b, namer) for b, _ in blockers]}
                                 for key, op, reason, blockers in facts["issues"]])
    return result


def to_json(trace, records) -> dict:
    """The trace as JSON-ready data (format 'sessionflow-explain', version 1); `pitfalls` are those of
    the whole trace."""
    namer = _Namer(trace.base_dir)
    runs = []
    for r in records:
        runs.append({
            "index": r.index,
            "session": r.session,
            "site": namer.site(r.site) if r.site else None,
            "source": r.source,
            "duration_us": r.duration_ns // 1000,
            "fetched": [{"name": f.name, "kind": "operation" if f.is_operation else "tensor",
                         **({} if f.is_operation else _value_json(f.value, f.summary))} for f in r.fetched],
            "fed": [{"name": f.tensor.name, **_value_json(f.value, f.summary)} for f in r.fed],
            "executed": [{**_op_json(s.op, namer), "duration_us": s.duration_ns / 1000,
                          "output_shapes": [list(shape) for shape in s.output_shapes]} for s in r.executed],
            "writes": [{"variable": w.variable, "op": w.op.name, "step": w.step, "same": w.same,
                        "before": _value_json(w.before, w.before_summary),
                        "after": _value_json(w.after, w.after_summary)} for w in r.writes],
            "changed": sorted(r.changed),
            "drew": [op.name for op in r.drew],
            "error": None if r.error is None else {
                "type": r.error.type, "message": r.error.message,
                "op": None if r.error.op is None else _op_json(r.error.op, namer)},
        })
    return {"format": "sessionflow-explain", "version": 1, "script": trace.script, "runs": runs,
            "pitfalls": [_pitfall_json(p, namer) for p in trace.pitfalls]}
