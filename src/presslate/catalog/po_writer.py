"""Writing PO entries as GNU msgmerge does, and its line wrapping (UAX #14 as msgcat applies it)."""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata

from presslate.catalog.entry import Entry

WIDTH = 79  # GNU gettext's default page width

_PORTION_RE = re.compile(r"[^\n]*\n|[^\n]+")
# Runs of letters and digits (Latin-1 and Latin Extended letters too) are never broken inside.
_TOKEN_RE = re.compile(r"[A-Za-z0-9\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F]+|.", re.S)
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r",
            "\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)

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


def render_entry(entry: Entry, nl: str, nplurals: int | None) -> str:
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
    if entry.previous_msgid is not None:  # as GNU gettext: no #| msgctxt or msgid_plural without a #| msgid
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
