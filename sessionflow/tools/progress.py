"""A one-line progress indicator for long CLI commands: drawn on a terminal, silent otherwise.

It draws only when its stream is a terminal, only once the command has run for `delay` seconds
(short commands never show it), at most every `interval` seconds, and erases itself when closed, so
redirected or piped output never contains it.
"""

from __future__ import annotations

import sys
import threading
import time


class Progress:
    SPINNER = "|/-\\"

    def __init__(self, label: str, stream=None, delay: float = 1.0, interval: float = 0.2, enabled=None):
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self._start = time.monotonic()
        self._next = self._start + delay
        self._interval = interval
        self._frame = 0
        self._drawn = False
        self._status = ""
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker = None
        if self.enabled:  # keeps the line alive while the command is busy in one long step
            self._ticker = threading.Thread(target=self._tick, name="sessionflow-progress", daemon=True)
            self._ticker.start()

    def _tick(self) -> None:
        while not self._stop.wait(self._interval):
            self.update()

    def update(self, status: str | None = None) -> None:
        """Sets the status text (None keeps the last one) and redraws if it is time to; cheap."""
        if status is not None:
            self._status = status
        if not self.enabled:
            return
        now = time.monotonic()
        if now < self._next:
            return
        with self._lock:
            if self._stop.is_set():
                return
            self._next = now + self._interval
            self._frame += 1
            spin = self.SPINNER[self._frame % len(self.SPINNER)]
            status = self._status
            text = f"{spin} {self.label}" + (f": {status}" if status else "") + f" ({now - self._start:.0f}s)"
            self.stream.write("\r\x1b[K" + text + "\r")
            self.stream.flush()
            self._drawn = True

    def close(self) -> None:
        """Stops the indicator and erases its line, if one was drawn."""
        self._stop.set()
        with self._lock:
            if self._drawn:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
                self._drawn = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc):
        self.close()
        return False
