"""The site's pages: articles, per-language indexes, the language choice, style and sitemap,
rendered with Jinja2 templates (package ``templates/`` or ``[publish] template_dir``)."""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass

from babel import Locale
from babel.dates import format_date
from babel.support import NullTranslations
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, TemplateError, TemplateSyntaxError, select_autoescape
from markupsafe import Markup

from presslate.config import Config, bcp47, og_locale
from presslate.errors import ConfigError
from presslate.formats.markdown import markdown_parser
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
        self.links = Links(settings.base_url.rstrip("/") + "/" if settings.base_url else "/", self.langs, config.source,
                           (config.root / config.articles_root).resolve(), self.add, report.warn)

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

    def render(self, versions: dict[str, dict[str, Version]]) -> dict[str, bytes]:
        source = self.config.source
        # Every page's path first: an article may link to any other.
        for article_versions in versions.values():
            article = article_versions[source].article
            self.links.page_paths[article.path.resolve()] = {code: self.links.page_path(v) for code, v in article_versions.items()}
        entries: dict[str, list[dict]] = {code: [] for code in self.langs}
        sitemap: list[dict] = []
        for article_versions in versions.values():
            original = article_versions[source]
            paths = self.links.page_paths[original.article.path.resolve()]
            declared = _declared_og_locale(original)
            for code, version in article_versions.items():
                entries[code].append(self.article_page(version, paths, original, declared))
            sitemap.extend(self.links.sitemap_entries(paths))
        index_paths = {code: f"{self.langs[code].tag}/index.html"
                       for code, items in entries.items() if items or code == source}
        for code, path in index_paths.items():
            self.index_page(code, path, index_paths, entries[code])
        sitemap.extend(self.links.sitemap_entries(index_paths))
        self.root_page(index_paths)
        self.add("style.css", self.loader.get_source(self.langs[source].env, "style.css")[0].encode("utf-8"))
        self.add("sitemap.xml", self.render_template(source, "sitemap.xml", urls=sitemap).encode("utf-8"))
        return self.outputs


    def render_template(self, code: str, name: str, **context) -> str:
        """Render with ``code``'s UI translations; a broken (user) template is a ConfigError."""
        try:
            return self.langs[code].env.get_template(name).render(**context)
        except TemplateSyntaxError as exc:
            raise ConfigError(f"template {exc.filename or name}:{exc.lineno}: {exc.message}") from None
        except TemplateError as exc:
            raise ConfigError(f"template {name}: {exc}") from None

    def page(self, code: str, name: str, path: str, x_default_path: str, og_declared: str | None = None,
             **context) -> None:
        """An HTML page with what every template gets: language, direction, links home and to CSS,
        and Open Graph locales: the page's, and those of its other versions (``alternates``)."""
        lang = self.langs[code]
        own = og_locale(lang.tag, og_declared)
        others = (og_locale(a.lang, og_declared) for a in context.get("alternates", ()))
        html = self.render_template(
            code, name, lang=lang.tag, dir=lang.dir, site_title=self.settings.title_for(code, self.config.source),
            stylesheet=self.links.href("style.css", path), home=self.links.href(f"{lang.tag}/index.html", path),
            canonical=self.links.url(path), x_default=self.links.url(x_default_path),
            og_locale=own, og_locale_alternates=list(dict.fromkeys(o for o in others if o != own)), **context,
        )
        self.add(path, html.encode("utf-8"))

    def article_page(self, version: Version, paths: dict[str, str], source: Version, og_declared: str | None = None) -> dict:
        """Write the page and the Hugo/Jekyll source of ``version``; return its index entry.

        ``og_declared``: the source article's own ``og:locale``, which its versions' locales follow.
        """
        code, article = version.lang, version.article
        path = paths[code]
        parts = self.html_parts(version, path) if article.doc.format == "html" else self.markdown_parts(version, path)
        title = parts.title or article.id
        date = parts.date
        date_text = format_date(date, "long", locale=self.langs[code].locale) if date else ""
        alternates = self.links.alternates(paths, path)
        self.page(
            code, "article.html", path,
            title=title, description=parts.description,
            date=date.isoformat() if date else "", date_text=date_text, meta=parts.meta,
            content=parts.content, byline_in_content=parts.dateline,
            alternates=alternates, translations=[a for a in alternates if a.lang != self.langs[code].tag],
            machine_translation=version.engine, x_default_path=paths[self.config.source], og_declared=og_declared,
        )
        self.add_content_file(version, source, parts.content_file)
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

    def index_page(self, code: str, path: str, index_paths: dict[str, str], entries: list[dict]) -> None:
        """A language's list of articles, newest first."""
        articles = [dict(e, href=self.links.href(e["path"], path)) for e in sorted(entries, key=lambda e: e["sort"])]
        alternates = self.links.alternates(index_paths, path)
        self.page(code, "index.html", path, title=self.settings.title_for(code, self.config.source), description="", articles=articles,
                  alternates=alternates, translations=[a for a in alternates if a.lang != self.langs[code].tag],
                  x_default_path=index_paths[self.config.source])

    def root_page(self, index_paths: dict[str, str]) -> None:
        """The site root: a choice of languages, each named in itself."""
        source = self.config.source
        self.page(source, "languages.html", "index.html", title=self.settings.title_for(source, source), description="",
                  languages=self.links.alternates(index_paths, "index.html"), alternates=[], x_default_path=index_paths[source])

    def add_content_file(self, version: Version, source: Version, text: str) -> None:
        """The localized source for a Hugo/Jekyll content folder: content/<lang>/<article path>."""
        suffix = version.article.path.suffix
        keys = {"lang": self.langs[version.lang].tag, "translationKey": version.article.id}
        if version is not source:
            keys["translation_of"] = f"{self.langs[source.lang].tag}/{source.article.id}{suffix}"
        text = with_front_matter_keys(text, keys)
        self.add(f"content/{self.langs[version.lang].tag}/{version.article.id}{suffix}", text.encode("utf-8"))


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
