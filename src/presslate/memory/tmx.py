"""TMX 1.4b export and import of the translation memory.

TMX is how translation memories move between CAT tools (OmegaT, Trados,
memoQ, Okapi, Weblate).  Language codes are BCP 47 in TMX (``es-MX``) and
gettext inside presslate (``es_MX``).

Placeholders become TMX inline elements, which CAT tools show as protected
tags, each holding our tag text as its native code:

* ``<1>`` … ``</1>`` → ``<bpt i="1" x="1">&lt;1&gt;</bpt>`` … ``<ept i="1">&lt;/1&gt;</ept>``
* ``<2/>`` → ``<ph x="2">&lt;2/&gt;</ph>``

So a reader that flattens inline elements to their text (as translate-toolkit
does) sees exactly our msgid.  Import restores our tag from the native code
when it is one; otherwise (a TMX from another tool) ``bpt``/``ept`` become a
pair and ``ph``, ``it`` (an isolated code) and ``ut`` a standalone tag, whose
number comes from ``x`` (``ept``: from its ``bpt``'s ``i``) or else from the
order of the codes; then each unit is renumbered so its source's tags count
1, 2, … in order, as presslate's msgids do.  Characters XML 1.0 cannot carry (control characters)
are written as ``<ph type="x-presslate-char">000B</ph>``.

Each ``<tu>`` carries ``changedate`` (the pair's latest harvest),
``usagecount`` (articles using it now), the latest article as
``<prop type="x-presslate-article">``, its provenance as
``<prop type="x-presslate-origin">`` (reviewed, tmx, aligned) and, where
known, ``<prop type="x-presslate-note">`` (e.g. the file it was aligned
from).  Units of a TMX file from another tool are stored with origin "tmx".
"""

from __future__ import annotations

import re
import xml.sax
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.handler import ContentHandler
from xml.sax.saxutils import escape

from presslate import __version__
from presslate.config import bcp47, normalize_language
from presslate.errors import ConfigError, InputError
from presslate.fileio import ANY, write_atomic
from presslate.inline import TAG_RE, markup_problems, tags
from presslate.memory.schema import ORIGINS
from presslate.memory.store import Memory, Unit

__all__ = ["TmxError", "export_tmx", "import_tmx"]

ARTICLE_PROP = "x-presslate-article"
ORIGIN_PROP = "x-presslate-origin"  # where the pair came from (memory.schema.ORIGINS)
NOTE_PROP = "x-presslate-note"  # e.g. the file it was aligned from
_PROPS = (ARTICLE_PROP, ORIGIN_PROP, NOTE_PROP)
CHAR_PH = "x-presslate-char"
_DATE = "%Y%m%dT%H%M%SZ"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TEXT_ESCAPES = {"\r": "&#13;"}  # a raw CR would be read back as LF
_ATTR_ESCAPES = {'"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
_CODES = {"bpt": "open", "ept": "close", "ph": "empty", "it": "empty", "ut": "empty"}


class TmxError(InputError):
    """A TMX file that cannot be imported; names the file and line."""


# -- export -------------------------------------------------------------------


def export_tmx(memory: Memory, path: Path | str, src_lang: str | None = None, tgt_lang: str | None = None,
               expected: bytes | None | object = ANY) -> int:
    """Write the memory (or one language pair's part) as TMX 1.4b, atomically; returns the unit count.
    ``expected``: the bytes the file held when it was checked (see :func:`overwrite_problem`);
    fileio.WriteConflict if it changed since."""
    units = list(memory.units(src_lang, tgt_lang))
    sources = {u.src_lang for u in units} or ({src_lang} if src_lang else set())
    header_src = bcp47(sources.pop()) if len(sources) == 1 else "*all*"
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<tmx version="1.4">',
        f'  <header creationtool="presslate" creationtoolversion={_attr(__version__)} datatype="plaintext"'
        f' segtype="sentence" adminlang="en" srclang={_attr(header_src)} o-tmf="presslate"/>',
        "  <body>",
    ]
    for unit in units:
        lines.append(f'    <tu srclang={_attr(bcp47(unit.src_lang))} changedate="{unit.time.strftime(_DATE)}"'
                     f' usagecount="{unit.articles}">')
        if unit.article is not None:
            lines.append(f'      <prop type="{ARTICLE_PROP}">{_text(unit.article)}</prop>')
        lines.append(f'      <prop type="{ORIGIN_PROP}">{_text(unit.origin)}</prop>')
        if unit.note is not None:
            lines.append(f'      <prop type="{NOTE_PROP}">{_text(unit.note)}</prop>')
        for lang, text in ((unit.src_lang, unit.source), (unit.tgt_lang, unit.target)):
            lines.append(f"      <tuv xml:lang={_attr(bcp47(lang))}><seg>{_seg(text)}</seg></tuv>")
        lines.append("    </tu>")
    lines += ["  </body>", "</tmx>", ""]
    write_atomic(Path(path), "\n".join(lines).encode("utf-8"), expected=expected)
    return len(units)


