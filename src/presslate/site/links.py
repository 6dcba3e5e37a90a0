"""How the site's pages point at each other: public URLs, relative links, hreflang
alternates, sitemap entries, and an article's own links to other articles and files.

An HTML article's links are attribute values of three kinds (:data:`URL`,
:data:`SRCSET`, :data:`STYLE`); in a ``srcset`` and in an inline ``style``'s
CSS ``url()``, each URL follows the same rule as a ``src`` (:meth:`Links.local_url`),
and everything around it (descriptors, commas, spacing, CSS, quotes) is kept.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import quote, unquote, urlsplit

from presslate.site.policy import Version
from presslate.site.ui import Language

URL, SRCSET, STYLE = "url", "srcset", "style"  # what an attribute value holds

_HTML_SPACE = " \t\n\f\r"
# A CSS url() token: quoted (group 1 or 2) or not (group 3); not part of a longer name (myurl()).
_CSS_URL = re.compile(
    r"""(?<![\w-])url\(\s*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|((?:[^\s"'()\\]|\\.)*))\s*\)""",
    re.IGNORECASE,
)
# What a rewritten URL may not contain as is, by where it goes: it would end the URL there.
_UNSAFE = {SRCSET: _HTML_SPACE + ",", '"': '"\\\n', "'": "'\\\n", "": _HTML_SPACE + "\"'()\\"}


def srcset_urls(value: str) -> list[tuple[int, int]]:
    """Where each candidate's URL is in a ``srcset`` value (HTML's parsing rules).

    Candidates are separated by commas; a URL is a run without whitespace (so
    a ``data:`` URL may hold commas), minus any commas it ends with; its
    descriptors (``2x``, ``480w``) run to the next comma outside parentheses.
    """
    spans: list[tuple[int, int]] = []
    pos, n = 0, len(value)
    while True:
        while pos < n and (value[pos] in _HTML_SPACE or value[pos] == ","):
            pos += 1
        if pos >= n:
            return spans
        start = pos
        while pos < n and value[pos] not in _HTML_SPACE:
            pos += 1
        end = pos
        if value[end - 1] == ",":  # "a.png,b.png": the commas separate, no descriptors
            while value[end - 1] == ",":
                end -= 1
            spans.append((start, end))
            continue
        spans.append((start, end))
        depth = 0
        while pos < n:
            char = value[pos]
            pos += 1
            if char == "(":
                depth += 1
            elif char == ")" and depth:
                depth -= 1
            elif char == "," and not depth:
                break


def css_urls(value: str) -> list[tuple[int, int, str]]:
    """Where each ``url(...)`` of CSS text holds its URL, with its quote ('"', "'" or "").
    A URL written with CSS escapes (a backslash) is not listed: it is left as written."""
    found = []
    for m in _CSS_URL.finditer(value):
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        if "\\" not in m.group(group):
            found.append((m.start(group), m.end(group), {1: '"', 2: "'", 3: ""}[group]))
    return found


def rewrite_urls(value: str, spans: list[tuple[int, int, str]], rewrite: Callable[[str], str | None]) -> str | None:
    """``value`` with ``rewrite`` applied to each span (start, end, where) and all else kept; None if
    nothing changed.  A new URL is percent-encoded where it would otherwise end early (a space)."""
    pieces, pos, changed = [], 0, False
    for start, end, where in spans:
        new = rewrite(value[start:end])
        if new is None:
            continue
        unsafe = _UNSAFE[where]
        pieces += [value[pos:start], "".join(quote(c) if c in unsafe else c for c in new)]
        pos, changed = end, True
    return "".join(pieces) + value[pos:] if changed else None


class Deferred(Exception):
    """A page links to an article whose published languages this run does not know yet."""


def target_fingerprint(target: Path, page_paths: dict[Path, dict[str, str]], articles_root: Path) -> str:
    """What a local link to ``target`` (resolved) depends on: the pages of an article,
    the bytes of a file, or that there is no such file."""
    if not target.is_relative_to(articles_root) or not target.is_file():
        return "missing"
    if target in page_paths:
        return "article:" + json.dumps(page_paths[target])
    return "file:" + hashlib.sha256(target.read_bytes()).hexdigest()


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
        self.pending: set[Path] = set()  # articles whose pages are not known yet: a link to one is Deferred
        self.deps: dict[str, str] = {}  # what the links rendered since it was emptied depend on: target → fingerprint
        # The files (not articles) linked page-relatively since it was emptied: language → URL path as written
        # (decoded) → file.  The source's are what a Hugo leaf bundle holds (see site.bundles).
        self.files: dict[str, dict[str, Path]] = {}

    def set_pages(self, article_path: Path, article_id: str, codes) -> dict[str, str]:
        """Record that the article at ``article_path`` is published in ``codes``: its page per language."""
        target = article_path.resolve()
        self.pending.discard(target)
        paths = self.page_paths[target] = {code: f"{self.langs[code].tag}/{article_id}.html" for code in codes}
        return paths

    def url(self, path: str) -> str:
        """Public URL of a site file, URL-escaped (sitemaps require it: ids may hold letters like é);
        an index is addressed by its folder."""
        return self.base_url + quote(path.removesuffix("index.html"), safe="/")

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

    def rewrite_value(self, kind: str, value: str, version: Version, path: str) -> str | None:
        """An HTML attribute value (decoded) of ``kind`` with its local URLs pointing at their
        published copies; None: leave it as written."""
        if kind == SRCSET:
            spans = [(a, b, SRCSET) for a, b in srcset_urls(value)]
        elif kind == STYLE:
            spans = css_urls(value)
        else:
            return self.local_url(value, version, path)
        return rewrite_urls(value, spans, lambda url: self.local_url(url, version, path))

    def local_url(self, url: str | None, version: Version, path: str) -> str | None:
        """Where a relative ``url`` of ``version`` points from page ``path``; None: leave it as written.

        A link to an article goes to its version in this page's language, or
        to the source when that version is not published; any other local file
        (an image, a PDF) is copied to ``media/``.  A root-relative URL
        (``/images/map.png``) is read from the articles folder, and becomes
        page-relative too, so the site also works opened from disk.  A missing
        file is left as written, with a warning.
        """
        parts = urlsplit(url or "")
        if not url or parts.scheme or parts.netloc or not parts.path:
            return None
        if parts.path.startswith("/"):
            target = (self.articles_root / unquote(parts.path).lstrip("/")).resolve()
            missing = (f"{version.article.reference}: {url} is not a file under the articles folder; left as written "
                       "(it works only when the site is served from its domain root)")
        else:
            target = (version.article.path.parent / unquote(parts.path)).resolve()
            missing = f"{version.article.reference}: {url} does not exist; left as written"
        if target in self.pending:
            raise Deferred(target)
        self.deps[str(target)] = target_fingerprint(target, self.page_paths, self.articles_root)
        if not target.is_relative_to(self.articles_root) or not target.is_file():
            self.warn(missing)
            return None
        if target in self.page_paths:
            pages = self.page_paths[target]
            published = pages.get(version.lang) or pages[self.source]
        else:
            published = "media/" + target.relative_to(self.articles_root).as_posix()
            self.add(published, target.read_bytes())
            if not parts.path.startswith("/"):
                self.files.setdefault(version.lang, {})[unquote(parts.path)] = target
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        return self.href(published, path) + fragment


def walk(tokens):
    """Markdown tokens and, depth first, their children."""
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)
