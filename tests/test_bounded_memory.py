"""translate and build hold one batch of articles at a time (workflow/spool.py), and write the same bytes.

* The files a scenario writes (PO files, templates, built articles) are compared with a digest
  computed from the code before the spool (presslate at 2e3a40f), with the default batch and
  slice sizes and with tiny ones, so every batch and slice boundary is crossed: articles that
  share sentences, Title Case headings whose evidence comes from several articles, multi-word
  names in mid-sentence (sent as the engine gets them: the digest's project sets no name rule),
  a reviewed entry reused by the memory, a glossary change that redoes machine entries, and a
  second, incremental run.
* Traced Python memory of a first translate and build does not grow with the number of articles.
"""

from __future__ import annotations

import gc
import hashlib
import sys
import tracemalloc
from datetime import datetime, timezone
from pathlib import Path

import pytest

from presslate import config as config_mod
from presslate.catalog.pofile import PoFile
from presslate.engines.pseudo import PseudoEngine
from presslate.workflow import backends
from presslate.workflow import translate as translate_mod
from presslate.workflow.build import build
from presslate.workflow.translate import translate

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
import gen_project  # noqa: E402  (bench/gen_project.py)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
LANGS = ["es", "fr", "de"]
# sha256 of every file the scenario writes, computed with presslate 2e3a40f (whole-project lists in memory;
# the news rules, provenance and fuzzy repair of that main included).
EXPECTED = "8b5221a68f7de7cd58cfcce731e09a3737044aa7cd926f79c0a05f2b9484f0da"


class Fake(PseudoEngine):
    """The pseudo engine's output under another name, so the steps around MT (headings, names) run."""

    name = "fake"

    def identity(self, source: str, target: str) -> str:
        return "fake:1"


EXTRA = """---
title: {title}
description: A Note On The {topic} From The Harbour Board
---

# {title}

{body}

## News On The Tram Line, Night Bus And Old Bridge

The Harbour Board met the {topic} Group on Tuesday. Maria Lopez of the River Authority spoke first.
"""


def make_project(root: Path) -> config_mod.Config:
    gen_project.generate(root, 30, LANGS, distinct=40)  # articles reuse pool sentences: shared msgids
    text = (root / config_mod.CONFIG_NAME).read_text(encoding="utf-8")
    text = text.replace('name = "pseudo"', 'name = "fake"')
    # gen_project writes no [mt] table, so the digest's run had the [mt] defaults of its day: no name
    # protection of either kind and names sent as written (keep_names and name_modifiers came on by default later).
    assert "[mt]" not in text
    text += "\n[mt]\nkeep_names = false\nname_modifiers = false\n"
    (root / config_mod.CONFIG_NAME).write_text(text, encoding="utf-8")
    extra = root / "articles" / "extra"
    extra.mkdir(parents=True)
    for n, topic in enumerate(["Tram Line", "Night Bus", "Old Bridge", "Tram Line", "Market Square", "Old Bridge"]):
        body = (f"The plan for the {topic} was approved by Mayor Ana Ruiz and the City Council. "
                f"Work starts in week {n % 3}.")
        (extra / f"e{n}.md").write_text(EXTRA.format(title="The New Harbour Plan", topic=topic, body=body),
                                        encoding="utf-8")
    return config_mod.load(root)


def engine_for(lang: str) -> Fake:
    return Fake()


def scenario(root: Path, jobs: int = 1) -> str:
    """Two translate runs and a build; the sha256 of every file written under locales/ and build/."""
    cfg = make_project(root)
    translate(cfg, engine_for, LANGS, now=NOW, jobs=jobs)
    # A translator reviews one article's Spanish, with a change, so the memory fills it elsewhere.
    po_path = cfg.po_path("es", "extra/e0")
    po = PoFile.read(po_path)
    for entry in po.entries:
        if entry.msgstr and not entry.obsolete:
            entry.msgstr, entry.fuzzy = "[revisado] " + entry.msgstr, False
    po_path.write_bytes(po.serialize())
    # A glossary change redoes the machine entries that hold the name; two articles change.
    (root / "glossary.toml").write_text('[do_not_translate]\nterms = ["River Authority"]\n', encoding="utf-8")
    for n in (2, 17):
        gen_project.edit_article(root, n, stamp=n)
    gen_project.edit_article(root, 5, stamp=99)
    # A new article repeats the reviewed one, with one sentence a little different: exact and fuzzy memory fills.
    reviewed = (root / "articles" / "extra" / "e0.md").read_text(encoding="utf-8")
    (root / "articles" / "extra" / "e9.md").write_text(reviewed.replace("week 0", "week 12"), encoding="utf-8")
    translate(cfg, engine_for, LANGS, now=NOW, jobs=jobs)
    build(cfg, LANGS, include_fuzzy=True, min_translated=0, strict=False, jobs=jobs)
    h = hashlib.sha256()
    for path in sorted(p for folder in ("locales", "build") for p in (root / folder).rglob("*") if p.is_file()):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


