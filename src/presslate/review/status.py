"""presslate status: review progress per article and language, in entries and source words.

The states and the percentage are defined once, in :mod:`presslate.review.progress`,
and ``build``, ``publish`` and the review desk count with the same functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from presslate.catalog.pofile import PoFile, read_po_data
from presslate.config import Config, select_articles
from presslate.document import Document
from presslate.memory.store import Memory
from presslate.review.check_cache import CheckCache
from presslate.review.progress import STATES, Evidence, Progress, article_progress, entry_state

__all__ = ["STATES", "StatusRow", "entry_state", "status", "status_total"]


@dataclass
class StatusRow:
    article: str
    lang: str
    progress: Progress
    errors: int = 0  # findings of presslate check
    warnings: int = 0

    @property
    def entries(self) -> dict[str, int]:
        return self.progress.entries

    @property
    def words(self) -> dict[str, int]:
        return self.progress.words

    @property
    def percent_reviewed(self) -> float | None:
        """Reviewed words of the article's words; None for an article with no text."""
        return self.progress.percent_reviewed

    def to_dict(self) -> dict:
        pct = self.percent_reviewed
        return {"article": self.article, "lang": self.lang, "entries": self.entries, "words": self.words,
                "percent_reviewed": None if pct is None else round(pct, 1),
                "errors": self.errors, "warnings": self.warnings}


def status(config: Config, langs: list[str], parse: Callable[[str, object], Document],
           findings: Callable[[PoFile, str, str, str], list] | None = None,
           cache: CheckCache | None = None) -> list[StatusRow]:
    """Review progress per article and language.

    ``parse(article_id, path)``: the article's document (its segments are what
    build renders); ``findings(po, path, lang, fmt)`` runs the checks, whose
    counts ``cache`` remembers per PO file.
    """
    rows = []
    with Memory.for_project(config.root) as memory:
        for article_id, path in select_articles(config):
            doc = parse(article_id, path)
            segments = list(doc.segments())
            for lang in langs:
                po_path = config.po_path(lang, article_id)
                data = po_path.read_bytes() if po_path.exists() else None
                po = read_po_data(po_path, data, config)
                evidence = Evidence.load(memory, config.source, lang, po.entries) if po is not None else Evidence()
                progress, _ = article_progress(segments, po, doc.format, evidence)
                row = StatusRow(article_id, lang, progress)
                if po is not None and findings:
                    reference = config.reference(po_path)
                    key = cache.key(lang, doc.format, data) if cache else ""
                    counted = cache.get(reference, key) if cache else None
                    if counted is None:
                        found = findings(po, reference, lang, doc.format)
                        errors = sum(f.severity == "error" for f in found)
                        counted = (errors, len(found) - errors)
                        if cache:
                            cache.put(reference, key, *counted)
                    row.errors, row.warnings = counted
                rows.append(row)
    if cache:
        cache.save()
    return rows


def status_total(rows: list[StatusRow]) -> StatusRow:
    total = StatusRow("total", "", Progress())
    for row in rows:
        total.progress.add(row.progress)
        total.errors += row.errors
        total.warnings += row.warnings
    return total
