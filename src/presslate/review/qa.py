"""Quality checks over PO entries: what ``presslate check`` reports.

``build`` refuses only translations it cannot render (broken placeholders).
These checks also catch translations that render but are wrong or unsafe:
a changed number, URL or link, a translated organisation name, an added
``<script>``, a doubled word.  Each check in :data:`CHECKS` has a name, a
severity and a function of one (source, translation) pair:

* ``error``: wrong or unsafe to publish as it is; ``presslate check`` exits 1.
* ``warning``: probably wrong, a reviewer should look; the exit code stays 0.

A translator silences one check on one entry with a flag,
``#, presslate-ignore:numbers`` (one check per flag, several flags allowed),
or with a translator comment, ``# presslate-ignore: numbers, urls``, which
survives GNU msgmerge and msgcat (they drop flags they do not know).  A
project disables checks for all entries with :class:`Settings`.

``markup`` runs exactly the checks ``build`` runs (placeholders, then the
article format's own rules in :func:`presslate.formats.problems`: emphasis,
and markup the source lacks), so every translation ``build`` would refuse is
reported.  ``links`` and ``unsafe-markup`` do not depend on the format; they
stay silent on a translation that ``markup`` already reports for its format,
so one added ``<script>`` is one finding.

An empty translation gets only the ``untranslated`` finding.  Fuzzy entries
get the ``fuzzy`` finding *and* every content check, because
``build --include-fuzzy`` publishes their text.  ``untranslated`` and
``fuzzy`` are warnings unless the caller requires reviewed catalogs.
Obsolete entries are not checked.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from presslate import inline
from presslate.catalog.pofile import Entry, PoFile
from presslate.errors import ConfigError
from presslate.formats import problems as format_problems
from presslate.report import Refusal, Report
from presslate.review.glossary import Glossary
from presslate.segment import split_sentences

__all__ = [
    "CHECKS", "IGNORE_FLAG", "Check", "CheckReport", "Pair", "Problem", "Settings", "check_entry", "check_file",
]

IGNORE_FLAG = "presslate-ignore:"
ERROR, WARNING = "error", "warning"
_REVIEW_CHECKS = frozenset({"untranslated", "fuzzy"})


@dataclass(frozen=True)
class Problem:
    """A finding before it is placed in a file."""

    check: str
    severity: str
    message: str


@dataclass
class CheckReport(Report):
    """The findings of ``presslate check``, in file order; errors fail the check, warnings do not."""

    REFUSED = ""
    REFUSALS_TO_STDOUT = True

    refusals: list[Refusal] = field(default_factory=list)
    catalogs: int = 0

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.refusals)

    @property
    def failed(self) -> bool:
        return self.errors > 0

    def summary(self) -> str:
        return f"{self.catalogs} catalogs checked: {self.errors} errors, {len(self.refusals) - self.errors} warnings"


@dataclass(frozen=True)
class Settings:
    disabled: frozenset[str] = frozenset()
    length_ratio: tuple[float, float] = (0.5, 2.5)  # allowed len(translation) / len(source)
    min_length: int = 20  # shorter sources skip the length check: "Town" → "Localidad" is fine

    @classmethod
    def from_table(cls, table: dict, where: str) -> Settings:
        """Settings from a TOML table such as presslate.toml's ``[check]``; ConfigError if wrong."""
        unknown = set(table) - {"disabled", "length_ratio", "min_length"}
        if unknown:
            raise ConfigError(f"{where}: unknown key {sorted(unknown)[0]!r} in [check] "
                              "(use disabled, length_ratio, min_length)")
        disabled = table.get("disabled", [])
        if not isinstance(disabled, list) or not all(name in CHECKS for name in disabled):
            raise ConfigError(f"{where}: [check] disabled must list check names: {', '.join(CHECKS)}")
        ratio = table.get("length_ratio", list(cls.length_ratio))
        if (not isinstance(ratio, list) or len(ratio) != 2
                or not all(isinstance(r, (int, float)) and not isinstance(r, bool) for r in ratio)
                or not 0 < ratio[0] < ratio[1]):
            raise ConfigError(f"{where}: [check] length_ratio must be [low, high] with 0 < low < high, not {ratio!r}")
        min_length = table.get("min_length", cls.min_length)
        if not isinstance(min_length, int) or isinstance(min_length, bool) or min_length < 0:
            raise ConfigError(f"{where}: [check] min_length must be a whole number ≥ 0, not {min_length!r}")
        return cls(frozenset(disabled), (float(ratio[0]), float(ratio[1])), min_length)


