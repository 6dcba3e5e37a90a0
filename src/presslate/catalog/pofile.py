"""Lossless reading and writing of gettext PO files.

polib (like msgcat) re-wraps, re-orders and re-renders every entry it writes,
so a translator's hand-formatted file comes back changed everywhere.  Here each
entry keeps the exact text it was read from; only entries whose values changed
are rendered again, in GNU msgmerge style, so an unchanged file is written back
byte for byte.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Entry", "PoFile", "PoSyntaxError"]

WIDTH = 79  # GNU gettext's default page width

_KEY_FIELDS = frozenset({"msgid", "msgctxt", "obsolete"})
_BLANK = " \t\f\v\r"
_UTF8_NAMES = frozenset({"utf-8", "utf8", "charset", "ascii", "us-ascii"})  # "CHARSET": a template

_PORTION_RE = re.compile(r"[^\n]*\n|[^\n]+")
# Runs of letters and digits (Latin-1 and Latin Extended letters too) are never broken inside.
_TOKEN_RE = re.compile(r"[A-Za-z0-9\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F]+|.", re.S)
_KEYWORD_RE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?")
_STRING_RE = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)(")?(.*)', re.S)
_UNESCAPE_RE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|(.))", re.S)
_SIMPLE_ESCAPES = {
    "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
    "\\": "\\", '"': '"', "'": "'", "?": "?",
}
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r",
            "\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_CHARSET_RE = re.compile(r"charset=([^\s;\"\\]+)", re.I)
_CHARSET_BYTES_RE = re.compile(rb"charset=[^\s;\"\\]+", re.I)
_NPLURALS_RE = re.compile(r"nplurals\s*=\s*(\d+)")

# Line-break opportunities, measured against GNU gettext 0.21 (libunistring's
# UAX #14 as msgcat applies it) for the characters that matter in practice.
_NO_BREAK_BEFORE = frozenset("/:.,;!?)]}、。，．）」』】〕〉》〗〙〛｝］｠〞〟：；！？・ー々"
                             "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶゝゞヽヾ〜～")
_QUOTES = frozenset("'\"«»“”‘’")
_GLUE_BEFORE = _QUOTES | frozenset("-|…–")  # no break before these, except after a space
_BREAK_AFTER_UNLESS_DIGIT = frozenset("-/:.,;")
_BREAK_AFTER = frozenset("!?}|…—–")
_CLOSERS = frozenset(")]}、。，．）」』】〕〉》〗〙〛｝］｠〞〟")
_PREFIXES = frozenset("$+\\€£¥")  # UAX #14 class PR (a backslash: an escape sequence)
_OPENERS = frozenset("([{（「『【〔〈《〖〘〚｛［｟〝")  # no break after, even before spaces


def _class(chars) -> str:
    """A regular expression character class matching any of ``chars``."""
    return "[" + re.escape("".join(sorted(chars))) + "]"


# Most values are "simple" (see _inner_breaks) and wrapped without _wrap's token loop.
_ONE_COLUMN = "\u00a0-\u00ac\u00ae-\u024f‘’“”–—…"  # non-ASCII, one column each (U+00AD takes none)
_NARROW_RE = re.compile(f"[\x00-\x7f{_ONE_COLUMN}]*")
_ESCAPED_RE = re.compile(_class(_ESCAPES))
# A character that is escaped (\a to \r, the quote, the backslash) or not one column wide.
_NOT_SIMPLE_CHAR_RE = re.compile(f"[^\x00-\x06\x0e-\x1f !#-\\[\\]-\x7f{_ONE_COLUMN}]")
# A space doubled, or allowing no break after it: the `before == " "` case of _can_break.
_NO_BREAK_SPACE_RE = re.compile(
    f" (?: |{_class(_NO_BREAK_BEFORE)}|(?<={_class(_OPENERS)} )"
    f"|(?<={_class(_QUOTES)} ){_class(_OPENERS)}|(?<=— )—)")
# A character after which _can_break may allow a break (unless a space follows); in values
# with an em dash, also any character before one.
_BREAKS_AFTER = _class(_BREAK_AFTER_UNLESS_DIGIT | _BREAK_AFTER | frozenset("%\\)]"))
_MAY_BREAK_RE = re.compile(f"{_BREAKS_AFTER}(?=[^ ])")
_MAY_BREAK_DASH_RE = re.compile(f"{_BREAKS_AFTER}(?=[^ ])|[^ ](?=—)")

# Phases of an entry being read.
_COMMENTS, _CTX, _ID, _PLURAL, _STR, _STRS = range(6)


class PoSyntaxError(Exception):
    """A PO file that cannot be read, with the 1-based line of the problem."""

    def __init__(self, path: str | None, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


@dataclass(eq=False)
class Entry:
    """One message of a PO file; parsed entries remember their source text."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    translator_comments: list[str] = field(default_factory=list)
    extracted_comments: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    line: int = 0

    _raw = None  # the entry's source text (comments to last string line), None if new
    _snapshot = None  # the field values when read, to tell whether the entry changed
    _sep = None  # the blank lines that preceded the entry in its file
    _prev = None  # the entry that preceded it in its file (None: it came first)
    _owner = None  # the PoFile whose index holds this entry

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
        if name in _KEY_FIELDS and self._owner is not None:
            self._owner._index = None

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @fuzzy.setter
    def fuzzy(self, value: bool) -> None:
        if value and "fuzzy" not in self.flags:
            self.flags.insert(0, "fuzzy")
        while not value and "fuzzy" in self.flags:
            self.flags.remove("fuzzy")

    def is_translated(self) -> bool:
        """True if every form has a translation and the entry is neither fuzzy nor obsolete."""
        if self.obsolete or self.fuzzy:
            return False
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural.values())
        return bool(self.msgstr)

    def _state(self) -> tuple:
        return (
            self.msgid, self.msgstr, self.msgctxt, self.msgid_plural,
            tuple(sorted(self.msgstr_plural.items())), tuple(self.flags),
            tuple(self.translator_comments), tuple(self.extracted_comments),
            tuple(self.references), self.previous_msgctxt, self.previous_msgid,
            self.previous_msgid_plural, self.obsolete,
        )


