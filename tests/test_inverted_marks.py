"""The ``inverted`` repair rule (issue 27): Spanish questions and exclamations open with ¿ and ¡.

The outputs below are what a word-by-word engine writes (no opening mark); the
rule's guarantee is where the mark goes, never what the engine translated.
"""

from __future__ import annotations

import pytest

from presslate.engines.inverted_marks import fix_inverted
from presslate.engines.repair import DEFAULT_RULES, Repairer


@pytest.mark.parametrize("source, output, expected", [
    ("Why a Champions Program?", "Por qué un programa de campeones?", "¿Por qué un programa de campeones?"),
    ("We launch our pilot!", "Lanzamos nuestro piloto!", "¡Lanzamos nuestro piloto!"),
    ("It works. Why not?", "Funciona. Por qué no?", "Funciona. ¿Por qué no?"),
    ("Ask: is it ready?", "Pregunta: está listo?", "Pregunta: ¿está listo?"),
    ("<1>Why?</1>", "<1>Por qué?</1>", "<1>¿Por qué?</1>"),
    ('He said: "Why not?"', 'Dijo: "Por qué no?"', 'Dijo: "¿Por qué no?"'),
    ("Is it 3.1? Yes!", "Es 3.1? Sí!", "¿Es 3.1? ¡Sí!"),
    ("Why? Because.", "¿Por qué? Porque.", "¿Por qué? Porque."),  # already there: never doubled
])
def test_each_question_and_exclamation_opens_with_its_mark(source, output, expected):
    assert fix_inverted(source, output, "es") == expected


@pytest.mark.parametrize("source, output", [
    ("Visit example.com/?q=1 now.", "Visita example.com/?q=1 ahora."),  # not at a sentence end
    ("Really?!", "De verdad?!"),                                         # both marks: left as written
    ("It is done.", "Está hecho?"),                                      # a mark the engine invented
    ("<2/> works?", "<2/> funciona?"),                                   # it opens with markup, not a word
])
def test_what_is_not_a_plain_question_is_left_alone(source, output):
    assert fix_inverted(source, output, "es") == output


def test_only_languages_that_write_inverted_marks():
    assert fix_inverted("Why?", "Pourquoi ?", "fr") == "Pourquoi ?"
    assert fix_inverted("Why?", "Por quê?", "pt_BR") == "Por quê?"
    assert fix_inverted("Why?", "Por qué?", "es_MX") == "¿Por qué?"


def test_the_rule_is_on_by_default_and_runs_before_spaces():
    assert "inverted" in DEFAULT_RULES
    repaired = Repairer(DEFAULT_RULES, "en", "es", "apertium").repair_batch(["Why not?"], ["Por qué no ?"])
    assert repaired == ["¿Por qué no?"]
    assert Repairer([], "en", "es", "apertium").repair_batch(["Why?"], ["Por qué?"]) == ["Por qué?"]


@pytest.mark.parametrize("source, output, expected", [
    ('We asked, "Were you aware?" Two said no.', 'Preguntamos, "Lo sabías?" Dos dijeron no.',
     'Preguntamos, "¿Lo sabías?" Dos dijeron no.'),                    # the question is the quotation
    ("We asked, “Were you aware?” Two.", "Preguntamos, “Lo sabías?” Dos.", "Preguntamos, “¿Lo sabías?” Dos."),
    ("The form ``'!'`` is network order.", "La forma ``'!'`` es el orden de red.",
     "La forma ``'!'`` es el orden de red."),                           # a mark in code ends nothing
    ("Not pure. By calling it (a prop!), it mutates.", "No es pura. Al llamarla (un prop!), muta.",
     "No es pura. Al llamarla (un prop!), muta."),                      # the sentence goes on after the bracket
])
def test_quotations_code_and_brackets(source, output, expected):
    assert fix_inverted(source, output, "es") == expected
