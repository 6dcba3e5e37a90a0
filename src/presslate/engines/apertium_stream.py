"""Apertium's stream format: a segment written as a stream (markup protected as blanks and
unknown words), and the translated stream read back into a segment with its markup."""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from presslate.inline import markup_problems

# Everything that is not plain text, leftmost match first; atoms are copied verbatim.  Each atom is
# listed with the strings one of which it needs to match; the pattern used on a text leaves out the atoms
# whose strings the text does not have (:func:`_markup_for`), which cannot match there anyway: tried at
# every position of every segment, the e-mail and snake_case atoms alone cost more than the rest.
_ATOMS = (
    (("://",), r"""(?:https?|ftp)://[^\s<>]*[^\s<>.,;:!?)\]'"”’]        # URL"""),
    (("www.",), r"""www\.[^\s<>]*[^\s<>.,;:!?)\]'"”’]"""),
    (("@",), r"""[\w.+-]+@[\w-]+(?:\.[\w-]+)+                          # e-mail address"""),
    (("@",), r"""(?<![\w@])@\w+(?:[.-]\w+)*(?:@[\w-]+(?:\.[\w-]+)+)?   # @handle, @user@host
          (?:/[\w.-]*\w)?                                       # @scope/package"""),
    ((":\\",), r"""(?<!\w)[A-Za-z]:\\(?:[^\s<>"|?*]*[^\s<>"|?*.,;:!)'])? # C:\path"""),
    (("\\\\",), r"""\\\\[\w.$-]+(?:\\[^\s<>"|?*\\]*[^\s<>"|?*\\.,;:!)'])+ # \\server\share"""),
    (("/",), r"""(?<![\w/.:~])(?:~|\.{1,2})?/(?:[\w.@+-]+/)*[\w.@+-]*\w/?  # /usr/bin, ~/x"""),
    (("#",), r"""(?<![\w&\#])\#\w+                                     # #hashtag"""),
    (("_",), r"""\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b            # snake_case identifier"""),
    (("&",), r"""&\#?\w+;                                              # HTML entity"""),
    (("\\",), r"""\\[!-/:-@\[-`{-~]                                     # backslash escape"""),
    (("~",), r"""~                                                     # Apertium's own marker"""),
)


@functools.cache
def _markup_for(atoms: tuple[int, ...]) -> re.Pattern[str]:
    """The markup pattern with these atoms (indexes into _ATOMS, in order)."""
    alternatives = "\n        | ".join(_ATOMS[i][1] for i in atoms) or "(?!)"
    return re.compile(
        rf"""
      (?P<tag></?\d+/?>)
    | (?P<atom>
          {alternatives}
      )
    | (?P<emphasis>\*+|_+)
    """,
        re.VERBOSE,
    )


def _markup(text: str) -> re.Pattern[str]:
    """The markup pattern for ``text``: only the atoms that can match in it."""
    if not _ANY_ATOM.search(text):  # most sentences
        return _markup_for(())
    return _markup_for(tuple(i for i, (needs, _) in enumerate(_ATOMS) if any(n in text for n in needs)))


_ANY_ATOM = re.compile("|".join(re.escape(n) for needs, _ in _ATOMS for n in needs))

_STREAM_SPECIAL = re.compile(r"([\\\[\]^$/@<>{}])")
_SENTINEL = "ZQX"  # + atom number: a word no dictionary has, so Apertium copies it
_ATOM_REF = re.compile("\ue000(\\d+)\ue001")  # where an atom sits in decoded output
_END = re.compile(r"e(\d+)")  # content of the superblank closing each segment


@dataclass(frozen=True)
class _Mark:
    """A span whose text is translated and whose delimiters are put back around it."""

    opener: str
    closer: str
    space_before: bool  # the source had a space there, which Apertium sometimes drops
    space_after: bool


@dataclass(frozen=True)
class _Token:
    kind: str  # "text", "atom", "open", "close", "emphasis"
    text: str
    start: int
    end: int


