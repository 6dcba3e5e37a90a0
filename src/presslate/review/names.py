"""Names of organisations, publications and places that an engine would translate word by word.

A *name* here is two or more capitalised words in a row ("Rainbow
Railroad", "Human Rights Watch"), optionally joined by ``of``, ``and``,
``the``, ``for``, ``&`` ("The Globe and Mail", "Bank of Canada"), found in
mid-sentence: a capital at a sentence start or in a Title Case heading says
nothing.  Possessives and job titles separate names ("Rainbow Railroad’s
Executive Director Kimahli Powell" holds two; see :mod:`presslate.review.name_roles`).
Words the engine translates well are not names: country and language names (Babel's English data, "United States"), months and days.

With ``[mt] protect_names = true`` every name found in the run's sentences
travels to the engine as a do-not-translate placeholder, like glossary.toml's
``[do_not_translate]`` terms.  ``presslate glossary suggest`` lists the names
of the project's articles, so an editor can accept them into glossary.toml
(where they are protected whatever the setting).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from presslate.headline import is_title_case
from presslate.review.glossary import Glossary
from presslate.review.name_roles import after_honorific, mask_possessives, split_at_titles

__all__ = ["Suggestion", "find_names", "names_in_texts", "with_names"]

_TAG = re.compile(r"</?\d+/?>")
_CAP = r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|[A-Z][a-z]*[A-Z][A-Za-z]*|[A-Z]{2,}|[A-Z]\.(?:[A-Z]\.)+)"
_JOIN = r"(?:of|and|the|for|&|de|la|del|du|von|van)"
_NAME = re.compile(rf"(?<![\w'’.-]){_CAP}(?:[ ](?:{_JOIN}[ ](?:{_JOIN}[ ])?)?{_CAP})+(?![\w'’-])")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;…]|\.\.\.)[\"”»’)\]*_]*\s*[\"“«(\[*_¿¡]*$")


@cache
def _common_names() -> frozenset[str]:
    """English names an engine translates well: countries, languages, months, days."""
    from babel import Locale

    locale = Locale("en")
    names = set(locale.territories.values()) | set(locale.languages.values())
    for width in ("wide", "abbreviated"):
        names |= set(locale.months["format"][width].values()) | set(locale.days["format"][width].values())
    return frozenset(names)


@cache
def _calendar_words() -> frozenset[str]:
    from babel import Locale

    locale = Locale("en")
    words = set()
    for width in ("wide", "abbreviated"):
        words |= set(locale.months["format"][width].values()) | set(locale.days["format"][width].values())
    return frozenset(words)


def find_names(text: str) -> list[tuple[int, int, str]]:
    """Names in ``text`` as (start, end, name); none in a Title Case text (a heading)."""
    if is_title_case(text):
        return []
    plain = mask_possessives(_TAG.sub(lambda m: "\0" * len(m.group()), text))
    found = []
    for m in _NAME.finditer(plain):
        start, name = m.start(), m.group()
        if _SENTENCE_END.search(plain[:start]) and not after_honorific(plain[:start]):
            first = re.match(rf"{_CAP}[ ](?:{_JOIN}[ ](?:{_JOIN}[ ])?)?", name)
            start += first.end()
            name = name[first.end():]
            if not re.fullmatch(rf"{_CAP}(?:[ ](?:{_JOIN}[ ](?:{_JOIN}[ ])?)?{_CAP})+", name):
                continue
        for offset, part in _split_at_common(name):
            for inner, piece in split_at_titles(part):  # "Rainbow Railroad Executive Director Kimahli Powell"
                trimmed = _trim_common(piece)
                if trimmed is not None:
                    at = start + offset + inner + piece.index(trimmed)
                    found.append((at, at + len(trimmed), trimmed))
    return found


def _split_at_common(name: str) -> list[tuple[int, str]]:
    """"United States and New York", "Human Rights Watch and Amnesty International" → two names each.

    A name is split at "and"/"&" when one side is a country or language name, or when every side
    is a name by itself ("The Globe and Mail" and "Procter & Gamble" stay whole); at "of"/"for"
    when both sides are ("Bank of Canada" stays whole)."""
    parts = re.split(r" (?:and|&) ", name)
    whole = [len(re.findall(_CAP, p)) >= 2 for p in parts]
    if not (len(parts) > 1 and (any(p in _common_names() for p in parts) or all(whole))):
        parts = re.split(r" (?:of|for) ", name)  # "Kimahli Powell of Rainbow Railroad", not "Bank of Canada"
        if len(parts) != 2 or not all(len(re.findall(_CAP, p)) >= 2 for p in parts):
            return [(0, name)]
    if len(parts) > 1:
        out, pos = [], 0
        for part in parts:
            at = name.index(part, pos)
            out.append((at, part))
            pos = at + len(part)
        return out
    return [(0, name)]


def _trim_common(name: str) -> str | None:
    """``name`` without leading/trailing month and day names; None if it is a country or language name or too short."""
    words = name.split(" ")
    common = _calendar_words()
    while words and (words[0] in common or re.fullmatch(_JOIN, words[0])):
        words.pop(0)
    while words and (words[-1] in common or re.fullmatch(_JOIN, words[-1])):
        words.pop()
    caps = [w for w in words if not re.fullmatch(_JOIN, w)]
    name = " ".join(words)
    if len(caps) < 2 or name in _common_names():
        return None
    return name


def names_in_texts(texts: Iterable[str], glossary: Glossary | None = None) -> list[str]:
    """Every name found in ``texts``, first occurrence order, without glossary names (already protected)."""
    listed = set(glossary.do_not_translate) if glossary else set()
    seen: dict[str, None] = {}
    for text in texts:
        for _, _, name in find_names(text):
            if name not in listed:
                seen.setdefault(name)
    return list(seen)


def with_names(glossary: Glossary, names: Iterable[str]) -> Glossary:
    """``glossary`` with ``names`` added to its do-not-translate terms."""
    extra = tuple(n for n in names if n not in set(glossary.do_not_translate))
    return Glossary(glossary.terms, glossary.do_not_translate + extra) if extra else glossary


@dataclass
class Suggestion:
    name: str
    count: int = 0
    places: list[str] = field(default_factory=list)  # "articles/x.md:12", first few

    def to_dict(self) -> dict:
        return {"name": self.name, "count": self.count, "places": self.places}


def suggest(segments: Iterable[tuple[str, str]], glossary: Glossary, limit_places: int = 3) -> list[Suggestion]:
    """Names in ``(text, place)`` pairs not yet in the glossary, most frequent first."""
    listed = {n.lower() for n in glossary.do_not_translate} | {t.source.lower() for t in glossary.terms}
    found: dict[str, Suggestion] = {}
    for text, place in segments:
        for _, _, name in find_names(text):
            if name.lower() in listed or "the " + name.lower() in listed:
                continue
            entry = found.setdefault(name, Suggestion(name))
            entry.count += 1
            if len(entry.places) < limit_places and place not in entry.places:
                entry.places.append(place)
    for name in list(found):  # "Globe and Mail" at a sentence start is "The Globe and Mail"
        longer = found.get("The " + name)
        if longer is not None:
            longer.count += found[name].count
            longer.places += [p for p in found.pop(name).places if p not in longer.places][: limit_places - len(longer.places)]
    return sorted(found.values(), key=lambda s: (-s.count, s.name))


# -- accepting suggestions into glossary.toml ------------------------------------------------

_DNT_HEADER = re.compile(r"^[ \t]*\[[ \t]*do_not_translate[ \t]*\][ \t]*(?:#[^\n]*)?(?:\r?\n|$)", re.M)
_NEXT_HEADER = re.compile(r"^[ \t]*\[", re.M)
_TERMS_KEY = re.compile(r"^[ \t]*[\"']?terms[\"']?[ \t]*=[ \t]*\[", re.M)


def add_do_not_translate(text: str, names: list[str], path: str = "glossary.toml") -> str:
    """``text`` of glossary.toml with ``names`` appended to ``[do_not_translate] terms``.

    Everything else stays as written (comments, order, spacing).  The result
    is read back with :func:`presslate.review.glossary.parse`, so a file this cannot
    edit safely raises InputError instead of being damaged.
    """
    from presslate.errors import InputError
    from presslate.review.glossary import parse

    before = parse(text, path)
    names = [n for n in dict.fromkeys(" ".join(n.split()) for n in names) if n and n not in before.do_not_translate]
    if not names:
        return text
    quoted = [json.dumps(name, ensure_ascii=False) for name in names]
    header = _DNT_HEADER.search(text)
    if header is None:
        if re.search(r"^[ \t]*do_not_translate[ \t]*=", text, re.M):
            raise InputError(path, None, "do_not_translate is written inline; add the names to it by hand")
        sep = "" if not text or text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
        result = f"{text}{sep}[do_not_translate]\nterms = [{', '.join(quoted)}]\n"
    else:
        following = _NEXT_HEADER.search(text, header.end())
        end = following.start() if following else len(text)
        key = _TERMS_KEY.search(text, header.end(), end)
        if key is None:
            result = text[: header.end()] + f"terms = [{', '.join(quoted)}]\n" + text[header.end():]
        else:
            close, last = _array_end(text, key.end() - 1)
            if close is None:
                raise InputError(path, text.count("\n", 0, key.start()) + 1, "cannot find the end of the terms list")
            multiline = "\n" in text[key.end() : close]
            comma = "" if text[last] in "[," else ","
            line_start = text.rfind("\n", 0, close) + 1
            if multiline and not text[line_start:close].strip():  # "]" on its own line: new lines above it
                indent = re.match(r"[ \t]*", text[text.rfind("\n", 0, last) + 1 :]).group() or "    "
                lines = "".join(f"{indent}{q},\n" for q in quoted)
                result = text[: last + 1] + comma + text[last + 1 : line_start] + lines + text[line_start:]
            elif multiline:
                indent = re.match(r"[ \t]*", text[text.rfind("\n", 0, last) + 1 :]).group() or "    "
                addition = comma + "".join(f"\n{indent}{q}," for q in quoted)
            else:
                addition = comma + ("" if text[last] == "[" else " ") + ", ".join(quoted)
            if not (multiline and not text[line_start:close].strip()):
                result = text[: last + 1] + addition + text[last + 1 :]
    after = parse(result, path)
    if list(after.do_not_translate) != list(before.do_not_translate) + names:
        raise InputError(path, None, "could not add the names safely; add them to [do_not_translate] by hand")
    return result


def _array_end(text: str, start: int) -> tuple[int | None, int]:
    """(index of the ``]`` closing the array opened at ``start``, index of its last significant character)."""
    depth, i, last = 0, start, start
    while i < len(text):
        char = text[i]
        if char == "#":
            nl = text.find("\n", i)
            i = len(text) if nl < 0 else nl
            continue
        if char in "\"'":
            triple = text.startswith(char * 3, i)
            quote = char * 3 if triple else char
            j = i + len(quote)
            while j < len(text) and not text.startswith(quote, j):
                j += 2 if char == '"' and text[j] == "\\" else 1
            i = j + len(quote)
            last = i - 1
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return i, last
        if not char.isspace():
            last = i
        i += 1
    return None, last
