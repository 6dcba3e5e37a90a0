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
    "in May and June",  # a month alone is not a date
    "February 30, 2020",  # no such day
    "Friday, December 6, 2025",  # the weekday contradicts the year: not ours to correct
    "July 17 to 9",  # not a range of days
    "Aug 17 & 23",
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
    assert out == "Since junio de 2017, over 80.000 people met el viernes, 5 de diciembre at 14:30."


def test_a_language_cldr_does_not_know_gets_the_text_as_it_is():
    protected, restore = protect("on September 4, 2018", "xx")
    assert protected == "on September 4, 2018"


def test_only_dates_or_only_numbers():
    assert protect("On May 3, 2020, 1,500 people", "es", dates=False)[0] == "On May 3, 2020, <1/> people"
    assert protect("On May 3, 2020, 1,500 people", "es", numbers=False)[0] == "<1/>, 1,500 people"
