"""What the last runs saw, by content hash, so unchanged articles are skipped.

Each command records, per article, a hash of everything its result depends
on (article bytes, PO and template bytes, the configuration, presslate's
version).  Content hashes, unlike mtimes, catch two edits in the same second
and ignore a ``touch``.  The file is only an optimisation: deleting it (or
``--force``) just makes the next run do everything again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from presslate import __version__
from presslate.config import STATE_DIR
from presslate.fileio import write_atomic


def digest(*parts: bytes | str | None) -> str:
    """A hash of several inputs; a missing file (None) differs from an empty one."""
    h = hashlib.sha256()
    for part in (__version__, *parts):
        if part is None:
            h.update(b"\x00missing")
        else:
            data = part.encode() if isinstance(part, str) else part
            h.update(len(data).to_bytes(8, "little"))
            h.update(data)
    return h.hexdigest()


def read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


class RunState:
    """``.presslate/state.json``: {command: {key: hash}}."""

    def __init__(self, root: Path):
        self.path = root / STATE_DIR / "state.json"
        try:
            self.data: dict[str, dict[str, str]] = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            self.data = {}

    def get(self, command: str, key: str) -> str | None:
        return self.data.get(command, {}).get(key)

    def set(self, command: str, key: str, value: str | None) -> None:
        table = self.data.setdefault(command, {})
        if value is None:
            table.pop(key, None)
        else:
            table[key] = value

    def save(self) -> None:
        text = json.dumps(self.data, indent=0, sort_keys=True)
        write_atomic(self.path, text.encode("utf-8"))
