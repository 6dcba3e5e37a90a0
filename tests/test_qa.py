"""Quality checks: a failing and a passing sample for every check, flags, settings, files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from presslate import inline
from presslate.catalog.pofile import PoFile
from presslate.errors import ConfigError
from presslate.review import qa
from presslate.review.glossary import for_project, parse

ROOT = Path(__file__).resolve().parents[1]
TEXT = {"fmt": "text"}  # a plain-text article: the Markdown rules of build do not apply
GLOSSARY = parse(
    """
[do_not_translate]
terms = ["Rainbow Railroad", "The Globe and Mail", "Millbrook"]

[[term]]
source = "flood warning"
es = "alerta por inundaciones"

[[term]]
source = "shelter"
es = "albergue"

[[term]]
source = "council"
es = ["ayuntamiento", "concejo"]
"""
)

# (check, msgid, msgstr, options): each must report ``check``.
FAILING = [
    ("untranslated", "Leave early if you can.", "", {}),
    ("fuzzy", "Leave early if you can.", "Salga pronto.", {"flags": ["fuzzy"]}),
    ("markup", "Check the <1>live river gauge</1>.", "Consulte el medidor del río.", {}),
    ("markup", "Run <2/> now.", "Ejecute <2/> <2/> ya.", {}),
    ("markup", "Read <1>this</1> and <2>that</2>.", "Lea <1>esto y <2>aquello</1></2>.", {}),
    ("markup", "Call *211* now.", "Llame al *211 ya.", {}),
    # Raw links reach a msgid in plain-text articles; in Markdown, markup reports added ones.
    ("links", "See [the map](https://example.org/map).", "Vea [el mapa](https://example.org/mapa).", TEXT),
    ("links", "The [PDF][plan] is online.", "El [PDF][plano] está en línea.", TEXT),
    ("urls", "Data at https://example.org/api/v2.", "Datos en https://example.org/api/v1.", {}),
    ("urls", "Write to news@example.org.", "Escriba a noticias@example.org.", {}),
    ("urls", "See the site.", "Vea el sitio www.example.com.", {}),
    ("urls", "Read <https://example.org/a>.", "Lea <https://example.org/b>.", TEXT),
    ("unsafe-markup", "Open the report.", "Abra el informe: javascript:alert(1)", TEXT),
    ("unsafe-markup", "Open the report.", "Abra jav&#x61;script:alert(1)", TEXT),
    ("unsafe-markup", "Open the report.", "Abra data:text/html;base64,PHNjcmlwdD4=", TEXT),
    ("numbers", "It will crest near 6.4 metres.", "Alcanzará cerca de 4,6 metros.", {}),
    ("numbers", "About 3,200 people left.", "Se fueron unas 3,200 personas.", {}),
    ("numbers", "Update at 6 p.m. on Friday.", "Actualización el viernes a las 19:00.", {}),
    ("numbers", "Call *211*.", "Llame al *112*.", {}),
    ("numbers", "Beds: 120", "Camas: 120 o 80", {}),
    ("numbers", "Rates rose 1.5%.", "Las tasas subieron 1.500 %.", {}),
    ("do-not-translate", "Rainbow Railroad helps people.", "Ferrocarril de Arco iris ayuda a la gente.", {}),
    ("do-not-translate", "Read The Globe and Mail.", "Lea el Globo y Correo.", {}),
    ("glossary", "Shelters open tonight", "Refugios abiertos esta noche", {}),
    ("glossary", "A flood warning was issued.", "Se emitió una alerta de inundación.", {}),
    ("glossary", "The council met.", "El consejo se reunió.", {}),
    ("unchanged", "Keep a bag ready.", "Keep a bag ready.", {}),
    ("unchanged", "Community hall", "Community hall", {}),
    ("whitespace", "Hello world today.", " Hola mundo hoy.", {}),
    ("whitespace", "Line one\n", "Línea uno", {}),
    ("end-punctuation", '"Do not wait."', "«No esperen»", {}),
    ("end-punctuation", "Leave early.", "Salga pronto:", {}),
    ("end-punctuation", "Is it safe?", "Es seguro?", {}),
    ("end-punctuation", "Leave now!", "Salgan ya!", {}),
    ("doubled-words", "The shelter is open.", "El albergue está está abierto.", {}),
    ("doubled-words", "Check the <1>map</1>.", "Consulte el <1>el mapa</1>.", {}),
    ("sentence-count", "Rain. More rain tomorrow.", "Lluvia y más lluvia mañana.", {}),
    ("sentence-count", "Leave early.", "Salga pronto. No espere.", {}),
    ("length", "Water levels can rise faster than forecasts suggest.", "Sube.", {}),
    ("length", "Leave early if you can.", "Si puede, salga con mucha antelación, antes de que sea tarde.",
     {"settings": qa.Settings(length_ratio=(0.5, 2.0))}),
]

# (check, msgid, msgstr, options): none may report ``check``.
PASSING = [
    ("untranslated", "Leave early if you can.", "Si puede, salga con antelación.", {}),
    ("fuzzy", "Leave early if you can.", "Si puede, salga con antelación.", {"flags": ["no-wrap"]}),
    ("markup", "Check the <1>live river gauge</1> before travelling.",
     "Consulte el <1>medidor del río en directo</1> antes de desplazarse.", {}),
    ("markup", "Read <1>this</1> and run <2/>.", "Ejecute <2/> y lea <1>esto</1>.", {}),
    ("markup", "The Alder River Authority raised its alert to **level 3** on Friday morning.",
     "La autoridad elevó la alerta al **nivel 3** el viernes por la mañana.", {}),
    ("links", "See [the map](https://example.org/map).", "Vea [el mapa](https://example.org/map).", TEXT),
    ("links", "See [a](/a) and [b](/b).", "Vea [b](/b) y [a](/a).", TEXT),
    ("urls", "Data at https://example.org/api/v2.", "Datos en https://example.org/api/v2.", {}),
    ("urls", "Write to news@example.org (or tips@example.org).",
     "Escriba a tips@example.org o a news@example.org.", {}),
    ("unsafe-markup", "Press <kbd>Ctrl</kbd>.", "Pulse <kbd>Ctrl</kbd>.", TEXT),
    ("unsafe-markup", "JavaScript: a language.", "JavaScript: un lenguaje.", TEXT),
    ("numbers", "Officials expect the river to crest near 6.4 metres late on Saturday, about 1.5 metres above\n"
                "its usual winter level.",
     "Se espera que el río alcance su punto máximo, cerca de 6,4 metros, el sábado por la noche, unos 1,5 metros "
     "por encima\nde su nivel habitual en invierno.", {}),
    ("numbers", "About 3,200 people left.", "Se fueron unas 3.200 personas.", {}),
    ("numbers", "About 3,200 people left.", "Se fueron unas 3200 personas.", {}),
    ("numbers", "It rose 3.5 metres.", "Subió 3,5 metros.", {}),
    ("numbers", "It rose 3.5 metres.", "Subió 3.5 metros.", {"target_lang": "es_MX"}),
    ("numbers", "About 3,200 people left.", "Se fueron unas 3,200 personas.", {"target_lang": "es_MX"}),
    ("numbers", "The authority will publish its next update at 6 p.m. on Friday.",
     "La autoridad publicará su próxima actualización el viernes a las 18:00.", {}),
    ("numbers", "Update at 6 p.m.", "Actualización a las 6 de la tarde.", {}),
    ("numbers", "Opens at 9:30 a.m.", "Abre a las 9.30 h.", {}),
    ("numbers", "The renovation added twelve study rooms.", "La renovación añadió 12 salas de estudio.", {}),
    ("numbers", "It costs $38.5 million, passed 7–2.", "Cuesta 38,5 millones de dólares; aprobado por 7–2.", {}),
    ("numbers", "See <2/> at https://example.org/v2.", "Vea <2/> en https://example.org/v2.", {}),
    ("do-not-translate", "Rainbow Railroad helps people.", "Rainbow Railroad ayuda a la gente.", {}),
    ("do-not-translate", "The Globe and Mail reported it.", "Lo publicó the Globe and Mail.", {}),
    ("glossary", "Shelters open tonight", "Albergues abiertos esta noche", {}),
    ("glossary", "Flood warnings were issued.", "Se emitieron alertas por inundaciones.", {}),
    ("glossary", "The council met.", "El Ayuntamiento se reunió.", {}),
    ("glossary", "The Millbrook shelter", "El refugio de Millbrook", {"target_lang": "fr"}),
    ("unchanged", "Millbrook", "Millbrook", {}),
    ("unchanged", "Lincoln", "Lincoln", {}),
    ("unchanged", "The Globe and Mail", "The Globe and Mail", {}),
    ("unchanged", "Dr. Ines Varga", "Dr. Ines Varga", {}),
    ("unchanged", "<1/> <2/>", "<1/> <2/>", {}),
    ("whitespace", "Line one\n", "Línea uno\n", {}),
    ("end-punctuation", '"Do not wait for the sirens."', "«No esperen a que suenen las sirenas».", {}),
    ("end-punctuation", "Is it safe?", "¿Es seguro?", {}),
    ("end-punctuation", "If so, is it safe?", "Si es así, ¿es seguro?", {}),
    ("end-punctuation", "Leave now!", "¡Salgan ya!", {}),
    ("end-punctuation", "Leave now!", "Partez maintenant !", {"target_lang": "fr"}),
    ("end-punctuation", "The update comes at 6 p.m.", "La actualización llega a las 18:00", {}),
    ("end-punctuation", "Wait...", "Espere…", {}),
    ("end-punctuation", "Raised to **level 3**.", "Elevada al **nivel 3**.", {}),
    ("end-punctuation", "Check the <1>gauge</1>", "Consulte el <1>medidor</1>", {}),
    ("doubled-words", "The shelter is open.", "El albergue está abierto.", {}),
    ("doubled-words", "They flew to Bora Bora.", "Volaron a Bora Bora.", {}),
    ("sentence-count", '"We are asking people to move cars tonight," said Dr. Ines Varga, the chief hydrologist.',
     "«Pedimos a los vecinos que muevan sus coches esta noche», dijo la Dra. Ines Varga, hidróloga jefa.", {}),
    ("sentence-count", "Rain. More rain.", "Lluvia. Más lluvia.", {}),
    ("length", "Town", "Localidad", {}),
    ("length", "Water levels can rise faster than forecasts suggest.",
     "El nivel del agua puede subir más rápido de lo que indican las previsiones.", {}),
]


def run(msgid: str, msgstr: str, options: dict) -> list[qa.Problem]:
    options = {"source_lang": "en", "target_lang": "es", "glossary": GLOSSARY, **options}
    return qa.check_entry(msgid, msgstr, **options)


@pytest.mark.parametrize("check, msgid, msgstr, options", FAILING)
def test_failing_sample(check, msgid, msgstr, options):
    found = [p for p in run(msgid, msgstr, options) if p.check == check]
    assert found, f"{check} did not report {msgstr!r}"
    assert all(p.severity == qa.CHECKS[check].severity for p in found)


@pytest.mark.parametrize("check, msgid, msgstr, options", PASSING)
def test_passing_sample(check, msgid, msgstr, options):
    assert [p.message for p in run(msgid, msgstr, options) if p.check == check] == []


@pytest.mark.parametrize(
    "msgstr",
    [
        'Vea <img src=x onerror="alert(1)"> el informe.',
        "Vea el <script>steal()</script> informe.",
        'Vea el <a href="javascript:alert(1)">informe</a>.',
        "Vea [el informe](jav&#x61;script:alert(1)).",
        "Vea [el informe](https://evil.example).",
    ],
)
def test_markup_a_markdown_translation_adds_is_reported_once(msgstr):
    """By build's format rules (markup) where they see it, else by links or unsafe-markup."""
    found = {p.check for p in run("See the report.", msgstr, {}) if p.check in ("markup", "links", "unsafe-markup")}
    assert len(found) == 1


