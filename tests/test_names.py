"""Name detection, [mt] protect_names, and `presslate glossary suggest` (with --accept editing glossary.toml)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner
from echo_engine import EchoEngine

from presslate import config as config_mod
from presslate.catalog.pofile import read_po
from presslate.cli import main
from presslate.errors import InputError
from presslate.review.glossary import Glossary, parse
from presslate.review.names import add_do_not_translate, find_names, names_in_texts, suggest
from presslate.workflow.translate import translate

NOW = datetime(2026, 1, 2, 3, 4, tzinfo=timezone.utc)


def names(text: str) -> list[str]:
    return [name for _, _, name in find_names(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It was reported by The Globe and Mail on Monday.", ["The Globe and Mail"]),
        ("A group, Rainbow Railroad, helped.", ["Rainbow Railroad"]),
        ("Officials at Human Rights Watch and Amnesty International agreed.", ["Human Rights Watch", "Amnesty International"]),
        ("She works at the Bank of Canada.", ["Bank of Canada"]),
        ("It was said by Kimahli Powell of Rainbow Railroad.", ["Kimahli Powell", "Rainbow Railroad"]),
        ("They flew to the United States and New York.", ["New York"]),
        ("In January Rainbow Railroad said so.", ["Rainbow Railroad"]),
    ],
)
def test_multiword_names_in_mid_sentence_are_found(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Rainbow Railroad said so.",  # the first capital is the sentence's
        "It helped. Rainbow Railroad said so.",
        "Russia Is Not Happy About Canada Secretly Helping",  # a Title Case headline
        "They met in the United States on Monday.",  # a country name: engines translate it well
        "The group helped Smith escape.",  # one word
        "Said Kimahli Powell Of Rainbow Railroad.",  # all capitalised: a title, not a sentence
    ],
)
def test_sentence_starts_headlines_countries_and_single_words_are_not_names(text):
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It was said by Rainbow Railroad’s Executive Director Kimahli Powell on Monday.",
         ["Rainbow Railroad", "Kimahli Powell"]),
        ("On Friday, Canada’s Foreign Affairs Minister Chrystia Freeland replied.", ["Chrystia Freeland"]),
        ("They wrote to the Alder Valley Ferry Company's Chief Executive Officer Ana Ruiz yesterday.",
         ["Alder Valley Ferry Company", "Ana Ruiz"]),
        ("A statement by Human Rights Watch spokesperson Jane Doe followed.", ["Human Rights Watch", "Jane Doe"]),
        ("Later, Prime Minister Justin Trudeau and President Joe Biden met.", ["Justin Trudeau", "Joe Biden"]),
        ("He thanked Minister of Foreign Affairs Chrystia Freeland twice.", ["Chrystia Freeland"]),
        ("It was led by Debian Project Leader Branden Robinson that year.", ["Branden Robinson"]),
        ("Fans of the Chicago Cubs’ Wrigley Field came.", ["Chicago Cubs", "Wrigley Field"]),
        ("Read founding director Karthik Ram’s message.", ["Karthik Ram"]),
        ("We met Dr. Jane Smith at the Alder Valley Hospital.", ["Jane Smith", "Alder Valley Hospital"]),
        # A title alone, or ending the run, describes a job: it is translated, never suggested.
        ("We welcome our New Executive Director today.", []),
        ("She was hired as Software Research Scientist in May.", []),
        ("The Alder Valley Fire Chief spoke.", []),
        # Not titles: a modifier without a head, a plural noun's possessive that begins a name.
        ("The Executive Council of General Motors met.", ["Executive Council", "General Motors"]),
        ("They visited the People's Republic of China in May.", ["People's Republic of China"]),
    ],
)
def test_names_are_split_at_possessives_and_job_titles(text, expected):
    found = find_names(text)
    assert [name for _, _, name in found] == expected
    assert all(text[start:end] == name for start, end, name in found)


def test_spans_point_at_the_name_and_tags_are_not_words():
    text = "We saw <1>Rainbow Railroad</1> and the Globe Tower."
    spans = find_names(text)
    assert [text[s:e] for s, e, _ in spans] == ["Rainbow Railroad", "Globe Tower"]


def test_names_in_texts_skip_glossary_names():
    glossary = Glossary(do_not_translate=("Rainbow Railroad",))
    assert names_in_texts(["A group, Rainbow Railroad, met Human Rights Watch."], glossary) == ["Human Rights Watch"]


def test_suggest_counts_merges_sentence_start_forms_and_skips_the_glossary():
    segments = [("It said so, according to The Globe and Mail.", "a.md:3"), ("The Globe and Mail said so.", "a.md:5"),
                ("He met Rainbow Railroad staff.", "b.md:1"), ("He met Human Rights Watch staff.", "b.md:2")]
    found = suggest(segments, parse('[do_not_translate]\nterms = ["Rainbow Railroad"]\n'))
    assert [(s.name, s.count, s.places) for s in found] == [
        ("The Globe and Mail", 2, ["a.md:3", "a.md:5"]), ("Human Rights Watch", 1, ["b.md:2"])]


# -- editing glossary.toml --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("", '[do_not_translate]\nterms = ["Rainbow Railroad"]\n'),
        ('[[term]]\nsource = "flood"\nes = "inundación"\n',
         '[[term]]\nsource = "flood"\nes = "inundación"\n\n[do_not_translate]\nterms = ["Rainbow Railroad"]\n'),
        ('[do_not_translate]\nterms = ["Millbrook"]  # towns\n',
         '[do_not_translate]\nterms = ["Millbrook", "Rainbow Railroad"]  # towns\n'),
        ('[do_not_translate]\nterms = []\n', '[do_not_translate]\nterms = ["Rainbow Railroad"]\n'),
        ('[do_not_translate]\nterms = [\n    "Millbrook",  # a town\n    "Alder [River]"\n]\n',
         '[do_not_translate]\nterms = [\n    "Millbrook",  # a town\n    "Alder [River]",\n    "Rainbow Railroad",\n]\n'),
        ('# ours\n[do_not_translate]\n\n[[term]]\nsource = "x"\nes = "y"\n',
         '# ours\n[do_not_translate]\nterms = ["Rainbow Railroad"]\n\n[[term]]\nsource = "x"\nes = "y"\n'),
    ],
)
def test_accepting_a_name_edits_the_file_in_place(before, after):
    assert add_do_not_translate(before, ["Rainbow Railroad"]) == after
    assert "Rainbow Railroad" in parse(after).do_not_translate


def test_accepting_listed_names_changes_nothing_and_quotes_are_escaped():
    text = '[do_not_translate]\nterms = ["Rainbow Railroad"]\n'
    assert add_do_not_translate(text, ["Rainbow Railroad"]) == text
    assert parse(add_do_not_translate(text, ['The "Quoted" Club'])).do_not_translate[-1] == 'The "Quoted" Club'


def test_inline_do_not_translate_is_refused():
    with pytest.raises(InputError, match="inline"):
        add_do_not_translate('do_not_translate = { terms = ["A B"] }\n', ["Rainbow Railroad"])


# -- the command ------------------------------------------------------------------------------------------


STORY = """# Russia Is Not Happy About Canada Secretly Helping