@dataclass(frozen=True)
class Pair:
    """What a check looks at: a source text, its translation, and their context."""

    msgid: str
    msgstr: str
    source_lang: str
    target_lang: str
    flags: tuple[str, ...] = ()
    glossary: Glossary = field(default_factory=Glossary)
    settings: Settings = field(default_factory=Settings)
    fmt: str = "markdown"  # the article's format, for its own markup rules


@dataclass(frozen=True)
class Check:
    name: str
    severity: str
    description: str
    function: Callable[[Pair], list[str]]  # one message per problem found


CHECKS: dict[str, Check] = {}


def _check(name: str, severity: str, description: str):
    def register(function: Callable[[Pair], list[str]]):
        CHECKS[name] = Check(name, severity, description, function)
        return function

    return register


def check_entry(
    msgid: str,
    msgstr: str,
    *,
    source_lang: str,
    target_lang: str,
    flags: Iterable[str] = (),
    glossary: Glossary | None = None,
    settings: Settings | None = None,
    require_reviewed: bool = False,
    fmt: str = "markdown",
) -> list[Problem]:
    """Problems of one translation, in the order of :data:`CHECKS`."""
    flags = tuple(flags)
    settings = settings or Settings()
    pair = Pair(msgid, msgstr, source_lang, target_lang, flags, glossary or Glossary(), settings, fmt)
    skip = settings.disabled | {flag[len(IGNORE_FLAG):].strip() for flag in flags if flag.startswith(IGNORE_FLAG)}
    names = ["untranslated"] if not msgstr else [name for name in CHECKS if name != "untranslated"]
    problems = []
    for name in (name for name in names if name not in skip):
        check = CHECKS[name]
        severity = ERROR if require_reviewed and name in _REVIEW_CHECKS else check.severity
        problems += [Problem(name, severity, message) for message in check.function(pair)]
    return problems


def check_file(
    po: PoFile,
    path: str,
    source_lang: str,
    target_lang: str,
    glossary: Glossary | None = None,
    settings: Settings | None = None,
    require_reviewed: bool = False,
    fmt: str = "markdown",
) -> list[Refusal]:
    """Findings for every active entry of a catalog, in file order."""
    findings = []
    for entry in po.entries:
        if entry.obsolete:
            continue
        problems: dict[Problem, None] = {}  # plural forms can repeat a finding
        flags = entry.flags + _comment_flags(entry)
        for msgid, msgstr in _forms(entry):
            problems.update(dict.fromkeys(check_entry(
                msgid, msgstr, source_lang=source_lang, target_lang=target_lang, flags=flags,
                glossary=glossary, settings=settings, require_reviewed=require_reviewed, fmt=fmt,
            )))
        findings += [Refusal(path, entry.line, entry.msgid, p.message, check=p.check, severity=p.severity)
                     for p in problems]
    return findings


def _comment_flags(entry: Entry) -> list[str]:
    """``# presslate-ignore: numbers, urls`` as the flags it stands for."""
    return [IGNORE_FLAG + name
            for comment in entry.translator_comments
            if comment.strip().startswith(IGNORE_FLAG)
            for name in re.split(r"[\s,]+", comment.strip()[len(IGNORE_FLAG):]) if name]


def _forms(entry: Entry) -> list[tuple[str, str]]:
    if entry.msgid_plural is None:
        return [(entry.msgid, entry.msgstr)]
    forms = entry.msgstr_plural or {0: ""}
    return [(entry.msgid if n == 0 else entry.msgid_plural, text) for n, text in sorted(forms.items())]


def _unmatched(source: list, translation: list) -> tuple[list, list]:
    """Items of ``source`` missing from ``translation`` and the reverse, as multisets:
    order never matters, a translator may move things."""
    extra = list(translation)
    missing = []
    for item in source:
        if item in extra:
            extra.remove(item)
        else:
            missing.append(item)
    return missing, extra