def test_every_check_has_failing_and_passing_samples():
    failing = Counter(check for check, *_ in FAILING)
    passing = Counter(check for check, *_ in PASSING)
    assert set(failing) == set(passing) == set(qa.CHECKS)


def test_severities():
    errors = {name for name, check in qa.CHECKS.items() if check.severity == "error"}
    assert errors == {"markup", "links", "urls", "unsafe-markup", "numbers", "do-not-translate"}


def test_messages_say_what_changed():
    messages = {p.check: p.message for p in run("It will crest near 6.4 metres.", "Alcanzará 4,6 metros", {})}
    assert messages["numbers"] == "numbers missing from the translation: 6.4; numbers not in the source: 4,6"
    assert messages["end-punctuation"] == "ends with “.” in the source, “no punctuation” in the translation"
    [problem] = run("About 3,200 people left.", "Se fueron unas 3,200 personas.", {})
    assert problem.message == "3,200 is written the en way: in es write 3.200"


def test_reviewed_example_catalog_has_no_findings_with_the_project_glossary():
    """The hand-reviewed Spanish catalog of the example newsroom passes every check."""
    path = ROOT / "locales/es/LC_MESSAGES/2026/river-flood-warning.po"
    findings = qa.check_file(PoFile.read(path), str(path), "en", "es", for_project(ROOT), require_reviewed=True)
    assert [str(f) for f in findings] == []


