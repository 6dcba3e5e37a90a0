"""The document model every format parses into: a skeleton plus segments.

A :class:`Document` is a list of parts; each part is either skeleton text
(kept byte for byte) or a :class:`Segment` (one msgid).  Concatenating the
parts with every segment rendered from its own msgid gives back the input
exactly; that is the identity round trip all formats must pass, and it holds
by construction because the parts partition the input.

A segment is a list of atoms.  Each atom pairs what a translator sees in the
msgid with the source text it stands for:

* :class:`Text` — the same on both sides;
* :class:`Break` — ``"\\n"`` in the msgid, the line break plus the container
  prefix (``"\\n> "``, list indentation, CRLF) in the source;
* :class:`Placeholder` — a numbered tag (see :mod:`presslate.inline`) whose
  source text may itself contain nested segments (an image's alt text).

Rendering a translation maps tags and line breaks back through the atoms,
so the mapping to source bytes never passes through the translator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterator, Union

from presslate.inline import TAG_RE, markup_problems

Source = list[Union[str, "Segment"]]
"""Source text of a placeholder: literal text and nested segments."""

Lookup = Callable[["Segment"], "str | None"]
"""Returns the translation for a segment, or None to keep the source."""


@dataclass
class Text:
    text: str


@dataclass
class Break:
    raw: str


@dataclass
class Placeholder:
    """Protected inline markup.  ``close`` is None for a standalone ``<n/>`` tag.

    ``translated_close`` replaces ``close`` once the wrapped text changes: a
    shortcut reference link ``[Go]`` must become ``[Ir][Go]`` to keep working.
    """

    open: Source
    close: Source | None = None
    label: str = ""  # what it is, for messages: "link", "inline code"…
    translated_close: Source | None = None


@dataclass
class CloseMarker:
    """Where a paired placeholder closes inside a segment's atom list."""

    placeholder: Placeholder


Atom = Union[Text, Break, Placeholder, CloseMarker]


