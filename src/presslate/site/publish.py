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

Publishing is incremental and renders deterministically (no timestamps, fixed
orders), so its output is the same bytes as a publish from scratch.  An article
is rendered again only when something its pages are made from changed since
the last publish (:mod:`presslate.site.publish_state`): its bytes, its PO
files, the settings, templates or UI catalogs, the pages of an article it
links to, a file it links to, or one of its files in the output folder
(deleted or edited by hand).  The indexes and the sitemap are rendered again
only when what they list changed (titles, dates, descriptions, languages).
Articles are read, rendered and staged one at a time, and nothing reaches the
site before all of them are (:mod:`presslate.site.site_writer`).  Files an
earlier run wrote that are no longer part of the site (a version that fell
below the policy, a deleted article) are removed, as listed in the manifest
that run left in the output folder.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from presslate.config import Config, select_articles
from presslate.site.bundles import article_folders, bundle_folder
from presslate.site.links import Deferred, target_fingerprint
from presslate.site.pages import Site
from presslate.site.policy import (
    PUBLISHED_FORMATS,
    PublishReport,
    PublishSettings,
    Skipped,
    load_settings,
    passing_versions,
    percent,
    select_targets,
)
from presslate.site.publish_state import PublishState, site_digest
from presslate.site.site_writer import MANIFEST, SiteWriter
from presslate.workflow.articles import parse_article
from presslate.workflow.state import digest, read_or_none

__all__ = ["MANIFEST", "publish_site"]


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
    site = Site(config, settings, [config.source, *targets], report)
    writer = SiteWriter(site.root, force, report)
    state = PublishState(config.root)
    try:
        _Publish(config, settings, targets, site, writer, state, report).run()
        writer.commit()
    except BaseException:
        writer.abandon()
        state.close()
        raise
    state.commit()
    return report