class PoFile:
    """A PO file: a header entry, the other entries in file order, and their layout."""

    def __init__(self, entries=None, header: Entry | None = None, newline: str = "\n"):
        self.entries: list[Entry] = list(entries or [])
        self.header = header
        self.newline = newline
        self._trailer = ""  # blank lines and stray comments after the last entry
        self._index = None
        self._index_len = 0

    @classmethod
    def parse(cls, data: bytes | str, path: str | None = None) -> PoFile:
        """Read PO text (UTF-8 bytes or str); raise PoSyntaxError on malformed input."""
        text = _decode(data, path) if isinstance(data, (bytes, bytearray)) else data
        parser = _Parser(text, path)
        items = parser.run()
        header = items[0] if items and _is_header(items[0]) else None
        crlf = text.count("\r\n")
        po = cls(items[1:] if header else items, header,
                 "\r\n" if crlf > text.count("\n") - crlf else "\n")
        po._trailer = parser.trailer
        parser.active.pop((None, ""), None)
        po._index = (parser.active, parser.obsolete)
        po._index_len = len(po.entries)
        for entry in po.entries:
            object.__setattr__(entry, "_owner", po)
        if header is not None:
            _check_header(header, path)
            _check_plural_counts(po, path)
        return po

    @classmethod
    def read(cls, path) -> PoFile:
        return cls.parse(Path(path).read_bytes(), str(path))

    def metadata(self) -> dict[str, str]:
        """The header's fields ("Language", "Plural-Forms", ...) in file order."""
        if self.header is None:
            return {}
        fields: dict[str, str] = {}
        for line in self.header.msgstr.split("\n"):
            key, colon, value = line.partition(":")
            if colon and key.strip():
                fields.setdefault(key.strip(), value.strip())
        return fields

    def set_metadata(self, key: str, value: str) -> None:
        """Set one header field, keeping the others; creates the header if missing."""
        if ":" in key or "\n" in key or "\n" in value or not key.strip():
            raise ValueError(f"invalid header field {key!r}: {value!r}")
        if key.lower() == "content-type" and _charset_problem(value):
            raise ValueError(_charset_problem(value))
        if self.header is None:
            self.header = Entry(msgid="")
        text = self.header.msgstr
        lines = (text if text.endswith("\n") else text + "\n").split("\n")[:-1] if text else []
        for i, line in enumerate(lines):
            name, colon, _ = line.partition(":")
            if colon and name.strip() == key:
                lines[i] = f"{key}: {value}"
                break
        else:
            lines.append(f"{key}: {value}")
        self.header.msgstr = "".join(line + "\n" for line in lines)

    def find(self, msgid: str, msgctxt: str | None = None, include_obsolete: bool = False) -> Entry | None:
        """The entry with this msgctxt and msgid (an active one first), or None."""
        active, obsolete = self._lookup()
        found = active.get((msgctxt, msgid))
        if found is None and include_obsolete:
            found = obsolete.get((msgctxt, msgid))
        return found

    def append(self, entry: Entry) -> None:
        self.insert(len(self.entries), entry)

    def insert(self, index: int, entry: Entry) -> None:
        """Insert an entry; a second active entry with the same msgctxt and msgid is refused."""
        active, obsolete = self._lookup()
        key = (entry.msgctxt, entry.msgid)
        if entry.obsolete:
            obsolete.setdefault(key, entry)
        elif key == (None, ""):
            raise ValueError("an entry with an empty msgid is the header: set PoFile.header")
        elif key in active:
            raise ValueError(f"the file already has an entry for msgid {entry.msgid!r}"
                             + (f" with msgctxt {entry.msgctxt!r}" if entry.msgctxt is not None else ""))
        else:
            active[key] = entry
        self.entries.insert(index, entry)
        self._index_len += 1
        object.__setattr__(entry, "_owner", self)

    def remove(self, entry: Entry) -> None:
        self.entries.remove(entry)
        object.__setattr__(entry, "_owner", None)
        self._index = None

    def serialize(self) -> bytes:
        """The file as UTF-8 bytes: unchanged entries verbatim, changed and new ones rendered."""
        nl = self.newline
        nplurals = _nplurals(self.metadata())
        out: list[str] = []
        ended = True  # whether the output so far ends with a line break
        prev = None
        for entry in [self.header, *self.entries] if self.header is not None else self.entries:
            if entry._sep is not None and entry._prev is prev:
                sep = entry._sep
            else:
                sep = "" if prev is None else nl
            unchanged = entry._raw is not None and entry._state() == entry._snapshot
            body = entry._raw if unchanged else _render(entry, nl, nplurals)
            if not ended:
                out.append(nl)
            out.append(sep)
            out.append(body)
            ended = body.endswith("\n")
            prev = entry
        if self._trailer:
            if not ended:
                out.append(nl)
            out.append(self._trailer)
        return "".join(out).encode("utf-8")

    def _lookup(self) -> tuple[dict, dict]:
        """The (active, obsolete) index by (msgctxt, msgid), rebuilt when stale."""
        if self._index is None or self._index_len != len(self.entries):
            active: dict = {}
            obsolete: dict = {}
            for entry in self.entries:
                (obsolete if entry.obsolete else active).setdefault((entry.msgctxt, entry.msgid), entry)
                object.__setattr__(entry, "_owner", self)
            self._index = (active, obsolete)
            self._index_len = len(self.entries)
        return self._index


