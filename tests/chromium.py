"""A headless Chromium driven over the DevTools protocol on a pipe, for the browser tests.

``--remote-debugging-pipe`` makes Chromium read JSON commands ended by NUL
bytes on file descriptor 3 and answer on 4, so no WebDriver and no websocket
library is needed, only Debian's ``chromium``.  :func:`launch` skips the test
when Chromium is missing, except under CI=true, where that is a failure.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

from system_tools import skip_or_fail

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
         "--hide-scrollbars", "--remote-debugging-pipe"]
PHONE = {"width": 412, "height": 915, "deviceScaleFactor": 2, "mobile": True}
TIMEOUT = 30.0


class Chromium:
    """A headless Chromium and one tab, spoken to in DevTools protocol over a pipe."""

    def __init__(self, binary: str, profile: Path, metrics: dict = PHONE):
        to_browser_r, self._to_browser = _pipe()
        self._from_browser, from_browser_w = _pipe()

        def plumb() -> None:  # in the child: Chromium reads commands on fd 3, replies on fd 4
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self.process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"], preexec_fn=plumb, close_fds=False,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._next_id = 0
        self._replies: dict[int, dict] = {}
        self.events: list[dict] = []
        self._changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable", session=True)
        self.send("Emulation.setDeviceMetricsOverride", session=True, **metrics)

    def _read(self) -> None:
        buffer = b""
        while chunk := os.read(self._from_browser, 1 << 16):
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            with self._changed:
                for raw in messages:
                    message = json.loads(raw)
                    if "id" in message:
                        self._replies[message["id"]] = message
                    else:
                        self.events.append(message)
                self._changed.notify_all()

    def _wait(self, ready, what: str):
        with self._changed:
            result = self._changed.wait_for(ready, TIMEOUT)
        if not result:
            raise TimeoutError(f"Chromium: no {what} within {TIMEOUT:g}s")
        return result

    def send(self, method: str, session: bool = False, **params) -> dict:
        self._next_id += 1
        number = self._next_id
        message = {"id": number, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        reply = self._wait(lambda: self._replies.pop(number, None), f"reply to {method}")
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply["result"]

    def _until_loaded(self, action) -> None:
        """Run ``action`` (which navigates) and wait for the new page's load event."""
        seen = len(self.events)
        action()
        self._wait(lambda: any(e["method"] == "Page.loadEventFired" for e in self.events[seen:]), "page load")

    def open(self, url: str) -> None:
        self._until_loaded(lambda: self.send("Page.navigate", session=True, url=url))

    def js(self, expression: str):
        result = self.send("Runtime.evaluate", session=True, expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element, then wait for the next page."""
        box = self.js(f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.scrollIntoView();"
                      " const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        def press():
            for kind in ("mousePressed", "mouseReleased"):
                self.send("Input.dispatchMouseEvent", session=True, type=kind, x=box[0], y=box[1],
                          button="left", clickCount=1)
        self._until_loaded(press)

    def tap(self, selector: str) -> None:
        """A real mouse click without waiting for a page load, in the middle of the element's first
        line box (the middle of a wrapped inline element's bounding box may be outside it)."""
        box = self.js(f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.scrollIntoView({{block: 'center'}});"
                      " const r = e.getClientRects()[0]; return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", session=True, type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def drag(self, start: list[float], end: list[float]) -> None:
        """Drag with the mouse from ``start`` to ``end`` (viewport x, y) and drop.

        Headless Chromium has no native drag loop: with drags intercepted, the
        browser reports the drag's data, which is then delivered as DOM drag events.
        """
        self.send("Input.setInterceptDrags", session=True, enabled=True)
        seen = len(self.events)
        self.send("Input.dispatchMouseEvent", session=True, type="mousePressed", x=start[0], y=start[1], button="left", clickCount=1)
        for x, y in ((start[0] + 5, start[1]), tuple(end)):
            self.send("Input.dispatchMouseEvent", session=True, type="mouseMoved", x=x, y=y, button="left")
        intercepted = self._wait(lambda: next((e for e in self.events[seen:] if e["method"] == "Input.dragIntercepted"), None),
                                 "drag")
        for kind in ("dragEnter", "dragOver", "drop"):
            self.send("Input.dispatchDragEvent", session=True, type=kind, x=end[0], y=end[1], data=intercepted["params"]["data"])
        self.send("Input.dispatchMouseEvent", session=True, type="mouseReleased", x=end[0], y=end[1], button="left", clickCount=1)
        self.send("Input.setInterceptDrags", session=True, enabled=False)

    def type(self, text: str) -> None:
        """Text typed into the focused element, as an input method would commit it."""
        self.send("Input.insertText", session=True, text=text)

    def key(self, key: str, code: str, key_code: int, ctrl: bool = False) -> None:
        """One key press (with Ctrl if asked), as the keyboard sends it."""
        for kind in ("rawKeyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", session=True, type=kind, key=key, code=code, modifiers=2 if ctrl else 0,
                      windowsVirtualKeyCode=key_code, nativeVirtualKeyCode=key_code)

    def wait_for(self, expression: str, what: str):
        """Poll a JavaScript expression until it is truthy; its value."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.05)
        raise TimeoutError(f"Chromium: no {what} within {TIMEOUT:g}s ({expression})")

    def screenshot(self, path: Path, scale: float = 1) -> None:
        """The whole page as the emulated screen shows it (``scale`` < 1: a smaller image)."""
        size = self.send("Page.getLayoutMetrics", session=True)["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": scale}
        data = self.send("Page.captureScreenshot", session=True, format="png", captureBeyondViewport=True, clip=clip)
        path.write_bytes(base64.b64decode(data["data"]))

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and failed loads so far."""
        found = []
        for event in self.events:
            params = event.get("params", {})
            if event["method"] == "Runtime.exceptionThrown":
                found.append(params["exceptionDetails"].get("text", "exception"))
            elif event["method"] == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
                found.append(" ".join(str(a.get("value", a.get("description"))) for a in params["args"]))
            elif event["method"] == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append(f"{params['entry']['text']} {params['entry'].get('url', '')}")
        return found

    def close(self) -> None:
        try:
            self.send("Browser.close")
            self.process.wait(timeout=10)
        except (OSError, RuntimeError, TimeoutError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)


def _pipe() -> tuple[int, int]:
    """A pipe whose ends are above fd 4 and close on exec, so the dup2 calls cannot clobber them."""
    ends = os.pipe()
    high = tuple(fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in ends)
    for fd in ends:
        os.close(fd)
    return high


def launch(profile: Path, metrics: dict = PHONE) -> Chromium:
    """A started Chromium; skips the test if there is none (fails under CI=true)."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        skip_or_fail("Chromium is not installed (apt-get install chromium)")
    return Chromium(binary, profile, metrics)
