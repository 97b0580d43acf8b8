"""Pictures of a graph: Graphviz DOT (and SVG/PNG through `dot`), and a self-contained HTML page.

The HTML page needs nothing but a browser: the graph, its layout code and its styles are all inline,
and it fetches nothing. Name scopes are groups that collapse and expand (click them); hovering an op
shows its type, output dtypes and shapes, inputs and where it was made; when runs are given (from an
explain trace), choosing one highlights the ops it executed and the variables it changed.

    sessionflow graph SCRIPT --output graph.html [--run N] [--trace trace.json]
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess

FORMATS = ("html", "dot", "svg", "png")


def format_for(path: str) -> str:
    """The output format a file name asks for; ValueError for an unknown one."""
    ext = os.path.splitext(path)[1].lower().lstrip(".")
    if ext == "htm":
        ext = "html"
    if ext not in FORMATS:
        raise ValueError(f"don't know how to write {path!r}: use .html, .dot, .svg or .png")
    return ext


# --- the graph as data --------------------------------------------------------------------------

def _shape_text(shape) -> str:
    dims = getattr(shape, "dims", None)
    if dims is None:
        return "<unknown>"
    values = [getattr(d, "value", d) for d in dims]
    return "(" + ", ".join("?" if v is None else str(v) for v in values) + \
        ("," if len(dims) == 1 else "") + ")"


def _site_text(site, base_dir) -> str | None:
    if not site:
        return None
    filename, line = site
    if base_dir:
        relative = os.path.relpath(filename, base_dir)
        if not relative.startswith(".."):
            filename = relative
    return f"{filename}:{line}"


def _group_of(name: str, scopes: set) -> str:
    """The name scope an op is drawn in: its parent scope, or the scope of its own name when a scope
    of that name exists (TF names a scope's output op after the scope: `random_normal`)."""
    if name in scopes:
        return name
    return name.rsplit("/", 1)[0] if "/" in name else ""


def graph_data(graph, base_dir: str | None = None) -> dict:
    """Nodes (name, type, outputs' dtype and shape, site, group), edges ([from, to, is_control]) and
    groups (name scopes) of `graph`, as JSON-ready data."""
    ops = graph.get_operations()
    index = {op: i for i, op in enumerate(ops)}
    scopes = set()
    for op in ops:
        parts = op.name.split("/")
        for i in range(1, len(parts)):
            scopes.add("/".join(parts[:i]))
    nodes, edges = [], []
    for op in ops:
        nodes.append({
            "name": op.name, "type": op.type, "group": _group_of(op.name, scopes),
            "outputs": [{"dtype": t.dtype.name, "shape": _shape_text(t.shape)} for t in op.outputs],
            "inputs": [t.name for t in op.inputs] + ["^" + c.name for c in op.control_inputs],
            "site": _site_text(op.site, base_dir),
        })
        for t in op.inputs:
            if t.op in index:
                edges.append([index[t.op], index[op], 0])
        for c in op.control_inputs:
            if c in index:
                edges.append([index[c], index[op], 1])
    groups = sorted({n["group"] for n in nodes} | {g.rsplit("/", 1)[0] for g in scopes if "/" in g} | scopes | {""})
    return {"nodes": nodes, "edges": edges, "groups": groups}


def runs_from_trace(trace, records) -> list:
    """Runs to offer for highlighting: index, a label, executed op names, changed variables."""
    data = trace.to_json(runs=[r.index for r in records]) if records else {"runs": []}
    return runs_from_json(data)


def runs_from_json(data: dict) -> list:
    """The runs of an `explain --json` trace, in the form `to_html` takes."""
    runs = []
    for r in data.get("runs", []):
        label = f"run {r['index']}" + (f" at {r['site']}" if r.get("site") else "")
        if r.get("source"):
            label += f": {r['source']}"
        runs.append({"index": r["index"], "label": label[:140],
                     "executed": [s["name"] for s in r.get("executed", [])],
                     "changed": list(r.get("changed", [])),
                     "failed": (r.get("error") or {}).get("op", {}) and r["error"]["op"]["name"]})
    return runs


def graph_and_runs(trace, run: int | None = None):
    """The graph to draw for a trace (that of run `run`, else the one most runs used, else the
    default graph) and the trace's runs on that graph."""
    from ..framework.graph import get_default_graph

    records = trace.runs
    graph = None
    if run is not None:
        chosen = [r for r in records if r.index == run]
        if not chosen:
            raise ValueError(f"there is no run {run}: the script made {len(records)} sess.run calls")
        graph = chosen[0].graph
    elif records:
        counts: dict = {}
        for r in records:
            counts[r.graph] = counts.get(r.graph, 0) + 1
        graph = max(counts, key=counts.get)
    if graph is None:
        graph = get_default_graph()
    return graph, runs_from_trace(trace, [r for r in records if r.graph is graph])


# --- DOT ----------------------------------------------------------------------------------------

def _dot_id(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(graph, highlight: set | None = None, base_dir: str | None = None, title: str = "") -> str:
    """Graphviz DOT: name scopes as nested clusters; ops in `highlight` filled."""
    data = graph_data(graph, base_dir)
    highlight = highlight or set()
    children: dict = {}
    for g in data["groups"]:
        if g:
            children.setdefault(g.rsplit("/", 1)[0] if "/" in g else "", []).append(g)
    members: dict = {}
    for i, n in enumerate(data["nodes"]):
        members.setdefault(n["group"], []).append(i)
    lines = ["digraph sessionflow {", "  rankdir=TB;", '  graph [fontname="Helvetica", fontsize=11'
             + (f", label={_dot_id(title)}, labelloc=t" if title else "") + "];",
             '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica", fontsize=10];',
             '  edge [color="#555555", arrowsize=0.7];']

    def emit(group: str, indent: str):
        for i in members.get(group, []):
            n = data["nodes"][i]
            short = n["name"].rsplit("/", 1)[-1]
            outs = "; ".join(f"{o['dtype']} {o['shape']}" for o in n["outputs"]) or "no outputs"
            tip = f"{n['name']}: {n['type']}\n{outs}" + (f"\nmade at {n['site']}" if n["site"] else "")
            style = ', fillcolor="#ffd54f", penwidth=2' if n["name"] in highlight else ""
            lines.append(f"{indent}{_dot_id(n['name'])} [label={_dot_id(short + chr(10) + n['type'])}, "
                         f"tooltip={_dot_id(tip)}{style}];".replace("\n", "\\n"))
        for sub in sorted(children.get(group, [])):
            lines.append(f"{indent}subgraph {_dot_id('cluster_' + sub)} {{")
            lines.append(f'{indent}  label={_dot_id(sub.rsplit("/", 1)[-1] + "/")}; style="rounded,dashed"; '
                         'color="#8888aa";')
            emit(sub, indent + "  ")
            lines.append(f"{indent}}}")

    emit("", "  ")
    names = [n["name"] for n in data["nodes"]]
    for src, dst, control in data["edges"]:
        attrs = " [style=dashed]" if control else ""
        lines.append(f"  {_dot_id(names[src])} -> {_dot_id(names[dst])}{attrs};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def dot_program() -> str | None:
    return shutil.which("dot")


def render_with_dot(dot_text: str, fmt: str) -> bytes:
    """SVG or PNG bytes from Graphviz's `dot`; RuntimeError when it is not installed."""
    program = dot_program()
    if program is None:
        raise RuntimeError(f"writing .{fmt} needs Graphviz's `dot` program, which is not installed "
                           "(apt-get install graphviz); .html and .dot need nothing")
    proc = subprocess.run([program, f"-T{fmt}"], input=dot_text.encode("utf-8"), capture_output=True,
                          timeout=600, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"dot failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
    return proc.stdout


# --- HTML ---------------------------------------------------------------------------------------

def to_html(graph, runs=(), highlight: int | None = None, base_dir: str | None = None,
            title: str = "graph") -> str:
    """A self-contained interactive page of `graph`; `runs` (from `runs_from_json`) can be chosen
    to highlight their ops, run number `highlight` initially."""
    payload = {"graph": graph_data(graph, base_dir), "runs": list(runs), "highlight": highlight, "title": title}
    data = json.dumps(payload, separators=(",", ":")).replace("</", "<\\/").replace("<!--", "<\\!--")
    return (_PAGE.replace("%TITLE%", html.escape(f"{title}: sessionflow graph"))
            .replace("%STYLE%", _STYLE).replace("%SCRIPT%", _SCRIPT).replace("%DATA%", data))


def write(graph, path: str, fmt: str | None = None, runs=(), highlight: int | None = None,
          title: str = "graph", base_dir: str | None = None) -> None:
    """Writes `graph` to `path` as html, dot, svg or png (svg/png need Graphviz's `dot`)."""
    fmt = fmt or format_for(path)
    if fmt == "html":
        text = to_html(graph, runs, highlight, base_dir, title)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return
    chosen = set()
    if highlight is not None:
        for r in runs:
            if r["index"] == highlight:
                chosen = set(r["executed"])
    dot_text = to_dot(graph, chosen, base_dir, title)
    if fmt == "dot":
        with open(path, "w", encoding="utf-8") as f:
            f.write(dot_text)
        return
    data = render_with_dot(dot_text, fmt)
    with open(path, "wb") as f:
        f.write(data)


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>%TITLE%</title>
<style>%STYLE%</style></head>
<body>
<header>
  <strong id="title"></strong>
  <label>Highlight: <select id="run"><option value="">no run</option></select></label>
  <button id="expand-all" type="button">Expand all</button>
  <button id="collapse-all" type="button">Collapse all</button>
  <button id="zoom-in" type="button" title="zoom in">+</button>
  <button id="zoom-out" type="button" title="zoom out">&minus;</button>
  <span id="status"></span>
</header>
<p id="help">Boxes are ops; dashed boxes are name scopes (click to collapse or expand); arrows carry
values, dashed arrows are control dependencies ("run this first"). Hover an op for its type, shapes
and dtypes.</p>
<div id="canvas"><svg id="graph" xmlns="http://www.w3.org/2000/svg"></svg></div>
<div id="tip" hidden></div>
<script type="application/json" id="graph-data">%DATA%</script>
<script>%SCRIPT%</script>
</body></html>
"""

_STYLE = """
body { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0; color: #222; }
header { position: sticky; top: 0; background: #f4f4f8; border-bottom: 1px solid #ccd; padding: 6px 10px;
  display: flex; gap: 10px; align-items: center; flex-wrap: wrap; z-index: 2; }
#help { margin: 4px 10px; color: #555; font-size: 12px; }
#status { color: #555; }
#canvas { overflow: auto; padding: 10px; }
svg text { font-size: 11px; pointer-events: none; }
.op rect { fill: #fff; stroke: #667; rx: 5; }
.op.variable rect { fill: #e3f0ff; }
.op text.type { fill: #777; font-size: 9.5px; }
.group > rect.frame { fill: rgba(120, 120, 180, 0.05); stroke: #99a; stroke-dasharray: 4 3; rx: 8; }
.group > text.header, .collapsed text { cursor: pointer; pointer-events: all; }
.group > rect.bar { fill: rgba(120, 120, 180, 0.12); cursor: pointer; }
.collapsed rect { fill: #eef; stroke: #557; rx: 8; cursor: pointer; }
.edge { fill: none; stroke: #889; stroke-width: 1.2; }
.edge.control { stroke-dasharray: 4 3; stroke: #aab; }
.highlighting .op, .highlighting .collapsed { opacity: 0.35; }
.highlighting .ran { opacity: 1; }
.highlighting .ran rect { stroke: #e08a00; stroke-width: 2.5; fill: #fff3d6; }
.highlighting .changed rect { fill: #ffd54f; }
.highlighting .failed rect { stroke: #c62828; fill: #ffe0e0; }
#tip { position: fixed; background: #222; color: #fff; padding: 6px 8px; border-radius: 4px; font-size: 12px;
  max-width: 480px; pointer-events: none; white-space: pre-wrap; z-index: 3; }
"""

_SCRIPT = r"""
(function () {
  "use strict";
  var payload = JSON.parse(document.getElementById("graph-data").textContent);
  var G = payload.graph, nodes = G.nodes, edges = G.edges;
  var SVG = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("graph"), tip = document.getElementById("tip");
  document.getElementById("title").textContent = payload.title;

  // --- the scope tree ---------------------------------------------------------------------------
  var groups = {};
  G.groups.forEach(function (p) { groups[p] = {path: p, subgroups: [], ops: [], count: 0}; });
  G.groups.forEach(function (p) {
    if (p === "") return;
    var parent = p.lastIndexOf("/") < 0 ? "" : p.slice(0, p.lastIndexOf("/"));
    groups[parent].subgroups.push(p);
  });
  nodes.forEach(function (n, i) {
    n.id = i; groups[n.group].ops.push(i);
    var chain = [""], parts = n.group ? n.group.split("/") : [];
    for (var k = 1; k <= parts.length; k++) chain.push(parts.slice(0, k).join("/"));
    n.chain = chain;
    chain.forEach(function (p) { groups[p].count++; });
  });
  var expanded = {"": true};
  G.groups.forEach(function (p) { if (p && groups[p].count <= 6) expanded[p] = true; });

  function visible(i) {  // the drawn item standing for node i: itself, or its outermost collapsed scope
    var chain = nodes[i].chain;
    for (var k = 1; k < chain.length; k++) if (!expanded[chain[k]]) return "g:" + chain[k];
    return "n:" + i;
  }
  function childOf(group, i) {  // the direct child of `group` containing node i, or null
    var chain = nodes[i].chain, depth = group === "" ? 0 : group.split("/").length;
    if (chain[depth] !== group) return null;
    return depth + 1 < chain.length ? "g:" + chain[depth + 1] : "n:" + i;
  }
  function short(name) { return name.slice(name.lastIndexOf("/") + 1); }
  function textWidth(s, size) { return s.length * (size || 11) * 0.6; }

  // --- layout: layered, recursive over expanded scopes ---------------------------------------------
  function layout(path) {
    var g = groups[path], items = [], info = {};
    g.subgroups.forEach(function (p) {
      var key = "g:" + p, box;
      if (expanded[p]) { box = layout(p); box.w += 20; box.h += 34; }
      else { var label = "\u25b8 " + short(p) + "/"; box = {w: Math.max(90, textWidth(label) + 24), h: 40}; }
      items.push(key); info[key] = box;
    });
    g.ops.forEach(function (i) {
      var n = nodes[i], key = "n:" + i;
      items.push(key);
      info[key] = {w: Math.max(70, textWidth(short(n.name)) + 16, textWidth(n.type, 9.5) + 16), h: 36};
    });
    var succ = {}, pred = {};
    items.forEach(function (k) { succ[k] = []; pred[k] = []; });
    var seen = {};
    edges.forEach(function (e) {
      var a = childOf(path, e[0]), b = childOf(path, e[1]);
      if (a && b && a !== b && !seen[a + ">" + b]) { seen[a + ">" + b] = 1; succ[a].push(b); pred[b].push(a); }
    });
    // longest-path layering over a DFS that ignores back edges (collapsing scopes can make cycles)
    var state = {}, order = [], back = {};
    function visit(k) {
      state[k] = 1;
      succ[k].forEach(function (s) { if (state[s] === 1) back[k + ">" + s] = 1; else if (!state[s]) visit(s); });
      state[k] = 2; order.push(k);
    }
    items.forEach(function (k) { if (!state[k]) visit(k); });
    order.reverse();
    var layer = {};
    order.forEach(function (k) {
      layer[k] = layer[k] || 0;
      succ[k].forEach(function (s) { if (!back[k + ">" + s]) layer[s] = Math.max(layer[s] || 0, layer[k] + 1); });
    });
    var layers = [];
    items.forEach(function (k) { (layers[layer[k]] = layers[layer[k]] || []).push(k); });
    var rank = {};
    function ranks() { layers.forEach(function (l) { l.forEach(function (k, j) { rank[k] = j; }); }); }
    ranks();
    for (var sweep = 0; sweep < 6; sweep++) {
      var down = sweep % 2 === 0;
      layers.forEach(function (l) {
        var bary = {};
        l.forEach(function (k) {
          var ns = (down ? pred[k] : succ[k]).filter(function (m) { return rank[m] !== undefined; });
          bary[k] = ns.length ? ns.reduce(function (s, m) { return s + rank[m]; }, 0) / ns.length : rank[k];
        });
        l.sort(function (a, b) { return bary[a] - bary[b]; });
      });
      ranks();
    }
    var y = 0, width = 0, rows = [];
    layers.forEach(function (l) {
      var w = 0, h = 0;
      l.forEach(function (k) { w += info[k].w + 18; h = Math.max(h, info[k].h); });
      rows.push({items: l, w: w - 18, h: h}); width = Math.max(width, w - 18);
    });
    var pos = {};
    rows.forEach(function (r) {
      var x = (width - r.w) / 2;
      r.items.forEach(function (k) { pos[k] = {x: x, y: y + (r.h - info[k].h) / 2, w: info[k].w, h: info[k].h}; x += info[k].w + 18; });
      y += r.h + 36;
    });
    return {w: Math.max(width, 60), h: Math.max(y - 36, 20), pos: pos, path: path};
  }

  // --- drawing ---------------------------------------------------------------------------------------
  var zoom = 1, boxes = {}, current = null;
  function el(name, attrs, parent) {
    var e = document.createElementNS(SVG, name);
    for (var a in attrs) e.setAttribute(a, attrs[a]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function text(parent, x, y, s, cls) { var t = el("text", {x: x, y: y}, parent); if (cls) t.setAttribute("class", cls); t.textContent = s; return t; }

  function drawGroup(box, ox, oy, parent) {
    Object.keys(box.pos).forEach(function (key) {
      var p = box.pos[key], x = ox + p.x, y = oy + p.y;
      boxes[key] = {x: x, y: y, w: p.w, h: p.h};
      if (key.charAt(0) === "g") {
        var path = key.slice(2);
        if (expanded[path]) {
          var g = el("g", {"class": "group", "data-group": path}, parent);
          el("rect", {"class": "frame", x: x, y: y, width: p.w, height: p.h}, g);
          var bar = el("rect", {"class": "bar", x: x, y: y, width: p.w, height: 22}, g);
          var header = text(g, x + 8, y + 15, "\u25be " + short(path) + "/  (" + groups[path].count + " ops)", "header");
          [bar, header].forEach(function (e) { e.addEventListener("click", function () { toggle(path); }); });
          drawGroup(layout(path), x + 10, y + 28, g);
        } else {
          var c = el("g", {"class": "collapsed", "data-group": path}, parent);
          el("rect", {x: x, y: y, width: p.w, height: p.h}, c);
          text(c, x + 10, y + 16, "\u25b8 " + short(path) + "/");
          text(c, x + 10, y + 31, groups[path].count + " ops", "type");
          c.addEventListener("click", function () { toggle(path); });
          hover(c, function () { return groupTip(path); });
        }
      } else {
        var n = nodes[+key.slice(2)];
        var o = el("g", {"class": "op" + (/^(VariableV2|VarHandleOp)$/.test(n.type) ? " variable" : ""),
                         "data-name": n.name}, parent);
        el("rect", {x: x, y: y, width: p.w, height: p.h}, o);
        text(o, x + 8, y + 15, short(n.name));
        text(o, x + 8, y + 29, n.type, "type");
        hover(o, function () { return opTip(n); });
      }
    });
  }

  function draw() {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    boxes = {};
    var defs = el("defs", {}, svg);
    var marker = el("marker", {id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto"}, defs);
    el("path", {d: "M0,0 L10,5 L0,10 z", fill: "#889"}, marker);
    var root = layout("");
    var edgeLayer = el("g", {"class": "edges"}, svg);
    drawGroup(root, 10, 10, el("g", {"class": "items"}, svg));
    var drawn = {};
    edges.forEach(function (e) {
      var a = visible(e[0]), b = visible(e[1]), key = a + ">" + b;
      if (a === b || drawn[key] || !boxes[a] || !boxes[b]) return;
      drawn[key] = 1;
      var s = boxes[a], t = boxes[b], x1 = s.x + s.w / 2, y1 = s.y + s.h, x2 = t.x + t.w / 2, y2 = t.y;
      if (y2 < y1) { y1 = s.y; y2 = t.y + t.h; }
      var my = (y1 + y2) / 2;
      el("path", {"class": "edge" + (e[2] ? " control" : ""), d: "M" + x1 + "," + y1 + " C" + x1 + "," + my + " " + x2 + "," + my + " " + x2 + "," + y2,
                  "marker-end": "url(#arrow)"}, edgeLayer);
    });
    var w = root.w + 20, h = root.h + 20;
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    svg.setAttribute("width", w * zoom); svg.setAttribute("height", h * zoom);
    applyHighlight();
    var shown = Object.keys(boxes);
    document.getElementById("status").textContent = nodes.length + " ops, " + shown.length + " boxes shown" +
      (current ? "; " + current.label : "");
  }

  // --- hover ------------------------------------------------------------------------------------------
  function hover(target, content) {
    target.addEventListener("mouseenter", function (ev) { tip.textContent = content(); tip.hidden = false; move(ev); });
    target.addEventListener("mousemove", move);
    target.addEventListener("mouseleave", function () { tip.hidden = true; });
  }
  function move(ev) { tip.style.left = (ev.clientX + 14) + "px"; tip.style.top = (ev.clientY + 14) + "px"; }
  function opTip(n) {
    var lines = [n.name + "  (" + n.type + ")"];
    n.outputs.forEach(function (o, k) { lines.push("output " + k + ": " + o.dtype + " " + o.shape); });
    if (!n.outputs.length) lines.push("no outputs");
    if (n.inputs.length) lines.push("inputs: " + n.inputs.join(", "));
    if (n.site) lines.push("made at " + n.site);
    if (current) lines.push(current.executedSet[n.name] ? "ran in " + current.label.split(":")[0] : "did not run in " + current.label.split(":")[0]);
    return lines.join("\n");
  }
  function groupTip(path) {
    var types = {};
    nodes.forEach(function (n) { if (n.chain.indexOf(path) >= 0) types[n.type] = (types[n.type] || 0) + 1; });
    return path + "/  (name scope, " + groups[path].count + " ops; click to expand)\n" +
      Object.keys(types).map(function (t) { return t + " \u00d7" + types[t]; }).join(", ");
  }

  // --- runs --------------------------------------------------------------------------------------------
  var select = document.getElementById("run");
  payload.runs.forEach(function (r) {
    r.executedSet = {}; r.executed.forEach(function (n) { r.executedSet[n] = 1; });
    var o = document.createElement("option"); o.value = r.index; o.textContent = r.label; select.appendChild(o);
  });
  function applyHighlight() {
    svg.classList.toggle("highlighting", !!current);
    if (!current) return;
    var ranGroups = {};
    nodes.forEach(function (n) { if (current.executedSet[n.name]) n.chain.forEach(function (p) { ranGroups[p] = 1; }); });
    Array.prototype.forEach.call(svg.querySelectorAll(".op"), function (o) {
      var name = o.getAttribute("data-name");
      o.classList.toggle("ran", !!current.executedSet[name]);
      o.classList.toggle("changed", current.changed.indexOf(name) >= 0);
      o.classList.toggle("failed", current.failed === name);
      if (current.changed.indexOf(name) >= 0 || current.failed === name) o.classList.add("ran");
    });
    Array.prototype.forEach.call(svg.querySelectorAll(".collapsed"), function (c) {
      c.classList.toggle("ran", !!ranGroups[c.getAttribute("data-group")]);
    });
  }
  function selectRun(index) {
    current = null;
    payload.runs.forEach(function (r) { if (String(r.index) === String(index)) current = r; });
    select.value = current ? String(current.index) : "";
    draw();
  }
  select.addEventListener("change", function () { selectRun(select.value); });

  function toggle(path) { expanded[path] = !expanded[path]; draw(); }
  function setAll(value) { G.groups.forEach(function (p) { if (p) expanded[p] = value; }); draw(); }
  document.getElementById("expand-all").addEventListener("click", function () { setAll(true); });
  document.getElementById("collapse-all").addEventListener("click", function () { setAll(false); });
  document.getElementById("zoom-in").addEventListener("click", function () { zoom *= 1.25; draw(); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoom /= 1.25; draw(); });

  window.sessionflowGraph = {  // for scripting and tests
    expand: function (p) { expanded[p] = true; draw(); },
    collapse: function (p) { expanded[p] = false; draw(); },
    expandAll: function () { setAll(true); },
    selectRun: selectRun,
    shownOps: function () { return Array.prototype.map.call(svg.querySelectorAll(".op"), function (o) { return o.getAttribute("data-name"); }); },
    collapsedGroups: function () { return Array.prototype.map.call(svg.querySelectorAll(".collapsed"), function (o) { return o.getAttribute("data-group"); }); },
    ranOps: function () { return Array.prototype.map.call(svg.querySelectorAll(".op.ran"), function (o) { return o.getAttribute("data-name"); }); }
  };
  if (payload.highlight !== null && payload.highlight !== undefined) selectRun(payload.highlight); else draw();
})();
"""
