"""The HTML graph page in a real headless browser (Chromium), driven over the Chrome DevTools
protocol with a small standard-library WebSocket client. Skips when no Chromium is installed
(.ci/install-browser installs Debian's).

Checks that the page loads without errors and without fetching anything, that name scopes collapse
and expand on click, that hovering an op shows its type, shape and dtype, and that choosing a run
highlights exactly the ops it executed.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _find_chromium():
    explicit = os.environ.get("SESSIONFLOW_CHROMIUM")
    if explicit:
        return explicit if os.path.isfile(explicit) else None
    if os.path.isfile("/usr/bin/chromium"):
        return "/usr/bin/chromium"
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


CHROMIUM = _find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (see .ci/install-browser)")

SCRIPT = """import tensorflow as tf
rand_var = tf.Variable(tf.random_normal([5]), name="rand_var")
x = tf.placeholder(tf.float32, [None, 5], name="x")
with tf.name_scope("layer"):
    h = x * rand_var
    for _ in range(8):
        h = h + 1.0
out = tf.reduce_sum(h, name="out")
init_op = tf.global_variables_initializer()
with tf.Session() as sess:
    sess.run(init_op)
    sess.run(out, {x: [[1, 2, 3, 4, 5]]})
"""


# --- a minimal WebSocket client (RFC 6455, text frames) ------------------------------------------

class WebSocket:
    def __init__(self, url: str, timeout: float = 30):
        parts = urllib.parse.urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        request = (f"GET {path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(request.encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("WebSocket handshake: connection closed")
            response += chunk
        head, self._buffer = response.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise ConnectionError(f"WebSocket handshake failed: {head[:200]!r}")

    def _read(self, n: int) -> bytes:
        while len(self._buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("WebSocket closed")
            self._buffer += chunk
        data, self._buffer = self._buffer[:n], self._buffer[n:]
        return data

    def _send_frame(self, opcode: int, payload: bytes):
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def send(self, text: str):
        self._send_frame(0x1, text.encode("utf-8"))

    def recv(self) -> str:
        message = b""
        while True:
            first, second = self._read(2)
            opcode, n = first & 0x0F, second & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            mask = self._read(4) if second & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x9:
                self._send_frame(0xA, payload)
                continue
            if opcode == 0x8:
                raise ConnectionError("WebSocket closed by the browser")
            message += payload
            if first & 0x80:
                return message.decode("utf-8")

    def close(self):
        try:
            self._send_frame(0x8, b"")
        except OSError:
            pass
        self.sock.close()


class DevTools:
    """One page of a headless Chromium, over the DevTools protocol."""

    def __init__(self, ws: WebSocket):
        self.ws = ws
        self.next_id = 0
        self.events: list = []

    def call(self, method: str, **params):
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == my_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def wait_for(self, method: str, timeout: float = 30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in self.events:
                if event["method"] == method:
                    return event
            self.events.append(json.loads(self.ws.recv()))
        raise TimeoutError(method)

    def js(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def center(self, selector: str):
        box = self.js(f"(function() {{ var r = document.querySelector({json.dumps(selector)})"
                      ".getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        return box

    def mouse(self, kind: str, x: float, y: float):
        self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left" if kind != "mouseMoved" else "none",
                  clickCount=1 if kind != "mouseMoved" else 0)

    def click(self, selector: str):
        x, y = self.center(selector)
        self.mouse("mouseMoved", x, y)
        self.mouse("mousePressed", x, y)
        self.mouse("mouseReleased", x, y)


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("graph")
    script = folder / "model.py"
    script.write_text(SCRIPT)
    out = folder / "graph.html"
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO_ROOT + os.pathsep + env.get("PYTHONPATH", "")
    subprocess.run([sys.executable, "-m", "sessionflow", "graph", "--output", str(out), str(script)], cwd=folder,
                   env=env, check=True, capture_output=True, timeout=120)
    return out


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


@pytest.fixture
def browser(page_file):
    profile = tempfile.mkdtemp(prefix="sessionflow-chromium-")
    proc = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
         f"--user-data-dir={profile}", "--remote-debugging-port=0", "--window-size=1200,900", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ws = None
    try:
        port_file = os.path.join(profile, "DevToolsActivePort")
        deadline = time.monotonic() + 60
        while not (os.path.exists(port_file) and _read(port_file).count("\n") >= 1):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("Chromium did not start its DevTools server")
            time.sleep(0.1)
        port = int(_read(port_file).split()[0])
        targets = []
        while not targets and time.monotonic() < deadline:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
                targets = [t for t in json.load(response) if t.get("type") == "page"]
            time.sleep(0.1)
        ws = WebSocket(targets[0]["webSocketDebuggerUrl"])
        tools = DevTools(ws)
        for domain in ("Page", "Runtime", "Network", "Log"):
            tools.call(f"{domain}.enable")
        tools.call("Page.navigate", url=page_file.as_uri())
        tools.wait_for("Page.loadEventFired")
        yield tools
    finally:
        if ws is not None:
            ws.close()
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


def test_page_loads_without_errors_or_network(browser, page_file):
    assert browser.js("typeof window.sessionflowGraph") == "object"
    errors = [e for e in browser.events if e["method"] == "Runtime.exceptionThrown" or
              (e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] == "error") or
              (e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] == "error")]
    assert errors == []
    urls = [e["params"]["request"]["url"] for e in browser.events if e["method"] == "Network.requestWillBeSent"]
    assert urls and all(u.startswith(("file:", "data:")) for u in urls), urls
    assert browser.js("document.querySelectorAll('svg .op').length") > 5
    assert browser.js("document.querySelectorAll('svg path.edge').length") > 5


def test_scopes_collapse_and_expand_on_click(browser):
    assert "layer" in browser.js("sessionflowGraph.collapsedGroups()")  # 10 ops: collapsed at first
    assert "layer/add_7" not in browser.js("sessionflowGraph.shownOps()")
    browser.click('.collapsed[data-group="layer"] rect')
    shown = browser.js("sessionflowGraph.shownOps()")
    assert "layer/add_7" in shown and "layer/mul" in shown
    assert browser.js("document.querySelectorAll('.group[data-group=\"layer\"]').length") == 1
    browser.click('.group[data-group="layer"] > rect.bar')
    assert "layer/add_7" not in browser.js("sessionflowGraph.shownOps()")


def test_hover_shows_type_shape_and_dtype(browser):
    assert browser.js("document.getElementById('tip').hidden") is True
    x, y = browser.center('.op[data-name="rand_var/read"] rect')
    browser.mouse("mouseMoved", x, y)
    assert browser.js("document.getElementById('tip').hidden") is False
    tip = browser.js("document.getElementById('tip').textContent")
    assert "rand_var/read  (Identity)" in tip and "output 0: float32 (5,)" in tip and "made at model.py:2" in tip


def test_choosing_a_run_highlights_its_ops(browser):
    browser.js("sessionflowGraph.expandAll()")
    assert browser.js("document.querySelectorAll('.op.ran').length") == 0
    browser.js("(function() { var s = document.getElementById('run'); s.value = '1';"
               " s.dispatchEvent(new Event('change')); })()")
    ran = set(browser.js("sessionflowGraph.ranOps()"))
    assert {"rand_var/Assign", "init", "random_normal/RandomStandardNormal"} <= ran
    assert "out" not in ran and "layer/mul" not in ran
    assert browser.js("document.getElementById('graph').classList.contains('highlighting')") is True
    browser.js("sessionflowGraph.selectRun(2)")
    ran = set(browser.js("sessionflowGraph.ranOps()"))
    assert {"out", "layer/mul", "layer/add_7"} <= ran and "init" not in ran
    status = browser.js("document.getElementById('status').textContent")
    assert "run 2" in status
