"""What the last publish rendered, so the next one renders only what changed.

``.presslate/publish.sqlite`` holds, per article, the digest of everything
its pages are made from (:func:`site_digest`: the settings, languages,
templates, UI catalogs and library versions; then the article's bytes and
its PO files), the fingerprint of each file it wrote, what its links depend
on, and its *listing record* (per published language: title, date,
description), from which the indexes and the sitemap are made without
reading the article again; and per listing page (indexes, root page,
sitemap) the digest of what it listed.  Like ``state.json`` it is only an
optimisation: without it (or unreadable) the next publish renders everything.
"""

from __future__ import annotations

import json
import sqlite3
from importlib import metadata, resources
from pathlib import Path

from presslate.config import STATE_DIR, Config
from presslate.site.policy import PublishSettings
from presslate.workflow.state import digest

_LIBRARIES = ("babel", "jinja2", "markdown-it-py", "markupsafe", "ruamel.yaml")


def site_digest(config: Config, settings: PublishSettings, langs: list[str], root: Path) -> str:
    """A digest of what every page of the site depends on, besides its own article."""
    parts: list[bytes | str | None] = [
        config.fingerprint, json.dumps(settings.__dict__, sort_keys=True), json.dumps(langs), str(root.resolve()),
        str((config.root / config.articles_root).resolve()),
    ]
    for name in _LIBRARIES:
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(None)
    package = resources.files("presslate.site")
    for folder in ("templates", "locale"):
        parts += _tree(package / folder, folder)
    if settings.template_dir:
        template_dir = config.root / settings.template_dir
        parts += _tree(template_dir, "template_dir") if template_dir.is_dir() else [None]
    return digest(*parts)


def _tree(folder, name: str) -> list[bytes | str]:
    """Names and bytes of every file below ``folder`` (a Path or a package resource), in a fixed order."""
    found: list[bytes | str] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            found += _tree(entry, f"{name}/{entry.name}")
        elif entry.is_file():
            found += [f"{name}/{entry.name}", entry.read_bytes()]
    return found


class PublishState:
    """The records of the last publish; changes are kept until :meth:`commit`."""

    def __init__(self, project_root: Path):
        self.path = project_root / STATE_DIR / "publish.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = self._open()
        except sqlite3.DatabaseError:  # not a database (a broken copy): start again
            self.path.unlink(missing_ok=True)
            self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        db.execute("CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, record TEXT NOT NULL)")
        db.execute("CREATE TABLE IF NOT EXISTS pages (path TEXT PRIMARY KEY, record TEXT NOT NULL)")
        db.commit()
        return db

    def article(self, article_id: str) -> dict | None:
        row = self.db.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _loads(row)

    def set_article(self, article_id: str, record: dict | None) -> None:
        if record is None:
            self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        else:
            self.db.execute("INSERT OR REPLACE INTO articles VALUES (?, ?)", (article_id, json.dumps(record)))

    def keep_only(self, article_ids: set[str]) -> None:
        """Forget the articles that are no longer part of the project."""
        gone = [(i,) for (i,) in self.db.execute("SELECT id FROM articles") if i not in article_ids]
        self.db.executemany("DELETE FROM articles WHERE id = ?", gone)

    def page(self, path: str) -> dict | None:
        return _loads(self.db.execute("SELECT record FROM pages WHERE path = ?", (path,)).fetchone())

    def set_page(self, path: str, record: dict) -> None:
        self.db.execute("INSERT OR REPLACE INTO pages VALUES (?, ?)", (path, json.dumps(record)))

    def keep_pages(self, paths: set[str]) -> None:
        gone = [(p,) for (p,) in self.db.execute("SELECT path FROM pages") if p not in paths]
        self.db.executemany("DELETE FROM pages WHERE path = ?", gone)

    def commit(self) -> None:
        self.db.commit()
        self.db.close()

    def close(self) -> None:
        """Leave the records as the last finished publish left them."""
        self.db.rollback()
        self.db.close()


def _loads(row) -> dict | None:
    if row is None:
        return None
    try:
        value = json.loads(row[0])
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