# -- review state, flags, settings ---------------------------------------------------------


def test_an_empty_translation_is_only_untranslated():
    assert [p.check for p in run("It rose 6.4 metres.", "", {"flags": ["fuzzy"]})] == ["untranslated"]


def test_fuzzy_entries_get_content_checks_too():
    problems = run("It rose 6.4 metres.", "Subió 4,6 metros.", {"flags": ["fuzzy"]})
    assert [(p.check, p.severity) for p in problems] == [("fuzzy", "warning"), ("numbers", "error")]


def test_require_reviewed_makes_review_state_an_error():
    for msgstr, flags, check in (("", [], "untranslated"), ("Subió.", ["fuzzy"], "fuzzy")):
        [problem] = run("It rose.", msgstr, {"flags": flags, "require_reviewed": True})
        assert (problem.check, problem.severity) == (check, "error")


def test_a_flag_silences_one_check_on_one_entry():
    msgid, msgstr = "Call 211 now.", "Llame al 112 ya"
    assert {p.check for p in run(msgid, msgstr, {})} == {"numbers", "end-punctuation"}
    flags = ["presslate-ignore:numbers"]
    assert {p.check for p in run(msgid, msgstr, {"flags": flags})} == {"end-punctuation"}
    flags.append("presslate-ignore:end-punctuation")
    assert run(msgid, msgstr, {"flags": flags}) == []


