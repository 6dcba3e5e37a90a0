"""HTML articles: hand-written (omitted end tags, unquoted attributes), generated, or templates.

A re-serializing parser would change quoting, entities and whitespace, so
this module tokenizes the source itself and keeps offsets: everything that is
not translatable text stays skeleton, byte for byte.

* Segments are the inline runs inside block elements (``p``, ``li``, ``td``,
  ``figcaption``, ``button``…): text plus inline elements, which become
  placeholders (``<1>…</1>`` for ``a``/``em``/``span``…, ``<2/>`` for ``br``,
  ``img`` and for ``code``/``kbd``/``var``, kept whole).  Text directly in a
  ``div`` or ``li`` next to child blocks is its own run, so nothing is
  extracted twice.  Loose text outside every element is template code (a
  Django ``{% block %}`` holding JavaScript) and is kept.
* ``alt``, ``title``, ``placeholder`` and ``aria-label`` attributes, ``<title>``
  and the description/Open Graph/Twitter ``<meta content>`` are segments too.
  ``<meta property="og:locale" content>`` is a language slot, like ``<html lang>``.
* Never translated: ``script``, ``style``, ``pre``, ``code``, ``kbd``,
  ``samp``, ``var``, ``svg``, ``math``, ``template``, ``textarea``, comments.
* Translation mode, as in HTML: an element inherits it from its nearest
  ancestor that sets one.  ``translate="no"`` or a class in
  ``Options.notranslate_classes`` turns it off (its own attributes too);
  ``translate="yes"`` or ``translate=""`` on a descendant turns it back on for
  that subtree (an *island*; "no" wins when one element says both).  An island
  inside an inline ``translate="no"`` element of a sentence becomes segments
  nested in that element's placeholder.  The never-translated elements above
  stay whole: a ``translate="yes"`` inside them is not honoured.

Entities: a msgid shows characters, not references (``it’s``, a no-break
space, ``&``), and a translation is plain text: whatever a translator types
is what readers see, so ``<`` and ``&`` are escaped on the way out.  To give
back the source byte for byte, each segment remembers how the source spelled
its characters and reuses those spellings, in order, when the rendered text
still decodes to exactly the translation (see :class:`Encoder`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from presslate.document import Atom, CloseMarker, Document, LanguageSlot, Placeholder, Segment, Text
from presslate.formats.common import number_lines, sentence_parts, text_atoms
from presslate.formats.html_attributes import attribute_pieces, language_pieces
from presslate.formats.html_text import (
    TEXT_CONTEXT,
    TITLE_CONTEXT,
    Context,
    DirectionalTemplate,
    Encoder,
    HtmlSegment,
    OgLocaleTemplate,
    decode_text,
)
from presslate.formats.html_tokens import DOCTYPE, RAW, TAG, TEMPLATE_TAG, TEXT, Tag, tokenize
from presslate.formats.inline_markdown import has_letters
from presslate.formats.markdown import Options

# -- element classes -----------------------------------------------------------

_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen basefont bgsound frame".split()
)
_NEVER = frozenset(
    "script style template code pre kbd samp var svg math textarea iframe noembed noframes xmp plaintext listing".split()
)
# Never-translated elements that only join a run already open: a script
# between paragraphs is skeleton, ``<code>`` may begin a sentence.
_JOINS_RUNS_ONLY = _NEVER - frozenset("code kbd samp var svg math".split())
_HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
_CLOSES_P = _HEADINGS | frozenset(
    "address article aside blockquote center details dialog dir div dl dd dt fieldset figcaption figure footer "
    "form header hgroup hr li main menu nav ol p pre listing section search summary table ul xmp".split()
)
# Elements whose start or end is a segment boundary.
_BLOCK = _CLOSES_P | frozenset(
    "body head html caption col colgroup tbody thead tfoot tr td th title legend label button option optgroup "
    "select datalist frameset noscript".split()
)
_KINDS = {
    "p": "paragraph", "li": "list item", "dt": "definition term", "dd": "definition", "td": "table cell",
    "th": "table header cell", "caption": "table caption", "figcaption": "figure caption",
    "blockquote": "blockquote", "summary": "summary", "label": "label", "button": "button",
    "option": "option", "legend": "legend", "title": "page title",
} | {h: f"heading {h[1]}" for h in _HEADINGS}
_LABELS = {"a": "link", "img": "image", "br": "line break"}
# Implied end tags: a start tag closes the nearest open element named here,
# unless one of the boundary elements comes first (HTML's scopes, simplified).
_SCOPE = frozenset("html table td th caption template object applet marquee button".split())
_IMPLIED = {
    "li": ({"li"}, _SCOPE | {"ul", "ol", "menu"}),
    "dt": ({"dt", "dd"}, _SCOPE | {"dl"}),
    "dd": ({"dt", "dd"}, _SCOPE | {"dl"}),
    "tr": ({"tr"}, {"table", "html"}),
    "td": ({"td", "th"}, {"tr", "table", "html"}),
    "th": ({"td", "th"}, {"tr", "table", "html"}),
    "thead": ({"thead", "tbody", "tfoot"}, {"table", "html"}),
    "tbody": ({"thead", "tbody", "tfoot"}, {"table", "html"}),
    "tfoot": ({"thead", "tbody", "tfoot"}, {"table", "html"}),
    "option": ({"option"}, {"select", "datalist", "optgroup", "html"}),
    "optgroup": ({"option", "optgroup"}, {"select", "html"}),
    "body": ({"head"}, {"html"}),
}

# -- parsing -------------------------------------------------------------------


def parse(text: str, path: str, options: Options, loose_text: bool = False) -> Document:
    """``loose_text``: text outside every element is content (a WordPress post), not template code."""
    return _Parser(text, options, loose_text).parse(path)


def declared_og_locale(doc: Document) -> str | None:
    """The ``og:locale`` an HTML article declares (its first, decoded), or None.

    Publish derives every page's Open Graph locale from it with the same rule
    the localized copies use, so a page and its article never disagree.
    """
    for part in doc.parts:
        if isinstance(part, LanguageSlot) and isinstance(part.template, OgLocaleTemplate):
            return part.template.declared
    return None


@dataclass(slots=True)
class _Open:
    """An open element; ``placeholder`` is set for an inline element opened inside a run.

    ``kept``: its content is not translated; ``sealed``: because of a
    never-translated element, which no ``translate="yes"`` reopens.
    """

    name: str
    kept: bool
    placeholder: Placeholder | None = None
    sealed: bool = False


@dataclass
class _Run:
    """Inline content being collected: it becomes one block's segments."""

    start: int
    depth: int  # stack height when it began: popping below it ends the run
    kind: str
    atoms: list[Atom] = field(default_factory=list)
    nested: bool = False  # holds attribute segments, so it is kept even without text
    kept_pos: int | None = None  # inside an inline never-translated element: its source up to here is in kept_pieces
    kept_pieces: list = field(default_factory=list)  # that source: text, and the segments of islands in it
    kept_depth: int = 0  # the stack height with that element on top


