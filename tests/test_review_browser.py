"""The review desk in a real browser: edit a machine translation, mark it reviewed, meet a conflict.

Headless Chromium over the DevTools protocol (tests/chromium.py), clicking and
typing as a translator does.  Skips without Chromium, fails under CI=true.
Screenshots go to $PRESSLATE_SCREENSHOTS (default: the test's tmp_path).
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from pathlib import Path

import pytest
from chromium import Chromium, launch
from example_project import chunks, copy_example

from presslate import config as config_mod
from presslate.catalog.pofile import PoFile
from presslate.desk.core import Desk
from presslate.desk.server import DeskServer

DESKTOP = {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False}
ARTICLE = "2026/river-flood-update"
ROADS = "Report damaged roads to the council."
LOWERED = "The Alder River Authority lowered its alert to **level 1** on Sunday morning."
GAUGE = "Check the <1>live river gauge</1> before travelling."
TRANSLATOR = "Ana Pérez <ana@example.org>"


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("PRESSLATE_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def desk(tmp_path: Path):
    root = copy_example(tmp_path / "news")
    server = DeskServer(Desk(config_mod.load(root), ["es"], TRANSLATOR), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def browser(tmp_path: Path):
    chromium = launch(tmp_path / "profile", DESKTOP)
    yield chromium
    chromium.close()


def seg(msgid: str, column: str = "target") -> str:
    side = {"source": "src", "target": "tgt"}[column]
    return f"#rows .{side} .seg[data-msgid={json.dumps(msgid)}]"


def replace_editor_text(browser: Chromium, text: str) -> None:
    browser.js("(() => { const e = document.querySelector('#editor'); e.focus();"
               " const r = document.createRange(); r.selectNodeContents(e);"
               " const s = getSelection(); s.removeAllRanges(); s.addRange(r); })()")
    browser.type(text)


def put_caret(browser: Chromium, after: str) -> None:
    """The caret right after the first occurrence of ``after`` in the editor's text."""
    browser.js(f"""(() => {{ const e = document.querySelector('#editor');
        for (const n of e.childNodes) {{
            if (n.nodeType !== Node.TEXT_NODE) continue;
            const i = n.nodeValue.indexOf({json.dumps(after)});
            if (i < 0) continue;
            const r = document.createRange(); r.setStart(n, i + {len(after)}); r.collapse(true);
            const s = getSelection(); s.removeAllRanges(); s.addRange(r); return; }}
        throw new Error('no such text in the editor'); }})()""")


def text_point(browser: Chromium, after: str) -> list[float]:
    """Viewport coordinates of the spot right after ``after`` in the editor's text."""
    return browser.js(f"""(() => {{ const e = document.querySelector('#editor');
        for (const n of e.childNodes) {{
            if (n.nodeType !== Node.TEXT_NODE || !n.nodeValue.includes({json.dumps(after)})) continue;
            const r = document.createRange(), i = n.nodeValue.indexOf({json.dumps(after)}) + {len(after)};
            r.setStart(n, i); r.setEnd(n, i);
            const box = r.getBoundingClientRect(); return [box.x + 1, box.y + box.height / 2]; }}
        throw new Error('no such text in the editor'); }})()""")


def panel(browser: Chromium) -> dict:
    return browser.js("""({
        source: document.querySelector('#entry-source').innerText,
        editor: document.querySelector('#editor').innerText,
        state: document.querySelector('#entry-state').textContent,
        message: document.querySelector('#message').textContent,
        refused: document.querySelector('#refused').hidden ? null : document.querySelector('#refused').textContent,
        conflict: !document.querySelector('#conflict').hidden,
        terms: document.querySelector('#terms').innerText,
        findings: document.querySelector('#findings').innerText,
        missing: [...document.querySelectorAll('#chips .missing')].map(b => b.dataset.tag),
        progress: document.querySelector('#progress').textContent,
    })""")


