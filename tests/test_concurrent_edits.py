"""A person saving a file while presslate writes it: their save is never silently overwritten.

Translators do not take presslate's lock.  Each test makes the save land at
one exact moment of a run (inside the engine call, or just before a write),
so the race is deterministic.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from editing_engine import EditingEngine, save_as_poedit

from presslate import config as config_mod
from presslate import engines
from presslate.catalog.pofile import PoFile
from presslate.cli import main
from presslate.memory.store import Memory
from presslate.workflow import translate as translate_mod

engines.register_engine("editing", "editing_engine", "EditingEngine")

STORY = """# Bridge reopens after repairs

The Old Bridge reopened on Monday. Engineers finished the work two weeks early.

Buses return on Tuesday.
"""
ADDED = "Cyclists get a new lane."
EDITED = "The Old Bridge reopened on Monday."
BY_TRANSLATOR = "El Puente Viejo reabrió el lunes."
AGAIN = "Buses return on Tuesday."
AGAIN_BY_TRANSLATOR = "Los autobuses vuelven el martes."


def run(root: Path, *args: str, code: int | None = 0):
    result = CliRunner().invoke(main, ["-C", str(root), *args])
    if code is not None:
        assert result.exit_code == code, result.output
    return result


@pytest.fixture(autouse=True)
def no_leftover_hook():
    yield
    EditingEngine.during_call = None


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project translated once, then one sentence added to its article."""
    root = tmp_path / "news"
    (root / "articles").mkdir(parents=True)
    (root / config_mod.CONFIG_NAME).write_text(config_mod.render_config("en", ["es"], "editing"))
    article = root / "articles" / "bridge.md"
    article.write_text(STORY, encoding="utf-8")
    run(root, "translate")
    article.write_text(STORY.replace("Buses return", f"{ADDED}\n\nBuses return"), encoding="utf-8")
    return root


def es_po(root: Path, article: str = "bridge") -> Path:
    return root / "locales" / "es" / "LC_MESSAGES" / f"{article}.po"


def remembered(root: Path, msgid: str) -> str | None:
    with Memory.for_project(root) as memory:
        match = memory.exact("en", "es", msgid)
    return match.target if match else None


def test_a_save_during_translate_is_merged_not_overwritten(root: Path):
    saved = []
    EditingEngine.during_call = lambda: saved.append(save_as_poedit(es_po(root), EDITED, BY_TRANSLATOR))
    result = run(root, "translate")
    assert saved, "the engine was not called: the race did not happen"
    assert "locales/es/LC_MESSAGES/bridge.po: saved by someone during the run" in result.output
    po = PoFile.read(es_po(root))
    edited = po.find(EDITED)
    assert (edited.msgstr, edited.fuzzy) == (BY_TRANSLATOR, False)  # the translator's save is kept
    added = po.find(ADDED)
    assert added.msgstr and added.fuzzy  # and the run's machine translation is merged in
    assert po.metadata()["PO-Revision-Date"] == "2026-06-01 10:00+0200"  # their header too
    assert remembered(root, EDITED) == BY_TRANSLATOR  # and the edit is in the memory
    after = es_po(root).read_bytes()
    assert "0 files written" in run(root, "translate").output  # the article was finished
    assert es_po(root).read_bytes() == after


def test_a_file_saved_again_during_the_retry_is_left_and_reported(root: Path, monkeypatch):
    saves: list[bytes] = []
    EditingEngine.during_call = lambda: saves.append(save_as_poedit(es_po(root), EDITED, BY_TRANSLATOR))
    real_write = translate_mod.write_atomic

    def write(path, data, *args, **kwargs):  # the translator saves again just before the retry's write
        retry = saves and kwargs.get("expected", args[0] if args else None) == saves[0]
        if path == es_po(root) and retry and len(saves) == 1:
            saves.append(save_as_poedit(es_po(root), AGAIN, AGAIN_BY_TRANSLATOR))
        return real_write(path, data, *args, **kwargs)

    monkeypatch.setattr(translate_mod, "write_atomic", write)
    result = run(root, "translate", code=1)
    assert len(saves) == 2
    assert "not written: locales/es/LC_MESSAGES/bridge.po: changed on disk twice" in result.output
    assert es_po(root).read_bytes() == saves[1]  # exactly as the translator left it
    monkeypatch.undo()

    run(root, "translate")  # the next run completes the article
    po = PoFile.read(es_po(root))
    assert (po.find(EDITED).msgstr, po.find(EDITED).fuzzy) == (BY_TRANSLATOR, False)
    assert (po.find(AGAIN).msgstr, po.find(AGAIN).fuzzy) == (AGAIN_BY_TRANSLATOR, False)
    assert po.find(ADDED).msgstr and po.find(ADDED).fuzzy
    assert remembered(root, AGAIN) == AGAIN_BY_TRANSLATOR


def test_a_save_that_breaks_the_file_is_left_and_reported(root: Path):
    broken = []

    def save_broken():
        data = es_po(root).read_bytes() + b'\nmsgid "unterminated\n'
        es_po(root).write_bytes(data)
        broken.append(data)

    EditingEngine.during_call = save_broken
    result = run(root, "translate", code=1)
    assert "not written: locales/es/LC_MESSAGES/bridge.po:" in result.output
    assert es_po(root).read_bytes() == broken[0]


def test_a_renamed_article_gets_its_reviewed_work_from_the_old_po_file(root: Path):
    """Reviewed, then renamed before any translate ran: the new PO file gets the reviewed text, not MT."""
    run(root, "translate")
    save_as_poedit(es_po(root), EDITED, BY_TRANSLATOR)
    save_as_poedit(es_po(root), AGAIN, AGAIN_BY_TRANSLATOR)
    (root / "articles" / "bridge.md").rename(root / "articles" / "old-bridge-reopens.md")
    run(root, "translate")
    po = PoFile.read(es_po(root, "old-bridge-reopens"))
    for msgid, msgstr in ((EDITED, BY_TRANSLATOR), (AGAIN, AGAIN_BY_TRANSLATOR)):
        entry = po.find(msgid)
        assert (entry.msgstr, entry.fuzzy) == (msgstr, False)  # exact matches are not fuzzy by default
    assert po.find(ADDED).fuzzy  # what nobody reviewed is still machine translation


def test_orphaned_po_files_are_parsed_once(root: Path, monkeypatch):
    run(root, "translate")
    save_as_poedit(es_po(root), EDITED, BY_TRANSLATOR)
    (root / "articles" / "bridge.md").rename(root / "articles" / "renamed.md")
    run(root, "translate")
    from presslate.workflow import harvest

    parsed = []
    monkeypatch.setattr(harvest, "read_po_data", lambda *a: parsed.append(a[0]))
    run(root, "translate")
    assert parsed == []  # the orphan did not change since it was harvested
