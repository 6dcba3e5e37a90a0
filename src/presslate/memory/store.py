"""Translation memory and machine-translation cache, in one SQLite file.

Reviewed translations (non-fuzzy, non-empty, active entries whose placeholders
match their msgid) are harvested from every PO file into
``.presslate/memory.sqlite``, so a sentence translated once in one article is
offered again in the next one:

* an **exact** match is the same msgid, byte for byte; its translation is the
  most recently harvested one;
* a **fuzzy** match is the most similar stored msgid.  The similarity is
  2·M / T, where M counts the words the two sentences have in common in the
  same order (their longest common subsequence) and T the words in both:
  "Heavy rain hit the city." and "Heavy snow hit the city." score
  2·5/12 = 0.83.  Punctuation marks and placeholders count as words,
  placeholder numbers do not matter, case does.  (difflib's ratio is not
  used: its greedy matching is not symmetric and can miss common words.)
  The placeholders of the translation are renumbered for the new msgid (or
  dropped with the markup the new msgid lost); a match whose placeholders
  cannot be made right is never returned.

Fuzzy lookups go through the persistent index of
:mod:`~presslate.memory.fuzzy_store`, kept in the same file and updated in the
transaction that stores a pair (a memory of schema version 2 or older is
indexed once, when this version first opens it; one of version 3 gets each
row's word ids, ``tm_keys``); placeholders are renumbered by
:func:`~presslate.memory.placeholders.adapt_placeholders`.

The MT cache maps exactly what an engine was sent (after glossary names,
found names and heading case became placeholders or lower case) and the
engine identity (engine, model, version, decoding settings) to the engine's
raw output; so the same text is never machine-translated twice, and a
glossary change, which changes the text sent, is never answered from the
cache.  Restoring names, repair rules and heading style run on the raw
output after the cache.  Separately, ``mt_made`` records which translation
each msgid got from machine translation (for ``status``).  Every write
commits at once in WAL mode: a run killed at any moment keeps what it
stored, and the file stays readable.  A busy timeout lets several presslate
processes share the file.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from presslate.catalog.pofile import Entry
from presslate.config import STATE_DIR
from presslate.errors import InputError
from presslate.inline import markup_problems
from presslate.memory import fuzzy_store, kept_archive, schema
from presslate.memory.placeholders import adapt_placeholders

__all__ = ["Match", "Memory", "Unit", "reviewed_pairs"]

FILE_NAME = "memory.sqlite"
SCHEMA_VERSION = schema.VERSION
BUSY_TIMEOUT = 30.0  # seconds a writer waits for another process's transaction
_SQL_CHUNK = 500  # host parameters per IN (...) query
_INDEX_BATCH = 20_000  # new rows indexed together by add()

# Words, single punctuation marks and placeholders; a placeholder's number is
# dropped so that "<1>…</1>" and "<2>…</2>" compare equal.


@dataclass(frozen=True)
class Match:
    """A translation memory hit: ``target`` already fits the looked-up text's placeholders."""

    kind: str  # "exact" or "fuzzy"
    source: str  # the stored msgid that matched
    target: str
    score: float  # 1.0 for exact matches
    origin: str = "reviewed"  # where the pair came from: one of schema.ORIGINS
    note: str | None = None  # e.g. the file it was aligned from


@dataclass(frozen=True)
class Unit:
    """One stored translation pair; ``articles`` counts the articles using it now."""

    src_lang: str
    tgt_lang: str
    source: str
    target: str
    time: datetime
    article: str | None = None
    articles: int = 0
    origin: str = "reviewed"  # one of schema.ORIGINS
    note: str | None = None  # e.g. the file it was aligned from
    confidence: float | None = None  # 0-1 when a program paired it (alignment); None: a person's work


