"""A glossary change takes effect: the MT cache is keyed on the text the engine was sent.

Issue 24 item 1: after ``glossary suggest --accept "Rainbow Railroad"`` the
machine translations still said "Ferrocarril de Arco iris", even after the PO
files were deleted, because the cache answered by msgid.  The engine here
translates word by word, so a name changes unless it travels as a placeholder.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from presslate import config as config_mod
from presslate.catalog.pofile import PoFile
from presslate.cli import main
from presslate.memory.store import Memory
from presslate.workflow.translate import translate

WORDS = {"Rainbow": "Arco-iris", "Railroad": "Ferrocarril", "The": "El", "Globe": "Globo", "and": "y",
         "Mail": "Correo", "helps": "ayuda", "people": "gente", "wrote": "escribió", "about": "sobre", "it": "ello",
         "They": "Ellos", "said": "dijo", "so": "así", "Trains": "Trenes", "run": "corren", "late": "tarde"}

ARTICLE = """\
Rainbow Railroad helps people.

The Globe and Mail wrote about it.

Trains run late.

“They said so,” Rainbow Railroad said.
"""

HELPS = "Rainbow Railroad helps people."
GLOBE = "The Globe and Mail wrote about it."
TRAINS = "Trains run late."
QUOTE = "“They said so,” Rainbow Railroad said."


class WordEngine:
    """Word-by-word "Spanish"; like some real engines it puts a space after an opening quote."""

    name = "word"

    def __init__(self):
        self.calls = 0
        self.sent: list[str] = []

    def identity(self, source, target):
        return "word:1"

    def check_pair(self, source, target):
        return None

    def translate_batch(self, segments, source, target):
        self.calls += 1
        self.sent += segments
        return [re.sub(r"[A-Za-z]+", lambda m: WORDS.get(m.group(), m.group()), s).replace("“", "“ ")
                for s in segments]


def project(root: Path, toml_extra: str = "") -> Path:
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "a.md").write_text(ARTICLE, encoding="utf-8")
    (root / "presslate.toml").write_text(
        '[project]\nsource = "en"\ntargets = ["es"]\n[engine]\nname = "pseudo"\n' + toml_extra, encoding="utf-8")
    return root


def run(root: Path, engine: WordEngine | None = None, **kw):
    engine = engine or WordEngine()
    return translate(config_mod.load(root), lambda lang: engine, ["es"], **kw), engine


def po_of(root: Path) -> PoFile:
    return PoFile.read(root / "locales" / "es" / "LC_MESSAGES" / "a.po")


def msgstrs(root: Path) -> dict[str, str]:
    return {e.msgid: e.msgstr for e in po_of(root).entries if e.msgid}


def accept(root: Path, *names: str) -> None:
    args = ["-C", str(root), "glossary", "suggest"] + [x for name in names for x in ("--accept", name)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output


def edit(root: Path, msgid: str, msgstr: str) -> None:
    """A translator's edit, saved but not yet marked reviewed (still fuzzy)."""
    path = root / "locales" / "es" / "LC_MESSAGES" / "a.po"
    po = PoFile.read(path)
    entry = next(e for e in po.entries if e.msgid == msgid)
    assert entry.fuzzy
    entry.msgstr = msgstr
    path.write_bytes(po.serialize())


def check(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(root), "check"])
    return result.exit_code, result.output


