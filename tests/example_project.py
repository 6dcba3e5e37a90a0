"""A copy of the repository's example newsroom for tests that change its files."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

from presslate.catalog.pofile import PoFile
from presslate.memory.store import Memory, reviewed_pairs

REPO = Path(__file__).resolve().parent.parent


def copy_example(root: Path) -> Path:
    """The example project in ``root``, with its reviewed Spanish story in the translation memory."""
    root.mkdir()
    for name in ("articles", "locales"):
        shutil.copytree(REPO / name, root / name)
    for name in ("presslate.toml", "glossary.toml"):
        shutil.copy(REPO / name, root / name)
    warning = PoFile.read(root / "locales/es/LC_MESSAGES/2026/river-flood-warning.po")
    with Memory.for_project(root) as memory:
        memory.harvest("2026/river-flood-warning", "en", "es", reviewed_pairs(warning.entries),
                       datetime(2026, 11, 20, tzinfo=timezone.utc))
    return root


def chunks(data: bytes) -> list[bytes]:
    """A PO file cut into its entries (they are separated by blank lines)."""
    return data.split(b"\n\n")