class Segment:
    """One msgid split into text, marks (translated spans) and atoms (verbatim pieces), with its Apertium stream."""

    def __init__(self, source: str) -> None:
        self.source = source
        core = source.strip()
        self.lead = source[: len(source) - len(source.lstrip())]
        self.trail = source[len(source.rstrip()) :] if core else ""
        self.sentinel = _SENTINEL
        while self.sentinel.casefold() in source.casefold():
            self.sentinel += "Q"
        self.marks: list[_Mark] = []
        self.atoms: list[str] = []
        self.glued: list[bool] = []  # atom touches a letter or digit: no room for a sentinel word
        # ("text", str) | ("atom", atom index) | ("open", mark index) | ("close", mark index)
        self.items: list[tuple[str, str | int]] = []
        self._build(core, _tokenize(core))
        self.starts_lower = self._starts_lower()
        self.translatable = any(kind == "text" and _has_letters(value) for kind, value in self.items)
        self.stream = self._encode() if self.translatable else ""

    def _build(self, text: str, tokens: list[_Token]) -> None:
        pairs = _pair(text, tokens)
        closing: dict[int, int] = {}
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if i in pairs:
                end = pairs[i]
                inner = tokens[i + 1 : end]
                if not any(t.kind == "text" and _has_letters(t.text) for t in inner):
                    # Nothing to translate inside: keep the whole span as one atom.
                    self._atom(text, token.start, tokens[end].end)
                    i = end + 1
                    continue
                closing[end] = len(self.marks)
                self.items.append(("open", len(self.marks)))
                after = tokens[end].end
                self.marks.append(
                    _Mark(
                        token.text,
                        tokens[end].text,
                        text[token.start - 1 : token.start].isspace(),
                        text[after : after + 1].isspace(),
                    )
                )
            elif i in closing:
                self.items.append(("close", closing[i]))
            elif token.kind == "text":
                self.items.append(("text", token.text))
            else:
                self._atom(text, token.start, token.end)
            i += 1

    def _starts_lower(self) -> bool:
        """Whether the first word is plain lower-case text (Apertium capitalises whatever comes first)."""
        for kind, value in self.items:
            text = value if kind == "text" else self.atoms[value] if kind == "atom" else ""
            letter = next((ch for ch in text if ch.isalpha()), None)
            if letter:
                return kind == "text" and letter.islower()
        return False

    def _atom(self, text: str, start: int, end: int) -> None:
        self.items.append(("atom", len(self.atoms)))
        self.atoms.append(text[start:end])
        self.glued.append(_is_word_char(text, start - 1) or _is_word_char(text, end))

    def _encode(self) -> str:
        """The segment in Apertium's stream format, marks as word-bound blanks."""
        runs: list[tuple[tuple[int, ...], str]] = []
        active: list[int] = []
        for kind, value in self.items:
            if kind == "open":
                active.append(value)
                continue
            if kind == "close":
                active.remove(value)
                continue
            if kind == "text":
                piece = _escape(value)
            else:
                piece = f"[a{value}]" if self.glued[value] else f"{self.sentinel}{value}"
            key = tuple(active)
            if runs and runs[-1][0] == key:
                runs[-1] = (key, runs[-1][1] + piece)
            else:
                runs.append((key, piece))
        out = []
        for key, piece in runs:
            body = piece.strip()
            if key and body:
                lead, trail = piece[: len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()) :]
                out.append(f"{lead}[[{';'.join(map(str, key))}]]{body}[[/]]{trail}")
            else:
                out.append(piece)
        return "".join(out)

    def restore(self, tokens: list[tuple[str, str]]) -> str | None:
        """The translation with marks and atoms put back, or None if its markup cannot be trusted."""
        try:
            chunks = _chunks(tokens, self.sentinel)
        except ValueError:
            return None
        text = _rebuild(chunks, self.marks)
        if text is None:
            return None
        if self.starts_lower:
            text = _lower_initial(text)
        used: Counter[int] = Counter()

        def atom(m: re.Match) -> str:
            used[int(m.group(1))] += 1
            return self.atoms[int(m.group(1))] if int(m.group(1)) < len(self.atoms) else ""

        text = _ATOM_REF.sub(atom, text).strip()
        if not text or used != Counter(range(len(self.atoms))):
            return None
        result = self.lead + self._tidy(text) + self.trail
        # Malformed source markup travels as atoms and may keep its own problems, no others.
        return None if markup_problems(self.source, result) != markup_problems(self.source, self.source) else result

    def _tidy(self, text: str) -> str:
        """Undo two Apertium habits the source does not share: doubled spaces and ’ turned into '."""
        if "  " not in self.source:
            text = re.sub(r"(?<=\S) {2,}(?=\S)", " ", text)
        if "’" in self.source and "'" not in self.source:
            text = text.replace("'", "’")
        return text

    def pieces(self) -> list[tuple[str, bool]]:
        """The segment as (text, translate?) pieces split at its markup, for the fallback."""
        out: list[tuple[str, bool]] = []
        for kind, value in self.items:
            if kind == "text":
                out.append((value, _has_letters(value)))
            elif kind == "atom":
                out.append((self.atoms[value], False))
            else:
                mark = self.marks[value]
                out.append((mark.opener if kind == "open" else mark.closer, False))
        return out