def test_translator_reviews_an_entry_and_meets_a_conflict(browser: Chromium, desk, shots: Path):
    root, url = desk
    po_path = root / f"locales/es/LC_MESSAGES/{ARTICLE}.po"
    started = time.monotonic()

    # the start page: articles × languages with % reviewed
    browser.open(f"{url}/")
    rows = browser.js("[...document.querySelectorAll('#status tbody tr')]"
                      ".map(r => [r.dataset.article, r.querySelector('.pct').textContent])")
    assert ["2026/river-flood-warning", "100%"] in rows and len(rows) == 4
    browser.screenshot(shots / "review-start.png")
    browser.click(f'tr[data-article="{ARTICLE}"] a.open')
    browser.wait_for("document.querySelector('#desk').dataset.ready", "desk")

    # side by side: English left, Spanish as the PO file stands right, machine parts marked
    assert browser.js(f"document.querySelector({json.dumps(seg(ROADS, 'source'))}).innerText") == ROADS
    assert browser.js(f"document.querySelector({json.dumps(seg(ROADS))}).className") == "seg state-machine"
    assert browser.js(f"document.querySelector({json.dumps(seg(GAUGE))}).className") == "seg state-reviewed"
    chips = browser.js(f"[...document.querySelectorAll({json.dumps(seg(GAUGE) + ' .chip')})].map(c => c.dataset.tag)")
    assert chips == ["<1>", "</1>"]

    # an entry whose English changed: word diff, the memory match it came from, the check findings
    browser.tap(seg(LOWERED))
    browser.wait_for("!document.querySelector('#panel').hidden", "entry panel")
    diff = browser.js("[...document.querySelectorAll('#entry-previous .diff > *')].map(e => e.tagName[0] + e.textContent)")
    assert "Draised" in diff and "Ilowered" in diff and "D3" in diff and "I1" in diff and "DFriday" in diff
    assert re.fullmatch(r"\d\d%", browser.js("document.querySelector('#suggestions .score').textContent"))
    shown = panel(browser)
    assert shown["state"] == "changed" and "[numbers]" in shown["findings"]
    browser.screenshot(shots / "review-desk.png")
    browser.screenshot(shots / "review-desk-small.png", scale=0.75)  # the one in docs/translators.md

    # 1. edit a machine translation and mark it reviewed
    before = po_path.read_bytes()
    browser.tap(seg(ROADS))
    browser.wait_for(f"document.querySelector('#entry-source').innerText === {json.dumps(ROADS)}", "entry panel")
    shown = panel(browser)
    assert shown["source"] == ROADS and shown["editor"] == "El informe averió carreteras al consejo."
    assert shown["state"] == "machine" and "council → ayuntamiento / concejo" in shown["terms"]
    assert "[glossary]" in shown["findings"]
    assert shown["progress"] == "4 of 11 entries reviewed"
    replace_editor_text(browser, "Informe al ayuntamiento de las carreteras dañadas.")
    browser.tap("#review")
    browser.wait_for("document.querySelector('#message').textContent === 'Reviewed and saved'", "save")
    after = po_path.read_bytes()
    changed = [(a, b) for a, b in zip(chunks(before), chunks(after)) if a != b]
    assert len(chunks(before)) == len(chunks(after)) and len(changed) == 2  # the header and that entry
    header_lines = [(a, b) for a, b in zip(changed[0][0].split(b"\n"), changed[0][1].split(b"\n")) if a != b]
    assert [b.split(b":")[0] for _, b in header_lines] == [b'"PO-Revision-Date', b'"Last-Translator']
    assert PoFile.parse(after).metadata()["Last-Translator"] == TRANSLATOR
    assert b"#, fuzzy" in changed[1][0] and b"fuzzy" not in changed[1][1]
    assert changed[1][1].endswith('msgstr "Informe al ayuntamiento de las carreteras dañadas."'.encode())
    assert browser.js(f"document.querySelector({json.dumps(seg(ROADS))}).className").startswith("seg state-reviewed")
    assert panel(browser)["progress"] == "5 of 11 entries reviewed" and panel(browser)["findings"] == ""

    # 2. a translation with a broken tag cannot be marked reviewed; the chips put it back
    browser.tap(seg(GAUGE))
    browser.wait_for("document.querySelector('#entry-source').innerText.startsWith('Check the')", "gauge entry")
    replace_editor_text(browser, "Consulte el medidor del río antes de salir.")
    assert panel(browser)["missing"] == ["<1>", "</1>"]
    unchanged = po_path.read_bytes()
    browser.tap("#review")
    browser.wait_for("!document.querySelector('#refused').hidden", "refusal")
    assert "<1>" in panel(browser)["refused"] and po_path.read_bytes() == unchanged
    put_caret(browser, "Consulte el ")
    browser.tap('#chips button[data-tag="<1>"]')
    put_caret(browser, "del río")
    browser.tap('#chips button[data-tag="</1>"]')
    assert panel(browser)["missing"] == []
    # drag the closing chip to just after "medidor": the link now covers one word
    chip_at = browser.js("(() => { const r = document.querySelectorAll('#editor .chip')[1].getBoundingClientRect();"
                         " return [r.x + r.width / 2, r.y + r.height / 2]; })()")
    browser.drag(chip_at, text_point(browser, "medidor"))
    browser.wait_for("serialize(document.querySelector('#editor')).includes('medidor</1>')", "chip moved")
    assert browser.js("serialize(document.querySelector('#editor'))") == "Consulte el <1>medidor</1> del río antes de salir."
    browser.key("Enter", "Enter", 13, ctrl=True)  # mark reviewed, then on to the next unreviewed entry
    order = [s.text for s in _segments(root)]
    browser.wait_for("!document.querySelector('#entry-source').innerText.startsWith('Check the')", "next entry")
    po = PoFile.read(po_path)
    assert po.find(GAUGE).msgstr == "Consulte el <1>medidor</1> del río antes de salir." and not po.find(GAUGE).fuzzy

    # 3. the next unreviewed entry; meanwhile someone edits it on disk
    expected = next(m for m in order[order.index(GAUGE) + 1:] if po.find(m) and (po.find(m).fuzzy or not po.find(m).msgstr))
    browser.wait_for(f"document.querySelector('#entry-source').innerText === {json.dumps(_plain(expected))}", "next entry")
    entry = po.find(expected)
    entry.msgstr, entry.fuzzy = "La autoridad publicará su próxima actualización el lunes a las 18:00.", False
    po_path.write_bytes(po.serialize())  # a translator in Poedit
    theirs = po_path.read_bytes()
    replace_editor_text(browser, "La autoridad dará la próxima actualización el lunes a las 18:00.")
    browser.tap("#save")
    browser.wait_for("!document.querySelector('#conflict').hidden", "conflict")
    versions = browser.js("[document.querySelector('#conflict .disk').innerText, document.querySelector('#conflict .mine').innerText]")
    assert versions == ["La autoridad publicará su próxima actualización el lunes a las 18:00.",
                        "La autoridad dará la próxima actualización el lunes a las 18:00."]
    assert po_path.read_bytes() == theirs  # not overwritten
    browser.screenshot(shots / "review-conflict.png")
    browser.tap("#keep-mine")
    browser.wait_for("document.querySelector('#message').textContent === 'Saved'", "save after the choice")
    assert PoFile.read(po_path).find(expected).msgstr == "La autoridad dará la próxima actualización el lunes a las 18:00."

    # 4. Ctrl+↓: the next unreviewed entry, from the top again after the last one
    po = PoFile.read(po_path)
    unreviewed = [m for m in dict.fromkeys(order) if po.find(m) and (po.find(m).fuzzy or not po.find(m).msgstr)]
    browser.key("ArrowDown", "ArrowDown", 40, ctrl=True)
    browser.wait_for(f"document.querySelector('#entry-source').innerText === {json.dumps(_plain(unreviewed[0]))}",
                     "next unreviewed")
    assert expected not in unreviewed  # "Keep mine" kept the disk's flag: the other translator had reviewed it

    unexpected = [e for e in browser.errors() if not re.search(r"status of (409|422)", e)]
    assert unexpected == []
    print(f"screenshots in {shots} ({time.monotonic() - started:.1f}s in the browser)")


def _segments(root: Path):
    from presslate.workflow.articles import parse_article

    cfg = config_mod.load(root)
    return list(parse_article(cfg, ARTICLE, root / f"articles/{ARTICLE}.md").doc.segments())


def _plain(msgid: str) -> str:
    """How the panel shows a msgid without tags (innerText of text and chips)."""
    assert "<" not in msgid, "pick an entry without tags"
    return msgid