def _differences(source: list[str], translation: list[str], noun: str) -> list[str]:
    """One message naming what the translation lost and gained."""
    missing, extra = _unmatched(source, translation)
    parts = []
    if missing:
        parts.append(f"{noun} missing from the translation: {', '.join(missing)}")
    if extra:
        parts.append(f"{noun} not in the source: {', '.join(extra)}")
    return ["; ".join(parts)] if parts else []


# -- review state -------------------------------------------------------------------


@_check("untranslated", WARNING, "no translation yet (an error with --require-reviewed)")
def _untranslated(pair: Pair) -> list[str]:
    return [] if pair.msgstr else ["not translated yet"]


@_check("fuzzy", WARNING, "marked fuzzy: not reviewed yet (an error with --require-reviewed)")
def _fuzzy(pair: Pair) -> list[str]:
    return ["marked fuzzy: machine-translated or outdated, not reviewed yet"] if "fuzzy" in pair.flags else []


# -- markup, links, URLs, unsafe HTML -----------------------------------------------


@lru_cache(maxsize=256)
def _format_problems(msgid: str, msgstr: str, fmt: str) -> tuple[str, ...]:
    return tuple(format_problems(msgid, msgstr, fmt))


@_check("markup", ERROR, "what build refuses: placeholders <1>…</1>, <2/> each once and nested, "
                         "and the article format's rules (emphasis, no markup the source lacks)")
def _markup(pair: Pair) -> list[str]:
    return inline.markup_problems(pair.msgid, pair.msgstr) + list(_format_problems(pair.msgid, pair.msgstr, pair.fmt))


