"""Headline case: Title Case headings go to the engine in sentence case and come back in the target's style."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from echo_engine import EchoEngine

from presslate import config as config_mod
from presslate.catalog.pofile import read_po
from presslate.headline import (
    default_style,
    is_heading_kind,
    is_title_case,
    proper_nouns,
    style_heading,
    to_sentence_case,
)
from presslate.workflow.translate import translate


@pytest.mark.parametrize(
    "text",
    ["Russia Is Not Happy About Canada Secretly Helping Gay Chechens Escape", "Keeping Components Pure",
     "Getting Paid for Open Source Work", "Containers as a Service", "Step 2. Creating an Object Store"],
)
def test_title_case_is_recognised(text):
    assert is_title_case(text)


@pytest.mark.parametrize(
    "text",
    ["Pure functions", "Introduction", "Why some people seek financial support", "the Rainbow Railroad",
     "Rainbow Railroad helped them escape", "<1/> is a Hook"],
)
def test_sentence_case_and_single_words_are_not_title_case(text):
    assert not is_title_case(text)


def test_sentence_case_keeps_names_acronyms_and_mixed_case():
    text = "Russia Is Not Happy About Canada Secretly Helping Gay Chechens Escape"
    assert to_sentence_case(text) == "Russia is not happy about Canada secretly helping gay chechens escape"
    assert to_sentence_case(text, {"Chechens"}) == "Russia is not happy about Canada secretly helping gay Chechens escape"
    assert to_sentence_case("Using JavaScript With the NASA API <1/> in March") == (
        "Using JavaScript with the NASA API <1/> in March")
    assert to_sentence_case("Why I Left <1>The Old Site</1>") == "Why I left <1>the old site</1>"
    assert to_sentence_case("Floods Hit the United States and South Africa") == (
        "Floods hit the United States and South Africa")


def test_proper_nouns_are_words_capitalised_in_mid_sentence_and_never_lowercase():
    found = proper_nouns(["The group works with Rainbow Railroad in Toronto.", "Railroad staff met. The board agreed.",
                          "A Title Case Line Like This"])
    assert {"Rainbow", "Railroad", "Toronto"} <= found
    assert "The" not in found and "Railroad." not in found and "Title" not in found
    assert "Board" not in proper_nouns(["We met the Board.", "The board agreed."])


def test_heading_styles():
    assert style_heading("rusia no es feliz", "sentence", "es") == "Rusia no es feliz"
    assert style_heading("¿<1>por qué</1> pagar?", "sentence", "es") == "¿<1>Por qué</1> pagar?"
    assert style_heading("Rusia no es feliz", "keep", "es") == "Rusia no es feliz"
    assert style_heading("the state of the art in a new world", "title", "en") == "The State of the Art in a New World"
    assert style_heading("el estado del arte en un mundo", "title", "es") == "El Estado del Arte en un Mundo"


def test_defaults_and_heading_kinds():
    assert default_style("en_GB") == "title" and default_style("es_MX") == "sentence" and default_style("fr") == "sentence"
    assert is_heading_kind("heading 2") and is_heading_kind("front matter: title") and is_heading_kind("page title")
    assert not is_heading_kind("paragraph") and not is_heading_kind("front matter: description")


# -- through translate --------------------------------------------------------------------------------


class LowerEchoEngine(EchoEngine):
    """Echoes its input, lowercased when it starts with "Lower" (as engines drop capitals)."""

    def answer(self, segment):
        return segment.lower() if segment.startswith("Lower") else segment


ARTICLE = """---
title: "Rainbow Railroad Is Not Happy About Toronto Rules"
---

# Why Rainbow Railroad Helps People Escape

The group Rainbow Railroad works in Toronto.

