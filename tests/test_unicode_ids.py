"""Article ids with letters of any script (issue 23, item 13): café.md goes through translate,
build, the desk and publish; ids stay NFC; what could point outside locales/ or build/ is still refused."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslate import config as config_mod
from presslate.cli import main
from presslate.desk.core import Desk
from presslate.errors import ConfigError

NAMES = ["café", "noticias/niño-año", "हिन्दी", "новости/москва", "日本語.2026"]


def project(tmp_path: Path, names: list[str]) -> Path:
    root = tmp_path / "news"
    root.mkdir()
    (root / config_mod.CONFIG_NAME).write_text(config_mod.render_config("en", ["es"], "pseudo"))
    for n, name in enumerate(names):
        path = root / "articles" / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# Story {n}\n\nThe river rose by {n} metres.\n")
    return root


def cli(root: Path, *args: str):
    result = CliRunner().invoke(main, ["-C", str(root), *args])
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def test_letters_of_any_script_go_through_translate_build_and_publish(tmp_path: Path):
    root = project(tmp_path, NAMES)
    cli(root, "translate")
    cli(root, "build", "--include-fuzzy")
    for name in NAMES:
        po = root / "locales/es/LC_MESSAGES" / f"{name}.po"
        assert po.is_file() and (root / "locales/templates" / f"{name}.pot").is_file()
        assert f"#: articles/{name}.md" in po.read_text(encoding="utf-8")
        assert (root / "build/es" / f"{name}.md").read_text(encoding="utf-8").startswith("# ")
    cli(root, "publish", "--min-reviewed", "0", "--allow-machine")
    sitemap = (root / "site/sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>/es/caf%C3%A9.html</loc>" in sitemap  # sitemaps need URL-escaped addresses
    assert "café" not in sitemap
    assert (root / "site/es/café.html").is_file()


def test_the_desk_opens_an_article_with_a_non_ascii_id(tmp_path: Path):
    root = project(tmp_path, ["café"])
    cli(root, "translate")
    desk = Desk(config_mod.load(root), None)
    assert "café" in desk.articles()
    data = desk.article("café", "es")
    assert any(s["msgid"] == "The river rose by 0 metres." for s in data["segments"])


def test_a_decomposed_file_name_gives_the_composed_id(tmp_path: Path):
    decomposed = unicodedata.normalize("NFD", "café")
    assert decomposed != "café"
    root = project(tmp_path, [decomposed])
    cli(root, "translate")
    assert (root / "locales/es/LC_MESSAGES/café.po").is_file()  # one id, whatever the file system gave


@pytest.mark.parametrize("name", ["two words", ".hidden", "-dash", "tab\there", "bell\x07", "zero\u200bwidth",
                                  "sub/.hidden"])
def test_ids_that_are_not_letters_digits_dot_dash_underscore_are_refused(tmp_path: Path, name: str):
    root = project(tmp_path, [name])
    cfg = config_mod.load(root)
    with pytest.raises(ConfigError, match="must use letters"):
        cfg.article_id(root / "articles" / f"{name}.md")
    result = CliRunner().invoke(main, ["-C", str(root), "translate"])
    assert result.exit_code == 2 and not (root / "locales").exists()