class Memory:
    """The project's translation memory and MT cache (one SQLite connection)."""

    def __init__(self, path: Path | str, timeout: float = BUSY_TIMEOUT):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._timeout = timeout
        self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        try:
            self._setup()
        except sqlite3.OperationalError:  # locked by another process for too long
            self._db.close()
            raise
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise InputError(str(self.path), None, f"not a presslate translation memory ({exc}); "
                             "move the file away to start a new one") from None

    @classmethod
    def for_project(cls, root: Path) -> Memory:
        return cls(root / STATE_DIR / FILE_NAME)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Memory:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _setup(self) -> None:
        db = self._db
        # WAL persists in the file: only its creator has to switch, which needs the file to
        # itself; SQLite reports "locked" at once instead of waiting, so retry until one wins.
        deadline = time.monotonic() + self._timeout
        while db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            try:
                db.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        db.execute("PRAGMA synchronous=NORMAL")  # in WAL: durable across process kills
        if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return
        with self._write():
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version == SCHEMA_VERSION:  # another process got there first
                return
            schema.create_or_upgrade(db, version)

    def _write(self) -> _Transaction:
        return _Transaction(self._db)

    # -- translation memory -------------------------------------------------

    def harvest(self, article: str, src_lang: str, tgt_lang: str, pairs: Iterable[tuple[str, str]],
                when: datetime) -> int:
        """Record the reviewed pairs (see :func:`reviewed_pairs`) one article uses now; returns
        how many it did not use before.

        Only those new pairs are written (with ``when`` and this article as their
        latest use), so harvesting unchanged files again costs one read per file
        and gives nobody's old translation a new date.  Pairs whose placeholders
        do not match are left out: exact matches are handed out as they are.
        """
        current = dict.fromkeys(pair for pair in pairs if not markup_problems(*pair))
        if self._article_pairs(article, src_lang, tgt_lang).keys() == current.keys():
            return 0
        stamp = _epoch(when)
        with self._write():
            before = self._article_pairs(article, src_lang, tgt_lang)
            for pair in before.keys() - current.keys():
                self._db.execute("DELETE FROM tm_article WHERE article = ? AND tm_id = ?", (article, before[pair]))
            added = [pair for pair in current if pair not in before]
            new: list[tuple[int, str]] = []
            for source, target in added:
                tm_id = self._put(src_lang, tgt_lang, source, target, article, stamp, new)
                self._db.execute("INSERT OR IGNORE INTO tm_article VALUES (?, ?)", (article, tm_id))
            fuzzy_store.add(self._db, src_lang, tgt_lang, new)
        return len(added)

    def add(self, units: Iterable[Unit]) -> int:
        """Store pairs from elsewhere (a TMX file, an aligned archive) with their provenance, in one
        transaction; returns how many were given."""
        count = 0
        new: dict[tuple[str, str], list[tuple[int, str]]] = {}
        with self._write():
            for unit in units:
                pair = (unit.src_lang, unit.tgt_lang)
                self._put(*pair, unit.source, unit.target, unit.article, _epoch(unit.time), new.setdefault(pair, []),
                          (unit.origin, unit.note, unit.confidence))
                count += 1
                if len(new[pair]) >= _INDEX_BATCH:
                    fuzzy_store.add(self._db, *pair, new.pop(pair))
            for pair, rows in new.items():
                fuzzy_store.add(self._db, *pair, rows)
        return count

    def units(self, src_lang: str | None = None, tgt_lang: str | None = None) -> Iterator[Unit]:
        """Every stored pair (optionally of one source and/or target language), oldest row first."""
        rows = self._db.execute(
            "SELECT src_lang, tgt_lang, source, target, time, article,"
            " (SELECT count(*) FROM tm_article WHERE tm_id = tm.id), origin, note, confidence"
            " FROM tm WHERE (?1 IS NULL OR src_lang = ?1) AND (?2 IS NULL OR tgt_lang = ?2) ORDER BY id",
            (src_lang, tgt_lang),
        )
        for src, tgt, source, target, stamp, article, articles, origin, note, confidence in rows:
            yield Unit(src, tgt, source, target, datetime.fromtimestamp(stamp, timezone.utc), article, articles,
                       origin, note, confidence)

    def exact(self, src_lang: str, tgt_lang: str, text: str) -> Match | None:
        """The most recent reviewed translation of exactly ``text``."""
        targets = self._targets(src_lang, tgt_lang, text)
        if not targets:
            return None
        target, origin, note = targets[0]
        return Match("exact", text, target, 1.0, origin, note)

    def exact_all(self, src_lang: str, tgt_lang: str, text: str) -> list[Match]:
        """Every stored translation of exactly ``text``, in :meth:`exact`'s order (its choice first)."""
        return [Match("exact", text, target, 1.0, origin, note)
                for target, origin, note in self._targets(src_lang, tgt_lang, text)]

    def fuzzy(self, src_lang: str, tgt_lang: str, text: str, threshold: float = 0.75) -> Match | None:
        """The most similar stored source (similarity ≥ ``threshold``) whose translation fits ``text``.

        Ties go to the most recently harvested source.  The translation's
        placeholders are adapted to ``text``; candidates where that is impossible
        are skipped.  A stored source equal to ``text`` is an "exact" match.
        """
        if not 0 < threshold <= 1:
            raise ValueError(f"threshold must be in (0, 1], not {threshold}")
        for score, source in fuzzy_store.search(self._db, src_lang, tgt_lang, text, threshold):
            for target, origin, note in self._targets(src_lang, tgt_lang, source):
                adapted = adapt_placeholders(source, target, text)
                if adapted is not None:
                    return Match("exact" if source == text else "fuzzy", source, adapted, score, origin, note)
        return None

    def lookup_many(self, src_lang: str, tgt_lang: str, texts: Iterable[str],
                    threshold: float | None = 0.75) -> dict[str, Match]:
        """Best match for each text that has one; ``threshold=None``: exact matches only."""
        found: dict[str, Match] = {}
        wanted = list(dict.fromkeys(texts))
        if not wanted or self._db.execute("SELECT 1 FROM tm WHERE src_lang = ? AND tgt_lang = ? LIMIT 1",
                                          (src_lang, tgt_lang)).fetchone() is None:
            return found  # nothing to look up, or nothing stored for this pair (a new project)
        for text in wanted:
            match = self.exact(src_lang, tgt_lang, text)
            if match is None and threshold is not None:
                match = self.fuzzy(src_lang, tgt_lang, text, threshold)
            if match is not None:
                found[text] = match
        return found

    def has_pair(self, src_lang: str, tgt_lang: str, source: str, target: str) -> bool:
        """Whether exactly this translation pair is stored."""
        return self._db.execute("SELECT 1 FROM tm WHERE src_lang = ? AND tgt_lang = ? AND source = ? AND target = ?",
                                (src_lang, tgt_lang, source, target)).fetchone() is not None

    def _article_pairs(self, article: str, src_lang: str, tgt_lang: str) -> dict[tuple[str, str], int]:
        rows = self._db.execute(  # CROSS JOIN: look the article up first, not every pair of the languages
            "SELECT source, target, id FROM tm_article CROSS JOIN tm ON tm.id = tm_article.tm_id"
            " WHERE tm_article.article = ? AND src_lang = ? AND tgt_lang = ?",
            (article, src_lang, tgt_lang),
        )
        return {(source, target): tm_id for source, target, tm_id in rows}

    def _put(self, src_lang, tgt_lang, source, target, article, stamp, new: list[tuple[int, str]],
             provenance: tuple[str, str | None, float | None] = ("reviewed", None, None)) -> int:
        """Insert a pair, or move its latest use to (article, stamp) if that is not older; its id.
        A new row's (id, source) goes to ``new``, to be indexed in the same transaction.  A pair
        that arrives again from a stronger origin (see ``schema.ORIGINS``) takes that provenance."""
        row = self._db.execute(
            "SELECT id, time, origin FROM tm WHERE src_lang = ? AND tgt_lang = ? AND source = ? AND target = ?",
            (src_lang, tgt_lang, source, target),
        ).fetchone()
        if row is None:
            tm_id = self._db.execute(
                "INSERT INTO tm (src_lang, tgt_lang, source, target, article, time, origin, note, confidence)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (src_lang, tgt_lang, source, target, article, stamp, *provenance),
            ).lastrowid
            new.append((tm_id, source))
            return tm_id
        if stamp >= row[1]:
            self._db.execute("UPDATE tm SET article = ?, time = ? WHERE id = ?", (article, stamp, row[0]))
        if schema.stronger(provenance[0], row[2]):
            self._db.execute("UPDATE tm SET origin = ?, note = ?, confidence = ? WHERE id = ?", (*provenance, row[0]))
        return row[0]

    def _targets(self, src_lang: str, tgt_lang: str, source: str) -> list[tuple[str, str, str | None]]:
        """(translation, origin, note) of ``source``: a person's work before an aligned pair, then the most
        recent first (then the most used, then the newest row)."""
        rows = self._db.execute(
            "SELECT target, origin, note FROM tm WHERE src_lang = ? AND tgt_lang = ? AND source = ?"
            " ORDER BY origin = 'aligned', time DESC, (SELECT count(*) FROM tm_article WHERE tm_id = tm.id) DESC, id DESC",
            (src_lang, tgt_lang, source),
        )
        return list(rows)

    # -- machine translation cache ------------------------------------------

    def cached_mt(self, engine_id: str, src_lang: str, tgt_lang: str, texts: Iterable[str]) -> dict[str, str]:
        """The raw outputs this engine identity already returned for exactly those ``texts`` (as sent)."""
        wanted = list(dict.fromkeys(texts))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), _SQL_CHUNK):
            chunk = wanted[start : start + _SQL_CHUNK]
            rows = self._db.execute(
                "SELECT source, target FROM mt WHERE engine = ? AND src_lang = ? AND tgt_lang = ?"
                f" AND source IN ({', '.join('?' * len(chunk))})",
                (engine_id, src_lang, tgt_lang, *chunk),
            )
            found.update(rows)
        return found

    def store_mt(self, engine_id: str, src_lang: str, tgt_lang: str, pairs: Iterable[tuple[str, str]]) -> None:
        """Remember raw outputs, (text sent, output); committed before returning, so a killed run keeps them."""
        with self._write():
            self._db.executemany(
                "INSERT OR REPLACE INTO mt VALUES (?, ?, ?, ?, ?)",
                ((engine_id, src_lang, tgt_lang, source, target) for source, target in pairs),
            )

    def record_mt(self, engine_id: str, src_lang: str, tgt_lang: str, made: Iterable[tuple[str, str, str]]) -> None:
        """Remember which translation each msgid got from MT: (msgid, translation, text sent)."""
        with self._write():
            self._db.executemany(
                "INSERT OR REPLACE INTO mt_made VALUES (?, ?, ?, ?, ?, ?)",
                ((src_lang, tgt_lang, source, target, sent, engine_id) for source, target, sent in made),
            )

    def forget_mt(self, src_lang: str, sources: Iterable[str]) -> int:
        """Drop every engine's cached output for the msgids ``sources`` (and for texts sent as they are),
        and what they were given; how many cached outputs were dropped.

        The next ``translate`` then asks the engine again (``make demo`` uses
        this to show machine translation on every run).
        """
        wanted = list(dict.fromkeys(sources))
        count = 0
        with self._write():
            for start in range(0, len(wanted), _SQL_CHUNK):
                chunk = wanted[start : start + _SQL_CHUNK]
                marks = ", ".join("?" * len(chunk))
                sent = {text for (text,) in self._db.execute(
                    f"SELECT sent FROM mt_made WHERE src_lang = ? AND sent IS NOT NULL AND source IN ({marks})",
                    (src_lang, *chunk))}
                self._db.execute(f"DELETE FROM mt_made WHERE src_lang = ? AND source IN ({marks})", (src_lang, *chunk))
                texts = list(sent | set(chunk))
                for begin in range(0, len(texts), _SQL_CHUNK):
                    part = texts[begin : begin + _SQL_CHUNK]
                    count += self._db.execute(
                        f"DELETE FROM mt WHERE src_lang = ? AND source IN ({', '.join('?' * len(part))})", (src_lang, *part),
                    ).rowcount
        return count

    def machine_outputs(self, src_lang: str, tgt_lang: str, sources: Iterable[str]) -> dict[str, set[str]]:
        """What machine translation gave each of ``sources`` (sources never machine-translated are absent).

        This is how ``status`` tells a fuzzy machine translation from a fuzzy
        entry whose source changed even after ``msgmerge`` without
        ``--previous`` dropped the ``#|`` lines; custom PO flags would not
        survive that either.
        """
        found: dict[str, set[str]] = {}
        wanted = list(dict.fromkeys(sources))
        for start in range(0, len(wanted), _SQL_CHUNK):
            chunk = wanted[start : start + _SQL_CHUNK]
            rows = self._db.execute(
                "SELECT source, target FROM mt_made WHERE src_lang = ? AND tgt_lang = ?"
                f" AND source IN ({', '.join('?' * len(chunk))})",
                (src_lang, tgt_lang, *chunk),
            )
            for source, target in rows:
                found.setdefault(source, set()).add(target)
        return found

    def known_pairs(self, src_lang: str, tgt_lang: str, sources: Iterable[str], targets: Iterable[str],
                    ) -> list[tuple[str, str, str]]:
        """(kind, source, target) of every stored pair whose source is one of ``sources`` or whose target
        is one of ``targets``: where ``status`` learns what a text is.  ``kind``: "mt" (what machine
        translation put into a PO file), "aligned" (a memory pair of origin aligned) or "tm" (any other
        memory pair: reviewed, or imported from TMX)."""
        found: set[tuple[str, str, str]] = set()
        for column, values in (("source", sources), ("target", targets)):
            wanted = list(dict.fromkeys(values))
            for start in range(0, len(wanted), _SQL_CHUNK):
                chunk = wanted[start : start + _SQL_CHUNK]
                marks = ", ".join("?" * len(chunk))
                for kind, table in (("mt", "mt_made"), ("tm", "tm")):  # mt_made: msgid → the machine translation it got
                    origin = "origin = 'aligned'" if table == "tm" else "0"
                    rows = self._db.execute(f"SELECT source, target, {origin} FROM {table} WHERE src_lang = ?"
                                            f" AND tgt_lang = ? AND {column} IN ({marks})", (src_lang, tgt_lang, *chunk))
                    found.update(("aligned" if aligned else kind, source, target) for source, target, aligned in rows)
        return sorted(found)

    def kept_in_english(self, src_lang: str, tgt_lang: str, names: Iterable[str]) -> set[str]:
        """The ``names`` the human pairs keep verbatim, never translated (:mod:`.kept_archive`)."""
        return kept_archive.kept_in_english(self._db, src_lang, tgt_lang, names)


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT: the write lock is taken up front (waiting up to the busy
    timeout), so a transaction never fails halfway on another process's lock."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, value, traceback) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


def reviewed_pairs(entries: Iterable[Entry]) -> list[tuple[str, str]]:
    """(msgid, msgstr) of the entries a translator reviewed: translated, neither fuzzy nor
    obsolete, singular, without context; in file order.  Take them before ``catalog.merge``,
    which marks edited sentences fuzzy."""
    return [(e.msgid, e.msgstr) for e in entries
            if e.is_translated() and e.msgid_plural is None and e.msgctxt is None and e.msgid]


def _epoch(when: datetime) -> int:
    if when.tzinfo is None:
        raise ValueError("pass a timezone-aware datetime, e.g. datetime.now(timezone.utc)")
    return int(when.timestamp())