# --- reading -----------------------------------------------------------------


class _Draft:
    """An entry being read."""

    def __init__(self, start: int, line: int):
        self.start = start
        self.end = start
        self.line = line
        self.phase = _COMMENTS
        self.obsolete: bool | None = None
        self.msgid_line = 0
        self.translator: list[str] = []
        self.extracted: list[str] = []
        self.references: list[str] = []
        self.flags: list[str] = []
        self.previous: dict[str, list[str]] = {}
        self.fields: dict[str, list[str]] = {}
        self.plural: dict[int, list[str]] = {}
        self.target: list[str] | None = None  # where a continuation string goes
        self.target_kind = ""  # the line prefix that continuation must carry


class _Parser:
    """Splits PO text into entries, keeping each entry's exact source text."""

    def __init__(self, text: str, path: str | None):
        self.text = text
        self.path = path
        self.lineno = 0
        self.draft: _Draft | None = None
        self.items: list[Entry] = []
        self.last_end = 0
        self.trailer = ""
        self.active: dict = {}
        self.obsolete: dict = {}

    def run(self) -> list[Entry]:
        text = self.text
        end = 1 if text.startswith("\ufeff") else 0
        for self.lineno, line in enumerate(text[end:].split("\n"), 1):
            start = end
            end = start + len(line) + 1  # one past the text on the last line: slices clamp it
            s = line.lstrip(_BLANK)
            if not s:
                continue
            if s[-1] == "\r":
                s = s[:-1]
            if s[0] == "#":
                self._comment(s, start, end)
            else:
                self._code(s, "", start, end)
        d = self.draft
        if d is not None and d.phase >= _STR:
            self._finish(d)
        elif d is not None and d.phase != _COMMENTS:
            self._incomplete(d)
        self.trailer = text[self.last_end:]
        return self.items

    def error(self, message: str, line: int | None = None) -> PoSyntaxError:
        return PoSyntaxError(self.path, line or self.lineno, message)

    def _comment(self, s: str, start: int, end: int) -> None:
        tag = s[1:2]
        if tag == "~":
            body = s[2:]
            if body.startswith("|"):
                self._code(body[1:].lstrip(_BLANK), "#~|", start, end)
            elif body.strip(_BLANK):
                self._code(body.lstrip(_BLANK), "#~", start, end)
            return  # a bare "#~" line carries nothing
        if tag == "|":
            self._code(s[2:].lstrip(_BLANK), "#|", start, end)
            return
        d = self._comment_zone(start)
        if tag == ".":
            d.extracted.append(_comment_text(s[2:]))
        elif tag == ":":
            d.references.extend(s[2:].split())
        elif tag == ",":
            d.flags.extend(flag for flag in (f.strip() for f in s[2:].split(",")) if flag)
        else:
            d.translator.append(_comment_text(s[1:]))
        d.end = end

    def _code(self, s: str, kind: str, start: int, end: int) -> None:
        """A keyword or string line; ``kind`` is its prefix: "", "#~", "#|" or "#~|"."""
        if s.startswith('"'):
            d = self.draft
            if d is None or d.target is None or d.target_kind != kind:
                raise self.error("a quoted string must follow a keyword (msgid, msgstr, ...)"
                                 + (f" on a {kind} line" if kind else ""))
            d.target.append(self._string(s))
            d.end = end
            return
        m = _KEYWORD_RE.match(s)
        rest = s[m.end():] if m else ""
        if m is None or (rest and rest[0] not in _BLANK + '"'):
            raise self.error(f"unexpected text {s[:30]!r}: expected a comment (#), a keyword "
                             "(msgctxt, msgid, msgid_plural, msgstr) or a quoted string")
        keyword, index = m.group(1), m.group(2)
        name = f"msgstr[{index}]" if index is not None else keyword
        rest = rest.lstrip(_BLANK)
        if not rest:
            raise self.error(f'{name} needs a quoted string, e.g. {name} ""')
        value = self._string(rest)
        if kind in ("#|", "#~|"):
            self._previous(keyword, name, kind, value, start)
        else:
            self._keyword(keyword, index, name, kind == "#~", value, start)
        self.draft.end = end

    def _previous(self, keyword: str, name: str, kind: str, value: str, start: int) -> None:
        if keyword == "msgstr":
            raise self.error(f"{kind} lines hold the previous msgctxt, msgid or msgid_plural, not {name}")
        d = self._comment_zone(start)
        d.previous[keyword] = d.target = [value]
        d.target_kind = kind

    def _keyword(self, keyword, index, name, obsolete, value, start) -> None:
        d = self.draft
        if keyword in ("msgctxt", "msgid") and (d is None or d.phase >= _STR):
            d = self._start(start)
        elif d is None:
            raise self.error(f"keyword out of order: {name} before any msgid")
        if d.obsolete is None:
            d.obsolete = obsolete
        elif d.obsolete != obsolete:
            raise self.error("this entry mixes obsolete (#~) lines with active lines")
        phase = d.phase
        parts = [value]
        if keyword == "msgctxt" and phase == _COMMENTS:
            d.phase = _CTX
        elif keyword == "msgid" and phase in (_COMMENTS, _CTX):
            d.phase, d.msgid_line = _ID, self.lineno
        elif keyword in ("msgctxt", "msgid") and phase in (_ID, _PLURAL):
            self._incomplete(d)
        elif keyword == "msgid_plural" and phase == _ID:
            d.phase = _PLURAL
        elif keyword == "msgstr" and index is None and phase == _ID:
            d.phase = _STR
        elif keyword == "msgstr" and index is None and phase == _PLURAL:
            raise self.error("this entry has msgid_plural, so it needs msgstr[0], msgstr[1], ... "
                             "instead of msgstr")
        elif index is not None and phase == _ID:
            raise self.error(f"{name} is only allowed after msgid_plural")
        elif index is not None and phase in (_PLURAL, _STRS):
            expected = len(d.plural)
            if int(index) != expected:
                raise self.error(f"expected msgstr[{expected}] here, found {name}")
            d.phase = _STRS
            d.plural[expected] = parts
        else:
            expected = {
                _COMMENTS: "msgctxt or msgid", _CTX: "msgid", _ID: "msgid_plural or msgstr", _PLURAL: "msgstr[0]",
                _STR: "a new entry (msgctxt or msgid)", _STRS: f"msgstr[{len(d.plural)}] or a new entry",
            }[phase]
            raise self.error(f"keyword out of order: found {name} where {expected} was expected")
        if index is None:
            d.fields[keyword] = parts
        d.target = parts
        d.target_kind = "#~" if obsolete else ""

    def _comment_zone(self, start: int) -> _Draft:
        """The draft that a comment line at ``start`` belongs to."""
        d = self.draft
        if d is None or d.phase >= _STR:
            return self._start(start)
        if d.phase != _COMMENTS:
            self._incomplete(d)
        return d

    def _incomplete(self, d: _Draft):
        if d.phase == _CTX:
            raise self.error("msgctxt must be followed by a msgid", d.line)
        raise self.error("msgstr missing: this msgid has no msgstr", d.msgid_line)

    def _start(self, start: int) -> _Draft:
        if self.draft is not None:
            self._finish(self.draft)
        self.draft = _Draft(start, self.lineno)
        return self.draft

    def _finish(self, d: _Draft) -> None:
        f = d.fields
        entry = object.__new__(Entry)
        entry.__dict__.update(
            msgid="".join(f["msgid"]),
            msgstr="".join(f.get("msgstr", ())),
            msgctxt="".join(f["msgctxt"]) if "msgctxt" in f else None,
            msgid_plural="".join(f["msgid_plural"]) if "msgid_plural" in f else None,
            msgstr_plural={n: "".join(parts) for n, parts in d.plural.items()},
            flags=d.flags,
            translator_comments=d.translator,
            extracted_comments=d.extracted,
            references=d.references,
            previous_msgctxt=_joined(d.previous.get("msgctxt")),
            previous_msgid=_joined(d.previous.get("msgid")),
            previous_msgid_plural=_joined(d.previous.get("msgid_plural")),
            obsolete=bool(d.obsolete),
            line=d.line,
            _raw=self.text[d.start:d.end],
            _sep=self.text[self.last_end:d.start],
            _prev=self.items[-1] if self.items else None,
        )
        entry._snapshot = entry._state()
        key = (entry.msgctxt, entry.msgid)
        if entry.obsolete:
            self.obsolete.setdefault(key, entry)
        elif key in self.active:
            first = self.active[key]
            what = "header (empty msgid)" if key == (None, "") else f"msgid {entry.msgid!r}" + (
                f" with msgctxt {entry.msgctxt!r}" if entry.msgctxt is not None else "")
            raise self.error(f"duplicate {what}: already defined at line {first.line}", entry.line)
        elif key == (None, "") and self.items:
            raise self.error("the entry with an empty msgid is the header and must come first", entry.line)
        else:
            self.active[key] = entry
        self.items.append(entry)
        self.last_end = d.end
        self.draft = None

    def _string(self, s: str) -> str:
        if s[-1] == '"' and "\\" not in s and '"' not in s[1:-1] and len(s) > 1:
            return s[1:-1]
        m = _STRING_RE.match(s)
        if m is None:
            raise self.error(f"expected a quoted string, found {s[:30]!r}")
        if m.group(2) is None:
            raise self.error('unterminated string: missing closing quote (")')
        if m.group(3).strip(_BLANK):
            raise self.error(f"unexpected text after the closing quote: {m.group(3).strip()[:30]!r}")
        body = m.group(1)
        return _UNESCAPE_RE.sub(self._unescape, body) if "\\" in body else body

    def _unescape(self, m: re.Match) -> str:
        octal, hexa, char = m.groups()
        if octal is not None:
            return chr(int(octal, 8))
        if hexa is not None:
            return chr(int(hexa, 16))
        if char in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[char]
        raise self.error(f"invalid escape sequence \\{char} (write \\\\ for a backslash)")


