"""The streamed Apertium path (one pipeline started ahead, fed and read segment by segment) gives what the
batch path gives: the same translations, the same fallbacks, the same PO bytes; and it recovers from
output that loses its order the way the batch path does."""

from __future__ import annotations

import importlib
import os
import shlex
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from system_tools import record_popen, require_apertium_eng_spa

from presslate import config as config_mod
from presslate.engines import apertium_stream, get_engine
from presslate.engines.apertium import ApertiumEngine
from presslate.workflow.translate import translate

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)

SEGMENTS = [
    "The cat sleeps on the mat.",
    "Read <1>the release notes</1> before you upgrade.",
    "Install it with <2/> and restart the server.",
    "Visit https://example.com/docs or write to help@example.org today.",
    "The **new** scheduler is *much* faster than the old one.",
    "2024",  # nothing to translate: never sent
    "Run `make test` in ~/src/project and check C:\\logs\\out.txt afterwards.",
    "Thanks to @alice and the #release team for the snake_case_name fix.",
    "<1>Rainbow Railroad</1> helps people escape danger.",
    "It was well-known that the open-source tool was user-friendly.",
    "   ",
    "He said: “we will ship on Friday” and left.",
    "<1><2>Nested</2> links</1> are <3>kept</3> whole.",
    "",
    "The book was written by the author and read by the reader.",
]

ARTICLES = {
    "storm.md": "---\ntitle: A Storm Hits the Coast\n---\n\n# A Storm Hits the Coast\n\n"
                "The storm reached the coast on Friday. About 80,000 people lost power.\n\n"
                "Read [the forecast](https://example.com/forecast) and *stay* indoors.\n\n"
                "- Schools are closed.\n- Roads are flooded near `Route 9`.\n",
    "release.md": "# Version 2 Is Out\n\nThe new release fixes the well-known memory leak.\n\n"
                  "Upgrade with `pip install tool` and read **the notes** first.\n\n"
                  "## What Changed\n\nThe scheduler is faster. The user-friendly installer was rewritten.\n",
    "people.md": "# Meet the Team\n\nAlice Smith leads the project from Toronto.\n\n"
                 "She said: \"we ship when it is ready\" on 4 September 2018.\n\n"
                 "Contact her at alice@example.org or @alice.\n",
}


def _pipeline_class():
    """presslate.engines.apertium_pipe.Pipeline, imported by the tests that patch it."""
    return importlib.import_module("presslate.engines.apertium_pipe").Pipeline


def _engine() -> ApertiumEngine:
    require_apertium_eng_spa()
    return get_engine("apertium")


def _streamed(engine: ApertiumEngine, segments: list[str], size: int) -> tuple[list[str], int]:
    outputs: list[str] = []
    fallbacks = 0
    for start, chunk, failed in engine.translate_stream(segments, "en", "es", size):
        assert start == len(outputs)
        assert len(chunk) == min(size, len(segments) - start)
        outputs += chunk
        fallbacks += failed
    return outputs, fallbacks


@pytest.mark.parametrize("size", [1, 4, 64])
def test_streamed_translations_are_the_batch_translations(size):
    batch_engine = _engine()
    batch = batch_engine.translate_batch(SEGMENTS, "en", "es")
    engine = get_engine("apertium")
    outputs, fallbacks = _streamed(engine, SEGMENTS, size)
    assert outputs == batch
    assert fallbacks == engine.fallbacks == batch_engine.fallbacks


def test_a_pipeline_started_ahead_is_the_one_the_stream_uses(monkeypatch):
    engine = _engine()
    expected = get_engine("apertium").translate_batch(SEGMENTS[:3], "en", "es")
    procs = record_popen(monkeypatch)
    engine.start("en", "es")
    engine.start("en", "es")  # once per pair
    outputs, _ = _streamed(engine, SEGMENTS[:3], 2)
    engine.close()
    assert outputs == expected
    assert len([p for p in procs if p.args[0] == "apertium" and "-z" in p.args]) == 1


def _group_ends(pgid: int) -> bool:
    for _ in range(100):
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_a_pipeline_started_ahead_and_not_used_ends_with_close(monkeypatch):
    engine = _engine()
    procs = record_popen(monkeypatch)
    engine.start("en", "es")
    engine.close()
    pipelines = [p for p in procs if p.args[0] == "apertium" and "-z" in p.args]
    assert len(pipelines) == 1
    assert pipelines[0].poll() is not None
    assert _group_ends(pipelines[0].pid)  # every process of the pipeline, not only the shell


