"""The review desk at a translator's pace, in a real browser (issue 29): filter, search, review with the
keyboard only, comment, set back to fuzzy; the PO file shows exactly those changes.  Rows stay aligned,
tables are tables.  Headless Chromium as in test_review_browser.py; skips without it (fails under CI=true).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from chromium import TIMEOUT, Chromium, launch
from test_review_browser import ARTICLE, DESKTOP, TRANSLATOR, desk, shots  # noqa: F401 - fixtures

from presslate.catalog.pofile import PoFile

TITLE = "River authority lowers flood warning as water recedes"
DESCRIPTION = "Residents near the Alder River can return home from Sunday morning."
CRESTED = "The river crested near 6.2 metres late on Saturday, lower than officials had feared."
NEW_TITLE = "La autoridad fluvial rebaja la alerta por inundaciones al bajar el agua"
NEW_CRESTED = "El río alcanzó su máximo cerca de 6,2 metros el sábado por la noche, menos de lo temido."
COMMENT = "Revisar: ¿«a partir del domingo por la mañana»?"
ALT, CTRL = 1, 2


@pytest.fixture
def browser(tmp_path: Path):
    chromium = launch(tmp_path / "profile", DESKTOP)
    yield chromium
    chromium.close()


class Keyboard:
    """Key presses sent to the page, counted (a chord such as Ctrl+Enter is one keystroke)."""

    def __init__(self, browser: Chromium):
        self.browser = browser
        self.count = 0

    def press(self, key: str, code: str, key_code: int, modifiers: int = 0, text: str | None = None,
              commands: list[str] | None = None) -> None:
        self.count += 1
        down = {"type": "keyDown" if text else "rawKeyDown", "key": key, "code": code, "modifiers": modifiers,
                "windowsVirtualKeyCode": key_code, "nativeVirtualKeyCode": key_code}
        if text:
            down["text"] = text
        if commands:
            down["commands"] = commands
        self.browser.send("Input.dispatchKeyEvent", session=True, **down)
        self.browser.send("Input.dispatchKeyEvent", session=True, type="keyUp", key=key, code=code, modifiers=modifiers,
                          windowsVirtualKeyCode=key_code, nativeVirtualKeyCode=key_code)

    def type(self, text: str) -> None:
        """Typed text: one keystroke per character."""
        self.count += len(text)
        self.browser.type(text)


def settle(browser: Chromium, expression: str, what: str):
    """Poll ``expression`` across a page load (the old page's context may vanish meanwhile)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            value = browser.js(expression)
        except RuntimeError:
            value = None
        if value:
            return value
        time.sleep(0.05)
    raise TimeoutError(f"no {what} within {TIMEOUT:g}s ({expression})")


def editing(browser: Chromium, msgid: str) -> None:
    browser.wait_for(f"document.querySelector('#entry-source').innerText === {json.dumps(msgid)}"
                     " && document.activeElement.id === 'editor'", f"the editor on {msgid!r}")


def test_review_three_entries_with_the_keyboard_only(browser: Chromium, desk, shots: Path):  # noqa: F811
    root, url = desk
    po_path = root / f"locales/es/LC_MESSAGES/{ARTICLE}.po"
    original = po_path.read_bytes()
    keys = Keyboard(browser)
    browser.open(f"{url}/edit?article={ARTICLE}&lang=es")
    browser.wait_for("document.querySelector('#desk').dataset.ready", "desk")
    assert not browser.js("document.querySelector('#panel').hidden")  # an entry is open from the start

    # filter to the machine entries: Alt+0 focuses the state filter, → moves, Enter opens
    keys.press("0", "Digit0", 48, ALT)
    keys.press("ArrowRight", "ArrowRight", 39)
    assert browser.js("document.activeElement.dataset.state") == "machine"
    keys.press("Enter", "Enter", 13, text="\r")
    settle(browser, "location.search.includes('state=machine') && document.querySelector('#desk').dataset.ready", "filter")
    assert browser.js("document.querySelector('#states a.active').dataset.state") == "machine"

    # search a word: Ctrl+K, the word, Enter; the URL keeps filter and search (shareable)
    keys.press("k", "KeyK", 75, CTRL)
    keys.type("river")
    keys.press("Enter", "Enter", 13)
    settle(browser, "location.search.includes('q=river') && document.querySelector('#desk').dataset.ready", "search")
    assert browser.js("new URLSearchParams(location.search).get('state')") == "machine"
    listed = browser.js("[...document.querySelectorAll('#rows .src .seg')].map(s => s.dataset.msgid)")
    assert listed == [TITLE, DESCRIPTION, CRESTED]
    assert browser.js("document.querySelector('#states a[data-state=machine] .count').textContent") == "3"

    # review three entries with the keyboard only
    keys.count = 0
    editing(browser, TITLE)  # the first unreviewed entry is open, the caret in the editor
    keys.press("a", "KeyA", 65, CTRL, commands=["selectAll"])
    keys.type(NEW_TITLE)
    keys.press("Enter", "Enter", 13, CTRL)  # reviewed, saved, on to the next unreviewed
    editing(browser, DESCRIPTION)
    keys.press("c", "KeyC", 67, ALT)  # the translator comments
    assert browser.js("document.activeElement.id") == "comments"
    keys.type(COMMENT)
    keys.press("c", "KeyC", 67, ALT)  # back to the translation
    keys.press("Enter", "Enter", 13, CTRL)
    editing(browser, CRESTED)
    keys.press("a", "KeyA", 65, CTRL, commands=["selectAll"])
    keys.type(NEW_CRESTED)
    keys.press("Enter", "Enter", 13, CTRL)
    browser.wait_for("document.querySelector('#message').textContent === 'Everything listed is reviewed'", "all reviewed")
    # set the description back to fuzzy: previous entry, toggle fuzzy
    keys.press("ArrowUp", "ArrowUp", 38, ALT)
    editing(browser, DESCRIPTION)
    keys.press("u", "KeyU", 85, ALT)
    browser.wait_for("document.querySelector('#message').textContent === 'Set back to fuzzy and saved'", "fuzzy again")
    typed = len(NEW_TITLE) + len(COMMENT) + len(NEW_CRESTED)
    assert keys.count - typed == 9  # Ctrl+A, Ctrl+Enter; Alt+C, Alt+C, Ctrl+Enter; Ctrl+A, Ctrl+Enter; Alt+↑, Alt+U
    states = browser.js("[...document.querySelectorAll('#rows .tgt .seg')].map(s => s.className.split(' ')[1])")
    assert states == ["state-reviewed", "state-machine", "state-reviewed"]
    assert browser.js("document.querySelector('#progress').textContent") == "2 of 3 listed entries reviewed"

    # the help overlay: F1 (or ? outside a text field), Esc closes it
    keys.press("F1", "F1", 112)
    browser.wait_for("!document.querySelector('#help').hidden", "help")
    help_text = browser.js("document.querySelector('#help').innerText")
    for shortcut in ("Ctrl+Enter", "Alt+↓", "Ctrl+↓", "Ctrl+B", "Alt+1", "Alt+U", "Ctrl+S", "Ctrl+K"):
        assert shortcut in help_text
    browser.screenshot(shots / "desk-help.png")
    keys.press("Escape", "Escape", 27)
    browser.wait_for("document.querySelector('#help').hidden", "help closed")
    browser.screenshot(shots / "desk-keyboard.png")

    # the PO file: exactly those changes, and the header's date and translator
    expected = PoFile.parse(original)
    title, description, crested = (expected.find(m) for m in (TITLE, DESCRIPTION, CRESTED))
    title.msgstr, title.fuzzy, title.previous_msgid = NEW_TITLE, False, None
    description.translator_comments = [COMMENT]
    crested.msgstr, crested.fuzzy, crested.previous_msgid = NEW_CRESTED, False, None
    actual = PoFile.parse(po_path.read_bytes())
    metadata = actual.metadata()
    assert metadata["Last-Translator"] == TRANSLATOR
    expected.set_header_fields({"PO-Revision-Date": metadata["PO-Revision-Date"], "Last-Translator": TRANSLATOR})
    assert po_path.read_bytes() == expected.serialize()
    assert description.fuzzy and actual.find(DESCRIPTION).fuzzy
    assert browser.errors() == []


def test_rows_are_aligned_and_tables_are_tables(browser: Chromium, desk, shots: Path):  # noqa: F811
    root, url = desk
    browser.open(f"{url}/edit?article=2026/river-flood-warning&lang=es")
    browser.wait_for("document.querySelector('#desk').dataset.ready", "desk")
    tops = browser.js("[...document.querySelectorAll('#rows .row:not(.head)')].map(r =>"
                      " [r.querySelector('.src').getBoundingClientRect().top, r.querySelector('.tgt').getBoundingClientRect().top,"
                      "  r.querySelector('.src').getBoundingClientRect().height, r.querySelector('.tgt').getBoundingClientRect().height])")
    assert len(tops) > 20
    assert all(src == tgt and h1 == h2 for src, tgt, h1, h2 in tops)  # each segment's two sides share one row
    # the table: a header row of <th> and body rows of <td>, source and translation side by side
    header = browser.js("[...document.querySelectorAll('#rows .src table th')].map(c => c.innerText)")
    assert header == ["Town", "Shelter", "Beds"]
    translated = browser.js("[...document.querySelectorAll('#rows .tgt table th')].map(c => c.innerText)")
    assert len(translated) == 3 and translated != header
    body = browser.js("[...document.querySelectorAll('#rows .src table')].slice(1)"
                      ".map(t => [...t.querySelectorAll('td')].map(c => c.innerText))")
    assert body == [["Millbrook", "Community hall"], ["Eastford", "Lincoln High School gym"]]
    page = browser.js("document.querySelector('#rows').innerText").casefold()
    assert "table header cell" not in page and "table cell" not in page and "list item" not in page
    assert browser.js("document.querySelectorAll('#rows .src li').length") == 3
    headings = browser.js("[...document.querySelectorAll('#rows .src h2, #rows .src h3')].map(h => h.innerText)")
    assert "What residents should do" in headings and "Shelters open tonight" in headings
    assert not browser.js("document.querySelector('#panel').hidden")
    browser.screenshot(shots / "desk-rows.png")
    assert browser.errors() == []


def test_the_whole_project_view_pages_through_its_entries(browser: Chromium, desk):  # noqa: F811
    _, url = desk
    browser.open(f"{url}/edit?lang=es&limit=3")
    browser.wait_for("document.querySelector('#desk').dataset.ready", "desk")
    first = browser.js("[...document.querySelectorAll('#rows .row[data-key]')].map(r => r.dataset.key).filter(k => k)")
    assert len(set(first)) == 3
    pager = browser.js("document.querySelector('#rows .pager').innerText")
    assert pager.startswith("entries 1–3 of ") and "next" in pager and "previous" not in pager
    browser.js("document.querySelector('#rows .pager a[rel=next]').click()")
    settle(browser, "location.search.includes('offset=3') && document.querySelector('#desk').dataset.ready", "next page")
    second = browser.js("[...document.querySelectorAll('#rows .row[data-key]')].map(r => r.dataset.key).filter(k => k)")
    assert len(set(second)) == 3 and not set(second) & set(first)
    assert browser.js("document.querySelector('#rows .pager').innerText").startswith("entries 4–6 of ")
    assert browser.errors() == []
