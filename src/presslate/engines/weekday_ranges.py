"""A weekday before a range of days in one month, recognised in English and written in CLDR's interval form.

"Friday–Sunday, June 5–7" and "from Monday 3 to Friday 7 March" name both
ends of a range by weekday and day.  An engine translates them word by word
in the English order; :func:`find` recognises them and :func:`render`
writes them with the target's CLDR interval pattern for a weekday, day and
month ("viernes, 5 de junio – domingo, 7 de junio", "vendredi 5 – dimanche
7 juin", "Freitag, 5. – Sonntag, 7. Juni"), weekday and month in full.

Only what leaves no doubt is recognised: both ends in one month, the first
day before the last, each a day the month has, and weekdays the days
agree with (the same distance apart, and with a year, the year's own
weekdays).  A weekday the year contradicts, a range across months or a
weekday before one end only ("Friday, June 5–7") is left to the engine:
which one the writer got wrong is not ours to guess.  A "from" before a
range that says "to" ("from Monday 3 to Friday 7 March") goes into the
range: the interval's dash says both.
"""

from __future__ import annotations

import calendar
import datetime
import re
from typing import NamedTuple

__all__ = ["WeekdayRange", "find", "render"]

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_WD = r"(?P<{0}>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = (r"(?P<m>January|February|March|April|May|June|July|August|September|October|November|December|"
          r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?)")
_DAY = r"(?P<{0}>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![^\W_])"
_TO = r"\s*(?P<{0}>-|–|—|to|through|till|until)\s*"
_YEAR = r"(?:,?\s+(?P<y>1[5-9]\d\d|2[01]\d\d)(?![^\W_]|-))?"
_RANGE = re.compile(
    r"(?<![^\W_]|[-–—])(?:(?P<from>\b[Ff]rom)\s+)?(?:"
    # "Friday–Sunday, June 5–7", "Friday to Sunday, 5 to 7 June"
    + _WD.format("w1") + _TO.format("t1") + _WD.format("w2") + r",?\s+(?:"
    + _MONTH + r"\s+" + _DAY.format("d1") + _TO.format("t2") + _DAY.format("d2")
    + "|" + _DAY.format("a1") + _TO.format("t3") + _DAY.format("a2") + r"\s+" + _MONTH.replace("?P<m>", "?P<n>") + ")"
    # "Monday 3 to Friday 7 March", "Monday, 3 – Friday, 7 March 2025"
    + "|" + _WD.format("v1") + r",?\s+" + _DAY.format("b1") + _TO.format("t4") + _WD.format("v2") + r",?\s+"
    + _DAY.format("b2") + r"\s+" + _MONTH.replace("?P<m>", "?P<o>")
    + ")" + _YEAR + r"(?!\s*(?:-|–|—|to|through)\s*\d)"
)


class WeekdayRange(NamedTuple):
    """Where a weekday range is in the text, its first and last day, and whether the text gave the year."""

    start: int
    end: int
    first: datetime.date
    last: datetime.date
    year: bool


def find(text: str) -> list[WeekdayRange]:
    """The weekday ranges of English ``text`` whose weekdays and days agree, in order."""
    return [r for m in _RANGE.finditer(text) if (r := _range(m))]


def _range(m: re.Match) -> WeekdayRange | None:
    first_wd, last_wd, first_day, last_day, month = next(
        (m.group(w1), m.group(w2), m.group(d1), m.group(d2), m.group(mo))
        for w1, w2, d1, d2, mo in (("w1", "w2", "d1", "d2", "m"), ("w1", "w2", "a1", "a2", "n"),
                                   ("v1", "v2", "b1", "b2", "o"))
        if m.group(d1))
    first_wd, last_wd = _WEEKDAYS[first_wd.lower()], _WEEKDAYS[last_wd.lower()]
    first_day, last_day = int(first_day), int(last_day)
    month_number = _MONTHS[month.rstrip(".").lower()]
    if first_day >= last_day or (last_day - first_day) % 7 != (last_wd - first_wd) % 7:
        return None  # the weekdays do not fit the days
    years = [int(m.group("y"))] if m.group("y") else range(2000, 2040)
    for year in years:
        try:
            first, last = datetime.date(year, month_number, first_day), datetime.date(year, month_number, last_day)
        except ValueError:  # a day the month does not have (in that year)
            continue
        if first.weekday() == first_wd:
            # "from Monday 3 to Friday 7": the interval's dash says "from … to", so "from" goes with "to";
            # "photos from Friday–Sunday" may mean where they come from: "from" stays with the engine.
            took_from = m.group("from") and (m.group("t1") or m.group("t4")).isalpha()
            return WeekdayRange(m.start() if took_from else m.start("w1") if m.group("w1") else m.start("v1"),
                                m.end(), first, last, bool(m.group("y")))
    return None  # no such day, or a weekday the given year contradicts


def render(first: datetime.date, last: datetime.date, year: bool, locale) -> str:
    """``first``–``last`` (one month) in ``locale``'s CLDR interval pattern for weekday, day, month (and year)."""
    from babel.dates import format_date, format_interval

    skeleton = "yMMMMEd" if year else "MMMMEd"
    formats = locale.interval_formats
    found = formats.get(skeleton) or formats.get(skeleton.replace("MMMM", "MMM"))
    parts = found.get("d") if found else None
    if not parts or len(parts) != 2:
        return format_interval(first, last, skeleton, locale=locale)
    return "".join(format_date(day, _in_full(part), locale=locale) for day, part in zip((first, last), parts))


def _in_full(pattern: str) -> str:
    """A CLDR pattern with its weekday and month names written in full, quoted literals left alone."""
    pieces = re.split(r"('[^']*')", pattern)
    return "".join(p if p.startswith("'") else re.sub(r"(?<!M)M{3}(?!M)", "MMMM", re.sub(r"E+|c+", "EEEE", p))
                   for p in pieces)
