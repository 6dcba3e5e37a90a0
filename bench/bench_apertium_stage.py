"""The Apertium stage: a whole ``presslate translate --engine apertium`` vs one raw ``apertium -u`` call.

Usage: python bench/bench_apertium_stage.py [--articles N] [--runs N] [--src DIR] [--json PATH]

Input: the first ``--articles`` (20) Markdown articles of
../shared/corpus/dev/markdown/ (relative to the project root), sorted by path,
in a fresh project with Spanish as its one target.

* presslate: ``python -m presslate translate --engine apertium`` in a fresh copy
  of the project (no PO files, no MT cache), the whole process timed:
  start-up, parsing, merge, MT, repair rules, writes.
* breakdown: one more presslate run with timers around its parts
  (``apertium_breakdown.py``): start-up, articles, engine, MT stage, writes.
* raw: ``apertium -u eng-spa`` reading exactly the texts presslate sent to the
  engine in its first run (read back from the MT cache), one paragraph each
  (separated by a blank line, so Apertium translates them apart as presslate
  does), in Apertium's default text format: the same segments, one process,
  nothing else.

The two take turns (``--runs`` each, default 5), so load from other processes
on a shared machine hits both alike; the ratio is of the medians of the wall
times.  CPU seconds (user + system, the process and its children) are
printed beside, as they move less with the machine's load.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "dev" / "markdown"
GOAL = 1.2


def articles(count: int) -> list[Path]:
    return sorted(CORPUS.rglob("*.md"))[:count]


def make_project(root: Path, sources: list[Path], env: dict) -> None:
    folder = root / "articles"
    folder.mkdir(parents=True)
    for path in sources:
        shutil.copyfile(path, folder / f"{path.parent.name}--{path.name}")
    subprocess.run([sys.executable, "-m", "presslate", "init", "--target", "es", "--engine", "apertium"],
                   cwd=root, env=env, check=True, capture_output=True)


def timed(command: list[str], cwd: Path, env: dict, stdin: bytes | None = None) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the process and its children, stdout) of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, input=stdin, capture_output=True, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout.decode("utf-8", "replace")


def sent_texts(project: Path) -> list[str]:
    """What presslate sent to Apertium, from its MT cache (one row per distinct text)."""
    with sqlite3.connect(project / ".presslate" / "memory.sqlite") as db:
        return sorted(row[0] for row in db.execute("SELECT source FROM mt"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20, help="how many dev articles (default 20)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each command, taking turns (default 5)")
    parser.add_argument("--src", type=Path, default=ROOT / "src",
                        help="presslate's source folder to run (default: this checkout's; another for before/after)")
    parser.add_argument("--json", type=Path, help="write the numbers to this file")
    args = parser.parse_args()

    if not CORPUS.is_dir():
        print(f"skipped: corpus {CORPUS} not found (the read-only ../shared folder beside the repository)",
              file=sys.stderr)
        return 0
    if shutil.which("apertium") is None:
        print("skipped: apertium is not installed (sudo apt-get install apertium apertium-eng-spa)", file=sys.stderr)
        return 0
    sources = articles(args.articles)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(args.src.resolve()), os.environ.get("PYTHONPATH")]))}
    presslate = [sys.executable, "-m", "presslate", "translate", "--engine", "apertium"]
    with tempfile.TemporaryDirectory(prefix="bench-apertium-stage-") as tmp:
        pristine = Path(tmp) / "pristine"
        make_project(pristine, sources, env)
        first = Path(tmp) / "first"
        shutil.copytree(pristine, first)
        timed(presslate, first, env)  # warms the page cache; gives the texts sent
        texts = sent_texts(first)
        raw_input = "\n\n".join(texts).encode("utf-8")
        raw_command = ["apertium", "-u", "eng-spa"]
        walls: dict[str, list[float]] = {"presslate": [], "raw": []}
        cpus: dict[str, list[float]] = {"presslate": [], "raw": []}
        summary = ""
        for i in range(args.runs):
            wall, cpu, _ = timed(raw_command, Path(tmp), env, raw_input)
            walls["raw"].append(wall)
            cpus["raw"].append(cpu)
            work = Path(tmp) / f"run{i}"
            shutil.copytree(pristine, work)
            wall, cpu, summary = timed(presslate, work, env)
            walls["presslate"].append(wall)
            cpus["presslate"].append(cpu)
            shutil.rmtree(work)
        work = Path(tmp) / "breakdown"
        shutil.copytree(pristine, work)
        _, _, out = timed([sys.executable, str(ROOT / "bench" / "apertium_breakdown.py"), "--engine", "apertium"],
                          work, env)
        breakdown = json.loads(out.strip().splitlines()[-1])
    median = {name: statistics.median(values) for name, values in walls.items()}
    median_cpu = {name: statistics.median(values) for name, values in cpus.items()}
    numbers = {
        "articles": len(sources),
        "segments": len(texts),
        "runs": args.runs,
        "presslate_seconds": median["presslate"],
        "raw_seconds": median["raw"],
        "ratio": median["presslate"] / median["raw"],
        "presslate_cpu_seconds": median_cpu["presslate"],
        "raw_cpu_seconds": median_cpu["raw"],
        "cpu_ratio": median_cpu["presslate"] / median_cpu["raw"],
        "walls": walls,
        "cpus": cpus,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "summary": summary.strip(),
        "breakdown": breakdown,
    }
    print(f"presslate from {args.src}")
    print(f"{len(sources)} dev Markdown articles, {len(texts)} segments sent to Apertium, medians of {args.runs} "
          f"alternating runs (load {numbers['load_average']})")
    print(f"  raw apertium -u eng-spa, one call       : {median['raw']:6.2f} s wall, {median_cpu['raw']:6.2f} s CPU")
    print(f"  presslate translate --engine apertium   : {median['presslate']:6.2f} s wall, "
          f"{median_cpu['presslate']:6.2f} s CPU")
    print(f"  presslate / raw                         : {numbers['ratio']:6.2f}x wall (goal <= {GOAL}x), "
          f"{numbers['cpu_ratio']:.2f}x CPU")
    print_breakdown(breakdown, median_cpu["raw"])
    if args.json:
        args.json.write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")
    return 0


def print_breakdown(parts: dict, raw_cpu: float) -> None:
    """One more presslate run, part by part (apertium_breakdown.py): CPU seconds (this process + its
    children) and their share of the raw call's CPU, so what presslate adds is seen beside the engine."""
    print("one more presslate run, part by part (wall s under this load; CPU s; CPU as % of the raw call's):")
    for part, t in parts.items():
        cpu = t["cpu_s"] + t["children_cpu_s"]
        print(f"  {part:<16}{t['wall_s']:7.2f} s wall {cpu:7.2f} s CPU {100 * cpu / raw_cpu:6.0f} %")


if __name__ == "__main__":
    sys.exit(main())