A Toronto-based organization, Rainbow Railroad, helped them, said Kimahli Powell.

It was first reported by The Globe and Mail. The Globe and Mail said Rainbow Railroad agreed.
"""


@pytest.fixture
def newsroom(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "story.md").write_text(STORY, encoding="utf-8")
    (tmp_path / "presslate.toml").write_text('[project]\nsource = "en"\ntargets = ["es"]\n[engine]\nname = "pseudo"\n')
    return tmp_path


def test_suggest_lists_names_with_places(newsroom):
    result = CliRunner().invoke(main, ["-C", str(newsroom), "glossary", "suggest", "--json"])
    assert result.exit_code == 0, result.output
    found = {s["name"]: s for s in json.loads(result.output)}
    assert set(found) == {"Rainbow Railroad", "The Globe and Mail", "Kimahli Powell"}
    assert found["Rainbow Railroad"] == {"name": "Rainbow Railroad", "count": 2, "places": ["articles/story.md:3",
                                                                                              "articles/story.md:5"]}
    assert not (newsroom / "glossary.toml").exists()


def test_accept_writes_glossary_toml_and_the_name_is_no_longer_suggested(newsroom):
    runner = CliRunner()
    result = runner.invoke(main, ["-C", str(newsroom), "glossary", "suggest", "--min-count", "2", "--accept-all"])
    assert result.exit_code == 0, result.output
    assert "added 2 names" in result.output
    glossary = parse((newsroom / "glossary.toml").read_text(encoding="utf-8"))
    assert glossary.do_not_translate == ("Rainbow Railroad", "The Globe and Mail")
    again = runner.invoke(main, ["-C", str(newsroom), "glossary", "suggest", "--json"])
    assert [s["name"] for s in json.loads(again.output)] == ["Kimahli Powell"]


NEWS = """# Ferry Service Resumes

The service resumed, said Rainbow Railroad’s Executive Director Kimahli Powell on Monday.

