"""presslate translate: extract templates, merge every PO file, fill new entries from the
memory, the MT cache and the engine, write.

Every needed engine is checked and every input read before anything is written,
each file atomically; so a bad input stops the run with nothing changed.

Translators do not take presslate's lock: a PO file saved (in Poedit, say)
while the run works is written only if it is still the bytes the run read.
Otherwise the run reads the translator's version, harvests its reviewed
entries, merges it again and fills only the entries still empty; if it
changes once more, or cannot be read, it is left as the translator wrote it,
reported in ``TranslateReport.conflicts``, and the article is retried by the
next run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from presslate.catalog import merge as catalog
from presslate.catalog.pofile import Entry, PoFile, read_po_data
from presslate.config import Config, select_articles
from presslate.engines import Engine, engine_label
from presslate.engines.repair import analyser_path
from presslate.errors import InputError
from presslate.fileio import ANY, WriteConflict, write_atomic
from presslate.headline import is_heading_kind, proper_nouns
from presslate.memory import kept_archive
from presslate.memory.provenance import set_aligned_comment
from presslate.memory.store import Memory, reviewed_pairs
from presslate.review import glossary as glossary_mod
from presslate.review.kept_names import candidate_names, kept_names
from presslate.review.link_names import link_names
from presslate.review.names import names_in_texts
from presslate.workflow import retranslate
from presslate.workflow.articles import parse_article
from presslate.workflow.backends import LocalBackend, engines_started, map_batches
from presslate.workflow.fills import Fill, fill_from_memory, machine_translate
from presslate.workflow.harvest import harvest_catalogs, record_harvested
from presslate.workflow.mt_prep import Evidence, Prep, is_headline_like, mt_rule, protects_names
from presslate.workflow.spool import Spool
from presslate.workflow.state import RunState, digest, read_or_none

FILL_SLICE = 5000  # pending msgids looked up in the memory at a time
MT_SLICE = 10_000  # pending msgids prepared and machine-translated at a time (each slice's calls: backend.translate)


@dataclass
class TranslateReport:
    articles: int = 0
    skipped: int = 0  # unchanged since the last run
    written: list[Path] = field(default_factory=list)
    merge: catalog.MergeStats = field(default_factory=catalog.MergeStats)
    tm_exact: int = 0  # filled from the translation memory
    tm_fuzzy: int = 0
    tm_repaired: int = 0  # fuzzy matches whose numbers, dates, names or URLs were carried over (memory.repair_match)
    mt_cached: int = 0  # machine translations reused from the MT cache
    machine_translated: int = 0  # sent to an engine now
    retranslated: int = 0  # machine translations made again because the glossary changed what MT must keep
    mt_seconds: float = 0.0
    fallbacks: int = 0
    remerged: list[Path] = field(default_factory=list)  # saved by someone during the run: merged again, written
    conflicts: list[str] = field(default_factory=list)  # PO files left as a translator wrote them, and why
    warnings: list[str] = field(default_factory=list)
    # Every empty entry of the PO files written, by what filled it: "memory", "machine", or "empty" (nothing did)
    filled: dict[str, int] = field(default_factory=lambda: {"memory": 0, "machine": 0, "empty": 0})


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
    headings: set[str] = field(default_factory=set)  # msgids of headings and titles (presslate.headline)
    names: frozenset[str] = frozenset()  # words the body of the whole article capitalises (headline.proper_nouns)
    found_names: frozenset[str] = frozenset()  # with [mt] protect_names: multi-word names in the whole article's body
    candidates: frozenset[str] = frozenset()  # with [mt] keep_names: names not kept, which the memory may show kept
    originals: dict[Path, bytes | None] = field(default_factory=dict)  # each PO file as it was read (None: missing)
    msgids: tuple[str, ...] = ()  # every segment of the article
    format: str = ""  # the article's document format
    machine_like: dict[str, dict[str, str]] = field(default_factory=dict)  # lang → fuzzy translated msgid → msgstr
    redo: dict[str, list[str]] = field(default_factory=dict)  # lang → machine entries to translate again


def _translate_inputs(config: Config, article_id: str, path: Path, langs: list[str], glossary: str) -> str:
    """Hash of everything a translate of this article depends on (``glossary``: retranslate.glossary_key)."""
    paths = [path, config.template_path(article_id)] + [config.po_path(lang, article_id) for lang in langs]
    return digest(config.fingerprint, " ".join(langs), glossary, *(read_or_none(p) for p in paths))


def _merge_article(config: Config, article_id: str, path: Path, langs: list[str], now: datetime,
                   files: dict[Path, bytes | None] | None = None) -> _Merged:
    """``files``: the bytes of the article and its PO files, when the task runs where they are not."""
    article = parse_article(config, article_id, path, None if files is None else files[path])
    pot = catalog.build_template(article.doc, article.reference, article.id)
    segments = list(article.doc.segments())
    headings = {seg.text for seg in segments if is_heading_kind(seg.kind)}
    # From every body segment, translated before or not, so a heading alone in an incremental run has them too.
    body = [seg.text for seg in segments if not is_heading_kind(seg.kind)]
    names = frozenset(proper_nouns(body))
    candidates: frozenset[str] = frozenset()
    if protects_names(config.protect_names):
        found = frozenset(names_in_texts(body))
    elif mt_rule(config.mt_rules, "keep_names"):
        # A link whose whole text is its own site's name ("The Programming Historian") needs no analyser.
        found = frozenset(kept_names(body, names, config.source)) | frozenset(link_names(article.doc))
        candidates = frozenset(candidate_names(body)) - found
    else:
        found = frozenset()
    merged = _Merged(article_id, path, {config.template_path(article_id): pot.serialize()}, {}, {}, {}, catalog.MergeStats(),
                     headings, names, found, candidates=candidates, msgids=tuple(seg.text for seg in segments), format=article.doc.format)
    for lang in langs:
        po_path = config.po_path(lang, article_id)
        data = read_or_none(po_path) if files is None else files[po_path]
        merged.originals[po_path] = data  # written back only if the file is still these bytes
        existing = read_po_data(po_path, data, config)
        if existing is not None:  # harvested before the merge marks edited sentences fuzzy
            merged.reviewed[lang] = reviewed_pairs(existing.entries)
        po, stats = catalog.merge(existing, pot, lang, article.id, now)
        merged.stats.add(stats)
        todo = {e.msgid: article.doc.format for e in po.entries if _needs_translation(e)}
        merged.machine_like[lang] = {e.msgid: e.msgstr for e in po.entries if e.fuzzy and e.msgstr and not e.obsolete
                                     and e.msgid_plural is None and e.previous_msgid is None}
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
    backend=None,
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
    Machine entries nobody edited whose do-not-translate names changed with
    the glossary are translated again (:mod:`presslate.workflow.retranslate`).
    ``backend`` (:mod:`presslate.workflow.backends`) runs the articles and the
    engine calls: by default here, with ``jobs`` worker processes.
    """
    now = now or datetime.now(timezone.utc)
    backend = backend or LocalBackend(jobs)
    report = TranslateReport()
    state = RunState(config.root)
    glossary = glossary_mod.for_project(config.root)
    glossary_key = retranslate.glossary_key(glossary)
    todo = []
    for article_id, path in select_articles(config, only):
        report.articles += 1
        if not force and state.get("translate", article_id) == _translate_inputs(config, article_id, path, langs,
                                                                                 glossary_key):
            report.skipped += 1
        else:
            todo.append((config, article_id, path, langs, now))
    report.warnings += _analyser_warning(config, engine_for, langs) if todo else []
    # The merged articles wait in the spool, not in memory; the memory is opened only once all of them are read.
    # An engine that can (Apertium) starts now, so it loads while the articles are parsed.
    with engines_started(engine_for, config.source, langs if todo and getattr(backend, "name", "") == "local" else []), Spool() as spool:
        for _, result in map_batches(backend, _merge_article, todo,
                                     lambda item: [item[2]] + [config.po_path(lang, item[1]) for lang in langs]):
            spool.add_headings(result.headings)
            spool.add_item(replace(result, reviewed={}, machine_like={}, headings=set(), names=frozenset(),
                                   found_names=frozenset()),
                           work=replace(result, files={}, catalogs={}, originals={}, msgids=()))
        with Memory.for_project(config.root) as memory:
            redo = _collect_work(config, memory, glossary, state, spool, now, report)
            # Reviewed work of every other PO file too, such as a renamed article's old one (cheap: changed files only).
            merging = {config.po_path(lang, item[1]) for item in todo for lang in langs}
            report.warnings += harvest_catalogs(config, memory, langs, state, merging, now)
            for lang in langs:
                for rows in spool.pending(lang, FILL_SLICE):
                    fills: dict[str, Fill] = {}
                    fill_from_memory(memory, config, lang, {row[0]: row[1] for row in rows}, fills, report)
                    spool.add_fills(lang, fills)
                    spool.done(lang, fills)
            machine = [lang for lang in langs if engine_for is not None and spool.has_pending(lang)]
            for lang in machine:
                engine_for(lang).check_pair(config.source, lang)
            if on_start:
                on_start(spool.count_pending() if engine_for is not None else 0)
            started = time.perf_counter()
            for lang in machine:
                _translate_language(config, engine_for(lang), memory, glossary, lang, spool, report, progress, backend)
            report.mt_seconds = time.perf_counter() - started
            for result in spool.items():
                result.redo = redo.get(result.article_id, {})
                _write_article(config, result, spool, langs, glossary, glossary_key, memory, engine_for, now, state,
                               report)
    state.save()
    return report