_MD_LINK_RE = re.compile(
    r"\]\(\s*(<[^<>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
)
_REF_LINK_RE = re.compile(r"\]\[([^\[\]\n]+)\]")
_HTML_TAG_RE = re.compile(r"<!--|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
_EVENT_ATTR_RE = re.compile(r"\son[a-z]+\s*=", re.I)
_SCRIPT_URL_RE = re.compile(r"\b(?:javascript|vbscript):(?!\s)|\bdata:[\w.+-]+/[\w.+-]+[;,]", re.I)


def _links(text: str) -> tuple[list[str], str]:
    """Markdown link and image destinations and reference labels in ``text``, and the text
    with them blanked out: the URL check leaves them to this one.  An autolink
    ``<https://…>`` is a URL written in the text, for the URL check; raw HTML, with its
    href and src, is for the unsafe-markup check."""
    found: list[tuple[int, int, str]] = []
    for m in _MD_LINK_RE.finditer(text):
        found.append((m.start(1), m.end(1), m.group(1).strip("<>")))
    for m in _REF_LINK_RE.finditer(text):
        found.append((m.start(1), m.end(1), f"[{' '.join(m.group(1).lower().split())}]"))
    found.sort()
    masked = list(text)
    for start, end, _ in found:
        masked[start:end] = " " * (end - start)
    return [target for _, _, target in found], "".join(masked)


@_check("links", ERROR, "Markdown link and image targets in the translation are those of the source")
def _link_targets(pair: Pair) -> list[str]:
    if _format_problems(pair.msgid, pair.msgstr, pair.fmt):
        return []  # reported by markup

    def targets(text: str) -> list[str]:  # a script URL is for unsafe-markup
        return [t for t in _links(text)[0] if not _SCRIPT_URL_RE.match(html.unescape(t))]

    return _differences(targets(pair.msgid), targets(pair.msgstr), "link targets")


_URL_RE = re.compile(r"(?<![\w@/.])(?:(?:https?|ftps?)://|www\.|mailto:)[^\s<>\"'`]+", re.I)
_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_OPENING = {")": "(", "]": "["}


def _urls(text: str) -> list[str]:
    text = _links(_HTML_TAG_RE.sub(" ", text))[1]
    urls = []
    for m in _URL_RE.finditer(text):
        url = m.group()
        # Punctuation after a URL ends the sentence; a closing bracket belongs to it only if it opened inside.
        while url and (url[-1] in ".,;:!?*_"
                       or (url[-1] in _OPENING and url.count(_OPENING[url[-1]]) < url.count(url[-1]))):
            url = url[:-1]
        urls.append(url)
    rest = _URL_RE.sub(" ", text)
    return urls + _EMAIL_RE.findall(rest)


@_check("urls", ERROR, "URLs and e-mail addresses written in the text are unchanged")
def _url_check(pair: Pair) -> list[str]:
    return _differences(_urls(pair.msgid), _urls(pair.msgstr), "URLs/e-mails")


@_check("unsafe-markup", ERROR, "no raw HTML, on*= handlers or javascript:/data: URLs that the source lacks")
def _unsafe_markup(pair: Pair) -> list[str]:
    if _format_problems(pair.msgid, pair.msgstr, pair.fmt):
        return []  # reported by markup

    def tags(text: str) -> list[str]:
        return [" ".join(tag.split()) for tag in _HTML_TAG_RE.findall(text)]

    def schemes(text: str) -> list[str]:
        return [m.lower() for m in _SCRIPT_URL_RE.findall(html.unescape(text))]

    added = _unmatched(tags(pair.msgid), tags(pair.msgstr))[1]
    handlers = [tag for tag in added if _EVENT_ATTR_RE.search(tag)]
    plain = [tag for tag in added if tag not in handlers]
    schemes_added = _unmatched(schemes(pair.msgid), schemes(pair.msgstr))[1]
    return ([f"event-handler attribute in {tag}" for tag in handlers]
            + ([f"raw HTML not in the source: {' '.join(plain)}"] if plain else [])
            + [f"script or data URL not in the source: {scheme}…" for scheme in schemes_added])


# -- numbers ------------------------------------------------------------------------

# "6 p.m.", "6pm", "6 p. m.", "18:00", "18.00 h", "18 h".  Times are compared as 24-hour
# clock values; a full hour may also be written as a plain number ("las 6 de la tarde").
_TIME_RE = re.compile(
    r"(?<![\w.,:])(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s?(?:(?P<ap>[ap])\.?\s?m\b\.?|h\b)"
    r"|(?<![\w.,:])(?P<h2>\d{1,2}):(?P<m2>\d{2})(?![\d])",
    re.I,
)
_NUMBER_RE = re.compile(r"\d+(?:[.,\u00a0\u202f\u2009]\d+)*")
_SPACE_GROUPS = "\u00a0\u202f\u2009"
# Small numbers spelled out ("twelve study rooms" → "12 salas").  No word for 1: "un", "una"
# and "one" are mostly articles and pronouns.
_NUMBER_WORDS = {
    "en": "zero - two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen twenty",
    "es": "cero - dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
          "dieciséis diecisiete dieciocho diecinueve veinte",
}


@lru_cache(maxsize=64)
def _symbols(lang: str) -> tuple[str, str]:
    """Decimal and group symbols of a locale, from Babel's CLDR data."""
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return ".", ","
    return get_decimal_symbol(locale), get_group_symbol(locale)


def _parse_number(token: str, lang: str) -> Decimal | None:
    """The value of ``token`` written the way ``lang`` writes numbers, or None if it
    cannot be a number of that locale (wrong separator, groups not of three digits)."""
    decimal, group = _symbols(lang)
    if token.count(decimal) > 1:
        return None
    whole, _, fraction = token.partition(decimal)
    pieces = re.split(f"[{re.escape(group + _SPACE_GROUPS)}]", whole)
    if len(pieces) > 1 and (not 1 <= len(pieces[0]) <= 3 or any(len(p) != 3 for p in pieces[1:])):
        return None
    digits = "".join(pieces)
    if not digits.isdigit() or (fraction and not fraction.isdigit()):
        return None
    return Decimal(f"{digits}.{fraction}" if fraction else digits)


def _quantities(text: str, lang: str, other: str) -> list[tuple[object, str]]:
    """(key, as written) for every time and number in ``text``; placeholders, HTML tags,
    link targets, URLs and e-mail addresses do not count.  A number that cannot be read
    the way ``lang`` writes numbers is read the way ``other`` does ("0.1" kept in a
    Spanish translation), else compared as written ("3.4.1")."""
    for regex in (inline.TAG_RE, _HTML_TAG_RE):
        text = regex.sub(" ", text)
    text = _links(text)[1]
    for regex in (_URL_RE, _EMAIL_RE):
        text = regex.sub(" ", text)
    found: list[tuple[object, str]] = []
    spans = []
    for m in _TIME_RE.finditer(text):
        hour, minute = int(m["h"] or m["h2"]), int(m["m"] or m["m2"] or 0)
        ap = (m["ap"] or "").lower()
        if (ap and not 1 <= hour <= 12) or hour > 24 or minute > 59:
            continue
        if ap:
            hour = hour % 12 + (12 if ap == "p" else 0)
        found.append((("time", hour % 24, minute), m.group().strip()))
        spans.append(m.span())
    for start, end in reversed(spans):
        text = text[:start] + " " * (end - start) + text[end:]
    for token in _NUMBER_RE.findall(text):
        value = _parse_number(token, lang)
        if value is None:
            value = _parse_number(token, other)
        found.append((("number", value) if value is not None else ("text", token), token))
    return found


def _number_words(text: str, lang: str) -> Counter:
    base = lang.replace("-", "_").partition("_")[0].lower()
    values = {word: Decimal(n) for n, word in enumerate(_NUMBER_WORDS.get(base, "").split()) if word != "-"}
    return Counter(values[word] for word in re.findall(r"\w+", text.lower()) if word in values)


def _take(items: list[tuple[object, str]], keys: Iterable[object]) -> bool:
    """Remove the first item whose key is one of ``keys``."""
    for key in keys:
        for i, (item_key, _) in enumerate(items):
            if item_key == key:
                del items[i]
                return True
    return False


def _hour_numbers(key: object) -> list[object]:
    """Plain numbers that can stand for a full-hour time: 18:00 → 18, 6."""
    if key[0] != "time" or key[2] != 0:
        return []
    return [("number", Decimal(key[1])), ("number", Decimal(key[1] % 12 or 12))]


def _unspelled(items: list[tuple[object, str]], spelled: Counter) -> list[tuple[object, str]]:
    """``items`` less the numbers that ``spelled`` (word counts by value) accounts for."""
    kept = []
    for key, token in items:
        if key[0] == "number" and spelled[key[1]] > 0:
            spelled[key[1]] -= 1
        else:
            kept.append((key, token))
    return kept


@_check("numbers", ERROR, "numbers and times are preserved (3,200 → 3.200 and 6 p.m. → 18:00 are fine for es)")
def _numbers(pair: Pair) -> list[str]:
    source = _quantities(pair.msgid, pair.source_lang, pair.target_lang)
    extra = _quantities(pair.msgstr, pair.target_lang, pair.source_lang)
    missing = [item for item in source if not _take(extra, [item[0]])]
    missing = [item for item in missing if not _take(extra, _hour_numbers(item[0]))]
    extra = [item for item in extra if not _take(missing, _hour_numbers(item[0]))]
    # A digit may be spelled out on the other side, if that side spells the number more often.
    source_words = _number_words(pair.msgid, pair.source_lang)
    target_words = _number_words(pair.msgstr, pair.target_lang)
    missing = _unspelled(missing, target_words - source_words)
    extra = _unspelled(extra, source_words - target_words)
    messages = []
    for key, token in list(missing):
        written_alike = [item for item in extra if item[1] == token]
        if key[0] == "number" and written_alike:
            missing.remove((key, token))
            extra.remove(written_alike[0])
            messages.append(f"{token} is written the {pair.source_lang} way: in {pair.target_lang} write "
                            f"{format_decimal(key[1], locale=pair.target_lang.replace('-', '_'))}")
    return messages + _differences([t for _, t in missing], [t for _, t in extra], "numbers")


# -- glossary -----------------------------------------------------------------------


@_check("do-not-translate", ERROR, "do-not-translate names of the glossary stay as written")
def _do_not_translate(pair: Pair) -> list[str]:
    kept = {name for _, _, name in pair.glossary.names_in(pair.msgstr)}
    names = dict.fromkeys(name for _, _, name in pair.glossary.names_in(pair.msgid))
    return [f"“{name}” must stay as written (do not translate)" for name in names if name not in kept]


@_check("glossary", WARNING, "glossary terms use a preferred translation")
def _glossary(pair: Pair) -> list[str]:
    messages = []
    for term in pair.glossary.terms_in(pair.msgid, pair.source_lang):
        wanted = term.for_language(pair.target_lang)
        if wanted and not any(pair.glossary.contains(pair.msgstr, w, pair.target_lang) for w in wanted):
            messages.append(f"“{term.source}” should be translated as " + " or ".join(f"“{w}”" for w in wanted))
    return messages


# -- text ---------------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@_check("unchanged", WARNING, "the translation is a copy of the source (names, single words exempt)")
def _unchanged(pair: Pair) -> list[str]:
    if " ".join(pair.msgstr.split()) != " ".join(pair.msgid.split()):
        return []
    text = pair.msgid
    for start, end, _ in reversed(pair.glossary.names_in(text)):
        text = text[:start] + " " + text[end:]
    words = _WORD_RE.findall(_EMAIL_RE.sub(" ", _URL_RE.sub(" ", inline.TAG_RE.sub(" ", text))))
    if len(words) < 2 or all(word[0].isupper() for word in words):
        return []  # a name, a title-case heading or one word: often the same in both languages
    return ["the translation is identical to the source"]


def _edge_whitespace(text: str) -> tuple[str, str]:
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]


