"""The Apertium stage of ``translate``: few processes, and output that does not depend on how
the work is split into engine calls or on which lt-proc process answered."""

from __future__ import annotations

import importlib
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest
from system_tools import record_popen, require_apertium_eng_spa

from presslate import config as config_mod
from presslate.engines import get_engine, repair
from presslate.engines.apertium import ApertiumEngine
from presslate.workflow.backends import MT_FIRST_CALL, MT_MAX_CALL, LocalBackend
from presslate.workflow.translate import translate

DEV_MARKDOWN = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "dev" / "markdown"
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def _lt_proc():
    """presslate.engines.lt_proc, imported by each test that uses it (so the others run without it)."""
    return importlib.import_module("presslate.engines.lt_proc")


class CountingEngine:
    """Upper-cases; records the size of every call."""

    name = "counting"

    def __init__(self, call_segments: int | None):
        self.call_segments = call_segments
        self.calls: list[int] = []
        self.fallbacks = 0

    def translate_batch(self, segments, source, target):
        self.calls.append(len(segments))
        self.fallbacks += 1
        return [s.upper() for s in segments]


@pytest.mark.parametrize("count", [1, MT_FIRST_CALL, MT_FIRST_CALL + 1, 3000])
def test_an_engine_with_call_segments_gets_one_call_cut_into_fixed_chunks(count):
    texts = [f"segment {i}" for i in range(count)]
    engine = CountingEngine(call_segments=8192)
    chunks = list(LocalBackend().translate(engine, None, texts, "en", "es"))
    assert engine.calls == [count]  # one process start for the whole batch
    sizes = [len(c.outputs) for c in chunks]
    expected = [min(count, MT_FIRST_CALL)]
    while sum(expected) < count:
        expected.append(min(MT_MAX_CALL, count - sum(expected)))
    assert sizes == expected
    assert [c.start for c in chunks] == [sum(expected[:i]) for i in range(len(expected))]
    assert [o for c in chunks for o in c.outputs] == [t.upper() for t in texts]
    assert sum(c.fallbacks for c in chunks) == 1


def test_calls_hold_whole_chunks_and_never_more_than_call_segments():
    texts = [f"s{i}" for i in range(5000)]
    engine = CountingEngine(call_segments=MT_FIRST_CALL + 2 * MT_MAX_CALL)
    chunks = list(LocalBackend().translate(engine, None, texts, "en", "es"))
    assert engine.calls == [MT_FIRST_CALL + 2 * MT_MAX_CALL, 2 * MT_MAX_CALL, 5000 - MT_FIRST_CALL - 4 * MT_MAX_CALL]
    assert [o for c in chunks for o in c.outputs] == [t.upper() for t in texts]


def test_apertium_asks_for_big_calls():
    assert ApertiumEngine.call_segments >= MT_MAX_CALL


def _lt_proc_starts(monkeypatch) -> list[list[str]]:
    started: list[list[str]] = []
    real = subprocess.Popen

    class Recording(real):
        def __init__(self, args, *rest, **kwargs):
            if args and args[0] == "lt-proc":
                started.append(list(args))
            super().__init__(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", Recording)
    return started


def _analyser_path() -> str:
    require_apertium_eng_spa()
    path = repair.analyser_path("en", "es")
    if path is None:
        pytest.skip("lt-proc or spa-eng.automorf.bin is not installed")
    return path


def test_one_lt_proc_serves_every_batch_with_a_fresh_process_s_answers(monkeypatch):
    path = _analyser_path()
    lt_proc = _lt_proc()
    lt_proc.close_all()
    started = _lt_proc_starts(monkeypatch)
    batches = [["casa", "basadasen", "bien-sabido"], ["perro", "herramientadefuente", "casa"], ["re-conectar"]]
    for words in batches:
        repair.Analyser(path).learn(words)
    assert len(started) == 1
    monkeypatch.undo()
    for words in batches:
        records = [f"{w} " for w in words]
        fresh = subprocess.run(["lt-proc", "-z", path], input="".join(f"{r}\0" for r in records).encode(),
                               capture_output=True, check=True).stdout.decode().split("\0")[: len(records)]
        assert lt_proc.analyse(path, records) == fresh


def test_a_dead_lt_proc_is_replaced(monkeypatch):
    path = _analyser_path()
    lt_proc = _lt_proc()
    lt_proc.close_all()
    procs = record_popen(monkeypatch)
    assert lt_proc.analyse(path, ["casa "]) is not None
    procs[0].kill()
    procs[0].wait()
    answers = lt_proc.analyse(path, ["casa ", "perro "])
    assert len(procs) == 2
    assert answers is not None and "perro<n>" in answers[1]


def _dev_project(tmp_path: Path, name: str) -> Path:
    articles = sorted(DEV_MARKDOWN.rglob("*.md"))[:20]
    root = tmp_path / name
    (root / "articles").mkdir(parents=True)
    for article in articles:
        shutil.copyfile(article, root / "articles" / f"{article.parent.name}--{article.name}")
    (root / "presslate.toml").write_text(config_mod.render_config("en", ["es"], "apertium"), encoding="utf-8")
    return root


def _po_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "locales").rglob("*.po*"))}


def test_dev_articles_po_bytes_do_not_depend_on_how_apertium_and_lt_proc_are_called(tmp_path, monkeypatch):
    """One apertium process for the run and one lt-proc give the bytes of the previous way:
    an apertium process per chunk and a fresh lt-proc per question."""
    if not DEV_MARKDOWN.is_dir():
        pytest.skip(f"dev corpus {DEV_MARKDOWN} not found (the read-only ../shared folder beside the repository)")
    require_apertium_eng_spa()

    started: list[list[str]] = []
    real = subprocess.Popen

    class Recording(real):
        def __init__(self, args, *rest, **kwargs):
            if args and args[0] in ("apertium", "lt-proc") and "-z" in args:
                started.append(list(args))
            super().__init__(args, *rest, **kwargs)

    lt_proc = _lt_proc()
    lt_proc.close_all()
    monkeypatch.setattr(subprocess, "Popen", Recording)
    new = _dev_project(tmp_path, "new")
    engine = get_engine("apertium")
    report = translate(config_mod.load(new), lambda lang: engine, ["es"], now=NOW)
    assert report.machine_translated > MT_FIRST_CALL  # more than one chunk
    assert sum(args[0] == "apertium" for args in started) == 1
    analysers = [args[-1] for args in started if args[0] == "lt-proc"]
    assert len(analysers) == len(set(analysers))  # one process per analyser (repair's, keep_names' English one)
    monkeypatch.undo()

    def fresh_lt_proc(path, records):
        done = subprocess.run(["lt-proc", "-z", path], input="".join(f"{r}\0" for r in records).encode(),
                              capture_output=True)
        answers = done.stdout.decode("utf-8", "replace").split("\0")
        return None if done.returncode or len(answers) < len(records) else answers[: len(records)]

    monkeypatch.setattr(lt_proc, "analyse", fresh_lt_proc)
    monkeypatch.delattr(ApertiumEngine, "translate_stream")  # the batch path, not one streamed pipeline
    monkeypatch.setattr(ApertiumEngine, "call_segments", 1)  # a call per chunk, as before
    old = _dev_project(tmp_path, "old")
    engine = get_engine("apertium")
    translate(config_mod.load(old), lambda lang: engine, ["es"], now=NOW)
    assert _po_bytes(new) == _po_bytes(old)
    assert len(_po_bytes(new)) == 2 * 20
