"""A copy of the repository's example newsroom for tests that change its files."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

from presslate.catalog.pofile import PoFile
from presslate.memory.store import Memory, reviewed_pairs

REPO = Path(__file__).resolve().parent.parent


DEMO_ARTICLE = "2026/night-market-opens"
"""``make demo`` machine-translates this article afresh every run: its catalogs are never committed."""


def copy_articles(root: Path, demo: bool = False) -> None:
    """The example's articles and committed catalogs into ``root``.

    Whatever ``make demo`` left of the demo article's catalogs is never
    copied (a fresh clone has none), and the article itself only with ``demo``.
    """
    name = DEMO_ARTICLE.rsplit("/", 1)[1]
    shutil.copytree(REPO / "locales", root / "locales", ignore=shutil.ignore_patterns(f"{name}.po", f"{name}.pot"))
    shutil.copytree(REPO / "articles", root / "articles", ignore=None if demo else shutil.ignore_patterns(f"{name}.md"))


def copy_example(root: Path, demo: bool = False) -> Path:
    """The example project in ``root`` (the demo article only with ``demo``), its reviewed Spanish story in the TM."""
    root.mkdir()
    copy_articles(root, demo)
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
