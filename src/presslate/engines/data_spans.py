"""Dates, clock times and numbers of an English text as data, rendered in the target's CLDR form.

An engine translates "September 4, 2018" word by word and keeps the English
order ("septiembre 4, 2018"), and copies "80,000" with the English grouping
mark.  These are data, not words: :func:`find` recognises them in the
English source, :func:`protect` hides each behind a standalone placeholder
(``<7/>``, like a glossary name) and its ``restore`` puts back the value
written with Babel in the target's CLDR patterns: "4 de septiembre de 2018",
"viernes, 5 de diciembre", "junio de 2017", "80.000", "14:30".

Recognised (English only; anything else is left to the engine):

* dates: "September 4, 2018", "Sept. 4", "Friday, December 5",
  "4 September 2018", "Tuesday, 25 July 2023", "June 2017", ISO
  "2018-09-04", and ranges of days in a month ("July 9th to 17th" → "9–17
  de julio", CLDR's interval format) and lists of days in a month ("Aug 17
  & 23", "August 17, 23 and 30" → "17, 23 y 30 de agosto", CLDR's date
  pattern with the days joined by ``format_list``), a weekday before a
  range of days ("Friday–Sunday, June 5–7": :mod:`.weekday_ranges`) — a
  day that the month does not have is not a date; a weekday that the
  given year contradicts is kept as written ("Friday, Nov 7, 2022" → "viernes, 7 de noviembre de
  2022", the CLDR day name in the CLDR pattern), never corrected;
* a month alone after a preposition ("in March", "since April and May",
  "by December") → CLDR's standalone month name; never "May I", "you may";
* clock times: "14:30", "2:30 pm", "5 p.m."; a source's two-digit hour
  ("02:43") stays two-digit where CLDR writes ``H:mm`` (Spanish), and with
  ``at_times`` "at" goes into the placeholder and comes back as the
  target's word (:data:`_AT`: "at 14:00" → "a las 14:00", "um 14:00");
  a clock time right after a dated day joins the date ("Tuesday, 25 July
  2023 14:00" → "martes, 25 de julio de 2023 a las 14:00": the target's
  word for "at", as CLDR's date-at-time pattern has it, or else CLDR's
  date-time pattern), the time zone after it left as written;
* numbers with a grouping mark ("80,000", "1,234.5") and decimals that
  are a quantity ("4.5%", "$2.50", "3.5 million"); a bare "2.6" may be a
  version number and is left alone.

With ``on_dates`` (see :data:`ON`), "on" before a dated day goes into the
date's placeholder and comes back as the target's article or preposition
("on July 12" → "el 12 de julio"), which an engine rarely gets right;
before a list of days, the plural where the target has one (:data:`_ON_DAYS`:
"on Aug 17 & 23" → "los 17 y 23 de agosto"), else "on" stays with the engine.
A date that starts its sentence gets a capital.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from presslate import inline
from presslate.engines import weekday_ranges

__all__ = ["KINDS", "ON", "Span", "find", "protect", "render"]

KINDS = ("date", "time", "number")

ON = {"es": "el", "ca": "el", "it": "il", "fr": "le", "de": "am"}
"""The word for English "on" before a date with a day, per target language (none: "on" stays with the engine)."""
_ON_DAYS = {"es": "los", "fr": "les", "de": "am"}
"""English "on" before a list of days in one month ("on Aug 17 & 23"), per target language."""

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                "oct": 10, "nov": 11, "dec": 12})
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTH = r"(?P<{0}>January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?)"
_WEEKDAY = r"(?:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
_DAY = r"(?P<{0}>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<{0}>1[5-9]\d\d|2[01]\d\d)"
_ON = r"(?:(?P<on>\b[Oo]n)\s+)?"
_NOT_RANGE = r"(?!\s*(?:to|and|&|through|-|–|—)\s*\d)"
_DATE = re.compile(
    r"(?<![^\W_]|[.,/-])" + _ON + _WEEKDAY + "(?:"
    + _MONTH.format("m5") + r"\s+" + _DAY.format("d5") + r"\s*(?:to|through|-|–)\s*" + _DAY.format("e5")
    + r"(?![^\W_])(?:,?\s+" + _YEAR.format("y5") + r"(?![^\W_]|-))?|"
    + _MONTH.format("m1") + r"\s+" + _DAY.format("d1") + r"(?![^\W_])(?:,?\s+" + _YEAR.format("y1") + r"(?![^\W_]|-))?"
    + "|" + _DAY.format("d2") + r"\s+" + _MONTH.format("m2") + r"(?:,?\s+" + _YEAR.format("y2") + r"(?![^\W_]|-))?"
    + "|" + _MONTH.format("m3") + r"\s+" + _YEAR.format("y3") + r"(?![^\W_]|-)"
    + "|" + r"(?P<iso>(?P<y4>\d{4})-(?P<m4>0[1-9]|1[0-2])-(?P<d4>0[1-9]|[12]\d|3[01]))(?![^\W_]|-)"
    + ")" + _NOT_RANGE
)
_DIGIT = re.compile(r"\d")
_LIST_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![^\W_]|[:.]\d)"  # not the hour of "14:30", not "23.5"
_DAY_LIST = re.compile(
    r"(?<![^\W_]|[.,/-])" + _ON + _MONTH.format("m") + r"\s+" + _DAY.format("d") + r"(?![^\W_])"
    + r"(?P<more>(?:\s*,\s*" + _LIST_DAY + r")*,?\s*(?:and|&)\s*" + _LIST_DAY + ")"
    + r"(?:,?\s+" + _YEAR.format("y") + r"(?![^\W_]|-))?" + r"(?!\s*(?:to|through|-|–|—)\s*\d)"
)
# Words that may follow a list of days ("Aug 17 and 23 at 10:00"); any other word makes "and 23" a count
# ("on August 17 and 23 people came"), unless the list has a year or says "&".
_AFTER_LIST = frozenset("at in on from for with by until via during online and or".split())
_LONE_MONTH = re.compile(
    r"\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]ill|[Ff]rom|[Dd]uring|[Bb]efore|[Aa]fter|[Ee]arly|[Ll]ate|[Tt]hrough)\s+"
    r"(?P<run>(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?:(?:\s*,\s*|\s+(?:and|or|to)\s+)"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December))*)"
    r"(?![\w'’-]|,?\s*\d|\s+of\b|\s+[A-Z])"  # not "March 3", "May's", "May I", "March of Dimes"
)
_CLOCK_AFTER_DATE = re.compile(r",?\s+")  # what may stand between a dated day and its clock time
_TIME_RANGE_AFTER = re.compile(r"\s*(?:-|–|—|to|until|till|through)\s*\d")
_MONTH_WORD = re.compile(r"January|February|March|April|May|June|July|August|September|October|November|December")
_AT = {"es": ("a las", "a la"), "ca": ("a les", "a la"), "pt": ("às", "à"), "fr": ("à", "à"), "de": ("um", "um")}
"""English "at" before a clock time, per target language: (the word before most hours, before one o'clock)."""
_TIME = re.compile(
    r"(?:(?P<at>\b[Aa]t)\s+)?(?<![\w:.,])(?P<h>[01]?\d|2[0-3])(?::(?P<min>[0-5]\d))?(?:\s*(?P<ampm>[AaPp])\.?\s?[Mm]\b\.?)?(?![\w:]|[.,]\d)")
_GROUPED = re.compile(r"(?<![\w.,/-])(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?)(?![\w]|[.,]\d)")
_QUANTITY = re.compile(
    r"(?<![\w.,/-])(?:(?<=[$€£¥])(?P<c>\d+\.\d+)(?![\w.]|,\d)"
    r"|(?P<q>\d+\.\d+)(?=\s*%|\s+(?:percent|per cent|million|billion|trillion|thousand)\b))")


@dataclass(frozen=True)
class Span:
    """One recognised piece of data: where it is in the text and its value."""

    start: int
    end: int
    kind: str  # "date", "time" or "number"
    value: datetime.date | datetime.time | Decimal
    fields: str = ""  # date: which of y (year), m (month), d (day), w (weekday) the text gave; number: decimals
    on: bool = False  # the date took the "on" before it, the time the "at"
    until: datetime.date | None = None  # a range of days ("July 9 to 17"): its last day
    weekday: int | None = None  # a weekday the text gives and the date does not have (kept as written)
    days: tuple[int, ...] = ()  # a list of days in one month ("Aug 17 & 23"): all of them
    clock: Span | None = None  # a date: the clock time right after it ("25 July 2023 14:00"), joined to it


def find(text: str, on_dates: bool = False, dates: bool = True, numbers: bool = True,
         at_times: bool = False, on_day_lists: bool = False) -> list[Span]:
    """The dates and times (``dates``) and numbers (``numbers``) of English ``text``, in order, never overlapping.

    ``on_dates``: "on" before a dated day joins the date; ``at_times``: "at" before a clock time joins it;
    ``on_day_lists``: "on" before a list of days joins the list.
    """
    spans: list[Span] = []
    has_digit = _DIGIT.search(text) is not None  # every pattern but a month alone needs a digit
    if dates and has_digit:
        spans += [s for m in _DATE.finditer(text) if (s := _date(m, on_dates))]
        spans += [s for m in _DAY_LIST.finditer(text) if (s := _day_list(m, text, on_day_lists))]
        spans += [Span(r.start, r.end, "date", r.first, "ymdw" if r.year else "mdw", until=r.last)
                  for r in weekday_ranges.find(text)]
        spans += [s for m in _TIME.finditer(text) if (s := _time(m, at_times))]
    if dates:
        spans += [s for m in _LONE_MONTH.finditer(text) for s in _lone_months(m)]
    if numbers and has_digit:
        for m in _GROUPED.finditer(text):
            digits = m.group("n").replace(",", "")
            spans.append(Span(m.start("n"), m.end("n"), "number", Decimal(digits), _decimals(digits)))
        for m in _QUANTITY.finditer(text):
            name = "c" if m.group("c") else "q"
            spans.append(Span(m.start(name), m.end(name), "number", Decimal(m.group(name)), _decimals(m.group(name))))
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if not chosen or span.start >= chosen[-1].end:
            chosen.append(span)
    return _clocks_joined(text, chosen)


def _clocks_joined(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` with each clock time that directly follows a dated day (not a range) joined to that date."""
    joined: list[Span] = []
    for span in spans:
        date = joined[-1] if joined else None
        if (span.kind == "time" and date is not None and date.kind == "date" and "d" in date.fields
                and date.until is None and date.clock is None
                and _CLOCK_AFTER_DATE.fullmatch(text[date.end:span.start])
                and not _TIME_RANGE_AFTER.match(text, span.end)):  # "14:30–16:00": "a las" would not do
            joined[-1] = dataclasses.replace(date, end=span.end, clock=span)
        else:
            joined.append(span)
    return joined


def _decimals(digits: str) -> str:
    return str(len(digits.partition(".")[2]))


def _date(m: re.Match, on_dates: bool) -> Span | None:
    if m.group("iso"):
        year, month, day, fields = int(m.group("y4")), int(m.group("m4")), int(m.group("d4")), "ymd"
    else:
        month_name = m.group("m1") or m.group("m2") or m.group("m3") or m.group("m5")
        month = _MONTHS[month_name.rstrip(".").lower()]
        day_text = m.group("d1") or m.group("d2") or m.group("d5")
        year_text = m.group("y1") or m.group("y2") or m.group("y3") or m.group("y5")
        day = int(day_text) if day_text else None
        year = int(year_text) if year_text else None
        fields = ("y" if year else "") + "m" + ("d" if day else "")
    weekday = m.group("wd")
    if weekday and ("d" not in fields or m.group("m5")):
        return None
    try:
        if year:
            value = datetime.date(year, month, day or 1)
        else:
            value = _year_for(month, day, _WEEKDAYS[weekday.lower()] if weekday else None)
    except ValueError:  # February 30
        return None
    written = None
    if weekday:
        if value.weekday() != _WEEKDAYS[weekday.lower()]:
            written = _WEEKDAYS[weekday.lower()]  # contradicts the year: kept as written, not corrected
        fields += "w"
    until = None
    if m.group("m5"):
        try:
            until = value.replace(day=int(m.group("e5")))
        except ValueError:
            return None
        if until <= value:
            return None
    took_on = bool(m.group("on")) and on_dates and "d" in fields and until is None
    start = m.start() if took_on else m.start("wd") if weekday else _first_group(m)
    return Span(start, m.end(), "date", value, fields, took_on, until, written)


def _day_list(m: re.Match, text: str, on_day_lists: bool = False) -> Span | None:
    """"Aug 17 & 23", "August 17, 23 and 30, 2023": days of one month, in order, each one the month has."""
    days = [int(m.group("d"))] + [int(d) for d in re.findall(r"\d+", m.group("more"))]
    if any(a >= b for a, b in zip(days, days[1:])):
        return None
    after = re.match(r"\s+([^\W\d_]+)", text[m.end():])
    counted = not m.group("y") and "&" not in m.group("more")  # "& 23" is never a count
    if counted and after and after.group(1).islower() and after.group(1) not in _AFTER_LIST:
        return None
    month = _MONTHS[m.group("m").rstrip(".").lower()]
    try:
        value = datetime.date(int(m.group("y")), month, 1) if m.group("y") else _year_for(month, 1, None)
        for day in days:
            value.replace(day=day)
    except ValueError:
        return None
    fields = ("y" if m.group("y") else "") + "md"
    took_on = bool(m.group("on")) and on_day_lists
    return Span(m.start() if took_on else m.start("m"), m.end(), "date", value.replace(day=days[0]), fields,
                took_on, days=tuple(days))


def _lone_months(m: re.Match) -> list[Span]:
    """The month names of "in March", "since April and May": standalone months, never "May I" or "you may"."""
    run = m.start("run")
    return [Span(run + w.start(), run + w.end(), "date", datetime.date(2000, _MONTHS[w.group().lower()], 1), "M")
            for w in _MONTH_WORD.finditer(m.group("run"))]


def _first_group(m: re.Match) -> int:
    return min(m.start(g) for g in ("m1", "d2", "m3", "iso", "m5") if m.group(g))


def _year_for(month: int, day: int | None, weekday: int | None) -> datetime.date:
    """A date of ``month``/``day`` (a year with that day on ``weekday``), for formatting without a year."""
    for year in range(2000, 2040):
        try:
            value = datetime.date(year, month, day or 1)
        except ValueError:
            continue
        if weekday is None or value.weekday() == weekday:
            return value
    raise ValueError(f"no {month}/{day}")


def _time(m: re.Match, at_times: bool) -> Span | None:
    hour, minute, ampm = int(m.group("h")), m.group("min"), m.group("ampm")
    if minute is None and ampm is None:
        return None  # a bare number
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.lower() == "p" else 0)
    two_digits = "2" if not ampm and m.group("h").startswith("0") else ""  # "02:43": the source's 24-hour stamp
    took_at = bool(m.group("at")) and at_times
    return Span(m.start() if took_at else m.start("h"), m.end(), "time", datetime.time(hour, int(minute or 0)),
                two_digits, took_at)


def render(span: Span, lang: str) -> str:
    """``span``'s value as ``lang`` writes it (CLDR, through Babel); with ``on``, the target's word for it first."""
    from babel.dates import format_date, format_interval, format_time
    from babel.lists import format_list
    from babel.numbers import format_decimal

    locale = _locale(lang)
    if span.kind == "number":
        places = int(span.fields or 0)
        return format_decimal(span.value, format="#,##0" + ("." + "0" * places if places else ""), locale=locale)
    if span.kind == "time":
        pattern = locale.time_formats["short"].pattern
        if span.fields and re.fullmatch(r"H:mm", pattern):
            pattern = "HH:mm"  # the source wrote "02:43"; CLDR's "H:mm" allows the two-digit hour
        text = format_time(span.value, pattern, locale=locale)
        if span.on and locale.language in _AT:
            many, one = _AT[locale.language]
            text = f"{one if span.value.hour == 1 else many} {text}"  # "a la 1:30", "a las 13:30"
        return text
    if span.clock is not None:
        return _with_clock(render(dataclasses.replace(span, clock=None), lang), span.clock, lang)
    fields = span.fields
    if fields == "M":
        return locale.months["stand-alone"]["wide"][span.value.month]
    if span.until is not None and "w" in fields:
        return weekday_ranges.render(span.value, span.until, "y" in fields, locale)
    if span.until is not None:
        return format_interval(span.value, span.until, "yMMMMd" if "y" in fields else "MMMMd", locale=locale)
    if set(fields) == set("ymd"):
        pattern = str(locale.date_formats["long"].pattern)
    else:
        skeleton = {"md": "MMMMd", "ym": "yMMMM", "mdw": "MMMMEd", "ymdw": "yMMMMEd"}["".join(sorted(fields, key="ymdw".index))]
        found = locale.datetime_skeletons.get(skeleton)
        pattern = _wide_weekday(str(found.pattern if hasattr(found, "pattern") else found)) if found else None
        pattern = pattern or str(locale.date_formats["long"].pattern)
    if span.weekday is not None:
        pattern = _substitute(pattern, r"E+", locale.days["format"]["wide"][span.weekday])
    piece = re.search(r"(?<![A-Za-z'])d+(?:\.|日)?", _unquoted(pattern)) if span.days else None
    if piece:  # the days joined into the pattern's day field: "17 y 23 de agosto", "8月17日、23日"
        days = [format_date(span.value.replace(day=d), piece.group(), locale=locale) for d in span.days]
        pattern = _substitute(pattern, re.escape(piece.group()), format_list(days, locale=locale))
    if span.days and not piece:  # no day field to join them in: each date in full, never a day dropped
        text = format_list([format_date(span.value.replace(day=d), pattern, locale=locale) for d in span.days],
                           locale=locale)
    else:
        text = format_date(span.value, pattern, locale=locale)
    words = _ON_DAYS if span.days else ON
    if span.on and locale.language in words:
        text = f"{words[locale.language]} {text}"
    return text


def _with_clock(date: str, clock: Span, lang: str) -> str:
    """A rendered date and the clock time after it: "… a las 14:00" where the target has a word for "at"."""
    locale = _locale(lang)
    if locale.language in _AT:
        return f"{date} {render(dataclasses.replace(clock, on=True), lang)}"
    glue = str(locale.datetime_formats["long"]).replace("'", "")  # CLDR's date-time pattern, "{1}, {0}"
    return glue.replace("{1}", date).replace("{0}", render(clock, lang))


@functools.cache
def _locale(lang: str):
    """Babel's locale for ``lang`` (parsed once: each parse looks for its data file)."""
    from babel import Locale

    return Locale.parse(lang.replace("-", "_"))


def _unquoted(pattern: str) -> str:
    """``pattern`` with its quoted literals blanked (same length), so a search finds only pattern fields."""
    return re.sub(r"'[^']*'", lambda q: " " * len(q.group()), pattern)


def _substitute(pattern: str, field: str, text: str) -> str:
    """``pattern`` with the first ``field`` (a regex) outside quoted literals replaced by ``text`` as a literal."""
    found = re.search(field, _unquoted(pattern))
    if not found:
        return pattern
    literal = "'" + text.replace("'", "''") + "'"
    return pattern[:found.start()] + literal + pattern[found.end():]


def _wide_weekday(pattern: str) -> str:
    """A CLDR pattern with its weekday (E, EEE…) written in full (EEEE), quoted literals left alone."""
    parts = re.split(r"('[^']*')", pattern)
    return "".join(p if p.startswith("'") else re.sub(r"E+|c+", "EEEE", p) for p in parts)


def protect(text: str, lang: str, dates: bool = True, numbers: bool = True) -> tuple[str, Callable[[str], str | None]]:
    """``text`` with its data behind placeholders, and ``restore(output)`` putting them back in ``lang``'s form.

    ``restore`` returns None when the engine lost or repeated a placeholder,
    so the caller falls back rather than publish a sentence without its date.
    """
    base = lang.replace("-", "_").partition("_")[0].lower()
    try:
        from babel import UnknownLocaleError

        _locale(lang)
    except (ValueError, LookupError, UnknownLocaleError):
        return text, lambda output: output  # a language CLDR does not know: nothing to render with
    spans = find(text, on_dates=base in ON, dates=dates, numbers=numbers, at_times=base in _AT,
                 on_day_lists=base in _ON_DAYS)
    if not spans:
        return text, lambda output: output
    number = max((tag.number for tag in inline.tags(text)), default=0)
    rendered: dict[int, str] = {}
    after_lower: set[int] = set()  # placeholders the source follows with a lowercase word
    pieces, pos = [], 0
    for span in spans:
        number += 1
        value = render(span, lang)
        if _starts_sentence(text, span.start):
            value = value[:1].upper() + value[1:]
        rendered[number] = value
        following = re.match(r"[\s,]*([^\W\d_])", inline.TAG_RE.sub("", text[span.end:]))
        if following and following.group(1).islower():
            after_lower.add(number)
        pieces += [text[pos:span.start], f"<{number}/>"]
        pos = span.end
    pieces.append(text[pos:])

    def restore(output: str) -> str | None:
        ours = [tag for tag in inline.tags(output) if tag.number in rendered]
        if sorted(tag.number for tag in ours) != sorted(rendered) or any(tag.kind != "empty" for tag in ours):
            return None
        out, at = [], 0
        for tag in ours:
            out += [output[at:tag.start], rendered[tag.number]]
            at = tag.end
            if not inline.TAG_RE.sub("", "".join(out[:-1])).strip() and tag.number in after_lower:
                # The engine took the word after a leading placeholder for a sentence start ("<2/> El anfitrión").
                word = re.match(r"\s*([^\W\d_])([^\W\d_]*)", output[at:])
                if word and word.group(2).islower():
                    i = at + word.start(1)
                    out.append(output[at:i] + output[i].lower())
                    at = i + 1
        out.append(output[at:])
        return "".join(out)

    return "".join(pieces), restore


def _starts_sentence(text: str, start: int) -> bool:
    before = inline.TAG_RE.sub("", text[:start]).rstrip()
    return not before or before[-1] in ".!?:"