On Friday, Canada’s Foreign Affairs Minister Chrystia Freeland welcomed it, as did Alder Valley Transit spokesperson Ana Ruiz.
"""


def test_accept_all_on_a_news_article_adds_names_not_titles_or_possessives(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "ferry.md").write_text(NEWS, encoding="utf-8")
    (tmp_path / "presslate.toml").write_text('[project]\nsource = "en"\ntargets = ["es"]\n[engine]\nname = "pseudo"\n')
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "glossary", "suggest", "--accept-all"])
    assert result.exit_code == 0, result.output
    glossary = parse((tmp_path / "glossary.toml").read_text(encoding="utf-8"))
    assert sorted(glossary.do_not_translate) == ["Alder Valley Transit", "Ana Ruiz", "Chrystia Freeland",
                                                 "Kimahli Powell", "Rainbow Railroad"]


def test_a_broken_glossary_is_an_input_error_and_is_not_rewritten(newsroom):
    broken = '[do_not_translate]\nterms = ["Millbrook"\n'
    (newsroom / "glossary.toml").write_text(broken)
    result = CliRunner().invoke(main, ["-C", str(newsroom), "glossary", "suggest", "--accept", "Rainbow Railroad"])
    assert result.exit_code == 2
    assert "glossary.toml" in result.output
    assert (newsroom / "glossary.toml").read_text() == broken


# -- protect_names through translate ------------------------------------------------------------------------


class Recorder(EchoEngine):
    name = "recorder"

    def answer(self, segment):
        return "ES " + segment


@pytest.mark.parametrize("protect", [True, False])
def test_protect_names_sends_found_names_as_placeholders(newsroom, protect):
    (newsroom / "presslate.toml").write_text(
        f'[project]\nsource = "en"\ntargets = ["es"]\n[mt]\nprotect_names = {str(protect).lower()}\n')
    cfg = config_mod.load(newsroom)
    engine = Recorder()
    translate(cfg, lambda lang: engine, ["es"])
    sentence = "It was first reported by The Globe and Mail."
    sent = next(s for s in engine.sent if s.startswith("It was first"))
    assert (sent == "It was first reported by <1/>.") is protect
    po = read_po(cfg.po_path("es", "story"), cfg)
    assert {e.msgid: e.msgstr for e in po.entries}[sentence] == "ES " + sentence  # the name comes back as written


# -- names come from the segment's whole article --------------------------------------------------------

PROTECT = '[project]\nsource = "en"\ntargets = ["es"]\n[mt]\nprotect_names = true\n'
FIRST = "A group, Rainbow Railroad, helped them.\n"
LATER = "Rainbow Railroad said so on Monday.\n"  # at a sentence start: no evidence by itself


def _protected_run(root, articles: dict[str, str], jobs: int = 1):
    (root / "articles").mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (root / "articles" / name).write_text(text, encoding="utf-8")
    (root / "presslate.toml").write_text(PROTECT, encoding="utf-8")
    cfg = config_mod.load(root)
    engine = Recorder()
    report = translate(cfg, lambda lang: engine, ["es"], jobs=jobs, now=NOW)
    return cfg, engine.sent, report


def test_a_sentence_translated_alone_later_is_protected_as_in_a_fresh_run(tmp_path):
    _protected_run(tmp_path / "inc", {"a.md": FIRST})
    cfg, sent, report = _protected_run(tmp_path / "inc", {"a.md": FIRST + "\n" + LATER})
    assert report.machine_translated == 1
    assert sent == ["<1/> said so on Monday."]  # the evidence is in a sentence translated in the first run
    fresh, fresh_sent, _ = _protected_run(tmp_path / "fresh", {"a.md": FIRST + "\n" + LATER})
    assert "<1/> said so on Monday." in fresh_sent
    assert cfg.po_path("es", "a").read_bytes() == fresh.po_path("es", "a").read_bytes()


def test_names_to_protect_are_an_articles_own_not_the_runs(tmp_path):
    # c.md never writes the name mid-sentence; a.md, in the same run, does: c is sent as if run alone,
    # so its catalog does not depend on which other articles happened to change.
    other = "Rainbow Railroad opened an office.\n"
    _, sent, _ = _protected_run(tmp_path, {"a.md": FIRST, "c.md": other})
    assert "A group, <1/>, helped them." in sent
    assert other.strip() in sent


@pytest.mark.parametrize("jobs", [1, 2])
def test_protected_names_do_not_depend_on_jobs_or_call_sizes(tmp_path, monkeypatch, jobs):
    from presslate.workflow import backends

    texts = {"a.md": FIRST + "\n" + LATER, "b.md": LATER}
    base, _, _ = _protected_run(tmp_path / "base", texts)
    monkeypatch.setattr(backends, "MT_FIRST_CALL", 1)
    monkeypatch.setattr(backends, "MT_MAX_CALL", 1)
    cfg, _, _ = _protected_run(tmp_path / f"jobs{jobs}", texts, jobs=jobs)
    for article in ("a", "b"):
        assert cfg.po_path("es", article).read_bytes() == base.po_path("es", article).read_bytes()
