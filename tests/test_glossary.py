"""Glossary: loading glossary.toml, inflection-aware matching, protecting names from MT."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslate import inline
from presslate.errors import InputError
from presslate.review.glossary import Glossary, Term, for_project, load, parse, protect

ROOT = Path(__file__).resolve().parents[1]

GLOSSARY = parse(
    """
[do_not_translate]
terms = ["Rainbow Railroad", "The Globe and Mail", "Alder River Authority", "Alder River", "Millbrook"]

[[term]]
source = "flood warning"
es = "alerta por inundaciones"

[[term]]
source = "shelter"
es = "albergue"

[[term]]
source = "council"
es = ["ayuntamiento", "concejo"]

[[term]]
source = "crisis"
es = "crisis"
"""
)


# -- loading ------------------------------------------------------------------------


def test_parse_reads_terms_and_names():
    council = GLOSSARY.terms[2]
    assert council == Term("council", {"es": ("ayuntamiento", "concejo")})
    assert GLOSSARY.do_not_translate[0] == "Rainbow Railroad"


def test_language_keys_are_normalized_and_regions_fall_back():
    glossary = parse('[[term]]\nsource = "shelter"\nes = "albergue"\nes-MX = "refugio"\nnote = "emergency"\n')
    term = glossary.terms[0]
    assert term.note == "emergency"
    assert term.for_language("es_MX") == ("refugio",)
    assert term.for_language("es_AR") == ("albergue",)
    assert term.for_language("fr") == ()


def test_example_glossary_of_the_project_loads():
    glossary = for_project(ROOT)
    assert "Rainbow Railroad" in glossary.do_not_translate
    assert any(t.source == "flood warning" and t.for_language("es") == ("alerta por inundaciones",)
               for t in glossary.terms)


def test_project_without_glossary_gets_an_empty_one(tmp_path):
    assert for_project(tmp_path) == Glossary()


@pytest.mark.parametrize(
    "text, line, message",
    [
        ('[[term]]\nsource = "a"\nes = \n', 3, "invalid TOML"),
        ('[terms]\nsource = "a"\n', 1, "unknown section 'terms'"),
        ('[[term]]\nes = "albergue"\n', 1, "needs source"),
        ('[[term]]\nsource = "shelter"\nzz-top = "x"\n', 3, "unknown key 'zz-top'"),
        ('[[term]]\nsource = "shelter"\nes = 3\n', 3, "es must be a translation"),
        ('[[term]]\nsource = "shelter"\nes = []\n', 3, "es must be a translation"),
        ('[[term]]\nsource = "shelter"\nnote = "x"\n', 1, "gives no translation"),
        ('[[term]]\nsource = "shelter"\nes = "a"\n\n[[term]]\nsource = "Shelter"\nes = "b"\n', 6,
         "defined twice (first at line 1)"),
        ('[do_not_translate]\nterms = ["Millbrook"]\n\n[[term]]\nsource = "millbrook"\nes = "x"\n', 5,
         "also a do_not_translate term"),
        ('[do_not_translate]\nterms = "Millbrook"\n', 2, "must be a list"),
        ('[do_not_translate]\nterms = ["Millbrook", 3]\n', 2, "non-empty strings"),
        ('[do_not_translate]\nterms = [\n  "Millbrook",\n  "Millbrook",\n]\n', 3, "listed twice"),
        ('[do_not_translate]\nterms = [\n  "Rainbow  Railroad",\n]\n', 3, "single spaces"),
        ('[do_not_translate]\nnames = ["Millbrook"]\n', 2, "unknown key 'names'"),
        ('term = "shelter"\n', 1, "[[term]] tables"),
    ],
)
def test_errors_name_the_line(text, line, message):
    with pytest.raises(InputError) as info:
        parse(text, "glossary.toml")
    assert info.value.path == "glossary.toml"
    assert info.value.line == line
    assert message in info.value.message


def test_invalid_utf8_is_an_input_error(tmp_path):
    path = tmp_path / "glossary.toml"
    path.write_bytes(b'[[term]]\nsource = "caf\xe9"\n')
    with pytest.raises(InputError) as info:
        load(path)
    assert info.value.line == 2


# -- matching ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, phrase, lang",
    [
        ("Shelters open tonight", "shelter", "en"),
        ("The city's shelters are full.", "shelter", "en"),
        ("Two crises at once.", "crisis", "en"),
        ("Several cities flooded.", "city", "en"),
        ("Both councils met.", "council", "en"),
        ("Flood warnings were issued.", "flood warning", "en"),
        ("A flood\nwarning was issued.", "flood warning", "en"),
        ("Albergues abiertos esta noche", "albergue", "es"),
        ("Los ayuntamientos de la zona", "ayuntamiento", "es"),
        ("El Ayuntamiento aprobó el plan.", "ayuntamiento", "es"),
        ("Alertas por inundaciones en el valle", "alerta por inundaciones", "es"),
        ("Las luces del puerto", "luz", "es"),
        ("Dos crisis a la vez", "crisis", "es"),
        ("Check the <1>shelter</1> list.", "shelter", "en"),
    ],
)
def test_matching_ignores_case_accents_and_plurals(text, phrase, lang):
    assert GLOSSARY.contains(text, phrase, lang)


@pytest.mark.parametrize(
    "text, phrase, lang",
    [
        ("Councillor Priya Nair", "council", "en"),  # another word
        ("People are sheltering at home.", "shelter", "en"),  # a verb form
        ("The warning about the flood", "flood warning", "en"),  # another phrase
        ("Albergar a los vecinos", "albergue", "es"),
        ("Alerta por inundación", "alerta por inundaciones", "es"),  # plurals are added, never removed
    ],
)
def test_matching_keeps_to_whole_words_and_plural_forms(text, phrase, lang):
    assert not GLOSSARY.contains(text, phrase, lang)


def test_names_keep_their_case_except_the_first_letter():
    assert [name for _, _, name in GLOSSARY.names_in("Read the Globe and Mail today.")] == ["The Globe and Mail"]
    assert GLOSSARY.names_in("Read the globe and mail today.") == []
    assert GLOSSARY.names_in("Ferrocarril de Arco iris") == []


def test_longest_name_wins_and_names_span_line_breaks():
    text = "The Alder River\nAuthority and the Alder River."
    assert [(text[a:b], name) for a, b, name in GLOSSARY.names_in(text)] == [
        ("Alder River\nAuthority", "Alder River Authority"),
        ("Alder River", "Alder River"),
    ]


def test_terms_inside_names_do_not_count():
    glossary = parse('[do_not_translate]\nterms = ["Millbrook Town Council"]\n\n'
                     '[[term]]\nsource = "council"\nes = "ayuntamiento"\n')
    assert glossary.terms_in("The Millbrook Town Council met.", "en") == []
    assert glossary.terms_in("The council met.", "en") == [glossary.terms[0]]


# -- protecting names from machine translation --------------------------------------------


def apertium_like(text: str) -> str:
    """A stand-in engine that translates names word by word and keeps placeholders."""
    for english, spanish in (("Rainbow Railroad", "Ferrocarril de Arco iris"), ("helps", "ayuda"),
                             ("people", "gente"), ("near", "cerca de"), ("live", "en directo")):
        text = text.replace(english, spanish)
    return text


def test_protect_numbers_tags_after_the_existing_ones_and_restores_the_names():
    text = "Rainbow Railroad helps people near <1>Millbrook</1> and <2/>; ask Rainbow Railroad."
    protected, restore = protect(text, GLOSSARY)
    assert protected == "<3/> helps people near <1><4/></1> and <2/>; ask <5/>."
    output = apertium_like(protected)
    assert output == "<3/> ayuda gente cerca de <1><4/></1> and <2/>; ask <5/>."
    assert restore(output) == "Rainbow Railroad ayuda gente cerca de <1>Millbrook</1> and <2/>; ask Rainbow Railroad."
    assert apertium_like(text).startswith("Ferrocarril de Arco iris")  # what protection prevents


def test_restore_allows_reordered_tags_and_keeps_the_original_spelling():
    protected, restore = protect("Millbrook and the Alder River\nAuthority", GLOSSARY)
    assert protected == "<1/> and the <2/>"
    assert restore("la <2/> y <1/>") == "la Alder River\nAuthority y Millbrook"
    assert inline.markup_problems("la <2/> y <1/>", "la <2/> y <1/>") == []


@pytest.mark.parametrize("output", ["<1/> ayuda a la gente", "<1/> <2/> <2/>", "<1/> y <2>x</2>", "<1/> y < 2/>"])
def test_restore_gives_none_when_a_protection_tag_is_lost_or_changed(output):
    _, restore = protect("Millbrook and Rainbow Railroad", GLOSSARY)
    assert restore(output) is None


def test_text_without_names_is_left_alone():
    protected, restore = protect("Shelters open <1>tonight</1>.", GLOSSARY)
    assert protected == "Shelters open <1>tonight</1>."
    assert restore("Albergues abiertos <1>esta noche</1>.") == "Albergues abiertos <1>esta noche</1>."
