"""Translation memory: harvest, exact and fuzzy lookups, placeholders, MT cache, crash safety."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presslate.catalog.pofile import Entry
from presslate.errors import InputError
from presslate.inline import markup_problems
from presslate.memory.fuzzy import similarity
from presslate.memory.placeholders import adapt_placeholders
from presslate.memory.store import Match, Memory, reviewed_pairs

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=timezone.utc)
SRC = str(Path(__file__).resolve().parent.parent / "src")


def at(hours: int) -> datetime:
    return T0 + timedelta(hours=hours)


@pytest.fixture
def memory(tmp_path: Path):
    with Memory(tmp_path / "memory.sqlite") as m:
        yield m


def pairs(memory: Memory) -> list[tuple[str, str]]:
    return [(u.source, u.target) for u in memory.units()]


# -- harvest ------------------------------------------------------------------


def test_harvest_takes_reviewed_entries_only(memory):
    entries = [
        Entry("The bridge reopened.", "El puente reabrió."),
        Entry("Traffic is light.", "El tráfico es ligero.", flags=["fuzzy"]),
        Entry("Buses return on Tuesday."),
        Entry("Old sentence.", "Frase vieja.", obsolete=True),
        Entry("Read the <1>report</1>.", "Lea el informe."),  # lost its placeholder
        Entry("One file", msgid_plural="%d files", msgstr_plural={0: "un archivo", 1: "%d archivos"}),
        Entry("Rain.", "Lluvia.", msgctxt="weather"),
        Entry("Snow.", "Nieve.", flags=["no-wrap"]),
    ]
    assert reviewed_pairs(entries) == [("The bridge reopened.", "El puente reabrió."),
                                       ("Read the <1>report</1>.", "Lea el informe."), ("Snow.", "Nieve.")]
    assert memory.harvest("bridge", "en", "es", reviewed_pairs(entries), T0) == 2
    assert pairs(memory) == [("The bridge reopened.", "El puente reabrió."), ("Snow.", "Nieve.")]


def test_reharvest_of_unchanged_entries_only_reads(tmp_path):
    path = tmp_path / "memory.sqlite"
    entries = [("The bridge reopened.", "El puente reabrió."), ("Rain.", "Lluvia.")]
    with Memory(path, timeout=0.05) as memory:
        memory.harvest("bridge", "en", "es", entries, T0)
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process is writing: any write would time out
        try:
            assert memory.harvest("bridge", "en", "es", list(reversed(entries)), at(1)) == 0
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                memory.harvest("bridge", "en", "es", entries[:1], at(1))
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert [u.time for u in memory.units()] == [T0, T0]


def test_a_pair_is_stored_once_with_its_latest_use_and_article_count(memory):
    entry = ("Rain is expected.", "Se esperan lluvias.")
    memory.harvest("a", "en", "es", [entry], T0)
    memory.harvest("b", "en", "es", [entry], at(2))
    memory.harvest("c", "en", "fr", [("Rain is expected.", "De la pluie est attendue.")], at(3))
    [unit] = memory.units("en", "es")
    assert (unit.article, unit.time, unit.articles) == ("b", at(2), 2)
    memory.harvest("a", "en", "es", [], at(4))  # article a no longer uses it
    [unit] = memory.units("en", "es")
    assert (unit.article, unit.time, unit.articles) == ("b", at(2), 1)
    assert len(list(memory.units())) == 2


def test_harvest_needs_an_aware_time(memory):
    with pytest.raises(ValueError, match="timezone-aware"):
        memory.harvest("a", "en", "es", [("Rain.", "Lluvia.")], datetime(2026, 5, 1))


# -- exact ----------------------------------------------------------------------


def test_exact_returns_the_most_recent_translation(memory):
    memory.harvest("a", "en", "es", [("Rain.", "Lluvia.")], T0)
    memory.harvest("b", "en", "es", [("Rain.", "La lluvia.")], at(1))
    memory.harvest("c", "en", "es", [("Rain.", "Lluvia.")], at(-5))  # older: no change of date
    assert memory.exact("en", "es", "Rain.") == Match("exact", "Rain.", "La lluvia.", 1.0)
    assert memory.exact("en", "es", "Rain") is None
    assert memory.exact("en", "fr", "Rain.") is None


# -- fuzzy ------------------------------------------------------------------------


def test_similarity_is_the_word_ratio():
    assert similarity("Heavy rain hit the city.", "Heavy snow hit the city.") == pytest.approx(10 / 12)
    assert similarity("See <1>this</1>.", "See <2>this</2>.") == 1.0
    assert similarity("a b", "c d") == 0.0
    # symmetric, unlike difflib's greedy ratio (0.5 one way, 0.2 the other)
    a, b = "rain river road road of rain road of rain bridge", "rain bridge river old road of of city city mayor"
    assert similarity(a, b) == similarity(b, a) == 2 * 5 / 20


def test_fuzzy_finds_the_closest_source(memory):
    memory.harvest("a", "en", "es", [
        ("Heavy rain hit the city on Monday.", "Fuertes lluvias azotaron la ciudad el lunes."),
        ("Heavy rain hit the coast.", "Fuertes lluvias azotaron la costa."),
        ("The mayor spoke on Monday.", "El alcalde habló el lunes."),
    ], T0)
    match = memory.fuzzy("en", "es", "Heavy snow hit the city on Monday.")
    assert match == Match("fuzzy", "Heavy rain hit the city on Monday.",
                          "Fuertes lluvias azotaron la ciudad el lunes.", pytest.approx(14 / 16))
    assert memory.fuzzy("en", "es", "Completely different words here.") is None


def test_fuzzy_threshold_is_inclusive(memory):
    memory.harvest("a", "en", "es", [("one two three four", "uno dos tres cuatro")], T0)
    assert memory.fuzzy("en", "es", "one two three five", threshold=0.75).score == 0.75  # 2·3/8
    assert memory.fuzzy("en", "es", "one two three five", threshold=0.76) is None
    with pytest.raises(ValueError):
        memory.fuzzy("en", "es", "one", threshold=0)


def test_fuzzy_ties_go_to_the_most_recent_source(memory):
    memory.harvest("a", "en", "es", [("Rain hit the city.", "Old.")], T0)
    memory.harvest("b", "en", "es", [("Snow hit the city.", "New.")], at(1))
    assert memory.fuzzy("en", "es", "Hail hit the city.").target == "New."


def test_fuzzy_sees_pairs_harvested_after_its_index_was_built(memory):
    memory.harvest("a", "en", "es", [("Rain hit the old city today.", "A.")], T0)
    assert memory.fuzzy("en", "es", "Snow hit the old city today.").target == "A."
    memory.harvest("b", "en", "es", [("Snow hit the old city today!", "B.")], at(1))
    assert memory.fuzzy("en", "es", "Snow hit the old city today.").target == "B."


def test_fuzzy_is_exact_for_the_same_text(memory):
    memory.harvest("a", "en", "es", [("Rain hit the city.", "Llovió.")], T0)
    assert memory.fuzzy("en", "es", "Rain hit the city.").kind == "exact"
    assert memory.fuzzy("en", "es", "Rain hit  the\ncity.") == Match("fuzzy", "Rain hit the city.", "Llovió.", 1.0)


def test_fuzzy_search_agrees_with_brute_force(memory):
    """The candidate filters never drop the best match."""
    rng = random.Random(7)
    words = "the a of city rain river bridge mayor said on monday police new old road".split()
    sources = list(dict.fromkeys(" ".join(rng.choices(words, k=rng.randint(2, 12))) for _ in range(400)))
    memory.harvest("a", "en", "es", [(s, s.upper()) for s in sources], T0)
    for _ in range(150):
        query = " ".join(rng.choices(words, k=rng.randint(1, 12)))
        threshold = rng.choice([0.5, 0.6, 0.75, 0.9])
        best = max(similarity(query, s) for s in sources)
        match = memory.fuzzy("en", "es", query, threshold)
        if best >= threshold:
            assert match is not None and match.score == pytest.approx(best), query
        else:
            assert match is None, query


# -- placeholders -----------------------------------------------------------------------


@pytest.mark.parametrize("old, target, new, expected", [
    # the same tags: the translation as it is
    ("Read the <1>report</1> now.", "Lea el <1>informe</1> ya.", "Read the <1>report</1> today.",
     "Lea el <1>informe</1> ya."),
    # a tag the new source dropped moves the others down
    ("Run <1/> and read <2>docs</2>.", "Ejecute <1/> y lea la <2>documentación</2>.",
     "Run and read <1>docs</1>.", "Ejecute y lea la <1>documentación</1>."),
    # a link the new source lost is unwrapped, its words stay
    ("Read the <1>full report</1> for details.", "Lea el <1>informe completo</1> para más detalles.",
     "Read the full report for details.", "Lea el informe completo para más detalles."),
    # tags that swapped kinds and places are renumbered by alignment
    ("<1/> Visit <2>our site</2> today.", "<1/> Visite <2>nuestro sitio</2> hoy.",
     "Visit <1>our site</1> today <2/>.", "<2/> Visite <1>nuestro sitio</1> hoy."),
    # a standalone tag at the end goes without leaving a space behind, one in the middle leaves one
    ("Call us at <1/>.", "Llámenos al <1/>.", "Call us at.", "Llámenos al."),
    ("Press <1/> or <2/> now.", "Pulse <1/> o <2/> ya.", "Press <1/> or now.", "Pulse <1/> o ya."),
    ("Press <1/> <2/> now.", "Pulse <1/> <2/> ya.", "Press <1/> now.", "Pulse <1/> ya."),
])
def test_placeholders_are_adapted(old, target, new, expected):
    assert adapt_placeholders(old, target, new) == expected
    assert markup_problems(new, expected) == []


@pytest.mark.parametrize("old, target, new", [
    ("Read the report.", "Lea el informe.", "Read the <1>report</1>."),  # nowhere to put the link
    ("Run <1/>.", "Ejecute <1/>.", "Run <1/> and <2/>."),  # one tag more
    ("Read <1>it</1>.", "Lea <1>eso.", "Read <1>it</1> now."),  # the stored translation is broken
    ("See <1>a</1> and <2>b</2>.", "Vea <1>a</1> y <2>b</2>.", "See <1>a</1>, <2>b</2> or <3>c</3>."),
])
def test_placeholders_that_cannot_be_placed_reject_the_match(old, target, new):
    assert adapt_placeholders(old, target, new) is None


def test_fuzzy_skips_a_candidate_whose_placeholders_do_not_fit(memory):
    memory.harvest("a", "en", "es", [
        ("Check the river gauge before Friday.", "Consulte el medidor antes del viernes."),
        ("Check the <1>river gauge</1> before Saturday.", "Consulte el <1>medidor</1> antes del sábado."),
    ], T0)
    # the plain sentence scores higher but has no link to keep: the other one is used
    match = memory.fuzzy("en", "es", "Check the <1>river gauge</1> before Friday.")
    assert match.source == "Check the <1>river gauge</1> before Saturday."
    assert match.target == "Consulte el <1>medidor</1> antes del sábado."
    assert memory.fuzzy("en", "es", "Check the <1>river gauge</1> and <2/> before Friday.") is None


_tagged_words = st.lists(st.sampled_from(["a", "b", "c", "<o>", "</o>", "<e/>"]), max_size=10)


def _numbered(words: list[str]) -> str:
    """Words with balanced tags numbered in order, as presslate makes msgids."""
    out, stack, n = [], [], 0
    for word in words:
        if word == "<o>":
            n += 1
            stack.append(n)
            out.append(f"<{n}>")
        elif word == "</o>":
            if stack:
                out.append(f"</{stack.pop()}>")
        elif word == "<e/>":
            n += 1
            out.append(f"<{n}/>")
        else:
            out.append(word)
    out += [f"</{k}>" for k in reversed(stack)]
    return " ".join(out)


@settings(max_examples=300, deadline=None)
@given(_tagged_words, _tagged_words)
def test_adapted_placeholders_always_fit_the_new_source(old_words, new_words):
    old, new = _numbered(old_words), _numbered(new_words)
    adapted = adapt_placeholders(old, old.upper(), new)
    assert adapted is None or markup_problems(new, adapted) == []


# -- batch lookup ---------------------------------------------------------------------


def test_lookup_many(memory):
    memory.harvest("a", "en", "es", [
        ("Rain hit the city on Monday.", "Llovió en la ciudad el lunes."),
        ("The mayor spoke.", "El alcalde habló."),
    ], T0)
    texts = ["The mayor spoke.", "Rain hit the city on Tuesday.", "Unrelated words.", "The mayor spoke."]
    found = memory.lookup_many("en", "es", texts, threshold=0.75)
    assert set(found) == {"The mayor spoke.", "Rain hit the city on Tuesday."}
    assert found["The mayor spoke."].kind == "exact"
    assert found["Rain hit the city on Tuesday."].kind == "fuzzy"
    assert found["Rain hit the city on Tuesday."].source == "Rain hit the city on Monday."
    assert set(memory.lookup_many("en", "es", texts, threshold=None)) == {"The mayor spoke."}


# -- machine translation cache ---------------------------------------------------------------


def test_mt_cache_is_per_engine_identity_and_pair(tmp_path):
    path = tmp_path / "memory.sqlite"
    with Memory(path) as memory:
        assert memory.cached_mt("argos:en_es-1.9", "en", "es", ["Rain."]) == {}
        memory.store_mt("argos:en_es-1.9", "en", "es", [("Rain.", "Lluvia."), ("Snow.", "Nieve.")])
    with Memory(path) as memory:
        assert memory.cached_mt("argos:en_es-1.9", "en", "es", ["Rain.", "Hail.", "Rain."]) == {"Rain.": "Lluvia."}
        assert memory.cached_mt("argos:en_es-2.0", "en", "es", ["Rain."]) == {}
        assert memory.cached_mt("argos:en_es-1.9", "en", "fr", ["Rain."]) == {}
        memory.store_mt("argos:en_es-1.9", "en", "es", [("Rain.", "La lluvia.")])
        assert memory.cached_mt("argos:en_es-1.9", "en", "es", ["Rain."]) == {"Rain.": "La lluvia."}
        many = [f"Sentence {i}." for i in range(1200)]  # more than one SQL query's worth
        memory.store_mt("pseudo:1", "en", "es", [(s, s.upper()) for s in many])
        assert len(memory.cached_mt("pseudo:1", "en", "es", many)) == 1200


def test_forget_mt_drops_only_those_sources_for_every_engine(tmp_path):
    with Memory(tmp_path / "memory.sqlite") as memory:
        memory.store_mt("apertium:eng-spa", "en", "es", [("Rain.", "Lluvia."), ("Snow.", "Nieve.")])
        memory.store_mt("pseudo:1", "en", "fr", [("Rain.", "Ŕáíñ.")])
        memory.store_mt("pseudo:1", "de", "es", [("Rain.", "Lluvia.")])  # another source language stays
        many = [f"Sentence {i}." for i in range(1200)]
        memory.store_mt("pseudo:1", "en", "es", [(s, s.upper()) for s in many])
        assert memory.forget_mt("en", ["Rain.", "Hail.", *many]) == 1202
        assert memory.cached_mt("apertium:eng-spa", "en", "es", ["Rain.", "Snow."]) == {"Snow.": "Nieve."}
        assert memory.cached_mt("pseudo:1", "en", "fr", ["Rain."]) == {}
        assert memory.cached_mt("pseudo:1", "de", "es", ["Rain."]) == {"Rain.": "Lluvia."}
        assert memory.cached_mt("pseudo:1", "en", "es", many) == {}


# -- the file ------------------------------------------------------------------------------


def test_for_project_uses_the_state_folder(tmp_path):
    with Memory.for_project(tmp_path) as memory:
        assert memory.path == tmp_path / ".presslate" / "memory.sqlite"
    assert memory.path.is_file()


def test_a_file_that_is_not_a_memory_is_an_input_error(tmp_path):
    path = tmp_path / "memory.sqlite"
    path.write_bytes(b"not a database" * 100)
    with pytest.raises(InputError, match="not a presslate translation memory"):
        Memory(path)


# Writes numbered pairs (MT cache and harvest alternately), printing each number once committed.
WRITER = """
import os, sys, time
from datetime import datetime, timezone
sys.path.insert(0, {src!r})
from presslate.memory.store import Memory
path, name, start = sys.argv[1], sys.argv[2], int(sys.argv[3])
while not os.path.exists(path + ".go"):  # start together
    time.sleep(0.001)