def _analyser_warning(config: Config, engine_for, langs: list[str]) -> list[str]:
    """Why names go to the engine as written on this machine: the [mt] rules that read English with
    Apertium's analyser are on, an engine other than pseudo (which gets no [mt] rules) is used, and the
    analyser is not installed."""
    rules = [rule for rule in ("keep_names", "name_modifiers") if mt_rule(config.mt_rules, rule)]
    if engine_for is None or config.source != "en" or not rules or analyser_path("es", "en") is not None:
        return []
    if all(engine_for(lang).name == "pseudo" for lang in langs):
        return []
    effect = {"keep_names": "only link texts naming their own site are protected", "name_modifiers": "none reordered"}
    return [f"[mt] {' and '.join(rules)}: Apertium's English analyser is not installed here, so names are sent to "
            f"the engine as written ({', '.join(effect[r] for r in rules)}) and the text differs from a machine that has "
            "it; "
            f"install apertium-eng-spa, or set {' and '.join(r + ' = false' for r in rules)} to make that explicit"]


def _collect_work(config: Config, memory: Memory, glossary, state: RunState, spool: Spool, now: datetime,
                  report: TranslateReport) -> dict[str, dict[str, list[str]]]:
    """For each merged article in order: its pending msgids with their evidence into the spool and its
    reviewed pairs into the memory; returns the machine entries to redo (article → lang → msgids)."""
    redo = {}
    archived: dict[tuple[str, str], bool] = {}  # (lang, name) → kept in English by the memory's human pairs
    for result in spool.items(work=True):
        _find_redo(config, memory, glossary, state, result)
        report.merge.add(result.stats)
        for lang in set(result.pending) | set(result.redo):
            found = result.found_names | kept_archive.cached(memory, config.source, lang, result.candidates, archived)
            todo_ids = {**result.pending.get(lang, {}), **dict.fromkeys(result.redo.get(lang, ()), result.format)}
            spool.add_pending(lang, ((msgid, fmt, result.names if msgid in result.headings or is_headline_like(msgid)
                                      else (), found) for msgid, fmt in todo_ids.items()))
        if result.redo:
            redo[result.article_id] = result.redo
        for lang, pairs in result.reviewed.items():
            memory.harvest(result.article_id, config.source, lang, pairs, now)
    return redo