## Lower Case Engines Drop Capitals
"""


def _run(tmp_path, settings: str = ""):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "presslate.toml").write_text('[project]\nsource = "en"\ntargets = ["es"]\n' + settings, encoding="utf-8")
    cfg = config_mod.load(tmp_path)
    engine = LowerEchoEngine()
    translate(cfg, lambda lang: engine, ["es"])
    po = read_po(cfg.po_path("es", "a"), cfg)
    return engine.sent, {e.msgid: e.msgstr for e in po.entries}


def test_title_case_headings_are_sent_in_sentence_case_with_names_kept(tmp_path):
    sent, got = _run(tmp_path)
    assert "Rainbow Railroad is not happy about Toronto rules" in sent
    assert "Why Rainbow Railroad helps people escape" in sent
    assert "The group Rainbow Railroad works in Toronto." in sent  # body text is not touched
    # the echo comes back in sentence case; the lowercased one gets its capital back
    assert got["Lower Case Engines Drop Capitals"] == "Lower case engines drop capitals"


def test_keep_sends_headings_as_written(tmp_path):
    sent, got = _run(tmp_path, '[style]\nheadings = "keep"\n')
    assert "Why Rainbow Railroad Helps People Escape" in sent
    assert got["Lower Case Engines Drop Capitals"] == "lower case engines drop capitals"


def test_title_style_capitalises_the_translation(tmp_path):
    _, got = _run(tmp_path, '[style]\nheadings = "title"\n')
    assert got["Why Rainbow Railroad Helps People Escape"] == "Why Rainbow Railroad Helps People Escape"
    assert got["Lower Case Engines Drop Capitals"] == "Lower Case Engines Drop Capitals"


# -- evidence from the whole article ------------------------------------------------------------------

NOW = datetime(2026, 1, 2, 3, 4, tzinfo=timezone.utc)
BODY = "Many Chechens left Grozny last year.\n\nThe Chechens who stayed speak out.\n"
HEADING = "# Why Gay Chechens Flee Their Homes\n\n"


def _translate(root, text: str, settings: str = "", jobs: int = 1):
    articles = root / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    (articles / "a.md").write_text(text, encoding="utf-8")
    (articles / "b.md").write_text("# Unrelated Notes On Chechens\n\nnothing about chechens here.\n", encoding="utf-8")
    (root / "presslate.toml").write_text('[project]\nsource = "en"\ntargets = ["es"]\n' + settings, encoding="utf-8")
    cfg = config_mod.load(root)
    engine = LowerEchoEngine()
    report = translate(cfg, lambda lang: engine, ["es"], jobs=jobs, now=NOW)
    return cfg, engine.sent, report


def _po_bytes(cfg, article: str = "a") -> bytes:
    return cfg.po_path("es", article).read_bytes()


def test_a_heading_translated_alone_later_keeps_the_names_its_article_capitalises(tmp_path):
    # First run: the body alone is translated; then the heading is added and is the only new entry.
    _translate(tmp_path / "inc", BODY)
    cfg, sent, report = _translate(tmp_path / "inc", HEADING + BODY)
    assert report.machine_translated == 1 and len(sent) == 1
    assert sent == ["Why gay Chechens flee their homes"]  # not "chechens": the evidence is already translated
    fresh, fresh_sent, _ = _translate(tmp_path / "fresh", HEADING + BODY)
    assert "Why gay Chechens flee their homes" in fresh_sent
    assert _po_bytes(cfg) == _po_bytes(fresh)


def test_names_are_an_articles_own_not_the_runs(tmp_path):
    # b.md writes "chechens" in lowercase; that does not undo what a.md's body shows, and b's heading,
    # whose body never capitalises the word mid-sentence, gets no such evidence from a.md.
    _, sent, _ = _translate(tmp_path, HEADING + BODY)
    assert "Why gay Chechens flee their homes" in sent
    assert "Unrelated notes on chechens" in sent


@pytest.mark.parametrize("jobs", [1, 2])
def test_heading_names_do_not_depend_on_jobs_or_call_sizes(tmp_path, monkeypatch, jobs):
    from presslate.workflow import backends

    base, _, _ = _translate(tmp_path / "base", HEADING + BODY)
    monkeypatch.setattr(backends, "MT_FIRST_CALL", 1)
    monkeypatch.setattr(backends, "MT_MAX_CALL", 1)
    cfg, _, _ = _translate(tmp_path / f"jobs{jobs}", HEADING + BODY, jobs=jobs)
    assert _po_bytes(cfg) == _po_bytes(base) and _po_bytes(cfg, "b") == _po_bytes(base, "b")


@pytest.mark.parametrize("text, expected", [
    ("28 Years Ago, Students Fought Censorship", "28 years ago, students fought censorship"),
    ("2026: The Year In Review", "2026: the year in review"),
    ("“Years Ago” Was The Song", "“Years ago” was the song"),
    ("<1>Rain</1> Hits The City", "<1>Rain</1> hits the city"),
])
def test_a_headline_starting_with_a_number_has_the_number_as_its_first_word(text, expected):
    assert to_sentence_case(text) == expected
