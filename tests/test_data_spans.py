"""Dates, times and numbers as data: recognised in English, rendered in the target's CLDR form (engines.data_spans)."""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal

import pytest

from presslate.engines.data_spans import find, protect, render


def _through(text: str, lang: str, engine=lambda s: s) -> str | None:
    protected, restore = protect(text, lang)
    return restore(engine(protected))


# -- recognition -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, value, fields", [
    ("September 4, 2018", datetime.date(2018, 9, 4), "ymd"),
    ("Sept. 4, 2018", datetime.date(2018, 9, 4), "ymd"),
    ("Sep 4 2018", datetime.date(2018, 9, 4), "ymd"),
    ("4 September 2018", datetime.date(2018, 9, 4), "ymd"),
    ("4th September, 2018", datetime.date(2018, 9, 4), "ymd"),
    ("2018-09-04", datetime.date(2018, 9, 4), "ymd"),
    ("June 2017", datetime.date(2017, 6, 1), "ym"),
    ("July 30th", None, "md"),
    ("Friday, December 5", None, "mdw"),
    ("Tuesday, 25 July 2023", datetime.date(2023, 7, 25), "ymdw"),
])
def test_dates_are_recognised(text, value, fields):
    (span,) = find(f"It was {text} then.")
    assert span.kind == "date" and span.fields == fields
    if value:
        assert span.value == value
    assert f"It was {text} then."[span.start:span.end] == text


@pytest.mark.parametrize("text", [
    "Linux 2.6.8 and Debian 3.1",  # versions, not decimals
    "CVE-2006-2451",
    "You may 5 times",  # "may" is not a month here
    "May and June were warm",  # a month alone, without a preposition before it, is not a date
    "you may come in May I think",  # "May I" may be a question
    "a letter by May Smith",  # a name
    "February 30, 2020",  # no such day
    "July 17 to 9",  # not a range of days
    "Aug 17 & 23 to 25",  # a list running into a range
    "Aug 23 & 17",  # not in order
    "Feb 17 & 30",  # a day the month does not have
    "the 3 of us, 10 items",
    "version 2018-13-01",
    "call 555-1234",
])
def test_ambiguous_or_invalid_forms_are_left_alone(text):
    dates = [s for s in find(text) if s.kind == "date"]
    assert dates == []
    protected, restore = protect(text, "es")
    if not find(text):
        assert protected == text and restore(text) == text


@pytest.mark.parametrize("lang, expected", [("es", "from 9–17 de julio at"), ("fr", "from 9\u2009–\u200917 juillet at"),
                                            ("de", "from 9.–17. Juli at"), ("pt_BR", "from 9–17 de julho at")])
def test_a_range_of_days_gets_the_cldr_interval_form(lang, expected):
    assert _through("from July 9th to 17th at", lang) == expected
    assert _through("from July 9 to 17, 2005", "es") == "from 9–17 de julio de 2005"


def test_times_and_numbers_are_recognised():
    spans = find("At 02:43 UTC and 5 p.m. and 2:30pm we paid $6,000, 1,234.5 items, 4.5% and 3.5 million.")
    got = [(s.kind, s.value) for s in spans]
    assert got == [("time", datetime.time(2, 43)), ("time", datetime.time(17, 0)), ("time", datetime.time(14, 30)),
                   ("number", Decimal("6000")), ("number", Decimal("1234.5")), ("number", Decimal("4.5")),
                   ("number", Decimal("3.5"))]


def test_bare_numbers_years_and_list_digits_are_not_numbers_to_render():
    assert find("In 2018 there were 50 of them, 1,2,3 and 12,34.") == []


# -- rendering per locale ----------------------------------------------------------------------------------

CASES = {
    "September 4, 2018": {"es": "4 de septiembre de 2018", "fr": "4 septembre 2018", "de": "4. September 2018",
                          "pt_BR": "4 de setembro de 2018"},
    "June 2017": {"es": "junio de 2017", "fr": "juin 2017", "de": "Juni 2017", "pt_BR": "junho de 2017"},
    "Friday, December 5": {"es": "viernes, 5 de diciembre", "fr": "vendredi 5 décembre", "de": "Freitag, 5. Dezember",
                           "pt_BR": "sexta-feira, 5 de dezembro"},
    "Sept. 4": {"es": "4 de septiembre", "fr": "4 septembre", "de": "4. September", "pt_BR": "4 de setembro"},
    "Monday, Sep 4, 2023": {"es": "lunes, 4 de septiembre de 2023", "fr": "lundi 4 septembre 2023",
                            "de": "Montag, 4. September 2023", "pt_BR": "segunda-feira, 4 de setembro de 2023"},
    "80,000": {"es": "80.000", "fr": "80\u202f000", "de": "80.000", "pt_BR": "80.000"},
    "1,234.50": {"es": "1.234,50", "fr": "1\u202f234,50", "de": "1.234,50", "pt_BR": "1.234,50"},
    "2:30 pm": {"es": "14:30", "fr": "14:30", "de": "14:30", "pt_BR": "14:30"},
}