@pytest.mark.parametrize("sizes", ["default", "tiny", "tiny-jobs"])
def test_outputs_are_the_bytes_written_before_the_spool(tmp_path: Path, monkeypatch, sizes: str):
    jobs = 1
    if sizes != "default":  # every batch and slice boundary is crossed many times
        monkeypatch.setattr(backends, "MAP_BATCH", 4, raising=False)
        monkeypatch.setattr(translate_mod, "FILL_SLICE", 3, raising=False)
        monkeypatch.setattr(translate_mod, "MT_SLICE", 7, raising=False)
        jobs = 2 if sizes == "tiny-jobs" else 1
    assert scenario(tmp_path / "news", jobs) == EXPECTED


def test_translate_memory_does_not_grow_with_the_number_of_articles(tmp_path: Path, monkeypatch):
    """Python memory at the peak of a first translate: each article beyond the first 40 costs a few KB
    (the run state, the list of files written); before the spool, its catalogs stayed: about 75 KB."""
    monkeypatch.setattr(backends, "MAP_BATCH", 8, raising=False)
    monkeypatch.setattr(translate_mod, "FILL_SLICE", 50, raising=False)
    monkeypatch.setattr(translate_mod, "MT_SLICE", 50, raising=False)
    engine = PseudoEngine()
    peaks = {}
    tracemalloc.start()
    try:
        # A first project fills presslate's bounded caches (PO line wrapping, 8,192 strings): they stay full.
        warm = config_mod.load(gen_project.generate(tmp_path / "warm", 300, ["es", "fr"]))
        translate(warm, lambda lang: engine, warm.targets, now=NOW)
        for n in (40, 160):
            cfg = config_mod.load(gen_project.generate(tmp_path / f"p{n}", n, ["es", "fr"], seed=n))
            gc.collect()
            tracemalloc.reset_peak()
            translate(cfg, lambda lang: engine, cfg.targets, now=NOW)
            peaks[n] = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    per_article = (peaks[160] - peaks[40]) / 120
    assert per_article < 25_000, (per_article, peaks)


class Batches(backends.LocalBackend):
    """The local backend, one process, recording how many articles each ``map`` call got."""

    def __init__(self):
        super().__init__(1)
        self.calls: list[int] = []

    def map(self, function, items):
        self.calls.append(len(items))
        return super().map(function, items)

    mapping = None  # map_batches then calls map once per batch


def test_articles_are_merged_and_built_a_batch_at_a_time(tmp_path: Path, monkeypatch):
    """Neither translate nor build asks its backend for every article at once (that held them all in memory);
    the output is the same as in one batch."""
    outputs = {}
    for name in ("batches", "whole"):
        monkeypatch.setattr(backends, "MAP_BATCH", 4 if name == "batches" else 1000, raising=False)
        cfg = config_mod.load(gen_project.generate(tmp_path / name, 13, ["es", "fr"]))
        backend = Batches() if name == "batches" else None
        translate(cfg, lambda lang: PseudoEngine(), cfg.targets, now=NOW, backend=backend)
        if backend:
            assert backend.calls and max(backend.calls) <= 4, backend.calls
            backend.calls.clear()
        build(cfg, cfg.targets, True, 0, False, backend=backend)
        if backend:
            assert backend.calls and max(backend.calls) <= 4 and sum(backend.calls) == 13, backend.calls
        outputs[name] = {p.relative_to(cfg.root): p.read_bytes() for folder in ("locales", "build")
                         for p in (cfg.root / folder).rglob("*") if p.is_file()}
    assert outputs["batches"] == outputs["whole"] and len(outputs["whole"]) == 13 * 5
