"""Translation-memory speed on generated catalogs of 10k and 100k segments.

Segments are sentences of 5-30 words drawn from a Zipf-distributed
vocabulary (so, as in news text, a few words are everywhere), a fifth of them
with a link placeholder and a tenth with a standalone one.  Fuzzy queries are
stored sentences with one or two words changed (hits) and fresh sentences
(misses, the slow case: every candidate is ruled out).

    python bench/bench_memory.py [--json PATH] [--sizes 10000 100000] [--queries N]

Prints a table; the last stdout line (or PATH) is a JSON dict.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[1] / "src"))  # after PYTHONPATH: another checkout can be measured

from presslate.memory.store import Memory  # noqa: E402

VOCABULARY = 30_000
PER_ARTICLE = 40
EPOCH = datetime(2026, 1, 1, tzinfo=timezone.utc)


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        syllables = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"]
        words = set()
        while len(words) < VOCABULARY:
            words.add("".join(self.rng.choices(syllables, k=self.rng.randint(1, 4))))
        self.words = sorted(words)
        self.cumulative = list(itertools.accumulate(1 / rank for rank in range(1, VOCABULARY + 1)))

    def sentence(self) -> str:
        words = self.rng.choices(self.words, cum_weights=self.cumulative, k=self.rng.randint(5, 30))
        if self.rng.random() < 0.2:
            at = self.rng.randrange(len(words) - 1)
            words[at : at + 2] = [f"<1>{words[at]} {words[at + 1]}</1>"]
        if self.rng.random() < 0.1:
            words.insert(self.rng.randrange(len(words) + 1), f"<{2 if '<1>' in ' '.join(words) else 1}/>")
        text = " ".join(words) + "."
        return text[0].upper() + text[1:]

    def edit(self, text: str) -> str:
        words = text.split(" ")
        for _ in range(self.rng.randint(1, 2)):
            at = self.rng.randrange(len(words))
            if "<" not in words[at]:
                words[at] = self.rng.choice(self.words)
        return " ".join(words)


def timed(fn, items) -> float:
    started = time.perf_counter()
    for item in items:
        fn(item)
    return time.perf_counter() - started


def run(size: int, queries: int, folder: Path) -> dict:
    gen = Generator(size)
    sources = list(dict.fromkeys(gen.sentence() for _ in range(size)))
    articles = [sources[i : i + PER_ARTICLE] for i in range(0, len(sources), PER_ARTICLE)]
    path = folder / f"tm-{size}.sqlite"
    result: dict[str, float] = {"segments": len(sources)}
    with Memory(path) as memory:
        started = time.perf_counter()
        for n, texts in enumerate(articles):
            memory.harvest(f"a{n}", "en", "es", [(t, "ES " + t) for t in texts], EPOCH + timedelta(seconds=n))
        result["harvest_s"] = time.perf_counter() - started
        started = time.perf_counter()
        for n, texts in enumerate(articles):
            memory.harvest(f"a{n}", "en", "es", [(t, "ES " + t) for t in texts], EPOCH)
        result["reharvest_s"] = time.perf_counter() - started

    with Memory(path) as memory:  # a new run: the fuzzy index is built on first use
        started = time.perf_counter()
        memory.fuzzy("en", "es", sources[0])
        result["index_build_s"] = time.perf_counter() - started

        hits = gen.rng.sample(sources, queries)
        misses = [gen.sentence() for _ in range(queries)]
        seconds = timed(lambda t: memory.exact("en", "es", t), hits + misses)
        result["exact_per_s"] = 2 * queries / seconds

        edited = [gen.edit(t) for t in gen.rng.sample(sources, queries)]
        found = 0

        def fuzzy(text):
            nonlocal found
            found += memory.fuzzy("en", "es", text) is not None

        result["fuzzy_hit_per_s"] = queries / timed(fuzzy, edited)
        result["fuzzy_hit_found"] = found / queries
        found = 0
        result["fuzzy_miss_per_s"] = queries / timed(fuzzy, misses)
        result["fuzzy_miss_found"] = found / queries

        mixed = hits[: queries // 2] + edited[: queries // 2] + misses[: queries // 2]
        started = time.perf_counter()
        memory.lookup_many("en", "es", mixed)
        result["lookup_many_per_s"] = len(mixed) / (time.perf_counter() - started)

        pairs = [(t, "MT " + t) for t in misses]
        started = time.perf_counter()
        for i in range(0, len(pairs), 32):  # as the pipeline stores: one commit per engine batch
            memory.store_mt("bench:1", "en", "es", pairs[i : i + 32])
        result["store_mt_per_s"] = len(pairs) / (time.perf_counter() - started)
        started = time.perf_counter()
        assert len(memory.cached_mt("bench:1", "en", "es", misses)) == len(misses)
        result["cached_mt_per_s"] = len(misses) / (time.perf_counter() - started)
    result["file_mb"] = path.stat().st_size / 1e6
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write the results here instead of stdout's last line")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=500, help="lookups of each kind per size")
    args = parser.parse_args()

    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            results[str(size)] = run(size, args.queries, Path(folder))
    print_table(results, whole_from=10)
    print_json(results, args.json)
    return 0


def print_table(results: dict[str, dict[str, float]], whole_from: float) -> None:
    """A row per measure, a column per size; a value from ``whole_from`` up without decimals."""
    print(f"{'':>18}" + "".join(f"{size:>12}" for size in results))
    for key in next(iter(results.values())):
        print(f"{key:>18}" + "".join(f"{r[key]:>12.{3 if r[key] < whole_from else 0}f}" for r in results.values()))


def print_json(results: dict, path: Path | None) -> None:
    """``results`` as JSON, into ``path`` or else as stdout's last line."""
    output = json.dumps(results)
    if path:
        path.write_text(output + "\n")
    else:
        print(output)


if __name__ == "__main__":
    sys.exit(main())
