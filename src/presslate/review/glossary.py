"""The project glossary: preferred translations, and names no one may translate.

A newsroom's terminology must stay consistent across articles and
translators, and organisation names must survive machine translation
(Apertium turns "Rainbow Railroad" into "Ferrocarril de Arco iris").
``glossary.toml`` at the project root is optional::

    [do_not_translate]
    terms = ["Rainbow Railroad", "Millbrook"]

    [[term]]
    source = "flood warning"           # the dictionary form: singular
    es = "alerta por inundaciones"     # language code = the preferred translation
    fr = ["alerte crue", "vigilance crues"]   # or several acceptable ones
    note = "Wording of the national weather service"   # optional, for people

Language keys are validated like presslate.toml's (``es``, ``es_MX``,
``pt-BR``); a translation for ``es`` also serves ``es_MX`` unless
``es_MX`` has its own.

Matching is deliberately simple, and enough for English and Spanish news:

* Glossary terms ignore case and accents (sentence-start capitals,
  "inundación"/"inundaciones") and accept regular plurals of every word:
  English -s, -es, -ies, -ves, -is → -es (crisis/crises), -man → -men;
  Spanish -s, -es, -z → -ces; other languages -s.  Not matched: verb
  forms ("sheltering" is not "shelter"), gender agreement, irregular
  plurals (person/people), a term split by markup or a placeholder tag.
* Do-not-translate terms must appear exactly as written, except for the
  case of their first letter ("the Globe and Mail"); any whitespace,
  including a PO line break, may separate their words.
* A glossary term inside a do-not-translate name does not count
  ("council" in "Millbrook Town Council").
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from presslate import inline
from presslate.config import normalize_language
from presslate.errors import ConfigError, InputError

__all__ = ["GLOSSARY_NAME", "Glossary", "Term", "for_project", "load", "parse", "protect"]

GLOSSARY_NAME = "glossary.toml"

_TERM_HEADER_RE = re.compile(r"^[ \t]*\[\[[ \t]*term[ \t]*\]\]", re.M)
_DNT_HEADER_RE = re.compile(r"^[ \t]*\[[ \t]*do_not_translate[ \t]*\]", re.M)
_ANY_HEADER_RE = re.compile(r"^[ \t]*\[", re.M)
_TOML_LINE_RE = re.compile(r"at line (\d+)")
_TERM_KEYS = frozenset({"source", "note"})


@dataclass(frozen=True)
class Term:
    source: str
    translations: dict[str, tuple[str, ...]]  # gettext language code → acceptable translations
    note: str = ""

    def for_language(self, lang: str) -> tuple[str, ...]:
        """Acceptable translations into ``lang``; a regional code falls back to its language."""
        return self.translations.get(lang) or self.translations.get(_language(lang), ())


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()
    do_not_translate: tuple[str, ...] = ()

    def names_in(self, text: str) -> list[tuple[int, int, str]]:
        """Do-not-translate terms in ``text`` as (start, end, term), in order, without overlaps
        (the longest wins: "Alder River Authority" over "Alder River")."""
        found = sorted(
            ((m.start(), m.end(), name) for name in self.do_not_translate for m in _name_re(name).finditer(text)),
            key=lambda span: (span[0], span[0] - span[1]),
        )
        spans: list[tuple[int, int, str]] = []
        for span in found:
            if not spans or span[0] >= spans[-1][1]:
                spans.append(span)
        return spans

    def terms_in(self, text: str, lang: str) -> list[Term]:
        """Glossary terms that occur in ``text`` (written in ``lang``) outside do-not-translate names."""
        folded = _fold(text)
        for start, end, _ in self.names_in(text):
            folded = folded[:start] + " " * (end - start) + folded[end:]
        return [term for term in self.terms if _term_re(term.source, _language(lang)).search(folded)]

    def contains(self, text: str, phrase: str, lang: str) -> bool:
        """Whether ``phrase`` (or an inflected form of it, see the module docstring) is in ``text``."""
        return _term_re(phrase, _language(lang)).search(_fold(text)) is not None


def protect(text: str, glossary: Glossary) -> tuple[str, Callable[[str], str | None]]:
    """Hide do-not-translate terms from a machine-translation engine.

    Each occurrence becomes a standalone placeholder numbered after the
    text's own tags (``<3/>``), which engines already carry through
    untouched.  ``restore(output)`` puts the original words back, or returns
    None when the engine lost or duplicated a protection tag, so the caller
    can fall back rather than publish a sentence missing a name.
    """
    spans = glossary.names_in(text)
    if not spans:
        return text, lambda output: output
    number = max((tag.number for tag in inline.tags(text)), default=0)
    originals: dict[int, str] = {}
    pieces: list[str] = []
    pos = 0
    for start, end, _ in spans:
        number += 1
        originals[number] = text[start:end]
        pieces += [text[pos:start], f"<{number}/>"]
        pos = end
    pieces.append(text[pos:])

    def restore(output: str) -> str | None:
        ours = [tag for tag in inline.tags(output) if tag.number in originals]
        if sorted(tag.number for tag in ours) != sorted(originals) or any(tag.kind != "empty" for tag in ours):
            return None
        pieces, pos = [], 0
        for tag in ours:
            pieces += [output[pos:tag.start], originals[tag.number]]
            pos = tag.end
        pieces.append(output[pos:])
        return "".join(pieces)

    return "".join(pieces), restore


# -- matching ---------------------------------------------------------------------


def _language(code: str) -> str:
    return code.replace("-", "_").partition("_")[0].lower()


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base if len(base) == 1 else char


def _fold(text: str) -> str:
    """Lowercase, accents removed, one character for one, so positions still match ``text``."""
    return "".join(_fold_char(c) for c in text)


def _plurals(word: str, lang: str) -> set[str]:
    forms = {word, word + "s"}
    if lang in ("en", "es"):
        forms.add(word + "es")
    if lang == "en":
        if word.endswith("y") and word[-2:-1] not in ("", "a", "e", "i", "o", "u"):
            forms.add(word[:-1] + "ies")
        if word.endswith("is"):
            forms.add(word[:-2] + "es")
        if word.endswith("fe"):
            forms.add(word[:-2] + "ves")
        elif word.endswith("f"):
            forms.add(word[:-1] + "ves")
        if word.endswith("man"):
            forms.add(word[:-3] + "men")
    elif lang == "es" and word.endswith("z"):
        forms.add(word[:-1] + "ces")
    return forms


@lru_cache(maxsize=1024)
def _term_re(phrase: str, lang: str) -> re.Pattern[str]:
    """A phrase in folded text, any word in a plural form, any whitespace between words."""
    words = [
        "(?:" + "|".join(re.escape(form) for form in sorted(_plurals(word, lang), key=len, reverse=True)) + ")"
        for word in _fold(phrase).split()
    ]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


@lru_cache(maxsize=1024)
def _name_re(name: str) -> re.Pattern[str]:
    """A do-not-translate name as written; only its first letter may change case."""
    first, rest = name[0], name[1:]
    head = f"[{re.escape(first.upper())}{re.escape(first.lower())}]" if first.isalpha() else re.escape(first)
    body = r"\s+".join(re.escape(word) for word in rest.split(" "))
    return re.compile(r"(?<!\w)" + head + body + r"(?!\w)")


# -- loading ------------------------------------------------------------------------


def for_project(root: Path) -> Glossary:
    """The glossary of the project in ``root``; an empty one if it has no glossary.toml."""
    path = root / GLOSSARY_NAME
    return load(path) if path.is_file() else Glossary()


def load(path: Path) -> Glossary:
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(str(path), line, "invalid UTF-8; save the file as UTF-8") from None
    return parse(text, str(path))


def parse(text: str, path: str = GLOSSARY_NAME) -> Glossary:
    """Read glossary TOML; every problem is an InputError naming the line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_LINE_RE.search(str(exc))
        raise InputError(path, int(m.group(1)) if m else None, f"invalid TOML: {exc}") from None
    reader = _Reader(text, path)
    for key in data:
        if key not in ("term", "do_not_translate"):
            raise reader.error(reader.top_level_line(key),
                               f"unknown section {key!r}; a glossary has [[term]] tables and [do_not_translate]")
    names = reader.names(data.get("do_not_translate", {}))
    terms = reader.terms(data.get("term", []), names)
    return Glossary(tuple(terms), tuple(names))


