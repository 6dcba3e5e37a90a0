"""An entry filled from the aligned archive (`presslate align`) is *aligned*, not a translator's *edited*
work: status --json, the status table, the desk's /api/entries counts and filters agree; a translator's
edit or review of such an entry counts as theirs."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest
import test_review
from click.testing import CliRunner
from test_desk_entries import entries
from test_review import Client

from presslate.catalog.pofile import PoFile
from presslate.cli import main
from presslate.inline import word_count
from presslate.memory.store import Memory

EN = """# Harbour news

The ferry returns on Monday after a pause of two years.

Tickets cost 12 euros at the harbour office, which opens at 7:00.

The mayor, Ana Ruiz, will travel on the first crossing.
"""

ES = """# Noticias del puerto

El transbordador vuelve el lunes tras una pausa de dos años.

Los billetes cuestan 12 euros en la oficina del puerto, que abre a las 7:00.

La alcaldesa, Ana Ruiz, viajará en la primera travesía.
"""

FERRY = "The ferry returns on Monday after a pause of two years."
TICKETS = "Tickets cost 12 euros at the harbour office, which opens at 7:00."
MAYOR = "The mayor, Ana Ruiz, will travel on the first crossing."
NEW = "Divers inspected the pier on Sunday."  # not in the archive: machine-translated
ALL = ("Harbour news", FERRY, TICKETS, MAYOR)


def run(project: Path, *args: str, code: int = 0):
    result = CliRunner().invoke(main, ["-C", str(project), *args])
    assert result.exit_code == code, result.output
    return result


def po_path(project: Path) -> Path:
    return project / "locales" / "es" / "LC_MESSAGES" / "harbour.po"


def status_json(project: Path) -> dict:
    return json.loads(run(project, "status", "--json").output)


def edit(project: Path, msgid: str, msgstr: str | None = None, fuzzy: bool = True) -> None:
    """A translator's editor: one entry changed, the rest kept."""
    po = PoFile.read(po_path(project))
    entry = po.find(msgid)
    entry.msgstr = entry.msgstr if msgstr is None else msgstr
    entry.fuzzy = fuzzy
    po_path(project).write_bytes(po.serialize())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The archive aligned into the memory, then an article with the same English (and one new
    sentence) translated: its archive sentences come from the memory, the new one from the engine."""
    root = tmp_path / "site"
    run(root, "init", "--source", "en", "--target", "es", "--engine", "pseudo")
    folder = tmp_path / "archive" / "2024-01-harbour"
    folder.mkdir(parents=True)
    (folder / "en.md").write_text(EN, encoding="utf-8")
    (folder / "es.md").write_text(ES, encoding="utf-8")
    run(root, "align", str(tmp_path / "archive"))
    (root / "articles").mkdir()
    (root / "articles" / "harbour.md").write_text(EN + f"\n{NEW}\n", encoding="utf-8")
    run(root, "translate")
    return root


def words(*msgids: str) -> int:
    """Source words as status counts them (each of these sentences occurs once)."""
    return sum(word_count(m) for m in msgids)


def test_entries_filled_from_the_aligned_archive_are_aligned_not_edited(project: Path):
    po = PoFile.read(po_path(project))
    assert all(po.find(m).fuzzy and po.find(m).msgstr for m in ALL)  # as `translate` leaves them
    row = status_json(project)["rows"][0]
    assert row["entries"]["aligned"] == len(ALL) and row["words"]["aligned"] == words(*ALL)
    assert row["entries"]["edited"] == 0 and row["words"]["edited"] == 0
    assert row["entries"]["machine"] == 1 and row["words"]["machine"] == words(NEW)
    assert row["percent_reviewed"] == 0.0
    assert sum(row["entries"].values()) == len(ALL) + 1  # every entry in exactly one state


def test_an_aligned_entry_a_translator_edited_counts_as_edited(project: Path):
    edit(project, FERRY, "El transbordador volverá el lunes, tras dos años de pausa.")
    row = status_json(project)["rows"][0]
    assert row["entries"]["edited"] == 1 and row["words"]["edited"] == words(FERRY)
    assert row["entries"]["aligned"] == len(ALL) - 1
    assert row["entries"]["machine"] == 1  # only the engine's sentence


def test_an_aligned_entry_a_translator_reviewed_counts_as_reviewed(project: Path):
    edit(project, TICKETS, fuzzy=False)  # confirmed as it is
    row = status_json(project)["rows"][0]
    assert row["entries"]["reviewed"] == 1 and row["words"]["reviewed"] == words(TICKETS)
    assert row["entries"]["aligned"] == len(ALL) - 1
    total = words(*ALL, NEW)
    assert row["percent_reviewed"] == round(100 * words(TICKETS) / total, 1)


def test_an_aligned_text_reviewed_elsewhere_is_a_persons_work(project: Path):
    """Once a translator reviewed the same pair (in any article), the memory holds it as reviewed: a fuzzy
    copy of it is a person's translation not yet confirmed here, as for any reviewed text."""
    with Memory.for_project(project) as memory:
        memory.harvest("other", "en", "es", [(MAYOR, PoFile.read(po_path(project)).find(MAYOR).msgstr)],
                       datetime(2030, 1, 1, tzinfo=timezone.utc))
    row = status_json(project)["rows"][0]
    assert row["entries"]["edited"] == 1 and row["entries"]["aligned"] == len(ALL) - 1


