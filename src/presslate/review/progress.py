"""What "reviewed" means, once, for status, build, publish and the review desk.

An entry is **reviewed** when it has a translation, is not fuzzy, is not
obsolete, and ``build`` would use it: :func:`refusal_problems` finds nothing
wrong with it.  A translation ``build`` refuses (the source text is used in
its place) is **refused**, never reviewed, wherever it is shown or counted.

The **percentage reviewed** of an article in a language is
``reviewed words / words of the article`` (:func:`percent`): the source words
of every segment of the article, counted each time the segment occurs, as a
reader sees them.  An article with no translatable text has no percentage
(``None``, shown as "no text"), not 100%.

Where a fuzzy translation came from is told from presslate's own records, not
from marks in the PO file, since no marker survives every translator's tool
(``msgmerge -U`` keeps translator comments but drops unknown flags, and drops
``#|`` without ``--previous``).  The MT cache holds what an engine produced for
each English sentence and the translation memory what translators reviewed, so
(:func:`entry_state`):

* **machine**: the text is exactly what an engine produced for this English;
* **changed**: the English changed since the text was written: the entry has
  ``#|`` previous text, or the text is a known translation of other English;
* **aligned**: the text is the translation ``presslate align`` paired with this
  English in the archive (a stored pair of origin *aligned*): a program's
  match, filled fuzzy, that nobody has confirmed or changed yet;
* **edited**: a person's text for this English (an engine, a translator or the
  archive made another text for it), not yet marked reviewed.

When the records know neither the English nor the text (a catalog made on
another checkout: the records live in ``.presslate/``, which is not shared), a
fuzzy entry without ``#|`` is taken as a ``translate`` run leaves it: aligned
if it has the translator comment "aligned from …" that ``translate`` and
``align --po`` give an aligned pair (translator comments survive ``msgmerge``,
Poedit and Weblate), machine translation otherwise; records of other sentences
of the language say nothing about this one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from presslate import formats
from presslate.catalog.entry import Entry
from presslate.document import Segment
from presslate.inline import markup_problems, word_count
from presslate.memory.provenance import is_aligned_comment

STATES = ("reviewed", "edited", "aligned", "machine", "changed", "refused", "untranslated", "obsolete")
"""Columns of ``status``, in order; every entry counts in exactly one."""


def refusal_problems(msgid: str, msgstr: str, fmt: str, segments: Iterable[Segment] = ()) -> list[str]:
    """Why ``build`` would not use ``msgstr`` for ``msgid`` (empty: it would).

    ``segments``: the article's segments with this msgid, whose raw markup the
    translation must still nest with.
    """
    if not msgstr:
        return []
    return (markup_problems(msgid, msgstr) + formats.problems(msgid, msgstr, fmt)
            + formats.segment_problems(segments, msgstr))


def is_reviewed(entry: Entry | None, problems: list[str]) -> bool:
    """The one definition: translated, not fuzzy, not obsolete, not refused by build."""
    return entry is not None and bool(entry.msgstr) and not entry.fuzzy and not entry.obsolete and not problems


def percent(part: int, total: int) -> float | None:
    """``part`` of ``total`` words in percent; None when there are no words at all."""
    return 100.0 * part / total if total else None


def format_percent(value: float | None, suffix: str = "") -> str:
    """How a percentage reads: rounded down (99.6% never reads as 100%), or "no text"."""
    if value is None:
        return "no text"
    return f"{int(value)}%{suffix}"


@dataclass
class Evidence:
    """What presslate's records say about the texts of some entries (see the module docstring)."""

    machine: dict[str, set[str]] = field(default_factory=dict)  # msgid → what engines produced for it
    reviewed: dict[str, set[str]] = field(default_factory=dict)  # msgid → translations reviewed for it
    aligned: dict[str, set[str]] = field(default_factory=dict)  # msgid → translations the archive paired with it
    sources: dict[str, set[str]] = field(default_factory=dict)  # text → English it was made for (TM or MT)

    @classmethod
    def load(cls, memory, src_lang: str, tgt_lang: str, entries: Iterable[Entry]) -> Evidence:
        fuzzy = [e for e in entries if e.fuzzy and e.msgstr and not e.obsolete]
        found = cls()
        if not fuzzy:
            return found
        for kind, source, target in memory.known_pairs(src_lang, tgt_lang, [e.msgid for e in fuzzy],
                                                       [e.msgstr for e in fuzzy]):
            pairs = found.machine if kind == "mt" else found.aligned if kind == "aligned" else found.reviewed
            pairs.setdefault(source, set()).add(target)
            found.sources.setdefault(target, set()).add(source)
        return found


