"""presslate translate → build with a real (copy) Argos model, installed through `presslate models install`."""

from __future__ import annotations

import argos_models
from click.testing import CliRunner

argos_models.isolate_argostranslate()

from presslate.catalog.pofile import PoFile  # noqa: E402
from presslate.cli import main  # noqa: E402

STORY = """---
title: Council *finally* votes
---

# Council votes on the [harbour plan](https://example.org/plan "The plan")

Members approved `budget_v2` after a **long** debate. Read {{< ref "minutes.md" >}} for details.

- Item one with ![a chart](chart.png) inside.
- Item two with <abbr title="x">HTML</abbr> and snake_case_name.
"""


def test_markup_survives_the_real_argos_path_end_to_end(tmp_path, monkeypatch):
    argos_models.use_packages_dir(monkeypatch, tmp_path / "packages")
    package = argos_models.build_package(tmp_path)
    runner = CliRunner()
    root = tmp_path / "news"

    def run(*args):
        result = runner.invoke(main, ["-C", str(root), *args])
        assert result.exit_code == 0, result.output
        return result.output

    assert "Installed en → es" in run("models", "install", str(package))
    run("init", "--target", "es", "--engine", "argos")
    (root / "articles").mkdir()
    (root / "articles" / "vote.md").write_text(STORY)
    output = run("translate")
    assert "machine-translated by argos" in output and "0 fallbacks" in output
    po = PoFile.read(root / "locales" / "es" / "LC_MESSAGES" / "vote.po")
    entries = [e for e in po.entries if not e.obsolete]
    assert len(entries) >= 7
    # The copy model returns its input: every placeholder and emphasis marker made it through.
    assert all(e.fuzzy and e.msgstr == e.msgid for e in entries)
    assert po.metadata()["X-Machine-Translation"].startswith("Argos Translate translate-en_es")
    run("build", "--include-fuzzy")
    built = (root / "build" / "es" / "vote.md").read_text()
    assert built == STORY.replace("---\n\n#", "lang: es\n---\n\n#")
