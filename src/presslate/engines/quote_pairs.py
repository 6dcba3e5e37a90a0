"""Quotations as a pair: found in the source, carried through the engine, restored in the target's style.

An engine translates the words around a quotation mark and puts the mark
back wherever its word order lands: ``and that is Tanya's wonderful," said
Lokshina`` comes out as "y aquello es Tanya” maravillosa, dicha Lokshina".
:func:`protect` pairs the source's quotation marks (straight ``"…"``,
curly “…” and ‘…’, TeX-style ````…''``) and sends each pair as a paired
placeholder tag around the quoted words (straight single quotes too, around
more than one letter) (``<7>…</7>``), which engines carry
like any inline markup; ``restore`` writes the pair back around the same
span with the target's marks:

* ``cldr`` — the language's CLDR delimiters (« » in Spanish, French,
  Italian, Catalan; „ “ in German; “ ” in English and Portuguese…; the
  alternate marks for a quotation inside another);
* ``curly`` — “ ” (and ‘ ’ inside), whatever the language;
* ``source`` — the marks the source used (straight stays straight; TeX's
  ````…''`` becomes “…”), only moved back around their span.

Spanish, French, Italian, Catalan and Portuguese put the period or comma
that ends a quotation outside the closing mark ("…hecho»."), English puts
it inside: a period or comma just inside the closing tag goes out when the
target's rule says so.  A quotation that runs over several sentences is
split over segments: a segment whose first double mark closes a quotation
opened before it, or whose last double mark opens one that goes on after it,
gets a half pair (:func:`find_halves`), a tag from the segment's start to
the closing mark or from the opening mark to its end; only that one mark is
written back, with the same punctuation rule ("…lo siguen”.").  Other marks
that do not pair are left as they are; an apostrophe is never a mark.
Babel carries no CLDR delimiter data, so the marks are the table below.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from presslate import inline

__all__ = ["DEFAULT_QUOTE_STYLE", "QUOTE_STYLES", "find_halves", "find_pairs", "marks", "protect"]

QUOTE_STYLES = ("source", "cldr", "curly")
DEFAULT_QUOTE_STYLE = "source"
"""Chosen with `make eval-rules`: « » (cldr) lowered chrF on the technical pairs, whose references keep "…"."""

# CLDR quotationStart/End and alternateQuotationStart/End.
_CLDR = {
    "es": "«»“”", "fr": "«»«»", "it": "«»“”", "ca": "«»“”", "pt": "“”‘’", "en": "“”‘’", "de": "„“‚‘",
    "nl": "‘’“”", "pl": "„”«»", "cs": "„“‚‘", "sk": "„“‚‘", "sl": "„“‚‘", "ru": "«»„“", "uk": "«»„“",
    "da": "“”‘’", "sv": "””’’", "fi": "””’’", "nb": "«»‘’", "no": "«»‘’", "el": "«»“”", "tr": "“”‘’",
    "hu": "„”»«", "ro": "„”«»", "ja": "「」『』", "zh": "“”‘’", "ko": "“”‘’", "ar": "”“’‘", "he": "”“’‘",
    "eu": "«»“”", "gl": "“”‘’",
}
_CURLY = "“”‘’"
# Languages that put a quotation's closing period or comma after the closing mark.
_PUNCT_OUTSIDE = frozenset({"es", "fr", "it", "ca", "pt", "gl", "eu"})

_DOUBLE_OPEN, _DOUBLE_CLOSE = "“", "”"


def _base(lang: str) -> str:
    return lang.replace("-", "_").partition("_")[0].lower()


def marks(lang: str, style: str, inner: bool = False) -> tuple[str, str]:
    """(opening, closing) quotation marks of ``lang`` in ``style``; ``inner``: a quotation inside another."""
    table = _CLDR.get(_base(lang), _CURLY) if style == "cldr" else _CURLY
    return (table[2], table[3]) if inner else (table[0], table[1])


def _opens(text: str, i: int, width: int) -> bool:
    before, after = text[i - 1 : i], text[i + width : i + width + 1]
    return (not before or not before.isalnum()) and bool(after) and not after.isspace()


def _closes(text: str, i: int, width: int) -> bool:
    before, after = text[i - 1 : i], text[i + width : i + width + 1]
    return bool(before) and not before.isspace() and (not after or not after.isalnum())


_MARK = re.compile(r"``|''|[\"“”‘’']")


def find_pairs(text: str) -> list[tuple[int, int, int, int, bool]]:
    """``(open start, open end, close start, close end, inner)`` of each quotation ``text`` opens and closes.

    Double marks pair first (straight with straight, “ with ”, `` with ''); single
    marks pair only inside a double quotation or in a text without double marks.
    """
    found: list[tuple[int, int, int, int, bool]] = []
    stack: list[tuple[str, int, int]] = []  # kind, start, end of open marks
    for m in _MARK.finditer(text):
        mark, i, width = m.group(), m.start(), len(m.group())
        kind = {"``": "tex", "''": "tex", '"': "straight", "“": "curly", "”": "curly", "‘": "single", "’": "single",
                "'": "straight single"}[mark]
        if mark in "’'" and text[i - 1 : i].isalnum() and text[i + 1 : i + 2].isalnum():
            continue  # an apostrophe: don't, rOpenSci’s
        can_close = mark in ('"', "''", "”", "’", "'") and _closes(text, i, width)
        can_open = mark in ('"', "``", "“", "‘", "'") and _opens(text, i, width)
        opener = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == kind), None)
        if can_close and opener is not None and (mark != "'" or i - stack[opener][2] > 1):
            _, start, end = stack[opener]
            del stack[opener:]  # marks opened inside and never closed stay as they are
            found.append((start, end, i, i + width, bool(stack)))  # inside another quotation
        elif can_open:
            stack.append((kind, i, i + width))
        # else: a closing ’ without its ‘ is an apostrophe (the students’ work); a lone mark stays as it is
    return sorted(found)


_DOUBLE = re.compile(r"[\"“”]")  # not TeX's ``…'': a lone `` is more often reStructuredText's code mark


def find_halves(text: str, pairs: list[tuple[int, int, int, int, bool]]) -> list[tuple[int, int, int, int, str]]:
    """Half pairs of a quotation that runs over segments: ``(span start, mark start, mark end, span end, side)``.

    ``side`` "close": the first double mark closes a quotation that started
    before ``text`` (the span runs from its start to the mark); "open": the last
    double mark opens one that goes on after it (from the mark to its end).  Only
    when every other double mark of ``text`` is in ``pairs``; not when that mark
    could be read either way (a
    straight mark after a digit may be inches: 5' 11"), or when the span would
    cut the text's own markup in two.
    """
    paired = {i for pair in pairs for i in (pair[0], pair[2])}
    marks_found = list(_DOUBLE.finditer(text))
    halves: list[tuple[int, int, int, int, str]] = []
    lone = [m.start() for m in marks_found if m.start() not in paired]
    if not lone or any(i not in (marks_found[0].start(), marks_found[-1].start()) for i in lone):
        return halves
    first, last = marks_found[0], marks_found[-1]
    width = len(first.group())
    start = len(text) - len(text.lstrip())
    if (first.start() not in paired and first.group() in ('"', "”") and _closes(text, first.start(), width)
            and not (first.group() == '"' and (_opens(text, first.start(), width) or text[first.start() - 1].isdigit()))
            and _balanced(text[start:first.start()])):
        halves.append((start, first.start(), first.end(), first.end(), "close"))
    width = len(last.group())
    end = len(text.rstrip())
    if (last.start() not in paired and last.group() in ('"', "“") and _opens(text, last.start(), width)
            and not (last.group() == '"' and _closes(text, last.start(), width))
            and (not halves or last.start() > halves[0][1]) and _balanced(text[last.end():end])):
        halves.append((last.start(), last.start(), last.end(), end, "open"))
    return halves


def _balanced(text: str) -> bool:
    """Whether every paired tag of ``text`` opens and closes inside it."""
    depth: dict[int, int] = {}
    for tag in inline.tags(text):
        if tag.kind != "empty":
            depth[tag.number] = depth.get(tag.number, 0) + (1 if tag.kind == "open" else -1)
            if depth[tag.number] < 0:
                return False
    return not any(depth.values())


def protect(text: str, lang: str, style: str) -> tuple[str, Callable[[str], str | None]]:
    """``text`` with each quotation's marks as a paired tag, and ``restore(output)`` writing the target's marks.

    ``restore`` returns None when the engine lost, repeated or reversed a
    tag, so the caller falls back rather than publish an unpaired quotation.
    """
    pairs = find_pairs(text)
    halves = find_halves(text, pairs)
    if not pairs and not halves:
        return text, lambda output: output
    number = max((tag.number for tag in inline.tags(text)), default=0)
    edits: list[tuple[int, int, str]] = []
    inner_of: dict[int, bool] = {}
    own: dict[int, tuple[str, str]] = {}
    for open_start, open_end, close_start, close_end, inner in pairs:
        number += 1
        inner_of[number] = inner
        pair = (text[open_start:open_end], text[close_start:close_end])
        own[number] = ("“", "”") if pair == ("``", "''") else pair
        edits += [(open_start, open_end, f"<{number}>"), (close_start, close_end, f"</{number}>")]
    half: dict[int, str] = {}  # a half pair's number: the side whose mark it has
    for span_start, mark_start, mark_end, span_end, side in halves:
        number += 1
        inner_of[number], half[number] = False, side
        mark = text[mark_start:mark_end]
        own[number] = ("", mark) if side == "close" else (mark, "")
        if side == "close":
            edits += [(span_start, span_start, f"<{number}>"), (mark_start, mark_end, f"</{number}>")]
        else:
            edits += [(mark_start, mark_end, f"<{number}>"), (span_end, span_end, f"</{number}>")]
    pieces, pos = [], 0
    for start, end, tag in sorted(edits):
        pieces += [text[pos:start], tag]
        pos = end
    pieces.append(text[pos:])
    outside = _base(lang) in _PUNCT_OUTSIDE
    french = _base(lang) == "fr" and style == "cldr"

    def restore(output: str) -> str | None:
        ours = [tag for tag in inline.tags(output) if tag.number in inner_of]
        opened = [t.number for t in ours if t.kind == "open"]
        closed = [t.number for t in ours if t.kind == "close"]
        if sorted(opened) != sorted(inner_of) or sorted(closed) != sorted(inner_of) or len(ours) != 2 * len(inner_of):
            return None
        seen: set[int] = set()
        for tag in ours:
            if tag.kind == "close" and tag.number not in seen:
                return None
            seen.add(tag.number)
        result, at = [], 0
        for tag in ours:
            opening, closing = own[tag.number] if style == "source" else marks(lang, style, inner_of[tag.number])
            if tag.number in half:  # only the mark this segment has
                opening, closing = (opening, "") if half[tag.number] == "open" else ("", closing)
            before = output[at:tag.start]
            if tag.kind == "open":
                result += [before, opening + ("\u00a0" if french and opening else "")]
                at = tag.end
                at += len(output[at:]) - len(output[at:].lstrip(" \t"))  # no space just inside the mark
            else:
                before = before.rstrip(" \t")
                tail = ""
                if (closing and outside and before[-1:] in (".", ",")
                        and output[tag.end : tag.end + 1] not in (".", ",", ";", ":")):
                    before, tail = before[:-1], before[-1]
                result += [before, ("\u00a0" if french and closing else "") + closing + tail]
                at = tag.end
        result.append(output[at:])
        return "".join(result)

    return "".join(pieces), restore
