"""Publish: a static multilingual website from the reviewed translations.

``build`` writes localized articles; ``publish`` writes what readers see: one
HTML page per article (Markdown or HTML) and language that passes the publish
policy, one index per language, ``sitemap.xml`` with hreflang alternates, and
the localized sources (front matter ``lang``, ``translationKey``,
``translation_of``) under ``content/`` for Hugo or Jekyll.  The two formats
differ only in how a version's title, date, description and body are read
(:meth:`_Site.markdown_parts`, :meth:`_Site.html_parts`); the policy, links
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

import datetime as dt
import html
import json
import math
import posixpath
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from io import BytesIO, StringIO
from pathlib import Path
from urllib.parse import unquote, urlsplit

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po as read_ui_po
from babel.support import NullTranslations, Translations
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, TemplateError, TemplateSyntaxError, select_autoescape
from markupsafe import Markup
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from presslate.config import CONFIG_NAME, Config, bcp47, normalize_language
from presslate.errors import ConfigError, InputError
from presslate.fileio import write_atomic
from presslate.formats.html import _COMMENT, _DOCTYPE, _RAW, _TAG, _TEXT, _tokens  # the article parser's tokenizer
from presslate.formats.markdown import markdown_parser
from presslate.project import Article, Refusal, load_articles, localize, read_po

MANIFEST = ".presslate-site.json"
UI_DOMAIN = "presslate"
MT_HEADER = "X-Machine-Translation"
_MD = markdown_parser()
_FENCES = {"---": ("---", "..."), "+++": ("+++",)}
PUBLISHED_FORMATS = ("markdown", "html")
# Attributes of an HTML article that hold a URL to point at its published copy.
_URL_ATTRIBUTES = {"a": ("href",), "area": ("href",), "img": ("src",), "source": ("src",), "track": ("src",),
                   "audio": ("src",), "video": ("src", "poster"), "embed": ("src",)}
# Head elements skipped before the content of an HTML article that has no <body>, <main> or <article> tag.
_HEAD_TAGS = frozenset("html head title meta link base".split())


@dataclass
class PublishSettings:
    """The ``[publish]`` table of presslate.toml."""

    output: str = "site"
    min_reviewed: float = 100.0
    allow_machine: bool = False
    site_title: str = "News"
    base_url: str = ""
    template_dir: str = ""


def load_settings(config: Config) -> PublishSettings:
    """Read ``[publish]`` from presslate.toml; unknown keys are errors, so typos do not pass silently."""
    path = config.root / CONFIG_NAME
    table = tomllib.loads(path.read_text(encoding="utf-8")).get("publish", {}) if path.is_file() else {}
    settings = PublishSettings()
    kinds = {"output": str, "min_reviewed": (int, float), "allow_machine": bool,
             "site_title": str, "base_url": str, "template_dir": str}
    for key, value in table.items():
        if key not in kinds:
            raise ConfigError(f"{CONFIG_NAME}: unknown key [publish] {key} (known: {', '.join(kinds)})")
        if not isinstance(value, kinds[key]) or (kinds[key] is not bool and isinstance(value, bool)):
            raise ConfigError(f"{CONFIG_NAME}: [publish] {key} has the wrong type: {value!r}")
        setattr(settings, key, value)
    settings.min_reviewed = _percent(settings.min_reviewed, "[publish] min_reviewed")
    return settings


def _percent(value: float, name: str) -> float:
    if not 0 <= value <= 100:
        raise ConfigError(f"{name} must be between 0 and 100, not {value:g}")
    return float(value)


@dataclass
class Skipped:
    """An article version that was not published, and why."""

    article: str
    lang: str
    reason: str

    def __str__(self) -> str:
        return f"{self.article} [{self.lang}]: {self.reason}"


@dataclass
class PublishReport:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)  # pages of versions no longer published
    skipped: list[Skipped] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


@dataclass
class _Version:
    """One article in one language that passed the policy."""

    article: Article
    lang: str  # gettext form, e.g. es_MX
    text: str  # the localized article: Markdown with its front matter, or a whole HTML document
    engine: str | None  # machine-translation engine, when unreviewed MT is shown


@dataclass
class _Parts:
    """What a page shows of a version, however its format stores it."""

    title: str  # "" when the article has none: the page then uses the article id
    date: dt.date | None
    description: str
    meta: dict  # front matter, or an HTML article's <meta name> values (``author`` shows in the byline)
    content: Markup  # the body as HTML, local links pointing at their published copies
    content_file: str  # what content/ holds before presslate's keys are added


@dataclass(frozen=True)
class Link:
    """A published version as templates see it: ``href`` relative, ``url`` public."""

    lang: str  # BCP 47
    name: str
    href: str
    url: str


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
        settings.min_reviewed = _percent(min_reviewed, "--min-reviewed")
    if allow_machine is not None:
        settings.allow_machine = allow_machine
    report = PublishReport()
    targets = _targets(config, langs)
    versions = {}
    for article in load_articles(config):
        if article.doc.format not in PUBLISHED_FORMATS:
            report.skipped.append(Skipped(article.reference, "all", f"{article.doc.format} articles are not "
                                          "published: publish renders Markdown and HTML articles"))
            continue
        versions[article.id] = _versions(article, config, targets, settings, report)
    site = _Site(config, settings, [config.source, *targets], report)
    _write(site.render(versions), site.root, force, report)
    return report


def _targets(config: Config, langs: list[str] | None) -> list[str]:
    if langs is None:
        return list(config.targets)
    wanted = {normalize_language(code) for code in langs} - {config.source}
    unknown = sorted(wanted - set(config.targets))
    if unknown:
        raise ConfigError(f"{', '.join(unknown)} not among the project's targets ({', '.join(config.targets)})")
    return [lang for lang in config.targets if lang in wanted]


def _versions(article: Article, config: Config, targets: list[str], settings: PublishSettings,
              report: PublishReport) -> dict[str, _Version]:
    """The versions of ``article`` that pass the policy; the source always does."""
    source_text = article.doc.render(language=bcp47(config.source))
    found = {config.source: _Version(article, config.source, source_text, None)}
    for lang in targets:
        po_path = config.po_path(lang, article.id)
        po = read_po(po_path, config)
        if po is None:
            report.skipped.append(Skipped(article.reference, lang, "no PO file; run `presslate translate` first"))
            continue
        localized = localize(article, po, lang, config.reference(po_path), settings.allow_machine)
        report.refusals.extend(localized.refusals)
        if localized.percent_reviewed < settings.min_reviewed:
            # Rounded down, so 99.6% never reads as "100% reviewed, below 100%".
            report.skipped.append(Skipped(
                article.reference, lang,
                f"{math.floor(localized.percent_reviewed)}% reviewed, below min_reviewed {settings.min_reviewed:g}%",
            ))
            continue
        engine = (po.metadata().get(MT_HEADER) or config.engine_for(lang)) if localized.machine_words else None
        found[lang] = _Version(article, lang, localized.text, engine)
    return found


# -- rendering -------------------------------------------------------------------


@dataclass
class _Language:
    code: str  # gettext form
    tag: str  # BCP 47
    name: str  # in its own language, capitalised for a menu
    dir: str
    locale: Locale
    env: Environment  # templates with this language's UI translations


def language_name(code: str) -> str:
    """The language's name in itself, as a menu item: "Español", not Babel's "español".

    CLDR capitalises language names at the start of a menu item in every
    cased script; scripts without case are left unchanged by ``upper()``.
    """
    name = Locale.parse(code).get_display_name(code)
    return name[:1].upper() + name[1:]


@cache
def ui_translations(lang: str) -> Translations | None:
    """presslate's own UI catalog for ``lang`` (or its base language), read from package data.

    The .po files are compiled in memory, so a wheel needs no build step and
    no binary .mo files are kept in the repository.
    """
    locale = Locale.parse(lang)
    for candidate in dict.fromkeys((str(locale), locale.language)):
        resource = resources.files("presslate") / "locale" / candidate / "LC_MESSAGES" / f"{UI_DOMAIN}.po"
        if resource.is_file():
            with resource.open("rb") as handle:
                catalog = read_ui_po(handle, locale=candidate, domain=UI_DOMAIN)
            buffer = BytesIO()
            write_mo(buffer, catalog)
            buffer.seek(0)
            return Translations(buffer, domain=UI_DOMAIN)
    return None


def list_separator(locale: Locale, index: int, length: int) -> str:
    """What follows item ``index`` of a ``length``-item list: ", " or " y " per CLDR."""
    if index >= length - 1:
        return ""
    patterns = locale.list_patterns["standard"]
    key = "2" if length == 2 else "end" if index == length - 2 else "start" if index == 0 else "middle"
    return patterns[key].replace("{0}", "", 1).replace("{1}", "", 1)


class _Site:
    """Turns the published versions into the site's files (site-relative path → bytes)."""

    def __init__(self, config: Config, settings: PublishSettings, langs: list[str], report: PublishReport):
        self.config = config
        self.settings = settings
        self.report = report
        self.root = config.root / settings.output
        self.articles_root = (config.root / config.articles_root).resolve()
        self._check_output()
        self.base_url = settings.base_url.rstrip("/") + "/" if settings.base_url else "/"
        if not settings.base_url:
            report.warn("[publish] base_url is not set: hreflang links and sitemap.xml use root-relative URLs, "
                        "but search engines need absolute ones")
        loaders = [PackageLoader("presslate", "templates")]
        if settings.template_dir:
            template_dir = config.root / settings.template_dir
            if not template_dir.is_dir():
                raise ConfigError(f"[publish] template_dir: {template_dir} is not a folder")
            loaders.insert(0, FileSystemLoader(template_dir))
        self.loader = ChoiceLoader(loaders)
        self.langs = {code: self._language(code) for code in langs}
        self.page_paths: dict[Path, dict[str, str]] = {}  # article file → language → page
        self.outputs: dict[str, bytes] = {}

    def _check_output(self) -> None:
        """The site may not hold the project or its articles: its content/ copies would be read back."""
        out = self.root.resolve()
        inside = [self.config.root, self.config.root / self.config.articles_root, *self.config.article_paths()]
        if out.is_relative_to(inside[1].resolve()) or any(p.resolve().is_relative_to(out) for p in inside):
            raise ConfigError(f"[publish] output {self.settings.output!r} overlaps the project or its articles; "
                              "choose a folder of its own, e.g. \"site\"")

    def _language(self, code: str) -> _Language:
        locale = Locale.parse(code)
        translations = ui_translations(code)
        if translations is None:
            self.report.warn(f"presslate has no UI translation for {code}; page labels stay in English")
        env = Environment(
            loader=self.loader,
            autoescape=select_autoescape(("html", "xml")),
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.install_gettext_translations(translations or NullTranslations(), newstyle=True)
        env.globals["list_separator"] = lambda index, length: list_separator(locale, index, length)
        direction = "rtl" if locale.character_order == "right-to-left" else "ltr"
        return _Language(code, bcp47(code), language_name(code), direction, locale, env)

    # -- URLs --------------------------------------------------------------

    def url(self, path: str) -> str:
        """Public URL of a site file; an index is addressed by its folder."""
        return self.base_url + path.removesuffix("index.html")

    @staticmethod
    def href(path: str, current: str) -> str:
        """Link from page ``current`` to ``path``, relative, so the site works from any folder."""
        return posixpath.relpath(path, posixpath.dirname(current) or ".")

    def page_path(self, version: _Version) -> str:
        return f"{self.langs[version.lang].tag}/{version.article.id}.html"

    def links(self, paths: dict[str, str], current: str) -> list[Link]:
        """Links to the same page in every language of ``paths`` (code → path), in site order."""
        return [
            Link(lang.tag, lang.name, self.href(paths[code], current), self.url(paths[code]))
            for code, lang in self.langs.items() if code in paths
        ]

    # -- files ------------------------------------------------------------

    def add(self, path: str, data: bytes) -> None:
        if path in self.outputs and self.outputs[path] != data:
            raise ConfigError(f"two files of the site would be {path}; rename one of the articles")
        self.outputs[path] = data

    def render(self, versions: dict[str, dict[str, _Version]]) -> dict[str, bytes]:
        source = self.config.source
        # Every page's path first: an article may link to any other.
        for article_versions in versions.values():
            article = article_versions[source].article
            self.page_paths[article.path.resolve()] = {code: self.page_path(v) for code, v in article_versions.items()}
        entries: dict[str, list[dict]] = {code: [] for code in self.langs}
        sitemap: list[dict] = []
        for article_versions in versions.values():
            original = article_versions[source]
            paths = self.page_paths[original.article.path.resolve()]
            for code, version in article_versions.items():
                entries[code].append(self.article_page(version, paths, original))
            sitemap.extend(self.sitemap_entries(paths))
        index_paths = {code: f"{self.langs[code].tag}/index.html"
                       for code, items in entries.items() if items or code == source}
        for code, path in index_paths.items():
            self.index_page(code, path, index_paths, entries[code])
        sitemap.extend(self.sitemap_entries(index_paths))
        self.root_page(index_paths)
        self.add("style.css", self.loader.get_source(self.langs[source].env, "style.css")[0].encode("utf-8"))
        self.add("sitemap.xml", self.render_template(source, "sitemap.xml", urls=sitemap).encode("utf-8"))
        return self.outputs

    def sitemap_entries(self, paths: dict[str, str]) -> list[dict]:
        """One sitemap <url> per version, each listing every version and x-default (the source)."""
        alternates = self.links(paths, "")
        x_default = self.url(paths[self.config.source])
        return [{"loc": self.url(path), "alternates": alternates, "x_default": x_default} for path in paths.values()]

    def render_template(self, code: str, name: str, **context) -> str:
        """Render with ``code``'s UI translations; a broken (user) template is a ConfigError."""
        try:
            return self.langs[code].env.get_template(name).render(**context)
        except TemplateSyntaxError as exc:
            raise ConfigError(f"template {exc.filename or name}:{exc.lineno}: {exc.message}") from None
        except TemplateError as exc:
            raise ConfigError(f"template {name}: {exc}") from None

    def page(self, code: str, name: str, path: str, x_default_path: str, **context) -> None:
        """An HTML page with what every template gets: language, direction, links home and to CSS."""
        lang = self.langs[code]
        html = self.render_template(
            code, name, lang=lang.tag, dir=lang.dir, site_title=self.settings.site_title,
            stylesheet=self.href("style.css", path), home=self.href(f"{lang.tag}/index.html", path),
            canonical=self.url(path), x_default=self.url(x_default_path), **context,
        )
        self.add(path, html.encode("utf-8"))

    def article_page(self, version: _Version, paths: dict[str, str], source: _Version) -> dict:
        """Write the page and the Hugo/Jekyll source of ``version``; return its index entry."""
        code, article = version.lang, version.article
        path = paths[code]
        parts = self.html_parts(version, path) if article.doc.format == "html" else self.markdown_parts(version, path)
        title = parts.title or article.id
        date = parts.date
        date_text = format_date(date, "long", locale=self.langs[code].locale) if date else ""
        alternates = self.links(paths, path)
        self.page(
            code, "article.html", path,
            title=title, description=parts.description,
            date=date.isoformat() if date else "", date_text=date_text, meta=parts.meta,
            content=parts.content,
            alternates=alternates, translations=[a for a in alternates if a.lang != self.langs[code].tag],
            machine_translation=version.engine, x_default_path=paths[self.config.source],
        )
        self.add_content_file(version, source, parts.content_file)
        newest_first = (-date.toordinal() if date else 1, title.casefold(), path)
        return {"title": title, "path": path, "date": date.isoformat() if date else "", "date_text": date_text,
                "description": _text(parts.meta.get("description")), "sort": newest_first}

    def markdown_parts(self, version: _Version, path: str) -> _Parts:
        """A Markdown version: title, date and description from its front matter, a leading h1 dropped."""
        meta, body = split_front_matter(version.text, version.article.reference)
        md_env: dict = {}
        tokens = _MD.parse(body, md_env)
        heading = ""
        if len(tokens) >= 3 and tokens[0].type == "heading_open" and tokens[0].tag == "h1":
            heading = "".join(t.content for t in tokens[1].children or [] if t.type in ("text", "code_inline"))
            tokens = tokens[3:]  # the template shows the title
        self.rewrite_local_urls(tokens, version, path)
        return _Parts(
            title=_text(meta.get("title")) or heading, date=_date(meta.get("date")),
            description=_text(meta.get("description")) or _text(meta.get("summary")), meta=meta,
            content=Markup(_MD.renderer.render(tokens, _MD.options, md_env)), content_file=version.text,
        )

    def html_parts(self, version: _Version, path: str) -> _Parts:
        """An HTML version (a whole document): see :func:`read_html_article` for what comes from where."""
        article = read_html_article(version.text)
        text = version.text
        edits = [(start, end, "") for start, end in article.dropped]
        for attr in article.urls:
            url = html.unescape(text[attr.value_start : attr.value_end])
            new = self.local_url(url, version, path)
            if new is not None:
                edits.append((attr.value_start - len(attr.quote), attr.value_end + len(attr.quote),
                              f'"{html.escape(new, quote=True)}"'))
        pieces, pos = [], article.start
        for start, end, replacement in sorted(edits):
            pieces += [text[pos:start], replacement]
            pos = end
        pieces.append(text[pos : article.end])
        content = "".join(pieces).strip()
        front = {k: v for k, v in (("title", article.title), ("description", article.meta.get("description", "")),
                                   ("date", article.date.isoformat() if article.date else ""),
                                   ("author", article.meta.get("author", ""))) if v}
        head = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in front.items())
        body = text[article.start : article.end].strip()  # as written: like the Markdown, links unchanged
        return _Parts(
            title=article.title, date=article.date, description=article.meta.get("description", ""),
            meta=article.meta, content=Markup(content + "\n" if content else ""),
            content_file=f"---\n{head}---\n{body}\n",
        )

    def index_page(self, code: str, path: str, index_paths: dict[str, str], entries: list[dict]) -> None:
        """A language's list of articles, newest first."""
        articles = [dict(e, href=self.href(e["path"], path)) for e in sorted(entries, key=lambda e: e["sort"])]
        alternates = self.links(index_paths, path)
        self.page(code, "index.html", path, title=self.settings.site_title, description="", articles=articles,
                  alternates=alternates, translations=[a for a in alternates if a.lang != self.langs[code].tag],
                  x_default_path=index_paths[self.config.source])

    def root_page(self, index_paths: dict[str, str]) -> None:
        """The site root: a choice of languages, each named in itself."""
        source = self.config.source
        self.page(source, "languages.html", "index.html", title=self.settings.site_title, description="",
                  languages=self.links(index_paths, "index.html"), alternates=[], x_default_path=index_paths[source])

    def add_content_file(self, version: _Version, source: _Version, text: str) -> None:
        """The localized source for a Hugo/Jekyll content folder: content/<lang>/<article path>."""
        suffix = version.article.path.suffix
        keys = {"lang": self.langs[version.lang].tag, "translationKey": version.article.id}
        if version is not source:
            keys["translation_of"] = f"{self.langs[source.lang].tag}/{source.article.id}{suffix}"
        text = with_front_matter_keys(text, keys)
        self.add(f"content/{self.langs[version.lang].tag}/{version.article.id}{suffix}", text.encode("utf-8"))

    def rewrite_local_urls(self, tokens, version: _Version, path: str) -> None:
        """Point the relative links and images of Markdown ``tokens`` at their published copies."""
        for token in _walk(tokens):
            attr = "src" if token.type == "image" else "href" if token.type == "link_open" else None
            new = self.local_url(token.attrGet(attr), version, path) if attr else None
            if new is not None:
                token.attrSet(attr, new)

    def local_url(self, url: str | None, version: _Version, path: str) -> str | None:
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
            self.report.warn(f"{version.article.reference}: {url} does not exist; left as written")
            return None
        if target in self.page_paths:
            pages = self.page_paths[target]
            published = pages.get(version.lang) or pages[self.config.source]
        else:
            published = "media/" + target.relative_to(self.articles_root).as_posix()
            self.add(published, target.read_bytes())
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        return self.href(published, path) + fragment