@_check("whitespace", WARNING, "leading and trailing whitespace and newlines match the source")
def _whitespace(pair: Pair) -> list[str]:
    messages = []
    for where, a, b in zip(("start", "end"), _edge_whitespace(pair.msgid), _edge_whitespace(pair.msgstr)):
        if a != b:
            messages.append(f"whitespace at the {where}: {a!r} in the source, {b!r} in the translation")
    return messages


_CLOSERS_RE = re.compile(r"(?:\s|[\"'”’»›)\]}*_]|</\d+>|<\d+/>)+\Z")
_END_MARK_RE = re.compile(r"[.?!…:;,]+\Z")
_ABBREVIATION_END_RE = re.compile(r"(?<!\S)(?:[^\W\d_]\.){2,}\Z")  # "p.m.", "U.S.": not always a full stop
_INVERTED = {"?": "¿", "!": "¡"}


def _end_mark(text: str) -> tuple[str, str]:
    """The final punctuation of ``text`` behind closing quotes, brackets, tags and emphasis."""
    body = _CLOSERS_RE.sub("", text)
    m = _END_MARK_RE.search(body)
    mark = m.group().replace("...", "…") if m else ""
    return "".join(sorted(set(mark))), body


@_check("end-punctuation", WARNING, "the final punctuation matches (quotes «» “” and Spanish ¿…? ¡…! understood)")
def _end_punctuation(pair: Pair) -> list[str]:
    source, source_body = _end_mark(pair.msgid)
    target, target_body = _end_mark(pair.msgstr)
    if source != target and not (source == "." and not target and _ABBREVIATION_END_RE.search(source_body)):
        return [f"ends with “{source or 'no punctuation'}” in the source, "
                f"“{target or 'no punctuation'}” in the translation"]
    if pair.target_lang.replace("-", "_").partition("_")[0].lower() != "es":
        return []
    spans = split_sentences(target_body, pair.target_lang)
    last = target_body[spans[-1][0]:] if spans else ""
    return [f"a Spanish sentence ending with {mark} opens with {opener}"
            for mark, opener in _INVERTED.items() if mark in target and opener not in last]


