"""Headings and titles in English Title Case: sentence case for the engine, the target's style after.

English headlines capitalise every major word ("Russia Is Not Happy About
Canada Secretly Helping"); an engine reads each capital as a name and
translates word by word, and the output keeps a capital on every word.
Spanish, French, Portuguese, Italian, German (beyond its nouns)… write
headings in sentence case.  So a Title Case heading goes to the engine in
sentence case — words that look like names keep their capital: acronyms
(NASA), mixed case (JavaScript), country and language names (Babel's
English names), months and days, "I", glossary names, and words the body of
the heading's own article capitalises in mid-sentence (``proper_nouns`` over
all of the article's segments, translated already or not).

``[style] headings`` then gives the translation the target's style:
``sentence`` (first letter capital, the rest as the engine wrote it),
``title`` (English Title Case; other languages: every word of four or more
letters capitalised) or ``keep`` (nothing changed, the heading is sent as
written).  The default is ``title`` for English targets and ``sentence``
for every other language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

__all__ = ["HEADING_STYLES", "default_style", "is_heading_kind", "is_title_case", "proper_nouns", "style_heading",
           "to_sentence_case"]

HEADING_STYLES = ("sentence", "title", "keep")

# Words English Title Case leaves in lowercase (Chicago-style short function words).
_MINOR = frozenset(
    "a an the and but or nor for so yet as at by in of off on per to up via vs v from into onto over than with".split()
)
_TAG = re.compile(r"</?\d+/?>")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_FIRST_TOKEN = re.compile(r"\w")  # where a headline's first word starts, a number included


def default_style(lang: str) -> str:
    """English targets get English Title Case; every other language, sentence case."""
    return "title" if lang.replace("-", "_").partition("_")[0].lower() == "en" else "sentence"


def is_heading_kind(kind: str) -> bool:
    """Whether a segment kind (see :mod:`presslate.document`) is a heading or a title."""
    return kind.startswith("heading") or kind in ("front matter: title", "page title", "meta og:title",
                                                  "meta twitter:title")


def _words(text: str) -> list[re.Match]:
    return list(_WORD.finditer(_TAG.sub(lambda m: " " * len(m.group()), text)))


def is_title_case(text: str) -> bool:
    """The first word and every major word capitalised, with at least one major word besides the first.

    "Keeping Components Pure", "Containers as a Service" and "Getting Paid for Open Source Work" are;
    "Pure functions", "Introduction", "Why some people seek support" are not.
    """
    words = [m.group() for m in _words(text)]
    major = [w for w in words[1:] if w.lower() not in _MINOR]
    if not major or not words[0][0].isupper():
        return False
    return all(w[0].isupper() for w in major)


@cache
def _english_names() -> frozenset[str]:
    """One-word English country and language names, months and days (Babel's English data), and "I"."""
    from babel import Locale

    locale = Locale("en")
    names = {n for table in (locale.territories, locale.languages) for n in table.values() if " " not in n}
    for width in ("wide", "abbreviated"):
        names.update(locale.months["format"][width].values())
        names.update(locale.days["format"][width].values())
    names.add("I")
    return frozenset(names)


@cache
def _multiword_places() -> re.Pattern[str]:
    """Country names of several words ("United States", "South Africa"), kept whole."""
    from babel import Locale

    names = sorted((n for n in Locale("en").territories.values() if " " in n and re.fullmatch(r"[\w .'&-]+", n)),
                   key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


def proper_nouns(texts: Iterable[str]) -> set[str]:
    """Words that ``texts`` (body sentences) capitalise in mid-sentence and never write in lowercase."""
    capital: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        if is_title_case(text):
            continue
        plain = _TAG.sub(" ", text)
        for m in _WORD.finditer(plain):
            word = m.group().rstrip(".'’-")
            if word[0].isupper():
                end = m.start()  # the text before the word ends here, white space left out
                while end and plain[end - 1].isspace():
                    end -= 1
                if end and plain[end - 1] not in ".!?:;\"“«(¿¡*_#-–—" and plain[max(0, end - 3) : end] != "...":
                    capital.add(word)
            else:
                lower.add(word)
    return {w for w in capital if w.lower() not in lower}


def _is_name_like(word: str, keep: set[str]) -> bool:
    core = word.rstrip(".'’-")
    return (core in keep or core in _english_names() or core.isupper() and len(core) > 1
            or any(c.isupper() for c in core[1:]))


def to_sentence_case(text: str, keep: set[str] = frozenset()) -> str:
    """Lowercase the capital of every word but the first, unless the word looks like a name.
    A headline that starts with a number ("28 Years Ago") has the number as its first word."""
    places = [(m.start(), m.end()) for m in _multiword_places().finditer(text)]
    pieces, pos = [], 0
    words = _words(text)
    start = _FIRST_TOKEN.search(_TAG.sub(lambda m: " " * len(m.group()), text))
    for m in words[1:] if words and start and words[0].start() == start.start() else words:
        word = m.group()
        if any(start <= m.start() < end for start, end in places):
            continue
        if word[0].isupper() and not _is_name_like(word, keep):
            pieces += [text[pos : m.start()], word[0].lower()]
            pos = m.start() + 1
    pieces.append(text[pos:])
    return "".join(pieces)


def _first_letter(text: str) -> re.Match | None:
    return re.search(r"[^\W\d_]", _TAG.sub(lambda m: " " * len(m.group()), text))


def style_heading(translation: str, style: str, lang: str) -> str:
    """The target's heading style on a translated heading."""
    if style == "keep" or not translation:
        return translation
    if style == "sentence":
        first = _first_letter(translation)
        if first is None or first.group().isupper():
            return translation
        i = first.start()
        return translation[:i] + translation[i].upper() + translation[i + 1 :]
    english = lang.replace("-", "_").partition("_")[0].lower() == "en"
    words = _words(translation)
    pieces, pos = [], 0
    for index, m in enumerate(words):
        word = m.group()
        edge = index in (0, len(words) - 1)
        major = word.lower() not in _MINOR if english else len(word) >= 4
        if word[0].islower() and (edge or major):
            pieces += [translation[pos : m.start()], word[0].upper()]
            pos = m.start() + 1
    pieces.append(translation[pos:])
    return "".join(pieces)
