"""The publish policy: which versions of an article the site shows.

The source always; a translation if it has a PO file and enough of its words
are reviewed (``[publish] min_reviewed``), with unreviewed machine
translation filling the rest only with ``allow_machine`` (the page then says
so and names the engine).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from presslate.catalog.pofile import read_po
from presslate.config import CONFIG_NAME, Config, bcp47, normalize_language
from presslate.errors import ConfigError
from presslate.report import Refusal, Report, counted, refused_summary
from presslate.review.progress import format_percent
from presslate.workflow.articles import Article
from presslate.workflow.build import localize

MT_HEADER = "X-Machine-Translation"
PUBLISHED_FORMATS = ("markdown", "mdx", "html")


@dataclass
class PublishSettings:
    """The ``[publish]`` table of presslate.toml."""

    output: str = "site"
    min_reviewed: float = 100.0
    allow_machine: bool = False
    site_title: str | dict[str, str] = "News"  # one title, or a table: language → title
    base_url: str = ""
    template_dir: str = ""
    per_page: int = 50  # articles on one page of a language index; 0: all on one page

    def title_for(self, lang: str, source: str) -> str:
        """The site title in ``lang``: its entry of a ``site_title`` table, else the source language's."""
        if isinstance(self.site_title, str):
            return self.site_title
        return self.site_title.get(lang) or self.site_title[source]


def load_settings(config: Config) -> PublishSettings:
    """Read ``[publish]`` from presslate.toml; unknown keys are errors, so typos do not pass silently."""
    path = config.root / CONFIG_NAME
    table = tomllib.loads(path.read_text(encoding="utf-8")).get("publish", {}) if path.is_file() else {}
    settings = PublishSettings()
    kinds = {"output": str, "min_reviewed": (int, float), "allow_machine": bool,
             "site_title": (str, dict), "base_url": str, "template_dir": str, "per_page": int}
    for key, value in table.items():
        if key not in kinds:
            raise ConfigError(f"{CONFIG_NAME}: unknown key [publish] {key} (known: {', '.join(kinds)})")
        if not isinstance(value, kinds[key]) or (kinds[key] is not bool and isinstance(value, bool)):
            raise ConfigError(f"{CONFIG_NAME}: [publish] {key} has the wrong type: {value!r}")
        setattr(settings, key, value)
    settings.min_reviewed = percent(settings.min_reviewed, "[publish] min_reviewed")
    if settings.per_page < 0:
        raise ConfigError(f"{CONFIG_NAME}: [publish] per_page is {settings.per_page}: give the number of articles "
                          "on one index page, or 0 for one page")
    if isinstance(settings.site_title, dict):
        settings.site_title = _titles(settings.site_title, config)
    return settings


def _titles(table: dict, config: Config) -> dict[str, str]:
    """``[publish] site_title = { en = "…", es = "…" }``: a title per project language, the source's required."""
    titles = {}
    for key, value in table.items():
        lang = normalize_language(key)
        if lang != config.source and lang not in config.targets:
            raise ConfigError(f"{CONFIG_NAME}: [publish] site_title: {key} is not a language of the project "
                              f"({', '.join([config.source, *config.targets])})")
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{CONFIG_NAME}: [publish] site_title.{key} must be a non-empty string, not {value!r}")
        titles[lang] = value
    if config.source not in titles:
        raise ConfigError(f"{CONFIG_NAME}: [publish] site_title has no title for the source language {config.source}; "
                          f"add {config.source} = \"…\" (it is also used for languages the table leaves out)")
    return titles


def percent(value: float, name: str) -> float:
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
class PublishReport(Report):
    SKIPPED = "not published"

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)  # pages of versions no longer published
    skipped: list[Skipped] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def summary(self) -> str:
        return (f"{len(self.written)} written, {len(self.unchanged)} unchanged, {len(self.removed)} removed, "
                f"{counted(len(self.skipped), 'version')} not published" + refused_summary(len(self.refusals)))


@dataclass
class Version:
    """One article in one language that passed the policy."""

    article: Article
    lang: str  # gettext form, e.g. es_MX
    text: str  # the localized article: Markdown with its front matter, or a whole HTML document
    engine: str | None  # machine-translation engine, when unreviewed MT is shown


def select_targets(config: Config, langs: list[str] | None) -> list[str]:
    if langs is None:
        return list(config.targets)
    wanted = {normalize_language(code) for code in langs} - {config.source}
    unknown = sorted(wanted - set(config.targets))
    if unknown:
        raise ConfigError(f"{', '.join(unknown)} not among the project's targets ({', '.join(config.targets)})")
    return [lang for lang in config.targets if lang in wanted]


def passing_versions(article: Article, config: Config, targets: list[str], settings: PublishSettings,
              report: PublishReport) -> dict[str, Version]:
    """The versions of ``article`` that pass the policy; the source always does."""
    source_text = article.doc.render(language=bcp47(config.source))
    found = {config.source: Version(article, config.source, source_text, None)}
    for lang in targets:
        po_path = config.po_path(lang, article.id)
        po = read_po(po_path, config)
        if po is None:
            report.skipped.append(Skipped(article.reference, lang, "no PO file; run `presslate translate` first"))
            continue
        localized = localize(article, po, lang, config.reference(po_path), settings.allow_machine)
        report.refusals.extend(localized.refusals)
        reviewed = localized.percent_reviewed  # None: the article has no text to translate
        if reviewed is not None and reviewed < settings.min_reviewed:
            refused = len(localized.refusals)
            report.skipped.append(Skipped(
                article.reference, lang,
                f"{format_percent(reviewed)} reviewed, below min_reviewed {settings.min_reviewed:g}%"
                + (f" ({counted(refused, 'refused translation')} not counted)" if refused else ""),
            ))
            continue
        engine = (po.metadata().get(MT_HEADER) or config.engine_for(lang)) if localized.machine_words else None
        found[lang] = Version(article, lang, localized.text, engine)
    return found
