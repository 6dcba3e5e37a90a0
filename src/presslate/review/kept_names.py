"""Names a newsroom keeps in English, told apart from institutional names it translates.

``[mt] protect_names`` protects every multi-word name :mod:`presslate.review.names`
finds, and that lowers chrF: Spanish translators keep "Jens Schmalzing",
"Linux Magazine" or "GNU Privacy Guard" but translate "Debian Project"
(proyecto Debian), "Debian Conference", "Free Software", "Helsinki
University of Technology" — names made of ordinary words, or headed by a
word naming an institution, a document or an event.  ``[mt] keep_names``
reads every word of a found name with the engine's own English analyser
(Apertium's ``eng-spa.automorf.bin``, when installed) and sorts it:

* *name-like*: unknown to the analyser ("Schmalzing", "Karthik"), read as a
  proper noun (``<np>``: "Robinson", "Mozilla", "Linux"), an acronym ("IBM",
  "HP"), a word with a digit or an inner capital ("EM64T", "PowerPC"), or a
  letter and a hyphen before a word ("R-Ladies", "T-Mobile");
* *ordinary*: everything else ("Project", "Magazine", "Free").

A name is kept when every word is name-like ("Jens Schmalzing", "Mozilla
Firefox"), or when it starts with a name-like word and ends with an
ordinary noun ("Linux Magazine", "GNU Privacy Guard", "HP Alpha", "Karthik
Ram"); a two-word name of an ordinary noun and an unknown word or a model
code is a person or a product ("Mark Padgham", "Sun SPARC").  Never kept:
a name headed by a word for an institution, document, event or place
(:data:`INSTITUTIONAL_HEADS`: "Debian Project", "GNU Free Documentation
License", "Gaza Strip"), a name whose ordinary words include one of those,
a plural head ("Debian Developers": a group) or one that can be an
adjective ("Himalayan Buddhist"), and a name two of whose words the article
also writes in lower case ("K Desktop Environment" beside "the GNOME
desktop environment").  Names joined by "and" are judged one by one; a
name joined by "of", "the" or "for" is an institution's ("Junta of
Extremadura") and is left to the engine, as is a piece of a longer
compound ("Debian GNU" of "Debian GNU/Linux").

A name the article also writes closed up as one word is a brand and is kept whatever its head
("Linux Fund" beside "LinuxFund").

Candidates come from :func:`~presslate.review.names.names_in_texts` and
five more places: a letter-hyphen brand ("R-Ladies Santa Rosa"), a maker and a model code ("Intel EM64T", "IBM S/390"),
a given name and a month-like surname ("Jason June"; not "Friday June 5"),
a run at a sentence start whose first word is name-like ("Karthik Ram
steps down"), and the items of a comma list in a Title Case line ("Team:
Ildiko Czeller, Karthik Ram, Bob Rudis") once two of them are names by
themselves.  Without the analyser no name is protected.  Measured with
``tools/news_defects.py`` and ``make eval-rules`` (on by default since):
names translated on the dev news pairs 31 → 11, chrF and BLEU up on the
technical and the news pairs and on each half of the news pairs.

A name ending in a possessive is never split from it: :mod:`.names` stops
names before "’s", and the name itself is judged like any other.

``[mt] keep_names`` also keeps a link text that is its own site's name
("[The Programming Historian](https://programminghistorian.org/)"), with or
without the analyser: :mod:`presslate.review.link_names`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from presslate.engines import lt_proc
from presslate.engines.repair import analyser_path
from presslate.headline import is_title_case
from presslate.review.names import names_in_texts

__all__ = ["INSTITUTIONAL_HEADS", "candidate_names", "kept_names", "name_like", "name_like_words", "word_readings"]

_JOINS = frozenset("of and the for & de la del du von van".split())
# A name joined by these is an institution's ("Junta of Extremadura", "Bank of Canada"): its words get translated.
_ENGLISH_JOINS = frozenset("of the for".split())

INSTITUTIONAL_HEADS = frozenset("""
    project conference congress convention summit forum symposium meeting assembly
    license licence contract agreement treaty charter statement declaration guideline policy act law
    constitution report manifesto
    university college school institute academy ministry department agency office bureau commission
    committee council board parliament senate court government administration authority association
    society federation union organization organisation foundation center centre program programme
    initiative team fund bank museum library hospital party army police
    award prize day week championship cup election campaign movement war crisis revolution
    river lake sea ocean gulf bay strip canal island islands mountains valley desert park street avenue
    square bridge tower station airport