@pytest.mark.parametrize("lang", ["es", "fr", "de", "pt_BR"])
@pytest.mark.parametrize("english", list(CASES))
def test_rendered_in_the_targets_cldr_form(english, lang):
    assert _through(f"It was {english} here", lang) == f"It was {CASES[english][lang]} here"


@pytest.mark.parametrize("lang, expected", [("es", "Murió el 30 de julio en Múnich"), ("fr", "Murió le 30 juillet en Múnich"),
                                            ("de", "Murió am 30. Juli en Múnich"), ("pt_BR", "Murió on 30 de julho en Múnich")])
def test_on_before_a_day_becomes_the_targets_word(lang, expected):
    def engine(text):  # what an engine does around the placeholder
        return text.replace("He died", "Murió").replace(" in Munich", " en Múnich")

    assert _through("He died on July 30th in Munich", lang, engine) == expected


def test_a_date_that_starts_the_sentence_gets_a_capital_and_the_engines_capital_after_it_goes():
    protected, restore = protect("On July 12th the host was compromised.", "es")
    assert protected == "<1/> the host was compromised."
    # the engine takes the word after a leading placeholder for a sentence start
    assert restore("<1/> El anfitrión era comprometido.") == "El 12 de julio el anfitrión era comprometido."


def test_render_needs_no_engine():
    (span,) = find("on 2018-09-04", on_dates=True)
    assert render(span, "es") == "el 4 de septiembre de 2018"


# -- guarantees --------------------------------------------------------------------------------------------


def test_placeholders_follow_the_texts_own_tags():
    protected, restore = protect("<1>Released</1> on September 4, 2018 by <2/>", "es")
    assert protected == "<1>Released</1> <3/> by <2/>"
    assert restore("<1>Publicado</1> <3/> por <2/>") == "<1>Publicado</1> el 4 de septiembre de 2018 por <2/>"


@pytest.mark.parametrize("output", ["Publicado por nadie", "Publicado <1/> y <1/>", "Publicado <1>x</1>"])
def test_a_lost_or_repeated_placeholder_is_never_published(output):
    protected, restore = protect("Released on September 4, 2018", "es")
    assert protected == "Released <1/>"
    assert restore(output) is None


def test_text_without_data_is_returned_unchanged():
    text = "Debian 3.1 \"sarge\" ships Linux 2.6.8, GNOME 2.8 and 11 architectures."
    protected, restore = protect(text, "es")
    assert protected == text and restore("lo que sea") == "lo que sea"


def test_nothing_but_the_data_changes():
    text = "Since June 2017, over 80,000 people met on Friday, December 5 at 14:30."
    out = _through(text, "es")
    assert out == "Since junio de 2017, over 80.000 people met el viernes, 5 de diciembre a las 14:30."


def test_a_language_cldr_does_not_know_gets_the_text_as_it_is():
    protected, restore = protect("on September 4, 2018", "xx")
    assert protected == "on September 4, 2018"


def test_only_dates_or_only_numbers():
    assert protect("On May 3, 2020, 1,500 people", "es", dates=False)[0] == "On May 3, 2020, <1/> people"
    assert protect("On May 3, 2020, 1,500 people", "es", numbers=False)[0] == "<1/>, 1,500 people"


# -- a weekday the date does not have, lists of days, "at" before a time, a month alone --------------------


@pytest.mark.parametrize("lang, expected", [
    ("es", "before viernes, 7 de noviembre de 2022."), ("fr", "before vendredi 7 novembre 2022."),
    ("de", "before Freitag, 7. November 2022."), ("pt_BR", "before sexta-feira, 7 de novembro de 2022."),
])
def test_a_weekday_the_date_contradicts_is_kept_as_written_and_the_date_rendered(lang, expected):
    # Nov 7, 2022 was a Monday: a translator keeps what the source says, in the target's order.
    assert _through("before Friday, Nov 7, 2022.", lang) == expected
    (span,) = find("Friday, Nov 7, 2022")
    assert span.value == datetime.date(2022, 11, 7) and span.weekday == 4