def _comment_text(text: str) -> str:
    return text[1:] if text.startswith(" ") else text


def _joined(parts: list[str] | None) -> str | None:
    return None if parts is None else "".join(parts)


def _is_header(entry: Entry) -> bool:
    return entry.msgid == "" and entry.msgctxt is None and not entry.obsolete


def _decode(data: bytes, path: str | None) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        m = _CHARSET_BYTES_RE.search(data)
        problem = m and _charset_problem(m.group(0).decode("ascii", "replace"))
        if problem:
            raise PoSyntaxError(path, data.count(b"\n", 0, m.start()) + 1, problem) from None
        raise PoSyntaxError(path, data.count(b"\n", 0, exc.start) + 1,
                            "invalid UTF-8: this line holds bytes that are not UTF-8 text") from None


def _charset_problem(content_type: str) -> str | None:
    m = _CHARSET_RE.search(content_type)
    if m is None or m.group(1).lower() in _UTF8_NAMES:
        return None
    return (f"unsupported charset {m.group(1)}: presslate reads and writes UTF-8 PO files only "
            "(convert the file with: msgconv --to-code=UTF-8)")


def _check_header(header: Entry, path: str | None) -> None:
    problem = _charset_problem(header.msgstr)
    if problem:
        at = header._raw.find("charset=")
        raise PoSyntaxError(path, header.line + header._raw.count("\n", 0, max(at, 0)), problem)


