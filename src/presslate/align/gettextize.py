"""A project article's PO file made from the translation it already has (``presslate align --po``).

The article and its existing translation are aligned (:mod:`.pair`); every
entry of the article's PO file that has no translation yet gets the aligned
one: reviewed when the pair's confidence reaches :data:`REVIEWED`, fuzzy
below it (a translator confirms it), with the translator comment "aligned
from FILE" (:func:`presslate.memory.provenance.aligned_comment`).  Entries
that already hold a translation (reviewed or fuzzy) are never touched.  Everything is read and
aligned first; the PO file is written once, atomically, and only if it is
still the bytes read (a translator saving it meanwhile wins: the command
says so and changes nothing), under the project lock.  Once it is written,
the aligned pairs also go into the project's memory (as ``presslate align``
stores them), where the project's other articles find them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from presslate.align.archive import store
from presslate.align.pair import align_files
from presslate.catalog import merge as catalog
from presslate.catalog.pofile import read_po_data
from presslate.config import Config, select_articles
from presslate.errors import InputError
from presslate.fileio import ANY, WriteConflict, write_atomic
from presslate.formats import Options
from presslate.inline import markup_problems
from presslate.memory.provenance import aligned_comment, set_aligned_comment
from presslate.memory.store import Memory
from presslate.report import Report, counted
from presslate.workflow.articles import parse_article
from presslate.workflow.state import read_or_none

__all__ = ["GettextizeReport", "REVIEWED", "gettextize"]

REVIEWED = 0.9  # confidence from which an aligned translation goes in reviewed (not fuzzy)


@dataclass
class GettextizeReport(Report):
    po_path: str = ""
    entries: int = 0
    reviewed: int = 0  # filled, reviewed
    fuzzy: int = 0  # filled, fuzzy
    kept: int = 0  # already translated: left alone
    unmatched: int = 0  # no aligned translation: left empty (translate fills them)
    written: bool = False
    stored: int = 0  # aligned pairs added to the project's memory
    aborted: str = ""
    warnings: list[str] = field(default_factory=list)
    refusals: list = field(default_factory=list)
    skipped: list = field(default_factory=list)

    def summary(self) -> str:
        state = "wrote" if self.written else "unchanged:"
        return (f"{state} {self.po_path}: {counted(self.reviewed, 'entry', 'entries')} reviewed and "
                f"{self.fuzzy} fuzzy from the alignment, {self.kept} already translated (kept), "
                f"{self.unmatched} without an aligned translation; {self.stored} aligned pairs added to the memory")

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("po_path", "entries", "reviewed", "fuzzy", "kept", "unmatched",
                                              "written", "stored", "aborted")}


def gettextize(config: Config, article: Path, translation: Path, lang: str,
               now: datetime | None = None) -> GettextizeReport:
    """Fill the empty entries of ``article``'s PO file for ``lang`` from ``translation``."""
    now = now or datetime.now(timezone.utc)
    article = article if article.is_absolute() else Path.cwd() / article
    ids = {path.resolve(): article_id for article_id, path in select_articles(config)}
    article_id = ids.get(article.resolve())
    if article_id is None:
        raise InputError(str(article), None, "not one of the project's articles (see [project] articles)")
    parsed = parse_article(config, article_id, article)
    pot = catalog.build_template(parsed.doc, parsed.reference, parsed.id)
    options = Options(config.source, config.segmentation, config.front_matter_keys, config.notranslate_classes)
    aligned = align_files(article, translation, config.source, lang, options)
    best: dict[str, tuple[float, str]] = {}
    for unit in aligned.units:
        if unit.source not in best or best[unit.source][0] < unit.confidence:
            best[unit.source] = (unit.confidence, unit.target)
    po_path = config.po_path(lang, article_id)
    original = read_or_none(po_path)
    existing = read_po_data(po_path, original, config)
    po, _ = catalog.merge(existing, pot, lang, article_id, now)
    report = GettextizeReport(po_path=config.reference(po_path))
    for entry in po.entries:
        if entry.obsolete or not entry.msgid or entry.msgid_plural is not None:
            continue
        report.entries += 1
        if entry.msgstr:
            report.kept += 1
            continue
        found = best.get(entry.msgid)
        if found is None or markup_problems(entry.msgid, found[1]):
            report.unmatched += 1
            continue
        entry.msgstr = found[1]
        set_aligned_comment(entry, aligned_comment(f"aligned from {aligned.es_path}"))
        confident = found[0] >= REVIEWED
        entry.fuzzy = not confident
        if confident:
            report.reviewed += 1
        else:
            report.fuzzy += 1
    data = po.serialize()
    try:
        report.written = write_atomic(po_path, data, expected=original)
    except WriteConflict:
        report.written = False
        report.aborted = (f"{report.po_path} changed while it was being aligned (a translator saved it?); "
                          "nothing written: run the command again")
        report.refusals.append(f"{report.po_path}:1: changed during the run, left as it is")
        return report
    write_atomic(config.template_path(article_id), pot.serialize(), ANY)
    with Memory.for_project(config.root) as memory:  # the pairs serve the project's other articles too
        report.stored = store(memory, [aligned], config.source, lang).added
    return report
