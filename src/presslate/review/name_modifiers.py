"""A name used as a modifier ("the Debian project") sent to the engine in the target's order.

English puts a name before the noun it qualifies: "the Debian project", "the
PowerPC kernel package", "the Helsinki University of Technology".  Spanish,
Portuguese, French, Italian, Catalan and the other Romance languages put it
after, usually with "de": "el proyecto Debian", "el paquete del núcleo para
PowerPC", "la Universidad de Tecnología de Helsinki".  A rule-based engine
that does not know the name reads it as a noun phrase of its own and writes
"El Debian el proyecto", "el Helsinki Universidad de Tecnología".

With ``[mt] name_modifiers`` (for a Romance target) such a phrase is sent as
"the project of Debian", "the University of Technology of Helsinki": same
words, one "of" more, in the order the target writes them.  The name is one
to three words the English analyser reads as a name ("Debian", "Debian
GNU/Linux", see :func:`presslate.review.kept_names.name_like`); what follows
it is

* lower case nouns ("project", "kernel package", "web pages", with an -ing
  modifier: "operating system"): a singular noun may be followed by another
  noun; a plural noun is the head and ends
  the phrase (English modifiers are singular); a word that can be a verb
  after a subject ("runs", "can", "will") is never taken, and a phrase
  followed by a word that could still be its noun ("BioConductor's code
  reviews") is left alone;
* or Title Case nouns and adjectives ending in a noun ("Press Team", "Social
  Contract"), with an "of" part of Title Case words ("University of
  Technology"), unless a lower-case noun follows ("a Linux Fund credit card":
  the name itself qualifies that noun).

Before the name comes a determiner ("the", "this", "our", "this year's"), or
a preposition ("among GNU/Linux distributions"), either of them possibly
followed by a number or adjectives ("the largest Debian conference", "of
80,000 Debian workstations"); at a segment's start only a Title Case phrase
with an institutional head is taken ("Debian Project mourns…", not "Debian
runs on…" or "Karthik Ram steps down").  A possessive name is sent after
what it owns ("Debian's dedication" → "the dedication of Debian", "the Debian
project's key strengths" → "the key strengths of the project of Debian").
A phrase with a hyphen, a slash or a placeholder inside (markup, a protected
name, a date) is left as written.  The analyser's answers are asked once for
all the words of a batch of segments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from presslate.review.kept_names import INSTITUTIONAL_HEADS, name_like, word_readings

__all__ = ["ROMANCE", "reorder", "readings_for", "wants_reorder"]

ROMANCE = frozenset("es pt fr it ca gl ro oc an ast".split())
"""Target languages that write a qualifying name after the noun."""

_DETERMINERS = frozenset("the this that these those a an its their our his her your my every each".split())
_PREPOSITIONS = frozenset("of in on at to from with by for among about into onto over under between through without "
                          "within across via like".split())
_WORD = re.compile(r"[^\W\d_][\w’']*")
_COMPOUND = re.compile(r"[^\W\d_][\w]*(?:/[^\W\d_][\w]*)+")  # "GNU/Linux": read whole
_TOKEN = re.compile(r"\S+")
_POSSESSIVE = re.compile(r"[^\W\d_]+[’']s")  # "this year's Debian Conference"
_POSSESSIVE_END = re.compile(r"[’']s$")


def wants_reorder(lang: str) -> bool:
    """Whether ``lang`` (a PO language code: "es", "pt_BR") writes a qualifying name after its noun."""
    return lang.replace("-", "_").partition("_")[0].lower() in ROMANCE


def readings_for(texts: Iterable[str], source: str = "en") -> dict[str, list[str]]:
    """The analyser's readings of every word of ``texts`` that :func:`reorder` may ask about (empty without it)."""
    words = {_POSSESSIVE_END.sub("", w) for text in texts for w in _WORD.findall(text)}
    words |= {w for text in texts for w in _COMPOUND.findall(text)}
    return word_readings(words, source) or {}


_PARTICLES = frozenset("de del la las los le les du des da di do dos das von van der den y e et".split())


def _nounish(word: str, readings: list[str]) -> bool:
    """A noun, or an English word the analyser does not know ("kernel", "homepage"), not a name particle."""
    if word.lower() in _PARTICLES:
        return False
    return any("<n>" in r for r in readings) or (word.islower() and bool(readings)
                                                  and all(r.startswith("*") for r in readings))


