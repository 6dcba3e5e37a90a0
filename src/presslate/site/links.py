"""How the site's pages point at each other: public URLs, relative links, hreflang
alternates, sitemap entries, and an article's own links to other articles and files."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from presslate.site.policy import Version
from presslate.site.ui import Language


@dataclass(frozen=True)
class Link:
    """A published version as templates see it: ``href`` relative, ``url`` public."""

    lang: str  # BCP 47
    name: str
    href: str
    url: str


class Links:
    """URLs and links of one site; ``page_paths`` (article file → language → page) is filled first."""

    def __init__(self, base_url: str, langs: dict[str, Language], source: str, articles_root: Path,
                 add: Callable[[str, bytes], None], warn: Callable[[str], None]):
        self.base_url = base_url
        self.langs = langs
        self.source = source
        self.articles_root = articles_root
        self.add = add  # adds a file (a copied image) to the site
        self.warn = warn
        self.page_paths: dict[Path, dict[str, str]] = {}

    def url(self, path: str) -> str:
        """Public URL of a site file; an index is addressed by its folder."""
        return self.base_url + path.removesuffix("index.html")

    @staticmethod
    def href(path: str, current: str) -> str:
        """Link from page ``current`` to ``path``, relative, so the site works from any folder."""
        return posixpath.relpath(path, posixpath.dirname(current) or ".")

    def page_path(self, version: Version) -> str:
        return f"{self.langs[version.lang].tag}/{version.article.id}.html"

    def alternates(self, paths: dict[str, str], current: str) -> list[Link]:
        """Links to the same page in every language of ``paths`` (code → path), in site order."""
        return [
            Link(lang.tag, lang.name, self.href(paths[code], current), self.url(paths[code]))
            for code, lang in self.langs.items() if code in paths
        ]

    def sitemap_entries(self, paths: dict[str, str]) -> list[dict]:
        """One sitemap <url> per version, each listing every version and x-default (the source)."""
        alternates = self.alternates(paths, "")
        x_default = self.url(paths[self.source])
        return [{"loc": self.url(path), "alternates": alternates, "x_default": x_default} for path in paths.values()]

    def rewrite_markdown(self, tokens, version: Version, path: str) -> None:
        """Point the relative links and images of Markdown ``tokens`` at their published copies."""
        for token in walk(tokens):
            attr = "src" if token.type == "image" else "href" if token.type == "link_open" else None
            new = self.local_url(token.attrGet(attr), version, path) if attr else None
            if new is not None:
                token.attrSet(attr, new)

    def local_url(self, url: str | None, version: Version, path: str) -> str | None:
        """Where a relative ``url`` of ``version`` points from page ``path``; None: leave it as written.

        A link to an article goes to its version in this page's language, or
        to the source when that version is not published; any other local file
        (an image, a PDF) is copied to ``media/``.  A missing file is left as
        written, with a warning.
        """
        parts = urlsplit(url or "")
        if not url or parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            return None
        target = (version.article.path.parent / unquote(parts.path)).resolve()
        if not target.is_relative_to(self.articles_root) or not target.is_file():
            self.warn(f"{version.article.reference}: {url} does not exist; left as written")
            return None
        if target in self.page_paths:
            pages = self.page_paths[target]
            published = pages.get(version.lang) or pages[self.source]
        else:
            published = "media/" + target.relative_to(self.articles_root).as_posix()
            self.add(published, target.read_bytes())
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        return self.href(published, path) + fragment


def walk(tokens):
    """Markdown tokens and, depth first, their children."""
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)
