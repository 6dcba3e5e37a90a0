"""A run's work in progress kept on disk, so its memory does not grow with the project.

``translate`` and ``build`` read and check every input before they write
anything (docs/architecture.md).  Held in memory, what they read grows with
the project: 30,000 articles took 3 GB.  The spool holds it instead in a
private temporary SQLite file (``sqlite3.connect("")``: deleted when closed,
even if the run is killed), and hands it back item by item, in the order it
was added:

* ``items``: pickled, compressed objects per article (the merged catalogs of
  ``translate``, with apart what its next step needs; the outputs of ``build``),
  appended to two unnamed temporary files (deleted when closed or killed too)
  and read back in order: no B-tree, and they do not push the tables below out
  of SQLite's cache;
* ``pending``: what ``translate`` still has to fill, per language and msgid, in
  the order the articles first asked for it, with the evidence
  (:class:`~presslate.workflow.mt_prep.Evidence`) all of its articles give;
* ``headings``: msgids that are a heading or title in some article;
* ``fills``: what filled each pending msgid (memory or machine translation).

Nothing in it is shared: it is this run's scratch space, never a record.

Between batches the items handed back are collected (``gc.collect``: PO entries
point back to their file, cycles only the collector frees).  A full collection
visits every live object, so what the run holds from its start (modules, the
list of articles) is frozen (``gc.freeze``) while the spool is open: otherwise
each collection would scan it again and the run would grow faster than the
number of articles.
"""

from __future__ import annotations

import gc
import os
import pickle
import sqlite3
import tempfile
import zlib
from array import array
from collections.abc import Iterable, Iterator

_SEP = "\x1f"  # between the words of an evidence column (no msgid word holds a unit separator)
_SQL_CHUNK = 500  # variables per IN (...) query
COLLECT_EVERY = 256  # items handed back between two garbage collections

_SCHEMA = """
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -16000;
CREATE TABLE pending (n INTEGER PRIMARY KEY, lang TEXT NOT NULL, msgid TEXT NOT NULL, format TEXT NOT NULL,
                      capitalised TEXT NOT NULL, names TEXT NOT NULL, UNIQUE (lang, msgid));
CREATE INDEX pending_order ON pending (lang, n);  -- a slice is read from where the last one ended, not sorted again
CREATE TABLE headings (msgid TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE fills (lang TEXT NOT NULL, msgid TEXT NOT NULL, msgstr TEXT NOT NULL, fuzzy INTEGER NOT NULL,
                    previous TEXT, machine INTEGER NOT NULL, comment TEXT, PRIMARY KEY (lang, msgid)) WITHOUT ROWID;
"""

# A msgid asked for again keeps its place (its row number n) and takes the later article's format, as a dict update would;
# its evidence is the union of what each article gives (duplicates are removed when it is read back).
_ADD_PENDING = f"""
INSERT INTO pending (lang, msgid, format, capitalised, names) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (lang, msgid) DO UPDATE SET
    format = excluded.format,
    capitalised = CASE WHEN excluded.capitalised = '' THEN capitalised WHEN capitalised = '' THEN excluded.capitalised
                       ELSE capitalised || '{_SEP}' || excluded.capitalised END,
    names = CASE WHEN excluded.names = '' THEN names WHEN names = '' THEN excluded.names
                 ELSE names || '{_SEP}' || excluded.names END
"""


