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
    po = PoFile.read(es_po(root))
    edited = po.find(EDITED)
    assert (edited.msgstr, edited.fuzzy) == (BY_TRANSLATOR, False)  # the translator's save is kept
    assert "locales/es/LC_MESSAGES/bridge.po: saved by someone during the run" in result.output
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


# -- the other writers: a save lands just before their write -------------------------------------------


def save_first(module, monkeypatch, save) -> list:
    """Make ``save()`` run once, just before ``module``'s first write_atomic call; returns what it returned."""
    real_write, done = module.write_atomic, []

    def write(path, data, *args, **kwargs):
        if not done:
            done.append(save())
        return real_write(path, data, *args, **kwargs)

    monkeypatch.setattr(module, "write_atomic", write)
    return done


def test_xliff_import_leaves_a_po_file_saved_meanwhile_and_says_so(root: Path, monkeypatch):
    from presslate.catalog import xliff_import

    run(root, "translate")
    xlf = root / "out.xlf"
    run(root, "export", "--xliff", str(xlf), "--lang", "es", "--article", "articles/bridge.md")
    text = xlf.read_text(encoding="utf-8")
    xlf.write_text(text.replace('state="translated"', 'state="final"', 1), encoding="utf-8")  # reviewed in the CAT tool
    saved = save_first(xliff_import, monkeypatch, lambda: save_as_poedit(es_po(root), AGAIN, AGAIN_BY_TRANSLATOR))
    result = run(root, "import", "--xliff", str(xlf), code=1)
    assert "locales/es/LC_MESSAGES/bridge.po: saved by someone while the import ran" in result.output
    assert es_po(root).read_bytes() == saved[0]  # their save is kept, byte for byte
    monkeypatch.undo()
    run(root, "import", "--xliff", str(xlf))  # importing again applies it to their version
    assert not PoFile.read(es_po(root)).find("Bridge reopens after repairs").fuzzy


def desk_request(root: Path, msgid: str, msgstr: str):
    from presslate.desk.core import Desk, SaveRequest

    desk = Desk(config_mod.load(root))
    base = desk.article("bridge", "es")["entries"][msgid]["version"]
    return desk, SaveRequest("bridge", "es", msgid, msgstr, base, reviewed=True)


def test_desk_save_is_made_on_a_version_saved_meanwhile(root: Path, monkeypatch):
    from presslate.desk import core

    run(root, "translate")
    desk, request = desk_request(root, EDITED, BY_TRANSLATOR)
    save_first(core, monkeypatch, lambda: save_as_poedit(es_po(root), AGAIN, AGAIN_BY_TRANSLATOR))
    assert desk.save(request)["written"]
    po = PoFile.read(es_po(root))
    assert (po.find(EDITED).msgstr, po.find(EDITED).fuzzy) == (BY_TRANSLATOR, False)  # the desk's save
    assert (po.find(AGAIN).msgstr, po.find(AGAIN).fuzzy) == (AGAIN_BY_TRANSLATOR, False)  # and theirs


def test_desk_save_of_an_entry_saved_meanwhile_is_a_conflict(root: Path, monkeypatch):
    from presslate.desk import core

    run(root, "translate")
    desk, request = desk_request(root, EDITED, "Otra traducción.")
    saved = save_first(core, monkeypatch, lambda: save_as_poedit(es_po(root), EDITED, BY_TRANSLATOR))
    with pytest.raises(core.SaveError) as error:
        desk.save(request)
    assert error.value.status == 409 and error.value.payload["disk"]["msgstr"] == BY_TRANSLATOR
    assert es_po(root).read_bytes() == saved[0]


def test_glossary_accept_keeps_an_edit_saved_meanwhile(root: Path, monkeypatch):
    from presslate.cli import glossary as glossary_cli

    path = root / "glossary.toml"
    path.write_text('[do_not_translate]\nterms = ["Alder River"]\n', encoding="utf-8")

    def edit():
        path.write_text('# edited by the desk editor\n[do_not_translate]\nterms = ["Alder River", "Millbrook"]\n',
                        encoding="utf-8")

    save_first(glossary_cli, monkeypatch, edit)
    run(root, "glossary", "suggest", "--accept", "Old Bridge")
    text = path.read_text(encoding="utf-8")
    assert "# edited by the desk editor" in text and "Millbrook" in text and "Old Bridge" in text


def test_init_force_leaves_a_config_saved_meanwhile(root: Path, monkeypatch):
    from presslate.cli import workflow as workflow_cli

    path = root / config_mod.CONFIG_NAME
    edited = path.read_text(encoding="utf-8") + "\n# edited meanwhile\n"
    save_first(workflow_cli, monkeypatch, lambda: path.write_text(edited, encoding="utf-8"))
    result = run(root, "init", "--force", "--target", "fr", code=1)
    assert "presslate.toml was saved by someone while init ran" in result.output
    assert path.read_text(encoding="utf-8") == edited


# -- fileio.write_atomic(expected=...) -------------------------------------------------------------------


def test_write_atomic_writes_only_over_the_bytes_it_was_given(tmp_path: Path):
    from presslate.fileio import WriteConflict, write_atomic

    path = tmp_path / "a.po"
    assert write_atomic(path, b"one", expected=None)  # None: must not exist
    with pytest.raises(WriteConflict):
        write_atomic(path, b"two", expected=None)
    with pytest.raises(WriteConflict):
        write_atomic(path, b"two", expected=b"zero")
    assert path.read_bytes() == b"one"
    assert write_atomic(path, b"two", expected=b"one")
    assert not write_atomic(path, b"two", expected=b"something else")  # already there: nothing to write
    assert write_atomic(path, b"three")  # no expected: outputs nobody edits
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.po"]


def test_write_atomic_checks_again_after_the_temp_file_is_synced(tmp_path: Path, monkeypatch):
    from presslate import fileio

    path = tmp_path / "a.po"
    path.write_bytes(b"read")
    real_fsync = fileio.os.fsync

    def fsync_while_someone_saves(fd):
        path.write_bytes(b"saved meanwhile")
        real_fsync(fd)

    monkeypatch.setattr(fileio.os, "fsync", fsync_while_someone_saves)
    with pytest.raises(fileio.WriteConflict):
        fileio.write_atomic(path, b"ours", expected=b"read")
    assert path.read_bytes() == b"saved meanwhile"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.po"]  # no temp file left behind
