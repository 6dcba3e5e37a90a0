"""Filling a run's empty entries: from the translation memory first, then by machine translation.

:func:`fill_from_memory` takes reviewed (or aligned) translations of the same or a
similar sentence (an exact aligned one fuzzy, with the translator comment
"aligned from FILE"); :func:`machine_translate` sends what is left to the
engine through the MT cache.  Both leave a :class:`Fill` per msgid they could
fill and count what they did in the run's report (``TranslateReport``).
"""

from __future__ import annotations

from dataclasses import dataclass

from presslate import formats
from presslate.config import Config
from presslate.inline import markup_problems
from presslate.memory import provenance
from presslate.memory.repair_match import repair
from presslate.memory.store import Memory
from presslate.workflow.mt_prep import Prep

__all__ = ["Fill", "fill_from_memory", "machine_translate"]


@dataclass(frozen=True)
class Fill:
    """What goes into an empty entry: a translation, whether it needs review, and from where."""

    msgstr: str
    fuzzy: bool = True
    previous_msgid: str | None = None  # the TM source a fuzzy match was made for
    machine: bool = False
    comment: str | None = None  # the translator comment saying where it came from (an aligned pair)


def fill_from_memory(memory: Memory, config: Config, lang: str, pending: dict[str, str], fills, report) -> None:
    """Reviewed translations of the same or a similar sentence, before any MT.

    An exact match that is only the engine's output with its fuzzy flag cleared
    (:mod:`presslate.memory.provenance`) is machine translation: it fills the
    entry fuzzy, counted with the MT cache, never as a reviewed match."""
    found = provenance.best_matches(memory, config.source, lang, list(pending), threshold=config.memory_threshold)
    for msgid, match in found.items():
        if formats.problems(msgid, match.target, pending[msgid]):
            continue
        if match.kind == "exact" and match.origin == provenance.MACHINE:
            fills[msgid] = Fill(match.target, fuzzy=True, machine=True)
            report.mt_cached += 1
        elif match.kind == "exact" and match.origin == "aligned":  # a program's guess: a person confirms it
            fills[msgid] = Fill(match.target, fuzzy=True, comment=provenance.aligned_comment(match.note))
            report.tm_exact += 1
        elif match.kind == "exact":
            fills[msgid] = Fill(match.target, fuzzy=config.memory_exact_fuzzy)
            report.tm_exact += 1
        else:
            patched = repair(match.source, match.target, msgid, lang)
            if patched is not None and patched != match.target and not formats.problems(msgid, patched, pending[msgid]):
                fills[msgid] = Fill(patched, fuzzy=True, previous_msgid=match.source)
                report.tm_repaired += 1
            else:
                fills[msgid] = Fill(match.target, fuzzy=True, previous_msgid=match.source)
            report.tm_fuzzy += 1
        del pending[msgid]


def machine_translate(engine, memory: Memory, source, lang, pending: dict[str, str], fills, prep: Prep, report,
                       progress, backend, options: dict | None) -> None:
    """Fill ``pending`` by machine translation: each msgid is prepared (``prep``), the prepared
    texts the MT cache does not hold are sent in calls (``backend.translate``), each call's raw
    outputs cached as it arrives, and ``prep.finish`` turns cached and fresh outputs alike into
    translations.

    The cache key is the engine identity and exactly the text sent, so a
    glossary, names or heading-case change (which changes the text) asks the
    engine again, and one that only changes the finish step (repair rules,
    heading style) is applied to the cached output.  A text sent for several
    msgids is sent once.  A result with broken markup, or that lost a name,
    is dropped and counted as a fallback.
    """
    engine_id = engine.identity(source, lang)
    prepared = prep.prepare_all(pending)
    by_text: dict[str, list[str]] = {}
    for msgid, (text, _) in prepared.items():
        by_text.setdefault(text, []).append(msgid)
    cached = memory.cached_mt(engine_id, source, lang, list(by_text))
    hits = [msgid for msgid, (text, _) in prepared.items() if text in cached]
    good = _finish(prep, prepared, pending, hits, [cached[prepared[m][0]] for m in hits], fills, report)
    memory.record_mt(engine_id, source, lang, good)
    report.mt_cached += len(good)
    if progress and hits:
        progress(len(hits))
    texts = [text for text in by_text if text not in cached]
    for call in backend.translate(engine, options, texts, source, lang):
        report.fallbacks += call.fallbacks
        sent = texts[call.start : call.start + len(call.outputs)]
        msgids = [msgid for text in sent for msgid in by_text[text]]
        raw = dict(zip(sent, call.outputs))
        good = _finish(prep, prepared, pending, msgids, [raw[prepared[m][0]] for m in msgids], fills, report)
        kept = {text for _, _, text in good}
        memory.store_mt(engine_id, source, lang, [(text, raw[text]) for text in sent if text in kept])
        memory.record_mt(engine_id, source, lang, good)
        report.machine_translated += len(good)
        if progress:
            progress(len(msgids))


def _finish(prep: Prep, prepared, pending: dict[str, str], msgids: list[str], outputs: list[str], fills,
            report) -> list[tuple[str, str, str]]:
    """Engine outputs of ``msgids`` made into fills; (msgid, translation, text sent) of the good ones."""
    good = []
    for msgid, result in zip(msgids, prep.finish(msgids, [prepared[m] for m in msgids], outputs)):  # None: lost a name
        if not result or markup_problems(msgid, result) or formats.problems(msgid, result, pending[msgid]):
            report.fallbacks += 1
            continue
        fills[msgid] = Fill(result, machine=True)
        good.append((msgid, result, prepared[msgid][0]))
    return good
