"""Catalogs: the template (POT) of an article and the merge into each PO file.

The merge follows ``msgmerge --previous``: an unchanged msgid keeps its entry
object (and so its exact bytes); an edited sentence inherits the closest old
translation marked ``fuzzy`` with the old text as ``#| msgid``; a removed
translated entry becomes obsolete (``#~``) instead of disappearing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from difflib import SequenceMatcher

from babel import Locale

from presslate import __version__
from presslate.catalog.pofile import Entry, PoFile
from presslate.document import Document, Segment

FUZZY_THRESHOLD = 0.6  # msgmerge's own similarity cut-off


def describe(segment: Segment) -> str:
    """The ``#.`` comment that tells a translator what a segment is."""
    if segment.position:
        index, count = segment.position
        return f"{segment.kind}, sentence {index} of {count}"
    return segment.kind


def key_of(entry: Entry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def build_template(doc: Document, reference: str, project: str) -> PoFile:
    """The POT of one article: entries in document order.

    Identical text shares one entry (its references list every place), as
    xgettext does: placeholders map to source markup in the document model,
    not in the PO file, so the same msgid always takes the same translation
    and no msgctxt is needed.
    """
    pot = PoFile()
    pot.header = Entry(msgid="", msgstr=_header_text(project, None), flags=["fuzzy"])
    pot.header.translator_comments = [f"Template for {project}, extracted by presslate.", ""]
    entries: dict[str, Entry] = {}
    for seg in doc.segments():
        entry = entries.get(seg.text)
        if entry is None:
            entry = entries[seg.text] = Entry(msgid=seg.text)
            pot.append(entry)
        ref = f"{reference}:{seg.line}"
        if ref not in entry.references:
            entry.references.append(ref)
        comment = describe(seg)
        if comment not in entry.extracted_comments:
            entry.extracted_comments.append(comment)
    return pot


@dataclass
class MergeStats:
    kept: int = 0
    fuzzy: int = 0
    new: int = 0
    obsoleted: int = 0

    def add(self, other: "MergeStats") -> None:
        self.kept += other.kept
        self.fuzzy += other.fuzzy
        self.new += other.new
        self.obsoleted += other.obsoleted


def merge(existing: PoFile | None, pot: PoFile, lang: str, project: str,
          now: datetime | None = None) -> tuple[PoFile, MergeStats]:
    """Bring a language's PO file up to date with the template; ``now`` dates a new file."""
    stats = MergeStats()
    if existing is None:
        po = PoFile()
        po.header = Entry(msgid="", msgstr=_header_text(project, lang, revised=now or datetime.now(timezone.utc)))
        language = Locale.parse(lang).english_name
        po.header.translator_comments = [f"{language} translation of {project}.", ""]
        for template_entry in pot.entries:
            po.append(_fresh(template_entry))
            stats.new += 1
        return po, stats

    live = {key_of(e): e for e in existing.entries if not e.obsolete}
    obsolete = {key_of(e): e for e in existing.entries if e.obsolete}
    wanted = {key_of(e) for e in pot.entries}
    leftovers = [e for k, e in live.items() if k not in wanted and e.msgstr]
    merged: list[Entry] = []
    consumed: set[int] = set()
    for template_entry in pot.entries:
        key = key_of(template_entry)
        entry = live.get(key) or obsolete.pop(key, None)
        if entry is not None:
            entry.obsolete = False  # revived if it was obsolete; otherwise untouched
            stats.kept += 1
        else:
            old = _closest(template_entry.msgid, [e for e in leftovers if id(e) not in consumed])
            entry = _fresh(template_entry)
            if old is not None:
                consumed.add(id(old))
                entry.msgstr = old.msgstr
                entry.flags = ["fuzzy"] + [f for f in old.flags if f != "fuzzy"]
                entry.previous_msgid = old.previous_msgid if old.fuzzy and old.previous_msgid else old.msgid
                entry.translator_comments = list(old.translator_comments)
                stats.fuzzy += 1
            else:
                stats.new += 1
        _copy_template_comments(entry, template_entry)
        merged.append(entry)
    newly_obsolete = [e for e in leftovers if id(e) not in consumed]
    for entry in newly_obsolete:
        entry.obsolete = True
        entry.references = []
        stats.obsoleted += 1
    existing.entries[:] = []
    for entry in merged + list(obsolete.values()) + newly_obsolete:
        existing.append(entry)
    return existing, stats


def _fresh(template_entry: Entry) -> Entry:
    return Entry(
        msgid=template_entry.msgid,
        msgctxt=template_entry.msgctxt,
        references=list(template_entry.references),
        extracted_comments=list(template_entry.extracted_comments),
    )


def _copy_template_comments(entry: Entry, template_entry: Entry) -> None:
    if entry.references != template_entry.references:
        entry.references = list(template_entry.references)
    if entry.extracted_comments != template_entry.extracted_comments:
        entry.extracted_comments = list(template_entry.extracted_comments)


def _closest(msgid: str, candidates: list[Entry]) -> Entry | None:
    best, best_ratio = None, FUZZY_THRESHOLD
    for candidate in candidates:
        matcher = SequenceMatcher(None, msgid, candidate.msgid, autojunk=False)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio:
            best, best_ratio = candidate, ratio
    return best


def _header_text(project: str, lang: str | None, revised: datetime | None = None) -> str:
    """Header fields; a new PO file is dated once, at creation, so re-runs never churn."""
    fields = [
        ("Project-Id-Version", project),
        ("Report-Msgid-Bugs-To", ""),
        ("PO-Revision-Date", revised.strftime("%Y-%m-%d %H:%M+0000") if revised else "YEAR-MO-DA HO:MI+ZONE"),
        ("Last-Translator", ""),
        ("Language-Team", ""),
        ("Language", lang or ""),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
    ]
    if lang:
        from babel.messages.plurals import get_plural  # pulls in babel.messages (10 ms): only for new PO files

        fields.append(("Plural-Forms", get_plural(lang).plural_forms))
    fields.append(("X-Generator", f"presslate {__version__}"))
    return "".join(f"{name}: {value}\n" for name, value in fields)
