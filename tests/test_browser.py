"""End to end in a real browser: publish the example project, serve it, read it in Chromium.

Chromium is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``:
JSON messages ended by NUL bytes on file descriptors 3 and 4), so the test needs
no WebDriver and no websocket library, only Debian's ``chromium``.  It skips when
Chromium is missing, except under CI=true, where a missing browser is a failure.
Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import re
import shutil
import subprocess
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslate import config as config_mod
from presslate.catalog.pofile import PoFile
from presslate.cli import main
from presslate.site.publish import publish_site

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
         "--hide-scrollbars", "--remote-debugging-pipe"]
PHONE = {"width": 412, "height": 915, "deviceScaleFactor": 2, "mobile": True}
TIMEOUT = 30.0
class Chromium:
    """A headless Chromium and one tab, spoken to in DevTools protocol over a pipe."""

    def __init__(self, binary: str, profile: Path):
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
        self.send("Emulation.setDeviceMetricsOverride", session=True, **PHONE)

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

    def screenshot(self, path: Path) -> None:
        """The whole page as a phone shows it."""
        size = self.send("Page.getLayoutMetrics", session=True)["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
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


@pytest.fixture
def chromium(tmp_path: Path):
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but Chromium is not installed (apt-get install chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    browser = Chromium(binary, tmp_path / "profile")
    yield browser
    browser.close()


@pytest.fixture
def site(tmp_path: Path):
    """The example project, with Arabic added, published and served."""
    root = tmp_path / "news"
    root.mkdir()
    for name in ("articles", "locales"):
        shutil.copytree(REPO / name, root / name)
    toml = (REPO / "presslate.toml").read_text(encoding="utf-8")
    toml, count = re.subn(r'(?m)^(targets = \[.*)\]', r'\1, "ar"]', toml)
    assert count == 1, "the example presslate.toml has no one-line targets list; update this test"
    toml = toml.split("\n[publish]")[0]  # replaced by this test's policy
    toml += '\n[publish]\nmin_reviewed = 0\nallow_machine = true\nsite_title = "Alder Valley News"\n'
    (root / "presslate.toml").write_text(toml, encoding="utf-8")

    result = CliRunner().invoke(main, ["-C", str(root), "translate", "--lang", "ar", "--engine", "pseudo"])
    assert result.exit_code == 0, result.output
    ar_po = root / "locales/ar/LC_MESSAGES/2026/river-flood-warning.po"
    po = PoFile.read(ar_po)
    for entry in po.entries:
        entry.fuzzy = False  # a reviewer accepted the (pseudo) translation
    ar_po.write_bytes(po.serialize())
    report = publish_site(config_mod.load(root))
    assert not report.skipped and not report.refusals, report

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


def _page_state(browser: Chromium) -> dict:
    return browser.js("""({
        lang: document.documentElement.lang,
        direction: getComputedStyle(document.documentElement).direction,
        date: document.querySelector("article time")?.textContent,
        switcher: document.querySelector("nav.switcher")?.innerText.trim(),
        notice: (n => n && n.offsetHeight > 0 ? n.innerText : null)(document.querySelector(".notice")),
        image: document.querySelector("article img")?.naturalWidth,
        overflow: document.documentElement.scrollWidth > window.innerWidth,
        path: location.pathname,
    })""")


def test_reader_follows_the_language_switcher(chromium: Chromium, site: str):
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / ".gitignore").write_text("*\n")
    started = time.monotonic()

    chromium.open(f"{site}/en/2026/river-flood-warning.html")
    english = _page_state(chromium)
    assert english["lang"] == "en" and english["direction"] == "ltr"
    assert english["switcher"] == "This post is also available in: Español, Français, and العربية"
    assert english["date"] == "November 20, 2026" and english["notice"] is None
    assert english["image"] > 0 and not english["overflow"]

    chromium.click('nav.switcher a[hreflang="es"]')
    spanish = _page_state(chromium)
    assert spanish["path"] == "/es/2026/river-flood-warning.html"
    assert spanish["lang"] == "es" and spanish["date"] == "20 de noviembre de 2026"
    assert spanish["switcher"] == "Esta entrada también está disponible en: English, Français y العربية"
    assert spanish["notice"] is None  # reviewed by hand
    assert spanish["image"] > 0 and not spanish["overflow"]
    chromium.screenshot(ARTIFACTS / "publish-es.png")

    chromium.click('nav.switcher a[hreflang="fr"]')
    french = _page_state(chromium)
    assert french["lang"] == "fr" and french["date"] == "20 novembre 2026"
    assert french["notice"] == ("Certaines parties de cet article ont été traduites automatiquement avec pseudo "
                                "et n’ont pas encore été relues par notre rédaction.")
    chromium.screenshot(ARTIFACTS / "publish-fr.png")

    chromium.click('nav.switcher a[hreflang="ar"]')
    arabic = _page_state(chromium)
    assert arabic["lang"] == "ar" and arabic["direction"] == "rtl"
    assert arabic["date"] == "20 نوفمبر 2026" and arabic["notice"] is None
    assert not arabic["overflow"]
    chromium.screenshot(ARTIFACTS / "publish-ar.png")

    assert chromium.errors() == []
    print(f"screenshots in {ARTIFACTS} ({time.monotonic() - started:.1f}s in the browser)")