@dataclass(eq=False)
class Segment:
    """One translatable message.

    ``kind`` says what the text is ("paragraph", "heading 2", "front matter:
    title"); ``line`` is its 1-based line in the article; ``position`` is
    (index, count) of the sentence inside its block in sentence mode.
    ``encode`` turns a translation into source syntax (YAML quoting for front
    matter); ``original`` is then the source spelling, which an unchanged
    translation keeps (``'It''s'`` stays single-quoted).
    """

    atoms: list[Atom]
    kind: str
    line: int
    position: tuple[int, int] | None = None
    encode: Callable[[str], str] | None = None
    original: str | None = None
    default_break: str = "\n"
    translatable: bool = True  # False: only carries nested segments (an image alone)
    text: str = field(init=False)
    _tags: dict[str, Placeholder] = field(init=False, repr=False)
    _breaks: list[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._index()

    def _index(self) -> None:
        pieces: list[str] = []
        self._tags = {}
        self._breaks = []
        numbers: dict[int, int] = {}
        for atom in self.atoms:
            if isinstance(atom, Text):
                pieces.append(atom.text)
            elif isinstance(atom, Break):
                pieces.append("\n")
                self._breaks.append(atom.raw)
            elif isinstance(atom, CloseMarker):
                tag = f"</{numbers[id(atom.placeholder)]}>"
                pieces.append(tag)
                self._tags[tag] = atom.placeholder
            else:
                number = numbers[id(atom)] = len(numbers) + 1
                tag = f"<{number}/>" if atom.close is None else f"<{number}>"
                pieces.append(tag)
                self._tags[tag] = atom
        self.text = "".join(pieces)

    @property
    def source(self) -> str:
        """The source bytes (as text) this segment covers."""
        if self.original is not None:
            return self.original
        return "".join(_source_text(a, None) for a in self.atoms)

    def problems(self, translation: str) -> list[str]:
        return markup_problems(self.text, translation)

    def render(self, translation: str | None, lookup: Lookup | None = None) -> str:
        """Source text for ``translation`` (None: the msgid itself)."""
        if translation is None:
            return self.original if self.original is not None else "".join(_source_text(a, lookup) for a in self.atoms)
        if translation == self.text and self.original is not None:
            return self.original
        if self.encode is not None:
            translation = self.encode(translation)
        out: list[str] = []
        breaks = iter(self._breaks)
        for piece in _split_tags_and_newlines(translation):
            if piece == "\n":
                out.append(next(breaks, self.default_break))
            elif piece in self._tags:
                atom = self._tags[piece]
                if piece.startswith("</"):
                    changed = atom.translated_close and _wrapped(translation, piece) != _wrapped(self.text, piece)
                    out.append(_render_source(atom.translated_close if changed else atom.close, lookup))
                else:
                    out.append(_render_source(atom.open, lookup))
            else:
                out.append(piece)
        return "".join(out)

    def walk(self) -> Iterator["Segment"]:
        """This segment if translatable, then the ones inside its placeholders."""
        if self.translatable:
            yield self
        for atom in self.atoms:
            if isinstance(atom, Placeholder):
                for part in (atom.open or []) + (atom.close or []):
                    if isinstance(part, Segment):
                        yield from part.walk()


def _source_text(atom, lookup: Lookup | None) -> str:
    if isinstance(atom, Text):
        return atom.text
    if isinstance(atom, Break):
        return atom.raw
    if isinstance(atom, CloseMarker):
        return _render_source(atom.placeholder.close, lookup)
    return _render_source(atom.open, lookup)


def _render_source(source: Source | None, lookup: Lookup | None) -> str:
    out = []
    for part in source or []:
        if isinstance(part, Segment):  # as Document.render: one that only carries others is never looked up
            out.append(part.render(lookup(part) if lookup and part.translatable else None, lookup))
        else:
            out.append(part)
    return "".join(out)


def _wrapped(text: str, close_tag: str) -> str | None:
    """The text a paired tag wraps, e.g. "Go" for ``</1>`` in "<1>Go</1>"."""
    open_tag = "<" + close_tag[2:]
    start = text.find(open_tag)
    end = text.find(close_tag)
    return text[start + len(open_tag) : end] if 0 <= start < end else None


_TAG_OR_NEWLINE = re.compile(TAG_RE.pattern + r"|\n")


def _split_tags_and_newlines(text: str) -> list[str]:
    pieces = []
    pos = 0
    for m in _TAG_OR_NEWLINE.finditer(text):
        if m.start() > pos:
            pieces.append(text[pos : m.start()])
        pieces.append(m.group())
        pos = m.end()
    if pos < len(text):
        pieces.append(text[pos:])
    return pieces


@dataclass
class LanguageSlot:
    """Where a rendered document declares its language (front matter ``lang:``,
    ``<html lang>``): ``original`` when rendering the source, ``template``
    formatted with the target code otherwise."""

    original: str
    template: str


def part_source(part: Union[str, Segment, LanguageSlot]) -> str:
    """The source text one part of a document stands for."""
    if isinstance(part, Segment):
        return part.source
    if isinstance(part, LanguageSlot):
        return part.original
    return part


@dataclass
class Document:
    """A parsed article: skeleton strings and segments, in source order."""

    parts: list[Union[str, Segment, LanguageSlot]]
    path: str = ""
    format: str = "markdown"  # which module in presslate.formats parsed it

    def segments(self) -> Iterator[Segment]:
        """Every translatable segment in document order, nested ones after their parent."""
        for part in self.parts:
            if isinstance(part, Segment):
                yield from part.walk()

    def render(self, lookup: Lookup | None = None, language: str | None = None) -> str:
        """The document with translations from ``lookup`` declared as ``language``."""
        out = []
        for part in self.parts:
            if isinstance(part, Segment):
                out.append(part.render(lookup(part) if lookup and part.translatable else None, lookup))
            elif isinstance(part, LanguageSlot):
                out.append(part.original if language is None else part.template.format(lang=language))
            else:
                out.append(part)
        return "".join(out)
