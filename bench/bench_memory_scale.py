"""Translation memory at archive size: 10 k, 100 k and 1 M units of one language pair.

Units are generated news-like sentences (6-32 tokens: function words at
their usual rates, a Zipf-distributed vocabulary of 60,000 words, 5,000
names, numbers, commas, quotes, a fifth with a link placeholder), stored
with ``Memory.add`` in batches.  Per size it prints:

* ``add_us``: the store time per unit (``Memory.add``, index upkeep included);
* ``bytes_per_unit``: the memory file's size / units;
* ``first_lookup_s``: the first fuzzy lookup of a new ``Memory`` (where an
  in-memory index is built per run, this is its build time);
* ``exact_ms``, ``fuzzy_hit_ms``, ``fuzzy_miss_ms``, ``fuzzy_ms``: median
  lookup times (hits: stored sentences with one or two words changed; misses:
  fresh sentences; ``fuzzy_ms`` both together);
* ``harvest_40_ms``: harvesting one new 40-sentence article into that memory;
* ``noop_with_s`` / ``noop_without_s``: a no-op ``presslate translate`` of a
  generated 100-article project (``gen_project.py``) with this memory and
  with its own small one, and their ratio;
* growth exponents of the lookup times: log(t2/t1) / log(n2/n1).

Runs whatever presslate is first on ``sys.path`` (``PYTHONPATH=/other/src``
measures another checkout).  Timings are medians; the no-op runs alternate
with and without the memory, so load from other processes hits both alike.

    python bench/bench_memory_scale.py [--sizes 10000 100000 1000000] [--queries 200] [--json PATH]
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.append(str(BENCH.parent / "src"))  # after PYTHONPATH: another checkout can be measured
sys.path.append(str(BENCH))

import gen_project  # noqa: E402
from bench_memory import Generator as SmallVocabulary  # noqa: E402
from bench_memory import print_json, print_table  # noqa: E402

import presslate  # noqa: E402
from presslate.memory.store import Memory, Unit  # noqa: E402

EPOCH = datetime(2026, 1, 1, tzinfo=timezone.utc)
BATCH = 20_000
FUNCTION = ("the of to in a and said on for that is was with by at from has will after its their it be have as are "
            "were more than last year this who but not which been also about new two over into").split()
PROJECT_ARTICLES = 100


class Generator(SmallVocabulary):
    """News-like sentences from a seeded random source (``edit`` as in bench_memory)."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        syllables = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"]
        words: set[str] = set()
        while len(words) < 60_000:
            words.add("".join(self.rng.choices(syllables, k=self.rng.randint(2, 4))))
        self.words = sorted(words)
        self.word_weights = list(itertools.accumulate(1 / rank for rank in range(1, len(self.words) + 1)))
        self.names = sorted({w.capitalize() for w in self.rng.sample(self.words, 5000)})
        self.name_weights = list(itertools.accumulate(1 / rank for rank in range(1, len(self.names) + 1)))
        self.function_weights = list(itertools.accumulate(1 / rank ** 0.7 for rank in range(1, len(FUNCTION) + 1)))

    def sentence(self) -> str:
        rng = self.rng
        size = rng.randint(6, 32)
        kinds = rng.choices("fwnd", weights=(45, 45, 7, 3), k=size)
        drawn = {"f": iter(rng.choices(FUNCTION, cum_weights=self.function_weights, k=kinds.count("f"))),
                 "w": iter(rng.choices(self.words, cum_weights=self.word_weights, k=kinds.count("w"))),
                 "n": iter(rng.choices(self.names, cum_weights=self.name_weights, k=kinds.count("n"))),
                 "d": iter([str(rng.randint(2, 99_999)) for _ in range(kinds.count("d"))])}
        words = [next(drawn[kind]) for kind in kinds]
        if size > 10 and rng.random() < 0.5:
            words[rng.randrange(3, size - 2)] += ","
        if rng.random() < 0.2:
            at = rng.randrange(size - 1)
            words[at : at + 2] = [f"<1>{words[at]} {words[at + 1]}</1>"]
        text = " ".join(words)
        text = text[0].upper() + text[1:] + "."
        if rng.random() < 0.1:
            text = f'"{text}" {rng.choice(self.names)} said.'
        return text