""".split())
"""English heads of names a Spanish newsroom translates: institutions, documents, events, places
("Debian Project" → "proyecto Debian", "Debian Social Contract" → "contrato social de Debian",
"Gaza Strip" → "Franja de Gaza")."""

_TAG = re.compile(r"</?\d+/?>")
_WORD = r"[A-Z][\w’'-]*"
_MODEL = r"(?=[\w/-]*(?:\d|[A-Z]{2}))[A-Z][A-Z\d]*(?:[/-][A-Z\d]+)*"
# "Intel EM64T", "IBM S/390", "Sun SPARC", "HP PA-RISC": a maker and a model code.
_MAKER_MODEL = re.compile(rf"(?<![\w/-])(?<![.!?] )(?<!^)[A-Z][A-Za-z]* {_MODEL}(?![\w/-])")
_SENTENCE_START = re.compile(rf"(?:^|(?<=[.!?:;]) |(?<=[.!?:;][\"”’)] ))((?:{_WORD})(?: {_WORD})+)")
_PIECE = re.compile(r"[-’'/]")
# "Jason June": a given name and a surname that is also a month (names.py trims months off a name).
_MONTH_SURNAME = re.compile(r"(?<![\w’'-])[A-Z][a-z]+ (?:April|May|June|August)(?![\w’'-])(?! \d)")
# "R-Ladies Santa Rosa", "T-Mobile Arena": names.py wants a lower-case letter after a name's capital.
_LETTER_BRAND = re.compile(r"(?<![\w/-])[A-Z]-[A-Z][a-z]+(?: [A-Z][\w’'-]*)+")
_CAPITALISED_RUN = re.compile(rf"(?<![\w’'/.-]){_WORD}(?: {_WORD})+(?![\w/-])")
_LONGEST_RUN = 6  # words of a capitalised run whose shorter runs are asked about
_LIST_ITEM = re.compile(rf"^{_WORD}(?: {_WORD}){{1,3}}$")


def word_readings(words: Iterable[str], source: str = "en") -> dict[str, list[str]] | None:
    """Each word's readings by the source language's analyser ("*" + word when unknown); None without one.

    A word written with a hyphen, apostrophe or slash ("Berdejo-Espinola", "S/390") is not analysed
    whole (lt-proc cuts it up): its pieces are, and it reads as unknown when every piece is name-like."""
    words = set(words)
    pieces = {p for w in words for p in _PIECE.split(w) if p}
    plain = sorted(w for w in pieces if re.fullmatch(r"[^\W\d_]+", w))
    path = analyser_path("es", source) if source == "en" else None  # eng-spa.automorf.bin analyses English
    if not path:
        return None
    answers = lt_proc.analyse(path, plain)
    if answers is None:
        return None
    found = {word: re.findall(r"/([^/$]*)", answer) for word, answer in zip(plain, answers)}
    for word in words - found.keys():
        parts = [p for p in _PIECE.split(word) if p]
        named = bool(parts) and all(name_like(p, found.get(p, [])) for p in parts)
        found[word] = ["*" + word] if named else [word + "<n><sg>"]
    return found


def name_like_words(words: Iterable[str], source: str = "en") -> set[str]:
    """The ``words`` that read as part of a name: see the module doc."""
    readings = word_readings(words, source) or {}
    return {word for word in words if word in readings and name_like(word, readings[word])}


def name_like(word: str, readings: list[str]) -> bool:
    if (re.search(r"\d", word) or re.fullmatch(r"[A-Z]{2,}s?", word) or re.search(r"[a-z][A-Z]", word)
            or re.fullmatch(r"[A-Z]-[A-Z][a-z]+", word)):  # "EM64T", "IBM", "PowerPC", "T-Mobile"
        return True
    return not readings or any(r.startswith("*") or "<np>" in r for r in readings)


def _unknown(word: str, readings: list[str]) -> bool:
    return bool(readings) and all(r.startswith("*") for r in readings) and not re.fullmatch(r"[A-Z]{2,}", word)


def _noun_only(readings: list[str]) -> bool:
    """Read only as a noun or verb ("Mark"), not as a determiner, adjective, pronoun… ("Other")."""
    return bool(readings) and all(re.search(r"<(?:n|vblex)>", r) for r in readings)


def _institutional(word: str, readings: list[str]) -> bool:
    lemmas = {r.split("<")[0].lower() for r in readings if "<n>" in r} | {word.lower()}
    return bool(lemmas & INSTITUTIONAL_HEADS)


def _plain_head(readings: list[str]) -> bool:
    """A singular noun that is not also an adjective: the head of a one-thing name ("Magazine", "Guard")."""
    nouns = [r for r in readings if "<n>" in r]
    return bool(nouns) and not any("<adj>" in r for r in readings) and not all("<pl>" in r for r in nouns)


def _keeps(name: str, readings: dict[str, list[str]], text: str) -> bool:
    words = [w for w in name.split() if w.lower() not in _JOINS]
    if len(words) < 2 or any(w not in readings for w in words):
        return False
    like = [name_like(w, readings[w]) for w in words]
    head = words[-1]
    if _closed_up(words, text):
        return True  # "Linux Fund" where the article also writes "LinuxFund": a brand, not a fund for Linux
    if _institutional(head, readings[head]):
        return False  # "Hudson River", even though Hudson and River both read as given names too
    if all(like):
        return True
    if (len(words) == 2 and not like[0] and _noun_only(readings[words[0]])
            and not _institutional(words[0], readings[words[0]])
            and (_unknown(head, readings[head]) or re.fullmatch(_MODEL, head))):
        return True  # "Mark Padgham", "Sun SPARC"
    ordinary = [w for w, named in zip(words, like) if not named]
    if not like[0] or any(_institutional(w, readings[w]) for w in ordinary):
        return False
    if not like[-1] and not _plain_head(readings[head]):
        return False
    lower = [w.lower() for w in words]  # "K Desktop Environment" beside "the GNOME desktop environment"
    return not any(re.search(rf"(?<!\w){re.escape(' '.join(lower[i:i + 2]))}(?!\w)", text)
                   for i in range(len(lower) - 1))


def _closed_up(words: list[str], text: str) -> bool:
    """Whether ``text`` also writes the capitalised ``words`` as one word ("LinuxFund" for "Linux Fund")."""
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return False
    return re.search(rf"(?<![\w-]){re.escape(''.join(words))}(?![\w-])", text) is not None


def _candidates(texts: list[str]) -> list[tuple[str, bool]]:
    """(name, whether it starts a sentence) from :func:`names_in_texts`, maker-model pairs, month-like
    surnames, letter-hyphen brands and sentence-initial runs, split at "and"."""
    found = [(name, False) for name in names_in_texts(texts)]
    for text in texts:
        plain = _TAG.sub(" ", text)
        found += [(m.group(), False) for m in _MONTH_SURNAME.finditer(plain)]
        found += [(m.group(), False) for m in _LETTER_BRAND.finditer(plain)]
        found += [(m.group(), False) for m in _MAKER_MODEL.finditer(plain)
                  if not re.search(r"[A-Z][\w-]* $", plain[:m.start()])]  # not "Open Science CZI"
        if not is_title_case(plain):
            found += [(m.group(1), True) for m in _SENTENCE_START.finditer(plain)]
    out = []
    for name, initial in found:
        for part in re.split(r" (?:and|&) ", name):
            part = re.sub(r"^The ", "", part)
            if len(part.split()) >= 2 and not _ENGLISH_JOINS & {w.lower() for w in part.split()}:
                out.append((re.sub(r"[’']s$", "", part), initial and part == name))
    return out


def _list_items(texts: list[str]) -> list[list[str]]:
    """The items of each comma list in a Title Case line ("Team: Ann Lee, Bo Ma, Cy Dee")."""
    lists = []
    for text in texts:
        plain = " ".join(re.sub(r"[*_]+", "", _TAG.sub("", text)).split())
        if not is_title_case(plain):
            continue
        body = plain.split(":", 1)[-1]
        items = [item.strip() for item in re.split(r",| and ", body)]
        if len(items) >= 3 and all(_LIST_ITEM.match(i) for i in items):
            lists.append(items)
    return lists


def candidate_names(texts: list[str]) -> list[str]:
    """Every run of two or more capitalised words in ``texts`` (outside Title Case lines), and each of
    its shorter runs ("Community Manager" of "Our Community Manager", a job title :mod:`.names` leaves
    out), with :func:`kept_names`' own candidates: the names the translation memory can still show to be
    kept (:mod:`presslate.memory.kept_archive`)."""
    texts = [" ".join(text.split()) for text in texts]
    joined = "\n".join(texts)
    runs = [name for name, _ in _candidates(texts)]
    for text in texts:
        plain = _TAG.sub(" ", text)
        if is_title_case(plain):
            continue
        for m in _CAPITALISED_RUN.finditer(plain):
            words = re.sub(r"[’']s$", "", m.group()).split()[:_LONGEST_RUN]
            runs += [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 2, len(words) + 1)]
    return [c for c in dict.fromkeys(runs)
            if not re.search(rf"(?<![\w-]){re.escape(c)}[./-]\w|\w/{re.escape(c)}", joined)]


def kept_names(texts: list[str], proper: set[str] | frozenset[str] = frozenset(), source: str = "en") -> list[str]:
    """The names found in ``texts`` (an article's body) that a newsroom keeps in English.

    ``proper`` (the article's :func:`presslate.headline.proper_nouns`) is accepted for
    callers that have it; the decision rests on the analyser, see the module doc.
    """
    texts = [" ".join(text.split()) for text in texts]  # a name may be cut by a line break: "Sun\nSPARC"
    joined = "\n".join(texts)
    found = _candidates(texts)
    initial = {name for name, first in found if first} - {name for name, first in found if not first}
    candidates = [c for c in dict.fromkeys(name for name, _ in found)  # "Debian GNU/Linux", "README.md"
                  if not re.search(rf"(?<![\w-]){re.escape(c)}[./-]\w|\w/{re.escape(c)}", joined)]
    lists = _list_items(texts)
    words = {w for name in candidates + [i for items in lists for i in items] for w in name.split()}
    readings = word_readings(words, source)
    if not readings:
        return []
    kept = [c for c in candidates if _keeps(c, readings, joined)
            and (c not in initial or name_like(c.split()[0], readings[c.split()[0]]))]  # not "See README"
    for items in lists:  # a list of people: once two are names by themselves, a "Karthik Ram" among them is one too
        strict = [i for i in items if all(name_like(w, readings[w]) for w in i.split())]
        if len(strict) >= 2:
            kept += [i for i in items if name_like(i.split()[0], readings[i.split()[0]])]
    return list(dict.fromkeys(kept))