def _seg(text: str) -> str:
    """Segment content: text escaped, placeholders as inline elements."""
    out = []
    pos = 0
    for tag in tags(text):
        out.append(_text(text[pos : tag.start]))
        native = _text(text[tag.start : tag.end])
        n = tag.number
        if tag.kind == "open":
            out.append(f'<bpt i="{n}" x="{n}">{native}</bpt>')
        elif tag.kind == "close":
            out.append(f'<ept i="{n}">{native}</ept>')
        else:
            out.append(f'<ph x="{n}">{native}</ph>')
        pos = tag.end
    out.append(_text(text[pos:]))
    return "".join(out)


def _text(text: str) -> str:
    escaped = escape(text, _TEXT_ESCAPES)
    return _NOT_XML.sub(lambda m: f'<ph type="{CHAR_PH}">{ord(m.group()):04X}</ph>', escaped)


def _attr(value: str) -> str:
    return f'"{escape(value, _ATTR_ESCAPES)}"'


# -- import -------------------------------------------------------------------


def import_tmx(memory: Memory, path: Path | str, when: datetime | None = None) -> int:
    """Add every translation pair of a TMX file to the memory; returns how many pairs it held.

    All or nothing: a malformed file, an unknown language or a unit whose
    translation's placeholders do not match its source raises TmxError
    (with the line) and stores nothing.  Pairs without a date get ``when``
    (default: now).
    """
    return memory.add(read_tmx(path, when))


def read_tmx(path: Path | str, when: datetime | None = None) -> list[Unit]:
    """The translation pairs of a TMX file (see :func:`import_tmx`); TmxError if it has none to give."""
    handler = _Reader(str(path), when or datetime.now(timezone.utc))
    try:
        with open(path, "rb") as stream:
            xml.sax.parse(stream, handler)  # no DTD or external entity is ever fetched
    except OSError as exc:
        raise TmxError(str(path), None, f"cannot read the file: {exc.strerror}") from None
    except xml.sax.SAXParseException as exc:
        raise TmxError(str(path), exc.getLineNumber(),
                       f"malformed XML (column {exc.getColumnNumber() + 1}): {exc.getMessage()}") from None
    return handler.units


def overwrite_problem(memory: Memory, path: Path) -> str | None:
    """Why an export must not replace the file at ``path`` (None: it may): a file that is not TMX,
    or a TMX file holding pairs the memory does not have (a vendor's delivery not imported yet)."""
    if not path.exists():
        return None
    try:
        units = read_tmx(path)
    except (TmxError, ConfigError) as exc:
        return f"{path}: not a TMX file presslate can read ({exc}); an export would overwrite it"
    missing = [u for u in units if not memory.has_pair(u.src_lang, u.tgt_lang, u.source, u.target)]
    if not missing:
        return None
    count = f"{len(missing)} translation {'unit' if len(missing) == 1 else 'units'}"
    return (f"{path}: holds {count} the memory does not have (the first: “{missing[0].source}”); import it first "
            f"(presslate memory import --tmx {path}), export to another file, or pass --force")


