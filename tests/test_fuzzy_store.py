"""The persistent fuzzy index (memory/fuzzy_store.py) finds exactly what the in-memory FuzzyIndex found."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import time
from array import array
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from presslate.memory import fuzzy_store
from presslate.memory.fuzzy import FuzzyIndex, tokens, word_keys
from presslate.memory.store import Memory, Unit

T0 = datetime(2026, 5, 1, tzinfo=timezone.utc)
DATA = Path(__file__).resolve().parent / "data"
SRC = str(Path(__file__).resolve().parent.parent / "src")
NEWS = ("the council said on Monday that a new bridge over the river would open in May , and the mayor "
        "welcomed plan for 12 homes after long debate <1>report</1> <1/> police road city old").split()


def corpus(rng: random.Random) -> list[str]:
    """The test corpus's English sentences and generated news-like ones, with near-duplicates."""
    sentences = []
    for line in (DATA / "sentences_en.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            sentences += [s.strip() for s in line.split(" || ") if s.strip()]
    for _ in range(600):
        sentences.append(" ".join(rng.choices(NEWS, k=rng.randint(3, 18))) + ".")
    return list(dict.fromkeys(sentences + [variant(rng, s) for s in rng.sample(sentences, 300)]))


def variant(rng: random.Random, text: str) -> str:
    """The sentence with a word dropped, replaced, repeated or swapped."""
    words = text.split(" ")
    at = rng.randrange(len(words))
    kind = rng.randrange(4)
    if kind == 0 and len(words) > 1:
        del words[at]
    elif kind == 1:
        words[at] = rng.choice(NEWS)
    elif kind == 2:
        words.insert(at, words[at])
    else:
        other = rng.randrange(len(words))
        words[at], words[other] = words[other], words[at]
    return " ".join(words)


def reference(units: list[tuple[str, int]]) -> FuzzyIndex:
    """The in-memory index as a run built it before: distinct sources in source order, latest time."""
    latest: dict[str, int] = {}
    for source, stamp in units:
        latest[source] = max(stamp, latest.get(source, stamp))
    index = FuzzyIndex()
    for source in sorted(latest):
        index.add(source, latest[source])
    return index


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """A memory of the corpus (some sources with two translations, few distinct times: many ties)."""
    rng = random.Random(25)
    sources = corpus(rng)
    units = [(s, rng.randrange(4)) for s in sources] + [(s, rng.randrange(4)) for s in rng.sample(sources, 200)]
    path = tmp_path_factory.mktemp("tm") / "memory.sqlite"
    with Memory(path) as memory:
        for start in range(0, len(units), 700):  # several transactions: chunks are filled up, not only written
            memory.add(Unit("en", "es", s, f"ES{n} {s}", T0 + timedelta(hours=hours))
                       for n, (s, hours) in enumerate(units[start : start + 700], start))
        memory.add([Unit("en", "fr", "the council said on Monday .", "FR", T0)])  # another pair: never found
    stamps = [(s, int((T0 + timedelta(hours=hours)).timestamp())) for s, hours in units]
    return path, sources, reference(stamps)


def queries(sources: list[str]) -> list[str]:
    rng = random.Random(2)
    found = list(sources[:500])
    found += [variant(rng, s) for s in sources for _ in range(2)]
    found += [variant(rng, variant(rng, s)) for s in rng.sample(sources, 400)]
    found += [" ".join(rng.choices(NEWS, k=rng.randint(1, 20))) for _ in range(300)]
    return found


def test_the_persistent_index_finds_what_the_in_memory_index_found(stored):
    path, sources, old = stored
    db = sqlite3.connect(path, isolation_level=None)
    asked = queries(sources)
    assert len(asked) > 3000
    found = 0
    for n, query in enumerate(asked):
        threshold = (0.5, 0.6, 0.75, 0.9, 1.0)[n % 5]
        new = fuzzy_store.search(db, "en", "es", query, threshold)
        assert new == list(old.search(query, threshold)), (query, threshold)
        found += bool(new)
    db.close()
    assert found > len(asked) // 2  # most queries have matches to compare


def test_a_memory_of_schema_version_2_is_indexed_once_when_opened(stored, tmp_path):
    path, sources, old = stored
    copy = tmp_path / "memory.sqlite"
    db = sqlite3.connect(path)
    db.execute("VACUUM INTO ?", (str(copy),))
    db.close()
    db = sqlite3.connect(copy, isolation_level=None)
    db.execute("DROP TABLE tm_word")  # what a version 2 memory has: no index tables
    db.execute("DROP TABLE tm_postings")
    db.execute("PRAGMA user_version = 2")
    db.close()
    with Memory(copy) as memory:
        match = memory.fuzzy("en", "es", variant(random.Random(3), sources[10]), 0.5)
        assert match is not None
    db = sqlite3.connect(copy, isolation_level=None)
    assert db.execute("PRAGMA user_version").fetchone()[0] == fuzzy_index_version()
    for query in queries(sources)[::7]:
        assert fuzzy_store.search(db, "en", "es", query, 0.75) == list(old.search(query, 0.75)), query
    assert consistent(db)
    db.close()


def fuzzy_index_version() -> int:
    from presslate.memory import store
    return store.SCHEMA_VERSION


def consistent(db: sqlite3.Connection) -> bool:
    """Every tm row is listed under each of its words (with its length) and counted once for it."""
    expected_lists: dict[tuple[str, str, str, int], list[int]] = {}
    expected_units: Counter = Counter()
    for tm_id, src, tgt, source in db.execute("SELECT id, src_lang, tgt_lang, source FROM tm"):
        keys = word_keys(tokens(source))
        for key in keys:
            expected_lists.setdefault((src, tgt, key, len(keys)), []).append(tm_id)
            expected_units[src, tgt, key] += 1
    units = {(src, tgt, word): n for src, tgt, word, n in db.execute("SELECT src_lang, tgt_lang, word, units FROM tm_word")}
    lists: dict[tuple[str, str, str, int], list[int]] = {}
    for src, tgt, word, length, blob in db.execute(
            "SELECT src_lang, tgt_lang, word, length, ids FROM tm_postings JOIN tm_word ON tm_word.id = word_id"):
        ids = array("I")
        ids.frombytes(blob)
        if sys.byteorder == "big":
            ids.byteswap()
        lists.setdefault((src, tgt, word, length), []).extend(ids)
    return (units == dict(expected_units)
            and {k: sorted(v) for k, v in lists.items()} == {k: sorted(v) for k, v in expected_lists.items()})


WRITER = """
import os, sys, time
from datetime import datetime, timezone
sys.path.insert(0, {src!r})
from presslate.memory.store import Memory, Unit
path, name = sys.argv[1], sys.argv[2]
while not os.path.exists(path + ".go"):
    time.sleep(0.001)
when = datetime(2026, 1, 1, tzinfo=timezone.utc)
words = "the council said on Monday a new bridge river would open in May mayor".split()
with Memory(path) as memory:
    for i in range(120):
        text = " ".join(words[(i * k) % len(words)] for k in range(1, 2 + i % 9)) + f" {{i % 17}} ."
        if i % 3:
            memory.harvest(f"{{name}}-{{i}}", "en", "es", [(text, name + text)], when)
        else:
            memory.add([Unit("en", "es", text, name + text, when), Unit("en", "fr", text, text, when)])
"""


def test_the_index_stays_consistent_with_two_writing_processes(tmp_path):
    path = tmp_path / "memory.sqlite"
    writers = [subprocess.Popen([sys.executable, "-c", WRITER.format(src=SRC), str(path), name])
               for name in ("left", "right")]
    time.sleep(0.3)
    Path(str(path) + ".go").touch()
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    db = sqlite3.connect(path, isolation_level=None)
    assert db.execute("SELECT count(*) FROM tm").fetchone()[0] > 200
    assert consistent(db)
    db.close()