def entry_state(entry: Entry, evidence: Evidence, problems: list[str] = ()) -> str:
    """Which column of ``status`` an entry counts in; ``problems``: :func:`refusal_problems` of it."""
    if entry.obsolete:
        return "obsolete"
    if not entry.msgstr:
        return "untranslated"
    if not entry.fuzzy:
        return "refused" if problems else "reviewed"
    if entry.msgstr in evidence.machine.get(entry.msgid, ()):
        return "machine"
    if entry.previous_msgid:
        return "changed"
    if entry.msgstr in evidence.aligned.get(entry.msgid, ()):
        return "aligned"  # the archive's own pair for this English, as `translate` or `align --po` filled it
    if evidence.sources.get(entry.msgstr, set()) - {entry.msgid}:
        return "changed"  # a translation of other English (a memory match, or the sentence was edited)
    if (entry.msgstr in evidence.reviewed.get(entry.msgid, ()) or entry.msgid in evidence.machine
            or entry.msgid in evidence.aligned):
        return "edited"
    # Nothing here knows this English or this text (a catalog made on another checkout: .presslate/ is not
    # shared): as a translate run leaves an entry, machine translation or, with its translator comment, an
    # aligned pair.  Records of *other* sentences say nothing about this one.
    return "aligned" if any(is_aligned_comment(c) for c in entry.translator_comments) else "machine"


@dataclass
class Progress:
    """Entries and source words per state of one article in one language."""

    entries: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    words: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))

    @property
    def total_words(self) -> int:
        return sum(self.words[state] for state in STATES if state != "obsolete")

    @property
    def percent_reviewed(self) -> float | None:
        return percent(self.words["reviewed"], self.total_words)

    def add(self, other: Progress) -> None:
        for state in STATES:
            self.entries[state] += other.entries[state]
            self.words[state] += other.words[state]


def article_progress(segments: list[Segment], po, fmt: str, evidence: Evidence) -> tuple[Progress, dict[str, str]]:
    """Count an article's segments (words per occurrence) and its PO entries (once each) by state.

    ``po`` None: nothing is translated yet.  PO entries no longer in the
    article count as obsolete.  Returns the counts and each msgid's state.
    """
    progress = Progress()
    states: dict[str, str] = {}
    by_msgid: dict[str, list[Segment]] = {}
    for seg in segments:
        by_msgid.setdefault(seg.text, []).append(seg)
    for msgid, occurrences in by_msgid.items():
        entry = po.find(msgid) if po is not None else None
        if entry is None or entry.obsolete:
            each = ["untranslated"] * len(occurrences)
        else:  # build judges every occurrence against its own markup
            each = [entry_state(entry, evidence, [] if entry.fuzzy else refusal_problems(msgid, entry.msgstr, fmt, [seg]))
                    for seg in occurrences]
        states[msgid] = "refused" if "refused" in each else each[0]
        progress.entries[states[msgid]] += 1
        for state in each:
            progress.words[state] += word_count(msgid)
    for entry in po.entries if po is not None else []:
        if entry.msgid not in by_msgid:
            progress.entries["obsolete"] += 1
            progress.words["obsolete"] += word_count(entry.msgid)
    return progress, states