class _Code:
    """An inline code element being read: its kind, attributes and native text."""

    def __init__(self, name: str, attrs, line: int):
        self.name = name
        self.kind = _CODES[name]
        self.x = attrs.get("x")
        self.i = attrs.get("i")
        self.type = attrs.get("type")
        self.line = line
        self.native: list[str] = []


class _Reader(ContentHandler):
    """Collects the units of a TMX file as it streams by (TMX files can be large)."""

    def __init__(self, path: str, when: datetime):
        super().__init__()
        self.path = path
        self.when = when
        self.units: list[Unit] = []
        self.locator = None
        self.root_seen = False
        self.header_src: str | None = None
        self.header_date: datetime | None = None
        self.tu = None  # (line, srclang, date) of the current <tu>
        self.tuvs: list[tuple[str, str, int]] = []  # (language, text, line)
        self.prop: tuple[str, list[str]] | None = None  # type and text of the x-presslate-… prop being read
        self.props: dict[str, str] = {}  # those of the current <tu>
        self.lang: str | None = None
        self.seg: list | None = None  # text pieces and _Codes of the <seg> being read
        self.code: _Code | None = None
        self.sub_depth = 0  # inside <sub>: text of a native code's own, not ours

    def setDocumentLocator(self, locator) -> None:
        self.locator = locator

    def line(self) -> int:
        return self.locator.getLineNumber() if self.locator else 0

    def error(self, message: str, line: int | None = None) -> TmxError:
        return TmxError(self.path, line or self.line(), message)

    def startElement(self, name: str, attrs) -> None:
        if not self.root_seen:
            if name != "tmx":
                raise self.error(f"not a TMX file: the root element is <{name}>, not <tmx>")
            self.root_seen = True
        elif self.seg is not None:
            self._start_inline(name, attrs)
        elif name == "header":
            self.header_src = attrs.get("srclang")
            self.header_date = self._date(attrs.get("creationdate"))
        elif name == "tu":
            date = self._date(attrs.get("changedate") or attrs.get("creationdate"))
            self.tu = (self.line(), attrs.get("srclang") or self.header_src, date)
            self.tuvs = []
            self.props = {}
        elif name == "prop" and self.tu is not None and attrs.get("type") in _PROPS:
            self.prop = (attrs.get("type"), [])
        elif name == "tuv" and self.tu is not None:
            code = attrs.get("xml:lang") or attrs.get("lang")  # "lang": TMX 1.1
            if not code:
                raise self.error("<tuv> without xml:lang")
            self.lang = self._language(code)
        elif name == "seg" and self.lang is not None:
            self.seg = []

    def _start_inline(self, name: str, attrs) -> None:
        if self.sub_depth or name == "sub":
            self.sub_depth += name == "sub"
        elif name in _CODES:
            if self.code is not None:
                raise self.error(f"<{name}> inside <{self.code.name}>")
            self.code = _Code(name, attrs, self.line())

    def endElement(self, name: str) -> None:
        if self.sub_depth:
            self.sub_depth -= name == "sub"
        elif self.code is not None and name == self.code.name:
            self.seg.append(self.code)
            self.code = None
        elif name == "seg" and self.seg is not None:
            self.tuvs.append((self.lang, self._resolve(self.seg), self.line()))
            self.seg = None
        elif name == "tuv":
            self.lang = None
        elif name == "prop" and self.prop is not None:
            self.props[self.prop[0]] = "".join(self.prop[1])
            self.prop = None
        elif name == "tu" and self.tu is not None:
            self._finish_tu()
            self.tu = None

    def characters(self, content: str) -> None:
        if self.sub_depth:
            return
        if self.code is not None:
            self.code.native.append(content)
        elif self.seg is not None:
            self.seg.append(content)
        elif self.prop is not None:
            self.prop[1].append(content)

    def _finish_tu(self) -> None:
        line, srclang, date = self.tu
        if not srclang:
            raise self.error("no srclang on <tu> or <header>: which language is the source?", line)
        if srclang == "*all*":
            pairs = [(a, b) for a in self.tuvs for b in self.tuvs if a[0] != b[0]]
        else:
            source_lang = self._language(srclang, line)
            sources = [tuv for tuv in self.tuvs if tuv[0] == source_lang]
            if not sources:
                raise self.error(f"no <tuv> in the source language {srclang}", line)
            pairs = [(sources[0], tuv) for tuv in self.tuvs if tuv[0] != source_lang]
        for (src_lang, source, _), (tgt_lang, target, tgt_line) in pairs:
            source, target = _renumbered(source, target)
            problems = markup_problems(source, source)
            if problems:
                raise self.error("the source's placeholders do not nest: " + "; ".join(problems), line)
            problems = markup_problems(source, target)
            if problems:
                raise self.error(f"the {bcp47(tgt_lang)} placeholders do not match the source's: "
                                 + "; ".join(problems), tgt_line)
            if source and target:
                self.units.append(Unit(src_lang, tgt_lang, source, target,
                                       date or self.header_date or self.when, self.props.get(ARTICLE_PROP),
                                       origin=self._origin(), note=self.props.get(NOTE_PROP)))

    def _origin(self) -> str:
        """A unit's origin: presslate's own export says it; any other TMX's units are "tmx"."""
        origin = self.props.get(ORIGIN_PROP, "tmx")
        return origin if origin in ORIGINS else "tmx"

    def _resolve(self, parts: list) -> str:
        """The segment as presslate text: codes become tags (see the module docstring)."""
        out = []
        by_i: dict[str, int] = {}
        highest = 0
        for part in parts:
            if isinstance(part, str):
                out.append(part)
                continue
            native = "".join(part.native)
            if part.type == CHAR_PH:
                try:
                    out.append(chr(int(native, 16)))
                except ValueError:
                    raise self.error(f"<ph type={CHAR_PH!r}> holds {native!r}, not a hexadecimal code",
                                     part.line) from None
                continue
            own = tags(native) if TAG_RE.fullmatch(native) else []
            if own and own[0].kind == part.kind:
                number = own[0].number
            elif part.x and part.x.isdigit():
                number = int(part.x)
            elif part.name == "ept":
                if part.i not in by_i:
                    raise self.error(f'<ept i="{part.i}"> has no <bpt> with that i before it', part.line)
                number = by_i[part.i]
            else:
                number = highest + 1
            if part.name == "bpt":
                by_i[part.i] = number
            highest = max(highest, number)
            out.append({"open": f"<{number}>", "close": f"</{number}>", "empty": f"<{number}/>"}[part.kind])
        return "".join(out)

    def _language(self, code: str, line: int | None = None) -> str:
        try:
            return normalize_language(code)
        except ConfigError:
            raise self.error(f"unknown language code {code!r}", line) from None

    def _date(self, value: str | None) -> datetime | None:
        if not value:
            return None
        try:
            return datetime.strptime(value, _DATE).replace(tzinfo=timezone.utc)
        except ValueError:
            raise self.error(f"date {value!r} is not in the TMX form YYYYMMDDThhmmssZ") from None


def _renumbered(source: str, target: str) -> tuple[str, str]:
    """Both texts with the source's tags numbered 1, 2, … in order (target follows the source)."""
    numbers: dict[int, int] = {}
    for tag in tags(source):
        if tag.kind != "close":
            numbers.setdefault(tag.number, len(numbers) + 1)
    if all(old == new for old, new in numbers.items()):
        return source, target

    def renumber(m: re.Match) -> str:
        closing, number, empty = m.group(1), int(m.group(2)), m.group(3)
        if (closing and empty) or number not in numbers:
            return m.group()  # not a tag, or one the source lacks (reported by markup_problems)
        return f"<{closing}{numbers[number]}{empty}>"

    return TAG_RE.sub(renumber, source), TAG_RE.sub(renumber, target)
