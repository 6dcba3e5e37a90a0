"""Machine translation whose fuzzy flag someone cleared (msgattrib --clear-fuzzy) is not a translator's
work: the memory labels it "machine", ranks it below human translations, and translate never hands it
out as a reviewed 100% match (issue 29)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import test_status_truth
from test_status_truth import REOPENED, edit_po, po_path, run, status_row

from presslate.catalog.pofile import PoFile
from presslate.memory.store import Memory

project = test_status_truth.project  # the fixture: a new project with the bridge story machine-translated

SECOND = """# Traffic returns

The Old Bridge reopened on Monday.
"""
T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


def unfuzzy_everything(path: Path) -> None:
    """What ``msgattrib --clear-fuzzy`` does to the file's entries."""
    po = PoFile.read(path)
    for entry in po.entries:
        entry.fuzzy = False
    path.write_bytes(po.serialize())


def test_translate_does_not_hand_out_unfuzzied_machine_output_as_a_reviewed_match(project: Path):
    machine = PoFile.read(po_path(project)).find(REOPENED).msgstr
    unfuzzy_everything(po_path(project))
    (project / "articles" / "traffic.md").write_text(SECOND, encoding="utf-8")
    run(project, "translate")
    entry = PoFile.read(po_path(project, "traffic")).find(REOPENED)
    assert entry.msgstr == machine
    assert entry.fuzzy  # machine translation: it needs review like any other
    assert status_row(project, "traffic")["entries"]["machine"] == 2  # the heading too, from the engine
    assert status_row(project, "traffic")["entries"]["reviewed"] == 0


def test_a_human_translation_wins_over_newer_unfuzzied_machine_output(project: Path):
    human = "El Puente Viejo volvió a abrir el lunes."
    with Memory.for_project(project) as memory:
        memory.harvest("older", "en", "es", [(REOPENED, human)], T0)
    unfuzzy_everything(po_path(project))  # the machine pair is harvested after the human one: newer
    (project / "articles" / "traffic.md").write_text(SECOND, encoding="utf-8")
    run(project, "translate")
    entry = PoFile.read(po_path(project, "traffic")).find(REOPENED)
    assert (entry.msgstr, entry.fuzzy) == (human, False)


def test_unfuzzied_machine_output_is_labelled_machine_in_the_memory(project: Path):
    """Harvested as if reviewed, but presslate's records say the engine made exactly this text."""
    machine = PoFile.read(po_path(project)).find(REOPENED).msgstr
    unfuzzy_everything(po_path(project))
    run(project, "translate")  # harvests the unfuzzied file
    from presslate.memory import provenance

    with Memory.for_project(project) as memory:
        labelled = provenance.suggestions(memory, "en", "es", REOPENED, 0.75)
    assert [(m.kind, m.origin, m.target) for m in labelled] == [("exact", "machine", machine)]
    assert provenance.LABELS[labelled[0].origin] == "machine output, unfuzzied"


def test_human_edit_is_not_labelled_machine(project: Path):
    edit_po(po_path(project), REOPENED, "El Puente Viejo reabrió el lunes.")
    run(project, "translate")
    from presslate.memory import provenance

    with Memory.for_project(project) as memory:
        labelled = provenance.suggestions(memory, "en", "es", REOPENED, 0.75)
        best = provenance.best_matches(memory, "en", "es", [REOPENED], 0.75)
    assert [(m.origin, m.target) for m in labelled] == [("reviewed", "El Puente Viejo reabrió el lunes.")]
    assert best[REOPENED].origin == "reviewed"
