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
* Never translated: ``script``, ``style``, ``pre``, ``code``, ``kbd``,
  ``samp``, ``var``, ``svg``, ``math``, ``template``, ``textarea``, comments,
  and elements with ``translate="no"`` or a class in
  ``Options.notranslate_classes`` (a ``translate="yes"`` inside them is not
  honoured).

Entities: a msgid shows characters, not references (``it’s``, a no-break
space, ``&``), and a translation is plain text: whatever a translator types
is what readers see, so ``<`` and ``&`` are escaped on the way out.  To give
back the source byte for byte, each segment remembers how the source spelled
its characters and reuses those spellings, in order, when the rendered text
still decodes to exactly the translation (see :class:`_Encoder`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from html.entities import html5

from babel import Locale, UnknownLocaleError

from presslate.document import Atom, CloseMarker, Document, LanguageSlot, Placeholder, Segment, Text
from presslate.formats.common import SpelledText, number_lines, sentence_parts, text_atoms
from presslate.formats.inline_markdown import has_letters
from presslate.formats.markdown import Options

# -- element classes -----------------------------------------------------------

_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen basefont bgsound frame".split()
)
_RAW_TEXT = frozenset("script style xmp iframe noembed noframes textarea title plaintext".split())
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
_ATTRIBUTES = {"alt": "alt text", "title": "title attribute", "placeholder": "placeholder text", "aria-label": "aria-label"}
_META = frozenset("description og:title og:description twitter:title twitter:description".split())
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

# -- tokens --------------------------------------------------------------------

_MARKUP = re.compile(r"<[A-Za-z/!?]|\{[{%#]")
_TAG_NAME = re.compile(r"</?([A-Za-z][^\s/>]*+)")
_ATTR = re.compile(r"""[\s/]*+([^\s/>][^\s/>=]*+)(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+("[^"]*+"|'[^']*+'|[^\s>]*+))?""")
_TAG_END = re.compile(r"[\s/]*+>")
_COMMENT_END = re.compile(r"--!?>")
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_TEXT, _TAG, _RAW, _COMMENT, _DOCTYPE, _TEMPLATE_TAG = range(6)


@dataclass(slots=True)
class _Attr:
    name: str  # lowercase
    name_end: int
    value_start: int | None  # inside the quotes; None: no value
    value_end: int
    quote: str  # '"', "'" or "" (unquoted)


@dataclass(slots=True)
class _Tag:
    name: str  # lowercase
    start: int
    end: int
    closing: bool
    self_closing: bool
    attrs: list[_Attr]

    def value(self, text: str, name: str) -> str | None:
        for attr in self.attrs:
            if attr.name == name:
                return "" if attr.value_start is None else text[attr.value_start : attr.value_end]
        return None


def _tokens(text: str):
    """(kind, start, end, tag) for every token; the tokens partition ``text``.

    Every ``<`` followed by a letter, ``/``, ``!`` or ``?`` starts markup
    (an unterminated one runs to the end, as browsers drop it), so text
    tokens never contain anything a browser would read as a tag.
    """
    n = len(text)
    pos = text_start = 0
    while (m := _MARKUP.search(text, pos)) is not None:
        i = m.start()
        kind, end, tag = _markup_at(text, i)
        if kind is None:
            pos = i + 1
            continue
        if i > text_start:
            yield _TEXT, text_start, i, None
        yield kind, i, end, tag
        pos = text_start = end
        if kind == _TAG and not tag.closing and tag.name in _RAW_TEXT:
            close = _raw_end(tag.name).search(text, end) if tag.name != "plaintext" else None
            stop = close.start() if close else n
            if stop > end:
                yield _RAW, end, stop, tag
            pos = text_start = stop
    if text_start < n:
        yield _TEXT, text_start, n, None