@dataclass
class HtmlArticle:
    """What a page takes from an HTML article; offsets are into its text."""

    start: int  # the content: text[start:end]
    end: int
    title: str
    date: dt.date | None
    meta: dict[str, str]  # <meta name|property> → content, first of each
    dropped: list[tuple[int, int]] = field(default_factory=list)  # the <h1> the page shows as its title
    urls: list = field(default_factory=list)  # URL attributes in the content, as the tokenizer found them


def read_html_article(text: str) -> HtmlArticle:
    """Title, date, description and content of an HTML article.

    * Content: the inside of the first ``<main>``, else of the first
      ``<article>``, else of ``<body>``; with none of them, the document after
      its head (doctype, ``<html>``, ``<head>``, ``<title>``, ``<meta>``,
      ``<link>``, ``<base>``), up to ``</body>`` or ``</html>``.
    * Title: ``<title>``, else the first ``<h1>`` of the content.  That
      ``<h1>`` is dropped from the content either way: the page shows the
      title as its heading, as for a Markdown article's leading ``# heading``.
    * Description: ``<meta name="description">`` (or ``og:description``).
    * Date: ``<meta name="date">``, else ``<meta property="article:published_time">``,
      else the first ``<time datetime>``; ISO 8601.  ``<meta name="author">`` shows in the byline.
    """
    tokens = list(_tokens(text))
    meta: dict[str, str] = {}
    title: str | None = None
    time_value: str | None = None
    first: dict[str, int] = {}  # element → index of its first start tag
    foreign = 0  # inside <svg> or <math>, whose <title> is not the page's
    for i, (kind, _start, _end, tag) in enumerate(tokens):
        if kind != _TAG:
            continue
        if tag.name in ("svg", "math") and not tag.self_closing:
            foreign += -1 if tag.closing else 1
        if tag.closing:
            continue
        first.setdefault(tag.name, i)
        if tag.name == "title" and title is None and not foreign:
            raw = tokens[i + 1] if i + 1 < len(tokens) and tokens[i + 1][0] == _RAW else None
            title = _collapse(html.unescape(text[raw[1] : raw[2]])) if raw else ""
        elif tag.name == "meta":
            name = (tag.value(text, "name") or tag.value(text, "property") or "").strip().lower()
            content = tag.value(text, "content")
            if name and content is not None:
                meta.setdefault(name, _collapse(html.unescape(content)))
        elif tag.name == "time" and time_value is None and tag.value(text, "datetime"):
            time_value = html.unescape(tag.value(text, "datetime"))
    if "description" not in meta and meta.get("og:description"):
        meta["description"] = meta["og:description"]

    name = next((n for n in ("main", "article", "body") if n in first), None)
    if name is not None:
        begin = first[name] + 1
        stop = _element_end(tokens, first[name], name)
    else:
        begin = 0
        while begin < len(tokens) and _head_token(text, tokens[begin]):
            begin += 1
        stop = next((i for i in range(begin, len(tokens)) if tokens[i][0] == _TAG and tokens[i][3].closing
                     and tokens[i][3].name in ("body", "html")), len(tokens))
    start = tokens[begin][1] if begin < len(tokens) else len(text)
    end = tokens[stop][1] if stop < len(tokens) else len(text)

    article = HtmlArticle(start, end, title or "", None, meta)
    heading = next((i for i in range(begin, stop) if tokens[i][0] == _TAG and tokens[i][3].name == "h1"
                    and not tokens[i][3].closing), None)
    if heading is not None:
        close = _element_end(tokens, heading, "h1")
        close_end = tokens[close][2] if close < len(tokens) else len(text)
        if not article.title:
            article.title = _collapse(html.unescape("".join(
                text[s:e] for kind, s, e, _tag in tokens[heading + 1 : close] if kind == _TEXT)))
        article.dropped.append((tokens[heading][1], min(close_end, end)))
    for kind, _s, _e, tag in tokens[begin:stop]:
        if kind == _TAG and not tag.closing and tag.name in _URL_ATTRIBUTES:
            article.urls += [a for a in tag.attrs if a.name in _URL_ATTRIBUTES[tag.name] and a.value_start is not None]
    article.urls = [a for a in article.urls if not any(s <= a.value_start < e for s, e in article.dropped)]
    article.date = _date(meta.get("date")) or _date(meta.get("article:published_time")) or _date(time_value)
    return article


