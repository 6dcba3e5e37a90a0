"""Schema version 5: every memory pair carries where it came from (origin, note, confidence)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

from presslate.memory.schema import ORIGINS
from presslate.memory.store import SCHEMA_VERSION, Memory, Unit
from presslate.memory.tmx import export_tmx, import_tmx

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
PAIR = ("The ferry resumed service on Monday.", "El transbordador reanudó el servicio el lunes.")


def aligned(source: str, target: str, confidence: float = 0.9) -> Unit:
    return Unit("en", "es", source, target, T0, origin="aligned", note="archive/2019/ferry/es.md",
                confidence=confidence)


def test_reviewed_pairs_are_reviewed_and_aligned_pairs_say_where_they_came_from(tmp_path):
    with Memory(tmp_path / "m.sqlite") as memory:
        memory.harvest("2026/ferry", "en", "es", [PAIR], T0)
        memory.add([aligned("The bridge closed on Friday.", "El puente cerró el viernes.", 0.8)])
        units = {u.source: u for u in memory.units()}
        assert (units[PAIR[0]].origin, units[PAIR[0]].note, units[PAIR[0]].confidence) == ("reviewed", None, None)
        bridge = units["The bridge closed on Friday."]
        assert (bridge.origin, bridge.note, bridge.confidence) == ("aligned", "archive/2019/ferry/es.md", 0.8)
        exact = memory.exact("en", "es", "The bridge closed on Friday.")
        assert (exact.origin, exact.note) == ("aligned", "archive/2019/ferry/es.md")
        fuzzy = memory.fuzzy("en", "es", "The bridge closed on Saturday.")
        assert fuzzy.kind == "fuzzy" and fuzzy.origin == "aligned"
        assert memory.exact("en", "es", PAIR[0]).origin == "reviewed"


def test_a_stronger_origin_wins_and_a_weaker_one_never_overwrites_it(tmp_path):
    with Memory(tmp_path / "m.sqlite") as memory:
        memory.add([aligned(*PAIR)])
        memory.harvest("2026/ferry", "en", "es", [PAIR], T0 + timedelta(days=1))  # a translator reviewed it
        memory.add([aligned(*PAIR, confidence=0.5)])  # aligning the archive again
        (unit,) = memory.units()
        assert (unit.origin, unit.note, unit.confidence) == ("reviewed", None, None)
        assert ORIGINS[0] == "reviewed"


def test_a_version_4_file_is_upgraded_in_place_and_its_pairs_are_reviewed(tmp_path):
    path = tmp_path / "m.sqlite"
    with Memory(path) as memory:
        memory.harvest("2026/ferry", "en", "es", [PAIR], T0)
    db = sqlite3.connect(path, isolation_level=None)
    for column in ("origin", "note", "confidence"):
        db.execute(f"ALTER TABLE tm DROP COLUMN {column}")
    db.execute("PRAGMA user_version = 4")
    db.close()
    with Memory(path) as memory:
        (unit,) = memory.units()
        assert (unit.source, unit.target, unit.origin) == (*PAIR, "reviewed")
        assert memory.fuzzy("en", "es", "The ferry resumed service on Tuesday.").origin == "reviewed"
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
    db.close()


def test_tmx_keeps_the_provenance_and_a_foreign_tmx_is_tmx(tmp_path):
    with Memory(tmp_path / "m.sqlite") as memory:
        memory.harvest("2026/ferry", "en", "es", [PAIR], T0)
        memory.add([aligned("The bridge closed on Friday.", "El puente cerró el viernes.")])
        export_tmx(memory, tmp_path / "out.tmx")
    text = (tmp_path / "out.tmx").read_text(encoding="utf-8")
    assert '<prop type="x-presslate-origin">aligned</prop>' in text
    with Memory(tmp_path / "fresh.sqlite") as fresh:
        import_tmx(fresh, tmp_path / "out.tmx")
        assert {(u.source, u.origin, u.note) for u in fresh.units()} == {
            (PAIR[0], "reviewed", None), ("The bridge closed on Friday.", "aligned", "archive/2019/ferry/es.md")}
    foreign = tmp_path / "foreign.tmx"
    foreign.write_text('<?xml version="1.0"?><tmx version="1.4"><header srclang="en" segtype="sentence"'
                       ' adminlang="en" datatype="plaintext" o-tmf="x" creationtool="x" creationtoolversion="1"/>'
                       '<body><tu><prop type="x-presslate-origin">made-up</prop>'
                       '<tuv xml:lang="en"><seg>Hello.</seg></tuv>'
                       '<tuv xml:lang="es"><seg>Hola.</seg></tuv></tu></body></tmx>', encoding="utf-8")
    with Memory(tmp_path / "third.sqlite") as third:
        import_tmx(third, foreign)
        assert [u.origin for u in third.units()] == ["tmx"]


def test_status_questions_by_translation_use_an_index(tmp_path):
    """status asks which stored pair a PO translation is (Memory.known_pairs): by target as well as
    by source; without an index each question read the whole table (4 min of a 2,000-article status)."""
    with Memory(tmp_path / "m.sqlite") as memory:
        memory.harvest("2026/ferry", "en", "es", [PAIR], T0)
        memory.record_mt("pseudo", "en", "es", [(PAIR[0], PAIR[1], PAIR[0])])
    db = sqlite3.connect(tmp_path / "m.sqlite")
    for table in ("tm", "mt_made"):
        plan = " ".join(row[-1] for row in db.execute(
            f"EXPLAIN QUERY PLAN SELECT source, target FROM {table} WHERE src_lang = ? AND tgt_lang = ?"
            " AND target IN (?, ?)", ("en", "es", "a", "b")))
        assert "INDEX" in plan and f"SCAN {table}" not in plan, plan
    db.close()
