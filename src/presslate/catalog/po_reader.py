"""Reading PO text: entries with the exact source text they were read from, and checks
of the header (UTF-8 only, plural counts) with the line of each problem."""

from __future__ import annotations

import re

from presslate.catalog.entry import Entry, PoSyntaxError

_BLANK = " \t\f\v\r"
_UTF8_NAMES = frozenset({"utf-8", "utf8", "charset", "ascii", "us-ascii"})  # "CHARSET": a template
# msgstr[n] as GNU gettext reads it: blanks are allowed around the index; other keywords take none.
_KEYWORD_RE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:(?<=msgstr)[ \t]*\[[ \t]*(\d+)[ \t]*\])?")
_STRING_RE = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)(")?(.*)', re.S)
# As in GNU gettext: up to 3 octal digits, or \x and every hex digit that follows; each gives one byte.
_UNESCAPE_RE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.))", re.S)
_BYTE_RE = re.compile("[\udc80-\udcff]")  # how _unescape marks a byte above 0x7f
_SIMPLE_ESCAPES = {
    "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "\\": "\\", '"': '"',
}
_PREVIOUS_NEXT = {(): ("msgctxt", "msgid"), ("msgctxt",): ("msgid",), ("msgid",): ("msgid_plural",),
                  ("msgctxt", "msgid"): ("msgid_plural",)}  # the #| keywords allowed after those read
_CHARSET_RE = re.compile(r"charset=([^\s;\"\\]+)", re.I)
_CHARSET_BYTES_RE = re.compile(rb"charset=[^\s;\"\\]+", re.I)
_NPLURALS_RE = re.compile(r"nplurals\s*=\s*(\d+)")

# Phases of an entry being read.
_COMMENTS, _CTX, _ID, _PLURAL, _STR, _STRS = range(6)


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
        self.previous_kind = ""  # "#|" or "#~|": the prefix of the previous-field lines
        self.fields: dict[str, list[str]] = {}
        self.plural: dict[int, list[str]] = {}
        self.target: list[str] | None = None  # where a continuation string goes
        self.target_kind = ""  # the line prefix that continuation must carry


class Parser:
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
        elif d is not None and d.previous:
            raise self.error(f"{d.previous_kind} lines with no entry after them: the msgctxt or msgid "
                             "they belong to must follow (or delete them)", d.line)
        self.trailer = text[self.last_end:]
        return self.items

    def error(self, message: str, line: int | None = None) -> PoSyntaxError:
        return PoSyntaxError(self.path, line or self.lineno, message)

    def _comment(self, s: str, start: int, end: int) -> None:
        tag = s[1:2]
        if tag == "~":
            body = s[2:]
            if body.startswith("|"):
                if body[1:].strip(_BLANK):
                    self._code(body[1:].lstrip(_BLANK), "#~|", start, end)
            elif body.strip(_BLANK):
                self._code(body.lstrip(_BLANK), "#~", start, end)
            return  # a bare "#~" line carries nothing
        if tag == "|":
            if s[2:].strip(_BLANK):  # a bare "#|" line carries nothing
                self._code(s[2:].lstrip(_BLANK), "#|", start, end)
            return
        d = self._comment_zone(start)
        if d.previous:
            raise self.error(f"a comment cannot come between the {d.previous_kind} lines and the msgctxt "
                             f"or msgid they belong to: move it above the {d.previous_kind} lines")
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
        if d.previous and kind != d.previous_kind:
            raise self.error(f"{kind} line after {d.previous_kind} lines: an entry is either obsolete (#~|) "
                             "or not (#|)")
        if keyword not in _PREVIOUS_NEXT.get(tuple(d.previous), ()):
            raise self.error(f"{kind} {keyword} out of order: the previous fields of an entry are "
                             f"{kind} msgctxt (optional), {kind} msgid, {kind} msgid_plural (optional), "
                             "each at most once")
        d.previous[keyword] = d.target = [value]
        d.target_kind = d.previous_kind = kind

    def _keyword(self, keyword, index, name, obsolete, value, start) -> None:
        d = self.draft
        if keyword in ("msgctxt", "msgid") and (d is None or d.phase >= _STR):
            d = self._start(start)
        elif d is None:
            raise self.error(f"keyword out of order: {name} before any msgid")
        if d.obsolete is None:
            d.obsolete = obsolete
            if d.previous:
                self._check_previous(d)
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

    def _check_previous(self, d: _Draft) -> None:
        """The #| lines before an entry's first keyword: a previous msgid, obsolete like the entry."""
        kind = d.previous_kind
        if "msgid" not in d.previous:
            raise self.error(f"{kind} msgctxt must be followed by {kind} msgid (the previous msgid)")
        if (kind == "#~|") != d.obsolete:
            raise self.error(f"inconsistent use of #~: {kind} lines belong to "
                             + ("an obsolete (#~) entry" if kind == "#~|" else "an active entry, not an obsolete (#~) one")
                             + (" (write #| for an active entry)" if kind == "#~|" else " (write #~| for an obsolete one)"))

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
        if s[0] == '"' and s[-1] == '"' and "\\" not in s and '"' not in s[1:-1] and len(s) > 1:
            body = s[1:-1]
            if "\0" in body or "\4" in body:
                self._control(body)
            return body
        m = _STRING_RE.match(s)
        if m is None:
            raise self.error(f"expected a quoted string, found {s[:30]!r}")
        if m.group(2) is None:
            raise self.error('unterminated string: missing closing quote (")')
        if m.group(3).strip(_BLANK):
            raise self.error(f"unexpected text after the closing quote: {m.group(3).strip()[:30]!r}")
        body = m.group(1)
        if "\\" in body:
            body = _UNESCAPE_RE.sub(self._unescape, body)
            if _BYTE_RE.search(body):  # bytes from \ooo or \xhh escapes: together they must form UTF-8
                try:
                    body = body.encode("utf-8", "surrogateescape").decode("utf-8")
                except UnicodeError:
                    raise self.error("escape sequences (\\ooo, \\xhh) here give bytes that are not UTF-8 "
                                     "text: write the characters themselves") from None
        if "\0" in body or "\4" in body:
            self._control(body)
        return body

    def _control(self, body: str) -> None:
        """Refuse the two characters GNU gettext cannot keep in a string."""
        if "\0" in body:
            raise self.error("a NUL character (\\0) in a string: gettext would cut the string there; remove it")
        raise self.error("an EOT character (\\4, \\x04) in a string: gettext keeps it for separating "
                         "msgctxt from msgid; remove it")

    def _unescape(self, m: re.Match) -> str:
        octal, hexa, char = m.groups()
        if octal is not None or hexa is not None:
            code = int(octal, 8) if octal is not None else int(hexa, 16)
            if code > 0xFF:
                raise self.error(f"escape sequence {m.group(0)[:12]} is out of range: it must give one byte "
                                 "(\\0 to \\377, \\x0 to \\xff; gettext reads every hex digit after \\x)")
            return chr(code) if code < 0x80 else chr(0xDC00 + code)
        if char in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[char]
        raise self.error(f"invalid escape sequence \\{char} (write \\\\ for a backslash)")


