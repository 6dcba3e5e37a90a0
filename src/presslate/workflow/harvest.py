"""Reviewed work from every PO file into the translation memory, before new entries are filled.

``translate`` harvests the PO files of the articles it merges.  The others
matter too: a translator may review an article that is renamed (or removed)
before the next ``translate``; its old PO file is no article's any more, but
its reviewed sentences must fill the renamed article's new PO file instead of
machine translation.  So every PO file under ``locales/<lang>/LC_MESSAGES/`` is
harvested, under the article id its path names.

To stay cheap, the run state remembers a hash of the bytes each PO file was
last harvested from (or written as); a file still holding those bytes is only
read and hashed, never parsed.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from presslate.catalog.pofile import read_po_data
from presslate.config import Config
from presslate.errors import InputError
from presslate.memory.store import Memory, reviewed_pairs
from presslate.workflow.state import RunState, digest, read_or_none

STATE_KEY = "harvest"  # RunState table: PO file (relative to the project) → hash of the bytes last harvested


def harvest_catalogs(config: Config, memory: Memory, langs: list[str], state: RunState, skip: set[Path],
                     now: datetime) -> list[str]:
    """Harvest every PO file of ``langs`` not in ``skip`` that changed since it was last harvested;
    returns a warning for each one that cannot be read (it is left out, nothing else changes)."""
    warnings = []
    for lang in langs:
        folder = config.root / config.locales / lang / "LC_MESSAGES"
        for path in sorted(folder.rglob("*.po")) if folder.is_dir() else []:
            if path in skip:
                continue
            data = read_or_none(path)
            key = config.reference(path)
            if data is None or state.get(STATE_KEY, key) == digest(data):
                continue
            try:
                po = read_po_data(path, data, config)
            except InputError as exc:
                warnings.append(f"{exc}; its reviewed entries are not in the translation memory")
                continue
            article_id = path.relative_to(folder).with_suffix("").as_posix()
            memory.harvest(article_id, config.source, lang, reviewed_pairs(po.entries), now)
            state.set(STATE_KEY, key, digest(data))
    return warnings


def record_harvested(config: Config, state: RunState, path: Path, data: bytes) -> None:
    """``path`` now holds ``data``, whose reviewed entries are in the memory: no need to parse it next run."""
    state.set(STATE_KEY, config.reference(path), digest(data))
