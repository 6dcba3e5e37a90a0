"""``[mt] name_modifiers`` (issue 27): a name used as a modifier is sent in the order a Romance target writes it.

"The Debian project is…" reached Apertium as written and came back as "El Debian el proyecto es…";
sent as "The project of Debian is…" it is a phrase the engine can translate.  The rule reads words
with Apertium's English analyser, so these tests skip without apertium-eng-spa; the sentences are made
up for the tests, and they assert what presslate sends, never what the engine writes.
"""

from __future__ import annotations

import pytest
from echo_engine import EchoEngine
from system_tools import require_apertium_eng_spa

from presslate import config as config_mod
from presslate.catalog.pofile import read_po
from presslate.review.name_modifiers import readings_for, reorder, wants_reorder
from presslate.workflow.translate import translate


@pytest.fixture
def analyser():
    require_apertium_eng_spa()


def sent(text: str) -> str:
    return reorder(text, readings_for([text]))


@pytest.mark.parametrize("text, expected", [
    ("The Debian project is pleased to welcome you.", "The project of Debian is pleased to welcome you."),
    ("They visited the Debian web pages at the office.", "They visited the web pages of Debian at the office."),
    ("Write to the Debian Press Team today.", "Write to the Press Team of Debian today."),
    ("It took place at the Helsinki University of Technology in Espoo.",
     "It took place at the University of Technology of Helsinki in Espoo."),
    ("She moved the PowerPC kernel package to version 2.6.", "She moved the kernel package of PowerPC to version 2.6."),
    ("Meet this year's Debian Conference, the biggest.", "Meet this year's Conference of Debian, the biggest."),
    ("He runs an Ubuntu server at home.", "He runs a server of Ubuntu at home."),
    ("Debian Project mourns a friend", "Project of Debian mourns a friend"),
])
def test_a_name_before_its_noun_is_sent_after_it(analyser, text, expected):
    assert sent(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Debian's dedication to free software is unique.", "The dedication of Debian to free software is unique."),
    ("We admire Debian's dedication.", "We admire the dedication of Debian."),
    ("The Debian project's key strengths are its people.", "The key strengths of the project of Debian are its people."),
    ("It is one of rOpenSci’s best initiatives.", "It is one of the best initiatives of rOpenSci."),
])
def test_a_possessive_name_is_sent_after_what_it_owns(analyser, text, expected):
    assert sent(text) == expected


@pytest.mark.parametrize("text", [
    "Debian runs on computers of every size.",        # no determiner: the name is the subject
    "Jens will be missed by all of us.",              # "will" is a modal here, not a noun
    "Karthik Ram steps down after ten years.",        # a person, not a name and a noun
    "They sold a Linux Fund credit card to members.",  # the name itself qualifies "credit card"
    "The Debian GNU/Linux system boots quickly.",     # a compound the name belongs to
    "BioConductor's code reviews inspired ours.",     # "reviews" may be a noun or the verb
    "Now the Xfce desktop can be chosen at install.",  # "can" may be a noun or the modal
    "Trans people. Indigenous people.",               # not after a determiner
    "the <1/> project is new",                        # a placeholder is not a name this rule moves
])
def test_unclear_or_unsuitable_phrases_are_sent_as_written(analyser, text):
    assert sent(text) == text


def test_only_romance_targets_want_the_reorder():
    assert [lang for lang in ("es", "pt_BR", "fr", "it", "ca", "de", "en", "nl", "ja") if wants_reorder(lang)] == \
        ["es", "pt_BR", "fr", "it", "ca"]


ARTICLE = """# About the Debian Project

The Debian project is an association of volunteers. Debian's dedication to free software is well known.
"""


def _run(tmp_path, lang: str, settings: str = ""):
    (tmp_path / "articles").mkdir(parents=True)
    (tmp_path / "articles" / "a.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "presslate.toml").write_text(f'[project]\nsource = "en"\ntargets = ["{lang}"]\n{settings}',
                                             encoding="utf-8")
    cfg = config_mod.load(tmp_path)
    engine = EchoEngine()
    translate(cfg, lambda _: engine, [lang])
    return engine.sent, read_po(cfg.po_path(lang, "a"), cfg)


def test_translate_sends_the_reordered_text_and_keeps_the_source_as_written(analyser, tmp_path):
    texts, po = _run(tmp_path, "es")
    assert texts == ["About the project of Debian", "The project of Debian is an association of volunteers.",
                     "The dedication of Debian to free software is well known."]
    assert [e.msgid for e in po.entries] == ["About the Debian Project", "The Debian project is an association of "
                                             "volunteers.", "Debian's dedication to free software is well known."]


def test_a_target_that_keeps_english_order_or_the_setting_off_sends_the_text_as_written(analyser, tmp_path):
    for lang, settings in (("de", ""), ("es", "[mt]\nname_modifiers = false\n")):
        texts, _ = _run(tmp_path / lang, lang, settings)
        assert texts[1:] == ["The Debian project is an association of volunteers.",
                             "Debian's dedication to free software is well known."]


@pytest.mark.parametrize("text, expected", [
    ("It is unique among GNU/Linux distributions.", "It is unique among distributions of GNU/Linux."),
    ("It installs on Debian GNU/Linux systems at once.", "It installs on systems of Debian GNU/Linux at once."),
    ("We wrote it for Debian developers.", "We wrote it for developers of Debian."),
    ("It was the largest Debian conference ever.", "It was the largest conference of Debian ever."),
    ("The plan is for 80,000 Debian workstations.", "The plan is for 80,000 workstations of Debian."),
])
def test_after_a_preposition_a_name_of_up_to_three_words_is_moved_too(analyser, text, expected):
    assert sent(text) == expected


@pytest.mark.parametrize("text", [
    "It was a gift to Debian and Free Software.",   # "and" ends it: no noun after the name
    "It ships in Debian 3.1 today.",                # a version, not a noun
])
def test_after_a_preposition_a_name_without_its_noun_is_sent_as_written(analyser, text):
    assert sent(text) == text


def test_an_ing_modifier_belongs_to_the_phrase_but_never_ends_it(analyser):
    assert sent("It is a distribution of the GNU/Linux operating system.") == \
        "It is a distribution of the operating system of GNU/Linux."
    assert sent("He saw the Debian running.") == "He saw the Debian running."