def _element_end(tokens: list, index: int, name: str) -> int:
    """Index of the end tag closing the element that starts at ``tokens[index]`` (nesting counted),
    else of the enclosing ``</body>``/``</html>``, else ``len(tokens)``."""
    depth = 0
    for i in range(index + 1, len(tokens)):
        kind, _start, _end, tag = tokens[i]
        if kind != _TAG or tag.self_closing:
            continue
        if tag.name == name:
            if not tag.closing:
                depth += 1
            elif depth == 0:
                return i
            else:
                depth -= 1
        elif tag.closing and tag.name in ("body", "html"):
            return i
    return len(tokens)


def _head_token(text: str, token: tuple) -> bool:
    """Whether ``token`` belongs to a document's head (or is blank), before its content."""
    kind, start, end, tag = token
    if kind == _TEXT:
        return not text[start:end].strip()
    return kind in (_DOCTYPE, _COMMENT) or (kind in (_TAG, _RAW) and tag.name in _HEAD_TAGS)


def _collapse(value: str) -> str:
    return " ".join(value.split())


def _walk(tokens):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _date(value) -> dt.date | None:
    """A front-matter date: YAML/TOML dates and datetimes, or an ISO 8601 string."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
        except ValueError:
            return None
    return None


def split_front_matter(text: str, reference: str) -> tuple[dict, str]:
    """Front-matter values and the Markdown body of a localized article."""
    lines = text.splitlines(keepends=True)
    opener = lines[0].rstrip("\r\n") if lines else ""
    if opener not in _FENCES:
        return {}, text
    for end in range(1, len(lines)):
        if lines[end].rstrip("\r\n") in _FENCES[opener]:
            raw = "".join(lines[1:end])
            try:
                data = YAML(typ="safe", pure=True).load(StringIO(raw)) if opener == "---" else tomllib.loads(raw)
            except (YAMLError, tomllib.TOMLDecodeError) as exc:
                raise InputError(reference, None, f"localized front matter does not parse: {exc}") from None
            return (data if isinstance(data, dict) else {}), "".join(lines[end + 1 :])
    return {}, text


def with_front_matter_keys(text: str, keys: dict[str, str]) -> str:
    """``text`` with the ``keys`` its front matter lacks added (a front matter is created if
    there is none); keys the author already set, and every other line, stay as they are."""
    lines = text.splitlines(keepends=True)
    opener = lines[0].rstrip("\r\n") if lines else ""
    if opener not in _FENCES:
        head = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in keys.items())
        return f"---\n{head}---\n{text}"
    newline = lines[0][len(opener):] or "\n"
    separator = ": " if opener == "---" else " = "
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r\n") in _FENCES[opener]), len(lines))
    # New TOML keys go before the first [table], or they would land inside it.
    insert_at = next((i for i in range(1, end) if opener == "+++" and lines[i].lstrip().startswith("[")), end)
    present = re.compile(rf"([A-Za-z_][\w\-]*)[ \t]*{separator.strip()}")
    existing = {m.group(1) for line in lines[1:insert_at] if (m := present.match(line))}
    added = [f"{k}{separator}{json.dumps(v, ensure_ascii=False)}{newline}" for k, v in keys.items() if k not in existing]
    return "".join([*lines[:insert_at], *added, *lines[insert_at:]])


# -- writing ---------------------------------------------------------------------


def _write(outputs: dict[str, bytes], root: Path, force: bool, report: PublishReport) -> None:
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