def _tokenize(text: str) -> list[_Token]:
    tokens = []
    pos = 0
    for m in _markup(text).finditer(text):
        if m.start() > pos:
            tokens.append(_Token("text", text[pos : m.start()], pos, m.start()))
        kind = m.lastgroup
        if kind == "tag":
            tag = m.group()
            closing, empty = tag.startswith("</"), tag.endswith("/>")
            kind = "atom" if empty else "close" if closing else "open"
        tokens.append(_Token(kind, m.group(), m.start(), m.end()))
        pos = m.end()
    if pos < len(text):
        tokens.append(_Token("text", text[pos:], pos, len(text)))
    return tokens


def _pair(text: str, tokens: list[_Token]) -> dict[int, int]:
    """Opening token index → closing token index, for tags and emphasis that nest properly.

    Emphasis pairs only within the innermost open tag; anything left unpaired
    is kept as an atom, so even malformed source markup comes back unchanged.
    """
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for i, token in enumerate(tokens):
        if token.kind == "open":
            stack.append(i)
        elif token.kind == "close":
            for depth in range(len(stack) - 1, -1, -1):
                if tokens[stack[depth]].kind == "open" and tokens[stack[depth]].text == token.text.replace("/", ""):
                    pairs[stack[depth]] = i
                    del stack[depth:]
                    break
        elif token.kind == "emphasis":
            before = text[token.start - 1] if token.start else " "
            after = text[token.end] if token.end < len(text) else " "
            underscore = token.text[0] == "_"
            can_open = not after.isspace() and not (underscore and before.isalnum())
            can_close = not before.isspace() and not (underscore and after.isalnum())
            opener = None
            if can_close:
                for depth in range(len(stack) - 1, -1, -1):
                    if tokens[stack[depth]].kind == "open":
                        break
                    if tokens[stack[depth]].text == token.text:
                        opener = depth
                        break
            if opener is not None:
                pairs[stack[opener]] = i
                del stack[opener:]
            elif can_open:
                stack.append(i)
    return pairs


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _is_word_char(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isalnum()


def _escape(text: str) -> str:
    return _STREAM_SPECIAL.sub(r"\\\1", text.replace("\0", ""))


# --- reading Apertium's output ----------------------------------------------------

_STREAM = re.compile(
    r"\[\[(?P<wblank>(?:[^\]\\]|\\.)*)\]\]"  # word-bound blank
    r"|\[(?P<superblank>(?:[^\]\\]|\\.)*)\]"
    r"|\\(?P<escaped>.)"
    r"|(?P<text>[^\[\\]+)",
    re.DOTALL,
)
_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)


def _stream_tokens(raw: str) -> list[tuple[str, str]]:
    """Apertium stream output as ("wblank" | "superblank" | "text", unescaped value) tokens."""
    tokens = []
    for m in _STREAM.finditer(raw):
        kind, value = m.lastgroup, m.group(m.lastgroup)
        if kind in ("wblank", "superblank"):
            tokens.append((kind, _UNESCAPE.sub(r"\1", value)))
        else:
            tokens.append(("text", value))
    return tokens


def split_records(raw: str, count: int) -> list[list[tuple[str, str]]] | None:
    """Tokens of each of ``count`` segments, or None unless every end marker came back once, in order."""
    splitter = RecordSplitter()
    records = splitter.feed(raw)
    if splitter.failed or len(records) != count or not splitter.clean_tail():
        return None
    return records


