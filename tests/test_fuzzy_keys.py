"""Schema version 4: each tm row's words as ids (tm_keys), the upgrades from versions 3 and 2, scores
computed on those ids equal to the similarity of the texts, and posting lists kept in full chunks."""

from __future__ import annotations

import random
import sqlite3
import sys
from array import array
from datetime import datetime, timezone

import pytest

from presslate.memory import fuzzy_store
from presslate.memory.fuzzy import FuzzyIndex, similarity, tokens, word_keys
from presslate.memory.store import SCHEMA_VERSION, Memory, Unit

T0 = datetime(2026, 5, 1, tzinfo=timezone.utc)
WORDS = "the the a of council said <1>river</1> <2/> on Monday , . bridge mayor old new city 12 rain".split()


def sentences(rng: random.Random, count: int) -> list[str]:
    return list(dict.fromkeys(" ".join(rng.choices(WORDS, k=rng.randint(2, 16))) for _ in range(count)))


def ids(blob: bytes) -> list[int]:
    found = array("I")
    found.frombytes(blob)
    if sys.byteorder == "big":
        found.byteswap()
    return found.tolist()


def keys_consistent(db: sqlite3.Connection) -> bool:
    """Every tm row has its source's words, in order, as the ids of its pair's vocabulary."""
    vocabulary = {(src, tgt, word): word_id for word_id, src, tgt, word
                  in db.execute("SELECT id, src_lang, tgt_lang, word FROM tm_word")}
    stored = {tm_id: ids(blob) for tm_id, blob in db.execute("SELECT id, keys FROM tm_keys")}
    expected = {tm_id: [vocabulary[src, tgt, key] for key in word_keys(tokens(source))]
                for tm_id, src, tgt, source in db.execute("SELECT id, src_lang, tgt_lang, source FROM tm")}
    return stored == expected


@pytest.fixture
def memory_file(tmp_path):
    rng = random.Random(4)
    sources = sentences(rng, 900)
    path = tmp_path / "memory.sqlite"
    with Memory(path) as memory:
        memory.add(Unit("en", "es", s, f"ES {s}", T0) for s in sources)
        memory.add(Unit("en", "fr", s, f"FR {s}", T0) for s in sources[::3])
        for n in range(0, 60, 3):  # small batches, as harvest writes them
            memory.harvest(f"a{n}", "en", "es", [(s + " !", "x") for s in sources[n : n + 3]], T0)
    return path


def downgrade(path, version: int, tables: tuple[str, ...]) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    for table in tables:
        db.execute(f"DROP TABLE {table}")
    db.execute(f"PRAGMA user_version = {version}")
    db.close()


def answers(db: sqlite3.Connection, queries: list[str]) -> list:
    return [fuzzy_store.search(db, "en", lang, q, t) for q in queries for lang in ("es", "fr") for t in (0.5, 0.8)]


@pytest.mark.parametrize("version, tables", [(3, ("tm_keys",)), (2, ("tm_keys", "tm_word", "tm_postings"))])
def test_an_older_memory_is_upgraded_to_the_current_version_with_the_same_answers(memory_file, version, tables):
    queries = sentences(random.Random(9), 150)
    db = sqlite3.connect(memory_file, isolation_level=None)
    before = answers(db, queries)
    db.close()
    downgrade(memory_file, version, tables)
    Memory(memory_file).close()
    db = sqlite3.connect(memory_file, isolation_level=None)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
    assert keys_consistent(db)
    assert db.execute("SELECT count(*) FROM tm_keys").fetchone()[0] == db.execute("SELECT count(*) FROM tm").fetchone()[0]
    assert answers(db, queries) == before
    assert sum(map(bool, before)) > len(before) // 3
    db.close()


def test_every_write_path_keeps_the_word_ids(memory_file):
    db = sqlite3.connect(memory_file, isolation_level=None)
    assert keys_consistent(db)
    db.close()


def test_a_source_repeating_a_word_more_often_than_the_query_scores_its_similarity(tmp_path):
    stored = ["the the the council said the bridge", "said the the mayor the the", "a a a a a a a a a a",
              "<1>river</1> <2>river</2> <1>river</1> the", "the council said"]
    queries = ["the council said the bridge", "the mayor said", "a a", "<3>river</3> the",
               "the the the the the the council said the the", "said the"]
    with Memory(tmp_path / "m.sqlite") as memory:
        memory.add(Unit("en", "es", s, "x", T0) for s in stored)
    db = sqlite3.connect(tmp_path / "m.sqlite", isolation_level=None)
    for query in queries:
        expected = sorted(((similarity(query, s), s) for s in stored if similarity(query, s) >= 0.3),
                          key=lambda found: (-found[0], found[1]))
        assert fuzzy_store.search(db, "en", "es", query, 0.3) == expected, query
    db.close()


def test_the_index_agrees_with_the_in_memory_index_on_repeated_words(tmp_path):
    rng = random.Random(11)
    sources = sentences(rng, 600)
    with Memory(tmp_path / "m.sqlite") as memory:
        memory.add(Unit("en", "es", s, "x", T0) for s in sources)
    old = FuzzyIndex()
    for source in sorted(sources):
        old.add(source, int(T0.timestamp()))
    db = sqlite3.connect(tmp_path / "m.sqlite", isolation_level=None)
    for query in sentences(random.Random(12), 300):
        for threshold in (0.4, 0.75):
            assert fuzzy_store.search(db, "en", "es", query, threshold) == list(old.search(query, threshold))
    db.close()


def test_big_batches_leave_at_most_one_partial_chunk_per_word_and_length(tmp_path):
    """A memory stored in big batches (a TMX import) keeps its lists in full chunks, as harvests do:
    a partial chunk per batch would cost every search one more row per batch, word and length."""
    rng = random.Random(5)
    path = tmp_path / "m.sqlite"
    with Memory(path) as memory:
        for batch in range(3):
            memory.add(Unit("en", "es", f"{' '.join(rng.choices(WORDS[2:], k=5))} n{batch}x{n}", "x", T0)
                       for n in range(2500))
    db = sqlite3.connect(path, isolation_level=None)
    partial = db.execute(f"SELECT word_id, length, count(*) FROM tm_postings WHERE length(ids) < {4 * fuzzy_store.CHUNK}"
                         " GROUP BY word_id, length HAVING count(*) > 1").fetchall()
    assert db.execute("SELECT count(*) FROM tm").fetchone()[0] == 7500
    assert partial == []
    assert keys_consistent(db)
    db.close()
