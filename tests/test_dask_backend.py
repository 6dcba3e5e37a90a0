"""The Dask backend on a LocalCluster of worker processes: same bytes as the local backend,
engines loaded once per worker, a killed worker loses only its running chunk, an
unreachable scheduler writes nothing."""

from __future__ import annotations

import importlib.util
import os
import signal
import sqlite3
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

try:
    import dask
    from distributed import Client, LocalCluster
except ImportError:  # CI installs the dask extra, so there the tests always run
    if os.environ.get("CI"):
        raise
    pytest.skip("dask is not installed (pip install -e '.[dask]')", allow_module_level=True)

from click.testing import CliRunner
from example_project import copy_example
from slow_engine import log_lines

from presslate import config as config_mod
from presslate import engines
from presslate.catalog.pofile import PoFile
from presslate.cli import main
from presslate.workflow.backends import ClusterError, LocalBackend
from presslate.workflow.backends.dask_cluster import DaskBackend, engine_loads, engine_work
from presslate.workflow.build import build
from presslate.workflow.translate import translate

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc)
engines.register_engine("slow", "slow_engine", "SlowEngine")

_spec = importlib.util.spec_from_file_location("gen_project", REPO / "bench" / "gen_project.py")
gen_project = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen_project)


def _cluster(**config) -> LocalCluster:
    with dask.config.set(config):
        return LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                            silence_logs=40)


@pytest.fixture(scope="module")
def client():
    cluster = _cluster()
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


def generated(root: Path, articles: int, engine: str = "slow", options: str = "") -> Path:
    gen_project.generate(root, articles, ["es", "fr"], engine)
    if options:
        with open(root / config_mod.CONFIG_NAME, "a", encoding="utf-8") as f:
            f.write(f"\n[engine.{engine}]\n{options}\n")
    return root


def engine_for(cfg):
    loaded = {}

    def get(lang):
        name = cfg.engine_for(lang)
        if name not in loaded:
            loaded[name] = engines.get_engine(name, cfg.engine_options.get(name))
        return loaded[name]
    return get


def run(root: Path, backend, mt: bool = True, now: datetime = NOW):
    cfg = config_mod.load(root)
    report = translate(cfg, engine_for(cfg) if mt else None, cfg.targets, now=now, backend=backend)
    built = build(cfg, cfg.targets, include_fuzzy=True, min_translated=0, strict=False, backend=backend)
    return report, built


def tree(root: Path) -> dict[str, bytes]:
    """Every file a run writes, except the SQLite memory (compared by its rows) and the lock."""
    skip = {"memory.sqlite", "memory.sqlite-wal", "memory.sqlite-shm", "lock", "mt.log"}
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name not in skip}


def mt_rows(root: Path) -> set[tuple]:
    path = root / ".presslate" / "memory.sqlite"
    if not path.exists():
        return set()
    with sqlite3.connect(path) as db:
        return set(db.execute("SELECT * FROM mt"))


