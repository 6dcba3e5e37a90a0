"""WordPress's automatic paragraphs and shortcodes in a post's content (the ``*.wp`` format).

Posts written in the classic editor hold no ``<p>``: WordPress's ``wpautop()``
makes a paragraph of each run of text between blank lines and block-level
tags, and turns a single newline into ``<br>``.  The HTML format, told that
text outside every element is content (``loose_text``), collects such runs;
this module then cuts them the way ``wpautop()`` does:

* a blank line ends a paragraph (the blank line stays skeleton), unless an
  inline element (``<em>``…) is still open there: a pair is never cut;
* a single newline stays inside the segment, as ``\\n`` in the msgid: the
  line break readers see, which the translation keeps;
* block delimiters (``<!-- wp:… -->``) and ``<!--more-->``/``<!--nextpage-->``
  end a paragraph too and are never inside a segment;
* shortcodes (``[caption id="…"]``, ``[/caption]``, ``[gallery]``) become
  placeholders: machine translation must not touch them.

Text directly at the top level becomes a ``paragraph`` segment.  Everything
else the HTML format produced is left as it is (one block's sentences keep
their positions), so a post with ``<p>`` everywhere parses as before.
"""

from __future__ import annotations

import re

from presslate.document import Atom, Break, CloseMarker, Placeholder, Segment, Text
from presslate.formats.common import SpelledText, number_lines, sentence_parts
from presslate.formats.html_text import TEXT_CONTEXT, Encoder, HtmlSegment
from presslate.formats.markdown import Options

# WordPress's own shortcodes (wp-includes/media.php, class-wp-embed.php) and any
# [name key=value …] or [/name]: prose in brackets ("[sic]", "[1]") stays text.
_CORE = "caption|wp_caption|gallery|playlist|audio|video|embed"
SHORTCODE = re.compile(
    r"\[/[A-Za-z][\w-]*\]"
    rf"|\[(?:{_CORE})(?:\s[^\[\]]*)?/?\]"
    r"|\[[A-Za-z][\w-]*\s+[\w-]+=[^\[\]]*\]"
)
_STRUCTURE = re.compile(r"<!--\s*(?:/?wp:|more\b|nextpage\s*-->|noteaser\s*-->)")


def paragraphs(parts: list, options: Options) -> list:
    """The body parts of a post with loose text cut into paragraphs and shortcodes protected."""
    out: list = []
    for part in parts:
        if not _is_text(part):
            out.append(part)
            continue
        atoms = _protect_shortcodes(part.atoms)
        pieces = _cut(atoms)
        kind = "paragraph" if part.kind == "text" else part.kind
        if len(pieces) == 1 and atoms is part.atoms:
            part.kind = kind
            out.append(part)
            continue
        line = part.line
        for piece in pieces:
            if isinstance(piece, str):
                out.append(piece)
                line += piece.count("\n")
                continue
            made = number_lines(sentence_parts(piece, line, options.segmentation, options.lang, _maker(kind)), line)
            out.extend(made)
            line += sum(p.count("\n") if isinstance(p, str) else p.source.count("\n") for p in made)
    return out


def _is_text(part) -> bool:
    """A segment of text between tags (not an attribute value, not the page title)."""
    return (isinstance(part, HtmlSegment) and part.translatable and isinstance(part.encode, Encoder)
            and part.encode.context is TEXT_CONTEXT)


def _maker(kind: str):
    def make(atoms: list[Atom]) -> Segment:
        return HtmlSegment(atoms, kind, 0, encode=Encoder(TEXT_CONTEXT, atoms))
    return make


def _protect_shortcodes(atoms: list[Atom]) -> list[Atom]:
    """``atoms`` with every shortcode in their text a placeholder (the same list when there is none)."""
    if not any(isinstance(a, Text) and SHORTCODE.search(a.text) for a in atoms):
        return atoms
    out: list[Atom] = []
    for atom in atoms:
        if not isinstance(atom, Text):
            out.append(atom)
            continue
        pos = 0
        for m in SHORTCODE.finditer(atom.text):
            if m.start() > pos:
                out.append(_slice(atom, pos, m.start()))
            raw = atom.raw(m.start(), m.end()) if isinstance(atom, SpelledText) else m.group()
            out.append(Placeholder([raw], None, "shortcode"))
            pos = m.end()
        if pos < len(atom.text):
            out.append(_slice(atom, pos, len(atom.text)))
    return out


def _slice(atom: Text, a: int, b: int) -> Text:
    return atom.slice(a, b) if isinstance(atom, SpelledText) else Text(atom.text[a:b])


def _cut(atoms: list[Atom]) -> list:
    """Atom lists of the paragraphs, with the source of what separates them (blank lines,
    block delimiters) as strings; never inside an open pair of placeholders."""
    pieces: list = []
    current: list[Atom] = []
    open_pairs = 0
    for atom in atoms:
        if open_pairs == 0 and _separates(atom):
            pieces += [current, atom.raw if isinstance(atom, Break) else "".join(atom.open)]
            current = []
            continue
        if isinstance(atom, Placeholder) and atom.close is not None:
            open_pairs += 1
        elif isinstance(atom, CloseMarker):
            open_pairs -= 1
        current.append(atom)
    pieces.append(current)
    return [p for p in pieces if p != [] and p != ""]


def _separates(atom: Atom) -> bool:
    if isinstance(atom, Break):
        raw = atom.raw
        return raw.count("\n") + raw.count("\r") - raw.count("\r\n") >= 2
    return (isinstance(atom, Placeholder) and atom.close is None and atom.label == "comment"
            and all(isinstance(p, str) for p in atom.open) and bool(_STRUCTURE.match("".join(atom.open))))
