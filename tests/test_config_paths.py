"""Paths a project computes stay inside its folders, also through symlinks and relative roots."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from presslate import config as config_mod
from presslate.errors import ConfigError


def make(root: Path) -> config_mod.Config:
    (root / "articles" / "2026").mkdir(parents=True)
    (root / "articles" / "2026" / "story.md").write_text("# Story\n")
    (root / config_mod.CONFIG_NAME).write_text(config_mod.render_config("en", ["es"], "pseudo"))
    return config_mod.load(root)


def test_paths_of_an_article(tmp_path: Path):
    cfg = make(tmp_path)
    story = tmp_path / "articles" / "2026" / "story.md"
    assert cfg.article_id(story) == "2026/story"
    assert cfg.reference(story) == "articles/2026/story.md"
    assert cfg.po_path("es", "2026/story") == tmp_path / "locales" / "es" / "LC_MESSAGES" / "2026" / "story.po"
    assert cfg.output_path("es", story) == tmp_path / cfg.output / "es" / "2026" / "story.md"


def test_a_relative_root_gives_the_same_answers_from_its_folder(tmp_path: Path, monkeypatch):
    make(tmp_path)
    monkeypatch.chdir(tmp_path)
    cfg = config_mod.load(Path("."))
    story = Path("articles/2026/story.md")
    assert cfg.article_id(story) == "2026/story" and cfg.reference(story) == "articles/2026/story.md"
    other = tmp_path / "elsewhere"
    make(other)
    monkeypatch.chdir(other)  # same relative names, another folder: nothing cached from the first
    assert config_mod.load(Path(".")).reference(story) == "articles/2026/story.md"
    assert config_mod.load(Path(".")).article_id(story) == "2026/story"


def test_an_article_outside_the_articles_root_is_refused(tmp_path: Path):
    cfg = make(tmp_path)
    stray = tmp_path / "notes.md"
    stray.write_text("x\n")
    with pytest.raises(ConfigError, match="outside the articles root"):
        cfg.article_id(stray)
    with pytest.raises(ConfigError, match="outside the articles root"):
        cfg.output_path("es", stray)


def test_a_symlinked_article_counts_where_it_really_is(tmp_path: Path):
    cfg = make(tmp_path)
    outside = tmp_path.parent / f"{tmp_path.name}-outside.md"
    outside.write_text("# Elsewhere\n")
    link = tmp_path / "articles" / "link.md"
    os.symlink(outside, link)
    with pytest.raises(ConfigError, match="outside the articles root"):
        cfg.article_id(link)


def test_a_locales_folder_symlinked_out_of_the_project_is_refused(tmp_path: Path):
    cfg = make(tmp_path)
    target = tmp_path.parent / f"{tmp_path.name}-po"
    (target / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "locales").mkdir()
    os.symlink(target, tmp_path / "locales" / "es")
    assert cfg.template_path("2026/story") == tmp_path / "locales" / "templates" / "2026" / "story.pot"
    with pytest.raises(ConfigError, match="would be outside"):
        cfg.po_path("es", "2026/story")