_DOUBLED_RE = re.compile(r"(?<!\w)([^\W\d_]+)(?:\s+\1)+(?!\w)", re.I)


@_check("doubled-words", WARNING, "no word written twice in a row (“la la”) unless the source does too")
def _doubled_words(pair: Pair) -> list[str]:
    allowed = {" ".join(m.group().lower().split()) for m in _DOUBLED_RE.finditer(inline.strip_tags(pair.msgid))}
    return [f"“{m.group()}”: a word is repeated" for m in _DOUBLED_RE.finditer(inline.strip_tags(pair.msgstr))
            if " ".join(m.group().lower().split()) not in allowed]


@_check("sentence-count", WARNING, "as many sentences as the source (a dropped or merged sentence)")
def _sentence_count(pair: Pair) -> list[str]:
    source = len(split_sentences(pair.msgid, pair.source_lang))
    target = len(split_sentences(pair.msgstr, pair.target_lang))
    if source == target:
        return []
    return [f"{source} sentence{'s' * (source != 1)} in the source, {target} in the translation"]


@_check("length", WARNING, "the translation's length is within the configured ratio of the source's")
def _length(pair: Pair) -> list[str]:
    source = len(inline.strip_tags(pair.msgid).strip())
    if source < pair.settings.min_length:
        return []
    ratio = len(inline.strip_tags(pair.msgstr).strip()) / source
    low, high = pair.settings.length_ratio
    if low <= ratio <= high:
        return []
    return [f"the translation is {ratio:.2f} times as long as the source (expected {low:g}–{high:g})"]
