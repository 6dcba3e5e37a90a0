"""SIGKILL at random moments: files stay readable, no work is lost, MT is never paid twice."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from presslate import config as config_mod
from presslate.catalog.pofile import PoFile

KILLS = int(os.environ.get("PRESSLATE_KILLS", "20"))
WORDS = "council budget river bridge school storm market harbour mayor police library road station park".split()

# A pseudo engine that takes its time, registered under the name "slow", and
# a translate run that prints its report as JSON.
RUNNER = textwrap.dedent(
    """
    import json, sys, time
    from presslate import config, engines
    from presslate.workflow.translate import translate
    from presslate.engines.pseudo import PseudoEngine

    class Slow(PseudoEngine):
        name = "slow"
        def identity(self, source, target):
            return "slow:1"
        def translate_batch(self, segments, source, target):
            time.sleep(0.02 * len(segments))
            return super().translate_batch(segments, source, target)

    engines._ENGINES["slow"] = ("__main__", "Slow")
    # Calls small enough that a kill lands between two of them (the defaults are tuned for speed).
    from presslate.workflow import backends
    backends.MT_FIRST_CALL, backends.MT_CALL_SECONDS = 32, 2.0
    cfg = config.load(__import__("pathlib").Path(sys.argv[1]))
    report = translate(cfg, lambda lang: engines.get_engine("slow"), cfg.targets)
    print(json.dumps({"mt": report.machine_translated, "cached": report.mt_cached, "skipped": report.skipped}))
    """
)


def make_project(root: Path) -> None:
    (root / "articles").mkdir(parents=True)
    text = config_mod.render_config("en", ["es", "fr"], "pseudo").replace('name = "pseudo"', 'name = "slow"')
    (root / config_mod.CONFIG_NAME).write_text(text)
    for n in range(6):
        sentences = " ".join(f"Report {n} says item {k} of the budget grew by {k * n} percent." for k in range(12))
        (root / "articles" / f"a{n}.md").write_text(f"# Budget report {n}\n\n{sentences}\n")


def mt_rows(root: Path) -> int:
    """Rows of the project's MT cache (read beside a running translate: SQLite's WAL allows it)."""
    path = root / ".presslate" / "memory.sqlite"
    if not path.exists():
        return 0
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        return db.execute("SELECT count(*) FROM mt").fetchone()[0]
    finally:
        db.close()


def run_translate(root: Path, script: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(script), str(root)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def test_sigkill_never_corrupts_or_loses_work(tmp_path: Path):
    root = tmp_path / "news"
    make_project(root)
    script = tmp_path / "runner.py"
    script.write_text(RUNNER)
    rng = random.Random(1234)

    # A first complete run of one article gives the translator something to review.
    first = run_translate(root, script)
    assert first.wait(60) == 0, first.stderr.read()
    cfg = config_mod.load(root)
    reviewed = cfg.po_path("es", "a0")
    po = PoFile.read(reviewed)
    entry = po.find("Budget report 0")
    entry.msgstr, entry.fuzzy = "Informe presupuestario 0", False
    reviewed.write_bytes(po.serialize())

    kills = 0
    for round_ in range(KILLS):
        for n in range(1, 6):  # every round rewrites the articles, so MT has work to do
            sentences = " ".join(" ".join(rng.choices(WORDS, k=9)).capitalize() + "." for _ in range(12))
            (root / "articles" / f"a{n}.md").write_text(f"# Budget report {n}\n\n{sentences}\n")
        last = round_ == KILLS - 1
        cached_before = mt_rows(root) if last else 0
        proc = run_translate(root, script)
        if last:  # the last kill comes once this run has cached some MT, however loaded the machine is
            deadline = time.monotonic() + 60
            while proc.poll() is None and mt_rows(root) <= cached_before and time.monotonic() < deadline:
                time.sleep(0.05)
        else:
            time.sleep(rng.uniform(0.05, 2.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(60)
        for po_file in (root / "locales").rglob("*.po"):
            PoFile.read(po_file)  # parses: no half-written file
        kept = PoFile.read(reviewed).find("Budget report 0")
        assert kept.msgstr == "Informe presupuestario 0" and not kept.fuzzy

    final = run_translate(root, script)
    out, err = final.communicate(timeout=120)
    assert final.returncode == 0, err
    report = json.loads(out)
    assert kills >= KILLS // 2, "the runs finished too quickly to be killed; make the engine slower"
    assert report["cached"] > 0  # work done before a kill was not paid for again
    for po_file in (root / "locales").rglob("*.po"):
        assert all(e.msgstr for e in PoFile.read(po_file).entries if not e.obsolete), po_file
    print(f"{kills} kills; final run: {report['mt']} machine-translated, {report['cached']} from the MT cache")
