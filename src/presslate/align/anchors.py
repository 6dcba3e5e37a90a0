"""What an English sentence and its translation share whatever the language: the anchors.

Numbers (digits only, so ``1,000`` and ``1.000`` agree), URLs and link
targets, inline code and other markup kept whole (by its source text),
and names: capitalised words that are not the first word of a sentence,
and words mixing letters with digits or capitals inside (``GNU/Linux``,
``rOpenSci``, ``KDE``); in a Title Case heading only the latter count.  A translation keeps most of them as they are, so
they anchor the alignment where lengths alone would hesitate.
"""

from __future__ import annotations

import re
from collections import Counter

from presslate.document import Placeholder, Segment

__all__ = ["anchors", "agreement", "markup_keys"]

_URL = re.compile(r"https?://[^\s<>\"')\]]+|www\.[^\s<>\"')\]]+")
_NUMBER = re.compile(r"\d[\d.,:/-]*\d|\d")
_WORD = re.compile(r"[^\W\d_][\w'’/-]*")
_HREF = re.compile(r"""(?:href|src)\s*=\s*["']?([^"'\s>]+)|\]\(([^)\s]+)""")
_INNER_CAPITAL = re.compile(r"\w[A-Z]|[A-Z]{2}|\d")


def markup_keys(segment: Segment) -> list[tuple[str, str, str]]:
    """(label, opening markup, closing markup) of each placeholder, in tag-number order."""
    keys = []
    for atom in segment.atoms:
        if isinstance(atom, Placeholder):
            keys.append((atom.label, _flat(atom.open), _flat(atom.close)))
    return keys


def _flat(parts) -> str:
    return " ".join("".join(p if isinstance(p, str) else "{…}" for p in parts or []).split())


def anchors(text: str, keys: list[tuple[str, str, str]] = ()) -> Counter:
    """The anchors of a msgid (placeholders stripped) and of its markup ``keys``."""
    found: Counter = Counter()
    plain = re.sub(r"</?\d+/?>", " ", text)
    for url in _URL.findall(plain):
        found["url:" + url.rstrip(".,;")] += 1
    plain = _URL.sub(" ", plain)
    for number in _NUMBER.findall(plain):
        found["num:" + re.sub(r"\D", "", number)] += 1
    words = list(_WORD.finditer(plain))
    title_case = len(words) > 1 and sum(w.group()[0].isupper() for w in words) >= 0.6 * len(words)
    for m in words:
        word = m.group()
        if _INNER_CAPITAL.search(word[1:] if len(word) > 1 else "") or (
                not title_case and word[0].isupper() and not _starts_sentence(plain, m.start())):
            found["name:" + word.strip("'’-/")] += 1
    for label, opening, closing in keys:
        targets = [a or b for a, b in _HREF.findall(opening)]
        if targets:
            found.update("url:" + t for t in targets)
        elif label not in ("<em>", "<strong>", "<i>", "<b>", "<q>") and opening:
            found["code:" + opening + closing] += 1
    return found


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens the text or follows sentence punctuation (or an opening mark)."""
    before = text[max(0, start - 16):start].rstrip()
    if not before:
        return start <= 16 or not text[:start].strip()
    return before[-1] in ".!?:;¡¿\"“«(" and (before[-1] in "¡¿\"“«(" or len(before) < len(text[max(0, start - 16):start]))


def agreement(a: Counter, b: Counter) -> float | None:
    """2·shared / total of two anchor multisets; None when neither has any.

    A name only one side has does not count against the pair: a translation
    writes many English capitalised words in lower case ("the Debian Project" is
    "el proyecto Debian"), so names are evidence for a pair, never against it.
    """
    shared = total = 0
    for key, n in a.items():
        other = b.get(key, 0)
        if other:
            shared += min(n, other)
            total += n + other
        elif not key.startswith("name:"):
            total += n
    for key, n in b.items():
        if key not in a and not key.startswith("name:"):
            total += n
    return 2 * shared / total if total else None