@pytest.mark.parametrize("lang, expected", [
    ("es", "El viernes, 7 de noviembre de 2022 cerró"), ("fr", "Le vendredi 7 novembre 2022 cerró"),
    ("de", "Am Freitag, 7. November 2022 cerró"),
])
def test_a_contradicted_weekday_in_the_day_month_order_and_after_on(lang, expected):
    assert _through("On Friday, 7 November 2022 cerró", lang) == expected


LISTS = {
    "Aug 17 & 23": {"es": "17 y 23 de agosto", "fr": "17 et 23 août", "de": "17. und 23. August",
                    "pt_BR": "17 e 23 de agosto"},
    "August 17 and 23": {"es": "17 y 23 de agosto", "fr": "17 et 23 août", "de": "17. und 23. August",
                         "pt_BR": "17 e 23 de agosto"},
    "Aug 17, 23 and 30": {"es": "17, 23 y 30 de agosto", "fr": "17, 23 et 30 août", "de": "17., 23. und 30. August",
                          "pt_BR": "17, 23 e 30 de agosto"},
    "Sept. 3rd & 4th, 2024": {"es": "3 y 4 de septiembre de 2024", "fr": "3 et 4 septembre 2024",
                              "de": "3. und 4. September 2024", "pt_BR": "3 e 4 de setembro de 2024"},
}


@pytest.mark.parametrize("lang", ["es", "fr", "de", "pt_BR"])
@pytest.mark.parametrize("english", list(LISTS))
def test_a_list_of_days_in_one_month_gets_the_targets_list_and_date_form(english, lang):
    assert _through(f"Clinics: {english} at noon", lang) == f"Clinics: {LISTS[english][lang]} at noon"


def test_and_before_a_count_is_not_a_list_of_days():
    assert [s.value for s in find("On August 17 and 23 people came.")] == []
    assert _through("On August 17 and 23 people came.", "es") == "On August 17 and 23 people came."


@pytest.mark.parametrize("lang, expected", [
    ("es", "Met a las 14:00 and a la 01:30 UTC"), ("fr", "Met à 14:00 and à 01:30 UTC"),
    ("de", "Met um 14:00 and um 01:30 UTC"), ("pt_BR", "Met às 14:00 and à 01:30 UTC"),
])
def test_at_before_a_clock_time_becomes_the_targets_word(lang, expected):
    assert _through("Met at 2 pm and at 01:30 UTC", lang) == expected


def test_a_time_at_the_sentence_start_with_at_gets_a_capital():
    assert _through("At 02:43 UTC the host", "es") == "A las 02:43 UTC the host"


@pytest.mark.parametrize("english, lang, expected", [
    ("02:43", "es", "02:43"),  # the source's two-digit hour, which CLDR's H:mm allows
    ("2:43", "es", "2:43"),
    ("9:05", "fr", "09:05"),  # CLDR's HH:mm
    ("2:43 pm", "es", "14:43"),
    ("02:43", "de", "02:43"),
])
def test_the_sources_two_digit_hour_is_kept_where_cldr_allows(english, lang, expected):
    assert _through(f"logs {english} UTC", lang) == f"logs {expected} UTC"


@pytest.mark.parametrize("lang, expected", [
    ("es", "It starts in marzo, ran since abril and mayo, ends by diciembre."),
    ("fr", "It starts in mars, ran since avril and mai, ends by décembre."),
    ("de", "It starts in März, ran since April and Mai, ends by Dezember."),
    ("pt_BR", "It starts in março, ran since abril and maio, ends by dezembro."),
])
def test_a_month_alone_after_a_preposition_gets_the_cldr_standalone_name(lang, expected):
    assert _through("It starts in March, ran since April and May, ends by December.", lang) == expected


@pytest.mark.parametrize("text", ["You may go in May I think.", "May I come?", "Early March 2020 and late May 3 came.",
                                  "a talk by May's team", "in March of Dimes"])
def test_may_the_verb_and_months_with_a_day_or_year_are_not_a_lone_month(text):
    assert all(s.fields != "M" for s in find(text))


# -- a clock time right after a date, "on" before a list of days, a weekday before a range of days ---------


