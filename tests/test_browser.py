"""End to end in a real browser: publish the example project, serve it, read it in Chromium.

Chromium is driven over the DevTools protocol on a pipe (see tests/chromium.py),
so the test needs no WebDriver, only Debian's ``chromium``.  It skips when
Chromium is missing, except under CI=true, where a missing browser is a failure.
Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import re
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from chromium import Chromium, launch
from click.testing import CliRunner
from example_project import copy_articles

from presslate import config as config_mod
from presslate.catalog.pofile import PoFile
from presslate.cli import main
from presslate.site.publish import publish_site

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture
def chromium(tmp_path: Path):
    browser = launch(tmp_path / "profile")
    yield browser
    browser.close()


@pytest.fixture
def site(tmp_path: Path):
    """The example project, with Arabic added, published and served."""
    root = tmp_path / "news"
    root.mkdir()
    copy_articles(root)
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


def test_site_opened_from_disk_shows_root_relative_images_and_a_localized_title(chromium: Chromium, tmp_path: Path):
    """No server: site/index.html opened as a file.  A root-relative image (/2026/images/…) loads,
    the site title is the page language's, and the article's date shows once."""
    root = tmp_path / "news"
    root.mkdir()
    copy_articles(root)
    warning = root / "articles/2026/river-flood-warning.md"
    text = warning.read_text(encoding="utf-8")
    assert "](images/sandbags.svg" in text, "the example article lost its image; update this test"
    warning.write_text(text.replace("](images/sandbags.svg", "](/2026/images/sandbags.svg"), encoding="utf-8")
    toml = (REPO / "presslate.toml").read_text(encoding="utf-8").split("\n[publish]")[0]
    toml += ('\n[publish]\nmin_reviewed = 0\nallow_machine = true\n'
             'site_title = { en = "Alder Valley News", es = "Noticias del Valle de Alder" }\n')
    (root / "presslate.toml").write_text(toml, encoding="utf-8")
    report = publish_site(config_mod.load(root))
    assert not report.refusals, report

    chromium.open((root / "site/index.html").as_uri())
    chromium.click('ul.languages a[hreflang="es"]')
    chromium.click('a[href="2026/river-flood-warning.html"]')
    page = chromium.js("""({
        path: location.pathname, header: document.querySelector("header.site").innerText,
        image: document.querySelector("article img")?.naturalWidth,
        dates: document.querySelectorAll("article time").length,
    })""")
    assert page["path"].endswith("/site/es/2026/river-flood-warning.html")
    assert page["header"] == "Noticias del Valle de Alder"
    assert page["image"] > 0 and page["dates"] == 1