def _nplurals(metadata: dict[str, str]) -> int | None:
    m = _NPLURALS_RE.search(metadata.get("Plural-Forms", ""))
    return int(m.group(1)) if m else None


def _check_plural_counts(po: PoFile, path: str | None) -> None:
    nplurals = _nplurals(po.metadata())
    if nplurals is None:
        return
    for entry in po.entries:
        count = len(entry.msgstr_plural)
        if entry.msgid_plural is not None and not entry.obsolete and count != nplurals:
            raise PoSyntaxError(
                path, entry.line,
                f"this entry has {count} msgstr[n] line{'s' if count != 1 else ''} "
                f"but the header's Plural-Forms says nplurals={nplurals}",
            )


# --- writing -----------------------------------------------------------------


def _render(entry: Entry, nl: str, nplurals: int | None) -> str:
    """The entry as GNU msgmerge writes it, lines joined with ``nl``."""
    lines: list[str] = []
    for comment in entry.translator_comments:
        for text in comment.split("\n"):
            lines.append(f"# {text}" if text else "#")
    for comment in entry.extracted_comments:
        for text in comment.split("\n"):
            lines.append(f"#. {text}" if text else "#.")
    if entry.references:
        lines += _reference_lines(entry.references)
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    if entry.previous_msgctxt is not None or entry.previous_msgid is not None or entry.previous_msgid_plural is not None:
        prefix = "#~| " if entry.obsolete else "#| "
        for keyword, value in (("msgctxt", entry.previous_msgctxt), ("msgid", entry.previous_msgid),
                               ("msgid_plural", entry.previous_msgid_plural)):
            if value is not None:
                lines += _string_lines(prefix, keyword, value)
    prefix = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        lines += _string_lines(prefix, "msgctxt", entry.msgctxt)
    lines += _string_lines(prefix, "msgid", entry.msgid)
    if entry.msgid_plural is None:
        lines += _string_lines(prefix, "msgstr", entry.msgstr)
    else:
        lines += _string_lines(prefix, "msgid_plural", entry.msgid_plural)
        forms = entry.msgstr_plural or dict.fromkeys(range(nplurals or 2), "")
        for n in sorted(forms):
            lines += _string_lines(prefix, f"msgstr[{n}]", forms[n])
    return nl.join(lines) + nl


