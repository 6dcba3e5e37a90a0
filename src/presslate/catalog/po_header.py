"""Setting PO header fields in place, as Poedit or Lokalize do on save.

:meth:`PoFile.set_metadata` changes the header's msgstr, so the whole header
is rendered again in msgmerge style.  Here only the string lines that hold a
changed field are rewritten: every other byte of the header (comments,
flags, the wrapping of ``Plural-Forms``, escapes, line ends, indentation)
stays as it was read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

_BLANK = " \t\f\v\r"
_LINE_RE = re.compile(r"[^\n]*\n|[^\n]+")
_MSGSTR_RE = re.compile(r"msgstr(?=[ \t\f\v\r\"])")
_LITERAL_RE = re.compile(r'"((?:[^"\\]|\\.)*)"', re.S)
_UNIT_RE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|(.))|[^\\]", re.S)
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n"})

GETTEXT_ORDER = (
    "Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date", "Last-Translator",
    "Language-Team", "Language", "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Plural-Forms",
)
"""The order in which msginit writes the standard fields: a missing field is added at its place."""


def revision_date(moment: datetime) -> str:
    """gettext's ``PO-Revision-Date`` format, with the moment's UTC offset: ``2026-11-27 17:45+0100``."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("pass a timezone-aware datetime, e.g. datetime.now().astimezone()")
    return moment.strftime("%Y-%m-%d %H:%M%z")


@dataclass
class _Literal:
    line: int  # index into the entry's lines
    start: int  # where the string's body (between the quotes) starts in that line
    end: int
    continuation: bool  # a line of its own, not the one with the msgstr keyword


@dataclass
class _Unit:
    literal: int
    start: int  # offsets into the literal's body
    end: int
    char: str


def set_fields(raw: str, fields: dict[str, str], newline: str) -> str | None:
    """``raw`` (a header entry's source text) with ``fields`` set; None if it has no plain msgstr.

    A field that exists keeps its place (its first occurrence is changed, the
    one :meth:`PoFile.metadata` reads); a missing one is added before the
    first field that :data:`GETTEXT_ORDER` puts after it, else at the end.
    """
    for key, value in fields.items():
        raw = _set_field(raw, key, value, newline)
        if raw is None:
            return None
    return raw


def _set_field(raw: str, key: str, value: str, newline: str) -> str | None:
    lines = _LINE_RE.findall(raw)
    literals = _literals(lines)
    if literals is None:
        return None
    units = _units(lines, literals)
    text = "".join(u.char for u in units)
    wanted = f"{key}: {value}\n"
    found = _field_span(text, key)
    if found is not None:
        a, b = found
        if not text[a:b].endswith("\n"):
            wanted = wanted[:-1]  # an unterminated last field stays so
        if text[a:b] == wanted:
            return raw
        _replace(lines, literals, units, a, b, wanted.translate(_ESCAPE))
    elif text and not text.endswith("\n"):  # end the last field first, then add this one after it
        last = units[-1]
        body = _body(lines, literals[last.literal])
        _set_body(lines, literals[last.literal], body[:last.end] + "\\n" + body[last.end:])
        return _set_field("".join(lines), key, value, newline)
    else:
        _insert(lines, literals, units, _insertion_point(text, key), wanted.translate(_ESCAPE), newline)
    return "".join(lines)


def _literals(lines: list[str]) -> list[_Literal] | None:
    """The strings of the msgstr: the one after the keyword and the continuation lines."""
    literals: list[_Literal] = []
    for i, line in enumerate(lines):
        stripped = line.lstrip(_BLANK)
        indent = len(line) - len(stripped)
        if not literals:
            keyword = _MSGSTR_RE.match(stripped)
            if keyword is None:
                continue
            at, continuation = line.find('"', indent + keyword.end()), False
        elif stripped.startswith('"'):
            at, continuation = indent, True
        else:
            break
        match = _LITERAL_RE.match(line, at) if at >= 0 else None
        if match is None:
            return None
        literals.append(_Literal(i, match.start(1), match.end(1), continuation))
    return literals or None