class _Reader:
    """Validates the parsed TOML, finding the line of each problem in the text."""

    def __init__(self, text: str, path: str):
        self.text = text
        self.path = path
        self.term_headers = [m.start() for m in _TERM_HEADER_RE.finditer(text)]

    def error(self, line: int | None, message: str) -> InputError:
        return InputError(self.path, line, message)

    def names(self, table) -> list[str]:
        if not isinstance(table, dict):
            raise self.error(self.top_level_line("do_not_translate"),
                             "do_not_translate must be a table: [do_not_translate]")
        header = _DNT_HEADER_RE.search(self.text)
        start = header.end() if header else 0
        for key in table:
            if key != "terms":
                raise self.error(self.key_line(start, key),
                                 f"unknown key {key!r} in [do_not_translate] (use terms = [...])")
        names = table.get("terms", [])
        if not isinstance(names, list):
            raise self.error(self.key_line(start, "terms"), "do_not_translate terms must be a list of strings")
        seen: set[str] = set()
        for name in names:
            if not isinstance(name, str) or not name.strip():
                raise self.error(self.key_line(start, "terms"),
                                 f"do_not_translate terms must be non-empty strings, not {name!r}")
            if name != " ".join(name.split()):
                raise self.error(self.string_line(start, name),
                                 f"{name!r}: write single spaces between words, none around them")
            if name in seen:
                raise self.error(self.string_line(start, name), f"{name!r} is listed twice")
            seen.add(name)
        return names

    def terms(self, tables, names: list[str]) -> list[Term]:
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            raise self.error(self.top_level_line("term"), "terms must be [[term]] tables")
        terms: list[Term] = []
        seen: dict[str, int] = {}
        folded_names = {_fold(name) for name in names}
        for index, table in enumerate(tables):
            source = table.get("source")
            if not isinstance(source, str) or not source.strip():
                raise self.error(self.term_line(index, "source"), "a [[term]] needs source = \"the English term\"")
            source = " ".join(source.split())
            note = table.get("note", "")
            if not isinstance(note, str):
                raise self.error(self.term_line(index, "note"), "note must be a string")
            if _fold(source) in folded_names:
                raise self.error(self.term_line(index, "source"), f"{source!r} is also a do_not_translate term")
            if _fold(source) in seen:
                raise self.error(self.term_line(index, "source"),
                                 f"term {source!r} is defined twice (first at line {seen[_fold(source)]})")
            seen[_fold(source)] = self.term_line(index) or 0
            translations = {}
            for key, value in table.items():
                if key in _TERM_KEYS:
                    continue
                try:
                    lang = normalize_language(key)
                except ConfigError:
                    raise self.error(self.term_line(index, key),
                                     f"unknown key {key!r}: a [[term]] has source, note and language codes "
                                     "such as es or pt_BR") from None
                values = [value] if isinstance(value, str) else value
                if not (isinstance(values, list) and values and all(isinstance(v, str) and v.strip() for v in values)):
                    raise self.error(self.term_line(index, key),
                                     f"{key} must be a translation or a list of acceptable translations")
                translations[lang] = tuple(" ".join(v.split()) for v in values)
            if not translations:
                raise self.error(self.term_line(index), f"term {source!r} gives no translation (add e.g. es = \"...\")")
            terms.append(Term(source, translations, note))
        return terms

    def term_line(self, index: int, key: str | None = None) -> int | None:
        if index >= len(self.term_headers):
            return None  # an inline table: no header to point at
        start = self.term_headers[index]
        return self.key_line(start, key) if key else _line_at(self.text, start)

    def key_line(self, start: int, key: str) -> int | None:
        """Line of ``key = `` in the table that begins at ``start``."""
        following = _ANY_HEADER_RE.search(self.text, start + 1)
        end = following.start() if following else len(self.text)
        m = re.compile(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=", re.M).search(self.text, start, end)
        return _line_at(self.text, m.start() if m else start)

    def string_line(self, start: int, value: str) -> int | None:
        at = self.text.find(value, start)
        return _line_at(self.text, at if at >= 0 else start)

    def top_level_line(self, key: str) -> int | None:
        m = re.compile(rf"^[ \t]*(?:\[+[ \t]*)?{re.escape(key)}\b", re.M).search(self.text)
        return _line_at(self.text, m.start()) if m else None


def _line_at(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1