def _translate_language(config: Config, engine: Engine, memory: Memory, glossary, lang: str, spool: Spool,
                        report: TranslateReport, progress, backend) -> None:
    """Machine-translate what is still pending in ``lang``, MT_SLICE msgids at a time, into the spool's fills."""
    for rows in spool.pending(lang, MT_SLICE):
        pending = {msgid: fmt for msgid, fmt, *_ in rows}
        headings = {msgid for msgid, _, heading, *_ in rows if heading}
        evidence = {msgid: Evidence(capitalised, names) for msgid, _, _, capitalised, names in rows
                    if capitalised or names}
        prep = Prep(glossary, engine.name, config.source, lang, headings, config.mt_repair, config.protect_names,
                    config.headings, evidence, rules=config.mt_rules, quote_style=config.quote_style)
        fills: dict[str, Fill] = {}
        machine_translate(engine, memory, config.source, lang, pending, fills, prep, report, progress, backend,
                           config.engine_options.get(engine.name))
        spool.add_fills(lang, fills)


def _write_article(config: Config, result: _Merged, spool: Spool, langs: list[str], glossary, glossary_key: str,
                   memory: Memory, engine_for, now: datetime, state: RunState, report: TranslateReport) -> None:
    """Fill one merged article's PO files and write them (each only if it is still the bytes read), then its template."""
    fills = {lang: {msgid: Fill(msgstr, fuzzy, previous, machine, comment)
                    for msgid, msgstr, fuzzy, previous, machine, comment in spool.fills(lang, result.msgids)}
             for lang in langs}
    unfinished = False
    for lang in sorted(set(result.pending) | set(result.redo)):
        po_path = config.po_path(lang, result.article_id)
        po = result.catalogs.pop(po_path, None)
        if po is None:  # nothing new in it, only machine entries to redo
            po = PoFile.parse(result.files[po_path], config.reference(po_path))
        changed, missing = _apply_redo(po, fills[lang], result.redo.get(lang, ()), config, engine_for, lang)
        report.retranslated += changed
        unfinished |= missing  # kept its old translation (no engine, or it failed): retried next run
        unfinished |= _apply_fills(po, fills[lang], config, engine_for, lang, report)
        result.files[po_path] = po.serialize()
    for lang in langs:
        po_path = config.po_path(lang, result.article_id)
        data = result.files.pop(po_path)
        try:
            if write_atomic(po_path, data, expected=result.originals[po_path]):
                report.written.append(po_path)
            record_harvested(config, state, po_path, data)
        except WriteConflict:  # a translator saved it during the run: their entries win, redone ones wait
            unfinished |= bool(result.redo.get(lang))
            unfinished |= _merge_again(config, result, po_path, lang, fills[lang], memory, engine_for,
                                       now, state, report)
    for path, data in result.files.items():  # the template: nobody edits it
        if write_atomic(path, data, ANY):
            report.written.append(path)
    # An article with entries nothing could fill, or a PO file left as a translator saved it,
    # is not recorded, so the next run retries it.
    done = None if unfinished else _translate_inputs(config, result.article_id, result.path, langs, glossary_key)
    state.set("translate", result.article_id, done)
    if done:
        retranslate.record(state, result.article_id, retranslate.names_held(glossary, result.msgids))