def median_ms(function, items) -> float:
    times = []
    for item in items:
        started = time.perf_counter()
        function(item)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def file_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def build_memory(path: Path, sources: list[str]) -> float:
    """Store ``sources`` (translated as "ES …") in batches; the seconds taken."""
    started = time.perf_counter()
    with Memory(path) as memory:
        for start in range(0, len(sources), BATCH):
            stamp = EPOCH + timedelta(seconds=start // BATCH)
            memory.add(Unit("en", "es", s, "ES " + s, stamp, f"a{(start + i) // 40}")
                       for i, s in enumerate(sources[start : start + BATCH]))
    seconds = time.perf_counter() - started
    db = sqlite3.connect(path)  # fold the WAL into the file before measuring it
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return seconds


def measure(size: int, queries: int, folder: Path, project: Path) -> dict:
    gen = Generator(size)
    sources = list(dict.fromkeys(gen.sentence() for _ in range(size)))
    path = folder / f"tm-{size}.sqlite"
    print(f"  {size}: storing {len(sources)} units …", file=sys.stderr, flush=True)
    result: dict[str, float] = {"units": len(sources)}
    result["add_us"] = build_memory(path, sources) / len(sources) * 1e6
    result["bytes_per_unit"] = file_bytes(path) / len(sources)

    hits = gen.rng.sample(sources, queries)
    edited = [gen.edit(t) for t in gen.rng.sample(sources, queries)]
    misses = [gen.sentence() for _ in range(queries)]
    with Memory(path) as memory:
        started = time.perf_counter()
        memory.fuzzy("en", "es", edited[0])
        result["first_lookup_s"] = time.perf_counter() - started
        result["exact_ms"] = median_ms(lambda t: memory.exact("en", "es", t), hits + misses)
        found = []
        result["fuzzy_hit_ms"] = median_ms(lambda t: found.append(memory.fuzzy("en", "es", t)), edited)
        result["fuzzy_miss_ms"] = median_ms(lambda t: memory.fuzzy("en", "es", t), misses)
        result["fuzzy_ms"] = median_ms(lambda t: memory.fuzzy("en", "es", t), edited + misses)
        result["fuzzy_hit_found"] = sum(match is not None for match in found) / queries
        times = []
        for n in range(5):
            article = [(gen.sentence(), f"ES {n}") for _ in range(40)]
            started = time.perf_counter()
            memory.harvest(f"new-{n}", "en", "es", article, EPOCH + timedelta(days=1))
            times.append(time.perf_counter() - started)
        result["harvest_40_ms"] = statistics.median(times) * 1000
    result.update(noop_translate(path, project, folder / f"project-{size}"))
    return result


def noop_translate(memory: Path, project: Path, work: Path, repeats: int = 3) -> dict[str, float]:
    """No-op `presslate translate` of the project with this memory and with its own."""
    with_memory, without = work / "with", work / "without"
    for copy in (with_memory, without):
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(project, copy)
    target = with_memory / ".presslate" / "memory.sqlite"
    for extra in ("-wal", "-shm"):
        Path(f"{target}{extra}").unlink(missing_ok=True)
    shutil.copyfile(memory, target)
    src = str(Path(presslate.__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=src)
    timings: dict[str, list[float]] = {"with": [], "without": []}
    for _ in range(repeats):
        for name, root in (("with", with_memory), ("without", without)):
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "presslate", "-C", str(root), "translate"], env=env,
                                  capture_output=True, text=True)
            timings[name].append(time.perf_counter() - started)
            if done.returncode != 0 or "unchanged" not in done.stdout + done.stderr:
                raise SystemExit(f"translate failed or was not a no-op: {done.stdout}{done.stderr}")
    shutil.rmtree(work)
    seconds = {f"noop_{name}_s": statistics.median(values) for name, values in timings.items()}
    seconds["noop_ratio"] = seconds["noop_with_s"] / seconds["noop_without_s"]
    return seconds


def make_project(folder: Path) -> Path:
    """A translated 100-article project (pseudo engine, es): the next translate is a no-op."""
    root = gen_project.generate(folder / "project", PROJECT_ARTICLES, ["es"])
    src = str(Path(presslate.__file__).resolve().parents[1])
    subprocess.run([sys.executable, "-m", "presslate", "-C", str(root), "translate"], check=True,
                   env=dict(os.environ, PYTHONPATH=src), capture_output=True)
    return root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=200, help="lookups of each kind per size")
    parser.add_argument("--json", type=Path, help="write the results here instead of stdout's last line")
    args = parser.parse_args()
    print(f"presslate from {Path(presslate.__file__).parent}", file=sys.stderr)
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp))
        for size in args.sizes:
            results[str(size)] = measure(size, args.queries, Path(tmp), project)
            os.unlink(Path(tmp) / f"tm-{size}.sqlite")
    sizes = list(results)
    growth = {}
    for key in ("exact_ms", "fuzzy_hit_ms", "fuzzy_miss_ms", "fuzzy_ms", "first_lookup_s"):
        for small, large in itertools.pairwise(sizes):
            a, b = results[small], results[large]
            if a[key] > 0 and b[key] > 0:
                growth[f"{key} {small}->{large}"] = math.log(b[key] / a[key]) / math.log(b["units"] / a["units"])
    print_table(results, whole_from=100)
    for key, value in growth.items():
        print(f"growth exponent {key}: {value:.2f}")
    print_json({"sizes": results, "growth": growth}, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