def test_a_stream_whose_end_markers_come_back_out_of_order_is_finished_by_fresh_calls(monkeypatch):
    """Output that loses its order (here: segment 3's end marker renamed) is not trusted past the last good
    segment; the rest is translated as the batch path translates a misaligned call."""
    batch = _engine().translate_batch(SEGMENTS, "en", "es")
    pipeline = _pipeline_class()
    real = pipeline.__init__

    def garbling(self, command):
        script = shlex.join(command) + r" | sed -u 's/\[e3\]/[e9]/'"
        real(self, ["sh", "-c", script, "apertium-garbled", command[-1]])

    monkeypatch.setattr(pipeline, "__init__", garbling)
    engine = get_engine("apertium")
    procs = record_popen(monkeypatch)
    outputs, fallbacks = _streamed(engine, SEGMENTS, 4)
    assert outputs == batch
    assert fallbacks == engine.fallbacks
    assert [p.args[0] for p in procs if p.args[0] == "sh" or "-z" in p.args][:2] == ["sh", "apertium"]


def test_a_stream_that_ends_early_is_finished_by_fresh_calls(monkeypatch):
    batch = _engine().translate_batch(SEGMENTS, "en", "es")
    pipeline = _pipeline_class()
    real = pipeline.__init__

    def cut(self, command):  # the pipeline stops after the first NUL-terminated segment
        script = shlex.join(command) + r" | head -z -n 1"
        real(self, ["sh", "-c", script, "apertium-cut", command[-1]])

    monkeypatch.setattr(pipeline, "__init__", cut)
    procs = record_popen(monkeypatch)
    outputs, _ = _streamed(get_engine("apertium"), SEGMENTS, 5)
    assert outputs == batch
    assert [p.args[0] for p in procs if p.args[0] == "sh" or "-z" in p.args][:2] == ["sh", "apertium"]


def test_record_splitter_fed_in_pieces_gives_split_records():
    raw = "hola[e0]\0 [[0]]mundo[[/]] [a0][e1]\0\n[e2]\0"
    whole = apertium_stream.split_records(raw, 3)
    splitter = apertium_stream.RecordSplitter()
    pieces = [splitter.feed(part + "\0") for part in raw.split("\0")[:-1]]
    assert [record for piece in pieces for record in piece] == whole
    assert splitter.clean_tail() and not splitter.failed
    disordered = apertium_stream.RecordSplitter()
    assert disordered.feed("a[e0]\0b[e2]\0c[e1]\0") == [[("text", "a")]]
    assert disordered.failed
    assert apertium_stream.split_records("a[e0]\0b[e2]\0c[e1]\0", 3) is None


def _project(root: Path) -> Path:
    (root / "articles").mkdir(parents=True)
    for name, text in ARTICLES.items():
        (root / "articles" / name).write_text(text, encoding="utf-8")
    (root / "presslate.toml").write_text(config_mod.render_config("en", ["es"], "apertium"), encoding="utf-8")
    return root


def _outputs(root: Path) -> dict[str, bytes]:
    files = sorted((root / "locales").rglob("*.po*"))
    return {str(p.relative_to(root)): p.read_bytes() for p in files}


def _mt_cache(root: Path) -> list[tuple]:
    import sqlite3

    with sqlite3.connect(root / ".presslate" / "memory.sqlite") as db:
        return sorted(db.execute("SELECT * FROM mt"))


def test_translate_writes_the_same_po_files_streamed_or_in_one_batch(tmp_path, monkeypatch):
    require_apertium_eng_spa()
    streamed = _project(tmp_path / "streamed")
    engine = get_engine("apertium")
    report = translate(config_mod.load(streamed), lambda lang: engine, ["es"], now=NOW)
    assert report.machine_translated > 10
    monkeypatch.delattr(ApertiumEngine, "translate_stream")  # the batch path of before
    batch = _project(tmp_path / "batch")
    engine = get_engine("apertium")
    before = translate(config_mod.load(batch), lambda lang: engine, ["es"], now=NOW)
    assert _outputs(streamed) == _outputs(batch)
    assert len(_outputs(streamed)) == 2 * len(ARTICLES)
    assert _mt_cache(streamed) == _mt_cache(batch)
    assert (report.machine_translated, report.fallbacks) == (before.machine_translated, before.fallbacks)


def test_a_segment_that_cannot_be_encoded_stops_the_stream_with_its_error(monkeypatch):
    """An error while the writer thread encodes a segment reaches the caller; nothing waits for it forever."""
    engine = _engine()
    real = apertium_stream.Segment

    def segment(text):
        if text == SEGMENTS[3]:
            raise ValueError("cannot encode this one")
        return real(text)

    monkeypatch.setattr("presslate.engines.apertium.Segment", segment)
    with pytest.raises(ValueError, match="cannot encode"):
        _streamed(engine, SEGMENTS, 2)
