"""The workflow over a whole project: translate, status, build.

Every command first reads and checks everything it needs (articles, PO files,
engine availability) and only then writes, each file atomically; so a bad
input stops the run with nothing changed.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from presslate import catalog, formats
from presslate import glossary as glossary_mod
from presslate.config import Config, bcp47
from presslate.document import Document, Segment
from presslate.engines import Engine, engine_label
from presslate.errors import ConfigError, InputError
from presslate.fileio import write_atomic
from presslate.formats import Options
from presslate.glossary import protect
from presslate.inline import excerpt, markup_problems
from presslate.memory import Memory, reviewed_pairs
from presslate.pofile import Entry, PoFile, PoSyntaxError
from presslate.state import RunState, digest, read_or_none

# Engine calls grow from MT_FIRST_CALL segments towards MT_CALL_SECONDS of work each (at most
# MT_MAX_CALL): every call ends when its slowest token batch does, so small calls leave CTranslate2
# workers idle (whole `translate` vs raw CTranslate2, 2 cores: 32 first / 2 s 18.6 s vs 12.5 s on 219
# real segments, 24.9 s vs 18.8 s on 907; bench/bench_translate_argos.py --sweep, README "Speed"),
# while the progress bar still moves and a killed run loses at most one call's results.
MT_FIRST_CALL = 256
MT_MAX_CALL = 1024
MT_CALL_SECONDS = 10.0


@dataclass
class Article:
    path: Path
    id: str
    reference: str
    doc: Document


_RAW_TAG = re.compile(r"</?\d+/?>|</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
_DOTTED = re.compile(r"\D\.\D")  # pocount drops "a.m"-like tokens
_WORD = re.compile(r"\w+(?:(?:(?<=[^\W\d_])['’.:·](?=[^\W\d_])|(?<=\d)[.,;'’](?=\d))\w+)*")


def word_count(text: str) -> int:
    """Source words as translate-toolkit's pocount counts them.

    Tags and placeholders removed, then Unicode (UAX #29-like) words: "6.4",
    "it's" and "snake_case" are one word, "two-year" is two.  It agrees with
    pocount on 97% of 9,240 real msgids; the rest differ by one word.
    """
    return len(_WORD.findall(_DOTTED.sub(" ", _RAW_TAG.sub("", text))))


def select_articles(config: Config, only: list[str] | None = None) -> list[tuple[str, Path]]:
    """(article id, path) of every article, or of the named ones; ids must be unique."""
    paths = config.article_paths()
    if only:
        wanted = {config.root / name for name in only}
        missing = [str(p) for p in wanted if not p.is_file()]
        if missing:
            raise InputError(missing[0], None, "no such article")
        paths = sorted(wanted)
    seen: dict[str, Path] = {}
    for path in paths:
        article_id = config.article_id(path)
        if article_id in seen:
            raise ConfigError(f"{path} and {seen[article_id]} would share the article id {article_id!r}")
        seen[article_id] = path
    return [(article_id, path) for article_id, path in seen.items()]


def parse_article(config: Config, article_id: str, path: Path, data: bytes | None = None) -> Article:
    reference = config.reference(path)
    text = formats.decode(path.read_bytes() if data is None else data, reference)
    options = Options(config.source, config.segmentation, config.front_matter_keys, config.notranslate_classes)
    return Article(path, article_id, reference, formats.parse_text(text, reference, options))


def load_articles(config: Config, only: list[str] | None = None) -> list[Article]:
    """Parse every article (or the named ones); the first bad one raises InputError."""
    return [parse_article(config, article_id, path) for article_id, path in select_articles(config, only)]


def run_parallel(function, items: list, jobs: int) -> list:
    """``[function(*item) for item in items]``, in worker processes when it pays.

    Results come back in input order, so output never depends on ``jobs``.
    """
    if jobs <= 1 or len(items) < 2 * jobs:
        return [function(*item) for item in items]
    from concurrent.futures import ProcessPoolExecutor  # 30 ms to import: only when there is work to share

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(function, *zip(*items), chunksize=max(1, len(items) // (jobs * 8))))


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
    skipped: int = 0  # unchanged since the last run
    written: list[Path] = field(default_factory=list)
    merge: catalog.MergeStats = field(default_factory=catalog.MergeStats)
    tm_exact: int = 0  # filled from the translation memory
    tm_fuzzy: int = 0
    mt_cached: int = 0  # machine translations reused from the MT cache
    machine_translated: int = 0  # sent to an engine now
    mt_seconds: float = 0.0
    fallbacks: int = 0


@dataclass(frozen=True)
class Fill:
    """What goes into an empty entry: a translation, whether it needs review, and from where."""

    msgstr: str
    fuzzy: bool = True
    previous_msgid: str | None = None  # the TM source a fuzzy match was made for
    machine: bool = False


@dataclass
class _Merged:
    """One article's catalogs after extraction and merge (a worker's result)."""

    article_id: str
    path: Path
    files: dict[Path, bytes]  # template and PO files, serialized
    catalogs: dict[Path, PoFile]  # PO files with entries still to fill, serialized after the fills
    pending: dict[str, dict[str, str]]  # lang → msgid → document format, still to translate
    reviewed: dict[str, list[tuple[str, str]]]  # lang → reviewed (msgid, msgstr) before the merge
    stats: catalog.MergeStats


def _translate_inputs(config: Config, article_id: str, path: Path, langs: list[str]) -> str:
    """Hash of everything a translate of this article depends on."""
    paths = [path, config.template_path(article_id)] + [config.po_path(lang, article_id) for lang in langs]
    return digest(config.fingerprint, " ".join(langs), *(read_or_none(p) for p in paths))


def _merge_article(config: Config, article_id: str, path: Path, langs: list[str], now: datetime) -> _Merged:
    article = parse_article(config, article_id, path)
    pot = catalog.build_template(article.doc, article.reference, article.id)
    merged = _Merged(article_id, path, {config.template_path(article_id): pot.serialize()}, {}, {}, {}, catalog.MergeStats())
    for lang in langs:
        po_path = config.po_path(lang, article_id)
        existing = read_po(po_path, config)
        if existing is not None:  # harvested before the merge marks edited sentences fuzzy
            merged.reviewed[lang] = reviewed_pairs(existing.entries)
        po, stats = catalog.merge(existing, pot, lang, article.id, now)
        merged.stats.add(stats)
        todo = {e.msgid: article.doc.format for e in po.entries if _needs_translation(e)}
        if todo:  # serialized once, after the fills
            merged.pending[lang] = todo
            merged.catalogs[po_path] = po
        else:
            merged.files[po_path] = po.serialize()
    return merged


def _needs_translation(entry: Entry) -> bool:
    return not entry.obsolete and not entry.msgstr and entry.msgid_plural is None


def translate(
    config: Config,
    engine_for: Callable[[str], Engine] | None,
    langs: list[str],
    only: list[str] | None = None,
    progress: Callable[[int], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    jobs: int = 1,
    force: bool = False,
    now: datetime | None = None,
) -> TranslateReport:
    """Extract templates, merge every PO file, fill new entries, write.

    New entries are filled from the translation memory (reviewed work from
    every article), then from the MT cache, then by the engine.  Articles
    whose inputs are unchanged since the last run are skipped (unless
    ``force``).  Every needed engine is checked before any MT starts, so a
    missing model stops the run with nothing written; MT results are stored
    in the cache as they arrive, so a killed run never pays for them twice.
    With ``engine_for=None`` nothing is machine-translated: what the memory
    cannot fill stays empty, and the next run with an engine fills it.
    """
    now = now or datetime.now(timezone.utc)
    report = TranslateReport()
    state = RunState(config.root)
    todo = []
    for article_id, path in select_articles(config, only):
        report.articles += 1
        if not force and state.get("translate", article_id) == _translate_inputs(config, article_id, path, langs):
            report.skipped += 1
        else:
            todo.append((config, article_id, path, langs, now))
    merged: list[_Merged] = run_parallel(_merge_article, todo, jobs)
    glossary = glossary_mod.for_project(config.root)

    pending: dict[str, dict[str, str]] = {lang: {} for lang in langs}
    for result in merged:
        report.merge.add(result.stats)
        for lang, todo_ids in result.pending.items():
            pending[lang].update(todo_ids)
    fills: dict[str, dict[str, Fill]] = {lang: {} for lang in langs}
    with Memory.for_project(config.root) as memory:
        for result in merged:
            for lang, pairs in result.reviewed.items():
                memory.harvest(result.article_id, config.source, lang, pairs, now)
        for lang in langs:
            _fill_from_memory(memory, config, lang, pending[lang], fills[lang], report)
        if engine_for is None:
            pending = {}
        for lang, todo_ids in pending.items():
            if todo_ids:
                engine_for(lang).check_pair(config.source, lang)
        if on_start:
            on_start(sum(len(p) for p in pending.values()))
        started = time.perf_counter()
        for lang, todo_ids in pending.items():
            if todo_ids:
                engine = engine_for(lang)
                before = getattr(engine, "fallbacks", 0)
                _machine_translate(engine, memory, config.source, lang, todo_ids, fills[lang], glossary,
                                   report, progress)
                report.fallbacks += getattr(engine, "fallbacks", 0) - before
        report.mt_seconds = time.perf_counter() - started

    for result in merged:
        unfinished = False
        for lang in result.pending:
            po_path = config.po_path(lang, result.article_id)
            unfinished |= _apply_fills(result, po_path, fills[lang], config, engine_for, lang)
        for path, data in result.files.items():
            if write_atomic(path, data):
                report.written.append(path)
        # An article with entries nothing could fill is not recorded, so the next run retries them.
        done = None if unfinished else _translate_inputs(config, result.article_id, result.path, langs)
        state.set("translate", result.article_id, done)
    state.save()
    return report


def _fill_from_memory(memory: Memory, config: Config, lang: str, pending: dict[str, str], fills, report) -> None:
    """Reviewed translations of the same or a similar sentence, before any MT."""
    found = memory.lookup_many(config.source, lang, list(pending), threshold=config.memory_threshold)
    for msgid, match in found.items():
        if formats.problems(msgid, match.target, pending[msgid]):
            continue
        if match.kind == "exact":
            fills[msgid] = Fill(match.target, fuzzy=config.memory_exact_fuzzy)
            report.tm_exact += 1
        else:
            fills[msgid] = Fill(match.target, fuzzy=True, previous_msgid=match.source)
            report.tm_fuzzy += 1
        del pending[msgid]


def _machine_translate(engine, memory: Memory, source, lang, pending: dict[str, str], fills, glossary, report,
                       progress) -> None:
    """Fill from the MT cache, then translate the rest in calls, caching each call's results at once.

    A result with broken markup is dropped and counted.  Do-not-translate
    names from the glossary travel as extra placeholders, so no engine can
    translate them; line breaks inside a sentence are source wrapping, not
    meaning, and are sent as spaces.
    """
    engine_id = engine.identity(source, lang)
    cached = memory.cached_mt(engine_id, source, lang, list(pending))
    for msgid, result in cached.items():
        fills[msgid] = Fill(result, machine=True)
    report.mt_cached += len(cached)
    if progress and cached:
        progress(len(cached))
    msgids = [m for m in pending if m not in cached]
    start, size = 0, MT_FIRST_CALL
    while start < len(msgids):
        chunk = msgids[start : start + size]
        start += len(chunk)
        protected = [protect(re.sub(r"\s*\n\s*", " ", m), glossary) for m in chunk]
        began = time.perf_counter()
        results = engine.translate_batch([text for text, _ in protected], source, lang)
        rate = len(chunk) / max(time.perf_counter() - began, 1e-3)
        size = max(1, min(MT_MAX_CALL, round(rate * MT_CALL_SECONDS)))
        good = []
        for msgid, (_, restore), result in zip(chunk, protected, results):
            result = restore(result) if result else result  # None if the engine lost a name's tag
            if not result or markup_problems(msgid, result) or formats.problems(msgid, result, pending[msgid]):
                report.fallbacks += 1
                continue
            fills[msgid] = Fill(result, machine=True)
            good.append((msgid, result))
        memory.store_mt(engine_id, source, lang, good)
        report.machine_translated += len(good)
        if progress:
            progress(len(chunk))


def _apply_fills(result: _Merged, po_path: Path, fills: dict[str, Fill], config: Config, engine_for, lang) -> bool:
    """Put fills into one merged PO file; True if some entry is still empty."""
    po = result.catalogs.pop(po_path)
    machine = False
    for entry in po.entries:
        fill = fills.get(entry.msgid) if _needs_translation(entry) else None
        if fill:
            entry.msgstr = fill.msgstr
            entry.fuzzy = fill.fuzzy
            if fill.previous_msgid:
                entry.previous_msgid = fill.previous_msgid
            machine |= fill.machine
    if machine:  # the published notice names the engine from this header
        po.set_metadata("X-Machine-Translation", engine_label(engine_for(lang).identity(config.source, lang)))
    result.files[po_path] = po.serialize()
    return any(_needs_translation(e) for e in po.entries)


# -- status --------------------------------------------------------------------

STATES = ("reviewed", "machine", "changed", "untranslated", "obsolete")
"""reviewed: non-fuzzy; machine: fuzzy machine translation; changed: fuzzy because
the English changed (or a similar sentence was reused); obsolete: removed from the article."""


@dataclass
class StatusRow:
    article: str
    lang: str
    entries: dict[str, int]
    words: dict[str, int]
    errors: int = 0  # findings of presslate check
    warnings: int = 0

    @property
    def percent_reviewed(self) -> float:
        total = sum(self.words[k] for k in STATES if k != "obsolete")
        return 100.0 * self.words["reviewed"] / total if total else 100.0

    def to_dict(self) -> dict:
        return {"article": self.article, "lang": self.lang, "entries": self.entries, "words": self.words,
                "percent_reviewed": round(self.percent_reviewed, 1), "errors": self.errors, "warnings": self.warnings}


def entry_state(entry: Entry, machine_outputs: dict[str, set[str]]) -> str:
    """Which column of ``status`` an entry counts in.

    A fuzzy entry is a machine translation if the MT cache holds exactly its
    text for its msgid; if the cache never saw that msgid (e.g. it was
    deleted), an entry without ``#|`` previous text is taken as machine-made,
    since merges of changed sentences always add ``#|``.
    """
    if entry.obsolete:
        return "obsolete"
    if not entry.msgstr:
        return "untranslated"
    if not entry.fuzzy:
        return "reviewed"
    outputs = machine_outputs.get(entry.msgid)
    if outputs is not None:
        return "machine" if entry.msgstr in outputs else "changed"
    return "changed" if entry.previous_msgid else "machine"


def status(config: Config, langs: list[str], findings: Callable[[PoFile, str, str, str], list] | None = None,
           ) -> list[StatusRow]:
    """Review progress per article and language; ``findings(po, path, lang, fmt)`` runs the checks."""
    rows = []
    with Memory.for_project(config.root) as memory:
        for article_id, path in select_articles(config):
            fmt = formats.format_of(path)
            for lang in langs:
                row = StatusRow(article_id, lang, dict.fromkeys(STATES, 0), dict.fromkeys(STATES, 0))
                po_path = config.po_path(lang, article_id)
                po = read_po(po_path, config)
                if po is None:  # never translated: everything in the template is to do
                    template = read_po(config.template_path(article_id), config)
                    for entry in template.entries if template else []:
                        row.entries["untranslated"] += 1
                        row.words["untranslated"] += word_count(entry.msgid)
                    rows.append(row)
                    continue
                fuzzy = [e.msgid for e in po.entries if e.fuzzy and e.msgstr and not e.obsolete]
                outputs = memory.machine_outputs(config.source, lang, fuzzy) if fuzzy else {}
                for entry in po.entries:
                    state = entry_state(entry, outputs)
                    row.entries[state] += 1
                    row.words[state] += word_count(entry.msgid)
                if findings:
                    found = findings(po, config.reference(po_path), lang, fmt)
                    row.errors = sum(f.severity == "error" for f in found)
                    row.warnings = len(found) - row.errors
                rows.append(row)
    return rows


def status_total(rows: list[StatusRow]) -> StatusRow:
    total = StatusRow("total", "", dict.fromkeys(STATES, 0), dict.fromkeys(STATES, 0))
    for row in rows:
        for state in STATES:
            total.entries[state] += row.entries[state]
            total.words[state] += row.words[state]
        total.errors += row.errors
        total.warnings += row.warnings
    return total


# -- build ---------------------------------------------------------------------


@dataclass
class Refusal:
    """A translation build did not use: where it is and why."""

    po_path: str
    line: int
    msgid: str
    problems: list[str]

    def __str__(self) -> str:
        return f"{self.po_path}:{self.line}: {'; '.join(self.problems)} — “{excerpt(self.msgid)}”; source text used"


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


def _build_inputs(config: Config, article_id: str, path: Path, lang: str, options: str) -> str:
    return digest(config.fingerprint, options, lang, read_or_none(path), read_or_none(config.po_path(lang, article_id)))


def _build_article(config: Config, article_id: str, path: Path, langs: list[str], include_fuzzy: bool):
    """Render one article in each language: {lang: Localized or a skip reason}."""
    article = parse_article(config, article_id, path)
    results: dict[str, Localized | str] = {}
    for lang in langs:
        po_path = config.po_path(lang, article_id)
        po = read_po(po_path, config)
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
) -> BuildReport:
    """Render every article in every language from its PO file.

    An article/language whose article, PO file and options are unchanged
    since a clean build, and whose output is still there, is not rendered
    again.  Builds that refused a translation are never recorded, so their
    refusals are reported on every run until fixed.
    """
    report = BuildReport()
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
    outputs: dict[Path, bytes] = {}
    records: dict[str, str | None] = {}
    for (_, article_id, path, stale, _), results in zip(todo, run_parallel(_build_article, todo, jobs)):
        for lang in stale:
            result = results[lang]
            key = f"{article_id}@{lang}"
            records[key] = None
            if isinstance(result, str):
                report.skipped.append(result)
                continue
            report.refusals.extend(result.refusals)
            if result.percent_translated < min_translated:
                report.skipped.append(
                    f"{config.reference(path)} [{lang}]: {result.percent_translated:.0f}% translated, "
                    f"below --min-translated {min_translated:g}%"
                )
                continue
            outputs[config.output_path(lang, path)] = result.text.encode("utf-8")
            if not result.refusals:
                records[key] = _build_inputs(config, article_id, path, lang, options)
    if strict and report.refusals:
        return report
    for path, data in outputs.items():
        (report.written if write_atomic(path, data) else report.unchanged).append(path)
    for key, value in records.items():
        state.set("build", key, value)
    state.save()
    return report