class RecordSplitter:
    """:func:`split_records` for output that arrives in pieces (each NUL-terminated record of ``apertium -z``
    as it is flushed): :meth:`feed` returns the segments whose end marker has come, in order."""

    def __init__(self) -> None:
        self.done = 0  # end markers seen, in order
        self.failed = False  # an end marker came out of order: nothing after it can be trusted
        self._current: list[tuple[str, str]] = []

    def feed(self, raw: str) -> list[list[tuple[str, str]]]:
        records: list[list[tuple[str, str]]] = []
        if self.failed:
            return records
        for kind, value in _stream_tokens(raw.replace("\0", "")):
            end = _END.fullmatch(value) if kind == "superblank" else None
            if end is None:
                self._current.append((kind, value))
            elif int(end.group(1)) == self.done:
                records.append(self._current)
                self._current = []
                self.done += 1
            else:
                self.failed = True
                break
        return records

    def clean_tail(self) -> bool:
        """Whether nothing but white space followed the last end marker."""
        return not any(value.strip() for _, value in self._current)


_ATOM_BLANK = re.compile(r"a(\d+)")  # content of the superblank standing for an atom glued to a word


@functools.cache
def _sentinel_word(sentinel: str) -> re.Pattern:
    return re.compile(rf"[*@#]?{sentinel}(\d+)")  # with any unknown-word mark


def _chunks(tokens: list[tuple[str, str]], sentinel: str) -> list[tuple[str, frozenset[int]]]:
    """Decoded text runs with the marks of the words they belong to (ValueError on a foreign wblank)."""
    sentinel_word = _sentinel_word(sentinel)
    chunks: list[tuple[str, frozenset[int]]] = []
    marks: frozenset[int] = frozenset()
    for kind, value in tokens:
        if kind == "wblank":
            marks = frozenset() if value == "/" else frozenset(int(v) for v in value.split(";"))
            continue
        if kind == "superblank":
            ref = _ATOM_BLANK.fullmatch(value)
            text = f"\ue000{ref.group(1)}\ue001" if ref else value
        else:
            text = sentinel_word.sub("\ue000\\1\ue001", value)
        if chunks and chunks[-1][1] == marks:
            chunks[-1] = (chunks[-1][0] + text, marks)
        else:
            chunks.append((text, marks))
    return chunks


def _rebuild(chunks: list[tuple[str, frozenset[int]]], marks: list[_Mark]) -> str | None:
    """Text with each mark once around all its words (merging a span the transfer split), or None.

    A mark covers everything from its first to its last word, so "Ferrocarril
    de Arco iris" stays one link; marks that then overlap cannot be nested and
    give None.
    """
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for i, (_, present) in enumerate(chunks):
        for m in present:
            first.setdefault(m, i)
            last[m] = i
    if sorted(first) != list(range(len(marks))):
        return None
    order = sorted(first, key=lambda m: (first[m], -last[m], m))
    stack: list[int] = []
    for m in order:
        while stack and last[stack[-1]] < first[m]:
            stack.pop()
        if stack and last[m] > last[stack[-1]]:
            return None
        stack.append(m)
    out: list[str] = []
    for i, (text, _) in enumerate(chunks):
        opening = [m for m in order if first[m] == i]
        closing = [m for m in reversed(order) if last[m] == i]
        if not opening and not closing:
            out.append(text)
            continue
        core = text.strip()
        lead = text[: len(text) - len(text.lstrip())] if core else text
        trail = text[len(text.rstrip()) :] if core else ""
        following = chunks[i + 1][0] if i + 1 < len(chunks) else ""
        if opening and not lead and marks[opening[0]].space_before and out and out[-1][-1:].isalnum():
            lead = " "
        if closing and not trail and marks[closing[-1]].space_after and following[:1].isalnum():
            trail = " "
        opens = "".join(marks[m].opener for m in opening)
        closes = "".join(marks[m].closer for m in closing)
        out.append(lead + opens + core + closes + trail)
    return "".join(out)


def _lower_initial(text: str) -> str:
    """Lower-case the first letter unless an atom comes first or it starts an acronym."""
    for i, ch in enumerate(text):
        if ch == "\ue000":
            break
        if ch.isalpha():
            if ch.isupper() and not text[i + 1 : i + 2].isupper():
                return text[:i] + ch.lower() + text[i + 1 :]
            break
    return text