def test_the_status_table_has_an_aligned_column_and_says_what_it_means(project: Path):
    lines = run(project, "status").output.splitlines()
    header = lines[0].split()
    assert "aligned" in header and "edited" in header
    harbour = lines[1].split()
    column = header.index("aligned")
    assert harbour[column] == f"{len(ALL)}/{words(*ALL)}w" and harbour[header.index("edited")] == "0/0w"
    assert f"{len(ALL)} entries ({words(*ALL)} words) from the aligned archive, not reviewed" in run(
        project, "status").output
    edit(project, FERRY, "Vuelve el transbordador.")
    edit(project, TICKETS, "Billetes: 12 euros.")
    edit(project, MAYOR, "La alcaldesa viajará.")
    output = run(project, "status").output
    assert "1 entry (2 words) from the aligned archive, not reviewed" in output  # the heading
    edit(project, "Harbour news", "Noticias")
    assert "aligned archive" not in run(project, "status").output  # nothing aligned left: no note


@pytest.fixture
def root(project: Path) -> Path:
    return project  # the project test_review's client fixture serves


client = test_review.client  # the fixture: a desk served on the root, shut down after the test


def test_the_desk_counts_and_filters_aligned_entries_as_status_does(client: Client, project: Path):
    edit(project, FERRY, "El transbordador volverá el lunes, tras dos años de pausa.")
    expected = {k: v for k, v in status_json(project)["rows"][0]["entries"].items() if k != "obsolete"}
    payload = entries(client, article="harbour")
    assert {s: payload["counts"][s] for s in expected} == expected
    assert expected["aligned"] == len(ALL) - 1 and expected["edited"] == 1
    assert payload["counts"]["fuzzy"] == expected["aligned"] + expected["machine"] + expected["edited"]
    assert payload["counts"]["unreviewed"] == payload["counts"]["all"] == len(ALL) + 1
    aligned = entries(client, article="harbour", state="aligned")
    assert {e["msgid"] for e in aligned["entries"].values()} == {"Harbour news", TICKETS, MAYOR}
    assert {e["state"] for e in aligned["entries"].values()} == {"aligned"}
    assert "aligned" in aligned["groups"]["fuzzy"] and "aligned" in aligned["groups"]["unreviewed"]
    edited = entries(client, article="harbour", state="edited")
    assert {e["msgid"] for e in edited["entries"].values()} == {FERRY}


# --- the mark in the PO file: a translator comment, which gettext tools keep -----------------------------


def aligned_comments(entry) -> list[str]:
    return [c for c in entry.translator_comments if c.startswith("aligned from ")]


def test_an_aligned_entry_says_so_in_the_po_file(project: Path, tmp_path: Path):
    po = PoFile.read(po_path(project))
    source = tmp_path / "archive" / "2024-01-harbour" / "es.md"
    assert all(aligned_comments(po.find(m)) == [f"aligned from {source}"] for m in ALL)
    assert aligned_comments(po.find(NEW)) == []  # machine translation says nothing of the kind


@pytest.mark.parametrize("merged", [False, True], ids=["as written", "after plain msgmerge"])
def test_an_aligned_entry_keeps_its_state_on_another_checkout(project: Path, merged: bool):
    if merged:
        if shutil.which("msgmerge") is None:
            pytest.skip("msgmerge (GNU gettext) is not installed")
        pot = project / "locales" / "templates" / "harbour.pot"
        subprocess.run(["msgmerge", "--quiet", "-U", "--backup=none", str(po_path(project)), str(pot)], check=True)
    shutil.rmtree(project / ".presslate")  # another checkout: presslate's records are not shared
    row = status_json(project)["rows"][0]
    assert row["entries"]["aligned"] == len(ALL) and row["entries"]["machine"] == 1 and row["entries"]["edited"] == 0


def test_a_refilled_aligned_entry_has_one_aligned_comment_and_keeps_the_translators(project: Path):
    po = PoFile.read(po_path(project))
    mayor = po.find(MAYOR)
    mayor.msgstr, mayor.fuzzy = "", False
    mayor.translator_comments = ["check the name with the desk", *mayor.translator_comments]
    po_path(project).write_bytes(po.serialize())
    run(project, "translate")
    mayor = PoFile.read(po_path(project)).find(MAYOR)
    assert mayor.msgstr and mayor.fuzzy
    assert mayor.translator_comments[0] == "check the name with the desk" and len(aligned_comments(mayor)) == 1
    assert len(mayor.translator_comments) == 2


def test_align_po_marks_what_it_fills_and_its_fuzzy_entries_are_aligned(tmp_path: Path):
    root = tmp_path / "site"
    run(root, "init", "--source", "en", "--target", "es", "--engine", "pseudo")
    (root / "articles").mkdir()
    (root / "articles" / "harbour.md").write_text(EN, encoding="utf-8")
    translation = tmp_path / "harbour.es.md"
    translation.write_text(ES, encoding="utf-8")
    run(root, "align", "--po", str(root / "articles" / "harbour.md"), str(translation))
    po = PoFile.read(po_path(root))
    filled = [e for e in po.entries if e.msgid and e.msgstr]
    fuzzy = [e for e in filled if e.fuzzy]
    assert fuzzy and len(fuzzy) < len(filled)  # both kinds: confidence below and above the reviewed bar
    assert all(aligned_comments(e) == [f"aligned from {translation}"] for e in filled)
    row = status_json(root)["rows"][0]
    assert row["entries"]["aligned"] == len(fuzzy) and row["entries"]["reviewed"] == len(filled) - len(fuzzy)
    assert row["entries"]["edited"] == row["entries"]["machine"] == 0
