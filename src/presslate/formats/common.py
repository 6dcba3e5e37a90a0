"""What every format does once it has a block's atoms: cut them into sentence segments.

A format finds its blocks and turns each one into atoms (text, line breaks,
placeholders); the cutting into sentences, the skeleton gaps between them and
the rule that a paired placeholder never straddles two segments are the same
for Markdown, HTML and plain text, so they live here.

Sentence/markup rule: :func:`presslate.segment.split_sentences` never cuts
inside a ``<n>…</n>`` pair, so when a link or emphasis spans a sentence
boundary the sentences it touches stay one segment; should a cut still leave a
pair open (it cannot for valid spans), the whole block becomes one segment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from presslate.document import Atom, Break, CloseMarker, Placeholder, Segment, Text
from presslate.formats.inline_markdown import has_letters
from presslate.inline import TAG_RE
from presslate.segment import split_sentences

# A line break with the blanks around it, or text that looks like one of our tags.
_BREAK_OR_TAG = re.compile(r"[ \t\f]*(?:\r\n|\r|\n)[ \t\f\r\n]*|" + TAG_RE.pattern)


@dataclass
class SpelledText(Text):
    """Text whose source spelling differs from what the translator sees.

    HTML shows ``&#8217;`` to translators as ``’``; ``spelled`` maps an index
    of ``text`` to how the source writes that character ("" for the second
    character of a reference that decodes to two).
    """

    spelled: dict[int, str] = field(default_factory=dict)

    def slice(self, a: int, b: int) -> SpelledText:
        return SpelledText(self.text[a:b], {i - a: s for i, s in self.spelled.items() if a <= i < b})

    def raw(self, a: int, b: int) -> str:
        """Source spelling of ``text[a:b]``."""
        out = []
        pos = a
        for i in sorted(i for i in self.spelled if a <= i < b):
            out.append(self.text[pos:i])
            out.append(self.spelled[i])
            pos = i + 1
        out.append(self.text[pos:b])
        return "".join(out)


def text_atoms(text: str, spelled: dict[int, str] | None = None) -> list[Atom]:
    """Atoms of a run of text: line breaks (with the blanks around them) become
    :class:`Break`; text that looks like a placeholder tag is protected.

    ``spelled`` is the source spelling of characters that differ (see
    :class:`SpelledText`); a break or tag-like text containing such a
    character is kept whole as a placeholder, so the msgid never holds a
    newline that is not a line break of the source.
    """
    spelled = spelled or {}
    atoms: list[Atom] = []
    whole = SpelledText(text, spelled)
    pos = 0

    def add_text(a: int, b: int) -> None:
        if b > a:
            atoms.append(whole.slice(a, b) if spelled else Text(text[a:b]))

    for m in _BREAK_OR_TAG.finditer(text):
        add_text(pos, m.start())
        raw = whole.raw(m.start(), m.end())
        if raw == m.group() and not m.group().startswith("<"):
            atoms.append(Break(raw))
        else:
            atoms.append(Placeholder([raw], None, "literal text"))
        pos = m.end()
    add_text(pos, len(text))
    return atoms


def sentence_parts(
    atoms: list[Atom],
    line: int,
    segmentation: str,
    lang: str,
    make: Callable[[list[Atom]], Segment],
    balanced: Callable[[str, list[tuple[int, int]]], bool] | None = None,
) -> list:
    """Split one block's atoms into segments (built by ``make``) and skeleton gaps.

    ``balanced`` lets a format veto a sentence split its own syntax would not
    survive (Markdown emphasis); the block then stays one segment.
    """
    whole = Segment(atoms, "", 0)  # the block's msgid, tags numbered as in the block
    text = whole.text
    if segmentation == "sentence":
        spans = split_sentences(text, lang)
        if len(spans) > 1 and balanced is not None and not balanced(text, spans):
            spans = _stripped_span(text)
    else:
        spans = _stripped_span(text)
    pieces = _cut(whole, spans)
    if pieces is None:
        pieces = _cut(whole, _stripped_span(text))
    parts: list = []
    segments = []
    for piece in pieces:
        if isinstance(piece, str):
            parts.append(piece)
            continue
        seg = make(piece)
        if not has_letters(seg.text):
            seg.translatable = False
        else:
            segments.append(seg)
        for nested in seg.walk():
            if nested.line == 0:
                nested.line = line
        parts.append(seg)
    if segmentation == "sentence" and len(segments) > 1:
        for n, seg in enumerate(segments, 1):
            seg.position = (n, len(segments))
    return parts


def number_lines(parts: list, line: int) -> list:
    """Give each segment of a block's ``parts`` the line it starts on (the block starts on ``line``)."""
    for part in parts:
        if isinstance(part, Segment):
            part.line = line
            line += _newlines(part)
        else:
            line += part.count("\n")
    return parts