class _Publish:
    """One publish: which articles to render, rendering them, the pages that list them."""

    def __init__(self, config: Config, settings: PublishSettings, targets: list[str], site: Site, writer: SiteWriter,
                 state: PublishState, report: PublishReport):
        self.config, self.settings, self.targets = config, settings, targets
        self.site, self.links, self.writer, self.state, self.report = site, site.links, writer, state, report
        self.site_digest = site_digest(config, settings, [config.source, *targets], site.root)
        self.articles = select_articles(config)
        site.folders = article_folders(article_id for article_id, _ in self.articles)
        self.listings: list[tuple[str, dict]] = [(article_id, {}) for article_id, _ in self.articles]
        self.notes: dict[int, tuple[list, list, list]] = {}  # article → skipped, refusals, warnings
        self.fresh: dict[int, dict] = {}  # article → its record, when nothing it is made from changed

    def run(self) -> None:
        self.links.pending = {path.resolve() for _, path in self.articles}
        stale = [i for i in range(len(self.articles)) if not self.check(i)]
        deferred = [i for i in stale if not self.render(i)]
        # Now every article's pages are known: those of the deferred ones, and whether the
        # targets of unchanged articles' links still are what they were.
        redo = [i for i, record in self.fresh.items()
                if any(target_fingerprint(Path(t), self.links.page_paths, self.links.articles_root) != f
                       for t, f in record["deps"].items())]
        for i in sorted(deferred + redo):
            self.fresh.pop(i, None)
            self.render(i)
        for i, record in self.fresh.items():
            for rel, fingerprint in record["outputs"].items():
                self.writer.keep(rel, fingerprint)
        self.listing_pages()
        self.state.keep_only({article_id for article_id, _ in self.articles})
        for i in sorted(self.notes):
            skipped, refusals, warnings = self.notes[i]
            self.report.skipped += skipped
            self.report.refusals += refusals
            for warning in warnings:
                self.report.warn(warning)

    def inputs(self, article_id: str, path: Path, reference: str) -> str:
        """A digest of everything one article's pages are made from, besides the pages of its links."""
        po_files = (read_or_none(self.config.po_path(lang, article_id)) for lang in self.targets)
        # Whether its content/ source may be a Hugo bundle depends on the articles below its folder.
        bundle = bundle_folder(article_id, self.site.folders)
        return digest(self.site_digest, article_id, reference, str(bundle), read_or_none(path), *po_files)

    def check(self, i: int) -> bool:
        """Whether article ``i`` is unchanged since the last publish and its files still in place."""
        article_id, path = self.articles[i]
        record = self.state.article(article_id)
        reference = self.config.reference(path)
        if record is None or record.get("inputs") != self.inputs(article_id, path, reference):
            return False
        refreshed = self.writer.refreshed
        if not all(self.writer.holds(rel, fingerprint) for rel, fingerprint in record["outputs"].items()):
            return False
        if self.writer.refreshed != refreshed:
            self.state.set_article(article_id, record)
        listing = record["listing"]
        if listing:
            self.links.set_pages(path, article_id, listing)
        else:
            self.links.pending.discard(path.resolve())
        if record["skipped"] or record["warnings"]:
            self.notes[i] = ([Skipped(reference, lang, reason) for lang, reason in record["skipped"]], [], record["warnings"])
        self.listings[i] = (article_id, listing)
        self.fresh[i] = record
        return True

    def render(self, i: int) -> bool:
        """Read, render and stage article ``i``; False if it links to an article not read yet."""
        article_id, path = self.articles[i]
        self.notes.pop(i, None)
        # The digest first: a file edited while this runs is then read again next time, never missed.
        inputs = self.inputs(article_id, path, self.config.reference(path))
        article = parse_article(self.config, article_id, path)
        local = PublishReport()
        rendered = None
        if article.doc.format not in PUBLISHED_FORMATS:
            local.skipped.append(Skipped(article.reference, "all", f"{article.doc.format} articles are not "
                                         "published: publish renders Markdown and HTML articles"))
            self.links.pending.discard(path.resolve())
        else:
            versions = passing_versions(article, self.config, self.targets, self.settings, local)
            self.links.set_pages(path, article_id, versions)
            try:
                rendered = self.site.render_article(versions)
            except Deferred:
                return False
        outputs = {rel: self.writer.put(rel, data) for rel, data in rendered.outputs.items()} if rendered else {}
        listing = rendered.listing if rendered else {}
        warnings = rendered.warnings if rendered else []
        self.listings[i] = (article_id, listing)
        if local.skipped or local.refusals or warnings:
            self.notes[i] = (local.skipped, local.refusals, warnings)
        record = {"inputs": inputs, "outputs": outputs, "listing": listing, "deps": rendered.deps if rendered else {},
                  "skipped": [[s.lang, s.reason] for s in local.skipped], "warnings": warnings}
        # An article with refused translations is read again next time, so its refusals are reported until fixed.
        self.state.set_article(article_id, None if local.refusals else record)
        return True

    def listing_pages(self) -> None:
        """The indexes, the root page, the style sheet and the sitemap, each rendered again only
        when what it lists changed."""
        site, listings = self.site, self.listings
        index_paths = site.index_paths(listings)
        paths_json = json.dumps(index_paths)
        pages: list[str] = []
        for code in index_paths:
            rows = site.index_rows(code, listings)
            paths = site.index_page_paths(code, len(rows))
            size = site.settings.per_page or len(rows) or 1
            for number, path in enumerate(paths, 1):
                chunk = rows[(number - 1) * size : number * size]
                h = hashlib.sha256(f"{self.site_digest}\0index\0{code}\0{number}\0{len(paths)}\0{paths_json}".encode())
                for row in chunk:
                    h.update(json.dumps(row[1:]).encode())
                self.listing_page(path, h.hexdigest(), lambda code=code, paths=paths, number=number, chunk=chunk:
                                  site.index_page(code, paths, number, index_paths, chunk))
            pages += paths
        self.listing_page("index.html", digest(self.site_digest, "root", paths_json), lambda: site.root_page(index_paths))
        self.writer.put("style.css", site.style())
        files = site.sitemap_groups(listings, index_paths)
        names = ["sitemap.xml"] if len(files) == 1 else [f"sitemap-{n}.xml" for n in range(1, len(files) + 1)]
        for name, groups in zip(names, files):
            h = hashlib.sha256(f"{self.site_digest}\0sitemap\0{name}".encode())
            for paths in groups:
                h.update(json.dumps(paths).encode())
            self.listing_page(name, h.hexdigest(), lambda groups=groups: site.sitemap(groups))
        if len(files) > 1:
            self.listing_page("sitemap.xml", digest(self.site_digest, "sitemap index", json.dumps(names)),
                              lambda: site.sitemap_index(names))
        self.state.keep_pages({*pages, "index.html", "sitemap.xml", *names})

    def listing_page(self, rel: str, page_digest: str, render) -> None:
        record = self.state.page(rel)
        if record is not None and record.get("digest") == page_digest and self.writer.holds(rel, record.get("file")):
            self.writer.keep(rel, record["file"])
        else:
            record = {"digest": page_digest, "file": self.writer.put_stream(rel, render())}
        self.state.set_page(rel, record)