def _finite_verb(readings: list[str]) -> bool:
    """Can be a verb that follows a subject ("runs", "ran"), an auxiliary or a modal ("will", "can")."""
    return any(("<vblex>" in r and ("<p3><sg>" in r or "<past>" in r)) or re.search(r"<(?:vaux|vbmod|vbser|vbhaver)>", r)
               for r in readings)


def _plural(word: str, readings: list[str]) -> bool:
    nouns = [r for r in readings if "<n>" in r]
    if nouns:
        return all("<pl>" in r for r in nouns)
    return word.endswith("s") and not word.endswith("ss")


def _lower_phrase(words: list[str], readings: Mapping[str, list[str]], adjectives: bool = False) -> int:
    """How many of ``words`` (lower case) make the noun phrase after a name: 0 when none do.  With
    ``adjectives``, adjectives may open it ("Debian's new release")."""
    taken, nouns = 0, 0
    for word in words:
        bare = _POSSESSIVE_END.sub("", word)
        r = readings.get(bare)
        if not bare.islower() or not r or _finite_verb(r):
            break
        if not _nounish(bare, r):
            if adjectives and not nouns and any("<adj>" in x for x in r):
                taken += 1
                continue
            if bare.endswith("ing") and any("<ger>" in x or "<adj>" in x for x in r):
                taken += 1  # "the GNU/Linux operating system": a modifier, never the phrase's last word
                continue
            break
        taken += 1
        nouns = taken
        if _plural(bare, r) or bare != word:
            break
    return nouns


def _continues(last: str, following: str, readings: Mapping[str, list[str]]) -> bool:
    """Whether ``following`` may go on the noun phrase that ``last`` (a noun) seems to end."""
    mine = readings.get(_POSSESSIVE_END.sub("", last)) or []
    if _plural(last, mine) or _POSSESSIVE_END.search(last) or not following[:1].islower():
        return False
    if "-" in following:
        return True  # "peer-review"
    theirs = readings.get(following)
    return theirs is None or _nounish(following, theirs)


def _title_phrase(words: list[str], readings: Mapping[str, list[str]]) -> int:
    """How many of ``words`` make a Title Case phrase ending in a noun ("Press Team", "University of
    Technology"): 0 when none do."""
    taken, end = 0, 0
    i = 0
    while i < len(words):
        word = words[i]
        if word == "of" and end and i + 1 < len(words) and words[i + 1][:1].isupper():
            i += 1
            continue
        r = readings.get(word)
        if not word[:1].isupper() or not word[1:].islower() or not r or name_like(word, r) \
                or not any("<n>" in x or "<adj>" in x for x in r):
            break
        i += 1
        taken = i
        if any("<n>" in x for x in r):
            end = taken
    return end


def _qualifier(word: str, readings: Mapping[str, list[str]]) -> bool:
    """A number ("80,000") or a lower-case adjective that is not also a noun or a verb ("largest", "popular")."""
    if re.fullmatch(r"\d[\d,.]*", word):
        return True
    r = readings.get(word)
    return bool(word.islower() and r and any("<adj>" in x for x in r)
                and not any("<n>" in x or "<vb" in x or "<det>" in x for x in r))


def _is_name(word: str, readings: Mapping[str, list[str]]) -> bool:
    r = readings.get(word)
    return bool(r and word[:1].isalpha() and (word[:1].isupper() or re.search(r"[a-z][A-Z]", word))
                and name_like(word, r))


def _phrase(words: list[str], readings: Mapping[str, list[str]], after_possessive: bool = False) -> int:
    """How many of ``words`` make the noun phrase a name (or a possessive) qualifies."""
    plain = [w.rstrip(",.;:!?)") for w in words]
    if not plain or not plain[0]:
        return 0
    if plain[0][:1].isupper():
        count = _title_phrase(plain, readings)
        if count and count < len(plain) and words[count - 1] == plain[count - 1]:
            following = readings.get(plain[count])
            if plain[count].islower() and following and _nounish(plain[count], following) \
                    and not _finite_verb(following):
                return 0  # the name is itself a modifier: "a Linux Fund credit card"
    else:
        count = _lower_phrase(plain, readings, adjectives=after_possessive)
        if count and count < len(plain) and words[count - 1] == plain[count - 1] and _continues(
                plain[count - 1], plain[count], readings):
            return 0  # "BioConductor's code reviews", "the Xfce desktop can": where the phrase ends is unclear
    if not count:
        return 0
    # The phrase must end where its last word ends: not "GNU/Linux", "kernel-based", "<1/>".
    inner, last = "".join(words[: count - 1]), plain[count - 1]
    tail = words[count - 1][len(last):]
    if re.search(r"[/<>-]", inner + last) or re.search(r"[’']", inner) or (tail and tail[0] not in ",.;:!?)"):
        return 0
    if re.search(r"[’']", last) and not (_POSSESSIVE_END.search(last) and not after_possessive):
        return 0
    return count