def _reference_lines(references: list[str]) -> list[str]:
    """``#:`` lines holding as many references as fit in 79 columns."""
    lines = []
    line = "#:"
    for ref in references:
        if line != "#:" and len(line) + 1 + len(ref) > WIDTH:
            lines.append(line)
            line = "#:"
        line += " " + ref
    if line != "#:":
        lines.append(line)
    return lines


def _string_lines(prefix: str, keyword: str, value: str) -> tuple[str, ...]:
    """``keyword "value"`` wrapped like GNU gettext: an empty first line when it takes several."""
    if not value:  # as in every msgstr of a template
        return (f'{prefix}{keyword} ""',)
    if value.isascii() and len(prefix) + len(keyword) + len(value) + 3 > WIDTH:  # escaped, only longer
        return _long_string_lines(prefix, keyword, value)
    if "\n" not in value[:-1]:
        escaped = value.translate(_ESCAPE_TABLE) if _ESCAPED_RE.search(value) else value
        if len(prefix) + len(keyword) + _width(escaped) + 3 <= WIDTH:
            return (f'{prefix}{keyword} "{escaped}"',)
    return _long_string_lines(prefix, keyword, value)


@functools.lru_cache(maxsize=8192)
def _long_string_lines(prefix: str, keyword: str, value: str) -> tuple[str, ...]:
    """``_string_lines`` for a value that does not fit on the keyword's line.  Cached: a
    translate writes each msgid twice (template, then PO file)."""
    head = f"{prefix}{keyword} "
    breaks = _inner_breaks(value)
    if breaks is not None:
        if not breaks and " " not in value[:-1]:  # no break opportunity: GNU keeps the keyword's line
            return (f'{head}"{value}"',)
        lines = _simple_lines(value, breaks, WIDTH - len(prefix) - 2)
    else:
        portions = _PORTION_RE.findall(value) if "\n" in value[:-1] else [value]
        lines = [line for portion in portions for line in _wrap(portion, len(prefix) + 1)]
        # GNU first tries the keyword's own line; it gives up on it only if it has to break.
        if len(lines) == 1 and len(_wrap(value, len(head) + 1)) == 1:
            return (f'{head}"{lines[0]}"',)
    return (f'{head}""', *[f'{prefix}"{line}"' for line in lines])