def _comment_text(text: str) -> str:
    return text[1:] if text.startswith(" ") else text


def _joined(parts: list[str] | None) -> str | None:
    return None if parts is None else "".join(parts)


def is_header(entry: Entry) -> bool:
    return entry.msgid == "" and entry.msgctxt is None and not entry.obsolete


def decode(data: bytes, path: str | None) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        m = _CHARSET_BYTES_RE.search(data)
        problem = m and charset_problem(m.group(0).decode("ascii", "replace"))
        if problem:
            raise PoSyntaxError(path, data.count(b"\n", 0, m.start()) + 1, problem) from None
        raise PoSyntaxError(path, data.count(b"\n", 0, exc.start) + 1,
                            "invalid UTF-8: this line holds bytes that are not UTF-8 text") from None


def charset_problem(content_type: str) -> str | None:
    m = _CHARSET_RE.search(content_type)
    if m is None or m.group(1).lower() in _UTF8_NAMES:
        return None
    return (f"unsupported charset {m.group(1)}: presslate reads and writes UTF-8 PO files only "
            "(convert the file with: msgconv --to-code=UTF-8)")


def check_header(header: Entry, path: str | None) -> None:
    problem = charset_problem(header.msgstr)
    if problem:
        at = header._raw.find("charset=")
        raise PoSyntaxError(path, header.line + header._raw.count("\n", 0, max(at, 0)), problem)


def plural_count(metadata: dict[str, str]) -> int | None:
    m = _NPLURALS_RE.search(metadata.get("Plural-Forms", ""))
    return int(m.group(1)) if m else None


def check_plural_counts(metadata: dict[str, str], entries: list[Entry], path: str | None) -> None:
    """Every plural entry has as many msgstr[n] as the header's Plural-Forms says."""
    nplurals = plural_count(metadata)
    if nplurals is None:
        return
    for entry in entries:
        count = len(entry.msgstr_plural)
        if entry.msgid_plural is not None and not entry.obsolete and count != nplurals:
            raise PoSyntaxError(
                path, entry.line,
                f"this entry has {count} msgstr[n] line{'s' if count != 1 else ''} "
                f"but the header's Plural-Forms says nplurals={nplurals}",
            )