def test_accepting_a_name_retranslates_the_machine_entries_that_hold_it(tmp_path):
    root = project(tmp_path / "news")
    run(root)
    assert msgstrs(root)[HELPS] == "Arco-iris Ferrocarril ayuda gente."  # the "Ferrocarril de Arco iris"

    accept(root, "Rainbow Railroad", "The Globe and Mail")
    report, engine = run(root)

    got = msgstrs(root)
    assert got[HELPS] == "Rainbow Railroad ayuda gente."
    assert got[GLOBE] == "The Globe and Mail escribió sobre ello."
    assert got[QUOTE].count("Rainbow Railroad") == 1
    assert got[TRAINS] == "Trenes corren tarde."  # holds no name: not sent again
    assert report.retranslated == 3 and report.skipped == 0
    assert TRAINS not in engine.sent and all("Rainbow" not in s and "Globe" not in s for s in engine.sent)
    assert all(e.fuzzy for e in po_of(root).entries if e.msgid)  # still machine translations, for review
    assert check(root)[0] == 0

    (root / "glossary.toml").write_text('[do_not_translate]\nterms = ["Rainbow Railroad"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(root), "translate", "--engine", "pseudo"])
    assert result.exit_code == 0, result.output
    assert "1 machine translation redone for a glossary change" in result.output  # singular, counted

    again, engine = run(root)  # nothing changed since
    assert again.skipped == 1 and engine.calls == 0 and again.retranslated == 0


def test_a_human_edited_entry_is_left_and_check_reports_it(tmp_path):
    root = project(tmp_path / "news")
    run(root)
    edit(root, HELPS, "Arco-iris Ferrocarril ayuda a la gente.")  # a person's work, fuzzy still
    edit(root, GLOBE, "El Globo y Correo escribió sobre esto.")
    before = msgstrs(root)

    accept(root, "Rainbow Railroad", "The Globe and Mail")
    report, _ = run(root)

    got = msgstrs(root)
    assert got[HELPS] == before[HELPS] and got[GLOBE] == before[GLOBE]
    assert "Rainbow Railroad" in got[QUOTE]  # the untouched machine entry was redone
    assert report.retranslated == 1
    code, output = check(root)
    assert code == 1
    assert "“Rainbow Railroad” must stay as written" in output and "“The Globe and Mail” must stay as written" in output


def test_deleting_the_po_files_gives_the_fresh_run_output_not_a_stale_cache(tmp_path):
    old = project(tmp_path / "old")
    run(old)
    accept(old, "Rainbow Railroad", "The Globe and Mail")
    (old / "locales" / "es" / "LC_MESSAGES" / "a.po").unlink()
    report, engine = run(old)

    fresh = project(tmp_path / "fresh")
    accept(fresh, "Rainbow Railroad", "The Globe and Mail")
    run(fresh)

    assert msgstrs(old) == msgstrs(fresh)
    assert "Rainbow Railroad" in msgstrs(old)[HELPS]
    assert report.mt_cached == 1 and len(engine.sent) == 3 and TRAINS not in engine.sent  # only TRAINS was reused


def test_force_after_accepting_a_name_keeps_nothing_stale(tmp_path):
    root = project(tmp_path / "news")
    run(root)
    accept(root, "Rainbow Railroad")
    run(root, force=True)
    assert all("Ferrocarril" not in msgstr for msgstr in msgstrs(root).values())


def test_dropping_a_name_from_the_glossary_retranslates_it(tmp_path):
    root = project(tmp_path / "news")
    accept(root, "Rainbow Railroad")
    run(root)
    assert msgstrs(root)[HELPS] == "Rainbow Railroad ayuda gente."
    (root / "glossary.toml").write_text("[do_not_translate]\nterms = []\n", encoding="utf-8")
    report, _ = run(root)
    assert msgstrs(root)[HELPS] == "Arco-iris Ferrocarril ayuda gente."
    assert report.retranslated == 2


def test_a_repair_setting_change_takes_effect_without_the_engine(tmp_path):
    root = project(tmp_path / "news", "[mt]\nrepair = []\nquote_pairs = false\n")  # the repair rule alone
    run(root)
    assert msgstrs(root)[QUOTE].startswith("“ Ellos")
    (root / "locales" / "es" / "LC_MESSAGES" / "a.po").unlink()
    toml = root / "presslate.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("repair = []", 'repair = ["quotes"]'), encoding="utf-8")
    report, engine = run(root)
    assert engine.calls == 0 and report.mt_cached == 4
    assert msgstrs(root)[QUOTE].startswith("“Ellos")
    assert status_entries(root)["machine"] == 4  # the repaired text is known as machine-made too


def status_entries(root: Path) -> dict[str, int]:
    result = CliRunner().invoke(main, ["-C", str(root), "status", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["total"]["entries"]


def test_status_counts_redone_entries_as_machine_translations(tmp_path):
    root = project(tmp_path / "news")
    run(root)
    accept(root, "Rainbow Railroad")
    run(root)
    assert "Rainbow Railroad" in msgstrs(root)[HELPS]
    assert status_entries(root)["machine"] == 4 and status_entries(root)["changed"] == 0


def test_a_version_1_memory_is_upgraded_and_its_machine_translations_still_count(tmp_path):
    path = tmp_path / "memory.sqlite"
    with sqlite3.connect(path) as db:  # the layout presslate wrote before the cache held raw outputs
        db.executescript("""
            CREATE TABLE tm (id INTEGER PRIMARY KEY, src_lang TEXT NOT NULL, tgt_lang TEXT NOT NULL,
                source TEXT NOT NULL, target TEXT NOT NULL, article TEXT, time INTEGER NOT NULL,
                UNIQUE (src_lang, tgt_lang, source, target));
            CREATE TABLE tm_article (article TEXT NOT NULL, tm_id INTEGER NOT NULL REFERENCES tm (id),
                PRIMARY KEY (article, tm_id)) WITHOUT ROWID;
            CREATE INDEX tm_article_by_tm ON tm_article (tm_id);
            CREATE TABLE mt (engine TEXT NOT NULL, src_lang TEXT NOT NULL, tgt_lang TEXT NOT NULL,
                source TEXT NOT NULL, target TEXT NOT NULL, PRIMARY KEY (engine, src_lang, tgt_lang, source)) WITHOUT ROWID;
            CREATE INDEX mt_by_source ON mt (src_lang, tgt_lang, source);
            INSERT INTO mt VALUES ('word:1:prep=2,quotes+spaces,nonames,headings-sentence', 'en', 'es',
                'Rainbow Railroad helps people.', 'Arco-iris Ferrocarril ayuda gente.');
            PRAGMA user_version = 1;
        """)
    with Memory(path) as memory:
        assert memory.machine_outputs("en", "es", [HELPS]) == {HELPS: {"Arco-iris Ferrocarril ayuda gente."}}
        assert memory.cached_mt("word:1:prep=2,quotes+spaces,nonames,headings-sentence", "en", "es", [HELPS]) == {}
    with Memory(path) as memory:  # opened again: already upgraded
        assert memory.machine_outputs("en", "es", [HELPS]) == {HELPS: {"Arco-iris Ferrocarril ayuda gente."}}


def test_an_upgraded_project_redoes_machine_entries_that_lack_a_protected_name(tmp_path):
    """A project translated before this version has no record of its glossary: a machine entry
    that lacks a name the glossary now protects is redone, the others stay (no MT paid for them)."""
    root = project(tmp_path / "news")
    run(root)
    state = root / ".presslate" / "state.json"
    state.write_text(re.sub(r',?\s*"translate-names": \{[^}]*\}', "", state.read_text(encoding="utf-8")),
                     encoding="utf-8")
    assert "translate-names" not in state.read_text(encoding="utf-8")
    accept(root, "Rainbow Railroad")
    report, engine = run(root)
    assert report.retranslated == 2 and len(engine.sent) == 2
    assert "Rainbow Railroad" in msgstrs(root)[HELPS]


def test_a_glossary_change_without_an_engine_is_redone_by_the_next_run_with_one(tmp_path):
    root = project(tmp_path / "news")
    run(root)
    accept(root, "Rainbow Railroad")
    report = translate(config_mod.load(root), None, ["es"])  # --no-mt: nothing to redo them with
    assert report.retranslated == 0 and msgstrs(root)[HELPS] == "Arco-iris Ferrocarril ayuda gente."
    report, engine = run(root)
    assert report.skipped == 0 and report.retranslated == 2
    assert msgstrs(root)[HELPS] == "Rainbow Railroad ayuda gente."
