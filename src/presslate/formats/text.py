"""Plain-text articles: paragraphs separated by blank lines, sentences inside.

Everything between paragraphs (blank lines, their spaces, CR/LF) is
skeleton; a line break inside a paragraph is a :class:`Break`, so the round
trip is byte for byte and a translation may wrap its lines as it likes.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from presslate.document import Atom, Document, Segment
from presslate.formats.common import number_lines, sentence_parts, text_atoms
from presslate.formats.markdown import Options

# A paragraph: from a non-blank character to the last one before a blank line.
_PARAGRAPH = re.compile(r"\S[^\n]*+(?:\n(?![ \t\f\v\r]*+(?:\n|\Z))[^\n]*+)*+")


def parse(text: str, path: str, options: Options) -> Document:
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    parts: list = []
    pos = 0
    for m in _PARAGRAPH.finditer(text):
        start = m.start()
        end = start + len(m.group().rstrip())
        line = bisect_right(line_starts, start)
        parts.append(text[pos:start])
        sentences = sentence_parts(text_atoms(text[start:end]), line, options.segmentation, options.lang, _paragraph)
        parts.extend(number_lines(sentences, line))
        pos = end
    parts.append(text[pos:])
    return Document([p for p in parts if p != ""], path, "text")


def _paragraph(atoms: list[Atom]) -> Segment:
    return Segment(atoms, "paragraph", 0)