@pytest.mark.parametrize("lang, expected", [
    ("es", "Call el martes, 25 de julio de 2023 a las 14:00 UTC and"),
    ("fr", "Call le mardi 25 juillet 2023 à 14:00 UTC and"),
    ("de", "Call am Dienstag, 25. Juli 2023 um 14:00 UTC and"),
    ("pt_BR", "Call on terça-feira, 25 de julho de 2023 às 14:00 UTC and"),  # no word for "on" in pt: the engine's
])
def test_a_clock_time_right_after_a_date_gets_the_targets_word_for_at(lang, expected):
    assert _through("Call on Tuesday, 25 July 2023 14:00 UTC and", lang) == expected


@pytest.mark.parametrize("english, lang, expected", [
    ("Sept. 4, 2018 02:43 UTC", "es", "4 de septiembre de 2018 a las 02:43 UTC"),  # the source's two-digit hour
    ("Sept. 4, 2018 2:43 UTC", "es", "4 de septiembre de 2018 a las 2:43 UTC"),
    ("Sept. 4, 2018, 01:30 UTC", "es", "4 de septiembre de 2018 a la 01:30 UTC"),  # one o'clock: singular
    ("Sept. 4, 2018 2:43 pm EDT", "de", "4. September 2018 um 14:43 EDT"),  # the time zone as written
    ("Sept. 4 9:05 CET", "fr", "4 septembre à 09:05 CET"),
    ("Sept. 4 9:05 CET", "pt_BR", "4 de setembro às 09:05 CET"),
])
def test_a_date_and_its_time_keep_the_hour_rule_and_the_zone_as_written(english, lang, expected):
    protected, restore = protect(f"Due {english} sharp", lang)
    assert protected.count("/>") == 1  # one placeholder: the engine cannot put words between date and time
    assert restore(protected) == f"Due {expected} sharp"


def test_a_language_without_a_word_for_at_gets_cldrs_date_time_pattern():
    # Italian's CLDR long date-time pattern is "{1} {0}"; Japanese's too.
    assert _through("Due Sept. 4, 2018 14:00 UTC", "it") == "Due 4 settembre 2018 14:00 UTC"
    assert _through("Due Sept. 4, 2018 14:00 UTC", "ja") == "Due 2018年9月4日 14:00 UTC"


@pytest.mark.parametrize("text", [
    "in June 2017 14:00 people came",  # no day: a year and a count
    "from July 9 to 17 14:30",  # a range of days: the time stays apart
    "on July 12 and 14:30",
    "on July 12, 14:30–16:00",  # a span of hours: "a las" / "um" would not fit it
    "on July 12 14:30 to 16:00",
])
def test_a_time_joins_only_a_single_dated_day_right_before_it(text):
    assert "time" in [s.kind for s in find(text, on_dates=True, at_times=True)]  # the time stays apart


@pytest.mark.parametrize("lang, expected", [
    ("es", "Clinics los 17 y 23 de agosto at noon"), ("fr", "Clinics les 17 et 23 août at noon"),
    ("de", "Clinics am 17. und 23. August at noon"),
    ("pt_BR", "Clinics on 17 e 23 de agosto at noon"),  # as for one day: "on" stays with the engine in pt
])
def test_on_before_a_list_of_days_becomes_the_targets_plural(lang, expected):
    assert _through("Clinics on Aug 17 & 23 at noon", lang) == expected


@pytest.mark.parametrize("lang, expected", [
    ("es", "Los 17, 23 y 30 de agosto de 2024, we met"), ("fr", "Les 17, 23 et 30 août 2024, we met"),
    ("de", "Am 17., 23. und 30. August 2024, we met"), ("pt_BR", "On 17, 23 e 30 de agosto de 2024, we met"),
])
def test_on_before_a_list_of_days_at_the_sentence_start(lang, expected):
    assert _through("On August 17, 23 and 30, 2024, we met", lang) == expected


@pytest.mark.parametrize("english, expected", [
    ("Meet on July 12 and 14:30 sharp", "Meet on July 12 and 14:30 sharp"),  # never "12 y 14 de julio:30"
    ("Due Aug 17 & 23.5 percent", "Due Aug 17 & 23,5 percent"),  # never "17 y 23 de agosto.5"
])
def test_a_list_of_days_never_takes_the_hour_of_a_time_or_a_decimal(english, expected):
    assert _through(english, "es") == expected


def test_on_before_a_list_that_is_a_count_stays_with_the_engine():
    assert _through("On August 17 and 23 people came.", "es") == "On August 17 and 23 people came."


