"""Publish: a static multilingual website from the reviewed translations.

``build`` writes localized articles; ``publish`` writes what readers see: one
HTML page per article (Markdown or HTML) and language that passes the publish
policy, one index per language, ``sitemap.xml`` with hreflang alternates, and
the localized sources (front matter ``lang``, ``translationKey``,
``translation_of``) under ``content/`` for Hugo or Jekyll.  The two formats
differ only in how a version's title, date, description and body are read
(:meth:`Site.markdown_parts`, :meth:`Site.html_parts`); the policy, links
and files are the same code.  A version that fails the policy is not
written, and no page, switcher, hreflang link or sitemap entry points to it.

Everything is rendered in memory first and deterministically (no timestamps,
fixed orders), then written with :func:`write_atomic`, which leaves identical
files alone: after one PO file changed, only the pages whose bytes changed are
rewritten.  Files an earlier run wrote that are no longer part of the site (a
version that fell below the policy) are removed, as listed in the manifest
that run left in the output folder.
"""

from __future__ import annotations

import json
from pathlib import Path

from presslate.config import Config
from presslate.errors import ConfigError, InputError
from presslate.fileio import write_atomic
from presslate.site.pages import Site
from presslate.site.policy import PUBLISHED_FORMATS, PublishReport, Skipped, load_settings, passing_versions, percent, select_targets
from presslate.workflow.articles import load_articles

MANIFEST = ".presslate-site.json"


def publish_site(
    config: Config,
    langs: list[str] | None = None,
    *,
    min_reviewed: float | None = None,
    allow_machine: bool | None = None,
    force: bool = False,
) -> PublishReport:
    """Publish the source language and ``langs`` (default: every target) to ``[publish] output``.

    The site then holds exactly those languages: pages an earlier run wrote
    for others are removed, so no link can point to them.  ``min_reviewed``
    and ``allow_machine`` override presslate.toml; ``force`` allows writing
    into a non-empty folder that presslate did not create.
    """
    settings = load_settings(config)
    if min_reviewed is not None:
        settings.min_reviewed = percent(min_reviewed, "--min-reviewed")
    if allow_machine is not None:
        settings.allow_machine = allow_machine
    report = PublishReport()
    targets = select_targets(config, langs)
    versions = {}
    for article in load_articles(config):
        if article.doc.format not in PUBLISHED_FORMATS:
            report.skipped.append(Skipped(article.reference, "all", f"{article.doc.format} articles are not "
                                          "published: publish renders Markdown and HTML articles"))
            continue
        versions[article.id] = passing_versions(article, config, targets, settings, report)
    site = Site(config, settings, [config.source, *targets], report)
    write_site(site.render(versions), site.root, force, report)
    return report


def write_site(outputs: dict[str, bytes], root: Path, force: bool, report: PublishReport) -> None:
    """Write changed files, then remove what the previous run wrote and this one did not."""
    manifest = root / MANIFEST
    previous: list[str] = []
    if manifest.is_file():
        try:
            previous = json.loads(manifest.read_text(encoding="utf-8"))["files"]
        except (ValueError, KeyError, TypeError):
            raise InputError(str(manifest), None, "not a presslate site manifest; delete it and publish with --force") from None
    elif root.is_dir() and any(root.iterdir()) and not force:
        raise ConfigError(f"{root} holds files presslate did not write; choose another [publish] output "
                          "or use --force to publish into it")
    for rel in sorted(outputs):
        path = root / rel
        (report.written if write_atomic(path, outputs[rel]) else report.unchanged).append(path)
    resolved_root = root.resolve()
    for rel in sorted(set(previous) - set(outputs)):
        path = root / rel
        if path.resolve().is_relative_to(resolved_root) and path.is_file():
            path.unlink()
            report.removed.append(path)
            _remove_empty_parents(path.parent, resolved_root)
    write_atomic(manifest, (json.dumps({"files": sorted(outputs)}, indent=1) + "\n").encode("utf-8"))


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder.resolve() != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