def _merge_again(config: Config, result: _Merged, po_path: Path, lang: str, fills: dict[str, Fill], memory: Memory,
                 engine_for, now: datetime, state: RunState, report: TranslateReport) -> bool:
    """A PO file someone saved while the run worked: read their version, harvest it, merge it with the
    article's template again and fill only the entries still empty; True if it is not finished.

    If it changed yet again, or cannot be read, it is left as it is and reported.
    """
    reference = config.reference(po_path)
    data = read_or_none(po_path)
    try:
        existing = read_po_data(po_path, data, config)
    except InputError as exc:
        report.conflicts.append(f"{exc}; it was saved during the run and is left as it is: fix it, "
                                "then run `presslate translate` again")
        return True
    if existing is not None:
        memory.harvest(result.article_id, config.source, lang, reviewed_pairs(existing.entries), now)
    pot = PoFile.parse(result.files[config.template_path(result.article_id)], reference)
    po, _ = catalog.merge(existing, pot, lang, result.article_id, now)
    unfinished = _apply_fills(po, fills, config, engine_for, lang, TranslateReport())  # counted on the first try
    merged = po.serialize()
    try:
        if write_atomic(po_path, merged, expected=data):
            report.written.append(po_path)
    except WriteConflict:
        report.conflicts.append(f"{reference}: changed on disk twice while translate was merging a save "
                                "made during the run; left as it was saved, nothing lost: run `presslate translate` "
                                "again to merge it")
        return True
    record_harvested(config, state, po_path, merged)
    report.remerged.append(po_path)
    return unfinished


def _find_redo(config: Config, memory: Memory, glossary, state: RunState, result: _Merged) -> None:
    """Set the article's machine entries that a glossary change affects (``workflow.retranslate``)."""
    before = retranslate.recorded(state, result.article_id)
    for lang, entries in result.machine_like.items():
        ids = retranslate.affected(glossary, before, entries.items())
        ids = retranslate.machine_made(memory, config.source, lang, {m: entries[m] for m in ids})
        if ids:
            result.redo[lang] = ids


def _apply_redo(po: PoFile, fills: dict[str, Fill], redo, config: Config, engine_for, lang) -> tuple[int, bool]:
    """Machine entries made again take their new fill; (how many changed, whether one got none and kept its old one)."""
    changed, missing = 0, False
    wanted = set(redo)
    for entry in po.entries:
        fill = fills.get(entry.msgid) if entry.msgid in wanted and entry.fuzzy and not entry.obsolete else None
        missing |= entry.msgid in wanted and fill is None
        if fill and fill.msgstr != entry.msgstr:
            entry.msgstr, entry.fuzzy = fill.msgstr, fill.fuzzy
            entry.previous_msgid = fill.previous_msgid
            changed += 1
            if fill.machine:
                _mark_machine(po, config, engine_for, lang)
    return changed, missing


def _apply_fills(po: PoFile, fills: dict[str, Fill], config: Config, engine_for, lang,
                 report: TranslateReport) -> bool:
    """Put fills into the empty entries of one merged PO file, counting each in ``report.filled``;
    True if some entry is still empty."""
    machine = False
    for entry in po.entries:
        fill = fills.get(entry.msgid) if _needs_translation(entry) else None
        if _needs_translation(entry):
            report.filled["machine" if fill and fill.machine else "memory" if fill else "empty"] += 1
        if fill:
            entry.msgstr = fill.msgstr
            entry.fuzzy = fill.fuzzy
            if fill.previous_msgid:
                entry.previous_msgid = fill.previous_msgid
            set_aligned_comment(entry, fill.comment)
            machine |= fill.machine
    if machine:
        _mark_machine(po, config, engine_for, lang)
    return any(_needs_translation(e) for e in po.entries)


def _mark_machine(po: PoFile, config: Config, engine_for, lang) -> None:
    """The published notice names the engine from this header."""
    po.set_metadata("X-Machine-Translation", engine_label(engine_for(lang).identity(config.source, lang)))
