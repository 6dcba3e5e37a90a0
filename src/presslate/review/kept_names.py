"""Names a newsroom keeps in English, told apart from institutional names it translates.

``[mt] protect_names`` protects every multi-word name :mod:`presslate.review.names`
finds, and that lowers chrF: Spanish translators keep "Jens Schmalzing",
"Linux Magazine" or "GNU Privacy Guard" but translate "Debian Project"
(proyecto Debian), "Debian Conference", "Free Software", "Helsinki
University of Technology" — names made of ordinary words the article also
uses as ordinary words.  So ``[mt] keep_names`` protects a found name only when the engine's own
English analyser (Apertium's ``eng-spa.automorf.bin``, when installed) knows
every word of it only as a proper noun (``<np>``: "Robinson", "Tanya",
"Mozilla") or not at all ("Schmalzing", "Karthik"), particles of a person's
name (de, del, von, van…) aside.  Names joined by "and" are judged one by
one ("Skolelinux and Ubuntu" is two single words, neither protected); a name
joined by "of", "the" or "for" is an institution's ("Junta of
Extremadura") and is left to the engine, as is a piece of a longer
compound ("Debian GNU" of "Debian GNU/Linux").  Without the analyser no name
is protected.  Measured: person names are kept; "Linux Magazine" or
"Karthik Ram" (ordinary English words) still go to the engine.

A name ending in a possessive is never split from it: :mod:`.names` stops
names before "’s", and the name itself is judged like any other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from presslate.engines import lt_proc
from presslate.engines.repair import analyser_path
from presslate.review.names import names_in_texts

__all__ = ["kept_names", "name_like_words"]

_JOINS = frozenset("of and the for & de la del du von van".split())
# A name joined by these is an institution's ("Junta of Extremadura", "Bank of Canada"): its words get translated.
_ENGLISH_JOINS = frozenset("of the for".split())


def name_like_words(words: Iterable[str], source: str = "en") -> set[str]:
    """The ``words`` the source language's analyser reads only as proper nouns or does not know."""
    words = sorted(set(words))
    path = analyser_path("es", source) if source == "en" else None  # eng-spa.automorf.bin analyses English
    if not path or not words or any("\0" in w for w in words):
        return set()
    answers = lt_proc.analyse(path, words)
    if answers is None:
        return set()
    found = set()
    for word, answer in zip(words, answers):
        readings = re.findall(r"/([^/$]*)", answer)
        if readings and all(r.startswith("*") or "<np>" in r for r in readings):
            found.add(word)
    return found


def kept_names(texts: list[str], proper: set[str] | frozenset[str] = frozenset(), source: str = "en") -> list[str]:
    """The names found in ``texts`` (an article's body) that a newsroom keeps in English.

    ``proper`` (the article's :func:`presslate.headline.proper_nouns`) is accepted for
    callers that have it; the decision rests on the analyser, see the module doc.
    """
    candidates = []
    for found in names_in_texts(texts):
        for part in re.split(r" (?:and|&) ", found):
            words = part.split()
            if (len(words) >= 2 and not _ENGLISH_JOINS & {w.lower() for w in words}
                    and not any(re.search(rf"/{re.escape(part)}|{re.escape(part)}/", t) for t in texts)):
                candidates.append(part)
    analysed = name_like_words({w for name in candidates for w in _content_words(name)}, source)
    return list(dict.fromkeys(n for n in candidates if all(w in analysed for w in _content_words(n))))


def _content_words(name: str) -> list[str]:
    return [w for w in name.split() if w.lower() not in _JOINS]