def test_settings_disable_checks_for_the_project():
    settings = qa.Settings(disabled=frozenset({"numbers", "end-punctuation"}))
    assert run("Call 211.", "Llame al 112", {"settings": settings}) == []


def test_settings_from_a_toml_table():
    table = {"disabled": ["length"], "length_ratio": [0.4, 3], "min_length": 10}
    settings = qa.Settings.from_table(table, "presslate.toml")
    assert settings == qa.Settings(frozenset({"length"}), (0.4, 3.0), 10)
    assert qa.Settings.from_table({}, "presslate.toml") == qa.Settings()


@pytest.mark.parametrize(
    "table, message",
    [
        ({"disable": ["length"]}, "unknown key 'disable'"),
        ({"disabled": ["lenght"]}, "must list check names"),
        ({"length_ratio": [2, 1]}, "0 < low < high"),
        ({"length_ratio": 2}, "0 < low < high"),
        ({"min_length": -1}, "min_length"),
    ],
)
def test_bad_settings_are_config_errors(table, message):
    with pytest.raises(ConfigError, match=message):
        qa.Settings.from_table(table, "presslate.toml")


# -- files ------------------------------------------------------------------------------------

PO = """\
msgid ""
msgstr ""
"Language: es\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#. paragraph, sentence 1 of 2
msgid ""
"Officials expect the river to crest near 6.4 metres late on Saturday, about "
"1.5 metres above its usual level."
msgstr ""
"Se espera que el río alcance 4,6 metros el sábado, unos 1,5 metros por "
"encima de su nivel habitual."

#, fuzzy
msgid "Leave early if you can."
msgstr "Si puede, salga con antelación."

#, presslate-ignore:numbers
msgid "Call 211."
msgstr "Llame al 112."

# presslate-ignore: numbers, end-punctuation
msgid "Call 112 at 6 p.m."
msgstr "Llame al 211 a las 19:00"

msgid "Shelters open tonight"
msgstr ""

msgid "One shelter"
msgid_plural "Two shelters"
msgstr[0] "Un refugio"
msgstr[1] "Dos refugios"

#~ msgid "It rose 6.4 metres."
#~ msgstr "Subió 9 metros."
"""


def test_check_file_reports_each_finding_at_its_entry(tmp_path):
    path = tmp_path / "river.po"
    path.write_text(PO, encoding="utf-8")
    findings = qa.check_file(PoFile.read(path), "locales/es/river.po", "en", "es", GLOSSARY)
    assert [(f.line, f.check, f.severity) for f in findings] == [
        (7, "numbers", "error"),
        (15, "fuzzy", "warning"),  # an entry's line is its first, comments included
        (27, "untranslated", "warning"),
        (30, "glossary", "warning"),  # one finding for both plural forms
    ]
    assert str(findings[0]) == (
        "locales/es/river.po:7: [numbers] error: numbers missing from the translation: 6.4; "
        "numbers not in the source: 4,6 — “Officials expect the river to crest near 6.4 metres late on…”"
    )
    assert findings[2].to_dict() == {
        "check": "untranslated", "severity": "warning", "message": "not translated yet",
        "path": "locales/es/river.po", "line": 27, "msgid": "Shelters open tonight",
    }


def test_excerpt_keeps_short_texts_and_cuts_long_ones_at_a_word():
    assert inline.excerpt("Shelters open\ntonight") == "Shelters open tonight"
    assert inline.excerpt("word " * 30) == ("word " * 12).strip() + "…"
