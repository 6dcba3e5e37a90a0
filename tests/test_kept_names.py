"""``[mt] keep_names`` (issue 27): which names a newsroom keeps in English, and what protecting them does.

The detector reads words with Apertium's English analyser, so its tests skip
without apertium-eng-spa; the sentences are made up for the tests.  The
placeholder tests need no engine: they assert what presslate does with an
engine's output around a protected name.
"""

from __future__ import annotations

import re

import pytest
from system_tools import require_apertium_eng_spa

from presslate import config as config_mod
from presslate.catalog.pofile import read_po
from presslate.engines import get_engine
from presslate.review.glossary import Glossary
from presslate.workflow.mt_prep import Prep
from presslate.workflow.translate import translate


@pytest.fixture
def analyser():
    require_apertium_eng_spa()


def kept(*texts: str) -> list[str]:
    from presslate.review.kept_names import kept_names

    return kept_names(list(texts))


# -- what is kept --------------------------------------------------------------------------------------


def test_a_brand_with_an_ordinary_noun_head_is_kept(analyser):
    found = kept("The prize went to Linux Magazine and to the authors of GNU Privacy Guard, "
                 "with help from Mozilla Science Lab.")
    assert set(found) == {"Linux Magazine", "GNU Privacy Guard", "Mozilla Science Lab"}


def test_institutional_plural_and_adjective_heads_go_to_the_engine(analyser):
    assert kept("Delegates of the Debian Project met at the Debian Conference to sign the Debian Social "
                "Contract under the GNU Free Documentation License with the Debian Developers and a "
                "Himalayan Buddhist.") == []


def test_places_and_events_go_to_the_engine(analyser):
    assert kept("Aid reached the Gaza Strip after the Ukraine War began, near the Suez Canal and the Hudson "
                "River, while Apple Music grew.") == ["Apple Music"]


def test_words_the_article_writes_in_lower_case_elsewhere_are_not_a_name(analyser):
    assert kept("It ships the K Desktop Environment.") == ["Desktop Environment"]
    assert kept("It ships the K Desktop Environment.", "Xfce is a lighter desktop environment.") == []


def test_a_maker_and_a_model_code_are_kept(analyser):
    found = kept("It runs on Sun SPARC (sparc), IBM S/390 (s390) and Intel EM64T (amd64).")
    assert set(found) == {"Sun SPARC", "IBM S/390", "Intel EM64T"}


def test_a_letter_and_hyphen_brand_is_a_name(analyser):
    found = kept("She founded R-Ladies Santa Rosa and joined the R-Ladies Global Team.")
    assert "R-Ladies Santa Rosa" in found and "R-Ladies Global Team" not in found


def test_a_person_at_a_sentence_start_is_kept(analyser):
    assert kept("Priya Lamb steps down as director after nine years. She founded it.") == ["Priya Lamb"]


def test_a_person_with_an_ordinary_given_name_is_kept(analyser):
    found = kept("The members are Mark Olsen (chair) and Grace Okafor.", "Other Debian users agree.")
    assert set(found) == {"Mark Olsen", "Grace Okafor"}


def test_a_surname_that_is_also_a_month_is_kept_but_not_a_date(analyser):
    assert kept("The book by Jason June was praised.", "It opens on Friday June 5 and closes in late June.",
                "The group met every Tuesday May through August.") == ["Jason June"]


def test_a_list_of_people_in_title_case_is_read_item_by_item(analyser):
    found = kept("**Team:** <1>Ildiko Czeller</1>, <2>Priya Lamb</2>, <3>Bob Rudis</3>, <4>Tomasz Wiśniewski</4>",
                 "The team met in spring.")
    assert set(found) == {"Ildiko Czeller", "Priya Lamb", "Bob Rudis", "Tomasz Wiśniewski"}


def test_a_name_cut_by_a_line_break_is_found(analyser):
    assert kept("Support came from Nokia, Linux\nMagazine and IBM.") == ["Linux Magazine"]


def test_a_possessive_stays_outside_the_name(analyser):
    assert kept("Read Priya Lamb’s goodbye message.") == ["Priya Lamb"]


def test_a_piece_of_a_compound_is_not_a_name(analyser):
    assert kept("Debian GNU/Linux ships with it.", "It came from Debian GNU.") == []
    assert kept("For Windows only. See README.md before using Mozilla Firefox.") == ["Mozilla Firefox"]


def test_a_sentence_start_counts_only_with_a_name_like_first_word(analyser):
    assert kept("See README first. Read NEWS today. Ask Karthik Ram.") == ["Karthik Ram"]


# -- placeholders: the engine's capital after a protected name ---------------------------------------


def test_the_capital_an_engine_puts_after_an_opening_placeholder_goes(tmp_path):
    prep = Prep(Glossary((), ("Priya Lamb",)), "apertium", "en", "es", repair=[])
    sent, restore = prep.prepare("Priya Lamb steps down and Google agrees.")
    assert sent.startswith("<1/> steps down")
    assert restore("<1/> Da un paso y Google acuerda.") == "Priya Lamb da un paso y Google acuerda."
    assert restore("<1/> Y Google acuerdan.") == "Priya Lamb y Google acuerdan."
    assert restore("<1/> Google acuerda.") == "Priya Lamb Google acuerda."  # a word the source capitalises
    assert restore("<1/> IBM acuerda.") == "Priya Lamb IBM acuerda."  # an acronym


