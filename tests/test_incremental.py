"""Incremental runs by content hash, and parallel runs that give the same output."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from presslate import config as config_mod
from presslate.engines.pseudo import PseudoEngine
from presslate.workflow.build import build as build_project
from presslate.workflow.translate import translate as translate_project


def make_project(root: Path, articles: int) -> config_mod.Config:
    (root / "articles").mkdir(parents=True)
    (root / config_mod.CONFIG_NAME).write_text(config_mod.render_config("en", ["es", "fr"], "pseudo"))
    for n in range(articles):
        (root / "articles" / f"story-{n:02}.md").write_text(
            f"---\ntitle: Story number {n}\n---\n\n# Story {n}\n\nThe council met on day {n}. "
            f"It approved [plan {n}](https://example.org/{n}).\n\n- Item {n} is *new*.\n"
        )
    return config_mod.load(root)


class CountingEngine(PseudoEngine):
    """Pseudo engine that remembers what it was asked to translate."""

    def __init__(self):
        super().__init__()
        self.seen: list[str] = []

    def translate_batch(self, segments, source, target):
        self.seen.extend(segments)
        return super().translate_batch(segments, source, target)


def translate(cfg, engine=None, **kw):
    engine = engine or PseudoEngine()
    return translate_project(cfg, lambda lang: engine, cfg.targets, **kw)


def files(root: Path, folder: str) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / folder).rglob("*")) if p.is_file()}


def test_unchanged_articles_are_skipped_by_content_not_mtime(tmp_path: Path):
    cfg = make_project(tmp_path, 3)
    first = translate(cfg)
    assert first.skipped == 0 and len(first.written) == 9
    second = translate(cfg)
    assert second.skipped == 3 and second.written == []
    story = tmp_path / "articles" / "story-01.md"
    os.utime(story, (1, 1))  # a touch changes nothing
    assert translate(cfg).skipped == 3

    engine = CountingEngine()
    story.write_text(story.read_text().replace("The council met on day 1.", "The council met again on day 1."))
    third = translate(cfg, engine)
    assert third.skipped == 2
    assert engine.seen == []  # the edited sentence inherits its old translation as fuzzy
    assert third.merge.fuzzy == 2
    story.write_text(story.read_text() + "\nA brand new closing line.\n")
    translate(cfg, engine)
    assert engine.seen == ["A brand new closing line.", "A brand new closing line."]  # es and fr


def test_a_translator_edit_makes_the_article_run_again(tmp_path: Path):
    cfg = make_project(tmp_path, 2)
    translate(cfg)
    po = cfg.po_path("es", "story-00")
    po.write_bytes(po.read_bytes().replace(b"#, fuzzy\n", b"", 1))
    report = translate(cfg)
    assert report.skipped == 1


def test_force_redoes_everything(tmp_path: Path):
    cfg = make_project(tmp_path, 2)
    translate(cfg)
    assert translate(cfg, force=True).skipped == 0


@pytest.mark.parametrize("jobs", [2, 3])
def test_output_is_identical_whatever_jobs(tmp_path: Path, jobs: int):
    serial = make_project(tmp_path / "serial", 12)
    parallel = make_project(tmp_path / "parallel", 12)
    now = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)  # new PO files are dated by the run
    translate(serial, jobs=1, now=now)
    translate(parallel, jobs=jobs, now=now)
    assert files(tmp_path / "serial", "locales") == files(tmp_path / "parallel", "locales")
    build_project(serial, serial.targets, True, 0, False, jobs=1)
    build_project(parallel, parallel.targets, True, 0, False, jobs=jobs)
    assert files(tmp_path / "serial", "build") == files(tmp_path / "parallel", "build")


def test_build_rewrites_only_what_changed(tmp_path: Path):
    cfg = make_project(tmp_path, 3)
    translate(cfg)
    first = build_project(cfg, cfg.targets, True, 0, False)
    assert len(first.written) == 6
    out = cfg.output_path("es", tmp_path / "articles" / "story-02.md")
    mtime = out.stat().st_mtime_ns
    second = build_project(cfg, cfg.targets, True, 0, False)
    assert second.written == [] and len(second.unchanged) == 6
    po = cfg.po_path("es", "story-00")
    po.write_bytes(po.read_bytes().replace(b"[\xc5\xa2\xc4\xa5\xc3\xa9", b"[Changed", 1))
    third = build_project(cfg, cfg.targets, True, 0, False)
    assert [p.name for p in third.written] == ["story-00.md"]
    assert out.stat().st_mtime_ns == mtime
    out.unlink()
    assert [p.name for p in build_project(cfg, cfg.targets, True, 0, False).written] == ["story-02.md"]


def test_no_mt_updates_catalogs_and_a_later_run_fills_them(tmp_path: Path):
    from click.testing import CliRunner

    from presslate.cli import main

    cfg = make_project(tmp_path, 2)
    run = CliRunner().invoke(main, ["-C", str(tmp_path), "translate", "--no-mt", "--jobs", "1"])
    assert run.exit_code == 0, run.output
    assert "no machine translation (--no-mt)" in run.output
    template = cfg.template_path("story-00").read_text()
    po = cfg.po_path("es", "story-00").read_text()
    assert 'msgid "The council met on day 0."' in template and 'msgid "The council met on day 0."' in po
    assert "#, fuzzy" not in po and "X-Machine-Translation" not in po  # nothing was filled
    body = [line for line in po[po.index("\n\n"):].splitlines() if line.startswith("msgstr")]
    assert body and all(line == 'msgstr ""' for line in body)

    engine = CountingEngine()
    report = translate(cfg, engine)  # the catalogs-only run left the articles to do
    assert report.skipped == 0 and report.machine_translated == len(engine.seen) > 0
    assert "X-Machine-Translation" in cfg.po_path("es", "story-00").read_text()


def test_no_mt_and_engine_together_is_a_usage_error(tmp_path: Path):
    from click.testing import CliRunner

    from presslate.cli import main

    make_project(tmp_path, 1)
    run = CliRunner().invoke(main, ["-C", str(tmp_path), "translate", "--no-mt", "--engine", "pseudo"])
    assert run.exit_code == 2 and "exclude each other" in run.output
    assert not (tmp_path / "locales").exists()
