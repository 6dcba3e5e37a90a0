"""The workflow over a whole project: translate, status, build.

Every command first reads and checks everything it needs (articles, PO files,
engine availability) and only then writes, each file atomically; so a bad
input stops the run with nothing changed.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from presslate import catalog, formats
from presslate.config import Config, bcp47
from presslate.document import Document, Segment
from presslate.engines import Engine
from presslate.errors import ConfigError, InputError
from presslate.fileio import write_atomic
from presslate.formats import Options
from presslate.inline import markup_problems, strip_tags
from presslate.pofile import Entry, PoFile, PoSyntaxError

MT_CHUNK = 32  # segments per engine call, so the progress bar moves


@dataclass
class Article:
    path: Path
    id: str
    reference: str
    doc: Document


def word_count(text: str) -> int:
    """Source words as pocount counts them: whitespace-separated, placeholders removed."""
    return len(strip_tags(text).split())


def load_articles(config: Config, only: list[str] | None = None) -> list[Article]:
    """Parse every article (or the named ones); the first bad one raises InputError."""
    paths = config.article_paths()
    if only:
        wanted = {config.root / name for name in only}
        missing = [str(p) for p in wanted if not p.is_file()]
        if missing:
            raise InputError(missing[0], None, "no such article")
        paths = sorted(p for p in wanted)
    articles = []
    seen: dict[str, Path] = {}
    for path in paths:
        article_id = config.article_id(path)
        if article_id in seen:
            raise ConfigError(f"{path} and {seen[article_id]} would share the article id {article_id!r}")
        seen[article_id] = path
        reference = config.reference(path)
        text = formats.decode(path.read_bytes(), reference)
        options = Options(config.source, config.segmentation, config.front_matter_keys)
        articles.append(Article(path, article_id, reference, formats.parse_text(text, reference, options)))
    return articles


def read_po(path: Path, config: Config) -> PoFile | None:
    if not path.exists():
        return None
    try:
        return PoFile.parse(path.read_bytes(), config.reference(path))
    except PoSyntaxError as exc:
        raise InputError(exc.path, exc.line, exc.message + " (fix the PO file, e.g. with msgfmt -c, and run again)") from None


# -- translate -----------------------------------------------------------------


@dataclass
class TranslateReport:
    articles: int = 0
    written: list[Path] = field(default_factory=list)
    kept: int = 0
    fuzzy: int = 0
    new: int = 0
    obsoleted: int = 0
    machine_translated: int = 0
    mt_seconds: float = 0.0
    fallbacks: int = 0


def translate(
    config: Config,
    engine_for: Callable[[str], Engine],
    langs: list[str],
    only: list[str] | None = None,
    progress: Callable[[int], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> TranslateReport:
    """Extract templates, merge every PO file, machine-translate new entries, write.

    ``engine_for(lang)`` gives the engine for a target language; every needed
    engine is checked before any MT starts, so a missing model stops the run
    with nothing written.
    """
    report = TranslateReport()
    articles = load_articles(config, only)
    report.articles = len(articles)
    outputs: dict[Path, PoFile] = {}
    # Per language: msgid → (format it came from, entries to fill).
    pending: dict[str, dict[str, tuple[str, list[Entry]]]] = {lang: {} for lang in langs}
    for article in articles:
        pot = catalog.build_template(article.doc, article.reference, article.id)
        outputs[config.template_path(article.id)] = pot
        for lang in langs:
            po_path = config.po_path(lang, article.id)
            po, stats = catalog.merge(read_po(po_path, config), pot, lang, article.id)
            outputs[po_path] = po
            report.kept += stats.kept
            report.fuzzy += stats.fuzzy
            report.new += stats.new
            report.obsoleted += stats.obsoleted
            for entry in po.entries:
                if not entry.obsolete and not entry.msgstr and entry.msgid_plural is None:
                    pending[lang].setdefault(entry.msgid, (article.doc.format, []))[1].append(entry)
    for lang in langs:
        if pending[lang]:
            engine_for(lang).check_pair(config.source, lang)
    if on_start:
        on_start(sum(len(p) for p in pending.values()))
    started = time.perf_counter()
    for lang in langs:
        if pending[lang]:
            engine = engine_for(lang)
            report.machine_translated += _machine_translate(engine, config.source, lang, pending[lang], report, progress)
            report.fallbacks += getattr(engine, "fallbacks", 0)
    report.mt_seconds = time.perf_counter() - started
    for path, po in outputs.items():
        if write_atomic(path, po.serialize()):
            report.written.append(path)
    return report


def _machine_translate(engine, source, lang, pending, report, progress) -> int:
    msgids = list(pending)
    done = 0
    for start in range(0, len(msgids), MT_CHUNK):
        chunk = msgids[start : start + MT_CHUNK]
        # Line breaks inside a sentence are source wrapping, not meaning.
        results = engine.translate_batch([re.sub(r"\s*\n\s*", " ", m) for m in chunk], source, lang)
        for msgid, result in zip(chunk, results):
            fmt, entries = pending[msgid]
            if not result or markup_problems(msgid, result) or formats.problems(msgid, result, fmt):
                report.fallbacks += 1
                continue
            for entry in entries:
                entry.msgstr = result
                entry.fuzzy = True
            done += 1
        if progress:
            progress(len(chunk))
    return done


# -- status --------------------------------------------------------------------


@dataclass
class StatusRow:
    article: str
    lang: str
    entries: dict[str, int]
    words: dict[str, int]

    @property
    def percent_translated(self) -> float:
        total = sum(self.words[k] for k in ("translated", "fuzzy", "untranslated"))
        return 100.0 * self.words["translated"] / total if total else 100.0


STATES = ("translated", "fuzzy", "untranslated", "obsolete")


def entry_state(entry: Entry) -> str:
    if entry.obsolete:
        return "obsolete"
    if not entry.msgstr:
        return "untranslated"
    return "fuzzy" if entry.fuzzy else "translated"


def status(config: Config, langs: list[str]) -> list[StatusRow]:
    rows = []
    for path in config.article_paths():
        article_id = config.article_id(path)
        for lang in langs:
            po = read_po(config.po_path(lang, article_id), config)
            entries = dict.fromkeys(STATES, 0)
            words = dict.fromkeys(STATES, 0)
            if po is None:
                po = PoFile()  # never translated: counted from the template below
                template = read_po(config.template_path(article_id), config)
                for entry in template.entries if template else []:
                    entries["untranslated"] += 1
                    words["untranslated"] += word_count(entry.msgid)
            for entry in po.entries:
                state = entry_state(entry)
                entries[state] += 1
                words[state] += word_count(entry.msgid)
            rows.append(StatusRow(article_id, lang, entries, words))
    return rows


# -- build ---------------------------------------------------------------------


@dataclass
class Refusal:
    """A translation build did not use: where it is and why."""

    po_path: str
    line: int
    msgid: str
    problems: list[str]

    def __str__(self) -> str:
        excerpt = self.msgid if len(self.msgid) <= 60 else self.msgid[:57] + "..."
        return f"{self.po_path}:{self.line}: {'; '.join(self.problems)} (msgid {excerpt!r}); source text used"


@dataclass
class BuildReport:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # human-readable reasons
    refusals: list[Refusal] = field(default_factory=list)


@dataclass
class Localized:
    """One article rendered in one language, with what went into it."""

    text: str
    total_words: int = 0
    reviewed_words: int = 0
    machine_words: int = 0  # fuzzy translations used (only with include_fuzzy)
    refusals: list[Refusal] = field(default_factory=list)

    @property
    def percent_translated(self) -> float:
        used = self.reviewed_words + self.machine_words
        return 100.0 * used / self.total_words if self.total_words else 100.0

    @property
    def percent_reviewed(self) -> float:
        return 100.0 * self.reviewed_words / self.total_words if self.total_words else 100.0


def localize(article: Article, po: PoFile, lang: str, po_ref: str, include_fuzzy: bool) -> Localized:
    """Render ``article`` with the translations in ``po``; refused ones fall back to the source."""
    result = Localized("")

    def lookup(seg: Segment) -> str | None:
        words = word_count(seg.text)
        result.total_words += words
        entry = po.find(seg.text)
        if entry is None or not entry.msgstr or (entry.fuzzy and not include_fuzzy):
            return None
        problems = seg.problems(entry.msgstr) + formats.problems(seg.text, entry.msgstr, article.doc.format)
        if problems:
            result.refusals.append(Refusal(po_ref, entry.line, seg.text, problems))
            return None
        if entry.fuzzy:
            result.machine_words += words
        else:
            result.reviewed_words += words
        return entry.msgstr

    result.text = article.doc.render(lookup, language=bcp47(lang))
    return result


def build(
    config: Config,
    langs: list[str],
    include_fuzzy: bool,
    min_translated: float,
    strict: bool,
) -> BuildReport:
    """Render every article in every language from its PO file."""
    report = BuildReport()
    outputs: dict[Path, bytes] = {}
    for article in load_articles(config):
        for lang in langs:
            po_path = config.po_path(lang, article.id)
            po = read_po(po_path, config)
            if po is None:
                report.skipped.append(f"{article.reference} [{lang}]: no PO file; run `presslate translate` first")
                continue
            localized = localize(article, po, lang, config.reference(po_path), include_fuzzy)
            report.refusals.extend(localized.refusals)
            percent = localized.percent_translated
            if percent < min_translated:
                report.skipped.append(
                    f"{article.reference} [{lang}]: {percent:.0f}% translated, below --min-translated {min_translated:g}%"
                )
                continue
            outputs[config.output_path(lang, article.path)] = localized.text.encode("utf-8")
    if strict and report.refusals:
        return report
    for path, data in outputs.items():
        (report.written if write_atomic(path, data) else report.unchanged).append(path)
    return report