def test_no_case_change_where_the_source_has_a_capital_after_the_name():
    from presslate.workflow.mt_prep import lower_after_placeholders

    assert lower_after_placeholders("Then Priya Lamb Said no.", "Then <1/> Said no.") is None
    assert lower_after_placeholders("A <1/>link</1> here.", "A <1/>link</1> here.") is None  # not a placeholder it added


class CapitalisingEngine:
    """Capitalises the word after a placeholder that opens a segment, as Apertium does."""

    name = "capitalising"

    def identity(self, source, target):
        return "capitalising:1"

    def check_pair(self, source, target):
        pass

    def translate_batch(self, segments, source, target):
        return [re.sub(r"^(<\d+/>\s+)(\w)", lambda m: m.group(1) + m.group(2).upper(), s) for s in segments]


def test_a_protected_name_opening_a_sentence_keeps_the_next_word_lower_case(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text("Priya Lamb steps down after nine years.\n", encoding="utf-8")
    (tmp_path / "glossary.toml").write_text('[do_not_translate]\nterms = ["Priya Lamb"]\n', encoding="utf-8")
    (tmp_path / "presslate.toml").write_text('[project]\nsource = "en"\ntargets = ["es"]\n', encoding="utf-8")
    cfg = config_mod.load(tmp_path)
    engine = CapitalisingEngine()
    translate(cfg, lambda _: engine, ["es"])
    po = read_po(cfg.po_path("es", "a"), cfg)
    assert {e.msgid: e.msgstr for e in po.entries}["Priya Lamb steps down after nine years."] == \
        "Priya Lamb steps down after nine years."


def test_apertium_keeps_a_person_and_the_next_word_lower_case(tmp_path):
    require_apertium_eng_spa()
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text(
        "Priya Lamb steps down as director after nine years.\n\nWe thank Priya Lamb for her work.\n", encoding="utf-8")
    (tmp_path / "presslate.toml").write_text('[project]\nsource = "en"\ntargets = ["es"]\n\n[mt]\nkeep_names = true\n',
                                             encoding="utf-8")
    cfg = config_mod.load(tmp_path)
    engine = get_engine("apertium")
    translate(cfg, lambda _: engine, ["es"])
    got = {e.msgid: e.msgstr for e in read_po(cfg.po_path("es", "a"), cfg).entries}
    assert re.match(r"Priya Lamb [a-záéíóúñ]", got["Priya Lamb steps down as director after nine years."])
    assert "Priya Lamb" in got["We thank Priya Lamb for her work."]


# -- a machine without the analyser says so ---------------------------------------------------------------


def _warnings(tmp_path, monkeypatch, settings: str, analyser: str | None, name: str = "echo") -> list[str]:
    from echo_engine import EchoEngine

    from presslate import config as config_mod
    from presslate.workflow import translate as translate_mod

    monkeypatch.setattr(translate_mod, "analyser_path", lambda target, source: analyser)
    (tmp_path / "articles").mkdir(parents=True)
    (tmp_path / "articles" / "a.md").write_text("# News\n\nKarthik Ram met the Linux Magazine team.\n", encoding="utf-8")
    (tmp_path / "presslate.toml").write_text('[project]\nsource = "en"\ntargets = ["es"]\n' + settings,
                                             encoding="utf-8")
    cfg = config_mod.load(tmp_path)
    engine = EchoEngine()
    engine.name = name
    return translate_mod.translate(cfg, lambda lang: engine, ["es"]).warnings


def test_keep_names_without_the_analyser_is_reported(tmp_path, monkeypatch):
    warnings = _warnings(tmp_path, monkeypatch, "", None)
    assert any("keep_names" in w and "apertium-eng-spa" in w for w in warnings), warnings


def test_no_report_when_the_analyser_is_there_or_the_rule_is_off(tmp_path, monkeypatch):
    assert not any("keep_names" in w for w in _warnings(tmp_path / "on", monkeypatch, "", "/x/eng-spa.automorf.bin"))
    off = _warnings(tmp_path / "off", monkeypatch, "[mt]\nkeep_names = false\nname_modifiers = false\n", None)
    assert not any("keep_names" in w for w in off)


def test_the_report_names_each_rule_that_needs_the_analyser(tmp_path, monkeypatch):
    both = _warnings(tmp_path / "both", monkeypatch, "", None)
    assert any("keep_names and name_modifiers" in w for w in both), both
    one = _warnings(tmp_path / "one", monkeypatch, "[mt]\nkeep_names = false\n", None)
    assert any("[mt] name_modifiers:" in w for w in one), one


def test_no_report_for_the_pseudo_engine_which_gets_no_mt_rules(tmp_path, monkeypatch):
    # make demo falls back to the pseudo engine on a machine without Apertium: nothing to warn about
    assert not any("analyser" in w for w in _warnings(tmp_path, monkeypatch, "", None, name="pseudo"))


def test_a_name_the_article_also_writes_closed_up_is_a_brand_and_kept(analyser):
    found = kept("The Linux Fund was founded in 1999 to support free software.",
                 "LinuxFund gives the project $500 a month.")
    assert "Linux Fund" in found


def test_an_institutional_name_never_closed_up_is_still_left_to_the_engine(analyser):
    found = kept("The Linux Fund was founded in 1999 to support free software.",
                 "The Debian Project thanks the fund; DebianProjects is not a word here.")
    assert "Linux Fund" not in found and "Debian Project" not in found