class Spool:
    def __init__(self) -> None:
        self._db = sqlite3.connect("", isolation_level=None)  # a private temporary file, removed on close
        self._db.executescript(_SCHEMA)
        self._db.execute("BEGIN")  # one transaction, never committed: nothing here outlives the run
        self._data = _Stream()
        self._work = _Stream()
        gc.collect()
        self._froze = gc.get_freeze_count() == 0  # a caller's own frozen objects are left as they are
        if self._froze:
            gc.freeze()  # what the run holds from its start: long-lived, not scanned by every collection

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()
        self._data.close()
        self._work.close()
        if self._froze:
            self._froze = False
            gc.unfreeze()  # collected again from now on, like any other object

    # -- items ----------------------------------------------------------------

    def add_item(self, data: object, work: object = None) -> None:
        """One article's ``data``, and apart the smaller ``work`` a step reads before the data."""
        self._data.append(_pack(data))
        self._work.append(_pack(work))

    def items(self, work: bool = False) -> Iterator:
        """Every item's data (or its work), in the order added, one at a time."""
        stream = self._work if work else self._data
        for n, packed in enumerate(stream):
            if n and n % COLLECT_EVERY == 0:  # (none is done with before the first: a full collection costs ~15 ms)
                gc.collect()  # the items done with: their PO entries point back to their file (cycles)
            yield pickle.loads(zlib.decompress(packed))

    # -- translate: pending work, headings, fills ----------------------------

    def add_headings(self, msgids: Iterable[str]) -> None:
        self._db.executemany("INSERT OR IGNORE INTO headings VALUES (?)", ((m,) for m in msgids))

    def add_pending(self, lang: str, rows: Iterable[tuple[str, str, Iterable[str], Iterable[str]]]) -> None:
        """(msgid, document format, capitalised words, names) for each msgid to fill."""
        self._db.executemany(_ADD_PENDING, ((lang, msgid, fmt, _SEP.join(sorted(capitalised)), _SEP.join(sorted(names)))
                                            for msgid, fmt, capitalised, names in rows))

    def has_pending(self, lang: str) -> bool:
        return self._db.execute("SELECT 1 FROM pending WHERE lang = ? LIMIT 1", (lang,)).fetchone() is not None

    def count_pending(self) -> int:
        return self._db.execute("SELECT count(*) FROM pending").fetchone()[0]

    def pending(self, lang: str, size: int) -> Iterator[list[tuple[str, str, bool, set[str], set[str]]]]:
        """Slices of at most ``size`` pending msgids of ``lang`` in the order first asked for:
        (msgid, format, is a heading, capitalised words, names).  Rows removed meanwhile are not returned."""
        after = -1
        while True:
            rows = self._db.execute(
                "SELECT p.n, p.msgid, p.format, h.msgid IS NOT NULL, p.capitalised, p.names FROM pending p "
                "LEFT JOIN headings h ON h.msgid = p.msgid WHERE p.lang = ? AND p.n > ? ORDER BY p.n LIMIT ?",
                (lang, after, size)).fetchall()
            if not rows:
                return
            after = rows[-1][0]
            yield [(msgid, fmt, bool(heading), _words(capitalised), _words(names))
                   for _, msgid, fmt, heading, capitalised, names in rows]

    def done(self, lang: str, msgids: Iterable[str]) -> None:
        """These msgids are not pending any more (the memory filled them)."""
        self._db.executemany("DELETE FROM pending WHERE lang = ? AND msgid = ?", ((lang, m) for m in msgids))

    def add_fills(self, lang: str, fills: dict) -> None:
        """``fills``: msgid → :class:`presslate.workflow.fills.Fill`."""
        self._db.executemany("INSERT OR REPLACE INTO fills VALUES (?, ?, ?, ?, ?, ?, ?)",
                             ((lang, msgid, f.msgstr, f.fuzzy, f.previous_msgid, f.machine, f.comment)
                              for msgid, f in fills.items()))

    def fills(self, lang: str, msgids: Iterable[str]) -> Iterator[tuple[str, str, bool, str | None, bool, str | None]]:
        """(msgid, msgstr, fuzzy, previous msgid, machine, comment) of those ``msgids`` that were filled."""
        wanted = list(dict.fromkeys(msgids))
        for start in range(0, len(wanted), _SQL_CHUNK):
            chunk = wanted[start : start + _SQL_CHUNK]
            rows = self._db.execute(
                f"SELECT msgid, msgstr, fuzzy, previous, machine, comment FROM fills WHERE lang = ? "
                f"AND msgid IN ({', '.join('?' * len(chunk))})", (lang, *chunk))
            for msgid, msgstr, fuzzy, previous, machine, comment in rows:
                yield msgid, msgstr, bool(fuzzy), previous, bool(machine), comment


class _Stream:
    """Records appended to an unnamed temporary file, read back in order (several readers may interleave)."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()
        self._ends = array("q")  # where each record ends

    def append(self, record: bytes) -> None:
        self._file.seek(0, os.SEEK_END)
        self._file.write(record)
        self._ends.append((self._ends[-1] if self._ends else 0) + len(record))

    def __iter__(self) -> Iterator[bytes]:
        start = 0
        for n in range(len(self._ends)):
            end = self._ends[n]
            self._file.seek(start)  # each record from its own offset: readers and appends may interleave
            yield self._file.read(end - start)
            start = end

    def close(self) -> None:
        self._file.close()


def _pack(item: object) -> bytes:
    return zlib.compress(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _words(column: str) -> set[str]:
    return set(column.split(_SEP)) if column else set()