when = datetime(2026, 1, 1, tzinfo=timezone.utc)
memory = Memory(path)
for i in range(start, start + int(sys.argv[4])):
    text = f"{{name}} {{i}} " + "x" * (i * 37 % 3000)  # up to a few pages per transaction
    if i % 2:
        memory.store_mt(name, "en", "es", [(text, text.upper())])
    else:
        memory.harvest(f"{{name}}-{{i}}", "en", "es", [(text, text.upper())], when)
    print(i, flush=True)
"""


def start_writer(path: Path, name: str, start: int, count: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER.format(src=SRC), str(path), name, str(start), str(count)],
                            stdout=subprocess.PIPE, text=True)


def stored(path: Path, name: str, numbers) -> bool:
    with Memory(path) as memory:
        for i in numbers:
            text = f"{name} {i} " + "x" * (i * 37 % 3000)
            found = memory.cached_mt(name, "en", "es", [text]) if i % 2 else memory.exact("en", "es", text)
            if not found:
                return False
    return True


def integrity(path: Path) -> str:
    db = sqlite3.connect(path)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


def test_sigkilled_writers_leave_a_readable_memory_with_every_commit(tmp_path):
    path = tmp_path / "memory.sqlite"
    Path(str(path) + ".go").touch()
    rng = random.Random(2026)
    confirmed: list[int] = []
    start = 0
    for _ in range(10):
        writer = start_writer(path, "kill", start, 100_000)
        for _ in range(rng.randint(1, 60)):
            confirmed.append(int(writer.stdout.readline()))
        time.sleep(rng.uniform(0, 0.01))  # the kill lands at a random point of a later write
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        start = confirmed[-1] + 1000
        assert integrity(path) == "ok"
        assert stored(path, "kill", confirmed)


def test_two_processes_write_at_once(tmp_path):
    path = tmp_path / "fresh" / "memory.sqlite"  # both race to create it, too
    path.parent.mkdir()
    writers = [start_writer(path, name, 0, 150) for name in ("left", "right")]
    time.sleep(0.3)  # both started and waiting
    Path(str(path) + ".go").touch()
    for writer in writers:
        out, _ = writer.communicate(timeout=120)
        assert writer.returncode == 0
        assert len(out.split()) == 150
    assert integrity(path) == "ok"
    assert stored(path, "left", range(150)) and stored(path, "right", range(150))
