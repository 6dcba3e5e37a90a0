"""presslate eval: block alignment, markup counting, settings overrides, the CLI with pseudo and Apertium.

The fixtures in tests/data/eval/ are small en/es article pairs written for
these tests: ``ferry`` (Markdown; the Spanish has one extra paragraph) and
``market`` (HTML).  Apertium tests skip without ``apertium-eng-spa``,
except on CI (``CI=true``) where that is a failure.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from system_tools import require_apertium_eng_spa

from presslate import evaluation
from presslate.cli import main
from presslate.errors import ConfigError
from presslate.evaluation.blocks import align, parse_blocks, parse_fragment
from presslate.evaluation.settings import apply_overrides, dumps, parse_override
from presslate.formats import Options, parse_text

DATA = Path(__file__).parent / "data" / "eval"
FERRY = DATA / "ferry"
MARKET = DATA / "market"


def blocks(path: Path, lang: str):
    return parse_blocks(path.read_text(encoding="utf-8"), str(path), lang)


def run_cli(*args: str, project: Path | None = None, code: int = 0):
    result = CliRunner().invoke(main, [*(["-C", str(project)] if project else []), "eval", *args])
    assert result.exit_code == code, result.output
    return result


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- blocks and alignment ------------------------------------------------------------------------------


def test_blocks_are_paragraph_segments_with_words_and_markup():
    en = blocks(FERRY / "en.md", "en")
    kinds = [b.kind for b in en]
    assert kinds == ["front matter: title", "heading 1", "paragraph", "heading 2", "paragraph", "list item", "list item",
                     "paragraph"]
    intro = en[2]
    assert intro.text.startswith("The harbour authority restored the night ferry on Monday after a two-year pause.")
    assert "*" not in intro.text and "<1>" not in intro.text and "harbour office." in intro.text
    assert intro.markup == {("link", "[…](https://harbour.example.org/tickets)"): 1, ("emphasis", "*"): 2}
    assert en[4].markup == {("code", "`ferry --next`"): 1}
    assert en[0].source == "The night ferry returns"  # a front-matter value reaches a raw engine unquoted


def test_alignment_pairs_equal_kinds_in_order_and_reports_the_rest():
    en, es = blocks(FERRY / "en.md", "en"), blocks(FERRY / "es.md", "es")
    result = align(en, es)
    assert len(es) == len(en) + 1
    assert [es[j].text for j in result.unmatched_b] == ["Esta sección se actualiza cada temporada."]
    assert result.unmatched_a == []
    assert all(en[i].kind == es[j].kind for i, j in result.pairs)
    assert [(i, j) for i, j in result.pairs][-3:] == [(5, 6), (6, 7), (7, 8)]  # after the extra paragraph


def test_alignment_leaves_blocks_of_other_kinds_unmatched():
    en = parse_blocks("# Title\n\nOne.\n\n- item\n", "a.md", "en")
    es = parse_blocks("# Título\n\n- elemento\n\n## Más\n", "a.md", "es")
    result = align(en, es)
    assert [(en[i].kind, es[j].kind) for i, j in result.pairs] == [("heading 1", "heading 1"), ("list item", "list item")]
    assert [en[i].kind for i in result.unmatched_a] == ["paragraph"]
    assert [es[j].kind for j in result.unmatched_b] == ["heading 2"]


# --- markup counting ------------------------------------------------------------------------------------


def test_raw_output_that_broke_code_and_a_link_counts_as_not_kept():
    source = parse_blocks("Run `npm test` and read [the docs](https://x.example/docs) **now**.\n", "a.md", "en")[0]
    broken = parse_fragment("Corre `npm prueba` y lee [los docs](https://x.example/documentos) **ahora**.", "markdown", "es")
    intact = parse_fragment("Ejecute `npm test` y lea [la guía](https://x.example/docs) **ya**.", "markdown", "es")
    reference = parse_fragment("Ejecuta `npm test` y consulta [la documentación](https://x.example/docs) **ya**.",
                               "markdown", "es")
    for hyp, kept in ((broken, 0), (intact, 1)):
        scores = evaluation.score([hyp], [reference], [source])
        assert scores.kept["code"] == [kept, 1]
        assert scores.kept["link"] == [kept, 1]
        assert scores.kept["emphasis"] == [2, 2]
        assert scores.like_reference == 1  # same number of links, code spans and emphasis either way
    garbled = parse_fragment("Corre npm prueba y lee los docs ahora.", "markdown", "es")
    scores = evaluation.score([garbled], [reference], [source])
    assert scores.kept == {"link": [0, 1], "code": [0, 1], "emphasis": [0, 2]} and scores.like_reference == 0


def test_html_markup_is_counted_like_markdown():
    source = blocks(MARKET / "en.html", "en")
    assert [b.kind for b in source] == ["page title", "heading 1", "paragraph", "paragraph"]
    assert source[2].markup == {("link", '<a href="map.html">…</a>'): 1, ("emphasis", "<em>…</em>"): 1}
    assert source[3].markup == {("code", "<code>stall-pass</code>"): 1}
    assert parse_fragment("Paga con <code>puesto-pase</code>.", "html", "es").markup == {("code", "<code>puesto-pase</code>"): 1}


def test_scores_come_from_sacrebleu():
    sacrebleu = pytest.importorskip("sacrebleu")
    ref = parse_fragment("El mercado abre a las ocho.", "markdown", "es")
    hyp = parse_fragment("El mercado abre a ocho.", "markdown", "es")
    scores = evaluation.score([hyp], [ref], [hyp])
    assert scores.chrf == round(sacrebleu.corpus_chrf([hyp.text], [[ref.text]]).score, 2)
    assert scores.bleu == round(sacrebleu.corpus_bleu([hyp.text], [[ref.text]]).score, 2)
    assert 0 < scores.chrf < 100


def test_html_close_tag_with_a_non_ascii_letter_is_not_a_tag():
    """Pseudo output ``</ém>`` crashed the HTML parser; like a browser, it is a bogus comment now."""
    text = "<p>Abre a las <ém>ocho</ém> hoy.</p>"
    doc = parse_text(text, "a.html", Options("es"))
    assert doc.render() == text
    assert [s.text for s in doc.segments()] == ["Abre a las <ém>ocho<1/> hoy."]


# --- settings overrides ----------------------------------------------------------------------------------


def test_overrides_take_any_dotted_key_and_toml_values():
    assert parse_override("engine.argos.beam_size=2") == (["engine", "argos", "beam_size"], 2)
    assert parse_override('mt.repair=["spacing", "quotes"]') == (["mt", "repair"], ["spacing", "quotes"])
    assert parse_override("project.segmentation=paragraph") == (["project", "segmentation"], "paragraph")
    assert parse_override('style.headings = "sentence"') == (["style", "headings"], "sentence")
    assert parse_override("mt.protect_names=true") == (["mt", "protect_names"], True)
    data = apply_overrides({"engine": {"name": "apertium"}}, [
        "engine.by_language={ fr = \"pseudo\" }", "mt.repair=[\"a\"]", "engine.argos.beam_size=4", "check.length_ratio=[0.5, 2.5]",
    ])
    assert data == {"engine": {"name": "apertium", "by_language": {"fr": "pseudo"}, "argos": {"beam_size": 4}},
                    "mt": {"repair": ["a"]}, "check": {"length_ratio": [0.5, 2.5]}}
    assert tomllib.loads(dumps(data)) == data


@pytest.mark.parametrize("bad", ["segmentation=paragraph", "project.=x", "project.segmentation", 'mt.repair=["a"',
                                 "a..b=1"])
def test_bad_overrides_are_config_errors(bad):
    with pytest.raises(ConfigError):
        parse_override(bad)


# --- the CLI with the pseudo engine -------------------------------------------------------------------------


@pytest.fixture
def user_project(tmp_path: Path) -> Path:
    """A project whose files eval must leave alone (its settings are read)."""
    root = tmp_path / "newsroom"
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "story.md").write_text("# Story\n\nText.\n", encoding="utf-8")
    (root / "presslate.toml").write_text(
        '[project]\nsource = "en"\ntargets = ["es"]\n\n[engine]\nname = "pseudo"\n', encoding="utf-8")
    return root


def test_eval_json_with_pseudo_runs_the_pipeline_and_touches_nothing(user_project):
    before = snapshot(user_project)
    result = run_cli("--source", str(FERRY / "en.md"), "--reference", str(FERRY / "es.md"), "--json", project=user_project)
    assert snapshot(user_project) == before  # no catalogs, no .presslate/, no build/
    data = json.loads(result.output)
    assert data["engine"] == "pseudo"  # from the project's presslate.toml
    (pair,) = data["pairs"]
    assert pair["name"] == "ferry"
    assert (pair["source_blocks"], pair["reference_blocks"], pair["aligned"]) == (8, 9, 8)
    assert pair["unmatched_reference"] == ["paragraph: Esta sección se actualiza cada temporada."]
    assert pair["entries"] == pair["machine_translated"] == 9  # sentences (title = heading): really machine-translated
    assert pair["fell_back"] == 0
    pipe, raw = pair["pipeline"], pair["raw"]
    assert pipe["kept"] == {"link": [1, 1], "code": [1, 1], "emphasis": [4, 4]}
    assert raw["kept"]["code"] == [0, 1]  # raw pseudo accents the code span
    assert 0 <= pipe["chrf"] < 10  # pseudo-localized English is not Spanish
    assert data["total"]["pipeline"]["chrf"] == pipe["chrf"]


def test_eval_set_changes_the_settings_of_the_run(user_project):
    args = ["--source", str(FERRY / "en.md"), "--reference", str(FERRY / "es.md"), "--json"]
    sentences = json.loads(run_cli(*args, project=user_project).output)["pairs"][0]
    paragraphs = json.loads(run_cli(*args, "--set", "project.segmentation=paragraph", "--set", 'mt.repair=["spaces"]',
                                    project=user_project).output)
    assert paragraphs["overrides"] == ["project.segmentation=paragraph", 'mt.repair=["spaces"]']
    assert paragraphs["pairs"][0]["entries"] == 7 < sentences["entries"]  # one entry per distinct block
    bad = run_cli(*args, "--set", "project.segmentation=chapter", project=user_project, code=2)
    assert "segmentation must be one of" in bad.output


def test_eval_directory_form_prints_one_table_with_a_total(user_project):
    result = run_cli(str(DATA), "--engine", "pseudo", project=user_project)
    lines = result.output.splitlines()
    assert lines[1].split()[:4] == ["pair", "blocks", "chrF", "raw"]
    assert [line.split()[0] for line in lines[2:5]] == ["ferry", "market", "total"]
    assert lines[2].split()[1] == "8/8" and lines[4].split()[2] == "12/12"
    assert "ferry: reference block without a source block: paragraph: Esta sección" in result.output


def test_eval_input_errors_exit_2(tmp_path):
    run_cli("--source", str(FERRY / "en.md"), code=2)  # --reference missing
    run_cli(code=2)  # nothing to evaluate
    missing = run_cli("--source", str(tmp_path / "no.md"), "--reference", str(FERRY / "es.md"), "--engine", "pseudo", code=2)
    assert "no.md" in missing.output and "no such file" in missing.output
    mixed = run_cli("--source", str(FERRY / "en.md"), "--reference", str(MARKET / "es.html"), "--engine", "pseudo", code=2)
    assert "same format" in mixed.output
    bad = run_cli("--source", str(FERRY / "en.md"), "--reference", str(FERRY / "es.md"), "--set", "oops", code=2)
    assert "SECTION.KEY=VALUE" in bad.output
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no en.*/es.* article pairs" in run_cli(str(empty), "--engine", "pseudo", code=2).output


def test_eval_check_exits_1_when_the_pipeline_scores_below_the_raw_engine():
    # Raw pseudo output keeps the tags it broke as text (<à ĥŕéf="màþ.ĥţmļ">), and their letters
    # happen to share a few character n-grams with the Spanish; the pipeline's output has none.
    result = run_cli("--source", str(MARKET / "en.html"), "--reference", str(MARKET / "es.html"), "--engine", "pseudo",
                     "--json", "--check", code=1)
    data = json.loads(result.output)
    assert data["goal_met"] is False
    assert data["pairs"][0]["pipeline"]["chrf"] < data["pairs"][0]["raw"]["chrf"]


def test_goal_needs_every_link_and_code_span():
    ok = evaluation.Scores(chrf=50, kept={"link": [2, 2], "code": [1, 1], "emphasis": [0, 2]})
    broken = evaluation.Scores(chrf=50, kept={"link": [1, 2], "code": [1, 1]})
    raw = evaluation.Scores(chrf=40)

    def result(pipeline):
        pair = evaluation.PairResult("p", "en.md", "es.md", "x", 1, 1, 1, [], [], 0, pipeline, raw, 1, 1, 0, 0, [])
        return evaluation.EvalResult("x", [], [pair], pipeline, raw)

    assert result(ok).goal_met() and not result(broken).goal_met()


# --- Apertium ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def needs_apertium() -> None:
    require_apertium_eng_spa()


def test_eval_apertium_keeps_markup_the_raw_engine_breaks(needs_apertium):
    result = evaluation.evaluate(FERRY / "en.md", FERRY / "es.md", "apertium")
    (pair,) = result.pairs
    assert pair.engine == "apertium" and pair.machine_translated == pair.entries == 9
    assert pair.pipeline.kept == {"link": [1, 1], "code": [1, 1], "emphasis": [4, 4]}
    # What raw Apertium does to `ferry --next` is the engine's business; presslate never keeps less than it.
    assert pair.raw.kept["code"][1] == 1 and pair.raw.kept["code"][0] <= pair.pipeline.kept["code"][0]
    assert pair.pipeline.chrf > 35 and pair.raw.chrf > 35  # Spanish now, not English
    built = {t.source.kind: t.pipeline.text for t in pair.triples}
    assert built["heading 2"] == "Horario"


def test_eval_apertium_cli_on_html(needs_apertium, user_project):
    result = run_cli("--source", str(MARKET / "en.html"), "--reference", str(MARKET / "es.html"), "--engine", "apertium",
                     "--json", project=user_project)
    pair = json.loads(result.output)["pairs"][0]
    assert pair["pipeline"]["kept"]["code"] == [1, 1] and pair["pipeline"]["kept"]["link"] == [1, 1]
    # The raw engine is measured on the same spans; whatever it does to them, the pipeline keeps at least as much.
    for kind in ("code", "link"):
        assert pair["raw"]["kept"][kind][1] == 1 and pair["raw"]["kept"][kind][0] <= pair["pipeline"]["kept"][kind][0]


# --- the measured alternative: Apertium's -f html deformatter (engine.apertium.markup = "html") ---------------


def test_html_markup_encoding_round_trips_placeholders_and_escapes_text():
    from presslate.engines import apertium_html

    text = "Tom & Jerry read <1>the <2>new</2> guide</1> with <3/> < 5 times."
    encoded = apertium_html.encode(text)
    assert encoded == ('Tom &amp; Jerry read <span data-p="1">the <span data-p="2">new</span> guide</span> with '
                       '<img data-p="3"> &lt; 5 times.')
    assert apertium_html.decode(encoded) == text
    assert apertium_html.decode('el <span data-p="1"> coche rojo</span> hoy') == "el <1>coche rojo</1> hoy"
    assert apertium_html.decode("sin </span> abrir") is None


def test_unknown_apertium_markup_setting_is_refused():
    from presslate.engines import EngineError, get_engine

    with pytest.raises(EngineError, match="markup must be one of"):
        get_engine("apertium", {"markup": "xml"})


@pytest.mark.parametrize("markup", ["wordbound", "html"])
def test_do_not_translate_names_and_glossary_survive_either_markup_mode(needs_apertium, tmp_path, markup):
    from presslate import config as config_mod
    from presslate.catalog.pofile import PoFile
    from presslate.engines import get_engine
    from presslate.workflow.translate import translate

    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "story.md").write_text(
        "# Rainbow Railroad helps families\n\nThe flood warning reached [Rainbow Railroad](https://rr.example.org) "
        "on **Monday**.\n", encoding="utf-8")
    (tmp_path / "glossary.toml").write_text(
        '[do_not_translate]\nterms = ["Rainbow Railroad"]\n\n[[term]]\nsource = "flood warning"\nes = "alerta por inundaciones"\n',
        encoding="utf-8")
    (tmp_path / "presslate.toml").write_text(
        f'[project]\nsource = "en"\ntargets = ["es"]\n\n[engine]\nname = "apertium"\n\n[engine.apertium]\nmarkup = "{markup}"\n',
        encoding="utf-8")
    cfg = config_mod.load(tmp_path)
    engine = get_engine("apertium", cfg.engine_options.get("apertium"))
    assert engine.identity("en", "es").endswith(":html") == (markup == "html")
    report = translate(cfg, lambda _lang: engine, ["es"])
    assert report.machine_translated == 2
    po = PoFile.parse(cfg.po_path("es", "story").read_bytes(), "story.po")
    translations = {e.msgid: e.msgstr for e in po.entries if e.msgid}
    heading = translations["Rainbow Railroad helps families"]
    body = translations["The flood warning reached <1>Rainbow Railroad</1> on **Monday**."]
    assert "Rainbow Railroad" in heading and "Ferrocarril" not in heading + body
    assert "<1>Rainbow Railroad</1>" in body and body.count("**") == 2
    checked = CliRunner().invoke(main, ["-C", str(tmp_path), "check", "--json"])
    found = {(f["check"], f["msgid"]) for f in json.loads(checked.output)}
    assert not any(check == "do-not-translate" for check, _ in found)
    wants_term = "alerta por inundaciones" not in body
    assert (("glossary", "The flood warning reached <1>Rainbow Railroad</1> on **Monday**.") in found) == wants_term
