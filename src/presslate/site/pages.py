"""The site's pages: articles, per-language indexes, the language choice, style and sitemap,
rendered with Jinja2 templates (package ``templates/`` or ``[publish] template_dir``)."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from babel import Locale
from babel.dates import format_date
from babel.support import NullTranslations
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, TemplateError, TemplateSyntaxError, select_autoescape
from markupsafe import Markup

from presslate.config import Config, bcp47, og_locale
from presslate.errors import ConfigError
from presslate.formats.markdown import markdown_parser
from presslate.site.bundles import article_folders, content_layout
from presslate.site.html_article import read_html_article
from presslate.site.links import Links
from presslate.site.policy import PublishReport, PublishSettings, Version
from presslate.site.sources import parse_date, split_front_matter, text_value, with_front_matter_keys, without_lines
from presslate.site.ui import Language, language_name, list_separator, ui_translations

_MD = markdown_parser()


@dataclass
class Parts:
    """What a page shows of a version, however its format stores it."""

    title: str  # "" when the article has none: the page then uses the article id
    date: dt.date | None
    description: str
    meta: dict  # front matter, or an HTML article's <meta name> values (``author`` shows in the byline)
    content: Markup  # the body as HTML, local links pointing at their published copies
    content_file: str  # what content/ holds before presslate's keys are added
    dateline: bool = False  # the content shows the date itself (an HTML article's byline): the page does not repeat it


@dataclass
class Rendered:
    """One article's files and what the site's other pages need of it."""

    outputs: dict[str, bytes]  # site-relative path → bytes: pages, content/ sources, copied media
    listing: dict[str, list[str]]  # language → [title, date (ISO), date as shown, description], for the indexes
    deps: dict[str, str]  # what its links depend on (see links.target_fingerprint)
    warnings: list[str]


class LazyList(Sequence):
    """A list for templates whose items are made as the template reads them."""

    def __init__(self, items: Callable[[], Iterable], length: int):
        self._items = items
        self._length = length

    def __iter__(self):
        return iter(self._items())

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):
        return list(self._items())[index]


class Site:
    """Turns the published versions into the site's files (site-relative path → bytes)."""

    def __init__(self, config: Config, settings: PublishSettings, langs: list[str], report: PublishReport):
        self.config = config
        self.settings = settings
        self.report = report
        self.root = config.root / settings.output
        self._check_output()
        if not settings.base_url:
            report.warn("[publish] base_url is not set: hreflang links and sitemap.xml use root-relative URLs, "
                        "but search engines need absolute ones")
        loaders = [PackageLoader("presslate.site", "templates")]
        if settings.template_dir:
            template_dir = config.root / settings.template_dir
            if not template_dir.is_dir():
                raise ConfigError(f"[publish] template_dir: {template_dir} is not a folder")
            loaders.insert(0, FileSystemLoader(template_dir))
        self.loader = ChoiceLoader(loaders)
        self.langs = {code: self._language(code) for code in langs}
        self.outputs: dict[str, bytes] = {}
        self.warnings: list[str] = []
        self.folders = article_folders(())  # how many articles each folder holds: which can be Hugo bundles
        self.content_files: dict[str, str] = {}  # language → the localized source of the article being rendered
        self.links = Links(settings.base_url.rstrip("/") + "/" if settings.base_url else "/", self.langs, config.source,
                           (config.root / config.articles_root).resolve(), self.add, self.warn)

    def _check_output(self) -> None:
        """The site may not hold the project or its articles: its content/ copies would be read back."""
        out = self.root.resolve()
        inside = [self.config.root, self.config.root / self.config.articles_root, *self.config.article_paths()]
        if out.is_relative_to(inside[1].resolve()) or any(p.resolve().is_relative_to(out) for p in inside):
            raise ConfigError(f"[publish] output {self.settings.output!r} overlaps the project or its articles; "
                              "choose a folder of its own, e.g. \"site\"")

    def _language(self, code: str) -> Language:
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
        return Language(code, bcp47(code), language_name(code), direction, locale, env)

    # -- files ------------------------------------------------------------

    def add(self, path: str, data: bytes) -> None:
        if path in self.outputs and self.outputs[path] != data:
            raise ConfigError(f"two files of the site would be {path}; rename one of the articles")
        self.outputs[path] = data

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def render_article(self, versions: dict[str, Version]) -> Rendered:
        """The files of one article's published ``versions`` (its pages must be known to ``links``).

        Raises :class:`~presslate.site.links.Deferred` when it links to an
        article whose pages are not known yet.
        """
        original = versions[self.config.source]
        paths = self.links.page_paths[original.article.path.resolve()]
        self.outputs, self.warnings, self.links.deps, self.links.files, self.content_files = {}, [], {}, {}, {}
        declared = _declared_og_locale(original)
        listing = {}
        for code, version in versions.items():
            entry = self.article_page(version, paths, original, declared)
            listing[code] = [entry["title"], entry["date"], entry["date_text"], entry["description"]]
        # Only what the source links: a translation cannot add a file.
        layout = content_layout(original.article.id, original.article.path.suffix,
                                self.links.files.get(self.config.source, {}), self.folders)
        for message in layout.warnings:
            self.warn(f"{original.article.reference}: {message}")
        for code, version in versions.items():
            self.add_content_file(version, original, self.content_files[code], layout.path)
        for rel, target in layout.files.items():
            data = target.read_bytes()
            for code in versions:
                self.add(f"content/{self.langs[code].tag}/{rel}", data)
        return Rendered(self.outputs, listing, self.links.deps, self.warnings)

    def index_paths(self, listings: list[tuple[str, dict[str, list[str]]]]) -> dict[str, str]:
        """The language indexes: a language's when it has an article, the source's always."""
        used = {code for _, listing in listings for code in listing}
        return {code: f"{lang.tag}/index.html" for code, lang in self.langs.items()
                if code in used or code == self.config.source}

    def index_rows(self, code: str, listings: list[tuple[str, dict[str, list[str]]]]) -> list[tuple]:
        """A language's index entries (``listings``: article id → language → listing record), newest
        first: (sort key, title, page, date, date text, description)."""
        tag = self.langs[code].tag
        rows = []
        for article_id, listing in listings:
            if code in listing:
                title, date, date_text, description = listing[code]
                page = f"{tag}/{article_id}.html"
                rows.append(((-dt.date.fromisoformat(date).toordinal() if date else 1, title.casefold(), page),
                             title, page, date, date_text, description))
        rows.sort(key=lambda row: row[0])
        return rows

    def index_page_paths(self, code: str, count: int) -> list[str]:
        """The pages of a language's index holding ``count`` articles: ``es/index.html``, then, as
        Hugo names them, ``es/page/2/index.html``, … (``[publish] per_page`` articles a page)."""
        per_page = self.settings.per_page
        pages = -(-count // per_page) if per_page else 1
        tag = self.langs[code].tag
        return [f"{tag}/index.html", *(f"{tag}/page/{n}/index.html" for n in range(2, pages + 1))]

    def index_page(self, code: str, paths: list[str], number: int, index_paths: dict[str, str],
                   rows: list[tuple]) -> Iterator[str]:
        """Page ``number`` (from 1) of a language's index (its ``paths``), listing ``rows``."""
        path = paths[number - 1]

        def entry(row) -> dict:
            sort, title, page, date, date_text, description = row
            return {"title": title, "path": page, "date": date, "date_text": date_text, "description": description,
                    "sort": sort, "href": self.links.href(page, path)}

        def link(n: int) -> dict | None:
            return {"number": n, "href": self.links.href(paths[n - 1], path)} if 1 <= n <= len(paths) else None

        pagination = {"number": number, "total": len(paths), "newer": link(number - 1), "older": link(number + 1)}
        # Only the first pages are the same page in every language (later pages list other articles).
        alternates = self.links.alternates(index_paths, path) if number == 1 else []
        return self.page(code, "index.html", path, title=self.settings.title_for(code, self.config.source), description="",
                         articles=LazyList(lambda: map(entry, rows), len(rows)), pagination=pagination,
                         alternates=alternates, translations=[a for a in alternates if a.lang != self.langs[code].tag],
                         x_default_path=index_paths[self.config.source] if number == 1 else path)

    def root_page(self, index_paths: dict[str, str]) -> Iterator[str]:
        """The site root: a choice of languages, each named in itself."""
        source = self.config.source
        return self.page(source, "languages.html", "index.html", title=self.settings.title_for(source, source), description="",
                         languages=self.links.alternates(index_paths, "index.html"), alternates=[],
                         x_default_path=index_paths[source])

    def style(self) -> bytes:
        return self.loader.get_source(self.langs[self.config.source].env, "style.css")[0].encode("utf-8")

    def sitemap_groups(self, listings: list[tuple[str, dict[str, list[str]]]],
                       index_paths: dict[str, str]) -> list[list[dict[str, str]]]:
        """The site's pages (code → path per article, then the indexes) in sitemap files: one file
        while the site fits the protocol's limits, else as many as it takes (:func:`sitemap_split`)."""
        pages = [{code: f"{self.langs[code].tag}/{article_id}.html" for code in listing}
                 for article_id, listing in listings if listing]
        return sitemap_split([*pages, index_paths], len(self.links.base_url))

    def sitemap(self, groups: list[dict[str, str]]) -> Iterator[str]:
        """A sitemap file: every version of every page of ``groups``, each with its alternates."""
        def urls():
            for paths in groups:
                yield from self.links.sitemap_entries(paths)

        return self.stream_template(self.config.source, "sitemap.xml",
                                    urls=LazyList(urls, sum(len(paths) for paths in groups)))

    def sitemap_index(self, files: list[str]) -> Iterator[str]:
        """sitemap.xml of a site too big for one sitemap: the sitemap index listing ``files``."""
        return self.stream_template(self.config.source, "sitemap_index.xml",
                                    sitemaps=[self.links.url(name) for name in files])

    def render_template(self, code: str, name: str, **context) -> str:
        """Render with ``code``'s UI translations; a broken (user) template is a ConfigError."""
        return "".join(self.stream_template(code, name, **context))

    def stream_template(self, code: str, name: str, **context) -> Iterator[str]:
        """The rendered template in pieces, so a big page never has to be one string."""
        try:
            template = self.langs[code].env.get_template(name)
        except TemplateSyntaxError as exc:
            raise ConfigError(f"template {exc.filename or name}:{exc.lineno}: {exc.message}") from None
        except TemplateError as exc:
            raise ConfigError(f"template {name}: {exc}") from None
        return _template_errors(template.generate(**context), name)

    def page(self, code: str, name: str, path: str, x_default_path: str, og_declared: str | None = None,
             **context) -> Iterator[str]:
        """An HTML page with what every template gets: language, direction, links home and to CSS,
        and Open Graph locales: the page's, and those of its other versions (``alternates``)."""
        lang = self.langs[code]
        own = og_locale(lang.tag, og_declared)
        others = (og_locale(a.lang, og_declared) for a in context.get("alternates", ()))
        return self.stream_template(
            code, name, lang=lang.tag, dir=lang.dir, site_title=self.settings.title_for(code, self.config.source),
            stylesheet=self.links.href("style.css", path), home=self.links.href(f"{lang.tag}/index.html", path),
            canonical=self.links.url(path), x_default=self.links.url(x_default_path),
            og_locale=own, og_locale_alternates=list(dict.fromkeys(o for o in others if o != own)), **context,
        )

    def article_page(self, version: Version, paths: dict[str, str], source: Version, og_declared: str | None = None) -> dict:
        """Write the page of ``version`` and keep its Hugo/Jekyll source for :meth:`render_article`; return
        its index entry.

        ``og_declared``: the source article's own ``og:locale``, which its versions' locales follow.
        """
        code, article = version.lang, version.article
        path = paths[code]
        parts = self.html_parts(version, path) if article.doc.format == "html" else self.markdown_parts(version, path)
        title = parts.title or article.id
        date = parts.date
        date_text = format_date(date, "long", locale=self.langs[code].locale) if date else ""
        alternates = self.links.alternates(paths, path)
        page = self.page(
            code, "article.html", path,
            title=title, description=parts.description,
            date=date.isoformat() if date else "", date_text=date_text, meta=parts.meta,
            content=parts.content, byline_in_content=parts.dateline,
            alternates=alternates, translations=[a for a in alternates if a.lang != self.langs[code].tag],
            machine_translation=version.engine, x_default_path=paths[self.config.source], og_declared=og_declared,
        )
        self.add(path, "".join(page).encode("utf-8"))
        self.content_files[code] = parts.content_file
        newest_first = (-date.toordinal() if date else 1, title.casefold(), path)
        return {"title": title, "path": path, "date": date.isoformat() if date else "", "date_text": date_text,
                "description": text_value(parts.meta.get("description")), "sort": newest_first}

    def markdown_parts(self, version: Version, path: str) -> Parts:
        """A Markdown version: title, date and description from its front matter, a leading h1 dropped."""
        meta, body = split_front_matter(version.text, version.article.reference)
        md_env: dict = {}
        tokens = _MD.parse(body, md_env)
        heading, content_file = "", version.text
        if len(tokens) >= 3 and tokens[0].type == "heading_open" and tokens[0].tag == "h1":
            heading = "".join(t.content for t in tokens[1].children or [] if t.type in ("text", "code_inline"))
            # Hugo and Jekyll themes show the front-matter title: the source for them has it there only.
            title = text_value(meta.get("title"))
            if tokens[0].map and (not title or " ".join(title.split()) == " ".join(heading.split())):
                content_file = without_lines(version.text, body, *tokens[0].map)
                if not title and heading.strip():
                    content_file = with_front_matter_keys(content_file, {"title": " ".join(heading.split())})
            tokens = tokens[3:]  # the template shows the title
        self.links.rewrite_markdown(tokens, version, path)
        return Parts(
            title=text_value(meta.get("title")) or heading, date=parse_date(meta.get("date")),
            description=text_value(meta.get("description")) or text_value(meta.get("summary")), meta=meta,
            content=Markup(_MD.renderer.render(tokens, _MD.options, md_env)), content_file=content_file,
        )

    def html_parts(self, version: Version, path: str) -> Parts:
        """An HTML version (a whole document): see :func:`read_html_article` for what comes from where."""
        article = read_html_article(version.text)
        text = version.text
        edits = [(start, end, "") for start, end in article.dropped]
        if article.dateline and article.dateline[1] is not None:  # the byline's date, as this page's language writes it
            date_text = format_date(article.date, "long", locale=self.langs[version.lang].locale)
            edits.append((*article.dateline, html.escape(date_text, quote=False)))
        for kind, attr in article.urls:
            value = html.unescape(text[attr.value_start : attr.value_end])
            new = self.links.rewrite_value(kind, value, version, path)
            if new is not None:
                edits.append((attr.value_start - len(attr.quote), attr.value_end + len(attr.quote),
                              _attribute_value(new, attr.quote)))
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
        body = text[article.start : article.end]  # as written: like the Markdown, links unchanged
        if article.dropped and article.heading == article.title:  # the title in front matter only, as for Markdown
            (start, end), = article.dropped
            body = text[article.start : start] + text[end : article.end]
        body = body.strip()
        return Parts(
            title=article.title, date=article.date, description=article.meta.get("description", ""),
            meta=article.meta, content=Markup(content + "\n" if content else ""),
            content_file=f"---\n{head}---\n{body}\n", dateline=article.dateline is not None,
        )

    def add_content_file(self, version: Version, source: Version, text: str, path: str) -> None:
        """The localized source for a Hugo/Jekyll content folder: content/<lang>/``path``, the article's
        path or its Hugo leaf bundle's index (:mod:`presslate.site.bundles`)."""
        keys = {"lang": self.langs[version.lang].tag, "translationKey": version.article.id}
        if version is not source:
            keys["translation_of"] = f"{self.langs[source.lang].tag}/{path}"
        text = with_front_matter_keys(text, keys)
        self.add(f"content/{self.langs[version.lang].tag}/{path}", text.encode("utf-8"))


def _template_errors(chunks: Iterator[str], name: str) -> Iterator[str]:
    try:
        yield from chunks
    except TemplateSyntaxError as exc:
        raise ConfigError(f"template {exc.filename or name}:{exc.lineno}: {exc.message}") from None
    except TemplateError as exc:
        raise ConfigError(f"template {name}: {exc}") from None


def _attribute_value(value: str, quote: str) -> str:
    """``value`` as a quoted attribute value, in the source's quotes (double for an unquoted one)."""
    quote = quote or '"'
    return quote + value.replace("&", "&amp;").replace(quote, "&quot;" if quote == '"' else "&#39;") + quote


def _declared_og_locale(source: Version) -> str | None:
    """An HTML article's own ``og:locale`` (Markdown articles declare none)."""
    if source.article.doc.format != "html":
        return None
    from presslate.formats.html import declared_og_locale

    return declared_og_locale(source.article.doc)


# sitemaps.org: a sitemap file lists at most 50,000 URLs and is at most 50 MB (52,428,800 bytes)
# uncompressed; a bigger site gets a sitemap index listing several files.
SITEMAP_URLS = 50_000
SITEMAP_BYTES = 50 * 1024 * 1024


def sitemap_split(groups: list[dict[str, str]], base_length: int) -> list[list[dict[str, str]]]:
    """``groups`` (the versions of one page each, kept together) in runs that each fit one
    sitemap file, in order.  A file's size is over-estimated from its paths' lengths: every
    version's ``<url>`` repeats a link to every version (URL escaping can triple a path)."""
    files: list[list[dict[str, str]]] = [[]]
    urls = size = 0
    for paths in groups:
        longest = base_length + 3 * max(map(len, paths.values()), default=0) + 70
        group_size = len(paths) * (len(paths) + 3) * longest
        if files[-1] and (urls + len(paths) > SITEMAP_URLS or size + group_size > SITEMAP_BYTES - 1024):
            files.append([])
            urls = size = 0
        files[-1].append(paths)
        urls += len(paths)
        size += group_size
    return files
