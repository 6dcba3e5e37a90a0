"""Atomic file writes: a reader sees the old file or the new one, never half of one.

A file a person may edit while presslate runs (a PO file open in Poedit,
glossary.toml, presslate.toml) is written with ``expected``: the bytes
presslate read it as.  If the file on disk is no longer those bytes, nothing
is written and :class:`WriteConflict` is raised, so the caller can read the
person's version and merge again, or leave it and say so.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from presslate.errors import PresslateError

ANY = object()
"""``expected=ANY`` (the default): write whatever is on disk (outputs nobody edits by hand)."""


class WriteConflict(PresslateError):
    """The file changed on disk since presslate read it; it was left as it is."""

    def __init__(self, path: Path, message: str | None = None):
        self.path = Path(path)
        super().__init__(message or f"{path}: changed on disk while presslate was working on it; left as it is")

    def __reduce__(self):
        return type(self), (self.path, str(self))


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def write_atomic(path: Path, data: bytes, expected: bytes | None | object = ANY) -> bool:
    """Write ``data`` to ``path`` via a temp file + rename; False if the bytes were already there.

    ``expected``: the bytes presslate read ``path`` as (None: it did not exist).
    When the file on disk is something else, nothing is written and
    :class:`WriteConflict` is raised (unless the disk already holds ``data``:
    then there is nothing to write).  The file is compared once before the
    temp file is written and again after it is fsynced, just before the
    rename.  What remains is the window between that last read and
    ``os.replace`` (no file lock can close it: editors take none): a save that
    lands inside it, microseconds wide, is replaced.  An editor that later
    saves its own buffer over presslate's file wins, as it would anyway.
    """
    current = _current(path)
    if current == data:
        return False
    if expected is not ANY and current != expected:
        raise WriteConflict(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        if expected is not ANY and _current(path) != expected:
            raise WriteConflict(path)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