def _split_tail(phrase: str) -> tuple[str, str]:
    """("kernel package", ".") from "kernel package.": the punctuation stays after the moved name."""
    body = phrase.rstrip(",.;:!?)")
    return body, phrase[len(body):]


def _article(det: str, body: str) -> str:
    if det.lower() in ("a", "an"):
        article = "an" if body[:1].lower() in "aeiou" else "a"
        return article.capitalize() if det[0].isupper() else article
    return det


def _rewrite(tokens: list[str], i: int, readings: Mapping[str, list[str]]) -> tuple[int, str] | None:
    """(tokens used, their rewrite) for a name used as a modifier at ``tokens[i]``, or None."""
    word = tokens[i]
    opening = i == 0 or re.search(r"[.!?:]$", tokens[i - 1]) is not None
    owner = _POSSESSIVE_END.sub("", word)
    if owner != word and _is_name(owner, readings):  # "Debian's dedication" → "the dedication of Debian"
        count = _phrase(tokens[i + 1 :], readings, after_possessive=True)
        if not count or _POSSESSIVE_END.search(tokens[i + count].rstrip(",.;:!?)")):
            return None
        body, tail = _split_tail(" ".join(tokens[i + 1 : i + 1 + count]))
        return 1 + count, f"{'The' if opening else 'the'} {body} of {owner}{tail}"
    det = word if word.lower() in _DETERMINERS or _POSSESSIVE.fullmatch(word) else None
    preposition = word if det is None and word in _PREPOSITIONS else None
    at = i + 1 if det or preposition else i
    if at != i + 1 and i != 0:
        return None
    while at > i and at - i <= 3 and at < len(tokens) and _qualifier(tokens[at], readings):
        at += 1  # "the largest Debian conference", "of 80,000 Debian workstations"
    qualifiers = " ".join(tokens[i + 1 : at]) if at > i else ""
    named = 0  # "Debian", "Debian GNU/Linux", "IBM PowerPC": up to three name words
    while named < 3 and at + named < len(tokens) and _is_name(tokens[at + named], readings):
        named += 1
    if not named or at + named >= len(tokens):
        return None
    name, rest = " ".join(tokens[at : at + named]), tokens[at + named :]
    count = _phrase(rest, readings)
    if not count:
        return None
    last = rest[count - 1].rstrip(",.;:!?)")
    title = rest[0][:1].isupper()
    if at == i and (not title or last.lower() not in INSTITUTIONAL_HEADS):
        return None  # at a segment's start only "Debian Project mourns…", not "Karthik Ram steps down"
    lead = at - i
    if _POSSESSIVE_END.search(last):  # "the Debian project's key strengths" → "the key strengths of the project of Debian"
        owned = _phrase(rest[count:], readings, after_possessive=True)
        if not owned or not det or det.lower() not in ("the", "this", "that") or qualifiers:
            return None
        own = " ".join(rest[:count])[: -2]
        body, tail = _split_tail(" ".join(rest[count : count + owned]))
        return lead + named + count + owned, f"{det} {body} of {det.lower()} {own} of {name}{tail}"
    body, tail = _split_tail(" ".join(rest[:count]))
    if at == i:
        return named + count, f"{body} of {name}{tail}"
    if qualifiers:
        return lead + named + count, f"{word} {qualifiers} {body} of {name}{tail}"
    first = _article(det, body) if det else preposition
    return lead + named + count, f"{first} {body} of {name}{tail}"


def reorder(text: str, readings: Mapping[str, list[str]]) -> str:
    """``text`` with each name used as a modifier moved after its noun phrase, joined by "of"."""
    spans = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    tokens = [t for _, _, t in spans]
    out, last, i = [], 0, 0
    while i < len(tokens):
        found = _rewrite(tokens, i, readings)
        if found is None:
            i += 1
            continue
        used, rewritten = found
        out.append(text[last : spans[i][0]] + rewritten)
        last = spans[i + used - 1][1]
        i += used
    out.append(text[last:])
    return "".join(out)