def _inner_breaks(value: str) -> list[int] | None:
    """Where a simple value may break other than after a space; None if it is not simple.

    Simple (most prose): nothing to escape, one column per character, and single spaces
    that each allow a break after them.  ``_simple_lines`` wraps such a value with string
    searches instead of ``_wrap``'s loop over every token, which is most of the time it
    takes to write a PO file."""
    if value.startswith(" ") or _NOT_SIMPLE_CHAR_RE.search(value) or _NO_BREAK_SPACE_RE.search(value):
        return None
    pairs = _MAY_BREAK_DASH_RE if "—" in value else _MAY_BREAK_RE
    return [m.end() for m in pairs.finditer(value) if _can_break(m[0], value[m.end()], m[0])]


def _simple_lines(value: str, breaks: list[int], room: int) -> list[str]:
    """``_wrap`` for a simple value, given its ``_inner_breaks``: each line ends at the last
    break that keeps it within ``room`` columns, or at the first break if none does."""
    lines = []
    start, end = 0, len(value)
    while end - start > room:
        limit = start + room
        cut = value.rfind(" ", start, limit) + 1
        i = bisect.bisect_right(breaks, limit) - 1
        if i >= 0 and breaks[i] > cut:
            cut = breaks[i]
        if cut <= start:  # nothing fits
            space = value.find(" ", limit, end - 1)  # a final space is no break
            cut = space + 1 if space >= 0 else end
            i = bisect.bisect_right(breaks, start)
            if i < len(breaks):
                cut = min(cut, breaks[i])
            if cut == end:
                break
        lines.append(value[start:cut])
        start = cut
    lines.append(value[start:])
    return lines


