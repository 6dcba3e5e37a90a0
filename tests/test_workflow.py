"""The spine end to end through the CLI: init, translate, status, build."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from example_project import copy_articles

from presslate.catalog.pofile import PoFile
from presslate.cli import main

REPO = Path(__file__).resolve().parent.parent

STORY = """---
title: Bridge reopens after repairs
description: Engineers finished two weeks early.
date: 2026-05-02
---

# Bridge reopens after repairs

The Old Bridge reopened on Monday. Engineers finished the work two weeks early.

Read the [full report](https://example.org/report) for details.

- Traffic is *light*.
- Buses return on Tuesday.
"""


def run(project: Path, *args: str, code: int | None = 0):
    result = CliRunner().invoke(main, ["-C", str(project), *args])
    if code is not None:
        assert result.exit_code == code, result.output
    return result


def snapshot(root: Path) -> dict[str, bytes]:
    """Every user-visible file (presslate's own state in .presslate/ aside)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".presslate" not in p.relative_to(root).parts}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    run(root, "init", "--source", "en", "--target", "es", "--target", "fr-CA", "--engine", "pseudo")
    (root / "articles").mkdir()
    (root / "articles" / "bridge.md").write_text(STORY, encoding="utf-8")
    return root


def po_path(project: Path, lang: str = "es", article: str = "bridge") -> Path:
    return project / "locales" / lang / "LC_MESSAGES" / f"{article}.po"


def edit_po(path: Path, msgid: str, msgstr: str, fuzzy: bool = False) -> None:
    """Act as a translator in a text editor: change one entry, keep the rest."""
    po = PoFile.read(path)
    entry = po.find(msgid)
    entry.msgstr = msgstr
    entry.fuzzy = fuzzy
    path.write_bytes(po.serialize())


def test_init_normalizes_languages_and_refuses_unknown(tmp_path: Path):
    run(tmp_path, "init", "--target", "es-mx", "--target", "pt_BR")
    text = (tmp_path / "presslate.toml").read_text()
    assert 'targets = ["es_MX", "pt_BR"]' in text
    result = run(tmp_path / "other", "init", "--target", "xx-nowhere", code=2)
    assert "unknown language code" in result.output
    assert not (tmp_path / "other" / "presslate.toml").exists()


def test_translate_writes_templates_and_catalogs(project: Path):
    result = run(project, "translate")
    assert "machine-translated by pseudo" in result.output
    pot = project / "locales" / "templates" / "bridge.pot"
    es = po_path(project)
    fr = po_path(project, "fr_CA")
    assert pot.exists() and es.exists() and fr.exists()
    catalog = polib.pofile(str(es))
    assert catalog.metadata["Language"] == "es"
    assert catalog.metadata["Plural-Forms"].startswith("nplurals=")
    ids = [e.msgid for e in catalog]
    assert ids == [
        "Bridge reopens after repairs",
        "Engineers finished two weeks early.",
        "The Old Bridge reopened on Monday.",
        "Engineers finished the work two weeks early.",
        "Read the <1>full report</1> for details.",
        "Traffic is *light*.",
        "Buses return on Tuesday.",
    ]
    title = catalog.find("Bridge reopens after repairs")
    assert title.occurrences == [("articles/bridge.md", "2"), ("articles/bridge.md", "7")]
    assert "front matter: title" in title.comment and "heading 1" in title.comment
    assert catalog.find("The Old Bridge reopened on Monday.").comment == "paragraph, sentence 1 of 2"
    assert all("fuzzy" in e.flags and e.msgstr for e in catalog)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
def test_generated_catalogs_pass_msgfmt_check(project: Path):
    run(project, "translate")
    for path in (project / "locales").rglob("*.po"):
        result = subprocess.run(["msgfmt", "--check-format", "--check-header", "-o", "/dev/null", str(path)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_rerun_on_unchanged_input_changes_no_byte(project: Path):
    run(project, "translate")
    before = snapshot(project)
    result = run(project, "translate")
    assert "0 files written" in result.output
    assert snapshot(project) == before


def test_source_edit_keeps_translator_work(project: Path):
    run(project, "translate")
    edit_po(po_path(project), "The Old Bridge reopened on Monday.", "El Puente Viejo reabrió el lunes.")
    edit_po(po_path(project), "Traffic is *light*.", "Hay poco tráfico.")
    edit_po(po_path(project), "Buses return on Tuesday.", "Los autobuses vuelven el martes.")
    reviewed_bytes = po_path(project).read_bytes()
    untouched_entry = reviewed_bytes[reviewed_bytes.index(b'#. list item\n#: articles/bridge.md:13'):]
    untouched_entry = untouched_entry[: untouched_entry.index(b"\n\n") + 1]

    story = STORY.replace("reopened on Monday.", "reopened on Monday morning.")
    story = story.replace("- Buses return on Tuesday.\n", "")
    (project / "articles" / "bridge.md").write_text(story, encoding="utf-8")
    result = run(project, "translate")
    assert "2 fuzzy from source changes" in result.output  # es and fr

    po = PoFile.read(po_path(project))
    changed = po.find("The Old Bridge reopened on Monday morning.")
    assert changed.fuzzy and changed.msgstr == "El Puente Viejo reabrió el lunes."
    assert changed.previous_msgid == "The Old Bridge reopened on Monday."
    removed = po.find("Buses return on Tuesday.", include_obsolete=True)
    assert removed.obsolete and removed.msgstr == "Los autobuses vuelven el martes."
    assert untouched_entry in po_path(project).read_bytes()
    assert b"#~ msgid \"Buses return on Tuesday.\"" in po_path(project).read_bytes()

    # Putting the sentence back revives the obsolete translation as it was.
    (project / "articles" / "bridge.md").write_text(STORY, encoding="utf-8")
    run(project, "translate")
    back = PoFile.read(po_path(project)).find("Buses return on Tuesday.")
    assert back is not None and not back.fuzzy and back.msgstr == "Los autobuses vuelven el martes."


def test_status_counts_entries_and_words(project: Path):
    run(project, "translate")
    edit_po(po_path(project), "Traffic is *light*.", "Hay *poco* tráfico.")
    result = run(project, "status", "--json")
    data = json.loads(result.output)
    rows = {(r["article"], r["lang"]): r for r in data["rows"]}
    es = rows[("bridge", "es")]
    assert es["entries"] == {"reviewed": 1, "edited": 0, "aligned": 0, "machine": 6, "changed": 0, "refused": 0, "untranslated": 0,
                             "obsolete": 0}
    assert es["words"]["reviewed"] == 3
    # Words count each time a sentence occurs in the article, as build renders it: the title twice (front matter, heading).
    assert es["words"]["machine"] == 2 * 4 + 4 + 6 + 7 + 7 + 4
    assert es["warnings"] >= 6 and es["errors"] == 0  # the fuzzy entries
    assert rows[("bridge", "fr_CA")]["entries"]["reviewed"] == 0
    assert data["total"]["entries"]["reviewed"] == 1
    assert round(es["percent_reviewed"]) == 8  # 3 of 39 words, the title counted twice

    # An edited sentence is "changed", not "machine": its fuzzy translation is a translator's.
    (project / "articles" / "bridge.md").write_text(STORY.replace("Traffic is *light*.", "Traffic is *very light*."))
    run(project, "translate", "--lang", "es")
    es = {(r["article"], r["lang"]): r for r in json.loads(run(project, "status", "--json").output)["rows"]}[("bridge", "es")]
    assert es["entries"]["changed"] == 1 and es["entries"]["reviewed"] == 0
    text = run(project, "status").output
    assert "bridge" in text and text.splitlines()[-1].startswith("total")


def test_build_uses_reviewed_translations_and_sets_lang(project: Path):
    run(project, "translate")
    edit_po(po_path(project), "Read the <1>full report</1> for details.", "Lea el <1>informe completo</1> para más detalles.")
    run(project, "build", "--lang", "es")
    out = (project / "build" / "es" / "bridge.md").read_text()
    assert "Lea el [informe completo](https://example.org/report) para más detalles." in out
    assert "lang: es\n---" in out
    assert "The Old Bridge reopened on Monday." in out  # fuzzy MT not used by default
    run(project, "build", "--lang", "es", "--include-fuzzy")
    out = (project / "build" / "es" / "bridge.md").read_text()
    assert "The Old Bridge" not in out and "[Ţĥé Öļð" in out
    assert not (project / "build" / "fr-CA").exists()
    run(project, "build")
    assert "lang: fr-CA" in (project / "build" / "fr-CA" / "bridge.md").read_text()


def test_build_min_translated_skips_and_says_so(project: Path):
    run(project, "translate")
    result = run(project, "build", "--min-translated", "50")
    assert "below --min-translated 50%" in result.output
    assert not (project / "build" / "es" / "bridge.md").exists()


def test_broken_translation_falls_back_and_exits_1(project: Path):
    run(project, "translate")
    edit_po(po_path(project), "Read the <1>full report</1> for details.", "Lea el informe completo.")
    edit_po(po_path(project), "Traffic is *light*.", "Hay *poco tráfico.")  # emphasis left open
    result = run(project, "build", "--lang", "es", code=1)
    line = PoFile.read(po_path(project)).find("Read the <1>full report</1> for details.").line
    assert f"locales/es/LC_MESSAGES/bridge.po:{line}: missing placeholder <1>, </1>" in result.output
    assert "emphasis" in result.output
    out = (project / "build" / "es" / "bridge.md").read_text()
    assert "Read the [full report](https://example.org/report) for details." in out
    assert "- Traffic is *light*." in out

    shutil.rmtree(project / "build")
    result = run(project, "build", "--lang", "es", "--strict", code=1)
    assert "nothing written" in result.output
    assert not (project / "build").exists()


@pytest.mark.parametrize(
    "breakage, message",
    [
        (lambda p: (p / "articles" / "bridge.md").write_bytes(b"# Title\n\nBad \xe9 byte\n"), "bridge.md:3: invalid UTF-8"),
        (lambda p: (p / "articles" / "bridge.md").write_text("---\ntitle: [oops\n---\n"), "bridge.md:"),
        (lambda p: po_path(p).write_text(po_path(p).read_text().replace('msgstr "', 'msgstr "\\q', 1)), "bridge.po:"),
        (lambda p: po_path(p).write_text(po_path(p).read_text() + '\nmsgid "unterminated\nmsgstr ""\n'), "bridge.po:"),
        (lambda p: po_path(p).write_text(po_path(p).read_text() + '\nmsgid "Traffic is *light*."\nmsgstr "x"\n'),
         "bridge.po:"),
        (lambda p: po_path(p).write_text(po_path(p).read_text()
                                         + '\nmsgid "one"\nmsgid_plural "many"\nmsgstr[0] "uno"\n'), "bridge.po:"),
        (lambda p: (p / "presslate.toml").write_text((p / "presslate.toml").read_text().replace('"es"', '"zz-nope"')), "zz-nope"),
    ],
    ids=["invalid-utf8", "front-matter", "po-bad-escape", "po-unterminated", "po-duplicate-msgid", "po-plural-count",
         "unknown-language"],
)
def test_bad_input_exits_2_and_changes_nothing(project: Path, breakage, message):
    run(project, "translate")
    (project / "articles" / "second.md").write_text("# A second story\n\nNew text here.\n")
    breakage(project)
    before = snapshot(project)
    for command in (["translate"], ["build"], ["status"]):
        result = run(project, *command, code=None)
        if command == ["status"] and "bridge.md" in message:
            continue  # status reads PO files, not articles
        assert result.exit_code == 2, (command, result.output)
        assert message in result.output, result.output
    assert snapshot(project) == before


def test_missing_article_and_unknown_lang_option(project: Path):
    result = run(project, "translate", "articles/nope.md", code=2)
    assert "articles/nope.md" in result.output and "no such article" in result.output
    result = run(project, "build", "--lang", "de", code=2)
    assert "not among the project's targets" in result.output
    assert not (project / "locales").exists()


def test_engine_without_model_stops_before_writing(project: Path, monkeypatch):
    from presslate.engines import pseudo
    from presslate.engines.base import EngineError

    def refuse(self, source, target):
        raise EngineError(f"no model for {source}→{target}; install one with `presslate models install {source} {target}`")

    monkeypatch.setattr(pseudo.PseudoEngine, "check_pair", refuse)
    result = run(project, "translate", code=2)
    assert "presslate models install en es" in result.output
    assert not (project / "locales").exists()


def test_real_subprocess_run(project: Path):
    env_python = sys.executable
    result = subprocess.run([env_python, "-m", "presslate", "-C", str(project), "translate"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "files written" in result.stdout
    assert po_path(project).exists()
    result = subprocess.run([env_python, "-m", "presslate", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "translate" in result.stdout


def test_example_newsroom_is_in_sync_and_builds(tmp_path: Path):
    """The repo's own project: committed PO files match the articles; the reviewed article builds in Spanish."""
    shutil.copy(REPO / "presslate.toml", tmp_path / "presslate.toml")
    copy_articles(tmp_path, demo=True)
    before = snapshot(tmp_path)
    # Every article's committed catalogs are in sync, except the demo article's, which are never committed.
    assert "3 files written" in run(tmp_path, "translate", "--engine", "pseudo").output
    after = snapshot(tmp_path)
    new = sorted(set(after) - set(before))
    assert all("night-market-opens" in name for name in new) and len(new) == 3
    assert {name: after[name] for name in before} == before
    run(tmp_path, "build", "--reviewed-only", "--lang", "es")
    reviewed = (tmp_path / "build" / "es" / "2026" / "river-flood-warning.md").read_text()
    assert "# La autoridad fluvial emite una alerta por inundaciones en el valle bajo" in reviewed
    assert "[medidor del río en directo](https://example.org/gauges/alder-12)" in reviewed
    untouched = (tmp_path / "build" / "es" / "2026" / "library-reopens.md").read_text()
    assert "# Central library reopens after two-year renovation" in untouched


def test_second_run_refuses_while_the_lock_is_held(project: Path):
    from presslate.workflow.lock import project_lock

    with project_lock(project):
        result = run(project, "translate", code=2)
        assert "another presslate run" in result.output and "--wait" in result.output
        assert not (project / "locales").exists()
        run(project, "build", code=2)
    run(project, "translate")


def test_publish_through_the_cli(project: Path):
    run(project, "translate")
    result = run(project, "publish")
    assert "bridge.md [es]: 0% reviewed" in result.output  # default policy: 100% reviewed
    assert (project / "site" / "en" / "bridge.html").exists()
    assert not (project / "site" / "es" / "bridge.html").exists()
    run(project, "publish", "--min-reviewed", "0", "--allow-machine")
    page = (project / "site" / "es" / "bridge.html").read_text()
    assert 'lang="es"' in page and "pseudo" in page


def test_check_reports_findings_with_exit_codes(project: Path):
    run(project, "translate")
    result = run(project, "check", "--lang", "es")
    assert "[fuzzy] warning" in result.output and "0 errors" in result.output
    run(project, "check", "--lang", "es", "--require-reviewed", code=1)
    edit_po(po_path(project), "The Old Bridge reopened on Monday.", "El Puente Viejo reabrió el martes 7.")
    result = run(project, "check", "--lang", "es", "--json", code=1)
    findings = json.loads(result.output)
    numbers = [f for f in findings if f["check"] == "numbers"]
    assert numbers and numbers[0]["path"].endswith("locales/es/LC_MESSAGES/bridge.po")
    po_path(project).write_text('msgid "broken\n')
    assert "bridge.po:1" in run(project, "check", code=2).output


def test_do_not_translate_names_pass_through_machine_translation(project: Path):
    (project / "glossary.toml").write_text('[do_not_translate]\nterms = ["Old Bridge"]\n')
    run(project, "translate")
    entry = PoFile.read(po_path(project)).find("The Old Bridge reopened on Monday.")
    assert "Old Bridge" in entry.msgstr and entry.msgstr != entry.msgid
    assert "Öļð" not in entry.msgstr


def test_memory_fills_repeated_sentences_and_exports_tmx(project: Path, tmp_path: Path):
    run(project, "translate", "--lang", "es")
    edit_po(po_path(project), "Traffic is *light*.", "Hay *poco* tráfico.")
    (project / "articles" / "second.md").write_text("# Roads\n\nTraffic is *light*. Traffic is *heavy*.\n")
    result = run(project, "translate", "--lang", "es")
    assert "memory: 1 exact, 1 fuzzy" in result.output
    second = PoFile.read(po_path(project, "es", "second"))
    exact = second.find("Traffic is *light*.")
    assert exact.msgstr == "Hay *poco* tráfico." and not exact.fuzzy
    close = second.find("Traffic is *heavy*.")
    assert close.fuzzy and close.msgstr == "Hay *poco* tráfico." and close.previous_msgid == "Traffic is *light*."

    tmx = tmp_path / "out.tmx"
    assert "wrote 1 translation unit to" in run(project, "memory", "export", "--tmx", str(tmx)).output
    other = tmp_path / "other"
    run(other, "init", "--target", "es", "--engine", "pseudo")
    assert "imported 1 translation unit from" in run(other, "memory", "import", "--tmx", str(tmx)).output
    tmx.write_text("<tmx><body><tu>")
    assert "out.tmx:1" in run(other, "memory", "import", "--tmx", str(tmx), code=2).output


def test_html_and_text_articles_go_through_the_same_workflow(project: Path):
    config_path = project / "presslate.toml"
    config_path.write_text(config_path.read_text().replace(
        'articles = ["articles/**/*.md"]', 'articles = ["articles/**/*.md", "articles/**/*.html", "articles/**/*.txt"]'))
    (project / "articles" / "page.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><title>Flood news</title></head>\n<body>\n'
        '<p>Water is <a href="/gauge">rising</a> fast.</p>\n<p class="notranslate">Alder Gauge 12</p>\n</body></html>\n')
    (project / "articles" / "note.txt").write_text("First note. Second note.\n\nAnother paragraph.\n")
    run(project, "translate", "--lang", "es")
    html_po = PoFile.read(po_path(project, "es", "page"))
    assert [e.msgid for e in html_po.entries] == ["Flood news", "Water is <1>rising</1> fast."]
    edit_po(po_path(project, "es", "page"), "Water is <1>rising</1> fast.", "El agua <1>sube</1> rápido.")
    edit_po(po_path(project, "es", "note"), "Second note.", "Segunda nota.")
    run(project, "build", "--lang", "es")
    page = (project / "build" / "es" / "page.html").read_text()
    assert '<html lang="es">' in page and '<p>El agua <a href="/gauge">sube</a> rápido.</p>' in page
    assert '<p class="notranslate">Alder Gauge 12</p>' in page
    assert (project / "build" / "es" / "note.txt").read_text() == "First note. Segunda nota.\n\nAnother paragraph.\n"


def test_xliff_export_edit_import_through_the_cli(project: Path, tmp_path: Path):
    run(project, "translate", "--lang", "es")
    before = po_path(project).read_bytes()
    out = tmp_path / "xliff"
    assert "1 XLIFF files written" in run(project, "export", "--xliff", str(out), "--lang", "es").output
    xlf = out / "es" / "bridge.xlf"
    text = xlf.read_text()
    assert 'srcLang="en"' in text and 'trgLang="es"' in text and 'state="translated"' in text
    assert "0 updated, 7 unchanged" in run(project, "import", "--xliff", str(xlf)).output
    assert po_path(project).read_bytes() == before  # nothing changed in the CAT tool: no byte changes
    target = PoFile.read(po_path(project)).find("Traffic is *light*.").msgstr
    xlf.write_text(text.replace(f"<target>{target}</target>", "<target>Hay *poco* tráfico.</target>", 1)
                   .replace('state="translated"', 'state="final"', 1))
    run(project, "import", "--xliff", str(xlf))
    assert PoFile.read(po_path(project)).find("Traffic is *light*.").msgstr == "Hay *poco* tráfico."