def _newlines(segment: Segment) -> int:
    """Line breaks in a segment's source, counted without rendering it (text atoms hold none)."""
    count = 0
    for atom in segment.atoms:
        if isinstance(atom, Break):
            count += atom.raw.count("\n")
        elif isinstance(atom, (Placeholder, CloseMarker)):
            source = atom.open if isinstance(atom, Placeholder) else atom.placeholder.close
            count += sum(p.count("\n") if isinstance(p, str) else _newlines(p) for p in source or [])
    return count


def _stripped_span(text: str) -> list[tuple[int, int]]:
    """The whole text but its leading and trailing blanks, as one span."""
    stripped = text.strip()
    if not stripped:
        return []
    start = len(text) - len(text.lstrip())
    return [(start, start + len(stripped))]


def _text_piece(atom: Text, a: int, b: int) -> Text:
    return atom.slice(a, b) if isinstance(atom, SpelledText) else Text(atom.text[a:b])


def _text_source(atom: Text, a: int, b: int) -> str:
    return atom.raw(a, b) if isinstance(atom, SpelledText) else atom.text[a:b]


def _cut(whole: Segment, spans: list[tuple[int, int]]) -> list | None:
    """Distribute a block's atoms over sentence spans; gaps become skeleton strings.

    Returns None if a paired placeholder would be cut in two.
    """
    lengths = _atom_lengths(whole)
    out: list = []
    gap: list[str] = []
    current: list[Atom] | None = None
    span_index = 0
    pos = 0

    def close_gap() -> None:
        if gap:
            out.append("".join(gap))
            gap.clear()

    for atom, length in zip(whole.atoms, lengths):
        a0, a1 = pos, pos + length
        pos = a1
        if isinstance(atom, Text):
            cut = a0
            while cut < a1:
                span = spans[span_index] if span_index < len(spans) else None
                if span and cut >= span[0]:
                    take = min(a1, span[1]) - cut
                    if current is None:
                        close_gap()
                        current = []
                        out.append(current)
                    current.append(_text_piece(atom, cut - a0, cut - a0 + take))
                    cut += take
                    if cut == span[1]:
                        current = None
                        span_index += 1
                else:
                    limit = span[0] if span else a1
                    take = min(a1, limit) - cut
                    gap.append(_text_source(atom, cut - a0, cut - a0 + take))
                    cut += take
            continue
        span = spans[span_index] if span_index < len(spans) else None
        if span and span[0] <= a0 < span[1]:
            if current is None:
                close_gap()
                current = []
                out.append(current)
            current.append(atom)
            if a1 >= span[1]:
                current = None
                span_index += 1
        elif isinstance(atom, Break):
            gap.append(atom.raw)
        else:
            return None  # markup outside every sentence: cannot happen for valid spans
    close_gap()
    for piece in out:
        if isinstance(piece, list) and not _pairs_closed(piece):
            return None
    return out


def _atom_lengths(whole: Segment) -> list[int]:
    lengths = []
    numbers: dict[int, int] = {}
    for atom in whole.atoms:
        if isinstance(atom, Text):
            lengths.append(len(atom.text))
        elif isinstance(atom, Break):
            lengths.append(1)
        elif isinstance(atom, CloseMarker):
            lengths.append(len(f"</{numbers[id(atom.placeholder)]}>"))
        else:
            numbers[id(atom)] = len(numbers) + 1
            lengths.append(len(f"<{numbers[id(atom)]}>") + (atom.close is None))
    return lengths


def _pairs_closed(atoms: list[Atom]) -> bool:
    opened = {id(a) for a in atoms if isinstance(a, Placeholder) and a.close is not None}
    closed = {id(a.placeholder) for a in atoms if isinstance(a, CloseMarker)}
    return opened == closed
