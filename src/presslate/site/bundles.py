"""Where a localized source goes in ``content/``: one file, or a Hugo leaf bundle with the files it links.

Hugo serves ``content/es/world/story.md`` at ``/es/world/story/`` (pretty
URLs), so a browser resolves the article's page-relative ``img/map.png`` to
``/es/world/story/img/map.png``; Hugo serves files there only for a leaf
bundle, ``content/es/world/story/index.md`` with ``img/map.png`` beside it.
An article that links files in its folder or below is therefore written as
one, each language's bundle holding a copy of those files, and its text is
left as written: from the bundle its links resolve to the copies.  The files
are the ones the *source* links (a translation cannot add one), and an
article with none stays one file, as before.

A bundle cannot hold other pages: an article with articles below its folder
(``world/story.md`` and ``world/story/more.md``) stays one file, with a warning.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# A file Hugo would take for the bundle's own page (index.md, _index.html…): never copied into one.
_INDEX_NAME = re.compile(r"_?index\.[^/]*")


@dataclass(frozen=True)
class ContentLayout:
    """One article's files under each ``content/<lang>/``."""

    path: str  # its localized source, relative to content/<lang>/
    files: dict[str, Path] = field(default_factory=dict)  # relative to content/<lang>/ → the linked file to copy there
    warnings: list[str] = field(default_factory=list)


def article_folders(article_ids: Iterable[str]) -> Counter:
    """How many articles each folder of article ids holds, at any depth ("" is the root)."""
    folders: Counter = Counter()
    for article_id in article_ids:
        parts = article_id.split("/")[:-1]
        folders.update("/".join(parts[:n]) for n in range(len(parts) + 1))
    return folders


def bundle_folder(article_id: str, folders: Counter) -> str | None:
    """The folder of ``article_id``'s leaf bundle, or None when it cannot be one: it is a section's
    page (``_index``), or other articles are below that folder (a bundle holds no pages)."""
    parent, _, stem = article_id.rpartition("/")
    if stem.startswith("_index"):
        return None
    if stem == "index":  # already a bundle's page: its folder is the article's folder
        return parent if folders[parent] == 1 else None
    return None if folders[article_id] else article_id


def content_layout(article_id: str, suffix: str, linked: dict[str, Path], folders: Counter) -> ContentLayout:
    """Where article ``article_id`` (file suffix ``suffix``) goes, given the files its source links
    page-relatively (``linked``: URL path as written, decoded → file) and ``folders`` (:func:`article_folders`)."""
    single = f"{article_id}{suffix}"
    files: dict[str, Path] = {}
    warnings = []
    for url_path, target in sorted(linked.items()):
        rel = posixpath.normpath(url_path)
        if rel == ".." or rel.startswith("../"):
            warnings.append(f"{url_path} is outside the article's folder: Hugo serves it from no page-relative "
                            f"URL (content/<lang>/{single} links it as written; keep linked files in the article's "
                            "folder or below it)")
        elif not _INDEX_NAME.fullmatch(rel):
            files.setdefault(rel, target)
    if not files:
        return ContentLayout(single, {}, warnings)
    folder = bundle_folder(article_id, folders)
    if folder is None:
        warnings.append(f"content/<lang>/{single} is not a Hugo leaf bundle (articles are below its folder), so Hugo "
                        f"does not serve the files it links beside its page: {', '.join(sorted(files))}")
        return ContentLayout(single, {}, warnings)
    prefix = f"{folder}/" if folder else ""
    return ContentLayout(f"{prefix}index{suffix}", {prefix + rel: target for rel, target in files.items()}, warnings)
