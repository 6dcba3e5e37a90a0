"""Dates, times and numbers as data: recognised in English, rendered in the target's CLDR form (engines.data_spans)."""

from __future__ import annotations

import datetime
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
