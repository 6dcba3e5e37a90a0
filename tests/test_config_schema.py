"""presslate.toml is checked before use (issue 23, item 11): values of the wrong type, article globs
outside the project, unknown sections, keys and engine options are exit 2 with the file, the line
and what to write instead; no traceback, nothing written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslate import config as config_mod
from presslate.cli import main

REPO = Path(__file__).resolve().parent.parent

BASE = '[project]\nsource = "en"\ntargets = ["es"]\n\n[engine]\nname = "pseudo"\n'


def project(tmp_path: Path, text: str) -> Path:
    root = tmp_path / "news"
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "storm.md").write_text("# Storm\n\nThe river rose.\n")
    (root / config_mod.CONFIG_NAME).write_text(text)
    return root


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


CASES = [
    # (presslate.toml, line of the problem, what the message says)
    ('[project]\nsource = "en"\ntargets = [1, 2]\n', 3, r"\[project\] targets must be a list of strings .*not \[1, 2\]"),
    ('[project]\nsource = "en"\ntargets = "es"\n', 3, r"targets must be a list of strings"),
    ('[project]\nsource = 7\ntargets = ["es"]\n', 2, r"\[project\] source must be a string, not 7"),
    ('[project]\nsource = "en"\ntargets = ["es"]\narticles = ["/etc/*.conf"]\n', 4,
     r"'/etc/\*\.conf' is an absolute path"),
    ('[project]\nsource = "en"\ntargets = ["es"]\narticles = ["../elsewhere/*.md"]\n', 4,
     r"'\.\./elsewhere/\*\.md' leads out of the project folder"),
    ('[project]\nsource = "en"\ntargets = ["es"]\narticles = ["articles/*.md", ""]\n', 4, r"'' is empty"),
    ('[project]\nsource = "en"\ntargets = ["es"]\narticles = ["~/news/*.md"]\n', 4, r"is an absolute path"),
    (BASE + "\n[biuld]\ninclude_fuzzy = true\n", 8, r"unknown section \[biuld\]; did you mean 'build'\?"),
    (BASE.replace('name = "pseudo"', 'naem = "pseudo"'), 6, r"unknown key 'naem' in \[engine\]; did you mean 'name'\?"),
    ('[project]\nsource = "en"\ntargets = ["es"]\ntarget = ["fr"]\n', 4,
     r"unknown key 'target' in \[project\]; did you mean 'targets'\? \(known: source, targets"),
    (BASE + "\n[memory]\nthreshold = true\n", 9, r"\[memory\] threshold must be a number, not true"),
    (BASE + "\n[build]\ninclude_fuzzy = \"yes\"\n", 9, r'\[build\] include_fuzzy must be a bool, not "yes"'),
    (BASE + "\n[engine.pseudo]\nexpansion = 0.5\n[front_matter]\ntranslatable = \"title\"\n", 11,
     r"\[front_matter\] translatable must be a list of strings"),
    (BASE.replace('name = "pseudo"', 'name = "pseudo"\nby_language = { es = 3 }'), 7,
     r"\[engine\] by_language must be a table of strings"),
    ('build = 3\n' + BASE, 1, r"build must be a table"),
    (BASE + '\n[html]\nnotranslate_class = ["x"]\n', 9, r"did you mean 'notranslate_classes'\?"),
]


@pytest.mark.parametrize("text,line,message", CASES)
@pytest.mark.parametrize("command", ["translate", "build"])
def test_bad_settings_are_exit_2_with_file_and_line(tmp_path: Path, text: str, line: int, message: str, command: str):
    root = project(tmp_path, text)
    before = files(root)
    result = CliRunner().invoke(main, ["-C", str(root), command])
    assert result.exit_code == 2, (result.output, result.exception)
    assert re.search(rf"presslate\.toml:{line}: .*{message}", result.output), result.output
    assert files(root) == before


def test_unknown_engine_option_is_exit_2_with_did_you_mean(tmp_path: Path):
    root = project(tmp_path, BASE + "\n[engine.pseudo]\nexpanson = 0.5\n")
    result = CliRunner().invoke(main, ["-C", str(root), "translate"])
    assert result.exit_code == 2, (result.output, result.exception)
    assert "unknown option 'expanson' in [engine.pseudo]; did you mean 'expansion'?" in result.output
    assert not (root / "locales").exists()


def test_every_known_setting_still_loads(tmp_path: Path):
    # presslate init's file, the example newsroom's, and one with every section the README lists.
    for text in (config_mod.render_config("en", ["es", "fr"], "pseudo"), (REPO / "presslate.toml").read_text()):
        root = project(tmp_path / str(len(text)), text)
        assert config_mod.load(root).targets
    full = BASE.replace('name = "pseudo"', 'name = "pseudo"\nby_language = { es = "pseudo" }') + (
        '\n[engine.argos]\nbeam_size = 1\n[front_matter]\ntranslatable = ["title"]\n[html]\nnotranslate_classes = []\n'
        '[mt]\nrepair = []\nprotect_names = false\n[style]\nheadings = "keep"\n[memory]\nthreshold = 0.8\n'
        'exact_fuzzy = true\n[build]\ninclude_fuzzy = true\nmin_translated = 50.5\n[run]\nbackend = "local"\n'
        'connect_timeout = 3\n[check]\ndisabled = ["length"]\n[publish]\nsite_title = "News"\n'
    )
    cfg = config_mod.load(project(tmp_path / "full", full))
    assert cfg.headings == "keep" and cfg.min_translated == 50.5 and cfg.engine_options == {"argos": {"beam_size": 1}}


def test_article_globs_inside_the_project_still_work(tmp_path: Path):
    root = project(tmp_path, BASE.replace('targets = ["es"]', 'targets = ["es"]\narticles = ["articles/**/*.md", "./articles/*.md"]'))
    assert [p.name for p in config_mod.load(root).article_paths()] == ["storm.md"]