@lru_cache(maxsize=None)
def _raw_end(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{name}(?=[\s/>])", re.I)


def _markup_at(text: str, i: int) -> tuple:
    """The markup token starting at ``i`` as (kind, end, tag), or (None, …) for plain text."""
    n = len(text)
    if text.startswith("{", i):
        m = _TEMPLATE.match(text, i)
        return (_TEMPLATE_TAG, m.end(), None) if m else (None, i, None)
    if text.startswith("<!--", i):
        if text.startswith(">", i + 4) or text.startswith("->", i + 4):  # "<!-->", "<!--->"
            return _COMMENT, text.index(">", i + 4) + 1, None
        m = _COMMENT_END.search(text, i + 4)
        return _COMMENT, m.end() if m else n, None
    after_slash = text[i + 2 : i + 3]
    if text.startswith(("<!", "<?"), i) or (text.startswith("</", i) and not (after_slash.isascii() and after_slash.isalpha())):
        end = text.find(">", i + 2)
        kind = _DOCTYPE if text[i : i + 9].upper() == "<!DOCTYPE" else _COMMENT
        return kind, end + 1 if end >= 0 else n, None
    name = _TAG_NAME.match(text, i)
    pos = name.end()
    attrs = []
    while (a := _ATTR.match(text, pos)) is not None:
        value = a.group(2)
        if value is None:
            attrs.append(_Attr(a.group(1).lower(), a.end(1), None, a.end(), ""))
        else:
            quote = value[0] if value[:1] in ("'", '"') else ""
            start = a.start(2) + len(quote)
            attrs.append(_Attr(a.group(1).lower(), a.end(1), start, a.end(2) - len(quote), quote))
        pos = a.end()
    close = _TAG_END.match(text, pos)
    if close is None:
        return _COMMENT, n, None  # unterminated tag: browsers drop it
    closing = text.startswith("</", i)
    tag = _Tag(name.group(1).lower(), i, close.end(), closing, "/" in close.group(), attrs)
    return _TAG, close.end(), tag


# -- character references ------------------------------------------------------

_CHARREF = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")
_LEGACY_LIMIT = max(len(name) for name in html5 if not name.endswith(";"))


def _decode(raw: str, attribute: bool = False) -> tuple[str, dict[int, str]]:
    """Characters of HTML text and the spelling of those written as references.

    Follows HTML's rules, including legacy names without ``;`` (``&copy 2024``),
    which inside attribute values stay literal before ``=`` or a letter/digit.
    """
    if "&" not in raw:
        return raw, {}
    out: list[str] = []
    spelled: dict[int, str] = {}
    length = pos = 0
    for m in _CHARREF.finditer(raw):
        ref = m.group()
        chars, used = _reference(ref, attribute, raw[m.end() : m.end() + 1])
        if not used:
            continue
        literal = raw[pos : m.start()]
        out.append(literal)
        length += len(literal)
        spelled[length] = ref[:used]
        for extra in range(1, len(chars)):
            spelled[length + extra] = ""
        rest = ref[used:]
        out.append(chars + rest)
        length += len(chars) + len(rest)
        pos = m.end()
    out.append(raw[pos:])
    return "".join(out), spelled


def _reference(ref: str, attribute: bool, after: str) -> tuple[str, int]:
    """What a reference decodes to and how many of its characters it uses (0: not one)."""
    if ref[1] == "#":
        return unescape(ref), len(ref)
    name = ref[1:]
    if name.endswith(";") and name in html5:
        return html5[name], len(ref)
    for size in range(min(len(name), _LEGACY_LIMIT), 1, -1):  # legacy names, without ";"
        if name[:size] in html5:
            following = name[size : size + 1] or after
            if attribute and (following == "=" or following.isalnum()):
                return "", 0
            return html5[name[:size]], size + 1
    return "", 0


# -- writing translations --------------------------------------------------------

_MARKS = re.compile(r"(</?\d+/?>|\n)")  # what Segment.render expands after encoding


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: four fixed contexts
class _Context:
    """Where a segment's text goes: which characters must be escaped and what may not appear."""

    escapes: dict[str, str]  # character → canonical reference
    forbidden: re.Pattern[str]  # markup the written text may not contain
    attribute: bool = False
    quoted: bool = True

    def safe(self, written: str, text: str) -> bool:
        """Whether ``written`` reads back as exactly ``text`` here, and as nothing more."""
        if self.forbidden.search(written):
            return False
        return "&" not in written or _decode(written, self.attribute)[0] == text


_TEXT_CONTEXT = _Context({"&": "&amp;", "<": "&lt;"}, re.compile(r"<[A-Za-z/!?]"))
_TITLE_CONTEXT = _Context({"&": "&amp;", "<": "&lt;"}, re.compile(r"(?i)</title"))
_ATTRIBUTE_CONTEXTS = {
    '"': _Context({"&": "&amp;", '"': "&quot;"}, re.compile('"'), attribute=True),
    "'": _Context({"&": "&amp;", "'": "&#39;"}, re.compile("'"), attribute=True),
    "": _Context({"&": "&amp;"}, re.compile(r"[\s\"'=<>`]"), attribute=True, quoted=False),
}


class _Encoder:
    """``Segment.encode`` for HTML: a translation's text written as HTML for its context.

    Each character the source wrote as a reference (or had to escape) is
    written as the source wrote it, occurrence by occurrence, so the
    identity render gives back the source spelling; a character the source
    did not have gets the canonical escape.  If the result would not decode
    back to exactly the translator's text (a literal ``&`` of the source
    now followed by ``lt;``), that piece is escaped canonically instead.
    An unquoted attribute value that needs quotes gets double quotes.
    """

    def __init__(self, context: _Context, atoms: list[Atom]):
        self.context = context
        self.texts = [a for a in atoms if isinstance(a, Text)]
        self._tables: dict[_Context, tuple[re.Pattern[str], dict[str, list[str]]]] = {}

    def __call__(self, translation: str) -> str:
        written = self._write(translation, self.context)
        if written is None:  # unquoted attribute value that now needs quotes
            return '"' + self._write(translation, _ATTRIBUTE_CONTEXTS['"']) + '"'
        return written

    def _table(self, context: _Context) -> tuple[re.Pattern[str], dict[str, list[str]]]:
        """The characters to spell (escaped or source-spelled ones) and their source spellings in order."""
        if context not in self._tables:
            chars = set(context.escapes)
            for atom in self.texts:
                if isinstance(atom, SpelledText):
                    chars.update(atom.text[i] for i in atom.spelled)
            pattern = re.compile("[" + re.escape("".join(sorted(chars))) + "]")
            spellings: dict[str, list[str]] = {c: [] for c in chars}
            for atom in self.texts:
                spelled = atom.spelled if isinstance(atom, SpelledText) else {}
                for m in pattern.finditer(atom.text):
                    spellings[m.group()].append(spelled.get(m.start(), m.group()))
            self._tables[context] = pattern, spellings
        return self._tables[context]

    def _write(self, translation: str, context: _Context) -> str | None:
        if not context.quoted and ("\n" in translation or not translation):
            return None
        pattern, spellings = self._table(context)
        pending = {c: iter(s) for c, s in spellings.items()}
        escapes = context.escapes

        def spell(m: re.Match[str]) -> str:
            c = m.group()
            return next(pending[c], escapes.get(c, c))

        def escape(m: re.Match[str]) -> str:
            return escapes.get(m.group(), m.group())

        parts = _MARKS.split(translation)
        for k in range(0, len(parts), 2):
            text = parts[k]
            written = pattern.sub(spell, text)
            if not context.safe(written, text):
                written = pattern.sub(escape, text)
                if not context.safe(written, text):
                    return None
            parts[k] = written
        return "".join(parts)


class _HtmlSegment(Segment):
    """A segment whose text atoms hold decoded characters.

    Its source is therefore the msgid written back through ``encode``, so
    even an untranslated segment is rendered through the same path as a
    translation, placeholders and all.
    """

    def render(self, translation: str | None, lookup=None) -> str:
        return super().render(self.text if translation is None else translation, lookup)

    @property
    def source(self) -> str:
        return self.render(None)


class _DirectionalTemplate(str):
    """A :class:`LanguageSlot` template that also sets ``dir``.

    ``Document.render`` only passes the language code, so the template itself
    picks its right-to-left variant from Babel's ``character_order``.
    """

    rtl: str

    def __new__(cls, ltr: str, rtl: str) -> _DirectionalTemplate:
        template = super().__new__(cls, ltr)
        template.rtl = rtl
        return template

    def format(self, *args, **kwargs) -> str:
        lang = kwargs["lang"]
        return str.format(self.rtl if _right_to_left(lang) else str(self), lang=lang)


@lru_cache(maxsize=None)
def _right_to_left(lang: str) -> bool:
    try:
        return Locale.parse(lang.replace("-", "_")).character_order == "right-to-left"
    except (UnknownLocaleError, ValueError, TypeError):
        return False


# -- parsing -------------------------------------------------------------------


def parse(text: str, path: str, options: Options) -> Document:
    return _Parser(text, options).parse(path)


@dataclass(slots=True)
class _Open:
    """An open element; ``placeholder`` is set for an inline element opened inside a run."""

    name: str
    kept: bool
    placeholder: Placeholder | None = None


@dataclass
class _Run:
    """Inline content being collected: it becomes one block's segments."""

    start: int
    depth: int  # stack height when it began: popping below it ends the run
    kind: str
    atoms: list[Atom] = field(default_factory=list)
    nested: bool = False  # holds attribute segments, so it is kept even without text
    kept_start: int | None = None  # where an inline never-translated element began
    kept_depth: int = 0  # the stack height with that element on top


class _Parser:
    def __init__(self, text: str, options: Options):
        self.text = text
        self.options = options
        self.notranslate = frozenset(options.notranslate_classes)
        self.parts: list = []
        self.pos = 0  # source up to here is in parts
        self.stack: list[_Open] = []
        self.run: _Run | None = None
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.seen_html = False
        self.doctype_part: int | None = None

    def parse(self, path: str) -> Document:
        for kind, start, end, tag in _tokens(self.text):
            if kind == _TEXT:
                self._text(start, end)
            elif kind == _TAG:
                self._end_tag(tag) if tag.closing else self._start_tag(tag)
            elif kind == _RAW:
                self._raw_text(start, end, tag)
            elif kind == _TEMPLATE_TAG:
                self._inline_markup(start, end, "template tag", begins_run=True)
            else:
                self._inline_markup(start, end, "comment", begins_run=False)
                if kind == _DOCTYPE and self.doctype_part is None and self.run is None:
                    self._skeleton_to(end)
                    self.doctype_part = len(self.parts)
        self._end_run(len(self.text))
        self._skeleton_to(len(self.text))
        if not self.seen_html and self.doctype_part is not None:
            template = _DirectionalTemplate('<html lang="{lang}">', '<html lang="{lang}" dir="rtl">')
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
        run.atoms.extend(text_atoms(*_decode(self.text[start:end])))

    def _inline_markup(self, start: int, end: int, label: str, begins_run: bool) -> None:
        """A comment or template tag: a placeholder inside a run, skeleton elsewhere."""
        if self._in_kept():
            return
        if self.run is None:
            if not (begins_run and self._in_body()):
                return
            self._begin_run(start)
        self.run.atoms.append(Placeholder([self.text[start:end]], None, label))

    def _raw_text(self, start: int, end: int, tag: _Tag) -> None:
        if tag.name == "title" and not self._in_kept():
            atoms = text_atoms(*_decode(self.text[start:end]))
            self._emit(start, end, atoms, "page title", _TITLE_CONTEXT, "paragraph")

    def _start_tag(self, tag: _Tag) -> None:
        name = tag.name
        self._close_implied(name, tag.start)
        void = name in _VOID
        if self._in_kept():
            if not (void or tag.self_closing):
                self.stack.append(_Open(name, True))
            return
        kept = name in _NEVER or self._marked_notranslate(tag)
        if name in _BLOCK:
            self._end_run(tag.start)
        elif self.run is not None or (self._in_body() and name not in _JOINS_RUNS_ONLY):
            self._inline_start(tag, kept, void)
            return
        if not kept:
            self._skeleton_pieces(tag.start, tag.end, self._tag_source(tag))
        if not void:
            self.stack.append(_Open(name, kept))

    def _inline_start(self, tag: _Tag, kept: bool, void: bool) -> None:
        run = self.run or self._begin_run(tag.start)
        if kept:
            if void:
                run.atoms.append(Placeholder([self.text[tag.start : tag.end]], None, _label(tag.name)))
                return
            self.stack.append(_Open(tag.name, True))
            run.kept_start, run.kept_depth = tag.start, len(self.stack)
            return
        source = self._tag_source(tag)
        run.nested = run.nested or any(isinstance(part, Segment) for part in source)
        placeholder = Placeholder(source, None, _label(tag.name))
        run.atoms.append(placeholder)
        if not void:
            self.stack.append(_Open(tag.name, False, placeholder))

    def _end_tag(self, tag: _Tag) -> None:
        name = tag.name
        index = next((i for i in range(len(self.stack) - 1, -1, -1) if self.stack[i].name == name), None)
        run = self.run
        in_kept_inline = run is not None and run.kept_start is not None
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
        run = self.run
        if run is not None and run.kept_start is not None and index < run.kept_depth:
            self._finish_kept(at)
        del self.stack[index:]
        if run is not None and len(self.stack) < run.depth:
            self._end_run(at)

    def _in_kept(self) -> bool:
        return bool(self.stack) and self.stack[-1].kept

    def _in_body(self) -> bool:
        """Loose text outside every element (template code) and in ``<head>`` is not content."""
        return bool(self.stack) and self.stack[-1].name not in ("html", "head")

    def _marked_notranslate(self, tag: _Tag) -> bool:
        if (tag.value(self.text, "translate") or "").strip().lower() == "no":
            return True
        classes = tag.value(self.text, "class")
        return bool(classes) and not self.notranslate.isdisjoint(classes.split())

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
        run.atoms.append(Placeholder([self.text[run.kept_start : end]], None, "kept as is"))
        run.kept_start = None

    def _end_run(self, end: int) -> None:
        run = self.run
        if run is None:
            return
        if run.kept_start is not None:
            self._finish_kept(end)
        self.run = None
        if run.nested or any(isinstance(a, Text) and has_letters(a.text) for a in run.atoms):
            self._emit(run.start, end, run.atoms, run.kind, _TEXT_CONTEXT, self.options.segmentation)

    def _emit(self, start: int, end: int, atoms: list[Atom], kind: str, context: _Context, segmentation: str) -> None:
        line = self._line(start)

        def make(piece: list[Atom]) -> Segment:
            return _HtmlSegment(piece, kind, line, encode=_Encoder(context, piece))

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

    def _tag_source(self, tag: _Tag) -> list:
        """A start tag as source pieces: translatable attribute values become segments;
        in the first ``<html>``, ``lang`` and ``dir`` become language slots instead."""
        if tag.name == "html" and not self.seen_html:
            self.seen_html = True
            return self._language_pieces(tag)
        text = self.text
        pieces: list = []
        pos = tag.start
        for attr in tag.attrs:
            kind = self._attribute_kind(tag, attr)
            if kind is None or attr.value_start is None:
                continue
            atoms = self._value_atoms(attr)
            if not any(isinstance(a, Text) and has_letters(a.text) for a in atoms):
                continue
            pieces.append(text[pos : attr.value_start])
            context = _ATTRIBUTE_CONTEXTS[attr.quote]
            pieces.append(_HtmlSegment(atoms, kind, self._line(attr.value_start), encode=_Encoder(context, atoms)))
            pos = attr.value_end
        pieces.append(text[pos : tag.end])
        return pieces

    def _attribute_kind(self, tag: _Tag, attr: _Attr) -> str | None:
        if attr.name in _ATTRIBUTES:
            return _ATTRIBUTES[attr.name]
        if attr.name == "content" and tag.name == "meta":
            key = (tag.value(self.text, "name") or tag.value(self.text, "property") or "").strip().lower()
            if key in _META:
                return f"meta {key}"
        return None

    def _value_atoms(self, attr: _Attr) -> list[Atom]:
        """An attribute value's atoms; template tags (``{{ x }}``) in it are placeholders."""
        atoms: list[Atom] = []
        pos = attr.value_start
        for m in _TEMPLATE.finditer(self.text, attr.value_start, attr.value_end):
            atoms.extend(text_atoms(*_decode(self.text[pos : m.start()], attribute=True)))
            atoms.append(Placeholder([m.group()], None, "template tag"))
            pos = m.end()
        atoms.extend(text_atoms(*_decode(self.text[pos : attr.value_end], attribute=True)))
        return atoms

    def _language_pieces(self, tag: _Tag) -> list:
        """``<html …>`` with its ``lang`` value (added if missing) and ``dir`` value as language slots."""
        text = self.text
        attrs = {a.name: a for a in tag.attrs}
        lang, direction = attrs.get("lang"), attrs.get("dir")
        q = lang.quote if lang and lang.value_start is not None else '"'
        add_dir = "" if direction else f" dir={q}rtl{q}"
        if lang is None:  # add one after the name
            a = b = tag.start + len("<html")
            prefix = " lang="
        elif lang.value_start is None:  # a bare "lang"
            a = b = lang.name_end
            prefix = "="
        else:
            a, b = lang.value_start - len(q), lang.value_end + len(q)
            prefix = ""
        value = f"{prefix}{q}{{lang}}{q}"
        slots = [(a, b, _DirectionalTemplate(value, value + add_dir))]
        if direction is not None and direction.value_start is not None:
            dq = direction.quote
            a, b = direction.value_start - len(dq), direction.value_end + len(dq)
            slots.append((a, b, _DirectionalTemplate(f"{dq}ltr{dq}", f"{dq}rtl{dq}")))
        pieces: list = []
        pos = tag.start
        for a, b, template in sorted(slots, key=lambda slot: slot[0]):
            pieces += [text[pos:a], LanguageSlot(text[a:b], template)]
            pos = b
        pieces.append(text[pos : tag.end])
        return pieces


def _label(name: str) -> str:
    return _LABELS.get(name, f"<{name}>")
