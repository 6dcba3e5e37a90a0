"""The one place presslate uses markdown-it-py's internal API (emphasis delimiter pairing).

Counting emphasis with the whole inline parser is most of what segmentation
costs, and most sentences hold no syntax but delimiter runs (``*``, ``_``,
``~~``).  For those, :func:`delimiter_spans` runs only the parser's own
pairing step (``balance_pairs.processDelimiters`` over ``Delimiter`` records,
both internal to markdown-it-py 3.x/4.x) on delimiters scanned here as its
``scanDelims`` would.  tests/test_md_delimiters.py checks the result against
the full parser, so an upgrade that changes these internals fails there, and
only this file needs to follow.
"""

from __future__ import annotations

import re

from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline.balance_pairs import processDelimiters
from markdown_it.rules_inline.state_inline import Delimiter

__all__ = ["delimiter_runs", "delimiter_spans", "only_delimiters"]

# What makes markdown-it read more than characters and delimiter runs ("*", "_",
# "~~"): a code span, an escape, an inline link or image (no "](", no link: a
# parsed inline has no reference definitions), an autolink or raw HTML.
# Placeholder tags are characters to it; entities and line breaks do not count.
_NOT_JUST_DELIMITERS = re.compile(r"`|\\|\0|\]\(|<(?!\d+/?>|/\d+>)")
_DELIMITER_RUN = re.compile(r"\*\**|__*|~~~*")
_TILDE = ord("~")


def only_delimiters(text: str) -> bool:
    """Whether delimiter runs are the only inline syntax markdown-it reads in ``text``."""
    return not _NOT_JUST_DELIMITERS.search(text)


def delimiter_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every delimiter run in ``text``: ``*`` or ``_`` repeated, or two or more ``~``."""
    return [run.span() for run in _DELIMITER_RUN.finditer(text)]


def delimiter_spans(text: str) -> int:
    """Emphasis and strike-through spans in text where only delimiter runs are syntax.

    The parser's own steps on such text: its delimiter scan (``scanDelims``
    and the emphasis and strikethrough rules), its pairing
    (``processDelimiters``), then one span per pair, but one strong span for
    two nested "*"/"_" pairs (emphasis ``postProcess``).  ``token`` numbers
    the parser's tokens: a delimiter is one, text between runs at least one.
    """
    delimiters: list[Delimiter] = []
    token = 0
    previous_end = -1
    for run in _DELIMITER_RUN.finditer(text):
        start, end = run.span()
        if start != previous_end:
            token += 1  # the text before this run
        previous_end = end
        marker = text[start]
        last = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        last_punct = isMdAsciiPunct(ord(last)) or isPunctChar(last)
        after_punct = isMdAsciiPunct(ord(after)) or isPunctChar(after)
        last_space, after_space = isWhiteSpace(ord(last)), isWhiteSpace(ord(after))
        left = not (after_space or (after_punct and not (last_space or last_punct)))
        right = not (last_space or (last_punct and not (after_space or after_punct)))
        if marker == "~":  # one delimiter per "~~", after a lone "~" token if the run is odd
            token += (end - start) % 2
            for _ in range((end - start) // 2):
                delimiters.append(Delimiter(_TILDE, 0, token, -1, left, right))
                token += 1
            continue
        can_open = left and (marker == "*" or not right or last_punct)
        can_close = right and (marker == "*" or not left or after_punct)
        for _ in range(start, end):
            delimiters.append(Delimiter(ord(marker), end - start, token, -1, can_open, can_close))
            token += 1
    processDelimiters(None, delimiters)  # type: ignore[arg-type]  # the state is not used
    count = 0
    i = len(delimiters) - 1
    while i >= 0:
        opener = delimiters[i]
        if opener.end != -1:
            count += 1
            if (
                i > 0
                and opener.marker != _TILDE
                and delimiters[i - 1].end == opener.end + 1
                and delimiters[i - 1].marker == opener.marker
                and delimiters[i - 1].token == opener.token - 1
                and delimiters[opener.end + 1].token == delimiters[opener.end].token + 1
            ):
                i -= 1  # strong: the pair around this one is the same span
        i -= 1
    return count
