"""The numbers check: numbers and times survive translation, in the target language's notation."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from presslate import inline
from presslate.review.checks import ERROR, Pair, differences, register
from presslate.review.checks_markup import EMAIL_RE, HTML_TAG_RE, URL_RE, split_links

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
    for regex in (inline.TAG_RE, HTML_TAG_RE):
        text = regex.sub(" ", text)
    text = split_links(text)[1]
    for regex in (URL_RE, EMAIL_RE):
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


@register("numbers", ERROR, "numbers and times are preserved (3,200 → 3.200 and 6 p.m. → 18:00 are fine for es)")
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
    return messages + differences([t for _, t in missing], [t for _, t in extra], "numbers")