WEEKDAY_RANGES = {
    "Friday–Sunday, June 5–7": {
        "es": "viernes, 5 de junio\u2009–\u2009domingo, 7 de junio", "fr": "vendredi 5\u2009–\u2009dimanche 7 juin",
        "de": "Freitag, 5.\u2009–\u2009Sonntag, 7. Juni",
        "pt_BR": "sexta-feira, 5 de junho\u2009–\u2009domingo, 7 de junho"},
    "Monday 3 to Friday 7 March": {
        "es": "lunes, 3 de marzo\u2009–\u2009viernes, 7 de marzo", "fr": "lundi 3\u2009–\u2009vendredi 7 mars",
        "de": "Montag, 3.\u2009–\u2009Freitag, 7. März",
        "pt_BR": "segunda-feira, 3 de março\u2009–\u2009sexta-feira, 7 de março"},
    "Friday to Sunday, 5 to 7 June 2026": {
        "es": "viernes, 5 de junio\u2009–\u2009domingo, 7 de junio de 2026",
        "fr": "vendredi 5\u2009–\u2009dimanche 7 juin 2026", "de": "Freitag, 5.\u2009–\u2009Sonntag, 7. Juni 2026",
        "pt_BR": "sexta-feira, 5 de junho\u2009–\u2009domingo, 7 de junho de 2026"},
}


@pytest.mark.parametrize("lang", ["es", "fr", "de", "pt_BR"])
@pytest.mark.parametrize("english", list(WEEKDAY_RANGES))
def test_a_weekday_before_a_range_of_days_gets_cldrs_interval_form(english, lang):
    protected, restore = protect(f"open {english} daily", lang)
    assert protected == "open <1/> daily"
    assert restore(protected) == f"open {WEEKDAY_RANGES[english][lang]} daily"


@pytest.mark.parametrize("english, protected", [
    ("open from Monday 3 to Friday 7 March daily", "open <1/> daily"),  # "from … to": the interval's dash
    ("From Friday to Sunday, June 5 to 7, we play", "<1/>, we play"),
    ("photos from Friday–Sunday, June 5–7 here", "photos from <1/> here"),  # "from" may say where they come from
])
def test_from_goes_into_a_weekday_range_only_with_its_to(english, protected):
    assert protect(english, "es")[0] == protected
    assert _through("From Friday to Sunday, June 5 to 7, we play", "es") == \
        "Viernes, 5 de junio\u2009–\u2009domingo, 7 de junio, we play"


@pytest.mark.parametrize("text", [
    "Friday–Sunday, June 5–8",  # three days apart, two weekdays apart
    "Friday–Sunday, June 5–7, 2025",  # June 5, 2025 was a Thursday: which is wrong is not ours to guess
    "Friday, June 5–7",  # a weekday before one end only
    "Sunday–Friday, June 7–5",  # backwards
    "Saturday–Monday, Feb 29–31",  # no such days
    "Monday 30 to Wednesday 1 June",  # across months
])
def test_a_weekday_range_that_does_not_add_up_is_left_to_the_engine(text):
    assert all(s.until is None for s in find(f"open {text} daily"))
    protected, restore = protect(f"open {text} daily", "es")
    first_weekday = text.split()[0].rstrip(",").split("–")[0]
    assert protected.startswith(f"open {first_weekday}")  # "Wednesday 1 June" alone may still be a date


@pytest.mark.parametrize("lang, expected", [("ja", "8月17日、23日"), ("zh", "8月17日和23日"), ("yue", "8月17日同23日")])
def test_a_list_of_days_keeps_every_day_where_the_day_field_follows_a_letter(lang, expected):
    # CJK patterns ("M月d日") have no space before the day: the day field is still found, no day dropped.
    assert _through("Clinics Aug 17 & 23 at noon", lang) == f"Clinics {expected} at noon"


def _numbers(text: str) -> set[int]:
    """The numbers ``text`` writes, in any script's digits."""
    return {int("".join(str(unicodedata.digit(c)) for c in run)) for run in re.findall(r"\d+", text)}


@pytest.mark.parametrize("english, numbers", [
    ("on Aug 17 & 23", [{17}, {23}]),
    ("Friday–Sunday, June 5–7", [{5}, {7}]),
    ("on Tuesday, 25 July 2023 14:00 UTC", [{25}, {2023}, {14, 2}, {0}]),  # 14:00 or 2:00 PM
])
def test_no_locale_drops_a_day_or_the_time(english, numbers):
    from babel import localedata

    dropped = []
    for lang in localedata.locale_identifiers():
        out = _numbers(_through(english, lang))
        if not all(out & wanted for wanted in numbers):
            dropped.append((lang, _through(english, lang)))
    assert dropped == []
