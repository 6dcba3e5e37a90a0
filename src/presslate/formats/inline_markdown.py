"""Markdown inline syntax → segment atoms.

markdown-it-py gives block structure with line maps but no source offsets
for inline tokens, so this scanner reads the inline source itself and only
recognises what must be protected: code spans, links and images, autolinks,
raw inline HTML, Hugo shortcodes, heading anchors, footnote references,
wiki links, hard line breaks and literal placeholder-like text.  Everything
else (emphasis, escapes, entities) stays visible text for the translator.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import partial

from markdown_it.common.utils import normalizeReference

from presslate.document import Atom, Break, CloseMarker, Placeholder, Segment, Text
from presslate.inline import TAG_RE

_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[\w.!#$%&'*+/=?^`{|}~\-]+@[\w\-]+(?:\.[\w\-]+)*)>")
_HTML_TAG = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9\-]*(?:\s+[A-Za-z_:][\w.:\-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?"
    r"|/[A-Za-z][A-Za-z0-9\-]*\s*|!--(?:.|\n)*?--|\?(?:.|\n)*?\?|![A-Za-z][^>]*|!\[CDATA\[(?:.|\n)*?\]\])>"
)
_SHORTCODE = re.compile(r"\{\{(<|%).*?(\1)\}\}", re.S)
_TEMPLATE = re.compile(r"\{\{.*?\}\}", re.S)
_ANCHOR = re.compile(r"\{#[^}\s]*\}|\{/\*.*?\*/\}")
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_WIKILINK = re.compile(r"\[\[[^\]\n]+\]\]")
# Math as pandoc reads it: "$$…$$", or "$…$" with no space inside the dollars
# and no digit right after the closing one (so "$5 and $10" is not math).
_MATH = re.compile(r"\$\$.+?\$\$|\$(?=\S)[^$\n]*?(?<=\S)\$(?!\d)", re.S)
_ESCAPABLE = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# Where something other than plain text may start; _scan copies the text between at once.
_SPECIAL = "\\`<{[$!"
_NEXT_SPECIAL = re.compile("[" + re.escape(_SPECIAL) + "]")


@dataclass
class _Link:
    text_start: int
    text_end: int  # index of the closing "]"
    end: int  # after the whole link
    title: tuple[int, int] | None  # span of the title text inside the quotes
    label: str | None = None  # reference label a shortcut/collapsed link relies on


class InlineScanner:
    """Turns one block's inline source into atoms.

    ``breaks`` maps the offset where a line's visible content ends to the
    offset where the next line's content starts: the text between (trailing
    blanks, newline, container prefix, indentation) is a line break.
    """

    def __init__(self, raw: str, breaks: dict[int, int], references: set[str]):
        self.raw = raw
        self.breaks = breaks
        self.references = references
        self._break_starts = sorted(breaks)

    def atoms(self) -> list[Atom]:
        return self._scan(0, len(self.raw))

    def _scan(self, start: int, end: int, in_link: bool = False) -> list[Atom]:
        raw = self.raw
        atoms: list[Atom] = []
        text: list[str] = []

        def flush() -> None:
            if text:
                atoms.append(Text("".join(text)))
                text.clear()

        def protect(j: int, label: str) -> None:
            flush()
            atoms.append(Placeholder([raw[i:j]], None, label))

        i = start
        while i < end:
            if i in self.breaks:
                j = self.breaks[i]
                flush()
                # 2+ trailing spaces or a backslash make a hard break, kept whole.
                if raw.startswith("  ", i):
                    atoms.append(Placeholder([raw[i:j]], None, "line break"))
                else:
                    atoms.append(Break(raw[i:j]))
                i = j
                continue
            ch = raw[i]
            if ch not in _SPECIAL:
                j = self._plain_end(i, end)
                text.append(raw[i:j])
                i = j
                continue
            if ch == "\\" and i + 1 < end:
                if i + 1 in self.breaks:
                    flush()
                    j = self.breaks[i + 1]
                    atoms.append(Placeholder([raw[i:j]], None, "line break"))
                    i = j
                    continue
                if raw[i + 1] in _ESCAPABLE:
                    text.append(raw[i : i + 2])
                    i += 2
                    continue
            if ch == "`":
                j = self._code_span_end(i, end)
                if j:
                    protect(j, "inline code")
                    i = j
                    continue
                run = _run_length(raw, i, "`")
                text.append(raw[i : i + run])
                i += run
                continue
            m = None
            if ch == "<":
                m = TAG_RE.match(raw, i, end) or _AUTOLINK.match(raw, i, end) or _HTML_TAG.match(raw, i, end)
            elif ch == "{":
                m = _SHORTCODE.match(raw, i, end) or _TEMPLATE.match(raw, i, end) or _ANCHOR.match(raw, i, end)
            elif ch == "[":
                m = _WIKILINK.match(raw, i, end) or _FOOTNOTE.match(raw, i, end)
            elif ch == "$":
                m = _MATH.match(raw, i, end)
            if m:
                protect(m.end(), _label(m.group()))
                i = m.end()
                continue
            if ch == "!" and raw.startswith("[", i + 1):
                link = self._link(i + 1, end)
                if link:
                    flush()
                    atoms.append(self._image(i, link))
                    i = link.end
                    continue
            if ch == "[" and not in_link:
                link = self._link(i, end)
                if link:
                    flush()
                    opening = Placeholder(["["], self._closing(link), "link")
                    if link.label is not None:
                        opening.translated_close = [f"][{link.label}]"]
                    atoms.append(opening)
                    atoms.extend(self._scan(link.text_start, link.text_end, in_link=True))
                    atoms.append(CloseMarker(opening))
                    i = link.end
                    continue
            text.append(ch)
            i += 1
        flush()
        return atoms

    def _plain_end(self, i: int, end: int) -> int:
        """Where the plain text starting at ``i`` ends: a special character or a line break."""
        special = _NEXT_SPECIAL.search(self.raw, i, end)
        j = special.start() if special else end
        k = bisect_left(self._break_starts, i)
        return min(j, self._break_starts[k]) if k < len(self._break_starts) else j

    # -- pieces -----------------------------------------------------------

    def _code_span_end(self, i: int, end: int) -> int | None:
        raw = self.raw
        run = _run_length(raw, i, "`")
        j = i + run
        while True:
            j = raw.find("`" * run, j, end)
            if j < 0:
                return None
            other = _run_length(raw, j, "`")
            if other == run:
                return j + run
            j += other

    def _image(self, bang: int, link: _Link) -> Placeholder:
        alt = self.raw[link.text_start : link.text_end]
        opening: list = [self.raw[bang : link.text_start]]
        if has_letters(alt) and link.label is None:  # a shortcut reference's alt is its label
            opening.append(Segment([Text(alt)], "image alt text", 0))
        else:
            opening.append(alt)
        return Placeholder(opening + self._closing(link), None, "image")

    def _closing(self, link: _Link) -> list:
        raw = self.raw
        if not link.title:
            return [raw[link.text_end : link.end]]
        a, b = link.title
        title = raw[a:b]
        if not has_letters(title):
            return [raw[link.text_end : link.end]]
        encode = partial(escape_title, opener=raw[a - 1])
        return [raw[link.text_end : a], Segment([Text(title)], "link title", 0, encode=encode), raw[b : link.end]]

    def _link(self, i: int, end: int) -> _Link | None:
        """A link or image whose ``[`` is at ``i``, CommonMark-style, or None."""
        raw = self.raw
        close = self._label_end(i, end)
        if close is None:
            return None
        j = close + 1
        if j < end and raw[j] == "(":
            parsed = self._inline_destination(j + 1, end)
            if parsed:
                return _Link(i + 1, close, parsed[0], parsed[1])
        if j < end and raw[j] == "[":
            ref_end = self._label_end(j, end)
            if ref_end is not None:
                label = raw[j + 1 : ref_end]
                if normalizeReference(label or raw[i + 1 : close]) in self.references:
                    return _Link(i + 1, close, ref_end + 1, None, None if label else raw[i + 1 : close])
        if normalizeReference(raw[i + 1 : close]) in self.references:
            return _Link(i + 1, close, close + 1, None, raw[i + 1 : close])
        return None

    def _label_end(self, i: int, end: int) -> int | None:
        raw = self.raw
        depth = 0
        j = i
        while j < end:
            ch = raw[j]
            if ch == "\\":
                j += 2
                continue
            if ch == "`":
                k = self._code_span_end(j, end)
                if k:
                    j = k
                    continue
            if ch == "[":
                depth += 1
            elif ch == "]":
                depth -= 1
                if depth == 0:
                    return j
            j += 1
        return None

    def _inline_destination(self, j: int, end: int) -> tuple[int, tuple[int, int] | None] | None:
        """Parse ``dest "title")`` starting after ``(``; return (end, title span)."""
        raw = self.raw
        j = _skip_space(raw, j, end)
        if j < end and raw[j] == "<":
            k = raw.find(">", j)
            if k < 0 or k >= end or "\n" in raw[j:k]:
                return None
            j = k + 1
        else:
            depth = 0
            while j < end and not raw[j].isspace():
                ch = raw[j]
                if ch == "\\":
                    j += 2
                    continue
                if ch == "(":
                    depth += 1
                elif ch == ")":
                    if depth == 0:
                        break
                    depth -= 1
                j += 1
        k = _skip_space(raw, j, end)
        title = None
        if k < end and raw[k] in "\"'(" and k > j:
            closer = ")" if raw[k] == "(" else raw[k]
            m = k + 1
            while m < end and raw[m] != closer:
                m += 2 if raw[m] == "\\" else 1
            if m >= end:
                return None
            title = (k + 1, m)
            k = _skip_space(raw, m + 1, end)
        if k < end and raw[k] == ")":
            return k + 1, title
        return None


def _run_length(raw: str, i: int, ch: str) -> int:
    j = i
    while j < len(raw) and raw[j] == ch:
        j += 1
    return j - i


def _skip_space(raw: str, j: int, end: int) -> int:
    while j < end and raw[j] in " \t\r\n>":
        # ">" only appears here as a blockquote prefix after a newline.
        if raw[j] == ">" and (j == 0 or raw[j - 1] not in " \t\n>"):
            break
        j += 1
    return j


_BLANK_LINES = re.compile(r"\n[ \t]*(?=\n)")


def escape_title(title: str, opener: str) -> str:
    """A translated link or image title written for its delimiters (``"…"``, ``'…'`` or ``(…)``).

    The translator sees the title as the source spells it, escapes and all,
    so an escape they typed (``\\"``) is kept; a bare delimiter is escaped, a
    trailing backslash doubled (it would escape the closing delimiter) and a
    blank line dropped (it ends the paragraph), so the page keeps the link
    with exactly the translated title.  A source title comes back unchanged.
    """
    delimiters = "()" if opener == "(" else opener
    title = _BLANK_LINES.sub("", title)
    out = []
    i = 0
    while i < len(title):
        ch = title[i]
        if ch == "\\" and i + 1 < len(title) and title[i + 1] in _ESCAPABLE:
            out.append(title[i : i + 2])
            i += 2
            continue
        out.append("\\" + ch if ch in delimiters or (ch == "\\" and i + 1 == len(title)) else ch)
        i += 1
    return "".join(out)


def has_letters(text: str) -> bool:
    """Whether a msgid has anything to translate (its placeholder tags hold no letters)."""
    return any(map(str.isalpha, text))


def _label(token: str) -> str:
    if token.startswith("{{"):
        return "shortcode"
    if token.startswith("{"):
        return "anchor"
    if token.startswith("[^"):
        return "footnote"
    if token.startswith("[["):
        return "wiki link"
    if token.startswith("$"):
        return "math"
    if _AUTOLINK.fullmatch(token):
        return "autolink"
    return "inline HTML"
