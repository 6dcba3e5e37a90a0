"""Call sizes and batch settings change how fast Argos runs, never what it writes.

`presslate translate` cuts the segments into engine calls (growing with the
measured rate) and the engine cuts each call into token batches shared by
its workers.  Through the real Argos path (a copy model), every way of
cutting must give the same PO bytes, and the copy model must get each
segment back whole and in its own entry.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timezone

import argos_models
import pytest

argos_models.isolate_argostranslate()

from presslate import config as config_mod  # noqa: E402
from presslate.catalog.pofile import PoFile  # noqa: E402
from presslate.engines import argos_models as models  # noqa: E402
from presslate.engines.argos import ArgosEngine  # noqa: E402
from presslate.workflow import backends  # noqa: E402
from presslate.workflow import translate as workflow  # noqa: E402

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
CONFIG = """[project]
source = "en"
targets = ["es"]
articles = ["articles/*.md"]

[engine]
name = "argos"
"""


def article(n: int) -> str:
    """Segments of very different lengths, with markup, and one far longer than the rest."""
    lines = [f"# Story {n}: the *harbour* plan", ""]
    for k in range(14):
        words = " ".join(f"word{n}x{k}x{w}" for w in range((n * 7 + k * 5) % 23 + 1))
        lines += [f"Paragraph {k} of story {n} says [{words}](https://example.org/{n}/{k}) and **{k}** more.", ""]
    if n == 1:  # over MAX_INPUT_TOKENS of the engine: cut into chunks, joined again
        lines += [" ".join(f"item{i}" for i in range(400)) + ".", ""]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    root = tmp_path_factory.mktemp("calls")
    with pytest.MonkeyPatch.context() as monkeypatch:
        argos_models.use_packages_dir(monkeypatch, root / "packages")
        models.install_file(argos_models.build_package(root))
        news = root / "news"
        (news / "articles").mkdir(parents=True)
        (news / "presslate.toml").write_text(CONFIG)
        for n in range(4):
            (news / "articles" / f"story-{n}.md").write_text(article(n))
        yield news


def translate_with(pristine, work, monkeypatch, first_call, call_seconds, **engine_options) -> dict[str, bytes]:
    monkeypatch.setattr(backends, "MT_FIRST_CALL", first_call)
    monkeypatch.setattr(backends, "MT_CALL_SECONDS", call_seconds)
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(pristine, work)
    cfg = config_mod.load(work)
    engine = ArgosEngine(**engine_options)
    calls = []
    original = engine.translate_batch

    def counted(segments, source, target):
        calls.append(len(segments))
        return original(segments, source, target)

    engine.translate_batch = counted
    report = workflow.translate(cfg, lambda lang: engine, ["es"], now=NOW)
    assert report.fallbacks == 0 and report.machine_translated > 50
    files = {p.relative_to(work).as_posix(): p.read_bytes() for p in sorted((work / "locales").rglob("*.po"))}
    return files, calls


SETTINGS = [
    # (first call, seconds per call, engine options)
    (1, 0.0, {"inter_threads": 1}),  # a call per segment
    (32, 2.0, {"inter_threads": 2}),  # the old sizing
    (7, 0.05, {"inter_threads": 2, "max_batch_tokens": 64}),  # small calls, many small token batches
    (10**9, 2.0, {"inter_threads": 2}),  # everything in one call
    (10**9, 2.0, {"inter_threads": 1, "max_batch_tokens": 4096}),
]


def test_po_bytes_do_not_depend_on_call_sizes_or_batching(pristine, tmp_path, monkeypatch):
    argos_models.use_packages_dir(monkeypatch, pristine.parent / "packages")
    reference, calls = translate_with(pristine, tmp_path / "default", monkeypatch, backends.MT_FIRST_CALL,
                                      backends.MT_CALL_SECONDS)
    assert len(reference) == 4
    for name, data in reference.items():  # the copy model: every entry holds its own msgid, whole
        entries = [e for e in PoFile.parse(data, name).entries if e.msgid]
        assert entries and all(e.fuzzy and e.msgstr == e.msgid for e in entries), name
    seen_calls = {len(calls)}
    for first_call, seconds, options in SETTINGS:
        files, calls = translate_with(pristine, tmp_path / "run", monkeypatch, first_call, seconds, **options)
        seen_calls.add(len(calls))
        assert files == reference, (first_call, seconds, options)
    assert 1 in seen_calls and max(seen_calls) > 50  # the settings really cut the work differently (a call per segment)
