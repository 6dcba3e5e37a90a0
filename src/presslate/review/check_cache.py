"""What ``status`` remembers of ``check``: the error and warning counts of each PO file.

Running every check over every entry is most of what ``status`` costs on a
large project (two thirds of a 2,000-article status); the counts depend only
on the PO file's bytes, its language and format, and the checks' settings and
glossary.  So they are kept in ``.presslate/checks.sqlite``, keyed by a digest
of exactly those inputs and of presslate's version: a file that changed, a new
glossary term or another release of presslate is checked again, anything else
is answered from the file.  It is a cache: deleting it costs one slow status,
and a checkout where it cannot be written (read-only) simply checks every file.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from presslate import __version__
from presslate.config import STATE_DIR

FILE_NAME = "checks.sqlite"


def settings_digest(*inputs: bytes | None) -> str:
    """A digest of what every file's checks depend on besides the file (settings, glossary)."""
    h = hashlib.sha256(__version__.encode())
    for data in inputs:
        h.update(b"\0" if data is None else len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


class CheckCache:
    """Counts by PO file; :meth:`save` writes what :meth:`put` collected, in one transaction."""

    def __init__(self, root: Path, settings: str):
        self.path = root / STATE_DIR / FILE_NAME
        self.settings = settings
        self.known: dict[str, tuple[str, int, int]] = {}
        self.new: dict[str, tuple[str, int, int]] = {}
        try:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=1)
            try:
                self.known = {po: (digest, errors, warnings) for po, digest, errors, warnings
                              in db.execute("SELECT po, digest, errors, warnings FROM counts")}
            finally:
                db.close()
        except sqlite3.Error:  # no cache yet, or one presslate cannot read: start afresh
            self.known = {}

    def key(self, lang: str, fmt: str, data: bytes) -> str:
        return hashlib.sha256(f"{self.settings}\0{lang}\0{fmt}\0".encode() + data).hexdigest()

    def get(self, po: str, key: str) -> tuple[int, int] | None:
        """(errors, warnings) of ``po`` if it was checked with exactly these inputs."""
        found = self.known.get(po)
        return (found[1], found[2]) if found is not None and found[0] == key else None

    def put(self, po: str, key: str, errors: int, warnings: int) -> None:
        self.new[po] = (key, errors, warnings)

    def save(self) -> None:
        if not self.new:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            try:
                db.execute("CREATE TABLE IF NOT EXISTS counts (po TEXT PRIMARY KEY, digest TEXT NOT NULL,"
                           " errors INTEGER NOT NULL, warnings INTEGER NOT NULL)")
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO counts VALUES (?, ?, ?, ?)",
                               ((po, *value) for po, value in self.new.items()))
                db.execute("COMMIT")
            finally:
                db.close()
        except (sqlite3.Error, OSError):  # read-only checkout, busy file: the next status checks again
            pass
        self.new = {}
