"""Sentence splitting: each sentence of a paragraph becomes one msgid.

A candidate boundary is a run of ``.``, ``?``, ``!`` or ``…`` followed by
closers (quotes, brackets, closing placeholder tags, a standalone tag such
as a footnote ``<3/>``, emphasis delimiters), then whitespace, or directly
an inverted ``¿``/``¡``.  Closers stay with the sentence that ends.  Then:

* Never split before a lowercase word.
* Never split inside a placeholder pair ``<1>…</1>``: the pair is one piece
  of markup (a link) and must survive translation inside one msgid.  Never
  split while emphasis delimiter runs (``*``, ``**``, ``_``, ``__``) are
  unbalanced, as in ``**One. Two.**``; this count is crude, and the caller
  double-checks with a Markdown parser.
* ``?`` and ``!`` split; an ellipsis splits only before an uppercase word
  (or ``¿``/``¡``), so "and so… we waited" stays whole.
* After a period, the word before it decides.  Titles (Dr., Sra.) and
  ``e.g.``, ``i.e.``, ``vs.`` never end a sentence.  ``No.``, ``Fig.``
  and months end one unless a number follows ("No. 5").  ``a.m.``/``p.m.``
  end one unless a weekday, month or time zone follows ("5 p.m. Monday").
  Suffixes, initials and dotted acronyms (Inc., Jr., J., U.S.) are
  ambiguous: "in the U.S. The talks" ends a sentence, "the U.S. Senate"
  does not.  They end one only before a common sentence starter of the
  language (The, It, But, El, Pero…) that is not itself an initial.  This
  errs towards keeping text together: two sentences in one msgid still
  translate well, but an abbreviation cut in half does not.  After any
  other word, a period ends the sentence before an uppercase word, a
  number, a currency sign or ``¿``/``¡``.

Newlines are plain whitespace (the caller splits paragraphs).  English and
Spanish have full word lists; French, German and Portuguese have short ones;
other languages use a generic set.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

_QUOTES = "\"'“”‘’«»‹›"
_OPENERS = rf"(?:[{_QUOTES}(\[{{—–*_]|<\d+/?>)"
# Patterns that start with a character set, or with a literal in every alternative
# ("\*\**" rather than "\*+"), let the regex engine skip to candidates: 3x faster.
_BOUNDARY_RE = re.compile(
    r"(?P<term>[.?!…](?<![.?!…][.?!…])[.?!…]*+)"
    rf"(?P<close>(?:[{_QUOTES})\]}}*_]|</\d+>|<\d+/>|[ \u00a0\u202f][»›](?=\s|\Z))*+)"
    r"(?:\s++|(?=[¿¡]))"
)
_NEXT_RE = re.compile(
    rf"{_OPENERS}*+(?:(?P<inv>[¿¡])|(?P<word>[^\W\d_]+)(?P<dot>\.)?|(?P<num>[\d$€£¥]))"
)
_LEAD_RE = re.compile(rf"{_OPENERS}++")
_INITIALS_RE = re.compile(r"[^\W\d_]{1,2}(?:\.[^\W\d_]{1,2})+|[^\W\d_]")
_SPACED_TIME_RE = re.compile(r"(?<![^\W\d_])[aApP]\.\s\Z")  # "p. " before "m."
_MARK_RE = re.compile(r"<(/?)\d+(/?)>|\*\**|__*")
_TIME_KEYS = frozenset({"a.m", "p.m"})

_NORMAL, _NEVER, _NUMERIC, _AMBIGUOUS, _TIME = range(5)


@dataclass(frozen=True)
class _Rules:
    """Word lists of one language; abbreviation keys are lowercase, without the final dot."""

    never: frozenset[str]  # never end a sentence
    numeric: frozenset[str]  # end one unless a number follows
    ambiguous: frozenset[str]  # end one only before a sentence starter
    starters: frozenset[str]  # capitalised words that usually begin a sentence
    time_after: frozenset[str]  # words that continue a sentence after a.m./p.m.
    words: frozenset[str] = frozenset()  # one-letter words that are not initials
    ordinal_days: bool = False  # "am 3. Oktober": one or two digits are ambiguous


def _load_rules() -> dict[str, _Rules]:
    """The word lists of every language, from segment_rules.toml beside this module."""
    tables = tomllib.loads(Path(__file__).with_name("segment_rules.toml").read_text(encoding="utf-8"))
    return {lang: _Rules(**{key: value if isinstance(value, bool) else frozenset(value.split())
                            for key, value in table.items()})
            for lang, table in tables.items()}


_RULES = _load_rules()
_GENERIC = _RULES.pop("generic")


def split_sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """Spans [start, end) of the sentences in text, in order."""
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    if start >= end:
        return []
    rules = _RULES.get(lang.replace("-", "_").partition("_")[0].lower(), _GENERIC)
    nesting = _Nesting(text)
    spans = []
    for m in _BOUNDARY_RE.finditer(text, start, end):
        nxt = _NEXT_RE.match(text, m.end(), end)
        if nxt is None or not _ends_sentence(text, m, nxt, rules):
            continue
        cut = m.end("close")
        if nesting.balanced_at(cut):
            spans.append((start, cut))
            start = m.end()
    spans.append((start, end))
    return spans


def _ends_sentence(text: str, m: re.Match[str], nxt: re.Match[str], rules: _Rules) -> bool:
    """Whether the terminator ``m``, followed by ``nxt``, ends a sentence."""
    word = nxt["word"]
    if word is not None and word[0].islower():
        return False
    term = m["term"]
    if "?" in term or "!" in term:
        return True
    if "…" in term or ".." in term:
        return nxt["num"] is None
    kind = _kind_before(text, m.start(), rules)
    if kind == _NORMAL:
        return True
    if kind == _NEVER:
        return False
    if nxt["inv"]:
        return True
    if kind == _NUMERIC:
        return nxt["num"] is None
    if word is None:
        return False
    if kind == _TIME:
        return word not in rules.time_after
    return word in rules.starters and not (len(word) == 1 and nxt["dot"])


def _kind_before(text: str, end: int, rules: _Rules) -> int:
    """Classify the word that ends at ``end``, just before a period."""
    start = end
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "¿¡":
        start -= 1
    lead = _LEAD_RE.match(text, start, end)
    if lead:
        start = lead.end()
    token = text[start:end]
    key = token.lower()
    if token in rules.words:
        return _NORMAL
    if key in rules.never:
        return _NEVER
    if key in _TIME_KEYS or (key == "m" and _SPACED_TIME_RE.search(text, max(0, start - 3), start)):
        return _TIME
    if key in rules.numeric:
        return _NUMERIC
    if key in rules.ambiguous or _INITIALS_RE.fullmatch(token):
        return _AMBIGUOUS
    if rules.ordinal_days and token.isdigit() and len(token) <= 2:
        return _AMBIGUOUS
    return _NORMAL


class _Nesting:
    """Placeholder-pair depth and open emphasis runs, advanced left to right."""

    __slots__ = ("_text", "_marks", "_mark", "_depth", "_open")

    def __init__(self, text: str) -> None:
        self._text = text
        self._marks = _MARK_RE.finditer(text)
        self._mark = next(self._marks, None)
        self._depth = 0
        self._open = 0  # one bit each for open "*", "**", "_", "__"

    def balanced_at(self, pos: int) -> bool:
        """Whether no pair is open and emphasis runs are balanced before ``pos``."""
        while self._mark is not None and self._mark.start() < pos:
            self._take(self._mark)
            self._mark = next(self._marks, None)
        return self._depth == 0 and self._open == 0

    def _take(self, mark: re.Match[str]) -> None:
        closing, empty = mark.group(1, 2)
        if closing is not None:
            if closing and not empty:
                self._depth = max(0, self._depth - 1)
            elif not closing and not empty:
                self._depth += 1
            return
        text = self._text
        before = text[mark.start() - 1] if mark.start() else " "
        after = text[mark.end()] if mark.end() < len(text) else " "
        if before.isspace() and after.isspace():
            return  # "5 * 3": not emphasis
        run = mark[0]
        if run[0] == "_" and before.isalnum() and after.isalnum():
            return  # snake_case
        bits = 1 if len(run) == 1 else 2 if len(run) == 2 else 3  # "***" opens both
        self._open ^= bits if run[0] == "*" else bits << 2
