"""presslate build: render every article in every language from its PO file.

Translations that break the article's markup are refused (the source text is
used instead) and reported; outputs are written atomically, and not at all
with ``strict`` when something was refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from presslate.catalog.pofile import PoFile, read_po, read_po_data
from presslate.config import Config, bcp47, select_articles
from presslate.document import Segment
from presslate.fileio import write_atomic
from presslate.inline import word_count
from presslate.report import Refusal, Report, counted, refused_summary
from presslate.review.progress import format_percent, percent, refusal_problems
from presslate.workflow.articles import Article, parse_article
from presslate.workflow.backends import LocalBackend, map_batches
from presslate.workflow.spool import Spool
from presslate.workflow.state import RunState, digest, read_or_none


@dataclass
class BuildReport(Report):
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # human-readable reasons
    refusals: list[Refusal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    english: list[Path] = field(default_factory=list)  # written with no translated word in them
    aborted: str = ""  # with strict: why nothing was written

    def summary(self) -> str:
        english = [p for p in self.english if p in self.written or p in self.unchanged]
        return (f"{len(self.written)} written" + (f" ({len(english)} entirely in English)" if english else "")
                + f", {len(self.unchanged)} unchanged, {len(self.skipped)} skipped" + refused_summary(len(self.refusals)))


@dataclass
class Localized:
    """One article rendered in one language, with what went into it."""

    text: str
    total_words: int = 0
    reviewed_words: int = 0
    machine_words: int = 0  # fuzzy translations used (only with include_fuzzy)
    refusals: list[Refusal] = field(default_factory=list)

    @property
    def percent_translated(self) -> float | None:
        """Words in the target language (reviewed, and machine with include_fuzzy); None: no text."""
        return percent(self.reviewed_words + self.machine_words, self.total_words)

    @property
    def percent_reviewed(self) -> float | None:
        """As ``status`` counts it (:func:`presslate.review.progress.percent`); None: no text."""
        return percent(self.reviewed_words, self.total_words)


def localize(article: Article, po: PoFile, lang: str, po_ref: str, include_fuzzy: bool) -> Localized:
    """Render ``article`` with the translations in ``po``; refused ones fall back to the source."""
    result = Localized("")

    def lookup(seg: Segment) -> str | None:
        words = word_count(seg.text)
        result.total_words += words
        entry = po.find(seg.text)
        if entry is None or not entry.msgstr or (entry.fuzzy and not include_fuzzy):
            return None
        problems = refusal_problems(seg.text, entry.msgstr, article.doc.format, [seg])
        if problems:
            result.refusals.append(Refusal(po_ref, entry.line, seg.text, "; ".join(problems), fallback="source text used"))
            return None
        if entry.fuzzy:
            result.machine_words += words
        else:
            result.reviewed_words += words
        return entry.msgstr

    result.text = article.doc.render(lookup, language=bcp47(lang))
    return result


def _build_inputs(config: Config, article_id: str, path: Path, lang: str, options: str) -> str:
    return digest(config.fingerprint, options, lang, read_or_none(path), read_or_none(config.po_path(lang, article_id)))


def _build_article(config: Config, article_id: str, path: Path, langs: list[str], include_fuzzy: bool,
                   files: dict[Path, bytes | None] | None = None):
    """Render one article in each language: {lang: Localized or a skip reason}.

    ``files``: the bytes of the article and its PO files, when the task runs where they are not.
    """
    article = parse_article(config, article_id, path, None if files is None else files[path])
    results: dict[str, Localized | str] = {}
    for lang in langs:
        po_path = config.po_path(lang, article_id)
        po = read_po(po_path, config) if files is None else read_po_data(po_path, files[po_path], config)
        if po is None:
            results[lang] = f"{article.reference} [{lang}]: no PO file; run `presslate translate` first"
        else:
            results[lang] = localize(article, po, lang, config.reference(po_path), include_fuzzy)
    return results


def build(
    config: Config,
    langs: list[str],
    include_fuzzy: bool,
    min_translated: float,
    strict: bool,
    jobs: int = 1,
    force: bool = False,
    backend=None,
) -> BuildReport:
    """Render every article in every language from its PO file.

    An article/language whose article, PO file and options are unchanged
    since a clean build, and whose output is still there, is not rendered
    again.  Builds that refused a translation are never recorded, so their
    refusals are reported on every run until fixed.
    """
    report = BuildReport()
    backend = backend or LocalBackend(jobs)
    state = RunState(config.root)
    options = f"{include_fuzzy}:{min_translated}"
    todo = []
    for article_id, path in select_articles(config):
        stale = [
            lang for lang in langs
            if force
            or not config.output_path(lang, path).exists()
            or state.get("build", f"{article_id}@{lang}") != _build_inputs(config, article_id, path, lang, options)
        ]
        report.unchanged.extend(config.output_path(lang, path) for lang in langs if lang not in stale)
        if stale:
            todo.append((config, article_id, path, stale, include_fuzzy))
    records: dict[str, str | None] = {}
    with Spool() as spool:  # the outputs wait on disk, not in memory, until every article is rendered
        for (_, article_id, path, stale, *_), results in map_batches(
                backend, _build_article, todo, lambda item: [item[2]] + [config.po_path(lang, item[1]) for lang in item[3]]):
            for lang in stale:
                result = results[lang]
                key = f"{article_id}@{lang}"
                records[key] = None
                if isinstance(result, str):
                    report.skipped.append(result)
                    continue
                report.refusals.extend(result.refusals)
                translated = result.percent_translated
                if translated is not None and translated < min_translated:
                    report.skipped.append(
                        f"{config.reference(path)} [{lang}]: {format_percent(translated)} translated, "
                        f"below --min-translated {min_translated:g}%"
                    )
                    continue
                output = config.output_path(lang, path)
                spool.add_item((output, result.text.encode("utf-8")))
                if translated == 0:
                    report.english.append(output)
                    hint = "" if include_fuzzy else "; unreviewed machine translation is left out (--include-fuzzy uses it)"
                    report.warnings.append(
                        f"{config.reference(output)}: written in English, marked {bcp47(lang)}: 0 of "
                        f"{counted(result.total_words, 'word')} translated and reviewed{hint}")
                if not result.refusals:
                    records[key] = _build_inputs(config, article_id, path, lang, options)
        if strict and report.refusals:
            report.aborted = f"--strict: {len(report.refusals)} translations refused; nothing written"
            return report
        for output, data in spool.items():
            (report.written if write_atomic(output, data) else report.unchanged).append(output)
    for key, value in records.items():
        state.set("build", key, value)
    state.save()
    return report
