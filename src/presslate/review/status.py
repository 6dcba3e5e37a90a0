"""presslate status: review progress per article and language, in entries and source words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from presslate import formats
from presslate.catalog.pofile import Entry, PoFile, read_po
from presslate.config import Config, select_articles
from presslate.inline import word_count
from presslate.memory.store import Memory

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

    A fuzzy entry is a machine translation if MT gave its msgid exactly its
    text (``Memory.machine_outputs``); if MT never saw that msgid (e.g. the memory was
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
