"""WordPress posts in a presslate project: storing pulled or imported posts, reading localized versions.

Posts are articles ``<folder>/<type>-<id>.wp`` (default folder
``articles/wordpress``), one per post, named by post id so a changed slug or
title never orphans its PO files.  :func:`store_posts` reads every existing
file first, then writes only what changed, each file atomically and only if
nobody changed it meanwhile.  :func:`localized_posts` gives the versions
of every WordPress article that pass the publish policy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from presslate.config import Config
from presslate.errors import ConfigError, InputError
from presslate.fileio import write_atomic
from presslate.formats import wordpress as wp_format
from presslate.formats.wordpress import Post
from presslate.report import Report, counted

DEFAULT_FOLDER = "wordpress"  # below the articles root


@dataclass
class StoreReport(Report):
    SKIPPED = "note:"

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refusals: list = field(default_factory=list)
    deleted_upstream: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{counted(len(self.written), 'article')} written, {len(self.unchanged)} unchanged"
        if self.deleted_upstream:
            text += f", {counted(len(self.deleted_upstream), 'post')} deleted on the site (kept here)"
        return text


def folder_of(config: Config, folder: str | None) -> Path:
    """Where WordPress articles live; it must be below the articles root."""
    root = config.root / config.articles_root
    path = root / (folder or DEFAULT_FOLDER)
    try:
        config.article_id(path / "x.wp")
    except ConfigError as exc:
        raise ConfigError(f"--into {folder}: {exc}") from None
    return path


def file_name(post: Post) -> str:
    return f"{post.type}-{post.id}{wp_format.SUFFIX}"


def existing(folder: Path) -> dict[str, tuple[Path, bytes, Post]]:
    """Every WordPress article in ``folder``: file name → (path, bytes read, post)."""
    found = {}
    if folder.is_dir():
        for path in sorted(folder.glob(f"*{wp_format.SUFFIX}")):
            data = path.read_bytes()
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(str(path), data[: exc.start].count(b"\n") + 1, "not UTF-8") from None
            found[path.name] = (path, data, wp_format.load(text, str(path)))
    return found


def store_posts(config: Config, folder: Path, posts: list[Post], report: StoreReport,
                only_newer: bool = False) -> None:
    """Write ``posts`` as articles; read everything first, then write what changed.

    ``only_newer``: leave an article alone when the post's modified time is the
    one it already has (an incremental pull).
    """
    have = existing(folder)
    planned: list[tuple[Path, bytes, bytes | None]] = []
    for post in posts:
        post.lang = config.source
        name = file_name(post)
        path, old_bytes, old = have.get(name, (folder / name, None, None))
        if only_newer and old is not None and old.modified_gmt == post.modified_gmt:
            report.unchanged.append(path)
            continue
        data = wp_format.dump(post).encode("utf-8")
        planned.append((path, data, old_bytes))
    for path, data, old_bytes in planned:
        (report.written if write_atomic(path, data, expected=old_bytes) else report.unchanged).append(path)
    if not any(_matches(config, path) for path, _, _ in planned) and planned:
        report.warnings.append(
            f"presslate.toml's [project] articles does not include {config.reference(folder)}/*{wp_format.SUFFIX}: "
            f"add \"{config.reference(folder)}/**/*{wp_format.SUFFIX}\" so translate and build see these posts")


def _matches(config: Config, path: Path) -> bool:
    return path.resolve() in {p.resolve() for p in config.article_paths()}


@dataclass
class LocalizedPost:
    source: Post
    post: Post  # the localized version; lang is the target (gettext form)
    source_path: Path
    engine: str | None  # unreviewed machine translation shown, from this engine


def localized_posts(config: Config, langs: list[str], report, min_reviewed: float | None = None,
                    allow_machine: bool | None = None) -> tuple[list[Post], list[LocalizedPost]]:
    """The project's WordPress posts and their versions in ``langs`` that pass the publish policy."""
    from presslate.site.policy import load_settings, passing_versions, percent
    from presslate.workflow.articles import load_articles

    settings = load_settings(config)
    if min_reviewed is not None:
        settings.min_reviewed = percent(min_reviewed, "--min-reviewed")
    if allow_machine is not None:
        settings.allow_machine = allow_machine
    sources: list[Post] = []
    versions: list[LocalizedPost] = []
    for article in load_articles(config):
        if article.doc.format != "wordpress":
            continue
        source = wp_format.load(article.path.read_text(encoding="utf-8"), article.reference)
        source.lang = config.source
        sources.append(source)
        for lang, version in passing_versions(article, config, langs, settings, report).items():
            if lang == config.source:
                continue
            post = wp_format.load(version.text, f"{article.reference} [{lang}]")
            post.lang = lang
            versions.append(LocalizedPost(source, post, article.path, version.engine))
    return sources, versions
