"""A fuzzy memory match patched where the new sentence differs only in what a translation carries over.

"Debian 6.0 was released on February 6" looked up in a memory holding "Debian 5.0
was released on February 14" → "Debian 5.0 se publicó el 14 de febrero": the
two English sentences differ only in a version and a date, tokens a translation
keeps as they are (numbers, versions, URLs, names) or translates by a table
(month and weekday names).  Each changed token is found in the stored
translation as often as in the old sentence, and replaced by the new one: "Debian 6.0 se publicó
el 6 de febrero".  Placeholders are already renumbered by
:func:`~presslate.memory.placeholders.adapt_placeholders`, so tags that differ
only in number, or a tag the new sentence lost, need nothing more.

Anything else (a word added, removed or changed, a changed token not found in
the translation, or found more than once) leaves the match as it was: it is
offered as today.  A patched match is still a fuzzy match for a translator to
check.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from presslate.inline import markup_problems

__all__ = ["repair"]

_TOKEN = re.compile(r"https?://[^\s<>\"')\]]+|</?\d+/?>|[vV]?\d+(?:[.,:/-]\d+)*[a-z]?\d*|[^\W\d_][\w'’-]*|\S")
_URL = re.compile(r"https?://")
_TAG = re.compile(r"</?\d+/?>")
_NUMBER = re.compile(r"\d")

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Month and weekday names in the target languages presslate knows them for.
_CALENDAR = {
    "es": (("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
            "noviembre", "diciembre"), ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")),
    "fr": (("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
            "novembre", "décembre"), ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")),
    "de": (("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
            "November", "Dezember"), ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")),
    "pt": (("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
            "novembro", "dezembro"), ("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira",
                                      "sábado", "domingo")),
}


def _kind(token: str) -> str | None:
    """What a token is, if a translation carries it over: "url", "number", "month", "day", "name"; else None."""
    if _URL.match(token):
        return "url"
    if _NUMBER.search(token):
        return "number"  # 6.0, 2026-03-01, v2.3, 1,000, 4th

    low = token.lower()
    if low in _MONTHS:
        return "month"
    if low in _DAYS:
        return "day"
    if token[:1].isupper() or any(c.isupper() for c in token[1:]):
        return "name"
    return None


def _key(token: str) -> str:
    return "<#>" if _TAG.fullmatch(token) else token


def repair(old_source: str, target: str, new_source: str, tgt_lang: str = "es") -> str | None:
    """``target`` (the translation of ``old_source``, placeholders already fit for ``new_source``) with
    the tokens that changed carried over; None when the sources differ in anything else, or when a
    changed token is not in ``target`` as often as in ``old_source``.  Unchanged sources give ``target``."""
    old, new = _TOKEN.findall(old_source), _TOKEN.findall(new_source)
    matcher = SequenceMatcher(None, [_key(t) for t in old], [_key(t) for t in new], autojunk=False)
    changes: list[tuple[str, str, str]] = []  # (kind, old token, new token)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        old_part, new_part = old[i1:i2], new[j1:j2]
        if all(_TAG.fullmatch(t) for t in old_part + new_part):
            continue  # a placeholder lost or moved: adapt_placeholders saw to it
        if op != "replace" or len(old_part) != len(new_part):
            return None
        for a, b in zip(old_part, new_part):
            kind = _kind(a)
            if kind is None or kind != _kind(b):
                return None
            changes.append((kind, a, b))
    if not changes:
        return target
    spans: list[tuple[int, int, str]] = []
    for kind, a, b in dict.fromkeys(changes):
        times = sum(1 for change in changes if change[1] == a)
        if times != old.count(a) or any(change[1] == a and change[2] != b for change in changes):
            return None  # some of its occurrences stay, or they change to different tokens
        found = _find(kind, a, b, target, tgt_lang, times)
        if found is None:
            return None
        spans.extend(found)
    spans.sort()
    if any(spans[k][1] > spans[k + 1][0] for k in range(len(spans) - 1)):
        return None
    patched = target
    for start, end, text in reversed(spans):
        patched = patched[:start] + text + patched[end:]
    return None if markup_problems(new_source, patched) else patched


def _find(kind: str, old: str, new: str, target: str, lang: str, times: int) -> list[tuple[int, int, str]] | None:
    """Where ``old`` (or its translation) stands in ``target``, exactly ``times`` times, and what replaces it."""
    candidates = [(old, new)]
    if kind == "number" and re.fullmatch(r"\d{1,3}(,\d{3})+", old) and re.fullmatch(r"\d{1,3}(,\d{3})+", new):
        candidates.append((old.replace(",", "."), new.replace(",", ".")))  # 1,000 written 1.000
        candidates.append((old.replace(",", "\u00a0"), new.replace(",", "\u00a0")))
    elif kind == "number" and re.fullmatch(r"\d+\.\d+", old) and re.fullmatch(r"\d+\.\d+", new):
        candidates.append((old.replace(".", ","), new.replace(".", ",")))  # 2.5 written 2,5
    elif kind in ("month", "day"):
        names = _CALENDAR.get(lang.split("_")[0].split("-")[0].lower())
        if names is None:
            return None
        english = _MONTHS if kind == "month" else _DAYS
        table = names[0] if kind == "month" else names[1]
        a, b = table[english.index(old.lower())], table[english.index(new.lower())]
        candidates = [(a, b), (a.capitalize(), b.capitalize())]
    for a, b in candidates:
        hits = [m for m in re.finditer(r"(?<![\w.,])" + re.escape(a) + r"(?![\w]|[.,]\d)", target)]
        if len(hits) == times:
            return [(m.start(), m.end(), b) for m in hits]
        if hits:
            return None
    return None
