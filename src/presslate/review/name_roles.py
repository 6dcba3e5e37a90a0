"""Where a run of capitalised words holds more than one name: possessives and job titles.

News writing glues an organisation, a job title and a person together:
"Rainbow Railroad’s Executive Director Kimahli Powell", "Canada’s Foreign
Affairs Minister Chrystia Freeland", "Debian Project Leader Branden
Robinson".  :mod:`presslate.review.names` would otherwise suggest the whole
run as one name, and accepting it would keep the job title untranslated.

* A possessive (``'s``, ``’s``, ``s'``, ``s’``) ends a name: the owner and what
  follows are separate candidates.  Possessives of a few plural nouns that
  commonly begin names stay inside them ("People's Republic of China",
  "Children's Hospital").
* A job title (a run of role words with at least one head such as Director,
  Minister, President, Spokesperson) separates the organisation before it
  from the person after it; the title itself is never a name.  A run that
  ends in a title ("Software Research Scientist") is a job description, not
  a name: nothing of it is suggested.
"""

from __future__ import annotations

import re

__all__ = ["after_honorific", "mask_possessives", "split_at_titles"]

# Words that make a run of capitalised words a job title (lower case; a hyphenated word counts by
# its last part: "Co-founder", "Editor-in-Chief").
TITLE_HEADS = frozenset("""
    director directors minister ministers president vice-president chief ceo cfo cto coo cio founder cofounder
    chair chairman chairwoman chairperson spokesperson spokesman spokeswoman secretary manager lead leader
    officer head editor senator governor mayor ambassador commissioner premier chancellor coordinator
    scientist researcher professor provost rector treasurer superintendent inspector detective
    sergeant lieutenant captain colonel commander admiral constable sheriff attorney prosecutor
    correspondent reporter columnist analyst adviser advisor counsel representative congressman
    congresswoman councillor councilor councilman councilwoman deputy presenter producer
    mr mrs ms mx dr prof rev sen rep gov
""".split())
# Words that belong to a title only next to a head ("Executive Director", "Foreign Affairs Minister",
# "Attorney General"); alone they may be part of a name ("Executive Council", "General Motors").
TITLE_MODIFIERS = frozenset("""
    executive vice deputy assistant associate senior junior acting interim founding former prime general
    managing foreign affairs finance defence defense health education justice interior home environment
    trade immigration labour labor transport energy state national regional international global public
    communications press program programme project research technical operating financial technology
    information legal creative editorial news political community marketing policy science software
    development operations security
""".split())
_JOIN = frozenset("of for the".split())  # inside a title: "Minister of Foreign Affairs"

# Plural nouns whose possessive often begins a name: the possessive stays inside it.
_NAME_POSSESSIVES = frozenset("people children women men workers veterans farmers citizens".split())
_POSSESSIVE = re.compile(r"([A-Za-z][\w-]*)(['’]s|(?<=s)['’])(?![\w'’])")
_HONORIFIC_BEFORE = re.compile(r"(?<![\w.])(?:Mr|Mrs|Ms|Mx|Dr|Prof|Rev|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt)\.[ ]+$")


def mask_possessives(text: str) -> str:
    """``text`` with each possessive ending replaced by NUL characters (same length, so offsets
    hold): the owner's name ends there and the next name starts after it."""
    def mask(m: re.Match) -> str:
        if m.group(1).lower() in _NAME_POSSESSIVES:
            return m.group()
        return m.group(1) + "\0" * len(m.group(2))

    return _POSSESSIVE.sub(mask, text)


def after_honorific(before: str) -> bool:
    """Whether ``before`` ends with an abbreviated honorific ("Dr. "): its period ends no sentence."""
    return _HONORIFIC_BEFORE.search(before) is not None


def _is_head(word: str) -> bool:
    lower = word.lower()
    return lower in TITLE_HEADS or lower.rsplit("-", 1)[-1] in TITLE_HEADS


def _is_modifier(word: str) -> bool:
    return word.lower() in TITLE_MODIFIERS


def split_at_titles(name: str) -> list[tuple[int, str]]:
    """``name`` cut at its job titles: (offset, part) of each part that may be a name.

    "Rainbow Railroad Executive Director Kimahli Powell" → "Rainbow Railroad", "Kimahli Powell";
    "Foreign Affairs Minister Chrystia Freeland" → "Chrystia Freeland"; "Executive Director" and
    "Software Research Scientist" → nothing.  A name without a title comes back whole.
    """
    words = [(m.start(), m.group()) for m in re.finditer(r"\S+", name)]
    titled = _title_words(words)
    if not any(titled):
        return [(0, name)]
    pieces: list[list[tuple[int, str]]] = [[]]
    for (offset, word), in_title in zip(words, titled):
        if in_title:
            if pieces[-1]:
                pieces.append([])
        else:
            pieces[-1].append((offset, word))
    if not pieces[-1]:
        pieces.pop()
    if titled[-1] and pieces:  # ends in a title: the words before it describe the job ("Debian Project Leader")
        pieces.pop()
    out = []
    for piece in pieces:
        if piece:
            start, end = piece[0][0], piece[-1][0] + len(piece[-1][1])
            out.append((start, name[start:end]))
    return out


def _title_words(words: list[tuple[int, str]]) -> list[bool]:
    """Which words belong to a title: maximal runs of heads, modifiers and inner of/for/the
    that hold at least one head."""
    titled = [False] * len(words)
    i = 0
    while i < len(words):
        word = words[i][1]
        if not (_is_head(word) or _is_modifier(word)):
            i += 1
            continue
        j = i
        while j < len(words):
            current = words[j][1]
            if _is_head(current) or _is_modifier(current):
                j += 1
            elif current.lower() in _JOIN and j + 1 < len(words) and (_is_head(words[j + 1][1]) or _is_modifier(words[j + 1][1])):
                j += 1
            else:
                break
        if any(_is_head(w) for _, w in words[i:j]):
            for k in range(i, j):
                titled[k] = True
        i = j
    return titled
