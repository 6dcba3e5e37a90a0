"""Quality checks over PO entries: what ``presslate check`` reports.

``build`` refuses only translations it cannot render (broken placeholders).
These checks also catch translations that render but are wrong or unsafe:
a changed number, URL or link, a translated organisation name, an added
``<script>``, a doubled word.  Each check in :data:`CHECKS` has a name, a
severity and a function of one (source, translation) pair:

* ``error``: wrong or unsafe to publish as it is; ``presslate check`` exits 1.
* ``warning``: probably wrong, a reviewer should look; the exit code stays 0.

A translator silences one check on one entry with a flag,
``#, presslate-ignore:numbers`` (one check per flag, several flags allowed),
or with a translator comment, ``# presslate-ignore: numbers, urls``, which
survives GNU msgmerge and msgcat (they drop flags they do not know).  A
project disables checks for all entries with :class:`Settings`.

``markup`` runs exactly the checks ``build`` runs (placeholders, then the
article format's own rules in :func:`presslate.formats.problems`: emphasis,
and markup or template code the source lacks; given the article's segments,
also :func:`presslate.formats.segment_problems`: raw HTML behind placeholders
still nests), so every translation ``build`` would refuse is reported.  ``links`` and ``unsafe-markup`` do not depend on the format; they
stay silent on a translation that ``markup`` already reports for its format,
so one added ``<script>`` is one finding.

An empty translation gets only the ``untranslated`` finding.  Fuzzy entries
get the ``fuzzy`` finding *and* every content check, because
``build --include-fuzzy`` publishes their text.  ``untranslated`` and
``fuzzy`` are warnings unless the caller requires reviewed catalogs.
Obsolete entries are not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from presslate.catalog.pofile import Entry, PoFile
from presslate.document import Segment
from presslate.report import Refusal, Report

# The check modules register their checks on import, in this order: the order of CHECKS and of every report.
from presslate.review import checks_markup, checks_numbers, checks_text  # noqa: F401, I001
from presslate.review.checks import CHECKS, ERROR, Check, Pair, Settings
from presslate.review.glossary import Glossary

__all__ = [
    "CHECKS", "IGNORE_FLAG", "Check", "CheckReport", "Pair", "Problem", "Settings", "check_entry", "check_file",
]

IGNORE_FLAG = "presslate-ignore:"
_REVIEW_CHECKS = frozenset({"untranslated", "fuzzy"})


@dataclass(frozen=True)
class Problem:
    """A finding before it is placed in a file."""

    check: str
    severity: str
    message: str


@dataclass
class CheckReport(Report):
    """The findings of ``presslate check``, in file order; errors fail the check, warnings do not."""

    REFUSED = ""
    REFUSALS_TO_STDOUT = True

    refusals: list[Refusal] = field(default_factory=list)
    catalogs: int = 0

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.refusals)

    @property
    def failed(self) -> bool:
        return self.errors > 0

    def summary(self) -> str:
        return f"{self.catalogs} catalogs checked: {self.errors} errors, {len(self.refusals) - self.errors} warnings"


def check_entry(
    msgid: str,
    msgstr: str,
    *,
    source_lang: str,
    target_lang: str,
    flags: Iterable[str] = (),
    glossary: Glossary | None = None,
    settings: Settings | None = None,
    require_reviewed: bool = False,
    fmt: str = "markdown",
    segments: Iterable[Segment] = (),
) -> list[Problem]:
    """Problems of one translation, in the order of :data:`CHECKS`.

    ``segments``: the article's segments with this msgid, so that ``markup`` also
    checks the source markup behind placeholders, as ``build`` does.
    """
    flags = tuple(flags)
    settings = settings or Settings()
    pair = Pair(msgid, msgstr, source_lang, target_lang, flags, glossary or Glossary(), settings, fmt, tuple(segments))
    skip = settings.disabled | {flag[len(IGNORE_FLAG):].strip() for flag in flags if flag.startswith(IGNORE_FLAG)}
    names = ["untranslated"] if not msgstr else [name for name in CHECKS if name != "untranslated"]
    problems = []
    for name in (name for name in names if name not in skip):
        check = CHECKS[name]
        severity = ERROR if require_reviewed and name in _REVIEW_CHECKS else check.severity
        problems += [Problem(name, severity, message) for message in check.function(pair)]
    return problems


def check_file(
    po: PoFile,
    path: str,
    source_lang: str,
    target_lang: str,
    glossary: Glossary | None = None,
    settings: Settings | None = None,
    require_reviewed: bool = False,
    fmt: str = "markdown",
    segments: Mapping[str, Sequence[Segment]] | None = None,
) -> list[Refusal]:
    """Findings for every active entry of a catalog, in file order; ``segments``: the
    article's segments by msgid (see :func:`check_entry`)."""
    findings = []
    for entry in po.entries:
        if entry.obsolete:
            continue
        problems: dict[Problem, None] = {}  # plural forms can repeat a finding
        flags = entry.flags + comment_flags(entry)
        for msgid, msgstr in _forms(entry):
            problems.update(dict.fromkeys(check_entry(
                msgid, msgstr, source_lang=source_lang, target_lang=target_lang, flags=flags,
                glossary=glossary, settings=settings, require_reviewed=require_reviewed, fmt=fmt,
                segments=(segments or {}).get(msgid, ()),
            )))
        findings += [Refusal(path, entry.line, entry.msgid, p.message, check=p.check, severity=p.severity)
                     for p in problems]
    return findings


def comment_flags(entry: Entry) -> list[str]:
    """``# presslate-ignore: numbers, urls`` as the flags it stands for."""
    return [IGNORE_FLAG + name
            for comment in entry.translator_comments
            if comment.strip().startswith(IGNORE_FLAG)
            for name in re.split(r"[\s,]+", comment.strip()[len(IGNORE_FLAG):]) if name]


def _forms(entry: Entry) -> list[tuple[str, str]]:
    if entry.msgid_plural is None:
        return [(entry.msgid, entry.msgstr)]
    forms = entry.msgstr_plural or {0: ""}
    return [(entry.msgid if n == 0 else entry.msgid_plural, text) for n, text in sorted(forms.items())]