@dataclass(slots=True)
class _Frame:
    """Where output went before an island inside an inline kept element: the island's
    segments go to a list of its own, which joins that element's placeholder when it closes."""

    parts: list
    pos: int
    run: _Run
    depth: int  # the island element's index in the stack


class _Parser:
    def __init__(self, text: str, options: Options, loose_text: bool = False):
        self.text, self.loose_text = text, loose_text
        self.options = options
        self.notranslate = frozenset(options.notranslate_classes)
        self.parts: list = []
        self.pos = 0  # source up to here is in parts
        self.stack: list[_Open] = []
        self.run: _Run | None = None
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.seen_html = False
        self.doctype_part: int | None = None
        self.frames: list[_Frame] = []

    def parse(self, path: str) -> Document:
        for kind, start, end, tag in tokenize(self.text):
            if kind == TEXT:
                self._text(start, end)
            elif kind == TAG:
                self._end_tag(tag) if tag.closing else self._start_tag(tag)
            elif kind == RAW:
                self._raw_text(start, end, tag)
            elif kind == TEMPLATE_TAG:
                self._inline_markup(start, end, "template tag", begins_run=True)
            else:
                self._inline_markup(start, end, "comment", begins_run=False)
                if kind == DOCTYPE and self.doctype_part is None and self.run is None and not self.frames:
                    self._skeleton_to(end)
                    self.doctype_part = len(self.parts)
        self._leave_islands(0, len(self.text))
        self._end_run(len(self.text))
        self._skeleton_to(len(self.text))
        if not self.seen_html and self.doctype_part is not None:
            template = DirectionalTemplate('<html lang="{lang}">', '<html lang="{lang}" dir="rtl">')
            self.parts.insert(self.doctype_part, LanguageSlot("", template))
        return Document([p for p in self.parts if p != ""], path, "html")

    # -- tokens ----------------------------------------------------------------

    def _text(self, start: int, end: int) -> None:
        if self._in_kept():
            return
        run = self.run
        if run is None:
            if not self._in_body() or self.text[start:end].isspace():
                return
            run = self._begin_run(start)
        run.atoms.extend(text_atoms(*decode_text(self.text[start:end])))

    def _inline_markup(self, start: int, end: int, label: str, begins_run: bool) -> None:
        """A comment or template tag: a placeholder inside a run, skeleton elsewhere."""
        if self._in_kept():
            return
        if self.run is None:
            if not (begins_run and self._in_body()):
                return
            self._begin_run(start)
        self.run.atoms.append(Placeholder([self.text[start:end]], None, label))

    def _raw_text(self, start: int, end: int, tag: Tag) -> None:
        if tag.name == "title" and not self._in_kept():
            atoms = text_atoms(*decode_text(self.text[start:end]))
            self._emit(start, end, atoms, "page title", TITLE_CONTEXT, "paragraph")

    def _start_tag(self, tag: Tag) -> None:
        name = tag.name
        self._close_implied(name, tag.start)
        void = name in _VOID
        mode = self._translate_mode(tag)
        if self._in_kept():
            parent = self.stack[-1]
            if mode is True and not parent.sealed and name not in _NEVER:
                self._island(tag, void)
                return
            if self.run is None:  # language slots only: this tag's text is not translated
                self._skeleton_pieces(tag.start, tag.end, self._tag_source(tag, translatable=False))
            if not (void or tag.self_closing):
                self.stack.append(_Open(name, True, sealed=parent.sealed or name in _NEVER))
            return
        kept = name in _NEVER or mode is False
        if name in _BLOCK:
            self._end_run(tag.start)
        elif self.run is not None or (self._in_body() and name not in _JOINS_RUNS_ONLY):
            self._inline_start(tag, kept, void)
            return
        self._skeleton_pieces(tag.start, tag.end, self._tag_source(tag, translatable=not kept))
        if not void:
            self.stack.append(_Open(name, kept, sealed=name in _NEVER))

    def _island(self, tag: Tag, void: bool) -> None:
        """A start tag that turns translation back on inside a kept element.

        Its attributes and content are translated as anywhere else; inside a
        sentence's inline kept element, output goes to a new frame until the
        island closes (see :meth:`_leave_islands`).
        """
        run = self.run
        if run is not None:
            self.frames.append(_Frame(self.parts, self.pos, run, len(self.stack)))
            self.parts, self.pos, self.run = [], run.kept_pos, None
        self._skeleton_pieces(tag.start, tag.end, self._tag_source(tag))
        if not void:
            self.stack.append(_Open(tag.name, False))
        elif run is not None:
            self._leave_islands(len(self.stack), tag.end)

    def _inline_start(self, tag: Tag, kept: bool, void: bool) -> None:
        run = self.run or self._begin_run(tag.start)
        if kept:
            if void:
                run.atoms.append(Placeholder([self.text[tag.start : tag.end]], None, _label(tag.name)))
                return
            self.stack.append(_Open(tag.name, True, sealed=tag.name in _NEVER))
            run.kept_pos, run.kept_pieces, run.kept_depth = tag.start, [], len(self.stack)
            return
        source = self._tag_source(tag)
        run.nested = run.nested or any(isinstance(part, Segment) for part in source)
        placeholder = Placeholder(source, None, _label(tag.name))
        run.atoms.append(placeholder)
        if not void:
            self.stack.append(_Open(tag.name, False, placeholder))

    def _end_tag(self, tag: Tag) -> None:
        name = tag.name
        index = next((i for i in range(len(self.stack) - 1, -1, -1) if self.stack[i].name == name), None)
        if index is not None:
            self._leave_islands(index, tag.start)
        run = self.run
        in_kept_inline = run is not None and run.kept_pos is not None
        if in_kept_inline and (index is None or index + 1 >= run.kept_depth):
            if index is not None:
                if index + 1 == run.kept_depth:  # the end of the inline never-translated element
                    self._finish_kept(tag.end)
                del self.stack[index:]
            return
        if self._in_kept() and not in_kept_inline:
            if index is not None:
                del self.stack[index:]
            return
        if index is None:  # a stray end tag
            if name in _BLOCK:
                self._end_run(tag.start)
            elif run is not None:
                run.atoms.append(Placeholder([self.text[tag.start : tag.end]], None, _label(name)))
            return
        opened = self.stack[index]
        if run is not None and index >= run.depth and opened.placeholder is not None:
            self._pop_to(index + 1, tag.start)
            opened.placeholder.close = [self.text[tag.start : tag.end]]
            run.atoms.append(CloseMarker(opened.placeholder))
            del self.stack[index]
            return
        self._pop_to(index, tag.start)

    # -- structure -------------------------------------------------------------

    def _close_implied(self, name: str, at: int) -> None:
        """Pop the elements HTML closes implicitly before a start tag (``<p>`` ends a ``<p>``)."""
        if name in _CLOSES_P:
            self._close_nearest({"p"}, _SCOPE, at)
        if name in _IMPLIED:
            self._close_nearest(*_IMPLIED[name], at)
        elif name in _HEADINGS and self.stack and self.stack[-1].name in _HEADINGS:
            self._pop_to(len(self.stack) - 1, at)

    def _close_nearest(self, names: set[str], boundaries: set[str] | frozenset[str], at: int) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            element = self.stack[i].name
            if element in names:
                self._pop_to(i, at)
                return
            if element in boundaries:
                return

    def _pop_to(self, index: int, at: int) -> None:
        """Close the elements from ``index`` up; a run they contained ends at ``at``."""
        self._leave_islands(index, at)
        self._pop_in_frame(index, at)

    def _pop_in_frame(self, index: int, at: int) -> None:
        run = self.run
        if run is not None and run.kept_pos is not None and index < run.kept_depth:
            self._finish_kept(at)
        del self.stack[index:]
        if run is not None and len(self.stack) < run.depth:
            self._end_run(at)

    def _leave_islands(self, index: int, at: int) -> None:
        """Close the frames of islands at stack ``index`` or above, innermost first, at ``at``:
        what each collected joins the kept element around it, and output returns to its run."""
        while self.frames and self.frames[-1].depth >= index:
            frame = self.frames.pop()
            self._pop_in_frame(frame.depth, at)
            self._skeleton_to(at)
            frame.run.kept_pieces.extend(p for p in self.parts if p != "")
            frame.run.kept_pos = at
            self.parts, self.pos, self.run = frame.parts, frame.pos, frame.run

    def _in_kept(self) -> bool:
        return bool(self.stack) and self.stack[-1].kept

    def _in_body(self) -> bool:
        """Loose text outside every element (template code, unless ``loose_text``) and in ``<head>`` is not content."""
        return self.stack[-1].name not in ("html", "head") if self.stack else self.loose_text

    def _translate_mode(self, tag: Tag) -> bool | None:
        """False: ``translate="no"`` or a no-translate class; True: ``translate="yes"`` or
        ``translate=""``; None: neither (another value is invalid), inherited from the parent."""
        value = tag.value(self.text, "translate")
        value = None if value is None else value.strip().lower()
        classes = tag.value(self.text, "class")
        if value == "no" or (classes and not self.notranslate.isdisjoint(classes.split())):
            return False
        return True if value in ("yes", "") else None

    def _kind(self) -> str:
        for element in reversed(self.stack):
            if element.name in _BLOCK:
                return _KINDS.get(element.name, f"text in <{element.name}>")
        return "text"

    def _line(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset)

    # -- runs and output -------------------------------------------------------

    def _begin_run(self, start: int) -> _Run:
        self.run = _Run(start, len(self.stack), self._kind())
        return self.run

    def _finish_kept(self, end: int) -> None:
        run = self.run
        source = [p for p in (*run.kept_pieces, self.text[run.kept_pos : end]) if p != ""]
        run.nested = run.nested or any(isinstance(part, Segment) for part in source)
        run.atoms.append(Placeholder(source, None, "kept as is"))
        run.kept_pos, run.kept_pieces = None, []

    def _end_run(self, end: int) -> None:
        run = self.run
        if run is None:
            return
        if run.kept_pos is not None:
            self._finish_kept(end)
        self.run = None
        if run.nested or any(isinstance(a, Text) and has_letters(a.text) for a in run.atoms):
            self._emit(run.start, end, run.atoms, run.kind, TEXT_CONTEXT, self.options.segmentation)

    def _emit(self, start: int, end: int, atoms: list[Atom], kind: str, context: Context, segmentation: str) -> None:
        line = self._line(start)

        def make(piece: list[Atom]) -> Segment:
            return HtmlSegment(piece, kind, line, encode=Encoder(context, piece))

        parts = sentence_parts(atoms, line, segmentation, self.options.lang, make)
        self._skeleton_pieces(start, end, number_lines(parts, line))

    def _skeleton_to(self, offset: int) -> None:
        if offset > self.pos:
            self.parts.append(self.text[self.pos : offset])
            self.pos = offset

    def _skeleton_pieces(self, start: int, end: int, pieces: list) -> None:
        """Put ``pieces`` (standing for source[start:end]) into the document, unless it is plain source."""
        if len(pieces) == 1 and isinstance(pieces[0], str):
            return
        self._skeleton_to(start)
        self.parts.extend(pieces)
        self.pos = end

    # -- attributes ------------------------------------------------------------

    def _tag_source(self, tag: Tag, translatable: bool = True) -> list:
        """A start tag as source pieces (:mod:`presslate.formats.html_attributes`): translatable
        attribute values become segments (unless the tag's translation mode is off); in the first
        ``<html>``, ``lang`` and ``dir`` become language slots instead, and so does an ``og:locale``
        meta's content.  Slots only go into the document's own parts, never into a placeholder."""
        slots = self.run is None and not self.frames
        if tag.name == "html" and not self.seen_html and slots:
            self.seen_html = True
            return language_pieces(self.text, tag)
        return attribute_pieces(self.text, tag, self._line, translatable, slots)


def _label(name: str) -> str:
    return _LABELS.get(name, f"<{name}>")