def _units(lines: list[str], literals: list[_Literal]) -> list[_Unit]:
    """Each character of the msgstr with the bytes that spell it (a character or an escape)."""
    units = []
    for n, lit in enumerate(literals):
        body = lines[lit.line][lit.start:lit.end]
        for m in _UNIT_RE.finditer(body):
            octal, hexa, char = m.groups()
            if octal is not None:
                decoded = chr(int(octal, 8))
            elif hexa is not None:
                decoded = chr(int(hexa, 16))
            elif char is not None:
                decoded = _SIMPLE.get(char, char)
            else:
                decoded = m.group(0)
            units.append(_Unit(n, m.start(), m.end(), decoded))
    return units


def _field_lines(text: str):
    """(name, start, end) of each header line; ``end`` is past its line break."""
    start = 0
    while start < len(text):
        stop = text.find("\n", start)
        end = len(text) if stop < 0 else stop + 1
        name, colon, _ = text[start:end].partition(":")
        yield (name.strip() if colon else None), start, end
        start = end


def _field_span(text: str, key: str) -> tuple[int, int] | None:
    for name, start, end in _field_lines(text):
        if name == key:
            return start, end
    return None


def _insertion_point(text: str, key: str) -> int:
    if key in GETTEXT_ORDER:
        rank = GETTEXT_ORDER.index(key)
        for name, start, _ in _field_lines(text):
            if name in GETTEXT_ORDER and GETTEXT_ORDER.index(name) > rank:
                return start
    return len(text)


def _set_body(lines: list[str], lit: _Literal, body: str) -> None:
    line = lines[lit.line]
    lines[lit.line] = line[:lit.start] + body + line[lit.end:]


def _body(lines: list[str], lit: _Literal) -> str:
    return lines[lit.line][lit.start:lit.end]


def _replace(lines, literals, units, a: int, b: int, escaped: str) -> None:
    """Characters a..b of the msgstr become ``escaped``; strings they spanned entirely go."""
    first, last = units[a], units[b - 1]
    lit0, lit1 = literals[first.literal], literals[last.literal]
    head = _body(lines, lit0)[:first.start]
    tail = _body(lines, lit1)[last.end:]
    if first.literal == last.literal:
        _set_body(lines, lit0, head + escaped + tail)
        return
    _set_body(lines, lit0, head + escaped)
    gone = [literals[n].line for n in range(first.literal + 1, last.literal)]
    if tail:
        _set_body(lines, lit1, tail)
    else:
        gone.append(lit1.line)  # a continuation line: the string was all this field
    for index in sorted(gone, reverse=True):
        del lines[index]


def _insert(lines, literals, units, at: int, escaped: str, newline: str) -> None:
    """``escaped`` before character ``at`` of the msgstr (or after its end): a line of its own
    when that is a line's start, else inside the string there."""
    if at < len(units):
        unit = units[at]
        lit = literals[unit.literal]
        if unit.start == 0 and lit.continuation:
            line = lines[lit.line]
            indent = line[:lit.start - 1]
            lines.insert(lit.line, f'{indent}"{escaped}"{_ending(line, newline)}')
        else:
            body = _body(lines, lit)
            _set_body(lines, lit, body[:unit.start] + escaped + body[unit.start:])
        return
    lit = literals[-1]
    line = lines[lit.line]
    indent = line[:lit.start - 1] if lit.continuation else ""
    if line.endswith("\n"):
        lines.insert(lit.line + 1, f'{indent}"{escaped}"{_ending(line, newline)}')
    else:  # the file ends without a line break: so does the new last line
        lines[lit.line] = line + newline
        lines.insert(lit.line + 1, f'{indent}"{escaped}"')


def _ending(line: str, newline: str) -> str:
    if line.endswith("\r\n"):
        return "\r\n"
    return "\n" if line.endswith("\n") else newline