def _wrap(portion: str, column: int) -> list[str]:
    """Escape ``portion`` and split it at break opportunities into lines that start at
    ``column`` and end, closing quote included, by column 79 where possible."""
    room = WIDTH - column - 1
    lines: list[str] = []
    line: list[str] = []
    used = 0
    segment: list[str] = []
    width = 0
    previous = visible = ""  # the last character written, the last one that is not a space
    for token in _TOKEN_RE.findall(portion):
        if len(token) > 1:  # a run of letters and digits: never broken inside
            text, size = token, (len(token) if token.isascii() else _width(token))
        else:
            text = _ESCAPES.get(token, token)  # GNU looks for breaks in the escaped text
            size = len(text) if token < "\x80" else _char_width(token)
        if segment and token not in " \n" and _can_break(previous, text[0], visible):
            if line and used + width > room:
                lines.append("".join(line))
                line, used = [], 0
            line += segment
            used += width
            segment, width = [], 0
        segment.append(text)
        width += size
        previous = text[-1]
        if token != " ":
            visible = previous
    if line and used + width > room:
        lines.append("".join(line))
        line = []
    lines.append("".join(line + segment))
    return lines


def _can_break(before: str, after: str, visible: str) -> bool:
    """Whether GNU gettext may break a line between ``before`` and ``after`` (not a space);
    ``visible`` is the last character before them that is not a space."""
    if after in _NO_BREAK_BEFORE:
        return False
    if before == " ":
        return not (not visible or visible in _OPENERS or (visible in _QUOTES and after in _OPENERS)
                    or (visible == "—" and after == "—"))
    if after in _GLUE_BEFORE or before in _QUOTES:
        return False
    if after == "—":
        return before != "—"
    if before in _BREAK_AFTER_UNLESS_DIGIT:
        return not after.isdigit()
    if before in _CLOSERS and (after in _PREFIXES or after == "%"):
        return False
    if before in _BREAK_AFTER:
        return True
    if before in "%\\":
        return after in _PREFIXES
    if before in ")]":
        return after in _OPENERS or _is_wide(after)
    return (_is_wide(before) or _is_wide(after)) and before not in _OPENERS


@functools.cache
def _is_wide(char: str) -> bool:
    return char >= "\u1100" and _char_width(char) == 2


@functools.cache
def _char_width(char: str) -> int:
    """Columns the character takes in a terminal: 0 (combining), 1 or 2 (East Asian wide)."""
    if char.isascii():
        return 1
    if unicodedata.combining(char) or unicodedata.category(char) == "Cf":
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _width(text: str) -> int:
    if text.isascii() or _NARROW_RE.fullmatch(text):  # skips a call per character
        return len(text)
    return sum(map(_char_width, text))