def test_example_project_is_byte_identical(tmp_path: Path, client):
    local, dist = copy_example(tmp_path / "local", demo=True), copy_example(tmp_path / "dask", demo=True)
    for root in (local, dist):  # the pseudo engine: deterministic, and needs nothing installed
        path = root / config_mod.CONFIG_NAME
        path.write_text(_engine_pseudo(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert config_mod.load(local).engine == "pseudo" and not config_mod.load(local).engine_by_language
    before = tree(local)
    report_l, built_l = run(local, LocalBackend(1))
    report_d, built_d = run(dist, DaskBackend(client))
    assert report_l.machine_translated > 0 and report_d.machine_translated == report_l.machine_translated
    assert len(built_d.written) == len(built_l.written) > 0
    assert tree(dist) == tree(local) != before
    assert mt_rows(dist) == mt_rows(local)


def _engine_pseudo(text: str) -> str:
    out, section = [], ""
    for line in text.splitlines(keepends=True):
        if line.startswith("["):
            section = line.strip()
        if section == "[engine]" and line.split("=")[0].strip() == "name":
            line = 'name = "pseudo"\n'
        if section == "[engine]" and line.split("=")[0].strip() == "by_language":
            continue
        out.append(line)
    return "".join(out)


def test_generated_project_byte_identical_and_one_engine_per_worker(tmp_path: Path, client):
    log = tmp_path / "mt.log"
    options = f'delay = 0.002\nlog = "{log}"'
    local, dist = generated(tmp_path / "local", 24, options=options), generated(tmp_path / "dask", 24, options=options)
    backend = DaskBackend(client)
    loads_before = client.run(engine_loads)
    report_l, _ = run(local, LocalBackend(2))
    log.unlink()
    report_d, _ = run(dist, backend)
    assert tree(dist) == tree(local) and mt_rows(dist) == mt_rows(local)
    assert report_d.machine_translated == report_l.machine_translated > 300

    # An incremental run after an edit: only the edited article, still the same bytes.
    for root in (local, dist):
        gen_project.edit_article(root, 3, 1)
    report_l, _ = run(local, LocalBackend(1), now=NOW.replace(hour=11))
    report_d, _ = run(dist, backend, now=NOW.replace(hour=11))
    assert report_d.skipped == report_l.skipped == 23 and report_d.machine_translated == 2
    assert tree(dist) == tree(local)

    # Every worker built the engine once (one load line per worker process) and ran several chunks with it.
    workers = {str(pid) for pid in client.run(os.getpid).values()}
    lines = log_lines(log)
    loads = [pid for kind, pid, *_ in lines if kind == "load" and pid in workers]
    calls = [pid for kind, pid, *_ in lines if kind == "call" and pid in workers]
    assert sorted(loads) == sorted(workers), lines
    assert all(calls.count(pid) >= 2 for pid in workers), calls
    after = client.run(engine_loads)
    assert all(after[w].get("slow", 0) - loads_before[w].get("slow", 0) == 1 for w in after)


def test_a_thousand_segments_go_in_chunks_to_every_worker_and_each_worker_counts_its_own(client):
    """The cluster bench's MT rows hold only if every worker translated: the chunks of a 1,000-segment
    batch (the bench's size) are many more than the workers, and the workers' counts add up to them."""
    texts = [f"Segment number {i} of the batch." for i in range(1000)]
    backend = DaskBackend(client)
    engine = engines.get_engine("slow", {"delay": 0.001})
    before = client.run(engine_work)
    chunks = list(backend.translate(engine, {"delay": 0.001}, texts, "en", "es"))
    after = client.run(engine_work)
    assert sorted(c.start for c in chunks) == sorted({c.start for c in chunks})
    assert [o for c in sorted(chunks, key=lambda c: c.start) for o in c.outputs] == engine.translate_batch(texts, "en", "es")
    assert len(chunks) >= 4 * len(after)  # a few per worker, so a slow one does not hold up the rest
    done = {w: after[w]["chunks"].get("slow", 0) - before[w]["chunks"].get("slow", 0) for w in after}
    segments = {w: after[w]["segments"].get("slow", 0) - before[w]["segments"].get("slow", 0) for w in after}
    assert sum(done.values()) == len(chunks) and sum(segments.values()) == len(texts)
    assert all(n >= 1 for n in done.values()), done


def test_cli_dask_backend_and_environment_address(tmp_path: Path, client, monkeypatch):
    root = generated(tmp_path / "news", 6, engine="pseudo")
    address = client.scheduler.address
    runner = CliRunner()
    result = runner.invoke(main, ["-C", str(root), "translate", "--scheduler", address])
    assert result.exit_code == 0, result.output
    assert "machine-translated by pseudo" in result.output
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", address)
    result = runner.invoke(main, ["-C", str(root), "build", "--backend", "dask", "--include-fuzzy"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("12 written")
    result = runner.invoke(main, ["-C", str(root), "build", "--backend", "local", "--scheduler", address])
    assert result.exit_code == 2 and "--scheduler needs --backend dask" in result.output


def test_bad_po_file_on_a_worker_is_the_same_input_error(tmp_path: Path, client):
    root = generated(tmp_path / "news", 4, engine="pseudo")
    run(root, DaskBackend(client))
    cfg = config_mod.load(root)
    broken = cfg.po_path("fr", "000/story-00002")
    broken.write_bytes(broken.read_bytes().replace(b'msgstr "', b'msgstr "\\q', 1).replace(b"msgid", b"msgid_bogus", 3))
    gen_project.edit_article(root, 1, 7)  # the run has work to do, and must not do any of it
    before = tree(root)
    with pytest.raises(config_mod.InputError) as error:
        translate(cfg, engine_for(cfg), cfg.targets, now=NOW, backend=DaskBackend(client))
    with pytest.raises(config_mod.InputError) as local_error:
        translate(cfg, engine_for(cfg), cfg.targets, now=NOW, backend=LocalBackend(1))
    assert str(error.value) == str(local_error.value)
    assert str(error.value).startswith("locales/fr/LC_MESSAGES/000/story-00002.po:3: unexpected text")
    assert tree(root) == before


def test_unreachable_scheduler_is_exit_2_and_writes_nothing(tmp_path: Path):
    root = generated(tmp_path / "news", 3, engine="pseudo")
    with open(root / config_mod.CONFIG_NAME, "a", encoding="utf-8") as f:
        f.write('\n[run]\nbackend = "dask"\nscheduler = "tcp://127.0.0.1:9"\nconnect_timeout = 1\n')
    before = tree(root)
    for command in (["translate"], ["build"]):
        began = time.monotonic()
        result = CliRunner().invoke(main, ["-C", str(root), *command])
        assert result.exit_code == 2, result.output
        assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9 within 1s" in result.output
        assert time.monotonic() - began < 20
    assert tree(root) == before and not (root / ".presslate").exists() and not (root / "locales").exists()


def test_run_settings_are_validated(tmp_path: Path):
    root = generated(tmp_path / "news", 1, engine="pseudo")
    base = (root / config_mod.CONFIG_NAME).read_text(encoding="utf-8")
    for table, message in [('backend = "spark"', "[run] backend must be one of local, dask, not 'spark'"),
                           ("threads = 2", "unknown key 'threads' in [run]"),
                           ("connect_timeout = 0", "connect_timeout must be a positive number")]:
        (root / config_mod.CONFIG_NAME).write_text(base + f"\n[run]\n{table}\n", encoding="utf-8")
        with pytest.raises(config_mod.ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
            config_mod.load(root)
    (root / config_mod.CONFIG_NAME).write_text(base + '\n[run]\nbackend = "dask"\n', encoding="utf-8")
    cfg = config_mod.load(root)
    assert cfg.backend == "dask" and cfg.scheduler is None
    (root / config_mod.CONFIG_NAME).write_text(base, encoding="utf-8")
    assert config_mod.load(root).fingerprint == cfg.fingerprint  # where a run executes is not an input


def test_base_install_does_not_import_dask():
    code = ("import sys, presslate.cli, presslate.workflow.translate, presslate.workflow.build, presslate.workflow.backends;"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')]; assert not bad, bad")
    import subprocess

    subprocess.run([sys.executable, "-c", code], check=True)


def test_killed_worker_loses_only_its_chunk(tmp_path: Path):
    """SIGKILL one worker while it translates: the run stops with a clear error, writes no PO file,
    keeps every chunk that finished; the next run translates only the rest, and the result is the
    local backend's, byte for byte."""
    log = tmp_path / "mt.log"
    options = f'delay = 0.03\nlog = "{log}"'
    dist = generated(tmp_path / "dask", 12, options=options)
    local = generated(tmp_path / "local", 12, options=options.replace("0.03", "0"))
    for root in (dist, local):  # one MT cache row per msgid: with [mt] dates/numbers, "until 3 April" and
        # "until 9 April" send the same text (a placeholder) and share a row, so hits would outnumber rows
        with open(root / config_mod.CONFIG_NAME, "a", encoding="utf-8") as f:
            f.write("\n[mt]\ndates = false\nnumbers = false\n")
    # allowed-failures = 0: the chunk on the killed worker fails at once instead of being retried elsewhere
    cluster = _cluster(**{"distributed.scheduler.allowed-failures": 0})
    client = Client(cluster)
    try:
        backend = DaskBackend(client)
        outcome: dict = {}

        def first_run():
            try:
                outcome["report"] = run(dist, backend)
            except ClusterError as exc:
                outcome["error"] = exc

        thread = threading.Thread(target=first_run)
        thread.start()
        victim = None
        deadline = time.monotonic() + 60
        while victim is None and time.monotonic() < deadline:
            done = [line for line in log_lines(log) if line[0] == "call"]
            busy = [w for w, keys in client.processing().items() if any("translate_chunk" in str(k) for k in keys)]
            if len(done) >= 2 and busy:
                victim = busy[0]
            else:
                time.sleep(0.05)
        assert victim, "no MT chunk was running"
        pids = client.run(os.getpid)
        os.kill(pids[victim], signal.SIGKILL)
        thread.join(120)
        assert "error" in outcome, "the run finished although a worker died with its chunk"
        assert "MT cache" in str(outcome["error"]) and "run again" in str(outcome["error"])

        # Nothing half-written: no PO file, template, output or state yet; the cache holds finished chunks.
        assert not (dist / "locales").exists() and not (dist / "build").exists()
        assert not (dist / ".presslate" / "state.json").exists()
        cached = len(mt_rows(dist))
        survivor_done = sum(int(n) for kind, pid, *rest in log_lines(log) if kind == "call" and pid != str(pids[victim])
                            for n in rest)
        assert 0 < survivor_done <= cached

        # The re-run translates exactly what the cache lacks: the local run of the same project needs
        # ``needed`` segments, the cache had ``cached``, the re-run asks the engine for the rest.
        needed = run(local, LocalBackend(1))[0].machine_translated
        client.wait_for_workers(2, timeout=60)  # the nanny restarted the killed worker
        lines_before = len(log_lines(log))
        report, _ = run(dist, backend)
        rerun_segments = sum(int(line[2]) for line in log_lines(log)[lines_before:] if line[0] == "call")
        assert report.mt_cached == cached and report.machine_translated == needed - cached > 0
        # Dask runs a task at least once: a chunk can, rarely, run twice (work stealing), never less.
        assert rerun_segments >= report.machine_translated
        for po_file in (dist / "locales").rglob("*.po"):
            assert all(e.msgstr for e in PoFile.read(po_file).entries if not e.obsolete), po_file
        print(f"killed worker pid {pids[victim]}: {cached} segments kept in the MT cache, "
              f"{rerun_segments} translated by the re-run")
    finally:
        client.close()
        cluster.close()
    state = ".presslate/state.json"  # differs only in the config's delay (part of the fingerprint)
    dist_tree, local_tree = tree(dist), tree(local)
    assert dist_tree.pop(state) and local_tree.pop(state)
    dist_tree.pop("presslate.toml"), local_tree.pop("presslate.toml")
    assert dist_tree == local_tree



def test_killed_worker_with_default_retries_finishes_the_run(tmp_path: Path, client):
    """With Dask's default retries, the chunk of a killed worker runs again elsewhere: the run
    finishes, and its files are those of a local run."""
    log = tmp_path / "mt.log"
    options = f'delay = 0.02\nlog = "{log}"'
    dist, local = generated(tmp_path / "dask", 6, options=options), generated(tmp_path / "local", 6, options=options)
    outcome: dict = {}
    thread = threading.Thread(target=lambda: outcome.setdefault("report", run(dist, DaskBackend(client))))
    thread.start()
    victim, deadline = None, time.monotonic() + 60
    while victim is None and time.monotonic() < deadline:
        busy = [w for w, keys in client.processing().items() if any("translate_chunk" in str(k) for k in keys)]
        if len([line for line in log_lines(log) if line[0] == "call"]) >= 1 and busy:
            victim = busy[0]
        else:
            time.sleep(0.05)
    assert victim, "no MT chunk was running"
    os.kill(client.run(os.getpid)[victim], signal.SIGKILL)
    thread.join(120)
    client.wait_for_workers(2, timeout=60)  # the nanny restarts it, for the tests after this one
    report, _ = outcome["report"]
    lines = log_lines(log)
    started = sum(int(line[2]) for line in lines if line[0] == "start")
    finished = sum(int(line[2]) for line in lines if line[0] == "call")
    assert started > finished  # the kill cut a chunk short ...
    assert finished >= report.machine_translated > 0  # ... and it ran again to the end elsewhere
    run(local, LocalBackend(1))
    assert tree(dist) == tree(local)
