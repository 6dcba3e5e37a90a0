"""Memory matches with their provenance, machine output told from human work.

A pair harvested from a PO file counts as reviewed work, but a translator may
have cleared the fuzzy flag of raw machine translation without reading it
(``msgattrib --clear-fuzzy``).  Such a pair is recognised by presslate's own
records: its text is exactly what an engine produced for its source
(``mt_made``, :meth:`~presslate.memory.store.Memory.machine_outputs`).  It is
labelled :data:`MACHINE` ("machine, unfuzzied") and ranked below every
human translation: the review desk shows it so, and ``translate`` fills an
entry with it only as a fuzzy machine translation, never as a reviewed match.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from presslate.catalog.entry import Entry
from presslate.memory.placeholders import adapt_placeholders
from presslate.memory.store import Match, Memory

MACHINE = "machine"
"""The origin of a stored pair whose text is the engine's own output for its source."""

LABELS = {
    "reviewed": "reviewed in presslate",
    "aligned": "aligned from the archive",
    "tmx": "imported TMX",
    MACHINE: "machine output, unfuzzied",
}
"""How each origin reads for a translator."""

ALIGNED_COMMENT = "aligned from "
"""How the translator comment of an entry filled from an aligned pair begins (gettext keeps
translator comments through ``msgmerge``, and Poedit and Weblate show and keep them)."""


def aligned_comment(note: str | None) -> str:
    """The translator comment of an entry filled from an aligned pair whose memory note is ``note``
    ("aligned from FILE"): one line, and the note it has in the memory."""
    note = " ".join((note or "").split())
    return note if note.startswith(ALIGNED_COMMENT) else ALIGNED_COMMENT + "the archive"


def is_aligned_comment(comment: str) -> bool:
    """Whether a translator comment is the one :func:`aligned_comment` writes."""
    return comment.strip().startswith(ALIGNED_COMMENT)


def set_aligned_comment(entry: Entry, comment: str | None) -> None:
    """An entry just filled: ``comment`` (:func:`aligned_comment`) when the fill is an aligned pair, None
    otherwise.  An aligned comment of an earlier fill goes; the translator's own comments stay."""
    comments = [c for c in entry.translator_comments if not is_aligned_comment(c)] + ([comment] if comment else [])
    if comments != entry.translator_comments:
        entry.translator_comments = comments


def label(memory: Memory, src_lang: str, tgt_lang: str, text: str, matches: Iterable[Match]) -> list[Match]:
    """``matches`` (looked up for ``text``) with origin :data:`MACHINE` where the stored
    translation is what machine translation gave its source."""
    matches = list(matches)
    outputs = memory.machine_outputs(src_lang, tgt_lang, {m.source for m in matches})
    labelled = []
    for match in matches:
        made = outputs.get(match.source, ())
        # a fuzzy match's text had its placeholders adapted to ``text``: adapt the engine's output alike
        if any(match.target == (out if match.source == text else adapt_placeholders(match.source, out, text))
               for out in made):
            match = replace(match, origin=MACHINE)
        labelled.append(match)
    return labelled


def rank(matches: Iterable[Match]) -> list[Match]:
    """Human work first (exact before fuzzy, then by score), machine output after it; stable otherwise."""
    return sorted(matches, key=lambda m: (m.origin == MACHINE, m.kind != "exact", -m.score))


def suggestions(memory: Memory, src_lang: str, tgt_lang: str, text: str, threshold: float) -> list[Match]:
    """Every exact translation of ``text`` and the closest fuzzy one, labelled and ranked, each text once."""
    found: dict[str, Match] = {}
    close = memory.fuzzy(src_lang, tgt_lang, text, threshold)
    for match in [*memory.exact_all(src_lang, tgt_lang, text), *([close] if close else [])]:
        found.setdefault(match.target, match)
    return rank(label(memory, src_lang, tgt_lang, text, found.values()))


def best_matches(memory: Memory, src_lang: str, tgt_lang: str, texts: Iterable[str],
                 threshold: float | None) -> dict[str, Match]:
    """:meth:`Memory.lookup_many`, labelled: an exact match that is unfuzzied machine output gives way
    to a human translation of the same text if there is one, and keeps origin :data:`MACHINE` if not."""
    found = memory.lookup_many(src_lang, tgt_lang, texts, threshold)
    for text, match in found.items():
        candidates = memory.exact_all(src_lang, tgt_lang, text) if match.kind == "exact" else [match]
        found[text] = rank(label(memory, src_lang, tgt_lang, text, candidates))[0]
    return found
