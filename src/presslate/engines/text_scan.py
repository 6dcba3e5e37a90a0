"""Replacing a word where it stands alone, by scanning the text instead of compiling a pattern per word.

The repair rules (:mod:`presslate.engines.repair`) replace words they split or unhyphenate; ``re.sub``
with a pattern built around each word compiled a hundred patterns per run for that.  The scan gives
what ``re.sub(rf"(?<!X){re.escape(word)}(?!Y)", new, text)`` gives, ``X`` and ``Y`` being the
caller's ``joins_before`` and ``joins_after``.
"""

from __future__ import annotations

from collections.abc import Callable


def replace_standalone(text: str, word: str, new: str, joins_before: Callable[[str], bool],
                       joins_after: Callable[[str, int], bool]) -> str:
    """``word`` replaced by ``new`` (taken literally) wherever it stands alone: neither the character
    before it (``joins_before``) nor the text after it (``joins_after(text, end)``) joins it to
    something else; occurrences are taken left to right and never overlap."""
    out: list[str] = []
    done = i = 0
    while (i := text.find(word, i)) >= 0:
        end = i + len(word)
        if (i == 0 or not joins_before(text[i - 1])) and not joins_after(text, end):
            out += (text[done:i], new)
            done = i = end
        else:
            i += 1
    return "".join(out) + text[done:] if out else text


def is_word_char(ch: str) -> bool:
    """``\\w`` of a regular expression: a letter, digit or other alphanumeric character, or ``_``."""
    return ch.isalnum() or ch == "_"
