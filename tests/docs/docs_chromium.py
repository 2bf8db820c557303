"""Drive Debian's headless chromium over the DevTools protocol, with no extra package.

``--remote-debugging-pipe`` makes chromium read protocol messages (JSON, each
ended by a NUL byte) from file descriptor 3 and write replies and events to
descriptor 4; this module holds the two pipes and a reader thread.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser")


def find_chromium() -> str | None:
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def _high_fd(fd: int) -> int:
    """A copy of ``fd`` numbered 10 or above, so moving pipes to 3 and 4 cannot
    overwrite one another."""
    return fcntl.fcntl(fd, fcntl.F_DUPFD, 10)


class ProtocolError(Exception):
    pass


class Chromium:
    """One headless browser with one page; close it with :meth:`close`."""

    def __init__(self, binary: str, profile: Path, width: int = 1280, height: int = 1000) -> None:
        to_browser_read, to_browser_write = os.pipe()
        from_browser_read, from_browser_write = os.pipe()
        child_in, child_out = _high_fd(to_browser_read), _high_fd(from_browser_write)
        for fd in (to_browser_read, from_browser_write):
            os.close(fd)

        def move_pipes() -> None:
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        self.process = subprocess.Popen(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--no-default-browser-check",
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=move_pipes,
            pass_fds=(3, 4),
        )
        os.close(child_in)
        os.close(child_out)
        self._writer = os.fdopen(to_browser_write, "wb", buffering=0)
        self._reader = os.fdopen(from_browser_read, "rb", buffering=0)
        self._next_id = 0
        self._replies: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._events: queue.Queue[dict[str, Any]] = queue.Queue()
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.send("Page.enable")
        self.send("Runtime.enable")

    def _read(self) -> None:
        buffer = b""
        while True:
            chunk = self._reader.read(65536)
            if not chunk:
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message and message["id"] in self._replies:
                    self._replies[message["id"]].put(message)
                elif "method" in message:
                    self._events.put(message)

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        with self._lock:
            self._next_id += 1
            ident = self._next_id
            self._replies[ident] = queue.Queue()
        message: dict[str, Any] = {"id": ident, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self._writer.write(json.dumps(message).encode() + b"\0")
        try:
            reply = self._replies[ident].get(timeout=60)
        except queue.Empty:
            raise ProtocolError(f"{method}: no reply from chromium") from None
        if "error" in reply:
            raise ProtocolError(f"{method}: {reply['error']}")
        result: dict[str, Any] = reply.get("result", {})
        return result

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """A command to the page's session."""
        return self.call(method, session=self.session, **params)

    def wait_event(self, method: str, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ProtocolError(f"no {method} within {timeout} s")
            try:
                event = self._events.get(timeout=remaining)
            except queue.Empty:
                continue
            if event["method"] == method and event.get("sessionId") == self.session:
                return event

    def goto(self, url: str) -> None:
        while not self._events.empty():
            self._events.get_nowait()
        self.send("Page.navigate", url=url)
        self.wait_event("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        result = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise ProtocolError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 20) -> Any:
        """Poll ``expression`` until it is truthy; returns its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise ProtocolError(f"still false after {timeout} s: {expression}")
            time.sleep(0.2)

    def type_text(self, text: str) -> None:
        self.send("Input.insertText", text=text)

    def screenshot(self, path: Path, full_page: bool = True) -> Path:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
        data = self.send("Page.captureScreenshot", **params)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        with contextlib.suppress(ProtocolError, OSError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._writer.close()
